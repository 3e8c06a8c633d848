"""The parser on our own articles in other renderings, against hand-written expectations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from defectorkg.source.parse import dangling_citations, line_accounting, read_article, uncited_references

ARTICLES = Path(__file__).resolve().parent / "fixtures" / "articles"
CASES = sorted(p.name.removesuffix(".expected.json") for p in ARTICLES.glob("*.expected.json"))


def test_all_article_cases_collected():
    """Every test article with expectations is collected (three at least)."""
    assert len(CASES) >= 3 and {"alt-rendering", "second-list", "holdout"} <= set(CASES)


def _load(name: str):
    expected = json.loads((ARTICLES / f"{name}.expected.json").read_text(encoding="utf-8"))
    [path] = [p for p in ARTICLES.glob(f"{name}.*") if p.suffix != ".json"]  # .txt, or .wiki
    return read_article(path), expected


@pytest.mark.parametrize("name", CASES)
def test_sections_and_references(name):
    """Entries per year (empty years included), references, uncited and dangling match the hand count."""
    article, expected = _load(name)
    assert article.title == expected["title"]
    assert {str(s.year): len(s.entries) for s in article.sections} == expected["entries_per_year"]
    assert len(article.references) == expected["references"]
    assert [r.number for r in uncited_references(article)] == expected["uncited_references"]
    assert sorted({c.number for _, c in dangling_citations(article)}) == expected["dangling_citations"]


@pytest.mark.parametrize("name", CASES)
def test_entry_lines_subjects_and_dates(name):
    """Each entry's id, line, subject phrase and leading date phrase match the hand reading."""
    article, expected = _load(name)
    got = [(e.id, e.line, e.subject, e.date_phrase) for e in article.entries]
    want = [(e["id"], e["line"], e["subject"], e["date_phrase"]) for e in expected["entries"]]
    assert got == want


@pytest.mark.parametrize("name", CASES)
def test_non_entry_lines_are_headings_or_items(name):
    """Headings and the lines under them are in the model as headings, nothing is unrecognised."""
    article, expected = _load(name)
    held = line_accounting(article)
    texts = {n: t.strip() for n, t in enumerate(article.text.splitlines(), 1)}
    non_entries = [
        texts[n] for n, kind in sorted(held.items()) if kind in ("heading", "heading item")
    ]
    headings = [h.title for h in article.headings]
    items = [text for h in article.headings for _, text in h.items]
    assert sorted(headings + [i.lstrip("*•- ") for i in items]) == sorted(expected["non_entry_lines"])
    assert len(non_entries) == len(expected["non_entry_lines"])
    assert article.unrecognised == ()
