"""Benchmark the knowledge base: ingest rates, store size, memory, query latency vs rdflib.

    uv run python bench/bench_kb.py --sizes 1000 [10000] [--configs 1v,2v,1n,2n]

For each size, generates a synthetic corpus (bench/corpus.py: about 100 sentences and 25
sources per article), ingests it into a fresh embedded store once per configuration (worker
processes 1 or 2, with (v) or without (n) SHACL validation; each run in its own process so its
peak memory is its own), reports articles/s, store size on disk and peak memory, then the
median latency of every named query (kb/query/queries/*.rq), of the stats queries and of one
article's claims. Up to --baseline-max articles, the same queries run on rdflib's in-memory
Dataset loaded from a dump of the same store (one run each). Each is cut off after
--baseline-timeout s, or after --ratio times claimkb's median when that is longer, so that a
query rdflib does not finish still shows a ratio of at least --ratio.
Results go to stdout as Markdown and to bench/out/bench_kb-SIZE.json.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT = ROOT / "bench" / "out"
CONFIGS = {"1v": (1, True), "2v": (2, True), "1n": (1, False), "2n": (2, False)}
#: Values for the named queries' required parameters (other than the article).
SAMPLES = {"term": '"sleep"', "doi": '"10.1234/diet.2020.1"'}
ONE_ARTICLE = """SELECT ?claim ?line ?status ?text WHERE {
  GRAPH <%s> { ?claim a ckb:Claim ; ckb:line ?line ; ckb:status ?status ; schema:text ?text }
} ORDER BY ?line"""


def machine() -> str:
    """Return one line about the machine: CPU model, cores, memory, Python, engine versions."""
    import pyoxigraph
    import rdflib

    model = next(
        (line.split(":", 1)[1].strip() for line in _read("/proc/cpuinfo") if "model name" in line),
        platform.processor() or "unknown CPU",
    )
    memory = next((line.split()[1] for line in _read("/proc/meminfo") if "MemTotal" in line), "0")
    return (
        f"{model}, {os.cpu_count()} cores, {int(memory) / 1e6:.1f} GB RAM, "
        f"Python {platform.python_version()}, pyoxigraph {pyoxigraph.__version__}, "
        f"rdflib {rdflib.__version__}, {platform.system()} {platform.release()}"
    )


def _read(path: str) -> list[str]:
    try:
        return Path(path).read_text().splitlines()
    except OSError:
        return []


def write_corpus(size: int, seed: int, directory: Path) -> Path:
    """Write (once) ``size`` generated articles into ``directory``; return it."""
    marker = directory / f".complete-{size}-{seed}"
    if marker.exists():
        return directory
    from bench.corpus import generate

    directory.mkdir(parents=True, exist_ok=True)
    for n, item in enumerate(generate(size, seed)):
        name, text = item if isinstance(item, tuple) else (f"article-{n:05d}.txt", item)
        (directory / name).write_text(getattr(text, "text", text), encoding="utf-8")
    marker.write_text("")
    return directory


def ingest_run(corpus: Path, store: Path, jobs: int, validate: bool) -> dict[str, float]:
    """Ingest ``corpus`` into a fresh ``store`` in a child process; return its figures."""
    subprocess.run(["rm", "-rf", str(store)], check=True)
    command = [sys.executable, __file__, "_ingest", str(corpus), str(store), str(jobs)]
    command += [] if validate else ["--no-validate"]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures["store_mb"] = _settled_size_mb(store)
    return figures


def _ingest_child(corpus: str, store: str, jobs: int, validate: bool) -> None:
    from kb.ingest.pipeline import ingest
    from kb.store import open_store

    with open_store(store) as opened:
        report = ingest(opened, [corpus], jobs=jobs, validate=validate)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "articles": report.articles,
                "failures": len(report.failures),
                "claims": report.claims,
                "triples": report.triples,
                "seconds": round(report.seconds, 2),
                "rate": round(report.articles / report.seconds, 2),
                "peak_parent_mb": round(own),
                "peak_worker_mb": round(workers),
            }
        )
    )


def _settled_size_mb(path: Path) -> float:
    """Return the store's size on disk once reopened (RocksDB then drops its obsolete log)."""
    from kb.store import open_store

    open_store(str(path)).close()
    return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6, 1)


def named_queries(article_iri: str) -> dict[str, str]:
    """Return the queries to time: named queries (parameters filled), stats queries, and one
    article's claims. A required parameter gets ``SAMPLES``' value, the article its IRI."""
    from kb.query.loader import query_texts
    from kb.query.run import bind_parameters, parse_parameter
    from kb.query.run import named_queries as shipped
    from kb.rdf.prefixes import sparql_prologue as prologue

    samples = {**SAMPLES, "article": f"<{article_iri}>"}
    queries = {}
    for name, query in shipped().items():
        params = {
            p.name: parse_parameter(f"{p.name}={samples[p.name]}")[1]
            for p in query.parameters
            if p.required and p.name in samples  # "work (required unless doi)": doi is given
        }
        queries[name] = prologue() + bind_parameters(query.sparql, params, query.parameters)
    for name, text in query_texts("stats").items():
        queries[name] = prologue() + text
    queries["one-article-claims"] = prologue() + ONE_ARTICLE % article_iri
    return queries


def time_queries(store_path: Path, queries: dict[str, str], repeats: int) -> dict[str, dict]:
    """Return, per query, the median seconds over ``repeats`` runs (after one warm-up) and rows."""
    from kb.store import open_store

    timings = {}
    with open_store(str(store_path), read_only=True) as store:
        for name, sparql in queries.items():
            try:
                rows = len(store.query(sparql))
                runs = []
                for _ in range(repeats):
                    started = time.perf_counter()
                    store.query(sparql).rows  # noqa: B018 - materialise like a caller would
                    runs.append(time.perf_counter() - started)
                timings[name] = {"median": statistics.median(runs), "rows": rows}
            except Exception as error:  # a query H-query changed should not stop the bench
                timings[name] = {"error": str(error)[:200]}
    return timings


def rdflib_baseline(
    store_path: Path, queries: dict[str, str], timeouts: dict[str, int], engine: str = "rdflib"
) -> dict:
    """Return load time, peak memory and timed runs per query of an rdflib Dataset (in a child).

    ``engine`` "rdflib" is rdflib's own in-memory store and SPARQL engine (one run per query,
    cut off after ``timeouts[name]`` s); "oxrdflib" is the rdflib API over an in-memory
    Oxigraph store.
    """
    from kb.store import open_store

    dump = store_path.with_suffix(".nq")
    with open_store(str(store_path), read_only=True) as store, dump.open("wb") as out:
        store.dump("nquads", out)
    spec = store_path.with_suffix(".queries.json")
    spec.write_text(
        json.dumps({name: [sparql, timeouts[name]] for name, sparql in queries.items()})
    )
    command = [sys.executable, __file__, "_rdflib", str(dump), str(spec), engine]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


class _Timeout(Exception):
    pass


def _rdflib_child(dump: str, spec: str, engine: str) -> None:
    import rdflib

    started = time.perf_counter()
    dataset = rdflib.Dataset(store="Oxigraph") if engine == "oxrdflib" else rdflib.Dataset()
    dataset.parse(dump, format="nquads")
    load = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def expire(*_: object) -> None:
        raise _Timeout

    signal.signal(signal.SIGALRM, expire)
    runs = 4 if engine == "oxrdflib" else 1  # rdflib's own engine is too slow to repeat
    timings: dict[str, object] = {}
    for name, (sparql, timeout) in json.loads(Path(spec).read_text()).items():
        signal.alarm(timeout)
        try:
            seconds = []
            for _ in range(runs):
                started = time.perf_counter()
                rows = len(list(dataset.query(sparql)))
                seconds.append(time.perf_counter() - started)
            timings[name] = {"seconds": statistics.median(seconds[-3:]), "rows": rows}
        except _Timeout:
            timings[name] = {"timeout": timeout}
        except Exception as error:
            timings[name] = {"error": str(error)[:200]}
        finally:
            signal.alarm(0)
    print(json.dumps({"load_s": round(load, 1), "peak_mb": round(peak), "queries": timings}))


def report(size: int, runs: dict[str, dict], queries: dict, baselines: dict[str, dict]) -> str:
    """Return the Markdown tables of one size."""
    lines = [
        f"\n### {size} articles\n",
        "| run | articles/s | s | articles | failures | "
        "triples | store MB | peak parent MB | peak worker MB |",
        "|---" * 9 + "|",
    ]
    for name, r in runs.items():
        jobs, validate = CONFIGS[name]
        label = f"--jobs {jobs} {'validate' if validate else '--no-validate'}"
        lines.append(
            f"| {label} | {r['rate']} | {r['seconds']} | {r['articles']} | {r['failures']} | "
            f"{r['triples']} | {r['store_mb']} | {r['peak_parent_mb']} | {r['peak_worker_mb']} |"
        )
    lines += [
        "",
        "| query | rows | pyoxigraph on disk (claimkb), median ms | oxrdflib in memory, median ms "
        "| rdflib in memory, ms (1 run) | claimkb vs rdflib |",
        "|---|---|---|---|---|---|",
    ]
    for name, ours in queries.items():
        theirs = {engine: b["queries"].get(name, {}) for engine, b in baselines.items()}
        lines.append(_query_row(name, ours, theirs))
    for engine, b in baselines.items():
        lines.append(
            f"\n{engine} Dataset in memory: loading the N-Quads dump took {b['load_s']} s, "
            f"peak memory {b['peak_mb']} MB."
        )
    return "\n".join(lines)


def _query_row(name: str, ours: dict, theirs: dict[str, dict]) -> str:
    if "error" in ours:
        return f"| {name} | error: {ours['error']} | | | | |"
    ms = ours["median"] * 1000
    cells = [_cell(theirs.get(engine, {})) for engine in ("oxrdflib", "rdflib")]
    rdflib = theirs.get("rdflib", {})
    if "seconds" in rdflib:
        speedup = f"{rdflib['seconds'] * 1000 / ms:.0f}x"
    elif "timeout" in rdflib:
        speedup = f"> {rdflib['timeout'] * 1000 / ms:.0f}x"
    else:
        speedup = ""
    return f"| {name} | {ours['rows']} | {ms:.1f} | {cells[0]} | {cells[1]} | {speedup} |"


def _cell(timing: dict) -> str:
    if "seconds" in timing:
        return f"{timing['seconds'] * 1000:.1f}"
    if "timeout" in timing:
        return f"> {timing['timeout'] * 1000}"
    return "error" if "error" in timing else ""


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark for each size; print Markdown; save JSON under bench/out."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--configs", default="2v,2n,1v,1n", help="of 1v, 2v, 1n, 2n")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--baseline-max", type=int, default=1000)
    parser.add_argument("--baseline-timeout", type=int, default=60)
    parser.add_argument("--ratio", type=float, default=100.0)
    parser.add_argument("--work", type=Path, default=OUT / "work")
    parser.add_argument(
        "--reuse", action="store_true", help="Keep the ingest figures and stores of a last run."
    )
    args = parser.parse_args(argv)
    print(f"machine: {machine()}")
    for size in args.sizes:
        last = OUT / f"bench_kb-{size}.json"
        if args.reuse and last.exists():
            runs = json.loads(last.read_text())["ingest"]
        else:
            runs = ingest_runs(size, args)
        store = args.work / f"kb-{size}-{args.configs.split(',')[0]}"
        first = _first_article(store)
        queries = time_queries(store, named_queries(first), args.repeats)
        baselines = {}
        timeouts = {
            name: max(args.baseline_timeout, math.ceil(args.ratio * t.get("median", 0)))
            for name, t in queries.items()
        }
        for engine in ("oxrdflib", "rdflib") if size <= args.baseline_max else ():
            baselines[engine] = rdflib_baseline(store, named_queries(first), timeouts, engine)
        print(report(size, runs, queries, baselines), flush=True)
        OUT.mkdir(parents=True, exist_ok=True)
        result = {
            "machine": machine(),
            "size": size,
            "ingest": runs,
            "queries": queries,
            **baselines,
        }
        (OUT / f"bench_kb-{size}.json").write_text(json.dumps(result, indent=2))
    return 0


def ingest_runs(size: int, args: argparse.Namespace) -> dict[str, dict]:
    """Return the figures of each ingest configuration over a corpus of ``size`` articles."""
    corpus = write_corpus(size, args.seed, args.work / f"corpus-{size}")
    runs = {}
    for config in args.configs.split(","):
        jobs, validate = CONFIGS[config]
        runs[config] = ingest_run(corpus, args.work / f"kb-{size}-{config}", jobs, validate)
        print(f"  {size} {config}: {runs[config]}", file=sys.stderr, flush=True)
    return runs


def _first_article(store: Path) -> str:
    from kb.store import open_store

    with open_store(str(store), read_only=True) as opened:
        return opened.articles()[0].iri


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_ingest":
        _, _, corpus, store, jobs, *rest = sys.argv
        _ingest_child(corpus, store, int(jobs), "--no-validate" not in rest)
    elif len(sys.argv) > 1 and sys.argv[1] == "_rdflib":
        _rdflib_child(*sys.argv[2:4], (sys.argv[4:] or ["rdflib"])[0])
    else:
        sys.exit(main())
