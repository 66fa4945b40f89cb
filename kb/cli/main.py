"""The ``claimkb`` group: its help, version and set-up, and the commands in ``kb.cli.commands``.

Heavy libraries (pyshacl, networkx, lxml) are imported inside the commands that need them so
that ``claimkb --help`` starts fast.
"""

from __future__ import annotations

import logging

import click

from kb.cli.commands.articles import list_articles, remove
from kb.cli.commands.audit import audit
from kb.cli.commands.dump import dump, load
from kb.cli.commands.export import export
from kb.cli.commands.extract import extract
from kb.cli.commands.ingest import ingest
from kb.cli.commands.query import query
from kb.cli.commands.search import search
from kb.cli.commands.serve import serve
from kb.cli.commands.stats import stats
from kb.cli.commands.validate import validate_command
from kb.cli.group import Group

COMMANDS = (
    audit,
    dump,
    export,
    extract,
    ingest,
    list_articles,
    load,
    query,
    remove,
    search,
    serve,
    stats,
    validate_command,
)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="claimkb", prog_name="claimkb")
def main() -> None:
    """claimkb: a citation-graded claims knowledge base.

    Read articles (plain text, Markdown, HTML, JATS XML), find their claims and citation
    markers, grade the evidence behind them, audit them with SHACL, store them in an RDF
    knowledge base and query it with SPARQL. Run `claimkb COMMAND --help` for a command's
    options and examples.

    \b
    Examples:
      claimkb audit examples/green-tea-memory.txt
      claimkb extract --format json article.html
      claimkb ingest --kb ./kb articles/
      claimkb query --kb ./kb --name unsupported-claims

    Tables and errors are coloured on a terminal; set NO_COLOR for none. Shell completion:
    add eval "$(_CLAIMKB_COMPLETE=bash_source claimkb)" to ~/.bashrc (zsh_source in
    ~/.zshrc, fish_source for fish).
    """
    # rdflib logs an ill-typed literal or an odd IRI with a traceback; the shapes report them.
    logging.getLogger("rdflib").setLevel(logging.ERROR)
    from kb.store.memory_guard import enable

    enable()


for _command in COMMANDS:
    main.add_command(_command)
