"""Triplestores: the embedded Oxigraph store on disk, and SPARQL servers over HTTP.

Longer than 500 lines on purpose: it is the one module that talks to the network (the design
rule), so the Oxigraph store and the SPARQL/Graph Store Protocol client sit together.

This is the only module that talks to the network.  Everything here works on RDF files and
store folders, not on rdflib graphs, so a graph of a million triples loads in about 20-30 s:

* :func:`load_into_store` puts a Turtle/TriG/N-Triples/N-Quads file into a persistent
  pyoxigraph store, replacing the graphs the file holds (loading twice = loading once).
* :func:`load_into_endpoint` sends a file to a SPARQL 1.1 Graph Store HTTP Protocol endpoint
  with ``PUT`` (replaces the named graph) and ``POST`` for further batches, with HTTP digest or
  basic authentication, whichever the server asks for.
* :func:`query_endpoint` runs a query with the SPARQL 1.1 Protocol and parses the JSON results.

Every failure is a :class:`~defectorkg.errors.StoreError` (or ``GraphLoadError`` for a bad
input file) with a one-line message that names the folder, file or URL.  Credentials in an
endpoint URL (``http://user:password@host/…``) are taken like ``--user``/``--password`` and
never printed: every message shows the URL without its password (:func:`redact_url`).
"""

from __future__ import annotations

import base64
import http.client
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox

from ..errors import StoreError
from ..iris import DEFAULT_BASE
from ..rdf.rdffiles import read_store, read_triples  # the one reader of RDF files

DEFAULT_TIMEOUT = (
    30.0  # seconds to wait for a SPARQL server before giving up (a timeout of None: no limit)
)
DEFAULT_GRAPH_IRI = f"{DEFAULT_BASE}graph"  # the named graph `load --endpoint` replaces
BATCH_TRIPLES = 50_000  # triples per Graph Store request (about 7 MB of N-Triples)

_RESULTS_JSON = "application/sparql-results+json"
_GRAPH_TYPES = "application/n-triples, text/turtle;q=0.9"  # what a CONSTRUCT answer may be


def read_rdf_file(path: Path, *, graph_iri: str | None = None) -> ox.Store:
    """Parse ``path`` into an in-memory store (its triples into ``graph_iri`` when given)."""
    return read_store(path, to_graph=named_node(graph_iri) if graph_iri else None)


def named_node(iri: str) -> ox.NamedNode:
    """``iri`` as a pyoxigraph NamedNode; a malformed IRI is a StoreError naming it."""
    try:
        return ox.NamedNode(iri)
    except ValueError as exc:
        raise StoreError(f"{iri!r}: not a valid IRI ({_one_line(exc)})") from None


def _one_line(exc: BaseException | str) -> str:
    """An exception's message (or a reason text) on one line."""
    return " ".join(str(exc).split()) or type(exc).__name__


# ---------------------------------------------------------------------------------------
# The embedded Oxigraph store
# ---------------------------------------------------------------------------------------


def is_store_folder(folder: Path) -> bool:
    """True when ``folder`` holds an Oxigraph (RocksDB) store."""
    return (folder / "CURRENT").is_file() and any(folder.glob("MANIFEST-*"))


def open_store(store_dir: Path, *, create: bool = False, read_only: bool = False) -> ox.Store:
    """Open the pyoxigraph store in ``store_dir``.

    A missing or empty folder becomes a new store only with ``create``; a folder that holds
    anything else is refused, so the store never scatters its files among someone's data.
    """
    if store_dir.exists() and not store_dir.is_dir():
        raise StoreError(f"{store_dir}: not a folder, so not an Oxigraph store")
    holds_files = store_dir.is_dir() and any(store_dir.iterdir())
    if holds_files and not is_store_folder(store_dir) and not _being_created(store_dir):
        if _only_store_files(store_dir):
            raise StoreError(
                f"{store_dir}: not a complete Oxigraph store (it has no CURRENT file: its creation "
                "was cut short); remove the folder and load again"
            )
        raise StoreError(f"{store_dir}: not an Oxigraph store (the folder holds other files)")
    if not holds_files and not create:
        raise StoreError(
            f"{store_dir}: no store here (create one with `defectorkg load --store {store_dir}`)"
        )
    try:
        if read_only:
            return ox.Store.read_only(str(store_dir))
        return ox.Store(str(store_dir))
    except OSError as exc:
        if "lock" in str(exc).lower():
            raise StoreError(
                f"{store_dir}: the store is in use by another process (it holds the lock file "
                f"{store_dir / _LOCK_FILE}); try again when that process has finished"
            ) from None
        raise StoreError(f"{store_dir}: cannot open the store ({_one_line(exc)})") from None


_LOCK_FILE = "LOCK"  # RocksDB's lock file
# The files RocksDB makes in a store folder (CURRENT comes last when a store is created).
_STORE_FILE = re.compile(
    r"^(?:LOCK|LOG(?:\.old\.\d+)?|IDENTITY|CURRENT|MANIFEST-\d+|OPTIONS-\d+(?:\.dbtmp)?"
    r"|\d+\.(?:log|sst|dbtmp))$"
)
CREATION_WAIT = 5.0  # seconds to wait for another process to finish creating a store


def _only_store_files(store_dir: Path) -> bool:
    """True when every file of ``store_dir`` has a name RocksDB gives its files."""
    return all(_STORE_FILE.match(path.name) for path in store_dir.iterdir())


def _being_created(store_dir: Path) -> bool:
    """True when another process is creating a store in ``store_dir`` and finishes within
    CREATION_WAIT seconds (RocksDB writes CURRENT last)."""
    if not _only_store_files(store_dir):
        return False
    deadline = time.monotonic() + CREATION_WAIT
    while time.monotonic() < deadline:
        time.sleep(0.05)
        if is_store_folder(store_dir):
            return True
    return False


def _graphs_in(memory: ox.Store) -> set[ox.NamedNode | ox.BlankNode | ox.DefaultGraph]:
    """The graphs ``memory`` holds triples in (the default graph only when it is not empty)."""
    graphs: set[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = set(memory.named_graphs())
    if next(iter(memory.quads_for_pattern(None, None, None, ox.DefaultGraph())), None):
        graphs.add(ox.DefaultGraph())
    return graphs


def load_into_store(path: Path, store_dir: Path, *, graph_iri: str | None = None) -> int:
    """Load the RDF file ``path`` into the persistent store in ``store_dir``; returns its size.

    Turtle and N-Triples go into the default graph (or ``graph_iri``); TriG and N-Quads keep
    their named graphs.  Each graph the file holds ends up holding exactly the file's quads,
    like a Graph Store ``PUT``: quads of those graphs that the file no longer has are removed,
    the missing ones added, so loading twice is loading once and a rebuilt file leaves no stale
    facts.  Graphs the file does not mention are left alone.

    The file is parsed completely before the store is touched, so a bad file changes nothing.
    Into an empty store the write is Oxigraph's bulk loader (several times faster than one
    transaction, not atomic: should it be cut short, loading the file again completes it);
    into a store that holds data, the graphs are replaced in one transaction, so a query
    running meanwhile sees the old graphs or the new ones, never a mix.
    """
    memory = read_rdf_file(path, graph_iri=graph_iri)
    store = open_store(store_dir, create=True)
    try:
        if next(iter(store), None) is None:
            store.bulk_extend(memory)
        else:
            _replace_graphs(store, memory)
        store.flush()
    except (OSError, RuntimeError) as exc:  # RuntimeError: the update that replaces graphs
        raise StoreError(f"{store_dir}: cannot write to the store ({_one_line(exc)})") from None
    return len(memory)


def _replace_graphs(store: ox.Store, memory: ox.Store) -> None:
    """Make each graph of ``memory`` in ``store`` hold exactly ``memory``'s quads, in one
    transaction (one SPARQL update: removals and additions are seen together or not at all).

    Only the difference is written: the stale quads go (``DELETE DATA``), the missing ones
    come (``INSERT DATA``).  ``DELETE DATA`` cannot name blank nodes, so a graph with a stale
    blank-node quad is cleared and written whole.  Both stores hold literals in Oxigraph's
    canonical form, so a quad compares equal to itself across them (a parsed
    ``"5"^^xsd:nonNegativeInteger`` would not).
    """
    graphs = _graphs_in(memory)
    stale = [quad for quad in store if quad.graph_name in graphs and quad not in memory]
    cleared = {quad.graph_name for quad in stale if _has_blank_node(quad)}
    added = [quad for quad in memory if quad.graph_name in cleared or quad not in store]
    removed = [quad for quad in stale if quad.graph_name not in cleared]
    operations = [f"CLEAR SILENT {_graph_ref(graph)}" for graph in sorted(cleared, key=str)]
    if removed:
        operations.append(f"DELETE DATA {{\n{_quad_data(removed)}}}")
    if added:
        operations.append(f"INSERT DATA {{\n{_quad_data(added)}}}")
    if operations:
        store.update(" ;\n".join(operations))


def _has_blank_node(quad: ox.Quad) -> bool:
    return isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)


def _graph_ref(graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> str:
    """A graph in SPARQL Update's graph reference syntax."""
    return "DEFAULT" if isinstance(graph, ox.DefaultGraph) else f"GRAPH {graph}"


def _quad_data(quads: list[ox.Quad]) -> str:
    """``quads`` as SPARQL QuadData: N-Triples lines, in a ``GRAPH <g> { }`` block per graph."""
    by_graph: dict[object, list[ox.Triple]] = defaultdict(list)
    for quad in quads:
        by_graph[quad.graph_name].append(ox.Triple(quad.subject, quad.predicate, quad.object))
    blocks = []
    for graph, triples in by_graph.items():
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        assert data is not None  # None only when an output file is given
        body = data.decode("utf-8")
        blocks.append(
            body if isinstance(graph, ox.DefaultGraph) else f"GRAPH {graph} {{\n{body}}}\n"
        )
    return "".join(blocks)


def update_store(store_dir: Path, update: str, *, where: str = "the update") -> tuple[int, int]:
    """Apply the SPARQL UPDATE ``update`` to the existing store in ``store_dir``.

    Returns the number of quads before and after.  Oxigraph runs an update as one
    transaction: an update that fails changes nothing.
    """
    store = open_store(store_dir)
    before = len(store)
    try:
        store.update(update)
        store.flush()
    except SyntaxError as exc:
        raise StoreError(f"{where}: Oxigraph cannot parse the update ({_one_line(exc)})") from None
    except OSError as exc:
        raise StoreError(f"{store_dir}: the update failed ({_one_line(exc)})") from None
    return before, len(store)


# ---------------------------------------------------------------------------------------
# SPARQL servers
# ---------------------------------------------------------------------------------------


def redact_url(url: str) -> str:
    """``url`` as it may be printed: the password of its userinfo replaced by ``***``."""
    scheme, sep, rest = url.partition("://")
    netloc, slash, path = rest.partition("/")
    if not sep or "@" not in netloc:
        return url
    userinfo, _, host = netloc.rpartition("@")
    user, colon, _ = userinfo.partition(":")
    return f"{scheme}://{user}{':***' if colon else ''}@{host}{slash}{path}"


def url_credentials(
    url: str, user: str | None, password: str | None
) -> tuple[str, str | None, str | None]:
    """``url`` without userinfo, and the user and password to send: ``user``/``password``
    (``--user``/``--password``) when given, else those of the URL (percent-decoded)."""
    parts = urllib.parse.urlsplit(url)
    if "@" not in parts.netloc:
        return url, user, password
    userinfo, _, host = parts.netloc.rpartition("@")
    url_user, colon, url_password = userinfo.partition(":")
    if user is None and url_user:
        user = urllib.parse.unquote(url_user)
    if password is None and colon:
        password = urllib.parse.unquote(url_password)
    return parts._replace(netloc=host).geturl(), user, password


def _scrub(message: str, password: str | None) -> str:
    """``message`` with every occurrence of ``password`` replaced by ``***``."""
    return message.replace(password, "***") if password else message


def _opener(url: str, user: str | None, password: str | None) -> urllib.request.OpenerDirector:
    """A urllib opener that answers a digest or basic challenge with ``user``/``password``."""
    if user is None:
        return urllib.request.build_opener()
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, url, user, password or "")
    return urllib.request.build_opener(
        urllib.request.HTTPDigestAuthHandler(passwords),
        urllib.request.HTTPBasicAuthHandler(passwords),
    )


def _send(
    request: urllib.request.Request,
    *,
    user: str | None,
    password: str | None,
    timeout: float | None,
) -> bytes:
    """Send ``request`` and return the response body; every failure is a StoreError."""
    url = request.full_url
    shown = _without_query(url)
    try:
        with _opener(url, user, password).open(request, timeout=timeout) as response:
            return bytes(response.read())
    except urllib.error.HTTPError as exc:
        raise StoreError(_scrub(_http_error_message(shown, exc, user), password)) from None
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise StoreError(_scrub(str(_network_error(shown, exc, timeout)), password)) from None


def _network_error(shown: str, exc: BaseException, timeout: float | None) -> StoreError:
    """The StoreError for a request that got no HTTP answer."""
    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, TimeoutError):
        return StoreError(f"{shown}: no answer within {timeout:g} s")
    if isinstance(exc, urllib.error.URLError):
        return StoreError(f"{shown}: unreachable ({_one_line(reason)})")
    return StoreError(f"{shown}: request failed ({_one_line(exc)})")


def _without_query(url: str) -> str:
    """``url`` without its query string (which may hold a whole SPARQL query) or password."""
    return redact_url(urllib.parse.urlsplit(url)._replace(query="", fragment="").geturl())


def _http_error_message(url: str, exc: urllib.error.HTTPError, user: str | None) -> str:
    """A one-line message for an HTTP error status, with the server's first words."""
    if exc.code == 401:
        if user is None:
            return f"{url}: the server asks for credentials (HTTP 401); give --user and --password"
        return f"{url}: the server refused the credentials of user {user!r} (HTTP 401)"
    if exc.code == 403:
        return f"{url}: permission denied (HTTP 403): the user may not write to this endpoint"
    try:
        body = exc.read().decode("utf-8", "replace")
    except OSError:
        body = ""
    detail = " ".join(body.split())[:200]
    return f"{url}: HTTP {exc.code} {exc.reason}" + (f": {detail}" if detail else "")


def _with_params(url: str, params: dict[str, str]) -> str:
    """``url`` with ``params`` added to its query string."""
    parts = urllib.parse.urlsplit(url)
    extra = urllib.parse.urlencode(params)
    query = f"{parts.query}&{extra}" if parts.query else extra
    return parts._replace(query=query).geturl()


def _check_url(endpoint: str) -> None:
    """Refuse anything but an http(s) URL with a host."""
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc.rpartition("@")[2]:
        raise StoreError(f"{redact_url(endpoint)!r}: not an http(s) URL of a SPARQL endpoint")


def load_into_endpoint(
    path: Path,
    endpoint: str,
    *,
    graph_iri: str = DEFAULT_GRAPH_IRI,
    user: str | None = None,
    password: str | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    batch_size: int = BATCH_TRIPLES,
) -> None:
    """Replace the named graph ``graph_iri`` at a Graph Store endpoint with the file ``path``.

    SPARQL 1.1 Graph Store HTTP Protocol: ``PUT {endpoint}?graph={graph_iri}`` with the first
    ``batch_size`` triples as N-Triples (which is Turtle), then ``POST`` (add) for each further
    batch: one request of a million triples did not finish in ten minutes on Virtuoso 7.2,
    batches of 50,000 take well under a second each.  Literals go exactly as the file has them.  A file with blank nodes goes in one
    request, as a blank node cannot span requests.  The file is parsed locally first (a bad
    file never reaches the server); a file with named graphs (TriG, N-Quads) is sent as the
    union of its graphs, since the protocol addresses one graph.

    With ``user``, a HEAD request learns the server's challenge (digest or basic) and checks
    the credentials before any data is sent; every batch then carries its answer, so no body
    is sent twice.  Virtuoso's authenticated endpoint is ``/sparql-graph-crud-auth``.
    Credentials in the URL count as ``user``/``password`` when those are not given.
    """
    _check_url(endpoint)
    endpoint, user, password = url_credentials(endpoint, user, password)
    named_node(graph_iri)
    batches = _batches(read_triples(path), batch_size)
    target = _with_params(endpoint, {"graph": graph_iri})
    signer = _signer_for(endpoint, graph_iri, user, password, timeout) if user else None
    sent = 0
    for number, batch in enumerate(batches):
        request = urllib.request.Request(
            target,
            data=ox.serialize(batch, format=ox.RdfFormat.N_TRIPLES),
            method="PUT" if number == 0 else "POST",
            headers={"Content-Type": "text/turtle; charset=utf-8"},
        )
        if signer is not None:
            signer.sign(request)
        try:
            _send(request, user=user, password=password, timeout=timeout)
        except StoreError as exc:
            if number == 0:
                raise
            total = sum(len(b) for b in batches)
            raise StoreError(
                f"{exc} (after {sent} of {total} triples: <{graph_iri}> is incomplete; load again)"
            ) from None
        sent += len(batch)


def _batches(triples: list[ox.Triple], size: int) -> list[list[ox.Triple]]:
    """``triples`` in batches of ``size``; one batch when a blank node occurs (or none at all)."""
    if not triples or any(
        isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in triples
    ):
        return [triples]
    return [triples[i : i + size] for i in range(0, len(triples), size)]


class _Signer:
    """Answers the server's authentication challenge on a request before its body is sent.

    urllib's handlers send a request, read the 401 and send it again with credentials: a large
    body goes twice, and a server that answers 401 before reading it may reset the connection.
    """

    def __init__(self, url: str, user: str, password: str, challenge: str) -> None:
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, url, user, password)
        self._digest = urllib.request.HTTPDigestAuthHandler(passwords)
        self._basic = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        scheme, _, params = challenge.strip().partition(" ")
        self.scheme = scheme.lower()
        self._challenge = urllib.request.parse_keqv_list(
            [item for item in urllib.request.parse_http_list(params) if item]
        )

    def sign(self, request: urllib.request.Request) -> None:
        """Add the Authorization header the challenge asks for (digest or basic)."""
        if self.scheme == "basic":
            request.add_unredirected_header("Authorization", f"Basic {self._basic}")
        elif self.scheme == "digest":
            answer = self._digest.get_authorization(request, self._challenge)
            if answer:
                request.add_unredirected_header("Authorization", f"Digest {answer}")


def _head(url: str, *, timeout: float | None, signer: _Signer | None = None) -> tuple[int, str]:
    """The status of a HEAD request to ``url`` and the challenge it answers with, if any."""
    request = urllib.request.Request(url, method="HEAD")
    if signer is not None:
        signer.sign(request)
    try:
        with urllib.request.build_opener().open(request, timeout=timeout) as response:
            return int(response.status), ""
    except urllib.error.HTTPError as exc:
        return exc.code, str(exc.headers.get("WWW-Authenticate") or "")
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise _network_error(_without_query(url), exc, timeout) from None


def _signer_for(
    endpoint: str, graph_iri: str, user: str, password: str | None, timeout: float | None
) -> _Signer | None:
    """Learn the challenge of ``endpoint`` with HEAD requests (on a graph that does not exist,
    so nothing is read) and check the credentials; None when the server asks for none."""
    probe = _with_params(endpoint, {"graph": f"{graph_iri}-defectorkg-auth-probe"})
    status, challenge = _head(probe, timeout=timeout)
    if status != 401 or not challenge:
        return None
    signer = _Signer(endpoint, user, password or "", challenge)
    if signer.scheme not in ("basic", "digest"):
        return None
    status, _ = _head(probe, timeout=timeout, signer=signer)
    if status == 401:
        shown = _without_query(endpoint)
        raise StoreError(f"{shown}: the server refused the credentials of user {user!r} (HTTP 401)")
    return signer


OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
Solutions = tuple[tuple[str, ...], list[tuple[OxTerm | None, ...]]]


def query_endpoint(
    query: str,
    endpoint: str,
    *,
    user: str | None = None,
    password: str | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    default_graph: str | None = None,
) -> Solutions:
    """Run the SELECT ``query`` at a SPARQL 1.1 Protocol endpoint: (variables, rows).

    The query goes in a form-encoded POST (no URL length limit); results come back as
    SPARQL 1.1 Query Results JSON, parsed with pyoxigraph into its terms (``None`` where a
    variable is unbound).  ``default_graph`` is sent as ``default-graph-uri``.  Credentials in
    the URL count as ``user``/``password`` when those are not given.
    """
    body = _post_query(
        query, endpoint, accept=_RESULTS_JSON, user=user, password=password, timeout=timeout,
        default_graph=default_graph,
    )  # fmt: skip
    return parse_json_results(body, source=_without_query(endpoint))


def _post_query(
    query: str,
    endpoint: str,
    *,
    accept: str,
    user: str | None,
    password: str | None,
    timeout: float | None,
    default_graph: str | None,
) -> bytes:
    """POST ``query`` to a SPARQL 1.1 Protocol endpoint (form-encoded) and return the body."""
    _check_url(endpoint)
    endpoint, user, password = url_credentials(endpoint, user, password)
    form = {"query": query}
    if default_graph is not None:
        named_node(default_graph)
        form["default-graph-uri"] = default_graph
    request = urllib.request.Request(
        endpoint,
        data=urllib.parse.urlencode(form).encode("utf-8"),
        method="POST",
        headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
    )
    return _send(request, user=user, password=password, timeout=timeout)


def ask_endpoint(
    query: str,
    endpoint: str,
    *,
    user: str | None = None,
    password: str | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    default_graph: str | None = None,
) -> bool:
    """The answer of the ASK ``query`` at a SPARQL 1.1 Protocol endpoint (JSON results)."""
    body = _post_query(
        query, endpoint, accept=_RESULTS_JSON, user=user, password=password, timeout=timeout,
        default_graph=default_graph,
    )  # fmt: skip
    source = _without_query(endpoint)
    try:
        found = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    except (SyntaxError, ValueError) as exc:
        detail = _one_line(exc)
        raise StoreError(f"{source}: the answer is not SPARQL JSON results ({detail})") from None
    if isinstance(found, ox.QueryBoolean):
        return bool(found)
    answer = _ask_retval(found)
    if answer is None:
        raise StoreError(f"{source}: the answer to an ASK is a table, not true or false")
    return answer


def _ask_retval(solutions: ox.QuerySolutions) -> bool | None:
    """Virtuoso 7.2 answers an ASK with a table of ``__ASK_RETVAL`` (one row holding 1 when
    true, no row when false) instead of a JSON boolean: that answer, or None for any other
    table."""
    names = [v.value for v in solutions.variables]
    if [n.lower() for n in names] != ["__ask_retval"]:
        return None
    values = [solution[names[0]] for solution in solutions]
    if not values:
        return False
    if len(values) != 1 or not isinstance(values[0], ox.Literal):
        return None
    return values[0].value not in ("0", "false")


def construct_endpoint(
    query: str,
    endpoint: str,
    *,
    user: str | None = None,
    password: str | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    default_graph: str | None = None,
) -> list[ox.Triple]:
    """The triples of the CONSTRUCT or DESCRIBE ``query`` at a SPARQL 1.1 Protocol endpoint.

    Asks for N-Triples or Turtle and reads the answer as Turtle (N-Triples is Turtle).
    """
    body = _post_query(
        query, endpoint, accept=_GRAPH_TYPES, user=user, password=password, timeout=timeout,
        default_graph=default_graph,
    )  # fmt: skip
    try:
        return [ox.Triple(q.subject, q.predicate, q.object)
                for q in ox.parse(body, format=ox.RdfFormat.TURTLE)]  # fmt: skip
    except (SyntaxError, ValueError) as exc:
        source = _without_query(endpoint)
        raise StoreError(
            f"{source}: the answer is not Turtle or N-Triples ({_one_line(exc)})"
        ) from None


def parse_json_results(body: bytes, *, source: str) -> Solutions:
    """SPARQL 1.1 Query Results JSON ``body`` (from ``source``) as (variables, rows)."""
    try:
        solutions = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        if not isinstance(solutions, ox.QuerySolutions):
            raise StoreError(f"{source}: the answer is a boolean, not a table of solutions")
        variables = tuple(v.value for v in solutions.variables)
        rows = [tuple(solution[v] for v in variables) for solution in solutions]
    except (SyntaxError, ValueError) as exc:
        detail = _one_line(exc)
        raise StoreError(f"{source}: the answer is not SPARQL JSON results ({detail})") from None
    return variables, rows
