"""The build report: what a build found (``BuildReport``, written as build-report.json) and the
human-readable summaries ``defectorkg build`` prints from it."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .pipeline import BuildResult


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    title: str
    file: str
    url: str | None
    sha256: str
    reader: str


@dataclass(frozen=True, slots=True)
class Counts:
    lines: dict[str, int]  # line kind -> how many lines of the article it holds
    sections: int
    entries: int
    defectors: int
    people: int
    groups: int
    events: int
    places: int
    organizations: int
    works: int
    relations: int
    sources: int
    triples: int


@dataclass(frozen=True, slots=True)
class ValidationCounts:
    conforms: bool  # no violations (warnings and infos allowed)
    violations: int
    warnings: int
    infos: int


@dataclass(frozen=True, slots=True)
class FurnitureRow:
    line: int
    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class UnrecognisedRow:
    line: int
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class DanglingRow:
    entry: str
    marker: str
    offset: int


@dataclass(frozen=True, slots=True)
class IssueRow:
    kind: str
    entry: str | None
    line: int | None
    message: str


@dataclass(frozen=True, slots=True)
class BuildReport:
    """The counts and findings of a build; :meth:`as_json` is build-report.json."""

    article: ArticleSummary
    counts: Counts
    validation: ValidationCounts
    furniture: tuple[FurnitureRow, ...]
    unrecognised_lines: tuple[UnrecognisedRow, ...]
    uncited_references: tuple[int, ...]
    dangling_citations: tuple[DanglingRow, ...]
    issue_counts: dict[str, int]
    issues: tuple[IssueRow, ...]
    entries: tuple[str, ...]  # one line per entry: what it yielded

    def as_json(self) -> dict[str, Any]:
        """The report as JSON data, keys in field order (deterministic)."""
        return asdict(self)


SHOWN = 5  # issues and validation results of one kind shown without --verbose


def format_build_line(result: BuildResult) -> str:
    """The one line ``build --quiet`` prints: the article, the counts, the verdict, the output."""
    counts = result.report.counts
    validation = result.report.validation
    verdict = "conforms" if result.conforms else "does not conform"
    line = (
        f"{result.article.source_name}: {counts.entries} entries, {counts.defectors} defectors, "
        f"{counts.triples} triples; {verdict} ({validation.violations} violations, "
        f"{validation.warnings} warnings)"
    )
    if result.written:
        line += f"; wrote {len(result.written)} files to {result.out}/"
    return line


def format_build_summary(result: BuildResult, *, verbose: bool = False) -> str:
    """What was parsed, what is unresolved, and the validation verdict; ``verbose`` adds what
    each entry yielded and every issue and validation result (else the first few of each kind)."""
    article = result.article
    report = result.report
    counts = report.counts
    lines = [f"{article.source_name}: {article.title!r} (sha256 {article.sha256[:12]}…)"]
    kinds = Counter(f.kind for f in article.furniture)
    furniture = f"; furniture lines: {sum(kinds.values())} ({_kinds(kinds)})" if kinds else ""
    lines.append(f"reader: {article.reader}{furniture}")
    years = ", ".join(f"{s.year}: {len(s.entries)}" for s in article.sections)
    lines.append(f"parsed {counts.entries} entries in {counts.sections} year sections ({years})")
    lines.append(
        f"parsed {len(article.references)} references; uncited: {_numbers(report.uncited_references)}; "
        f"dangling citation markers: {len(report.dangling_citations)}"
    )
    for dangling in report.dangling_citations:
        lines.append(
            f"  dangling: entry {dangling.entry} cites [{dangling.marker}], which is no reference"
        )
    lines.append(f"unrecognised lines: {len(article.unrecognised)}")
    for item in article.unrecognised:
        lines.append(f"  line {item.line}: {item.reason}: {item.text.strip()[:80]!r}")
    if verbose:
        lines.append("entries:")
        lines.extend(f"  {line}" for line in report.entries)
    extracted = ("defectors", "people", "groups", "events", "places", "organizations", "works",
                 "relations", "sources")  # fmt: skip
    lines.append("extracted: " + ", ".join(f"{getattr(counts, k)} {k}" for k in extracted))
    by_kind: dict[str, list[IssueRow]] = {}
    for issue in report.issues:
        by_kind.setdefault(issue.kind, []).append(issue)
    for kind, items in sorted(by_kind.items()):
        lines.append(f"{kind}: {len(items)}")
        shown = items if verbose else items[:SHOWN]
        for issue in shown:
            where = f"line {issue.line}, " if issue.line else ""
            lines.append(f"  {where}{issue.entry or '-'}: {issue.message}")
        if len(shown) < len(items):
            lines.append(f"  … {len(items) - len(shown)} more in build-report.json")
    lines.append(f"graph: {counts.triples} triples")
    lines.append(_validation_text(result, verbose=verbose))
    if result.written:
        lines.append(f"wrote {len(result.written)} files to {result.out}/")
    return "\n".join(lines)


def _kinds(kinds: Counter[str]) -> str:
    return ", ".join(f"{kind}: {count}" for kind, count in sorted(kinds.items()))


def _numbers(numbers: tuple[int, ...]) -> str:
    return ", ".join(str(n) for n in numbers) if numbers else "none"


def _validation_text(result: BuildResult, *, verbose: bool) -> str:
    """The validation report; without ``verbose``, the first few results of each severity."""
    text = result.outcome.text.rstrip()
    if verbose:
        return text
    headline, *details = text.splitlines()
    blocks: list[list[str]] = []
    for line in details:  # a result is a headline and its indented detail lines
        if line.startswith(" ") and blocks:
            blocks[-1].append(line)
        else:
            blocks.append([line])
    lines = [headline]
    hidden: dict[str, int] = {}
    seen: dict[str, int] = {}
    for block in blocks:
        severity = block[0].rsplit("[", 1)[-1].rstrip("]")
        seen[severity] = seen.get(severity, 0) + 1
        if seen[severity] <= SHOWN:
            lines.extend(block)
        else:
            hidden[severity] = hidden.get(severity, 0) + 1
    for severity, count in hidden.items():
        where = "validation.txt" if result.written else "--verbose"
        lines.append(f"  … {count} more {severity.lower()}s in {where}")
    return "\n".join(lines)
