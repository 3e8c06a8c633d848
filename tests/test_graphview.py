"""The relationship view: networkx views of the RDF graph, statistics, file formats, `stats`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from defectorkg import views as gv
from defectorkg.cli import main
from defectorkg.errors import GraphLoadError, UnknownNameError
from defectorkg.rdf.vocab import DKG, SCHEMA

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "fixtures" / "graphs" / "view-sample.ttl"
BASE = "https://w3id.org/defectorkg/"


def iri(key: str) -> str:
    """The IRI string of a data key under the default base."""
    return BASE + key


@pytest.fixture(scope="module")
def sample() -> Graph:
    """The hand-written slice of the seed graph."""
    return Graph().parse(SAMPLE)


@pytest.fixture(scope="module")
def hand_graph() -> Graph:
    """The graph the real mapping makes of the hand-made records (tests/fixtures/records)."""
    sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "records"))
    try:
        from hand import hand_records  # type: ignore[import-not-found]
    finally:
        sys.path.pop(0)
    from defectorkg.rdf.mapping import to_graph

    return to_graph(hand_records())


def labelled_edges(view: nx.MultiDiGraph, category: str | None = None) -> set[tuple[str, str, str]]:
    """(source label, relation, target label) of every edge (of one category)."""
    return {
        (view.nodes[u]["label"], d["relation"], view.nodes[v]["label"])
        for u, v, d in view.edges(data=True)
        if category is None or d["category"] == category
    }


# ---------------------------------------------------------------------------------------
# The people view
# ---------------------------------------------------------------------------------------


def test_people_view_nodes_are_people_and_groups_with_kinds(sample: Graph) -> None:
    """The people view holds every defector, relative and group, and no source author."""
    people = gv.view(sample, "people")
    kinds = {d["label"]: d["kind"] for _, d in people.nodes(data=True)}
    assert kinds == {
        "No Kum-sok": "defector", "Ri Han-yong": "defector", "Kang Chol-hwan": "defector",
        "Hwang Jang-yop": "defector", "Kim Dok-hong": "defector", "Oh Chong-song": "defector",
        "12 women and one man working at a North Korean government run restaurant in China": "group",
        "Song Hye-rang": "relative", "Kim Jong-il": "relative", "Kang Chol-hwan's father": "relative",
    }  # fmt: skip


def test_kinship_and_association_edges_read_other_is_relation_of_person(sample: Graph) -> None:
    """`Ri dkg:hasMother Song` becomes Song -> Ri "mother of", marked as the inverse of the triple."""
    people = gv.view(sample, "people")
    assert labelled_edges(people, "kin") == {
        ("Song Hye-rang", "mother of", "Ri Han-yong"),
        ("Kim Jong-il", "uncle of", "Ri Han-yong"),
        ("Kang Chol-hwan's father", "father of", "Kang Chol-hwan"),
    }
    assert labelled_edges(people, "associate") == {
        ("Kim Dok-hong", "aide of", "Hwang Jang-yop"),
        ("Hwang Jang-yop", "fellow defector of", "Ri Han-yong"),
    }
    mother = people.get_edge_data(iri("person/song-hye-rang"), iri("person/ri-han-yong"))
    assert list(mother.values()) == [{
        "relation": "mother of", "predicate": str(DKG.hasMother), "category": "kin", "inverse": 1,
    }]  # fmt: skip


def test_same_event_edges_join_parties_of_one_event_once(sample: Graph) -> None:
    """Hwang and his aide share one defection (and its three route steps): one edge, via the defection."""
    people = gv.view(sample, "people")
    same = [(u, v, d) for u, v, d in people.edges(data=True) if d["relation"] == gv.SAME_EVENT]
    assert [(people.nodes[u]["label"], people.nodes[v]["label"], d["via"], d["via_kind"]) for u, v, d in same] == [
        ("Kang Chol-hwan's father", "Kang Chol-hwan", iri("event/1992-1-3"), "imprisonment"),
        ("Hwang Jang-yop", "Kim Dok-hong", iri("event/1997-1-1"), "defection"),
    ]


def test_literals_are_string_or_integer_attributes_never_nodes(sample: Graph) -> None:
    """Every node is an IRI; dates keep their lexical form and precision; numbers stay integers."""
    for name in gv.VIEW_NAMES:
        view = gv.view(sample, name)
        for node, data in view.nodes(data=True):
            assert node.startswith(BASE) and data["iri"] == node
            assert all(isinstance(v, str | int) and not isinstance(v, bool) for v in data.values())
        for _, _, data in view.edges(data=True):
            assert all(isinstance(v, str | int) for v in data.values())
    people = gv.view(sample, "people")
    no = people.nodes[iri("person/no-kum-sok")]
    assert (no["arrived"], no["age"], no["roles"], no["entries"]) == (
        "1953-09-21", 21, "Air force senior lieutenant", "1953-1")
    assert people.nodes[iri("person/ri-han-yong")]["arrived"] == "1982"  # gYear, not a date
    assert people.nodes[iri("group/entry-2016-1")]["size"] == 13
    assert people.nodes[iri("person/hwang-jang-yop")]["sources"] == "6; 7"
    assert people.nodes[iri("person/kang-chol-hwan")]["names"] == "Kang Chol Hwan"


# ---------------------------------------------------------------------------------------
# The full and sources views
# ---------------------------------------------------------------------------------------


def test_full_view_has_events_places_and_readable_relations(sample: Graph) -> None:
    """Route steps say where they happened; memberships carry the role; no source is a node."""
    full = gv.view(sample, "full")
    kinds = {d["kind"] for _, d in full.nodes(data=True)}
    assert kinds == {"defector", "group", "relative", "event", "place", "organization", "work"}
    edges = labelled_edges(full)
    assert {
        ("JSA crossing (2017-11-13)", "crossed at", "Joint Security Area"),
        ("embassy asylum (1997-02-12)", "asylum in", "Beijing"),
        ("third-country transit", "transit in", "Philippines"),
        ("arrival (1997-04-20)", "arrived in", "Seoul"),
        ("flight (1953-09-21)", "flew to", "South Korea"),
        ("Kang Chol-hwan", "wrote", "The Aquariums of Pyongyang"),
        ("Oh Chong-song", "target of", "shooting (2017-11-13)"),
        ("Beijing", "located in", "China"),
    } <= edges
    member = full.get_edge_data(iri("person/hwang-jang-yop"), iri("organization/workers-party-of-korea"))
    assert [d["role"] for d in member.values()] == ["secretary"]
    assert full.number_of_nodes() == 41 and full.number_of_edges() == 62


def test_sources_view_links_sources_to_people_authors_and_publishers(sample: Graph) -> None:
    """Each citation is a "cited by" edge; authors "wrote" and publishers "published" their sources."""
    sources = gv.view(sample, "sources")
    assert ("[6] Nothing to Envy: Real Lives in North Korea", "cited by", "Kim Dok-hong") in labelled_edges(sources)
    assert ("Paula Hancocks", "wrote", "[25] Soldier shot by North Korean guards while defecting to the South") in labelled_edges(sources)
    relations = [d["relation"] for _, _, d in sources.edges(data=True)]
    assert (relations.count("cited by"), relations.count("wrote"), relations.count("published")) == (9, 7, 5)
    uncited = sources.nodes[iri("source/ref-11")]
    assert (uncited["kind"], uncited["reference"]) == ("source", 11)
    assert sources.nodes[iri("person/andrew-pollack")]["kind"] == "author"
    assert sources.nodes[iri("organization/bbc-news")]["kind"] == "publisher"


def test_unknown_predicate_between_nodes_is_kept_in_the_full_view(sample: Graph) -> None:
    """A property the view has no label for still becomes an edge, named after its local name."""
    extended = Graph()
    for triple in sample:
        extended.add(triple)
    prop = URIRef("http://example.org/vocab#trainedAt")
    extended.add((URIRef(iri("person/no-kum-sok")), prop, URIRef(iri("place/china"))))
    full = gv.view(extended, "full")
    data = list(full.get_edge_data(iri("person/no-kum-sok"), iri("place/china")).values())
    assert data == [{"relation": "trained at", "predicate": str(prop), "category": "other", "inverse": 0}]


def test_views_are_deterministic_and_sorted(sample: Graph) -> None:
    """Two builds give the same nodes, edges, keys and attributes, in sorted node order."""
    for name in gv.VIEW_NAMES:
        first, second = gv.view(sample, name), gv.view(sample, name)
        assert list(first.nodes(data=True)) == list(second.nodes(data=True))
        assert list(first.edges(keys=True, data=True)) == list(second.edges(keys=True, data=True))
        assert list(first.nodes) == sorted(first.nodes)


# ---------------------------------------------------------------------------------------
# Counts equal SPARQL counts over the same RDF
# ---------------------------------------------------------------------------------------

PREFIXES = """
PREFIX dkg: <https://w3id.org/defectorkg/ontology#>
PREFIX schema: <http://schema.org/>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""
# A person or group of the people view: not an author/publisher known only from the references.
PEOPLE = """
{ ?x a schema:Person } UNION { ?x a dkg:DefectorGroup }
FILTER NOT EXISTS {
  ?src a dkg:Source ; schema:author|schema:publisher ?x .
  FILTER NOT EXISTS { ?x prov:wasDerivedFrom ?e . ?e a dkg:Entry }
  FILTER NOT EXISTS { ?x dkg:mention ?m }
}
"""
TIE = "?a ?tie ?b . FILTER(STRSTARTS(STR(?tie), STR(dkg:has)))"
FULL = """
{ ?x a schema:Person } UNION { ?x a dkg:DefectorGroup } UNION { ?x a dkg:Event }
UNION { ?x a schema:Place } UNION { ?x a schema:Organization } UNION { ?x a schema:CreativeWork }
FILTER NOT EXISTS { ?x a dkg:Source }
FILTER NOT EXISTS {
  ?src a dkg:Source ; schema:author|schema:publisher ?x .
  FILTER NOT EXISTS { ?x prov:wasDerivedFrom ?e . ?e a dkg:Entry }
  FILTER NOT EXISTS { ?x dkg:mention ?m }
}
"""
COUNTS = {
    ("people", "nodes"): f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {PEOPLE} }}",
    ("people", "ties"): f"""SELECT (COUNT(*) AS ?n) WHERE {{
        {TIE} {{ SELECT ?a WHERE {{ {PEOPLE.replace('?x', '?a')} }} }}
        {{ SELECT ?b WHERE {{ {PEOPLE.replace('?x', '?b')} }} }} }}""",
    ("people", "same event"): f"""SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?top ?a ?b WHERE {{
        ?e1 sem:subEventOf* ?top . FILTER NOT EXISTS {{ ?top sem:subEventOf ?up }}
        ?e2 sem:subEventOf* ?top .
        ?e1 sem:hasActor|dkg:target|dkg:agent ?a . ?e2 sem:hasActor|dkg:target|dkg:agent ?b .
        FILTER(STR(?a) < STR(?b))
        {{ SELECT ?a WHERE {{ {PEOPLE.replace('?x', '?a')} }} }}
        {{ SELECT ?b WHERE {{ {PEOPLE.replace('?x', '?b')} }} }} }} }}""",
    ("full", "nodes"): f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {FULL} }}",
    ("full", "edges"): f"""SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{
        ?s ?p ?o . FILTER(?p != rdf:type)
        {{ SELECT ?s WHERE {{ {FULL.replace('?x', '?s')} }} }}
        {{ SELECT ?o WHERE {{ {FULL.replace('?x', '?o')} }} }} }} }}""",
    ("sources", "nodes"): f"""SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{
        {{ ?x a dkg:Source }}
        UNION {{ ?x schema:citation ?s . ?s a dkg:Source . {PEOPLE} }}
        UNION {{ ?s a dkg:Source ; schema:author|schema:publisher ?x . ?x a ?any }} }}""",
    ("sources", "edges"): f"""SELECT (COUNT(*) AS ?n) WHERE {{
        {{ ?x schema:citation ?s . ?s a dkg:Source . {PEOPLE} }}
        UNION {{ ?s a dkg:Source . ?s schema:author ?x . FILTER EXISTS {{ ?x a ?t }} }}
        UNION {{ ?s a dkg:Source . ?s schema:publisher ?x . FILTER EXISTS {{ ?x a ?t }} }} }}""",
}


def sparql_count(graph: Graph, key: tuple[str, str]) -> int:
    """The count one of the COUNTS queries returns."""
    (row,) = graph.query(PREFIXES + COUNTS[key])
    return int(row[0])  # type: ignore[index]


def view_counts(graph: Graph) -> dict[tuple[str, str], int]:
    """The same counts, taken from the views."""
    views = gv.views(graph)
    people_relations = [d["category"] for _, _, d in views["people"].edges(data=True)]
    return {
        ("people", "nodes"): views["people"].number_of_nodes(),
        ("people", "ties"): sum(c in ("kin", "associate") for c in people_relations),
        ("people", "same event"): people_relations.count("same event"),
        ("full", "nodes"): views["full"].number_of_nodes(),
        ("full", "edges"): views["full"].number_of_edges(),
        ("sources", "nodes"): views["sources"].number_of_nodes(),
        ("sources", "edges"): views["sources"].number_of_edges(),
    }


def test_sample_view_counts_equal_sparql_counts(sample: Graph) -> None:
    """On the hand-written sample, every view count equals its SPARQL count (and the known value)."""
    counts = view_counts(sample)
    assert counts == {key: sparql_count(sample, key) for key in COUNTS}
    assert counts == {
        ("people", "nodes"): 10, ("people", "ties"): 5, ("people", "same event"): 2,
        ("full", "nodes"): 41, ("full", "edges"): 62, ("sources", "nodes"): 26, ("sources", "edges"): 21,
    }  # fmt: skip


def test_mapped_records_view_counts_equal_sparql_counts(hand_graph: Graph) -> None:
    """On what the real mapping makes of the hand-made records, view counts equal SPARQL counts."""
    counts = view_counts(hand_graph)
    assert counts == {key: sparql_count(hand_graph, key) for key in COUNTS}
    assert counts[("people", "ties")] >= 2 and counts[("full", "edges")] > 40


def test_seed_view_counts_equal_sparql_counts(seed_graph: Graph) -> None:
    """On the seed graph, every view count equals its SPARQL count."""
    counts = view_counts(seed_graph)
    assert counts == {key: sparql_count(seed_graph, key) for key in COUNTS}
    assert counts[("people", "nodes")] >= 16  # at least the 16 defecting parties of the seed


def test_seed_people_view_has_the_ri_han_yong_family(seed_graph: Graph) -> None:
    """The seed's people view says Kim Jong-il is Ri Han-yong's uncle and Song Hye-rang his mother."""
    edges = labelled_edges(gv.view(seed_graph, "people"), "kin")
    assert ("Kim Jong-il", "uncle of", "Ri Han-yong") in edges
    assert ("Song Hye-rang", "mother of", "Ri Han-yong") in edges


# ---------------------------------------------------------------------------------------
# Neighbourhoods
# ---------------------------------------------------------------------------------------


def test_neighbourhood_by_depth_and_folded_name(sample: Graph) -> None:
    """Depth 1 around Hwang is him, his aide and Ri; depth 2 adds Ri's mother and uncle."""
    people = gv.view(sample, "people")
    one = gv.neighbourhood(people, "hwang jang yop", 1)
    assert sorted(d["label"] for _, d in one.nodes(data=True)) == ["Hwang Jang-yop", "Kim Dok-hong", "Ri Han-yong"]
    assert one.number_of_edges() == 3
    two = gv.neighbourhood(people, "Hwang Jang-yop", 2)
    assert sorted(d["label"] for _, d in two.nodes(data=True)) == [
        "Hwang Jang-yop", "Kim Dok-hong", "Kim Jong-il", "Ri Han-yong", "Song Hye-rang"]
    assert (two.graph["focus"], two.graph["depth"]) == ("Hwang Jang-yop", 2)
    assert list(two.nodes) == sorted(two.nodes)


def test_neighbourhood_finds_alternate_names(sample: Graph) -> None:
    """ "Oh" (the name the article first gives) finds Oh Chong-song."""
    found = gv.neighbourhood(gv.view(sample, "people"), "Oh", 0)
    assert [d["label"] for _, d in found.nodes(data=True)] == ["Oh Chong-song"]


def test_unknown_name_lists_closest_matches(sample: Graph) -> None:
    """A misspelt name raises UnknownNameError naming the closest display names."""
    with pytest.raises(UnknownNameError) as caught:
        gv.neighbourhood(gv.view(sample, "people"), "Hwang Jang-yob", 2)
    assert str(caught.value) == (
        "'Hwang Jang-yob': no such name in the people view; closest matches: 'Hwang Jang-yop'"
    )
    assert caught.value.exit_code == 2


# ---------------------------------------------------------------------------------------
# Defections and statistics
# ---------------------------------------------------------------------------------------


def test_defections_have_dates_and_first_route_steps(sample: Graph) -> None:
    """Each defector or group has its arrival date and the first step of its route."""
    found = [(d.iri.removeprefix(BASE), d.kind, d.date, d.date_basis, d.route) for d in gv.defections(sample)]
    assert found == [
        ("person/no-kum-sok", "defector", "1953-09-21", "arrival", "flight"),
        ("person/ri-han-yong", "defector", "1982", "arrival", "unknown"),
        ("person/kang-chol-hwan", "defector", "1992", "arrival", "third-country transit"),
        ("person/hwang-jang-yop", "defector", "1997-04-20", "arrival", "embassy asylum"),
        ("person/kim-dok-hong", "defector", "1997-04-20", "arrival", "embassy asylum"),
        ("group/entry-2016-1", "group", "2016-04", "arrival", "third-country transit"),
        ("person/oh-chong-song", "defector", "2017-11-13", "arrival", "JSA crossing"),
    ]


def test_defection_date_falls_back_to_event_then_entry_year() -> None:
    """Without an arrival date the defection's date is used, and without that the entry's year."""
    graph = Graph()
    a, b = URIRef(iri("person/a")), URIRef(iri("person/b"))
    event, entry = URIRef(iri("event/2001-1-1")), URIRef(iri("entry/2003-1"))
    for person, name in ((a, "A"), (b, "B")):
        graph.add((person, RDF.type, SCHEMA.Person))
        graph.add((person, RDF.type, DKG.Defector))
        graph.add((person, SCHEMA.name, Literal(name)))
    graph.add((a, DKG.defection, event))
    graph.add((event, RDF.type, DKG.Event))
    graph.add((event, DKG.date, Literal("2001-06", datatype=XSD.gYearMonth)))
    graph.add((entry, RDF.type, DKG.Entry))
    graph.add((entry, DKG.year, Literal("2003", datatype=XSD.gYear)))
    graph.add((entry, DKG.mentionsDefector, b))
    found = {d.label: (d.date, d.date_basis, d.decade) for d in gv.defections(graph)}
    assert found == {"A": ("2001-06", "defection", "2000s"), "B": ("2003", "entry", "2000s")}


def test_stats_of_the_sample(sample: Graph) -> None:
    """Counts per kind, components, the most connected people and defections per decade and route."""
    summary = gv.stats(sample)
    people = summary["views"]["people"]  # type: ignore[index]
    assert (people["nodes"], people["edges"], people["components"], people["largest_components"]) == (
        10, 7, 5, [5, 2, 1, 1, 1])
    assert summary["views"]["sources"]["nodes_by_kind"] == {  # type: ignore[index]
        "defector": 5, "group": 1, "source": 9, "author": 7, "publisher": 4}
    top = summary["most_connected"][0]  # type: ignore[index]
    assert (top["label"], top["degree"], top["betweenness"]) == ("Ri Han-yong", 3, 5.0)
    assert summary["defections"] == 7
    assert summary["defections_per_decade"] == {"1950s": 1, "1980s": 1, "1990s": 3, "2010s": 2}
    assert summary["defections_per_route_kind"] == {
        "flight": 1, "JSA crossing": 1, "embassy asylum": 2, "third-country transit": 2, "unknown": 1}
    json.dumps(summary)  # JSON-ready as it is


def test_seed_stats_count_every_defecting_party(seed_graph: Graph) -> None:
    """The seed's 16 defecting parties (15 people and the group of 13) all appear, each with a decade."""
    summary = gv.stats(seed_graph)
    assert summary["defections"] >= 16
    assert "undated" not in summary["defections_per_decade"]  # type: ignore[operator]
    assert summary["defections_per_decade"]["1990s"] >= 6  # type: ignore[index]


# ---------------------------------------------------------------------------------------
# File formats
# ---------------------------------------------------------------------------------------


def test_graphml_round_trips_with_the_same_nodes_attributes_and_edges(sample: Graph, tmp_path: Path) -> None:
    """read_graphml gives back every node, attribute (with its type) and keyed edge."""
    full = gv.view(sample, "full")
    path = tmp_path / "full.graphml"
    gv.write_graphml(full, path)
    back = nx.read_graphml(path, force_multigraph=True)
    assert list(back.nodes(data=True)) == list(full.nodes(data=True))
    assert sorted(back.edges(keys=True, data=True)) == sorted(full.edges(keys=True, data=True))
    text = path.read_text(encoding="utf-8")
    assert '<key id="age" for="node" attr.name="age" attr.type="long"' in text
    assert '<key id="label" for="node" attr.name="label" attr.type="string"' in text


def test_gexf_and_json_are_deterministic_and_dateless(sample: Graph, tmp_path: Path) -> None:
    """GEXF reads back with every attribute and has no date or version; node-link JSON reads back."""
    people = gv.view(sample, "people")
    assert gv.gexf_bytes(people) == gv.gexf_bytes(gv.view(sample, "people"))
    assert b"lastmodifieddate" not in gv.gexf_bytes(people)
    back = nx.read_gexf(_write(tmp_path / "p.gexf", gv.gexf_bytes(people)))
    assert {n: d for n, d in back.nodes(data=True)} == {n: d for n, d in people.nodes(data=True)}
    assert sorted((u, v, k, {a: x for a, x in d.items() if a != "id"}) for u, v, k, d in back.edges(keys=True, data=True)) == sorted(
        people.edges(keys=True, data=True))
    assert b"<creator>defectorkg</creator>" in gv.gexf_bytes(people)
    data = json.loads(gv.node_link_bytes(people))
    again = nx.node_link_graph(data, edges="links", multigraph=True, directed=True)
    assert list(again.nodes(data=True)) == list(people.nodes(data=True))
    assert list(again.edges(keys=True, data=True)) == list(people.edges(keys=True, data=True))


def _write(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` and return the path."""
    path.write_bytes(data)
    return path


def test_load_graph_reports_missing_and_broken_files(tmp_path: Path) -> None:
    """A missing file, an unknown suffix and broken Turtle each raise one-line GraphLoadErrors."""
    with pytest.raises(GraphLoadError, match=r"nothere\.ttl: no such file"):
        gv.load_graph(tmp_path / "nothere.ttl")
    with pytest.raises(GraphLoadError, match=r"unknown RDF file type '\.csv'"):
        gv.load_graph(tmp_path / "a.csv")
    broken = _write(tmp_path / "broken.ttl", b"<a> <b> .\n")
    with pytest.raises(GraphLoadError, match=r"broken\.ttl: not valid Turtle") as caught:
        gv.load_graph(broken)
    assert "\n" not in str(caught.value)


def test_load_graph_merges_named_graphs_of_trig(sample: Graph, tmp_path: Path) -> None:
    """A TriG file's named graphs are read into one graph with every triple."""
    trig = tmp_path / "sample.trig"
    trig.write_text(
        "@prefix schema: <http://schema.org/> .\n"
        "<urn:g1> { <urn:a> schema:name \"A\" . }\n<urn:g2> { <urn:b> schema:name \"B\" . }\n",
        encoding="utf-8",
    )
    assert len(gv.load_graph(trig)) == 2


# ---------------------------------------------------------------------------------------
# The `stats` command
# ---------------------------------------------------------------------------------------


def test_stats_command_prints_tables_and_json() -> None:
    """`defectorkg stats` prints the tables, and `--format json` the same numbers as JSON."""
    runner = CliRunner()
    table = runner.invoke(main, ["stats", "--graph", str(SAMPLE)], catch_exceptions=False)
    assert table.exit_code == 0
    assert "people view: 10 nodes, 7 edges, 5 components (largest: [5, 2, 1, 1, 1])" in table.output
    assert "       3        5.000  Ri Han-yong" in table.output
    as_json = runner.invoke(main, ["stats", "--graph", str(SAMPLE), "--format", "json"], catch_exceptions=False)
    assert json.loads(as_json.output)["defections_per_decade"] == {"1950s": 1, "1980s": 1, "1990s": 3, "2010s": 2}


def test_stats_command_missing_graph_exits_2(tmp_path: Path) -> None:
    """A missing graph file is one line on stderr and exit code 2."""
    result = CliRunner().invoke(main, ["stats", "--graph", str(tmp_path / "none.ttl")], catch_exceptions=False)
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"defectorkg: error: {tmp_path / 'none.ttl'}: no such file (run `defectorkg build` first, or pass --graph)"
    ]


def test_graphml_escapes_markup_and_drops_characters_xml_cannot_hold(tmp_path: Path) -> None:
    """Quotes, ampersands, angle brackets and newlines survive; control characters become U+FFFD."""
    view = nx.MultiDiGraph(name="people")
    view.add_node("urn:a", label='Kim "Ko" <&>\nLee', kind="person", note="bell\x07")
    view.add_node("urn:b", label="B", kind="person")
    view.add_edge("urn:a", "urn:b", key="e0", relation="aide of", inverse=1)
    back = nx.read_graphml(_write(tmp_path / "x.graphml", gv.graphml_bytes(view)), force_multigraph=True)
    assert back.nodes["urn:a"] == {"label": 'Kim "Ko" <&>\nLee', "kind": "person", "note": "bell\ufffd"}
    assert list(back.edges(keys=True, data=True)) == [("urn:a", "urn:b", "e0", {"relation": "aide of", "inverse": 1})]
