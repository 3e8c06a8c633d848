"""The command line: each command parses its options, makes one library call, and maps the

Longer than 500 lines on purpose: one thin function per command plus the error, warning and
signal handling they share (one-line errors, exit codes), which must sit where click runs.
library's named errors to a one-line message and an exit code (README: exit codes).

Exit codes: 0 success (the graph conforms; warnings allowed), 1 the data does not conform,
2 bad input, bad usage, bad shapes, or an unreachable store, 3 an internal error (a bug, or
out of memory), 130 interrupted (Ctrl-C), 141 the reader of the output went away (a closed
pipe), 143 terminated (SIGTERM).  Every failure is one line on stderr; ``--debug`` adds the
traceback of an internal error.
"""

from __future__ import annotations

import functools
import logging
import os
import signal
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from .errors import DefectorkgError, Terminated
from .iris import DEFAULT_BASE

F = TypeVar("F", bound=Callable[..., Any])

EXIT_INTERNAL = 3  # a bug, or out of memory: never bad input
EXIT_INTERRUPTED = 130  # 128 + SIGINT
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE
EXIT_TERMINATED = 143  # 128 + SIGTERM

_debug = False  # --debug: internal errors print their traceback


def _fail(message: str, code: int) -> None:
    """One line on stderr, then exit with ``code``."""
    click.echo(f"defectorkg: {message}", err=True)
    sys.exit(code)


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def reports_errors(func: F) -> F:
    """Turn every failure into one line on stderr and its exit code (README: exit codes)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            with _one_line_warnings():
                return func(*args, **kwargs)
        except (click.exceptions.ClickException, click.exceptions.Exit):
            raise  # usage errors: _Group.main prints them
        except DefectorkgError as exc:
            _fail(f"error: {exc}", exc.exit_code)
        except Terminated:
            _fail("terminated (SIGTERM); nothing was left half-written", EXIT_TERMINATED)
        except KeyboardInterrupt:
            _fail("interrupted; nothing was left half-written", EXIT_INTERRUPTED)
        except BrokenPipeError:
            _stdout_gone()
        except Exception as exc:  # noqa: BLE001 - the last line of defence: a bug or no memory
            _internal_error(exc)

    return wrapper  # type: ignore[return-value]


def _internal_error(exc: BaseException) -> None:
    """Exit 3 with one line (or the traceback with --debug)."""
    if _debug:
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
    what = (
        "out of memory"
        if isinstance(exc, MemoryError)
        else f"{type(exc).__name__}: {_one_line(exc)}"
    )
    hint = "" if _debug else "; rerun with `defectorkg --debug ...` for the traceback"
    _fail(
        f"internal error: {what} (a bug or a resource limit, not your input{hint})", EXIT_INTERNAL
    )


def _stdout_gone() -> None:
    """The reader of stdout went away (``| head``): stop quietly, as the shell tools do."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except OSError:
        pass
    sys.exit(EXIT_BROKEN_PIPE)


class _OneLineHandler(logging.Handler):
    """A library's log warning (rdflib's "Failed to convert Literal lexical form ...") as one
    line on stderr, without the traceback it carries."""

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().splitlines()[0] if record.getMessage() else record.name
        click.echo(f"defectorkg: warning: {_one_line(message)}", err=True)


@contextmanager
def _one_line_warnings() -> Iterator[None]:
    """Route library warnings (logging and the warnings module) to one line each."""
    root = logging.getLogger()
    handler = _OneLineHandler(logging.WARNING)
    root.addHandler(handler)
    with warnings.catch_warnings():
        warnings.showwarning = _show_warning
        try:
            yield
        finally:
            root.removeHandler(handler)


def _show_warning(
    message: Warning | str, category: type[Warning], *args: Any, **kwargs: Any
) -> None:
    if issubclass(category, DeprecationWarning | PendingDeprecationWarning):
        return  # a library's API notice to its developers (pyparsing's), nothing a user can act on
    click.echo(f"defectorkg: warning: {_one_line(message)}", err=True)


def _on_sigterm(signum: int, frame: Any) -> None:
    """SIGTERM unwinds like Ctrl-C, so staged files are removed; a second one is ignored."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise Terminated()


class _Group(click.Group):
    """Usage errors are one line plus a pointer to --help (exit 2, like every other bad input);
    SIGTERM is handled like Ctrl-C."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **kwargs: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **kwargs)
        global _debug
        _debug = False
        previous = _install(signal.SIGTERM, _on_sigterm)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **kwargs)
        except click.exceptions.NoArgsIsHelpError as exc:
            exc.show()  # a bare `defectorkg`: the help text, as click prints it
            sys.exit(exc.exit_code)
        except click.exceptions.UsageError as exc:
            where = exc.ctx.command_path if exc.ctx is not None else "defectorkg"
            _fail(f"error: {_one_line(exc.format_message())} (see `{where} --help`)", 2)
        except click.exceptions.ClickException as exc:
            _fail(f"error: {_one_line(exc.format_message())}", 2)
        except click.exceptions.Abort:
            _fail("interrupted", EXIT_INTERRUPTED)
        finally:
            if previous is not None:
                _install(signal.SIGTERM, previous)
        sys.exit(code if isinstance(code, int) else 0)


def _install(signum: int, handler: Any) -> Any:
    """Set a signal handler; None where that is impossible (not the main thread)."""
    try:
        return signal.signal(signum, handler)
    except ValueError:
        return None


def _set_debug(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    global _debug
    _debug = _debug or bool(value)
    return value


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="defectorkg")
@click.option(
    "--debug", is_flag=True, envvar="DEFECTORKG_DEBUG", expose_value=False, callback=_set_debug,
    help="Print the traceback of an internal error (exit code 3).",
)  # fmt: skip
def main() -> None:
    """Build a sourced, validated RDF knowledge graph from a list article of defectors."""


@main.command()
@click.argument("article", required=False, type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("output"),
    show_default=True,
    help="Folder to write the graph, reports and drawings into.",
)
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base IRI of minted IRIs.")
@click.option(
    "--shapes",
    type=click.Path(path_type=Path, exists=True, file_okay=False),
    default=None,
    help="Folder of SHACL shapes (default: the bundled shapes/).",
)
@click.option("--no-draw", is_flag=True, help="Skip the relationship view files and drawings.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors and one summary line.")
@click.option(
    "--verbose",
    "-v",
    is_flag=True,
    help="Also print what each entry yielded, and every issue and validation result.",
)
@reports_errors
def build(
    article: Path | None, out: Path, base: str, shapes: Path | None, no_draw: bool, quiet: bool,
    verbose: bool,
) -> None:  # fmt: skip
    """Build the graph of ARTICLE (default: the bundled article; - reads standard input) into --out.

    Exit code 0 when the graph conforms to the shapes (warnings allowed), 1 when it has
    violations (the outputs are still written), 2 on bad input.
    """
    from .pipeline import build as run_build
    from .report import format_build_line, format_build_summary

    if quiet and verbose:
        raise click.UsageError("give --quiet or --verbose, not both")
    with ExitStack() as stack:
        path = stack.enter_context(_stdin_article()) if article == Path("-") else article
        progress = stack.enter_context(
            _stage_progress(enabled=not quiet and sys.stderr.isatty(), draw=not no_draw)
        )
        result = run_build(path, out, base=base, shapes=shapes, draw=not no_draw, progress=progress)
    click.echo(
        format_build_line(result) if quiet else format_build_summary(result, verbose=verbose)
    )
    sys.exit(0 if result.conforms else 1)


STDIN_NAME = "<stdin>"  # how errors and reports name an article read from standard input


@contextmanager
def _stdin_article() -> Iterator[Path]:
    """Standard input in a temporary file called <stdin>, removed afterwards, so the pipeline
    reads it like any article file; an error names <stdin>, not the temporary path."""
    data = sys.stdin.buffer.read()
    with tempfile.TemporaryDirectory(prefix="defectorkg-stdin-") as folder:
        path = Path(folder) / STDIN_NAME
        path.write_bytes(data)
        try:
            yield path
        except DefectorkgError as exc:
            raise type(exc)(str(exc).replace(str(path), STDIN_NAME)) from None


@contextmanager
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
    """The --user, --password and --timeout options of commands that run queries or reach a server."""
    func = click.option(
        "--timeout", type=click.FloatRange(min=0), default=None, metavar="SECONDS",
        help="Seconds before giving up: a query on a graph file or store is stopped after this "
        "long (default 300), an endpoint that does not answer is given up on (default 30). "
        "0: no limit.",
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
    "--graph",
    "graph_file",
    type=click.Path(path_type=Path),
    default=None,
    help=f"RDF file to query (Turtle, TriG, N-Triples ...; default: {DEFAULT_GRAPH_FILE}).",
)
@click.option(
    "--store",
    "store_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Oxigraph store folder to query (made by `defectorkg load --store`).",
)
@click.option("--endpoint", default=None, help="SPARQL 1.1 Protocol endpoint URL to query.")
@click.option(
    "--default-graph",
    default=None,
    help="With --endpoint: the graph IRI to query as the default graph (default-graph-uri).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json", "turtle", "ntriples"]),
    default=None,
    help="Output format. SELECT: table (the default on a terminal), csv (otherwise), tsv, json; "
    "ASK: true/false, or json; CONSTRUCT and DESCRIBE: turtle (the default) or ntriples.",
)
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Keep rows whose ?NAME is VALUE: <iri>, an absolute IRI, an N-Triples literal, "
    "or text matching a literal's lexical form. Repeatable.",
)
@click.option(
    "--allow-service",
    is_flag=True,
    help="Let the query's SERVICE clauses send requests to the hosts they name (refused otherwise).",
)
@click.option(
    "--fail-if-false",
    is_flag=True,
    help="ASK: exit with 1 when the answer is false (for scripts and CI checks).",
)
@click.option(
    "--update",
    is_flag=True,
    help="Apply a SPARQL UPDATE file to the --store (never to an endpoint); without this flag "
    "an UPDATE is refused.",
)
@_endpoint_options
@reports_errors
def query_command(
    query_ref: str | None, list_queries: bool, graph_file: Path | None, store_dir: Path | None,
    endpoint: str | None, default_graph: str | None, fmt: str | None, params: tuple[str, ...],
    allow_service: bool, fail_if_false: bool, update: bool, user: str | None, password: str | None,
    timeout: float | None,
) -> None:  # fmt: skip
    """Run a catalogue query (by NAME) or a SPARQL file on the graph, a store or an endpoint.

    SELECT prints rows, ASK prints true or false (exit 0 either way, unless --fail-if-false),
    CONSTRUCT and DESCRIBE print Turtle or N-Triples. A SPARQL UPDATE runs only with --update
    on a --store. `defectorkg query --list` lists the catalogue. Exit code 2 on a malformed or
    unknown query, an unreadable graph, a folder that is not a store, or an unreachable endpoint.
    """
    from .sparql.query import (
        BooleanResult,
        EndpointTarget,
        GraphTarget,
        StoreTarget,
        Target,
        UpdateRequest,
        answer,
        catalogue,
        format_answer,
        load_request,
        parse_param,
    )

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
    request = load_request(query_ref)
    if isinstance(request, UpdateRequest) or update:
        _update(request, update=update, store_dir=store_dir, endpoint=endpoint)
        return
    if fail_if_false and request.form != "ASK":
        raise click.UsageError(
            f"--fail-if-false is for ASK queries; {query_ref} is a {request.form}"
        )
    target: Target
    if store_dir is not None:
        target = StoreTarget(store_dir)
    elif endpoint is not None:
        target = EndpointTarget(endpoint, user=user, password=password, default_graph=default_graph)
    else:
        target = GraphTarget(graph_file or _built(DEFAULT_GRAPH_FILE))
    result = answer(request, target, params=bindings, timeout=timeout, allow_service=allow_service)
    rows_format = "table" if sys.stdout.isatty() else "csv"
    click.echo(
        format_answer(result, fmt or (rows_format if request.form == "SELECT" else None)), nl=False
    )
    if fail_if_false and isinstance(result, BooleanResult) and not result.value:
        sys.exit(1)


def _update(request: object, *, update: bool, store_dir: Path | None, endpoint: str | None) -> None:
    """Apply a SPARQL UPDATE to a store, only when asked for (--update), never to an endpoint."""
    from .errors import QueryError
    from .sparql.query import UpdateRequest, run_update

    if not isinstance(request, UpdateRequest):
        raise click.UsageError("--update applies a SPARQL UPDATE file; this is a query")
    where = request.path or request.name
    if endpoint is not None:
        raise QueryError(
            f"{where}: a SPARQL UPDATE is never sent to an endpoint; change a server's data with "
            "its own tools, or replace a graph with `defectorkg load --endpoint`"
        )
    if not update:
        raise QueryError(
            f"{where}: a SPARQL UPDATE changes data; give --update with --store DIR to apply it"
        )
    if store_dir is None:
        raise click.UsageError("--update changes an Oxigraph store: give --store DIR")
    before, after = run_update(request, store_dir)
    click.echo(f"updated the store {store_dir}: {before} quads before, {after} after")


@main.command("load")
@click.argument("file", required=False, type=click.Path(path_type=Path))
@click.option(
    "--store",
    "store_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Oxigraph store folder to load into (created if missing; default FILE "
    f"{DEFAULT_STORE_FILE}).",
)
@click.option(
    "--endpoint",
    default=None,
    help="SPARQL 1.1 Graph Store endpoint URL to PUT the graph to (default FILE "
    f"{DEFAULT_GRAPH_FILE}); Virtuoso: http://HOST:8890/sparql-graph-crud-auth.",
)
@click.option(
    "--graph",
    "graph_iri",
    default=None,
    help="Named graph IRI to replace (endpoint default: https://w3id.org/defectorkg/graph; "
    "store: Turtle goes to the default graph unless given).",
)
@_endpoint_options
@reports_errors
def load_command(
    file: Path | None, store_dir: Path | None, endpoint: str | None, graph_iri: str | None,
    user: str | None, password: str | None, timeout: float | None,
) -> None:  # fmt: skip
    """Load FILE into an Oxigraph store (--store DIR) or a SPARQL server (--endpoint URL).

    Each graph the file holds replaces the graph of that name, so loading twice leaves the
    same triples. Exit code 2 on an unreadable file, a folder that is not a store, refused
    credentials or an unreachable endpoint.
    """
    from .sparql.store import (
        DEFAULT_GRAPH_IRI,
        DEFAULT_TIMEOUT,
        load_into_endpoint,
        load_into_store,
        redact_url,
    )  # fmt: skip

    _one_target(store=store_dir, endpoint=endpoint)
    if store_dir is not None:
        source = file or _built(DEFAULT_STORE_FILE)
        count = load_into_store(source, store_dir, graph_iri=graph_iri)
        click.echo(f"loaded {count} quads from {source} into the store {store_dir}")
    elif endpoint is not None:
        source = file or _built(DEFAULT_GRAPH_FILE)
        target = graph_iri or DEFAULT_GRAPH_IRI
        load_into_endpoint(
            source,
            endpoint,
            graph_iri=target,
            user=user,
            password=password,
            timeout=DEFAULT_TIMEOUT if timeout is None else timeout or None,
        )
        click.echo(f"loaded {source} into the graph <{target}> at {redact_url(endpoint)}")
    else:
        raise click.UsageError("give --store DIR or --endpoint URL")


_VIEW_GRAPH_HELP = "RDF file to read (Turtle, N-Triples, TriG, N-Quads, JSON-LD, RDF/XML)."
_view_graph_option = click.option(  # the --graph of draw and stats
    "--graph",
    "graph_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=DEFAULT_GRAPH_FILE,
    show_default=True,
    help=_VIEW_GRAPH_HELP,
)


@main.command("draw")
@_view_graph_option
@click.option(
    "--view",
    "view_name",
    type=click.Choice(["people", "full", "sources"]),
    default="people",
    show_default=True,
    help="people: people, groups and their ties; full: everything but sources; "
    "sources: who is cited by which source.",
)
@click.option("--focus", default=None, help="Only the neighbourhood of the node with this name.")
@click.option(
    "--depth",
    type=click.IntRange(min=0),
    default=2,
    show_default=True,
    help="With --focus: how many steps from it.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
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
    from .views import draw_file, read_graph_file

    target = out or Path(f"relationships-{view_name}.png")
    shown = draw_file(
        read_graph_file(graph_file),
        target,
        view_name=view_name,  # type: ignore[arg-type]  # click.Choice gives one of VIEW_NAMES
        focus=focus,
        depth=depth,
    )
    click.echo(f"wrote {target}: {shown.number_of_nodes()} nodes, {shown.number_of_edges()} edges")


@main.command("stats")
@_view_graph_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="Plain-text tables or one JSON object.",
)
@reports_errors
def stats_command(graph_file: Path, fmt: str) -> None:
    """Counts per kind, components, the most connected people, defections per decade and route.

    Exit code 2 on an unreadable graph.
    """
    import json

    from .views import format_stats, read_graph_file, stats

    summary = stats(read_graph_file(graph_file))
    click.echo(
        format_stats(summary)
        if fmt == "table"
        else json.dumps(summary, indent=2, ensure_ascii=False)
    )
