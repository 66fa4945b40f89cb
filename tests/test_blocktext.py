"""White space collapsed by string methods is what ``re.sub(r"\\s+", " ", ...)`` gives: the
readers collapse every segment of a page, and ``str.split`` does it at twice the speed."""

from __future__ import annotations

import re
import sys

from hypothesis import given
from hypothesis import strategies as st

from claims.blocktext import collapsed

_SPACE = re.compile(r"\s+")
# White space of every kind beside letters, so that runs, ends and lone spaces all occur.
_PIECES = st.sampled_from(
    [" ", "  ", "\t", "\n", "\r\n", "\x0b", "\x0c", "\x1c", "\x85", "\xa0", "\u2009", "\u2028",
     "\u3000", "\u200b", "a", "bc", "é", "[1]", "."]
)  # fmt: skip


def test_the_characters_str_split_cuts_at_are_those_backslash_s_matches() -> None:
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        matched = _SPACE.fullmatch(char) is not None
        assert char.isspace() == matched, hex(code)
        assert (len(f"a{char}b".split()) == 2) == matched, hex(code)


@given(st.lists(_PIECES, max_size=12).map("".join))
def test_collapsed_text_is_the_pattern_s_substitution(text: str) -> None:
    assert collapsed(text) == _SPACE.sub(" ", text)
    assert " ".join(text.split()) == _SPACE.sub(" ", text).strip()
