"""Draw a seeded, stratified sample of audit findings to judge by reading (ids only, no text).

    uv run --frozen python bench/audit_rules.py ../shared/corpus/plos ../shared/corpus/jats \\
        --dump /tmp/before.tsv
    uv run --frozen python bench/sample_paper_findings.py /tmp/before.tsv --seed 13 \\
        --per-rule unsupported-claim=40 --exclude bench/warnings-judged-s12.tsv \\
        > bench/warnings-judged-s13.tsv

Every violation is taken (the top severity, what a user reads first). For each other rule, up
to ``--per-rule RULE=N`` findings per folder (``--default`` for rules not named), drawn round-
robin over the folder's papers in a seeded order so no paper dominates. Findings already judged
in an ``--exclude`` file are left out, so the sample is fresh. The output is the judging TSV of
``bench/judged_precision.py`` with the verdict columns empty: rule, paper, sentence or source.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections import defaultdict
from pathlib import Path

COLUMNS = ("rule", "paper", "sentence", "verdict", "after", "cause", "reason")


def round_robin(rows: list[list[str]], quota: int, rng: random.Random) -> list[list[str]]:
    """Return up to ``quota`` rows, one paper at a time in a shuffled order, each paper's own
    rows shuffled too."""
    by_paper: defaultdict[str, list[list[str]]] = defaultdict(list)
    for row in rows:
        by_paper[row[0]].append(row)
    papers = sorted(by_paper)
    rng.shuffle(papers)
    for paper in papers:
        rng.shuffle(by_paper[paper])
    taken: list[list[str]] = []
    while len(taken) < quota and any(by_paper[p] for p in papers):
        for paper in papers:
            if by_paper[paper] and len(taken) < quota:
                taken.append(by_paper[paper].pop())
    return taken


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dump", type=Path, help="a dump of bench/audit_rules.py --dump")
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--per-rule", action="append", default=[], metavar="RULE=N")
    parser.add_argument("--default", type=int, default=10, help="per folder, other rules")
    parser.add_argument("--exclude", type=Path, action="append", default=[])
    args = parser.parse_args(argv)
    quotas = {rule: int(n) for rule, _, n in (item.partition("=") for item in args.per_rule)}
    judged: set[tuple[str, str, str]] = set()
    for path in args.exclude:
        with path.open(encoding="utf-8", newline="") as handle:
            judged |= {
                (r["rule"], r["paper"], r["sentence"])
                for r in csv.DictReader(handle, delimiter="\t")
            }
    groups: defaultdict[tuple[str, str, str], list[list[str]]] = defaultdict(list)
    for line in args.dump.read_text("utf-8").splitlines():
        paper, rule, severity, where = line.split("\t")[:4]
        if severity == "info" or (rule, paper, where) in judged:
            continue
        groups[(rule, paper.split("/")[0], severity)].append([paper, rule, where])
    rng = random.Random(args.seed)
    out = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    out.writerow(COLUMNS)
    for (rule, _folder, severity), rows in sorted(groups.items()):
        quota = len(rows) if severity == "violation" else quotas.get(rule, args.default)
        for paper, _rule, where in round_robin(rows, quota, rng):
            out.writerow([rule, paper, where, "", "", "", ""])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
