"""References -> Sources, with authors and publishers as shared Agents.

Every reference is a source, cited or not.  Authors are matched by folded name ("Hyung-jin Kim"
= "Hyung-Jin Kim"), and an author who is also a person of the entries ("Jin-sung Jang" for
"Jang Jin-sung") shares that person's key; publishers are matched by folded name with a
leading "The" ignored, through the organization gazetteer first, so "Wall Street Journal" and
"The Wall Street Journal" are one publisher with the same key as the organization.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..iris import key
from ..model import Agent, Article, DateValue, Issue, Source
from ..source.parse import cited_by, dangling_citations, uncited_references
from .dating import from_iso
from .lexicon import Lexicon, organization_key, strip_article
from .names import swapped
from .registry import Registry, fold


@dataclass(slots=True)
class _AgentDraft:
    key: str
    name: str
    kind: Literal["person", "organization"]
    names: list[str] = field(default_factory=list)

    def freeze(self) -> Agent:
        return Agent(
            self.key, self.name, self.kind, tuple(sorted({n for n in self.names if n != self.name}))
        )


class _Agents:
    """Agents by folded name, so each is looked up in constant time."""

    def __init__(self, registry: Registry, lexicon: Lexicon) -> None:
        self.registry = registry
        self.lexicon = lexicon
        self.by_fold: dict[tuple[str, str], _AgentDraft] = {}

    def person(self, name: str) -> str:
        folded = fold(name)
        draft = self.by_fold.get(("person", folded))
        if draft is None:
            known = self.registry.find_person(name) or self.registry.find_person(swapped(name))
            draft = _AgentDraft(known.key if known else key("person", name), name, "person")
            self.by_fold[("person", folded)] = draft
        if name not in draft.names:
            draft.names.append(name)
        return draft.key

    def organization(self, name: str) -> str:
        folded = fold(strip_article(name))
        draft = self.by_fold.get(("organization", folded))
        if draft is None:
            row = self.lexicon.organization_by_fold(name)
            draft = _AgentDraft(row.key if row else organization_key(name), name, "organization")
            self.by_fold[("organization", folded)] = draft
        if name not in draft.names:
            draft.names.append(name)
        return draft.key

    def frozen(self) -> tuple[Agent, ...]:
        merged: dict[str, _AgentDraft] = {}
        for draft in self.by_fold.values():
            kept = merged.setdefault(draft.key, draft)
            if kept is not draft:
                kept.names += [n for n in draft.names if n not in kept.names]
        return tuple(merged[k].freeze() for k in sorted(merged))


def read_sources(
    article: Article, registry: Registry, lexicon: Lexicon
) -> tuple[tuple[Source, ...], tuple[Agent, ...]]:
    """Every reference as a Source, and the Agents its authors and publishers are."""
    agents = _Agents(registry, lexicon)
    citing = cited_by(article)
    sources = []
    for reference in article.references:
        sources.append(
            Source(
                key=f"source/ref-{reference.number}", number=reference.number, raw=reference.raw,
                line=reference.line, title=reference.title,
                authors=tuple(agents.person(a) for a in reference.authors),
                publisher=agents.organization(reference.publisher) if reference.publisher else None,
                published=_date(reference.published), retrieved=_date(reference.retrieved),
                archived=_date(reference.archived), format=reference.format, page=reference.page,
                isbn=reference.isbn, edition=reference.edition, note=reference.note,
                cited_by=tuple(citing.get(reference.number, ())),
                url=reference.url, archive_url=reference.archive_url,
            )
        )  # fmt: skip
    sources.sort(key=lambda s: s.key)
    return tuple(sources), agents.frozen()


def _date(iso: str | None) -> DateValue | None:
    if not iso:
        return None
    try:
        return from_iso(iso)
    except KeyError:
        return None


def citation_issues(article: Article) -> list[Issue]:
    """The source stage's citation checks as issues: markers that point at no reference, and
    references no marker points at (the rules are in source/parse.py, written once)."""
    line_of = {c: p.line for p in article.intro for c in p.citations}
    line_of.update({c: e.line for e in article.entries for c in e.citations})
    issues = [
        Issue("dangling-citation", f"marker [{citation.label}] points at no reference",
              None if where == "intro" else where, line_of[citation])
        for where, citation in dangling_citations(article)
    ]  # fmt: skip
    issues += [
        Issue("uncited-reference", f"reference {reference.number} is cited by no marker", None, reference.line)
        for reference in uncited_references(article)
    ]  # fmt: skip
    return issues
