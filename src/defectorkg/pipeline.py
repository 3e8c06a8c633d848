"""``build()``: parse -> extract -> map -> validate -> export, the one composition of the stages.

The CLI calls this and nothing else for a build; each stage stays importable and testable alone.
"""

from __future__ import annotations

import json
import multiprocessing
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .extract import describe, extract
from .files import OutputSet
from .iris import DEFAULT_BASE
from .memory import collector_kept
from .model import Article, Records
from .rdf.export import write_data_files, write_validation_files
from .rdf.mapping import to_quads
from .rdf.quadset import QuadSet
from .rdf.validate import ValidationOutcome, report_graph, validate
from .report import (
    ArticleSummary,
    BuildReport,
    Counts,
    DanglingRow,
    FurnitureRow,
    IssueRow,
    UnrecognisedRow,
    ValidationCounts,
)
from .resources import ARTICLE_URL, BUNDLED_ARTICLE, bundled_article
from .source.parse import dangling_citations, line_accounting, read_article, uncited_references

if TYPE_CHECKING:
    from rdflib import Dataset, Graph


@dataclass(frozen=True)
class BuildResult:
    """What a build read, made, found and wrote.

    ``quads`` is the graph as the build holds it (sorted N-Triples terms); ``graph`` (the union)
    and ``dataset`` (one named graph per entry) are rdflib views of it, built on first use.
    """

    article: Article
    records: Records
    quads: QuadSet
    outcome: ValidationOutcome
    report: BuildReport
    out: Path | None = None
    written: tuple[Path, ...] = ()
    timings: tuple[tuple[str, float], ...] = field(default=())
    cpu_timings: tuple[tuple[str, float], ...] = field(
        default=()
    )  # this process's CPU seconds a stage

    @property
    def graph(self) -> Graph:
        """The union of every named graph as an rdflib Graph (built on first use)."""
        return self.quads.graph

    @property
    def dataset(self) -> Dataset:
        """Every named graph as an rdflib Dataset (built on first use)."""
        return self.quads.dataset

    @property
    def conforms(self) -> bool:
        """True when the graph has no SHACL violation (warnings allowed)."""
        return self.outcome.conforms


#: The stages of a build, in order (what ``progress`` is told as each one starts).
STAGES = ("parse", "extract", "map", "validate", "export", "view")


class _Stopwatch:
    def __init__(self, progress: Callable[[str], None] | None = None) -> None:
        self.laps: list[tuple[str, float]] = []
        self.cpu: list[tuple[str, float]] = []
        self.progress = progress

    @contextmanager
    def lap(self, name: str) -> Iterator[None]:
        if self.progress is not None and name in STAGES:
            self.progress(name)
        started, cpu = time.perf_counter(), time.process_time()
        yield
        self.laps.append((name, time.perf_counter() - started))
        self.cpu.append((name, time.process_time() - cpu))


@collector_kept()  # the stages freeze their survivors; the caller gets the collector back as it was
def build(
    article_path: Path | str | None = None,
    out: Path | str | None = None,
    *,
    base: str = DEFAULT_BASE,
    shapes: Path | None = None,
    draw: bool = True,
    timings: bool = False,
    progress: Callable[[str], None] | None = None,
    validate_apart: bool | None = None,
) -> BuildResult:
    """Build the graph of ``article_path`` (default: the bundled article) and write it to ``out``.

    With ``out`` None nothing is written.  Every output file is staged and renamed into place
    only when all of them were written, so a failed build leaves the previous output intact.
    ``progress`` is called with the name of each stage (:data:`STAGES`) as it starts.

    A graph of :data:`APART_FROM` quads or more is validated in a forked process, and its JSON-LD
    and TriG are written by another, while this one writes Turtle and N-Triples and the views
    (two cores; ``validate_apart`` forces either way); the files are the same.  The validation
    lap is the child's own time; ``validate-wait`` and ``export-wait`` are how long the build
    then waited for each child.
    """
    watch = _Stopwatch(progress)
    path = Path(article_path) if article_path is not None else bundled_article()
    out = Path(out) if out is not None else None
    url = ARTICLE_URL if path.name == BUNDLED_ARTICLE else None
    with watch.lap("parse"):
        article = read_article(path, url=url)
    with watch.lap("extract"):
        records = extract(article)
    with watch.lap("map"):
        quads = to_quads(records, base=base).sort()
    apart = validate_apart if validate_apart is not None else len(quads.quads) >= APART_FROM
    with watch.lap("validate"):
        validation = _Validation(quads, shapes, apart=apart and out is not None)
    written: tuple[Path, ...] = ()
    try:
        if out is not None:
            outputs = OutputSet(out)
            try:
                with watch.lap("export"):
                    written_apart = write_data_files(outputs, quads, apart=apart)
                if draw:
                    with watch.lap("view"):
                        _write_views(outputs, quads, article.title)
                with watch.lap("export-wait"):
                    written_apart()
                outcome = validation.outcome(watch)
                report = build_report(article, records, len(quads), outcome)
                write_validation_files(outputs, outcome)
                outputs.add(
                    "build-report.json",
                    json.dumps(report.as_json(), indent=2, ensure_ascii=False) + "\n",
                )
                written = tuple(outputs.commit())
            except BaseException:
                outputs.discard()
                raise
        else:
            outcome = validation.outcome(watch)
            report = build_report(article, records, len(quads), outcome)
    finally:
        validation.stop()
    return BuildResult(
        article=article, records=records, quads=quads, outcome=outcome,
        report=report, out=out, written=written, timings=tuple(watch.laps) if timings else (),
        cpu_timings=tuple(watch.cpu) if timings else (),
    )  # fmt: skip


#: From this many quads, validation runs in a forked process beside export and view.
APART_FROM = 250_000


class _Validation:
    """Validation in this process, or started in a forked child (which inherits the quads)."""

    def __init__(self, quads: QuadSet, shapes: Path | None, *, apart: bool) -> None:
        self._quads, self._shapes = quads, shapes
        self._process: Any = None
        self._done: ValidationOutcome | None = None
        if apart and "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            self._receive, send = context.Pipe(duplex=False)
            self._process = context.Process(target=_validate_apart, args=(send, quads, shapes))
            self._process.start()
            send.close()
        else:
            self._done = validate(quads, shapes)

    def outcome(self, watch: _Stopwatch) -> ValidationOutcome:
        """The outcome (waiting for the child, if there is one)."""
        if self._done is not None:
            return self._done
        started = time.perf_counter()
        try:
            kind, payload = self._receive.recv()
        except EOFError:
            raise RuntimeError("the validation process ended without a result") from None
        finally:
            self._process.join()
            self._process = None
        if kind == "error":
            raise payload
        conforms, text, results, seconds, cpu = payload
        watch.laps.append(("validate-wait", time.perf_counter() - started))
        watch.laps[[name for name, _ in watch.laps].index("validate")] = ("validate", seconds)
        watch.cpu[[name for name, _ in watch.cpu].index("validate")] = ("validate", cpu)
        report = report_graph(results, conforms, self._quads.namespaces)
        self._done = ValidationOutcome(conforms=conforms, report=report, text=text, results=results)
        return self._done

    def stop(self) -> None:
        """End the child if the build failed before its outcome was read."""
        if self._process is not None:
            self._process.terminate()
            self._process.join()
            self._process = None


def _validate_apart(send: Any, quads: QuadSet, shapes: Path | None) -> None:
    """The child's work: validate, send (conforms, text, results, seconds) or the error."""
    started, cpu = time.perf_counter(), time.process_time()
    try:
        outcome = validate(quads, shapes)
        elapsed = (time.perf_counter() - started, time.process_time() - cpu)
        send.send(("ok", (outcome.conforms, outcome.text, outcome.results, *elapsed)))
    except BaseException as exc:  # noqa: BLE001  (the parent re-raises it)
        send.send(("error", exc))
    finally:
        send.close()


class _Triples:
    """The union's triples as rdflib terms, for the view stage (it reads them once, in one pass)."""

    def __init__(self, quads: QuadSet) -> None:
        self._quads = quads

    def __iter__(self) -> Iterator[tuple[Any, Any, Any]]:
        return self._quads.rdflib_triples()

    def __len__(self) -> int:
        return len(self._quads)


def _write_views(outputs: OutputSet, quads: QuadSet, title: str) -> None:
    from .views import write_view_files  # networkx and matplotlib only when drawing

    write_view_files(outputs, _Triples(quads), article_title=title)


def build_report(
    article: Article, records: Records, triples: int, outcome: ValidationOutcome
) -> BuildReport:
    """The counts and findings of a build, as written to build-report.json (deterministic)."""
    held = Counter(line_accounting(article).values())
    severities = Counter(result.severity for result in outcome.results)
    issues = Counter(issue.kind for issue in records.issues)
    return BuildReport(
        article=ArticleSummary(
            title=article.title, file=article.source_name, url=article.url, sha256=article.sha256,
            reader=article.reader,
        ),
        counts=Counts(
            lines=dict(sorted(held.items())),
            sections=len(article.sections),
            entries=len(article.entries),
            defectors=sum(1 for p in records.people if p.defector) + len(records.groups),
            people=len(records.people),
            groups=len(records.groups),
            events=len(records.events),
            places=len(records.places),
            organizations=len(records.organizations),
            works=len(records.works),
            relations=len(records.relations),
            sources=len(records.sources),
            triples=triples,
        ),
        validation=ValidationCounts(
            conforms=outcome.conforms,
            violations=severities.get("Violation", 0),
            warnings=severities.get("Warning", 0),
            infos=severities.get("Info", 0),
        ),
        furniture=tuple(FurnitureRow(f.line, f.kind, f.text) for f in article.furniture),
        unrecognised_lines=tuple(UnrecognisedRow(u.line, u.text, u.reason) for u in article.unrecognised),
        uncited_references=tuple(r.number for r in uncited_references(article)),
        dangling_citations=tuple(
            DanglingRow(where, c.label, c.start) for where, c in dangling_citations(article)
        ),
        issue_counts=dict(sorted(issues.items())),
        issues=tuple(IssueRow(i.kind, i.entry_id, i.line, i.message) for i in records.issues),
        entries=tuple(describe(records)),
    )  # fmt: skip
