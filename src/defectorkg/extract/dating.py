"""Dates and durations in entry text, to ISO 8601 at their precision.

Absolute dates ("21 September", "April 2016", "1997") take the section year when they lack one.
Fuzzy dates ("at the end of 2020", "in early 2009") keep their year and a note.  Relative
expressions ("the previous year", "a year earlier", "ten years later", "the next day",
"the following July", "later that year", "hours later") are resolved against the date written
last before them in the same entry (its *anchor*); with no anchor they stay unresolved.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from ..errors import ExtractionError
from ..model import DateValue, Precision
from ..source.dates import DATE_PATTERN, MONTHS, parse_date
from .scan import KeyedPattern, Words, first_words

NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "dozen": 12, "a dozen": 12, "several": 0,
}  # fmt: skip
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_UNITS = r"(?:one|two|three|four|five|six|seven|eight|nine)"
NUMBER = (
    rf"(?:\d{{1,3}}|a\s+dozen|{_TENS}[-\s]{_UNITS}|"  # "twenty-five"
    + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
    + r")"
)
_COMPOUND = re.compile(rf"(?P<tens>{_TENS})[-\s](?P<units>{_UNITS})")
_UNIT = r"(?P<unit>years?|months?|weeks?|days?|hours?)"
_MONTH_NAME = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_PRECISIONS: dict[int, Precision] = {
    4: "year",
    7: "month",
    10: "day",
}  # by length of the ISO string
_PRECISION_RANK = {"year": 0, "month": 1, "day": 2}

# The kinds of date a text writes, in the order they are tried at a word.
_DATE_KINDS: tuple[tuple[str, str], ...] = (
    (
        "fuzzy",
        (
            r"\b(?:at\s+the\s+(?P<edge>end|beginning|start|turn)\s+of|in\s+(?P<part>early|late|mid)[\s-]*)"
            r"\s*(?P<fyear>1[89]\d\d|20\d\d)\b"
        ),
    ),
    (
        "fuzzym",
        (
            r"\b(?:at\s+the\s+(?:end|beginning|start)\s+of|in\s+(?:early|late|mid)[\s-]*)"
            rf"\s*(?P<fmonth>{_MONTH_NAME})(?:\s+(?P<fmyear>1[89]\d\d|20\d\d))?\b"
        ),
    ),
    (
        "back",
        (
            r"\b(?:the\s+)?(?:previous|preceding|prior)\s+(?P<bunit>year|month|day|week)\b"
            r"|\bthe\s+(?P<bunit2>year|month|day)\s+before\b"
        ),
    ),
    (
        "ago",
        (
            rf"\b(?P<agon>{NUMBER})\s+{_UNIT}\s+"
            r"(?P<dir>earlier|before|previously|later|after|afterwards|afterward)\b"
        ),
    ),
    (
        "next",
        rf"\b(?:the\s+)?(?:next|following|subsequent)\s+(?P<nunit>year|month|day|week|morning|evening|{_MONTH_NAME})\b",
    ),
    (
        "same",
        (
            r"\b(?:later|earlier)\s+(?:that|the\s+same)\s+(?P<sunit>year|month|day)\b"
            r"|\b(?:that|the)\s+same\s+(?P<sunit2>year|month|day)\b"
            r"|\b(?:hours|minutes|moments)\s+(?:later|afterwards)\b"
        ),
    ),
    (
        "abs",
        rf"\b{DATE_PATTERN}\b",
    ),
)


def _dates_pattern(kinds: tuple[str, ...]) -> re.Pattern[str]:
    """One alternation of the named kinds of date (in their order); every date starts a word."""
    parts = [f"(?P<{name}>{body})" for name, body in _DATE_KINDS if name in kinds]
    return re.compile(r"(?<![\w-])(?=\w)(?:" + "|".join(parts) + ")", re.IGNORECASE)


def _dates_by_head() -> dict[str, re.Pattern[str]]:
    """For each word a date can begin with, the alternation of the kinds that can begin with it:
    at any word the others fail, so the first kind that matches is the same as in all of them."""
    heads = {name: _heads_of(body) for name, body in _DATE_KINDS}
    compiled: dict[tuple[str, ...], re.Pattern[str]] = {}
    by_head = {}
    for head in set().union(*heads.values()):
        kinds = tuple(name for name, _ in _DATE_KINDS if head in heads[name])
        if kinds not in compiled:
            compiled[kinds] = _dates_pattern(kinds)
        by_head[head] = compiled[kinds]
    return by_head


def _heads_of(body: str) -> frozenset[str]:
    """The words a kind of date begins with (read from its pattern)."""
    heads = first_words(body)
    if heads is None:  # every kind begins with listed words; a new one must too
        raise ExtractionError(f"date pattern begins with no word that can be listed: {body[:40]!r}")
    return heads


_DATES = _dates_pattern(tuple(name for name, _ in _DATE_KINDS))
_DATES_BY_HEAD = _dates_by_head()
_DATE_HEADS = frozenset(_DATES_BY_HEAD)
_PREPOSITION_BEFORE = re.compile(
    r"(?:\b(?:in|on|of|since|until|till|by|from|during|early|late|mid|before|after|between|and|or|to|last|this|that|next)\s+|[,(–—-]\s*)$",
    re.IGNORECASE,
)
_DURATION = re.compile(
    rf"(?<![\w-])(?=\w)(?:(?:about|around|nearly|almost|over|more\s+than|some|roughly)\s+)?(?P<n>{NUMBER})(?:\s+|-)"
    r"(?P<unit>years?|months?|weeks?|days?)\b(?!-old|\s+old|\s+later|\s+earlier|\s+after\b|\s+before\b|\s+afterwards|\s+previously|\s+ago)",
    re.IGNORECASE,
)

_DURATION_SCAN = KeyedPattern(_DURATION)

_SPACES = re.compile(r"\s+")
_BARE_MONTH = re.compile(r"[A-Za-z.]+")


@dataclass(slots=True, unsafe_hash=True)  # not frozen: made per entry, three times faster
class DateMention:
    """A date written in an entry: where it stands and what it means once resolved."""

    start: int
    end: int
    text: str
    value: DateValue | None  # None: a relative date with nothing to resolve it against
    relative: bool = False
    shift: tuple[str, int] | None = None  # ("year", -1) for "the previous year"


@dataclass(slots=True, unsafe_hash=True)  # not frozen: made per entry, three times faster
class Duration:
    """A length of time written in an entry ("for 34 days" -> "P34D")."""

    start: int
    end: int
    text: str
    iso: str


def number_value(text: str) -> int | None:
    """The integer a number word or numeral stands for ("ten" -> 10, "12" -> 12)."""
    text = _SPACES.sub(" ", text.strip().lower())
    if text.isdigit():
        return int(text)
    compound = _COMPOUND.fullmatch(text)
    if compound:
        return NUMBER_WORDS[compound.group("tens")] + NUMBER_WORDS[compound.group("units")]
    return NUMBER_WORDS.get(text)


def from_iso(iso: str, note: str | None = None) -> DateValue:
    """A DateValue from an ISO string at its precision ("1997", "1995-12", "1953-09-21")."""
    return DateValue(iso=iso, precision=_PRECISIONS[len(iso)], note=note)


@lru_cache(maxsize=1 << 12)
def entry_date(year: int, phrase: str | None) -> DateValue:
    """The date of an entry: its section year refined by its leading date phrase."""
    if phrase:
        parsed = parse_date(phrase, default_year=year)
        if parsed is not None and parsed[0][:4] == str(year):
            return from_iso(parsed[0])
    return from_iso(f"{year:04d}")


def is_finer(candidate: DateValue, than: DateValue) -> bool:
    """True when ``candidate`` is more precise than ``than`` and agrees with it."""
    return _PRECISION_RANK[candidate.precision] > _PRECISION_RANK[
        than.precision
    ] and candidate.iso.startswith(than.iso)


def find_dates(
    text: str, year: int, phrase_span: tuple[int, int] | None = None, words: Words | None = None
) -> list[DateMention]:
    """Every date in ``text`` (an entry), relative ones resolved against the one before them.

    ``year`` is the section year, given to dates written without one.  A bare month name counts
    only after a preposition or as the entry's date phrase (``phrase_span``), so "may" the verb
    and "March" the noun are not dates.  ``words`` are the words of ``text`` when already listed.
    """
    found: list[DateMention] = []
    anchor: DateValue | None = None
    last = 0
    index = words if words is not None else Words(text)
    for position, head in index.occurrences(_DATE_HEADS):
        if position < last:
            continue
        match = _DATES_BY_HEAD[head].match(text, position)
        if match is None:
            continue
        last = match.end()
        mention = _mention(match, text, year, anchor, phrase_span)
        if mention is None:
            continue
        found.append(mention)
        if mention.value is not None:
            anchor = mention.value
    return found


def _mention(
    match: re.Match[str], text: str, year: int, anchor: DateValue | None,
    phrase_span: tuple[int, int] | None,
) -> DateMention | None:  # fmt: skip
    start, end, written = match.start(), match.end(), match.group()
    note = _SPACES.sub(" ", written.strip())
    note = note[:1].lower() + note[1:]
    kind = match.lastgroup  # the kind of date: its group closes last
    if kind == "fuzzy":
        return DateMention(start, end, written, from_iso(match.group("fyear"), note))
    if kind == "fuzzym":
        month = MONTHS[match.group("fmonth").lower()]
        fuzzy_year = int(match.group("fmyear") or year)
        return DateMention(start, end, written, from_iso(f"{fuzzy_year:04d}-{month:02d}", note))
    if kind == "back":
        unit = (match.group("bunit") or match.group("bunit2")).lower()
        return _relative(start, end, written, anchor, (unit, -1), note)
    if kind == "ago":
        amount = number_value(match.group("agon")) or 0
        unit = match.group("unit").lower().rstrip("s")
        sign = -1 if match.group("dir").lower() in ("earlier", "before", "previously") else 1
        return _relative(
            start, end, written, anchor if amount else None, (unit, sign * amount), note
        )
    if kind == "next":
        unit = match.group("nunit").lower()
        if unit in ("morning", "evening"):
            unit = "day"
        return _relative(start, end, written, anchor, (unit, 1), note)
    if kind == "same":  # "later that year" with no date before it: the section year
        unit = (match.group("sunit") or match.group("sunit2") or "day").lower()
        return _relative(start, end, written, anchor or from_iso(f"{year:04d}"), (unit, 0), note)
    return _absolute(start, end, written, text, year, phrase_span)


def _absolute(
    start: int, end: int, written: str, text: str, year: int, phrase_span: tuple[int, int] | None
) -> DateMention | None:
    stripped = written.strip()
    is_phrase = phrase_span is not None and phrase_span[0] <= start < phrase_span[1]
    if _BARE_MONTH.fullmatch(stripped):  # a bare month name
        if not stripped[0].isupper() or len(stripped.rstrip(".")) < 3:
            return None
        if not is_phrase and not _PREPOSITION_BEFORE.search(text[max(0, start - 12) : start]):
            return None
    value = _absolute_value(stripped, year)
    if value is None:
        return None
    return DateMention(start, end, written, value)


@lru_cache(maxsize=1 << 14)
def _absolute_value(written: str, year: int) -> DateValue | None:
    """The date a written absolute date stands for under a section year (each form read once)."""
    parsed = parse_date(written, default_year=year)
    return from_iso(parsed[0]) if parsed is not None else None


def _relative(
    start: int, end: int, written: str, anchor: DateValue | None, shift: tuple[str, int], note: str
) -> DateMention:
    value = shift_date(anchor, shift, note) if anchor is not None else None
    return DateMention(start, end, written, value, relative=True, shift=shift)


def shift_date(anchor: DateValue, shift: tuple[str, int], note: str | None = None) -> DateValue:
    """``anchor`` moved by ``shift`` ("year"/"month"/"week"/"day"/"hour" or a month name, amount).

    The result never claims more precision than the anchor and the unit allow: a year moved by
    days stays a year ("the next day" after "2020" is 2020, with the note).
    """
    unit, amount = shift
    iso = anchor.iso
    year = int(iso[:4])
    if unit.capitalize() in calendar.month_name[1:]:
        month_number = MONTHS[unit.lower()]
        if anchor.precision == "year":
            return from_iso(f"{year + 1:04d}", note)
        anchor_month = int(iso[5:7])
        target_year = year + (1 if month_number <= anchor_month else 0)
        return from_iso(f"{target_year:04d}-{month_number:02d}", note)
    if unit == "year" or anchor.precision == "year":
        if unit == "year":
            return from_iso(f"{year + amount:04d}", note)
        return from_iso(f"{year:04d}", note)
    month = int(iso[5:7])
    if unit == "month" or anchor.precision == "month":
        if unit == "month":
            total = year * 12 + (month - 1) + amount
            return from_iso(f"{total // 12:04d}-{total % 12 + 1:02d}", note)
        return from_iso(iso[:7], note)
    day = date(year, month, int(iso[8:10]))
    days = {"week": 7 * amount, "day": amount, "hour": 0}[unit]
    return from_iso((day + timedelta(days=days)).isoformat(), note)


def find_durations(text: str, words: Words | None = None) -> list[Duration]:
    """Every length of time in ``text`` ("for 34 days", "seven years in a camp", "about ten years")."""
    found: list[Duration] = []
    lowered = text.lower()
    if not any(unit in lowered for unit in ("year", "month", "week", "day")):
        return found
    for match in _DURATION_SCAN.matches(words if words is not None else Words(text)):
        amount = number_value(match.group("n"))
        if not amount:
            continue
        unit = match.group("unit").lower()[0].upper()
        if unit == "W":
            amount, unit = amount * 7, "D"
        found.append(Duration(match.start(), match.end(), match.group(), f"P{amount}{unit}"))
    return found


def duration_of(shift: tuple[str, int]) -> str | None:
    """The ISO duration of a relative shift ("ten years later" -> "P10Y")."""
    unit, amount = shift
    letters = {"year": "Y", "month": "M", "week": "W", "day": "D"}
    if unit not in letters or amount <= 0:
        return None
    return f"P{amount}{letters[unit]}"
