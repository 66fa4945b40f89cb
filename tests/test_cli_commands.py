"""The ``claimkb`` group's command table: each command is imported only when it runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click

from kb.cli.main import COMMANDS, main


def test_every_listed_command_loads_under_its_name() -> None:
    assert sorted(main.list_commands(click.Context(main))) == sorted(COMMANDS)
    for name in COMMANDS:
        command = main.get_command(click.Context(main), name)
        assert isinstance(command, click.Command)
        assert command.name == name


def test_an_unknown_command_is_none() -> None:
    assert main.get_command(click.Context(main), "no-such-command") is None


def test_extract_imports_no_store_query_or_export_code(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Green tea may help memory [1].\n", encoding="utf-8")
    script = (
        "import sys\n"
        "from kb.cli.main import main\n"
        "try:\n"
        f"    main(['extract', '--format', 'json', {str(article)!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ('pyoxigraph', 'rdflib', 'networkx', 'kb.store.base', 'kb.query.run',\n"
        "         'kb.export.network', 'kb.cli.commands.audit')\n"
        "print(sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert '"sentences"' in done.stdout
    assert done.stderr.strip() == "[]"
