"""Options shared by several commands, each written once so that it means the same everywhere.

``@kb_option`` adds ``--kb PATH|URL`` (environment variable ``CLAIMKB_KB``); commands that
write take ``@kb_options``, which adds ``--update-url`` (``CLAIMKB_UPDATE_URL``) too;
``open_kb(kb, update_url)`` opens what they name, with ``--remote-timeout``
(``CLAIMKB_REMOTE_TIMEOUT``), which ``@kb_option`` adds too. ``@quiet_option`` adds
``--quiet``, which ``note()`` and the progress bar obey.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from typing import IO, TYPE_CHECKING, ClassVar, TypeVar

import click

from claims.reading import FORMATS as INPUT_FORMATS
from claims.reading import MAX_SIZE
from kb.terminal import echo

if TYPE_CHECKING:
    from kb.store.base import Store

#: The largest count an option takes: an offset and a limit added, plus one, still fit SQLite's
#: integers and Python's slices (2**63 - 1; a larger --offset was an 'internal error').
MAX_COUNT = 2**60


def count_range(least: int) -> click.IntRange:
    """Return the type of an option that counts rows, processes or shards: ``least`` up."""
    return click.IntRange(min=least, max=MAX_COUNT)


F = TypeVar("F", bound=Callable[..., object])


def kb_option(command: F) -> F:
    """Add ``--kb`` (the knowledge base a command reads) and ``--remote-timeout`` to a click
    command."""
    return store_option(remote_timeout_option(command))


def store_option(command: F) -> F:
    """Add ``--kb`` alone: for ``serve``, which serves only a directory."""
    return click.option(
        "--kb",
        envvar="CLAIMKB_KB",
        default=_default_location,
        show_default="$CLAIMKB_KB, else $XDG_DATA_HOME/claimkb/kb",
        metavar="PATH|URL",
        help="The knowledge base: a directory (embedded store, created on first ingest) or the "
        "URL of a SPARQL 1.1 query endpoint, e.g. http://localhost:7878/query.",
    )(command)


def kb_options(command: F) -> F:
    """Add ``--kb`` and ``--update-url`` to a command that writes to the knowledge base."""
    command = click.option(
        "--update-url",
        envvar="CLAIMKB_UPDATE_URL",
        default=None,
        metavar="URL",
        help="The SPARQL update endpoint when --kb is a URL (default: the sibling /update).",
    )(command)
    return kb_option(command)


_REMOTE_TIMEOUT = "claimkb.remote_timeout"


def remote_timeout_option(command: F) -> F:
    """Add ``--remote-timeout SECONDS``: how long each request to a ``--kb`` URL may take,
    the same for every command (kb.store.remote)."""
    from kb.store.remote_limits import REMOTE_TIMEOUT

    return click.option(
        "--remote-timeout",
        envvar="CLAIMKB_REMOTE_TIMEOUT",
        type=click.FloatRange(min=0, max=MAX_SECONDS),
        default=REMOTE_TIMEOUT,
        show_default=True,
        metavar="SECONDS",
        expose_value=False,
        callback=_set_remote_timeout,
        help="When --kb is a URL: stop waiting for the server, with one line and exit code 2, "
        "once a request has had no answer, or no whole answer, for this long (0: never).",
    )(command)


def _set_remote_timeout(context: click.Context, _: click.Parameter, value: float) -> None:
    if value != value:  # NaN passes every range check
        raise click.BadParameter("give a number of seconds")
    context.find_root().meta[_REMOTE_TIMEOUT] = value


def open_kb(
    kb: str, update_url: str | None = None, *, read_only: bool = False, create: bool = True
) -> Store:
    """Return the store named by ``--kb`` / ``--update-url`` (``create``: a new one if none).

    A reading command's Ctrl-C ends it even inside a query pyoxigraph runs (kb.cli.interrupt):
    it has nothing to clean up. A writer's stays Python's, which says what landed."""
    from kb.store import open_store

    context = click.get_current_context(silent=True)
    if read_only and context is not None:
        from kb.cli.interrupt import interruptible

        context.with_resource(interruptible())
    seconds = context.find_root().meta.get(_REMOTE_TIMEOUT) if context is not None else None
    return open_store(
        kb, read_only=read_only, update_url=update_url, create=create, remote_timeout=seconds
    )


def kb_location(given: str | None) -> str:
    """Return the knowledge base a command names: ``given``, else $CLAIMKB_KB, else the default
    (what ``--kb`` gives when it is left out)."""
    return given or os.environ.get("CLAIMKB_KB") or _default_location()


def _default_location() -> str:
    # pyoxigraph loads only when a command runs, so `claimkb --help` stays fast.
    from kb.store import default_location

    return default_location()


_QUIET = "claimkb.quiet"


def quiet_option(command: F) -> F:
    """Add ``--quiet``/``-q``: no progress bar and no notes on stderr; warnings, failures and
    errors are still printed."""
    return click.option(
        "--quiet",
        "-q",
        is_flag=True,
        expose_value=False,
        callback=_set_quiet,
        help="Print no progress and no notes on stderr (warnings and errors still).",
    )(command)


def quiet() -> bool:
    """Return True when the running command was given ``--quiet``."""
    context = click.get_current_context(silent=True)
    return context is not None and bool(context.find_root().meta.get(_QUIET))


def note(message: str) -> None:
    """Print a note (what was done, how much) on stderr, unless ``--quiet``."""
    if not quiet():
        echo(message, err=True)


def _set_quiet(context: click.Context, _: click.Parameter, value: bool) -> None:
    context.find_root().meta[_QUIET] = value


def coloured(stream: IO[str]) -> bool:
    """Return True when output to ``stream`` may be coloured: a terminal, and no ``NO_COLOR``
    in the environment (https://no-color.org)."""
    return stream.isatty() and "NO_COLOR" not in os.environ


def stdin_once(paths: tuple[str, ...]) -> None:
    """Refuse ``-`` given twice: standard input can be read only once."""
    if paths.count("-") > 1:
        raise click.UsageError("give - (standard input) only once: it can be read only once")


def format_option(formats: Sequence[str], *, default: str | None, help: str) -> Callable[[F], F]:
    """Return ``--format`` for a command, the same option everywhere: one of ``formats`` (the
    library's tuple, so the choices cannot drift). Where offered, ``jsonl`` writes one JSON
    object per line (an article, a finding, a row) as each is ready."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(formats),
        default=default,
        show_default=default is not None,
        help=help,
    )


#: ``--input-format``, the same for every command that reads articles.
input_format_option = click.option(
    "--input-format",
    type=click.Choice(INPUT_FORMATS),
    default=None,
    help="The articles' format (default: guessed from the name and content).",
)


class ByteSize(click.ParamType[int, object]):
    """A size in bytes, written as a number with an optional KB, MB or GB (powers of 1,000)."""

    name = "size"
    _UNITS: ClassVar[dict[str, int]] = {"": 1, "k": 10**3, "m": 10**6, "g": 10**9}

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> int:
        if isinstance(value, int):
            return value
        match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?)b?\s*", str(value), re.IGNORECASE)
        if not match:
            self.fail(
                f"{value!r} is not a size: give bytes, or a number with KB, MB or GB", param, ctx
            )
        return int(float(match[1]) * self._UNITS[match[2].lower()])


#: ``--max-size``, the same for every command that reads article files.
max_size_option = click.option(
    "--max-size",
    type=ByteSize(),
    default=f"{MAX_SIZE // 10**6}MB",
    show_default=True,
    help="Refuse an article file larger than this (e.g. 500KB, 50MB): reading time and memory "
    "grow with the size.",
)


#: The longest ``--timeout``: a year (select() and deadlines take no infinite or huge time).
MAX_SECONDS = 365 * 24 * 3600.0


def timeout_option(*, zero: bool, help: str) -> Callable[[F], F]:
    """Add ``--timeout SECONDS`` (default 30): a finite number of seconds up to a year, and 0
    when ``zero`` (the command's "no limit")."""

    def finite(_: click.Context, __: click.Parameter, value: float) -> float:
        if value != value:  # NaN passes every range check
            raise click.BadParameter("give a number of seconds")
        return value

    return click.option(
        "--timeout",
        type=click.FloatRange(min=0, max=MAX_SECONDS, min_open=not zero),
        default=30.0,
        show_default=True,
        metavar="SECONDS",
        callback=finite,
        help=help,
    )


#: ``--output``/``-o``, the same for every command that writes a file.
output_option = click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, allow_dash=True),
    default="-",
    help="Write to this file instead of stdout.",
)


def page_options(terminal_rows: int) -> Callable[[F], F]:
    """Add ``--limit``, ``--offset`` and ``--count`` to a command that lists rows; without
    ``--limit`` it prints ``terminal_rows`` rows on a terminal and every row into a file or a
    pipe."""

    def decorate(command: F) -> F:
        command = click.option(
            "--count",
            is_flag=True,
            help="Print only how many rows there are in all.",
        )(command)
        command = click.option(
            "--offset",
            type=count_range(0),
            default=0,
            help="Skip this many rows first (the next page: --offset with the --limit).",
        )(command)
        return click.option(
            "--limit",
            type=count_range(0),
            default=None,
            help=f"Print at most this many rows; 0 for all. Default: {terminal_rows:,} on a "
            "terminal, all into a file or a pipe.",
        )(command)

    return decorate
