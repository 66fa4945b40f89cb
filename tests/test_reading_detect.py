"""Format detection: extension first, then content; an explicit format overrides both."""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.reading import detect_format, format_from_extension, read_document, read_path


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.txt", "txt"),
        ("a.MD", "md"),
        ("a.markdown", "md"),
        ("a.html", "html"),
        ("a.htm", "html"),
        ("a.xhtml", "html"),
        ("a.xml", "jats"),
        ("a.nxml", "jats"),
        ("a.pdf", None),
        ("noext", None),
    ],
)
def test_format_from_extension(name: str, fmt: str | None) -> None:
    assert format_from_extension(name) == fmt


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ('<?xml version="1.0"?>\n<article dtd-version="1.2"><front></front></article>', "jats"),
        ('<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96)//EN" "x.dtd">\n<article>', "jats"),
        ("<!doctype html><html><body><p>Hi</p></body></html>", "html"),
        ("<div><p>A fragment of a page.</p></div>", "html"),
        ("# Title\n\nSome text.", "md"),
        ('# Title\n\n<div align="center">A centred line</div>\n\nText.', "md"),
        ("Intro.<p>One.</p><p>Two.</p><ul><li>Three</li></ul>", "html"),
        ("**Bold** lead-in line\n\n- one\n- two\n", "md"),
        ("Intro text\n\n- one\n- two\n", "txt"),  # bullets alone are scraped text too
        ("See [the guide](https://example.org) now.", "md"),
        ("| a | b |\n|---|---|\n| 1 | 2 |\n", "md"),
        ("Just a title\n\nA paragraph of text [1].\n", "txt"),
        ("Rates rose 5% - then fell.\n", "txt"),
    ],
)
def test_detect_format_from_content(text: str, fmt: str) -> None:
    assert detect_format(text) == fmt
    assert read_document(text.encode("utf-8"), "-", None).format == fmt


def test_explicit_format_overrides_the_extension(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text("# Not really HTML\n\nText.\n", "utf-8")
    assert read_path(path).format == "html"
    assert read_path(path, "md").format == "md"


def test_xml_extension_without_jats_is_sniffed(tmp_path: Path) -> None:
    path = tmp_path / "page.xml"
    path.write_text("<html><body><p>An XHTML page.</p></body></html>", "utf-8")
    assert read_path(path).format == "html"


@pytest.mark.parametrize(("given", "fmt"), [("markdown", "md"), ("XML", "jats"), ("text", "txt")])
def test_format_names_users_type_are_understood(given: str, fmt: str) -> None:
    data = b"<article dtd-version='1.2'><front></front></article>" if fmt == "jats" else b"Hi."
    assert read_document(data, "-", given).format == fmt


def test_the_readers_give_the_block_kinds_the_model_lists_and_no_other() -> None:
    """``claims.model.BLOCK_KINDS`` is what the fixture articles' blocks are, in every format."""
    from claims.model import BLOCK_KINDS

    folder = Path(__file__).parent / "fixtures" / "articles"
    paths = [p for p in sorted(folder.iterdir()) if p.suffix in (".txt", ".md", ".html", ".xml")]
    kinds = {block.kind for path in paths for block in read_path(path).blocks}
    assert kinds == set(BLOCK_KINDS)
