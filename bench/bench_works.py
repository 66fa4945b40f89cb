"""Benchmark the researcher's question "which works are cited by more than one article, and do
they describe them as the same kind of study": the named query against the plain join.

    nice -n 10 uv run --frozen python bench/bench_works.py --kb KB [--repeats 3] [--timeout 600]

KB is an embedded store ingested from bench/corpus.py's articles (each cites 25 generated
works, whose DOIs are drawn at random, so that many works are cited by several articles).
Every figure is the median of --repeats runs of ``claimkb query`` in a child process, from its
start to its last byte written to /dev/null: the whole listing (``--format csv``), its first
page (``--limit 1000``) and its row count (``--count``). The baseline, in the same run, is the
plain way to ask it (every source joined with every other article's source of the same work,
then its claims), cut off after --timeout seconds. Results go to stdout as Markdown and to
bench/out/bench_works.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_kb import OUT, machine  # noqa: E402

NAME = "works-cited-by-several-articles"
#: ``claimkb ARGS`` in a child process.
CLAIMKB = [
    sys.executable,
    "-c",
    "import sys; from kb.cli.main import main; main(sys.argv[1:], prog_name='claimkb')",
]
#: The same question as a join of each source with the other articles' sources of its work.
PLAIN = """
SELECT DISTINCT ?work ?article ?key ?level ?sentence ?line ?text WHERE {
  GRAPH ?article {
    ?source biro:references ?work ; ckb:key ?key ; ckb:evidenceLevel ?concept .
    OPTIONAL {
      ?claim cito:citesAsEvidence ?source ; ckb:sentenceId ?sentence ; ckb:line ?line ;
        schema:text ?text .
    }
  }
  GRAPH ?other { ?another biro:references ?work }
  FILTER (?other != ?article)
  BIND (STRAFTER(STR(?concept), "#level-") AS ?level)
}
"""


def cli_seconds(args: list[str], repeats: int, timeout: float) -> float | str:
    """Return the median seconds of ``claimkb ARGS``, or why there is none."""
    runs = []
    for _ in range(repeats):
        started = time.perf_counter()
        try:
            with open(os.devnull, "wb") as sink:
                done = subprocess.run(
                    [*CLAIMKB, *args],
                    stdout=sink,
                    stderr=subprocess.PIPE,
                    text=True,
                    timeout=timeout,
                    cwd=ROOT,
                )
        except subprocess.TimeoutExpired:
            return f"> {timeout:.0f}"
        if done.returncode != 0:
            return "error: " + done.stderr.strip().splitlines()[-1][:120]
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def count(args: list[str], timeout: float) -> str:
    """Return the number of rows ``claimkb query ARGS --count`` prints."""
    try:
        done = subprocess.run(
            [*CLAIMKB, *args, "--count"], capture_output=True, text=True, cwd=ROOT, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return f"? (no count in {timeout:.0f} s)"
    return done.stdout.strip()


def figures(kb: str, repeats: int, timeout: float) -> dict[str, object]:
    """Return the named query's and the plain join's figures on one store."""
    limit = ["--timeout", str(int(timeout))]  # claimkb's own, 30 s by default
    named = ["query", "--kb", kb, "-n", NAME, "--format", "csv", *limit]
    plain = ["query", "--kb", kb, PLAIN, "--format", "csv", *limit]
    return {
        "rows": count(named, timeout),
        "works": _works(kb),
        "whole": cli_seconds(named, repeats, timeout),
        "page": cli_seconds([*named, "--limit", "1000"], repeats, timeout),
        "count": cli_seconds([*named, "--count"], repeats, timeout),
        "plain_page": cli_seconds([*plain, "--limit", "1000"], 1, timeout),
    }


def _works(kb: str) -> str:
    """Return how many works the store holds, and how many several articles cite."""
    sparql = (
        "SELECT (COUNT(*) AS ?works) (SUM(IF(?n > 1, 1, 0)) AS ?shared) WHERE { "
        "SELECT ?work (COUNT(DISTINCT ?a) AS ?n) "
        "WHERE { GRAPH ?a { ?s biro:references ?work } } GROUP BY ?work }"
    )
    done = subprocess.run(
        [*CLAIMKB, "query", "--kb", kb, sparql, "--format", "tsv"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return " ".join(done.stdout.split()[2:])


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark on each store; print Markdown; save JSON under bench/out."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kb", required=True, action="append", help="an embedded store")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=600.0)
    args = parser.parse_args(argv)
    results: dict[str, object] = {"machine": machine(), "load": os.getloadavg()}
    print(f"machine: {results['machine']}; load average {os.getloadavg()[0]:.1f} at the start")
    print(
        "| store | works, shared | rows | whole s | first page (1,000) s | count s "
        "| plain join, first page s |"
    )
    print("|---|---|---|---|---|---|---|")
    for kb in args.kb:
        f = figures(kb, args.repeats, args.timeout)
        results[kb] = f
        print(
            f"| {kb} | {f['works']} | {f['rows']} | {_s(f['whole'])} | {_s(f['page'])} | "
            f"{_s(f['count'])} | {_s(f['plain_page'])} |",
            flush=True,
        )
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "bench_works.json").write_text(json.dumps(results, indent=2))
    return 0


def _s(value: object) -> str:
    return f"{value:.2f}" if isinstance(value, float) else str(value)


if __name__ == "__main__":
    sys.exit(main())
