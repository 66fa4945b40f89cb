"""The ``dump`` and ``load`` commands: the whole knowledge base as RDF, out and back in."""

from __future__ import annotations

import click

from kb.cli.options import (
    count_range,
    format_option,
    kb_option,
    kb_options,
    note,
    open_kb,
    output_option,
    quiet,
    quiet_option,
)
from kb.export.output import output_file
from kb.rdf.formats import DATASET_FORMATS
from kb.store.base import DUMP_FORMATS
from kb.terminal import escaping


@click.command(short_help="Write the whole knowledge base as RDF.")
@kb_option
@format_option(
    DUMP_FORMATS,
    default="trig",
    help="trig, nquads and jsonld keep one named graph per article (and load back); "
    "ttl merges all articles into one graph.",
)
@click.option(
    "--split",
    type=count_range(1),
    default=None,
    metavar="N",
    help="With --format nquads and -o PATH: write N shards of whole articles (PATH kb.nq gives "
    "kb-001.nq...), which bulk loaders take as they are (Virtuoso's ld_dir, QLever, Jena's "
    "tdb2.xloader).",
)
@output_option
@quiet_option
def dump(kb: str, fmt: str, output: str, split: int | None) -> None:
    """Write the whole knowledge base as RDF."""
    if split is not None:
        if fmt != "nquads" or output == "-":
            raise click.UsageError("--split writes files of N-Quads: give --format nquads -o PATH")
        from kb.export.shards import write_shards

        with open_kb(kb, read_only=True) as store:
            paths = write_shards(store, output, split)
        note(f"wrote {len(paths)} shards: {paths[0]} ... {paths[-1]}")
        return
    with (
        open_kb(kb, read_only=True) as store,
        output_file(output) as out,
        escaping(out, fmt) as escaped,
    ):
        store.dump(fmt, escaped)  # article text's controls as the format escapes them


@click.command(short_help="Load an RDF dump into the knowledge base.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@kb_options
@format_option(
    DATASET_FORMATS, default=None, help="The file's format (default: from its extension)."
)
@quiet_option
def load(file: str, kb: str, update_url: str | None, fmt: str | None) -> None:
    """Load a dump: each named graph in FILE replaces the article of the same IRI."""
    from kb.cli.progress import progress_bar

    bar = progress_bar("loading", shown=not quiet())
    with open_kb(kb, update_url) as store, bar as shown:
        count = store.load(
            file,
            fmt,
            on_graph=shown.advance,
            on_compact=lambda: shown.say("compacting the store"),
        )
    note(f"loaded {count} article graphs from {file}")
