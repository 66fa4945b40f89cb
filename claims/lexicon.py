"""Lexicon data files (``claims/lexicons/*``): one entry a line, ``#`` starts a comment."""

from __future__ import annotations

from functools import cache
from importlib.resources import files


@cache
def rows(name: str) -> tuple[tuple[str, ...], ...]:
    """Return the tab-separated rows of lexicon file ``name``, without comments or blank lines."""
    text = files("claims").joinpath("lexicons", name).read_text(encoding="utf-8")
    lines = (line for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return tuple(tuple(field.strip() for field in line.split("\t")) for line in lines)


def words(name: str) -> frozenset[str]:
    """Return the first column of lexicon file ``name`` as a set."""
    return frozenset(row[0] for row in rows(name))


def alternation(name: str) -> str:
    """Return the first column of lexicon file ``name`` as a regex alternation, longest first."""
    import re

    return "|".join(sorted((re.escape(w) for w in words(name)), key=len, reverse=True))
