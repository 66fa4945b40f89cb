"""CPU time and peak memory of `claimkb audit --format json` and validated `claimkb ingest` on
a large page of ordinary prose at n and 4n, against a baseline tree measured in the same run.

    nice -n 19 uv run python bench/bench_bigpage.py [--sizes 400 1600] [--repeat 1]
        [--baseline-tree /work/cache/base] [--timeout 3600]

The page is ``bench_hostile``'s ordinary prose (every sentence cites the one reference, as on
the 19 MB page). Each command runs in a subprocess; the CPU column is the child's user and
system time (wall time is noise on a shared machine), its median over ``--repeat`` runs, and
``x`` is the CPU time at this size over that at the previous one: a linear command shows
about 4 for 4x the page. ``same`` says whether the audit's JSON report, and the ingest's
triple count, are those of the baseline tree (the findings must not change).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_hostile import _ordinary, measured

ROOT = Path(__file__).resolve().parent.parent


def _commands(tree: Path, page: Path, store: Path) -> dict[str, list[str]]:
    claimkb = str(tree / ".venv" / "bin" / "claimkb")
    return {
        "audit": [claimkb, "audit", str(page), "--format", "json"],
        "ingest": [claimkb, "ingest", "--kb", str(store), "--jobs", "1", str(page)],
    }


def _landed(text: bytes) -> str:
    """Return the ingest's summary line without its timing (the part that must not change)."""
    for line in text.decode("utf-8", "replace").splitlines():
        if line.startswith("ingested"):
            return line.split(" in ")[0]
    return ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[400, 1600], metavar="KB")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=3600.0)
    parser.add_argument("--baseline-tree", type=Path, default=Path("/work/cache/base"))
    parser.add_argument("--command", choices=["audit", "ingest"], action="append")
    args = parser.parse_args()
    trees = {"this": ROOT, "base": args.baseline_tree}
    print(
        f"# {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load {os.getloadavg()[0]:.1f}"
    )
    print("# CPU s (median), peak MB; x = CPU / previous size's; same = output as the baseline's")
    with tempfile.TemporaryDirectory(prefix="bench-bigpage-") as tmp:
        work = Path(tmp)
        previous: dict[tuple[str, str], float] = {}
        for size in args.sizes:
            page = work / f"ordinary-{size}.txt"
            page.write_text(_ordinary(size * 1000), encoding="utf-8")
            for what in args.command or ["audit", "ingest"]:
                outputs: dict[str, bytes] = {}
                for name, tree in trees.items():
                    cpus, peaks, code = [], [], None
                    for n in range(args.repeat):
                        store = work / f"kb-{name}-{size}-{n}"
                        out = work / f"{name}-{what}-{size}.out"
                        command = _commands(tree, page, store)[what]
                        _, cpu, peak, code = measured(command, out, args.timeout)
                        cpus.append(cpu)
                        peaks.append(peak)
                        outputs[name] = out.read_bytes()
                        subprocess.run(["rm", "-rf", str(store)], check=False)
                    cpu = statistics.median(cpus)
                    before = previous.get((name, what))
                    ratio = f"x{cpu / before:5.2f}" if before else "     -"
                    previous[(name, what)] = cpu
                    shown = "timeout" if code is None else f"exit {code}"
                    same = ""
                    if name == "base" and code is not None:
                        this, base = outputs["this"], outputs["base"]
                        if what == "ingest":
                            this, base = _landed(this).encode(), _landed(base).encode()
                        same = f"same {'yes' if this == base else 'NO'}"
                    print(
                        f"{what:6} {name:4} {page.stat().st_size / 1e6:6.2f} MB "
                        f"{cpu:9.1f} s CPU {max(peaks):7.0f} MB peak {ratio} {shown} {same}",
                        flush=True,
                    )
            page.unlink()


if __name__ == "__main__":
    main()
