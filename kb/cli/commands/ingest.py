"""The ``ingest`` command: articles into the knowledge base (kb.ingest)."""

from __future__ import annotations

import sys

import click

from kb.cli.messages import red
from kb.cli.options import kb_options, max_size_option, open_kb, quiet, quiet_option
from kb.terminal import echo


@click.command(short_help="Load articles into the knowledge base.")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@kb_options
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
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
@max_size_option
@quiet_option
def ingest(
    paths: tuple[str, ...],
    kb: str,
    update_url: str | None,
    jobs: int | None,
    validate: bool,
    max_size: int,
) -> None:
    """Ingest articles (files, directories, globs, - for stdin) into the knowledge base.

    Each article replaces its previous version in one transaction. Exits with 0 when every
    article landed, 1 when some failed (listed at the end), 2 when none could be ingested.
    """
    from claims.reading import read_stdin
    from kb.cli.progress import progress_bar
    from kb.errors import IngestStopped
    from kb.ingest.pipeline import cores
    from kb.ingest.pipeline import ingest as run_ingest

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
                paths,
                jobs=jobs,
                validate=validate,
                max_size=max_size,
                stdin=stdin,
                on_start=shown.start,
                on_done=shown.advance,
                on_compact=lambda: shown.say("compacting the store"),
            )
    except IngestStopped as stopped:
        if not stopped.interrupted:
            raise
        echo(f"claimkb: {stopped}", err=True)
        sys.exit(130)
    for failure in report.failures:
        if failure.bug:
            red(f"claimkb: BUG: {failure.source}: {failure.reason}")
    if report.failures or not quiet():
        echo(report.summary(), err=True)
    sys.exit(report.exit_code)
