"""The data files of ``sources/cues/``, each read once: its lines, and its named rows.

A line starting with ``#`` is a comment; blank lines are skipped. A file of named rows holds
``name<TAB>REGEX`` lines: the rows of one name, in order, are that name's alternatives. Rows
that list plain words (``a|an|the``) may be read as those words, for code that needs each word
on its own (a set, or one look-behind per word: Python's look-behinds are of fixed width).
"""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def cue_lines(name: str) -> tuple[str, ...]:
    """Return the lines of ``sources/cues/{name}``, comments and blank lines left out."""
    text = resources.files("sources").joinpath("cues", name).read_text(encoding="utf-8")
    return tuple(line for line in text.splitlines() if line.strip() and not line.startswith("#"))


@cache
def named_rows(name: str) -> dict[str, tuple[str, ...]]:
    """Return the rows of ``sources/cues/{name}`` by their name (``name<TAB>REGEX`` lines)."""
    rows: dict[str, list[str]] = {}
    for line in cue_lines(name):
        key, regex = line.split("\t", 1)
        rows.setdefault(key, []).append(regex)
    return {key: tuple(regexes) for key, regexes in rows.items()}


def alternatives(name: str, key: str) -> str:
    """Return the rows named ``key`` of ``sources/cues/{name}`` as one alternation (no group)."""
    return "|".join(named_rows(name)[key])


def words(name: str, key: str) -> tuple[str, ...]:
    """Return the words of the rows named ``key`` of ``sources/cues/{name}``, in order: rows
    that list plain words (``a|an|the``), each word one alternative."""
    return tuple(alternatives(name, key).split("|"))
