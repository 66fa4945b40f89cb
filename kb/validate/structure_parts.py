"""Check an article too large for one graph against the structure shapes, part by part.

The parts are the audit's (:mod:`kb.rdf.parts`): each node is described whole in one part, its
own. A part also names nodes described in other parts (the section a sentence sits in, the
source a claim cites, the claims citing a source, the sentence a level cue comes from), and
the structure shapes ask those to have a class and to belong to the article. So each part is
checked with a *stub* of every such node (its ``rdf:type`` and ``dcterms:isPartOf`` triples; a
marker's sentence), with the article's types and text length (for the offset rule), and the
results about a stub, or about the article outside the head part, are left to the part that
describes the node: every node is checked once, whole, with what it points at typed.

So a part is first checked, on its N-Triples text, about the nodes it describes alone (its
SHACL focus nodes): the stubs' thousands of results are never made. Only a part that fails
(a bug of claimkb) is checked again with a report, read as before.
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import RDF, URIRef
from rdflib.namespace import DCTERMS

from claims.model import Sentence
from kb.rdf.graph import (
    ArticleNodes,
    Triple,
    graph_of,
    head_triples,
    sentence_stub,
    source_node_triples,
)
from kb.rdf.ntriples import ntriples
from kb.rdf.parts import graph_parts
from kb.validate.structure import ValidationResult, structure_conforms, validate_structure
from ontology import CKB
from sources.model import Source

__all__ = ["STRUCTURE_PART_TRIPLES", "structure_violations_in_parts"]

#: Triples per part checked at once (the audit's part size, measured there).
STRUCTURE_PART_TRIPLES = 5_000
_STUB_PREDICATES = (RDF.type, DCTERMS.isPartOf)


def structure_violations_in_parts(
    nodes: ArticleNodes, size: int = STRUCTURE_PART_TRIPLES
) -> Iterator[ValidationResult]:
    """Yield the structure violations of the article's graph, checked in parts of ``size``."""
    stubs = _Stubs(nodes)
    for number, part in enumerate(graph_parts(nodes, size)):
        described = {s for s, p, _ in part if p == RDF.type}
        if number:
            described.discard(nodes.iri)  # the article is described in the head part only
        if not described:
            continue
        context = [t for o in _named(part, nodes.iri, described) for t in stubs.of(o)]
        data = part + context + stubs.article
        if structure_conforms(data, ntriples(data), focus=described):
            continue  # the usual case: no report to build, decode and read
        outcome = validate_structure(graph_of(data))
        for result in outcome.results:
            if result.severity == "violation" and result.focus in described:
                yield result


def _named(part: list[Triple], article: URIRef, described: set[URIRef]) -> Iterator[URIRef]:
    """Yield once each of the article's nodes ``part`` names but does not describe (a source
    a claim cites, the claim citing a source in the source's part)."""
    prefix = f"{article}/"
    seen: set[URIRef] = set()
    for s, p, o in part:
        if p == RDF.type:
            continue
        for node in (s, o):
            if not isinstance(node, URIRef) or node in described or node in seen:
                continue
            if node == article or node.startswith(prefix):
                seen.add(node)
                yield node


class _Stubs:
    """The type and membership triples of any node of the article, found by its IRI."""

    def __init__(self, nodes: ArticleNodes) -> None:
        self.nodes = nodes
        self.sentences: dict[URIRef, Sentence] = {
            nodes.sentence_iris[s.id]: s for s in nodes.graded.article.sentences
        }
        self.sources: dict[URIRef, Source] = {nodes.source_iri(s): s for s in nodes.graded.sources}
        #: each marker's sentence (a marker is numbered through the article)
        self.markers: dict[URIRef, URIRef] = {
            URIRef(f"{nodes.iri}/marker/{n}"): nodes.sentence_iris[s.id]
            for s in nodes.graded.article.sentences
            for n in range(
                nodes.first_marker[s.index], nodes.first_marker[s.index] + len(s.markers)
            )
        }
        self.sections: dict[URIRef, list[Triple]] = {}
        for triple in nodes.sections.triples:
            if triple[1] in _STUB_PREDICATES:
                self.sections.setdefault(triple[0], []).append(triple)
        length = (nodes.iri, CKB.textLength)
        head = (t for t in head_triples(nodes) if t[0] == nodes.iri)
        #: the article's types and text length, in every part
        self.article = [t for t in head if t[1] == RDF.type or t[:2] == length]

    def of(self, node: URIRef) -> list[Triple]:
        """Return the stub of ``node`` (none for a node that is not a sentence, marker, source
        or section: the article itself, a node the graph does not describe)."""
        if node in self.sections:
            return self.sections[node]
        if node in self.markers:  # its type, and the sentence holding it, which has an article
            sentence = self.markers[node]
            return [
                (node, RDF.type, CKB.Marker),
                (sentence, CKB.hasMarker, node),
                (sentence, DCTERMS.isPartOf, self.nodes.iri),
            ]
        if node in self.sentences:
            return sentence_stub(self.nodes, self.sentences[node])
        if node in self.sources:
            own = source_node_triples(self.nodes, self.sources[node])
            return [t for t in own if t[1] in _STUB_PREDICATES]
        return []
