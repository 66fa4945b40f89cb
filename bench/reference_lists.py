"""How a page's reference lists are read: entries, lists, claims and uncited entries per page.

    uv run --frozen python bench/reference_lists.py                 # ../shared/corpus, examples
    uv run --frozen python bench/reference_lists.py PATH [PATH ...]  # files or folders

One row per article: the number of claims, of reference entries, of reference lists (runs of
entries under one heading, by the heading's text), of cited and uncited entries, and of marker
keys that reach no entry. A page whose contents list was taken for its reference section shows
few claims and many entries; a page whose notes and references were merged shows one list.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.shared_corpus import SHARED, article_files


def row(path: Path) -> dict[str, object]:
    """Return the figures of one article."""
    from claims.extract import extract_path
    from sources.linking import link
    from sources.references import references_of

    article = extract_path(path)
    refs = references_of(article)
    links = link(article, refs)
    lists = {s.section[-1] if s.section else "" for s in article.sentences if s.kind == "reference"}
    return {
        "claims": sum(s.kind == "claim" for s in article.sentences),
        "entries": len(refs),
        "lists": len(lists),
        "cited": sum(1 for lk in links if lk.reference is not None and lk.cited_by),
        "uncited": sum(1 for lk in links if lk.reference is not None and not lk.cited_by),
        "dangling": sum(1 for lk in links if lk.reference is None),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    args = parser.parse_args()
    paths = args.paths or [SHARED / "corpus", SHARED / "examples"]
    columns = ("claims", "entries", "lists", "cited", "uncited", "dangling")
    print("article\t" + "\t".join(columns))
    totals = dict.fromkeys(columns, 0)
    for path in article_files(paths):
        figures = row(path)
        for name in columns:
            totals[name] += figures[name]  # type: ignore[operator]
        name = path.relative_to(SHARED) if path.is_relative_to(SHARED) else path
        print(f"{name}\t" + "\t".join(str(figures[c]) for c in columns))
    print("TOTAL\t" + "\t".join(str(totals[c]) for c in columns))


if __name__ == "__main__":
    main()
