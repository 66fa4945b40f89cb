"""What the knowledge base holds: articles, claims by status, sources by level, top sources."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files

from sources.model import LEVELS, STATUSES

from .store import Store


@dataclass(frozen=True)
class TopSource:
    """A source cited across the knowledge base, known by DOI, PMID, title or entry."""

    source: str
    title: str
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


def _query(name: str) -> str:
    return files("kb.stats_queries").joinpath(f"{name}.rq").read_text(encoding="utf-8")


def _counts(store: Store, name: str, order: tuple[str, ...]) -> dict[str, int]:
    """Return {key: count} from a two-column query, in ``order`` (unknown keys last)."""
    found = {key: count for key, count in (tuple(row.values()) for row in _rows(store, name))}
    ordered = {key: found.pop(key, 0) for key in order}
    return ordered | found


def _rows(store: Store, name: str, limit: int | None = None) -> list[dict[str, object]]:
    sparql = _query(name)
    if limit is not None:
        sparql = sparql.replace("LIMIT 10", f"LIMIT {int(limit)}")
    return store.query(sparql).dicts()


def kb_stats(store: Store, *, top: int = 10) -> Stats:
    """Return the counts of the knowledge base and its ``top`` most cited sources."""
    (articles,) = _rows(store, "articles")
    top_rows = _rows(store, "top_sources", limit=top) if top > 0 else []
    return Stats(
        articles=int(articles["count"]),
        claims_by_status=_counts(store, "claims_by_status", STATUSES),
        sources_by_level=_counts(store, "sources_by_level", LEVELS),
        top_sources=tuple(TopSource(**row) for row in top_rows),  # type: ignore[arg-type]
    )
