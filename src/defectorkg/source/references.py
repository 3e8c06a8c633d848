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

from ..resources import gazetteer_path
from .dates import DATE_PATTERN, is_date, parse_date

# What a reader finds in one reference: keyword arguments of model.Reference beyond its position
# (authors, title, publisher, published, ...). Read from text, so `Reference(**fields)` checks them.
ReferenceFields = dict[str, Any]

_QUOTED = re.compile(r"[\"“](?P<title>[^\"“”]+)[\"”]")
_ISBN = re.compile(r"\bISBN(?:-1[03])?:?\s*(?P<isbn>[\dXx][\dXx\- ]{8,16}[\dXx])")
_PAGE = re.compile(r"(?<![\w])(?:pp?\.|pages?)\s*(?P<page>\d+(?:\s*[–-]\s*\d+)?)")
_RETRIEVED = re.compile(rf"\b[Rr]etrieved(?:\s+on)?\s+(?P<date>{DATE_PATTERN})", re.IGNORECASE)
_ARCHIVED = re.compile(
    rf"\b[Aa]rchived\s+(?:from\s+the\s+original\s+)?(?:on\s+)?(?P<date>{DATE_PATTERN})",
    re.IGNORECASE,
)
_FORMAT = re.compile(r"\((?P<format>PDF|video|audio|podcast|DOC|in [A-Z][a-z]+)\)", re.IGNORECASE)
_VIDEO_BY = re.compile(r"\s*\b(?P<format>Video|Audio|Photos?|Interview)\s+by\s+(?P<who>[^,.;]+)")
_EDITION = re.compile(r"\((?P<edition>[^()]*\b(?:ed\.|edition))\)")
_AUTHOR_DATE = re.compile(
    rf"^(?P<authors>[^\"“()]{{2,150}}?)\s*\((?P<date>{DATE_PATTERN}|n\.d\.)\)\s*[.,:]?\s*",
    re.IGNORECASE,
)
_TRAILING_DATE = re.compile(rf"(?:^|[\s,.])(?P<date>{DATE_PATTERN})\s*[.,]?\s*$", re.IGNORECASE)
_TRANSLATION = re.compile(r"\s*\[(?P<trans>[^\[\]]{2,300})\]")
_CREDIT = re.compile(
    r"(?:^|(?<=[.,;¦]))\s*(?:Translated|Edited|Illustrated|Introduction|Foreword)\s+by\s+[^.;¦]+[.;]?"
)
_PLACE_PUBLISHER = re.compile(r"^(?P<place>[A-Z][\w.' -]{1,40}):\s+(?P<publisher>\S.*)$")
_SEGMENT_SPLIT = re.compile(r"(?<![A-Z])(?<!\b[A-Z][a-z])\.\s+|,\s+|;\s+")
_NAME = r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,2}"
_TRAILING_AUTHORS = re.compile(
    rf"^(?P<title>.*\S)\s+(?P<authors>{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})+)$"
)


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


def parse_reference_body(body: str) -> ReferenceFields:
    """The fields of a reference item's text (after its number and backlinks)."""
    fields: ReferenceFields = {}
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
        stop = quoted.end()
        translated = _TRANSLATION.match(rest, stop)
        if translated:  # CS1's trans-title: '"원제" [Translated title]'
            title = f"{title} [{translated.group('trans').strip()}]"
            stop = translated.end()
        rest = rest[: quoted.start()] + " ¦ " + rest[stop:]
        _title_or_work(fields, title)
    credit = _CREDIT.search(rest)
    if credit:  # "Translated by David Tian": a contributor, not a work or publisher
        fields["note"] = credit.group().strip(" .")
        rest = rest[: credit.start()] + " ¦ " + rest[credit.end() :]
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
            located = _PLACE_PUBLISHER.match(leftovers.pop(0))  # "New York: William Morrow"
            fields["publisher"] = located.group("publisher") if located else candidate
    if leftovers and "note" not in fields:
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


#: Where the work (newspaper, site) or publisher of a citation template stands, in order of preference.
_WORK_KEYS = ("work", "newspaper", "website", "journal", "magazine", "periodical", "encyclopedia",
              "encyclopaedia", "dictionary", "publisher", "agency", "via", "institution")  # fmt: skip
#: ISO 639 codes as CS1 renders them ("(in Korean)"); general knowledge, not article data.
LANGUAGES = {
    "ko": "Korean", "ja": "Japanese", "zh": "Chinese", "en": "English", "ru": "Russian",
    "fr": "French", "de": "German", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
    "vi": "Vietnamese", "th": "Thai", "mn": "Mongolian", "nl": "Dutch", "pl": "Polish",
}  # fmt: skip


def reference_fields_from_template(values: dict[str, str]) -> ReferenceFields:
    """The fields of a ``{{cite …}}``/``{{citation}}`` template from its named parameters (plain text).

    Authors from ``last``/``first``, ``lastN``/``firstN`` (also ``surnameN``/``givenN``),
    ``author``/``authorN``, ``authors`` and ``vauthors``, in their order; the title with its
    ``trans-title`` in brackets as CS1 shows it; the work (``work``/``newspaper``/``website``/…)
    before the publisher or agency; ``date`` (else ``year``), ``access-date``, ``archive-date``,
    ``url``, ``archive-url``, ``isbn``, ``page``/``pages``, ``edition``, ``format`` and
    ``language`` ("in Korean" when no format is given).
    """

    def get(*keys: str) -> str | None:
        return next((values[k] for k in keys if values.get(k)), None)

    fields: dict[str, Any] = {}
    authors = _template_authors(values)
    if authors:
        fields["authors"] = authors
    title = get("title", "script-title", "chapter", "contribution", "entry")
    if title:
        title = re.sub(r"^[a-z]{2,3}:", "", title) if not values.get("title") else title
        trans = get("trans-title", "trans_title")
        fields["title"] = f"{title} [{trans}]" if trans else title
    work = get(*_WORK_KEYS)
    if work:
        fields["publisher"] = work
    names: tuple[str, ...]  # the template parameters that give one field, first found wins
    for key, names in (
        ("published", ("date", "year", "publication-date")),
        ("retrieved", ("access-date", "accessdate")),
        ("archived", ("archive-date", "archivedate")),
    ):
        value = get(*names)
        if value:
            iso = _iso(value)
            if iso:
                fields[key] = iso
    for key, names in (
        ("url", ("url", "chapter-url")),
        ("archive_url", ("archive-url", "archiveurl")),
    ):
        link = web_url(get(*names))
        if link:
            fields[key] = link
    for key, names in (
        ("isbn", ("isbn", "isbn13")),
        ("page", ("page", "pages", "at", "p", "pp")),
        ("edition", ("edition",)),
        ("format", ("format", "type")),
    ):
        value = get(*names)
        if value:
            fields[key] = value
    language = get("language", "lang")
    if language and "format" not in fields and language.lower() not in ("en", "english"):
        fields["format"] = f"in {LANGUAGES.get(language.lower(), language)}"
    note = get("quote")
    if note:
        fields["note"] = note
    return {key: _tidy(value) for key, value in fields.items() if value not in (None, ())}


def _template_authors(values: dict[str, str]) -> tuple[str, ...]:
    names = []
    for number in ["", *map(str, range(1, 31))]:
        last = values.get(f"last{number}") or values.get(f"surname{number}")
        first = values.get(f"first{number}") or values.get(f"given{number}")
        author = values.get(f"author{number}")
        if last:
            names.append(f"{first} {last}" if first else last)
        elif author:
            names.append(author)
        elif number not in ("", "1"):
            break
    if names:
        return tuple(names)
    if values.get("vauthors") or values.get("authors"):
        return tuple(
            a.strip()
            for a in re.split(r"\s*[,;]\s*", values.get("vauthors") or values["authors"])
            if a.strip()
        )
    return ()


def web_url(text: str | None) -> str | None:
    """``text`` when it is an absolute web address (a protocol-relative one gets https:), else None."""
    if not text:
        return None
    text = text.strip()
    if text.startswith("//"):
        text = "https:" + text
    return text if re.match(r"https?://[^\s/$.?#][^\s]*$", text, re.IGNORECASE) else None
