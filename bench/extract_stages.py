"""CPU per sentence of each stage of ``claimkb extract --format json``, tree beside tree.

Where the time of an extraction goes, in process, for each source tree given (a baseline
first): reading (the file to blocks), the marker grammar and the style judged over the page
(markers), sentence boundaries (segment), kinds, cues, the rest of ``extract_document``
(drafts, sections, Sentences: other) and the JSON written out. Each tree runs in its own
interpreter with the tree first on ``sys.path`` (as ``extract_identity.py`` renders), the
garbage collector off as the command runs, on one process (no sharing among cores: CPU, not
wall). The trees alternate ``--repeat`` times; the figures are medians, then the least of the
runs (on a loaded machine the least disturbed run is the steadier figure).

    uv run --frozen python bench/extract_stages.py /work/cache/main14 . --pages PAGE...

A stage is timed around its function (``find_all``, ``_kind``, ``_judged_markers``,
``_block_spans``), so a stage's figure holds the timing's own cost (about a microsecond a
call) on both sides alike.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

# Run in a child interpreter: argv is the tree, then the pages; prints one JSON object of
# each stage's CPU seconds and the sentences.
_STAGES = r"""
import gc, json, sys, time
sys.path.insert(0, sys.argv[1])
import claims.extract as ex
import claims.reading as rd
from kb.report.extract import render_json
spent = {}
def timed(name, stage):
    inner = getattr(ex, name)
    def wrapper(*args, **kwargs):
        began = time.process_time()
        try:
            return inner(*args, **kwargs)
        finally:
            spent[stage] = spent.get(stage, 0.0) + time.process_time() - began
    setattr(ex, name, wrapper)
timed("find_all", "cues")
timed("_kind", "kinds")
timed("_judged_markers", "markers")
timed("_block_spans", "segment")
for stage in ("reading", "document", "json"):
    spent[stage] = 0.0
gc.disable()
began = time.process_time()
articles = []
for path in sys.argv[2:]:
    t = time.process_time()
    document = rd.read_path(path, None, rd.MAX_SIZE)
    spent["reading"] += time.process_time() - t
    t = time.process_time()
    articles.append(ex.extract_document(document, ex.limits_for(rd.MAX_SIZE)))
    spent["document"] += time.process_time() - t
t = time.process_time()
render_json(articles)
spent["json"] = time.process_time() - t
spent["total"] = time.process_time() - began
inner = ("cues", "kinds", "markers", "segment")
spent["other"] = spent.pop("document") - sum(spent.get(s, 0.0) for s in inner)
spent["sentences"] = sum(len(a.sentences) for a in articles)
print(json.dumps(spent))
"""

STAGES = ("reading", "markers", "segment", "kinds", "cues", "other", "json", "total")


def stages(tree: Path, pages: list[str]) -> dict[str, float]:
    """Return each stage's CPU seconds (and the sentences) of one run from ``tree``."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    argv = [sys.executable, "-c", _STAGES, str(tree), *pages]
    done = subprocess.run(argv, capture_output=True, text=True, env=env, check=True)
    found: dict[str, float] = json.loads(done.stdout)
    return found


def main(argv: list[str] | None = None) -> int:
    """Print each tree's median CPU per sentence by stage, and its ratio to the first tree."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs="+", type=Path, help="source trees, then --pages")
    parser.add_argument("--pages", nargs="+", required=True, help="articles, read in turn")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    runs: dict[Path, list[dict[str, float]]] = {tree: [] for tree in args.trees}
    loads = []
    for _ in range(args.repeat):
        for tree in args.trees:
            runs[tree].append(stages(tree.resolve(), args.pages))
        loads.append(os.getloadavg()[0])
    for name, statistic in (("median", statistics.median), ("least", min)):
        print(f"\n{name} of {args.repeat} runs, CPU µs per sentence; ratio first/last tree")
        print("| stage | " + " | ".join(str(t) for t in args.trees) + " | ratio |")
        print("|---" * (len(args.trees) + 2) + "|")
        chosen = {
            tree: {s: statistic(r[s] for r in rs) for s in (*STAGES, "sentences")}
            for tree, rs in runs.items()
        }
        for stage in STAGES:
            cells = [f"{chosen[t][stage] / chosen[t]['sentences'] * 1e6:.1f}" for t in args.trees]
            first, last = chosen[args.trees[0]][stage], chosen[args.trees[-1]][stage]
            ratio = f"{first / last:.2f}x" if last else "-"
            print(f"| {stage} | " + " | ".join(cells) + f" | {ratio} |")
    sentences = {str(t): int(rs[0]["sentences"]) for t, rs in runs.items()}
    print(f"sentences {sentences}; load {min(loads):.1f}-{max(loads):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
