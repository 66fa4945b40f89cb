"""A progress bar for long runs on a terminal (stderr); nothing at all when not a terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def progress_bar(
    what: str, *, shown: bool = True
) -> Iterator[tuple[Callable[[int], None], Callable[[str], None]]]:
    """Yield ``(start(total), advance(item))`` callbacks driving a rich progress bar on stderr.

    The bar shows items done of total, the rate and the time left; nothing when not ``shown``.
    """
    if not shown or not sys.stderr.isatty():
        yield (lambda total: None), (lambda item: None)
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn(f"{what}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(what, total=None, rate="")

        def start(total: int) -> None:
            progress.update(task, total=total)

        def advance(item: str) -> None:
            speed = progress.tasks[0].speed
            progress.update(task, advance=1, rate=f"{speed:.1f}/s" if speed else "")

        yield start, advance
