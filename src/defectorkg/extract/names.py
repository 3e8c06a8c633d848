"""Personal names: which capitalized words in an entry name a person.

A Korean name is a family name from ``surnames.tsv`` next to a given name that is made of
romanized Korean syllables: "Kim Dok-hong", "Kang Chol Hwan", "Park Yeonmi", and in Western
order "Hyeonseo Lee", "Hyung-jin Kim".  Other names ("Blaine Harden") are accepted only where
the sentence says a person stands there (an entry's subject, "by …", "written with …").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import Lexicon
from .spans import Spans

# One romanized Korean syllable (Revised, McCune-Reischauer without diacritics, and common
# informal spellings): optional initial, a vowel group, optional final.
_SYLLABLE = (
    r"(?:kk|tt|pp|ss|jj|ch|sh|th|ts|gw|kw|hw|ph|kh|g|k|n|d|t|r|l|m|b|p|s|j|h|y|w|c(?=h))?"
    r"(?:yeo|yae|wae|ae|ya|eo|ye|wa|oe|yo|wo|we|wi|yu|eu|ui|oo|ee|ou|ei|ai|oi|a|e|i|o|u)"
    r"(?:ng|k|n|t|l|m|p|g|b)?"
)
_SYLLABLES = re.compile(rf"(?:{_SYLLABLE}){{1,3}}", re.IGNORECASE)
_TWO_SYLLABLES = re.compile(rf"(?:{_SYLLABLE}){{2,3}}", re.IGNORECASE)
_ONE_SYLLABLE = re.compile(_SYLLABLE, re.IGNORECASE)

# A capitalized word of a name: accents, and the apostrophes of McCune-Reischauer ("P'yo",
# "Ch'oe") and of "O'Neill", but never a possessive "'s".
_LOWER = "a-zß-öø-ÿāēīōūŏŭ"
_TOKEN = rf"[A-Z](?:[{_LOWER}]*['’](?!s\b)[A-Za-z{_LOWER}])?[{_LOWER}]+(?:-[A-Za-z{_LOWER}]+(?:['’](?!s\b)[{_LOWER}]+)?)?"
# A run of capitalized words ("Senior Lieutenant P'yo Chong-su"); the names are read inside it.
# A family name may be one capital letter ("O Paek-ryong"); the surname list decides.
NAME_CANDIDATE = re.compile(
    rf"(?<![\w'’.-])(?:{_TOKEN}|[A-Z](?=\s+[A-Z][a-z]))(?:\s+{_TOKEN})+(?![\w-])"
)
_MARKS = str.maketrans("ŏŭāēīōū", "ouaeiou", "'’")
_TITLE_CASE_NAME = re.compile(rf"^{_TOKEN}(?:\s+(?:{_TOKEN}|[A-Z]\.)){{1,3}}$")

# Capitalized words that begin sentences or name things, never a given name.
_NOT_GIVEN_WORDS = """the a an in on at of to for from with by and or but not no so do go up as is was he she
    they his her their it its this that these those then there when while after before since
    until during one two three north south east west korea korean koreans chinese japanese
    american british president prime minister general chairman leader dear supreme party army
    air force navy republic people peoples state united nations january february march april
    may june july august september october november december monday tuesday wednesday
    thursday friday saturday sunday city province river sea camp war order home hotel policy
    forum league bureau department ministry university embassy consulate"""
_NOT_GIVEN = frozenset(_NOT_GIVEN_WORDS.split())

PRONOUNS = {
    "he": "male", "him": "male", "his": "male", "himself": "male",
    "she": "female", "her": "female", "hers": "female", "herself": "female",
}  # fmt: skip


@dataclass(slots=True, unsafe_hash=True)  # not frozen: made per entry, three times faster
class NameMention:
    """A personal name written in an entry (offsets relative to the entry text)."""

    start: int
    end: int
    text: str


def is_given_name(tokens: list[str]) -> bool:
    """True when ``tokens`` read as a Korean given name ("Dok-hong", "Chol Hwan", "Yeonmi")."""
    if not tokens or any(t.lower() in _NOT_GIVEN for t in tokens):
        return False
    if len(tokens) == 1:
        token = tokens[0]
        if "-" in token:
            return all(_SYLLABLES.fullmatch(part) for part in token.split("-"))
        return bool(_TWO_SYLLABLES.fullmatch(token))
    if len(tokens) == 2:
        return all(_ONE_SYLLABLE.fullmatch(t) for t in tokens)
    return False


# Names recur from entry to entry: each written form is judged once per lexicon.
_NAME_CACHE = 1 << 16


@lru_cache(maxsize=_NAME_CACHE)
def korean_name(phrase: str, lexicon: Lexicon) -> bool:
    """True when ``phrase`` is a Korean personal name in either order."""
    tokens = phrase.translate(_MARKS).split()  # "Ch'oe Sŏng-il" reads as "Choe Song-il"
    if len(tokens) < 2 or len(tokens) > 3:
        return False
    if tokens[0] in lexicon.surnames and (
        is_given_name(tokens[1:])
        or (len(tokens) == 2 and _one_syllable_name(tokens[1]) and phrase not in lexicon.surface)
    ):
        return True
    return tokens[-1] in lexicon.surnames and len(tokens) == 2 and is_given_name(tokens[:1])


def _one_syllable_name(token: str) -> bool:
    """A given name of one syllable after a family name ("An Hyuk", "Kim Il", "Ko Un")."""
    return token.lower() not in _NOT_GIVEN and bool(_ONE_SYLLABLE.fullmatch(token))


def is_person_name(phrase: str, lexicon: Lexicon) -> bool:
    """True when ``phrase`` reads as a personal name where a person is expected.

    Two to four capitalized words (initials allowed) that are not a gazetteer name and contain
    no word that never stands in a name.
    """
    phrase = phrase.strip()
    if korean_name(phrase, lexicon):
        return True
    if not _TITLE_CASE_NAME.match(phrase) or phrase in lexicon.surface:
        return False
    words = [w.lower() for w in phrase.split()]
    return not any(w in _NOT_GIVEN or w in lexicon.roles for w in words)


def find_names(text: str, lexicon: Lexicon, taken: list[tuple[int, int]]) -> list[NameMention]:
    """Korean personal names in ``text``, skipping spans already taken (by places, organizations)."""
    found = []
    spans = Spans(taken)
    for match in NAME_CANDIDATE.finditer(text):
        name = _longest_korean_name(match.group(), lexicon)
        if name is None:
            continue
        start = match.start() + match.group().find(name)
        end = start + len(name)
        if spans.overlapping(start, end):
            continue
        found.append(NameMention(start, end, name))
    return found


@lru_cache(maxsize=_NAME_CACHE)
def _longest_korean_name(candidate: str, lexicon: Lexicon) -> str | None:
    """The Korean name a run of capitalized words begins with ("Kim Jong-il" of "Kim Jong-il Square")."""
    tokens = candidate.split()
    for first in range(len(tokens) - 1):
        for size in (3, 2):
            phrase = " ".join(tokens[first : first + size])
            if len(phrase.split()) == size and korean_name(phrase, lexicon):
                return phrase
    return None


@lru_cache(maxsize=_NAME_CACHE)
def surname_of(name: str, lexicon: Lexicon) -> str | None:
    """The family name of a Korean name ("Kang" of "Kang Chol-hwan", "Lee" of "Hyeonseo Lee")."""
    tokens = name.split()
    if len(tokens) < 2:
        return None
    if tokens[0].translate(_MARKS) in lexicon.surnames and is_given_name(
        [t.translate(_MARKS) for t in tokens[1:]]
    ):
        return tokens[0]
    if tokens[-1] in lexicon.surnames:
        return tokens[-1]
    return tokens[-1] if not korean_name(name, lexicon) else None


def swapped(name: str) -> str:
    """``name`` with its first and last words exchanged ("Jin-sung Jang" -> "Jang Jin-sung")."""
    tokens = name.split()
    if len(tokens) < 2:
        return name
    return " ".join([tokens[-1], *tokens[1:-1], tokens[0]])
