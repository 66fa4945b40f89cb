"""A SELECT over some articles of an Oxigraph store, each row as plain strings: what the search
index keeps of the articles (:mod:`kb.store.cited_works`, :mod:`kb.store.network_rows`) is read
this way."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from kb.rdf.prefixes import sparql_prologue
from kb.rdf.sparql_text import for_articles

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = ["plain_dicts", "plain_rows"]


def plain_rows(store: ox.Store, sparql: str, iris: list[str] | None) -> Iterator[list[Any]]:
    """Yield each row of ``sparql`` over the articles ``iris`` (every article for None; see
    :func:`kb.rdf.sparql_text.for_articles`), its values in the order selected, each the
    term's text or None (unbound)."""
    _, rows = _selected(store, sparql, iris)
    return rows


def plain_dicts(
    store: ox.Store, sparql: str, iris: list[str] | None
) -> Iterator[dict[str, str | None]]:
    """Yield the rows of :func:`plain_rows` by the names of their variables."""
    names, rows = _selected(store, sparql, iris)
    return (dict(zip(names, row, strict=True)) for row in rows)


def _selected(
    store: ox.Store, sparql: str, iris: list[str] | None
) -> tuple[list[str], Iterator[list[Any]]]:
    """Return the variables ``sparql`` selects over the articles ``iris``, and its rows."""
    import pyoxigraph as ox

    solutions = store.query(sparql_prologue() + for_articles(sparql, iris))
    if not isinstance(solutions, ox.QuerySolutions):  # a SELECT always gives solutions
        return [], iter(())
    names = [variable.value for variable in solutions.variables]
    rows = (
        [None if term is None else str(term.value) for term in map(solution.__getitem__, names)]
        for solution in solutions
    )
    return names, rows
