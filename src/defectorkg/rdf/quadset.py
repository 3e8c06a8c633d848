"""The graph of a build as quads of N-Triples terms, sorted once; rdflib views made on demand.

Mapping makes a list of ``(subject, predicate, object, graph)`` tuples of ``str`` terms
(:mod:`defectorkg.rdf.nt`).  Sorted once, the tuples are in the order of their N-Triples lines,
so the union's triples (each once), every named graph's triples and the subject and predicate
runs the Turtle, TriG and JSON-LD writers need all come from one pass, in a byte-stable order
whatever ``PYTHONHASHSEED`` is.  A million quads cost about a tenth of the memory an rdflib
store needs; an rdflib ``Graph``/``Dataset`` is built only when someone asks (``.graph``,
``.dataset``: the library API, the tests, and pyshacl for a shape the evaluator in
:mod:`defectorkg.rdf.shacl` leaves to it).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping
from operator import itemgetter
from typing import TYPE_CHECKING, TypeAlias

from .nt import RdflibTerms, from_rdflib

if TYPE_CHECKING:
    from rdflib import Dataset, Graph
    from rdflib.term import Node

Quad: TypeAlias = tuple[str, str, str, str]
Triple: TypeAlias = tuple[str, str, str]

#: The graph term of the default graph (sorts before every IRI term).
DEFAULT_GRAPH = ""


class QuadSet:
    """Quads of N-Triples terms with the prefixes (namespace -> prefix) their writers use."""

    def __init__(self, quads: list[Quad], namespaces: Mapping[str, str]) -> None:
        self.quads = quads
        self.namespaces = dict(namespaces)
        self._sorted = False
        self._length: int | None = None
        self._terms: tuple[set[str], set[str]] | None = None
        self._graph: Graph | None = None
        self._dataset: Dataset | None = None

    # -- sorted views ---------------------------------------------------------------------

    def sort(self) -> QuadSet:
        """Sort the quads in place (once) and drop exact duplicates."""
        if not self._sorted:
            self.quads.sort()
            quads, unique, previous = self.quads, [], None
            for quad in quads:
                if quad != previous:
                    unique.append(quad)
                    previous = quad
            if len(unique) != len(quads):
                self.quads[:] = unique
            self._sorted = True
        return self

    def triples(self) -> Iterator[Triple]:
        """Every triple of the union once, in sorted order."""
        previous: Quad | None = None
        for quad in self.sort().quads:
            if previous is None or quad[:3] != previous[:3]:
                yield quad[:3]
            previous = quad

    def graphs(self) -> dict[str, list[Quad]]:
        """Each graph's quads in sorted order, graphs in the order of their terms (default first)."""
        by_graph: dict[str, list[Quad]] = {}
        for quad in self.sort().quads:
            found = by_graph.get(quad[3])
            if found is None:
                found = by_graph[quad[3]] = []
            found.append(quad)
        return {name: by_graph[name] for name in sorted(by_graph)}

    def terms(self, *, graph_names: bool = False) -> set[str]:
        """Every distinct term of the triples (and, with ``graph_names``, the graph names)."""
        if self._terms is None:
            quads = self.quads
            triple_terms = set(map(itemgetter(0), quads))
            triple_terms.update(map(itemgetter(1), quads))
            triple_terms.update(map(itemgetter(2), quads))
            names = set(map(itemgetter(3), quads))
            names.discard(DEFAULT_GRAPH)
            self._terms = (triple_terms, names)
        return self._terms[0] | self._terms[1] if graph_names else self._terms[0]

    def __len__(self) -> int:
        """The number of distinct triples (a triple stated in two graphs counts once)."""
        if self._length is None:
            self._length = sum(1 for _ in self.triples())
        return self._length

    # -- rdflib, on demand ----------------------------------------------------------------

    def rdflib_triples(self, make: RdflibTerms | None = None) -> Iterator[tuple[Node, Node, Node]]:
        """The union's triples as rdflib terms (each distinct term made once)."""
        make = make if make is not None else RdflibTerms()
        for s, p, o in self.triples():
            yield make(s), make(p), make(o)

    @property
    def graph(self) -> Graph:
        """The union as an rdflib Graph with the prefixes bound (built on first use)."""
        if self._graph is None:
            from rdflib import Graph

            graph = Graph(bind_namespaces="core")
            self._bind(graph)
            graph.addN((s, p, o, graph) for s, p, o in self.rdflib_triples())
            self._graph = graph
        return self._graph

    @property
    def dataset(self) -> Dataset:
        """Every named graph as an rdflib Dataset with the prefixes bound (built on first use)."""
        if self._dataset is None:
            from rdflib import Dataset, URIRef

            dataset = Dataset()
            self._bind(dataset)
            make = RdflibTerms()
            for name, quads in self.graphs().items():
                if name == DEFAULT_GRAPH:
                    target = dataset.default_graph
                else:
                    named = make(name)
                    assert isinstance(named, URIRef)  # a graph name is always an IRI
                    target = dataset.graph(named)
                target.addN((make(s), make(p), make(o), target) for s, p, o, _ in quads)
            self._dataset = dataset
        return self._dataset

    def _bind(self, graph: Graph) -> None:
        from rdflib import Namespace

        for namespace, prefix in sorted(self.namespaces.items(), key=lambda item: item[1]):
            graph.bind(prefix, Namespace(namespace), override=True, replace=True)

    # -- from rdflib ----------------------------------------------------------------------

    @classmethod
    def from_triples(
        cls, triples: Iterable[tuple[Node, Node, Node]], namespaces: Mapping[str, str]
    ) -> QuadSet:
        """The quads of rdflib triples, all in the default graph."""
        term = _term_maker()
        quads = [(term(s), term(p), term(o), DEFAULT_GRAPH) for s, p, o in triples]
        return cls(quads, namespaces)

    @classmethod
    def from_dataset(cls, dataset: Dataset, namespaces: Mapping[str, str]) -> QuadSet:
        """The quads of every graph of an rdflib Dataset."""
        term = _term_maker()
        default = dataset.default_graph.identifier
        quads: list[tuple[str, str, str, str]] = []
        for graph in dataset.graphs():
            name = DEFAULT_GRAPH if graph.identifier == default else term(graph.identifier)
            quads.extend((term(s), term(p), term(o), name) for s, p, o in graph)
        return cls(quads, namespaces)


def _term_maker() -> Callable[[Node], str]:
    """The N-Triples form of rdflib terms, each distinct term rendered once."""
    return functools.cache(from_rdflib)
