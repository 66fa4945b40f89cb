"""Pages of a SELECT's rows (``--limit``/``--offset``) and the count of all of them (``--count``).

A page is the query with ``LIMIT``/``OFFSET`` after it, so the store stops once it has the rows
asked for: the first 1,000 of 127,000 unsupported claims in a tenth of the time of all of them
(an ``ORDER BY`` still sorts every row first). The count wraps the query, its ``ORDER BY``
dropped, in ``SELECT (COUNT(*) AS ?rows)``.

A query that looks things up for each row after its rows are chosen and ordered (a work's
title and citing articles) marks where its page is cut with a line ``# page is cut here``
after the ORDER BY of the subquery that chooses them: the LIMIT and OFFSET go there, so the
lookups are made for the rows shown only. The outer query must keep that subquery's rows and
order (one row each, ordered again by the same keys).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kb.errors import QueryParameterInvalid

if TYPE_CHECKING:
    from kb.query.search import IndexedListing
    from kb.store.base import QueryResult, Store

__all__ = [
    "TERMINAL_LIMIT",
    "Page",
    "count_query",
    "first_rows",
    "listing_query",
    "page_query",
    "run_page",
]

#: Rows a listing prints on a terminal unless ``--limit`` says otherwise.
TERMINAL_LIMIT = 1000

# Strings, IRIs and comments, blanked before looking at the query's keywords.
_NOT_CODE = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r"|<[^<>\"{}|^`\\\s]*>|#[^\n]*"
)
# The prologue in the blanked text, where each IRI is spaces.
_PROLOGUE = re.compile(r"(?:\s*(?:PREFIX\s+[\w.-]*:|BASE\b))*\s*", re.IGNORECASE)
_SELECT = re.compile(r"SELECT\b", re.IGNORECASE)
_TAIL_MODIFIER = re.compile(r"\b(LIMIT|OFFSET)\s+\d+\s*$", re.IGNORECASE)
_ORDER_BY = re.compile(r"\bORDER\s+BY\b[^{}]*$", re.IGNORECASE)
#: Where a query wants its page cut, if not at its end (see the module's docstring).
PAGE_CUT = re.compile(r"^[ \t]*# page is cut here[ \t]*$", re.MULTILINE)
#: Rows a query cut inside gives at a time when all its rows are asked for: Oxigraph makes the
#: lookups after a LIMIT of up to about 100,000 rows as lookups, and without one as joins of
#: whole scans (works-cited-by-several-articles at 1,000 articles: 0.25 against 0.72 s CPU).
CUT_PAGE = 100_000


def listing_query(
    sparql: str, limit: int | None, offset: int, *, terminal: bool
) -> tuple[str, int | None]:
    """Return the query to run for one page of a listing, and how many of its rows to show.

    ``limit`` is what the user gave: None (not given) is :data:`TERMINAL_LIMIT` rows for a
    SELECT printed on a terminal and all rows into a file or a pipe; 0 is all rows. The query
    asks for one row more than it shows, so that the caller can say whether more follow.
    """
    if limit is None and not (terminal and _pageable(sparql)):
        return page_query(sparql, None, offset), None
    shown = TERMINAL_LIMIT if limit is None else limit or None
    return page_query(sparql, None if shown is None else shown + 1, offset), shown


@dataclass(frozen=True)
class Page:
    """What a listing prints: the rows of one page (``result``) and whether more follow, or
    (``--count``) only how many rows there are in all (``total``)."""

    result: QueryResult | None
    more: bool = False
    total: int | None = None


def run_page(
    store: Store,
    sparql: str,
    *,
    limit: int | None = None,
    offset: int = 0,
    count: bool = False,
    terminal: bool = False,
    allow_service: bool = False,
    answered: IndexedListing | None = None,
    timeout: float | None = None,
) -> Page:
    """Return one page of the query's rows (see :func:`listing_query`), or their count.

    ``timeout``: seconds the query may run (see :func:`kb.query.run.run_query`).

    ``answered`` gives the query's rows faster than its SPARQL (some named queries, from the
    search index): then the page and the count come from it.
    """
    from kb.query.run import run_query

    if answered is not None:
        return _page_of(answered, limit, offset, count=count, terminal=terminal)
    if count:
        result = run_query(store, count_query(sparql), allow_service=allow_service, timeout=timeout)
        return Page(None, total=int(result.rows[0][0].value))
    text, shown = listing_query(sparql, limit, offset, terminal=terminal)
    if shown is None and PAGE_CUT.search(sparql):
        pages: list[QueryResult] = []
        while not pages or len(pages[-1]) == CUT_PAGE:  # every row, CUT_PAGE rows at a time
            cut = page_query(sparql, CUT_PAGE, offset + CUT_PAGE * len(pages))
            pages.append(run_query(store, cut, allow_service=allow_service, timeout=timeout))
        return Page(_rows_of(pages[0].variables, [row for page in pages for row in page.rows]))
    result = run_query(store, text, allow_service=allow_service, timeout=timeout)
    if shown is not None and result.kind == "bindings" and len(result) > shown:
        return Page(first_rows(result, shown), more=True)
    return Page(result)


def _page_of(
    answered: IndexedListing, limit: int | None, offset: int, *, count: bool, terminal: bool
) -> Page:
    if count:
        return Page(None, total=answered.count())
    shown = (TERMINAL_LIMIT if terminal else None) if limit is None else limit or None
    result = answered.page(None if shown is None else shown + 1, offset)
    if shown is not None and len(result) > shown:
        return Page(first_rows(result, shown), more=True)
    return Page(result)


def _pageable(sparql: str) -> bool:
    """Return True for a SELECT without its own LIMIT or OFFSET at the end."""
    try:
        code = _select_code(sparql, "")
    except QueryParameterInvalid:
        return False
    return not _TAIL_MODIFIER.search(code.rstrip())


def page_query(sparql: str, limit: int | None, offset: int) -> str:
    """Return the SELECT ``sparql`` limited to ``limit`` rows (None: all) after ``offset``."""
    if limit is None and not offset:
        return sparql
    code = _select_code(sparql, "--limit, --offset")
    if _TAIL_MODIFIER.search(code.rstrip()):
        raise QueryParameterInvalid(
            "the query ends with its own LIMIT or OFFSET: leave out --limit and --offset, or "
            "take them out of the query"
        )
    modifiers = ([f"LIMIT {limit}"] if limit is not None else []) + (
        [f"OFFSET {offset}"] if offset else []
    )
    cut = PAGE_CUT.search(sparql)
    if cut is not None:
        return f"{sparql[: cut.start()]}{' '.join(modifiers)}{sparql[cut.end() :]}"
    return f"{sparql.rstrip()}\n{' '.join(modifiers)}\n"


def count_query(sparql: str) -> str:
    """Return a query that counts the rows of the SELECT ``sparql`` (as ``?rows``)."""
    code = _select_code(sparql, "--count")
    prologue = _PROLOGUE.match(code)
    start = prologue.end() if prologue else 0
    begin, end = start, len(sparql)
    cut = PAGE_CUT.search(sparql)
    if cut is not None:  # as many rows as the subquery the page is cut in: count those
        begin, end = _enclosing_group(code, cut.start())
    body, body_code = sparql[begin:end], code[begin:end]
    order = _ORDER_BY.search(body_code)
    if order is not None and not _TAIL_MODIFIER.search(body_code.rstrip()):
        body = body[: order.start()]  # the order of rows does not change their number
    return f"{sparql[:start]}SELECT (COUNT(*) AS ?rows) WHERE {{\n{{ {body} }}\n}}\n"


def _enclosing_group(code: str, at: int) -> tuple[int, int]:
    """Return where the text inside the innermost ``{ ... }`` around position ``at`` of the
    blanked query ``code`` begins and ends."""
    depth, begin = 0, at
    while begin > 0 and depth >= 0:
        begin -= 1
        depth += {"}": 1, "{": -1}.get(code[begin], 0)
    depth, end = 0, at
    while end < len(code):
        depth += {"{": 1, "}": -1}.get(code[end], 0)
        if depth < 0:
            break
        end += 1
    return begin + 1, end


def first_rows(result: QueryResult, end: int | None, start: int = 0) -> QueryResult:
    """Return the rows ``start`` to ``end`` of the SELECT ``result`` (None: to the last)."""
    return _rows_of(result.variables, result.rows[start:end])


def _rows_of(variables: tuple[str, ...], rows: list[Any]) -> QueryResult:
    """Return a SELECT result of ``rows``."""
    from kb.store.base import QueryResult

    return QueryResult.of_rows(variables, rows)


def _select_code(sparql: str, option: str) -> str:
    """Return ``sparql`` with strings, IRIs and comments blanked; refuse all but a SELECT."""
    code = _NOT_CODE.sub(lambda match: " " * len(match.group(0)), sparql)
    prologue = _PROLOGUE.match(code)
    if not _SELECT.match(code, prologue.end() if prologue else 0):
        raise QueryParameterInvalid(
            f"{option}: only for SELECT queries (rows); an ASK or CONSTRUCT gives no rows to page"
        )
    return code
