"""Markdown: headings, list items with labels, pipe-table cells, code, footnotes, references."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims import extract_text
from claims.markdown import plain
from claims.reading import read_document, read_path

FIXTURE = Path(__file__).parent / "fixtures" / "reading" / "garden-soil.md"


def _blocks(path: Path = FIXTURE) -> list[tuple[str, str]]:
    document = read_path(path)
    return [(b.kind, document.text[b.start : b.end]) for b in document.blocks]


def test_text_is_the_file_itself() -> None:
    document = read_path(FIXTURE)
    assert document.format == "md"
    assert document.text == FIXTURE.read_text("utf-8")
    assert document.title == "Does Compost Tea Help Tomato Plants?"


def test_blocks_in_order() -> None:
    assert _blocks() == [
        ("title", "Does Compost Tea Help Tomato Plants?"),
        ("byline", "*By Rowan Fitch* | Updated March 3, 2025"),
        (
            "paragraph",
            "Compost tea is a liquid brewed from compost and water [1]. Gardeners often say it\n"
            "feeds the soil food web, though trials disagree [2], [3].",
        ),
        ("heading", "What the Trials Show"),
        ("item", "**Disease control:** Two greenhouse trials reported fewer leaf spots [2]."),
        ("item", "**Yield:** No trial found a reliable gain in fruit weight [3][4]."),
        ("item", "Aerated brews may carry more microbes than still ones.[^a]"),
        ("cell", "Brew"),
        ("cell", "Microbes"),
        ("cell", "Cost"),
        ("cell", "Aerated"),
        ("cell", "High [2]"),
        ("cell", "Medium"),
        ("cell", "Still"),
        ("cell", "Low"),
        ("cell", "Low"),
        ("heading", "Setext Heading Here"),
        ("paragraph", "See [the extension guide](https://example.org/guide) for brewing times."),
        ("code", 'print("[1] is not a marker here")'),
        ("paragraph", "Quoted advice: water in the morning."),
        ("heading", "References"),
        ("reference", "Alder P. Brewing compost tea. Soil Notes. 2019."),
        ("reference", "Birch K, Cole M. Leaf spot trials. Hort J. 2021;4:12-19."),
        ("reference", "Cedar L. Yield in tomatoes. 2018."),
        ("reference", "A footnote about microbes."),
    ]


def test_levels_labels_keys_and_footnote_markers() -> None:
    document = read_path(FIXTURE)
    headings = [(document.text[b.start : b.end], b.level) for b in document.blocks if b.level]
    assert headings[:3] == [
        ("Does Compost Tea Help Tomato Plants?", 1),
        ("What the Trials Show", 2),
        ("Setext Heading Here", 2),
    ]
    labels = [
        document.text[b.start : b.label_end] for b in document.blocks if b.label_end is not None
    ]
    assert labels == ["**Disease control:**", "**Yield:**"]
    assert [b.key for b in document.blocks if b.kind == "reference"] == ["1", "2", "3", "a"]
    assert [(m.text, m.keys, m.style) for m in document.explicit_markers] == [
        ("[^a]", ("a",), "footnote")
    ]
    marker = document.explicit_markers[0]
    assert document.text[marker.start : marker.end] == "[^a]"


def test_plain_strips_emphasis_and_links() -> None:
    assert plain("**Bold** and [a link](https://x.org) _here_") == "Bold and a link here"


def test_heading_levels_from_hashes_and_crlf_input() -> None:
    data = b"# Title\r\n\r\n### Deep heading ###\r\n\r\nText under it.\r\n"
    document = read_document(data, "x.md", "md")
    assert [(b.kind, b.level, document.text[b.start : b.end]) for b in document.blocks] == [
        ("title", 1, "Title"),
        ("heading", 3, "Deep heading"),
        ("paragraph", 0, "Text under it."),
    ]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("#-*|`>[]^:1. aB\n"), min_size=1, max_size=300))
def test_any_markdown_gives_ordered_blocks(text: str) -> None:
    if not text.strip():
        return
    document = read_document(text.encode("utf-8"), "x.md", "md")
    previous_end = 0
    for block in document.blocks:
        assert previous_end <= block.start < block.end <= len(document.text)
        previous_end = block.end


def test_pipe_cells_with_two_sentences_are_cut() -> None:
    text = "| Form | Note |\n|---|---|\n| Tea | Mild taste. Cheap to brew. |\n"
    document = read_document(text.encode(), "x.md", "md")
    cells = [document.text[b.start : b.end] for b in document.blocks if b.kind == "cell"]
    assert cells == ["Form", "Note", "Tea", "Mild taste.", "Cheap to brew."]


@pytest.mark.parametrize(
    ("table", "headers"),
    [
        ("| Herb | Effect |\n|-|-|\n| Sage | Eased cramps [4]. |\n", ["Herb", "Effect"]),
        ("Herb | Effect\n:-- | --:\nSage | Eased cramps [4].\n", ["Herb", "Effect"]),
        ("| Herb | Effect |\n| Sage | Eased cramps [4]. |\n", []),  # no separator: no header
        ("Intro line.\n| Herb | Effect |\n|---|---|\n| Sage | Eased cramps [4]. |\n", None),
    ],
)
def test_every_pipe_table_gives_one_unit_per_cell(table: str, headers: list[str] | None) -> None:
    article = extract_text(f"# Herbs\n\n{table}", "md")
    cells = [(s.text, s.keys) for s in article.sentences if s.block == "cell"]
    assert cells == [("Herb", ()), ("Effect", ()), ("Sage", ()), ("Eased cramps [4].", ("4",))]
    if headers is not None:
        assert [s.text for s in article.sentences if s.kind == "heading"][1:] == headers


def test_escaped_pipes_and_code_spans_stay_inside_their_cell() -> None:
    text = "| Rule | Example |\n|---|---|\n| either \\| or | `a|b` two [2]. |\n"
    document = read_document(text.encode(), "x.md", "md")
    cells = [document.text[b.start : b.end] for b in document.blocks if b.kind == "cell"]
    assert cells == ["Rule", "Example", "either \\| or", "`a|b` two [2]."]


def test_a_cell_of_two_sentences_is_cut_from_a_string_too() -> None:
    text = "| Form | Note |\n|---|---|\n| Tea | Mild taste [1]. Cheap to brew [2]. |\n"
    cells = [(s.text, s.keys) for s in extract_text(text, "md").sentences if s.block == "cell"]
    assert cells[-2:] == [("Mild taste [1].", ("1",)), ("Cheap to brew [2].", ("2",))]


def test_italic_line_under_the_title_is_furniture_but_not_later() -> None:
    text = "# Cold Showers\n\n*A column for the Weekend Review*\n\nText.\n\n*An italic aside*\n"
    document = read_document(text.encode(), "x.md", "md")
    assert [(b.kind, document.text[b.start : b.end]) for b in document.blocks] == [
        ("title", "Cold Showers"),
        ("furniture", "*A column for the Weekend Review*"),
        ("paragraph", "Text."),
        ("paragraph", "*An italic aside*"),
    ]


def test_first_pipe_row_is_the_header() -> None:
    document = read_path(FIXTURE)
    headers = [document.text[b.start : b.end] for b in document.blocks if b.header]
    assert headers == ["Brew", "Microbes", "Cost"]


def test_front_matter_and_multiline_comments_are_skipped() -> None:
    text = (
        '---\ntitle: "Cold Showers and Mood"\nauthor: Ines Varga\n---\n\n'
        "<!-- draft note\nspanning two lines -->\n\nCold water raises noradrenaline [1].\n"
    )
    document = read_document(text.encode(), "x.md", "md")
    assert document.title == "Cold Showers and Mood"
    assert [(b.kind, document.text[b.start : b.end]) for b in document.blocks] == [
        ("paragraph", "Cold water raises noradrenaline [1].")
    ]


def test_a_rule_at_the_top_is_not_front_matter() -> None:
    text = "---\n\nCold water raises noradrenaline.\n\n---\n\nMore text.\n"
    document = read_document(text.encode(), "x.md", "md")
    assert [document.text[b.start : b.end] for b in document.blocks] == [
        "Cold water raises noradrenaline.",
        "More text.",
    ]


def test_bold_lines_shaped_like_headings_are_headings() -> None:
    text = "# Cold Showers\n\nIntro text.\n\n**Is it safe?**\n\nMostly.\n\n**Note:** not always.\n"
    document = read_document(text.encode(), "x.md", "md")
    assert [(b.kind, document.text[b.start : b.end]) for b in document.blocks] == [
        ("title", "Cold Showers"),
        ("paragraph", "Intro text."),
        ("heading", "**Is it safe?**"),
        ("paragraph", "Mostly."),
        ("paragraph", "**Note:** not always."),
    ]


def test_html_superscripts_in_markdown_are_markers() -> None:
    text = "Cold water wakes you up.<sup>4,5</sup> Area in m<sup>2</sup>? Noted.[^a]\n"
    document = read_document(text.encode(), "x.md", "md")
    assert [(m.text, m.keys, m.style) for m in document.explicit_markers] == [
        ("<sup>4,5</sup>", ("4", "5"), "superscript"),
        ("[^a]", ("a",), "footnote"),
    ]
    assert all(document.text[m.start : m.end] == m.text for m in document.explicit_markers)
