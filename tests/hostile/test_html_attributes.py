"""A start tag of very many attributes: libxml2 compares each with every one before it (100,000
on one ``<p>`` took 15 s), so a tag is cut to its first 256 before lxml reads the page."""

from __future__ import annotations

import lxml.html
import pytest

from claims.html_attributes import MOST_ATTRIBUTES, few_attributes
from claims.reading import read_text

CLAIM = "Green tea improves memory in adults."


def many(count: int, first: str = "") -> str:
    """A page whose first paragraph's tag holds ``first`` then ``count`` distinct attributes,
    over several lines, and a second paragraph below it."""
    attributes = "\n".join(f'a{n}="v"' for n in range(count))
    return f'<html><body><p {first} {attributes}>{CLAIM}</p>\n<p id="next">Tea.</p></body></html>'


@pytest.mark.parametrize("first", ["", 'title="<b>"', "title='x > y'"])
def test_a_tag_of_many_attributes_reaches_lxml_with_the_first_256(first: str) -> None:
    page = many(10_000, first)
    tree = lxml.html.document_fromstring(few_attributes(page))
    paragraph, following = tree.iter("p")
    assert len(paragraph.attrib) == MOST_ATTRIBUTES
    assert paragraph.text == CLAIM
    assert following.sourceline == page[: page.index('<p id="next"')].count("\n") + 1


def test_a_page_of_ordinary_tags_is_left_as_it_is() -> None:
    page = many(MOST_ATTRIBUTES - 1) + '<img src="data:image/png;base64,' + "A" * 100_000 + '">'
    assert few_attributes(page) is page


def test_the_claim_in_a_tag_of_100000_attributes_is_read() -> None:
    document = read_text(many(100_000), "page.html", "html")
    assert CLAIM in document.text
