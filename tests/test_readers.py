"""The readers: one article in plain text, wikitext and HTML gives the same records; each rendering's
own markup (links, cite templates, named refs, backlinks, furniture) is read; bad input is refused
with one line whichever reader would have read it.

The fixture articles (tests/fixtures/renderings/sea-and-air.*) and the snippets below are our own
sentences about partly invented people, written for these tests.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from defectorkg.errors import SourceFormatError
from defectorkg.extract import extract
from defectorkg.model import Article, Records
from defectorkg.source.htmlpage import parse_html
from defectorkg.source.parse import line_accounting, parse_article, read_article
from defectorkg.source.plaintext import parse_plain
from defectorkg.source.read import rendering
from defectorkg.source.wikitext import parse_wikitext

RENDERINGS = Path(__file__).parent / "fixtures" / "renderings"
PLAIN, WIKI, HTML, REST = (RENDERINGS / f"sea-and-air.{s}" for s in ("txt", "wiki", "html", "rest.html"))


@pytest.fixture(scope="module")
def built() -> dict[str, tuple[Article, Records]]:
    result = {}
    for path in (PLAIN, WIKI, HTML, REST):
        article = read_article(path)
        result[path.name] = (article, extract(article))
    return result


def _people(records: Records) -> list[tuple]:
    return sorted(
        (p.name, p.defector, p.arrival and p.arrival.iso, p.age_at_defection, p.roles, p.entry_ids)
        for p in records.people
    )


def _routes(records: Records) -> list[tuple]:
    return sorted((e.kind, e.entry_id, e.date and e.date.iso, e.places, e.vehicle) for e in records.events)


def _sources(records: Records) -> list[tuple]:
    agents = {a.key: a.name for a in records.agents}
    return [
        (s.number, s.title, agents.get(s.publisher or ""), tuple(agents[a] for a in s.authors),
         s.published and s.published.iso, s.retrieved and s.retrieved.iso, s.archived and s.archived.iso,
         s.isbn, s.page, s.cited_by)
        for s in records.sources
    ]  # fmt: skip


def test_plain_text_reading_of_the_fixture(built):
    """The plain copy: five entries (one dated in its own text), six references, nothing unread."""
    article, records = built[PLAIN.name]
    assert article.reader == "plain text"
    assert [(e.id, e.line, e.subject, e.date_phrase) for e in article.entries] == [
        ("1974-1", 7, "Pak Chol-min", None),
        ("1983-1", 10, "Han Yong-su", "9 March"),
        ("1986-1", 12, "Ri Sang-ho", None),
        ("2008-1", 15, "Choe Mi-ran", None),
        ("2017-1", 17, None, "2 September 2017"),
    ]
    assert [s.implicit for s in article.sections] == [False, False, False, False, True]
    assert article.unrecognised == ()
    defectors = sorted(p.name for p in records.people if p.defector)
    assert defectors == ["Choe Mi-ran", "Han Yong-su", "Pak Chol-min", "Ri Gwang-il", "Ri Sang-ho",
                         "soldier of the Korean People's Army"]  # fmt: skip
    assert [(r.person, r.relation, r.other) for r in records.relations] == [
        ("person/ri-sang-ho", "son", "person/ri-gwang-il")
    ]
    yoon = next(s for s in records.sources if s.number == 4)
    assert yoon.cited_by == ("1983-1", "1986-1") and yoon.isbn == "978-89-460-0000-1"


@pytest.mark.parametrize("name", [WIKI.name, HTML.name, REST.name])
def test_every_rendering_gives_the_same_records(built, name):
    """Wikitext, saved HTML and REST HTML give the plain copy's entries, people, routes, relatives, sources."""
    plain_article, plain = built[PLAIN.name]
    article, records = built[name]
    assert article.title == plain_article.title == "North Korean defectors by sea and air"
    assert [e.text for e in article.entries] == [e.text for e in plain_article.entries]
    assert [(e.id, e.subject, e.date_phrase, e.body) for e in article.entries] == [
        (e.id, e.subject, e.date_phrase, e.body) for e in plain_article.entries
    ]
    assert _people(records) == _people(plain)
    assert _routes(records) == _routes(plain)
    assert records.relations == () or [(r.person, r.relation, r.other) for r in records.relations] == [
        (r.person, r.relation, r.other) for r in plain.relations
    ]
    assert len(records.relations) == 1
    assert _sources(records) == _sources(plain)
    assert [h.title for h in article.headings] == ["See also", "References"]
    assert article.headings[0].items[0][1].endswith("List of North Korean defectors in Japan")
    assert article.unrecognised == ()


@pytest.mark.parametrize("name", [WIKI.name, HTML.name, REST.name])
def test_markup_keeps_urls_and_link_targets(built, name):
    """Cited URLs and archive URLs are kept; a linked name keeps its page, a red link too."""
    _, records = built[name]
    urls = {s.number: (s.url, s.archive_url) for s in records.sources}
    assert urls[1] == ("https://www.unikorea.go.kr/stats", None)
    assert urls[2][0] == "https://www.koreaherald.com/view.php?ud=19740615"
    assert urls[5] == (
        "https://www.bbc.co.uk/news/world-asia-0000001",
        "https://web.archive.org/web/2008/https://www.bbc.co.uk/news/world-asia-0000001",
    )
    assert urls[3] == (None, None)
    pages = {p.key: p.pages for p in records.people}
    assert pages["person/pak-chol-min"] == ("Pak Chol-min (sailor)",)
    assert pages["person/han-yong-su"] == ("Han Yong-su",)
    assert pages["person/ri-sang-ho"] == ()


@pytest.mark.parametrize("name", [WIKI.name, HTML.name, REST.name])
def test_offsets_and_lines_are_true_to_the_file(built, name):
    """Entry lines, subject spans, markers and mention quotes point into the markup file as given."""
    article, records = built[name]
    lines = article.text.splitlines()
    for entry in article.entries:
        assert article.text.count("\n", 0, entry.start) + 1 == entry.line
        assert entry.text.split()[0].strip(",") in lines[entry.line - 1]
        if entry.subject_span:
            assert article.text[entry.subject_span[0] : entry.subject_span[1]] == entry.subject
        for citation in entry.citations:
            marker = article.text[citation.start : citation.end]
            if name == WIKI.name:  # the whole <ref …>…</ref> or <ref name="…" />
                assert marker.startswith("<ref") and marker.endswith(("</ref>", "/>"))
            else:  # the visible "[n]", written "&#91;n&#93;" in the saved page
                assert marker.startswith(("[", "&#91;")) and marker.endswith(("]", "&#93;"))
    pak = next(p for p in records.people if p.key == "person/pak-chol-min")
    assert {s.quote for s in pak.spans} == {"Pak Chol-min"}
    assert all(article.text[s.start : s.end] == s.quote for p in records.people for s in p.spans)


def test_wikitext_furniture_is_accounted_and_never_an_entry(built):
    """Short description, DISPLAYTITLE, comment, image, reflist, navbox and categories: furniture only."""
    article, records = built[WIKI.name]
    kinds = [(f.line, f.kind) for f in article.furniture]
    assert kinds == [
        (1, "template"), (2, "template"), (3, "template"), (4, "comment"), (7, "image"), (9, "decade"),
        (13, "decade"), (19, "decade"), (23, "decade"), (30, "reference list"), (32, "reference list"),
        (34, "template"), (36, "category"), (37, "category"),
    ]  # fmt: skip
    held = line_accounting(article)
    text_lines = article.text.splitlines()
    assert all(n in held for n, line in enumerate(text_lines, start=1) if line.strip())
    assert held[31] == "reference"
    names = " ".join(p.name for p in records.people)
    assert "Category" not in names and "topics" not in names and "See also" not in names


@pytest.mark.parametrize("name", [HTML.name, REST.name])
def test_html_furniture_is_kept_apart(built, name):
    """The figure caption, navbox and categories (and the saved page's banner and footer) are furniture."""
    article, _ = built[name]
    kinds = {f.kind for f in article.furniture}
    assert {"image", "navbox", "category", "decade"} <= kinds
    assert article.url == "https://en.wikipedia.org/wiki/North_Korean_defectors_by_sea_and_air"
    if name == HTML.name:
        assert {"banner", "trailer", "footer"} <= kinds
        assert any(f.text == "From Wikipedia, the free encyclopedia" for f in article.furniture)
    assert all("patrol boat of the kind" not in e.text for e in article.entries)


def test_html_notes_list_is_no_reference_list():
    """A notes group's list (lower-alpha) is kept as furniture; the references keep their numbers."""
    page = (
        '<html><body><div class="mw-parser-output"><h2>1990s</h2><ul><li>1995<ul><li>Kim Tae-ho – a clerk, he '
        'crossed the river.<sup class="reference">[a]</sup><sup class="reference">[1]</sup></li></ul></li></ul>'
        '<h2>Notes</h2><div class="reflist reflist-lower-alpha"><ol class="references"><li id="cite_note-a">'
        '<span class="reference-text">He had tried twice before.</span></li></ol></div><h2>References</h2>'
        '<div class="reflist"><ol class="references"><li id="cite_note-1"><span class="mw-cite-backlink">^</span> '
        '<span class="reference-text">"Clerk crosses". The Daily Test. 2 May 1995.</span></li></ol></div></div></body></html>'
    )
    article = parse_html(page, source_name="notes.html")
    assert [(r.number, r.title) for r in article.references] == [(1, "Clerk crosses")]
    assert [(f.kind, f.text) for f in article.furniture if f.kind == "notes"] == [("notes", "He had tried twice before.")]
    assert [c.label for c in article.entries[0].citations] == ["a", "1"]


def test_backlinks_of_a_shared_reference(built):
    """A reference used twice shows its backlinks: "a b" in plain text and saved HTML, "1 2" from the REST HTML."""
    assert read_article(PLAIN).reference(4).backlinks == ("a", "b")
    assert built[WIKI.name][0].reference(4).backlinks == ("a", "b")
    assert built[HTML.name][0].reference(4).backlinks == ("a", "b")
    assert built[REST.name][0].reference(4).backlinks == ("1", "2")


# -- wikitext, phenomenon by phenomenon ---------------------------------------------------------

_WIKI_HEAD = "{{Use dmy dates|date=March 2021}}\nIntro about test defectors.<ref name=\"intro\">{{cite web |title=Intro source |publisher=Test Office}}</ref>\n\n== 1990s ==\n* 1993\n"


def _wiki(entry: str, tail: str = "") -> Article:
    return parse_wikitext(_WIKI_HEAD + "** " + entry + "\n" + tail, source_name="Test_list_of_defectors.wiki")


def test_wikitext_title_from_file_name_or_displaytitle():
    """The title is the DISPLAYTITLE when given, else the file name; never the intro sentence."""
    assert _wiki("Kim Tae-ho – a clerk, he crossed the river.").title == "Test list of defectors"
    shown = parse_wikitext("{{DISPLAYTITLE:List of ''test'' defectors}}\n== 1990s ==\n* 1993\n** Kim – x.\n", source_name="x.wiki")
    assert shown.title == "List of test defectors"


def test_wikitext_named_refs_number_by_first_use():
    """A named ref used before its definition keeps its first-use number; list-defined refs resolve."""
    article = _wiki(
        'Kim Tae-ho – he crossed the river.<ref name="late" /> He reached Seoul in May.<ref>{{cite news |title=Second |work=Paper}}</ref>'
        '<ref name="late">{{cite news |title=First used |work=Gazette |date=2 May 1993}}</ref><ref name="intro" />',
        "== References ==\n{{reflist}}\n",
    )
    assert [(r.number, r.title) for r in article.references] == [(1, "Intro source"), (2, "First used"), (3, "Second")]
    entry = article.entries[0]
    assert [c.number for c in entry.citations] == [2, 3, 2, 1]
    assert entry.text == "Kim Tae-ho – he crossed the river.[2] He reached Seoul in May.[3][2][1]"
    assert article.reference(2).backlinks == ("a", "b") and article.reference(1).backlinks == ("a", "b")


def test_wikitext_cite_fields():
    """Authors in order (last/first, lastN/firstN, author), trans-title, language, pages, ISBN, archive."""
    article = _wiki(
        "Kim Tae-ho – he crossed the river.<ref>{{cite book |last1=Park |first1=Min-ji |last2=Cho |first2=Dae-sung "
        "|title=강을 건너다 |trans-title=Crossing the River |language=ko |publisher=Test Press |year=1999 |pages=12–14 "
        "|isbn=978-0-00-000000-2}}</ref><ref>{{cite news |author=Test Desk |title=Clerk defects "
        "|url=//example.org/clerk |archive-url=https://web.archive.org/web/1/example.org/clerk |archive-date=3 June 1993 "
        "|work=[[Daily Test|The Daily Test]] |agency=Test Press Agency |date=June 1993 |access-date=1993-06-04}}</ref>"
    )
    book, news = article.reference(2), article.reference(3)
    assert book.authors == ("Min-ji Park", "Dae-sung Cho")
    assert book.title == "강을 건너다 [Crossing the River]"
    assert (book.format, book.page, book.isbn, book.published, book.publisher) == (
        "in Korean", "12–14", "978-0-00-000000-2", "1999", "Test Press")
    assert news.authors == ("Test Desk",)
    assert (news.publisher, news.published, news.retrieved, news.archived) == ("The Daily Test", "1993-06", "1993-06-04", "1993-06-03")
    assert (news.url, news.archive_url) == ("https://example.org/clerk", "https://web.archive.org/web/1/example.org/clerk")
    assert news.line == 6


def test_wikitext_bare_link_ref_and_inline_markup():
    """A bare [url title] ref; {{lang}}, {{convert}}, &ndash;, comments, bold/italics and {{cn}} render as text."""
    article = _wiki(
        "'''Kim Tae-ho''' ({{lang|ko|김태호}}) &ndash; a ''clerk'', he swam {{convert|3|km|mi}}<!-- check --> across the bay."
        "{{citation needed|date=May 2021}} He reached [[Seoul]] on 4 June.<ref>[https://example.org/swim Clerk swims to freedom] The Daily Test, 5 June 1993.</ref>"
    )
    entry = article.entries[0]
    assert entry.text == ("Kim Tae-ho (김태호) – a clerk, he swam 3 km across the bay.[citation needed] "
                          "He reached Seoul on 4 June.[2]")  # fmt: skip
    assert entry.subject == "Kim Tae-ho (김태호)"
    assert [c.label for c in entry.citations] == ["citation needed", "2"]
    assert [(link.target, article.text[link.start : link.end]) for link in entry.links] == [("Seoul", "Seoul")]
    ref = article.reference(2)
    assert (ref.title, ref.url, ref.publisher, ref.published) == (
        "Clerk swims to freedom", "https://example.org/swim", "The Daily Test", "1993-06-05")


def test_wikitext_short_footnotes_are_references():
    """{{sfn}} markers: one reference per distinct author, year and page, numbered by first use."""
    article = _wiki("Kim Tae-ho – he crossed the river.{{sfn|Park|1999|p=12}} He wrote of it.{{sfn|Park|1999|p=12}}{{sfn|Park|Cho|2001|pp=3–4}}")
    assert article.entries[0].text == "Kim Tae-ho – he crossed the river.[2] He wrote of it.[2][3]"
    assert [(r.number, r.authors, r.published, r.page) for r in article.references[1:]] == [
        (2, ("Park",), "1999", "12"), (3, ("Park", "Cho"), "2001", "3–4"),
    ]  # fmt: skip


def test_wikitext_short_footnotes_take_the_bibliography_entry():
    """{{sfn|Oh|2012|p=45}} and <ref>{{harvnb|…}}</ref> take title, publisher and ISBN of the Bibliography's cite."""
    text = (
        "Intro.\n\n== 1980s ==\n* 1987\n** Kim Dae-ho – a fisherman, he sailed to Sokcho.{{sfn|Oh|2012|p=45}}\n"
        "** Jang Myong-chol – a sailor, he swam ashore.<ref>{{harvnb|Seo|Han|1998|pp=12–30}}</ref>{{sfn|Ri|2003}}\n\n"
        "== Bibliography ==\n"
        "* {{cite book |last=Oh |first=Seung-hun |title=The Sea Road South |publisher=Nanam |year=2012 |isbn=978-89-300-0000-2}}\n"
        "* {{cite journal |last1=Seo |first1=Hye-rin |last2=Han |first2=Do |title=Crossings |journal=Korea Journal |date=March 1998}}\n"
    )
    article = parse_wikitext(text, source_name="sfn.wiki")
    assert [(r.number, r.title, r.publisher, r.published, r.page, r.isbn) for r in article.references] == [
        (1, "The Sea Road South", "Nanam", "2012", "45", "978-89-300-0000-2"),
        (2, "Crossings", "Korea Journal", "1998-03", "12–30", None),
        (3, None, None, "2003", None, None),
    ]  # fmt: skip
    assert [f.kind for f in article.furniture if f.line in (9, 10)] == ["template", "template"]


def test_wikitext_period_heading_continuation_lines_and_circa():
    """Dated items under '== 1950–1953 ==' are entries; a '*:' line goes on with its item; {{circa}} shows 'c.'."""
    text = (
        "Intro.\n\n== 1950–1953 ==\n* On 21 September 1953, a lieutenant flew a {{circa|1950}} trainer to Kimpo.\n"
        "* Aftermath of the war.\n\n== 1990s ==\n* 1996\n** Yi Chol-su – a captain, he flew to Suwon.\n"
        "*: He later taught at the academy.\n* 1997\n#: Ri Chol-ho – a soldier.\n"
    )
    article = parse_wikitext(text, source_name="period.wiki")
    assert [(e.id, e.line, e.text) for e in article.entries] == [
        ("1953-1", 4, "On 21 September 1953, a lieutenant flew a c. 1950 trainer to Kimpo."),
        ("1996-1", 9, "Yi Chol-su – a captain, he flew to Suwon. He later taught at the academy."),
        ("1997-1", 12, "Ri Chol-ho – a soldier."),
    ]  # fmt: skip
    assert line_accounting(article)[10] == "entry"
    assert [(u.line, u.text) for u in article.unrecognised] == [(5, "Aftermath of the war.")]


def test_wikitext_see_also_navbox_and_categories_are_no_entries():
    """After the list: See also items are heading items; navbox and category lines are furniture."""
    article = _wiki(
        "Kim Tae-ho – he crossed the river.",
        "\n== See also ==\n* [[List of test defectors in Japan]]\n\n{{Test navbox}}\n[[Category:Test lists]]\n",
    )
    assert len(article.entries) == 1
    assert article.headings[0].items == ((9, "List of test defectors in Japan"),)
    assert [(f.line, f.kind) for f in article.furniture if f.line > 9] == [(11, "template"), (12, "category")]


def test_wikitext_year_headings_and_paragraph_entries():
    """=== 1997 === year headings take the items and paragraphs under them, at any depth."""
    text = (
        "Intro line.\n\n== 1990s ==\n=== 1997 ===\n* Kim Tae-ho – he crossed the river.\n"
        "Ri Su-mi – a nurse, she followed in May.\n=== 1998 ===\n#: Jo Min-ho – a driver.\n"
    )
    article = parse_wikitext(text, source_name="years.wiki")
    assert [(e.id, e.line, e.subject) for e in article.entries] == [
        ("1997-1", 5, "Kim Tae-ho"), ("1997-2", 6, "Ri Su-mi"), ("1998-1", 8, "Jo Min-ho"),
    ]  # fmt: skip
    assert [(s.title, s.line) for s in article.sections] == [("1997", 4), ("1998", 7)]


@pytest.mark.parametrize(
    ("body", "date_phrase", "rest"),
    [
        ("On 4 April 1962, two sailors — Kim Tae-ho and Ri Su-mi — sailed south.", "4 April 1962", "two sailors"),
        ("In early June nine fishermen – two crews – drifted south.", "early June", "In early June"),
    ],
)
def test_an_opening_date_is_no_subject(body, date_phrase, rest):
    """An entry that opens with "On/In DATE" has no subject phrase, whatever dashes follow."""
    article = parse_plain(f"Title\n\n1962\n* {body}\n", source_name="x.txt")
    entry = article.entries[0]
    assert (entry.subject, entry.date_phrase) == (None, date_phrase)
    assert entry.body.startswith(rest)


# -- plain text: dated entries, bullets, web-copy furniture ----------------------------------------

def test_early_revision_with_star_bullets_and_dated_entries():
    """* / ** bullets, entries dated in their own text straight under decade headings: no traceback."""
    text = (
        "Old list of defectors\n\nSome people who fled.\n\n== 1960s ==\n"
        "* On 5 April 1962, two fishermen sailed a trawler south to Jumunjin.\n"
        "* 1965\n** Ri Chang-son – a teacher, he walked across the zone.\n"
        "* In early 1969, a border guard crossed near Cheorwon.\n"
    )
    article = parse_plain(text, source_name="old.txt")
    assert [(e.id, e.line, e.date_phrase) for e in article.entries] == [
        ("1962-1", 6, "5 April 1962"), ("1965-1", 8, None), ("1969-1", 9, "early 1969"),
    ]  # fmt: skip


def test_dated_list_without_year_lines():
    """A list of entries that carry their own dates, with '-' and '--' bullets and no headings at all."""
    text = (
        "Pilot defections\n\nPilots who flew their aircraft to the South.\n\n"
        "- On March 4, 1971, Lieutenant Paek Chan-su flew a MiG-17 to an airfield near Seoul.\n"
        "-- On 9 August 1971, a second pilot followed in a trainer.\n"
        "- Later that year a mechanic defected as well.\n"
    )
    article = parse_plain(text, source_name="pilots.txt")
    assert [(e.id, e.line) for e in article.entries] == [("1971-1", 5), ("1971-2", 6)]
    assert [(u.line, u.reason.split(" (")[0]) for u in article.unrecognised] == [(7, "an entry with no year")]
    assert [p.text for p in article.intro] == ["Pilots who flew their aircraft to the South."]


def test_year_lines_under_a_plain_heading_belong_to_the_list():
    """'== Defectors ==' (or 'Defectors[edit]') above '* 1997' or '=== 1998 ===' still holds the list; 'See also' never."""
    wiki = (
        "Intro.\n\n== Defectors ==\n* 1997\n** Kim Song-ho – a miner, he crossed into China.\n"
        "=== 1998 ===\n* Pak Yong-ae – a teacher, she reached Seoul.\n\n== See also ==\n* 2001\n"
        "=== 2002 ===\n* [[Some list]]\n"
    )
    article = parse_wikitext(wiki, source_name="plainheading.wiki")
    assert [(e.id, e.line, e.subject) for e in article.entries] == [
        ("1997-1", 5, "Kim Song-ho"), ("1998-1", 7, "Pak Yong-ae"),
    ]  # fmt: skip
    assert [(h.title, [line for line, _ in h.items]) for h in article.headings] == [
        ("Defectors", []), ("See also", [10]), ("2002", [12]),
    ]  # fmt: skip
    plain = "Copied list\n\nIntro.\n\nDefectors[edit]\n1997\n\tKim Song-ho – a miner, he crossed into China.\n"
    assert [(e.id, e.line) for e in parse_plain(plain, source_name="p.txt").entries] == [("1997-1", 7)]


def test_plain_copy_with_ruled_years_numbered_references_and_crlf():
    """BOM, CRLF, tabs, no-break spaces, '1997:' and '— 1998 —' year lines, a '1.' reference list."""
    text = (
        "\ufeffDefectors by land\r\n\r\nA copied list.[1]\r\n1990s[edit]\r\n1997:\r\n"
        "\tKim Song-ho\u00a0– a miner, he crossed into China in March.[2]\r\n— 1998 —\r\n"
        "\tRi Chol – a soldier, he crossed the zone.[2]\r\nReferences[edit]\r\n"
        '1. "Arrivals". Ministry of Unification. Retrieved 2 March 2020.\r\n'
        '2. Lee, Min (4 May 1998). "Crossings". The Korea Herald.\r\n'
    )
    article = parse_plain(text, source_name="land.txt")
    assert [(e.id, e.line, e.subject) for e in article.entries] == [("1997-1", 6, "Kim Song-ho"), ("1998-1", 8, "Ri Chol")]
    assert [(r.number, r.line, r.title) for r in article.references] == [(1, 10, "Arrivals"), (2, 11, "Crossings")]
    assert article.unrecognised == ()
    numbered_in_intro = "T\n\nIntro.\n1. Not a reference outside a reference list.\n1997\n* Kim – a miner.\n"
    assert parse_plain(numbered_in_intro, source_name="i.txt").references == ()


def test_edit_source_residue_after_headings():
    """A copy from a wiki with the visual editor: '1997[edit | edit source]', 'See also[edit source]'."""
    text = (
        "Defectors\n\nA list.\n\n1990s[edit | edit source]\n1997[edit source]\n"
        "• Kim Song-ho – a miner, he crossed into China.\nSee also[edit | edit source]\n• Some list\n"
    )
    article = parse_plain(text, source_name="ve.txt")
    assert [(e.id, e.line) for e in article.entries] == [("1997-1", 7)]
    assert [(h.title, h.items) for h in article.headings] == [("See also", ((9, "• Some list"),))]


def test_dated_lines_without_bullets_are_entries():
    """'June 21, 1955 – …' lines (a dated list pasted without bullets) are entries, not intro."""
    text = (
        "Pilot defections\n\nA list of pilots.\n\n"
        "June 21, 1955 – Lieutenant Ri Un-yong flew a Yak-18 to Seoul.[1]\n"
        "21 April 1960 — Chong Nak-hyon flew a MiG-15 to Gangneung.\n\nReferences\n"
        '^ "Pilots". The Korea Times. 1 June 1996.\n'
    )
    article = parse_plain(text, source_name="dated.txt")
    assert [(e.id, e.line, e.date_phrase) for e in article.entries] == [
        ("1955-1", 5, "June 21, 1955"), ("1960-1", 6, "21 April 1960"),
    ]  # fmt: skip
    assert [p.text for p in article.intro] == ["A list of pilots."]
    wiki = "Intro.\n\nJune 21, 1955 – Lieutenant Ri Un-yong flew a Yak-18 to Seoul.\n\n== References ==\n{{reflist}}\n"
    assert [e.id for e in parse_wikitext(wiki, source_name="d.wiki").entries] == ["1955-1"]


_TABLE_WIKI = """Pilots who flew out of the North.

== List ==
{| class="wikitable sortable"
|+ Defections by air
! scope="col" | Date !! Name !! Aircraft !! Notes
|-
| rowspan="2" | 1955
| [[Ri Un-yong (pilot)|Ri Un-yong]] || Yak-18 || A lieutenant, he landed at Seoul.<ref name=dy>{{cite news |title=Red pilot lands |work=The Dong-a Ilbo |date=22 June 1955}}</ref>
|-
| Kim Chol || Yak-18 || His navigator, he landed beside him.<ref name=dy/>
|-
| style="text-align:left" | 21 April 1960 || Chong Nak-hyon || MiG-15 || A pilot, he flew to Gangneung.
|}

== References ==
{{reflist}}
"""

_TABLE_HTML = """<!DOCTYPE html><html><head><title>Air defections - Wikipedia</title></head><body>
<div class="mw-parser-output"><p>Pilots who flew out of the North.</p>
<h2><span class="mw-headline">List</span></h2>
<table class="wikitable sortable"><caption>Defections by air</caption><tbody>
<tr><th>Date</th><th>Name</th><th>Aircraft</th><th>Notes</th></tr>
<tr><td rowspan="2">1955</td><td><a href="/wiki/Ri_Un-yong_(pilot)">Ri Un-yong</a></td><td>Yak-18</td><td>A lieutenant, he landed at Seoul.<sup class="reference"><a href="#cite_note-dy-1">[1]</a></sup></td></tr>
<tr><td>Kim Chol</td><td>Yak-18</td><td>His navigator, he landed beside him.<sup class="reference"><a href="#cite_note-dy-1">[1]</a></sup></td></tr>
<tr><td>21 April 1960</td><td>Chong Nak-hyon</td><td>MiG-15</td><td><p>A pilot, he flew to Gangneung.</p></td></tr>
</tbody></table>
<h2><span class="mw-headline">References</span></h2>
<ol class="references"><li id="cite_note-dy-1"><span class="mw-cite-backlink">^ <a href="#r">a</a> <a href="#r">b</a></span>
<span class="reference-text">"Red pilot lands". <i>The Dong-a Ilbo</i>. 22 June 1955.</span></li></ol>
</div></body></html>
"""


@pytest.mark.parametrize(("reader", "text"), [(parse_wikitext, _TABLE_WIKI), (parse_html, _TABLE_HTML)])
def test_a_table_of_entries_is_a_list(reader, text):
    """A wikitable (Date/Name/… columns, a year cell spanning rows, a full date) gives one entry per row."""
    article = reader(text, source_name="table")
    lines = text.splitlines()
    assert [(e.id, e.subject, e.date_phrase, e.citations and e.citations[0].number) for e in article.entries] == [
        ("1955-1", "Ri Un-yong", None, 1), ("1955-2", "Kim Chol", None, 1), ("1960-1", "Chong Nak-hyon", "21 April 1960", ()),
    ]  # fmt: skip
    assert all(e.subject in lines[e.line - 1] for e in article.entries)  # each row's own line
    assert article.entries[0].text.startswith("Ri Un-yong – Yak-18 – A lieutenant, he landed at Seoul.[1]")
    assert [(text[link.start : link.end], link.target) for link in article.entries[0].links] == [
        ("Ri Un-yong", "Ri Un-yong (pilot)"),
    ]  # fmt: skip
    assert [(r.number, r.title) for r in article.references] == [(1, "Red pilot lands")]
    assert not any("Defections by air" in p.text for p in article.intro)
    assert article.unrecognised == ()


def test_a_table_copied_as_tab_separated_text():
    """A table copied out of the browser: a 'Year<TAB>Name<TAB>…' header, then one row per line."""
    text = (
        "Defections by air\n\nPilots who flew south.\n\nYear\tName\tAircraft\tNotes\n"
        "1955\tRi Un-yong\tYak-18\tA lieutenant, he landed at Seoul.[1]\n"
        "\tKim Chol\tYak-18\tHis navigator.\n"
        "21 April 1960\tChong Nak-hyon\tMiG-15\tA pilot, he flew to Gangneung.\n\n"
        'References\n^ "Pilots". The Korea Times. 1 June 1996.\n'
    )
    article = parse_plain(text, source_name="tabs.txt")
    assert [(e.id, e.line, e.subject, e.date_phrase) for e in article.entries] == [
        ("1955-1", 6, "Ri Un-yong", None), ("1955-2", 7, "Kim Chol", None),
        ("1960-1", 8, "Chong Nak-hyon", "21 April 1960"),
    ]  # fmt: skip
    entry = article.entries[0]
    assert text[entry.start : entry.end] == "Ri Un-yong\tYak-18\tA lieutenant, he landed at Seoul.[1]"
    assert [(f.line, f.kind) for f in article.furniture] == [(5, "table")]
    assert [r.number for r in article.references] == [1] and article.unrecognised == ()


def test_wikitable_sort_templates_show_their_text():
    """{{dts}}, {{sortname}} and {{sort}} in table cells show what MediaWiki shows, not nothing."""
    text = (
        "Intro.\n\n{| class=\"wikitable\"\n! Date !! Name !! Notes\n|-\n"
        "| {{dts|1997|5|8}} || {{sortname|Dae-ho|Kim}} || A fisherman.\n|-\n"
        "| {{dts|1998-02-01}} || {{sort|Pak|Pak Ok-sun}} || A farmer.\n|}\n"
    )
    article = parse_wikitext(text, source_name="sort.wiki")
    assert [(e.id, e.subject, e.date_phrase) for e in article.entries] == [
        ("1997-1", "Dae-ho Kim", "8 May 1997"), ("1998-1", "Pak Ok-sun", "1998-02-01"),
    ]  # fmt: skip


def test_an_html_fragment_without_suffix_is_html(tmp_path):
    """The parse API's body ('<div class="mw-parser-output">…</div>'), saved without a suffix, is read as HTML."""
    body = _TABLE_HTML.split('<body>', 1)[1].split("</body>", 1)[0]
    path = tmp_path / "Air_defections"
    path.write_text(body, encoding="utf-8")
    article = read_article(path)
    assert (article.reader, article.title) == ("html", "Air defections")
    assert [e.subject for e in article.entries] == ["Ri Un-yong", "Kim Chol", "Chong Nak-hyon"]
    assert rendering("<p>1997</p>\n<ul><li>Kim – a miner.</li></ul>") == "html"
    assert rendering("<div>\n== 1990s ==\n* 1997\n** [[Kim]] – a miner.\n</div>") == "wikitext"


def test_a_bold_year_paragraph_is_a_year_line():
    """A year written as a paragraph of its own (bold in wikitext, <p><b> in HTML) opens its year."""
    wiki = "Intro.\n\n== 1990s ==\n'''1997'''\n* Kim Song-ho – a miner.\n'''1998:'''\n* Pak Yong-ae – a teacher.\n"
    html = (
        "<html><body><h2>1990s</h2>\n<p><b>1997</b></p>\n<ul><li>Kim Song-ho – a miner.</li></ul>\n"
        "<p><b>1998:</b></p>\n<ul><li>Pak Yong-ae – a teacher.</li></ul></body></html>"
    )
    for article, lines in ((parse_wikitext(wiki, source_name="b.wiki"), [4, 6]), (parse_html(html, source_name="b.html"), [2, 4])):
        assert [(e.id, e.subject) for e in article.entries] == [("1997-1", "Kim Song-ho"), ("1998-1", "Pak Yong-ae")]
        assert [(s.title, s.line) for s in article.sections] == [("1997", lines[0]), ("1998", lines[1])]
        assert article.unrecognised == ()


def test_a_table_of_figures_gives_no_entries():
    """A statistics table (Year / Men / Women / Total) is furniture: rows of figures are no entries."""
    text = (
        "Arrivals.\n\n== Arrivals ==\n{| class=\"wikitable\"\n! Year !! Men !! Women !! Total\n|-\n"
        "| 1998 || 831 || 116 || 947\n|-\n| 1999 || 565 || 478 || 1,043\n|}\n\n== 2000s ==\n* 2001\n"
        "** Kim Yu-na – a student, she flew to Seoul from Shenyang.\n"
    )
    article = parse_wikitext(text, source_name="figures.wiki")
    assert [(e.id, e.line) for e in article.entries] == [("2001-1", 14)]
    assert [f.line for f in article.furniture if f.kind == "table"] == [4, 5, 6, 7, 8, 9, 10]
    html = "<html><body><h2>2000s</h2><table class=\"wikitable\"><tr><th>Year<th>Total<tr><td>1998<td>947</table>"
    html += "<ul><li>2001<ul><li>Kim Yu-na – a student, she flew to Seoul.</li></ul></li></ul></body></html>"
    assert [e.id for e in parse_html(html, source_name="f.html").entries] == ["2001-1"]


def test_web_copy_banner_contents_backlinks_and_trailer():
    """Banner, numbered Contents block, '↑ 2.0 2.1' backlinks and the Retrieved/Categories trailer."""
    text = (
        "Test list\n\nFrom Wikipedia, the free encyclopedia\n\nIntro sentence.[1]\n\nContents\n1\t1990s\n2\tReferences\n\n"
        "1990s\n\n* 1994\n** Jo Min-ho — a driver, he crossed the river.[2]\n** Jo Min-a — his sister followed.[2]\n\n"
        "References\n\n1. ↑ \"Intro page\". Test Office.\n2. ↑ 2.0 2.1 \"Driver crosses\". The Daily Test. 3 May 1994.\n\n"
        "Retrieved from \"https://en.wikipedia.org/w/index.php?title=Test_list&oldid=1\"\n"
        "Categories: Test lists | Drivers\n"
    )
    article = parse_plain(text, source_name="web.txt")
    assert [(f.line, f.kind) for f in article.furniture] == [
        (3, "banner"), (7, "contents"), (8, "contents"), (9, "contents"), (22, "trailer"), (23, "trailer"),
    ]  # fmt: skip
    assert [e.id for e in article.entries] == ["1994-1", "1994-2"]
    assert article.reference(2).backlinks == ("2.0", "2.1") and article.reference(2).title == "Driver crosses"
    assert article.unrecognised == ()


@pytest.mark.parametrize(
    ("text", "suffix", "expected"),
    [
        ("Title\n\n1997\n* Kim – went.\n", ".txt", "plain text"),
        ("Title\n\n1997\n* Kim – went [[sic]].\n", "", "plain text"),
        ("== 1990s ==\n* 1997\n** [[Kim]] – went.<ref>x</ref>\n", ".txt", "wikitext"),
        ("== 1990s ==\n* 1997\n** Kim – went.\n", ".wiki", "wikitext"),
        ("<!DOCTYPE html><html><body><h2>1990s</h2></body></html>", ".txt", "html"),
        ("<h2>1990s</h2><ul><li>1997</li></ul>", ".html", "html"),
    ],
)
def test_rendering_is_chosen_by_content_with_the_suffix_as_hint(text, suffix, expected):
    """Content decides; the suffix breaks a tie (a lone link in plain text stays plain text)."""
    assert rendering(text, suffix) == expected


# -- bad input, whichever reader -------------------------------------------------------------------

_BAD = [
    ("empty", b"", "the file is empty"),
    ("blank", b" \n\t\n", "the file is empty"),
    ("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file"),
    ("latin1", "== 1990s ==\n* 1997\n** Caf\xe9 - x\n".encode("latin-1"), "not UTF-8"),
    ("utf16", "== 1990s ==\n* 1997\n".encode("utf-16"), "UTF-16 text (byte-order mark)"),
    ("utf16be", b"\xfe\xff" + "1997\n".encode("utf-16-be"), "UTF-16 text (byte-order mark)"),
    ("noyears", b"Title\n\nJust prose, no years or dates.\n", "no year sections"),
]


@pytest.mark.parametrize("suffix", [".txt", ".wiki", ".html"])
@pytest.mark.parametrize(("stem", "data", "message"), _BAD, ids=[b[0] for b in _BAD])
def test_bad_files_are_refused_with_one_line(tmp_path, suffix, stem, data, message):
    """Each bad file raises SourceFormatError naming the file and the problem, in one line."""
    path = tmp_path / f"{stem}{suffix}"
    path.write_bytes(data)
    with pytest.raises(SourceFormatError) as info:
        read_article(path)
    assert path.name in str(info.value) and message in str(info.value) and "\n" not in str(info.value)


@pytest.mark.parametrize("suffix", [".txt", ".wiki", ".html"])
def test_missing_directory_and_fifo_are_refused(tmp_path, suffix):
    """A missing path, a directory and a named pipe (which would block a reader) are refused at once."""
    with pytest.raises(SourceFormatError, match="no such file"):
        read_article(tmp_path / f"nope{suffix}")
    folder = tmp_path / f"folder{suffix}"
    folder.mkdir()
    with pytest.raises(SourceFormatError, match="is a directory"):
        read_article(folder)
    fifo = tmp_path / f"pipe{suffix}"
    os.mkfifo(fifo)
    with pytest.raises(SourceFormatError, match=r"is a named pipe \(FIFO\), not a regular file"):
        read_article(fifo)


@pytest.mark.parametrize(
    ("reader", "text"),
    [
        (parse_wikitext, "{{Short description|x}}\nJust an intro with a [[link]].\n[[Category:X]]\n"),
        (parse_html, "<html><body><p>Only a paragraph.</p></body></html>"),
        (parse_plain, "Title\n\n- A bullet with no date.\n"),
    ],
)
def test_no_years_and_no_dated_entries_is_the_input_error(reader, text):
    """Neither year lines nor dated entries: the documented input error."""
    with pytest.raises(SourceFormatError, match="no year sections"):
        reader(text, source_name="x")


def test_cli_names_the_reader_and_refuses_a_fifo(tmp_path):
    """build prints and records the reader; a FIFO exits 2 at once with one line."""
    out = tmp_path / "out"
    run = subprocess.run(
        [sys.executable, "-m", "defectorkg", "build", str(WIKI), "--out", str(out), "--no-draw"],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "reader: wikitext; furniture lines: 14" in run.stdout
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
    assert report["article"]["reader"] == "wikitext"
    assert {"line": 36, "kind": "category", "text": "[[Category:Lists of North Korean defectors]]"} in report["furniture"]
    fifo = tmp_path / "article.wiki"
    os.mkfifo(fifo)
    run = subprocess.run(
        [sys.executable, "-m", "defectorkg", "build", str(fifo), "--out", str(tmp_path / "o2")],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert run.returncode == 2 and run.stderr.strip().count("\n") == 0 and "not a regular file" in run.stderr


# -- any text: a model or the documented input error -----------------------------------------------

_PIECES = st.sampled_from([
    "\n", "* ", "** ", "-- ", "== 1990s ==\n", "* 1997\n", "1980s\n", "<ref>", "</ref>", '<ref name="a"/>',
    "{{cite news|title=x|url=http://a.org}}", "[[A|b]]", "[[Category:x]]", "{{reflist|refs=", "}}", "'''", "''",
    "<!--", "-->", "&ndash;", "On 3 May 1961, ", "Kim Il – ", "<ul>", "<li>", "</li>", "</ul>", "<h2>", "</h2>",
    "[1]", "1. ↑ ", "^ a b ", '<ol class="references">', '<sup class="reference">[2]</sup>', "{{", "[[", "]]",
    "|", "<", "&#", "From Wikipedia, the free encyclopedia\n", "Contents\n", "1\t1950s\n", "{{cn}}",
    '<div class="mw-parser-output">', "</div>", "In early 1996, ", "\r", "\u2028", "é",
])  # fmt: skip
_TEXTS = st.one_of(st.text(max_size=120), st.lists(st.one_of(_PIECES, st.text(max_size=6)), max_size=30).map("".join))


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(_TEXTS)
def test_any_text_gives_a_model_or_the_input_error(text):
    """Every reader (and the dispatcher) returns an Article whose offsets lie in the text, or refuses in one line."""
    for reader in (parse_plain, parse_wikitext, parse_html, parse_article):
        try:
            article = reader(text, source_name="fuzz")
        except SourceFormatError as exc:
            assert "\n" not in str(exc)
            continue
        line_accounting(article)
        if reader is parse_article:
            extract(article)
        for entry in article.entries:
            assert 0 <= entry.start <= entry.end <= len(article.text)
            assert all(0 <= c.start <= c.end <= len(article.text) for c in entry.citations)
            assert all(0 <= index < len(entry.text) for index, _ in entry.offsets)
            assert entry.local(entry.start) == 0 and entry.source(len(entry.text), end=True) <= entry.end
