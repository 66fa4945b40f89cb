"""Hostile input: what the tests of this folder share."""

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

#: ``claimkb`` as a user runs it, in a process of its own (its name in messages: ``claimkb``).
CLI = [sys.executable, "-c", "import sys; from kb.cli import main; sys.argv[0] = 'claimkb'; main()"]
ROOT = Path(__file__).resolve().parents[2]


def killed_when(arguments: list[str], ready: Callable[[], bool]) -> bool:
    """Run ``claimkb ARGUMENTS`` in a process of its own and SIGKILL it the moment ``ready()``
    holds (polled every half millisecond); return whether it was killed (False: it ended first)."""
    running = subprocess.Popen(
        [*CLI, *arguments], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        if _waited_for(running, ready):
            os.kill(running.pid, signal.SIGKILL)
            running.wait()
            return True
        return False
    finally:
        if running.poll() is None:
            running.kill()
            running.wait()


def paused_when(
    arguments: list[str], ready: Callable[[int], bool], meanwhile: Callable[[], None]
) -> subprocess.CompletedProcess | None:
    """Run ``claimkb ARGUMENTS``, stop it (SIGSTOP) the moment ``ready(pid)`` holds, call
    ``meanwhile()``, let it go on; return how it ended (None: it ended before it was stopped)."""
    with subprocess.Popen(
        [*CLI, *arguments], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as running:
        try:
            if not _waited_for(running, lambda: ready(running.pid)):
                return None
            os.kill(running.pid, signal.SIGSTOP)
            # a signal is delivered after kill() returns: wait until every thread of the
            # process has stopped (on a loaded machine they go on writing meanwhile)
            _, status = os.waitpid(running.pid, os.WUNTRACED)
            if not os.WIFSTOPPED(status):  # it ended first
                running.returncode = os.waitstatus_to_exitcode(status)
                running.communicate(timeout=300)
                return None
            try:
                meanwhile()
            finally:
                os.kill(running.pid, signal.SIGCONT)
            out, err = running.communicate(timeout=300)
            return subprocess.CompletedProcess(arguments, running.returncode, out, err)
        finally:
            if running.poll() is None:
                running.kill()
                running.wait()


def _waited_for(running: subprocess.Popen, ready: Callable[[], bool]) -> bool:
    """Poll ``ready()`` every half millisecond while ``running`` runs; return whether it held."""
    while running.poll() is None:
        if ready():
            return True
        time.sleep(0.0005)
    return False


def writing_into(pid: int, directory: Path) -> bool:
    """Return True when process ``pid`` has a file of ``directory`` open (Linux): an output
    being written, which has no name there until it is whole."""
    opened = []
    with contextlib.suppress(OSError):  # the process ended
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            with contextlib.suppress(OSError):  # closed meanwhile
                opened.append(os.readlink(fd))
    return any(Path(name).parent == directory for name in opened)
