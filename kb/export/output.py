"""Output files that appear only whole: written beside the target, renamed over it on success.

A command that fails halfway (a GraphML writer refusing a character, a full disk, Ctrl-C)
leaves the previous file as it was, and no partial file. On Linux the file being written has
no name (``O_TMPFILE``) until it is whole, so one killed outright (SIGKILL, the out-of-memory
killer) leaves nothing either: the kernel frees it with the process. It is then linked as
``.NAME.PID-START.*.part`` and renamed over the target; elsewhere (or on a file system without
unnamed files) it is written under that name from the start, and the next write of NAME
removes it once process PID is gone (:mod:`kb.scratch`). Standard output, devices
(``/dev/null``, ``/dev/full``) and pipes are written directly: renaming a file over a device
would replace the device itself.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from kb.errors import DISK_ERRORS, OutputUnwritable
from kb.scratch import owned_file, owner, remove_orphans


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
            if isinstance(out.name, str):  # a named staging file; an unnamed one is gone
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
        os.fchmod(out.fileno(), _mode(target))
        staged = out.name if isinstance(out.name, str) else _named(out.fileno(), target)
        out.close()
        try:
            os.replace(staged, target)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(staged)
            raise
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
    """Return a file to write ``target``'s bytes into: one with no name where the system makes
    them (Linux, most file systems), else ``.NAME.PID-START.*.part``."""
    unnamed = getattr(os, "O_TMPFILE", 0)
    if unnamed and os.path.isdir("/proc/self/fd"):
        try:
            descriptor = os.open(target.parent, unnamed | os.O_WRONLY | os.O_CLOEXEC, 0o600)
        except OSError as error:  # a file system without them, or a missing directory
            if error.errno not in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL):
                raise
        else:
            return os.fdopen(descriptor, "wb")
    return owned_file(target.parent, _prefix(target), ".part")


def _prefix(target: Path) -> str:
    """Return the name a staging file of ``target`` starts with."""
    return f".{target.name}."


def _named(descriptor: int, target: Path) -> str:
    """Give the whole unnamed file ``descriptor`` a name beside ``target`` and return it: a
    kill between this and the rename leaves a ``.part`` file the next write removes."""
    remove_orphans(target.parent, _prefix(target), ".part")
    # linkat(2) following /proc/self/fd/N: os.link calls it (not link(2), which would link the
    # symbolic link itself) only when given a directory descriptor
    descriptors = os.open("/proc/self/fd", os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        while True:
            name = str(target.parent / f"{_prefix(target)}{owner()}.{secrets.token_hex(4)}.part")
            try:
                os.link(str(descriptor), name, src_dir_fd=descriptors, follow_symlinks=True)
            except FileExistsError:
                continue
            return name
    finally:
        os.close(descriptors)


def _mode(target: Path) -> int:
    """Return the permissions of the file being replaced, else the umask's default."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
