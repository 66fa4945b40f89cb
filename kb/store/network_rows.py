"""What the citation network reads of each article, kept in the search index so that ``claimkb
export --kb`` writes a knowledge base of 10,000 articles from SQLite instead of from SPARQL.

The network (:mod:`kb.export.network`) reads the rows of eight queries (``network_queries/``):
the articles, claims, boosted claims, section headings, citations, sources, sections and works
stated the same. On the whole store Oxigraph spent most of the export turning stored terms into
text (35 s of CPU for the citations alone at 10,000 articles). Here each article's rows are
kept with the article, read by the same queries over its graph (:func:`network_query`: one
text for both, so the index cannot say other than SPARQL would):
its claims (status, level, line, section, whether it asserts a booster), its sources, its
citations with their marker texts, and its section headings, under the article's integer id,
with the IRIs the article mints written after the article's own (``/sentence/4``). They are
replaced with the article (:meth:`kb.store.search_index.SearchIndex.index_articles`), so after
any ingest, replace or remove they say what the store says; an older index is filled on first
use. The works stated the same come from :mod:`kb.store.cited_works`'s pairs.

:class:`NetworkRows` gives the rows each query would give (plain strings, unbound values left
out), articles in IRI order and each article's rows in the order of their values: the same
network on every run, whatever order the articles were ingested in. The rows are read in one
snapshot of the index, so a writer beside the export changes none of them.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from kb.rdf.vocabulary import in_vocabulary_graph
from kb.store.plain_rows import plain_dicts

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = [
    "SCHEMA",
    "TABLES",
    "ArticleRows",
    "NetworkRows",
    "article_rows",
    "delete",
    "every_article_rows",
    "insert",
    "network_query",
]

SCHEMA = """
CREATE TABLE IF NOT EXISTS net_articles (
  id INTEGER PRIMARY KEY, iri TEXT NOT NULL UNIQUE, title TEXT, path TEXT, typed INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS net_claims (
  article INTEGER NOT NULL, claim TEXT NOT NULL, line TEXT NOT NULL, text TEXT NOT NULL,
  status TEXT NOT NULL, level TEXT, section TEXT, boosted INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS net_claims_article ON net_claims(article);
CREATE TABLE IF NOT EXISTS net_sources (
  article INTEGER NOT NULL, source TEXT NOT NULL, key TEXT NOT NULL, level TEXT NOT NULL,
  title TEXT, work TEXT, conflict TEXT, listed TEXT);
CREATE INDEX IF NOT EXISTS net_sources_article ON net_sources(article);
CREATE TABLE IF NOT EXISTS net_cites (
  article INTEGER NOT NULL, claim TEXT NOT NULL, source TEXT NOT NULL, markers TEXT);
CREATE INDEX IF NOT EXISTS net_cites_article ON net_cites(article);
CREATE TABLE IF NOT EXISTS net_sections (
  article INTEGER NOT NULL, section TEXT NOT NULL, title TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS net_sections_article ON net_sections(article);
"""
#: The tables :func:`delete` and a rebuild empty.
TABLES = ("net_claims", "net_sources", "net_cites", "net_sections", "net_articles")
#: Articles whose rows one set of queries reads when the whole index is filled.
BATCH = 200


@cache
def network_query(name: str) -> str:
    """Return the text of the network query ``name`` (``network_queries/NAME.rq``): what the
    export runs on a SPARQL server, and what fills the index with each article's rows."""
    text = files("kb.store").joinpath("network_queries", f"{name}.rq").read_text("utf-8")
    return in_vocabulary_graph(text)


Row = dict[str, str]


@dataclass
class ArticleRows:
    """What the network reads of one article, each row's IRIs as :func:`_relative` keeps them."""

    title: str | None = None
    path: str | None = None
    typed: bool = False
    claims: list[tuple[Any, ...]] = field(default_factory=list)
    sources: list[tuple[Any, ...]] = field(default_factory=list)
    cites: dict[tuple[str, str], str | None] = field(default_factory=dict)
    sections: list[tuple[str, str]] = field(default_factory=list)


def every_article_rows(store: ox.Store) -> Iterator[dict[str, ArticleRows]]:
    """Yield what the network reads of every article of ``store``, :data:`BATCH` articles at a
    time (by article IRI)."""
    every = [graph.value for graph in store.named_graphs() if hasattr(graph, "value")]
    for start in range(0, len(every), BATCH):
        yield article_rows(store, every[start : start + BATCH])


def article_rows(
    store: ox.Store, iris: list[str], boosted: set[tuple[str, str]] | None = None
) -> dict[str, ArticleRows]:
    """Return what the network reads of the articles ``iris`` of ``store``, by article IRI.

    ``boosted``: the (article, claim) pairs of the boosted query over ``iris`` when the caller
    ran it already (:func:`kb.store.asserted_boosters.boosted_rows`); None: it is run here."""
    rows: dict[str, ArticleRows] = {}

    def of(article: str) -> ArticleRows:
        found = rows.get(article)
        if found is None:
            found = rows[article] = ArticleRows()
        return found

    def read(name: str) -> Iterator[dict[str, Any]]:
        return plain_dicts(store, network_query(name), iris)

    for row in read("articles"):
        found = of(row["article"])
        found.title, found.path, found.typed = row["title"], row["path"], True
    if boosted is None:
        boosted = {(row["article"], row["claim"]) for row in read("boosted")}
    for row in read("claims"):
        article, claim = row["article"], row["claim"]
        of(article).claims.append(
            (
                _relative(claim, article),
                row["line"],
                row["text"],
                _local(row["status"]),
                _local(row["level"]),
                _relative(row["section"], article),
                (article, claim) in boosted,
            )
        )
    for row in read("citations"):
        article = row["article"]
        cited = (_relative(row["claim"], article), _relative(row["source"], article))
        of(article).cites[cited] = row["markers"] or None
    for row in read("sources"):
        article = row["article"]
        of(article).sources.append(
            (
                _relative(row["source"], article),
                row["key"],
                _local(row["level"]),
                *(row[name] for name in ("title", "work", "conflict", "listed")),
            )
        )
    for row in read("headings"):
        article = row["article"]
        of(article).sections.append((_relative(row["section"], article), row["title"]))
    return rows


def _relative(iri: Any, article: str) -> Any:
    """Return an IRI the article mints (``ARTICLE/sentence/4``) as what follows the article's
    IRI (``/sentence/4``), any other as it is: no absolute IRI starts with ``/`` or ``#``."""
    if iri is not None and iri.startswith(article) and iri[len(article) : len(article) + 1] in "/#":
        return iri[len(article) :] or iri
    return iri


def _absolute(value: str, article: str) -> str:
    """Return the IRI that :func:`_relative` kept as ``value``."""
    return article + value if value[:1] in ("/", "#") else value


def _local(concept: str | None) -> str | None:
    """Return a status or level concept by its local name (``level-rct``), which is what the
    network reads of it (kb.export.network.notation)."""
    return None if concept is None else concept.rpartition("#")[2] or concept


def delete(db: sqlite3.Connection, iris: Iterable[str]) -> None:
    """Remove the rows of the articles ``iris``."""
    for iri in iris:
        found = db.execute("SELECT id FROM net_articles WHERE iri = ?", (iri,)).fetchone()
        if found is not None:
            for table in TABLES[:-1]:
                db.execute(f"DELETE FROM {table} WHERE article = ?", found)
            db.execute("DELETE FROM net_articles WHERE id = ?", found)


def insert(db: sqlite3.Connection, rows: dict[str, ArticleRows]) -> None:
    """Add the rows of :func:`article_rows` (of articles whose rows were deleted first), each
    article's in the order of their values."""
    for iri, article in rows.items():
        cursor = db.execute(
            "INSERT INTO net_articles(iri, title, path, typed) VALUES (?, ?, ?, ?)",
            (iri, article.title, article.path, int(article.typed)),
        )
        n = cursor.lastrowid
        claims = sorted(article.claims, key=lambda row: (int(row[1]), _sortable(row)))
        db.executemany(
            "INSERT INTO net_claims VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (n, c, line, text, status, level, section, int(bool(b)))
                for c, line, text, status, level, section, b in claims
            ),
        )
        db.executemany(
            "INSERT INTO net_sources VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            ((n, *row) for row in sorted(article.sources, key=_sortable)),
        )
        db.executemany(
            "INSERT INTO net_cites VALUES (?, ?, ?, ?)",
            (
                (n, claim, source, markers)
                for (claim, source), markers in sorted(article.cites.items())
            ),
        )
        db.executemany(
            "INSERT INTO net_sections VALUES (?, ?, ?)",
            ((n, *row) for row in sorted(article.sections)),
        )


def _sortable(row: tuple[Any, ...]) -> tuple[str, ...]:
    """Return ``row``'s values as strings to sort by (None as "")."""
    return tuple("" if value is None else str(value) for value in row)


class NetworkRows:
    """The network's rows as the index keeps them: calling :meth:`reading` gives, by network
    query name, the rows that query gives (kb.export.network reads them)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    @contextlib.contextmanager
    def reading(self, articles: tuple[str, ...] = ()) -> Iterator[Callable[[str], Iterator[Row]]]:
        """Give the rows of each network query by its name, over the articles ``articles``
        (every one for none), all read in one snapshot of the index."""
        db = self._db
        db.execute("BEGIN")  # a read transaction: one snapshot for every statement in it
        try:
            where = f"WHERE iri IN ({', '.join('?' * len(articles))})" if articles else ""
            chosen = db.execute(
                f"SELECT id, iri, title, path, typed FROM net_articles {where} ORDER BY iri",
                articles,
            ).fetchall()
            readers: dict[str, Callable[[], Iterator[Row]]] = {
                "articles": lambda: _articles(chosen),
                "claims": lambda: _claims(db, chosen),
                "boosted": lambda: _boosted(db, chosen),
                "headings": lambda: _headings(db, chosen),
                "citations": lambda: _cites(db, chosen),
                "sources": lambda: _sources(db, chosen),
                "same-works": lambda: _same_works(db),
                "sections": lambda: _sections(db, chosen),
            }
            yield lambda name: readers[name]()
        finally:
            # a writer that failed (a full disk) may leave this unfinished until the store
            # is closed: a closed connection has no transaction left to end
            with contextlib.suppress(sqlite3.ProgrammingError):
                db.execute("COMMIT")


_Chosen = list[tuple[int, str, str | None, str | None, int]]


def _articles(chosen: _Chosen) -> Iterator[Row]:
    for _, iri, title, path, typed in chosen:
        if typed:
            yield _row(article=iri, title=title, path=path)


def _row(**values: str | None) -> Row:
    """Return a row of plain strings, unbound and empty values left out (as SPARQL's CSV)."""
    return {name: value for name, value in values.items() if value}


def _claims(db: sqlite3.Connection, chosen: _Chosen) -> Iterator[Row]:
    sql = (
        "SELECT claim, line, text, status, level, section FROM net_claims WHERE article = ? "
        "ORDER BY rowid"
    )
    for n, iri, *_ in chosen:
        for claim, line, text, status, level, section in db.execute(sql, (n,)):
            row = {
                "claim": _absolute(claim, iri),
                "article": iri,
                "text": text,
                "status": status,
                "line": line,
            }
            if level:
                row["level"] = level
            if section:
                row["section"] = _absolute(section, iri)
            yield row


def _boosted(db: sqlite3.Connection, chosen: _Chosen) -> Iterator[Row]:
    sql = "SELECT claim FROM net_claims WHERE article = ? AND boosted ORDER BY rowid"
    for n, iri, *_ in chosen:
        for (claim,) in db.execute(sql, (n,)):
            yield {"claim": _absolute(claim, iri)}


def _headings(db: sqlite3.Connection, chosen: _Chosen) -> Iterator[Row]:
    sql = "SELECT section, title FROM net_sections WHERE article = ? ORDER BY rowid"
    for n, iri, *_ in chosen:
        for section, title in db.execute(sql, (n,)):
            yield {"section": _absolute(section, iri), "title": title}


def _cites(db: sqlite3.Connection, chosen: _Chosen) -> Iterator[Row]:
    sql = "SELECT claim, source, markers FROM net_cites WHERE article = ? ORDER BY rowid"
    for n, iri, *_ in chosen:
        for claim, source, markers in db.execute(sql, (n,)):
            row = {"claim": _absolute(claim, iri), "source": _absolute(source, iri)}
            if markers:
                row["markers"] = markers
            yield row


def _sources(db: sqlite3.Connection, chosen: _Chosen) -> Iterator[Row]:
    sql = (
        "SELECT source, key, level, title, work, conflict, listed FROM net_sources "
        "WHERE article = ? ORDER BY rowid"
    )
    for n, iri, *_ in chosen:
        for source, key, level, title, work, conflict, listed in db.execute(sql, (n,)):
            yield _row(
                source=_absolute(source, iri),
                article=iri,
                key=key,
                level=level,
                title=title,
                work=work,
                conflict=conflict,
                listed=listed,
            )


def _same_works(db: sqlite3.Connection) -> Iterator[Row]:
    """The works entries state the same (kb.store.cited_works' pairs): a PubMed work and the
    DOI work stated the same as it."""
    sql = (
        "SELECT doi.iri, pmid.iri FROM same_pairs AS same "
        "JOIN cited_iris AS doi ON doi.id = same.doi JOIN cited_iris AS pmid ON pmid.id = same.pmid"
    )
    for work, pubmed in db.execute(sql):
        yield {"work": work, "pubmed": pubmed}


def _sections(db: sqlite3.Connection, chosen: _Chosen) -> Iterator[Row]:
    """Each section with its heading, once per claim in it (once alone when none is)."""
    sql = (
        "SELECT s.section, s.title, c.claim FROM net_sections AS s LEFT JOIN net_claims AS c "
        "ON c.article = s.article AND c.section = s.section WHERE s.article = ? "
        "ORDER BY s.rowid, c.rowid"
    )
    for n, iri, *_ in chosen:
        for section, title, claim in db.execute(sql, (n,)):
            row = {"section": _absolute(section, iri), "article": iri, "title": title}
            if claim:
                row["claim"] = _absolute(claim, iri)
            yield row
