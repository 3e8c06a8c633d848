"""The SPARQL query catalogue (``queries/*.rq``), running queries on any engine, and formatting.

Longer than 500 lines: the catalogue, parameters, the four query forms on three engines, the
timeout worker and the formatting. Splitting it into catalogue, engines and formatting modules
is the next clean-up (not done yet).

A query runs on one target, one of three engines, and gives the same rows, in the same order, on each:

* :class:`GraphTarget`: an rdflib ``Graph`` in memory, or an RDF file parsed into Oxigraph's memory;
* :class:`StoreTarget`: a persistent pyoxigraph store folder;
* :class:`EndpointTarget`: a SPARQL 1.1 endpoint over HTTP (with its credentials and default
  graph), through :mod:`defectorkg.sparql.store`.

Parameters select the rows whose result variable holds a value.  On a variable bound in every
solution they reach the engine as a binding (rdflib ``initBindings``; a ``VALUES`` clause of
escaped RDF terms appended to the query for Oxigraph and endpoints); on any other variable the
rows are selected after the engine ran, since a binding would fill an empty cell (see
:func:`pushed_down`).  No parameter text is ever formatted into a query.

A query never reaches a host the user did not name: ``SERVICE`` (federated query, which both
rdflib and Oxigraph would send over HTTP to any IRI the query text holds) is refused unless
``allow_service`` is given.  Every query on a graph or store runs in a worker process that is
stopped after ``timeout`` seconds (default :data:`LOCAL_TIMEOUT`), so a runaway query (a
cartesian product) ends with a one-line error instead of running until killed.

Results are a :class:`QueryResult`: the variables in order and one tuple of rdflib terms per
solution (``None`` where a variable is unbound).  The formatters (:func:`format_csv`,
:func:`format_tsv`, :func:`format_json`, :func:`format_table`) are pure functions of it.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import logging
import multiprocessing
import re
import threading
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query as PreparedQuery
from rdflib.query import ResultRow

from ..errors import QueryError
from ..iris import DEFAULT_BASE
from ..rdf.export import serialize_ntriples, serialize_turtle
from ..rdf.rdffiles import rdflib_term
from ..rdf.vocab import bind_prefixes, new_graph
from ..resources import queries_dir
from .store import (
    DEFAULT_TIMEOUT,
    OxTerm,
    ask_endpoint,
    construct_endpoint,
    open_store,
    parse_json_results,
    query_endpoint,
    read_rdf_file,
    update_store,
)

#: Seconds a query on a graph file, a store or an rdflib graph may run before it is stopped.
LOCAL_TIMEOUT = 300.0

Term = URIRef | Literal | BNode
T = TypeVar("T")
Row = tuple[Term | None, ...]

FORMATS = ("table", "csv", "tsv", "json")
GRAPH_FORMATS = ("turtle", "ntriples")  # what CONSTRUCT and DESCRIBE answers are written as
FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")  # the query forms; UPDATE is not a query
_HEADER = re.compile(r"^ (?P<key>[a-z]+):(?P<value>.*)$")  # after "#+"
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_ABSOLUTE_IRI = re.compile(r"^(?:https?|urn|ftp|mailto|file):\S+$")


@dataclass(frozen=True, slots=True)
class CatalogueQuery:
    """A query with its header: a catalogue file, a user's file or query text.

    The catalogue holds SELECT queries only; a user's query may be of any form (``form``).
    """

    name: str  # "defectors"; the file stem; "<query>" for text given directly
    path: Path | None
    text: str
    summary: str  # the "#+ summary:" line
    description: str  # the "#+ description:" paragraph
    example: str  # the "#+ example:" row, values separated by " | "
    variables: tuple[str, ...]  # the projected variables, in order, without "?"
    bound: tuple[str, ...] = ()  # result variables bound in every solution (never empty cells)
    form: str = "SELECT"  # one of FORMS


@dataclass(frozen=True, slots=True)
class QueryResult:
    """The variables of a SELECT and its solutions as rdflib terms (None = unbound)."""

    variables: tuple[str, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True, slots=True)
class BooleanResult:
    """The answer of an ASK query."""

    value: bool


@dataclass(frozen=True, slots=True)
class GraphResult:
    """The triples a CONSTRUCT or DESCRIBE query gives, as rdflib terms."""

    triples: tuple[tuple[Term, Term, Term], ...]


Answer = QueryResult | BooleanResult | GraphResult


@dataclass(frozen=True, slots=True)
class UpdateRequest:
    """A SPARQL 1.1 Update (INSERT, DELETE, LOAD, CLEAR, DROP ...): it changes data, so it
    runs only when asked for explicitly, and only on a store (:func:`run_update`)."""

    name: str
    path: Path | None
    text: str


# ---------------------------------------------------------------------------------------
# The catalogue
# ---------------------------------------------------------------------------------------


def catalogue(folder: Path | None = None) -> list[CatalogueQuery]:
    """Every query of the catalogue folder (default ``queries/``), sorted by name."""
    root = folder if folder is not None else queries_dir()
    return [read_query_file(path) for path in sorted(root.glob("*.rq"))]


def catalogue_names(folder: Path | None = None) -> list[str]:
    """The names of the catalogue's queries, sorted."""
    root = folder if folder is not None else queries_dir()
    return sorted(path.stem for path in root.glob("*.rq"))


def load_query(name_or_path: str | Path, *, folder: Path | None = None) -> CatalogueQuery:
    """The catalogue query called ``name_or_path``, or the query in that ``.rq`` file."""
    text = str(name_or_path)
    if isinstance(name_or_path, Path) or _is_file_name(text):
        return read_query_file(Path(name_or_path))
    root = folder if folder is not None else queries_dir()
    if _NAME.match(text) and (root / f"{text}.rq").is_file():
        return read_query_file(root / f"{text}.rq")
    names = ", ".join(catalogue_names(root))
    raise QueryError(f"unknown query {text!r}; the catalogue has: {names}")


def _is_file_name(text: str) -> bool:
    """True when ``text`` names a query file rather than a catalogue query."""
    return text.endswith((".rq", ".ru", ".sparql")) or "/" in text or "\\" in text


def read_query_file(path: Path) -> CatalogueQuery:
    """The query in ``path``, checked to parse (a SPARQL UPDATE is refused: see load_request)."""
    return parse_query(_read_text(path), name=path.stem, path=path)


def _read_text(path: Path) -> str:
    """The text of the query file ``path``; a missing or unreadable file is a QueryError."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QueryError(f"{path}: no such query file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"{path}: cannot read the query ({exc})") from None


def parse_query(text: str, *, name: str = "<query>", path: Path | None = None) -> CatalogueQuery:
    """Query ``text`` (SELECT, ASK, CONSTRUCT or DESCRIBE) with its ``#+`` header fields.

    A malformed query is a QueryError; so is a SPARQL UPDATE, which changes data and runs only
    through :func:`run_update`.
    """
    where = str(path) if path else name
    if isinstance(_parse_cached(text), str) and _parses_as_update(text):
        raise QueryError(
            f"{where}: a SPARQL UPDATE changes data and is not run as a query; "
            "run it on a store with `defectorkg query FILE --store DIR --update`"
        )
    prepared = _prepare(text, where)
    form = "SELECT" if prepared.algebra.name == "SelectQuery" else _kind(prepared)
    header = read_header(text)
    variables = tuple(str(v) for v in prepared.algebra["PV"]) if form == "SELECT" else ()
    return CatalogueQuery(
        name=name,
        path=path,
        text=text,
        summary=header.get("summary", ""),
        description=header.get("description", ""),
        example=header.get("example", ""),
        variables=variables,
        bound=tuple(v for v in variables if v in always_bound(prepared.algebra)),
        form=form,
    )


@functools.lru_cache(maxsize=16)
def _parses_as_update(text: str) -> bool:
    """True when ``text`` is a well-formed SPARQL 1.1 Update request."""
    try:
        parseUpdate(text)
    except Exception:  # noqa: BLE001 - pyparsing and rdflib raise many types
        return False
    return True


def load_request(name_or_path: str | Path) -> CatalogueQuery | UpdateRequest:
    """The catalogue query or query file ``name_or_path``, or the SPARQL UPDATE in that file."""
    text = str(name_or_path)
    if not (isinstance(name_or_path, Path) or _is_file_name(text)):
        return load_query(text)
    path = Path(name_or_path)
    body = _read_text(path)
    if isinstance(_parse_cached(body), str) and _parses_as_update(body):
        return UpdateRequest(name=path.stem, path=path, text=body)
    return parse_query(body, name=path.stem, path=path)


def _kind(prepared: PreparedQuery) -> str:
    """ "ASK", "CONSTRUCT" or "DESCRIBE" for a prepared non-SELECT query."""
    return str(prepared.algebra.name).removesuffix("Query").upper()


@functools.lru_cache(maxsize=64)
def _parse_cached(text: str) -> PreparedQuery | str:
    """rdflib's parse of ``text``, or the parser's message (cached: parsing is slow)."""
    try:
        return translateQuery(parseQuery(text))
    except Exception as exc:  # noqa: BLE001 - pyparsing and rdflib raise many types
        return " ".join(str(exc).split()) or type(exc).__name__


def _prepare(text: str, where: str) -> PreparedQuery:
    """rdflib's parse of ``text``; a parse error is a one-line QueryError naming ``where``."""
    parsed = _parse_cached(text)
    if isinstance(parsed, str):
        raise QueryError(f"{where}: malformed SPARQL: {parsed}")
    return parsed


# Algebra nodes whose solutions bind whatever their one operand ``p`` binds.
_PASS_THROUGH = frozenset(
    {"SelectQuery", "Project", "Distinct", "Reduced", "OrderBy", "Slice", "ToMultiSet",
     "Filter", "Extend", "Graph"}
)  # fmt: skip


def always_bound(node: object) -> frozenset[str]:
    """The variables bound in every solution of an rdflib algebra ``node`` (conservative).

    Triple patterns bind their variables; a join binds what either side binds; OPTIONAL and
    MINUS keep their left side's; a UNION what both branches bind; a VALUES table the
    variables every row gives.  BIND, aggregates and anything unknown count as maybe unbound.
    """
    if not isinstance(node, CompValue):
        return frozenset()
    if node.name == "BGP":
        return frozenset(str(t) for triple in node["triples"] for t in triple if _is_var(t))
    if node.name in _PASS_THROUGH:
        return always_bound(node["p"])
    if node.name == "Join":
        return always_bound(node["p1"]) | always_bound(node["p2"])
    if node.name in ("LeftJoin", "Minus"):
        return always_bound(node["p1"])
    if node.name == "Union":
        return always_bound(node["p1"]) & always_bound(node["p2"])
    if node.name == "values":
        rows = [{str(k) for k, v in row.items() if v not in (None, "UNDEF")} for row in node["res"]]
        return frozenset(set.intersection(*rows)) if rows else frozenset()
    return frozenset()


def _is_var(term: object) -> bool:
    """True for a SPARQL variable."""
    return isinstance(term, Variable)


def read_header(text: str) -> dict[str, str]:
    """The ``#+ key: value`` header fields before the query; ``#+`` lines indented by two
    or more spaces continue the field above them."""
    fields: dict[str, str] = {}
    current: str | None = None
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        rest = line[2:] if line.startswith("#+") else None
        field = _HEADER.match(rest) if rest is not None else None
        if field:
            current = field["key"]
            fields[current] = field["value"].strip()
        elif current and rest and rest.startswith("  ") and rest.strip():
            fields[current] = f"{fields[current]} {rest.strip()}"
        else:
            current = None
    return fields


# ---------------------------------------------------------------------------------------
# Parameters
# ---------------------------------------------------------------------------------------


def parse_param(text: str) -> tuple[str, str]:
    """``"name=value"`` (a ``--param`` option) as (name, value)."""
    name, sep, value = text.partition("=")
    name = name.strip().removeprefix("?")
    if not sep or not name:
        raise QueryError(f"--param {text!r}: expected name=value")
    return name, value


@dataclass(frozen=True, slots=True)
class Param:
    """A parameter: rows whose ``name`` column holds ``term`` (or, for bare text, a literal
    whose lexical form is ``text``)."""

    name: str
    text: str
    term: Term | None  # the exact term; None when bare text matches any literal of that form

    def matches(self, value: Term | None) -> bool:
        """True when a result cell holds what this parameter asks for."""
        if self.term is not None:
            return value == self.term
        return isinstance(value, Literal) and str(value) == self.text


def param_value(name: str, value: str) -> Param:
    """The parameter ``name=value``.

    ``<iri>`` or an absolute IRI (``https://…``, ``urn:…``) is that IRI; an N-Triples literal
    (``"1997"^^<http://www.w3.org/2001/XMLSchema#gYear>``, ``"Seoul"@en``) is that exact
    literal; any other text matches a literal with that lexical form, whatever its datatype
    (``2017-11-13`` matches the xsd:date, ``13`` the xsd:integer, ``JSA crossing`` the string).
    """
    if value.startswith("<") and value.endswith(">"):
        return Param(name, value, _iri(value[1:-1]))
    if _ABSOLUTE_IRI.match(value):
        return Param(name, value, _iri(value))
    if value.startswith('"'):
        return Param(name, value, _ntriples_literal(value))
    return Param(name, value, None)


def _iri(value: str) -> URIRef:
    """``value`` as an IRI, checked by pyoxigraph's IRI parser."""
    try:
        return URIRef(ox.NamedNode(value).value)
    except ValueError as exc:
        raise QueryError(f"parameter value {value!r}: not a valid IRI ({exc})") from None


def _ntriples_literal(value: str) -> Literal:
    """An N-Triples literal such as ``"2016-04"^^<…#gYearMonth>``, parsed by pyoxigraph."""
    statement = f"<urn:x:s> <urn:x:p> {value} .\n"
    try:
        triples = list(ox.parse(statement.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
    except SyntaxError as exc:
        detail = " ".join(str(exc).split())
        message = f"parameter value {value!r}: not an N-Triples literal ({detail})"
        raise QueryError(message) from None
    with _rdflib_quiet():  # rdflib logs a traceback for an ill-typed literal; we say it in one line
        term = to_rdflib(triples[0].object)
    if not isinstance(term, Literal):
        raise QueryError(f"parameter value {value!r}: not a literal")
    if term.ill_typed:
        raise QueryError(
            f"parameter value {value!r}: {str(term)!r} is not a valid <{term.datatype}>"
        )
    return term


@contextmanager
def _rdflib_quiet() -> Iterator[None]:
    """Silence rdflib's term logger (its ill-typed literal warning) inside the block."""
    logger = logging.getLogger("rdflib.term")
    was = logger.disabled
    logger.disabled = True
    try:
        yield
    finally:
        logger.disabled = was


def bind_params(query: CatalogueQuery, params: Mapping[str, str] | None) -> list[Param]:
    """``params`` as Params sorted by name, each checked to name a result variable of ``query``."""
    bound = []
    for name, value in sorted((params or {}).items()):
        if name not in query.variables:
            known = ", ".join(f"?{v}" for v in query.variables)
            raise QueryError(f"parameter {name!r}: {query.name} has no such variable ({known})")
        bound.append(param_value(name, value))
    return bound


def pushed_down(query: CatalogueQuery, params: Iterable[Param]) -> dict[str, Term]:
    """The parameters an engine can take as bindings without changing their meaning.

    Only exact terms on variables bound in every solution qualify: a binding (rdflib's
    initBindings, or a VALUES clause) is *compatible* with an unbound cell, so on an OPTIONAL
    column it would turn "no place stated" into "the place asked for".  The others are
    applied to the rows afterwards (see :func:`keep_matching`), the same way on every engine.
    """
    return {p.name: p.term for p in params if p.term is not None and p.name in query.bound}


def keep_matching(result: QueryResult, params: Iterable[Param]) -> QueryResult:
    """The rows of ``result`` whose cells match every parameter."""
    checks = [(result.variables.index(p.name), p) for p in params]
    if not checks:
        return result
    rows = tuple(row for row in result.rows if all(p.matches(row[i]) for i, p in checks))
    return QueryResult(result.variables, rows)


def with_values(text: str, bindings: Mapping[str, Term]) -> str:
    """``text`` with a trailing ``VALUES`` clause holding ``bindings`` as escaped RDF terms.

    No user text enters the query except through :func:`sparql_term`.
    """
    if not bindings:
        return text
    names = sorted(bindings)
    variables = " ".join(f"?{name}" for name in names)
    terms = " ".join(sparql_term(bindings[name]) for name in names)
    return f"{text.rstrip()}\nVALUES ({variables}) {{ ({terms}) }}\n"


def sparql_term(term: Term) -> str:
    """``term`` in N-Triples syntax (valid SPARQL), written by pyoxigraph: the IRI checked,
    quotes, backslashes and line breaks of a literal escaped."""
    if isinstance(term, URIRef):
        return f"<{_iri(str(term))}>"
    if isinstance(term, Literal):
        if term.language:
            return str(ox.Literal(str(term), language=term.language))
        if term.datatype is not None:
            return str(ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype))))
        return str(ox.Literal(str(term)))
    raise QueryError(f"a blank node cannot be a parameter ({term.n3()})")


# ---------------------------------------------------------------------------------------
# Targets: what a query runs on
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GraphTarget:
    """An rdflib Graph in memory, or an RDF file (read into an Oxigraph memory store)."""

    graph: Graph | Path


@dataclass(frozen=True)
class StoreTarget:
    """A persistent pyoxigraph store folder, opened read-only."""

    path: Path


@dataclass(frozen=True)
class EndpointTarget:
    """A SPARQL 1.1 Protocol endpoint, with its credentials and the default graph to query.

    Credentials in ``url`` count as ``user``/``password`` when those are not given.
    """

    url: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)  # never shown in a repr or log
    default_graph: str | None = None


Target = GraphTarget | StoreTarget | EndpointTarget


def _check_target(target: object) -> None:
    """Refuse anything but one of the three targets (a graph, a store or an endpoint)."""
    if not isinstance(target, (GraphTarget, StoreTarget, EndpointTarget)):
        raise QueryError(
            f"a query runs on a GraphTarget, a StoreTarget or an EndpointTarget, not {type(target).__name__}"
        )


# ---------------------------------------------------------------------------------------
# Running
# ---------------------------------------------------------------------------------------


def run(
    query: CatalogueQuery | str,
    target: Target,
    *,
    params: Mapping[str, str] | None = None,
    timeout: float | None = None,
    allow_service: bool = False,
) -> QueryResult:
    """Run ``query`` on ``target``: a :class:`GraphTarget` (an rdflib Graph, or an RDF file),
    a :class:`StoreTarget` (a pyoxigraph store folder) or an :class:`EndpointTarget`.

    ``query`` is a CatalogueQuery, a catalogue name, a ``.rq`` path, or SPARQL text.
    ``params`` keep the rows whose result variable holds the value (see :func:`param_value`);
    they go to the engine as bindings where that means the same (:func:`pushed_down`).
    ``timeout`` (seconds; default :data:`LOCAL_TIMEOUT` for a graph or store, ``DEFAULT_TIMEOUT``
    for an endpoint; 0 for no limit) bounds the run.  A query with ``SERVICE`` is refused
    unless ``allow_service``.
    """
    chosen = _as_query(query)
    if chosen.form != "SELECT":
        raise QueryError(f"{chosen.name}: run() gives the rows of a SELECT; an {chosen.form} "
                         "query is answered by answer()")  # fmt: skip
    _check_target(target)
    if not allow_service:
        refuse_service(chosen)
    wanted = bind_params(chosen, params)
    bindings = pushed_down(chosen, wanted)
    graph = target.graph if isinstance(target, GraphTarget) else None
    if isinstance(graph, Graph):
        work = functools.partial(run_on_rdflib, chosen, graph, bindings)
        result = bounded(work, LOCAL_TIMEOUT if timeout is None else timeout, chosen.name)
    elif not isinstance(target, EndpointTarget):
        if isinstance(target, StoreTarget):
            folder = target.path
            open_store(folder, read_only=True)  # a folder that is no store: reported here
            opened: Callable[[], ox.Store] = functools.partial(open_store, folder, read_only=True)
        else:
            assert graph is not None  # a GraphTarget of a file
            memory = read_rdf_file(graph)  # parsed here: a bad file is reported as such
            opened = lambda: memory
        # The worker hands the solutions over as SPARQL JSON (written and read by Oxigraph:
        # far cheaper than pickling rdflib terms), converted here as an endpoint's answer is.
        body = bounded(
            lambda: oxigraph_results_json(chosen, opened(), bindings),
            LOCAL_TIMEOUT if timeout is None else timeout, chosen.name,
        )  # fmt: skip
        result = _from_solutions(chosen, *parse_json_results(body, source=chosen.name))
    else:
        solutions = query_endpoint(
            with_values(chosen.text, bindings), target.url, user=target.user,
            password=target.password, timeout=DEFAULT_TIMEOUT if timeout is None else timeout or None,
            default_graph=target.default_graph,
        )  # fmt: skip
        result = _from_solutions(chosen, *solutions)
    return keep_matching(result, wanted)


def service_iris(query: CatalogueQuery) -> list[str]:
    """The IRIs of the ``SERVICE`` clauses of ``query`` (anywhere: OPTIONAL, EXISTS, UNION ...)."""
    found: list[str] = []
    stack: list[object] = [_prepare(query.text, query.name).algebra]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                found.append(str(node.get("term")))
            stack.extend(node.values())
        elif isinstance(node, list | tuple | set | frozenset):
            stack.extend(node)
    return sorted(set(found))


def refuse_service(query: CatalogueQuery) -> None:
    """A QueryError when ``query`` would send a request to another host (``SERVICE``)."""
    services = service_iris(query)
    if services:
        named = ", ".join(f"<{iri}>" for iri in services)
        raise QueryError(
            f"{query.path or query.name}: the query sends requests to {named} (SERVICE); "
            "refused unless you pass --allow-service"
        )


def bounded(work: Callable[[], T], timeout: float | None, name: str) -> T:
    """``work()`` in a worker process that is stopped after ``timeout`` seconds (None or 0:
    no limit, in this process).  Errors come back as the one-line errors they are.

    A forked child shares the parsed graph with no copy; where fork is missing a daemon thread
    runs the query and is abandoned on timeout (it ends with the process).
    """
    if not timeout or timeout <= 0:
        return work()
    if "fork" not in multiprocessing.get_all_start_methods():  # pragma: no cover - Windows
        return _bounded_thread(work, timeout, name)
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # 3.12+: "fork() in a threaded process"
        worker = context.Process(target=_answer, args=(work, writer), daemon=True)
        worker.start()
    writer.close()
    try:
        if not reader.poll(timeout):
            raise QueryError(_too_slow(name, timeout))
        try:
            ok, value = reader.recv()
        except EOFError:
            worker.join()
            raise QueryError(
                f"{name}: the query process ended without an answer (exit code {worker.exitcode}; "
                "out of memory?)"
            ) from None
    finally:
        if worker.is_alive():
            worker.kill()
        worker.join()
        reader.close()
    if not ok:
        raise value
    return value  # type: ignore[no-any-return]


def _too_slow(name: str, timeout: float) -> str:
    return (
        f"{name}: the query did not finish within {timeout:g} s and was stopped (raise --timeout)"
    )


def _answer(work: Callable[[], object], writer: object) -> None:
    """The worker: send (True, result) or (False, a one-line error)."""
    try:
        answer: tuple[bool, object] = (True, work())
    except QueryError as exc:
        answer = (False, exc)
    except BaseException as exc:  # noqa: BLE001 - reported to the parent as one line
        answer = (False, QueryError(f"the query engine failed ({type(exc).__name__}: {exc})"))
    writer.send(answer)  # type: ignore[attr-defined]
    writer.close()  # type: ignore[attr-defined]


def _bounded_thread(work: Callable[[], T], timeout: float, name: str) -> T:
    """:func:`bounded` without fork: a daemon thread, abandoned after ``timeout`` seconds."""
    box: list[tuple[bool, object]] = []

    def target() -> None:
        try:
            box.append((True, work()))
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller
            box.append((False, exc))

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(timeout)
    if not box:
        raise QueryError(_too_slow(name, timeout))
    ok, value = box[0]
    if not ok:
        raise value  # type: ignore[misc]
    return value  # type: ignore[return-value]


def answer(
    query: CatalogueQuery | str,
    target: Target,
    *,
    params: Mapping[str, str] | None = None,
    timeout: float | None = None,
    allow_service: bool = False,
) -> Answer:
    """Run a query of any form on ``target`` (as :func:`run` does for SELECT).

    SELECT gives a QueryResult (see :func:`run`), ASK a BooleanResult, CONSTRUCT and DESCRIBE
    a GraphResult.  ``params`` select rows, so they apply to SELECT queries only.  A SPARQL
    UPDATE is never a query: it is refused here (see :func:`run_update`).
    """
    chosen = _as_query(query)
    if chosen.form == "SELECT":
        return run(chosen, target, params=params, timeout=timeout, allow_service=allow_service)
    if params:
        raise QueryError(f"{chosen.name}: parameters select rows of a SELECT query; "
                         f"an {chosen.form} query has none")  # fmt: skip
    _check_target(target)
    if not allow_service:
        refuse_service(chosen)
    local = LOCAL_TIMEOUT if timeout is None else timeout
    if isinstance(target, GraphTarget):
        graph = target.graph
        if isinstance(graph, Graph):
            return bounded(lambda: answer_on_rdflib(chosen, graph), local, chosen.name)
        memory = read_rdf_file(graph)  # parsed here: a bad file is reported as such
        return bounded(lambda: answer_on_oxigraph(chosen, memory), local, chosen.name)
    if isinstance(target, StoreTarget):
        folder = target.path
        open_store(folder, read_only=True)  # a folder that is no store: reported here
        return bounded(
            lambda: answer_on_oxigraph(chosen, open_store(folder, read_only=True)),
            local,
            chosen.name,
        )
    ask_or_construct = ask_endpoint if chosen.form == "ASK" else construct_endpoint
    found = ask_or_construct(
        chosen.text, target.url, user=target.user, password=target.password,
        timeout=DEFAULT_TIMEOUT if timeout is None else timeout or None,
        default_graph=target.default_graph,
    )  # fmt: skip
    if isinstance(found, bool):
        return BooleanResult(found)
    triples = found
    convert = _term_converter()
    return _graph_result(
        (convert(t.subject), convert(t.predicate), convert(t.object)) for t in triples
    )


def answer_on_rdflib(query: CatalogueQuery, graph: Graph) -> BooleanResult | GraphResult:
    """Answer an ASK, CONSTRUCT or DESCRIBE ``query`` on an rdflib graph (a Dataset: the union)."""
    if isinstance(graph, Dataset) and not graph.default_union:
        graph = Dataset(store=graph.store, default_union=True)
    try:
        result = graph.query(_prepare(query.text, query.name))
    except QueryError:
        raise
    except Exception as exc:  # noqa: BLE001 - rdflib evaluation raises many types
        raise QueryError(f"{query.name}: rdflib cannot run the query ({exc})") from None
    if query.form == "ASK":
        return BooleanResult(bool(result.askAnswer))
    return _graph_result((_plain(s), _plain(p), _plain(o)) for s, p, o in result.graph or ())


def answer_on_oxigraph(query: CatalogueQuery, store: ox.Store) -> BooleanResult | GraphResult:
    """Answer an ASK, CONSTRUCT or DESCRIBE ``query`` on a pyoxigraph store (default graph: the
    union of its graphs)."""
    try:
        found = store.query(query.text, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise QueryError(f"{query.name}: malformed SPARQL: {' '.join(str(exc).split())}") from None
    except OSError as exc:
        raise QueryError(f"{query.name}: Oxigraph cannot run the query ({exc})") from None
    if isinstance(found, ox.QueryBoolean):
        return BooleanResult(bool(found))
    if not isinstance(found, ox.QueryTriples):
        raise QueryError(f"{query.name}: Oxigraph gave rows, not the answer of an {query.form}")
    convert = _term_converter()
    return _graph_result(
        (convert(t.subject), convert(t.predicate), convert(t.object)) for t in found
    )


def _graph_result(triples: Iterable[tuple[Term | None, Term | None, Term | None]]) -> GraphResult:
    """A GraphResult of distinct triples (an engine may give a triple twice)."""
    kept: dict[tuple[Term, Term, Term], None] = {}
    for s, p, o in triples:
        if s is None or p is None or o is None:
            raise QueryError("an engine gave a triple with an empty term")
        kept[(s, p, o)] = None
    return GraphResult(tuple(kept))


def run_update(update: UpdateRequest, store_dir: Path) -> tuple[int, int]:
    """Apply the SPARQL UPDATE to the Oxigraph store in ``store_dir``: (quads before, after).

    Only a store folder that exists is changed; no endpoint is ever sent an update.
    """
    if not _parses_as_update(update.text):
        raise QueryError(f"{update.path or update.name}: not a well-formed SPARQL UPDATE")
    return update_store(store_dir, update.text, where=str(update.path or update.name))


def _as_query(query: CatalogueQuery | str) -> CatalogueQuery:
    """A CatalogueQuery from a name, a path or SPARQL text."""
    if isinstance(query, CatalogueQuery):
        return query
    if query.split() == [query]:
        return load_query(query)
    return parse_query(query)


def run_on_rdflib(query: CatalogueQuery, graph: Graph, bindings: Mapping[str, Term]) -> QueryResult:
    """Run ``query`` on an rdflib graph with ``bindings`` as initBindings.

    A Dataset is queried as the union of its graphs, as the other engines do.
    """
    if isinstance(graph, Dataset) and not graph.default_union:
        graph = Dataset(store=graph.store, default_union=True)
    prepared = _prepare(query.text, query.name)
    try:
        result = graph.query(prepared, initBindings=dict(bindings))
    except Exception as exc:  # noqa: BLE001 - rdflib evaluation raises many types
        raise QueryError(f"{query.name}: rdflib cannot run the query ({_one_line(exc)})") from None
    variables = tuple(str(v) for v in result.vars or ())
    rows = ([_plain(term) for term in row] for row in result if isinstance(row, ResultRow))
    try:
        return _result(query, variables, rows)
    except QueryError:
        raise
    except Exception as exc:  # noqa: BLE001 - evaluation is lazy: errors come while reading rows
        raise QueryError(f"{query.name}: rdflib cannot run the query ({_one_line(exc)})") from None


def run_on_oxigraph(
    query: CatalogueQuery, store: ox.Store, bindings: Mapping[str, Term]
) -> QueryResult:
    """Run ``query`` on a pyoxigraph store, its default graph being the union of all graphs."""
    solutions = _oxigraph_solutions(query, store, bindings)
    variables = tuple(v.value for v in solutions.variables)
    return _from_solutions(query, variables, _reading(query, solutions, variables))


def oxigraph_results_json(
    query: CatalogueQuery, store: ox.Store, bindings: Mapping[str, Term]
) -> bytes:
    """The solutions of ``query`` on ``store`` as SPARQL 1.1 Query Results JSON."""
    solutions = _oxigraph_solutions(query, store, bindings)
    try:
        data = solutions.serialize(format=ox.QueryResultsFormat.JSON)
        assert data is not None  # None only when an output file is given
        return bytes(data)
    except Exception as exc:  # noqa: BLE001 - evaluation is lazy: errors come while writing rows
        raise QueryError(
            f"{query.name}: Oxigraph cannot run the query ({_one_line(exc)})"
        ) from None


def _oxigraph_solutions(
    query: CatalogueQuery, store: ox.Store, bindings: Mapping[str, Term]
) -> ox.QuerySolutions:
    text = with_values(query.text, bindings)
    try:
        solutions = store.query(text, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise QueryError(f"{query.name}: malformed SPARQL: {' '.join(str(exc).split())}") from None
    except Exception as exc:  # noqa: BLE001 - OSError, and whatever SERVICE brings back
        raise QueryError(
            f"{query.name}: Oxigraph cannot run the query ({_one_line(exc)})"
        ) from None
    if not isinstance(solutions, ox.QuerySolutions):
        raise QueryError(f"{query.name}: only SELECT queries can be run")
    return solutions


def _reading(
    query: CatalogueQuery, solutions: ox.QuerySolutions, variables: tuple[str, ...]
) -> Iterator[tuple[OxTerm | None, ...]]:
    """The rows of ``solutions``; an error while evaluating them is a one-line QueryError."""
    try:
        for solution in solutions:
            yield tuple(solution[v] for v in variables)
    except Exception as exc:  # noqa: BLE001 - evaluation is lazy: errors come while reading rows
        raise QueryError(
            f"{query.name}: Oxigraph cannot run the query ({_one_line(exc)})"
        ) from None


def _from_solutions(
    query: CatalogueQuery, variables: tuple[str, ...], rows: Iterable[tuple[OxTerm | None, ...]]
) -> QueryResult:
    """Oxigraph's solutions as a QueryResult of rdflib terms."""
    convert = _term_converter()
    return _result(query, variables, ([convert(t) for t in row] for row in rows))


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _result(
    query: CatalogueQuery, variables: tuple[str, ...], rows: Iterable[list[Term | None]]
) -> QueryResult:
    """A QueryResult in the query's variable order (engines may list them differently)."""
    order = [variables.index(v) if v in variables else None for v in query.variables]
    return QueryResult(
        variables=query.variables,
        rows=tuple(tuple(None if i is None else row[i] for i in order) for row in rows),
    )


def _term_converter() -> Callable[[OxTerm | None], Term | None]:
    """:func:`to_rdflib` remembering its answers for one result (names and IRIs repeat; making
    an rdflib Literal costs more than the query engine spends on a row)."""
    return functools.lru_cache(maxsize=1 << 16)(to_rdflib)


def to_rdflib(term: OxTerm | None) -> Term | None:
    """A pyoxigraph term as the rdflib term it stands for (literals keep their lexical form)."""
    if term is None:
        return None
    try:
        return rdflib_term(term, normalize=False)  # type: ignore[return-value]
    except TypeError:
        raise QueryError(f"unsupported RDF-star term in the results: {term}") from None


def _plain(term: object) -> Term | None:
    """An rdflib result term with ``xsd:string`` literals made plain (RDF 1.1: the same)."""
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    if term is None or isinstance(term, URIRef | Literal | BNode):
        return term
    raise QueryError(f"unsupported term in the results: {term!r}")


# ---------------------------------------------------------------------------------------
# Formatting
# ---------------------------------------------------------------------------------------


def lexical(term: Term | None) -> str:
    """The text of a term in csv/tsv: an IRI as is, a literal's lexical form, "" if unbound."""
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def format_csv(result: QueryResult) -> str:
    """RFC 4180 CSV: a header of the variable names, then one line per solution."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.variables)
    writer.writerows([lexical(t) for t in row] for row in result.rows)
    return buffer.getvalue()


def _tsv_cell(text: str) -> str:
    """A TSV cell: backslash, tab, newline and carriage return escaped as \\\\, \\t, \\n, \\r."""
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def format_tsv(result: QueryResult) -> str:
    """Tab-separated values: a header of the variable names, then one line per solution."""
    lines = ["\t".join(result.variables)]
    lines += ["\t".join(_tsv_cell(lexical(t)) for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def json_term(term: Term) -> dict[str, str]:
    """One RDF term in SPARQL 1.1 Query Results JSON."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None and term.datatype != XSD.string:
        out["datatype"] = str(term.datatype)
    return out


def format_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON (unbound variables are left out of a binding)."""
    bindings = [
        {v: json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
        for row in result.rows
    ]
    document = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _display(term: Term | None, base: str | None) -> str:
    """A table cell: IRIs under ``base`` shortened to their key, text on one line."""
    text = lexical(term)
    if base and isinstance(term, URIRef) and text.startswith(base) and len(text) > len(base):
        text = text[len(base) :]
    return " ".join(text.split()) if any(c in text for c in "\n\r\t") else text


def _width(text: str) -> int:
    """Columns ``text`` takes on a terminal (East Asian wide characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` terminal columns."""
    return text + " " * (width - _width(text))


def format_table(result: QueryResult, *, base: str | None = DEFAULT_BASE) -> str:
    """An aligned, readable table; IRIs under ``base`` are shown relative to it."""
    cells = [[_display(t, base) for t in row] for row in result.rows]
    widths = [
        max([_width(v)] + [_width(row[i]) for row in cells]) for i, v in enumerate(result.variables)
    ]
    lines = ["  ".join(_pad(v, w) for v, w in zip(result.variables, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)) for row in cells]
    lines = [line.rstrip() for line in lines]
    count = len(result.rows)
    footer = f"({count} row{'' if count == 1 else 's'}"
    footer += f"; IRIs relative to {base})" if base else ")"
    return "\n".join(lines + [footer]) + "\n"


def format_boolean(result: BooleanResult, fmt: str) -> str:
    """An ASK answer: ``true`` or ``false`` on one line, or SPARQL 1.1 Query Results JSON."""
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": result.value}, indent=2) + "\n"
    if fmt not in FORMATS:
        raise QueryError(f"format {fmt!r}: an ASK query answers true or false; "
                         f"choose one of: {', '.join(FORMATS)}")  # fmt: skip
    return "true\n" if result.value else "false\n"


def format_graph(result: GraphResult, fmt: str, *, base: str = DEFAULT_BASE) -> str:
    """CONSTRUCT or DESCRIBE triples as sorted Turtle (the project's prefixes, those used) or
    sorted N-Triples."""
    if fmt not in GRAPH_FORMATS:
        raise QueryError(f"format {fmt!r}: a CONSTRUCT or DESCRIBE query gives triples; "
                         f"choose one of: {', '.join(GRAPH_FORMATS)}")  # fmt: skip
    graph = bind_prefixes(new_graph(), base=base)
    for triple in result.triples:
        graph.add(triple)
    return serialize_turtle(graph) if fmt == "turtle" else serialize_ntriples(graph)


def format_answer(result: Answer, fmt: str | None = None) -> str:
    """Any answer in ``fmt`` (default: a table of rows, true/false, or Turtle)."""
    if isinstance(result, BooleanResult):
        return format_boolean(result, fmt or "table")
    if isinstance(result, GraphResult):
        return format_graph(result, fmt or "turtle")
    if fmt in GRAPH_FORMATS:
        raise QueryError(f"format {fmt!r} is for CONSTRUCT and DESCRIBE queries; a SELECT gives "
                         f"rows: choose one of: {', '.join(FORMATS)}")  # fmt: skip
    return format_result(result, fmt or "table")


def format_result(result: QueryResult, fmt: str) -> str:
    """``result`` in the output format ``fmt`` (one of FORMATS)."""
    formatters = {
        "table": format_table,
        "csv": format_csv,
        "tsv": format_tsv,
        "json": format_json,
    }
    if fmt not in formatters:
        raise QueryError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    return formatters[fmt](result)
