"""Sentence-level precision and recall per cue class on sentences written for claimkb.

    uv run python bench/cue_classes.py          # P/R/F1 per class and register, then every miss

Each line of ``tests/fixtures/cues/uncertainty.tsv`` is a sentence labelled with the classes it
carries: hedge, booster, weasel, peacock. claimkb's classes for a sentence: a hedge it keeps, a
booster it asserts (not negated, no scope), a weasel word or peacock term not negated.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

LABELLED = Path(__file__).resolve().parent.parent / "tests/fixtures/cues/uncertainty.tsv"
CLASSES = ("hedge", "booster", "weasel", "peacock")


def load(path: Path = LABELLED) -> list[tuple[frozenset[str], str, str]]:
    """Return (classes, register, sentence) for every labelled line."""
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            classes, register, sentence = line.split("\t")
            items.append((frozenset(c for c in classes.split(",") if c != "-"), register, sentence))
    return items


def classes_of(sentence: str) -> frozenset[str]:
    """Return the classes claimkb finds in one sentence."""
    from claims.certainty import find_cues, find_framing

    hedges, boosters = find_cues(sentence, 0, len(sentence))
    found = {"hedge"} if hedges else set()
    if any(not b.negated and not b.scope for b in boosters):
        found.add("booster")
    found |= {c.kind for c in find_framing(sentence, 0, len(sentence)) if not c.negated}
    return frozenset(found) & frozenset(CLASSES)


def score(path: Path = LABELLED) -> dict[str, dict[str, float | int | None]]:
    """Return tp/fp/fn, precision, recall and F1 per class (and per class and register)."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for gold, register, sentence in load(path):
        found = classes_of(sentence)
        for name in CLASSES:
            for key in (name, f"{name} ({register})"):
                row = counts[key]
                row[0] += name in gold and name in found
                row[1] += name in found and name not in gold
                row[2] += name in gold and name not in found
    table = {}
    for key, (tp, fp, fn) in counts.items():
        p = tp / (tp + fp) if tp + fp else None
        r = tp / (tp + fn) if tp + fn else None
        f1 = 2 * p * r / (p + r) if p and r else None
        table[key] = {"tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "f1": f1}
    return table


def main(argv: list[str] | None = None) -> int:
    """Print the table and every disagreement."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labelled", type=Path, default=LABELLED)
    args = parser.parse_args(argv)
    items = load(args.labelled)
    print(f"{len(items)} sentences ({args.labelled.name})\n")
    print(f"{'class':<28}{'tp':>4}{'fp':>4}{'fn':>4}{'P':>7}{'R':>7}{'F1':>7}")
    for key, row in sorted(score(args.labelled).items(), key=lambda kv: ("(" in kv[0], kv[0])):
        cells = (
            "   -" if row[m] is None else f"{row[m]:.2f}" for m in ("precision", "recall", "f1")
        )
        print(
            f"{key:<28}{row['tp']:>4}{row['fp']:>4}{row['fn']:>4}"
            + "".join(f"{c:>7}" for c in cells)
        )
    print("\ndisagreements (gold -> claimkb):")
    for gold, _, sentence in items:
        found = classes_of(sentence)
        if found != gold:
            print(
                f"  {','.join(sorted(gold)) or '-'} -> {','.join(sorted(found)) or '-'}: {sentence}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
