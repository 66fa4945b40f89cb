"""Ctrl-C while ``claimkb`` starts: one line, not a traceback.

A SIGINT in the imports, before a command can catch it, printed Python's KeyboardInterrupt
traceback. :func:`quiet_start`, the first statement of the ``kb`` package (the first of
claimkb's code that runs: the entry script's first line imports it), ends the process there
with the one line and exit code 130; :func:`started` gives SIGINT back to Python's handler once
the commands catch KeyboardInterrupt. Only the C module ``_signal`` is imported: ``import
signal`` (enum) alone is 5 ms of the window.

What is left is no code of ours: the interpreter's own start (its ``site`` import, where
Python itself prints "Fatal Python error: init_import_site" and a traceback) and the entry
script's search for the package, some 0.2 ms.
"""

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
