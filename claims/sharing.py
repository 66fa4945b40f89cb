"""A long run of independent items shared out to forked processes, the results in order.

A user waits on a long page: the kind and cues of each of its tens of thousands of sentences
depend on that sentence alone, so on a machine of several cores the later shares run in forked
children while this process reads the first. Each child runs the same function on the same data
(fork copies this process's memory, every pattern already compiled) and sends its results back
pickled through a pipe, so the list is the one a loop here would give. A child that fails (killed,
out of memory, an error) costs nothing but time: its share is computed here instead. A child
dies with its parent (a command killed leaves no child reading on for it).

Forking is used only where it is safe and pays: on Linux, from a process with one thread (a
thread holding a lock at the fork would leave the child waiting on it for ever), and for runs of
at least ``shortest`` items (a fork and the pickles cost a few milliseconds).
"""

from __future__ import annotations

import itertools
import os
import pickle
import sys
import threading
from collections.abc import Callable, Sequence
from contextlib import suppress
from typing import TypeVar

from claims.parent_death import die_with_parent

T = TypeVar("T")


def usable_cores() -> int:
    """Return how many cores this process may run on, or 1 where it does not fork."""
    if sys.platform != "linux":
        return 1
    return len(os.sched_getaffinity(0))


def shared_map(
    work: Callable[[int], T],
    count: int,
    processes: int,
    shortest: int,
    weights: Sequence[int] | None = None,
) -> list[T]:
    """Return ``[work(i) for i in range(count)]``, the shares after the first computed by up
    to ``processes - 1`` forked children when the items weigh at least ``shortest`` in all.

    ``weights``: what each item costs (a file's bytes; None: 1 each); the shares are runs of
    items of about equal weight, each of at least half ``shortest``. An exception from ``work``
    is raised as the loop would raise it: a child's share is read again here when it failed.
    """
    weights = weights if weights is not None else [1] * count
    total = sum(weights)
    processes = min(processes, total // max(shortest // 2, 1))
    if processes <= 1 or total < shortest or threading.active_count() > 1:
        return [work(i) for i in range(count)]
    bounds = _bounds(weights, processes)
    children: list[tuple[int, int]] = []
    try:
        for start, end in itertools.pairwise(bounds[1:]):
            children.append(_fork(work, start, end))
        results = [work(i) for i in range(bounds[1])]
        for k, (start, end) in enumerate(itertools.pairwise(bounds[1:])):
            pid, pipe = children[k]
            children[k] = (pid, -1)  # the pipe is _collect's to close
            share: list[T] | None = _collect(pid, pipe)
            children[k] = (0, -1)
            if share is None or len(share) != end - start:
                share = [work(i) for i in range(start, end)]
            results += share
        return results
    finally:
        for pid, pipe in children:  # after an error here: no child left behind
            if pipe >= 0:
                os.close(pipe)
            if pid:
                with suppress(ChildProcessError):  # reaped already, by _collect
                    os.waitpid(pid, 0)


def _bounds(weights: Sequence[int], shares: int) -> list[int]:
    """Return where each of ``shares`` runs of about equal weight starts, and the end."""
    total, bounds, running = sum(weights), [0], 0
    for i, weight in enumerate(weights):
        if running * shares >= total * len(bounds) and bounds[-1] < i:
            bounds.append(i)
        running += weight
    return [*bounds[:shares], len(weights)]


def _fork(work: Callable[[int], T], start: int, end: int) -> tuple[int, int]:
    """Start a child computing ``work`` over ``range(start, end)``; return its pid and the
    pipe its pickled results come through."""
    read_end, write_end = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid:
        os.close(write_end)
        return pid, read_end
    code = 1
    try:  # the child: never returns to the caller's code, whatever happens
        die_with_parent(parent)
        os.close(read_end)
        data = pickle.dumps([work(i) for i in range(start, end)], pickle.HIGHEST_PROTOCOL)
        with open(write_end, "wb") as out:
            out.write(data)
        code = 0
    finally:
        os._exit(code)


def _collect(pid: int, pipe: int) -> list[T] | None:
    """Return a child's results, or None when it failed; the pipe is closed, the child
    reaped (the caller reaps it when this raises)."""
    with open(pipe, "rb") as results:
        data = results.read()
    _, status = os.waitpid(pid, 0)
    if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
        return None
    loaded: list[T] = pickle.loads(data)
    return loaded
