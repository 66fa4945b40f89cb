"""Messages on stderr: errors in red on a terminal, an article's reading warnings, and rdflib's log
kept to errors for the commands that use it."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from kb.cli.options import coloured
from kb.terminal import echo, one_line, secho

if TYPE_CHECKING:
    from claims.model import Article


def red(message: str) -> None:
    """Print an error line on stderr, red on a terminal unless NO_COLOR is set: one line, a
    line break in what it quotes written as ``\\n``."""
    secho(one_line(message), fg="red", err=True, color=None if coloured(sys.stderr) else False)


def rdflib_log_to_errors() -> None:
    """Keep rdflib's log to errors, for a command that builds or reads RDF with rdflib: it logs an
    ill-typed literal or an odd IRI with a traceback on stderr, where the shapes report them."""
    import logging

    logging.getLogger("rdflib").setLevel(logging.ERROR)


def stdin_named(message: str) -> str:
    """Return ``message`` with a leading ``-:`` (the article read from stdin) spelled out."""
    return "standard input:" + message[2:] if message.startswith("-:") else message


def print_warnings(article: Article) -> None:
    """Print an article's reading warnings on stderr: each names the file as typed (the readers
    and :func:`kb.ingest.selection.recorded` see to it), so the article is named once."""
    for warning in article.warnings:
        echo(f"claimkb: warning: {stdin_named(warning)}", err=True)
