"""The relationship view: the RDF graph as networkx graphs, their statistics and file formats.

A view is a pure function of the RDF graph (never of the extraction records), so it shows
exactly what the graph says. Nodes are IRIs (the node id is the IRI string); literals become
node attributes, never nodes. Every attribute is a string or an integer, so GraphML and GEXF
can hold it. Views:

* ``people``: people and groups; kinship and association edges; "same event as" edges
  between two parties that took part in the same event (or in its route steps).
* ``full``: everything but sources: people, groups, organizations, places, events, works.
* ``sources``: sources with the people and groups that cite them, their authors and
  publishers.

Edge direction: an edge ``u -> v`` with ``relation`` "uncle of" reads "u is the uncle of v".
Where that is the reverse of the stated triple (``v dkg:hasUncle u``), the edge has
``inverse = 1``; ``predicate`` is always the property stated in the graph.

Views are built by iterating triples by predicate (plus one pass over all triples for the
full view), never with a query per node, so a graph of a million triples takes seconds.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal, get_args

import networkx as nx
from rdflib import Graph, URIRef
from rdflib import Literal as RDFLiteral
from rdflib.namespace import OWL, RDF, RDFS

from ..errors import UnknownNameError
from ..files import OutputSet
from ..iris import fold
from ..model import ASSOCIATIONS, KINSHIP, ROUTE_KINDS
from ..rdf.rdffiles import load_graph
from ..rdf.vocab import DCTERMS, DKG, PROV, SCHEMA, SEM, WD
from .viewformats import (
    WRITERS,
    gexf_bytes,
    graphml_bytes,
    node_link_bytes,
    write_gexf,
    write_graphml,
    write_node_link_json,
)

__all__ = [
    "NODE_KINDS", "SAME_EVENT", "VIEW_NAMES", "WRITERS", "Defection", "ViewName", "article_title",
    "defections", "format_stats", "gexf_bytes", "graphml_bytes", "load_graph", "most_connected",
    "neighbourhood", "node_link_bytes", "sorted_subgraph", "stats", "view", "views", "write_gexf",
    "write_graphml", "write_node_link_json", "write_view_files",
]  # fmt: skip

ViewName = Literal["people", "full", "sources"]
VIEW_NAMES: tuple[str, ...] = get_args(ViewName)

#: Attribute values GraphML and GEXF can hold.
Attr = str | int

WIKIDATA_ENTITY = str(WD)

#: Node kinds, in the order legends and tables list them.
NODE_KINDS: tuple[str, ...] = (
    "defector", "group", "relative", "person", "organization", "place", "event", "work",
    "source", "author", "publisher",
)  # fmt: skip
PEOPLE_KINDS = frozenset({"defector", "group", "relative", "person"})
FULL_KINDS = PEOPLE_KINDS | {"organization", "place", "event", "work"}

SAME_EVENT = "same event as"
_PARTICIPATION = (SEM.hasActor, DKG.target, DKG.agent)
_RDF_TYPE = str(RDF.type)


def _iris(*terms: URIRef) -> frozenset[str]:
    """Vocabulary terms as plain strings, the form IRIs take in a :class:`_Triples` snapshot."""
    return frozenset(str(term) for term in terms)


_PLACE_CLASSES = _iris(
    SCHEMA.Place, SCHEMA.Country, SCHEMA.City, SCHEMA.LandmarksOrHistoricalBuildings,
    SCHEMA.BodyOfWater, DKG.Province, DKG.Region, DKG.PrisonCamp, DKG.BorderArea,
)  # fmt: skip
_ORGANIZATION_CLASSES = _iris(
    SCHEMA.Organization, SCHEMA.GovernmentOrganization, SCHEMA.NewsMediaOrganization,
    DKG.PoliticalParty, DKG.MilitaryUnit, DKG.Publisher, DKG.DiplomaticMission,
    DKG.InternationalOrganization,
)  # fmt: skip
_EVENT_CLASSES = _iris(DKG.Event, SEM.Event, SCHEMA.Event)
_WORK_CLASSES = _iris(SCHEMA.CreativeWork, SCHEMA.Book, DKG.Work, DKG.Memoir)
_GROUP_CLASSES = _iris(DKG.DefectorGroup)
_NOT_NODES = _iris(DKG.Entry, DKG.Article, DKG.Affiliation)
_SOURCE, _DEFECTOR, _PERSON, _ENTRY = (str(DKG.Source), str(DKG.Defector), str(SCHEMA.Person), str(DKG.Entry))

# predicate -> (relation, inverse, category); sem:hasPlace is refined by the event's kind.
_RELATIONS: dict[str, tuple[str, bool, str]] = {str(k): v for k, v in {
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
}.items()}
_PLACE_RELATION_BY_KIND = {
    "arrival": "arrived in", "embassy asylum": "asylum in", "third-country transit": "transit in",
    "flight": "flew to", "imprisonment": "held at", "birth": "born in", "death": "died in",
}  # fmt: skip

# Literal attributes: (attribute, predicate, integer?).
_LITERAL_ATTRIBUTES: tuple[tuple[str, URIRef, bool], ...] = (
    ("names", SCHEMA.alternateName, False),
    ("roles", SCHEMA.jobTitle, False),
    ("description", SCHEMA.description, False),
    ("age", DKG.ageAtDefection, True),
    ("arrived", DKG.arrivalDate, False),
    ("size", DKG.groupSize, True),
    ("event_kind", DKG.kind, False),
    ("date", DKG.date, False),
    ("end_date", DKG.endDate, False),
    ("duration", DKG.duration, False),
    ("vehicle", DKG.vehicle, False),
    ("outcome", DKG.outcome, False),
    ("step_order", DKG.stepOrder, True),
    ("place_type", DKG.placeType, False),
    ("organization_type", DKG.organizationType, False),
    ("work_kind", DKG.workKind, False),
    ("published", SCHEMA.datePublished, False),
    ("reference", DKG.referenceNumber, True),
    ("authors", DKG.authorList, False),
)


Term = object  # an IRI as a plain str, or an rdflib Literal/BNode


def _is_iri(term: Term) -> bool:
    """True for an IRI of a :class:`_Triples` snapshot (a plain str, not a Literal or BNode)."""
    return type(term) is str


class _Triples:
    """Every triple of a graph, read in one pass and kept by predicate.

    rdflib's in-memory store answers a (None, P, None) pattern at several microseconds a
    triple (it looks up each triple's contexts); dumping all triples once is faster, and
    every later lookup is a plain dict access. IRIs become plain ``str`` (rdflib terms
    compare in Python, which dominated the time on large graphs); literals stay Literals.
    """

    def __init__(self, graph: Graph) -> None:
        by_predicate: dict[str, list[tuple[Term, Term]]] = defaultdict(list)
        for s, p, o in graph:
            by_predicate[str(p)].append(
                (str(s) if type(s) is URIRef else s, str(o) if type(o) is URIRef else o)
            )
        self.by_predicate = dict(by_predicate)

    def subject_objects(self, prop: str) -> list[tuple[Term, Term]]:
        """(subject, object) of every triple with predicate ``prop``."""
        return self.by_predicate.get(str(prop), [])

    def subjects(self, prop: str) -> list[Term]:
        """The subject of every triple with predicate ``prop``."""
        return [s for s, _ in self.subject_objects(prop)]

    def transitive_subjects(self, prop: str, top: str) -> set[Term]:
        """``top`` and everything that reaches it through ``prop`` (``x prop+ top``)."""
        below: dict[Term, list[Term]] = defaultdict(list)
        for s, o in self.subject_objects(prop):
            below[o].append(s)
        found: set[Term] = {str(top)}
        todo: list[Term] = [str(top)]
        while todo:
            for s in below.get(todo.pop(), []):
                if s not in found:
                    found.add(s)
                    todo.append(s)
        return found


# ---------------------------------------------------------------------------------------
# Ties between people: dkg:has<Relation>, named after model.KINSHIP and model.ASSOCIATIONS
# ---------------------------------------------------------------------------------------


def _camel(name: str) -> str:
    """ "fellow defector" -> "FellowDefector", "co-defector" -> "CoDefector"."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[\s\-]+", name))


def _split_camel(local: str) -> str:
    """ "containedInPlace" -> "contained in place"."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", local).lower()


_TIE_NAMES: dict[str, tuple[str, str]] = {
    **{str(DKG["has" + _camel(n)]): (n, "kin") for n in KINSHIP},
    **{str(DKG["has" + _camel(n)]): (n, "associate") for n in ASSOCIATIONS},
    str(DKG.hasAssociate): ("associate", "associate"),
}


def _tie_predicates(graph: _Triples) -> dict[str, tuple[str, str]]:
    """Kinship and association properties: the model's, plus sub-properties the graph declares."""
    ties = dict(_TIE_NAMES)
    for top, category in ((DKG.hasRelative, "kin"), (DKG.hasAssociate, "associate")):
        for prop in graph.transitive_subjects(str(RDFS.subPropertyOf), str(top)):
            if _is_iri(prop) and prop not in ties:
                local = str(prop).rsplit("#", 1)[-1].removeprefix("has")
                ties[str(prop)] = (_split_camel(local), category)
    return ties


# ---------------------------------------------------------------------------------------
# Reading the graph once: kinds, labels, attributes
# ---------------------------------------------------------------------------------------


def _lexical(value: object) -> str:
    """The lexical form of a literal (never ``toPython()``: gYear must stay "1992")."""
    return str(value)


def _local_name(iri: str) -> str:
    """The last segment of an IRI path or fragment."""
    return re.split(r"[/#]", iri.rstrip("/#"))[-1]


@dataclass
class _Index:
    """What the views need from the graph, read by predicate in one go (IRIs as plain str)."""

    graph: _Triples
    kinds: dict[str, str]
    attributes: dict[str, dict[str, Attr]]
    ties: dict[str, tuple[str, str]]
    parent_event: dict[str, str]

    def label(self, node: str) -> str:
        """The display label of a node."""
        return str(self.attributes[node]["label"])


def _types(graph: _Triples) -> dict[str, set[str]]:
    """rdf:type of every IRI subject."""
    types: dict[str, set[str]] = defaultdict(set)
    for s, o in graph.subject_objects(_RDF_TYPE):
        if _is_iri(s) and _is_iri(o):
            types[s].add(o)  # type: ignore[index, arg-type]
    return types


def _entry_derived(graph: _Triples, types: dict[str, set[str]]) -> set[str]:
    """Nodes read from an entry (prov:wasDerivedFrom an entry, or with a dkg:mention)."""
    derived = {s for s, o in graph.subject_objects(PROV.wasDerivedFrom) if _ENTRY in types.get(o, ())}  # type: ignore[call-overload]
    derived.update(s for s in graph.subjects(DKG.mention) if _is_iri(s))
    return derived  # type: ignore[return-value]


def _reference_agents(graph: _Triples, types: dict[str, set[str]]) -> set[str]:
    """Authors and publishers of sources that no entry mentions."""
    agents: set[str] = set()
    for prop in (SCHEMA.author, SCHEMA.publisher):
        for s, o in graph.subject_objects(prop):
            if _SOURCE in types.get(s, ()) and _is_iri(o):  # type: ignore[call-overload]
                agents.add(o)  # type: ignore[arg-type]
    return agents - _entry_derived(graph, types)


def _tie_members(graph: _Triples, predicates: Iterable[str]) -> set[str]:
    """Every IRI on either side of a triple with one of ``predicates``."""
    members: set[str] = set()
    for prop in sorted(set(predicates)):
        for s, o in graph.subject_objects(prop):
            members.update(x for x in (s, o) if _is_iri(x))  # type: ignore[misc]
    return members


def _kind(node_types: set[str], node: str, reference_only: set[str], kin: set[str]) -> str | None:
    """The view kind of a typed IRI, or None when it is not a node of any view."""
    if node_types & _NOT_NODES:
        return None
    if _SOURCE in node_types:
        return "source"
    if node_types & _GROUP_CLASSES:
        return "group"
    if _DEFECTOR in node_types:
        return "defector"
    if _PERSON in node_types:
        if node in reference_only:
            return "author"
        return "relative" if node in kin else "person"
    if node_types & _EVENT_CLASSES:
        return "event"
    if node_types & _PLACE_CLASSES:
        return "place"
    if node_types & _ORGANIZATION_CLASSES:
        return "publisher" if node in reference_only else "organization"
    if node_types & _WORK_CLASSES:
        return "work"
    return None


def _node_kinds(graph: _Triples, ties: dict[str, tuple[str, str]]) -> dict[str, str]:
    """The kind of every IRI that is a node of some view."""
    types = _types(graph)
    reference_only = _reference_agents(graph, types)
    kin = _tie_members(graph, (p for p, (_, c) in ties.items() if c == "kin"))
    kinds = {}
    for node, node_types in types.items():
        kind = _kind(node_types, node, reference_only, kin)
        if kind is not None:
            kinds[node] = kind
    return kinds


def _collect(
    graph: _Triples, nodes: dict[str, str], attribute: str, prop: URIRef, integer: bool
) -> Iterator[tuple[str, str, Attr]]:
    """(node, attribute, value) for every literal value of ``prop`` on a node.

    Several values are joined with "; " in sorted order; integers keep the smallest.
    """
    values: dict[str, set[str]] = defaultdict(set)
    for s, o in graph.subject_objects(prop):
        if s in nodes and isinstance(o, RDFLiteral):
            values[s].add(_lexical(o))  # type: ignore[index]
    for node, found in values.items():
        if integer:
            numbers = [int(v) for v in found if re.fullmatch(r"[+-]?\d+", v)]
            if numbers:
                yield node, attribute, min(numbers)
        else:
            yield node, attribute, "; ".join(sorted(found))


def _iri_attributes(graph: _Triples, nodes: dict[str, str]) -> Iterator[tuple[str, str, Attr]]:
    """Attributes read from IRI objects: gender, Wikidata id, entries, cited references."""
    for s, o in graph.subject_objects(SCHEMA.gender):
        if s in nodes and _is_iri(o):
            yield s, "gender", _local_name(str(o)).lower()  # type: ignore[misc]
    for s, o in graph.subject_objects(OWL.sameAs):
        if s in nodes and _is_iri(o) and str(o).startswith(WIKIDATA_ENTITY):
            yield s, "wikidata", str(o)[len(WIKIDATA_ENTITY) :]  # type: ignore[misc]
    yield from _linked_ids(graph, nodes, "entries", PROV.wasDerivedFrom, DKG.entryId)
    yield from _linked_ids(graph, nodes, "sources", SCHEMA.citation, DKG.referenceNumber)


def _linked_ids(
    graph: _Triples, nodes: dict[str, str], attribute: str, link: URIRef, id_prop: URIRef
) -> Iterator[tuple[str, str, Attr]]:
    """The ids (``id_prop``) of what each node points to with ``link``, as "1997-1; 1997-2"."""
    ids = {s: _lexical(o) for s, o in graph.subject_objects(id_prop)}
    found: dict[str, set[str]] = defaultdict(set)
    for s, o in graph.subject_objects(link):
        if s in nodes and o in ids:
            found[s].add(ids[o])  # type: ignore[index]
    for node, values in found.items():
        yield node, attribute, "; ".join(sorted(values, key=_entry_sort_key))


def _entry_sort_key(text: str) -> tuple[tuple[int, str], ...]:
    """Natural order of "1997-2" < "1997-10" and "2" < "10"."""
    return tuple((int(p), "") if p.isdigit() else (0, p) for p in re.split(r"(\d+)", text) if p)


def _names(graph: _Triples, nodes: dict[str, str]) -> dict[str, str]:
    """schema:name of each node (the smallest when a node has several)."""
    names: dict[str, str] = {}
    for s, o in graph.subject_objects(SCHEMA.name):
        if s in nodes and isinstance(o, RDFLiteral):
            text = _lexical(o)
            names[s] = min(names.get(s, text), text)  # type: ignore[index, call-overload]
    return names


def _label(node: str, kind: str, name: str | None, attributes: dict[str, Attr]) -> str:
    """A display label: the name; "[6] title" for sources; "kind (date)" for unnamed events."""
    if kind == "source":
        ref = attributes.get("reference")
        title = name or str(attributes.get("raw", "")) or _local_name(node)
        return f"[{ref}] {title}" if ref is not None else title
    if name:
        return name
    if kind == "event" and "event_kind" in attributes:
        date = attributes.get("date")
        return f"{attributes['event_kind']} ({date})" if date else str(attributes["event_kind"])
    return _local_name(node)


def _read_index(rdf: Graph) -> _Index:
    """Read kinds, labels and attributes of every view node, predicate by predicate."""
    graph = _Triples(rdf)
    ties = _tie_predicates(graph)
    kinds = _node_kinds(graph, ties)
    attributes: dict[str, dict[str, Attr]] = {n: {} for n in kinds}
    for attribute, prop, integer in _LITERAL_ATTRIBUTES:
        for node, key, value in _collect(graph, kinds, attribute, prop, integer):
            attributes[node][key] = value
    for node, key, value in _iri_attributes(graph, kinds):
        attributes[node][key] = value
    for raw_prop in (DKG.rawText, SCHEMA.text, RDFS.comment):
        for node, _key, value in _collect(graph, kinds, "raw", raw_prop, False):
            attributes[node].setdefault("raw", str(value)[:80])
    names = _names(graph, kinds)
    for node, kind in kinds.items():
        attrs = attributes[node]
        label = _label(node, kind, names.get(node), attrs)
        attrs.pop("raw", None)
        attributes[node] = {"iri": node, "label": label, "kind": kind, **attrs}
    parents = {s: o for s, o in graph.subject_objects(SEM.subEventOf) if _is_iri(s) and _is_iri(o)}
    return _Index(graph, kinds, attributes, ties, parents)  # type: ignore[arg-type]


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


def _edge(index: _Index, s: str, p: str, o: str) -> _Edge:
    """The readable edge for the stated triple ``s p o``."""
    if p in index.ties:
        name, category = index.ties[p]
        return _Edge(o, s, f"{name} of", p, category, inverse=1)
    relation, inverse, category = _RELATIONS.get(p, (_split_camel(_local_name(p)), False, "other"))
    if p == _HAS_PLACE:
        kind = str(index.attributes[s].get("event_kind", ""))
        relation = _PLACE_RELATION_BY_KIND.get(kind, "crossed at" if kind.endswith("crossing") else "at")
    if inverse:
        return _Edge(o, s, relation, p, category, inverse=1)
    return _Edge(s, o, relation, p, category)


def _roles(graph: _Triples) -> dict[tuple[Term, Term], str]:
    """Role names of affiliations, by (person, organization)."""
    organization = dict(graph.subject_objects(DKG.organization))
    role_names: dict[Term, set[str]] = defaultdict(set)
    for s, o in graph.subject_objects(SCHEMA.roleName):
        role_names[s].add(_lexical(o))
    roles: dict[tuple[Term, Term], set[str]] = defaultdict(set)
    for person, affiliation in graph.subject_objects(DKG.affiliation):
        if affiliation in organization:
            roles[(person, organization[affiliation])].update(role_names.get(affiliation, ()))  # type: ignore[index]
    return {k: "; ".join(sorted(v)) for k, v in roles.items() if v}


def _tie_edges(index: _Index, members: frozenset[str]) -> Iterator[_Edge]:
    """Kinship and association edges between two nodes of kinds in ``members``."""
    for prop in sorted(index.ties):
        for s, o in index.graph.subject_objects(prop):
            if index.kinds.get(s) in members and index.kinds.get(o) in members:  # type: ignore[arg-type]
                yield _edge(index, s, prop, o)  # type: ignore[arg-type]


def _top_event(index: _Index, event: str) -> str:
    """The top of the sem:subEventOf chain above ``event`` (cycles stop where they repeat)."""
    seen = {event}
    while event in index.parent_event and index.parent_event[event] not in seen:
        event = index.parent_event[event]
        seen.add(event)
    return event


def _same_event_edges(index: _Index) -> Iterator[_Edge]:
    """One edge per pair of parties that took part in the same top-level event."""
    parties: dict[str, set[str]] = defaultdict(set)
    for prop in _PARTICIPATION:
        for event, party in index.graph.subject_objects(prop):
            if index.kinds.get(party) in PEOPLE_KINDS and _is_iri(event):  # type: ignore[arg-type]
                parties[_top_event(index, event)].add(party)  # type: ignore[arg-type]
    for top in sorted(parties):
        members = sorted(parties[top])
        kind = str(index.attributes.get(top, {}).get("event_kind", ""))
        for i, first in enumerate(members):
            for second in members[i + 1 :]:
                yield _Edge(first, second, SAME_EVENT, str(SEM.hasActor), "same event",
                            via=top, via_kind=kind)  # fmt: skip


def _full_edges(index: _Index) -> Iterator[_Edge]:
    """Every IRI-to-IRI triple between two full-view nodes, with a readable relation."""
    roles = _roles(index.graph)
    kinds = index.kinds
    for p, pairs in index.graph.by_predicate.items():
        if p == _RDF_TYPE:
            continue
        for s, o in pairs:
            if kinds.get(s) not in FULL_KINDS or kinds.get(o) not in FULL_KINDS:  # type: ignore[arg-type]
                continue
            edge = _edge(index, s, p, o)  # type: ignore[arg-type]
            if p == _MEMBER_OF and (s, o) in roles:
                edge = _Edge(edge.source, edge.target, edge.relation, edge.predicate, edge.category,
                             role=roles[(s, o)])  # type: ignore[index]  # fmt: skip
            yield edge


def _source_edges(index: _Index) -> Iterator[_Edge]:
    """Citations of sources by people and groups, and authors and publishers of sources."""
    for s, o in index.graph.subject_objects(SCHEMA.citation):
        if index.kinds.get(s) in PEOPLE_KINDS and index.kinds.get(o) == "source":  # type: ignore[arg-type]
            yield _edge(index, s, _CITATION, o)  # type: ignore[arg-type]
    for prop in (SCHEMA.author, SCHEMA.publisher):
        for s, o in index.graph.subject_objects(prop):
            if index.kinds.get(s) == "source" and o in index.kinds:  # type: ignore[arg-type]
                yield _edge(index, s, str(prop), o)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------
# Views
# ---------------------------------------------------------------------------------------


def _assemble(
    index: _Index, name: str, nodes: Iterable[str], edges: Iterable[_Edge]
) -> nx.MultiDiGraph:
    """A MultiDiGraph with nodes and edges added in sorted order; edge keys "e0", "e1", …"""
    view = nx.MultiDiGraph(name=name)
    for node in sorted(set(nodes)):
        view.add_node(node, **index.attributes[node])
    for number, edge in enumerate(sorted(set(edges), key=_Edge.sort_key)):
        view.add_edge(edge.source, edge.target, key=f"e{number}", **edge.attributes())
    return view


def _build_view(index: _Index, name: str) -> nx.MultiDiGraph:
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


def view(graph: Graph, name: ViewName = "people") -> nx.MultiDiGraph:
    """The named view of ``graph`` as a MultiDiGraph (nodes and edges in sorted order)."""
    return _build_view(_read_index(graph), name)


def views(graph: Graph) -> dict[str, nx.MultiDiGraph]:
    """All three views, reading the graph once."""
    index = _read_index(graph)
    return {name: _build_view(index, name) for name in VIEW_NAMES}


def sorted_subgraph(graph: nx.MultiDiGraph, nodes: Iterable[str]) -> nx.MultiDiGraph:
    """A copy of the subgraph on ``nodes`` with nodes and edges in sorted order."""
    keep = set(nodes)
    sub = nx.MultiDiGraph(**graph.graph)
    for node in sorted(keep):
        sub.add_node(node, **graph.nodes[node])
    edges = [(u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True) if u in keep and v in keep]
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


# ---------------------------------------------------------------------------------------
# Defections (for statistics and the timeline)
# ---------------------------------------------------------------------------------------


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


def _first_values(graph: _Triples, prop: URIRef) -> dict[Term, str]:
    """The smallest lexical value of ``prop`` per subject."""
    values: dict[Term, str] = {}
    for s, o in graph.subject_objects(prop):
        text = _lexical(o)
        values[s] = min(values.get(s, text), text)  # type: ignore[index]
    return values


def _routes(index: _Index) -> dict[str, str]:
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


def _entry_years(graph: _Triples) -> dict[Term, str]:
    """The smallest year of an entry that lists each defecting party (dkg:mentionsDefector)."""
    years = _first_values(graph, DKG.year)
    found: dict[Term, str] = {}
    for entry, party in graph.subject_objects(DKG.mentionsDefector):
        if entry in years:
            year = years[entry]  # type: ignore[index]
            found[party] = min(found.get(party, year), year)  # type: ignore[index]
    return found


def _defections(index: _Index) -> tuple[Defection, ...]:
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


def defections(graph: Graph) -> tuple[Defection, ...]:
    """Every defector and group of ``graph`` with its date and route (see :class:`Defection`)."""
    return _defections(_read_index(graph))


# ---------------------------------------------------------------------------------------
# Statistics
# ---------------------------------------------------------------------------------------

EXACT_BETWEENNESS_LIMIT = 2000  # above this many nodes, betweenness is sampled
BETWEENNESS_SAMPLES = 500
TOP_PEOPLE = 10


def _component_sizes(graph: nx.MultiDiGraph) -> list[int]:
    """Sizes of the weakly connected components, largest first."""
    return sorted((len(c) for c in nx.weakly_connected_components(graph)), reverse=True)


def _view_summary(graph: nx.MultiDiGraph) -> dict[str, object]:
    """Node and edge counts per kind and relation, and the components of one view."""
    sizes = _component_sizes(graph)
    kinds = Counter(str(d["kind"]) for _, d in graph.nodes(data=True))
    relations = Counter(str(d["relation"]) for _, _, d in graph.edges(data=True))
    return {
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "nodes_by_kind": {k: kinds[k] for k in NODE_KINDS if kinds[k]},
        "edges_by_relation": dict(sorted(relations.items())),
        "components": len(sizes),
        "largest_components": sizes[:5],
    }


def _betweenness(simple: nx.Graph) -> dict[str, float]:
    """Unnormalised betweenness, component by component.

    Only components of three or more nodes can have a non-zero value. Each is searched on
    its own (on a copy: subgraph views are slow to walk): exactly when it has at most
    EXACT_BETWEENNESS_LIMIT nodes, else from BETWEENNESS_SAMPLES sources (seed 0).
    """
    values: dict[str, float] = {}
    for component in nx.connected_components(simple):
        if len(component) < 3:
            continue
        core = nx.Graph()
        core.add_nodes_from(sorted(component))
        core.add_edges_from(sorted(simple.subgraph(component).edges()))
        samples = None if len(component) <= EXACT_BETWEENNESS_LIMIT else BETWEENNESS_SAMPLES
        for node, value in nx.betweenness_centrality(core, k=samples, normalized=False, seed=0).items():
            values[str(node)] = float(value)
    return values


def most_connected(people: nx.MultiDiGraph, top: int = TOP_PEOPLE) -> list[dict[str, Attr | float]]:
    """The ``top`` people and groups with the most distinct neighbours in the people view."""
    simple = nx.Graph()
    simple.add_nodes_from(sorted(people.nodes))
    simple.add_edges_from(sorted((u, v) for u, v in people.edges() if u != v))
    betweenness = _betweenness(simple)
    ranked = sorted(
        simple.nodes,
        key=lambda n: (-simple.degree(n), -betweenness.get(n, 0.0), str(people.nodes[n]["label"]), n),
    )
    return [
        {
            "label": str(people.nodes[n]["label"]), "iri": n, "kind": str(people.nodes[n]["kind"]),
            "degree": int(simple.degree(n)), "betweenness": round(betweenness.get(n, 0.0), 3),
        }
        for n in ranked[:top]
        if simple.degree(n) > 0
    ]


def stats(graph: Graph) -> dict[str, object]:
    """Counts per kind and relation, components, most connected people, defections by decade and route."""
    index = _read_index(graph)
    built = {name: _build_view(index, name) for name in VIEW_NAMES}
    found = _defections(index)
    decades = Counter(d.decade for d in found)
    routes = Counter(d.route for d in found)
    route_order = [*ROUTE_KINDS, "unknown"]
    return {
        "views": {name: _view_summary(g) for name, g in built.items()},
        "most_connected": most_connected(built["people"]),
        "defections": len(found),
        "defections_per_decade": dict(sorted(decades.items(), key=lambda kv: (kv[0] == "undated", kv[0]))),
        "defections_per_route_kind": {r: routes[r] for r in route_order if routes[r]},
    }


def format_stats(summary: dict[str, object]) -> str:
    """The statistics as plain-text tables."""
    lines: list[str] = []
    view_summaries: dict[str, dict[str, object]] = summary["views"]  # type: ignore[assignment]
    for name, data in view_summaries.items():
        lines.append(
            f"{name} view: {data['nodes']} nodes, {data['edges']} edges, "
            f"{data['components']} components (largest: {data['largest_components']})"
        )
        lines += _table("  kind", data["nodes_by_kind"])  # type: ignore[arg-type]
        lines += _table("  relation", data["edges_by_relation"])  # type: ignore[arg-type]
    lines.append("most connected people (people view):")
    lines.append(f"  {'degree':>6}  {'betweenness':>11}  name")
    for row in summary["most_connected"]:  # type: ignore[attr-defined]
        lines.append(f"  {row['degree']:>6}  {row['betweenness']:>11.3f}  {row['label']}")
    lines.append(f"defections: {summary['defections']}")
    lines += _table("  decade", summary["defections_per_decade"])  # type: ignore[arg-type]
    lines += _table("  first route step", summary["defections_per_route_kind"])  # type: ignore[arg-type]
    return "\n".join(lines)


def _table(heading: str, counts: dict[str, int]) -> list[str]:
    """A two-column table: heading, then one "count  name" row per item."""
    return [f"{heading}:"] + [f"    {n:>6}  {name}" for name, n in counts.items()]


def article_title(graph: Graph) -> str | None:
    """The dcterms:title of the graph's dkg:Article, if it has one."""
    titles = sorted(
        _lexical(t) for a in graph.subjects(RDF.type, DKG.Article) for t in graph.objects(a, DCTERMS.title)
    )
    return titles[0] if titles else None


def export_view_files(outputs: OutputSet, full: nx.MultiDiGraph) -> None:
    """Stage relationships.graphml, .gexf and .json (the full view) into ``outputs``."""
    outputs.add("relationships.graphml", graphml_bytes(full))
    outputs.add("relationships.gexf", gexf_bytes(full))
    outputs.add("relationships.json", node_link_bytes(full))


def write_view_files(outputs: OutputSet, graph: Graph, *, article_title: str) -> None:
    """Stage every view file of a build into ``outputs``.

    relationships.graphml/.gexf/.json hold the full view (sources appear as the ``sources``
    attribute of each node); relationships.png/.svg draw the people view; timeline.png
    draws the defections.
    """
    from . import drawing  # drawing builds on this module, so it is imported when needed

    index = _read_index(graph)
    export_view_files(outputs, _build_view(index, "full"))
    drawing.stage_drawings(outputs, _build_view(index, "people"), _defections(index),
                           article_title=article_title)  # fmt: skip
