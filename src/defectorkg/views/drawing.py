"""Drawings of the relationship view and of the defection timeline, and the build's drawing files."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import networkx as nx
from rdflib import Graph

from ..errors import OutputError
from ..files import OutputSet
from .defections import Defection
from .figure import DRAWING_SUFFIXES, Box, save_figure
from .graphview import WRITERS, ViewName, article_title, neighbourhood, view
from .netdrawing import (
    MAX_DRAWN_NODES,
    SMALL_DRAWING_PAIRS,
    DrawnView,
    draw_view,
    render_view,
    view_caption,
    view_title,
)
from .timeline import (
    MAX_TIMELINE_MARKS,
    DrawnTimeline,
    draw_timeline,
    render_timeline,
    timeline_caption,
)

__all__ = [
    "MAX_DRAWN_NODES", "MAX_TIMELINE_MARKS", "SMALL_DRAWING_PAIRS", "Box", "DrawnTimeline", "DrawnView",
    "draw_file", "draw_timeline", "draw_view", "render_timeline", "render_view", "stage_drawings",
]  # fmt: skip


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
        save_figure(fig, tmp)
    timeline, _ = render_timeline(found, caption=timeline_caption(article_title))
    tmp, _final = outputs.stage_path("timeline.png")
    save_figure(timeline, tmp)
