"""`claimkb serve`'s query workers are shared fairly, and a worker's death is told as it was.

The rules: a client that reads its results slowly (or not at all) holds no query worker once the
result is written and no thread that answers requests (the rest waits in a spool on disk, sent
at the client's pace by the server's outbox, and the spool is gone when the response is); and a
worker that dies of something other than its timeout is reported with its real cause (its
signal), never blamed on memory or on --timeout.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest

from bench.bench_serve_hostile import slow_reader
from kb.serve.server import Connections, Limits, make_server
from kb.store.embedded import SCRATCH
from tests.hostile import CLI, ROOT

LITERALS = 200
#: Each literal 100 kB: a SELECT of them all is 20 MB of JSON, far more than sockets buffer.
LITERAL = 100_000
ALL = "SELECT ?o WHERE { ?s ?p ?o }"
ASK = "ASK { ?s ?p ?o }"
CROSS_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def kb(nquads_kb: Callable[[str, Iterable[str]], str]) -> str:
    return nquads_kb(
        "fair-workers",
        (
            f'<http://example.org/s{n}> <http://example.org/p> "{n} {"x" * LITERAL}" '
            "<http://example.org/g> .\n"
            for n in range(LITERALS)
        ),
    )


class InProcess:
    """A server in this process, with its log."""

    def __init__(self, kb: str, limits: Limits, threads: int = 32) -> None:
        self.log: list[str] = []
        self.server = make_server(
            kb,
            "127.0.0.1",
            0,
            limits=limits,
            log=self.log.append,
            connections=Connections(threads=threads),
        )
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.server.endpoint.close()

    def get(self, query: str) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            connection.request("GET", "/query?" + urllib.parse.urlencode({"query": query}))
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()


@pytest.fixture
def served(kb: str) -> Iterator[InProcess]:
    """Two query workers and two threads to answer requests; a timeout no test reaches."""
    running = InProcess(kb, Limits(timeout=600, workers=2), threads=2)
    yield running
    running.stop()


def spools(kb: str) -> list[str]:
    """Return the files this process holds open in the store's scratch directory."""
    scratch = str(Path(kb, SCRATCH))
    held = []
    for fd in Path("/proc/self/fd").iterdir():
        with contextlib.suppress(OSError):
            if os.readlink(fd).startswith(scratch):
                held.append(fd.name)
    return held


def read_to_the_end(sock: socket.socket) -> bytes:
    """Read a chunked response to its last chunk; return its body."""
    data = b""
    while not data.endswith(b"\r\n0\r\n\r\n"):
        chunk = sock.recv(1 << 20)
        assert chunk, "the server closed the connection before the last chunk"
        data += chunk
    _, _, chunked = data.partition(b"\r\n\r\n")
    body = b""
    while True:
        size, _, chunked = chunked.partition(b"\r\n")
        if int(size, 16) == 0:
            return body
        body, chunked = body + chunked[: int(size, 16)], chunked[int(size, 16) + 2 :]


def until(condition: Callable[[], bool], what: str) -> None:
    """Wait for ``condition`` (an event of the server, not a time: the limit only ends a
    test that would otherwise hang)."""
    deadline = time.monotonic() + 120
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


def test_slow_readers_hold_no_worker_and_their_spools_go_with_them(
    served: InProcess, kb: str
) -> None:
    readers = [slow_reader(served.port, ALL) for _ in range(2)]
    try:
        # Both slow readers open and unread, holding both workers and both threads were they
        # to wait for them: an ordinary query is answered meanwhile.
        status, body = served.get(ASK)
        assert status == 200 and json.loads(body)["boolean"] is True
        # Each result was written whole: the two workers are free, the rest waits in spools.
        until(lambda: len(spools(kb)) == 2, "the results of the slow readers were not spooled")
        until(lambda: len(served.server.endpoint.workers.free) == 2, "workers still held")
        for sock in readers:  # each gets its whole result, at its own pace
            rows = json.loads(read_to_the_end(sock))["results"]["bindings"]
            assert len(rows) == LITERALS
            assert {len(row["o"]["value"]) > LITERAL for row in rows} == {True}
        for sock in readers:  # and its connection is kept for its next request
            sock.sendall(b"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert sock.recv(15) == b"HTTP/1.1 200 OK"
        until(lambda: spools(kb) == [], "a spool outlived its response")
    finally:
        for sock in readers:
            sock.close()


def test_a_client_that_leaves_with_its_result_spooled_leaves_no_spool(
    served: InProcess, kb: str
) -> None:
    sock = slow_reader(served.port, ALL)
    until(lambda: len(spools(kb)) == 1, "the result of the slow reader was not spooled")
    sock.close()
    until(lambda: spools(kb) == [], "the spool of a client that left was kept")
    assert served.get(ASK)[0] == 200


def test_a_client_that_keeps_up_makes_no_spool(served: InProcess, kb: str) -> None:
    status, body = served.get(ALL)
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == LITERALS
    assert spools(kb) == []


@pytest.fixture(scope="module")
def cross_kb(nquads_kb: Callable[[str, Iterable[str]], str]) -> str:
    """A store whose three-way cross product counts 8 billion rows: minutes of work."""
    return nquads_kb(
        "worker-death",
        (
            f'<http://example.org/s{n}> <http://example.org/p> "v {n}" <http://example.org/g> .\n'
            for n in range(2_000)
        ),
    )


@pytest.mark.parametrize(
    ("sent", "said"),
    [(signal.SIGTERM, "ended by the signal SIGTERM"), (signal.SIGSEGV, "crashed (SIGSEGV)")],
)
def test_a_worker_killed_by_a_signal_is_reported_as_such(
    cross_kb: str, sent: signal.Signals, said: str
) -> None:
    served = InProcess(cross_kb, Limits(timeout=600, workers=1))
    try:
        answer: list[tuple[int, bytes]] = []
        asking = threading.Thread(target=lambda: answer.append(served.get(CROSS_COUNT)))
        asking.start()
        workers = served.server.endpoint.workers
        until(lambda: not workers.free, "the query did not reach its worker")
        (worker,) = workers.running
        os.kill(worker.process.pid, sent)
        asking.join(timeout=120)
        ((status, body),) = answer
        text = body.decode()
        assert status == 503 and said in text, text
        assert "memory" not in text and "--timeout" not in text
        logged = [line for line in served.log if said in line]
        assert len(logged) == 1 and "\n" not in logged[0], served.log
        assert not any("Traceback" in line for line in served.log)
        assert served.get("ASK { ?s ?p ?o }")[0] == 200  # a new worker took its place
    finally:
        served.stop()


def test_a_one_shot_query_whose_worker_is_killed_says_so(cross_kb: str) -> None:
    query = subprocess.Popen(
        [*CLI, "query", "--kb", cross_kb, "--timeout", "600", CROSS_COUNT],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    children = Path(f"/proc/{query.pid}/task/{query.pid}/children")
    until(lambda: bool(children.read_text().split()), "the query started no worker")
    (worker,) = map(int, children.read_text().split())
    os.kill(worker, signal.SIGTERM)
    out, err = query.communicate(timeout=120)
    assert query.returncode == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "ended by the signal SIGTERM" in lines[0], err


def asked_from(address: str, port: int, query: str) -> socket.socket:
    """Return a connection from ``address`` (another loopback address: another client) that
    asked for ``query``; its answer is left unread."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=120, source_address=(address, 0))
    target = "/query?" + urllib.parse.urlencode({"query": query})
    sock.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    return sock


def test_a_client_that_queues_many_queries_makes_another_wait_for_one_not_all(
    cross_kb: str,
) -> None:
    """One worker, one greedy client with four endless queries (one running, three waiting),
    then another client's ordinary query: when the running one ends (its client leaves), the
    worker goes to the other client, whose turn it is, not to the greedy client's next."""
    served = InProcess(cross_kb, Limits(timeout=600, workers=1))
    workers = served.server.endpoint.workers
    greedy = [asked_from("127.0.0.2", served.port, CROSS_COUNT)]
    try:
        until(lambda: workers.holding["127.0.0.2"] == 1, "the greedy client got no worker")
        greedy += [asked_from("127.0.0.2", served.port, CROSS_COUNT) for _ in range(3)]
        until(lambda: len(workers.waiting.get("127.0.0.2", ())) == 3, "its queries did not wait")
        other = asked_from("127.0.0.3", served.port, ASK)
        until(lambda: "127.0.0.3" in workers.waiting, "the other client's query did not wait")
        greedy[0].close()  # the running query's client leaves: its worker is replaced
        with other, other.makefile("rb") as answer:
            assert answer.readline().startswith(b"HTTP/1.1 200")
    finally:
        for sock in greedy:
            sock.close()
        served.stop()


def test_results_that_cannot_be_spooled_are_cut_with_one_line(
    nquads_kb: Callable[[str, Iterable[str]], str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No directory takes a spool (here the store's scratch/ and the user's cache are files):
    the slow reader's response is cut, the log says why and what to do, the server answers."""
    kb = nquads_kb(
        "unspooled",
        (
            f'<http://example.org/s{n}> <http://example.org/p> "{n} {"x" * LITERAL}" '
            "<http://example.org/g> .\n"
            for n in range(LITERALS)
        ),
    )
    Path(kb, SCRATCH).write_text("not a directory")
    (tmp_path / "cache").write_text("not a directory")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    served = InProcess(kb, Limits(timeout=600, workers=1))
    try:
        with slow_reader(served.port, ALL) as sock:
            until(lambda: any("cannot keep" in line for line in served.log), "nothing logged")
            sock.settimeout(60)
            with contextlib.suppress(OSError):
                while sock.recv(1 << 20):
                    pass  # read to the cut: the connection is closed
        (line,) = [line for line in served.log if "cannot keep" in line]
        assert "free space in the store's directory" in line and "\n" not in line
        assert not any("Traceback" in line or "request failed" in line for line in served.log)
        assert served.get(ASK)[0] == 200
    finally:
        served.stop()
