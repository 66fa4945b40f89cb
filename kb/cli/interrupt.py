"""Ctrl-C while the main thread is in native code.

A query pyoxigraph runs in this process (``claimkb query --timeout 0``, ``stats``, ``list``,
``audit --kb``) holds the main thread in Rust, where Python's SIGINT handler cannot run until
the call returns: minutes, for a cross product. :func:`interruptible` wakes a thread on the
signal instead (``signal.set_wakeup_fd``; pyoxigraph releases the GIL while it evaluates),
which ends the process with claimkb's one line when Python's own handler has not run.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator
from types import FrameType

#: Seconds Python's handler has to take a SIGINT before the process is ended without it.
GRACE_SECONDS = 1.0
_LINE = b"claimkb: interrupted\n"


@contextlib.contextmanager
def interruptible() -> Iterator[None]:
    """Within: a SIGINT Python's handler has not taken within ``GRACE_SECONDS`` (the main
    thread is in native code) ends the process, with the one line and exit code 130. Nothing
    changes outside the main thread, or where SIGINT is ignored (a background job)."""
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    ):
        yield
        return
    read, write = os.pipe()
    os.set_blocking(write, False)
    taken = threading.Event()

    def handler(signum: int, frame: FrameType | None) -> None:
        taken.set()
        signal.default_int_handler(signum, frame)  # KeyboardInterrupt, as without us

    previous_fd = signal.set_wakeup_fd(write, warn_on_full_buffer=False)
    previous = signal.signal(signal.SIGINT, handler)
    threading.Thread(target=_watch, args=(read, taken), daemon=True, name="interrupt").start()
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        signal.set_wakeup_fd(previous_fd)
        os.close(write)  # the watcher reads the end and stops


def _watch(read: int, taken: threading.Event) -> None:
    """Wait for signals (a byte each, its number); end the process on a SIGINT left untaken."""
    with contextlib.closing(os.fdopen(read, "rb", buffering=0)) as signals:
        while byte := signals.read(1):
            if byte[0] == signal.SIGINT and not taken.wait(GRACE_SECONDS):
                os.write(2, _LINE)
                os._exit(130)  # as shells report SIGINT; the store is left as a kill leaves it
