"""Life events from trigger phrases, and the route cues the route rules turn into steps.

Each trigger owns a window: the words from it to the next trigger or clause boundary in its
sentence (and the dates written before the first trigger of a sentence).  Dates, places,
organizations and durations in the window are the event's.  Who the event is about is the
nearest subject before the trigger ("his father, who …, was caught": the father); a trigger
whose person is a target ("was shot", "was rescued") makes that person a target.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from ..model import Affiliation, DateValue
from .dating import duration_of
from .phrases import whole_phrase
from .reader import Cue, EntryReader, Window
from .registry import EventDraft
from .text import Found, TriggerHit

_CUE_KINDS = {
    "route:flight": "flight", "route:sea": "sea", "route:motion": "motion", "route:stay": "stay",
    "route:asylum": "asylum", "route:arrival": "arrival", "route:defection": "defection",
    "route:bring": "bring",
}  # fmt: skip
_SURVIVED = re.compile(r"\bsurviv(?:ed|ing|es)\s+(?:the\s+|an?\s+)?$", re.IGNORECASE)
_AT = re.compile(r"\bat\s+", re.IGNORECASE)
_RANGE_OPENS = re.compile(r"\b(?:from|between)\s+$", re.IGNORECASE)
_RANGE_JOIN = re.compile(r"\s*(?:to|until|till|through|and|–|-)\s*", re.IGNORECASE)
_AFTER_CLAUSE = re.compile(
    r"\bafter\s+(?:[\w'-]+\s+){0,2}$", re.IGNORECASE
)  # "after (he) hid(ing)"
_INHERITS_DATE = ("failed defection attempt", "capture", "arrest", "imprisonment")
_NO_PLACES = ("publication", "announcement")  # places there are what a work describes, not where
_MERGEABLE = (
    "shooting",
    "imprisonment",
    "medical treatment",
    "rescue",
    "capture",
    "arrest",
    "activism",
    "attack",
)


def read_events(reader: EntryReader) -> None:
    """Read every trigger of the entry into a life event or a route cue."""
    found = reader.found
    by_sentence: dict[int, list[TriggerHit]] = {}
    for hit in found.triggers:
        by_sentence.setdefault(found.sentence_at(hit.start).index, []).append(hit)
    for hits in by_sentence.values():
        hits = _without_held_stays(found.text, hits)
        previous: EventDraft | None = None
        last_cue: Cue | None = None
        for index, hit in enumerate(hits):
            following = hits[index + 1].start if index + 1 < len(hits) else None
            window = reader.window(hit, following, first_in_sentence=index == 0)
            cue = _CUE_KINDS.get(hit.kinds[0])
            if cue is not None:
                last_cue = Cue(
                    hit,
                    cue,
                    reader.actor_before(hit.start),
                    window,
                    found.sentence_at(hit.start).index,
                    after_clause=_AFTER_CLAUSE.search(found.text, max(0, hit.start - 40), hit.start)
                    is not None,
                )
                reader.cues.append(last_cue)
                continue
            if (
                not window.places
                and last_cue is not None
                and not found.boundary_between(last_cue.hit.end, hit.start)
            ):
                window.places = [
                    p
                    for p in last_cue.window.places
                    if reader.country_of(p) not in ("North Korea", "South Korea")
                ]
            for kind in hit.kinds:
                if kind == "failed defection attempt" and _sent_on_abroad(reader, hit):
                    continue
                previous = _life_event(reader, hit, kind, window, previous) or previous
    _imprisonment_details(reader)


_TO = re.compile(r"\s+to\s+(?:the\s+)?")


def _sent_on_abroad(reader: EntryReader, hit: TriggerHit) -> bool:
    """ "were deported to Ulaanbaatar", "sent on to South Korea": a removal to a place outside the North
    moves the defector on; it ends no attempt (one "to the North", "to Pyongyang" does)."""
    found = reader.found
    to = _TO.match(found.text, hit.end)
    if to is None:
        return False
    place = next(iter(found.starting("places", to.end(), to.end() + 1)), None)
    return place is not None and reader.country_of(place) not in (None, "North Korea")


_HELD_FOR = re.compile(r"\s+(?:for\s+)?(?:about\s+|nearly\s+|almost\s+|over\s+|more\s+than\s+)?")
_HELD = ("imprisonment", "capture", "arrest")


def _without_held_stays(text: str, hits: list[TriggerHit]) -> list[TriggerHit]:
    """ "imprisoned for two years in Hamhung": the time and place of a stay right after a detention are
    the detention's (its duration and place), not a route stay of their own."""
    kept: list[TriggerHit] = []
    for hit in hits:
        if (
            kept
            and hit.kinds[0] == "route:stay"
            and any(k in _HELD for k in kept[-1].kinds)
            and _HELD_FOR.fullmatch(text, kept[-1].end, hit.start)
        ):
            continue
        kept.append(hit)
    return kept


def _elsewhere(reader: EntryReader, event: EventDraft, window: Window) -> bool:
    """True when a window names another place or another length than ``event`` has: a second event."""
    places = {reader.place_key(p) for p in window.places}
    if places and event.places and not places & set(event.places):
        return True
    return bool(window.durations and event.duration and window.durations[0].iso != event.duration)


def _imprisonment_details(reader: EntryReader) -> None:
    """Camps the entry names elsewhere ("his experiences in … Yodok … camps") and "released ten years later"."""
    prisons = [e for e in reader.life_events if e.kind == "imprisonment"]
    if not prisons:
        return
    used = {p for e in reader.life_events if e.kind in ("imprisonment", "birth") for p in e.places}
    camps = [
        reader.place_key(p)
        for p in reader.found.places
        if p.type == "camp" and not reader.blocked_at(p.start, p.end)
    ]
    unclaimed = [c for c in dict.fromkeys(camps) if c not in used]
    if len(prisons) == 1 and not prisons[0].places:
        prisons[0].places.extend(unclaimed)
    for release in (e for e in reader.life_events if e.kind == "release"):
        shift = next(
            (
                d.shift
                for d in reader.found.dates
                if d.shift
                and d.value is None
                and reader.entry.local(release.span.start)
                <= d.start
                < reader.entry.local(release.span.end)
            ),
            None,
        )
        if shift is None:
            continue
        prison = next(
            (p for p in prisons if p.duration is None and p.position < release.position), None
        )
        if prison is not None:
            prison.duration = duration_of(shift)


_WHERE_BEFORE = re.compile(r",?\s+where\s+(?:[\w'-]+\s+){0,3}$", re.IGNORECASE)
_OPENING_CLAUSE = re.compile(
    r"\s*(?:[–—:]\s*)?(?:when|while|after|as|once|upon|during|before)\b[^,;]*,", re.IGNORECASE
)
_HARD_STOP_BEFORE = re.compile(r"\s[–—:]\s*(?=\w)")
_BORROWS_PLACE = (
    "death",
    "killing",
    "capture",
    "arrest",
    "injury",
    "execution",
    "shooting",
    "rescue",
    "imprisonment",
)


def _places_referred_to(reader: EntryReader, hit: TriggerHit, kind: str) -> list[Found]:
    """The place a trigger with none in its own words refers to: the one before "…, where they were
    arrested", or the one of an opening clause ("When the pair were stopped at X, … died")."""
    if kind not in _BORROWS_PLACE:
        return []
    found = reader.found
    sentence = found.sentence_at(hit.start)
    before = [
        p
        for p in found.starting("places", sentence.start, hit.start)
        if not reader.blocked_at(p.start, p.end)
    ]
    if not before:
        return []
    if _WHERE_BEFORE.fullmatch(found.text, before[-1].end, hit.start):
        return before[-1:]
    starts = [sentence.start] + [
        m.start() for m in _HARD_STOP_BEFORE.finditer(found.text, sentence.start, hit.start)
    ]
    for start in starts:  # at the start of the sentence, or after "Name –"
        opening = _OPENING_CLAUSE.match(found.text, start, hit.start)
        if opening is not None:
            return [p for p in before if start <= p.start < opening.end()][-1:]
    return []


def opening_date(reader: EntryReader, position: int) -> DateValue | None:
    """The date a sentence opens with ("In 2009 she …"), written before any of its triggers: it dates
    every move and event of the sentence that has none of its own."""
    found = reader.found
    sentence = found.sentence_at(position)
    first = next(iter(found.starting("triggers", sentence.start, sentence.end)), None)
    dates = found.starting("dates", sentence.start, first.start if first else sentence.end)
    if (
        not dates
        or dates[0].value is None
        or re.search(r"[;:]", found.text[dates[0].end : position])
    ):
        return None  # "…; his father, who tried to follow them, …": a new clause, not the opening's time
    lead = found.text[sentence.start : dates[0].start].strip(" –—-").split()
    return dates[0].value if lead in ([], ["In"], ["in"], ["On"], ["on"], ["By"], ["by"]) else None


_WHEN = re.compile(r"\s*,?\s*when\b", re.IGNORECASE)


def _date_of_when(reader: EntryReader, window: Window) -> DateValue | None:
    """ "lost his left hand … when he fell from a train in 1996": the time clause dates the event."""
    found = reader.found
    if not _WHEN.match(found.text, window.end):
        return None
    sentence = found.sentence_at(window.start)
    end = found.next_boundary(window.end + 5, sentence.end)
    dates = [d for d in found.starting("dates", window.end, end) if d.value is not None]
    return dates[0].value if dates else None


def _date_of_clause(reader: EntryReader, hit: TriggerHit) -> DateValue | None:
    """ "…, but in 1995 he was seized": a date written in the trigger's own clause before it."""
    found = reader.found
    sentence = found.sentence_at(hit.start)
    index = bisect_left(found.boundaries, hit.start) - 1
    start = max(sentence.start, found.boundaries[index] if index >= 0 else sentence.start)
    triggers = found.starting("triggers", start, hit.start)
    if triggers:
        start = triggers[-1].end
    dates = [d for d in found.starting("dates", start, hit.start) if d.value is not None]
    between = found.text[dates[-1].end : hit.start] if dates else ""
    if not dates or "," in between or re.search(r"\b(?:and|or|then)\b", between):
        return None  # "in April, charged with plotting …", "in 2009 and has released …": the earlier verb's
    value: DateValue | None = dates[-1].value
    return value


def _life_event(
    reader: EntryReader, hit: TriggerHit, kind: str, window: Window, previous: EventDraft | None
) -> EventDraft | None:
    actor = reader.actor_before(hit.start) or reader.primary
    participants = _participants(reader, hit, kind, window, actor)
    date = first_date(window) or _date_of_clause(reader, hit) or _date_of_when(reader, window)
    if date is None and kind in _INHERITS_DATE and previous is not None:
        date = previous.date
    if date is None and kind in _INHERITS_DATE:
        date = _previous_cue_date(reader, hit, actor)
    if date is None and kind not in _NO_PLACES:
        date = opening_date(reader, hit.start)
    event = _merge_target(reader, kind, participants, date, window)
    if event is None:
        event = EventDraft(
            kind=kind, entry_id=reader.entry.id, span=reader.span(hit.start, window.end), position=hit.start,
            date=date, description=whole_phrase(reader.found.text[hit.start : window.end]) or None,
        )  # fmt: skip
        reader.life_events.append(event)
    for person, role in participants:
        event.add_participant(person, role)
    for place in (
        (window.places or _places_referred_to(reader, hit, kind)) if kind not in _NO_PLACES else ()
    ):
        key = reader.place_key(place)
        if key not in event.places:
            event.places.append(key)
    for organization in window.organizations:
        key = reader.place_key(organization)
        if key not in event.organizations:
            event.organizations.append(key)
    if window.durations and event.duration is None:
        event.duration = window.durations[0].iso
    if event.end_date is None:
        event.end_date = _end_of_range(reader, window)
    if kind == "failed defection attempt":
        event.outcome = "failed"
    if _SURVIVED.search(reader.found.text[max(0, hit.start - 30) : hit.start]):
        event.outcome = "survived"
    event.citations.update(reader.citations_at(hit.start))
    if kind == "employment":
        _employment(reader, event, actor, hit)
    reader.use(hit.start)
    return event


def _participants(
    reader: EntryReader, hit: TriggerHit, kind: str, window: Window, actor: str | None
) -> list[tuple[str, str]]:
    """Who took part, and how; companions written in the window take the same part."""
    role = hit.trigger.role if hit.trigger.role in ("actor", "target") else "actor"
    text = reader.found.text
    after = reader.refs_starting(hit.end, window.end)
    if kind == "shooting" and hit.text.lower().startswith(("fired", "opened")):
        at = _AT.search(text, hit.end, window.end)
        if at is not None:
            return [(r.key, "target") for r in after if r.start >= at.end()][:1]
    if kind == "assassination attempt" and "assassinate" in hit.text.lower() and after:
        target = after[0].key
        result = [(target, "target")]
        if actor is not None and actor != target:
            result.insert(0, (actor, "actor"))
            reader.registry.relate(
                actor, "target", target, "associate", reader.span(hit.start, window.end)
            )
        return result
    if kind == "announcement":
        return [(reader.primary, "target")] if reader.primary else []
    result = [(actor, role)] if actor is not None else []
    for person in reader.companions_in(window.start, window.end):
        if person != actor:
            result.append((person, role))
    if kind not in _ALONE:
        result += [
            (person, role) for person in _opening_companions(reader, hit, actor) if person != actor
        ]
    if hit.text.lower().startswith(
        "were "
    ):  # "his mother, X, and his brother, Y, were executed": both
        result += [(person, role) for person in _plural_subject(reader, hit) if person != actor]
    return list(dict.fromkeys(result))


def _plural_subject(reader: EntryReader, hit: TriggerHit) -> list[str]:
    """The people coordinated in the clause before a plural verb."""
    found = reader.found
    sentence = found.sentence_at(hit.start)
    index = bisect_left(found.boundaries, hit.start) - 1
    start = max(sentence.start, found.boundaries[index] if index >= 0 else sentence.start)
    refs = [
        r
        for r in reader.refs_starting(start, hit.start)
        if r.subject and r.key in reader.registry.people
    ]
    if len(refs) < 2 or not re.search(r"\band\b", found.text[refs[0].end : refs[-1].start]):
        return []
    return list(dict.fromkeys(r.key for r in refs))


_OPENING_WITH = re.compile(
    r"\s*(?:[A-Z][a-z]+ing\s+(?:[\w-]+\s+){0,3}?)?(?:(?:together|along)\s+)?with\s+(?:[\w'-]+\s+){0,3}?"
)
_MERGE_REACH = 3000  # characters: farther than any entry of the genre writes one event twice
_ALONE = (
    "death",
    "birth",
    "injury",
    "execution",
    "killing",
    "sentencing",
    "pardon",
    "election",
    "award",
)


def _opening_companions(reader: EntryReader, hit: TriggerHit, actor: str | None) -> list[str]:
    """ "Travelling with a fellow agent, X, …, she left a bomb …": X takes part in what the sentence's
    subject does (not in what happens to her alone)."""
    sentence = reader.found.sentence_at(hit.start)
    opening = _OPENING_WITH.match(reader.found.text, sentence.start, hit.start)
    if opening is None or actor is None:
        return []
    comma = reader.found.text.find(",", opening.end(), hit.start)
    stop = (
        reader.found.text.find(",", comma + 1, hit.start)
        if comma >= 0 and reader.found.text[opening.end() : comma].strip().islower()
        else comma
    )
    end = stop if stop >= 0 else hit.start
    return [
        r.key
        for r in reader.refs_starting(opening.end() - 1, end)
        if r.key != actor and r.key in reader.registry.people
    ][:2]


def _end_of_range(reader: EntryReader, window: Window) -> DateValue | None:
    """The end of a range the window's first date opens ("from 1998 to 2002", "between 1998 and 2002")."""
    dates = [d for d in window.dates if d.value is not None]
    if len(dates) < 2 or dates[1].start < dates[0].end:
        return None
    text = reader.found.text
    opens = _RANGE_OPENS.search(text, max(0, dates[0].start - 12), dates[0].start)
    if opens is None or not _RANGE_JOIN.fullmatch(text, dates[0].end, dates[1].start):
        return None
    return dates[1].value


def first_date(window: Window) -> DateValue | None:
    """The first date with a value in a window."""
    return next((d.value for d in window.dates if d.value is not None), None)


def _previous_cue_date(reader: EntryReader, hit: TriggerHit, actor: str | None) -> DateValue | None:
    """The date of the same person's move just before ``hit`` in its sentence ("he crossed … in 2001, was caught")."""
    sentence = reader.found.sentence_at(hit.start).index
    for cue in reversed(reader.cues):
        if (
            cue.sentence == sentence
            and cue.hit.start < hit.start
            and (cue.actor or reader.primary) == actor
        ):
            date = first_date(cue.window)
            if date is not None:
                return date
    return None


def _merge_target(
    reader: EntryReader,
    kind: str,
    participants: list[tuple[str, str]],
    date: DateValue | None,
    window: Window | None = None,
) -> EventDraft | None:
    """An earlier event this one repeats ("he was struck" after "fired at Oh"; "survived the shooting")."""
    if kind not in _MERGEABLE:
        return None
    keys = {p for p, _ in participants}
    reach = window.start - _MERGE_REACH if window is not None else -1
    for event in reversed(reader.life_events):
        if event.position < reach:
            break  # an event this far back is another one (keeps a very long entry linear)
        if event.kind != kind:
            continue
        if keys and not keys & {p.key for p in event.participants} and event.participants:
            continue
        if date is not None and event.date is not None and date != event.date:
            continue
        if window is not None and _elsewhere(reader, event, window):
            continue
        if date is not None and event.date is None:
            event.date = date
        return event
    return None


def _employment(reader: EntryReader, event: EventDraft, actor: str | None, hit: TriggerHit) -> None:
    """ "worked in … the Kim Il-sung Socialist Youth League", "joined the … Air Force": an affiliation."""
    if actor is None or actor not in reader.registry.people:
        return
    joined = hit.text.lower().startswith("joined")
    for organization in event.organizations:
        reader.registry.affiliate(
            Affiliation(
                person=actor, organization=organization, role=None,
                kind="member" if joined else "employment", span=event.span,
            )
        )  # fmt: skip
