"""``build()``: parse -> extract -> map -> validate -> export, the one composition of the stages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .iris import DEFAULT_BASE
from .model import Article
from .parse import read_article
from .resources import bundled_article


@dataclass(frozen=True)
class BuildResult:
    """What a build made and where it wrote it."""

    article: Article
    out: Path | None
    written: tuple[Path, ...] = ()


def build(
    article_path: Path | None = None,
    out: Path | None = None,
    *,
    base: str = DEFAULT_BASE,
) -> BuildResult:
    """Build the graph of ``article_path`` (default: the bundled article) into ``out``."""
    path = article_path if article_path is not None else bundled_article()
    article = read_article(path)
    return BuildResult(article=article, out=out)
