"""CPU per sentence of the cue reading alone (``claims.certainty.find_all``), two trees alternated.

The cue stage is a share of ``claimkb extract``; this times it apart from reading, markers,
kinds and JSON. Each tree's code (first on ``sys.path``, this interpreter) extracts the pages
once on one process, keeping the spans of the sentences whose cues are read, then reads their
cues once to warm its caches and ``--repeat`` times more in rounds that alternate the trees;
the figures are each tree's median CPU microseconds per sentence and their ratio.

    uv run --frozen python bench/cue_stage.py /work/cache/main14 . --pages PAGE...

``--instructions`` also counts, under valgrind (cachegrind, no cache simulation), the
instructions one pass of the cue reading executes per sentence (a second pass's count less the
first's), on every ``--step``-th sentence: a count the machine's load hardly moves.
"""

from __future__ import annotations

import argparse
import os
import pickle
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

# Run with a tree first on sys.path: record the spans the extraction reads cues of (pickled
# into argv[2]), or time (argv[3] == "time") or run (a number of passes) the cue reading on them.
_CHILD = """
import pickle, sys, time
sys.path.insert(0, sys.argv[1])
spans_file, mode, pages = sys.argv[2], sys.argv[3], sys.argv[4:]
if mode == "record":
    import claims.extract as extract
    calls = []
    read = extract.find_all
    def recording(text, start, end):
        calls.append((text, start, end))
        return read(text, start, end)
    extract.find_all = recording
    for page in pages:
        extract.extract_path(page, processes=1)
    texts = {}
    spans = [(texts.setdefault(id(t), (len(texts), t))[0], s, e) for t, s, e in calls]
    ordered = [t for _, t in sorted(texts.values(), key=lambda pair: pair[0])]
    with open(spans_file, "wb") as out:
        pickle.dump((ordered, spans), out)
    sys.exit(0)
from claims.certainty import find_all
with open(spans_file, "rb") as data:
    texts, spans = pickle.load(data)
step = int(pages[0]) if pages else 1
calls = [(texts[i], s, e) for i, s, e in spans[::step]]
passes = 1 if mode == "time" else int(mode)
for _ in range(passes):
    for text, start, end in calls:
        find_all(text, start, end)
if mode == "time":  # passes of at least 20,000 sentences in all, for a stable figure
    times = -(-20000 // len(calls))
    began = time.process_time()
    for _ in range(times):
        for text, start, end in calls:
            find_all(text, start, end)
    print(time.process_time() - began, len(calls) * times)
"""
_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def _child(tree: Path, spans: Path, mode: str, *rest: str, under: tuple[str, ...] = ()) -> str:
    argv = [*under, sys.executable, "-P", "-c", _CHILD, str(tree), str(spans), mode, *rest]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run(argv, capture_output=True, text=True, env=env, check=True)
    return done.stdout + done.stderr


def instructions(tree: Path, spans: Path, step: int) -> float:
    """Return the instructions of one pass of the cue reading per sentence (valgrind)."""
    under = ("valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null")
    counts = []
    for passes in ("1", "2"):
        found = _REFS.search(_child(tree, spans, passes, str(step), under=under))
        if found is None:
            raise SystemExit(f"{tree}: no instruction count from valgrind")
        counts.append(int(found.group(1).replace(",", "")))
    with spans.open("rb") as data:
        sentences = len(pickle.load(data)[1][::step])
    return (counts[1] - counts[0]) / sentences


def main(argv: list[str] | None = None) -> int:
    """Print each tree's median CPU per sentence of the cue reading and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path, help="the baseline source tree")
    parser.add_argument("after", type=Path, help="the source tree under test")
    parser.add_argument("--pages", nargs="+", required=True, help="articles to read")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--instructions", action="store_true", help="count under valgrind too")
    parser.add_argument("--step", type=int, default=5, help="every STEP-th sentence counted (5)")
    args = parser.parse_args(argv)
    if args.instructions and shutil.which("valgrind") is None:
        print("valgrind not found: install it (apt-get install valgrind)", file=sys.stderr)
        return 2
    trees = {"before": args.before.resolve(), "after": args.after.resolve()}
    with tempfile.TemporaryDirectory(prefix="cue-stage-") as tmp:
        spans = {name: Path(tmp) / f"{name}.pickle" for name in trees}
        for name, tree in trees.items():
            _child(tree, spans[name], "record", *args.pages)
        per_sentence: dict[str, list[float]] = {name: [] for name in trees}
        loads = []
        for _ in range(args.repeat):
            for name, tree in trees.items():
                seconds, sentences = _child(tree, spans[name], "time").split()
                per_sentence[name].append(float(seconds) / int(sentences) * 1e6)
            loads.append(os.getloadavg()[0])
        medians = {name: statistics.median(runs) for name, runs in per_sentence.items()}
        for name in trees:
            print(f"{name} ({trees[name]}): {medians[name]:.1f} us of CPU per sentence")
        print(f"before/after {medians['before'] / medians['after']:.2f}x")
        if args.instructions:
            counts = {name: instructions(trees[name], spans[name], args.step) for name in trees}
            for name, count in counts.items():
                print(f"{name}: {count:,.0f} instructions per sentence")
            print(f"instructions before/after {counts['before'] / counts['after']:.2f}x")
        print(f"load {min(loads):.1f}-{max(loads):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
