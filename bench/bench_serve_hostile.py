"""Hostile queries against a real `claimkb serve`: memory, time to answer the next request, CPU.

    uv run python bench/bench_serve_hostile.py --kb KB [--client-wait 5] [--watch 20]
        [-- extra serve options, e.g. --timeout 30]

Starts `claimkb serve --kb KB` on a free port, then for each hostile query: sends it with a
client that gives up after --client-wait seconds (as a user closing the tab), then at once
times a trivial query (the time to answer the next request) and samples, for --watch seconds,
the resident memory of the server and its child processes and the CPU they burn after the
client left. Prints one line per query and the machine it ran on. KB should hold some 10,000
triples or more, so that the cross products below are out of reach.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import re
import subprocess
import sys
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kb", required=True)
    parser.add_argument("--client-wait", type=float, default=5.0)
    parser.add_argument("--watch", type=float, default=20.0)
    parser.add_argument("serve_options", nargs="*")
    args = parser.parse_args()
    command = [
        sys.executable,
        "-c",
        "from kb.cli import main; main()",
        "serve",
        "--kb",
        args.kb,
        "--port",
        "0",
    ]
    server = subprocess.Popen([*command, *args.serve_options], stderr=subprocess.PIPE, text=True)
    assert server.stderr is not None
    line = server.stderr.readline()
    port = int(re.search(r":(\d+)/ ", line).group(1))  # type: ignore[union-attr]
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(
        f"server: {' '.join(['claimkb serve', *args.serve_options])}; baseline "
        f"RSS {rss_mb(server.pid):.0f} MB"
    )
    try:
        for name, query in HOSTILE.items():
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


if __name__ == "__main__":
    main()
