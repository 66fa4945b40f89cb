"""Score the booster sense and scope rules on sentences written for claimkb, rule by rule.

    uv run python bench/cue_senses.py             # P/R per label, then every disagreement
    uv run python bench/cue_senses.py --json out.json

Each line of ``tests/fixtures/cues/boosters.tsv`` marks one cue with ⟦ ⟧ and labels it:
"asserted", "negated", or the rule of ``claims/lexicons/senses.tsv`` that should read it. The
prediction is the rule that read the lexicon match overlapping the mark ("negated" for a
negated cue no rule read, "asserted" for the rest, "missed" when no cue was found there).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

LABELLED = Path(__file__).resolve().parent.parent / "tests/fixtures/cues/boosters.tsv"
_MARK = re.compile(r"⟦(.+?)⟧")
#: labels in which the word is a booster (in its certainty sense), asserted or not
IN_SENSE = frozenset(("asserted", "negated", "hedged", "purpose", "question", "reported"))


@dataclass(frozen=True)
class Item:
    gold: str
    predicted: str
    sentence: str  # with the cue marked


def load(path: Path = LABELLED) -> list[tuple[str, str, int, int]]:
    """Return (label, sentence, cue start, cue end) for every labelled line."""
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, marked = line.split("\t")
        mark = _MARK.search(marked)
        if mark is None:
            raise ValueError(f"{path}: no ⟦cue⟧ in: {marked}")
        text = marked[: mark.start()] + mark.group(1) + marked[mark.end() :]
        items.append((label, text, mark.start(), mark.start() + len(mark.group(1))))
    return items


def predict(text: str, start: int, end: int) -> str:
    """Return the label claimkb gives the booster found at ``text[start:end]``."""
    from claims.certainty import read_cues

    for reading in read_cues(text, 0, len(text)):
        cue = reading.cue
        if cue.kind == "booster" and cue.start < end and start < cue.end:
            if reading.rule:
                return reading.rule
            return "negated" if cue.negated else "asserted"
    return "missed"


def score(path: Path = LABELLED) -> tuple[list[Item], dict[str, dict[str, float | int | None]]]:
    """Return every item and, per label, tp/fp/fn with precision and recall."""
    items = [
        Item(label, predict(text, a, b), f"{text[:a]}⟦{text[a:b]}⟧{text[b:]}")
        for label, text, a, b in load(path)
    ]
    labels = sorted({i.gold for i in items} | {i.predicted for i in items})
    table: dict[str, dict[str, float | int | None]] = {}
    for label in labels:
        table[label] = _prf(
            sum(1 for i in items if i.gold == label and i.predicted == label),
            sum(1 for i in items if i.gold != label and i.predicted == label),
            sum(1 for i in items if i.gold == label and i.predicted != label),
        )
    # The two questions a user asks: is a reported booster a booster (its certainty sense), and
    # is an asserted booster (what the overclaim rule counts) really asserted?
    for name, group in (("certainty sense", IN_SENSE), ("asserted booster", {"asserted"})):
        gold = Counter((i.gold in group, i.predicted in group) for i in items)
        table[name] = _prf(gold[True, True], gold[False, True], gold[True, False])
    return items, table


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int | None]:
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": round(tp / (tp + fp), 3) if tp + fp else None,
        "recall": round(tp / (tp + fn), 3) if tp + fn else None,
    }


def main(argv: list[str] | None = None) -> int:
    """Print P/R per label and every disagreement."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labelled", type=Path, default=LABELLED)
    parser.add_argument("--json", type=Path, help="write the table as JSON to this file")
    args = parser.parse_args(argv)
    items, table = score(args.labelled)
    print(f"{len(items)} labelled boosters ({args.labelled.name})\n")
    print(f"{'label':<18}{'tp':>4}{'fp':>4}{'fn':>4}{'P':>7}{'R':>7}")
    for label, row in table.items():
        p, r = (("   -" if v is None else f"{v:.2f}") for v in (row["precision"], row["recall"]))
        print(f"{label:<18}{row['tp']:>4}{row['fp']:>4}{row['fn']:>4}{p:>7}{r:>7}")
    wrong = [i for i in items if i.gold != i.predicted]
    print(f"\n{len(wrong)} disagreements (gold -> predicted):")
    for item in wrong:
        print(f"  {item.gold} -> {item.predicted}: {item.sentence}")
    if args.json:
        args.json.write_text(json.dumps(table, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
