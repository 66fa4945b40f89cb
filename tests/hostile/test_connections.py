"""Open connections to `claimkb serve` are bounded: idle ones hold no thread, and past the cap
the one idle longest is closed (or, none idle, the new one gets 503).

The rule: a server's threads are a fixed pool whatever the number of clients, and the server
answers a new client however many connections sit open.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import http.client
import json
import re
import select
import socket
import subprocess
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest

from kb.serve.connections import PooledHTTPServer
from kb.serve.server import Connections, make_server
from tests.hostile import CLI

ASK = "ASK { ?s ?p ?o }"
IDLE_CONNECTIONS = 300


@pytest.fixture(scope="module")
def kb(nquads_kb: Callable[[str, Iterable[str]], str]) -> str:
    return nquads_kb(
        "connections",
        (
            f'<http://example.org/s{n}> <http://example.org/p> "v {n}" <http://example.org/g> .\n'
            for n in range(50)
        ),
    )


def kept_alive(port: int) -> socket.socket:
    """Return a connection that had one request answered and stays open, idle."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=60)
    assert exchange(sock).startswith(b"HTTP/1.1 404")
    return sock


def exchange(sock: socket.socket) -> bytes:
    """Send a request for a page that is not there; return the whole response, kept alive."""
    sock.sendall(b"GET /no-such-page HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    answer = b""
    while b"\r\n\r\n" not in answer:
        answer += sock.recv(4096)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert b"Connection: close" not in head
    length = int(head.split(b"Content-Length: ")[1].split(b"\r\n")[0])
    while len(body) < length:
        body += sock.recv(4096)
    return answer


def ask(port: int, connection: http.client.HTTPConnection | None = None) -> bool:
    """Return the answer to ASK, on ``connection`` (kept open) or on a new one."""
    if connection is None:
        with contextlib.closing(http.client.HTTPConnection("127.0.0.1", port, timeout=60)) as new:
            return ask(port, new)
    connection.request("GET", "/query?" + urllib.parse.urlencode({"query": ASK}))
    response = connection.getresponse()
    assert response.status == 200, response.read()
    return bool(json.loads(response.read())["boolean"])


def threads(pid: int) -> int:
    return len(list(Path(f"/proc/{pid}/task").iterdir()))


def test_idle_connections_hold_no_thread_and_the_server_still_answers(
    kb: str, tmp_path: Path
) -> None:
    log = tmp_path / "serve.log"
    with log.open("w") as err:
        server = subprocess.Popen([*CLI, "serve", "--kb", kb, "--port", "0"], stderr=err)
    sockets = []
    try:
        port = serving_port(log, server)
        before = threads(server.pid)
        sockets = [kept_alive(port) for _ in range(IDLE_CONNECTIONS)]
        during = threads(server.pid)
        assert during <= before + 2, (before, during)  # a thread a connection would be 300 more
        assert ask(port)
        assert all(sock.fileno() != -1 for sock in sockets)
        # An idle connection is answered when it speaks again.
        assert exchange(sockets[0]).startswith(b"HTTP/1.1 404")
    finally:
        for sock in sockets:
            sock.close()
        server.terminate()
        server.wait(timeout=60)


def serving_port(log: Path, server: subprocess.Popen[bytes]) -> int:
    """Return the port `claimkb serve` says it listens on (its first line on stderr)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and server.poll() is None:
        match = re.search(r"at http://127\.0\.0\.1:(\d+)/", log.read_text())
        if match:
            return int(match.group(1))
        time.sleep(0.1)
    raise AssertionError(f"claimkb serve did not start: {log.read_text()}")


@pytest.fixture
def small(kb: str) -> Iterator[PooledHTTPServer]:
    """A server in this process with 4 handler threads and room for 20 connections."""
    server = make_server(kb, "127.0.0.1", 0, connections=Connections(threads=4, max_open=20))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    server.endpoint.close()


def test_past_the_cap_the_connection_idle_longest_is_closed(small: PooledHTTPServer) -> None:
    port = small.server_address[1]
    sockets = []
    for n in range(1, 21):
        sockets.append(kept_alive(port))
        # A handler parks its connection after the answer is sent: under load the next one can
        # be parked first, so wait until this one is idle (the order "idle longest" reads).
        deadline = time.monotonic() + 60
        while len(small.lobby.idle) < n and time.monotonic() < deadline:
            time.sleep(0.01)
    try:
        assert ask(port)  # the 21st connection: room is made for it
        sockets[0].settimeout(10)
        assert sockets[0].recv(100) == b""  # the one idle longest was closed
        for sock in sockets[1:]:
            assert exchange(sock).startswith(b"HTTP/1.1 404")
    finally:
        for sock in sockets:
            sock.close()


def test_past_the_cap_with_none_idle_a_new_connection_gets_503(kb: str) -> None:
    small = make_server(
        kb,
        "127.0.0.1",
        0,
        allow_update=True,
        token="t",
        connections=Connections(threads=4, max_open=20),
    )
    threading.Thread(target=small.serve_forever, daemon=True).start()
    port = small.server_address[1]
    # Twenty updates with the token whose bodies stop past what the lobby gathers (a
    # megabyte): four read on by the threads, sixteen waiting for one.
    sockets = [socket.create_connection(("127.0.0.1", port), timeout=60) for _ in range(20)]
    head = (
        b"POST /update HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer t\r\n"
        b"Content-Type: application/sparql-update\r\nContent-Length: 3000000\r\n\r\n"
    )
    try:
        for sock in sockets:
            sock.sendall(head + b" " * 1_100_000)
        deadline = time.monotonic() + 60
        while (small.lobby.open < 20 or small.lobby.idle) and time.monotonic() < deadline:
            time.sleep(0.05)  # until the server has taken up every request
        refused = socket.create_connection(("127.0.0.1", port), timeout=60)
        with refused:
            assert refused.recv(100).startswith(b"HTTP/1.1 503")
    finally:
        for sock in sockets:
            sock.close()
    try:
        assert answered_when_room(port)  # the requests gone, the server answers again
    finally:
        small.shutdown()
        small.server_close()
        small.endpoint.close()


def test_heads_sent_a_byte_at_a_time_hold_no_thread(small: PooledHTTPServer) -> None:
    """Slowloris: more slow clients than threads, and the server answers another at once."""
    port = small.server_address[1]
    slow = [socket.create_connection(("127.0.0.1", port), timeout=60) for _ in range(12)]
    try:
        for sock in slow:
            sock.sendall(b"GET /no-such-page HTTP/1.1\r\nHost: 1")
        assert ask(port)
        # Answered while every slow client was still waiting on its head: none was closed.
        assert select.select(slow, [], [], 0)[0] == []
        for sock in slow:  # the heads finished: each is answered
            sock.sendall(b"27.0.0.1\r\n\r\n")
        assert all(sock.recv(100).startswith(b"HTTP/1.1 404") for sock in slow)
    finally:
        for sock in slow:
            sock.close()


def test_bodies_sent_a_byte_at_a_time_hold_no_thread(small: PooledHTTPServer) -> None:
    """R-U-Dead-Yet: more clients than threads, each with a whole head and a body that trickles
    in; the server answers another at once, and each slow one once its body is whole."""
    port = small.server_address[1]
    body = ASK.encode()
    head = (
        "POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode()
    slow = [socket.create_connection(("127.0.0.1", port), timeout=60) for _ in range(12)]
    try:
        for sock in slow:
            sock.sendall(head + body[:3])
        assert ask(port)
        assert select.select(slow, [], [], 0)[0] == []
        for sock in slow:
            sock.sendall(body[3:])
        assert all(sock.recv(100).startswith(b"HTTP/1.1 200") for sock in slow)
    finally:
        for sock in slow:
            sock.close()


def test_a_client_waiting_for_100_continue_gets_it_once(small: PooledHTTPServer) -> None:
    port = small.server_address[1]
    body = urllib.parse.urlencode({"query": ASK}).encode()
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        sock.sendall(
            b"POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: %d\r\n\r\n" % len(body)
        )
        assert sock.recv(100) == b"HTTP/1.1 100 Continue\r\n\r\n"
        sock.sendall(body)
        answer = b""
        while b"true" not in answer and (chunk := sock.recv(4096)):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 200")
    assert b"100 Continue" not in answer


def test_a_body_unfinished_past_the_request_time_is_closed(kb: str) -> None:
    connections = Connections(threads=1, max_open=10, request_seconds=1)
    server = make_server(kb, "127.0.0.1", 0, connections=connections)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    try:
        sock = socket.create_connection(("127.0.0.1", port), timeout=60)
        with sock:
            sock.sendall(b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nSEL")
            assert ask(port)  # the only thread is free: the body waits in the lobby
            assert sock.recv(100) == b""  # closed by the server, not answered
    finally:
        server.shutdown()
        server.server_close()
        server.endpoint.close()


def test_a_head_unfinished_past_the_request_time_is_closed(kb: str) -> None:
    connections = Connections(threads=2, max_open=10, request_seconds=1)
    server = make_server(kb, "127.0.0.1", 0, connections=connections)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        sock = socket.create_connection(("127.0.0.1", server.server_address[1]), timeout=60)
        with sock:
            sock.sendall(b"GET /no-such-page HTTP/1.1\r\n")
            assert sock.recv(100) == b""  # closed by the server, not answered
        assert ask(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()
        server.endpoint.close()


def answered_when_room(port: int) -> bool:
    """Return the answer to ASK once the server has closed what its clients closed."""
    deadline = time.monotonic() + 60
    while True:
        try:
            return ask(port)
        except (AssertionError, OSError, http.client.HTTPException):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_many_parallel_clients_all_get_answers(small: PooledHTTPServer) -> None:
    port = small.server_address[1]

    def client(_: int) -> list[bool]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        try:
            return [ask(port, connection) for _ in range(5)]
        finally:
            connection.close()

    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        answers = [a for batch in pool.map(client, range(16)) for a in batch]
    assert answers == [True] * 80
