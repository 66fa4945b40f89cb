"""Blocks of a Markdown article: headings, paragraphs, list items, table cells, code, references.

The Document's text is the Markdown source itself, so blocks point into it and every markup
character stays where it was (``[text](url)`` links included).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import chain

from claims import furniture
from claims.blocktext import (
    cited_note_group,
    follows_a_number_or_unit,
    kept_block,
    names_notes,
)
from claims.markers import label_keys
from claims.model import Block, Document, Marker

_LINE = re.compile(r"^[^\n]*", re.MULTILINE)
_ATX = re.compile(r" {0,3}(#{1,6})(?:[ \t]+|$)")
# Runs of blanks start only after a non-blank (the lookbehinds): a search that tries every
# blank of a long run, each scanning to the run's end, is quadratic.
_ATX_CLOSE = re.compile(r"(?<![ \t])[ \t]+#+[ \t]*$|(?<![ \t])[ \t]+$")
_SETEXT = re.compile(r" {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
# Repeated groups are possessive ("*+", "{3,}+"): Python's re otherwise keeps a backtracking
# mark for each repetition, 120 bytes per character of a line of "***..." or "|||...".
_RULE = re.compile(r" {0,3}(?:(?:\*[ \t]*+){3,}+|(?:-[ \t]*+){3,}+|(?:_[ \t]*+){3,}+)$")
_LIST = re.compile(r"([ \t]*)(?:[-*+•]|(\d{1,4})[.)])[ \t]+(?:\[[ xX]\][ \t]+)?(?=\S)")
_QUOTE = re.compile(r"[^\S\n]*+(?:>[^\S\n]*+)*+")
# No two blank runs side by side ("\s*\|?\s*" tries every split of a run of spaces).
_TABLE_SEPARATOR = re.compile(r"\s*(?:\|\s*)?:?-+:?\s*(?:\|\s*:?-++:?\s*)*+(?:\|\s*)?$")
# A row of a table written without its separator line: "| a | b |", two cells at least.
_PIPE_ROW = re.compile(r"\s{0,3}\|(?:[^|\n]*+\|){2,}+\s*")
# A cell's edge: a pipe not escaped ("\|") and not inside a code span.
_CELL_EDGE = re.compile(r"`[^`\n]*`|\\.|(\|)")
_FOOTNOTE_DEF = re.compile(r" {0,3}\[\^([^\]\s]+)\]:[ \t]*")
_LINK_DEF = re.compile(r" {0,3}\[[^\]]+\]:[ \t]*\S+")
# YAML front matter: "key: value" lines (or their indented continuations) between --- lines.
_FRONT_MATTER = re.compile(
    r"---[ \t]*\n(?:(?:[\w-]+:.*|[ \t]++.*|- .*|#.*|)\n){0,200}?(?:---|\.\.\.)[ \t]*(?:\n|$)"
)
_FRONT_TITLE = re.compile(r"^title:[ \t]*+(.+)$", re.MULTILINE)
# The key starts and ends with a non-blank, so the blanks around it are matched one way only.
_SUP = re.compile(r"<sup>\s*([^<>\s](?:[^<>\n]{0,18}?[^<>\s])?)\s*</sup>", re.IGNORECASE)
_FOOTNOTE_REF = re.compile(r"\[\^([^\[\]\s]+)\](?!:)")  # no "[" inside: one scan of a "[^" run
_LABEL = re.compile(r"(\*\*|__)?([^:*_\n]{1,60}?)(?::(\*\*|__)|(\*\*|__):|:)[ \t]+(?=\S)")
# An entry's own bracketed label ("[12] Lee J. ..."), not a first citation of a bundle of them
# ("[10][11][12]" alone in a note)
_BRACKET_KEY = re.compile(r"\[(\d{1,4})\](?![ \t]*(?:\[|<sup))[ \t]*")
_SPACE = re.compile(r"[ \t]*")
_BOLD_LINE = re.compile(r"(\*\*|__)([^*_\n]{1,120})\1")
_EMPHASIS_LINE = re.compile(r"([*_])(?!\1)([^*_\n]{1,160})\1")
_BULLET = re.compile(r"\A[ \t]*[-*+•][ \t]+")
_ENTRIES_LOOKED_AT = 4
# Link text holds no bracket and a destination at most one pair of parentheses ("wiki/A_(b)"),
# so a run of "[" or "[a](" is scanned once, not once from each of its characters.
_LINK = r"\[([^\[\]\n]*)\]\([^()\n]*(?:\([^()\n]*\)[^()\n]*)?\)"
_INLINE = re.compile(rf"{_LINK}|[*_`]+")


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def read_markdown(text: str, source: str) -> Document:
    """Return the Document of a Markdown text."""
    if text.startswith("\ufeff"):
        text = text[1:]
    front = _FRONT_MATTER.match(text)
    reader = _Reader(text, skip=front.end() if front else 0)
    blocks = tuple(reader.read())
    title = next((text[b.start : b.end] for b in blocks if b.kind == "title"), None)
    if title is None and front and (declared := _FRONT_TITLE.search(front.group())):
        title = declared.group(1).strip().strip("\"'") or None
    code = [(b.start, b.end) for b in blocks if b.kind == "code"]
    markers = tuple(
        sorted((m for m in _markers(text) if not _in_code(code, m.start)), key=lambda m: m.start)
    )
    return Document(source, "md", text, blocks, title=title, explicit_markers=markers)


class _Reader:
    """Walks the lines once, keeping track of the reference and disclaimer sections."""

    def __init__(self, text: str, skip: int = 0) -> None:
        self.text = text
        self.skip = skip  # YAML front matter: metadata, not text
        self.lines = [_Line(m.start(), m.end(), m.group()) for m in _LINE.finditer(text)]
        self.blocks: list[Block] = []
        self.mode = "normal"
        self.has_title = False
        self.substantial = 0  # blocks so far that are not furniture
        self.index = 0  # the line being read
        self.cited_group = cited_note_group(text)
        self.note_group: str | None = None  # the group name of the notes list being read

    def read(self) -> list[Block]:
        i = 0
        while i < len(self.lines):
            i = self._step(i)
        return self.blocks

    def _step(self, i: int) -> int:
        line = self.lines[i]
        self.index = i
        if line.start < self.skip or line.blank or _RULE.match(line.text):
            return i + 1
        if line.text.lstrip().startswith("<!--"):
            return self._comment(i)
        if _LINK_DEF.match(line.text) and not _FOOTNOTE_DEF.match(line.text):
            return i + 1
        if fence := _FENCE.match(line.text):
            return self._code(i, fence.group(1))
        if atx := _ATX.match(line.text):
            end = line.start + len(_ATX_CLOSE.sub("", line.text))
            self._heading(line.start + atx.end(), max(end, line.start + atx.end()), len(atx[1]))
            return i + 1
        if self._is_setext(i):
            level = 1 if self.lines[i + 1].text.strip()[0] == "=" else 2
            start = line.start + len(line.text) - len(line.text.lstrip())
            self._heading(start, line.start + len(line.text.rstrip()), level)
            return i + 2
        if self._is_table(i):
            return self._table(i)
        if footnote := _FOOTNOTE_DEF.match(line.text):
            return self._paragraph(i, "reference", footnote.end(), key=footnote.group(1))
        if line.text.startswith("    ") and self._after_blank(i) and not self._in_list(i):
            return self._indented_code(i)
        if item := _LIST.match(line.text):
            kind = {"references": "reference", "links": "furniture"}.get(self.mode, "item")
            key = item.group(2) if kind == "reference" else None
            if key and self.note_group:
                key = f"{self.note_group} {key}"  # "1." under Notes when the body cites "[n 1]"
            return self._paragraph(i, kind, item.end(), key=key, item=True)
        if self.mode == "links":
            self.mode = "normal"  # prose after the links: the list has ended
        kind = {"references": "reference", "disclaimer": "disclaimer"}.get(self.mode, "paragraph")
        return self._paragraph(i, kind, _matched_end(_QUOTE, line.text))

    # -- helpers ---------------------------------------------------------------------------

    def _after_blank(self, i: int) -> bool:
        return i == 0 or self.lines[i - 1].blank

    def _in_list(self, i: int) -> bool:
        return bool(self.blocks) and self.blocks[-1].kind in ("item", "reference")

    def _is_setext(self, i: int) -> bool:
        if i + 1 >= len(self.lines) or not _SETEXT.match(self.lines[i + 1].text):
            return False
        line = self.lines[i]
        return not _LIST.match(line.text) and not self.lines[i + 1].blank

    def _is_table(self, i: int) -> bool:
        """Return True at a table's header row (a separator line under it) or at a lone row."""
        if "|" not in self.lines[i].text:
            return False
        if _PIPE_ROW.fullmatch(self.lines[i].text):
            return True
        if i + 1 >= len(self.lines):
            return False
        separator = self.lines[i + 1].text
        # "a | b" over "-|-": a table; over "--" alone it is a setext heading.
        return bool(_TABLE_SEPARATOR.match(separator)) and ("|" in separator or "---" in separator)

    def _starts_block(self, i: int) -> bool:
        text = self.lines[i].text
        return bool(
            _ATX.match(text)
            or _FENCE.match(text)
            or _LIST.match(text)
            or _RULE.match(text)
            or _FOOTNOTE_DEF.match(text)
            or self._is_table(i)
        )

    # -- blocks ----------------------------------------------------------------------------

    def _add(self, block: Block) -> None:
        if (kept := kept_block(self.text, block)) is not None:
            self.blocks.append(kept)
            self.substantial += kept.kind != "furniture"

    def _heading(self, start: int, end: int, level: int) -> None:
        kind = furniture.line_kind(plain(self.text[start:end]))
        if kind == "list-heading":  # "Notes", "Sources": a reference list only over entries
            kind = "reference-heading" if self._opens_references(kind) else None
        self.mode = {
            "reference-heading": "references",
            "disclaimer-heading": "disclaimer",
            "furniture-heading": "links",  # "See also", "Read next": the list below is links
        }.get(kind or "", "normal")
        self.note_group = self.cited_group if names_notes(self.text[start:end]) else None
        if kind in ("furniture", "furniture-heading"):
            self._add(Block("furniture", start, end))
        elif level == 1 and not self.has_title:
            self.has_title = True
            self._add(Block("title", start, end, level=1))
        else:
            self._add(Block("heading", start, end, level=level))

    def _comment(self, i: int) -> int:
        """Skip an HTML comment, however many lines it spans."""
        j = i
        while j < len(self.lines) and "-->" not in self.lines[j].text:
            j += 1
        return j + 1

    def _code(self, i: int, fence: str) -> int:
        j = i + 1
        while j < len(self.lines) and not self.lines[j].text.lstrip().startswith(fence):
            j += 1
        if j > i + 1:
            self._add(Block("code", self.lines[i + 1].start, self.lines[j - 1].end))
        return j + 1

    def _indented_code(self, i: int) -> int:
        j = i
        while j < len(self.lines) and (
            self.lines[j].text.startswith("    ") or self.lines[j].blank
        ):
            j += 1
        while self.lines[j - 1].blank:
            j -= 1
        self._add(Block("code", self.lines[i].start + 4, self.lines[j - 1].end))
        return j

    def _table(self, i: int) -> int:
        """Add the cells of a table; its first row is a header only over a separator line."""
        separated = i + 1 < len(self.lines) and bool(_TABLE_SEPARATOR.match(self.lines[i + 1].text))
        self._row(self.lines[i], header=separated)
        j = i + 2 if separated else i + 1
        while j < len(self.lines) and "|" in self.lines[j].text and not self.lines[j].blank:
            if not _TABLE_SEPARATOR.match(self.lines[j].text):
                self._row(self.lines[j])
            j += 1
        return j

    def _row(self, line: _Line, header: bool = False) -> None:
        """Add one cell block per non-empty cell of a pipe table row.

        The edges are walked, never listed: a line of a million pipes held 46 MB of them.
        """
        edges = (m.start(1) for m in _CELL_EDGE.finditer(line.text) if m.group(1))
        left = -1
        for right in chain(edges, (len(line.text),)):
            if right > left + 1:  # an empty cell adds nothing
                start, end = line.start + left + 1, line.start + right
                self._add(Block("cell", start, end, header=header, row=line.start))
            left = right

    def _paragraph(
        self, i: int, kind: str, offset: int, key: str | None = None, item: bool = False
    ) -> int:
        """Add the block starting ``offset`` characters into line ``i``; return the next line."""
        first = self.lines[i]
        start = first.start + offset
        end = first.start + len(first.text.rstrip())
        j = i + 1
        while j < len(self.lines) and not self.lines[j].blank and not self._starts_block(j):
            if self._is_setext(j) or (item and _LIST.match(self.lines[j].text)):
                break
            end = self.lines[j].start + len(self.lines[j].text.rstrip())
            j += 1
        if start >= end:
            return j
        if kind == "reference" and (bracket := _BRACKET_KEY.match(self.text, start)):
            key, start = bracket.group(1), bracket.end()
        self._add(self._block(kind, start, end, key, item))
        return j

    def _is_standfirst(self, start: int, end: int) -> bool:
        """Return True for an italic line under the title ("*A column for the Review*")."""
        if self.has_title is False or self.substantial != 1:
            return False  # only right under the title
        match = _EMPHASIS_LINE.fullmatch(self.text, start, end)
        return match is not None and not furniture.has_final_stop(match.group(2))

    def _opens_references(self, kind: str | None) -> bool:
        """Return True when a heading of lexicon ``kind`` on the current line opens references."""
        entries: list[str] = []
        for j in range(self.index + 1, len(self.lines)):  # not a copy of every line after it
            line = self.lines[j]
            if _ATX.match(line.text) or len(entries) >= _ENTRIES_LOOKED_AT:
                break
            if not line.blank:
                entries.append(plain(_BULLET.sub("", line.text)))
        return furniture.opens_references(kind, entries)

    def _block(self, kind: str, start: int, end: int, key: str | None, item: bool) -> Block:
        single_line = "\n" not in self.text[start:end]
        plain_text = plain(self.text[start:end])
        unkeyed = kind in ("paragraph", "item") or (kind == "reference" and key is None)
        if unkeyed and single_line:
            line_kind = furniture.line_kind(plain_text)
            if line_kind in ("furniture", "furniture-heading", "byline", "caption", "disclaimer"):
                kind = "furniture" if line_kind == "furniture-heading" else line_kind
                return Block(kind, start, end)
        if kind == "paragraph" and single_line and self._is_standfirst(start, end):
            return Block("furniture", start, end)
        if kind == "paragraph" and self._opens_references(furniture.line_kind(plain_text)):
            self.mode = "references"
            return Block("heading", start, end, level=2)
        if kind == "paragraph" and single_line and _is_bold_heading(self.text[start:end]):
            return Block("heading", start, end, level=3)
        if not item:
            return Block(kind, start, end, key=key)
        label = _LABEL.match(self.text, start, end)
        label_end = label.end() - _matched_end(_SPACE, label.group()[::-1]) if label else None
        if label and not _is_label(label.group(2)):
            label_end = None
        return Block(kind, start, end, key=key, label_end=label_end)


def _markers(text: str) -> list[Marker]:
    """Return the footnote references ("[^3]") and HTML superscripts ("<sup>4,5</sup>")."""
    found = [
        Marker(m.group(), m.start(), m.end(), (m.group(1),), "footnote")
        for m in _FOOTNOTE_REF.finditer(text)
    ]
    for m in _SUP.finditer(text):
        if follows_a_number_or_unit(text[max(0, m.start() - 8) : m.start()]):
            continue
        if keys := label_keys(m.group(1)):
            style = "superscript" if all(k[0].isdigit() for k in keys) else "footnote"
            found.append(Marker(m.group(), m.start(), m.end(), keys, style))
    return found


def _in_code(code: list[tuple[int, int]], position: int) -> bool:
    """Tell whether ``position`` falls in one of the ``code`` spans (sorted, apart)."""
    i = bisect_right(code, (position, float("inf"))) - 1
    return i >= 0 and position < code[i][1]


def _matched_end(pattern: re.Pattern[str], text: str) -> int:
    """Return where ``pattern`` (one that may match nothing) stops matching at ``text``'s start."""
    match = pattern.match(text)
    return match.end() if match else 0


def _is_bold_heading(line: str) -> bool:
    """Return True for a line that is all bold and shaped like a heading ("**Is it safe?**")."""
    match = _BOLD_LINE.fullmatch(line)
    return match is not None and furniture.looks_like_heading(match.group(2))


def plain(markdown: str) -> str:
    """Return Markdown inline text without emphasis marks and with links reduced to their text."""
    return _INLINE.sub(lambda m: m.group(1) or "", markdown).strip()


def _is_label(label: str) -> bool:
    return len(label.split()) <= 8 and "http" not in label and label.strip()[:1].isupper()
