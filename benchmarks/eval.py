"""Score the extraction on every gold file of the development set (``make eval``).

Runs ``score.py GOLD --json --cli DEFECTORKG`` for each ``GOLD`` in ``EVAL/gold/``, prints one table (article ×
category F1, overall) and writes it to ``benchmarks/eval.md``. A measurement, not a test: the exit status is 0
whatever the score, and 0 with a one-line note when the development set is not there.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

CATEGORIES = ("defectors", "relatives", "associates", "routes", "events", "organizations", "works", "places",
              "sources", "citations")


def score(scorer: Path, gold: Path, cli: str) -> dict | None:
    """The category results of one gold file (the JSON block score.py prints first), or None when it gave none."""
    run = subprocess.run([sys.executable, str(scorer), str(gold), "--cli", cli, "--json"],
                         capture_output=True, text=True, check=False)
    start = run.stdout.find("{")
    if start < 0:
        return None
    try:
        result, _end = json.JSONDecoder().raw_decode(run.stdout[start:])
    except json.JSONDecodeError:
        return None
    return result


def cell(value: dict | None) -> str:
    if value is None:
        return "–"
    if value.get("missing"):
        return "MISSING"
    return f"{value['f1']:.2f}"


def overall(result: dict) -> float:
    """The scorer's overall F1: the mean of the category F1s, a missing category counting 0."""
    f1s = [0.0 if v.get("missing") else v["f1"] for v in result.values()]
    return sum(f1s) / len(f1s) if f1s else 0.0


def table(results: dict[str, dict | None]) -> str:
    head = ["article", *CATEGORIES, "overall"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name, result in results.items():
        if result is None:
            lines.append(f"| {name} | " + " | ".join("–" for _ in CATEGORIES) + " | no score |")
            continue
        cells = [cell(result.get(c)) for c in CATEGORIES]
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {overall(result):.3f} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--eval", default="../shared/eval", help="the development set folder (score.py, gold/)")
    parser.add_argument("--cli", default=".venv/bin/defectorkg")
    parser.add_argument("--out", default="benchmarks/eval.md")
    args = parser.parse_args()
    folder = Path(args.eval)
    scorer, golds = folder / "score.py", sorted((folder / "gold").glob("*.json"))
    if not scorer.is_file() or not golds:
        print(f"eval: no development set at {folder} (score.py and gold/*.json); nothing scored")
        return 0
    results = {gold.stem: score(scorer, gold, args.cli) for gold in golds}
    text = table(results)
    print(text, end="")
    Path(args.out).write_text(
        "# Extraction scores on the development set\n\n"
        f"`make eval`: F1 per category for each gold file of `{args.eval}/gold/` (score.py; events, organizations,\n"
        "works and places are recall). A measurement, not a test.\n\n" + text, encoding="utf-8")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
