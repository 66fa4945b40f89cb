"""What a query run in a worker process costs: `claimkb query` (its one query stoppable in a
worker) and the library's queries with a timeout, here and in a baseline checkout, one run.

    uv run --frozen python bench/bench_query_worker.py --kb KB \
        --baseline /work/cache/base-storefaults --runs 15

For each tree (its own .venv): ``claimkb query`` of a small SELECT with the default
``--timeout`` (a worker) and with ``--timeout 0`` (in the process, no worker): median wall time
and median CPU (the command's and its reaped children's, from wait4); then ``--runs`` queries
in one Python process through ``run_in_worker``: median wall per query, and CPU per query
(the process and its workers, less a process that runs none); and the CPU of one worker
started for one query (what a one-shot query adds). Times are noisy on a shared
machine: read the CPU columns and the ratio to the baseline.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERY = "SELECT ?article WHERE { GRAPH ?article { ?article a ?type } } LIMIT 5"
#: Queries through run_in_worker in one process; prints the median wall per query.
LIBRARY = """
import statistics, sys, time
from kb.query.worker_pool import run_in_worker
location, runs, query = sys.argv[1], int(sys.argv[2]), sys.argv[3]
walls = []
for _ in range(runs):
    start = time.perf_counter()
    run_in_worker(location, query, timeout=60, memory=2**31)
    walls.append(time.perf_counter() - start)
print(statistics.median(walls) if walls else 0.0)
"""


def measured(command: list[str], tree: Path) -> tuple[float, float, str]:
    """Return the wall seconds, CPU seconds (with reaped children) and stdout of ``command``,
    run in ``tree`` (so that ``python -c`` imports that tree's kb)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=tree)
    out = process.stdout.read() if process.stdout else b""
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command[:4])}... failed")
    return wall, usage.ru_utime + usage.ru_stime, out.decode()


def cli_row(tree: Path, kb: str, query: str, runs: int, timeout: str) -> tuple[float, float]:
    claimkb = str(tree / ".venv" / "bin" / "claimkb")
    samples = [
        measured([claimkb, "query", "--kb", kb, "--timeout", timeout, query], tree)[:2]
        for _ in range(runs)
    ]
    return statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples)


#: The request of one query, as a tree's own worker_pool writes it (the protocol may differ).
REQUEST = (
    "import json, sys; from kb.query.worker_pool import request; "
    "print(json.dumps(request(sys.argv[1])))"
)


def worker_row(tree: Path, kb: str, query: str, runs: int) -> float:
    """Return the median CPU seconds of one worker process answering ``query`` alone: its
    start (a Python, its imports, opening the store) and the query, as a one-shot query pays."""
    python = str(tree / ".venv" / "bin" / "python")
    line = subprocess.run(
        [python, "-c", REQUEST, query], capture_output=True, cwd=tree, check=True
    ).stdout
    samples = []
    for _ in range(runs):
        worker = subprocess.Popen(
            [python, "-m", "kb.query.worker_process", kb, "0", "1"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            cwd=tree,
        )
        assert worker.stdin is not None
        worker.stdin.write(line)
        worker.stdin.close()
        _, _, usage = os.wait4(worker.pid, 0)
        samples.append(usage.ru_utime + usage.ru_stime)
    return statistics.median(samples)


def library_row(tree: Path, kb: str, query: str, runs: int) -> tuple[float, float]:
    python = str(tree / ".venv" / "bin" / "python")
    _, idle_cpu, _ = measured([python, "-c", LIBRARY, kb, "0", query], tree)
    _, cpu, out = measured([python, "-c", LIBRARY, kb, str(runs), query], tree)
    return float(out), (cpu - idle_cpu) / runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kb", required=True, help="an embedded store to query (read only)")
    parser.add_argument("--query", default=QUERY)
    parser.add_argument("--baseline", type=Path, required=True, help="a checkout with a .venv")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    print(f"python {sys.version.split()[0]}; store {args.kb}; {args.runs} runs, medians")
    print(f"{'tree':10} {'what':34} {'wall s':>8} {'CPU s':>8}")
    for name, tree in (("baseline", args.baseline), ("this", ROOT)):
        for timeout, what in (("30", "claimkb query (worker)"), ("0", "claimkb query --timeout 0")):
            wall, cpu = cli_row(tree, args.kb, args.query, args.runs, timeout)
            print(f"{name:10} {what:34} {wall:8.3f} {cpu:8.3f}", flush=True)
        wall, cpu = library_row(tree, args.kb, args.query, args.runs)
        print(f"{name:10} {'run_in_worker, per query':34} {wall:8.3f} {cpu:8.3f}", flush=True)
        cpu = worker_row(tree, args.kb, args.query, args.runs)
        print(f"{name:10} {'one worker, started for one query':34} {'':>8} {cpu:8.3f}", flush=True)
    print(f"load after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
