"""The command line: documented commands, exit codes and one-line errors with nothing written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from defectorkg.cli import main


def test_every_command_has_help():
    """`defectorkg --help` lists each command and each command documents its options."""
    runner = CliRunner()
    top = runner.invoke(main, ["--help"], catch_exceptions=False)
    assert top.exit_code == 0
    assert set(main.commands) >= {"build"}
    for name, command in main.commands.items():
        assert name in top.output
        result = runner.invoke(main, [name, "--help"], catch_exceptions=False)
        assert result.exit_code == 0, name
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--"):
                    assert opt in result.output, f"{name} {opt} undocumented"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "the file is empty"),
        ("binary.bin", b"\x00\x01\x02", "binary file"),
        ("latin1.txt", b"T\n\n1997\n* Caf\xe9 - x\n", "not UTF-8"),
        ("prose.txt", b"T\n\nNo years at all.\n", "no year sections"),
    ],
)
def test_build_bad_input_exit_2_nothing_written(tmp_path, name, data, message):
    """A bad article gives one stderr line naming the file, exit 2, and writes no output."""
    article = tmp_path / name
    article.write_bytes(data)
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "defectorkg", "build", str(article), "--out", str(out)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and name in lines[0] and message in lines[0]
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_build_missing_path_and_directory(tmp_path):
    """A missing path and a directory are clear errors with exit code 2."""
    runner = CliRunner()
    missing = runner.invoke(main, ["build", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "o")])
    assert missing.exit_code == 2 and "no such file" in missing.output
    folder = runner.invoke(main, ["build", str(tmp_path), "--out", str(tmp_path / "o")])
    assert folder.exit_code == 2 and "is a directory" in folder.output
    assert not (tmp_path / "o").exists()


def test_unknown_command_is_usage_error():
    """An unknown command exits 2 (usage error)."""
    result = CliRunner().invoke(main, ["frobnicate"])
    assert result.exit_code == 2
