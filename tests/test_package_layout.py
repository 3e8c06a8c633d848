"""The package's folders follow the pipeline: imports run one way, and long modules say why."""

from __future__ import annotations

import ast
from pathlib import Path

import defectorkg

PACKAGE = Path(defectorkg.__file__).parent
# Each stage folder and what it may import from the package (shared top modules: model, kinds,
# iris, errors, resources, files, memory). Later stages never reach back into earlier ones'.
ALLOWED = {
    "source": {"source"},
    "extract": {"extract", "source"},
    "rdf": {"rdf"},
    "views": {"views", "rdf"},
    "sparql": {"sparql", "rdf"},
}
SHARED = {"model", "kinds", "iris", "errors", "resources", "files", "memory"}


def _package_imports(path: Path) -> set[str]:
    """The first component below ``defectorkg`` of every package import of ``path``."""
    module_parts = path.relative_to(PACKAGE).with_suffix("").parts
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level > 0:
            base = list(module_parts[: len(module_parts) - node.level])
            target = base + (node.module.split(".") if node.module else [])
            names = target or [alias.name for alias in node.names]
            found.add(names[0] if target else names[0])
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("defectorkg."):
            found.add(node.module.split(".")[1])  # type: ignore[union-attr]
    return found


def test_stage_folders_import_only_earlier_stages_and_shared_modules() -> None:
    """source/ knows nothing of extraction or RDF, extract/ nothing of RDF, and so on."""
    checked = 0
    for folder, allowed in ALLOWED.items():
        for path in sorted((PACKAGE / folder).glob("*.py")):
            wrong = _package_imports(path) - allowed - SHARED
            assert not wrong, f"{path.relative_to(PACKAGE)} imports {sorted(wrong)}"
            checked += 1
    assert checked >= 50


def test_extraction_never_imports_rdflib() -> None:
    """extract/ makes records, not triples (the mapping is the only module that adds them)."""
    for path in sorted((PACKAGE / "extract").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                assert not any(a.name.split(".")[0] == "rdflib" for a in node.names), path.name
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                assert (node.module or "").split(".")[0] != "rdflib", path.name


def test_a_module_over_500_lines_says_why_at_its_top() -> None:
    """A long module states the reason in its docstring ("Longer than 500 lines ...")."""
    long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > 500:
            long.append(path.name)
            docstring = ast.get_docstring(ast.parse(text)) or ""
            assert "Longer than 500 lines" in docstring, f"{path.relative_to(PACKAGE)} says not why it is long"
    assert long, "no module is long: the check saw nothing"
