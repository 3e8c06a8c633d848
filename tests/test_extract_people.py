"""People of an entry: subjects by structure, relatives, companions, associates, ages and citations.

Every article here is written for these tests (none is a sentence of the development set).
"""

from __future__ import annotations

import dataclasses

import pytest

from defectorkg.extract import extract
from defectorkg.extract.entry import RULES
from defectorkg.extract.registry import (
    EventDraft,
    GroupDraft,
    PersonDraft,
    WorkDraft,
    freeze,
)
from defectorkg.model import Event, Group, Person, Records, Span, Work
from defectorkg.source.parse import parse_article

# -- the machinery --------------------------------------------------------------------------


def test_rules_are_listed_in_their_order() -> None:
    """The entry's rules are data: defectors before kin, companions before routes, citations last."""
    names = [rule.__name__ for rule in RULES]
    assert names.index("read_defectors") < names.index("read_people") < names.index("read_relations")
    assert names.index("read_companions") == names.index("build_routes") - 1
    assert names[-1] == "_finish"


@pytest.mark.parametrize(
    ("draft", "record"),
    [(PersonDraft, Person), (GroupDraft, Group), (EventDraft, Event), (WorkDraft, Work)],
)
def test_drafts_carry_the_record_field_names(draft: type, record: type) -> None:
    """Every field a draft shares with its record has the record's name, so freezing is by name."""
    record_fields = {f.name for f in dataclasses.fields(record)}
    draft_fields = {f.name for f in dataclasses.fields(draft)}
    required = {
        f.name
        for f in dataclasses.fields(record)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    }
    assert required <= draft_fields
    # what a draft has beyond its record is bookkeeping, never a misspelt record field
    assert draft_fields - record_fields <= {"position"}


def test_freeze_takes_fields_by_name_and_defaults_the_rest() -> None:
    """Lists become tuples, sets sorted tuples; a record field the draft lacks keeps its default."""
    person = PersonDraft(key="person/a", name="A", fold="a", age_at_defection=30)
    person.citations.update({3, 1})
    person.alternate_names += ["A", "Ay"]
    frozen = person.freeze()
    assert (frozen.age_at_defection, frozen.citations, frozen.alternate_names) == (30, (1, 3), ("Ay",))

    @dataclasses.dataclass
    class Partial:
        key: str

    with pytest.raises(TypeError, match="Person.name"):
        freeze(Person, Partial("person/b"))
    span = Span("2000-1", 0, 1, "x")
    work = freeze(Work, WorkDraft("work/x", "X", "book", spans=[span]))
    assert work.spans == (span,) and work.authors == ()


# -- articles of our own ---------------------------------------------------------------------


def _article(*entries: tuple[int, str]) -> Records:
    """Extract an article of the bundled rendering whose entries are ``(year, text)``."""
    parts = ["List of North Korean defectors in South Korea\n\nAn intro.[1]\n"]
    for year, text in entries:
        parts.append(f"\n  • {year}\n    • {text}[1]\n")
    parts.append('\nReferencesEdit\n\n  1. ^ "A report". A Paper. 1 January 2020.\n')
    return extract(parse_article("".join(parts), source_name="people.txt"))


def _defectors(records: Records) -> dict[str, Person]:
    return {p.name: p for p in records.people if p.defector}


def _ties(records: Records) -> set[tuple[str, str, str]]:
    names = {p.key: p.name for p in records.people}
    return {(names[r.person], r.relation, names[r.other]) for r in records.relations}


def test_the_subject_is_the_phrase_before_the_separator_whatever_its_letters() -> None:
    """Hangul only, McCune-Reischauer apostrophes, accents and Western order: the subject phrase
    is a name; a rank before it is a role."""
    records = _article(
        (1990, "Captain Ch'oe Mun-dŏk – flew a transport plane south and landed at Osan."),
        (1991, "박영철 – walked across the border into China and reached Seoul in May."),
        (1992, "Sun-mi Ri (리선미) – crossed the Tumen River and reached Seoul by way of Laos."),
        (1993, "Anaïs O'Neill Pak – swam across the Yalu River into China."),
    )
    defectors = _defectors(records)
    assert set(defectors) == {"Ch'oe Mun-dŏk", "박영철", "Sun-mi Ri", "Anaïs O'Neill Pak"}
    assert defectors["Ch'oe Mun-dŏk"].roles == ("captain",)


def test_a_name_opening_the_body_before_a_comma_is_the_subject() -> None:
    """ "Name (Hangul), who had …, defected": the clause after the subject names nobody who defected."""
    records = _article(
        (1994, "Yi Sun-gap (이순갑), who had driven a car for Kim Il-sung for six years, fled to China in 1993."),
        (1995, "Pak Myong-sun, who had lost an eye in a mine, walked into China."),
    )
    defectors = _defectors(records)
    assert set(defectors) == {"Yi Sun-gap", "Pak Myong-sun"}
    assert "이순갑" in defectors["Yi Sun-gap"].alternate_names


def test_ages_at_defection_and_ages_that_are_not() -> None:
    """ "Name, 23," and "Name, a 12-year-old …," are ages at defection; an age at death is not."""
    records = _article(
        (1996, "Rhee Un-gap, 23, swam across the Han River estuary."),
        (1997, "Kang Mi-ok (강미옥), a 12-year-old schoolgirl from Hamhung, fled into China."),
        (1998, "Ko Song-ho – crossed the Tumen River into China. He died in Seoul in 2009 at the age of 52."),
    )
    ages = {name: p.age_at_defection for name, p in _defectors(records).items()}
    assert ages == {"Rhee Un-gap": 23, "Kang Mi-ok": 12, "Ko Song-ho": None}


def test_named_relatives_coordinated_and_shared_by_a_couple() -> None:
    """ "with his wife, Y, and their daughters, A and B": both daughters are named relatives of both
    spouses, all went along; a pronoun that disagrees with the subject's gender is the woman named
    last ("her grandfather"); a one-letter family name is a family name."""
    records = _article(
        (2016, "Ju Song-man (주성만), a counsellor at the embassy in Stockholm, left his post in May "
               "2016 with his wife, Ri Yong-hui, and their daughters, Ju Mi-ran and Ju Mi-ok. "
               "Ri Yong-hui comes from a military family: her grandfather, O Chin-u, was a marshal."),
    )  # fmt: skip
    assert set(_defectors(records)) == {"Ju Song-man", "Ri Yong-hui", "Ju Mi-ran", "Ju Mi-ok"}
    assert _ties(records) >= {
        ("Ju Song-man", "wife", "Ri Yong-hui"),
        ("Ju Song-man", "daughter", "Ju Mi-ran"), ("Ju Song-man", "daughter", "Ju Mi-ok"),
        ("Ri Yong-hui", "daughter", "Ju Mi-ran"), ("Ri Yong-hui", "daughter", "Ju Mi-ok"),
        ("Ri Yong-hui", "grandfather", "O Chin-u"),
    }  # fmt: skip
    assert not any(r[2].startswith("grandfather of") for r in _ties(records))


def test_relatives_left_behind_and_a_lone_given_name() -> None:
    """A child sent back is a relative of both parents, not a defector; "her younger sister,
    Chun-ok," names the sister; passports that make two people out to be kin state no kinship."""
    records = _article(
        (2017, "Han Chol-su (한철수), a trade official, vanished from the consulate in Shenyang with "
               "his wife, Kim Sun-ae, in March 2017. Their 15-year-old son was sent back to Pyongyang."),
        (2018, "Pak Chun-hui (박춘희) – waded across the Tumen River with her younger sister, Chun-ok."),
        (2019, "Mun Ki-bong (문기봉) – a clerk, he flew to Seoul from Vladivostok on passports that "
               "made him and his companion out to be father and son."),
    )  # fmt: skip
    defectors = _defectors(records)
    assert set(defectors) == {"Han Chol-su", "Kim Sun-ae", "Pak Chun-hui", "Chun-ok", "Mun Ki-bong"}
    ties = _ties(records)
    assert {("Han Chol-su", "son", "son of Han Chol-su"), ("Kim Sun-ae", "son", "son of Han Chol-su"),
            ("Pak Chun-hui", "sister", "Chun-ok")} <= ties  # fmt: skip
    assert not any(person == "Mun Ki-bong" for person, _, _ in ties)


def test_an_appositive_chain_describes_the_person_it_follows() -> None:
    """In "her cousin A (sister of B, the widow of a general and mother of two pilots)" the later
    appositions are B's, and "widow"/"mother" make B a woman: A's sister, not a brother."""
    records = _article(
        (2003, "Ri Sol-ok – fled to China in 2001 with her cousin Ri Sol-mi (sister of Ri Ok-sun, "
               "the widow of a general and mother of two pilots)."),
    )  # fmt: skip
    ties = _ties(records)
    assert {("Ri Sol-ok", "cousin", "Ri Sol-mi"), ("Ri Sol-mi", "sister", "Ri Ok-sun"),
            ("Ri Ok-sun", "husband", "husband of Ri Ok-sun"),
            ("Ri Ok-sun", "child", "child of Ri Ok-sun")} <= ties  # fmt: skip
    women = {p.name for p in records.people if p.gender == "female"}
    assert {"Ri Sol-mi", "Ri Ok-sun"} <= women


def test_companions_in_either_order() -> None:
    """ "His wife Y defected with him." and "He defected with his wife Y." both make Y a defector."""
    records = _article(
        (2001, "Pak Chol-ho – a fisherman from Sinpo, he crossed the sea border in a small boat. "
               "His wife Yun Mi-ran defected with him."),
        (2002, "Ro Kyong-su – a teacher, he defected with his wife Yun Mi-ok in May."),
    )  # fmt: skip
    assert set(_defectors(records)) == {"Pak Chol-ho", "Yun Mi-ran", "Ro Kyong-su", "Yun Mi-ok"}


def test_associates_from_their_words() -> None:
    """A crew member after "with his", "a fellow agent, X" and "a driver to X" are associates."""
    records = _article(
        (1990, "Senior Lieutenant P'yo Mun-dok, a 31-year-old navigator, flew a bomber south with "
               "his radio operator, Ch'oe Tal-su, and landed at Osan."),
        (1991, "Pak Un-sil (박은실), an agent, was flown to Seoul. Travelling with a fellow agent, "
               "Ri Chol-u, she had planted a bomb."),
        (1992, "Ryu Hyon-chol (류현철), who had spent six years as a driver to Kim Il-sung, crossed the "
               "Tumen River into China in 1990."),
    )  # fmt: skip
    assert {"P'yo Mun-dok", "Ch'oe Tal-su"} <= set(_defectors(records))
    assert _defectors(records)["P'yo Mun-dok"].age_at_defection == 31
    ties = {(a, r, b) for a, r, b in _ties(records)}
    assert {("P'yo Mun-dok", "colleague", "Ch'oe Tal-su"), ("Pak Un-sil", "colleague", "Ri Chol-u"),
            ("Kim Il-sung", "aide", "Ryu Hyon-chol")} <= ties  # fmt: skip
    assert "Ri Chol-u" not in _defectors(records)


def test_a_group_counted_in_compound_number_words() -> None:
    """ "Twenty-five North Koreans, six of them children," is one group of 25 (the six are among them)."""
    records = _article(
        (2002, "Twenty-five North Koreans, six of them children, climbed the wall of the German embassy in Beijing."),
    )
    [group] = records.groups
    assert group.size == 25


def test_an_adverb_before_the_opening_date_and_an_anonymous_soldier() -> None:
    """ "Late on 3 May 2012, a North Korean private in his thirties crossed …": the private defected that day."""
    records = _article(
        (2012, "Late on May 3, 2012, a North Korean private in his thirties crossed the Military Demarcation Line."),
    )
    [private] = [p for p in records.people if p.defector]
    assert private.anonymous and "private" in private.name
    assert private.arrival is not None and private.arrival.iso == "2012-05-03"


def test_a_name_in_passing_is_backed_by_no_reference() -> None:
    """The entry's reference backs its defector and the relatives its sentences state, not a
    person named in passing."""
    records = _article(
        (2005, "Song Chol-min – crossed the Tumen River a year after Kim Dae-jung visited the "
               "border; his uncle, Song Il-bok, was a general."),
    )
    citations = {p.name: p.citations for p in records.people}
    assert citations["Song Chol-min"] == (1,) and citations["Song Il-bok"] == (1,)
    assert citations["Kim Dae-jung"] == ()


def test_a_family_listed_with_the_subject_went_along() -> None:
    """ "X, his wife Y, their one-year-old son Z, his sister W and their father V climbed …": all
    defected; "their" son is both spouses', "their" father both siblings'; "one-year-old" is an age."""
    records = _article(
        (2003, "On 2 June 2003, Pak Sang-gu, his wife Cho Mi-na, their one-year-old son Chol-ung, "
               "his sister Pak Sang-mi and their father Pak Tu-man climbed the fence of the Canadian "
               "embassy in Beijing."),
    )  # fmt: skip
    defectors = _defectors(records)
    assert set(defectors) == {"Pak Sang-gu", "Cho Mi-na", "Chol-ung", "Pak Sang-mi", "Pak Tu-man"}
    assert defectors["Chol-ung"].age_at_defection == 1
    ties = _ties(records)
    assert {("Pak Sang-gu", "son", "Chol-ung"), ("Cho Mi-na", "son", "Chol-ung"),
            ("Pak Sang-gu", "father", "Pak Tu-man"), ("Pak Sang-mi", "father", "Pak Tu-man")} <= ties
    assert ("Cho Mi-na", "father", "Pak Tu-man") not in ties  # fmt: skip


def test_a_possessive_in_the_subject_list_is_no_companion() -> None:
    """ "X, his uncle's driver, crossed …" names an uncle who did not go along."""
    records = _article((2004, "Hong Chol-jin, his uncle's driver, crossed the Yalu River into China."))
    assert set(_defectors(records)) == {"Hong Chol-jin"}


def test_ages_of_coordinated_names_and_an_age_read_back_from_the_move() -> None:
    """ "two sergeants — X, 24, and Y, 21 — crossed": both defected at their ages; "was 12 when she
    swam across" is an age at defection; "as a 10-year-old" watching something is not."""
    records = _article(
        (1960, "On 3 May 1960, two sergeants — Rhee Pom-gu, 24, and Yi Pom-ho, 21 — crossed the Military Demarcation Line."),
        (2006, "Mi-rae Pak – was 12 when she swam across the Tumen River into China in 1999. She reached Seoul in 2006."),
        (2007, "Ko Yong-il – made to watch, as a 10-year-old, the hanging of a neighbour, he fled to China in 2005."),
    )  # fmt: skip
    ages = {name: p.age_at_defection for name, p in _defectors(records).items()}
    assert ages == {"Rhee Pom-gu": 24, "Yi Pom-ho": 21, "Mi-rae Pak": 12, "Ko Yong-il": None}
    assert ("Rhee Pom-gu", "co-defector", "Yi Pom-ho") in _ties(records)


def test_a_group_counts_those_who_stayed() -> None:
    """ "Three of the five were repatriated at their own request" leaves a group of two."""
    records = _article(
        (2011, "On 9 July 2011, five North Korean fishermen drifted into the harbour at Sokcho. "
               "Three of the five were repatriated at their own request."),
        (2012, "On 9 July 2012, six North Korean sailors reached Jumunjin in a small boat. "
               "Two of them went home; the other four stayed in the South."),
    )  # fmt: skip
    assert sorted(g.size for g in records.groups) == [2, 4]


def test_a_helper_described_in_an_apposition() -> None:
    """ "Tom Weller, an American traveller she had met in Vientiane, paid their fines": a name set
    off by an apposition with a role word is a person, and whoever's verb helps the defector's
    relatives is the defector's rescuer (an associate, not a defector)."""
    records = _article(
        (2010, "Hyeon-mi Ko (고현미) – crossed the Yalu River in 1999. In 2009 she went back to lead her "
               "mother across China to Laos, where the two were arrested; Tom Weller, an American "
               "traveller she had met in Vientiane, paid their fines, and they reached South Korea in 2010."),
    )  # fmt: skip
    assert ("Hyeon-mi Ko", "rescuer", "Tom Weller") in _ties(records)
    assert "Tom Weller" not in _defectors(records)


def test_relatives_and_fellows_in_clauses_are_not_companions() -> None:
    """A mother and brother in a "when …" clause did not go along; a fellow prisoner named after
    "with a fellow prisoner," who died is an associate, not a defector; a journalist after "by the
    journalist" is no one's co-defector."""
    records = _article(
        (2007, "Cho Il-nam (born Cho Il-su) – he was 12 when his father, Cho Pyong-do, and his "
               "younger sister, Cho Il-ok, were shot in 1999. In 2005 he escaped from the camp with a "
               "fellow prisoner, Hwang Mun-gil, who drowned in the river, and crossed the Tumen River "
               "into China. His story was written down by the reporter Anna Keller in 2010."),
    )  # fmt: skip
    assert set(_defectors(records)) == {"Cho Il-nam"}
    assert {("Cho Il-nam", "father", "Cho Pyong-do"), ("Cho Il-nam", "sister", "Cho Il-ok"),
            ("Cho Il-nam", "colleague", "Hwang Mun-gil")} <= _ties(records)  # fmt: skip


def test_relatives_a_defector_went_back_to_bring_out() -> None:
    """ "went back to lead her mother and her younger brother, Chol-su, across China": both defected."""
    records = _article(
        (2009, "Hye-won Pak (박혜원) – crossed the Yalu River in 1998. In 2008 she went back to lead "
               "her mother and her younger brother, Chol-su, across China to Thailand."),
    )  # fmt: skip
    defectors = _defectors(records)
    assert {"Hye-won Pak", "Chol-su", "mother of Hye-won Pak"} <= set(defectors)
    assert defectors["Chol-su"].gender == "male"


def test_a_group_phrase_followed_by_its_members_names_and_a_dated_group_phrase() -> None:
    """ "two sergeants — X and Y —" are X and Y; "In early May nine North Koreans – …" is a group of 9."""
    records = _article(
        (1961, "On 3 May 1961, two sergeants — Rhee Pom-gu and Yi Pom-ho — crossed the Military Demarcation Line."),
        (2022, "In early May nine North Koreans – two families – crossed the Northern Limit Line in a small boat."),
    )  # fmt: skip
    assert {"Rhee Pom-gu", "Yi Pom-ho"} <= set(_defectors(records))
    assert [g.size for g in records.groups] == [9]


def test_other_names_of_the_same_person() -> None:
    """ "X (born Y)", "X (Y)" and "under the name Y" are other names of X, and a later mention of Y is X."""
    records = _article(
        (2011, "Yun Hae-sol (born Yun Kum-sil) – crossed the Tumen River into China in 2010."),
        (2012, "Paek Chang-ho (Baek Chang-ho) – walked across the border into China."),
        (2013, "Kim Tae-u, a clerk, flew to Seoul in 2013; under the name Kim Ju-won, he was "
               "elected to a city council in 2018. Kim Ju-won later wrote a memoir."),
    )  # fmt: skip
    defectors = _defectors(records)
    assert "Yun Kum-sil" in defectors["Yun Hae-sol"].alternate_names
    assert "Baek Chang-ho" in defectors["Paek Chang-ho"].alternate_names
    assert "Kim Ju-won" in defectors["Kim Tae-u"].alternate_names
    assert not any(p.name == "Kim Ju-won" for p in records.people)


def test_a_sister_of_someone_whose_gender_is_not_written() -> None:
    """ "X, sister of Y": Y is X's sibling (never a brother the text does not state); X is a woman."""
    records = _article((2014, "Ri Ok-hwa – sister of Ri Sang-jin, she crossed the Tumen River into China."))
    assert ("Ri Ok-hwa", "sibling", "Ri Sang-jin") in _ties(records)
    assert _defectors(records)["Ri Ok-hwa"].gender == "female"


def test_an_age_written_before_the_move() -> None:
    """ "at the age of 15 she waded across …" is an age at defection, like "was 15 when she waded"."""
    records = _article((2015, "Mun Se-ra – at the age of 15 she waded across the Tumen River into China."))
    assert _defectors(records)["Mun Se-ra"].age_at_defection == 15
