"""Draw a seeded sample of audit findings to judge, weighted to the top severity.

    uv run --frozen python bench/audit_rules.py --dump /tmp/before.tsv
    uv run --frozen python bench/sample_findings.py /tmp/before.tsv --folders wikipedia web \\
        --seed 13 --out /tmp/sample.tsv

Reads a dump of ``bench/audit_rules.py`` and takes, from the given folders, every violation,
up to ``--warnings`` findings of each warning rule and up to ``--infos`` of each info rule,
each draw round-robin over the pages (so no page fills a rule's share), with ``random.Random
(seed)``. Writes the sample as a TSV to judge (rule, paper, sentence, severity, and empty
verdict, after, cause and reason columns, as ``bench/judged_precision.py`` reads) and prints
each finding's message and sentence to the terminal for reading. The sample file holds no
corpus text; keep the printed text out of the repository.
"""

from __future__ import annotations

import argparse
import random
from collections import defaultdict
from pathlib import Path

COLUMNS = ("rule", "paper", "sentence", "severity", "verdict", "after", "cause", "reason")


def round_robin(rows: list[list[str]], n: int, rng: random.Random) -> list[list[str]]:
    """Return up to ``n`` rows, taking one page at a time in a shuffled order."""
    by_page: dict[str, list[list[str]]] = defaultdict(list)
    for row in rows:
        by_page[row[0]].append(row)
    for found in by_page.values():
        rng.shuffle(found)
    pages = sorted(by_page)
    rng.shuffle(pages)
    taken: list[list[str]] = []
    while len(taken) < n and any(by_page.values()):
        for page in pages:
            if by_page[page] and len(taken) < n:
                taken.append(by_page[page].pop())
    return taken


def main(argv: list[str] | None = None) -> int:
    """Write the sample and print what to judge."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dump", type=Path)
    parser.add_argument("--folders", nargs="+", default=["wikipedia", "web"])
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--warnings", type=int, default=30, help="per warning rule")
    parser.add_argument("--infos", type=int, default=5, help="per info rule")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    rows = [
        line.split("\t")
        for line in args.dump.read_text("utf-8").splitlines()
        if line.split("/", 1)[0] in args.folders
    ]
    by_rule: dict[tuple[str, str], list[list[str]]] = defaultdict(list)
    for row in rows:
        by_rule[(row[2], row[1])].append(row)
    share = {"violation": None, "warning": args.warnings, "info": args.infos}
    sample: list[list[str]] = []
    for (severity, _rule), found in sorted(by_rule.items()):
        limit = share.get(severity, 0)
        sample += found if limit is None else round_robin(found, limit, rng)
    with args.out.open("w", encoding="utf-8") as out:
        out.write("\t".join(COLUMNS) + "\n")
        for row in sample:
            out.write("\t".join((row[1], row[0], row[3], row[2], "", "", "", "")) + "\n")
    for row in sample:
        print(f"{row[1]} {row[2]} {row[0]} {row[3]}\n    {row[4][:200]}\n    | {row[5]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
