"""The SHACL evaluator (rdf/shacl.py) gives exactly pyshacl's results: every field of every result.

Compared on the bundled article, on every case of tests/shapes/, on an article of our own with
planted violations (one of them a birth after an event, which the SPARQL shape checks and
pyshacl evaluates), and on a synthetic article of 300 entries.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import SH, XSD

from defectorkg.extract import extract
from defectorkg.rdf.mapping import to_quads
from defectorkg.rdf.shacl import split_shapes
from defectorkg.rdf.validate import load_shapes, validate
from defectorkg.rdf.vocab import DKGSH
from defectorkg.source.parse import read_article

TESTS = Path(__file__).resolve().parent
CASES_DIR = TESTS / "shapes"
CASES = sorted(p.name for p in CASES_DIR.iterdir() if (p / "data.ttl").is_file())

PLANTED = """Defectors of the north (planted violations)

A list written for the tests, with mistakes put in on purpose.[1]

  • 1932
    • Pak Il-do – 3 May – farmer who crossed the Tumen River and arrived in Seoul on 3 May 1932.[1]
  • 1999
    • Choe Nam-hui – 9 June – teacher who swam across the Han River estuary.[7]
    • Ro Sun-ae – 12 August – factory worker who was imprisoned at Yodok in 1980. She was born in 1985 and fled across the Yalu River.[2]
    • Ha Min-jun – 20 October – fisherman who sailed south with his brother.

ReferencesEdit

  1. ^ Writer, Una (2 March 2001). "An old crossing". The Test Gazette. Retrieved 5 May 2020.
  2. ^ Writer, Una (3 March 2001). "A camp and a river". The Test Gazette. Retrieved 5 May 2020.
  3. ^ Writer, Una (4 March 2001). "Nobody cites this". The Test Gazette. Retrieved 5 May 2020.
"""


@pytest.fixture(scope="module")
def shapes() -> Graph:
    """The bundled shapes, loaded once for the module."""
    return load_shapes()


def _rows(outcome):  # type: ignore[no-untyped-def]
    return [
        (r.severity, r.focus, r.path, r.message, r.value, r.source_shape, r.line, r.entry, r.entry_id)
        for r in outcome.results
    ]


def _same(graph, shapes):  # type: ignore[no-untyped-def]
    fast, whole = validate(graph, shapes), validate(graph, shapes, engine=False)
    assert _rows(fast) == _rows(whole)
    assert fast.text == whole.text
    assert fast.conforms == whole.conforms
    return fast


def test_the_evaluator_takes_every_shape_but_the_sparql_one(shapes):
    """90 of the 91 targeted shapes are evaluated over the quads; the SPARQL birth check goes to pyshacl."""
    split = split_shapes(shapes)
    assert len(split.fast) == 90
    assert split.rest == [DKGSH.BirthShape]


def test_bundled_article_equals_pyshacl(seed_records, shapes):
    """The bundled article: the same 18 warnings, field by field, and the same text report."""
    outcome = _same(to_quads(seed_records), shapes)
    assert outcome.count("Warning") == 18 and outcome.count("Violation") == 0


@pytest.mark.parametrize("case", CASES)
def test_shape_case_equals_pyshacl(case, shapes):
    """Every failing shape case gives pyshacl's results (blank-node focus nodes included)."""
    graph = Graph().parse(CASES_DIR / "base.ttl")
    graph.parse(CASES_DIR / case / "data.ttl")
    outcome = _same(graph, shapes)
    assert outcome.results, case


def test_planted_violations_equal_pyshacl(tmp_path, shapes):
    """An article with planted faults: arrival before 1945, a dangling [7], a birth after an
    imprisonment, an uncited entry and an uncited reference; each is found, as pyshacl finds it."""
    path = tmp_path / "planted.txt"
    path.write_text(PLANTED, encoding="utf-8")
    quads = to_quads(extract(read_article(path)))
    outcome = _same(quads, shapes)
    by_shape = {str(r.source_shape).rsplit("#", 1)[-1] for r in outcome.results}
    assert {
        "DefectingPartyShape-arrival-after-1945", "CitationShape", "BirthShape",
        "EntryShape-cited", "SourceShape-uncited",
    } <= by_shape  # fmt: skip
    birth = next(r for r in outcome.results if r.source_shape == DKGSH.BirthShape)
    assert birth.line == 9 and birth.entry_id == "1999-2"
    assert not outcome.conforms


@pytest.mark.slow
def test_synthetic_article_equals_pyshacl(tmp_path, shapes):
    """300 synthetic entries (benchmarks/synthetic.py): the same results as pyshacl over the whole graph."""
    sys.path.insert(0, str(TESTS.parent / "benchmarks"))
    from synthetic import write_article

    quads = to_quads(extract(read_article(write_article(tmp_path / "s.txt", 300))))
    _same(quads, shapes)


def test_a_shape_the_evaluator_cannot_read_goes_to_pyshacl(shapes):
    """A shape with sh:node (not evaluated here) is left to pyshacl, and its results still come out."""
    extra = Graph()
    extra += shapes
    shape = DKGSH["PersonShape-name"]
    extra.add((shape, SH.node, DKGSH.TestNumber))
    extra.add((DKGSH.TestNumber, SH.datatype, XSD.integer))
    split = split_shapes(extra)
    assert shape in split.rest
    graph = Graph().parse(CASES_DIR / "base.ttl")
    outcome = _same(graph, extra)
    assert any(r.source_shape == shape for r in outcome.results)
