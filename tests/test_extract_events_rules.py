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


def _route(records: Records, name: str) -> list[tuple[str, tuple[str, ...], str | None]]:
    """(kind, place names, date) of each route step of the defector called ``name``, in order."""
    view = _View(records)
    key = next(k for k, v in view.names.items() if v == name)
    steps = [
        e for e in records.events
        if e.parent is not None and any(p.key == key for p in e.participants) and e.kind != "arrival"
    ]  # fmt: skip
    return [
        (e.kind, tuple(view.places[p] for p in (*e.places, *e.organizations)), e.date.iso if e.date else None)
        for e in sorted(steps, key=lambda e: e.order or 0)
    ]


def _events(records: Records, kind: str) -> list[tuple[str, str | None, tuple[str, ...]]]:
    view = _View(records)
    return [
        (view.names[e.participants[0].key] if e.participants else "", e.date.iso if e.date else None,
         tuple(view.places[p] for p in e.places))
        for e in records.events if e.kind == kind
    ]  # fmt: skip


def test_one_step_per_move_and_no_country_as_the_place_of_a_crossing() -> None:
    """The DMZ and the demarcation line crossed at once are one step; "to the south" is not its place."""
    records = _records(
        (1991, "Kim Tae-su – a soldier who crossed the Demilitarized Zone and the Military Demarcation Line "
               "near Cheorwon on 3 May. He later settled in Canada."),
        (1997, "Yun Chol – defected to the south through the demilitarized zone."),
    )  # fmt: skip
    assert _route(records, "Kim Tae-su") == [
        ("DMZ crossing", ("Korean Demilitarized Zone", "Military Demarcation Line", "Cheorwon"), "1991-05-03")
    ]
    assert _route(records, "Yun Chol") == [("DMZ crossing", ("Korean Demilitarized Zone",), None)]


def test_a_later_move_abroad_is_an_emigration_not_a_transit() -> None:
    """ "The family moved to Canada in 2017" after reaching Seoul: an emigration event, no route step."""
    records = _records(
        (2014, "Ri Chol-jin, a trade official, defected with his wife via Dalian, China, and reached Seoul in "
               "October. The family moved to Canada in 2017."),
    )  # fmt: skip
    assert _route(records, "Ri Chol-jin") == [("third-country transit", ("Dalian", "China"), None)]
    assert _events(records, "emigration") == [("Ri Chol-jin", "2017", ("Canada",))]


def test_asylum_in_an_embassy_entered_earlier_and_detentions_abroad_on_the_way() -> None:
    """ "forced their way into the X embassy … and asked for asylum"; "was detained in Laos" is a transit,
    but an arrest that ended a failed attempt is not."""
    records = _records(
        (2002, "Choe Un-hui – with her son she forced her way into the German embassy in Beijing on 8 May and "
               "asked for asylum; they were flown to Seoul via Manila on 20 May."),
        (1992, "Pak Sol-hui – fled across the Yalu River into China in 1990, was detained in Laos, and reached "
               "Thailand."),
        (1996, "Jo Myong-il – arrested in Russia and sent back in 1993, he fled again across the Tumen River "
               "and reached Seoul through Mongolia."),
    )  # fmt: skip
    assert _route(records, "Choe Un-hui") == [
        ("embassy asylum", ("Beijing", "German Embassy in Beijing"), "2002-05-08"),
        ("third-country transit", ("Manila",), None),
    ]
    assert _route(records, "Pak Sol-hui") == [
        ("border crossing", ("Yalu River", "China"), "1990"),
        ("third-country transit", ("Laos",), "1990"),
        ("third-country transit", ("Thailand",), None),
    ]
    assert [kind for kind, places, _ in _route(records, "Jo Myong-il") if "Russia" in places] == []


def test_flights_consulates_rivers_and_boats_to_a_southern_port() -> None:
    """A named aircraft flown over the sea border is a flight; a consulate is an embassy asylum; a boat to
    Sokcho is a sea crossing; a river crossing is a border crossing; a failed attempt makes no step."""
    records = _records(
        (1993, "Ri Chol-ung – a pilot who flew his Yak-18 across the Northern Limit Line and landed at "
               "Gangneung Air Base on 7 June."),
        (1994, "Han Ok-sun – she entered the Japanese consulate-general in Shenyang and asked for asylum on "
               "2 March; she was flown to Seoul via Manila."),
        (1995, "Choe Il – crossed the Tumen River, made his way through China, and crossed the Gobi Desert on "
               "foot into Mongolia. A previous attempt via Russia in 1993 had failed."),
        (1996, "Mun Kyong-ho – a fisherman who sailed a small boat to Sokcho with his family on 9 August."),
    )  # fmt: skip
    assert _route(records, "Ri Chol-ung") == [
        ("flight", ("Northern Limit Line", "Gangneung Air Base"), "1993-06-07")
    ]
    assert _route(records, "Han Ok-sun")[0] == (
        "embassy asylum", ("Shenyang", "Japanese Consulate General in Shenyang"), "1994-03-02"
    )
    assert [(k, p) for k, p, _ in _route(records, "Choe Il")] == [
        ("border crossing", ("Tumen River", "China")),
        ("third-country transit", ("Gobi Desert", "Mongolia")),
    ]
    assert _route(records, "Mun Kyong-ho") == [("sea crossing", ("Sokcho",), "1996-08-09")]


def test_life_events_sentences_pardons_offices_injuries_and_executions() -> None:
    """ "sentenced to death" is a sentencing, not a death; pardons, titles won, injuries, a council seat,
    an execution and a bombing are events with their dates and places."""
    records = _records(
        (1988, "Kim Un-ju – an agent who planted a time bomb on a bus in Rangoon on 3 March 1986, was sentenced "
               "to death in 1987 and pardoned in 1988. She won the national marathon title in 1995, was injured "
               "in a car crash in 1999, and won a seat on the city council in 2016. Her uncle was executed in "
               "Pyongyang in 1990."),
        (1990, "Ri Hak-su – when the ship docked at Nakhodka, Ri Hak-su jumped overboard and drowned."),
    )  # fmt: skip
    assert _events(records, "sentencing") == [("Kim Un-ju", "1987", ())]
    assert [e for e in _events(records, "death") if e[0] == "Kim Un-ju"] == []
    assert _events(records, "pardon") == [("Kim Un-ju", "1988", ())]
    assert _events(records, "award") == [("Kim Un-ju", "1995", ())]
    assert _events(records, "injury") == [("Kim Un-ju", "1999", ())]
    assert _events(records, "election") == [("Kim Un-ju", "2016", ())]
    assert _events(records, "execution") == [("uncle of Kim Un-ju", "1990", ("Pyongyang",))]
    assert _events(records, "attack") == [("Kim Un-ju", "1986-03-03", ("Yangon",))]
    assert _events(records, "death") == [("Ri Hak-su", None, ("Nakhodka",))]


def test_descriptions_end_on_whole_phrases() -> None:
    """An event's description never ends inside a word or on "and has" left from the next clause."""
    records = _records(
        (2005, "Pak Hye-ran – spoke at the Geneva forum in 2009 and has released balloons since. She was "
               "attacked in 2011 by men widely believed to be agents sent from the North to frighten the "
               "activists of her group, in what her colleagues described as an attempt to silence a witness "
               "who had testified about the camps."),
    )  # fmt: skip
    descriptions = [e.description for e in records.events if e.description]
    assert "spoke at the Geneva forum in 2009" in descriptions
    assert all(not d.endswith((" and", " has", " to")) for d in descriptions)
    assert any(d.endswith("an attempt to silence a witness") for d in descriptions), descriptions


def test_dates_of_a_clause_and_of_a_sentence_opening_and_names_inside_titles() -> None:
    """ "…, but in 1995 he was seized": the clause's date; "In 2009 she crossed …, and led them on to Laos":
    the opening date dates every move; a name inside a title is no one's subject; a capture followed by a camp
    is no transit."""
    records = _records(
        (2000, "So Kwang-il – first fled in 1994, but in 1995 he was seized in Yanji and sent to Yodok political "
               "prison camp. He described it in Songs for the General Kim Il-sung (2002) and testified in 2013."),
        (2010, "Ri Mi-hwa – a nurse. In 2009 she crossed the Tumen River and made her way through China to Laos."),
    )  # fmt: skip
    assert _events(records, "capture") == [("So Kwang-il", "1995", ("Yanji",))]
    assert _events(records, "imprisonment") == [("So Kwang-il", "1995", ("Yodok concentration camp",))]
    assert _events(records, "testimony") == [("So Kwang-il", "2013", ())]
    assert not [step for step in _route(records, "So Kwang-il") if "Yanji" in step[1]]
    assert [(k, d) for k, _, d in _route(records, "Ri Mi-hwa")] == [
        ("border crossing", "2009"), ("third-country transit", "2009")
    ]


def test_a_companion_of_an_opening_participle_takes_part_and_one_attack_is_one_event() -> None:
    """ "Travelling with a fellow agent, X, …, she left a bomb …, which exploded off Busan on 3 May": one attack
    by both, dated and placed by its second verb; the sentence she alone receives is hers."""
    records = _records(
        (1988, "Pak Ok-hui – an agent. Travelling with a fellow agent, Ri Chol-man, on false passports, she left a "
               "bomb aboard a ferry, which exploded off Busan on 3 May; she was sentenced to death."),
    )  # fmt: skip
    view = _View(records)
    [attack] = [e for e in records.events if e.kind == "attack"]
    assert [view.names[p.key] for p in attack.participants] == ["Pak Ok-hui", "Ri Chol-man"]
    assert (attack.date.iso if attack.date else None, [view.places[p] for p in attack.places]) == ("1988-05-03", ["Busan"])
    [sentence] = [e for e in records.events if e.kind == "sentencing"]
    assert [view.names[p.key] for p in sentence.participants] == ["Pak Ok-hui"]


def test_a_purpose_phrase_dates_the_move_and_where_names_the_arrival() -> None:
    """ "travelled to Dandong for medical treatment in 2011" dates the transit; "on to South Korea, where she
    arrived in May" dates the arrival."""
    records = _records(
        (2011, "Mun Ok-sil – a tailor from Hamhung, travelled to Dandong, China, for medical treatment in 2011 and "
               "was talked into going on to South Korea, where she arrived in May."),
    )  # fmt: skip
    assert _route(records, "Mun Ok-sil") == [("third-country transit", ("Dandong", "China"), "2011")]
    [person] = [p for p in records.people if p.name == "Mun Ok-sil"]
    assert person.arrival is not None and person.arrival.iso == "2011-05"


def test_the_arrival_place_comes_from_the_text_never_from_the_title() -> None:
    """In a list titled "… in Mongolia", an entry that names no destination does not arrive in Mongolia."""
    records = _records(
        (2003, "Ko Yong-su – a miner who crossed the Tumen River into China in 2002."),
        (2004, "Pae Sun-ja – a teacher who walked across the Gobi Desert and was flown to Seoul on 2 May."),
        title="List of North Korean defectors in Mongolia",
    )  # fmt: skip
    view = _View(records)
    arrivals = {
        view.names[e.participants[0].key]: [view.places[p] for p in e.places]
        for e in records.events if e.kind == "arrival"
    }  # fmt: skip
    assert arrivals == {"Ko Yong-su": ["South Korea"], "Pae Sun-ja": ["Seoul"]}


def test_imprisonments_keep_place_and_length_and_relatives_keep_their_destination() -> None:
    """ "imprisoned for two years in Hamhung" and "after seven years in a labour camp at Chongori" are two
    imprisonments with their places and lengths; "his aunt's defection to Europe in 1994" keeps Europe;
    "…, and she fled in 1997 via Laos" is her move, not her mother's."""
    records = _records(
        (1996, "Ri Sang-ho – a driver; he was imprisoned for two years in Hamhung and, after seven years in a "
               "labour camp at Chongori, fled through China. His aunt's defection to Europe in 1994 was well known."),
        (1997, "Kang Hyo-jin – a singer; her mother had defected to Thailand in 1990, and she fled in 1997 via Laos."),
    )  # fmt: skip
    view = _View(records)
    prisons = sorted(
        (tuple(view.places[p] for p in e.places), e.duration) for e in records.events if e.kind == "imprisonment"
    )  # fmt: skip
    assert prisons == [(("Chongori re-education camp",), "P7Y"), (("Hamhung",), "P2Y")]
    moves = {
        (view.names[e.participants[0].key], tuple(view.places[p] for p in e.places), e.date.iso if e.date else None)
        for e in records.events if e.kind == "relative defection"
    }  # fmt: skip
    assert moves == {("aunt of Ri Sang-ho", ("Europe",), "1994"), ("mother of Kang Hyo-jin", ("Thailand",), "1990")}
    assert _route(records, "Kang Hyo-jin") == [("third-country transit", ("Laos",), "1997")]


def test_more_memberships_asylum_after_where_and_an_injury_dated_by_its_when_clause() -> None:
    """ "Captain X, 29, of the …", "chargé d'affaires at the … embassy in Kuwait City", "had run Office 39 of the
    Workers' Party", "founded the rights group …"; "to Vientiane, where she sought asylum at the … embassy" is one
    asylum step; "lost his left hand … when he fell … in 1996" is an injury of 1996."""
    records = _records(
        (1983, "Captain Pak Sung-il, 29, of the Korean People's Army Air Force flew his MiG-19 across the Yellow Sea."),
        (2019, "Choe Yong-ho – chargé d'affaires at the North Korean embassy in Kuwait City, he left with his wife and "
               "sought asylum at the South Korean embassy in Kuwait City. His uncle Han Sun-il had run Office 39 of "
               "the Workers' Party. He led them to the Japanese embassy in Beijing."),
        (2006, "Ko Sun-ja – she waded across the Tumen River in 2005, hid for a year in Yanji, and then made her way "
               "through China to Vientiane, where she sought asylum at the South Korean embassy."),
        (2007, "Ri Chang-su – lost his left hand and leg at age 14 when he fell from a moving train in 1996. He later "
               "founded the rights group Citizens' Alliance for North Korean Human Rights."),
    )  # fmt: skip
    memberships = _memberships(records)
    assert memberships >= {
        ("Pak Sung-il", "Korean People's Army Air Force"),
        ("Choe Yong-ho", "North Korean Embassy in Kuwait City"),
        ("Han Sun-il", "Office 39"),
        ("Han Sun-il", "Workers' Party of Korea"),
        ("Ri Chang-su", "Citizens' Alliance for North Korean Human Rights"),
    }
    assert not [m for m in memberships if "Japanese" in m[1]]  # "led them to the … embassy" is no membership
    assert _route(records, "Choe Yong-ho")[0][:2] == (
        "embassy asylum", ("Kuwait City", "South Korean Embassy in Kuwait City")
    )
    assert _route(records, "Ko Sun-ja")[-1] == ("embassy asylum", ("Vientiane",), None)
    assert not [s for s in _route(records, "Ko Sun-ja") if s[0] == "third-country transit" and "Vientiane" in s[1]]
    assert _events(records, "injury") == [("Ri Chang-su", "1996", ())]


def test_told_by_an_author_press_conferences_and_plural_passives() -> None:
    """ "told by the journalist Y in X (2011)" is Y's work; a press conference is an announcement; "his mother, A,
    and his brother, B, were executed in 1996" is an execution of both."""
    records = _records(
        (2006, "Han Chol-min – born in a camp, he was 13 when his mother, Kim Ok-hwa, and his older brother, Han "
               "Chol-su, were executed in 1996. His story was told by the journalist Anna Greene in Fences of Ash "
               "(2011). At a press conference on 27 July he claimed that the camps were full."),
    )  # fmt: skip
    view = _View(records)
    assert view.works() == {(("Anna Greene",), "Fences of Ash", "2011")}
    [execution] = [e for e in records.events if e.kind == "execution"]
    assert sorted(view.names[p.key] for p in execution.participants) == ["Han Chol-su", "Kim Ok-hwa"]
    assert _events(records, "announcement") == [("Han Chol-min", "2006-07-27", ())]
