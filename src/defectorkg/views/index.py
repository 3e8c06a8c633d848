"""Reading the RDF graph once for the views: node kinds, labels and attributes.

A view is a pure function of the RDF graph (never of the extraction records), so it shows
exactly what the graph says. Nodes are IRIs (the node id is the IRI string); literals become
node attributes, never nodes. Every attribute is a string or an integer, so GraphML and GEXF
can hold it.

The graph is read by predicate (one pass over all triples into a snapshot), never with a
query per node, so a graph of a million triples takes seconds.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeGuard

from rdflib import Graph, URIRef
from rdflib import Literal as RDFLiteral
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from ..errors import GraphLoadError
from ..kinds import (
    ASSOCIATIONS,
    EVENT_CLASSES,
    KINSHIP,
    ORGANIZATION_CLASS,
    ORGANIZATION_TYPES,
    PLACE_CLASS,
    PLACE_TYPES,
    WORK_CLASSES,
    WORK_KINDS,
    tie_property_name,
)
from ..rdf.rdffiles import SUFFIXES, rdflib_triples
from ..rdf.vocab import DCTERMS, DKG, PROV, SCHEMA, SEM, WD, curie_term

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

RDF_TYPE = str(RDF.type)


def _iris(*terms: URIRef) -> frozenset[str]:
    """Vocabulary terms as plain strings, the form IRIs take in a :class:`Triples` snapshot."""
    return frozenset(str(term) for term in terms)


def _classes(*curies: str | None) -> frozenset[str]:
    """The IRIs of the classes named in kinds.py (as plain strings)."""
    return _iris(*(curie_term(c) for c in curies if c is not None))


# The classes that make a node a place, an organization, an event or a work (kinds.py).
_PLACE_CLASSES = _classes(PLACE_CLASS, *PLACE_TYPES.values())
_ORGANIZATION_CLASSES = _classes(ORGANIZATION_CLASS, *ORGANIZATION_TYPES.values())
_EVENT_CLASSES = _classes(*EVENT_CLASSES)
_WORK_CLASSES = _classes(*WORK_CLASSES, *(c for classes in WORK_KINDS.values() for c in classes))
_GROUP_CLASSES = _iris(DKG.DefectorGroup)
_NOT_NODES = _iris(DKG.Entry, DKG.Article, DKG.Affiliation)
_SOURCE, _DEFECTOR, _PERSON, _ENTRY = (
    str(DKG.Source),
    str(DKG.Defector),
    str(SCHEMA.Person),
    str(DKG.Entry),
)

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

_RAW_TEXT = (DKG.rawText, SCHEMA.text, RDFS.comment)  # a label of last resort, for sources

#: Every literal-valued predicate a view reads (attributes, names, labels, ids, dates, kinds,
#: role names, the article title). The snapshot keeps the literals of these only: the rest
#: (Web Annotation selectors and offsets, raw spans) is most of a large graph and no view
#: shows it. A view that reads another literal predicate adds it here (the test comparing
#: views of a filtered and an unfiltered snapshot, tests/test_views_package.py, fails until it does).
LITERAL_PREDICATES: frozenset[str] = _iris(
    *(prop for _, prop, _ in _LITERAL_ATTRIBUTES), *_RAW_TEXT, SCHEMA.name, DKG.entryId,
    DKG.year, SCHEMA.roleName, DCTERMS.title,
)  # fmt: skip


Term = object  # an IRI as a plain str, or an rdflib Literal/BNode

#: What the views read: an rdflib graph, or any iterable of (s, p, o) rdflib-term triples
#: (a dataset's union, triples handed over by the pipeline, or those of a file).
RDFTriples = Graph | Iterable[tuple[Node, Node, Node]]


def is_iri(term: Term) -> TypeGuard[str]:
    """True for an IRI of a :class:`Triples` snapshot (a plain str, not a Literal or BNode)."""
    return type(term) is str


class Triples:
    """Every triple of a graph, read in one pass and kept by predicate.

    rdflib's in-memory store answers a (None, P, None) pattern at several microseconds a
    triple (it looks up each triple's contexts); dumping all triples once is faster, and
    every later lookup is a plain dict access. IRIs become plain ``str`` (rdflib terms
    compare in Python, which dominated the time on large graphs); literals stay Literals.
    """

    def __init__(
        self, graph: RDFTriples, literals: frozenset[str] | None = LITERAL_PREDICATES
    ) -> None:
        """Read ``graph`` once; literals only of the predicates in ``literals`` (None: all).

        IRIs are interned: each occurs many times, and one string object each keeps a large
        snapshot small.
        """
        by_predicate: dict[str, list[tuple[Term, Term]]] = defaultdict(list)
        intern = sys.intern
        for s, p, o in graph:
            prop = intern(str(p))
            value: Term = o
            if type(o) is URIRef:
                value = intern(str(o))
            elif literals is not None and prop not in literals and isinstance(o, RDFLiteral):
                continue
            by_predicate[prop].append((intern(str(s)) if type(s) is URIRef else s, value))
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
# Ties between people: dkg:has<Relation>, named after kinds.KINSHIP and kinds.ASSOCIATIONS
# ---------------------------------------------------------------------------------------


def split_camel(local: str) -> str:
    """ "containedInPlace" -> "contained in place"."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", local).lower()


_TIE_NAMES: dict[str, tuple[str, str]] = {
    **{str(DKG[tie_property_name(n)]): (n, "kin") for n in KINSHIP},
    **{str(DKG[tie_property_name(n)]): (n, "associate") for n in ASSOCIATIONS},
    str(DKG.hasAssociate): ("associate", "associate"),
}


def _tie_predicates(graph: Triples) -> dict[str, tuple[str, str]]:
    """Kinship and association properties: the model's, plus sub-properties the graph declares."""
    ties = dict(_TIE_NAMES)
    for top, category in ((DKG.hasRelative, "kin"), (DKG.hasAssociate, "associate")):
        for prop in graph.transitive_subjects(str(RDFS.subPropertyOf), str(top)):
            if is_iri(prop) and prop not in ties:
                local = str(prop).rsplit("#", 1)[-1].removeprefix("has")
                ties[str(prop)] = (split_camel(local), category)
    return ties


# ---------------------------------------------------------------------------------------
# Reading the graph once: kinds, labels, attributes
# ---------------------------------------------------------------------------------------


def lexical(value: object) -> str:
    """The lexical form of a literal (never ``toPython()``: gYear must stay "1992")."""
    return str(value)


def local_name(iri: str) -> str:
    """The last segment of an IRI path or fragment."""
    return re.split(r"[/#]", iri.rstrip("/#"))[-1]


@dataclass
class Index:
    """What the views need from the graph, read by predicate in one go (IRIs as plain str)."""

    graph: Triples
    kinds: dict[str, str]
    attributes: dict[str, dict[str, Attr]]
    ties: dict[str, tuple[str, str]]
    parent_event: dict[str, str]

    def label(self, node: str) -> str:
        """The display label of a node."""
        return str(self.attributes[node]["label"])

    def article_title(self) -> str | None:
        """The dcterms:title of the graph's dkg:Article, if it has one (the smallest of several)."""
        article = str(DKG.Article)
        articles = {s for s, o in self.graph.subject_objects(RDF_TYPE) if o == article}
        titles = sorted(
            lexical(t) for a, t in self.graph.subject_objects(str(DCTERMS.title)) if a in articles
        )
        return titles[0] if titles else None


def _types(graph: Triples) -> dict[str, set[str]]:
    """rdf:type of every IRI subject."""
    types: dict[str, set[str]] = defaultdict(set)
    for s, o in graph.subject_objects(RDF_TYPE):
        if is_iri(s) and is_iri(o):
            types[s].add(o)
    return types


def _entry_derived(graph: Triples, types: dict[str, set[str]]) -> set[str]:
    """Nodes read from an entry (prov:wasDerivedFrom an entry, or with a dkg:mention)."""
    derived = {
        s
        for s, o in graph.subject_objects(PROV.wasDerivedFrom)
        if is_iri(s) and is_iri(o) and _ENTRY in types.get(o, ())
    }  # (only IRIs are typed, so the IRI tests drop nothing a caller compares with)
    derived.update(s for s in graph.subjects(DKG.mention) if is_iri(s))
    return derived


def _reference_agents(graph: Triples, types: dict[str, set[str]]) -> set[str]:
    """Authors and publishers of sources that no entry mentions."""
    agents: set[str] = set()
    for prop in (SCHEMA.author, SCHEMA.publisher):
        for s, o in graph.subject_objects(prop):
            if is_iri(s) and _SOURCE in types.get(s, ()) and is_iri(o):
                agents.add(o)
    return agents - _entry_derived(graph, types)


def _tie_members(graph: Triples, predicates: Iterable[str]) -> set[str]:
    """Every IRI on either side of a triple with one of ``predicates``."""
    members: set[str] = set()
    for prop in sorted(set(predicates)):
        for s, o in graph.subject_objects(prop):
            members.update(x for x in (s, o) if is_iri(x))
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


def _node_kinds(graph: Triples, ties: dict[str, tuple[str, str]]) -> dict[str, str]:
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
    graph: Triples, nodes: dict[str, str], attribute: str, prop: URIRef, integer: bool
) -> Iterator[tuple[str, str, Attr]]:
    """(node, attribute, value) for every literal value of ``prop`` on a node.

    Several values are joined with "; " in sorted order; integers keep the smallest.
    """
    values: dict[str, set[str]] = defaultdict(set)
    for s, o in graph.subject_objects(prop):
        if s in nodes and isinstance(o, RDFLiteral):
            values[s].add(lexical(o))
    for node, found in values.items():
        if integer:
            numbers = [int(v) for v in found if re.fullmatch(r"[+-]?\d+", v)]
            if numbers:
                yield node, attribute, min(numbers)
        else:
            yield node, attribute, "; ".join(sorted(found))


def _iri_attributes(graph: Triples, nodes: dict[str, str]) -> Iterator[tuple[str, str, Attr]]:
    """Attributes read from IRI objects: gender, Wikidata id, entries, cited references."""
    for s, o in graph.subject_objects(SCHEMA.gender):
        if s in nodes and is_iri(o):
            yield s, "gender", local_name(str(o)).lower()
    for s, o in graph.subject_objects(OWL.sameAs):
        if s in nodes and is_iri(o) and str(o).startswith(WIKIDATA_ENTITY):
            yield s, "wikidata", str(o)[len(WIKIDATA_ENTITY) :]
    yield from _linked_ids(graph, nodes, "entries", PROV.wasDerivedFrom, DKG.entryId)
    yield from _linked_ids(graph, nodes, "sources", SCHEMA.citation, DKG.referenceNumber)


def _linked_ids(
    graph: Triples, nodes: dict[str, str], attribute: str, link: URIRef, id_prop: URIRef
) -> Iterator[tuple[str, str, Attr]]:
    """The ids (``id_prop``) of what each node points to with ``link``, as "1997-1; 1997-2"."""
    ids = {s: lexical(o) for s, o in graph.subject_objects(id_prop)}
    found: dict[str, set[str]] = defaultdict(set)
    for s, o in graph.subject_objects(link):
        if s in nodes and o in ids:
            found[s].add(ids[o])
    for node, values in found.items():
        yield node, attribute, "; ".join(sorted(values, key=_entry_sort_key))


def _entry_sort_key(text: str) -> tuple[tuple[int, str], ...]:
    """Natural order of "1997-2" < "1997-10" and "2" < "10"."""
    return tuple((int(p), "") if p.isdigit() else (0, p) for p in re.split(r"(\d+)", text) if p)


def _names(graph: Triples, nodes: dict[str, str]) -> dict[str, str]:
    """schema:name of each node (the smallest when a node has several)."""
    names: dict[str, str] = {}
    for s, o in graph.subject_objects(SCHEMA.name):
        if s in nodes and isinstance(o, RDFLiteral):
            text = lexical(o)
            names[s] = min(names.get(s, text), text)
    return names


def _label(node: str, kind: str, name: str | None, attributes: dict[str, Attr]) -> str:
    """A display label: the name; "[6] title" for sources; "kind (date)" for unnamed events."""
    if kind == "source":
        ref = attributes.get("reference")
        title = name or str(attributes.get("raw", "")) or local_name(node)
        return f"[{ref}] {title}" if ref is not None else title
    if name:
        return name
    if kind == "event" and "event_kind" in attributes:
        date = attributes.get("date")
        return f"{attributes['event_kind']} ({date})" if date else str(attributes["event_kind"])
    return local_name(node)


def read_index(rdf: RDFTriples, *, literals: frozenset[str] | None = LITERAL_PREDICATES) -> Index:
    """Read kinds, labels and attributes of every view node, predicate by predicate.

    ``rdf`` is read once, so an iterator of triples will do; ``literals``: see :class:`Triples`.
    """
    graph = Triples(rdf, literals)
    ties = _tie_predicates(graph)
    kinds = _node_kinds(graph, ties)
    attributes: dict[str, dict[str, Attr]] = {n: {} for n in kinds}
    for attribute, prop, integer in _LITERAL_ATTRIBUTES:
        for node, key, value in _collect(graph, kinds, attribute, prop, integer):
            attributes[node][key] = value
    for node, key, value in _iri_attributes(graph, kinds):
        attributes[node][key] = value
    for raw_prop in _RAW_TEXT:
        for node, _key, value in _collect(graph, kinds, "raw", raw_prop, False):
            attributes[node].setdefault("raw", str(value)[:80])
    names = _names(graph, kinds)
    for node, kind in kinds.items():
        attrs = attributes[node]
        label = _label(node, kind, names.get(node), attrs)
        attrs.pop("raw", None)
        attributes[node] = {"iri": node, "label": label, "kind": kind, **attrs}
    parents = {s: o for s, o in graph.subject_objects(SEM.subEventOf) if is_iri(s) and is_iri(o)}
    return Index(graph, kinds, attributes, ties, parents)


def article_title(graph: RDFTriples) -> str | None:
    """The dcterms:title of the graph's dkg:Article, if it has one."""
    article = str(DKG.Article)
    articles: set[str] = set()
    titles: dict[str, list[str]] = defaultdict(list)
    for s, p, o in graph:
        if p == RDF.type and str(o) == article:
            articles.add(str(s))
        elif p == DCTERMS.title:
            titles[str(s)].append(lexical(o))
    found = sorted(t for a in articles for t in titles.get(a, ()))
    return found[0] if found else None


def read_graph_file(path: Path) -> list[tuple[Node, Node, Node]]:
    """The triples of the RDF file that `draw` and `stats` read (through rdf/rdffiles.py, so a
    dataset's union); a missing one says how to make it."""
    if not path.exists() and (path.suffix.lower() in SUFFIXES or not path.suffix):
        raise GraphLoadError(
            f"{path}: no such file (run `defectorkg build` first, or pass --graph)"
        )
    return rdflib_triples(path)
