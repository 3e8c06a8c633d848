"""Graph -> files: Turtle, N-Triples, JSON-LD and TriG, deterministic and fast at scale.

rdflib's Turtle serializer takes ~33 s for a million triples and orders its output by hash,
so the writers here sort the triples once (by their N-Triples form) and write the text
themselves: byte-identical output in every process whatever ``PYTHONHASHSEED`` is, and only
the prefixes the output uses.  Every format is re-read by rdflib and by pyoxigraph in the tests.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import groupby
from typing import TYPE_CHECKING, Any, TypeAlias

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from .resources import ontology_path
from .vocab import compact_iri

if TYPE_CHECKING:
    from .files import OutputSet
    from .validate import ValidationOutcome

__all__ = [
    "GRAPH_FILES",
    "serialize_jsonld",
    "serialize_ntriples",
    "serialize_trig",
    "serialize_turtle",
    "write_graph_files",
]

GRAPH_FILES = (
    "defectors.ttl", "defectors.nt", "defectors.jsonld", "defectors.trig", "ontology.ttl",
    "validation.ttl", "validation.txt",
)  # fmt: skip

Triple: TypeAlias = tuple[Node, Node, Node]

_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')
_INTEGER = re.compile(r"[+-]?[0-9]+")
_BNODE_LABEL = re.compile(r"[^A-Za-z0-9_]")


def _escape(text: str) -> str:
    """A string body for N-Triples and Turtle: ECHAR escapes, other controls as \\uXXXX."""
    if not _NEEDS_ESCAPE.search(text):
        return text
    return _NEEDS_ESCAPE.sub(lambda m: _ECHAR.get(m.group(), f"\\u{ord(m.group()):04X}"), text)


def _bnode_label(node: BNode) -> str:
    return "_:b" + _BNODE_LABEL.sub(lambda m: f"x{ord(m.group()):X}", str(node))


def nt_term(term: Node) -> str:
    """The N-Triples form of a term."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        body = f'"{_escape(str(term))}"'
        if term.language:
            return f"{body}@{term.language}"
        if term.datatype is not None and term.datatype != XSD.string:
            return f"{body}^^<{term.datatype}>"
        return body
    if isinstance(term, BNode):
        return _bnode_label(term)
    raise TypeError(f"cannot write {term!r} as an RDF term")


class _Terms:
    """Renders terms once each: the N-Triples form (also the sort key) and the Turtle form.

    ``used`` collects the prefixes the current writer has used; each writer starts it afresh.
    """

    def __init__(self, namespaces: Mapping[str, str]) -> None:
        self.namespaces = namespaces  # namespace -> prefix
        self.used: set[str] = set()
        self._nt: dict[Node, str] = {}
        self._iri: dict[str, tuple[str, str | None]] = {}
        self._ttl: dict[Node, tuple[str, tuple[str, ...]]] = {}

    def nt(self, term: Node) -> str:
        """The N-Triples form of ``term``."""
        found = self._nt.get(term)
        if found is None:
            found = self._nt[term] = nt_term(term)
        return found

    def _compact(self, iri: str) -> tuple[str, str | None]:
        found = self._iri.get(iri)
        if found is None:
            compact = compact_iri(iri, self.namespaces)
            found = (f"<{iri}>", None) if compact is None else (compact, compact.split(":", 1)[0])
            self._iri[iri] = found
        return found

    def iri(self, iri: str) -> str:
        """A prefixed name when one is safe, else ``<iri>``; records the prefix used."""
        text, prefix = self._compact(iri)
        if prefix is not None:
            self.used.add(prefix)
        return text

    def ttl(self, term: Node) -> str:
        """The Turtle form of ``term``; records the prefixes used."""
        found = self._ttl.get(term)
        if found is None:
            before = set(self.used)
            self.used = set()
            text = self._turtle(term)
            found = self._ttl[term] = (text, tuple(self.used))
            self.used = before
        self.used.update(found[1])
        return found[0]

    def _turtle(self, term: Node) -> str:
        if isinstance(term, URIRef):
            return self.iri(str(term))
        if isinstance(term, Literal) and term.datatype is not None and not term.language:
            lexical = str(term)
            if term.datatype == XSD.integer and _INTEGER.fullmatch(lexical):
                return lexical
            if term.datatype == XSD.boolean and lexical in ("true", "false"):
                return lexical
            if term.datatype != XSD.string:
                return f'"{_escape(lexical)}"^^{self.iri(str(term.datatype))}'
        return self.nt(term)


def _namespaces(graph: Graph) -> dict[str, str]:
    """namespace -> prefix from the graph's bindings (the alphabetically first prefix of a namespace)."""
    table: dict[str, str] = {}
    for prefix, namespace in sorted(graph.namespaces()):
        if prefix and re.fullmatch(r"[A-Za-z][A-Za-z0-9_\-]*", prefix):
            table.setdefault(str(namespace), prefix)
    return table


def _sorted(triples: Iterable[Triple], terms: _Terms) -> list[Triple]:
    """Triples in the order of their N-Triples text (subject, predicate, object)."""
    nt = terms.nt
    return sorted(triples, key=lambda t: (nt(t[0]), nt(t[1]), nt(t[2])))


def _prefix_lines(terms: _Terms, directive: str = "@prefix") -> list[str]:
    by_prefix = {prefix: namespace for namespace, prefix in terms.namespaces.items()}
    return [f"{directive} {p}: <{by_prefix[p]}> ." for p in sorted(terms.used)]


def _turtle_blocks(triples: list[Triple], terms: _Terms, indent: str = "") -> list[str]:
    """One block per subject: rdf:type first as "a", predicates and objects in sorted order."""
    blocks = []
    for subject, group in groupby(triples, key=lambda t: t[0]):
        rows = list(group)
        types = [t for t in rows if t[1] == RDF.type]
        rest = [t for t in rows if t[1] != RDF.type]
        parts = []
        if types:
            parts.append("a " + ", ".join(terms.ttl(t[2]) for t in types))
        for predicate, objects in groupby(rest, key=lambda t: t[1]):
            parts.append(f"{terms.ttl(predicate)} " + ", ".join(terms.ttl(t[2]) for t in objects))
        body = f" ;\n{indent}    ".join(parts)
        blocks.append(f"{indent}{terms.ttl(subject)} {body} .\n")
    return blocks


def _document(header: list[str], body: list[str]) -> str:
    head = "\n".join(header) + "\n\n" if header else ""
    return head + "\n".join(body)


# ---------------------------------------------------------------------------------------
# Public serializers
# ---------------------------------------------------------------------------------------


@dataclass
class _Prepared:
    """A graph's triples sorted once, shared by the Turtle, N-Triples and JSON-LD writers."""

    terms: _Terms
    triples: list[Triple]


def _prepare(graph: Graph) -> _Prepared:
    terms = _Terms(_namespaces(graph))
    return _Prepared(terms, _sorted(graph, terms))


def _turtle(prepared: _Prepared) -> str:
    prepared.terms.used = set()
    body = _turtle_blocks(prepared.triples, prepared.terms)
    return _document(_prefix_lines(prepared.terms), body)


def _ntriples(prepared: _Prepared) -> str:
    nt = prepared.terms.nt
    return "".join(f"{nt(s)} {nt(p)} {nt(o)} .\n" for s, p, o in prepared.triples)


def serialize_turtle(graph: Graph) -> str:
    """Sorted Turtle with the graph's prefixes (only those used)."""
    return _turtle(_prepare(graph))


def serialize_ntriples(graph: Graph) -> str:
    """Sorted N-Triples."""
    return _ntriples(_prepare(graph))


def serialize_trig(dataset: Dataset) -> str:
    """TriG: one block per named graph, graphs and triples sorted; the default graph first."""
    terms = _Terms(_namespaces(dataset))
    by_graph: dict[Node, list[Triple]] = {}
    for s, p, o, g in dataset.quads((None, None, None, None)):
        name = g.identifier if isinstance(g, Graph) else g
        by_graph.setdefault(name, []).append((s, p, o))
    default = dataset.default_graph.identifier
    body = []
    for name in sorted(by_graph, key=lambda n: (n != default, terms.nt(n))):
        blocks = _turtle_blocks(_sorted(by_graph[name], terms), terms, indent="    ")
        label = "" if name == default else terms.ttl(name) + " "
        body.append(f"{label}{{\n" + "\n".join(blocks) + "}\n")
    return _document(_prefix_lines(terms), body)


def _jsonld_value(term: Node, terms: _Terms) -> Any:
    if isinstance(term, URIRef | BNode):
        return {"@id": _jsonld_id(term, terms)}
    assert isinstance(term, Literal)
    lexical = str(term)
    if term.language:
        return {"@value": lexical, "@language": term.language}
    if term.datatype is None or term.datatype == XSD.string:
        return lexical
    if term.datatype == XSD.integer and re.fullmatch(r"-?(0|[1-9][0-9]*)", lexical):
        return int(lexical)
    if term.datatype == XSD.boolean and lexical in ("true", "false"):
        return lexical == "true"
    return {"@value": lexical, "@type": _jsonld_id(term.datatype, terms)}


def _jsonld_id(term: Node, terms: _Terms) -> str:
    if isinstance(term, BNode):
        return _bnode_label(term)
    return terms.iri(str(term)).removeprefix("<").removesuffix(">")


def _jsonld(prepared: _Prepared) -> str:
    terms = prepared.terms
    terms.used = set()
    nodes = []
    for subject, group in groupby(prepared.triples, key=lambda t: t[0]):
        node: dict[str, Any] = {"@id": _jsonld_id(subject, terms)}
        rows = list(group)
        types = [_jsonld_id(t[2], terms) for t in rows if t[1] == RDF.type and isinstance(t[2], URIRef)]
        if types:
            node["@type"] = types[0] if len(types) == 1 else types
        rest = [t for t in rows if not (t[1] == RDF.type and isinstance(t[2], URIRef))]
        for predicate, objects in groupby(rest, key=lambda t: t[1]):
            values = [_jsonld_value(t[2], terms) for t in objects]
            node[_jsonld_id(predicate, terms)] = values[0] if len(values) == 1 else values
        nodes.append(node)
    by_prefix = {prefix: namespace for namespace, prefix in terms.namespaces.items()}
    context = {p: by_prefix[p] for p in sorted(terms.used)}
    return json.dumps({"@context": context, "@graph": nodes}, ensure_ascii=False, indent=1) + "\n"


def serialize_jsonld(graph: Graph) -> str:
    """Compact JSON-LD: an ``@context`` of the prefixes used and a sorted ``@graph`` of node objects."""
    return _jsonld(_prepare(graph))


def write_graph_files(outputs: OutputSet, graph: Graph, dataset: Dataset, outcome: ValidationOutcome) -> None:
    """Stage the graph in every format, the ontology next to it, and the validation report."""
    prepared = _prepare(graph)
    outputs.add("defectors.ttl", _turtle(prepared))
    outputs.add("defectors.nt", _ntriples(prepared))
    outputs.add("defectors.jsonld", _jsonld(prepared))
    outputs.add("defectors.trig", serialize_trig(dataset))
    outputs.add("ontology.ttl", ontology_path().read_bytes())
    outputs.add("validation.ttl", serialize_turtle(outcome.report))
    outputs.add("validation.txt", outcome.text)
