"""The terminal report: per article, a table of findings for each severity, then a summary.

The tables have column headers and take the output's width: a claim's text and the message
wrap (a word longer than its column is folded), the line and the rule id never do. Every piece
of article text is escaped (:func:`kb.terminal.visible`) before it is styled, so colour codes
are the only escapes.

The layout is done here, in one pass per row: the two fixed columns are as wide as their
widest cell, the claim and the finding share the rest three to two. rich's Table measured and
re-wrapped every cell through its generic renderables, about 240 µs a row: 25 s of CPU for the
100,000 findings of a 1,000-article knowledge base, against 1.2 s now.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from rich.cells import cell_len, chop_cells

from kb.report.model import Audited, article_heading, by_severity, plural, subjects, summarize
from kb.terminal import output_width, visible
from kb.text import one_line

#: ANSI SGR codes of each style the report uses.
_SGR = {"bold": "1", "bold red": "1;31", "yellow": "33", "cyan": "36", "dim": "2"}
_STYLES = {"violation": "bold red", "warning": "yellow", "info": "cyan"}
_HEADERS = ("Line", "Rule", "Claim or source", "Finding")
_GAP = "  "  # between two columns
_SUBJECT_WIDTH = 160  # a long claim is cut here (with an ellipsis), then wrapped
_DEFAULT_WIDTH = 100  # when the output is no terminal and $COLUMNS is unset


def table_lines(
    results: Sequence[Audited], *, color: bool = False, width: int | None = None
) -> Iterator[str]:
    """Yield the lines of the table report of every article, each ending in a newline,
    coloured with ANSI codes when ``color`` (a 19 MB page's report is some 150 MB of text,
    never held whole).

    ``width``: the output's width in columns (default: the terminal's, else $COLUMNS, else 100).
    """
    paint = _Paint(color)
    width = width or output_width(_DEFAULT_WIDTH)
    for number, audited in enumerate(results):
        if number:
            yield "\n"
        for line in _article(audited, width, paint):
            yield line.rstrip() + "\n"


class _Paint:
    """Styles text with ANSI codes, or leaves it as it is."""

    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, style: str) -> str:
        if not self.color or not text or style not in _SGR:
            return text
        return f"\x1b[{_SGR[style]}m{text}\x1b[0m"


def _article(audited: Audited, width: int, paint: _Paint) -> Iterator[str]:
    for line in _wrap(visible(article_heading(audited.graded)), width):
        yield paint(line, "bold")
    yield ""
    groups = by_severity(audited.findings)
    if not groups:
        yield "No findings."
        yield ""
    subject_of = subjects(audited.graded)
    for severity, findings in groups.items():
        style = _STYLES.get(severity, "bold")
        yield paint(f"{severity.upper()} ({len(findings)})", style)
        rows = [
            (
                "" if f.line is None else str(f.line),
                visible(f.rule),
                visible(one_line(subject_of(f), _SUBJECT_WIDTH)),
                visible(f.message),
            )
            for f in findings
        ]
        yield from _table(rows, width, style, paint)
        yield ""
    yield from _summary(audited, width, paint)


def _table(
    rows: Sequence[tuple[str, str, str, str]], width: int, style: str, paint: _Paint
) -> Iterator[str]:
    """Yield the lines of a findings table ``width`` columns wide, its header first."""
    line_width = max(cell_len(text) for text in (_HEADERS[0], *(row[0] for row in rows)))
    rule_width = max(cell_len(text) for text in (_HEADERS[1], *(row[1] for row in rows)))
    rest = max(2, width - line_width - rule_width - 3 * len(_GAP))
    claim_width = max(1, -(-rest * 3 // 5))  # rounded up, as rich shared out ratios
    widths = (line_width, rule_width, claim_width, max(1, rest - claim_width))
    yield from _row(_HEADERS, widths, ("bold",) * 4, paint, bottom=True)
    for row in rows:
        yield from _row(row, widths, ("", style, "", "dim"), paint)


def _row(
    cells: Sequence[str],
    widths: Sequence[int],
    styles: Sequence[str],
    paint: _Paint,
    *,
    bottom: bool = False,
) -> Iterator[str]:
    """Yield a table row's lines: each cell wrapped to its column, the line number right;
    ``bottom``: cells of fewer lines at the row's foot (the header), else at its top."""
    wrapped = [[cells[0]], [cells[1]], _wrap(cells[2], widths[2]), _wrap(cells[3], widths[3])]
    height = max(map(len, wrapped))
    if bottom:
        wrapped = [[""] * (height - len(lines)) + lines for lines in wrapped]
    for n in range(height):
        parts = []
        for column, lines in enumerate(wrapped):
            text = lines[n] if n < len(lines) else ""
            pad = " " * (widths[column] - cell_len(text))
            text = paint(text, styles[column])
            parts.append(pad + text if column == 0 else text + pad)
        yield _GAP.join(parts)


def _wrap(text: str, width: int) -> list[str]:
    """Return ``text`` wrapped to ``width`` cells at spaces; a longer word is folded."""
    lines: list[str] = []
    current, used = "", 0
    for word in text.split():
        size = cell_len(word)
        if current and used + 1 + size <= width:
            current, used = f"{current} {word}", used + 1 + size
            continue
        if current:
            lines.append(current)
        if size > width:
            *whole, word = chop_cells(word, width)
            lines.extend(whole)
            size = cell_len(word)
        current, used = word, size
    lines.append(current)
    return lines


def _summary(audited: Audited, width: int, paint: _Paint) -> Iterator[str]:
    """Yield the summary's lines, each label bold, wrapped to ``width``."""
    summary = summarize(audited)
    lines = [
        ("Summary: ", summary.findings_text),
        ("By rule: ", summary.rules_text),
        (
            "Claims: ",
            f"{plural(summary.claims, 'claim')}: {summary.statuses_text}; "
            f"{summary.overclaims_text}",
        ),
        ("Wording: ", summary.wording_text),
        ("Sources by level: ", summary.levels_text),
    ]
    for label, value in lines:
        first, *rest = _wrap(label + value, width)
        if first.startswith(label):
            first = paint(label, "bold") + first[len(label) :]
        yield first
        yield from rest
