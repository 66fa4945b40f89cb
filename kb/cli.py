"""The ``claimkb`` command line: parses options, calls one library function, prints.

Heavy libraries (pyshacl, networkx, lxml) are imported inside the commands that need them so
that ``claimkb --help`` starts fast.
"""

from __future__ import annotations

import sys

import click

from claims.errors import ClaimkbError

from . import __version__


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
