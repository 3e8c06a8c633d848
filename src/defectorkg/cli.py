"""The command line: each command parses its options, makes one library call, and maps the
library's named errors to a one-line message and an exit code (README: exit codes).

Exit codes: 0 success (the graph conforms; warnings allowed), 1 the data does not conform,
2 bad input, bad usage, bad shapes, or an unreachable store.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from .errors import DefectorkgError
from .iris import DEFAULT_BASE

F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(func: F) -> F:
    """Turn a DefectorkgError into one line on stderr and its exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except DefectorkgError as exc:
            click.echo(f"defectorkg: error: {exc}", err=True)
            sys.exit(exc.exit_code)

    return wrapper  # type: ignore[return-value]


class _Group(click.Group):
    """Usage errors exit 2 (click's default), like every other bad input."""


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="defectorkg")
def main() -> None:
    """Build a sourced, validated RDF knowledge graph from a list article of defectors."""


@main.command()
@click.argument("article", required=False, type=click.Path(path_type=Path))
@click.option(
    "--out", type=click.Path(path_type=Path, file_okay=False), default=Path("output"),
    show_default=True, help="Folder to write the graph, reports and drawings into.",
)
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base IRI of minted IRIs.")
@click.option(
    "--shapes", type=click.Path(path_type=Path, exists=True, file_okay=False), default=None,
    help="Folder of SHACL shapes (default: the bundled shapes/).",
)
@click.option("--no-draw", is_flag=True, help="Skip the relationship view files and drawings.")
@click.option("--quiet", "-q", is_flag=True, help="Print counts only, not every entry and issue.")
@reports_errors
def build(article: Path | None, out: Path, base: str, shapes: Path | None, no_draw: bool, quiet: bool) -> None:
    """Build the graph of ARTICLE (default: the bundled article) into --out.

    Exit code 0 when the graph conforms to the shapes (warnings allowed), 1 when it has
    violations (the outputs are still written), 2 on bad input.
    """
    from .pipeline import build as run_build
    from .report import format_build_summary

    result = run_build(article, out, base=base, shapes=shapes, draw=not no_draw)
    click.echo(format_build_summary(result, verbose=not quiet))
    sys.exit(0 if result.conforms else 1)


@main.command("validate")
@click.argument("graph_file", type=click.Path(path_type=Path))
@click.option(
    "--shapes", type=click.Path(path_type=Path), default=None,
    help="Folder of SHACL shape files, or one file (default: the bundled shapes/).",
)  # fmt: skip
@reports_errors
def validate_command(graph_file: Path, shapes: Path | None) -> None:
    """Validate any RDF file (Turtle, N-Triples, JSON-LD, TriG ...) against the SHACL shapes.

    Prints every result with its source line and entry.  Exit code 0 when the graph conforms
    (warnings allowed), 1 when it has violations, 2 when the file or the shapes cannot be read.
    """
    from .validate import load_graph, validate

    outcome = validate(load_graph(graph_file), shapes)
    click.echo(outcome.text, nl=False)
    sys.exit(0 if outcome.conforms else 1)
