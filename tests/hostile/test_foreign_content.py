"""SVG, MathML and other markup a page can smuggle script in: none of it reaches the article's
text, and nothing executable reaches the HTML claimkb writes (issue 16, point 4).

The page is written here: a script inside an SVG in the title heading, a mutation-XSS chain
through MathML, an SVG link to ``javascript:``, an iframe's ``srcdoc``, event handlers, and
script text written as text.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from claims.reading import read_document
from kb.cli import main

PAGE = """<html><head><title>Tea <svg onload=alert(1)></title></head><body>
<h1>Tea and memory<svg><script>alert(2)</script><style>h1{}</style></svg></h1>
<p>Green tea improves memory in adults <math><mtext><table><mglyph><style><img src=x
onerror=alert(3)></style></mglyph></table></mtext></math> [1].</p>
<p>Tea <svg><a xlink:href="javascript:alert(4)"><text>click</text></a></svg> cures colds
<iframe srcdoc="&lt;script&gt;alert(5)&lt;/script&gt;"></iframe> [1].</p>
<p>See <a href="javascript:alert(6)">here</a> <img src=x onerror="alert(7)"> and
&lt;script&gt;alert(8)&lt;/script&gt; as text.</p>
<h2>References</h2>
<ol><li id="r1">Lee A. <svg onload=alert(9)>Tea</svg> trial. J Tea. 2020.</li></ol>
</body></html>
"""
PLAIN = """<html><body><h1>Tea and memory</h1><p>Green tea improves memory in adults [1].</p>
<h2>References</h2><ol><li>Lee A. Tea trial. J Tea. 2020.</li></ol></body></html>
"""
#: Elements that run or load something, in the HTML claimkb writes.
ACTIVE = ("script", "svg", "math", "iframe", "img", "object", "embed", "frame", "base", "form")


class _Markup(HTMLParser):
    """The elements and attributes of a page, as a browser's tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(name, value or "") for name, value in attrs]


def markup(html: str) -> _Markup:
    parsed = _Markup()
    parsed.feed(html)
    return parsed


def test_script_in_svg_never_reaches_the_title_or_the_text() -> None:
    document = read_document(PAGE.encode(), "page.html")
    assert document.title == "Tea and memory"
    for shown in ("alert(2)", "h1{}", "alert(3)", "onerror"):
        assert shown not in document.text
    assert "<script>alert(8)</script>" in document.text  # text the page shows stays text


@pytest.mark.parametrize(
    "args",
    [["audit", "--fail-on", "never", "--format", "html"], ["export", "--format", "html"]],
    ids=["audit", "export"],
)
def test_html_written_from_the_page_holds_nothing_active(tmp_path: Path, args: list[str]) -> None:
    pages = {}
    for name, text in (("page", PAGE), ("plain", PLAIN)):
        path = tmp_path / f"{name}.html"
        path.write_text(text, encoding="utf-8")
        result = CliRunner().invoke(main, [*args, str(path)])
        assert result.exit_code == 0, result.output
        pages[name] = markup(result.stdout)
    written, own = pages["page"], pages["plain"]
    for tag in ACTIVE:  # what the report itself holds, and nothing from the page
        assert written.tags.count(tag) == own.tags.count(tag), tag
    handlers = [name for name, _ in written.attributes if name.startswith("on")]
    assert handlers == [name for name, _ in own.attributes if name.startswith("on")]
    assert not [v for _, v in written.attributes if "javascript:" in v.replace(" ", "").lower()]
