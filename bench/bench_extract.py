"""Sentences per second of claimkb's whole extraction vs pysbd's segmentation, same texts, one core.

Generates a corpus with bench/corpus.py, then for each repeat times ``claims.extract_text`` on
every article (reading, segmentation, markers, kinds, hedges and boosters) and
``pysbd.Segmenter(language="en", clean=False).segment`` on the same texts, and reports medians
over the repeats (CPU time of this process, which other load on the machine does not inflate;
wall time too) and the speed ratio (pysbd's time / claimkb's time for the same text). It also
checks that claimkb is no worse at segmenting than pysbd: the share of the labelled fixtures'
gold sentences each reproduces exactly.

    uv run python bench/bench_extract.py                       # 1,000 articles, 3 repeats
    uv run python bench/bench_extract.py --articles 200 --repeat 5 --json out.json
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import generate


def pin_one_core() -> str:
    """Pin this process to one CPU when the OS allows it; return what was done."""
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned (no sched_setaffinity)"


def machine() -> dict[str, Any]:
    """Return a description of the machine and interpreter the figures come from."""
    return {
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
    }


def timed(work: Callable[[], int]) -> tuple[float, float, int]:
    """Return (CPU seconds, wall seconds, sentences) of one run, garbage collector paused."""
    gc.collect()
    gc.disable()
    try:
        cpu, wall = time.process_time(), time.perf_counter()
        sentences = work()
        return time.process_time() - cpu, time.perf_counter() - wall, sentences
    finally:
        gc.enable()


def claimkb_run(articles: list[tuple[str, str]]) -> Callable[[], int]:
    """Return a function that extracts every article and counts the sentences found."""
    from claims import extract_text

    def run() -> int:
        return sum(
            len(extract_text(text, fmt=name.rsplit(".", 1)[1], source=name).sentences)
            for name, text in articles
        )

    return run


def pysbd_run(articles: list[tuple[str, str]]) -> Callable[[], int]:
    """Return a function that segments every article with pysbd and counts the sentences."""
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False)

    def run() -> int:
        return sum(len(segmenter.segment(text)) for _, text in articles)

    return run


def bench(n_articles: int, repeat: int, seed: int) -> dict[str, Any]:
    """Return the benchmark's figures: medians per tool and the ratio."""
    articles = generate(n_articles, seed)
    characters = sum(len(text) for _, text in articles)
    runs = {"claimkb": claimkb_run(articles), "pysbd": pysbd_run(articles)}
    claimkb_run(articles[:5])()  # warm-up: lexicons, compiled patterns, lazy imports
    pysbd_run(articles[:5])()
    times: dict[str, list[float]] = {name: [] for name in runs}
    walls: dict[str, list[float]] = {name: [] for name in runs}
    sentences: dict[str, int] = {}
    for index in range(repeat):
        for name, run in runs.items():
            seconds, wall, count = timed(run)
            times[name].append(seconds)
            walls[name].append(wall)
            sentences[name] = count
            print(f"repeat {index + 1}/{repeat} {name}: {seconds:.2f} s CPU", file=sys.stderr)
    result: dict[str, Any] = {
        "articles": n_articles,
        "characters": characters,
        "repeat": repeat,
        "seed": seed,
    }
    for name in runs:
        median = statistics.median(times[name])
        result[name] = {
            "sentences": sentences[name],
            "seconds_median": median,
            "seconds_all": times[name],
            "wall_seconds_median": statistics.median(walls[name]),
            "sentences_per_second": sentences[name] / median,
            "characters_per_second": characters / median,
        }
    result["ratio"] = result["pysbd"]["seconds_median"] / result["claimkb"]["seconds_median"]
    result["wall_ratio"] = (
        result["pysbd"]["wall_seconds_median"] / result["claimkb"]["wall_seconds_median"]
    )
    return result


def quality() -> dict[str, Any]:
    """Return how many gold sentences of the labelled fixtures each tool reproduces exactly.

    pysbd segments the same text claimkb reads (for HTML/JATS: claimkb's extracted text).
    """
    import pysbd

    from bench.scoring import align, fixtures, load_gold
    from claims import extract_path

    segmenter = pysbd.Segmenter(language="en", clean=False)
    exact = {"claimkb": 0, "pysbd": 0}
    total = 0
    for article_path, gold_path in fixtures():
        gold = [g["text"] for g in load_gold(gold_path)["sentences"] if not g["optional"]]
        article = extract_path(article_path)
        found = {
            "claimkb": [s.text for s in article.sentences],
            "pysbd": [t.strip() for t in segmenter.segment(article.text) if t.strip()],
        }
        total += len(gold)
        for name, texts in found.items():
            exact[name] += sum(1 for _, is_exact in align(gold, texts).values() if is_exact)
    return {"gold_sentences": total, **{k: v / total for k, v in exact.items()}}


def report(result: dict[str, Any]) -> str:
    """Return the figures as a short text table."""
    lines = [
        f"machine: {result['machine']['platform']}, {result['machine']['processor']}, "
        f"{result['machine']['cpu_count']} CPUs, Python {result['machine']['python']} "
        f"({result['pinning']})",
        f"corpus: {result['articles']} generated articles (seed {result['seed']}), "
        f"{result['characters']:,} characters; medians of {result['repeat']} repeats",
        "",
        f"{'tool':<34} {'sentences':>10} {'CPU s':>9} {'sentences/s':>12} {'chars/s':>11}",
    ]
    labels = {
        "claimkb": "claimkb extract_text (everything)",
        "pysbd": "pysbd segment (clean=False)",
    }
    for name, label in labels.items():
        r = result[name]
        lines.append(
            f"{label:<34} {r['sentences']:>10,} {r['seconds_median']:>9.2f} "
            f"{r['sentences_per_second']:>12,.0f} {r['characters_per_second']:>11,.0f}"
        )
    lines.append("")
    lines.append(
        f"claimkb's whole extraction is {result['ratio']:.1f}x as fast as pysbd's segmentation "
        "alone on the same text (pysbd CPU seconds / claimkb CPU seconds; target >= 5x); "
        f"wall-clock ratio {result['wall_ratio']:.1f}x"
    )
    if "quality" in result:
        q = result["quality"]
        lines.append(
            "gold sentences of the labelled fixtures reproduced exactly: "
            f"claimkb {q['claimkb']:.1%}, pysbd {q['pysbd']:.1%} (of {q['gold_sentences']})"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print (and optionally write) its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000, help="generated articles (1000)")
    parser.add_argument("--repeat", type=int, default=3, help="timed repeats per tool (3)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    parser.add_argument("--no-quality", action="store_true", help="skip the fixture comparison")
    args = parser.parse_args(argv)
    pinning = pin_one_core()
    result = bench(args.articles, args.repeat, args.seed)
    result["machine"] = machine()
    result["pinning"] = pinning
    if not args.no_quality:
        result["quality"] = quality()
    print(report(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
