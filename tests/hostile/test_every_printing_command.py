"""Every command that prints article text, in every text format, prints no control character raw.

A scraped page holds a window-title OSC (``ESC ] 0;``), CSI, BEL and C1 controls in its title,
its sentences and its references (the article of :mod:`tests.hostile.test_terminal_and_templates`).
Each command below prints them to stdout (never a terminal here: what a pipe or a file gets
is what a terminal would get through ``cat``): each machine format escapes them as that format
does (N-Triples and Turtle ``\\u001B``, JSON ``\\u001b``, XML a character reference or a
visible ``\\x1b``), text for people as ``\\x1b``. PNG is binary and left out.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.cli import main
from kb.terminal import escaping
from tests.hostile.test_terminal_and_templates import TITLE, assert_inert

TEXT = "SELECT ?t { ?s schema:text ?t }"
GRAPH = "CONSTRUCT { ?s schema:text ?t } WHERE { ?s schema:text ?t }"


@pytest.fixture(scope="module")
def files(hostile_kb: tuple[Path, str]) -> Iterator[dict[str, str]]:
    article, kb = hostile_kb
    graph = article.parent / "hostile.ttl"
    audited = CliRunner().invoke(main, ["audit", "--format", "ttl", str(article)])
    graph.write_text(audited.stdout, encoding="utf-8")
    yield {"ARTICLE": str(article), "KB": kb, "GRAPH": str(graph)}


def _commands() -> list[list[str]]:
    commands = [["extract", "--format", f, "ARTICLE"] for f in ("table", "json", "jsonl")]
    commands += [
        ["audit", "--fail-on", "never", "--format", f, "ARTICLE"]
        for f in ("table", "json", "jsonl", "md", "html", "ttl", "jsonld", "shacl")
    ]
    commands += [
        ["audit", "--fail-on", "never", "--kb", "KB", "--format", f]
        for f in ("table", "json", "jsonl", "md")
    ]
    commands += [["dump", "--kb", "KB", "--format", f] for f in ("trig", "nquads", "ttl", "jsonld")]
    exports = ("graphml", "gexf", "cyjs", "json", "dot", "svg", "html")
    commands += [["export", "--format", f, "ARTICLE"] for f in exports]
    commands += [["export", "--kb", "KB", "--format", f] for f in exports]
    commands += [["list", "--kb", "KB", "--format", f] for f in ("tsv", "json", "jsonl")]
    commands += [
        ["query", "--kb", "KB", "--format", f, TEXT]
        for f in ("table", "csv", "tsv", "json", "xml", "jsonl")
    ]
    commands += [["query", "--kb", "KB", "--format", f, GRAPH] for f in ("ttl", "nt", "jsonld")]
    commands += [
        ["search", "--kb", "KB", "--format", f, "tea"]
        for f in ("table", "csv", "tsv", "json", "xml", "jsonl")
    ]
    commands += [["stats", "--kb", "KB", "--format", f] for f in ("table", "json")]
    commands += [["validate", "GRAPH"], ["validate", "ARTICLE"]]
    return commands


@pytest.mark.parametrize("args", _commands(), ids=" ".join)
def test_no_control_character_reaches_stdout_raw(files: dict[str, str], args: list[str]) -> None:
    result = CliRunner().invoke(main, [files.get(a, a) for a in args])
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    # A CSV's own line ends are "\r\n"; a carriage return from the article is escaped.
    assert_inert(result.stdout.replace("\r\n", "\n"))
    assert_inert(result.stderr)


@pytest.mark.parametrize(
    "args",
    [
        ["dump", "--kb", "KB", "--format", "jsonld"],
        ["export", "--format", "cyjs", "ARTICLE"],
        ["export", "--format", "json", "ARTICLE"],
    ],
    ids=" ".join,
)
def test_json_output_keeps_the_text_exactly(files: dict[str, str], args: list[str]) -> None:
    """Escaped as JSON escapes them, the controls come back whole when the output is read."""
    out = CliRunner().invoke(main, [files.get(a, a) for a in args]).stdout
    assert any(TITLE in text for text in _strings(json.loads(out)))


def _strings(data: object) -> Iterator[str]:
    """Yield every string in parsed JSON, keys and values."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from _strings(value)
    elif isinstance(data, list):
        for item in data:
            yield from _strings(item)


@pytest.mark.parametrize("fmt", ["trig", "nquads", "ttl"])
def test_rdf_dumps_load_back_with_the_text_exactly(files: dict[str, str], fmt: str) -> None:
    import pyoxigraph as ox

    from kb.store.base import rdf_format

    out = CliRunner().invoke(main, ["dump", "--kb", files["KB"], "--format", fmt]).stdout_bytes
    texts = [q.object.value for q in ox.parse(out, format=rdf_format(fmt))]
    assert any(TITLE in text for text in texts)


@pytest.mark.parametrize(
    ("fmt", "shown"), [("json", b'"a\\u009bb\xc2\xa0"'), ("xml", b'"a&#x9b;b\xc2\xa0"')]
)
def test_a_control_split_across_two_writes_is_escaped(fmt: str, shown: bytes) -> None:
    """A streaming writer can cut a C1 control's two UTF-8 bytes apart; it is escaped whole."""
    data = '"a\x9bb\xa0"'.encode()
    out = io.BytesIO()
    with escaping(out, fmt) as escaped:
        escaped.write(data[:3])  # ends with the first byte of \x9b
        escaped.write(data[3:-2])  # ends with the first byte of a no-break space, kept
        escaped.write(data[-2:])
    assert out.getvalue() == shown
