"""Relatives and associates: "his mother Song Hye-rang", "nephew of Kim Jong-il", "with her son",

Longer than 500 lines on purpose: kin words, appositive chains, coordinated relatives and
pronoun agreement are one rule family that shares the kin-phrase reading; split, each part
would re-read the same phrases.
"his father, a Zainichi Korean …", "his entire family", "Kim Dok-hong, his aide", "fellow defector X".

A relative written without a name becomes an anonymous person labelled "<word> of <owner>"
("son of Lee Soon-ok"); within an entry the same word for the same owner is one person, and an
unnamed "his aide" gives way to a named one ("Kim Dok-hong, his aide").  A relative written
after "with"/"alongside" (or joined to the subject: "… and her two daughters") went along: the
route and event rules decide with whom.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .dating import NUMBER, number_value
from .grammar import coordinated_names
from .lexicon import KinWord, Lexicon, trie_pattern
from .names import PRONOUNS, NameMention
from .phrases import clean
from .reader import EntryReader
from .registry import PersonDraft, as_gender
from .scan import KeyedPattern, head_of

_MODIFIERS = (
    r"(?:(?:late|elder|younger|older|eldest|youngest|twin|little|baby|small|entire|whole|extended|own|other|new|"
    rf"first|second|{NUMBER}|(?:\d{{1,2}}|{NUMBER})-year-old)\s+)*"
)
_AGE_MODIFIER = re.compile(rf"\b(?P<n>\d{{1,2}}|{NUMBER})-year-old\b", re.IGNORECASE)
# "with his wife", "alongside her son", "went back to lead her mother" (the relatives a defector
# brings out); "X and his wife" counts only in the subject (_in_subject).
_COMPANION_BEFORE = re.compile(
    r"(?:\b(?:along|together)\s+)?\b(?:with|alongside)\s+$|"
    r"\b(?:lead|led|bring|brought|fetch|fetched|guide|guided|smuggle|smuggled)\s+(?:out\s+)?$",
    re.IGNORECASE,
)
_DESCRIPTION = re.compile(r",\s+(?P<desc>(?:a|an)\s+[^,;]+?)(?=,|;|\.|$)")
# "fellow defector X", "a fellow agent, X": a defector's fellow is a fellow defector, any other a colleague.
_FELLOW = KeyedPattern(
    re.compile(
        r"\bfellow\s+(?P<noun>[a-z][\w-]*(?:\s+(?:agents?|officers?|soldiers?))?)\s*,?\s*",
        re.IGNORECASE,
    )
)

_AND_BEFORE = re.compile(
    r"(?:\band|,)\s+$"
)  # "X, his wife Y and their son": a list with the subject
_GAP = re.compile(r"[\s,:]*")  # "his wife Y", "his wife, Y", "His wife: Y"
_COMMA_AFTER = re.compile(r"\s*,")
_COMMA_BEFORE = re.compile(r",\s*$")
_POSSESSIVE_PRONOUN = re.compile(r"^(?:his|her|their)\s+", re.IGNORECASE)
_DESCRIBED_PERSON = re.compile(rf"(?:a|an|the|{NUMBER})\s+[^,;.()]+", re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:a|an|the)\s+")
_TITLE_WORD = re.compile(r"(?:then-)?[A-Z][\w-]*\.?\s+")
_LONE_GIVEN_NAME = re.compile(
    r"\s*,?\s*(?P<name>[A-Z][a-z'’]+(?:-[a-z'’]+)+|[\uac00-\ud7af]{2,4})(?=\s*[,.;]|\s+(?:who|and)\b)"
)
_APPOSITION_BEFORE = re.compile(r"\s*,\s*(?:the\s+|a\s+|an\s+)?$", re.IGNORECASE)
_AND_APPOSITION = re.compile(r"[^,;()]*?\s+and\s+(?:the\s+|a\s+|an\s+)?", re.IGNORECASE)
_APPOSED_KIN = re.compile(r"\s*,\s*(?:the\s+|a\s+|an\s+)?(?P<word>[a-z-]+)\s+of\b", re.IGNORECASE)
_SPOUSES = frozenset({"wife", "husband", "spouse", "partner"})
# Verbs of help: their subject helped whoever their object is ("paid their fines", "hid them").
_HELP = re.compile(
    r"\b(?:helped|paid|guided|hid|sheltered|smuggled|rescued|sponsored|bribed\s+\w+\s+for|led|took\s+in)\b",
    re.IGNORECASE,
)
_NEXT_WORD = re.compile(r"\s*([\w'’-]+)")
_VERB_BETWEEN = re.compile(
    r"\b(?:was|were|is|are|had|has|have|when|while|who|whom|whose|after|before|because)\b",
    re.IGNORECASE,
)
_OWNS_AFTER = re.compile(r"['’]s\b")
_SIBLINGS = frozenset({"brother", "sister", "sibling"})
_CHILDREN = frozenset({"son", "daughter", "child"})
_PARENTS = frozenset({"mother", "father", "parent"})


@dataclass(slots=True)
class _Slot:
    """One relative or associate written in the entry."""

    start: int
    end: int
    word: str  # the kin or associate word as written, lower case
    written: str  # the whole phrase ("his younger brother")
    owner: str  # key of the person whose relative it is
    named: str | None = None  # key of the named relative
    mention: NameMention | None = None  # where the named relative is written
    description: str | None = None
    companion: bool = False
    shared: bool = False  # the same relative as the slot written at this place, of another owner


_Partners = dict[tuple[str, str], list[str]]


@dataclass(frozen=True, slots=True)
class _Patterns:
    """The kinship patterns of a lexicon; the keyed ones are tried only at the words they begin with."""

    possessive: KeyedPattern  # "his younger brother"
    coordinated: re.Pattern[str]  # ", and his mother" after a possessive
    of: KeyedPattern  # "nephew of "
    associate_of: KeyedPattern  # "bodyguard to ", "aide of ", "interpreter for "
    owned: re.Pattern[str]  # "'s aide"
    bare: KeyedPattern  # "mother"
    words: frozenset[str]  # the heads of every kin and associate word, and "fellow"


@lru_cache(maxsize=4)
def _patterns(lexicon: Lexicon) -> _Patterns:
    """The kinship patterns with the lexicon's kin and associate words (once per lexicon)."""
    kin_words, associate_words = tuple(lexicon.kinship), tuple(lexicon.associates)
    kin = "|".join(sorted((re.escape(w) for w in kin_words), key=len, reverse=True))
    both = "|".join(
        sorted((re.escape(w) for w in (*kin_words, *associate_words)), key=len, reverse=True)
    )
    possessive = re.compile(
        rf"\b(?P<pos>his|her|their)\s+(?P<mods>{_MODIFIERS})(?P<word>{both})(?![\w-])",
        re.IGNORECASE,
    )
    coordinated = re.compile(
        rf"(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?:(?P<pos>his|her|their)\s+)?(?P<mods>{_MODIFIERS})(?P<word>{kin})(?![\w-])",
        re.IGNORECASE,
    )
    of = re.compile(rf"(?<![\w-])(?P<word>{trie_pattern(kin_words)})\s+of\s+", re.IGNORECASE)
    associate_of = re.compile(
        rf"(?<![\w-])(?P<word>{trie_pattern(associate_words)})\s+(?:to|of|for)\s+", re.IGNORECASE
    )
    owned = re.compile(rf"['’]s\s+(?P<mods>{_MODIFIERS})(?P<word>{both})(?![\w-])", re.IGNORECASE)
    bare = re.compile(rf"(?<![\w-])(?P<word>{trie_pattern(kin_words)})(?![\w-])", re.IGNORECASE)
    kin_heads = [head_of(word) for word in kin_words]
    return _Patterns(
        possessive=KeyedPattern(possessive),
        coordinated=coordinated,
        of=KeyedPattern(of, kin_heads),
        associate_of=KeyedPattern(associate_of, [head_of(word) for word in associate_words]),
        owned=owned,
        bare=KeyedPattern(bare, kin_heads),
        words=frozenset((*kin_heads, *(head_of(word) for word in associate_words), "fellow")),
    )


def read_relations(reader: EntryReader) -> None:
    """Find every relative and associate of the entry's people and record the ties."""
    patterns = _patterns(reader.lexicon)
    if not reader.found.word_index.has_any(patterns.words):
        return  # no kin or associate word: every rule below needs one
    slots = _possessive_slots(reader, patterns.possessive, patterns.coordinated)
    slots += _owned_slots(reader, patterns.owned)
    _resolve(reader, slots)
    _kin_of(reader, patterns.of)
    _associate_of(reader, patterns.associate_of)
    _fellows(reader)
    _helpers(reader)
    _bare_kin_words(reader, patterns.bare)


def _possessive_slots(
    reader: EntryReader, possessive: KeyedPattern, coordinated: re.Pattern[str]
) -> list[_Slot]:
    text = reader.found.text
    slots: list[_Slot] = []
    partners: _Partners = {}  # (owner, "spouse"/"sibling") -> the named spouses or siblings so far
    for match in possessive.matches(reader.found.word_index):
        pronoun = reader.ref_at(match.start("pos"), match.end("pos"))
        owner = pronoun.key if pronoun is not None else reader.primary
        if owner is None:
            _unresolved(reader, match.start(), match.end(), f"whose {match.group('word').lower()}")
            continue
        _gender_of_owner(reader, owner, match.group("pos"))
        slot = _slot(reader, match, owner)
        position = _add_slot(reader, slots, partners, slot, match.group("pos"), match.end())
        if slot.description:
            return_to = text.find(slot.description, position)
            position = return_to + len(slot.description) if return_to >= 0 else position
        while True:
            more = coordinated.match(text, position)
            if more is None:
                break
            extra = _slot(
                reader,
                more,
                owner,
                start=more.start("mods") if more.group("pos") is None else more.start("pos"),
            )
            extra.companion = extra.companion or slot.companion
            position = _add_slot(
                reader, slots, partners, extra, more.group("pos") or "", more.end()
            )
    return slots


def _add_slot(
    reader: EntryReader,
    slots: list[_Slot],
    partners: _Partners,
    slot: _Slot,
    pronoun: str,
    end: int,
) -> int:
    """Add a slot, the named relatives coordinated with it and, after "their", the same relatives
    of the owner's spouse or sibling; return where the phrase ends."""
    alongside = [slot, *_named_alongside(reader, slot)]
    slots += alongside
    if pronoun.lower() == "their":
        slots += _of_the_couple(reader, partners, alongside)
    for written in alongside:
        kin = reader.lexicon.kinship.get(written.word)
        if written.named and kin is not None and kin.relation in _SPOUSES | _SIBLINGS:
            kind = "spouse" if kin.relation in _SPOUSES else "sibling"
            partners.setdefault((written.owner, kind), []).append(written.named)
    last = alongside[-1].mention
    return last.end if last is not None else end


def _named_alongside(reader: EntryReader, slot: _Slot) -> list[_Slot]:
    """ "their sons, Thae A and Thae B": every name coordinated with the named relative is one too."""
    if slot.mention is None:
        return []
    extra = []
    for other in coordinated_names(reader, slot.mention):
        key = reader.registry.named_person(other.text).key
        extra.append(
            _Slot(other.start, other.end, slot.word, other.text, slot.owner, named=key,
                  mention=other, companion=slot.companion)
        )  # fmt: skip
    return extra


def _of_the_couple(reader: EntryReader, partners: _Partners, written: list[_Slot]) -> list[_Slot]:
    """ "X … with his wife Y and their son": "their" child is the child of both spouses, and in
    "X, his brother Z and their mother" "their" parent is the parent of both siblings."""
    slot = written[0]
    kin = reader.lexicon.kinship.get(slot.word)
    if kin is None or kin.relation not in _CHILDREN | _PARENTS:
        return []
    kind = "spouse" if kin.relation in _CHILDREN else "sibling"
    extra = []
    for partner in dict.fromkeys(partners.get((slot.owner, kind), ())):
        for same in written:
            extra.append(
                _Slot(same.start, same.end, same.word, same.written, partner, named=same.named,
                      mention=same.mention, companion=same.companion, shared=True)
            )  # fmt: skip
    return extra


def _gender_of_owner(reader: EntryReader, owner: str, pronoun: str) -> None:
    """ "Kang Hye-song and her husband": the owner of "her …" is a woman (when not known yet)."""
    person = reader.person(owner)
    if person is not None and person.gender is None:
        person.gender = as_gender(PRONOUNS.get(pronoun.lower()))


def _slot(reader: EntryReader, match: re.Match[str], owner: str, start: int | None = None) -> _Slot:
    text = reader.found.text
    start = match.start() if start is None else start
    end = match.end()
    word = match.group("word").lower()
    slot = _Slot(start, end, word, clean(text[start:end]), owner)
    named = _name_at(reader, end)
    given = _given_name_at(reader, end) if named is None else None
    if named is None:
        named = given or _apposed_name(reader, start, end)
    if named is not None:
        person = reader.registry.named_person(named.text)
        slot.named = person.key
        slot.mention = named
        if given is not None:  # a name read only here: its mention and reference
            reader.mention(person, given.start, given.end)
            reader.add_ref(given.start, given.end, person.key, subject=False)
    else:
        description = _DESCRIPTION.match(text, end)
        if description:
            slot.description = clean(description.group("desc"))
    slot.companion = bool(_COMPANION_BEFORE.search(text[max(0, start - 25) : start])) or (
        _in_subject(reader, start) and not _OWNS_AFTER.match(text, end)
    )  # "X, his father's friend, …" lists no father
    age = _AGE_MODIFIER.search(text, start, end)
    if age is not None and slot.companion and slot.named is not None:
        companion = reader.person(
            slot.named
        )  # "their two-year-old daughter Han-mi" went along at 2
        if companion is not None and companion.age_at_defection is None:
            companion.age_at_defection = number_value(age.group("n"))
    return slot


def _in_subject(reader: EntryReader, position: int) -> bool:
    """True when ``position`` lies in the opening phrase of the entry, before its first verb."""
    first = next((t.start for t in reader.found.triggers), len(reader.found.text))
    if not (
        position < first
        and reader.found.sentence_at(position).index == 0
        and bool(_AND_BEFORE.search(reader.found.text[max(0, position - 6) : position]))
    ):
        return False
    # a list joined to the subject holds no verb: "he was 13 when his mother … and his brother"
    entry = reader.entry
    start = entry.local(entry.body_start) if entry.subject is not None else 0
    return not _VERB_BETWEEN.search(reader.found.text, min(start, position), position)


def _name_at(reader: EntryReader, position: int) -> NameMention | None:
    """The name that starts right after ``position`` (spaces or a comma between)."""
    text = reader.found.text
    gap = _GAP.match(text, position)
    start = gap.end() if gap else position
    return next(iter(reader.found.starting("names", start, start + 1)), None)


def _given_name_at(reader: EntryReader, position: int) -> NameMention | None:
    """ "her younger brother, Min-ho,": a given name alone set off by commas after a kin word
    (hyphenated or in Hangul, the shapes a lone given name takes), added to the entry's names."""
    found = reader.found
    match = _LONE_GIVEN_NAME.match(found.text, position)
    if (
        match is None
        or found.text[match.start("name") : match.end("name")] in reader.lexicon.surface
    ):
        return None
    mention = NameMention(match.start("name"), match.end("name"), match.group("name"))
    if any(n.start < mention.end and mention.start < n.end for n in found.names):
        return None
    found.add_name(mention)
    return mention


def _apposed_name(reader: EntryReader, start: int, end: int) -> NameMention | None:
    """ "Kim Dok-hong, his aide," : the name right before the phrase, set off by commas."""
    text = reader.found.text
    if not _COMMA_AFTER.match(text[end:]):
        return None
    before = _COMMA_BEFORE.search(text[max(0, start - 4) : start])
    if before is None:
        return None
    stop = start - len(before.group())
    return next((n for n in reader.found.names if n.end == stop), None)


def _owned_slots(reader: EntryReader, owned: re.Pattern[str]) -> list[_Slot]:
    """ "Hwang Jang-yop's aide" opening the entry: the subject is that person's aide."""
    slots: list[_Slot] = []
    folded = reader.found.text.casefold()
    if "'s" not in folded and "’s" not in folded:
        return slots
    for match in owned.finditer(reader.found.text):
        owner_name = next((n for n in reader.found.names if n.end == match.start()), None)
        if owner_name is None or reader.primary is None:
            continue
        owner = reader.registry.named_person(owner_name.text).key
        named = _name_at(reader, match.end())
        related = reader.registry.named_person(named.text).key if named else None
        if (
            related is None
            and reader.found.sentence_at(match.start()).index == 0
            and not _after_first_verb(reader, match.start())
        ):
            related = reader.primary
        if related is None:
            continue
        word = match.group("word").lower()
        start = match.start("mods")  # the name keeps its own reference; the slot covers "aide"
        slots.append(_Slot(start, match.end(), word, clean(match.group()), owner, named=related))
    return slots


def _after_first_verb(reader: EntryReader, position: int) -> bool:
    first = next((t.start for t in reader.found.triggers), len(reader.found.text))
    return position > first


def _resolve(reader: EntryReader, slots: list[_Slot]) -> None:
    """Turn slots into people and ties; an unnamed slot yields to a named one of the same word."""
    named_words = {(s.owner, s.word): s.named for s in slots if s.named}
    written: dict[tuple[int, int], str] = {}
    for slot in slots:
        if slot.shared:
            related = written.get((slot.start, slot.end)) or slot.named
            if related is not None and related != slot.owner:
                _tie(reader, slot.owner, slot.word, related, slot.start, slot.end)
            continue
        related = slot.named or named_words.get((slot.owner, slot.word)) or _unnamed(reader, slot)
        written[(slot.start, slot.end)] = related
        if related == slot.owner:
            continue
        _tie(reader, slot.owner, slot.word, related, slot.start, slot.end)
        if reader.ref_at(slot.start, slot.end) is None or slot.named is None:
            reader.add_ref(slot.start, slot.end, related)
        if slot.companion:
            reader.companion_slots.append((slot.start, related))
        reader.use(slot.start)


def _unnamed(reader: EntryReader, slot: _Slot) -> str:
    """The anonymous relative of a slot, created once per owner and word in the entry."""
    existing = reader.relatives.get((slot.owner, slot.word))
    if existing is not None:
        return existing
    label = f"{slot.word} of {reader.owner_name(slot.owner)}"
    person = reader.registry.anonymous_person(reader.entry.id, label)
    kin = reader.lexicon.kinship.get(slot.word)
    if kin is not None:
        person.gender = as_gender(kin.gender)
        if kin.collective:
            reader.collective.add(person.key)
    written = _POSSESSIVE_PRONOUN.sub("", slot.written)
    person.description = slot.description or (written if written.lower() != slot.word else None)
    reader.mention(person, slot.start, slot.end)
    reader.relatives[(slot.owner, slot.word)] = person.key
    return person.key


def _tie(reader: EntryReader, owner: str, word: str, related: str, start: int, end: int) -> None:
    """Record "related is the <word> of owner" as a kin or associate relation."""
    lexicon = reader.lexicon
    span = reader.span(start, end)
    kin = lexicon.kinship.get(word)
    if kin is not None:
        reader.registry.relate(owner, kin.relation, related, "kin", span)
        reader.related.add(related)
        person = reader.person(related)
        if person is not None:
            person.citations.update(reader.citations_at(start))  # the sentence states the tie
            if person.gender is None:
                person.gender = as_gender(kin.gender)
        return
    relation = lexicon.associates.get(word)
    if relation is not None:
        reader.registry.relate(owner, relation, related, "associate", span)
        related_person = reader.person(related)
        if related_person is not None and relation == "aide":
            related_person.add_role("aide")


def _kin_of(reader: EntryReader, of: KeyedPattern) -> None:
    """ "nephew of Kim Jong-il", "the son of a provincial party secretary", "Son-in-law of Premier X"."""
    text = reader.found.text
    if " of " not in text:
        return
    chain: tuple[int, str] | None = None  # (end, person) of the last "<kin> of …" apposition
    for match in of.matches(reader.found.word_index):
        word = match.group("word").lower()
        kin = reader.lexicon.kinship.get(word)
        if kin is None or kin.collective:
            continue
        described = _apposition_anchor(reader, match.start(), chain)
        described = described or reader.actor_before(match.start()) or reader.primary
        if described is None:
            continue
        named = _name_after_title(reader, match.end())
        other_key: str | None
        if named is not None:
            other = reader.registry.named_person(named.text)
            _gender_from_appositions(reader, named, other)
            other_key, label = other.key, kin.label_of(other.gender)
        else:
            other_key, label = _unnamed_of(reader, match, kin, described)
        if other_key is None:
            _unresolved(reader, match.start(), match.end() + 30, f"{word} of …")
            continue
        _set_gender(reader, described, kin)
        reader.registry.relate(
            described, label, other_key, "kin", reader.span(match.start(), match.end())
        )
        reader.related.add(other_key)
        relative = reader.person(other_key)
        if relative is not None:
            relative.citations.update(reader.citations_at(match.start()))
        chain = (named.end if named is not None else match.end(), described)
        reader.use(match.start())


def _apposition_anchor(
    reader: EntryReader, position: int, chain: tuple[int, str] | None
) -> str | None:
    """Whom a "<kin> of …" phrase describes when it is an apposition: the name right before it
    ("Ri Ok-sun, the widow of a general"), or, after "and", the person the apposition before it
    described ("…, the widow of a general and mother of two pilots"); else None."""
    text = reader.found.text
    before = text[max(0, position - 12) : position]
    if _APPOSITION_BEFORE.search(before):
        stop = position - len(_APPOSITION_BEFORE.search(before).group())  # type: ignore[union-attr]
        name = next((n for n in reader.found.names if n.end == stop), None)
        if name is not None:
            return reader.registry.named_person(name.text).key
    if chain is not None and _AND_APPOSITION.fullmatch(text, chain[0], position):
        return chain[1]
    return None


def _gender_from_appositions(reader: EntryReader, named: NameMention, person: PersonDraft) -> None:
    """ "Ri Ok-sun, the widow of a general": a kin word in an apposition gives the person's gender."""
    if person.gender is not None:
        return
    match = _APPOSED_KIN.match(reader.found.text, named.end)
    if match is None:
        return
    kin = reader.lexicon.kinship.get(match.group("word").lower())
    if kin is not None and kin.gender:
        person.gender = as_gender(kin.gender)


def _unnamed_of(
    reader: EntryReader, match: re.Match[str], kin: KinWord, described: str
) -> tuple[str | None, str]:
    """ "the son of a provincial party secretary": the secretary as an anonymous relative."""
    text = reader.found.text
    phrase = _DESCRIBED_PERSON.match(text[match.end() :])
    if phrase is None:
        return None, ""
    label = kin.label_of(None)
    key = reader.relatives.get((described, label))
    if key is None:
        person = reader.registry.anonymous_person(
            reader.entry.id, f"{label} of {reader.owner_name(described)}"
        )
        person.description = clean(_ARTICLE.sub("", phrase.group()))
        reader.mention(person, match.end(), match.end() + phrase.end())
        reader.relatives[(described, label)] = person.key
        reader.add_ref(match.end(), match.end() + phrase.end(), person.key, subject=False)
        key = person.key
    return key, label


def _name_after_title(reader: EntryReader, position: int) -> NameMention | None:
    """The name after "of", past up to two title words ("of Premier Kang Song-san", "of then-President X")."""
    text = reader.found.text
    for _ in range(3):
        named = _name_at(reader, position)
        if named is not None:
            return named
        title = _TITLE_WORD.match(text[position:])
        if title is None:
            return None
        position += title.end()
    return None


def _unresolved(reader: EntryReader, start: int, end: int, what: str) -> None:
    """Report a tie whose other person the text does not let us find."""
    words = reader.found.words(start, min(end, len(reader.found.text)))
    reader.registry.issue(
        "unresolved-relation",
        f"{what}: no person found in {words!r}",
        reader.entry.id,
        reader.entry.line,
    )


def _set_gender(reader: EntryReader, person_key: str, kin: KinWord) -> None:
    person = reader.person(person_key)
    if person is not None and person.gender is None:
        person.gender = as_gender(kin.gender)


def _fellows(reader: EntryReader) -> None:
    """ "a warning to fellow defector Hwang Jang-yop", "travelling with a fellow agent, Kim Sung-il"."""
    for match in _FELLOW.matches(reader.found.word_index):
        named = _name_at(reader, match.end())
        owner = reader.primary  # a fellow of the entry's defector
        if named is None or owner is None:
            if match.group("noun").lower().startswith("defector"):
                _unresolved(reader, match.start(), match.end() + 30, "fellow defector")
            continue
        noun = match.group("noun").lower()
        relation = "fellow defector" if noun.startswith("defector") else "colleague"
        other = reader.registry.named_person(named.text).key
        reader.registry.relate(
            owner, relation, other, "associate", reader.span(match.start(), named.end)
        )
        reader.use(match.start())


def _helpers(reader: EntryReader) -> None:
    """ "…, an Australian traveller she had met, paid their fines": someone who is neither a
    defector nor a relative and whose verb helps the entry's defector or relatives is a rescuer."""
    primary = reader.primary
    if primary is None:
        return
    text = reader.found.text
    for match in _HELP.finditer(text):
        helper = _subject_past_apposition(reader, match.start())
        person = reader.person(helper) if helper else None
        if (
            helper is None
            or person is None
            or person.anonymous
            or helper in reader.defectors
            or helper in reader.related
        ):
            continue
        helped = reader.ref_at(*_object_span(text, match.end()))
        if helped is None or not (helped.key in reader.defectors or helped.key in reader.related):
            continue
        reader.registry.relate(
            primary, "rescuer", helper, "associate", reader.span(match.start(), match.end())
        )
        reader.use(match.start())


def _subject_past_apposition(reader: EntryReader, position: int) -> str | None:
    """Who the verb at ``position`` is about: the name before an apposition that ends right before
    it ("X, a traveller she had met, paid …": X, not "she"), else the nearest subject before it."""
    text = reader.found.text
    before = text[:position].rstrip()
    if before.endswith(","):
        stop = text.rfind(",", 0, len(before) - 1)
        while stop > 0 and text[stop - 1].isspace():
            stop -= 1
        ref = reader.ref_at(stop - 1, stop) if stop > 0 else None
        if ref is not None and ref.end == stop and reader.person(ref.key) is not None:
            return ref.key
    return reader.actor_before(position)


def _object_span(text: str, position: int) -> tuple[int, int]:
    """The first word after ``position`` (the object of a verb)."""
    word = _NEXT_WORD.match(text, position)
    return (word.start(1), word.end(1)) if word else (position, position)


def _associate_of(reader: EntryReader, associate_of: KeyedPattern) -> None:
    """ "served as a bodyguard to Kim Jong-il": the person described is the named person's aide."""
    text = reader.found.text
    if " to " not in text and " of " not in text and " for " not in text:
        return
    for match in associate_of.matches(reader.found.word_index):
        relation = reader.lexicon.associates.get(match.group("word").lower())
        named = _name_after_title(reader, match.end())
        described = reader.actor_before(match.start()) or reader.primary
        if relation is None or named is None or described is None:
            continue
        other = reader.registry.named_person(named.text).key
        if other == described:
            continue
        reader.registry.relate(
            other, relation, described, "associate", reader.span(match.start(), named.end)
        )
        reader.use(match.start())


def _bare_kin_words(reader: EntryReader, bare: KeyedPattern) -> None:
    """ "mother and daughter walked …": a bare kin word for a relative already in the entry."""
    if not reader.relatives:
        return
    for match in bare.matches(reader.found.word_index):
        if reader.ref_at(match.start(), match.end()) is not None:
            continue
        word = match.group("word").lower()
        for owner in reader.defectors:
            related = reader.relatives.get((owner, word))
            if related is not None:
                reader.add_ref(match.start(), match.end(), related)
                break
