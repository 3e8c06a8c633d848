"""File formats of a relationship view: GraphML, GEXF 1.2 and node-link JSON.

Written as text in one pass over the (already sorted) nodes and edges, streamed to the file
line by line, so the bytes depend on the view only (no dates, no library versions) and the
whole text is never held in memory. networkx's own writers build an
ElementTree of the whole graph first, which took ten seconds for a view of 50,000 nodes;
these take about one. ``networkx.read_graphml`` and ``read_gexf`` read the files back with
the same nodes, attributes (and types) and keyed edges (tests/test_graphview.py).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import networkx as nx

from ..errors import OutputError
from ..files import OutputSet

Domain = str  # "graph", "node" or "edge"

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 cannot hold
_ESCAPES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "\n": "&#10;",
    "\r": "&#13;",
    "\t": "&#9;",
}
_TO_ESCAPE = re.compile('[&<>"\n\r\t]')


@functools.lru_cache(maxsize=1 << 16, typed=True)  # kinds, relations, predicates repeat
def _xml(value: object) -> str:
    """``value`` as XML text, safe in attribute values and element content alike."""
    text = _NOT_XML.sub("\N{REPLACEMENT CHARACTER}", str(value))
    return _TO_ESCAPE.sub(lambda m: _ESCAPES[m.group()], text)


def _attribute_types(items: Iterable[dict[str, object]]) -> dict[str, str]:
    """Each attribute name with "long" when all its values are integers, else "string"."""
    types: dict[str, str] = {}
    for data in items:
        for name, value in data.items():
            integer = isinstance(value, int) and not isinstance(value, bool)
            if types.get(name) != "string":
                types[name] = "long" if integer else "string"
    return types


def _domains(view: nx.MultiDiGraph) -> dict[Domain, dict[str, str]]:
    """The attributes of the graph, its nodes and its edges, each with its type."""
    return {
        "graph": _attribute_types([view.graph]),
        "node": _attribute_types(data for _, data in view.nodes(data=True)),
        "edge": _attribute_types(data for _, _, data in view.edges(data=True)),
    }


def _key_ids(domains: dict[Domain, dict[str, str]]) -> dict[tuple[Domain, str], str]:
    """GraphML key ids: the attribute name, prefixed with its domain where names collide."""
    seen: dict[str, int] = {}
    for names in domains.values():
        for name in names:
            seen[name] = seen.get(name, 0) + 1
    return {
        (domain, name): name if seen[name] == 1 else f"{domain}.{name}"
        for domain, names in domains.items()
        for name in names
    }


def _graphml_lines(view: nx.MultiDiGraph) -> Iterator[str]:
    """The lines of a GraphML document for ``view``."""
    domains = _domains(view)
    ids = _key_ids(domains)
    yield "<?xml version='1.0' encoding='utf-8'?>"
    yield (
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">'
    )
    for domain, names in domains.items():
        for name, kind in names.items():
            key = _xml(ids[(domain, name)])
            yield f'  <key id="{key}" for="{domain}" attr.name="{_xml(name)}" attr.type="{kind}" />'
    yield f'  <graph edgedefault="{"directed" if view.is_directed() else "undirected"}">'
    yield from _graphml_data(view.graph, "graph", ids, "    ")
    for node, data in view.nodes(data=True):
        yield f'    <node id="{_xml(node)}">'
        yield from _graphml_data(data, "node", ids, "      ")
        yield "    </node>"
    for u, v, key, data in view.edges(keys=True, data=True):
        yield f'    <edge id="{_xml(key)}" source="{_xml(u)}" target="{_xml(v)}">'
        yield from _graphml_data(data, "edge", ids, "      ")
        yield "    </edge>"
    yield "  </graph>"
    yield "</graphml>"


def _graphml_data(
    data: dict[str, object], domain: Domain, ids: dict[tuple[Domain, str], str], indent: str
) -> Iterator[str]:
    """One <data> line per attribute."""
    for name, value in data.items():
        yield f'{indent}<data key="{_xml(ids[(domain, name)])}">{_xml(value)}</data>'


def graphml_chunks(view: nx.MultiDiGraph) -> Iterator[str]:
    """GraphML with every attribute's type declared ("long" or "string"), line by line."""
    return (line + "\n" for line in _graphml_lines(view))


def graphml_bytes(view: nx.MultiDiGraph) -> bytes:
    """GraphML with every attribute's type declared ("long" or "string")."""
    return "".join(graphml_chunks(view)).encode("utf-8")


_GEXF_TYPES = {"long": "long", "string": "string"}


def _gexf_attvalues(data: dict[str, object], ids: dict[str, int], indent: str) -> Iterator[str]:
    """The <attvalues> block of a node or edge (nothing when it has no attribute)."""
    values = [(ids[name], value) for name, value in data.items() if name in ids]
    if not values:
        return
    yield f"{indent}<attvalues>"
    for number, value in values:
        yield f'{indent}  <attvalue for="{number}" value="{_xml(value)}" />'
    yield f"{indent}</attvalues>"


def _gexf_lines(view: nx.MultiDiGraph) -> Iterator[str]:
    """The lines of a GEXF 1.2 document for ``view`` (node labels in the label attribute)."""
    node_types = _attribute_types(
        {k: v for k, v in data.items() if k != "label"} for _, data in view.nodes(data=True)
    )
    edge_types = _attribute_types(data for _, _, data in view.edges(data=True))
    node_ids = {name: i for i, name in enumerate(node_types)}
    edge_ids = {name: i for i, name in enumerate(edge_types)}
    yield "<?xml version='1.0' encoding='utf-8'?>"
    yield (
        '<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">'
    )
    yield "  <meta>"
    yield "    <creator>defectorkg</creator>"
    yield "  </meta>"
    kind = "directed" if view.is_directed() else "undirected"
    yield f'  <graph defaultedgetype="{kind}" mode="static" name="{_xml(view.graph.get("name", ""))}">'
    for cls, types, ids in (("node", node_types, node_ids), ("edge", edge_types, edge_ids)):
        yield f'    <attributes class="{cls}" mode="static">'
        for name, number in ids.items():
            yield f'      <attribute id="{number}" title="{_xml(name)}" type="{_GEXF_TYPES[types[name]]}" />'
        yield "    </attributes>"
    yield "    <nodes>"
    for node, data in view.nodes(data=True):
        yield f'      <node id="{_xml(node)}" label="{_xml(data.get("label", node))}">'
        yield from _gexf_attvalues(data, node_ids, "        ")
        yield "      </node>"
    yield "    </nodes>"
    yield "    <edges>"
    for u, v, key, data in view.edges(keys=True, data=True):
        yield f'      <edge source="{_xml(u)}" target="{_xml(v)}" id="{_xml(key)}">'
        yield from _gexf_attvalues(data, edge_ids, "        ")
        yield "      </edge>"
    yield "    </edges>"
    yield "  </graph>"
    yield "</gexf>"


def gexf_chunks(view: nx.MultiDiGraph) -> Iterator[str]:
    """GEXF 1.2 (Gephi's format), without a date or a library version, line by line."""
    return (line + "\n" for line in _gexf_lines(view))


def gexf_bytes(view: nx.MultiDiGraph) -> bytes:
    """GEXF 1.2 (Gephi's format), without a date or a library version."""
    return "".join(gexf_chunks(view)).encode("utf-8")


def node_link_chunks(view: nx.MultiDiGraph) -> Iterator[str]:
    """Node-link JSON (d3's "nodes"/"links"), keys sorted, in pieces (the text of json.dumps)."""
    data = nx.node_link_data(view, edges="links")
    yield from json.JSONEncoder(indent=1, sort_keys=True, ensure_ascii=False).iterencode(data)
    yield "\n"


def node_link_bytes(view: nx.MultiDiGraph) -> bytes:
    """Node-link JSON (d3's "nodes"/"links"), keys sorted, UTF-8."""
    return "".join(node_link_chunks(view)).encode("utf-8")


#: The file formats of a view: suffix -> the text of the file, in pieces.
FORMATS: dict[str, Callable[[nx.MultiDiGraph], Iterator[str]]] = {
    ".graphml": graphml_chunks, ".gexf": gexf_chunks, ".json": node_link_chunks,
}  # fmt: skip


def stage_text(outputs: OutputSet, name: str, chunks: Iterable[str]) -> Path:
    """Write ``chunks`` (UTF-8) to a staged file ``name`` of ``outputs`` as they come, never
    holding the whole text; returns the final path. A failed write discards ``outputs``."""
    tmp, final = outputs.stage_path(name)
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as handle:
            handle.writelines(chunks)
    except OSError as exc:
        outputs.discard()
        raise OutputError(f"{final}: cannot write ({exc.strerror or exc})") from None
    return final


def _write(path: Path, chunks: Iterable[str]) -> None:
    """Write ``chunks`` to ``path`` through a temporary file, renamed when complete."""
    outputs = OutputSet(path.parent)
    try:
        stage_text(outputs, path.name, chunks)
    except BaseException:
        outputs.discard()
        raise
    outputs.commit()


def write_graphml(view: nx.MultiDiGraph, path: Path) -> None:
    """Write ``view`` as GraphML to ``path`` (atomically)."""
    _write(path, graphml_chunks(view))


def write_gexf(view: nx.MultiDiGraph, path: Path) -> None:
    """Write ``view`` as GEXF to ``path`` (atomically)."""
    _write(path, gexf_chunks(view))


def write_node_link_json(view: nx.MultiDiGraph, path: Path) -> None:
    """Write ``view`` as node-link JSON to ``path`` (atomically)."""
    _write(path, node_link_chunks(view))


WRITERS = {".graphml": write_graphml, ".gexf": write_gexf, ".json": write_node_link_json}
