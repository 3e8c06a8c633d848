"""Extraction stays linear in an entry's length: counted span comparisons, never seconds."""

from __future__ import annotations

import pytest

from defectorkg.extract import extract
from defectorkg.extract.spans import COMPARISONS, Spans
from defectorkg.source.parse import parse_article

_SENTENCES = [
    "In {year} {name} waded the Yalu River near Sinuiju and stayed in Dandong for {n} weeks.",
    "{name} spent {n} years in Hoeryong concentration camp and was freed in {year}.",
    "On {day} May {year} her cousin {name} entered the Thai embassy in Vientiane.",
    "His uncle {name}, a major of the Korean People's Army, died in Wonsan in {year}.",
    "They passed through Vietnam and Cambodia and reached Incheon on {day} June {year}.",
]
_FAMILIES = ["Kim", "Pak", "Choe", "Han", "Yun", "Ri", "Jon", "Mun"]
_GIVEN = ["Chol-su", "Mi-ok", "Song-ho", "Un-ha", "Kyong-il", "Sun-hui", "Tae-jin", "Yong-nam", "Hye-rim"]


def _article(size: int) -> str:
    """One entry of about ``size`` characters: a subject, then varied sentences of our own."""
    parts = ["Jang Ok-nyo – a nurse from Hamhung who left the North in 2001."]
    length, i = len(parts[0]), 0
    while length < size:
        name = f"{_FAMILIES[i % len(_FAMILIES)]} {_GIVEN[(i * 5) % len(_GIVEN)]}"
        parts.append(_SENTENCES[i % len(_SENTENCES)].format(name=name, year=1980 + i % 40, n=2 + i % 5, day=1 + i % 27))
        length += len(parts[-1]) + 1
        i += 1
    return (
        "List of North Korean defectors in South Korea\n\nAn article with one long entry.[1]\n\n"
        "  • 2001\n    • " + " ".join(parts) + "[1]\n\nReferencesEdit\n\n"
        '  1. ^ "One long story". Example Daily. 2 March 2002.\n'
    )


def _comparisons(size: int) -> int:
    article = parse_article(_article(size), source_name="long.txt")
    before = COMPARISONS.value
    records = extract(article)
    assert any(p.name == "Jang Ok-nyo" and p.defector for p in records.people)
    return COMPARISONS.value - before


def test_span_questions_look_only_at_nearby_mentions() -> None:
    """Bisect finds the mentions in a window; only those (plus one) are counted."""
    spans = Spans([(0, 4), (10, 14), (20, 30), (40, 41)])
    before = COMPARISONS.value
    assert spans.starting(9, 21) == [(10, 14), (20, 30)]
    assert COMPARISONS.value - before == 3
    assert spans.overlapping(25, 26) == [(20, 30)]
    assert spans.covering(21, 29) == [(20, 30)]
    assert spans.covering(29, 31) == []


@pytest.mark.slow
def test_extraction_compares_spans_linearly_in_entry_length() -> None:
    """A 400 KB entry costs about four times the span comparisons of a 100 KB one (quadratic: sixteen)."""
    small, large = _comparisons(100_000), _comparisons(400_000)
    assert small > 1_000
    assert large < 5 * small, (small, large)
