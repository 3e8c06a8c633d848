"""The command line: documented commands, exit codes and one-line errors with nothing written."""

from __future__ import annotations

import re
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


# ---------------------------------------------------------------------------------------
# Conventions: - for standard input, --quiet, --verbose, str paths in the library
# ---------------------------------------------------------------------------------------

SEED = Path(__file__).resolve().parents[1] / "data" / "list-of-north-korean-defectors-in-south-korea.txt"


def test_build_reads_the_article_from_standard_input(tmp_path, monkeypatch):
    """`build -` reads the article from stdin, names it <stdin>, and leaves no temporary file."""
    import json
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["build", "-", "--out", str(out), "--no-draw", "--quiet"],
        input=SEED.read_bytes(), catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<stdin>: 15 entries, 17 defectors, ")
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
    assert report["article"]["file"] == "<stdin>" and report["counts"]["entries"] == 15
    assert list((tmp_path / "tmp").iterdir()) == []


def test_bad_standard_input_is_named_stdin(tmp_path, monkeypatch):
    """An empty or year-less stdin is one error line naming <stdin>, exit 2, nothing written."""
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    out = tmp_path / "out"
    for data, problem in ((b"", "the file is empty"), (b"T\n\nNo years.\n", "no year sections")):
        result = CliRunner().invoke(main, ["build", "-", "--out", str(out)], input=data)
        assert result.exit_code == 2
        assert result.output.splitlines()[0].startswith(f"defectorkg: error: <stdin>: {problem}")
        assert len(result.output.splitlines()) == 1
    assert not out.exists() and list((tmp_path / "tmp").iterdir()) == []


def test_quiet_prints_one_summary_line_and_verbose_adds_the_entries(tmp_path):
    """--quiet prints one line (no warnings); the default prints no per-entry lines; -v does."""
    runner = CliRunner()
    args = ["build", str(SEED), "--out", str(tmp_path / "out"), "--no-draw"]
    quiet = runner.invoke(main, [*args, "--quiet"], catch_exceptions=False)
    assert quiet.exit_code == 0
    (line,) = quiet.stdout.splitlines()
    assert line == (
        "list-of-north-korean-defectors-in-south-korea.txt: 15 entries, 17 defectors, 3236 triples; "
        f"conforms (0 violations, 18 warnings); wrote {len(list((tmp_path / 'out').iterdir()))} "
        f"files to {tmp_path / 'out'}/"
    )
    default = runner.invoke(main, args, catch_exceptions=False)
    assert "entries:" not in default.stdout.splitlines()
    assert "extracted: 17 defectors" in default.stdout
    assert "  … 13 more warnings in validation.txt" in default.stdout.splitlines()
    verbose = runner.invoke(main, [*args, "-v"], catch_exceptions=False)
    lines = verbose.stdout.splitlines()
    assert "entries:" in lines
    assert "  1997-1 Hwang Jang-yop, Kim Dok-hong: 2 defectors, 6 route steps, 3 relations, " \
        "1 affiliations, 3 places, 3 organizations" in lines  # fmt: skip
    assert sum(line.endswith("[Warning]") for line in lines) == 18
    both = runner.invoke(main, [*args, "--quiet", "--verbose"])
    assert both.exit_code == 2 and "not both" in both.output


def test_library_build_accepts_str_paths(tmp_path):
    """defectorkg.build("x.txt", "out") takes str as well as Path."""
    import defectorkg

    result = defectorkg.build(str(SEED), str(tmp_path / "out"), draw=False)
    assert result.article.source_name == SEED.name and result.out == tmp_path / "out"
    assert (tmp_path / "out" / "defectors.ttl").is_file()


ROOT = Path(__file__).resolve().parents[1]


def test_readme_quick_start_works_after_make_build():
    """The quick start runs `make build`, then puts .venv/bin on PATH before the first
    `defectorkg` command, and names the other ways to call it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("## Quick start")
    block = readme[readme.index("```console", start) : readme.index("```\n", readme.index("```console", start) + 10)]
    commands = [line[2:] for line in block.splitlines() if line.startswith("$ ")]
    assert commands[0].startswith("make build")
    assert commands[1].startswith("source .venv/bin/activate")
    assert all(c.startswith("defectorkg ") for c in commands[2:]) and len(commands) > 3
    section = readme[start : readme.index("\n## ", start + 5)]
    assert ".venv/bin/defectorkg" in section and "pipx install ." in section


def test_make_build_installs_without_the_test_extras():
    """`make build` installs the package alone; `make test` adds the test extras, `make lint` the
    lint extras, each with the pinned versions."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipes = dict(re.findall(r"^(\$\(VENV\)/\.installed[\w-]*): [^\n]*\n((?:\t[^\n]*\n)+)", makefile, re.M))
    assert "-c $(PINS) -e .\n" in recipes["$(VENV)/.installed"]
    assert "[test]" not in recipes["$(VENV)/.installed"]
    assert "-e '.[test]'" in recipes["$(VENV)/.installed-test"]
    assert "-e '.[lint]'" in recipes["$(VENV)/.installed-lint"]
    assert re.search(r"^build: \$\(VENV\)/\.installed ", makefile, re.M)
    assert re.search(r"^test: \$\(VENV\)/\.installed-test ", makefile, re.M)
    lint = re.search(r"^lint: [^\n]*\n((?:\t[^\n]*\n)+)", makefile, re.M)
    assert lint is not None and "ruff format --check src" in lint[1] and "mypy" in lint[1]


def test_readme_documents_every_option_of_build_and_query():
    """Each option of `build`, `query`, `validate` and `load` appears in the README."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [
        f"{name} {opt}"
        for name in ("build", "query", "validate", "load")
        for param in main.commands[name].params
        for opt in getattr(param, "opts", [])
        if opt.startswith("--") and opt not in readme and opt != "--help"
    ]
    assert missing == []
