"""The ``claimkb`` group's error handling: claimkb's errors as one line and exit code 2.

A command that decides its exit code before printing notes it with ``exit_code()``, so that a
reader leaving early (a closed pipe) still gets it.
"""

from __future__ import annotations

import os
import sys

import click

from claims.errors import ClaimkbError
from kb.cli.messages import red, stdin_named
from kb.errors import DISK_ERRORS
from kb.starting import started
from kb.terminal import echo, one_line
from kb.whole_output import whole_stdout

#: ``ctx.meta`` key of the exit code a command has decided on before it prints its output.
EXIT_CODE = "claimkb.exit_code"


class Group(click.Group):
    """A click group that turns claimkb's own errors into one line on stderr and exit code 2.

    Anything else that escapes a command is a bug: one line asking for a report, exit code 2,
    and the traceback only when ``CLAIMKB_DEBUG`` is set.
    """

    def invoke(self, ctx: click.Context) -> object:
        started()  # from here Ctrl-C is a KeyboardInterrupt, caught below
        whole_stdout()
        try:
            try:
                return super().invoke(ctx)
            finally:
                sys.stdout.flush()  # a full disk is this command's error, not the exit's
        except ClaimkbError as error:
            red(f"claimkb: error: {stdin_named(str(error))}")
            sys.exit(2)
        except (KeyboardInterrupt, click.Abort):
            echo("claimkb: interrupted", err=True)
            sys.exit(130)  # as shells report SIGINT: never 1, which means findings
        except BrokenPipeError:
            # Whoever read the output left (`claimkb list | head -1`): stop quietly, with the
            # code the command had decided on (1 for findings), else 0.
            _drop_output()
            sys.exit(ctx.meta.get(EXIT_CODE, 0))
        except OSError as error:
            if error.errno not in DISK_ERRORS:
                raise
            where = error.filename or "the output"
            _drop_output()  # what is left of it cannot be written either: not at exit
            red(
                f"claimkb: error: cannot write {where}: {error.strerror}; free some space (or "
                "write somewhere else) and run it again",
            )
            sys.exit(2)
        except click.ClickException as error:
            # A file name may hold control characters. click declares ``message`` Final, yet
            # ClickException.show() prints it as it is: the one place to escape it is here.
            error.message = one_line(error.message)  # type: ignore[misc]
            raise  # click prints these itself
        except click.exceptions.Exit:
            raise
        except Exception as error:
            if os.environ.get("CLAIMKB_DEBUG"):
                raise
            what = " ".join(str(error).split())
            red(
                f"claimkb: internal error: {type(error).__name__}: {what}; this is a bug in "
                "claimkb: please report it with the command and input (CLAIMKB_DEBUG=1 shows "
                "the traceback)",
            )
            sys.exit(2)


def _drop_output() -> None:
    """Send what standard output still holds to /dev/null: its reader left, or its disk is
    full, and the flush at exit would fail again. A standard output that is no file (a test
    runner's, a notebook's) is left as it is."""
    try:
        fd = sys.stdout.fileno()
    except (OSError, ValueError):  # io.UnsupportedOperation is both
        return
    os.dup2(os.open(os.devnull, os.O_WRONLY), fd)


def exit_code(code: int) -> int:
    """Note the exit code decided before printing (a closed pipe then exits with it); return it."""
    click.get_current_context().find_root().meta[EXIT_CODE] = code
    return code
