"""The one place that knows where ontology/, shapes/, queries/ and data/ live.

In an installed wheel they are package data under ``defectorkg/_resources`` (hatch
force-include); in a checkout (editable install, tests) they are the top-level folders.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .errors import ShapesLoadError

BUNDLED_ARTICLE = "list-of-north-korean-defectors-in-south-korea.txt"
ARTICLE_URL = "https://en.wikipedia.org/wiki/List_of_North_Korean_defectors_in_South_Korea"


def resource_dir(name: str) -> Path:
    """The folder ``name`` ("ontology", "shapes", "queries", "data")."""
    packaged = resources.files("defectorkg").joinpath("_resources", name)
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[2] / name
    if checkout.is_dir():
        return checkout
    raise ShapesLoadError(f"{name}/: resource folder not found (broken installation?)")


def ontology_path() -> Path:
    """The ontology Turtle file."""
    return resource_dir("ontology") / "defectors.ttl"


def shapes_dir() -> Path:
    """The SHACL shapes folder."""
    return resource_dir("shapes")


def queries_dir() -> Path:
    """The SPARQL query catalogue folder."""
    return resource_dir("queries")


def gazetteer_path(name: str) -> Path:
    """A gazetteer data file under data/gazetteers/ ("places.tsv", "organizations.tsv")."""
    return resource_dir("data") / "gazetteers" / name


def bundled_article() -> Path:
    """The bundled article, the default input of ``defectorkg build``."""
    return resource_dir("data") / BUNDLED_ARTICLE
