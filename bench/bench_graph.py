"""Time build_graph and validate_structure per article, by article size.

    uv run python bench/bench_graph.py [--repeats 9] [--sizes 100 1000]

Articles are the hand-built sample of tests/graded_samples.py repeated to the given number of
sentences (half of them claims, with markers, hedges and boosters). Prints the median wall
and CPU milliseconds of each step; CPU time is steadier on a busy machine.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.rdf.graph import build_graph  # noqa: E402
from kb.validate.structure import validate_structure  # noqa: E402
from sources.model import GradedArticle  # noqa: E402
from tests import graded_samples  # noqa: E402


def sized_article(sentences: int) -> GradedArticle:
    """Return the sample article with its sentences repeated up to ``sentences``."""
    sample = graded_samples.graded()
    grades = {g.sentence_id: g for g in sample.grades}
    base = sample.article.sentences
    repeated = [
        dataclasses.replace(base[i % len(base)], id=f"s{i + 1}", index=i) for i in range(sentences)
    ]
    new_grades = tuple(
        dataclasses.replace(grades[base[s.index % len(base)].id], sentence_id=s.id)
        for s in repeated
        if s.kind == "claim"
    )
    article = dataclasses.replace(sample.article, sentences=tuple(repeated))
    return dataclasses.replace(sample, article=article, grades=new_grades)


def timed(step: Callable[[], object], repeats: int) -> tuple[float, float]:
    """Return the median wall and CPU milliseconds of ``step`` (after one warm-up run)."""
    step()
    walls, cpus = [], []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        step()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    args = parser.parse_args()
    print("sentences  triples  build wall/cpu ms  validate wall/cpu ms")
    for size in args.sizes:
        graded = sized_article(size)
        graph = build_graph(graded)
        assert validate_structure(graph).conforms
        build = timed(lambda g=graded: build_graph(g), args.repeats)
        check = timed(lambda g=graph: validate_structure(g), args.repeats)
        print(
            f"{size:9d}  {len(graph):7d}  {build[0]:8.1f} / {build[1]:6.1f}"
            f"  {check[0]:10.1f} / {check[1]:6.1f}"
        )


if __name__ == "__main__":
    main()
