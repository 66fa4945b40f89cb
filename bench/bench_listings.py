"""Benchmark what a researcher waits for at the command line: search and listings.

    uv run --frozen python bench/bench_listings.py --kb /work/data/kb10k/kb-10000-2n \\
        --baseline-tree /work/data/claimkb-base [--repeats 3]

Every figure is the median of --repeats runs of ``claimkb`` in a child process, from its start
to the last byte written to /dev/null (a pipe, so no terminal page applies), on the same store,
read-only. The baseline is the same command with the code of --baseline-tree (a checkout of
the commit before this work), measured in the same run.

- search: ``claimkb search WORDS --limit 20`` and ``--count``, against the baseline's only way
  to find text, ``query --name claims-mentioning`` (a regular-expression scan); then, in this
  process, the index itself (:func:`kb.query.search.search`), and the alternatives measured
  before choosing SQLite FTS5: a LIKE scan of the same SQLite table, and SPARQL ``CONTAINS``.
- listings: each SELECT named query that needs no article, whole (``--format csv``), its first
  page (``--limit 1000``) and its count (``--count``), beside the baseline's whole listing.
- queries: the same listings in one process per tree (this one's and the baseline's), without
  the command's start (about 1 s of CPU): first page, whole and count, each the median wall
  and CPU seconds (time.process_time) of --repeats runs after a warm-up, as ``claimkb query``
  runs them (:func:`kb.query.pages.run_page`, from the search index where it answers).
  ``--name`` narrows the listings of both parts; ``--no-baseline`` measures this tree only
  (for listings whose query this work leaves as it was).

Results go to stdout as Markdown and to bench/out/bench_listings.json.
"""

from __future__ import annotations

import json
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_kb import OUT, machine  # noqa: E402
from bench.store_bench import figure, store_bench_parser  # noqa: E402

#: Named queries that need an article or a work are left out (one article's rows: 2 ms).
SKIPPED = ("article-claims", "article-sources", "claims-citing-work", "web-annotations")
#: Searches a researcher might type, over the generated corpus's words.
SEARCHES = ("sleep", "blood pressure", "vitamin d deficiency", "randomised trial adults")
#: Run ``claimkb ARGS`` with the code of TREE first on the path; print nothing.
CHILD = """
import sys
sys.path.insert(0, sys.argv[1])
try:
    from kb.cli.main import main
except ImportError:  # before the commands had a module each
    from kb.cli.commands import main
main(sys.argv[2:], prog_name="claimkb")
"""


class Seconds(float):
    """Median wall seconds of a command, with the median CPU seconds it and its children used
    (``cpu``): on a loaded machine the wall time is mostly waiting for a core."""

    cpu: float

    def __new__(cls, wall: float, cpu: float) -> Seconds:
        seconds = super().__new__(cls, wall)
        seconds.cpu = cpu
        return seconds


def cli_seconds(tree: Path, args: list[str], repeats: int) -> Seconds | str:
    """Return the median seconds of ``claimkb ARGS`` run with the code of ``tree``."""
    walls, cpus = [], []
    for _ in range(repeats):
        before = os.times()
        started = time.perf_counter()
        with open(os.devnull, "wb") as sink:
            done = subprocess.run(
                [sys.executable, "-c", CHILD, str(tree), *args],
                stdout=sink,
                stderr=subprocess.PIPE,
                text=True,
            )
        if done.returncode != 0:
            return "error: " + done.stderr.strip().splitlines()[-1][:120]
        walls.append(time.perf_counter() - started)
        after = os.times()
        cpus.append(
            after.children_user
            + after.children_system
            - before.children_user
            - before.children_system
        )
    return Seconds(statistics.median(walls), statistics.median(cpus))


#: Time each listing with the code of TREE in this process; print JSON (see the docstring).
QUERIES = """
import json, statistics, sys, time
sys.path.insert(0, sys.argv[1])
from kb.query.pages import run_page
from kb.query.run import named_queries, with_parameters
from kb.query.search import indexed_answer
from kb.store import open_store

def clock(call, repeats):
    walls, cpus = [], []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        value = call()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return {"wall": statistics.median(walls), "cpu": statistics.median(cpus), "value": value}

kb, repeats, names = sys.argv[2], int(sys.argv[3]), json.loads(sys.argv[4])
figures = {}
with open_store(kb, read_only=True) as store:
    queries = named_queries()
    for name, params in names.items():
        query = queries[name]
        text = with_parameters(query.sparql, params, query.parameters)
        def page(**options):
            got = run_page(store, text, answered=indexed_answer(store, name, params), **options)
            return got.total if got.result is None else len(got.result)
        page(limit=1000)  # warm-up: the store's pages in the cache, the query parsed once
        figures[name] = {
            "page": clock(lambda: page(limit=1000), repeats),
            "count": clock(lambda: page(count=True), repeats),
            "whole": clock(lambda: page(limit=0), repeats),
        }
        figures[name]["rows"] = figures[name]["count"]["value"]
        print(name, figures[name], file=sys.stderr, flush=True)
print(json.dumps(figures))
"""


def plain(value: Any) -> Any:
    """Return ``value`` for JSON: each :class:`Seconds` as its wall and CPU seconds."""
    if isinstance(value, Seconds):
        return {"wall": float(value), "cpu": value.cpu}
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value


def in_process(call: Callable[[], object], repeats: int) -> Seconds:
    """Return the median wall seconds of ``call()`` after one warm-up run, with the median CPU
    seconds of this process (``cpu``)."""
    call()
    walls, cpus = [], []
    for _ in range(repeats):
        started, cpu = time.perf_counter(), time.process_time()
        call()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return Seconds(statistics.median(walls), statistics.median(cpus))


def search_figures(kb: str, base: Path, repeats: int) -> dict[str, dict[str, object]]:
    """Return, per search, the command's seconds now and the baseline's substring query."""
    figures: dict[str, dict[str, object]] = {}
    for words in SEARCHES:
        term = f"term={words}"
        figures[words] = {
            "search": cli_seconds(ROOT, ["search", "--kb", kb, "--limit", "20", words], repeats),
            "count": cli_seconds(ROOT, ["search", "--kb", kb, "--count", words], repeats),
            "baseline": cli_seconds(
                base, ["query", "--kb", kb, "-n", "claims-mentioning", "-p", term], 1
            ),
            "mentioning": cli_seconds(
                ROOT, ["query", "--kb", kb, "-n", "claims-mentioning", "-p", term], repeats
            ),
        }
        print(f"  search {words!r}: {figures[words]}", file=sys.stderr, flush=True)
    return figures


def index_figures(kb: str, repeats: int) -> dict[str, Any]:
    """Return the index's build time and size, and in-process times of the ways to search."""
    from kb.query.search import search
    from kb.store import open_store
    from kb.store.search_index import INDEX_FILE

    figures: dict[str, Any] = {}
    with open_store(kb, read_only=True) as store:
        started = time.perf_counter()
        index = store.search_index()  # built on first use only, as a user's search would
        figures["build_s"] = round(time.perf_counter() - started, 1)
        figures["size_mb"] = round(Path(kb, INDEX_FILE).stat().st_size / 1e6, 1)
        db = sqlite3.connect(f"file:{Path(kb, INDEX_FILE)}?mode=ro", uri=True)
        figures["claims"] = db.execute("SELECT count(*) FROM claims").fetchone()[0]
        for words in SEARCHES:
            like = " AND ".join(f"text LIKE '%{word}%'" for word in words.split())
            scan = f"SELECT count(*) FROM claims WHERE {like}"
            figures[words] = {
                "fts5": in_process(partial(search, store, words, limit=20), repeats),
                "fts5_count": in_process(
                    partial(search, store, words, limit=20, count=True), repeats
                ),
                "like_scan": in_process(partial(db.execute, scan), 1),
                "trigram": in_process(partial(_mentioning, index, words), repeats),
            }
            print(f"  index {words!r}: {figures[words]}", file=sys.stderr, flush=True)
    return figures


def _mentioning(index: Any, words: str) -> int:
    return len(list(index.mentioning(words)))


def listings(only: list[str] | None) -> dict[str, list[str]]:
    """Return the SELECT named queries that need no article (those ``only`` names, when given),
    each with its ``--param`` texts."""
    from kb.query.run import named_queries

    return {
        name: ["term=sleep"] if name == "claims-mentioning" else []
        for name, query in named_queries().items()
        if name not in SKIPPED
        and not query.sparql.lstrip("# \n").startswith("CONSTRUCT")
        and (not only or name in only)
    }


def listing_figures(
    kb: str, base: Path, repeats: int, only: list[str] | None
) -> dict[str, dict[str, object]]:
    """Return, per named listing, whole/first page/count now and whole in the baseline."""
    figures: dict[str, dict[str, object]] = {}
    for name, texts in listings(only).items():
        params = [option for text in texts for option in ("-p", text)]
        args = ["query", "--kb", kb, "-n", name, *params, "--format", "csv"]
        figures[name] = {
            "rows": _rows(kb, args),
            "baseline": cli_seconds(base, args, repeats),
            "whole": cli_seconds(ROOT, args, repeats),
            "page": cli_seconds(ROOT, [*args, "--limit", "1000"], repeats),
            "count": cli_seconds(ROOT, [*args, "--count"], repeats),
        }
        print(f"  {name}: {figures[name]}", file=sys.stderr, flush=True)
    return figures


def query_figures(
    kb: str, base: Path | None, repeats: int, only: list[str] | None
) -> dict[str, dict[str, Any]]:
    """Return, per tree (``baseline`` unless None, ``now``), each listing's in-process seconds."""
    names = json.dumps(listings(only))
    figures: dict[str, dict[str, Any]] = {"baseline": {}}
    trees = (("baseline", base), ("now", ROOT)) if base is not None else (("now", ROOT),)
    for tree_name, tree in trees:
        done = subprocess.run(
            [sys.executable, "-c", QUERIES, str(tree), kb, str(repeats), names],
            stdout=subprocess.PIPE,
            text=True,
            check=True,
        )
        figures[tree_name] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def _rows(kb: str, args: list[str]) -> str:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(ROOT), *args, "--count"], capture_output=True, text=True
    )
    return done.stdout.strip()


def report(results: dict[str, Any]) -> str:
    """Return the Markdown tables of a run."""
    lines = [
        "| search | `claimkb search --limit 20` s | `--count` s | "
        "`claims-mentioning` s, baseline | `claims-mentioning` s, now |",
        "|---|---|---|---|---|",
    ]
    for words, f in results["search"].items():
        lines.append(
            f"| {words} | {figure(f['search'])} | {figure(f['count'])} | {figure(f['baseline'])} | "
            f"{figure(f['mentioning'])} |"
        )
    index = results["index"]
    lines += [
        "",
        f"Index: {index['claims']} claims, opened (built when missing) in {index['build_s']} s, "
        f"{index['size_mb']} MB.",
        "",
        "| search, in process | FTS5 words, top 20, ms | with the count, ms | LIKE scan "
        "of the same table, ms | FTS5 trigrams (claims-mentioning), ms |",
        "|---|---|---|---|---|",
    ]
    for words in SEARCHES:
        f = index[words]
        lines.append(
            f"| {words} | {_ms(f['fts5'])} | {_ms(f['fts5_count'])} | {_ms(f['like_scan'])} | "
            f"{_ms(f['trigram'])} |"
        )
    lines += [
        "",
        "| listing | rows | whole, baseline s | whole, now s | first page (1,000) s | count s |",
        "|---|---|---|---|---|---|",
    ]
    for name, f in results["listings"].items():
        lines.append(
            f"| {name} | {f['rows']} | {figure(f['baseline'])} | {figure(f['whole'])} | "
            f"{figure(f['page'])} | {figure(f['count'])} |"
        )
    return "\n".join(lines)


def query_report(figures: dict[str, dict[str, Any]]) -> str:
    """Return the Markdown table of the in-process figures: wall (CPU) seconds, each tree."""
    lines = [
        "| listing | rows | first page (1,000), baseline | now | whole, baseline | now | "
        "count, baseline | now |",
        "|---|---|---|---|---|---|---|---|",
    ]
    base, now = figures["baseline"], figures["now"]
    for name, f in now.items():
        was = base.get(name, {})
        rows = str(f["rows"])
        if was and was["rows"] != f["rows"]:
            rows += f" (baseline {was['rows']})"
        cells = [rows]
        for part in ("page", "whole", "count"):
            cells += [_seconds(was[part]) if was else "-", _seconds(f[part])]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _seconds(figure: dict[str, float]) -> str:
    return f"{figure['wall']:.2f} ({figure['cpu']:.2f})"


def _ms(value: object) -> str:
    """Return milliseconds as the tables print them, with the CPU's beside the wall's."""
    if isinstance(value, Seconds):
        return f"{value * 1000:.1f} ({value.cpu * 1000:.1f} CPU)"
    return f"{value * 1000:.1f}" if isinstance(value, float) else str(value)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print Markdown; save JSON under bench/out."""
    parser = store_bench_parser(__doc__.split("\n")[0])
    parser.add_argument(
        "--only", choices=("search", "index", "listings", "queries"), action="append"
    )
    parser.add_argument("--name", action="append", help="only this listing (repeatable)")
    parser.add_argument("--no-baseline", action="store_true", help="queries: this tree only")
    args = parser.parse_args(argv)
    parts = args.only or ["index", "search", "listings"]
    results: dict[str, Any] = {"machine": machine(), "kb": args.kb}
    print(f"machine: {results['machine']}")
    if "index" in parts:
        results["index"] = index_figures(args.kb, args.repeats)
    if "search" in parts:
        results["search"] = search_figures(args.kb, args.baseline_tree, args.repeats)
    if "listings" in parts:
        results["listings"] = listing_figures(args.kb, args.baseline_tree, args.repeats, args.name)
    if "queries" in parts:
        base = None if args.no_baseline else args.baseline_tree
        results["queries"] = query_figures(args.kb, base, args.repeats, args.name)
        print(query_report(results["queries"]))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "bench_listings.json").write_text(json.dumps(plain(results), indent=2))
    if len(parts) == 3:
        print(report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
