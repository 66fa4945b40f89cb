"""The full-text index of claims, kept beside the embedded store: SQLite FTS5 in ``search.sqlite``.

Each claim of each article is one row (article, title, line, sentence id, status, level, text)
in an ordinary table, indexed twice by FTS5: by words (Unicode words, Porter stems, accents
folded) for ranked search, and by trigrams for the substring matches of the
``claims-mentioning`` query. A search reads only this file, never the RDF store, so it answers
in milliseconds at any size (see ``bench/bench_search.py``).

The store keeps it up to date: every article it writes, loads or removes is written to the
index after the store commits it (:meth:`SearchIndex.index_articles`). An index that may miss
articles (a store made before the index existed, or written by another program) is marked
incomplete and rebuilt in full before its first search. SQLite's write-ahead log lets readers
search while a writer updates it.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kb.errors import SearchTermsMissing, StoreUnavailable
from kb.rdf.prefixes import sparql_prologue
from kb.rdf.sparql_text import for_articles
from kb.store import asserted_boosters, cited_works, network_rows

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = ["INDEX_FILE", "ClaimRow", "Hit", "SearchIndex", "fts_query"]

#: The index's file, inside the store's directory (RocksDB ignores files it did not make).
INDEX_FILE = "search.sqlite"
#: Bump when the schema or what is indexed changes: an older index is then rebuilt.
SCHEMA_VERSION = "1"
#: Marks around matched words in :attr:`Hit.snippet` (control characters no claim text holds).
MARK_START, MARK_END = "\x02", "\x03"
#: Words a snippet keeps around the matches of a long claim (FTS5 allows 64 at most).
SNIPPET_WORDS = 40
#: Seconds a writer waits for another's transaction on the index before giving up.
BUSY_SECONDS = 60.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
  id INTEGER PRIMARY KEY, iri TEXT NOT NULL UNIQUE, title TEXT, path TEXT);
CREATE TABLE IF NOT EXISTS claims (
  id INTEGER PRIMARY KEY, article INTEGER NOT NULL REFERENCES articles(id), line INTEGER,
  sentence TEXT, status TEXT, level TEXT, text TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS claims_article ON claims(article);
CREATE VIRTUAL TABLE IF NOT EXISTS claim_words USING fts5(
  text, content='claims', content_rowid='id',
  tokenize='porter unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE IF NOT EXISTS claim_trigrams USING fts5(
  text, content='claims', content_rowid='id', tokenize='trigram');
CREATE TRIGGER IF NOT EXISTS claims_added AFTER INSERT ON claims BEGIN
  INSERT INTO claim_words(rowid, text) VALUES (new.id, new.text);
  INSERT INTO claim_trigrams(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER IF NOT EXISTS claims_removed AFTER DELETE ON claims BEGIN
  INSERT INTO claim_words(claim_words, rowid, text) VALUES ('delete', old.id, old.text);
  INSERT INTO claim_trigrams(claim_trigrams, rowid, text) VALUES ('delete', old.id, old.text);
END;
"""

#: The claims of every article, or of those :func:`kb.rdf.sparql_text.for_articles` puts in.
CLAIMS_SPARQL = """
SELECT ?article ?title ?path ?line ?sentence ?status ?level ?text WHERE {
  GRAPH ?article {
    VALUES ?article { UNDEF }
    ?claim ckb:status ?statusConcept ;
      ckb:line ?line ;
      ckb:sentenceId ?sentence ;
      schema:text ?text .
    OPTIONAL { VALUES ?article { UNDEF } ?claim ckb:evidenceLevel ?levelConcept }
    OPTIONAL { VALUES ?article { UNDEF } ?article dcterms:title ?title }
    OPTIONAL { VALUES ?article { UNDEF } ?article ckb:sourcePath ?path }
  }
  BIND (STRAFTER(STR(?statusConcept), "#") AS ?status)
  BIND (STRAFTER(STR(?levelConcept), "#level-") AS ?level)
}
"""

#: What the index keeps for the named listings it answers besides the claims (kb.query.search).
LISTING_PARTS = (cited_works, asserted_boosters)
_ListingRows = tuple[
    list[cited_works.CitedWork], list[tuple[str, str, str]], list[tuple[str, str, str, str]]
]

#: What the index holds of every article when each is "1" in its meta table: the claims, what
#: the listings read, what the citation network reads (each filled on first use).
_FLAGS = ("complete", "listings", "network")

_WORD = re.compile(r"\w+")
_TERM = re.compile(r'"([^"]*)"?|(\S+)')


@dataclass(frozen=True)
class ClaimRow:
    """One claim as the index holds it."""

    article: str
    title: str | None
    path: str | None
    line: int | None
    sentence: str | None
    status: str | None
    level: str | None
    text: str


@dataclass(frozen=True)
class Hit:
    """A claim that matches a search: the claim, its score (higher is better) and its snippet,
    the matched words between :data:`MARK_START` and :data:`MARK_END`."""

    claim: ClaimRow
    score: float
    snippet: str


def fts_query(terms: str) -> str:
    """Return the FTS5 query for what a user typed: every word must occur (in any form the
    stemmer joins: "neuropathy" finds "neuropathies"), a "quoted phrase" as a phrase, a word
    ending in ``*`` as a prefix. Nothing the user types is FTS5 syntax, so no input is an error.

    Raise SearchTermsMissing when ``terms`` holds no word.
    """
    parts = []
    for match in _TERM.finditer(terms):
        phrase, bare = match.group(1), match.group(2)
        words = _WORD.findall(phrase if phrase is not None else bare)
        if not words:
            continue
        prefix = phrase is None and bare.endswith("*")
        parts.append('"' + " ".join(words) + '"' + ("*" if prefix else ""))
    if not parts:
        raise SearchTermsMissing(
            f"{terms!r} holds no word to search for: give words, e.g. 'vitamin b12 neuropathy'"
        )
    return " AND ".join(parts)


class SearchIndex:
    """The claims index of one store directory (``search.sqlite`` in it)."""

    def __init__(self, directory: str | Path) -> None:
        self.path = Path(directory, INDEX_FILE)
        try:
            self._db = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._prepare()
        except sqlite3.Error as error:
            raise self._failure(error, "open") from None

    def _prepare(self) -> None:
        version = self._meta("schema")
        if version not in (None, SCHEMA_VERSION):
            self._db.executescript(
                "DROP TABLE IF EXISTS claim_words; DROP TABLE IF EXISTS claim_trigrams;"
                "DROP TABLE IF EXISTS claims; DROP TABLE IF EXISTS articles;"
                "DROP TABLE IF EXISTS meta;"
            )
        parts = [*LISTING_PARTS, network_rows]
        self._db.executescript(_SCHEMA + "".join(part.SCHEMA for part in parts))
        if self._meta("schema") is None:
            self._set_meta("schema", SCHEMA_VERSION)
            self._set_meta("complete", "0")

    def _meta(self, key: str) -> str | None:
        try:
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        except sqlite3.OperationalError:  # no meta table yet
            return None
        return None if row is None else str(row[0])

    def _set_meta(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    @property
    def complete(self) -> bool:
        """Return True when the index holds every article of its store."""
        return self._meta("complete") == "1"

    @property
    def listings_complete(self) -> bool:
        """Return True when the index holds what the listings it answers read (the cited works
        and asserted boosters, :data:`LISTING_PARTS`) of every article of its store; an index
        made before it held them does not, until :meth:`rebuild_listings`."""
        return self._meta("listings") == "1"

    @property
    def network_complete(self) -> bool:
        """Return True when the index holds what the citation network reads
        (:mod:`kb.store.network_rows`) of every article of its store; an index made before it
        held it does not, until :meth:`rebuild_network`."""
        return self._meta("network") == "1"

    def mark_complete(self) -> None:
        """Note that the index holds every article of its store (a new, empty store's too)."""
        for flag in _FLAGS:
            self._set_meta(flag, "1")

    def rebuild(self, store: ox.Store) -> int:
        """Index every article of ``store`` again, in one transaction; return the claims."""
        with self._transaction():
            self._db.execute("DELETE FROM claims")
            self._db.execute("DELETE FROM articles")
            count = self._insert(claim_rows(store, None))
            self._replace_listings(None, _listing_rows(store, None))
            self._set_meta("complete", "1")
        return count

    def rebuild_listings(self, store: ox.Store) -> None:
        """Index what the listings read of every article of ``store`` again, in one
        transaction."""
        with self._transaction():
            self._replace_listings(None, _listing_rows(store, None))

    def rebuild_network(self, store: ox.Store) -> None:
        """Index what the citation network reads of every article of ``store`` again, in one
        transaction."""
        with self._transaction():
            for table in network_rows.TABLES:
                self._db.execute(f"DELETE FROM {table}")
            for rows in network_rows.every_article_rows(store):
                network_rows.insert(self._db, rows)
            self._set_meta("network", "1")

    def network(self) -> network_rows.NetworkRows:
        """Return the citation network's rows as the index keeps them."""
        return network_rows.NetworkRows(self._db)

    def _replace_listings(self, iris: list[str] | None, rows: _ListingRows) -> None:
        """Replace the listings' rows of the articles ``iris`` (all for None) by ``rows``."""
        for part in LISTING_PARTS:
            if iris is None:
                for table in part.TABLES:
                    self._db.execute(f"DELETE FROM {table}")
            else:
                part.delete(self._db, iris)
        works, same, boosters = rows
        cited_works.insert(self._db, works, same)
        asserted_boosters.insert(self._db, boosters)
        if iris is None:
            self._set_meta("listings", "1")

    @property
    def connection(self) -> sqlite3.Connection:
        """The index's SQLite connection, for the listings it answers (:data:`LISTING_PARTS`)."""
        return self._db

    def index_articles(self, store: ox.Store, iris: Iterable[str]) -> None:
        """Replace the claims of the articles ``iris`` by what ``store`` holds for them now
        (none for an article it no longer holds)."""
        iris = list(iris)
        if not iris:
            return
        rows = list(claim_rows(store, iris))
        listed = _listing_rows(store, iris)
        boosted = {(article, claim) for article, claim, _, _ in listed[2]}
        network = network_rows.article_rows(store, iris, boosted)
        held = [flag for flag in _FLAGS if self._meta(flag) == "1"]
        if held:  # until this batch is in: if it fails, each part is rebuilt
            with self._transaction():
                for flag in held:
                    self._set_meta(flag, "0")
        with self._transaction():
            self._delete(iris)
            self._insert(rows)
            self._replace_listings(iris, listed)
            network_rows.delete(self._db, iris)
            network_rows.insert(self._db, network)
            for flag in held:
                self._set_meta(flag, "1")

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        """Run the block as one write transaction; a write that fails (a full disk, say) is
        rolled back and raised as one-line StoreUnavailable. SQLite ends the transaction itself
        on some errors (SQLITE_FULL), so it is rolled back only when still open."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
                self._db.execute("COMMIT")
            except BaseException:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise
        except sqlite3.Error as error:
            raise self._failure(error, "write") from None

    def _failure(self, error: sqlite3.Error, doing: str) -> StoreUnavailable:
        """Return the one-line error of an index that cannot be opened or written: a full disk
        named as such (the index stays marked for rebuild), else what SQLite said.

        SQLite says "disk is full" when a write comes up short, but only "disk I/O error" when
        it cannot make its shared-memory file there: a disk with no free block is full then too.
        """
        if "full" in str(error) or ("I/O error" in str(error) and _no_space(self.path.parent)):
            where = self.path.parent
            return StoreUnavailable(f"the disk holding {where} is full: free some space and retry")
        return StoreUnavailable(
            f"cannot {doing} the search index {self.path}: {error}; delete the file to have it "
            "rebuilt, or give --kb a directory you can write to"
        )

    def _delete(self, iris: list[str]) -> None:
        for iri in iris:
            row = self._db.execute("SELECT id FROM articles WHERE iri = ?", (iri,)).fetchone()
            if row is not None:
                self._db.execute("DELETE FROM claims WHERE article = ?", row)
                self._db.execute("DELETE FROM articles WHERE id = ?", row)

    def _insert(self, rows: Iterable[ClaimRow]) -> int:
        ids: dict[str, int] = {}
        count = 0
        db = self._db
        for row in rows:
            article = ids.get(row.article)
            if article is None:
                cursor = db.execute(
                    "INSERT INTO articles(iri, title, path) VALUES (?, ?, ?)",
                    (row.article, row.title, row.path),
                )
                article = ids[row.article] = int(cursor.lastrowid or 0)
            db.execute(
                "INSERT INTO claims(article, line, sentence, status, level, text) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (article, row.line, row.sentence, row.status, row.level, row.text),
            )
            count += 1
        return count

    def search(self, terms: str, *, limit: int | None = None, offset: int = 0) -> list[Hit]:
        """Return the claims matching ``terms`` (see :func:`fts_query`), best first."""
        sql = (
            f"SELECT {_CLAIM_COLUMNS}, -claim_words.rank, snippet(claim_words, 0, ?, ?, '…', ?) "
            f"FROM claim_words JOIN claims c ON c.id = claim_words.rowid {_ARTICLE_JOIN} "
            "WHERE claim_words MATCH ? ORDER BY claim_words.rank, a.iri, c.line "
            "LIMIT ? OFFSET ?"
        )
        params = (MARK_START, MARK_END, SNIPPET_WORDS, fts_query(terms), limit or -1, offset)
        return [
            Hit(ClaimRow(*row[:8]), float(row[8]), str(row[9])) for row in self._select(sql, params)
        ]

    def count(self, terms: str) -> int:
        """Return how many claims match ``terms``."""
        sql = "SELECT count(*) FROM claim_words WHERE claim_words MATCH ?"
        return int(self._select(sql, (fts_query(terms),))[0][0])

    def mentioning(self, term: str) -> Iterator[ClaimRow]:
        """Yield the claims whose text contains ``term`` (in any case), by article and line:
        the rows of the ``claims-mentioning`` query."""
        needle = term.lower()
        if len(needle) >= 3:  # the trigram index finds substrings of three characters or more
            quoted = '"' + term.replace('"', '""') + '"'
            sql = (
                f"SELECT {_CLAIM_COLUMNS} FROM claim_trigrams "
                f"JOIN claims c ON c.id = claim_trigrams.rowid {_ARTICLE_JOIN} "
                "WHERE claim_trigrams MATCH ? ORDER BY a.iri, c.line"
            )
            rows = self._select(sql, (quoted,))
        else:
            sql = f"SELECT {_CLAIM_COLUMNS} FROM claims c {_ARTICLE_JOIN} ORDER BY a.iri, c.line"
            rows = self._select(sql, ())
        # SPARQL's LCASE is Unicode lower-casing; the trigram index folds case a little
        # differently, so each candidate is checked as the query would.
        for row in rows:
            if needle in row[7].lower():
                yield ClaimRow(*row)

    def claims(
        self, *, status: str | None = None, levels: tuple[str, ...] = ()
    ) -> Iterator[ClaimRow]:
        """Yield the claims of ``status`` (all for None) whose level is one of ``levels`` (any
        for none), by article and line."""
        where, params = ["1"], list[object]()
        if status is not None:
            where.append("c.status = ?")
            params.append(status)
        if levels:
            where.append(f"c.level IN ({', '.join('?' * len(levels))})")
            params += levels
        sql = (
            f"SELECT {_CLAIM_COLUMNS} FROM claims c {_ARTICLE_JOIN} "
            f"WHERE {' AND '.join(where)} ORDER BY a.iri, c.line"
        )
        for row in self._select(sql, tuple(params)):
            yield ClaimRow(*row)

    def _select(self, sql: str, params: tuple[object, ...]) -> list[tuple[Any, ...]]:
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.Error as error:
            raise StoreUnavailable(
                f"the search index {self.path} cannot be read ({error}): delete it to have it "
                "rebuilt"
            ) from None

    def close(self) -> None:
        """Close the index file."""
        self._db.close()


def _listing_rows(store: ox.Store, iris: list[str] | None) -> _ListingRows:
    """Return what the listings read of the articles ``iris`` (all for None) of ``store``."""
    works, same = cited_works.cited_rows(store, iris)
    return works, same, asserted_boosters.boosted_rows(store, iris)


def _no_space(directory: Path) -> bool:
    """Return True when the filesystem holding ``directory`` has no block left for us."""
    try:
        return os.statvfs(directory).f_bavail == 0
    except OSError:
        return False


_CLAIM_COLUMNS = "a.iri, a.title, a.path, c.line, c.sentence, c.status, c.level, c.text"
_ARTICLE_JOIN = "JOIN articles a ON a.id = c.article"


def claim_rows(store: ox.Store, iris: list[str] | None) -> Iterator[ClaimRow]:
    """Yield the claims of the articles ``iris`` (every article for None) of ``store``."""
    import pyoxigraph as ox

    sparql = sparql_prologue() + for_articles(CLAIMS_SPARQL, iris)
    solutions = store.query(sparql)
    if not isinstance(solutions, ox.QuerySolutions):  # a SELECT always gives solutions
        return
    for solution in solutions:
        terms = [solution[name] for name in _ROW_NAMES]
        line = terms[3]
        yield ClaimRow(
            article=terms[0].value if isinstance(terms[0], ox.NamedNode) else "",
            title=_value(terms[1]),
            path=_value(terms[2]),
            line=int(line.value) if line is not None else None,
            sentence=_value(terms[4]),
            status=_value(terms[5]),
            level=_value(terms[6]) or None,
            text=_value(terms[7]) or "",
        )


_ROW_NAMES = ("article", "title", "path", "line", "sentence", "status", "level", "text")


def _value(term: object) -> str | None:
    return None if term is None else str(getattr(term, "value", term))
