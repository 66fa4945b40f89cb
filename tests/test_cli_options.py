"""Options mean the same on every command (issue 12, point 5): ``--format`` from one definition,
``jsonl`` where articles, findings or rows stream, ``--quiet`` wherever notes or progress are
printed, ``--update-url`` only where the knowledge base is written, ``claimkb --version``, and
colour and shell completion as ``--help`` and the README say."""

from __future__ import annotations

import inspect
import json
import os
import subprocess
from importlib.metadata import version
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from kb.cli import main
from tests.hostile import CLI
from tests.hostile.test_terminal_and_templates import _on_a_terminal

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = str(ROOT / "examples" / "green-tea-memory.txt")
#: The commands that write to the knowledge base.
WRITING = {"ingest", "load", "remove"}
#: The commands that stream articles (extract), findings (audit) or rows (list, query, search).
STREAMING = {"audit", "extract", "list", "query", "search"}


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def option(command: click.Command, name: str) -> click.Parameter | None:
    found = [p for p in command.params if name in getattr(p, "opts", ())]
    return found[0] if found else None


def test_every_format_option_is_the_one_definition() -> None:
    """``--format`` is declared in kb/cli/options.py alone, and every command has it as such."""
    declaring = [
        path.name
        for path in (ROOT / "kb" / "cli").rglob("*.py")
        if '"--format"' in path.read_text("utf-8")
    ]
    assert declaring == ["options.py"]
    offering = {name: option(c, "--format") for name, c in main.commands.items()}
    assert len([o for o in offering.values() if o is not None]) >= 9
    for name, found in offering.items():
        if found is not None:
            assert (found.name, found.opts) == ("fmt", ["--format"]), name
            assert isinstance(found.type, click.Choice), name


def test_jsonl_is_offered_by_the_commands_that_stream_and_only_them() -> None:
    offering = {
        name
        for name, command in main.commands.items()
        if (found := option(command, "--format")) is not None
        and "jsonl" in getattr(found.type, "choices", ())
    }
    assert offering == STREAMING


def test_update_url_is_on_the_commands_that_write_and_only_them() -> None:
    assert {n for n, c in main.commands.items() if option(c, "--update-url")} == WRITING


@pytest.mark.parametrize("name", sorted(main.commands))
def test_a_command_that_prints_notes_or_progress_takes_quiet(name: str) -> None:
    command = main.commands[name]
    assert command.callback is not None
    body = inspect.getsource(inspect.unwrap(command.callback))
    if "note(" in body or "progress_bar(" in body:
        assert option(command, "--quiet") is not None


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> str:
    location = str(tmp_path_factory.mktemp("options") / "kb")
    assert run("ingest", "-q", "--kb", location, EXAMPLE).exit_code == 0
    return location


def test_quiet_silences_the_page_note_of_query(kb: str) -> None:
    sparql = "SELECT ?c { ?c a ckb:Claim }"
    loud = run("query", "--kb", kb, "--limit", "1", sparql)
    quiet = run("query", "--kb", kb, "--limit", "1", "--quiet", sparql)
    assert "more follow" in loud.stderr
    assert quiet.stderr == "" and quiet.stdout == loud.stdout


def test_quiet_silences_the_shards_note_of_dump(kb: str, tmp_path: Path) -> None:
    target = str(tmp_path / "kb.nq")
    loud = run("dump", "--kb", kb, "--format", "nquads", "--split", "2", "-o", target)
    quiet = run("dump", "--kb", kb, "--format", "nquads", "--split", "2", "-o", target, "-q")
    assert "wrote 2 shards" in loud.stderr
    assert quiet.exit_code == 0 and quiet.stderr == ""


def test_search_writes_jsonl_rows_of_its_json_bindings(kb: str) -> None:
    whole = json.loads(run("search", "--kb", kb, "--format", "json", "tea").stdout)
    streamed = run("search", "--kb", kb, "--format", "jsonl", "tea").stdout.splitlines()
    assert streamed and [json.loads(line) for line in streamed] == whole["results"]["bindings"]


def test_version_is_the_package_metadata_read_in_one_place() -> None:
    import claims
    import kb

    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"claimkb, version {version('claimkb')}"
    assert claims.VERSION == kb.__version__ == version("claimkb")
    readers = [
        str(path.relative_to(ROOT))
        for package in ("claims", "sources", "kb", "ontology")
        for path in (ROOT / package).rglob("*.py")
        if 'version("claimkb")' in path.read_text("utf-8")
    ]
    assert readers == ["claims/version.py"]


def test_help_and_readme_say_how_to_turn_colour_off_and_complete_commands() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    for text in (run("--help").stdout, readme):
        assert "NO_COLOR" in text
        assert "_CLAIMKB_COMPLETE=bash_source claimkb" in text
        assert "--version" in text


def test_shell_completion_as_documented_gives_a_script_that_completes_commands() -> None:
    env = {**os.environ, "_CLAIMKB_COMPLETE": "bash_source"}
    script = subprocess.run([*CLI], env=env, capture_output=True, text=True, check=False)
    assert script.returncode == 0 and "complete" in script.stdout and "claimkb" in script.stdout
    env = {**os.environ, "_CLAIMKB_COMPLETE": "bash_complete", "COMP_WORDS": "claimkb ing"}
    env["COMP_CWORD"] = "1"
    words = subprocess.run([*CLI], env=env, capture_output=True, text=True, check=False)
    assert "plain,ingest" in words.stdout.splitlines()


def test_no_color_takes_the_colour_off_a_terminal_table() -> None:
    coloured = _on_a_terminal("audit", EXAMPLE, no_color=False)
    plain = _on_a_terminal("audit", EXAMPLE, no_color=True)
    assert "\x1b[" in coloured
    assert "\x1b[" not in plain and "Wording" in plain


def test_every_command_that_reads_article_files_takes_max_size() -> None:
    reading = {n for n, c in main.commands.items() if option(c, "--input-format")}
    assert {"audit", "export", "extract", "validate"} <= reading
    assert [n for n in sorted(reading) if option(main.commands[n], "--max-size") is None] == []


@pytest.mark.parametrize(
    "args",
    [
        ["validate", EXAMPLE],
        ["export", "--format", "json", EXAMPLE],
        ["audit", EXAMPLE],
        ["extract", EXAMPLE],
    ],
    ids=lambda args: args[0],
)
def test_max_size_refuses_a_larger_article_alike(args: list[str]) -> None:
    result = CliRunner().invoke(main, [*args, "--max-size", "1KB"])
    assert result.exit_code == 2, result.output
    assert "larger than the 1 KB limit for one article" in result.stderr
    assert result.stdout == ""
