"""Exports and dumps of hostile text: never an invalid file, never the old file destroyed."""

from __future__ import annotations

import shutil
import subprocess
import xml.dom.minidom
from pathlib import Path

import networkx as nx
import pytest

from kb.export.output import output_file
from kb.export.writers import render
from tests.hostile import CLI, ROOT, paused_when, writing_into

#: An article whose sentence, heading and reference carry controls XML 1.0 cannot hold.
CONTROLLED = (
    "# Tea\x01 and memory\n\n"
    "Green tea improved memory\x07 in adults\x1b[31m by a lot [1].\n\n"
    "## References\n\n"
    "1. Lee A\x0b. Tea and memory\x0c in adults. J Tea. 2020;3:1-9.\n"
)


def claimkb(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*CLI, *args], capture_output=True, text=True, cwd=ROOT, timeout=300, check=False
    )


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_control_characters_are_dropped_with_a_warning_and_the_xml_parses(
    tmp_path: Path, fmt: str
) -> None:
    article = tmp_path / "tea.md"
    article.write_text(CONTROLLED)
    target = tmp_path / f"network.{fmt}"
    done = claimkb("export", str(article), "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert "warning: dropped" in done.stderr and "internal error" not in done.stderr
    document = xml.dom.minidom.parse(str(target))  # raises on invalid XML
    text = target.read_text(encoding="utf-8")
    assert "Green tea improved memory in adults[31m by a lot" in text
    assert document.documentElement is not None


def test_an_export_that_fails_leaves_the_old_file_whole(tmp_path: Path) -> None:
    article = tmp_path / "tea.md"
    article.write_text(CONTROLLED)
    target = tmp_path / "network.svg"
    target.write_text("the previous picture\n")
    # SVG needs Graphviz: an empty PATH makes it fail after the network was built.
    done = subprocess.run(
        [*CLI, "export", str(article), "-o", str(target)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PATH": "", "HOME": str(tmp_path)},
        timeout=300,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert target.read_text() == "the previous picture\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_output_file_replaces_only_on_success(tmp_path: Path) -> None:
    target = tmp_path / "dump.trig"
    target.write_text("old\n")
    target.chmod(0o640)
    with pytest.raises(RuntimeError), output_file(target) as out:
        out.write(b"half of the new")
        raise RuntimeError("the writer failed")
    assert target.read_text() == "old\n"
    with output_file(target) as out:
        out.write(b"new\n")
    assert target.read_text() == "new\n"
    assert target.stat().st_mode & 0o777 == 0o640  # the replaced file's permissions
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dump.trig"]


def test_where_files_cannot_be_unnamed_the_output_is_staged_under_a_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delattr("os.O_TMPFILE", raising=False)  # as on macOS
    target = tmp_path / "network.json"
    with output_file(target) as out:
        out.write(b"{}\n")
        assert [p.name for p in tmp_path.iterdir()] == [Path(out.name).name]
        assert out.name.endswith(".part")
    assert target.read_text() == "{}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["network.json"]


def test_a_library_caller_gets_its_graph_back_unchanged() -> None:
    graph = nx.DiGraph()
    graph.add_node("a", kind="claim", label="bad\x01text", status="supported")
    data = render(graph, "graphml")
    assert b"badtext" in data
    assert graph.nodes["a"]["label"] == "bad\x01text"


def test_a_dump_to_a_directory_is_a_plain_error(tmp_path: Path) -> None:
    location = tmp_path / "kb"
    assert claimkb("ingest", "--kb", str(location), str(ROOT / "examples/green-tea-memory.txt"))
    done = claimkb("dump", "--kb", str(location), "-o", str(tmp_path))
    assert done.returncode == 2
    assert "is a directory" in done.stderr and "internal error" not in done.stderr


@pytest.mark.parametrize(
    "arguments", [["-o", "kb.trig"], ["--format", "nquads", "--split", "2", "-o", "kb.nq"]]
)
def test_a_dump_whose_directory_is_removed_meanwhile_is_a_plain_error(
    tmp_path: Path, arguments: list[str]
) -> None:
    location = tmp_path / "kb"
    ingested = claimkb("ingest", "--kb", str(location), str(ROOT / "examples/green-tea-memory.txt"))
    assert ingested.returncode == 0, ingested.stderr
    out = tmp_path / "out"
    for _ in range(5):  # the dump of one article is short: it may end before it is caught
        out.mkdir()
        arguments = [*arguments[:-1], str(out / Path(arguments[-1]).name)]
        done = paused_when(
            ["dump", "--kb", str(location), *arguments],
            lambda pid: writing_into(pid, out),  # the output is being written
            lambda: shutil.rmtree(out),
        )
        if done is not None:
            break
        shutil.rmtree(out)
    assert done is not None, "the dump ended each time before its directory could be removed"
    assert done.returncode == 2
    assert done.stderr.startswith(f"claimkb: error: {out}") and done.stderr.count("\n") == 1
    assert not out.exists()
