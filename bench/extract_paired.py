"""CPU seconds of ``claimkb extract --format json`` from two trees, alternated in one run.

Under a load that makes a whole ``bench_extract.py --cli`` run too slow to finish, this
compares two revisions directly: each tree's ``claimkb`` (its own venv) runs on the same
inputs, one after the other, ``--repeat`` times, pinned to one core; the figure is each tree's
median CPU seconds (the command's child-process rusage) and their ratio.

    uv run --frozen python bench/extract_paired.py BEFORE_CLAIMKB AFTER_CLAIMKB PAGE...
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys


def cpu_seconds(argv: list[str]) -> float:
    """Return the CPU seconds (user + system) of running ``argv``, its output discarded."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(argv, stdout=subprocess.DEVNULL, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def main(argv: list[str] | None = None) -> int:
    """Run both commands alternately and print their medians and ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", help="the claimkb executable of the baseline tree")
    parser.add_argument("after", help="the claimkb executable of the tree under test")
    parser.add_argument("pages", nargs="+", help="articles, all given to one command")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    runs: dict[str, list[float]] = {"before": [], "after": []}
    for _ in range(args.repeat):
        for name in runs:
            command = [getattr(args, name), "extract", "--format", "json", *args.pages]
            runs[name].append(cpu_seconds(command))
    before, after = (statistics.median(runs[n]) for n in ("before", "after"))
    print(
        f"before {before:.2f} s, after {after:.2f} s CPU (medians of {args.repeat}), "
        f"after/before {after / before:.2f}; load {os.getloadavg()[0]:.1f}"
    )
    print(f"runs: {runs}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
