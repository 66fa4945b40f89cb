"""What the reader makes of the shared web and Wikipedia pages: counts per page, summed.

    uv run --frozen python bench/pages_reading.py                          # this checkout
    /work/cache/main13/.venv/bin/python bench/pages_reading.py --root /work/cache/main13 \\
        --dump /tmp/before.tsv                                             # another checkout
    uv run --frozen python bench/pages_reading.py --furniture bench/pages_furniture.tsv

Each page of ``../shared/corpus/wikipedia`` and ``web`` is read and graded as ``claimkb
extract`` and ``claimkb audit`` read it (``claims.extract.extract_path``, ``sources.grade``;
no SHACL). Per page: sentences, claims, reference entries, distinct cited keys, and *markers
unlinked* (cited keys that find no entry on a page that prints a reference list). With
``--furniture``, a judged list of page furniture (page, a hash of the sentence's text, class,
reason; our words, no corpus text): *furniture claims* counts the listed sentences the reading
still makes claims. ``--dump`` writes every sentence (page, id, kind, block, section, cited
keys, text) to a file outside the repository, for judging. Counts, not timings.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
CORPUS = HERE.parent / "shared" / "corpus"
FOLDERS = ("wikipedia", "web")
SUFFIXES = {".html", ".htm"}


def text_hash(text: str) -> str:
    """Return the short hash a judged list names a sentence by (whitespace folded)."""
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]


@dataclass
class Reading:
    """The counts of one page."""

    sentences: int = 0
    claims: int = 0
    entries: int = 0
    cited: int = 0
    unlinked: int = 0
    furniture: int = 0


def read_page(path: Path, label: str, furniture: set[str], dump: list[str]) -> Reading:
    """Return the counts of one page (and append its sentences to ``dump``)."""
    from claims.extract import extract_path
    from sources import grade

    graded = grade(extract_path(path))
    sentences = graded.article.sentences
    reading = Reading(
        sentences=len(sentences),
        claims=sum(s.kind == "claim" for s in sentences),
        entries=sum(s.kind == "reference" for s in sentences),
        cited=sum(1 for source in graded.sources if source.cited_by),
    )
    if graded.has_reference_list:
        reading.unlinked = sum(1 for s in graded.sources if s.cited_by and s.reference is None)
    reading.furniture = sum(s.kind == "claim" and text_hash(s.text) in furniture for s in sentences)
    for s in sentences:
        keys = ",".join(k for m in s.markers for k in m.keys)
        section = " > ".join(s.section)[-80:]
        text = " ".join(s.text.split())
        dump.append(
            "\t".join((label, s.id, s.kind, s.block, section, keys, text_hash(s.text), text[:300]))
        )
    return reading


def main(argv: list[str] | None = None) -> int:
    """Read every page and print the counts per page and per folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=HERE, help="the claimkb checkout to run")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--furniture", type=Path, help="judged furniture sentences (TSV)")
    parser.add_argument("--dump", type=Path, help="write every sentence here (outside the repo)")
    args = parser.parse_args(argv)
    folders = [args.corpus / name for name in FOLDERS]
    missing = [str(f) for f in folders if not f.is_dir()]
    if missing:
        print(f"no folder at {', '.join(missing)}: give --corpus DIR", file=sys.stderr)
        return 2
    listed: dict[str, set[str]] = {}
    if args.furniture:
        with args.furniture.open(encoding="utf-8", newline="") as handle:
            judged = (line for line in handle if not line.startswith("#"))
            for row in csv.reader(judged, "excel-tab"):
                listed.setdefault(row[0], set()).add(row[1])
    sys.path.insert(0, str(args.root.resolve()))
    dump: list[str] = []
    columns = ("sentences", "claims", "entries", "cited", "unlinked", "furniture")
    print(f"{'page':58}" + "".join(f"{c:>10}" for c in columns))
    for folder in folders:
        total: Counter[str] = Counter()
        pages = [p for p in sorted(folder.iterdir()) if p.suffix in SUFFIXES]
        for path in pages:
            label = f"{folder.name}/{path.name}"
            reading = read_page(path, label, listed.get(label, set()), dump)
            values = [getattr(reading, c) for c in columns]
            total.update(dict(zip(columns, values, strict=True)))
            print(f"{label[:58]:58}" + "".join(f"{v:>10}" for v in values))
        print(
            f"{f'{folder.name} ({len(pages)} pages)':58}"
            + "".join(f"{total[c]:>10}" for c in columns)
        )
    if args.dump:
        args.dump.write_text("".join(line + "\n" for line in dump), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
