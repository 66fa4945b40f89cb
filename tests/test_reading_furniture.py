"""The furniture lexicon: which whole lines are page furniture, bylines, captions, disclaimers."""

from __future__ import annotations

import pytest

from claims import furniture
from claims.furniture import (
    heading_level,
    is_all_caps,
    is_furniture,
    line_kind,
    looks_like_heading,
)

_LINE_KINDS = [
    ("Skip to content", "furniture"),
    ("This page was last edited on 4 October 2024, at 10:12 (UTC).", "furniture"),
    ("For the beacon on the Isle of Tarn, see Skerrymore Beacon.", "furniture"),
    ("Not to be confused with Skerryvore.", "furniture"),
    ("Preprint, posted 14 March 2025. This article has not been peer reviewed.", "furniture"),
    ("ᵃ p < 0.05 for trend.", "caption"),
    ("† Deceased.", "caption"),
    ("Lucía Quispe¹, Daniel Okeke² and Marta Villanueva¹*", "byline"),
    ("Paris, London and Rome", None),
    ("For the first time, growth was seen.", None),
    ("Jump to: Causes | Treatment | Outlook", "furniture"),
    ("5 min read", "furniture"),
    ("Reading time: 4 minutes", "furniture"),
    ("Share | Print | Email", "furniture"),
    ("Related: Ten myths about tea", "furniture"),
    ("Was this helpful? Yes No", "furniture"),
    ("We use cookies to improve your experience. Accept all", "furniture"),
    ("Sign up for our free Morning Brief newsletter", "furniture"),
    ("You're receiving this because you subscribed at example.org.", "furniture"),
    ("This issue is sponsored by Acme Kettles. Use code TEA for 5% off.", "furniture"),
    ("Correction: an earlier version misstated the dose.", "furniture"),
    ("12 March 2025", "furniture"),
    ("News | Health | Science", "furniture"),
    ("Home › Supplements & Vitamins › Herbs A–Z", "furniture"),
    ("Comments (12)", "furniture"),
    ("Most Read", "furniture-heading"),
    ("Published 9:02 AM EST, Tue April 26, 2022", "byline"),
    ("Read this next", "furniture-heading"),
    ("In This Article", "furniture-heading"),
    ("By Ines Varga", "byline"),
    ("By Ines Varga, MD | Updated Jan 2, 2024", "byline"),
    ("Medically reviewed by Lena Ortiz, PharmD — Written by Sam Hale", "byline"),
    ("Last updated: 12 August 2025", "byline"),
    ("Jane Doe, RD", "byline"),
    ("Image: a kettle on a stove", "caption"),
    ("Photography by Studio Nine", "caption"),
    ("Steam rising from a kettle. Photo: Ines Varga/Brightside", "caption"),
    ("Table 2: Doses by age", "caption"),
    ("arXiv:2501.00123v3 [math.AP] 4 Feb 2025", "furniture"),
    ("¹ School of Physics, Tallinn University; ² Harbour Museum, Pärnu", "furniture"),
    ("² Instituto de Ecología, Xalapa", "furniture"),
    ("Disclaimer: This page is not medical advice.", "disclaimer"),
    ("I'm not a doctor, and nothing in this newsletter is medical advice.", "disclaimer"),
    ("This content is for information only and does not replace your doctor.", "disclaimer"),
    ("How we write our articles: editors check every claim.", "furniture"),
    ("Medical Disclaimer", "disclaimer-heading"),
    ("References", "reference-heading"),
    ("Works Cited", "reference-heading"),
    ("Sources:", "list-heading"),
    # content that starts like furniture
    ("By taking a walk after meals, people lowered their glucose.", None),
    ("Related research shows that tea lowers blood pressure.", None),
    ("Next, add the vinegar and wait an hour.", None),
    ("Sign up for the trial if you qualify.", None),
    ("Dose 300 mg / 600 mg / 900 mg", None),
    ("Published online March 2019 in a journal, a study of 2,000 adults found a link.", None),
    ("Source A naturally occurring form found in food.", None),
    ("Vitamin D is made in the skin when sunlight falls on it.", None),
]


@pytest.mark.parametrize(("line", "kind"), _LINE_KINDS)
def test_line_kinds(line: str, kind: str | None) -> None:
    assert line_kind(line) == kind


# Lines a furniture pattern matches that an earlier kind claims first (a byline, a caption, a
# disclaimer), beside those of test_line_kinds: is_furniture tells only the furniture.
_CLAIMED_FIRST = [
    "By Ines Varga | Health | Science",  # a byline, though shaped as a breadcrumb trail
    "Image | Home | News",  # a caption, likewise
    "In This Article",  # a furniture heading
    "Most Read | News | Health",
    "x" * 450,
    "This page was last edited on 4 October 2024. " + "y" * 400,
]


@pytest.mark.parametrize(
    "line",
    [*(line for line, _ in _LINE_KINDS), *_CLAIMED_FIRST],
    ids=range(len(_LINE_KINDS) + len(_CLAIMED_FIRST)),
)
def test_is_furniture_is_line_kind_furniture(line: str) -> None:
    """The shortcut that tries furniture patterns first says what line_kind says."""
    assert is_furniture(line) == (line_kind(line) == "furniture")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Quick Summary", True),
        ("Is it safe to take every day?", True),
        ("2.1 Methods Used", True),
        ("Choosing the Right B12: Methylcobalamin vs. Cyanocobalamin", True),
        ("A sentence that ends with a full stop.", False),
        ("Salt raises blood pressure [4]", False),
        ("Fresh ginger, sliced. Photo credit below", False),
        ("lower-case start of a wrapped line", False),
    ],
)
def test_heading_shapes(line: str, expected: bool) -> None:
    assert looks_like_heading(line) is expected


def test_caps_and_levels() -> None:
    assert is_all_caps("KEY FINDINGS") and not is_all_caps("Key Findings")
    assert (heading_level("2.1 Methods"), heading_level("Methods")) == (3, 2)


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("Marsh, T. (2004). Seals of the North Atlantic.", True),
        ("Ueda K, Brandt S. Distribution of seals. Mar Biol. 2011;12:40-49.", True),
        ("King 2003, p. 41.", True),
        ("Coastal Survey Office (1998). Checklist of seals.", True),
        ("a. Some authors recognise a sixth subspecies.", True),
        ("Seal counts. https://example.org/seals", True),
        ("The species was named in 1758 by a naturalist.", False),
        ("Darwin (1859) first described the finches.", False),
        ("In 2003, the colony moved north.", False),
        # an organisation as the author, then the title (session 14)
        ("Generalitat Valenciana. Seguimiento de las colonias, 1985–2020. Informe 12, 2021.", True),
        ("Northern Ports Survey. Tidefile version 2: specification. 2008.", True),
        ("The colony moved. In 2003 it had 40 seals.", False),
    ],
)
def test_reference_shaped_entries(entry: str, expected: bool) -> None:
    assert furniture.looks_like_reference(entry) is expected


@pytest.mark.parametrize(
    ("heading", "expected"),
    [("Methods", True), ("3. Results", True), ("Materials and methods:", True), ("Sites", False)],
)
def test_paper_sections(heading: str, expected: bool) -> None:
    assert furniture.paper_section(heading) is expected
