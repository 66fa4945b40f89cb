"""Decoding bytes: BOMs, the Latin-1 fallback, newlines, and the errors for unreadable input."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claims.decoding import _NEWLINES, decode, normalise_newlines
from claims.errors import ArticleUnreadable
from claims.reading import read_path

TEXT = "Café au lait — “quoted”\nSecond line"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("utf-16"), "utf-16-le"),  # Python writes a little-endian BOM
        (TEXT.encode("utf-16-le"), "utf-16-le"),  # no BOM: every other byte is NUL
        (TEXT.encode("utf-16-be"), "utf-16-be"),
    ],
)
def test_decodes_utf8_and_utf16_with_bom(data: bytes, encoding: str) -> None:
    decoded = decode(data, "a.txt")
    assert decoded.text == TEXT
    assert decoded.encoding == encoding
    assert decoded.warnings == ()


def test_declared_charset_is_used_when_the_bytes_are_not_utf8() -> None:
    page = '<html><head><meta charset="windows-1252"></head><body>“Smart” café</body></html>'
    decoded = decode(page.encode("cp1252"), "page.html")
    assert "“Smart” café" in decoded.text
    assert decoded.encoding == "cp1252"
    assert decoded.warnings == ()


def test_latin1_fallback_warns_and_names_the_file() -> None:
    decoded = decode("Crème brûlée".encode("latin-1"), "menu.txt")
    assert decoded.text == "Crème brûlée"
    assert decoded.encoding == "latin-1"
    assert len(decoded.warnings) == 1
    assert "menu.txt" in decoded.warnings[0]
    assert "Latin-1" in decoded.warnings[0]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\r\nb", "a\nb"),
        ("a\rb\r\n\r\nc", "a\nb\n\nc"),
        ("a\u2028b", "a\nb"),
        ("plain\nascii", "plain\nascii"),
    ],
)
def test_newlines_are_normalised_before_offsets(raw: str, expected: str) -> None:
    assert normalise_newlines(raw) == expected
    assert decode(raw.encode("utf-8")).text == expected


@given(
    st.lists(st.sampled_from(["\r", "\n", "\r\n", "\u2028", "\u2029", "\x85", "a", "é", "\x0b"]))
)
def test_a_text_is_normalised_as_the_pattern_substitutes(pieces: list[str]) -> None:
    """The short cut for a text without a line break to turn changes nothing."""
    text = "".join(pieces)
    assert normalise_newlines(text) == _NEWLINES.sub("\n", text)


@pytest.mark.parametrize(
    ("data", "phrase"),
    [
        (b"", "empty"),
        (b"  \n\t\n", "empty"),
        (codecs.BOM_UTF8, "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (bytes(range(1, 9)) * 50, "binary"),
        (b"\x01\x00\x02\x00\x03\x00" * 40, "binary"),  # NUL every other byte, yet no text
        (codecs.BOM_UTF16_LE + b"\x00\xd8", "byte-order mark"),  # a lone surrogate
    ],
)
def test_unreadable_input_raises_a_clear_error(data: bytes, phrase: str) -> None:
    with pytest.raises(ArticleUnreadable, match=phrase) as caught:
        decode(data, "article.txt")
    assert str(caught.value).startswith("article.txt: ")


def test_missing_file_names_the_path(tmp_path) -> None:
    missing = tmp_path / "nowhere.txt"
    with pytest.raises(ArticleUnreadable, match=r"nowhere\.txt: no such file"):
        read_path(missing)


def test_directory_is_not_an_article(tmp_path) -> None:
    with pytest.raises(ArticleUnreadable, match="is a directory"):
        read_path(tmp_path)


def test_read_path_reports_the_latin1_warning(tmp_path) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes("Na\xefve claims are common.\r\n".encode("latin-1"))
    document = read_path(path)
    assert document.text == "Naïve claims are common.\n"
    assert any("Latin-1" in w for w in document.warnings)
