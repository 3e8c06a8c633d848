"""RDF terms as their N-Triples text: the form mapping makes, export writes and sorting compares.

A term is a ``str``: ``<iri>``, ``"lexical"`` (escaped), ``"lexical"@lang``,
``"lexical"^^<datatype>`` or ``_:label``.  Terms made once and shared (mapping caches them) cost
one pointer per use, compare with C string comparison, and sort in the order of the N-Triples
lines they form.  rdflib terms are made from them only where rdflib is the API (pyshacl, the
view hand-off, :class:`~defectorkg.rdf.quadset.QuadSet` ``.graph``), each distinct term once.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib.term import Node

XSD_NS = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = f"<{XSD_NS}string>"
XSD_INTEGER = f"<{XSD_NS}integer>"
XSD_BOOLEAN = f"<{XSD_NS}boolean>"

_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')
_UNESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)
_UNECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_BNODE_LABEL = re.compile(r"[^A-Za-z0-9_]")


def escape(text: str) -> str:
    """A string body for N-Triples and Turtle: ECHAR escapes, other controls as \\uXXXX."""
    if not _NEEDS_ESCAPE.search(text):
        return text
    return _NEEDS_ESCAPE.sub(lambda m: _ECHAR.get(m.group(), f"\\u{ord(m.group()):04X}"), text)


def unescape(body: str) -> str:
    """The text of an escaped string body (inverse of :func:`escape`)."""
    if "\\" not in body:
        return body

    def one(match: re.Match[str]) -> str:
        code = match.group(1) or match.group(2)
        return chr(int(code, 16)) if code else _UNECHAR.get(match.group(3), match.group(3))

    return _UNESCAPE.sub(one, body)


def iri(text: str) -> str:
    """The term of an IRI."""
    return f"<{text}>"


def literal(lexical: str, datatype: str | None = None) -> str:
    """The term of a literal; ``datatype`` is a term (``<…#gYear>``); xsd:string is left implicit."""
    body = f'"{escape(lexical)}"'
    return body if datatype is None or datatype == XSD_STRING else f"{body}^^{datatype}"


def split_literal(term: str) -> tuple[str, str | None, str | None]:
    """(escaped body, language or None, datatype IRI or None) of a literal term."""
    end = term.rindex('"')
    rest = term[end + 1 :]
    if rest.startswith("@"):
        return term[1:end], rest[1:], None
    if rest.startswith("^^"):
        return term[1:end], None, rest[3:-1]
    return term[1:end], None, None


def is_iri(term: str) -> bool:
    """True for an IRI term."""
    return term[0] == "<"


def is_literal(term: str) -> bool:
    """True for a literal term."""
    return term[0] == '"'


def bnode_label(label: str) -> str:
    """The N-Triples label of a blank node id."""
    return "_:b" + _BNODE_LABEL.sub(lambda m: f"x{ord(m.group()):X}", label)


def from_rdflib(term: Node) -> str:
    """The N-Triples form of an rdflib term."""
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        body = f'"{escape(str(term))}"'
        if term.language:
            return f"{body}@{term.language}"
        if term.datatype is not None and str(term.datatype) != XSD_STRING[1:-1]:
            return f"{body}^^<{term.datatype}>"
        return body
    if isinstance(term, BNode):
        return bnode_label(str(term))
    raise TypeError(f"cannot write {term!r} as an RDF term")


class RdflibTerms:
    """Makes the rdflib term of each distinct N-Triples term once."""

    def __init__(self) -> None:
        from rdflib import BNode, Literal, URIRef

        self._uri, self._literal, self._bnode = URIRef, Literal, BNode
        self._made: dict[str, Node] = {}

    def __call__(self, term: str) -> Node:
        found = self._made.get(term)
        if found is None:
            found = self._made[term] = self._make(term)
        return found

    def _make(self, term: str) -> Node:
        if term[0] == "<":
            return self._uri(term[1:-1])
        if term.startswith("_:"):
            return self._bnode(term[2:])
        body, language, datatype = split_literal(term)
        lexical = unescape(body)
        if language is not None:
            return self._literal(lexical, lang=language)
        if datatype is not None:
            return self._literal(lexical, datatype=self._uri(datatype))
        return self._literal(lexical)
