"""Reading an RDF file given as input: one suffix table, one parser, one set of errors.

Every command that reads an RDF file (`validate`, `draw`, `stats`, `query --graph`, `load`)
comes through here. The file is parsed with pyoxigraph (fast, and its errors give line and
column) and handed over in the form the caller needs:

* :func:`read_store`: an in-memory Oxigraph store with the file's quads (named graphs kept);
* :func:`read_triples`: the distinct triples of every graph, as pyoxigraph terms;
* :func:`rdflib_triples`: the same as rdflib terms (what the views index);
* :func:`load_graph`: an rdflib ``Graph`` (what pyshacl validates).

TriG and N-Quads are datasets: the triple forms are their union (default graph and every
named graph). Every failure is a :class:`~defectorkg.errors.GraphLoadError` (or the error
class the caller passes) with a one-line message naming the file: an unknown suffix, no such
file, a directory, bytes that are not UTF-8, a syntax error (with line and column), or a file
that holds no triples at all.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ..errors import DefectorkgError, GraphLoadError

__all__ = [
    "SUFFIXES", "load_graph", "parse_into", "rdf_format", "rdflib_term", "rdflib_triples", "read_quads", "read_store", "read_triples",
]  # fmt: skip

#: File suffixes read as RDF, and their format.
SUFFIXES: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
}

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_MAX_DETAIL = 200


def rdf_format(path: Path, error: type[DefectorkgError] = GraphLoadError) -> ox.RdfFormat:
    """The RDF format of ``path``, from its suffix."""
    found = SUFFIXES.get(path.suffix.lower())
    if found is None:
        known = ", ".join(sorted(SUFFIXES))
        raise error(f"{path}: unknown RDF file type {path.suffix!r} (known: {known})")
    return found


def _readable(path: Path, error: type[DefectorkgError]) -> ox.RdfFormat:
    """The format of ``path``, which must be an existing file."""
    if path.is_dir():
        raise error(f"{path}: is a directory, not an RDF file")
    if not path.suffix and not path.exists():  # nothing to say about a type: say what is wrong
        raise error(f"{path}: no such file")
    fmt = rdf_format(path, error)
    if not path.is_file():
        raise error(f"{path}: no such file")
    return fmt


def _parse_error(
    path: Path, fmt: ox.RdfFormat, exc: BaseException, error: type[DefectorkgError]
) -> DefectorkgError:
    """The one-line error for a file pyoxigraph could not read."""
    detail = " ".join(str(exc).split()) or type(exc).__name__
    detail = detail if len(detail) <= _MAX_DETAIL else detail[: _MAX_DETAIL - 1] + "…"
    if "Invalid UTF-8" in detail or isinstance(exc, UnicodeDecodeError):
        return error(f"{path}: not UTF-8 text ({detail})")
    if isinstance(exc, SyntaxError):
        return error(f"{path}: not valid {fmt.name}: {detail}")
    return error(f"{path}: cannot read ({detail})")


def _no_triples(path: Path, error: type[DefectorkgError]) -> DefectorkgError:
    return error(f"{path}: holds no RDF triples")


def _parse(path: Path, error: type[DefectorkgError]) -> tuple[list[ox.Quad], dict[str, str]]:
    """Every quad of the file ``path``, exactly as written, and the prefixes it declares."""
    fmt = _readable(path, error)
    try:
        parser = ox.parse(path=str(path), format=fmt)
        quads = list(parser)
    except (SyntaxError, OSError, ValueError) as exc:
        raise _parse_error(path, fmt, exc, error) from None
    if not quads:
        raise _no_triples(path, error)
    return quads, dict(parser.prefixes)


def read_quads(path: Path, error: type[DefectorkgError] = GraphLoadError) -> list[ox.Quad]:
    """Every quad of the file ``path``, exactly as written (a file with none is refused)."""
    return _parse(path, error)[0]


def read_store(path: Path, *, to_graph: ox.NamedNode | None = None) -> ox.Store:
    """Parse ``path`` into an in-memory store (its triples into ``to_graph`` when given).

    The whole file is parsed before anything else happens, so a bad file changes nothing.
    Like every Oxigraph store it keeps literals in canonical form: an
    ``xsd:nonNegativeInteger`` comes back as ``xsd:integer`` (see :func:`read_triples`).
    """
    fmt = _readable(path, GraphLoadError)
    memory = ox.Store()
    try:
        memory.bulk_load(path=str(path), format=fmt, to_graph=to_graph)
    except (SyntaxError, OSError, ValueError) as exc:
        raise _parse_error(path, fmt, exc, GraphLoadError) from None
    if next(iter(memory), None) is None:
        raise _no_triples(path, GraphLoadError)
    return memory


def read_triples(path: Path) -> list[ox.Triple]:
    """The distinct triples of every graph of the file ``path``, exactly as written."""
    return list(
        dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in read_quads(path))
    )


def rdflib_term(term: object, *, normalize: bool | None = None) -> Node:
    """A pyoxigraph term as the rdflib term the rdflib parsers make of it (``normalize=False``
    keeps a literal's lexical form as it is); TypeError for an RDF-star triple term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=normalize)
    raise TypeError(f"unsupported RDF term {term!r}")


def _rdflib_triples(
    path: Path, quads: list[ox.Quad], error: type[DefectorkgError]
) -> list[tuple[Node, Node, Node]]:
    """The distinct triples of ``quads`` as rdflib terms, in file order."""
    terms: dict[object, Node] = {}

    def convert(term: object) -> Node:
        found = terms.get(term)
        if found is None:
            try:
                found = terms[term] = rdflib_term(term)
            except TypeError as exc:
                raise error(f"{path}: cannot read ({exc})") from None
        return found

    distinct = dict.fromkeys((q.subject, q.predicate, q.object) for q in quads)
    return [(convert(s), convert(p), convert(o)) for s, p, o in distinct]


def rdflib_triples(
    path: Path, error: type[DefectorkgError] = GraphLoadError
) -> list[tuple[Node, Node, Node]]:
    """The distinct triples of every graph of ``path`` as rdflib terms (a dataset's union)."""
    return _rdflib_triples(path, read_quads(path, error), error)


def parse_into(graph: Graph, path: Path, error: type[DefectorkgError] = GraphLoadError) -> Graph:
    """Add the triples of the RDF file ``path`` (a dataset's union) to ``graph``, and bind the
    prefixes the file declares as rdflib's own parsers bind them; returns ``graph``."""
    quads, prefixes = _parse(path, error)
    graph.addN((s, p, o, graph) for s, p, o in _rdflib_triples(path, quads, error))
    for prefix, namespace in prefixes.items():
        graph.bind(prefix, namespace)
    return graph


def load_graph(path: Path, error: type[DefectorkgError] = GraphLoadError) -> Graph:
    """The RDF file at ``path`` as one rdflib graph (the union of a dataset's graphs).

    Only the core prefixes are bound beforehand, so the file's own (``schema:`` for
    ``http://schema.org/``) are the ones a report prints, never rdflib's defaults."""
    return parse_into(Graph(bind_namespaces="core"), path, error)
