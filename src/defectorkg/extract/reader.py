"""The state of one entry while the rules read it, and the questions rules ask of it.

Who is a sentence about (:meth:`EntryReader.actor_before`), which dates and places belong to a
trigger (:meth:`EntryReader.window`), and the bookkeeping every rule shares: references to
people, the sentences a rule used, the defectors found so far.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..model import DateValue, Span
from .dating import DateMention, Duration, entry_date
from .lexicon import Lexicon, OrganizationEntry, PlaceEntry
from .registry import EventDraft, PersonDraft, Registry
from .spans import COMPARISONS, Spans
from .text import EntryText, Found, TriggerHit

if TYPE_CHECKING:
    from .works import TitleMention

# A preposition before a reference, perhaps with a title or an apposed noun phrase between
# ("nephew of Kim Jong-il", "by the journalist X", "with a fellow prisoner, X"): an object.
_PREPOSITION_BEFORE = re.compile(
    r"\b(?:of|to|at|with|by|for|about|against|from|on|in|into|alongside|toward|towards|after|before)\s+"
    r"(?:the\s+|then-\w+\s+|\w+\s+|(?:the|a|an)\s+[\w-]+\s+|"
    r"(?:the|a|an|his|her|their)\s+(?:[\w-]+\s+){0,2}?[\w-]+,\s+)?$",
    re.IGNORECASE,
)
_HARD_STOP = re.compile(r"[;:]|\s[–—]\s")
_STOP_MARK = re.compile(r"[;:–—]")  # no hard stop without one of these


@dataclass(slots=True, unsafe_hash=True)  # not frozen: made per entry, three times faster
class Ref:
    """A mention of a person or group: a name, a pronoun, a surname, a description."""

    start: int
    end: int
    key: str
    subject: bool  # False for objects of prepositions and object pronouns


@dataclass(slots=True)
class Window:
    """What belongs to one trigger: its text range and the mentions inside it."""

    start: int
    end: int
    dates: list[DateMention] = field(default_factory=list)
    durations: list[Duration] = field(default_factory=list)
    places: list[Found] = field(default_factory=list)
    organizations: list[Found] = field(default_factory=list)


@dataclass(slots=True)
class Cue:
    """A route cue: a move, stay, asylum or arrival, by whom, and what its window holds."""

    hit: TriggerHit
    kind: str  # "flight", "sea", "motion", "stay", "asylum", "arrival", "defection", "bring"
    actor: str | None
    window: Window
    sentence: int
    after_clause: bool = False  # inside "after …": happened before the main clause
    failed: bool = False  # part of a failed attempt


def in_time_order(cues: list[Cue]) -> list[Cue]:
    """The cues in the order things happened: a move in an "after …" clause comes before the cues
    of its sentence written ahead of it ("were flown to Seoul … after hiding in Shenyang")."""
    ordered: list[Cue] = []
    for cue in cues:
        if cue.after_clause:
            index = len(ordered)
            while index > 0 and ordered[index - 1].sentence == cue.sentence:
                index -= 1
            ordered.insert(index, cue)
        else:
            ordered.append(cue)
    return ordered


class EntryReader:
    """One entry under extraction."""

    def __init__(
        self, found: EntryText, registry: Registry, lexicon: Lexicon, destination: PlaceEntry | None
    ):
        self.found = found
        self.registry = registry
        self.lexicon = lexicon
        self.destination = destination
        self.entry = found.entry
        self.date: DateValue = entry_date(self.entry.year, self.entry.date_phrase)
        self.defectors: list[str] = []
        self.primary: str | None = None
        self.refs: list[Ref] = []
        self.companions: dict[str, str] = {}  # person key -> participant role in the defection
        self.relatives: dict[tuple[str, str], str] = {}  # (owner key, kin word) -> person key
        self.companion_slots: list[tuple[int, str]] = []  # (offset, person key) of "with her son"
        self.related: set[str] = set()  # people written as someone's relative in this entry
        self.collective: set[str] = set()  # relatives who are several people ("his family")
        self.life_events: list[EventDraft] = []
        self.cues: list[Cue] = []
        self.used: set[int] = set()  # sentences a rule took something from
        self.blocked: list[tuple[int, int]] = []  # work titles: no places inside
        self.titles: list[TitleMention] = []  # the works written in the entry
        self.not_defectors: set[str] = set()
        self._place_keys: dict[tuple[int, int], str] = {}
        self._ref_starts: list[int] = []
        self._hard_stops: list[tuple[int, int]] | None = None  # ";", ":" and spaced dashes
        self._crossable: Spans[Found] | None = None  # once work titles are known
        self._cue_windows: Spans[tuple[int, int, int]] | None = None
        self._companion_index: Spans[tuple[int, int, str]] | None = None
        self._blocked_index: Spans[Any] | None = None
        self._longest_ref = 0

    # -- spans and mentions -----------------------------------------------------------

    def span(self, start: int, end: int) -> Span:
        """A Span in this entry."""
        return self.found.span(start, end)

    def citations_at(self, position: int) -> tuple[int, ...]:
        """The citation numbers of the sentence at ``position``."""
        return self.found.sentence_at(position).citations

    def use(self, position: int) -> None:
        """Mark the sentence at ``position`` as read by a rule."""
        self.used.add(self.found.sentence_at(position).index)

    def blocked_at(self, start: int, end: int) -> bool:
        """True when ``start``..``end`` lies inside a work title."""
        if not self.blocked:
            return False
        if self._blocked_index is None or len(self._blocked_index) != len(self.blocked):
            self._blocked_index = Spans(self.blocked)
        return bool(self._blocked_index.covering(start, end))

    def crossable_places(self) -> Spans[Found]:
        """Border areas, rivers and seas written outside work titles: places a move can cross."""
        if self._crossable is None:
            self._crossable = Spans(
                place
                for place in self.found.places
                if isinstance(place.row, PlaceEntry)
                and place.row.crossing is not None
                and place.row.type != "country"
                and not self.blocked_at(place.start, place.end)
            )
        return self._crossable

    def companions_in(self, start: int, end: int) -> list[str]:
        """The people written as companions ("with her son") between ``start`` and ``end``."""
        if self._companion_index is None or len(self._companion_index) != len(self.companion_slots):
            self._companion_index = Spans(
                (offset, offset + 1, person) for offset, person in self.companion_slots
            )
        return [person for _s, _e, person in self._companion_index.starting(start, end)]

    def cue_windows(self) -> Spans[tuple[int, int, int]]:
        """The windows of the route cues as ``(start, end, index in cues)``, asked by position."""
        if self._cue_windows is None or len(self._cue_windows) != len(self.cues):
            self._cue_windows = Spans(
                (c.window.start, c.window.end, i) for i, c in enumerate(self.cues)
            )
        return self._cue_windows

    def mention(self, person: PersonDraft, start: int, end: int) -> None:
        """Record a mention of ``person`` here (a mention alone is backed by no reference: the
        entry's citations back its defectors, a sentence's the facts it states)."""
        person.mention(self.span(start, end))

    def place_key(self, found: Found) -> str:
        """The key of a place or organization mention, registered on first use."""
        position = (found.start, found.end)
        if position in self._place_keys:
            return self._place_keys[position]
        span = self.span(found.start, found.end)
        if isinstance(found.row, PlaceEntry):
            result = self.registry.place_from_gazetteer(found.row, span)
        elif isinstance(found.row, OrganizationEntry):
            result = self.registry.organization_from_gazetteer(found.row, span)
        elif found.kind == "organization":
            result = self.registry.rule_organization(found.name, found.type, found.country, span)
        else:
            result = self.registry.rule_place(found.name, found.type, None, span)
        self._place_keys[position] = result
        return result

    def place_row(self, found: Found) -> PlaceEntry | None:
        """The gazetteer row of a place mention."""
        return found.row if isinstance(found.row, PlaceEntry) else None

    def in_country(self, found: Found, country: str) -> bool:
        """True when a place mention lies in (or is) ``country``."""
        row = found.row
        return isinstance(row, PlaceEntry) and country in self.lexicon.place_chains[row.name]

    def country_of(self, found: Found) -> str | None:
        """The country a place mention lies in (itself when it is a country)."""
        row = found.row
        return self.lexicon.place_countries[row.name] if isinstance(row, PlaceEntry) else None

    # -- people ------------------------------------------------------------------------

    def add_ref(self, start: int, end: int, person_key: str, subject: bool | None = None) -> None:
        """Record that the words ``start``..``end`` refer to ``person_key``."""
        if subject is None:
            subject = not _PREPOSITION_BEFORE.search(self.found.text[max(0, start - 30) : start])
        first = bisect_left(self._ref_starts, start)
        last = bisect_left(self._ref_starts, end, first)
        COMPARISONS.value += last - first + 1
        inner = [
            i
            for i in range(first, last)
            if self.refs[i].end <= end and (self.refs[i].start, self.refs[i].end) != (start, end)
        ]
        for i in reversed(
            inner
        ):  # a longer reference replaces the words inside it ("his" in "his father")
            del self.refs[i]
            del self._ref_starts[i]
        index = bisect_left(self._ref_starts, start)
        self._ref_starts.insert(index, start)
        self.refs.insert(index, Ref(start, end, person_key, subject))
        self._longest_ref = max(self._longest_ref, end - start)

    def refs_starting(self, low: int, high: int) -> list[Ref]:
        """The references that start at ``low`` or later and before ``high``, in order."""
        first = bisect_left(self._ref_starts, low)
        last = bisect_left(self._ref_starts, high, first)
        COMPARISONS.value += last - first + 1
        return self.refs[first:last]

    def ref_at(self, start: int, end: int) -> Ref | None:
        """The reference that covers ``start``..``end``, if any."""
        for ref in self.refs_starting(end - self._longest_ref, start + 1):
            if end <= ref.end:
                return ref
        return None

    def actor_before(self, position: int) -> str | None:
        """Who a trigger at ``position`` is about: the nearest subject-like reference before it.

        The search stays in the sentence and stops at a semicolon or colon; references that
        are objects of a preposition ("nephew of Kim Jong-il") or object pronouns are skipped.
        """
        sentence = self.found.sentence_at(position)
        floor = sentence.start
        if self._hard_stops is None:
            text = self.found.text
            self._hard_stops = (
                [m.span() for m in _HARD_STOP.finditer(text)] if _STOP_MARK.search(text) else []
            )
        for stop_start, stop_end in self._hard_stops:
            if stop_end > position:
                break
            if stop_start >= sentence.start:
                floor = stop_end
        index = bisect_left(self._ref_starts, position) - 1
        while index >= 0:
            ref = self.refs[index]
            if ref.start < floor:
                break
            if ref.subject and ref.end <= position and not self.blocked_at(ref.start, ref.end):
                return ref.key  # a name inside a work title is no one's subject
            index -= 1
        return None

    def person(self, person_key: str) -> PersonDraft | None:
        """The person draft of a key (None for groups)."""
        return self.registry.people.get(person_key)

    def owner_name(self, owner: str) -> str:
        """The name of a person or group, for labels such as "son of Lee Soon-ok"."""
        person = self.registry.people.get(owner)
        if person is not None:
            return person.name
        group = self.registry.groups.get(owner)
        return group.name if group is not None else owner

    def add_defector(self, person_key: str) -> None:
        """Make ``person_key`` a defector of this entry."""
        if person_key in self.defectors or person_key in self.not_defectors:
            return
        self.defectors.append(person_key)
        if self.primary is None:
            self.primary = person_key
        person = self.registry.people.get(person_key)
        if person is not None:
            person.defector = True

    # -- windows ---------------------------------------------------------------------

    def window(self, hit: TriggerHit, next_start: int | None, first_in_sentence: bool) -> Window:
        """The mentions that belong to a trigger: from it to the next trigger or clause boundary.

        Dates written before the first trigger of a sentence ("In 2001 he published …") belong
        to that trigger too, except the entry's own date phrase when the trigger is a move (the
        route rules give that date to the arrival or to the step it dates).
        """
        sentence = self.found.sentence_at(hit.start)
        limit = sentence.end if next_start is None else min(next_start, sentence.end)
        end = self.found.next_boundary(hit.end, limit)
        if self.found.text[hit.end : hit.end + 1] in (";", ":"):
            end = hit.end  # "… were arrested; Tom …": the clause ends with the trigger
        start = sentence.start if first_in_sentence else hit.start
        window = Window(hit.start, end)
        phrase = self.entry.date_span
        skip = (
            (self.entry.local(phrase[0]), self.entry.local(phrase[1]))
            if phrase and hit.kinds[0].startswith("route:")
            else (-1, -1)
        )
        found = self.found
        after = found.starting("dates", hit.start, end)
        before = [
            d for d in found.starting("dates", start, hit.start)
            if first_in_sentence and not skip[0] <= d.start < skip[1]
        ]  # fmt: skip
        window.dates = (
            after + before
        )  # a date after the trigger is its own; one before it is borrowed
        window.durations = found.starting("durations", hit.start, end)
        window.places = [
            p for p in found.starting("places", hit.end, end) if not self.blocked_at(p.start, p.end)
        ]
        window.organizations = [
            o for o in found.starting("organizations", hit.start, end)
            if not self.blocked_at(o.start, o.end)
        ]  # fmt: skip
        return window
