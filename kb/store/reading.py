"""Opening the embedded store to read it, and the one-line errors of a store that fails.

A reader opens the newest snapshot a writer published (:mod:`kb.store.snapshots`), holding its
lock while it reads, or the directory itself when no claimkb writer ever published one. The
read-only store (:class:`kb.store.embedded.EmbeddedStore`) and the query worker
(:mod:`kb.query.worker_process`) both open it here; this module imports only what that needs,
so a worker started for one query starts on little (no dataclasses, pathlib or tempfile).
"""

from __future__ import annotations

import errno
import os
import re
import time
from collections.abc import Callable

import pyoxigraph as ox

from kb.errors import StoreLocked, StoreUnavailable
from kb.store import snapshots

#: Seconds a reader waits for the first snapshot of a store a writer has just opened.
FIRST_SNAPSHOT_SECONDS = 30.0


def check_location(location: str, *, create: bool) -> None:
    """Refuse a ``--kb`` that is no store: a file, a device, a directory of other files, nothing.

    ``create``: a missing directory (or an empty one) is fine, it becomes a new store.
    """
    if os.path.isdir(location):
        if os.path.exists(os.path.join(location, "CURRENT")):
            return
        if create and not os.listdir(location):
            return
        if create:
            raise StoreUnavailable(
                f"{location} is a directory of other files, not a knowledge base: give --kb a "
                "new or empty directory, or the directory of an existing knowledge base"
            )
    elif os.path.exists(location):
        raise StoreUnavailable(
            f"{location} is a file, not a knowledge base: give --kb a directory "
            "(a new one is created by `claimkb ingest`)"
        )
    elif create:
        return
    raise StoreUnavailable(
        f"there is no knowledge base at {location}: run `claimkb ingest --kb {location} ...` "
        "first, or give the --kb of an existing one"
    )


def open_to_read(location: str) -> tuple[ox.Store, snapshots.View | None]:
    """Return the store at ``location`` opened read-only, and the snapshot it is (None when no
    claimkb writer published one): keep the snapshot while reading, its lock keeps it there."""
    check_location(location, create=False)
    # A claimkb writer publishes its first snapshot just after it opens the store.
    deadline = time.monotonic() + FIRST_SNAPSHOT_SECONDS
    while True:
        try:
            view = snapshots.open_newest(location)
        except (OSError, RuntimeError) as error:
            raise unreadable(location, error) from None
        if view is not None:
            return view.store, view
        if not snapshots.writer_holds(location):
            break
        if time.monotonic() > deadline:
            raise StoreLocked(
                f"the knowledge base at {location} is being written by a program that "
                "publishes no snapshots for readers (an older claimkb, an Oxigraph server): "
                "wait for it to finish, or query that server"
            )
        time.sleep(0.05)
    # A store no claimkb writer has published (older claimkb): read it directly.
    return _open_read_only(location), None


def _open_read_only(path: str, attempts: int = 10) -> ox.Store:
    """Return a read-only view; retry when a writer beside it renames a file as it opens."""
    for _ in range(attempts - 1):
        try:
            return ox.Store.read_only(path)
        except (OSError, RuntimeError):
            time.sleep(0.05)
    return open_or_explain(ox.Store.read_only, path)


def open_or_explain(opener: Callable[[str], ox.Store], path: str) -> ox.Store:
    """Return ``opener(path)``; its failure as StoreLocked or a one-line StoreUnavailable."""
    try:
        return opener(path)
    except (OSError, RuntimeError) as error:  # RuntimeError: read-only beside a store being made
        if _LOCKED.search(str(error)):
            raise StoreLocked(in_use(path)) from None
        raise unreadable(path, error) from None


#: RocksDB's words for a store another process holds ("While lock file: ...", "lock hold by
#: current process"); not "block", which its checksum errors say.
_LOCKED = re.compile(r"\block (file|hold)", re.IGNORECASE)


def in_use(location: str) -> str:
    """Return the message for a store another process writes."""
    return (
        f"the knowledge base at {location} is in use by another process; "
        "wait for it to finish, or only read it (list, query, stats, dump, export)"
    )


def unreadable(location: str, error: BaseException) -> StoreUnavailable:
    """Return the one-line error for a store that fails as it is opened or read."""
    what = " ".join(str(error).split())
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
        return StoreUnavailable(f"the disk holding {location} is full: free some space and retry")
    if "corruption" in what.lower() or "checksum" in what.lower():
        return StoreUnavailable(
            f"the knowledge base at {location} is damaged ({what}): restore it from a dump "
            "(`claimkb load`) or a copy, or ingest the articles again into a new --kb"
        )
    if "No space left" in what:
        return StoreUnavailable(f"the disk holding {location} is full: free some space and retry")
    if "Permission denied" in what or "Read-only file system" in what:
        return StoreUnavailable(
            f"cannot use the knowledge base at {location}: {what}; "
            "give --kb a directory you can read and write"
        )
    return StoreUnavailable(f"cannot read the knowledge base at {location}: {what}")
