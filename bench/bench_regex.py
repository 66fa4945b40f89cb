"""Time every regular expression of the readers on pathological runs, at n and 4n characters.

    nice -n 19 uv run --frozen python bench/bench_regex.py [--n 2000] [--all]
        [--origin claims.markdown ...]

The patterns are found automatically (``bench/regex_patterns.py``: every pattern compiled by
``claims`` and ``sources``, those built from lexicons included). Each runs ``finditer`` over
every family: a run of one character (each character the pattern names, and brackets,
parentheses, spaces, dots, digits, letters, pipes, dashes, quotes, separators), a run of two
alternating (each pair of the characters it names, and a few fixed pairs), and a run of blanks
or of its first character after each word it names ("PMID" + blanks), n and 4n long. The
growth ratio is the median CPU time (of 3) at 4n over that at n: near 4 is linear, near 16
quadratic. The script prints the worst family of each pattern whose ratio is over 8 (``--all``:
of every pattern), the median and largest ratio over all patterns, and the structural check's
verdict (``backtracking_risks``) beside each.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from re import _constants as C
from re import _parser as P
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.regex_patterns import backtracking_risks, compiled_patterns, matched_in_place

BASE = "[]() .1aA|-'\",;:\t*_<>^/#`&\u00a0\u00b9\n"
PAIRS = ["a ", "1,", "[1]", ". ", "a.", "A.", "(a", "a-", "|-", "a: ", "A ", "1.", "'s "]


def subpatterns(av: Any) -> Iterator[P.SubPattern]:
    """Yield the subpatterns an opcode's argument holds (a group's, a repeat's, a branch's)."""
    for part in av if isinstance(av, (list, tuple)) else [av]:
        if isinstance(part, P.SubPattern):
            yield part
        elif isinstance(part, (list, tuple)):
            yield from (inner for inner in part if isinstance(inner, P.SubPattern))


def named_chars(pattern: str, flags: int) -> str:
    """Return the characters a pattern names: its literals and one of each set it tests."""
    found: list[str] = []

    def walk(items: Any) -> None:
        for op, av in items:
            if op is C.LITERAL:
                found.append(chr(av))
            elif op in (C.IN, C.IN_IGNORE, C.IN_UNI_IGNORE):
                for sub_op, sub_av in av:
                    if sub_op is C.LITERAL:
                        found.append(chr(sub_av))
                    elif sub_op is C.RANGE:
                        found.append(chr(sub_av[0]))
            else:
                for part in subpatterns(av):
                    walk(part)

    walk(P.parse(pattern, flags))
    return "".join(dict.fromkeys(c for c in found if c.isprintable() or c in "\t\n"))


def words(pattern: str, flags: int) -> list[str]:
    """Return the literal words a pattern names (runs of two or more literals: "PMID", "et")."""
    found: list[str] = []

    def walk(items: Any) -> None:
        word = ""
        for op, av in items:
            if op is C.LITERAL:
                word += chr(av)
                continue
            if len(word) > 1:
                found.append(word)
            word = ""
            for part in subpatterns(av):
                walk(part)
        if len(word) > 1:
            found.append(word)

    walk(P.parse(pattern, flags))
    return list(dict.fromkeys(found))[:4]


def families(pattern: str, flags: int) -> list[tuple[str, str]]:
    """Return (a word the run follows, the unit repeated) for each family of a pattern."""
    named = named_chars(pattern, flags)
    units = list(dict.fromkeys(named + BASE))
    pairs = [a + b for a in named[:6] for b in named[:6] if a != b]
    plain = [("", u) for u in units + list(dict.fromkeys(pairs + PAIRS))]
    return plain + [(w, u) for w in words(pattern, flags) for u in (" ", named[:1] or "a")]


def _time(compiled: re.Pattern[str], text: str) -> float:
    """Return the median CPU time of 3 ``finditer`` runs (CPU: the machine is shared)."""
    runs = []
    for _ in range(3):
        start = time.process_time()
        for _match in compiled.finditer(text):
            pass
        runs.append(time.process_time() - start)
    return statistics.median(runs)


def growth(compiled: re.Pattern[str], word: str, unit: str, n: int) -> tuple[float, float]:
    """Return the times at n and 4n characters of ``unit`` repeated after ``word``, with a word
    either side."""
    small = "Walking " + word + unit * (n // len(unit)) + " helps"
    t_small = _time(compiled, small)
    if t_small > 1.0:
        return t_small, float("inf")
    large = "Walking " + word + unit * (4 * n // len(unit)) + " helps"
    return t_small, _time(compiled, large)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--all", action="store_true", help="print every pattern's worst family")
    parser.add_argument(
        "--origin", action="append", help="only the patterns whose origin starts so (repeatable)"
    )
    args = parser.parse_args()
    patterns = compiled_patterns()
    if args.origin:
        patterns = {k: o for k, o in patterns.items() if o.startswith(tuple(args.origin))}
    print(
        f"# {platform.platform()}, {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, load {os.getloadavg()[0]:.1f}"
    )
    print(
        f"# {len(patterns)} patterns; n = {args.n} characters; ratio = CPU time(4n) / CPU time(n)"
        " (under 5 ms at 4n: 1)"
    )
    ratios: list[float] = []
    flagged = 0
    for (pattern, flags), origin in sorted(patterns.items(), key=lambda p: p[1]):
        compiled = re.compile(pattern, flags)
        worst = (0.0, "", 0.0, 0.0)
        for word, unit in families(pattern, flags):
            t_small, t_large = growth(compiled, word, unit, args.n)
            # below 5 ms at 4n the ratio is the allocator's and the timer's noise
            ratio = t_large / t_small if t_large > 5e-3 and t_small > 0 else 1.0
            if ratio > worst[0]:
                worst = (ratio, word + unit, t_small, t_large)
        ratios.append(worst[0])
        risks = backtracking_risks(pattern, flags, searched=not matched_in_place(origin))
        if worst[0] > 8 or args.all or risks:
            flagged += worst[0] > 8
            shown = pattern if len(pattern) < 70 else pattern[:67] + "..."
            print(
                f"{origin:28} x{worst[0]:6.1f} on {worst[1]!r:8} ({worst[2] * 1e3:.2f} -> "
                f"{worst[3] * 1e3:.2f} ms)  risks: {len(risks)}  {shown!r}",
                flush=True,
            )
    finite = [r for r in ratios if r != float("inf")]
    print(
        f"# {len(ratios)} patterns: median worst ratio {statistics.median(finite):.2f}, largest "
        f"{max(ratios):.1f}; {flagged} over 8"
    )


if __name__ == "__main__":
    main()
