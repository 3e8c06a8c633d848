"""kinds.py is the one table of kinds: the shapes, the word lists and the ontology agree with it."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, SH

from defectorkg import kinds
from defectorkg.rdf.mapping import (
    ORGANIZATION_CLASSES,
    PLACE_CLASSES,
    event_class,
    kinship_property,
)
from defectorkg.rdf.vocab import DKG, DKGSH, SCHEMA, curie_term
from defectorkg.views.timeline import ROUTE_STYLES

ROOT = Path(__file__).resolve().parents[1]
GAZETTEERS = ROOT / "data" / "gazetteers"


@pytest.fixture(scope="module")
def shapes() -> Graph:
    graph = Graph()
    for path in sorted((ROOT / "shapes").glob("*.ttl")):
        graph.parse(path)
    return graph


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ROOT / "ontology" / "defectors.ttl")


def _in_list(shapes: Graph, shape: str) -> list[object]:
    head = shapes.value(DKGSH[shape], SH["in"])
    assert head is not None, f"{shape} has no sh:in list"
    return list(Collection(shapes, head))  # type: ignore[arg-type]


def _column(name: str, *columns: str) -> set[str]:
    """The values of ``columns`` of a TSV word list (comments skipped, header named)."""
    lines = [line for line in (GAZETTEERS / name).read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]  # fmt: skip
    header = lines[0].split("\t")
    found = set()
    for line in lines[1:]:
        cells = dict(zip(header, line.split("\t"), strict=False))
        found.update(cells[c] for c in columns if cells.get(c))
    return found


def test_the_shapes_lists_are_the_kinds(shapes: Graph) -> None:
    """Each sh:in list of the shapes is the table's list, in the table's order."""
    assert [str(v) for v in _in_list(shapes, "EventShape-kind")] == list(kinds.EVENT_KINDS)
    assert [str(v) for v in _in_list(shapes, "RouteStepShape-kind")] == list(kinds.ROUTE_KINDS)
    assert [str(v) for v in _in_list(shapes, "PlaceShape-type")] == list(kinds.PLACE_TYPES)
    assert [str(v) for v in _in_list(shapes, "OrganizationShape-type")] == list(kinds.ORGANIZATION_TYPES)
    assert [str(v) for v in _in_list(shapes, "AffiliationShape-kind")] == list(kinds.AFFILIATION_KINDS)
    assert _in_list(shapes, "PersonShape-gender") == [SCHEMA.Male, SCHEMA.Female]
    assert [curie_term(c) for c in kinds.GENDERS.values()] == [SCHEMA.Male, SCHEMA.Female]


def test_the_word_lists_name_only_kinds() -> None:
    """kinship.tsv and associates.tsv give only the table's relations (every kinship relation has a word);
    places, organizations and event triggers use only its types and kinds."""
    assert _column("kinship.tsv", "relation", "of_male", "of_female", "of_unknown") <= set(kinds.KINSHIP)
    assert _column("kinship.tsv", "relation") == set(kinds.KINSHIP)
    assert _column("associates.tsv", "relation") <= set(kinds.ASSOCIATIONS)
    assert _column("places.tsv", "type") <= set(kinds.PLACE_TYPES)
    assert _column("organizations.tsv", "type") <= set(kinds.ORGANIZATION_TYPES)
    life = {k for cell in _column("event-triggers.tsv", "kind") if not cell.startswith("route:") for k in cell.split("+")}
    assert life <= set(kinds.LIFE_EVENT_KINDS)


def test_every_kind_names_a_term_of_the_ontology(ontology: Graph) -> None:
    """The dkg: classes and properties the table names are declared in ontology/defectors.ttl."""
    curies = [*kinds.PLACE_TYPES.values(), *kinds.ORGANIZATION_TYPES.values(), *kinds.WORK_CLASSES,
              *(c for classes in kinds.WORK_KINDS.values() for c in classes), *kinds.EVENT_CLASSES]  # fmt: skip
    classes = {curie_term(c) for c in curies if c is not None and c.startswith("dkg:")}
    classes |= {DKG[kinds.class_name(k)] for k in kinds.EVENT_KINDS}
    assert sorted(str(c) for c in classes if (c, RDF.type, OWL.Class) not in ontology) == []
    ties = {DKG[kinds.tie_property_name(r)] for r in (*kinds.KINSHIP, *kinds.ASSOCIATIONS)}
    assert sorted(str(p) for p in ties if (p, RDF.type, OWL.ObjectProperty) not in ontology) == []


def test_mapping_and_views_derive_from_the_table() -> None:
    """The mapping's classes and names, and the timeline's route colours, follow the table."""
    assert list(PLACE_CLASSES) == list(kinds.PLACE_TYPES)
    assert list(ORGANIZATION_CLASSES) == [t for t, c in kinds.ORGANIZATION_TYPES.items() if c is not None]
    assert event_class("JSA crossing") == DKG.JSACrossing
    assert event_class("third-country transit") == DKG.ThirdCountryTransit
    assert kinship_property("uncle") == DKG.hasUncle == URIRef(str(DKG) + kinds.tie_property_name("uncle"))
    assert kinship_property("fellow defector") == DKG.hasFellowDefector
    assert list(ROUTE_STYLES) == [*(k for k in kinds.ROUTE_KINDS if k != "arrival"), "unknown"]
