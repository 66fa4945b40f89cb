"""Fixtures shared by several test modules."""

import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from kb.store import open_store
from tests.browser import browser

__all__ = ["browser", "query_kb"]

#: Two hand-written articles' graphs (tests/fixtures/query/kb.trig).
QUERY_FIXTURE = Path(__file__).parent / "fixtures" / "query" / "kb.trig"


@pytest.fixture(scope="module")
def query_kb(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Return a store on disk holding the two hand-written articles of QUERY_FIXTURE."""
    path = str(tmp_path_factory.mktemp("query-kb") / "kb")
    with open_store(path) as store:
        store.load(QUERY_FIXTURE)
    return path


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "alone: the test needs a process of one thread; in the suite's process, which earlier "
        "tests' servers may leave with others, it is run again alone in a fresh process",
    )


def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run a test marked ``alone`` in a fresh pytest process when this one has other threads
    (claims.sharing forks only from a process of one thread); it passes only if it passes
    there."""
    if pyfuncitem.get_closest_marker("alone") is None or threading.active_count() == 1:
        return None
    # Its own --basetemp: two pytest processes cleaning the numbered folders of one shared
    # /tmp/pytest-of-USER race, and pytest's cleanup then leaves a directory listing unclosed
    # (an unraisable ResourceWarning, an error under filterwarnings = error).
    with tempfile.TemporaryDirectory(prefix="claimkb-alone-") as basetemp:
        ran = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                f"--basetemp={basetemp}/t",
                pyfuncitem.nodeid,
            ],
            cwd=pyfuncitem.config.rootpath,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
    assert ran.returncode == 0, f"run alone, it failed:\n{ran.stdout[-4000:]}{ran.stderr[-2000:]}"
    return True
