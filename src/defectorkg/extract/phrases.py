"""Noun phrases that describe people: ages, roles and ranks, groups, anonymous labels.

"Air force senior lieutenant No Kum-sok (age 21)", "24-year-old soldier Oh Chong-song",
"12 women and one man working at a … restaurant in China", "a defector (name unknown)",
"former secretary of the North Korean Workers' Party": each is read into a :class:`NounPhrase`
by rules over the words, the role list and the gazetteer mentions inside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..model import GroupPart
from .dating import NUMBER, number_value
from .lexicon import Lexicon
from .names import NameMention
from .registry import as_gender
from .scan import NUMBER_HEAD, head_of
from .text import EntryText, Found, is_organization

AGE_IN_PHRASE = re.compile(
    r"\(\s*(?:age|aged)\s+(?P<a>\d{1,3})\s*\)|\b(?P<b>\d{1,3})-year-old\b|,?\s*\baged\s+(?P<c>\d{1,3})\b|\(\s*(?P<d>\d{1,2})\s*\)"
)
AT_AGE = re.compile(
    rf"\bat\s+(?:the\s+)?age\s+(?:of\s+)?(?P<n>\d{{1,3}}|{NUMBER})\b", re.IGNORECASE
)
# "her daughter, Ri Un-ju, aged 12, went with her", "a major, aged 34, he drove": an age set off by
# commas right after a person's name (or the apposition describing them) is their age at the move.
SET_OFF_AGE = re.compile(
    rf"\s*(?:\([^()]{{0,40}}\))?\s*,\s*aged\s+(?P<n>\d{{1,2}}|{NUMBER})\s*(?=[,;.)–—]|$)",
    re.IGNORECASE,
)
_ANONYMOUS = re.compile(
    r"\b(?:unidentified|unnamed|unknown|anonymous|name\s+(?:unknown|withheld|not\s+released)|identity\s+(?:unknown|withheld))\b",
    re.IGNORECASE,
)
_DETERMINER = re.compile(
    r"^(?:(?:there\s+(?:was|were|is|are)\s+)?(?:a|an|the|one|another|this|that)\s+)", re.IGNORECASE
)
_POSSESSOR = re.compile(r"^(?:[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,3})['’]s\s+")
_CUT = re.compile(
    r"\s+(?:from|who|whom|which|that|with|working|trained|serving|stationed|based|living|whose|after|"
    r"near|among)\b|,|\s*\(|\s+and\s+(?:his|her|their)\b",
    re.IGNORECASE,
)
_COMPLEMENT = re.compile(r"\s+(?:of|to|at|for|in|with)\s+(?:the\s+)?", re.IGNORECASE)
_MODIFIER = r"(?:(?!(?:and|or|NOUNS|of\s+(?:them|whom|those))\b)[\w-]+\s+){0,3}"  # words before the noun: "North Korean army"
_GROUP = re.compile(  # NOUNS stands for the group nouns of the lexicon
    rf"^(?:(?P<family>(?:a\s+|the\s+)?family\s+of\s+(?P<fam>{NUMBER}))\b|(?:a\s+group\s+of\s+)?(?P<parts>"
    rf"(?:{NUMBER}|several|dozens\s+of|hundreds\s+of|some|many|\d+)\s+{_MODIFIER}(?P<noun>NOUNS)"
    rf"(?:\s*(?:,|,?\s+and)\s+(?:{NUMBER}|\d+)\s+{_MODIFIER}(?:NOUNS))*))\b(?P<rest>.*)$",
    re.IGNORECASE,
)
_PART = rf"(?P<count>{NUMBER}|several|dozens\s+of|hundreds\s+of|some|many|\d+)\s+{_MODIFIER}(?P<noun>NOUNS)\b"
_COUPLE = re.compile(  # after the determiner: "elderly couple …", "pair of brothers …"
    r"^(?:[\w-]+\s+){0,2}?(?:couple|pair)\b(?:\s+of\s+(?P<of>[\w-]+))?(?P<rest>.*)$", re.IGNORECASE
)
_IN_ALL = re.compile(
    r"\b(?P<n>\d[\d,]*)\s+in\s+(?:all|total)\b|\ba\s+total\s+of\s+(?P<m>\d[\d,]*)\b", re.IGNORECASE
)
_SPACE = re.compile(r"\s+")
_LABEL_END = re.compile(
    r",|\s+(?:who|which|that|whose|wearing|carrying|dressed|holding|posing)\b|\s+(?:and|with)\s+(?:his|her|their)\b"
)

# The last word before a name that cannot belong to its title ("… across the sea by Captain X").
_TITLE_START = re.compile(
    r".*\b(?:by|of|to|from|with|for|at|in|on|into|across|over|through|via|after|before|during|"
    r"under|was|were|is|are|had|has|and|south|north)\s+",
    re.IGNORECASE | re.DOTALL,
)
_AND_NEXT_PART = re.compile(r"\s+and\s+(?=(?:a\s+|an\s+)?(?:former\s+)?[\w-]+)")
_ANONYMITY_WORD = re.compile(r"(?:unidentified|unnamed|unknown|anonymous)\s+", re.IGNORECASE)
# Words without one of which the searches below cannot match (read from their patterns).
_NUMBER = frozenset({NUMBER_HEAD})  # AGE_IN_PHRASE: every age is written in digits
_ANONYMOUS_HEADS = frozenset(
    {"unidentified", "unnamed", "unknown", "anonymous", "name", "identity"}
)
_CARRYING_HEADS = frozenset({"carrying", "with"})
_GENDER_HEADS = frozenset({"man", "woman", "boy", "girl", "male", "female"})
_CARRYING = re.compile(
    r"\s*(?:a|an|the)?\s*(?:[\w-]+\s+){0,3}?(?:boat|vessel|ship|raft|trawler|junk|truck|car|bus)\s+(?:carrying|with)\s+",
    re.IGNORECASE,
)
_POSSESSIVE_AFTER = re.compile(r"['’]s\b")
_FORMER = re.compile(r"(?:former|ex-)\b", re.IGNORECASE)
_GENDER_NOUN = re.compile(r"\b(man|woman|boy|girl|male|female)\b", re.IGNORECASE)


@dataclass(slots=True, unsafe_hash=True)  # not frozen: made per entry, three times faster
class RolePhrase:
    """A role or rank as written, with the organization it is held in (when named)."""

    text: str
    head: str  # the role word: "secretary", "colonel"
    start: int
    end: int
    organization: Found | None = None
    former: bool = False


@dataclass(slots=True)
class NounPhrase:
    """What a phrase says about the person (or group) it names."""

    start: int
    end: int
    text: str
    name: NameMention | None = None
    label: str | None = None  # anonymous label ("defector (name unknown)")
    age: int | None = None
    roles: list[RolePhrase] = field(default_factory=list)
    description: str | None = None
    gender: str | None = None
    group: tuple[int | None, tuple[GroupPart, ...], str | None] | None = (
        None  # size, parts, description
    )
    anonymous_marker: bool = False


def clean(text: str) -> str:
    """``text`` with runs of whitespace collapsed and trimmed of spaces and commas."""
    return " ".join(text.split()).strip(" ,;")


_DANGLING = frozenset(
    """and or but nor so yet then which who whom whose where when while as that than has have had
    is are was were be been being will would could should may might can to the a an of in on at
    by for from with into onto his her their its after before since until also""".split()
)
DESCRIPTION_LIMIT = 240


def whole_phrase(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """``text`` as a description that ends on a whole phrase: never inside a word past ``limit``
    characters, never on a conjunction, auxiliary or preposition left from the next clause
    ("… in 2009 and has" -> "… in 2009")."""
    words = clean(text).split(" ")
    while words and sum(len(w) + 1 for w in words) - 1 > limit:
        words.pop()
    while words and (
        words[-1].strip(",;:") in _DANGLING or words[-1] in ("–", "—", "-")
    ):  # "May" stays
        words.pop()
    phrase = clean(" ".join(words))
    return phrase[:-1] if phrase.endswith(".") and not _INITIAL_END.search(phrase) else phrase


_INITIAL_END = re.compile(r"(?:\b[A-Z]|\.[A-Za-z])\.$")  # "Washington, D.C." keeps its stop


def age_in(text: str) -> int | None:
    """An age written in a phrase: "(age 21)", "24-year-old", "aged 19", "(19)"."""
    match = AGE_IN_PHRASE.search(text)
    if match is None:
        return None
    value = next(v for v in match.groups() if v is not None)
    age = int(value)
    return age if 0 < age < 120 else None


def group_in(
    text: str, lexicon: Lexicon
) -> tuple[int | None, tuple[GroupPart, ...], str | None] | None:
    """A group phrase: its size, its parts and the rest as description; None for one person."""
    group_re, part_re = _group_patterns(lexicon)
    text = clean(text)
    if not text.lower().startswith(("a group", "a family")):
        text = _DETERMINER.sub("", text)
    match = group_re.match(text)
    if match is None:
        return _couple(text, lexicon)
    rest = clean(match.group("rest")) or None
    if match.group("family"):
        members = number_value(match.group("fam"))
        return (members, (), rest) if members and members > 1 else None
    parts = []
    counts = []
    for part in part_re.finditer(match.group("parts")):
        count = number_value(part.group("count"))
        counts.append(count or 0)
        noun = part.group("noun")
        known = lexicon.group_nouns.get(noun.lower())
        if count and (known is None or known.composition):
            parts.append(GroupPart(count, noun, as_gender(known.gender if known else None)))
    size: int | None = sum(counts) if all(counts) else None
    total = _IN_ALL.search(text)
    if total:
        size = int((total.group("n") or total.group("m")).replace(",", ""))
    if size is not None and size < 2:
        return None
    return size, tuple(parts), rest


def may_be_group(found: EntryText, start: int, end: int, lexicon: Lexicon) -> bool:
    """False when ``start``..``end`` cannot be a group phrase: no noun that counts people, no
    "family", "couple" or "pair" in it (a cheap test before :func:`group_in`)."""
    return _may_hold(found, _group_heads(lexicon), start, end)


@lru_cache(maxsize=4)
def _group_heads(lexicon: Lexicon) -> frozenset[str]:
    nouns = (*lexicon.person_nouns, "family", "couple", "pair")
    return frozenset(head_of(noun) for noun in nouns)


def _couple(
    text: str, lexicon: Lexicon
) -> tuple[int | None, tuple[GroupPart, ...], str | None] | None:
    """ "an elderly couple from Chongjin", "a pair of brothers": a group of two."""
    match = _COUPLE.match(text)
    if match is None:
        return None
    noun = match.group("of")
    known = lexicon.group_nouns.get(noun.lower()) if noun else None
    parts = (
        (GroupPart(2, noun, as_gender(known.gender)),)
        if noun and known and known.composition
        else ()
    )
    return 2, parts, clean(match.group("rest")) or None


@lru_cache(maxsize=4)
def _group_patterns(lexicon: Lexicon) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The group and group-part patterns with the lexicon's person nouns (once per lexicon)."""
    alternation = "|".join(
        sorted((re.escape(n) for n in lexicon.person_nouns), key=len, reverse=True)
    )
    return (
        re.compile(_GROUP.pattern.replace("NOUNS", alternation), re.IGNORECASE),
        re.compile(_PART.replace("NOUNS", alternation), re.IGNORECASE),
    )


def role_phrases(found: EntryText, start: int, end: int, lexicon: Lexicon) -> list[RolePhrase]:
    """The roles written between ``start`` and ``end``: "poet and former official of the X"."""
    roles: list[RolePhrase] = []
    if lexicon.role_scan.heads is not None and not found.word_index.any_between(
        lexicon.role_scan.heads, start, end
    ):
        return roles  # no role word there
    text = found.text
    for part_start, part_end in _parts(text, start, end):
        role = _role(found, part_start, part_end, lexicon)
        if role is not None:
            roles.append(role)
    return roles


def plural_roles(found: EntryText, start: int, end: int, lexicon: Lexicon) -> list[RolePhrase]:
    """Roles written in the plural for several people ("three workers", "Among the diplomats")."""
    return [
        RolePhrase(lexicon.plural_roles[m.group().lower()], lexicon.plural_roles[m.group().lower()],
                   m.start(), m.end())
        for m in lexicon.plural_role_scan.matches(found.word_index, start, end)
    ]  # fmt: skip


def _parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The coordinated parts of a phrase ("poet" and "former official of …"), cut at clauses."""
    cut = _CUT.search(text, start, end)
    stop = cut.start() if cut else end
    parts = []
    position = start
    for match in _AND_NEXT_PART.finditer(text[start:stop]):
        parts.append((position, start + match.start()))
        position = start + match.end()
    parts.append((position, stop))
    return parts


def _role(found: EntryText, start: int, end: int, lexicon: Lexicon) -> RolePhrase | None:
    text = found.text
    while start < end and text[start] in " ,":
        start += 1
    piece = text[start:end]
    anonymity = _ANONYMITY_WORD.match(piece)
    if anonymity:
        start += anonymity.end()
        piece = text[start:end]
    lead = _DETERMINER.match(piece)
    if lead:
        start += lead.end()
        piece = text[start:end]
    possessor = _POSSESSOR.match(piece)
    if possessor and (
        found_place_or_org(found, start, start + possessor.end())
        or any(start <= n.start and n.end <= start + possessor.end() for n in found.names)
    ):
        start += possessor.end()
        piece = text[start:end]
    age = AGE_IN_PHRASE.match(piece)
    if age:
        start += age.end()
        piece = text[start:end]
    heads = lexicon.role_scan.matches(found.word_index, start, end)
    if not heads:
        return None
    head = heads[-1]
    stop = head.end()
    organization = _organization_inside(found, start, stop)
    complement = _COMPLEMENT.match(text, stop, end)
    if complement:
        target = next(
            (
                f
                for f in (*found.organizations, *found.places)
                if f.start == complement.end() and f.end <= end
            ),
            None,
        )
        if target is not None and not _POSSESSIVE_AFTER.match(
            text, target.end
        ):  # not "of South Korea's policy"
            stop = _embassy_end(found, target)
            organization = target if is_organization(target) else organization
    if organization is None:
        organization = _affiliated_organization(found, stop)
    written = clean(text[start:stop])
    if not written or written[0] in "(-":
        return None
    former = bool(_FORMER.match(written))
    return RolePhrase(written, head.group().lower(), start, stop, organization, former)


def _embassy_end(found: EntryText, target: Found) -> int:
    """Where a complement ends: an organization swallows a place right after it ("embassy in Havana")."""
    end = target.end
    for organization in found.organizations:
        if organization.start <= target.start and organization.end >= end:
            end = organization.end
    return end


_AFFILIATION = re.compile(
    r"\s+(?:from|of|at|in|with|for)\s+(?:the\s+)?(?:[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2}['’]s\s+)?"
)


def _affiliated_organization(found: EntryText, stop: int) -> Found | None:
    """An organization named right after a role ("colonel from North Korea's RGB")."""
    link = _AFFILIATION.match(found.text, stop)
    if link is None:
        return None
    return next((o for o in found.organizations if o.start == link.end()), None)


def _organization_inside(found: EntryText, start: int, end: int) -> Found | None:
    for organization in found.organizations:
        if start <= organization.start and organization.end <= end:
            return organization
    return None


def found_place_or_org(found: EntryText, start: int, end: int) -> bool:
    """True when a place or organization mention lies inside ``start``..``end``."""
    return any(start <= f.start and f.end <= end for f in (*found.places, *found.organizations))


def read_noun_phrase(found: EntryText, start: int, end: int, lexicon: Lexicon) -> NounPhrase:
    """Read a phrase that names a person or a group (offsets in the entry text)."""
    text = found.text
    while start < end and text[start] in " ,":
        start += 1
    while end > start and text[end - 1] in " ,":
        end -= 1
    phrase = NounPhrase(start, end, clean(text[start:end]))
    phrase.age = age_in(text[start:end]) if _may_hold(found, _NUMBER, start, end) else None
    phrase.anonymous_marker = _may_hold(found, _ANONYMOUS_HEADS, start, end) and bool(
        _ANONYMOUS.search(text, start, end)
    )
    phrase.name = next((n for n in found.starting("names", start, end) if n.end <= end), None)
    carrying = (
        _CARRYING.match(text, start, end) if _may_hold(found, _CARRYING_HEADS, start, end) else None
    )
    if (
        carrying and phrase.name is None
    ):  # "a fishing boat carrying six North Koreans": the people aboard
        start = carrying.end()
        phrase.start, phrase.text = start, clean(text[start:end])
    group = None if phrase.name else group_in(text[start:end], lexicon)
    if group is not None:
        phrase.group = group
        return phrase
    if phrase.name is not None:
        phrase.roles = title_roles(found, start, phrase.name, lexicon)
        return phrase
    label_end = _label_end(text, start, end)
    label = clean(
        AGE_IN_PHRASE.sub(
            lambda m: "" if m.group().startswith(("(", ",", " ")) else m.group(),
            _DETERMINER.sub("", clean(text[start:label_end])),
        )
    )
    phrase.label = label or None
    phrase.roles = role_phrases(found, start, end, lexicon)
    gender = (
        _GENDER_NOUN.search(text[start:end])
        if _may_hold(found, _GENDER_HEADS, start, end)
        else None
    )
    if gender:
        phrase.gender = "male" if gender.group(1).lower() in ("man", "boy", "male") else "female"
    if phrase.roles and not phrase.anonymous_marker:
        phrase.description = _without_determiner(phrase.roles[0].text)
    return phrase


def title_roles(
    found: EntryText, start: int, name: NameMention, lexicon: Lexicon
) -> list[RolePhrase]:
    """The rank or title written right before a name, from ``start`` on ("Air force senior
    lieutenant No Kum-sok"; in "… across the sea by Captain Ro Jong-su" only "Captain")."""
    title = _TITLE_START.search(found.text, start, name.start)
    return role_phrases(found, title.end() if title else start, name.start, lexicon)


def _may_hold(found: EntryText, heads: frozenset[str], start: int, end: int) -> bool:
    """False only when no word with one of ``heads`` stands in ``start``..``end`` (a range that
    cuts a word is always searched): a cheap test before a search of the range."""
    text = found.text
    if (start and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum()):
        return True
    return found.word_index.any_between(heads, start, end)


def _without_determiner(text: str) -> str:
    return clean(_DETERMINER.sub("", text))


def _label_end(text: str, start: int, end: int) -> int:
    """Where an anonymous label ends: before an apposition or a relative clause."""
    cut = _LABEL_END.search(text, start, end)
    return cut.start() if cut else end
