"""What every reader shares: an entry's lead, sentences and citation markers, and the year layout.

Longer than 500 lines on purpose: it holds what all three readers share (entry lead,
sentences, citation markers, year layout, tables of entries), each part short and used by all.

A reader turns its rendering (plain text, wikitext, HTML) into :class:`Piece` objects (text as
rendered plus the source offset of each character) and hands them to :func:`make_entry` and
:func:`make_paragraph`; :class:`Sections` decides which year each entry belongs to (a year line
above it, or a date written at its start).  Nothing here knows about people.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from ..model import (
    Article,
    Citation,
    Entry,
    Furniture,
    Heading,
    Link,
    Paragraph,
    Reference,
    Section,
    Sentence,
    UnrecognisedLine,
    runs_of,
)
from .dates import DATE_PATTERN, is_date

_BULLET = r"(?:[*#]{1,4}|-{1,2}|[•·▪◦‣●○■□►▸])"
_EDIT = (
    r"(?:\[\s*edit(?:\s*\|\s*edit source)?\s*\]|\[\s*edit source\s*\]|Edit)"  # edit-link residue
)
_RULE = r"[–—=~]{1,3}"  # "— 1997 —", "== 1997 ==" typed into a plain copy
YEAR_LINE = re.compile(
    rf"^\s*(?:{_BULLET}\s*)?(?:{_RULE}\s*)?(?P<year>1[89]\d\d|20\d\d)(?:\s*{_RULE})?(?:\s*{_EDIT})?\s*:?\s*$"
)
DECADE_LINE = re.compile(
    rf"^\s*(?:{_BULLET}\s*)?(?:{_RULE}\s*)?(?P<decade>(?:1[89]|20)\d0s)(?:\s*{_RULE})?(?:\s*{_EDIT})?\s*:?\s*$"
)
ENTRY_BULLET = re.compile(rf"^(?P<indent>\s*)(?P<bullet>{_BULLET})\s+")
CITATION = re.compile(
    r"\[(?P<label>\d{1,6}|[a-z]|note \d+|nb \d+|citation needed|[a-z ]{3,25} needed)\]",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"\s+[–—]\s*|\s*—\s*|\s+[–-]\s+")
_LEADING_DATE = re.compile(rf"(?:(?:on|in)\s+)?(?P<date>{DATE_PATTERN})\b\s*,?\s*", re.IGNORECASE)
_OPENS_WITH_DATE = re.compile(rf"(?:on|in)\s+{DATE_PATTERN}\b(?!\s*[–—-])", re.IGNORECASE)
_DATED_START = re.compile(rf"(?:(?:on|in|during|by)\s+)?(?P<date>{DATE_PATTERN})\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_DATE_THEN_DASH = re.compile(
    rf"(?:on\s+)?(?P<date>{DATE_PATTERN})(?:\s+[–—-]|\s*[–—])\s+\S", re.IGNORECASE
)
_NAME_TOKEN = re.compile(r"^(?:[A-Z][\w'’.]*(?:-[\w'’]+)*|de|van|von|bin|al-\w+)$")
_NOT_NAME_WORDS = frozenset(
    "a an the in on at during after before since several some many few two three four five "
    "six seven eight nine ten dozens hundreds this that these those initially later early "
    "late while when by with from of for it there he she they unidentified unnamed".split()
)
_MAX_SUBJECT = 90
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Lt|Col|Gen|Capt|Sgt|Gov|Sen|Rep|Rev|Prof|Mt|vs|No|approx|ca|etc|e\.g|i\.e)|\b[A-Z]|\b[A-Z]\.[A-Z])\.$"
)
_SENTENCE_END = re.compile(r"[.!?][\"”’']?(?:\[[^\[\]]{1,25}\])*(?=\s+[\"“(‘']?[A-Z0-9])")

#: Headings that are never year sections.
KNOWN_HEADINGS = (
    "see also", "references", "notes", "citations", "footnotes", "external links",
    "further reading", "bibliography", "sources", "contents", "works cited",
)  # fmt: skip


@dataclass(frozen=True)
class Piece:
    """Text as rendered, with where it stands in the source file.

    ``offsets[i]`` is the source offset of ``text[i]``; empty offsets mean the text is verbatim
    in the source from ``start`` on (plain text).
    """

    text: str
    start: int
    offsets: tuple[int, ...] = ()
    links: tuple[Link, ...] = ()
    ends: tuple[int, ...] = ()  # source end of each character, when one stands for more ("&#93;")

    def at(self, index: int) -> int:
        """Source offset of ``text[index]`` (``index == len(text)``: the end)."""
        if not self.offsets:
            return self.start + index
        return self.offsets[index] if index < len(self.offsets) else self.end_at(index)

    def end_at(self, index: int) -> int:
        """Source offset just after ``text[index - 1]``: the exclusive end of ``text[:index]``."""
        if not self.offsets:
            return self.start + index
        if index <= 0:
            return self.start
        return self.ends[index - 1] if self.ends else self.offsets[index - 1] + 1

    def slice(self, begin: int, stop: int | None = None) -> Piece:
        """The piece of ``text[begin:stop]``."""
        stop = len(self.text) if stop is None else stop
        if not self.offsets:
            return Piece(self.text[begin:stop], self.start + begin, (), self.links)
        start = self.offsets[begin] if begin < len(self.offsets) else self.end_at(begin)
        return Piece(
            self.text[begin:stop],
            start,
            self.offsets[begin:stop],
            self.links,
            self.ends[begin:stop],
        )

    def strip(self) -> Piece:
        """The piece without leading and trailing whitespace."""
        body = self.text.lstrip()
        lead = len(self.text) - len(body)
        return self.slice(lead, lead + len(body.rstrip()))


def leading_year(text: str) -> int | None:
    """The year of a date that opens ``text`` ("On 3 May 1961, …", "In early 1996, …")."""
    match = _DATED_START.match(text)
    if match is None:
        return None
    year = _YEAR.search(match.group("date"))
    return int(year.group()) if year else None


def dated_line(text: str) -> bool:
    """A line laid out as a dated list entry with no bullet: "June 21, 1955 – a pilot flew …"."""
    match = _DATE_THEN_DASH.match(text.lstrip())
    return match is not None and _YEAR.search(match.group("date")) is not None


def year_in_decade(text: str, decade: str | None) -> int | None:
    """The first year of ``decade`` ("1990s") that ``text`` names."""
    if not decade:
        return None
    first = int(decade[:4])
    for match in _YEAR.finditer(text):
        if first <= int(match.group()) < first + 10:
            return int(match.group())
    return None


def content_heading(title: str | None) -> bool:
    """Whether a heading that is no year may still hold the list ("Defectors", "List"), unlike "See also"."""
    return title is not None and title.strip().rstrip(":").strip().lower() not in KNOWN_HEADINGS


def heading_kind(title: str) -> tuple[str, str | int]:
    """("decade", "1990s"), ("year", 1997) or ("heading", title) for a heading's text."""
    decade = DECADE_LINE.match(title)
    if decade:
        return "decade", decade.group("decade")
    year = YEAR_LINE.match(title)
    if year:
        return "year", int(year.group("year"))
    return "heading", title.strip()


@dataclass
class Sections:
    """Year sections in the making: year lines, and sections implied by dated entries."""

    sections: list[tuple[str, int, int, str | None, list[Entry], bool]] = field(
        default_factory=list
    )
    decade: str | None = None
    year_depth: int = -1  # list depth of the current year line
    open: bool = False  # a year line is open: entries below it belong to it
    _per_year: dict[int, int] = field(default_factory=dict)

    def open_decade(self, decade: str) -> None:
        """A decade heading ("1990s"): it closes the year line before it."""
        self.decade = decade
        self.open = False

    def open_year(self, title: str, year: int, line: int, depth: int = 0) -> None:
        """A year line: the entries below it (deeper) are of this year."""
        self.sections.append((title, year, line, self.decade, [], False))
        self.year_depth = depth
        self.open = True

    def year_for(self, text: str, depth: int) -> tuple[int, bool] | None:
        """(year, implicit) for an entry: its section's year, or the date it opens with."""
        dated = leading_year(text)
        current = self.sections[-1] if self.sections else None
        if (
            self.open
            and current is not None
            and (depth > self.year_depth or dated in (None, current[1]))
        ):
            return current[1], False
        if dated is not None:
            return dated, True
        fallback = year_in_decade(text, self.decade)
        return (fallback, True) if fallback is not None else None

    def add(self, piece: Piece, line: int, year: int, implicit: bool) -> Entry:
        """Make the entry of ``piece`` and file it under its year."""
        current = self.sections[-1] if self.sections else None
        if implicit and (current is None or current[1] != year or not current[5]):
            self.sections.append((str(year), year, line, self.decade, [], True))
            current = self.sections[-1]
        if implicit:
            self.open = False
        assert current is not None
        index = self._per_year.get(year, 0) + 1
        self._per_year[year] = index
        entry = make_entry(piece, line, year, index, self.decade)
        current[4].append(entry)
        return entry

    def freeze(self) -> tuple[Section, ...]:
        """The sections as model records."""
        return tuple(
            Section(
                title=title,
                year=year,
                line=line,
                entries=tuple(entries),
                decade=decade,
                implicit=implicit,
            )
            for title, year, line, decade, entries, implicit in self.sections
        )


def citations(piece: Piece, begin: int = 0, stop: int | None = None) -> tuple[Citation, ...]:
    """The citation markers ("[6]", "[citation needed]") in ``piece.text[begin:stop]``."""
    found = []
    stop = len(piece.text) if stop is None else stop
    for match in CITATION.finditer(piece.text, begin, stop):
        label = match.group("label")
        found.append(
            Citation(
                label=label,
                number=int(label) if label.isdigit() else None,
                start=piece.at(match.start()),
                end=piece.end_at(match.end()),
            )
        )
    return tuple(found)


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """(begin, stop) of each sentence of ``text``; citation markers stay with their sentence."""
    bounds = []
    begin = 0
    for match in _SENTENCE_END.finditer(text):
        stop = match.end()
        if _ABBREVIATIONS.search(text[begin : match.start() + 1]):
            continue
        bounds.append((begin, stop))
        begin = stop
        while begin < len(text) and text[begin].isspace():
            begin += 1
    if begin < len(text.rstrip()):
        bounds.append((begin, len(text.rstrip())))
    return bounds


def sentences(piece: Piece) -> tuple[Sentence, ...]:
    """The sentences of ``piece`` with source offsets."""
    return tuple(
        Sentence(
            text=piece.text[begin:stop],
            start=piece.at(begin),
            end=piece.end_at(stop),
            citations=citations(piece, begin, stop),
        )
        for begin, stop in sentence_bounds(piece.text)
    )


def make_paragraph(piece: Piece, line: int) -> Paragraph:
    """A paragraph of running text (the intro)."""
    piece = piece.strip()
    return Paragraph(
        text=piece.text,
        line=line,
        start=piece.at(0),
        end=piece.end_at(len(piece.text)),
        sentences=sentences(piece),
        citations=citations(piece),
        offsets=runs_of(piece.offsets),
        links=piece.links,
    )


def make_entry(piece: Piece, line: int, year: int, index: int, decade: str | None) -> Entry:
    """An entry of the text of ``piece`` (bullet already removed)."""
    piece = piece.strip()
    body = piece.text
    date_phrase, date_span, subject, subject_span, body_offset = lead(body)

    def span(pair: tuple[int, int] | None) -> tuple[int, int] | None:
        return (piece.at(pair[0]), piece.end_at(pair[1])) if pair else None

    return Entry(
        id=f"{year}-{index}",
        year=year,
        index=index,
        line=line,
        start=piece.at(0),
        end=piece.end_at(len(body)),
        text=body,
        date_phrase=date_phrase,
        date_span=span(date_span),
        subject=subject,
        subject_span=span(subject_span),
        body=body[body_offset:],
        body_start=piece.at(body_offset),
        sentences=sentences(piece),
        citations=citations(piece),
        decade=decade,
        offsets=runs_of(piece.offsets),
        links=piece.links,
    )


def lead(
    body: str,
) -> tuple[str | None, tuple[int, int] | None, str | None, tuple[int, int] | None, int]:
    """The leading date phrase, the subject phrase and where the rest begins.

    Layouts: "DATE – rest", "SUBJECT – DATE – rest", "SUBJECT – on DATE, rest",
    "SUBJECT – rest", "Name Name, rest", "On DATE rest", "In MONTH, rest", or plain text.
    """
    date_phrase: str | None = None
    date_span: tuple[int, int] | None = None
    subject: str | None = None
    subject_span: tuple[int, int] | None = None
    position = 0
    opening = _LEADING_DATE.match(body) if _OPENS_WITH_DATE.match(body) else None
    if (
        opening is not None
    ):  # "On 21 June 1955, two pilots — A and B — flew …": a dash there is no separator
        after = opening.end() if opening.group(0).rstrip().endswith(",") else 0
        return (
            opening.group("date"),
            (opening.start("date"), opening.end("date")),
            None,
            None,
            after,
        )
    first = _separated(body, 0)
    if first is not None:
        phrase_end, after = first
        phrase = body[:phrase_end]
        if is_date(phrase):
            date_phrase, date_span = phrase, (0, phrase_end)
        else:
            subject, subject_span = phrase, (0, phrase_end)
        position = after
    else:
        named = _comma_subject(body)
        if named is not None:
            subject, subject_span = body[:named], (0, named)
            position = named + 1
            while position < len(body) and body[position] == " ":
                position += 1
    if date_phrase is None:
        second = _separated(body, position) if subject is not None else None
        if second is not None and is_date(body[position : second[0]]):
            date_phrase, date_span = body[position : second[0]], (position, second[0])
            position = second[1]
        else:
            leading = _LEADING_DATE.match(body, position)
            if leading and (
                leading.group(0).rstrip().endswith(",")
                or subject is None
                or leading.group(0)[:2].lower() in ("on", "in")
            ):
                date_phrase = leading.group("date")
                date_span = (leading.start("date"), leading.end("date"))
                if subject is not None or leading.group(0).rstrip().endswith(","):
                    position = leading.end()
    return date_phrase, date_span, subject, subject_span, position


def _separated(body: str, position: int) -> tuple[int, int] | None:
    """(end of the phrase, start of the rest) when a short phrase at ``position`` ends in a dash."""
    match = _SEPARATOR.search(body, position, position + _MAX_SUBJECT + 3)
    if match is None or match.start() <= position:
        return None
    phrase = body[position : match.start()]
    if (
        re.search(r"[.!?]\s", phrase)
        or CITATION.search(phrase)
        and not phrase.rstrip().endswith("]")
    ):
        return None
    if re.search(r"\d$", phrase) and re.match(r"\d", body[match.end() :]) and not is_date(phrase):
        return None  # a range such as 1950–1953
    return match.start(), match.end()


def _comma_subject(body: str) -> int | None:
    """Offset of the comma after a leading personal name ("Thae Yong-ho, North Korea's …")."""
    comma = body.find(",")
    if comma <= 0 or comma > _MAX_SUBJECT:
        return None
    tokens = body[:comma].split()
    if not 2 <= len(tokens) <= 5:
        return None
    if tokens[0].lower() in _NOT_NAME_WORDS or is_date(body[:comma]):
        return None
    if all(_NAME_TOKEN.match(token) for token in tokens):
        return comma
    return None


@dataclass(frozen=True)
class Block:
    """A unit of a marked-up page: a heading, a list item (with its depth) or a paragraph."""

    kind: str  # "heading" | "item" | "text"
    piece: Piece
    line: int
    depth: int = 0
    raw: str = ""  # a heading as written in the source ("== See also ==")


@dataclass
class Assembled:
    """What :func:`assemble` makes of a reader's blocks."""

    intro: list[Paragraph] = field(default_factory=list)
    sections: tuple[Section, ...] = ()
    headings: list[Heading] = field(default_factory=list)
    unrecognised: list[UnrecognisedLine] = field(default_factory=list)
    furniture: list[Furniture] = field(default_factory=list)  # decade headings

    def article(
        self, text: str, *, title: str, source_name: str, url: str | None, reader: str,
        references: tuple[Reference, ...], furniture: list[Furniture],
    ) -> Article:  # fmt: skip
        """The Article of a marked-up ``text`` (its sha256 is of the file's UTF-8 bytes)."""
        return Article(
            title=title,
            source_name=source_name,
            sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            text=text,
            intro=tuple(self.intro),
            sections=self.sections,
            headings=tuple(self.headings),
            references=references,
            unrecognised=tuple(self.unrecognised),
            url=url,
            reader=reader,
            furniture=tuple(sorted([*self.furniture, *furniture], key=lambda f: (f.line, f.kind))),
        )


def assemble(blocks: list[Block]) -> Assembled:
    """Intro, year sections (year headings, year items, dated entries) and other headings' items."""
    years = Sections()
    out = Assembled()
    region = "intro"
    heading_items: list[tuple[int, str]] = []
    open_heading: tuple[str, str, int] | None = None
    last_heading: str | None = None

    def close_heading() -> None:
        nonlocal open_heading, heading_items
        if open_heading is not None:
            out.headings.append(
                Heading(open_heading[0], open_heading[1], open_heading[2], tuple(heading_items))
            )
        open_heading, heading_items = None, []

    for block in blocks:
        text = block.piece.text.strip()
        if not text:
            continue
        if block.kind == "heading":
            close_heading()
            kind, value = heading_kind(text)
            if region == "heading" and kind != "heading" and content_heading(last_heading):
                region = "body"  # "== Defectors ==" then "=== 1997 ===": the list sits under a plain heading
            if kind == "decade" and region != "heading":
                years.open_decade(str(value))
                out.furniture.append(Furniture(block.line, "decade", block.raw or text))
                region = "body"
            elif kind == "year" and region != "heading":
                years.open_year(text, int(value), block.line, depth=-1)
                region = "body"
            else:
                region = "heading"
                open_heading = (text, block.raw or text, block.line)
                last_heading = text
            continue
        if (
            region == "heading"
            and content_heading(last_heading)
            and block.kind == "item"
            and (
                YEAR_LINE.match(text)
                or DECADE_LINE.match(text)
                or _OPENS_WITH_DATE.match(text)
                or dated_line(text)
            )
        ):
            close_heading()  # "== Defectors ==" then "* 1997": the list sits under a plain heading
            region = "body"
        if region == "heading":
            heading_items.append((block.line, text))
            continue
        year = YEAR_LINE.match(text)  # "* 1997", or a paragraph of its own (a bold "1997" line)
        decade = DECADE_LINE.match(text)
        if year:
            depth = block.depth if block.kind == "item" else -1
            years.open_year(year.group("year"), int(year.group("year")), block.line, depth)
            region = "body"
        elif decade:
            years.open_decade(decade.group("decade"))
            out.furniture.append(Furniture(block.line, "decade", text))
            region = "body"
        elif (
            region == "intro"
            and not (block.kind == "item" and leading_year(text))
            and not dated_line(text)
        ):
            out.intro.append(make_paragraph(block.piece, block.line))
        else:
            placed = years.year_for(text, block.depth)
            if placed is None:
                out.unrecognised.append(
                    UnrecognisedLine(
                        line=block.line, text=text,
                        reason="an entry with no year (no year above it, and it does not open with a date)",
                    )
                )  # fmt: skip
            else:
                region = "body"
                years.add(block.piece, block.line, *placed)
    close_heading()
    out.sections = years.freeze()
    return out


_WORD = re.compile(r"[^\W\d_]{2}")
_YEAR_HEADER = re.compile(r"\b(?:year|date|when)\b", re.IGNORECASE)


@dataclass
class TableRows:
    """A table of entries laid out as a list: each row a year item ("* 1997") and an entry item.

    The year column is the one headed "Year" or "Date" (else a first cell that is a date); the other
    cells join into one entry "Name – cell – cell".  A row short of cells under a year column
    (the year cell spans rows) stays under the year above.  Readers hand each row's cells as
    (text, source offsets, is a header cell) and get rendered lines back, with source offsets.
    """

    columns: int = 0
    year_column: int | None = None

    def row(
        self, cells: list[tuple[str, tuple[int, ...], bool]]
    ) -> list[tuple[str, tuple[int, ...]]]:
        """The lines (text, offsets) a row renders to: none for a header row."""
        if all(header for _, _, header in cells):
            self.columns = len(cells)
            found = [i for i, (text, _, _) in enumerate(cells) if _YEAR_HEADER.search(text)]
            self.year_column = found[0] if found else None
            return []
        year_at = self.year_column
        if year_at is None or len(cells) < self.columns:
            year_at = (
                0
                if len(cells) > 1 and is_date(cells[0][0].strip()) and _YEAR.search(cells[0][0])
                else None
            )
        lines: list[tuple[str, tuple[int, ...]]] = []
        rest = [cell for i, cell in enumerate(cells) if i != year_at and cell[0].strip()]
        if year_at is not None and year_at < len(cells):
            text, offsets, _ = cells[year_at]
            year = _YEAR.search(text)
            if year is not None:
                lines.append(
                    (
                        "* " + year.group(),
                        (offsets[year.start()],) * 2 + offsets[year.start() : year.end()],
                    )
                )
                if (
                    text.strip() != year.group()
                ):  # a full date: it stays in the entry, after the name
                    rest.insert(min(1, len(rest)), cells[year_at])
        if not any(_WORD.search(cell[0]) for cell in rest):
            return []  # a row of figures ("1998 | 947 | 1,043"): statistics, no entry
        text, offsets = "** ", (_stripped(rest[0])[1][0],) * 3
        for index, cell in enumerate(rest):
            body, at = _stripped(cell)
            if index:
                text, offsets = text + " – ", offsets + (at[0],) * 3
            text, offsets = text + body, offsets + at
        return [*lines, (text, offsets)]


def _stripped(cell: tuple[str, tuple[int, ...], bool]) -> tuple[str, tuple[int, ...]]:
    text, offsets, _ = cell
    lead = len(text) - len(text.lstrip())
    body = text.strip()
    return body, offsets[lead : lead + len(body)]
