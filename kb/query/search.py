"""Full-text search over claims: ``claimkb search`` and ``KnowledgeBase.search``.

On the embedded store a search reads the store's full-text index
(:mod:`kb.store.search_index`): every word must occur in a claim, in any form the stemmer joins,
and the best matches come first (BM25). A SPARQL server keeps no index of ours, so there the
same search is a scan of every claim's text by the server (``CONTAINS`` on each word, no
stemming), ranked here the same way: slower, and said so (:attr:`SearchResult.indexed`).

The ``claims-mentioning``, ``unsupported-claims``, ``weak-evidence-claims`` and ``overclaims``
(:mod:`kb.store.asserted_boosters`) named queries, and the listings of works cited across
articles (``most-cited-sources``, ``works-cited-by-several-articles``:
:mod:`kb.store.cited_works`), answer from the index where there is one (:func:`indexed_answer`),
with the rows of their SPARQL.
"""

from __future__ import annotations

import itertools
import math
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import IO, TYPE_CHECKING, Any

import pyoxigraph as ox

from kb.store import asserted_boosters, cited_works
from kb.store.search_index import MARK_END, MARK_START, ClaimRow, Hit, fts_query

if TYPE_CHECKING:
    from rich.table import Table

    from kb.store.base import QueryResult, Store

__all__ = [
    "COLUMNS",
    "IndexedListing",
    "SearchResult",
    "hits_table",
    "indexed_answer",
    "search",
    "solutions",
    "write_hits",
]

#: The columns of a search's rows, in the order every format prints them.
COLUMNS = ("score", "article", "line", "sentence", "status", "level", "snippet", "title", "text")
_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
_DECIMAL = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
_BOOLEAN = ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
_TRUE, _FALSE = (ox.Literal(value, datatype=_BOOLEAN) for value in ("true", "false"))
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class SearchResult:
    """The hits of one search (a page of them), best first.

    ``total`` is how many claims match in all (None when not asked for); ``indexed`` is False
    when the store has no full-text index and the search scanned every claim's text.
    """

    terms: str
    hits: list[Hit]
    total: int | None
    indexed: bool

    def dicts(self, marks: tuple[str, str] = ("**", "**")) -> list[dict[str, Any]]:
        """Return the hits as dicts of plain values, matched words in the snippet between
        ``marks``."""
        return [_hit_dict(hit, marks) for hit in self.hits]


def search(
    store: Store, terms: str, *, limit: int | None = None, offset: int = 0, count: bool = False
) -> SearchResult:
    """Return the claims of ``store`` that match ``terms``, best first: ``limit`` of them (all
    for None) after the first ``offset``; with ``count``, how many match in all.

    Raise SearchTermsMissing when ``terms`` holds no word.
    """
    fts_query(terms)  # the same error for no words on every store
    index = store.search_index()
    if index is None:
        hits = _scan(store, terms)
        total = len(hits) if count else None
        end = None if limit is None else offset + limit
        return SearchResult(terms, hits[offset:end], total, indexed=False)
    hits = index.search(terms, limit=limit, offset=offset)
    total = index.count(terms) if count else None
    return SearchResult(terms, hits, total, indexed=True)


def _scan(store: Store, terms: str) -> list[Hit]:
    """Return the hits of a search by a scan of every claim's text on ``store`` (no index)."""
    from kb.rdf.sparql_text import for_articles
    from kb.store.search_index import CLAIMS_SPARQL

    words = [word.lower() for word in _WORD.findall(terms)]
    filters = " && ".join(f"CONTAINS(LCASE(?text), {_string(word)})" for word in words)
    sparql = for_articles(CLAIMS_SPARQL, None)
    sparql = sparql.replace("schema:text ?text .", f"schema:text ?text .\n    FILTER ({filters})")
    rows = [ClaimRow(*_plain(row)) for row in store.query_with_prefixes(sparql).rows]
    hits = [Hit(row, _score(row.text, words), _marked(row.text, words)) for row in rows]
    return sorted(hits, key=lambda hit: (-hit.score, hit.claim.article, hit.claim.line or 0))


def _string(text: str) -> str:
    return str(ox.Literal(text))


def _plain(row: tuple[Any, ...]) -> tuple[Any, ...]:
    values = [None if term is None else term.value for term in row]
    values[3] = None if values[3] is None else int(values[3])
    values[6] = values[6] or None
    return tuple(values)


def _score(text: str, words: list[str]) -> float:
    """Return a scan hit's score: matched words' occurrences, less for a long claim."""
    lowered = text.lower()
    found = sum(lowered.count(word) for word in words)
    return round(found / math.log2(2 + len(_WORD.findall(text))), 6)


def _marked(text: str, words: list[str]) -> str:
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    return pattern.sub(lambda match: MARK_START + match.group(0) + MARK_END, text)


def _hit_dict(hit: Hit, marks: tuple[str, str]) -> dict[str, Any]:
    claim = hit.claim
    return {
        "score": round(hit.score, 3),
        "article": claim.article,
        "line": claim.line,
        "sentence": claim.sentence,
        "status": claim.status,
        "level": claim.level,
        "snippet": hit.snippet.replace(MARK_START, marks[0]).replace(MARK_END, marks[1]),
        "title": claim.title,
        "text": claim.text,
    }


def solutions(result: SearchResult, marks: tuple[str, str]) -> Iterator[list[Any]]:
    """Yield each hit as a row of RDF terms in the order of :data:`COLUMNS` (for the W3C
    results writers)."""
    for row in result.dicts(marks):
        yield [_term(name, row[name]) for name in COLUMNS]


def _term(name: str, value: Any) -> Any:
    if value is None:
        return None
    if name == "article":
        return ox.NamedNode(value)
    if name == "line":
        return ox.Literal(str(value), datatype=_INTEGER)
    if name == "score":
        return ox.Literal(f"{value:.3f}", datatype=_DECIMAL)
    return ox.Literal(str(value))


#: The weak levels of the ``weak-evidence-claims`` query (a test checks the rows agree).
WEAK_LEVELS = ("expert-opinion", "animal", "in-vitro", "unknown")


@dataclass(frozen=True)
class IndexedListing:
    """A named query's rows as the search index gives them (the rows of its SPARQL, in its
    order): ``variables`` as the query names them; ``rows`` gives how many rows there are and an
    iterator of them, each a list of RDF terms (None for unbound)."""

    variables: tuple[str, ...]
    rows: Callable[[], tuple[int | None, Iterator[list[Any]]]]

    def count(self) -> int:
        """Return how many rows there are in all."""
        total, rows = self.rows()
        return sum(1 for _ in rows) if total is None else total

    def page(self, limit: int | None, offset: int = 0) -> QueryResult:
        """Return ``limit`` rows (None: all) after the first ``offset``, as a SELECT result."""
        from kb.store.base import QueryResult

        end = None if limit is None else offset + limit
        return QueryResult.of_rows(
            self.variables, list(map(tuple, itertools.islice(self.rows()[1], offset, end)))
        )


def indexed_answer(store: Store, name: str | None, params: Iterable[str]) -> IndexedListing | None:
    """Return the rows of the named query ``name`` (with the ``NAME=VALUE`` texts of
    ``--param``) from the store's index when the index holds what it asks for, else None (then
    its SPARQL runs): ``claims-mentioning``, ``unsupported-claims``, ``weak-evidence-claims``,
    ``overclaims``, ``most-cited-sources`` and ``works-cited-by-several-articles``."""
    from kb.query.run import parse_parameter

    if name not in _INDEXED:
        return None
    term = dict(parse_parameter(text) for text in params).get("term")
    if name == "claims-mentioning" and not isinstance(term, ox.Literal):
        return None
    index = store.search_index()
    if index is None:
        return None
    variables = _INDEXED[name]
    if name == "most-cited-sources":
        return IndexedListing(variables, lambda: _most_cited(index.connection))
    if name == "works-cited-by-several-articles":
        return IndexedListing(variables, lambda: _several_articles(index.connection))
    if name == "overclaims":
        return IndexedListing(variables, lambda: (None, _overclaims(index.connection)))
    if name == "claims-mentioning":
        needle = term.value if isinstance(term, ox.Literal) else ""
        claims = partial(index.mentioning, needle)
    elif name == "unsupported-claims":
        claims = partial(index.claims, status="unsupported")
    else:
        claims = partial(index.claims, levels=WEAK_LEVELS)
    return IndexedListing(
        variables, lambda: (None, (_claim_terms(row, variables) for row in claims()))
    )


#: The named queries the index answers, with their variables.
_INDEXED = {
    "claims-mentioning": ("article", "line", "sentence", "status", "level", "text"),
    "unsupported-claims": ("article", "path", "line", "sentence", "text"),
    "weak-evidence-claims": ("article", "line", "sentence", "level", "text"),
    "overclaims": ("article", "path", "line", "sentence", "status", "booster", "text"),
    "most-cited-sources": ("work", "title", "level", "articles", "citations"),
    "works-cited-by-several-articles": (
        "work",
        "title",
        "articles",
        "citing",
        "claims",
        "sameKind",
    ),
}


def _most_cited(db: sqlite3.Connection) -> tuple[int, Iterator[list[Any]]]:
    rows = cited_works.most_cited(db)
    return len(rows), (
        [
            ox.NamedNode(row.work),
            _text(row.title),
            _text(row.level),
            _integer(row.articles),
            _integer(row.citations),
        ]
        for row in rows
    )


def _several_articles(db: sqlite3.Connection) -> tuple[int, Iterator[list[Any]]]:
    total, rows = cited_works.several_articles(db)
    return total, (
        [
            ox.NamedNode(row.work),
            _text(row.title),
            _integer(row.articles),
            ox.Literal(row.citing),
            _integer(row.claims),
            _TRUE if row.same_kind else _FALSE,
        ]
        for row in rows
    )


def _overclaims(db: sqlite3.Connection) -> Iterator[list[Any]]:
    for article, path, line, *texts in asserted_boosters.overclaims(db):
        yield [ox.NamedNode(article), _text(path), _integer(line), *map(_text, texts)]


def _text(value: str | None) -> ox.Literal | None:
    return None if value is None else ox.Literal(value)


@lru_cache(maxsize=4096)
def _integer(value: int) -> ox.Literal:
    """Return ``value`` as an xsd:integer literal, made once for each of the numbers that
    repeat from row to row (line numbers, counts of articles and claims)."""
    return ox.Literal(str(value), datatype=_INTEGER)


def _claim_terms(row: ClaimRow, variables: tuple[str, ...]) -> list[Any]:
    terms: list[Any] = []
    for name in variables:
        value = getattr(row, name)
        if value is None:
            terms.append(None)
        elif name == "article":
            terms.append(ox.NamedNode(value))
        elif name == "line":
            terms.append(_integer(value))
        else:
            terms.append(ox.Literal(value))
    return terms


#: Around matched words in a snippet written as CSV, TSV, JSON or XML (Markdown's bold).
TEXT_MARKS = ("**", "**")


def write_hits(result: SearchResult, fmt: str, out: IO[bytes]) -> int:
    """Write the hits as W3C SPARQL results (json, xml, csv, tsv) with the variables of
    :data:`COLUMNS`; return the rows written."""
    from kb.store.results_stream import write_solutions

    return write_solutions(fmt, COLUMNS, solutions(result, TEXT_MARKS), out)


def hits_table(result: SearchResult, *, offset: int = 0) -> Table:
    """Return the hits as a rich table for a terminal, matched words highlighted."""
    from rich.table import Table
    from rich.text import Text

    from kb.rdf.prefixes import curie
    from kb.terminal import visible

    table = Table(
        "score", "article", "line", "status", "level", "claim", caption=_caption(result, offset)
    )
    table.caption_justify = "left"
    for hit in result.hits:
        claim = hit.claim
        snippet = Text()
        for n, part in enumerate(hit.snippet.replace(MARK_END, MARK_START).split(MARK_START)):
            snippet.append(visible(part), style="bold yellow" if n % 2 else "")
        table.add_row(
            f"{hit.score:.3g}",
            Text(visible(curie(claim.article) or claim.article)),
            str(claim.line or ""),
            claim.status or "",
            claim.level or "",
            snippet,
        )
    return table


def _caption(result: SearchResult, offset: int) -> str:
    shown = len(result.hits)
    first, last = offset + 1, offset + shown
    total = result.total
    what = f"{total} claims match" if total is not None else "claims match"
    if not shown:
        return (
            f"no claim matches {result.terms!r}" if not offset else f"{what}; none after {offset}"
        )
    text = f"{what} {result.terms!r}, best first: {first}-{last} shown"
    if total is not None and last < total:
        text += f" (--offset {last} for the next)"
    if not result.indexed:
        text += "; no full-text index on a SPARQL server: a scan of every claim, no stemming"
    return text
