"""A child process that dies with its parent: a command killed, even by SIGKILL, leaves no child
working on for it (forked readers, ingest workers, Graphviz)."""

from __future__ import annotations

import os
import signal
import sys

#: prctl's option that has the kernel signal a process when its parent dies (Linux).
_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int | None = None) -> bool:
    """Have the kernel kill this (child) process when its parent dies, even by SIGKILL (Linux's
    ``PR_SET_PDEATHSIG``); exit at once when ``parent``, the parent's pid if given, has died
    already. Return False where the kernel cannot do it (not Linux): the caller watches."""
    linux = sys.platform.startswith("linux")
    if linux:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if parent is not None and os.getppid() != parent:  # it died before the line above
        os._exit(1)
    return linux
