"""A non-editable install finds its ontology, shapes, queries and bundled article as package data."""

from __future__ import annotations

import os
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_install_runs_from_another_folder(tmp_path):
    """`pip install .` into a fresh venv, then `defectorkg --help` and `build --out` work from /tmp."""
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels), str(ROOT)],
        check=True, cwd=tmp_path,
    )  # fmt: skip
    wheel = next(wheels.glob("defectorkg-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    # The fresh venv sees this environment's dependencies (no network), but not the checkout.
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    deps = [p for p in site.getsitepackages() + [sysconfig.get_paths()["purelib"]] if "site-packages" in p]
    Path(purelib, "deps.pth").write_text("\n".join(sorted(set(deps))) + "\n")
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)], check=True)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    work = tmp_path / "elsewhere"
    work.mkdir()
    exe = venv / "bin" / "defectorkg"
    helped = subprocess.run([str(exe), "--help"], cwd=work, env=env, capture_output=True, text=True)
    assert helped.returncode == 0 and "build" in helped.stdout
    located = subprocess.run(
        [str(python), "-c", "import defectorkg.resources as r; print(r.bundled_article()); print(r.shapes_dir())"],
        cwd=work, env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "site-packages/defectorkg/_resources/data/" in located
    assert str(ROOT) not in located
    out = tmp_path / "x"
    built = subprocess.run([str(exe), "build", "--out", str(out)], cwd=work, env=env, capture_output=True, text=True)
    assert built.returncode in (0, 1), built.stderr
    assert (out / "defectors.ttl").is_file()
