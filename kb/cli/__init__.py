"""Room 11 (the top), cli: the ``claimkb`` command line: thin commands that parse options, call
one library function and print.

May import anything in kb; nothing imports it.
"""

import _signal  # type: ignore[import-not-found]  # signal in C: `import signal` (enum) is 5 ms
import os
import sys


def _interrupted_at_start(signum: int, frame: object) -> None:
    os.write(2, b"claimkb: interrupted\n")
    os._exit(130)


def started() -> None:
    """Give SIGINT back to Python's handler (KeyboardInterrupt, which the commands catch)."""
    if _signal.getsignal(_signal.SIGINT) is _interrupted_at_start:
        _signal.signal(_signal.SIGINT, _signal.default_int_handler)


# Ctrl-C while `claimkb` starts, in the imports below before a command can catch it, printed
# Python's KeyboardInterrupt traceback: there it ends the process with the one line, exit 130
# (the program only, not one importing claimkb; SIGINT not ignored). Imported first in the
# main thread: signal() raises ValueError in another.
if (
    os.path.basename(sys.argv[0]) == "claimkb"
    and _signal.getsignal(_signal.SIGINT) is _signal.default_int_handler
):
    _signal.signal(_signal.SIGINT, _interrupted_at_start)

from kb.cli.main import main  # noqa: E402

__all__ = ["main", "started"]
