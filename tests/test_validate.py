"""Validation: results traced to source lines, a deterministic report graph, named errors, the CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from fixtures.records.hand import line_of, span
from rdflib import BNode, Graph, Literal, URIRef
from rdflib import namespace as rns
from rdflib.namespace import RDF, SH

from defectorkg.cli import main
from defectorkg.errors import GraphLoadError, ShapesLoadError
from defectorkg.rdf.export import serialize_turtle
from defectorkg.rdf.validate import load_graph, load_shapes, trace, validate
from defectorkg.rdf.vocab import DKG, DKGSH, OA

BASE = "https://w3id.org/defectorkg/"
SHAPES_BASE = Path(__file__).parent / "shapes" / "base.ttl"


@pytest.fixture(scope="module")
def shapes() -> Graph:
    """The bundled shapes, loaded once."""
    return load_shapes()


def _copy(graph: Graph) -> Graph:
    copy = Graph()
    for prefix, namespace in graph.namespaces():
        copy.bind(prefix, namespace, override=True, replace=True)
    copy += graph
    return copy


def test_hand_graph_conforms_with_six_warnings_named_by_line(hand_graph, shapes):
    """The hand-made graph conforms; its six warnings name their line and entry or reference."""
    outcome = validate(hand_graph, shapes)
    assert outcome.conforms
    assert [r.severity for r in outcome.results] == ["Warning"] * 6
    lee, ref5 = line_of("Lee Soon-ok –"), line_of("  5. ^ ")
    assert [r.headline() for r in outcome.results] == [
        f"line {lee}, 1995 entry 'Lee Soon-ok': no reference backs this defector: the entry has no citation [Warning]",
        f"line {lee}, 1995 entry 'Lee Soon-ok': no reference backs this defector: the entry has no citation [Warning]",
        f"line {lee}, 1995 entry 'Lee Soon-ok': the entry cites no source [Warning]",
        f"line {ref5}, reference 5: no citation marker of the article points at this reference [Warning]",
        f"line {ref5}, reference 5: the reference gives no title (the source is flagged dkg:untitled) [Warning]",
        f"line {ref5}, reference 5: the reference names no publisher [Warning]",
    ]
    assert outcome.text.startswith("validation: conforms (0 violations, 6 warnings, 0 infos)\n")


def test_violation_names_line_entry_message_and_severity(hand_graph, shapes):
    """An arrival in 1930 reads "line N, 1997 entry 'Jang Yeong-jin': <message> [Violation]"."""
    graph = _copy(hand_graph)
    jang = URIRef(BASE + "person/jang-yeong-jin")
    graph.set((jang, DKG.arrivalDate, Literal("1930", datatype=rns.XSD.gYear)))
    outcome = validate(graph, shapes)
    assert not outcome.conforms
    violations = [r for r in outcome.results if r.severity == "Violation"]
    assert len(violations) == 1
    result = violations[0]
    assert (result.focus, result.path, result.value) == (
        jang,
        DKG.arrivalDate,
        Literal("1930", datatype=rns.XSD.gYear),
    )
    assert result.source_shape == DKGSH["DefectingPartyShape-arrival-after-1945"]
    assert result.headline() == (
        f"line {line_of('Jang Yeong-jin -')}, 1997 entry 'Jang Yeong-jin': the arrival date 1930 is "
        "before 1945, when there was no North Korea to defect from [Violation]"
    )
    assert (
        outcome.text.splitlines()[0]
        == "validation: does not conform (1 violations, 6 warnings, 0 infos)"
    )
    assert "focus person:jang-yeong-jin | path dkg:arrivalDate" in outcome.text


def test_validate_leaves_the_data_graph_unchanged(hand_graph, shapes):
    """Validation adds nothing to the data graph (no inference, no repair)."""
    before = len(hand_graph)
    validate(hand_graph, shapes)
    assert len(hand_graph) == before


def test_trace_follows_selectors_to_their_entry(hand_graph):
    """A selector has no provenance of its own; it is traced through its mention to the entry."""
    words = span("1997-1", "Kim Dok-hong", "Hwang Jang-yop –")
    selector = URIRef(f"{BASE}mention/1997-1-{words.start}-{words.end}#position")
    assert (selector, RDF.type, OA.TextPositionSelector) in hand_graph
    origin = trace(hand_graph, selector)
    assert (origin.line, origin.label, origin.entry_id) == (
        line_of("Hwang Jang-yop –"),
        "1997 entry 'Hwang Jang-yop'",
        "1997-1",
    )


def test_trace_of_an_unknown_node_is_empty(hand_graph):
    """A node with no path to an entry has no line and no label."""
    origin = trace(hand_graph, URIRef("https://example.org/nowhere"))
    assert (origin.line, origin.label, origin.entry_id) == (None, "", None)


def test_report_graph_is_deterministic_and_has_no_blank_nodes(hand_graph, shapes):
    """Two validations write the same report Turtle; results are IRIs minted from their content."""
    first, second = validate(hand_graph, shapes), validate(hand_graph, shapes)
    assert serialize_turtle(first.report) == serialize_turtle(second.report)
    nodes = {t for triple in first.report for t in triple}
    assert not any(isinstance(n, BNode) for n in nodes)
    report = URIRef("urn:defectorkg:validation:report")
    # SHACL's sh:conforms: false whenever there are results, warnings included (the verdict is ours)
    assert first.conforms
    assert first.report.value(report, SH.conforms) == Literal(False)
    assert len(set(first.report.objects(report, SH.result))) == 6
    assert set(first.report.objects(None, DKG.lineNumber)) == {
        Literal(line_of("Lee Soon-ok –")),
        Literal(line_of("  5. ^ ")),
    }


def test_load_graph_errors_name_the_file(tmp_path):
    """A missing file, a folder, bad syntax and non-UTF-8 bytes each raise GraphLoadError naming the file."""
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .\n")
    latin = tmp_path / "latin.ttl"
    latin.write_bytes(b'<http://a> <http://b> "caf\xe9" .\n')
    cases = [(tmp_path / "missing.ttl", "no such file"), (tmp_path, "is a directory"),
             (broken, "not valid Turtle"), (latin, "not UTF-8")]  # fmt: skip
    for path, words in cases:
        with pytest.raises(GraphLoadError) as caught:
            load_graph(path)
        assert str(path) in str(caught.value) and words in str(caught.value)
        assert "\n" not in str(caught.value)


def test_load_graph_reads_other_formats(hand_graph, tmp_path):
    """N-Triples and JSON-LD files are read by their suffix."""
    for suffix, fmt in ((".nt", "nt"), (".jsonld", "json-ld")):
        path = tmp_path / f"graph{suffix}"
        path.write_text(hand_graph.serialize(format=fmt))
        assert len(load_graph(path)) == len(hand_graph)


def test_shapes_errors_are_named(tmp_path, hand_graph):
    """Missing, empty, unparseable, shapeless and unusable shapes raise ShapesLoadError."""
    empty = tmp_path / "empty"
    empty.mkdir()
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n<a> sh:targetClass .\n")
    shapeless = tmp_path / "shapeless.ttl"
    shapeless.write_text("<http://a> <http://b> <http://c> .\n")
    for path, words in ((tmp_path / "nope", "no such file"), (empty, "no .ttl shape files"),
                        (broken, "not valid Turtle"), (shapeless, "no sh:NodeShape")):  # fmt: skip
        with pytest.raises(ShapesLoadError, match=words):
            load_shapes(path)
    unusable = tmp_path / "unusable.ttl"
    unusable.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix schema: <http://schema.org/> .\n"
        '<http://x/S> a sh:NodeShape ; sh:targetClass schema:Person ; sh:property [ sh:path schema:name ; sh:minCount "many" ] .\n'
    )
    with pytest.raises(ShapesLoadError, match="shapes cannot be used"):
        validate(hand_graph, unusable)


def test_validate_command_exit_codes(tmp_path):
    """`defectorkg validate` exits 0 for a conforming file, 1 with violations, 2 for a bad file or bad shapes."""
    runner = CliRunner()
    ok = runner.invoke(main, ["validate", str(SHAPES_BASE)], catch_exceptions=False)
    assert ok.exit_code == 0 and ok.output.startswith("validation: conforms (0 violations")
    broken = tmp_path / "broken.ttl"
    broken.write_text(SHAPES_BASE.read_text() + "\n<https://w3id.org/defectorkg/person/kim-dok-hong> "
                      '<http://schema.org/name> "Second" .\n')  # fmt: skip
    bad = runner.invoke(main, ["validate", str(broken)], catch_exceptions=False)
    assert bad.exit_code == 1
    assert (
        "line 7, 1997 entry 'Hwang Jang-yop': a person has exactly one display name" in bad.output
    )
    shapes_file = runner.invoke(
        main,
        [
            "validate",
            str(SHAPES_BASE),
            "--shapes",
            str(Path(__file__).parents[1] / "shapes" / "person.ttl"),
        ],
    )
    assert shapes_file.exit_code == 0


def test_validate_command_bad_input_is_one_line_exit_2(tmp_path):
    """A missing graph file or a shapes folder without shapes gives one stderr line and exit 2."""
    for args in (
        ["validate", str(tmp_path / "missing.ttl")],
        ["validate", str(SHAPES_BASE), "--shapes", str(tmp_path)],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "defectorkg", *args], capture_output=True, text=True, check=False
        )
        assert done.returncode == 2
        assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


def test_seed_graph_conforms_and_every_result_names_its_line(seed_graph, shapes):
    """The bundled article's graph has no violation, and every warning names a source line."""
    outcome = validate(seed_graph, shapes)
    assert outcome.conforms, outcome.text
    assert outcome.results, "the seed has uncited entries and references: warnings are expected"
    assert [r.headline() for r in outcome.results if r.line is None] == []
    assert {r.severity for r in outcome.results} == {"Warning"}


REPORT = URIRef("urn:defectorkg:validation:report")


def test_report_says_sh_conforms_as_shacl_does(hand_graph, shapes):
    """sh:conforms is true only without any result; warnings alone keep our verdict (exit 0) and the
    text report says both."""
    clean = validate(Graph().parse(Path(__file__).parent / "shapes" / "base.ttl"), shapes)
    assert clean.conforms and clean.report.value(REPORT, SH.conforms) == Literal(True)
    assert clean.text == "validation: conforms (0 violations, 0 warnings, 0 infos)\n"
    warned = validate(hand_graph, shapes)
    assert warned.conforms and warned.count("Warning") == 6
    assert warned.report.value(REPORT, SH.conforms) == Literal(False)
    assert warned.text.splitlines()[1] == (
        "  (conforms: no violations, so the exit code is 0; the SHACL report says sh:conforms false,"
        " as SHACL does whenever there are results)"
    )


def test_printed_prefixes_are_the_datas_own(tmp_path, hand_graph, shapes):
    """A Turtle file binding schema: to http://schema.org/ is printed with schema:, never schema1:;
    an N-Triples file (no prefixes) gets the project's."""
    for name in ("g.ttl", "g.nt"):
        path = tmp_path / name
        path.write_text(serialize_turtle(hand_graph) if name.endswith(".ttl") else hand_graph.serialize(format="nt"))
        done = CliRunner().invoke(main, ["validate", str(path)])
        assert done.exit_code == 0, done.output
        assert "path schema:citation" in done.output and "schema1" not in done.output, name
