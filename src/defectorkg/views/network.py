"""The three networkx views of the graph, and the neighbourhood of a named node.

* ``people``: people and groups; kinship and association edges; "same event as" edges
  between two parties that took part in the same event (or in its route steps).
* ``full``: everything but sources: people, groups, organizations, places, events, works.
* ``sources``: sources with the people and groups that cite them, their authors and
  publishers.

Edge direction: an edge ``u -> v`` with ``relation`` "uncle of" reads "u is the uncle of v".
Where that is the reverse of the stated triple (``v dkg:hasUncle u``), the edge has
``inverse = 1``; ``predicate`` is always the property stated in the graph.

Views are built by iterating triples by predicate (plus one pass over all triples for the
full view), never with a query per node.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal, get_args

import networkx as nx

from ..errors import UnknownNameError
from ..iris import fold
from ..rdf.vocab import DKG, SCHEMA, SEM
from .index import (
    FULL_KINDS,
    PEOPLE_KINDS,
    RDF_TYPE,
    Attr,
    Index,
    RDFTriples,
    Term,
    Triples,
    is_iri,
    lexical,
    local_name,
    read_index,
    split_camel,
)

ViewName = Literal["people", "full", "sources"]
VIEW_NAMES: tuple[str, ...] = get_args(ViewName)


SAME_EVENT = "same event as"
_PARTICIPATION = (SEM.hasActor, DKG.target, DKG.agent)

# predicate -> (relation, inverse, category); sem:hasPlace is refined by the event's kind.
_RELATIONS: dict[str, tuple[str, bool, str]] = {
    str(k): v
    for k, v in {
        SCHEMA.memberOf: ("member of", False, "membership"),
        SCHEMA.worksFor: ("works for", False, "membership"),
        DKG.notableWork: ("notable work", False, "authorship"),
        SCHEMA.author: ("wrote", True, "authorship"),
        SCHEMA.publisher: ("published", True, "authorship"),
        SCHEMA.about: ("about", False, "about"),
        SCHEMA.citation: ("cited by", True, "citation"),
        SEM.hasActor: ("took part in", True, "participation"),
        DKG.target: ("target of", True, "participation"),
        DKG.agent: ("agent of", True, "participation"),
        DKG.defection: ("defected in", False, "participation"),
        SEM.subEventOf: ("step of", False, "route"),
        SEM.hasPlace: ("at", False, "place"),
        DKG.involvedOrganization: ("involved", False, "organization"),
        DKG.work: ("work", False, "work"),
        SCHEMA.containedInPlace: ("located in", False, "place"),
        SCHEMA.location: ("located in", False, "place"),
        SCHEMA.areaServed: ("serves", False, "place"),
    }.items()
}
_PLACE_RELATION_BY_KIND = {
    "arrival": "arrived in", "embassy asylum": "asylum in", "third-country transit": "transit in",
    "flight": "flew to", "imprisonment": "held at", "birth": "born in", "death": "died in",
}  # fmt: skip


# ---------------------------------------------------------------------------------------
# Edges
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Edge:
    """One view edge before it is added (sortable, so the order is fixed)."""

    source: str
    target: str
    relation: str
    predicate: str
    category: str
    inverse: int = 0
    via: str = ""
    via_kind: str = ""
    role: str = ""

    def sort_key(self) -> tuple[str, str, str, str, str, int, str, str, str]:
        """The fields as a tuple: sorting by it is the order of the view's edges."""
        return (self.source, self.target, self.relation, self.predicate, self.category,
                self.inverse, self.via, self.via_kind, self.role)  # fmt: skip

    def attributes(self) -> dict[str, Attr]:
        """The edge attributes, without empty ones."""
        attrs: dict[str, Attr] = {
            "relation": self.relation, "predicate": self.predicate,
            "category": self.category, "inverse": self.inverse,
        }  # fmt: skip
        for key in ("via", "via_kind", "role"):
            value = getattr(self, key)
            if value:
                attrs[key] = value
        return attrs


_HAS_PLACE, _MEMBER_OF, _CITATION = str(SEM.hasPlace), str(SCHEMA.memberOf), str(SCHEMA.citation)


def _edge(index: Index, s: str, p: str, o: str) -> _Edge:
    """The readable edge for the stated triple ``s p o``."""
    if p in index.ties:
        name, category = index.ties[p]
        return _Edge(o, s, f"{name} of", p, category, inverse=1)
    relation, inverse, category = _RELATIONS.get(p, (split_camel(local_name(p)), False, "other"))
    if p == _HAS_PLACE:
        kind = str(index.attributes[s].get("event_kind", ""))
        relation = _PLACE_RELATION_BY_KIND.get(
            kind, "crossed at" if kind.endswith("crossing") else "at"
        )
    if inverse:
        return _Edge(o, s, relation, p, category, inverse=1)
    return _Edge(s, o, relation, p, category)


def _roles(graph: Triples) -> dict[tuple[Term, Term], str]:
    """Role names of affiliations, by (person, organization)."""
    organization = dict(graph.subject_objects(DKG.organization))
    role_names: dict[Term, set[str]] = defaultdict(set)
    for s, o in graph.subject_objects(SCHEMA.roleName):
        role_names[s].add(lexical(o))
    roles: dict[tuple[Term, Term], set[str]] = defaultdict(set)
    for person, affiliation in graph.subject_objects(DKG.affiliation):
        if affiliation in organization:
            roles[(person, organization[affiliation])].update(role_names.get(affiliation, ()))
    return {k: "; ".join(sorted(v)) for k, v in roles.items() if v}


def _tie_edges(index: Index, members: frozenset[str]) -> Iterator[_Edge]:
    """Kinship and association edges between two nodes of kinds in ``members``."""
    for prop in sorted(index.ties):
        for s, o in index.graph.subject_objects(prop):
            if index.kinds.get(s) in members and index.kinds.get(o) in members:  # type: ignore[call-overload]
                yield _edge(index, s, prop, o)  # type: ignore[arg-type]


def _top_event(index: Index, event: str) -> str:
    """The top of the sem:subEventOf chain above ``event`` (cycles stop where they repeat)."""
    seen = {event}
    while event in index.parent_event and index.parent_event[event] not in seen:
        event = index.parent_event[event]
        seen.add(event)
    return event


def _same_event_edges(index: Index) -> Iterator[_Edge]:
    """One edge per pair of parties that took part in the same top-level event."""
    parties: dict[str, set[str]] = defaultdict(set)
    for prop in _PARTICIPATION:
        for event, party in index.graph.subject_objects(prop):
            if index.kinds.get(party) in PEOPLE_KINDS and is_iri(event):  # type: ignore[call-overload]
                parties[_top_event(index, event)].add(party)  # type: ignore[arg-type]
    for top in sorted(parties):
        members = sorted(parties[top])
        kind = str(index.attributes.get(top, {}).get("event_kind", ""))
        for i, first in enumerate(members):
            for second in members[i + 1 :]:
                yield _Edge(first, second, SAME_EVENT, str(SEM.hasActor), "same event",
                            via=top, via_kind=kind)  # fmt: skip


def _full_edges(index: Index) -> Iterator[_Edge]:
    """Every IRI-to-IRI triple between two full-view nodes, with a readable relation."""
    roles = _roles(index.graph)
    kinds = index.kinds
    for p, pairs in index.graph.by_predicate.items():
        if p == RDF_TYPE:
            continue
        for s, o in pairs:
            if kinds.get(s) not in FULL_KINDS or kinds.get(o) not in FULL_KINDS:  # type: ignore[call-overload]
                continue
            edge = _edge(index, s, p, o)  # type: ignore[arg-type]
            if p == _MEMBER_OF and (s, o) in roles:
                edge = _Edge(edge.source, edge.target, edge.relation, edge.predicate, edge.category,
                             role=roles[(s, o)])  # fmt: skip
            yield edge


def _source_edges(index: Index) -> Iterator[_Edge]:
    """Citations of sources by people and groups, and authors and publishers of sources."""
    for s, o in index.graph.subject_objects(SCHEMA.citation):
        if index.kinds.get(s) in PEOPLE_KINDS and index.kinds.get(o) == "source":  # type: ignore[call-overload]
            yield _edge(index, s, _CITATION, o)  # type: ignore[arg-type]
    for prop in (SCHEMA.author, SCHEMA.publisher):
        for s, o in index.graph.subject_objects(prop):
            if index.kinds.get(s) == "source" and o in index.kinds:  # type: ignore[call-overload]
                yield _edge(index, s, str(prop), o)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------
# Views
# ---------------------------------------------------------------------------------------


def _assemble(
    index: Index, name: str, nodes: Iterable[str], edges: Iterable[_Edge]
) -> nx.MultiDiGraph:
    """A MultiDiGraph with nodes and edges added in sorted order; edge keys "e0", "e1", …"""
    view = nx.MultiDiGraph(name=name)
    for node in sorted(set(nodes)):
        view.add_node(node, **index.attributes[node])
    for number, edge in enumerate(sorted(set(edges), key=_Edge.sort_key)):
        view.add_edge(edge.source, edge.target, key=f"e{number}", **edge.attributes())
    return view


def build_view(index: Index, name: str) -> nx.MultiDiGraph:
    """One named view over an index."""
    if name == "people":
        nodes = [n for n, k in index.kinds.items() if k in PEOPLE_KINDS]
        edges = [*_tie_edges(index, PEOPLE_KINDS), *_same_event_edges(index)]
    elif name == "full":
        nodes = [n for n, k in index.kinds.items() if k in FULL_KINDS]
        edges = list(_full_edges(index))
    elif name == "sources":
        edges = list(_source_edges(index))
        ends = {e.source for e in edges} | {e.target for e in edges}
        nodes = [n for n, k in index.kinds.items() if k == "source"] + sorted(ends)
    else:
        raise ValueError(f"unknown view {name!r}; expected one of {', '.join(VIEW_NAMES)}")
    return _assemble(index, name, nodes, edges)


def view(graph: RDFTriples, name: ViewName = "people") -> nx.MultiDiGraph:
    """The named view of ``graph`` as a MultiDiGraph (nodes and edges in sorted order)."""
    return build_view(read_index(graph), name)


def views(graph: RDFTriples) -> dict[str, nx.MultiDiGraph]:
    """All three views, reading the graph once."""
    index = read_index(graph)
    return {name: build_view(index, name) for name in VIEW_NAMES}


def sorted_subgraph(graph: nx.MultiDiGraph, nodes: Iterable[str]) -> nx.MultiDiGraph:
    """A copy of the subgraph on ``nodes`` with nodes and edges in sorted order."""
    keep = set(nodes)
    sub = nx.MultiDiGraph(**graph.graph)
    for node in sorted(keep):
        sub.add_node(node, **graph.nodes[node])
    edges = [
        (u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True) if u in keep and v in keep
    ]
    for u, v, k, d in sorted(edges, key=lambda e: (e[0], e[1], str(e[2]))):
        sub.add_edge(u, v, key=k, **d)
    return sub


def _display_names(view_graph: nx.MultiDiGraph) -> dict[str, list[str]]:
    """Folded name -> nodes, over labels and alternate names."""
    found: dict[str, list[str]] = defaultdict(list)
    for node, data in view_graph.nodes(data=True):
        names = [str(data.get("label", node))]
        names += [n for n in str(data.get("names", "")).split("; ") if n]
        for name in names:
            found[fold(name)].append(node)
    return found


def neighbourhood(view_graph: nx.MultiDiGraph, focus_name: str, depth: int) -> nx.MultiDiGraph:
    """The nodes within ``depth`` steps (either direction) of the node named ``focus_name``.

    The name is matched on its folded key ("hwang jang yop" finds "Hwang Jang-yop"), against
    labels and alternate names. An unknown name raises UnknownNameError with the closest
    display names.
    """
    if depth < 0:
        raise UnknownNameError(f"--depth {depth}: must be 0 or more")
    matches = _display_names(view_graph).get(fold(focus_name))
    if not matches:
        labels = sorted({str(d.get("label", n)) for n, d in view_graph.nodes(data=True)})
        by_fold = {fold(label): label for label in labels}
        close = difflib.get_close_matches(fold(focus_name), sorted(by_fold), n=5, cutoff=0.5)
        hint = ", ".join(repr(by_fold[c]) for c in close) if close else "none"
        view_name = view_graph.graph.get("name", "")
        raise UnknownNameError(
            f"{focus_name!r}: no such name in the {view_name} view; closest matches: {hint}"
        )
    undirected = nx.Graph(view_graph)
    keep: set[str] = set()
    for node in sorted(set(matches)):
        keep.update(nx.single_source_shortest_path_length(undirected, node, cutoff=depth))
    sub = sorted_subgraph(view_graph, keep)
    sub.graph["focus"] = focus_name
    sub.graph["depth"] = depth
    return sub
