"""People of an entry: subjects by structure, relatives, companions, associates, ages and citations.

Every article here is written for these tests (none is a sentence of the development set).
"""

from __future__ import annotations

import dataclasses

import pytest

from defectorkg.extract import extract
from defectorkg.extract.entry import RULES
from defectorkg.extract.registry import (
    EventDraft,
    GroupDraft,
    PersonDraft,
    WorkDraft,
    freeze,
)
from defectorkg.model import Event, Group, Person, Records, Span, Work
from defectorkg.source.parse import parse_article

# -- the machinery --------------------------------------------------------------------------


def test_rules_are_listed_in_their_order() -> None:
    """The entry's rules are data: defectors before kin, companions before routes, citations last."""
    names = [rule.__name__ for rule in RULES]
    assert names.index("read_defectors") < names.index("read_people") < names.index("read_relations")
    assert names.index("read_companions") == names.index("build_routes") - 1
    assert names[-1] == "_finish"


@pytest.mark.parametrize(
    ("draft", "record"),
    [(PersonDraft, Person), (GroupDraft, Group), (EventDraft, Event), (WorkDraft, Work)],
)
def test_drafts_carry_the_record_field_names(draft: type, record: type) -> None:
    """Every field a draft shares with its record has the record's name, so freezing is by name."""
    record_fields = {f.name for f in dataclasses.fields(record)}
    draft_fields = {f.name for f in dataclasses.fields(draft)}
    required = {
        f.name
        for f in dataclasses.fields(record)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    }
    assert required <= draft_fields
    # what a draft has beyond its record is bookkeeping, never a misspelt record field
    assert draft_fields - record_fields <= {"position"}


def test_freeze_takes_fields_by_name_and_defaults_the_rest() -> None:
    """Lists become tuples, sets sorted tuples; a record field the draft lacks keeps its default."""
    person = PersonDraft(key="person/a", name="A", fold="a", age_at_defection=30)
    person.citations.update({3, 1})
    person.alternate_names += ["A", "Ay"]
    frozen = person.freeze()
    assert (frozen.age_at_defection, frozen.citations, frozen.alternate_names) == (30, (1, 3), ("Ay",))

    @dataclasses.dataclass
    class Partial:
        key: str

    with pytest.raises(TypeError, match="Person.name"):
        freeze(Person, Partial("person/b"))
    span = Span("2000-1", 0, 1, "x")
    work = freeze(Work, WorkDraft("work/x", "X", "book", spans=[span]))
    assert work.spans == (span,) and work.authors == ()


# -- articles of our own ---------------------------------------------------------------------


def _article(*entries: tuple[int, str]) -> Records:
    """Extract an article of the bundled rendering whose entries are ``(year, text)``."""
    parts = ["List of North Korean defectors in South Korea\n\nAn intro.[1]\n"]
    for year, text in entries:
        parts.append(f"\n  • {year}\n    • {text}[1]\n")
    parts.append('\nReferencesEdit\n\n  1. ^ "A report". A Paper. 1 January 2020.\n')
    return extract(parse_article("".join(parts), source_name="people.txt"))


def _defectors(records: Records) -> dict[str, Person]:
    return {p.name: p for p in records.people if p.defector}


def _ties(records: Records) -> set[tuple[str, str, str]]:
    names = {p.key: p.name for p in records.people}
    return {(names[r.person], r.relation, names[r.other]) for r in records.relations}


def test_the_subject_is_the_phrase_before_the_separator_whatever_its_letters() -> None:
    """Hangul only, McCune-Reischauer apostrophes, accents and Western order: the subject phrase
    is a name; a rank before it is a role."""
    records = _article(
        (1990, "Captain Ch'oe Mun-dŏk – flew a transport plane south and landed at Osan."),
        (1991, "박영철 – walked across the border into China and reached Seoul in May."),
        (1992, "Sun-mi Ri (리선미) – crossed the Tumen River and reached Seoul by way of Laos."),
        (1993, "Anaïs O'Neill Pak – swam across the Yalu River into China."),
    )
    defectors = _defectors(records)
    assert set(defectors) == {"Ch'oe Mun-dŏk", "박영철", "Sun-mi Ri", "Anaïs O'Neill Pak"}
    assert defectors["Ch'oe Mun-dŏk"].roles == ("captain",)


def test_a_name_opening_the_body_before_a_comma_is_the_subject() -> None:
    """ "Name (Hangul), who had …, defected": the clause after the subject names nobody who defected."""
    records = _article(
        (1994, "Yi Sun-gap (이순갑), who had driven a car for Kim Il-sung for six years, fled to China in 1993."),
        (1995, "Pak Myong-sun, who had lost an eye in a mine, walked into China."),
    )
    defectors = _defectors(records)
    assert set(defectors) == {"Yi Sun-gap", "Pak Myong-sun"}
    assert "이순갑" in defectors["Yi Sun-gap"].alternate_names
