"""Instructions executed by ``claimkb extract --format json`` from several source trees.

On a machine shared with other work, CPU seconds of one command differ by 10-40% between
runs, more than most single changes gain. The count of instructions the command executes
(valgrind's cachegrind, no cache simulation) hardly moves with the load: this script runs the
command once per tree under it, with this interpreter and the tree first on ``sys.path`` (as
``extract_identity.py`` renders), a fixed hash seed, and prints each tree's count and its
ratio to the first tree's. About 40 times slower than the command itself; needs ``valgrind``.

    uv run --frozen python bench/extract_instructions.py /work/cache/main12 . PAGE...

The count includes start-up. It is not time: an instruction of the regular-expression engine
and one of the interpreter's loop cost about the same, a cache miss costs more.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

_RUN = "import sys; sys.path.insert(0, sys.argv.pop(1)); from kb.cli import main; main()"
_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def instructions(tree: Path, pages: list[str]) -> int:
    """Return the instructions of one ``claimkb extract --format json PAGES`` from ``tree``."""
    argv = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]
    argv += [sys.executable, "-P", "-c", _RUN, str(tree), "extract", "--format", "json", *pages]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    found = _REFS.search(done.stderr.decode(errors="replace"))
    if done.returncode != 0 or found is None:
        raise SystemExit(f"{tree}: the command failed under valgrind (exit {done.returncode})")
    return int(found.group(1).replace(",", ""))


def main(argv: list[str] | None = None) -> int:
    """Print each tree's instruction count and its ratio to the first tree's."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs="+", type=Path, help="source trees, then --pages")
    parser.add_argument("--pages", nargs="+", required=True, help="articles, one command")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("valgrind not found: install it (apt-get install valgrind)", file=sys.stderr)
        return 2
    first = None
    for tree in args.trees:
        count = instructions(tree.resolve(), args.pages)
        first = first or count
        print(f"{tree}: {count / 1e6:,.0f} M instructions, {count / first:.3f} of the first")
    return 0


if __name__ == "__main__":
    sys.exit(main())
