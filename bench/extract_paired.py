"""CPU seconds of ``claimkb extract --format json`` from two trees, alternated in one run.

Under a load that makes a whole ``bench_extract.py --cli`` run too slow to finish, this
compares two revisions directly: each tree's ``claimkb`` (its own venv) runs on the same
inputs, one after the other, ``--repeat`` times, pinned to one core (``--cores N``: to N
cores, so that a tree that shares a long page's work among cores does); the figures are each
tree's median CPU seconds (the command's child-process rusage, its forked children included)
and median wall seconds, and their ratios.

    uv run --frozen python bench/extract_paired.py BEFORE_CLAIMKB AFTER_CLAIMKB PAGE...

``--pysbd`` also times pysbd's segmentation of the same paragraphs (as ``bench_extract.py
--cli`` does: the text claimkb reads, split at blank lines) in each round, in this process,
and gives each tree's ratio to it (pysbd's CPU seconds / the command's). ``--also
LABEL=CLAIMKB`` times a further tree in the same rounds (e.g. main beside the baseline and the
branch).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def cpu_seconds(argv: list[str]) -> tuple[float, float]:
    """Return the CPU seconds (user + system) and the wall seconds of running ``argv``, its
    output discarded."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, wall


def main(argv: list[str] | None = None) -> int:
    """Run both commands alternately and print their medians and ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", help="the claimkb executable of the baseline tree")
    parser.add_argument("after", help="the claimkb executable of the tree under test")
    parser.add_argument("pages", nargs="+", help="articles, all given to one command")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pysbd", action="store_true", help="time pysbd on the same text too")
    parser.add_argument("--cores", type=int, default=1, help="cores the commands run on (1)")
    parser.add_argument(
        "--also",
        action="append",
        default=[],
        metavar="LABEL=CLAIMKB",
        help="a further tree's claimkb, timed in the same rounds (repeatable)",
    )
    args = parser.parse_args(argv)
    commands = {"before": args.before, "after": args.after}
    commands.update(label_path.split("=", 1) for label_path in args.also)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, set(sorted(os.sched_getaffinity(0))[: args.cores]))
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    segment = _pysbd(args.pages) if args.pysbd else None
    if segment is not None:
        runs["pysbd"] = []
    loads = []
    for _ in range(args.repeat):
        for name, claimkb in commands.items():
            command = [claimkb, "extract", "--format", "json", *args.pages]
            runs[name].append(cpu_seconds(command))
        if segment is not None:
            runs["pysbd"].append(segment())
        loads.append(os.getloadavg()[0])
    for measure, column in (("CPU", 0), ("wall", 1)):
        medians = {name: statistics.median(r[column] for r in rs) for name, rs in runs.items()}
        before, after = medians["before"], medians["after"]
        print(
            f"{measure}: before {before:.2f} s, after {after:.2f} s (medians of {args.repeat}), "
            f"after/before {after / before:.2f}"
        )
        for name in list(commands)[2:]:
            print(
                f"{measure}: {name} {medians[name]:.2f} s, after/{name} {after / medians[name]:.2f}"
            )
        if "pysbd" in medians:
            pysbd = medians["pysbd"]
            ratios = ", ".join(f"{name} {pysbd / medians[name]:.1f}x" for name in commands)
            print(f"{measure}: pysbd {pysbd:.2f} s: {ratios} as fast as pysbd's segmentation alone")
    print(f"cores {args.cores}; load {min(loads):.1f}-{max(loads):.1f}")
    print(f"runs (CPU, wall): {runs}", file=sys.stderr)
    return 0


def _pysbd(pages: list[str]) -> Callable[[], tuple[float, float]]:
    """Return a function that segments the pages' paragraphs with pysbd and gives its CPU
    and wall seconds."""
    import pysbd

    from bench.bench_extract import paragraphs, timed

    segmenter = pysbd.Segmenter(language="en", clean=False)
    texts = paragraphs([Path(p) for p in pages])
    return lambda: timed(lambda: sum(len(segmenter.segment(t)) for t in texts))[:2]


if __name__ == "__main__":
    sys.exit(main())
