"""Benchmark the knowledge-base audit and the load of a dump, beside a baseline tree.

    uv run --frozen python bench/bench_kb_audit.py --kb KB1K --baseline-tree BASE [--repeats 3]
    uv run --frozen python bench/bench_kb_audit.py --kb KB1K --baseline-tree BASE --dump 200

Every figure is the median of --repeats runs of ``claimkb`` in a child process, from its start
to the last byte written to /dev/null; the baseline is the same command with the code of
--baseline-tree (a checkout of the commit before this work), measured in the same run, on the
same store, read-only.

- audit: ``claimkb audit --kb KB --format F --fail-on never`` for each format.
- ``--stages``: the CPU seconds of each stage in one process per tree (time.process_time, so
  less at the mercy of the machine's load than wall time): the findings' queries, the articles
  rebuilt for the reports, and each format's rendering.
- ``--dump N``: the first N articles of KB dumped once to N-Quads, then ``claimkb load`` of that
  dump into a fresh store, now and with the baseline's code.

Results go to stdout as Markdown and to bench/out/bench_kb_audit.json.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_kb import OUT, machine  # noqa: E402
from bench.bench_listings import cli_seconds, plain  # noqa: E402
from bench.store_bench import figure, store_bench_parser  # noqa: E402

FORMATS = ("json", "md", "table", "html")
#: Run each stage of the knowledge-base audit with the code of TREE; print CPU seconds as JSON.
STAGES = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
from kb.audit import knowledge_base as K
from kb.report.render import render
from kb.store import open_store

def clock(call):
    started = time.process_time()
    value = call()
    return value, round(time.process_time() - started, 1)

cpu = {}
with open_store(sys.argv[2], read_only=True) as store:
    found, cpu["findings"] = clock(lambda: K.kb_findings(store))
    graded, cpu["rebuild"] = clock(lambda: K._graded_articles(store, None))
if isinstance(graded, tuple):  # the articles and their claims' stored quotes, since c72cda4
    graded = graded[0]
results = [
    K.KbAudited(i, graded[i], tuple(sorted(found.get(i, ()), key=K.sort_key))) for i in graded
]
for fmt in sys.argv[3:]:
    try:
        _, cpu[fmt] = clock(lambda: render(results, fmt))
    except ValueError as error:  # a format the tree cannot print for a knowledge base
        cpu[fmt] = "error: " + str(error)[:80]
print(json.dumps(cpu))
"""


def audit_figures(kb: str, base: Path, repeats: int, formats: list[str]) -> dict[str, Any]:
    """Return, per report format, the audit's median seconds now and in the baseline."""
    figures: dict[str, Any] = {}
    for fmt in formats:
        args = ["audit", "--kb", kb, "--format", fmt, "--fail-on", "never"]
        figures[fmt] = {
            "baseline": cli_seconds(base, args, repeats),
            "now": cli_seconds(ROOT, args, repeats),
        }
        print(f"  audit {fmt}: {figures[fmt]}", file=sys.stderr, flush=True)
    return figures


def stage_figures(kb: str, base: Path, formats: list[str]) -> dict[str, Any]:
    """Return the CPU seconds of each stage of the audit, now and in the baseline."""
    figures = {}
    for name, tree in (("baseline", base), ("now", ROOT)):
        done = subprocess.run(
            [sys.executable, "-c", STAGES, str(tree), kb, *formats],
            capture_output=True,
            text=True,
            check=True,
        )
        figures[name] = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"  stages {name}: {figures[name]}", file=sys.stderr, flush=True)
    return figures


def load_figures(kb: str, base: Path, repeats: int, articles: int) -> dict[str, Any]:
    """Return the median seconds of loading a dump of ``articles`` articles into a fresh store."""
    with tempfile.TemporaryDirectory(prefix="bench-load-") as work:
        dump = Path(work, "part.nq")
        _write_dump(kb, dump, articles)
        figures: dict[str, Any] = {"articles": articles, "mb": round(dump.stat().st_size / 1e6)}
        for name, tree in (("baseline", base), ("now", ROOT)):
            runs = []
            for _ in range(repeats):
                store = Path(work, "kb")
                shutil.rmtree(store, ignore_errors=True)
                runs.append(cli_seconds(tree, ["load", "--kb", str(store), "-q", str(dump)], 1))
            figures[name] = sorted(runs, key=str)[len(runs) // 2]
        print(f"  load: {figures}", file=sys.stderr, flush=True)
    return figures


def _write_dump(kb: str, path: Path, articles: int) -> None:
    """Write the first ``articles`` graphs of ``kb`` to ``path`` as N-Quads."""
    import pyoxigraph as ox

    from kb.store import open_store

    with open_store(kb, read_only=True) as store, path.open("wb") as out:
        for info in list(store.articles())[:articles]:
            ox.serialize(store.graph_quads(info.iri), out, format=ox.RdfFormat.N_QUADS)


def report(results: dict[str, Any]) -> str:
    """Return the Markdown tables of a run."""
    lines = [f"machine: {results['machine']}; load averages at start {results['loadavg']}", ""]
    if "audit" in results:
        lines += ["| `audit --kb` format | baseline s | now s |", "|---|---|---|"]
        for fmt, f in results["audit"].items():
            lines.append(f"| {fmt} | {figure(f['baseline'])} | {figure(f['now'])} |")
    if "stages" in results:
        base, now = results["stages"]["baseline"], results["stages"]["now"]
        lines += ["", "| stage, CPU s | baseline | now |", "|---|---|---|"]
        lines += [
            f"| {stage} | {figure(base.get(stage))} | {figure(now[stage])} |" for stage in now
        ]
    if "load" in results:
        f = results["load"]
        lines += [
            "",
            f"`claimkb load` of {f['articles']} articles ({f['mb']} MB of N-Quads): "
            f"baseline {figure(f['baseline'])} s, now {figure(f['now'])} s",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print Markdown; save JSON under bench/out."""
    parser = store_bench_parser(__doc__.split("\n")[0])
    parser.add_argument("--formats", nargs="+", choices=FORMATS, default=list(FORMATS))
    parser.add_argument("--stages", action="store_true", help="CPU seconds of each stage.")
    parser.add_argument("--dump", type=int, metavar="N", help="Time the load of N articles.")
    parser.add_argument("--no-audit", action="store_true", help="Only the load (with --dump).")
    args = parser.parse_args(argv)
    results: dict[str, Any] = {"machine": machine(), "kb": args.kb, "loadavg": os.getloadavg()}
    print(f"machine: {results['machine']}", file=sys.stderr)
    if not args.no_audit:
        results["audit"] = audit_figures(args.kb, args.baseline_tree, args.repeats, args.formats)
    if args.stages:
        results["stages"] = stage_figures(args.kb, args.baseline_tree, args.formats)
    if args.dump:
        results["load"] = load_figures(args.kb, args.baseline_tree, args.repeats, args.dump)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "bench_kb_audit.json").write_text(json.dumps(plain(results), indent=2))
    print(report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
