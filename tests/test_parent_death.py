"""claims/parent_death.py: a child told of a parent that is gone already exits at once."""

from __future__ import annotations

import os
import sys

import pytest

from claims.parent_death import die_with_parent

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="fork and prctl: Linux")


def _exit_code_of_a_child_told(parent: int) -> int:
    pid = os.fork()
    if pid == 0:  # the child: never returns to pytest's code
        code = 3
        try:
            code = 0 if die_with_parent(parent) else 2
        finally:
            os._exit(code)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


def test_a_child_of_the_parent_it_names_carries_on() -> None:
    assert _exit_code_of_a_child_told(os.getpid()) == 0


def test_a_child_whose_named_parent_is_gone_exits_at_once() -> None:
    assert _exit_code_of_a_child_told(os.getpid() + 1) == 1
