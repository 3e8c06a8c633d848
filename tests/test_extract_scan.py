"""Word-keyed scanning: the words a pattern begins with, and keyed scans that equal full scans."""

from __future__ import annotations

import re
import sys
from functools import cache
from pathlib import Path

import pytest

from defectorkg.extract import dating, text
from defectorkg.extract.lexicon import load_lexicon
from defectorkg.extract.scan import NUMBER_HEAD, KeyedPattern, Words, first_words
from defectorkg.source.parse import parse_article, read_article

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import make_article

LEXICON = load_lexicon()
ARTICLES = (
    ROOT / "data" / "list-of-north-korean-defectors-in-south-korea.txt",
    *sorted((ROOT / "tests" / "fixtures" / "articles").glob("[!h]*.txt")),  # not the held-out one
)


@cache
def _texts() -> tuple[str, ...]:
    """The entry texts (markers blanked) of the bundled article, the test articles and 300
    synthetic entries: every phrasing the tests know, in one list."""
    articles = [read_article(path) for path in ARTICLES]
    articles.append(parse_article(make_article(300), source_name="synthetic.txt"))
    return tuple(text.blank_citations(entry) for article in articles for entry in article.entries)


def _spans(matches: list[re.Match[str]]) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in matches]


def test_the_corpus_is_what_the_equivalence_tests_run_on() -> None:
    """The keyed-scan tests below run over the entries of the bundled article, two hand-written
    articles, the probe article, the unseen-author article and 300 synthetic entries (none silently missing)."""
    assert [path.name for path in ARTICLES[1:]] == [
        "alt-rendering.txt", "probe-phrasings.txt", "second-list.txt", "unseen-author.txt",
    ]  # fmt: skip
    assert len(_texts()) == 15 + 13 + 16 + 16 + 8 + 300


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"escap(?:ed|ing|e)\b", {"escaped", "escaping", "escape"}),
        (r"\b(?:a|an|\d+)\s+years?\b", {"a", "an", NUMBER_HEAD}),
        (r"(?<![\w-])(?=\w)travell?ed\b", {"traveled", "travelled"}),
        (r"\bstay(?:ed|ing)?\s+in\b", {"stay", "stayed", "staying"}),
        (r"\b[Nn]orth\b", {"north"}),
        (r"\bmid[\s-]+\d{4}", {"mid"}),
    ],
)
def test_first_words_are_read_from_the_pattern(pattern: str, expected: set[str]) -> None:
    """Letters up to the first non-word character, through groups, alternatives and optional parts."""
    assert first_words(pattern) == frozenset(expected)


@pytest.mark.parametrize(
    "pattern", [r"\b[a-z]+\s+camp", r"\w+ly\b", r"\s+and\b", r".*camp", r"(?:x|[^a])b"]
)
def test_patterns_that_can_begin_anywhere_give_none(pattern: str) -> None:
    """A pattern that can begin with any word (or with no word) is tried everywhere: None."""
    assert first_words(pattern) is None


def test_every_trigger_and_date_kind_begins_with_listed_words() -> None:
    """No trigger row and no kind of date falls back to a scan of the whole entry."""
    assert all(first_words(trigger.pattern) is not None for trigger in LEXICON.triggers)
    assert all(first_words(body) is not None for _, body in dating._DATE_KINDS)


@pytest.mark.parametrize(
    "keyed",
    [
        "surface_scan",
        "role_scan",
        "plural_role_scan",
    ],
)
def test_keyed_lexicon_scans_equal_full_scans(keyed: str) -> None:
    """Gazetteer names and role words found at their first words equal a scan of every position."""
    scan: KeyedPattern = getattr(LEXICON, keyed)
    for entry in _texts():
        assert _spans(scan.matches(Words(entry))) == _spans(list(scan.pattern.finditer(entry)))


def test_keyed_scans_in_a_range_equal_full_scans_in_that_range() -> None:
    """A keyed scan between two offsets equals ``finditer(text, start, end)``."""
    for entry in _texts():
        words = Words(entry)
        middle = len(entry) // 2
        for start, end in ((0, middle), (middle, len(entry)), (3, len(entry) - 3)):
            keyed = LEXICON.role_scan.matches(words, start, end)
            assert _spans(keyed) == _spans(
                list(LEXICON.role_scan.pattern.finditer(entry, start, end))
            )


def test_triggers_by_first_word_equal_one_alternation_of_all_triggers() -> None:
    """Trying at each word only the triggers that can begin there finds what one alternation of
    all triggers finds over the whole entry."""
    index = LEXICON.trigger_index
    everything = index._alternation(tuple(range(len(LEXICON.triggers))))
    for entry in _texts():
        found = index.find(Words(entry))
        assert [(m.span(), m.lastgroup) for m in found] == [
            (m.span(), m.lastgroup) for m in everything.finditer(entry)
        ]


def test_dates_by_first_word_equal_one_alternation_of_all_kinds() -> None:
    """Dates found with the kinds that can begin at each word equal a scan with all kinds."""
    for entry in _texts():
        keyed = [(d.start, d.end) for d in dating.find_dates(entry, 2000)]
        full = [(d.start, d.end) for d in _dates_with_all_kinds(entry)]
        assert keyed == full


def _dates_with_all_kinds(entry: str) -> list[dating.DateMention]:
    found = []
    anchor = None
    for match in dating._DATES.finditer(entry):
        mention = dating._mention(match, entry, 2000, anchor, None)
        if mention is not None:
            found.append(mention)
            anchor = mention.value or anchor
    return found


def test_words_are_listed_by_head() -> None:
    """Each word is found by its first run of letters, case-folded; numbers by "#"."""
    words = Words("Kim Jong-il crossed the Tumen in 1997, aged 21st-century Kim.")
    assert words.positions(frozenset({"kim"})) == [0, 57]
    assert words.positions(frozenset({"jong", NUMBER_HEAD})) == [4, 33, 44]
    assert words.positions(frozenset({"il"})) == [9]  # after a hyphen: a run of its own
    assert words.stem_words() >= {"jong-il", "21st-century", "crossed"}
    assert words.occurrences_of(["Kim", "Tumen"]) == [
        (0, 3, "Kim"),
        (24, 29, "Tumen"),
        (57, 60, "Kim"),
    ]
