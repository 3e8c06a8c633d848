"""The extraction rules one by one, on plain strings and small articles written for the purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from defectorkg.errors import ExtractionError
from defectorkg.extract import extract
from defectorkg.extract.dating import entry_date, find_dates, find_durations, from_iso, shift_date
from defectorkg.extract.lexicon import load_lexicon, trie_pattern
from defectorkg.extract.names import is_person_name, korean_name
from defectorkg.extract.phrases import age_in, group_in
from defectorkg.model import ROUTE_KINDS, DateValue, Records
from defectorkg.source.parse import parse_article
from defectorkg.resources import gazetteer_path

LEXICON = load_lexicon()


def _dates(text: str, year: int) -> list[tuple[str, str | None, str | None]]:
    return [
        (d.text, d.value.iso if d.value else None, d.value.note if d.value else None)
        for d in find_dates(text, year)
    ]


# -- dates --------------------------------------------------------------------------------


def test_entry_dates_at_their_precision() -> None:
    """A day, a month or nothing under a year heading gives day, month or year precision."""
    assert entry_date(1953, "21 September") == DateValue("1953-09-21", "day")
    assert entry_date(1995, "December") == DateValue("1995-12", "month")
    assert entry_date(1992, None) == DateValue("1992", "year")
    assert entry_date(2017, "20 December 2017") == DateValue("2017-12-20", "day")


def test_relative_dates_resolve_against_the_date_before_them() -> None:
    """ "the previous year", "a year earlier", "three days later", "the following July" use the last date written."""
    assert _dates("It was announced on 11 April 2016 that he defected the previous year.", 2015) == [
        ("11 April 2016", "2016-04-11", None), ("the previous year", "2015", "the previous year"),
    ]  # fmt: skip
    assert _dates("shot in 1997, a year earlier", 1982)[1] == (
        "a year earlier",
        "1996",
        "a year earlier",
    )
    assert _dates("on 14 March; the next day; three days later", 2002) == [
        ("14 March", "2002-03-14", None), ("the next day", "2002-03-15", "the next day"),
        ("three days later", "2002-03-18", "three days later"),
    ]  # fmt: skip
    [phrase, july] = find_dates(
        "November – made public the following July", 2023, phrase_span=(0, 8)
    )
    assert (phrase.value, july.value) == (
        DateValue("2023-11", "month"),
        DateValue("2024-07", "month", "the following July"),
    )


def test_relative_date_without_anchor_stays_unresolved() -> None:
    """ "ten years later" with no date before it is kept as a relative mention without a value."""
    [later] = find_dates("He was released ten years later.", 1992)
    assert later.value is None and later.relative and later.shift == ("year", 10)


def test_later_that_year_without_a_date_before_it_is_the_section_year() -> None:
    """ "later that year" with nothing before it to anchor it is the section year, noted."""
    assert _dates("reached Seoul through Manila later that year.", 2001) == [
        ("later that year", "2001", "later that year")
    ]


def test_a_date_range_gives_an_event_its_start_and_end() -> None:
    """ "imprisoned … from 1998 to 2002": the imprisonment runs from 1998 to 2002."""
    article = parse_article(
        "List of North Korean defectors in South Korea (range)\n\nIntro.[1]\n\n  • 2013\n"
        "    • Choe Myong-nam – imprisoned in the Kaechon camp from 1998 to 2002, he fled to China.[1]\n\n"
        '  1. ^ "R". P. 1 January 2013.\n',
        source_name="range.txt",
    )
    [prison] = [e for e in extract(article).events if e.kind == "imprisonment"]
    assert (prison.date, prison.end_date) == (from_iso("1998"), from_iso("2002"))


def test_fuzzy_dates_keep_year_or_month_with_a_note() -> None:
    """ "At the end of 2020" is 2020 with a note; "in late July" is July of the section year, noted."""
    assert _dates("At the end of 2020, there was", 2020) == [
        ("At the end of 2020", "2020", "at the end of 2020")
    ]
    assert _dates("flown to Seoul in late July", 2004) == [
        ("in late July", "2004-07", "in late July")
    ]
    assert _dates("At the end of 2020 … the next day", 2020)[1] == (
        "the next day",
        "2020",
        "the next day",
    )


def test_month_words_that_are_not_dates() -> None:
    """ "may" the verb and "march" the noun are not dates; "in May" is."""
    assert _dates("They may march", 2000) == []
    assert _dates("reached Seoul in May", 2011) == [("May", "2011-05", None)]


def test_shift_date_keeps_calendar_and_precision() -> None:
    """Days roll over month ends; a year moved by days stays a year."""
    assert shift_date(from_iso("2002-03-31"), ("day", 1)).iso == "2002-04-01"
    assert shift_date(from_iso("2020"), ("day", 1), "the next day") == DateValue(
        "2020", "year", "the next day"
    )
    assert shift_date(from_iso("2017-11"), ("month", 3)).iso == "2018-02"


def test_durations() -> None:
    """Lengths of time become ISO durations; ages and relative shifts are not durations."""
    found = find_durations(
        "seven years in a camp, for 34 days, five weeks inside, a 24-year-old, ten years later"
    )
    assert [(d.text, d.iso) for d in found] == [
        ("seven years", "P7Y"),
        ("34 days", "P34D"),
        ("five weeks", "P35D"),
    ]


# -- names and phrases ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("Kang Chol Hwan", True), ("Kang Chol-hwan", True), ("Hyeonseo Lee", True), ("Hyung-Jin Kim", True),
        ("Park Yeonmi", True), ("No Kum-sok", True), ("In Order", False), ("An American", False),
        ("Hong Kong", False), ("North Korea", False), ("Sunshine Policy", False),
    ],
)  # fmt: skip
def test_korean_names(phrase: str, expected: bool) -> None:
    """A family name with a given name of Korean syllables, in either order, is a name; other words are not."""
    assert korean_name(phrase, LEXICON) is expected


def test_other_names_where_a_person_is_expected() -> None:
    """ "Blaine Harden" is a name in a person slot; a gazetteer name or a role is not."""
    assert is_person_name("Blaine Harden", LEXICON)
    assert not is_person_name("Oslo Freedom Forum", LEXICON)
    assert not is_person_name("Unidentified Colonel", LEXICON)


def test_ages_written_in_phrases() -> None:
    """ "(age 21)", "24-year-old" and "aged 19" are ages; other numbers are not."""
    assert (
        age_in("No Kum-sok (age 21)"),
        age_in("24-year-old soldier"),
        age_in("a private, aged 19"),
    ) == (21, 24, 19)
    assert age_in("a 31-person team") is None


@pytest.mark.parametrize(
    ("phrase", "size", "parts", "rest"),
    [
        ("12 women and one man working at a restaurant in China", 13, [(12, "women", "female"), (1, "man", "male")],
         "working at a restaurant in China"),
        ("25 North Koreans, among them several families", 25, [], "among them several families"),
        ("Several North Koreans, 44 in all and among them children", 44, [], "44 in all and among them children"),
        ("Two North Korean army majors", 2, [(2, "majors", None)], None),
        ("The family of eleven", 11, [], None),
        ("three soldiers", 3, [(3, "soldiers", None)], None),
    ],
)  # fmt: skip
def test_group_phrases(
    phrase: str, size: int, parts: list[tuple[int, str, str | None]], rest: str | None
) -> None:
    """A counted phrase is one group with its size and composition (generic nouns give no composition part)."""
    group = group_in(phrase, LEXICON)
    assert group is not None
    assert group[0] == size
    assert [(p.count, p.noun, p.gender) for p in group[1]] == parts
    assert group[2] == rest


@pytest.mark.parametrize(
    "phrase", ["one man", "a defector (name unknown)", "Kim Dok-hong, his aide", "a fishing boat"]
)
def test_phrases_that_are_no_group(phrase: str) -> None:
    """One person, or no count at all, is no group."""
    assert group_in(phrase, LEXICON) is None


# -- the lexicon ---------------------------------------------------------------------------


def test_trie_pattern_prefers_the_longest_name() -> None:
    """The trie of names matches "United States House of Representatives" whole, not "United States"."""
    import re

    pattern = re.compile(
        trie_pattern(["United States", "United States House of Representatives", "Seoul"])
    )
    assert [m.group() for m in pattern.finditer("the United States House of Representatives in Seoul")] == [
        "United States House of Representatives", "Seoul",
    ]  # fmt: skip


def test_gazetteers_are_consistent() -> None:
    """Every place lies in a known place, every organization's country is a place, keys are unique."""
    places = LEXICON.places
    assert len(places) > 200 and len(LEXICON.organizations) > 100
    assert places["Seoul"].parent == "South Korea" and places["Seoul"].wikidata == "Q8684"
    assert (
        places["Joint Security Area"].crossing == "JSA crossing"
        and places["Tumen River"].crossing == "border crossing"
    )
    assert LEXICON.organizations["Workers' Party of Korea"].implied_by == ("party", "the party")
    keys = [row.key for row in (*places.values(), *LEXICON.organizations.values())]
    assert len(keys) == len(set(keys))
    assert LEXICON.neighbours == frozenset({"China", "Russia"})


def _copy_gazetteers(tmp_path: Path) -> Path:
    folder = tmp_path / "gazetteers"
    shutil.copytree(gazetteer_path("places.tsv").parent, folder)
    return folder


def test_a_broken_gazetteer_row_is_a_named_error(tmp_path: Path) -> None:
    """A row with too many columns fails with the file name and line, not a traceback deep inside."""
    folder = _copy_gazetteers(tmp_path)
    with (folder / "places.tsv").open("a", encoding="utf-8") as handle:
        handle.write("Atlantis\t\tcountry\t\t\t\t\textra\n")
    with pytest.raises(
        ExtractionError, match=r"places\.tsv line \d+: expected 7 tab-separated columns, found 8"
    ):
        load_lexicon(folder)


def test_an_unknown_place_type_and_a_bad_trigger_are_named_errors(tmp_path: Path) -> None:
    """A place type outside the model's list, or a trigger pattern that does not compile, is refused."""
    folder = _copy_gazetteers(tmp_path)
    with (folder / "places.tsv").open("a", encoding="utf-8") as handle:
        handle.write("Atlantis\t\tcontinent\t\t\t\t\n")
    with pytest.raises(ExtractionError, match="unknown place type 'continent'"):
        load_lexicon(folder)
    folder = _copy_gazetteers(tmp_path / "second")
    with (folder / "event-triggers.tsv").open("a", encoding="utf-8") as handle:
        handle.write("death\tactor\tdied\t(died\n")
    with pytest.raises(ExtractionError, match=r"event-triggers\.tsv line \d+: bad pattern"):
        load_lexicon(folder)


def test_a_missing_gazetteer_is_a_named_error(tmp_path: Path) -> None:
    """Extraction with a folder that lacks a file says which file."""
    with pytest.raises(ExtractionError, match="places.tsv: gazetteer file not found"):
        load_lexicon(tmp_path)


# -- a small article of our own: other phrasings than the fixtures ---------------------------------

PROBE = """List of North Korean defectors in South Korea (rule probe)

A list written to probe the rules.[1] By 2020 more than 33,000 North Korean defectors had arrived.

  • 1996
    • Lee Chol-su — 23 May — A captain of the Korean People's Army Air Force, he flew his MiG-19 across the Northern Limit Line and was escorted to Suwon Air Base by South Korean jets.[1]
  • 2002
    • Kim Yong-hwa — The former railway official was smuggled into China by a broker in 1998 and was granted asylum at the South Korean embassy in Bangkok four years later.[1]
  • 2005
    • A fishing boat carrying six North Koreans drifted across the sea border off Sokcho on 14 August and its crew asked to stay in the South.[2]
  • 2009
    • Choi Eun-hee, a former actress, was rescued by the South Korean coast guard after swimming across the Han River estuary in September.[1]
  • 2014
    • Among the defectors that year was Han Song-i, who fled across the Tumen River with her father and reached Seoul through Thailand in November.[1]
    • Park Ji-hyun — 5 June — She was repatriated from China in 2000 and sent to Chongori camp; after her release she escaped again and arrived in South Korea via Mongolia. Her story is told in the book Another Life by Mark Hollis (2016).[2][3]
  • 2016
    • Ko Young-hwan, North Korea's former consul in the Congo, defected with his wife and two sons in March.[1]

ReferencesEdit

  1. ^ Probe, Alice (1 January 2020). "Probe reference". The Probe Times.
  2. ^ "Another probe". Probe Times. 2 January 2020.
"""


@pytest.fixture(scope="module")
def probe() -> Records:
    """The probe article's records."""
    return extract(parse_article(PROBE, source_name="probe.txt"))


def _person(records: Records, name: str):  # type: ignore[no-untyped-def]
    [person] = [p for p in records.people if p.name == name]
    return person


def _route(records: Records, key: str) -> list[tuple[str, str | None, tuple[str, ...]]]:
    defection = next(
        e for e in records.events if e.kind == "defection" and e.participants[0].key == key
    )
    steps = sorted(
        (e for e in records.events if e.parent == defection.key), key=lambda e: e.order or 0
    )
    assert all(s.kind in ROUTE_KINDS for s in steps)
    return [(s.kind, s.date.iso if s.date else None, s.places) for s in steps]


def test_probe_pilot_with_role_in_an_apposition(probe: Records) -> None:
    """ "A captain of the … Air Force, he flew his MiG-19 …": role with its organization, a flight, the landing place."""
    lee = _person(probe, "Lee Chol-su")
    assert lee.roles == ("captain of the Korean People's Army Air Force",) and lee.gender == "male"
    assert _route(probe, lee.key) == [
        ("flight", "1996-05-23", ("place/northern-limit-line", "place/suwon-air-base")),
        ("arrival", "1996-05-23", ("place/south-korea",)),
    ]
    assert ("organization/korean-peoples-army-air-force", "captain") in {
        (a.organization, a.role) for a in probe.affiliations if a.person == lee.key
    }


def test_probe_passive_voice_and_embassy_asylum_years_later(probe: Records) -> None:
    """ "was smuggled into China … in 1998 and was granted asylum at the … embassy in Bangkok four years later"."""
    kim = _person(probe, "Kim Yong-hwa")
    assert _route(probe, kim.key) == [
        ("third-country transit", "1998", ("place/china",)),
        ("embassy asylum", "2002", ("place/bangkok",)),
        ("arrival", "2002", ("place/south-korea",)),
    ]
    asylum = next(
        e for e in probe.events if e.kind == "embassy asylum" and e.participants[0].key == kim.key
    )
    assert asylum.organizations == ("organization/south-korean-embassy-in-bangkok",)
    assert asylum.date is not None and asylum.date.note == "four years later"


def test_probe_people_aboard_a_boat_are_the_group(probe: Records) -> None:
    """ "A fishing boat carrying six North Koreans drifted across the sea border": a group of six, a sea crossing."""
    [group] = [g for g in probe.groups if "2005-1" in g.entry_ids]
    assert (group.name, group.size, group.defector) == ("six North Koreans", 6, True)
    assert _route(probe, group.key) == [
        ("sea crossing", "2005-08-14", ("place/northern-limit-line", "place/sokcho")),
        ("arrival", "2005-08-14", ("place/south-korea",)),
    ]


def test_probe_swimmer_rescued_with_gender_from_her_role(probe: Records) -> None:
    """A former actress swam the Han River estuary in September and was rescued by the coast guard."""
    choi = _person(probe, "Choi Eun-hee")
    assert (choi.roles, choi.gender, choi.arrival.iso) == (("former actress",), "female", "2009-09")  # type: ignore[union-attr]
    assert [k for k, _, _ in _route(probe, choi.key)] == ["sea crossing", "arrival"]
    [rescue] = [e for e in probe.events if e.entry_id == "2009-1" and e.kind == "rescue"]
    assert rescue.organizations == ("organization/korea-coast-guard",)


def test_probe_name_in_mid_sentence_and_a_parent_who_fled_with_her(probe: Records) -> None:
    """ "Among the defectors that year was Han Song-i, who fled … with her father": both defected, one route."""
    han = _person(probe, "Han Song-i")
    father = _person(probe, "father of Han Song-i")
    assert han.gender == "female" and father.defector and father.anonymous
    expected = [
        ("border crossing", None, ("place/tumen-river",)),
        ("third-country transit", None, ("place/thailand",)),
        ("arrival", "2014-11", ("place/seoul",)),
    ]
    assert _route(probe, han.key) == expected and _route(probe, father.key) == expected
    assert [(r.person, r.relation, r.other) for r in probe.relations if r.person == han.key] == [
        (han.key, "father", father.key)
    ]


def test_probe_repatriation_camp_and_a_book_about_her(probe: Records) -> None:
    """A repatriation in 2000 is a failed attempt; the camp is her imprisonment; the book is by Mark Hollis, about her."""
    park = _person(probe, "Park Ji-hyun")
    kinds = {e.kind: e for e in probe.events if e.entry_id == "2014-2"}
    assert kinds["failed defection attempt"].date.iso == "2000"  # type: ignore[union-attr]
    assert kinds["imprisonment"].places == ("place/chongori-re-education-camp",)
    assert "release" in kinds
    [book] = [w for w in probe.works if w.title == "Another Life"]
    assert (book.year, book.authors, book.about) == ("2016", ("person/mark-hollis",), (park.key,))
    assert _route(probe, park.key)[0] == ("third-country transit", None, ("place/mongolia",))


def test_probe_wife_and_sons(probe: Records) -> None:
    """ "defected with his wife and two sons in March": the wife defected, the sons are a collective companion, March is the arrival."""
    ko = _person(probe, "Ko Young-hwan")
    wife = _person(probe, "wife of Ko Young-hwan")
    sons = _person(probe, "sons of Ko Young-hwan")
    assert (
        ko.arrival is not None
        and ko.arrival.iso == "2016-03"
        and wife.defector
        and not sons.defector
    )
    assert sons.description == "two sons"
    defection = next(
        e for e in probe.events if e.kind == "defection" and e.participants[0].key == ko.key
    )
    assert [(p.key, p.role) for p in defection.participants] == [
        (ko.key, "actor"),
        (sons.key, "companion"),
    ]


def test_probe_shared_publishers_and_totals(probe: Records) -> None:
    """ "The Probe Times" and "Probe Times" are one publisher; the intro total and its year are read."""
    publishers = {s.publisher for s in probe.sources}
    assert publishers == {"organization/probe-times"}
    [agent] = [a for a in probe.agents if a.key == "organization/probe-times"]
    assert {agent.name, *agent.alternate_names} == {"The Probe Times", "Probe Times"}
    assert (probe.article.total_defectors, probe.article.total_as_of) == (33000, "2020")
    assert [e.citations for e in probe.entries if e.id == "2014-2"] == [(2, 3)]
    assert [i.message for i in probe.issues if i.kind == "dangling-citation"] == [
        "marker [3] points at no reference"
    ]


def test_shared_agents_in_the_seed(seed_records: Records) -> None:
    """ "Wall Street Journal"/"The Wall Street Journal", "Hyung-jin Kim"/"Hyung-Jin Kim" and Ben Westcott are one agent each."""
    sources = {s.number: s for s in seed_records.sources}
    assert sources[5].publisher is None or sources[5].publisher == sources[10].publisher
    assert sources[10].publisher == "organization/wall-street-journal"
    assert sources[11].authors == sources[19].authors
    assert set(sources[24].authors) & set(sources[25].authors) == {"person/ben-westcott"}
    agents = {a.key: a for a in seed_records.agents}
    assert agents["organization/chosun-ilbo"].kind == "organization"
    assert {o.key for o in seed_records.organizations} >= {
        "organization/chosun-ilbo"
    }  # the publisher is the employer


def test_unrecognised_lines_become_issues() -> None:
    """A line the parser could not place is reported by extraction too, with its line number."""
    text = PROBE + "  3. this is not a reference\n"
    records = extract(parse_article(text, source_name="probe.txt"))
    lines = [(i.kind, i.line) for i in records.issues if i.kind == "unrecognised-line"]
    assert lines == [("unrecognised-line", len(text.splitlines()))]


def test_ties_whose_other_person_is_not_written_are_reported() -> None:
    """ "a fellow defector" with no name is an unresolved relation of its entry, not a silent drop."""
    text = PROBE.replace(
        "    • Ko Young-hwan,",
        "    • Kim Chol-ho – crossed the DMZ with a fellow defector in May.[1]\n    • Ko Young-hwan,",
    )
    records = extract(parse_article(text, source_name="probe.txt"))
    unresolved = [
        (i.entry_id, i.message) for i in records.issues if i.kind == "unresolved-relation"
    ]
    assert unresolved == [
        ("2016-1", "fellow defector: no person found in 'fellow defector in May.'")
    ]
    kim = _person(records, "Kim Chol-ho")
    assert kim.arrival is not None and kim.arrival.iso == "2016-05"
    assert not [r for r in records.relations if r.person == kim.key]
