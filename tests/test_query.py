"""The query catalogue: its public contract, its rows on the hand-written sample and on the seed
graph, the same rows from rdflib and Oxigraph, parameters, output formats and `defectorkg query`."""

from __future__ import annotations

import csv
import io
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD

from defectorkg.sparql import query as q
from defectorkg.cli import main
from defectorkg.errors import GraphLoadError, QueryError
from defectorkg.files import write_atomic
from defectorkg.iris import DEFAULT_BASE

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "fixtures" / "graphs" / "sample.ttl"
D = DEFAULT_BASE

# The public contract of the catalogue (issue 5): names, variables and their order.
CONTRACT = {
    "defectors": ("defector", "name", "arrived", "age", "size"),
    "relatives": ("person", "personName", "relation", "relative", "relativeName"),
    "associates": ("person", "personName", "relation", "associate", "associateName"),
    "routes": ("defector", "name", "step", "kind", "date", "place", "placeName"),
    "events": ("event", "type", "date", "place", "placeName", "participant", "participantName"),
    "organizations": ("person", "personName", "organization", "organizationName", "role"),
    "works": ("person", "personName", "work", "title", "year"),
    "places": ("place", "name", "type", "within", "withinName"),
    "sources": (
        "source",
        "number",
        "title",
        "publisher",
        "published",
        "retrieved",
        "authors",
        "isbn",
    ),
    "citations": ("subject", "subjectName", "source", "number"),
}
EXTRA = {
    "defections-per-year", "single-source-claims", "unsourced-defectors", "imprisonments",
    "mentions",
}  # fmt: skip


@pytest.fixture(scope="module")
def sample() -> Graph:
    """The hand-written sample graph, parsed by rdflib."""
    return Graph().parse(SAMPLE)


def cells(result: q.QueryResult) -> list[tuple[str, ...]]:
    """Rows as text: IRIs relative to the default base, literals lexical, unbound empty."""
    return [tuple("" if t is None else str(t).removeprefix(D) for t in row) for row in result.rows]


def run_cells(name: str, graph: Graph, **params: str) -> list[tuple[str, ...]]:
    """The rows of catalogue query ``name`` on ``graph`` as text."""
    return cells(q.run(name, q.GraphTarget(graph), params=params or None))


# ---------------------------------------------------------------------------------------
# The catalogue and its headers
# ---------------------------------------------------------------------------------------


def test_catalogue_keeps_the_public_contract():
    """Every contract query exists with exactly its variables in order; the extras are listed."""
    found = {c.name: c.variables for c in q.catalogue()}
    assert {name: found.get(name) for name in CONTRACT} == CONTRACT
    assert set(found) == set(CONTRACT) | EXTRA


def test_every_query_has_summary_description_and_example_of_its_width():
    """Each .rq has #+ summary, description and an example row with one value per variable."""
    queries = q.catalogue()
    assert len(queries) == len(CONTRACT) + len(EXTRA)
    for query in queries:
        assert query.summary and query.description, query.name
        assert len(query.example.split(" | ")) == len(query.variables), query.name
        assert query.path == ROOT / "queries" / f"{query.name}.rq"


def test_header_continuation_lines_join_the_description():
    """Indented #+ lines continue the field above; the header stops at the first query line."""
    header = q.read_header(
        "#+ summary: One\n#+ description: first part\n#+   second part\n"
        "#+ example: a | b\nPREFIX x: <urn:x:>\n#+ summary: not a header\n"
    )
    assert header == {"summary": "One", "description": "first part second part", "example": "a | b"}


def test_load_query_by_name_and_by_path():
    """A catalogue name and a path to a .rq file give the same query."""
    by_name = q.load_query("routes")
    by_path = q.load_query(str(ROOT / "queries" / "routes.rq"))
    assert by_name == by_path
    assert by_name.bound == ("defector", "step", "kind")


def test_unknown_query_name_lists_the_catalogue():
    """An unknown name is a QueryError whose one-line message lists every catalogue query."""
    with pytest.raises(QueryError) as caught:
        q.load_query("defector")
    message = str(caught.value)
    assert "unknown query 'defector'" in message and "\n" not in message
    for name in CONTRACT:
        assert name in message


def test_malformed_query_file_reports_the_parser_message(tmp_path):
    """A query that does not parse is one line naming the file and the parser's position."""
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?x WHERE { ?x ?p }\n")
    with pytest.raises(QueryError) as caught:
        q.load_query(bad)
    message = str(caught.value)
    assert str(bad) in message and "malformed SPARQL" in message and "\n" not in message
    assert "line:1" in message or "char" in message


def test_query_files_of_every_form_load_with_their_form(tmp_path):
    """ASK, CONSTRUCT and DESCRIBE files load with their form named; run() keeps to SELECT."""
    forms = {
        "ask": ("ASK { ?s ?p ?o }", "ASK"),
        "construct": ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT"),
        "describe": (f"DESCRIBE <{D}person/oh-chong-song>", "DESCRIBE"),
        "select": ("SELECT ?s WHERE { ?s ?p ?o }", "SELECT"),
    }
    for name, (text, form) in forms.items():
        path = tmp_path / f"{name}.rq"
        path.write_text(text + "\n")
        loaded = q.load_query(path)
        assert loaded.form == form and loaded.variables == (("s",) if form == "SELECT" else ())
    with pytest.raises(QueryError, match="an ASK query is answered by answer()"):
        q.run(q.load_query(tmp_path / "ask.rq"), q.GraphTarget(SAMPLE))


def test_missing_query_file():
    """A .rq path that does not exist is a QueryError naming it."""
    with pytest.raises(QueryError, match="nope.rq: no such query file"):
        q.load_query("nope.rq")


# ---------------------------------------------------------------------------------------
# Rows on the hand-written sample (docs/rdf-model.md terms)
# ---------------------------------------------------------------------------------------

GROUP = "12 women and one man working at a North Korean government run restaurant in China"
EMBASSY = "place/consular-section-of-the-south-korean-embassy-in-beijing"
EMBASSY_NAME = "Consular Section of the South Korean Embassy in Beijing"


def test_defectors_on_sample(sample):
    """One row per defector, person or group, in arrival order with precision kept."""
    assert run_cells("defectors", sample) == [
        ("person/no-kum-sok", "No Kum-sok", "1953-09-21", "21", "1"),
        ("person/ri-han-yong", "Ri Han-yong", "1982", "", "1"),
        ("person/kang-chol-hwan", "Kang Chol-hwan", "1992", "", "1"),
        ("person/hwang-jang-yop", "Hwang Jang-yop", "1997-04-20", "", "1"),
        ("person/kim-dok-hong", "Kim Dok-hong", "1997-04-20", "", "1"),
        ("group/entry-2016-1", GROUP, "2016-04", "", "13"),
        ("person/oh-chong-song", "Oh Chong-song", "2017-11-13", "24", "1"),
        ("person/entry-2017-2-1", "a defector (name unknown)", "2017-12-20", "", "1"),
    ]


def test_defectors_keep_date_datatypes(sample):
    """?arrived keeps xsd:date, xsd:gYear and xsd:gYearMonth; ?size is an xsd:integer."""
    result = q.run("defectors", q.GraphTarget(sample))
    by_name = {str(row[1]): row for row in result.rows}
    assert by_name["No Kum-sok"][2] == Literal("1953-09-21", datatype=XSD.date)
    assert by_name["Ri Han-yong"][2] == Literal("1982", datatype=XSD.gYear)
    assert by_name[GROUP][2] == Literal("2016-04", datatype=XSD.gYearMonth)
    assert by_name[GROUP][4] == Literal("13", datatype=XSD.integer)


def test_relatives_on_sample(sample):
    """Kinship rows read "?relative is the ?relation of ?person"."""
    assert run_cells("relatives", sample) == [
        ("person/ri-han-yong", "Ri Han-yong", "mother", "person/song-hye-rang", "Song Hye-rang"),
        ("person/ri-han-yong", "Ri Han-yong", "uncle", "person/kim-jong-il", "Kim Jong-il"),
    ]


def test_associates_on_sample(sample):
    """Non-kin ties carry their relation label."""
    hwang, kim = (
        ("person/hwang-jang-yop", "Hwang Jang-yop"),
        ("person/kim-dok-hong", "Kim Dok-hong"),
    )
    assert run_cells("associates", sample) == [
        (*hwang, "aide", *kim),
        (*kim, "co-defector", *hwang),
        ("person/ri-han-yong", "Ri Han-yong", "fellow defector", *hwang),
    ]


def test_routes_on_sample(sample):
    """Route steps by defector name (case-insensitive), then in route order; a shared route is
    listed for each defector."""
    hwang = ("person/hwang-jang-yop", "Hwang Jang-yop")
    kim = ("person/kim-dok-hong", "Kim Dok-hong")
    steps = [
        ("event/1997-1-2", "embassy asylum", "1997-02-12", EMBASSY, EMBASSY_NAME),
        ("event/1997-1-3", "third-country transit", "", "place/philippines", "Philippines"),
        ("event/1997-1-4", "arrival", "1997-04-20", "place/seoul", "Seoul"),
    ]
    assert run_cells("routes", sample) == [
        ("person/entry-2017-2-1", "a defector (name unknown)", "event/2017-2-2", "DMZ crossing",
         "2017-12-20", "place/korean-demilitarized-zone", "Korean Demilitarized Zone"),
        *[hwang + s for s in steps],
        *[kim + s for s in steps],
        ("person/no-kum-sok", "No Kum-sok", "event/1953-1-2", "flight", "1953-09-21",
         "place/south-korea", "South Korea"),
        ("person/oh-chong-song", "Oh Chong-song", "event/2017-1-2", "JSA crossing", "2017-11-13",
         "place/joint-security-area", "Joint Security Area"),
    ]  # fmt: skip


def test_events_on_sample(sample):
    """Every event with each participant, life events included, dated ones first in date order."""
    rows = run_cells("events", sample)
    assert len(rows) == 22
    assert rows[0] == (
        "event/1953-1-1",
        "defection",
        "1953-09-21",
        "",
        "",
        "person/no-kum-sok",
        "No Kum-sok",
    )
    assert (
        "event/1982-1-2",
        "killing",
        "1997",
        "place/gyeonggi-do",
        "Gyeonggi-do",
        "person/ri-han-yong",
        "Ri Han-yong",
    ) in rows  # a target is a participant
    assert (
        "event/1997-1-1",
        "defection",
        "1997-02-12",
        "",
        "",
        "person/kim-dok-hong",
        "Kim Dok-hong",
    ) in rows
    assert rows[-1] == (
        "event/1997-1-3",
        "third-country transit",
        "",
        "place/philippines",
        "Philippines",
        "person/kim-dok-hong",
        "Kim Dok-hong",
    )  # undated last
    assert {r[1] for r in rows} == {
        "defection",
        "flight",
        "relative defection",
        "killing",
        "embassy asylum",
        "arrival",
        "publication",
        "JSA crossing",
        "shooting",
        "DMZ crossing",
        "imprisonment",
        "third-country transit",
    }
    dates = [r[2] for r in rows if r[2]]
    assert dates == sorted(dates)  # fmt: skip


def test_organizations_works_places_on_sample(sample):
    """Affiliations with roles, authored works (not references), places with type and country."""
    assert run_cells("organizations", sample) == [
        ("person/hwang-jang-yop", "Hwang Jang-yop", "organization/workers-party-of-korea",
         "Workers' Party of Korea", "secretary"),
        ("person/kang-chol-hwan", "Kang Chol-hwan", "organization/the-chosun-ilbo",
         "The Chosun Ilbo", "columnist"),
    ]  # fmt: skip
    assert run_cells("works", sample) == [
        ("person/kang-chol-hwan", "Kang Chol-hwan", "work/the-aquariums-of-pyongyang",
         "The Aquariums of Pyongyang", "2001"),
    ]  # fmt: skip
    places = run_cells("places", sample)
    assert len(places) == 10
    assert ("place/seoul", "Seoul", "city", "place/south-korea", "South Korea") in places
    assert ("place/yodok", "Yodok", "camp", "place/north-korea", "North Korea") in places
    assert (EMBASSY, EMBASSY_NAME, "building", "place/china", "China") in places
    assert ("place/joint-security-area", "Joint Security Area", "border area", "", "") in places


def test_sources_and_citations_on_sample(sample):
    """References in number order with authors joined by "; "; citations per defector."""
    sources = run_cells("sources", sample)
    assert [s[1] for s in sources] == ["2", "3", "4", "6", "7", "20", "25"]
    assert sources[3] == (
        "source/ref-6",
        "6",
        "Nothing to Envy: Real Lives in North Korea",
        "Granta Publications",
        "2010",
        "",
        "Barbara Demick",
        "978-1-84708-141-4",
    )
    assert sources[6][6] == "Paula Hancocks; Ben Westcott"
    citations = run_cells("citations", sample)
    assert len(citations) == 9
    assert ("person/oh-chong-song", "Oh Chong-song", "source/ref-25", "25") in citations
    assert ("group/entry-2016-1", GROUP, "source/ref-20", "20") in citations


def test_extra_queries_on_sample(sample):
    """Per-year counts, single-source claims, unsourced defectors, imprisonments, mentions."""
    assert run_cells("defections-per-year", sample) == [
        ("1953", "1", "1"), ("1982", "1", "1"), ("1992", "1", "1"), ("1997", "2", "2"),
        ("2016", "1", "13"), ("2017", "2", "2"),
    ]  # fmt: skip
    single = run_cells("single-source-claims", sample)
    assert len(single) == 9
    assert (
        "event/2017-1-2",
        "JSA crossing",
        "source/ref-25",
        "25",
        "fled North Korea at the Joint Security Area on 13 November 2017",
    ) in single
    assert not any(r[0] == "person/hwang-jang-yop" for r in single)  # two references
    assert run_cells("unsourced-defectors", sample) == [
        ("person/no-kum-sok", "No Kum-sok", "entry/1953-1", "7"),
        ("person/entry-2017-2-1", "a defector (name unknown)", "entry/2017-2", "37"),
    ]
    assert run_cells("imprisonments", sample) == [
        ("person/kang-chol-hwan", "Kang Chol-hwan", "place/yodok", "Yodok", "",
         "Kang was imprisoned at age 9 along with his entire family"),
    ]  # fmt: skip
    mentions = run_cells("mentions", sample)
    assert len(mentions) == 17
    assert ("person/kim-dok-hong", "Kim Dok-hong", "entry/1997-1", "23", "2889", "2901",
            "Kim Dok-hong") in mentions  # fmt: skip


def test_mention_offsets_point_at_the_quote_in_the_article(sample):
    """Every mention's offsets cut its exact words out of the seed article text."""
    text = (ROOT / "data" / "list-of-north-korean-defectors-in-south-korea.txt").read_text("utf-8")
    rows = run_cells("mentions", sample)
    assert rows
    for *_, start, end, quote in rows:
        assert text[int(start) : int(end)] == quote


# ---------------------------------------------------------------------------------------
# Engines agree
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(set(CONTRACT) | EXTRA))
def test_rdflib_and_oxigraph_give_the_same_rows_on_sample(sample, name):
    """The same query over the same file gives equal rows, in the same order, on both engines."""
    on_rdflib = q.run(name, q.GraphTarget(sample))
    on_oxigraph = q.run(name, q.GraphTarget(SAMPLE))
    assert on_rdflib.rows, name
    assert on_rdflib == on_oxigraph


def test_every_engine_agreement_case_was_collected():
    """The parametrized agreement test covers the whole catalogue, no more, no less."""
    assert sorted(set(CONTRACT) | EXTRA) == [c.name for c in q.catalogue()]


# rdflib's own union evaluation calls its deprecated Dataset.default_context; not ours to fix.
@pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")
def test_dataset_is_queried_as_the_union_of_its_graphs(sample):
    """A Dataset with one named graph per entry gives the rows of the merged graph."""
    dataset = Dataset()
    for i, triple in enumerate(sorted(sample)):
        dataset.graph(URIRef(f"{D}graph/part-{i % 7}")).add(triple)
    assert q.run("routes", q.GraphTarget(dataset)) == q.run("routes", q.GraphTarget(sample))


# ---------------------------------------------------------------------------------------
# Parameters
# ---------------------------------------------------------------------------------------


def test_param_text_matches_lexical_form(sample):
    """Bare text matches a literal of that lexical form, whatever its datatype."""
    assert [r[0] for r in run_cells("routes", sample, kind="JSA crossing")] == [
        "person/oh-chong-song"
    ]
    assert [r[0] for r in run_cells("routes", sample, date="1997-04-20")] == [
        "person/hwang-jang-yop", "person/kim-dok-hong",
    ]  # fmt: skip
    assert [r[0] for r in run_cells("defectors", sample, size="13")] == ["group/entry-2016-1"]
    assert run_cells("defections-per-year", sample, year="2016") == [("2016", "1", "13")]


def test_param_iri_and_typed_literal(sample):
    """An IRI (bare or in <>) and an N-Triples literal select exactly those terms."""
    iri = f"{D}place/yodok"
    assert len(run_cells("imprisonments", sample, place=iri)) == 1
    assert len(run_cells("imprisonments", sample, place=f"<{iri}>")) == 1
    gym = f'"2016-04"^^<{XSD.gYearMonth}>'
    assert [r[0] for r in run_cells("defectors", sample, arrived=gym)] == ["group/entry-2016-1"]
    assert run_cells("defectors", sample, arrived=f'"2016-04"^^<{XSD.gYear}>') == []


def test_param_on_optional_column_never_invents_a_value(sample, tmp_path):
    """A param on an OPTIONAL column keeps only rows that hold it: no unbound cell is filled in."""
    graph = Graph()
    for triple in sample:
        graph.add(triple)
    dkg = "https://w3id.org/defectorkg/ontology#"
    sem = "http://semanticweb.cs.vu.nl/2009/11/sem/"
    placeless = URIRef(f"{D}event/1995-1-2")
    graph.add(
        (
            placeless,
            URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            URIRef(f"{dkg}Imprisonment"),
        )
    )
    graph.add((placeless, URIRef(f"{sem}hasActor"), URIRef(f"{D}person/no-kum-sok")))
    assert len(run_cells("imprisonments", graph)) == 2
    as_file = tmp_path / "with-placeless.nt"
    as_file.write_bytes(graph.serialize(format="nt", encoding="utf-8"))
    for engine in (graph, as_file):
        rows = cells(q.run("imprisonments", q.GraphTarget(engine), params={"place": f"{D}place/yodok"}))
        assert rows == [("person/kang-chol-hwan", "Kang Chol-hwan", "place/yodok", "Yodok", "",
                         "Kang was imprisoned at age 9 along with his entire family")]  # fmt: skip


def test_params_agree_on_both_engines_for_every_value_in_every_column(sample):
    """For each query, column and value, rdflib and Oxigraph keep exactly the matching rows."""
    checked = 0
    for query in q.catalogue():
        full = q.run(query, q.GraphTarget(sample))
        for i, name in enumerate(query.variables):
            for value in sorted({r[i] for r in full.rows if r[i] is not None}, key=str)[:4]:
                text = str(value) if isinstance(value, URIRef) else value.n3()
                expected = tuple(r for r in full.rows if r[i] == value)
                assert q.run(query, q.GraphTarget(sample), params={name: text}).rows == expected
                assert q.run(query, q.GraphTarget(SAMPLE), params={name: text}).rows == expected
                checked += 1
    assert checked > 150


def test_param_text_is_never_spliced_into_the_query(sample):
    """Quotes, braces and SPARQL keywords in a value are just text: no rows, no error."""
    hostile = 'x" } } ; DROP ALL ; SELECT * WHERE { ?s ?p "'
    assert run_cells("routes", sample, kind=hostile) == []
    assert (
        q.run("routes", q.GraphTarget(SAMPLE), params={"kind": f'"{hostile}"'.replace('"', "'")}).rows == ()
    )
    with pytest.raises(QueryError, match="not a valid IRI"):
        q.run("routes", q.GraphTarget(sample), params={"defector": "<http://x> } ; <y>"})


def test_pushed_down_values_clause_is_escaped():
    """The VALUES clause for the engines holds escaped N-Triples terms after the query."""
    text = q.with_values(
        "SELECT ?k ?s WHERE { ?s ?p ?k }",
        {"k": Literal('a """b"\n{c}'), "s": URIRef(f"{D}person/x")},
    )
    assert text.endswith(f'\nVALUES (?k ?s) {{ ("a \\"\\"\\"b\\"\\n{{c}}" <{D}person/x>) }}\n')
    with pytest.raises(QueryError, match="not a valid IRI"):
        q.sparql_term(URIRef("http://x/a b"))


def test_unknown_param_and_malformed_params(sample):
    """A param that is no result variable, a malformed pair or literal are clear QueryErrors."""
    with pytest.raises(QueryError, match=r"routes has no such variable \(\?defector, \?name"):
        q.run("routes", q.GraphTarget(sample), params={"nope": "1"})
    with pytest.raises(QueryError, match="expected name=value"):
        q.parse_param("kind")
    with pytest.raises(QueryError, match="not an N-Triples literal"):
        q.param_value("date", '"1997^^<x>')
    assert q.parse_param("?kind=JSA crossing") == ("kind", "JSA crossing")


# ---------------------------------------------------------------------------------------
# Formats
# ---------------------------------------------------------------------------------------

SMALL = q.QueryResult(
    variables=("who", "when", "note"),
    rows=(
        (URIRef(f"{D}person/oh-chong-song"), Literal("2017-11-13", datatype=XSD.date), None),
        (
            BNode("b0"),
            Literal("1992", datatype=XSD.gYear),
            Literal('a, "quoted"\ttab\nline', lang="en"),
        ),
    ),
)


def test_csv_is_rfc4180_with_lexical_forms():
    """CSV: header of names, IRIs as text, literals lexical, unbound empty, quoting by RFC 4180."""
    text = q.format_csv(SMALL)
    assert text.startswith(f"who,when,note\r\n{D}person/oh-chong-song,2017-11-13,\r\n")
    assert list(csv.reader(io.StringIO(text))) == [
        ["who", "when", "note"],
        [f"{D}person/oh-chong-song", "2017-11-13", ""],
        ["_:b0", "1992", 'a, "quoted"\ttab\nline'],
    ]


def test_tsv_escapes_tabs_and_newlines():
    """TSV: one line per row; tabs and line breaks inside a value are escaped."""
    assert q.format_tsv(SMALL) == (
        "who\twhen\tnote\n"
        f"{D}person/oh-chong-song\t2017-11-13\t\n"
        '_:b0\t1992\ta, "quoted"\\ttab\\nline\n'
    )


def test_json_is_sparql_results_json():
    """JSON: head.vars and bindings with type, value, datatype or xml:lang; unbound left out."""
    document = json.loads(q.format_json(SMALL))
    assert document["head"] == {"vars": ["who", "when", "note"]}
    assert document["results"]["bindings"] == [
        {"who": {"type": "uri", "value": f"{D}person/oh-chong-song"},
         "when": {"type": "literal", "value": "2017-11-13", "datatype": str(XSD.date)}},
        {"who": {"type": "bnode", "value": "b0"},
         "when": {"type": "literal", "value": "1992", "datatype": str(XSD.gYear)},
         "note": {"type": "literal", "value": 'a, "quoted"\ttab\nline', "xml:lang": "en"}},
    ]  # fmt: skip


def test_table_is_aligned_with_relative_iris_and_wide_characters():
    """Table: columns line up (Hangul counts double), IRIs under the base are shortened."""
    result = q.QueryResult(
        ("name", "who"),
        ((Literal("오청성"), URIRef(f"{D}person/oh-chong-song")), (Literal("Oh"), None)),
    )
    assert q.format_table(result) == (
        "name    who\n"
        "------  --------------------\n"
        "오청성  person/oh-chong-song\n"
        "Oh\n"
        f"(2 rows; IRIs relative to {D})\n"
    )


def test_unknown_format():
    """Asking for an unknown format names the known ones."""
    with pytest.raises(QueryError, match="choose one of: table, csv, tsv, json"):
        q.format_result(SMALL, "xml")


# ---------------------------------------------------------------------------------------
# `defectorkg query`
# ---------------------------------------------------------------------------------------


def test_cli_list_prints_every_query_with_its_summary():
    """`query --list` prints one line per catalogue query with its summary."""
    result = CliRunner().invoke(main, ["query", "--list"], catch_exceptions=False)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) == len(CONTRACT) + len(EXTRA)
    assert any(line.startswith("routes ") and "Escape route steps" in line for line in lines)


def test_cli_query_csv_on_a_graph_file():
    """`query routes --graph FILE --format csv --param` prints the matching rows as CSV."""
    result = CliRunner().invoke(
        main,
        [
            "query",
            "routes",
            "--graph",
            str(SAMPLE),
            "--format",
            "csv",
            "--param",
            "kind=JSA crossing",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.decode("utf-8") == (
        "defector,name,step,kind,date,place,placeName\r\n"
        f"{D}person/oh-chong-song,Oh Chong-song,{D}event/2017-1-2,JSA crossing,2017-11-13,"
        f"{D}place/joint-security-area,Joint Security Area\r\n"
    )


def test_cli_query_defaults_to_csv_off_a_terminal_and_json_parses():
    """Without --format the output off a terminal is CSV; --format json is SPARQL JSON."""
    runner = CliRunner()
    plain = runner.invoke(
        main, ["query", "relatives", "--graph", str(SAMPLE)], catch_exceptions=False
    )
    assert plain.output.splitlines()[0] == "person,personName,relation,relative,relativeName"
    as_json = runner.invoke(
        main,
        ["query", "relatives", "--graph", str(SAMPLE), "--format", "json"],
        catch_exceptions=False,
    )
    assert len(json.loads(as_json.output)["results"]["bindings"]) == 2


def test_cli_query_a_file(tmp_path):
    """A .rq file path runs like a catalogue query."""
    own = tmp_path / "names.rq"
    own.write_text(
        "PREFIX schema: <http://schema.org/>\n"
        "SELECT ?n WHERE { ?s a schema:Country ; schema:name ?n } ORDER BY ?n\n"
    )
    result = CliRunner().invoke(
        main, ["query", str(own), "--graph", str(SAMPLE)], catch_exceptions=False
    )
    assert result.stdout_bytes == b"n\r\nChina\r\nNorth Korea\r\nPhilippines\r\nSouth Korea\r\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["query", "defector", "--graph", str(SAMPLE)],
            "unknown query 'defector'; the catalogue has: associates",
        ),
        (["query", "routes", "--graph", "missing.ttl"], "missing.ttl: no such file"),
        (
            ["query", "routes", "--graph", str(SAMPLE), "--param", "nope=1"],
            "routes has no such variable",
        ),
        (["query", "routes", "--store", "no-such-store"], "no-such-store: no store here"),
    ],
)
def test_cli_query_errors_are_one_line_exit_2(args, message):
    """Unknown names, missing files and stores, bad params: one stderr line, exit 2."""
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.output


def test_cli_malformed_query_file_in_a_subprocess(tmp_path):
    """A malformed .rq: the parser's message on one stderr line, exit 2, no traceback."""
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?x WHERE { ?x ?p\n")
    done = subprocess.run(
        [sys.executable, "-m", "defectorkg", "query", str(bad), "--graph", str(SAMPLE)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "bad.rq: malformed SPARQL" in lines[0]
    assert "Traceback" not in done.stderr


def test_cli_usage_errors():
    """No query, two targets or a repeated --param are usage errors (exit 2)."""
    runner = CliRunner()
    assert runner.invoke(main, ["query"]).exit_code == 2
    both = runner.invoke(main, ["query", "routes", "--graph", str(SAMPLE), "--store", "x"])
    assert both.exit_code == 2 and "give only one of --graph, --store" in both.output
    twice = runner.invoke(
        main, ["query", "routes", "--graph", str(SAMPLE), "--param", "kind=a", "--param", "kind=b"]
    )
    assert twice.exit_code == 2 and "each --param NAME may be given once" in twice.output


def test_cli_query_without_a_build_says_how_to_make_one(tmp_path, monkeypatch):
    """With no --graph and no output/defectors.ttl, the error says to run `defectorkg build`."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["query", "routes"], catch_exceptions=False)
    assert result.exit_code == 2
    assert result.output == (
        "defectorkg: error: output/defectors.ttl: no such file (build it with `defectorkg build`)\n"
    )


def test_bad_graph_file_is_a_graph_load_error(tmp_path):
    """A Turtle file with a syntax error is named with the parser's line and column."""
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://a> <http://b> .\n")
    with pytest.raises(
        GraphLoadError, match=r"bad.ttl: not valid Turtle: Parser error at line 1 column 23"
    ):
        q.run("routes", q.GraphTarget(bad))


# ---------------------------------------------------------------------------------------
# The seed graph (acceptance: fails until extraction and mapping land)
# ---------------------------------------------------------------------------------------


def test_seed_routes_have_oh_chong_songs_jsa_crossing(seed_graph):
    """routes lists Oh Chong-song's JSA crossing on 2017-11-13."""
    rows = run_cells("routes", seed_graph)
    assert any(
        r[1] == "Oh Chong-song" and r[3] == "JSA crossing" and r[4] == "2017-11-13" for r in rows
    ), rows


def test_seed_relatives_have_ri_han_yongs_mother_and_uncle(seed_graph):
    """relatives has Song Hye-rang as Ri Han-yong's mother and Kim Jong-il as his uncle."""
    rows = {(r[1], r[2], r[4]) for r in run_cells("relatives", seed_graph)}
    assert ("Ri Han-yong", "mother", "Song Hye-rang") in rows
    assert ("Ri Han-yong", "uncle", "Kim Jong-il") in rows


def test_seed_defectors_have_the_group_of_13_and_17_rows(seed_graph):
    """defectors has 17 rows, among them the group of 13 arriving 2016-04."""
    rows = run_cells("defectors", seed_graph)
    assert len(rows) == 17, rows
    groups = [r for r in rows if r[0].startswith("group/")]
    assert [(r[2], r[4]) for r in groups] == [("2016-04", "13")]


def test_seed_examples_in_headers_are_real_rows(seed_graph):
    """Each query's #+ example row is a row of that query on the seed graph."""
    for query in q.catalogue():
        rows = {" | ".join(r) for r in cells(q.run(query, q.GraphTarget(seed_graph)))}
        assert query.example in rows, query.name


def test_seed_engines_agree_on_every_query(seed_graph, tmp_path):
    """Every catalogue query gives the same rows on rdflib and on Oxigraph over the seed graph."""
    path = tmp_path / "seed.nt"
    path.write_bytes(seed_graph.serialize(format="nt", encoding="utf-8"))
    for query in q.catalogue():
        assert q.run(query, q.GraphTarget(seed_graph)) == q.run(query, q.GraphTarget(path)), query.name


README = ROOT / "README.md"
README_EXAMPLE = re.compile(r"```console\n\$ (defectorkg query [^\n]*)\n(.*?)```", re.DOTALL)


def test_readme_query_examples_are_the_real_output(seed_graph, tmp_path, update_golden):
    """The README's three `defectorkg query` examples print exactly what the README shows."""
    path = tmp_path / "seed.nt"
    path.write_bytes(seed_graph.serialize(format="nt", encoding="utf-8"))
    text = README.read_text(encoding="utf-8")
    examples = README_EXAMPLE.findall(text)
    assert len(examples) == 3
    updated = text
    for command, shown in examples:
        args = shlex.split(command)[1:] + ["--graph", str(path)]
        result = CliRunner().invoke(main, args, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        actual = result.output.replace("\r\n", "\n")
        if update_golden:
            updated = updated.replace(f"$ {command}\n{shown}", f"$ {command}\n{actual}")
        else:
            assert actual == shown, command
    if update_golden and updated != text:
        write_atomic(README, updated)


# ---------------------------------------------------------------------------------------
# ASK, CONSTRUCT, DESCRIBE and UPDATE
# ---------------------------------------------------------------------------------------

ASK_ARRIVAL = f"""PREFIX dkg: <https://w3id.org/defectorkg/ontology#>
ASK {{ <{D}person/no-kum-sok> dkg:arrivalDate "1953-09-21"^^<http://www.w3.org/2001/XMLSchema#date> }}
"""
ASK_NOTHING = f"ASK {{ <{D}person/nobody> ?p ?o }}\n"
CONSTRUCT_NAMES = """PREFIX schema: <http://schema.org/>
PREFIX dkg: <https://w3id.org/defectorkg/ontology#>
CONSTRUCT { ?d schema:name ?name } WHERE { ?d dkg:arrivalDate ?a ; schema:name ?name }
"""
DESCRIBE_OH = f"DESCRIBE <{D}person/oh-chong-song>\n"


def _sample_targets(tmp_path: Path) -> dict[str, dict[str, object]]:
    """The sample as each engine sees it: an rdflib graph, the file (Oxigraph), a store."""
    from defectorkg.sparql.store import load_into_store

    folder = tmp_path / "store"
    load_into_store(SAMPLE, folder)
    return {
        "rdflib": q.GraphTarget(Graph().parse(SAMPLE)),
        "file": q.GraphTarget(SAMPLE),
        "store": q.StoreTarget(folder),
    }


def test_ask_answers_true_and_false_on_every_engine(tmp_path):
    """ASK gives the same true and false on rdflib, an RDF file (Oxigraph) and a store."""
    for engine, target in _sample_targets(tmp_path).items():
        assert q.answer(ASK_ARRIVAL, target) == q.BooleanResult(True), engine
        assert q.answer(ASK_NOTHING, target) == q.BooleanResult(False), engine


def test_construct_and_describe_give_the_same_triples_on_every_engine(tmp_path):
    """CONSTRUCT gives one name triple per arrived defector, alike on every engine; DESCRIBE
    gives the triples about its subject."""
    expected = {
        (URIRef(f"{D}person/no-kum-sok"), URIRef("http://schema.org/name"), Literal("No Kum-sok")),
        (URIRef(f"{D}person/oh-chong-song"), URIRef("http://schema.org/name"),
         Literal("Oh Chong-song")),
    }  # fmt: skip
    from defectorkg.rdf.vocab import DKG

    arrived = len(set(Graph().parse(SAMPLE).subjects(DKG.arrivalDate)))
    for engine, target in _sample_targets(tmp_path).items():
        built = q.answer(CONSTRUCT_NAMES, target)
        assert isinstance(built, q.GraphResult), engine
        assert expected <= set(built.triples) and len(built.triples) == arrived, engine
        described = q.answer(DESCRIBE_OH, target)
        assert isinstance(described, q.GraphResult), engine
        subjects = {s for s, _, _ in described.triples}
        assert URIRef(f"{D}person/oh-chong-song") in subjects, engine
        assert (URIRef(f"{D}person/oh-chong-song"), URIRef("http://schema.org/name"),
                Literal("Oh Chong-song")) in described.triples, engine  # fmt: skip


def test_cli_ask_prints_true_or_false_and_exits_0_unless_asked(tmp_path):
    """`query ask.rq` prints true or false with exit 0; --fail-if-false makes false exit 1."""
    ask, nothing = tmp_path / "ask.rq", tmp_path / "nothing.rq"
    ask.write_text(ASK_ARRIVAL)
    nothing.write_text(ASK_NOTHING)
    runner = CliRunner()
    yes = runner.invoke(main, ["query", str(ask), "--graph", str(SAMPLE)], catch_exceptions=False)
    assert (yes.exit_code, yes.output) == (0, "true\n")
    no = runner.invoke(main, ["query", str(nothing), "--graph", str(SAMPLE)], catch_exceptions=False)
    assert (no.exit_code, no.output) == (0, "false\n")
    failing = runner.invoke(
        main, ["query", str(nothing), "--graph", str(SAMPLE), "--fail-if-false"],
        catch_exceptions=False,
    )  # fmt: skip
    assert (failing.exit_code, failing.output) == (1, "false\n")
    passing = runner.invoke(
        main, ["query", str(ask), "--graph", str(SAMPLE), "--fail-if-false", "--format", "json"],
        catch_exceptions=False,
    )  # fmt: skip
    assert passing.exit_code == 0 and json.loads(passing.output) == {"head": {}, "boolean": True}
    misused = runner.invoke(main, ["query", "defectors", "--graph", str(SAMPLE), "--fail-if-false"])
    assert misused.exit_code == 2 and "--fail-if-false is for ASK queries" in misused.output


def test_cli_construct_prints_turtle_or_ntriples(tmp_path):
    """`query construct.rq` prints sorted Turtle with the project's prefixes (or N-Triples) that
    reads back as the CONSTRUCT's triples."""
    construct = tmp_path / "names.rq"
    construct.write_text(CONSTRUCT_NAMES)
    runner = CliRunner()
    turtle = runner.invoke(main, ["query", str(construct), "--graph", str(SAMPLE)], catch_exceptions=False)
    assert turtle.exit_code == 0
    assert "@prefix schema: <http://schema.org/> ." in turtle.output
    assert 'person:no-kum-sok schema:name "No Kum-sok" .' in turtle.output
    nt = runner.invoke(
        main, ["query", str(construct), "--graph", str(SAMPLE), "--format", "ntriples"],
        catch_exceptions=False,
    )  # fmt: skip
    assert nt.exit_code == 0
    assert f'<{D}person/no-kum-sok> <http://schema.org/name> "No Kum-sok" .' in nt.output.splitlines()
    assert nt.output.splitlines() == sorted(nt.output.splitlines())
    from_turtle = Graph().parse(data=turtle.output, format="turtle")
    from_nt = Graph().parse(data=nt.output, format="nt")
    assert set(from_turtle) == set(from_nt) == set(q.answer(CONSTRUCT_NAMES, q.GraphTarget(SAMPLE)).triples)  # type: ignore[union-attr]
    rows_only = runner.invoke(main, ["query", str(construct), "--graph", str(SAMPLE), "--format", "csv"])
    assert rows_only.exit_code == 2 and "choose one of: turtle, ntriples" in rows_only.output


def test_update_is_refused_without_the_flag_and_applied_to_a_store_with_it(tmp_path):
    """A SPARQL UPDATE needs --update and a --store: without the flag nothing changes (exit 2);
    with it the store holds the inserted triple; on a graph file it is a usage error."""
    from defectorkg.sparql.store import load_into_store, open_store

    folder = tmp_path / "store"
    size = load_into_store(SAMPLE, folder)
    update = tmp_path / "add.ru"
    update.write_text('INSERT DATA { <urn:x:new> <http://schema.org/name> "New" }\n')
    runner = CliRunner()
    refused = runner.invoke(main, ["query", str(update), "--store", str(folder)])
    assert refused.exit_code == 2
    assert refused.output.strip().splitlines() == [
        f"defectorkg: error: {update}: a SPARQL UPDATE changes data; give --update with --store DIR "
        "to apply it"
    ]
    assert len(open_store(folder, read_only=True)) == size
    on_file = runner.invoke(main, ["query", str(update), "--graph", str(SAMPLE), "--update"])
    assert on_file.exit_code == 2 and "give --store DIR" in on_file.output
    applied = runner.invoke(main, ["query", str(update), "--store", str(folder), "--update"],
                            catch_exceptions=False)  # fmt: skip
    assert applied.exit_code == 0
    assert applied.output == f"updated the store {folder}: {size} quads before, {size + 1} after\n"
    asked = q.answer('ASK { <urn:x:new> <http://schema.org/name> "New" }', q.StoreTarget(folder))
    assert asked == q.BooleanResult(True)
    select = runner.invoke(main, ["query", "defectors", "--store", str(folder), "--update"])
    assert select.exit_code == 2 and "--update applies a SPARQL UPDATE file" in select.output


def test_update_text_is_never_a_query():
    """parse_query refuses UPDATE text with a message that says how to apply it."""
    with pytest.raises(QueryError, match="a SPARQL UPDATE changes data and is not run as a query"):
        q.parse_query("DELETE WHERE { ?s ?p ?o }")


def test_a_query_runs_on_one_target_object(tmp_path):
    """run() and answer() take a GraphTarget, StoreTarget or EndpointTarget; a bare path is
    refused with a message that names the three, before anything is read."""
    for call in (q.run, q.answer):
        with pytest.raises(QueryError, match="GraphTarget, a StoreTarget or an EndpointTarget, not PosixPath"):
            call("routes", SAMPLE)  # type: ignore[arg-type]
    secret = q.EndpointTarget("http://localhost:1/sparql", user="u", password="s3cret")
    assert "s3cret" not in repr(secret)
