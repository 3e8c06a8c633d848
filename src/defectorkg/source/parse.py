"""Text -> :class:`~defectorkg.model.Article`: the layout of a list article, nothing about people.

The article is what a reader copies out of the rendered page: a title line, intro paragraphs,
year lines (optionally under decade lines such as "1950s") with bulleted entries under them,
headings with edit-link residue ("See alsoEdit"), and a numbered reference list whose items
start with "^" or "↑" backlinks.  Every non-blank line ends up in the model or in
``Article.unrecognised`` with a reason.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .dates import DATE_PATTERN, is_date, parse_date
from ..errors import SourceFormatError
from ..model import (
    Article,
    Citation,
    Entry,
    Heading,
    Paragraph,
    Reference,
    Section,
    Sentence,
    UnrecognisedLine,
)
from .references import parse_reference_body

_BULLET = r"[•*·▪◦‣●○■□►▸-]"
_YEAR_LINE = re.compile(rf"^\s*(?:{_BULLET}\s*)?(?P<year>1[89]\d\d|20\d\d)(?:\s*\[edit\]|\s*Edit)?\s*:?\s*$")
_DECADE_LINE = re.compile(rf"^\s*(?:{_BULLET}\s*)?(?P<decade>(?:1[89]|20)\d0s)(?:\s*\[edit\]|\s*Edit)?\s*$")
_KNOWN_HEADINGS = (
    "see also", "references", "notes", "citations", "footnotes", "external links",
    "further reading", "bibliography", "sources", "contents", "works cited",
)  # fmt: skip
_EDIT_HEADING = re.compile(r"^\s*(?P<title>\S.{0,60}?)\s*(?:\[edit\]|Edit)\s*$")
_REFERENCE_LINE = re.compile(
    r"^\s*(?:(?P<number>\d{1,6})[.)]\s*)?(?P<mark>[\^↑])\s*(?P<backlinks>a\s+b(?:\s+[a-z]{1,2})*\s+)?(?P<body>.*\S)\s*$"
)
_ENTRY_BULLET = re.compile(rf"^(?P<indent>\s*)(?P<bullet>{_BULLET})\s+")
_CITATION = re.compile(r"\[(?P<label>\d{1,6}|[a-z]|note \d+|nb \d+|citation needed|[a-z ]{3,25} needed)\]", re.IGNORECASE)
_SEPARATOR = re.compile(r"\s+[–—]\s*|\s*—\s*|\s+[–-]\s+")
_LEADING_DATE = re.compile(rf"(?:(?:on|in)\s+)?(?P<date>{DATE_PATTERN})\b\s*,?\s*", re.IGNORECASE)
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


@dataclass
class _Line:
    number: int
    start: int
    text: str  # without the line break

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass
class _Builder:
    """Mutable state while walking the lines; frozen into an Article at the end."""

    text: str
    title: str | None = None
    intro: list[Paragraph] = field(default_factory=list)
    sections: list[tuple[str, int, int, str | None, list[Entry]]] = field(default_factory=list)
    headings: list[tuple[str, str, int, list[tuple[int, str]]]] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    unrecognised: list[UnrecognisedLine] = field(default_factory=list)
    decade: str | None = None
    region: str = "intro"  # intro | body | heading | references


def read_article(path: Path, *, url: str | None = None) -> Article:
    """Read and parse the article file at ``path``; bad files raise SourceFormatError."""
    try:
        if path.is_dir():
            raise SourceFormatError(f"{path}: is a directory, not an article file")
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourceFormatError(f"{path}: no such file") from None
    except PermissionError:
        raise SourceFormatError(f"{path}: permission denied") from None
    except OSError as exc:
        raise SourceFormatError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if not data.strip():
        raise SourceFormatError(f"{path}: the file is empty")
    if b"\x00" in data:
        raise SourceFormatError(f"{path}: binary file (contains NUL bytes), not article text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceFormatError(
            f"{path}: not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None
    return parse_article(text, source_name=path.name, url=url)


def parse_article(text: str, *, source_name: str = "<string>", url: str | None = None) -> Article:
    """Parse article ``text``; raises SourceFormatError when it has no year sections."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise SourceFormatError(f"{source_name}: the text is empty")
    builder = _Builder(text=text)
    for line in _lines(text):
        if line.text.strip():
            _take_line(builder, line)
    if not builder.sections:
        raise SourceFormatError(
            f"{source_name}: no year sections found (expected lines such as '1953' or '• 1997')"
        )
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Article(
        title=builder.title or "",
        source_name=source_name,
        sha256=sha,
        text=text,
        intro=tuple(builder.intro),
        sections=tuple(
            Section(title=title, year=year, line=line, entries=tuple(entries), decade=decade)
            for title, year, line, decade, entries in builder.sections
        ),
        headings=tuple(
            Heading(title=title, raw=raw, line=line, items=tuple(items))
            for title, raw, line, items in builder.headings
        ),
        references=tuple(builder.references),
        unrecognised=tuple(builder.unrecognised),
        url=url,
    )


def _lines(text: str) -> list[_Line]:
    lines = []
    offset = 0
    for number, raw in enumerate(text.splitlines(keepends=True), start=1):
        body = raw.rstrip("\r\n")
        lines.append(_Line(number=number, start=offset, text=body))
        offset += len(raw)
    return lines


def _take_line(builder: _Builder, line: _Line) -> None:
    stripped = line.text.strip()
    if builder.title is None:
        builder.title = stripped
        return
    year = _YEAR_LINE.match(line.text)
    decade = _DECADE_LINE.match(line.text)
    reference = _REFERENCE_LINE.match(line.text)
    heading = _heading_title(stripped)
    if reference and (builder.region in ("references", "heading", "body")):
        builder.region = "references"
        builder.references.append(_reference(builder, line, reference))
    elif decade and builder.region in ("intro", "body"):
        builder.decade = decade.group("decade")
        builder.region = "body"
    elif year and builder.region in ("intro", "body"):
        builder.region = "body"
        builder.sections.append((year.group("year"), int(year.group("year")), line.number, builder.decade, []))
    elif heading is not None:
        builder.region = "heading"
        builder.headings.append((heading, stripped, line.number, []))
    elif builder.region == "intro":
        builder.intro.append(_paragraph(builder.text, line))
    elif builder.region == "body":
        _, year_number, _, decade_name, entries = builder.sections[-1]
        entries.append(_entry(builder.text, line, year_number, len(entries) + 1, decade_name))
    elif builder.region == "heading":
        builder.headings[-1][3].append((line.number, stripped))
    else:
        builder.unrecognised.append(
            UnrecognisedLine(line=line.number, text=line.text, reason="not a reference item (after the reference list began)")
        )


def _heading_title(stripped: str) -> str | None:
    residue = _EDIT_HEADING.match(stripped)
    if residue and not _YEAR_LINE.match(stripped):
        return residue.group("title").strip()
    if stripped.rstrip(":").lower() in _KNOWN_HEADINGS:
        return stripped.rstrip(":")
    return None


def _citations(text: str, offset: int) -> tuple[Citation, ...]:
    found = []
    for match in _CITATION.finditer(text):
        label = match.group("label")
        found.append(
            Citation(
                label=label,
                number=int(label) if label.isdigit() else None,
                start=offset + match.start(),
                end=offset + match.end(),
            )
        )
    return tuple(found)


def split_sentences(text: str, offset: int) -> tuple[Sentence, ...]:
    """Sentences of ``text`` (which starts at ``offset``), citation markers kept with their sentence."""
    sentences = []
    begin = 0
    for match in _SENTENCE_END.finditer(text):
        stop = match.end()
        if _ABBREVIATIONS.search(text[begin : match.start() + 1]):
            continue
        sentences.append(_sentence(text, begin, stop, offset))
        begin = stop
        while begin < len(text) and text[begin].isspace():
            begin += 1
    if begin < len(text.rstrip()):
        sentences.append(_sentence(text, begin, len(text.rstrip()), offset))
    return tuple(sentences)


def _sentence(text: str, begin: int, stop: int, offset: int) -> Sentence:
    piece = text[begin:stop]
    return Sentence(
        text=piece,
        start=offset + begin,
        end=offset + stop,
        citations=_citations(piece, offset + begin),
    )


def _paragraph(text: str, line: _Line) -> Paragraph:
    lead = len(line.text) - len(line.text.lstrip())
    body = line.text.strip()
    start = line.start + lead
    return Paragraph(
        text=body,
        line=line.number,
        start=start,
        end=start + len(body),
        sentences=split_sentences(body, start),
        citations=_citations(body, start),
    )


def _entry(text: str, line: _Line, year: int, index: int, decade: str | None) -> Entry:
    bullet = _ENTRY_BULLET.match(line.text)
    lead = bullet.end() if bullet else len(line.text) - len(line.text.lstrip())
    body = line.text[lead:].rstrip()
    start = line.start + lead
    date_phrase, date_span, subject, subject_span, body_offset = _lead(body)
    return Entry(
        id=f"{year}-{index}",
        year=year,
        index=index,
        line=line.number,
        start=start,
        end=start + len(body),
        text=body,
        date_phrase=date_phrase,
        date_span=(start + date_span[0], start + date_span[1]) if date_span else None,
        subject=subject,
        subject_span=(start + subject_span[0], start + subject_span[1]) if subject_span else None,
        body=body[body_offset:],
        body_start=start + body_offset,
        sentences=split_sentences(body, start),
        citations=_citations(body, start),
        decade=decade,
    )


def _lead(
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
            if leading and (leading.group(0).rstrip().endswith(",") or subject is None or leading.group(0)[:2].lower() in ("on", "in")):
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
    if re.search(r"[.!?]\s", phrase) or _CITATION.search(phrase) and not phrase.rstrip().endswith("]"):
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


def _reference(builder: _Builder, line: _Line, match: re.Match[str]) -> Reference:
    number_text = match.group("number")
    number = int(number_text) if number_text else (builder.references[-1].number + 1 if builder.references else 1)
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




def line_accounting(article: Article) -> dict[int, str]:
    """What holds each non-blank line: title, intro, decade, year, entry, heading, ... or unrecognised."""
    held: dict[int, str] = {}
    lines = article.text.splitlines()
    first = next((n for n, text in enumerate(lines, start=1) if text.strip()), None)
    if first is not None:
        held[first] = "title"
    for paragraph in article.intro:
        held[paragraph.line] = "intro"
    for section in article.sections:
        held[section.line] = "year"
        for entry in section.entries:
            held[entry.line] = "entry"
    for heading in article.headings:
        held[heading.line] = "heading"
        for line, _ in heading.items:
            held[line] = "heading item"
    for reference in article.references:
        held[reference.line] = "reference"
    for item in article.unrecognised:
        held[item.line] = "unrecognised"
    for number, text in enumerate(lines, start=1):
        if text.strip() and number not in held and _DECADE_LINE.match(text):
            held[number] = "decade"
    return held


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
