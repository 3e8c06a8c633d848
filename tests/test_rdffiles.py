"""One reader of RDF files (rdf/rdffiles.py): every format, one suffix table, one set of errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from defectorkg import views
from defectorkg.cli import main
from defectorkg.errors import GraphLoadError
from defectorkg.rdf import rdffiles, validate
from defectorkg.sparql import store

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "output"
SAMPLE = ROOT / "tests" / "fixtures" / "graphs" / "view-sample.ttl"


def test_every_output_format_reads_as_the_same_graph(tmp_path: Path) -> None:
    """Turtle, N-Triples, TriG (its union), JSON-LD, N-Quads and RDF/XML give the same 3,505 triples."""
    turtle = rdffiles.load_graph(OUTPUT / "defectors.ttl")
    assert len(turtle) == 3505
    Graph().parse(OUTPUT / "defectors.ttl").serialize(tmp_path / "defectors.rdf", format="xml")
    (tmp_path / "defectors.nq").write_bytes((OUTPUT / "defectors.nt").read_bytes())
    others = [OUTPUT / f"defectors.{s}" for s in ("nt", "trig", "jsonld")]
    for path in [*others, tmp_path / "defectors.rdf", tmp_path / "defectors.nq"]:
        graph = rdffiles.load_graph(path)
        assert len(graph) == 3505, path.name
        assert set(graph) == set(turtle), path.name
    assert len(rdffiles.rdflib_triples(OUTPUT / "defectors.trig")) == 3505


def test_validate_reads_trig_as_the_union_of_its_graphs() -> None:
    """`validate output/defectors.trig` prints exactly what `validate output/defectors.ttl` prints."""
    runner = CliRunner()
    turtle = runner.invoke(main, ["validate", str(OUTPUT / "defectors.ttl")])
    trig = runner.invoke(main, ["validate", str(OUTPUT / "defectors.trig")])
    assert turtle.exit_code == trig.exit_code == 0
    assert trig.output.startswith("validation: conforms (0 violations, 18 warnings, 0 infos)")
    assert trig.output == turtle.output


@pytest.mark.parametrize(
    "text", ["", "# nothing but a comment\n@prefix schema: <http://schema.org/> .\n"]
)
def test_a_file_without_triples_is_refused(tmp_path: Path, text: str) -> None:
    """An empty (or comment-only) file is a GraphLoadError for every reader, never an empty graph."""
    empty = tmp_path / "empty.ttl"
    empty.write_text(text, encoding="utf-8")
    readers = (rdffiles.load_graph, validate.load_graph, views.load_graph, store.read_rdf_file,
               store.read_triples, rdffiles.rdflib_triples)  # fmt: skip
    for read in readers:
        with pytest.raises(GraphLoadError, match=r"empty\.ttl: holds no RDF triples$"):
            read(empty)


@pytest.mark.parametrize(
    "command",
    [["validate"], ["stats", "--graph"], ["draw", "--graph"], ["query", "routes", "--graph"]],
)
def test_commands_refuse_an_empty_file_with_exit_2(tmp_path: Path, command: list[str]) -> None:
    """Every command that reads an RDF file exits 2 with one line on stderr for an empty file."""
    empty = tmp_path / "empty.ttl"
    empty.write_bytes(b"")
    done = subprocess.run([sys.executable, "-m", "defectorkg", *command, str(empty)],
                          capture_output=True, text=True, check=False, cwd=tmp_path)  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.splitlines() == [f"defectorkg: error: {empty}: holds no RDF triples"]
    assert list(tmp_path.iterdir()) == [empty]


def test_every_reader_words_an_error_the_same_way(tmp_path: Path) -> None:
    """A broken file, an unknown suffix and a missing file read the same in validate, the views and the store."""
    broken = tmp_path / "broken.ttl"
    broken.write_text('<http://a> <http://b> "unterminated .\n', encoding="utf-8")
    latin = tmp_path / "latin.nt"
    latin.write_bytes(b'<http://a> <http://b> "caf\xe9" .\n')
    readers = (validate.load_graph, views.load_graph, store.read_rdf_file, store.read_triples)
    for path, expected in (
        (
            broken,
            rf"^{broken}: not valid Turtle: Parser error between line 1 column 23 and line 2 column 1",
        ),
        (latin, rf"^{latin}: not UTF-8 text \("),
        (
            tmp_path / "data.csv",
            r"data\.csv: unknown RDF file type '\.csv' \(known: \.json, \.jsonld, \.nq, \.nt, ",
        ),
        (tmp_path / "missing.trig", r"missing\.trig: no such file$"),
        (tmp_path, r": is a directory, not an RDF file$"),
    ):
        messages = set()
        for read in readers:
            with pytest.raises(GraphLoadError, match=expected) as caught:
                read(path)
            messages.add(str(caught.value))
        assert len(messages) == 1 and "\n" not in messages.pop()


def test_the_views_read_a_file_through_the_same_reader() -> None:
    """The view of the sample read from a file equals the view of the same graph parsed by rdflib."""
    by_rdflib = views.view(Graph().parse(SAMPLE), "full")
    by_reader = views.view(views.load_graph(SAMPLE), "full")
    assert list(by_reader.nodes(data=True)) == list(by_rdflib.nodes(data=True))
    assert list(by_reader.edges(keys=True, data=True)) == list(
        by_rdflib.edges(keys=True, data=True)
    )
