"""The literal text every match of a regular expression holds: a substring test that skips the
pattern where it cannot match.

``needed`` reads a pattern's parse tree: a run of literal characters in a sequence must be in
the text; so must one of the branches' needs of an alternation (when each has one), and the
need of a group or of a part repeated at least once. Only printable ASCII counts, compared in
lower case, so a case-insensitive pattern's need holds as well; a text holding a character
that a case-insensitive pattern matches to an ASCII letter without being one (``FOLDS``) is
never skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any, Generic, TypeVar

import ahocorasick

T = TypeVar("T")

#: The characters outside ASCII that a case-insensitive pattern matches to an ASCII letter
#: (İ ı ſ K; tests/test_certainty.py checks the list).
FOLDS = re.compile("[\u0130\u0131\u017f\u212a]")

_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


#: Strings shorter than this are in nearly every text ("a", "s", ","): a need of one is not
#: worth finding (each occurrence costs a step of ``Finder.present``).
_SHORTEST = 3


def needed(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Return lower-case strings one of which every match of ``pattern`` holds, or None when
    no such set of strings of at least three characters is known. Of the choices, the one
    whose shortest string is longest."""
    found = _of_sequence(_parser.parse(pattern, flags))
    if found is None or min(map(len, found)) < _SHORTEST:
        return None
    return frozenset(found)


class Finder:
    """Which of some lower-case strings a text holds, all found in one pass (Aho-Corasick)."""

    def __init__(self, strings: Iterable[str]) -> None:
        self._automaton = ahocorasick.Automaton()
        for string in strings:
            self._automaton.add_word(string, string)
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()

    def present(self, text: str) -> set[str] | None:
        """Return the strings ``text`` holds in lower case, or None when any pattern may match
        it (a character of ``FOLDS`` in it)."""
        if FOLDS.search(text) is not None:
            return None
        return self.holds(text.lower())

    def holds(self, lowered: str) -> set[str]:
        """Return the strings a lower-cased text holds."""
        if self._empty:
            return set()
        return {string for _, string in self._automaton.iter(lowered)}


class Gated(Generic[T]):
    """Patterns, each with a label, in order; ``candidates`` gives those a text may match."""

    def __init__(
        self, patterns: Iterable[tuple[T, str, frozenset[str] | None]], flags: int = 0
    ) -> None:
        """``patterns``: each with its label and its need (``needed``, found by the caller)."""
        self.patterns = [(label, need, re.compile(p, flags)) for label, p, need in patterns]
        self._finder = Finder({s for _, need, _ in self.patterns for s in need or ()})
        #: the patterns that need nothing, and those each string lets in (by their places)
        self._always = frozenset(i for i, (_, need, _) in enumerate(self.patterns) if need is None)
        self._by_string: dict[str, list[int]] = {}
        for i, (_, need, _) in enumerate(self.patterns):
            for string in need or ():
                self._by_string.setdefault(string, []).append(i)

    def candidates(self, text: str) -> Iterator[tuple[T, re.Pattern[str]]]:
        """Yield the patterns, in order, that may match in ``text`` (with their labels): those
        the strings ``text`` holds let in, gathered from an index rather than each pattern's
        need tested in turn."""
        present = self._finder.present(text)
        if present is None:
            places: Iterable[int] = range(len(self.patterns))
        else:
            found = set(self._always)
            for string in present:
                found.update(self._by_string[string])
            places = sorted(found)
        patterns = self.patterns
        for i in places:
            label, _, pattern = patterns[i]
            yield label, pattern


def _of_sequence(items: Any) -> set[str] | None:
    choices: list[set[str]] = []
    run: list[str] = []
    for op, av in items:
        if op is sre.LITERAL and 0x20 <= av < 0x7F:
            run.append(chr(av).lower())
            continue
        if run:
            choices.append({"".join(run)})
            run = []
        inner = _of_item(op, av)
        if inner is not None:
            choices.append(inner)
    if run:
        choices.append({"".join(run)})
    return max(choices, key=lambda c: min(map(len, c))) if choices else None


def _of_item(op: Any, av: Any) -> set[str] | None:
    if op is sre.SUBPATTERN:
        return _of_sequence(av[3])
    if op is sre.ATOMIC_GROUP:
        return _of_sequence(av)
    if op in _REPEATS:
        return _of_sequence(av[2]) if av[0] >= 1 else None
    if op is sre.BRANCH:
        branches = [_of_sequence(b) for b in av[1]]
        if any(b is None for b in branches):
            return None
        return set().union(*branches)  # type: ignore[arg-type]
    return None
