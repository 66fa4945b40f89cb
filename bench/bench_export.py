"""Benchmark network export from a knowledge base: seconds and peak memory per format.

    uv run --frozen python bench/bench_export.py --sizes 1000 10000 [--repeats 1]
        [--baseline-tree /path/to/an/older/checkout]

For each size, a knowledge base of generated articles (tests/network_kb.py: 60 claims, 25
sources and 5 sections each, 86 nodes per article in the network) is bulk-loaded once into an
on-disk store under --work (or --store names an existing one, such as an ingested corpus).
Each export runs in its own child process, so its peak memory (ru_maxrss) and CPU time (user +
system, all its threads: the figure a loaded machine changes least) are its own: the whole job
from the opened store to the last byte, as ``claimkb export --kb`` does it (streamed from the
query rows for GraphML, GEXF and node-link JSON), into an MD5 of the output, so that "same
bytes" says whether the two trees wrote the same file. With --baseline-tree, the same children
run the code of that checkout: the figures "before", measured in the same run on the same store.
Before the exports, a child fills what this tree's index keeps for the network (an index made
before it held it is filled on first use, once; its figures are printed apart). Each tree's
output is written in its own order; --digest FORMAT also compares the two outputs order-free
("same network": the same nodes and edges, each with the same attributes).
--queries instead times each network query alone (its evaluation and CSV, CPU seconds, in a
child per tree), to see which one grows faster than the articles.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_kb import OUT, machine  # noqa: E402

FORMATS = ("graphml", "gexf", "json")


def ensure_store(size: int, work: Path) -> Path:
    """Return an on-disk store of ``size`` generated articles (built once)."""
    from tests.network_kb import write_store

    store = work / f"kb-generated-{size}"
    if not (store / "CURRENT").exists():
        store.parent.mkdir(parents=True, exist_ok=True)
        write_store(store, size)
    return store


#: Each child: export the store as FORMAT with the code of TREE (first on its path), as
#: ``claimkb export --kb STORE`` does (the store opened read-only, the network read from its
#: index where the tree keeps one there, else by SPARQL), into an MD5 of the output, and into
#: COPY too when one is named; print its seconds, peak memory and node count as JSON.
CHILD = """
import hashlib, json, os, resource, sys, time
fmt, store, tree, copy = sys.argv[1:5]
sys.path.insert(0, tree)
try:
    from kb.export import network
except ImportError:  # the layout before kb/export/ was a package
    from kb import network
started = time.perf_counter()
class Sink:  # the output's MD5, so that outputs of two trees can be compared byte for byte
    def __init__(self):
        self.md5 = hashlib.md5()
        self.copy = open(copy, "wb") if copy else None
    def write(self, data):
        self.md5.update(data)
        if self.copy:
            self.copy.write(data)
        return len(data)
sink = Sink()
if hasattr(network, "network_select"):  # the command's own path
    from kb.export.writers import export_network
    from kb.store import open_store
    with open_store(store, read_only=True) as opened:
        select, flt = network.network_select(network.NetworkFilter(), store=opened)
        nodes = export_network(select, flt, fmt, sink)[0]
else:
    import pyoxigraph as ox
    select = network.select_oxigraph(ox.Store.read_only(store))
    if hasattr(network, "network_records"):
        try:
            from kb.export.stream import write_streamed
        except ImportError:
            from kb.export_stream import write_streamed
        nodes = write_streamed(network.network_records(select), fmt, sink)[0]
    else:  # networkx's graph, then networkx's writers
        try:
            from kb.export.writers import write_network
        except ImportError:
            from kb.export import write_network
        graph = network.build_network(select)
        nodes = graph.number_of_nodes()
        write_network(graph, fmt, sink)
if sink.copy:
    sink.copy.close()
seconds = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_SELF)
peak, cpu = usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime
print(json.dumps({"seconds": round(seconds, 2), "cpu": round(cpu, 2), "peak_mb": round(peak),
                  "nodes": nodes, "md5": sink.md5.hexdigest()}))
"""

#: The child that fills what the index of TREE keeps for the network, where it keeps it (an
#: index made before it did is filled on first use: once, not part of an export's figures).
FILL_CHILD = """
import json, resource, sys, time
store, tree = sys.argv[1:3]
sys.path.insert(0, tree)
from kb.store import open_store
started = time.perf_counter()
with open_store(store, read_only=True) as opened:
    filled = hasattr(opened, "network_rows") and opened.network_rows() is not None
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"filled": filled, "seconds": round(time.perf_counter() - started, 1),
                  "cpu": round(usage.ru_utime + usage.ru_stime, 1),
                  "peak_mb": round(usage.ru_maxrss / 1024)}))
"""

#: A line of GEXF's that numbers the edges in the order written: left out of the digest.
_EDGE_NUMBER = re.compile(rb' id="\d+">$')


def unordered_digest(path: Path) -> str:
    """Return a digest of the nodes and edges of a streamed export whatever their order: the
    sum of the MD5s of its elements (a node-link JSON line; a GraphML or GEXF node or edge,
    GEXF's edge numbers left out), and their count."""
    total = count = 0
    element: list[bytes] = []
    json_lines = path.suffix == ".json"
    with path.open("rb") as lines:
        for line in lines:
            line = line.rstrip(b"\n")
            if json_lines:
                element = [line.rstrip(b",")]
            else:
                stripped = line.strip()
                if stripped.startswith(b"<edge "):
                    line = _EDGE_NUMBER.sub(b">", line)
                element.append(line)
                opened = element[0].strip().startswith((b"<node ", b"<edge "))
                if opened and stripped not in (b"</node>", b"</edge>"):
                    continue
            digest = hashlib.md5(b"\n".join(element)).digest()
            total = (total + int.from_bytes(digest, "big")) % (1 << 128)
            count += 1
            element = []
    return f"{total:032x}/{count}"


#: Each child: run every network query of TREE on the store alone, to CSV in a temporary file;
#: print its rows and CPU seconds (best of REPEATS) as JSON.
QUERIES_CHILD = """
import json, sys, tempfile, time
store, tree, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
sys.path.insert(0, tree)
import pyoxigraph as ox
from kb.export.network import _query_text
from kb.query.loader import query_texts
oxigraph = ox.Store.read_only(store)
result = {}
for name in sorted(query_texts("network")):
    best = rows = None
    for _ in range(repeats):
        started = time.process_time()
        with tempfile.TemporaryFile() as spool:
            oxigraph.query(_query_text(name, ())).serialize(spool, format=ox.QueryResultsFormat.CSV)
            size = spool.tell()
            spool.seek(0)
            rows = sum(1 for _ in spool) - 1
        cpu = time.process_time() - started
        best = cpu if best is None else min(best, cpu)
    result[name] = {"rows": rows, "cpu": round(best, 2), "bytes_per_row": size // max(rows, 1)}
print(json.dumps(result))
"""


def time_queries(store: Path, tree: Path, repeats: int, timeout: int) -> dict:
    """Return, per network query of ``tree``, its rows and CPU seconds on ``store``."""
    command = [sys.executable, "-c", QUERIES_CHILD, str(store), str(tree), str(repeats)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=tree)
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["killed"])[-1]}
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def print_queries(store: Path, size: int, args: argparse.Namespace) -> None:
    """Print the CPU seconds of each network query, this tree beside the baseline tree."""
    now = time_queries(store, ROOT, args.repeats, args.timeout)
    before = (
        time_queries(store, args.baseline_tree, args.repeats, args.timeout)
        if args.baseline_tree
        else {}
    )
    print("| query | this tree: rows, bytes a row, CPU | baseline tree: the same |")
    print("|---|---|---|")
    for name in sorted(set(now) | set(before)):
        cells = [
            f"{r[name]['rows']:,}, {r[name].get('bytes_per_row', '?')} B, {r[name]['cpu']:.2f} s"
            if name in r
            else "not run"
            for r in (now, before)
        ]
        print(f"| {name} | {cells[0]} | {cells[1]} |", flush=True)
    OUT.mkdir(parents=True, exist_ok=True)
    record = {"machine": machine(), "size": size, "now": now, "before": before}
    (OUT / f"bench_export-queries-{size}.json").write_text(json.dumps(record, indent=2))


def fill(store: Path, tree: Path, timeout: int) -> dict:
    """Fill what the index of ``tree`` keeps for the network of ``store``; return its figures."""
    command = [sys.executable, "-c", FILL_CHILD, str(store), str(tree)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=tree)
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["killed"])[-1]}
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def measure(
    fmt: str, store: Path, tree: Path, repeats: int, timeout: int, copy: Path | None = None
) -> dict:
    """Return the median seconds and the largest peak memory of ``repeats`` child runs; with
    ``copy``, the output of the first is written there and its unordered digest taken (after
    the child's figures)."""
    runs = []
    for n in range(repeats):
        target = str(copy) if copy is not None and n == 0 else ""
        command = [sys.executable, "-c", CHILD, fmt, str(store), str(tree), target]
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=timeout, cwd=tree
            )
        except subprocess.TimeoutExpired:
            return {"timeout": timeout}
        if done.returncode != 0:
            return {"error": (done.stderr.strip().splitlines() or ["killed"])[-1]}
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    digest = None
    if copy is not None:
        digest = unordered_digest(copy)
        copy.unlink()
    return {
        "seconds": statistics.median(r["seconds"] for r in runs),
        "cpu": statistics.median(r["cpu"] for r in runs),
        "peak_mb": max(r["peak_mb"] for r in runs),
        "nodes": runs[0]["nodes"],
        "md5": runs[0]["md5"],
        "load": round(os.getloadavg()[0], 1),  # as the last run ended
        "unordered": digest,
    }


def cell(result: dict | None) -> str:
    if result is None:
        return "not run"
    if "seconds" in result:
        return (
            f"{result['seconds']:.1f} s ({result['cpu']:.1f} s CPU), {result['peak_mb']:,} MB, "
            f"load {result['load']}"
        )
    if "timeout" in result:
        return f"timed out after {result['timeout']} s"
    return f"failed ({result['error'][:60]})"


def main(argv: list[str] | None = None) -> int:
    """Run the export benchmark for each size; print Markdown; save JSON under bench/out."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--formats", nargs="+", choices=FORMATS, default=list(FORMATS))
    parser.add_argument("--baseline-tree", type=Path, default=None)
    parser.add_argument(
        "--baseline-max",
        nargs="*",
        default=["gexf=1000"],
        metavar="FORMAT=ARTICLES",
        help="run the baseline of FORMAT only up to this size (networkx's GEXF writer took "
        "9.7 GB at 10,000 articles: too much beside others on a shared machine)",
    )
    parser.add_argument(
        "--store",
        type=Path,
        default=None,
        help="an existing Oxigraph store on disk to export (opened read-only) instead of "
        "generated articles; give one --sizes, its number of articles",
    )
    parser.add_argument(
        "--queries",
        action="store_true",
        help="time each network query alone (CPU, best of --repeats) instead of the exports",
    )
    parser.add_argument(
        "--digest",
        nargs="*",
        choices=FORMATS,
        default=[],
        metavar="FORMAT",
        help="also compare the outputs of FORMAT order-free (each tree's written under --work, "
        "digested after its figures are taken, then deleted): 'same network'",
    )
    parser.add_argument("--timeout", type=int, default=1800)
    parser.add_argument("--work", type=Path, default=OUT / "work")
    args = parser.parse_args(argv)
    args.baseline_max = {k: int(v) for k, v in (item.split("=") for item in args.baseline_max)}
    print(f"machine: {machine()}")
    for size in args.sizes:
        store = args.store or ensure_store(size, args.work)
        print(f"\n### {size} articles\n")
        if args.queries:
            print_queries(store, size, args)
            continue
        filled = fill(store, ROOT, args.timeout)
        print(f"index filled for the network (this tree, once): {filled}\n")
        print("| format | this tree (now) | baseline tree (before) | same bytes | same network |")
        print("|---|---|---|---|---|")
        result: dict = {"machine": machine(), "size": size, "filled": filled}
        args.work.mkdir(parents=True, exist_ok=True)
        for fmt in args.formats:
            copies = [args.work / f"{name}.{fmt}" if fmt in args.digest else None for name in "ab"]
            now = measure(fmt, store, ROOT, args.repeats, args.timeout, copies[0])
            before = None
            if args.baseline_tree and size <= args.baseline_max.get(fmt, size):
                before = measure(fmt, store, args.baseline_tree, 1, args.timeout, copies[1])
            result[fmt] = {"now": now, "before": before}
            same = "" if not before or "md5" not in before else now.get("md5") == before["md5"]
            network = (
                ""
                if not before or not before.get("unordered")
                else (now.get("unordered") == before["unordered"])
            )
            print(f"| {fmt} | {cell(now)} | {cell(before)} | {same} | {network} |", flush=True)
        nodes = result[args.formats[0]]["now"].get("nodes")
        print(f"\n{nodes:,} nodes" if nodes else "")
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / f"bench_export-{size}.json").write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
