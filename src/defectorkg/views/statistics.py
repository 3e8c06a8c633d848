"""Statistics of the views: counts per kind and relation, components, the most connected
people, defections per decade and route kind, and their plain-text tables."""

from __future__ import annotations

from collections import Counter

import networkx as nx

from ..kinds import ROUTE_KINDS
from .defectionrows import read_defections
from .index import NODE_KINDS, Attr, RDFTriples, read_index
from .network import VIEW_NAMES, build_view

EXACT_BETWEENNESS_LIMIT = 2000  # above this many nodes, betweenness is sampled
BETWEENNESS_SAMPLES = 500  # sources of the sampled estimate (seed 0) ...
BETWEENNESS_BUDGET = 20_000_000  # ... but no more than this many node and edge visits in all
MIN_BETWEENNESS_SAMPLES = 50
TOP_PEOPLE = 10


def _component_sizes(graph: nx.MultiDiGraph) -> list[int]:
    """Sizes of the weakly connected components, largest first."""
    return sorted((len(c) for c in nx.weakly_connected_components(graph)), reverse=True)


def _view_summary(graph: nx.MultiDiGraph) -> dict[str, object]:
    """Node and edge counts per kind and relation, and the components of one view."""
    sizes = _component_sizes(graph)
    kinds = Counter(str(d["kind"]) for _, d in graph.nodes(data=True))
    relations = Counter(str(d["relation"]) for _, _, d in graph.edges(data=True))
    return {
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "nodes_by_kind": {k: kinds[k] for k in NODE_KINDS if kinds[k]},
        "edges_by_relation": dict(sorted(relations.items())),
        "components": len(sizes),
        "largest_components": sizes[:5],
    }


def _samples(component: int, edges: int) -> int | None:
    """How many sources betweenness is computed from: all (None) for a component of at most
    EXACT_BETWEENNESS_LIMIT nodes; else BETWEENNESS_SAMPLES, fewer on a component so large
    that they would cost more than BETWEENNESS_BUDGET visits (a search visits every node and
    edge once), never fewer than MIN_BETWEENNESS_SAMPLES."""
    if component <= EXACT_BETWEENNESS_LIMIT:
        return None
    affordable = BETWEENNESS_BUDGET // (component + edges)
    return min(component, max(MIN_BETWEENNESS_SAMPLES, min(BETWEENNESS_SAMPLES, affordable)))


def _betweenness(simple: nx.Graph, wanted: set[str]) -> dict[str, float]:
    """Unnormalised betweenness of the components that hold a ``wanted`` node.

    Only components of three or more nodes can have a non-zero value. Each is searched on
    its own (on a copy: subgraph views are slow to walk), exactly or from a fixed sample of
    sources (seed 0; see :func:`_samples`). Betweenness is O(nodes x edges) per component:
    computing it only where it is shown keeps `stats` linear in the graph when the people
    view falls into many components.
    """
    values: dict[str, float] = {}
    for component in nx.connected_components(simple):
        if len(component) < 3 or component.isdisjoint(wanted):
            continue
        core = nx.Graph()
        core.add_nodes_from(sorted(component))
        core.add_edges_from(sorted(simple.subgraph(component).edges()))
        samples = _samples(len(component), core.number_of_edges())
        for node, value in nx.betweenness_centrality(
            core, k=samples, normalized=False, seed=0
        ).items():
            values[str(node)] = float(value)
    return values


def _contenders(degree: dict[str, int], top: int) -> set[str]:
    """The nodes that can be among the ``top`` most connected: a degree of at least the
    ``top``-th largest (ties on it are broken by betweenness, so those need it too)."""
    linked = sorted((d for d in degree.values() if d > 0), reverse=True)
    if not linked or top <= 0:
        return set()
    cut = linked[min(top, len(linked)) - 1]
    return {n for n, d in degree.items() if d >= cut and d > 0}


def most_connected(people: nx.MultiDiGraph, top: int = TOP_PEOPLE) -> list[dict[str, Attr | float]]:
    """The ``top`` people and groups with the most distinct neighbours in the people view
    (ties: higher betweenness first, then by label)."""
    simple = nx.Graph()
    simple.add_nodes_from(sorted(people.nodes))
    simple.add_edges_from(sorted((u, v) for u, v in people.edges() if u != v))
    degree: dict[str, int] = dict(simple.degree())
    contenders = _contenders(degree, top)
    betweenness = _betweenness(simple, contenders)
    ranked = sorted(
        contenders,
        key=lambda n: (-degree[n], -betweenness.get(n, 0.0), str(people.nodes[n]["label"]), n),
    )
    return [
        {
            "label": str(people.nodes[n]["label"]),
            "iri": n,
            "kind": str(people.nodes[n]["kind"]),
            "degree": int(degree[n]),
            "betweenness": round(betweenness.get(n, 0.0), 3),
        }
        for n in ranked[:top]
    ]


def stats(graph: RDFTriples) -> dict[str, object]:
    """Counts per kind and relation, components, most connected people, defections by decade and route."""
    index = read_index(graph)
    built = {name: build_view(index, name) for name in VIEW_NAMES}
    found = read_defections(index)
    decades = Counter(d.decade for d in found)
    routes = Counter(d.route for d in found)
    route_order = [*ROUTE_KINDS, "unknown"]
    return {
        "views": {name: _view_summary(g) for name, g in built.items()},
        "most_connected": most_connected(built["people"]),
        "defections": len(found),
        "defections_per_decade": dict(
            sorted(decades.items(), key=lambda kv: (kv[0] == "undated", kv[0]))
        ),
        "defections_per_route_kind": {r: routes[r] for r in route_order if routes[r]},
    }


def format_stats(summary: dict[str, object]) -> str:
    """The statistics as plain-text tables."""
    lines: list[str] = []
    view_summaries: dict[str, dict[str, object]] = summary["views"]  # type: ignore[assignment]
    for name, data in view_summaries.items():
        lines.append(
            f"{name} view: {data['nodes']} nodes, {data['edges']} edges, "
            f"{data['components']} components (largest: {data['largest_components']})"
        )
        lines += _table("  kind", data["nodes_by_kind"])  # type: ignore[arg-type]
        lines += _table("  relation", data["edges_by_relation"])  # type: ignore[arg-type]
    lines.append("most connected people (people view):")
    lines.append(f"  {'degree':>6}  {'betweenness':>11}  name")
    for row in summary["most_connected"]:  # type: ignore[attr-defined]
        lines.append(f"  {row['degree']:>6}  {row['betweenness']:>11.3f}  {row['label']}")
    lines.append(f"defections: {summary['defections']}")
    lines += _table("  decade", summary["defections_per_decade"])  # type: ignore[arg-type]
    lines += _table("  first route step", summary["defections_per_route_kind"])  # type: ignore[arg-type]
    return "\n".join(lines)


def _table(heading: str, counts: dict[str, int]) -> list[str]:
    """A two-column table: heading, then one "count  name" row per item."""
    return [f"{heading}:"] + [f"    {n:>6}  {name}" for name, n in counts.items()]
