"""Escape routes: route cues and the places around them become ordered route steps.

Longer than 500 lines on purpose: route cues, their kinds, places, dates, merging of steps
and the arrival are one rule (a step's kind depends on the steps around it); companions and
ages already left for companions.py and people.py.

The kind of a step comes from the place it crosses or reaches (the gazetteer's ``crossing``
column: the Joint Security Area -> "JSA crossing", the DMZ -> "DMZ crossing", the Tumen River ->
"border crossing", the sea border -> "sea crossing"), from the means (an aircraft flown: "flight";
a boat or a swim: "sea crossing"), from an embassy or consulate ("embassy asylum") or from a
third country passed through ("third-country transit", one step per country).  Every defector of
the entry gets its own defection event with a copy of the route; the last step is the arrival,
dated by the entry (or by a more precise arrival its text gives).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from ..model import DateValue, Event, Participant, Span
from .companions import party_of
from .dating import is_finer
from .events import first_date, opening_date
from .lexicon import Lexicon
from .phrases import whole_phrase
from .reader import Cue, EntryReader, in_time_order
from .registry import EventDraft
from .text import Found

_ESCAPE_VERB = re.compile(
    r"^(?:fled|flee\w*|escap\w*|cross\w*|defect\w*|ran|waded|swam|crawl\w*|dash\w*|slipped|sneaked|snuck|rushed)\b",
    re.IGNORECASE,
)
_PREPOSITION = re.compile(
    r"\b(?P<p>via|through|by\s+way\s+of|across|over|into|to|toward|towards|for|from|in|at|near|inside|past|around|reaching)\b",
    re.IGNORECASE,
)
_PREPOSITION_HEADS = frozenset(
    [
        "via",
        "through",
        "by",
        "across",
        "over",
        "into",
        "to",
        "toward",
        "towards",
        "for",
        "from",
        "in",
        "at",
        "near",
        "inside",
        "past",
        "around",
        "reaching",
    ]
)
_VESSEL = re.compile(
    r"\b(?P<v>(?:fishing\s+|motor\s+|rubber\s+|squid\s+|wooden\s+)?(?:boat|vessel|ship|raft|dinghy|trawler|canoe|kayak))\b",
    re.IGNORECASE,
)
# "drove a stolen army truck across the Tumen", "rode a bicycle over …": the land vehicle of a crossing
_LAND_VEHICLE = re.compile(
    r"\b(?:drove|driving|drives|rode|riding|crashed)\s+(?:a|an|the|his|her|their)\s+(?:stolen\s+|borrowed\s+|old\s+)?"
    r"(?P<v>(?:army\s+|military\s+|cargo\s+|police\s+)?(?:truck|lorry|car|jeep|bus|tractor|motorcycle|bicycle))\b",
    re.IGNORECASE,
)
_LAND_CROSSINGS = ("border crossing", "DMZ crossing", "JSA crossing")
_SINCE = re.compile(r"\bsince\s+$", re.IGNORECASE)
_CROSSING_PRIORITY = {"JSA crossing": 0, "DMZ crossing": 1, "sea crossing": 2, "border crossing": 3}
_DIRECT = ("flight", "JSA crossing", "DMZ crossing", "sea crossing")

_OUT_OF_BEFORE = re.compile(r"\bout\s+of\s+(?:the\s+)?$")
_SPACES = re.compile(r"\s+")
_COORDINATION = re.compile(r"\s*(?:,|,?\s*and|,?\s*or)\s*(?:the\s+)?")
_THERE_AFTER = re.compile(r"\s*there\b")


@dataclass(slots=True)
class _Step:
    """A route step being built for the entry (copied to each defector at the end)."""

    kind: str
    position: int
    start: int
    end: int
    date: DateValue | None = None
    places: list[Found] = field(default_factory=list)
    organizations: list[Found] = field(default_factory=list)
    duration: str | None = None
    vehicle: str | None = None
    country: str | None = None
    citations: tuple[int, ...] = ()
    sentence: int = 0


@dataclass(slots=True)
class _Arrival:
    """What the text says about the arrival in the South."""

    candidates: list[tuple[DateValue, int, int]] = field(default_factory=list)  # date, start, end
    places: list[Found] = field(default_factory=list)


def build_routes(reader: EntryReader) -> None:
    """Make the defection events, route steps and arrival of every defector of the entry."""
    steps: list[_Step] = []
    arrival = _Arrival()
    carried: tuple[int, DateValue] | None = (
        None  # a dated move that made no step ("slipped out … in January")
    )
    for cue in in_time_order(reader.cues):
        party = party_of(reader, cue)
        if party == "route":
            before = len(steps)
            _steps_of(reader, cue, steps, arrival)
            made = steps[before:]
            if made and carried is not None and carried[0] == cue.sentence and made[0].date is None:
                made[0].date = carried[1]
            date = first_date(cue.window)
            carried = (
                (cue.sentence, date)
                if not made and date is not None and cue.kind == "motion"
                else None
            )
        elif party == "relative":
            _relative_defection(reader, cue, [cue.actor] if cue.actor else [])
        elif party == "bring":
            movers = [
                r.key
                for r in reader.refs_starting(cue.hit.end, cue.window.end)
                if r.key not in reader.defectors
            ]
            _relative_defection(reader, cue, list(dict.fromkeys(movers)))
    _detentions(reader, steps)
    route = _merged(steps, reader.lexicon)
    date = _arrival_date(reader, route, arrival)
    _emit(reader, route, date, arrival)


_DETENTIONS = ("capture", "arrest", "detention")


def _detentions(reader: EntryReader, steps: list[_Step]) -> None:
    """ "…, where the two were arrested", "detained in Laos": a detention abroad on the way is a
    stay in that country, so a third-country transit (one with a step of that country adds nothing)."""
    base = reader.found.base
    failed = {
        reader.found.sentence_at(e.position).index
        for e in reader.life_events
        if e.kind in ("failed defection attempt", "imprisonment")
    }  # an arrest that ended an attempt ("arrested in China and repatriated", "seized … and sent to a camp")
    for event in reader.life_events:
        if reader.found.sentence_at(event.position).index in failed:
            continue
        if event.kind not in _DETENTIONS or (
            event.date is not None and event.date.iso[:4] > str(reader.entry.year)
        ):
            continue
        if event.participants and not any(p.key in reader.defectors for p in event.participants):
            continue
        start, end = event.span.start - base, event.span.end - base
        abroad = [
            p for p in reader.found.starting("places", start, end)
            if reader.country_of(p) not in (None, "North Korea", "South Korea") and not reader.blocked_at(p.start, p.end)
        ]  # fmt: skip
        if not abroad:
            continue
        step = _Step(
            "third-country transit", event.position, start, end, date=event.date or opening_date(reader, event.position),
            places=abroad[:1],
            citations=reader.citations_at(event.position), sentence=reader.found.sentence_at(event.position).index,
            country=reader.country_of(abroad[0]),
        )  # fmt: skip
        index = next((i for i, s in enumerate(steps) if s.position > event.position), len(steps))
        steps.insert(index, step)


def _relative_defection(reader: EntryReader, cue: Cue, actors: list[str]) -> None:
    """A relative's own escape mentioned in passing ("his mother Song Hye-rang's defection")."""
    if not actors:
        return
    event = EventDraft(
        kind="relative defection", entry_id=reader.entry.id,
        span=reader.span(cue.hit.start, cue.window.end), position=cue.hit.start, date=first_date(cue.window),
        description=whole_phrase(reader.found.text[cue.hit.start : cue.window.end]),
    )  # fmt: skip
    for actor in actors:
        event.add_participant(actor, "actor")
    for place in cue.window.places:
        if _preposition(reader, place) != "from" and not _OUT_OF_BEFORE.search(
            reader.found.text[max(0, place.start - 12) : place.start]
        ):
            event.places.append(reader.place_key(place))
    event.citations.update(reader.citations_at(cue.hit.start))
    reader.life_events.append(event)
    reader.use(cue.hit.start)


def _preposition(reader: EntryReader, found: Found) -> str | None:
    """The preposition nearest before a place, within five words ("via" in "via China").

    Tried at the words before the place from the nearest back (no two prepositions overlap,
    so the nearest that matches is the last one a scan from the left would find).
    """
    text = reader.found.text
    positions = reader.found.word_index.positions(_PREPOSITION_HEADS)
    floor = max(0, found.start - 60)
    index = bisect_left(positions, found.start) - 1
    while index >= 0 and positions[index] >= floor:
        last = _PREPOSITION.match(text, positions[index], found.start)
        if last is not None:
            if len(text[last.end() : found.start].split()) > 5:
                return None
            return _SPACES.sub(" ", last.group("p").lower())
        index -= 1
    return None


def _coordinated_preposition(reader: EntryReader, places: list[Found]) -> dict[int, str | None]:
    """The preposition of each place; "via China and Hong Kong": Hong Kong takes "via"."""
    result: dict[int, str | None] = {}
    previous: Found | None = None
    for place in places:
        gap = reader.found.text[previous.end : place.start] if previous is not None else None
        if previous is not None and gap is not None and _COORDINATION.fullmatch(gap):
            result[place.start] = result[previous.start]
        else:
            result[place.start] = _preposition(reader, place)
        previous = place
    return result


@dataclass(slots=True)
class _CuePlaces:
    """The places of a cue's window, sorted by the part they play in a route."""

    prepositions: dict[int, str | None]
    embassies: list[Found]  # embassies and consulates
    inside_embassy: list[Found]  # the city an embassy stands in
    south: list[Found]  # places in the South: where the move ended
    crossings: list[Found]  # border areas, rivers and seas with a crossing kind
    third: list[Found]  # places in third countries
    entered: list[Found] = field(
        default_factory=list
    )  # an embassy written earlier in an asylum's sentence


def _cue_places(reader: EntryReader, cue: Cue) -> _CuePlaces:
    window = cue.window
    prepositions = _coordinated_preposition(reader, window.places)
    embassies = [o for o in window.organizations if o.type == "diplomatic mission"]
    inside = [
        p for p in window.places if any(e.start <= p.start and p.end <= e.end for e in embassies)
    ]
    south = [p for p in window.places if _in_south(reader, p) and p not in inside]
    crossings = _crossing_places(reader, cue)
    third = [
        p for p in window.places
        if p not in inside and p not in south and p not in crossings
        and (prepositions.get(p.start) != "from" or cue.kind == "arrival")  # "flown to Seoul from Bangkok"
        and reader.country_of(p) not in (None, "North Korea", "South Korea")
    ]  # fmt: skip
    if cue.kind == "stay" and not window.places and not embassies:
        third = _there(reader, cue)
    entered = []
    if cue.kind == "asylum" and not embassies:
        sentence = reader.found.sentence_at(cue.hit.start)
        entered = [
            o for o in reader.found.starting("organizations", sentence.start, cue.hit.start)
            if o.type == "diplomatic mission" and not any(c.window.start <= o.start < c.window.end for c in _cues_before(reader, cue))
        ][-1:]  # fmt: skip
        if entered:
            inside += [
                p
                for p in reader.found.starting("places", entered[0].start, entered[0].end)
                if p.end <= entered[0].end
            ]
            third = [p for p in third if p not in inside]
    return _CuePlaces(prepositions, embassies, inside, south, crossings, third, entered)


def _cues_before(reader: EntryReader, cue: Cue) -> list[Cue]:
    """The route cues of the cue's sentence written before it."""
    return [c for c in reader.cues if c.sentence == cue.sentence and c.hit.start < cue.hit.start]


class _StepMaker:
    """Makes the steps of one cue, all with the cue's span, sentence and citations."""

    def __init__(self, reader: EntryReader, cue: Cue) -> None:
        self.reader, self.cue = reader, cue
        self.made: list[_Step] = []

    def __call__(
        self, kind: str, places: list[Found], organizations: list[Found] | None = None,
        vehicle: str | None = None, country: str | None = None,
    ) -> _Step:  # fmt: skip
        cue = self.cue
        if vehicle is None and kind in _LAND_CROSSINGS:
            driven = _LAND_VEHICLE.match(self.reader.found.text, cue.hit.start, cue.window.end)
            vehicle = _clean_vehicle(driven.group("v")) if driven else None
        step = _Step(
            kind, cue.hit.start, cue.hit.start, cue.window.end, places=list(places),
            organizations=list(organizations or []), citations=self.reader.citations_at(cue.hit.start),
            sentence=cue.sentence, vehicle=vehicle, country=country,
        )  # fmt: skip
        self.made.append(step)
        return step


def _steps_of(reader: EntryReader, cue: Cue, steps: list[_Step], arrival: _Arrival) -> None:
    """The route steps one cue makes, and what it says about the arrival."""
    places = _cue_places(reader, cue)
    step = _StepMaker(reader, cue)
    by_water = cue.kind == "sea" and not _over_land_border(reader, places.crossings)
    if cue.kind == "flight":
        step("flight", places.crossings + places.south, vehicle=cue.hit.vehicle)
    elif by_water:
        _sea_crossing(reader, cue, places, step)
    _asylum_where(reader, cue, places, steps)
    _asylum(reader, cue, places, steps, step)
    if places.crossings and cue.kind != "flight" and not by_water:
        kinds = [row.crossing for p in places.crossings if (row := reader.place_row(p)) is not None]
        step(min(kinds, key=lambda k: _CROSSING_PRIORITY.get(k or "", 9)) or "border crossing",
             places.crossings + [p for p in places.south if p.type != "country"])  # fmt: skip
    _border_country(reader, cue, places, step)
    if _emigration(reader, cue, places, arrival):
        _emigration_event(reader, cue, places.third)
    else:
        _transits(reader, places.third, step)
    made = step.made
    _durations(reader, cue, made, steps)
    _landing(reader, cue, made, steps, places.south)
    date = first_date(cue.window) or _purpose_date(reader, cue, made)
    south = places.south or _where_before(reader, cue)
    _arrival_evidence(reader, cue, made, south, date, arrival)
    if made and date is not None and not (cue.kind == "arrival" and places.south):
        reached = next(
            (m for m in made if not (m.places and _preposition(reader, m.places[0]) == "from")),
            made[0],
        )  # the move's date is when it reached its place, not when it left the one "from" names
        reached.date = reached.date or date
    opening = opening_date(reader, cue.hit.start) if date is None else None
    for (
        step_made
    ) in made:  # "In 2009 she crossed …, and led them across China to Laos": the same year
        if (
            opening is not None
            and step_made.date is None
            and _sentence_has_step(steps, cue.sentence)
        ):
            step_made.date = opening
    if (
        cue.kind == "asylum" and not made and date is not None
    ):  # "…embassy, where they sought asylum in May"
        sought = next((s for s in reversed(steps) if s.kind == "embassy asylum"), None)
        if sought is not None and sought.sentence == cue.sentence and sought.date is None:
            sought.date = date
    steps.extend(made)
    if made or places.south:
        reader.use(cue.hit.start)


_SETTLING = re.compile(
    r"(?:moved|moving|settled|settling|resettled|emigrated|relocated|immigrated)\b", re.IGNORECASE
)


def _emigration(reader: EntryReader, cue: Cue, places: _CuePlaces, arrival: _Arrival) -> bool:
    """ "The family moved to the United States in 2016", "later settled in Canada": a move abroad
    written after the defector reached the South, or dated after the arrival, is no transit."""
    if not places.third or places.crossings or places.embassies or places.south:
        return False
    date = first_date(cue.window)
    if date is not None and date.iso[:4] > str(reader.entry.year):
        return True
    return bool(_SETTLING.match(cue.hit.text)) and bool(arrival.places or arrival.candidates)


def _emigration_event(reader: EntryReader, cue: Cue, places: list[Found]) -> None:
    """The move abroad as a life event of whoever made it (the sentence's actor, else every defector)."""
    event = EventDraft(
        kind="emigration", entry_id=reader.entry.id, span=reader.span(cue.hit.start, cue.window.end),
        position=cue.hit.start, date=first_date(cue.window),
        description=whole_phrase(reader.found.text[cue.hit.start : cue.window.end]),
    )  # fmt: skip
    movers = [cue.actor] if cue.actor in reader.defectors else list(reader.defectors)
    for mover in movers:
        event.add_participant(mover, "actor")
    event.places += list(dict.fromkeys(reader.place_key(p) for p in places))
    event.citations.update(reader.citations_at(cue.hit.start))
    reader.life_events.append(event)
    reader.use(cue.hit.start)


_FOR_PURPOSE = re.compile(
    r"\bfor\s+(?:(?:a|an|the|his|her|their|medical|eye|further)\s+){0,2}$", re.IGNORECASE
)


_WHERE = re.compile(r",?\s+where\s+(?:[\w'-]+\s+){0,3}$", re.IGNORECASE)


def _sentence_has_step(steps: list[_Step], sentence: int) -> bool:
    """True when a step of ``sentence`` was made (steps come in text order, so look back only that far)."""
    for step in reversed(steps):
        if step.sentence <= sentence:
            return step.sentence == sentence
    return False


def _where_before(reader: EntryReader, cue: Cue) -> list[Found]:
    """ "… on to South Korea, where she arrived in May": the place before "where" is where she arrived."""
    if cue.kind != "arrival":
        return []
    return [p for p in _place_before_where(reader, cue) if _in_south(reader, p)]


def _place_before_where(reader: EntryReader, cue: Cue) -> list[Found]:
    sentence = reader.found.sentence_at(cue.hit.start)
    before = reader.found.starting("places", sentence.start, cue.hit.start)
    if before and _WHERE.fullmatch(reader.found.text, before[-1].end, cue.hit.start):
        return before[-1:]
    return []


_MISSION = re.compile(r"\b(?:embassy|consulate|consulate-general|mission)\b", re.IGNORECASE)


def _asylum_where(reader: EntryReader, cue: Cue, places: _CuePlaces, steps: list[_Step]) -> None:
    """ "…made her way through China to Phnom Penh, where she sought asylum at the South Korean embassy":
    the asylum is at the city before "where", and reaching that city is the same step."""
    if cue.kind != "asylum" or places.embassies or places.entered:
        return
    if not _MISSION.search(reader.found.text, cue.window.start, cue.window.end):
        return
    where = [
        p
        for p in _place_before_where(reader, cue)
        if reader.country_of(p) not in (None, "North Korea", "South Korea")
    ]
    if not where:
        return
    places.third = where
    steps[:] = [
        s for s in steps
        if not (s.kind == "third-country transit" and s.sentence == cue.sentence and any(p.name == where[0].name for p in s.places))
    ]  # fmt: skip


def _purpose_date(reader: EntryReader, cue: Cue, made: list[_Step]) -> DateValue | None:
    """ "travelled to Shenyang for medical treatment in 2011": the purpose's date is the move's."""
    found = reader.found
    if not made or not _FOR_PURPOSE.search(found.text, max(0, cue.window.end - 30), cue.window.end):
        return None
    sentence = found.sentence_at(cue.hit.start)
    end = min(found.next_boundary(cue.window.end, sentence.end), cue.window.end + 40)
    dates = [d for d in found.starting("dates", cue.window.end, end) if d.value is not None]
    return dates[0].value if dates else None


def _over_land_border(reader: EntryReader, crossings: list[Found]) -> bool:
    """True when every place a swim or a boat crosses is a river of the land border ("swam across
    the Tumen"): that is a border crossing, not a sea crossing."""
    kinds = {row.crossing for p in crossings if (row := reader.place_row(p)) is not None}
    return kinds == {"border crossing"}


def _sea_crossing(reader: EntryReader, cue: Cue, places: _CuePlaces, step: _StepMaker) -> None:
    """A boat or a swim: the crossing ends in the city it reached; a third country named is a transit."""
    vehicle = cue.hit.vehicle or _vessel(reader.found.text, cue.window.start, cue.window.end)
    cities = [
        p for p in places.third if (row := reader.place_row(p)) is None or row.type != "country"
    ]
    step("sea crossing", places.crossings + cities + places.south, vehicle=_clean_vehicle(vehicle))
    _transits(reader, [p for p in places.third if p not in cities], step)
    places.third, places.south = [], []


def _asylum(
    reader: EntryReader, cue: Cue, places: _CuePlaces, steps: list[_Step], step: _StepMaker
) -> None:
    """Asylum at an embassy or consulate; "sought asylum … in Beijing" without one names the city;
    "climbed over the wall of a foreign school in Beijing and asked for asylum": with no place of its
    own, the asylum was asked where the sentence's last move, into a city abroad, ended."""
    first = cue.kind == "asylum" and not any(s.kind == "embassy asylum" for s in steps)
    if first and not places.embassies and places.entered:
        places.embassies = (
            places.entered
        )  # "pushed into the Spanish embassy …, and demanded asylum"
    if places.embassies:
        step("embassy asylum", places.inside_embassy, places.embassies)
    elif first and places.third:
        step("embassy asylum", places.third[:1])
        places.third = []
    elif (
        first
        and steps
        and steps[-1].sentence == cue.sentence
        and steps[-1].kind == "third-country transit"
    ):
        last = steps[-1]
        if last.places and all(
            (row := reader.place_row(p)) is not None and row.type != "country" for p in last.places
        ):
            last.kind = "embassy asylum"


def _border_country(reader: EntryReader, cue: Cue, places: _CuePlaces, step: _StepMaker) -> None:
    """ "fled to China": escaping into a neighbouring country is a border crossing, not a transit."""
    escape = cue.kind in ("motion", "defection") and _ESCAPE_VERB.match(cue.hit.text)
    border = [
        p for p in places.third
        if escape and places.prepositions.get(p.start) in ("to", "into", "across", "over")
        and (row := reader.place_row(p)) is not None and row.crossing == "border crossing"
    ]  # fmt: skip
    if not border:
        return
    joined = next((s for s in step.made if s.kind == "border crossing"), None)
    if joined is not None:
        joined.places += border
    else:
        step("border crossing", border, country=reader.country_of(border[0]))
    places.third = [p for p in places.third if p not in border]


def _landing(
    reader: EntryReader, cue: Cue, made: list[_Step], steps: list[_Step], south: list[Found]
) -> None:
    """ "… flew his MiG-19 across the sea border and landed at Suwon Air Base": where the crossing ended."""
    if made or not south or cue.kind not in ("arrival", "motion"):
        return
    landed = None
    for step in reversed(steps):  # steps come in text order: look back over this sentence only
        if step.sentence < cue.sentence:
            break
        if step.sentence == cue.sentence and step.kind in ("sea crossing", "flight"):
            landed = step
            break
    if landed is not None:
        landed.places += [p for p in south[:1] if all(p.name != q.name for q in landed.places)]


def _arrival_evidence(
    reader: EntryReader,
    cue: Cue,
    made: list[_Step],
    south: list[Found],
    date: DateValue | None,
    arrival: _Arrival,
) -> None:
    """Places in the South and dates of reaching them ("reached Seoul … in May", "living in the South since July")."""
    window = cue.window
    if cue.kind in ("motion", "defection", "arrival", "stay") and south:
        arrival.places += south
        if cue.kind == "stay":
            before_date = (
                reader.found.text[window.start : window.dates[0].start] if window.dates else ""
            )
            if not _SINCE.search(before_date):
                return
        if date is not None and (
            cue.kind in ("arrival", "defection") or not made or made[0].kind in _DIRECT
        ):
            arrival.candidates.append((date, cue.hit.start, window.end))
    elif (
        cue.kind == "defection" and not made and date is not None
    ):  # "defected with his wife … in March"
        arrival.candidates.append((date, cue.hit.start, window.end))


def _clean_vehicle(vehicle: str | None) -> str | None:
    return _SPACES.sub(" ", vehicle).strip() if vehicle else None


def _vessel(text: str, start: int, end: int) -> str | None:
    match = _VESSEL.search(text, start, end)
    return match.group("v") if match else None


def _in_south(reader: EntryReader, found: Found) -> bool:
    return reader.in_country(found, "South Korea")


def _crossing_places(reader: EntryReader, cue: Cue) -> list[Found]:
    """Border areas, rivers and seas in the cue's window, and unclaimed ones in its sentence."""
    crossable = reader.crossable_places()
    if not crossable:
        return []
    sentence = reader.found.sentence_at(cue.hit.start)
    low, high = min(sentence.start, cue.window.start), max(sentence.end, cue.window.end)
    windows = reader.cue_windows()
    result = []
    for place in crossable.starting(low, high):
        inside = cue.window.start <= place.start < cue.window.end
        unclaimed = sentence.start <= place.start < sentence.end and not any(
            reader.cues[i] is not cue
            for _s, _e, i in windows.overlapping(place.start, place.start + 1)
        )
        if inside or (unclaimed and cue.kind in ("motion", "defection")):
            result.append(place)
    return result


def _there(reader: EntryReader, cue: Cue) -> list[Found]:
    """ "lived there for about ten years": the last foreign place written before the cue."""
    if (
        not _THERE_AFTER.match(reader.found.text[cue.hit.end : cue.hit.end + 8])
        and "there" not in cue.hit.text
    ):
        return []
    before = [
        p
        for p in reader.found.places
        if p.end <= cue.hit.start
        and reader.country_of(p) not in (None, "North Korea", "South Korea")
    ]
    return before[-1:]


def _transits(reader: EntryReader, places: list[Found], step: _StepMaker) -> None:
    """One third-country transit step per country passed through ("Fukui in Japan" is one, but
    "via China and Hong Kong" names two places the writer counts apart: two steps)."""
    by_country: dict[str, list[Found]] = {}
    names = {p.name for p in places}
    for index, place in enumerate(places):
        country = reader.country_of(place) or place.name
        if country != place.name and country in names and _coordinated(reader, places, index):
            country = place.name
        by_country.setdefault(country, []).append(place)
    # "reached Thailand by bus from Laos": the country a move left comes before the one it reached
    ordered = sorted(
        by_country.items(), key=lambda item: _preposition(reader, item[1][0]) != "from"
    )
    for country, group in ordered:
        step("third-country transit", group, country=country)


def _coordinated(reader: EntryReader, places: list[Found], index: int) -> bool:
    """True when a place is joined to the one before it by "and" or a comma."""
    if index == 0:
        return False
    gap = reader.found.text[places[index - 1].end : places[index].start]
    return bool(_COORDINATION.fullmatch(gap))


def _durations(reader: EntryReader, cue: Cue, made: list[_Step], steps: list[_Step]) -> None:
    """Each duration goes to the step of the place written just before it ("in the Philippines for 33 days")."""
    for duration in cue.window.durations:
        owner = None
        best = -1
        for candidate in made:
            for item in (*candidate.places, *candidate.organizations):
                if best < item.start < duration.start:
                    best, owner = item.start, candidate
        if owner is None and cue.kind == "stay":
            owner = next(
                (
                    s
                    for s in reversed(steps + made)
                    if s.kind in ("embassy asylum", "third-country transit")
                ),
                None,
            )
        if (
            owner is not None
            and owner.duration is None
            and owner.kind in ("embassy asylum", "third-country transit")
        ):
            owner.duration = duration.iso


def _merged(steps: list[_Step], lexicon: Lexicon) -> list[_Step]:
    """Steps in text order, repeated mentions of one step merged (one step per kind and country)."""
    route: list[_Step] = []
    for step in steps:
        same = next((s for s in route if _same_step(s, step, lexicon.neighbours)), None)
        if same is None:
            route.append(step)
            continue
        for place in step.places:
            if all(place.name != p.name for p in same.places):
                same.places.append(place)
        for organization in step.organizations:
            if all(organization.name != o.name for o in same.organizations):
                same.organizations.append(organization)
        same.date = same.date or step.date
        if same.kind == step.kind:
            same.duration = same.duration or step.duration
        same.vehicle = same.vehicle or step.vehicle
        same.citations = tuple(sorted(set(same.citations) | set(step.citations)))
    return route


def _two_cities_apart(old: _Step, new: _Step) -> bool:
    """ "sheltered by a church in Khabarovsk. … flown to Seoul by way of Moscow": two cities of one
    country, each the place of a move in a sentence of its own, are two stops, not one mention twice."""
    return (
        old.kind == "third-country transit" and old.sentence != new.sentence
        and bool(old.places) and bool(new.places)
        and all(p.type == "city" for p in (*old.places, *new.places))
        and not {p.name for p in old.places} & {p.name for p in new.places}
    )  # fmt: skip


def _same_step(old: _Step, new: _Step, neighbours: frozenset[str]) -> bool:
    """True when ``new`` repeats ``old``; ``neighbours`` are the countries a land border crossing leads into."""
    if new.kind == "third-country transit":
        if (
            old.kind in ("third-country transit", "border crossing")
            and old.country
            and old.country == new.country
            and not _two_cities_apart(old, new)
        ):
            return True
        if old.kind != "border crossing":
            return False
        if any(p.name == new.country for p in old.places):
            return True
        # a river crossed out of the North lands in a neighbouring country: a stay there is the same step
        return (
            old.country is None
            and new.country in neighbours
            and not any(p.type == "country" for p in old.places)
        )
    if new.kind == "border crossing" and old.kind == "border crossing":
        return not (old.date and new.date and old.date != new.date)
    return old.kind == new.kind and new.kind in (
        "embassy asylum",
        "sea crossing",
        "flight",
        "JSA crossing",
        "DMZ crossing",
    )


def _arrival_date(reader: EntryReader, route: list[_Step], arrival: _Arrival) -> DateValue:
    """The arrival: the entry's date, or a more precise one the text gives for the same year."""
    entry_date = reader.date
    year = str(reader.entry.year)
    candidate = next((c for c in arrival.candidates if c[0].iso[:4] == year), None)
    explicit = candidate[0] if candidate is not None else None
    if explicit is not None and candidate is not None:
        if entry_date.precision == "year" and (
            is_finer(explicit, entry_date) or explicit.iso == entry_date.iso
        ):
            if is_finer(
                explicit, entry_date
            ):  # "… and landed at Gangneung on 16 May": the flight too
                _date_direct_steps(
                    reader, route, explicit, reader.found.sentence_at(candidate[1]).index
                )
            return explicit if explicit.note or is_finer(explicit, entry_date) else entry_date
        if (
            entry_date.precision != "year"
            and explicit.iso != entry_date.iso
            and not is_finer(entry_date, explicit)
        ):
            undated = next((s for s in route if s.date is None), None)
            if undated is not None:
                undated.date = entry_date
            return explicit
        return entry_date
    direct = next(
        (s for s in route if s.kind in _DIRECT and s.date is None and not _abroad(reader, s)), None
    )
    if direct is not None and (entry_date.precision != "year" or entry_date.note):
        direct.date = entry_date
    crossing = next(
        (s for s in reversed(route) if s.kind in _DIRECT and s.date and not _abroad(reader, s)),
        None,
    )
    if crossing is not None and crossing.date is not None and is_finer(crossing.date, entry_date):
        return crossing.date
    only = _only_date(reader)
    if only is not None and entry_date.precision == "year" and is_finer(only, entry_date):
        _date_direct_steps(
            reader, route, only, None
        )  # "…, the Joint Chiefs of Staff said on 2 August"
        return only
    return entry_date


def _only_date(reader: EntryReader) -> DateValue | None:
    """The one date an entry writes, when no move and no life event claims it: the defection's
    ("…, the Joint Chiefs of Staff said on 2 August")."""
    dated = [d for d in reader.found.dates if d.value is not None]
    values = {d.value for d in dated if d.value is not None}
    if len(values) != 1:
        return None
    value = values.pop()
    claimed = any(d in cue.window.dates for cue in reader.cues for d in dated)
    if (
        claimed
        or value.iso[:4] != str(reader.entry.year)
        or any(e.date == value for e in reader.life_events)
    ):
        return None
    return value


def _date_direct_steps(
    reader: EntryReader, route: list[_Step], date: DateValue, sentence: int | None
) -> None:
    """Give ``date`` to the undated crossings straight into the South (of one sentence, if given)."""
    for step in route:
        if (
            step.kind in _DIRECT
            and step.date is None
            and (sentence is None or step.sentence == sentence)
            and not _abroad(reader, step)
        ):
            step.date = date


def _abroad(reader: EntryReader, step: _Step) -> bool:
    """True when a step lands in a third country (a boat that drifted to Japan)."""
    return any(
        reader.country_of(p) not in (None, "North Korea", "South Korea") for p in step.places
    )


def _emit(reader: EntryReader, route: list[_Step], date: DateValue, arrival: _Arrival) -> None:
    """Defection event, route copies and arrival for every defector; then the life events.

    Events are final once emitted: they go to the registry frozen.
    """
    registry = reader.registry
    entry_id = reader.entry.id
    citations = tuple(sorted({c.number for c in reader.entry.citations if c.number is not None}))
    arrival_place = _arrival_place(reader, arrival)
    arrival_places = (arrival_place,) if arrival_place is not None else ()
    steps = [_step_copy(reader, step) for step in route]
    number = 0
    for defector in reader.defectors:
        span = _defector_span(reader, defector)
        number += 1
        defection_key = f"event/{entry_id}-{number}"
        actor = (Participant(defector, "actor"),)
        registry.events.append(
            Event(
                key=defection_key, kind="defection", entry_id=entry_id, span=span, date=date,
                participants=_with_companions(reader, defector, actor), citations=citations,
            )
        )  # fmt: skip
        for order, step in enumerate(steps, start=1):
            number += 1
            registry.events.append(
                Event(
                    key=f"event/{entry_id}-{number}", kind=step.kind, entry_id=entry_id,
                    span=step.span, date=step.date, duration=step.duration, places=step.places,
                    organizations=step.organizations, participants=actor, vehicle=step.vehicle,
                    parent=defection_key, order=order, citations=step.citations,
                )
            )  # fmt: skip
        number += 1
        registry.events.append(
            Event(
                key=f"event/{entry_id}-{number}", kind="arrival", entry_id=entry_id,
                span=_arrival_span(reader, arrival, span), date=date, places=arrival_places,
                participants=actor, parent=defection_key, order=len(steps) + 1, citations=citations,
            )
        )  # fmt: skip
        _set_arrival(reader, defector, date)
    _date_from_crossing(reader, route)
    for event in sorted(reader.life_events, key=lambda e: e.position):
        number += 1
        event.key = f"event/{entry_id}-{number}"
        registry.events.append(event.freeze())


@dataclass(slots=True, unsafe_hash=True)  # not frozen: made per entry, three times faster
class _StepCopy:
    """What every defector's copy of a route step shares."""

    kind: str
    span: Span
    date: DateValue | None
    duration: str | None
    vehicle: str | None
    places: tuple[str, ...]
    organizations: tuple[str, ...]
    citations: tuple[int, ...]


def _step_copy(reader: EntryReader, step: _Step) -> _StepCopy:
    """A route step with its places and organizations as keys (registered on first use)."""
    places = tuple(dict.fromkeys(reader.place_key(place) for place in step.places))
    organizations = tuple(reader.place_key(o) for o in step.organizations)
    return _StepCopy(
        step.kind, reader.span(step.start, step.end), step.date, step.duration, step.vehicle,
        places, organizations, tuple(sorted(set(step.citations))),
    )  # fmt: skip


def _with_companions(
    reader: EntryReader, defector: str, actor: tuple[Participant, ...]
) -> tuple[Participant, ...]:
    """The participants of a defection: the defector, and the primary defector's companions."""
    if defector != reader.primary or not reader.companions:
        return actor
    participants = list(actor)
    for companion, role in reader.companions.items():
        if companion != defector:
            participants.append(Participant(companion, role))
    return tuple(participants)


_DURING_CROSSING = ("shooting", "capture", "rescue", "attack")


def _date_from_crossing(reader: EntryReader, route: list[_Step]) -> None:
    """ "… was driven across the demarcation line as North Korean guards opened fire": a shooting in
    the sentence of a dated crossing happened on that date."""
    for event in reader.life_events:
        if event.date is not None or event.kind not in _DURING_CROSSING:
            continue
        sentence = reader.found.sentence_at(event.position).index
        step = next(
            (s for s in route if s.sentence == sentence and s.date and s.kind in _DIRECT), None
        )
        if step is not None:
            event.date = step.date


def _arrival_place(reader: EntryReader, arrival: _Arrival) -> str | None:
    """The most specific place in the South the text names for the arrival (else the destination)."""

    def country_last(place: Found) -> int:
        row = reader.place_row(place)
        return 0 if row is not None and row.type != "country" else 1

    places = sorted(arrival.places, key=country_last)
    if places:
        return reader.place_key(places[0])
    if reader.destination is not None:
        return reader.registry.place_from_gazetteer(reader.destination, None)
    return None


def _defector_span(reader: EntryReader, defector: str) -> Span:
    ref = next((r for r in reader.refs if r.key == defector), None)
    if ref is not None:
        return reader.span(ref.start, ref.end)
    return reader.span(0, len(reader.found.text))


def _arrival_span(reader: EntryReader, arrival: _Arrival, fallback: Span) -> Span:
    if arrival.candidates:
        _, start, end = arrival.candidates[0]
        return reader.span(start, end)
    if reader.entry.date_span is not None:
        start, end = reader.entry.date_span
        return reader.span(reader.entry.local(start), reader.entry.local(end))
    return fallback


def _set_arrival(reader: EntryReader, defector: str, date: DateValue) -> None:
    person = reader.registry.people.get(defector)
    if person is not None and person.arrival is None:
        person.arrival = date
    group = reader.registry.groups.get(defector)
    if group is not None and group.arrival is None:
        group.arrival = date
