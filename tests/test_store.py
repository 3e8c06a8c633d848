"""Triplestores without a real server: the Oxigraph store folder, `defectorkg load`, and the HTTP
client against small local stand-ins (basic auth, errors, a server that never answers)."""

from __future__ import annotations

import base64
import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph

from defectorkg.sparql import query as q
from defectorkg.sparql import store
from defectorkg.cli import main
from defectorkg.errors import GraphLoadError, QueryError, StoreError
from defectorkg.iris import DEFAULT_BASE

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "fixtures" / "graphs" / "sample.ttl"
D = DEFAULT_BASE
SIZE = len(Graph().parse(SAMPLE))  # triples in the sample, counted by rdflib


def quads(store_dir: Path) -> set[str]:
    """Every quad of the store in ``store_dir``, as N-Quads lines."""
    opened = store.open_store(store_dir, read_only=True)
    return {str(quad) for quad in opened}


def trig_of_sample(tmp_path: Path) -> Path:
    """The sample split into three named graphs, written as TriG."""
    graphs = [ox.NamedNode(f"{D}graph/part-{i}") for i in range(3)]
    ordered = sorted(store.read_triples(SAMPLE), key=str)
    split = [
        ox.Quad(t.subject, t.predicate, t.object, graphs[i % 3]) for i, t in enumerate(ordered)
    ]
    path = tmp_path / "sample.trig"
    path.write_bytes(ox.serialize(split, format=ox.RdfFormat.TRIG))
    return path


# ---------------------------------------------------------------------------------------
# The Oxigraph store
# ---------------------------------------------------------------------------------------


def test_load_turtle_then_query_the_store(tmp_path):
    """A Turtle file loads into a new store and every query gives rdflib's rows there."""
    folder = tmp_path / "store"
    assert store.load_into_store(SAMPLE, folder) == SIZE
    assert len(quads(folder)) == SIZE
    for query in q.catalogue():
        assert q.run(query, q.StoreTarget(folder)) == q.run(query, q.GraphTarget(SAMPLE)), query.name


def test_loading_twice_leaves_the_same_quads(tmp_path):
    """Loading the same file twice is the same as loading it once."""
    folder = tmp_path / "store"
    store.load_into_store(SAMPLE, folder)
    once = quads(folder)
    store.load_into_store(SAMPLE, folder)
    assert quads(folder) == once


def test_trig_keeps_named_graphs_and_queries_see_their_union(tmp_path):
    """TriG keeps its named graphs; queries run over the union of the store's graphs."""
    folder = tmp_path / "store"
    assert store.load_into_store(trig_of_sample(tmp_path), folder) == SIZE
    named = sorted(str(g) for g in store.open_store(folder, read_only=True).named_graphs())
    assert named == [f"<{D}graph/part-{i}>" for i in range(3)]
    assert q.run("routes", q.StoreTarget(folder)) == q.run("routes", q.GraphTarget(SAMPLE))


def test_reloading_a_changed_file_replaces_its_graphs_only(tmp_path):
    """A reload replaces each graph the file holds, and leaves other graphs alone."""
    folder = tmp_path / "store"
    store.load_into_store(SAMPLE, folder, graph_iri=f"{D}graph/sample")
    other = tmp_path / "other.ttl"
    other.write_text(f"<{D}x> <{D}p> <{D}y> .\n")
    store.load_into_store(other, folder, graph_iri=f"{D}graph/other")
    smaller = tmp_path / "smaller.ttl"
    smaller.write_text(f"<{D}a> <{D}p> <{D}b> .\n")
    store.load_into_store(smaller, folder, graph_iri=f"{D}graph/sample")
    assert quads(folder) == {
        f"<{D}a> <{D}p> <{D}b> <{D}graph/sample>",
        f"<{D}x> <{D}p> <{D}y> <{D}graph/other>",
    }


def test_a_folder_that_is_not_a_store_is_refused_and_left_untouched(tmp_path):
    """A folder with other files, or a file, is a StoreError; nothing is written into it."""
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    with pytest.raises(StoreError, match="papers: not an Oxigraph store"):
        store.load_into_store(SAMPLE, folder)
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    with pytest.raises(StoreError, match="notes.txt: not a folder"):
        store.open_store(folder / "notes.txt")


def test_querying_a_missing_store_does_not_create_one(tmp_path):
    """A query on a folder without a store is a StoreError and creates nothing."""
    with pytest.raises(StoreError, match="no store here"):
        q.run("routes", q.StoreTarget(tmp_path / "nothing"))
    assert not (tmp_path / "nothing").exists()


def test_a_bad_file_changes_nothing(tmp_path):
    """A file that does not parse is a GraphLoadError and the store keeps its quads."""
    folder = tmp_path / "store"
    store.load_into_store(SAMPLE, folder)
    before = quads(folder)
    bad = tmp_path / "bad.ttl"
    bad.write_text(SAMPLE.read_text(encoding="utf-8") + "\n<broken\n")
    with pytest.raises(GraphLoadError, match="bad.ttl: not valid Turtle"):
        store.load_into_store(bad, folder)
    assert quads(folder) == before
    with pytest.raises(GraphLoadError, match="unknown RDF file type '.csv'"):
        store.load_into_store(tmp_path / "data.csv", folder)
    with pytest.raises(GraphLoadError, match="missing.ttl: no such file"):
        store.load_into_store(tmp_path / "missing.ttl", tmp_path / "new-store")
    assert not (tmp_path / "new-store").exists()


def test_a_store_in_use_is_a_store_error(tmp_path):
    """A store another writer holds open is a one-line StoreError naming the lock, not a RocksDB
    traceback."""
    folder = tmp_path / "store"
    store.load_into_store(SAMPLE, folder)
    holder = store.open_store(folder)
    with pytest.raises(StoreError, match=r"in use by another process \(it holds the lock file .*store/LOCK\)"):
        store.load_into_store(SAMPLE, folder)
    del holder


def test_cli_load_store_and_query_store(tmp_path):
    """`load --store DIR FILE` twice, then `query --store DIR`: same output as on the file."""
    runner = CliRunner()
    folder = tmp_path / "store"
    for _ in range(2):
        loaded = runner.invoke(
            main, ["load", "--store", str(folder), str(SAMPLE)], catch_exceptions=False
        )
        assert loaded.exit_code == 0
        assert loaded.output == f"loaded {SIZE} quads from {SAMPLE} into the store {folder}\n"
    on_store = runner.invoke(
        main, ["query", "defectors", "--store", str(folder)], catch_exceptions=False
    )
    on_file = runner.invoke(
        main, ["query", "defectors", "--graph", str(SAMPLE)], catch_exceptions=False
    )
    assert on_store.exit_code == 0 and on_store.output == on_file.output
    assert len(on_store.output.splitlines()) == 9


def test_cli_load_defaults_to_the_trig_output(tmp_path, monkeypatch):
    """Without FILE, `load --store` reads output/defectors.trig and says so when it is missing."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["load", "--store", "st"], catch_exceptions=False)
    assert result.exit_code == 2
    assert result.output.strip() == (
        "defectorkg: error: output/defectors.trig: no such file (build it with `defectorkg build`)"
    )
    (tmp_path / "output").mkdir()
    trig_of_sample(tmp_path).rename(tmp_path / "output" / "defectors.trig")
    ok = CliRunner().invoke(main, ["load", "--store", "st"], catch_exceptions=False)
    assert ok.exit_code == 0 and f"loaded {SIZE} quads" in ok.output


def test_cli_load_errors_and_usage(tmp_path):
    """Not a store: one line, exit 2; no target or both targets: usage errors."""
    runner = CliRunner()
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "a.txt").write_text("x")
    result = runner.invoke(
        main, ["load", "--store", str(folder), str(SAMPLE)], catch_exceptions=False
    )
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"defectorkg: error: {folder}: not an Oxigraph store (the folder holds other files)"
    ]
    assert runner.invoke(main, ["load", str(SAMPLE)]).exit_code == 2
    both = runner.invoke(main, ["load", "--store", "a", "--endpoint", "http://x", str(SAMPLE)])
    assert both.exit_code == 2 and "give only one of --store, --endpoint" in both.output


# ---------------------------------------------------------------------------------------
# The HTTP client, against local stand-ins
# ---------------------------------------------------------------------------------------


@dataclass
class StandIn:
    """A tiny SPARQL server: records requests, demands basic auth when ``user`` is set."""

    url: str
    user: str | None = None
    password: str | None = None
    head: bool = True  # answers HEAD (a Graph Store does); False: 501 like a bare server
    fail_at: int | None = None  # answer the n-th data request (PUT/POST, from 0) with HTTP 500
    requests: list[dict[str, object]] = field(default_factory=list)
    answer: bytes = b""

    def data_requests(self) -> list[dict[str, object]]:
        """The PUT and POST requests received."""
        return [r for r in self.requests if r["method"] in ("PUT", "POST")]


@pytest.fixture()
def stand_in() -> Iterator[StandIn]:
    """A local HTTP server that behaves like a Graph Store and SPARQL endpoint."""
    state = StandIn(url="")

    class Handler(BaseHTTPRequestHandler):
        def _authorised(self) -> bool:
            if state.user is None:
                return True
            expected = base64.b64encode(f"{state.user}:{state.password}".encode()).decode()
            if self.headers.get("Authorization") == f"Basic {expected}":
                return True
            self._empty(401, {"WWW-Authenticate": 'Basic realm="sparql"'})
            return False

        def _empty(self, status: int, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _record(self) -> int:
            length = int(self.headers.get("Content-Length") or 0)
            state.requests.append({
                "method": self.command, "path": self.path,
                "headers": dict(self.headers), "body": self.rfile.read(length),
            })  # fmt: skip
            return len(state.data_requests()) - 1

        def do_HEAD(self) -> None:
            self._record()
            if not state.head:
                self._empty(501)
            elif self._authorised():
                self._empty(404)  # the probe asks for a graph that does not exist

        def do_PUT(self) -> None:
            number = self._record()
            if self._authorised():
                self._empty(500 if number == state.fail_at else 201)

        def do_POST(self) -> None:
            number = self._record()
            if not self._authorised():
                return
            if parse_qs(urlsplit(self.path).query).get("graph"):
                self._empty(500 if number == state.fail_at else 204)
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(state.answer)))
            self.end_headers()
            self.wfile.write(state.answer)

        def log_message(self, *args: object) -> None:
            """Keep the test output quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def sent_triples(requests: list[dict[str, object]]) -> set[str]:
    """The N-Triples lines of the bodies of ``requests``."""
    lines: set[str] = set()
    for request in requests:
        body = request["body"]
        assert isinstance(body, bytes)
        lines.update(line for line in body.decode("utf-8").splitlines() if line)
    return lines


def sample_triples() -> set[str]:
    """The sample's triples as N-Triples lines."""
    return sent_triples([{"body": Graph().parse(SAMPLE).serialize(format="nt", encoding="utf-8")}])


def test_put_then_post_batches_signed_before_sending(stand_in):
    """The graph goes as a PUT and POSTs of N-Triples, each carrying basic credentials learnt
    by HEAD before any data is sent, so no batch is sent twice."""
    stand_in.user, stand_in.password = "writer", "s3cret"
    store.load_into_endpoint(
        SAMPLE, f"{stand_in.url}/store", graph_iri=f"{D}graph/x", user="writer",
        password="s3cret", timeout=5, batch_size=200,
    )  # fmt: skip
    methods = [r["method"] for r in stand_in.requests]
    assert methods == ["HEAD", "HEAD", "PUT", "POST", "POST", "POST"]
    data = stand_in.data_requests()
    for request in data:
        assert parse_qs(urlsplit(str(request["path"])).query) == {"graph": [f"{D}graph/x"]}
        headers = request["headers"]
        assert isinstance(headers, dict)
        assert headers["Content-Type"] == "text/turtle; charset=utf-8"
        assert headers["Authorization"].startswith("Basic ")
    assert sent_triples(data) == sample_triples()
    assert len(sent_triples(data[:1])) == 200


def test_server_without_head_still_gets_the_graph(stand_in):
    """A server that does not answer HEAD gets the credentials the usual way (after a 401)."""
    stand_in.user, stand_in.password, stand_in.head = "writer", "s3cret", False
    store.load_into_endpoint(SAMPLE, stand_in.url, user="writer", password="s3cret", timeout=5)
    assert [r["method"] for r in stand_in.requests] == ["HEAD", "PUT", "PUT"]
    assert sent_triples(stand_in.data_requests()[1:]) == sample_triples()


def test_put_of_trig_sends_the_union_as_ntriples(stand_in, tmp_path):
    """A TriG file goes as the N-Triples of all its graphs (the protocol names one graph)."""
    store.load_into_endpoint(trig_of_sample(tmp_path), stand_in.url, timeout=5)
    assert sent_triples(stand_in.data_requests()) == sample_triples()
    path = str(stand_in.requests[-1]["path"])
    assert parse_qs(urlsplit(path).query)["graph"] == [f"{D}graph"]


def test_blank_nodes_go_in_one_request(stand_in, tmp_path):
    """A file with blank nodes is not split: a blank node cannot span two requests."""
    with_blank = tmp_path / "blank.ttl"
    with_blank.write_text(
        "".join(f"<{D}s{i}> <{D}p> [ <{D}q> {i} ] .\n" for i in range(5)), encoding="utf-8"
    )
    store.load_into_endpoint(with_blank, stand_in.url, timeout=5, batch_size=2)
    assert [r["method"] for r in stand_in.data_requests()] == ["PUT"]
    assert len(sent_triples(stand_in.data_requests())) == 10


def test_a_failed_batch_says_the_graph_is_incomplete(stand_in):
    """A batch refused midway: the error names the URL and how much of the graph arrived."""
    stand_in.fail_at = 2
    with pytest.raises(StoreError) as caught:
        store.load_into_endpoint(SAMPLE, stand_in.url, timeout=5, batch_size=300)
    assert str(caught.value).startswith(f"{stand_in.url}: HTTP 500")
    assert str(caught.value).endswith(
        f"(after 600 of {SIZE} triples: <{D}graph> is incomplete; load again)"
    )


def test_wrong_and_missing_credentials(stand_in):
    """Refused credentials and a missing login are one-line StoreErrors naming the URL."""
    stand_in.user, stand_in.password = "writer", "s3cret"
    with pytest.raises(StoreError) as refused:
        store.load_into_endpoint(SAMPLE, stand_in.url, user="writer", password="wrong", timeout=5)
    assert (
        str(refused.value)
        == f"{stand_in.url}: the server refused the credentials of user 'writer' (HTTP 401)"
    )
    assert stand_in.data_requests() == []  # found out by HEAD: no data was sent
    with pytest.raises(StoreError, match="asks for credentials"):
        store.load_into_endpoint(SAMPLE, stand_in.url, timeout=5)


def test_query_endpoint_posts_the_query_and_reads_json(stand_in):
    """A query is a form POST asking for JSON results; the answer becomes rdflib rows."""
    stand_in.answer = json.dumps({
        "head": {"vars": ["kind", "defector"]},
        "results": {"bindings": [
            {"defector": {"type": "uri", "value": f"{D}person/oh-chong-song"},
             "kind": {"type": "literal", "value": "JSA crossing"}},
        ]},
    }).encode()  # fmt: skip
    result = q.run(
        "PREFIX d: <urn:d:> SELECT ?defector ?kind WHERE { ?defector d:kind ?kind }",
        q.EndpointTarget(f"{stand_in.url}/sparql"), params={"kind": "JSA crossing"}, timeout=5,
    )  # fmt: skip
    assert result.variables == ("defector", "kind")
    assert [tuple(map(str, r)) for r in result.rows] == [
        (f"{D}person/oh-chong-song", "JSA crossing")
    ]
    sent = stand_in.requests[-1]
    headers = sent["headers"]
    assert isinstance(headers, dict) and headers["Accept"] == "application/sparql-results+json"
    form = parse_qs(bytes(sent["body"]).decode())  # type: ignore[arg-type]
    assert form["query"][0].startswith("PREFIX d: <urn:d:> SELECT ?defector ?kind")


def test_ask_and_construct_at_an_endpoint(stand_in):
    """ASK reads a JSON boolean; CONSTRUCT asks for N-Triples and reads the triples back."""
    stand_in.answer = b'{"head": {}, "boolean": true}'
    assert q.answer("ASK { ?s ?p ?o }", q.EndpointTarget(f"{stand_in.url}/sparql"), timeout=5) == (
        q.BooleanResult(True)
    )
    stand_in.answer = f'<{D}person/oh-chong-song> <http://schema.org/name> "Oh Chong-song" .\n'.encode()
    built = q.answer(
        "CONSTRUCT { ?s <http://schema.org/name> ?n } WHERE { ?s <http://schema.org/name> ?n }",
        q.EndpointTarget(f"{stand_in.url}/sparql"), timeout=5,
    )  # fmt: skip
    assert isinstance(built, q.GraphResult)
    assert [tuple(map(str, t)) for t in built.triples] == [
        (f"{D}person/oh-chong-song", "http://schema.org/name", "Oh Chong-song")
    ]
    headers = stand_in.requests[-1]["headers"]
    assert isinstance(headers, dict) and headers["Accept"].startswith("application/n-triples")
    # Virtuoso 7.2 answers an ASK with a table of __ASK_RETVAL: one row of 1, or no row.
    retval = {"type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer",
              "value": "1"}  # fmt: skip
    for bindings, expected in (([{"__ASK_RETVAL": retval}], True), ([], False)):
        stand_in.answer = json.dumps(
            {"head": {"vars": ["__ASK_RETVAL"]}, "results": {"bindings": bindings}}
        ).encode()
        assert store.ask_endpoint("ASK {}", f"{stand_in.url}/sparql", timeout=5) is expected
    stand_in.answer = b'{"head": {"vars": ["s"]}, "results": {"bindings": []}}'
    with pytest.raises(StoreError, match="the answer to an ASK is a table"):
        q.answer("ASK { ?s ?p ?o }", q.EndpointTarget(f"{stand_in.url}/sparql"), timeout=5)


def test_an_update_never_reaches_an_endpoint(stand_in, tmp_path):
    """A SPARQL UPDATE given with --endpoint, with or without --update, is refused before any
    request is made."""
    update = tmp_path / "drop.ru"
    update.write_text("DROP ALL\n")
    runner = CliRunner()
    for extra in ([], ["--update"]):
        result = runner.invoke(
            main, ["query", str(update), "--endpoint", f"{stand_in.url}/sparql", *extra]
        )
        assert result.exit_code == 2
        assert "a SPARQL UPDATE is never sent to an endpoint" in result.output
    with pytest.raises(QueryError, match="SPARQL UPDATE"):
        q.answer("DROP ALL", q.EndpointTarget(f"{stand_in.url}/sparql"), timeout=5)
    assert stand_in.requests == []


def test_an_answer_that_is_not_json_results(stand_in):
    """A server answering something else is a StoreError naming the URL."""
    stand_in.answer = b"<html>maintenance</html>"
    with pytest.raises(StoreError, match=r"/sparql: the answer is not SPARQL JSON results"):
        store.query_endpoint("SELECT * WHERE { ?s ?p ?o }", f"{stand_in.url}/sparql", timeout=5)


def test_unreachable_endpoint_names_the_url():
    """Nothing listening: a quick one-line StoreError naming the URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/sparql"
    with pytest.raises(StoreError, match=rf"^{url}: unreachable \("):
        store.query_endpoint("SELECT * WHERE { ?s ?p ?o }", url, timeout=2)


def test_silent_server_times_out_within_the_bound():
    """A server that accepts but never answers gives up after the timeout, naming the URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        url = f"http://127.0.0.1:{sock.getsockname()[1]}/sparql-graph-crud-auth"
        started = time.monotonic()
        with pytest.raises(StoreError, match=rf"^{url}: no answer within 1 s$"):
            store.load_into_endpoint(SAMPLE, url, timeout=1)
        assert time.monotonic() - started < 10


def test_not_an_http_url_and_bad_graph_iri():
    """Only http(s) endpoints; a graph IRI must be an IRI."""
    with pytest.raises(StoreError, match="not an http"):
        store.load_into_endpoint(SAMPLE, "ftp://example.org/x")
    with pytest.raises(StoreError, match="not a valid IRI"):
        store.load_into_endpoint(SAMPLE, "http://127.0.0.1:9/x", graph_iri="not an iri")


def test_cli_unreachable_endpoint_exit_2_one_line():
    """`query --endpoint` and `load --endpoint` to a closed port: exit 2, one line with the URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/sparql"
    runner = CliRunner()
    for args in (
        ["query", "routes", "--endpoint", url, "--timeout", "2"],
        ["load", "--endpoint", url, "--timeout", "2", str(SAMPLE)],
    ):
        result = runner.invoke(main, args, catch_exceptions=False)
        assert result.exit_code == 2
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"defectorkg: error: {url}: unreachable")


def test_credentials_in_the_url_are_used_and_never_printed(stand_in):
    """`http://user:password@host/…` authenticates like --user/--password (percent-decoded);
    neither the password nor its encoded form appears in any output, on success or failure."""
    stand_in.user, stand_in.password = "writer", "s:cr@t pw"
    host = stand_in.url.removeprefix("http://")
    secret = "s%3Acr%40t%20pw"
    runner = CliRunner()
    loaded = runner.invoke(main, ["load", "--endpoint", f"http://writer:{secret}@{host}/crud", str(SAMPLE)])
    assert loaded.exit_code == 0, loaded.output
    assert loaded.output == (
        f"loaded {SAMPLE} into the graph <{store.DEFAULT_GRAPH_IRI}> at http://writer:***@{host}/crud\n"
    )
    assert stand_in.data_requests() and all(
        r["headers"]["Authorization"] == "Basic " + base64.b64encode(b"writer:s:cr@t pw").decode()
        for r in stand_in.data_requests()
    )
    refused = runner.invoke(main, ["load", "--endpoint", f"http://writer:wrong-{secret}@{host}/crud", str(SAMPLE)])
    assert refused.exit_code == 2
    assert refused.stderr == (
        f"defectorkg: error: http://{host}/crud: the server refused the credentials of user 'writer' (HTTP 401)\n"
    )
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"127.0.0.1:{sock.getsockname()[1]}"
    for args in (
        ["query", "routes", "--endpoint", f"http://bob:{secret}@{closed}/sparql", "--timeout", "2"],
        ["query", "routes", "--endpoint", f"ftp://bob:{secret}@{closed}/sparql"],
        ["load", "--endpoint", f"http://bob:{secret}@{closed}/crud", "--timeout", "2", str(SAMPLE)],
    ):
        result = runner.invoke(main, args)
        assert result.exit_code == 2
        assert len(result.stderr.splitlines()) == 1
        for shown in (result.output, result.stderr):
            assert "cr@t" not in shown and secret not in shown and "s%3A" not in shown, shown
