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


def _memberships(records: Records) -> set[tuple[str, str]]:
    view = _View(records)
    return {(view.names[a.person], view.places[a.organization]) for a in records.affiliations}


def test_memberships_from_ranks_units_service_verbs_and_chains() -> None:
    """A role or service verb before an organization, a branch before a rank, "X of the Y", a diplomat's embassy."""
    records = _records(
        (1990, "Air force captain Han Song-chol flew a MiG-21 to Suwon. He was commissioned into the "
               "Republic of Korea Air Force and later served in the Ministry of Unification."),
        (1996, "Pak Un-ha, a former Navy lieutenant, swam across the Han estuary. Her cousin Kim Chol-su was a "
               "colonel of the State Security Department; Pak was arrested by agents of the Ministry of Social "
               "Security in 1994."),
        (2001, "Yun Tae-ho, a senior official of Office 39 of the Workers' Party of Korea, reached Seoul and was "
               "elected to the National Assembly in 2012."),
        (2003, "Cho Min-su, who served in the Guard Command for five years, fled to China."),
        (2004, "Ko Mi-na – a counsellor at the embassy in Prague, she left her post in 2004."),
    )  # fmt: skip
    assert _memberships(records) >= {
        ("Han Song-chol", "Korean People's Army Air Force"),
        ("Han Song-chol", "Republic of Korea Air Force"),
        ("Han Song-chol", "Ministry of Unification"),
        ("Pak Un-ha", "Korean People's Navy"),
        ("Kim Chol-su", "Ministry of State Security"),
        ("Yun Tae-ho", "Office 39"),
        ("Yun Tae-ho", "Workers' Party of Korea"),
        ("Yun Tae-ho", "National Assembly"),
        ("Cho Min-su", "Guard Command"),
        ("Ko Mi-na", "North Korean Embassy in Prague"),
    }
    assert ("Pak Un-ha", "Ministry of Social Security") not in _memberships(records)  # the agents' ministry


def test_places_resolve_to_gazetteer_entries_with_their_country() -> None:
    """Cities, districts, seas and third countries named in running text lie in their country."""
    records = _records(
        (2009, "Ri Sun-ok – detained in Manama on her way from Brazzaville, she crossed the Andaman Sea "
               "and settled in Gangnam, Seoul; her brother lives in Chuncheon."),
    )  # fmt: skip
    places = {p.key: p for p in records.places}

    def country(name: str) -> str | None:
        place = next(p for p in records.places if p.name == name)
        while place.within is not None and places[place.within].type != "country":
            place = places[place.within]
        return places[place.within].name if place.within else None

    assert country("Manama") == "Bahrain"
    assert country("Brazzaville") == "Republic of the Congo"
    assert country("Gangnam District") == "South Korea"
    assert country("Chuncheon") == "South Korea"
    assert next(p for p in records.places if p.name == "Gangwon Province").within == "place/south-korea"
    assert any(p.name == "Andaman Sea" for p in records.places)
