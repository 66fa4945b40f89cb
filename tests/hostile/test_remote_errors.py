"""A misbehaving SPARQL server behind --kb: one line naming the URL and what to do, exit 2."""

from __future__ import annotations

import gzip
import http.server
import threading
import time
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from kb.cli import main

ANSWERS = {
    "html": ("text/html; charset=utf-8", b"<!doctype html><html><body>Welcome</body></html>"),
    "bad-json": ("application/sparql-results+json", b'{"head": {"vars": ["n"]}, "results": '),
    "json-not-results": ("application/sparql-results+json", b'["not", "results"]'),
    "bad-bindings": ("application/sparql-results+json", b'{"head":{"vars":["n"]},"results":5}'),
    "bad-ntriples": ("application/n-triples", b"<a> <b> this is not RDF .\n"),
    "binary": ("application/octet-stream", bytes(range(256))),
    # the connection closed before the Content-Length (IncompleteRead: an 'internal error')
    "cut": ("application/sparql-results+json", b'{"head": {"vars": ["n"]}, "results": '),
    "cut-error-page": ("text/html", b"<html><body>Server Error"),
    "no-http": ("", b"garbage, not a status line\r\n\r\n"),
    "redirect-loop": ("", b""),  # urllib's error for it spans three lines
    # nested past Python's recursion limit: json's RecursionError was an 'internal error'
    "deep-json": (
        "application/sparql-results+json",
        b'{"head": {"vars": ["n"]}, "results": {"bindings": ' + b"[" * 100_000 + b"]" * 100_000,
    ),
    "huge-number": ("application/sparql-results+json", b'{"boolean": ' + b"9" * 100_000 + b"}"),
    "gzip-unasked": ("application/sparql-results+json", gzip.compress(b"\0" * 10_000_000)),
}
#: How many bytes more than it sends each answer declares.
MISSING = {"cut": 100_000, "cut-error-page": 5_000}


@pytest.fixture(scope="module")
def misbehaving() -> Iterator[str]:
    """Yield the base URL of a server that answers /NAME/query with ANSWERS[NAME], status 200."""

    class Answer(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            name = self.path.split("/")[1]
            if name == "trickle":
                self._trickle()
                return
            if name == "redirect-loop":
                self._redirect()
                return
            media, body = ANSWERS[name]
            if not media:  # no HTTP at all
                self.wfile.write(body)
                return
            self.send_response(500 if name == "cut-error-page" else 200)
            self.send_header("Content-Type", media)
            self.send_header("Content-Length", str(len(body) + MISSING.get(name, 0)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            if self.path.startswith("/redirect-loop/"):
                self._redirect()
            else:
                self.send_error(501)

        def _redirect(self) -> None:
            """Send the client back where it came from (urllib gives up after 10 turns)."""
            self.send_response(302)
            self.send_header("Location", self.path)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _trickle(self) -> None:
            """Send a space every 50 ms for a minute, or until the client leaves."""
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.end_headers()
            try:
                for _ in range(1200):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.05)
            except OSError:
                pass

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("name", sorted(ANSWERS))
@pytest.mark.parametrize(
    "command",
    [
        ["query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"],
        ["query", "CONSTRUCT WHERE { ?s ?p ?o }"],
        ["list"],
    ],
    ids=["select", "construct", "list"],
)
def test_a_server_that_answers_no_results_is_one_line(
    misbehaving: str, name: str, command: list[str]
) -> None:
    url = f"{misbehaving}/{name}/query"
    result = CliRunner().invoke(main, [*command, "--kb", url])
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert url in lines[0]
    assert "SPARQL" in lines[0]
    assert "Traceback" not in result.output


def test_a_server_that_trickles_is_stopped_at_the_timeout(misbehaving: str) -> None:
    """A byte every 50 ms never let a read of 64 kB return: --timeout went unchecked."""
    url = f"{misbehaving}/trickle/query"
    result = CliRunner().invoke(main, ["query", "--timeout", "2", "--kb", url, "ASK {}"])
    assert result.exit_code == 2, result.output
    assert "gave no whole answer within 2 s" in result.output
