"""The fields of one reference-list item, in any of the layouts Wikipedia renders.

Layouts seen: full stops between fields (``Last, First (date). "Title". Work. Retrieved date.``),
commas between fields (``Last, First (date), "Title", Work, archived from the original on date,
retrieved date``), "First Last (date)" author order, unquoted titles (books: ``Title (UK ed.).
Publisher. p. 66. ISBN …``), titles followed by ``Video by Name``/``Name and Name``, and no
punctuation at all (``Title Work date``).  Fields that fit no slot are kept in ``note``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .dates import DATE_PATTERN, is_date, parse_date
from ..resources import gazetteer_path

_QUOTED = re.compile(r"[\"“](?P<title>[^\"“”]+)[\"”]")
_ISBN = re.compile(r"\bISBN(?:-1[03])?:?\s*(?P<isbn>[\dXx][\dXx\- ]{8,16}[\dXx])")
_PAGE = re.compile(r"(?<![\w])(?:pp?\.|pages?)\s*(?P<page>\d+(?:\s*[–-]\s*\d+)?)")
_RETRIEVED = re.compile(rf"\b[Rr]etrieved(?:\s+on)?\s+(?P<date>{DATE_PATTERN})", re.IGNORECASE)
_ARCHIVED = re.compile(
    rf"\b[Aa]rchived\s+(?:from\s+the\s+original\s+)?(?:on\s+)?(?P<date>{DATE_PATTERN})", re.IGNORECASE
)
_FORMAT = re.compile(r"\((?P<format>PDF|video|audio|podcast|DOC|in [A-Z][a-z]+)\)", re.IGNORECASE)
_VIDEO_BY = re.compile(r"\s*\b(?P<format>Video|Audio|Photos?|Interview)\s+by\s+(?P<who>[^,.;]+)")
_EDITION = re.compile(r"\((?P<edition>[^()]*\b(?:ed\.|edition))\)")
_AUTHOR_DATE = re.compile(rf"^(?P<authors>[^\"“()]{{2,150}}?)\s*\((?P<date>{DATE_PATTERN}|n\.d\.)\)\s*[.,:]?\s*", re.IGNORECASE)
_TRAILING_DATE = re.compile(rf"(?:^|[\s,.])(?P<date>{DATE_PATTERN})\s*[.,]?\s*$", re.IGNORECASE)
_SEGMENT_SPLIT = re.compile(r"(?<![A-Z])(?<!\b[A-Z][a-z])\.\s+|,\s+|;\s+")
_NAME = r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,2}"
_TRAILING_AUTHORS = re.compile(rf"^(?P<title>.*\S)\s+(?P<authors>{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})+)$")


@lru_cache(maxsize=1)
def _publishers() -> tuple[str, ...]:
    """Known publisher names, longest first (data/gazetteers/publishers.txt, one per line)."""
    path = gazetteer_path("publishers.txt")
    if not path.is_file():
        return ()
    names = [
        line.strip() for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]  # fmt: skip
    return tuple(sorted(set(names), key=lambda n: (-len(n), n)))


def _iso(text: str) -> str | None:
    parsed = parse_date(text.strip())
    return parsed[0] if parsed else None


def split_authors(text: str) -> tuple[str, ...]:
    """Author names in "Given Family" order from "Last, First; Last, First" or "A and B"."""
    text = text.strip().rstrip(".,")
    if not text:
        return ()
    if ";" in text:
        parts = [p.strip() for p in text.split(";")]
    elif re.search(r"\s(?:and|&)\s", text):
        parts = [p.strip() for p in re.split(r",\s*(?:and\s+)?|\s+(?:and|&)\s+", text)]
    else:
        parts = [text]
    names = []
    for part in parts:
        if not part:
            continue
        pieces = [p.strip() for p in part.split(",")]
        if len(pieces) == 2 and all(pieces):
            names.append(f"{pieces[1]} {pieces[0]}")
        else:
            names.append(part)
    return tuple(names)


def parse_reference_body(body: str) -> dict[str, Any]:
    """The fields of a reference item's text (after its number and backlinks)."""
    fields: dict[str, Any] = {}
    rest = body

    def take(pattern: re.Pattern[str], name: str, group: str, convert: Any = None) -> None:
        nonlocal rest
        match = pattern.search(rest)
        if match:
            value = match.group(group).strip()
            fields[name] = convert(value) if convert else value
            rest = rest[: match.start()] + " ¦ " + rest[match.end() :]

    take(_ISBN, "isbn", "isbn")
    take(_RETRIEVED, "retrieved", "date", _iso)
    take(_ARCHIVED, "archived", "date", _iso)
    take(_PAGE, "page", "page")
    take(_FORMAT, "format", "format")
    take(_EDITION, "edition", "edition")
    video = _VIDEO_BY.search(rest)
    if video:
        fields.setdefault("format", video.group("format").lower())
        fields["authors"] = split_authors(video.group("who"))
        rest = rest[: video.start()] + " ¦ " + rest[video.end() :]

    lead = _AUTHOR_DATE.match(rest)
    if lead:
        fields["authors"] = split_authors(lead.group("authors"))
        if lead.group("date").lower() != "n.d.":
            fields["published"] = _iso(lead.group("date"))
        rest = " ¦ " + rest[lead.end() :]

    quoted = _QUOTED.search(rest)
    if quoted:
        title = quoted.group("title").strip().rstrip(",")
        rest = rest[: quoted.start()] + " ¦ " + rest[quoted.end() :]
        _title_or_work(fields, title)
    segments = [s.strip(" .,;¦") for s in re.split(r"¦", rest)]
    pieces: list[str] = []
    for segment in segments:
        pieces.extend(p.strip(" .,;") for p in _SEGMENT_SPLIT.split(segment))
    pieces = [p for p in pieces if p]
    _fill_from_pieces(fields, pieces, body)
    return {key: _tidy(value) for key, value in fields.items() if value not in (None, ())}


def _tidy(value: Any) -> Any:
    """Fold no-break and repeated spaces in a field value."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, tuple):
        return tuple(" ".join(v.split()) for v in value)
    return value


def _title_or_work(fields: dict[str, Any], title: str) -> None:
    """A quoted "title" that is only "Work, date" names the work and date, not a title."""
    if "," in title:
        work, _, when = title.rpartition(",")
        if is_date(when.strip()) and work.strip():
            fields["publisher"] = work.strip()
            fields.setdefault("published", _iso(when))
            return
    fields["title"] = title


def _fill_from_pieces(fields: dict[str, Any], pieces: list[str], body: str) -> None:
    """Assign the leftover pieces: dates, the title (when unquoted), the work, and a note."""
    leftovers: list[str] = []
    for piece in pieces:
        if is_date(piece) and "published" not in fields:
            fields["published"] = _iso(piece)
        else:
            leftovers.append(piece)
    if not leftovers:
        return
    if "title" not in fields and "publisher" not in fields:
        first = leftovers.pop(0)
        first = _title_with_tail(fields, first)
        fields["title"] = first
    if leftovers and "publisher" not in fields:
        candidate = leftovers[0]
        if len(candidate.split()) <= 8:
            fields["publisher"] = leftovers.pop(0)
    if leftovers:
        begins = body.find(leftovers[0])
        fields["note"] = body[begins:].strip() if begins >= 0 else ". ".join(leftovers)


def _title_with_tail(fields: dict[str, Any], text: str) -> str:
    """Split authors, a work and a date off the end of an unquoted title (no punctuation)."""
    trailing_date = _TRAILING_DATE.search(text)
    if trailing_date and trailing_date.start() > 0 and "published" not in fields:
        fields["published"] = _iso(trailing_date.group("date"))
        text = text[: trailing_date.start()].rstrip(" ,.")
    for name in _publishers():
        if text.endswith(" " + name) and "publisher" not in fields:
            fields["publisher"] = name
            text = text[: -len(name) - 1].rstrip(" ,.")
            break
    authors = _TRAILING_AUTHORS.match(text)
    if authors and "authors" not in fields:
        fields["authors"] = split_authors(authors.group("authors"))
        text = authors.group("title")
    return text
