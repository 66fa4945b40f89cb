"""Attack sweep: every command of `claimkb` with every kind of bad input, as a user runs it.

    nice -n 10 uv run --frozen python bench/attack_sweep.py [--claimkb PATH] [--only FAMILY]
        [--timeout 120] [--work DIR]

Each case runs the CLI in a subprocess (or sends a request to `claimkb serve` on a temporary
store) and reports: the exit code (or HTTP status), whether stderr holds a traceback or
"internal error", whether an error took more than one line, whether a raw control character
or a bidirectional override from an article reached the output, the peak memory of the process
and its children (``wait4``), a run past ``--timeout`` (a hang), and for the server whether
the next request was answered and the store is unchanged. A case fails on any of: traceback,
internal error, an unexpected exit code, a multi-line error, a raw control character, more
than 2 GB, a hang, or a server that stopped answering or changed.

Families: ``files`` (missing, empty, binary, wrong encoding, directory, /dev/null, a FIFO,
/proc, symlink loops, 25 MB, a hostile name), ``kb`` (``--kb`` on odd places), ``options``
(bad values of every option), ``remote`` (a SPARQL endpoint of the script's own that answers
garbage, HTML, 500, a huge or cut body, slowly), ``signals`` (SIGINT, SIGTERM, a closed pipe
mid-run), ``text`` (an article whose title and text carry terminal escapes, bidi overrides and
zero-width characters), ``serve`` (heavy and malformed queries, cross-site and rebinding
updates), ``new15`` (session 15: devices, a socket, folders 1,500 deep or linking back to
themselves, encodings with and without a BOM or lying, tags of 100,000 attributes, JATS
entities of local files and 100,000 xrefs, Markdown of 100,000 definitions or a 1 MB link,
deep or huge or exploding queries, line breaks in ``--param``, output past ``ulimit -f``).
``--claimkb`` runs another checkout's CLI (a baseline in the same run).
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import http.server
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "green-tea-memory.txt"
GB = 2 * 1024 * 1024  # ru_maxrss is in KB: 2 GB
#: What an article may carry that must never reach a terminal raw: ESC, BEL, C1, and the bidi
#: embeddings, overrides and isolates (text shown in another order than it is stored).
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: In a machine format (JSON...) the bidi controls are kept, as text: only C0 and C1 count.
RAW_MACHINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
HOSTILE_TITLE = "Evil \x1b]0;pwned\x07 title \x1b[2J\u202eTXT.exe\u202c zero\u200bwidth"


@dataclass
class Outcome:
    family: str
    name: str
    code: int | None
    expected: tuple[int, ...]
    rss_kb: int = 0
    problems: list[str] = field(default_factory=list)
    first_line: str = ""

    @property
    def failed(self) -> bool:
        return bool(self.problems)


def run_case(
    claimkb: list[str],
    family: str,
    name: str,
    args: list[str],
    expected: tuple[int, ...] = (2,),
    *,
    stdin: bytes | None = None,
    timeout: float,
    cwd: Path,
    raw_check: bool = False,
    interrupt: tuple[int, float] | None = None,
) -> Outcome:
    """Run ``claimkb ARGS`` and judge it; ``interrupt``: (signal, seconds) sent to its group."""
    with Started(claimkb, args, cwd, stdin=stdin) as started:
        return started.judged(family, name, expected, timeout, raw_check, interrupt)


class Started:
    """``claimkb ARGS`` started in a session of its own, its output in temporary files."""

    def __init__(
        self, claimkb: list[str], args: list[str], cwd: Path, *, stdin: bytes | None = None
    ) -> None:
        self.files = contextlib.ExitStack()
        self.out = self.files.enter_context(tempfile.TemporaryFile())  # noqa: SIM115 (closed in __exit__)
        self.err = self.files.enter_context(tempfile.TemporaryFile())  # noqa: SIM115
        self.process = subprocess.Popen(
            [*claimkb, *args],
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=self.out,
            stderr=self.err,
            cwd=cwd,
            env={**os.environ, "NO_COLOR": "1", "COLUMNS": "120"},
            start_new_session=True,
        )
        if stdin is not None:
            assert self.process.stdin is not None
            with contextlib.suppress(BrokenPipeError):
                self.process.stdin.write(stdin)
            self.process.stdin.close()

    def __enter__(self) -> Started:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.files.close()

    def judged(
        self,
        family: str,
        name: str,
        expected: tuple[int, ...],
        timeout: float,
        raw_check: bool = False,
        interrupt: tuple[int, float] | None = None,
    ) -> Outcome:
        """Wait for the command (sending ``interrupt`` on the way) and judge it."""
        code, rss, hung = _wait(self.process, timeout, interrupt)
        self.out.seek(0)
        self.err.seek(0)
        stdout = self.out.read().decode("utf-8", "replace")
        stderr = self.err.read().decode("utf-8", "replace")
        outcome = Outcome(family, name, code, expected, rss)
        outcome.first_line = stderr.strip().splitlines()[0][:160] if stderr.strip() else ""
        _judge(outcome, stdout, stderr, hung=hung, raw_check=raw_check)
        return outcome


def _wait(
    process: subprocess.Popen, timeout: float, interrupt: tuple[int, float] | None
) -> tuple[int | None, int, bool]:
    """Wait for ``process`` (sending ``interrupt`` on the way); return its exit code, peak RSS
    in KB (its own and its waited children's) and whether it was killed past ``timeout``."""
    deadline = time.monotonic() + timeout
    if interrupt is not None:
        sent_at = time.monotonic() + interrupt[1]
        ended = None
        while time.monotonic() < sent_at:
            ended = os.wait4(process.pid, os.WNOHANG)  # not poll(): it would reap the child
            if ended[0]:
                break
            time.sleep(0.05)
        if ended is not None and ended[0]:
            process.returncode = os.waitstatus_to_exitcode(ended[1])
            return process.returncode, ended[2].ru_maxrss, False
        os.killpg(process.pid, interrupt[0])
    hung = False
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            return process.returncode, usage.ru_maxrss, hung
        if time.monotonic() > deadline and not hung:
            hung = True
            os.killpg(process.pid, signal.SIGKILL)
        time.sleep(0.02)


def _judge(outcome: Outcome, stdout: str, stderr: str, *, hung: bool, raw_check: bool) -> None:
    problems = outcome.problems
    if hung:
        problems.append("hang")
    if "Traceback (most recent call last)" in stderr:
        problems.append("traceback")
    if "internal error" in stderr.lower():
        problems.append("internal-error")
    if not hung and outcome.code not in outcome.expected:
        problems.append(f"exit {outcome.code}, expected {'/'.join(map(str, outcome.expected))}")
    errors = [line for line in stderr.splitlines() if "error" in line.lower()]
    if outcome.code == 2 and len(errors) > 1:
        problems.append("several error lines")
    if outcome.rss_kb > GB:
        problems.append(f"{outcome.rss_kb // 1024} MB")
    raw = RAW_MACHINE if "json" in outcome.name else RAW
    if raw_check and (raw.search(stdout) or RAW.search(stderr)):
        problems.append("raw control or bidi character in output")


# --- a misbehaving SPARQL endpoint of our own ---


class _Endpoint(http.server.BaseHTTPRequestHandler):
    """Answers by the first path segment: /garbage/query, /html/query, /e500/query..."""

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self._answer()

    def _answer(self) -> None:
        mode = self.path.strip("/").split("/")[0]
        json_type = "application/sparql-results+json"
        try:
            if mode == "garbage":
                self._send(200, json_type, b"\x00\xff{not json at all")
            elif mode == "html":
                self._send(200, "text/html", b"<html><body>Login required</body></html>")
            elif mode == "e500":
                self._send(500, "text/plain", b"Internal Server Error\n" * 3)
            elif mode == "wrongjson":
                self._send(200, json_type, b'{"head": 1, "results": {"bindings": "x"}}')
            elif mode == "huge":
                self.send_response(200)
                self.send_header("Content-Type", json_type)
                self.send_header("Content-Length", str(300 * 1024 * 1024))
                self.end_headers()
                chunk = b" " * (1024 * 1024)
                self.wfile.write(b'{"head": {"vars": ["a"]}, "results": {"bindings": [')
                for _ in range(299):
                    self.wfile.write(chunk)
            elif mode == "cut":
                self.send_response(200)
                self.send_header("Content-Type", json_type)
                self.send_header("Content-Length", "100000")
                self.end_headers()
                self.wfile.write(b'{"head": {"vars": ["a"]}, "results": {"bindings": [{"a":')
            elif mode == "slow":
                self.send_response(200)
                self.send_header("Content-Type", json_type)
                self.end_headers()
                for _ in range(600):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(1)
            elif mode == "redirect":
                self.send_response(302)
                self.send_header("Location", self.path)
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif mode in ("gzip", "deflate"):  # 1 GB of zeros in about 1 MB, never asked for
                self.send_response(200)
                self.send_header("Content-Type", json_type)
                self.send_header("Content-Encoding", mode)
                self.send_header("Content-Length", str(len(_BOMBS[mode])))
                self.end_headers()
                self.wfile.write(_BOMBS[mode])
            elif mode == "bigchunk":  # a chunk of 2**64 - 1 bytes, then a few and an end
                self.send_response(200)
                self.send_header("Content-Type", json_type)
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                self.wfile.write(b"ffffffffffffffff\r\n" + b'{"head": ' * 1000)
            elif mode == "chunkline":  # a chunk-size line of 1 MB
                self.send_response(200)
                self.send_header("Content-Type", json_type)
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                self.wfile.write(b"1" * 1_000_000 + b"\r\n")
            elif mode == "deepjson":  # results nested 200,000 deep
                n = 200_000
                body = b'{"head": {"vars": ["a"]}, "results": {"bindings": ' + b"[" * n + b"]" * n
                self._send(200, json_type, body + b"}}")
            elif mode == "bignum":  # a boolean of 100,000 digits, and 1e999999
                body = b'{"head": {}, "boolean": ' + b"9" * 100_000 + b', "x": 1e999999}'
                self._send(200, json_type, body)
            elif mode == "bigheader":  # one header line of 1 MB
                self.wfile.write(b"HTTP/1.1 200 OK\r\nX-Big: " + b"x" * 1_000_000 + b"\r\n\r\n")
            elif mode == "manyheaders":  # 100,000 headers
                self.wfile.write(b"HTTP/1.1 200 OK\r\n" + b"X-A: b\r\n" * 100_000 + b"\r\n")
            elif mode == "escape":
                body = {
                    "head": {"vars": ["article", "path", "title"]},
                    "results": {
                        "bindings": [
                            {
                                "article": {"type": "uri", "value": "http://x/\x1b]0;t\x07"},
                                "path": {"type": "literal", "value": "a\x1b[2Jb"},
                                "title": {"type": "literal", "value": HOSTILE_TITLE},
                            }
                        ]
                    },
                }
                self._send(200, json_type, json.dumps(body).encode())
            else:
                self._send(404, "text/plain", b"no")
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


REMOTE_MODES = (
    "garbage",
    "html",
    "e500",
    "wrongjson",
    "huge",
    "cut",
    "slow",
    "redirect",
    "gzip",
    "deflate",
    "bigchunk",
    "chunkline",
    "deepjson",
    "bignum",
    "bigheader",
    "manyheaders",
)


def _bombs() -> dict[str, bytes]:
    """Return 1 GB of zeros compressed as gzip and as deflate (about 1 MB each)."""
    import zlib

    zeros = b"\0" * (1024 * 1024)
    packed = zlib.compressobj(9, zlib.DEFLATED, 31)  # gzip
    deflated = zlib.compressobj(9)
    out_gzip, out_deflate = [], []
    for _ in range(1024):
        out_gzip.append(packed.compress(zeros))
        out_deflate.append(deflated.compress(zeros))
    out_gzip.append(packed.flush())
    out_deflate.append(deflated.flush())
    return {"gzip": b"".join(out_gzip), "deflate": b"".join(out_deflate)}


_BOMBS: dict[str, bytes] = {}


# --- the cases ---


def _fixtures(work: Path) -> dict[str, str]:
    """Write the bad files; return their paths by name."""
    files = work / "files"
    files.mkdir()
    (files / "empty.txt").write_bytes(b"")
    (files / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (files / "latin1.txt").write_bytes("Caf\xe9 na\xefve r\xe9sum\xe9 [1].\n".encode("latin-1"))
    (files / "utf16.md").write_bytes("# Title\n\nText [1].\n".encode("utf-16"))
    (files / "bogus-charset.html").write_bytes(
        b'<html><head><meta charset="rot13"></head><body><p>Hi [1].</p></body></html>'
    )
    (files / "binary.xml").write_bytes(b"<?xml version='1.0'?>\x00\x01<article>\xff</article>")
    (files / "dtd.xml").write_bytes(
        b'<?xml version="1.0"?><!DOCTYPE a SYSTEM "http://127.0.0.1:1/x.dtd">'
        b"<article><body><p>&ent;</p></body></article>"
    )
    (files / "dir.txt").mkdir()
    (files / "loop.txt").symlink_to(files / "loop.txt")
    (files / "dangling.txt").symlink_to(files / "nowhere.txt")
    huge = files / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(25 * 1024 * 1024)
    fifo = files / "fifo.txt"
    os.mkfifo(fifo)
    named = files / "name\x1b]0;x\x07\u202e.txt"
    named.write_text(EXAMPLE.read_text())
    (files / "bad.ttl").write_text("@prefix : <x> . :a :b")
    (files / "bad.json").write_text('{"findings": 3}')
    (files / "binary.rq").write_bytes(b"\xff\xfe\x00SELECT")
    hostile = files / "hostile.md"
    hostile.write_text(
        f"# {HOSTILE_TITLE}\n\nGreen tea \u202eimproves\u202c memory in \x1b[31mall\x1b[0m "
        "adults\u200b\u2067 [1].\n\n## References\n\n1. Author A. A trial. J. 2019.\n"
    )
    return {
        "missing": str(files / "missing.txt"),
        "empty": str(files / "empty.txt"),
        "binary": str(files / "binary.txt"),
        "latin1": str(files / "latin1.txt"),
        "utf16": str(files / "utf16.md"),
        "bogus-charset": str(files / "bogus-charset.html"),
        "binary-xml": str(files / "binary.xml"),
        "dtd": str(files / "dtd.xml"),
        "directory": str(files / "dir.txt"),
        "symlink-loop": str(files / "loop.txt"),
        "dangling": str(files / "dangling.txt"),
        "25MB": str(huge),
        "dev-null": "/dev/null",
        "proc-mem": "/proc/self/mem",
        "hostile-name": str(named),
        "hostile": str(hostile),
        "fifo": str(fifo),
    }


def _hostile_inputs(work: Path) -> dict[str, str]:
    """Write articles of shapes a reader may choke on, each 0.3-10 MB; return their paths."""
    folder = work / "inputs"
    folder.mkdir()
    text = "Green tea improves memory in adults [1]."
    references = "<ref-list>" + "".join(
        f'<ref id="r{n}"><mixed-citation>Author A. Trial {n}. J Tea. 2019.</mixed-citation></ref>'
        for n in range(100_000)
    )
    shapes = {
        "entities.html": "<html><body><p>" + "&#65;&#x42;&amp;&lt;" * 250_000 + "</p></body>",
        "long-attribute.html": f'<p><a href="{"x" * 5_000_000}" title="{"y" * 5_000_000}">a</a>'
        f" {text}</p>",
        "nested-inline.html": "<p>" + "<b><i>" * 30_000 + text + "</i></b>" * 30_000 + "</p>",
        "unclosed-inline.html": "<p>" + "<span>" * 200_000 + text,
        "deep-quote.md": ">" * 1_000_000 + f" {text}\n",
        "deep-quote-lines.md": "".join(">" * n + f" {text}\n" for n in range(1, 1_500)),
        "deep-list.md": "".join("  " * n + f"- {text}\n" for n in range(2_000)),
        "jats-100k-refs.xml": '<?xml version="1.0"?><article><front><article-meta><title-group>'
        "<article-title>Tea</article-title></title-group></article-meta></front><body><sec>"
        f'<p>{text} <xref ref-type="bibr" rid="r1">1</xref></p></sec></body><back>'
        f"{references}</ref-list></back></article>",
        "name\nwith newline.txt": text + "\n",
        "name\rwith\tcontrols\x7f.txt": text + "\n",
    }
    paths = {}
    for name, content in shapes.items():
        path = folder / name
        path.write_text(content, encoding="utf-8")
        paths[name.replace("\n", " ").replace("\r", " ").replace("\t", " ")] = str(path)
    return paths


def _many_files(work: Path, count: int) -> list[str]:
    """Write ``count`` one-sentence articles; return their paths (one command line)."""
    folder = work / "many-files"
    folder.mkdir()
    paths = []
    for n in range(count):
        path = folder / f"a{n}.txt"
        path.write_text(f"Green tea {n} improves memory in adults.\n", encoding="utf-8")
        paths.append(str(path))
    return paths


#: Files that are an article (exit 0/1), not bad input.
READABLE = {
    "empty",
    "latin1",
    "utf16",
    "bogus-charset",
    "hostile-name",
    "hostile",
    "dev-null",
    "dtd",
}


def _feed_fifo(path: str) -> threading.Thread:
    """Write an article into the FIFO at ``path`` once a reader opens it."""

    def feed() -> None:
        with open(path, "wb") as handle:
            handle.write(EXAMPLE.read_bytes())

    thread = threading.Thread(target=feed, daemon=True)
    thread.start()
    return thread


def cases(work: Path, kb: str, endpoint: int) -> Iterator[tuple[str, str, list[str], tuple]]:
    """Yield (family, name, arguments, expected exit codes)."""
    files = _fixtures(work)
    for command in ("audit", "extract", "validate", "export", "ingest"):
        for name, path in files.items():
            if name == "fifo":
                continue
            extra = ["--kb", str(work / f"kb-{command}-{name}")] if command == "ingest" else []
            args = [command, *extra, path]
            if command == "export":
                args += ["-o", str(work / f"out-{name}.graphml")]
            ok = (0, 1, 2) if name in READABLE else (2,)
            yield "files", f"{command} {name}", args, ok
    yield (
        "files",
        "audit --shapes bad.ttl",
        ["audit", "--shapes", f"{work}/files/bad.ttl", str(EXAMPLE)],
        (2,),
    )
    yield (
        "files",
        "audit --shapes binary",
        ["audit", "--shapes", files["binary"], str(EXAMPLE)],
        (2,),
    )
    yield (
        "files",
        "audit --shapes dir",
        ["audit", "--shapes", files["directory"], str(EXAMPLE)],
        (2,),
    )
    yield (
        "files",
        "audit --baseline bad.json",
        ["audit", "--baseline", f"{work}/files/bad.json", str(EXAMPLE)],
        (2,),
    )
    yield (
        "files",
        "audit --baseline binary",
        ["audit", "--baseline", files["binary"], str(EXAMPLE)],
        (2,),
    )
    yield (
        "files",
        "audit --write-baseline /dev/full",
        ["audit", "--write-baseline", "/dev/full", str(EXAMPLE)],
        (2,),
    )
    yield (
        "files",
        "audit --write-baseline dir",
        ["audit", "--write-baseline", files["directory"], str(EXAMPLE)],
        (2,),
    )
    yield (
        "files",
        "query -f binary.rq",
        ["query", "--kb", kb, "-f", f"{work}/files/binary.rq"],
        (2,),
    )
    yield "files", "query -f dir", ["query", "--kb", kb, "-f", files["directory"]], (2,)
    yield "files", "query -f /dev/null", ["query", "--kb", kb, "-f", "/dev/null"], (2,)
    yield "files", "load binary", ["load", "--kb", str(work / "kb-load"), files["binary"]], (2,)
    yield "files", "load dir", ["load", "--kb", str(work / "kb-load"), files["directory"]], (2,)
    yield (
        "files",
        "load bad.ttl as trig",
        ["load", "--kb", str(work / "kb-load"), "--format", "trig", f"{work}/files/bad.ttl"],
        (2,),
    )
    for target in (
        "/dev/full",
        files["directory"],
        f"{work}/no/such/dir/out.trig",
        "/proc/version",
    ):
        yield "files", f"dump -o {Path(target).name}", ["dump", "--kb", kb, "-o", target], (2,)
        yield (
            "files",
            f"export -o {Path(target).name}",
            ["export", str(EXAMPLE), "--format", "gexf", "-o", target],
            (2,),
        )
    yield (
        "files",
        "dump --split -o traversal",
        [
            "dump",
            "--kb",
            kb,
            "--format",
            "nquads",
            "--split",
            "3",
            "-o",
            f"{work}/../{work.name}/split.nq",
        ],
        (0,),
    )
    # --kb on odd places
    nonempty = work / "nonempty"
    nonempty.mkdir()
    (nonempty / "notes.txt").write_text("mine")
    places = {
        "a file": str(EXAMPLE),
        "/dev/null": "/dev/null",
        "/": "/",
        "/proc": "/proc",
        "non-empty dir": str(nonempty),
        "symlink loop": files["symlink-loop"],
        "fifo": files["fifo"],
        "missing parent": f"{work}/no/such/kb",
        "closed port": "http://127.0.0.1:1/query",
        "ftp": "ftp://127.0.0.1/kb",
        "no host": "http://",
        "bad ipv6": "http://[::1/query",
        "space": "http://127.0.0.1 :1/query",
    }
    for name, place in places.items():
        for command in (
            ["list"],
            ["stats"],
            ["query", "ASK {}"],
            ["search", "tea"],
            ["dump"],
            ["remove", "http://x/a"],
            ["audit", "--kb", place],
            ["export"],
            ["load", f"{work}/files/bad.ttl"],
            ["ingest", str(EXAMPLE)],
        ):
            args = [command[0], *([] if "--kb" in command else ["--kb", place]), *command[1:]]
            if command[0] == "export":
                args += ["-o", str(work / "kb-out.graphml")]
            # ingest makes a store where none is, its parents too
            made = command[0] == "ingest" and name == "missing parent"
            yield "kb", f"{command[0]} --kb {name}", args, (0,) if made else (2,)
    # bad option values
    bad = {
        "ingest": [
            ["--jobs", "0"],
            ["--jobs", "-1"],
            ["--jobs", "x"],
            ["--jobs", "99999999999999999999"],
            ["--max-size", "-1"],
            ["--max-size", "abc"],
            ["--max-size", "1e400"],
            ["--max-size", "9" * 40 + "TB"],
            ["--kb", "http://127.0.0.1:1/query", "--update-url", "not a url"],
        ],
        "audit": [
            ["--format", "pdf"],
            ["--fail-on", "x"],
            ["--select", "no-such-rule"],
            ["--max-size", "0"],
            ["--input-format", "docx"],
            ["--article", "http://x/ y"],
        ],
        "query": [
            ["--timeout", "nan"],
            ["--timeout", "inf"],
            ["--timeout", "-1"],
            ["--limit", "-1"],
            ["--offset", "9" * 30],
            ["--param", "x"],
            ["--param", "=1"],
            ["--param", "a=<bad iri>"],
            ["--param", "a=ex:x y"],
            ["--name", "no-such"],
            ["--name", "../../etc/passwd"],
            ["--format", "xlsx"],
        ],
        "search": [["--limit", "-1"], ["--offset", "9" * 30], ["--format", "pdf"]],
        "stats": [["--top", "-1"], ["--top", "9" * 30], ["--format", "xml"]],
        "dump": [["--split", "0"], ["--split", "5"], ["--split", "9" * 30], ["--format", "rdfxml"]],
        "export": [
            ["--min-citations", "-1"],
            ["--status", "x"],
            ["--level", "x"],
            ["--projection", "x"],
            ["--format", "pdf"],
            ["--article", "http://x/\x1b[2J"],
        ],
        "serve": [
            ["--port", "99999"],
            ["--port", "-1"],
            ["--host", "999.1.1.1"],
            ["--host", "bad host"],
            ["--timeout", "0"],
            ["--max-rows", "0"],
            ["--max-rows", "9" * 30],
        ],
        "list": [["--format", "csv"]],
        "load": [["--format", "ttl"]],
        "remove": [["http://x/\x1b]0;a\x07"]],
    }
    for command, option_sets in bad.items():
        for options in option_sets:
            args = [command, *options]
            if command not in ("serve",):
                args = [command, "--kb", kb, *options]
            if command in ("audit", "export"):
                args = [command, *options, str(EXAMPLE)]
            if command == "ingest":
                args += [str(EXAMPLE)]
            if command == "search":
                args += ["tea"]
            if command == "query" and "--name" not in options:
                args += ["ASK {}"]
            if command == "load":
                args += [f"{work}/files/bad.ttl"]
            if command == "serve":
                args = [command, "--kb", kb, *options]
            if options == ["--split", "5"]:
                args += ["--format", "nquads", "-o", str(work / "split.nq")]
            expected = (0,) if options == ["--split", "5"] else (2,)
            yield "options", f"{command} {' '.join(options)}"[:60], args, expected
    # a misbehaving endpoint
    for mode in REMOTE_MODES:
        url = f"http://127.0.0.1:{endpoint}/{mode}/query"
        for command in (
            ["list"],
            ["stats"],
            ["query", "SELECT * {?s ?p ?o}"],
            ["search", "tea"],
            ["audit", "--kb", url],
            ["export", "-o", str(work / f"r-{mode}.json")],
        ):
            args = [command[0], *([] if "--kb" in command else ["--kb", url]), *command[1:]]
            yield "remote", f"{command[0]} {mode}", args, (2,)
        yield "remote", f"ingest {mode}", ["ingest", "--kb", url, str(EXAMPLE)], (2,)
    escape_url = f"http://127.0.0.1:{endpoint}/escape/query"
    yield "text", "list (escapes from an endpoint)", ["list", "--kb", escape_url], (0, 2)
    # inputs of new shapes (session 14), each under 20 MB
    inputs = _hostile_inputs(work)
    for name, path in inputs.items():
        # 100,000 references: the extract table alone is 40 s of CPU (rich, 0.4 ms a row)
        commands = ("extract",) if "jats" in name else ("extract", "audit", "ingest")
        for command in commands:
            extra = ["--kb", str(work / f"kb-inputs-{name}")] if command == "ingest" else []
            extra += ["--format", "json"] if "jats" in name else []
            # text nested past the parser's 2,048 levels is left out: none left is exit 2
            ok = (0, 1, 2) if "inline" in name else (0, 1)
            yield "inputs", f"{command} {name}", [command, *extra, path], ok
    many = _many_files(work, 10_000)
    # 5 s of CPU (0.5 ms a file); an ingest of 10,000 articles is minutes by its nature
    yield "inputs", "extract 10,000 files", ["extract", "--format", "jsonl", *many], (0,)


#: A string of 10 characters made 10 ** 9 by CONCAT and REPLACE: past a worker's memory cap.
STRING_BOMB = (
    'SELECT (STRLEN(?f) AS ?n) { BIND("xxxxxxxxxx" AS ?a)'
    " BIND(CONCAT(?a,?a,?a,?a,?a,?a,?a,?a,?a,?a) AS ?b)"
    " BIND(CONCAT(?b,?b,?b,?b,?b,?b,?b,?b,?b,?b) AS ?c) BIND(REPLACE(?c, 'x', ?c) AS ?e)"
    " BIND(REPLACE(?e, 'x', ?c) AS ?f) }"
)


def nested_folders(top: Path, depth: int, text: str) -> None:
    """Make ``top/d/d/.../d``, ``depth`` folders deep, with ``a.txt`` holding ``text`` at the
    bottom, by file descriptors (the whole path may be longer than the system takes)."""
    top.mkdir()
    fd = os.open(top, os.O_RDONLY)
    for _ in range(depth):
        os.mkdir("d", dir_fd=fd)
        inner = os.open("d", os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = inner
    with os.fdopen(os.open("a.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "w") as handle:
        handle.write(text)
    os.close(fd)


def _session15_inputs(work: Path) -> dict[str, str]:
    """Write the session-15 articles (encodings, markup and sizes a reader may choke on) and
    odd folders; return their paths by name."""
    folder = work / "inputs15"
    folder.mkdir()
    text = "Green tea improves memory in adults [1]."
    page = f"<html><body><p>{text}</p><p>Caf\u00e9 helps.</p></body></html>"
    jats = (
        '<?xml version="1.0"?>{doctype}<article><body><sec><p>{body}</p></sec></body><back>'
        '<ref-list><ref id="r1"><mixed-citation>Lee A. Tea. J. 2019.</mixed-citation></ref>'
        "</ref-list></back></article>"
    )
    xref = '<xref ref-type="bibr" rid="r1">1</xref>'
    shapes: dict[str, str | bytes] = {
        "100,000 attributes.html": "<p "
        + " ".join(f'a{n}="v"' for n in range(100_000))
        + f">{text}</p>",
        "a 3 MB attribute.html": f'<p data-x="{"y" * 3_000_000}">{text}</p>',
        "references to surrogates and NUL.html": "<p>&#xD800; &#0; &#x110000; &#99999999999; "
        f"{text}</p>",
        "unclosed comment.html": f"<p>{text}</p><!-- " + "x" * 100_000,
        "unclosed CDATA.html": f"<p>{text}</p><![CDATA[ " + "x" * 100_000,
        "plaintext.html": f"<p>{text}</p><plaintext><p>no tag</p>",
        "UTF-16 with BOM.html": page.encode("utf-16"),
        "UTF-16LE without BOM.html": page.encode("utf-16-le"),
        "UTF-32 with BOM.html": page.encode("utf-32"),
        "charset lying (utf-16).html": b'<meta charset="utf-16"><p>' + text.encode() + b"</p>",
        "charset UTF-7.html": b'<meta charset="utf-7"><p>+ADw-script+AD4- '
        + text.encode()
        + b"</p>",
        "UTF-8 and Latin-1 mixed.txt": "Caf\u00e9 one.\n".encode()
        + "Caf\u00e9 two.\n".encode("latin-1"),
        "overlong UTF-8.txt": b"Tea \xc0\xaf \xed\xa0\x80 \xf4\x90\x80\x80 improves memory.\n",
        "a DOCTYPE naming a local file.xml": jats.format(
            doctype='<!DOCTYPE article SYSTEM "/etc/passwd">', body=text
        ),
        "an entity of a local file.xml": jats.format(
            doctype='<!DOCTYPE article [<!ENTITY e SYSTEM "file:///etc/passwd">]>', body="&e;"
        ),
        "a parameter entity of a local file.xml": jats.format(
            doctype='<!DOCTYPE article [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>',
            body=text,
        ),
        "100,000 xrefs to one id.xml": jats.format(doctype="", body=text + xref * 100_000),
        "an rid of 100,000 ids.xml": jats.format(
            doctype="",
            body=f'{text} <xref ref-type="bibr" rid="'
            + " ".join(f"r{n}" for n in range(100_000))
            + '">1</xref>',
        ),
        "100,000 reference definitions.md": text
        + "\n\n"
        + "".join(f"[r{n}]: http://x.example/{n}\n" for n in range(100_000)),
        "100,000 footnotes.md": text
        + "[^1]\n\n"
        + "".join(f"[^{n}]: Note {n}.\n" for n in range(100_000)),
        "a link destination of 1 MB.md": f"A claim [a](http://x.example/{'a' * 1_000_000}) [1].\n",
        "a destination of 1 MB in <>.md": f"A claim [a](<http://x.example/{'a ' * 500_000}>).\n",
        "carriage returns only.txt": (text + "\r") * 20_000,
        "OSC 52 and OSC 8.txt": "Tea \x1b]52;c;SGVsbG8=\x07 improves "
        "\x1b]8;;http://evil\x1b\\memory\x1b]8;;\x1b\\ \x9b31m in adults [1].\n",
    }
    paths = {}
    for name, content in shapes.items():
        path = folder / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        paths[name] = str(path)
    bad_name = folder / os.fsdecode(b"name \xff\xfe not UTF-8.txt")
    bad_name.write_text(text)
    paths["a name not UTF-8"] = str(bad_name)
    deep = folder / "deep"
    nested_folders(deep, 1_500, text)  # past Python's recursion limit (pathlib's rglob, glob's **)
    paths["a folder 1,500 deep"] = str(deep)
    loop = folder / "loop"
    loop.mkdir()
    (loop / "a.txt").write_text(text)
    (loop / "back").symlink_to(loop)
    paths["a folder linking back to itself"] = str(loop)
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(folder / "socket.txt"))
    sock.close()
    paths["a socket"] = str(folder / "socket.txt")
    return paths


def _flatten(deep: Path) -> None:
    """Move each folder of the chain ``deep/d/d/...`` beside ``deep``, so that no folder is
    deeper than two levels."""
    level, current = 0, deep
    while (current / "d").is_dir():
        moved = deep.with_name(f"{deep.name}-{level}")
        os.rename(current / "d", moved)
        level, current = level + 1, moved


def session15_cases(
    claimkb: list[str], work: Path, kb: str
) -> Iterator[tuple[list[str], str, list[str], tuple]]:
    """Yield (the program, name, arguments, expected exit codes) of session 15's attacks: new
    inputs, folders, queries, and output past the file-size limit (``prlimit --fsize``)."""
    inputs = _session15_inputs(work)
    for name, path in inputs.items():
        if name.startswith(("a folder", "a socket")):
            ok = (2,) if "socket" in name else (0,)
            yield (
                claimkb,
                f"ingest {name}",
                ["ingest", "--kb", str(work / f"kb15-{name[:12]}"), path],
                ok,
            )
            if "folder" in name:
                yield (
                    claimkb,
                    f"ingest {name}/**",
                    ["ingest", "--dry-run", "--kb", kb, f"{path}/**"],
                    (0,),
                )
            continue
        # a page a reader refuses (binary-looking) is exit 2, one line
        for command in ("extract", "audit"):
            args = [command, "--format", "json", path]
            yield claimkb, f"{command} --format json {name}", args, (0, 1, 2)
    for device in ("/dev/zero", "/dev/urandom"):
        yield claimkb, f"extract {device}", ["extract", device], (2,)
        yield claimkb, f"ingest {device}", ["ingest", "--kb", str(work / "kb15-dev"), device], (2,)
    queries = {
        "10,000 nested groups": "SELECT * WHERE " + "{" * 10_000 + "?s ?p ?o" + "}" * 10_000,
        "10,000 nested parentheses": "ASK { FILTER(" + "(" * 10_000 + "1" + ")" * 10_000 + ") }",
        "a query of 10 MB": "ASK {} #" + "x" * 10_000_000,
        "a backtracking regex": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o FILTER(REGEX(CONCAT(STR(?o),"
        ' "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"), "(a|a)*(a|a)*$")) }',
        "a string of 10**9 characters": STRING_BOMB,
        "SERVICE of a local file": "SELECT * { SERVICE <file:///etc/passwd> { ?s ?p ?o } }",
    }
    for name, query in queries.items():
        path = work / f"q15-{len(name)}.rq"
        path.write_text(query)
        yield claimkb, f"query -f {name}", ["query", "--kb", kb, "-f", str(path)], (0, 2)
    select = "SELECT ?a WHERE { VALUES ?a { UNDEF } }"
    for value in ("<http://x/a\nb>", "x\ny", "<http://x/a> } ; DROP ALL ; {", r'"\u0000"'):
        yield (
            claimkb,
            f"query --param {value!r}",
            ["query", "--kb", kb, "--param", f"a={value}", select],
            (0, 2),
        )
    limited = ["prlimit", "--fsize=2000", *claimkb]
    for name, args in (
        ("query", ["query", "--kb", kb, "SELECT * { ?s ?p ?o }"]),
        ("audit html", ["audit", "--format", "html", str(EXAMPLE)]),
        ("audit md", ["audit", "--format", "md", str(EXAMPLE)]),
        ("extract", ["extract", str(EXAMPLE)]),
        ("dump", ["dump", "--kb", kb]),
    ):
        yield limited, f"{name} > file past ulimit -f", args, (2,)


def text_cases(work: Path, kb: str, files_dir: Path) -> Iterator[tuple[str, str, list[str], tuple]]:
    """The hostile article through every printing command (output checked for raw controls)."""
    hostile = str(files_dir / "hostile.md")
    hkb = str(work / "kb-hostile")
    yield "text", "ingest hostile", ["ingest", "--kb", hkb, hostile], (0,)
    for fmt in ("table", "md", "json", "jsonl"):
        yield "text", f"audit {fmt}", ["audit", "--format", fmt, hostile], (0, 1)
    yield "text", "extract table", ["extract", hostile], (0,)
    yield "text", "validate", ["validate", hostile], (0, 1)
    yield "text", "list", ["list", "--kb", hkb], (0,)
    yield "text", "stats", ["stats", "--kb", hkb], (0,)
    yield "text", "search", ["search", "--kb", hkb, "--format", "table", "memory"], (0,)
    yield (
        "text",
        "query table",
        ["query", "--kb", hkb, "--format", "table", "SELECT ?t { ?a <http://schema.org/name> ?t }"],
        (0,),
    )
    yield "text", "audit --kb", ["audit", "--kb", hkb], (0, 1)
    yield "text", "extract name", ["extract", str(next(files_dir.glob("name*")))], (0,)


def signal_cases(work: Path, kb: str) -> Iterator[tuple[str, list[str], tuple, tuple[int, float]]]:
    """Long commands with a signal sent mid-run: (name, arguments, expected codes, signal)."""
    articles = work / "many"
    articles.mkdir()
    text = EXAMPLE.read_text()
    for n in range(60):
        (articles / f"a{n}.txt").write_text(text.replace("Green", f"Green {n}"))
    big = work / "big.txt"
    big.write_text(text * 400)
    for sig, name in ((signal.SIGINT, "SIGINT"), (signal.SIGTERM, "SIGTERM")):
        for after in (0.8, 2.5):
            yield (
                f"ingest {name} {after}s",
                ["ingest", "--kb", str(work / f"kb-sig-{name}-{after}"), str(articles)],
                (2, 1, 130, 143, -15),
                (sig, after),
            )
            yield f"audit big {name} {after}s", ["audit", str(big)], (130, 143, -15), (sig, after)
            yield (
                f"dump {name} {after}s",
                ["dump", "--kb", kb, "-o", str(work / f"d-{name}.trig")],
                (0, 130, 143, -15),
                (sig, after),
            )
            yield (
                f"export {name} {after}s",
                ["export", str(big), "-o", str(work / f"e-{name}.html")],
                (0, 130, 143, -15),
                (sig, after),
            )
            yield (
                f"query {name} {after}s",
                ["query", "--kb", kb, "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"],
                (130, 143, -15),
                (sig, after),
            )


def writer_cases(claimkb: list[str], work: Path, kb: str, timeout: float) -> Iterator[Outcome]:
    """Two writers on one store, and a `--kb` symlink re-pointed to another store mid-ingest:
    each command ends cleanly and both stores open afterwards."""
    folder = work / "writers"
    folder.mkdir()
    text = EXAMPLE.read_text()
    for n in range(40):
        (folder / f"w{n}.txt").write_text(text.replace("Green", f"Green {n}"))
    two = str(work / "kb-two-writers")
    with Started(claimkb, ["ingest", "-q", "--kb", two, str(folder)], work) as first:
        time.sleep(1)  # a bench, not a test: the first writer is under way
        yield run_case(
            claimkb,
            "writers",
            "second writer",
            ["ingest", "--kb", two, str(EXAMPLE)],
            (0, 2),
            timeout=timeout,
            cwd=work,
        )
        yield first.judged("writers", "first writer", (0,), timeout)
    yield run_case(
        claimkb,
        "writers",
        "list after two writers",
        ["list", "--kb", two],
        (0,),
        timeout=timeout,
        cwd=work,
    )
    stores = [work / "kb-link-a", work / "kb-link-b"]
    for store in stores:
        shutil.copytree(kb, store)
    link = work / "kb-link"
    link.symlink_to(stores[0])
    with Started(claimkb, ["ingest", "-q", "--kb", str(link), str(folder)], work) as writer:
        time.sleep(1)
        staged = work / "kb-link.new"
        staged.symlink_to(stores[1])
        os.replace(staged, link)  # the link now names the other store
        yield writer.judged("writers", "ingest through a re-pointed symlink", (0, 2), timeout)
    for store in stores:
        yield run_case(
            claimkb,
            "writers",
            f"list {store.name} afterwards",
            ["list", "--kb", str(store)],
            (0,),
            timeout=timeout,
            cwd=work,
        )


def pipe_cases(claimkb: list[str], work: Path, kb: str) -> Iterator[Outcome]:
    """Commands whose reader closes the pipe after the first bytes."""
    big = work / "big.txt"
    for name, args in (
        ("dump", ["dump", "--kb", kb]),
        ("list", ["list", "--kb", kb]),
        ("extract", ["extract", str(big)]),
        ("audit json", ["audit", "--format", "json", str(big)]),
        ("query csv", ["query", "--kb", kb, "SELECT * { ?s ?p ?o }"]),
        ("export json", ["export", str(big), "--format", "json"]),
    ):
        command = (
            " ".join(map(_quote, [*claimkb, *args]))
            + " | head -c 10 >/dev/null; exit ${PIPESTATUS[0]}"
        )
        done = subprocess.run(
            ["bash", "-c", command], capture_output=True, text=True, timeout=600, cwd=work
        )
        outcome = Outcome("signals", f"{name} | head -c 10", done.returncode, (0, 1))
        _judge(outcome, "", done.stderr, hung=False, raw_check=False)
        outcome.first_line = done.stderr.strip()[:160]
        yield outcome


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


# --- the server ---


def serve_cases(claimkb: list[str], work: Path, kb: str, timeout: float) -> Iterator[Outcome]:
    """Hostile requests to `claimkb serve --allow-update` on a copy of the store; each is
    followed by an ordinary query and a count of the store's triples."""
    copy = work / "kb-serve"
    shutil.copytree(kb, copy)
    process = subprocess.Popen(
        [*claimkb, "serve", "--kb", str(copy), "--port", "0", "--allow-update", "--timeout", "10"],
        stderr=subprocess.PIPE,
        text=True,
        cwd=work,
    )
    assert process.stderr is not None
    first = process.stderr.readline()
    second = process.stderr.readline()
    port = int(re.search(r":(\d+)/", first)[1])  # type: ignore[index]
    token = re.search(r"Bearer ([^']+)'", second)[1]  # type: ignore[index]
    log: list[str] = []
    reader = threading.Thread(target=log.extend, args=(process.stderr,), daemon=True)
    reader.start()
    before = _count(port)
    n = 200_000
    form = "application/x-www-form-urlencoded"
    drop = urllib.parse.urlencode({"update": "DROP ALL"}).encode()
    host = f"127.0.0.1:{port}"
    requests: list[tuple[str, str, str, dict[str, str], bytes]] = [
        (
            "cross product",
            "GET",
            "/query?" + urllib.parse.urlencode({"query": "SELECT * { ?a ?b ?c . ?d ?e ?f }"}),
            {},
            b"",
        ),
        (
            "nested groups",
            "POST",
            "/query",
            {"Content-Type": "application/sparql-query"},
            ("SELECT * WHERE " + "{" * n + "?s ?p ?o" + "}" * n).encode(),
        ),
        (
            "chained ||",
            "POST",
            "/query",
            {"Content-Type": "application/sparql-query"},
            ("ASK { FILTER(true" + " || true" * n + ") }").encode(),
        ),
        (
            "chained UNION",
            "POST",
            "/query",
            {"Content-Type": "application/sparql-query"},
            ("SELECT * { {?s ?p ?o}" + " UNION {?s ?p ?o}" * 20_000 + " }").encode(),
        ),
        (
            "huge VALUES",
            "POST",
            "/query",
            {"Content-Type": "application/sparql-query"},
            (
                "SELECT (COUNT(*) AS ?n) { VALUES ?x { " + " ".join(map(str, range(n * 5))) + " } }"
            ).encode(),
        ),
        (
            "SERVICE",
            "GET",
            "/query?"
            + urllib.parse.urlencode(
                {"query": "SELECT * { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"}
            ),
            {},
            b"",
        ),
        (
            "binary query",
            "POST",
            "/query",
            {"Content-Type": "application/sparql-query"},
            b"\xff\xfe\x00\x01",
        ),
        (
            "query of 15 MB",
            "POST",
            "/query",
            {"Content-Type": "application/sparql-query"},
            b"ASK {} #" + b"x" * 15_000_000,
        ),
        (
            "CSRF form",
            "POST",
            "/update",
            {"Content-Type": form, "Origin": "http://evil.example"},
            drop,
        ),
        (
            "CSRF text/plain",
            "POST",
            "/update",
            {"Content-Type": "text/plain", "Origin": "http://evil.example"},
            b"update=DROP ALL",
        ),
        ("CSRF no origin", "POST", "/update", {"Content-Type": form}, drop),
        (
            "Origin odd case",
            "POST",
            "/update",
            {
                "Content-Type": form,
                "Origin": f"HTTP://127.0.0.1:{port}",
                "Authorization": "Bearer x",
            },
            drop,
        ),
        (
            "Host rebinding",
            "POST",
            "/update",
            {
                "Content-Type": form,
                "Host": f"evil.example:{port}",
                "Origin": f"http://evil.example:{port}",
                "Authorization": f"Bearer {token}",
            },
            drop,
        ),
        (
            "Host percent-encoded",
            "POST",
            "/update",
            {
                "Content-Type": form,
                "Host": f"127%2e0.0.1:{port}",
                "Origin": f"http://127%2e0.0.1:{port}",
                "Authorization": f"Bearer {token}",
            },
            drop,
        ),
        (
            "Host odd case",
            "POST",
            "/update",
            {
                "Content-Type": form,
                "Host": f"LOCALHOST.evil.example:{port}",
                "Authorization": f"Bearer {token}",
            },
            drop,
        ),
        (
            "token in query string",
            "POST",
            f"/update?token={token}",
            {"Content-Type": form, "Origin": "http://evil.example"},
            drop,
        ),
        (
            "update via GET",
            "GET",
            "/update?" + urllib.parse.urlencode({"update": "DROP ALL"}),
            {},
            b"",
        ),
        ("update via /query", "POST", "/query", {"Content-Type": form}, drop),
        (
            "chained update",
            "POST",
            "/update",
            {"Content-Type": form, "Authorization": f"Bearer {token}"},
            urllib.parse.urlencode(
                {
                    "update": "DELETE { ?s ?p ?o } WHERE { {?s ?p ?o}"
                    + " UNION {?s ?p ?o}" * 20_000
                    + " }"
                }
            ).encode(),
        ),
        ("X-Forwarded-For", "GET", "/query?query=ASK%7B%7D", {"X-Forwarded-For": "1.2.3.4"}, b""),
        ("path traversal", "GET", "/../../etc/passwd", {}, b""),
        ("escape in path", "GET", "/%1b]0;x%07", {}, b""),
        # session 15: a rebinding through a proxy (the target names the host), with the token
        (
            "Host in an absolute-form target",
            "POST",
            "http://evil.example/update",
            {"Content-Type": form, "Authorization": f"Bearer {token}"},
            drop,
        ),
        ("invalid UTF-8 percent-encoded", "GET", "/query?query=%FF%FE%C0%AF", {}, b""),
        (
            "Expect: 100-continue of 20 MB",
            "POST",
            "/query",
            {"Content-Type": "application/sparql-query", "Expect": "100-continue"},
            b"ASK {} #" + b"x" * 20_000_000,
        ),
        (
            "string of 10**9 characters",
            "GET",
            "/query?" + urllib.parse.urlencode({"query": STRING_BOMB}),
            {},
            b"",
        ),
    ]
    try:
        for name, method, target, headers, body in requests:
            t0 = time.monotonic()
            status = _request(port, method, target, headers, body, host, timeout)
            outcome = Outcome("serve", name, status, ())
            if status == 200 and name.startswith(("CSRF", "Origin", "Host", "token", "update via")):
                outcome.problems.append("accepted")
            after = _count(port)
            if after is None:
                outcome.problems.append("server not answering")
            elif after != before:
                outcome.problems.append(f"store changed: {before} -> {after} triples")
            rss = _tree_rss_kb(process.pid)
            outcome.rss_kb = rss
            if rss > GB:
                outcome.problems.append(f"{rss // 1024} MB")
            outcome.first_line = f"status {status} in {time.monotonic() - t0:.1f} s"
            yield outcome
            if process.poll() is not None:
                break
        if process.poll() is None:
            yield from _slow_client_cases(process.pid, port, host, before)
    finally:
        process.terminate()
        process.wait(timeout=60)
        reader.join(timeout=30)
        process.stderr.close()
    text = "".join(log)
    outcome = Outcome("serve", "server log", 0, ())
    if "Traceback" in text:
        outcome.problems.append("traceback in the log")
    if "internal error" in text.lower():
        outcome.problems.append("internal error in the log")
    if RAW.search(text):
        outcome.problems.append("raw control character in the log")
    yield outcome


def _slow_client_cases(pid: int, port: int, host: str, before: int | None) -> Iterator[Outcome]:
    """Slowloris and its kin: many connections that send a request's head or body a byte at a
    time (or a head too large), held open while an ordinary client asks the server."""
    head = f"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: {host}\r\nX-Slow: ".encode()
    post = (
        f"POST /query HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/sparql-query\r\n"
        "Content-Length: 100000\r\n\r\nASK {} #"
    ).encode()
    floods = {
        "head of 1 MB": f"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: {host}\r\n".encode()
        + b"X-Big: "
        + b"x" * 1_000_000
        + b"\r\n\r\n",
        "100,000 headers": f"GET / HTTP/1.1\r\nHost: {host}\r\n".encode()
        + b"X-A: b\r\n" * 100_000
        + b"\r\n",
    }
    for name, start, count in (
        ("slowloris: 600 heads a byte a second", head, 600),
        ("slow bodies: 100 a byte a second", post, 100),
    ):
        t0 = time.monotonic()
        with _SlowClients(port, start, count):
            answered = _count(port)
        outcome = Outcome("serve", name, 200 if answered is not None else None, ())
        _judge_server(outcome, pid, answered, before, t0)
        yield outcome
    for name, request in floods.items():
        t0 = time.monotonic()
        outcome = Outcome("serve", name, _status_of(port, request), ())
        _judge_server(outcome, pid, _count(port), before, t0)
        yield outcome


def _status_of(port: int, request: bytes) -> int | None:
    """Send ``request`` (a server may close before it is whole); return the answer's status."""
    try:
        with socket.create_connection(("127.0.0.1", port), 60) as sock:
            with contextlib.suppress(OSError):
                sock.sendall(request)
            match = re.match(rb"HTTP/1\.[01] (\d{3})", sock.recv(4096))
    except OSError:
        return None
    return int(match[1]) if match else None


def _judge_server(
    outcome: Outcome, pid: int, answered: int | None, before: int | None, t0: float
) -> None:
    """Note on ``outcome`` a server that did not answer, changed, or grew past 2 GB."""
    if answered is None:
        outcome.problems.append("server not answering")
    elif answered != before:
        outcome.problems.append(f"store changed: {before} -> {answered} triples")
    outcome.rss_kb = _tree_rss_kb(pid)
    if outcome.rss_kb > GB:
        outcome.problems.append(f"{outcome.rss_kb // 1024} MB")
    outcome.first_line = f"status {outcome.code} in {time.monotonic() - t0:.1f} s"


class _SlowClients:
    """``count`` connections that send ``start`` and then a byte a second, until closed."""

    def __init__(self, port: int, start: bytes, count: int) -> None:
        self.sockets: list[socket.socket] = []
        for _ in range(count):
            with contextlib.suppress(OSError):
                sock = socket.create_connection(("127.0.0.1", port), timeout=10)
                sock.sendall(start)
                self.sockets.append(sock)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._drip, daemon=True)

    def _drip(self) -> None:
        while not self.stop.wait(1):
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.send(b"x")

    def __enter__(self) -> _SlowClients:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()
        for sock in self.sockets:
            sock.close()


def _request(
    port: int,
    method: str,
    target: str,
    headers: dict[str, str],
    body: bytes,
    host: str,
    timeout: float,
) -> int | None:
    head = {"Host": host, **headers}
    if body:
        head["Content-Length"] = str(len(body))
    lines = [
        f"{method} {target} HTTP/1.1",
        *(f"{k}: {v}" for k, v in head.items()),
        "Connection: close",
        "",
        "",
    ]
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
            sock.sendall("\r\n".join(lines).encode("latin-1") + body)
            answer = b""
            while b"\r\n" not in answer:
                piece = sock.recv(4096)
                if not piece:
                    break
                answer += piece
        match = re.match(rb"HTTP/1\.[01] (\d{3})", answer)
        return int(match[1]) if match else None
    except OSError:
        return None


def _count(port: int) -> int | None:
    """Return the store's triples as the server counts them; None when it does not answer."""
    query = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }"})
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(
            "GET", f"/query?{query}", headers={"Accept": "application/sparql-results+json"}
        )
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            return None
        return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
    except (OSError, ValueError, KeyError, IndexError, http.client.HTTPException):
        return None
    finally:
        connection.close()


def _tree_rss_kb(pid: int) -> int:
    total = 0
    for each in [pid, *map(int, Path(f"/proc/{pid}/task/{pid}/children").read_text().split())]:
        try:
            match = re.search(r"VmRSS:\s+(\d+) kB", Path(f"/proc/{each}/status").read_text())
        except OSError:
            continue
        total += int(match[1]) if match else 0
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claimkb", default=str(Path(sys.executable).parent / "claimkb"))
    parser.add_argument("--only", action="append", help="a family (repeatable)")
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--work", help="a scratch directory (default: a new one in /tmp)")
    options = parser.parse_args()
    # A sweep started in the background (`... &`) inherits SIGINT ignored, and so would every
    # command it runs: the signal cases' Ctrl-C would be lost. A handler of ours becomes the
    # default in the commands.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    claimkb = [options.claimkb]
    only = set(options.only or ())
    work = Path(options.work or tempfile.mkdtemp(prefix="attack-sweep-"))
    _BOMBS.update(_bombs())
    endpoint = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Endpoint)
    endpoint.daemon_threads = True
    threading.Thread(target=endpoint.serve_forever, daemon=True).start()
    outcomes: list[Outcome] = []
    try:
        kb = str(work / "kb")
        subprocess.run(
            [*claimkb, "ingest", "-q", "--kb", kb, str(EXAMPLE), str(ROOT / "examples")],
            check=True,
            capture_output=True,
        )

        def keep(outcome: Outcome) -> None:
            outcomes.append(outcome)
            mark = "FAIL" if outcome.failed else "ok  "
            problems = "; ".join(outcome.problems)
            print(
                f"{mark} {outcome.family:8} {outcome.name[:48]:48} {outcome.code!s:>5} "
                f"{outcome.rss_kb // 1024:>5} MB  {problems}  {outcome.first_line[:100]!r}",
                flush=True,
            )

        for family, name, args, expected in cases(work, kb, endpoint.server_address[1]):
            if only and family not in only:
                continue
            if "fifo" in name:
                _feed_fifo(str(work / "files" / "fifo.txt"))
            keep(
                run_case(
                    claimkb,
                    family,
                    name,
                    args,
                    expected,
                    timeout=options.timeout,
                    cwd=work,
                    raw_check=family == "text",
                )
            )
        if not only or "text" in only:
            for family, name, args, expected in text_cases(work, kb, work / "files"):
                keep(
                    run_case(
                        claimkb,
                        family,
                        name,
                        args,
                        expected,
                        timeout=options.timeout,
                        cwd=work,
                        raw_check=True,
                    )
                )
        if not only or "signals" in only:
            for name, args, expected, interrupt in signal_cases(work, kb):
                keep(
                    run_case(
                        claimkb,
                        "signals",
                        name,
                        args,
                        expected,
                        timeout=options.timeout,
                        cwd=work,
                        interrupt=interrupt,
                    )
                )
            for outcome in pipe_cases(claimkb, work, kb):
                keep(outcome)
        if not only or "writers" in only:
            for outcome in writer_cases(claimkb, work, kb, options.timeout):
                keep(outcome)
        if not only or "new15" in only:
            for program, name, args, expected in session15_cases(claimkb, work, kb):
                with Started(program, args, work) as started:  # output to a file: ulimit -f
                    raw_check = name.startswith(("extract", "audit"))  # JSON, not CSV's CR
                    keep(started.judged("new15", name, expected, options.timeout, raw_check))
        if not only or "serve" in only:
            for outcome in serve_cases(claimkb, work, kb, options.timeout):
                keep(outcome)
    finally:
        endpoint.shutdown()
        endpoint.server_close()
        if not options.work:
            _flatten(work / "inputs15" / "deep")  # shutil.rmtree recurses a level a frame
            shutil.rmtree(work, ignore_errors=True)
    failed = [o for o in outcomes if o.failed]
    peak = max((o.rss_kb for o in outcomes), default=0) // 1024
    print(f"\n{len(outcomes)} cases, {len(failed)} failed; largest process {peak} MB")
    families = sorted({o.family for o in outcomes})
    for family in families:
        mine = [o for o in outcomes if o.family == family]
        print(f"  {family}: {len(mine)} cases, {sum(o.failed for o in mine)} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
