"""The line readers (Markdown, plain text) hand out each line a bounded number of times.

A Markdown paragraph's look-ahead for reference entries once copied every line after it
(``self.lines[i + 1 :]``) to read four: a page of 270,000 tiny paragraphs cost the square of
its lines. The work is traced, not timed: the reader's lines count every line they hand out
(by index, slice or iteration), and 4x the page must cost at most 5x the lines.
"""

from __future__ import annotations

from typing import Any, SupportsIndex

import pytest

from claims import markdown, plaintext


class _CountedLines(list[Any]):
    """A reader's lines that count how many they hand out."""

    handed = 0

    def __getitem__(self, key: SupportsIndex | slice) -> Any:  # type: ignore[override]
        got = super().__getitem__(key)
        self.handed += len(got) if isinstance(key, slice) else 1
        return got

    def __iter__(self) -> Any:
        for line in super().__iter__():
            self.handed += 1
            yield line


def _lines_handed(reader_class: Any, text: str) -> int:
    reader = reader_class(text)
    reader.lines = _CountedLines(reader.lines)
    reader.read()
    return int(reader.lines.handed)


#: Our own pages, each made of ``n`` units: tiny paragraphs, a table, references, headings.
PAGES = {
    "tiny paragraphs": ("# A Page\n\n", "Yes.\n\n"),
    "table rows": ("# A Page\n\n| a | b |\n|---|---|\n", "| Walking | 12 [1] |\n"),
    "references": ("# A Page\n\n## References\n\n", "1. Lee A. Walking. J Trials. 2019.\n"),
    "headings": ("# A Page\n\n", "## Notes\n\nYes.\n\n"),
}


@pytest.mark.parametrize("reader_class", [markdown._Reader, plaintext._Reader])
@pytest.mark.parametrize("page", list(PAGES))
def test_four_times_the_page_hands_out_at_most_five_times_the_lines(
    reader_class: Any, page: str
) -> None:
    head, unit = PAGES[page]
    small = _lines_handed(reader_class, head + unit * 2_000)
    large = _lines_handed(reader_class, head + unit * 8_000)
    assert large <= 5 * small, f"{page}: {small} lines handed for n, {large} for 4n"
