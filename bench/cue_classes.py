"""Sentence-level precision and recall per cue class on sentences written for claimkb.

    uv run python bench/cue_classes.py          # P/R/F1 per class, hedge kind and register
    uv run python bench/cue_classes.py --labelled tests/fixtures/cues/uncertainty-round2.tsv

Each line of ``tests/fixtures/cues/uncertainty*.tsv`` is a sentence labelled with the classes it
carries: hedge (``hedge:KIND`` names the kind: modal, epistemic, approximator), booster, weasel,
peacock. claimkb's classes for a sentence: a hedge it keeps (a frequency or degree approximator
included), a booster it asserts (not negated, no scope), a weasel word or peacock term not
negated nor quoted. ``uncertain`` is any hedge, weasel or peacock.

``conll-2010`` is the sentence reading of the CoNLL-2010 shared task's Wikipedia part (Farkas et
al. 2010): a sentence is uncertain when it holds at least one weasel or hedge cue, and peacock
terms were not annotated there (Vincze 2013 added them in WikiWeasel 2.0). A sentence counts
when it carries a weasel or an epistemic hedge (a modal of possibility, an epistemic verb,
adjective or noun); ``conll-2010 +approximator`` counts frequency and degree generalisations
("often", "generally") as well, which that annotation gave to weasels in part. Both are reported
per register: the nearest we can measure to the hidden judgement.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

LABELLED = sorted(
    (Path(__file__).resolve().parent.parent / "tests/fixtures/cues").glob("uncertainty*.tsv")
)
CLASSES = ("hedge", "booster", "weasel", "peacock")
HEDGE_KINDS = ("modal", "epistemic", "approximator")
UNCERTAIN = frozenset(("hedge", "weasel", "peacock"))
#: What makes a sentence uncertain in the CoNLL-2010 Wikipedia reading, and the wider variant.
CONLL = {
    "conll-2010": frozenset(("weasel", "hedge:modal", "hedge:epistemic")),
    "conll-2010 +approximator": frozenset(
        ("weasel", "hedge:modal", "hedge:epistemic", "hedge:approximator")
    ),
}


def load(paths: list[Path] = LABELLED) -> list[tuple[frozenset[str], str, str]]:
    """Return (labels, register, sentence) for every labelled line; a hedge label of a kind
    gives both ``hedge`` and ``hedge:KIND``."""
    items = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                classes, register, sentence = line.split("\t")
                labels = {c for c in classes.split(",") if c != "-"}
                labels |= {c.partition(":")[0] for c in labels}
                items.append((frozenset(labels), register, sentence))
    return items


def kind_of(category: str | None) -> str:
    """Return the labelled kind of hedge a lexicon category belongs to."""
    return category if category in ("modal", "approximator") else "epistemic"


def classes_of(sentence: str) -> frozenset[str]:
    """Return the classes (and hedge kinds) claimkb finds in one sentence."""
    from claims.certainty import find_cues, find_framing

    hedges, boosters = find_cues(sentence, 0, len(sentence))
    framing = [c for c in find_framing(sentence, 0, len(sentence)) if not c.negated and not c.scope]
    approximators = [c for c in framing if c.kind == "approximator"]
    found = {"hedge"} if hedges or approximators else set()
    found |= {f"hedge:{kind_of(c.category)}" for c in hedges}
    found |= {"hedge:approximator"} if approximators else set()
    if any(not b.negated and not b.scope for b in boosters):
        found.add("booster")
    found |= {c.kind for c in framing if c.kind in CLASSES}
    return frozenset(found)


def readings(labels: frozenset[str]) -> frozenset[str]:
    """Return the sentence readings (``uncertain`` and the CoNLL-2010 ones) labels make true; a
    hedge labelled without its kind (round 1) counts as epistemic."""
    labels = labels | ({"hedge:epistemic"} if _kindless(labels) else set())
    found = {"uncertain"} if labels & UNCERTAIN else set()
    return frozenset(found | {name for name, cues in CONLL.items() if labels & cues})


def _kindless(labels: frozenset[str]) -> bool:
    return "hedge" in labels and not any(g.startswith("hedge:") for g in labels)


def _keys(gold: frozenset[str]) -> list[str]:
    keys = [*CLASSES, "uncertain", *CONLL]
    # A hedge labelled without its kind (round 1) is scored as a class only.
    if not _kindless(gold):
        keys += [f"hedge:{kind}" for kind in HEDGE_KINDS]
    return keys


def score(paths: list[Path] = LABELLED) -> dict[str, dict[str, float | int | None]]:
    """Return tp/fp/fn, precision, recall and F1 per class, hedge kind, and class and register."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for gold, register, sentence in load(paths):
        found = classes_of(sentence)
        gold, found = gold | readings(gold), found | readings(found)
        for name in _keys(gold):
            by_register = name in CLASSES or name == "conll-2010"
            keys = (name, f"{name} ({register})") if by_register else (name,)
            for key in keys:
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
    parser.add_argument("--labelled", type=Path, nargs="+", default=LABELLED)
    args = parser.parse_args(argv)
    items = load(args.labelled)
    names = ", ".join(p.name for p in args.labelled)
    print(f"{len(items)} sentences ({names})\n")
    print(f"{'class':<28}{'tp':>4}{'fp':>4}{'fn':>4}{'P':>7}{'R':>7}{'F1':>7}")
    order = {k: i for i, k in enumerate((*CLASSES, "uncertain", *CONLL))}
    rows = sorted(
        score(args.labelled).items(),
        key=lambda kv: ("(" in kv[0], ":" in kv[0], order.get(kv[0], 9), kv[0]),
    )
    for key, row in rows:
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
        if {g for g in found if g in gold or ":" not in g} != gold and found != gold:
            shown = (",".join(sorted(s)) or "-" for s in (gold, found))
            print(f"  {' -> '.join(shown)}: {sentence}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
