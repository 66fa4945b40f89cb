"""The ``claimkb`` command line: parses options, calls one library function, prints.

Heavy libraries (pyshacl, networkx, lxml) are imported inside the commands that need them so
that ``claimkb --help`` starts fast.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from claims.errors import ClaimkbError
from claims.reading import FORMATS as INPUT_FORMATS

from . import __version__
from .report import FAIL_ON
from .report import FORMATS as AUDIT_FORMATS


class Group(click.Group):
    """A click group that turns claimkb's own errors into one line on stderr and exit code 2."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except ClaimkbError as error:
            click.secho(f"claimkb: error: {error}", fg="red", err=True)
            sys.exit(2)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="claimkb")
def main() -> None:
    """claimkb: a citation-graded claims knowledge base.

    Read articles (plain text, Markdown, HTML, JATS XML), find their claims and citation
    markers, grade the evidence behind them, audit them with SHACL, store them in an RDF
    knowledge base and query it with SPARQL.
    """


@main.command()
@click.argument("articles", nargs=-1, required=True, metavar="ARTICLE...")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(AUDIT_FORMATS),
    default="table",
    show_default=True,
    help="table and md for people (table is coloured on a terminal), json for programs, "
    "ttl/jsonld for the articles' RDF graphs, shacl for the SHACL validation report.",
)
@click.option(
    "--shapes",
    "shapes",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FILE",
    help="A Turtle file of your own SHACL rules, checked along with the built-in ones "
    "(repeatable).",
)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default="violation",
    show_default=True,
    help="Exit with 1 when a finding is at least this severe.",
)
@click.option(
    "--input-format",
    type=click.Choice(INPUT_FORMATS),
    default=None,
    help="The articles' format (default: guessed from the name and content).",
)
def audit(
    articles: tuple[str, ...],
    fmt: str,
    shapes: tuple[Path, ...],
    fail_on: str,
    input_format: str | None,
) -> None:
    """Audit articles: find their claims, grade their sources, check them with SHACL.

    Exits with 0 when no finding reaches --fail-on, 1 when one does, 2 on bad input.
    """
    from .audit import audit_path
    from .report import fails, render

    results = [audit_path(article, input_format, shapes) for article in articles]
    for result in results:
        for warning in result.graded.article.warnings:
            click.echo(f"claimkb: warning: {result.graded.article.source}: {warning}", err=True)
    color = fmt == "table" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    click.echo(render(results, fmt, color=color), nl=False)
    sys.exit(1 if fails(results, fail_on) else 0)
