"""How often a sentence's line points at the file's line where the sentence is, by format.

For each sentence of every article (the shared corpus and examples/), the first word of four
letters or more in its text is looked for on the line the extraction gives, in the raw file
(entities decoded). Usage::

    uv run --frozen python bench/source_lines.py [PATH...]   # default: ../shared/corpus examples

Prints, per format, the sentences checked and the share found on their line.
"""

from __future__ import annotations

import html
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.shared_corpus import CORPUS, article_files
from claims.errors import ClaimkbError
from claims.extract import extract_path

_WORD = re.compile(r"[^\W\d_]{4,}")


def main(paths: list[Path]) -> None:
    checked: Counter[str] = Counter()
    found: Counter[str] = Counter()
    for path in article_files(paths):
        try:
            article = extract_path(path)
        except ClaimkbError:
            continue
        raw = path.read_bytes().decode("utf-8", "replace").replace("\r\n", "\n").split("\n")
        for sentence in article.sentences:
            word = _WORD.search(sentence.text)
            if word is None:
                continue
            checked[article.format] += 1
            if 0 < sentence.line <= len(raw) and word[0] in html.unescape(raw[sentence.line - 1]):
                found[article.format] += 1
    print("| format | sentences | first word on the line given |")
    print("|---|---:|---:|")
    for fmt in sorted(checked):
        print(f"| {fmt} | {checked[fmt]} | {found[fmt] / checked[fmt]:.3f} |")


if __name__ == "__main__":
    default = [CORPUS, Path(__file__).resolve().parents[1] / "examples"]
    main([Path(p) for p in sys.argv[1:]] or default)
