"""Folders given to `claimkb ingest`: nested past Python's recursion limit, past the system's
path length, or looping back on themselves through a symlink. Each is walked in one pass."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from bench.attack_sweep import nested_folders
from kb.errors import NoArticles
from kb.ingest.selection import select_articles

ARTICLE = "Green tea improves memory in adults [1].\n"


@pytest.mark.parametrize("given", ["{top}", "{top}/**/*.txt", "{top}/**"])
def test_a_tree_deeper_than_the_recursion_limit_is_walked(tmp_path: Path, given: str) -> None:
    depth = sys.getrecursionlimit() + 200  # pathlib's rglob and glob's ** recursed per level
    nested_folders(tmp_path / "top", depth, ARTICLE)
    selection = select_articles([given.format(top=tmp_path / "top")])
    assert [a.name.count("/") for a in selection.files] in ([depth], [depth + 1])
    assert selection.files[0].name.endswith("d/a.txt")


def test_a_tree_past_the_longest_path_says_so(tmp_path: Path) -> None:
    nested_folders(tmp_path / "top", 3_000, ARTICLE)  # 6,000 characters: more than PATH_MAX
    with pytest.raises(NoArticles, match=r"paths in it cannot be read \(File name too long\)"):
        select_articles([str(tmp_path / "top")])


@pytest.mark.parametrize("given", ["{top}", "{top}/**/*.txt", "{top}/**"])
def test_a_symlink_back_to_a_parent_is_not_followed(tmp_path: Path, given: str) -> None:
    top = tmp_path / "top"
    (top / "inner").mkdir(parents=True)
    (top / "inner" / "a.txt").write_text(ARTICLE)
    (top / "inner" / "loop").symlink_to(top)
    selection = select_articles([given.format(top=top)])
    assert [a.name for a in selection.files] in (["inner/a.txt"], ["top/inner/a.txt"])


def test_a_file_name_that_is_no_utf8_is_recorded_with_its_bytes_escaped(tmp_path: Path) -> None:
    """``os.fsdecode`` gives such a name surrogates, which JSON and RDF cannot hold: extract
    and audit ended in an internal error (orjson: "str is not valid UTF-8")."""
    import json

    from tests.hostile.test_cli_faults import claimkb

    path = tmp_path / os.fsdecode(b"name \xff\xfe.txt")
    path.write_text(ARTICLE)
    for command in ("extract", "audit"):
        done = claimkb(command, "--format", "json", str(path))
        assert done.returncode in (0, 1), done.stderr
        assert json.loads(done.stdout)["articles"][0]["source"] == "name \\xff\\xfe.txt"
