"""Benchmark network export from the knowledge base: build time, write time per format, memory.

    uv run python bench/bench_export.py --sizes 1000 10000 [--repeats 3]

For each size, a generated corpus (bench/corpus.py, about 100 sentences and 25 sources per
article) is ingested once into an embedded store (reused from bench/bench_kb.py's work folder
when it is there). Then, each step in its own child process so its peak memory is its own:
building the networkx graph from the store by SPARQL (kb.export.network.kb_network), and writing
GraphML, GEXF and node-link JSON. The baseline, measured in the same run where it fits
(--baseline-max articles), is the same network built by the same SPARQL queries on rdflib's
in-memory Dataset loaded from a dump of the store. Medians over --repeats; machine noted.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_kb import OUT, ingest_run, machine, write_corpus  # noqa: E402

STEPS = ("build", "graphml", "gexf", "json")


def ensure_store(size: int, seed: int, work: Path) -> Path:
    """Return an embedded store holding ``size`` generated articles (built once).

    Up to 1,000 articles the corpus is ingested; a bigger store is the 1,000-article store
    replicated with fresh article IRIs and bulk-loaded, which gives the same graphs per article
    in minutes instead of the hours a full ingest of 10,000 articles takes here.
    """
    store = work / f"kb-{size}-2n"
    if (store / "CURRENT").exists():
        return store
    if size <= 1000:
        corpus = write_corpus(size, seed, work / f"corpus-{size}")
        ingest_run(corpus, store, jobs=2, validate=False)
        return store
    replicate(ensure_store(1000, seed, work), store, size // 1000)
    return store


def replicate(source: Path, target: Path, copies: int) -> None:
    """Bulk-load ``copies`` copies of ``source`` into ``target``, each with its own article IRIs."""
    import re

    import pyoxigraph as ox

    from kb.store import open_store

    with open_store(str(source), read_only=True) as opened:
        buffer = io.BytesIO()
        opened.dump("nquads", buffer)
    data = buffer.getvalue().decode("utf-8")
    article = re.compile(r"(https://w3id\.org/claimkb/id/article/[0-9a-f]{16})")
    store = ox.Store(str(target))
    for copy in range(copies):
        replica = article.sub(rf"\g<1>r{copy}", data).encode("utf-8")
        store.bulk_load(replica, format=ox.RdfFormat.N_QUADS)
    store.flush()
    store.optimize()


def child(step: str, store: str, engine: str) -> dict[str, float]:
    """Run one step in this (child) process; return its seconds and peak memory."""
    from kb.export.network import build_network, select_oxigraph
    from kb.export.writers import write_network
    from kb.store import open_store

    with open_store(store, read_only=True) as opened:
        select = select_oxigraph(opened.oxigraph) if engine == "oxigraph" else _rdflib(opened)
        started = time.perf_counter()
        network = build_network(select)
        built = time.perf_counter() - started
        if step != "build":
            started = time.perf_counter()
            with open(os.devnull, "wb") as sink:
                write_network(network, step, sink)
            size = network.number_of_nodes()
            built = time.perf_counter() - started
        else:
            size = network.number_of_nodes()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": round(built, 3), "peak_mb": round(peak), "size": size}


def _rdflib(store: object):
    """Return a SELECT runner over rdflib's in-memory Dataset loaded from a dump of ``store``."""

    from rdflib import Dataset

    buffer = io.BytesIO()
    store.dump("nquads", buffer)
    dataset = Dataset()
    dataset.parse(data=buffer.getvalue().decode("utf-8"), format="nquads")

    def run(query: str):
        for row in dataset.query(query):
            yield {str(k): str(v) for k, v in row.asdict().items()}

    return run


def measure(step: str, store: Path, engine: str, repeats: int, timeout: int) -> dict:
    """Return the median seconds and the peak memory of ``step`` over ``repeats`` child runs."""
    runs = []
    for _ in range(repeats):
        command = [sys.executable, __file__, "_child", step, str(store), engine]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return {"seconds": None, "timeout": timeout}
        if done.returncode != 0:
            return {"seconds": None, "error": done.stderr.strip().splitlines()[-1]}
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return {
        "seconds": statistics.median(r["seconds"] for r in runs),
        "peak_mb": max(r["peak_mb"] for r in runs),
        "size": runs[0]["size"],
    }


def report(size: int, ours: dict, baseline: dict) -> str:
    """Return a Markdown table of one size's figures."""
    lines = [
        f"\n### {size} articles",
        "",
        "| step | oxigraph store: median s | peak MB | rdflib baseline: s | ratio |",
        "|---|---|---|---|---|",
    ]
    for step in STEPS:
        mine, theirs = ours[step], baseline.get(step, {})
        ratio = (
            f"{theirs['seconds'] / mine['seconds']:.1f}x"
            if theirs.get("seconds") and mine.get("seconds")
            else "-"
        )
        their_cell = _cell(theirs) if theirs else "not run"
        lines.append(
            f"| {step} | {_cell(mine)} | {mine.get('peak_mb', '-')} | {their_cell} | {ratio} |"
        )
    return "\n".join(lines)


def _cell(timing: dict) -> str:
    if timing.get("seconds") is not None:
        return f"{timing['seconds']:.2f}"
    return f"timed out after {timing['timeout']} s" if "timeout" in timing else "failed"


def main(argv: list[str] | None = None) -> int:
    """Run the export benchmark for each size; print Markdown; save JSON under bench/out."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--baseline-max", type=int, default=1000)
    parser.add_argument("--timeout", type=int, default=1800)
    parser.add_argument("--baseline-timeout", type=int, default=300)
    parser.add_argument("--work", type=Path, default=OUT / "work")
    args = parser.parse_args(argv)
    print(f"machine: {machine()}")
    for size in args.sizes:
        store = ensure_store(size, args.seed, args.work)
        ours = {s: measure(s, store, "oxigraph", args.repeats, args.timeout) for s in STEPS}
        baseline = {}
        if size <= args.baseline_max:
            baseline["build"] = measure("build", store, "rdflib", 1, args.baseline_timeout)
        print(report(size, ours, baseline), flush=True)
        OUT.mkdir(parents=True, exist_ok=True)
        result = {"machine": machine(), "size": size, "oxigraph": ours, "rdflib": baseline}
        (OUT / f"bench_export-{size}.json").write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_child":
        print(json.dumps(child(*sys.argv[2:5])))
    else:
        sys.exit(main())
