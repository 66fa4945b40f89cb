"""Cue classes on the shared corpus: hits per 1,000 sentences per folder, and a sample to read.

    uv run python bench/corpus_cues.py                        # ../shared/corpus wikipedia, plos
    uv run python bench/corpus_cues.py --sample 20            # and 20 random hits per class
    uv run python bench/corpus_cues.py --root /path/to/other/checkout   # the same on other code
    uv run python bench/corpus_cues.py --hits /tmp/after.tsv --against /tmp/before.tsv

Counts are rates, not precision: precision is read by eye on the sample, or on the hits a change
gains and loses (``--hits`` writes every hit of this checkout, keyed by file, sentence offset and
class, to a file outside the repository; ``--against`` prints the hits gained and lost against
such a file from another checkout, one line each, to be judged by reading).

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
    parser.add_argument("--hits", type=Path, help="write every hit (file, offset, class) here")
    parser.add_argument("--against", type=Path, help="print hits gained and lost against this")
    args = parser.parse_args(argv)
    folders = args.folders or [SHARED / "wikipedia", SHARED / "plos"]
    if not all(f.is_dir() for f in folders):
        print(f"no corpus at {', '.join(map(str, folders))}", file=sys.stderr)
        return 2
    sys.path.insert(0, str(args.root))
    from claims.extract import extract_path

    rng = random.Random(args.seed)
    every: dict[tuple[str, str, str], str] = {}
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
                    key = (f"{folder.name}/{path.name}", str(sentence.start), name)
                    every[key] = f"[{', '.join(cues)}] {' '.join(sentence.text.split())[:200]}"
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
    if args.hits:
        args.hits.write_text("".join("\t".join((*k, v)) + "\n" for k, v in sorted(every.items())))
    if args.against:
        _compare(every, args.against)
    return 0


def _compare(now: dict[tuple[str, str, str], str], path: Path) -> None:
    """Print the hits gained and lost against a ``--hits`` file, per class."""
    before = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        where, start, name, text = line.split("\t", 3)
        before[(where, start, name)] = text
    for name in CLASSES:
        gained = sorted(k for k in now.keys() - before.keys() if k[2] == name)
        lost = sorted(k for k in before.keys() - now.keys() if k[2] == name)
        print(f"\n{name}: {len(gained)} gained, {len(lost)} lost")
        for sign, keys, texts in (("+", gained, now), ("-", lost, before)):
            for key in keys:
                print(f"  {sign} {key[0]}@{key[1]} {texts[key]}")


if __name__ == "__main__":
    sys.exit(main())
