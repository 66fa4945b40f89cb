"""The command line under faults: runaway workers, Ctrl-C, closed pipes, full disks, bad files.

Each case runs `claimkb` as a real process, as a user (or an attacker) would.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

from kb.ingest.pipeline import cores
from tests.hostile import CLI, ROOT
from tests.kb_articles import write_articles

EXAMPLE = str(ROOT / "examples" / "green-tea-memory.txt")


def claimkb(*args: str, **kwargs: Any) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*CLI, *args],
        capture_output=True,
        text=True,
        check=False,
        **{"timeout": 300, "cwd": ROOT, **kwargs},
    )


def children(pid: int) -> list[int]:
    """Return the processes whose parent is ``pid`` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def start_ingest(tmp_path: Path, count: int, jobs: str) -> subprocess.Popen:
    write_articles(tmp_path / "articles", count)
    return subprocess.Popen(
        [*CLI, "ingest", "--kb", str(tmp_path / "kb"), "--jobs", jobs, str(tmp_path / "articles")],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's Ctrl-C reaches it
    )


def landed_count(line: str) -> int:
    """Return how many articles the one-line message of a stopped ingest says had landed."""
    match = re.search(r"(\d+) of (\d+) articles had landed whole", line)
    assert match, line
    return int(match.group(1))


def wait_for_workers(process: subprocess.Popen, least: int) -> list[int]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        workers = children(process.pid)
        if len(workers) >= least:
            return workers
        time.sleep(0.05)
    pytest.fail(f"no {least} worker processes appeared")


# --- bounded workers ---


def test_jobs_beyond_the_cores_are_capped_with_a_warning(tmp_path: Path) -> None:
    write_articles(tmp_path / "articles", 3)
    done = claimkb("ingest", "--kb", str(tmp_path / "kb"), "--jobs", "100000", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert f"--jobs 100000 is more than the {cores()} cores here" in done.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_no_more_workers_than_cores_even_when_asked_for_thousands(tmp_path: Path) -> None:
    process = start_ingest(tmp_path, 200, "100000")
    try:
        wait_for_workers(process, 1)
        seen = max(len(children(process.pid)) for _ in range(20) if not time.sleep(0.05))
        assert seen <= cores() + 1  # the workers, and at most one helper of the pool
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        process.stderr.close()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_die_with_a_parent_killed_by_sigkill(tmp_path: Path) -> None:
    if cores() < 2:
        pytest.skip("one core: ingest runs without workers")
    process = start_ingest(tmp_path, 400, "2")
    workers = wait_for_workers(process, 2)
    os.kill(process.pid, signal.SIGKILL)  # the parent only: no group, no cleanup
    process.wait()
    process.stderr.close()  # the workers may hold it open: do not wait for its end
    deadline = time.monotonic() + 10
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(w) for w in workers)


def test_ctrl_c_prints_one_line_saying_what_landed(tmp_path: Path) -> None:
    process = start_ingest(tmp_path, 400, "2")
    deadline = time.monotonic() + 60
    while not (tmp_path / "kb" / "snapshots").is_dir() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(3)  # some batches land
    os.killpg(process.pid, signal.SIGINT)  # as a terminal sends Ctrl-C to the whole group
    _, err = process.communicate(timeout=120)
    lines = err.strip().splitlines()
    assert process.returncode == 130
    assert len(lines) == 1, err
    assert lines[0].startswith("claimkb: interrupted; ")
    assert "Traceback" not in err
    listed = claimkb("list", "--kb", str(tmp_path / "kb")).stdout.count("\n")
    assert landed_count(lines[0]) == listed


@pytest.mark.parametrize("timeout", ["0", "600"], ids=["in-process", "worker"])
def test_ctrl_c_stops_a_query_in_one_line(
    nquads_kb: Callable[[str, Iterable[str]], str], timeout: str
) -> None:
    """A cross product runs for minutes inside pyoxigraph, where Python's handler cannot run:
    Ctrl-C still ends it at once, in one line, with 130, in this process or in a worker."""
    kb = nquads_kb(
        "interrupted-query",
        (
            f'<http://e.org/s{n}> <http://e.org/p> "v {n}" <http://e.org/g{n % 5}> .\n'
            for n in range(900)
        ),
    )
    cross = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    process = subprocess.Popen(
        [*CLI, "query", "--kb", kb, "--timeout", timeout, cross],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    time.sleep(4)  # started, and inside the query
    assert process.poll() is None
    os.killpg(process.pid, signal.SIGINT)
    try:
        _, err = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        _, err = process.communicate()
    assert (process.returncode, err) == (130, "claimkb: interrupted\n")


@pytest.mark.parametrize("timeout", ["0", "30"], ids=["in-process", "worker"])
def test_a_query_nested_past_the_parser_is_one_line(tmp_path: Path, timeout: str) -> None:
    """100,000 nested groups overflowed the parser's stack: a silent segmentation fault."""
    location = tmp_path / "kb"
    assert claimkb("ingest", "--kb", str(location), EXAMPLE).returncode == 0
    for nested in (
        "SELECT * WHERE " + "{ " * 100_000 + "?s ?p ?o" + " }" * 100_000,
        "ASK { FILTER(" + "(" * 20_000 + "1" + ")" * 20_000 + ") }",
    ):
        query = tmp_path / "nested.rq"
        query.write_text(nested)
        done = claimkb("query", "--kb", str(location), "--timeout", timeout, "-f", str(query))
        assert done.returncode == 2, done.stderr
        assert done.stderr.count("\n") == 1 and "levels of braces" in done.stderr


#: Chains Oxigraph builds as trees as deep as they are long (each a SIGSEGV at this length).
CHAINS = {
    "not": "ASK { FILTER(" + "!" * 20_000 + "true) }",
    "or": "ASK { FILTER(true" + " || true" * 20_000 + ") }",
    "binds": "SELECT * WHERE { " + "".join(f"BIND({n} AS ?b{n}) " for n in range(5_000)) + "}",
    "unions": "SELECT * WHERE { {?s ?p ?o}" + " UNION {?s ?p ?o}" * 10_000 + " }",
    "projection": "SELECT " + "".join(f"(1 AS ?v{n}) " for n in range(5_000)) + "WHERE {}",
    "path": "SELECT * WHERE { ?s <http://example.org/p>"
    + "/<http://example.org/p>" * 20_000
    + " ?o }",
}


@pytest.mark.parametrize("timeout", ["0", "30"], ids=["in-process", "worker"])
@pytest.mark.parametrize("chain", CHAINS.values(), ids=CHAINS.keys())
def test_a_query_chained_past_the_engine_is_one_line(
    tmp_path: Path, timeout: str, chain: str
) -> None:
    """Long chains of operators or group elements overflowed the engine's stack: a SIGSEGV the
    CLI blamed on a damaged store."""
    location = tmp_path / "kb"
    assert claimkb("ingest", "--kb", str(location), EXAMPLE).returncode == 0
    query = tmp_path / "chained.rq"
    query.write_text(chain)
    done = claimkb("query", "--kb", str(location), "--timeout", timeout, "-f", str(query))
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "operators and group elements" in done.stderr


def test_a_long_values_block_is_no_chain(tmp_path: Path) -> None:
    """VALUES rows are flat: 5,000 negative numbers in them are no chain of minus signs."""
    location = tmp_path / "kb"
    assert claimkb("ingest", "--kb", str(location), EXAMPLE).returncode == 0
    rows = " ".join(f"-{n}" for n in range(5_000))
    done = claimkb(
        "query", "--kb", str(location), f"SELECT (COUNT(*) AS ?n) {{ VALUES ?x {{ {rows} }} }}"
    )
    assert (done.returncode, done.stdout.split()) == (0, ["n", "5000"]), done.stderr


# --- broken pipes, full disks, unreadable query files ---


@pytest.mark.parametrize(
    ("command", "code"),
    [(["list"], 0), (["dump"], 0), (["audit"], 1), (["audit", "--format", "json"], 1)],
    ids=["list", "dump", "audit", "audit-json"],
)
def test_a_closed_pipe_exits_quietly_with_the_commands_code(
    tmp_path: Path, command: list[str], code: int
) -> None:
    """The JSON audit writes its report a piece at a time straight to stdout's bytes."""
    if command[0] == "audit":
        assert claimkb("audit", EXAMPLE).returncode == 1  # the example has findings
        args = [*command, EXAMPLE]
    else:
        location = tmp_path / "kb"
        write_articles(tmp_path / "articles", 40)
        assert claimkb("ingest", "--kb", str(location), str(tmp_path / "articles")).returncode == 0
        args = [*command, "--kb", str(location)]
    reader, writer = os.pipe()
    os.close(reader)  # `| head -1` that has already gone
    with os.fdopen(writer, "w") as closed:
        done = subprocess.run(
            [*CLI, *args],
            stdout=closed,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            timeout=120,
            check=False,
        )
    assert done.returncode == code, done.stderr
    assert done.stderr == ""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_is_one_line_and_a_device_is_never_replaced(tmp_path: Path) -> None:
    location = tmp_path / "kb"
    assert claimkb("ingest", "--kb", str(location), EXAMPLE).returncode == 0
    for command in (["dump", "-o", "/dev/full"], ["export", "--format", "json", "-o", "/dev/full"]):
        done = claimkb(*command, "--kb", str(location))
        assert done.returncode == 2, done.stderr
        assert done.stderr.count("\n") == 1 and "No space left on device" in done.stderr
        assert not Path("/dev/full").is_file()  # still the device, never renamed over
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [*CLI, "list", "--kb", str(location)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            timeout=120,
            check=False,
        )
    assert done.returncode == 2 and "No space left on device" in done.stderr


def _file_size_limit(size: int) -> Callable[[], None]:
    """Return what sets ``ulimit -f`` (in bytes) in a child before it starts."""
    import resource

    return lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))


@pytest.mark.parametrize(
    "command",
    [
        ["query", "SELECT * { ?s ?p ?o }"],
        ["query", "--timeout", "0", "--format", "json", "SELECT * { ?s ?p ?o }"],
        ["audit", "--format", "html"],
        ["audit", "--format", "md"],
        ["extract"],
    ],
    ids=["query", "query-in-process", "audit-html", "audit-md", "extract"],
)
def test_output_past_the_file_size_limit_is_an_error_not_a_file_cut_short(
    tmp_path: Path, command: list[str]
) -> None:
    """A write past ``ulimit -f`` (or the disk's end) writes part of what it was given: the
    rest was dropped and the command exited 0 (query) or 1 (audit) with the file cut short."""
    if command[0] == "query":
        location = tmp_path / "kb"
        assert claimkb("ingest", "--kb", str(location), EXAMPLE).returncode == 0
        args = [command[0], "--kb", str(location), *command[1:]]
    else:
        args = [*command, EXAMPLE]
    with (tmp_path / "out").open("w") as out:
        done = subprocess.run(
            [*CLI, *args],
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            timeout=120,
            check=False,
            preexec_fn=_file_size_limit(2_000),
        )
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "File too large" in done.stderr, done.stderr


def test_a_binary_query_file_is_a_plain_error(tmp_path: Path) -> None:
    location = tmp_path / "kb"
    assert claimkb("ingest", "--kb", str(location), EXAMPLE).returncode == 0
    binary = tmp_path / "query.rq"
    binary.write_bytes(b"SELECT \xff\xfe\x00\x01 WHERE {}")
    done = claimkb("query", "--kb", str(location), "-f", str(binary))
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0
    assert "not UTF-8" in done.stderr and "internal error" not in done.stderr


def test_a_pipe_or_a_device_named_to_ingest_is_one_line_and_never_read(tmp_path: Path) -> None:
    """A named pipe nobody writes would block a reader for ever; a device is no file to store.
    As --kb, a pipe is no store either."""
    pipe = tmp_path / "article.md"
    os.mkfifo(pipe)
    for given in (str(pipe), "/dev/null", "/dev/zero"):
        done = claimkb("ingest", "--kb", str(tmp_path / "kb"), given, timeout=60)
        assert done.returncode == 2, done.stderr
        assert done.stderr.count("\n") == 1 and "not a file" in done.stderr, done.stderr
    done = claimkb("list", "--kb", str(pipe), timeout=60)
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    assert not (tmp_path / "kb").exists()


def test_a_folder_with_pipes_and_symlink_loops_ingests_its_articles(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    write_articles(folder, 2)
    os.mkfifo(folder / "pipe.md")
    (folder / "self").symlink_to(".")  # a loop through the folder itself
    (folder / "a.md").symlink_to("b.md")  # two links pointing at each other
    (folder / "b.md").symlink_to("a.md")
    done = claimkb("ingest", "--kb", str(tmp_path / "kb"), str(folder), timeout=120)
    assert done.returncode == 0, done.stderr
    listed = claimkb("list", "--kb", str(tmp_path / "kb")).stdout
    assert len(listed.splitlines()) == 2


@pytest.mark.parametrize("encoding", ["base64", "rot13", "uu_codec", "zlib"])
def test_an_article_declaring_a_codec_that_is_no_text_encoding_is_read(
    tmp_path: Path, encoding: str
) -> None:
    html = tmp_path / "page.html"
    html.write_text(
        f'<html><head><meta charset="{encoding}"><title>Tea</title></head><body>'
        "<p>Green tea improved memory in adults [1].</p><ol><li>Lee A. Tea. 2020.</li></ol>"
        "</body></html>"
    )
    xml = tmp_path / "article.xml"
    xml.write_text(
        f'<?xml version="1.0" encoding="{encoding}"?><article><body><p>Tea helps.</p></body>'
        "</article>"
    )
    for article in (html, xml):
        done = claimkb("audit", str(article))
        assert done.returncode in (0, 1, 2), done.stderr
        assert "internal error" not in done.stderr and "Traceback" not in done.stderr
        ingested = claimkb("ingest", "--kb", str(tmp_path / "kb"), str(article))
        assert "internal error" not in ingested.stderr and "BUG" not in ingested.stderr


# --- stopped ingests say what landed ---


def count_graphs(url: str) -> int:
    """Return the named graphs a SPARQL endpoint holds."""
    import json
    import urllib.parse
    import urllib.request

    query = urllib.parse.quote("SELECT (COUNT(DISTINCT ?g) AS ?n) { GRAPH ?g { ?s ?p ?o } }")
    request = urllib.request.Request(
        f"{url}?query={query}", headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return int(json.load(answer)["results"]["bindings"][0]["n"]["value"])


def test_a_remote_ingest_whose_server_dies_says_how_many_landed(tmp_path: Path) -> None:
    from tests.oxigraph_server import free_port, oxigraph_command, oxigraph_server

    write_articles(tmp_path / "articles", 300)
    port = free_port()
    server = subprocess.Popen(
        [
            oxigraph_command(),
            "serve",
            "--location",
            str(tmp_path / "server"),
            "--bind",
            f"127.0.0.1:{port}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/query"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                count_graphs(url)
                break
            except OSError:
                time.sleep(0.05)
        ingest = subprocess.Popen(
            [
                *CLI,
                "ingest",
                "--kb",
                url,
                "--jobs",
                "1",
                "--no-validate",
                str(tmp_path / "articles"),
            ],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        # Killed once a second batch has landed: the server answered the first before the
        # second was sent, so the ingest knows at least the first landed. (Killed as soon as
        # the first batch shows, the server can die before its answer leaves: 0 reported.)
        first = 0
        while ingest.poll() is None and (first == 0 or count_graphs(url) <= first):
            first = first or count_graphs(url)
            time.sleep(0.05)
    finally:
        server.kill()  # SIGKILL, mid-ingest
        server.wait()
    _, err = ingest.communicate(timeout=120)
    assert ingest.returncode == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "internal error" not in err, err
    reported = landed_count(lines[0])
    with oxigraph_server(tmp_path / "server") as restarted:
        landed = count_graphs(restarted)
    # A batch the server committed as it died may have had no answer: never more than one.
    assert first <= reported <= landed < 300
    assert landed - reported <= 100


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small filesystem needs root")
def test_an_ingest_onto_a_full_disk_stops_in_one_line_and_the_store_reads(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    if (
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(disk)],
            capture_output=True,
            check=False,
        ).returncode
        != 0
    ):
        pytest.skip("cannot mount a tmpfs here")
    try:
        write_articles(tmp_path / "articles", 400)
        location = disk / "kb"
        done = claimkb(
            "ingest",
            "--kb",
            str(location),
            "--jobs",
            "1",
            "--no-validate",
            str(tmp_path / "articles"),
        )
        lines = done.stderr.strip().splitlines()
        assert done.returncode == 2 and len(lines) == 1, done.stderr
        assert f"the disk holding {location} is full" in lines[0]
        reported = landed_count(lines[0])
        listed = claimkb("list", "--kb", str(location))
        assert listed.returncode == 0, listed.stderr
        assert len(listed.stdout.splitlines()) == reported
    finally:
        subprocess.run(["umount", str(disk)], check=False)


# --- RDF files cut short ---

#: A shapes file of our own; every cut of it is a file a user could give (a copy interrupted).
SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
ex:TitleShape a sh:NodeShape ;
    sh:targetClass ex:Article ;
    sh:property [ sh:path ex:title ; sh:minCount 1 ; sh:message "an article has a title" ] .
"""


#: Every cut at the end of a token (a text cut after "sh:targetClass" made rdflib index past it).
CUTS = [n for n in range(1, len(SHAPES) - 1) if SHAPES[n].isspace() and not SHAPES[n - 1].isspace()]


@pytest.mark.parametrize("command", ["audit", "validate"])
def test_a_turtle_file_cut_short_is_one_line(tmp_path: Path, command: str) -> None:
    """rdflib's Turtle parser raises IndexError on a text cut after a predicate: `audit
    --shapes` said "internal error", `validate` "string index out of range"."""
    from click.testing import CliRunner

    from kb.cli import main

    shapes = tmp_path / "cut.ttl"
    refused = 0
    for cut in CUTS:
        shapes.write_text(SHAPES[:cut])
        args = (
            ["audit", "--shapes", str(shapes), EXAMPLE]
            if command == "audit"
            else ["validate", str(shapes)]
        )
        done = CliRunner().invoke(main, args)
        assert "internal error" not in done.stderr and "index" not in done.stderr, done.stderr
        if done.exit_code == 2:
            refused += 1
            assert done.stderr.count("\n") == 1, done.stderr
            assert done.stderr.startswith("claimkb: error: "), done.stderr
    assert refused > len(CUTS) // 2


# --- --kb URLs no request can go to ---

BAD_URLS = {
    "ipv6 unclosed": ("http://[::1/query", "Invalid IPv6 URL"),
    "space": ("http://127.0.0.1 :7878/query", "space or control"),
    "no host": ("http://", "no host"),
    "port": ("http://127.0.0.1:99999/query", "Port out of range"),
    "another scheme": ("ftp://127.0.0.1/kb", "neither a directory nor"),
}


@pytest.mark.parametrize("command", [["list"], ["dump"], ["ingest", EXAMPLE], ["query", "ASK {}"]])
@pytest.mark.parametrize(("url", "said"), BAD_URLS.values(), ids=BAD_URLS.keys())
def test_a_kb_url_no_request_can_go_to_is_one_line(
    tmp_path: Path, command: list[str], url: str, said: str
) -> None:
    """A bad IPv6 address or a space was an 'internal error'; `ingest --kb ftp://...` made a
    directory 'ftp:' and ingested into it."""
    done = claimkb(command[0], "--kb", url, *command[1:], cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and said in done.stderr, done.stderr
    assert not any(tmp_path.iterdir())  # nothing created


def test_an_update_url_no_request_can_go_to_is_one_line() -> None:
    done = claimkb(
        "ingest", "--kb", "http://127.0.0.1:1/query", "--update-url", "not a url", EXAMPLE
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("claimkb: error: --update-url not a url: not a valid URL")


@pytest.mark.parametrize("host", ["no such host.invalid", "999.1.1.1", "192.0.2.1"])
def test_serve_on_a_host_it_cannot_listen_on_is_one_line(tmp_path: Path, host: str) -> None:
    """A bind that failed met a server half made: an 'internal error' (AttributeError)."""
    location = tmp_path / "kb"
    assert claimkb("ingest", "--kb", str(location), EXAMPLE).returncode == 0
    done = claimkb("serve", "--kb", str(location), "--host", host, "--port", "0", timeout=120)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "give --host an address of this machine" in done.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["search", "tea"],
        ["query", "--name", "most-cited-sources"],
        ["query", "SELECT * { ?s ?p ?o }"],
    ],
    ids=" ".join,
)
@pytest.mark.parametrize("option", ["--offset", "--limit"])
def test_a_count_past_what_sqlite_holds_is_a_usage_error(
    tmp_path: Path, command: list[str], option: str
) -> None:
    """--offset 10**23 was an OverflowError (SQLite) or a ValueError (islice)."""
    location = tmp_path / "kb"
    assert claimkb("ingest", "--kb", str(location), EXAMPLE).returncode == 0
    done = claimkb(command[0], "--kb", str(location), option, str(10**23), *command[1:])
    assert done.returncode == 2, done.stderr
    assert "internal error" not in done.stderr
    assert f"Invalid value for '{option}'" in done.stderr
    largest = ["--offset", str(2**60), "--limit", str(2**60)]
    at_most = claimkb(command[0], "--kb", str(location), *largest, *command[1:])
    assert at_most.returncode == 0, at_most.stderr


def test_ctrl_c_while_claimkb_starts_is_one_line() -> None:
    """A SIGINT during the imports, before a command can catch it, printed Python's
    KeyboardInterrupt traceback (the sweep's Ctrl-C 20-80 ms after the start): here it lands
    between the package's first lines and the commands' imports, as it does then."""
    program = (
        "import os, signal, sys; sys.argv[0] = 'claimkb'; import kb.cli; "
        "os.kill(os.getpid(), signal.SIGINT); import kb.cli.commands.ingest; "
        "print('not interrupted')"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert (done.returncode, done.stdout, done.stderr) == (130, "", "claimkb: interrupted\n")


def test_ctrl_c_is_one_line_from_the_first_statement_of_the_kb_package() -> None:
    """The entry script's first line imports ``kb``; its first statement catches SIGINT, so
    what is left before it is no code of ours (the interpreter's start, the package's search).
    Nothing of kb.cli is imported yet when the signal lands here."""
    program = (
        "import os, signal, sys; sys.argv[0] = 'claimkb'; import kb; "
        "assert 'kb.cli' not in sys.modules; "
        "os.kill(os.getpid(), signal.SIGINT); import kb.cli; print('not interrupted')"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert (done.returncode, done.stdout, done.stderr) == (130, "", "claimkb: interrupted\n")


def test_importing_kb_as_a_library_leaves_sigint_alone() -> None:
    program = (
        "import signal; import kb; "
        "assert signal.getsignal(signal.SIGINT) is signal.default_int_handler; print('ok')"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert (done.returncode, done.stdout) == (0, "ok\n"), done.stderr


def test_ctrl_c_in_a_command_is_still_a_keyboard_interrupt_it_catches(tmp_path: Path) -> None:
    """Once a command runs, SIGINT is Python's again: the command's own handling applies."""
    program = (
        "import os, signal, sys; sys.argv[0] = 'claimkb'; import kb.cli; "
        "from kb.starting import started; started(); "
        "assert signal.getsignal(signal.SIGINT) is signal.default_int_handler; print('ok')"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert (done.returncode, done.stdout) == (0, "ok\n"), done.stderr
