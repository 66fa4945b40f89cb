"""Readers on long runs of one character: each finishes and reads the text around the run.

Every case is a run that a backtracking pattern once rescanned from each of its characters
(quadratic, or worse); the runs are long enough that such a pattern would stall the suite, and
the assertions check what the reader makes of them, never how long it took.
"""

from __future__ import annotations

import pytest

from claims.blocktext import sentence_spans
from claims.extract import extract_bytes
from claims.markdown import plain, read_markdown
from claims.markers import find_markers
from claims.model import Article
from claims.plaintext import read_plaintext
from sources.linking import _author_year

RUN = 60_000
CLAIM = "Daily walking lowers blood pressure in older adults [1]."


def _block_texts(text: str) -> list[str]:
    return [text[b.start : b.end] for b in read_plaintext(text)]


@pytest.mark.parametrize("unit", ["[", "[a](", "[^", "[](x)", "(", "*", "_", "`", "<", "<sup>"])
def test_markdown_line_of_one_unit_stays_one_paragraph(unit: str) -> None:
    run = "x" + unit * (RUN // len(unit))  # "x" first: a line of "*" alone is a rule
    document = read_markdown(f"# A Page\n\n{CLAIM}\n\n{run}\n\n{CLAIM}\n", "run.md")
    texts = [document.text[b.start : b.end] for b in document.blocks]
    assert texts[0] == "A Page"
    assert texts.count(CLAIM) == 2
    assert any(len(t) >= len(run) - 2 for t in texts)  # the run is read, as text


def test_markdown_links_still_reduce_to_their_text() -> None:
    line = "see [the page](https://example.org/wiki/A_(b)) and [x](y) " + "[" * RUN
    assert plain(line).startswith("see the page and x ")


def test_markdown_footnote_run_gives_no_marker() -> None:
    document = read_markdown("# A Page\n\n" + "[^" * RUN + "\n", "run.md")
    assert document.explicit_markers == ()


def test_markdown_superscript_after_a_run_of_blanks_is_still_a_marker() -> None:
    text = "# A Page\n\nWalking helps.<sup>" + " " * RUN + "2</sup> Sleep too.\n"
    assert [m.keys for m in read_markdown(text, "sup.md").explicit_markers] == [("2",)]


def test_markdown_table_separator_after_blanks() -> None:
    text = "# A Page\n\n| a | b |\n" + " " * RUN + "x-|\n"
    assert read_markdown(text, "t.md").blocks  # no separator: not a table, but read


def test_plaintext_line_with_a_long_run_of_blanks_inside() -> None:
    text = "A Page\n\nWalking" + " " * RUN + "helps.\n"
    assert _block_texts(text)[-1] == "Walking" + " " * RUN + "helps."


def test_plaintext_line_of_whitespace_is_blank() -> None:
    assert _block_texts("A Page\n\n" + " \t\u00a0" * RUN + "\n\n" + CLAIM + "\n") == [
        "A Page",
        CLAIM,
    ]


def test_plaintext_pipe_row_with_a_long_blank_cell() -> None:
    blocks = read_plaintext("| a" + " " * RUN + "b | c |\n| d | e |\n")
    assert [b.kind for b in blocks] == ["cell"] * 4


def test_plaintext_pipe_rule_of_dashes_then_text() -> None:
    line = "|" + "-" * RUN + "x"
    assert _block_texts(f"A Page\n\n{line}\n") == ["A Page", line]


def test_cell_sentences_after_a_run_of_stops_and_superscripts() -> None:
    text = "." * RUN + " Then." + "¹" * RUN + "x Next"
    assert sentence_spans(text, 0, len(text))[0] == (0, RUN)


@pytest.mark.parametrize(
    "text",
    [
        "Walking helps (" + " " * RUN + ") and (" + " " * RUN + ") sleep improves [1].",
        "Walking helps (Smith and" + " " * RUN + "Jones, 2019).",
        "Walking helps, as Lee and" + " " * RUN + "Park (2021) found.",
        "Walking helps " + "A-" * RUN + "B (2019).",
    ],
)
def test_audit_text_with_runs_of_blanks_in_citations(text: str) -> None:
    article = extract_bytes(f"A Page\n\n{text}\n".encode(), "run.txt")
    assert any(s.kind == "claim" for s in article.sentences)


def test_author_year_key_with_a_long_blank_run() -> None:
    found = _author_year("Mohamed" + " " * RUN + "Nor 2019a")
    assert found is not None and found[1:] == ("2019", "a")


def test_markers_in_a_paragraph_full_of_code_spans_and_urls() -> None:
    text = " ".join(f"`c{i}` http://x.org/{i} claim [{i % 9 + 1}]." for i in range(3000))
    markers = find_markers(text)
    assert len(markers) == 3000


@pytest.mark.parametrize(("unit", "fmt"), [("[a](", "md"), ("[a] ", "txt"), ("[1]", "txt")])
def test_a_block_crowded_with_markers_keeps_the_first_ones_and_says_so(unit: str, fmt: str) -> None:
    """One marker object per "[a]" of a long line made the reader grow 140 MB per MB of it."""
    from claims.extract import extract_text
    from claims.markers import MARKERS_PER_BLOCK

    text = f"A Page\n\n{CLAIM}\n\nWalking helps {unit * (RUN // len(unit))}\n\n{CLAIM}\n"
    article = extract_text(text, fmt, "crowded")
    counts = [len(s.markers) for s in article.sentences]
    assert sum(counts) <= MARKERS_PER_BLOCK + 2  # the two claims' [1] and the crowded line's
    assert counts[1] == counts[-1] == 1  # the blocks around it keep theirs
    assert article.warnings == (
        f"crowded:5: more than {MARKERS_PER_BLOCK:,} citation markers in one block; the text "
        f"after the first {MARKERS_PER_BLOCK:,} is read without markers",
    )


def test_sentences_are_cut_beside_a_long_run_of_bracketed_spans() -> None:
    """The bracketed spans no full stop may end a sentence in are read as the stops come."""
    from claims.segmenting import sentence_spans

    text = "Walking helps (a. b). Sleep improves " + "[a]" * RUN + " (c. d). Diet too."
    spans = [text[a:b] for a, b in sentence_spans(text, 0, len(text))]
    assert len(spans) == 3 and spans[0] == "Walking helps (a. b)."
    assert spans[1].endswith("[a] (c. d).") and spans[2] == "Diet too."


def _extract_traced(text: str, name: str) -> tuple[Article, int]:
    """Return the article read from ``text`` and the peak of memory traced while reading it."""
    import tracemalloc

    data = text.encode()
    tracemalloc.start()
    try:
        return extract_bytes(data, name), tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_markdown_line_of_pipes_is_read_in_memory_that_follows_its_cells() -> None:
    """A million pipes are a million empty cells: none is kept, nor is any edge listed (the
    edges of such a line took 46 MB, 46 bytes a pipe)."""
    line = "|" * 1_000_000
    article, peak = _extract_traced(f"# A Page\n\n{CLAIM}\n\n{line}\n\n{CLAIM}\n", "pipes.md")
    assert sum(s.text == CLAIM for s in article.sentences) == 2
    assert peak < 12_000_000  # a few copies of the text (2 MB measured), not one object a pipe


def test_a_text_line_of_backticks_is_read_in_memory_that_follows_its_text() -> None:
    """Web addresses and code spans are where no marker is read; a line of a million backticks
    listed half a million such spans (two ints each, 65 bytes a character): touching spans
    are one, and a marker beside them is still read."""
    line = "`" * 1_000_000
    article, peak = _extract_traced(f"A Page\n\n{CLAIM}\n\n{line} [1]\n\n{CLAIM}\n", "spans.txt")
    assert sum(s.text == CLAIM for s in article.sentences) == 2
    assert any(m.keys == ("1",) for s in article.sentences for m in s.markers)
    assert peak < 16_000_000  # a few copies of the text, not two ints every two characters
