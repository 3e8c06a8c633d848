"""output/ is the golden build: a fresh build of the bundled article must equal it byte for byte.

Updating is explicit (`make golden` or `pytest --update-golden`); the default is to fail, and
the Turtle comparison prints a readable graph diff first.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "output"


@pytest.fixture(scope="module")
def fresh_build(tmp_path_factory):
    """The bundled article built into a temporary folder, once for this module."""
    from defectorkg.pipeline import build

    out = tmp_path_factory.mktemp("build")
    result = build(None, out)
    return result, out


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def test_output_is_isomorphic_to_fresh_build(fresh_build, update_golden):
    """The committed output/defectors.ttl says exactly what a fresh build says (graph diff on failure)."""
    _, out = fresh_build
    if update_golden:
        for name in _files(out):
            (OUTPUT / name).write_bytes((out / name).read_bytes())
    fresh = Graph().parse(out / "defectors.ttl")
    committed = Graph().parse(OUTPUT / "defectors.ttl")
    if not isomorphic(fresh, committed):
        _, only_fresh, only_committed = graph_diff(to_isomorphic(fresh), to_isomorphic(committed))
        added = sorted(only_fresh.serialize(format="nt").splitlines())[:20]
        removed = sorted(only_committed.serialize(format="nt").splitlines())[:20]
        pytest.fail("output/ is stale; run `make golden`.\n+ " + "\n+ ".join(added) + "\n- " + "\n- ".join(removed))


def test_output_files_byte_identical(fresh_build):
    """Every file of a fresh build equals the committed one byte for byte, and no file is missing."""
    _, out = fresh_build
    assert _files(out) == _files(OUTPUT)
    differing = [n for n in _files(out) if (out / n).read_bytes() != (OUTPUT / n).read_bytes()]
    assert differing == [], f"stale in output/: {differing}; run `make golden`"


@pytest.mark.slow
def test_builds_identical_across_hash_seeds(tmp_path):
    """Two builds in processes with different PYTHONHASHSEED write byte-identical files."""
    outs = []
    for seed in ("1", "4242"):
        out = tmp_path / f"seed-{seed}"
        env = dict(os.environ, PYTHONHASHSEED=seed)
        done = subprocess.run(
            [sys.executable, "-m", "defectorkg", "build", "--out", str(out), "--quiet"],
            env=env, capture_output=True, text=True,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        outs.append(out)
    names = _files(outs[0])
    assert names == _files(outs[1]) and "defectors.ttl" in names
    assert [n for n in names if (outs[0] / n).read_bytes() != (outs[1] / n).read_bytes()] == []
