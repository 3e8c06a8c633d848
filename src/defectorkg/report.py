"""Human-readable summaries of a build (what the CLI prints)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .pipeline import BuildResult


def format_build_summary(result: BuildResult) -> str:
    """Entries per year, references, and everything unrecognised or unresolved."""
    article = result.article
    lines = [f"{article.source_name}: {article.title!r}"]
    for section in article.sections:
        lines.append(f"  {section.year}: {len(section.entries)} entries")
    lines.append(f"  references: {len(article.references)}")
    lines.append(f"  unrecognised lines: {len(article.unrecognised)}")
    for item in article.unrecognised:
        lines.append(f"    line {item.line}: {item.reason}: {item.text[:80]!r}")
    return "\n".join(lines)
