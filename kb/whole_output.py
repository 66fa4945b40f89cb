"""Standard output that never ends short in silence.

A write to a file past the disk's space or the file-size limit (``ulimit -f``) may write part of
what it was given and report how much: Python's buffered writer returns that count and
``print``, click and ``TextIOWrapper`` drop it, so ``claimkb query > out.csv`` on a full disk
exited 0 with the file cut short. :func:`whole_stdout` puts a writer under ``sys.stdout`` that
writes the rest until all is written, so the next write's error (``ENOSPC``, ``EFBIG``) is
raised and reported as the command's error.
"""

from __future__ import annotations

import io
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

_BUFFER = 64 * 1024


class _Whole(io.RawIOBase):
    """File descriptor ``fd`` written whole by each write."""

    def __init__(self, fd: int) -> None:
        super().__init__()
        self.fd = fd

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.fd

    def isatty(self) -> bool:
        return os.isatty(self.fd)

    def write(self, data: ReadableBuffer) -> int:
        view = memoryview(data).cast("B")
        while view:
            view = view[os.write(self.fd, view) :]  # raises when nothing more can be written
        return len(memoryview(data).cast("B"))


def whole_stdout() -> None:
    """Make every write to the process's standard output whole or an error (a test runner's
    own ``sys.stdout`` is left as it is)."""
    stdout = sys.stdout
    if stdout is not sys.__stdout__ or stdout is None:
        return
    try:
        fd = stdout.fileno()
    except (OSError, ValueError):
        return
    stdout.flush()  # the file object it was stays ``sys.__stdout__``: its descriptor stays open
    sys.stdout = io.TextIOWrapper(
        io.BufferedWriter(_Whole(fd), _BUFFER),
        encoding=stdout.encoding,
        errors=stdout.errors,
        line_buffering=stdout.line_buffering,
    )
