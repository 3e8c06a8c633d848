"""Roles said outright in running text: "became a columnist at The Chosun Ilbo", "rose to the rank of
colonel", "has become a missionary", and one-line descriptions ("Hwang is the highest ranking …")."""

from __future__ import annotations

import re

from .phrases import RolePhrase, clean, role_phrases, whole_phrase
from .reader import EntryReader
from .registry import EventDraft
from .scan import KeyedPattern
from .subjects import add_roles

_BECAME = re.compile(
    r"\b(?:became|becoming|has\s+become|had\s+become|worked\s+as|working\s+as|served\s+as|serving\s+as|"
    r"rose\s+to\s+the\s+rank\s+of|was\s+promoted\s+to|appointed)\s+(?:(?:a|an|the)\s+)?",
    re.IGNORECASE,
)
_BECAME_SCAN = KeyedPattern(_BECAME)
_DESCRIPTION = re.compile(
    r"^(?P<who>[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2}|He|She)\s+(?:is|was)\s+(?P<what>(?:the|a|an)\s+[^.;]+)"
)
_SUPERLATIVE = re.compile(
    r"^(?P<what>The\s+(?:only|first|last|highest|youngest|oldest|most)\b[^.;]*?)(?=\s+and\s+the\s+author\b|[.;]|\s*$)"
)


def read_roles(reader: EntryReader) -> None:
    """Add the roles and descriptions running text gives the entry's people."""
    found = reader.found
    for match in _BECAME_SCAN.matches(found.word_index):
        person = reader.person(reader.actor_before(match.start()) or reader.primary or "")
        if person is None:
            continue
        sentence = found.sentence_at(match.start())
        end = found.next_boundary(match.end(), sentence.end)
        roles = role_phrases(found, match.end(), end, reader.lexicon)
        if roles:
            add_roles(reader, person, roles)
            reader.use(match.start())
        _employment(reader, person.key, roles, match.start(), end)
    _descriptions(reader)


def _employment(
    reader: EntryReader, person: str, roles: list[RolePhrase], start: int, end: int
) -> None:
    """ "became a columnist at The Chosun Ilbo": an employment event with the organization."""
    organizations = [
        r.organization
        for r in roles
        if r.organization is not None and r.organization.kind == "organization"
    ]
    if not organizations:
        return
    event = EventDraft(
        kind="employment", entry_id=reader.entry.id, span=reader.span(start, end), position=start,
        description=whole_phrase(reader.found.text[start:end]),
    )  # fmt: skip
    event.add_participant(person, "actor")
    event.organizations += [reader.place_key(o) for o in organizations]
    event.citations.update(reader.citations_at(start))
    reader.life_events.append(event)


def _descriptions(reader: EntryReader) -> None:
    """ "Hwang is the highest ranking …", "The only openly gay North Korean defector …"."""
    person = reader.person(reader.primary or "")
    if person is None or person.description is not None:
        return
    for sentence in reader.found.sentences:
        piece = reader.found.text[sentence.start : sentence.end].strip()
        match = _DESCRIPTION.match(piece)
        if match and reader.ref_at(
            sentence.start + match.start("who"), sentence.start + match.end("who")
        ):
            person.description = clean(match.group("what"))
        else:
            superlative = _SUPERLATIVE.match(piece)
            if superlative is None:
                continue
            person.description = clean(superlative.group("what"))
        reader.use(sentence.start)
        return
