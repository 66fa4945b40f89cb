"""The pool of query worker processes (:mod:`kb.query.worker_process`), from their parent.

pyoxigraph cannot interrupt a query, so a query that must be stoppable runs in a worker, which
is killed (SIGKILL) when it outlives its time. ``claimkb serve`` keeps a pool of them
(:class:`Workers`) and relays their frames to its clients; ``claimkb query --timeout`` and the
library's queries with a timeout run in a worker (:func:`run_in_worker`) and read the whole
result. A worker that answered whole is kept warm for the next query of the same process on
the same store (a start costs a Python, its imports and opening the store: about 0.13 s of CPU,
bench/bench_query_worker.py); one stopped mid-query is killed.
"""

from __future__ import annotations

import atexit
import collections
import contextlib
import itertools
import json
import os
import select
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
from typing import Any

import pyoxigraph as ox

from kb.errors import QueryStopped, QuerySyntaxError
from kb.rdf.prefixes import turtle_prefixes
from kb.store.base import QueryResult
from kb.store.reading import unreadable
from kb.terminal import visible
from ontology import PREFIXES

__all__ = [
    "Worker",
    "Workers",
    "close_idle_workers",
    "ended_message",
    "request",
    "run_in_worker",
    "stopped_message",
]

#: The row limit of a query that has none (the worker stops after ``max_rows`` rows).
_ALL_ROWS = 2**62
#: How often (seconds) a warm worker looks at a store no claimkb writer publishes snapshots of.
_REFRESH_SECONDS = 1.0
_JSON = "application/sparql-results+json"
#: Seconds a worker whose output closed is given to end before it is taken as hung.
_DYING_SECONDS = 5.0
#: Bytes of a dead worker's stderr read for its last words.
_LAST_WORDS = 4096


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


class Worker:
    """One query worker process: requests on its stdin, frames on its stdout.

    ``memory``: bytes of data the worker may allocate (0: no cap); ``refresh``: how often, in
    seconds at most, it looks for a newer version of the store.
    """

    def __init__(self, location: str, memory: int, refresh: float) -> None:
        module = "kb.query.worker_process"
        command = [sys.executable, "-m", module, location, str(memory), str(refresh)]
        self.memory = memory
        #: The address of the client whose query it runs (kb.serve's turns between clients).
        self.client = ""
        #: What the worker writes on stderr (Rust's last words when it aborts), read if it dies.
        self.stderr = tempfile.TemporaryFile()  # noqa: SIM115 - closed by kill()
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            bufsize=0,
            # Rust's last words are read for why a worker died: with a backtrace (a user's
            # RUST_BACKTRACE=1) "memory allocation of N bytes failed" was 4 KB before its end.
            env={**os.environ, "RUST_BACKTRACE": "0"},
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self.stdin, self.stdout = self.process.stdin, self.process.stdout

    def send(self, request: dict[str, Any]) -> None:
        """Write one request (see :func:`request`) to the worker, as a line of JSON."""
        self.stdin.write(json.dumps(request).encode() + b"\n")

    def frame(self) -> tuple[bytes, bytes]:
        """Return the next (kind, payload); raise EOFError when the worker has died."""
        header = self._exactly(5)
        return header[:1], self._exactly(struct.unpack(">I", header[1:])[0])

    def _exactly(self, size: int) -> bytes:
        data = bytearray()
        while len(data) < size:
            chunk = self.stdout.read(size - len(data))
            if not chunk:
                raise EOFError
            data += chunk
        return bytes(data)

    def kill(self) -> None:
        """Stop the worker at once (SIGKILL), wait for it and close its pipes."""
        with contextlib.suppress(OSError):
            self.process.kill()
        self.process.wait()
        for pipe in (self.stdin, self.stdout, self.stderr):
            with contextlib.suppress(OSError):
                pipe.close()

    def why_ended(self) -> str:
        """Return why the worker ended before it answered (its output closed, or its input
        broke), and what to do: its signal or exit code, read with what it last wrote."""
        try:
            code = self.process.wait(timeout=_DYING_SECONDS)
        except subprocess.TimeoutExpired:
            return "it stopped answering; retry"
        said = self._last_words()
        if "memory allocation of" in said or "MemoryError" in said:
            return (
                f"the query needed more memory than a worker's cap of {self.memory // 2**20} "
                "MB; narrow it (LIMIT, a more specific pattern); a damaged store does this too "
                "(`claimkb dump -o /dev/null` names a damaged file)"
            )
        if "overflowed its stack" in said or "RecursionError" in said:
            return "the query is nested too deep for the query engine; write it flatter"
        last = _last_line(said)
        if code < 0:
            name = _signal_name(-code)
            if -code == signal.SIGKILL:
                return (
                    "it was killed (SIGKILL) by another process or by the system's "
                    "out-of-memory killer (see `dmesg`); retry, and free memory if it recurs"
                )
            if -code in (signal.SIGSEGV, signal.SIGBUS, signal.SIGILL, signal.SIGABRT):
                return (
                    f"it crashed ({name}): a damaged store (`claimkb dump -o /dev/null` names "
                    "a damaged file) or a fault of the query engine; retry, and report the "
                    "query if it recurs"
                )
            return f"it was ended by the signal {name}, sent from outside claimkb; retry"
        if last:
            return f"it exited with code {code} ({last}); retry, and report it if it recurs"
        return f"it exited with code {code}; retry, and report it if it recurs"

    def _last_words(self) -> str:
        """Return what the worker wrote last on stderr (at most its last kilobytes)."""
        try:
            size = os.fstat(self.stderr.fileno()).st_size
            tail = os.pread(self.stderr.fileno(), _LAST_WORDS, max(0, size - _LAST_WORDS))
        except OSError:
            return ""
        return tail.decode("utf-8", "replace")


def _last_line(said: str) -> str:
    """Return the last line of a dead worker's stderr that says something (not Rust's notes
    on its backtrace), made safe to print and cut short."""
    for line in reversed(said.splitlines()):
        line = line.strip()
        if line and not line.startswith(("stack backtrace", "skipping backtrace", "note:")):
            return visible(line)[:200]
    return ""


class _Waiter:
    """A query waiting for a worker: handed one (``worker``) when ``handed`` is set."""

    def __init__(self) -> None:
        self.handed = threading.Event()
        self.worker: Worker | None = None


class Workers:
    """A fixed number of query workers; a busy server makes a query wait for a free one.

    Waiting queries take turns between clients (``client``: their address): a free worker goes
    to the waiting client that holds the fewest workers, and of those to the one served least
    recently, so a client that queues a hundred queries makes another's wait for at most one of
    them, not for all. A client's own queries, and the free workers, go first in, first out (a
    worker started to replace a killed one, which needs half a second to start, gets a query
    after the warm ones).
    """

    def __init__(self, location: str, count: int, memory: int, refresh: float) -> None:
        self.location, self.memory, self.refresh = location, memory, refresh
        self.free: collections.deque[Worker] = collections.deque()
        #: The queries waiting, by client, in the order the clients came.
        self.waiting: dict[str, collections.deque[_Waiter]] = {}
        #: Workers each client holds, and when (a count of turns) each was last given one; a
        #: client that holds none and waits for none is forgotten.
        self.holding: collections.Counter[str] = collections.Counter()
        self.served: dict[str, int] = {}
        self._turns = itertools.count()
        self.running: set[Worker] = set()
        self.lock = threading.Lock()
        self.closed = False
        for _ in range(count):
            self._start()

    def _start(self) -> None:
        worker = Worker(self.location, self.memory, self.refresh)
        with self.lock:
            if self.closed:
                worker.kill()
                return
            self.running.add(worker)
            self._hand(worker)

    def _hand(self, worker: Worker) -> None:
        """Give a free ``worker`` to the client whose turn it is, else keep it free (locked)."""
        if not self.waiting:
            self.free.append(worker)
            return
        client = min(self.waiting, key=lambda c: (self.holding[c], self.served.get(c, -1)))
        line = self.waiting[client]
        waiter = line.popleft()
        if not line:
            del self.waiting[client]
        waiter.worker = self._give(worker, client)
        waiter.handed.set()

    def _give(self, worker: Worker, client: str) -> Worker:
        """Count ``worker`` as ``client``'s (locked)."""
        worker.client = client
        self.holding[client] += 1
        self.served[client] = next(self._turns)
        return worker

    def _taken_back(self, worker: Worker) -> None:
        """Count ``worker`` as no longer its client's (locked)."""
        client = worker.client
        self.holding[client] -= 1
        if self.holding[client] <= 0:
            del self.holding[client]
            if client not in self.waiting:
                self.served.pop(client, None)

    def acquire(self, timeout: float, client: str = "") -> Worker | None:
        """Return a free worker, or None when none comes within ``timeout`` seconds; ``client``
        (an address) takes its turn among the clients waiting."""
        with self.lock:
            if self.free and not self.waiting:
                return self._give(self.free.popleft(), client)
            waiter = _Waiter()
            self.waiting.setdefault(client, collections.deque()).append(waiter)
        waiter.handed.wait(max(timeout, 0))
        with self.lock:
            if waiter.worker is None:  # none came: leave the line
                line = self.waiting[client]
                line.remove(waiter)
                if not line:
                    del self.waiting[client]
                    if client not in self.holding:
                        self.served.pop(client, None)
            return waiter.worker

    def release(self, worker: Worker) -> None:
        """Give back a worker that answered its query whole: it is free for the next one."""
        with self.lock:
            self._taken_back(worker)
            self._hand(worker)

    def replace(self, worker: Worker) -> None:
        """Kill ``worker`` (mid-query, or dead) and start another in its place."""
        worker.kill()
        with self.lock:
            self._taken_back(worker)
            self.running.discard(worker)
        self._start()

    def close(self) -> None:
        """Kill every worker; one started after this is killed as it starts."""
        with self.lock:
            self.closed = True
            running, self.running = self.running, set()
        for worker in running:
            worker.kill()


def request(
    sparql: str,
    *,
    rows_format: tuple[str, str] | None = (_JSON, "json"),
    graph_format: tuple[str, str] | None = ("application/n-triples", "nt"),
    not_acceptable: str = "",
    default_graph: list[str] | None = None,
    named_graphs: list[str] | None = None,
    max_rows: int = _ALL_ROWS,
    generation: int = 0,
) -> dict[str, Any]:
    """Return a worker's request for ``sparql`` (claimkb's prefixes declared).

    ``rows_format`` and ``graph_format`` are the (media type, worker format) of SELECT/ASK and
    of CONSTRUCT/DESCRIBE results, None when the client takes no such result (the worker then
    answers 406 with ``not_acceptable``). No graph named: the default graph is the union.
    """
    return {
        "sparql": sparql,
        "default_graph": default_graph or [],
        "named_graphs": named_graphs or [],
        "rows_format": rows_format,
        "graph_format": graph_format,
        "not_acceptable": not_acceptable,
        "max_rows": max_rows,
        "prefixes": turtle_prefixes(),
        "query_prefixes": PREFIXES,
        "generation": generation,
    }


def stopped_message(*, timeout: float, option: str) -> str:
    """Return why a query that outlived ``timeout`` seconds (``option``) was stopped."""
    return (
        f"the query ran longer than {timeout:g} s ({option}) and was stopped; narrow it "
        "(LIMIT, a more specific pattern)"
    )


def ended_message(worker: Worker) -> str:
    """Return why a query whose worker ended before it answered got no answer, and what to do."""
    return f"the process that ran the query ended before it answered: {worker.why_ended()}"


def run_in_worker(location: str, sparql: str, *, timeout: float, memory: int) -> QueryResult:
    """Return the result of ``sparql`` on the embedded store at ``location``, run in a worker.

    The default graph is the union of the article graphs, as in ``query_with_prefixes``. The
    worker is killed when the query outlives ``timeout`` seconds or ``memory`` bytes, or its
    result passes half of ``memory`` (QueryStopped; a damaged store's reads grow until then);
    raise QuerySyntaxError on bad SPARQL, StoreUnavailable on a store error.
    """
    deadline = time.monotonic() + timeout
    worker = _warm.take(location, memory)
    media, body = "", bytearray()
    whole = False  # the worker answered to the end: it is kept for the next query
    try:
        try:
            worker.send(request(sparql))
        except OSError:  # it died since it answered its last query
            raise QueryStopped(ended_message(worker)) from None
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([worker.stdout], [], [], remaining)[0]:
                raise QueryStopped(stopped_message(timeout=timeout, option="--timeout"))
            try:
                kind, payload = worker.frame()
            except EOFError:  # its memory cap (RLIMIT_DATA), a signal, a crash ended it
                raise QueryStopped(ended_message(worker)) from None
            if kind == b"X":
                whole = True
                raise _refusal(location, json.loads(payload))
            if kind == b"H":
                media = json.loads(payload)["type"]
            elif kind == b"D":
                body += payload
                if len(body) > memory // 2:  # it is parsed and printed after: room for that
                    raise QueryStopped(
                        f"the query's result passed {memory // 2**21} MB and was stopped; "
                        "narrow it, or take it in pages (--limit, --offset)"
                    )
            elif kind == b"E":
                error = json.loads(payload)["error"]
                if error:  # the store failed mid-way: the next query gets a fresh worker
                    raise unreadable(location, OSError(error))
                whole = True
                return _result(media, bytes(body))
    finally:
        if whole:
            _warm.keep(location, memory, worker)
        else:
            worker.kill()


class _WarmWorkers:
    """The idle worker of each (store, memory cap) this process ran a query in, for the next.

    Taken by one query at a time (thread-safe); killed when the process exits (and a worker
    exits by itself when its parent dies).
    """

    def __init__(self) -> None:
        self.idle: dict[tuple[str, int], Worker] = {}
        self.lock = threading.Lock()
        atexit.register(self.close)

    def take(self, location: str, memory: int) -> Worker:
        """Return the idle worker of ``location`` when it is alive, else a new one."""
        with self.lock:
            worker = self.idle.pop((location, memory), None)
        if worker is not None and worker.process.poll() is None:
            return worker
        if worker is not None:
            worker.kill()
        return Worker(location, memory, refresh=_REFRESH_SECONDS)

    def keep(self, location: str, memory: int, worker: Worker) -> None:
        """Keep ``worker``, which answered whole, for the next query (one per store and cap)."""
        with self.lock:
            replaced = self.idle.get((location, memory))
            self.idle[(location, memory)] = worker
        if replaced is not None:
            replaced.kill()

    def close(self) -> None:
        """Kill every idle worker."""
        with self.lock:
            idle, self.idle = list(self.idle.values()), {}
        for worker in idle:
            worker.kill()


_warm = _WarmWorkers()


def close_idle_workers() -> None:
    """Kill the workers kept warm by :func:`run_in_worker` (done when the process exits)."""
    _warm.close()


def _refusal(location: str, error: dict[str, Any]) -> Exception:
    if "syntax" in error:
        return QuerySyntaxError(f"SPARQL syntax {error['syntax']}")
    return unreadable(location, OSError(error["message"]))


def _result(media: str, body: bytes) -> QueryResult:
    if media != _JSON:
        return QueryResult("graph", ("subject", "predicate", "object"), payload=body)
    parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    if isinstance(parsed, ox.QueryBoolean):
        return QueryResult("boolean", boolean=bool(parsed), payload=body)
    return QueryResult("bindings", tuple(v.value for v in parsed.variables), payload=body)
