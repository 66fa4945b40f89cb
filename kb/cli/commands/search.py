"""The ``search`` command: claims whose text holds the words, best first (kb.query.search)."""

from __future__ import annotations

import io
import sys

import click

from kb.cli.options import format_option, kb_option, open_kb, page_options
from kb.query.run import RESULT_FORMATS
from kb.terminal import echo, escaped

#: Hits a terminal shows without --limit: the best ones, as a search engine's first page.
TERMINAL_HITS = 20


@click.command(short_help="Search the claims' text: best matches first, with status and level.")
@click.argument("terms", nargs=-1, required=True, metavar="WORDS...")
@format_option(
    RESULT_FORMATS,
    default=None,
    help="table (default on a terminal), csv (default otherwise), tsv, json, xml (W3C SPARQL "
    "results; matched words in the snippet between ** and **), jsonl (a hit's bindings per "
    "line).",
)
@page_options(TERMINAL_HITS)
@kb_option
def search(
    terms: tuple[str, ...], fmt: str | None, limit: int | None, offset: int, count: bool, kb: str
) -> None:
    """Search the claims for words: every word must occur, in any form ("neuropathy" finds
    "neuropathies"); a "quoted phrase" as a phrase, a word* as a prefix.

    Each match gives its score (higher is better), article, line, sentence id, status,
    evidence level and a snippet with the words marked. The embedded store keeps a full-text
    index beside it, updated by ingest, load and remove; on a SPARQL server the search scans
    every claim's text instead (no stemming).

    \b
      claimkb search vitamin b12 neuropathy
      claimkb search '"blood pressure"' walnut* --format csv > hits.csv
    """
    from kb.query.search import hits_table, write_hits
    from kb.query.search import search as run_search

    terminal = sys.stdout.isatty()
    chosen = fmt or ("table" if terminal else "csv")
    shown = (TERMINAL_HITS if terminal else None) if limit is None else limit or None
    with open_kb(kb, read_only=True) as store:
        result = run_search(
            store, " ".join(terms), limit=shown, offset=offset, count=count or chosen == "table"
        )
    if count:
        echo(str(result.total))
    elif chosen == "table":
        from rich.console import Console

        Console(soft_wrap=not terminal).print(hits_table(result, offset=offset))
    else:
        out = io.BytesIO()
        write_hits(result, chosen, out)
        click.echo(escaped(out.getvalue().decode(), chosen), nl=False)
