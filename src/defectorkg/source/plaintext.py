"""Plain text -> :class:`~defectorkg.model.Article`: the page as a reader copies it out.

A title line, intro paragraphs, year lines (optionally under decade lines such as "1950s") with
bulleted entries under them (``•``, ``*``/``**``, ``-``/``--``), or entries dated in their own text
("* On 3 May 1961, …") under a decade line or with no heading at all; headings with edit-link
residue ("See alsoEdit"), and a numbered reference list whose items start with "^" or "↑"
backlinks ("a b", "5.0 5.1").  A web copy's furniture (the "From Wikipedia" banner, a numbered
Contents block, the "Retrieved from"/"Categories:" trailer) is kept as furniture.  Every
non-blank line ends up in the model or in ``Article.unrecognised`` with a reason.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from ..errors import SourceFormatError
from ..model import Article, Furniture, Heading, Paragraph, Reference, UnrecognisedLine
from .dates import is_date
from .layout import (
    DECADE_LINE,
    ENTRY_BULLET,
    KNOWN_HEADINGS,
    YEAR_LINE,
    Piece,
    Sections,
    TableRows,
    content_heading,
    dated_line,
    leading_year,
    make_paragraph,
)
from .references import parse_reference_body

_EDIT_HEADING = re.compile(
    r"^\s*(?P<title>\S.{0,60}?)\s*(?:\[\s*edit(?:\s*\|\s*edit source)?\s*\]|\[\s*edit source\s*\]|Edit)\s*$"
)
_REFERENCE_LINE = re.compile(
    r"^\s*(?:(?P<number>\d{1,6})[.)]\s*)?(?P<mark>[\^↑])\s*"
    r"(?P<backlinks>(?:a\s+b(?:\s+[a-z]{1,2})*|\d{1,6}\.\d{1,3}(?:\s+\d{1,6}\.\d{1,3})+)\s+)?(?P<body>.*\S)\s*$"
)
#: "1. Lee, Min (1998). …": a reference list copied without its "^" backlinks (only under a reference heading).
_NUMBERED_REFERENCE = re.compile(
    r"^\s*(?P<number>\d{1,6})[.)]\s+(?P<backlinks>)(?P<body>\S.*\S)\s*$"
)
_REFERENCE_HEADINGS = frozenset(
    {
        "references",
        "notes",
        "citations",
        "footnotes",
        "sources",
        "works cited",
        "notes and references",
    }
)
_TABLE_HEADER = re.compile(r"(?:^|\t)\s*(?:Year|Date)\b", re.IGNORECASE)
_BANNER = re.compile(
    r"^\s*(?:From Wikipedia, the free encyclopedia|Jump to (?:navigation|search|content)|"
    r"\(Redirected from [^)]*\)|Navigation menu)\s*$",
    re.IGNORECASE,
)
_TRAILER = re.compile(
    r"^\s*(?:Retrieved from\s+[\"“]?https?://\S+|(?:Hidden )?[Cc]ategor(?:y|ies)\s*:\s*\S.*|"
    r"This page was last edited on .*)$"
)
_CONTENTS = re.compile(r"^\s*Contents\s*(?:\[?hide\]?|\[show\])?\s*$", re.IGNORECASE)
_CONTENTS_ITEM = re.compile(r"^\s*\d{1,3}(?:\.\d{1,3})*\s+\S.*$")


@dataclass
class _Line:
    number: int
    start: int
    text: str  # without the line break


@dataclass
class _Builder:
    """Mutable state while walking the lines; frozen into an Article at the end."""

    text: str
    title: str | None = None
    intro: list[Paragraph] = field(default_factory=list)
    years: Sections = field(default_factory=Sections)
    headings: list[tuple[str, str, int, list[tuple[int, str]]]] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    furniture: list[Furniture] = field(default_factory=list)
    unrecognised: list[UnrecognisedLine] = field(default_factory=list)
    region: str = "intro"  # intro | body | heading | references
    in_contents: bool = False
    table: TableRows | None = None  # a table copied out of the page: cells split by tabs
    numbered_references: bool = False  # the reference list is "1. …" items without "^" backlinks


def parse_plain(text: str, *, source_name: str = "<string>", url: str | None = None) -> Article:
    """Parse plain article ``text``; raises SourceFormatError when it has no year or dated entry."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise SourceFormatError(f"{source_name}: the text is empty")
    builder = _Builder(text=text)
    for line in _lines(text):
        if line.text.strip():
            _take_line(builder, line)
    sections = builder.years.freeze()
    if not sections:
        raise SourceFormatError(
            f"{source_name}: no year sections found (expected lines such as '1953' or '• 1997', "
            "or entries that open with their date, such as '* On 3 May 1961, …')"
        )
    return Article(
        title=builder.title or "",
        source_name=source_name,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        text=text,
        intro=tuple(builder.intro),
        sections=sections,
        headings=tuple(
            Heading(title=title, raw=raw, line=line, items=tuple(items))
            for title, raw, line, items in builder.headings
        ),
        references=tuple(builder.references),
        unrecognised=tuple(builder.unrecognised),
        url=url,
        reader="plain text",
        furniture=tuple(builder.furniture),
    )


def _lines(text: str) -> list[_Line]:
    lines = []
    offset = 0
    for number, raw in enumerate(text.splitlines(keepends=True), start=1):
        lines.append(_Line(number=number, start=offset, text=raw.rstrip("\r\n")))
        offset += len(raw)
    return lines


def _depth(text: str) -> int:
    """Indentation plus bullet characters: how deep a list line sits."""
    bullet = ENTRY_BULLET.match(text)
    if bullet:
        return len(bullet.group("indent")) + len(bullet.group("bullet"))
    return len(text) - len(text.lstrip())


def _furniture(builder: _Builder, line: _Line) -> bool:
    """A banner, contents or trailer line: kept as furniture, never content."""
    stripped = line.text.strip()
    kind = None
    if builder.in_contents and _CONTENTS_ITEM.match(line.text):
        kind = "contents"
    elif builder.region in ("intro", "body") and _CONTENTS.match(stripped):
        builder.in_contents = True
        kind = "contents"
    elif _BANNER.match(line.text):
        kind = "banner"
    elif builder.region != "intro" and _TRAILER.match(line.text):
        kind = "trailer"
    if kind != "contents":
        builder.in_contents = False
    if kind is None:
        return False
    builder.furniture.append(Furniture(line=line.number, kind=kind, text=stripped))
    return True


def _take_line(builder: _Builder, line: _Line) -> None:
    stripped = line.text.strip()
    if builder.title is None:
        builder.title = stripped
        return
    if _furniture(builder, line):
        return
    if builder.region != "references" and _table_line(builder, line):
        return
    year = YEAR_LINE.match(line.text)
    decade = DECADE_LINE.match(line.text)
    reference = _REFERENCE_LINE.match(line.text)
    if reference is None and _in_reference_list(builder):
        reference = _NUMBERED_REFERENCE.match(line.text)
    heading = _heading_title(stripped)
    if (
        (year or decade)
        and builder.region == "heading"
        and content_heading(builder.headings[-1][0])
    ):
        builder.region = (
            "body"  # "Defectors[edit]" then "1997": the list sits under a plain heading
        )
    if reference and (builder.region in ("references", "heading", "body")):
        builder.region = "references"
        builder.references.append(_reference(builder, line, reference))
    elif decade and builder.region in ("intro", "body"):
        builder.years.open_decade(decade.group("decade"))
        builder.region = "body"
    elif year and builder.region in ("intro", "body"):
        builder.region = "body"
        builder.years.open_year(
            year.group("year"), int(year.group("year")), line.number, _depth(line.text)
        )
    elif heading is not None:
        builder.region = "heading"
        builder.headings.append((heading, stripped, line.number, []))
    elif (
        builder.region == "intro"
        and not (ENTRY_BULLET.match(line.text) and leading_year(_body(line).text))
        and not dated_line(line.text)
    ):
        builder.intro.append(make_paragraph(Piece(line.text, line.start), line.number))
    elif builder.region in ("intro", "body"):
        _entry_line(builder, line)
    elif builder.region == "heading":
        builder.headings[-1][3].append((line.number, stripped))
    else:
        builder.unrecognised.append(
            UnrecognisedLine(
                line=line.number,
                text=line.text,
                reason="not a reference item (after the reference list began)",
            )
        )


def _in_reference_list(builder: _Builder) -> bool:
    """Under "References", or in a list that began with "1. …" items: where "1. …" lines are references."""
    if builder.region == "references":
        return builder.numbered_references
    builder.numbered_references = (
        builder.region == "heading"
        and builder.headings[-1][0].strip().rstrip(":").lower() in _REFERENCE_HEADINGS
    )
    return builder.numbered_references


def _table_line(builder: _Builder, line: _Line) -> bool:
    """A row of a table copied from the page ("1955<TAB>Ri Un-yong<TAB>Yak-18<TAB>…"): True when taken."""
    cells = [
        (cell.group(), tuple(range(line.start + cell.start(), line.start + cell.end())))
        for cell in re.finditer(r"[^\t]+", line.text) if cell.group().strip()
    ]  # fmt: skip
    if len(cells) < 2:
        builder.table = None
        return False
    header = not any(char.isdigit() for char in line.text) and bool(_TABLE_HEADER.search(line.text))
    if header:
        builder.table = TableRows()
    elif builder.table is None and not is_date(cells[0][0].strip()):
        return False
    table = builder.table or TableRows()
    rows = table.row([(text, offsets, header) for text, offsets in cells])
    if not rows:
        builder.furniture.append(Furniture(line=line.number, kind="table", text=line.text.strip()))
        return True
    builder.region = "body"
    for text, offsets in rows:
        marks = len(text) - len(text.lstrip("*"))
        piece = Piece(text, offsets[0], offsets).slice(marks + 1)
        year = YEAR_LINE.match(piece.text) if marks == 1 else None
        if year:
            builder.years.open_year(year.group("year"), int(year.group("year")), line.number, 0)
        else:
            placed = builder.years.year_for(piece.text, 1)
            if placed is None:
                builder.unrecognised.append(
                    UnrecognisedLine(line.number, line.text, "a table row with no year")
                )
            else:
                builder.years.add(piece, line.number, *placed)
    return True


def _body(line: _Line) -> Piece:
    bullet = ENTRY_BULLET.match(line.text)
    lead = bullet.end() if bullet else len(line.text) - len(line.text.lstrip())
    return Piece(line.text[lead:].rstrip(), line.start + lead)


def _entry_line(builder: _Builder, line: _Line) -> None:
    body = _body(line)
    placed = builder.years.year_for(body.text, _depth(line.text))
    if placed is None:
        builder.unrecognised.append(
            UnrecognisedLine(
                line=line.number, text=line.text,
                reason="an entry with no year (no year line above it, and it does not open with a date)",
            )
        )  # fmt: skip
        return
    builder.region = "body"
    builder.years.add(body, line.number, *placed)


def _heading_title(stripped: str) -> str | None:
    residue = _EDIT_HEADING.match(stripped)
    if residue and not YEAR_LINE.match(stripped):
        return residue.group("title").strip()
    if stripped.rstrip(":").lower() in KNOWN_HEADINGS:
        return stripped.rstrip(":")
    return None


def _reference(builder: _Builder, line: _Line, match: re.Match[str]) -> Reference:
    number_text = match.group("number")
    number = (
        int(number_text)
        if number_text
        else (builder.references[-1].number + 1 if builder.references else 1)
    )
    backlinks = tuple((match.group("backlinks") or "").split())
    body = match.group("body")
    fields = parse_reference_body(body)
    return Reference(
        number=number,
        line=line.number,
        start=line.start + match.start("body"),
        end=line.start + match.end("body"),
        raw=body,
        backlinks=backlinks,
        **fields,
    )
