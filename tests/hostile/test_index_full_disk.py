"""The search index written on a disk that is full exactly then: one line, and nothing lost.

A store is made on a small tmpfs of its own, its index marked for rebuild (the state a failed
index write leaves), and the filesystem filled to its last byte, or to all but a few pages.
`claimkb search` then rebuilds the index, the one write of the command, and meets the full disk
as it opens the index (no room for SQLite's shared-memory file) or as it writes the rebuilt
rows: either way one line naming the disk,
exit 2; the store still reads, the index is still marked for rebuild, and once space is freed
the same search answers. (In an ingest the store's own write of an article needs as much space
as the index's, so only here can the disk be full exactly at the index.)
"""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from kb.store.search_index import INDEX_FILE
from tests.hostile.test_store_faults import claimkb, one_line_error
from tests.kb_articles import write_articles


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    """Yield a 32 MB tmpfs mounted for this test alone."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small filesystem needs root")
    mount = tmp_path / "disk"
    mount.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path, leave: int) -> Path:
    """Write a file until the filesystem has not one byte left, then free ``leave`` bytes of it;
    return it."""
    filler = disk / "filler"
    with filler.open("wb", buffering=0) as out:
        for size in (1 << 20, 1 << 12, 1):
            try:
                while True:
                    out.write(b"\0" * size)
            except OSError as error:
                assert error.errno == errno.ENOSPC, error
    assert os.statvfs(disk).f_bavail == 0
    os.truncate(filler, filler.stat().st_size - leave)
    return filler


def completeness(location: Path) -> str | None:
    """Return the index's ``complete`` mark, read without writing."""
    # immutable: no shared-memory file to make, which a full disk refuses
    index = sqlite3.connect(f"file:{location / INDEX_FILE}?mode=ro&immutable=1", uri=True)
    try:
        row = index.execute("SELECT value FROM meta WHERE key = 'complete'").fetchone()
        return None if row is None else str(row[0])
    finally:
        index.close()


#: Bytes left free: none (SQLite cannot even make its shared-memory file), or room for that
#: and the start of the rebuild's write-ahead log, not for the rebuilt index.
@pytest.mark.parametrize("leave", [0, 40 * 1024])
def test_an_index_write_on_a_full_disk_is_one_line_and_the_store_and_index_survive(
    disk: Path, tmp_path: Path, leave: int
) -> None:
    location = disk / "kb"
    articles = write_articles(tmp_path / "articles", 30)
    ingested = claimkb(
        "ingest", "--kb", str(location), "--jobs", "1", "--no-validate", *map(str, articles)
    )
    assert ingested.returncode == 0, ingested.stderr
    found = claimkb("search", "--kb", str(location), "walking")
    assert found.returncode == 0 and found.stdout.strip(), found.stderr
    index = sqlite3.connect(location / INDEX_FILE)  # as a failed index write leaves it
    index.execute("UPDATE meta SET value = '0' WHERE key = 'complete'")
    index.commit()
    index.close()

    size = (location / INDEX_FILE).stat().st_size
    assert size > 3 * leave  # the rebuild needs more than is left
    filler = fill(disk, leave)
    searched = claimkb("search", "--kb", str(location), "walking")
    one_line_error(searched, f"the disk holding {location} is full")
    assert completeness(location) == "0"  # still marked for rebuild
    listed = claimkb("list", "--kb", str(location))
    assert listed.returncode == 0 and len(listed.stdout.splitlines()) == 30, listed.stderr

    filler.unlink()
    again = claimkb("search", "--kb", str(location), "walking")
    assert again.returncode == 0 and again.stdout == found.stdout, again.stderr
    assert completeness(location) == "1"
