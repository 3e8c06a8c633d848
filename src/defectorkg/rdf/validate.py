"""SHACL validation with a report that names the source line and entry of every result.

:func:`validate` checks the shapes :mod:`defectorkg.rdf.shacl` evaluates over the quads, and
the others with pyshacl and ``inference="none"`` (RDFS inference would make ``sh:class`` checks
unable to fail and is 10-15x slower); the results are pyshacl's, field by field
(``tests/test_shacl.py``).  Each result's focus node is traced through ``prov:wasDerivedFrom``
to the entry it was read from, so a result reads
"line 42, 1997 entry 'Jang Yeong-jin': <message> [Violation]".  It reports and never repairs.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from ..errors import GraphLoadError, ShapesLoadError
from ..resources import shapes_dir
from . import nt
from .quadset import QuadSet
from .rdffiles import load_graph, parse_into  # the one reader of RDF files
from .shacl import Evaluator, Index, Split, focus_nodes, rdflib_terms, split_shapes
from .vocab import DKG, DKGSH, OA, PROV, compact_iri, namespace_prefixes

__all__ = [
    "REPORT_IRI",
    "VALIDATION_NS",
    "ValidationOutcome",
    "ValidationResult",
    "load_graph",
    "load_shapes",
    "validate",
]

VALIDATION_NS = "urn:defectorkg:validation:"
REPORT_IRI = URIRef(VALIDATION_NS + "report")
_SEVERITY_RANK = {"Violation": 0, "Warning": 1, "Info": 2}
_MAX_HOPS = 2  # how far up incoming edges a focus without provenance is traced
_MAX_FAN_IN = 16  # incoming edges followed per node while tracing


@dataclass(frozen=True, slots=True)
class Origin:
    """Where in the article a node was read from."""

    line: int | None
    label: str  # "1997 entry 'Jang Yeong-jin'", "reference 5", or "" when unknown
    entry_id: str | None = None


@dataclass(frozen=True, slots=True)
class ValidationResult:
    """One SHACL result, with its source line and entry when the data graph knows them."""

    severity: str  # "Violation", "Warning" or "Info"
    focus: Node
    path: Node | None
    message: str
    value: Node | None
    source_shape: Node | None
    line: int | None = None
    entry: str = ""  # the origin label: "1997 entry 'Jang Yeong-jin'"
    entry_id: str | None = None

    def headline(self) -> str:
        """ "line 42, 1997 entry 'Jang Yeong-jin': <message> [Violation]"."""
        where = ", ".join(
            part for part in (f"line {self.line}" if self.line else "", self.entry) if part
        )
        return f"{where or '(no source line)'}: {self.message} [{self.severity}]"


@dataclass(frozen=True, slots=True)
class ValidationOutcome:
    """The verdict (violations make it False; warnings do not), the report graph and its text."""

    conforms: bool
    report: Graph
    text: str
    results: tuple[ValidationResult, ...] = ()

    def count(self, severity: str) -> int:
        """How many results have ``severity`` ("Violation", "Warning", "Info")."""
        return sum(1 for r in self.results if r.severity == severity)


# ---------------------------------------------------------------------------------------
# Loading graphs and shapes (named errors, one-line messages)
# ---------------------------------------------------------------------------------------


def _parse_into(graph: Graph, path: Path, error: type[GraphLoadError | ShapesLoadError]) -> None:
    parse_into(graph, path, error)


def load_shapes(shapes: Path | None = None) -> Graph:
    """The shapes graph from a folder of ``*.ttl`` files or one file (default: the bundled shapes/)."""
    location = shapes if shapes is not None else shapes_dir()
    if location.is_dir():
        files = sorted(location.glob("*.ttl"))
        if not files:
            raise ShapesLoadError(f"{location}: no .ttl shape files in this folder")
    else:
        files = [location]
    graph = Graph(bind_namespaces="core")
    for file in files:
        _parse_into(graph, file, ShapesLoadError)
    has_shapes = any(graph.subjects(RDF.type, SH.NodeShape)) or any(
        graph.subjects(RDF.type, SH.PropertyShape)
    )
    if not has_shapes:
        raise ShapesLoadError(f"{location}: holds no sh:NodeShape or sh:PropertyShape")
    return graph


# ---------------------------------------------------------------------------------------
# Tracing a focus node to its entry
# ---------------------------------------------------------------------------------------

_ENTRY_ID, _YEAR, _SUBJECT = (nt.iri(str(t)) for t in (DKG.entryId, DKG.year, DKG.subjectPhrase))
_LINE, _REFERENCE = nt.iri(str(DKG.lineNumber)), nt.iri(str(DKG.referenceNumber))
_DERIVED, _HAS_SOURCE = nt.iri(str(PROV.wasDerivedFrom)), nt.iri(str(OA.hasSource))


def _lexical(term: str | None) -> str | None:
    if term is None or not nt.is_literal(term):
        return None
    return nt.unescape(nt.split_literal(term)[0])


def _int(index: Index, node: str, predicate: str) -> int | None:
    text = _lexical(index.value(node, predicate))
    return int(text) if text is not None and text.isdigit() else None


def _entry_origin(index: Index, entry: str) -> Origin | None:
    entry_id = _lexical(index.value(entry, _ENTRY_ID))
    if entry_id is None:
        return None
    year = _lexical(index.value(entry, _YEAR))
    subject = _lexical(index.value(entry, _SUBJECT))
    named = f"'{subject}'" if subject is not None else entry_id
    label = f"{year} entry {named}" if year is not None else f"entry {named}"
    return Origin(_int(index, entry, _LINE), label, entry_id)


def _own_origin(index: Index, node: str) -> Origin | None:
    """The origin a node states itself: it is an entry, a reference, or derived from entries."""
    found = _entry_origin(index, node)
    if found is not None:
        return found
    number = _int(index, node, _REFERENCE)
    if number is not None:
        return Origin(_int(index, node, _LINE), f"reference {number}")
    origins = [
        o
        for predicate in (_DERIVED, _HAS_SOURCE)
        for e in index.objects(node, predicate)
        if (o := _entry_origin(index, e))
    ]
    if origins:
        return min(origins, key=lambda o: (o.line or 0, o.label))
    return None


def trace_all(index: Index, focuses: Iterable[str]) -> dict[str, Origin]:
    """The entry (or reference) each focus node was read from, following incoming edges if needed.

    Up to two hops back, at most 16 incoming edges a node (the least subjects first); each hop's
    incoming edges are collected in one pass over the triples, so tracing many results is linear.
    """
    found: dict[str, Origin] = {}
    pending = {focus: ([focus], {focus}) for focus in focuses}
    for hop in range(_MAX_HOPS + 1):
        for focus, (frontier, _) in list(pending.items()):
            origins = [o for node in frontier if (o := _own_origin(index, node))]
            if origins:
                found[focus] = min(origins, key=lambda o: (o.line or 0, o.label))
                del pending[focus]
        if not pending or hop == _MAX_HOPS:
            break
        incoming = index.incoming_of({n for frontier, _ in pending.values() for n in frontier})
        for focus, (frontier, seen) in list(pending.items()):
            following: list[str] = []
            for node in frontier:
                for subject in incoming.get(node, [])[:_MAX_FAN_IN]:
                    if subject not in seen:
                        seen.add(subject)
                        following.append(subject)
            if following:
                pending[focus] = (sorted(following), seen)
            else:
                found[focus] = Origin(None, "")
                del pending[focus]
    for focus in pending:
        found.setdefault(focus, Origin(None, ""))
    return found


def trace(graph: Graph, focus: Node) -> Origin:
    """The entry (or reference) a focus node of ``graph`` was read from."""
    quads, _ = _as_quads(graph)
    term = nt.from_rdflib(focus)
    return trace_all(Index(quads.triples()), [term])[term]


# ---------------------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------------------

Found: TypeAlias = tuple[str, Node, "Node | None", str, "Node | None", "Node | None"]


def _severity(node: Node | None) -> str:
    return str(node).rsplit("#", 1)[-1] if node is not None else "Violation"


def _pyshacl_results(data: Graph, shapes_graph: Graph, handled: Iterable[Node]) -> Iterator[Found]:
    """pyshacl's results over the whole ``data``, the ``handled`` shapes deactivated."""
    import pyshacl  # only when a shape needs it: importing it costs a third of a second
    from pyshacl.errors import ConstraintLoadError, ReportableRuntimeError, ShapeLoadError

    handled = list(handled)
    if handled:
        copy = Graph()
        copy += shapes_graph
        for node in handled:
            copy.set((node, SH.deactivated, Literal(True)))
        shapes_graph = copy
    try:
        _, report, _ = pyshacl.validate(
            data, shacl_graph=shapes_graph, inference="none", inplace=True,
            allow_infos=True, allow_warnings=True, advanced=False, meta_shacl=False,
        )  # fmt: skip
    except (ShapeLoadError, ConstraintLoadError, ReportableRuntimeError) as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ShapesLoadError(f"shapes cannot be used: {detail[:200]}") from None
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        if focus is None:
            continue
        messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
        yield (
            _severity(report.value(result, SH.resultSeverity)), focus,
            report.value(result, SH.resultPath), "; ".join(messages) or "(no message)",
            report.value(result, SH.value), report.value(result, SH.sourceShape),
        )  # fmt: skip


_PLACEHOLDER = re.compile(r"\{[?$](this|value)\}")


def fill_message(message: str, *, focus: Node, value: Node | None) -> str:
    """``message`` with ``{$value}`` and ``{$this}`` (or ``{?value}``, ``{?this}``) replaced by
    the result's value and focus node, so a message can show what is wrong ("the arrival date
    1932 is before 1945").  SHACL defines these placeholders for SPARQL-based constraints, and
    pyshacl fills them there; for core constraints it leaves them as written."""

    def term(match: re.Match[str]) -> str:
        node = focus if match[1] == "this" else value
        return "(no value)" if node is None else str(node)

    return _PLACEHOLDER.sub(term, message)


def _sort_key(result: ValidationResult) -> tuple[object, ...]:
    return (
        _SEVERITY_RANK.get(result.severity, 3), result.line or 0, result.entry, result.message,
        str(result.focus), str(result.path), str(result.value), str(result.source_shape),
    )  # fmt: skip


def _as_quads(graph: Graph) -> tuple[QuadSet, dict[str, Node]]:
    """The quads of an rdflib graph, and the original node of each term (blank nodes keep their ids)."""
    originals: dict[str, Node] = {}
    terms: dict[Node, str] = {}

    def term(node: Node) -> str:
        found = terms.get(node)
        if found is None:
            found = terms[node] = nt.from_rdflib(node)
            originals[found] = node
        return found

    quads = [(term(s), term(p), term(o), "") for s, p, o in graph]
    return QuadSet(quads, {}), originals


def validate(
    graph: Graph | QuadSet, shapes: Path | Graph | None = None, *, engine: bool = True
) -> ValidationOutcome:
    """Validate ``graph`` against ``shapes`` (a folder, a file, a loaded Graph, or the bundled shapes).

    The shapes :mod:`defectorkg.rdf.shacl` evaluates are checked over the quads directly; the
    rest (all of them with ``engine=False``) by pyshacl over the whole graph with
    ``inference="none"``, and only when one of them has a focus node.  Raises ShapesLoadError
    when the shapes cannot be read or used.  ``conforms`` is False only for violations;
    warnings and infos are reported but allowed.
    """
    shapes_graph = shapes if isinstance(shapes, Graph) else load_shapes(shapes)
    if isinstance(graph, QuadSet):
        quads, rdf, originals = graph, None, None
    else:
        (quads, originals), rdf = _as_quads(graph), graph
    index = Index(quads.triples())
    term = rdflib_terms(originals)
    split = split_shapes(shapes_graph) if engine else Split([], [])
    found: list[Found] = [
        (_severity(shape.severity), term(focus), term(path) if path else None,
         "; ".join(shape.messages) or "(no message)", term(value) if value else None, shape.node)
        for focus, path, value, shape in Evaluator(index, term).run(split.fast)
    ]  # fmt: skip
    if not engine or _pyshacl_needed(shapes_graph, split, index):
        data = rdf if rdf is not None else quads.graph
        found.extend(_pyshacl_results(data, shapes_graph, (s.node for s in split.fast)))
    origins = trace_all(index, {nt.from_rdflib(r[1]) for r in found})
    results = tuple(
        sorted(
            (
                ValidationResult(
                    severity=severity,
                    focus=focus,
                    path=path,
                    message=fill_message(message, focus=focus, value=value),
                    value=value,
                    source_shape=shape,
                    line=origin.line,
                    entry=origin.label,
                    entry_id=origin.entry_id,
                )
                for severity, focus, path, message, value, shape in found
                for origin in (origins[nt.from_rdflib(focus)],)
            ),
            key=_sort_key,
        )
    )
    conforms = not any(r.severity == "Violation" for r in results)
    data_namespaces = _namespaces(rdf) if rdf is not None else dict(quads.namespaces)
    namespaces = {**_fallback_namespaces(), **_namespaces(shapes_graph), **data_namespaces}
    return ValidationOutcome(
        conforms=conforms,
        report=report_graph(results, conforms, data_namespaces),
        text=format_outcome(results, conforms, namespaces),
        results=results,
    )


def _pyshacl_needed(shapes_graph: Graph, split: Split, index: Index) -> bool:
    """True when a shape left to pyshacl has a focus node (or targets only pyshacl can find)."""
    for node in split.rest:
        if shapes_graph.value(node, SH.target) is not None:
            return True
        if (node, RDF.type, RDFS.Class) in shapes_graph:
            return True
        targets = {
            name: [nt.from_rdflib(v) for v in shapes_graph.objects(node, SH[name])]
            for name in ("targetClass", "targetNode", "targetObjectsOf", "targetSubjectsOf")
        }
        if focus_nodes(index, targets):
            return True
    return False


# ---------------------------------------------------------------------------------------
# The report graph (deterministic: results get IRIs from their content) and its text
# ---------------------------------------------------------------------------------------


def _result_iri(result: ValidationResult) -> URIRef:
    key = "\x1f".join(str(part) for part in _sort_key(result))
    return URIRef(VALIDATION_NS + "result-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:20])


def report_graph(
    results: Iterable[ValidationResult], conforms: bool, namespaces: Mapping[str, str] | None = None
) -> Graph:
    """A SHACL validation report graph whose results are IRIs minted from their content.

    ``sh:conforms`` is SHACL's: true only when there is no result at all, so any SHACL consumer
    reads the report right.  ``conforms`` (no violations) is this project's verdict for the exit
    code; the text report says both.
    """
    results = tuple(results)
    report = Graph(bind_namespaces="core")
    report.bind("sh", SH)
    report.bind("dkgsh", DKGSH)
    report.bind("dkgval", VALIDATION_NS)
    for namespace, prefix in sorted((namespaces or {}).items(), key=lambda item: item[1]):
        if prefix not in ("sh", "dkgsh"):
            report.bind(prefix, namespace, override=False)
    report.add((REPORT_IRI, RDF.type, SH.ValidationReport))
    report.add((REPORT_IRI, SH.conforms, Literal(not results)))
    for result in results:
        node = _result_iri(result)
        report.add((REPORT_IRI, SH.result, node))
        report.add((node, RDF.type, SH.ValidationResult))
        report.add((node, SH.focusNode, result.focus))
        report.add((node, SH.resultSeverity, SH[result.severity]))
        report.add((node, SH.resultMessage, Literal(result.message)))
        for predicate, value in ((SH.resultPath, result.path), (SH.value, result.value),
                                 (SH.sourceShape, result.source_shape)):  # fmt: skip
            if value is not None and not isinstance(value, BNode):
                report.add((node, predicate, value))
        if result.line is not None:
            report.add((node, DKG.lineNumber, Literal(result.line)))
        if result.entry:
            report.add((node, RDFS.comment, Literal(result.entry)))
    return report


def _namespaces(graph: Graph) -> dict[str, str]:
    """namespace -> prefix of ``graph``, and ``dkgsh:`` for the shapes when the graph names none."""
    table = namespace_prefixes(graph)
    table.setdefault(str(DKGSH), "dkgsh")
    return table


def _fallback_namespaces() -> dict[str, str]:
    """The project's prefixes (vocabularies and data under the default base), for what the data
    and the shapes do not name themselves (an N-Triples file declares no prefix)."""
    from ..iris import DEFAULT_BASE
    from .vocab import PREFIXES, data_prefixes

    table = {**PREFIXES, **data_prefixes(DEFAULT_BASE)}
    return {namespace: prefix for prefix, namespace in sorted(table.items(), reverse=True)}


def _show(node: Node | None, namespaces: Mapping[str, str]) -> str:
    if node is None:
        return "-"
    if isinstance(node, URIRef):
        return compact_iri(str(node), namespaces) or f"<{node}>"
    if isinstance(node, Literal):
        text = str(node) if len(str(node)) <= 80 else str(node)[:77] + "..."
        if node.datatype is not None and node.datatype != XSD.string:
            return f'"{text}"^^{_show(node.datatype, namespaces)}'
        return f'"{text}"'
    return f"_:{node}"


def format_result(result: ValidationResult, namespaces: Mapping[str, str]) -> str:
    """The headline of a result and an indented line with its focus, path, value and shape."""
    detail = (
        f"focus {_show(result.focus, namespaces)} | path {_show(result.path, namespaces)} | "
        f"value {_show(result.value, namespaces)} | shape {_show(result.source_shape, namespaces)}"
    )
    return f"{result.headline()}\n    {detail}"


def format_outcome(
    results: Iterable[ValidationResult], conforms: bool, namespaces: Mapping[str, str]
) -> str:
    """The human-readable report: a verdict line with counts, then every result."""
    results = tuple(results)
    counts = {
        s: sum(1 for r in results if r.severity == s) for s in ("Violation", "Warning", "Info")
    }
    verdict = "conforms" if conforms else "does not conform"
    summary = (
        f"{counts['Violation']} violations, {counts['Warning']} warnings, {counts['Info']} infos"
    )
    lines = [f"validation: {verdict} ({summary})"]
    if conforms and results:
        lines.append(
            "  (conforms: no violations, so the exit code is 0; the SHACL report says sh:conforms false,"
            " as SHACL does whenever there are results)"
        )
    lines.extend(format_result(r, namespaces) for r in results)
    return "\n".join(lines) + "\n"
