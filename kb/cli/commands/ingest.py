"""The ``ingest`` command: articles into the knowledge base (kb.ingest)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from kb.cli.messages import rdflib_log_to_errors, red
from kb.cli.options import count_range, kb_options, max_size_option, open_kb, quiet, quiet_option
from kb.terminal import echo

if TYPE_CHECKING:
    from kb.ingest.pipeline import IngestReport


@click.command(short_help="Load articles into the knowledge base.")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@kb_options
@click.option(
    "--jobs",
    "-j",
    type=count_range(1),
    default=None,
    help="Worker processes building graphs (default and most: the number of cores).",
)
@click.option(
    "--validate/--no-validate",
    default=True,
    show_default=True,
    help="Check each article graph against the structure shapes before writing it "
    "(--no-validate for trusted reloads).",
)
@click.option(
    "--keep-paths",
    is_flag=True,
    help="Store each article's absolute file: IRI as its source path, instead of its path "
    "relative to the directory it was given in.",
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="List the articles that would be ingested (and the files skipped) and stop: nothing "
    "is read, no store is opened or created.",
)
@max_size_option
@quiet_option
def ingest(
    paths: tuple[str, ...],
    kb: str,
    update_url: str | None,
    jobs: int | None,
    validate: bool,
    keep_paths: bool,
    dry_run: bool,
    max_size: int,
) -> None:
    """Ingest articles (files, directories, globs, - for stdin) into the knowledge base.

    A directory (or a glob) is searched for the formats `claimkb extract` reads (.txt, .md,
    .html, .xhtml, JATS .xml...); files named in capitals (README.md, NOTICE.md) and hidden
    ones are skipped. A file named on its own must have one of those extensions; a path that
    does not exist is an error (exit 2) before anything is ingested. Each article is stored
    under its path relative to the directory it was given in (--keep-paths: its file: IRI).

    Prints each article that landed (IRI, tab, stored path) on stdout. Each article replaces
    its previous version in one transaction. Exits with 0 when every article landed, 1 when
    some failed (listed at the end), 2 when none could be ingested.

    \b
    Examples:
      claimkb ingest --dry-run corpus/
      claimkb ingest corpus/ 'more/**/*.xml'
    """
    from claims.reading import read_stdin
    from kb.cli.progress import progress_bar
    from kb.errors import IngestStopped
    from kb.ingest.pipeline import IngestReport, cores
    from kb.ingest.pipeline import ingest as run_ingest
    from kb.ingest.selection import select_articles

    rdflib_log_to_errors()
    selection = select_articles(paths, keep_paths=keep_paths)
    if not quiet() or dry_run:
        for path, why in selection.skipped:
            echo(f"claimkb: skipped {path}: {why}", err=True)
    if dry_run:
        for article in selection.files:
            echo(f"{article.path}\t{article.name}")
        count = len(selection.files)
        echo(f"would ingest {count} article{'s' * (count != 1)}", err=True)
        return

    if jobs is not None and jobs > cores():
        echo(
            f"claimkb: warning: --jobs {jobs} is more than the {cores()} cores here: "
            f"using {cores()} worker processes",
            err=True,
        )
    # Standard input too large is refused before a store is opened (or created).
    stdin = read_stdin(max_size) if "-" in paths else None
    try:
        bar = progress_bar("ingesting", shown=not quiet())
        with open_kb(kb, update_url) as store, bar as shown:
            report = run_ingest(
                store,
                selection,
                jobs=jobs,
                validate=validate,
                max_size=max_size,
                stdin=stdin,
                on_start=shown.start,
                on_done=shown.advance,
                on_compact=lambda: shown.say("compacting the store"),
            )
    except IngestStopped as stopped:
        if isinstance(stopped.report, IngestReport):
            _list_landed(stopped.report)  # what had landed before the stop, as a run lists it
        if not stopped.interrupted:
            raise
        echo(f"claimkb: {stopped}", err=True)
        sys.exit(130)
    _list_landed(report)
    for failure in report.failures:
        if failure.bug:
            red(f"claimkb: BUG: {failure.source}: {failure.reason}")
    if report.failures or not quiet():
        echo(report.summary(), err=True)
    sys.exit(report.exit_code)


def _list_landed(report: IngestReport) -> None:
    """Print each article that landed: its IRI and the path it is stored under."""
    for iri, name in report.landed:
        echo(f"{iri}\t{name}")
