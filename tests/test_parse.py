"""The parser: text -> Article, on the seed, on snippets in other renderings, and on bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from defectorkg.errors import SourceFormatError
from defectorkg.source.parse import (
    dangling_citations,
    line_accounting,
    parse_article,
    read_article,
    split_sentences,
    uncited_references,
)


def test_seed_title_and_intro(seed_article):
    """The title is the first line and the intro keeps its statistic sentence with citation [1]."""
    assert seed_article.title == "List of North Korean defectors in South Korea"
    assert len(seed_article.intro) == 1
    intro = seed_article.intro[0]
    assert intro.line == 3
    assert [s.text for s in intro.sentences][1] == (
        "In total, as of 2016, 31,093 North Korean defectors had entered South Korea.[1]"
    )
    assert [(c.label, c.number) for c in intro.sentences[1].citations] == [("1", 1)]


def test_seed_sections_and_entry_counts(seed_article):
    """Eleven year sections hold the fifteen entries, in document order."""
    counts = {s.year: len(s.entries) for s in seed_article.sections}
    assert counts == {1953: 1, 1968: 1, 1982: 1, 1992: 1, 1995: 1, 1997: 2, 1999: 2, 2015: 1,
                      2016: 2, 2017: 2, 2020: 1}  # fmt: skip
    assert len(seed_article.entries) == 15
    assert [e.id for e in seed_article.entries][:6] == ["1953-1", "1968-1", "1982-1", "1992-1", "1995-1", "1997-1"]


@pytest.mark.parametrize(
    ("entry_id", "line", "date_phrase", "subject"),
    [
        ("1953-1", 7, "21 September", None),
        ("1968-1", 11, "21 January", "Kim Shin-jo"),
        ("1982-1", 15, None, "Ri Han-yong"),
        ("1995-1", 21, "December", "Lee Soon-ok"),
        ("1997-1", 23, "12 February", "Hwang Jang-yop"),
        ("1997-2", 24, None, "Jang Yeong-jin"),
        ("2015-1", 31, None, "Unidentified Colonel"),
        ("2016-1", 33, None, None),
        ("2016-2", 34, None, "Thae Yong-ho"),
        ("2017-2", 37, "20 December 2017", None),
    ],
)
def test_seed_entry_lead(seed_article, entry_id, line, date_phrase, subject):
    """Each entry's line, leading date phrase and subject phrase are read from its layout."""
    entry = next(e for e in seed_article.entries if e.id == entry_id)
    assert (entry.line, entry.date_phrase, entry.subject) == (line, date_phrase, subject)
    if subject:
        start, end = entry.subject_span
        assert seed_article.text[start:end] == subject
    if date_phrase:
        start, end = entry.date_span
        assert seed_article.text[start:end] == date_phrase


def test_entry_offsets_point_into_the_text(seed_article):
    """Entry text, sentences and citation markers are exact slices of the article text."""
    for entry in seed_article.entries:
        assert seed_article.text[entry.start : entry.end] == entry.text
        for sentence in entry.sentences:
            assert seed_article.text[sentence.start : sentence.end] == sentence.text
        for citation in entry.citations:
            assert seed_article.text[citation.start : citation.end] == f"[{citation.label}]"


def test_entry_sentences_and_citations(seed_article):
    """The 1992 entry has four sentences; its markers [3] [4] [4] [5] stay with their sentences."""
    entry = next(e for e in seed_article.entries if e.id == "1992-1")
    assert len(entry.sentences) == 4
    assert [c.number for c in entry.citations] == [3, 4, 4, 5]
    assert [[c.number for c in s.citations] for s in entry.sentences] == [[3], [4], [4], [5]]
    assert entry.sentences[1].text.startswith("He was released ten years later")


def test_seed_headings_are_not_content(seed_article):
    """'See alsoEdit' is a heading titled 'See also', not an entry or intro paragraph."""
    assert [(h.title, h.raw, h.line) for h in seed_article.headings] == [("See also", "See alsoEdit", 43)]


def test_seed_every_line_accounted_for(seed_article):
    """Every non-blank line of the seed is in the model; nothing is unrecognised."""
    held = line_accounting(seed_article)
    non_blank = [n for n, t in enumerate(seed_article.text.splitlines(), 1) if t.strip()]
    assert sorted(held) == non_blank
    assert seed_article.unrecognised == ()
    assert sum(1 for v in held.values() if v == "reference") == 29


def test_seed_uncited_and_dangling(seed_article):
    """References 11-17 are cited by nothing; no marker points at a missing reference."""
    assert [r.number for r in uncited_references(seed_article)] == [11, 12, 13, 14, 15, 16, 17]
    assert dangling_citations(seed_article) == ()


def test_sha256_and_source_name(seed_article):
    """The content hash is of the UTF-8 text, recorded with the file name."""
    assert seed_article.sha256 == "c40aa7da703c6fbfae9b7a944b5f8fb84550375dc53291a4ad1a146ec37024ef"
    assert seed_article.source_name == "list-of-north-korean-defectors-in-south-korea.txt"


def test_other_rendering_snippet():
    """Decades, em dashes, 'In June,' and 'Several …' entries, ↑ references and an empty year parse."""
    text = (
        "List of North Korean defectors\n\nSome defectors are listed.[1]\n\n"
        "1960s\n1962\n1965\n"
        "* Kim Shin-Jo — on 3 May, crossed the line.[1][2]\n"
        "* In June, two fishermen sailed south.[9]\n"
        "* Several North Koreans swam across the river.\n"
        "2000sEdit\n2004\n"
        "- Park Min-su - a former teacher who fled via Mongolia.\n"
        "ReferencesEdit\n"
        "1. ↑ a b Smith, John (3 May 1965), \"Line crossed\", The Times, retrieved 4 May 1965\n"
        "2. ↑ Jane Doe and Bob Roe (1965). Escape. Seoul Press. p. 12.\n"
        "3. ↑ Unused item. Nobody cites it.\n"
    )
    article = parse_article(text, source_name="alt.txt")
    assert [(s.year, s.decade, len(s.entries)) for s in article.sections] == [
        (1962, "1960s", 0), (1965, "1960s", 3), (2004, "2000s", 1)]  # fmt: skip
    first, second, third = article.sections[1].entries
    assert (first.subject, first.date_phrase) == ("Kim Shin-Jo", "3 May")
    assert (second.subject, second.date_phrase, second.body) == (None, "June", "two fishermen sailed south.[9]")
    assert (third.subject, third.date_phrase) == (None, None)
    assert article.sections[2].entries[0].subject == "Park Min-su"
    refs = article.references
    assert [(r.number, r.backlinks) for r in refs] == [(1, ("a", "b")), (2, ()), (3, ())]
    assert (refs[0].authors, refs[0].title, refs[0].publisher, refs[0].published, refs[0].retrieved) == (
        ("John Smith",), "Line crossed", "The Times", "1965-05-03", "1965-05-04")  # fmt: skip
    assert (refs[1].authors, refs[1].title, refs[1].publisher, refs[1].page) == (
        ("Jane Doe", "Bob Roe"), "Escape", "Seoul Press", "12")  # fmt: skip
    assert [(e, c.number) for e, c in dangling_citations(article)] == [("1965-2", 9)]
    assert [r.number for r in uncited_references(article)] == [3]
    assert article.unrecognised == ()


def test_lines_after_references_are_reported():
    """A line after the reference list that is no reference is unrecognised, not dropped."""
    text = "T\n\n1999\n• A – fled.[1]\n  1. ^ \"X\". Y.\nstray words here\n"
    article = parse_article(text)
    assert [(u.line, u.text) for u in article.unrecognised] == [(6, "stray words here")]
    assert line_accounting(article)[6] == "unrecognised"


def test_split_sentences_keeps_abbreviations():
    """'U.S. media' and 'Mr. Kim' do not end sentences; '[4] He' does."""
    sentences = split_sentences("He went to the U.S. media office with Mr. Kim.[4] He left.", 10)
    assert [s.text for s in sentences] == ["He went to the U.S. media office with Mr. Kim.[4]", "He left."]
    assert sentences[1].start == 10 + len("He went to the U.S. media office with Mr. Kim.[4] ")


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "the file is empty"),
        ("blank.txt", b"  \n\n", "the file is empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "binary file"),
        ("latin1.txt", "Title\n\n1997\n* Caf\xe9 - x\n".encode("latin-1"), "not UTF-8"),
        ("noyears.txt", b"Title\n\nJust prose, no years.\n", "no year sections"),
    ],
)
def test_bad_input_raises_one_line_error(tmp_path, name, data, message):
    """Each kind of bad file raises SourceFormatError naming the file and the problem."""
    path = _write(tmp_path, name, data)
    with pytest.raises(SourceFormatError) as info:
        read_article(path)
    text = str(info.value)
    assert name in text and message in text and "\n" not in text


def test_missing_path_and_directory(tmp_path):
    """A path that does not exist and a directory are both clear errors."""
    with pytest.raises(SourceFormatError, match="no such file"):
        read_article(tmp_path / "nope.txt")
    with pytest.raises(SourceFormatError, match="is a directory"):
        read_article(tmp_path)


def test_citation_checks_are_one_rule_for_the_report_and_the_issues():
    """A numbered marker with no reference dangles; a label-only marker ("[a]", "[citation
    needed]") names no reference, so it neither dangles nor cites. The extraction's issues are
    the same findings as the source stage's checks, with the entry and its line."""
    from defectorkg.extract.sources import citation_issues

    text = (
        "List of North Korean defectors\n\nSome defectors are listed.[1][a]\n\n"
        "2003\n"
        "* Choi Dal-ho — crossed the river at night.[citation needed][4]\n"
        "* Ahn Mi-rae — flew out of Shenyang.[2]\n"
        "References\n"
        "1. ↑ Lee, Sun (2004), \"River nights\", The Daily Paper\n"
        "2. ↑ \"Flights\", Another Paper\n"
        "3. ↑ Nobody cites this one.\n"
    )
    article = parse_article(text, source_name="markers.txt")
    assert [(where, c.label) for where, c in dangling_citations(article)] == [("2003-1", "4")]
    assert [r.number for r in uncited_references(article)] == [3]
    issues = citation_issues(article)
    assert [(i.kind, i.entry_id, i.line, i.message) for i in issues] == [
        ("dangling-citation", "2003-1", 6, "marker [4] points at no reference"),
        ("uncited-reference", None, 11, "reference 3 is cited by no marker"),
    ]
