"""The build as a whole: stage progress, the hand-off to the view stage, byte-stable output."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib.compare import isomorphic

from defectorkg.cli import main
from defectorkg.pipeline import STAGES, build

ROOT = Path(__file__).resolve().parents[1]


def test_progress_is_told_each_stage_in_order(tmp_path):
    """build(progress=…) hears every stage as it starts; the files hold no trace of it."""
    heard: list[str] = []
    result = build(None, tmp_path, draw=False, progress=heard.append)
    assert tuple(heard) == STAGES[:-1]
    assert result.written and all("build:" not in p.read_text(errors="replace")[:200] for p in result.written)


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path):
    """Piped (as under CliRunner), `build` writes no bar to stderr; stdout has the summary only."""
    done = CliRunner().invoke(main, ["build", "--out", str(tmp_path), "--no-draw"])
    assert done.exit_code == 0, done.output
    assert "build:" not in done.stderr and "[###" not in done.output
    assert "graph: 3236 triples" in done.output


def test_graph_and_dataset_views_of_the_quads(tmp_path):
    """BuildResult.graph and .dataset are rdflib views of the same quads (built on demand)."""
    result = build(None, None)
    assert len(result.graph) == len(result.quads) == 3236
    union = sum(len(g) for g in result.dataset.graphs())
    assert union >= len(result.graph) and len(list(result.dataset.graphs())) == 16 + 1  # + default
    assert isomorphic(result.graph, result.quads.graph)


def _build_in_process(article: str | None, out: Path, seed: str) -> None:
    command = [sys.executable, "-m", "defectorkg", "build", "--out", str(out), "--quiet"]
    if article is not None:
        command.insert(4, article)
    done = subprocess.run(
        command, env=dict(os.environ, PYTHONHASHSEED=seed), capture_output=True, text=True
    )
    assert done.returncode in (0, 1), done.stderr


def _same_files(first: Path, second: Path) -> None:
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir()) and "defectors.trig" in names
    assert [n for n in names if (first / n).read_bytes() != (second / n).read_bytes()] == []


@pytest.mark.slow
def test_bundled_article_byte_identical_across_hash_seeds(tmp_path):
    """The bundled article built under PYTHONHASHSEED 0 and 977: every file the same bytes."""
    for seed in ("0", "977"):
        _build_in_process(None, tmp_path / seed, seed)
    _same_files(tmp_path / "0", tmp_path / "977")


@pytest.mark.slow
def test_thousand_entries_byte_identical_across_hash_seeds(tmp_path):
    """1,000 synthetic entries built under two PYTHONHASHSEED values: every file the same bytes."""
    article = str(_synthetic(tmp_path, 1000))
    for seed in ("1", "31093"):
        _build_in_process(article, tmp_path / seed, seed)
    _same_files(tmp_path / "1", tmp_path / "31093")


def _synthetic(folder: Path, entries: int) -> Path:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synthetic import write_article

    return write_article(folder / "synthetic.txt", entries)


def test_validation_apart_writes_the_same_files(tmp_path):
    """Validation and the JSON-LD/TriG writer in forked processes give the files of one process."""
    article = _synthetic(tmp_path, 200)
    here = build(article, tmp_path / "here", draw=False, validate_apart=False)
    apart = build(article, tmp_path / "apart", draw=False, validate_apart=True, timings=True)
    assert "validate-wait" in dict(apart.timings)
    assert here.outcome.results == apart.outcome.results
    _same_files(tmp_path / "here", tmp_path / "apart")


def test_an_error_in_the_validation_process_reaches_the_caller(tmp_path):
    """Unusable shapes fail the build from the child as they do in-process; nothing is left behind."""
    from defectorkg.errors import ShapesLoadError

    empty = tmp_path / "shapes"
    empty.mkdir()
    out = tmp_path / "out"
    with pytest.raises(ShapesLoadError, match="no .ttl shape files"):
        build(_synthetic(tmp_path, 20), out, draw=False, shapes=empty, validate_apart=True)
    assert not out.exists() or list(out.iterdir()) == []


def test_a_failing_writer_process_fails_the_build_and_leaves_nothing(tmp_path, monkeypatch):
    """When the forked JSON-LD/TriG writer fails, the build raises OutputError and stages nothing."""
    from defectorkg.errors import OutputError
    from defectorkg.rdf import export

    def broken(quads, terms):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")
        yield ""

    monkeypatch.setitem(export._WRITERS, "defectors.trig", broken)
    out = tmp_path / "out"
    with pytest.raises(OutputError, match="the writing process failed"):
        build(_synthetic(tmp_path, 20), out, draw=False, validate_apart=True)
    assert not out.exists() or list(out.iterdir()) == []
