"""A SPARQL server behind --kb that never finishes, or answers too much, holds no command.

Every command that talks to a --kb URL stops waiting after --remote-timeout seconds (the
idle-read timeout and the whole answer's deadline, headers included) with one line and exit
code 2, and refuses an answer past MAX_ANSWER bytes as it comes, or at once when its
Content-Length announces more.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.cli import main
from kb.store import remote_limits

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "green-tea-memory.txt"
JSON = "application/sparql-results+json"


class _Hostile(http.server.BaseHTTPRequestHandler):
    """Answers /MODE/...: ``body`` trickles its body a space at a time, ``head`` its headers,
    ``silent`` sends nothing, ``announced`` declares 300 MB and sends none of it, ``flood``
    sends a body without length until the client leaves. Each stops when its client leaves
    or the test ends (``done``)."""

    done = threading.Event()

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._answer()

    def _answer(self) -> None:
        mode = self.path.split("/")[1]
        try:
            if mode == "head":
                self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                while not self.done.wait(0.05):
                    self.wfile.write(b"X-Slow: x\r\n")
                    self.wfile.flush()
                return
            if mode == "silent":
                self.done.wait()
                return
            self.send_response(200)
            self.send_header("Content-Type", JSON)
            if mode == "announced":
                self.send_header("Content-Length", str(300 * 10**6))
            self.end_headers()
            if mode == "announced":
                self.done.wait()
            while not self.done.is_set():
                self.wfile.write(b" " * (1 if mode == "body" else 65536))
                self.wfile.flush()
                if mode == "body":
                    self.done.wait(0.05)
        except OSError:  # the client left
            pass

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def hostile() -> Iterator[str]:
    """Yield the base URL of a server answering as _Hostile does."""
    _Hostile.done.clear()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Hostile)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    _Hostile.done.set()
    server.shutdown()
    server.server_close()
    thread.join()


COMMANDS = {
    "list": ["list"],
    "stats": ["stats"],
    "search": ["search", "tea"],
    "query": ["query", "--timeout", "0", "SELECT * { ?s ?p ?o }"],
    "audit": ["audit"],
    "export": ["export", "--format", "json"],
    "dump": ["dump"],
    "ingest": ["ingest", str(EXAMPLE)],
    "remove": ["remove", "http://example.org/a"],
}


def _one_line(output: str) -> str:
    lines = output.strip().splitlines()
    assert len(lines) == 1, output
    assert "Traceback" not in output
    return lines[0]


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_stops_waiting_for_a_trickling_server(hostile: str, command: str) -> None:
    url = f"{hostile}/body/query"
    args = [*COMMANDS[command], "--kb", url, "--remote-timeout", "1"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    line = _one_line(result.stderr)
    assert "gave no whole answer within 1 s (--remote-timeout)" in line
    assert f"{hostile}/body/query" in line


@pytest.mark.parametrize("mode", ["head", "silent"])
def test_headers_sent_slowly_or_never_meet_the_same_deadline(hostile: str, mode: str) -> None:
    url = f"{hostile}/{mode}/query"
    result = CliRunner().invoke(main, ["list", "--kb", url], env={"CLAIMKB_REMOTE_TIMEOUT": "1"})
    assert result.exit_code == 2, result.output
    assert "within 1 s (--remote-timeout)" in _one_line(result.stderr)


def test_the_query_timeout_is_named_when_it_is_the_shorter(hostile: str) -> None:
    url = f"{hostile}/body/query"
    args = ["query", "--kb", url, "--timeout", "1", "--remote-timeout", "60", "ASK {}"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert "within 1 s (--timeout)" in _one_line(result.stderr)


def test_an_announced_huge_answer_is_refused_before_any_of_it_is_read(hostile: str) -> None:
    """The server sends nothing after its headers: reading would wait past the deadline."""
    url = f"{hostile}/announced/query"
    result = CliRunner().invoke(main, ["list", "--kb", url, "--remote-timeout", "600"])
    assert result.exit_code == 2, result.output
    line = _one_line(result.stderr)
    assert "announced an answer of 300,000,000 bytes, more than the 100 MB" in line


def test_a_flood_is_refused_at_the_limit_as_it_comes(
    hostile: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(remote_limits, "MAX_ANSWER", 2 * 10**6)
    url = f"{hostile}/flood/query"
    result = CliRunner().invoke(main, ["stats", "--kb", url, "--remote-timeout", "600"])
    assert result.exit_code == 2, result.output
    assert "sent an answer of over 2,000,000 bytes, more than the 2 MB" in _one_line(result.stderr)


def test_the_option_is_in_the_help_of_every_command_that_takes_a_url() -> None:
    for command in sorted({args[0] for args in COMMANDS.values()} | {"load"}):
        result = CliRunner().invoke(main, [command, "--help"])
        assert "--remote-timeout" in result.output, command
        assert "default: 20" in " ".join(result.output.split()), command


def test_closing_the_store_ends_a_request_under_way_in_another_thread(hostile: str) -> None:
    """An export's queries run ahead in a thread: one left waiting for a server that never
    finishes held the process at exit for its whole deadline after the error was printed."""
    from kb.errors import QueryStopped
    from kb.store.remote import RemoteStore

    store = RemoteStore(f"{hostile}/body/query", timeout=None)  # no deadline of its own
    started = threading.Event()
    errors: list[BaseException] = []

    def ask() -> None:
        started.set()
        try:
            store.query("SELECT * { ?s ?p ?o }")
        except BaseException as error:
            errors.append(error)

    thread = threading.Thread(target=ask)
    thread.start()
    started.wait()
    while not store._under_way:  # the request is sent
        thread.join(0.01)
    store.close()
    thread.join(60)  # a bound for a stuck run, not a measure
    assert not thread.is_alive()
    assert [type(e) for e in errors] == [QueryStopped]


def test_a_tls_handshake_sent_a_byte_at_a_time_meets_the_deadline() -> None:
    """An https:// endpoint that sends the first bytes of a TLS record, then a byte every
    50 ms: the handshake (before any HTTP) never went idle, so only the deadline ends it."""
    import socket

    done = threading.Event()
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(600)  # a bound for a broken run, not a measure

    def trickle() -> None:
        try:
            connection, _ = listener.accept()
        except OSError:  # no client came (the listener closed, or its bound passed)
            return
        with connection:
            try:
                connection.sendall(b"\x16\x03\x03\x40\x00")  # a handshake record of 16 kB
                while not done.wait(0.05):
                    connection.sendall(b"\x00")
            except OSError:  # the client left
                pass

    thread = threading.Thread(target=trickle)
    thread.start()
    try:
        url = f"https://127.0.0.1:{listener.getsockname()[1]}/query"
        result = CliRunner().invoke(main, ["list", "--kb", url, "--remote-timeout", "1"])
    finally:
        done.set()
        thread.join()
        listener.close()
    assert result.exit_code == 2, result.output
    assert "within 1 s (--remote-timeout)" in _one_line(result.stderr)
