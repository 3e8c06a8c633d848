"""One entry through every rule, in the order the rules depend on each other.

A rule is a :data:`Rule`: it reads the entry through its :class:`EntryReader` and writes what it
finds into the reader and the registry.  :data:`RULES` is the order that makes them work: titles
before place mentions (no "Pyongyang" inside a book title), defectors before the people, kin and
roles that refer to them, events before routes (a route borrows no life event's date), and the
citations and issues last.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..model import Entry
from .companions import read_companions
from .dating import is_finer
from .events import read_events
from .kin import read_relations
from .lexicon import Lexicon, PlaceEntry
from .memberships import read_memberships
from .people import ages_set_off, read_object_pronouns, read_people
from .reader import EntryReader
from .registry import Registry
from .roles import read_roles
from .routes import build_routes
from .subjects import read_defectors
from .text import read_entry
from .works import find_titles, read_works

Rule = Callable[[EntryReader], None]

# What may stand before a date that opens an entry: "Late on 2 October, …", "Early in 1995, …".
_BEFORE_LEADING_DATE = re.compile(
    r"\s*(?:(?:late|early|shortly|just)\s+)?(?:(?:on|in|at)\s+)?", re.IGNORECASE
)


def _titles(reader: EntryReader) -> None:
    """Every work title of the entry; titles block the place mentions inside them."""
    reader.titles = find_titles(reader)


def _works(reader: EntryReader) -> None:
    """The works of the titles found first."""
    read_works(reader, reader.titles)


def read_one_entry(
    entry: Entry,
    article_text: str,
    registry: Registry,
    lexicon: Lexicon,
    destination: PlaceEntry | None,
) -> EntryReader:
    """Extract everything one entry says into ``registry``; the reader keeps what the report needs."""
    found = read_entry(entry, article_text, lexicon)
    reader = EntryReader(found, registry, lexicon, destination)
    for rule in RULES:
        rule(reader)
    return reader


def _leading_date(reader: EntryReader) -> None:
    """A date opening the entry ("At the end of 2020, …") dates it when there is no date phrase."""
    if reader.entry.date_phrase is not None:
        return
    text = reader.found.text
    for date in reader.found.dates[:1]:
        if not _BEFORE_LEADING_DATE.fullmatch(text[: date.start]) or date.value is None:
            return
        if date.value.iso[:4] == str(reader.entry.year) and (
            is_finer(date.value, reader.date) or date.value.note
        ):
            reader.date = date.value


def _register_mentions(reader: EntryReader) -> None:
    """Every place and organization written in the entry (outside work titles) is a record."""
    for found in (*reader.found.places, *reader.found.organizations):
        if not reader.blocked_at(found.start, found.end):
            reader.place_key(found)


def _finish(reader: EntryReader) -> None:
    """Citations of the defectors, and the issues the build reports."""
    entry = reader.entry
    numbers = tuple(c.number for c in entry.citations if c.number is not None)
    for key in reader.defectors:
        person = reader.registry.people.get(key)
        if person is not None:
            person.citations.update(numbers)
            if entry.id not in person.entry_ids:
                person.entry_ids.append(entry.id)
        group = reader.registry.groups.get(key)
        if group is not None:
            group.citations.update(numbers)
    if not reader.defectors:
        reader.registry.issue(
            "no-defector",
            f"entry {entry.id} names no one who defected: {entry.text[:70]!r}",
            entry.id,
            entry.line,
        )
    for sentence in reader.found.sentences:
        if sentence.index not in reader.used:
            words = reader.found.words(sentence.start, sentence.end)
            reader.registry.issue(
                "unmatched-sentence", f"no rule matched: {words[:90]!r}", entry.id, entry.line
            )


RULES: tuple[Rule, ...] = (
    _leading_date,
    _titles,
    _register_mentions,
    read_defectors,
    read_people,
    read_relations,
    read_object_pronouns,
    read_roles,
    read_events,
    read_memberships,
    _works,
    read_companions,
    build_routes,
    ages_set_off,
    _finish,
)
"""The rules of one entry, in the order they depend on each other."""
