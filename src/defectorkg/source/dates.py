"""Calendar dates written in English prose, read to ISO 8601 at their precision.

"17 February 1997" -> ("1997-02-17", "day"); "February 17, 1997" -> same; "March 2013" ->
("2013-03", "month"); "2010" -> ("2010", "year"); "2016-08-17" -> day. A day and month without
a year ("21 September") need the year from context: :func:`parse_date` takes ``default_year``.
"""

from __future__ import annotations

import calendar
import re

MONTHS: dict[str, int] = {}
for _number in range(1, 13):
    MONTHS[calendar.month_name[_number].lower()] = _number
    MONTHS[calendar.month_abbr[_number].lower()] = _number
MONTHS["sept"] = 9

_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"

#: Fuzzy qualifiers kept as a note: "late October", "early 2009", "mid-1990", "the end of 2020".
QUALIFIER = r"(?:(?:early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+middle\s+of)[\s-]+)"
_QUALIFIER_RE = re.compile(rf"^\s*{QUALIFIER}", re.IGNORECASE)

#: A date phrase as prose writes it: day-month(-year), month-day(, year), month(-year), ISO, year,
#: optionally with a fuzzy qualifier in front.
DATE_PATTERN = (
    rf"{QUALIFIER}?(?:{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?"
    rf"|{_MONTH}\s+{_DAY}(?:,\s*{_YEAR}|\s+{_YEAR})?(?!\d)"
    rf"|{_MONTH}(?:,?\s+{_YEAR})?"
    rf"|{_YEAR}-[01]\d-[0-3]\d"
    rf"|{_YEAR}-[01]\d"
    rf"|{_YEAR})"
)
DATE_RE = re.compile(rf"\b{DATE_PATTERN}\b", re.IGNORECASE)
_FULL_RE = re.compile(rf"^\s*{DATE_PATTERN}\s*$", re.IGNORECASE)
_YEAR_RE = re.compile(_YEAR)
_MONTH_RE = re.compile(rf"\b{_MONTH}", re.IGNORECASE)
_DAY_RE = re.compile(rf"(?<![\d-]){_DAY}(?![\d-])")
_ISO_RE = re.compile(rf"^\s*({_YEAR})(?:-([01]\d)(?:-([0-3]\d))?)?\s*$")


def qualifier(text: str) -> str | None:
    """The fuzzy qualifier of a date phrase ("late", "the end of"), or None."""
    match = _QUALIFIER_RE.match(text)
    return " ".join(match.group().split()).rstrip("-") if match else None


def is_date(text: str) -> bool:
    """True when ``text`` is nothing but a date phrase."""
    return bool(_FULL_RE.match(text))


def parse_date(text: str, default_year: int | None = None) -> tuple[str, str] | None:
    """``(iso, precision)`` of a date phrase, or None when it is not one (or lacks a year)."""
    if not _FULL_RE.match(text):
        return None
    text = _QUALIFIER_RE.sub("", text)
    iso = _ISO_RE.match(text)
    if iso:
        year, month, day = iso.groups()
        if day:
            return _checked(int(year), int(month), int(day))
        if month:
            return (f"{year}-{month}", "month") if 1 <= int(month) <= 12 else None
        return year, "year"
    year_match = _YEAR_RE.search(text)
    month_match = _MONTH_RE.search(text)
    rest = text
    if year_match:
        rest = text[: year_match.start()] + " " + text[year_match.end() :]
    day_match = _DAY_RE.search(rest)
    year = int(year_match.group()) if year_match else default_year
    if year is None:
        return None
    if month_match is None:
        return str(year), "year"
    month = MONTHS[month_match.group().rstrip(".").lower()]
    if day_match is None:
        return f"{year:04d}-{month:02d}", "month"
    day = int(re.sub(r"\D", "", day_match.group()))
    return _checked(year, month, day)


def _checked(year: int, month: int, day: int) -> tuple[str, str] | None:
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}", "day"
