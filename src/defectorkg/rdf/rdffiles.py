"""Reading an RDF file given as input (`defectorkg draw`, `defectorkg stats`) into one rdflib graph."""

from __future__ import annotations

from pathlib import Path
from xml.sax import SAXException

from rdflib import Dataset, Graph
from rdflib.exceptions import ParserError

from ..errors import GraphLoadError

__all__ = ["load_graph"]

_RDF_FORMATS = {
    ".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld", ".rdf": "xml",
    ".xml": "xml", ".trig": "trig", ".nq": "nquads",
}  # fmt: skip
_QUAD_FORMATS = frozenset({"trig", "nquads"})
# What rdflib's parsers raise on a bad file: BadSyntax (a SyntaxError) for Turtle/TriG/N-Triples,
# ParserError, SAXException for RDF/XML, ValueError (JSON, Unicode, literals), OSError.
_PARSE_ERRORS = (SyntaxError, ValueError, OSError, ParserError, SAXException)


def load_graph(path: Path) -> Graph:
    """Read an RDF file (by suffix) into one graph; named graphs of TriG/N-Quads are merged."""
    fmt = _RDF_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise GraphLoadError(f"{path}: unknown RDF file type {path.suffix!r} (known: {', '.join(sorted(_RDF_FORMATS))})")
    if not path.is_file():
        raise GraphLoadError(f"{path}: no such file (run `defectorkg build` first, or pass --graph)")
    try:
        if fmt in _QUAD_FORMATS:
            dataset = Dataset()
            dataset.parse(path, format=fmt)
            graph = Graph()
            for s, p, o, _ in dataset.quads((None, None, None, None)):
                graph.add((s, p, o))
            return graph
        return Graph().parse(path, format=fmt)
    except _PARSE_ERRORS as exc:
        said = " ".join(str(exc).split()) or type(exc).__name__
        said = said if len(said) <= 160 else said[:159] + "…"
        raise GraphLoadError(f"{path}: not valid {fmt}: {said}") from None
