"""An error is one line whatever it quotes: a line break in a typed value or a file name is
written as ``\\n``, never printed as a second line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.test_cli_faults import claimkb


@pytest.mark.parametrize(
    "arguments",
    [
        # pyoxigraph's reason quotes the code point: the line break itself
        ["query", "--param", "a=<http://x/a\nb>", "SELECT ?a WHERE { VALUES ?a { UNDEF } }"],
        ["audit", "no\nsuch.txt"],
        ["query", "--format", "x\ny", "ASK {}"],  # click's own message
    ],
)
def test_a_line_break_in_a_quoted_value_stays_on_the_error_line(
    tmp_path: Path, arguments: list[str]
) -> None:
    if arguments[0] == "query":
        arguments = [*arguments[:1], "--kb", str(tmp_path / "kb"), *arguments[1:]]
    done = claimkb(*arguments)
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    error = [line for line in lines if "rror" in line]
    assert len(error) == 1, done.stderr
    assert "\\n" in error[0]
    # what followed the break is on the error line, never at the start of another
    assert not [line for line in lines if line.startswith(("b", "such", "y", "')"))], done.stderr
