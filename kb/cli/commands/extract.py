"""The ``extract`` command: each sentence of articles with its kind, markers and cues."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from kb.cli.messages import print_warnings
from kb.cli.options import (
    coloured,
    format_option,
    input_format_option,
    max_size_option,
    stdin_once,
)
from kb.report.extract import FORMATS as EXTRACT_FORMATS

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from claims.model import Article

#: Bytes of files from which a command's files are shared out among the cores.
_FILES_SHARED_FROM = 256_000


@click.command(short_help="Print each sentence of articles with its kind, markers and cues.")
@click.argument("articles", nargs=-1, required=True, metavar="ARTICLE...")
@format_option(
    EXTRACT_FORMATS,
    default="table",
    help="table for people (coloured on a terminal), json for programs, jsonl for one article "
    "per line, each written as soon as it is read.",
)
@input_format_option
@max_size_option
def extract(articles: tuple[str, ...], fmt: str, input_format: str | None, max_size: int) -> None:
    """Print the sentences of articles with their kind, citation markers, hedges and boosters.

    ARTICLE is a path (.txt, .md, .html, JATS .xml) or - for standard input. Each sentence
    comes with its line, kind (claim, heading, question, reference...), the source keys of its
    citation markers, its hedges (~may), boosters (!studies prove), weasel words (?some experts),
    peacock terms (+world famous), approximators (≈often) and editors' flags such as
    [citation-needed]. An article is recorded under its file name, as `claimkb ingest`
    stores it; warnings name the path as given and go to stderr. Exits with 0, or 2 when an
    article cannot be read.

    \b
    Examples:
      claimkb extract examples/green-tea-memory.txt
      claimkb extract --format json article.html other.xml > sentences.json
      claimkb extract --format jsonl articles/*.md > sentences.jsonl
      curl -s https://example.org/page | claimkb extract --input-format html -
    """
    import gc

    from claims.extract import extract_path
    from claims.sharing import usable_cores
    from kb.ingest.selection import recorded
    from kb.report.extract import extract_json_pieces, extract_jsonl_pieces, table_pieces

    processes = usable_cores()

    def read(path: str, processes: int = processes) -> Article:
        """Return the article at ``path``, recorded under the name ingest stores it under; a
        long page's sentences are read on ``processes`` processes."""
        return recorded(extract_path(path, input_format, max_size, processes), path)

    stdin_once(articles)
    # Sentences and their parts hold no reference cycles: a collector pass while a long page
    # is read and written out only walks them (a sixth of the time on a 2.5 MB page).
    gc.disable()
    try:
        if fmt == "jsonl":
            for path in articles:
                article = read(path)
                print_warnings(article)
                _write(extract_jsonl_pieces(article))
                del article  # the next article is read without this one
            return
        extracted = _read_all(list(articles), read, processes)
        for article in extracted:
            print_warnings(article)
        if fmt == "json":
            _write(extract_json_pieces(extracted))
            return
        for piece in table_pieces(extracted, color=coloured(sys.stdout)):
            click.echo(piece, nl=False)  # escaped
    finally:
        gc.enable()


def _write(pieces: Iterable[bytes]) -> None:
    """Write UTF-8 ``pieces`` (JSON: a 19 MB page's is hundreds of MB, never held whole) to
    standard output as they are made."""
    sys.stdout.flush()
    out = sys.stdout.buffer
    for piece in pieces:
        out.write(piece)
    out.flush()


def _read_all(
    paths: list[str], read: Callable[[str, int], Article], processes: int
) -> list[Article]:
    """Return the articles at ``paths`` in order: the files shared out among ``processes``
    processes (``claims.sharing``, each file read whole by one) when none of them is half of
    the bytes, else read one after the other, a long page's sentences shared out."""
    from claims.sharing import shared_map

    sizes = _sizes(paths)
    if sizes is None or 2 * max(sizes) >= sum(sizes):
        return [read(path, processes) for path in paths]
    return shared_map(lambda i: read(paths[i], 1), len(paths), processes, _FILES_SHARED_FROM, sizes)


def _sizes(paths: list[str]) -> list[int] | None:
    """Return the size of each file, or None when one is standard input or cannot be read as
    a file (reading it in order then says what is wrong)."""
    import os

    if "-" in paths:
        return None
    try:
        return [os.stat(path).st_size for path in paths]
    except OSError:
        return None
