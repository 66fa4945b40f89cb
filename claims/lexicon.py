"""Lexicon data files (``claims/lexicons/*``): one entry a line, ``#`` starts a comment."""

from __future__ import annotations

import re
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
    return "|".join(sorted((re.escape(w) for w in words(name)), key=len, reverse=True))


class Triggers:
    """The words a lexicon's cues need, by the word a match starts with: a cheap test that
    skips a start word when no cue beginning there can match the sentence.

    ``needs[word]`` is the union of the trigger words of every cue (those that yield nothing
    included, since a match of one hides the cues it overlaps) that can start at ``word``:
    each cue holds one of its trigger words as a whole word wherever it matches. None means a
    cue starting there has no such set, so the word is always tried.
    """

    __slots__ = ("needs",)

    def __init__(self, needs: dict[str, frozenset[str] | None]) -> None:
        self.needs = needs

    def possible(self, heads: frozenset[str], vocabulary: frozenset[str]) -> frozenset[str]:
        """Return the start words of ``heads`` where a cue can match a sentence of these
        distinct words (lower-case letters)."""
        needs = self.needs
        return frozenset(
            head
            for head in heads
            if (need := needs[head]) is None or not need.isdisjoint(vocabulary)
        )


_NEXT_WORD = re.compile(r"[^a-z]*([a-z]+)")


def occurrences(lowered: str, words: frozenset[str]) -> list[tuple[int, str]]:
    """Return where each of ``words`` (lower-case letters) is a whole word of lower-cased text
    (a run of letters a-z), as (offset, word) in the order of the text."""
    found = [
        (at, word)
        for word in words
        for m in _word_ending(word).finditer(lowered)
        if (at := m.start()) == 0 or not "a" <= lowered[at - 1] <= "z"
    ]
    if len(words) > 1:
        found.sort()
    return found


@cache
def _word_ending(word: str) -> re.Pattern[str]:
    # One pattern per word, not per set of words: the sets a corpus asks for are thousands.
    # No look-behind before the word: a pattern that opens with its word is searched for as a
    # literal, twice as fast; a match inside a longer word ("this") is dropped after, and
    # hides no whole word, since every offset inside it follows a letter.
    return re.compile(rf"{re.escape(word)}(?![a-z])")


def next_word(lowered: str, at: int) -> str | None:
    """Return the word (run of letters a-z) of lower-cased text after offset ``at``, if any."""
    found = _NEXT_WORD.match(lowered, at)
    return found.group(1) if found else None
