"""Sentences per second of claimkb's whole extraction vs pysbd's segmentation, same texts, one core.

Two benchmarks, each beside pysbd in the same run, on one pinned core:

``--cli``: what a user waits for. ``claimkb extract --format json`` as a command (start-up,
reading, segmentation, markers, kinds, cues and the JSON written out) on long real-style
pages, each example page (examples/green-tea-memory.txt, ../shared/examples/) repeated
``--copies`` times, and on every page of ../shared/corpus in one command per folder; pysbd
segments the same paragraphs (the text claimkb reads, split at blank lines). The command's CPU
time is its child-process rusage; the ratio is pysbd's CPU seconds / the command's.

    uv run --frozen python bench/bench_extract.py --cli               # 200 copies, 5 repeats
    uv run --frozen python bench/bench_extract.py --cli --copies 50 --repeat 3

The default: in-process on a generated corpus of short articles. It generates a corpus with
bench/corpus.py, then for each repeat times ``claims.extract_text`` on
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
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(__file__).resolve().parents[2] / "shared"
sys.path.insert(0, str(ROOT))

from bench.corpus import generate  # noqa: E402

_SUFFIXES = (".txt", ".md", ".html", ".xml", ".nxml")
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


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


def page_sources() -> list[Path]:
    """Return the example pages: the repository's own, then those of ../shared/examples."""
    shared = sorted((SHARED / "examples").glob("*.txt")) if SHARED.is_dir() else []
    return [ROOT / "examples" / "green-tea-memory.txt", *shared]


def long_page(source: Path, copies: int) -> str:
    """Return the page's text repeated ``copies`` times, a blank line between the copies."""
    return "\n\n".join([source.read_text(encoding="utf-8").strip()] * copies) + "\n"


def corpus_groups() -> list[tuple[str, list[Path]]]:
    """Return each folder of ../shared/corpus with its article files (none when it is absent)."""
    if not (SHARED / "corpus").is_dir():
        return []
    folders = sorted(p for p in (SHARED / "corpus").iterdir() if p.is_dir())
    return [
        (f"corpus/{f.name}", sorted(p for p in f.iterdir() if p.suffix in _SUFFIXES))
        for f in folders
    ]


def command_run(paths: list[Path], out: Path) -> Callable[[], tuple[float, float]]:
    """Return a function that runs ``claimkb extract --format json PATHS > out`` once and gives
    (CPU seconds of the command, wall seconds)."""
    script = Path(sys.executable).with_name("claimkb")
    argv = [sys.executable, str(script), "extract", "--format", "json", *map(str, paths)]

    def run() -> tuple[float, float]:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall = time.perf_counter()
        with out.open("wb") as sink:
            subprocess.run(argv, stdout=sink, check=True)
        wall = time.perf_counter() - wall
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        return cpu, wall

    return run


def paragraphs(paths: list[Path]) -> list[str]:
    """Return the paragraphs of the text claimkb reads in ``paths`` (for HTML and JATS, the
    text it extracts), split at blank lines: what pysbd segments."""
    from claims import extract_path

    return [
        p
        for path in paths
        for p in _BLANK_LINE.split(extract_path(path, max_size=None).text)
        if p.strip()
    ]


def cli_case(name: str, paths: list[Path], repeat: int, out: Path) -> dict[str, Any]:
    """Return the medians of the command and of pysbd on the same paragraphs, and their ratio."""
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False)
    texts = paragraphs(paths)
    command = command_run(paths, out)
    cpu: dict[str, list[float]] = {"claimkb": [], "pysbd": []}
    wall: dict[str, list[float]] = {"claimkb": [], "pysbd": []}
    pysbd_count = 0
    for index in range(repeat):
        seconds, elapsed = command()
        cpu["claimkb"].append(seconds)
        wall["claimkb"].append(elapsed)
        seconds, elapsed, pysbd_count = timed(lambda: sum(len(segmenter.segment(t)) for t in texts))
        cpu["pysbd"].append(seconds)
        wall["pysbd"].append(elapsed)
        print(
            f"{name} repeat {index + 1}/{repeat}: claimkb {cpu['claimkb'][-1]:.2f} s, "
            f"pysbd {seconds:.2f} s CPU",
            file=sys.stderr,
        )
    extracted = json.loads(out.read_text(encoding="utf-8"))["articles"]
    result: dict[str, Any] = {
        "name": name,
        "files": len(paths),
        "characters": sum(len(a["text"]) for a in extracted),
        "sentences": sum(len(a["sentences"]) for a in extracted),
        "pysbd_sentences": pysbd_count,
        "json_bytes": out.stat().st_size,
    }
    for tool in cpu:
        result[tool] = {
            "cpu_median": statistics.median(cpu[tool]),
            "cpu_all": cpu[tool],
            "wall_median": statistics.median(wall[tool]),
        }
    result["ratio"] = result["pysbd"]["cpu_median"] / result["claimkb"]["cpu_median"]
    return result


def cli_bench(copies: int, repeat: int) -> dict[str, Any]:
    """Return the command-line benchmark: long pages, corpus folders, and start-up."""
    cases: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="bench-extract-") as tmp:
        work = Path(tmp)
        out = work / "out.json"
        pages = []
        for source in page_sources():
            page = work / f"{source.stem}-x{copies}.txt"
            page.write_text(long_page(source, copies), encoding="utf-8")
            pages.append(page)
            cases.append(cli_case(f"{source.name} x{copies}", [page], repeat, out))
        for name, paths in corpus_groups():
            cases.append(cli_case(name, paths, repeat, out))
        corpus = [p for _, paths in corpus_groups() for p in paths]
        if corpus:
            cases.append(cli_case("corpus (all, one command)", corpus, repeat, out))
        one = work / "one-sentence.txt"
        one.write_text("Green tea may help memory [1].\n", encoding="utf-8")
        startup = [command_run([one], out)() for _ in range(max(repeat, 5))]
    return {
        "copies": copies,
        "repeat": repeat,
        "cases": cases,
        "startup_cpu_median": statistics.median(c for c, _ in startup),
        "startup_wall_median": statistics.median(w for _, w in startup),
    }


def cli_report(result: dict[str, Any]) -> str:
    """Return the command-line figures as a Markdown table."""
    m = result["machine"]
    lines = [
        f"machine: {m['platform']}, {m['processor']}, {m['cpu_count']} CPUs, Python {m['python']}"
        f" ({result['pinning']}); load average {result['load']}; medians of "
        f"{result['repeat']} repeats, CPU seconds",
        "",
        "| input | files | characters | sentences (claimkb / pysbd) | JSON MB "
        "| claimkb extract --format json | pysbd segment | ratio |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for c in result["cases"]:
        lines.append(
            f"| {c['name']} | {c['files']} | {c['characters']:,} | {c['sentences']:,} / "
            f"{c['pysbd_sentences']:,} | {c['json_bytes'] / 1e6:.1f} "
            f"| {c['claimkb']['cpu_median']:.2f} s | {c['pysbd']['cpu_median']:.2f} s "
            f"| {c['ratio']:.1f}x |"
        )
    lines.append("")
    lines.append(
        f"start-up (extract --format json of a one-sentence file): "
        f"{result['startup_cpu_median'] * 1000:.0f} ms CPU, "
        f"{result['startup_wall_median'] * 1000:.0f} ms wall"
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
    parser.add_argument("--cli", action="store_true", help="time the command on long pages")
    parser.add_argument("--copies", type=int, default=200, help="--cli: copies of a page (200)")
    args = parser.parse_args(argv)
    pinning = pin_one_core()
    if args.cli:
        result = cli_bench(args.copies, args.repeat)
        result["machine"] = machine()
        result["pinning"] = pinning
        result["load"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
        print(cli_report(result))
        if args.json:
            args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
        return 0
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
