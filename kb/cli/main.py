"""The ``claimkb`` group: its help, version and set-up, and the commands in ``kb.cli.commands``.

Heavy libraries (pyshacl, networkx, lxml) are imported inside the commands that need them so
that ``claimkb --help`` starts fast.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from importlib import import_module

import click

from kb.cli.group import Group

#: Each command's name and where it is defined (module, attribute): a command's module and
#: the libraries it needs are imported only when that command runs (or ``--help`` lists them),
#: so ``claimkb extract`` does not start by importing the store, SPARQL and export code.
COMMANDS = {
    "audit": ("kb.cli.commands.audit", "audit"),
    "dump": ("kb.cli.commands.dump", "dump"),
    "export": ("kb.cli.commands.export", "export"),
    "extract": ("kb.cli.commands.extract", "extract"),
    "ingest": ("kb.cli.commands.ingest", "ingest"),
    "list": ("kb.cli.commands.articles", "list_articles"),
    "load": ("kb.cli.commands.dump", "load"),
    "query": ("kb.cli.commands.query", "query"),
    "remove": ("kb.cli.commands.articles", "remove"),
    "search": ("kb.cli.commands.search", "search"),
    "serve": ("kb.cli.commands.serve", "serve"),
    "stats": ("kb.cli.commands.stats", "stats"),
    "validate": ("kb.cli.commands.validate", "validate_command"),
}


class _Commands(MutableMapping[str, click.Command]):
    """The group's commands by name, each imported from ``COMMANDS`` when first looked up."""

    def __init__(self, where: dict[str, tuple[str, str]]) -> None:
        self._where = dict(where)
        self._loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded:
            module, attribute = self._where[name]
            command = getattr(import_module(module), attribute)
            if not isinstance(command, click.Command):
                raise TypeError(f"{module}.{attribute} is not a click command")
            self._loaded[name] = command
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        if self._where.pop(name, None) is None and name not in self._loaded:
            raise KeyError(name)
        self._loaded.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*self._where, *self._loaded]))

    def __len__(self) -> int:
        return len(dict.fromkeys([*self._where, *self._loaded]))

    def __contains__(self, name: object) -> bool:
        return name in self._where or name in self._loaded


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="claimkb", prog_name="claimkb")
def main() -> None:
    """claimkb: a citation-graded claims knowledge base.

    Read articles (plain text, Markdown, HTML, JATS XML), find their claims and citation
    markers, grade the evidence behind them, audit them with SHACL, store them in an RDF
    knowledge base and query it with SPARQL. Run `claimkb COMMAND --help` for a command's
    options and examples.

    \b
    Examples:
      claimkb audit examples/green-tea-memory.txt
      claimkb extract --format json article.html
      claimkb ingest --kb ./kb articles/
      claimkb query --kb ./kb --name unsupported-claims

    Tables and errors are coloured on a terminal; set NO_COLOR for none. Shell completion:
    add eval "$(_CLAIMKB_COMPLETE=bash_source claimkb)" to ~/.bashrc (zsh_source in
    ~/.zshrc, fish_source for fish).
    """
    from kb.store.memory_guard import enable

    enable()


main.commands = _Commands(COMMANDS)
