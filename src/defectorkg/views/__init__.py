"""The graph as networkx views, their statistics, file formats and drawings.

The modules, in the order they build on each other (imports run one way, top to bottom):

==================  ==============================================================
``index``           reading the RDF graph once: node kinds, labels, attributes
``network``         the people, full and sources views; a named node's neighbourhood
``defectionrows``   each defecting party with its date and first route step
``statistics``      counts, components, most connected people; text tables
``viewformats``     GraphML, GEXF and node-link JSON
``figure``          figure basics: pixel-unit frames, text measurement, saving
``labels``          label placement: overlap removal, node footprints, edge labels
``layout``          node positions of the network drawing
``netdrawing``      the network drawing
``timeline``        the timeline of defections
``output``          the view files of a build, and the file `defectorkg draw` writes
==================  ==============================================================

The names below are the public API. They are imported when first used, so that reading the
statistics does not import matplotlib.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

# public name -> the module that defines it
_API: dict[str, str] = {
    "NODE_KINDS": "index", "RDFTriples": "index", "article_title": "index", "read_graph_file": "index",
    "SAME_EVENT": "network", "VIEW_NAMES": "network", "ViewName": "network", "neighbourhood": "network",
    "sorted_subgraph": "network", "view": "network", "views": "network",
    "Defection": "defectionrows", "defections": "defectionrows",
    "format_stats": "statistics", "most_connected": "statistics", "stats": "statistics",
    "WRITERS": "viewformats", "gexf_bytes": "viewformats", "graphml_bytes": "viewformats",
    "node_link_bytes": "viewformats", "write_gexf": "viewformats", "write_graphml": "viewformats",
    "write_node_link_json": "viewformats",
    "Box": "figure",
    "MAX_DRAWN_NODES": "netdrawing", "SMALL_DRAWING_PAIRS": "netdrawing", "DrawnView": "netdrawing",
    "draw_view": "netdrawing", "render_view": "netdrawing",
    "MAX_TIMELINE_MARKS": "timeline", "DrawnTimeline": "timeline", "draw_timeline": "timeline",
    "render_timeline": "timeline",
    "draw_file": "output", "write_view_files": "output",
    "load_graph": "..rdf.rdffiles",
}  # fmt: skip

__all__ = [
    "MAX_DRAWN_NODES",
    "MAX_TIMELINE_MARKS",
    "NODE_KINDS",
    "SAME_EVENT",
    "SMALL_DRAWING_PAIRS",
    "VIEW_NAMES",
    "WRITERS",
    "Box",
    "Defection",
    "DrawnTimeline",
    "DrawnView",
    "RDFTriples",
    "ViewName",
    "article_title",
    "defections",
    "draw_file",
    "draw_timeline",
    "draw_view",
    "format_stats",
    "gexf_bytes",
    "graphml_bytes",
    "load_graph",
    "most_connected",
    "neighbourhood",
    "node_link_bytes",
    "read_graph_file",
    "render_timeline",
    "render_view",
    "sorted_subgraph",
    "stats",
    "view",
    "views",
    "write_gexf",
    "write_graphml",
    "write_node_link_json",
    "write_view_files",
]  # fmt: skip


def __getattr__(name: str) -> object:
    """Import the module of a public name on first use."""
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(
        importlib.import_module(module if module.startswith("..") else f".{module}", __name__), name
    )
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_API})


if TYPE_CHECKING:  # the same names for type checkers (re-exported lazily above)
    from ..rdf.rdffiles import load_graph
    from .defectionrows import Defection, defections
    from .figure import Box
    from .index import NODE_KINDS, RDFTriples, article_title, read_graph_file
    from .netdrawing import MAX_DRAWN_NODES, SMALL_DRAWING_PAIRS, DrawnView, draw_view, render_view
    from .network import (
        SAME_EVENT,
        VIEW_NAMES,
        ViewName,
        neighbourhood,
        sorted_subgraph,
        view,
        views,
    )
    from .output import draw_file, write_view_files
    from .statistics import format_stats, most_connected, stats
    from .timeline import MAX_TIMELINE_MARKS, DrawnTimeline, draw_timeline, render_timeline
    from .viewformats import (
        WRITERS,
        gexf_bytes,
        graphml_bytes,
        node_link_bytes,
        write_gexf,
        write_graphml,
        write_node_link_json,
    )
