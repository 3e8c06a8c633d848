"""Records -> RDF: the only module that adds triples (docs/rdf-model.md is the contract).

Longer than 500 lines on purpose: it is the only module that adds triples (the design rule);
it holds one short mapper per record kind.

Every record becomes quads in one pass that is linear in the records: no graph scans, no
SPARQL, no re-reading of text.  Each quad goes to the named graph of the entry it was read
from (graph IRI = the entry IRI); the article, its sources and their agents, gazetteer places
and organizations and the ontology reference go to ``{base}graph/article``.  Every IRI is
minted from a record key with :func:`defectorkg.iris.mint`; there are no blank nodes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, XSD

from ..errors import ExtractionError, IRIError
from ..iris import DEFAULT_BASE, mint, slug
from ..kinds import (
    ASSOCIATIONS,
    EVENT_KINDS,
    GENDERS,
    KINSHIP,
    ORGANIZATION_TYPES,
    PLACE_TYPES,
    ROUTE_KINDS,
    WORK_KINDS,
    class_name,
    tie_property_name,
)
from ..memory import gc_paused
from ..model import (
    Affiliation,
    Agent,
    ArticleInfo,
    DateValue,
    EntryRecord,
    Event,
    Group,
    Organization,
    Person,
    Place,
    Records,
    Relation,
    Source,
    Span,
    Work,
)
from . import nt
from .quadset import Quad, QuadSet
from .vocab import (
    DCTERMS,
    DKG,
    FOAF,
    OA,
    ONTOLOGY_IRI,
    PREFIXES,
    PROV,
    SCHEMA,
    SEM,
    WD,
    curie_term,
    data_prefixes,
)


class _TermCache:
    """A namespace whose terms are N-Triples ``<iri>`` strings, each made once (a typo in DKG
    still raises: the namespace checks the name)."""

    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:
        term = nt.iri(str(self._namespace[name]))
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> str:
        term: str = getattr(self, name)
        return term


_RDFLIB = {
    "DKG": DKG,
    "XSD": XSD,
}  # the rdflib namespaces, for the public helpers that return rdflib terms
DKG, SCHEMA, SEM, PROV, OA, DCTERMS, FOAF, WD, RDF, XSD, OWL = (  # type: ignore[misc,assignment]
    _TermCache(ns) for ns in (DKG, SCHEMA, SEM, PROV, OA, DCTERMS, FOAF, WD, RDF, XSD, OWL)
)

__all__ = [
    "ARTICLE_GRAPH_KEY",
    "DEFAULT_BASE",
    "check_base",
    "date_literal",
    "event_class",
    "iter_quads",
    "kinship_property",
    "namespaces",
    "to_dataset",
    "to_graph",
    "to_quads",
    "union_graph",
]


ARTICLE_GRAPH_KEY = "graph/article"
_ONTOLOGY = nt.iri(str(ONTOLOGY_IRI))

_DATATYPE_OF_PRECISION = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}

# The classes of place, organization and work types, from the one table in kinds.py.
PLACE_CLASSES: dict[str, str] = {label: nt.iri(curie_term(c)) for label, c in PLACE_TYPES.items()}
ORGANIZATION_CLASSES: dict[str, str] = {
    label: nt.iri(curie_term(c)) for label, c in ORGANIZATION_TYPES.items() if c is not None
}
WORK_CLASSES: dict[str, tuple[str, ...]] = {
    kind: tuple(nt.iri(curie_term(c)) for c in classes) for kind, classes in WORK_KINDS.items()
}

# A participant role and the properties that state it (a companion is an actor too).
PARTICIPANT_PROPERTIES: dict[str, tuple[str, ...]] = {
    "actor": (SEM.hasActor,),
    "companion": (SEM.hasActor, DKG.companion),
    "target": (DKG.target,),
    "agent": (DKG.agent,),
}

_GENDERS = {label: nt.iri(curie_term(c)) for label, c in GENDERS.items()}
_WIKIDATA_ID = re.compile(r"Q[1-9][0-9]*")
# Characters an IRI may not hold (RFC 3987 excludes them; strict engines reject them).
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f-\x9f]')


# ---------------------------------------------------------------------------------------
# Names of classes and properties, by rule from the contract labels
# ---------------------------------------------------------------------------------------


def _event_class(kind: str) -> str | None:
    return DKG[class_name(kind)] if kind in EVENT_KINDS else None


def event_class(kind: str) -> URIRef | None:
    """The ontology class of an event kind label ("embassy asylum" -> dkg:EmbassyAsylum), or None."""
    return _RDFLIB["DKG"][class_name(kind)] if kind in EVENT_KINDS else None


def kinship_property(relation: str) -> URIRef:
    """The property of a kinship or association name ("uncle" -> dkg:hasUncle), as an rdflib term."""
    return URIRef(_kinship(relation)[1:-1])


def _kinship(relation: str) -> str:
    """The property of a kinship or association name ("uncle" -> dkg:hasUncle).

    Raises ExtractionError for a name outside ``model.KINSHIP`` and ``model.ASSOCIATIONS``:
    the tie would otherwise be lost or minted as a predicate the ontology does not define.
    """
    if relation not in KINSHIP and relation not in ASSOCIATIONS:
        raise ExtractionError(f"relation {relation!r}: not in model.KINSHIP or model.ASSOCIATIONS")
    return DKG[tie_property_name(relation)]


def _date(value: DateValue) -> str:
    datatype = _DATATYPE_OF_PRECISION.get(value.precision)
    if datatype is None:
        raise ExtractionError(f"date {value.iso!r}: unknown precision {value.precision!r}")
    return nt.literal(value.iso, datatype)


def date_literal(value: DateValue) -> Literal:
    """A date as a typed literal at its precision, keeping its lexical form ("1995-12"^^xsd:gYearMonth)."""
    return nt.RdflibTerms()(_date(value))  # type: ignore[return-value]


def check_base(base: str) -> str:
    """``base`` if it is an absolute IRI ending in "/" or "#" that strict engines accept."""
    if not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", base) or base[-1:] not in ("/", "#"):
        raise IRIError(f"base IRI {base!r}: must be an absolute IRI ending in '/' or '#'")
    if _NOT_IN_IRI.search(base) or base.count("#") > 1:
        raise IRIError(f"base IRI {base!r}: holds a character an IRI may not contain")
    return base


#: Where a wiki link's target page is: the English Wikipedia (the genre's articles are English).
WIKIPEDIA = "https://en.wikipedia.org/wiki/"


def wiki_page(title: str) -> str:
    """The English Wikipedia page of a linked title ("Ko Young-hwan" -> …/wiki/Ko_Young-hwan)."""
    return WIKIPEDIA + _iri_text(title.replace(" ", "_")).replace("?", "%3F")


def _iri_text(text: str) -> str:
    """``text`` with every character an IRI may not hold percent-encoded."""
    return _NOT_IN_IRI.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), text)


# ---------------------------------------------------------------------------------------
# The quad collector and the lookup tables built once from the records
# ---------------------------------------------------------------------------------------


@dataclass
class _Quads:
    """Collects quads; mints every IRI once per key under one base."""

    base: str
    quads: list[Quad] = field(default_factory=list)
    _iris: dict[str, str] = field(default_factory=dict)
    _literals: dict[tuple[object, ...], str] = field(default_factory=dict)
    mentions: set[str] = field(default_factory=set)  # mention nodes already described

    def lit(self, value: object, datatype: str | None = None) -> str:
        """The literal term of ``value`` (cached: kinds, years, counts and flags repeat a lot).

        The lexical forms are rdflib's: ``True`` -> "true"^^xsd:boolean, ``5`` -> "5"^^xsd:integer.
        """
        cache_key = (type(value), value, datatype)
        found = self._literals.get(cache_key)
        if found is None:
            if isinstance(value, DateValue):
                found = _date(value)
            elif isinstance(value, bool):
                found = nt.literal("true" if value else "false", datatype or XSD.boolean)
            elif isinstance(value, int):
                found = nt.literal(str(value), datatype or XSD.integer)
            elif isinstance(value, str):
                found = nt.literal(value, datatype)
            else:
                raise ExtractionError(f"cannot map a {type(value).__name__} value {value!r}")
            self._literals[cache_key] = found
        return found

    def iri(self, key: str) -> str:
        """The IRI term of a record key (cached)."""
        found = self._iris.get(key)
        if found is None:
            found = self._iris[key] = nt.iri(_iri_text(mint(key, self.base)))
        return found

    def entry(self, entry_id: str) -> str:
        """The IRI of an entry, which is also the IRI of its named graph."""
        return self.iri(f"entry/{entry_id}")

    def add(self, graph: str, subject: str, predicate: str, obj: str) -> None:
        """Add one quad."""
        self.quads.append((subject, predicate, obj, graph))

    def add_values(self, graph: str, subject: str, predicate: str, values: Iterable[str]) -> None:
        """Add one quad per value."""
        self.quads.extend((subject, predicate, value, graph) for value in values)

    def add_optional(self, graph: str, subject: str, predicate: str, value: object) -> None:
        """Add a literal quad when ``value`` is not None (a DateValue becomes a typed date)."""
        if value is None:
            return
        self.quads.append((subject, predicate, self.lit(value), graph))


@dataclass(frozen=True)
class _Context:
    """What mapping one record needs to know about the others, built once in linear time."""

    article: str
    article_graph: str
    first_entry: dict[str, str]  # person/group key -> first entry id
    defections: dict[str, list[str]]  # party key -> defection event keys
    sources: dict[int, str]  # reference number -> source key
    agent_names: dict[str, str]  # agent key -> name
    described: frozenset[str]  # keys of people and organizations described by their own records


def _context(records: Records, quads: _Quads) -> _Context:
    first_entry = {p.key: p.entry_ids[0] for p in records.people if p.entry_ids}
    first_entry.update({g.key: g.entry_ids[0] for g in records.groups if g.entry_ids})
    defections: dict[str, list[str]] = {}
    for event in records.events:
        if event.kind == "defection":
            for participant in event.participants:
                if participant.role == "actor":
                    defections.setdefault(participant.key, []).append(event.key)
    return _Context(
        article=quads.iri(_article_key(records.article)),
        article_graph=quads.iri(ARTICLE_GRAPH_KEY),
        first_entry=first_entry,
        defections=defections,
        sources={s.number: s.key for s in records.sources},
        agent_names={a.key: a.name for a in records.agents},
        described=frozenset(
            [p.key for p in records.people] + [o.key for o in records.organizations]
        ),
    )


def _article_key(article: ArticleInfo) -> str:
    return f"article/{slug(article.title)}"


def _source_iri(quads: _Quads, ctx: _Context, number: int) -> str:
    """The source a citation number points at; a dangling number still gets its IRI (shapes flag it)."""
    return quads.iri(ctx.sources.get(number, f"source/ref-{number}"))


def _citations(quads: _Quads, ctx: _Context, graph: str, node: str, numbers: Iterable[int]) -> None:
    quads.add_values(graph, node, SCHEMA.citation, (_source_iri(quads, ctx, n) for n in numbers))


# ---------------------------------------------------------------------------------------
# Provenance: derivation from entries, and mention nodes with Web Annotation selectors
# ---------------------------------------------------------------------------------------


def _home_graph(quads: _Quads, ctx: _Context, entry_ids: Iterable[str | None]) -> str:
    """The graph of the first entry a node was read from, else the article graph."""
    for entry_id in entry_ids:
        if entry_id is not None:
            return quads.entry(entry_id)
    return ctx.article_graph


def _mention(quads: _Quads, ctx: _Context, span: Span) -> tuple[str, str]:
    """Add the mention node of ``span`` once (later records read from the same words share it).

    Seven triples: the mention (an ``oa:SpecificResource`` of its entry, with the words it
    quotes as ``rdf:value``) and its one ``oa:TextPositionSelector`` (start and end offsets in
    the article text).  Returns (mention, its graph).
    """
    where = span.entry_id if span.entry_id is not None else "article"
    mention = quads.iri(f"mention/{where}-{span.start}-{span.end}")
    graph = quads.entry(span.entry_id) if span.entry_id is not None else ctx.article_graph
    if mention in quads.mentions:  # the same words read for another record: described once
        return mention, graph
    quads.mentions.add(mention)
    separator = "-" if "#" in quads.base else "#"
    position = f"{mention[:-1]}{separator}position>"
    source = quads.entry(span.entry_id) if span.entry_id is not None else ctx.article
    quads.add(graph, mention, RDF.type, OA.SpecificResource)
    quads.add(graph, mention, OA.hasSource, source)
    quads.add(graph, mention, OA.hasSelector, position)
    quads.add(graph, mention, RDF.value, quads.lit(span.quote))
    quads.add(graph, position, RDF.type, OA.TextPositionSelector)
    quads.add(graph, position, OA.start, quads.lit(span.start, datatype=XSD.nonNegativeInteger))
    quads.add(graph, position, OA.end, quads.lit(span.end, datatype=XSD.nonNegativeInteger))
    return mention, graph


def _provenance(
    quads: _Quads, ctx: _Context, node: str, entry_ids: Iterable[str], spans: Iterable[Span]
) -> None:
    """``node`` prov:wasDerivedFrom each entry it was read from, and dkg:mention each span."""
    spans = tuple(spans)
    seen: dict[str, None] = dict.fromkeys(entry_ids)
    seen.update((s.entry_id, None) for s in spans if s.entry_id is not None)
    for entry_id in seen:
        quads.add(quads.entry(entry_id), node, PROV.wasDerivedFrom, quads.entry(entry_id))
    for span in spans:
        mention, graph = _mention(quads, ctx, span)
        quads.add(graph, node, DKG.mention, mention)


# ---------------------------------------------------------------------------------------
# One function per record kind
# ---------------------------------------------------------------------------------------


def _article_quads(
    quads: _Quads, ctx: _Context, article: ArticleInfo, sources: Iterable[Source]
) -> None:
    g, node = ctx.article_graph, ctx.article
    quads.add_values(g, node, RDF.type, (DKG.Article, PROV.Entity, SCHEMA.Article))
    quads.add(g, node, DCTERMS.title, quads.lit(article.title))
    if article.url:
        quads.add(g, node, SCHEMA.url, nt.iri(_iri_text(article.url)))
    quads.add(g, node, DKG.sha256, quads.lit(article.sha256))
    if article.total_defectors is not None:
        quads.add(g, node, DKG.statedTotalDefectors, quads.lit(article.total_defectors))
    if article.total_as_of is not None:
        quads.add(g, node, DKG.statedTotalAsOf, quads.lit(article.total_as_of, datatype=XSD.gYear))
    quads.add(g, node, DCTERMS.conformsTo, _ONTOLOGY)
    intro_cited = [s.key for s in sources if "intro" in s.cited_by]
    quads.add_values(g, node, SCHEMA.citation, (quads.iri(k) for k in intro_cited))


def _entry_quads(quads: _Quads, ctx: _Context, entry: EntryRecord) -> None:
    g = node = quads.entry(entry.id)
    quads.add_values(g, node, RDF.type, (DKG.Entry, PROV.Entity))
    quads.add(g, node, DKG.entryId, quads.lit(entry.id))
    quads.add(g, node, DKG.year, quads.lit(f"{entry.year:04d}", datatype=XSD.gYear))
    quads.add(g, node, DKG.lineNumber, quads.lit(entry.line))
    quads.add(g, node, DKG.startOffset, quads.lit(entry.start, datatype=XSD.nonNegativeInteger))
    quads.add(g, node, DKG.endOffset, quads.lit(entry.end, datatype=XSD.nonNegativeInteger))
    quads.add(g, node, RDF.value, quads.lit(entry.text))
    quads.add_optional(g, node, DKG.subjectPhrase, entry.subject)
    quads.add(g, node, PROV.wasDerivedFrom, ctx.article)
    _citations(quads, ctx, g, node, entry.citations)
    quads.add_values(g, node, DKG.mentionsDefector, (quads.iri(k) for k in entry.defectors))


def _party_quads(quads: _Quads, ctx: _Context, g: str, node: str, party: Person | Group) -> None:
    """What people and groups share: description, arrival, defection, citations, provenance."""
    quads.add_optional(g, node, SCHEMA.description, party.description)
    quads.add_optional(g, node, DKG.arrivalDate, party.arrival)
    quads.add_values(
        g, node, DKG.defection, (quads.iri(k) for k in ctx.defections.get(party.key, ()))
    )
    _citations(quads, ctx, g, node, party.citations)
    _provenance(quads, ctx, node, party.entry_ids, party.spans)


def _person_quads(quads: _Quads, ctx: _Context, person: Person) -> None:
    node = quads.iri(person.key)
    g = _home_graph(quads, ctx, person.entry_ids)
    quads.add_values(g, node, RDF.type, (SCHEMA.Person, FOAF.Agent))
    if person.defector:
        quads.add_values(g, node, RDF.type, (DKG.Defector, DKG.DefectingParty))
    if person.anonymous:
        quads.add(g, node, RDF.type, DKG.AnonymousPerson)
    quads.add(g, node, SCHEMA.name, quads.lit(person.name))
    quads.add_values(g, node, SCHEMA.alternateName, (quads.lit(n) for n in person.alternate_names))
    if person.fold:
        quads.add(g, node, DKG.nameKey, quads.lit(person.fold))
    if person.gender is not None:
        quads.add(g, node, SCHEMA.gender, _GENDERS.get(person.gender, quads.lit(person.gender)))
    quads.add_optional(g, node, DKG.ageAtDefection, person.age_at_defection)
    quads.add_values(g, node, SCHEMA.jobTitle, (quads.lit(r) for r in person.roles))
    quads.add_values(g, node, SCHEMA.mainEntityOfPage, (nt.iri(wiki_page(p)) for p in person.pages))
    _party_quads(quads, ctx, g, node, person)


def _group_quads(quads: _Quads, ctx: _Context, group: Group) -> None:
    node = quads.iri(group.key)
    g = _home_graph(quads, ctx, group.entry_ids)
    quads.add_values(g, node, RDF.type, (DKG.DefectorGroup, DKG.DefectingParty, FOAF.Agent))
    quads.add(g, node, SCHEMA.name, quads.lit(group.name))
    quads.add_optional(g, node, DKG.groupSize, group.size)
    for number, part in enumerate(group.composition, start=1):
        part_node = quads.iri(f"{group.key}/part-{number}")
        quads.add(g, node, DKG.compositionPart, part_node)
        quads.add(g, part_node, RDF.type, DKG.GroupPart)
        quads.add(g, part_node, DKG.count, quads.lit(part.count))
        quads.add(g, part_node, DKG.memberNoun, quads.lit(part.noun))
        if part.gender is not None:
            quads.add(
                g, part_node, SCHEMA.gender, _GENDERS.get(part.gender, quads.lit(part.gender))
            )
        _provenance(quads, ctx, part_node, group.entry_ids, ())
    _party_quads(quads, ctx, g, node, group)


def _event_types(kind: str) -> tuple[str, ...]:
    """dkg:Event, its family (route step or life event) and its kind class; sem:Event and
    schema:Event follow from the ontology and are not repeated on every event."""
    kind_class = _event_class(kind)
    if kind_class is None:
        return (DKG.Event,)
    return (DKG.Event, DKG.RouteStep if kind in ROUTE_KINDS else DKG.LifeEvent, kind_class)


def _event_quads(quads: _Quads, ctx: _Context, event: Event) -> None:
    node, g = quads.iri(event.key), quads.entry(event.entry_id)
    quads.add_values(g, node, RDF.type, _event_types(event.kind))
    quads.add(g, node, DKG.kind, quads.lit(event.kind))
    if event.date is not None:
        quads.add(g, node, DKG.date, quads.lit(event.date))
        quads.add_optional(g, node, DKG.dateNote, event.date.note)
    if event.end_date is not None:
        quads.add(g, node, DKG.endDate, quads.lit(event.end_date))
        quads.add_optional(g, node, DKG.endDateNote, event.end_date.note)
    if event.duration is not None:
        quads.add(g, node, DKG.duration, quads.lit(event.duration, datatype=XSD.duration))
    quads.add_values(g, node, SEM.hasPlace, (quads.iri(k) for k in event.places))
    quads.add_values(g, node, DKG.involvedOrganization, (quads.iri(k) for k in event.organizations))
    for participant in event.participants:
        predicates = PARTICIPANT_PROPERTIES.get(participant.role)
        if predicates is None:
            raise ExtractionError(
                f"event {event.key}: participant role {participant.role!r} is not one of "
                f"{sorted(PARTICIPANT_PROPERTIES)}"
            )
        for predicate in predicates:
            quads.add(g, node, predicate, quads.iri(participant.key))
    quads.add_optional(g, node, DKG.vehicle, event.vehicle)
    if event.work is not None:
        quads.add(g, node, DKG.work, quads.iri(event.work))
    if event.parent is not None:
        quads.add(g, node, SEM.subEventOf, quads.iri(event.parent))
    quads.add_optional(g, node, DKG.stepOrder, event.order)
    quads.add_optional(g, node, SCHEMA.description, event.description)
    quads.add_optional(g, node, DKG.outcome, event.outcome)
    _citations(quads, ctx, g, node, event.citations)
    _provenance(quads, ctx, node, (event.entry_id,), (event.span,))


def _wikidata(quads: _Quads, g: str, node: str, key: str, wikidata: str | None) -> None:
    if wikidata is None:
        return
    if not _WIKIDATA_ID.fullmatch(wikidata):
        raise ExtractionError(f"{key}: Wikidata id {wikidata!r} is not of the form Q<digits>")
    quads.add(g, node, OWL.sameAs, WD[wikidata])


def _named_thing_quads(
    quads: _Quads,
    ctx: _Context,
    record: Place | Organization,
    types: tuple[str, ...],
    type_property: str,
    link: tuple[str, str | None],
) -> None:
    """A place or an organization: types, names, type label, one link, Wikidata, provenance."""
    node = quads.iri(record.key)
    spans = record.spans
    g = (
        ctx.article_graph
        if record.from_gazetteer
        else _home_graph(quads, ctx, (s.entry_id for s in spans))
    )
    quads.add_values(g, node, RDF.type, types)
    quads.add(g, node, SCHEMA.name, quads.lit(record.name))
    quads.add_values(g, node, SCHEMA.alternateName, (quads.lit(n) for n in record.alternate_names))
    quads.add(g, node, type_property, quads.lit(record.type))
    link_property, linked = link
    if linked is not None:
        quads.add(g, node, link_property, quads.iri(linked))
    _wikidata(quads, g, node, record.key, record.wikidata)
    _provenance(quads, ctx, node, (), spans)
    if not spans:  # only a container or a country of another record: read via the article
        quads.add(g, node, PROV.wasDerivedFrom, ctx.article)


def _place_quads(quads: _Quads, ctx: _Context, place: Place) -> None:
    own = PLACE_CLASSES.get(place.type)
    types = (SCHEMA.Place, own) if own is not None else (SCHEMA.Place,)
    _named_thing_quads(
        quads, ctx, place, types, DKG.placeType, (SCHEMA.containedInPlace, place.within)
    )


def _organization_quads(quads: _Quads, ctx: _Context, org: Organization) -> None:
    own = ORGANIZATION_CLASSES.get(org.type)
    types = (
        (SCHEMA.Organization, FOAF.Agent, own)
        if own is not None
        else (SCHEMA.Organization, FOAF.Agent)
    )
    _named_thing_quads(quads, ctx, org, types, DKG.organizationType, (SCHEMA.location, org.country))


def _affiliation_quads(quads: _Quads, ctx: _Context, affiliation: Affiliation, number: int) -> None:
    person, org = quads.iri(affiliation.person), quads.iri(affiliation.organization)
    node = quads.iri(f"{affiliation.person}/affiliation-{number}")
    span_entry = affiliation.span.entry_id if affiliation.span is not None else None
    entry_id = span_entry or ctx.first_entry.get(affiliation.person)
    g = _home_graph(quads, ctx, (entry_id,))
    quads.add(g, person, DKG.affiliation, node)
    quads.add(g, node, RDF.type, DKG.Affiliation)
    quads.add(g, node, DKG.organization, org)
    quads.add_optional(g, node, SCHEMA.roleName, affiliation.role)
    quads.add(g, node, DKG.affiliationKind, quads.lit(affiliation.kind))
    if affiliation.former:
        quads.add(g, node, DKG.former, quads.lit(True))
    quads.add(g, person, SCHEMA.memberOf, org)
    if affiliation.kind == "employment":
        quads.add(g, person, SCHEMA.worksFor, org)
    spans = (affiliation.span,) if affiliation.span is not None else ()
    _provenance(quads, ctx, node, (entry_id,) if entry_id else (), spans)


def _relation_quads(quads: _Quads, ctx: _Context, relation: Relation) -> None:
    span_entry = relation.span.entry_id if relation.span is not None else None
    g = _home_graph(quads, ctx, (span_entry, ctx.first_entry.get(relation.person)))
    quads.add(
        g,
        quads.iri(relation.person),
        _kinship(relation.relation),
        quads.iri(relation.other),
    )


def _work_quads(quads: _Quads, ctx: _Context, work: Work) -> None:
    node = quads.iri(work.key)
    g = _home_graph(quads, ctx, (s.entry_id for s in work.spans))
    quads.add_values(
        g, node, RDF.type, (DKG.Work, SCHEMA.CreativeWork, *WORK_CLASSES.get(work.kind, ()))
    )
    quads.add(g, node, SCHEMA.name, quads.lit(work.title))
    quads.add(g, node, DKG.workKind, quads.lit(work.kind))
    if work.year is not None:
        quads.add(g, node, SCHEMA.datePublished, quads.lit(work.year, datatype=XSD.gYear))
    for author in work.authors:
        quads.add(g, node, SCHEMA.author, quads.iri(author))
        quads.add(g, quads.iri(author), DKG.notableWork, node)
    quads.add_values(g, node, SCHEMA.about, (quads.iri(k) for k in work.about))
    _provenance(quads, ctx, node, (), work.spans)


def _agent_quads(quads: _Quads, ctx: _Context, agent: Agent) -> None:
    g, node = ctx.article_graph, quads.iri(agent.key)
    quads.add_values(
        g,
        node,
        RDF.type,
        (SCHEMA.Person if agent.kind == "person" else SCHEMA.Organization, FOAF.Agent),
    )
    names = (agent.name, *agent.alternate_names)
    if agent.key in ctx.described:
        quads.add_values(g, node, SCHEMA.alternateName, (quads.lit(n) for n in names))
    else:
        quads.add(g, node, SCHEMA.name, quads.lit(agent.name))
        quads.add_values(
            g, node, SCHEMA.alternateName, (quads.lit(n) for n in agent.alternate_names)
        )
    quads.add(g, node, PROV.wasDerivedFrom, ctx.article)


def _source_quads(quads: _Quads, ctx: _Context, source: Source) -> None:
    g, node = ctx.article_graph, quads.iri(source.key)
    quads.add_values(g, node, RDF.type, (DKG.Source, SCHEMA.CreativeWork))
    quads.add(g, node, DKG.referenceNumber, quads.lit(source.number))
    quads.add(g, node, DKG.lineNumber, quads.lit(source.line))
    if source.title is not None:
        quads.add(g, node, SCHEMA.name, quads.lit(source.title))
    else:
        quads.add(g, node, DKG.untitled, quads.lit(True))
    quads.add_values(g, node, SCHEMA.author, (quads.iri(k) for k in source.authors))
    if source.authors:
        names = (ctx.agent_names.get(k, k) for k in source.authors)
        quads.add(g, node, DKG.authorList, quads.lit("; ".join(names)))
    if source.publisher is not None:
        quads.add(g, node, SCHEMA.publisher, quads.iri(source.publisher))
    quads.add_optional(g, node, SCHEMA.datePublished, source.published)
    quads.add_optional(g, node, DKG.retrieved, source.retrieved)
    quads.add_optional(g, node, DKG.archived, source.archived)
    quads.add_optional(g, node, SCHEMA.encodingFormat, source.format)
    quads.add_optional(g, node, SCHEMA.pagination, source.page)
    quads.add_optional(g, node, SCHEMA.isbn, source.isbn)
    quads.add_optional(g, node, SCHEMA.bookEdition, source.edition)
    quads.add_optional(g, node, DKG.referenceNote, source.note)
    if source.url:
        quads.add(g, node, SCHEMA.url, nt.iri(_iri_text(source.url)))
    if source.archive_url:
        quads.add(g, node, SCHEMA.archivedAt, nt.iri(_iri_text(source.archive_url)))
    quads.add(g, node, DKG.rawText, quads.lit(source.raw))
    if not source.cited_by:
        quads.add(g, node, DKG.uncited, quads.lit(True))
    quads.add(g, node, PROV.wasDerivedFrom, ctx.article)


# ---------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------


def iter_quads(records: Records, *, base: str = DEFAULT_BASE) -> Iterator[Quad]:
    """Every quad of ``records`` as N-Triples terms (subject, predicate, object, graph), in record order."""
    quads = _Quads(check_base(base))
    ctx = _context(records, quads)
    _article_quads(quads, ctx, records.article, records.sources)
    mappers: tuple[tuple[tuple[Any, ...], Callable[[_Quads, _Context, Any], None]], ...] = (
        (records.entries, _entry_quads),
        (records.people, _person_quads),
        (records.groups, _group_quads),
        (records.events, _event_quads),
        (records.places, _place_quads),
        (records.organizations, _organization_quads),
        (records.relations, _relation_quads),
        (records.works, _work_quads),
        (records.agents, _agent_quads),
        (records.sources, _source_quads),
    )
    for items, mapper in mappers:
        for item in items:
            mapper(quads, ctx, item)
    numbers: dict[str, int] = {}
    for affiliation in records.affiliations:
        numbers[affiliation.person] = numbers.get(affiliation.person, 0) + 1
        _affiliation_quads(quads, ctx, affiliation, numbers[affiliation.person])
    return iter(quads.quads)


def namespaces(base: str = DEFAULT_BASE) -> dict[str, str]:
    """namespace -> prefix for the outputs: the vocabularies and the data IRIs under ``base``."""
    table = dict(PREFIXES)
    table.update(data_prefixes(base))
    found: dict[str, str] = {}
    for prefix, namespace in sorted(table.items()):
        found.setdefault(namespace, prefix)
    return found


def to_quads(records: Records, *, base: str = DEFAULT_BASE) -> QuadSet:
    """The quads of ``records``: one named graph per entry (graph = entry IRI) plus ``{base}graph/article``."""
    with gc_paused(freeze=True):
        quads = list(iter_quads(records, base=base))
    return QuadSet(quads, namespaces(base))


def to_dataset(records: Records, *, base: str = DEFAULT_BASE) -> Dataset:
    """One named graph per entry (graph IRI = entry IRI) plus ``{base}graph/article``, in rdflib."""
    return to_quads(records, base=base).dataset


def to_graph(records: Records, *, base: str = DEFAULT_BASE) -> Graph:
    """The plain graph: the union of every named graph of :func:`to_dataset`, in rdflib."""
    return to_quads(records, base=base).graph


def union_graph(dataset: Dataset) -> Graph:
    """The plain graph of a dataset (every triple of every graph once), with its prefixes."""
    graph = Graph(bind_namespaces="core")
    for prefix, namespace in dataset.namespaces():
        graph.bind(prefix, namespace, override=True, replace=True)
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph
