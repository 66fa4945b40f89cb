"""Hostile queries against a real `claimkb serve`: memory, time to answer the next request, CPU.

    uv run python bench/bench_serve_hostile.py --kb KB [--client-wait 5] [--watch 20]
        [--baseline-tree DIR] [--only hostile|slow-readers] [--slow-rows 100000]
        [-- extra serve options, e.g. --timeout 30]

Starts `claimkb serve --kb KB` on a free port (with --baseline-tree, first the server of that
tree, with its own .venv, then this one's: both in the same run), then:

* hostile: for each hostile query, sends it with a client that gives up after --client-wait
  seconds (as a user closing the tab), then at once times a trivial query (the time to answer
  the next request) and samples, for --watch seconds, the resident memory of the server and its
  child processes and the CPU they burn after the client left. KB should hold some 10,000
  triples or more, so that the cross products below are out of reach.
* slow-readers: two clients ask for --slow-rows rows each and read nothing after the status
  line (receive buffers of 4 kB), then a third, ordinary query is timed while they stay open:
  before the workers were shared fairly it waited for the two until the query timeout.

Prints one line per case, the machine it ran on and its load.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

HOSTILE = {
    "select-cross": "SELECT * { ?a ?b ?c . ?d ?e ?f }",
    "count-cross": "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f }",
    "order-cross": "SELECT * { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f",
}
SMALL = "ASK { ?s ?p ?o }"


def tree(pid: int) -> list[int]:
    """Return ``pid`` and its descendants."""
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            children = (task / "children").read_text().split() if task.exists() else []
            todo.extend(int(child) for child in children)
    return pids


def rss_mb(pid: int) -> float:
    total = 0
    for p in tree(pid):
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        match = re.search(r"VmRSS:\s+(\d+) kB", status)
        total += int(match.group(1)) if match else 0
    return total / 1024


def cpu_seconds(pid: int) -> dict[int, float]:
    """Return the CPU seconds used so far by ``pid`` and each of its descendants."""
    used = {}
    for p in tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        used[p] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return used


def cpu_since(pid: int, before: dict[int, float]) -> float:
    """Return the CPU seconds burnt since ``before`` by the processes alive now."""
    return sum(now - before.get(p, 0.0) for p, now in cpu_seconds(pid).items())


def ask(port: int, query: str, timeout: float) -> tuple[int | str | None, float]:
    """Return (status, None when the client gave up, or "cut" when the server cut the results
    short; seconds) of a GET of ``query``."""
    start = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", "/query?" + urllib.parse.urlencode({"query": query}))
        response = connection.getresponse()
        while response.read(65536):
            if time.perf_counter() - start > timeout:
                return None, time.perf_counter() - start
        return response.status, time.perf_counter() - start
    except TimeoutError:
        return None, time.perf_counter() - start
    except http.client.IncompleteRead:
        return "cut", time.perf_counter() - start
    finally:
        connection.close()


def slow_reader(port: int, query: str) -> socket.socket:
    """Return a connection that asked for ``query``, read its status line (200: the result has
    started) and reads no more (a receive buffer of a few kilobytes: the server's writes soon
    block)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.settimeout(120)
    sock.connect(("127.0.0.1", port))
    target = "/query?" + urllib.parse.urlencode({"query": query})
    sock.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    status = sock.recv(15)
    if status != b"HTTP/1.1 200 OK":
        sock.close()
        raise RuntimeError(f"the large query was refused: {status!r}")
    return sock


def slow_readers(server: subprocess.Popen[str], port: int, rows: int) -> None:
    """Time an ordinary query while two clients leave their large results unread."""
    large = f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {rows}"
    readers = [slow_reader(port, large) for _ in range(2)]
    try:
        cpu_before = cpu_seconds(server.pid)
        status, seconds = ask(port, SMALL, 120)
        cpu = cpu_since(server.pid, cpu_before)
        print(
            f"slow-readers: two clients leave {rows:,} rows each unread; an ordinary query "
            f"{status} in {seconds:.2f} s ({cpu:.1f} CPU-s of the server and its workers "
            f"meanwhile); peak RSS {rss_mb(server.pid):.0f} MB"
        )
    finally:
        for sock in readers:
            sock.close()


def run(tree: Path | None, args: argparse.Namespace) -> None:
    """Start the server of ``tree`` (None: this one) and run the chosen cases against it."""
    python = sys.executable if tree is None else str(tree / ".venv" / "bin" / "python")
    command = [python, "-c", "from kb.cli import main; main()", "serve", "--kb", args.kb]
    server = subprocess.Popen(
        [*command, "--port", "0", *args.serve_options],
        stderr=subprocess.PIPE,
        text=True,
        cwd=tree,
    )
    assert server.stderr is not None
    line = server.stderr.readline()
    port = int(re.search(r":(\d+)/ ", line).group(1))  # type: ignore[union-attr]
    # The server logs every request: read its log, or it blocks once the pipe is full.
    threading.Thread(target=server.stderr.read, daemon=True).start()
    # Both workers started (imports, the store opened) before anything is timed.
    warming = [threading.Thread(target=ask, args=(port, SMALL, 120)) for _ in range(2)]
    for thread in warming:
        thread.start()
    for thread in warming:
        thread.join()
    print(
        f"server of {tree or 'this tree'}: {' '.join(['claimkb serve', *args.serve_options])}; "
        f"baseline RSS {rss_mb(server.pid):.0f} MB; load {os.getloadavg()[0]:.1f}"
    )
    try:
        if "slow-readers" in args.only:
            slow_readers(server, port, args.slow_rows)
        for name, query in HOSTILE.items() if "hostile" in args.only else ():
            status, seconds = ask(port, query, args.client_wait)
            cpu_before = cpu_seconds(server.pid)
            next_status, next_seconds = ask(port, SMALL, args.watch)
            peak, start = rss_mb(server.pid), time.perf_counter()
            while time.perf_counter() - start < args.watch and server.poll() is None:
                peak = max(peak, rss_mb(server.pid))
                time.sleep(0.2)
            cpu = cpu_since(server.pid, cpu_before)
            alive = "alive" if server.poll() is None else f"DIED (exit {server.returncode})"
            print(
                f"{name}: hostile answer {status} after {seconds:.1f} s; next request "
                f"{next_status} in {next_seconds:.2f} s; peak RSS {peak:.0f} MB and "
                f"{cpu:.1f} CPU-s over the {args.watch:.0f} s after the client left; {alive}"
            )
            if server.poll() is not None:
                break
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kb", required=True)
    parser.add_argument("--client-wait", type=float, default=5.0)
    parser.add_argument("--watch", type=float, default=20.0)
    parser.add_argument("--baseline-tree", type=Path, help="also run this tree's server, first")
    parser.add_argument("--only", action="append", choices=["hostile", "slow-readers"])
    parser.add_argument("--slow-rows", type=int, default=100_000)
    parser.add_argument("serve_options", nargs="*")
    args = parser.parse_args()
    args.only = args.only or ["hostile", "slow-readers"]
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    for tree in [args.baseline_tree] if args.baseline_tree else []:
        run(tree, args)
    run(None, args)


if __name__ == "__main__":
    main()
