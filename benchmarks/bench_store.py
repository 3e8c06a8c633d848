"""Time the store and the query catalogue at the scale of the article's 31,093 defectors.

A synthetic dataset is made by copying the hand-written sample graph (tests/fixtures/graphs/
sample.ttl) under renamed IRIs until it holds about as many triples as a full build would
(1,500 copies of its 8 defectors, about 1M quads, each copy in its own named graph as the TriG
export has one graph per entry; places and organizations shared as gazetteer entries are).
Then: load it into an Oxigraph store, reload it (idempotence), run every catalogue query on
the store and one on the file parsed in memory.
Run: `python benchmarks/bench_store.py [COPIES]`.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from defectorkg.sparql import query, store
from defectorkg.iris import DEFAULT_BASE

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "fixtures" / "graphs" / "sample.ttl"


SHARED = (f"{DEFAULT_BASE}place/", f"{DEFAULT_BASE}organization/", f"{DEFAULT_BASE}ontology#")


def renamed(term: ox.NamedNode | ox.BlankNode | ox.Literal, copy: int) -> object:
    """``term`` with data IRIs under the base made unique to ``copy``; places and
    organizations stay shared, as gazetteer entries are in a real build."""
    value = term.value if isinstance(term, ox.NamedNode) else ""
    if value.startswith(DEFAULT_BASE) and not value.startswith(SHARED):
        return ox.NamedNode(f"{value}-c{copy}")
    return term


def synthetic_trig(path: Path, copies: int) -> int:
    """Write ``copies`` renamed copies of the sample as TriG, one named graph per copy and each
    triple in one graph only (as the export writes them); returns the number of quads."""
    triples = list(ox.parse(path=str(SAMPLE), format=ox.RdfFormat.TURTLE))
    seen: set[tuple[object, object, object]] = set()
    quads = []
    for c in range(copies):
        graph = ox.NamedNode(f"{DEFAULT_BASE}entry/c{c}")
        for t in triples:
            triple = (renamed(t.subject, c), t.predicate, renamed(t.object, c))
            if triple not in seen:
                seen.add(triple)
                quads.append(ox.Quad(*triple, graph))
    ox.serialize(quads, str(path), format=ox.RdfFormat.TRIG)
    return len(quads)


def timed(label: str, func, *args, **kwargs):  # type: ignore[no-untyped-def]
    """Run ``func`` and print how long it took."""
    started = time.perf_counter()
    value = func(*args, **kwargs)
    print(f"{label:<44} {time.perf_counter() - started:7.2f} s")
    return value


def main() -> None:
    """Build the synthetic dataset and time the store and the catalogue."""
    copies = int(sys.argv[1]) if len(sys.argv) > 1 else 1500
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        trig = folder / "synthetic.trig"
        count = timed(f"write synthetic TriG ({copies} copies)", synthetic_trig, trig, copies)
        print(f"{'quads':<44} {count:>9}")
        timed("load_into_store (new store)", store.load_into_store, trig, folder / "store")
        timed(
            "load_into_store again (replace graphs)", store.load_into_store, trig, folder / "store"
        )
        for item in query.catalogue():
            result = timed(
                f"query {item.name} on the store", query.run, item, query.StoreTarget(folder / "store")
            )
            print(f"{'  rows':<44} {len(result.rows):>9}")
        timed(
            "query routes --param kind (store)",
            query.run,
            "routes",
            query.StoreTarget(folder / "store"),
            params={"kind": "JSA crossing"},
        )
        timed("query defectors on the TriG file (memory)", query.run, "defectors", query.GraphTarget(trig))


if __name__ == "__main__":
    main()
