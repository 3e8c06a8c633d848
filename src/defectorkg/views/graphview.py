"""The relationship view: the RDF graph as networkx graphs, their statistics and file formats.

A view is a pure function of the RDF graph (never of the extraction records), so it shows
exactly what the graph says. Nodes are IRIs (the node id is the IRI string); literals become
node attributes, never nodes. Every attribute is a string or an integer, so GraphML and GEXF
can hold it. Views:

* ``people``: people and groups; kinship and association edges; "same event as" edges
  between two parties that took part in the same event (or in its route steps).
* ``full``: everything but sources: people, groups, organizations, places, events, works.
* ``sources``: sources with the people and groups that cite them, their authors and
  publishers.

Edge direction: an edge ``u -> v`` with ``relation`` "uncle of" reads "u is the uncle of v".
Where that is the reverse of the stated triple (``v dkg:hasUncle u``), the edge has
``inverse = 1``; ``predicate`` is always the property stated in the graph.

Views are built by iterating triples by predicate (plus one pass over all triples for the
full view), never with a query per node, so a graph of a million triples takes seconds.
"""

from __future__ import annotations

import networkx as nx
from rdflib import Graph

from ..files import OutputSet
from ..rdf.rdffiles import load_graph
from .defections import Defection, defections, read_defections
from .index import (
    NODE_KINDS,
    article_title,
    read_index,
)
from .network import (
    SAME_EVENT,
    VIEW_NAMES,
    ViewName,
    build_view,
    neighbourhood,
    sorted_subgraph,
    view,
    views,
)
from .statistics import format_stats, most_connected, stats
from .viewformats import (
    WRITERS,
    gexf_bytes,
    graphml_bytes,
    node_link_bytes,
    write_gexf,
    write_graphml,
    write_node_link_json,
)

__all__ = [
    "NODE_KINDS", "SAME_EVENT", "VIEW_NAMES", "WRITERS", "Defection", "ViewName", "article_title",
    "defections", "format_stats", "gexf_bytes", "graphml_bytes", "load_graph", "most_connected",
    "neighbourhood", "node_link_bytes", "sorted_subgraph", "stats", "view", "views", "write_gexf",
    "write_graphml", "write_node_link_json", "write_view_files",
]  # fmt: skip


def export_view_files(outputs: OutputSet, full: nx.MultiDiGraph) -> None:
    """Stage relationships.graphml, .gexf and .json (the full view) into ``outputs``."""
    outputs.add("relationships.graphml", graphml_bytes(full))
    outputs.add("relationships.gexf", gexf_bytes(full))
    outputs.add("relationships.json", node_link_bytes(full))


def write_view_files(outputs: OutputSet, graph: Graph, *, article_title: str) -> None:
    """Stage every view file of a build into ``outputs``.

    relationships.graphml/.gexf/.json hold the full view (sources appear as the ``sources``
    attribute of each node); relationships.png/.svg draw the people view; timeline.png
    draws the defections.
    """
    from . import drawing  # drawing builds on this module, so it is imported when needed

    index = read_index(graph)
    export_view_files(outputs, build_view(index, "full"))
    drawing.stage_drawings(outputs, build_view(index, "people"), read_defections(index),
                           article_title=article_title)  # fmt: skip
