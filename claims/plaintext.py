"""Blocks of plain text scraped from web pages: headings, paragraphs, items, cells, references.

The text is line based: a web page copied as text keeps one paragraph, bullet or table row per
line. Each non-blank line is classified by its shape and by the furniture lexicon, then lines
are grouped into blocks; offsets point into the text itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claims import furniture
from claims.blocktext import (
    ABBREVIATIONS,
    cited_note_group,
    kept_block,
    names_notes,
    sentence_spans,
)
from claims.model import Block

# A non-blank line without its surrounding blanks (no-break spaces from web pages included).
# Greedy up to the line's last non-blank: a lazy body before trailing blanks rescans them at
# every step, quadratic on a long run of spaces inside a line.
_LINE = re.compile(r"^([^\S\n]*)(\S(?:[^\n]*\S)?)[^\S\n]*$", re.MULTILINE)
_BULLET = re.compile(r"[•·▪◦‣∙●○■□►▸✓✔➤→*+\-–—]\s+(?=\S)")
_NUMBERED = re.compile(r"(?:\[(\d{1,4})\]|\((\d{1,4})\)|(\d{1,4})[.)])(?:\s+|$)")
_BARE_NUMBER = re.compile(r"(\d{1,4})(?:\s+|$)")
_LETTER_KEY = re.compile(r"\[?([a-z])[.)\]]\s+(?=\S)")
# Where an entry's text starts after its back-links ("^ a b") or its bullet ("• Calder, ...")
_CARET = re.compile(r"\^\s*(?:[a-z]\s+)*|[•·▪‣◦]\s+")
_KEY_NUMBER = re.compile(r"\d{1,4}")
#: How far below a heading-like line the next entry of a list that goes on may stand.
_CONTINUATION_LINES = 6
_LABEL = re.compile(r"([^:.!?\[\]()]{1,60}?):\s+(?=\S)")
_PIPE_ROW = re.compile(r"\|.*\|")
# Each run of blanks or dashes is matched one way only (the first dash, the cell's last
# non-blank, a gap from its first blank): else a long run is rescanned at every split.
_PIPE_RULE = re.compile(r"\|[\s:|]*-[\s:|-]*\|")
_PIPE_CELL = re.compile(r"(?<=\|)[ \t]*+((?:[^|\n]*[^|\n \t])?)[ \t]*(?=\|)")
_CELL_GAP = re.compile(r"(?<![^\S\n])[^\S\n\t]*\t[^\S\n]*|(?<=\S) {2,}(?=\S)")
# A capitalised word of a flattened row's start; "Dr. Petrov" counts as one word.
_ROW_WORD = re.compile(r"(?:(?:Dr|Mr|Mrs|Ms|Prof|St)\.\s+)?[A-Z0-9][\w'’/&+%()-]*\s+")
_LAST_WORD = re.compile(r"(?:^|\s)\(?([\w.]+?)\.$")
_WORD = re.compile(r"\w+")
_LINK_WORDS = 16
_KICKER_WORDS = 2  # "Nutrition", "Evidence Based", "Science & Tech" over ...
_TITLE_WORDS = 4  # ... a title longer than this
_SECTION_HEADINGS = {
    "reference-heading": "references",
    "list-heading": "references",
    "disclaimer-heading": "disclaimer",
}
_ENTRIES_LOOKED_AT = 4

# A line that ends like a sentence, citation markers after the stop included ("dose.^4").
_WRAP_END = re.compile(
    r"[.!?:]['\"”’)\]]*(?:\s*(?:\[[^\]\n]{1,40}\]|\^[\d,–-]+|[⁰¹²³⁴⁵⁶⁷⁸⁹˒⁻,]+))*$"
)


@dataclass(frozen=True)
class _Line:
    start: int  # first non-blank character
    end: int  # after the last non-blank character
    indent: int
    gap_before: bool  # a blank line (or the start of the text) comes before it
    text: str


def read_plaintext(text: str) -> tuple[Block, ...]:
    """Return the blocks of line-based plain text, in order."""
    return tuple(_Reader(text).read())


def _lines_of(text: str) -> list[_Line]:
    """Return the non-blank lines of ``text`` with their stripped spans."""
    lines: list[_Line] = []
    previous_end = -1
    for match in _LINE.finditer(text):
        gap = previous_end < 0 or text.count("\n", previous_end, match.start()) > 1
        indent = len(match.group(1).expandtabs(4))
        lines.append(_Line(match.start(2), match.end(2), indent, gap, match.group(2)))
        previous_end = match.end()
    return lines


class _Reader:
    """Walks the lines once, keeping the section state (normal, references, disclaimer)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = _lines_of(text)
        self.blocks: list[Block] = []
        self.last_key: str | None = None  # the key of the last numbered entry added
        self.mode = "normal"
        self.seen_content = False
        self.in_paper_section = False  # a heading such as "Methods" was seen
        self.cited_group = cited_note_group(text)
        self.note_group: str | None = None  # the group name of the notes list being read
        # Each line's furniture kind, found once: several rules ask about the same line.
        self._kinds: dict[int, str | None] = {}

    def _line_kind(self, i: int) -> str | None:
        """Return ``furniture.line_kind`` of line ``i``, computed once per line."""
        if i in self._kinds:
            return self._kinds[i]
        kind = self._kinds[i] = furniture.line_kind(self.lines[i].text)
        return kind

    def read(self) -> list[Block]:
        i = 0
        while i < len(self.lines):
            i = self._step(i)
        return self.blocks

    def _step(self, i: int) -> int:
        line = self.lines[i]
        kind = self._line_kind(i)
        if section := self._section_opened(i, kind):
            self.seen_content = True
            self._add(Block("heading", line.start, line.end, level=2))
            self.mode = section
            self.note_group = self.cited_group if names_notes(line.text) else None
            return i + 1
        if kind == "furniture-heading":
            self._add(Block("furniture", line.start, line.end))
            self.mode = "furniture"
            return i + 1
        if kind in ("disclaimer", "caption", "byline", "furniture"):
            self._add(Block(kind, line.start, line.end))
            return i + 1
        if self.mode == "furniture":
            if self._is_link_line(i):
                self._add(Block("furniture", line.start, line.end))
                return i + 1
            self.mode = "normal"
        if self.mode == "references":
            if self._ends_references(i):
                self.mode = "normal"
            else:
                return self._reference(i)
        if _PIPE_ROW.fullmatch(line.text):
            return self._pipe_row(i)
        if self._is_spaced_row(i):
            self._cells(i)
            return i + 1
        table_end = self._flattened_table_end(i)
        if table_end > i:
            return self._flattened_table(i, table_end)
        if self._is_heading(i):
            self.mode = "normal"
            self._heading(i)
            return i + 1
        if self.mode == "disclaimer":
            return self._paragraph(i, kind="disclaimer")
        if _is_item(line.text) or self._is_label_line(i):
            return self._item(i)
        return self._paragraph(i)

    # -- lines -----------------------------------------------------------------------------

    def _section_opened(self, i: int, kind: str | None) -> str | None:
        """Return the mode a section heading at line ``i`` opens, or None for no section.

        A reference section opens only at a heading of the body: never at a line of a contents
        list ("9 Notes" under "Contents", or between "8 Range" and "10 References"), and under
        "Notes", "Sources" or "Literature" only when the lines below look like references.
        """
        if kind not in _SECTION_HEADINGS or not self._standalone(i) or self._in_contents(i):
            return None
        if kind != "disclaimer-heading" and not furniture.opens_references(
            kind, self._lines_after(i)
        ):
            return None
        return _SECTION_HEADINGS[kind]

    def _in_contents(self, i: int) -> bool:
        """Return True for a line of a contents list: under "Contents", or glued to other
        numbered heading lines ("8 Range" / "9 Notes" / "10 References")."""
        line = self.lines[i]
        if line.gap_before:
            return False
        if self.mode == "furniture":
            return True
        neighbours = [self.lines[i - 1], self._next_glued(i)]
        return furniture.is_numbered_heading(line.text) and any(
            n is not None and furniture.is_numbered_heading(n.text) for n in neighbours
        )

    def _lines_after(self, i: int) -> list[str]:
        """Return the first lines after line ``i``, up to the next heading after a blank."""
        found: list[str] = []
        for line in self.lines[i + 1 : i + 1 + _ENTRIES_LOOKED_AT]:
            if found and line.gap_before and furniture.looks_like_heading(line.text):
                break
            found.append(line.text)
        return found

    def _standalone(self, i: int) -> bool:
        """Return True when line ``i`` is not glued to a sentence before or after it."""
        line = self.lines[i]
        if line.gap_before or i == 0:
            return True
        return bool(_WRAP_END.search(self.lines[i - 1].text)) or furniture.looks_like_heading(
            self.lines[i - 1].text
        )

    def _is_heading(self, i: int) -> bool:
        line = self.lines[i]
        if _BULLET.match(line.text) or not self._standalone(i):
            return False
        if furniture.is_all_caps(line.text) and len(line.text) <= 100:
            return True
        shaped = (
            furniture.looks_like_title(line.text)
            if not self.seen_content
            else furniture.looks_like_heading(line.text)
        )
        if not shaped or self._in_numbered_list(i):
            return False
        following = self.lines[i + 1] if i + 1 < len(self.lines) else None
        # A short line glued to a lower-case line is the first line of a wrapped paragraph.
        return following is None or following.gap_before or not following.text[0].islower()

    def _is_kicker(self, i: int) -> bool:
        """Return True for a category label above the title ("Nutrition" over a longer title)."""
        if len(_WORD.findall(self.lines[i].text)) > _KICKER_WORDS:
            return False
        for j in range(i + 1, min(i + 6, len(self.lines))):
            if self._line_kind(j):
                continue
            if not self._is_heading(j):
                return False
            if len(_WORD.findall(self.lines[j].text)) > _TITLE_WORDS:
                return True
        return False

    def _is_label_line(self, i: int) -> bool:
        """Return True for "Key Fact: text" lines in a run: a list whose bullets were lost."""
        if not _has_title_label(self.lines[i].text):
            return False
        previous = self.blocks[-1] if self.blocks else None
        if previous is not None and previous.kind == "item" and previous.label_end is not None:
            return True
        following = self.lines[i + 1] if i + 1 < len(self.lines) else None
        return following is not None and _has_title_label(following.text)

    def _is_link_line(self, i: int) -> bool:
        """Return True for a link title under "Read next": a short list item, or a heading-shaped
        line with no text below it."""
        text = self.lines[i].text
        if _is_item(text):
            return len(text.split()) <= _LINK_WORDS
        if not _link_shaped(text):
            return False
        if i + 1 >= len(self.lines):
            return True
        return _link_shaped(self.lines[i + 1].text) or self._line_kind(i + 1) is not None

    def _in_numbered_list(self, i: int) -> bool:
        """Return True for "1. Drink water" glued to another numbered line: a list, no heading."""
        if not _NUMBERED.match(self.lines[i].text):
            return False
        following = self._next_glued(i)
        if following is not None and _NUMBERED.match(following.text):
            return True
        return not self.lines[i].gap_before and bool(_NUMBERED.match(self.lines[i - 1].text))

    def _next_glued(self, i: int) -> _Line | None:
        if i + 1 < len(self.lines) and not self.lines[i + 1].gap_before:
            return self.lines[i + 1]
        return None

    # -- blocks ----------------------------------------------------------------------------

    def _add(self, block: Block) -> None:
        if (kept := kept_block(self.text, block)) is not None:
            self.blocks.append(kept)
            if kept.kind == "reference" and kept.key:
                self.last_key = kept.key

    def _heading(self, i: int) -> None:
        line = self.lines[i]
        if not self.seen_content and self._is_kicker(i):
            self._add(Block("furniture", line.start, line.end))
            return
        first = not self.seen_content
        self.seen_content = True
        if first:
            self._add(Block("title", line.start, line.end, level=1))
            return
        self._add(Block("heading", line.start, line.end, level=self._level(line.text)))

    def _level(self, heading: str) -> int:
        """Return a heading's level: from its number ("2.1 Sites" -> 3); else, in a paper laid
        out in its usual sections, below the last of them ("Participants" under "Methods")."""
        if furniture.is_numbered_heading(heading):
            return furniture.heading_level(heading)
        if furniture.paper_section(heading):
            self.in_paper_section = True
            return 2
        return 3 if self.in_paper_section else 2

    def _paragraph(self, i: int, kind: str = "paragraph") -> int:
        start, end = self.lines[i].start, self.lines[i].end
        j = i + 1
        while j < len(self.lines) and self._continues(j):
            end = self.lines[j].end
            j += 1
        self.seen_content = True
        self._add(Block(kind, start, end))
        return j

    def _continues(self, j: int) -> bool:
        """Return True when line ``j`` wraps the paragraph of the line before it."""
        line, previous = self.lines[j], self.lines[j - 1]
        if line.gap_before or _BULLET.match(line.text) or _NUMBERED.match(line.text):
            return False
        if self._line_kind(j) or self._is_spaced_row(j):
            return False
        if line.text[0].islower() or not _WRAP_END.search(previous.text):
            return True
        last = _LAST_WORD.search(previous.text)  # "... said Dr." / "e.g." at the line's end
        return last is not None and (
            last.group(1).lower() in ABBREVIATIONS or len(last.group(1)) == 1
        )

    def _item(self, i: int) -> int:
        line = self.lines[i]
        marker = _BULLET.match(line.text) or _NUMBERED.match(line.text)
        start, end = line.start + (marker.end() if marker else 0), line.end
        j = i + 1
        while (nxt := self._next_glued(j - 1)) is not None and self._item_continues(line, nxt):
            end = nxt.end
            j += 1
        label = _label_of(self.text[start:end])
        label_end = start + label if label is not None else None
        self.seen_content = True
        self._add(Block("item", start, end, label_end=label_end))
        return j

    def _item_continues(self, item: _Line, line: _Line) -> bool:
        if _BULLET.match(line.text) or _NUMBERED.match(line.text):
            return False
        return line.indent > item.indent or line.text[0].islower()

    def _cells(self, i: int) -> None:
        """Add one cell per tab- or space-separated column; the table's first row is its header."""
        line = self.lines[i]
        header = line.gap_before or not self._is_spaced_row(i - 1)
        position = line.start
        for gap in _CELL_GAP.finditer(self.text, line.start, line.end):
            self._add(Block("cell", position, gap.start(), header=header, row=line.start))
            position = gap.end()
        self._add(Block("cell", position, line.end, header=header, row=line.start))
        self.seen_content = True

    def _pipe_row(self, i: int) -> int:
        """Add the cells of a "| a | b |" row; a "|---|---|" rule adds nothing."""
        line = self.lines[i]
        if not _PIPE_RULE.fullmatch(line.text):
            previous = self.lines[i - 1] if i > 0 and not line.gap_before else None
            header = previous is None or not _PIPE_ROW.fullmatch(previous.text)
            for cell in _PIPE_CELL.finditer(self.text, line.start, line.end):
                if cell.end(1) > cell.start(1):
                    self._add(
                        Block("cell", cell.start(1), cell.end(1), header=header, row=line.start)
                    )
        self.seen_content = True
        return i + 1

    def _is_spaced_row(self, i: int) -> bool:
        """Return True for a table row whose cells are separated by tabs or runs of spaces."""
        line = self.lines[i]
        marker = _BULLET.match(line.text) or _NUMBERED.match(line.text)
        body = line.text[marker.end() :] if marker else line.text  # "1.<TAB>Mix": an item
        if "\t" in body:
            return True
        if "  " not in body:
            return False
        gaps = list(_CELL_GAP.finditer(body))
        if not gaps or all(body[g.start() - 1] in ".!?" for g in gaps):
            return False
        neighbours = [self._next_glued(i)]
        if i > 0 and not line.gap_before:
            neighbours.append(self.lines[i - 1])
        return any(n is not None and _CELL_GAP.search(n.text) for n in neighbours)

    # -- flattened tables ------------------------------------------------------------------

    def _flattened_table_end(self, i: int) -> int:
        """Return the index after a header row + sentence rows table at ``i``, else ``i``."""
        header = self.lines[i]
        words = header.text.split(maxsplit=8)  # a ninth part: more than 8 words, none listed
        if not 2 <= len(words) <= 8 or not furniture.looks_like_heading(header.text):
            return i
        if not all(w[0].isupper() or w[0].isdigit() for w in words):
            return i
        j = i + 1
        while (row := self._next_glued(j - 1)) is not None and _is_sentence_row(row.text):
            j += 1
        return j if j - i >= 3 else i

    def _flattened_table(self, i: int, end: int) -> int:
        header = self.lines[i]
        self._add(Block("cell", header.start, header.end, header=True, row=header.start))
        for line in self.lines[i + 1 : end]:
            self._row_cells(line)
        self.seen_content = True
        return end

    def _row_cells(self, line: _Line) -> None:
        """Add the row label and one cell per sentence of a flattened row."""
        position = line.start + (_first_cell(line.text) or 0)
        if position > line.start:
            label = self.text[line.start : position].rstrip()
            self._add(Block("cell", line.start, line.start + len(label), row=line.start))
        for start, end in sentence_spans(self.text, position, line.end):
            self._add(Block("cell", start, end, row=line.start))

    # -- references ------------------------------------------------------------------------

    def _ends_references(self, i: int) -> bool:
        line = self.lines[i]
        if furniture.is_all_caps(line.text) and len(line.text) <= 60:
            return not self._numbered_next(line.text)  # "5. ISO 2108 (PDF), ISO.": an entry
        if not line.gap_before or not furniture.looks_like_heading(line.text):
            return False
        numbered = [b for b in self.blocks[-3:] if b.kind == "reference" and b.key]
        return bool(numbered) and not _reference_key(line.text)[0] and not self._list_goes_on(i)

    def _numbered_next(self, text: str) -> bool:
        """Tell whether a line opens with the number after the last entry's ("5." after 4)."""
        keys = [b.key for b in self.blocks[-3:] if b.kind == "reference" and b.key]
        key = _reference_key(text)[0]
        return bool(keys and key and keys[-1].isdigit() and key == str(int(keys[-1]) + 1))

    def _list_goes_on(self, i: int) -> bool:
        """Tell whether the numbered list goes on after line ``i``: an entry a few lines below
        takes up its numbering ("1. ...", "Tier 2: ...", "3. ..."), so line ``i`` belongs to an
        entry, not to a heading after the list."""
        key = self.last_key  # not a scan of every block: a long page has thousands
        last = _KEY_NUMBER.fullmatch(key.rsplit(" ", 1)[-1]) if key else None
        if last is None:
            return False
        for line in self.lines[i + 1 : i + 1 + _CONTINUATION_LINES]:
            key = _reference_key(line.text)[0]
            if key is not None:
                return key.isdigit() and 0 < int(key) - int(last.group()) <= 2
        return False

    def _reference(self, i: int) -> int:
        line = self.lines[i]
        key, offset = _reference_key(line.text)
        start, end = line.start + offset, line.end
        j = i + 1
        if start == end and j < len(self.lines) and not _reference_key(self.lines[j].text)[0]:
            start, end = self.lines[j].start, self.lines[j].end  # "[1]" alone, entry below
            j += 1
        elif start == end or line.indent == 0:
            # A bare number is all the entry there is; an unindented "1. Harrow P. ..." was
            # typed as part of the entry, while an indented one is a rendered list's number.
            start = line.start
        while (nxt := self._next_glued(j - 1)) is not None and not _reference_key(nxt.text)[0]:
            if not (key and (nxt.indent > line.indent or nxt.text[0].islower())):
                break
            end = nxt.end
            j += 1
        if key and key.isdigit() and self.note_group:
            key = f"{self.note_group} {key}"  # "1." under Notes when the body cites "[n 1]"
        if start < end:
            self._add(Block("reference", start, end, key=key))
        return j


def _reference_key(text: str) -> tuple[str | None, int]:
    """Return the key of a reference entry ("12") and where its text starts."""
    match = _NUMBERED.match(text) or _BARE_NUMBER.match(text) or _LETTER_KEY.match(text)
    if match:
        return next(g for g in match.groups() if g), match.end()
    caret = _CARET.match(text)
    return None, caret.end() if caret else 0


def _is_item(text: str) -> bool:
    marker = _BULLET.match(text) or _NUMBERED.match(text)
    if (
        marker is not None
        and text.startswith("[")
        and text[marker.end() : marker.end() + 1].islower()
    ):
        return False  # "[10] proposed the following...": a citation opens the sentence
    return marker is not None and marker.end() < len(text)


def _link_shaped(text: str) -> bool:
    """Return True for a line shaped like a link title, or a link and what it names ("CODEN
    (serial publication identifier used by libraries)"): a heading's shape, a little longer."""
    return furniture.looks_like_heading(text, max_words=2 * _LINK_WORDS, max_length=200)


def _has_title_label(text: str) -> bool:
    """Return True for a line opening with a Title Case label ("Key Benefit: ...")."""
    end = _label_of(text)
    if end is None or end < 3 or furniture.line_kind(text) is not None:
        return False  # "Q:" and "A:" are a dialogue, not a list
    return all(word[0].isupper() for word in text[: end - 1].split() if len(word) > 3)


def _label_of(text: str) -> int | None:
    """Return the end of a "Label:" prefix ("Key Benefit: ..."), or None without one."""
    match = _LABEL.match(text)
    if not match:
        return None
    label = match.group(1)
    if len(label.split()) > 8 or "http" in label or not label[:1].isupper():
        return None
    return len(label) + 1


def _is_sentence_row(text: str) -> bool:
    return _first_cell(text) is not None and bool(_WRAP_END.search(text))


def _first_cell(text: str) -> int | None:
    """Return where the first cell of a flattened row starts, after its label; None if no row.

    The label is the row's leading capitalised words but the last one, which starts the cell:
    "Neurological Use Often preferred ..." has the label "Neurological Use".
    """
    starts: list[int] = []
    position = 0
    while match := _ROW_WORD.match(text, position):
        starts.append(match.start())
        position = match.end()
    return starts[-1] if len(starts) >= 2 else None
