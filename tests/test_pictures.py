"""Pictures drawn by Graphviz: an engine and settings for the size, a refusal past it, no leftovers.

The knowledge bases are generated (tests/network_kb.py) and loaded with ``claimkb load``; the
exports run as real ``claimkb`` processes, so signals reach them as they reach a user's.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.cli import main
from kb.export.network import build_network, select_oxigraph
from kb.export.writers import DOT_MAX_NODES, PICTURE_MAX_NODES, to_dot
from tests.hostile import writing_into
from tests.network_kb import network_store, write_nquads

CLAIMKB = shutil.which("claimkb") or "claimkb"
needs_graphviz = pytest.mark.skipif(shutil.which("sfdp") is None, reason="no Graphviz")


def kb_of(tmp_path: Path, articles: int) -> Path:
    """Return a knowledge base on disk holding ``articles`` generated articles."""
    dump = write_nquads(tmp_path / "dump.nq", articles)
    location = tmp_path / "kb"
    result = CliRunner().invoke(main, ["load", "--kb", str(location), str(dump)])
    assert result.exit_code == 0, result.output
    return location


def graph_settings(dot: str) -> str:
    return next(line for line in dot.splitlines() if line.startswith("  graph ["))


def test_small_networks_are_layered_by_dot_big_ones_straight_by_sfdp() -> None:
    small = build_network(select_oxigraph(network_store(1)))
    big = build_network(select_oxigraph(network_store(5)))
    assert small.number_of_nodes() <= DOT_MAX_NODES < big.number_of_nodes()
    assert "layout=dot" in graph_settings(to_dot(small))
    settings = graph_settings(to_dot(big))
    assert "layout=sfdp" in settings and "splines=false" in settings
    assert "overlap=prism" in settings and "size=" not in settings
    assert 'size="60,60"' in graph_settings(to_dot(big, "png"))


def children(pid: int) -> list[int]:
    """Return the ids of the child processes of ``pid`` (Linux)."""
    found: list[int] = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:  # it has ended
        return found
    for task in tasks:
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:  # a thread that ended meanwhile
            continue
    return found


def command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def start_drawing(location: Path, out: Path) -> tuple[subprocess.Popen, int]:
    """Start ``claimkb export --kb LOCATION -o OUT``; return it and Graphviz's pid once drawing."""
    process = subprocess.Popen(
        [CLAIMKB, "export", "--kb", str(location), "-o", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        # as from a terminal: a test run started in the background (`pytest &` in a script)
        # passes SIGINT on ignored, and Python then never turns it into KeyboardInterrupt
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        drawing = [c for c in children(process.pid) if command(c) == "sfdp"]
        if drawing:
            return process, drawing[0]
        time.sleep(0.05)
    process.kill()
    with process:
        pytest.fail(f"claimkb never started Graphviz: {process.stderr.read().decode()}")


def gone(pid: int, within: float = 10) -> bool:
    """Return True once process ``pid`` has exited (or is a zombie nobody waits for)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        state = ""
        try:
            state = Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][:1]
        except OSError:
            return True
        if state == "Z":
            return True
        time.sleep(0.05)
    return False


@needs_graphviz
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_a_stopped_picture_leaves_no_file_and_no_graphviz(tmp_path: Path, stop: int) -> None:
    location = kb_of(tmp_path, 60)
    out = tmp_path / "out" / "network.svg"
    out.parent.mkdir()
    process, graphviz = start_drawing(location, out)
    with process:
        assert writing_into(process.pid, out.parent)  # the output is open, with no name
        assert list(out.parent.iterdir()) == []
        process.send_signal(stop)
        assert process.wait(timeout=30) == 128 + stop
    assert gone(graphviz)
    assert list(out.parent.iterdir()) == []


@needs_graphviz
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_killed_picture_stops_graphviz_and_leaves_nothing(tmp_path: Path) -> None:
    """SIGKILL runs no cleanup: the output being written has no name until it is whole."""
    location = kb_of(tmp_path, 60)
    out = tmp_path / "out" / "network.svg"
    out.parent.mkdir()
    process, graphviz = start_drawing(location, out)
    with process:
        assert writing_into(process.pid, out.parent)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    assert gone(graphviz)
    assert list(out.parent.iterdir()) == []


def test_a_network_too_big_to_draw_is_refused_with_a_suggestion(tmp_path: Path) -> None:
    articles = PICTURE_MAX_NODES // 80  # 86 nodes per generated article
    location = kb_of(tmp_path, articles)
    out = tmp_path / "network.png"
    result = CliRunner().invoke(main, ["export", "--kb", str(location), "-o", str(out)])
    assert result.exit_code == 2
    assert f"more than {PICTURE_MAX_NODES:,} nodes" in result.stderr
    assert "--format html" in result.stderr and "--min-citations" in result.stderr
    assert list(tmp_path.glob("*network.png*")) == []
