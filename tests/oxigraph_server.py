"""Start a real ``oxigraph serve`` on a free 127.0.0.1 port for the remote-store tests."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
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
    process = subprocess.Popen(
        [oxigraph_command(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/query"
    try:
        _wait_until_up(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    for _ in range(200):
        if process.poll() is not None:
            raise RuntimeError(f"oxigraph serve exited: {process.stderr.read().decode()}")
        try:
            urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=2).read()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("oxigraph serve did not answer within 10 s")
