"""The rule data of extraction, read once from ``data/gazetteers/*.tsv``.

Gazetteers (places, organizations) and word lists (surnames, roles, kinship words, group nouns,
event triggers) are data files with a header row, so the rules grow without code changes.  Every
surface form of every gazetteer row goes into one trie-shaped regular expression, so finding all
places and organizations in an entry is one linear scan, never a loop over the rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import ExtractionError
from ..iris import fold, key
from ..resources import gazetteer_path
from .scan import KeyedPattern, Words, first_words, head_of

PLACE_TYPES = frozenset(
    ("country", "city", "province", "region", "camp", "border area", "building", "body of water")
)
ORGANIZATION_TYPES = frozenset(
    ("party", "military", "agency", "government", "news media", "publisher", "international",
     "diplomatic mission", "other")
)  # fmt: skip


def organization_key(name: str) -> str:
    """The key of an organization or publisher: a leading "The " is ignored."""
    return key("organization", strip_article(name))


def strip_article(name: str) -> str:
    """``name`` without a leading "The "/"the "."""
    return re.sub(r"^(?:[Tt]he)\s+", "", name.strip())


@dataclass(frozen=True, slots=True)
class PlaceEntry:
    """One row of places.tsv."""

    name: str
    alternates: tuple[str, ...]
    type: str
    parent: str | None
    wikidata: str | None
    demonyms: tuple[str, ...]
    crossing: str | None  # the route-step kind of a move into/across it out of North Korea
    key: str = ""  # the Place key, set when the file is read


@dataclass(frozen=True, slots=True)
class OrganizationEntry:
    """One row of organizations.tsv."""

    name: str
    alternates: tuple[str, ...]
    type: str
    country: str | None
    wikidata: str | None
    implied_by: tuple[str, ...]
    key: str = ""  # the Organization key, set when the file is read


@dataclass(frozen=True, slots=True)
class KinWord:
    """One row of kinship.tsv."""

    word: str
    relation: str
    gender: str | None
    of_male: str
    of_female: str
    of_unknown: str
    collective: bool

    def label_of(self, gender: str | None) -> str:
        """The label X gets in "<word> of X" when X has ``gender``."""
        if gender == "male":
            return self.of_male
        if gender == "female":
            return self.of_female
        return self.of_unknown


@dataclass(frozen=True, slots=True)
class RoleWord:
    """One row of roles.tsv."""

    word: str
    kind: str
    affiliation: str
    gender: str | None = None  # "actress" says female, "fisherman" male


@dataclass(frozen=True, slots=True)
class GroupNoun:
    """One row of group-nouns.tsv."""

    noun: str
    gender: str | None
    composition: bool  # False for generic nouns ("people") that say nothing about who they are


@dataclass(frozen=True, slots=True)
class Trigger:
    """One row of event-triggers.tsv: kinds (event kinds or route cues), role, words, pattern."""

    kinds: tuple[str, ...]
    role: str
    words: tuple[str, ...]  # stems of which every match contains one
    pattern: str
    line: int


class TriggerIndex:
    """Finds the triggers in a text, trying at each word only the triggers that can begin there.

    Every trigger pattern is read for the words it can begin with (:func:`first_words`); at a
    word, the alternation of those triggers (in file order) runs once.  The matches equal those of
    one alternation of all triggers scanned over the whole text, at a fraction of the cost.
    A trigger whose first words cannot be listed is found the old way: when a stem of it begins a
    word of the text, the alternation of the triggers whose stems the text has scans all of it.
    """

    def __init__(self, triggers: tuple[Trigger, ...]) -> None:
        self.triggers = triggers
        firsts = [first_words(trigger.pattern) for trigger in triggers]
        self._unlisted = frozenset(i for i, words in enumerate(firsts) if words is None)
        by_head: dict[str, list[int]] = {}
        for index, words in enumerate(firsts):
            for head in words or ():
                by_head.setdefault(head, []).append(index)
        self._compiled: dict[tuple[int, ...], re.Pattern[str]] = {}
        self._triggers_by_head = {head: tuple(indices) for head, indices in by_head.items()}
        self._by_head: dict[str, re.Pattern[str]] = {}  # compiled when a head is first met
        self._heads = frozenset(by_head)
        stems: dict[str, list[int]] = {}
        for index, trigger in enumerate(triggers):
            for stem in trigger.words:
                stems.setdefault(stem, []).append(index)
        self._stems = {stem: tuple(indices) for stem, indices in stems.items()}
        self._longest = max((len(stem) for stem in stems), default=0)
        self._by_word: dict[str, tuple[int, ...]] = {}  # words some stem begins
        self._plain: set[str] = set()  # words no stem begins

    def find(self, words: Words) -> list[re.Match[str]]:
        """Every trigger match in the text of ``words``, in text order (group ``t<i>``: trigger i)."""
        if self._unlisted:
            expression = self.expression(words)
            if expression is not None and self._unlisted.intersection(
                int(name[1:]) for name in expression.groupindex if name[1:].isdigit()
            ):
                return list(expression.finditer(words.text))
        text = words.text
        found: list[re.Match[str]] = []
        last = 0
        by_head = self._by_head
        for position, head in words.occurrences(self._heads):
            if position < last:
                continue
            pattern = by_head.get(head)
            if pattern is None:
                pattern = by_head[head] = self._alternation(self._triggers_by_head[head])
            match = pattern.match(text, position)
            if match is not None:
                found.append(match)
                last = match.end()
        return found

    def expression(self, words: Words) -> re.Pattern[str] | None:
        """The alternation of the triggers whose stems begin words of the text (None: none do)."""
        found: set[int] = set()
        for word in words.stem_words().difference(self._plain):
            indices = self._by_word.get(word)
            found.update(indices if indices is not None else self._triggers_of(word))
        return self._alternation(tuple(sorted(found))) if found else None

    def _alternation(self, chosen: tuple[int, ...]) -> re.Pattern[str]:
        pattern = self._compiled.get(chosen)
        if pattern is None:
            pattern = self._compiled[chosen] = _combined_triggers(self.triggers, chosen)
        return pattern

    def _triggers_of(self, word: str) -> tuple[int, ...]:
        """The triggers a stem of which begins ``word`` (remembered for the next entry)."""
        indices: list[int] = []
        for size in range(1, min(len(word), self._longest) + 1):
            indices += self._stems.get(word[:size], ())
        result = tuple(indices)
        if len(self._by_word) + len(self._plain) < _WORD_CACHE_LIMIT:
            if result:
                self._by_word[word] = result
            else:
                self._plain.add(word)
        return result


_WORD_CACHE_LIMIT = 1 << 17  # distinct words remembered; an article of the genre has far fewer


GazetteerEntry = PlaceEntry | OrganizationEntry


@dataclass(frozen=True, eq=False)  # hashed by identity: rules cache patterns per lexicon
class Lexicon:
    """Everything the rules look up, with the compiled expressions built from it."""

    places: dict[str, PlaceEntry]  # by name
    place_chains: dict[str, frozenset[str]]  # place name -> it and the places it lies in
    place_countries: dict[str, str | None]  # place name -> the country it lies in (or is)
    organizations: dict[str, OrganizationEntry]  # by name
    surface: dict[str, tuple[GazetteerEntry, ...]]  # every written form -> the rows it names
    surface_re: re.Pattern[str]
    surface_scan: KeyedPattern  # surface_re, tried only at the first words of the written forms
    demonyms: dict[str, PlaceEntry]  # "South Korean" -> South Korea
    demonym_re: re.Pattern[str]
    implied: dict[str, OrganizationEntry]  # "party" -> Workers' Party of Korea
    surnames: frozenset[str]
    roles: dict[str, RoleWord]
    role_re: re.Pattern[str]
    role_scan: KeyedPattern  # role_re, tried only at the first words of the role words
    plural_roles: dict[str, str]  # "diplomats" -> "diplomat" (one-word roles)
    plural_role_scan: KeyedPattern
    kinship: dict[str, KinWord]
    kin_re: re.Pattern[str]
    group_nouns: dict[str, GroupNoun]  # by lower-case noun
    associates: dict[str, str]  # "aide" -> "aide", "fellow defector" -> "fellow defector"
    associate_re: re.Pattern[str]
    person_nouns: tuple[str, ...]  # group nouns and plural role words ("majors"), for group phrases
    neighbours: frozenset[str]  # countries a land border crossing out of North Korea leads into
    triggers: tuple[Trigger, ...]
    trigger_index: TriggerIndex
    organization_folds: dict[str, OrganizationEntry]

    def place(self, name: str) -> PlaceEntry | None:
        """The place row named ``name`` (its main name or any written form)."""
        if name in self.places:
            return self.places[name]
        for row in self.surface.get(name, ()):
            if isinstance(row, PlaceEntry):
                return row
        return None

    def organization_by_fold(self, name: str) -> OrganizationEntry | None:
        """The organization row any of whose names folds like ``name`` ("The" ignored)."""
        return self.organization_folds.get(fold(strip_article(name)))


_Trie = dict[str, "_Trie"]  # a character -> the rest; "" marks the end of a word


def trie_pattern(words: Iterable[str]) -> str:
    """A regular expression matching any of ``words``, shaped as a trie (longest match first).

    The engine then follows one branch per character instead of trying every word at every
    position, which keeps a scan linear in the text whatever the number of words.
    """
    trie: _Trie = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_node(trie)


def _trie_node(node: _Trie) -> str:
    branches = [re.escape(char) + _trie_node(node[char]) for char in sorted(c for c in node if c)]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:
        return f"(?:{body})?"
    return body


def _rows(path: Path, columns: int) -> list[tuple[int, list[str]]]:
    """The data rows of a TSV file (comments and the header skipped), each with its line number."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise ExtractionError(f"{path}: gazetteer file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ExtractionError(f"{path}: cannot read gazetteer ({exc})") from None
    rows: list[tuple[int, list[str]]] = []
    header_seen = False
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) < columns:
            cells += [""] * (columns - len(cells))
        if len(cells) != columns:
            raise ExtractionError(
                f"{path.name} line {number}: expected {columns} tab-separated columns, found {len(cells)}"
            )
        if not header_seen:
            header_seen = True
            continue
        if not cells[0].strip():
            raise ExtractionError(f"{path.name} line {number}: the first column is empty")
        rows.append((number, [cell.strip() for cell in cells]))
    if not header_seen:
        raise ExtractionError(f"{path}: no header row")
    return rows


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def _places(folder: Path) -> dict[str, PlaceEntry]:
    path = folder / "places.tsv"
    places: dict[str, PlaceEntry] = {}
    for number, (name, alternates, kind, parent, wikidata, demonyms, crossing) in _rows(path, 7):
        if kind not in PLACE_TYPES:
            raise ExtractionError(f"places.tsv line {number}: unknown place type {kind!r}")
        if name in places:
            raise ExtractionError(f"places.tsv line {number}: {name!r} is listed twice")
        places[name] = PlaceEntry(
            name, _split(alternates), kind, parent or None, wikidata or None, _split(demonyms),
            crossing or None, key("place", name),
        )  # fmt: skip
    for row in places.values():
        if row.parent is not None and row.parent not in places:
            raise ExtractionError(f"places.tsv: {row.name!r} lies in unknown place {row.parent!r}")
    return places


def _organizations(folder: Path, places: dict[str, PlaceEntry]) -> dict[str, OrganizationEntry]:
    path = folder / "organizations.tsv"
    organizations: dict[str, OrganizationEntry] = {}
    for number, (name, alternates, kind, country, wikidata, implied) in _rows(path, 6):
        if kind not in ORGANIZATION_TYPES:
            raise ExtractionError(f"organizations.tsv line {number}: unknown type {kind!r}")
        if country and country not in places:
            raise ExtractionError(f"organizations.tsv line {number}: unknown country {country!r}")
        if name in organizations:
            raise ExtractionError(f"organizations.tsv line {number}: {name!r} is listed twice")
        organizations[name] = OrganizationEntry(
            name,
            _split(alternates),
            kind,
            country or None,
            wikidata or None,
            _split(implied),
            organization_key(name),
        )
    return organizations


def _triggers(folder: Path) -> tuple[Trigger, ...]:
    path = folder / "event-triggers.tsv"
    triggers = []
    for number, (kinds, role, words, pattern) in _rows(path, 4):
        try:
            re.compile(pattern, re.IGNORECASE)
        except re.error as exc:
            raise ExtractionError(
                f"event-triggers.tsv line {number}: bad pattern ({exc})"
            ) from None
        stems = tuple(w.strip().lower() for w in words.split("|") if w.strip())
        if not stems:
            raise ExtractionError(
                f"event-triggers.tsv line {number}: no words given for the pattern"
            )
        odd = [stem for stem in stems if not _STEM.fullmatch(stem)]
        if odd:
            raise ExtractionError(
                f"event-triggers.tsv line {number}: word {odd[0]!r} is not one word (letters, digits, hyphens)"
            )
        triggers.append(Trigger(tuple(kinds.split("+")), role, stems, pattern, number))
    return tuple(triggers)


_STEM = re.compile(r"\w[\w-]*")
_GROUP_NAME = re.compile(r"\(\?P<(\w+)>")


def _combined_triggers(triggers: tuple[Trigger, ...], chosen: tuple[int, ...]) -> re.Pattern[str]:
    """One alternation of the chosen triggers, each as group ``t<i>`` (inner groups renamed ``<name>_<i>``)."""
    parts = []
    for index in chosen:
        trigger = triggers[index]
        body = _GROUP_NAME.sub(rf"(?P<\g<1>_{index}>", trigger.pattern)
        parts.append(f"(?P<t{index}>{body})")
    # Every trigger starts a word: saying so first lets the engine skip the other positions at once.
    return re.compile(r"(?<![\w-])(?=\w)(?:" + "|".join(parts) + ")", re.IGNORECASE)


def _word_re(words: Iterable[str]) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{trie_pattern(words)})(?![\w-])", re.IGNORECASE)


@lru_cache(maxsize=4)
def load_lexicon(folder: Path | None = None) -> Lexicon:
    """Read every rule data file under ``folder`` (default: the project's data/gazetteers/)."""
    folder = folder if folder is not None else gazetteer_path("places.tsv").parent
    places = _places(folder)
    organizations = _organizations(folder, places)
    surface: dict[str, list[GazetteerEntry]] = {}
    entries: list[GazetteerEntry] = [*places.values(), *organizations.values()]
    for entry in entries:
        for form in (entry.name, *entry.alternates):
            rows = surface.setdefault(form, [])
            if entry not in rows:
                rows.append(entry)
    demonyms = {d: row for row in places.values() for d in row.demonyms}
    implied = {word: row for row in organizations.values() for word in row.implied_by}
    roles = {
        word: RoleWord(word, kind, affiliation, gender or None)
        for _, (word, kind, affiliation, gender) in _rows(folder / "roles.tsv", 4)
    }
    kinship = {
        row[0]: KinWord(row[0], row[1], row[2] or None, row[3], row[4], row[5], row[6] == "yes")
        for _, row in _rows(folder / "kinship.tsv", 7)
    }
    group_nouns = {
        noun.lower(): GroupNoun(noun, gender or None, composition == "yes")
        for _, (noun, gender, composition) in _rows(folder / "group-nouns.tsv", 3)
    }
    associates = {word: relation for _, (word, relation) in _rows(folder / "associates.tsv", 2)}
    surnames = frozenset(row[0] for _, row in _rows(folder / "surnames.tsv", 1))
    triggers = _triggers(folder)
    plurals = {f"{word}s": word for word in roles if " " not in word}
    surface_re = re.compile(rf"(?<![\w’'-])(?:{trie_pattern(surface)})(?![\w-])")
    return Lexicon(
        places=places,
        place_chains={name: frozenset(row.name for row in _chain(places, name)) for name in places},
        place_countries={
            name: next((row.name for row in _chain(places, name) if row.type == "country"), None)
            for name in places
        },
        organizations=organizations,
        surface={form: tuple(rows) for form, rows in surface.items()},
        surface_re=surface_re,
        surface_scan=KeyedPattern(surface_re, _heads(surface)),
        demonyms=demonyms,
        demonym_re=re.compile(rf"(?<![\w-])(?:{trie_pattern(demonyms)})(?![\w-])"),
        implied=implied,
        surnames=surnames,
        roles=roles,
        role_re=_word_re(roles),
        role_scan=KeyedPattern(_word_re(roles), _heads(roles)),
        plural_roles=plurals,
        plural_role_scan=KeyedPattern(_word_re(plurals), _heads(plurals)),
        kinship=kinship,
        kin_re=_word_re(kinship),
        group_nouns=group_nouns,
        associates=associates,
        associate_re=_word_re(associates),
        person_nouns=tuple(group_nouns) + tuple(f"{role}s" for role in roles if " " not in role),
        neighbours=frozenset(
            row.name
            for row in places.values()
            if row.type == "country" and row.crossing == "border crossing"
        ),
        triggers=triggers,
        trigger_index=TriggerIndex(triggers),
        organization_folds=_organization_folds(organizations),
    )


def _chain(places: dict[str, PlaceEntry], name: str) -> list[PlaceEntry]:
    """A place and the places it lies in, innermost first (ten at most: a loop in the data ends)."""
    chain: list[PlaceEntry] = []
    row: PlaceEntry | None = places[name]
    while row is not None and len(chain) < 10:
        chain.append(row)
        row = places.get(row.parent) if row.parent else None
    return chain


def _heads(forms: Iterable[str]) -> list[str] | None:
    """The first words of written forms; None when one begins with no letter or digit (then every
    position is tried)."""
    heads = []
    for form in forms:
        if not _STEM.match(form):
            return None
        heads.append(head_of(form))
    return heads


def _organization_folds(
    organizations: dict[str, OrganizationEntry],
) -> dict[str, OrganizationEntry]:
    table: dict[str, OrganizationEntry] = {}
    for row in organizations.values():
        for name in (row.name, *row.alternates):
            table.setdefault(fold(strip_article(name)), row)
    return table
