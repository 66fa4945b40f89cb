"""Ctrl-C while ``claimkb`` starts: one line, not a traceback.

A SIGINT in the imports, before a command can catch it, printed Python's KeyboardInterrupt
traceback. :func:`quiet_start`, the package's first statement, ends the process there with the
one line and exit code 130; :func:`started` gives SIGINT back to Python's handler once the
commands catch KeyboardInterrupt. Only the C module ``_signal`` is imported: ``import signal``
(enum) alone is 5 ms of the window.
"""

from __future__ import annotations

import _signal  # type: ignore[import-not-found]
import os
import sys


def _interrupted_at_start(signum: int, frame: object) -> None:
    os.write(2, b"claimkb: interrupted\n")
    os._exit(130)


def quiet_start() -> None:
    """Until :func:`started`, end the process on SIGINT with the one line, exit code 130: for
    the ``claimkb`` program only (not one importing claimkb), where SIGINT is not ignored."""
    if (
        os.path.basename(sys.argv[0]) == "claimkb"
        and _signal.getsignal(_signal.SIGINT) is _signal.default_int_handler
    ):
        _signal.signal(_signal.SIGINT, _interrupted_at_start)


def started() -> None:
    """Give SIGINT back to Python's handler (KeyboardInterrupt, which the commands catch)."""
    if _signal.getsignal(_signal.SIGINT) is _interrupted_at_start:
        _signal.signal(_signal.SIGINT, _signal.default_int_handler)
