"""An article whose graph is too large to build whole, checked and written piece by piece.

Past MAX_TRIPLES triples (kb.rdf.graph) an article's graph is never held at once: its structure
is checked in parts (kb.validate.structure_parts) and its N-Triples are written to a file a
piece at a time (a sentence, a source), which the store bulk-loads. Memory follows the part
and the extracted article, not the graph.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kb.rdf.graph import ArticleNodes, graph_pieces
from kb.rdf.ntriples import ntriples
from kb.validate.structure import violations_problem
from kb.validate.structure_parts import structure_violations_in_parts
from sources.model import GradedArticle

__all__ = ["SpooledArticle", "spool_article"]


@dataclass(frozen=True)
class SpooledArticle:
    """An article's graph written to ``path`` as N-Triples, with its number of triples."""

    path: Path
    triples: int


def spool_article(graded: GradedArticle, spool: Path, validate: bool) -> SpooledArticle | str:
    """Write the article's graph to a new file in ``spool``; return it, or why it cannot be:
    the structure violations (a bug of claimkb) as one text.

    Raise ArticleTooLarge for a sentence or source whose own graph is over MAX_TRIPLES (when
    ``validate``: the check builds each piece's graph).
    """
    nodes = ArticleNodes(graded)
    if validate:
        problem = violations_problem(structure_violations_in_parts(nodes))
        if problem is not None:
            return problem
    handle, name = tempfile.mkstemp(suffix=".nt", dir=spool)
    count = 0
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        for piece in graph_pieces(nodes):
            out.write(ntriples(piece))
            count += len(piece)
    return SpooledArticle(Path(name), count)
