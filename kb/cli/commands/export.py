"""The ``export`` command: the claim-citation network as GraphML, GEXF, DOT, SVG, PNG, HTML."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kb.cli.messages import print_warnings, rdflib_log_to_errors
from kb.cli.options import (
    count_range,
    format_option,
    input_format_option,
    kb_option,
    max_size_option,
    note,
    open_kb,
    output_option,
    quiet_option,
    stdin_once,
)
from kb.export.network import PROJECTIONS
from kb.export.output import output_file
from kb.export.writers import FORMATS as EXPORT_FORMATS
from kb.store.base import Store
from kb.terminal import echo
from sources.model import LEVELS, STATUSES


@click.command(short_help="Export the claim-citation network: GraphML, GEXF, DOT, SVG, HTML.")
@click.argument("articles", nargs=-1, type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@kb_option
@format_option(
    EXPORT_FORMATS,
    default=None,
    help="graphml/gexf (Gephi, Cytoscape, yEd), cyjs (Cytoscape.js), json (node-link, D3), "
    "dot (Graphviz), svg/png (drawn by Graphviz), html (interactive viewer). "
    "Default: from the --output extension.",
)
@output_option
@click.option(
    "--article",
    "only",
    multiple=True,
    metavar="IRI|PATH",
    help="Only this article of the knowledge base (repeatable).",
)
@click.option(
    "--status",
    multiple=True,
    type=click.Choice(STATUSES),
    help="Only claims with this status (repeatable).",
)
@click.option(
    "--level",
    multiple=True,
    type=click.Choice(LEVELS),
    metavar="LEVEL",
    help=f"Only claims and sources of this evidence level (repeatable): {', '.join(LEVELS)}.",
)
@click.option(
    "--min-citations",
    type=count_range(0),
    default=0,
    show_default=True,
    help="Drop sources cited by fewer claims than this.",
)
@click.option(
    "--projection",
    type=click.Choice(PROJECTIONS),
    default=None,
    help="A one-mode graph: claims sharing sources, co-cited sources (weighted by the claims "
    "citing both), or articles citing the same works (matched by DOI, PMID or title).",
)
@click.option("--sections", is_flag=True, help="Add section nodes between articles and claims.")
@click.option("--levels", "level_nodes", is_flag=True, help="Add evidence-level nodes.")
@click.option(
    "--keep-isolated",
    is_flag=True,
    help="Keep the nodes --status, --level or --min-citations leave with no edge (dropped by "
    "default).",
)
@input_format_option
@max_size_option
@quiet_option
def export(
    articles: tuple[str, ...],
    kb: str,
    fmt: str | None,
    output: str,
    only: tuple[str, ...],
    status: tuple[str, ...],
    level: tuple[str, ...],
    min_citations: int,
    projection: str | None,
    sections: bool,
    level_nodes: bool,
    keep_isolated: bool,
    input_format: str | None,
    max_size: int,
) -> None:
    """Export the claim-citation network of ARTICLES, or of the knowledge base.

    Nodes are articles, claims and sources with attributes to colour and size by (kind,
    label, status, level, citations, article); edges are "contains" and "cites" (with the
    marker text). Examples:

    \b
      claimkb export article.md -o network.html
      claimkb export --kb ./kb --status unsupported -o unsupported.graphml
      claimkb export --kb ./kb --projection sources --min-citations 2 -o cocited.gexf
    """
    import contextlib

    from kb.export.network import NetworkFilter, network_select
    from kb.export.writers import export_network, format_for

    _exit_on_sigterm()
    rdflib_log_to_errors()
    target = None if output == "-" else Path(output)
    chosen = format_for(target, fmt)
    if target is None and chosen == "png" and sys.stdout.isatty():
        raise click.UsageError("PNG is binary: give -o FILE.png, or redirect stdout to a file")
    flt = NetworkFilter(
        articles=only,
        statuses=status,
        levels=level,
        min_citations=min_citations,
        sections=sections,
        level_nodes=level_nodes,
        keep_isolated=keep_isolated,
    )
    with contextlib.ExitStack() as stack:
        if articles:
            stdin_once(articles)
            select, flt = network_select(
                flt,
                articles=articles,
                input_format=input_format,
                on_article=print_warnings,
                max_size=max_size,
            )
        else:
            store = stack.enter_context(open_kb(kb, read_only=True))
            select, flt = network_select(flt, store=store)
            _check_stored(store, flt.articles)
        with output_file(output) as out:
            nodes, edges, dropped = export_network(
                select, flt, chosen, out, projection=projection, title="claimkb network"
            )
    if dropped:
        echo(
            f"claimkb: warning: dropped {dropped} control character{'s' * (dropped != 1)} "
            f"from the articles' text, which {chosen.upper()} (XML) cannot hold",
            err=True,
        )
    note(f"exported {nodes} nodes and {edges} edges as {chosen}")


def _check_stored(store: Store, articles: tuple[str, ...]) -> None:
    """Raise ArticleNotStored for an --article the knowledge base does not hold."""
    from kb.errors import ArticleNotStored

    for iri in articles:
        if not store.has_article(iri):
            raise ArticleNotStored(f"no article {iri} in the knowledge base (see `claimkb list`)")


def _exit_on_sigterm() -> None:
    """Make SIGTERM (``kill``, a timeout) end the command as Ctrl-C does: cleanups run.

    By default Python dies at once, leaving a half-written output file and Graphviz running.
    """
    import signal
    import threading

    def stop(signum: int, _frame: object) -> None:
        click.echo("claimkb: terminated", err=True)
        sys.exit(128 + signum)

    if threading.current_thread() is threading.main_thread():  # only it may set handlers
        signal.signal(signal.SIGTERM, stop)
