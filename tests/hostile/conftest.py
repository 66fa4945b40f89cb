"""Fixtures the hostile tests share: small real stores of generated quads, and a store holding
the article full of control characters."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.cli import main
from kb.store import open_store
from tests.hostile.test_terminal_and_templates import _markdown


@pytest.fixture(scope="module")
def nquads_kb(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, Iterable[str]], str]:
    """Return a maker of real stores on disk: (a name, N-Quads lines) gives the store's location,
    loaded from ``data.nq`` beside it."""

    def make(name: str, lines: Iterable[str]) -> str:
        folder = tmp_path_factory.mktemp(name)
        data = folder / "data.nq"
        data.write_text("".join(lines), encoding="utf-8")
        with open_store(str(folder / "kb")) as store:
            store.load(data)
        return str(folder / "kb")

    return make


@pytest.fixture(scope="module")
def hostile_kb(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """Return the Markdown article of control characters and a store it was ingested into."""
    folder = tmp_path_factory.mktemp("hostile-kb")
    article = folder / "hostile.md"
    article.write_text(_markdown(), encoding="utf-8")
    kb = str(folder / "kb")
    ingested = CliRunner().invoke(main, ["ingest", "--kb", kb, str(article)])
    assert ingested.exit_code == 0, ingested.output
    return article, kb
