"""The views package: one job per module, imports that run one way, a lazily imported API."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from defectorkg import views

PACKAGE = Path(views.__file__).parent
# The order of views/__init__.py: each module may import only modules before it.
ORDER = (
    "index", "network", "defectionrows", "statistics", "viewformats", "figure", "labels", "layout",
    "netdrawing", "timeline", "output",
)  # fmt: skip


def _sibling_imports(module: str) -> set[str]:
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            found.add((node.module or "").split(".")[0])
    return found


def test_every_module_is_listed_and_imports_only_earlier_ones() -> None:
    """No cycle: a module imports its siblings only from before it in ORDER."""
    assert sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__") == sorted(ORDER)
    for position, module in enumerate(ORDER):
        later = _sibling_imports(module) - set(ORDER[:position])
        assert later == set(), f"{module} imports {sorted(later)}"


def test_modules_stay_small() -> None:
    """No module of the package is over 500 lines."""
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in PACKAGE.glob("*.py")}
    assert {name: n for name, n in sizes.items() if n > 500} == {}


def test_the_api_resolves_every_public_name() -> None:
    """Each name of __all__ is found in the module the table names (and nothing else is)."""
    assert sorted(views.__all__) == sorted(views._API)
    for name in views.__all__:
        assert getattr(views, name) is not None
    assert views.defections.__module__ == "defectorkg.views.defectionrows"


def test_statistics_do_not_import_matplotlib() -> None:
    """Reading the views and their statistics leaves matplotlib unimported."""
    code = "import sys, defectorkg.views as v; v.stats; v.view; print('matplotlib' in sys.modules)"
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "False"


def test_the_snapshot_keeps_every_literal_a_view_reads() -> None:
    """Views, defections and statistics of the bundled graph are the same whether the snapshot keeps
    every literal or only those of LITERAL_PREDICATES (it leaves out the selectors' offsets and text)."""
    from rdflib import Graph

    from defectorkg.views import defectionrows, index, network, statistics

    graph = Graph().parse(Path(__file__).resolve().parents[1] / "output" / "defectors.ttl")
    kept = index.read_index(graph)
    every = index.read_index(graph, literals=None)
    for name in network.VIEW_NAMES:
        a, b = network.build_view(kept, name), network.build_view(every, name)
        assert list(a.nodes(data=True)) == list(b.nodes(data=True))
        assert list(a.edges(keys=True, data=True)) == list(b.edges(keys=True, data=True))
    assert defectionrows.read_defections(kept) == defectionrows.read_defections(every)
    assert (
        kept.article_title()
        == every.article_title()
        == "List of North Korean defectors in South Korea"
    )
    assert statistics.stats(graph)["most_connected"] == statistics.most_connected(
        network.build_view(every, "people")
    )
    assert sum(len(pairs) for pairs in every.graph.by_predicate.values()) == len(graph) == 3236
    assert sum(len(pairs) for pairs in kept.graph.by_predicate.values()) == 2641
    oa = "http://www.w3.org/ns/oa#"
    assert {f"{oa}start", f"{oa}end", f"{oa}exact"} & set(kept.graph.by_predicate) == set()
