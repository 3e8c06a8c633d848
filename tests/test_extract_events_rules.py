"""Routes, life events, organizations, works and places read from structure and grammar.

Every sentence here is written for these tests (issue 9): the rules must hold on phrasings of the
genre that no article of the project contains.
"""

from __future__ import annotations

from defectorkg.extract import extract
from defectorkg.model import Records
from defectorkg.source.parse import parse_article


def _records(*entries: tuple[int, str], title: str = "List of North Korean defectors in South Korea") -> Records:
    """Extract an article of the bundled rendering with one entry per (year, text)."""
    body = "".join(f"  • {year}\n    • {text}[1]\n" for year, text in entries)
    article = f"{title}\n\nAn article written for the tests.[1]\n\n{body}\nReferencesEdit\n\n" \
        '  1. ^ "A story". Example Daily. 1 January 2020.\n'
    return extract(parse_article(article, source_name="rules.txt"))


class _View:
    def __init__(self, records: Records):
        self.records = records
        self.names = {p.key: p.name for p in records.people} | {g.key: g.name for g in records.groups}
        self.places = {p.key: p.name for p in records.places} | {o.key: o.name for o in records.organizations}

    def works(self) -> set[tuple[tuple[str, ...], str, str | None]]:
        return {(tuple(self.names[a] for a in w.authors), w.title, w.year) for w in self.records.works}

    def about(self, title: str) -> list[str]:
        return [self.names[a] for w in self.records.works if w.title == title for a in w.about]


def test_works_by_their_authors_with_the_year_written_next_to_the_title() -> None:
    """ "Author of X (2012)", "recounted … in X (2006)", "published the memoir X in 2010"; a biography is about its subject."""
    view = _View(_records(
        (2001, "Han Mi-rae – a former teacher who fled to China in 1998. She recounted her escape in Rivers "
               "of the North (2006) and published the memoir A Year in Winter in 2010. Author of The Cold Spring (2012)."),
        (2003, "Pak Chol – a fisherman. The biography Sea of Nets (2009) by Anna Greene tells his story; "
               "it was translated by Tom Reed."),
    ))  # fmt: skip
    assert view.works() == {
        (("Han Mi-rae",), "Rivers of the North", "2006"),
        (("Han Mi-rae",), "A Year in Winter", "2010"),
        (("Han Mi-rae",), "The Cold Spring", "2012"),
        (("Anna Greene",), "Sea of Nets", "2009"),
    }
    assert view.about("Sea of Nets") == ["Pak Chol"]
    publications = sorted(
        e.date.iso for e in view.records.events if e.kind == "publication" and e.date is not None
    )
    assert publications == ["2006", "2009", "2010", "2012"]
