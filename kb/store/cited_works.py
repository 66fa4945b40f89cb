"""The works each article cites, kept in the search index so that the listings which group works
across articles (``most-cited-sources``, ``works-cited-by-several-articles``) answer in a
fraction of a second at 10,000 articles, with the rows of their SPARQL.

Each article's rows say, of each work an entry of it references (``biro:references``): how many
of its claims cite the work (``ckb:citingClaims``, or for an article ingested before that
statement, its claims citing the entries), the least title and the least and greatest level of
those entries (and the least title of those with a level, as ``most-cited-sources`` reads
them); and which DOI works the article states the same as a PMID work (``owl:sameAs``), kept
also as distinct pairs with the number of articles stating each. IRIs are integer ids. The rows
of an article are replaced with the article
(:meth:`kb.store.search_index.SearchIndex.index_articles`), so after any ingest, replace or
remove they say what the store says. What joins articles (the ``owl:sameAs`` mapping, which a
later article may state) is applied when a listing is asked for: SQLite groups the 250,000
work-and-article rows of 10,000 articles through the pairs in about 0.2 s (on the IRIs as text,
2.3 s; Oxigraph, decoding each stored term, 3 s), and the citing articles and titles are looked
up for the rows read only. "The same kind of study" (one level among all the entries of a
work's articles) is the least level equal to the greatest.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kb.rdf.iri import work_hash
from kb.store.plain_rows import plain_rows

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = [
    "SCHEMA",
    "TABLES",
    "CitedWork",
    "MostCited",
    "SeveralArticles",
    "cited_rows",
    "delete",
    "insert",
    "most_cited",
    "several_articles",
]

SCHEMA = """
CREATE TABLE IF NOT EXISTS cited_iris (id INTEGER PRIMARY KEY, iri TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS cited (
  article INTEGER NOT NULL, work INTEGER NOT NULL, claims INTEGER NOT NULL, hash TEXT NOT NULL,
  title TEXT, graded_title TEXT, level TEXT, top_level TEXT);
CREATE INDEX IF NOT EXISTS cited_article ON cited(article);
CREATE INDEX IF NOT EXISTS cited_work ON cited(work);
CREATE TABLE IF NOT EXISTS same_work (
  article INTEGER NOT NULL, doi INTEGER NOT NULL, pmid INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS same_work_article ON same_work(article);
CREATE TABLE IF NOT EXISTS same_pairs (
  pmid INTEGER NOT NULL, doi INTEGER NOT NULL, stated INTEGER NOT NULL,
  PRIMARY KEY (pmid, doi)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS same_pairs_doi ON same_pairs(doi);
"""
#: Works whose citing articles and titles are looked up at a time, as their rows are read.
CHUNK = 1000
#: The tables :func:`delete` and a rebuild empty (cited_iris only grows: ids stay valid).
TABLES = ("cited", "same_work", "same_pairs")

#: Each entry's work, level and title, in the articles that for_articles puts in.
_ENTRIES = """
SELECT ?article ?work ?concept ?title WHERE {
  GRAPH ?article {
    VALUES ?article { UNDEF }
    ?entry biro:references ?work .
    OPTIONAL { VALUES ?article { UNDEF } ?entry ckb:evidenceLevel ?concept }
    OPTIONAL { VALUES ?article { UNDEF } ?entry dcterms:title ?title }
  }
}
"""
#: What each article says of its works' citing claims (kb.rdf.graph._cited_works).
_CITING = """
SELECT ?article ?work ?n WHERE {
  GRAPH ?article { VALUES ?article { UNDEF } ?work ckb:citingClaims ?n ; ckb:workHash ?hash }
}
"""
#: Claims citing each entry's work, for an article ingested before ckb:citingClaims.
_CITING_CLAIMS = """
SELECT ?article ?work WHERE {
  GRAPH ?article {
    VALUES ?article { UNDEF }
    ?entry biro:references ?work .
    ?claim cito:citesAsEvidence ?entry
  }
}
"""
_SAME = """
SELECT ?article ?doi ?pmid WHERE {
  GRAPH ?article { VALUES ?article { UNDEF } ?doi owl:sameAs ?pmid }
}
"""


@dataclass
class CitedWork:
    """What one article says of one work it cites (a row of the ``cited`` table)."""

    article: str
    work: str
    claims: int = 0
    title: str | None = None
    graded_title: str | None = None
    level: str | None = None
    top_level: str | None = None


def cited_rows(
    store: ox.Store, iris: list[str] | None
) -> tuple[list[CitedWork], list[tuple[str, str, str]]]:
    """Return what the articles ``iris`` (every article for None) of ``store`` say of the works
    they cite, and the (article, DOI work, PMID work) pairs they state the same."""
    works: dict[tuple[str, str], CitedWork] = {}
    for article, work, concept, title in _select(store, _ENTRIES, iris):
        row = works.get((article, work))
        if row is None:
            row = works[(article, work)] = CitedWork(article, work)
        level = None if concept is None else concept.partition("#level-")[2]
        row.title = _least(row.title, title)
        if level is not None:
            row.graded_title = _least(row.graded_title, title)
            row.level = _least(row.level, level)
            row.top_level = max(row.top_level or level, level)
    newer: set[str] = set()
    for article, work, n, _ in _select(store, _CITING, iris):
        newer.add(article)
        if (article, work) in works and n is not None:
            works[(article, work)].claims = int(n)
    older = sorted({article for article, _ in works} - newer)
    if older:  # ingested before ckb:citingClaims: count the claims citing its entries
        for article, work, _, _ in _select(store, _CITING_CLAIMS, older):
            works[(article, work)].claims += 1
    same = [(article, doi, str(pmid)) for article, doi, pmid, _ in _select(store, _SAME, iris)]
    return list(works.values()), same


def _least(now: str | None, other: str | None) -> str | None:
    if other is None:
        return now
    return other if now is None or other < now else now


def _select(
    store: ox.Store, sparql: str, iris: list[str] | None
) -> Iterator[tuple[str, str, str | None, str | None]]:
    """Yield each row of ``sparql`` over the articles ``iris``: its first two values (always
    bound), then two more, a string each or None (unbound, or the query selects fewer)."""
    for row in plain_rows(store, sparql, iris):
        first, second, third, fourth = [*row, None, None][:4]
        yield first or "", second or "", third, fourth


def delete(db: sqlite3.Connection, iris: Iterable[str]) -> None:
    """Remove the rows of the articles ``iris``, and the pairs no other article states."""
    for article in _ids(db, iris, create=False).values():
        db.execute("DELETE FROM cited WHERE article = ?", (article,))
        stated = db.execute("SELECT doi, pmid FROM same_work WHERE article = ?", (article,))
        for doi, pmid in stated.fetchall():
            db.execute(
                "UPDATE same_pairs SET stated = stated - 1 WHERE pmid = ? AND doi = ?",
                (pmid, doi),
            )
        db.execute("DELETE FROM same_work WHERE article = ?", (article,))
    db.execute("DELETE FROM same_pairs WHERE stated <= 0")


def insert(
    db: sqlite3.Connection, works: Iterable[CitedWork], same: Iterable[tuple[str, str, str]]
) -> None:
    """Add the rows of :func:`cited_rows`."""
    works, same = list(works), list(same)
    ids = _ids(
        db, {w.article for w in works} | {w.work for w in works} | {i for s in same for i in s}
    )
    db.executemany(
        "INSERT INTO cited VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                ids[w.article],
                ids[w.work],
                w.claims,
                work_hash(w.work),
                w.title,
                w.graded_title,
                w.level,
                w.top_level,
            )
            for w in works
        ),
    )
    stated = [(ids[article], ids[doi], ids[pmid]) for article, doi, pmid in same]
    db.executemany("INSERT INTO same_work VALUES (?, ?, ?)", stated)
    db.executemany(
        "INSERT INTO same_pairs VALUES (?, ?, 1) ON CONFLICT DO UPDATE SET stated = stated + 1",
        ((pmid, doi) for _, doi, pmid in stated),
    )


def _ids(db: sqlite3.Connection, iris: Iterable[str], *, create: bool = True) -> dict[str, int]:
    """Return the id of each IRI of ``iris`` (made for those without one, when ``create``)."""
    iris = set(iris)
    if create:
        db.executemany("INSERT OR IGNORE INTO cited_iris(iri) VALUES (?)", ((i,) for i in iris))
    found: dict[str, int] = {}
    for iri in iris:
        row = db.execute("SELECT id FROM cited_iris WHERE iri = ?", (iri,)).fetchone()
        if row is not None:
            found[iri] = int(row[0])
    return found


def _iris(db: sqlite3.Connection, ids: Iterable[int]) -> dict[int, str]:
    """Return the IRI of each id of ``ids``."""
    ids = list(set(ids))
    found: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        sql = f"SELECT id, iri FROM cited_iris WHERE id IN ({marks})"
        found.update(db.execute(sql, chunk).fetchall())
    return found


# A cited IRI counts as the DOI work an entry anywhere states the same (each DOI it is stated
# the same as, as the SPARQL's OPTIONAL joins each), else as itself.
_GROUPED = """
SELECT COALESCE(same.doi, cited.work) AS counted, {columns}
FROM cited LEFT JOIN same_pairs AS same ON same.pmid = cited.work
GROUP BY counted
"""


@dataclass(frozen=True)
class MostCited:
    """A row of ``most-cited-sources``."""

    work: str
    title: str | None
    level: str | None
    articles: int
    citations: int


def most_cited(db: sqlite3.Connection, limit: int = 100) -> list[MostCited]:
    """Return the rows of ``most-cited-sources``: the ``limit`` works cited by the most claims
    (then by the most articles, then by the least hash of the IRIs they are cited by), ordered
    by citations, articles and IRI; each with the least title and level of the entries citing
    it by its own IRI with a level."""
    columns = (
        "COUNT(DISTINCT CASE WHEN claims > 0 THEN article END) AS articles,"
        " SUM(claims) AS citations, MIN(hash) AS tie"
    )
    chosen = db.execute(
        _GROUPED.format(columns=columns)
        + "HAVING articles > 0 ORDER BY citations DESC, articles DESC, tie LIMIT ?",
        (limit,),
    ).fetchall()
    iris = _iris(db, [row[0] for row in chosen])
    found: list[MostCited] = []
    for work, articles, citations, _ in chosen:
        title, level = db.execute(
            "SELECT MIN(graded_title), MIN(level) FROM cited WHERE work = ?", (work,)
        ).fetchone()
        found.append(MostCited(iris[work], title, level, int(articles), int(citations)))
    found.sort(key=lambda row: (-row.citations, -row.articles, row.work))
    return found


@dataclass(frozen=True)
class SeveralArticles:
    """A row of ``works-cited-by-several-articles``."""

    work: str
    title: str | None
    articles: int
    citing: str
    claims: int
    same_kind: bool


def several_articles(db: sqlite3.Connection) -> tuple[int, Iterator[SeveralArticles]]:
    """Return how many works more than one article cites, and an iterator of their rows (most
    cited first: by articles, claims, then the hash of the work's IRI) that looks up the citing
    articles and titles a thousand rows at a time, as they are read."""
    columns = (
        "COUNT(DISTINCT article) AS articles, SUM(claims), MIN(level) IS MAX(top_level)"
        # one kind: the least level of all their entries is the greatest
    )
    grouped = db.execute(_GROUPED.format(columns=columns) + "HAVING articles > 1").fetchall()
    iris = _iris(db, [row[0] for row in grouped])
    ordered = sorted(
        (
            (iris[work], work, articles, claims, bool(same))
            for work, articles, claims, same in grouped
        ),
        key=lambda row: (-row[2], -row[3], work_hash(row[0])),
    )
    return len(ordered), _several_rows(db, ordered)


def _several_rows(
    db: sqlite3.Connection, ordered: list[tuple[str, int, int, int, bool]]
) -> Iterator[SeveralArticles]:
    known: dict[int, str] = {}  # each article's IRI, read once (works share articles)
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start : start + CHUNK]
        citing, titles = _citing(db, [row[1] for row in chunk], known)
        for iri, work, articles, claims, same_kind in chunk:
            yield SeveralArticles(
                iri,
                titles.get(work),
                int(articles),
                " ".join(sorted(citing[work], key=lambda article: (article[36:51], article))),
                int(claims),
                same_kind,
            )


def _citing(
    db: sqlite3.Connection, works: list[int], known: dict[int, str]
) -> tuple[dict[int, set[str]], dict[int, str]]:
    """Return the articles citing each of ``works`` (by its IRI, or by a PMID any entry states
    it the same as), and each work's least title among the entries citing it by its IRI;
    ``known`` holds the IRIs of article ids read before, and gets those read now."""
    marks = ", ".join("?" * len(works))
    citing: dict[int, set[int]] = defaultdict(set)
    titles: dict[int, str] = {}
    for work, article, title in db.execute(
        f"SELECT work, article, title FROM cited WHERE work IN ({marks})", works
    ):
        citing[work].add(article)
        if title is not None and (work not in titles or title < titles[work]):
            titles[work] = title
    for doi, article in db.execute(
        "SELECT same.doi, cited.article FROM same_pairs AS same JOIN cited"
        f" ON cited.work = same.pmid WHERE same.doi IN ({marks})",
        works,
    ):
        citing[doi].add(article)
    ids = {article for cited in citing.values() for article in cited}
    known.update(_iris(db, ids.difference(known)))
    return {work: {known[a] for a in cited} for work, cited in citing.items()}, titles
