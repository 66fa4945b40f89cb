"""The literal text a pattern's every match holds, and the patterns a text lets through."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.certainty import sense_rules
from claims.furniture import _patterns
from claims.literals import FOLDS, Finder, Gated, needed


@pytest.mark.parametrize(
    ("pattern", "need"),
    [
        ("(?:abcd|abce)x", {"abc"}),  # the parser keeps a shared beginning once
        ("foo(bar|baz)+", {"foo"}),
        ("(?:in|at) the (?:start|end)", {" the "}),
        (r"\b(?:photo|image)\s*:", {"photo", "image"}),
        ("a?bcd", {"bcd"}),
        ("xyz(?:abcd)*", {"xyz"}),  # a part repeated no time needs nothing
        ("ab(?:cd)?", None),  # two letters: in nearly every text, not worth finding
        ("(?:photo|[ab]+)", None),  # a branch without literal text
        ("(?=photo)", None),  # what a look-ahead reads is not consumed
        (r"\d+\s", None),
        ("Photo(?-i:Credit)", {"credit"}),  # in lower case; a group is a run of its own
    ],
)
def test_needed_is_the_literal_text_every_match_holds(pattern: str, need: set[str] | None) -> None:
    assert needed(pattern, re.IGNORECASE) == (None if need is None else frozenset(need))


def test_candidates_are_the_patterns_a_text_may_match_in_their_order() -> None:
    gated = Gated(
        [
            ("photo", r"photo\s*:", needed(r"photo\s*:")),
            ("any", r"\d+\s", None),
            ("credit", r"(?:photo|image) credit", needed("(?:photo|image) credit")),
            ("image", "image", needed("image")),
        ],
        re.IGNORECASE,
    )
    assert [label for label, _ in gated.candidates("An image credit")] == [
        "any",
        "credit",
        "image",
    ]
    assert [label for label, _ in gated.candidates("Photo credit")] == ["photo", "any", "credit"]
    assert [label for label, _ in gated.candidates("nothing")] == ["any"]


def test_a_text_with_a_character_folding_to_ascii_lets_every_pattern_through() -> None:
    gated = Gated([("k", "kelvin", needed("kelvin"))], re.IGNORECASE)
    assert [label for label, _ in gated.candidates("in \u212aelvin")] == ["k"]
    assert re.fullmatch("kelvin", "\u212aelvin", re.IGNORECASE)  # why it must
    assert [label for label, _ in gated.candidates("in degrees")] == []
    assert Finder([]).present("anything") == set()


def _conditions() -> list[str]:
    """Return every pattern gated by its need: the sense rules' conditions and the furniture
    lines'."""
    found = [c[0].pattern for r in sense_rules() for c in (r.before, r.after) if c is not None]
    return found + [pattern.pattern for _, _, pattern in _patterns().patterns]


_PIECES = sorted(
    {s for p in _conditions() for s in needed(p, re.IGNORECASE) or ()}
    | {" ", "-", ".", ",", "A", "The", "\u017f", "\u0130", "1999", "Photo", "by", "may"}
)


@given(st.lists(st.sampled_from(_PIECES), max_size=12))
@settings(max_examples=300, deadline=None)
def test_a_pattern_skipped_for_a_text_finds_nothing_in_it(pieces: list[str]) -> None:
    text = "".join(pieces)
    finder = Finder(_PIECES)
    present = finder.present(text)
    for pattern in _conditions():
        need = needed(pattern, re.IGNORECASE)
        if need is None or re.search(pattern, text, re.IGNORECASE) is None:
            continue
        assert present is None or not need.isdisjoint(present), (pattern, text)
        assert FOLDS.search(text) or any(s in text.lower() for s in need), (pattern, text)
