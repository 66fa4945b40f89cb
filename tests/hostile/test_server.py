"""Hostile requests to a real `claimkb serve`: heavy queries, clients that leave, cross-site writes.

The server runs as the user runs it (the CLI in a subprocess) over a store of generated triples,
large enough that the cross products below would run for minutes and grow without bound. The
rule under test: no request can take the server down, keep working after its client left, or
change the knowledge base without the server's token from a page of the server's own origin.
"""

from __future__ import annotations

import http.client
import json
import re
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest

from kb.store import open_store
from tests.hostile.served import Server

TRIPLES = 2_000
CROSS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"
COUNT_CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SPARQL_QUERY = "application/sparql-query"
#: Far above what the server needs (about 150 MB with its workers), below the 600 MB of JSON
#: the cross product makes: a server that built the results before sending them would cross it.
MEMORY_BOUND_MB = 500


@pytest.fixture(scope="module")
def kb(nquads_kb: Callable[[str, Iterable[str]], str]) -> str:
    return nquads_kb(
        "hostile-server",
        (
            f'<http://example.org/article/{n % 20}/s{n}> <http://example.org/p{n % 7}> "v {n}" '
            f"<http://example.org/article/{n % 20}> .\n"
            for n in range(TRIPLES)
        ),
    )


@pytest.fixture(scope="module")
def server(kb: str) -> Iterator[Server]:
    running = Server(kb, "--max-rows", "3000000")
    yield running
    running.stop()


def leave_after_headers(server: Server, query: str) -> None:
    """Send ``query``, wait for the response to start, and close the connection."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=60) as sock:
        target = "/query?" + urllib.parse.urlencode({"query": query})
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        assert sock.recv(100).startswith(b"HTTP/1.1 200")


def test_a_result_larger_than_memory_allows_streams_within_a_bound(server: Server) -> None:
    # 4 million rows, some 600 MB of JSON: read 60 MB of it, watching the server's memory.
    connection = server.connection()
    connection.request("GET", "/query?" + urllib.parse.urlencode({"query": CROSS}))
    response = connection.getresponse()
    assert response.status == 200
    assert response.getheader("Transfer-Encoding") == "chunked"
    received, peak = 0, 0.0
    while received < 60 * 2**20:
        try:
            chunk = response.read(2**20)
        except http.client.IncompleteRead:
            chunk = b""
        assert chunk, f"the results ended early: {server.lines[-3:]}"
        received += len(chunk)
        if received % (5 * 2**20) < 2**20:
            peak = max(peak, server.rss_mb())
    connection.close()
    assert peak < MEMORY_BOUND_MB
    assert server.count() == TRIPLES


def test_a_query_past_the_timeout_is_stopped_and_the_server_answers(kb: str) -> None:
    running = Server(kb, "--timeout", "3")
    try:
        status, body = running.get(COUNT_CROSS)
        assert status == 503
        assert "--timeout" in body.decode()
        assert running.count() == TRIPLES
    finally:
        running.stop()


def test_a_query_that_ends_its_worker_leaves_the_server_answering(server: Server) -> None:
    # Sorting 4 million rows needs more than the 1 GB a query may use.
    query = CROSS + " ORDER BY ?c ?f"
    status, body = server.post("/query", query.encode(), {"Content-Type": SPARQL_QUERY})
    assert status == 503
    assert "narrow it" in body.decode()
    assert server.count() == TRIPLES


#: The parser recurses: 100,000 nested groups overflow the stack of whoever parses them.
NESTED = "SELECT * WHERE " + "{ " * 100_000 + "?s ?p ?o" + " }" * 100_000


def test_a_query_nested_past_the_parser_is_refused(server: Server) -> None:
    status, body = server.post("/query", NESTED.encode(), {"Content-Type": SPARQL_QUERY})
    assert status == 400
    assert "nests 100,000 levels" in body.decode()
    assert server.count() == TRIPLES


#: 20,000 ``||`` in one filter: a tree 20,000 deep, past the engine's stack.
CHAINED = "SELECT * WHERE { ?s ?p ?o FILTER(true" + " || true" * 20_000 + ") }"


def test_a_query_chained_past_the_engine_is_refused(server: Server) -> None:
    status, body = server.post("/query", CHAINED.encode(), {"Content-Type": SPARQL_QUERY})
    assert status == 400
    assert "operators and group elements" in body.decode()
    assert server.count() == TRIPLES


def test_a_query_whose_client_left_is_stopped(kb: str) -> None:
    # A long timeout: only the client's leaving can stop the worker before it.
    running = Server(kb, "--timeout", "600")
    try:
        deadline = time.monotonic() + 30
        while len(running.processes()) < 3 and time.monotonic() < deadline:
            time.sleep(0.1)  # the two workers start
        workers = running.processes() - {running.process.pid}
        connection = running.connection()
        connection.request("GET", "/query?" + urllib.parse.urlencode({"query": COUNT_CROSS}))
        time.sleep(1)
        connection.close()
        while running.processes() >= workers | {running.process.pid}:
            assert time.monotonic() < deadline, "the worker still runs after its client left"
            time.sleep(0.1)
        assert running.count() == TRIPLES
    finally:
        running.stop()


def _gone_within(pids: set[int], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        alive = {p for p in pids if Path(f"/proc/{p}").exists()}
        if not alive or all(
            Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
            for p in alive
            if Path(f"/proc/{p}/stat").exists()
        ):
            return True
        time.sleep(0.1)
    return False


def test_query_workers_die_with_a_server_killed_by_sigkill(kb: str) -> None:
    """A SIGKILL runs no cleanup: the workers, one mid-query, see their parent gone and exit."""
    import signal

    running = Server(kb, "--timeout", "600")
    deadline = time.monotonic() + 30
    while len(running.processes()) < 3 and time.monotonic() < deadline:
        time.sleep(0.1)
    workers = running.processes() - {running.process.pid}
    connection = running.connection()
    connection.request("GET", "/query?" + urllib.parse.urlencode({"query": COUNT_CROSS}))
    time.sleep(1)  # the query runs in a worker
    running.process.send_signal(signal.SIGKILL)
    running.stop()  # reaps it and closes its log
    connection.close()
    assert workers and _gone_within(workers, 10)


def test_a_one_shot_query_worker_dies_with_its_command(kb: str) -> None:
    import signal

    command = [sys.executable, "-c", "from kb.cli import main; main()", "query", "--kb", kb]
    query = subprocess.Popen([*command, "--timeout", "600", COUNT_CROSS])
    children = Path(f"/proc/{query.pid}/task/{query.pid}/children")
    deadline = time.monotonic() + 30
    while not children.read_text().split() and time.monotonic() < deadline:
        time.sleep(0.05)
    worker = set(map(int, children.read_text().split()))
    time.sleep(1)
    query.send_signal(signal.SIGKILL)
    query.wait()
    assert worker and _gone_within(worker, 10)


def test_a_streamed_query_whose_client_left_is_stopped(server: Server) -> None:
    leave_after_headers(server, CROSS)
    assert server.count() == TRIPLES


def test_max_rows_ends_a_well_formed_result(kb: str) -> None:
    running = Server(kb, "--max-rows", "1000")
    try:
        for accept, count in [
            (
                "application/sparql-results+json",
                lambda b: len(json.loads(b)["results"]["bindings"]),
            ),
            ("text/csv", lambda b: len(b.decode().splitlines()) - 1),
            ("text/tab-separated-values", lambda b: len(b.decode().splitlines()) - 1),
            ("application/sparql-results+xml", lambda b: b.decode().count("<result>")),
        ]:
            status, body = running.get(CROSS, {"Accept": accept})
            assert status == 200
            assert count(body) == 1000
        status, body = running.get("CONSTRUCT WHERE { ?s ?p ?o }", {"Accept": "text/plain"})
        assert (status, len(body.decode().splitlines())) == (200, 1000)
    finally:
        running.stop()


def test_xml_results_of_hostile_article_text_are_well_formed(
    hostile_kb: tuple[Path, str],
) -> None:
    """Control characters from an article (an ESC, BEL, C1) in served XML results: a strict
    XML 1.0 reader parses them, and the text reads back as the CLI prints it."""
    from xml.etree import ElementTree

    from tests.hostile.test_terminal_and_templates import TITLE

    running = Server(hostile_kb[1])
    try:
        accept = {"Accept": "application/sparql-results+xml"}
        status, body = running.get("SELECT ?t { ?s <https://schema.org/text> ?t }", accept)
    finally:
        running.stop()
    assert status == 200, body
    texts = [e.text or "" for e in ElementTree.fromstring(body).iter() if e.tag.endswith("literal")]
    assert any("\\x1b]0;pwned title\\x07" in text for text in texts), texts
    assert TITLE[0] not in body.decode()


#: A literal of every control a scraped page can hold beside CSV's and XML's own characters.
CONTROLS = 'a\rb\r\nc\x1b]0;title\x07d\x85e,f"g\nh<i>&'
SELECT_CONTROLS = "SELECT ?o { <http://example.org/s> ?p ?o }"
RESULT_TYPES = {
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "json": "application/sparql-results+json",
}


@pytest.fixture(scope="module")
def controls_kb(nquads_kb: Callable[[str, Iterable[str]], str]) -> str:
    import pyoxigraph as ox

    literal = ox.Literal(CONTROLS)
    line = f"<http://example.org/s> <http://example.org/p> {literal} <http://example.org/a> .\n"
    return nquads_kb("controls", [line])


@pytest.mark.parametrize("fmt", sorted(RESULT_TYPES))
def test_cli_and_server_write_the_same_inert_results(controls_kb: str, fmt: str) -> None:
    """`claimkb query --format F` and the server's F are the same bytes, no control raw."""
    from click.testing import CliRunner

    from kb.cli import main
    from tests.hostile.test_terminal_and_templates import assert_inert

    printed = CliRunner().invoke(
        main, ["query", "--kb", controls_kb, "--format", fmt, SELECT_CONTROLS]
    )
    assert printed.exit_code == 0, printed.output
    running = Server(controls_kb)
    try:
        status, served = running.get(SELECT_CONTROLS, {"Accept": RESULT_TYPES[fmt]})
    finally:
        running.stop()
    assert status == 200, served
    assert printed.stdout_bytes == served
    assert_inert(served.decode().replace("\r\n", "\n"))


def test_xml_results_keep_a_carriage_return(controls_kb: str) -> None:
    """A strict XML reader reads the literal back with its CR (a raw one reads as a newline)."""
    from xml.etree import ElementTree

    from click.testing import CliRunner

    from kb.cli import main

    printed = CliRunner().invoke(
        main, ["query", "--kb", controls_kb, "--format", "xml", SELECT_CONTROLS]
    )
    texts = [e.text for e in ElementTree.fromstring(printed.stdout_bytes).iter() if e.text]
    assert 'a\rb\r\nc\\x1b]0;title\\x07d\x85e,f"g\nh<i>&' in texts


def test_served_csv_quotes_a_line_break_in_a_field(controls_kb: str) -> None:
    """A newline in article text cannot forge a row of served CSV: RFC 4180 quotes the field."""
    import csv
    import io

    running = Server(controls_kb)
    try:
        status, served = running.get(SELECT_CONTROLS, {"Accept": "text/csv"})
    finally:
        running.stop()
    rows = list(csv.reader(io.StringIO(served.decode(), newline="")))
    assert status == 200
    assert len(rows) == 2
    assert rows[1] == ['a\\x0db\r\nc\\x1b]0;title\\x07d\\x85e,f"g\nh<i>&']


def test_served_rdf_xml_of_hostile_text_is_well_formed(controls_kb: str) -> None:
    """pyoxigraph's RDF/XML writer leaves an ESC raw; the server's RDF/XML parses, CR kept."""
    import pyoxigraph as ox

    running = Server(controls_kb)
    try:
        construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
        status, served = running.get(construct, {"Accept": "application/rdf+xml"})
    finally:
        running.stop()
    assert status == 200, served
    (triple,) = ox.parse(served, format=ox.RdfFormat.RDF_XML)
    assert triple.object.value == 'a\rb\r\nc\\x1b]0;title\\x07d\x85e,f"g\nh<i>&'


def test_service_is_refused_by_the_server(server: Server) -> None:
    status, body = server.get("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    assert status == 403
    assert "--allow-service" in body.decode()


@pytest.fixture
def writable(kb: str, tmp_path: Path) -> Iterator[Server]:
    copy = tmp_path / "kb"
    with open_store(str(copy)) as store:
        store.load(Path(kb).parent / "data.nq")
    running = Server(str(copy), "--allow-update")
    yield running
    running.stop()


def token_of(server: Server) -> str:
    match = re.search(r"Bearer (\S+)'", server.lines[1])
    assert match, server.lines
    return match.group(1)


FORM = {"Content-Type": "application/x-www-form-urlencoded"}
DROP = urllib.parse.urlencode({"update": "DROP ALL"}).encode()


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        # What a page on another site sends when it submits a form to the server.
        ("/update", {**FORM, "Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"}),
        ("/query", {**FORM, "Origin": "http://evil.example"}),
        ("/update", {**FORM, "Sec-Fetch-Site": "cross-site"}),
        # A page whose name resolves to 127.0.0.1 (DNS rebinding) is same-origin to itself.
        ("/update", {**FORM, "Host": "evil.example:7878", "Origin": "http://evil.example:7878"}),
        # No browser at all, but no token either.
        ("/update", FORM),
        ("/update", {**FORM, "Authorization": "Bearer not-the-token"}),
    ],
)
def test_a_cross_site_or_tokenless_update_changes_nothing(
    writable: Server, path: str, headers: dict[str, str]
) -> None:
    status, _ = writable.post(path, DROP, headers)
    assert status == 403
    assert writable.count() == TRIPLES


def test_an_update_whose_target_names_another_host_changes_nothing(writable: Server) -> None:
    """A request target in absolute form names the host, whatever the Host header says (a
    rebinding sent through a proxy)."""
    headers = {
        **FORM,
        "Authorization": f"Bearer {token_of(writable)}",
        "Host": f"127.0.0.1:{writable.port}",
    }
    status, body = writable.post("http://evil.example:7878/update", DROP, headers)
    assert status == 403, body
    assert writable.count() == TRIPLES


def test_an_update_nested_past_the_parser_leaves_the_server_answering(writable: Server) -> None:
    """The server parses updates in its own process: a stack overflow there would end it."""
    headers = {**FORM, "Authorization": f"Bearer {token_of(writable)}"}
    nested = "DELETE { ?s ?p ?o } WHERE " + "{ " * 100_000 + "?s ?p ?o" + " }" * 100_000
    status, body = writable.post(
        "/update", urllib.parse.urlencode({"update": nested}).encode(), headers
    )
    assert status == 400, body
    assert writable.count() == TRIPLES


def test_an_update_chained_past_the_engine_leaves_the_server_answering(writable: Server) -> None:
    """An update runs in the server's own process: 10,000 UNIONs would overflow its stack."""
    headers = {**FORM, "Authorization": f"Bearer {token_of(writable)}"}
    chained = "DELETE { ?s ?p ?o } WHERE { {?s ?p ?o}" + " UNION {?s ?p ?o}" * 10_000 + " }"
    status, body = writable.post(
        "/update", urllib.parse.urlencode({"update": chained}).encode(), headers
    )
    assert status == 400, body
    assert writable.count() == TRIPLES


def test_an_update_with_the_token_is_applied(writable: Server) -> None:
    headers = {**FORM, "Authorization": f"Bearer {token_of(writable)}"}
    status, _ = writable.post("/update", DROP, headers)
    assert status == 204
    assert writable.count() == 0
