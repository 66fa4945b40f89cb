"""Start a real ``oxigraph serve`` on a free 127.0.0.1 port for the remote-store tests."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def oxigraph_command() -> str:
    """Return the path of the ``oxigraph`` CLI (the PyPI ``oxigraph`` package), or skip."""
    beside_python = Path(sys.executable).with_name("oxigraph")
    found = str(beside_python) if beside_python.exists() else shutil.which("oxigraph")
    if not found:
        pytest.skip("the oxigraph server CLI is not installed (dev dependency `oxigraph`)")
    return found


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def oxigraph_server(location: Path) -> Iterator[str]:
    """Run ``oxigraph serve`` on ``location``; yield its query URL; stop it afterwards."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/query"
    with subprocess.Popen(
        [oxigraph_command(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    ) as process:
        try:
            wait_for_sparql(
                url, process, 10, lambda: f"oxigraph serve exited: {process.stderr.read().decode()}"
            )
            yield url
        finally:
            process.terminate()
            process.wait(timeout=30)


def wait_for_sparql(
    url: str, process: subprocess.Popen[bytes], seconds: float, exited: Callable[[], str]
) -> None:
    """Return once the SPARQL endpoint at ``url`` answers an ASK; raise if ``process`` exits
    first (with ``exited()`` as the message) or ``seconds`` pass."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(exited())
        try:
            urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=5).read()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not answer within {seconds} s")
