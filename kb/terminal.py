"""Text that reaches a terminal: article text never does as a control sequence.

Pages scraped from the web can hold terminal control sequences (``ESC ] 0;`` setting a window
title, OSC 8 hyperlinks, OSC 52 clipboard writes, CSI, C1 controls, BEL, backspace, CR). Every
command's output goes through :func:`visible` (text for people: tables, Markdown, lists,
messages) or :func:`escaped` (a machine format, escaped the way that format escapes), so such
a sequence is printed as ``\\x1b`` and never acted on. Text for people also escapes the
bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): a terminal
that lays out bidi text (VTE, mlterm) shows what follows an override in another order than
it is stored (a title "\\u202etxt.exe" shows as "exe.txt"). Colour is added after escaping,
by rich or click, so our own styles still work.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Callable, Iterator
from typing import IO, cast

from kb.text import xml_inert

#: C0 controls but tab and newline, DEL, the C1 controls (U+0080-U+009F), and the bidi
#: embeddings, overrides and isolates.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: The same, less CR: a machine format's own line ends ("\r\n" in SPARQL CSV).
_CONTROL_BUT_CR = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")


def _hex(match: re.Match[str]) -> str:
    code = ord(match[0])
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _unicode(match: re.Match[str]) -> str:
    return f"\\u{ord(match[0]):04x}"


def visible(text: str) -> str:
    """Return ``text`` with every control character but tab and newline written as ``\\xNN``,
    and every bidi override, embedding and isolate as ``\\uNNNN``."""
    return _CONTROL.sub(_hex, text)


def one_line(text: str) -> str:
    """Return ``text`` as :func:`visible` does, its line breaks too written as ``\\n``: an
    error message stays one line whatever value it quotes (a typed IRI, a file name)."""
    return visible(text).replace("\n", "\\n")


def escaped(text: str, fmt: str) -> str:
    """Return the text of a machine format ``fmt`` with its control characters escaped.

    JSON, Turtle, N-Triples, TriG and SPARQL TSV take ``\\uXXXX`` in their strings (lossless,
    and a control character can be nowhere else in them); XML takes a character reference for
    DEL and C1 and cannot hold C0; CSV has no escape, so ``\\xNN``; anything else is text for
    people (:func:`visible`).
    """
    return _ESCAPES.get(fmt, visible)(text)


#: What writers of JSON (json, orjson) and RDF text (pyoxigraph) leave raw of the controls
#: ``escaped`` escapes: DEL and C1, in UTF-8 (they escape C0 and CR themselves).
_RAW = re.compile(rb"\x7f|\xc2[\x80-\x9f]")
#: Formats with no escape of their own for C0 (CSV; pyoxigraph's XML writers, results and
#: RDF/XML, which leave even an ESC raw): every control ``escaped`` escapes, in UTF-8.
_RAW_C0 = {
    "csv": re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\r(?!\n)|\xc2[\x80-\x9f]"),
    "xml": re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]"),
}
_RAW_C0["rdfxml"] = _RAW_C0["xml"]
#: Every byte but the C0 controls (less tab and newline) and DEL: what is left of a text after
#: deleting them is empty when it holds none (13 ms for 40 MB, where ``_RAW_C0``'s scan takes
#: 360 ms); C1 controls are looked for by their lead byte, a fast search.
_NOT_C0 = bytes(b for b in range(256) if b in b"\t\n" or 0x20 <= b != 0x7F)
_C1 = re.compile(rb"\xc2[\x80-\x9f]")


def escaped_bytes(data: bytes, fmt: str) -> bytes:
    """Return UTF-8 ``data`` of format ``fmt`` written by a standard writer (JSON, RDF, XML,
    CSV) with its control characters escaped as :func:`escaped` escapes them, without decoding
    it."""
    raw = _RAW_C0.get(fmt)
    if raw is not None:
        left = data.translate(None, _NOT_C0)
        if fmt == "csv" and data.count(b"\r") == data.count(b"\r\n"):  # its own line ends
            left = left.replace(b"\r", b"")
        if not left and not _C1.search(data):
            return data
    else:
        if b"\x7f" not in data and not _C1.search(data):  # a memchr and a prefix search
            return data  # the pattern's scan takes 150 ms for 30 MB
        raw = _RAW
    return raw.sub(lambda m: escaped(m[0].decode(), fmt).encode(), data)


def escaped_json(data: bytes) -> bytes:
    """Return JSON written as UTF-8 by a standard writer (json, orjson) with its control
    characters escaped as ``escaped(text, "json")`` escapes them, without decoding it."""
    return escaped_bytes(data, "json")


@contextlib.contextmanager
def escaping(out: IO[bytes], fmt: str) -> Iterator[IO[bytes]]:
    """Yield ``out`` with what is written to it passed through :func:`escaped_bytes`: for a
    streaming writer (pyoxigraph's dump, the network exports) of format ``fmt``."""
    writer = _EscapingWriter(out, fmt)
    yield cast("IO[bytes]", writer)  # the writers call only write() and flush()
    writer.finish()


class _EscapingWriter:
    """A binary output whose writes are escaped; a character split across two writes is held
    back until the next, and :meth:`finish` writes what is held at the end."""

    def __init__(self, out: IO[bytes], fmt: str) -> None:
        self.out, self.fmt = out, fmt
        self.held = b""

    def write(self, data: bytes) -> int:
        given = len(data)
        data = self.held + bytes(data)
        self.held = b""
        if data.endswith((b"\xc2", b"\r")):  # a C1 control's first byte; a CR before LF?
            data, self.held = data[:-1], data[-1:]
        self.out.write(escaped_bytes(data, self.fmt))
        return given

    def flush(self) -> None:
        self.out.flush()

    def finish(self) -> None:
        self.out.write(self.held)
        self.held = b""


_ESCAPES: dict[str, Callable[[str], str]] = {
    **dict.fromkeys(
        ("json", "jsonl", "jsonld", "ttl", "nt", "trig", "nquads", "tsv"),
        lambda t: _CONTROL_BUT_CR.sub(_unicode, t),
    ),
    "csv": lambda t: _CONTROL_BUT_CR.sub(_hex, t),
    "xml": xml_inert,
    "rdfxml": xml_inert,
}


def echo(text: str = "", *, err: bool = False, nl: bool = True) -> None:
    """Print ``text`` (no colour) with its control characters made visible."""
    import click  # on first use: a query worker escapes its results without click

    click.echo(visible(text), err=err, nl=nl)


def secho(text: str, *, err: bool = False, **style: object) -> None:
    """Print ``text`` with its control characters made visible, then styled by click."""
    import click

    click.secho(visible(text), err=err, **style)  # type: ignore[arg-type]


def output_width(default: int) -> int:
    """Return the width to print at: the terminal's when standard output is one, else
    ``$COLUMNS``, else ``default`` (so a file or a pipe gets the same text wherever it runs)."""
    if sys.stdout.isatty():
        import shutil  # on first use: not in a query worker's start

        return shutil.get_terminal_size((default, 24)).columns
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else default
