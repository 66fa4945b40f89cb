"""Check that ``claimkb extract --format json`` (or jsonl) gives the same bytes as another
revision did.

A speed change must not change one byte of the output. This script runs the command in-process
(its click entry point, stdout captured) on every article the repository and ../shared hold
(tests/fixtures, examples/, ../shared/examples and ../shared/corpus, and the long pages
bench_extract.py times), once with the working tree and once with a git revision checked out in
a temporary worktree, both with this interpreter, and lists the files whose output differs
(with the first differing line).

    uv run --frozen python bench/extract_identity.py              # against main
    uv run --frozen python bench/extract_identity.py --against HEAD~3
    uv run --frozen python bench/extract_identity.py --against /work/cache/base   # a tree
    uv run --frozen python bench/extract_identity.py --format jsonl
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SUFFIXES = (".txt", ".md", ".html", ".htm", ".xml", ".nxml")

# Run in a child interpreter whose sys.path starts at the tree under test: writes one JSON
# output per article into the directory given, named by the article's index in the list.
_RENDER = """
import io
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from kb.cli import main
out = Path(sys.argv[2])
stdout = sys.stdout
for number, line in enumerate(Path(sys.argv[3]).read_text(encoding="utf-8").splitlines()):
    buffer = io.BytesIO()
    sys.stdout = wrapper = io.TextIOWrapper(buffer, encoding="utf-8")
    code = 0
    try:
        code = main(["extract", "--format", sys.argv[4], line], standalone_mode=False) or 0
    except SystemExit as stop:
        code = stop.code
    wrapper.flush()
    sys.stdout = stdout
    (out / f"{number}.json").write_bytes(buffer.getvalue())  # before the wrapper closes it
    (out / f"{number}.exit").write_text(str(code), encoding="utf-8")
"""


def articles(long_pages: Path) -> list[Path]:
    """Return every article to compare: fixtures, examples, the shared corpus, long pages."""
    found = [p for p in sorted((ROOT / "tests" / "fixtures").rglob("*")) if _is_article(p)]
    found += sorted((ROOT / "examples").glob("*.txt"))
    if SHARED.is_dir():
        found += [p for p in sorted(SHARED.glob("examples/*")) if _is_article(p)]
        found += [p for p in sorted(SHARED.glob("corpus/*/*")) if _is_article(p)]
    found += sorted(long_pages.glob("*"))
    return found


def _is_article(path: Path) -> bool:
    return path.is_file() and path.suffix in SUFFIXES


def write_long_pages(directory: Path, copies: int) -> None:
    """Write each example page repeated ``copies`` times, as bench_extract.py times them."""
    sys.path.insert(0, str(ROOT))
    from bench.bench_extract import long_page, page_sources

    for source in page_sources():
        (directory / f"{source.stem}-x{copies}.txt").write_text(
            long_page(source, copies), encoding="utf-8"
        )


def render(tree: Path, paths: list[Path], out: Path, fmt: str) -> None:
    """Write the ``fmt`` output of every article in ``paths`` as the code in ``tree`` renders
    it."""
    out.mkdir(parents=True)
    listing = out / "articles.lst"
    listing.write_text("".join(f"{p}\n" for p in paths), encoding="utf-8")
    command = [sys.executable, "-c", _RENDER, str(tree), str(out), str(listing), fmt]
    subprocess.run(command, check=True)


def failures(out: Path, paths: list[Path]) -> list[str]:
    """Return a line for each article whose render in ``out`` did not end with exit code 0."""
    return [
        f"FAILED {out.name} {path}: exit {code}"
        for number, path in enumerate(paths)
        if (code := (out / f"{number}.exit").read_text(encoding="utf-8")) != "0"
    ]


def first_difference(a: str, b: str) -> str:
    """Return the first line where ``a`` and ``b`` differ, both versions."""
    for number, (x, y) in enumerate(zip(a.splitlines(), b.splitlines(), strict=False), 1):
        if x != y:
            return f"line {number}:\n  - {x[:200]}\n  + {y[:200]}"
    return f"one output ends first ({len(a)} vs {len(b)} characters)"


def main(argv: list[str] | None = None) -> int:
    """Compare the outputs; exit 1 when any file differs, 2 when a render failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--against",
        default="main",
        help="git revision, or a checked-out tree, to compare with (main)",
    )
    parser.add_argument("--format", choices=("json", "jsonl"), default="json")
    parser.add_argument("--copies", type=int, default=200, help="copies in the long pages (200)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="extract-identity-") as tmp:
        work = Path(tmp)
        (work / "long").mkdir()
        write_long_pages(work / "long", args.copies)
        paths = articles(work / "long")
        if Path(args.against).is_dir():  # a tree already checked out (read only)
            render(Path(args.against), paths, work / "before", args.format)
        else:
            subprocess.run(
                ["git", "worktree", "add", "--quiet", "--detach", str(work / "ref"), args.against],
                cwd=ROOT,
                check=True,
            )
            try:
                render(work / "ref", paths, work / "before", args.format)
            finally:
                subprocess.run(
                    ["git", "worktree", "remove", "--force", str(work / "ref")], cwd=ROOT
                )
        render(ROOT, paths, work / "after", args.format)
        failed = failures(work / "before", paths) + failures(work / "after", paths)
        for line in failed:
            print(line)
        differing = 0
        digest = hashlib.sha256()
        for number, path in enumerate(paths):
            before = (work / "before" / f"{number}.json").read_bytes()
            after = (work / "after" / f"{number}.json").read_bytes()
            digest.update(after)
            if before != after:
                differing += 1
                difference = first_difference(before.decode(errors="replace"), after.decode())
                print(f"DIFFERS {path}: {difference}")
        summary = {
            "articles": len(paths),
            "differing": differing,
            "failed": len(failed),
            "against": args.against,
            "format": args.format,
        }
        print(json.dumps({**summary, "sha256_after": digest.hexdigest()}))
    if failed:
        return 2  # a render that failed proves nothing, even when both sides failed alike
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
