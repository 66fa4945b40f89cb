"""Readers on text nested deep: each finishes without RecursionError and keeps the deep text.

libxml2 keeps 2,048 levels of nesting; the walks below go that deep (a recursive walk failed at
about 400 levels of HTML and 1,000 of JATS) and one goes past it, where the reader warns.
"""

from __future__ import annotations

import pytest

from claims.extract import extract_bytes
from claims.nesting import Walk, run
from claims.reading import read_document

DEEP = 1_900  # under libxml2's 2,048 levels, far over Python's recursion limit per call
CLAIM = "Daily walking lowers blood pressure in older adults."


def _html(inner: str) -> bytes:
    return f"<!DOCTYPE html><html><body><h1>A Page</h1>{inner}</body></html>".encode()


def _texts(data: bytes, source: str) -> list[str]:
    document = read_document(data, source)
    return [document.text[b.start : b.end] for b in document.blocks]


@pytest.mark.parametrize(
    ("opening", "closing"),
    [
        ("<div>", "</div>"),
        ("<blockquote>", "</blockquote>"),
        ("<section><div>", "</div></section>"),
        ("<span>", "</span>"),
        ("<td>", "</td>"),
        ('<a href="#cite_note-1">', "</a>"),
    ],
)
def test_html_nested_deep_keeps_the_text(opening: str, closing: str) -> None:
    depth = DEEP // opening.count("<")
    page = _html(opening * depth + f"<p>{CLAIM}</p>" + closing * depth)
    assert CLAIM in _texts(page, "deep.html")


def test_html_page_chrome_nested_deep_around_a_long_text() -> None:
    depth = DEEP
    long_text = " ".join([CLAIM] * 100)  # past the length under which chrome is dropped
    page = _html('<div class="sidebar-widget">' * depth + f"<p>{long_text}</p>" + "</div>" * depth)
    assert long_text in _texts(page, "chrome.html")


def test_html_nested_lists_keep_the_deepest_item() -> None:
    depth = DEEP // 2
    page = _html("<ul><li>" * depth + CLAIM + "</li></ul>" * depth)
    assert _texts(page, "lists.html")[-1] == CLAIM


def test_html_nested_past_the_parser_limit_warns() -> None:
    depth = 3_000
    page = _html(f"<p>{CLAIM}</p>" + "<div>" * depth + "Lost." + "</div>" * depth)
    document = read_document(page, "deeper.html")
    assert CLAIM in document.text
    assert any("nested more than 2,048 deep" in w for w in document.warnings)


def _jats(body: str) -> bytes:
    return (
        '<article dtd-version="1.2"><front><article-meta><title-group><article-title>A Page'
        f"</article-title></title-group></article-meta></front><body>{body}</body></article>"
    ).encode()


def test_jats_sections_nested_deep() -> None:
    depth = DEEP - 10
    body = "<sec><title>Part</title>" * depth + f"<p>{CLAIM}</p>" + "</sec>" * depth
    texts = _texts(_jats(body), "deep.xml")
    assert texts[-1] == CLAIM
    assert texts.count("Part") == depth


@pytest.mark.parametrize("tag", ["italic", "disp-quote", "list-item", "ref-list"])
def test_jats_inline_and_block_elements_nested_deep(tag: str) -> None:
    depth = DEEP - 10
    body = "<p>" + f"<{tag}>" * depth + CLAIM + f"</{tag}>" * depth + "</p>"
    assert CLAIM in " ".join(_texts(_jats(body), "deep.xml"))


def test_markdown_quotes_and_lists_nested_deep() -> None:
    items = "\n".join("  " * level + "- " + CLAIM for level in range(1_000))
    text = "# A Page\n\n" + ">" * 50_000 + " " + CLAIM + "\n\n" + items + "\n"
    article = extract_bytes(text.encode(), "deep.md")
    assert [s.text for s in article.sentences].count(CLAIM) == 1 + 1_000


def test_run_finishes_each_nested_walk_before_its_parent_goes_on() -> None:
    order: list[str] = []

    def walk(depth: int) -> Walk:
        order.append(f"in {depth}")
        if depth:
            yield walk(depth - 1)
        order.append(f"out {depth}")

    run(walk(20_000))
    assert order[:2] == ["in 20000", "in 19999"] and order[-2:] == ["out 19999", "out 20000"]
    assert order[20_000:20_002] == ["in 0", "out 0"]
    assert len(order) == 40_002


def test_a_page_whose_only_text_is_past_the_depth_limit_says_so() -> None:
    """Its text left out, it has none: the error named "a page built by JavaScript?"."""
    from claims.errors import ArticleUnreadable

    page = b"<p>" + b"<b><i>" * 3_000 + b"Walking lowers blood pressure." + b"</i></b>" * 3_000
    with pytest.raises(ArticleUnreadable, match="nested more than 2,048 deep") as raised:
        extract_bytes(page + b"</p>", "deep.html")
    assert "JavaScript" not in str(raised.value)
