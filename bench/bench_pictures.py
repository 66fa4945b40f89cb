"""Benchmark Graphviz pictures of the network: today's settings against the old ones, by size.

    uv run --frozen python bench/bench_pictures.py [--repeats 3] [--sizes 10 40 160 320]
        [--article ../shared/corpus/plos/journal.pone.0087236.xml] [--old-timeout 180]

First a PNG of one real article of about 1,000 nodes (with its sections), drawn by
``kb.export.draw`` (sfdp, straight edges, prism overlap removal, size cap) and by the settings
claimkb used before (sfdp with ``splines=true``, no size cap), each with a timeout. Then SVG
pictures of generated knowledge bases (tests/network_kb.py, 86 nodes per article), which is
where ``PICTURE_MAX_NODES`` comes from. Medians of wall and CPU (children's) seconds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_kb import machine  # noqa: E402

ARTICLE = ROOT.parent / "shared" / "corpus" / "plos" / "journal.pone.0087236.xml"
OLD_SETTINGS = '  graph [overlap=false, splines=true, rankdir=LR, fontname="Helvetica"];'


def timed(command: list[str], dot: bytes, timeout: int) -> tuple[float, float] | None:
    """Return wall and CPU seconds of Graphviz ``command`` reading ``dot``; None on timeout."""
    cpu = os.times()
    wall = time.perf_counter()
    try:
        subprocess.run(command, input=dot, capture_output=True, check=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    after = os.times()
    used = after.children_user + after.children_system - cpu.children_user - cpu.children_system
    return time.perf_counter() - wall, used


def median(runs: list[tuple[float, float] | None]) -> str:
    if any(r is None for r in runs):
        return "timed out"
    walls, cpus = zip(*runs, strict=True)  # type: ignore[arg-type]
    return f"{statistics.median(walls):.1f} s wall, {statistics.median(cpus):.1f} s CPU"


def article_network(path: Path):
    from kb.export.network import NetworkFilter, articles_network

    return articles_network([str(path)], None, NetworkFilter(sections=True))


def main() -> None:
    from kb.export.network import build_network, select_oxigraph
    from kb.export.writers import engine_for, to_dot
    from tests.network_kb import network_store

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 40, 160, 320])
    parser.add_argument("--article", type=Path, default=ARTICLE)
    parser.add_argument("--old-timeout", type=int, default=180)
    parser.add_argument("--timeout", type=int, default=300)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    if args.article.exists():
        network = article_network(args.article)
        nodes = network.number_of_nodes()
        new = to_dot(network, "png").encode()
        old = to_dot(network).splitlines()
        old[1] = OLD_SETTINGS
        old_dot = "\n".join(old).encode()
        engine = engine_for(network)
        print(f"\nPNG of {args.article.name}: {nodes} nodes, {network.number_of_edges()} edges")
        now = [timed([engine, "-Tpng"], new, args.timeout) for _ in range(args.repeats)]
        print(f"  now ({engine}, straight edges, size cap): {median(now)}")
        before = timed(["sfdp", "-Tpng"], old_dot, args.old_timeout)
        print(f"  before (sfdp, splines=true): {median([before])} (one run)")
    print("\n| articles | nodes | edges | SVG now |\n|---|---|---|---|")
    for size in args.sizes:
        network = build_network(select_oxigraph(network_store(size)))
        dot = to_dot(network, "svg").encode()
        runs = [timed([engine_for(network), "-Tsvg"], dot, args.timeout)]
        runs += [timed([engine_for(network), "-Tsvg"], dot, args.timeout)] * (
            args.repeats > 1 and size <= 40
        )
        print(
            f"| {size} | {network.number_of_nodes()} | {network.number_of_edges()} "
            f"| {median(runs)} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
