"""The vocabulary graph: what is the same for every article, stored once beside them.

The ontology (``ontology/claimkb.ttl``: the terms, the SKOS evidence scale with its ranks and
labels, the support statuses), every cue lexicon entry as a SKOS concept, and claimkb as the
software agent of every run, with its version. ``ingest`` and ``load`` keep these triples in
the named graph :data:`VOCABULARY` (the ontology's own IRI), and article graphs only point at
them, so the union default graph holds each of them once. The graph carries the hash of its
own triples (``ckb:contentHash``), so a store tells an old vocabulary from the current one with
one ASK and replaces it.

A shipped query names that graph as ``GRAPH ?vocabulary { VALUES ?vocabulary { UNDEF } ... }``,
which :func:`in_vocabulary_graph` (called by the query loader) fills with :data:`VOCABULARY`, so
the graph's IRI is written here and nowhere else. That needs no rdflib: the listings and the
named queries read this module without importing it (rdflib is a quarter of a second).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING

from kb.rdf.sparql_text import fill_values
from ontology import PREFIXES

if TYPE_CHECKING:
    from rdflib import Graph, Literal, URIRef

    Triple = tuple[URIRef, URIRef, URIRef | Literal]

__all__ = [
    "VOCABULARY",
    "cue_scheme_graph",
    "in_vocabulary_graph",
    "vocabulary_hash",
    "vocabulary_ntriples",
]

#: The named graph holding the vocabulary: the ontology's IRI.
VOCABULARY = "https://w3id.org/claimkb/ns"


def in_vocabulary_graph(sparql: str) -> str:
    """Return ``sparql`` with its ``VALUES ?vocabulary { UNDEF }`` blocks naming the vocabulary
    graph (:data:`VOCABULARY`), where the lexicons, the evidence scale and the statuses live."""
    return fill_values(sparql, "vocabulary", [f"<{VOCABULARY}>"])


#: The concept scheme of each cue kind (as in claims.certainty.LEXICONS), by its ckb name.
SCHEMES = {
    "hedge": "HedgeScheme",
    "booster": "BoosterScheme",
    "causal": "CausalScheme",
    "advice": "AdviceScheme",
    "population": "PopulationScheme",
    "weasel": "WeaselScheme",
    "peacock": "PeacockScheme",
    "approximator": "ApproximatorScheme",
}


def cue_scheme_graph() -> Graph:
    """Return the cue lexicons as SKOS: every entry a concept of its scheme.

    Its category is the concept's skos:note, its origin its dcterms:source.
    """
    from rdflib import Graph

    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for triple in _cue_triples():
        graph.add(triple)
    return graph


def _cue_triples() -> Iterator[Triple]:
    from rdflib import RDF, Literal
    from rdflib.namespace import DCTERMS, SKOS

    from claims.certainty import LEXICONS
    from claims.lexicon import rows
    from ontology import CKB, cue_concept

    for kind, name in SCHEMES.items():
        scheme: URIRef = getattr(CKB, name)
        for entry, *notes in rows(LEXICONS[kind]):
            concept = cue_concept(kind, entry)
            yield concept, RDF.type, SKOS.Concept
            yield concept, SKOS.inScheme, scheme
            yield concept, SKOS.prefLabel, Literal(entry)
            for predicate, value in zip((SKOS.note, DCTERMS.source), notes, strict=False):
                yield concept, predicate, Literal(value)


def _agent_triples() -> Iterator[Triple]:
    from rdflib import RDF, Literal

    from kb.version import __version__
    from ontology import CKB, PROV, SCHEMA

    yield CKB.claimkb, RDF.type, PROV.SoftwareAgent
    yield CKB.claimkb, SCHEMA.softwareVersion, Literal(__version__)


@cache
def _body() -> str:
    """Return the vocabulary's triples as sorted N-Triples lines, without its hash."""
    from kb.rdf.ntriples import ntriples
    from ontology import load_ontology

    triples = [*load_ontology(), *_cue_triples(), *_agent_triples()]
    return "".join(sorted(set(ntriples(triples).splitlines(keepends=True))))


@cache
def vocabulary_hash() -> str:
    """Return the SHA-256 (hex) of the vocabulary's triples: it changes when they do."""
    return hashlib.sha256(_body().encode("utf-8")).hexdigest()


@cache
def vocabulary_ntriples() -> str:
    """Return the vocabulary graph as N-Triples, its hash as ``<ns> ckb:contentHash``."""
    from rdflib import Literal, URIRef

    from kb.rdf.ntriples import ntriples
    from ontology import CKB

    marker = ntriples([(URIRef(VOCABULARY), CKB.contentHash, Literal(vocabulary_hash()))])
    return _body() + marker
