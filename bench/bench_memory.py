"""Peak memory per MB of input of every one-page command, on every pathological family.

    nice -n 19 uv run python bench/bench_memory.py [--sizes 2000 4000] [--jobs 2]
        [--family ordinary-txt ...] [--command audit-table ...] [--claimkb PATH]
        [--timeout 1800] [--at 19.9]

Each ``bench_hostile`` family (and its ordinary prose) is written at each size (KB, in the
family's units) and run through each command a user runs on one page, each in a subprocess:
``claimkb audit`` in every ``--format``, ``claimkb extract`` in every ``--format`` and a
validated ``claimkb ingest --jobs 1`` into a new store. For each pair the script prints the
child's CPU seconds and peak memory (``wait4``'s ru_maxrss) at each size, the growth in MB of
peak per MB of input between the two largest sizes, and the peak that line reaches at ``--at``
MB (19.9: just under the default ``--max-size``), largest first. A refusal (exit 2) is shown as
such: its memory is that of reading the page, not of the command's work. ``--jobs`` runs that
many commands at once (peak memory is each process's own; CPU is each child's).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_hostile import CLAIMKB, FAMILIES, measured

AUDIT_FORMATS = ("table", "json", "jsonl", "md", "html", "annotations", "ttl", "jsonld", "shacl")
EXTRACT_FORMATS = ("table", "json", "jsonl")
COMMANDS = (
    *(f"audit-{fmt}" for fmt in AUDIT_FORMATS),
    *(f"extract-{fmt}" for fmt in EXTRACT_FORMATS),
    "ingest",
)


def command_line(claimkb: str, command: str, page: Path, store: Path) -> list[str]:
    """Return the argv of ``command`` (audit-FMT, extract-FMT or ingest) on ``page``."""
    if command == "ingest":
        return [claimkb, "ingest", "--kb", str(store), "--jobs", "1", str(page)]
    verb, fmt = command.split("-", 1)
    return [claimkb, verb, str(page), "--format", fmt]


@dataclass(frozen=True)
class Run:
    family: str
    command: str
    mb: float
    cpu: float
    peak: float
    code: int | None
    out_mb: float


def _run(claimkb: str, family: str, command: str, page: Path, timeout: float) -> Run:
    store = page.with_name(f"{page.stem}-{command}.kb")
    out = page.with_name(f"{page.stem}-{command}.out")
    _, cpu, peak, code = measured(command_line(claimkb, command, page, store), out, timeout)
    out_mb = out.stat().st_size / 1e6
    out.unlink()
    shutil.rmtree(store, ignore_errors=True)
    return Run(family, command, page.stat().st_size / 1e6, cpu, peak, code, out_mb)


def _show(run: Run) -> str:
    code = "timeout" if run.code is None else f"exit {run.code}"
    return (
        f"{run.family:26} {run.command:17} {run.mb:7.3f} MB {run.cpu:8.1f} s CPU "
        f"{run.peak:7.0f} MB peak {run.peak / run.mb:7.1f} MB/MB  out {run.out_mb:8.1f} MB  {code}"
    )


def projected(runs: list[Run], at: float) -> tuple[float, float]:
    """Return (MB of peak per MB of input, the peak at ``at`` MB) from the two largest runs
    (one run: its peak over its size, a line through the origin)."""
    ordered = sorted(runs, key=lambda run: run.mb)
    if len(ordered) == 1 or ordered[-1].mb == ordered[-2].mb:
        slope = ordered[-1].peak / ordered[-1].mb
        return slope, slope * at
    low, high = ordered[-2], ordered[-1]
    slope = (high.peak - low.peak) / (high.mb - low.mb)
    return slope, high.peak + slope * (at - high.mb)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 4000], metavar="KB")
    parser.add_argument("--family", action="append", choices=sorted(FAMILIES))
    parser.add_argument("--command", action="append", choices=COMMANDS)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=1800.0)
    parser.add_argument("--at", type=float, default=19.9, metavar="MB")
    parser.add_argument("--claimkb", default=CLAIMKB, help="the claimkb program to run")
    args = parser.parse_args()
    families = args.family or list(FAMILIES)
    commands = args.command or list(COMMANDS)
    print(
        f"# {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load {os.getloadavg()[0]:.1f}; {args.claimkb}; sizes {args.sizes} KB; "
        f"jobs {args.jobs}",
        flush=True,
    )
    runs: list[Run] = []
    with (
        tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp,
        ThreadPoolExecutor(args.jobs) as pool,
    ):
        pages = []
        for family in families:
            ext, make = FAMILIES[family]
            for size in args.sizes:
                page = Path(tmp) / f"{family}-{size}.{ext}"
                page.write_text(make(size * 1000), encoding="utf-8")
                pages.append((family, page))
        # ordinary prose costs minutes a run, the rest seconds: start it first
        pages.sort(key=lambda item: item[0] != "ordinary-txt")
        futures = [
            pool.submit(_run, args.claimkb, family, command, page, args.timeout)
            for family, page in pages
            for command in commands
        ]
        for future in futures:
            run = future.result()
            runs.append(run)
            print(_show(run), flush=True)
    print(
        f"\n# by peak at {args.at} MB (a line through the two largest sizes); load "
        f"{os.getloadavg()[0]:.1f}"
    )
    pairs: dict[tuple[str, str], list[Run]] = {}
    for run in runs:
        pairs.setdefault((run.family, run.command), []).append(run)
    rows = []
    for (family, command), found in pairs.items():
        slope, peak = projected(found, args.at)
        codes = ",".join(sorted({str(run.code) for run in found}))
        rows.append((peak, family, command, slope, codes))
    for peak, family, command, slope, codes in sorted(rows, reverse=True):
        print(
            f"{family:26} {command:17} {slope:7.1f} MB/MB  {peak:7.0f} MB at {args.at} MB  "
            f"exit {codes}"
        )


if __name__ == "__main__":
    main()
