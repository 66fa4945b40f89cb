"""An article's graph in parts of about PART_TRIPLES triples, each a graph SHACL can check alone.

Building and checking a graph takes about 2.4 KB of memory per triple, so a long article is
checked part by part, each part built, checked and freed before the next: memory follows the
part, not the article. A part is a run of whole pieces:

- the head: the article node, its run and its sections;
- a sentence with its claim, markers and cues, and the sources it cites (their own triples);
- a source with its own triples and the triples that cite it (up to the part size);
- a level cue of a source (a sentence naming the study design of a source it cites).

Every sentence, marker, cue and source is typed in one part only, its own (a cue's SKOS
concept is in the vocabulary graph, kb.rdf.vocabulary): a cited source comes into a sentence's
part without its ``rdf:type``, so a rule targeting sources checks it once, in its source's part.
Each part carries the article's types, ``ckb:hasReferenceList`` and ``ckb:missingKeyCount``
(rules reach the reference list through ``dcterms:isPartOf``, and target the article to select a
part's claims in SPARQL); the article's other triples are in the head only. The audit rules
(``shapes/audit.ttl``) find in the parts what they find in the whole graph
(tests/test_graph_parts.py cuts every fixture into parts of 20 triples to check it); a user's
rule sees what a part holds.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from rdflib import RDF, URIRef

from claims.errors import ArticleTooLarge
from kb.rdf.graph import (
    MAX_TRIPLES,
    ArticleNodes,
    Triple,
    head_triples,
    level_cue_triples,
    sentence_triples,
    source_node_triples,
    source_triples,
)
from ontology import CKB

__all__ = ["PART_TRIPLES", "graph_parts", "part_garbage_freed"]

#: The triples of one part. The SHACL check of a graph grows faster than the graph (the rules
#: that target the article join over all its claims): auditing 400 KB of prose (5,208
#: sentences) took 25.6 s of CPU in parts of 25,000 triples, 14.0 s in parts of 10,000 and
#: 11.8 s in parts of 5,000 or 2,500; its whole graph, 12.7 s for a quarter of the text.
PART_TRIPLES = 5_000


def graph_parts(nodes: ArticleNodes, size: int = PART_TRIPLES) -> Iterator[list[Triple]]:
    """Yield the article's graph in parts of about ``size`` distinct triples (more only when
    one piece is larger), every triple of the graph in one part or more.

    Raise ArticleTooLarge for a sentence or source whose piece has over MAX_TRIPLES triples.
    """
    a = nodes.iri
    head = list(head_triples(nodes))
    carried = (RDF.type, CKB.hasReferenceList, CKB.missingKeyCount)
    links = [t for t in head if t[0] == a and t[1] in carried]
    part: dict[Triple, None] = {}
    for piece in _pieces(nodes, head, size):
        if len(part) > len(links) and len(part) + len(piece) > size:
            yield list(part)
            part = {}
        if not part:
            part = dict.fromkeys(links)
        part.update(dict.fromkeys(piece))
    if part:
        yield list(part)


def _pieces(nodes: ArticleNodes, head: list[Triple], size: int) -> Iterator[list[Triple]]:
    """Yield the head, each sentence with what it cites, each source with what cites it."""
    graded = nodes.graded
    sources = {nodes.source_iri(source): source for source in graded.sources}
    citing: dict[URIRef, list[Triple]] = {}
    #: each cited source's own triples but its type, made once (a source cited by every
    #: sentence was made again for each: 17 of 74 s of cutting 400 KB of prose into parts)
    untyped: dict[URIRef, list[Triple]] = {}
    yield head
    for sentence in graded.article.sentences:
        piece = _Piece(nodes, f"sentence {sentence.id} (line {sentence.line})")
        piece.extend(sentence_triples(nodes, sentence))
        cited = dict.fromkeys(
            o for _, _, o in piece.triples if isinstance(o, URIRef) and o in sources
        )
        for triple in piece.triples:
            if triple[2] in cited:
                kept = citing.setdefault(triple[2], [])  # type: ignore[arg-type]
                if len(kept) < size:
                    kept.append(triple)
        for iri in cited:
            if iri not in untyped:
                own = source_node_triples(nodes, sources[iri])
                untyped[iri] = [t for t in own if t[1] != RDF.type]
            piece.extend(untyped[iri])
        yield piece.triples
    for iri, source in sources.items():
        piece = _Piece(nodes, f"source {source.key}")
        piece.extend(source_triples(nodes, source, cues=False))
        yield piece.triples + citing.pop(iri, [])
        yield from level_cue_triples(nodes, source)


class _Piece:
    """The triples of one sentence or source, refused past MAX_TRIPLES (ArticleTooLarge)."""

    def __init__(self, nodes: ArticleNodes, what: str) -> None:
        self.nodes, self.what = nodes, what
        self.triples: list[Triple] = []

    def extend(self, triples: Iterable[Triple]) -> None:
        for triple in triples:
            if len(self.triples) >= MAX_TRIPLES:
                raise ArticleTooLarge(
                    f"{self.nodes.graded.article.source}: {self.what} is too large to audit: "
                    f"its graph would have more than {MAX_TRIPLES:,} triples, which takes over "
                    "1.5 GB of memory; split it"
                )
            self.triples.append(triple)


@contextmanager
def part_garbage_freed() -> Iterator[Callable[[], None]]:
    """Give a function to call after each part is checked: it frees what the part left.

    A part's rdflib graph is held in reference cycles (the graph and its store name each
    other), so only the cyclic collector frees it, and it runs a full pass only when the
    objects it has seen survive grow by a quarter: with a long article's sentences among them,
    freed parts piled up in proportion to the article (some 70 MB per MB of page). Here what
    lives before the first part and each part's findings are frozen (``gc.freeze``: never
    looked at again), so the pass after each part reads only what that part made. Everything
    is unfrozen when the block ends.
    """
    gc.freeze()
    try:
        yield _collect_and_freeze
    finally:
        gc.unfreeze()


def _collect_and_freeze() -> None:
    gc.collect()
    gc.freeze()
