"""Every regular expression the readers compile, found automatically, and a structural check
of each for backtracking that grows faster than its input.

``compiled_patterns()`` records each pattern compiled by code in ``claims`` or ``sources``
(``re.compile``, ``re.search(str, ...)``...): it imports every module of both packages and
reads the patterns each holds at its top level, calls every cached function that takes no
argument (the patterns built from lexicons), and reads a small article in each format whose
words are every lexicon's (the patterns compiled for a cue word when it is first seen).
A new pattern cannot escape it.

``backtracking_risks(pattern, flags)`` reads the parsed pattern (``re._parser``) and names each
place where Python's backtracking engine can do more than linear work on some input:

* a repeat inside an unbounded repeat, when the inner one is not possessive or atomic
  (``(a+)+``, ``(\\s*x?)*``): each way to split a run between them is tried;
* two unbounded repeats over characters in common with only optional items between them
  (``\\s*,?\\s*``): a run is split between them every way before the match fails;
* an unbounded repeat that a match can start inside (its characters can also be the first a
  match consumes, and the items before it can all match them), not possessive and followed by
  something required: a search tries each start in a run, and each rescans the run.

Possessive repeats (``*+``), atomic groups (``(?>...)``) and a lookbehind that refuses the
repeat's characters before the match (``(?<!\\s)\\s+``) are what make such places linear.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from re import _constants as C
from re import _parser as P
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("claims", "sources")
#: Modules that compile patterns on a caller's behalf (``claims.literals.Gated``): a pattern is
#: the caller's, so the checks' allowances by origin hold for it.
_RE_MODULES = frozenset(
    {"re", "re._compiler", "re._parser", "functools", "claims.literals", __name__}
)


def compiled_patterns() -> dict[tuple[str, int], str]:
    """Return every (pattern, flags) compiled by ``claims`` and ``sources``: where, by module
    and line, it was first compiled."""
    found: dict[tuple[str, int], str] = {}
    original = re._compile  # type: ignore[attr-defined]

    def recording(pattern: Any, flags: Any) -> Any:
        frame = sys._getframe(1)
        while frame is not None and frame.f_globals.get("__name__") in _RE_MODULES:
            frame = frame.f_back
        module = frame.f_globals.get("__name__", "") if frame is not None else ""
        if isinstance(pattern, str) and module.split(".")[0] in PACKAGES:
            line = frame.f_lineno  # type: ignore[union-attr]
            found.setdefault((pattern, int(flags) & ~re.UNICODE), f"{module}:{line}")
        return original(pattern, flags)

    re._compile = recording  # type: ignore[attr-defined]
    re.purge()  # patterns compiled before are compiled again, and seen
    try:
        for module in _modules():
            _held(module, found)
            _call_cached(module)
        _read_articles()
    finally:
        re._compile = original  # type: ignore[attr-defined]
    return found


def _modules() -> Iterator[Any]:
    for name in PACKAGES:
        package = importlib.import_module(name)
        yield package
        for info in pkgutil.walk_packages(package.__path__, f"{name}."):
            yield importlib.import_module(info.name)


def _held(module: Any, found: dict[tuple[str, int], str]) -> None:
    """Add the patterns ``module`` holds at its top level, alone or in a container (compiled
    when it was imported, maybe before the recording began)."""
    for name, value in vars(module).items():
        if isinstance(value, dict):
            values = list(value.values())
        elif isinstance(value, (list, tuple, frozenset, set)):
            values = list(value)
        else:
            values = [value]
        for held in values:
            if isinstance(held, re.Pattern) and isinstance(held.pattern, str):
                found[held.pattern, held.flags & ~re.UNICODE] = f"{module.__name__}.{name}"


def _call_cached(module: Any) -> None:
    """Call each cached function of ``module`` that needs no argument."""
    for value in vars(module).values():
        if callable(value) and hasattr(value, "cache_clear") and hasattr(value, "__wrapped__"):
            try:
                needs = [
                    p
                    for p in inspect.signature(value).parameters.values()
                    if p.default is p.empty
                    and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
                ]
            except (TypeError, ValueError):
                continue
            if not needs:
                value.cache_clear()
                value()


def _lexicon_words() -> list[str]:
    words: set[str] = set()
    for folder in (ROOT / "claims" / "lexicons", ROOT / "sources" / "cues"):
        for path in folder.iterdir():
            if path.suffix in (".tsv", ".txt"):
                words.update(re.findall(r"[A-Za-z][A-Za-z'-]+", path.read_text(encoding="utf-8")))
    return sorted(words)


def _read_articles() -> None:
    """Read one small article per format, made of every lexicon word, with markers, a table
    and references, so each reader's and each cue's patterns are compiled."""
    from claims.extract import extract_bytes

    words = _lexicon_words()
    sentences = [
        " ".join(words[i : i + 12]).capitalize() + " [1]." for i in range(0, len(words), 12)
    ]
    prose = " ".join(sentences)
    references = "1. Lee A, Park B. Walking and sleep. J Trials. 2019;3:1-9. doi:10.1/x"
    table = "| a | b |\n|---|---|\n| 1 | 2 |"
    articles = {
        "a.txt": f"A Page\n\n{prose} (Lee 2019).\n\nReferences\n\n{references}\n",
        "a.md": f"# A Page\n\n{prose}[^1] [x](y)\n\n{table}\n\n## References\n\n{references}\n",
        "a.html": (
            f"<html><head><title>A Page</title></head><body><h1>A Page</h1><p>{prose}"
            '<sup><a href="#cite_note-1">[1]</a></sup></p><h2>References</h2>'
            f'<ol class="references"><li id="cite_note-1">{references}</li></ol></body></html>'
        ),
        "a.xml": (
            '<article dtd-version="1.2"><front><article-meta><title-group><article-title>'
            "A Page</article-title></title-group></article-meta></front><body><p>"
            f'{prose}<xref ref-type="bibr" rid="r1">1</xref></p></body><back><ref-list>'
            f'<ref id="r1"><mixed-citation>{references}</mixed-citation></ref></ref-list></back>'
            "</article>"
        ),
    }
    for name, text in articles.items():
        extract_bytes(text.encode(), name)


def matched_in_place(origin: str) -> bool:
    """Tell whether the pattern of ``origin`` (``module.NAME``) is only ever used anchored at one
    place (``NAME.match(...)``, ``NAME.fullmatch(...)``) in ``claims`` and ``sources``: a search
    never restarts it inside a run. A pattern used any other way, or passed on, is searched."""
    module, _, name = origin.rpartition(".")
    if not name.isidentifier() or not module:
        return False
    uses = re.compile(rf"\b{re.escape(name)}\b(?!\s*=[^=])(\.(?:match|fullmatch)\()?")
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            here = ".".join(path.relative_to(ROOT).with_suffix("").parts) == module
            importing = here or f"from {module} import" in text  # the module, or one importing it
            if importing and any(use.group(1) is None for use in uses.finditer(text)):
                return False
    return True


# -- the structural check --------------------------------------------------------------------

_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT)
#: The characters sets are tested on: ASCII, and a few a page is full of.
_ALL = frozenset(range(0x80)) | {0xA0, 0xB9, 0x2009, 0x2013, 0x2019, 0x201C}
_LOOKAROUND = (C.AT, C.ASSERT, C.ASSERT_NOT)


def backtracking_risks(pattern: str, flags: int = 0, searched: bool = True) -> list[str]:
    """Return a line for each place of ``pattern`` where backtracking can grow faster than the
    input (see the module's docstring); none when every place is linear. ``searched=False``
    leaves out the starts a search tries (a pattern only ever matched at one place)."""
    risks: list[str] = []
    tree = list(P.parse(pattern, flags))
    for sequence in _sequences(tree):
        _adjacent(sequence, risks)
    for body in _unbounded_bodies(tree):
        flat = _flat(body)
        before = len(risks)
        _adjacent(flat + flat, risks)  # one pass of the repeat, then the next
        if len(risks) > before:
            risks[before:] = ["a run split between two passes of an unbounded repeat"]
    for sequence in _branches(tree) if searched else ():
        _restartable(sequence, flags, risks)
    return list(dict.fromkeys(risks))


def _flat(items: list[Any]) -> list[Any]:
    """Return ``items`` with each group of one branch opened in place."""
    flat: list[Any] = []
    for op, av in items:
        if op is C.SUBPATTERN:
            flat += _flat(list(av[-1]))
        elif op is C.BRANCH and len(av[1]) == 1:
            flat += _flat(list(av[1][0]))
        else:
            flat.append((op, av))
    return flat


def _branches(items: list[Any]) -> list[list[Any]]:
    """Return the sequences a match of ``items`` can start with: a leading alternation's
    branches, each followed by the rest."""
    flat = _flat(items)
    if flat and flat[0][0] is C.BRANCH:
        rest = flat[1:]
        return [seq + rest for branch in flat[0][1][1] for seq in _branches(list(branch))]
    return [flat]


def _sequences(items: list[Any]) -> list[list[Any]]:
    """Return every sequence of items in the pattern (flattened), the top one first."""
    found = [_flat(items)]
    for op, av in _walk(items):
        if op is C.BRANCH:
            found += [_flat(list(b)) for b in av[1]]
        elif op in _REPEATS:
            found.append(_flat(list(av[2])))
    return found


def _walk(items: list[Any]) -> Iterator[tuple[Any, Any]]:
    """Yield every item of the pattern, not looking into possessive or atomic parts."""
    for op, av in items:
        yield op, av
        if op is C.SUBPATTERN:
            yield from _walk(list(av[-1]))
        elif op is C.BRANCH:
            for branch in av[1]:
                yield from _walk(list(branch))
        elif op in _REPEATS:
            yield from _walk(list(av[2]))
        elif op in (C.ASSERT, C.ASSERT_NOT):
            yield from _walk(list(av[1]))


def _unbounded_bodies(items: list[Any]) -> list[list[Any]]:
    return [list(av[2]) for op, av in _walk(items) if op in _REPEATS and av[1] == C.MAXREPEAT]


def _adjacent(sequence: list[Any], risks: list[str]) -> None:
    """Find two unbounded repeats of one character class over common characters, with only
    items between that can match those characters too: a run of them is split between the
    two every way before the match fails (``\\s*,?\\s*``, ``[^"]*\\w[^"]*``)."""
    open_repeats: list[frozenset[int]] = []  # each open repeat's characters still shared
    for op, av in sequence:
        if op in _LOOKAROUND:
            continue
        chars = _chars([(op, av)])
        if _single_repeat(op, av) and av[1] == C.MAXREPEAT:
            for shared in open_repeats:
                if common := shared & chars:
                    risks.append(f"two unbounded repeats split a run of {_shown(common)}")
        if not _optional([(op, av)]):
            run = _run_chars([(op, av)])
            open_repeats = [shared & run for shared in open_repeats]
            open_repeats = [shared for shared in open_repeats if shared]
        if _single_repeat(op, av) and av[1] == C.MAXREPEAT:
            open_repeats.append(chars)


def _run_chars(items: list[Any]) -> frozenset[int]:
    """Return the tested characters ``c`` such that ``items`` can match a run of ``c`` alone."""
    found = _ALL
    for op, av in items:
        if op in _LOOKAROUND:
            continue
        if op is C.SUBPATTERN:
            chars = _run_chars(list(av[-1]))
        elif op is C.BRANCH:
            chars = frozenset().union(*(_run_chars(list(b)) for b in av[1]))
        elif op in (*_REPEATS, C.POSSESSIVE_REPEAT):
            chars = _run_chars(list(av[2])) if av[0] else _ALL
        else:
            chars = _first(op, av)
        found = found & chars
    return found


def _single_repeat(op: Any, av: Any) -> bool:
    """Tell whether an item repeats one character class a varying number of times."""
    return (
        op in _REPEATS
        and av[0] != av[1]
        and len(av[2]) == 1
        and av[2][0][0] in (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN)
    )


def _restartable(sequence: list[Any], flags: int, risks: list[str]) -> None:
    """Find an unbounded repeat a search can start inside: every item before it can match the
    characters it repeats, and something required follows it."""
    shared = _ALL
    for index, (op, av) in enumerate(sequence):
        if op is C.AT:
            if av is C.AT_BEGINNING_STRING or (av is C.AT_BEGINNING and not flags & re.MULTILINE):
                return  # one start only
            if av is C.AT_BEGINNING:
                shared = shared & {10}  # starts at a line's start
            elif av in (C.AT_BOUNDARY, C.AT_UNI_BOUNDARY) and index == 0:
                return  # a run of one character holds no boundary to start at
            continue
        if op is C.ASSERT_NOT and av[0] == -1:  # (?<!...) refuses what it matches before
            shared = shared - _chars(list(av[1]))
            continue
        if op is C.ASSERT and av[0] == -1:  # (?<=...): inside a run, it sees the run
            shared = shared & _run_chars(list(av[1]))
            continue
        if op in (C.ASSERT, C.ASSERT_NOT):
            continue
        if op in (*_REPEATS, C.POSSESSIVE_REPEAT) and av[1] == C.MAXREPEAT:
            common = shared & _run_chars(list(av[2]))
            if common and not _optional(sequence[index + 1 :]):
                risks.append(f"a search can start inside a run of {_shown(common)}")
                return
        chars = _chars([(op, av)])
        if not _optional([(op, av)]):
            shared = shared & chars
        if not shared:
            return


def _optional(items: list[Any]) -> bool:
    try:
        return not items or P.SubPattern(P.State(), items).getwidth()[0] == 0
    except IndexError:  # a back reference, whose group is outside ``items``
        return False


def _chars(items: list[Any]) -> frozenset[int]:
    """Return the tested characters a match of ``items`` can begin with."""
    found: set[int] = set()
    for op, av in items:
        if op in _LOOKAROUND:
            continue
        found |= _first(op, av)
        if not _optional([(op, av)]):
            break
    return frozenset(found)


def _first(op: Any, av: Any) -> frozenset[int]:
    if op is C.LITERAL:
        return frozenset({av})
    if op in (C.LITERAL_IGNORE, C.LITERAL_UNI_IGNORE, C.LITERAL_LOC_IGNORE):
        return frozenset({ord(chr(av).lower()), ord(chr(av).upper())})
    if op is C.NOT_LITERAL:
        return _ALL - {av}
    if op is C.ANY:
        return _ALL - {10}
    if op is C.IN:
        return _set_chars(tuple(av))
    if op in _REPEATS or op is C.POSSESSIVE_REPEAT:
        return _chars(list(av[2]))
    if op is C.SUBPATTERN:
        return _chars(list(av[-1]))
    if op is C.ATOMIC_GROUP:
        return _chars(list(av))
    if op is C.BRANCH:
        return frozenset().union(*(_chars(list(b)) for b in av[1]))
    return frozenset()


@cache
def _set_chars(items: tuple[Any, ...]) -> frozenset[int]:
    """Return the tested characters a character set (``[...]``) matches."""
    return frozenset(c for c in _ALL if _in_set(items, c))


def _in_set(items: Any, char: int) -> bool:
    negate = False
    hit = False
    for op, av in items:
        if op is C.NEGATE:
            negate = True
        elif op is C.LITERAL:
            hit |= av == char
        elif op is C.RANGE:
            hit |= av[0] <= char <= av[1]
        elif op is C.CATEGORY:
            hit |= _in_category(av, chr(char))
    return hit != negate


def _word(char: str) -> bool:
    return char.isalnum() or char == "_"


_CATEGORIES: dict[Any, tuple[Any, bool]] = {
    C.CATEGORY_DIGIT: (str.isdecimal, True),
    C.CATEGORY_NOT_DIGIT: (str.isdecimal, False),
    C.CATEGORY_SPACE: (str.isspace, True),
    C.CATEGORY_NOT_SPACE: (str.isspace, False),
    C.CATEGORY_WORD: (_word, True),
    C.CATEGORY_NOT_WORD: (_word, False),
}


@cache
def _in_category(category: Any, char: str) -> bool:
    name = str(category).replace("UNI_", "")
    test = next((v for k, v in _CATEGORIES.items() if str(k) == name), None)
    return test is not None and test[0](char) == test[1]


def _shown(chars: frozenset[int]) -> str:
    return repr("".join(chr(c) for c in sorted(chars))[:24])
