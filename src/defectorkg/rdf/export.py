"""Graph -> files: Turtle, N-Triples, JSON-LD and TriG, deterministic and fast at scale.

The writers work on a :class:`~defectorkg.rdf.quadset.QuadSet` (quads of N-Triples terms,
sorted once): the union's triples and each named graph's come out of one sort, every distinct
term is rendered once (its Turtle and JSON-LD form), and the text is streamed to the output
file in chunks rather than held whole.  The order is that of the N-Triples lines, so output is
byte-identical in every process whatever ``PYTHONHASHSEED`` is, and only the prefixes the
output uses are declared.  rdflib graphs (a file given to ``validate``, the validation report,
the tests) go through the same writers.  Every format is re-read by rdflib and pyoxigraph in
the tests.
"""

from __future__ import annotations

import json
import multiprocessing
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from ..errors import OutputError
from ..memory import gc_paused
from ..resources import ontology_path
from .nt import XSD_BOOLEAN, XSD_INTEGER, XSD_STRING, split_literal, unescape
from .quadset import DEFAULT_GRAPH, QuadSet
from .vocab import compact_iri, namespace_prefixes

if TYPE_CHECKING:
    from rdflib import Dataset, Graph

    from ..files import OutputSet
    from .validate import ValidationOutcome

__all__ = [
    "GRAPH_FILES",
    "jsonld_chunks",
    "ntriples_chunks",
    "serialize_jsonld",
    "serialize_ntriples",
    "serialize_trig",
    "serialize_turtle",
    "trig_chunks",
    "turtle_chunks",
    "write_data_files",
    "write_graph_files",
    "write_validation_files",
]

GRAPH_FILES = (
    "defectors.ttl", "defectors.nt", "defectors.jsonld", "defectors.trig", "ontology.ttl",
    "validation.ttl", "validation.txt",
)  # fmt: skip

_INTEGER = re.compile(r"[+-]?[0-9]+")
_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


class _Terms:
    """Renders each distinct term once in its Turtle and JSON-LD forms; records the prefixes used."""

    def __init__(self, namespaces: Mapping[str, str]) -> None:
        self.namespaces = namespaces  # namespace -> prefix
        self._iri: dict[str, tuple[str, str | None]] = {}
        self._ttl: dict[str, str] = {}

    def compact(self, iri: str) -> tuple[str, str | None]:
        """(``prefix:local`` or ``<iri>``, the prefix used or None)."""
        found = self._iri.get(iri)
        if found is None:
            short = compact_iri(iri, self.namespaces)
            found = (f"<{iri}>", None) if short is None else (short, short.split(":", 1)[0])
            self._iri[iri] = found
        return found

    def ttl(self, term: str) -> str:
        """The Turtle form of ``term``."""
        found = self._ttl.get(term)
        if found is None:
            found = self._ttl[term] = self._turtle(term)
        return found

    def ttl_table(self, terms: Iterable[str]) -> dict[str, str]:
        """The Turtle form of every term of ``terms`` (rendered once, looked up by the writers)."""
        table = self._ttl
        for term in terms:
            if term not in table:
                table[term] = self._turtle(term)
        return table

    def _turtle(self, term: str) -> str:
        if term[0] == "<":
            return self.compact(term[1:-1])[0]
        if term[0] == '"':
            body, language, datatype = split_literal(term)
            if datatype is not None and language is None:
                if _bare(body, datatype):
                    return body
                return f'"{body}"^^{self.compact(datatype)[0]}'
        return term

    def prefixes(self, terms: Iterable[str]) -> list[str]:
        """The sorted prefixes that ``terms`` need (IRIs, and datatypes of typed literals)."""
        used: set[str] = set()
        for term in terms:
            iri = None
            if term[0] == "<":
                iri = term[1:-1]
            elif term[0] == '"':
                body, language, datatype = split_literal(term)
                if datatype is not None and language is None and not _bare(body, datatype):
                    iri = datatype
            if iri is not None:
                prefix = self.compact(iri)[1]
                if prefix is not None:
                    used.add(prefix)
        return sorted(used)

    def prefix_lines(self, terms: Iterable[str]) -> list[str]:
        """``@prefix p: <ns> .`` for each prefix ``terms`` need."""
        by_prefix = {prefix: namespace for namespace, prefix in self.namespaces.items()}
        return [f"@prefix {p}: <{by_prefix[p]}> ." for p in self.prefixes(terms)]

    # -- JSON-LD ----------------------------------------------------------------------------

    def json_id(self, term: str) -> str:
        """A node or property id: ``prefix:local``, else the full IRI; a blank node's label."""
        if term[0] != "<":
            return term
        text, prefix = self.compact(term[1:-1])
        return text if prefix is not None else term[1:-1]

    def json_value(self, term: str) -> Any:
        """The JSON-LD value of an object term (not cached: the writer keeps its JSON text instead)."""
        if term[0] != '"':
            return {"@id": self.json_id(term)}
        body, language, datatype = split_literal(term)
        lexical = unescape(body)
        if language is not None:
            return {"@value": lexical, "@language": language}
        if datatype is None or datatype == XSD_STRING[1:-1]:
            return lexical
        if _bare(body, datatype):
            return lexical == "true" if datatype == XSD_BOOLEAN[1:-1] else int(lexical)
        return {"@value": lexical, "@type": self.json_id(f"<{datatype}>")}


def _bare(body: str, datatype: str) -> bool:
    """An integer or boolean whose lexical form Turtle and JSON-LD write without quotes."""
    if datatype == XSD_INTEGER[1:-1]:
        return _INTEGER.fullmatch(body) is not None
    return datatype == XSD_BOOLEAN[1:-1] and body in ("true", "false")


# ---------------------------------------------------------------------------------------
# Writers: each yields the text of a file in chunks
# ---------------------------------------------------------------------------------------


Subject: TypeAlias = tuple[str, list[str], list[tuple[str, list[str]]]]


def _subjects(quads: Iterable[tuple[str, ...]]) -> Iterator[Subject]:
    """(subject, its rdf:type objects that are not literals, [(predicate, objects)]) per subject
    of sorted quads, each triple once (a triple stated in two graphs is adjacent to itself)."""
    subject: str | None = None
    types: list[str] = []
    predicates: list[tuple[str, list[str]]] = []
    last_p = last_o = None
    for quad in quads:
        s, p, o = quad[0], quad[1], quad[2]
        if s != subject:
            if subject is not None:
                yield subject, types, predicates
            subject, types, predicates, last_p, last_o = s, [], [], None, None
        elif p == last_p and o == last_o:
            continue
        last_p, last_o = p, o
        if p == _RDF_TYPE and o[0] != '"':
            types.append(o)
        elif predicates and predicates[-1][0] == p:
            predicates[-1][1].append(o)
        else:
            predicates.append((p, [o]))
    if subject is not None:
        yield subject, types, predicates


def _turtle_block(subject: Subject, ttl: Mapping[str, str], indent: str) -> str:
    """One subject: rdf:type first as "a", predicates and objects in sorted order."""
    node, types, predicates = subject
    objects_of_type = [o for p, objs in predicates if p == _RDF_TYPE for o in objs] + types
    parts = ["a " + ", ".join([ttl[o] for o in objects_of_type])] if objects_of_type else []
    parts += [
        ttl[p] + " " + ", ".join([ttl[o] for o in objs]) for p, objs in predicates if p != _RDF_TYPE
    ]
    body = f" ;\n{indent}    ".join(parts)
    return f"{indent}{ttl[node]} {body} .\n"


def _blocks(
    quads: Iterable[tuple[str, ...]], ttl: Mapping[str, str], indent: str = ""
) -> Iterator[str]:
    for subject in _subjects(quads):
        yield _turtle_block(subject, ttl, indent)


def _head(lines: list[str]) -> str:
    return "\n".join(lines) + "\n\n" if lines else ""


def turtle_chunks(quads: QuadSet, terms: _Terms | None = None) -> Iterator[str]:
    """Sorted Turtle of the union with the prefixes it uses."""
    terms = terms if terms is not None else _Terms(quads.namespaces)
    yield _head(terms.prefix_lines(quads.terms()))
    table = terms.ttl_table(quads.terms())
    for number, block in enumerate(_blocks(quads.sort().quads, table)):
        yield "\n" + block if number else block


def ntriples_chunks(quads: QuadSet) -> Iterator[str]:
    """Sorted N-Triples of the union."""
    batch: list[str] = []
    for s, p, o in quads.triples():
        batch.append(f"{s} {p} {o} .\n")
        if len(batch) >= 4096:
            yield "".join(batch)
            batch = []
    yield "".join(batch)


def nquads_chunks(quads: QuadSet) -> Iterator[str]:
    """Sorted N-Quads of every graph (the default graph's triples without a graph term)."""
    batch: list[str] = []
    for s, p, o, g in quads.sort().quads:
        batch.append(f"{s} {p} {o} {g} .\n" if g else f"{s} {p} {o} .\n")
        if len(batch) >= 4096:
            yield "".join(batch)
            batch = []
    yield "".join(batch)


def trig_chunks(quads: QuadSet, terms: _Terms | None = None) -> Iterator[str]:
    """TriG: one block per graph, graphs and triples sorted; the default graph first."""
    terms = terms if terms is not None else _Terms(quads.namespaces)
    yield _head(terms.prefix_lines(quads.terms(graph_names=True)))
    table = terms.ttl_table(quads.terms(graph_names=True))
    for number, (name, rows) in enumerate(quads.graphs().items()):
        label = "" if name == DEFAULT_GRAPH else table[name] + " "
        blocks = "\n".join(_blocks(rows, table, "    "))
        yield ("\n" if number else "") + f"{label}{{\n{blocks}}}\n"


_TERM = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def _local_name(iri: str) -> str:
    return iri[max(iri.rfind("#"), iri.rfind("/")) + 1 :]


def _object_kind(term: str) -> str:
    """ "@id" for a node; a literal's datatype IRI; "string", "number", "boolean" or "@language"."""
    if term[0] != '"':
        return "@id"
    body, language, datatype = split_literal(term)
    if language is not None:
        return "@language"
    if datatype is None or datatype == XSD_STRING[1:-1]:
        return "string"
    if _bare(body, datatype):
        return "number" if datatype == XSD_INTEGER[1:-1] else "boolean"
    return datatype


class _Vocabulary:
    """The @context's term definitions: a plain name for each property and class the graph uses
    (its local name, when no other IRI used and no prefix has it), with the property's values
    coerced when they are all of one kind: ``"@type": "@id"`` for nodes, the datatype for typed
    literals (dates, offsets).  Values then read as plain JSON: ``person["name"]``,
    ``person["arrivalDate"]``, ``event["hasPlace"]`` -> ``"place:beijing"``."""

    def __init__(self, quads: QuadSet, terms: _Terms, prefixes: Iterable[str]) -> None:
        kind_of: dict[str, str] = {}
        kinds: dict[str, set[str]] = {}
        classes: set[str] = set()
        for _, p, o, _ in quads.quads:
            kind = kind_of.get(o)
            if kind is None:
                kind = kind_of[o] = _object_kind(o)
            found = kinds.get(p)
            if found is None:
                found = kinds[p] = set()
            found.add(kind)
            if p == _RDF_TYPE and kind == "@id":
                classes.add(o)
        kinds.pop(_RDF_TYPE, None)
        iris = sorted({t for t in (*kinds, *classes) if t[0] == "<"})
        names: dict[str, list[str]] = {}
        for iri in iris:
            names.setdefault(_local_name(iri[1:-1]), []).append(iri)
        taken = set(prefixes) | set(terms.namespaces.values())
        self.name = {
            found[0]: name for name, found in names.items()
            if len(found) == 1 and _TERM.fullmatch(name) and name not in taken
        }  # fmt: skip
        self.coerce: dict[str, str] = {}  # only for named properties: a coercion lives in a term
        for predicate, found in kinds.items():
            if predicate not in self.name:
                continue
            (kind,) = found if len(found) == 1 else (None,)
            if kind == "@id":
                self.coerce[predicate] = "@id"
            elif (
                kind is not None and kind[0] != "@" and kind not in ("string", "number", "boolean")
            ):
                self.coerce[predicate] = terms.compact(kind)[0].strip("<>")
        self.terms = terms

    def context(self) -> dict[str, Any]:
        """The term definitions, by name."""
        found: dict[str, Any] = {}
        for iri, name in sorted(self.name.items(), key=lambda item: item[1]):
            compact = self.terms.json_id(iri)
            coerced = self.coerce.get(iri)
            found[name] = {"@id": compact, "@type": coerced} if coerced else compact
        return found

    def key(self, term: str) -> str:
        """The key (or @type value) of an IRI: its term name, else its compact IRI."""
        return self.name.get(term) or self.terms.json_id(term)


def _jsonld_node(subject: Subject, ids: dict[str, str], keys: dict[str, str],
                 values: dict[str, dict[str, str]]) -> str:  # fmt: skip
    """One node object as ``json.dumps`` writes it (``", "`` and ``": "``), from each term's JSON text."""
    node, types, predicates = subject
    members = ['"@id": ' + ids[node]]
    if types:
        typed = (
            keys[types[0]] if len(types) == 1 else "[" + ", ".join([keys[t] for t in types]) + "]"
        )
        members.append('"@type": ' + typed)
    for p, objs in predicates:
        table = values[p]
        value = (
            table[objs[0]] if len(objs) == 1 else "[" + ", ".join([table[o] for o in objs]) + "]"
        )
        members.append(keys[p] + ": " + value)
    return "{" + ", ".join(members) + "}"


def jsonld_chunks(quads: QuadSet, terms: _Terms | None = None) -> Iterator[str]:
    """Compact JSON-LD: an ``@context`` of the prefixes used and a term for each property and class
    (with type coercion), then a sorted ``@graph``, one node a line."""
    terms = terms if terms is not None else _Terms(quads.namespaces)
    by_prefix = {prefix: namespace for namespace, prefix in terms.namespaces.items()}
    distinct = quads.terms()
    prefixes = terms.prefixes(distinct)
    vocabulary = _Vocabulary(quads, terms, prefixes)
    context: dict[str, Any] = {p: by_prefix[p] for p in prefixes}
    context.update(vocabulary.context())
    head = json.dumps(context, ensure_ascii=False, indent=1).replace("\n", "\n ")
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    ids = {t: dumps(terms.json_id(t)) for t in distinct if t[0] != '"'}
    keys = {t: dumps(vocabulary.key(t)) for t in distinct if t[0] == "<"}
    plain = {t: dumps(terms.json_value(t)) for t in distinct}
    lexical = {t: dumps(unescape(split_literal(t)[0])) for t in distinct if t[0] == '"'}
    values = {
        p: ids if vocabulary.coerce.get(p) == "@id" else lexical if p in vocabulary.coerce else plain
        for p in keys
    }  # fmt: skip
    yield '{\n "@context": ' + head + ',\n "@graph": [\n  '
    for number, subject in enumerate(_subjects(quads.sort().quads)):
        text = _jsonld_node(subject, ids, keys, values)
        yield ",\n  " + text if number else text
    yield "\n ]\n}\n"


# ---------------------------------------------------------------------------------------
# rdflib graphs in, text out
# ---------------------------------------------------------------------------------------


def _quads(graph: Graph | QuadSet) -> QuadSet:
    if isinstance(graph, QuadSet):
        return graph
    return QuadSet.from_triples(graph, namespace_prefixes(graph))


def serialize_turtle(graph: Graph | QuadSet) -> str:
    """Sorted Turtle with the graph's prefixes (only those used)."""
    return "".join(turtle_chunks(_quads(graph)))


def serialize_ntriples(graph: Graph | QuadSet) -> str:
    """Sorted N-Triples."""
    return "".join(ntriples_chunks(_quads(graph)))


def serialize_trig(dataset: Dataset | QuadSet) -> str:
    """TriG: one block per named graph, graphs and triples sorted; the default graph first."""
    if not isinstance(dataset, QuadSet):
        dataset = QuadSet.from_dataset(dataset, namespace_prefixes(dataset))
    return "".join(trig_chunks(dataset))


def serialize_jsonld(graph: Graph | QuadSet) -> str:
    """Compact JSON-LD: an ``@context`` of the prefixes used and a sorted ``@graph`` of node objects."""
    return "".join(jsonld_chunks(_quads(graph)))


def write_graph_files(outputs: OutputSet, quads: QuadSet, outcome: ValidationOutcome) -> None:
    """Stage the graph in every format, the ontology next to it, and the validation report."""
    write_data_files(outputs, quads)()
    write_validation_files(outputs, outcome)


def write_data_files(
    outputs: OutputSet, quads: QuadSet, *, apart: bool = False
) -> Callable[[], None]:
    """Stage defectors.ttl/.nt/.jsonld/.trig and ontology.ttl (what needs no validation outcome).

    With ``apart``, JSON-LD and TriG are written by a forked process (it inherits the sorted quads)
    while this one writes Turtle and N-Triples and goes on; the returned function waits for it and
    raises OutputError if it failed.  Without, everything is written here and it returns at once.
    """
    quads.sort()
    quads.terms(graph_names=True)  # computed once, before a fork shares it
    waits: list[Callable[[], None]] = []
    with gc_paused():
        terms = _Terms(quads.namespaces)  # each term rendered once for the files written here
        if apart and "fork" in multiprocessing.get_all_start_methods():
            waits.append(_write_apart(outputs, quads, ("defectors.jsonld", "defectors.trig")))
        else:
            outputs.add("defectors.jsonld", jsonld_chunks(quads, terms))
            outputs.add("defectors.trig", trig_chunks(quads, terms))
        outputs.add("defectors.ttl", turtle_chunks(quads, terms))
        outputs.add("defectors.nt", ntriples_chunks(quads))
    outputs.add("ontology.ttl", ontology_path().read_bytes())
    return waits[0] if waits else _nothing


def _nothing() -> None:
    return None


_WRITERS: dict[str, Callable[[QuadSet, _Terms], Iterator[str]]] = {
    "defectors.jsonld": jsonld_chunks,
    "defectors.trig": trig_chunks,
}


def _write_apart(outputs: OutputSet, quads: QuadSet, names: tuple[str, ...]) -> Callable[[], None]:
    """Start a forked process that writes ``names`` to their staged paths; returns its wait."""
    staged = [(name, outputs.stage_path(name)[0]) for name in names]
    context = multiprocessing.get_context("fork")
    process = context.Process(target=_write_files, args=(quads, staged))
    process.start()

    def wait() -> None:
        process.join()
        if process.exitcode != 0:
            raise OutputError(
                f"{', '.join(names)}: the writing process failed (exit code {process.exitcode})"
            )

    return wait


def _write_files(quads: QuadSet, staged: list[tuple[str, Path]]) -> None:
    """The forked writer's work: each file's chunks to its staged path (exit code 1 on failure,
    without a traceback: the parent reports it in one line)."""
    try:
        with gc_paused():
            terms = _Terms(quads.namespaces)
            for name, path in staged:
                with open(path, "wb") as handle:
                    handle.writelines(
                        chunk.encode("utf-8") for chunk in _WRITERS[name](quads, terms)
                    )
    except BaseException:  # noqa: BLE001  (reported by the exit code)
        raise SystemExit(1) from None


def write_validation_files(outputs: OutputSet, outcome: ValidationOutcome) -> None:
    """Stage validation.ttl (the SHACL report graph) and validation.txt."""
    outputs.add("validation.ttl", serialize_turtle(outcome.report))
    outputs.add("validation.txt", outcome.text)
