"""The bits of sentence grammar the subject rules need.

Comma-separated chunks; chunks that open a sentence without being its subject (adverbials such
as "In 2014" and participial clauses such as "Arrested twice in China and repatriated,"); the
first finite verb of a clause; names coordinated with a name ("Mun Song-ho and Jo Kwang-il",
"X, Y and Z"); a name an apposition describes ("… by Ri Sun-hwa, a former prison guard who …").
Offsets are in the entry text.
"""

from __future__ import annotations

import re

from .names import NameMention
from .reader import EntryReader

ADVERBIAL = re.compile(
    r"^(?:in|on|at|after|before|by|during|due|since|following|despite|while|when|until|although|as|"
    r"once|then|later|initially|eventually|finally|suspected|accused|identified|born|aged|among|across|"
    r"through|via|with|into|to|from|over|under|near|together|along)\b|^\w+ly\b|"
    r"^(?:late|early|shortly|just|sometime)\s+(?:on|in|at|that|the|after|before)\b",
    re.IGNORECASE,
)
CLAUSE = re.compile(
    r"\b(?:was|were|is|are|has|had|have|been|be|said|says|claimed|reported|announced)\b|^(?:he|she|they|it|his|her|their)\b",
    re.IGNORECASE,
)
# A participial clause opening a sentence: "Arrested twice in China and repatriated, …",
# "Twice caught by Chinese police and sent back, …", "Born in Hamhung, …".
_PARTICIPIAL = re.compile(
    r"^(?:(?:twice|once|thrice|again|later|first|\w+ly)\s+)?"
    r"(?:\w+ed|caught|sent|held|born|driven|taken|given|known|seen|beaten|brought|kept|left|lost|"
    r"thrown|hidden|shot|led|made|torn|freed|stuck)\b",
    re.IGNORECASE,
)
# Finite verbs and auxiliaries that end a subject noun phrase ("An army private was detained").
_FINITE = re.compile(
    r"\b(?:was|were|is|are|has|had|have|did|does|could|would|should|will|can|might|must|managed|tried)\b",
    re.IGNORECASE,
)
# Adverbs between a subject and its verb ("… (name withheld) at last reached"); a list, since
# words ending in -ly are often nouns (Italy, family, July).
_TRAILING_ADVERBS = re.compile(
    r"(?:\s+(?:at\s+last|in\s+the\s+end|finally|eventually|later|then|also|again|soon|first|"
    r"successfully|safely|secretly|reportedly|allegedly|apparently|subsequently|quickly|illegally|"
    r"narrowly|twice|once|thrice))+\s*$",
    re.IGNORECASE,
)
_CHUNK_MARK = re.compile(r"[(\[\]),]")
_LEADING_PREPOSITION = re.compile(r"\s*(?:(?:on|in|at|by|during|since)\s+)?", re.IGNORECASE)
# Between coordinated names, perhaps after an age in apposition ("X, 23, and Y, 22").
_COORDINATOR = re.compile(r"(?:\s*,\s*\d{1,3}(?=\s*,))?\s*(?:,\s*(?:and\s+)?|,?\s+and\s+)")
_POSSESSIVE = re.compile(r"['’]s\b")
_APPOSITION_COMMA = re.compile(r"\s*,\s*$")


def chunks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Comma-separated pieces of ``start``..``end`` (commas inside brackets or quotes kept)."""
    pieces = []
    depth = 0
    position = start
    for mark in _CHUNK_MARK.finditer(text, start, end):
        char = mark.group()
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif depth == 0:
            pieces.append((position, mark.start()))
            position = mark.end()
    pieces.append((position, end))
    return [(s, e) for s, e in pieces if not text[s:e].isspace() and s < e]


def opens_sentence(piece: str) -> bool:
    """True when a chunk is an adverbial or participial opening rather than a subject."""
    piece = piece.strip()
    return bool(ADVERBIAL.match(piece) or _PARTICIPIAL.match(piece))


def skip_leading_date(reader: EntryReader, start: int, end: int) -> int:
    """``start`` moved past a date written at the start of a chunk ("On 20 December 2017 …")."""
    text = reader.found.text
    lead = _LEADING_PREPOSITION.match(text[start:end])
    position = start + (lead.end() if lead else 0)
    first = start + (len(text[start:end]) - len(text[start:end].lstrip()))
    for date in reader.found.starting("dates", min(position, first), max(position, first) + 1):
        if date.start in (position, first):
            after: int = date.end
            while after < end and text[after] in " ,":
                after += 1
            return after
    return start


def within_date(reader: EntryReader, start: int, end: int) -> bool:
    """True when ``start``..``end`` holds nothing but (part of) a date ("2012" of "October 2, 2012")."""
    text = reader.found.text
    piece = text[start:end]
    start += len(piece) - len(piece.lstrip())
    end -= len(piece) - len(piece.rstrip())
    return start < end and any(d.start <= start and end <= d.end for d in reader.found.dates)


def first_verb(reader: EntryReader, start: int, end: int) -> int:
    """Where the first verb after ``start`` stands (a trigger or a finite verb), else ``end``."""
    trigger = next((t.start for t in reader.found.starting("triggers", start + 1, end)), end)
    finite = _FINITE.search(reader.found.text, start, trigger)
    return finite.start() if finite else trigger


def without_trailing_adverbs(text: str, start: int, end: int) -> int:
    """``end`` moved back past adverbs that belong to the verb after it ("… (name withheld) at last")."""
    trailing = _TRAILING_ADVERBS.search(text, start, end)
    return trailing.start() if trailing and trailing.start() > start else end


def name_ending_at(reader: EntryReader, end: int) -> NameMention | None:
    """The personal name that ends a chunk ending at ``end`` (spaces allowed after it)."""
    text = reader.found.text
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return next((n for n in reader.found.names if n.end == end), None)


def coordinated_names(reader: EntryReader, name: NameMention) -> list[NameMention]:
    """The names joined to ``name`` right after it: "X and Y", "X, Y and Z" (a list ends with "and";
    "X, Y's aide" is no list)."""
    text = reader.found.text
    names = {n.start: n for n in reader.found.names}
    joined: list[NameMention] = []
    position = name.end
    while True:
        link = _COORDINATOR.match(text, position)
        following = names.get(link.end()) if link else None
        if link is None or following is None or _POSSESSIVE.match(text, following.end):
            return []
        joined.append(following)
        if "and" in link.group():
            return joined
        position = following.end


def apposed_name(reader: EntryReader, chunk_start: int) -> NameMention | None:
    """The name an apposition chunk describes: the chunk right after "…, Name," ."""
    text = reader.found.text
    comma = _APPOSITION_COMMA.search(text, 0, chunk_start)
    if comma is None:
        return None
    return name_ending_at(reader, comma.start())
