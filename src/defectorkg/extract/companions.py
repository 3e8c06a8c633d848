"""Who went along: companions, co-defectors and partners of a defection.

A relative written with the subject or after "with" a move ("with her son") defected too when
an individual, and is a companion when collective ("his family"); a named person who is not a
relative and moves in the entry ("X and Y fled") is a co-defector of the subject; a person
written after "with"/"alongside" a move is the mover's partner ("sought asylum alongside him").
:func:`party_of` says whose move a route cue is; the route rules ask it too.
"""

from __future__ import annotations

import re

from .people import age_at_defection
from .reader import Cue, EntryReader, in_time_order

_WITH = re.compile(r"\b(?:(?:together|along)\s+with|with|alongside)\s+$", re.IGNORECASE)


def read_companions(reader: EntryReader) -> None:
    """Companions, co-defectors and partners of the entry's moves, and the movers' ages."""
    _take_companions(reader)
    for cue in in_time_order(reader.cues):
        if party_of(reader, cue) == "route":
            age_at_defection(reader, cue)
            _partners(reader, cue)


def _take_companions(reader: EntryReader) -> None:
    """Relatives written with the subject or after "with" a move went along: individuals defected."""
    first_move = next(
        (c.hit.start for c in reader.cues if c.kind != "stay"), len(reader.found.text)
    )
    windows = reader.cue_windows()
    routes = [party_of(reader, c) == "route" for c in reader.cues]
    for offset, person_key in reader.companion_slots:
        if not (
            offset < first_move
            or any(routes[i] for _s, _e, i in windows.overlapping(offset, offset + 1))
        ):
            continue
        _companion(reader, person_key)


def _companion(reader: EntryReader, person_key: str) -> None:
    """An individual who went along defected; a collective relative is a companion only."""
    if reader.person(person_key) is None:
        return
    if person_key in reader.collective:
        reader.companions[person_key] = "companion"
    else:
        reader.add_defector(person_key)


def party_of(reader: EntryReader, cue: Cue) -> str:
    """Whose move a cue is: the entry's defectors ("route"), a relative's, or nobody's to record."""
    if cue.kind == "bring":
        return "bring"
    actor = cue.actor or reader.primary
    if actor is None or actor in reader.not_defectors:
        return "ignore" if actor in reader.not_defectors else "route"
    if actor in reader.defectors or actor in reader.companions:
        return "route"
    if actor in reader.related and _with_a_defector(reader, cue, actor):
        reader.add_defector(actor)  # "His wife Y defected with him."
        return "route"
    if actor in reader.related:
        if actor in reader.collective:  # "until his family fled to South Korea": they went with him
            reader.companions[actor] = "companion"
            return "route"
        return "relative" if cue.kind in ("motion", "defection", "sea", "flight") else "ignore"
    if actor in reader.registry.people and cue.kind in ("motion", "defection"):
        _co_defector(reader, actor, cue)
        return "route"
    return "route"


def _with_a_defector(reader: EntryReader, cue: Cue, actor: str) -> bool:
    """True when a move's window names a defector of the entry after "with" ("… with him")."""
    if cue.kind not in ("motion", "defection", "sea", "flight", "asylum"):
        return False
    text = reader.found.text
    return any(
        ref.key != actor
        and ref.key in reader.defectors
        and _WITH.search(text[max(0, ref.start - 20) : ref.start])
        for ref in reader.refs_starting(cue.hit.end, cue.window.end)
    )


def _co_defector(reader: EntryReader, actor: str, cue: Cue) -> None:
    """A named person who defected in this entry alongside its subject."""
    reader.add_defector(actor)
    partner = next(
        (r.key for r in reader.refs_starting(cue.hit.end, cue.window.end) if r.key != actor),
        reader.primary,
    )
    if partner is not None and partner != actor:
        span = reader.span(cue.hit.start, cue.window.end)
        reader.registry.relate(actor, "co-defector", partner, "associate", span)
        reader.registry.relate(partner, "co-defector", actor, "associate", span)


def _partners(reader: EntryReader, cue: Cue) -> None:
    """ "sought asylum alongside him": a person (not a relative) who defected together with the actor."""
    actor = cue.actor or reader.primary
    if actor is None or cue.kind not in ("motion", "defection", "asylum", "sea", "flight"):
        return
    text = reader.found.text
    for ref in reader.refs_starting(cue.hit.end, cue.window.end):
        if ref.key == actor or ref.key in reader.related:
            continue
        if ref.key not in reader.registry.people or not _WITH.search(
            text[max(0, ref.start - 20) : ref.start]
        ):
            continue
        span = reader.span(cue.hit.start, cue.window.end)
        reader.registry.relate(actor, "co-defector", ref.key, "associate", span)
        reader.registry.relate(ref.key, "co-defector", actor, "associate", span)
