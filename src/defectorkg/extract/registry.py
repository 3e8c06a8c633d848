"""Mutable drafts of the records while an article is read, and the one place that freezes them.

A draft's fields carry the names of its record's fields (``model.py``); :func:`freeze` builds the
record from ``dataclasses.fields`` of the record class, so a new record field is one edit in
``model.py`` (a draft without that field leaves it at the record's default until a rule sets it).
Lists and sets become tuples (sets sorted), a :class:`SpanSet` its spans in text order.

People are matched by folded name with a dict (one lookup per mention, linear in the input);
anonymous people, groups and events get keys numbered within their entry.  :meth:`Registry.records`
sorts every tuple by key so the output is deterministic.
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields, replace
from functools import cache, lru_cache
from typing import Any, Literal, TypeVar

from ..iris import fold as _fold
from ..iris import key as _key
from ..model import (
    Affiliation,
    DateValue,
    Event,
    Group,
    GroupPart,
    Issue,
    Organization,
    Participant,
    Person,
    Place,
    Relation,
    Span,
    Work,
)
from .lexicon import Lexicon, OrganizationEntry, PlaceEntry, organization_key

Gender = Literal["male", "female"] | None


def as_gender(value: str | None) -> Gender:
    """A gender label from data ("male", "female") or None for anything else."""
    if value == "male":
        return "male"
    if value == "female":
        return "female"
    return None


# Names recur across entries (places, parties, people): fold and key each written form once.
fold = lru_cache(maxsize=1 << 16)(_fold)
key = lru_cache(maxsize=1 << 16)(_key)


def _add(items: list[str], value: str | None) -> None:
    """Append ``value`` unless it is None or already there (for short lists)."""
    if value is not None and value not in items:
        items.append(value)


class SpanSet:
    """Mentions of one record in first-seen order, each kept once (constant-time membership)."""

    __slots__ = ("_spans",)

    def __init__(self) -> None:
        self._spans: dict[tuple[str | None, int, int], Span] = {}

    def add(self, span: Span) -> None:
        """Add a mention unless the same words are there already."""
        self._spans.setdefault((span.entry_id, span.start, span.end), span)

    def sorted(self) -> tuple[Span, ...]:
        """The mentions in text order."""
        return tuple(sorted(self._spans.values(), key=lambda s: (s.start, s.end)))


R = TypeVar("R")


def _frozen_value(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, set):
        return tuple(sorted(value))
    if isinstance(value, SpanSet):
        return value.sorted()
    return value


@cache
def _record_fields(record: type) -> tuple[tuple[str, bool], ...]:
    """(name, required) of each field of a record class."""
    return tuple(
        (f.name, f.default is MISSING and f.default_factory is MISSING) for f in fields(record)
    )


def freeze(record: type[R], draft: object, **overrides: Any) -> R:
    """The frozen ``record`` of a draft: every field of the record class taken from the draft's
    field of the same name (or from ``overrides``), in its frozen form."""
    values: dict[str, Any] = {}
    record_class: type = record  # a class, hashable (mypy does not see that of type[R])
    for name, required in _record_fields(record_class):
        if name in overrides:
            values[name] = overrides[name]
        elif hasattr(draft, name):
            values[name] = _frozen_value(getattr(draft, name))
        elif required:
            raise TypeError(f"{type(draft).__name__} has no value for {record.__name__}.{name}")
    return record(**values)


@dataclass(slots=True)
class PersonDraft:
    """A person being read."""

    key: str
    name: str
    fold: str
    anonymous: bool = False
    defector: bool = False
    gender: Gender = None
    age_at_defection: int | None = None
    roles: list[str] = field(default_factory=list)
    description: str | None = None
    arrival: DateValue | None = None
    alternate_names: list[str] = field(default_factory=list)
    entry_ids: list[str] = field(default_factory=list)
    spans: SpanSet = field(default_factory=SpanSet)
    citations: set[int] = field(default_factory=set)

    def mention(self, span: Span | None, citations: tuple[int, ...] = ()) -> None:
        """Record one more mention (its span and the markers of its sentence)."""
        if span is not None:
            self.spans.add(span)
            if span.entry_id is not None and (
                not self.entry_ids or self.entry_ids[-1] != span.entry_id
            ):
                _add(self.entry_ids, span.entry_id)
        self.citations.update(citations)

    def add_role(self, role: str) -> None:
        """Add a role unless one that folds the same is there."""
        if role and all(fold(role) != fold(r) for r in self.roles):
            self.roles.append(role)

    def freeze(self) -> Person:
        """The frozen Person (its other spellings sorted, without the display name)."""
        alternates = tuple(sorted({n for n in self.alternate_names if n != self.name}))
        return freeze(Person, self, alternate_names=alternates)


@dataclass(slots=True)
class GroupDraft:
    """A group being read."""

    key: str
    name: str
    size: int | None
    composition: tuple[GroupPart, ...]
    description: str | None
    arrival: DateValue | None = None
    entry_ids: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    citations: set[int] = field(default_factory=set)
    defector: bool = True

    def freeze(self) -> Group:
        """The frozen Group."""
        return freeze(Group, self)


@dataclass(slots=True)
class EventDraft:
    """An event being read; ``position`` orders it within its entry."""

    kind: str
    entry_id: str
    span: Span
    position: int
    date: DateValue | None = None
    end_date: DateValue | None = None
    duration: str | None = None
    places: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)
    vehicle: str | None = None
    work: str | None = None
    parent: str | None = None
    order: int | None = None
    description: str | None = None
    outcome: str | None = None
    citations: set[int] = field(default_factory=set)
    key: str = ""

    def add_participant(self, person: str, role: str) -> None:
        """Add a participant once."""
        for participant in self.participants:
            if participant.key == person:
                return
        self.participants.append(Participant(person, role))

    def freeze(self) -> Event:
        """The frozen Event."""
        return freeze(Event, self)


@dataclass(slots=True)
class WorkDraft:
    """A written work being read."""

    key: str
    title: str
    kind: str
    year: str | None = None
    authors: list[str] = field(default_factory=list)
    about: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)

    def freeze(self) -> Work:
        """The frozen Work."""
        return freeze(Work, self)


@dataclass(slots=True)
class PlaceDraft:
    """A place being read."""

    place: Place
    spans: SpanSet = field(default_factory=SpanSet)
    crossing: str | None = None

    def freeze(self) -> Place:
        """The frozen Place with its mentions."""
        return replace(self.place, spans=self.spans.sorted())


@dataclass(slots=True)
class OrganizationDraft:
    """An organization being read."""

    organization: Organization
    spans: SpanSet = field(default_factory=SpanSet)

    def freeze(self) -> Organization:
        """The frozen Organization with its mentions."""
        return replace(self.organization, spans=self.spans.sorted())


class Registry:
    """Every record of an article while it is read, indexed for constant-time lookups."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.people: dict[str, PersonDraft] = {}
        self.by_fold: dict[str, str] = {}
        self.groups: dict[str, GroupDraft] = {}
        self.events: list[Event] = []  # final: frozen when their entry is done
        self.places: dict[str, PlaceDraft] = {}
        self.organizations: dict[str, OrganizationDraft] = {}
        self.affiliations: dict[tuple[str, str, str | None], Affiliation] = {}
        self.relations: dict[tuple[str, str, str], Relation] = {}
        self.works: dict[str, WorkDraft] = {}
        self.issues: list[Issue] = []
        self._counters: dict[tuple[str, str], int] = {}

    # -- people ------------------------------------------------------------------------

    def next_number(self, kind: str, entry_id: str) -> int:
        """The next 1-based number of a ``kind`` ("person", "group", "work") in an entry."""
        number = self._counters.get((kind, entry_id), 0) + 1
        self._counters[(kind, entry_id)] = number
        return number

    def find_person(self, name: str) -> PersonDraft | None:
        """The person whose name (or any spelling of it) folds like ``name``."""
        person_key = self.by_fold.get(fold(name))
        return self.people.get(person_key) if person_key else None

    def named_person(self, name: str) -> PersonDraft:
        """The person named ``name``, created on first sight; every spelling is kept."""
        folded = fold(name)
        existing = self.find_person(name)
        if existing is not None:
            _add(existing.alternate_names, name)
            return existing
        person_key = key("person", name)
        suffix = 2
        while person_key in self.people:
            person_key = f"{key('person', name)}-{suffix}"
            suffix += 1
        person = PersonDraft(key=person_key, name=name, fold=folded)
        self.people[person_key] = person
        self.by_fold[folded] = person_key
        return person

    def alias(self, person: PersonDraft, name: str) -> bool:
        """Make ``name`` another name of ``person`` ("under the name X", "(born X)"), so later
        mentions of it are the same person; False when it already names someone else."""
        folded = fold(name)
        other = self.by_fold.get(folded)
        if other is not None and other != person.key:
            return False
        self.by_fold[folded] = person.key
        _add(person.alternate_names, name)
        return True

    def anonymous_person(self, entry_id: str, label: str) -> PersonDraft:
        """A new anonymous person of an entry, labelled ``label``."""
        number = self.next_number("person", entry_id)
        person_key = f"person/entry-{entry_id}-{number}"
        person = PersonDraft(key=person_key, name=label, fold="", anonymous=True)
        self.people[person_key] = person
        return person

    def group(
        self,
        entry_id: str,
        name: str,
        size: int | None,
        parts: tuple[GroupPart, ...],
        description: str | None,
    ) -> GroupDraft:
        """A new group of an entry."""
        number = self.next_number("group", entry_id)
        group = GroupDraft(f"group/entry-{entry_id}-{number}", name, size, parts, description)
        self.groups[group.key] = group
        return group

    # -- places and organizations ---------------------------------------------------------

    def place_from_gazetteer(self, row: PlaceEntry, span: Span | None) -> str:
        """The key of a gazetteer place (and of the places it lies in), with one more mention."""
        draft = self.places.get(row.key)
        if draft is None:
            parent = self.lexicon.places.get(row.parent) if row.parent else None
            within = self.place_from_gazetteer(parent, None) if parent is not None else None
            draft = PlaceDraft(
                Place(
                    key=row.key, name=row.name, type=row.type, within=within,
                    alternate_names=row.alternates, wikidata=row.wikidata,
                ),
                crossing=row.crossing,
            )  # fmt: skip
            self.places[row.key] = draft
        if span is not None:
            draft.spans.add(span)
        return row.key

    def rule_place(self, name: str, type_: str, within: str | None, span: Span) -> str:
        """The key of a place found by rule (not in the gazetteer), with one more mention."""
        place_key = key("place", name)
        draft = self.places.get(place_key)
        if draft is None:
            draft = PlaceDraft(
                Place(key=place_key, name=name, type=type_, within=within, from_gazetteer=False)
            )
            self.places[place_key] = draft
        draft.spans.add(span)
        return place_key

    def organization_from_gazetteer(self, row: OrganizationEntry, span: Span | None) -> str:
        """The key of a gazetteer organization, with one more mention."""
        draft = self.organizations.get(row.key)
        if draft is None:
            country = self.lexicon.places.get(row.country) if row.country else None
            draft = OrganizationDraft(
                Organization(
                    key=row.key, name=row.name, type=row.type,
                    country=self.place_from_gazetteer(country, None) if country else None,
                    alternate_names=row.alternates, wikidata=row.wikidata,
                )
            )  # fmt: skip
            self.organizations[row.key] = draft
        if span is not None:
            draft.spans.add(span)
        return row.key

    def rule_organization(self, name: str, type_: str, country: str | None, span: Span) -> str:
        """The key of an organization found by rule (an embassy), with one more mention."""
        organization_key_ = organization_key(name)
        draft = self.organizations.get(organization_key_)
        if draft is None:
            country_row = self.lexicon.places.get(country) if country else None
            draft = OrganizationDraft(
                Organization(
                    key=organization_key_, name=name, type=type_,
                    country=self.place_from_gazetteer(country_row, None) if country_row else None,
                    from_gazetteer=False,
                )
            )  # fmt: skip
            self.organizations[organization_key_] = draft
        draft.spans.add(span)
        return organization_key_

    # -- ties ---------------------------------------------------------------------------

    def relate(
        self,
        person: str,
        relation: str,
        other: str,
        kind: Literal["kin", "associate"],
        span: Span | None,
    ) -> None:
        """Record that ``other`` is the ``relation`` of ``person`` (once)."""
        if person == other:
            return
        self.relations.setdefault(
            (person, relation, other), Relation(person, relation, other, kind, span)
        )

    def affiliate(self, affiliation: Affiliation) -> None:
        """Record a person's role in an organization (once per person, organization and role)."""
        self.affiliations.setdefault(
            (affiliation.person, affiliation.organization, affiliation.role), affiliation
        )

    def issue(self, kind: str, message: str, entry_id: str | None, line: int | None) -> None:
        """Report something the build should show."""
        self.issues.append(Issue(kind=kind, message=message, entry_id=entry_id, line=line))
