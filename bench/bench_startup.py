"""Benchmark a command's start: the CPU of short ``claimkb`` commands, beside a baseline tree.

    nice -n 19 uv run --frozen python bench/bench_startup.py --baseline-tree /work/cache/main14

Each command runs --repeats times, alternating this tree's ``claimkb`` and the baseline's, on a
small knowledge base made here from ``examples/`` (so the store's work is a few milliseconds and
the figure is the start: imports and set-up). The figure is the median CPU seconds (user +
system, of the child) of each, and their ratio; the load average is printed beside them, since
CPU under load grows too, if less than wall time.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
#: The commands timed, ``KB`` standing for the knowledge base and ``ARTICLE`` for an example.
COMMANDS = (
    "--help",
    "--version",
    "list --kb KB",
    "stats --kb KB",
    "query --kb KB --name unsupported-claims",
    "search --kb KB tea",
    "extract ARTICLE",
)


def cpu_of(command: list[str]) -> float:
    """Return the CPU seconds (user + system) of running ``command`` to its end."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline-tree", type=Path, required=True, help="a checkout with .venv")
    parser.add_argument("--repeats", type=int, default=9, help="runs of each command (9)")
    args = parser.parse_args(argv)
    trees = {"this": HERE, "baseline": args.baseline_tree.resolve()}
    article = HERE / "examples" / "green-tea-memory.txt"
    with tempfile.TemporaryDirectory(prefix="claimkb-startup-") as scratch:
        kb = str(Path(scratch) / "kb")
        ingest = [str(HERE / ".venv" / "bin" / "claimkb"), "ingest", "-q", "--kb", kb]
        subprocess.run([*ingest, str(HERE / "examples")], check=True, capture_output=True)
        print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.python_version()}")
        print(f"load average at start: {os.getloadavg()}")
        print("| command | baseline CPU (s) | this CPU (s) | ratio |")
        print("|---|---|---|---|")
        for command in COMMANDS:
            words = command.replace("KB", kb).replace("ARTICLE", str(article)).split()
            cpu: dict[str, list[float]] = {name: [] for name in trees}
            for _ in range(args.repeats):
                for name, tree in trees.items():
                    cpu[name].append(cpu_of([str(tree / ".venv" / "bin" / "claimkb"), *words]))
            base, this = (statistics.median(cpu[name]) for name in ("baseline", "this"))
            print(f"| `claimkb {command}` | {base:.3f} | {this:.3f} | {base / this:.2f}x |")
        print(f"load average at end: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
