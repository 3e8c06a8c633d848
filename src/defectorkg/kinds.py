"""The kinds of things the graph holds, named once: event kinds, kinship and association
relations, place, organization and work types, affiliation kinds and genders, with the
ontology class or property each stands for.

Everything else derives from this table: the records (``model``), the mapping to RDF
(``rdf/mapping.py``), the views (``views/index.py``) and the tests; ``tests/test_kinds.py``
checks that the shapes' ``sh:in`` lists, the word lists of ``data/gazetteers/`` and the
ontology agree with it. A new event kind is one line here, plus its class in
``ontology/defectors.ttl`` and its label in ``shapes/event.ttl`` (the test says which).

Classes are written as CURIEs with the prefixes of ``rdf/vocab.py`` ("schema:Country"), so
that this module needs no rdflib (``extract/`` imports it through ``model``).
"""

from __future__ import annotations

# The route-step kinds are a public contract (see README and queries/routes.rq).
ROUTE_KINDS: tuple[str, ...] = (
    "flight",
    "JSA crossing",
    "DMZ crossing",
    "embassy asylum",
    "third-country transit",
    "sea crossing",
    "border crossing",
    "arrival",
)

LIFE_EVENT_KINDS: tuple[str, ...] = (
    "defection",  # the whole defection, parent of the route steps
    "relative defection",  # a relative's defection mentioned in passing
    "failed defection attempt",
    "birth",
    "imprisonment",
    "release",
    "death",
    "killing",
    "assassination attempt",
    "attack",
    "publication",
    "testimony",
    "award",
    "participation",
    "announcement",
    "shooting",
    "rescue",
    "capture",
    "arrest",
    "medical treatment",
    "employment",
    "activism",
    "sentencing",
    "execution",
    "pardon",
    "election",
    "injury",
    "emigration",
)

EVENT_KINDS: tuple[str, ...] = ROUTE_KINDS + LIFE_EVENT_KINDS

#: Every event is a dkg:Event; the ontology makes it a sem:Event and a schema:Event too.
EVENT_CLASSES: tuple[str, ...] = ("dkg:Event", "sem:Event", "schema:Event")

# Kinship relation names are a public contract (queries/relatives.rq).
KINSHIP: tuple[str, ...] = (
    "mother", "father", "parent", "son", "daughter", "child", "brother", "sister",
    "sibling", "husband", "wife", "spouse", "partner", "uncle", "aunt", "nephew", "niece",
    "cousin", "grandfather", "grandmother", "grandparent", "grandchild", "relative",
)  # fmt: skip

ASSOCIATIONS: tuple[str, ...] = (
    "aide", "co-defector", "fellow defector", "target", "attacker", "rescuer", "colleague",
    "superior", "subordinate",
)  # fmt: skip

#: Place type label -> its class (every place is also a schema:Place).
PLACE_CLASS = "schema:Place"
PLACE_TYPES: dict[str, str] = {
    "country": "schema:Country",
    "city": "schema:City",
    "province": "dkg:Province",
    "region": "dkg:Region",
    "camp": "dkg:PrisonCamp",
    "border area": "dkg:BorderArea",
    "building": "schema:LandmarksOrHistoricalBuildings",
    "body of water": "schema:BodyOfWater",
}

#: Organization type label -> its class, or None ("other": only schema:Organization).
ORGANIZATION_CLASS = "schema:Organization"
ORGANIZATION_TYPES: dict[str, str | None] = {
    "party": "dkg:PoliticalParty",
    "military": "dkg:MilitaryUnit",
    "agency": "schema:GovernmentOrganization",
    "government": "schema:GovernmentOrganization",
    "news media": "schema:NewsMediaOrganization",
    "publisher": "dkg:Publisher",
    "international": "dkg:InternationalOrganization",
    "diplomatic mission": "dkg:DiplomaticMission",
    "other": None,
}

#: Work kind -> its classes beyond WORK_CLASSES (which every work has).
WORK_CLASSES: tuple[str, ...] = ("dkg:Work", "schema:CreativeWork")
WORK_KINDS: dict[str, tuple[str, ...]] = {
    "book": ("schema:Book",),
    "memoir": ("schema:Book", "dkg:Memoir"),
}

AFFILIATION_KINDS: tuple[str, ...] = ("member", "position", "employment")

GENDERS: dict[str, str] = {"male": "schema:Male", "female": "schema:Female"}


def class_name(label: str) -> str:
    """The local name of a kind's class: "JSA crossing" -> "JSACrossing",
    "third-country transit" -> "ThirdCountryTransit"."""
    return "".join(word[0].upper() + word[1:] for word in label.replace("-", " ").split())


def tie_property_name(relation: str) -> str:
    """The local name of a kinship or association property: "uncle" -> "hasUncle",
    "fellow defector" -> "hasFellowDefector"."""
    return "has" + class_name(relation)
