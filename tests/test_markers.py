"""The citation-marker grammar: styles, normalised keys, exact spans, and what is never a marker."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.lexicon import words
from claims.markers import _MASTER, _master_matches, find_markers, merge_explicit, scan
from claims.model import Marker
from sources.references import parse_entry


@pytest.mark.parametrize(
    ("text", "marker", "keys", "style"),
    [
        ("nerve damage [1.3.1].", "[1.3.1]", ("1.3.1",), "bracket"),
        ("repair [1.4.3, 1.4.1].", "[1.4.3, 1.4.1]", ("1.4.3", "1.4.1"), "bracket"),
        ("as shown [12].", "[12]", ("12",), "bracket"),
        ("two trials [4,7].", "[4,7]", ("4", "7"), "bracket"),
        ("a range [4-6].", "[4-6]", ("4", "5", "6"), "bracket"),
        ("an en dash range [4–6].", "[4–6]", ("4", "5", "6"), "bracket"),
        (
            "mixed [13–15, 17, 49–52].",
            "[13–15, 17, 49–52]",
            ("13", "14", "15", "17", "49", "50", "51", "52"),
            "bracket",
        ),
        ("journal style [2]–[4].", "[2]–[4]", ("2", "3", "4"), "bracket"),
        ("dotted range [1.2.1–1.2.3].", "[1.2.1–1.2.3]", ("1.2.1", "1.2.2", "1.2.3"), "bracket"),
        ("superscripts damage¹² here.", "¹²", ("12",), "superscript"),
        ("superscript range pain¹⁻³ here.", "¹⁻³", ("1", "2", "3"), "superscript"),
        ("superscript list risk¹,³ here.", "¹,³", ("1", "3"), "superscript"),
        ("caret style^12 here.", "^12", ("12",), "caret"),
        ("a footnote[a] here.", "[a]", ("a",), "footnote"),
        ("a Markdown footnote[^3] here.", "[^3]", ("3",), "footnote"),
        ("a named one[^smith-2019].", "[^smith-2019]", ("smith-2019",), "footnote"),
        ("it works (Smith et al., 2019).", "(Smith et al., 2019)", ("Smith 2019",), "author-year"),
        (
            "two (Lee & Park 2021; Chen 2020).",
            "(Lee & Park 2021; Chen 2020)",
            ("Lee 2021", "Chen 2020"),
            "author-year",
        ),
        ("suffix (Smith, 2019a).", "(Smith, 2019a)", ("Smith 2019a",), "author-year"),
        (
            "particles (van der Berg et al. 2018, 2019).",
            "(van der Berg et al. 2018, 2019)",
            ("van der Berg 2018", "van der Berg 2019"),
            "author-year",
        ),
        (
            "pages (see Okoro 2001, pp. 12–14).",
            "(see Okoro 2001, pp. 12–14)",
            ("Okoro 2001",),
            "author-year",
        ),
        (
            "Nakamura and Ortiz (2017) found it.",
            "Nakamura and Ortiz (2017)",
            ("Nakamura 2017",),
            "author-year",
        ),
        (
            "Kowalczyk et al. (2015) found it.",
            "Kowalczyk et al. (2015)",
            ("Kowalczyk 2015",),
            "author-year",
        ),
        ("an agency (WHO, 2020).", "(WHO, 2020)", ("WHO 2020",), "author-year"),
        ("round brackets (1).", "(1)", ("1",), "bracket"),
        ("bone health (5, 6, 7).", "(5, 6, 7)", ("5", "6", "7"), "bracket"),
        ("a risk (3–5), and more", "(3–5)", ("3", "4", "5"), "bracket"),
        ("used for 3,000 years (1).", "(1)", ("1",), "bracket"),
        (
            "wrong (Mohamed Nor et al., 2021).",
            "(Mohamed Nor et al., 2021)",
            ("Mohamed Nor 2021",),
            "author-year",
        ),
        (
            "a report (Public Health England, 2019).",
            "(Public Health England, 2019)",
            ("Public Health England 2019",),
            "author-year",
        ),
        (
            "Nguyen and colleagues (2025) found it.",
            "Nguyen and colleagues (2025)",
            ("Nguyen 2025",),
            "author-year",
        ),
        (
            "(van der Berg et al., 2019)",
            "(van der Berg et al., 2019)",
            ("van der Berg 2019",),
            "author-year",
        ),
        ("cortisol after eight weeks (2, 3).", "(2, 3)", ("2", "3"), "bracket"),
        ("5% in the placebo group (2).", "(2)", ("2",), "bracket"),
        ("a dose of 240 mg per day (3).", "(3)", ("3",), "bracket"),
    ],
)
def test_marker_styles_and_keys(text: str, marker: str, keys: tuple[str, ...], style: str) -> None:
    (found,) = find_markers(text)
    assert (found.text, found.keys, found.style) == (marker, keys, style)
    assert text[found.start : found.end] == marker


@pytest.mark.parametrize(
    "text",
    [
        "the allele [lin-3(+)] is dominant.",
        "he wrote teh [sic] word.",
        "History[edit]",
        "a bracketed year [2019] is not a citation.",
        "a dose [5 mg] is not a citation.",
        "a sample [n = 12] is not a citation.",
        "see https://example.org/page[3]/x for it.",
        "the code `scores[1]` indexes a list.",
        "an area of 10 m² and 10⁶ cells.",
        "a year in parentheses (2019) alone.",
        "a zero [0] is no key.",
        "an interval [0, 1] is no citation.",
        "[citation needed]",
        "We did (1) this and (2) that.",
        "(1) First item.",
        "see Table (2).",
        "in stage (3).",
        "the skull (FMNH PR 2003) is intact.",
        "measured on day (3).",
        "patients in group (2).",
        "mean 5.2 (1) overall.",
        "- [x] done and [ ] not",
        "[^1]: Smith J. A definition line.",
        # TeX math: a caret, brackets and round numbers there are mathematics
        "the roots are real when $(c-\\nu)^2 - 4 \\ge 0$ holds.",
        "for every $x \\in [0, 1]$ and $y_{[2]}$ it holds.",
        "so $$u_t = u_{xx} + u^2 \\qquad (3)$$ follows.",
    ],
)
def test_never_a_marker(text: str) -> None:
    assert find_markers(text) == []


def test_a_price_is_no_math_and_keeps_its_marker() -> None:
    """A "$" followed by a digit, or closed after a space, opens no math (as Pandoc reads it)."""
    text = "Tickets went from $5 to $10 a ride [3], and then $12 [4]."
    assert [m.keys for m in find_markers(text)] == [("3",), ("4",)]


def test_adjacent_groups_are_separate_markers_with_exact_offsets() -> None:
    text = "It helps [4][5] and more [5], [6]."
    found = find_markers(text)
    assert [(m.text, m.keys) for m in found] == [
        ("[4]", ("4",)),
        ("[5]", ("5",)),
        ("[5]", ("5",)),
        ("[6]", ("6",)),
    ]
    assert all(text[m.start : m.end] == m.text for m in found)


@pytest.mark.parametrize(
    ("text", "flags"),
    [
        ("Tea cures colds.[citation needed]", ["citation-needed"]),
        ("Tea cures colds [Citation Needed].", ["citation-needed"]),
        (
            "It is safe.[unreliable source?][better source needed]",
            ["unreliable-source", "better-source-needed"],
        ),
        ("It is safe [dubious – discuss].", ["dubious-discuss"]),
        ("It is safe [1].", []),
    ],
)
def test_editor_flags(text: str, flags: list[str]) -> None:
    markers, found = scan(text)
    assert [f.name for f in found] == flags
    assert all(text[f.start : f.end].startswith("[") for f in found)
    assert not any(m.text.lower().startswith("[citation") for m in markers)


def test_scan_a_span_only() -> None:
    text = "First [1]. Second [2]. Third [3]."
    found = find_markers(text, 11, 22)
    assert [m.keys for m in found] == [("2",)]


def test_explicit_markers_take_precedence_over_the_grammar() -> None:
    text = "It works [7] well [8]."
    explicit = Marker("[7]", 9, 12, ("smith-2019",), "xref")
    merged = merge_explicit(find_markers(text), [explicit])
    assert [(m.text, m.keys, m.style) for m in merged] == [
        ("[7]", ("smith-2019",), "xref"),
        ("[8]", ("8",), "bracket"),
    ]


@pytest.mark.parametrize("particle", sorted(words("name_particles.txt")))
def test_every_name_particle_opens_a_marker_and_a_reference_author(particle: str) -> None:
    """One particle list (claims/lexicons/name_particles.txt) for markers and reference entries:
    '(ten Brink et al., 2019)' was no marker while references parsed 'ten Brink' as an author."""
    (found,) = find_markers(f"Tea helps memory ({particle} Brink et al., 2019).")
    assert found.keys == (f"{particle} Brink 2019",)
    entry = parse_entry(f"{particle} Brink A, Li X. Tea and memory. J Tea. 2019;3:1-9.")
    assert entry.authors[0].startswith(f"{particle} Brink")


_PIECES = (
    "[", "]", "(", ")", "^", "1", "12", "1.3.1", "¹", "²³", "⁻", "–", "-", ",", ";", ":", " ",
    "a", "n 1", "^3", "[^2]", "[citation needed]", "Smith", "et al.", "2019", "Lee & Park",
    "e.g.", "see", "fig", "x", "\n", "’", "(5)", "[4–6]", "[12: 3]",
)  # fmt: skip


@given(st.lists(st.sampled_from(_PIECES), max_size=40))
@settings(max_examples=300, deadline=None)
def test_master_matches_are_those_of_finditer(pieces: list[str]) -> None:
    text = "".join(pieces)
    for start, end in ((0, len(text)), (1, max(1, len(text) - 1))):
        every = [(m.span(), m.lastgroup) for m in _MASTER.finditer(text, start, end)]
        tried = [(m.span(), m.lastgroup) for m in _master_matches(text, start, end)]
        assert tried == every


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        # "compare" and "see" in German, French and Spanish before a name and year (session 14)
        ("Hamster sind bedroht (vgl. Weber 2012).", [("Weber 2012",)]),
        ("Streifen bieten Schutz (vgl. Weber 2012, S. 40).", [("Weber 2012",)]),
        ("Die Tiere finden kaum Deckung (siehe Roth, 2018).", [("Roth 2018",)]),
        (
            "Les magazines touchent un million de lecteurs (voir Lemaire, 2015).",
            [("Lemaire 2015",)],
        ),
        ("Los murciélagos hibernan en cuevas (véase Ibáñez, 2019).", [("Ibáñez 2019",)]),
        # a name and year, then a comma and more words inside the bracket
        (
            "Hummeln leben zwei Monate (Smeets & Duchateau 2003, vgl. auch Abschnitt 3).",
            [("Smeets 2003",)],
        ),
        ("The mill (built in 1890, rebuilt in 1920) still stands.", []),
    ],
)
def test_see_and_compare_in_other_languages(text: str, keys: list[tuple[str, ...]]) -> None:
    assert [m.keys for m in find_markers(text)] == keys
