"""Property tests: extraction never raises and its offsets always give the text back.

For any text (random unicode, brackets, citation markers, markup, newlines), in every input
format: sentences come in order without overlapping, ``text[start:end]`` is each sentence, marker
and cue, every marker and cue lies inside its sentence, and lines count the newlines before.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("claims.extract", reason="claims.extract does not exist yet")

from claims import ClaimkbError, article_to_dict, extract_document, extract_text
from claims.model import Article
from claims.reading import read_document

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Pieces real articles are made of, including every marker style and its look-alikes.
FRAGMENTS = (
    "Vitamin D may reduce falls",
    "Studies prove it works",
    "It is not proven",
    "there is no evidence that it helps",
    "Dr. Smith et al. found 2.4 mcg, i.e. enough, vs. 1.5 times",
    "U.S. No. 5 Fig. 2",
    "[1]", "[12]", "[4-6]", "[4–6]", "[13–15, 17]", "[4][5]", "[5], [6]", "[2]–[4]",
    "[1.3.1]", "[1.4.3, 1.4.1]", "[a]", "^12", "¹²", "⁴⁻⁶", "[citation needed]", "[sic]",
    "[edit]", "[lin-3(+)]", "[2019]", "(Smith et al., 2019)", "(Lee & Park 2021; Chen 2020)",
    "https://example.org/a?b[]=1&c[2]=x", "[link](http://x.org/[1])", "`code [3]`",
    ".", ". ", "?", "!", ":", ";", ",", " ", "  ", "\n", "\n\n", "\r\n", "\t", "\u00a0",
    "  • Label: text", "- item", "1. ", "# Heading", "## Sub", "| a | b |", "|---|---|",
    "```\n[1] code\n```", "References", "1. 1", "Skip to content", "5 min read",
    "<p>", "</p>", "<sup>7</sup>", "<h2>Title</h2>", "<script>var a=[1];</script>",
    "<nav>Home</nav>", "<li>", "<table><tr><td>cell [2]</td></tr></table>", "&amp;", "&#91;",
    '"', "'", "(", ")", "[", "]", "{", "}", "<", ">", "*", "_", "\u200b", "\ufeff", "é", "中文",
)  # fmt: skip

texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=40).map("".join),
)


def check_article(article: Article, source: str | None = None) -> None:
    """Assert the offset, order and containment invariants of an extracted article; lines are
    the text's for txt and md, and lines of ``source`` (the markup read) for HTML."""
    text = article.text
    previous_end = 0
    for index, s in enumerate(article.sentences):
        assert s.index == index
        assert 0 <= s.start < s.end <= len(text), (s.start, s.end, len(text))
        assert text[s.start : s.end] == s.text
        assert s.start >= previous_end, f"sentence {s.id} overlaps the one before"
        previous_end = s.end
        if article.format in ("txt", "md"):
            assert s.line == text.count("\n", 0, s.start) + 1
        else:  # a line of the markup read (when known: any line break of it counts)
            assert 1 <= s.line <= (len(source.splitlines()) + 1 if source else s.line)
        for m in s.markers:
            assert s.start <= m.start <= m.end <= s.end, (m, s.start, s.end)
            assert text[m.start : m.end] == m.text
            assert m.keys, f"marker {m.text!r} without keys"
        for cue in (*s.hedges, *s.boosters):
            assert s.start <= cue.start <= cue.end <= s.end, (cue, s.start, s.end)
            assert text[cue.start : cue.end] == cue.text
    json.dumps(article_to_dict(article))


@SETTINGS
@given(texts)
def test_extract_text_never_raises_and_keeps_offsets(text: str) -> None:
    check_article(extract_text(text))


@SETTINGS
@given(texts, st.sampled_from(["md", "html"]))
def test_markdown_and_html_keep_offsets(text: str, fmt: str) -> None:
    try:
        article = extract_text(text, fmt=fmt)
    except ClaimkbError:
        return  # markup with no readable content ("</0") is a clean error, never a traceback
    check_article(article, text)


@SETTINGS
@given(texts, st.sampled_from(["txt", "md", "html"]))
def test_read_document_blocks_lie_in_the_text(text: str, fmt: str) -> None:
    try:
        doc = read_document(text.encode("utf-8"), "-", fmt)
    except ClaimkbError:
        return  # empty or unreadable input is reported as an error, never a traceback
    previous = 0
    for block in doc.blocks:
        assert 0 <= block.start <= block.end <= len(doc.text)
        assert block.start >= previous, "blocks overlap or go backwards"
        previous = block.end
    for m in doc.explicit_markers:
        assert doc.text[m.start : m.end] == m.text
    check_article(extract_document(doc), text)


@SETTINGS
@given(st.binary(max_size=400), st.sampled_from([None, "txt", "md", "html", "jats"]))
def test_any_bytes_read_or_fail_cleanly(data: bytes, fmt: str | None) -> None:
    try:
        doc = read_document(data, "-", fmt)
    except ClaimkbError:
        return
    check_article(extract_document(doc))
