"""Extraction time of one very long entry (``python benchmarks/long_entry.py 134 269 538``).

An entry of the genre that goes on for hundreds of kilobytes: one defector, then sentences about
moves, camps, relatives, works and dates, repeated with varied names and places. Extraction must
grow linearly with the entry's length; this prints seconds per size (speed is measured here,
never in timed tests; tests/test_scale_entry.py counts span comparisons instead).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import MONTHS, SURNAMES, SYLLABLES  # noqa: E402  (benchmarks/ is not a package)

SENTENCES = [
    "In {year} {name} crossed the Tumen River into China near Hoeryong and hid in Yanji for {small} months.",
    "{name} was imprisoned at Yodok political prison camp for {small} years and released in {year}.",
    "On {day} {month} {year} she reached the South Korean Embassy in Beijing with her son {name}.",
    "Her brother {name}, a colonel of the Korean People's Army, was executed in Pyongyang in {year}.",
    "They travelled through Laos and Thailand and arrived in Seoul on {day} {month} {year}.",
    "{name} published the memoir The River at Night in {year} and testified before the United Nations.",
]


def long_entry_article(size_kb: int) -> str:
    """An article whose single entry is about ``size_kb`` kilobytes long (deterministic)."""
    parts = ["Kim Sol-mi – a former teacher from Chongjin who defected in 1998."]
    length, i = len(parts[0]), 0
    while length < size_kb * 1000:
        name = (f"{SURNAMES[i % len(SURNAMES)]} {SYLLABLES[i % 23].capitalize()}-"
                f"{SYLLABLES[(i * 7 + 3) % len(SYLLABLES)]}")  # fmt: skip
        sentence = SENTENCES[i % len(SENTENCES)].format(
            name=name, year=1990 + i % 30, small=2 + i % 7, day=1 + i % 28, month=MONTHS[i % 12]
        )
        parts.append(sentence)
        length += len(sentence) + 1
        i += 1
    return (
        "List of North Korean defectors in South Korea (one long entry)\n\n"
        "A benchmark article with one long entry.[1]\n\n  • 1998\n    • " + " ".join(parts) + "[1]\n\n"
        'ReferencesEdit\n\n  1. ^ "A long story". Daily Example. 1 January 1999.\n'
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sizes", nargs="*", type=int, default=[134, 269, 538], help="entry sizes in KB")
    args = parser.parse_args()
    from defectorkg.extract import extract
    from defectorkg.source.parse import parse_article

    for size in args.sizes:
        article = parse_article(long_entry_article(size), source_name="long-entry.txt")
        started = time.perf_counter()
        extract(article)
        seconds = time.perf_counter() - started
        print(f"{size:>5} KB entry: extraction {seconds:6.2f} s")


if __name__ == "__main__":
    main()
