"""Booster hits on the shared corpus, rule by rule, and the share in their certainty sense.

    uv run python bench/corpus_boosters.py                 # summary: before/after the sense rules
    uv run python bench/corpus_boosters.py --list          # every hit, with its rule and label
    uv run python bench/corpus_boosters.py --corpus DIR... # other folders

Every booster match of the lexicon is listed with the sense or scope rule that read it
(``claims/lexicons/senses.tsv``). ``bench/corpus_boosters.labels.tsv`` holds a hand label for
each match, keyed by file, cue offset and cue (never the corpus text, which stays outside the
repository): ``certainty`` when the word is used in its certainty sense (asserted or not),
``other`` when it is not ("positive definite", "clearly visible", "proved useful"). "Before" is
every match without sense rules; "after" is the boosters claimkb keeps. Skips cleanly when
``../shared`` is absent.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.shared_corpus import CORPUS, article_files

FOLDERS = ("plos", "jats", "wikipedia")
LABELS = Path(__file__).resolve().parent / "corpus_boosters.labels.tsv"
_NO_CUES = {"reference", "byline", "question"}


@dataclass(frozen=True)
class Hit:
    file: str
    start: int
    cue: str
    rule: str | None
    kept: bool
    asserted: bool  # kept, not negated, no scope: what the overclaim rule counts
    context: str


def hits(folders: list[Path]) -> list[Hit]:
    """Return every booster match in the articles of ``folders``, in document order."""
    from claims.certainty import read_cues
    from claims.extract import extract_path

    found = []
    for folder in folders:
        for path in article_files([folder]):
            article = extract_path(path)
            for sentence in article.sentences:
                if sentence.kind in _NO_CUES:
                    continue
                for reading in read_cues(article.text, sentence.start, sentence.end):
                    cue = reading.cue
                    if cue.kind != "booster":
                        continue
                    at = cue.start - sentence.start
                    context = sentence.text[max(0, at - 60) : at + len(cue.text) + 40]
                    asserted = reading.kept and not cue.negated and not cue.scope
                    found.append(
                        Hit(path.name, cue.start, cue.cue, reading.rule, reading.kept, asserted,
                            " ".join(context.split()))
                    )  # fmt: skip
    return found


def load_labels(path: Path = LABELS) -> dict[tuple[str, int, str], str]:
    """Return the hand labels: (file, cue start, cue) -> "certainty" | "other"."""
    labels = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            file, start, cue, label = line.split("\t")
            labels[file, int(start), cue] = label
    return labels


def share(group: list[Hit], labels: dict[tuple[str, int, str], str]) -> str:
    """Return "k/n = p" for the labelled hits of ``group`` in their certainty sense."""
    known = [labels[h.file, h.start, h.cue] for h in group if (h.file, h.start, h.cue) in labels]
    right = sum(1 for label in known if label == "certainty")
    unlabelled = len(group) - len(known)
    note = f" ({unlabelled} unlabelled)" if unlabelled else ""
    return f"{right}/{len(known)} = {right / len(known):.2f}{note}" if known else "-"


def main(argv: list[str] | None = None) -> int:
    """Print the summary (and with --list every hit); 0 also when the corpus is absent."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, nargs="+", default=[CORPUS / f for f in FOLDERS])
    parser.add_argument("--list", action="store_true", help="print every hit")
    args = parser.parse_args(argv)
    folders = [f for f in args.corpus if f.is_dir()]
    if not folders:
        print(f"no corpus at {', '.join(map(str, args.corpus))}: nothing to measure")
        return 0
    found = hits(folders)
    labels = load_labels()
    kept = [h for h in found if h.kept]
    print(f"{len(found)} booster matches in {', '.join(f.name for f in folders)}")
    print(f"  before the sense rules: {len(found)} hits, certainty sense {share(found, labels)}")
    print(f"  after: {len(kept)} boosters kept, certainty sense {share(kept, labels)}")
    asserted = [h for h in kept if h.asserted]
    print(f"  of which asserted (overclaims): {len(asserted)}, {share(asserted, labels)}")
    print("\nper rule (matches, and how many the hand labels call certainty sense):")
    for rule, n in Counter(h.rule or "(none)" for h in found).most_common():
        group = [h for h in found if (h.rule or "(none)") == rule]
        print(f"  {rule:<16}{n:>5}   certainty sense {share(group, labels)}")
    if args.list:
        print()
        for h in found:
            label = labels.get((h.file, h.start, h.cue), "?")
            print(f"{h.file}\t{h.start}\t{h.cue}\t{h.rule or '-'}\t{label}\t{h.context}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
