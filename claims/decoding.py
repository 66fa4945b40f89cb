"""Bytes to text: BOM-aware UTF-8/UTF-16 decoding, a Latin-1 fallback, newline normalisation."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from claims.errors import ArticleUnreadable

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control characters that never occur in text (tab, newline, carriage return, form feed excluded).
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")
_CONTROL_TEXT = re.compile(r"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\ufffd]")
_NEWLINES = re.compile(r"\r\n?|\u2028|\u2029|\x85")
#: The characters every match of _NEWLINES starts with: a text holding none is left as it is,
#: found by a search for each (ten times faster than the pattern's scan of non-ASCII text).
_BREAKS = ("\r", "\u2028", "\u2029", "\x85")
_SAMPLE = 8192
_DECLARED = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?([A-Za-z0-9_.:-]{2,40})""", re.I)


@dataclass(frozen=True)
class Decoded:
    """Decoded text with the encoding used and any warning worth showing the user."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def decode(data: bytes, source: str = "-") -> Decoded:
    """Return the text of ``data`` with newlines normalised to ``\\n``.

    Raises ArticleUnreadable for empty or binary input.
    """
    if not data.strip():
        raise ArticleUnreadable(f"{source}: the article is empty; give a file with text in it")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return Decoded(_decode_with_bom(data[len(bom) :], encoding, source), encoding)
    utf16 = _utf16_without_bom(data)
    if utf16:
        text = data.decode(utf16, errors="replace")
        if len(_CONTROL_TEXT.findall(text[:_SAMPLE])) > min(len(text), _SAMPLE) // 20:
            raise ArticleUnreadable(_binary_message(source))
        return Decoded(normalise_newlines(text), utf16)
    _reject_binary(data, source)
    try:
        return Decoded(normalise_newlines(data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError:
        pass
    declared = _declared_encoding(data)
    if declared:
        return Decoded(normalise_newlines(data.decode(declared, errors="replace")), declared)
    warning = f"{source}: not valid UTF-8; read as Latin-1 (check the characters)"
    return Decoded(normalise_newlines(data.decode("latin-1")), "latin-1", (warning,))


def normalise_newlines(text: str) -> str:
    """Return ``text`` with CRLF, CR and Unicode line separators turned into ``\\n``."""
    return _NEWLINES.sub("\n", text) if any(b in text for b in _BREAKS) else text


def _decode_with_bom(data: bytes, encoding: str, source: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ArticleUnreadable(
            f"{source}: starts with a {encoding} byte-order mark but is not valid {encoding} "
            f"(byte {exc.start}); re-save it as UTF-8"
        ) from exc
    if not text.strip():
        raise ArticleUnreadable(f"{source}: the article is empty; give a file with text in it")
    return normalise_newlines(text)


def _declared_encoding(data: bytes) -> str | None:
    """Return the encoding an HTML or XML head declares (``charset=windows-1252``), if known."""
    match = _DECLARED.search(data[:_SAMPLE])
    if not match:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None
    return None if name in ("utf-8", "utf-16", "utf-32") else name


def _utf16_without_bom(data: bytes) -> str | None:
    """Return "utf-16-le"/"utf-16-be" when every other byte is NUL (text without a BOM)."""
    sample = data[:_SAMPLE]
    if len(sample) < 4 or len(sample) % 2:
        return None
    if sample[1::2].count(0) > len(sample) * 0.45:
        return "utf-16-le"
    if sample[0::2].count(0) > len(sample) * 0.45:
        return "utf-16-be"
    return None


def _reject_binary(data: bytes, source: str) -> None:
    sample = data[:_SAMPLE]
    if b"\x00" in sample or len(_CONTROL.findall(sample)) > len(sample) // 20:
        raise ArticleUnreadable(_binary_message(source))


def _binary_message(source: str) -> str:
    return (
        f"{source}: looks like a binary file, not text; give a .txt, .md, .html or "
        "JATS .xml article"
    )
