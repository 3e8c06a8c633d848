"""The ontology: loads everywhere, labels and comments everything, aligns, and matches vocab.DKG."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from defectorkg.rdf.mapping import event_class, kinship_property
from defectorkg.model import ASSOCIATIONS, KINSHIP, LIFE_EVENT_KINDS, ROUTE_KINDS
from defectorkg.resources import ontology_path
from defectorkg.rdf.vocab import (
    BIO,
    DKG,
    ONTOLOGY_IRI,
    ONTOLOGY_VERSION_IRI,
    PREFIXES,
    PROV,
    REL,
    SCHEMA,
    SEM,
    WDT,
)  # fmt: skip

NS = str(DKG)
CONTRACT = Path(__file__).resolve().parents[1] / "docs" / "rdf-model.md"


@pytest.fixture(scope="module")
def onto() -> Graph:
    """The ontology file, parsed once."""
    return Graph().parse(ontology_path())


def _own(onto: Graph, kind: URIRef) -> set[URIRef]:
    return {
        s for s in onto.subjects(RDF.type, kind) if isinstance(s, URIRef) and str(s).startswith(NS)
    }


def _properties(onto: Graph) -> set[URIRef]:
    return _own(onto, OWL.ObjectProperty) | _own(onto, OWL.DatatypeProperty)


def test_loads_in_rdflib_and_pyoxigraph_with_equal_counts(onto):
    """The ontology parses in rdflib and strict pyoxigraph into the same number of triples."""
    assert (
        len(list(ox.parse(path=str(ontology_path()), format=ox.RdfFormat.TURTLE)))
        == len(onto)
        > 900
    )


def test_has_its_own_iri_and_version(onto):
    """The ontology has its IRI, a version IRI and a version string."""
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    assert onto.value(ONTOLOGY_IRI, OWL.versionIRI) == ONTOLOGY_VERSION_IRI
    assert onto.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.1.0")


def test_every_term_has_one_label_and_one_comment(onto):
    """Every own class and property has exactly one rdfs:label and one rdfs:comment."""
    terms = _own(onto, OWL.Class) | _properties(onto)
    assert len(terms) == 174
    for term in terms:
        assert len(list(onto.objects(term, RDFS.label))) == 1, term
        assert len(list(onto.objects(term, RDFS.comment))) == 1, term


def test_vocab_dkg_lists_exactly_the_ontology_terms(onto):
    """vocab.DKG (a DefinedNamespace with _fail) holds exactly the terms the ontology defines."""
    in_ontology = {str(t)[len(NS) :] for t in _own(onto, OWL.Class) | _properties(onto)}
    assert set(DKG.__annotations__) == in_ontology
    with pytest.raises(AttributeError):
        _ = DKG.arivalDate


def test_every_contract_term_of_rdf_model_md_exists(onto):
    """Every dkg: term docs/rdf-model.md names is defined by the ontology."""
    named = set(re.findall(r"dkg:([A-Za-z][A-Za-z0-9]*)(?![<A-Za-z0-9])", CONTRACT.read_text()))
    assert len(named) > 80
    defined = {str(t)[len(NS) :] for t in _own(onto, OWL.Class) | _properties(onto)}
    assert sorted(named - defined) == []


@pytest.mark.parametrize("kind", ROUTE_KINDS + LIFE_EVENT_KINDS)
def test_event_kind_class_has_the_contract_label(onto, kind):
    """Each event kind is a class labelled exactly with the contract label, under RouteStep or LifeEvent."""
    cls = event_class(kind)
    assert cls is not None
    assert list(onto.objects(cls, RDFS.label)) == [Literal(kind)]
    family = DKG.RouteStep if kind in ROUTE_KINDS else DKG.LifeEvent
    assert (cls, RDFS.subClassOf, family) in onto


def test_bio_classes_for_birth_death_and_defection(onto):
    """Birth, death and defection specialise BIO's Birth, Death and Emigration."""
    assert (DKG.Birth, RDFS.subClassOf, BIO.Birth) in onto
    assert (DKG.Death, RDFS.subClassOf, BIO.Death) in onto
    assert (DKG.Defection, RDFS.subClassOf, BIO.Emigration) in onto
    assert {SEM.Event, SCHEMA.Event} <= set(onto.objects(DKG.Event, RDFS.subClassOf))


@pytest.mark.parametrize("relation", KINSHIP + ASSOCIATIONS)
def test_every_tie_has_its_inverse_and_reaches_the_top(onto, relation):
    """has<Relation> and <relation>Of are declared inverses, and has<Relation> is under hasRelative or hasAssociate."""
    has = kinship_property(relation)
    inverse = DKG[str(has)[len(NS) + 3].lower() + str(has)[len(NS) + 4 :] + "Of"]
    assert onto.value(has, OWL.inverseOf) == inverse
    assert onto.value(inverse, OWL.inverseOf) == has
    top = DKG.hasRelative if relation in KINSHIP else DKG.hasAssociate
    supers = set(onto.transitive_objects(has, RDFS.subPropertyOf))
    assert top in supers


def test_kinship_aligns_with_schema_rel_and_wikidata(onto):
    """Kinship properties align to schema.org, REL and Wikidata (P25, P22, P40, P3373, P26, P1038)."""
    assert (DKG.hasParent, RDFS.subPropertyOf, SCHEMA.parent) in onto
    assert (DKG.hasParent, RDFS.subPropertyOf, REL.childOf) in onto
    assert (DKG.hasSibling, RDFS.subPropertyOf, SCHEMA.sibling) in onto
    assert (DKG.hasRelative, RDFS.subPropertyOf, SCHEMA.relatedTo) in onto
    assert (DKG.hasMother, OWL.equivalentProperty, WDT.P25) in onto
    assert (DKG.hasFather, OWL.equivalentProperty, WDT.P22) in onto


def test_every_listed_wikidata_property_is_aligned(onto):
    """Each Wikidata property of the design notes is the object of a skos:closeMatch or owl:equivalentProperty."""
    listed = [
        "P793",
        "P585",
        "P276",
        "P710",
        "P1038",
        "P1039",
        "P25",
        "P22",
        "P40",
        "P3373",
        "P26",
        "P463",
        "P39",
        "P108",
        "P800",
        "P50",
        "P1343",
        "P248",
        "P813",
    ]
    aligned = {
        str(o) for p in (SKOS.closeMatch, OWL.equivalentProperty) for o in onto.objects(None, p)
    }
    assert sorted(p for p in listed if str(WDT[p]) not in aligned) == []


def test_every_own_class_specialises_a_reused_or_own_class(onto):
    """Every own class has an rdfs:subClassOf (reuse before inventing)."""
    classes = _own(onto, OWL.Class)
    assert [str(c) for c in classes if onto.value(c, RDFS.subClassOf) is None] == []
    assert (DKG.Entry, RDFS.subClassOf, PROV.Entity) in onto


def test_schema_prefix_is_http():
    """schema: is http://schema.org/ (as Wikidata and DBpedia use it), never https."""
    assert PREFIXES["schema"] == "http://schema.org/"
    assert str(SCHEMA.Person) == "http://schema.org/Person"
