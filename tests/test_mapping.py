"""Mapping: records -> RDF, checked on the hand-made records (tests/fixtures/records/hand.py)."""

from __future__ import annotations

from dataclasses import replace

import pyoxigraph as ox
import pytest
from fixtures.records.hand import TEXT, line_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef
from rdflib import namespace as rns
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF

from defectorkg.errors import ExtractionError, IRIError
from defectorkg.rdf.export import serialize_ntriples, serialize_turtle
from defectorkg.iris import key, mint
from defectorkg.rdf.mapping import event_class, kinship_property, to_dataset, to_graph, union_graph
from defectorkg.model import ArticleInfo, EntryRecord, Participant, Person, Records, Relation, Span
from defectorkg.rdf.validate import validate
from defectorkg.rdf.vocab import DCTERMS, DKG, DKGSH, FOAF, OA, ONTOLOGY_IRI, PROV, SCHEMA, SEM, WD

BASE = "https://w3id.org/defectorkg/"


def iri(record_key: str) -> URIRef:
    """The IRI of a record key under the default base."""
    return URIRef(BASE + record_key)


HWANG, KIM = iri("person/hwang-jang-yop"), iri("person/kim-dok-hong")


def test_hwang_entry_two_defectors_and_an_aide(hand_graph):
    """The 1997 Hwang entry gives two typed defectors, one arrival each, and the aide tie."""
    g = hand_graph
    for person, name in ((HWANG, "Hwang Jang-yop"), (KIM, "Kim Dok-hong")):
        assert set(g.objects(person, RDF.type)) == {
            SCHEMA.Person,
            FOAF.Agent,
            DKG.Defector,
            DKG.DefectingParty,
        }
        assert list(g.objects(person, SCHEMA.name)) == [Literal(name)]
        assert list(g.objects(person, DKG.arrivalDate)) == [
            Literal("1997-04-20", datatype=rns.XSD.date)
        ]
        assert set(g.objects(person, SCHEMA.citation)) == {iri("source/ref-6"), iri("source/ref-7")}
        assert list(g.objects(person, DKG.defection)) == [iri("event/1997-1-1")]
    assert (HWANG, DKG.hasAide, KIM) in g
    assert (KIM, DKG.aideOf, HWANG) not in g  # inverses live in the ontology, not the data
    assert list(g.objects(HWANG, SCHEMA.alternateName)) == [Literal("Hwang")]
    assert list(g.objects(HWANG, DKG.nameKey)) == [Literal("hwangjangyop")]
    assert list(g.objects(HWANG, SCHEMA.gender)) == [SCHEMA.Male]


def test_hwang_route_embassy_transit_arrival(hand_graph):
    """Embassy asylum P34D in Beijing, transit P33D in the Philippines, arrival in Seoul on 1997-04-20, in order."""
    g = hand_graph
    steps = sorted(
        g.subjects(SEM.subEventOf, iri("event/1997-1-1")),
        key=lambda e: int(g.value(e, DKG.stepOrder)),
    )
    assert [str(g.value(e, DKG.kind)) for e in steps] == [
        "embassy asylum",
        "third-country transit",
        "arrival",
    ]
    asylum, transit, arrival = steps
    assert set(g.objects(asylum, RDF.type)) == {DKG.EmbassyAsylum, DKG.RouteStep, DKG.Event}
    assert g.value(asylum, DKG.duration) == Literal("P34D", datatype=rns.XSD.duration)
    assert g.value(asylum, SEM.hasPlace) == iri("place/beijing")
    assert g.value(asylum, DKG.involvedOrganization) == iri(
        "organization/south-korean-consulate-in-beijing"
    )
    assert (g.value(transit, DKG.duration), g.value(transit, SEM.hasPlace)) == (
        Literal("P33D", datatype=rns.XSD.duration),
        iri("place/philippines"),
    )
    assert (g.value(arrival, DKG.date), g.value(arrival, SEM.hasPlace)) == (
        Literal("1997-04-20", datatype=rns.XSD.date),
        iri("place/seoul"),
    )
    for step in steps:
        assert set(g.objects(step, SEM.hasActor)) == {HWANG, KIM}
        assert set(g.objects(step, SCHEMA.citation)) == {iri("source/ref-6"), iri("source/ref-7")}


def test_group_of_thirteen(hand_graph):
    """The 2016 group has size 13, two composition parts (12 women, 1 man) and a month-precision arrival."""
    g, group = hand_graph, iri("group/entry-2016-1")
    assert set(g.objects(group, RDF.type)) == {DKG.DefectorGroup, DKG.DefectingParty, FOAF.Agent}
    assert g.value(group, DKG.groupSize) == Literal(13)
    parts = {(int(g.value(p, DKG.count)), str(g.value(p, DKG.memberNoun)), g.value(p, SCHEMA.gender))
             for p in g.objects(group, DKG.compositionPart)}  # fmt: skip
    assert parts == {(12, "women", SCHEMA.Female), (1, "man", SCHEMA.Male)}
    assert set(g.objects(group, DKG.compositionPart)) == {
        iri("group/entry-2016-1/part-1"),
        iri("group/entry-2016-1/part-2"),
    }
    assert g.value(group, DKG.arrivalDate) == Literal("2016-04", datatype=rns.XSD.gYearMonth)


def test_anonymous_dmz_crosser(hand_graph):
    """The anonymous 2017 defector gets an entry IRI, no name key, and a DMZ crossing route step."""
    g, anon = hand_graph, iri("person/entry-2017-1-1")
    assert {SCHEMA.Person, DKG.Defector, DKG.AnonymousPerson} <= set(g.objects(anon, RDF.type))
    assert g.value(anon, SCHEMA.name) == Literal("a defector (name unknown)")
    assert g.value(anon, DKG.nameKey) is None
    crossing = iri("event/2017-1-2")
    assert (crossing, RDF.type, DKG.DMZCrossing) in g
    assert g.value(crossing, SEM.hasPlace) == iri("place/korean-demilitarized-zone")


def test_sources_two_authors_and_uncited(hand_graph):
    """Ref 25 keeps both authors in order; ref 5 is flagged uncited and untitled, keeping its raw text."""
    g, ref25, ref5 = hand_graph, iri("source/ref-25"), iri("source/ref-5")
    assert set(g.objects(ref25, SCHEMA.author)) == {
        iri("person/paula-hancocks"),
        iri("person/ben-westcott"),
    }
    assert g.value(ref25, DKG.authorList) == Literal("Paula Hancocks; Ben Westcott")
    assert g.value(ref25, DKG.retrieved) == Literal("2017-11-19", datatype=rns.XSD.date)
    assert g.value(ref25, SCHEMA.publisher) == iri("organization/cnn")
    assert (g.value(ref5, DKG.uncited), g.value(ref5, DKG.untitled)) == (
        Literal(True),
        Literal(True),
    )
    assert g.value(ref5, SCHEMA.name) is None
    assert g.value(ref5, DKG.rawText) == Literal('"Wall Street Journal, 13 July 2005".')
    assert g.value(ref5, DKG.lineNumber) == Literal(line_of("  5. ^ "))
    assert g.value(iri("source/ref-6"), DKG.uncited) is None


def test_entry_and_article_provenance(hand_graph):
    """Entries are prov:Entity with text, year, line, id and subject, derived from the hashed article."""
    g, entry = hand_graph, iri("entry/1997-1")
    article = iri("article/list-of-north-korean-defectors-in-south-korea")
    assert set(g.objects(entry, RDF.type)) == {DKG.Entry, PROV.Entity}
    assert g.value(entry, DKG.year) == Literal("1997", datatype=rns.XSD.gYear)
    assert g.value(entry, DKG.lineNumber) == Literal(line_of("Hwang Jang-yop –"))
    assert g.value(entry, DKG.entryId) == Literal("1997-1")
    assert g.value(entry, DKG.subjectPhrase) == Literal("Hwang Jang-yop")
    assert str(g.value(entry, RDF.value)).startswith("Hwang Jang-yop – 12 February")
    assert set(g.objects(entry, DKG.mentionsDefector)) == {HWANG, KIM}
    assert g.value(entry, PROV.wasDerivedFrom) == article
    assert g.value(article, DCTERMS.conformsTo) == ONTOLOGY_IRI
    assert len(str(g.value(article, DKG.sha256))) == 64
    assert g.value(article, DKG.statedTotalDefectors) == Literal(31093)
    assert g.value(article, SCHEMA.citation) == iri("source/ref-1")


def test_every_extracted_node_is_derived_and_mentions_point_into_the_text(hand_graph, hand_records):
    """Every typed node has prov:wasDerivedFrom; every mention (7 triples) quotes the article text at its offsets."""
    g, r = hand_graph, hand_records
    for cls in (SCHEMA.Person, DKG.DefectorGroup, DKG.GroupPart, DKG.Event, SCHEMA.Place,
                SCHEMA.Organization, DKG.Work, DKG.Affiliation, DKG.Source):  # fmt: skip
        for node in g.subjects(RDF.type, cls):
            assert g.value(node, PROV.wasDerivedFrom) is not None, node
    mentions = set(g.subjects(RDF.type, OA.SpecificResource))
    spans = [
        s
        for rec in (*r.people, *r.groups, *r.places, *r.organizations, *r.works)
        for s in rec.spans
    ]
    spans += [e.span for e in r.events] + [a.span for a in r.affiliations if a.span]
    assert len(mentions) == len({(s.entry_id, s.start, s.end) for s in spans}) == 37
    for mention in mentions:
        (position,) = g.objects(mention, OA.hasSelector)  # one selector, the position
        assert (position, RDF.type, OA.TextPositionSelector) in g
        start, end = int(g.value(position, OA.start)), int(g.value(position, OA.end))
        assert str(g.value(mention, RDF.value)) == TEXT[start:end]
        assert g.value(position, OA.start).datatype == rns.XSD.nonNegativeInteger
        assert str(position) == f"{mention}#position"
        assert len(list(g.predicate_objects(mention))) + len(list(g.predicate_objects(position))) == 7
        entry = g.value(mention, OA.hasSource)
        assert str(mention).startswith(f"{BASE}mention/{g.value(entry, DKG.entryId)}-{start}-{end}")


def test_gazetteer_place_and_wikidata_link(hand_graph):
    """Beijing is a city in China with its Wikidata link, derived from the one entry that mentions it twice."""
    g, beijing = hand_graph, iri("place/beijing")
    assert set(g.objects(beijing, RDF.type)) == {SCHEMA.Place, SCHEMA.City}
    assert g.value(beijing, SCHEMA.containedInPlace) == iri("place/china")
    assert g.value(beijing, OWL.sameAs) == WD.Q956
    assert list(g.objects(beijing, PROV.wasDerivedFrom)) == [iri("entry/1997-1")]
    assert len(list(g.objects(beijing, DKG.mention))) == 2
    assert g.value(iri("place/north-korea"), PROV.wasDerivedFrom) == iri(
        "article/list-of-north-korean-defectors-in-south-korea"
    )


def test_affiliation_work_and_kinship(hand_graph):
    """Hwang's former position in the party, Jang's book, and Lee's unnamed son."""
    g = hand_graph
    affiliation = iri("person/hwang-jang-yop/affiliation-1")
    assert g.value(HWANG, DKG.affiliation) == affiliation
    assert g.value(affiliation, DKG.organization) == iri("organization/workers-party-of-korea")
    assert (g.value(affiliation, SCHEMA.roleName), g.value(affiliation, DKG.affiliationKind),
            g.value(affiliation, DKG.former)) == (Literal("secretary"), Literal("position"), Literal(True))  # fmt: skip
    assert (HWANG, SCHEMA.memberOf, iri("organization/workers-party-of-korea")) in g
    book, jang = iri("work/a-mark-of-red-honour"), iri("person/jang-yeong-jin")
    assert {DKG.Work, SCHEMA.CreativeWork, SCHEMA.Book} == set(g.objects(book, RDF.type))
    assert (book, SCHEMA.author, jang) in g and (jang, DKG.notableWork, book) in g
    assert g.value(iri("event/1997-2-4"), DKG.work) == book
    assert (iri("person/lee-soon-ok"), DKG.hasSon, iri("person/entry-1995-1-2")) in g


def test_dates_keep_their_precision_through_serialisation(hand_graph):
    """gYear, gYearMonth and date literals keep their lexical form through Turtle in rdflib and pyoxigraph."""
    expected = {
        (iri("event/1997-2-3"), DKG.date): ("1996", rns.XSD.gYear),
        (iri("event/1995-1-1"), DKG.date): ("1995-12", rns.XSD.gYearMonth),
        (iri("event/1997-1-4"), DKG.date): ("1997-04-20", rns.XSD.date),
    }
    reread = Graph().parse(data=serialize_turtle(hand_graph), format="turtle")
    store = ox.Store()
    store.load(serialize_turtle(hand_graph).encode(), format=ox.RdfFormat.TURTLE)
    for (subject, predicate), (lexical, datatype) in expected.items():
        value = reread.value(subject, predicate)
        assert (str(value), value.datatype) == (lexical, datatype)
        [quad] = list(
            store.quads_for_pattern(ox.NamedNode(str(subject)), ox.NamedNode(str(predicate)), None)
        )
        assert (quad.object.value, quad.object.datatype.value) == (lexical, str(datatype))


def test_dataset_has_one_graph_per_entry_and_the_article_graph(hand_records):
    """Named graphs: one per entry (graph IRI = entry IRI) plus graph/article; their union is to_graph."""
    dataset = to_dataset(hand_records)
    names = {g.identifier for g in dataset.graphs() if len(g)}
    assert names == {iri(f"entry/{e.id}") for e in hand_records.entries} | {iri("graph/article")}
    hwang_graph = dataset.graph(iri("entry/1997-1"))
    assert (HWANG, SCHEMA.name, Literal("Hwang Jang-yop")) in hwang_graph
    assert (
        iri("entry/1997-1"),
        DKG.lineNumber,
        Literal(line_of("Hwang Jang-yop –")),
    ) in hwang_graph
    article_graph = dataset.graph(iri("graph/article"))
    assert (iri("place/beijing"), SCHEMA.name, Literal("Beijing")) in article_graph
    assert (iri("place/beijing"), PROV.wasDerivedFrom, iri("entry/1997-1")) in hwang_graph
    assert (iri("source/ref-6"), RDF.type, DKG.Source) in article_graph
    assert isomorphic(union_graph(dataset), to_graph(hand_records))


def test_no_blank_nodes_and_only_safe_iris(hand_graph):
    """No blank node anywhere, and the N-Triples output parses in strict pyoxigraph with the same count."""
    terms = {t for triple in hand_graph for t in triple}
    assert not any(isinstance(t, BNode) for t in terms)
    parsed = list(ox.parse(serialize_ntriples(hand_graph).encode(), format=ox.RdfFormat.N_TRIPLES))
    assert len(parsed) == len(hand_graph) == 852


def test_hand_graph_conforms(hand_graph):
    """The hand-made graph has no SHACL violation."""
    assert validate(hand_graph).conforms


def test_base_is_configurable(hand_records):
    """Every minted IRI lives under --base; bad bases raise IRIError; a '#' base gets '-position' selectors."""
    graph = to_graph(hand_records, base="https://example.org/kg/")
    minted = {
        str(t)
        for triple in graph
        for t in triple
        if isinstance(t, URIRef) and "example.org" in str(t)
    }
    assert "https://example.org/kg/person/hwang-jang-yop" in minted
    assert not any("w3id.org/defectorkg/person" in str(t) for triple in graph for t in triple)
    hashed = to_graph(hand_records, base="https://example.org/kg#")
    assert any(
        str(s).endswith("-position") for s in hashed.subjects(RDF.type, OA.TextPositionSelector)
    )
    assert len(
        list(ox.parse(serialize_ntriples(hashed).encode(), format=ox.RdfFormat.N_TRIPLES))
    ) == len(hashed)
    for bad in (
        "not an iri/",
        "https://example.org/no-slash",
        "https://exa mple.org/",
        "https://a#b#",
    ):
        with pytest.raises(IRIError):
            to_graph(hand_records, base=bad)


def test_contract_breaches_raise_named_errors(hand_records):
    """An unknown relation name, participant role or Wikidata id is an ExtractionError, not a silent loss."""
    bad_relation = replace(
        hand_records, relations=(Relation(str(HWANG), "godfather", str(KIM), "kin"),)
    )
    with pytest.raises(ExtractionError, match="godfather"):
        to_graph(bad_relation)
    event = replace(
        hand_records.events[0], participants=(Participant("person/hwang-jang-yop", "spectator"),)
    )
    with pytest.raises(ExtractionError, match="spectator"):
        to_graph(replace(hand_records, events=(event,)))
    place = replace(hand_records.places[0], wikidata="Beijing")
    with pytest.raises(ExtractionError, match="Wikidata id"):
        to_graph(replace(hand_records, places=(place, *hand_records.places[1:])))


def test_unknown_kind_and_dangling_citation_are_reported_by_shapes(hand_records):
    """An event kind outside the list and a citation of a missing reference stay in the graph and fail validation."""
    events = {e.key: e for e in hand_records.events}
    odd = events["event/1995-1-4"] = replace(
        events["event/1995-1-4"], kind="teleportation", citations=(99,)
    )
    outcome = validate(to_graph(replace(hand_records, events=tuple(events.values()))))
    shapes = {(r.source_shape, r.focus) for r in outcome.results if r.severity == "Violation"}
    assert shapes == {
        (DKGSH["EventShape-kind"], iri(odd.key)),
        (DKGSH.CitationShape, iri("source/ref-99")),
    }


def test_event_classes_and_kinship_properties_by_rule():
    """Kind labels and relation names map to CamelCase ontology terms by rule."""
    assert event_class("JSA crossing") == DKG.JSACrossing
    assert event_class("third-country transit") == DKG.ThirdCountryTransit
    assert event_class("failed defection attempt") == DKG.FailedDefectionAttempt
    assert event_class("levitation") is None
    assert kinship_property("fellow defector") == DKG.hasFellowDefector
    assert kinship_property("grandmother") == DKG.hasGrandmother


def _records_with_names(names: list[str]) -> Records:
    article = ArticleInfo("T", "t.txt", "0" * 64)
    entries, people = [], []
    for n, name in enumerate(names, start=1):
        entry_id = f"2000-{n}"
        entries.append(
            EntryRecord(entry_id, 2000, n + 2, 0, len(name), name, name, (), (key("person", name),))
        )
        people.append(Person(key("person", name), name, name.lower(), defector=True, entry_ids=(entry_id,),
                             spans=(Span(entry_id, 0, len(name), name),)))  # fmt: skip
    return Records(article=article, entries=tuple(entries), people=tuple(people))


names = st.text(min_size=1, max_size=30).filter(lambda s: s.strip() != "")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(names, min_size=1, max_size=4, unique_by=lambda s: key("person", s)))
def test_any_names_give_valid_iris_and_round_trip(name_list):
    """Names in any script give IRIs pyoxigraph accepts, and Turtle/N-Triples round-trip isomorphically."""
    graph = to_graph(_records_with_names(name_list))
    for text, fmt, ox_fmt in ((serialize_turtle(graph), "turtle", ox.RdfFormat.TURTLE),
                              (serialize_ntriples(graph), "nt", ox.RdfFormat.N_TRIPLES)):  # fmt: skip
        assert isomorphic(Graph().parse(data=text, format=fmt), graph)
        assert len(list(ox.parse(text.encode(), format=ox_fmt))) == len(graph)
    for name in name_list:
        assert (iri(key("person", name)), SCHEMA.name, Literal(name)) in graph


@given(st.lists(st.text(min_size=1, max_size=20), min_size=2, max_size=6, unique=True))
def test_minting_is_injective_and_parses(keys):
    """Distinct keys mint distinct IRIs, and every key from iris.key parses as a pyoxigraph NamedNode."""
    minted = [mint(key("person", k)) for k in keys]
    slugs = {key("person", k) for k in keys}
    assert len(set(minted)) == len(slugs)
    for value in minted:
        assert ox.NamedNode(value).value == value


def test_every_event_is_typed_and_derived(hand_records):
    """Every event of the hand records is typed with its kind class and derived from its entry."""
    graph = to_graph(hand_records)
    for event in hand_records.events:
        node = iri(event.key)
        assert (node, RDF.type, event_class(event.kind)) in graph
        assert graph.value(node, PROV.wasDerivedFrom) == iri(f"entry/{event.entry_id}")


def test_agent_that_is_also_an_organization_record_keeps_one_name(hand_records):
    """A publisher agent whose key is an organization record adds no second schema:name."""
    agent = replace(hand_records.agents[0], key="organization/workers-party-of-korea", name="WPK")
    graph = to_graph(replace(hand_records, agents=(agent, *hand_records.agents[1:])))
    org = iri("organization/workers-party-of-korea")
    assert list(graph.objects(org, SCHEMA.name)) == [Literal("Workers' Party of Korea")]
    assert Literal("WPK") in set(graph.objects(org, SCHEMA.alternateName))


def test_relation_without_span_lands_in_the_persons_first_entry(hand_records):
    """A relation with no span goes into the named graph of the person's first entry."""
    tie = Relation(str(HWANG).removeprefix(BASE), "colleague", "person/kim-dok-hong", "associate")
    dataset = to_dataset(replace(hand_records, relations=(tie,)))
    assert (HWANG, DKG.hasColleague, KIM) in dataset.graph(iri("entry/1997-1"))
