"""Everyone named or referred to in an entry: names, family names alone, pronouns, "the colonel".

Each reference becomes a :class:`~defectorkg.extract.reader.Ref`, so later rules can ask who a
clause is about.  Named people are matched across the article by folded name.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .dating import NUMBER, number_value
from .lexicon import Lexicon
from .names import PRONOUNS, is_person_name, surname_of
from .phrases import AT_AGE, SET_OFF_AGE
from .reader import Cue, EntryReader
from .registry import as_gender
from .scan import KeyedPattern

_DEFINITE = re.compile(
    r"\bthe\s+(?:(?:unnamed|unidentified|anonymous|young|former|same|\w+-year-old|North\s+Korean|South\s+Korean)\s+)*"
    r"(?P<noun>defector|man|woman|boy|girl|teenager|colonel|soldier|private|officer|pilot|diplomat|student|couple)\b",
    re.IGNORECASE,
)

_DEFINITE_SCAN = KeyedPattern(_DEFINITE)
_AT_AGE = KeyedPattern(AT_AGE)
# "was 11 when she crossed …": the age right before a move (read back from the move's verb).
# "at the age of 17 she followed …" likewise.
_WAS_WHEN = re.compile(
    rf"\b(?:(?:was|were)\s+(?:only\s+|just\s+)?(?P<n>\d{{1,2}}|{NUMBER})(?:\s+years?\s+old)?\s+when|"
    rf"at\s+(?:the\s+)?age\s+(?:of\s+)?(?P<m>\d{{1,2}}|{NUMBER}),?)\s+"
    r"(?:he|she|they|we|I)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
_HANGUL_AFTER = re.compile(
    r"\s*\((?P<hangul>[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af][\u1100-\u11ff\u3130-\u318f\uac00-\ud7af ]*)\)"
)
_TITLED_NAME = re.compile(
    r"\b(?P<role>[a-z]+)\s+(?P<name>[A-Z][a-z'’-]+(?:\s+(?:[A-Z]\.|[A-Z][a-z'’-]+)){1,3})(?![\w-])"
)
_PREPOSITION_BEFORE = re.compile(
    r"\b(?:of|to|at|with|by|for|from|about|against)\s+(?:the\s+)?\s*$", re.IGNORECASE
)
_DESCRIBED_NAME = re.compile(
    r"(?<![\w'’-])(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’.-]+){1,2}),\s+(?:a|an)\s+(?P<desc>[^,;.()]{1,60}?)(?=[,;.]|$)"
)
_NEXT_WORD = re.compile(r"\s*([\w-]+)")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_SPACES = re.compile(r"\s+", re.IGNORECASE)


def read_people(reader: EntryReader) -> None:
    """Register every named person and every reference to the entry's people (object pronouns
    wait for :func:`read_object_pronouns`, once relatives are known)."""
    _names(reader)
    _hangul_names(reader)
    _titled_names(reader)
    _described_names(reader)
    _surnames(reader)
    _pronouns(reader)
    _definite_descriptions(reader)


def read_object_pronouns(reader: EntryReader) -> None:
    """ "him", "them", "her" as objects: whoever was referred to last that is not the clause's subject."""
    primary = reader.primary
    if primary is None:
        return
    text = reader.found.text
    for start, end, word in reader.found.pronouns:
        if reader.ref_at(start, end) is not None:
            continue
        if word in ("him", "them") or (word == "her" and _is_object(text, start, end)):
            reader.add_ref(start, end, _last_other(reader, start) or primary, subject=False)


def _names(reader: EntryReader) -> None:
    for name in reader.found.names:
        if reader.ref_at(name.start, name.end) is not None:
            continue
        person = reader.registry.named_person(name.text)
        reader.mention(person, name.start, name.end)
        reader.add_ref(name.start, name.end, person.key)


def _hangul_names(reader: EntryReader) -> None:
    """ "Han Yong-ok (한영옥)": the Hangul in brackets after a name is the same person's name."""
    text = reader.found.text
    for name in reader.found.names:
        hangul = _HANGUL_AFTER.match(text, name.end)
        person = reader.registry.find_person(name.text)
        if hangul is None or person is None:
            continue
        written = hangul.group("hangul").strip()
        if written not in person.alternate_names:
            person.alternate_names.append(written)
        reader.mention(person, hangul.start("hangul"), hangul.end("hangul"))
        reader.add_ref(hangul.start("hangul"), hangul.end("hangul"), person.key, subject=False)


def _titled_names(reader: EntryReader) -> None:
    """ "the activist Tim A. Peters": a name after a role word, in any script of names."""
    text = reader.found.text
    for match in _titled_name_scan(reader.lexicon).matches(reader.found.word_index):
        role, name = match.group("role").lower(), match.group("name")
        if role not in reader.lexicon.roles or not is_person_name(name, reader.lexicon):
            continue
        start, end = match.start("name"), match.end("name")
        if reader.ref_at(start, end) is not None or any(
            n.start < end and start < n.end for n in reader.found.names
        ):
            continue
        person = reader.registry.named_person(name)
        person.add_role(role)
        reader.mention(person, start, end)
        object_of = _PREPOSITION_BEFORE.search(text, max(0, match.start() - 30), match.start())
        reader.add_ref(start, end, person.key, subject=object_of is None)


def _described_names(reader: EntryReader) -> None:
    """ "Dick Stolp, an Australian traveller she had met, paid …": a name set off by an apposition
    that describes a person (a role word after "a"/"an") is a person's, in any script of names."""
    found = reader.found
    text = found.text
    if ", a" not in text:
        return
    for match in _DESCRIBED_NAME.finditer(text):
        start, end = match.span("name")
        name = match.group("name")
        if not reader.lexicon.role_re.search(match.group("desc")) or not is_person_name(
            name, reader.lexicon
        ):
            continue
        if (
            reader.ref_at(start, end) is not None
            or any(n.start < end and start < n.end for n in found.names)
            or any(p.start < end and start < p.end for p in (*found.places, *found.organizations))
        ):
            continue
        person = reader.registry.named_person(name)
        if person.description is None:
            person.description = " ".join(match.group("desc").split())
        reader.mention(person, start, end)
        object_of = _PREPOSITION_BEFORE.search(text, max(0, start - 30), start)
        reader.add_ref(start, end, person.key, subject=object_of is None)


@lru_cache(maxsize=4)
def _titled_name_scan(lexicon: Lexicon) -> KeyedPattern:
    """_TITLED_NAME, tried only at the lexicon's role words."""
    return KeyedPattern(_TITLED_NAME, lexicon.role_scan.heads)


def _surnames(reader: EntryReader) -> None:
    """A family name standing alone ("No's defection", "Kang was imprisoned", "at Oh")."""
    table: dict[str, str | None] = {}
    for ref in list(reader.refs):
        person = reader.person(ref.key)
        if person is None or person.anonymous:
            continue
        family = surname_of(person.name, reader.lexicon)
        if family is None:
            continue
        table[family] = ref.key if table.get(family, ref.key) == ref.key else None
    keys = {family: key for family, key in table.items() if key is not None}
    if not keys:
        return
    names = [(n.start, n.end) for n in reader.found.names]
    for start, end, family in reader.found.word_index.occurrences_of(keys):
        if any(s <= start < e for s, e in names):
            continue
        key = keys[family]
        covering = reader.ref_at(start, end)
        person = reader.person(key)
        if person is not None and (covering is None or covering.key == key):
            reader.mention(person, start, end)
        if covering is None:  # else a word of a name already read ("Harden" of "Blaine Harden")
            reader.add_ref(start, end, key)


def _pronouns(reader: EntryReader) -> None:
    """He/she/they refer to the entry's first defector; him/her as objects to whom was named last."""
    primary = reader.primary
    if primary is None:
        return
    text = reader.found.text
    gender_seen = False
    for start, end, word in reader.found.pronouns:
        if reader.ref_at(start, end) is not None:
            continue
        if word in ("him", "them") or (word == "her" and _is_object(text, start, end)):
            continue
        gender = PRONOUNS.get(word)
        person = reader.person(primary)
        if gender and person is not None and person.gender not in (None, gender):
            other = _last_of_gender(reader, start, gender)
            if other is not None:  # "he … her uncle": she is the woman named last
                reader.add_ref(start, end, other, subject=True)
                continue
        reader.add_ref(start, end, primary, subject=True)
        if not gender_seen and gender:
            gender_seen = True
            if person is not None and person.gender is None:
                person.gender = as_gender(gender)


def _last_of_gender(reader: EntryReader, position: int, gender: str) -> str | None:
    """The person referred to last before ``position`` who may be of ``gender`` (known to be, or
    not known), other than the entry's first defector."""
    sentence = reader.found.sentence_at(position).index
    floor = reader.found.sentences[sentence - 1].start if sentence > 0 else 0
    for ref in reversed(reader.refs):  # back to the sentence before at most
        if ref.start < floor:
            break
        if ref.end > position or ref.key == reader.primary:
            continue
        person = reader.person(ref.key)
        if person is not None and person.gender in (None, gender):
            return ref.key
    return None


def _is_object(text: str, start: int, end: int) -> bool:
    """True for "her" used as an object ("fired at her", "with her."), not as "her son"."""
    after = _NEXT_WORD.match(text[end:])
    return after is None or after.group(1).lower() in (
        "and", "or", "to", "in", "at", "on", "for", "from", "with", "as", "that", "out", "into", "across",
    )  # fmt: skip


def _last_other(reader: EntryReader, position: int) -> str | None:
    """The person referred to last before ``position`` who is not the actor of that clause."""
    actor = reader.actor_before(position)
    for ref in reversed(reader.refs):
        if ref.end <= position and ref.key != actor:
            return ref.key
    return None


def _definite_descriptions(reader: EntryReader) -> None:
    """ "the colonel", "the defector", "the unnamed North Korean man" when the entry has one person."""
    primary = reader.primary
    person = reader.person(primary) if primary else None
    if person is None or len(reader.defectors) != 1:
        return
    for match in _DEFINITE_SCAN.matches(reader.found.word_index):
        if reader.ref_at(match.start(), match.end()) is not None:
            continue
        reader.add_ref(match.start(), match.end(), person.key, subject=True)
        reader.mention(person, match.start(), match.end())
        noun = match.group("noun").lower()
        if noun in ("man", "boy") and person.gender is None:
            person.gender = "male"
        elif noun in ("woman", "girl") and person.gender is None:
            person.gender = "female"
        if person.anonymous:
            label = _LEADING_THE.sub("", _SPACES.sub(" ", match.group()))
            if label.lower() != person.name.lower() and len(label.split()) > 1:
                person.alternate_names.append(label)


def age_at_defection(reader: EntryReader, cue: Cue) -> None:
    """ "fled North Korea at age 15", "was 11 when she crossed": the age at defection (never
    "imprisoned at age 9", "died at the age of 47")."""
    if cue.kind not in ("motion", "defection", "sea", "flight"):
        return
    match = _AT_AGE.search(reader.found.word_index, cue.hit.end, cue.window.end)
    if match is None:
        text = reader.found.text
        match = _WAS_WHEN.search(text[max(0, cue.hit.start - 40) : cue.hit.start])
    person = reader.person(cue.actor or reader.primary or "")
    if (
        match is None
        or person is None
        or person.age_at_defection is not None
        or person.key not in reader.defectors
    ):
        return
    age = number_value(match.group("n") or match.groupdict().get("m") or "")
    if age:
        person.age_at_defection = age
        reader.use(cue.hit.start)


def ages_set_off(reader: EntryReader) -> None:
    """ "X, aged 12, went with her": the age set off after a defector's name (see ``phrases.SET_OFF_AGE``)."""
    text = reader.found.text
    for ref in reader.refs:
        if ref.key not in reader.defectors:
            continue
        person = reader.person(ref.key)
        if person is None or person.age_at_defection is not None:
            continue
        match = SET_OFF_AGE.match(text, ref.end)
        if match is not None:
            person.age_at_defection = number_value(match.group("n"))
