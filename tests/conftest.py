"""Shared fixtures: paths to the bundled article and test articles, and the seed graph built once."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "list-of-north-korean-defectors-in-south-korea.txt"
ARTICLES = ROOT / "tests" / "fixtures" / "articles"


def pytest_addoption(parser: pytest.Parser) -> None:
    """Golden files are only rewritten when asked (`make golden`)."""
    parser.addoption(
        "--update-golden", action="store_true", default=False,
        help="rewrite tests/golden/ from the current build instead of comparing",
    )


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when the run should rewrite golden files."""
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """The bundled seed article."""
    return SEED


@pytest.fixture(scope="session")
def seed_article():  # type: ignore[no-untyped-def]
    """The seed article parsed once per session."""
    from defectorkg.source.parse import read_article

    return read_article(SEED)


@pytest.fixture(scope="session")
def seed_records(seed_article):  # type: ignore[no-untyped-def]
    """The seed article's extracted records, once per session."""
    from defectorkg.extract import extract

    return extract(seed_article)


@pytest.fixture(scope="session")
def seed_graph(seed_records):  # type: ignore[no-untyped-def]
    """The seed article's RDF graph (the plain union graph), built once per session in memory."""
    from defectorkg.rdf.mapping import to_graph

    return to_graph(seed_records)


@pytest.fixture(scope="session")
def hand_records():  # type: ignore[no-untyped-def]
    """Hand-made records (tests/fixtures/records/hand.py): the graph stage's input without extraction."""
    from fixtures.records.hand import hand_records as build_hand_records

    return build_hand_records()


@pytest.fixture(scope="session")
def hand_graph(hand_records):  # type: ignore[no-untyped-def]
    """The plain graph of the hand-made records, built once per session (do not mutate: copy)."""
    from defectorkg.rdf.mapping import to_graph

    return to_graph(hand_records)
