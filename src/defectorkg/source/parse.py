"""The parse stage's public face: read an article in any rendering, and account for its lines.

:func:`read_article` (a file) and :func:`parse_article` (a string) choose the reader by content
(:mod:`.read`); the readers are :mod:`.plaintext`, :mod:`.wikitext` and :mod:`.htmlpage`, sharing
:mod:`.layout`.  The functions below work on the Article whichever reader made it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator

from ..model import Article, Citation, Reference, Sentence
from .layout import DECADE_LINE, Piece, sentences
from .read import parse_text, read_article

__all__ = [
    "cited_by", "dangling_citations", "line_accounting", "parse_article", "read_article",
    "split_sentences", "uncited_references",
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


# The citation checks, written once: the build report (pipeline.py) and the extraction's issues
# (extract/sources.py) both read them from here.  A marker points at a reference by its number;
# a marker without one ("[a]", "[note 2]", "[citation needed]") names no reference, so it can
# neither dangle nor make a reference cited.


def _citing_places(article: Article) -> Iterator[tuple[str, Citation]]:
    """Every citation marker with the entry id it stands in (or "intro"), in document order."""
    for paragraph in article.intro:
        for citation in paragraph.citations:
            yield "intro", citation
    for entry in article.entries:
        for citation in entry.citations:
            yield entry.id, citation


def dangling_citations(article: Article) -> tuple[tuple[str, Citation], ...]:
    """Citation markers (with the entry id, or "intro") whose number names no reference."""
    numbers = {ref.number for ref in article.references}
    return tuple(
        (where, c)
        for where, c in _citing_places(article)
        if c.number is not None and c.number not in numbers
    )


def cited_by(article: Article) -> dict[int, list[str]]:
    """Reference number -> the entry ids (or "intro") whose markers point at it, in document order."""
    result: dict[int, list[str]] = {}
    for where, citation in _citing_places(article):
        if citation.number is not None:
            places = result.setdefault(citation.number, [])
            if where not in places:
                places.append(where)
    return result


def uncited_references(article: Article) -> tuple[Reference, ...]:
    """References that no citation marker in the intro or an entry points at."""
    cited = cited_by(article)
    return tuple(ref for ref in article.references if ref.number not in cited)
