"""A real SPARQL server: the graph goes to a private Virtuoso with the Graph Store protocol
(digest auth) and every catalogue query gives rdflib's rows there."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph
from virtuoso_server import VirtuosoServer, virtuoso  # noqa: F401 - the fixture

from defectorkg.sparql import query as q
from defectorkg.sparql import store
from defectorkg.cli import main
from defectorkg.errors import StoreError
from defectorkg.iris import DEFAULT_BASE

pytestmark = pytest.mark.store

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "fixtures" / "graphs" / "sample.ttl"
SAMPLE_GRAPH = f"{DEFAULT_BASE}graph/sample"


def count_triples(server: VirtuosoServer, graph_iri: str) -> int:
    """How many triples the server holds in ``graph_iri``."""
    result = q.run(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}",
        q.EndpointTarget(server.sparql), timeout=10,
    )  # fmt: skip
    return int(str(result.rows[0][0]))


@pytest.fixture(scope="module")
def loaded(virtuoso: VirtuosoServer) -> VirtuosoServer:  # noqa: F811 - the imported fixture
    """The server with the sample loaded by `defectorkg load --endpoint` (digest auth)."""
    result = CliRunner().invoke(
        main,
        ["load", "--endpoint", virtuoso.graph_store, "--graph", SAMPLE_GRAPH,
         "--user", virtuoso.user, "--password", virtuoso.password, str(SAMPLE)],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (
        result.output
        == f"loaded {SAMPLE} into the graph <{SAMPLE_GRAPH}> at {virtuoso.graph_store}\n"
    )
    return virtuoso


def test_put_loads_every_triple(loaded):
    """The named graph holds exactly the sample's triples."""
    assert count_triples(loaded, SAMPLE_GRAPH) == len(Graph().parse(SAMPLE))


def test_defectors_and_routes_match_rdflib_in_csv(loaded):
    """`query defectors|routes --endpoint` prints the same CSV as the query on the file."""
    runner = CliRunner()
    for name in ("defectors", "routes"):
        remote = runner.invoke(
            main,
            ["query", name, "--endpoint", loaded.sparql, "--default-graph", SAMPLE_GRAPH,
             "--format", "csv"],
            catch_exceptions=False,
        )  # fmt: skip
        local = runner.invoke(
            main, ["query", name, "--graph", str(SAMPLE), "--format", "csv"], catch_exceptions=False
        )
        assert remote.exit_code == 0, remote.output
        assert remote.stdout_bytes == local.stdout_bytes
        assert len(remote.output.splitlines()) > 5


def test_every_catalogue_query_gives_rdflibs_rows(loaded):
    """Each catalogue query gives rdflib's rows, terms and order on Virtuoso 7.2."""
    sample = Graph().parse(SAMPLE)
    for query in q.catalogue():
        on_virtuoso = q.run(query, q.EndpointTarget(loaded.sparql, default_graph=SAMPLE_GRAPH), timeout=10)
        assert on_virtuoso == q.run(query, q.GraphTarget(sample)), query.name


def test_params_reach_virtuoso_as_values(loaded):
    """A param on an always-bound column goes to the server and selects the same rows."""
    result = q.run(
        "routes", q.EndpointTarget(loaded.sparql, default_graph=SAMPLE_GRAPH), timeout=10,
        params={"kind": "JSA crossing"},
    )  # fmt: skip
    assert [str(r[1]) for r in result.rows] == ["Oh Chong-song"]
    assert str(result.rows[0][4]) == "2017-11-13"


def test_ask_construct_and_describe_on_virtuoso(loaded, tmp_path):
    """ASK, CONSTRUCT and DESCRIBE give the same answers on Virtuoso as on the file."""
    person = f"{DEFAULT_BASE}person/oh-chong-song"
    name = "http://schema.org/name"
    runner = CliRunner()
    for text, expected in ((f"ASK {{ <{person}> <{name}> ?n }}", "true\n"),
                           (f"ASK {{ <{person}> <{name}> 'Nobody' }}", "false\n")):  # fmt: skip
        ask = tmp_path / "ask.rq"
        ask.write_text(text)
        result = runner.invoke(
            main, ["query", str(ask), "--endpoint", loaded.sparql, "--default-graph", SAMPLE_GRAPH],
            catch_exceptions=False,
        )  # fmt: skip
        assert (result.exit_code, result.output) == (0, expected), text
    construct = f"CONSTRUCT {{ ?s <{name}> ?n }} WHERE {{ ?s <{name}> ?n }}"
    remote = q.answer(construct, q.EndpointTarget(loaded.sparql, default_graph=SAMPLE_GRAPH), timeout=10)
    local = q.answer(construct, q.GraphTarget(SAMPLE))
    assert isinstance(remote, q.GraphResult) and isinstance(local, q.GraphResult)
    assert set(remote.triples) == set(local.triples) and len(local.triples) > 10
    described = q.answer(f"DESCRIBE <{person}>", q.EndpointTarget(loaded.sparql, default_graph=SAMPLE_GRAPH),
                         timeout=10)  # fmt: skip
    assert isinstance(described, q.GraphResult)
    assert any(str(s) == person and str(o) == "Oh Chong-song" for s, _, o in described.triples)


def test_put_replaces_the_graph(virtuoso, tmp_path):  # noqa: F811 - the imported fixture
    """A second PUT to the same graph replaces its triples rather than adding to them."""
    graph_iri = f"{DEFAULT_BASE}graph/replaced"
    small = tmp_path / "small.ttl"
    small.write_text(f"<{DEFAULT_BASE}a> <{DEFAULT_BASE}p> <{DEFAULT_BASE}b> .\n")
    for path in (SAMPLE, SAMPLE, small):
        store.load_into_endpoint(
            path, virtuoso.graph_store, graph_iri=graph_iri, user=virtuoso.user,
            password=virtuoso.password, timeout=10,
        )  # fmt: skip
    assert count_triples(virtuoso, graph_iri) == 1


def test_batches_add_up_to_the_graph(virtuoso, tmp_path):  # noqa: F811 - the imported fixture
    """A load in batches of 100 (one PUT, then POSTs, all digest-signed up front) holds the
    whole sample and gives rdflib's routes; a second load replaces it."""
    graph_iri = f"{DEFAULT_BASE}graph/batched"
    for _ in range(2):
        store.load_into_endpoint(
            SAMPLE, virtuoso.graph_store, graph_iri=graph_iri, user=virtuoso.user,
            password=virtuoso.password, timeout=10, batch_size=100,
        )  # fmt: skip
    assert count_triples(virtuoso, graph_iri) == len(Graph().parse(SAMPLE))
    remote = q.run("routes", q.EndpointTarget(virtuoso.sparql, default_graph=graph_iri), timeout=10)
    assert remote == q.run("routes", q.GraphTarget(Graph().parse(SAMPLE)))


def test_anonymous_graph_store_after_the_grant(virtuoso, tmp_path):  # noqa: F811
    """The plain Graph Store endpoint takes a PUT without credentials once SPARQL may update."""
    graph_iri = f"{DEFAULT_BASE}graph/anonymous"
    store.load_into_endpoint(
        SAMPLE, virtuoso.anonymous_graph_store, graph_iri=graph_iri, timeout=10
    )
    assert count_triples(virtuoso, graph_iri) == len(Graph().parse(SAMPLE))


def test_wrong_password_is_one_line_exit_2(virtuoso):  # noqa: F811 - the imported fixture
    """Refused digest credentials: exit 2 and one line naming the URL and the user."""
    result = CliRunner().invoke(
        main,
        ["load", "--endpoint", virtuoso.graph_store, "--user", virtuoso.user,
         "--password", "wrong", str(SAMPLE)],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 2
    expected = (
        f"defectorkg: error: {virtuoso.graph_store}: the server refused the credentials of "
        f"user '{virtuoso.user}' (HTTP 401)"
    )
    assert result.output.strip().splitlines() == [expected]


def test_missing_credentials_and_malformed_query(virtuoso):  # noqa: F811
    """No credentials at the digest endpoint, and a query the server rejects: StoreErrors."""
    with pytest.raises(StoreError, match="asks for credentials"):
        store.load_into_endpoint(SAMPLE, virtuoso.graph_store, timeout=10)
    with pytest.raises(StoreError, match=r"/sparql: HTTP 400"):
        store.query_endpoint("SELECT * WHERE { ?s ?p }", virtuoso.sparql, timeout=10)


def test_seed_graph_gives_rdflibs_rows_on_virtuoso(virtuoso, seed_graph, tmp_path):  # noqa: F811
    """The seed graph loaded into Virtuoso gives rdflib's rows for defectors and routes."""
    path = tmp_path / "seed.nt"
    path.write_bytes(seed_graph.serialize(format="nt", encoding="utf-8"))
    graph_iri = f"{DEFAULT_BASE}graph/seed"
    store.load_into_endpoint(
        path, virtuoso.graph_store, graph_iri=graph_iri, user=virtuoso.user,
        password=virtuoso.password, timeout=30,
    )  # fmt: skip
    for name in ("defectors", "routes", "relatives"):
        remote = q.run(name, q.EndpointTarget(virtuoso.sparql, default_graph=graph_iri), timeout=30)
        assert remote == q.run(name, q.GraphTarget(seed_graph)), name
