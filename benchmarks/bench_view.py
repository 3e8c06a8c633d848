"""Time the relationship view at the scale of the article's 31,093 defectors.

A synthetic graph is made by copying the hand-written view sample (tests/fixtures/graphs/
view-sample.ttl, 7 defecting parties) under renamed IRIs; places, organizations and the article
are shared between copies, as they are in a real build. 1,750 copies give about 880,000 triples
and 12,250 defecting parties. Then: build each view, the statistics, and every view file of a
build (GraphML, GEXF, JSON, PNG, SVG, timeline), first from the rdflib Graph, then from a
plain list of its triples (what the pipeline may hand the view stage instead of a Graph).
Times are CPU seconds of this process (wall seconds in brackets); peak RSS at the end.
Run: `python benchmarks/bench_view.py [COPIES]`.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from rdflib import Graph, URIRef

from defectorkg import views as graphview
from defectorkg.files import OutputSet
from defectorkg.iris import DEFAULT_BASE

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "fixtures" / "graphs" / "view-sample.ttl"
SHARED = ("place/", "organization/", "article/", "ontology#")
T = TypeVar("T")


def renamed(term: object, copy: int) -> object:
    """``term`` with data IRIs under the base (but shared ones) made unique to ``copy``."""
    local = term[len(DEFAULT_BASE) :] if isinstance(term, URIRef) and term.startswith(DEFAULT_BASE) else None
    return URIRef(f"{term}-c{copy}") if local is not None and not local.startswith(SHARED) else term


def synthetic_graph(copies: int) -> Graph:
    """``copies`` renamed copies of the view sample in one graph."""
    sample = list(Graph().parse(SAMPLE))
    graph = Graph()
    for copy in range(copies):
        for s, p, o in sample:
            graph.add((renamed(s, copy), p, renamed(o, copy)))  # type: ignore[arg-type]
    return graph


def timed(label: str, func: Callable[[], T]) -> T:
    """Run ``func`` and print the CPU time (and wall time) it took."""
    started, wall = time.process_time(), time.perf_counter()
    value = func()
    cpu, elapsed = time.process_time() - started, time.perf_counter() - wall
    print(f"{label:<40} {cpu:7.2f} s  ({elapsed:.2f} s wall)", flush=True)
    return value


def main(copies: int) -> None:
    """Build the synthetic graph and time the view stage on it."""
    graph = timed(f"synthetic graph ({copies} copies)", lambda: synthetic_graph(copies))
    print(f"{'triples':<40} {len(graph):>9,}")
    for name in graphview.VIEW_NAMES:
        built = timed(f"view {name}", lambda name=name: graphview.view(graph, name))  # type: ignore[misc]
        print(f"{'  nodes / edges':<40} {built.number_of_nodes():>9,} / {built.number_of_edges():,}")
    summary = timed("stats", lambda: graphview.stats(graph))
    print(f"{'  defections':<40} {summary['defections']:>9,}")
    with tempfile.TemporaryDirectory() as folder:
        outputs = OutputSet(Path(folder))
        timed("write_view_files (all six files)", lambda: graphview.write_view_files(
            outputs, graph, article_title="Synthetic"))  # fmt: skip
        outputs.commit()
    triples = timed("list of the graph's triples", lambda: list(graph))
    with tempfile.TemporaryDirectory() as folder:
        outputs = OutputSet(Path(folder))
        timed("write_view_files from the triples", lambda: graphview.write_view_files(
            outputs, triples, article_title="Synthetic"))  # fmt: skip
        outputs.commit()
    print(f"{'peak memory':<40} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:7.0f} MiB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1750)
