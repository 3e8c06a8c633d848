"""Every SHACL shape can fail: one case folder per shape breaks it on top of a valid base graph.

A case is ``tests/shapes/<case>/{data.ttl, expected.ttl}``: ``data.ttl`` is added to
``tests/shapes/base.ttl`` (which conforms with no result at all), and ``expected.ttl`` lists
the only results that graph may give, as (focus node, path, severity, source shape).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from defectorkg.rdf.mapping import ORGANIZATION_CLASSES, PLACE_CLASSES
from defectorkg.model import EVENT_KINDS, ROUTE_KINDS
from defectorkg.rdf.validate import load_shapes, validate
from defectorkg.rdf.vocab import DKGSH

CASES_DIR = Path(__file__).parent / "shapes"
BASE = CASES_DIR / "base.ttl"
CASES = sorted(p.name for p in CASES_DIR.iterdir() if (p / "data.ttl").is_file())
FOLDERS = sorted(p.name for p in CASES_DIR.iterdir() if p.is_dir())

Row = tuple[Node, Node | None, Node, Node]


@pytest.fixture(scope="module")
def shapes() -> Graph:
    """The bundled shapes, loaded once for the module."""
    return load_shapes()


BLANK = Literal("(a blank node)")


def _named(node: Node | None) -> Node | None:
    """Blank nodes compare equal to each other (a case's expected focus is "a blank node")."""
    return BLANK if isinstance(node, BNode) else node


def _shapes_with_constraints(shapes: Graph) -> set[Node]:
    """Every named shape: node shapes and property shapes."""
    declared = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(
        shapes.subjects(RDF.type, SH.PropertyShape)
    )
    return {s for s in declared if isinstance(s, URIRef)}


def _expected(folder: Path) -> set[Row]:
    graph = Graph().parse(folder / "expected.ttl")
    return {
        (
            _named(graph.value(r, SH.focusNode)),
            graph.value(r, SH.resultPath),
            graph.value(r, SH.resultSeverity),
            graph.value(r, SH.sourceShape),
        )
        for r in graph.subjects(RDF.type, SH.ValidationResult)
    }


def _case_graph(folder: Path) -> Graph:
    graph = Graph().parse(BASE)
    graph.parse(folder / "data.ttl")
    return graph


def test_collected_one_case_per_folder_and_at_least_one_per_shape(shapes):
    """The suite collects every case folder (none silently skipped), at least as many as there are shapes."""
    assert len(CASES) == len(FOLDERS) == 93
    assert len(CASES) >= len(_shapes_with_constraints(shapes)) == 91


def test_base_graph_has_no_results(shapes):
    """The base graph every case builds on gives no violation, warning or info."""
    outcome = validate(Graph().parse(BASE), shapes)
    assert outcome.conforms and outcome.results == ()


@pytest.mark.parametrize("case", CASES)
def test_case_gives_exactly_the_expected_results(case, shapes):
    """base.ttl + data.ttl gives exactly the results in expected.ttl (focus, path, severity, shape)."""
    folder = CASES_DIR / case
    expected = _expected(folder)
    assert expected, f"{case}/expected.ttl lists no result"
    outcome = validate(_case_graph(folder), shapes)
    got = {
        (_named(r.focus), r.path, URIRef(SH + r.severity), r.source_shape) for r in outcome.results
    }
    assert got == expected
    assert outcome.conforms == all(row[2] != SH.Violation for row in expected)


def test_every_shape_is_seen_failing(shapes):
    """Each named shape is the source shape of a result some case expects."""
    covered: set[Node] = set()
    for case in CASES:
        covered |= {row[3] for row in _expected(CASES_DIR / case)}
    assert sorted(str(s) for s in _shapes_with_constraints(shapes) - covered) == []


def test_shapes_are_top_level(shapes):
    """No shape nests property shapes (pyshacl would evaluate them once per focus node)."""
    assert list(shapes.subjects(SH.property, None)) == []
    targets = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
    untargeted = [
        s for s in _shapes_with_constraints(shapes) if not any(shapes.value(s, t) for t in targets)
    ]
    assert untargeted == []


def test_every_shape_has_message_and_severity(shapes):
    """Every node and property shape has a sh:message; every shape with constraints a sh:severity."""
    declared = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(
        shapes.subjects(RDF.type, SH.PropertyShape)
    )
    named = {s for s in declared if isinstance(s, URIRef)}
    assert len(named) == len(declared) == 91
    assert all(shapes.value(s, SH.message) is not None for s in named)
    constrained = named - {DKGSH.BirthShape}
    assert [str(s) for s in constrained if shapes.value(s, SH.severity) is None] == []
    assert shapes.value(DKGSH["BirthShape-precedes"], SH.severity) == SH.Violation


def _in_list(shapes: Graph, shape: URIRef) -> list[str]:
    head = shapes.value(shape, SH["in"])
    return [str(v) for v in Collection(shapes, head)]  # type: ignore[arg-type]


def test_controlled_lists_match_the_model(shapes):
    """The kind, place-type and organization-type lists in the shapes equal the contract lists."""
    assert _in_list(shapes, DKGSH["EventShape-kind"]) == list(EVENT_KINDS)
    assert _in_list(shapes, DKGSH["RouteStepShape-kind"]) == list(ROUTE_KINDS)
    assert sorted(_in_list(shapes, DKGSH["PlaceShape-type"])) == sorted(PLACE_CLASSES)
    assert sorted(_in_list(shapes, DKGSH["OrganizationShape-type"])) == sorted(
        [*ORGANIZATION_CLASSES, "other"]
    )


def test_warnings_are_for_what_the_text_lacks(shapes):
    """Exactly the shapes about missing citations, sizes, authors, titles and publishers are warnings."""
    warnings = {str(s).rsplit("#", 1)[1] for s in shapes.subjects(SH.severity, SH.Warning)}
    assert warnings == {
        "DefectingPartyShape-cited", "GroupShape-size-stated", "WorkShape-author-stated",
        "SourceShape-untitled", "SourceShape-publisher-stated", "SourceShape-uncited",
        "EntryShape-defector-found", "EntryShape-cited",
    }  # fmt: skip


def test_arrival_date_pattern_accepts_1945_and_later_only(shapes):
    """The 'not before 1945' pattern accepts 1945, 1953-09-21 and 2016-04 and rejects 1944 and 1900."""
    import re

    pattern = str(shapes.value(DKGSH["DefectingPartyShape-arrival-after-1945"], SH.pattern))
    assert pattern.startswith("^")
    accepted = [
        v
        for v in ("1945", "1953-09-21", "2016-04", "2101", "1944", "1900", "0999")
        if re.search(pattern, v)
    ]
    assert accepted == ["1945", "1953-09-21", "2016-04", "2101"]
    assert isinstance(
        shapes.value(DKGSH["DefectingPartyShape-arrival-after-1945"], SH.message), Literal
    )
