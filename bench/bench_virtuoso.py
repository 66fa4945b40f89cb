"""Benchmark the road to a big server: a knowledge base dumped in N-Quads shards, bulk-loaded into
OpenLink Virtuoso (``ld_dir`` + ``rdf_loader_run``), then bench_kb.py's queries run on it through
``claimkb --kb URL``, beside the same queries on the embedded store in the same run (the baseline).

    uv run python bench/bench_virtuoso.py --kb /work/data/kb10k/kb-10000-2n \\
        --work /work/data/virtuoso10k --split 4 --loaders 2 --repeats 3

Steps, each timed: ``claimkb dump --format nquads --split N`` (skipped when the shards are there),
a fresh Virtuoso database (virtuoso-t from Debian's virtuoso-opensource-7-bin), the bulk load with
``--loaders`` loader processes and a checkpoint, then each query's median over ``--repeats`` runs
after one warm-up, on Virtuoso and on the embedded store. Markdown to stdout, JSON to
bench/out/bench_virtuoso.json.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_kb import OUT, _first_article, machine, named_queries, time_queries  # noqa: E402

from tests.virtuoso_server import VirtuosoServer, virtuoso_server  # noqa: E402

#: The graph ld_dir names for triples outside any graph (a claimkb dump has none).
NO_GRAPH = "https://w3id.org/claimkb/graph/none"
CLAIMKB = str(Path(sys.executable).with_name("claimkb"))


def dump_shards(kb: Path, dump: Path, split: int) -> float:
    """Write the shards with ``claimkb dump --split``; return the seconds it took (0: reused)."""
    if dump.is_dir() and len(list(dump.glob("*.nq"))) == split:
        return 0.0
    dump.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    subprocess.run(
        [
            CLAIMKB,
            "dump",
            "--kb",
            str(kb),
            "--format",
            "nquads",
            "--split",
            str(split),
            "-o",
            str(dump / "kb.nq"),
        ],
        check=True,
    )
    return time.perf_counter() - started


def bulk_load(virtuoso: VirtuosoServer, dump: Path, loaders: int) -> float:
    """Run Virtuoso's bulk loader over the shards with ``loaders`` processes; return seconds."""
    started = time.perf_counter()
    virtuoso.sql(f"ld_dir('{dump}', '*.nq', '{NO_GRAPH}');")
    command = [virtuoso.isql, f"127.0.0.1:{virtuoso.sql_port}", "dba", "dba"]
    runs = [
        subprocess.Popen([*command, "exec=rdf_loader_run();"], stdout=subprocess.DEVNULL)
        for _ in range(loaders)
    ]
    for run in runs:
        run.wait()
    virtuoso.sql("checkpoint;")
    return time.perf_counter() - started


def quads_in(url: str) -> int:
    """Return the number of quads in claimkb's graphs on the server."""
    from kb.store import open_store

    count = (
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
        'FILTER (STRSTARTS(STR(?g), "https://w3id.org/claimkb/")) }'
    )
    return int(open_store(url, read_only=True).query(count).dicts()[0]["n"])


def main(argv: list[str] | None = None) -> int:
    """Dump, bulk-load, time the queries on Virtuoso and on the embedded store; print Markdown."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kb", type=Path, required=True, help="the embedded store to dump")
    parser.add_argument("--work", type=Path, required=True, help="shards and Virtuoso database")
    parser.add_argument("--split", type=int, default=4)
    parser.add_argument("--loaders", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--buffers", type=int, default=680_000, help="Virtuoso's 8 KB pages")
    args = parser.parse_args(argv)
    print(f"machine: {machine()}")
    dump = args.work / "dump"
    figures: dict[str, object] = {"machine": machine(), "split": args.split}
    figures["dump_s"] = dump_shards(args.kb, dump, args.split)
    figures["dump_mb"] = round(sum(p.stat().st_size for p in dump.glob("*.nq")) / 1e6, 1)
    first = _first_article(args.kb)
    queries = named_queries(first)
    database = args.work / "virtuoso"
    subprocess.run(["rm", "-rf", str(database)], check=True)
    with virtuoso_server(database, buffers=args.buffers, dirs=(dump,)) as virtuoso:
        figures["load_s"] = bulk_load(virtuoso, dump, args.loaders)
        figures["quads"] = quads_in(virtuoso.url)
        figures["virtuoso"] = time_queries(virtuoso.url, queries, args.repeats)
    figures["db_mb"] = round(sum(p.stat().st_size for p in database.glob("*.db")) / 1e6, 1)
    figures["embedded"] = time_queries(args.kb, queries, args.repeats)
    print(report(figures))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "bench_virtuoso.json").write_text(json.dumps(figures, indent=2))
    return 0


def report(figures: dict) -> str:
    """Return the figures as Markdown: the load, then each query on both stores."""
    rate = figures["quads"] / figures["load_s"] if figures["load_s"] else 0
    lines = [
        f"dump in {figures['split']} shards: {figures['dump_mb']:,} MB, "
        f"{figures['dump_s']:.0f} s (0: reused); bulk load of {figures['quads']:,} quads: "
        f"{figures['load_s']:.0f} s ({rate:,.0f} quads/s); database {figures['db_mb']:,} MB",
        "",
        "| query | rows | Virtuoso, median ms | embedded (pyoxigraph), median ms | ratio |",
        "|---|---|---|---|---|",
    ]
    for name, ours in figures["embedded"].items():
        theirs = figures["virtuoso"].get(name, {})
        lines.append(
            f"| {name} | {theirs.get('rows', ours.get('rows', ''))} | {_ms(theirs)} | {_ms(ours)} "
            f"| {_ratio(theirs, ours)} |"
        )
    return "\n".join(lines)


def _ms(timing: dict) -> str:
    if "error" in timing:
        return f"error: {timing['error'][:80]}"
    return f"{timing['median'] * 1000:.1f}"


def _ratio(theirs: dict, ours: dict) -> str:
    if "median" not in theirs or "median" not in ours or not ours["median"]:
        return ""
    return f"{theirs['median'] / ours['median']:.2f}x"


if __name__ == "__main__":
    sys.exit(main())
