"""Drawings of the relationship view and of the defection timeline (matplotlib, Agg canvas).

Readable: node colour and shape by kind with a legend, labels that never overlap (label
extents are measured in display space and overlapping boxes are pushed apart until none
overlap), edge labels on kinship and association edges, a title and a caption naming the
source article. Deterministic: a fixed layout seed, sorted input, no dates or versions in
the files (``svg.hashsalt`` fixed, SVG ``Date``/``Creator`` and PNG ``Software`` removed),
so the bytes are the same in every run on a machine.

Huge views fall back to a summary instead of hanging: the view drawing shows only the
``MAX_DRAWN_NODES`` most connected nodes, and the timeline shows counts per year by route
kind when there are more than ``MAX_TIMELINE_MARKS`` defections. Both captions say so.
"""

from __future__ import annotations

import math
import textwrap
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import matplotlib
import networkx as nx
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch
from matplotlib.text import Text
from rdflib import Graph

from ..errors import OutputError
from ..files import OutputSet
from .graphview import (
    NODE_KINDS,
    WRITERS,
    Defection,
    ViewName,
    article_title,
    defections,
    neighbourhood,
    view,
)

DPI = 100
VIEW_SIZE = (16.0, 10.0)  # inches: 1600 x 1000 px at DPI
TIMELINE_SIZE = (16.0, 7.0)
LAYOUT_SEED = 7
MAX_DRAWN_NODES = 120
MAX_TIMELINE_MARKS = 150
MAX_TIMELINE_HEIGHT = 14.0  # inches of lanes at most; more and the timeline shows counts per year
LABEL_FONT_SIZE = 9.0
EDGE_FONT_SIZE = 8.0
MARGIN_PX = 3.0  # kept free around every label box
MAX_SPREAD = 3.0  # how far a component's cell may grow beyond what its labels need
MAX_STRETCH = 1.6  # how much wider than tall a row of components may be stretched

_RC: dict[str, Any] = {
    "svg.hashsalt": "defectorkg",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "axes.unicode_minus": False,
}
_PNG_METADATA: dict[str, str | None] = {"Software": None}
_SVG_METADATA: dict[str, str | None] = {"Date": None, "Creator": None}

# Okabe-Ito colours (distinguishable with colour-blindness); shapes differ too.
KIND_STYLES: dict[str, tuple[str, str, float]] = {  # kind -> (colour, marker, radius px)
    "defector": ("#D55E00", "o", 8.0),
    "group": ("#E69F00", "h", 11.0),
    "relative": ("#0072B2", "s", 7.0),
    "person": ("#999999", "D", 6.5),
    "organization": ("#CC79A7", "^", 7.5),
    "place": ("#009E73", "p", 7.5),
    "event": ("#56B4E9", "d", 6.0),
    "work": ("#F0E442", "P", 7.5),
    "source": ("#444444", "s", 6.0),
    "author": ("#A6761D", "v", 6.5),
    "publisher": ("#666666", ">", 6.5),
}
_EDGE_STYLES: dict[str, tuple[str, str, float, str]] = {  # category -> (colour, style, width, legend)
    "kin": ("#0072B2", "-", 1.8, "kinship"),
    "associate": ("#D55E00", "-", 1.8, "association"),
    "same event": ("#777777", "--", 1.0, "took part in the same event"),
    "other": ("#BBBBBB", "-", 0.7, "other relation"),
}
_LABELLED_CATEGORIES = ("kin", "associate")
SMALL_DRAWING_PAIRS = 30  # a drawing with this many joined pairs or fewer labels every edge but "same event"
# A white box behind labels, so that lines passing under them do not cross the letters.
_TEXT_BACKGROUND = {"boxstyle": "square,pad=0.05", "fc": "white", "ec": "none", "alpha": 0.85}

ROUTE_STYLES: dict[str, tuple[str, str]] = {  # route kind (contract label) -> (colour, legend)
    "flight": ("#0072B2", "flight"),
    "JSA crossing": ("#D55E00", "JSA"),
    "DMZ crossing": ("#E69F00", "DMZ"),
    "embassy asylum": ("#CC79A7", "embassy"),
    "third-country transit": ("#009E73", "third country"),
    "sea crossing": ("#56B4E9", "sea"),
    "border crossing": ("#8C510A", "border"),
    "unknown": ("#999999", "route not stated"),
}

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in pixels of the plot area


@dataclass
class DrawnView:
    """What a drawing shows and where: positions and label boxes in plot-area pixels."""

    positions: dict[str, tuple[float, float]]
    label_boxes: dict[str, Box]  # node labels by node id; edge labels as "edge:<u>|<v>"
    shown_nodes: int
    total_nodes: int
    size_px: tuple[float, float]  # of the plot area
    dropped_edge_labels: tuple[str, ...] = ()


@contextmanager
def _deterministic_rc() -> Iterator[None]:
    """matplotlib settings that make SVG bytes reproducible."""
    with matplotlib.rc_context(_RC):  # type: ignore[arg-type]  # rc keys are Literal types
        yield


def _save(fig: Figure, path: Path) -> None:
    """Save ``fig`` as PNG or SVG (by ``path``'s suffix), without dates or versions."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg"):
        raise OutputError(f"{path}: a drawing must end in .png or .svg")
    metadata = _PNG_METADATA if fmt == "png" else _SVG_METADATA
    with _deterministic_rc():
        try:
            fig.savefig(path, format=fmt, dpi=DPI, metadata=metadata)
        except OSError as exc:
            raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None


# ---------------------------------------------------------------------------------------
# Overlap removal in display space
# ---------------------------------------------------------------------------------------


@dataclass
class _Boxes:
    """Axis-aligned boxes by centre and half size; some fixed, all kept inside bounds."""

    cx: np.ndarray
    cy: np.ndarray
    hw: np.ndarray
    hh: np.ndarray
    movable: np.ndarray
    bounds: np.ndarray  # (n, 4): x0, y0, x1, y1 each box must stay inside

    def clamp(self) -> None:
        """Keep every box inside its bounds."""
        lo_x, hi_x = self.bounds[:, 0] + self.hw, self.bounds[:, 2] - self.hw
        lo_y, hi_y = self.bounds[:, 1] + self.hh, self.bounds[:, 3] - self.hh
        self.cx = np.where(self.movable, np.clip(self.cx, lo_x, np.maximum(lo_x, hi_x)), self.cx)
        self.cy = np.where(self.movable, np.clip(self.cy, lo_y, np.maximum(lo_y, hi_y)), self.cy)

    def overlaps(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Pairwise overlap depths and centre offsets, and the mask of overlapping pairs."""
        dx = self.cx[:, None] - self.cx[None, :]
        dy = self.cy[:, None] - self.cy[None, :]
        ox = self.hw[:, None] + self.hw[None, :] - np.abs(dx)
        oy = self.hh[:, None] + self.hh[None, :] - np.abs(dy)
        hit = (ox > 0) & (oy > 0)
        np.fill_diagonal(hit, False)
        return dx, dy, ox, oy, hit


def _separate(boxes: _Boxes, max_rounds: int = 2000) -> bool:
    """Push overlapping boxes apart along the axis of least overlap; True when none overlap."""
    n = len(boxes.cx)
    order = np.arange(n)
    tie = np.where(order[:, None] < order[None, :], -1.0, 1.0)  # deterministic when centres meet
    mov = boxes.movable.astype(float)
    share = np.divide(mov[:, None], mov[:, None] + mov[None, :],
                      out=np.zeros((n, n)), where=(mov[:, None] + mov[None, :]) > 0)  # fmt: skip
    boxes.clamp()
    for round_number in range(max_rounds):
        dx, dy, ox, oy, hit = boxes.overlaps()
        if not hit.any():
            return True
        along_x = hit & (ox <= oy)
        along_y = hit & (ox > oy)
        sx = np.where(dx == 0, tie, np.sign(dx))
        sy = np.where(dy == 0, tie, np.sign(dy))
        step = 0.55 if round_number < max_rounds // 2 else 0.8
        boxes.cx = boxes.cx + step * (np.where(along_x, ox + 0.5, 0) * sx * share).sum(axis=1)
        boxes.cy = boxes.cy + step * (np.where(along_y, oy + 0.5, 0) * sy * share).sum(axis=1)
        boxes.clamp()
    return not boxes.overlaps()[4].any()


# ---------------------------------------------------------------------------------------
# The view drawing
# ---------------------------------------------------------------------------------------


def _display_text(data: dict[str, object]) -> str:
    """The label drawn under a node: its name in at most two lines, then the arrival year."""
    lines = textwrap.wrap(str(data.get("label", "")), 24) or [""]
    if len(lines) > 2:
        lines = [lines[0], lines[1].rstrip(" ,;") + "…"]
    year = str(data.get("arrived", ""))[:4]
    if year:
        lines.append(f"arrived {year}")
    return "\n".join(lines)


def _select_nodes(view_graph: nx.MultiDiGraph, limit: int) -> list[str]:
    """All nodes, or the ``limit`` with the most distinct neighbours (then by label)."""
    nodes = list(view_graph.nodes)
    if len(nodes) <= limit:
        return nodes
    simple = nx.Graph(nx.to_undirected(view_graph))
    ranked = sorted(nodes, key=lambda n: (-simple.degree(n), str(view_graph.nodes[n]["label"]), n))
    return sorted(ranked[:limit])


@dataclass
class _Frame:
    """The figure and its plot area, with a renderer to measure text."""

    fig: Figure
    ax: object
    renderer: object
    width: float  # plot area in pixels
    height: float
    origin: tuple[float, float]  # plot area's lower-left corner in figure pixels


def _frame(size: tuple[float, float], rect: tuple[float, float, float, float]) -> _Frame:
    """A figure whose axes use pixel units (one data unit = one pixel)."""
    fig = Figure(figsize=size, dpi=DPI)
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_axes(rect)
    width, height = size[0] * DPI * rect[2], size[1] * DPI * rect[3]
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.set_axis_off()
    origin = (size[0] * DPI * rect[0], size[1] * DPI * rect[1])
    renderer = canvas.get_renderer()  # type: ignore[no-untyped-call]  # untyped in matplotlib
    return _Frame(fig, ax, renderer, width, height, origin)


def _measure(frame: _Frame, text: Text) -> tuple[float, float]:
    """Width and height of ``text`` in pixels."""
    extent = text.get_window_extent(frame.renderer)  # type: ignore[arg-type]
    return float(extent.width), float(extent.height)


@dataclass
class _Footprints:
    """Each node's marker and label: sizes, and the box they take together."""

    nodes: list[str]
    radius: dict[str, float]
    label_size: dict[str, tuple[float, float]]
    texts: dict[str, Text] = field(default_factory=dict)

    def half(self, node: str) -> tuple[float, float]:
        """Half width and half height of the node's footprint (marker above its label)."""
        w, h = self.label_size[node]
        r = self.radius[node]
        return max(w / 2, r) + MARGIN_PX, (2 * r + 2 + h) / 2 + MARGIN_PX

    def centre_offset(self, node: str) -> float:
        """How far below the node's position its footprint centre lies."""
        _, h = self.label_size[node]
        return (2 + h) / 2


def _component_layouts(simple: nx.Graph) -> tuple[list[dict[str, np.ndarray]], list[str]]:
    """Spring layouts (fixed seed) of each component of two or more nodes; the singletons."""
    components = sorted(
        (sorted(c) for c in nx.connected_components(simple) if len(c) > 1),
        key=lambda c: (-len(c), c[0]),
    )
    layouts = []
    for comp in components:
        sub = nx.Graph()
        sub.add_nodes_from(comp)
        sub.add_edges_from(sorted(tuple(sorted(e)) for e in simple.subgraph(comp).edges()))
        k = 1.6 / math.sqrt(len(comp))
        layouts.append(nx.spring_layout(sub, seed=LAYOUT_SEED, k=k, iterations=300))
    singles = sorted(n for n in simple.nodes if simple.degree(n) == 0)
    return layouts, singles


def _normalised(layout: dict[str, np.ndarray]) -> dict[str, tuple[float, float]]:
    """Positions scaled into [0, 1] on each axis (0.5 where an axis has no spread)."""
    xs = np.array([p[0] for p in layout.values()])
    ys = np.array([p[1] for p in layout.values()])

    def scale(v: float, lo: float, hi: float) -> float:
        return 0.5 if hi - lo < 1e-9 else (v - lo) / (hi - lo)

    return {
        n: (scale(float(p[0]), xs.min(), xs.max()), scale(float(p[1]), ys.min(), ys.max()))
        for n, p in layout.items()
    }


def _place_components(
    layouts: list[dict[str, np.ndarray]], feet: _Footprints, area: Box
) -> dict[str, tuple[float, float]]:
    """Shelf-pack components into ``area``, each in a cell sized by its footprints."""
    cells = []
    for layout in layouts:
        halves = [feet.half(n) for n in layout]
        need = sum(4 * hw * hh for hw, hh in halves) * 3.2
        min_w = 2 * max(hw for hw, _ in halves)
        min_h = 2 * max(hh for _, hh in halves)
        cells.append((max(math.sqrt(need * 1.6), min_w * 1.5), max(math.sqrt(need / 1.6), min_h * 1.5)))
    x0, y0, x1, y1 = area
    rows: list[list[int]] = [[]]
    row_width = 0.0
    for i, (w, _) in enumerate(cells):
        if rows[-1] and row_width + w > x1 - x0:
            rows.append([])
            row_width = 0.0
        rows[-1].append(i)
        row_width += w
    widths = [sum(cells[i][0] for i in row) for row in rows]
    heights = [max(cells[i][1] for i in row) for row in rows if row]
    sx = (x1 - x0) / max(widths) if widths and max(widths) > 0 else 1.0
    sy = (y1 - y0) / sum(heights) if heights and sum(heights) > 0 else 1.0
    sx = sy = min(sx, sy, MAX_SPREAD)  # keep shapes; do not stretch a small graph over the page
    if heights:  # then use spare height, within limits
        sy *= min(MAX_STRETCH, (y1 - y0) / (sum(heights) * sy))
    positions: dict[str, tuple[float, float]] = {}
    top = y1 - ((y1 - y0) - sum(heights) * sy) / 2
    for row, row_h in zip(rows, heights, strict=False):
        row_w = sum(cells[i][0] for i in row) * sx
        stretch = min(MAX_STRETCH, (x1 - x0) / row_w) if row_w > 0 else 1.0  # widen a short row
        left = x0 + ((x1 - x0) - row_w * stretch) / 2
        for i in row:
            w, h = cells[i][0] * sx * stretch, row_h * sy
            halves = [feet.half(n) for n in layouts[i]]
            pad_x = max(hw for hw, _ in halves)
            pad_y = max(hh for _, hh in halves)
            for node, (u, v) in _normalised(layouts[i]).items():
                px = left + pad_x + u * max(w - 2 * pad_x, 0)
                py = top - row_h * sy + pad_y + v * max(h - 2 * pad_y, 0)
                positions[node] = (px, py + feet.centre_offset(node))
            left += w
        top -= row_h * sy
    return positions


def _place_singles(
    singles: list[str], feet: _Footprints, area: Box
) -> tuple[dict[str, tuple[float, float]], float]:
    """A grid of unlinked nodes along the bottom of ``area``; returns positions and its height."""
    if not singles:
        return {}, 0.0
    x0, y0, x1, _ = area
    cell_w = max(2 * feet.half(n)[0] for n in singles) + 6
    cell_h = max(2 * feet.half(n)[1] for n in singles) + 4
    columns = max(1, int((x1 - x0) // cell_w))
    rows = math.ceil(len(singles) / columns)
    positions = {}
    for i, node in enumerate(singles):
        row, col = divmod(i, columns)
        cx = x0 + cell_w * (col + 0.5)
        cy = y0 + cell_h * (rows - row - 0.5)
        positions[node] = (cx, cy + feet.centre_offset(node))
    return positions, rows * cell_h


def _sorted_singles(view_graph: nx.MultiDiGraph, singles: list[str]) -> list[str]:
    """Unlinked nodes by arrival date (undated last), then label."""
    def key(n: str) -> tuple[bool, str, str]:
        data = view_graph.nodes[n]
        arrived = str(data.get("arrived", ""))
        return (not arrived, arrived, str(data.get("label", n)))

    return sorted(singles, key=key)


def _edge_groups(view_graph: nx.MultiDiGraph, shown: set[str]) -> dict[tuple[str, str], dict[str, list[tuple[str, str, str]]]]:
    """Edges between shown nodes, by unordered pair and category: (source, target, relation)."""
    groups: dict[tuple[str, str], dict[str, list[tuple[str, str, str]]]] = defaultdict(lambda: defaultdict(list))
    for u, v, data in view_graph.edges(data=True):
        if u in shown and v in shown and u != v:
            category = str(data.get("category", "other"))
            category = category if category in _EDGE_STYLES else "other"
            pair = (min(u, v), max(u, v))
            groups[pair][category].append((u, v, str(data.get("relation", ""))))
    return groups


def _edge_label(entries: list[tuple[str, str, str]]) -> str:
    """ "uncle of", or "aide of / superior of" when a pair has several relations."""
    relations = sorted({relation for _, _, relation in entries})
    return " / ".join(relations)


def _exit_fraction(start: tuple[float, float], end: tuple[float, float], half: tuple[float, float],
                   centre: tuple[float, float]) -> float:  # fmt: skip
    """How far along start->end the segment leaves the box (``centre``, ``half``) that holds start."""
    fractions = [1.0]
    for axis in (0, 1):
        step = end[axis] - start[axis]
        if step > 0:
            fractions.append((centre[axis] + half[axis] - start[axis]) / step)
        elif step < 0:
            fractions.append((centre[axis] - half[axis] - start[axis]) / step)
    return max(0.0, min(fractions))


def _edge_ends(
    u: str, v: str, positions: dict[str, tuple[float, float]], feet: _Footprints
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Where the line u->v leaves u's footprint and enters v's (marker and label), so that
    arrowheads end at the edge of the label box instead of under it."""
    a, b = positions[u], positions[v]
    centre_u = (a[0], a[1] - feet.centre_offset(u))
    centre_v = (b[0], b[1] - feet.centre_offset(v))
    ta = _exit_fraction(a, b, feet.half(u), centre_u)
    tb = _exit_fraction(b, a, feet.half(v), centre_v)
    if ta + tb >= 1.0:  # the footprints touch: keep the plain centres
        return a, b
    return ((a[0] + ta * (b[0] - a[0]), a[1] + ta * (b[1] - a[1])),
            (b[0] + tb * (a[0] - b[0]), b[1] + tb * (a[1] - b[1])))  # fmt: skip


def _draw_edges(
    frame: _Frame, groups: dict[tuple[str, str], dict[str, list[tuple[str, str, str]]]],
    positions: dict[str, tuple[float, float]], feet: _Footprints, labelled: tuple[str, ...],
) -> None:
    """Lines (arrows for labelled categories), one per pair and category, curved when several."""
    for pair in sorted(groups):
        categories = [c for c in _EDGE_STYLES if c in groups[pair]]
        for number, category in enumerate(categories):
            colour, style, width, _ = _EDGE_STYLES[category]
            u, v, _ = min(groups[pair][category])
            both_ways = {(a, b) for a, b, _ in groups[pair][category]} == {(u, v), (v, u)}
            arrow = ("<|-|>" if both_ways else "-|>") if category in labelled and category != "same event" else "-"
            start, end = _edge_ends(u, v, positions, feet)
            patch = FancyArrowPatch(
                start, end, arrowstyle=arrow, mutation_scale=11,
                connectionstyle=f"arc3,rad={0.18 * number}", shrinkA=0, shrinkB=0,
                color=colour, linestyle=style, linewidth=width, zorder=1,
            )  # fmt: skip
            frame.ax.add_patch(patch)  # type: ignore[attr-defined]


def _legend(frame: _Frame, kinds: list[str], categories: list[str]) -> None:
    """The legend of node kinds and edge categories, right of the plot area."""
    handles = [
        Line2D([], [], linestyle="", marker=KIND_STYLES[k][1], markersize=KIND_STYLES[k][2] * 1.3,
               markerfacecolor=KIND_STYLES[k][0], markeredgecolor="white", label=k)
        for k in kinds
    ]
    handles += [
        Line2D([], [], color=_EDGE_STYLES[c][0], linestyle=cast(Any, _EDGE_STYLES[c][1]),
               linewidth=_EDGE_STYLES[c][2], label=_EDGE_STYLES[c][3])
        for c in categories
    ]
    frame.fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.855, 0.93),
                     frameon=False, fontsize=9, title="nodes and edges", title_fontsize=10,
                     alignment="left")  # fmt: skip


def _caption(frame: _Frame, title: str, caption: str) -> None:
    """Title at the top, caption (wrapped) at the bottom of the figure."""
    frame.fig.text(0.01, 0.975, title, ha="left", va="top", fontsize=15, fontweight="bold")
    frame.fig.text(0.01, 0.012, textwrap.fill(caption, 190), ha="left", va="bottom", fontsize=8.5,
                   color="#333333")  # fmt: skip


def _node_boxes(
    feet: _Footprints, positions: dict[str, tuple[float, float]], bounds: dict[str, Box]
) -> _Boxes:
    """Footprint boxes of the nodes, movable within their bounds."""
    nodes = feet.nodes
    halves = np.array([feet.half(n) for n in nodes]).reshape(-1, 2)
    return _Boxes(
        cx=np.array([positions[n][0] for n in nodes], dtype=float),
        cy=np.array([positions[n][1] - feet.centre_offset(n) for n in nodes], dtype=float),
        hw=halves[:, 0], hh=halves[:, 1],
        movable=np.ones(len(nodes), dtype=bool),
        bounds=np.array([bounds[n] for n in nodes], dtype=float).reshape(-1, 4),
    )  # fmt: skip


def _room_needed(a: tuple[float, float], b: tuple[float, float], size: tuple[float, float]) -> float:
    """How long the visible part of a->b must be to show a label of ``size`` and an arrowhead."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy) or 1.0
    return abs(dx / length) * size[0] + abs(dy / length) * size[1] + 36


def _lengthen_labelled_edges(
    boxes: _Boxes, feet: _Footprints, room: dict[tuple[str, str], tuple[float, float]]
) -> bool:
    """Push apart the two ends of each labelled edge too short for its label; True if any moved."""
    index = {n: i for i, n in enumerate(feet.nodes)}
    positions = {n: (float(boxes.cx[i]), float(boxes.cy[i] + feet.centre_offset(n))) for n, i in index.items()}
    moved = False
    for (u, v), size in sorted(room.items()):
        start, end = _edge_ends(u, v, positions, feet)
        visible = math.hypot(end[0] - start[0], end[1] - start[1])
        deficit = _room_needed(start, end, size) - visible
        if deficit <= 1:
            continue
        (ax, ay), (bx, by) = positions[u], positions[v]
        length = math.hypot(bx - ax, by - ay) or 1.0
        ux, uy = (bx - ax) / length, (by - ay) / length
        boxes.cx[index[u]] -= ux * deficit / 2
        boxes.cy[index[u]] -= uy * deficit / 2
        boxes.cx[index[v]] += ux * deficit / 2
        boxes.cy[index[v]] += uy * deficit / 2
        moved = True
    return moved


def _layout(
    frame: _Frame, view_graph: nx.MultiDiGraph, feet: _Footprints,
    room: dict[tuple[str, str], tuple[float, float]],
) -> tuple[dict[str, tuple[float, float]], Box | None]:
    """Node positions in plot pixels with no two footprints overlapping; the header box.

    ``room`` holds the label size of each labelled edge; such edges are lengthened until
    their label fits beside the arrowhead (a few rounds, each followed by overlap removal).
    """
    simple = nx.Graph()
    simple.add_nodes_from(feet.nodes)
    simple.add_edges_from(sorted((min(u, v), max(u, v)) for u, v in view_graph.subgraph(feet.nodes).edges() if u != v))
    layouts, singles = _component_layouts(simple)
    singles = _sorted_singles(view_graph, singles)
    whole: Box = (0.0, 0.0, frame.width, frame.height)
    single_pos, band_h = _place_singles(singles, feet, whole)
    header: Box | None = None
    top_area: Box = whole
    if singles:
        header = (0.0, band_h + 2, 330.0, band_h + 18)
        top_area = (0.0, band_h + 22, frame.width, frame.height)
    positions = {**_place_components(layouts, feet, top_area), **single_pos}
    bounds = {n: (top_area if n not in single_pos else (0.0, 0.0, frame.width, band_h)) for n in feet.nodes}
    boxes = _node_boxes(feet, positions, bounds)
    _separate(boxes)
    for _ in range(4):
        if not _lengthen_labelled_edges(boxes, feet, room):
            break
        boxes.clamp()
        _separate(boxes)
    return {
        n: (float(boxes.cx[i]), float(boxes.cy[i] + feet.centre_offset(n)))
        for i, n in enumerate(feet.nodes)
    }, header


_LABEL_STOPS = (0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78)  # where along an edge a label may sit


def _free(box: Box, taken: np.ndarray, width: float, height: float) -> bool:
    """True when ``box`` lies inside the plot area and meets none of the ``taken`` boxes."""
    x0, y0, x1, y1 = box
    if x0 < 0 or y0 < 0 or x1 > width or y1 > height:
        return False
    if len(taken) == 0:
        return True
    return not bool(np.any((taken[:, 0] < x1) & (taken[:, 2] > x0) & (taken[:, 1] < y1) & (taken[:, 3] > y0)))


def _label_candidates(a: tuple[float, float], b: tuple[float, float], w: float, h: float) -> Iterator[Box]:
    """Boxes of a w x h label along the visible segment a-b: on it, then beside it.

    A segment too short to show both the label and its arrowhead gets its label beside it.
    """
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy) or 1.0
    nx_, ny_ = -dy / length, dx / length  # unit normal
    reach = abs(nx_) * (w / 2) + abs(ny_) * (h / 2) + 2  # enough to clear the line
    along = abs(dx / length) * w + abs(dy / length) * h  # how much of the line a label covers
    sides: tuple[float, ...] = (1.0, -1.0, 2.0, -2.0, 3.0, -3.0)
    if length > along + 30:
        sides = (0.0, *sides)
    for stop in _LABEL_STOPS:
        px, py = a[0] + stop * dx, a[1] + stop * dy
        for side in sides:
            cx, cy = px + side * reach * nx_, py + side * reach * ny_
            yield (cx - w / 2 - MARGIN_PX, cy - h / 2 - MARGIN_PX, cx + w / 2 + MARGIN_PX, cy + h / 2 + MARGIN_PX)


def _place_edge_labels(
    frame: _Frame, labels: dict[str, tuple[Text, tuple[float, float], tuple[float, float]]],
    feet: _Footprints, positions: dict[str, tuple[float, float]], fixed: list[Box],
) -> tuple[dict[str, tuple[float, float]], list[str]]:
    """Edge labels on or beside their edges, clear of node footprints and of each other.

    Each label takes the first free spot along its edge (middle first); a label with no free
    spot is pushed clear by :func:`_separate`, and dropped (and reported) if even that fails.
    """
    taken = [
        (x - hw, y - feet.centre_offset(n) - hh, x + hw, y - feet.centre_offset(n) + hh)
        for n in feet.nodes
        for (x, y), (hw, hh) in [(positions[n], feet.half(n))]
    ] + list(fixed)
    placed: dict[str, tuple[float, float]] = {}
    crowded: list[str] = []
    for key in sorted(labels):
        text, a, b = labels[key]
        w, h = _measure(frame, text)
        spot = next((c for c in _label_candidates(a, b, w, h)
                     if _free(c, np.array(taken), frame.width, frame.height)), None)  # fmt: skip
        if spot is None:
            crowded.append(key)
            continue
        taken.append(spot)
        placed[key] = ((spot[0] + spot[2]) / 2, (spot[1] + spot[3]) / 2)
    if not crowded:
        return placed, []
    sizes = [_measure(frame, labels[k][0]) for k in crowded]
    mids = [((labels[k][1][0] + labels[k][2][0]) / 2, (labels[k][1][1] + labels[k][2][1]) / 2) for k in crowded]
    still = np.array(taken, dtype=float).reshape(-1, 4)
    boxes = _Boxes(
        np.array([m[0] for m in mids] + list((still[:, 0] + still[:, 2]) / 2)),
        np.array([m[1] for m in mids] + list((still[:, 1] + still[:, 3]) / 2)),
        np.array([w / 2 + MARGIN_PX for w, _ in sizes] + list((still[:, 2] - still[:, 0]) / 2)),
        np.array([h / 2 + MARGIN_PX for _, h in sizes] + list((still[:, 3] - still[:, 1]) / 2)),
        np.arange(len(crowded) + len(still)) < len(crowded),
        np.tile([0.0, 0.0, frame.width, frame.height], (len(crowded) + len(still), 1)),
    )  # fmt: skip
    _separate(boxes)
    hit = boxes.overlaps()[4]
    dropped = [k for i, k in enumerate(crowded) if hit[i].any()]
    placed.update({k: (float(boxes.cx[i]), float(boxes.cy[i])) for i, k in enumerate(crowded) if k not in dropped})
    return placed, dropped


def _node_label_texts(frame: _Frame, view_graph: nx.MultiDiGraph, nodes: list[str]) -> _Footprints:
    """Text artists for node labels (not yet placed), with their measured sizes."""
    feet = _Footprints(nodes, {}, {})
    for node in nodes:
        kind = str(view_graph.nodes[node].get("kind", "person"))
        feet.radius[node] = KIND_STYLES.get(kind, KIND_STYLES["person"])[2]
        text = frame.ax.text(0, 0, _display_text(view_graph.nodes[node]), fontsize=LABEL_FONT_SIZE,  # type: ignore[attr-defined]
                             ha="center", va="top", linespacing=1.1, zorder=4, color="#111111",
                             bbox=_TEXT_BACKGROUND)  # fmt: skip
        feet.texts[node] = text
        feet.label_size[node] = _measure(frame, text)
    return feet


def _draw_markers(frame: _Frame, view_graph: nx.MultiDiGraph, positions: dict[str, tuple[float, float]]) -> list[str]:
    """One scatter per kind; returns the kinds drawn, in legend order."""
    by_kind: dict[str, list[str]] = defaultdict(list)
    for node in sorted(positions):
        by_kind[str(view_graph.nodes[node].get("kind", "person"))].append(node)
    kinds = [k for k in NODE_KINDS if k in by_kind] + sorted(k for k in by_kind if k not in NODE_KINDS)
    for kind in kinds:
        colour, marker, radius = KIND_STYLES.get(kind, KIND_STYLES["person"])
        xy = np.array([positions[n] for n in by_kind[kind]])
        diameter_pt = 2 * radius * 72.0 / DPI
        frame.ax.scatter(xy[:, 0], xy[:, 1], s=diameter_pt**2, marker=marker, c=colour,  # type: ignore[attr-defined]
                         edgecolors="white", linewidths=0.8, zorder=3)  # fmt: skip
    return kinds


def _label_boxes(frame: _Frame, texts: dict[str, Text]) -> dict[str, Box]:
    """The drawn extents of ``texts`` in plot-area pixels (after a full draw)."""
    frame.fig.canvas.draw()
    ox, oy = frame.origin
    boxes = {}
    for key in sorted(texts):
        e = texts[key].get_window_extent(frame.renderer)  # type: ignore[arg-type]
        boxes[key] = (float(e.x0 - ox), float(e.y0 - oy), float(e.x1 - ox), float(e.y1 - oy))
    return boxes


def render_view(
    view_graph: nx.MultiDiGraph, *, title: str, caption: str,
    size: tuple[float, float] | None = None, max_nodes: int = MAX_DRAWN_NODES,
) -> tuple[Figure, DrawnView]:
    """Lay out and draw ``view_graph``; returns the figure and where everything went."""
    shown = _select_nodes(view_graph, max_nodes)
    total = view_graph.number_of_nodes()
    if len(shown) < total:
        caption = f"{caption} Showing the {len(shown)} most connected of {total} nodes."
    size = size or _auto_size(len(shown))
    with _deterministic_rc():
        frame = _frame(size, (0.01, 0.06, 0.83, 0.87))
        feet = _node_label_texts(frame, view_graph, shown)
        groups = _edge_groups(view_graph, set(shown))
        edge_texts = {}
        labelled = (_LABELLED_CATEGORIES if len(groups) > SMALL_DRAWING_PAIRS
                    else tuple(c for c in _EDGE_STYLES if c != "same event"))  # the legend names dashed lines
        for pair, categories in sorted(groups.items()):
            entries = [e for c in labelled for e in categories.get(c, [])]
            if entries:
                edge_texts[pair] = frame.ax.text(0, 0, _edge_label(entries), fontsize=EDGE_FONT_SIZE,  # type: ignore[attr-defined]
                                                 ha="center", va="center", color="#222222", zorder=5,
                                                 fontstyle="italic", bbox=_TEXT_BACKGROUND)  # fmt: skip
        room = {pair: _measure(frame, text) for pair, text in edge_texts.items()}
        positions, header = _layout(frame, view_graph, feet, room)
        texts: dict[str, Text] = {}
        for node in shown:
            x, y = positions[node]
            feet.texts[node].set_position((x, y - feet.radius[node] - 2))
            texts[node] = feet.texts[node]
        if header is not None:
            texts["header:unlinked"] = frame.ax.text(  # type: ignore[attr-defined]
                header[0] + 2, header[1] + 2, "Not linked to anyone else in this view:",
                fontsize=9, fontstyle="italic", color="#555555", ha="left", va="bottom")  # fmt: skip
        _draw_edges(frame, groups, positions, feet, labelled)
        labels = {
            f"edge:{u}|{v}": (text, *_edge_ends(u, v, positions, feet)) for (u, v), text in edge_texts.items()
        }
        fixed = [header] if header is not None else []
        placed, dropped = _place_edge_labels(frame, labels, feet, positions, fixed)
        for key, (text, _, _) in labels.items():
            if key in placed:
                text.set_position(placed[key])
                texts[key] = text
            else:
                text.remove()
        if dropped:
            caption += f" {len(dropped)} edge labels left out for lack of room (the edges are drawn)."
        kinds = _draw_markers(frame, view_graph, positions)
        legend_categories = sorted({c for cats in groups.values() for c in cats}, key=list(_EDGE_STYLES).index)
        _legend(frame, kinds, legend_categories)
        _caption(frame, title, caption)
        boxes = _label_boxes(frame, texts)
    drawn = DrawnView(positions, boxes, len(shown), total, (frame.width, frame.height), tuple(dropped))
    return frame.fig, drawn


def _auto_size(nodes: int) -> tuple[float, float]:
    """The default size, grown with the number of nodes beyond 35 (at most 2.5 times)."""
    factor = min(2.5, max(1.0, math.sqrt(nodes / 35)))
    return (VIEW_SIZE[0] * factor, VIEW_SIZE[1] * factor)


def draw_view(
    view_graph: nx.MultiDiGraph, path: Path, *, title: str, caption: str,
    size: tuple[float, float] | None = None,
) -> DrawnView:
    """Draw ``view_graph`` to ``path`` (.png or .svg); returns the positions and label boxes."""
    fig, drawn = render_view(view_graph, title=title, caption=caption, size=size)
    _save_atomic(fig, path)
    return drawn


def _save_atomic(fig: Figure, path: Path) -> None:
    """Save ``fig`` to ``path`` through a staged temporary file."""
    if path.suffix.lower() not in DRAWING_SUFFIXES:
        raise OutputError(f"{path}: a drawing must end in .png or .svg")
    outputs = OutputSet(path.parent)
    try:
        tmp, _final = outputs.stage_path(path.name)
        _save(fig, tmp)
    except BaseException:
        outputs.discard()
        raise
    outputs.commit()


# ---------------------------------------------------------------------------------------
# The timeline
# ---------------------------------------------------------------------------------------

TIMELINE_START = 1950


def _fractional_year(date: str) -> float | None:
    """ "1953-09-21" -> 1953.72; "1995-12" -> 1995.96; "1992" -> 1992.5."""
    parts = date.split("-")
    try:
        year = int(parts[0])
        if len(parts) >= 3:
            month, day = int(parts[1]), int(parts[2][:2])
            return year + ((month - 1) * 30.5 + day - 0.5) / 366
        if len(parts) == 2:
            return year + (int(parts[1]) - 0.5) / 12
    except ValueError:
        return None
    return year + 0.5


def _timeline_span(marks: Sequence[tuple[float, Defection]]) -> tuple[int, int]:
    """1950 (or the decade of the earliest mark) to the latest mark, rounded up to 5 years."""
    years = [x for x, _ in marks]
    start = min([TIMELINE_START] + [int(x) // 10 * 10 for x in years])
    end = max([start + 10] + [(int(x) // 5 + 1) * 5 for x in years])
    return start, end


def _short_name(label: str) -> str:
    """A timeline label: the name, shortened to 32 characters."""
    return label if len(label) <= 32 else label[:31].rstrip(" ,;") + "…"


@dataclass
class DrawnTimeline:
    """Where the timeline put its labels (plot-area pixels) and what it left out."""

    label_boxes: dict[str, Box]
    lanes: int
    undated: tuple[str, ...]
    summary: bool
    size_px: tuple[float, float] = (0.0, 0.0)  # of the plot area


def _assign_lanes(widths: list[float], xs: list[float], gap: float) -> list[int]:
    """Greedy lanes: each label goes to the lowest lane whose last label ends before it."""
    ends: list[float] = []
    lanes = []
    for x, w in zip(xs, widths, strict=True):
        for lane, end in enumerate(ends):
            if end + gap <= x:
                ends[lane] = max(end, x + w)
                lanes.append(lane)
                break
        else:
            ends.append(x + w)
            lanes.append(len(ends) - 1)
    return lanes


def _timeline_legend(frame: _Frame, routes: list[str]) -> None:
    """The route-kind legend right of the plot area."""
    handles = [
        Line2D([], [], linestyle="", marker="o", markersize=8, markerfacecolor=ROUTE_STYLES[r][0],
               markeredgecolor="white", label=ROUTE_STYLES[r][1])
        for r in routes
    ]
    frame.fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.86, 0.9), frameon=False,
                     fontsize=9, title="first step of the route", title_fontsize=10,
                     alignment="left")  # fmt: skip


def _timeline_axis(frame: _Frame, start: int, end: int, to_px: float) -> None:
    """The year axis along the bottom of the plot area, a tick every 5 years."""
    ax = frame.ax
    ax.plot([0, frame.width], [_AXIS_Y, _AXIS_Y], color="#333333", linewidth=1.2, zorder=1)  # type: ignore[attr-defined]
    for year in range(start, end + 1, 5):
        x = (year - start) * to_px
        major = year % 10 == 0
        ax.plot([x, x], [_AXIS_Y, frame.height], color="#eeeeee" if major else "#f6f6f6", linewidth=0.8, zorder=0)  # type: ignore[attr-defined]
        ax.plot([x, x], [10, 18], color="#333333", linewidth=1.0, zorder=1)  # type: ignore[attr-defined]
        if major:
            ax.text(x, 6, str(year), ha="center", va="top", fontsize=9, color="#333333")  # type: ignore[attr-defined]


_TIMELINE_FONT = 8.5
_TIMELINE_RECT_X = (0.02, 0.82)  # left and width of the plot area, as figure fractions
_TIMELINE_TOP_PX, _TIMELINE_BOTTOM_PX = 80.0, 120.0  # room for the title; for years and caption
_AXIS_Y = 14.0  # the time axis, in plot pixels above the bottom of the plot area
_FIRST_LANE_Y = 30.0


def _timeline_text(frame: _Frame, label: str) -> Text:
    """A timeline name label (left-aligned, white background so stems pass behind it)."""
    text: Text = frame.ax.text(0, 0, _short_name(label), fontsize=_TIMELINE_FONT, ha="left", va="center",  # type: ignore[attr-defined]
                         zorder=4, bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none"})  # fmt: skip
    return text


_LABEL_GAP = 6.0  # between a mark and its label, in pixels


def _timeline_lanes(
    marks: list[tuple[float, Defection]], start: int, end: int
) -> tuple[list[int], list[bool], float]:
    """Each label's lane and side (True: left of its mark, where the right edge is near), and
    the lane height; measured on a scratch figure as wide as the timeline."""
    scratch = _frame(TIMELINE_SIZE, (_TIMELINE_RECT_X[0], 0.1, _TIMELINE_RECT_X[1], 0.8))
    to_px = scratch.width / (end - start)
    sizes = [_measure(scratch, _timeline_text(scratch, d.label)) for _, d in marks]
    xs = [(x - start) * to_px for x, _ in marks]
    left = [x + _LABEL_GAP + w > scratch.width for x, (w, _) in zip(xs, sizes, strict=True)]
    starts = [x - _LABEL_GAP - w if flip else x - 5 for x, (w, _), flip in zip(xs, sizes, left, strict=True)]
    lanes = _assign_lanes([w + 12 for w, _ in sizes], starts, gap=6)
    return lanes, left, (max(h for _, h in sizes) + 8 if sizes else 20.0)


def _timeline_frame(plot_height: float) -> _Frame:
    """A timeline figure as wide as TIMELINE_SIZE and as tall as its lanes need."""
    height_px = max(TIMELINE_SIZE[1] * DPI * 0.64, plot_height + _TIMELINE_TOP_PX + _TIMELINE_BOTTOM_PX)
    rect = (_TIMELINE_RECT_X[0], _TIMELINE_BOTTOM_PX / height_px, _TIMELINE_RECT_X[1], plot_height / height_px)
    return _frame((TIMELINE_SIZE[0], height_px / DPI), rect)


def _draw_timeline_marks(marks: list[tuple[float, Defection]], start: int, end: int) -> tuple[_Frame, DrawnTimeline] | None:
    """One mark and label per defection in lanes above the axis; None when they do not fit."""
    lanes, left, lane_h = _timeline_lanes(marks, start, end)
    lane_count = max(lanes) + 1 if lanes else 0
    plot_height = _FIRST_LANE_Y + lane_count * lane_h + 10
    if plot_height > MAX_TIMELINE_HEIGHT * DPI:
        return None
    frame = _timeline_frame(plot_height)
    to_px = frame.width / (end - start)
    _timeline_axis(frame, start, end, to_px)
    labelled = {}
    for (x, d), lane, flip in zip(marks, lanes, left, strict=True):
        px, y = (x - start) * to_px, _FIRST_LANE_Y + lane * lane_h + lane_h / 2
        colour = ROUTE_STYLES.get(d.route, ROUTE_STYLES["unknown"])[0]
        frame.ax.plot([px, px], [_AXIS_Y, y], color=colour, linewidth=0.8, alpha=0.7, zorder=2)  # type: ignore[attr-defined]
        frame.ax.scatter([px], [y], s=40, c=colour, edgecolors="white", linewidths=0.6, zorder=5)  # type: ignore[attr-defined]
        text = _timeline_text(frame, d.label)
        text.set_position((px - _LABEL_GAP, y) if flip else (px + _LABEL_GAP, y))
        text.set_horizontalalignment("right" if flip else "left")
        labelled[d.iri] = text
    return frame, DrawnTimeline(_label_boxes(frame, labelled), lane_count, (), False, (frame.width, frame.height))


def _draw_timeline_summary(marks: list[tuple[float, Defection]], start: int, end: int) -> tuple[_Frame, DrawnTimeline]:
    """Counts per year, stacked by route kind, for too many defections to label."""
    frame = _timeline_frame(TIMELINE_SIZE[1] * DPI * 0.6)
    to_px = frame.width / (end - start)
    counts: dict[str, Counter[int]] = {r: Counter() for r in ROUTE_STYLES}
    for x, d in marks:
        counts[d.route if d.route in counts else "unknown"][int(x)] += 1
    totals = Counter(int(x) for x, _ in marks)
    peak = max(totals.values()) if totals else 1
    scale = (frame.height - 40) / peak
    _timeline_axis(frame, start, end, to_px)
    base: Counter[int] = Counter()
    for route, per_year in counts.items():
        years = sorted(per_year)
        if not years:
            continue
        frame.ax.bar([(y - start + 0.5) * to_px for y in years], [per_year[y] * scale for y in years],  # type: ignore[attr-defined]
                     width=to_px * 0.85, bottom=[14 + base[y] * scale for y in years],
                     color=ROUTE_STYLES[route][0], zorder=2)  # fmt: skip
        base.update(per_year)
    frame.ax.text(4, frame.height - 4, f"most in one year: {peak}", ha="left", va="top", fontsize=9)  # type: ignore[attr-defined]
    return frame, DrawnTimeline({}, 0, (), True, (frame.width, frame.height))


def render_timeline(found: Sequence[Defection], *, caption: str) -> tuple[Figure, DrawnTimeline]:
    """Draw the defections on a time axis; returns the figure and the label boxes."""
    marks = sorted(
        ((x, d) for d in found if d.date and (x := _fractional_year(d.date)) is not None),
        key=lambda m: (m[0], m[1].label, m[1].iri),
    )
    undated = tuple(d.label for d in found if not d.date or _fractional_year(d.date) is None)
    start, end = _timeline_span(marks)
    with _deterministic_rc():
        drawn_marks = None if len(marks) > MAX_TIMELINE_MARKS else _draw_timeline_marks(marks, start, end)
        if drawn_marks is None:
            frame, drawn = _draw_timeline_summary(marks, start, end)
            caption += f" {len(marks)} dated defections: too many to name, so counts per year are shown."
        else:
            frame, drawn = drawn_marks
        if undated:
            caption += f" Not on the axis (no date in the graph): {', '.join(undated)}."
        routes = [r for r in ROUTE_STYLES if r != "unknown" or any(d.route == "unknown" for _, d in marks)]
        _timeline_legend(frame, routes)
        _caption(frame, f"Defections to South Korea, {start}–{end}", caption)
        drawn.undated = undated
    return frame.fig, drawn


def draw_timeline(graph: Graph, path: Path, *, caption: str) -> DrawnTimeline:
    """Draw the defections of ``graph`` on a 1950–latest time axis to ``path`` (.png or .svg)."""
    fig, drawn = render_timeline(defections(graph), caption=caption)
    _save_atomic(fig, path)
    return drawn


# ---------------------------------------------------------------------------------------
# Build output
# ---------------------------------------------------------------------------------------


_VIEW_TITLES = {
    "people": "Who is linked to whom in “{article}”",
    "full": "People, events, places and organizations in “{article}”",
    "sources": "Who is cited by which source in “{article}”",
}


def view_title(article: str, view_graph: nx.MultiDiGraph) -> str:
    """The title of a view drawing (with its focus, when it is a neighbourhood)."""
    title = _VIEW_TITLES.get(str(view_graph.graph.get("name")), "“{article}”").format(article=article)
    if "focus" in view_graph.graph:
        steps = view_graph.graph["depth"]
        title += f", within {steps} step{'s' if steps != 1 else ''} of {view_graph.graph['focus']}"
    return title


def view_caption(article: str, view_graph: nx.MultiDiGraph) -> str:
    """The caption of a view drawing: the source article and how to read the picture."""
    categories = {d.get("category") for _, _, d in view_graph.edges(data=True)}
    arrows = " Arrows read “A —mother of→ B”: A is the mother of B." if categories & {"kin", "associate"} else ""
    dashed = " Dashed lines join people who took part in the same event." if "same event" in categories else ""
    return (
        f"Source: Wikipedia, “{article}”, as read by defectorkg. "
        f"{view_graph.number_of_nodes()} nodes, {view_graph.number_of_edges()} edges.{arrows}{dashed} "
        f"Layout seed {LAYOUT_SEED}."
    )


def timeline_caption(article: str) -> str:
    """The caption of the timeline."""
    return (
        f"Source: Wikipedia, “{article}”, as read by defectorkg. One mark per defector or group "
        "at its arrival date (else the date of its defection, else the year of its entry); colour: "
        "first step of the route."
    )


DRAWING_SUFFIXES = (".png", ".svg")


def draw_file(
    graph: Graph, path: Path, *, view_name: ViewName = "people", focus: str | None = None, depth: int = 2
) -> nx.MultiDiGraph:
    """Write a view of ``graph`` (or the neighbourhood of ``focus``) to ``path``, by suffix.

    .png and .svg are drawings; .graphml, .gexf and .json are the view's file formats.
    Returns the view that was written.
    """
    suffix = path.suffix.lower()
    if suffix not in DRAWING_SUFFIXES and suffix not in WRITERS:
        known = ", ".join((*DRAWING_SUFFIXES, *WRITERS))
        raise OutputError(f"{path}: unknown output type {path.suffix!r} (known: {known})")
    shown = view(graph, view_name)
    if focus is not None:
        shown = neighbourhood(shown, focus, depth)
    if suffix in WRITERS:
        WRITERS[suffix](shown, path)
        return shown
    article = article_title(graph) or "an unnamed article"
    draw_view(shown, path, title=view_title(article, shown), caption=view_caption(article, shown))
    return shown


def stage_drawings(
    outputs: OutputSet, people: nx.MultiDiGraph, found: Sequence[Defection], *, article_title: str
) -> None:
    """Stage relationships.png, relationships.svg (the people view) and timeline.png."""
    fig, _ = render_view(people, title=view_title(article_title, people), caption=view_caption(article_title, people))
    for name in ("relationships.png", "relationships.svg"):
        tmp, _final = outputs.stage_path(name)
        _save(fig, tmp)
    timeline, _ = render_timeline(found, caption=timeline_caption(article_title))
    tmp, _final = outputs.stage_path("timeline.png")
    _save(timeline, tmp)
