"""A progress bar for long runs on a terminal (stderr); nothing at all when not a terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class Progress:
    """The callbacks of a progress display: ``start(total)``, ``advance(item)``, and ``say(what)``,
    which names a step that has no count (the bar then pulses: "compacting the store")."""

    start: Callable[[int], None]
    advance: Callable[[str], None]
    say: Callable[[str], None]


def _nothing(*_: object) -> None:
    """Show nothing (not a terminal, or --quiet)."""


@contextmanager
def progress_bar(what: str, *, shown: bool = True) -> Iterator[Progress]:
    """Yield the :class:`Progress` callbacks of a rich progress bar on stderr.

    The bar shows items done of total (or of an unknown total), the rate and the time left;
    nothing when not ``shown``.
    """
    if not shown or not sys.stderr.isatty():
        yield Progress(_nothing, _nothing, _nothing)
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.progress import Progress as RichProgress

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
    )
    with RichProgress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(what, total=None, rate="")

        def start(total: int) -> None:
            progress.update(task, total=total)

        def advance(item: str) -> None:
            speed = progress.tasks[0].speed
            progress.update(task, advance=1, rate=f"{speed:.1f}/s" if speed else "")

        def say(step: str) -> None:
            progress.update(task, description=step, total=None)
            progress.refresh()  # said now: the step may be long and show no count

        yield Progress(start, advance, say)
