"""The claimkb vocabulary as rdflib terms: the ``CKB`` namespace, instance and cue IRIs, and the
Turtle loader. Imported through :mod:`ontology` on first use of one of these names (rdflib
takes a tenth of a second to import: a query needs only the prefixes).

``claimkb.ttl`` is the single source of truth; ``CKB`` lists the same terms so that a typo in
code fails at import time (tests/test_ontology.py checks the two against each other).
"""

from __future__ import annotations

import re
from importlib.resources import files

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from ontology.prefixes import PREFIXES

#: Base of every instance IRI (articles and everything in them).
DATA = Namespace(PREFIXES["ckbid"])
#: Base of the hedge and booster concepts generated from the lexicons.
CUE = Namespace("https://w3id.org/claimkb/ns/cue/")

SCHEMA = Namespace(PREFIXES["schema"])
CITO = Namespace(PREFIXES["cito"])
BIRO = Namespace(PREFIXES["biro"])
PROV = Namespace(PREFIXES["prov"])
OA = Namespace(PREFIXES["oa"])


class CKB(DefinedNamespace):
    """The ``ckb:`` vocabulary (https://w3id.org/claimkb/ns#)."""

    _NS = Namespace(PREFIXES["ckb"])
    _fail = True

    # classes
    Sentence: URIRef
    Claim: URIRef
    Section: URIRef
    Marker: URIRef
    Source: URIRef
    LevelCue: URIRef
    CueOccurrence: URIRef
    # the software agent
    claimkb: URIRef
    # articles
    sourcePath: URIRef
    format: URIRef
    contentHash: URIRef
    textLength: URIRef
    hasReferenceList: URIRef
    placeholderReferences: URIRef
    citedKeyCount: URIRef
    missingKeyCount: URIRef
    # sections and sentences
    level: URIRef
    parentSection: URIRef
    inSection: URIRef
    index: URIRef
    sentenceId: URIRef
    line: URIRef
    kind: URIRef
    start: URIRef
    end: URIRef
    editorFlag: URIRef
    hasMarker: URIRef
    hasHedge: URIRef
    hasBooster: URIRef
    hasCausalCue: URIRef
    hasAdviceCue: URIRef
    hasPopulationCue: URIRef
    hasWeaselCue: URIRef
    hasPeacockCue: URIRef
    hasApproximatorCue: URIRef
    status: URIRef
    statusReason: URIRef
    quotePrefix: URIRef
    quoteSuffix: URIRef
    coveredBy: URIRef
    inheritsSourcesFrom: URIRef
    evidenceLevel: URIRef
    # markers and cue occurrences
    markerText: URIRef
    markerStyle: URIRef
    refersTo: URIRef
    cue: URIRef
    cueText: URIRef
    negated: URIRef
    cueScope: URIRef
    cueCategory: URIRef
    # sources
    key: URIRef
    inReferenceList: URIRef
    evidenceConflict: URIRef
    levelCueSummary: URIRef
    citingClaims: URIRef
    citedAsLevel: URIRef
    workHash: URIRef
    levelCue: URIRef
    cueLevel: URIRef
    basis: URIRef
    firstAuthor: URIRef
    container: URIRef
    doi: URIRef
    pmid: URIRef
    pmcid: URIRef
    publicationType: URIRef
    rank: URIRef
    # concept schemes
    EvidenceScale: URIRef
    SupportStatusScheme: URIRef
    HedgeScheme: URIRef
    BoosterScheme: URIRef
    CausalScheme: URIRef
    AdviceScheme: URIRef
    PopulationScheme: URIRef
    WeaselScheme: URIRef
    PeacockScheme: URIRef
    ApproximatorScheme: URIRef

    # names that are not Python identifiers: use CKB["level-rct"], CKB["weakly-supported"]
    _extras = [  # noqa: RUF012 (rdflib reads this class attribute)
        "level-systematic-review",
        "level-rct",
        "level-cohort",
        "level-case-control",
        "level-cross-sectional",
        "level-case-report",
        "level-guideline",
        "level-expert-opinion",
        "level-animal",
        "level-in-vitro",
        "level-unknown",
        "supported",
        "weakly-supported",
        "cited-unknown-evidence",
        "unsupported",
        "own-finding",
        "covered",
    ]


_SLUG = re.compile(r"[^a-z0-9]+")


def ckb_terms() -> frozenset[URIRef]:
    """Return every IRI the ``CKB`` namespace lists."""
    names = [*CKB.__annotations__, *CKB._extras]
    return frozenset(CKB[name] for name in names if not name.startswith("_"))


def level_concept(notation: str) -> URIRef:
    """Return the ckb:EvidenceScale concept of a level notation (``"rct"`` -> ``ckb:level-rct``)."""
    return CKB[f"level-{notation}"]


def status_concept(status: str) -> URIRef:
    """Return the ckb:SupportStatusScheme concept of a status string."""
    return CKB[status]


def cue_concept(kind: str, entry: str) -> URIRef:
    """Return the concept IRI of a cue lexicon entry (``kind`` as in claims.certainty.LEXICONS)."""
    slug = _SLUG.sub("-", entry.lower()).strip("-")
    return CUE[f"{kind}/{slug}"]


def load_ontology() -> Graph:
    """Return a new graph holding the claimkb vocabulary (ontology/claimkb.ttl)."""
    graph = Graph()
    graph.parse(data=files("ontology").joinpath("claimkb.ttl").read_text("utf-8"), format="turtle")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, replace=True)
    return graph
