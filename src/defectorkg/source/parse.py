"""The parse stage's public face: read an article in any rendering, and account for its lines.

:func:`read_article` (a file) and :func:`parse_article` (a string) choose the reader by content
(:mod:`.read`); the readers are :mod:`.plaintext`, :mod:`.wikitext` and :mod:`.htmlpage`, sharing
:mod:`.layout`.  The functions below work on the Article whichever reader made it.
"""

from __future__ import annotations

from bisect import bisect_right

from ..model import Article, Citation, Reference, Sentence
from .layout import DECADE_LINE, Piece, sentences
from .read import parse_text, read_article

__all__ = [
    "dangling_citations", "line_accounting", "parse_article", "read_article", "split_sentences",
    "uncited_references",
]  # fmt: skip


def parse_article(text: str, *, source_name: str = "<string>", url: str | None = None) -> Article:
    """Parse article ``text`` (any rendering); raises SourceFormatError when it has no year sections."""
    return parse_text(text, source_name=source_name, url=url)


def split_sentences(text: str, offset: int) -> tuple[Sentence, ...]:
    """Sentences of ``text`` (which starts at ``offset``), citation markers kept with their sentence."""
    return sentences(Piece(text, offset))


def line_accounting(article: Article) -> dict[int, str]:
    """What holds each non-blank line: title, intro, decade, year, entry, heading, ... or unrecognised."""
    held: dict[int, str] = {}
    lines = article.text.splitlines()
    starts = _line_starts(article.text)

    def hold(start: int, end: int, line: int, kind: str) -> None:
        """The item's line, and every further line its text runs over (a reference over lines)."""
        held[line] = kind
        last = bisect_right(starts, end - 1) if end > start else line
        for number in range(line + 1, last + 1):
            held.setdefault(number, kind)

    first = next((n for n, text in enumerate(lines, start=1) if text.strip()), None)
    if first is not None and article.reader == "plain text":
        held[first] = "title"
    for paragraph in article.intro:
        hold(paragraph.start, paragraph.end, paragraph.line, "intro")
    for section in article.sections:
        if not section.implicit:
            held[section.line] = "year"
        for entry in section.entries:
            hold(entry.start, entry.end, entry.line, "entry")
    for heading in article.headings:
        held[heading.line] = "heading"
        for line, _ in heading.items:
            held[line] = "heading item"
    for reference in article.references:
        hold(reference.start, reference.end, reference.line, "reference")
    for item in article.furniture:
        held.setdefault(item.line, item.kind)
    for leftover in article.unrecognised:
        held[leftover.line] = "unrecognised"
    for number, text in enumerate(lines, start=1):
        if text.strip() and number not in held and DECADE_LINE.match(text):
            held[number] = "decade"
    return held


def _line_starts(text: str) -> list[int]:
    """Offset of each line's first character (line n starts at ``starts[n - 1]``)."""
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    return starts


def dangling_citations(article: Article) -> tuple[tuple[str, Citation], ...]:
    """Citation markers (with the entry id, or "intro") whose number names no reference."""
    numbers = {ref.number for ref in article.references}
    found = []
    for paragraph in article.intro:
        found += [("intro", c) for c in paragraph.citations if c.number is not None and c.number not in numbers]
    for entry in article.entries:
        found += [(entry.id, c) for c in entry.citations if c.number is not None and c.number not in numbers]
    return tuple(found)


def uncited_references(article: Article) -> tuple[Reference, ...]:
    """References that no citation marker in the intro or an entry points at."""
    cited = {c.number for p in article.intro for c in p.citations}
    cited |= {c.number for e in article.entries for c in e.citations}
    return tuple(ref for ref in article.references if ref.number not in cited)
