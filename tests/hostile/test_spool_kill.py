"""An ingest killed with SIGKILL while it spools a large article leaves nothing behind once the
next ingest has run: not in the store's directory, not in the temporary directory (kb.scratch).

A SIGKILL runs no cleanup, so the spooled graph of a large article (kb.ingest.large) is kept in
the store's own scratch directory, which the next writer empties as it opens the store.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from kb.store.embedded import BULK_LEFTOVERS, SCRATCH
from kb.store.whole_load import INTENT
from tests.hostile import killed_when
from tests.hostile.test_replace_kill import article, ingest


def spooled(parent: Path) -> bool:
    """Return True once an ingest's spool in ``parent`` holds part of a graph file."""
    return any(f.stat().st_size > 0 for f in parent.glob("ingest.*/*.nt") if f.exists())


def entries(folder: Path) -> list[str]:
    """Return every file and directory under ``folder`` (relative names), none when missing."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []


@pytest.fixture
def temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point the temporary directory and the per-user cache of the commands run at empty
    folders of this test; yield the temporary one."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    yield folder


def test_an_ingest_killed_while_it_spools_leaves_nothing_after_the_next(
    tmp_path: Path, temporary: Path
) -> None:
    location = tmp_path / "kb"
    page = article(tmp_path / "page.html", "walking")
    ingest(location, article(tmp_path / "small.html", "rowing"))  # the store exists
    arguments = ["ingest", "--kb", str(location), "--jobs", "1", "--no-validate", str(page)]
    assert killed_when(arguments, lambda: spooled(location / SCRATCH)), "it ended first"
    assert spooled(location / SCRATCH)  # the kill left a graph file behind
    ingest(location, page)
    assert entries(location / SCRATCH) == []
    assert not list(location.glob(BULK_LEFTOVERS)) and not (location / INTENT).exists()
    assert entries(temporary) == []
    assert entries(tmp_path / "cache") == []


def test_a_spool_is_removed_once_its_owner_is_gone_and_never_before(tmp_path: Path) -> None:
    """The rule for a store with no directory (a server): entries carry their owner's pid."""
    from kb.scratch import owned_directory

    parent = tmp_path / "scratch"
    with owned_directory(parent, "ingest.") as mine:
        (mine / "graph.nt").write_text("<a> <b> <c> .\n", encoding="utf-8")
        gone = parent / "ingest.999999999-1.x"  # no process has that pid
        reused = parent / f"ingest.1-{2**62}.x"  # pid 1 lives, but did not start then
        alive = parent / f"ingest.{os.getppid()}.x"  # a live process, no start time
        for leftover in (gone, reused, alive):
            leftover.mkdir()
        with owned_directory(parent, "ingest.") as other:
            assert mine.exists() and other.exists() and alive.exists()
            assert not gone.exists() and not reused.exists()
        assert not other.exists()
    assert entries(parent) == [alive.name]
