"""The shared development corpus: where it is, and its article files.

Real PLOS and other JATS papers, Wikipedia and web pages live outside the repository, in
``../shared`` beside the checkout, with their provenance in each folder's NOTICE.md. Tests and
benchmarks that read it skip or stop cleanly when it is absent.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from claims.reading import EXTENSIONS

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"
#: The corpus folders, one kind of page each (INDEX.tsv in a folder says what each page tests).
FOLDERS = ("plos", "jats", "wikipedia", "web")
#: Markdown files that describe a folder rather than being an article in it.
NOTES = frozenset({"NOTICE.md", "README.md"})


def article_files(paths: Iterable[Path], suffixes: Iterable[str] = tuple(EXTENSIONS)) -> list[Path]:
    """Return the article files at ``paths`` (a file itself, a folder searched recursively, a
    missing path nothing) whose extension is one of ``suffixes``, without the folders' notes."""
    wanted = {suffix.lower() for suffix in suffixes}
    found: list[Path] = []
    for path in paths:
        files = sorted(path.rglob("*")) if path.is_dir() else [path] if path.is_file() else []
        found += [f for f in files if f.suffix.lower() in wanted and f.name not in NOTES]
    return found
