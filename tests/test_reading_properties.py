"""Reading any text in any format: blocks in order, inside the text, never padded with blanks."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from claims.errors import ClaimkbError
from claims.reading import read_document

PIECES = (
    "Title line", "Some claim [1].", "\n", "\n\n", "\t", "  ", "\xa0", "\r\n", "• Label: text",
    "1. ", "[2]", "References", "| a | b |", "|---|", "# H", "```", "---", "<p>", "</p>",
    "<h2>Head</h2>", "<sup>3</sup>", "<li>", "<td>", "<th>", "<time>", "<span class='byline'>",
    "<ol class='references'><li id='cite_note-4'>Entry.</li></ol>", "<!--", "-->", "Photo: x",
    "<article dtd-version='1.1'><front><article-meta><title-group><article-title>T"
    "</article-title></title-group></article-meta></front><body>",
    "<sec><title>S</title>", "</sec>", "<xref ref-type='bibr' rid='r1'>[1]</xref>", "–",
    "<ref-list><ref id='r1'><label>1</label><mixed-citation>A B.</mixed-citation></ref></ref-list>",
    "</body></article>",
)  # fmt: skip

texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(texts, st.sampled_from(["txt", "md", "html", "jats", None]))
def test_blocks_are_ordered_trimmed_and_inside_the_text(text: str, fmt: str | None) -> None:
    try:
        document = read_document(text.encode("utf-8", "surrogatepass"), "-", fmt)
    except ClaimkbError:
        return  # empty, binary or not an article of that format: a clean error
    previous = 0
    for block in document.blocks:
        assert previous <= block.start < block.end <= len(document.text)
        body = document.text[block.start : block.end]
        assert block.kind == "code" or body.strip() == body
        if block.label_end is not None:
            assert block.start < block.label_end <= block.end
        previous = block.end
    for marker in document.explicit_markers:
        assert document.text[marker.start : marker.end] == marker.text
        assert marker.keys
