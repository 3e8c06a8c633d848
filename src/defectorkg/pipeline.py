"""``build()``: parse -> extract -> map -> validate -> export, the one composition of the stages.

The CLI calls this and nothing else for a build; each stage stays importable and testable alone.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .rdf.export import write_graph_files
from .extract import describe, extract
from .files import OutputSet
from .iris import DEFAULT_BASE
from .memory import collector_kept
from .rdf.mapping import to_dataset, union_graph
from .model import Article, Records
from .source.parse import dangling_citations, line_accounting, read_article, uncited_references
from .resources import ARTICLE_URL, BUNDLED_ARTICLE, bundled_article
from .rdf.validate import ValidationOutcome, validate

if TYPE_CHECKING:
    from rdflib import Dataset, Graph


@dataclass(frozen=True)
class BuildResult:
    """What a build read, made, found and wrote."""

    article: Article
    records: Records
    graph: Graph
    dataset: Dataset
    outcome: ValidationOutcome
    report: dict[str, Any]
    out: Path | None = None
    written: tuple[Path, ...] = ()
    timings: tuple[tuple[str, float], ...] = field(default=())

    @property
    def conforms(self) -> bool:
        """True when the graph has no SHACL violation (warnings allowed)."""
        return self.outcome.conforms


class _Stopwatch:
    def __init__(self) -> None:
        self.laps: list[tuple[str, float]] = []

    @contextmanager
    def lap(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        yield
        self.laps.append((name, time.perf_counter() - started))


@collector_kept()  # the stages freeze their survivors; the caller gets the collector back as it was
def build(
    article_path: Path | str | None = None,
    out: Path | str | None = None,
    *,
    base: str = DEFAULT_BASE,
    shapes: Path | None = None,
    draw: bool = True,
    timings: bool = False,
) -> BuildResult:
    """Build the graph of ``article_path`` (default: the bundled article) and write it to ``out``.

    With ``out`` None nothing is written.  Every output file is staged and renamed into place
    only when all of them were written, so a failed build leaves the previous output intact.
    """
    watch = _Stopwatch()
    path = Path(article_path) if article_path is not None else bundled_article()
    out = Path(out) if out is not None else None
    url = ARTICLE_URL if path.name == BUNDLED_ARTICLE else None
    with watch.lap("parse"):
        article = read_article(path, url=url)
    with watch.lap("extract"):
        records = extract(article)
    with watch.lap("map"):
        dataset = to_dataset(records, base=base)
        graph = union_graph(dataset)
    with watch.lap("validate"):
        outcome = validate(graph, shapes)
    report = build_report(article, records, len(graph), outcome)
    written: tuple[Path, ...] = ()
    if out is not None:
        outputs = OutputSet(out)
        try:
            with watch.lap("export"):
                write_graph_files(outputs, graph, dataset, outcome)
                outputs.add("build-report.json", json.dumps(report, indent=2, ensure_ascii=False) + "\n")
            if draw:
                with watch.lap("view"):
                    _write_views(outputs, graph, article.title)
            written = tuple(outputs.commit())
        except BaseException:
            outputs.discard()
            raise
    return BuildResult(
        article=article, records=records, graph=graph, dataset=dataset, outcome=outcome,
        report=report, out=out, written=written, timings=tuple(watch.laps) if timings else (),
    )  # fmt: skip


def _write_views(outputs: OutputSet, graph: Graph, title: str) -> None:
    from .views import write_view_files  # networkx and matplotlib only when drawing

    write_view_files(outputs, graph, article_title=title)


def build_report(
    article: Article, records: Records, triples: int, outcome: ValidationOutcome
) -> dict[str, Any]:
    """The counts and findings of a build, as written to build-report.json (deterministic)."""
    held = Counter(line_accounting(article).values())
    severities = Counter(result.severity for result in outcome.results)
    issues = Counter(issue.kind for issue in records.issues)
    return {
        "article": {
            "title": article.title,
            "file": article.source_name,
            "url": article.url,
            "sha256": article.sha256,
            "reader": article.reader,
        },
        "counts": {
            "lines": dict(sorted(held.items())),
            "sections": len(article.sections),
            "entries": len(article.entries),
            "defectors": sum(1 for p in records.people if p.defector) + len(records.groups),
            "people": len(records.people),
            "groups": len(records.groups),
            "events": len(records.events),
            "places": len(records.places),
            "organizations": len(records.organizations),
            "works": len(records.works),
            "relations": len(records.relations),
            "sources": len(records.sources),
            "triples": triples,
        },
        "validation": {
            "conforms": outcome.conforms,
            "violations": severities.get("Violation", 0),
            "warnings": severities.get("Warning", 0),
            "infos": severities.get("Info", 0),
        },
        "furniture": [{"line": f.line, "kind": f.kind, "text": f.text} for f in article.furniture],
        "unrecognised_lines": [
            {"line": u.line, "text": u.text, "reason": u.reason} for u in article.unrecognised
        ],
        "uncited_references": [r.number for r in uncited_references(article)],
        "dangling_citations": [
            {"entry": where, "marker": c.label, "offset": c.start} for where, c in dangling_citations(article)
        ],
        "issue_counts": dict(sorted(issues.items())),
        "issues": [
            {"kind": i.kind, "entry": i.entry_id, "line": i.line, "message": i.message}
            for i in records.issues
        ],
        "entries": describe(records),
    }
