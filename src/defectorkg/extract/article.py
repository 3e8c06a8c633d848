"""The whole article: every entry through the rules, then sources, issues and sorted Records."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

from ..kinds import ROUTE_KINDS
from ..memory import gc_paused
from ..model import Article, ArticleInfo, EntryRecord, Issue, Person, Records
from .entry import read_one_entry
from .lexicon import Lexicon, PlaceEntry, load_lexicon
from .registry import Registry
from .sources import citation_issues, read_sources

_TOTAL = re.compile(
    r"(?P<n>\d{1,3}(?:,\d{3})+|\d{4,6})\s+(?:North\s+Korean\s+)?(?:defectors|North\s+Koreans|arrivals|people|refugees|escapees)"
    # "… North Koreans … more than 33,700 of them had registered", "roughly 33,800 had done so": a
    # count whose noun is written before it (the paragraph must name the defectors, see article_info)
    r"|(?P<m>\d{1,3}(?:,\d{3})+)\s+(?:of\s+them\s+)?(?:had|have|has|were|are|was)\b",
    re.IGNORECASE,
)
_NAMES_DEFECTORS = re.compile(r"\bdefectors?\b|\bNorth\s+Koreans\b", re.IGNORECASE)
_AS_OF = re.compile(
    r"\b(?:as\s+of|by|in|until|through)\s+(?:the\s+end\s+of\s+|(?:mid|early|late)[\s-]+)?(?P<y>1[89]\d\d|20\d\d)\b",
    re.IGNORECASE,
)
_ROUTE = frozenset(ROUTE_KINDS)


def extract(article: Article, *, gazetteers: Path | None = None) -> Records:
    """All records of ``article``; ``gazetteers`` overrides the folder of rule data files."""
    with gc_paused(freeze=True):
        return _extract(article, gazetteers)


def _extract(article: Article, gazetteers: Path | None) -> Records:
    lexicon = load_lexicon(gazetteers)
    registry = Registry(lexicon)
    destination = _destination(lexicon)
    entries = []
    for entry in article.entries:
        reader = read_one_entry(entry, article.text, registry, lexicon, destination)
        numbers = tuple(dict.fromkeys(c.number for c in entry.citations if c.number is not None))
        entries.append(
            EntryRecord(
                id=entry.id, year=entry.year, line=entry.line, start=entry.start, end=entry.end,
                text=entry.text, subject=entry.subject, citations=numbers, defectors=tuple(reader.defectors),
            )
        )  # fmt: skip
    sources, agents = read_sources(article, registry, lexicon)
    issues = registry.issues + citation_issues(article)
    issues += [
        Issue("unrecognised-line", f"{u.reason}: {u.text.strip()[:80]!r}", None, u.line)
        for u in article.unrecognised
    ]
    return Records(
        article=article_info(article),
        entries=tuple(entries),
        people=_linked(
            tuple(sorted((p.freeze() for p in registry.people.values()), key=lambda p: p.key)),
            article,
        ),
        groups=tuple(sorted((g.freeze() for g in registry.groups.values()), key=lambda g: g.key)),
        events=tuple(sorted(registry.events, key=lambda e: e.key)),
        places=tuple(sorted((p.freeze() for p in registry.places.values()), key=lambda p: p.key)),
        organizations=tuple(
            sorted((o.freeze() for o in registry.organizations.values()), key=lambda o: o.key)
        ),
        affiliations=tuple(
            sorted(
                registry.affiliations.values(),
                key=lambda a: (a.person, a.organization, a.role or ""),
            )
        ),
        relations=tuple(
            sorted(registry.relations.values(), key=lambda r: (r.person, r.relation, r.other))
        ),
        works=tuple(sorted((w.freeze() for w in registry.works.values()), key=lambda w: w.key)),
        agents=agents,
        sources=sources,
        issues=tuple(sorted(issues, key=lambda i: (i.line or 0, i.kind, i.message))),
    )


def _linked(people: tuple[Person, ...], article: Article) -> tuple[Person, ...]:
    """People whose name, where written, is a wiki link ("[[Ko Young-hwan|Ko Yong-hwan]]") keep its page."""
    targets = {
        (link.start, link.end): link.target for entry in article.entries for link in entry.links
    }
    if not targets:
        return people
    linked = []
    for person in people:
        pages = tuple(
            dict.fromkeys(t for s in person.spans if (t := targets.get((s.start, s.end))))
        )
        linked.append(replace(person, pages=pages) if pages else person)
    return tuple(linked)


def _destination(lexicon: Lexicon) -> PlaceEntry | None:
    """Where an arrival lies when its entry names no place in the South: the South, whatever the title
    says. A title ("… in Mongolia") names a list, not where each of its people arrived; an arrival is
    the arrival in the South (the route contract), and places come from the entry's own words."""
    return lexicon.places.get("South Korea")


def article_info(article: Article) -> ArticleInfo:
    """Title, source and hash, and the total the intro states ("as of 2016, 31,093 … defectors")."""
    total = as_of = None
    for paragraph in article.intro:
        count = _TOTAL.search(paragraph.text)
        if count is None or (count.group("m") and not _NAMES_DEFECTORS.search(paragraph.text)):
            continue
        total = int((count.group("n") or count.group("m")).replace(",", ""))
        year = _AS_OF.search(paragraph.text)
        as_of = year.group("y") if year else None
        break
    return ArticleInfo(
        title=article.title, source_name=article.source_name, sha256=article.sha256, url=article.url,
        total_defectors=total, total_as_of=as_of,
    )  # fmt: skip


def describe(records: Records) -> list[str]:
    """One line per entry saying what it yielded, for the build report."""
    names = {p.key: p.name for p in records.people} | {g.key: g.name for g in records.groups}
    counts: dict[str, Counter[str]] = {e.id: Counter() for e in records.entries}
    for event in records.events:
        bucket = counts.setdefault(event.entry_id, Counter())
        bucket[
            "route steps"
            if event.kind in _ROUTE
            else ("defections" if event.kind == "defection" else "life events")
        ] += 1
    for relation in records.relations:
        if relation.span is not None and relation.span.entry_id:
            counts.setdefault(relation.span.entry_id, Counter())["relations"] += 1
    for affiliation in records.affiliations:
        if affiliation.span is not None and affiliation.span.entry_id:
            counts.setdefault(affiliation.span.entry_id, Counter())["affiliations"] += 1
    for label, records_with_spans in (
        ("works", records.works),
        ("places", records.places),
        ("organizations", records.organizations),
    ):
        for record in records_with_spans:
            for entry_id in {s.entry_id for s in record.spans if s.entry_id}:
                counts.setdefault(entry_id, Counter())[label] += 1
    lines = []
    for entry in records.entries:
        who = ", ".join(names.get(k, k) for k in entry.defectors) or "no defector"
        bucket = counts.get(entry.id, Counter())
        parts = [f"{len(entry.defectors)} defector{'s' if len(entry.defectors) != 1 else ''}"]
        parts += [
            f"{bucket[label]} {label}"
            for label in (
                "route steps",
                "life events",
                "relations",
                "affiliations",
                "works",
                "places",
                "organizations",
            )
            if bucket[label]
        ]
        lines.append(f"{entry.id} {who}: {', '.join(parts)}")
    return lines
