"""An entry's text made ready for the rules: markers blanked, sentences, and every mention found once.

Offsets here are indices into the entry text (``Entry.text``, as rendered); :meth:`EntryText.span`
turns them into :class:`~defectorkg.model.Span` records with article offsets (``Entry.source``).  Citation markers are replaced
by spaces of the same length, so rules never see "[23]" and offsets stay exact.
"""

from __future__ import annotations

import re
from bisect import bisect_right, insort
from dataclasses import dataclass, field
from typing import Any

from ..model import Entry, Span
from .dating import DateMention, Duration, find_dates, find_durations
from .lexicon import GazetteerEntry, Lexicon, OrganizationEntry, PlaceEntry, Trigger, trie_pattern
from .names import NameMention, find_names
from .scan import Words
from .spans import Spans

_CLAUSE_WORDS = trie_pattern(
    [
        "that",
        "who",
        "whom",
        "whose",
        "which",
        "where",
        "while",
        "because",
        "although",
        "though",
        "but",
        "when",
        "until",
        "unless",
        "whereas",
        "after",
        "before",
    ]
)
# A clause boundary: ";", ":", a spaced dash, a clause word after spaces (and a comma), or a comma
# before he/she/they/it.  Written as one character class first (the engine then skips to the
# next ";:," or space at once), each branch checking the character it began with.
_BOUNDARY = re.compile(
    r"[;:,\s](?:(?<=[;:])"
    rf"|(?<=\s)(?:[–—]\s|\s*(?i:{_CLAUSE_WORDS})\b)"
    rf"|(?<=,)(?:\s+(?i:{_CLAUSE_WORDS})\b|\s+(?:and\s+)?(?=(?i:he|she|they|it)\b)))"
)
_PRONOUNS = frozenset(
    ["he", "him", "his", "himself", "she", "her", "hers", "herself", "they", "them", "their"]
)
_COMPASS = re.compile(r"\bthe\s+(?P<dir>[Nn]orth|[Ss]outh)\b(?![\s-]*(?:of\b|[A-Z]|Korea))")
_EMBASSY = re.compile(
    r"(?<![\w-])(?=[A-Za-z])(?:(?:the\s+)?[Cc]onsular\s+[Ss]ection\s+of\s+)?(?:the\s+)?"
    r"(?:(?P<nat>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s+(?P<kind>[Ee]mbassy|[Cc]onsulate(?:[\s-][Gg]eneral)?)"
    r"|(?P<kind2>[Ee]mbassy|[Cc]onsulate(?:[\s-][Gg]eneral)?)\s+of\s+(?P<country>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?))"
    r"\s+(?:in|at)\s+(?P<city>[A-Z][\w.'-]+(?:\s+[A-Z][\w'-]+)?)"
)
_CAMP_AFTER = re.compile(
    r"\s+(?:and\s+[A-Z][\w'-]+\s+)?(?:political\s+prison(?:er)?\s+|concentration\s+|prison\s+|labou?r\s+|"
    r"internment\s+|re-education\s+|penal\s+|detention\s+)?camps?\b"
)
_CAMP_BEFORE = re.compile(r"\b[a-z][\w-]*\s+camps?\s+(?:at|in|near|of)\s+$")
_RULE_CAMP = re.compile(
    r"(?P<names>[A-Z][\w'-]+(?:(?:,\s*|\s+and\s+)[A-Z][\w'-]+)*)\s+(?:political\s+prison(?:er)?|concentration|"
    r"prison|labou?r|internment|re-education|penal|detention)\s+camps?\b"
    r"|\b(?:camp|prison)\s+(?:at|in|near)\s+(?P<after>[A-Z][\w'-]+)"
)

_SPACES = re.compile(r"\s+")
_CAPITALIZED_WORD = re.compile(r"[A-Z][\w'-]+")


@dataclass(slots=True, unsafe_hash=True)  # not frozen: made per entry, three times faster
class SentenceSlice:
    """A sentence of the entry: offsets relative to the entry text and its citation numbers."""

    index: int
    start: int
    end: int
    citations: tuple[int, ...]


@dataclass(slots=True, unsafe_hash=True)  # not frozen: made per entry, three times faster
class Found:
    """A place or organization mention: a gazetteer row, or a rule-made name (``row`` None)."""

    start: int
    end: int
    text: str
    kind: str  # "place" | "organization"
    row: GazetteerEntry | None
    name: str  # the record name (gazetteer main name, or the rule-made name)
    type: str
    country: str | None = None  # for rule-made embassies: the place name of the country


@dataclass(slots=True, unsafe_hash=True)  # not frozen: made per entry, three times faster
class TriggerHit:
    """A trigger phrase matched in the entry."""

    start: int
    end: int
    text: str
    trigger: Trigger
    vehicle: str | None = None

    @property
    def kinds(self) -> tuple[str, ...]:
        """The event kinds or route cues of the trigger."""
        return self.trigger.kinds


@dataclass(slots=True)
class EntryText:
    """The entry text with blanked markers, its sentences and everything found in it."""

    entry: Entry
    article_text: str
    text: str
    sentences: list[SentenceSlice]
    word_index: Words
    places: list[Found] = field(default_factory=list)
    organizations: list[Found] = field(default_factory=list)
    names: list[NameMention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    durations: list[Duration] = field(default_factory=list)
    triggers: list[TriggerHit] = field(default_factory=list)
    pronouns: list[tuple[int, int, str]] = field(default_factory=list)
    boundaries: list[int] = field(default_factory=list)
    _sentence_starts: list[int] = field(default_factory=list)
    _spans: dict[tuple[int, int], Span] = field(default_factory=dict)
    _indexes: dict[str, Spans[Any]] = field(default_factory=dict)

    def add_name(self, mention: NameMention) -> None:
        """Add a name a rule read by structure (a subject, a lone given name), kept in text order
        (the one place rules add names after the scan); the names' index is rebuilt when next asked."""
        insort(self.names, mention, key=lambda n: n.start)
        self._indexes.pop("names", None)

    def starting(self, kind: str, low: int, high: int) -> list[Any]:
        """The mentions of ``kind`` ("places", "dates", "names", …) that start in ``low``..``high``."""
        return self.index(kind).starting(low, high)

    def index(self, kind: str) -> Spans[Any]:
        """The mentions of ``kind`` sorted by start (built once, after every mention is found)."""
        index = self._indexes.get(kind)
        if index is None:
            index = self._indexes[kind] = Spans(getattr(self, kind))
        return index

    @property
    def base(self) -> int:
        """Offset of the entry text in the article text."""
        return self.entry.start

    def span(self, start: int, end: int) -> Span:
        """A Span of the entry text between ``start`` and ``end`` (whitespace trimmed)."""
        known = self._spans.get((start, end))
        if known is None:
            known = self._spans[(start, end)] = self._new_span(start, end)
        return known

    def _new_span(self, start: int, end: int) -> Span:
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        absolute = self.entry.source(start), self.entry.source(end, end=True)
        return Span(
            self.entry.id, absolute[0], absolute[1], self.article_text[absolute[0] : absolute[1]]
        )

    def words(self, start: int, end: int) -> str:
        """The clean text between two offsets with runs of whitespace collapsed."""
        return _SPACES.sub(" ", self.text[start:end]).strip()

    def sentence_at(self, position: int) -> SentenceSlice:
        """The sentence that holds ``position``."""
        if len(self.sentences) == 1:
            return self.sentences[0]
        index = max(0, bisect_right(self._sentence_starts, position) - 1)
        return self.sentences[index]

    def next_boundary(self, position: int, limit: int) -> int:
        """The first clause boundary after ``position``, or ``limit``."""
        index = bisect_right(self.boundaries, position)
        if index < len(self.boundaries) and self.boundaries[index] < limit:
            return self.boundaries[index]
        return limit

    def boundary_between(self, start: int, end: int) -> bool:
        """True when a clause boundary lies between ``start`` and ``end``."""
        index = bisect_right(self.boundaries, start)
        return index < len(self.boundaries) and self.boundaries[index] < end


def read_entry(entry: Entry, article_text: str, lexicon: Lexicon) -> EntryText:
    """Blank the markers of ``entry``, cut it into sentences and find every mention in it."""
    text = blank_citations(entry)
    sentences = [
        SentenceSlice(
            index, entry.local(s.start), entry.local(s.end),
            tuple(c.number for c in s.citations if c.number is not None),
        )
        for index, s in enumerate(entry.sentences)
    ]  # fmt: skip
    if not sentences:
        sentences = [
            SentenceSlice(0, 0, len(text), tuple(c.number for c in entry.citations if c.number))
        ]
    words = Words(text)
    result = EntryText(
        entry=entry, article_text=article_text, text=text, sentences=sentences, word_index=words
    )
    result._sentence_starts = [s.start for s in sentences]
    _find_gazetteer(result, lexicon)
    _find_rule_places(result, lexicon)
    taken = [(f.start, f.end) for f in (*result.places, *result.organizations)]
    result.names = find_names(text, lexicon, taken)
    result.dates = find_dates(text, entry.year, _relative(entry), words)
    result.durations = find_durations(text, words)
    result.triggers = _find_triggers(words, lexicon)
    result.pronouns = [
        (start, start + len(word), text[start : start + len(word)].lower())
        for start, word in words.occurrences(_PRONOUNS)
    ]
    result.boundaries = sorted(
        {m.start() for m in _BOUNDARY.finditer(text)} | {s.end for s in sentences}
    )
    return result


def blank_citations(entry: Entry) -> str:
    """The entry text with every citation marker replaced by spaces of the same length."""
    if not entry.citations:
        return entry.text
    pieces = []
    position = 0  # the text before it is copied or blanked
    for citation in sorted(entry.citations, key=lambda c: c.start):
        start = max(position, entry.local(citation.start))
        end = entry.local(citation.end)
        if end > start:
            pieces += [entry.text[position:start], " " * (end - start)]
            position = end
    pieces.append(entry.text[position:])
    return "".join(pieces)


def _relative(entry: Entry) -> tuple[int, int] | None:
    span = entry.date_span
    return (entry.local(span[0]), entry.local(span[1])) if span else None


def _find_gazetteer(found: EntryText, lexicon: Lexicon) -> None:
    text = found.text
    for match in lexicon.surface_scan.matches(found.word_index):
        rows = lexicon.surface[match.group()]
        row = _choose_row(rows, text, match.start(), match.end())
        item = Found(
            match.start(), match.end(), match.group(),
            "place" if isinstance(row, PlaceEntry) else "organization", row, row.name, row.type,
        )  # fmt: skip
        (found.places if item.kind == "place" else found.organizations).append(item)


def _choose_row(
    rows: tuple[GazetteerEntry, ...], text: str, start: int, end: int
) -> GazetteerEntry:
    """The row a written form means here: a camp when a camp word is next to it, else not a camp."""
    if len(rows) == 1:
        return rows[0]
    near_camp = bool(
        _CAMP_AFTER.match(text, end) or _CAMP_BEFORE.search(text[max(0, start - 40) : start])
    )
    for row in rows:
        if isinstance(row, PlaceEntry) and (row.type == "camp") == near_camp:
            return row
    return rows[0]


def _find_rule_places(found: EntryText, lexicon: Lexicon) -> None:
    """Embassies and consulates, camps the gazetteer lacks, and "the South"/"the North"."""
    text = found.text
    lowered = text.lower()
    embassies = _EMBASSY.finditer(text) if "mbassy" in lowered or "onsulate" in lowered else ()
    for match in embassies:
        organization = _embassy(match, lexicon)
        if organization is not None:
            found.organizations.append(organization)
    known = Spans((f.start, f.end) for f in found.places)
    camps = _RULE_CAMP.finditer(text) if "camp" in lowered or "prison" in lowered else ()
    for match in camps:
        if match.group("after"):
            spans = [(match.start("after"), match.end("after"))]
        else:
            spans = [(m.start(), m.end()) for m in _CAPITALIZED_WORD.finditer(match.group("names"))]
            spans = [(s + match.start("names"), e + match.start("names")) for s, e in spans]
        for start, end in spans:
            if known.overlapping(start, start + 1) or text[start:end] in lexicon.surface:
                continue
            name = f"{text[start:end]} camp"
            found.places.append(Found(start, end, text[start:end], "place", None, name, "camp"))
    for match in (
        _COMPASS.finditer(text) if "the north" in lowered or "the south" in lowered else ()
    ):
        country = "South Korea" if match.group("dir").lower() == "south" else "North Korea"
        row = lexicon.places.get(country)
        if row is not None:
            found.places.append(
                Found(match.start(), match.end(), match.group(), "place", row, row.name, row.type)
            )
    found.places.sort(key=lambda f: (f.start, f.end))
    found.organizations.sort(key=lambda f: (f.start, f.end))


def _embassy(match: re.Match[str], lexicon: Lexicon) -> Found | None:
    """An embassy or consulate named by the country it represents and the city it stands in."""
    written = match.group("city")
    city = (
        written.split()[0]
        if written not in lexicon.surface and written.split()[0] in lexicon.surface
        else written
    )  # "Kuwait City" is a city of its own; "Beijing On" is Beijing
    kind = (match.group("kind") or match.group("kind2")).replace("-", " ").title()
    if match.group("nat"):
        nationality = match.group("nat")
        country = lexicon.demonyms.get(nationality)
        if country is None:
            return None
        name = f"{nationality} {kind} in {city}"
    else:
        country = lexicon.place(match.group("country"))
        if country is None:
            return None
        name = f"{kind} of {country.name} in {city}"
    start = match.start("nat") if match.group("nat") else match.start("kind2")
    end = match.start("city") + len(city)
    return Found(start, end, match.string[start:end], "organization", None, name,
                 "diplomatic mission", country=country.name)  # fmt: skip


def _find_triggers(words: Words, lexicon: Lexicon) -> list[TriggerHit]:
    hits: list[TriggerHit] = []
    for match in lexicon.trigger_index.find(words):
        group = match.lastgroup or ""  # the trigger's own group closes last
        if not group.startswith("t"):
            group = next(
                name
                for name, value in match.groupdict().items()
                if value is not None and name.startswith("t") and name[1:].isdigit()
            )
        index = int(group[1:])
        trigger = lexicon.triggers[index]
        vehicle = match.group(f"vehicle_{index}") if "(?P<vehicle>" in trigger.pattern else None
        hits.append(TriggerHit(match.start(), match.end(), match.group(), trigger, vehicle))
    return hits


def is_organization(found: Found) -> bool:
    """True for organization mentions (gazetteer or rule-made)."""
    return found.kind == "organization" or isinstance(found.row, OrganizationEntry)
