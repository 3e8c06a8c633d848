"""A synthetic article of the genre with one entry per defector, for benchmarks at real scale.

The intro of the seed says 31,093 defectors had reached the South by 2016: ``make bench`` builds an
article with that many entries, written with a handful of templates over generated names, places
and references, so every stage runs at the size an exhaustive list would have.
"""

from __future__ import annotations

import random
from pathlib import Path

SURNAMES = ["Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh",
            "Seo", "Shin", "Kwon", "Hwang", "Ahn", "Song", "Ryu", "Hong", "Ri", "Ko", "Moon", "Yang"]  # fmt: skip
SYLLABLES = ["chol", "ho", "min", "su", "young", "jin", "hyun", "sung", "kyung", "ok", "hee", "nam",
             "il", "gil", "dong", "mi", "ran", "sook", "jae", "woo", "yong", "hwan", "eun", "ji"]  # fmt: skip
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]  # fmt: skip
TEMPLATES = [
    "{name} – {day} {month} – former soldier (age {age}) who crossed the DMZ near Cheorwon.[{ref}]",
    "{name} – fled North Korea at age {age} across the Tumen River to China, then reached South Korea via Laos and Thailand.[{ref}]",
    "{name} – {month} – a fisherman who sailed south across the Northern Limit Line with his wife.[{ref}]",
    "{name} – sought asylum at the South Korean Embassy in Beijing and arrived in Seoul on {day} {month}.[{ref}]",
    "{name}, a former official of the Workers' Party of Korea, defected with her son via China and Mongolia.[{ref}]",
    "{name} – {day} {month} – a 2{digit}-year-old soldier who fled across the Joint Security Area and was shot.[{ref}]",
    "{name} – was imprisoned at Yodok for {small} years, released, fled to China and published a memoir titled {title} in {later}.[{ref}]",
]
TITLES = ["The River at Night", "North of the Line", "A Winter in Hoeryong", "Letters from Chongjin",
          "The Long Road South", "Songs of the Border"]  # fmt: skip


def make_article(entries: int = 31_093, *, seed: int = 2016) -> str:
    """The text of an article with ``entries`` entries (deterministic for a given seed)."""
    rng = random.Random(seed)
    years = list(range(1953, 2024))
    per_year: dict[int, list[str]] = {year: [] for year in years}
    references = []
    for number in range(entries):
        year = years[min(len(years) - 1, int(rng.triangular(0, len(years), len(years) * 0.75)))]
        name = f"{rng.choice(SURNAMES)} {rng.choice(SYLLABLES).capitalize()}-{rng.choice(SYLLABLES)}"
        ref = number + 1
        per_year[year].append(
            rng.choice(TEMPLATES).format(
                name=name, day=rng.randint(1, 28), month=rng.choice(MONTHS), age=rng.randint(15, 60),
                ref=ref, digit=rng.randint(0, 9), small=rng.randint(2, 9), title=rng.choice(TITLES),
                later=min(2024, year + rng.randint(1, 10)),
            )
        )  # fmt: skip
        references.append(
            f'  {ref}. ^ Reporter, Ann{ref % 97} ({rng.randint(1, 28)} {rng.choice(MONTHS)} {year}). '
            f'"Defector number {ref} reaches Seoul". Daily Example {ref % 13}. Retrieved 1 January 2024.'
        )
    lines = ["List of North Korean defectors in South Korea (synthetic)", "",
             f"This is a synthetic list of {entries:,} defectors for benchmarks.[1]", ""]  # fmt: skip
    for year in years:
        lines.append(f"  • {year}")
        lines.extend(f"    • {text}" for text in per_year[year])
    lines += ["", "ReferencesEdit", ""]
    lines += references
    return "\n".join(lines) + "\n"


def write_article(path: Path, entries: int = 31_093) -> Path:
    """Write the synthetic article to ``path``."""
    path.write_text(make_article(entries), encoding="utf-8")
    return path
