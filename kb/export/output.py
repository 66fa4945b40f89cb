"""Output files that appear only whole: written beside the target, renamed over it on success.

A command that fails halfway (a GraphML writer refusing a character, a full disk, Ctrl-C)
leaves the previous file as it was, and no partial file: one killed outright (SIGKILL, a power
cut) leaves its ``.NAME.PID-START.*.part`` file, which the next write of NAME removes once
process PID is gone (:mod:`kb.scratch`). Standard output, devices (``/dev/null``, ``/dev/full``) and
pipes are written directly: renaming a file over a device would replace the device itself.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from kb.errors import DISK_ERRORS, OutputUnwritable
from kb.scratch import owned_file


@contextlib.contextmanager
def output_file(path: str | Path) -> Iterator[IO[bytes]]:
    """Yield ``path`` (``-``: standard output) opened for bytes; replace it only on success."""
    if str(path) == "-":
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    target = Path(path)
    if _is_special(target):
        with _opened(target, lambda: open(target, "wb")) as out:
            yield out
        return
    with _opened(target, lambda: _staging(target)) as out:
        try:
            yield out
            _finish(out, target)
        except BaseException:
            out.close()
            with contextlib.suppress(OSError):
                os.unlink(out.name)
            raise


def _finish(out: IO[bytes], target: Path) -> None:
    """Make the staged file whole and rename it over ``target``; a directory removed or made
    read-only meanwhile is :class:`OutputUnwritable` (a full disk stays an OSError, which the
    CLI words itself)."""
    try:
        out.flush()
        os.fsync(out.fileno())
        out.close()
        os.chmod(out.name, _mode(target))
        os.replace(out.name, target)
    except OSError as error:
        if error.errno in DISK_ERRORS:
            raise
        raise OutputUnwritable(
            f"{target}: cannot finish the output ({error.strerror or error}): its directory was "
            "removed or made read-only while it was written; run it again into a directory that "
            "exists and that you can write to"
        ) from None


@contextlib.contextmanager
def _opened(target: Path, opener: object) -> Iterator[IO[bytes]]:
    try:
        out = opener()  # type: ignore[operator]
    except OSError as error:
        raise OutputUnwritable(
            f"{target}: cannot write the output there ({error.strerror or error}); "
            "give a path in a directory that exists and that you can write to"
        ) from None
    with out:
        yield out


def _is_special(target: Path) -> bool:
    """Return True for an existing target that is no regular file (a device, a pipe)."""
    try:
        return not stat.S_ISREG(target.stat().st_mode)
    except OSError:
        return False


def _staging(target: Path) -> IO[bytes]:
    return owned_file(target.parent, f".{target.name}.", ".part")


def _mode(target: Path) -> int:
    """Return the permissions of the file being replaced, else the umask's default."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
