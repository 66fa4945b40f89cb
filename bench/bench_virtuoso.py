"""Benchmark the road to a big server: a knowledge base dumped in N-Quads shards, bulk-loaded into
OpenLink Virtuoso (``ld_dir`` + ``rdf_loader_run``), then bench_kb.py's queries run on it through
``claimkb --kb URL``, beside the same queries on the embedded store in the same run (the baseline).

    nice -n 19 uv run python bench/bench_virtuoso.py --kb /work/cache/kb-1000 \\
        --work /work/cache/kb10x --copies 10 --split 4 --loaders 2 --repeats 3

Steps, each timed: ``claimkb dump --format nquads --split N`` (skipped when the shards are there),
a fresh Virtuoso database (virtuoso-t from Debian's virtuoso-opensource-7-bin), the bulk load with
``--loaders`` loader processes and a checkpoint, then each query's median over ``--repeats`` runs
after one warm-up, on Virtuoso and on the embedded store, with each one's row count (a query
whose rows differ is marked). Markdown to stdout, JSON to bench/out/bench_virtuoso.json.

``--copies K`` makes a knowledge base K times the size of ``--kb`` (when ingesting one that big
takes longer than there is): the shards hold K copies of its articles, copy k under the article
IRIs ``.../id/article/cK-...`` (the vocabulary graph once, the cited works' IRIs shared, as
articles citing the same works share them); the baseline is then a new embedded store
bulk-loaded from the same shards, in ``--work``.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_kb import OUT, _first_article, machine, named_queries  # noqa: E402

from tests.virtuoso_server import VirtuosoServer, virtuoso_server  # noqa: E402

#: The graph ld_dir names for triples outside any graph (a claimkb dump has none).
NO_GRAPH = "https://w3id.org/claimkb/graph/none"
CLAIMKB = str(Path(sys.executable).with_name("claimkb"))
ARTICLES = "<https://w3id.org/claimkb/id/article/"
VOCABULARY = "<https://w3id.org/claimkb/ns> .\n"


def dump_shards(kb: Path, dump: Path, split: int) -> tuple[float, float]:
    """Write the shards with ``claimkb dump --split``; return its wall and CPU seconds (0 and 0:
    reused)."""
    if dump.is_dir() and len(list(dump.glob("*.nq"))) == split:
        return 0.0, 0.0
    dump.mkdir(parents=True, exist_ok=True)
    started, cpu = time.perf_counter(), _children_cpu()
    command = [CLAIMKB, "dump", "--kb", str(kb), "--format", "nquads"]
    subprocess.run([*command, "--split", str(split), "-o", str(dump / "kb.nq")], check=True)
    return time.perf_counter() - started, _children_cpu() - cpu


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def process_cpu(pid: int) -> float:
    """Return the CPU seconds (user and system) process ``pid`` has used so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def held(lock: Path | None) -> Iterator[None]:
    """Hold ``lock`` (flock, exclusive) for the block, when one is given: the timing only."""
    if lock is None:
        yield
        return
    with lock.open("a") as file:
        fcntl.flock(file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(file, fcntl.LOCK_UN)


def copied_shards(kb: Path, work: Path, copies: int, split: int) -> float:
    """Write ``copies`` copies of the articles of ``kb`` as ``split`` shards in ``work/dump``
    (copy k in shard k mod split, under fresh article IRIs); return seconds (0: reused)."""
    dump = work / "dump"
    done = dump / f".complete-{copies}-{split}"
    if done.exists():
        return 0.0
    started = time.perf_counter()
    subprocess.run(["rm", "-rf", str(dump)], check=True)
    dump.mkdir(parents=True)
    whole = work / "base.nq"
    subprocess.run(
        [CLAIMKB, "dump", "--kb", str(kb), "--format", "nquads", "-o", str(whole)], check=True
    )
    shards = [(dump / f"kb-{n + 1:03d}.nq").open("w", encoding="utf-8") for n in range(split)]
    try:
        for copy in range(copies):
            out, fresh = shards[copy % split], f"{ARTICLES}c{copy}-"
            with whole.open(encoding="utf-8") as lines:
                for line in lines:
                    if copy == 0:
                        out.write(line)
                    elif not line.endswith(VOCABULARY):
                        out.write(line.replace(ARTICLES, fresh))
    finally:
        for shard in shards:
            shard.close()
    whole.unlink()
    done.write_text("")
    return time.perf_counter() - started


def embedded_from(dump: Path, store: Path) -> float:
    """Bulk-load the shards into a new embedded store (Oxigraph's bulk loader, compacted, then
    opened once by claimkb, which publishes its first snapshot); return seconds (0: reused)."""
    import pyoxigraph as ox

    from kb.store import open_store

    done = store.with_name(f"{store.name}.complete")
    if done.exists():
        return 0.0
    subprocess.run(["rm", "-rf", str(store)], check=True)
    started = time.perf_counter()
    oxigraph = ox.Store(str(store))
    for shard in sorted(dump.glob("*.nq")):
        oxigraph.bulk_load(path=str(shard), format=ox.RdfFormat.N_QUADS)
    oxigraph.optimize()
    del oxigraph
    open_store(str(store)).close()
    done.write_text("")
    return time.perf_counter() - started


def bulk_load(virtuoso: VirtuosoServer, dump: Path, loaders: int) -> tuple[float, float]:
    """Run Virtuoso's bulk loader over the shards with ``loaders`` processes, then a
    checkpoint; return the wall seconds and the server's CPU seconds."""
    started, cpu = time.perf_counter(), process_cpu(virtuoso.pid)
    virtuoso.sql(f"ld_dir('{dump}', '*.nq', '{NO_GRAPH}');")
    command = [virtuoso.isql, f"127.0.0.1:{virtuoso.sql_port}", "dba", "dba"]
    runs = [
        subprocess.Popen([*command, "exec=rdf_loader_run();"], stdout=subprocess.DEVNULL)
        for _ in range(loaders)
    ]
    for run in runs:
        run.wait()
    virtuoso.sql("checkpoint;")
    return time.perf_counter() - started, process_cpu(virtuoso.pid) - cpu


def time_queries(
    location: str | Path,
    queries: dict[str, str],
    repeats: int,
    slow: float,
    cpu: Callable[[], float] = time.process_time,
) -> dict:
    """Return, per query, its rows, the median seconds over ``repeats`` runs after a warm-up and
    the mean CPU seconds of a run as ``cpu()`` counts them (the server's and this client's, or
    this process's: under load, wall time is mostly waiting for a core); a query whose warm-up
    took over ``slow`` seconds of CPU is timed by that one run (``runs``: 1)."""
    from kb.store import open_store

    timings: dict[str, dict] = {}
    with open_store(str(location), read_only=True) as store:
        for name, sparql in queries.items():
            try:
                started, used = time.perf_counter(), cpu()
                rows = len(store.query(sparql))
                runs, used = [time.perf_counter() - started], cpu() - used
                if used <= slow:  # CPU: under load, a short query can wait long for a core
                    runs, used = [], cpu()
                    for _ in range(repeats):
                        started = time.perf_counter()
                        store.query(sparql).rows  # noqa: B018 - materialise like a caller would
                        runs.append(time.perf_counter() - started)
                    used = cpu() - used
                timings[name] = {
                    "median": statistics.median(runs),
                    "cpu": used / len(runs),
                    "rows": rows,
                    "runs": len(runs),
                }
            except Exception as error:  # one query failing (a server's timeout) ends no bench
                timings[name] = {"error": str(error)[:200]}
            print(
                f"{time.strftime('%H:%M:%S')} {name}: {timings[name]}", file=sys.stderr, flush=True
            )
    return timings


def quads_in(url: str | Path) -> int:
    """Return the number of quads in claimkb's graphs in the store (a server, or on disk)."""
    from kb.store import open_store

    count = (
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
        'FILTER (STRSTARTS(STR(?g), "https://w3id.org/claimkb/")) }'
    )
    with open_store(str(url), read_only=True) as store:
        return int(store.query(count).dicts()[0]["n"])


def main(argv: list[str] | None = None) -> int:
    """Dump, bulk-load, time the queries on Virtuoso and on the embedded store; print Markdown."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kb", type=Path, required=True, help="the embedded store to dump")
    parser.add_argument("--work", type=Path, required=True, help="shards and Virtuoso database")
    parser.add_argument("--copies", type=int, default=1, help="copies of --kb's articles")
    parser.add_argument("--split", type=int, default=4)
    parser.add_argument("--loaders", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--skip", nargs="*", default=[], help="queries not to time (listed in the report)"
    )
    parser.add_argument("--slow", type=float, default=60.0, help="CPU seconds: time by one run")
    parser.add_argument("--buffers", type=int, default=400_000, help="Virtuoso's 8 KB pages")
    parser.add_argument(
        "--lock", type=Path, help="a file to flock while queries are timed (not the dump, load)"
    )
    args = parser.parse_args(argv)
    print(f"machine: {machine()}", flush=True)
    dump = args.work / "dump"
    figures: dict[str, object] = {
        "machine": machine(),
        "split": args.split,
        "copies": args.copies,
        "loaders": args.loaders,
    }
    store, loading = args.kb, None
    if args.copies > 1:
        figures["dump_s"] = copied_shards(args.kb, args.work, args.copies, args.split)
        store = args.work / "embedded"
        # The baseline store is bulk-loaded in its own process while Virtuoso loads: the two
        # loads then share the machine, and each one's seconds are its own wall time.
        loading = subprocess.Popen(
            [sys.executable, __file__, "_embedded", str(dump), str(store)],
            stdout=subprocess.PIPE,
            text=True,
        )
    else:
        figures["dump_s"], figures["dump_cpu_s"] = dump_shards(args.kb, dump, args.split)
    figures["dump_mb"] = round(sum(p.stat().st_size for p in dump.glob("*.nq")) / 1e6, 1)
    _progress(figures)
    database = args.work / "virtuoso"
    subprocess.run(["rm", "-rf", str(database)], check=True)
    with virtuoso_server(database, buffers=args.buffers, dirs=(dump,)) as virtuoso:
        figures["load_average_before_load"] = os.getloadavg()
        figures["load_s"], figures["load_cpu_s"] = bulk_load(virtuoso, dump, args.loaders)
        figures["load_average_after_load"] = os.getloadavg()
        figures["shards_not_loaded"] = virtuoso.shards_not_loaded()
        figures["quads"] = quads_in(virtuoso.url)
        _progress(figures)
        if loading is not None:
            out, _ = loading.communicate()
            if loading.returncode != 0:
                raise RuntimeError("the embedded store's bulk load failed")
            figures["embedded_load_s"] = float(out.split()[-1])
            _progress(figures)
        first = _first_article(store)
        queries = {name: q for name, q in named_queries(first).items() if name not in args.skip}
        figures["skipped"] = args.skip
        with held(args.lock):
            figures["load_average_queries"] = os.getloadavg()
            figures["virtuoso"] = time_queries(
                virtuoso.url,
                queries,
                args.repeats,
                args.slow,
                lambda: process_cpu(virtuoso.pid) + time.process_time(),
            )
            figures["embedded"] = time_queries(store, queries, args.repeats, args.slow)
            figures["load_average_after_queries"] = os.getloadavg()
    figures["db_mb"] = round(sum(p.stat().st_size for p in database.glob("*.db")) / 1e6, 1)
    figures["embedded_quads"] = quads_in(store)
    print(report(figures))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "bench_virtuoso.json").write_text(json.dumps(figures, indent=2))
    return 0


def _progress(figures: dict[str, object]) -> None:
    shown = {k: v for k, v in figures.items() if k != "machine"}
    print(f"{time.strftime('%H:%M:%S')} {shown}", file=sys.stderr, flush=True)


def report(figures: dict) -> str:
    """Return the figures as Markdown: the load, then each query on both stores."""
    rate = figures["quads"] / figures["load_s"] if figures["load_s"] else 0
    averages = " / ".join(
        f"{' '.join(f'{a:.1f}' for a in figures[key])}"
        for key in ("load_average_before_load", "load_average_after_load", "load_average_queries")
        if key in figures
    )
    lines = [
        f"dump in {figures['split']} shards ({figures['copies']} copies): "
        f"{figures['dump_mb']:,} MB, {figures['dump_s']:.0f} s, "
        f"{figures.get('dump_cpu_s', 0):.0f} s CPU (0: reused); "
        f"bulk load of {figures['quads']:,} quads with {figures['loaders']} loaders: "
        f"{figures['load_s']:.0f} s, {figures['load_cpu_s']:.0f} s of Virtuoso's CPU "
        f"({rate:,.0f} quads/s), shards not loaded: "
        f"{figures['shards_not_loaded']}; database {figures['db_mb']:,} MB",
        f"load average (1, 5, 15 min) before the load / after it / before the queries: {averages}",
        f"embedded store: {figures['embedded_quads']:,} quads"
        + (
            f", bulk-loaded from the shards in {figures['embedded_load_s']:.0f} s"
            if "embedded_load_s" in figures
            else ""
        ),
        "",
        "| query | rows, embedded | rows, Virtuoso | Virtuoso, median ms (CPU ms) "
        "| embedded (pyoxigraph), median ms (CPU ms) | CPU ratio |",
        "|---|---|---|---|---|---|",
    ]
    for name, ours in figures["embedded"].items():
        theirs = figures["virtuoso"].get(name, {})
        differ = " (differ)" if ours.get("rows") != theirs.get("rows") else ""
        lines.append(
            f"| {name} | {ours.get('rows', '')} | {theirs.get('rows', '')}{differ} "
            f"| {_ms(theirs)} | {_ms(ours)} | {_ratio(theirs, ours)} |"
        )
    if figures["skipped"]:
        lines += ["", f"not timed (--skip): {', '.join(figures['skipped'])}"]
    return "\n".join(lines)


def _ms(timing: dict) -> str:
    if "error" in timing:
        return f"error: {timing['error'][:80]}"
    once = " (1 run)" if timing.get("runs") == 1 else ""
    return f"{timing['median'] * 1000:,.1f} ({timing.get('cpu', 0) * 1000:,.0f}){once}"


def _ratio(theirs: dict, ours: dict) -> str:
    """Return Virtuoso's CPU over the embedded store's (wall time under load is mostly waiting)."""
    if not theirs.get("cpu") or not ours.get("cpu"):
        return ""
    return f"{theirs['cpu'] / ours['cpu']:.2f}x"


if __name__ == "__main__":
    if sys.argv[1:2] == ["_embedded"]:
        print(embedded_from(Path(sys.argv[2]), Path(sys.argv[3])))
    else:
        sys.exit(main())
