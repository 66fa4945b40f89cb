"""An article's graph built a piece at a time, so that no article is ever held whole past a bound.

The triples are made piece by piece (the head, a sentence, a source: kb.rdf.graph.graph_pieces).
An article of at most WHOLE_TRIPLES triples is gathered into one list, checked whole and handed
over as text. Past that its graph is never held at once: its structure is checked in parts
(kb.validate.structure_parts) and its N-Triples are written to a file a piece at a time, which
the store loads from the file. Memory follows the part and the extracted article, never the
graph, whatever the article's size.
"""

from __future__ import annotations

import gc
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import kb.rdf.graph
from kb.rdf.graph import ArticleNodes, Triple, graph_pieces
from kb.rdf.ntriples import ntriples
from kb.validate.structure import violations_problem
from kb.validate.structure_parts import structure_violations_in_parts

__all__ = ["WHOLE_TRIPLES", "SpooledArticle", "spool_article", "whole_triples"]

#: The most triples of an article built as one list (about 2.4 KB each while built and checked:
#: some 120 MB); a larger one is checked in parts and written to a file piece by piece.
WHOLE_TRIPLES = 50_000


@dataclass(frozen=True)
class SpooledArticle:
    """An article's graph written to ``path`` as N-Triples, with its number of triples."""

    path: Path
    triples: int


def whole_triples(nodes: ArticleNodes) -> list[Triple] | None:
    """Return the article's distinct triples in the order they are made, or None as soon as
    they pass WHOLE_TRIPLES (or kb.rdf.graph's MAX_TRIPLES, when lower): then build it in parts.

    Pieces never share a triple, so the list is :func:`kb.rdf.graph.article_triples`'s.
    """
    limit = min(WHOLE_TRIPLES, kb.rdf.graph.MAX_TRIPLES)
    triples: list[Triple] = []
    collecting = gc.isenabled()
    gc.disable()  # building allocates many long-lived objects; collections find nothing
    try:
        for piece in graph_pieces(nodes):
            triples += piece
            if len(triples) > limit:
                return None
    finally:
        if collecting:
            gc.enable()
    return triples


def spool_article(nodes: ArticleNodes, spool: Path, validate: bool) -> SpooledArticle | str:
    """Write the article's graph to a new file in ``spool``, piece by piece; return it, or why
    it cannot be: the structure violations (a bug of claimkb) as one text.

    Raise ArticleTooLarge for a sentence or source whose own graph is over MAX_TRIPLES (when
    ``validate``: the check builds each piece's graph).
    """
    if validate:
        problem = violations_problem(structure_violations_in_parts(nodes))
        if problem is not None:
            return problem
    handle, name = tempfile.mkstemp(suffix=".nt", dir=spool)
    count = 0
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            for piece in graph_pieces(nodes):
                out.write(ntriples(piece))
                count += len(piece)
    except BaseException:
        os.unlink(name)
        raise
    return SpooledArticle(Path(name), count)
