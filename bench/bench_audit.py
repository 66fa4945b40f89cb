"""Time `claimkb audit` per article, stage by stage: extraction, grading, graph, SHACL.

    uv run python bench/bench_audit.py [--repeats 5] [--sizes 250 500 1000 2000]

Runs the example article and generated plain-text articles of the given sizes (in sentences),
prints the median of each stage over the repeats, the SHACL time per 1,000 sentences (flat when
SHACL time grows linearly with article size) and the machine it ran on.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.extract import extract_path, extract_text  # noqa: E402
from kb.audit.article import audit_graph, load_audit_shapes  # noqa: E402
from kb.rdf.graph import build_graph  # noqa: E402
from sources import grade  # noqa: E402

STAGES = ("extraction", "grading", "graph", "shacl")

# Our own sentence templates: cited claims, hedged and boosted claims, uncited claims.
SUBJECTS = ("Green tea", "Daily walking", "Dark chocolate", "Cold water swimming", "Fermented food")
EFFECTS = ("lowers blood pressure", "improves sleep", "reduces stress", "sharpens memory")
CITED = (
    "A randomized controlled trial found that {s} {e} in older adults [{k}].",
    "A cohort study of 4,000 nurses suggests that {s} may be linked to lower risk [{k}].",
    "Studies in mice show that {s} {e} [{k}].",
    "A meta-analysis of 20 trials reported that {s} {e} [{k}, {k2}].",
)
UNCITED = (
    "{s} definitely {e} in everyone.",
    "{s} {e}, according to many people.",
    "Some experts think {s} {e} [citation needed].",
)
ENTRIES = (
    "Author A, Author B. {s} and health: a randomized controlled trial. J Trials. 2019.",
    "Author C. {s} in older adults: a prospective cohort study. Epidemiol J. 2016.",
    "Author D. Effects of {s} in a mouse model. Lab Anim Res. 2012.",
    "Author E. {s}: a systematic review and meta-analysis. Rev Med. 2021.",
)


def generated_article(sentences: int, seed: int = 7) -> str:
    """Return a plain-text article of about ``sentences`` sentences, with a reference list."""
    rng = random.Random(seed)
    keys = max(4, sentences // 8)
    lines = ["Does It Work? A Generated Article", ""]
    count = 1
    while count < sentences - keys - 1:
        if count % 12 == 1:
            lines += [f"Section {count // 12 + 1}", ""]
            count += 1
        paragraph = []
        for _ in range(4):
            s, e = rng.choice(SUBJECTS), rng.choice(EFFECTS)
            k = rng.randint(1, keys)
            template = rng.choice(CITED) if rng.random() < 0.8 else rng.choice(UNCITED)
            paragraph.append(template.format(s=s, e=e, k=k, k2=k % keys + 1))
            count += 1
        lines += [" ".join(paragraph), ""]
    lines += ["References", ""]
    for k in range(1, keys + 1):
        lines.append(f"{k}. " + rng.choice(ENTRIES).format(s=rng.choice(SUBJECTS)))
        count += 1
    return "\n".join(lines) + "\n"


def timed(function: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    value = function()
    return time.perf_counter() - start, value


def run_once(extract: Callable[[], object], shapes: object) -> dict[str, float]:
    """Return the seconds each stage took for one audit."""
    times = {}
    times["extraction"], article = timed(extract)
    times["grading"], graded = timed(lambda: grade(article))
    times["graph"], graph = timed(lambda: build_graph(graded))
    times["shacl"], _ = timed(lambda: audit_graph(graph, shapes))
    times["sentences"] = len(article.sentences)
    return times


def medians(extract: Callable[[], object], shapes: object, repeats: int) -> dict[str, float]:
    runs = [run_once(extract, shapes) for _ in range(repeats)]
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        models = [
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ]
        cpu = models[0] if models else cpu
    except OSError:
        pass
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{platform.system()}, load average {load}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 500, 1000, 2000])
    options = parser.parse_args()
    shapes = load_audit_shapes()
    example = ROOT / "examples" / "green-tea-memory.txt"
    run_once(lambda: extract_path(example), shapes)  # warm up imports and caches
    cases: list[tuple[str, Callable[[], object]]] = [(example.name, lambda: extract_path(example))]
    for size in options.sizes:
        text = generated_article(size)
        cases.append((f"generated-{size}", lambda text=text: extract_text(text, "txt")))
    print(f"machine: {machine()}; medians of {options.repeats} runs, seconds")
    print(f"{'article':<24}{'sentences':>10}" + "".join(f"{s:>12}" for s in STAGES)
          + f"{'shacl/1k':>12}")  # fmt: skip
    for name, extract in cases:
        m = medians(extract, shapes, options.repeats)
        per_1k = m["shacl"] / m["sentences"] * 1000
        print(f"{name:<24}{int(m['sentences']):>10}"
              + "".join(f"{m[s]:>12.3f}" for s in STAGES) + f"{per_1k:>12.3f}")  # fmt: skip


if __name__ == "__main__":
    main()
