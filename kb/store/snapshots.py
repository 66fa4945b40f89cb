"""Committed snapshots of the embedded store: how readers stay safe beside a writer.

RocksDB, under Oxigraph, promises nothing to a process that opens a store read-only while
another process writes it (pyoxigraph's ``Store.read_only``: "undefined behavior"), and that is
what was seen: `claimkb list` beside an ingest grew to 1.4 GB under a 2 GB cap and aborted with
"memory allocation failed"; uncapped, a reader grew to 24 GB. pyoxigraph 0.5 offers no
secondary mode. So no reader opens the directory a writer holds. Instead the writer publishes
**snapshots**: when it opens the store, at most every :data:`PUBLISH_SECONDS` while it writes,
and when it closes, it makes a RocksDB checkpoint (``Store.backup``: hard links to the table
files, which RocksDB never changes once written; about 20 ms) in ``snapshots/.new-N`` and
renames it to ``snapshots/N``. A reader opens the newest snapshot read-only: files that no
process writes any more, holding the store as of a commit. A reader holds a shared ``flock`` on
the snapshot it reads; the writer deletes older snapshots that no reader holds.
"""

from __future__ import annotations

import contextlib
import os
import time
from typing import TYPE_CHECKING

import pyoxigraph as ox

if TYPE_CHECKING:
    from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no flock; old snapshots are kept a while instead
    fcntl = None  # type: ignore[assignment]

#: The directory of snapshots, inside the store's directory (RocksDB ignores it).
DIRECTORY = "snapshots"
#: Seconds between two snapshots while a writer writes (and one more when it closes).
PUBLISH_SECONDS = 2.0
#: Without flock, a snapshot is deleted only this long after a newer one replaced it.
_UNLOCKED_GRACE_SECONDS = 600.0


class View:
    """One snapshot opened read-only, with the shared lock that keeps the writer from deleting it.

    ``store`` is the Oxigraph store; ``name`` the snapshot's. (A plain class: a dataclass would
    import inspect into every query worker.)
    """

    def __init__(self, store: ox.Store, name: str, fd: int | None) -> None:
        self.store, self.name, self._fd = store, name, fd

    def close(self) -> None:
        """Release the snapshot (its lock); the Oxigraph store goes with its last reference."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __del__(self) -> None:
        self.close()


def newest(location: str | Path) -> str | None:
    """Return the name of the newest complete snapshot of the store, or None when there is none."""
    try:
        with os.scandir(os.path.join(location, DIRECTORY)) as entries:
            names = [e.name for e in entries if e.name.isdigit()]
    except OSError:
        return None
    return max(names, key=int, default=None)


def open_newest(location: str | Path, attempts: int = 20) -> View | None:
    """Return the newest snapshot opened read-only and locked, or None when there is none.

    A snapshot deleted between listing and opening (the writer published a newer one) is
    skipped for the next newest; an OSError after ``attempts`` tries is raised.
    """
    for attempt in range(attempts):
        name = newest(location)
        if name is None:
            return None
        path = os.path.join(location, DIRECTORY, name)
        fd = None
        try:
            fd = _lock(path, exclusive=False)
            if fd is not None and not _still_there(fd, path):
                raise FileNotFoundError(path)
            return View(ox.Store.read_only(path), name, fd)
        except OSError:
            if fd is not None:
                os.close(fd)
            if attempt == attempts - 1:
                raise
            time.sleep(0.02)
    return None


def publish(store: ox.Store, location: str | Path) -> str:
    """Write a snapshot of ``store`` (the writer's) as the newest; delete unused older ones.

    Return its name. Raise OSError when it cannot be written (a full disk, say).
    """
    directory = os.path.join(location, DIRECTORY)
    os.makedirs(directory, exist_ok=True)
    name = str(int(newest(location) or 0) + 1).zfill(12)
    staging = os.path.join(directory, f".new-{name}")
    if os.path.exists(staging):
        _remove(staging, ignore_errors=False)
    try:
        store.backup(staging)
        os.rename(staging, os.path.join(directory, name))
    except BaseException:
        _remove(staging)
        raise
    prune(location, keep=name)
    return name


def prune(location: str | Path, keep: str) -> None:
    """Delete every snapshot but ``keep`` that no reader holds, and leftovers of killed writers."""
    with os.scandir(os.path.join(location, DIRECTORY)) as listing:
        entries = list(listing)
    for entry in entries:
        if entry.name == keep:
            continue
        path = entry.path
        if not entry.name.isdigit():  # a .new- staging directory of a writer killed mid-copy
            _remove(path)
            continue
        if fcntl is None:
            if time.time() - entry.stat().st_mtime > _UNLOCKED_GRACE_SECONDS:
                _remove(path)
            continue
        try:
            fd = _lock(path, exclusive=True)
        except BlockingIOError:
            continue  # a reader holds it: the next publish tries again
        except OSError:
            continue
        try:
            _remove(path)
        finally:
            if fd is not None:
                os.close(fd)


def _remove(path: str, *, ignore_errors: bool = True) -> None:
    """Delete the directory ``path`` (shutil is imported by writers only: readers start on less)."""
    import shutil

    shutil.rmtree(path, ignore_errors=ignore_errors)


def _lock(path: str, *, exclusive: bool) -> int | None:
    """Return a descriptor of directory ``path`` holding a flock (exclusive: without waiting)."""
    if fcntl is None:
        return None
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB if exclusive else fcntl.LOCK_SH)
    except OSError:
        os.close(fd)
        raise
    return fd


def _still_there(fd: int, path: str) -> bool:
    """Return True when ``path`` still names the directory open as ``fd`` (not deleted since)."""
    with contextlib.suppress(OSError):
        same = os.path.samestat(os.fstat(fd), os.stat(path))
        return same and os.path.exists(os.path.join(path, "CURRENT"))
    return False


def writer_holds(location: str | Path) -> bool:
    """Return True when another process holds the store's RocksDB lock (Linux's /proc/locks).

    Read from /proc rather than by taking the lock: a failed open of a held store already
    writes (RocksDB renames its LOG), and closing any descriptor of the LOCK file would drop
    the locks this process itself holds on it. False where /proc/locks is missing.
    """
    try:
        lock = os.stat(os.path.join(location, "LOCK"))
        with open("/proc/locks", encoding="ascii") as table:
            rows = table.read().split("\n")
    except OSError:
        return False
    device = f"{os.major(lock.st_dev):02x}:{os.minor(lock.st_dev):02x}:{lock.st_ino}"
    return any(
        len(fields) > 5 and fields[5] == device and fields[4] != str(os.getpid())
        for fields in (row.split() for row in rows)
    )
