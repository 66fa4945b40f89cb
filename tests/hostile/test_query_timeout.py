"""`claimkb query --timeout`: a query past its time stops, in one line, and nothing keeps running.

pyoxigraph cannot interrupt a query, so on the embedded store the query runs in a worker process
that is killed at the deadline. The store is real and small; the cross product below would
count 8 billion rows, far more than any test waits for.
"""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest

from kb.errors import QueryStopped
from kb.query.worker_pool import close_idle_workers, run_in_worker
from kb.store import open_store
from tests.hostile import CLI, ROOT

CROSS_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
TRIPLES = 2_000


@pytest.fixture(scope="module")
def kb(nquads_kb: Callable[[str, Iterable[str]], str]) -> str:
    return nquads_kb(
        "timeout",
        (
            f'<http://example.org/s{n}> <http://example.org/p{n % 5}> "v {n}" '
            f"<http://example.org/article/{n % 10}> .\n"
            for n in range(TRIPLES)
        ),
    )


def claimkb(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *args], capture_output=True, text=True, cwd=ROOT, timeout=120, check=False
    )


def processes_naming(text: str) -> list[int]:
    """Return the processes whose command line holds ``text`` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and text.encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def test_an_embedded_query_past_the_timeout_is_stopped_and_the_store_answers(kb: str) -> None:
    stopped = claimkb("query", "--kb", kb, "--timeout", "2", CROSS_COUNT)
    assert stopped.returncode == 2, stopped.stderr
    assert stopped.stdout == ""
    lines = stopped.stderr.strip().splitlines()
    assert len(lines) == 1, stopped.stderr
    assert "ran longer than 2 s (--timeout) and was stopped" in lines[0]
    assert processes_naming(kb) == []  # its worker went with it: nothing keeps counting
    answered = claimkb("query", "--kb", kb, "--format", "tsv", "SELECT (COUNT(*) AS ?n) {?s ?p ?o}")
    assert answered.returncode == 0, answered.stderr
    assert answered.stdout.splitlines()[1].startswith(str(TRIPLES))


def test_count_and_named_queries_are_stopped_too(kb: str) -> None:
    stopped = claimkb("query", "--kb", kb, "--timeout", "1", "--count", CROSS_COUNT)
    assert stopped.returncode == 2 and "--timeout" in stopped.stderr, stopped.stderr


@pytest.mark.parametrize(
    ("sparql", "fmt"),
    [
        ("SELECT ?s ?o WHERE { ?s <http://example.org/p1> ?o } ORDER BY ?s LIMIT 5", "json"),
        ("ASK { ?s <http://example.org/p1> ?o }", "json"),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 5", "nt"),
    ],
)
def test_a_query_in_a_worker_answers_as_one_in_the_process(kb: str, sparql: str, fmt: str) -> None:
    in_worker = claimkb("query", "--kb", kb, "--format", fmt, sparql)
    in_process = claimkb("query", "--kb", kb, "--format", fmt, "--timeout", "0", sparql)
    assert in_worker.returncode == in_process.returncode == 0, in_worker.stderr
    assert in_worker.stdout == in_process.stdout != ""


def test_a_syntax_error_in_a_worker_names_the_position(kb: str) -> None:
    error = claimkb("query", "--kb", kb, "SELECT ?s WHERE { ?s ?p }")
    assert error.returncode == 2
    assert "line 1, column" in error.stderr and "Traceback" not in error.stderr


class _Stalling(http.server.BaseHTTPRequestHandler):
    """A SPARQL server that says who it is (``ASK {}``) and then never answers a query."""

    def do_GET(self) -> None:  # the ASK {} by which claimkb recognises a server
        if "ASK" in self.path:
            body = json.dumps({"head": {}, "boolean": True}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            time.sleep(30)

    def do_POST(self) -> None:  # a query: no answer
        time.sleep(30)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def stalling() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Stalling)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/query"
    server.shutdown()
    server.server_close()


def test_a_remote_query_past_the_timeout_is_stopped(stalling: str) -> None:
    stopped = claimkb("query", "--kb", stalling, "--timeout", "1", "SELECT * { ?s ?p ?o }")
    assert stopped.returncode == 2, stopped.stderr
    lines = stopped.stderr.strip().splitlines()
    assert len(lines) == 1 and "within 1 s (--timeout)" in lines[0], stopped.stderr


def test_a_result_past_half_the_memory_ceiling_is_stopped(tmp_path: Path) -> None:
    """The CLI gathers a worker's result before printing it: past half the ceiling it stops."""
    data = tmp_path / "long.nq"
    long_text = "x" * 20_000
    data.write_text(
        "".join(
            f'<http://example.org/s{n}> <http://example.org/p> "{long_text}" '
            "<http://example.org/g> .\n"
            for n in range(500)
        ),
        encoding="utf-8",
    )
    with open_store(str(tmp_path / "kb")) as store:
        store.load(data)
    done = subprocess.run(
        [*CLI, "query", "--kb", str(tmp_path / "kb"), "SELECT * { ?a ?b ?c . ?d ?e ?f }"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
        env={**os.environ, "CLAIMKB_MAX_MEMORY": "300M"},
    )
    assert done.returncode == 2 and done.stdout == ""
    assert "result passed 150 MB and was stopped" in done.stderr, done.stderr


@pytest.mark.parametrize("command", ["query", "serve"])
@pytest.mark.parametrize("seconds", ["nan", "inf", "1e308", "-1", "abc"])
def test_a_timeout_that_is_no_number_of_seconds_is_a_usage_error(
    kb: str, command: str, seconds: str
) -> None:
    from click.testing import CliRunner

    from kb.cli import main

    args = [command, "--kb", kb, "--timeout", seconds] + (["ASK {}"] if command == "query" else [])
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "Invalid value for '--timeout'" in result.stderr
    assert "internal error" not in result.stderr


def test_a_worker_that_answered_whole_is_reused_and_sees_new_writes(tmp_path: Path) -> None:
    """The library's queries with a timeout: one warm worker per store, killed when stopped."""
    location = str(tmp_path / "kb")
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"

    def insert(first: int, last: int) -> None:
        triples = " ".join(f"<http://e/s{n}> <http://e/p> {n} ." for n in range(first, last))
        with open_store(location) as store:  # a writer: it publishes a snapshot as it closes
            store.update(f"INSERT DATA {{ GRAPH <http://e/g> {{ {triples} }} }}")

    def counted() -> int:
        result = run_in_worker(location, count, timeout=30, memory=2**30)
        return int(result.rows[0][0].value)

    insert(0, TRIPLES)
    try:
        assert counted() == TRIPLES
        (worker,) = processes_naming(location)
        insert(TRIPLES, TRIPLES + 1)
        assert counted() == TRIPLES + 1  # the same worker, on the newest snapshot
        assert processes_naming(location) == [worker]
        with pytest.raises(QueryStopped):
            run_in_worker(location, CROSS_COUNT, timeout=1, memory=2**30)
        assert worker not in processes_naming(location)  # stopped mid-query: killed
        assert counted() == TRIPLES + 1
    finally:
        close_idle_workers()
    assert processes_naming(location) == []


def test_a_worker_holds_the_snapshot_it_reads_until_it_moves_on(tmp_path: Path) -> None:
    """A writer deletes old snapshots no reader holds: never the one a warm worker reads."""
    from kb.store import snapshots

    location = str(tmp_path / "kb")

    def write(n: int) -> None:
        with open_store(location) as store:  # publishes a snapshot and prunes unheld ones
            store.update(
                f"INSERT DATA {{ GRAPH <http://e/g> {{ <http://e/s> <http://e/p> {n} }} }}"
            )

    def kept() -> set[str]:
        return {e.name for e in os.scandir(Path(location, snapshots.DIRECTORY))}

    write(0)
    try:
        run_in_worker(location, "ASK { ?s ?p ?o }", timeout=30, memory=2**30)
        read = snapshots.newest(location)
        write(1)
        write(2)
        assert read in kept()  # the idle worker still reads it
        run_in_worker(location, "ASK { ?s ?p ?o }", timeout=30, memory=2**30)  # moves on
        write(3)
        assert read not in kept()
    finally:
        close_idle_workers()


#: A string of 10 ** 3 characters, each replaced by it, then again: 10 ** 9 characters.
STRING_BOMB = (
    'SELECT (STRLEN(?f) AS ?n) { BIND("xxxxxxxxxx" AS ?a)'
    " BIND(CONCAT(?a,?a,?a,?a,?a,?a,?a,?a,?a,?a) AS ?b)"
    " BIND(CONCAT(?b,?b,?b,?b,?b,?b,?b,?b,?b,?b) AS ?c) BIND(REPLACE(?c, 'x', ?c) AS ?e)"
    " BIND(REPLACE(?e, 'x', ?c) AS ?f) }"
)


def test_a_query_past_the_workers_memory_cap_says_so_with_a_rust_backtrace_asked_for(
    kb: str,
) -> None:
    """Rust prints a backtrace after "memory allocation of N bytes failed" when RUST_BACKTRACE
    is set; the crash was then blamed on a damaged store."""
    done = subprocess.run(
        [*CLI, "query", "--kb", kb, STRING_BOMB],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
        env={**os.environ, "CLAIMKB_MAX_MEMORY": "300M", "RUST_BACKTRACE": "1"},
    )
    assert done.returncode == 2
    assert "needed more memory than a worker's cap of 300 MB" in done.stderr, done.stderr
