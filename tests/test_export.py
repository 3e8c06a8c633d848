"""Export: every format re-reads in rdflib and strict pyoxigraph, byte-identical across processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib import namespace as rns
from rdflib.compare import isomorphic

from defectorkg.rdf.export import (
    GRAPH_FILES,
    serialize_jsonld,
    serialize_ntriples,
    serialize_trig,
    serialize_turtle,
    write_graph_files,
)
from defectorkg.files import OutputSet
from defectorkg.rdf.quadset import QuadSet
from defectorkg.rdf.mapping import to_dataset, to_quads, union_graph
from defectorkg.resources import ontology_path
from defectorkg.rdf.validate import validate

TESTS = Path(__file__).resolve().parent
FORMATS = [
    (serialize_turtle, "turtle", ox.RdfFormat.TURTLE),
    (serialize_ntriples, "nt", ox.RdfFormat.N_TRIPLES),
    (serialize_jsonld, "json-ld", ox.RdfFormat.JSON_LD),
]


@pytest.fixture(scope="module")
def dataset(hand_records) -> Dataset:
    """The hand-made records as a dataset, once."""
    return to_dataset(hand_records)


@pytest.mark.parametrize(("writer", "fmt", "ox_format"), FORMATS, ids=[f[1] for f in FORMATS])
def test_graph_formats_reread_equal_in_rdflib_and_pyoxigraph(hand_graph, writer, fmt, ox_format):
    """Turtle, N-Triples and JSON-LD re-read isomorphic in rdflib and with the same triple count in pyoxigraph."""
    text = writer(hand_graph)
    reread = Graph().parse(data=text, format=fmt)
    assert isomorphic(reread, hand_graph)
    assert len(list(ox.parse(text.encode(), format=ox_format))) == len(hand_graph) == len(reread)


def test_trig_has_every_named_graph_and_rereads_equal(dataset):
    """TriG re-reads with the same quads in rdflib and pyoxigraph, each named graph isomorphic to the original."""
    text = serialize_trig(dataset)
    quads = list(ox.parse(text.encode(), format=ox.RdfFormat.TRIG))
    original = list(dataset.quads((None, None, None, None)))
    assert len(quads) == len(original) == 852
    reread = Dataset()
    reread.parse(data=text, format="trig")
    names = {g.identifier for g in dataset.graphs() if len(g)}
    assert {g.identifier for g in reread.graphs() if len(g)} == names
    assert len(names) == 6
    for name in names:
        assert isomorphic(reread.graph(name), dataset.graph(name)), name
    assert {q.graph_name.value for q in quads} == {str(n) for n in names}


def test_turtle_is_tidy(hand_graph):
    """Turtle declares only the prefixes it uses, sorted; subjects are sorted; types come first as 'a'."""
    text = serialize_turtle(hand_graph)
    header = [line for line in text.splitlines() if line.startswith("@prefix")]
    assert header == sorted(header)
    assert "@prefix schema: <http://schema.org/> ." in header
    assert not any(p in text for p in ("@prefix brick:", "@prefix csvw:", "https://schema.org/"))
    assert (
        "person:hwang-jang-yop a schema:Person, foaf:Agent, dkg:DefectingParty, dkg:Defector ;"
        in text
    )
    assert "<https://w3id.org/defectorkg/person/hwang-jang-yop/affiliation-1> a " in text
    blocks = [b.split(" ", 1)[0] for b in text.split("\n\n")[1:]]
    assert len(blocks) == len(set(hand_graph.subjects()))


def test_jsonld_reads_as_plain_json(hand_graph):
    """The @context names each property and class (schema:name -> "name") with type coercion, so a
    script reads person["name"], a date list or a place IRI as plain JSON values."""
    doc = json.loads(serialize_jsonld(hand_graph))
    context = doc["@context"]
    assert context["schema"] == "http://schema.org/"
    assert context["name"] == "schema:name" and context["Person"] == "schema:Person"
    assert context["citation"] == {"@id": "schema:citation", "@type": "@id"}
    assert context["start"] == {"@id": "oa:start", "@type": "xsd:nonNegativeInteger"}
    assert "work" not in context or context["work"].startswith("https://")  # a prefix keeps its name
    node = next(n for n in doc["@graph"] if n["@id"] == "person:hwang-jang-yop")
    assert node["name"] == "Hwang Jang-yop"
    assert node["arrivalDate"] == {"@value": "1997-04-20", "@type": "xsd:date"}  # precisions vary: no coercion
    assert node["@type"] == ["Person", "Agent", "DefectingParty", "Defector"]
    assert node["citation"] == ["source:ref-6", "source:ref-7"]
    group = next(n for n in doc["@graph"] if n["@id"] == "group:entry-2016-1")
    assert group["groupSize"] == 13


def test_jsonld_is_the_turtle_graph_in_rdflib_pyoxigraph_and_pyld(seed_records):
    """The JSON-LD of the bundled article expands to exactly the Turtle's triples: rdflib and pyoxigraph
    read it isomorphic, and pyld (the JSON-LD reference algorithms) gives the same N-Quads."""
    from pyld import jsonld

    quads = to_quads(seed_records)
    turtle, text = serialize_turtle(quads), serialize_jsonld(quads)
    assert isomorphic(Graph().parse(data=text, format="json-ld"), Graph().parse(data=turtle, format="turtle"))
    from_turtle = set(ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE))
    assert set(ox.parse(text.encode(), format=ox.RdfFormat.JSON_LD)) == from_turtle
    expanded = jsonld.to_rdf(json.loads(text), {"format": "application/n-quads"})
    assert set(ox.parse(expanded.encode(), format=ox.RdfFormat.N_QUADS)) == from_turtle
    assert len(from_turtle) == len(quads) == 3235


def test_literals_with_quotes_newlines_controls_and_hangul_round_trip():
    """Escaping keeps quotes, backslashes, newlines, tabs, control characters and Hangul exact in every format."""
    graph = Graph()
    subject, predicate = URIRef("https://example.org/s"), URIRef("https://example.org/p")
    values = ['He said "no"', "back\\slash", "two\nlines\r\n", "tab\there", "bell\x07", "황장엽",
              Literal("chat", lang="fr"), Literal("1997", datatype=rns.XSD.gYear), Literal("-05", datatype=rns.XSD.integer)]  # fmt: skip
    for value in values:
        graph.add((subject, predicate, value if isinstance(value, Literal) else Literal(value)))
    for writer, fmt, ox_format in FORMATS:
        text = writer(graph)
        assert isomorphic(Graph().parse(data=text, format=fmt), graph), fmt
        parsed = {
            (t.object.value, t.object.language) for t in ox.parse(text.encode(), format=ox_format)
        }
        assert {(str(v), getattr(v, "language", None)) for v in values} == parsed, fmt


def test_blank_nodes_of_foreign_graphs_are_written():
    """A graph with blank nodes (a file given to `validate`) is still written as valid Turtle and N-Triples."""
    graph = Graph()
    node = BNode("x-1")
    graph.add((URIRef("https://example.org/s"), URIRef("https://example.org/p"), node))
    graph.add((node, URIRef("https://example.org/q"), Literal(1)))
    for writer, fmt, ox_format in FORMATS[:2]:
        text = writer(graph)
        assert isomorphic(Graph().parse(data=text, format=fmt), graph)
        assert len(list(ox.parse(text.encode(), format=ox_format))) == 2


def test_write_graph_files_stages_every_file(hand_records, hand_graph, tmp_path):
    """write_graph_files stages the four formats, the ontology and the validation report; commit writes them."""
    outcome = validate(hand_graph)
    outputs = OutputSet(tmp_path)
    write_graph_files(outputs, to_quads(hand_records), outcome)
    written = outputs.commit()
    assert sorted(p.name for p in written) == sorted(GRAPH_FILES)
    assert (tmp_path / "ontology.ttl").read_bytes() == ontology_path().read_bytes()
    assert (tmp_path / "validation.txt").read_text() == outcome.text
    report = Graph().parse(tmp_path / "validation.ttl")
    assert len(report) == len(outcome.report)
    assert (tmp_path / "defectors.nt").read_text() == serialize_ntriples(hand_graph)


def test_failed_export_leaves_previous_output_intact(hand_records, hand_graph, tmp_path):
    """When a writer fails midway, discarding the staged files keeps the previous output and leaves no temp file."""
    (tmp_path / "defectors.ttl").write_text("previous\n")

    class BrokenQuads(QuadSet):
        def graphs(self):  # type: ignore[no-untyped-def]
            raise RuntimeError("disk full")

    quads = to_quads(hand_records)
    outputs = OutputSet(tmp_path)
    with pytest.raises(RuntimeError):
        write_graph_files(outputs, BrokenQuads(quads.quads, quads.namespaces), validate(hand_graph))
    outputs.discard()
    assert [p.name for p in tmp_path.iterdir()] == ["defectors.ttl"]
    assert (tmp_path / "defectors.ttl").read_text() == "previous\n"


_WRITE_ALL = """
import sys
sys.path.insert(0, {tests!r})
from pathlib import Path
from fixtures.records.hand import hand_records
from defectorkg.rdf.mapping import to_quads
from defectorkg.rdf.validate import validate
from defectorkg.rdf.export import write_graph_files
from defectorkg.files import OutputSet
quads = to_quads(hand_records())
outputs = OutputSet(Path(sys.argv[1]))
write_graph_files(outputs, quads, validate(quads))
outputs.commit()
"""


@pytest.mark.slow
def test_outputs_byte_identical_across_hash_seeds(tmp_path):
    """Two processes with different PYTHONHASHSEED write byte-identical files."""
    script = _WRITE_ALL.format(tests=str(TESTS))
    folders = []
    for seed in ("0", "12345"):
        folder = tmp_path / seed
        env = dict(os.environ, PYTHONHASHSEED=seed)
        done = subprocess.run(
            [sys.executable, "-c", script, str(folder)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        folders.append(folder)
    for name in GRAPH_FILES:
        assert (folders[0] / name).read_bytes() == (folders[1] / name).read_bytes(), name


def test_union_graph_keeps_the_prefixes(dataset):
    """The plain graph of a dataset keeps its prefix bindings (schema: stays http)."""
    graph = union_graph(dataset)
    assert dict(graph.namespaces())["schema"] == URIRef("http://schema.org/")
    assert dict(graph.namespaces())["person"] == URIRef("https://w3id.org/defectorkg/person/")


def test_seed_outputs_parse_in_rdflib_and_pyoxigraph(seed_records, tmp_path):
    """Every output of the bundled article re-reads in strict pyoxigraph with rdflib's triple count."""
    quads = to_quads(seed_records)
    dataset, graph = quads.dataset, quads.graph
    outputs = OutputSet(tmp_path)
    write_graph_files(outputs, quads, validate(graph))
    outputs.commit()
    for name, fmt, ox_format in (("defectors.ttl", "turtle", ox.RdfFormat.TURTLE),
                                 ("defectors.nt", "nt", ox.RdfFormat.N_TRIPLES),
                                 ("defectors.jsonld", "json-ld", ox.RdfFormat.JSON_LD),
                                 ("validation.ttl", "turtle", ox.RdfFormat.TURTLE),
                                 ("ontology.ttl", "turtle", ox.RdfFormat.TURTLE)):  # fmt: skip
        reread = Graph().parse(tmp_path / name, format=fmt)
        assert len(list(ox.parse(path=str(tmp_path / name), format=ox_format))) == len(reread), name
    assert isomorphic(Graph().parse(tmp_path / "defectors.ttl"), graph)
    quads = list(ox.parse(path=str(tmp_path / "defectors.trig"), format=ox.RdfFormat.TRIG))
    assert len(quads) == sum(len(g) for g in dataset.graphs())
    assert len({q.graph_name.value for q in quads}) == len(seed_records.entries) + 1


def test_one_pass_export_equals_the_separate_writers(hand_records, tmp_path):
    """write_graph_files' single pass over the quads writes what each serializer writes from rdflib."""
    quads = to_quads(hand_records)
    dataset, graph = quads.dataset, quads.graph
    outputs = OutputSet(tmp_path)
    write_graph_files(outputs, quads, validate(graph))
    outputs.commit()
    assert (tmp_path / "defectors.ttl").read_text() == serialize_turtle(graph)
    assert (tmp_path / "defectors.nt").read_text() == serialize_ntriples(graph)
    assert (tmp_path / "defectors.jsonld").read_text() == serialize_jsonld(graph)
    assert (tmp_path / "defectors.trig").read_text() == serialize_trig(dataset)
