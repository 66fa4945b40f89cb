"""Plain text scraped from web pages: headings, items, cells, references and furniture."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.extract import extract_text
from claims.model import Document
from claims.reading import read_document

SHARED = Path(__file__).resolve().parents[2] / "shared"

PAGE = """Skip to content

Why Kettles Scale Up Faster in Hard-Water Towns

4 min read

By Odile Marsh | Updated Feb 3, 2025

Limescale forms when calcium carbonate leaves heated water [1]. Boiling speeds this up [2].

Key Facts

  • Scale Insulates: A thin layer slows heating and wastes energy [3].
  • Vinegar Works: Acetic acid dissolves the deposit within an hour [2, 4].
  • Filters help a little.

Is descaling worth it?

Yes, for most kettles used daily.

Method  Time  Cost
Vinegar  60 min  Low
Citric acid  20 min  Low

Image: a kettle element coated in white scale

Related: How to clean a coffee machine

Disclaimer: This page is for general information and is not plumbing advice.

References

  1. Pruitt D. Carbonate chemistry. 2014.
  2. Quarry L. Kettle tests. 2019.
  [3] Ruse M. Heat transfer through scale.
  4) Stone P. Acids at home. 2020.

Medical Disclaimer

This content is not a substitute for a plumber's visit.
"""


def _read(text: str) -> Document:
    return read_document(text.encode("utf-8"), "page.txt", "txt")


def _kinds(document: Document) -> list[tuple[str, str]]:
    return [(b.kind, document.text[b.start : b.end]) for b in document.blocks]


def test_page_blocks_in_order() -> None:
    document = _read(PAGE)
    assert _kinds(document) == [
        ("furniture", "Skip to content"),
        ("title", "Why Kettles Scale Up Faster in Hard-Water Towns"),
        ("furniture", "4 min read"),
        ("byline", "By Odile Marsh | Updated Feb 3, 2025"),
        (
            "paragraph",
            "Limescale forms when calcium carbonate leaves heated water [1]. "
            "Boiling speeds this up [2].",
        ),
        ("heading", "Key Facts"),
        ("item", "Scale Insulates: A thin layer slows heating and wastes energy [3]."),
        ("item", "Vinegar Works: Acetic acid dissolves the deposit within an hour [2, 4]."),
        ("item", "Filters help a little."),
        ("heading", "Is descaling worth it?"),
        ("paragraph", "Yes, for most kettles used daily."),
        ("cell", "Method"),
        ("cell", "Time"),
        ("cell", "Cost"),
        ("cell", "Vinegar"),
        ("cell", "60 min"),
        ("cell", "Low"),
        ("cell", "Citric acid"),
        ("cell", "20 min"),
        ("cell", "Low"),
        ("caption", "Image: a kettle element coated in white scale"),
        ("furniture", "Related: How to clean a coffee machine"),
        (
            "disclaimer",
            "Disclaimer: This page is for general information and is not plumbing advice.",
        ),
        ("heading", "References"),
        ("reference", "Pruitt D. Carbonate chemistry. 2014."),
        ("reference", "Quarry L. Kettle tests. 2019."),
        ("reference", "Ruse M. Heat transfer through scale."),
        ("reference", "Stone P. Acids at home. 2020."),
        ("heading", "Medical Disclaimer"),
        ("disclaimer", "This content is not a substitute for a plumber's visit."),
    ]
    assert document.title == "Why Kettles Scale Up Faster in Hard-Water Towns"


def test_reference_keys_and_item_labels() -> None:
    document = _read(PAGE)
    keys = [b.key for b in document.blocks if b.kind == "reference"]
    assert keys == ["1", "2", "3", "4"]
    labels = [
        document.text[b.start : b.label_end] if b.label_end else None
        for b in document.blocks
        if b.kind == "item"
    ]
    assert labels == ["Scale Insulates:", "Vinegar Works:", None]


FLATTENED = """Comparing Descalers

Feature Vinegar Citric Acid
Speed Works in about an hour [1]. Works in twenty minutes [2].
Smell Leaves a sharp odour vs. none for citric acid [1]. Odourless once rinsed [2].

After the table comes a paragraph again.
"""


def test_flattened_table_rows_give_a_cell_per_label_and_sentence() -> None:
    document = _read(FLATTENED)
    cells = [text for kind, text in _kinds(document) if kind == "cell"]
    assert cells == [
        "Feature Vinegar Citric Acid",
        "Speed",
        "Works in about an hour [1].",
        "Works in twenty minutes [2].",
        "Smell",
        "Leaves a sharp odour vs. none for citric acid [1].",
        "Odourless once rinsed [2].",
    ]
    assert _kinds(document)[-1] == ("paragraph", "After the table comes a paragraph again.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a hard-wrapped paragraph stays one block
        (
            "Intro\n\nThe first line of a paragraph\nwraps onto a second line.\n",
            [
                ("title", "Intro"),
                ("paragraph", "The first line of a paragraph\nwraps onto a second line."),
            ],
        ),
        # a line ending in an abbreviation or an initial wraps on
        (
            "Intro.\n\nThe trial was led by Dr.\nHale and J.\nPark in 2019.\n",
            [
                ("paragraph", "Intro."),
                ("paragraph", "The trial was led by Dr.\nHale and J.\nPark in 2019."),
            ],
        ),
        # ALL-CAPS headings and numbered headings
        (
            "Body text comes first.\n\nKEY FINDINGS\n\nMore text.\n\n2.1 Methods Used\n\nEnd.\n",
            [
                ("paragraph", "Body text comes first."),
                ("heading", "KEY FINDINGS"),
                ("paragraph", "More text."),
                ("heading", "2.1 Methods Used"),
                ("paragraph", "End."),
            ],
        ),
        # a sentence ending in a citation is never a heading
        (
            "Text.\n\nSalt raises blood pressure [4]\n",
            [("paragraph", "Text."), ("paragraph", "Salt raises blood pressure [4]")],
        ),
        # bare-number entries and an entry whose number stands alone on its line
        (
            "Sources\n\n12\n[13]\nTeal V. Water hardness maps.\n",
            [
                ("heading", "Sources"),
                ("reference", "12"),
                ("reference", "Teal V. Water hardness maps."),
            ],
        ),
        # a numbered list is a list, however short its lines
        (
            "Steps\n\n1. Empty the kettle\n2. Add vinegar\n3) Rinse twice\n",
            [
                ("title", "Steps"),
                ("item", "Empty the kettle"),
                ("item", "Add vinegar"),
                ("item", "Rinse twice"),
            ],
        ),
        # cookie banners and long captions are furniture whatever their length
        (
            "Body.\n\nWe use cookies to personalise content and ads, to provide social media "
            "features and to analyse our traffic, and we share information about your use of our "
            "site with partners who may combine it with other data. Accept all\n",
            [
                ("paragraph", "Body."),
                (
                    "furniture",
                    "We use cookies to personalise content and ads, to provide social media "
                    "features and to analyse our traffic, and we share information about your use "
                    "of our site with partners who may combine it with other data. Accept all",
                ),
            ],
        ),
        # "Label: text" lines in a run are a list whose bullets were lost; a name with credentials
        (
            "Key Points\n\nFast Acting: Works within an hour [1].\nCheap: Costs little.\n\n"
            "Jane Doe, MD\n",
            [
                ("title", "Key Points"),
                ("item", "Fast Acting: Works within an hour [1]."),
                ("item", "Cheap: Costs little."),
                ("byline", "Jane Doe, MD"),
            ],
        ),
        # a sentence with a colon before a disclaimer is no label
        (
            "Intro.\n\nThe evidence is clear: cold water wakes you up.\n\n"
            "Disclaimer: This is not medical advice.\n",
            [
                ("paragraph", "Intro."),
                ("paragraph", "The evidence is clear: cold water wakes you up."),
                ("disclaimer", "Disclaimer: This is not medical advice."),
            ],
        ),
        # link lists under "Most Read" are furniture, items included
        (
            "Body text.\n\nMost Read\n1. Five signs of thirst\n2. Why you wake at 3 a.m.\n\n"
            "Comments (12)\n",
            [
                ("paragraph", "Body text."),
                ("furniture", "Most Read"),
                ("furniture", "1. Five signs of thirst"),
                ("furniture", "2. Why you wake at 3 a.m."),
                ("furniture", "Comments (12)"),
            ],
        ),
        # a question-and-answer dialogue is no list
        (
            "Cold Showers Explained\n\nQ: Is it safe?\nA: Mostly, in short trials.\n",
            [
                ("title", "Cold Showers Explained"),
                ("heading", "Q: Is it safe?"),
                ("paragraph", "A: Mostly, in short trials."),
            ],
        ),
        # a single "Note: ..." line is a paragraph
        (
            "Intro.\n\nNote: prices vary.\n",
            [("paragraph", "Intro."), ("paragraph", "Note: prices vary.")],
        ),
        # a pipe table in a text file
        (
            "Doses\n\n| Dose | Effect |\n|---|---|\n| Low | None seen. |\n",
            [
                ("title", "Doses"),
                ("cell", "Dose"),
                ("cell", "Effect"),
                ("cell", "Low"),
                ("cell", "None seen."),
            ],
        ),
        # a wrapped bullet keeps its continuation line
        (
            "Notes on kettles\n\n- First point runs long and\n  continues here.\n- Second point.\n",
            [
                ("title", "Notes on kettles"),
                ("item", "First point runs long and\n  continues here."),
                ("item", "Second point."),
            ],
        ),
        # a number and a tab open an item, not a table row (the number is outside the item)
        (
            "Notes on kettles\n\n1.\tDescale it monthly.\n2.\tRinse it twice.\n",
            [
                ("title", "Notes on kettles"),
                ("item", "Descale it monthly."),
                ("item", "Rinse it twice."),
            ],
        ),
    ],
)
def test_line_shapes(text: str, expected: list[tuple[str, str]]) -> None:
    assert _kinds(_read(text)) == expected


def test_reference_keys_from_bare_numbers_and_brackets() -> None:
    document = _read("Sources\n\n12\n[13]\nTeal V. Water hardness maps.\n")
    assert [b.key for b in document.blocks if b.kind == "reference"] == ["12", "13"]


def test_unnumbered_reference_entries_have_no_key() -> None:
    document = _read("Bibliography\n\nAsh P. Kettles. 2001.\n\nBirch Q. Scale. 2003.\n")
    refs = [
        (b.key, document.text[b.start : b.end]) for b in document.blocks if b.kind == "reference"
    ]
    assert refs == [(None, "Ash P. Kettles. 2001."), (None, "Birch Q. Scale. 2003.")]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab A.:?[]1-•\t \n"), min_size=1, max_size=300))
def test_any_text_gives_ordered_blocks_inside_the_text(text: str) -> None:
    if not text.strip():
        return
    document = _read(text)
    previous_end = 0
    for block in document.blocks:
        assert previous_end <= block.start < block.end <= len(document.text)
        assert (
            document.text[block.start : block.end].strip() == document.text[block.start : block.end]
        )
        previous_end = block.end


@pytest.fixture
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not available")
    return SHARED


def test_example_article_structure(shared: Path) -> None:
    path = shared / "examples" / "b12-nerve-inflammation.txt"
    if not path.exists():
        pytest.skip("example article not available")
    document = read_document(path.read_bytes(), str(path), None)
    kinds = [b.kind for b in document.blocks]
    assert document.format == "txt"
    assert kinds[:3] == ["furniture", "title", "furniture"]
    references = [b for b in document.blocks if b.kind == "reference"]
    assert [b.key for b in references] == [str(n) for n in range(1, 28)]
    assert kinds.count("disclaimer") == 2
    assert kinds.count("cell") >= 15
    items = [b for b in document.blocks if b.kind == "item"]
    assert items and all(b.label_end for b in items)


def test_second_scraped_style_furniture_bylines_and_link_lists() -> None:
    path = Path(__file__).parent / "fixtures" / "reading" / "scraped-herb.txt"
    document = read_document(path.read_bytes(), str(path), None)
    kinds = dict((text, kind) for kind, text in _kinds(document))
    assert kinds["Home > Nutrition > Supplements"] == "furniture"
    assert kinds["Is Ashwagandha Good for Stress? What the Research Says"] == "title"
    assert (
        kinds["Medically reviewed by Lena Ortiz, PharmD — Written by Sam Hale on March 3, 2023"]
        == "byline"
    )
    assert kinds["Share on Pinterest"] == "furniture"
    assert kinds["Photography by Studio Nine"] == "caption"
    assert kinds["What is ashwagandha?"] == "heading"
    assert kinds["SUMMARY"] == "heading"
    assert kinds["How we reviewed this article:"] == "furniture"
    assert kinds["Last medically reviewed on March 3, 2023"] == "byline"
    for link in ("Read this next", "Does Valerian Root Help You Sleep?", "9 Natural Sleep Aids"):
        assert kinds[link] == "furniture"
    assert kinds["Sources"] == "heading"
    assert [kind for kind, _ in _kinds(document)].count("reference") == 2
    assert [kind for kind, _ in _kinds(document)].count("cell") == 9


def test_kickers_above_the_title_and_caption_lines() -> None:
    text = (
        "Wellness\n\nEvidence Based\n\nCan Cold Showers Lift Your Mood? A Look at the Trials\n\n"
        "Cold water triggers a burst of noradrenaline [1].\n\n"
        "A shower head running cold. Photo: Ines Varga/Brightside\n\n"
        "12 March 2025, 09:15 GMT\n"
    )
    assert _kinds(_read(text)) == [
        ("furniture", "Wellness"),
        ("furniture", "Evidence Based"),
        ("title", "Can Cold Showers Lift Your Mood? A Look at the Trials"),
        ("paragraph", "Cold water triggers a burst of noradrenaline [1]."),
        ("caption", "A shower head running cold. Photo: Ines Varga/Brightside"),
        ("furniture", "12 March 2025, 09:15 GMT"),
    ]


def test_header_rows_of_spaced_and_flattened_tables() -> None:
    spaced = [document_text for document_text, header in _headers(PAGE) if header]
    assert spaced == ["Method", "Time", "Cost"]
    flattened = [text for text, header in _headers(FLATTENED) if header]
    assert flattened == ["Feature Vinegar Citric Acid"]


def _headers(text: str) -> list[tuple[str, bool]]:
    document = _read(text)
    return [(document.text[b.start : b.end], b.header) for b in document.blocks if b.kind == "cell"]


def test_flattened_rows_with_honorifics_and_markers_after_the_stop() -> None:
    text = (
        "Forms Compared\n\nForm Capsule Powder\n"
        "Absorption Dr. Ruiz found capsules absorbed well.^4 Powders varied more.^5\n"
        "Cost Usually dearer per dose¹. Cheaper per gram.\n"
    )
    cells = [text for kind, text in _kinds(_read(text)) if kind == "cell"]
    assert cells == [
        "Form Capsule Powder",
        "Absorption",
        "Dr. Ruiz found capsules absorbed well.^4",
        "Powders varied more.^5",
        "Cost",
        "Usually dearer per dose¹.",
        "Cheaper per gram.",
    ]


def test_typed_entries_keep_their_number_and_notes_take_letter_keys() -> None:
    document = _read(
        "Notes\n\na. A note on method.\nb) Another note.\n\nReferences\n\n"
        "1. Ash P. Kettles. 2001.\n2. Birch Q. Scale. 2003.\n"
    )
    refs = [
        (b.key, document.text[b.start : b.end]) for b in document.blocks if b.kind == "reference"
    ]
    assert refs == [
        ("a", "a. A note on method."),
        ("b", "b) Another note."),
        ("1", "1. Ash P. Kettles. 2001."),
        ("2", "2. Birch Q. Scale. 2003."),
    ]


def test_a_papers_long_title_and_its_sections_nest_in_text() -> None:
    title = (
        "Hair nitrogen isotopes as a marker of protein intake and kidney function in older "
        "adults: a cohort study in a valley"
    )
    text = (
        f"{title}\n\nIntroduction\n\nHair records diet.\n\nMethods\n\nParticipants\n\n"
        "Adults were recruited from six posts.\n\nResults\n\nMost completed follow-up.\n"
    )
    article = extract_text(text, "txt")
    sentence = next(s for s in article.sentences if s.text.startswith("Adults were"))
    assert article.sentences[0].kind == "heading"
    assert sentence.section == (title, "Methods", "Participants")


def test_an_entry_in_capitals_continues_its_numbered_reference_list() -> None:
    text = (
        "Tide Gauges\n\nSea level is read at the pier [1]. Older gauges drift [3].\n\n"
        "References\n\n1. Ortega L (2011). Pier gauges. Harbour Press.\n\n"
        "2. Vance M (2015). Datum shifts. Coastal Notes.\n\n"
        "3. NOAA CO-OPS (PDF), NOAA.\n\n"
        "4. Ibarra T (2019). Drift in float gauges. Tide Review.\n"
    )
    kinds = [(s.kind, s.reference_key) for s in extract_text(text, "txt").sentences[-4:]]
    assert kinds == [("reference", "1"), ("reference", "2"), ("reference", "3"), ("reference", "4")]
