"""Mentions sorted by where they start, asked by bisect: extraction stays linear in an entry's length.

A rule asks "which dates start in this window?", "does a place overlap these words?", "is this
inside a work title?". Scanning every mention of the entry for each question makes a long entry
quadratic (every trigger × every place); :class:`Spans` answers each question by bisecting the
starts and looking only at mentions that can overlap, since no mention is longer than the
longest one. :data:`COMPARISONS` counts the mentions looked at, for the scale test.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class _Counter:
    """How many mentions the span questions looked at (the scale test reads it, never a timer)."""

    __slots__ = ("value",)

    def __init__(self) -> None:
        self.value = 0


COMPARISONS = _Counter()


def _start(item: Any) -> int:
    start: int = item[0] if isinstance(item, tuple) else item.start
    return start


def _end(item: Any) -> int:
    end: int = item[1] if isinstance(item, tuple) else item.end
    return end


class Spans(Generic[T]):
    """Items with a start and an end (objects or ``(start, end)`` tuples), in order of start."""

    __slots__ = ("items", "longest", "starts")

    def __init__(self, items: Iterable[T]):
        self.items: Sequence[T] = sorted(items, key=_start)
        self.starts = [_start(item) for item in self.items]
        self.longest = max((_end(item) - _start(item) for item in self.items), default=0)

    def __len__(self) -> int:
        return len(self.items)

    def starting(self, low: int, high: int) -> list[T]:
        """The items that start at ``low`` or later and before ``high``, in order."""
        first = bisect_left(self.starts, low)
        last = bisect_left(self.starts, high, first)
        COMPARISONS.value += last - first + 1
        return list(self.items[first:last])

    def overlapping(self, start: int, end: int) -> list[T]:
        """The items that share at least one character with ``start``..``end``."""
        return [item for item in self.starting(start - self.longest, end) if _end(item) > start]

    def covering(self, start: int, end: int) -> list[T]:
        """The items that hold all of ``start``..``end``."""
        return [item for item in self.starting(end - self.longest, start + 1) if _end(item) >= end]
