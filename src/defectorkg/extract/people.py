"""Everyone named or referred to in an entry: names, family names alone, pronouns, "the colonel".

Each reference becomes a :class:`~defectorkg.extract.reader.Ref`, so later rules can ask who a
clause is about.  Named people are matched across the article by folded name.
"""

from __future__ import annotations

import re

from .names import PRONOUNS, surname_of
from .reader import EntryReader
from .registry import as_gender
from .scan import KeyedPattern

_DEFINITE = re.compile(
    r"\bthe\s+(?:(?:unnamed|unidentified|anonymous|young|former|same|\w+-year-old|North\s+Korean|South\s+Korean)\s+)*"
    r"(?P<noun>defector|man|woman|boy|girl|teenager|colonel|soldier|private|officer|pilot|diplomat|student|couple)\b",
    re.IGNORECASE,
)

_DEFINITE_SCAN = KeyedPattern(_DEFINITE)
_NEXT_WORD = re.compile(r"\s*([\w-]+)")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_SPACES = re.compile(r"\s+", re.IGNORECASE)


def read_people(reader: EntryReader) -> None:
    """Register every named person and every reference to the entry's people (object pronouns
    wait for :func:`read_object_pronouns`, once relatives are known)."""
    _names(reader)
    _surnames(reader)
    _pronouns(reader)
    _definite_descriptions(reader)


def read_object_pronouns(reader: EntryReader) -> None:
    """ "him", "them", "her" as objects: whoever was referred to last that is not the clause's subject."""
    primary = reader.primary
    if primary is None:
        return
    text = reader.found.text
    for start, end, word in reader.found.pronouns:
        if reader.ref_at(start, end) is not None:
            continue
        if word in ("him", "them") or (word == "her" and _is_object(text, start, end)):
            reader.add_ref(start, end, _last_other(reader, start) or primary, subject=False)


def _names(reader: EntryReader) -> None:
    for name in reader.found.names:
        if reader.ref_at(name.start, name.end) is not None:
            continue
        person = reader.registry.named_person(name.text)
        reader.mention(person, name.start, name.end)
        reader.add_ref(name.start, name.end, person.key)


def _surnames(reader: EntryReader) -> None:
    """A family name standing alone ("No's defection", "Kang was imprisoned", "at Oh")."""
    table: dict[str, str | None] = {}
    for ref in list(reader.refs):
        person = reader.person(ref.key)
        if person is None or person.anonymous:
            continue
        family = surname_of(person.name, reader.lexicon)
        if family is None:
            continue
        table[family] = ref.key if table.get(family, ref.key) == ref.key else None
    keys = {family: key for family, key in table.items() if key is not None}
    if not keys:
        return
    names = [(n.start, n.end) for n in reader.found.names]
    for start, end, family in reader.found.word_index.occurrences_of(keys):
        if any(s <= start < e for s, e in names):
            continue
        key = keys[family]
        person = reader.person(key)
        if person is not None:
            reader.mention(person, start, end)
        reader.add_ref(start, end, key)


def _pronouns(reader: EntryReader) -> None:
    """He/she/they refer to the entry's first defector; him/her as objects to whom was named last."""
    primary = reader.primary
    if primary is None:
        return
    text = reader.found.text
    gender_seen = False
    for start, end, word in reader.found.pronouns:
        if reader.ref_at(start, end) is not None:
            continue
        if word in ("him", "them") or (word == "her" and _is_object(text, start, end)):
            continue
        reader.add_ref(start, end, primary, subject=True)
        if not gender_seen and word in PRONOUNS:
            gender_seen = True
            person = reader.person(primary)
            if person is not None and person.gender is None:
                person.gender = as_gender(PRONOUNS[word])


def _is_object(text: str, start: int, end: int) -> bool:
    """True for "her" used as an object ("fired at her", "with her."), not as "her son"."""
    after = _NEXT_WORD.match(text[end:])
    return after is None or after.group(1).lower() in (
        "and", "or", "to", "in", "at", "on", "for", "from", "with", "as", "that", "out", "into", "across",
    )  # fmt: skip


def _last_other(reader: EntryReader, position: int) -> str | None:
    """The person referred to last before ``position`` who is not the actor of that clause."""
    actor = reader.actor_before(position)
    for ref in reversed(reader.refs):
        if ref.end <= position and ref.key != actor:
            return ref.key
    return None


def _definite_descriptions(reader: EntryReader) -> None:
    """ "the colonel", "the defector", "the unnamed North Korean man" when the entry has one person."""
    primary = reader.primary
    person = reader.person(primary) if primary else None
    if person is None or len(reader.defectors) != 1:
        return
    for match in _DEFINITE_SCAN.matches(reader.found.word_index):
        if reader.ref_at(match.start(), match.end()) is not None:
            continue
        reader.add_ref(match.start(), match.end(), person.key, subject=True)
        reader.mention(person, match.start(), match.end())
        noun = match.group("noun").lower()
        if noun in ("man", "boy") and person.gender is None:
            person.gender = "male"
        elif noun in ("woman", "girl") and person.gender is None:
            person.gender = "female"
        if person.anonymous:
            label = _LEADING_THE.sub("", _SPACES.sub(" ", match.group()))
            if label.lower() != person.name.lower() and len(label.split()) > 1:
                person.alternate_names.append(label)
