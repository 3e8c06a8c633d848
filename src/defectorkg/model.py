"""Frozen records for the two hand-offs of the pipeline.

Longer than 500 lines on purpose: every record type of both hand-offs is defined here once, so
that a field is one edit and the contract between the stages is read in one place.

* ``Article`` (and its parts) is what a reader of :mod:`defectorkg.source` makes of the file
  (plain text, MediaWiki source or HTML): a lossless document model that knows the article's
  layout and nothing about people.
* ``Records`` (and its parts) is what :mod:`defectorkg.extract` makes of an ``Article``:
  domain records that :mod:`defectorkg.rdf.mapping` turns into RDF without re-reading text.

All offsets are character offsets (Python ``str`` indices) into the whole article text (the
file as given: for wikitext and HTML, the markup), ``start`` inclusive and ``end`` exclusive;
line numbers are 1-based.  An entry or paragraph read from markup carries ``text`` as rendered
(what a reader of the page sees) and ``offsets``, where its runs of characters stand in the source;
its methods :meth:`Entry.local` and :meth:`Entry.source` convert between the two.  Every collection is a
tuple so that the records are hashable and their order is fixed.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Literal

# The kinds (event kinds, kinship and association names) are named once, in kinds.py;
# the records re-export them.
from .kinds import ASSOCIATIONS, EVENT_KINDS, KINSHIP, LIFE_EVENT_KINDS, ROUTE_KINDS  # noqa: F401

# ---------------------------------------------------------------------------------------
# The document model (parse stage)
# ---------------------------------------------------------------------------------------


#: Where a rendered text stands in the source: ``(index into the text, source offset)`` at the start
#: of each run of characters that follow one another in the source.  ``()``: the text is verbatim
#: from ``start`` on (plain text).  Runs keep markup renderings small (one pair per link or marker,
#: not one offset per character).
Runs = tuple[tuple[int, int], ...]


def _local(runs: Runs, start: int, length: int, offset: int) -> int:
    """Index into a rendered text of the source ``offset`` (the first character at or after it)."""
    if not runs:
        return offset - start
    k = bisect_right(runs, offset, key=lambda run: run[1]) - 1
    if k < 0:
        return 0
    index = runs[k][0] + offset - runs[k][1]
    following = runs[k + 1][0] if k + 1 < len(runs) else length
    return min(index, following)


def _source(runs: Runs, start: int, length: int, index: int, *, end: bool) -> int:
    """Source offset of rendered ``index``; with ``end`` the exclusive end of ``text[:index]``."""
    if not runs:
        return start + index
    if end or index >= length:
        return _source(runs, start, length, index - 1, end=False) + 1 if index > 0 else runs[0][1]
    k = max(0, bisect_right(runs, index, key=lambda run: run[0]) - 1)
    return runs[k][1] + index - runs[k][0]


def runs_of(offsets: list[int] | tuple[int, ...]) -> Runs:
    """The runs of a per-character offset list (see :data:`Runs`)."""
    found = []
    previous = None
    for index, offset in enumerate(offsets):
        if previous is None or offset != previous + 1:
            found.append((index, offset))
        previous = offset
    return tuple(found)


@dataclass(frozen=True, slots=True)
class Link:
    """A wiki link ``[[Target|shown]]``: where the shown text stands, and the page it names."""

    start: int
    end: int
    target: str  # the page title as linked: "Ko Young-hwan"


@dataclass(frozen=True, slots=True)
class Citation:
    """A citation marker such as ``[6]`` where it stands in the text."""

    label: str  # the text between the brackets: "6", "a", "note 2"
    number: int | None  # the reference number it points at, when the label is a number
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence, with the citation markers that stand in it or directly after it."""

    text: str
    start: int
    end: int
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of running text (the intro)."""

    text: str
    line: int
    start: int
    end: int
    sentences: tuple[Sentence, ...] = ()
    citations: tuple[Citation, ...] = ()
    offsets: Runs = ()  # where the rendered text stands in the source; () = verbatim at start
    links: tuple[Link, ...] = ()


@dataclass(frozen=True, slots=True)
class Entry:
    """One bulleted entry under a year section."""

    id: str  # "1997-2": the year and the 1-based position of the entry under it
    year: int
    index: int  # 1-based position under its year
    line: int
    start: int  # offset of the entry text (after the bullet) in the article text
    end: int
    text: str  # the entry text without its bullet, citation markers included
    date_phrase: str | None  # leading "21 September", "December", "12 February"
    date_span: tuple[int, int] | None
    subject: str | None  # the text before the separator (or before the first comma)
    subject_span: tuple[int, int] | None
    body: str  # the text after the subject, separator and date phrase
    body_start: int
    sentences: tuple[Sentence, ...] = ()
    citations: tuple[Citation, ...] = ()
    decade: str | None = None  # "1950s" when the article groups years under decades
    offsets: Runs = ()  # where the rendered text stands in the source; () = verbatim at start
    links: tuple[Link, ...] = ()  # wiki links in the entry (shown text offsets, target page)

    def local(self, offset: int) -> int:
        """Index into ``text`` of a source offset (of this entry's text, a sentence, a marker)."""
        return _local(self.offsets, self.start, len(self.text), offset)

    def source(self, index: int, *, end: bool = False) -> int:
        """Source offset of ``text[index]``; with ``end``, the exclusive end of ``text[:index]``."""
        return _source(self.offsets, self.start, len(self.text), index, end=end)


@dataclass(frozen=True, slots=True)
class Section:
    """A year section (possibly empty) with its entries."""

    title: str  # the heading as written: "1953"
    year: int
    line: int
    entries: tuple[Entry, ...] = ()
    decade: str | None = None
    implicit: bool = False  # no year line opens it: its entries are dated in their own text


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading that is not a year, such as "See also" (edit-link residue removed)."""

    title: str
    raw: str
    line: int
    items: tuple[tuple[int, str], ...] = ()  # (line, text) of the lines under it ("See also" links)


@dataclass(frozen=True, slots=True)
class Reference:
    """One item of the reference list, with the fields read from it."""

    number: int
    line: int
    start: int
    end: int
    raw: str  # the item text after the number and backlink marks
    backlinks: tuple[str, ...] = ()  # ("a", "b") for "^ a b"; () for a single "^"
    authors: tuple[str, ...] = ()  # each as "Given Family" ("Andrew Pollack")
    title: str | None = None
    publisher: str | None = None  # publisher or work ("The New York Times")
    published: str | None = None  # ISO 8601 at its precision: "2016-08-17", "2013-07", "2010"
    retrieved: str | None = None
    archived: str | None = None
    format: str | None = None  # "PDF", "video"
    page: str | None = None
    isbn: str | None = None
    edition: str | None = None
    note: str | None = None  # trailing text that is no field (a quotation, a summary)
    url: str | None = None  # the cited page, when the source gives it (cite template, link)
    archive_url: str | None = None


@dataclass(frozen=True, slots=True)
class Furniture:
    """A line of page furniture, accounted for but no content: a banner, a contents block, a
    category or navbox line, a maintenance template, an image, a "Retrieved from" trailer."""

    line: int
    kind: str  # "banner", "contents", "category", "template", "navbox", "image", "comment", "trailer", ...
    text: str


@dataclass(frozen=True, slots=True)
class UnrecognisedLine:
    """A non-blank line the parser could not place in the model."""

    line: int
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class Article:
    """The whole article, lossless: every non-blank line is in here or in ``unrecognised``."""

    title: str
    source_name: str  # file name (or "<string>") the text came from
    sha256: str  # of the UTF-8 bytes of the text
    text: str
    intro: tuple[Paragraph, ...]
    sections: tuple[Section, ...]
    headings: tuple[Heading, ...]
    references: tuple[Reference, ...]
    unrecognised: tuple[UnrecognisedLine, ...] = ()
    url: str | None = None
    reader: str = "plain text"  # the rendering read: "plain text", "wikitext", "html"
    furniture: tuple[Furniture, ...] = ()

    @property
    def entries(self) -> tuple[Entry, ...]:
        """All entries in document order."""
        return tuple(e for s in self.sections for e in s.entries)

    def reference(self, number: int) -> Reference | None:
        """The reference with this number, or None."""
        for ref in self.references:
            if ref.number == number:
                return ref
        return None


# ---------------------------------------------------------------------------------------
# The domain records (extract stage)
# ---------------------------------------------------------------------------------------

Precision = Literal["day", "month", "year"]


@dataclass(frozen=True, slots=True)
class DateValue:
    """A date at its precision: ``iso`` is "1953-09-21", "1995-12" or "1992"."""

    iso: str
    precision: Precision
    note: str | None = None  # "at the end of 2020", "the previous year": how it was read


@dataclass(frozen=True, slots=True)
class Span:
    """Where a record was read from: the entry and the words (offsets in the article text)."""

    entry_id: str | None  # None for records read from the reference list
    start: int
    end: int
    quote: str  # article.text[start:end]


@dataclass(frozen=True, slots=True)
class Person:
    """A person: a defector, a relative, or anyone else named or implied in an entry.

    ``key`` is "person/<slug>" for named people and "person/entry-<entry id>-<n>" for
    anonymous ones; it is unique within ``Records``.
    """

    key: str
    name: str  # display name: the name as first written, or a descriptive label
    fold: str  # folded name for matching ("kangcholhwan"); "" for anonymous people
    alternate_names: tuple[str, ...] = ()  # every other spelling seen
    anonymous: bool = False
    defector: bool = False  # defected to South Korea in an entry of this article
    gender: Literal["male", "female"] | None = None
    age_at_defection: int | None = None
    roles: tuple[str, ...] = ()  # "Air force senior lieutenant", "colonel", "soldier"
    description: str | None = None  # "a Zainichi Korean", "former gymnast"
    arrival: DateValue | None = None  # arrival in South Korea
    entry_ids: tuple[str, ...] = ()  # every entry that mentions the person
    spans: tuple[Span, ...] = ()  # every mention
    citations: tuple[int, ...] = ()  # reference numbers that back this person
    pages: tuple[str, ...] = ()  # wiki pages the article links the name to ("Ko Young-hwan")


@dataclass(frozen=True, slots=True)
class GroupPart:
    """One part of a group's composition: 12 women."""

    count: int
    noun: str  # "women", "man", "children"; as written
    gender: Literal["male", "female"] | None = None


@dataclass(frozen=True, slots=True)
class Group:
    """A group that defected together, recorded once with its size, not as invented people."""

    key: str  # "group/entry-2016-1"
    name: str  # descriptive label: "12 women and one man working at ..."
    size: int | None
    composition: tuple[GroupPart, ...] = ()
    description: str | None = None  # "working at a North Korean government run restaurant in China"
    arrival: DateValue | None = None
    entry_ids: tuple[str, ...] = ()
    spans: tuple[Span, ...] = ()
    citations: tuple[int, ...] = ()
    defector: bool = (
        True  # False for a group the entry names but that did not defect ("posing as defectors")
    )


@dataclass(frozen=True, slots=True)
class Participant:
    """Who took part in an event, and how: "actor", "target", "agent" (who did it to them)."""

    key: str  # a Person or Group key
    role: str = "actor"


@dataclass(frozen=True, slots=True)
class Event:
    """A route step or a life event.

    ``kind`` is one of ``EVENT_KINDS``.  Route steps have ``parent`` = the key of their
    defection event and ``order`` = their 1-based position on the route.
    """

    key: str  # "event/<entry id>-<n>"
    kind: str
    entry_id: str
    span: Span
    date: DateValue | None = None
    end_date: DateValue | None = None
    duration: str | None = None  # ISO 8601 duration: "P7Y", "P34D"
    places: tuple[str, ...] = ()  # Place keys
    organizations: tuple[str, ...] = ()  # Organization keys (the embassy, the UN)
    participants: tuple[Participant, ...] = ()
    vehicle: str | None = None  # "MiG-15"
    work: str | None = None  # Work key, for publications
    parent: str | None = None  # the defection event a route step belongs to
    order: int | None = None
    description: str | None = None  # a short label: "shot to death by unknown assailants"
    outcome: str | None = None  # "failed", "survived"
    citations: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Place:
    """A place from the gazetteer or found by rule."""

    key: str  # "place/<slug>"
    name: str
    type: str  # "country", "city", "province", "region", "camp", "border area", "building", "body of water"
    within: str | None = None  # key of the place it lies in (a country, or a larger region)
    alternate_names: tuple[str, ...] = ()
    wikidata: str | None = None  # "Q148"
    from_gazetteer: bool = True
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class Organization:
    """An organization: a party, a military branch, an agency, a newspaper, a publisher."""

    key: str  # "organization/<slug>"
    name: str
    type: str  # "party", "military", "agency", "government", "news media", "publisher", "international", "diplomatic mission", "other"
    country: str | None = None  # Place key
    alternate_names: tuple[str, ...] = ()
    wikidata: str | None = None
    from_gazetteer: bool = True
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class Affiliation:
    """A person's role in an organization (membership, position, employment)."""

    person: str
    organization: str
    role: str | None  # "secretary", "columnist", "member"
    kind: Literal["member", "position", "employment"] = "member"
    former: bool = False
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Relation:
    """A tie between two people, read "``other`` is the ``relation`` of ``person``".

    ``kind`` "kin" takes a relation from ``KINSHIP``; "associate" one from ``ASSOCIATIONS``.
    Example: Relation("person/ri-han-yong", "uncle", "person/kim-jong-il", "kin", ...).
    """

    person: str
    relation: str
    other: str
    kind: Literal["kin", "associate"]
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Work:
    """A written work: a memoir, a book; attributed to its authors only."""

    key: str  # "work/<slug of title>"
    title: str
    kind: str = "book"  # "book", "memoir", "drawings", "article"
    year: str | None = None  # ISO year
    authors: tuple[str, ...] = ()  # Person keys
    about: tuple[str, ...] = ()  # Person keys the work is about
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class Agent:
    """An author or publisher of a source, shared across references."""

    key: str  # "person/<slug>" for people, "organization/<slug>" for publishers
    name: str
    kind: Literal["person", "organization"]
    alternate_names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Source:
    """A reference of the article's reference list, cited or not."""

    key: str  # "source/ref-6"
    number: int
    raw: str
    line: int
    title: str | None = None
    authors: tuple[str, ...] = ()  # Agent keys, in order
    publisher: str | None = None  # Agent key
    published: DateValue | None = None
    retrieved: DateValue | None = None
    archived: DateValue | None = None
    format: str | None = None
    page: str | None = None
    isbn: str | None = None
    edition: str | None = None
    note: str | None = None
    cited_by: tuple[str, ...] = ()  # entry ids (or "intro") whose markers point here
    url: str | None = None
    archive_url: str | None = None


@dataclass(frozen=True, slots=True)
class EntryRecord:
    """An entry as a provenance anchor: what mapping needs to make it a prov:Entity."""

    id: str
    year: int
    line: int
    start: int
    end: int
    text: str
    subject: str | None
    citations: tuple[int, ...] = ()
    defectors: tuple[str, ...] = ()  # Person/Group keys of those who defected in it


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """The source article: title, URL, content hash, and the intro statistic when present."""

    title: str
    source_name: str
    sha256: str
    url: str | None = None
    total_defectors: int | None = None  # "31,093 North Korean defectors"
    total_as_of: str | None = None  # "2016"


@dataclass(frozen=True, slots=True)
class Issue:
    """Something the build reports: an entry with no defector, an unresolved relation, ..."""

    kind: str  # "no-defector", "unresolved-relation", "unmatched-sentence", "dangling-citation", "uncited-reference", "unrecognised-line"
    message: str
    entry_id: str | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Records:
    """Everything extracted from one article, each tuple sorted by key (or entry order)."""

    article: ArticleInfo
    entries: tuple[EntryRecord, ...]
    people: tuple[Person, ...] = ()
    groups: tuple[Group, ...] = ()
    events: tuple[Event, ...] = ()
    places: tuple[Place, ...] = ()
    organizations: tuple[Organization, ...] = ()
    affiliations: tuple[Affiliation, ...] = ()
    relations: tuple[Relation, ...] = ()
    works: tuple[Work, ...] = ()
    agents: tuple[Agent, ...] = ()
    sources: tuple[Source, ...] = ()
    issues: tuple[Issue, ...] = field(default=())
