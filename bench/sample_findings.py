"""Draw a seeded, stratified sample of audit findings to judge by reading (ids only, no text).

    uv run --frozen python bench/audit_rules.py ../shared/corpus/plos ../shared/corpus/jats \\
        --dump /tmp/before.tsv
    uv run --frozen python bench/sample_findings.py /tmp/before.tsv --seed 13 \\
        --per-rule unsupported-claim=35 --exclude bench/warnings-judged-s12.tsv \\
        --out /tmp/sample.tsv --show

Reads a dump of ``bench/audit_rules.py``. Every violation is taken (the top severity, what a
user reads first). Of each other rule, per folder, up to ``--per-rule RULE=N`` findings, else
``--warnings`` of a warning rule and ``--infos`` of an info rule, drawn round-robin over the
folder's articles in a seeded order so that no article fills a rule's share. Findings already
judged in an ``--exclude`` file are left out, so the sample is fresh; ``--folders`` keeps only
some folders of the dump. The output is the judging TSV of ``bench/judged_precision.py`` with
the verdict columns empty (rule, article, sentence or source, severity: no corpus text).
``--show`` prints each finding's message and sentence to stderr for reading: keep that text out
of the repository.

The two samples of session 13 were drawn by the two scripts this one folds, as they stood at
c78c277 (``bench/sample_findings.py`` for the pages, ``bench/sample_paper_findings.py`` for the
papers): ``git show c78c277:bench/sample_findings.py`` redraws them exactly.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import random
import sys
from collections import defaultdict
from pathlib import Path

COLUMNS = ("rule", "paper", "sentence", "severity", "verdict", "after", "cause", "reason")


def round_robin(rows: list[list[str]], quota: int, rng: random.Random) -> list[list[str]]:
    """Return up to ``quota`` rows, one article at a time in a shuffled order, each article's
    own rows shuffled too."""
    by_article: defaultdict[str, list[list[str]]] = defaultdict(list)
    for row in rows:
        by_article[row[0]].append(row)
    articles = sorted(by_article)
    rng.shuffle(articles)
    for article in articles:
        rng.shuffle(by_article[article])
    taken: list[list[str]] = []
    while len(taken) < quota and any(by_article[a] for a in articles):
        for article in articles:
            if by_article[article] and len(taken) < quota:
                taken.append(by_article[article].pop())
    return taken


def judged_in(paths: list[Path]) -> set[tuple[str, str, str]]:
    """Return the (rule, article, sentence) of every finding judged in these TSV files."""
    judged: set[tuple[str, str, str]] = set()
    for path in paths:
        lines = [line for line in path.read_text("utf-8").splitlines() if not line.startswith("#")]
        judged |= {
            (r["rule"], r["paper"], r["sentence"]) for r in csv.DictReader(lines, delimiter="\t")
        }
    return judged


def main(argv: list[str] | None = None) -> int:
    """Write the sample (and, with --show, print what to judge)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dump", type=Path, help="a dump of bench/audit_rules.py --dump")
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--folders", nargs="+", help="only these folders of the dump")
    parser.add_argument("--per-rule", action="append", default=[], metavar="RULE=N")
    parser.add_argument("--warnings", type=int, default=10, help="per folder, each warning rule")
    parser.add_argument("--infos", type=int, default=0, help="per folder, each info rule")
    parser.add_argument("--exclude", type=Path, action="append", default=[])
    parser.add_argument("--out", type=Path, help="the sample's TSV (default: standard output)")
    parser.add_argument("--show", action="store_true", help="print the findings to stderr")
    args = parser.parse_args(argv)
    quotas = {rule: int(n) for rule, _, n in (item.partition("=") for item in args.per_rule)}
    share = {"warning": args.warnings, "info": args.infos}
    judged = judged_in(args.exclude)
    groups: defaultdict[tuple[str, str, str], list[list[str]]] = defaultdict(list)
    for line in args.dump.read_text("utf-8").splitlines():
        row = line.split("\t")
        article, rule, severity, where = row[:4]
        folder = article.split("/", 1)[0]
        if (args.folders and folder not in args.folders) or (rule, article, where) in judged:
            continue
        groups[(rule, folder, severity)].append(row)
    rng = random.Random(args.seed)
    sample: list[list[str]] = []
    for (rule, _folder, severity), rows in sorted(groups.items()):
        quota = len(rows) if severity == "violation" else quotas.get(rule, share.get(severity, 0))
        sample += round_robin(rows, quota, rng)
    output = (
        args.out.open("w", encoding="utf-8") if args.out else contextlib.nullcontext(sys.stdout)
    )
    with output as out:
        writer = csv.writer(out, delimiter="\t", lineterminator="\n")
        writer.writerow(COLUMNS)
        for article, rule, severity, where, *_ in sample:
            writer.writerow([rule, article, where, severity, "", "", "", ""])
    if args.show:
        for article, rule, severity, where, *said in sample:
            print(
                f"{rule} {severity} {article} {where}",
                *(f"    {s[:200]}" for s in said),
                sep="\n",
                file=sys.stderr,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
