"""Benchmark `most-cited-sources`, which counts citations by work IRI and merges a PMID work
into the DOI work an entry states it the same as (owl:sameAs), against baselines in the same run:

- ``by work IRI``: the same count by biro:references alone, without the merge;
- ``by workKey``: the query it replaced, grouping by the ckb:workKey literal (only on a store
  ingested before workKey was dropped, which still has it);
- ``--rev REV`` (repeatable): the query's text at git revision REV (``git log -p
  kb/query/queries/most-cited-sources.rq`` lists them), to time its older forms side by side,
  each with whether it gives the same rows as today's.

    nice -n 10 uv run --frozen python bench/bench_most_cited.py --kb KB [--repeats 5] \\
        [--rev 9afa2fa --rev e6e868d]

Each figure is the median of --repeats runs in this process after a warm-up (the store opened
read-only), wall and CPU seconds; results go to stdout as Markdown.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_kb import machine  # noqa: E402

BY_WORK_IRI = """
SELECT ?work (COUNT(DISTINCT ?article) AS ?articles) (COUNT(*) AS ?citations) WHERE {
  { SELECT ?article ?source ?work WHERE { GRAPH ?article { ?source biro:references ?work } } }
  { SELECT ?article ?source WHERE { GRAPH ?article { ?claim cito:citesAsEvidence ?source } } }
}
GROUP BY ?work ORDER BY DESC(?citations) DESC(?articles) LIMIT 100
"""
BY_WORK_KEY = """
SELECT ?work (MIN(STR(?name)) AS ?title) (MIN(?level_) AS ?level) ?articles ?citations WHERE {
  {
    SELECT ?work (COUNT(DISTINCT ?article) AS ?articles) (COUNT(*) AS ?citations) WHERE {
      { SELECT ?article ?source ?work WHERE { GRAPH ?article { ?source ckb:workKey ?work } } }
      { SELECT ?article ?source WHERE { GRAPH ?article { ?claim cito:citesAsEvidence ?source } } }
    }
    GROUP BY ?work ORDER BY DESC(?citations) DESC(?articles) LIMIT 100
  }
  OPTIONAL {
    GRAPH ?citing {
      ?source ckb:workKey ?work ; ckb:evidenceLevel ?concept .
      OPTIONAL { ?source dcterms:title ?name }
    }
  }
  BIND (STRAFTER(STR(?concept), "#level-") AS ?level_)
}
GROUP BY ?work ?articles ?citations ORDER BY DESC(?citations) DESC(?articles) ?work
"""


#: The named query's file, whose older texts ``--rev`` reads from git.
QUERY_FILE = "kb/query/queries/most-cited-sources.rq"


def timed(store: object, sparql: str, repeats: int) -> tuple[float, float, list[str]]:
    """Return the median wall and CPU seconds of a query after a warm-up, and its rows (text)."""
    walls, cpus = [], []
    rows = [str(row) for row in store.query(sparql)]  # type: ignore[attr-defined]
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        rows = [str(row) for row in store.query(sparql)]  # type: ignore[attr-defined]
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), rows


def text_at(rev: str) -> str:
    """Return the query's text at git revision ``rev``."""
    return subprocess.run(
        ["git", "show", f"{rev}:{QUERY_FILE}"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kb", required=True)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--rev", action="append", default=[], help="an older text (git)")
    args = parser.parse_args()
    import pyoxigraph as ox

    from kb.query.run import named_queries
    from kb.rdf.prefixes import sparql_prologue

    store = ox.Store.read_only(args.kb)
    prologue = sparql_prologue()
    has_key = store.query(prologue + "ASK { GRAPH ?g { ?s ckb:workKey ?k } }")
    queries = {"most-cited-sources": named_queries()["most-cited-sources"].sparql}
    queries["by work IRI (baseline)"] = BY_WORK_IRI
    if has_key:
        queries["by workKey (the query replaced)"] = BY_WORK_KEY
    for rev in args.rev:
        queries[f"at {rev}"] = text_at(rev)
    articles = len(list(store.query(prologue + "SELECT DISTINCT ?g { GRAPH ?g { ?g a ?t } }")))
    print(f"{articles:,} articles; {machine()}; median of {args.repeats}\n")
    print("| Query | Wall s | CPU s | Rows | CPU / most-cited-sources | same rows |")
    print("|---|---|---|---|---|---|")
    figures = {name: timed(store, prologue + text, args.repeats) for name, text in queries.items()}
    _, mine, today = figures["most-cited-sources"]
    for name, (wall, cpu, rows) in figures.items():
        same = "yes" if rows == today else "no"
        print(f"| {name} | {wall:.2f} | {cpu:.2f} | {len(rows)} | {cpu / mine:.2f} | {same} |")


if __name__ == "__main__":
    main()
