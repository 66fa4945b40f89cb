"""Bidirectional overrides from an article never reach a terminal raw.

A terminal that lays out bidi text (VTE, mlterm) shows what follows U+202E RIGHT-TO-LEFT
OVERRIDE reversed until the line ends: a title "\u202etxt.exe" is shown as "exe.txt", a claim
can be shown as saying the opposite of what is stored ("Trojan Source"). Text for people writes
the embeddings, overrides and isolates as ``\\uNNNN``; machine formats keep them exactly.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.cli import main
from kb.terminal import visible

#: Each bidi control that reorders what follows it: LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI.
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
RAW_BIDI = re.compile(f"[{BIDI}]")
ARTICLE = (
    "# Walking \u202eguides\u202c for \u2067adults\u2069\n\n"
    "Daily walking \u202elowers\u202c blood pressure in adults [1].\n\n"
    f"Every control in a row: {BIDI} ends here, and a ZERO WIDTH JOINER in an emoji "
    "\U0001f469\u200d\U0001f52c stays.\n\n"
    "## References\n\n1. Walker A. A trial of walking. J Walk. 2021.\n"
)


@pytest.fixture(scope="module")
def article(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bidi") / "walking.md"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def kb(article: Path) -> str:
    location = str(article.parent / "kb")
    done = CliRunner().invoke(main, ["ingest", "--kb", location, str(article)])
    assert done.exit_code == 0, done.output
    return location


def test_visible_writes_each_bidi_control_as_an_escape() -> None:
    shown = visible(f"a{BIDI}b")
    assert shown == "a\\u202a\\u202b\\u202c\\u202d\\u202e\\u2066\\u2067\\u2068\\u2069b"
    assert visible("\u200f\u05e9\u05dc\u05d5\u05dd \U0001f469\u200d\U0001f52c") == (
        "\u200f\u05e9\u05dc\u05d5\u05dd \U0001f469\u200d\U0001f52c"  # marks and joiners stay
    )


@pytest.mark.parametrize(
    "args",
    [["audit"], ["audit", "--format", "md"], ["extract"], ["validate"]],
    ids=" ".join,
)
def test_article_commands_print_no_bidi_control(article: Path, args: list[str]) -> None:
    done = CliRunner().invoke(main, [*args, str(article)])
    assert done.exit_code in (0, 1), done.output
    assert not RAW_BIDI.search(done.stdout + done.stderr)


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["search", "--format", "table", "walking"],
        ["audit"],
        ["query", "--format", "table", "SELECT ?t { ?s schema:text ?t }"],
    ],
    ids=" ".join,
)
def test_knowledge_base_commands_print_no_bidi_control(kb: str, args: list[str]) -> None:
    command, *rest = args
    done = CliRunner().invoke(main, [command, "--kb", kb, *rest])
    assert done.exit_code in (0, 1), done.output
    assert "\\u202e" in done.stdout  # the text is there, shown as an escape
    assert not RAW_BIDI.search(done.stdout + done.stderr)


def test_json_keeps_the_bidi_controls_exactly(article: Path) -> None:
    done = CliRunner().invoke(main, ["audit", "--format", "json", str(article)])
    texts = [s["text"] for s in json.loads(done.stdout)["articles"][0]["sentences"]]
    assert any("\u202elowers\u202c" in text for text in texts)
