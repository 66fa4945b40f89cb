"""``claimkb extract``: table and JSON output, standard input, bad input with exit code 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.cli import main

TEXT = "Cocoa Facts\n\nCocoa may lower blood pressure [1]. Studies prove it cures fatigue.\n"


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "cocoa.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_table_is_the_default(article: Path) -> None:
    result = CliRunner().invoke(main, ["extract", str(article)])
    assert result.exit_code == 0, result.output
    assert "Cocoa may lower blood pressure [1]." in result.output
    assert "claim" in result.output and "studies prove" in result.output
    assert "\x1b[" not in result.output  # no colour codes when stdout is not a terminal


def test_json_output(article: Path) -> None:
    result = CliRunner().invoke(main, ["extract", "--format", "json", str(article)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    (out,) = data["articles"]
    assert out["source"] == article.name  # as ingest stores it
    kinds = [(s["kind"], s["markers"], s["hedges"], s["boosters"]) for s in out["sentences"]]
    assert kinds == [
        ("heading", [], [], []),
        ("claim", ["1"], ["may"], []),
        ("claim", [], [], ["studies prove"]),
    ]


def test_standard_input_and_input_format() -> None:
    result = CliRunner().invoke(
        main,
        ["extract", "-", "--format", "json", "--input-format", "md"],
        input="# Tea\n\nTea has caffeine [2].\n",
    )
    assert result.exit_code == 0, result.output
    (out,) = json.loads(result.output)["articles"]
    assert (out["source"], out["format"]) == ("-", "md")
    assert out["sentences"][1]["markers"] == ["2"]


def test_several_articles(article: Path) -> None:
    result = CliRunner().invoke(main, ["extract", "--format", "json", str(article), str(article)])
    assert len(json.loads(result.output)["articles"]) == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "no such file"), (b"", ""), (b"\x00\x01\x02\xff" * 50, "")],
)
def test_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    path = tmp_path / "bad.txt"
    if content is not None:
        path.write_bytes(content)
    result = CliRunner().invoke(main, ["extract", str(path)])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and result.output.startswith("claimkb: error:")
    assert message in result.output


def test_table_is_coloured_for_a_terminal() -> None:
    from claims import extract_text
    from kb.report.extract import render_extract

    article = extract_text(TEXT)
    coloured = render_extract([article], "table", color=True)
    plain = render_extract([article], "table", color=False)
    assert "\x1b[" in coloured and "\x1b[" not in plain
    assert "3 sentences (claim 2, heading 1); 1 with citation markers" in plain


def test_the_table_shows_weasels_peacocks_and_approximators(tmp_path: Path) -> None:
    """Issue 17: the cue column marks every cue class, as hedges (~) and boosters (!) are."""
    article = tmp_path / "museum.txt"
    article.write_text(
        "The museum\n\nSome critics argue that the world-famous museum is often overrated.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["extract", str(article)], terminal_width=200)
    assert result.exit_code == 0, result.output
    for label in ("?some critics", "+world famous", "≈often"):
        assert label in result.output


def test_extract_loads_no_rdf_library(article: Path) -> None:
    """extract needs no graph, shapes or network: rdflib, pyshacl, networkx and lxml (for HTML
    it does need lxml; this page is text) stay unloaded, and start-up stays short."""
    code = (
        "import sys\nfrom kb.cli import main\n"
        "try:\n    main(['extract', '--format', 'json', sys.argv[1]])\n"
        "except SystemExit:\n    pass\n"
        "heavy = {'rdflib', 'pyshacl', 'networkx', 'lxml'} & set(sys.modules)\n"
        "print(sorted(heavy), file=sys.stderr)"
    )
    run = subprocess.run([sys.executable, "-c", code, str(article)], capture_output=True, text=True)
    assert run.stderr.strip() == "[]"
