"""Time each stage of a build on a synthetic article of 31,093 entries (``make bench``).

Prints seconds per stage and the peak memory; speed is measured here, never in timed tests.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import write_article  # noqa: E402  (benchmarks/ is not a package)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=31_093)
    args = parser.parse_args()
    from defectorkg import pipeline

    with tempfile.TemporaryDirectory() as tmp:
        article = write_article(Path(tmp) / "synthetic.txt", args.entries)
        started = time.perf_counter()
        result = pipeline.build(article, Path(tmp) / "out", timings=True)
        total = time.perf_counter() - started
    for stage, seconds in result.timings:
        print(f"{stage:>12}: {seconds:7.2f} s")
    print(f"{'total':>12}: {total:7.2f} s for {args.entries:,} entries")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'peak RSS':>12}: {peak:7.0f} MiB")


if __name__ == "__main__":
    main()
