"""The ``stats`` command: claims by status and sources by level in the knowledge base."""

from __future__ import annotations

import click

from kb.cli.options import count_range, format_option, kb_option, open_kb
from kb.query.stats import FORMATS as STATS_FORMATS
from kb.terminal import echo, escaped


@click.command(short_help="Count claims by status and sources by level in the knowledge base.")
@kb_option
@click.option(
    "--top",
    type=count_range(0),
    default=10,
    show_default=True,
    help="How many of the most cited sources to show.",
)
@format_option(STATS_FORMATS, default="table", help="table for people, json for programs.")
@click.option("--json", "as_json", is_flag=True, hidden=True, help="Deprecated: --format json.")
def stats(kb: str, top: int, fmt: str, as_json: bool) -> None:
    """Count articles, claims by status and sources by level; show the most cited sources."""
    import json

    from kb.query.stats import kb_stats

    if as_json:
        echo("claimkb: warning: --json is deprecated: use --format json", err=True)
        fmt = "json"
    with open_kb(kb, read_only=True) as store:
        figures = kb_stats(store, top=top)
    if fmt == "json":
        click.echo(escaped(json.dumps(figures.as_dict(), indent=2), "json"))
    else:
        echo(figures.as_text(), nl=False)
