"""The view stage at scale: betweenness only where it is shown, sampled on huge components,
triples read from any iterable, view files streamed (speed itself is measured in benchmarks/)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph

from defectorkg import views
from defectorkg.files import OutputSet
from defectorkg.views import statistics

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "fixtures" / "graphs" / "view-sample.ttl"


def _people(edges: list[tuple[str, str]], loners: int = 0) -> nx.MultiDiGraph:
    view = nx.MultiDiGraph(name="people")
    names = sorted({n for e in edges for n in e} | {f"z{i}" for i in range(loners)})
    for name in names:
        view.add_node(name, label=name.upper(), kind="person")
    for number, (u, v) in enumerate(edges):
        view.add_edge(u, v, key=f"e{number}")
    return view


def _reference(people: nx.MultiDiGraph, top: int) -> list[tuple[str, int, float]]:
    """The ranking computed the plain way: exact betweenness of every node of the whole graph."""
    simple = nx.Graph(nx.to_undirected(people))
    simple.remove_edges_from(list(nx.selfloop_edges(simple)))
    between = nx.betweenness_centrality(simple, normalized=False)
    ranked = sorted(
        simple, key=lambda n: (-simple.degree(n), -between[n], people.nodes[n]["label"], n)
    )
    return [
        (n, simple.degree(n), round(between[n], 3)) for n in ranked[:top] if simple.degree(n) > 0
    ]


def test_most_connected_equals_the_plain_ranking() -> None:
    """Stars, paths, a cycle, ties of degree and self-loops: the same top ten as exact betweenness of all."""
    edges = [("hub", f"h{i}") for i in range(6)] + [
        ("h0", "h1"),
        ("p0", "p1"),
        ("p1", "p2"),
        ("p2", "p3"),
    ]
    edges += [
        ("c0", "c1"),
        ("c1", "c2"),
        ("c2", "c3"),
        ("c3", "c0"),
        ("c1", "c1"),
        ("solo", "solo"),
    ]
    edges += [(f"s{i}", f"t{i}") for i in range(5)] + [("t0", "u0"), ("t0", "u1")]
    people = _people(edges, loners=3)
    for top in (1, 3, 10, 40):
        found = [
            (r["iri"], r["degree"], r["betweenness"])
            for r in statistics.most_connected(people, top)
        ]
        assert found == _reference(people, top)


def test_betweenness_is_searched_only_in_components_that_are_shown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """1,000 three-node paths and two stars: only the stars' components are searched for the top two."""
    edges = [(f"a{i}", f"b{i}") for i in range(1000)] + [(f"b{i}", f"c{i}") for i in range(1000)]
    edges += [("star", f"ray{i}") for i in range(5)] + [
        ("small star", f"spoke{i}") for i in range(4)
    ]
    searched: list[int] = []
    real = nx.betweenness_centrality

    def counting(graph: nx.Graph, **options: object) -> dict[str, float]:
        searched.append(graph.number_of_nodes())
        return real(graph, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(statistics.nx, "betweenness_centrality", counting)
    top = statistics.most_connected(_people(edges), 2)
    assert [(r["iri"], r["degree"], r["betweenness"]) for r in top] == [
        ("star", 5, 10.0),
        ("small star", 4, 6.0),
    ]
    assert sorted(searched) == [5, 6]


def test_huge_components_are_sampled_within_a_budget() -> None:
    """Exact up to 2,000 nodes; then 500 sources, fewer when they would cost over the budget."""
    assert statistics._samples(2000, 10**6) is None
    assert statistics._samples(3000, 6000) == 500
    assert statistics._samples(100_000, 200_000) == 66  # 20,000,000 // 300,000
    assert statistics._samples(10**6, 10**7) == 50
    ring = nx.MultiDiGraph(
        nx.cycle_graph([f"n{i:04d}" for i in range(2500)], create_using=nx.MultiDiGraph)
    )
    for node in ring:
        ring.nodes[node].update(label=node, kind="person")
    first = statistics.most_connected(ring, 3)
    assert first == statistics.most_connected(ring, 3)  # sampled with a fixed seed
    assert [r["degree"] for r in first] == [2, 2, 2]


def test_views_read_any_iterable_of_triples(tmp_path: Path) -> None:
    """A generator of rdflib triples gives the same views and files as the rdflib Graph."""
    graph = Graph().parse(SAMPLE)
    by_graph = views.views(graph)
    by_generator = views.views(triple for triple in graph)
    for name, view in by_graph.items():
        assert list(by_generator[name].nodes(data=True)) == list(view.nodes(data=True))
        assert list(by_generator[name].edges(keys=True, data=True)) == list(
            view.edges(keys=True, data=True)
        )
    assert views.stats(iter(list(graph))) == views.stats(graph)
    assert views.defections(iter(list(graph))) == views.defections(graph)
    assert views.article_title(iter(list(graph))) == views.article_title(graph)
    written = {}
    for name, source in (("graph", graph), ("triples", iter(list(graph)))):
        outputs = OutputSet(tmp_path / name)
        views.write_view_files(outputs, source, article_title="Sample")
        written[name] = {p.name: p.read_bytes() for p in outputs.commit()}
    assert written["graph"] == written["triples"] and len(written["graph"]) == 6


def test_streamed_view_files_equal_the_in_memory_bytes(tmp_path: Path) -> None:
    """GraphML, GEXF and JSON written piece by piece are byte for byte the *_bytes texts."""
    full = views.view(Graph().parse(SAMPLE), "full")
    for suffix, whole in (
        (".graphml", views.graphml_bytes),
        (".gexf", views.gexf_bytes),
        (".json", views.node_link_bytes),
    ):
        path = tmp_path / f"full{suffix}"
        views.WRITERS[suffix](full, path)
        assert path.read_bytes() == whole(full)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full.gexf", "full.graphml", "full.json"]
