"""Drawings of the views and the timeline: readable (no overlapping labels), sized, deterministic."""

from __future__ import annotations

import itertools
import os
import re
import struct
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Graph

from defectorkg import views as drawing
from defectorkg import views as gv
from defectorkg.cli import main
from defectorkg.errors import OutputError
from defectorkg.files import OutputSet

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "fixtures" / "graphs" / "view-sample.ttl"
TITLE = "List of North Korean defectors in South Korea"
VIEW_FILES = (
    "relationships.graphml", "relationships.gexf", "relationships.json", "relationships.png",
    "relationships.svg", "timeline.png",
)  # fmt: skip


@pytest.fixture(scope="module")
def sample() -> Graph:
    """The hand-written slice of the seed graph."""
    return Graph().parse(SAMPLE)


def overlapping(boxes: dict[str, drawing.Box]) -> list[tuple[str, str]]:
    """Every pair of boxes that share area."""
    return [
        (a, b)
        for (a, (ax0, ay0, ax1, ay1)), (b, (bx0, by0, bx1, by1)) in itertools.combinations(sorted(boxes.items()), 2)
        if ax0 < bx1 and bx0 < ax1 and ay0 < by1 and by0 < ay1
    ]


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def inside(box: drawing.Box, size: tuple[float, float]) -> bool:
    """True when ``box`` lies within a plot area of ``size``."""
    return box[0] >= -0.5 and box[1] >= -0.5 and box[2] <= size[0] + 0.5 and box[3] <= size[1] + 0.5


def labelled_pairs(view: nx.MultiDiGraph) -> set[str]:
    """The edge-label keys the drawing should show: pairs joined by kinship or association,
    or (in a small drawing) by anything but "same event"."""
    pairs = {(min(u, v), max(u, v)) for u, v in view.edges()}
    small = len(pairs) <= drawing.SMALL_DRAWING_PAIRS
    return {
        f"edge:{min(u, v)}|{max(u, v)}"
        for u, v, d in view.edges(data=True)
        if d["category"] in ("kin", "associate") or (small and d["category"] != "same event")
    }


def assert_readable(view: nx.MultiDiGraph, drawn: drawing.DrawnView) -> None:
    """Every node and kinship/association edge is labelled, in the plot, with no two labels overlapping."""
    assert overlapping(drawn.label_boxes) == []
    node_labels = {k for k in drawn.label_boxes if k in view}
    assert node_labels == set(view.nodes)
    assert {k for k in drawn.label_boxes if k.startswith("edge:")} == labelled_pairs(view)
    assert drawn.dropped_edge_labels == ()
    assert all(inside(box, drawn.size_px) for box in drawn.label_boxes.values())


# ---------------------------------------------------------------------------------------
# The people view drawing
# ---------------------------------------------------------------------------------------


def test_sample_people_view_labels_do_not_overlap(sample: Graph, tmp_path: Path) -> None:
    """On the sample, every label is drawn inside the plot and no two label boxes overlap."""
    people = gv.view(sample, "people")
    drawn = drawing.draw_view(people, tmp_path / "people.png", title="t", caption="c")
    assert_readable(people, drawn)
    assert drawn.shown_nodes == drawn.total_nodes == 10
    assert "header:unlinked" in drawn.label_boxes  # No Kum-sok, the group and Oh are unlinked


def test_seed_people_view_labels_do_not_overlap(seed_graph: Graph, tmp_path: Path) -> None:
    """On the seed graph at the default size, no two label boxes overlap and every label is drawn."""
    people = gv.view(seed_graph, "people")
    drawn = drawing.draw_view(people, tmp_path / "people.png", title="t", caption="c")
    assert drawn.size_px == (1328.0, 870.0)  # the default 16 x 10 in figure, unscaled
    assert_readable(people, drawn)


def test_sample_full_and_sources_views_labels_do_not_overlap(sample: Graph, tmp_path: Path) -> None:
    """The bigger views are drawn without overlapping labels too (edge labels may be left out)."""
    for name in ("full", "sources"):
        view = gv.view(sample, name)
        drawn = drawing.draw_view(view, tmp_path / f"{name}.png", title="t", caption="c")
        assert overlapping(drawn.label_boxes) == []
        assert {k for k in drawn.label_boxes if k in view} == set(view.nodes)


def test_png_and_svg_have_the_expected_size(sample: Graph, tmp_path: Path) -> None:
    """The PNG is 1600 x 1000 pixels and the SVG 1152 x 720 points, both non-empty."""
    people = gv.view(sample, "people")
    drawing.draw_view(people, tmp_path / "p.png", title="t", caption="c")
    drawing.draw_view(people, tmp_path / "p.svg", title="t", caption="c")
    assert png_size(tmp_path / "p.png") == (1600, 1000)
    assert (tmp_path / "p.png").stat().st_size > 20_000
    svg = (tmp_path / "p.svg").read_text(encoding="utf-8")
    assert re.search(r'<svg [^>]*width="1152pt" height="720pt"', svg)
    assert "<dc:date>" not in svg and "Matplotlib v" not in svg


def test_drawings_carry_no_date_or_version(sample: Graph, tmp_path: Path) -> None:
    """The PNG has no Software text chunk (a matplotlib version) that would change its bytes."""
    drawing.draw_view(gv.view(sample, "people"), tmp_path / "p.png", title="t", caption="c")
    assert b"Software" not in (tmp_path / "p.png").read_bytes()


def test_huge_view_draws_only_the_most_connected_nodes(tmp_path: Path) -> None:
    """A view of 400 nodes is drawn as its 120 most connected nodes, and the caption says so."""
    big = nx.MultiDiGraph(name="people")
    for i in range(400):
        big.add_node(f"n{i:03d}", label=f"Person {i}", kind="defector", iri=f"n{i:03d}")
    for i in range(1, 200):
        big.add_edge(f"n{i:03d}", f"n{(i * 7) % 200:03d}", relation="colleague of", category="associate")
    fig, drawn = drawing.render_view(big, title="t", caption="c")
    assert (drawn.shown_nodes, drawn.total_nodes) == (drawing.MAX_DRAWN_NODES, 400)
    texts = [t.get_text() for t in fig.texts]
    assert any("Showing the 120 most connected of 400 nodes." in t.replace("\n", " ") for t in texts)
    assert overlapping(drawn.label_boxes) == []


def test_unknown_drawing_suffix_is_an_output_error(sample: Graph, tmp_path: Path) -> None:
    """A drawing path that is not .png or .svg raises OutputError naming the file."""
    with pytest.raises(OutputError, match=r"people\.pdf: unknown output type '\.pdf'"):
        drawing.draw_file(sample, tmp_path / "people.pdf")
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------------------------------
# The timeline
# ---------------------------------------------------------------------------------------


def test_timeline_has_one_label_per_dated_defection_without_overlap(sample: Graph, tmp_path: Path) -> None:
    """Seven defections, seven labels in lanes, none overlapping, on a 1950–2020 axis."""
    drawn = drawing.draw_timeline(sample, tmp_path / "timeline.png", caption="c")
    assert sorted(drawn.label_boxes) == sorted(d.iri for d in gv.defections(sample))
    assert overlapping(drawn.label_boxes) == []
    assert (drawn.summary, drawn.undated) == (False, ())
    width, height = png_size(tmp_path / "timeline.png")
    assert width == 1600 and 440 <= height <= 700  # as tall as its lanes need
    assert drawn.size_px[0] == 1312.0
    assert all(inside(box, drawn.size_px) for box in drawn.label_boxes.values())


def test_seed_timeline_labels_every_defection_without_overlap(seed_graph: Graph, tmp_path: Path) -> None:
    """On the seed graph, every dated defector and group is labelled and no labels overlap."""
    drawn = drawing.draw_timeline(seed_graph, tmp_path / "timeline.png", caption="c")
    dated = [d for d in gv.defections(seed_graph) if d.date]
    assert len(drawn.label_boxes) == len(dated) >= 16
    assert overlapping(drawn.label_boxes) == []
    assert all(inside(box, drawn.size_px) for box in drawn.label_boxes.values())


def test_timeline_of_many_defections_shows_counts_per_year() -> None:
    """Above MAX_TIMELINE_MARKS defections the timeline is a stacked count per year, not names."""
    many = [
        gv.Defection(f"urn:p{i}", f"P{i}", "defector", f"{1990 + i % 30}", "arrival", "border crossing")
        for i in range(drawing.MAX_TIMELINE_MARKS + 1)
    ]
    fig, drawn = drawing.render_timeline(many, caption="c")
    assert drawn.summary and drawn.label_boxes == {}
    assert any("too many to name" in t.get_text().replace("\n", " ") for t in fig.texts)


def test_timeline_lists_undated_defections_in_the_caption() -> None:
    """A defection without a date is not dropped: the caption names it."""
    found = [
        gv.Defection("urn:a", "Dated Person", "defector", "2001", "arrival", "sea crossing"),
        gv.Defection("urn:b", "Undated Person", "defector", None, None, "unknown"),
    ]
    fig, drawn = drawing.render_timeline(found, caption="c")
    assert drawn.undated == ("Undated Person",)
    assert any("Not on the axis (no date in the graph): Undated Person." in t.get_text().replace("\n", " ")
               for t in fig.texts)  # fmt: skip


# ---------------------------------------------------------------------------------------
# Build output and determinism
# ---------------------------------------------------------------------------------------


def test_write_view_files_stages_every_view_file(sample: Graph, tmp_path: Path) -> None:
    """write_view_files stages the six view files; nothing appears before commit."""
    outputs = OutputSet(tmp_path)
    gv.write_view_files(outputs, sample, article_title=TITLE)
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == []
    written = outputs.commit()
    assert sorted(p.name for p in written) == sorted(VIEW_FILES)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(VIEW_FILES)
    full = nx.read_graphml(tmp_path / "relationships.graphml", force_multigraph=True)
    assert full.number_of_nodes() == 41


_BUILD_VIEWS = """
import sys
from pathlib import Path
from rdflib import Graph
from defectorkg.files import OutputSet
from defectorkg.views import write_view_files
outputs = OutputSet(Path(sys.argv[2]))
write_view_files(outputs, Graph().parse(sys.argv[1]), article_title=sys.argv[3])
outputs.commit()
"""


def test_view_files_are_byte_identical_across_processes(tmp_path: Path) -> None:
    """Two processes with different PYTHONHASHSEED write byte-identical view files."""
    for seed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", _BUILD_VIEWS, str(SAMPLE), str(tmp_path / seed), TITLE],
                       check=True, env=env)  # fmt: skip
    for name in VIEW_FILES:
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "4242" / name).read_bytes(), name


# ---------------------------------------------------------------------------------------
# The `draw` command
# ---------------------------------------------------------------------------------------


def test_draw_command_focus_writes_the_neighbourhood(tmp_path: Path) -> None:
    """`draw --focus "Hwang Jang-yop" --depth 2` draws the five people within two steps of him."""
    out = tmp_path / "hwang.svg"
    result = CliRunner().invoke(
        main, ["draw", "--graph", str(SAMPLE), "--focus", "Hwang Jang-yop", "--depth", "2", "--out", str(out)],
        catch_exceptions=False,
    )
    assert result.exit_code == 0
    assert result.output == f"wrote {out}: 5 nodes, 5 edges\n"
    assert out.read_text(encoding="utf-8").startswith("<?xml")


def test_draw_command_writes_graphml_of_a_view(tmp_path: Path) -> None:
    """`draw --view sources --out FILE.graphml` writes the sources view as GraphML."""
    out = tmp_path / "sources.graphml"
    result = CliRunner().invoke(main, ["draw", "--graph", str(SAMPLE), "--view", "sources", "--out", str(out)],
                                catch_exceptions=False)  # fmt: skip
    assert result.exit_code == 0
    assert nx.read_graphml(out, force_multigraph=True).number_of_nodes() == 26


def test_draw_command_unknown_name_exits_2_with_closest_matches(tmp_path: Path) -> None:
    """An unknown --focus name is one line naming the closest matches, exit 2, and no file."""
    out = tmp_path / "x.png"
    result = CliRunner().invoke(main, ["draw", "--graph", str(SAMPLE), "--focus", "Hwang Jangyap", "--out", str(out)],
                                catch_exceptions=False)  # fmt: skip
    assert result.exit_code == 2
    assert result.output == (
        "defectorkg: error: 'Hwang Jangyap': no such name in the people view; closest matches: 'Hwang Jang-yop'\n"
    )
    assert not out.exists()


def test_readme_documents_draw_and_stats_options() -> None:
    """Every option of `draw` and `stats` and both drawings of output/ appear in the README."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    options = [
        opt
        for name in ("draw", "stats")
        for param in main.commands[name].params  # type: ignore[attr-defined]
        for opt in param.opts
        if opt.startswith("--")
    ]
    assert len(options) == 7
    assert [opt for opt in options if opt not in readme] == []
    assert "](output/relationships.png)" in readme and "](output/timeline.png)" in readme
