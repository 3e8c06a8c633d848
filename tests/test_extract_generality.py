"""Rules found by writing articles as an outside author would (``fixtures/articles/unseen-*``), each
checked here on sentences of its own: one small article per rule, entries under one year heading."""

from __future__ import annotations

from defectorkg.extract import extract
from defectorkg.model import Records
from defectorkg.source.parse import parse_article


def _records(*entries: str, year: int = 2005, intro: str = "A test list of defectors.[1]") -> Records:
    lines = ["Test list of defectors", "", intro, "", "", f"  • {year}"]
    lines += [f"    • {entry}[1]" for entry in entries]
    lines += ["", "", "References", "", '  1. ^ "A test source". Test News. 1 May 2020.', ""]
    return extract(parse_article("\n".join(lines), source_name="generality.txt"))


def _person(records: Records, name: str):  # type: ignore[no-untyped-def]
    return next(p for p in records.people if p.name == name)


def _route(records: Records, entry_id: str) -> list[tuple[str, str | None, tuple[str, ...]]]:
    defection = next(e for e in records.events if e.entry_id == entry_id and e.kind == "defection")
    steps = sorted((e for e in records.events if e.parent == defection.key), key=lambda e: e.order)
    return [(s.kind, s.date.iso if s.date else None, s.places) for s in steps]


def _kinds(records: Records, entry_id: str) -> set[str]:
    return {e.kind for e in records.events if e.entry_id == entry_id}


def test_a_subject_name_whose_last_word_is_a_number_word_is_a_name() -> None:
    """ "Viktor Ten – …": the words before the separator are the subject, a family name "Ten" too
    (a number word opening the phrase, "Ten miners – …", is still a group)."""
    records = _records(
        "Viktor Ten – a welder from Almaty, he walked across the Tumen River in March.",
        "Ten miners – they crossed the Yalu River in June.",
    )
    viktor = _person(records, "Viktor Ten")
    assert not viktor.anonymous and viktor.key == "person/viktor-ten"
    assert viktor.key in records.entries[0].defectors
    assert [(g.name, g.size) for g in records.groups] == [("Ten miners", 10)]


def test_a_relative_named_after_a_colon() -> None:
    """ "Her husband: Ri Chol-u, a driver, …" names the husband."""
    records = _records(
        "Paek Sun-ok – she crossed the Tumen River in April. Her husband: Ri Chol-u, a driver, stayed behind."
    )
    paek = _person(records, "Paek Sun-ok")
    husband = _person(records, "Ri Chol-u")
    assert [(r.person, r.relation, r.other) for r in records.relations if r.relation == "husband"] == [
        (paek.key, "husband", husband.key)
    ]


def test_an_age_set_off_by_commas_after_a_name_or_an_apposition() -> None:
    """ "his son, Kang Il-bom, aged 7, went with him" and "– a miner, aged 41, he …" give ages at defection;
    an "aged" that describes someone who stayed gives nobody's age."""
    records = _records(
        "Kang Chol-bom – a miner, aged 41, he waded across the Tumen River in May; his son, Kang Il-bom, "
        "aged 7, went with him.",
        "Mun Hye-jin – she crossed the Yalu River in July; her mother, Mun Ok-hui, aged 70, stayed in Hyesan.",
    )
    assert _person(records, "Kang Chol-bom").age_at_defection == 41
    assert _person(records, "Kang Il-bom").age_at_defection == 7
    assert _person(records, "Mun Hye-jin").age_at_defection is None
    assert _person(records, "Mun Ok-hui").age_at_defection is None


def test_a_title_after_a_verb_of_writing_with_its_year_is_a_work() -> None:
    """ "She published Rivers at Night: Letters Home in 2019" and "He wrote Salt (2015)" are works
    by the entry's person; a capitalised word after "wrote" without a year is none."""
    records = _records(
        "Han Mi-sook – she crossed the Tumen River in May. She published Rivers at Night: Letters Home in 2019.",
        "Ju Song-gil – he crossed the Yalu River in June. He wrote Salt of the Coast (2015) and wrote Seoul a letter.",
    )
    works = {w.title: w for w in records.works}
    assert set(works) == {"Rivers at Night: Letters Home", "Salt of the Coast"}
    assert (works["Rivers at Night: Letters Home"].year, works["Salt of the Coast"].year) == ("2019", "2015")
    assert works["Rivers at Night: Letters Home"].authors == (_person(records, "Han Mi-sook").key,)
    assert works["Salt of the Coast"].authors == (_person(records, "Ju Song-gil").key,)


def test_agency_acronyms_make_memberships() -> None:
    """ "worked for the MSS", "an officer of the MPS": the North's security ministries by their acronyms."""
    records = _records(
        "Yang Chol-su – he had worked for the MSS before he crossed the Tumen River in May.",
        "Seo Gwang-il – an officer of the MPS, he crossed the Yalu River in June.",
    )
    memberships = {(a.person, a.organization) for a in records.affiliations}
    assert (_person(records, "Yang Chol-su").key, "organization/ministry-of-state-security") in memberships
    assert (_person(records, "Seo Gwang-il").key, "organization/ministry-of-social-security") in memberships


def test_deported_onward_is_a_move_and_sent_back_to_the_north_ends_an_attempt() -> None:
    """ "were deported to Ulaanbaatar and flown to Seoul in March" moves them on (the flight, with no
    'was', is the arrival); "was caught in Tumen, sent back to the North and jailed" is a failed attempt."""
    records = _records(
        "Cha Song-ae – she walked into Mongolia in January. She and a friend were deported to Ulaanbaatar "
        "and flown to Seoul in March.",
        "Do Myong-chol – he was caught in Tumen, sent back to the North and jailed; in October he crossed again.",
    )
    assert "failed defection attempt" not in _kinds(records, "2005-1")
    assert _route(records, "2005-1")[-1] == ("arrival", "2005-03", ("place/seoul",))
    assert "failed defection attempt" in _kinds(records, "2005-2")


def test_a_relative_who_followed_later_made_a_move_of_her_own() -> None:
    """ "His daughter Ri Kyong-a followed him two years later": her defection, dated, not his route."""
    records = _records(
        "Ri Jong-man – he crossed the Tumen River in May 2005. His daughter Ri Kyong-a followed him two years later."
    )
    [moved] = [e for e in records.events if e.kind == "relative defection"]
    assert moved.date is not None and moved.date.iso.startswith("2007")
    assert [p.key for p in moved.participants] == [_person(records, "Ri Kyong-a").key]


def test_asylum_asked_where_the_last_move_ended() -> None:
    """ "climbed into the grounds of a French school in Beijing and asked for asylum": the asylum step
    is at Beijing, not a transit."""
    records = _records(
        "Gil Yong-ae – in April she climbed into the grounds of a French school in Beijing and asked for asylum."
    )
    assert [k for k, _, _ in _route(records, "2005-1")] == ["embassy asylum", "arrival"]
    assert _route(records, "2005-1")[0][2] == ("place/beijing",)


def test_a_driven_vehicle_is_the_crossings_vehicle() -> None:
    """ "drove a military jeep across the Yalu River": the land crossing's vehicle."""
    records = _records("Bang Chol-ho – a driver, he drove a military jeep across the Yalu River in May.")
    crossing = next(e for e in records.events if e.kind == "border crossing")
    assert crossing.vehicle == "military jeep"


def test_the_country_left_comes_before_the_country_reached() -> None:
    """ "reached Cambodia on foot from Vietnam in June": Vietnam, then Cambodia (dated June); "flew to
    Seoul in August" is a move of its own, the arrival."""
    records = _records("Ok Sun-hwa – she reached Cambodia on foot from Vietnam in June and flew to Seoul in August.")
    assert _route(records, "2005-1") == [
        ("third-country transit", None, ("place/vietnam",)),
        ("third-country transit", "2005-06", ("place/cambodia",)),
        ("arrival", "2005-08", ("place/seoul",)),
    ]


def test_two_cities_of_one_country_in_two_sentences_are_two_stops() -> None:
    """ "hid in Shenyang … Later she went to Kunming": two stops in China (one sentence naming both
    stays one step per country)."""
    records = _records(
        "Yeo Ok-ran – she hid in Shenyang for a year. Later she went on to Kunming and reached Seoul in May."
    )
    transits = [s for s in _route(records, "2005-1") if s[0] == "third-country transit"]
    assert [s[2] for s in transits] == [("place/shenyang",), ("place/kunming",)]


def test_an_intro_total_whose_noun_comes_first() -> None:
    """ "… North Koreans …; by mid-2019 about 32,000 of them had settled": the total and its year."""
    records = _records(
        "Tak Il-son – he crossed the Tumen River in May.",
        intro="Many North Koreans have fled since the famine; by mid-2019 about 32,000 of them had settled in the South.[1]",
    )
    assert (records.article.total_defectors, records.article.total_as_of) == (32000, "2019")


def test_an_appearance_on_state_television_is_an_announcement() -> None:
    """ "appeared on state television in 2008" is a public statement: an announcement, dated."""
    records = _records("Nam Gyong-il – he crossed the Tumen River in May. He appeared on state television in 2008.")
    [said] = [e for e in records.events if e.kind == "announcement"]
    assert said.date is not None and said.date.iso == "2008"
