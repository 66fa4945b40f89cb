"""The ``query`` command: SPARQL, or a named query, on the knowledge base (kb.query)."""

from __future__ import annotations

import sys
from typing import IO, TYPE_CHECKING

import click

from kb.cli.options import (
    format_option,
    kb_option,
    note,
    open_kb,
    page_options,
    quiet_option,
    timeout_option,
)
from kb.errors import QueryUnreadable
from kb.query.run import GRAPH_FORMATS, RESULT_FORMATS
from kb.terminal import echo, escaped

if TYPE_CHECKING:
    from kb.query.run import Parameter
    from kb.store.base import Store


@click.command(short_help="Run a SPARQL query (or a named one) on the knowledge base.")
@click.argument("sparql", required=False)
@click.option(
    "--file",
    "-f",
    "query_file",
    type=click.File("r", encoding="utf-8"),
    help="Read the query from this file (- for stdin).",
)
@click.option("--name", "-n", metavar="NAME", help="Run a named query (see --list).")
@click.option("--list", "list_queries", is_flag=True, help="List the named queries and exit.")
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Fill ?NAME with an IRI, a prefixed name (ckb:supported), a number or a string; "
    "article= also takes an article's file (repeatable).",
)
@format_option(
    (*RESULT_FORMATS, *GRAPH_FORMATS),
    default=None,
    help="SELECT/ASK: table (default on a terminal), csv (default otherwise), tsv, json, xml "
    "(W3C SPARQL results), jsonl (a row's bindings per line); CONSTRUCT/DESCRIBE: ttl "
    "(default), nt, jsonld.",
)
@click.option(
    "--allow-service",
    is_flag=True,
    help="Run SERVICE clauses (federated queries send requests to the URLs they name).",
)
@timeout_option(
    zero=True, help="Stop a query still running after this long (0: never); exits 2 saying so."
)
@page_options(1000)
@kb_option
@quiet_option
def query(
    sparql: str | None,
    query_file: IO[str] | None,
    name: str | None,
    list_queries: bool,
    params: tuple[str, ...],
    fmt: str | None,
    allow_service: bool,
    timeout: float,
    limit: int | None,
    offset: int,
    count: bool,
    kb: str,
) -> None:
    """Run a SPARQL query on the knowledge base: from SPARQL, -f FILE, --name or stdin.

    The prefixes ckb, schema, cito, prov, oa, dcterms, skos, rdf, rdfs, xsd, owl (and data,
    sh) are declared. On the embedded store the default graph is the union of all articles.

    \b
      claimkb query 'SELECT (COUNT(*) AS ?claims) { ?c a ckb:Claim }'
      claimkb query --name unsupported-claims --format csv > unsupported.csv
      claimkb query --name article-claims --param article=examples/green-tea-memory.txt

    A SELECT prints its first 1,000 rows on a terminal (--limit 0 for all, --offset 1000 for
    the next page, --count for how many there are) and all of them into a file or a pipe.
    A query still running after --timeout seconds is stopped (on the embedded store it runs
    in a process of its own, which is ended).
    """
    from kb.query import run as q
    from kb.query.pages import run_page
    from kb.query.search import indexed_answer

    if list_queries:
        for named in q.named_queries().values():
            echo(named.usage())
        return
    text, declared = _query_source(sparql, query_file, name)
    text = q.with_parameters(text, params, declared)
    terminal = sys.stdout.isatty()
    with open_kb(kb, read_only=True) as store:
        _check_articles(store, params)
        page = run_page(
            store,
            text,
            limit=limit,
            offset=offset,
            count=count,
            terminal=terminal,
            allow_service=allow_service,
            answered=indexed_answer(store, name, params),
            timeout=timeout or None,
        )
    if page.result is None:
        echo(str(page.total))
        return
    result = page.result
    if page.more:
        note(
            f"claimkb: rows {offset + 1:,} to {offset + len(result):,} shown; more follow: "
            f"--offset {offset + len(result)} for the next page, --limit 0 for all, --count "
            "for how many"
        )
    chosen = q.output_format(result, fmt, terminal=terminal)
    if chosen == "table":
        from rich.console import Console

        Console(soft_wrap=not terminal).print(q.table(result))
    else:
        click.echo(escaped(q.render(result, chosen).decode("utf-8", "replace"), chosen), nl=False)


def _check_articles(store: Store, params: tuple[str, ...]) -> None:
    """Raise ArticleNotStored for an ``article=`` parameter the knowledge base does not hold."""
    from kb.errors import ArticleNotStored
    from kb.query.run import parse_parameter

    for text in params:
        name, term = parse_parameter(text)
        if name == "article" and not store.has_article(term.value):
            raise ArticleNotStored(
                f"--param article: no article {term.value} in the knowledge base (see "
                "`claimkb list`)"
            )


def _query_source(
    sparql: str | None, query_file: IO[str] | None, name: str | None
) -> tuple[str, tuple[Parameter, ...] | None]:
    """Return the query text and, for a named query, its declared parameters."""
    from kb.query.run import named_query

    given = [s for s in (sparql, query_file, name) if s is not None]
    if len(given) > 1:
        raise click.UsageError("give the query one way: SPARQL, --file or --name")
    if name is not None:
        named = named_query(name)
        return named.sparql, named.parameters
    if query_file is not None:
        try:
            return query_file.read(), None
        except UnicodeDecodeError as error:
            raise QueryUnreadable(
                f"{query_file.name}: not a SPARQL query: byte {error.object[error.start]:#04x} "
                f"at offset {error.start} is not UTF-8 text; give a file of SPARQL text"
            ) from None
    if sparql is not None:
        return sparql, None
    if sys.stdin.isatty():
        raise click.UsageError("give a query: SPARQL, --file FILE, --name NAME or on stdin")
    return sys.stdin.read(), None
