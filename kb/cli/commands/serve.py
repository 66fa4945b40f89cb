"""The ``serve`` command: the knowledge base as a SPARQL 1.1 Protocol endpoint (kb.serve)."""

from __future__ import annotations

import click

from kb.cli.options import count_range, store_option, timeout_option


@click.command(short_help="Serve the knowledge base as a SPARQL endpoint.")
@store_option
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--allow-update",
    is_flag=True,
    help="Accept SPARQL updates on POST /update with the token printed at start (the server "
    "then holds the store for writing: ingest through it with --kb http://HOST:PORT/query and "
    "CLAIMKB_TOKEN set).",
)
@click.option(
    "--allow-service",
    is_flag=True,
    help="Run SERVICE clauses (federated queries make the server send requests to the URLs "
    "they name).",
)
@click.option(
    "--cors",
    "cors",
    multiple=True,
    metavar="ORIGIN",
    help="Let web pages of ORIGIN (e.g. http://localhost:3000; * for any) query the endpoint "
    "from a browser, as YASGUI does; repeat for several. Off by default; updates stay "
    "same-origin.",
)
@timeout_option(
    zero=False,
    help="Seconds a query may take, sending its results included; then it is stopped.",
)
@click.option(
    "--max-rows",
    default=1_000_000,
    show_default=True,
    type=count_range(1),
    help="Rows (or triples) a query may return; a longer result stops there.",
)
def serve(
    kb: str,
    host: str,
    port: int,
    allow_update: bool,
    allow_service: bool,
    timeout: float,
    max_rows: int,
    cors: tuple[str, ...],
) -> None:
    """Serve the knowledge base as a SPARQL 1.1 Protocol endpoint, with a query page at /.

    Read-only by default: `claimkb ingest` can keep writing to the store beside the server,
    whose view follows the store within a second. Each query runs in a worker process that is
    stopped at --timeout, when its client leaves, or past its memory cap; a client that reads
    slowly holds no worker and no thread (its results wait in a spool in the store's scratch
    directory).

    Updates (--allow-update) have no timeout: the server is the store's only writer and
    pyoxigraph cannot interrupt an update, so each runs to its end; only the holder of the
    token can send one.

    32 threads answer requests; a connection holds none until its request's head has arrived
    (idle keep-alive clients and slow senders cost no thread). Past 512 open connections the
    one idle longest is closed (503 when none is idle).
    """
    from kb.serve.server import Limits
    from kb.serve.server import serve as run_server

    limits = Limits(timeout=timeout, max_rows=max_rows)
    run_server(
        kb,
        host,
        port,
        allow_update=allow_update,
        allow_service=allow_service,
        limits=limits,
        cors=cors,
    )
