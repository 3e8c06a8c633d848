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

import re
from bisect import bisect_left
from collections.abc import Iterable

NUMBER_HEAD = "#"

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

    def has(self, head: str) -> bool:
        """True when a word with this head stands in the text."""
        return head in self._at

    def has_any(self, heads: frozenset[str]) -> bool:
        """True when a word with one of these heads stands in the text."""
        return not heads.isdisjoint(self._at)

    def positions(self, heads: frozenset[str]) -> list[int]:
        """Where words with one of these heads begin, in text order (kept for the next call)."""
        known = self._positions.get(heads)
        if known is not None:
            return known
        found = heads.intersection(self._at)  # iterates the text's few words, not all heads
        if not found:
            result: list[int] = []
        elif len(found) == 1:
            result = self._at[next(iter(found))]
        else:
            result = sorted(p for head in found for p in self._at[head])
        self._positions[heads] = result
        return result

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
            self._stem_words = frozenset(w.lower() for w in _STEM_WORD.findall(self.text))
        return self._stem_words


class KeyedPattern:
    """A compiled pattern whose every match begins with a word of ``heads`` (None: anywhere)."""

    __slots__ = ("heads", "pattern")

    def __init__(self, pattern: re.Pattern[str], heads: Iterable[str] | None) -> None:
        self.pattern = pattern
        self.heads = frozenset(heads) if heads is not None else None

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
