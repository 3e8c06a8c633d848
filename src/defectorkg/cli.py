"""The command line: each command parses its options, makes one library call, and maps the
library's named errors to a one-line message and an exit code (README: exit codes).

Exit codes: 0 success (the graph conforms; warnings allowed), 1 the data does not conform,
2 bad input, bad usage, bad shapes, or an unreachable store.
"""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Callable, Iterator
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

    with _stage_progress(enabled=not quiet and sys.stderr.isatty(), draw=not no_draw) as progress:
        result = run_build(article, out, base=base, shapes=shapes, draw=not no_draw, progress=progress)
    click.echo(format_build_summary(result, verbose=not quiet))
    sys.exit(0 if result.conforms else 1)


@contextlib.contextmanager
def _stage_progress(*, enabled: bool, draw: bool) -> Iterator[Callable[[str], None] | None]:
    """A bar over the build's stages on stderr, labelled with the running stage (a terminal only)."""
    if not enabled:
        yield None
        return
    from .pipeline import STAGES

    stages = STAGES if draw else STAGES[:-1]
    with click.progressbar(length=len(stages), label="build", file=sys.stderr, show_eta=False,
                           show_pos=True) as bar:  # fmt: skip
        started: list[str] = []

        def advance(stage: str) -> None:
            if started:
                bar.update(1)
            started.append(stage)
            bar.label = f"build: {stage:<8}"
            bar.render_progress()

        yield advance
        if started:
            bar.update(1)


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
    from .rdf.validate import load_graph, validate

    outcome = validate(load_graph(graph_file), shapes)
    click.echo(outcome.text, nl=False)
    sys.exit(0 if outcome.conforms else 1)


DEFAULT_GRAPH_FILE = Path("output") / "defectors.ttl"  # what `query` reads by default
DEFAULT_STORE_FILE = Path("output") / "defectors.trig"  # `load --store`: keeps the entry graphs


def _built(path: Path) -> Path:
    """A default output file, or a one-line error saying how to make it."""
    from .errors import GraphLoadError

    if not path.exists():
        raise GraphLoadError(f"{path}: no such file (build it with `defectorkg build`)")
    return path


def _one_target(**targets: object) -> None:
    """Refuse more than one of the given options (a usage error, exit 2)."""
    given = [f"--{name.replace('_', '-')}" for name, value in targets.items() if value is not None]
    if len(given) > 1:
        raise click.UsageError(f"give only one of {', '.join(given)}")


def _endpoint_options(func: F) -> F:
    """The --user, --password and --timeout options of commands that reach a SPARQL server."""
    func = click.option(
        "--timeout", type=float, default=30.0, show_default=True,
        help="Seconds to wait for the endpoint before giving up.",
    )(func)  # fmt: skip
    func = click.option(
        "--password", envvar="DEFECTORKG_PASSWORD", default=None,
        help="Password for the endpoint (or env DEFECTORKG_PASSWORD, kept off the command line).",
    )(func)  # fmt: skip
    return click.option(
        "--user", envvar="DEFECTORKG_USER", default=None,
        help="User for the endpoint, sent by HTTP digest or basic auth as the server asks "
        "(or env DEFECTORKG_USER).",
    )(func)  # fmt: skip


@main.command("query")
@click.argument("query_ref", metavar="NAME|FILE.rq", required=False)
@click.option(
    "--list", "list_queries", is_flag=True, help="List the query catalogue with summaries."
)
@click.option(
    "--graph", "graph_file", type=click.Path(path_type=Path), default=None,
    help=f"RDF file to query (Turtle, TriG, N-Triples ...; default: {DEFAULT_GRAPH_FILE}).",
)
@click.option(
    "--store", "store_dir", type=click.Path(path_type=Path), default=None,
    help="Oxigraph store folder to query (made by `defectorkg load --store`).",
)
@click.option("--endpoint", default=None, help="SPARQL 1.1 Protocol endpoint URL to query.")
@click.option(
    "--default-graph", default=None,
    help="With --endpoint: the graph IRI to query as the default graph (default-graph-uri).",
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default=None,
    help="Output format (default: table on a terminal, csv otherwise).",
)
@click.option(
    "--param", "params", multiple=True, metavar="NAME=VALUE",
    help="Keep rows whose ?NAME is VALUE: <iri>, an absolute IRI, an N-Triples literal, "
    "or text matching a literal's lexical form. Repeatable.",
)
@_endpoint_options
@reports_errors
def query_command(
    query_ref: str | None, list_queries: bool, graph_file: Path | None, store_dir: Path | None,
    endpoint: str | None, default_graph: str | None, fmt: str | None, params: tuple[str, ...],
    user: str | None, password: str | None, timeout: float,
) -> None:  # fmt: skip
    """Run a catalogue query (by NAME) or a SPARQL SELECT file on the graph, a store or an endpoint.

    `defectorkg query --list` lists the catalogue. Exit code 2 on a malformed or unknown query,
    an unreadable graph, a folder that is not a store, or an unreachable endpoint.
    """
    from .sparql.query import catalogue, format_result, parse_param, run

    if list_queries:
        width = max(len(q.name) for q in catalogue())
        click.echo("\n".join(f"{q.name:<{width}}  {q.summary}" for q in catalogue()))
        return
    if query_ref is None:
        raise click.UsageError("give a query NAME or FILE.rq (or --list)")
    _one_target(graph=graph_file, store=store_dir, endpoint=endpoint)
    bindings = dict(parse_param(p) for p in params)
    if len(bindings) != len(params):
        raise click.UsageError("each --param NAME may be given once")
    if graph_file is None and store_dir is None and endpoint is None:
        graph_file = _built(DEFAULT_GRAPH_FILE)
    result = run(
        query_ref, graph=graph_file, store=store_dir, endpoint=endpoint, params=bindings,
        user=user, password=password, timeout=timeout, default_graph=default_graph,
    )  # fmt: skip
    chosen = fmt or ("table" if sys.stdout.isatty() else "csv")
    click.echo(format_result(result, chosen), nl=False)


@main.command("load")
@click.argument("file", required=False, type=click.Path(path_type=Path))
@click.option(
    "--store", "store_dir", type=click.Path(path_type=Path), default=None,
    help="Oxigraph store folder to load into (created if missing; default FILE "
    f"{DEFAULT_STORE_FILE}).",
)
@click.option(
    "--endpoint", default=None,
    help="SPARQL 1.1 Graph Store endpoint URL to PUT the graph to (default FILE "
    f"{DEFAULT_GRAPH_FILE}); Virtuoso: http://HOST:8890/sparql-graph-crud-auth.",
)
@click.option(
    "--graph", "graph_iri", default=None,
    help="Named graph IRI to replace (endpoint default: https://w3id.org/defectorkg/graph; "
    "store: Turtle goes to the default graph unless given).",
)
@_endpoint_options
@reports_errors
def load_command(
    file: Path | None, store_dir: Path | None, endpoint: str | None, graph_iri: str | None,
    user: str | None, password: str | None, timeout: float,
) -> None:  # fmt: skip
    """Load FILE into an Oxigraph store (--store DIR) or a SPARQL server (--endpoint URL).

    Each graph the file holds replaces the graph of that name, so loading twice leaves the
    same triples. Exit code 2 on an unreadable file, a folder that is not a store, refused
    credentials or an unreachable endpoint.
    """
    from .sparql.store import DEFAULT_GRAPH_IRI, load_into_endpoint, load_into_store

    _one_target(store=store_dir, endpoint=endpoint)
    if store_dir is not None:
        source = file or _built(DEFAULT_STORE_FILE)
        count = load_into_store(source, store_dir, graph_iri=graph_iri)
        click.echo(f"loaded {count} quads from {source} into the store {store_dir}")
    elif endpoint is not None:
        source = file or _built(DEFAULT_GRAPH_FILE)
        target = graph_iri or DEFAULT_GRAPH_IRI
        load_into_endpoint(
            source, endpoint, graph_iri=target, user=user, password=password, timeout=timeout
        )
        click.echo(f"loaded {source} into the graph <{target}> at {endpoint}")
    else:
        raise click.UsageError("give --store DIR or --endpoint URL")


_VIEW_GRAPH_HELP = "RDF file to read (Turtle, N-Triples, TriG, N-Quads, JSON-LD, RDF/XML)."


@main.command("draw")
@click.option(
    "--graph", "graph_file", type=click.Path(path_type=Path, dir_okay=False),
    default=DEFAULT_GRAPH_FILE, show_default=True, help=_VIEW_GRAPH_HELP,
)
@click.option(
    "--view", "view_name", type=click.Choice(["people", "full", "sources"]), default="people",
    show_default=True, help="people: people, groups and their ties; full: everything but sources; "
    "sources: who is cited by which source.",
)
@click.option("--focus", default=None, help="Only the neighbourhood of the node with this name.")
@click.option(
    "--depth", type=click.IntRange(min=0), default=2, show_default=True,
    help="With --focus: how many steps from it.",
)
@click.option(
    "--out", type=click.Path(path_type=Path, dir_okay=False), default=None,
    help="FILE.png, .svg (a drawing), .graphml, .gexf or .json (node-link) "
    "[default: relationships-VIEW.png].",
)
@reports_errors
def draw_command(
    graph_file: Path, view_name: str, focus: str | None, depth: int, out: Path | None
) -> None:
    """Draw a view of the graph, or write it as GraphML, GEXF or node-link JSON.

    Example: defectorkg draw --focus "Hwang Jang-yop" --depth 2 --out hwang.svg.
    Exit code 2 on an unreadable graph, an unknown --focus name (the closest names are
    listed) or an unknown --out type.
    """
    from .views.drawing import draw_file
    from .views.graphview import load_graph

    target = out or Path(f"relationships-{view_name}.png")
    shown = draw_file(load_graph(graph_file), target, view_name=view_name, focus=focus, depth=depth)  # type: ignore[arg-type]
    click.echo(f"wrote {target}: {shown.number_of_nodes()} nodes, {shown.number_of_edges()} edges")


@main.command("stats")
@click.option(
    "--graph", "graph_file", type=click.Path(path_type=Path, dir_okay=False),
    default=DEFAULT_GRAPH_FILE, show_default=True, help=_VIEW_GRAPH_HELP,
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
    help="Plain-text tables or one JSON object.",
)
@reports_errors
def stats_command(graph_file: Path, fmt: str) -> None:
    """Counts per kind, components, the most connected people, defections per decade and route.

    Exit code 2 on an unreadable graph.
    """
    import json

    from .views.graphview import format_stats, load_graph, stats

    summary = stats(load_graph(graph_file))
    click.echo(format_stats(summary) if fmt == "table" else json.dumps(summary, indent=2, ensure_ascii=False))
