"""SPARQL as text: code without its strings, IRIs and comments (where a keyword or a colon means
something), and the one way values, articles above all, are put into a query.

A query that may be narrowed to some articles says where, with ``VALUES ?article { UNDEF }``
(Oxigraph picks the graph first when that block stands inside ``GRAPH ?article``: 1 ms at
10,000 articles, against 10 s for the same block outside). Unfilled, the block binds nothing, so
the query runs as it is written over every article; :func:`for_articles` fills it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

_NOT_CODE = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r"|<[^<>\"{}|^`\\\s]*>|#[^\n]*"
)


def code_only(sparql: str) -> str:
    """Return ``sparql`` with strings, IRIs and comments blanked: same length, same positions."""
    return _NOT_CODE.sub(lambda match: " " * len(match.group(0)), sparql)


@cache
def _values_block(name: str) -> re.Pattern[str]:
    return re.compile(rf"VALUES\s+[?$]{re.escape(name)}\s*\{{\s*UNDEF\s*\}}")


def fill_values(sparql: str, name: str, terms: Iterable[str] | None) -> str:
    """Return ``sparql`` with each ``VALUES ?name { UNDEF }`` block of its code (not of a string
    or a comment) holding ``terms``, RDF terms in N-Triples form; with None the blocks are taken
    out, so ``?name`` stays free. A query with no such block comes back unchanged."""
    spans = [m.span() for m in _values_block(name).finditer(code_only(sparql))]
    block = "" if terms is None else f"VALUES ?{name} {{ {' '.join(terms)} }}"
    for start, end in reversed(spans):
        sparql = sparql[:start] + block + sparql[end:]
    return sparql


def for_articles(sparql: str, articles: Iterable[str] | None) -> str:
    """Return ``sparql`` narrowed to the article IRIs ``articles`` (None: every article; an empty
    collection: none) through its ``VALUES ?article { UNDEF }`` blocks.

    Each IRI is checked (ArticleNotStored when it is not one), so no value changes the query
    around it.
    """
    from kb.rdf.iri import named_node

    terms = None if articles is None else [str(named_node(iri)) for iri in articles]
    return fill_values(sparql, "article", terms)
