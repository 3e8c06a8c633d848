"""Memberships read from the words around an organization, for anyone an entry names.

* A role or rank word, or a verb of service, right before an organization makes its person a
  member: "a pilot of the …", "a colonel in the State Security Department", "served for ten years
  in the …", "was commissioned into the …", "was elected to the …". The person is the one the
  clause is about (:meth:`EntryReader.actor_before`); an agent of a passive ("seized by agents of
  the …") is someone else.
* An organization written as part of another ("Office 39 of the Workers' Party") gives the same
  person the larger one too.
* A service branch before a rank ("Air force senior lieutenant", "a former Navy captain") names
  the branch: the gazetteer's ``implied_by`` column says which one.
* A diplomat's unnamed embassy ("the embassy in Rome", with an ambassador or minister in the
  entry) is the North's embassy in that city: diplomats of this genre serve the North.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from ..model import Affiliation
from .lexicon import Lexicon, OrganizationEntry
from .reader import EntryReader

AffiliationKind = Literal["member", "position", "employment"]

_SERVICE = (
    r"served|serving|serves|worked|working|works|commissioned|enlisted|joined|joining|elected|re-elected|"
    r"drafted|conscripted|employed|stationed|posted|assigned|seated|seat"
)
_LEADING = r"ran|run|runs|headed|heads|led|leads|directed|chaired|commanded|founded|co-founded|established|set\s+up"
_DIPLOMATS = (
    "ambassador",
    "diplomat",
    "minister",
    "counsellor",
    "counselor",
    "consul",
    "envoy",
    "attaché",
)
_AGENT_OF_PASSIVE = re.compile(r"\bby\s+(?:[\w'-]+\s+){0,3}$")
_UNNAMED_EMBASSY = re.compile(
    r"\b(?:the|its|his|her|their)\s+(?P<kind>embassy|consulate)\s+(?:in|at)\s+(?P<city>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)"
)
_BRANCH_RANK = re.compile(
    r"\b(?P<branch>air\s+force|navy|naval|army|marine\s+corps)\s+"
    r"(?P<rank>(?:(?:senior|junior|first|second|chief|petty|warrant|sub|vice|staff|master)[\s-]+)*[a-z]+)\b",
    re.IGNORECASE,
)
_BRANCH_WORDS = {"naval": "navy"}


@lru_cache(maxsize=4)
def _before_organization(lexicon: Lexicon) -> re.Pattern[str]:
    """Words that end right before an organization and make its person a member."""
    roles = "|".join(
        re.escape(w)
        for w in sorted(lexicon.roles, key=len, reverse=True)
        if lexicon.roles[w].kind != "occupation"
    )
    return re.compile(
        rf"(?:\b(?P<verb>{_SERVICE})\b[^,;.()]{{0,40}}?\s|\b(?P<role>{roles})(?:e?s)?\s+)"
        r"(?:of|in|into|to|at|with|for|on)\s+(?:the\s+)?$"
        rf"|\b(?P<lead>{_LEADING})\s+(?:the\s+|a\s+|an\s+)?"
        r"(?:(?!(?:to|into|in|at|for|from|with|through|across|toward|towards|them|him|her|his|their)\b)[\w-]+\s+){0,3}?$"
        r"|(?P<apposed>,\s*(?:aged\s+)?\d{1,2},\s+)(?:of|from)\s+(?:the\s+)?$",
        re.IGNORECASE,
    )


def read_memberships(reader: EntryReader) -> None:
    """Add the memberships the entry states around its organizations and ranks."""
    _around_organizations(reader)
    _branches(reader)
    _diplomats(reader)


def _around_organizations(reader: EntryReader) -> None:
    text = reader.found.text
    pattern = _before_organization(reader.lexicon)
    owners: dict[int, str] = {}  # organization end -> person, for "X of the Y"
    for found in reader.found.organizations:
        if reader.blocked_at(found.start, found.end):
            continue
        sentence = reader.found.sentence_at(found.start)
        before = text[max(sentence.start, found.start - 80) : found.start]
        chained = re.search(r"\s+of\s+(?:the\s+)?$", before)
        person = None
        role = None
        verb = ""
        if chained is not None and found.start - len(chained.group()) in owners:
            person = owners[found.start - len(chained.group())]
        else:
            match = pattern.search(before)
            if match is None or _AGENT_OF_PASSIVE.search(before[: match.start()]):
                continue
            person = reader.actor_before(found.start) or reader.primary
            role = (match.group("role") or "").lower() or None
            verb = (match.group("verb") or match.group("lead") or "").lower()
        if person is None or reader.person(person) is None:
            continue
        owners[found.end] = person
        kind: AffiliationKind | None = (
            "employment" if verb.startswith(("work", "employ"))
            else "position" if "elect" in verb or verb in ("ran", "run", "runs", "headed", "heads", "led", "leads",
                                                           "directed", "chaired", "commanded")
            else None
        )  # fmt: skip
        _affiliate(reader, person, reader.place_key(found), role, found.start, found.end, kind)


def _branches(reader: EntryReader) -> None:
    """ "Air force senior lieutenant X", "a former Navy captain": the branch the rank serves in."""
    lexicon = reader.lexicon
    for match in _BRANCH_RANK.finditer(reader.found.text):
        rank = match.group("rank").lower().split()[-1]
        if rank not in lexicon.roles or lexicon.roles[rank].kind != "rank":
            continue
        branch = re.sub(r"\s+", " ", match.group("branch").lower())
        row = lexicon.implied.get(_BRANCH_WORDS.get(branch, branch))
        if not isinstance(row, OrganizationEntry) or _south_before(reader, match.start()):
            continue
        name = reader.found.starting("names", match.end(), match.end() + 3)
        ref = reader.ref_at(name[0].start, name[0].end) if name else None
        person = (
            ref.key if ref is not None else reader.actor_before(match.start()) or reader.primary
        )
        if person is None or reader.person(person) is None:
            continue
        organization = reader.registry.organization_from_gazetteer(
            row, reader.span(match.start(), match.end())
        )
        _affiliate(reader, person, organization, rank, match.start(), match.end())


def _south_before(reader: EntryReader, position: int) -> bool:
    """ "a South Korean army major": the South's branch, which the gazetteer names in full."""
    return bool(
        re.search(
            r"\b(?:South\s+Korean|ROK)\s+$", reader.found.text[max(0, position - 20) : position]
        )
    )


def _diplomats(reader: EntryReader) -> None:
    """ "the deputy ambassador …, left the embassy in Rome": the North's embassy is his."""
    text = reader.found.text
    lowered = text.lower()
    if "embassy" not in lowered and "consulate" not in lowered:
        return
    for match in _UNNAMED_EMBASSY.finditer(text):
        if reader.found.index("organizations").overlapping(match.start(), match.end()):
            continue
        city = reader.lexicon.place(match.group("city"))
        if city is None:
            continue
        person = reader.actor_before(match.start()) or reader.primary
        draft = reader.person(person or "")
        if draft is None or not any(w in " ".join(draft.roles).lower() for w in _DIPLOMATS):
            continue
        kind = match.group("kind").title()
        span = reader.span(match.start(), match.end())
        organization = reader.registry.rule_organization(
            f"North Korean {kind} in {city.name}", "diplomatic mission", "North Korea", span
        )
        _affiliate(reader, draft.key, organization, None, match.start(), match.end())


def _affiliate(
    reader: EntryReader, person: str, organization: str, role: str | None, start: int, end: int,
    kind: AffiliationKind | None = None,
) -> None:  # fmt: skip
    if not organization.startswith("organization/"):
        return
    word = reader.lexicon.roles.get(role or "")
    if kind is None:
        kind = "member"
        if word is not None and word.affiliation == "position":
            kind = "position"
        elif word is not None and word.affiliation == "employment":
            kind = "employment"
    reader.registry.affiliate(
        Affiliation(
            person=person,
            organization=organization,
            role=role,
            kind=kind,
            span=reader.span(start, end),
        )
    )
    reader.use(start)
