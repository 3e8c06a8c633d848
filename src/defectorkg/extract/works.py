"""Written works: "a memoir titled The Aquariums of Pyongyang", "the author of A Mark of Red Honour",
"the subject of Escape from Camp 14 by Blaine Harden (2012)", "a tell-all book about Kim Jong-il's
private life", "his chilling crayon drawings".

A work is attributed to whoever the sentence says wrote it ("by X", "written with X", else the
person the sentence is about) and never to the person it is about.  Titles are found before
places, so "Pyongyang" in "The Aquariums of Pyongyang" is not a place mention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..iris import key
from .dating import from_iso
from .names import is_person_name
from .phrases import clean
from .reader import EntryReader
from .registry import EventDraft, WorkDraft
from .spans import Spans

_FUNCTION = (
    r"(?:of|the|a|an|in|on|and|to|for|from|with|at|or|as|into|over|under|without|my|our|is|are)"
)
_TITLE = rf"(?P<title>[A-Z0-9][\w'’:!?-]*(?:\s+(?:{_FUNCTION}\s+)*[A-Z0-9][\w'’:!?-]*)*)"
_KINDS = {
    "memoir": "memoir", "memoirs": "memoir", "autobiography": "memoir", "book": "book", "books": "book",
    "novel": "book", "novels": "book", "biography": "book", "poems": "book", "drawings": "drawings",
    "paintings": "drawings", "documentary": "film", "film": "film",
}  # fmt: skip
_TITLED = re.compile(
    r"\b(?:(?P<kind>memoirs?|autobiography|biography|book|novel|documentary|film)(?:,)?\s+(?:(?:titled|entitled|called|named)\s+)?"
    r"|(?P<author>(?i:author))\s+of\s+(?:the\s+(?:book|memoir|novel)\s+)?"
    r"|(?P<told>(?:described|recounted|recalled|told|chronicled|detailed|wrote\s+about)\b[^.;()]{0,80}?\bin\s+)"
    r"(?=(?:[A-Z0-9][\w'’:!?-]*\s+(?:(?:of|the|a|an|in|on|and|to|for|from|with|at|my|our)\s+)*){0,8}"
    r"[A-Z0-9][\w'’:!?-]*\s*\((?:1[89]|20)\d\d\))"
    r"|(?P<about>subject)\s+of\s+(?:(?:a|the)\s+(?:book|biography|documentary|film)\s+)?"
    # "wrote X (2021)", "published X: A Subtitle in 2014": a verb of writing right before a title
    # that a year follows names the work (a title without a year after it is no sure work)
    r"|(?<![\w-])(?:wrote|published|penned|co-wrote|released)\s+"
    r"(?=(?:[A-Z0-9][\w'’:!?-]*\s+(?:(?:of|the|a|an|in|on|and|to|for|from|with|at|my|our)\s+)*){0,10}"
    r"[A-Z0-9][\w'’:!?-]*(?:\s*\((?:1[89]|20)\d\d\)|\s+in\s+(?:1[89]|20)\d\d\b)))" + _TITLE
)
_UNTITLED = re.compile(
    r"\b(?:(?:a|an|his|her|their|several|two|three|many)\s+|(?<=written\s)|(?<=wrote\s)|(?<=published\s))"
    r"(?P<adjectives>(?:[\w-]+\s+){0,3}?)(?P<kind>books?|memoirs?|novels?|drawings|paintings|poems|documentary|film|autobiography)\b"
    r"(?:\s+(?:about|on)\s+(?P<topic>[^,;.]+))?",
    re.IGNORECASE,
)
_CUES = (
    "memoir",
    "book",
    "novel",
    "biograph",
    "autobiograph",
    "documentary",
    "film",
    "author",
    "subject",
    "described",
    "recounted",
    "recalled",
    "told",
    "chronicled",
    "detailed",
    "wrote about",
    "drawings",
    "paintings",
    "poems",
    "wrote",
    "published",
    "penned",
    "released",
)
_EVALUATIVE_WORDS = "chilling famous acclaimed best-selling bestselling controversial harrowing moving celebrated own"
_EVALUATIVE = frozenset(_EVALUATIVE_WORDS.split())  # dropped from a described work's label
_BY = re.compile(r"\s+by\s+(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,3})")
_TOLD_BY = re.compile(
    r"\bby\s+(?:the\s+)?(?:[a-z]+\s+){0,2}?(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,3})\s+in\s+$"
)
_WITH = re.compile(r"\bwritten\s+with\s+(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,3})")
_BARE_YEAR = re.compile(r"1[89]\d\d|20\d\d")
_IN_YEAR = re.compile(r"\s+in\s+(?P<year>1[89]\d\d|20\d\d)\b")
_YEAR = re.compile(r"\s*\((?P<year>1[89]\d\d|20\d\d)\)")


@dataclass(slots=True)
class TitleMention:
    """A work written in the entry, titled or described."""

    start: int
    end: int  # end of the title (or description)
    title: str
    kind: str
    titled: bool
    about_subject: bool = False  # "the subject of …": the work is about the person
    topic: tuple[int, int] | None = None
    cue: int = -1  # where the words that announce the work begin ("a memoir titled …")


def find_titles(reader: EntryReader) -> list[TitleMention]:
    """Every work written in the entry; titled ones block place mentions inside them."""
    text = reader.found.text
    found: list[TitleMention] = []
    lowered = text.lower()
    if not any(cue in lowered for cue in _CUES):
        return found
    for match in _TITLED.finditer(text):
        title = _trim_title(match.group("title"))
        if len(title) < 3 or title.split()[0] in ("He", "She", "They", "It", "His", "Her", "Their"):
            continue
        kind = _KINDS.get((match.group("kind") or "book").lower(), "book")
        start = match.start("title")
        found.append(
            TitleMention(
                start,
                start + len(title),
                title,
                kind,
                True,
                bool(match.group("about")) or (match.group("kind") or "").lower() == "biography",
                cue=match.start(),
            )
        )
        reader.blocked.append((start, start + len(title)))
    titled = Spans((min(t.cue, t.start), t.end + 1) for t in found)
    for match in _UNTITLED.finditer(text):
        if titled.overlapping(match.start(), match.end() + 1):
            continue
        words = [w for w in match.group("adjectives").split() if w.lower() not in _EVALUATIVE]
        label = clean(
            " ".join([*words, match.group("kind")])
            + (text[match.end("kind") : match.end()] if match.group("topic") else "")
        )
        topic = (match.start("topic"), match.end("topic")) if match.group("topic") else None
        found.append(
            TitleMention(
                match.start(),
                match.end(),
                label,
                _KINDS[match.group("kind").lower()],
                False,
                topic=topic,
            )
        )
    return sorted(found, key=lambda t: t.start)


def _trim_title(title: str) -> str:
    """A title without a trailing function word or sentence-initial capital that is not part of it."""
    words = title.split()
    while (
        words
        and (
            re.fullmatch(_FUNCTION, words[-1])
            or (
                len(words) > 2
                and _BARE_YEAR.fullmatch(words[-1])
                and re.fullmatch(_FUNCTION, words[-2])
            )
        )
    ):  # "… Seven Names in 2015": a year after a preposition dates the work, it is no part of its title
        words.pop()
    return " ".join(words)


def read_works(reader: EntryReader, titles: list[TitleMention]) -> None:
    """Make a Work of every title, with its authors, subjects, year and publication event.

    A publication trigger that names no work ("he wrote verse in praise of …") yields no event.
    """
    for mention in titles:
        if not mention.titled and not _has_publication(reader, mention.start):
            continue
        authors, about = _people(reader, mention)
        year = _year(reader, mention)
        work = _work(reader, mention, year)
        for author in authors:
            if author not in work.authors:
                work.authors.append(author)
        for person in about:
            if person not in work.about and person not in work.authors:
                work.about.append(person)
        later = [t.start for t in titles if t.start > mention.start]
        _publication(
            reader,
            mention,
            work,
            authors,
            later,
            year is not None and _written_year(reader, mention),
        )
        reader.use(mention.start)
    reader.life_events[:] = [
        e for e in reader.life_events if e.kind != "publication" or e.work is not None
    ]


def _has_publication(reader: EntryReader, position: int) -> bool:
    sentence = reader.found.sentence_at(position)
    return any(
        e.kind == "publication" and reader.found.sentence_at(e.position).index == sentence.index
        for e in reader.life_events
    )


def _people(reader: EntryReader, mention: TitleMention) -> tuple[list[str], list[str]]:
    """Authors ("by X", "written with X", else the person the sentence is about) and subjects."""
    text = reader.found.text
    sentence = reader.found.sentence_at(mention.start)
    authors: list[str] = []
    about: list[str] = []
    actor = reader.actor_before(mention.start) or reader.primary
    dated = _YEAR.match(text, mention.end)  # "X (2009) by Y"
    by = _BY.match(text, dated.end() if dated else mention.end)
    if by is None and mention.cue >= 0:  # "His story was told by the journalist Y in X (2012)"
        by = _TOLD_BY.search(text, mention.cue, mention.start)
    if by and is_person_name(by.group("name"), reader.lexicon):
        authors.append(_named(reader, by.group("name"), by.start("name")))
    if mention.about_subject or (authors and actor is not None and actor not in authors):
        if actor is not None:  # "the subject of X by Y", "her story is told in the book X by Y"
            about.append(actor)
    elif actor is not None and not authors:
        authors.append(actor)
    coauthor = _WITH.search(text, mention.end, sentence.end)
    if coauthor and is_person_name(coauthor.group("name"), reader.lexicon):
        authors.append(_named(reader, coauthor.group("name"), coauthor.start("name")))
    if mention.topic is not None:
        about += [
            r.key
            for r in reader.refs
            if mention.topic[0] <= r.start < mention.topic[1] and r.key not in authors
        ]
    return authors, about


def _named(reader: EntryReader, name: str, start: int) -> str:
    person = reader.registry.named_person(name)
    reader.mention(person, start, start + len(name))
    if reader.ref_at(start, start + len(name)) is None:
        reader.add_ref(start, start + len(name), person.key, subject=False)
    return person.key


def _written_year(reader: EntryReader, mention: TitleMention) -> bool:
    """True when a year is written right after the title ("X (2006)", "X in 2010")."""
    text = reader.found.text
    after = _BY.match(text, mention.end)
    position = after.end() if after else mention.end
    return bool(_YEAR.match(text, position) or _IN_YEAR.match(text, position))


def _year(reader: EntryReader, mention: TitleMention) -> str | None:
    text = reader.found.text
    after = _BY.match(text, mention.end)
    position = after.end() if after else mention.end
    match = _YEAR.match(text, position) or _IN_YEAR.match(text, position)
    if match:
        return match.group("year")
    sentence = reader.found.sentence_at(mention.start)
    for event in reader.life_events:
        if (
            event.kind == "publication"
            and event.date
            and reader.found.sentence_at(event.position).index == sentence.index
        ):
            return event.date.iso[:4]
    return None


def _work(reader: EntryReader, mention: TitleMention, year: str | None) -> WorkDraft:
    registry = reader.registry
    if mention.titled:
        work_key = key("work", mention.title)
    else:
        work_key = f"work/entry-{reader.entry.id}-{registry.next_number('work', reader.entry.id)}"
    work = registry.works.get(work_key)
    if work is None:
        work = WorkDraft(work_key, mention.title, mention.kind, year)
        registry.works[work_key] = work
    work.year = work.year or year
    work.spans.append(reader.span(mention.start, mention.end))
    return work


def _publication(
    reader: EntryReader,
    mention: TitleMention,
    work: WorkDraft,
    authors: list[str],
    later: list[int],
    own_year: bool,
) -> None:
    """Link the work to the publication event of its sentence, or make one."""
    sentence = reader.found.sentence_at(mention.start)
    free = [
        e for e in reader.life_events
        if e.kind == "publication" and e.work is None and sentence.start <= e.position < sentence.end
    ]  # fmt: skip
    before = [e for e in free if e.position <= mention.start]  # the verb that publishes this title
    after = [
        e for e in free if e.position > mention.start and not any(e.position < t for t in later)
    ]
    event = (
        before[-1] if before else next(iter(after), None)
    )  # a verb before a later title is that title's
    if event is None:
        event = EventDraft(kind="publication", entry_id=reader.entry.id, span=reader.span(mention.start, mention.end),
                           position=mention.start)  # fmt: skip
        event.citations.update(reader.citations_at(mention.start))
        reader.life_events.append(event)
    event.work = work.key
    if work.year and (event.date is None or own_year):
        event.date = from_iso(work.year)  # the year written with the title dates its publication
    if authors:
        event.participants = [p for p in event.participants if p.key in authors]
        for author in authors:
            event.add_participant(author, "actor")
