"""Cue classes on the shared corpus: hits per 1,000 sentences per folder, and a sample to read.

    uv run python bench/corpus_cues.py                        # ../shared/corpus wikipedia, plos
    uv run python bench/corpus_cues.py --sample 20            # and 20 random hits per class
    uv run python bench/corpus_cues.py --root /path/to/other/checkout   # the same on other code

Counts sentences holding at least one cue of a class (weasel, peacock, approximator, hedge,
booster), not negated, over the sentences claimkb reads cues in. The sample is printed for
checking by eye only; no corpus text goes into the repository.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
SHARED = HERE.parent / "shared" / "corpus"
CLASSES = ("hedge", "booster", "weasel", "peacock", "approximator")


def classes_of(sentence: object) -> dict[str, list[str]]:
    """Return the cues of each class in one extracted sentence (not negated)."""
    found: dict[str, list[str]] = {}
    cues = (*sentence.hedges, *sentence.boosters, *sentence.framing)  # type: ignore[attr-defined]
    for cue in cues:
        if cue.kind in CLASSES and not cue.negated:
            found.setdefault(cue.kind, []).append(cue.text)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--root", type=Path, default=HERE, help="the claimkb checkout to run")
    parser.add_argument("--sample", type=int, default=0)
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args(argv)
    folders = args.folders or [SHARED / "wikipedia", SHARED / "plos"]
    if not all(f.is_dir() for f in folders):
        print(f"no corpus at {', '.join(map(str, folders))}", file=sys.stderr)
        return 2
    sys.path.insert(0, str(args.root))
    from claims.extract import extract_path

    rng = random.Random(args.seed)
    print(f"{'folder':<12}{'sentences':>10}" + "".join(f"{c:>14}" for c in CLASSES))
    for folder in folders:
        counts: Counter[str] = Counter()
        hits: dict[str, list[str]] = {c: [] for c in CLASSES}
        total = 0
        for path in sorted(folder.iterdir()):
            if path.suffix not in (".html", ".xml", ".txt", ".md"):
                continue
            article = extract_path(path)
            for sentence in article.sentences:
                if sentence.kind == "reference":
                    continue
                total += 1
                for name, cues in classes_of(sentence).items():
                    counts[name] += 1
                    hits[name].append(
                        f"[{', '.join(cues)}] {' '.join(sentence.text.split())[:200]}"
                    )
        per = "".join(f"{1000 * counts[c] / max(total, 1):>14.1f}" for c in CLASSES)
        print(f"{folder.name:<12}{total:>10}{per}")
        for name in CLASSES if args.sample else ():
            picked = rng.sample(hits[name], min(args.sample, len(hits[name])))
            print(f"\n  {folder.name} {name}: {len(hits[name])} sentences, {len(picked)} shown")
            for line in picked:
                print(f"    {line}")
    print("(sentences with at least one cue of the class, per 1,000 sentences)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
