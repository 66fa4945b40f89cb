"""Audit findings per rule and severity, per folder of real documents, and what a change moves.

    uv run --frozen python bench/audit_rules.py                   # ../shared/corpus (all folders)
                                                                  # and the labelled fixtures
    uv run --frozen python bench/audit_rules.py --dump /tmp/after.tsv
    /work/cache/base/.venv/bin/python bench/audit_rules.py --root /work/cache/base \\
        --dump /tmp/before.tsv                                    # the baseline's code
    uv run --frozen python bench/audit_rules.py --dump /tmp/after.tsv --against /tmp/before.tsv
    uv run --frozen python bench/audit_rules.py --top 5           # top-severity findings of the
                                                                  # first 5 articles per folder

Runs the article audit (``kb.audit.article.audit_path``, as ``claimkb audit FILE``) of the
checkout at ``--root`` on every article, and prints per folder the articles, the claims, and
the findings of each rule as violations/warnings/infos. ``--dump`` writes every finding (folder
and file, rule, severity, sentence or source, message, sentence text) to a file outside the
repository; ``--against`` prints the findings gained and lost against such a file from another
checkout, one line each, to be judged by reading. Counts, not timings: load does not move them.
No corpus text goes into the repository.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
CORPUS = HERE.parent / "shared" / "corpus"
FOLDERS = ("plos", "jats", "wikipedia", "web")
FIXTURES = HERE / "tests" / "fixtures" / "articles"
SUFFIXES = {".xml", ".nxml", ".html", ".htm", ".txt", ".md"}
SEVERITIES = ("violation", "warning", "info")
Row = tuple[str, str, str, str, str, str]  # file, rule, severity, sentence or source, message, text


def articles(folder: Path) -> list[Path]:
    """Return a folder's articles: in the fixtures, those with a gold file (the labelled ones)."""
    found = [p for p in sorted(folder.iterdir()) if p.suffix in SUFFIXES and p.stem != "NOTICE"]
    labelled = [p for p in found if p.with_name(p.stem + ".gold.json").exists()]
    return labelled or found


def audit(path: Path, label: str) -> tuple[int, list[Row]]:
    """Return the claims of one article and its findings as rows."""
    from kb.audit.article import audit_path

    result = audit_path(path)
    texts = {s.id: " ".join(s.text.split()) for s in result.graded.article.sentences}
    # one line per finding, tab-separated: whitespace runs (tabs, line breaks) become a space
    rows = [
        (
            label,
            f.rule,
            f.severity,
            f.sentence_id or f"source {f.source_key}",
            " ".join(f.message.split()),
            texts.get(f.sentence_id or "", "")[:240],
        )
        for f in result.findings
    ]
    return len(result.graded.grades), rows


def table(by_folder: dict[str, list[Row]], claims: Counter[str], counts: Counter[str]) -> None:
    """Print per folder and rule: violations/warnings/infos."""
    rules = sorted({r[1] for rows in by_folder.values() for r in rows})
    print(f"{'rule':28}" + "".join(f"{name:>18}" for name in by_folder))
    print(
        f"{'articles / claims':28}"
        + "".join(f"{f'{counts[n]} / {claims[n]}':>18}" for n in by_folder)
    )
    for rule in rules:
        cells = []
        for rows in by_folder.values():
            found = Counter(r[2] for r in rows if r[1] == rule)
            cells.append("/".join(str(found[s]) for s in SEVERITIES))
        print(f"{rule:28}" + "".join(f"{c:>18}" for c in cells))
    totals = [
        "/".join(str(sum(r[2] == s for r in rows)) for s in SEVERITIES)
        for rows in by_folder.values()
    ]
    print(f"{'all (violation/warning/info)':28}" + "".join(f"{c:>18}" for c in totals))


def compare(rows: list[Row], against: Path) -> None:
    """Print the findings gained (+) and lost (-) against a dump of another checkout."""
    before = {tuple(line.split("\t")) for line in against.read_text("utf-8").splitlines()}
    after = set(rows)
    # keyed by file, rule, severity and sentence: a message may be reworded between checkouts
    old, new = {r[:4]: r for r in before}, {r[:4]: r for r in after}
    for sign, gone, kept in (("-", old, new), ("+", new, old)):
        for k in sorted(set(gone) - set(kept)):
            r = gone[k]
            print(f"{sign} {r[0]} {r[1]} {r[2]} {r[3]}: {r[5][:200]}")


def main(argv: list[str] | None = None) -> int:
    """Audit every article of the folders and print the table (and the dump, the comparison)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--root", type=Path, default=HERE, help="the claimkb checkout to run")
    parser.add_argument("--dump", type=Path, help="write every finding here (outside the repo)")
    parser.add_argument("--against", type=Path, help="print findings gained and lost against this")
    parser.add_argument(
        "--top",
        type=int,
        default=0,
        help="print the top-severity findings of N articles per folder",
    )
    args = parser.parse_args(argv)
    folders = args.folders or [CORPUS / name for name in FOLDERS] + [FIXTURES]
    missing = [str(f) for f in folders if not f.is_dir()]
    if missing:
        print(f"no folder at {', '.join(missing)}: give folders of articles", file=sys.stderr)
        return 2
    sys.path.insert(0, str(args.root.resolve()))
    by_folder: dict[str, list[Row]] = defaultdict(list)
    claims: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    every: list[Row] = []
    for folder in folders:
        name = folder.name
        by_folder[name] = []
        for index, path in enumerate(articles(folder)):
            try:
                n, rows = audit(path, f"{name}/{path.name}")
            except Exception as error:  # a crash is a result to report, not the end of the run
                print(f"{name}/{path.name}: failed: {error}", file=sys.stderr)
                continue
            counts[name] += 1
            claims[name] += n
            by_folder[name] += rows
            every += rows
            if index < args.top and rows:
                worst = min(SEVERITIES.index(r[2]) if r[2] in SEVERITIES else 3 for r in rows)
                for r in rows:
                    if r[2] == SEVERITIES[min(worst, 2)]:
                        print(f"  {r[0]} {r[1]} {r[3]}: {r[4][:120]} | {r[5][:160]}")
    table(by_folder, claims, counts)
    if args.dump:
        args.dump.write_text("".join("\t".join(r) + "\n" for r in every), encoding="utf-8")
    if args.against:
        compare(every, args.against)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
