"""Node positions of the network drawing: spring layouts per component (fixed seed), packed
into the plot area, unlinked nodes in a grid below, then footprints pushed apart until none
overlap and labelled edges lengthened until their labels fit.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np

from .figure import Box, Frame
from .labels import Boxes, Footprints, edge_ends, separate

LAYOUT_SEED = 7


MAX_SPREAD = 3.0  # how far a component's cell may grow beyond what its labels need
MAX_STRETCH = 1.6  # how much wider than tall a row of components may be stretched


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
    layouts: list[dict[str, np.ndarray]], feet: Footprints, area: Box
) -> dict[str, tuple[float, float]]:
    """Shelf-pack components into ``area``, each in a cell sized by its footprints."""
    cells = []
    for layout in layouts:
        halves = [feet.half(n) for n in layout]
        need = sum(4 * hw * hh for hw, hh in halves) * 3.2
        min_w = 2 * max(hw for hw, _ in halves)
        min_h = 2 * max(hh for _, hh in halves)
        cells.append(
            (max(math.sqrt(need * 1.6), min_w * 1.5), max(math.sqrt(need / 1.6), min_h * 1.5))
        )
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
    singles: list[str], feet: Footprints, area: Box
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


def _node_boxes(
    feet: Footprints, positions: dict[str, tuple[float, float]], bounds: dict[str, Box]
) -> Boxes:
    """Footprint boxes of the nodes, movable within their bounds."""
    nodes = feet.nodes
    halves = np.array([feet.half(n) for n in nodes]).reshape(-1, 2)
    return Boxes(
        cx=np.array([positions[n][0] for n in nodes], dtype=float),
        cy=np.array([positions[n][1] - feet.centre_offset(n) for n in nodes], dtype=float),
        hw=halves[:, 0], hh=halves[:, 1],
        movable=np.ones(len(nodes), dtype=bool),
        bounds=np.array([bounds[n] for n in nodes], dtype=float).reshape(-1, 4),
    )  # fmt: skip


def _room_needed(
    a: tuple[float, float], b: tuple[float, float], size: tuple[float, float]
) -> float:
    """How long the visible part of a->b must be to show a label of ``size`` and an arrowhead."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy) or 1.0
    return abs(dx / length) * size[0] + abs(dy / length) * size[1] + 36


def _lengthen_labelled_edges(
    boxes: Boxes, feet: Footprints, room: dict[tuple[str, str], tuple[float, float]]
) -> bool:
    """Push apart the two ends of each labelled edge too short for its label; True if any moved."""
    index = {n: i for i, n in enumerate(feet.nodes)}
    positions = {
        n: (float(boxes.cx[i]), float(boxes.cy[i] + feet.centre_offset(n)))
        for n, i in index.items()
    }
    moved = False
    for (u, v), size in sorted(room.items()):
        start, end = edge_ends(u, v, positions, feet)
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


def layout_nodes(
    frame: Frame,
    view_graph: nx.MultiDiGraph,
    feet: Footprints,
    room: dict[tuple[str, str], tuple[float, float]],
) -> tuple[dict[str, tuple[float, float]], Box | None]:
    """Node positions in plot pixels with no two footprints overlapping; the header box.

    ``room`` holds the label size of each labelled edge; such edges are lengthened until
    their label fits beside the arrowhead (a few rounds, each followed by overlap removal).
    """
    simple = nx.Graph()
    simple.add_nodes_from(feet.nodes)
    simple.add_edges_from(
        sorted((min(u, v), max(u, v)) for u, v in view_graph.subgraph(feet.nodes).edges() if u != v)
    )
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
    bounds = {
        n: (top_area if n not in single_pos else (0.0, 0.0, frame.width, band_h))
        for n in feet.nodes
    }
    boxes = _node_boxes(feet, positions, bounds)
    separate(boxes)
    for _ in range(4):
        if not _lengthen_labelled_edges(boxes, feet, room):
            break
        boxes.clamp()
        separate(boxes)
    return {
        n: (float(boxes.cx[i]), float(boxes.cy[i] + feet.centre_offset(n)))
        for i, n in enumerate(feet.nodes)
    }, header
