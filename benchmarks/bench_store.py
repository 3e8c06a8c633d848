"""Time the store and the query catalogue at the scale of the article's 31,093 defectors.

A synthetic dataset is made by copying the hand-written sample graph (tests/fixtures/graphs/
sample.ttl) under renamed IRIs until it holds about as many triples as a full build would
(~1.3k copies, ~970k quads, each copy in its own named graph as the TriG export has one graph
per entry).  Then: load it into an Oxigraph store, reload it (idempotence), run every catalogue
query on the store and one on the file parsed in memory.
Run: `python benchmarks/bench_store.py [COPIES]`.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from defectorkg import query, store
from defectorkg.iris import DEFAULT_BASE

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "fixtures" / "graphs" / "sample.ttl"


def renamed(term: ox.NamedNode | ox.BlankNode | ox.Literal, copy: int) -> object:
    """``term`` with data IRIs under the base made unique to ``copy``."""
    if (
        isinstance(term, ox.NamedNode)
        and term.value.startswith(DEFAULT_BASE)
        and "ontology#" not in term.value
    ):
        return ox.NamedNode(f"{term.value}-c{copy}")
    return term


def synthetic_trig(path: Path, copies: int) -> int:
    """Write ``copies`` renamed copies of the sample as TriG; returns the number of quads."""
    triples = list(ox.parse(path=str(SAMPLE), format=ox.RdfFormat.TURTLE))
    quads = [
        ox.Quad(
            renamed(t.subject, c),
            t.predicate,
            renamed(t.object, c),
            ox.NamedNode(f"{DEFAULT_BASE}entry/c{c}"),
        )
        for c in range(copies)
        for t in triples
    ]
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
    copies = int(sys.argv[1]) if len(sys.argv) > 1 else 1300
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
                f"query {item.name} on the store", query.run, item, store=folder / "store"
            )
            print(f"{'  rows':<44} {len(result.rows):>9}")
        timed(
            "query routes --param kind (store)",
            query.run,
            "routes",
            store=folder / "store",
            params={"kind": "JSA crossing"},
        )
        timed("query defectors on the TriG file (memory)", query.run, "defectors", graph=trig)


if __name__ == "__main__":
    main()
