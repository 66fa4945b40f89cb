"""Time each stage of ingesting one article, in CPU milliseconds, over a generated corpus.

    uv run python bench/bench_pipeline.py [--articles 100] [--seed 3]

Stages: extraction (claims.extract_text), grading (sources.grade), build_graph, structure
validation with each SHACL engine installed (pySHACL, the reference, and pyshacl-turbo) and
N-Triples serialisation, as kb/ingest/pipeline.py runs them in a worker, each once per article; the
table gives the median over articles. CPU time (time.process_time) stays steady when other
processes load the machine; articles/s per core is 1000 over the summed stage medians.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyshacl  # noqa: E402
import rdflib  # noqa: E402

from bench.corpus import generate  # noqa: E402
from claims import extract_text  # noqa: E402
from kb.rdf.graph import build_graph  # noqa: E402
from kb.validate.structure import validate_structure  # noqa: E402
from sources import grade  # noqa: E402

T = TypeVar("T")


def cpu_ms(step: Callable[[], T]) -> tuple[T, float]:
    """Return what ``step`` gives and the CPU milliseconds it took."""
    start = time.process_time()
    value = step()
    return value, (time.process_time() - start) * 1000


def engines() -> list[str]:
    """Return the SHACL engines installed here, the reference first."""
    return ["pyshacl"] + (["turbo"] if importlib.util.find_spec("pyshacl_turbo") else [])


def time_article(name: str, text: str) -> dict[str, float]:
    """Return CPU ms per stage for one article, each stage run once as ingest runs it.

    Once only: a stage that remembers work (the cue lexicon's cache) would look free if the
    same article were timed again.
    """
    fmt = "md" if name.endswith(".md") else "txt"
    article, extract = cpu_ms(lambda: extract_text(text, fmt=fmt, source=name))
    graded, grading = cpu_ms(lambda: grade(article))
    graph, building = cpu_ms(lambda: build_graph(graded))
    times = {"extract": extract, "grade": grading, "build_graph": building}
    for engine in engines():
        outcome, times[f"validate ({engine})"] = cpu_ms(
            lambda e=engine: validate_structure(graph, engine=e)
        )
        assert outcome.conforms, f"{name}: {engine} finds the graph invalid"
    _, times["serialise nt"] = cpu_ms(lambda: graph.serialize(format="nt"))
    times["triples"] = len(graph)
    times["sentences"] = len(article.sentences)
    return times


def machine() -> str:
    """Return one line naming the machine and the library versions."""
    turbo = ""
    if importlib.util.find_spec("pyshacl_turbo"):
        from importlib.metadata import version

        turbo = f", pyshacl-turbo {version('pyshacl-turbo')}"
    load = f", load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
    return (
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, rdflib {rdflib.__version__}, "
        f"pyshacl {pyshacl.__version__}{turbo}{load}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args(argv)
    rows = [time_article(n, t) for n, t in generate(args.articles, args.seed)]
    medians = {key: statistics.median(row[key] for row in rows) for key in rows[0]}
    print(f"machine: {machine()}")
    print(
        f"{args.articles} generated articles (seed {args.seed}): median "
        f"{medians.pop('sentences'):.0f} sentences, {medians.pop('triples'):.0f} triples"
    )
    print("| stage | median CPU ms / article |\n|---|---:|")
    for stage, ms in medians.items():
        print(f"| {stage} | {ms:.1f} |")
    common = sum(ms for stage, ms in medians.items() if not stage.startswith("validate"))
    print(f"| no validation | {common:.1f} ms = {1000 / common:.1f} articles/s per core |")
    for engine in engines():
        total = common + medians[f"validate ({engine})"]
        print(f"| with {engine} | {total:.1f} ms = {1000 / total:.1f} articles/s per core |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
