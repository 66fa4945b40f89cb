"""What the knowledge base holds: articles, claims by status, sources by level, top sources.

Sources by level and the most cited sources are the named queries ``sources-by-level`` and
``most-cited-sources`` (kb/query/queries); the article and claim counts are in
kb/query/queries/stats.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kb.query.loader import query_text
from kb.rdf.prefixes import sparql_prologue
from kb.store.base import Store
from sources.model import LEVELS, STATUSES

#: What ``claimkb stats`` prints: ``table`` for people (:meth:`Stats.as_text`), ``json``.
FORMATS = ("table", "json")


@dataclass(frozen=True)
class TopSource:
    """A source cited across the knowledge base, known by DOI, PMID, title or entry."""

    source: str  # the work's key in most-cited-sources: its DOI, PMID or title, else its IRI
    title: str | None
    claims: int
    articles: int


@dataclass(frozen=True)
class Stats:
    """Counts over the whole knowledge base."""

    articles: int
    claims_by_status: dict[str, int]
    sources_by_level: dict[str, int]
    top_sources: tuple[TopSource, ...]

    @property
    def claims(self) -> int:
        """Return the number of claims."""
        return sum(self.claims_by_status.values())

    @property
    def sources(self) -> int:
        """Return the number of sources (one per key per article)."""
        return sum(self.sources_by_level.values())

    def as_text(self) -> str:
        """Return the stats as ``claimkb stats`` prints them: counts, then the top sources."""
        lines = [f"articles: {self.articles}", f"claims: {self.claims}"]
        lines += [f"  {status}: {count}" for status, count in self.claims_by_status.items()]
        lines.append(f"sources: {self.sources}")
        lines += [f"  {level}: {count}" for level, count in self.sources_by_level.items()]
        if self.top_sources:
            lines.append("most cited sources (claims, articles):")
        lines += [f"  {s.claims}\t{s.articles}\t{s.title or s.source}" for s in self.top_sources]
        return "\n".join(lines) + "\n"

    def as_dict(self) -> dict[str, object]:
        """Return the stats as plain JSON-ready data."""
        return {
            "articles": self.articles,
            "claims": self.claims,
            "claims_by_status": self.claims_by_status,
            "sources": self.sources,
            "sources_by_level": self.sources_by_level,
            "top_sources": [vars(s) for s in self.top_sources],
        }


def _rows(store: Store, name: str, folder: str | None = None) -> list[dict[str, Any]]:
    return store.query(sparql_prologue() + query_text(name, folder)).dicts()


def kb_stats(store: Store, *, top: int = 10) -> Stats:
    """Return the counts of the knowledge base and its ``top`` most cited sources."""
    (articles,) = _rows(store, "articles", "stats")
    statuses = {r["status"]: r["count"] for r in _rows(store, "claims_by_status", "stats")}
    levels = {r["level"]: r["sources"] for r in _rows(store, "sources-by-level")}
    cited = _rows(store, "most-cited-sources")[:top] if top > 0 else []
    return Stats(
        articles=int(articles["count"]),
        claims_by_status={status: statuses.get(status, 0) for status in STATUSES},
        sources_by_level={level: levels.get(level, 0) for level in LEVELS},
        top_sources=tuple(
            TopSource(r["work"], r["title"], r["citations"], r["articles"]) for r in cited
        ),
    )
