"""Reference items in every layout the seed uses (and a few it does not) parse to their fields."""

from __future__ import annotations

import pytest

from defectorkg.source.dates import parse_date
from defectorkg.source.references import parse_reference_body, split_authors


def test_every_seed_reference_has_a_title_or_work(seed_article):
    """All 29 references parse: each has a title or a work, and its raw text is kept."""
    assert len(seed_article.references) == 29
    assert [r.number for r in seed_article.references] == list(range(1, 30))
    for ref in seed_article.references:
        assert ref.title or ref.publisher, ref.raw
        assert ref.raw and seed_article.text[ref.start : ref.end] == ref.raw


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (1, {"title": "Policies North Korean Defectors", "publisher": "Ministry of Unification", "retrieved": "2017-12-05"}),
        (2, {"authors": ("Andrew Pollack",), "published": "1997-02-17", "publisher": "The New York Times", "retrieved": "2007-10-30"}),
        (4, {"backlinks": ("a", "b"), "title": "Can N.Koreans Topple Their Dictator?", "publisher": "The Chosun Ilbo"}),
        (5, {"title": None, "publisher": "Wall Street Journal", "published": "2005-07-13"}),
        (6, {"authors": ("Barbara Demick",), "title": "Nothing to Envy: Real Lives in North Korea", "edition": "UK ed.",
             "publisher": "Granta Publications", "published": "2010", "page": "66", "isbn": "978-1-84708-141-4"}),
        (11, {"authors": ("Hyung-jin Kim",), "publisher": "Associated Press", "published": "2010-07-05",
              "archived": "2010-07-09", "retrieved": "2010-07-08"}),
        (12, {"publisher": "redOrbit", "published": "2006-03-23"}),
        (13, {"title": "INVITATION", "format": "PDF", "publisher": "NK Economic Watch"}),
        (15, {"authors": ("Sylvia Hui",), "publisher": "Associated Press", "published": "2012-07-01"}),
        (23, {"authors": ("Pritha Paul",), "publisher": None, "retrieved": "2017-12-05"}),
        (24, {"authors": ("Ben Westcott", "Taehoon Lee"), "publisher": "CNN", "published": "2017-11-22",
              "title": "What parasitic worms in defector reveal about conditions in North Korea"}),
        (25, {"authors": ("Paula Hancocks", "Ben Westcott"), "publisher": "CNN", "published": "2017-11-14"}),
        (26, {"authors": ("Simon Atkinson",), "format": "video", "publisher": "BBC News",
              "title": "North Korea defection: Footage of moment soldier flees"}),
        (27, {"title": "North Korea defector wakes after being shot crossing the DMZ", "publisher": "BBC News",
              "published": "2017-11-21"}),
    ],
)  # fmt: skip
def test_seed_reference_fields(seed_article, number, expected):
    """Reference fields come out right in the full-stop, comma, unquoted and unpunctuated layouts."""
    ref = seed_article.reference(number)
    assert {key: getattr(ref, key) for key in expected} == expected


def test_trailing_prose_is_kept_as_note(seed_article):
    """Reference 15's trailing summary is kept in its note, not lost."""
    assert seed_article.reference(15).note.startswith("He says he was one of late North Korean leader")


def test_comma_layout_with_month_first_dates():
    """'Month D, YYYY' dates and comma-separated fields parse."""
    fields = parse_reference_body(
        'Lee, Min-ji; Park, Joon (March 3, 2019), "Boat found off Samcheok", Korea Herald, retrieved March 5, 2019'
    )
    assert fields == {
        "authors": ("Min-ji Lee", "Joon Park"), "published": "2019-03-03", "title": "Boat found off Samcheok",
        "publisher": "Korea Herald", "retrieved": "2019-03-05",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Pollack, Andrew", ("Andrew Pollack",)),
        ("Hancocks, Paula; Westcott, Ben", ("Paula Hancocks", "Ben Westcott")),
        ("Ben Westcott and Taehoon Lee", ("Ben Westcott", "Taehoon Lee")),
        ("Sylvia Hui", ("Sylvia Hui",)),
    ],
)
def test_split_authors(text, names):
    """Both name orders and both separators give 'Given Family' names."""
    assert split_authors(text) == names


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("17 February 1997", None, ("1997-02-17", "day")),
        ("February 17, 1997", None, ("1997-02-17", "day")),
        ("March 2013", None, ("2013-03", "month")),
        ("2010", None, ("2010", "year")),
        ("2016-08-17", None, ("2016-08-17", "day")),
        ("21 September", 1953, ("1953-09-21", "day")),
        ("December", 1995, ("1995-12", "month")),
        ("31 February", 1995, None),
        ("21 September", None, None),
        ("the next day", 1995, None),
    ],
)
def test_parse_date(text, year, expected):
    """Dates read to ISO 8601 at their precision; impossible or yearless dates give None."""
    assert parse_date(text, default_year=year) == expected
