"""Precision per rule and folder of a judged sample of findings (a TSV of our own judgements).

    uv run --frozen python bench/judged_precision.py bench/warnings-judged-s12.tsv
    uv run --frozen python bench/judged_precision.py bench/warnings-judged-s12.tsv --column after

The TSV holds one judged finding a row (rule, paper, sentence, verdict, cause, reason; no
corpus text), under comment lines starting with "#". ``--column`` names the verdict column to
score ("verdict" by default; "after" for the same sample re-judged after a change, where
"gone" marks a finding the change removed). Strict precision counts right ones; lenient counts
debatable ones as right too. A finding gone leaves the rule's count: precision is over the
findings still reported.
"""

from __future__ import annotations

import argparse
import csv
from collections import Counter, defaultdict
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("judged", type=Path)
    parser.add_argument("--column", default="verdict")
    args = parser.parse_args(argv)
    with args.judged.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))  # comments above the header
        rows = list(csv.DictReader(lines, delimiter="\t"))
    counts: defaultdict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for row in rows:
        counts[(row["rule"], row["paper"].split("/")[0])][row[args.column]] += 1
    print(
        f"{'rule':28}{'folder':>8}{'n':>5}{'right':>7}{'debat.':>7}{'wrong':>7}{'gone':>6}"
        f"{'strict':>8}{'lenient':>9}"
    )
    for (rule, folder), found in sorted(counts.items()):
        kept = found["right"] + found["debatable"] + found["wrong"]
        strict = f"{found['right'] / kept:.2f}" if kept else "-"
        lenient = f"{(found['right'] + found['debatable']) / kept:.2f}" if kept else "-"
        print(
            f"{rule:28}{folder:>8}{kept:>5}{found['right']:>7}{found['debatable']:>7}"
            f"{found['wrong']:>7}{found['gone']:>6}{strict:>8}{lenient:>9}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
