"""Build an extracted text block by block, recording block and marker offsets as it grows.

HTML and JATS readers feed it inline segments (text, or a citation marker with its keys); it
collapses whitespace, joins blocks with a blank line and keeps every offset exact.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from dataclasses import replace as _replace
from typing import Any

from claims.lexicon import words
from claims.limits import DEFAULT_LIMITS, Limits
from claims.markers import EXPONENT_BEFORE
from claims.model import Block, Document, Marker

_SPACE = re.compile(r"\s+")
_SEPARATOR = "\n\n"
# A marker of a group of notes glued to its word: "nests.[n 1]", "spring[note 2]".
# The look-behind comes after the "[" so that the engine can skip from one "[" to the next.
_GROUP_MARKER = re.compile(r"\[(?<=[^\s\[]\[)([A-Za-z]{1,4}) [1-9]\d{0,2}\]")
_NOTES = re.compile(r"\bnotes?\b", re.IGNORECASE)
# A full stop (with the markers after it) followed by a capital: where a cell's sentence ends.
# One superscript per repetition: "[¹²]+" inside "(...)*" would try every split of a run.
_CELL_BREAK = re.compile(
    r"[.!?](?:\s*\[[^\]\n]{1,40}\]|\^[\d,–-]+|[⁰¹²³⁴⁵⁶⁷⁸⁹˒⁻])*(?=\s+[A-Z(\"“])"
)
#: Words whose full stop may not end a sentence ("vs. Cyanocobalamin", "Dr. Smith", "Brig. Gen.").
ABBREVIATIONS = words("abbreviations.tsv")
# A word before a stop is read back no further than this: a longer one is no abbreviation.
_LONGEST_ABBREVIATION = max(map(len, ABBREVIATIONS)) + 1


@dataclass
class Segment:
    text: str
    marker: tuple[tuple[str, ...], str] | None = None  # (keys, style) of a <sup> marker
    line: int | None = None  # the file's line where ``text`` starts, when known


#: libxml2's HTML parser keeps line numbers in 16 bits: from here on, a sourceline says nothing.
_LINE_CEILING = 65535


def source_line(element: Any) -> int | None:
    """Return the file's line of an element's start tag, when the parser knows it."""
    line = element.sourceline
    return line if isinstance(line, int) and 0 < line < _LINE_CEILING else None


class Lines:
    """Follows the file's line while a tree is walked, for the segments of text it yields.

    An element's text starts on its start tag's line (``sourceline``). A tail starts where the
    next sibling's line less the tail's own line breaks says (exact), else where the text read
    so far ends (past libxml2's 65,535-line ceiling, only this count is left).
    """

    def __init__(self) -> None:
        self.reached = 1  # the line the last segment of text ended on

    def text(self, element: Any, text: str) -> Segment:
        """Return the segment of ``element``'s own text."""
        return self._at(source_line(element), text)

    def tail(self, element: Any) -> Segment:
        """Return the segment of ``element``'s tail (the text after its end tag)."""
        tail = element.tail
        following = element.getnext()
        line = source_line(following) if following is not None else None
        if line is not None:
            line -= tail.count("\n")
        return self._at(line, tail)

    def _at(self, line: int | None, text: str) -> Segment:
        if line is None:
            line = self.reached
        self.reached = line + text.count("\n")
        return Segment(text, line=line)


@dataclass
class Builder:
    """Accumulates the Document text, its blocks and markers while the tree is walked."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    blocks: list[Block] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    lines: list[tuple[int, int]] = field(default_factory=list)  # Document.lines
    #: the article, as messages name it
    source: str = "-"
    #: how many blocks it may hold (``limits.sentences``: each block is a sentence at least)
    limits: Limits = DEFAULT_LIMITS

    def add(self, segments: list[Segment], kind: str, **extra: Any) -> tuple[int, int] | None:
        """Append one block made of ``segments``; return its span, or None when empty.

        Raise ArticleTooLarge past the sentence limit in blocks: each would be a sentence, and
        a page of 19.9 MB of ``<p>Yes.</p>`` (1.8 million) passed 1.9 GB before any was made.
        """
        text, spans, lines = _join(segments, keep_space=kind == "code")
        if not text:
            return None
        limits = self.limits
        limits.check(
            len(self.blocks) + 1, limits.sentences, "paragraphs, items and cells", self.source
        )
        if self.parts:
            self.parts.append(_SEPARATOR)
            self.length += len(_SEPARATOR)
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        if extra.get("label_end") is not None:
            extra["label_end"] += start
        self.blocks.append(Block(kind, start, self.length, **extra))
        if spans:
            count = len(self.markers) + len(spans)
            limits.check(count, limits.markers, "citation markers", self.source)
        for offset, end, (keys, style) in spans:
            marker_text = text[offset:end]
            self.markers.append(Marker(marker_text, start + offset, start + end, keys, style))
        self.lines.extend((start + offset, line) for offset, line in lines)
        return start, self.length

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _join(
    segments: list[Segment], keep_space: bool
) -> tuple[str, list[tuple[int, int, tuple[tuple[str, ...], str]]], list[tuple[int, int]]]:
    """Return the block text with whitespace collapsed, the spans of its markers, and its
    ``(offset, line)`` anchors (see ``Document.lines``)."""
    out: list[str] = []
    length = 0
    spans: list[tuple[int, int, tuple[tuple[str, ...], str]]] = []
    lines: list[tuple[int, int]] = []
    for segment in segments:
        text = segment.text if keep_space else collapsed(segment.text)
        dropped = 0
        if not keep_space and text.startswith(" ") and (not out or out[-1].endswith(" ")):
            text, dropped = text[1:], 1
        if segment.line is not None:
            lines += _anchors(segment.text, segment.line, length, keep_space, dropped)
        if segment.marker and text.strip():
            lead = len(text) - len(text.lstrip())
            spans.append((length + lead, length + len(text.rstrip()), segment.marker))
        out.append(text)
        length += len(text)
    joined = "".join(out)
    stripped = joined.rstrip() if keep_space else joined.strip()
    if keep_space:
        stripped = stripped.strip("\n")
    lead = joined.find(stripped[:1]) if stripped else 0
    spans = [(s - lead, e - lead, m) for s, e, m in spans if e - lead <= len(stripped)]
    lines = [(min(max(o - lead, 0), len(stripped)), line) for o, line in lines]
    return stripped, spans, lines


def collapsed(text: str) -> str:
    """Return ``text`` with each run of white space made one space: ``re.sub(r"\\s+", " ",
    text)``, by string methods (``str.split`` cuts at the characters ``\\s`` matches, and
    ``" ".join(text.split())`` is the text collapsed and stripped), twice as fast on the many
    short segments of a page."""
    words = " ".join(text.split())
    if not words:
        return " " if text else ""
    return (" " if text[0].isspace() else "") + words + (" " if text[-1].isspace() else "")


def _anchors(
    raw: str, line: int, base: int, keep_space: bool, dropped: int
) -> list[tuple[int, int]]:
    """Return the ``(offset, line)`` anchors of one segment: its start, and after each run of
    whitespace holding line breaks, at that run's place in the collapsed text. One pass."""
    anchors = [(base, line)]
    if "\n" not in raw:
        return anchors
    if keep_space:  # the text is kept as it is: each line starts after its break
        for number, match in enumerate(re.finditer("\n", raw), start=1):
            anchors.append((base + match.end(), line + number))
        return anchors
    collapsed, previous = 0, 0
    for run in _SPACE.finditer(raw):
        collapsed += run.start() - previous + 1  # the words before, then one space
        previous = run.end()
        breaks = raw.count("\n", run.start(), run.end())
        if breaks:
            line += breaks
            anchors.append((base + max(collapsed - dropped, 0), line))
    return anchors


def kept_block(text: str, block: Block) -> Block | None:
    """Return ``block`` as a line-based reader keeps it (Markdown, plain text): without blanks
    at its ends, a code block when it reads as code; None if empty."""
    found = trimmed(text, block)
    return None if found is None else code_shaped(text, found)


def trimmed(text: str, block: Block) -> Block | None:
    """Return ``block`` without blanks at its ends (no-break spaces too), or None if empty."""
    start, end = block.start, block.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return None
    if (start, end) == (block.start, block.end):
        return block
    label_end = block.label_end if block.label_end and start < block.label_end <= end else None
    return _replace(block, start=start, end=end, label_end=label_end)


#: Blocks of prose that may be source code copied as text (its line breaks kept or lost).
_PROSE_KINDS = frozenset(("paragraph", "heading", "item"))
_CODE_SYMBOL = re.compile(r"[{}()=;<>+*/%&|$\\]")
#: Code has a block in braces and at least this many statements ending in a semicolon (prose
#: lists "(i) age; (ii) sex; (iii) income" and statistics "(n = 40; SD = 1.1)" have no braces,
#: TeX "\frac{1}{2}" no semicolons) ...
_STATEMENTS = 2
#: ... and this share of its characters are operators and brackets (prose stays under 0.09).
_CODE_DENSITY = 0.12


def code_shaped(text: str, block: Block) -> Block:
    """Return ``block`` as a code block when its text reads as source code ("bool ok(char
    d[13]) { int i; ... }"): a bracket there indexes an array, it cites nothing."""
    if block.kind not in _PROSE_KINDS:
        return block
    body = text[block.start : block.end]
    if "{" not in body or "}" not in body or body.count(";") < _STATEMENTS:
        return block
    if len(_CODE_SYMBOL.findall(body)) < _CODE_DENSITY * len(body):
        return block
    return _replace(block, kind="code", level=0, label_end=None)


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return the spans of the sentences in ``text[start:end]`` (for table cells)."""
    spans: list[tuple[int, int]] = []
    position = start
    searched = start
    for stop in _CELL_BREAK.finditer(text, start, end):
        word = _word_before(text, max(searched, stop.start() - _LONGEST_ABBREVIATION), stop.start())
        searched = stop.end()
        if word.lower() in ABBREVIATIONS or (len(word) == 1 and word.isupper()):
            continue
        spans.append((position, stop.end()))
        position = stop.end()
        while position < end and text[position].isspace():
            position += 1
    if position < end:
        spans.append((position, end))
    return spans


def _word_before(text: str, floor: int, stop: int) -> str:
    """Return the non-blank characters right before ``stop``, reading back no further than
    ``floor`` (a longer word is no abbreviation, so its tail is enough)."""
    begin = stop
    while begin > floor and not text[begin - 1].isspace():
        begin -= 1
    return text[begin:stop]


def split_cells(document: Document) -> Document:
    """Return ``document`` with each table cell holding several sentences cut into one per cell.

    A cell is one sentence unit downstream, so a cell with two sentences would be one claim.
    """
    blocks: list[Block] = []
    changed = False
    for block in document.blocks:
        if block.kind != "cell":
            blocks.append(block)
            continue
        spans = sentence_spans(document.text, block.start, block.end)
        changed = changed or len(spans) > 1
        if spans == [(block.start, block.end)]:  # most cells: one sentence, the block itself
            blocks.append(block)
            continue
        blocks.extend(_replace(block, start=s, end=e) for s, e in spans)
    return _replace(document, blocks=tuple(blocks)) if changed else document


def follows_a_number_or_unit(before: str) -> bool:
    """Return True when a superscript after ``before`` is an exponent ("10²", "m²"), no marker."""
    return bool(EXPONENT_BEFORE.search(before.rstrip()))


def cited_note_group(text: str) -> str | None:
    """Return the group name of the notes a text cites ("n" for "[n 1]"), else None.

    A page with a group of notes numbers both its notes and its references from 1; the notes'
    markers print the group, so a "1." under "Notes" is entry "n 1", not reference 1.
    """
    groups = Counter(m.group(1) for m in _GROUP_MARKER.finditer(text))
    return groups.most_common(1)[0][0] if groups else None


def names_notes(heading: str) -> bool:
    """Return True for a heading over a list of notes ("Notes", "Explanatory notes")."""
    return bool(_NOTES.search(heading))
