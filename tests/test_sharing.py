"""Work shared out to forked processes gives the list a loop gives; a long page read on several
processes is the same Article as read on one, and ``claimkb extract`` over files shared out
gives the same bytes and the same errors (``claims.sharing``)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import claims.extract as extract
import claims.sharing as sharing
import kb.cli.commands.extract as extract_command
from claims.reading import read_text
from claims.sharing import shared_map
from kb.cli import main

pytestmark = [
    pytest.mark.skipif(sys.platform != "linux", reason="sharing forks on Linux only"),
    pytest.mark.alone,  # it forks only from a process of one thread
]


def test_shares_run_in_children_and_come_back_in_order() -> None:
    results = shared_map(lambda i: (i * i, os.getpid()), 101, 3, 10)
    assert [square for square, _ in results] == [i * i for i in range(101)]
    pids = [pid for _, pid in results]
    assert pids[0] == os.getpid()
    assert len(set(pids)) == 3  # the parent's share and two children's


def test_short_runs_stay_in_this_process() -> None:
    results = shared_map(lambda i: os.getpid(), 9, 2, 10)
    assert results == [os.getpid()] * 9


def test_a_failing_child_costs_only_its_share_computed_here() -> None:
    parent = os.getpid()

    def work(i: int) -> int:
        if os.getpid() != parent:
            raise RuntimeError("a child that fails")
        return i

    assert shared_map(work, 40, 2, 10) == list(range(40))


@pytest.fixture
def forked(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Return the list of the children this test forks, filled as it runs."""
    pids: list[int] = []
    fork = os.fork

    def recorded_fork() -> int:
        pid = fork()
        if pid:
            pids.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", recorded_fork)
    return pids


def test_an_error_in_this_process_reaps_the_children(forked: list[int]) -> None:
    parent = os.getpid()

    def work(i: int) -> int:
        if os.getpid() == parent and i == 3:
            raise ValueError("the parent's own share fails")
        return i

    with pytest.raises(ValueError, match="own share"):
        shared_map(work, 40, 2, 10)
    assert len(forked) == 1
    with pytest.raises(ChildProcessError):
        os.waitpid(forked[0], os.WNOHANG)  # the child is gone, not even a zombie


# A parent reading its own share while its child reads the other, each for ten minutes.
_SLOW_SHARES = """
import os, sys, time
sys.path.insert(0, sys.argv[1])
from claims.sharing import shared_map
parent = os.getpid()
def work(i):
    if os.getpid() != parent:
        with open(sys.argv[2] + ".part", "w") as out:
            out.write(str(os.getpid()))
        os.replace(sys.argv[2] + ".part", sys.argv[2])
    time.sleep(600)
    return i
shared_map(work, 20, 2, 10)
"""


def _running(pid: int) -> bool:
    """Tell whether process ``pid`` exists and is no zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_a_child_dies_with_its_parent(tmp_path: Path) -> None:
    """A command killed (SIGKILL: no clean-up of its own) leaves no child reading its share."""
    root = str(Path(__file__).resolve().parent.parent)
    written = tmp_path / "child.pid"
    parent = subprocess.Popen([sys.executable, "-c", _SLOW_SHARES, root, str(written)])
    try:
        for _ in range(600):  # the child writes its pid as it starts its share
            if written.exists() or parent.poll() is not None:
                break
            time.sleep(0.05)
        child = int(written.read_text())
        assert _running(child)
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait()
    for _ in range(600):  # the kernel's signal, then the exit
        if not _running(child):
            break
        time.sleep(0.05)
    left = _running(child)
    if left:
        os.kill(child, signal.SIGKILL)  # this test's own child: not left sleeping
    assert not left


# A page of our own with what the readings depend on: headings (a profile section whose items
# become furniture), items, cited sentences (one flagged), hedges, boosters, weasels, a
# reference list.
_PAGE = """Coffee and sleep

Sleep and caffeine

Some experts say that coffee may disturb sleep [1]. Studies prove that it clearly helps focus.
It is widely believed that tea is gentler. Researchers suggest a short walk instead [2].

Does decaf help?

It might, although the evidence is weak.[citation needed] Many people report better nights
after cutting it.

About the author

- Dr Ada Pine writes about sleep.
- She may be reached by post.

References

1. Pine A. Coffee at night. J Sleep. 2020;3:1-9.
2. Lark B. Walking and rest. Rest Rev. 2019;7:20-29.
"""


def test_a_page_read_on_several_processes_is_the_same_article(
    monkeypatch: pytest.MonkeyPatch, forked: list[int]
) -> None:
    text = "\n\n".join([_PAGE] * 6)
    alone = extract.extract_text(text)
    monkeypatch.setattr(extract, "_SHARED_FROM", 8)
    monkeypatch.setattr(extract, "_SCANS_SHARED_FROM", 100)
    assert threading.active_count() == 1  # else the page is read here alone
    shared = extract.extract_document(read_text(text, "-", "txt"), processes=2)
    assert len(forked) == 2  # the blocks' markers, then the sentences' kinds and cues
    assert len(alone.sentences) > 16
    assert shared == alone
    assert {c.kind for s in shared.sentences for c in s.framing} >= {"weasel"}
    assert {s.kind for s in shared.sentences} >= {"heading", "claim", "reference", "question"}


def _extract(paths: list[Path]) -> tuple[int, bytes, str]:
    result = CliRunner().invoke(main, ["extract", "--format", "json", *map(str, paths)])
    return result.exit_code, result.stdout_bytes, result.stderr


def test_files_shared_among_processes_give_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forked: list[int]
) -> None:
    paths = []
    for number in range(5):
        path = tmp_path / f"page{number}.txt"
        path.write_text(_PAGE.replace("Coffee", f"Coffee {number}"), encoding="utf-8")
        paths.append(path)
    monkeypatch.setattr(sharing, "usable_cores", lambda: 1)
    alone = _extract(paths)
    monkeypatch.setattr(sharing, "usable_cores", lambda: 2)
    monkeypatch.setattr(extract_command, "_FILES_SHARED_FROM", 10)
    assert threading.active_count() == 1  # else the files are read here alone
    assert not forked
    assert _extract(paths) == alone
    assert len(forked) == 1
    assert alone[0] == 0 and alone[1].count(b'"source": "page') == 5


def test_a_file_that_fails_in_a_child_fails_as_it_would_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forked: list[int]
) -> None:
    paths = [tmp_path / f"page{number}.txt" for number in range(4)]
    for path in paths:
        path.write_text(_PAGE, encoding="utf-8")
    paths[3].write_text("\n\n   \n", encoding="utf-8")  # no text: the child's share fails
    monkeypatch.setattr(sharing, "usable_cores", lambda: 1)
    alone = _extract(paths)
    monkeypatch.setattr(sharing, "usable_cores", lambda: 2)
    monkeypatch.setattr(extract_command, "_FILES_SHARED_FROM", 10)
    assert _extract(paths) == alone
    assert len(forked) == 1
    assert alone[0] == 2 and "page3.txt" in alone[2] and "Traceback" not in alone[2]
