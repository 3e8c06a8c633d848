"""Graph -> files: Turtle, N-Triples, JSON-LD and TriG, deterministic and fast at scale.

rdflib's Turtle serializer takes ~33 s for a million triples and orders its output by hash,
so the writers here sort the triples once (by their N-Triples form) and write the text
themselves: byte-identical output in every process whatever ``PYTHONHASHSEED`` is, and only
the prefixes the output uses.  Every format is re-read by rdflib and by pyoxigraph in the tests.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from operator import itemgetter
from typing import TYPE_CHECKING, Any, TypeAlias

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from .mapping import UnionGraph
from ..memory import gc_paused
from ..resources import ontology_path
from .vocab import compact_iri

if TYPE_CHECKING:
    from ..files import OutputSet
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
_RDF_TYPE = str(RDF.type)
_LINE = itemgetter(0)  # the sort key of rows led by their N-Triples line
# rdflib makes a new URIRef on every namespace attribute access: name the ones used per term.
_XSD_STRING, _XSD_INTEGER, _XSD_BOOLEAN = XSD.string, XSD.integer, XSD.boolean


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
        if term.datatype is not None and term.datatype != _XSD_STRING:
            return f"{body}^^<{term.datatype}>"
        return body
    if isinstance(term, BNode):
        return _bnode_label(term)
    raise TypeError(f"cannot write {term!r} as an RDF term")


class _Terms:
    """Renders each distinct term once: its N-Triples form (also the sort key), its Turtle form
    (a prefixed name where safe) and its JSON-LD form; and says which prefix a term needs."""

    def __init__(self, namespaces: Mapping[str, str]) -> None:
        self.namespaces = namespaces  # namespace -> prefix
        self._nt: dict[Node, str] = {}
        self._iri: dict[str, tuple[str, str | None]] = {}
        self._ttl: dict[Node, str] = {}

    def rendered(self) -> set[Node]:
        """Every term rendered so far (the distinct terms of what was sorted)."""
        return set(self._nt)

    def nt(self, term: Node) -> str:
        """The N-Triples form of ``term``."""
        found = self._nt.get(term)
        if found is None:
            found = self._nt[term] = nt_term(term)
        return found

    def compact(self, iri: str) -> tuple[str, str | None]:
        """(``prefix:local`` or ``<iri>``, the prefix used or None)."""
        found = self._iri.get(iri)
        if found is None:
            short = compact_iri(iri, self.namespaces)
            found = (f"<{iri}>", None) if short is None else (short, short.split(":", 1)[0])
            self._iri[iri] = found
        return found

    def ttl(self, term: Node) -> str:
        """The Turtle form of ``term``."""
        found = self._ttl.get(term)
        if found is None:
            found = self._ttl[term] = self._turtle(term)
        return found

    def _turtle(self, term: Node) -> str:
        if isinstance(term, URIRef):
            return self.compact(str(term))[0]
        if isinstance(term, Literal) and _typed(term):
            if _bare(term):
                return str(term)
            return f'"{_escape(str(term))}"^^{self.compact(str(term.datatype))[0]}'
        return self.nt(term)

    def prefixes(self, terms: Iterable[Node]) -> list[str]:
        """The sorted prefixes that ``terms`` need (IRIs, and datatypes of typed literals)."""
        used: set[str] = set()
        for term in terms:
            iri = str(term) if isinstance(term, URIRef) else None
            if isinstance(term, Literal) and _typed(term) and not _bare(term):
                iri = str(term.datatype)
            if iri is not None:
                prefix = self.compact(iri)[1]
                if prefix is not None:
                    used.add(prefix)
        return sorted(used)

    def prefix_lines(self, terms: Iterable[Node]) -> list[str]:
        """``@prefix p: <ns> .`` for each prefix ``terms`` need."""
        by_prefix = {prefix: namespace for namespace, prefix in self.namespaces.items()}
        return [f"@prefix {p}: <{by_prefix[p]}> ." for p in self.prefixes(terms)]


def _typed(term: Literal) -> bool:
    """A literal with a datatype other than xsd:string and no language."""
    return term.datatype is not None and term.datatype != _XSD_STRING and not term.language


def _bare(term: Literal) -> bool:
    """An integer or boolean whose lexical form Turtle and JSON-LD write without quotes."""
    lexical = str(term)
    if term.datatype == _XSD_INTEGER:
        return _INTEGER.fullmatch(lexical) is not None
    return term.datatype == _XSD_BOOLEAN and lexical in ("true", "false")


def _namespaces(graph: Graph) -> dict[str, str]:
    """namespace -> prefix from the graph's bindings (the alphabetically first prefix of a namespace)."""
    table: dict[str, str] = {}
    for prefix, namespace in sorted(graph.namespaces()):
        if prefix and re.fullmatch(r"[A-Za-z][A-Za-z0-9_\-]*", prefix):
            table.setdefault(str(namespace), prefix)
    return table


def _sorted_rows(triples: Iterable[Triple], terms: _Terms) -> list[tuple[str, Node, Node, Node]]:
    """(N-Triples line, s, p, o) in the order of the lines.

    Sorting the lines (one C string comparison each) groups a subject's triples and, within
    them, a predicate's, because a term's N-Triples form never holds the character that ends it.
    """
    nt = terms.nt
    rows = [(f"{nt(s)} {nt(p)} {nt(o)} .\n", s, p, o) for s, p, o in triples]
    rows.sort(key=_LINE)
    return rows


def _runs(triples: list[Triple], position: int) -> Iterator[list[Triple]]:
    """Consecutive triples that share the term at ``position`` (0 subject, 1 predicate).

    A store hands out one object per distinct term, so ``is`` settles almost every comparison
    before rdflib's slower ``__eq__`` is needed.
    """
    start = 0
    for index in range(1, len(triples) + 1):
        if index == len(triples):
            yield triples[start:index]
            break
        this, first = triples[index][position], triples[start][position]
        if this is not first and this != first:
            yield triples[start:index]
            start = index


def _is_type(predicate: Node) -> bool:
    """rdf:type (compared as text with str's C equality: a predicate is always an IRI)."""
    return isinstance(predicate, URIRef) and _str_equal(predicate, _RDF_TYPE)


_str_equal = str.__eq__


def _turtle_blocks(triples: list[Triple], terms: _Terms, indent: str = "") -> list[str]:
    """One block per subject: rdf:type first as "a", predicates and objects in sorted order."""
    ttl = terms.ttl
    blocks = []
    for rows in _runs(triples, 0):
        types = [ttl(o) for _, p, o in rows if _is_type(p)]
        parts = ["a " + ", ".join(types)] if types else []
        for run in _runs([t for t in rows if not _is_type(t[1])], 1):
            parts.append(ttl(run[0][1]) + " " + ", ".join(ttl(o) for _, _, o in run))
        body = f" ;\n{indent}    ".join(parts)
        blocks.append(f"{indent}{ttl(rows[0][0])} {body} .\n")
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
    lines: list[str]
    triples: list[Triple]
    distinct: set[Node]


def _prepare(graph: Graph, terms: _Terms | None = None) -> _Prepared:
    terms = terms if terms is not None else _Terms(_namespaces(graph))
    rows = _sorted_rows(graph, terms)
    triples = [(s, p, o) for _, s, p, o in rows]
    return _Prepared(terms, [row[0] for row in rows], triples, terms.rendered())


def _turtle(prepared: _Prepared) -> str:
    body = _turtle_blocks(prepared.triples, prepared.terms)
    return _document(prepared.terms.prefix_lines(prepared.distinct), body)


def _ntriples(prepared: _Prepared) -> str:
    return "".join(prepared.lines)


def serialize_turtle(graph: Graph) -> str:
    """Sorted Turtle with the graph's prefixes (only those used)."""
    return _turtle(_prepare(graph))


def serialize_ntriples(graph: Graph) -> str:
    """Sorted N-Triples."""
    return _ntriples(_prepare(graph))


def serialize_trig(dataset: Dataset) -> str:
    """TriG: one block per named graph, graphs and triples sorted; the default graph first."""
    return _trig(dataset, _Terms(_namespaces(dataset)))


def _trig(dataset: Dataset, terms: _Terms) -> str:
    # Graph by graph: the store keeps each graph's triples apart, and iterating them is several
    # times faster than Dataset.quads(), which looks up the contexts of every triple.
    by_graph: dict[Node, list[Triple]] = {
        graph.identifier: [(s, p, o) for _, s, p, o in _sorted_rows(graph, terms)]
        for graph in dataset.graphs()
    }
    return _trig_document(by_graph, dataset.default_graph.identifier, terms)


def _trig_document(by_graph: Mapping[Node, list[Triple]], default: Node, terms: _Terms) -> str:
    """TriG from each graph's sorted triples: graphs in the order of their IRIs, default first."""
    body: list[str] = []
    for name in sorted(
        (n for n, t in by_graph.items() if t), key=lambda n: (n != default, terms.nt(n))
    ):
        blocks = _turtle_blocks(list(by_graph[name]), terms, indent="    ")
        label = "" if name == default else terms.ttl(name) + " "
        body.append(f"{label}{{\n" + "\n".join(blocks) + "}\n")
    return _document(terms.prefix_lines(terms.rendered()), body)


def _prepare_dataset(dataset: Dataset, terms: _Terms) -> tuple[_Prepared, dict[Node, list[Triple]]]:
    """The union graph prepared and each graph's sorted triples, from one pass over the quads.

    The union's lines are the quads' lines sorted with duplicates (a triple stated in two
    graphs) dropped; a graph's triples keep that order, so they need no sort of their own.
    """
    nt = terms.nt
    rows = [
        (f"{nt(s)} {nt(p)} {nt(o)} .\n", s, p, o, graph.identifier)
        for graph in dataset.graphs()
        for s, p, o in graph
    ]
    rows.sort(key=_LINE)
    lines: list[str] = []
    triples: list[Triple] = []
    by_graph: dict[Node, list[Triple]] = {}
    for line, s, p, o, name in rows:
        by_graph.setdefault(name, []).append((s, p, o))
        if not lines or line != lines[-1]:
            lines.append(line)
            triples.append((s, p, o))
    return _Prepared(terms, lines, triples, terms.rendered()), by_graph


def _jsonld_id(term: Node, terms: _Terms) -> str:
    if isinstance(term, BNode):
        return _bnode_label(term)
    text, prefix = terms.compact(str(term))
    return text if prefix is not None else str(term)


def _jsonld_value(term: Node, terms: _Terms) -> Any:
    if not isinstance(term, Literal):
        return {"@id": _jsonld_id(term, terms)}
    lexical = str(term)
    if term.language:
        return {"@value": lexical, "@language": term.language}
    if not _typed(term):
        return lexical
    if _bare(term):
        return lexical == "true" if term.datatype == _XSD_BOOLEAN else int(lexical)
    return {"@value": lexical, "@type": _jsonld_id(URIRef(str(term.datatype)), terms)}


def _jsonld_node(rows: list[Triple], terms: _Terms) -> dict[str, Any]:
    node: dict[str, Any] = {"@id": _jsonld_id(rows[0][0], terms)}
    types = [_jsonld_id(o, terms) for _, p, o in rows if _is_type(p) and not isinstance(o, Literal)]
    if types:
        node["@type"] = types[0] if len(types) == 1 else types
    rest = [t for t in rows if not (_is_type(t[1]) and not isinstance(t[2], Literal))]
    for run in _runs(rest, 1):
        values = [_jsonld_value(o, terms) for _, _, o in run]
        node[_jsonld_id(run[0][1], terms)] = values[0] if len(values) == 1 else values
    return node


def _jsonld(prepared: _Prepared) -> str:
    """One node object per line (json's C encoder writes each; an indented dump is pure Python)."""
    terms = prepared.terms
    by_prefix = {prefix: namespace for namespace, prefix in terms.namespaces.items()}
    context = {p: by_prefix[p] for p in terms.prefixes(prepared.distinct)}
    nodes = [
        json.dumps(_jsonld_node(rows, terms), ensure_ascii=False)
        for rows in _runs(prepared.triples, 0)
    ]
    head = json.dumps(context, ensure_ascii=False, indent=1).replace("\n", "\n ")
    return '{\n "@context": ' + head + ',\n "@graph": [\n  ' + ",\n  ".join(nodes) + "\n ]\n}\n"


def serialize_jsonld(graph: Graph) -> str:
    """Compact JSON-LD: an ``@context`` of the prefixes used and a sorted ``@graph`` of node objects."""
    return _jsonld(_prepare(graph))


def write_graph_files(
    outputs: OutputSet, graph: Graph, dataset: Dataset, outcome: ValidationOutcome
) -> None:
    """Stage the graph in every format, the ontology next to it, and the validation report."""
    with gc_paused():
        terms = _Terms(_namespaces(graph))  # the dataset shares the graph's terms and prefixes
        if isinstance(graph, UnionGraph) and graph.store is dataset.store:
            prepared, by_graph = _prepare_dataset(dataset, terms)  # one pass serves all four
        else:
            prepared, by_graph = _prepare(graph, terms), None
        outputs.add("defectors.ttl", _turtle(prepared))
        outputs.add("defectors.nt", _ntriples(prepared))
        outputs.add("defectors.jsonld", _jsonld(prepared))
        del prepared
        if by_graph is None:
            outputs.add("defectors.trig", _trig(dataset, terms))
        else:
            outputs.add(
                "defectors.trig", _trig_document(by_graph, dataset.default_graph.identifier, terms)
            )
    outputs.add("ontology.ttl", ontology_path().read_bytes())
    outputs.add("validation.ttl", serialize_turtle(outcome.report))
    outputs.add("validation.txt", outcome.text)
