"""output/ is the golden build: a fresh build of the bundled article must equal it byte for byte.

Updating is explicit (`make golden` or `pytest --update-golden`); the default is to fail, and
the Turtle comparison prints a readable graph diff first.

The drawings' bytes depend on the renderer: matplotlib, networkx (the spring layout), numpy and
pillow. `make` installs the versions that drew output/ (.ci/golden-versions.txt), and with
those the drawings are compared byte for byte; any other version fails, except in the run of
the lowest allowed versions (DEFECTORKG_MIN_VERSIONS=1, `.ci/run`), which skips the byte check
and compares what does not depend on the renderer: pixel and canvas size, and the labels.
"""

from __future__ import annotations

import os
import re
import struct
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
    """Every file of a fresh build but the drawings equals the committed one byte for byte, and
    no file is missing."""
    _, out = fresh_build
    assert _files(out) == _files(OUTPUT)
    assert set(DRAWINGS) <= set(_files(out))
    differing = [
        n for n in _files(out)
        if n not in DRAWINGS and (out / n).read_bytes() != (OUTPUT / n).read_bytes()
    ]  # fmt: skip
    assert differing == [], f"stale in output/: {differing}; run `make golden`"


DRAWINGS = ("relationships.png", "relationships.svg", "timeline.png")
GOLDEN_VERSIONS = ROOT / ".ci" / "golden-versions.txt"
RENDERER = ("matplotlib", "networkx", "numpy", "pillow")  # what the drawings' bytes depend on


def renderer_differences() -> list[str]:
    """The renderer libraries installed in another version than the one that drew output/."""
    from importlib.metadata import version

    pins = {}
    for line in GOLDEN_VERSIONS.read_text(encoding="utf-8").splitlines():
        name, sep, pinned = line.partition("==")
        if sep and not line.startswith("#"):
            pins[name.strip().lower()] = pinned.strip()
    assert set(RENDERER) <= set(pins), f"{GOLDEN_VERSIONS.name} pins no {set(RENDERER) - set(pins)}"
    return [
        f"{name} {version(name)} (output/ was drawn with {pins[name]})"
        for name in RENDERER
        if version(name) != pins[name]
    ]


def test_drawings_byte_identical(fresh_build):
    """With the renderer versions that drew output/, each drawing equals the committed one byte
    for byte; any other version fails, except in the lowest-versions run."""
    differences = renderer_differences()
    if differences and os.environ.get("DEFECTORKG_MIN_VERSIONS") == "1":
        pytest.skip(
            "lowest-versions run: the drawings' bytes depend on the renderer, here "
            + ", ".join(differences) + "; test_drawings_match_in_size_and_labels compares them"
        )
    assert differences == [], (
        "the drawings can only be compared byte for byte with the versions that drew them; "
        f"installed: {', '.join(differences)}. `make` installs .ci/golden-versions.txt; after "
        "bumping a pin there, `make golden` redraws output/"
    )
    _, out = fresh_build
    differing = [n for n in DRAWINGS if (out / n).read_bytes() != (OUTPUT / n).read_bytes()]
    assert differing == [], f"stale in output/: {differing}; run `make golden`"


def _png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def _svg_canvas_and_labels(text: str) -> tuple[str, list[str]]:
    """An SVG's width and height, and the label texts matplotlib writes as comments."""
    canvas = re.search(r'<svg [^>]*(width="[^"]+" height="[^"]+")', text)
    assert canvas is not None
    return canvas[1], sorted(re.findall(r"<!-- (.*?) -->", text))


def test_drawings_match_in_size_and_labels(fresh_build):
    """In any environment each drawing has the committed pixel or canvas size and the committed
    labels: what the graph decides, not the renderer."""
    import matplotlib.image

    _, out = fresh_build
    for name in ("relationships.png", "timeline.png"):
        fresh, committed = (out / name).read_bytes(), (OUTPUT / name).read_bytes()
        assert _png_size(fresh) == _png_size(committed), name
        assert matplotlib.image.imread(out / name).shape[:2] == _png_size(committed)[::-1], name
    fresh_svg = _svg_canvas_and_labels((out / "relationships.svg").read_text(encoding="utf-8"))
    committed_svg = _svg_canvas_and_labels((OUTPUT / "relationships.svg").read_text(encoding="utf-8"))
    assert fresh_svg == committed_svg
    assert len(committed_svg[1]) > 20


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
