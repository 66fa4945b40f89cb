"""White space collapsed by string methods is what ``re.sub(r"\\s+", " ", ...)`` gives: the
readers collapse every segment of a page, and ``str.split`` does it at twice the speed."""

from __future__ import annotations

import re
import sys

from hypothesis import given
from hypothesis import strategies as st

from claims.blocktext import collapsed, split_cells
from claims.model import Block, Document

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


def test_a_cell_of_several_sentences_is_cut_and_one_of_a_sentence_kept_as_it_is() -> None:
    """A cell of two sentences becomes two cells; a cell of one sentence stays the same block
    (not a copy of it), and so does a page whose cells each hold one sentence."""
    text = "Dose. Tea may help memory. It was tested twice.\n\nNo change seen."
    one, two, third = Block("cell", 0, 5, row=0), Block("cell", 6, 47, row=0), Block("cell", 49, 64)
    split = split_cells(Document("t", "html", text, (one, two, third)))
    assert [text[b.start : b.end] for b in split.blocks] == [
        "Dose.",
        "Tea may help memory.",
        "It was tested twice.",
        "No change seen.",
    ]
    assert split.blocks[0] is one and split.blocks[3] is third
    assert all(b.kind == "cell" and b.row == 0 for b in split.blocks[1:3])
    unchanged = Document("t", "html", text, (one, third))
    assert split_cells(unchanged) is unchanged
