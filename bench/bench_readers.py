"""Readers of the embedded store beside a writer, against the same readers alone.

    uv run python bench/bench_readers.py [--articles 400] [--runs 15] [--cap-mb 2048]

Builds a store of ``--articles`` articles with `claimkb ingest`, then runs each reader
(`claimkb list` and two SPARQL queries) ``--runs`` times in a subprocess under an address-space
cap (``RLIMIT_AS``, the issue's 2 GB per process), first alone and then while another process
ingests articles into the same store in a loop (new ones, then the same ones again, which
replaces them). For each reader and phase it prints the median wall time, the largest peak
memory (the child's ru_maxrss) and the failures (any exit other than 0, with the first error
line). Readers read published snapshots of the store (kb/store/snapshots.py), so the writer
should cost them little time and no memory. The machine, its cores and its load average
(before and after) are printed first and last: the machine is shared, so times are noisy.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.kb_articles import write_articles  # noqa: E402

CLAIMKB = str(Path(sys.executable).parent / "claimkb")
READERS = {
    "list": ["list"],
    "query-count": ["query", "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }"],
    "query-claims": [
        "query",
        "SELECT ?a (COUNT(?c) AS ?n) { GRAPH ?a { ?c a ckb:Claim } } GROUP BY ?a ORDER BY ?a",
    ],
}


@dataclass
class Runs:
    """The runs of one reader in one phase."""

    seconds: list[float] = field(default_factory=list)
    peaks_mb: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def line(self, name: str, phase: str) -> str:
        median = statistics.median(self.seconds) if self.seconds else float("nan")
        peak = max(self.peaks_mb, default=float("nan"))
        first = f" ({self.failures[0]})" if self.failures else ""
        failed = f"{len(self.failures)} failed{first}"
        return (
            f"{name:14} {phase:15} {len(self.seconds):3} runs  median {median:6.2f} s  "
            f"peak {peak:6.0f} MB  {failed}"
        )


def capped_run(args: list[str], cap_bytes: int) -> tuple[float, float, int, str]:
    """Return (seconds, peak MB, exit code, first stderr line) of one capped claimkb run."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (cap_bytes, cap_bytes))

    start = time.perf_counter()
    child = subprocess.Popen(
        [CLAIMKB, *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=limit,
        env={**os.environ, "MALLOC_ARENA_MAX": "2"},
    )
    assert child.stderr is not None
    error = child.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    first = error.strip().splitlines()[0][:120] if error.strip() else ""
    return seconds, usage.ru_maxrss / 1024, child.returncode, first


def measure(location: str, runs: int, cap_bytes: int) -> dict[str, Runs]:
    """Run every reader ``runs`` times, interleaved; return their runs by name."""
    found = {name: Runs() for name in READERS}
    for _ in range(runs):
        for name, command in READERS.items():
            seconds, peak, code, first = capped_run([*command, "--kb", location], cap_bytes)
            result = found[name]
            result.seconds.append(seconds)
            result.peaks_mb.append(peak)
            if code != 0:
                result.failures.append(f"exit {code}: {first}")
    return found


def writer_loop(location: str, batches: list[Path]) -> subprocess.Popen[bytes]:
    """Start a process that ingests the batches into ``location`` round and round."""
    script = (
        "import subprocess, sys\n"
        "while True:\n"
        "    for batch in sys.argv[3:]:\n"
        "        subprocess.run([sys.argv[1], 'ingest', '--kb', sys.argv[2], '--jobs', '1',\n"
        "                        batch], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    )
    return subprocess.Popen(
        [sys.executable, "-c", script, CLAIMKB, location, *map(str, batches)],
        start_new_session=True,
    )


def machine() -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{platform.platform()}, {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}; load average {load}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--cap-mb", type=int, default=2048)
    args = parser.parse_args()
    cap = args.cap_mb * 1024**2
    print(f"# {machine()}")
    print(f"# {args.articles} articles in the store, {args.runs} runs each, cap {args.cap_mb} MB")
    with tempfile.TemporaryDirectory() as tmp:
        location = str(Path(tmp) / "kb")
        first = Path(tmp) / "first"
        write_articles(first, args.articles)
        built = subprocess.run(
            [CLAIMKB, "ingest", "--kb", location, "--no-validate", str(first)],
            capture_output=True,
            text=True,
            check=False,
        )
        if built.returncode != 0:
            sys.exit(f"could not build the store: {built.stderr.strip()}")
        batches = []
        for n in range(4):  # 4 batches of new articles, then the same again (replacing)
            batch = Path(tmp) / f"batch-{n}"
            write_articles(batch, 25, start=args.articles + 25 * n)
            batches.append(batch)
        for line in report("alone", measure(location, args.runs, cap)):
            print(line, flush=True)
        writer = writer_loop(location, batches)
        try:
            time.sleep(2.0)  # the writer is under way
            for line in report("beside a writer", measure(location, args.runs, cap)):
                print(line, flush=True)
        finally:
            os.killpg(writer.pid, 15)
            writer.wait()
    print(f"# after: {machine()}")


def report(phase: str, found: dict[str, Runs]) -> list[str]:
    return [runs.line(name, phase) for name, runs in found.items()]


if __name__ == "__main__":
    main()
