"""Word-keyed scanning: a pattern is tried only where a word it can begin with stands.

Most rule patterns can begin with a few words only: a date with "at", "in", "the", a month or a
number; a gazetteer name with its first word.  :class:`Words` lists the words of a text once;
:meth:`KeyedPattern.finditer` then tries its pattern only at the words it can begin with,
instead of at every character of the text.  The matches are those of ``pattern.finditer``
(same order, same non-overlapping choice) as long as every match begins with one of the
pattern's head words, which is what building a :class:`KeyedPattern` promises.

A word's *head* is its first run of word characters, case-folded ("jong" for "Jong-il"), or
``"#"`` when it begins with a digit ("1997", "21st", "24-year-old").
"""

from __future__ import annotations

import importlib
import re
from bisect import bisect_left
from collections.abc import Iterable
from typing import Any

NUMBER_HEAD = "#"

# re's parse tree, read by first_words: private modules (untyped), stable since Python 3.11.
sre: Any = importlib.import_module("re._constants")
sre_parse: Any = importlib.import_module("re._parser")

_RUN = re.compile(r"\w+")
_STEM_WORD = re.compile(r"(?<![\w-])\w[\w-]*")
_PLAIN_WORD = re.compile(r"[^\W\d]\w*")  # one run of word characters, not a number
_WORD_OR_HYPHEN = re.compile(r"[\w-]")


def head_of(word: str) -> str:
    """The head of a word or phrase: its first run of word characters, case-folded ("#" for a number)."""
    match = _RUN.search(word)
    if match is None:
        return ""
    run = match.group()
    return NUMBER_HEAD if run[0].isdecimal() else run.casefold()


class Words:
    """Where each word of a text begins, by head; and the text's hyphenated words, lower case."""

    __slots__ = ("_at", "_positions", "_stem_words", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        at: dict[str, list[int]] = {}
        position = 0
        find = text.find
        for run in _RUN.findall(text):  # maximal runs: each is found where the last one ended
            position = find(run, position)
            at.setdefault(NUMBER_HEAD if run[0].isdecimal() else run.casefold(), []).append(
                position
            )
            position += len(run)
        self._at = at
        self._positions: dict[frozenset[str], list[int]] = {}
        self._stem_words: frozenset[str] | None = None

    def has_any(self, heads: frozenset[str]) -> bool:
        """True when a word with one of these heads stands in the text."""
        return not heads.isdisjoint(self._at)

    def positions(self, heads: frozenset[str]) -> list[int]:
        """Where words with one of these heads begin, in text order (kept for the next call)."""
        known = self._positions.get(heads)
        if known is not None:
            return known
        if heads.isdisjoint(self._at):
            self._positions[heads] = []
            return []
        found = heads.intersection(self._at)  # iterates the text's few words, not all heads
        if not found:
            result: list[int] = []
        elif len(found) == 1:
            result = self._at[next(iter(found))]
        else:
            result = sorted(p for head in found for p in self._at[head])
        self._positions[heads] = result
        return result

    def any_between(self, heads: frozenset[str], start: int, end: int) -> bool:
        """True when a word with one of these heads begins at ``start`` or after, before ``end``."""
        positions = self.positions(heads)
        index = bisect_left(positions, start)
        return index < len(positions) and positions[index] < end

    def occurrences(self, heads: frozenset[str]) -> list[tuple[int, str]]:
        """(position, head) of every word with one of these heads, in text order."""
        found = heads.intersection(self._at)
        return sorted((p, head) for head in found for p in self._at[head])

    def occurrences_of(self, words: Iterable[str]) -> list[tuple[int, int, str]]:
        """(start, end, word) of each of ``words`` standing alone in the text (case kept; not
        next to a letter, digit or hyphen), in text order; a longer word wins where two begin."""
        ordered = sorted(words, key=len, reverse=True)
        if not all(_PLAIN_WORD.fullmatch(word) for word in ordered):
            pattern = re.compile(
                r"(?<![\w-])(" + "|".join(re.escape(w) for w in ordered) + r")(?![\w-])"
            )
            return [(m.start(), m.end(), m.group()) for m in pattern.finditer(self.text)]
        text = self.text
        heads = frozenset(word.casefold() for word in ordered)
        found = []
        for position in self.positions(heads):
            if position and text[position - 1] == "-":
                continue
            for word in ordered:
                end = position + len(word)
                if text.startswith(word, position) and not _WORD_OR_HYPHEN.match(text, end):
                    found.append((position, end, word))
                    break
        return found

    def stem_words(self) -> frozenset[str]:
        """The words that begin after a space or punctuation, hyphens kept, lower case ("co-founded")."""
        if self._stem_words is None:
            self._stem_words = frozenset(_STEM_WORD.findall(self.text.lower()))
        return self._stem_words


class KeyedPattern:
    """A compiled pattern with the heads its every match begins with (``heads`` None: anywhere).

    The heads are read from the pattern (:func:`first_words`) unless given: patterns built from
    long word lists (a gazetteer) give their words' heads.
    """

    __slots__ = ("heads", "pattern")

    def __init__(self, pattern: re.Pattern[str], heads: Iterable[str] | None = None) -> None:
        self.pattern = pattern
        self.heads = (
            frozenset(heads) if heads is not None else first_words(pattern.pattern, pattern.flags)
        )

    def matches(self, words: Words, start: int = 0, end: int | None = None) -> list[re.Match[str]]:
        """The matches ``pattern.finditer(words.text, start, end)`` would give, as a list."""
        text = words.text
        stop = len(text) if end is None else end
        if self.heads is None:
            return list(self.pattern.finditer(text, start, stop))
        positions = words.positions(self.heads)
        if not positions:
            return []
        found: list[re.Match[str]] = []
        last = start
        match = self.pattern.match
        for index in range(bisect_left(positions, start) if start else 0, len(positions)):
            position = positions[index]
            if position < last:
                continue
            if position >= stop:
                break
            hit = match(text, position, stop)
            if hit is not None:
                found.append(hit)
                last = hit.end() if hit.end() > position else position + 1
        return found

    def search(self, words: Words, start: int = 0, end: int | None = None) -> re.Match[str] | None:
        """The first match ``pattern.search(words.text, start, end)`` would give."""
        text = words.text
        stop = len(text) if end is None else end
        if self.heads is None:
            return self.pattern.search(text, start, stop)
        positions = words.positions(self.heads)
        match = self.pattern.match
        for index in range(bisect_left(positions, start) if start else 0, len(positions)):
            if positions[index] >= stop:
                break
            hit = match(text, positions[index], stop)
            if hit is not None:
                return hit
        return None


# -- the words a pattern begins with --------------------------------------------------------

_MOST_WORDS = 400  # a pattern that can begin with more words is tried everywhere
_ENDS_WORD = "\x00"  # stands for "the word has ended" while a pattern is read
_GOES_ON = "\x01"  # a probed part goes on with word characters
_BOUNDARIES = (
    sre.AT_BOUNDARY,
    sre.AT_UNI_BOUNDARY,
    sre.AT_LOC_BOUNDARY,
    sre.AT_END,
    sre.AT_END_STRING,
)
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


_Item = tuple[Any, Any]  # (opcode, argument): one node of re's parse tree (untyped there)


class _Unlisted(Exception):
    """The words a pattern can begin with cannot be listed."""


def first_words(pattern: str, flags: int = re.IGNORECASE) -> frozenset[str] | None:
    """The heads a match of ``pattern`` can begin with, or None when they cannot be listed.

    Read from the pattern's parse tree: its letters up to the first character that is not a
    word character, through groups, alternatives and optional parts: "escap(?:ed|ing|e)" gives
    escaped, escaping and escape; "(?:a|an|\\d+)\\s+years" gives a, an and "#".  Look-arounds and
    word boundaries are passed over (they only narrow what matches).  A pattern that can begin
    with any word, or with more than a few hundred, gives None.
    """
    try:
        words = _words(list(sre_parse.parse(pattern, flags).data), "")
    except (_Unlisted, re.error, RecursionError):
        return None
    return frozenset(words)


def _words(items: list[_Item], prefix: str) -> set[str]:
    """The first words of the pattern items ``items`` once ``prefix`` has been read."""
    if not items:
        return _ended(prefix)
    op, value = items[0]
    rest = items[1:]
    if op is sre.AT:
        if not prefix:
            return _words(rest, prefix)
        if value in _BOUNDARIES:
            return {prefix}
        raise _Unlisted
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        return _words(rest, prefix)
    if op is sre.LITERAL:
        return _character(chr(value), rest, prefix)
    if op is sre.IN:
        return _character_class(value, rest, prefix)
    if op is sre.BRANCH:
        return _union(_words(list(branch.data) + rest, prefix) for branch in value[1])
    if op is sre.SUBPATTERN:
        return _words(list(value[3].data) + rest, prefix)
    if op is sre.ATOMIC_GROUP:
        return _words(list(value.data) + rest, prefix)
    if op in _REPEATS:
        return _repeat(value, rest, prefix)
    raise _Unlisted


def _union(parts: Iterable[set[str]]) -> set[str]:
    words: set[str] = set()
    for part in parts:
        words |= part
        if len(words) > _MOST_WORDS:
            raise _Unlisted
    return words


def _ended(prefix: str) -> set[str]:
    """The word read so far, now ended (a match that begins with no word cannot be listed)."""
    if not prefix or prefix == _ENDS_WORD:
        raise _Unlisted
    return {prefix}


def _character(char: str, rest: list[_Item], prefix: str) -> set[str]:
    if prefix == _ENDS_WORD:  # probing whether a repeated part ends the word at once
        return {prefix} if not (char.isalnum() or char == "_") else {_GOES_ON}
    if not (char.isalnum() or char == "_"):
        return _ended(prefix)
    if not prefix and char.isdecimal():
        return {NUMBER_HEAD}
    if prefix == NUMBER_HEAD:
        return {prefix}
    if len(prefix) > 40:
        raise _Unlisted
    return _words(rest, prefix + char.casefold())


def _character_class(members: list[_Item], rest: list[_Item], prefix: str) -> set[str]:
    """A character class: digits, spaces and punctuation, or a few letters to try one by one."""
    chars: list[str] = []
    for op, value in members:
        if op is sre.LITERAL:
            chars.append(chr(value))
        elif op is sre.RANGE and value[1] - value[0] < 30:
            chars += [chr(c) for c in range(value[0], value[1] + 1)]
        elif op is sre.CATEGORY and value in (sre.CATEGORY_DIGIT, sre.CATEGORY_UNI_DIGIT):
            chars.append("0")
        elif op is sre.CATEGORY and value in (sre.CATEGORY_SPACE, sre.CATEGORY_UNI_SPACE):
            chars.append(" ")
        else:
            raise _Unlisted
    return _union(_character(char, rest, prefix) for char in dict.fromkeys(chars))


def _repeat(value: Any, rest: list[_Item], prefix: str) -> set[str]:
    """A repeated part: each count up to three, or (unbounded) a part that ends the word at once."""
    least, most, part = value
    items = list(part.data)
    words: set[str] = set()
    if least == 0:
        words |= _words(rest, prefix)
    if most <= 3:
        for count in range(max(least, 1), most + 1):
            words |= _words(items * count + rest, prefix)
        return words
    if _words(items, _ENDS_WORD) == {_ENDS_WORD} or prefix == NUMBER_HEAD:
        return words | _words(items + rest, prefix)  # spaces or punctuation: the word has ended
    if not prefix and _words(items, "") == {NUMBER_HEAD}:
        return words | {NUMBER_HEAD}
    raise _Unlisted
