"""Bytes to a Document: decode, detect the format, dispatch to the format's reader.

The readers, the decoder and the model are imported on first use: the CLI imports this module
for its constants (FORMATS, MAX_SIZE, EXTENSIONS), and every command, ``query`` included,
would otherwise compile the marker patterns as it starts.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from claims.errors import ArticleTooLarge, ArticleUnreadable
from claims.limits import DEFAULT_LIMITS, MAX_SIZE, Limits, limits_for, megabytes

if TYPE_CHECKING:
    from claims.model import Document

__all__ = [
    "EXTENSIONS",
    "FORMATS",
    "MAX_SIZE",
    "check_size",
    "detect_format",
    "format_from_extension",
    "format_named",
    "read_document",
    "read_path",
    "read_stdin",
    "read_text",
]

FORMATS = ("txt", "md", "html", "jats")
#: The formats file extensions name: what ``extract`` reads and ``ingest DIR`` looks for.
EXTENSIONS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".mdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".xml": "jats",
    ".nxml": "jats",
}
_ALIASES = {"text": "txt", "markdown": "md", "htm": "html", "xhtml": "html", "xml": "jats"}
_JATS = re.compile(
    r"<!DOCTYPE\s+article[^>]*JATS|<article\b[^>]*(?:dtd-version|jats|xmlns:mml)|<front>",
    re.IGNORECASE,
)
_HTML = re.compile(r"<!DOCTYPE\s+html|<html\b|<body\b|<head\b", re.IGNORECASE)
_HTML_BLOCK = re.compile(r"<(?:p|div|h[1-6]|ul|ol|li|table|article|section)\b[^>]*>", re.I)
_MARKDOWN = re.compile(
    r"^(?:#{1,6}\s+\S|\|.*\|[^\S\n]*\n\|?[^\S\n]*:?-{3,}|```|\*\*[^*\n]+\*\*)"
    r"|\[[^\[\]\n]+\]\((?:https?://|/|#)[^)\s]*\)",  # no "[" inside: one scan of a "[" run
    re.MULTILINE,
)


def read_path(
    path: str | Path, fmt: str | None = None, max_size: int | None = MAX_SIZE
) -> Document:
    """Return the Document read from a file (``-`` is standard input); ``fmt`` overrides.

    Raise ArticleTooLarge, having read no more than ``max_size`` bytes and one, for a larger
    file (None: no limit), or for more lines or blocks than ``max_size`` allows
    (:mod:`claims.limits`).
    """
    if str(path) == "-":
        return read_document(read_stdin(max_size), "-", fmt, max_size)
    path = Path(path)
    try:
        with path.open("rb") as file:
            data = file.read(_limit(max_size))
        check_size(len(data), str(path), max_size)
    except FileNotFoundError:
        raise ArticleUnreadable(f"{path}: no such file; check the path") from None
    except IsADirectoryError:
        raise ArticleUnreadable(f"{path}: is a directory; give an article file") from None
    except OSError as exc:
        raise ArticleUnreadable(f"{path}: cannot be read ({exc.strerror}); check it") from None
    return _read(data, str(path), fmt, format_from_extension(path), limits_for(max_size))


def read_stdin(max_size: int | None = MAX_SIZE) -> bytes:
    """Return the bytes of standard input; raise ArticleTooLarge, having read no more than
    ``max_size`` bytes and one, when there are more (an endless ``yes |`` included)."""
    import sys

    data = sys.stdin.buffer.read(_limit(max_size))
    check_size(len(data), "-", max_size)
    return data


def _limit(max_size: int | None) -> int:
    """Return how many bytes to read to tell a file over ``max_size`` (-1: all)."""
    return -1 if max_size is None else max_size + 1


def check_size(size: int, source: str, max_size: int | None) -> None:
    """Raise ArticleTooLarge when ``size`` bytes are over ``max_size`` (None: no limit)."""
    if max_size is not None and size > max_size:
        raise ArticleTooLarge(
            f"{source}: larger than the {megabytes(max_size)} limit for one article; split it, "
            "or raise the limit with --max-size (reading takes time and memory in proportion)"
        )


def _read_lines_checked(fmt: str, text: str, source: str, limits: Limits) -> Document:
    """Return the Document of ``text`` in the format ``fmt``, lines counted first: the line
    readers (txt, md) hold every line before any sentence is made."""
    if fmt in ("txt", "md"):
        limits.check(text.count("\n"), limits.lines, "lines", source)
    return _READERS[fmt](text, source, limits)


def format_from_extension(path: str | Path) -> str | None:
    """Return the format an extension names, or None when it names none."""
    return EXTENSIONS.get(Path(path).suffix.lower())


_XML_ROOT = re.compile(r"<([A-Za-z_][\w:.-]*)[\s/>]")


def detect_format(text: str) -> str:
    """Return the format the content looks like: jats, html, md or txt."""
    head = text[:4096]
    if _JATS.search(head):
        return "jats"
    if _HTML.search(head) or (text.lstrip().startswith("<") and _HTML_BLOCK.search(head)):
        return "html"
    if _MARKDOWN.search(text[:20000]):
        return "md"
    if len(_HTML_BLOCK.findall(text[:20000])) >= 3:
        return "html"  # a fragment of a page: several block tags, no Markdown
    return "txt"


def read_document(
    data: bytes, source: str, fmt: str | None = None, max_size: int | None = MAX_SIZE
) -> Document:
    """Return the Document in ``data``; ``fmt`` (txt, md, html, jats) overrides detection.
    Its lines and blocks are limited as those of a file of ``max_size`` bytes."""
    return _read(data, source, fmt, None, limits_for(max_size))


def format_named(fmt: str, source: str) -> str:
    """Return the format ``fmt`` names (txt, md, html, jats, or an alias such as markdown).

    Raise ArticleUnreadable, naming ``source``, for a name that is none of them.
    """
    name = _ALIASES.get(fmt.lower(), fmt.lower())
    if name not in FORMATS:
        known = ", ".join(FORMATS)
        raise ArticleUnreadable(f"{source}: unknown format {name!r}; use one of {known}")
    return name


def read_text(text: str, source: str, fmt: str) -> Document:
    """Return the Document of already decoded ``text`` in the format ``fmt`` (no sniffing)."""
    from claims.blocktext import split_cells

    return split_cells(_read_lines_checked(format_named(fmt, source), text, source, DEFAULT_LIMITS))


def _read(data: bytes, source: str, fmt: str | None, hint: str | None, limits: Limits) -> Document:
    """Read with the explicit ``fmt``, else the extension's ``hint`` checked, else sniffing."""
    from dataclasses import replace

    from claims.blocktext import split_cells
    from claims.decoding import decode

    fmt = format_named(fmt, source) if fmt else None
    decoded = decode(data, source)
    text = decoded.text
    if fmt is None and hint == "jats" and not _JATS.search(text[:4096]):
        hint = _not_jats(text, source)  # an .xml file that is not JATS: only if it is a page
    document = split_cells(
        _read_lines_checked(fmt or hint or detect_format(text), text, source, limits)
    )
    warnings = decoded.warnings + document.warnings
    if not document.blocks:
        warnings += (
            f"{source}: no text found in this {document.format} document (a page built by "
            "JavaScript, or the wrong --input-format?)",
        )
    return replace(document, warnings=warnings) if warnings else document


def _not_jats(text: str, source: str) -> str:
    """Return "html" for an XHTML page named .xml; refuse other XML, which is not an article."""
    if detect_format(text) == "html":
        return "html"
    root = _XML_ROOT.search(text[:4096])
    name = f"a <{root.group(1)}>" if root else "no"
    raise ArticleUnreadable(
        f"{source}: XML with {name} root element, not a JATS article: claimkb reads JATS XML, "
        "HTML, Markdown and plain text; give --input-format txt to read the file as plain text"
    )


def _read_txt(text: str, source: str, limits: Limits) -> Document:
    from claims.model import Document
    from claims.plaintext import read_plaintext

    if text.startswith("\ufeff"):
        text = text[1:]
    blocks = read_plaintext(text)
    title = next((text[b.start : b.end] for b in blocks if b.kind == "title"), None)
    return Document(source, "txt", text, blocks, title=title)


def _read_md(text: str, source: str, limits: Limits) -> Document:
    from claims.markdown import read_markdown

    return read_markdown(text, source)


def _read_html(text: str, source: str, limits: Limits) -> Document:
    from claims.html import read_html

    return read_html(text, source, limits)


def _read_jats(text: str, source: str, limits: Limits) -> Document:
    from claims.jats import read_jats

    return read_jats(text, source, limits)


_READERS = {"txt": _read_txt, "md": _read_md, "html": _read_html, "jats": _read_jats}
