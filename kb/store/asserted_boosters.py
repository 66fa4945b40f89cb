"""The boosters each claim asserts, kept in the search index so that the ``overclaims`` listing
answers from it (with the claims it already holds) on the embedded store, with the rows of its
SPARQL: at 10,000 articles Oxigraph takes 3-5 s of CPU for the 23,000 rows, most of it testing
each of the 75,000 boosters for negation and scope.

A booster is asserted when it is neither negated (``ckb:negated true``) nor in a scope that
reports or questions it (``ckb:cueScope``), as the audit's rule reads it (shapes/audit.ttl); the
rows are those of the network's query of boosted claims (``network_queries/boosted.rq``), one
text of the rule for both, run once when an article is indexed: its rows name the claims the
network marks boosted too (:func:`kb.store.network_rows.article_rows`). An article's rows are
replaced with the article (:meth:`kb.store.search_index.SearchIndex.index_articles`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from kb.store.network_rows import network_query
from kb.store.plain_rows import plain_rows

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = ["SCHEMA", "TABLES", "boosted_rows", "delete", "insert", "overclaims"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS boosters (article TEXT NOT NULL, sentence TEXT NOT NULL, booster TEXT);
CREATE INDEX IF NOT EXISTS boosters_article ON boosters(article);
CREATE INDEX IF NOT EXISTS claims_sentence ON claims(article, sentence);
"""
TABLES = ("boosters",)


def boosted_rows(store: ox.Store, iris: list[str] | None) -> list[tuple[str, str, str, str]]:
    """Return (article, claim, sentence id, booster text) for each booster the claims of the
    articles ``iris`` (every article for None) of ``store`` assert
    (``network_queries/boosted.rq``)."""
    rows = plain_rows(store, network_query("boosted"), iris)
    return [(article, claim, sentence, booster) for article, claim, sentence, booster in rows]


def delete(db: sqlite3.Connection, iris: Iterable[str]) -> None:
    """Remove the rows of the articles ``iris``."""
    db.executemany("DELETE FROM boosters WHERE article = ?", ((iri,) for iri in iris))


def insert(db: sqlite3.Connection, rows: Iterable[tuple[str, str, str, str]]) -> None:
    """Add the rows of :func:`boosted_rows` (article, sentence id and booster text)."""
    db.executemany(
        "INSERT INTO boosters VALUES (?, ?, ?)",
        ((article, sentence, booster) for article, _claim, sentence, booster in rows),
    )


def overclaims(db: sqlite3.Connection) -> Iterator[tuple[str, str | None, int, str, str, str, str]]:
    """Yield the rows of ``overclaims``: (article, path, line, sentence, status, booster, text)
    of each booster asserted by an unsupported or weakly supported claim."""
    yield from db.execute(
        "SELECT a.iri, a.path, c.line, c.sentence, c.status, b.booster, c.text FROM boosters b"
        " JOIN articles a ON a.iri = b.article"
        " JOIN claims c ON c.article = a.id AND c.sentence = b.sentence"
        " WHERE c.status IN ('unsupported', 'weakly-supported')"
        " ORDER BY a.iri, c.line"
    )
