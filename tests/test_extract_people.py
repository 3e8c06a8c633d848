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
