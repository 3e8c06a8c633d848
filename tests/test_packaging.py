"""Dependency bounds that hold: every lower bound in pyproject.toml is pinned in
.ci/min-versions.txt (which `.ci/run` tests), and the versions `make` installs fit the bounds."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]


def _requirements() -> list[Requirement]:
    """The dependencies and optional dependencies of pyproject.toml."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = [r for group in project["optional-dependencies"].values() for r in group]
    return [Requirement(r) for r in [*project["dependencies"], *extras]]


def _pins(name: str) -> dict[str, Version]:
    """name -> pinned version of a constraints file in .ci/."""
    pins = {}
    for line in (ROOT / ".ci" / name).read_text(encoding="utf-8").splitlines():
        found = re.fullmatch(r"([A-Za-z0-9_.\-]+)==(\S+)", line.strip())
        if found:
            pins[found[1].lower()] = Version(found[2])
    return pins


def _lower_bound(requirement: Requirement) -> Version | None:
    """The version of the requirement's ``>=`` specifier."""
    bounds = [Version(s.version) for s in requirement.specifier if s.operator == ">="]
    return bounds[0] if len(bounds) == 1 else None


def test_every_dependency_has_a_lower_bound_pinned_in_min_versions():
    """Each dependency has one >= bound, and .ci/min-versions.txt pins exactly that version."""
    pins = _pins("min-versions.txt")
    requirements = _requirements()
    assert {r.name for r in requirements} >= {
        "rdflib", "pyshacl", "networkx", "pyoxigraph", "matplotlib", "click", "pytest",
        "hypothesis", "pytest-benchmark", "ruff", "mypy",
    }  # fmt: skip
    for requirement in requirements:
        bound = _lower_bound(requirement)
        assert bound is not None, f"{requirement} has no single >= bound"
        assert pins.get(requirement.name.lower()) == bound, requirement.name
    assert set(pins) == {r.name.lower() for r in requirements}


def test_build_backend_lower_bound_is_pinned_too():
    """The hatchling bound of [build-system] is the one the min-versions run installs."""
    system = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["build-system"]
    (backend,) = [Requirement(r) for r in system["requires"]]
    assert _pins("min-versions.txt")[backend.name] == _lower_bound(backend)


def test_golden_versions_fit_the_bounds():
    """The versions `make` installs satisfy every bound of pyproject.toml."""
    pins = _pins("golden-versions.txt")
    for requirement in _requirements():
        pinned = pins.get(requirement.name.lower())
        assert pinned is not None, f"{requirement.name} is not pinned in golden-versions.txt"
        assert requirement.specifier.contains(pinned), f"{requirement.name}=={pinned} vs {requirement}"


def test_ci_runs_lint_tests_and_the_lowest_versions():
    """`.ci/run` runs make lint and make test, then the fast suite in a venv of the pinned lowest
    versions, where the drawings are compared by size and labels."""
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    calls = [line.strip() for line in script.splitlines() if not line.startswith((" ", "\t", "#"))]
    assert calls[-3:] == ["make lint", "make test", "min_versions"]
    assert "-c .ci/min-versions.txt -e '.[test]'" in script
    assert 'DEFECTORKG_MIN_VERSIONS=1 "$venv/bin/python" -m pytest' in script
    assert '-m "not slow and not store"' in script
