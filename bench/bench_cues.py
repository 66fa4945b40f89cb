"""Time of cue finding per lexicon group on the shared corpus's sentences (median of runs).

    uv run python bench/bench_cues.py                           # this checkout
    uv run python bench/bench_cues.py --root OTHER_CHECKOUT     # the baseline, in the same run

Prints, per group, the median CPU seconds (``process_time``: steady on a shared machine) over
``--runs`` passes of ``read_cues`` on every sentence
of ../shared/corpus wikipedia and plos, then of ``find_framing`` (the framing groups and the
structural weasels and peacocks read after them), for this checkout and (with --root) another
one, each in a process of its own, and the ratio. ``total`` adds the rows (find_framing repeats
the framing groups' time).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
SHARED = HERE.parent / "shared" / "corpus"

_CHILD = """
import json, statistics, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from claims import certainty
from claims.extract import extract_path
sentences = []
for folder in sys.argv[3:]:
    for path in sorted(Path(folder).iterdir()):
        if path.suffix in (".html", ".xml"):
            a = extract_path(path)
            sentences += [(a.text, s.start, s.end) for s in a.sentences]
names = ("CERTAINTY", "FRAMING", "ATTRIBUTION", "APPROXIMATION")
groups = [g for g in names if hasattr(certainty, g)]
out = {"sentences": len(sentences)}
for name in groups:
    group = getattr(certainty, name)
    certainty.read_cues("x", 0, 1, group)  # compile outside the timing
    times = []
    for _ in range(int(sys.argv[2])):
        start = time.process_time()
        for text, s, e in sentences:
            certainty.read_cues(text, s, e, group)
        times.append(time.process_time() - start)
    out[name] = statistics.median(times)
# find_framing: the framing groups read together, with what reads their cues afterwards (the
# structures of claims/attribution.py, where the checkout has them)
times = []
for _ in range(int(sys.argv[2])):
    start = time.process_time()
    for text, s, e in sentences:
        certainty.find_framing(text, s, e)
    times.append(time.process_time() - start)
out["find_framing"] = statistics.median(times)
print(json.dumps(out))
"""


def measure(root: Path, runs: int, folders: list[Path]) -> dict[str, float]:
    """Return the median seconds per group for the checkout at ``root``."""
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(root), str(runs), *map(str, folders)],
        capture_output=True,
        text=True,
        check=True,
        cwd=root,
    )
    return json.loads(done.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, help="a baseline checkout to time in the same run")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    folders = [SHARED / "wikipedia", SHARED / "plos"]
    if not all(f.is_dir() for f in folders):
        print(f"no corpus at {SHARED}", file=sys.stderr)
        return 2
    now = measure(HERE, args.runs, folders)
    base = measure(args.root, args.runs, folders) if args.root else {}
    print(f"{now.pop('sentences')} sentences, median of {args.runs} runs (CPU s)")
    base.pop("sentences", None)
    print(f"{'group':<14}{'this':>8}{'baseline':>10}{'ratio':>7}")
    for name in sorted(set(now) | set(base)):
        a, b = now.get(name), base.get(name)
        ratio = f"{a / b:.2f}" if a and b else "-"
        cells = (f"{x:.2f}" if x is not None else "-" for x in (a, b))
        print(
            f"{name:<14}"
            + "".join(f"{c:>{w}}" for c, w in zip(cells, (8, 10), strict=True))
            + f"{ratio:>7}"
        )
    print(f"total         {sum(now.values()):>8.2f}{sum(base.values()) or float('nan'):>10.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
