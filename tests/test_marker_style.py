"""Markers judged against the article's own citation style, the same in every format.

Each case is one sentence written into a small article of its format (text, Markdown, HTML,
JATS) with a numbered reference list of twelve entries, or an author-year list; the keys the
sentence gets must be the same in every format.
"""

from __future__ import annotations

from html import escape

import pytest

from claims.extract import extract_text
from claims.model import Article

_NUMBERED = [
    f"Okonkwo A{chr(65 + n)}. Field study number {n}. J Field Biol. 2001;{n}:1-9."
    for n in range(1, 13)
]
_AUTHOR_YEAR = [
    "ten Brink P, Marsh R. Blue carbon in sea grass. Mar Ecol. 2019;4:1-9.",
    "Haldane J. Rivers and their banks. Geogr Rev. 2004;2:3-8.",
]


def _txt(body: str, refs: list[str], numbered: bool = True) -> str:
    entries = "\n".join(f"{n}. {r}" if numbered else r for n, r in enumerate(refs, start=1))
    return f"A Field Report\n\nOpening words of the report.\n\n{body}\n\nReferences\n\n{entries}\n"


def _md(body: str, refs: list[str], numbered: bool = True) -> str:
    entries = "\n".join(f"{n}. {r}" if numbered else f"- {r}" for n, r in enumerate(refs, 1))
    head = "# A Field Report\n\nOpening words of the report."
    return f"{head}\n\n{body}\n\n## References\n\n{entries}\n"


def _html(body: str, refs: list[str]) -> str:
    items = "".join(f'<li id="ref-{n}">{escape(r)}</li>' for n, r in enumerate(refs, start=1))
    return (
        "<html><body><main><h1>A Field Report</h1><p>Opening words of the report.</p>"
        f"<p>{body}</p><h2>References</h2><ol>{items}</ol></main></body></html>"
    )


def _jats(body: str, refs: list[str]) -> str:
    items = "".join(
        f'<ref id="r{n}"><label>{n}</label><mixed-citation>{escape(r)}</mixed-citation></ref>'
        for n, r in enumerate(refs, start=1)
    )
    return (
        "<article><front><article-meta><title-group><article-title>A Field Report"
        "</article-title></title-group></article-meta></front><body><sec><title>Intro</title>"
        f"<p>Opening words of the report.</p><p>{body}</p></sec></body>"
        f"<back><ref-list><title>References</title>{items}</ref-list></back></article>"
    )


def _keys_of(article: Article, words: str) -> tuple[str, ...]:
    """Return the keys of the sentences holding ``words``, in order."""
    found = [s for s in article.sentences if words in s.text]
    assert found, f"no sentence holds {words!r}: {[s.text for s in article.sentences]}"
    return tuple(k for s in found for k in s.keys)


def _plain(text: str, fmt: str, refs: list[str] = _NUMBERED, numbered: bool = True) -> Article:
    """Return the article of one plain sentence (no markup of its own) in format ``fmt``; its
    text and Markdown reference lists unnumbered unless ``numbered`` (as author-year lists)."""
    if fmt == "txt":
        return extract_text(_txt(text, refs, numbered), "txt")
    if fmt == "md":
        return extract_text(_md(text, refs, numbered), "md")
    if fmt == "html":
        return extract_text(_html(escape(text, quote=False), refs), "html")
    return extract_text(_jats(escape(text, quote=False), refs), "jats")


FORMATS = ("txt", "md", "html", "jats")

# Text that is no citation in a paper that cites by number; a real marker after it stays one.
NOT_MARKERS = [
    ("Normal matrices satisfy AA^H = A^H A for every entry [1].", "Normal matrices", ("1",)),
    ("Every vector lies in ℂ^n by construction [2].", "Every vector", ("2",)),
    ("The expected value E[x] vanishes here.", "expected value", ()),
    ("The covariance Cov[x, y] is symmetric.", "covariance", ()),
    ("Pore widths spanned [30, 60] mm across samples.", "Pore widths", ()),
    ("The order was chosen with k ∈ [5, 120] in the search.", "order was chosen", ()),
    ("Relapse was likelier in smokers (aOR 2.5 [1.6–3.9]).", "Relapse", ()),
    ("Mean uptake was 1.7 [0.5, 2.9] nM in cells.", "Mean uptake", ()),
    ("The diarist wrote that “[t]he colour faded” overnight.", "diarist", ()),
    ("The probe cgcg[t]gcag binds the locus.", "probe", ()),
    ("The shrimp Palaemon debilis (Maury, 1917) lives on reefs [3].", "shrimp", ("3",)),
    ("A second skull (SMF-ME 1683) is complete.", "second skull", ()),
    ("Bullitt (1968) was filmed in the hills.", "Bullitt", ()),
    ("Its calcium level [Ca²⁺]i was not measured.", "calcium level", ()),
    ("Clearance fell by 0.8 mL min⁻¹ per year.", "Clearance fell", ()),
    ("The worm Eisenia fetida (Okonkwo, 2001) was reared in boxes.", "worm Eisenia", ()),
]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("sentence", "words", "keys"), NOT_MARKERS)
def test_no_marker_where_the_style_says_none(
    fmt: str, sentence: str, words: str, keys: tuple[str, ...]
) -> None:
    article = _plain(f"Earlier work is cited [4]. {sentence}", fmt)
    assert _keys_of(article, words) == keys


# Markers that are citations and were missed.
MARKERS = [
    ("Unimod was searched (www.unimod.org)[4–6] for it.", "Unimod", ("4", "5", "6")),
    ("The site is at https://example.org/data[7] today.", "The site", ("7",)),
    ("Two trials reported it [2]–[5] as well.", "Two trials", ("2", "3", "4", "5")),
    ("The plate is seen from the left [1: 290–293].", "seen from the left", ("1",)),
    ("Its hand fits the branch [6: fig. 3], [8: 12].", "Its hand", ("6", "8")),
    ("Teeth were traced [e.g., 7], [8] in it.", "Teeth were traced", ("7", "8")),
    ("Subsets such as CD1dhiCD5+ [10] and Tim-1+ cells [11] exist.", "Subsets", ("10", "11")),
    ("Its teeth match Notharctus [9, pl. LII: 9] and others.", "Its teeth", ("9",)),
    ("Toxicity was assessed according to Ref. 2 for each sample.", "Toxicity", ("2",)),
    ("Both were compared as in refs. 3–5 and not as in Ref. 40.", "Both were", ("3", "4", "5")),
]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("sentence", "words", "keys"), MARKERS)
def test_citations_are_found(fmt: str, sentence: str, words: str, keys: tuple[str, ...]) -> None:
    article = _plain(f"Earlier work is cited [1]. {sentence}", fmt)
    assert _keys_of(article, words) == keys


@pytest.mark.parametrize("fmt", ("txt", "md"))
def test_a_marker_opening_a_paragraph(fmt: str) -> None:
    body = "Earlier work is cited [1].\n\n[10] proposed the following equations for the flow."
    article = _plain(body, fmt)
    assert _keys_of(article, "proposed the following") == ("10",)


# A range printed as two links or two xrefs cites every entry between them.
_XREF = '<xref ref-type="bibr" rid="r{0}">{1}</xref>'
RANGES = [
    ("html", 'Growth slowed [<a href="#ref-3">3</a>–<a href="#ref-5">5</a>].', ("3", "4", "5")),
    ("html", 'Growth slowed <a href="#ref-2">[2]</a>–<a href="#ref-7">[7]</a>.', tuple("234567")),
    (
        "html",
        'Growth slowed<sup><a href="#ref-8">8</a>-<a href="#ref-10">10</a></sup>.',
        ("8", "9", "10"),
    ),
    (
        "jats",
        f"Growth slowed [{_XREF.format(3, 3)}–{_XREF.format(5, 5)}].",
        ("3", "4", "5"),
    ),
    ("jats", f"Growth slowed {_XREF.format(2, '[2]')}–{_XREF.format(7, '[7]')}.", tuple("234567")),
    (
        "html",
        'Growth slowed<sup><a href="#ref-8">8</a>–\n  <a href="#ref-10">10</a></sup>.',
        ("8", "9", "10"),
    ),
    ("txt", "Growth slowed [3]–[5].", ("3", "4", "5")),
    ("md", "Growth slowed [2]–[7].", tuple("234567")),
    (
        "html",
        'Growth slowed <a href="#ref-4">[4: 12–14]</a>, <a href="#ref-9">[e.g., 9]</a>.',
        ("4", "9"),
    ),
]


@pytest.mark.parametrize(("fmt", "body", "keys"), RANGES)
def test_ranges_across_two_links(fmt: str, body: str, keys: tuple[str, ...]) -> None:
    build = {"html": _html, "jats": _jats, "txt": _txt, "md": _md}[fmt]
    article = extract_text(build(body, _NUMBERED), fmt)
    assert _keys_of(article, "Growth slowed") == keys


def test_wikipedia_group_notes_and_letters_in_html() -> None:
    body = (
        'The fort fell in a day.<sup class="reference"><a href="#cite_note-n1">[n 1]</a></sup>'
        ' Its walls were rebuilt.<sup class="reference"><a href="#cite_note-a">[a]</a></sup>'
        ' A third note follows.<sup class="reference"><a href="#cite_note-x">[note 2]</a></sup>'
    )
    article = extract_text(_html(body, _NUMBERED), "html")
    assert _keys_of(article, "The fort fell") == ("n 1",)
    assert _keys_of(article, "walls were rebuilt") == ("a",)
    assert _keys_of(article, "A third note") == ("note 2",)


@pytest.mark.parametrize("fmt", ("txt", "md"))
def test_wikipedia_group_notes_and_letters_in_text(fmt: str) -> None:
    body = "The fort fell in a day.[n 1] Its walls were rebuilt.[a] Later notes.[b][note 2]"
    notes = ["n 1. A note on the siege.", "a. A note on the walls.", "b. Another note."]
    heading = "Notes" if fmt == "txt" else "## Notes"
    notes_list = "\n\n".join(notes)
    text = (_txt if fmt == "txt" else _md)(body, _NUMBERED) + f"\n{heading}\n\n{notes_list}\n"
    article = extract_text(text, fmt)
    assert _keys_of(article, "The fort fell") == ("n 1",)
    assert _keys_of(article, "walls were rebuilt") == ("a",)
    assert _keys_of(article, "Later notes") == ("b", "note 2")


@pytest.mark.parametrize("fmt", FORMATS)
def test_author_year_with_a_name_particle(fmt: str) -> None:
    sentence = "Sea grass stores carbon (ten Brink et al., 2019; Haldane 2004)."
    article = _plain(sentence, fmt, _AUTHOR_YEAR, numbered=False)
    assert _keys_of(article, "Sea grass") == ("ten Brink 2019", "Haldane 2004")


@pytest.mark.parametrize("fmt", FORMATS)
def test_author_year_without_brackets_and_collective_authors(fmt: str) -> None:
    refs = [*_AUTHOR_YEAR, "Coastal Carbon Research Network Board. Sea grass. 2014."]
    sentence = (
        "Sea grass stores carbon as in ten Brink et al., 2019. "
        "Roots hold it (Coastal Carbon Research Network Board et al., 2014; Haldane 2004)."
    )
    article = _plain(sentence, fmt, refs, numbered=False)
    assert _keys_of(article, "Sea grass") == ("ten Brink 2019",)
    assert _keys_of(article, "Roots hold") == (
        "Coastal Carbon Research Network Board 2014",
        "Haldane 2004",
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_bibliography_lines_and_months_are_no_author_year_markers(fmt: str) -> None:
    sentence = (
        "Sea grass stores carbon (Haldane 2004). Read also Haldane, John (2004) on rivers. "
        "The survey ran once (July 2004)."
    )
    article = _plain(sentence, fmt, _AUTHOR_YEAR, numbered=False)
    assert _keys_of(article, "Sea grass") == ("Haldane 2004",)
    assert _keys_of(article, "Read also") == ()
    assert _keys_of(article, "survey ran") == ()


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_brackets_in_an_article_that_cites_so(fmt: str) -> None:
    body = (
        "Earlier work is cited (1). Growth was reported twice (5) (6). "
        "Samples came from GSE31519 (7) and from 65 patients."
    )
    article = _plain(body, fmt)
    assert _keys_of(article, "reported twice") == ("5", "6")
    assert _keys_of(article, "Samples came") == ("7",)


_ROUND_CITED = "Earlier work is cited (1). Growth was reported twice (2). Rain fell early (5). "


@pytest.mark.parametrize(
    ("fmt", "numbered"),
    [("txt", True), ("md", True), ("html", True), ("txt", False), ("md", False)],
)
def test_a_round_citation_after_a_preposition_closing_its_sentence(
    fmt: str, numbered: bool
) -> None:
    body = (
        f"{_ROUND_CITED}Every other scale is measured against it and compared to (3). "
        "The same volume is equal to (4) in the older unit. "
        "The sum was then set equal to (40). Dry weight was compared to (2, 2)."
    )
    article = _plain(body, fmt, _AUTHOR_YEAR if not numbered else _NUMBERED, numbered)
    assert _keys_of(article, "compared to (3)") == ("3",)
    if not numbered:  # a number group naming an entry cites anywhere ("reported (5) in")
        assert _keys_of(article, "older unit") == ()  # not at the sentence's end
        assert _keys_of(article, "set equal to") == ()  # past every number cited so
        assert _keys_of(article, "Dry weight") == ()  # a number twice: a pair of values


@pytest.mark.parametrize("fmt", ("txt", "md", "html"))
def test_a_tuple_after_a_preposition_is_no_citation_on_a_page_citing_otherwise(fmt: str) -> None:
    body = (
        "Earlier work is cited [1]. Growth was reported twice [2]. Rain fell early [5]. "
        "The loop prints a tuple equal to (1, 2, 3). The pair (2, 3) is compared to (3)."
    )
    article = _plain(body, fmt)
    assert _keys_of(article, "tuple equal to") == ()
    assert _keys_of(article, "pair") == ()


def test_a_tuple_after_a_preposition_is_no_citation_on_a_page_citing_nothing() -> None:
    body = "The loop prints a tuple equal to (1, 2, 3). A slice of it is equal to (1, 2)."
    article = _plain(body, "html", [])
    assert _keys_of(article, "tuple equal to") == ()
    assert _keys_of(article, "slice") == ()


def test_an_infobox_year_is_no_marker_in_html() -> None:
    body = (
        'Income is unequal.<sup class="reference"><a href="#ref-1">[1]</a></sup></p>'
        "<table><tr><th>Gini (2014)</th><td>33.1</td></tr></table><p>More text."
    )
    article = extract_text(_html(body, _NUMBERED), "html")
    assert _keys_of(article, "Gini") == ()


def test_a_raised_letter_is_no_marker_on_a_page_that_links_its_citations() -> None:
    body = (
        'Normal matrices satisfy AA<sup>H</sup> = A<sup>H</sup>A.<sup class="reference">'
        '<a href="#ref-1">[1]</a></sup> Vectors lie in ℂ<sup>n</sup> here.'
    )
    article = extract_text(_html(body, _NUMBERED), "html")
    assert _keys_of(article, "Normal matrices") == ("1",)
    assert _keys_of(article, "Vectors lie") == ()


_TO_SUPERSCRIPT = str.maketrans("0123456789,", "⁰¹²³⁴⁵⁶⁷⁸⁹˒")


def _raised(body: str, fmt: str) -> str:
    """Return ``body`` with each "^{n}" raised as the format prints it."""
    import re

    if fmt == "txt":
        return re.sub(r"\^\{([\d,]+)\}", lambda m: m.group(1).translate(_TO_SUPERSCRIPT), body)
    return re.sub(r"\^\{([\d,]+)\}", r"<sup>\1</sup>", body)


def _raised_article(body: str, fmt: str) -> Article:
    text = _raised(body, fmt)
    if fmt == "html":
        paragraphs = "</p><p>".join(text.split("\n\n"))
        page = _html(paragraphs, _NUMBERED).replace(escape(paragraphs), paragraphs)
        return extract_text(page, fmt)
    return _plain(text, fmt)


# Raised numbers that are part of a symbol or a formula, in a paper that cites by raised numbers.
RAISED_NOT_MARKERS = [
    ("Values of δ^{13}C rose in the oldest layer.^{5}", "Values of", ("5",)),
    ("Deciduous premolars (dP^{4}) were excluded.", "Deciduous premolars", ()),
    ("For a circle the area is A = πr^{2} as usual.", "For a circle", ()),
    ("Cells of the strain mc^{2}155 were plated.", "Cells of the strain", ()),
    ("Most plasma ^{2}H-glucose was infused early.", "Most plasma", ()),
    ("Some Δ^{9}-THC formed in the acid.^{6}", "Some Δ", ("6",)),
    ("The index was weight/height^{2} in adults.", "The index", ()),
    ("The data are at https://doi.org/10.1/XYZ^{7} online.", "The data are", ("7",)),
]


@pytest.mark.parametrize("fmt", ("txt", "md", "html"))
@pytest.mark.parametrize(("sentence", "words", "keys"), RAISED_NOT_MARKERS)
def test_raised_symbols_are_no_markers(
    fmt: str, sentence: str, words: str, keys: tuple[str, ...]
) -> None:
    body = f"Earlier work is cited.^{{1}} Later work agrees.^{{2,3}} {sentence}"
    assert _keys_of(_raised_article(body, fmt), words) == keys


@pytest.mark.parametrize("fmt", ("txt", "md", "html"))
def test_a_tables_own_note_numbers_are_no_markers(fmt: str) -> None:
    body = (
        "Earlier work is cited.^{1} Later work agrees.^{2,3} The samples are listed below in "
        "the table, with their measured contents and the limits that apply to each of them.^{4}"
        "\n\nCBD oil 200 - ^{2} 9 mg\n\nCBD wax 660 (1.7) ^{3} 4 mg"
        "\n\n^{2} Not analysed in this run.\n\n^{3} Calculated from the label, as in earlier "
        "work.^{5}"
    )
    article = _raised_article(body, fmt)
    assert _keys_of(article, "limits that apply") == ("4",)
    assert _keys_of(article, "CBD oil") == ()
    assert _keys_of(article, "CBD wax") == ()
    assert _keys_of(article, "Not analysed") == ()
    assert _keys_of(article, "Calculated from the label") == ("5",)


@pytest.mark.parametrize("fmt", ("txt", "md", "html"))
def test_raised_numbers_in_a_paper_that_cites_in_brackets(fmt: str) -> None:
    body = (
        "Earlier work is cited [1]. Later work agrees [2], [3]. Others differ [4]. Few [5]. "
        "More [6]. The open access fee was paid by SCOAP^{3} for this paper."
    )
    assert _keys_of(_raised_article(body, fmt), "open access fee") == ()


def test_affiliation_numbers_in_a_byline_are_no_markers() -> None:
    body = (
        '<p class="authors">Ana Ruiz<sup>1</sup>, Jonas Berg<sup>1,2</sup></p>'
        "<p>Earlier work is cited.<sup>3</sup></p>"
    )
    article = extract_text(_html("X", _NUMBERED).replace("<p>X</p>", body), "html")
    assert _keys_of(article, "Ana Ruiz") == ()
    assert _keys_of(article, "Earlier work") == ("3",)


@pytest.mark.parametrize("fmt", FORMATS)
def test_author_year_inside_round_brackets_among_other_words(fmt: str) -> None:
    refs = [*_AUTHOR_YEAR, "Apps P, Rees R. Public economics and the household. 2009."]
    sentence = (
        "Sea grass stores carbon (a review is in Apps and Rees, 2009). "
        "Roots hold it (see Haldane, 2004, for a survey). "
        "Banks erode ( Haldane, 2004) in storms. "
        "Reeds grow (phylum Bacteroidetes; Haldane 2004) there. "
        "Vectors were used (pNeo and pGFP Apps et al., 2009) then."
    )
    article = _plain(sentence, fmt, refs, numbered=False)
    assert _keys_of(article, "Sea grass") == ("Apps 2009",)
    assert _keys_of(article, "Roots hold") == ("Haldane 2004",)
    assert _keys_of(article, "Banks erode") == ("Haldane 2004",)
    assert _keys_of(article, "Reeds grow") == ("Haldane 2004",)
    assert _keys_of(article, "Vectors were used") == ("Apps 2009",)


def test_a_name_and_year_resolve_by_the_first_author_only() -> None:
    from claims.citestyle import Entries
    from claims.model import Marker

    text = (
        "Ford M, Sarkis G, Lee K. Phage isolation. 1998.\n"
        'Halvorsen Consulting, "Lindmoor Fare Study: Final Report," June 2022\n'
    )
    first = text.splitlines(keepends=True)[0]
    entries = Entries.of(text, [(None, 0, len(first)), (None, len(first), len(text))])

    def cites(key: str) -> bool:
        return entries.resolves(Marker(key, 0, 1, (key,), "author-year"))

    assert cites("Ford 1998") and cites("Halvorsen Consulting 2022")
    assert not cites("Sarkis 1998")  # a second author
    assert not cites("Study 2022")  # a word of the title


@pytest.mark.parametrize("fmt", ("txt", "md", "html"))
def test_a_number_counted_by_a_noun_is_no_marker_unless_it_names_an_entry(fmt: str) -> None:
    body = (
        "Earlier work is cited [4]. The rules of section [37] were applied. "
        "As in the Methods section [5], samples were dried."
    )
    article = _plain(body, fmt)
    assert _keys_of(article, "rules of section") == ()
    assert _keys_of(article, "Methods section") == ("5",)


def test_note_calls_the_page_classes_as_notes_are_its_markers() -> None:
    page = (
        "<html><body><main><h1>Lists of journals</h1>"
        "<p>The list was an aid to decisions. <span>&nbsp;[<a href='#nb4-1' class='spip_note' "
        "rel='appendix'>1</a>]</span> It ranked no one; the section [37] said so.</p>"
        "<h2>Notes</h2><div id='nb4-1'><p>[<a href='#nh4-1' class='spip_note_ref'>1</a>] "
        "Objectives and principles, Paris, 2004.</p></div></main></body></html>"
    )
    article = extract_text(page, "html")
    assert _keys_of(article, "an aid to decisions") == ("1",)
    assert _keys_of(article, "ranked no one") == ()


@pytest.mark.parametrize("fmt", ("txt", "md"))
def test_a_list_of_numbers_is_no_marker_where_every_citation_has_one_key(fmt: str) -> None:
    cited = " ".join(f"Fact number {n} holds.[{n % 12 + 1}]" for n in range(60))
    body = (
        f"{cited}\n\nLists are written as [1, 2, 3] in the language.[4] "
        "A byte string is bytes([11, 5, 7, 5]) there."
    )
    article = _plain(body, fmt)
    assert _keys_of(article, "Lists are written") == ("4",)
    assert _keys_of(article, "A byte string") == ()


@pytest.mark.parametrize("fmt", ("txt", "md"))
def test_a_bracket_repeating_a_number_is_no_citation(fmt: str) -> None:
    body = "Earlier work is cited [1], [2, 3]. The codes were [7, 5, 7, 5] in order."
    article = _plain(body, fmt)
    assert _keys_of(article, "The codes were") == ()


def test_raised_ranges_spaced_after_their_dash_in_text() -> None:
    body = "Earlier work is cited.¹ Acid converts it in gastric juice ⁴˒ ⁶⁻ ⁸ as well."
    article = extract_text(_txt(body, _NUMBERED), "txt")
    assert _keys_of(article, "Acid converts") == ("4", "6", "7", "8")


# Author-year citations in the forms preprints print them (issue 10, seventh round).
_PREPRINT_REFS = [
    "Hartmann L. (2017). Earthworms after conversion. Eur J Soil Biol, 81, 14-22.",
    "Okafor C., Hale D. (2019a). Slow return of anecic earthworms. Appl Soil Ecol, 138, 205.",
    "Okafor C., Mensah K. (2019b). Cocoon production in the laboratory. Pedobiologia, 74, 1.",
    "Novak J. (2016). Earthworm ecology: a field guide. Springer.",
    "Bouché M. (1977). Stratégies lombriciennes. Ecol Bull, 25, 122-132.",
    "R Core Team (2023). R: a language and environment for statistical computing.",
    "Soil Survey of England and Wales (1983). Soil map of England and Wales.",
]
AUTHOR_YEAR_FORMS = [
    ("Hartmann's (2017) survey found more worms.", "survey found", ("Hartmann 2017",)),
    (
        "Okafor and colleagues (2019a, b) explained it.",
        "explained it",
        ("Okafor 2019a", "Okafor 2019b"),
    ),
    (
        "Three groups are known (Bouché 1977, cited in Novak 2016: 45).",
        "Three groups",
        ("Bouché 1977", "Novak 2016"),
    ),
    ("Counts were modelled in R (R Core Team 2023).", "Counts were", ("R Core Team 2023",)),
    (
        "Farms lay on one soil series (Soil Survey of England and Wales, 1983).",
        "Farms lay",
        ("Soil Survey of England and Wales 1983",),
    ),
    # a construct's name with a digit is no author: the citation is the name after it
    (
        "Worms carried tags (gfp2-LumA and Rfp3-LumB Novak et al., 2016) in the trial.",
        "Worms carried",
        ("Novak 2016",),
    ),
    # mentions, not citations: an authority after a species, a named thing and its year
    ("The worm Aporrectodea caliginosa (Savigny, 1826) is common.", "The worm", ()),
    ("Dates were checked against the Marcher Soil Survey (2022) maps.", "Dates were", ()),
]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("sentence", "words", "keys"), AUTHOR_YEAR_FORMS)
def test_author_year_forms_of_preprints(
    fmt: str, sentence: str, words: str, keys: tuple[str, ...]
) -> None:
    body = f"Worms mix the soil (Hartmann 2017; Novak 2016). {sentence}"
    article = _plain(body, fmt, _PREPRINT_REFS, numbered=False)
    assert _keys_of(article, words) == keys


@pytest.mark.parametrize("fmt", ("txt", "md"))
def test_a_range_in_brackets_on_a_page_that_chains_its_citations(fmt: str) -> None:
    chained = " ".join(f"Fact {n} holds.[{n}][{n + 1}]" for n in range(1, 6))
    body = f"{chained} Published ranges fall in [6, 9] nautical miles, by the observer."
    article = _plain(body, fmt)
    assert _keys_of(article, "Fact 3 holds") == ("3", "4")
    assert _keys_of(article, "Published ranges") == ()


def test_a_page_locator_after_a_marker_ends_the_sentence() -> None:
    body = "The tower is tall.[1]: 88 Its light flashes twice.[2]: 41–43[3] It was automated."
    article = extract_text(_txt(body, _NUMBERED), "txt")
    assert _keys_of(article, "The tower") == ("1",)
    assert _keys_of(article, "Its light") == ("2", "3")
    assert _keys_of(article, "automated") == ()


@pytest.mark.parametrize("fmt", ("txt", "md"))
def test_affiliation_numbers_of_a_plain_author_line_are_no_markers(fmt: str) -> None:
    head = "Lucía Quispe¹, Daniel Okeke² and Marta Villanueva¹*\n\nEarlier work is cited.³"
    article = _plain(head, fmt)
    assert _keys_of(article, "Lucía Quispe") == ()
    assert _keys_of(article, "Earlier work") == ("3",)


def test_a_note_letter_after_a_space_is_a_marker_but_a_checkbox_is_not() -> None:
    notes = "\n\nNotes\n\na. A note on the figures.\n"
    body = "The value is redefined [a] later.\n\n- [x] Checked by hand."
    article = extract_text(_md(body, _NUMBERED) + notes, "md")
    assert _keys_of(article, "is redefined") == ("a",)
    assert _keys_of(article, "Checked by hand") == ()


@pytest.mark.parametrize("fmt", ("txt", "md"))
def test_a_note_running_over_short_lines_stays_in_its_list(fmt: str) -> None:
    notes = (
        "1. Hints are ignored by the runtime.[5]\n\n"
        "Tier 1: Linux and macOS[6]\n\nTier 2: WebAssembly\n\n"
        "Tier 3: Android,[7] iOS and others[8][9]\n\n"
        "3. A later note on deletion.[10]\n"
    )
    heading, refs = ("Notes", "References") if fmt == "txt" else ("## Notes", "## References")
    text = (_txt if fmt == "txt" else _md)("Earlier work is cited.[1]", _NUMBERED)
    article = extract_text(text.replace(refs, f"{heading}\n\n{notes}\n{refs}"), fmt)
    kinds = {s.text.split(":")[0]: s.kind for s in article.sentences if "Tier" in s.text}
    assert kinds == {"Tier 1": "reference", "Tier 2": "reference", "Tier 3": "reference"}
    assert _keys_of(article, "Tier 3") == ("7", "8", "9")


@pytest.mark.parametrize("fmt", ("txt", "md"))
def test_a_bundle_of_citations_listed_under_its_own_heading_cites(fmt: str) -> None:
    text = (_txt if fmt == "txt" else _md)("Earlier work is cited.[1]", _NUMBERED)
    article = extract_text(f"{text}\nGrouped references\n\n1. [10][11][12]\n", fmt)
    bundle = [s for s in article.sentences if s.text.endswith("[12]")]
    assert [(s.kind, s.keys) for s in bundle] == [("reference", ("10", "11", "12"))]
    assert _keys_of(article, "Earlier work") == ("1",)


_CODE = (
    "/* C */ int sum_row(int cells[12]) { int total = 0; "
    "for (int k = 0; k < 12; k++) total += cells[k]; return total; }"
)


@pytest.mark.parametrize("fmt", ("txt", "md"))
@pytest.mark.parametrize("code", (_CODE, _CODE.replace("; ", ";\n  ").replace("{ ", "{\n  ")))
def test_code_copied_as_text_cites_nothing(fmt: str, code: str) -> None:
    body = f"Rows are summed as below.[1]\n\n{code}\n\nThe sum is then checked.[2]"
    article = _plain(body, fmt)
    assert _keys_of(article, "Rows are summed") == ("1",)
    assert _keys_of(article, "then checked") == ("2",)
    assert [(s.kind, s.keys) for s in article.sentences if "cells[" in s.text] == [("other", ())]


@pytest.mark.parametrize("fmt", ("txt", "md"))
def test_a_link_list_cites_nothing(fmt: str) -> None:
    links = [
        "Harbour charts (nautical maps kept by each port authority, redrawn after dredging works)",
        "Pilot books (sailing directions, edition [3])",
        "Tide tables",
    ]
    heading, items = (
        ("See also", links) if fmt == "txt" else ("## See also", [f"- {x}" for x in links])
    )
    body = "Ports publish their depths.[1]\n\n" + heading + "\n\n" + "\n\n".join(items)
    article = _plain(body, fmt)
    assert _keys_of(article, "Ports publish") == ("1",)
    assert _keys_of(article, "Pilot books") == ()


_SHARED_FIRST_AUTHOR = [
    "Ortega L (2010). Tide gauges at small piers. Harbour Rev. 4: 1-9.",
    "Ortega L, Brandt K (2010). Datum shifts along the coast. Coastal Notes. 2: 3-8.",
    "Ortega L, Brandt K, Yilmaz S (2010). Float gauges that drift. Tide J. 7: 10-19.",
]


@pytest.mark.parametrize("fmt", FORMATS)
def test_entries_sharing_first_author_and_year_are_told_apart_by_the_others(fmt: str) -> None:
    from sources.linking import link
    from sources.references import references_of

    body = (
        "Piers were surveyed by Ortega and Brandt (2010). Gauges drift (Ortega et al., 2010). "
        "Small piers need care (Ortega, 2010)."
    )
    article = _plain(body, fmt, _SHARED_FIRST_AUTHOR, numbered=False)
    titles = {}
    for lk in link(article, references_of(article)):
        for sid in lk.cited_by:
            sentence = next(s for s in article.sentences if s.id == sid)
            titles[sentence.text.split()[0]] = lk.reference and lk.reference.data.title
    assert titles == {
        "Piers": "Datum shifts along the coast",
        "Gauges": "Float gauges that drift",
        "Small": "Tide gauges at small piers",
    }


def test_a_linked_year_after_a_linked_name_cites_that_authors_work() -> None:
    entries = ["Okoro B, Bell T (2001). Marsh birds.", "Okoro B, Bell T (2003). Marsh grasses."]
    items = "".join(f'<li id="r{n}">{e}</li>' for n, e in enumerate(entries, start=1))
    page = (
        "<html><body><main><h1>Marshes</h1><p>Marshes hold birds (<a href='#r1'>Okoro and Bell "
        "2001</a>, <a href='#r2'>2003</a>).</p><h2>References</h2><ul class=\"references\">"
        f"{items}</ul></main></body></html>"
    )
    article = extract_text(page, "html")
    assert _keys_of(article, "Marshes hold") == ("Okoro 2001", "Okoro 2003")


@pytest.mark.parametrize("fmt", ("txt", "md"))
def test_a_bare_range_that_takes_up_the_numbering_is_a_citation(fmt: str) -> None:
    cited = " ".join(f"Finding {n} holds [{n}]." for n in range(1, 11))
    body = (
        f"{cited} Gauges drift apart (Figure 2) 11–12, which matters. "
        "Floats measured 4–5. Piers stood 30–31."
    )
    article = _plain(body, fmt)
    assert _keys_of(article, "Gauges drift") == ("11", "12")
    assert _keys_of(article, "Floats measured") == ()
    assert _keys_of(article, "Piers stood") == ()
    unordered = " ".join(f"Finding {n} holds [{n}]." for n in (5, 2, 9, 1, 7, 3, 10, 4, 8, 6))
    article = extract_text(
        (_txt if fmt == "txt" else _md)(unordered + " Gauges 11–12.", _NUMBERED), fmt
    )
    assert _keys_of(article, "Gauges") == ()


def test_an_authority_is_no_citation_where_the_markup_links_the_citations() -> None:
    body = (
        'Worms mix the soil [<xref ref-type="bibr" rid="r3">3</xref>]. '
        "The worm Eisenia fetida (Okonkwo, 2001) was reared in boxes."
    )
    article = extract_text(_jats(body, _NUMBERED), "jats")
    assert _keys_of(article, "Worms mix") == ("3",)
    assert _keys_of(article, "worm Eisenia") == ()


@pytest.mark.parametrize("fmt", ("txt", "md"))
@pytest.mark.parametrize(
    "sentence",
    [
        "Three things mattered: (i) age; (ii) sex; (iii) income; (iv) housing [3].",
        "Uptake rose (n = 40; mean = 3.2; SD = 1.1; p = 0.02) in the group [3].",
        "The sum $\\sum_{i}{x_i}$ over $\\{1, 2\\}$ is finite; see $\\frac{a}{b}$ [3].",
    ],
)
def test_prose_dense_with_brackets_is_no_code(fmt: str, sentence: str) -> None:
    article = _plain(sentence, fmt)
    assert _keys_of(article, sentence[:12]) == ("3",)
