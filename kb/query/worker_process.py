"""The query worker process: runs queries of ``serve`` and ``query`` so they can be stopped.

pyoxigraph cannot interrupt a query: a COUNT over a cross product runs inside one call for
minutes, and an ORDER BY over one grows until memory runs out. The server therefore runs each
query in one of these processes, which it kills (SIGKILL) when the query outlives its timeout or
its client, and replaces (the pool and the parent's side: :mod:`kb.query.worker_pool`).
Each worker holds its own read-only view of the store, caps its own memory (``RLIMIT_DATA``: an
allocation past it ends the worker, not the server), exits when its parent dies, and writes
results as they are produced, so that a large result never sits in memory.

Protocol, on the worker's stdin and stdout: one JSON request per line in (with the prefixes to
declare: importing them here would load rdflib, a second of start-up on a busy machine); frames
out, each a kind byte, a 4-byte big-endian length and a payload. ``H`` starts the response
(JSON: status, content type), ``D`` carries body bytes, ``E`` ends it (JSON: rows, truncated, or
an error met after the start), ``X`` is an error response instead (JSON: status, message).

Run as ``python -m kb.query.worker_process LOCATION MEMORY_BYTES REFRESH_SECONDS``.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import resource
import struct
import sys
import threading
import time
from typing import IO, Any, cast

import pyoxigraph as ox

from claims.errors import ClaimkbError
from kb.store import snapshots
from kb.store.reading import open_to_read
from kb.terminal import escaping

__all__ = ["CHUNK", "main"]

#: Bytes gathered before a ``D`` frame is written.
CHUNK = 64 * 1024
_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
_GRAPH_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


class Frames:
    """The worker's stdout: frames, and body bytes gathered into ``D`` frames of CHUNK bytes."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out
        self.buffer = bytearray()

    def send(self, kind: bytes, payload: bytes) -> None:
        """Write one frame: its kind byte, its length (4 bytes, big-endian) and ``payload``."""
        self.out.write(kind + struct.pack(">I", len(payload)) + payload)
        self.out.flush()

    def send_json(self, kind: bytes, data: dict[str, Any]) -> None:
        """Write one frame whose payload is ``data`` as JSON (``H``, ``E`` and ``X`` frames)."""
        self.send(kind, json.dumps(data).encode())

    def write(self, data: bytes) -> int:
        """Add body bytes (a results serializer writes here); send a ``D`` frame per CHUNK."""
        self.buffer += data
        if len(self.buffer) >= CHUNK:
            self.flush()
        return len(data)

    def flush(self) -> None:
        """Send the body bytes gathered so far as one ``D`` frame."""
        if self.buffer:
            self.send(b"D", bytes(self.buffer))
            self.buffer.clear()


class View:
    """A read-only view of the store, reopened when a writer published a newer snapshot, when
    the server says the store was written (``generation``) or, at most every ``refresh``
    seconds, when its files changed (a store no claimkb writer publishes snapshots of).
    ``held`` is the snapshot read, whose lock keeps the writer from deleting it meanwhile."""

    def __init__(self, location: str, refresh: float) -> None:
        self.location = location
        self.refresh = refresh
        self.generation = 0
        self.snapshot = snapshots.newest(location)
        self.store, self.held = open_to_read(location)
        self.signature = self._files()
        self.checked = time.monotonic()

    def current(self, generation: int) -> ox.Store:
        """Return the store to query: reopened first when a newer snapshot is published (a
        look at one small directory, each query), when the server's ``generation`` (a write it
        made) is new, or when the store's files changed and ``refresh`` seconds passed."""
        newest = snapshots.newest(self.location)
        if generation != self.generation or newest != self.snapshot:
            self.reopen()
            self.generation = generation
        elif time.monotonic() - self.checked >= self.refresh:
            self.checked = time.monotonic()
            signature = self._files()
            if signature != self.signature:
                with contextlib.suppress(OSError):  # a writer moving files: retry later
                    self.reopen(signature)
        return self.store

    def reopen(self, signature: tuple[tuple[str, int, int], ...] | None = None) -> None:
        """Open the store again (the newest snapshot), with its files' ``signature``."""
        self.snapshot = snapshots.newest(self.location)
        old = self.held
        self.store, self.held = open_to_read(self.location)
        if old is not None:  # the writer may delete that snapshot now
            old.close()
        self.signature = signature if signature is not None else self._files()

    def _files(self) -> tuple[tuple[str, int, int], ...]:
        try:
            entries = list(os.scandir(self.location))
        except OSError:
            return ()
        return tuple(sorted((e.name, *_size_and_time(e)) for e in entries))


def _size_and_time(entry: os.DirEntry[str]) -> tuple[int, int]:
    try:
        stat = entry.stat()
    except OSError:  # removed by compaction while we looked
        return (-1, -1)
    return (stat.st_size, stat.st_mtime_ns)


def answer(view: View, request: dict[str, Any], frames: Frames) -> None:
    """Run one request and write its response frames."""
    options = _dataset(request)
    try:
        try:
            result = view.current(request["generation"]).query(
                request["sparql"], prefixes=request["query_prefixes"], **options
            )
        except OSError:
            # A view beside a writer can lose files to compaction: retry on a fresh one.
            view.reopen()
            result = view.store.query(
                request["sparql"], prefixes=request["query_prefixes"], **options
            )
    except SyntaxError as error:
        frames.send_json(b"X", {"status": 400, "syntax": str(error.msg or error)})
        return
    except OSError as error:
        frames.send_json(b"X", {"status": 500, "message": f"the store failed: {error}"})
        return
    choice = request["graph_format" if isinstance(result, ox.QueryTriples) else "rows_format"]
    if choice is None:
        frames.send_json(b"X", {"status": 406, "message": request["not_acceptable"]})
        return
    media, fmt = choice
    frames.send_json(b"H", {"status": 200, "type": media})
    limit = request["max_rows"]
    rows, failure = 0, None
    try:
        # Article text's controls escaped as the CLI prints them in each format (pyoxigraph's
        # RDF/XML would leave an ESC raw: no XML reader takes it; a CSV has no escape).
        with escaping(cast("IO[bytes]", frames), fmt) as body:
            if isinstance(result, ox.QueryTriples):
                counted = _counting(itertools.islice(result, limit + 1))
                ox.serialize(
                    itertools.islice(counted, limit),
                    body,
                    format=_GRAPH_FORMATS[fmt],
                    prefixes=request["prefixes"],
                )
                rows = counted.count
            elif isinstance(result, ox.QuerySolutions):
                from kb.store.results_stream import write_solutions

                variables = [variable.value for variable in result.variables]
                counted = _counting(itertools.islice(result, limit + 1))
                rows = write_solutions(fmt, variables, itertools.islice(counted, limit), body)
                rows = counted.count
            else:
                body.write(result.serialize(format=_FORMATS[fmt]) or b"")
    except OSError as error:
        failure = f"the store failed while reading results: {error}"
    frames.flush()
    frames.send_json(b"E", {"rows": min(rows, limit), "truncated": rows > limit, "error": failure})


class _counting:
    """An iterator that counts what it gave."""

    def __init__(self, items: Any) -> None:
        self.items = iter(items)
        self.count = 0

    def __iter__(self) -> _counting:
        return self

    def __next__(self) -> Any:
        item = next(self.items)
        self.count += 1
        return item


def _dataset(request: dict[str, Any]) -> dict[str, Any]:
    """Return pyoxigraph's dataset options for default-graph-uri / named-graph-uri."""
    options: dict[str, Any] = {}
    if request["default_graph"]:
        options["default_graph"] = [ox.NamedNode(iri) for iri in request["default_graph"]]
    else:
        options["use_default_graph_as_union"] = True
    if request["named_graphs"]:
        options["named_graphs"] = [ox.NamedNode(iri) for iri in request["named_graphs"]]
    return options


def _exit_with_parent() -> None:
    """Exit when the server that started this worker is gone (the query may be mid-way)."""
    parent = os.getppid()
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


def main() -> None:
    """Run as the worker: cap memory, die with the parent, answer each request line in turn."""
    location, memory, refresh = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    if memory > 0:
        resource.setrlimit(resource.RLIMIT_DATA, (memory, memory))
    # A crash is reported by the parent (its signal); no core file of a worker's memory is left
    # in the user's directory.
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    threading.Thread(target=_exit_with_parent, daemon=True).start()
    frames = Frames(sys.stdout.buffer)
    try:
        view = View(location, refresh)
    except (ClaimkbError, OSError) as error:  # each request is answered with why
        for _ in sys.stdin.buffer:
            frames.send_json(b"X", {"status": 500, "message": f"cannot open the store: {error}"})
        return
    for line in sys.stdin.buffer:
        answer(view, json.loads(line), frames)


if __name__ == "__main__":
    main()
