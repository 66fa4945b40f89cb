"""Temporary files and directories that a killed process cannot leak.

A SIGKILL or a power cut runs no cleanup, so a ``tempfile.TemporaryDirectory`` of a killed run
stays for ever (/tmp once held 70 ingest spools of up to 11 MB each). Here every temporary entry
carries its owner in its name, ``PREFIX`` then ``PID-START.``: the making process's id and its
start time (so a pid reused since is not taken for the owner). Whoever makes the next entry of
the same prefix in the same directory first removes those whose owner is gone.

Where the entries go is the caller's rule: a store's own directory when there is one (its writer
also empties it when it opens, kb.store.embedded), else :func:`user_directory`.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

__all__ = [
    "gone",
    "owned_directory",
    "owned_file",
    "owner",
    "remove_orphans",
    "unnamed_file",
    "user_directory",
]


def user_directory() -> Path:
    """Return the per-user scratch directory: ``$XDG_CACHE_HOME/claimkb/scratch``
    (``~/.cache/claimkb/scratch``), made when missing, readable by the user alone."""
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    directory = Path(cache, "claimkb", "scratch")
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    return directory


@contextlib.contextmanager
def owned_directory(parent: Path, prefix: str) -> Iterator[Path]:
    """Yield a new directory in ``parent`` owned by this process; remove it afterwards.

    Directories of ``prefix`` in ``parent`` whose owner is gone are removed first.
    """
    parent.mkdir(parents=True, exist_ok=True)
    remove_orphans(parent, prefix)
    path = Path(tempfile.mkdtemp(prefix=f"{prefix}{owner()}.", dir=parent))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def owned_file(parent: Path, prefix: str, suffix: str) -> IO[bytes]:
    """Return a new file in ``parent`` owned by this process, open for bytes (the caller renames
    or removes it); files of ``prefix`` and ``suffix`` whose owner is gone are removed first."""
    remove_orphans(parent, prefix, suffix)
    return tempfile.NamedTemporaryFile(
        "wb", dir=parent, prefix=f"{prefix}{owner()}.", suffix=suffix, delete=False
    )


def unnamed_file(*parents: Path) -> IO[bytes]:
    """Return a new file with no name, open for reading and writing bytes, in the first of
    ``parents`` that takes one (made when missing): gone when closed, or when its process ends
    however it ends, so nothing is left to remove. Raise OSError when none takes one."""
    error: OSError | None = None
    for parent in parents:
        try:
            parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            return tempfile.TemporaryFile("w+b", buffering=0, dir=parent)
        except OSError as failed:  # read-only, full, or removed meanwhile: the next one
            error = failed
    raise error or OSError("no directory to put a temporary file in")


def remove_orphans(parent: Path, prefix: str, suffix: str = "") -> None:
    """Remove the entries ``PREFIX PID-START.* SUFFIX`` of ``parent`` whose owner is gone."""
    for entry in parent.glob(f"{glob.escape(prefix)}*{glob.escape(suffix)}"):
        if gone(entry.name[len(prefix) :].split(".", 1)[0]):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    entry.unlink()


def owner() -> str:
    """Return this process's owner tag: ``PID-START`` (``PID`` where start times are unknown)."""
    pid = os.getpid()
    start = _start_time(pid)
    return f"{pid}-{start}" if start else str(pid)


def gone(tag: str) -> bool:
    """Return True when the process an owner tag names has ended (False for a name not a tag)."""
    pid, _, start = tag.partition("-")
    if not pid.isdigit() or not (start.isdigit() or not start):
        return False
    if not _alive(int(pid)):
        return True
    return bool(start) and _start_time(int(pid)) not in (None, start)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _start_time(pid: int) -> str | None:
    """Return when process ``pid`` started, in clock ticks since boot (Linux), else None."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text("ascii")
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: count from its closing one.
    return stat.rpartition(")")[2].split()[19]
