"""Lines point into the file the user gave: for HTML and JATS the line of the markup a sentence
starts on (not a line of the extracted text), and every report shows them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from claims.extract import extract_bytes
from kb.cli import main

#: Each sentence names the line it starts on in its own file.
HTML = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html>
<html>
<head>
<title>Tea and sleep</title>
<script>
var lines = 2;
</script>
</head>
<body>
<main>
<h1>Tea and sleep</h1>
<p>Line thirteen: green tea contains theanine [1].
Line fourteen: caffeine in the cup keeps people awake.
<a href="#x">Line fifteen</a> holds a link. Line fifteen
again: black tea has more caffeine than green tea.</p>
<ul>
  <li>Line eighteen says tea is warm.</li>
  <li>Line nineteen opens an item
      that goes on to the next line.</li>
</ul>
<table>
<tr><td>Line twenty-three is a cell.</td>
<td>Line twenty-four is another cell.</td></tr>
</table>
<p><b>Line twenty-six</b> starts in bold and
ends on the next line.</p>
<h2>References</h2>
<ol>
<li id="r1">Line thirty. Smith J. Tea and sleep. J Tea. 2020.</li>
<li id="r2">Line thirty-one. Jones K. Uncited work. J Tea. 2019.</li>
</ol>
</main>
</body>
</html>
"""

JATS = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Publishing DTD v1.2 20190208//EN"
  "JATS-journalpublishing1.dtd">
<article xmlns:xlink="http://www.w3.org/1999/xlink" article-type="research-article">
<front><article-meta><title-group>
<article-title>Line six: tea and sleep</article-title>
</title-group></article-meta></front>
<body>
<sec><title>Line nine: introduction</title>
<p>Line ten: theanine may calm the mind
<xref ref-type="bibr" rid="r1">1</xref>.
Line twelve: tea <italic>definitely</italic> cures
insomnia in every adult.</p>
<p>
Line fifteen: a paragraph that opens after its tag.</p>
</sec>
</body>
<back><ref-list><title>References</title>
<ref id="r1"><label>1</label><mixed-citation>Line nineteen. Smith J. 2020.</mixed-citation></ref>
<ref id="r2"><label>2</label><mixed-citation>Line twenty. Jones K. 2019.</mixed-citation></ref>
</ref-list></back>
</article>
"""

MARKDOWN = "# Tea\r\n\r\nLine three: tea is warm.\r\nLine four: it cures colds.\r\n"


def _named(text: str) -> int | None:
    """Return the line a fixture sentence names ("Line twenty-three ..."), else None."""
    words = {
        "three": 3, "four": 4, "six": 6, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
        "thirteen": 13, "twenty": 20,
        "fourteen": 14, "fifteen": 15, "seventeen": 17, "eighteen": 18, "nineteen": 19,
        "twenty-two": 22, "twenty-three": 23, "twenty-four": 24, "twenty-six": 26,
        "thirty": 30, "thirty-one": 31,
    }  # fmt: skip
    found = re.match(r"(?:\d+\.\s*)?Line ([a-z-]+)", text)
    return words.get(found[1]) if found else None


@pytest.mark.parametrize(
    ("text", "name", "count"),
    [(HTML, "page.html", 11), (JATS, "paper.xml", 7), (MARKDOWN, "a.md", 2)],
)
def test_each_sentence_has_the_line_it_starts_on_in_the_file(
    text: str, name: str, count: int
) -> None:
    article = extract_bytes(text.encode("utf-8"), name)
    named = [(s.line, _named(s.text), s.text) for s in article.sentences if _named(s.text)]
    assert len(named) == count
    assert [(line, said) for line, want, said in named if line != want] == []
    lines = text.split("\n")
    for sentence in article.sentences:
        first = re.search(r"[^\W\d_]{3,}", sentence.text)
        assert first and first[0] in lines[sentence.line - 1], (sentence.line, sentence.text)


def test_lines_past_the_html_parser_line_ceiling_are_counted() -> None:
    # libxml2's HTML parser stops counting at 65,535: the reader counts on from the text.
    filler = "".join(f"<p>Filler sentence {n} is here.</p>\n" for n in range(70_000))
    page = f"<html><body><main>\n{filler}<p>The closing sentence\nsits at the end.</p>\n</main>"
    article = extract_bytes(page.encode("utf-8"), "big.html")
    assert article.sentences[-1].text == "The closing sentence sits at the end."
    assert article.sentences[-1].line == 70_002
    assert article.sentences[-2].line == 70_001


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("lines") / "page.html"
    path.write_text(HTML, encoding="utf-8")
    return path


def _audit(path: Path, fmt: str) -> str:
    result = CliRunner().invoke(
        main, ["audit", "--format", fmt, "--fail-on", "never", "--ignore", "covered", str(path)]
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def test_every_report_gives_the_files_lines(page: Path) -> None:
    findings = json.loads(_audit(page, "json"))["articles"][0]["findings"]
    by_line = {f["line"]: f for f in findings}
    assert 31 in by_line and by_line[31]["rule"] == "uncited-reference"  # the <li> of entry 2
    assert {f["line"] for f in findings if f["rule"] == "unsupported-claim"} <= set(range(13, 28))
    table = _audit(page, "table")
    assert re.search(r"^\s+31\s+uncited-reference\s", table, re.M)
    markdown = _audit(page, "md")
    assert "| 31 | `uncited-reference` |" in markdown
    html = _audit(page, "html")
    assert "uncited-reference (line 31)" in html
    for finding in findings:
        if finding["rule"] == "unsupported-claim":
            assert f"(line {finding['line']})" in html
            assert re.search(rf"^\s+{finding['line']}\s+unsupported-claim", table, re.M)
