"""``make bench``: whole builds in fresh processes, stage by stage, and the floor beside them.

For the bundled article and synthetic articles of 1,000, 10,000 and 31,093 entries (the intro's
count of defectors who had reached the South by 2016) it runs ``defectorkg build`` in a fresh
process and reports the wall time from process start to all outputs, each stage's wall time,
the peak resident memory and the triple count.  Beside each build, the floor on this machine:
pyoxigraph loading the build's quads (N-Quads) into a store, and pyshacl validating them with
``shapes/`` (rdflib parse plus ``pyshacl.validate``; above ``--pyshacl-floor-max`` entries that
takes minutes and gigabytes, so it is skipped and said so).  Writes ``benchmarks/results.md``
with the machine, the versions and the date.  Speed is measured here, never in timed tests.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import write_article  # noqa: E402  (benchmarks/ is not a package)

SIZES = (0, 1_000, 10_000, 31_093)  # 0: the bundled article

# Runs in a fresh process: the build with stage timings, then (untimed) the N-Quads for the floor.
_BUILD = """
import json, resource, sys, time
started = time.perf_counter()
from pathlib import Path
from defectorkg import pipeline
from defectorkg.rdf.export import nquads_chunks
article = None if sys.argv[1] == "-" else Path(sys.argv[1])
out = Path(sys.argv[2])
result = pipeline.build(article, out, timings=True)
total = time.perf_counter() - started
with open(out / "defectors.nq", "w", encoding="utf-8") as handle:
    handle.writelines(nquads_chunks(result.quads))
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"stages": result.timings, "cpu": result.cpu_timings, "in_process": total, "triples": len(result.quads),
                  "quads": len(result.quads.quads), "peak_mib": own, "children_peak_mib": children,
                  "entries": len(result.article.entries)}))
"""

_OXIGRAPH = """
import json, resource, sys, time
import pyoxigraph as ox
started = time.perf_counter()
store = ox.Store()
store.bulk_load(path=sys.argv[1], format=ox.RdfFormat.N_QUADS)
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "quads": len(store),
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

_PYSHACL = """
import json, resource, sys, time
from pathlib import Path
import pyshacl
from rdflib import Dataset, Graph
started = time.perf_counter()
dataset = Dataset()
dataset.parse(sys.argv[1], format="nquads")
graph = Graph()
for s, p, o, _ in dataset.quads((None, None, None, None)):
    graph.add((s, p, o))
del dataset
parsed = time.perf_counter() - started
shapes = Graph()
for file in sorted(Path(sys.argv[2]).glob("*.ttl")):
    shapes.parse(file)
conforms, _, _ = pyshacl.validate(graph, shacl_graph=shapes, inference="none", allow_warnings=True)
total = time.perf_counter() - started
print(json.dumps({"parse": parsed, "validate": total - parsed, "triples": len(graph),
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _run(code: str, *args: str) -> tuple[dict[str, object], float]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False,
        env=dict(os.environ, PYTHONHASHSEED="0"),
    )  # fmt: skip
    wall = time.perf_counter() - started
    if done.returncode not in (0,):
        raise SystemExit(f"benchmark step failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1]), wall


def measure(entries: int, folder: Path, pyshacl_floor_max: int) -> dict[str, object]:
    """One size: the build, then the floor on its quads."""
    if entries:
        article = str(write_article(folder / f"synthetic-{entries}.txt", entries))
    else:
        article = "-"
    out = folder / f"out-{entries}"
    build, wall = _run(_BUILD, article, str(out))
    row: dict[str, object] = {"size": entries or "bundled", "process_wall": wall, **build}
    nq = str(out / "defectors.nq")
    row["oxigraph"], _ = _run(_OXIGRAPH, nq)
    if (entries or 0) <= pyshacl_floor_max:
        row["pyshacl"], _ = _run(_PYSHACL, nq, str(HERE.parent / "shapes"))
    return row


def _machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}){memory}"


def _versions() -> str:
    names = ("defectorkg", "rdflib", "pyshacl", "pyoxigraph", "networkx", "matplotlib")
    found = []
    for name in names:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            pass
    return f"Python {platform.python_version()}; " + ", ".join(found)


def report(rows: list[dict[str, object]], load: str) -> str:
    """The Markdown of results.md (the figures; the analysis is kept below a marker)."""
    stages = ("parse", "extract", "map", "validate", "export", "view")
    lines = [
        f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {_machine()}; {_versions()}.",
        f"Load average when the run started: {load}. Stage cells are wall seconds, with the CPU seconds",
        "of the process that ran the stage in brackets (validation runs in a forked child from 250,000",
        "quads on, beside export and view; `validate-wait` is what the build then waited for it).",
        "",
        "| size | entries | triples | process start → all outputs (s) | "
        + " | ".join(stages) + " | peak RSS build (MiB) | pyoxigraph load (s) | "
        "pyshacl floor: parse + validate (s) |",
        "|" + "---|" * (len(stages) + 7),
    ]
    for row in rows:
        timings = dict(row["stages"])  # type: ignore[arg-type]
        cpu = dict(row.get("cpu", ()))  # type: ignore[arg-type]
        ox = row["oxigraph"]
        shacl = row.get("pyshacl")
        floor = f"{shacl['parse']:.1f} + {shacl['validate']:.1f}" if shacl else "skipped"  # type: ignore[index]
        peak = max(float(row["peak_mib"]), float(row["children_peak_mib"]))  # type: ignore[arg-type]
        lines.append(
            f"| {row['size']} | {row['entries']} | {row['triples']:,} | {row['process_wall']:.2f} | "
            + " | ".join(f"{timings.get(s, 0.0):.2f} ({cpu.get(s, 0.0):.2f})" for s in stages)
            + f" | {peak:.0f} | {ox['seconds']:.2f} | {floor} |"  # type: ignore[index]
        )
    return "\n".join(lines) + "\n"


MARKER = "<!-- figures above are rewritten by make bench; the notes below are kept -->"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES),
                        help="entries per synthetic article; 0 is the bundled article")  # fmt: skip
    parser.add_argument("--pyshacl-floor-max", type=int, default=10_000)
    parser.add_argument("--write", type=Path, default=HERE / "results.md")
    args = parser.parse_args()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            row = measure(size, Path(tmp), args.pyshacl_floor_max)
            rows.append(row)
            print(json.dumps(row), flush=True)
    table = report(rows, load)
    print(table)
    if args.write:
        notes = ""
        if args.write.exists() and MARKER in args.write.read_text(encoding="utf-8"):
            notes = args.write.read_text(encoding="utf-8").split(MARKER, 1)[1]
        args.write.write_text("# Benchmark results (`make bench`)\n\n" + table + "\n" + MARKER + notes,
                              encoding="utf-8")  # fmt: skip


if __name__ == "__main__":
    main()
