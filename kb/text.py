"""Article text cut down for a place with little room (a report's column, a graph node's
label), and its control characters made inert in XML."""

from __future__ import annotations

import functools
import re


def one_line(text: str, width: int) -> str:
    """Return ``text`` on one line, cut to ``width`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


#: The characters XML 1.0 cannot hold even as a character reference, as the inside of a
#: character class: C0 controls but tab, newline and CR; surrogates; U+FFFE and U+FFFF.
NOT_XML_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"


@functools.cache
def _xml_control() -> re.Pattern[str]:
    """``NOT_XML_CHARS``, and CR, DEL and the C1 controls, which XML holds as references.
    Compiled on first use (a millisecond a query worker's start need not pay)."""
    return re.compile(f"[{NOT_XML_CHARS}\r\x7f-\x9f]")


def _inert(match: re.Match[str]) -> str:
    code = ord(match[0])
    if code == 0x0D:
        return "&#13;"
    if 0x7F <= code <= 0x9F:
        return f"&#x{code:x};"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def xml_inert(text: str) -> str:
    """Return XML text with its control characters inert: CR, DEL and C1 as character references
    (read back as they were: a parser reads a raw CR as a newline), and those XML cannot hold
    shown as ``\\xNN`` (``\\uXXXX``)."""
    return _xml_control().sub(_inert, text)
