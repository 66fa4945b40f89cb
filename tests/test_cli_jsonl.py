"""``--format jsonl``: the commands that stream articles, findings or rows write one JSON object
per line, holding what their ``json`` format holds; ``--format`` is one option everywhere."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner, Result

from kb.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = str(ROOT / "examples" / "green-tea-memory.txt")
COMMANDS = ("audit", "dump", "export", "extract", "list", "load", "query", "stats")


def run(*args: str) -> Result:
    """Return the result of running claimkb with ``args``."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def lines(output: str) -> list[Any]:
    """Return each line of ``output`` read as JSON (and check every line is one object)."""
    assert output.endswith("\n")
    return [json.loads(line) for line in output.splitlines()]


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Return a knowledge base holding the example article and a second article."""
    location = tmp_path_factory.mktemp("jsonl") / "kb"
    other = location.parent / "other.md"
    other.write_text("# Coffee\n\nCoffee cures every illness [1].\n\n## References\n\n1. A Blog.\n")
    assert run("ingest", "-q", "--kb", str(location), EXAMPLE, str(other)).exit_code == 0
    return str(location)


def test_extract_writes_each_article_of_the_json_contract_on_a_line(tmp_path: Path) -> None:
    other = tmp_path / "short.md"
    other.write_text("Tea may help [1].\n\n## References\n\n1. Lee A. Tea. 2020.\n")
    whole = json.loads(run("extract", "--format", "json", EXAMPLE, str(other)).stdout)
    streamed = run("extract", "--format", "jsonl", EXAMPLE, str(other))
    assert streamed.exit_code == 0
    assert lines(streamed.stdout) == whole["articles"]


def test_audit_writes_each_finding_of_the_json_report_on_a_line_with_its_article() -> None:
    report = json.loads(run("audit", "--format", "json", EXAMPLE).stdout)
    streamed = run("audit", "--format", "jsonl", EXAMPLE)
    expected = [
        {"article": article["source"], **finding}
        for article in report["articles"]
        for finding in article["findings"]
    ]
    assert expected and lines(streamed.stdout) == expected
    assert streamed.exit_code == 1  # findings, as with every format


def test_a_knowledge_base_audit_writes_findings_as_jsonl(kb: str) -> None:
    report = json.loads(run("audit", "--kb", kb, "--format", "json").stdout)
    found = lines(run("audit", "--kb", kb, "--format", "jsonl").stdout)
    assert [f["fingerprint"] for f in found] == [
        f["fingerprint"] for a in report["articles"] for f in a["findings"]
    ]


def test_list_writes_tsv_json_and_jsonl_of_the_same_articles(kb: str) -> None:
    rows = [line.split("\t") for line in run("list", "--kb", kb).stdout.splitlines()]
    as_json = json.loads(run("list", "--kb", kb, "--format", "json").stdout)
    as_jsonl = lines(run("list", "--kb", kb, "--format", "jsonl").stdout)
    assert len(rows) == 2 and as_json == as_jsonl
    assert [[a["iri"], a["source"], a["title"]] for a in as_json] == rows


def test_query_writes_each_solution_as_its_w3c_bindings_object(kb: str) -> None:
    sparql = "SELECT ?claim ?text { ?claim a ckb:Claim ; schema:text ?text } ORDER BY ?claim"
    whole = json.loads(run("query", "--kb", kb, "--format", "json", sparql).stdout)
    streamed = lines(run("query", "--kb", kb, "--format", "jsonl", sparql).stdout)
    assert streamed and streamed == whole["results"]["bindings"]


def test_an_ask_query_writes_its_answer_as_one_line(kb: str) -> None:
    assert lines(run("query", "--kb", kb, "--format", "jsonl", "ASK { ?s ?p ?o }").stdout) == [
        {"boolean": True}
    ]


@pytest.mark.parametrize("name", COMMANDS)
def test_format_is_one_option_with_the_same_name_and_destination(name: str) -> None:
    command = main.commands[name]
    (option,) = [p for p in command.params if "--format" in getattr(p, "opts", ())]
    assert option.name == "fmt" and option.opts == ["--format"]
    assert isinstance(option.type, click.Choice)
