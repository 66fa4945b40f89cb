"""The ``claimkb`` group's command table: each command is imported only when it runs."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import click
import pytest

from kb.cli.main import COMMANDS, main


def test_every_listed_command_loads_under_its_name() -> None:
    assert sorted(main.list_commands(click.Context(main))) == sorted(COMMANDS)
    for name in COMMANDS:
        command = main.get_command(click.Context(main), name)
        assert isinstance(command, click.Command)
        assert command.name == name


def test_an_unknown_command_is_none() -> None:
    assert main.get_command(click.Context(main), "no-such-command") is None


def loaded(args: list[str], heavy: tuple[str, ...]) -> tuple[str, list[str]]:
    """Run ``claimkb ARGS`` in a fresh Python; return its output and which of ``heavy`` it
    imported."""
    script = (
        "import sys\n"
        "from kb.cli.main import main\n"
        "try:\n"
        f"    main({args!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(sorted(m for m in {heavy!r} if m in sys.modules), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return done.stdout, ast.literal_eval(done.stderr.strip().splitlines()[-1])


def test_extract_imports_no_store_query_or_export_code(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Green tea may help memory [1].\n", encoding="utf-8")
    heavy = (
        "pyoxigraph",
        "rdflib",
        "networkx",
        "kb.store.base",
        "kb.query.run",
        "kb.export.network",
        "kb.cli.commands.audit",
        "logging",
    )
    out, found = loaded(["extract", "--format", "json", str(article)], heavy)
    assert '"sentences"' in out
    assert found == []


def test_query_imports_no_article_reader_nor_rdflib(tmp_path: Path) -> None:
    """The CLI imports claims.reading for its constants; a query loads none of the readers, and
    not rdflib (a tenth of a second) for the prefixes of its prologue."""
    from kb.store import open_store

    location = str(tmp_path / "kb")
    with open_store(location) as store:
        store.update("INSERT DATA { GRAPH <http://e/g> { <http://e/s> <http://e/p> 7 } }")
    heavy = ("claims.blocktext", "claims.markers", "claims.decoding", "claims.model", "rdflib")
    sparql = "SELECT ?o WHERE { ?s ?p ?o }"
    for fmt in ("csv", "table"):
        out, found = loaded(["query", "--kb", location, "--format", fmt, sparql], heavy)
        assert "7" in out.split()
        assert found == []


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["list", "--kb", "KB"],
        ["stats", "--kb", "KB"],
        ["query", "--kb", "KB", "--name", "unsupported-claims", "--format", "csv"],
    ],
)
def test_a_listing_a_named_query_and_help_import_no_rdflib(tmp_path: Path, args: list[str]) -> None:
    """A named query's text names the vocabulary graph (kb.rdf.vocabulary), which needs no
    rdflib: a quarter of a second of CPU that ``--help``, ``list``, ``stats`` and ``query --name``
    paid at every start. Nor logging (about 30 ms with what it imports), which only the
    commands that use rdflib configure (``kb.cli.messages.rdflib_log_to_errors``)."""
    from kb.store import open_store

    location = str(tmp_path / "kb")
    with open_store(location) as store:
        store.update("INSERT DATA { GRAPH <http://e/g> { <http://e/s> <http://e/p> 7 } }")
    _, found = loaded([location if arg == "KB" else arg for arg in args], ("rdflib", "logging"))
    assert found == []


def test_a_query_worker_starts_on_little(tmp_path: Path) -> None:
    """The worker a one-shot query starts opens the store and answers without the store's
    writing side, dataclasses, pathlib or tempfile (a third of its start once), nor click or
    shutil to escape its results."""
    from kb.query.worker_pool import request
    from kb.store import open_store

    location = str(tmp_path / "kb")
    with open_store(location) as store:
        store.update("INSERT DATA { GRAPH <http://e/g> { <http://e/s> <http://e/p> 7 } }")
    heavy = ("kb.store.embedded", "kb.store.base", "dataclasses", "pathlib", "tempfile", "rdflib")
    heavy += ("click", "shutil")
    script = (
        "import atexit, sys\n"
        f"atexit.register(lambda: print(sorted(m for m in {heavy!r} if m in sys.modules),"
        " file=sys.stderr))\n"
        f"sys.argv = ['worker', {location!r}, '0', '1']\n"
        "from kb.query.worker_process import main\n"
        "main()\n"
    )
    line = json.dumps(request("SELECT ?o WHERE { ?s ?p ?o }")) + "\n"
    done = subprocess.run(
        [sys.executable, "-c", script], input=line.encode(), capture_output=True, check=True
    )
    assert b'"value":"7"' in done.stdout
    assert ast.literal_eval(done.stderr.decode().strip().splitlines()[-1]) == []
