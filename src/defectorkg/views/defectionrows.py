"""Defections: each defecting party (defector or group) with its date and first route step.

The statistics count them per decade and route kind; the timeline draws them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from rdflib import URIRef

from ..kinds import ROUTE_KINDS
from ..rdf.vocab import DKG
from .index import Index, RDFTriples, Term, Triples, lexical, read_index


@dataclass(frozen=True, slots=True)
class Defection:
    """A defecting party (defector or group) with its date and the first step of its route.

    ``date`` is the arrival date when stated, else the date of the defection event, else the
    year of the entry that lists the party; ``date_basis`` says which ("arrival",
    "defection", "entry"), or both are None when the graph has no date at all.
    ``route`` is the kind of the first route step other than "arrival", or "unknown".
    """

    iri: str
    label: str
    kind: str
    date: str | None
    date_basis: str | None
    route: str

    @property
    def year(self) -> int | None:
        """The year of ``date``."""
        match = re.match(r"-?\d{4}", self.date or "")
        return int(match.group()) if match else None

    @property
    def decade(self) -> str:
        """ "1990s", or "undated"."""
        year = self.year
        return f"{year - year % 10}s" if year is not None else "undated"


def _first_values(graph: Triples, prop: URIRef) -> dict[Term, str]:
    """The smallest lexical value of ``prop`` per subject."""
    values: dict[Term, str] = {}
    for s, o in graph.subject_objects(prop):
        text = lexical(o)
        values[s] = min(values.get(s, text), text)
    return values


def _routes(index: Index) -> dict[str, str]:
    """The first route step's kind (not "arrival") for each defection event."""
    graph = index.graph
    kinds = _first_values(graph, DKG.kind)
    orders = {s: int(v) for s, v in _first_values(graph, DKG.stepOrder).items() if v.isdigit()}
    steps: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for step, parent in index.parent_event.items():
        kind = kinds.get(step, "")
        if kind in ROUTE_KINDS and kind != "arrival":
            order = orders.get(step, 10**9)
            steps[parent].append((order, ROUTE_KINDS.index(kind), kind))
    return {parent: min(found)[2] for parent, found in steps.items()}


def _entry_years(graph: Triples) -> dict[Term, str]:
    """The smallest year of an entry that lists each defecting party (dkg:mentionsDefector)."""
    years = _first_values(graph, DKG.year)
    found: dict[Term, str] = {}
    for entry, party in graph.subject_objects(DKG.mentionsDefector):
        if entry in years:
            year = years[entry]
            found[party] = min(found.get(party, year), year)
    return found


def read_defections(index: Index) -> tuple[Defection, ...]:
    """Every defector and group, sorted by date (undated last), then label."""
    graph = index.graph
    arrival = _first_values(graph, DKG.arrivalDate)
    event_dates = _first_values(graph, DKG.date)
    defection = _first_values(graph, DKG.defection)
    entry_year = _entry_years(graph)
    routes = _routes(index)
    found = []
    for node, kind in index.kinds.items():
        if kind not in ("defector", "group"):
            continue
        event = defection.get(node)
        dated = [
            ("arrival", arrival.get(node)),
            ("defection", event_dates.get(event) if event is not None else None),
            ("entry", entry_year.get(node)),
        ]
        basis, date = next(((b, d) for b, d in dated if d), (None, None))
        route = routes.get(event, "unknown") if event is not None else "unknown"
        found.append(Defection(node, index.label(node), kind, date, basis, route))
    return tuple(sorted(found, key=lambda d: (d.date is None, d.date or "", d.label, d.iri)))


def defections(graph: RDFTriples) -> tuple[Defection, ...]:
    """Every defector and group of ``graph`` with its date and route (see :class:`Defection`)."""
    return read_defections(read_index(graph))
