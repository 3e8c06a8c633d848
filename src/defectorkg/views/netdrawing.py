"""The drawing of a network view (matplotlib, Agg canvas).

Readable: node colour and shape by kind with a legend, labels that never overlap, edge labels
on kinship and association edges, a title and a caption naming the source article. Huge
views fall back to a summary instead of hanging: only the ``MAX_DRAWN_NODES`` most connected
nodes are drawn, and the caption says so.
"""

from __future__ import annotations

import math
import textwrap
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch
from matplotlib.text import Text

from .figure import (
    DPI,
    Box,
    Frame,
    add_caption,
    deterministic_rc,
    label_boxes,
    measure,
    new_frame,
    save_atomic,
)
from .index import NODE_KINDS
from .labels import Footprints, edge_ends, place_edge_labels
from .layout import LAYOUT_SEED, layout_nodes

VIEW_SIZE = (16.0, 10.0)  # inches: 1600 x 1000 px at DPI


MAX_DRAWN_NODES = 120


LABEL_FONT_SIZE = 9.0
EDGE_FONT_SIZE = 8.0


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
_EDGE_STYLES: dict[
    str, tuple[str, str, float, str]
] = {  # category -> (colour, style, width, legend)
    "kin": ("#0072B2", "-", 1.8, "kinship"),
    "associate": ("#D55E00", "-", 1.8, "association"),
    "same event": ("#777777", "--", 1.0, "took part in the same event"),
    "other": ("#BBBBBB", "-", 0.7, "other relation"),
}
_LABELLED_CATEGORIES = ("kin", "associate")
SMALL_DRAWING_PAIRS = (
    30  # a drawing with this many joined pairs or fewer labels every edge but "same event"
)
# A white box behind labels, so that lines passing under them do not cross the letters.
_TEXT_BACKGROUND = {"boxstyle": "square,pad=0.05", "fc": "white", "ec": "none", "alpha": 0.85}


@dataclass
class DrawnView:
    """What a drawing shows and where: positions and label boxes in plot-area pixels."""

    positions: dict[str, tuple[float, float]]
    label_boxes: dict[str, Box]  # node labels by node id; edge labels as "edge:<u>|<v>"
    shown_nodes: int
    total_nodes: int
    size_px: tuple[float, float]  # of the plot area
    dropped_edge_labels: tuple[str, ...] = ()


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
    neighbours: dict[str, set[str]] = defaultdict(set)
    for u, v in view_graph.edges():
        neighbours[u].add(v)
        neighbours[v].add(u)
    # distinct neighbours; a self-loop counts twice, as in networkx's degree of a simple graph
    degree = {n: len(found) + (n in found) for n, found in neighbours.items()}
    ranked = sorted(nodes, key=lambda n: (-degree.get(n, 0), str(view_graph.nodes[n]["label"]), n))
    return sorted(ranked[:limit])


def _edge_groups(
    view_graph: nx.MultiDiGraph, shown: set[str]
) -> dict[tuple[str, str], dict[str, list[tuple[str, str, str]]]]:
    """Edges between shown nodes, by unordered pair and category: (source, target, relation)."""
    groups: dict[tuple[str, str], dict[str, list[tuple[str, str, str]]]] = defaultdict(
        lambda: defaultdict(list)
    )
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


def _draw_edges(
    frame: Frame,
    groups: dict[tuple[str, str], dict[str, list[tuple[str, str, str]]]],
    positions: dict[str, tuple[float, float]],
    feet: Footprints,
    labelled: tuple[str, ...],
) -> None:
    """Lines (arrows for labelled categories), one per pair and category, curved when several."""
    for pair in sorted(groups):
        categories = [c for c in _EDGE_STYLES if c in groups[pair]]
        for number, category in enumerate(categories):
            colour, style, width, _ = _EDGE_STYLES[category]
            u, v, _ = min(groups[pair][category])
            both_ways = {(a, b) for a, b, _ in groups[pair][category]} == {(u, v), (v, u)}
            arrow = (
                ("<|-|>" if both_ways else "-|>")
                if category in labelled and category != "same event"
                else "-"
            )
            start, end = edge_ends(u, v, positions, feet)
            patch = FancyArrowPatch(
                start, end, arrowstyle=arrow, mutation_scale=11,
                connectionstyle=f"arc3,rad={0.18 * number}", shrinkA=0, shrinkB=0,
                color=colour, linestyle=style, linewidth=width, zorder=1,
            )  # fmt: skip
            frame.ax.add_patch(patch)


def _legend(frame: Frame, kinds: list[str], categories: list[str]) -> None:
    """The legend of node kinds and edge categories, right of the plot area."""
    handles = [
        Line2D(
            [],
            [],
            linestyle="",
            marker=KIND_STYLES[k][1],
            markersize=KIND_STYLES[k][2] * 1.3,
            markerfacecolor=KIND_STYLES[k][0],
            markeredgecolor="white",
            label=k,
        )
        for k in kinds
    ]
    handles += [
        Line2D(
            [],
            [],
            color=_EDGE_STYLES[c][0],
            linestyle=_EDGE_STYLES[c][1],  # type: ignore[arg-type]
            linewidth=_EDGE_STYLES[c][2],
            label=_EDGE_STYLES[c][3],
        )
        for c in categories
    ]
    frame.fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.855, 0.93),
                     frameon=False, fontsize=9, title="nodes and edges", title_fontsize=10,
                     alignment="left")  # fmt: skip


def _node_label_texts(frame: Frame, view_graph: nx.MultiDiGraph, nodes: list[str]) -> Footprints:
    """Text artists for node labels (not yet placed), with their measured sizes."""
    feet = Footprints(nodes, {}, {})
    for node in nodes:
        kind = str(view_graph.nodes[node].get("kind", "person"))
        feet.radius[node] = KIND_STYLES.get(kind, KIND_STYLES["person"])[2]
        text = frame.ax.text(0, 0, _display_text(view_graph.nodes[node]), fontsize=LABEL_FONT_SIZE,
                             ha="center", va="top", linespacing=1.1, zorder=4, color="#111111",
                             bbox=_TEXT_BACKGROUND)  # fmt: skip
        feet.texts[node] = text
        feet.label_size[node] = measure(frame, text)
    return feet


def _draw_markers(
    frame: Frame, view_graph: nx.MultiDiGraph, positions: dict[str, tuple[float, float]]
) -> list[str]:
    """One scatter per kind; returns the kinds drawn, in legend order."""
    by_kind: dict[str, list[str]] = defaultdict(list)
    for node in sorted(positions):
        by_kind[str(view_graph.nodes[node].get("kind", "person"))].append(node)
    kinds = [k for k in NODE_KINDS if k in by_kind] + sorted(
        k for k in by_kind if k not in NODE_KINDS
    )
    for kind in kinds:
        colour, marker, radius = KIND_STYLES.get(kind, KIND_STYLES["person"])
        xy = np.array([positions[n] for n in by_kind[kind]])
        diameter_pt = 2 * radius * 72.0 / DPI
        frame.ax.scatter(xy[:, 0], xy[:, 1], s=diameter_pt**2, marker=marker, c=colour,
                         edgecolors="white", linewidths=0.8, zorder=3)  # fmt: skip
    return kinds


def render_view(
    view_graph: nx.MultiDiGraph,
    *,
    title: str,
    caption: str,
    size: tuple[float, float] | None = None,
    max_nodes: int = MAX_DRAWN_NODES,
) -> tuple[Figure, DrawnView]:
    """Lay out and draw ``view_graph``; returns the figure and where everything went."""
    shown = _select_nodes(view_graph, max_nodes)
    total = view_graph.number_of_nodes()
    if len(shown) < total:
        caption = f"{caption} Showing the {len(shown)} most connected of {total} nodes."
    size = size or _auto_size(len(shown))
    with deterministic_rc():
        frame = new_frame(size, (0.01, 0.06, 0.83, 0.87))
        feet = _node_label_texts(frame, view_graph, shown)
        groups = _edge_groups(view_graph, set(shown))
        edge_texts = {}
        labelled = (
            _LABELLED_CATEGORIES
            if len(groups) > SMALL_DRAWING_PAIRS
            else tuple(c for c in _EDGE_STYLES if c != "same event")
        )  # the legend names dashed lines
        for pair, categories in sorted(groups.items()):
            entries = [e for c in labelled for e in categories.get(c, [])]
            if entries:
                edge_texts[pair] = frame.ax.text(0, 0, _edge_label(entries), fontsize=EDGE_FONT_SIZE,
                                                 ha="center", va="center", color="#222222", zorder=5,
                                                 fontstyle="italic", bbox=_TEXT_BACKGROUND)  # fmt: skip
        room = {pair: measure(frame, text) for pair, text in edge_texts.items()}
        positions, header = layout_nodes(frame, view_graph, feet, room)
        texts: dict[str, Text] = {}
        for node in shown:
            x, y = positions[node]
            feet.texts[node].set_position((x, y - feet.radius[node] - 2))
            texts[node] = feet.texts[node]
        if header is not None:
            texts["header:unlinked"] = frame.ax.text(
                header[0] + 2, header[1] + 2, "Not linked to anyone else in this view:",
                fontsize=9, fontstyle="italic", color="#555555", ha="left", va="bottom")  # fmt: skip
        _draw_edges(frame, groups, positions, feet, labelled)
        labels = {
            f"edge:{u}|{v}": (text, *edge_ends(u, v, positions, feet))
            for (u, v), text in edge_texts.items()
        }
        fixed = [header] if header is not None else []
        placed, dropped = place_edge_labels(frame, labels, feet, positions, fixed)
        for key, (text, _, _) in labels.items():
            if key in placed:
                text.set_position(placed[key])
                texts[key] = text
            else:
                text.remove()
        if dropped:
            caption += (
                f" {len(dropped)} edge labels left out for lack of room (the edges are drawn)."
            )
        drawn_kinds = _draw_markers(frame, view_graph, positions)
        drawn_categories = sorted(
            {c for cats in groups.values() for c in cats}, key=list(_EDGE_STYLES).index
        )
        _legend(frame, drawn_kinds, drawn_categories)
        add_caption(frame, title, caption)
        boxes = label_boxes(frame, texts)
    drawn = DrawnView(
        positions, boxes, len(shown), total, (frame.width, frame.height), tuple(dropped)
    )
    return frame.fig, drawn


def _auto_size(nodes: int) -> tuple[float, float]:
    """The default size, grown with the number of nodes beyond 35 (at most 2.5 times)."""
    factor = min(2.5, max(1.0, math.sqrt(nodes / 35)))
    return (VIEW_SIZE[0] * factor, VIEW_SIZE[1] * factor)


def draw_view(
    view_graph: nx.MultiDiGraph,
    path: Path,
    *,
    title: str,
    caption: str,
    size: tuple[float, float] | None = None,
) -> DrawnView:
    """Draw ``view_graph`` to ``path`` (.png or .svg); returns the positions and label boxes."""
    fig, drawn = render_view(view_graph, title=title, caption=caption, size=size)
    save_atomic(fig, path)
    return drawn


_VIEW_TITLES = {
    "people": "Who is linked to whom in “{article}”",
    "full": "People, events, places and organizations in “{article}”",
    "sources": "Who is cited by which source in “{article}”",
}


def view_title(article: str, view_graph: nx.MultiDiGraph) -> str:
    """The title of a view drawing (with its focus, when it is a neighbourhood)."""
    title = _VIEW_TITLES.get(str(view_graph.graph.get("name")), "“{article}”").format(
        article=article
    )
    if "focus" in view_graph.graph:
        steps = view_graph.graph["depth"]
        title += f", within {steps} step{'s' if steps != 1 else ''} of {view_graph.graph['focus']}"
    return title


def view_caption(article: str, view_graph: nx.MultiDiGraph) -> str:
    """The caption of a view drawing: the source article and how to read the picture."""
    categories = {d.get("category") for _, _, d in view_graph.edges(data=True)}
    arrows = (
        " Arrows read “A —mother of→ B”: A is the mother of B."
        if categories & {"kin", "associate"}
        else ""
    )
    dashed = (
        " Dashed lines join people who took part in the same event."
        if "same event" in categories
        else ""
    )
    return (
        f"Source: Wikipedia, “{article}”, as read by defectorkg. "
        f"{view_graph.number_of_nodes()} nodes, {view_graph.number_of_edges()} edges.{arrows}{dashed} "
        f"Layout seed {LAYOUT_SEED}."
    )
