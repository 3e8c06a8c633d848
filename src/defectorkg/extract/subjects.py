"""Who defected in an entry: the subject phrase, the subject of the first move, groups.

Longer than 500 lines on purpose: the subject of an entry is read by structure (the phrase
before the separator), then by grammar, then by group nouns; the fallbacks share one reading
of the entry's opening.

The entry's subject phrase ("Kang Chol-hwan", "Unidentified Colonel") is used when it names a
person or reads as a label; otherwise the noun phrase before the first verb of movement
("Air force senior lieutenant No Kum-sok (age 21) flew …", "12 women and one man … defected",
"there was a former gymnast … who defected") is; otherwise the grammatical subject of the first
clause ("An army private was detained …").  A phrase before a move that describes the subject
again ("a colonel from …'s Reconnaissance General Bureau … defected") adds roles to it; names
coordinated with the subject ("X and Y crossed") are defectors too.
"""

from __future__ import annotations

import re
from typing import Literal

from ..model import Affiliation
from .dating import NUMBER, number_value
from .grammar import (
    ADVERBIAL,
    CLAUSE,
    apposed_name,
    chunks,
    coordinated_names,
    first_verb,
    opens_sentence,
    skip_leading_date,
    within_date,
    without_trailing_adverbs,
)
from .lexicon import Lexicon
from .names import NameMention
from .phrases import (
    SET_OFF_AGE,
    NounPhrase,
    RolePhrase,
    age_in,
    clean,
    may_be_group,
    plural_roles,
    read_noun_phrase,
    role_phrases,
    title_roles,
)
from .reader import EntryReader
from .registry import PersonDraft, as_gender
from .scan import KeyedPattern
from .text import TriggerHit

_MOVE_CUES = ("route:motion", "route:defection", "route:flight", "route:sea", "route:arrival")
_PERSON_WORD = re.compile(
    r"\b(?:man|woman|men|women|boy|girl|defector|person|people|North Koreans?|family|soldier|child|children|teenager|mother|father)\b",
    re.IGNORECASE,
)
_OBJECT_BEFORE = re.compile(r"\b(?:of|to|by|for|with|from|against|about)\s+$", re.IGNORECASE)
_AMONG = re.compile(r"\s*among\s+(?:the|them|those)?\b[^,]*", re.IGNORECASE)
_COMMA_AFTER = re.compile(r"\s*,\s*")
_BRACKET_AFTER = re.compile(r"\s*\([^()]*\)")
_THERE_WAS = re.compile(r"^\s*there\s+(?:was|were|is|are)\s+", re.IGNORECASE)
_POSING = KeyedPattern(
    re.compile(
        r"\b(?:posing|posed|pretending|pretended|disguised|masquerading)\s+as\s+(?:a\s+)?defectors?\b",
        re.IGNORECASE,
    )
)
_ALIAS = KeyedPattern(
    re.compile(r"\b(?:identified|known|named)\s+(?:only\s+)?as\s+[\"“](?P<alias>[^\"”]{1,40})[\"”]")
)
# "X (born Y)", "X (Y)", "X (also known as Y)" right after the subject's name.
_BRACKETED_NAME = re.compile(
    r"\s*\((?:(?:born|née|nee|also\s+known\s+as|a\.k\.a\.|real\s+name)\s+)?(?P<alias>[^()\d,;]{3,40})\)"
)
_UNDER_THE_NAME = re.compile(
    r"\b(?:under\s+the\s+(?:assumed\s+|new\s+)?name|(?:also|later|now)\s+known\s+as|a\.k\.a\.)\s+"
    r"(?P<alias>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})"
)
_ANONYMITY = re.compile(
    r"\b(?:unidentified|unnamed|unknown|anonymous|name\s+(?:unknown|withheld))\b", re.IGNORECASE
)

_TRAILING_BRACKETS = re.compile(r"\s*\(.*\)$")
_BRACKETS = re.compile(r"\(.*?\)")
_THAT_CLAUSE = re.compile(r"(?:^|\s)that\s")
_WHO_CLAUSE = re.compile(r"\s(?:who|whom|whose|which)\b")
_WORD = re.compile(r"[\w']+")
# The opening of a body: a phrase, perhaps a bracket ("(이웅평)", "(age 21)"), then a comma.
_OPENING = re.compile(r"\s*(?P<phrase>[^\s,;:()–—\[\]][^,;:()–—\[\]]{0,60}?)\s*(?:\([^()]*\)\s*)?,")
_WENT_BACK = re.compile(
    rf"\b(?P<n>{NUMBER})\s+of\s+(?:the|them|those)\b[^.;]*?\b(?:repatriated|returned|sent\s+back|"
    r"went\s+(?:back|home)|go\s+(?:back|home)|handed\s+(?:back|over))\b",
    re.IGNORECASE,
)
_STAYED = re.compile(
    rf"\bthe\s+other\s+(?P<n>{NUMBER})\s+(?:\w+\s+)?(?:stayed|remained|chose\s+to\s+stay|defected|settled)\b",
    re.IGNORECASE,
)
_BARE_AGE = re.compile(r"\s*(?:aged\s+)?(\d{1,2})\s*(?:$|[–—)])")
_DESCRIPTION_START = re.compile(r"\s*(?:a|an|then\s+a|then\s+an)\s", re.IGNORECASE)
_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]+")
_NAME_WORD = re.compile(
    r"(?:[^\W\d_]\.)|(?:[^\W\d_a-z][^\W\d_]*(?:['’][^\W\d_]+)*(?:-[^\W\d_]+(?:['’][^\W\d_]+)*)*)"
)
_CAPITALIZED_RUN = re.compile(r"(?:[A-Z][\w-]*\s*)+")
_NUMBER_WORD = re.compile(rf"{NUMBER}(?:-\w+)?", re.IGNORECASE)
_NOT_NAME = frozenset(
    """the a an one two three this that these those his her their its our my mr mrs ms dr
    north south east west korea korean koreans chinese japanese american british soviet russian
    in on at of to for from with by and or but late early after before during when while since
    unidentified unnamed unknown anonymous several some many all both each""".split()
)


def read_defectors(reader: EntryReader) -> None:
    """Find the defectors of the entry and register them (people, groups) with their descriptions."""
    subject = _subject_phrase(reader) or _opening_subject(reader)
    if subject is not None and subject.group is not None:
        subject = _members_named(reader) or subject
    clause = _first_move_phrase(reader, within_first_sentence=subject is not None)
    if subject is None and clause is not None:
        subject, clause = clause, None
    if subject is None:
        subject = _leading_name(reader)
    if subject is None:
        subject = clause_subject(reader)
    if subject is None:
        return
    posing = _POSING.search(reader.found.word_index) is not None
    primary = _register(reader, subject, defector=not posing)
    if (
        clause is not None
        and clause.group is None
        and (
            clause.name is None
            or reader.registry.find_person(clause.name.text) is reader.person(primary)
        )
    ):
        _describe(reader, primary, clause)
    if subject.name is not None:
        _coordinated(reader, primary, subject.name, defector=not posing)
        _subject_apposition(reader, primary, subject.name)
    if reader.entry.subject is not None and clause is None:
        _body_apposition(reader, primary)
    _later_groups(reader)
    _those_who_went_back(reader)
    _alias(reader, primary, subject.name)


def _subject_phrase(reader: EntryReader) -> NounPhrase | None:
    entry = reader.entry
    if not entry.subject or entry.subject_span is None:
        return None
    start, end = entry.local(entry.subject_span[0]), entry.local(entry.subject_span[1])
    start = skip_leading_date(reader, start, end)  # "In early May nine North Koreans – …"
    found = reader.found
    phrase = read_noun_phrase(found, start, end, reader.lexicon)
    if phrase.name is not None and _covers(found.text, start, end, phrase.name):
        return phrase
    written = clean(found.text[start:end])
    if phrase.name is None and phrase.group is None:
        name = subject_name(reader, start, end)
        if name is not None:
            return read_noun_phrase(found, start, end, reader.lexicon)
    if phrase.group is not None or _is_label(written, reader.lexicon):
        return phrase
    return None


def subject_name(reader: EntryReader, start: int, end: int) -> NameMention | None:
    """The name a subject phrase is, whatever its letters: the words before the separator
    ("Name – …", "Name (Hangul) – …", "Name, a …, defected") once a leading rank or title
    ("Senior Lieutenant", "Captain") and trailing brackets are set aside.  Hangul, apostrophes
    ("P'yo", "O'Neill"), accents and Western order are all names here; determiners, numbers,
    role, kin and group words, anonymity words and gazetteer names are not.  The name found is
    added to the entry's names."""
    found = reader.found
    text = found.text
    lexicon = reader.lexicon
    end = start + len(_TRAILING_BRACKETS.sub("", text[start:end]).rstrip(" ,"))
    while start < end and text[start] == " ":
        start += 1
    for title in lexicon.role_re.finditer(text, start, end):
        if text[start : title.start()].strip() and not _CAPITALIZED_RUN.fullmatch(
            text[start : title.start()].strip()
        ):
            break
        start = title.end()
        while start < end and text[start] == " ":
            start += 1
    written = text[start:end]
    if not _is_name(written, lexicon):
        return None
    existing = next((n for n in found.names if n.start < end and start < n.end), None)
    if existing is not None:
        return existing if (existing.start, existing.end) == (start, end) else None
    mention = NameMention(start, end, written)
    found.add_name(mention)
    return mention


def _is_name(written: str, lexicon: Lexicon) -> bool:
    """True when ``written`` reads as a personal name by its shape alone (see :func:`subject_name`)."""
    words = written.split()
    if not 1 <= len(words) <= 4 or _ANONYMITY.search(written) or written in lexicon.surface:
        return False
    if len(words) == 1 and not (_HANGUL.fullmatch(words[0]) or "-" in words[0]):
        return False  # a lone word is a name only in Hangul or hyphenated ("Min-ho")
    for position, word in enumerate(words):
        lower = word.lower()
        if not _NAME_WORD.fullmatch(word):
            return False
        if _NUMBER_WORD.fullmatch(lower) and (position == 0 or word == lower):
            return False  # "Two soldiers", never the family name "Ten" after a given name
        if lower in _NOT_NAME or lower in lexicon.roles or lower in lexicon.kinship:
            return False
        if lower in lexicon.group_nouns or lower in lexicon.plural_roles:
            return False
    return True


def _members_named(reader: EntryReader) -> NounPhrase | None:
    """ "two lieutenants — X, 23, and Y, 22 — flew": a group phrase followed by the names of its
    members is those people (the first here; the names coordinated with it follow)."""
    found = reader.found
    body = reader.entry.local(reader.entry.body_start)
    while body < len(found.text) and found.text[body] == " ":
        body += 1
    first = next((n for n in found.names if n.start == body), None)
    if first is None or not coordinated_names(reader, first):
        return None
    return read_noun_phrase(found, first.start, first.end, reader.lexicon)


def _opening_subject(reader: EntryReader) -> NounPhrase | None:
    """ "Name (Hangul), a …, defected" or "Name, who had …, defected": the words that open the
    entry's body before a bracket and a comma are its subject when they read as a name."""
    found = reader.found
    body = reader.entry.local(reader.entry.body_start)
    opening = _OPENING.match(found.text, body)
    if opening is None:
        return None
    start, end = opening.span("phrase")
    name = subject_name(reader, start, end)
    if name is None:
        return None
    return read_noun_phrase(found, start, name.end, reader.lexicon)


def _covers(text: str, start: int, end: int, name: NameMention) -> bool:
    """True when the subject is the name (plus an age or a role at most)."""
    rest = (text[start : name.start] + text[name.end : end]).strip(" ,")
    rest = _BRACKETS.sub("", rest).strip()
    return len(rest.split()) <= 4


def _is_label(written: str, lexicon: Lexicon) -> bool:
    """True when a subject without a name reads as a description of a person."""
    if CLAUSE.search(written) or ADVERBIAL.match(written) and not _ANONYMITY.search(written):
        return False
    if _ANONYMITY.search(written):
        return True
    return bool(lexicon.role_re.search(written) or _PERSON_WORD.search(written))


def _moves(reader: EntryReader) -> list[tuple[TriggerHit, int, int]]:
    """Each verb of movement with its sentence index and where its subject may begin (after the
    trigger before it in the sentence, and after the subject and date phrase in the first one)."""
    found = reader.found
    moves = []
    previous_end: dict[int, int] = {}
    body_start = reader.entry.local(reader.entry.body_start)
    for hit in found.triggers:
        sentence = found.sentence_at(hit.start)
        floor = previous_end.get(sentence.index, sentence.start)
        previous_end[sentence.index] = hit.end
        if hit.kinds[0] not in _MOVE_CUES:
            continue
        if sentence.index == 0:
            floor = max(floor, body_start)
        moves.append((hit, sentence.index, floor))
    return moves


def _first_move_phrase(reader: EntryReader, *, within_first_sentence: bool) -> NounPhrase | None:
    """The noun phrase before the first verb of movement that reads as a person or a group."""
    for hit, sentence, floor in _moves(reader):
        if within_first_sentence and sentence > 0:
            return None
        phrase = noun_phrase_before(reader, floor, hit.start)
        if phrase is not None:
            return phrase
    return None


def noun_phrase_before(reader: EntryReader, start: int, end: int) -> NounPhrase | None:
    """The subject noun phrase written between ``start`` and ``end`` (a verb), if there is one.

    Opening adverbials and participial clauses are passed over ("Arrested twice in China and
    repatriated, a former railway worker …"); a name after the verb is the subject ("Among the
    diplomats … was Pak Yong-chol"); an apposition is read for the name it describes ("… by Ri
    Sun-hwa, a former prison guard who had waded …").
    """
    found = reader.found
    text = found.text
    pieces = chunks(text, start, end)
    for index, (chunk_start, chunk_end) in enumerate(pieces):
        chunk_start = skip_leading_date(reader, chunk_start, chunk_end)
        piece = text[chunk_start:chunk_end]
        if not piece.strip() or within_date(reader, chunk_start, chunk_end):
            continue
        named = _only_name(reader, chunk_start, chunk_end)
        if named is not None and (CLAUSE.search(piece) or ADVERBIAL.match(piece.strip())):
            return _name_after_verb(reader, chunk_start, named)  # "Among them was Han Song-i"
        if opens_sentence(piece) and index < len(pieces) - 1:
            continue
        there = _THERE_WAS.match(piece)
        if there:
            chunk_start += there.end()
        relative = _THAT_CLAUSE.search(text[chunk_start:chunk_end])
        if relative:
            chunk_start += relative.end()
        cut = _WHO_CLAUSE.search(text[chunk_start:chunk_end])
        if cut:
            chunk_end = chunk_start + cut.start()
        chunk_end = without_trailing_adverbs(text, chunk_start, chunk_end)
        written = clean(text[chunk_start:chunk_end])
        if not written or CLAUSE.search(_BRACKETS.sub("", written)) or ADVERBIAL.match(written):
            return None
        if not (
            any(n.end <= chunk_end for n in found.starting("names", chunk_start, chunk_end))
            or may_be_group(found, chunk_start, chunk_end, reader.lexicon)
            or _is_label(written, reader.lexicon)
        ):
            return None  # no name, no group, no description of a person: nothing to read
        phrase = read_noun_phrase(found, chunk_start, chunk_end, reader.lexicon)
        if phrase.group is not None and not cut:
            phrase = read_noun_phrase(found, chunk_start, end, reader.lexicon)
        if phrase.name or phrase.group or _is_label(written, reader.lexicon):
            return _apposition(reader, phrase, pieces[index + 1 : index + 2])
        return None
    return None


def _name_after_verb(reader: EntryReader, chunk_start: int, name: NameMention) -> NounPhrase:
    """A name standing after its verb, with the role the clause gives it ("Among the diplomats …")."""
    phrase = read_noun_phrase(reader.found, name.start, name.end, reader.lexicon)
    phrase.roles = title_roles(reader.found, chunk_start, name, reader.lexicon)
    among = _AMONG.match(reader.found.text, chunk_start, name.start)
    if among is not None:
        phrase.roles += plural_roles(reader.found, among.start(), among.end(), reader.lexicon)
    return phrase


def _apposition(
    reader: EntryReader, phrase: NounPhrase, following: list[tuple[int, int]]
) -> NounPhrase:
    """A description set off by commas next to a name is that person's: "…, Ri Sun-hwa, a former
    guard who …" and "Pyongyang's deputy ambassador to London, Thae Yong-ho, defected" give the
    name, with the roles the description gives."""
    if phrase.name is not None or phrase.group is not None:
        return phrase
    name = apposed_name(reader, phrase.start)
    if name is None and following:
        name = _whole_name(reader, *following[0])
    if name is None:
        return phrase
    named = read_noun_phrase(reader.found, name.start, name.end, reader.lexicon)
    named.roles += phrase.roles
    named.age = named.age or phrase.age
    named.gender = named.gender or phrase.gender
    return named


def _whole_name(reader: EntryReader, start: int, end: int) -> NameMention | None:
    """The name that is all of ``start``..``end`` (spaces aside)."""
    piece = reader.found.text[start:end]
    start += len(piece) - len(piece.lstrip())
    end -= len(piece) - len(piece.rstrip())
    return next((n for n in reader.found.names if (n.start, n.end) == (start, end)), None)


def clause_subject(reader: EntryReader) -> NounPhrase | None:
    """The grammatical subject of the entry's first clause, when no other rule names a defector.

    Every entry under a year is about a defection: the noun phrase before the first verb of the
    first sentence, once opening adverbials, dates and participial clauses are passed over
    ("An army private was detained …", "Arrested twice …, a former railway worker … reached").
    """
    found = reader.found
    start = reader.entry.local(reader.entry.body_start)
    sentence = found.sentence_at(start)
    pieces = chunks(found.text, start, sentence.end)
    for index, (chunk_start, chunk_end) in enumerate(pieces):
        chunk_start = skip_leading_date(reader, chunk_start, chunk_end)
        piece = found.text[chunk_start:chunk_end]
        named = _only_name(reader, chunk_start, chunk_end)
        if named is not None and (CLAUSE.search(piece) or ADVERBIAL.match(piece.strip())):
            return _name_after_verb(reader, chunk_start, named)  # "Among the officers … was X"
        if not piece.strip() or within_date(reader, chunk_start, chunk_end):
            continue
        if opens_sentence(piece) and index < len(pieces) - 1:
            continue
        verb = first_verb(reader, chunk_start, chunk_end)
        if verb == chunk_end and index < len(pieces) - 1:
            verb = first_verb(reader, chunk_start, sentence.end)  # "X, who …, crossed"
        return noun_phrase_before(reader, chunk_start, verb)
    return None


def _only_name(reader: EntryReader, start: int, end: int) -> NameMention | None:
    """The one personal name written between ``start`` and ``end`` that is not the object of a preposition."""
    names = [n for n in reader.found.starting("names", start, end) if n.end <= end]
    if len(names) != 1 or _OBJECT_BEFORE.search(
        reader.found.text[max(0, names[0].start - 12) : names[0].start]
    ):
        return None
    found: NameMention = names[0]
    return found


def _leading_name(reader: EntryReader) -> NounPhrase | None:
    """A name that opens the entry text ("Thae Yong-ho was …") when nothing else names the subject."""
    first = next(iter(reader.found.names), None)
    if first is None or reader.found.text[: first.start].strip():
        return None
    return read_noun_phrase(reader.found, first.start, first.end, reader.lexicon)


def _register(reader: EntryReader, phrase: NounPhrase, *, defector: bool) -> str:
    """Make the person or group a phrase names, and (unless ``defector`` is False) a defector."""
    registry = reader.registry
    entry_id = reader.entry.id
    if phrase.group is not None:
        size, parts, description = phrase.group
        label = clean(reader.found.text[phrase.start : phrase.end].split(",")[0]).rstrip(".")
        group = registry.group(entry_id, label, size, parts, description)
        group.spans.append(
            reader.span(
                phrase.start,
                phrase.start + len(reader.found.text[phrase.start : phrase.end].split(",")[0]),
            )
        )
        group.entry_ids.append(entry_id)
        key = group.key
    elif phrase.name is not None:
        person = registry.named_person(phrase.name.text)
        reader.mention(person, phrase.name.start, phrase.name.end)
        key = person.key
        _describe(reader, key, phrase)
    else:
        person = registry.anonymous_person(entry_id, phrase.label or phrase.text)
        reader.mention(person, phrase.start, phrase.end)
        key = person.key
        person.description = phrase.description
        _describe(reader, key, phrase)
    reader.add_ref(phrase.start, phrase.end, key, subject=True)
    if defector:
        reader.add_defector(key)
    else:
        reader.not_defectors.add(key)
        if key in registry.groups:
            registry.groups[key].defector = False
    reader.use(phrase.start)
    return key


def _describe(reader: EntryReader, key: str, phrase: NounPhrase) -> None:
    """Give a person the age, roles, gender and affiliations a phrase states."""
    person = reader.person(key)
    if person is None:
        return
    if phrase.age is not None and person.age_at_defection is None:
        person.age_at_defection = phrase.age
    if phrase.gender and person.gender is None:
        person.gender = as_gender(phrase.gender)
    add_roles(reader, person, phrase.roles)
    if phrase.start != phrase.end and not phrase.name:
        reader.add_ref(phrase.start, phrase.end, key, subject=True)
    reader.use(phrase.start)


def add_roles(reader: EntryReader, person: PersonDraft, roles: list[RolePhrase]) -> None:
    """Add roles to a person, with an affiliation for each role held in an organization."""
    lexicon = reader.lexicon
    for role in roles:
        person.add_role(_role_text(role.text, lexicon))
        word = lexicon.roles.get(role.head)
        if person.gender is None and word is not None and word.gender in ("male", "female"):
            person.gender = as_gender(word.gender)
        organization_key = None
        if role.organization is not None:
            organization_key = reader.place_key(role.organization)
            if not organization_key.startswith("organization/"):
                organization_key = None
        else:
            implied = next(
                (
                    lexicon.implied[w]
                    for w in _WORD.findall(role.text.lower())
                    if w in lexicon.implied
                ),
                None,
            )
            if implied is not None:
                organization_key = reader.registry.organization_from_gazetteer(implied, None)
        if organization_key is None:
            continue
        kind = word.affiliation if word else "member"
        reader.registry.affiliate(
            Affiliation(
                person=person.key, organization=organization_key, role=role.head,
                kind=_affiliation_kind(kind),
                former=role.former, span=reader.span(role.start, role.end),
            )
        )  # fmt: skip


def _affiliation_kind(kind: str) -> Literal["member", "position", "employment"]:
    """The Affiliation kind a role word's data names ("member" when the data says something else)."""
    if kind == "position":
        return "position"
    if kind == "employment":
        return "employment"
    return "member"


def _role_text(text: str, lexicon: Lexicon) -> str:
    """A role as written, with a leading demonym dropped and a title-cased single word lowered."""
    match = lexicon.demonym_re.match(text)
    if match and match.end() < len(text):
        text = text[match.end() :].strip()
    words = text.split()
    if all(w[:1].isupper() for w in words) and len(words) <= 2:
        text = text.lower()
    return text


def _body_apposition(reader: EntryReader, primary: str) -> None:
    """Roles written right after the subject: "Thae Yong-ho, North Korea's deputy ambassador …"."""
    found = reader.found
    start = reader.entry.local(reader.entry.body_start)
    first_trigger = next((t.start for t in found.triggers if t.start >= start), len(found.text))
    end = found.next_boundary(start, min(first_trigger, found.sentence_at(start).end))
    comma = found.text.find(",", start, end)
    end = comma if comma > start else end
    piece = found.text[start:end]
    if not piece.strip() or CLAUSE.search(piece) or ADVERBIAL.match(piece.strip()):
        return
    person = reader.person(primary)
    if person is None:
        return
    aged = SET_OFF_AGE.match(found.text, end)  # "X – a major of the KPA, aged 34, he drove …"
    if aged is not None and person.age_at_defection is None:
        person.age_at_defection = number_value(aged.group("n"))
    roles = role_phrases(found, start, end, reader.lexicon)
    roles = [r for r in roles if not reader.lexicon.kin_re.match(found.text, r.start)]
    if roles:
        add_roles(reader, person, roles)
        reader.use(start)


def _coordinated(reader: EntryReader, primary: str, name: NameMention, *, defector: bool) -> None:
    """People named together with the subject ("X and Y crossed", "X, Y and Z, three workers …"):
    defectors too, co-defectors of the subject, with the roles an apposition after them gives."""
    joined = coordinated_names(reader, name)
    if not joined:
        return
    keys = [primary]
    for other in joined:
        person = reader.registry.named_person(other.text)
        reader.mention(person, other.start, other.end)
        reader.add_ref(other.start, other.end, person.key, subject=True)
        if defector:
            reader.add_defector(person.key)
        age = _apposition_age(reader, other.end)  # "X, 23, and Y, 22"
        if age is not None and person.age_at_defection is None:
            person.age_at_defection = age
        span = reader.span(name.start, other.end)
        reader.registry.relate(primary, "co-defector", person.key, "associate", span)
        reader.registry.relate(person.key, "co-defector", primary, "associate", span)
        keys.append(person.key)
    roles = _apposition_roles(reader, joined[-1].end)
    for key in keys:
        described = reader.person(key)
        if described is not None and roles:
            add_roles(reader, described, roles)


def _subject_apposition(reader: EntryReader, primary: str, name: NameMention) -> None:
    """ "Han Yong-ok (한영옥), a nurse from Hamhung, climbed …": the apposition gives her role."""
    person = reader.person(primary)
    if person is None:
        return
    bracket = _BRACKET_AFTER.match(reader.found.text, name.end)
    position = bracket.end() if bracket else name.end
    roles = _apposition_roles(reader, position)
    if roles:
        add_roles(reader, person, roles)
    age = _apposition_age(reader, position)
    if age is not None and person.age_at_defection is None:
        person.age_at_defection = age


def _apposition_age(reader: EntryReader, position: int) -> int | None:
    """The age an apposition right after the subject gives: "X, 23, …", "X, a 24-year-old pilot, …"
    (the entry's subject is described as of the defection the entry is about)."""
    found = reader.found
    comma = _COMMA_AFTER.match(found.text, position)
    if comma is None:
        return None
    end = found.next_boundary(comma.end(), found.sentence_at(position).end)
    piece = found.text[comma.end() : end].split(",")[0]
    bare = _BARE_AGE.match(piece)
    if bare is not None:
        return int(bare.group(1))
    if not _DESCRIPTION_START.match(piece):
        return None
    return age_in(piece)


def _apposition_roles(reader: EntryReader, position: int) -> list[RolePhrase]:
    """The roles of an apposition right after ``position`` (", three workers from a mill, …")."""
    found = reader.found
    comma = _COMMA_AFTER.match(found.text, position)
    if comma is None:
        return []
    end = found.next_boundary(comma.end(), found.sentence_at(position).end)
    piece = found.text[comma.end() : end]
    if CLAUSE.search(piece) or ADVERBIAL.match(piece.strip()):
        return []
    return role_phrases(found, comma.end(), end, reader.lexicon) or plural_roles(
        found, comma.end(), end, reader.lexicon
    )


def _later_groups(reader: EntryReader) -> None:
    """Groups named as the subject of a later move ("The family of eleven drifted to …")."""
    if len(reader.found.sentences) < 2:
        return
    for hit, sentence, floor in _moves(reader):
        if sentence == 0 or any(ref.start >= floor and ref.end <= hit.start for ref in reader.refs):
            continue
        phrase = noun_phrase_before(reader, floor, hit.start)
        if phrase is not None and phrase.group is not None:
            _register(reader, phrase, defector=True)


def _those_who_went_back(reader: EntryReader) -> None:
    """ "Two of the four asked to go home and were repatriated; the other two stayed": a group's
    size counts only those who stayed ("the other N stayed" gives it, else N who went back are
    taken off)."""
    groups = [g for key in reader.defectors if (g := reader.registry.groups.get(key)) and g.size]
    if len(groups) != 1:
        return
    group = groups[0]
    text = reader.found.text
    stayed = _STAYED.search(text)
    went_back = _WENT_BACK.search(text)
    size = group.size or 0
    if stayed is not None:
        size = number_value(stayed.group("n")) or size
    elif went_back is not None:
        size -= number_value(went_back.group("n")) or 0
    if 0 < size < (group.size or 0):
        group.size = size
        reader.use((stayed or went_back).start())  # type: ignore[union-attr]


def _alias(reader: EntryReader, primary: str, name: NameMention | None) -> None:
    """A name the subject was first known by ('identified only as "Oh"'), a name in brackets after
    the subject's ("X (born Y)", "X (Y)"), and a name someone acted under ("under the name Y"):
    other names of the same person, so that later mentions of them are that person."""
    person = reader.person(primary)
    match = _ALIAS.search(reader.found.word_index)
    if person is not None and match is not None and not person.anonymous:
        alias = match.group("alias").strip()
        if alias and alias not in person.alternate_names and alias != person.name:
            person.alternate_names.append(alias)
            reader.add_ref(match.start("alias"), match.end("alias"), primary, subject=False)
            reader.use(match.start())
    text = reader.found.text
    for other in (_BRACKETED_NAME, _UNDER_THE_NAME):
        if other is _BRACKETED_NAME:
            hangul = _BRACKET_AFTER.match(text, name.end) if name is not None else None
            after = hangul.end() if hangul is not None and _HANGUL.search(hangul.group()) else None
            found = other.match(text, after or name.end) if name is not None else None
        else:
            found = other.search(text)
        if found is None or not _is_name(found.group("alias"), reader.lexicon):
            continue
        owner = (
            primary if other is _BRACKETED_NAME else reader.actor_before(found.start()) or primary
        )
        described = reader.person(owner)
        if described is not None and not described.anonymous:
            reader.registry.alias(described, found.group("alias"))
