"""The HTML report isolates article text: a bidi control an article leaves open (U+202E
RIGHT-TO-LEFT OVERRIDE, say) reorders nothing of the page around it, in a real browser.

Each article text is escaped inside ``<bdi>``, whose end closes what the text opened. The same
page with the ``<bdi>`` taken out shows the browser does reorder, so the check can fail.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.audit.article import AuditResult, audit_path
from kb.report.to_html import audit_page
from tests.browser import open_page

RLO = "\u202e"
ARTICLE = (
    f"# Walking {RLO}guides\n\n"
    f"Daily walking {RLO}lowers blood pressure in adults [1]. Alpha beta gamma follow here.\n\n"
    "## References\n\n"
    f"1. Walker A. {RLO}Walking trial. J Walk. 2019. doi:10.1000/walk.1\n"
)
#: Where a word is drawn: the left edge of its first box, or null when it is not in the page.
WORD_LEFT = """([selector, word]) => {
  for (const element of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.data.indexOf(word);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + word.length);
      return range.getBoundingClientRect().left;
    }
  }
  return null;
}"""
#: Pairs of words of the page's own text, or an article's, that follow an open override:
#: each first word is drawn left of the second in a left-to-right page.
IN_ORDER = [
    ("main .text", "Alpha", "gamma"),  # the next sentence of the article
    ("main .sources li", "trial", "DOI"),  # the page's link after the entry's text
]


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> AuditResult:
    path = tmp_path_factory.mktemp("bidi-report") / "walking.md"
    path.write_text(ARTICLE, encoding="utf-8")
    return audit_path(path)


def _order(browser: object, html: str, path: Path) -> dict[str, bool]:
    path.write_text(html, encoding="utf-8")
    page, errors = open_page(browser, path)
    try:
        found = {}
        for selector, first, second in IN_ORDER:
            left = page.evaluate(WORD_LEFT, [selector, first])
            right = page.evaluate(WORD_LEFT, [selector, second])
            assert left is not None and right is not None, (selector, first, second)
            found[f"{first} before {second}"] = left < right
        assert errors == []
        return found
    finally:
        page.close()


def test_an_open_override_in_an_article_reorders_nothing_around_it(
    browser: object, audited: AuditResult, tmp_path: Path
) -> None:
    page = audit_page([audited])
    assert all(_order(browser, page, tmp_path / "isolated.html").values())
    bare = page.replace("<bdi>", "").replace("</bdi>", "")
    assert not any(_order(browser, bare, tmp_path / "bare.html").values())


def test_every_article_text_of_the_page_is_isolated(audited: AuditResult) -> None:
    """Each override of the article sits inside a <bdi> (in <title>, between FSI and PDI)."""
    page = audit_page([audited])
    head, body = page.split("</title>", 1)
    title = head.split("<title>", 1)[1]
    assert title == f"\u2068Walking {RLO}guides\u2069 · claimkb audit"
    outside = [part.split("</bdi>", 1)[-1] for part in body.split("<bdi>")]
    assert RLO in body
    assert not any(RLO in text for text in outside), "an override outside <bdi>"
