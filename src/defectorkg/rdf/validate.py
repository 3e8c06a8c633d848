"""SHACL validation with a report that names the source line and entry of every result.

:func:`validate` runs pyshacl with ``inference="none"`` (RDFS inference would make ``sh:class``
checks unable to fail and is 10-15x slower), then traces each result's focus node through
``prov:wasDerivedFrom`` to the entry it was read from, so a result reads
"line 42, 1997 entry 'Jang Yeong-jin': <message> [Violation]".  It reports and never repairs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyshacl
from pyshacl.errors import ConstraintLoadError, ReportableRuntimeError, ShapeLoadError
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node
from rdflib.util import guess_format

from ..errors import GraphLoadError, ShapesLoadError
from ..resources import shapes_dir
from .quadset import QuadSet
from .vocab import DKG, DKGSH, OA, PROV, compact_iri

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
    if not path.exists():
        raise error(f"{path}: no such file")
    if path.is_dir():
        raise error(f"{path}: is a directory, not an RDF file")
    fmt = guess_format(str(path)) or "turtle"
    try:
        graph.parse(path, format=fmt)
    except UnicodeDecodeError:
        raise error(f"{path}: not UTF-8 text") from None
    except Exception as exc:  # noqa: BLE001  (rdflib parsers raise many unrelated types)
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise error(f"{path}: cannot be parsed as {fmt} ({detail[:200]})") from None


def load_graph(path: Path) -> Graph:
    """The RDF file at ``path`` (format from its suffix, Turtle by default); GraphLoadError if unreadable."""
    graph = Graph()
    _parse_into(graph, path, GraphLoadError)
    return graph


def load_shapes(shapes: Path | None = None) -> Graph:
    """The shapes graph from a folder of ``*.ttl`` files or one file (default: the bundled shapes/)."""
    location = shapes if shapes is not None else shapes_dir()
    if location.is_dir():
        files = sorted(location.glob("*.ttl"))
        if not files:
            raise ShapesLoadError(f"{location}: no .ttl shape files in this folder")
    else:
        files = [location]
    graph = Graph()
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


def _int(graph: Graph, node: Node, predicate: URIRef) -> int | None:
    value = graph.value(node, predicate)
    return int(value) if isinstance(value, Literal) and str(value).isdigit() else None


def _entry_origin(graph: Graph, entry: Node) -> Origin | None:
    entry_id = graph.value(entry, DKG.entryId)
    if entry_id is None:
        return None
    year = graph.value(entry, DKG.year)
    subject = graph.value(entry, DKG.subjectPhrase)
    named = f"'{subject}'" if subject is not None else str(entry_id)
    label = f"{year} entry {named}" if year is not None else f"entry {named}"
    return Origin(_int(graph, entry, DKG.lineNumber), label, str(entry_id))


def _own_origin(graph: Graph, node: Node) -> Origin | None:
    """The origin a node states itself: it is an entry, a reference, or derived from entries."""
    found = _entry_origin(graph, node)
    if found is not None:
        return found
    number = _int(graph, node, DKG.referenceNumber)
    if number is not None:
        return Origin(_int(graph, node, DKG.lineNumber), f"reference {number}")
    origins = [
        o for e in graph.objects(node, PROV.wasDerivedFrom) if (o := _entry_origin(graph, e))
    ]
    origins += [o for e in graph.objects(node, OA.hasSource) if (o := _entry_origin(graph, e))]
    if origins:
        return min(origins, key=lambda o: (o.line or 0, o.label))
    return None


def trace(graph: Graph, focus: Node) -> Origin:
    """The entry (or reference) a focus node was read from, following incoming edges if needed."""
    frontier, seen = [focus], {focus}
    for _ in range(_MAX_HOPS + 1):
        origins = [o for node in frontier if (o := _own_origin(graph, node))]
        if origins:
            return min(origins, key=lambda o: (o.line or 0, o.label))
        following: list[Node] = []
        for node in frontier:
            for count, subject in enumerate(graph.subjects(None, node)):
                if count >= _MAX_FAN_IN:
                    break
                if subject not in seen:
                    seen.add(subject)
                    following.append(subject)
        frontier = sorted(following, key=str)
        if not frontier:
            break
    return Origin(None, "")


# ---------------------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------------------


def _severity(node: Node | None) -> str:
    return str(node).rsplit("#", 1)[-1] if node is not None else "Violation"


def _results(report: Graph, data: Graph) -> Iterator[ValidationResult]:
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        if focus is None:
            continue
        messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
        origin = trace(data, focus)
        yield ValidationResult(
            severity=_severity(report.value(result, SH.resultSeverity)),
            focus=focus,
            path=report.value(result, SH.resultPath),
            message="; ".join(messages) or "(no message)",
            value=report.value(result, SH.value),
            source_shape=report.value(result, SH.sourceShape),
            line=origin.line,
            entry=origin.label,
            entry_id=origin.entry_id,
        )


def _sort_key(result: ValidationResult) -> tuple[object, ...]:
    return (
        _SEVERITY_RANK.get(result.severity, 3), result.line or 0, result.entry, result.message,
        str(result.focus), str(result.path), str(result.value), str(result.source_shape),
    )  # fmt: skip


def validate(graph: Graph | QuadSet, shapes: Path | Graph | None = None) -> ValidationOutcome:
    """Validate ``graph`` against ``shapes`` (a folder, a file, a loaded Graph, or the bundled shapes).

    Raises ShapesLoadError when the shapes cannot be read or used.  ``conforms`` is False only
    for violations; warnings and infos are reported but allowed.
    """
    shapes_graph = shapes if isinstance(shapes, Graph) else load_shapes(shapes)
    if isinstance(graph, QuadSet):
        graph = graph.graph
    try:
        _, raw_report, _ = pyshacl.validate(
            graph, shacl_graph=shapes_graph, inference="none", inplace=True,
            allow_infos=True, allow_warnings=True, advanced=False, meta_shacl=False,
        )  # fmt: skip
    except (ShapeLoadError, ConstraintLoadError, ReportableRuntimeError) as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ShapesLoadError(f"shapes cannot be used: {detail[:200]}") from None
    results = tuple(sorted(_results(raw_report, graph), key=_sort_key))
    conforms = not any(r.severity == "Violation" for r in results)
    namespaces = _namespaces(graph, shapes_graph)
    return ValidationOutcome(
        conforms=conforms,
        report=report_graph(results, conforms, graph),
        text=format_outcome(results, conforms, namespaces),
        results=results,
    )


# ---------------------------------------------------------------------------------------
# The report graph (deterministic: results get IRIs from their content) and its text
# ---------------------------------------------------------------------------------------


def _result_iri(result: ValidationResult) -> URIRef:
    key = "\x1f".join(str(part) for part in _sort_key(result))
    return URIRef(VALIDATION_NS + "result-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:20])


def report_graph(
    results: Iterable[ValidationResult], conforms: bool, data: Graph | None = None
) -> Graph:
    """A SHACL validation report graph whose results are IRIs minted from their content."""
    report = Graph(bind_namespaces="core")
    report.bind("sh", SH)
    report.bind("dkgsh", DKGSH)
    report.bind("dkgval", VALIDATION_NS)
    if data is not None:
        for prefix, namespace in data.namespaces():
            if prefix not in ("sh", "dkgsh"):
                report.bind(prefix, namespace, override=False)
    report.add((REPORT_IRI, RDF.type, SH.ValidationReport))
    report.add((REPORT_IRI, SH.conforms, Literal(conforms)))
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


def _namespaces(*graphs: Graph) -> dict[str, str]:
    """namespace -> prefix over ``graphs`` (first binding of a namespace wins, prefixes sorted)."""
    table: dict[str, str] = {}
    for graph in graphs:
        for prefix, namespace in sorted(graph.namespaces()):
            if prefix:
                table.setdefault(str(namespace), prefix)
    table.setdefault(str(DKGSH), "dkgsh")
    return table


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
    lines.extend(format_result(r, namespaces) for r in results)
    return "\n".join(lines) + "\n"
