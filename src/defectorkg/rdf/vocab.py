"""The namespaces every stage uses, and the one place that binds their prefixes.

``DKG`` lists the terms of ``ontology/defectors.ttl`` (checked against the file by
``tests/test_ontology.py``); with ``_fail = True`` a typo such as ``DKG.arivalDate`` raises
instead of minting a new predicate.  ``SCHEMA`` is ``http://schema.org/`` (as Wikidata and
DBpedia use it), never rdflib's ``https://`` ``SDO``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS, XSD, DefinedNamespace

ONTOLOGY_IRI = URIRef("https://w3id.org/defectorkg/ontology")
ONTOLOGY_VERSION_IRI = URIRef("https://w3id.org/defectorkg/ontology/0.1.0")

SCHEMA = Namespace("http://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
BIO = Namespace("http://purl.org/vocab/bio/0.1/")
REL = Namespace("http://purl.org/vocab/relationship/")
PROV = Namespace("http://www.w3.org/ns/prov#")
OA = Namespace("http://www.w3.org/ns/oa#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
DKGSH = Namespace("https://w3id.org/defectorkg/shapes#")

# The kinds of data IRIs (``{base}{kind}/...``) that get a prefix of their own in the outputs.
DATA_KINDS: tuple[str, ...] = (
    "article", "entry", "event", "group", "mention", "organization", "person", "place",
    "source", "work",
)  # fmt: skip


class DKG(DefinedNamespace):
    """The defectorkg ontology (``ontology/defectors.ttl``)."""

    _NS = Namespace("https://w3id.org/defectorkg/ontology#")
    _fail = True

    # classes
    Activism: URIRef
    Affiliation: URIRef
    Announcement: URIRef
    AnonymousPerson: URIRef
    Arrest: URIRef
    Arrival: URIRef
    Article: URIRef
    AssassinationAttempt: URIRef
    Attack: URIRef
    Award: URIRef
    Birth: URIRef
    BorderArea: URIRef
    BorderCrossing: URIRef
    Capture: URIRef
    DMZCrossing: URIRef
    Death: URIRef
    DefectingParty: URIRef
    Defection: URIRef
    Defector: URIRef
    DefectorGroup: URIRef
    DiplomaticMission: URIRef
    Election: URIRef
    EmbassyAsylum: URIRef
    Emigration: URIRef
    Employment: URIRef
    Entry: URIRef
    Event: URIRef
    Execution: URIRef
    FailedDefectionAttempt: URIRef
    Flight: URIRef
    GroupPart: URIRef
    Imprisonment: URIRef
    Injury: URIRef
    InternationalOrganization: URIRef
    JSACrossing: URIRef
    Killing: URIRef
    LifeEvent: URIRef
    MedicalTreatment: URIRef
    Memoir: URIRef
    MilitaryUnit: URIRef
    Pardon: URIRef
    Participation: URIRef
    PoliticalParty: URIRef
    PrisonCamp: URIRef
    Province: URIRef
    Publication: URIRef
    Publisher: URIRef
    Region: URIRef
    RelativeDefection: URIRef
    Release: URIRef
    Rescue: URIRef
    RouteStep: URIRef
    SeaCrossing: URIRef
    Sentencing: URIRef
    Shooting: URIRef
    Source: URIRef
    Testimony: URIRef
    ThirdCountryTransit: URIRef
    Work: URIRef
    # properties
    affiliation: URIRef
    affiliationKind: URIRef
    ageAtDefection: URIRef
    agent: URIRef
    aideOf: URIRef
    archived: URIRef
    arrivalDate: URIRef
    associateOf: URIRef
    attackerOf: URIRef
    auntOf: URIRef
    authorList: URIRef
    brotherOf: URIRef
    childOf: URIRef
    companion: URIRef
    coDefectorOf: URIRef
    colleagueOf: URIRef
    compositionPart: URIRef
    count: URIRef
    cousinOf: URIRef
    date: URIRef
    dateNote: URIRef
    daughterOf: URIRef
    defection: URIRef
    duration: URIRef
    endDate: URIRef
    endDateNote: URIRef
    endOffset: URIRef
    entryId: URIRef
    fatherOf: URIRef
    fellowDefectorOf: URIRef
    former: URIRef
    grandchildOf: URIRef
    grandfatherOf: URIRef
    grandmotherOf: URIRef
    grandparentOf: URIRef
    groupSize: URIRef
    hasAide: URIRef
    hasAssociate: URIRef
    hasAttacker: URIRef
    hasAunt: URIRef
    hasBrother: URIRef
    hasChild: URIRef
    hasCoDefector: URIRef
    hasColleague: URIRef
    hasCousin: URIRef
    hasDaughter: URIRef
    hasFather: URIRef
    hasFellowDefector: URIRef
    hasGrandchild: URIRef
    hasGrandfather: URIRef
    hasGrandmother: URIRef
    hasGrandparent: URIRef
    hasHusband: URIRef
    hasMother: URIRef
    hasNephew: URIRef
    hasNiece: URIRef
    hasParent: URIRef
    hasPartner: URIRef
    hasRelative: URIRef
    hasRescuer: URIRef
    hasSibling: URIRef
    hasSister: URIRef
    hasSon: URIRef
    hasSpouse: URIRef
    hasSubordinate: URIRef
    hasSuperior: URIRef
    hasTarget: URIRef
    hasUncle: URIRef
    hasWife: URIRef
    husbandOf: URIRef
    involvedOrganization: URIRef
    kind: URIRef
    lineNumber: URIRef
    memberNoun: URIRef
    mention: URIRef
    mentionsDefector: URIRef
    motherOf: URIRef
    nameKey: URIRef
    nephewOf: URIRef
    nieceOf: URIRef
    notableWork: URIRef
    organization: URIRef
    organizationType: URIRef
    outcome: URIRef
    parentOf: URIRef
    partnerOf: URIRef
    placeType: URIRef
    rawText: URIRef
    referenceNote: URIRef
    referenceNumber: URIRef
    relativeOf: URIRef
    rescuerOf: URIRef
    retrieved: URIRef
    sha256: URIRef
    siblingOf: URIRef
    sisterOf: URIRef
    sonOf: URIRef
    spouseOf: URIRef
    startOffset: URIRef
    statedTotalAsOf: URIRef
    statedTotalDefectors: URIRef
    stepOrder: URIRef
    subjectPhrase: URIRef
    subordinateOf: URIRef
    superiorOf: URIRef
    target: URIRef
    targetOf: URIRef
    uncited: URIRef
    uncleOf: URIRef
    untitled: URIRef
    vehicle: URIRef
    wifeOf: URIRef
    work: URIRef
    workKind: URIRef
    year: URIRef


PREFIXES: dict[str, str] = {
    "bio": str(BIO),
    "dcterms": str(DCTERMS),
    "dkg": str(DKG),
    "dkgsh": str(DKGSH),
    "foaf": str(FOAF),
    "oa": str(OA),
    "owl": str(OWL),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "rel": str(REL),
    "schema": str(SCHEMA),
    "sem": str(SEM),
    "sh": str(SH),
    "skos": str(SKOS),
    "wd": str(WD),
    "wdt": str(WDT),
    "xsd": str(XSD),
}


def curie_term(curie: str) -> URIRef:
    """ "schema:Country" -> <http://schema.org/Country> (``dkg:`` terms must be in the ontology)."""
    prefix, local = curie.split(":", 1)
    return DKG[local] if prefix == "dkg" else URIRef(PREFIXES[prefix] + local)


def data_prefixes(base: str) -> dict[str, str]:
    """The prefixes of the data IRIs under ``base``: ``person:`` -> ``{base}person/`` and so on."""
    return {kind: f"{base}{kind}/" for kind in DATA_KINDS}


def new_graph() -> Graph:
    """An empty graph with only the core prefixes bound (no rdflib defaults such as https schema)."""
    return Graph(bind_namespaces="core")


def bind_prefixes(graph: Graph, base: str | None = None) -> Graph:
    """Bind the vocabulary prefixes (and, given ``base``, the data prefixes) on ``graph``."""
    table = dict(PREFIXES)
    if base is not None:
        table.update(data_prefixes(base))
    for prefix, namespace in sorted(table.items()):
        graph.bind(prefix, Namespace(namespace), override=True, replace=True)
    return graph


# A local name that Turtle, SPARQL and JSON-LD readers all accept without escapes.
_SAFE_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?")


def compact_iri(iri: str, namespaces: Mapping[str, str]) -> str | None:
    """``prefix:local`` for ``iri`` when a namespace (namespace -> prefix) covers it with a safe
    local name; None otherwise.  The longest matching namespace wins."""
    cut = len(iri)
    while True:
        cut = max(iri.rfind("/", 0, cut), iri.rfind("#", 0, cut), iri.rfind(":", 0, cut))
        if cut < 0:
            return None
        prefix = namespaces.get(iri[: cut + 1])
        if prefix is not None:
            local = iri[cut + 1 :]
            if local == "" or _SAFE_LOCAL.fullmatch(local):
                return f"{prefix}:{local}"
            return None


_PREFIX_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_\-]*")


def namespace_prefixes(graph: Graph) -> dict[str, str]:
    """namespace -> prefix from ``graph``'s bindings (the alphabetically first prefix of a
    namespace; only prefixes Turtle can write)."""
    table: dict[str, str] = {}
    for prefix, namespace in sorted(graph.namespaces()):
        if prefix and _PREFIX_NAME.fullmatch(prefix):
            table.setdefault(str(namespace), prefix)
    return table
