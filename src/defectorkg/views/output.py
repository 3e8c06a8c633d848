"""Output staging: every view file of a build, and the file `defectorkg draw` writes.

A build stages relationships.graphml/.gexf/.json (the full view), relationships.png/.svg
(the people view) and timeline.png; `draw` writes one view (or a neighbourhood) to a file
whose suffix picks a drawing (.png, .svg) or a file format (.graphml, .gexf, .json).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import networkx as nx

from ..errors import OutputError
from ..files import OutputSet
from .defectionrows import Defection, read_defections
from .figure import DRAWING_SUFFIXES, save_figure
from .index import RDFTriples, read_index
from .netdrawing import draw_view, render_view, view_caption, view_title
from .network import ViewName, build_view, neighbourhood
from .timeline import render_timeline, timeline_caption
from .viewformats import FORMATS, WRITERS, stage_text

__all__ = ["draw_file", "export_view_files", "stage_drawings", "write_view_files"]


def draw_file(
    graph: RDFTriples,
    path: Path,
    *,
    view_name: ViewName = "people",
    focus: str | None = None,
    depth: int = 2,
) -> nx.MultiDiGraph:
    """Write a view of ``graph`` (or the neighbourhood of ``focus``) to ``path``, by suffix.

    .png and .svg are drawings; .graphml, .gexf and .json are the view's file formats.
    Returns the view that was written.
    """
    suffix = path.suffix.lower()
    if suffix not in DRAWING_SUFFIXES and suffix not in WRITERS:
        known = ", ".join((*DRAWING_SUFFIXES, *WRITERS))
        raise OutputError(f"{path}: unknown output type {path.suffix!r} (known: {known})")
    index = read_index(graph)
    shown = build_view(index, view_name)
    if focus is not None:
        shown = neighbourhood(shown, focus, depth)
    if suffix in WRITERS:
        WRITERS[suffix](shown, path)
        return shown
    article = index.article_title() or "an unnamed article"
    draw_view(shown, path, title=view_title(article, shown), caption=view_caption(article, shown))
    return shown


def stage_drawings(
    outputs: OutputSet, people: nx.MultiDiGraph, found: Sequence[Defection], *, article_title: str
) -> None:
    """Stage relationships.png, relationships.svg (the people view) and timeline.png."""
    fig, _ = render_view(
        people, title=view_title(article_title, people), caption=view_caption(article_title, people)
    )
    for name in ("relationships.png", "relationships.svg"):
        tmp, _final = outputs.stage_path(name)
        save_figure(fig, tmp)
    timeline, _ = render_timeline(found, caption=timeline_caption(article_title))
    tmp, _final = outputs.stage_path("timeline.png")
    save_figure(timeline, tmp)


def export_view_files(outputs: OutputSet, full: nx.MultiDiGraph) -> None:
    """Stage relationships.graphml, .gexf and .json (the full view) into ``outputs``."""
    for suffix, chunks in FORMATS.items():
        stage_text(outputs, f"relationships{suffix}", chunks(full))


def write_view_files(outputs: OutputSet, graph: RDFTriples, *, article_title: str) -> None:
    """Stage every view file of a build into ``outputs``.

    relationships.graphml/.gexf/.json hold the full view (sources appear as the ``sources``
    attribute of each node); relationships.png/.svg draw the people view; timeline.png
    draws the defections.
    """
    index = read_index(graph)
    export_view_files(outputs, build_view(index, "full"))
    stage_drawings(outputs, build_view(index, "people"), read_defections(index),
                           article_title=article_title)  # fmt: skip
