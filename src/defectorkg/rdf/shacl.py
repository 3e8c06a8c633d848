"""A SHACL Core evaluator for the shapes this project writes, over the build's quads.

Longer than 500 lines on purpose: shape reading, the per-predicate index and the constraint
checks change together and are tested against pyshacl as one evaluator.

pyshacl reads the data through rdflib's store, at about 30 s per million triples plus the cost
of building that store; a build of 31,093 entries holds millions.  The shapes in ``shapes/`` are
regular: top-level shapes, each with its own target (``sh:targetClass``, ``sh:targetSubjectsOf``,
``sh:targetObjectsOf``, ``sh:targetNode``), a predicate path, and one value per core parameter.
This module evaluates exactly those shapes over a :class:`Index` of the sorted N-Triples terms
(a dict per predicate), with pyshacl's semantics and its result fields: focus node, path, value
(where pyshacl gives one), source shape, severity and the shape's ``sh:message``.

Every other shape (SPARQL constraints, ``sh:node``, ``sh:property``, ``sh:and``/``sh:not``/
``sh:xone``, qualified shapes, complex paths, a parameter given twice, a shape without a message)
is left to pyshacl over the whole graph, with the shapes handled here deactivated; and only when
one of those shapes has a focus node, so a graph with no ``dkg:Birth`` never builds an rdflib
graph.  ``tests/test_shacl.py`` checks that the results equal pyshacl's alone on the bundled
article, on every case of ``tests/shapes/`` and on an article with planted violations.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .nt import RdflibTerms, split_literal, unescape

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

SH = "http://www.w3.org/ns/shacl#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
RDFS_SUBCLASS = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RDFS_LITERAL = "http://www.w3.org/2000/01/rdf-schema#Literal"
RDFS_DATATYPE = "http://www.w3.org/2000/01/rdf-schema#Datatype"

_TARGETS = ("targetClass", "targetNode", "targetObjectsOf", "targetSubjectsOf")
_SINGLE = (
    "class", "datatype", "nodeKind", "minCount", "maxCount", "in", "hasValue", "minInclusive",
    "maxInclusive", "minExclusive", "maxExclusive", "pattern", "flags", "minLength", "maxLength",
    "lessThan", "or",
)  # fmt: skip
_IGNORED = ("name", "description", "order", "group", "defaultValue", "severity", "message",
            "deactivated", "path", *_TARGETS)  # fmt: skip
_NODE_KINDS = {
    "IRI": ("iri",), "BlankNode": ("bnode",), "Literal": ("literal",),
    "BlankNodeOrIRI": ("bnode", "iri"), "BlankNodeOrLiteral": ("bnode", "literal"),
    "IRIOrLiteral": ("iri", "literal"),
}  # fmt: skip


# ---------------------------------------------------------------------------------------
# The data: one dict per predicate
# ---------------------------------------------------------------------------------------


class Index:
    """The triples of a graph by predicate: ``out[p][s]`` and, on demand, ``into[p][o]``."""

    def __init__(self, triples: Iterable[tuple[str, str, str]]) -> None:
        out: dict[str, dict[str, list[str]]] = {}
        for s, p, o in triples:
            by_subject = out.get(p)
            if by_subject is None:
                by_subject = out[p] = {}
            objects = by_subject.get(s)
            if objects is None:
                by_subject[s] = [o]
            else:
                objects.append(o)
        self.out = out
        self._into: dict[str, dict[str, list[str]]] = {}

    def objects(self, subject: str, predicate: str) -> list[str]:
        """The objects of ``subject predicate ?o`` (sorted)."""
        return self.out.get(predicate, {}).get(subject, [])

    def value(self, subject: str, predicate: str) -> str | None:
        """One object (the least) of ``subject predicate ?o``, or None."""
        found = self.objects(subject, predicate)
        return found[0] if found else None

    def subjects_of(self, predicate: str) -> Iterable[str]:
        """Every subject of ``predicate``."""
        return self.out.get(predicate, {}).keys()

    def objects_of(self, predicate: str) -> Iterator[str]:
        """Every object of ``predicate`` (with repeats)."""
        for objects in self.out.get(predicate, {}).values():
            yield from objects

    def into(self, predicate: str) -> dict[str, list[str]]:
        """``o -> [s]`` for ``predicate``."""
        found = self._into.get(predicate)
        if found is None:
            found = self._into[predicate] = {}
            for s, objects in self.out.get(predicate, {}).items():
                for o in objects:
                    found.setdefault(o, []).append(s)
        return found

    def incoming_of(self, nodes: set[str]) -> dict[str, list[str]]:
        """``node -> [subjects with an edge to it]`` (sorted, each once) for ``nodes``, in one pass."""
        table: dict[str, set[str]] = {}
        for by_subject in self.out.values():
            for s, objects in by_subject.items():
                for o in objects:
                    if o in nodes:
                        table.setdefault(o, set()).add(s)
        return {o: sorted(subjects) for o, subjects in table.items()}

    def instances(self, cls: str) -> set[str]:
        """Subjects typed ``cls`` or one of its subclasses (rdfs:subClassOf* in the data)."""
        classes = self.subclasses(cls)
        types = self.into(RDF_TYPE)
        found: set[str] = set()
        for c in classes:
            found.update(types.get(c, ()))
        return found

    def subclasses(self, cls: str) -> set[str]:
        """``cls`` and every class below it through rdfs:subClassOf in the data."""
        below = self.into(RDFS_SUBCLASS)
        found, todo = {cls}, [cls]
        while todo:
            for sub in below.get(todo.pop(), ()):
                if sub not in found:
                    found.add(sub)
                    todo.append(sub)
        return found


# ---------------------------------------------------------------------------------------
# Shapes
# ---------------------------------------------------------------------------------------


@dataclass
class Shape:
    """A shape this module evaluates: targets, path, constraints, severity and messages."""

    node: Node
    path: str | None
    severity: Node
    messages: list[str]
    params: dict[str, Any] = field(default_factory=dict)
    targets: dict[str, list[str]] = field(default_factory=dict)
    members: list[Shape] = field(default_factory=list)  # sh:or


def _term(node: Node) -> str:
    from .nt import from_rdflib

    return from_rdflib(node)


def _local(node: Node) -> str | None:
    text = str(node)
    return text[len(SH) :] if text.startswith(SH) else None


def read_shape(shapes: Graph, node: Node, *, top: bool) -> Shape | None:
    """The shape at ``node`` if every parameter it uses is one this module evaluates, else None."""
    from rdflib import Literal, URIRef
    from rdflib.collection import Collection
    from rdflib.namespace import SH as NS

    params: dict[str, list[Node]] = {}
    for predicate, obj in shapes.predicate_objects(node):
        name = _local(predicate)
        if name is None:
            continue
        params.setdefault(name, []).append(obj)
    for name, values in params.items():
        if name in _IGNORED:
            continue
        if name not in _SINGLE or len(values) != 1:
            return None
    paths = params.get("path", [])
    if len(paths) > 1 or (paths and not isinstance(paths[0], URIRef)):
        return None
    if params.get("deactivated"):
        return None
    messages = params.get("message", [])
    if top and not messages:
        return None  # pyshacl's generated messages are not repeated here
    severities = params.get("severity", [NS.Violation])
    if len(severities) != 1:
        return None
    shape = Shape(
        node=node,
        path=_term(paths[0]) if paths else None,
        severity=severities[0],
        messages=sorted(str(m) for m in messages if isinstance(m, Literal)),
        targets={t: [_term(v) for v in params[t]] for t in _TARGETS if t in params},
    )
    for name in _SINGLE:
        if name in params:
            value = params[name][0]
            if name == "in":
                shape.params[name] = {_term(v) for v in Collection(shapes, value)}
            elif name == "or":
                for member_node in Collection(shapes, value):
                    member = read_shape(shapes, member_node, top=False)
                    if member is None or member.targets:
                        return None
                    shape.members.append(member)
            elif name in ("minCount", "maxCount", "minLength", "maxLength"):
                shape.params[name] = int(str(value))
            elif name in ("minInclusive", "maxInclusive", "minExclusive", "maxExclusive"):
                if not isinstance(value, Literal):
                    return None
                shape.params[name] = value
            elif name in ("pattern", "flags"):
                shape.params[name] = value
            elif name == "nodeKind":
                kinds = _NODE_KINDS.get(_local(value) or "")
                if kinds is None:
                    return None
                shape.params[name] = kinds
            else:
                shape.params[name] = _term(value)
    if "flags" in shape.params and "pattern" not in shape.params:
        return None
    if "pattern" in shape.params:
        shape.params["pattern"] = _compile(shape.params["pattern"], shape.params.pop("flags", None))
    return shape


def _compile(pattern: Any, flags: Any) -> re.Pattern[str]:
    """pyshacl's reading of sh:pattern and sh:flags (i and m only)."""
    re_flags = 0
    if flags is not None:
        text = str(flags.value).lower()
        if "i" in text:
            re_flags |= re.IGNORECASE
        if "m" in text:
            re_flags |= re.MULTILINE
    source = (
        str(pattern.value) if pattern.value is not None and len(pattern.value) > 1 else str(pattern)
    )
    return re.compile(source, re_flags)


def _shape_nodes(shapes: Graph) -> tuple[set[Node], set[Node]]:
    """(shapes with a target, shapes another shape points at)."""
    from rdflib.collection import Collection
    from rdflib.namespace import OWL, RDF, RDFS
    from rdflib.namespace import SH as NS

    targeted: set[Node] = set()
    for name in (*_TARGETS, "target"):
        targeted.update(shapes.subjects(NS[name], None))
    for shape_type in (NS.NodeShape, NS.PropertyShape):
        for node in shapes.subjects(RDF.type, shape_type):
            if (node, RDF.type, RDFS.Class) in shapes or (node, RDF.type, OWL.Class) in shapes:
                targeted.add(node)  # an implicit class target
    referenced: set[Node] = set()
    for predicate in ("node", "property", "qualifiedValueShape", "not"):
        referenced.update(shapes.objects(None, NS[predicate]))
    for predicate in ("or", "and", "xone"):
        for head in shapes.objects(None, NS[predicate]):
            referenced.update(Collection(shapes, head))
    return targeted, referenced


@dataclass
class Split:
    """The shapes evaluated here and the ones left to pyshacl."""

    fast: list[Shape]
    rest: list[Node]


def split_shapes(shapes: Graph) -> Split:
    """Which targeted shapes this module evaluates, and which it leaves to pyshacl."""
    from rdflib import Literal
    from rdflib.namespace import OWL, RDF, RDFS
    from rdflib.namespace import SH as NS

    targeted, referenced = _shape_nodes(shapes)
    fast: list[Shape] = []
    rest: list[Node] = []
    for node in sorted(targeted, key=str):
        deactivated = shapes.value(node, NS.deactivated)
        if isinstance(deactivated, Literal) and deactivated.value is True:
            continue
        implicit = (node, RDF.type, RDFS.Class) in shapes or (node, RDF.type, OWL.Class) in shapes
        shape = None if node in referenced or implicit else read_shape(shapes, node, top=True)
        if shape is None or (shapes.value(node, NS.target) is not None):
            rest.append(node)
        else:
            fast.append(shape)
    return Split(fast, rest)


def focus_nodes(index: Index, targets: dict[str, list[str]]) -> set[str]:
    """The focus nodes of a shape's targets."""
    found: set[str] = set(targets.get("targetNode", ()))
    for cls in targets.get("targetClass", ()):
        found |= index.instances(cls)
    for predicate in targets.get("targetSubjectsOf", ()):
        found.update(index.subjects_of(predicate))
    for predicate in targets.get("targetObjectsOf", ()):
        found.update(index.objects_of(predicate))
    return found


# ---------------------------------------------------------------------------------------
# Evaluation
# ---------------------------------------------------------------------------------------

RawResult = tuple[str, str | None, str | None, Any]  # focus, path, value, shape


def _kind(term: str) -> str:
    return "iri" if term[0] == "<" else "literal" if term[0] == '"' else "bnode"


def _text(term: str) -> str:
    """The string pyshacl matches patterns and lengths against: an IRI's text, a literal's lexical form."""
    if term[0] == "<":
        return term[1:-1]
    if term[0] == '"':
        return unescape(split_literal(term)[0])
    return term[2:]


def _actual(value: object, datatype: str) -> bool:
    """pyshacl's check that a literal's Python value fits its datatype."""
    name = datatype[len(XSD) :] if datatype.startswith(XSD) else None
    if datatype == RDF_LANGSTRING or name == "string":
        return isinstance(value, (str, bytes))
    expected: dict[str | None, type | tuple[type, ...]] = {
        "integer": int, "float": float, "decimal": Decimal, "boolean": bool,
        "date": datetime.date, "time": datetime.time, "dateTime": datetime.datetime,
    }  # fmt: skip
    wanted = expected.get(name)
    return True if wanted is None else isinstance(value, wanted)


def _compare(value: Any, limit: Any) -> int | None:
    """pyshacl's compare_literal, None where it cannot compare."""
    from rdflib import Literal

    if not isinstance(value, Literal):
        return None
    if isinstance(value.value, str) != isinstance(limit.value, str):
        return None
    try:
        if value.eq(limit):
            return 0
        if value.value.__class__ in (datetime.datetime, datetime.time):
            if value.value == limit.value:
                return 0
            return 1 if value.value > limit.value else -1
        return 1 if value > limit else -1
    except (TypeError, NotImplementedError):
        return None


_NONE: list[str] = []
_WHOLE_NUMBERS = frozenset(XSD + name for name in ("integer", "nonNegativeInteger"))
_DIGITS = re.compile(r"[0-9]+")


def _whole(term: str) -> int | None:
    """The number of an xsd:integer or xsd:nonNegativeInteger literal written as plain digits."""
    if term[0] != '"':
        return None
    body, _, datatype = split_literal(term)
    if datatype in _WHOLE_NUMBERS and _DIGITS.fullmatch(body):
        return int(body)
    return None


_RANGE: dict[str, Callable[[int], bool]] = {
    "minInclusive": lambda c: c >= 0,
    "minExclusive": lambda c: c > 0,
    "maxInclusive": lambda c: c <= 0,
    "maxExclusive": lambda c: c < 0,
}


class Evaluator:
    """Evaluates :class:`Shape` s over an :class:`Index`."""

    def __init__(self, index: Index, rdflib_term: Callable[[str], Node]) -> None:
        self.index = index
        self.rdflib_term = rdflib_term
        self._datatype_ok: dict[tuple[str, str], bool] = {}
        self._instances: dict[str, set[str]] = {}
        self._plans: dict[int, tuple[Any, ...]] = {}

    def run(self, shapes: Iterable[Shape]) -> Iterator[RawResult]:
        """Every result of ``shapes`` (one per failing constraint and value, as pyshacl gives them)."""
        for shape in shapes:
            path = shape.path
            for focus in focus_nodes(self.index, shape.targets):
                for value in self._failures(shape, focus):
                    yield focus, path, value, shape

    def conforms(self, shape: Shape, focus: str) -> bool:
        """True when ``focus`` passes every constraint of ``shape`` (an sh:or member)."""
        return next(iter(self._failures(shape, focus)), False) is False

    def _plan(self, shape: Shape) -> tuple[Any, ...]:
        """What evaluating ``shape`` needs, worked out once: its values' table and its checks."""
        found = self._plans.get(id(shape))
        if found is None:
            params = shape.params
            by_subject = None if shape.path is None else self.index.out.get(shape.path, {})
            checks = [
                self._memo(name, param)
                for name, param in params.items()
                if name not in ("minCount", "maxCount", "hasValue", "lessThan")
            ]
            found = self._plans[id(shape)] = (
                by_subject, params.get("minCount"), params.get("maxCount"), params.get("hasValue"),
                params.get("lessThan"), checks,
            )  # fmt: skip
        return found

    def _memo(self, name: str, param: Any) -> Callable[[str], bool]:
        """The check of one value constraint, each distinct value checked once."""
        if name == "class":
            cls = param
            return lambda value: self._class(cls, value)
        check: Callable[[str], bool]
        if name in _RANGE:
            check = lambda value: self._range(name, param, value)
        else:
            method = getattr(self, "_" + name.lower())
            check = lambda value: method(param, value)
        return functools.cache(check)  # each distinct value is checked once

    def _failures(self, shape: Shape, focus: str) -> Iterator[str | None]:
        """The value of each failure (None where pyshacl's result has no sh:value)."""
        by_subject, min_count, max_count, has_value, less_than, checks = self._plan(shape)
        values = [focus] if by_subject is None else by_subject.get(focus, _NONE)
        if min_count is not None and len(values) < min_count:
            yield None
        if max_count is not None and len(values) > max_count:
            yield None
        if has_value is not None and has_value not in values:
            yield None
        for check in checks:
            for value in values:
                if not check(value):
                    yield value
        if less_than is not None:
            others = self.index.objects(focus, less_than)
            for value in values:
                for other in others:
                    if not self._less_than(value, other):
                        yield value
        if shape.members:
            for value in values:
                if not any(self.conforms(member, value) for member in shape.members):
                    yield value

    # -- value constraints ----------------------------------------------------------------

    def _class(self, cls: str, value: str) -> bool:
        if value[0] == '"':
            return False
        instances = self._instances.get(cls)
        if instances is None:
            instances = self._instances[cls] = self.index.instances(cls)
        return value in instances

    def _datatype(self, datatype: str, value: str) -> bool:
        if value[0] != '"':
            return False
        key = (datatype, value)
        found = self._datatype_ok.get(key)
        if found is None:
            found = self._datatype_ok[key] = self._datatype_check(datatype[1:-1], value)
        return found

    def _datatype_check(self, rule: str, value: str) -> bool:
        body, language, datatype = split_literal(value)
        if datatype == rule and rule in _WHOLE_NUMBERS and body.isdigit() and body.isascii():
            return True  # what rdflib and pyshacl say of unsigned digits, without making a Literal
        if datatype == rule:
            literal = self.rdflib_term(value)
            if getattr(literal, "ill_typed", None) is True:
                return False
            return _actual(literal.value, rule)  # type: ignore[attr-defined]
        if rule == RDFS_LITERAL:
            return True
        if rule == RDFS_DATATYPE and datatype:
            return True
        if datatype is None and language is None and rule == XSD + "string":
            return True
        return bool(rule == RDF_LANGSTRING and language)

    def _nodekind(self, kinds: tuple[str, ...], value: str) -> bool:
        return _kind(value) in kinds

    def _in(self, allowed: set[str], value: str) -> bool:
        return value in allowed

    def _pattern(self, pattern: re.Pattern[str], value: str) -> bool:
        if value.startswith("_:"):
            return False
        text = _text(value)
        return bool(pattern.match(text) or pattern.search(text))

    def _minlength(self, length: int, value: str) -> bool:
        return length == 0 or (not value.startswith("_:") and len(_text(value)) >= length)

    def _maxlength(self, length: int, value: str) -> bool:
        return not value.startswith("_:") and len(_text(value)) <= length

    def _range(self, name: str, limit: Any, value: str) -> bool:
        if value[0] != '"':
            return False
        number = _whole(value)
        if (
            number is not None
            and str(limit.datatype) == XSD + "integer"
            and _DIGITS.fullmatch(str(limit))
        ):
            difference = number - int(str(limit))
            return _RANGE[name]((difference > 0) - (difference < 0))
        compared = _compare(self.rdflib_term(value), limit)
        return compared is not None and _RANGE[name](compared)

    def _less_than(self, value: str, other: str) -> bool:
        from rdflib import Literal

        if value.startswith("_:") or other.startswith("_:"):
            raise ValueError("sh:lessThan cannot compare a blank node")
        left_number, right_number = _whole(value), _whole(other)
        if (
            left_number is not None
            and right_number is not None
            and split_literal(value)[2] == split_literal(other)[2]
        ):
            return left_number < right_number
        left, right = self.rdflib_term(value), self.rdflib_term(other)
        left_value: Any = left
        right_value: Any = right
        left_string = right_string = False
        if value[0] == "<":
            left_value, left_string = str(left), True
        elif isinstance(left, Literal) and isinstance(left.value, str):
            left_value, left_string = left.value, True
        if other[0] == "<":
            right_value, right_string = str(right), True
        elif isinstance(right, Literal) and isinstance(right.value, str):
            right_value, right_string = right.value, True
        if left_string != right_string:
            return False
        try:
            return bool(left_value < right_value)
        except TypeError:
            return False


def rdflib_terms(originals: dict[str, Node] | None = None) -> Callable[[str], Node]:
    """The rdflib term of a term string: the original node where the quads came from rdflib."""
    make = RdflibTerms()
    if originals is None:
        return make

    def term(text: str) -> Node:
        found = originals.get(text)
        return found if found is not None else make(text)

    return term
