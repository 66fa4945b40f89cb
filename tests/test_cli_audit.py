"""`claimkb audit`: exit codes, formats, several articles, user shapes, and the README example."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = str(ROOT / "examples" / "green-tea-memory.txt")
RULES = str(ROOT / "examples" / "my-rules.ttl")

# Every claim cites a trial or a review listed below; nothing for the audit to report.
CLEAN = """\
Oats and Cholesterol

Eating oats every day lowered LDL cholesterol in adults with high cholesterol [1].
Oat beta-glucan reduced total cholesterol across many trials [2].

References

1. Lind P, Moreau A. Oat bran and LDL cholesterol: a randomized controlled trial. J Diet. 2020.
2. Moreau A. Beta-glucan and blood lipids: a systematic review and meta-analysis. Nutr Rev. 2021.
"""


def audit(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["audit", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def clean(tmp_path: Path) -> str:
    path = tmp_path / "oats.txt"
    path.write_text(CLEAN, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ((EXAMPLE,), 1),  # the example has overclaims (violations)
        (("--fail-on", "never", EXAMPLE), 0),
        (("--fail-on", "warning", EXAMPLE), 1),
        (("--format", "nope", EXAMPLE), 2),
        (("--fail-on", "sometimes", EXAMPLE), 2),
        ((), 2),
        (("/no/such/article.txt",), 2),
        (("--shapes", "/no/such/rules.ttl", EXAMPLE), 2),
    ],
)
def test_exit_codes(args: tuple[str, ...], code: int) -> None:
    assert audit(*args)[0] == code


@pytest.mark.parametrize(("fail_on", "code"), [("violation", 0), ("warning", 0), ("info", 0)])
def test_clean_article_passes(clean: str, fail_on: str, code: int) -> None:
    exit_code, out, _ = audit("--fail-on", fail_on, clean)
    assert (exit_code, "No findings." in out) == (code, True)


def test_bad_shapes_file_is_one_line_naming_file_and_line(tmp_path: Path) -> None:
    rules = tmp_path / "rules.ttl"
    rules.write_text('@prefix sh: <http://www.w3.org/ns/shacl#> .\n<a> sh:message "x\n', "utf-8")
    code, out, err = audit("--shapes", str(rules), EXAMPLE)
    assert (code, out) == (2, "")
    assert err.startswith(f"claimkb: error: {rules}:2: not valid Turtle")
    assert err.count("\n") == 1


def test_several_articles_in_json(clean: str) -> None:
    code, out, _ = audit("--format", "json", EXAMPLE, clean)
    data = json.loads(out)
    assert code == 1
    assert [a["source"] for a in data["articles"]] == [Path(EXAMPLE).name, Path(clean).name]
    assert data["articles"][1]["findings"] == []
    finding = data["articles"][0]["findings"][0]
    assert set(finding) == {
        "rule",
        "severity",
        "sentence",
        "source",
        "message",
        "line",
        "fingerprint",
    }


def test_several_articles_in_table(clean: str) -> None:
    out = audit("--fail-on", "never", EXAMPLE, clean)[1]
    names = (Path(EXAMPLE).name, Path(clean).name)  # as ingest stores them
    headings = [line for line in out.splitlines() if line.startswith(names)]
    assert headings == [
        f"{names[0]}: Can Green Tea Sharpen Your Memory?",
        f"{names[1]}: Oats and Cholesterol",
    ]


def test_user_rules_take_ids_from_identifier_and_iri() -> None:
    out = audit("--format", "json", "--shapes", RULES, EXAMPLE)[1]
    rules = {f["rule"] for f in json.loads(out)["articles"][0]["findings"]}
    assert {"case-report-evidence", "old-source", "overclaim"} <= rules


def test_readme_example_stays_true() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme[readme.index("## Your own audit rules") :]
    turtle = re.search(r"```turtle\n(.*?)```", section, re.S).group(1)
    assert turtle == Path(RULES).read_text("utf-8")
    console = re.search(r"```console\n\$ claimkb (.*?)\n(.*?)```", section, re.S)
    args = [str(ROOT / a) if a.startswith("examples/") else a for a in console.group(1).split()]
    out = audit(*args[1:])[1].splitlines()
    shown = [line for line in console.group(2).splitlines() if line != "..."]
    assert [line for line in shown if line not in out] == []


def test_importing_the_cli_does_not_import_pyshacl() -> None:
    code = "import sys, kb.cli; print(sorted({'pyshacl'} & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.strip() == "[]"
