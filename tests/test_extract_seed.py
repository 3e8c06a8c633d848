"""Extraction on the seed article: the acceptance list of issue 3, record by record."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from defectorkg.model import ROUTE_KINDS, Event, Group, Person, Records


@dataclass
class View:
    """Lookups over Records for tests: people by name, an entry's route, events by kind."""

    records: Records

    def person(self, name: str) -> Person:
        """The person whose display name is ``name``."""
        matches = [p for p in self.records.people if p.name == name]
        assert len(matches) == 1, f"{name!r}: {len(matches)} people"
        return matches[0]

    def group(self, entry_id: str) -> Group:
        """The one group of an entry."""
        matches = [g for g in self.records.groups if entry_id in g.entry_ids]
        assert len(matches) == 1, f"{entry_id}: {len(matches)} groups"
        return matches[0]

    def label(self, key: str) -> str:
        """The display name of a person or group key."""
        for record in (*self.records.people, *self.records.groups):
            if record.key == key:
                return record.name
        return key

    def route(self, key: str) -> list[Event]:
        """The route steps of a defector's defection, in order."""
        defection = [
            e for e in self.records.events if e.kind == "defection" and e.participants[0].key == key
        ]
        assert len(defection) == 1, f"{key}: {len(defection)} defections"
        steps = [e for e in self.records.events if e.parent == defection[0].key]
        assert all(step.kind in ROUTE_KINDS for step in steps)
        return sorted(steps, key=lambda e: e.order or 0)

    def kinds(self, key: str) -> list[str]:
        """The kinds of a defector's route steps, in order."""
        return [step.kind for step in self.route(key)]

    def events(self, entry_id: str, kind: str) -> list[Event]:
        """The events of a kind read from an entry."""
        return [e for e in self.records.events if e.entry_id == entry_id and e.kind == kind]

    def names_of(self, keys: tuple[str, ...]) -> list[str]:
        """Display names of places, organizations, people or groups."""
        table = {r.key: r.name for r in (*self.records.places, *self.records.organizations)}
        return [table.get(k) or self.label(k) for k in keys]

    def relations(self, relation: str) -> set[tuple[str, str]]:
        """(person, other) name pairs of one relation label."""
        return {
            (self.label(r.person), self.label(r.other))
            for r in self.records.relations
            if r.relation == relation
        }


@pytest.fixture(scope="module")
def seed(seed_records: Records) -> View:
    """The seed's records behind the test lookups."""
    return View(seed_records)


NAMED = {
    "No Kum-sok", "Kim Shin-jo", "Ri Han-yong", "Kang Chol-hwan", "Lee Soon-ok", "Hwang Jang-yop",
    "Kim Dok-hong", "Jang Yeong-jin", "Jang Gil-su", "Park Sang-hak", "Thae Yong-ho", "Oh Chong-song",
}  # fmt: skip


def test_fifteen_entries_yield_seventeen_defector_records(seed: View) -> None:
    """15 entries give 16 defecting people and 1 group, each listed by its entry."""
    records = seed.records
    assert len(records.entries) == 15
    defectors = [p for p in records.people if p.defector]
    assert len(defectors) == 16
    assert len(records.groups) == 1
    listed = [key for entry in records.entries for key in entry.defectors]
    assert sorted(listed) == sorted([p.key for p in defectors] + [records.groups[0].key])


def test_twelve_named_defectors(seed: View) -> None:
    """The named defectors are exactly the twelve of the acceptance list, Kim Dok-hong included."""
    named = {p.name for p in seed.records.people if p.defector and not p.anonymous}
    assert named == NAMED


def test_anonymous_defectors_are_individuals_with_labels(seed: View) -> None:
    """The colonel, the 2017 defector, the 2020 gymnast and Lee Soon-ok's son are labelled individuals."""
    anonymous = {p.key: p for p in seed.records.people if p.defector and p.anonymous}
    assert {p.name for p in anonymous.values()} == {
        "Unidentified Colonel", "defector (name unknown)", "former gymnast from North Korea", "son of Lee Soon-ok",
    }  # fmt: skip
    assert set(anonymous) == {
        "person/entry-2015-1-1",
        "person/entry-2017-2-1",
        "person/entry-2020-1-1",
        "person/entry-1995-1-1",
    }
    gymnast = anonymous["person/entry-2020-1-1"]
    assert gymnast.gender == "male" and gymnast.description == "former gymnast"
    assert "unnamed North Korean man" in gymnast.alternate_names
    son = anonymous["person/entry-1995-1-1"]
    assert son.gender == "male" and son.arrival is not None and son.arrival.iso == "1995-12"


def test_group_of_thirteen_is_one_record(seed: View) -> None:
    """12 women and one man are one group of 13 with its composition, arriving in April 2016."""
    group = seed.group("2016-1")
    assert group.key == "group/entry-2016-1-1"
    assert group.size == 13
    assert [(p.count, p.noun, p.gender) for p in group.composition] == [
        (12, "women", "female"),
        (1, "man", "male"),
    ]
    assert group.description == "working at a North Korean government run restaurant in China"
    assert group.arrival is not None and (group.arrival.iso, group.arrival.precision) == (
        "2016-04",
        "month",
    )
    assert seed.kinds(group.key) == ["arrival"]


def test_song_hye_rang_is_a_mother_not_a_defector_record(seed: View) -> None:
    """Ri Han-yong's mother is a person with a dated relative defection, not a defector of the article."""
    song = seed.person("Song Hye-rang")
    assert not song.defector and song.gender == "female"
    assert ("Ri Han-yong", "Song Hye-rang") in seed.relations("mother")
    [event] = seed.events("1982-1", "relative defection")
    assert [p.key for p in event.participants] == [song.key]
    assert event.date is not None and (event.date.iso, event.date.note) == (
        "1996",
        "a year earlier",
    )


def test_hwang_jang_yop_is_one_person_in_two_entries(seed: View) -> None:
    """The fellow defector of 1982 and the defector of 1997 are one Person with mentions in both entries."""
    hwang = seed.person("Hwang Jang-yop")
    assert hwang.key == "person/hwang-jang-yop" and hwang.fold == "hwangjangyop"
    assert hwang.entry_ids == ("1982-1", "1997-1")
    assert {s.entry_id for s in hwang.spans} == {"1982-1", "1997-1"}
    assert ("Ri Han-yong", "Hwang Jang-yop") in seed.relations("fellow defector")


def test_every_reference_is_a_source(seed_article, seed: View) -> None:  # type: ignore[no-untyped-def]
    """All 29 references are sources keyed by number, cited or not, with their raw text."""
    sources = seed.records.sources
    assert [s.number for s in sorted(sources, key=lambda s: s.number)] == list(range(1, 30))
    assert {s.key for s in sources} == {f"source/ref-{n}" for n in range(1, 30)}
    by_number = {s.number: s for s in sources}
    assert (
        by_number[6].title == "Nothing to Envy: Real Lives in North Korea"
        and by_number[6].isbn == "978-1-84708-141-4"
    )
    assert by_number[13].cited_by == () and by_number[1].cited_by == ("intro",)
    assert all(s.raw == seed_article.reference(s.number).raw for s in sources)


def test_every_citation_marker_links_to_its_source(seed_article, seed: View) -> None:  # type: ignore[no-untyped-def]
    """Each marker of each entry names a source whose cited_by lists that entry."""
    sources = {s.number: s for s in seed.records.sources}
    markers = [(e.id, c.number) for e in seed_article.entries for c in e.citations]
    assert len(markers) == 22 and len({n for _, n in markers}) == 21
    for entry_id, number in markers:
        assert entry_id in sources[number].cited_by
    record = next(e for e in seed.records.entries if e.id == "2017-1")
    assert record.citations == (22, 23, 24, 25, 26, 27)


def test_defectors_and_events_carry_the_markers_they_rest_on(seed: View) -> None:
    """A defector gets its entry's markers; an event gets the markers of its sentence."""
    assert seed.person("Kim Dok-hong").citations == (6, 7)
    assert seed.person("Oh Chong-song").citations == (22, 23, 24, 25, 26, 27)
    [shooting] = seed.events("2017-1", "shooting")
    assert shooting.citations == (
        24,
        25,
        26,
        27,
    )  # fired at Oh [24][25]; survived the shooting [26][27]
    [rescue] = seed.events("2017-1", "rescue")
    assert rescue.citations == (26, 27)


def test_uncited_references_are_reported(seed: View) -> None:
    """References 11 to 17, which no marker points at, are issues; nothing dangles in the seed."""
    uncited = [i for i in seed.records.issues if i.kind == "uncited-reference"]
    assert [i.message for i in uncited] == [
        f"reference {n} is cited by no marker" for n in range(11, 18)
    ]
    assert not [
        i
        for i in seed.records.issues
        if i.kind in ("dangling-citation", "no-defector", "unrecognised-line")
    ]


def test_route_of_no_kum_sok_is_a_flight_then_arrival(seed: View) -> None:
    """No Kum-sok flew his MiG-15 on 21 September 1953 and arrived that day."""
    no = seed.person("No Kum-sok")
    flight, arrival = seed.route(no.key)
    assert (flight.kind, flight.vehicle, flight.date.iso, flight.order) == (
        "flight",
        "MiG-15",
        "1953-09-21",
        1,
    )  # type: ignore[union-attr]
    assert (arrival.kind, arrival.date.iso, arrival.order) == ("arrival", "1953-09-21", 2)  # type: ignore[union-attr]
    assert no.arrival is not None and no.arrival.precision == "day"


def test_route_of_kang_chol_hwan_leaves_through_china(seed: View) -> None:
    """Kang "fled to China" (a border crossing out of the North) and arrived in 1992."""
    kang = seed.person("Kang Chol-hwan")
    crossing, arrival = seed.route(kang.key)
    assert crossing.kind == "border crossing" and seed.names_of(crossing.places) == ["China"]
    assert arrival.date is not None and (arrival.date.iso, arrival.date.precision) == (
        "1992",
        "year",
    )


def test_route_of_lee_soon_ok_and_her_son_through_china_and_hong_kong(seed: View) -> None:
    """Lee Soon-ok and her son each pass China and Hong Kong and arrive in December 1995."""
    for name in ("Lee Soon-ok", "son of Lee Soon-ok"):
        china, hong_kong, arrival = seed.route(seed.person(name).key)
        assert (china.kind, hong_kong.kind) == ("third-country transit", "third-country transit")
        assert seed.names_of(china.places) == ["China"] and seed.names_of(hong_kong.places) == [
            "Hong Kong"
        ]
        assert arrival.date is not None and arrival.date.iso == "1995-12"
    assert ("Lee Soon-ok", "son of Lee Soon-ok") in seed.relations("son")


@pytest.mark.parametrize("name", ["Hwang Jang-yop", "Kim Dok-hong"])
def test_route_through_the_embassy_in_beijing_and_the_philippines(seed: View, name: str) -> None:
    """Asylum at the embassy/consulate in Beijing (12 February, 34 days), 33 days in the Philippines, Seoul on 20 April."""
    asylum, transit, arrival = seed.route(seed.person(name).key)
    assert (
        asylum.kind == "embassy asylum"
        and asylum.date is not None
        and asylum.date.iso == "1997-02-12"
    )
    assert asylum.duration == "P34D" and seed.names_of(asylum.places) == ["Beijing"]
    assert seed.names_of(asylum.organizations) == [
        "South Korean Embassy in Beijing",
        "South Korean Consulate in Beijing",
    ]
    assert transit.kind == "third-country transit" and transit.duration == "P33D"
    assert seed.names_of(transit.places) == ["Philippines"]
    assert (
        arrival.date is not None
        and arrival.date.iso == "1997-04-20"
        and seed.names_of(arrival.places) == ["Seoul"]
    )
    assert seed.person(name).arrival == arrival.date


def test_hwang_and_his_aide(seed: View) -> None:
    """Kim Dok-hong is Hwang's aide and co-defector; Hwang's role is in the Workers' Party."""
    assert ("Hwang Jang-yop", "Kim Dok-hong") in seed.relations("aide")
    assert ("Kim Dok-hong", "Hwang Jang-yop") in seed.relations("co-defector")
    hwang = seed.person("Hwang Jang-yop")
    assert hwang.roles == ("former secretary of the North Korean Workers' Party",)
    [affiliation] = [a for a in seed.records.affiliations if a.person == hwang.key]
    assert (affiliation.organization, affiliation.role, affiliation.kind, affiliation.former) == (
        "organization/workers-party-of-korea", "secretary", "position", True,
    )  # fmt: skip


def test_jang_yeong_jin_crossed_the_dmz_after_a_failed_attempt(seed: View) -> None:
    """The DMZ crossing is his route; the 1996 attempt via China is a failed attempt, not a step."""
    jang = seed.person("Jang Yeong-jin")
    assert seed.kinds(jang.key) == ["DMZ crossing", "arrival"]
    [attempt] = seed.events("1997-2", "failed defection attempt")
    assert attempt.date is not None and attempt.date.iso == "1996" and attempt.outcome == "failed"
    assert seed.names_of(attempt.places) == ["China"]


def test_oh_chong_song_crossed_at_the_jsa_and_survived(seed: View) -> None:
    """JSA crossing on 13 November 2017, one shooting he survived, a rescue, treatment."""
    oh = seed.person("Oh Chong-song")
    crossing, arrival = seed.route(oh.key)
    assert (
        crossing.kind == "JSA crossing"
        and crossing.date is not None
        and crossing.date.iso == "2017-11-13"
    )
    assert seed.names_of(crossing.places) == ["Joint Security Area"]
    assert arrival.date == crossing.date
    [shooting] = seed.events("2017-1", "shooting")
    assert [(p.key, p.role) for p in shooting.participants] == [
        (oh.key, "target")
    ] and shooting.outcome == "survived"
    assert (
        len(seed.events("2017-1", "rescue")) == 1
        and len(seed.events("2017-1", "medical treatment")) == 1
    )
    assert oh.alternate_names == ("Oh",)


def test_the_two_anonymous_dmz_crossers(seed: View) -> None:
    """The 2017 defector crossed on 20 December; the gymnast at the end of 2020, captured the next day."""
    crossing, arrival = seed.route("person/entry-2017-2-1")
    assert (crossing.kind, crossing.date.iso, arrival.date.iso) == (
        "DMZ crossing",
        "2017-12-20",
        "2017-12-20",
    )  # type: ignore[union-attr]
    crossing, arrival = seed.route("person/entry-2020-1-1")
    assert crossing.kind == "DMZ crossing"
    assert arrival.date is not None and (arrival.date.iso, arrival.date.note) == (
        "2020",
        "at the end of 2020",
    )
    [capture] = seed.events("2020-1", "capture")
    assert capture.date is not None and (capture.date.iso, capture.date.note) == (
        "2020",
        "the next day",
    )
    [warning] = seed.events("2017-2", "shooting")
    assert (
        warning.participants == ()
        and warning.date is not None
        and warning.date.note == "hours later"
    )


def test_unidentified_colonel_arrived_the_year_before_the_announcement(seed: View) -> None:
    """Announced on 11 April 2016 that he defected "the previous year": arrival 2015, colonel of the RGB."""
    colonel = seed.person("Unidentified Colonel")
    assert colonel.arrival is not None and (colonel.arrival.iso, colonel.arrival.note) == (
        "2015",
        "the previous year",
    )
    [announcement] = seed.events("2015-1", "announcement")
    assert announcement.date is not None and announcement.date.iso == "2016-04-11"
    assert colonel.roles == ("colonel",)
    assert [
        (a.organization, a.role) for a in seed.records.affiliations if a.person == colonel.key
    ] == [("organization/reconnaissance-general-bureau", "colonel")]


def test_ages_at_defection_only(seed: View) -> None:
    """Ages come from "(age 21)", "24-year-old" and "fled … at age 15", never from "imprisoned at age 9"."""
    ages = {
        name: seed.person(name).age_at_defection
        for name in ("No Kum-sok", "Oh Chong-song", "Jang Gil-su", "Kang Chol-hwan")
    }
    assert ages == {
        "No Kum-sok": 21,
        "Oh Chong-song": 24,
        "Jang Gil-su": 15,
        "Kang Chol-hwan": None,
    }


def test_works_and_their_authors(seed: View) -> None:
    """Memoirs and books go to their authors; the book about Kim Jong-il is by Ri Han-yong."""
    works = {w.title: w for w in seed.records.works}
    expected = {
        "The Aquariums of Pyongyang": ("memoir", "2001", ["Kang Chol-hwan"], []),
        "Eyes of the Tailless Animals": ("memoir", None, ["Lee Soon-ok"], []),
        "A Mark of Red Honour": ("book", None, ["Jang Yeong-jin"], []),
        "tell-all book about Kim Jong-il's private life": (
            "book",
            None,
            ["Ri Han-yong"],
            ["Kim Jong-il"],
        ),
        "crayon drawings": ("drawings", None, ["Jang Gil-su"], []),
        "books on how he found inner peace in Christianity": ("book", None, ["Kim Shin-jo"], []),
    }
    assert set(works) == set(expected)
    for title, (kind, year, authors, about) in expected.items():
        work = works[title]
        assert (work.kind, work.year, seed.names_of(work.authors), seed.names_of(work.about)) == (
            kind,
            year,
            authors,
            about,
        )
    assert works["The Aquariums of Pyongyang"].key == "work/the-aquariums-of-pyongyang"
    [publication] = [e for e in seed.events("1992-1", "publication")]
    assert (
        publication.work == "work/the-aquariums-of-pyongyang"
        and publication.date is not None
        and publication.date.iso == "2001"
    )


def test_roles_and_ranks_as_written(seed: View) -> None:
    """Roles and ranks keep their wording; the columnist role is an employment at The Chosun Ilbo."""
    roles = {p.name: p.roles for p in seed.records.people if p.roles}
    assert roles["No Kum-sok"] == ("Air force senior lieutenant",)
    assert roles["Thae Yong-ho"] == ("deputy ambassador to the United Kingdom",)
    assert roles["Oh Chong-song"] == ("soldier",)
    assert roles["Kim Shin-jo"] == ("missionary",)
    assert roles["Lee Soon-ok"] == ("high-ranking party member",)
    assert "columnist" in roles["Kang Chol-hwan"]
    kang = seed.person("Kang Chol-hwan").key
    assert ("organization/chosun-ilbo", "columnist", "employment") in {
        (a.organization, a.role, a.kind) for a in seed.records.affiliations if a.person == kang
    }


def test_organizations_from_the_gazetteer_and_rules(seed: View) -> None:
    """Party, agency, league, newspaper, international bodies and the embassy are organizations."""
    organizations = {o.name: o for o in seed.records.organizations}
    for name in ("Workers' Party of Korea", "Reconnaissance General Bureau", "Kim Il-sung Socialist Youth League",
                 "The Chosun Ilbo", "United Nations", "United States House of Representatives", "Oslo Freedom Forum"):  # fmt: skip
        assert organizations[name].from_gazetteer, name
    embassy = organizations["South Korean Embassy in Beijing"]
    assert (embassy.type, embassy.country, embassy.from_gazetteer) == (
        "diplomatic mission",
        "place/south-korea",
        False,
    )
    assert organizations["United Nations"].wikidata == "Q1065"


def test_kinship_from_the_text(seed: View) -> None:
    """Nephew → uncle, his father with a description, his entire family as one collective relative."""
    assert ("Ri Han-yong", "Kim Jong-il") in seed.relations("uncle")
    assert ("Kang Chol-hwan", "father of Kang Chol-hwan") in seed.relations("father")
    assert ("Kang Chol-hwan", "family of Kang Chol-hwan") in seed.relations("relative")
    father = seed.person("father of Kang Chol-hwan")
    assert (
        father.description == "a Zainichi Korean who'd returned to North Korea"
        and father.gender == "male"
    )
    family = seed.person("family of Kang Chol-hwan")
    assert family.description == "entire family" and not family.defector
    [prison] = seed.events("1992-1", "imprisonment")
    assert {p.key for p in prison.participants} == {seed.person("Kang Chol-hwan").key, family.key}
    assert prison.duration == "P10Y"  # "released ten years later"
    assert seed.names_of(prison.places) == [
        "Sungho-ri concentration camp",
        "Yodok concentration camp",
    ]


def test_life_events_with_dates_and_places(seed: View) -> None:
    """The killing (1997, Gyeonggi-do), testimony, participation and the 2011 assassination attempt."""
    [killing] = seed.events("1982-1", "killing")
    assert (
        killing.date is not None
        and killing.date.iso == "1997"
        and seed.names_of(killing.places) == ["Gyeonggi Province"]
    )
    [testimony] = seed.events("1995-1", "testimony")
    assert seed.names_of(testimony.organizations) == [
        "United States House of Representatives",
        "United Nations",
    ]
    [forum] = seed.events("1999-2", "participation")
    assert (
        forum.date is not None
        and forum.date.iso == "2009"
        and seed.names_of(forum.organizations) == ["Oslo Freedom Forum"]
    )
    [attempt] = seed.events("1999-2", "assassination attempt")
    assert attempt.date is not None and attempt.date.iso == "2011"
    assert [(p.key, p.role) for p in attempt.participants] == [("person/park-sang-hak", "target")]
    [raid] = seed.events("1968-1", "assassination attempt")
    assert [seed.label(p.key) for p in raid.participants] == ["Kim Shin-jo", "Park Chung-hee"]


def test_spans_quote_the_article(seed_article, seed: View) -> None:  # type: ignore[no-untyped-def]
    """Every span's quote is the article text between its offsets, inside its entry."""
    entries = {e.id: e for e in seed_article.entries}
    spans = [s for p in seed.records.people for s in p.spans] + [
        e.span for e in seed.records.events
    ]
    spans += [s for p in seed.records.places for s in p.spans] + [
        r.span for r in seed.records.relations if r.span
    ]
    assert len(spans) > 150
    for span in spans:
        assert (
            span.quote == seed_article.text[span.start : span.end]
            and span.quote.strip() == span.quote
        )
        entry = entries[span.entry_id]  # type: ignore[index]
        assert entry.start <= span.start <= span.end <= entry.end


def test_records_are_sorted_and_keys_unique(seed: View) -> None:
    """Every tuple is sorted by key and no key is used twice."""
    records = seed.records
    for items in (records.people, records.groups, records.events, records.places, records.organizations,
                  records.works, records.agents, records.sources):  # fmt: skip
        keys = [item.key for item in items]
        assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert [e.id for e in records.entries] == [
        e.id for e in sorted(records.entries, key=lambda e: e.start)
    ]


def test_extraction_is_deterministic(seed_article, seed_records) -> None:  # type: ignore[no-untyped-def]
    """Extracting the same article twice gives equal records."""
    from defectorkg.extract import extract

    assert extract(seed_article) == seed_records


def test_intro_total_and_unmatched_sentences(seed: View) -> None:
    """The stated total comes from the intro; sentences no rule used are reported with their entry."""
    assert (seed.records.article.total_defectors, seed.records.article.total_as_of) == (
        31093,
        "2016",
    )
    unmatched = [
        (i.entry_id, i.message[17:40])
        for i in seed.records.issues
        if i.kind == "unmatched-sentence"
    ]
    assert unmatched == [
        ("1968-1", "'This led to retaliatio"),
        ("2015-1", "'Senior-level defection"),
        ("2015-1", "'South Korean authoriti"),
        ("2020-1", "'He then expressed to t"),
    ]


def test_describe_says_what_each_entry_yielded(seed: View) -> None:
    """One line per entry names its defectors and counts what it yielded."""
    from defectorkg.extract import describe

    lines = describe(seed.records)
    assert len(lines) == 15
    assert lines[5] == (
        "1997-1 Hwang Jang-yop, Kim Dok-hong: 2 defectors, 6 route steps, 3 relations, 1 affiliations, "
        "3 places, 3 organizations"
    )
