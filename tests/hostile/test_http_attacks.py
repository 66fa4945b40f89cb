"""Attacks on `claimkb serve`'s HTTP: heads that never end or never fit, bodies framed to be read
two ways, pipelines, oversized query strings and forms, every media type, every method.

The rule for each: the server answers it with a status (or closes the connection) and then
answers the next ordinary request; its log holds no traceback and no internal error; its memory
stays bounded. A body whose length is not plain (a Transfer-Encoding, two Content-Lengths) is
refused and the connection closed, so no byte of it is ever read as a request of its own.
"""

from __future__ import annotations

import contextlib
import json
import resource
import socket
import time
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from typing import IO

import pytest

from tests.hostile.served import Server

TRIPLES = 200
ASK = "ASK { ?s ?p ?o }"
#: The server and its two workers need about 150 MB; an attack that made it buffer what it was
#: sent (megabytes a connection) would pass this.
MEMORY_BOUND_MB = 400


@pytest.fixture(scope="module")
def kb(nquads_kb: Callable[[str, Iterable[str]], str]) -> str:
    return nquads_kb(
        "http-attacks",
        (
            f'<http://example.org/s{n}> <http://example.org/p> "v {n}" <http://example.org/g> .\n'
            for n in range(TRIPLES)
        ),
    )


@pytest.fixture(scope="module")
def server(kb: str) -> Iterator[Server]:
    running = Server(kb)
    yield running
    running.stop()


@pytest.fixture(autouse=True)
def still_standing(server: Server) -> Iterator[None]:
    """After each attack: the next ordinary request is answered, nothing went wrong inside."""
    yield
    assert server.count() == TRIPLES
    log = "".join(server.lines)
    assert "Traceback" not in log and "request failed" not in log, log[-2000:]
    assert server.rss_mb() < MEMORY_BOUND_MB


def connect(server: Server) -> socket.socket:
    return socket.create_connection(("127.0.0.1", server.port), timeout=60)


def sent(server: Server, data: bytes) -> bytes:
    """Send ``data`` on a new connection; return all the server sends back until it closes or
    is silent (a reset after its answer counts as the end)."""
    with connect(server) as sock:
        with contextlib.suppress(OSError):
            sock.sendall(data)
        return received(sock)


def received(sock: socket.socket) -> bytes:
    answer = b""
    sock.settimeout(5)  # the answer is whole once the server is silent this long
    with contextlib.suppress(OSError):
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


def head(method: str = "GET", target: str = "/query?query=ASK%7B%7D", *lines: str) -> bytes:
    return "\r\n".join([f"{method} {target} HTTP/1.1", "Host: 127.0.0.1", *lines, "", ""]).encode()


def query_target(query: str = ASK) -> str:
    return "/query?" + urllib.parse.urlencode({"query": query})


def test_many_connections_that_never_finish_their_heads(server: Server) -> None:
    """Slowloris on the head, past the number of connections the server keeps open."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 4096)), hard))
    slow = []
    try:
        for n in range(600):  # the server keeps 512: the ones idle longest are closed
            sock = connect(server)
            sock.sendall(f"GET /query?query=ASK%7B%7D HTTP/1.1\r\nX-Slow-{n}: ".encode())
            slow.append(sock)
        assert server.count() == TRIPLES  # answered while 600 heads hang
    finally:
        for sock in slow:
            sock.close()


@pytest.mark.parametrize("where", ["request line", "header"])
def test_a_head_line_of_megabytes_sent_at_once(server: Server, where: str) -> None:
    long = "a" * 4_000_000
    data = (
        f"GET /query?query={long} HTTP/1.1\r\n\r\n".encode()
        if where == "request line"
        else head("GET", "/", f"X-Long: {long}")
    )
    answer = sent(server, data)
    # Refused unread (the rest reset): the status arrives unless the reset overtakes it.
    assert answer == b"" or answer.split(b" ")[1] in (b"414", b"431")


def test_a_head_past_the_longest_is_refused_without_waiting_for_its_end(server: Server) -> None:
    """A head of 200 kB in lines each shorter than a line may be, and no end: refused at once,
    not read on by a thread while its sender trickles the rest."""
    lines = b"".join(b"X-Long-%d: %s\r\n" % (n, b"a" * 50_000) for n in range(4))
    with connect(server) as sock:
        sock.sendall(head("GET", "/")[:-2] + lines)
        assert sock.recv(100).startswith(b"HTTP/1.1 431")
    with connect(server) as sock:
        sock.sendall(b"GET /query?query=" + b"a" * 200_000)
        assert sock.recv(100).startswith(b"HTTP/1.1 414")


def test_a_query_string_of_10_mb(server: Server) -> None:
    query = urllib.parse.quote("SELECT * { ?s ?p ?o } #" + "x" * 10_000_000)
    answer = sent(server, f"GET /query?query={query} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    assert answer == b"" or answer.startswith(b"HTTP/1.1 414")


def test_thousands_of_headers(server: Server) -> None:
    answer = sent(server, head("GET", query_target(), *(f"X-H{n}: v" for n in range(5000))))
    assert answer.startswith(b"HTTP/1.1 431")


@pytest.mark.parametrize(
    "framing",
    [
        ["Content-Length: 5", "Transfer-Encoding: chunked"],
        ["Transfer-Encoding: chunked", "Content-Length: 5"],
        ["Content-Length: 5", "Transfer-Encoding:  chunked , identity"],
        ["Content-Length: 5", "Content-Length: 50"],
        ["Content-Length: 5", "Content-Length: 5, 50"],
        ["Content-Length: -5"],
        ["Content-Length: 0x10"],
        ["Content-Length: 99999999999999999999"],
    ],
)
def test_a_body_framed_to_be_read_two_ways_is_refused_and_the_connection_closed(
    server: Server, framing: list[str]
) -> None:
    """Request smuggling: what follows the ambiguous body is never answered as a request."""
    smuggled = b"GET /smuggled HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    request = head("POST", "/query", "Content-Type: application/sparql-query", *framing)
    answer = sent(server, request + b"0\r\n\r\n" + smuggled)
    assert answer.startswith(b"HTTP/1.1 400"), answer[:200]
    assert answer.count(b"HTTP/1.1 ") == 1 and b"/smuggled" not in answer
    assert not any("/smuggled" in line for line in server.lines)


@pytest.mark.parametrize(
    "lines",
    [
        ["Content-Length : {n}"],
        ["not a header", "Content-Length: {n}"],
        ["X-Folded: a", " Content-Length: {n}"],
    ],
)
def test_a_head_with_a_line_that_is_no_header_is_refused(server: Server, lines: list[str]) -> None:
    """A Content-Length that one reader of the head sees and another does not: the body it
    declares (a request here) must never be answered as a request."""
    smuggled = b"GET /smuggled HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    request = head(
        "POST",
        "/query",
        "Content-Type: application/sparql-query",
        *(line.format(n=len(smuggled)) for line in lines),
    )
    answer = sent(server, request + smuggled)
    assert answer.startswith(b"HTTP/1.1 400") and answer.count(b"HTTP/1.1 ") == 1, answer[:300]
    assert not any("/smuggled" in line for line in server.lines)


def test_two_hosts_are_refused(server: Server) -> None:
    """The loopback server's Host check must not read one Host while another reader reads the
    other (DNS rebinding behind a proxy)."""
    answer = sent(server, head("GET", query_target(), "Host: evil.example"))
    assert answer.startswith(b"HTTP/1.1 400") and answer.count(b"HTTP/1.1 ") == 1


@pytest.mark.parametrize(
    "body",
    [
        b"zz\r\nASK {}\r\n0\r\n\r\n",
        b"-6\r\nASK {}\r\n0\r\n\r\n",
        b"ffffffffffffffffffffffff\r\nASK {}\r\n0\r\n\r\n",
        b"6;" + b"x" * 100_000 + b"\r\nASK {}\r\n0\r\n\r\n",
        b"3\r\nASK {}\r\n0\r\n\r\n",
        b"6\r\nASK {}",
    ],
)
def test_chunked_bodies_with_bad_sizes_are_refused(server: Server, body: bytes) -> None:
    request = head(
        "POST", "/query", "Content-Type: application/sparql-query", "Transfer-Encoding: chunked"
    )
    answer = sent(server, request + body + b"GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 411"), answer[:200]
    assert answer.count(b"HTTP/1.1 ") == 1


def responses(stream: IO[bytes], methods: list[str]) -> list[tuple[int, bytes]]:
    """Read the responses to requests of ``methods`` from ``stream`` in order: (status, body)."""
    found = []
    for method in methods:
        status = int(stream.readline().split()[1])
        headers = {}
        while (line := stream.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode().partition(":")
            headers[name.strip().lower()] = value.strip()
        if headers.get("transfer-encoding") == "chunked":
            body = b""
            while size := int(stream.readline().split(b";")[0], 16):
                body += stream.read(size)
                stream.readline()
            stream.readline()
        else:
            body = b"" if method == "HEAD" else stream.read(int(headers["content-length"]))
        found.append((status, body))
    return found


def test_pipelined_requests_are_answered_in_order(server: Server) -> None:
    form = urllib.parse.urlencode({"query": "SELECT ?s { ?s ?p ?o }"}).encode()
    requests = [
        head("GET", query_target()),
        head("GET", "/no-such-page"),
        head("POST", "/query", "Content-Type: application/x-www-form-urlencoded")[:-2]
        + b"Content-Length: %d\r\n\r\n" % len(form)
        + form,
        head("GET", "/query", "Content-Length: 3")[:-2] + b"\r\nabc",  # a GET's body, dropped
        head("HEAD", "/"),
        head("GET", query_target("ASK { ?s ?p 'none' }")),
    ]
    with connect(server) as sock:
        sock.sendall(b"".join(requests))
        with sock.makefile("rb") as stream:
            answers = responses(stream, ["GET", "GET", "POST", "GET", "HEAD", "GET"])
    assert [status for status, _ in answers] == [200, 404, 200, 400, 200, 200]
    assert json.loads(answers[0][1])["boolean"] is True
    assert len(json.loads(answers[2][1])["results"]["bindings"]) == TRIPLES
    assert json.loads(answers[5][1])["boolean"] is False  # after the HEAD's head alone


def test_a_form_with_thousands_of_fields(server: Server) -> None:
    form = ("query=" + urllib.parse.quote(ASK) + "&" + "a=1&" * 200_000).encode()
    request = head("POST", "/query", "Content-Type: application/x-www-form-urlencoded")
    answer = sent(server, request[:-2] + b"Content-Length: %d\r\n\r\n" % len(form) + form)
    assert answer.startswith(b"HTTP/1.1 400") and b"fields" in answer


def test_a_query_string_with_thousands_of_fields(server: Server) -> None:
    answer = sent(server, head("GET", query_target() + "&a" * 20_000))
    assert answer.startswith(b"HTTP/1.1 400") and b"fields" in answer


def test_a_read_only_server_reads_no_long_body(server: Server) -> None:
    """Past a query's megabyte the body is refused unread: 32 threads never hold 64 MB each."""
    with connect(server) as sock:
        sock.sendall(
            head("POST", "/update", "Content-Type: application/sparql-update")[:-2]
            + b"Content-Length: 60000000\r\n\r\nINSERT DATA {"
        )
        assert sock.recv(100).startswith(b"HTTP/1.1 413")


EVERY_TYPE = ", ".join(
    [
        "application/sparql-results+json;q=0.2",
        "application/sparql-results+xml;q=0.9",
        "text/csv;q=0.1",
        "text/tab-separated-values",
        "text/turtle",
        "application/n-triples",
        "application/ld+json",
        "application/rdf+xml",
        "*/*;q=0.01",
        "text/*;q=nan",
        "image/*;q=inf",
        "x/y;q=1e999;level=1",
        ";;;,,,",
    ]
    + [f"application/x-junk-{n}" for n in range(2000)]
)


@pytest.mark.parametrize(
    ("accept", "status"),
    [
        (EVERY_TYPE, 200),
        ("*/*;q=0", 406),
        (", ".join(f"text/x-{n};q=0.{n % 9 + 1}" for n in range(2500)), 406),
        ("\x7f\x01;q=\x00", 406),
    ],
)
def test_accept_headers_asking_for_every_format_or_none(
    server: Server, accept: str, status: int
) -> None:
    answer = sent(server, head("GET", query_target(), f"Accept: {accept}", "Connection: close"))
    assert answer.startswith(b"HTTP/1.1 %d" % status), answer[:300]


@pytest.mark.parametrize(
    ("request_line", "status"),
    [
        ("HEAD / HTTP/1.1", 200),
        ("HEAD /query?query=ASK%7B%7D HTTP/1.1", 405),
        ("OPTIONS /query HTTP/1.1", 403),
        ("OPTIONS * HTTP/1.1", 403),
        ("TRACE / HTTP/1.1", 501),
        ("CONNECT 127.0.0.1:22 HTTP/1.1", 501),
        ("PATCH /query HTTP/1.1", 501),
        ("DELETE /update HTTP/1.1", 501),
        ("FOO%00 / HTTP/1.1", 501),
        ("GET / HTTP/9.9", 505),
        ("GET / HTTP/1.1 extra", 400),
        ("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 400),  # a TLS hello, as text
    ],
)
def test_head_options_and_unknown_methods(server: Server, request_line: str, status: int) -> None:
    data = request_line.encode("latin-1") + b"\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    answer = sent(server, data)
    assert answer.startswith(b"HTTP/1.1 %d" % status), answer[:300]
    if request_line.startswith("HEAD"):
        head_end = answer.index(b"\r\n\r\n") + 4
        assert answer[head_end:] == b""  # no body after a HEAD's head


def test_all_attacks_at_once_leave_the_server_answering(server: Server) -> None:
    """The attacks of this file's kinds interleaved on many connections, then ordinary work."""
    socks = [connect(server) for _ in range(50)]
    try:
        for n, sock in enumerate(socks):
            with contextlib.suppress(OSError):
                sock.sendall(
                    [
                        b"GET / HTTP/1.1\r\nX-Slow: ",
                        head("POST", "/query", "Transfer-Encoding: chunked") + b"zz\r\n",
                        head("GET", "/", *(f"X-{m}: v" for m in range(200))),
                        b"BREW /pot HTTP/1.1\r\n\r\n",
                        head("GET", query_target()) * 3,
                    ][n % 5]
                )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and server.count() != TRIPLES:
            time.sleep(0.1)
    finally:
        for sock in socks:
            sock.close()
