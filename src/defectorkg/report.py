"""Human-readable summaries of a build (what ``defectorkg build`` prints)."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .pipeline import BuildResult


def format_build_summary(result: BuildResult, *, verbose: bool = True) -> str:
    """What was parsed, what each entry yielded, what is unresolved, and the validation verdict."""
    article = result.article
    report = result.report
    counts = report["counts"]
    lines = [f"{article.source_name}: {article.title!r} (sha256 {article.sha256[:12]}…)"]
    kinds = Counter(f.kind for f in article.furniture)
    furniture = f"; furniture lines: {sum(kinds.values())} ({_kinds(kinds)})" if kinds else ""
    lines.append(f"reader: {article.reader}{furniture}")
    years = ", ".join(f"{s.year}: {len(s.entries)}" for s in article.sections)
    lines.append(f"parsed {counts['entries']} entries in {counts['sections']} year sections ({years})")
    lines.append(
        f"parsed {len(article.references)} references; uncited: {_numbers(report['uncited_references'])}; "
        f"dangling citation markers: {len(report['dangling_citations'])}"
    )
    for dangling in report["dangling_citations"]:
        lines.append(f"  dangling: entry {dangling['entry']} cites [{dangling['marker']}], which is no reference")
    lines.append(f"unrecognised lines: {len(article.unrecognised)}")
    for item in article.unrecognised:
        lines.append(f"  line {item.line}: {item.reason}: {item.text.strip()[:80]!r}")
    if verbose:
        lines.append("entries:")
        lines.extend(f"  {line}" for line in report["entries"])
    lines.append(
        "extracted: " + ", ".join(
            f"{counts[k]} {k}" for k in ("defectors", "people", "groups", "events", "places",
                                          "organizations", "works", "relations", "sources")
        )  # fmt: skip
    )
    by_kind: dict[str, list[dict[str, object]]] = {}
    for issue in report["issues"]:
        by_kind.setdefault(str(issue["kind"]), []).append(issue)
    for kind, items in sorted(by_kind.items()):
        lines.append(f"{kind}: {len(items)}")
        shown = items if verbose else items[:5]
        for issue in shown:
            where = f"line {issue['line']}, " if issue.get("line") else ""
            lines.append(f"  {where}{issue['entry'] or '-'}: {issue['message']}")
        if len(shown) < len(items):
            lines.append(f"  … {len(items) - len(shown)} more in build-report.json")
    lines.append(f"graph: {counts['triples']} triples")
    lines.append(result.outcome.text.rstrip())
    if result.written:
        lines.append(f"wrote {len(result.written)} files to {result.out}/")
    return "\n".join(lines)


def _kinds(kinds: Counter[str]) -> str:
    return ", ".join(f"{kind}: {count}" for kind, count in sorted(kinds.items()))


def _numbers(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers) if numbers else "none"
