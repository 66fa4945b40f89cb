"""Reference entries: parsing the printed styles, keys, and linking marker keys to entries."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.model import Article, ReferenceData, Sentence
from sources.linking import link
from sources.references import merge, parse_entry, references_of, split_label

VANCOUVER = (
    "Hale J, Osei K. Salt and stroke in Ghana. Glob Heart. 2019;12(3):1-10. doi:10.5555/GH.12"
)
NLM_IDS = "Roe P. Fibre intake: a randomised trial. BMJ. 2020 Mar;3:4. PMID: 321; PMCID: PMC654321."
APA = (
    "Dubois, A. M., & Kaur, S. (2017a). Noise and sleep: A cross-sectional study. "
    "Sleep Health, 3(2), 10-20. https://doi.org/10.9999/SH.3"
)
HARVARD = "Mensah, K. and Rossi, L. (2015) Cocoa and mood in rats. Appetite, 90, pp. 1-8."
WIKIPEDIA = (
    'Quist R, Abe T (12 June 2014). "Zinc lozenges and colds: a meta-analysis". Fam Pract. '
    "31 (2): 1–9. doi:10.7777/fp.31. PMC 4000001. PMID 24000001."
)
WIKIPEDIA_FULL_NAMES = 'Ortiz, Ana; Berg, Lena (2011). "A case report of scurvy". Ann Intern. 4: 2.'
WEB_QUOTED = '"Folate fact sheet". National Nutrition Office. Retrieved 3 May 2023.'
WEB_APA = "Heart Trust. (2022). How much salt is too much? Retrieved from https://example.org/salt"
WEB_ORG = (
    "National Sleep Council. Sleep duration guideline for adults. 2020. https://example.org/sleep."
)
FRENCH_BOOK = "Lemaire, Paul, 2015, La Presse scientifique en France, Paris, Éditions du Parvis."
FRENCH_ARTICLE = (
    "Brun, Alice, 2021, « La confiance dans la presse scientifique », Questions de communication, "
    "n° 40, p. 55-78."
)

# (entry, field, expected): one field per row, so a failure names what went wrong.
PARSED = [
    (VANCOUVER, "authors", ("Hale J", "Osei K")),
    (VANCOUVER, "title", "Salt and stroke in Ghana"),
    (VANCOUVER, "container", "Glob Heart"),
    (VANCOUVER, "year", "2019"),
    (VANCOUVER, "doi", "10.5555/gh.12"),
    (NLM_IDS, "pmid", "321"),
    (NLM_IDS, "pmcid", "PMC654321"),
    (NLM_IDS, "container", "BMJ"),
    (
        "van der Berg J, Li X, et al. Iron in infancy. Lancet. 2018;1:2.",
        "authors",
        ("van der Berg J", "Li X"),
    ),
    (APA, "authors", ("Dubois AM", "Kaur S")),
    (APA, "title", "Noise and sleep: A cross-sectional study"),
    (APA, "container", "Sleep Health"),
    (APA, "year", "2017"),
    (APA, "doi", "10.9999/sh.3"),
    (APA, "url", None),
    (APA, "publication_types", ("Cross-Sectional Study",)),
    (HARVARD, "authors", ("Mensah K", "Rossi L")),
    (HARVARD, "container", "Appetite"),
    (HARVARD, "publication_types", ("Animal Study",)),
    (WIKIPEDIA, "title", "Zinc lozenges and colds: a meta-analysis"),
    (WIKIPEDIA, "container", "Fam Pract"),
    (WIKIPEDIA, "pmcid", "PMC4000001"),
    (WIKIPEDIA, "pmid", "24000001"),
    (WIKIPEDIA, "year", "2014"),
    (WIKIPEDIA_FULL_NAMES, "authors", ("Ortiz A", "Berg L")),
    ("Marsh, Elinor (2015). The Fermented Pantry. Harbour Press.", "authors", ("Marsh E",)),
    (
        "Tea Genome Consortium. The tea plant genome. Plant J. 2018.",
        "authors",
        ("Tea Genome Consortium",),
    ),
    (WEB_QUOTED, "title", "Folate fact sheet"),
    (WEB_QUOTED, "container", "National Nutrition Office"),
    (WEB_QUOTED, "year", None),  # a retrieval date is not a publication year
    (WEB_APA, "authors", ("Heart Trust",)),
    (WEB_APA, "url", "https://example.org/salt"),
    (WEB_APA, "title", "How much salt is too much?"),
    (WEB_ORG, "authors", ("National Sleep Council",)),
    (WEB_ORG, "url", "https://example.org/sleep"),
    (WEB_ORG, "publication_types", ("Guideline",)),
    # publication types printed after the entry, and in the journal's name (but not "Trials")
    ("Ames B. Coffee and gout. Rheum Int. 2016. Review.", "publication_types", ("Review",)),
    (
        "Ames B. Gout. Cochrane Database Syst Rev. 2016;(2):CD1.",
        "publication_types",
        ("Systematic Review",),
    ),
    ("Ames B. Coffee and gout. Trials. 2016;17:1.", "publication_types", ()),
    # French author-date: names, year and title joined by commas (session 14)
    (FRENCH_BOOK, "authors", ("Lemaire P",)),
    (FRENCH_BOOK, "year", "2015"),
    (FRENCH_BOOK, "title", "La Presse scientifique en France"),
    (FRENCH_ARTICLE, "authors", ("Brun A",)),
    (FRENCH_ARTICLE, "title", "La confiance dans la presse scientifique"),
    (FRENCH_ARTICLE, "container", "Questions de communication"),
]


@pytest.mark.parametrize(("entry", "field", "expected"), PARSED)
def test_parse_entry(entry, field, expected):
    assert getattr(parse_entry(entry), field) == expected


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("12. Hale J. Salt.", ("12", "Hale J. Salt.")),
        ("[3] Hale J. Salt.", ("3", "Hale J. Salt.")),
        ("4) Hale J. Salt.", ("4", "Hale J. Salt.")),
        ("1.4.3 Hale J. Salt.", ("1.4.3", "Hale J. Salt.")),
        ("27", ("27", "")),
        ("Hale J. Salt. 2019.", (None, "Hale J. Salt. 2019.")),
        ("[^2]: Hale J. Salt.", ("2", "Hale J. Salt.")),
        ("a. A note, not a source.", ("a", "A note, not a source.")),
        ("^ a b Hale J (2019). Salt.", (None, "Hale J (2019). Salt.")),
    ],
)
def test_split_label(printed, expected):
    assert split_label(printed) == expected


def test_merge_drops_jats_citation_kinds():
    merged = merge(ReferenceData(title="Salt", publication_types=("journal",)), ReferenceData())
    assert merged.publication_types == ()


def test_merge_prefers_structured_fields_and_normalises_doi():
    structured = ReferenceData(
        title="Exact title", doi="https://doi.org/10.1234/ABC", publication_types=("Review",)
    )
    parsed = parse_entry("Hale J. Other title: a randomized trial. Glob Heart. 2019.")
    merged = merge(structured, parsed)
    assert (merged.title, merged.doi, merged.authors, merged.year) == (
        "Exact title",
        "10.1234/abc",
        ("Hale J",),
        "2019",
    )
    assert merged.publication_types == ("Review",)


def _article(lines: list[tuple[str, str, tuple[str, ...], str | None]]) -> Article:
    """Return an article from (kind, text, marker keys, reference key) rows."""
    from claims.model import Marker

    sentences = []
    for i, (kind, text, keys, ref_key) in enumerate(lines):
        markers = (Marker("[x]", 0, 1, keys, "bracket"),) if keys else ()
        sentences.append(
            Sentence(
                f"s{i + 1}", i, 0, 1, i + 1, text, (), kind, kind, markers, reference_key=ref_key
            )
        )
    return Article("t", "txt", "", tuple(sentences))


AUTHOR_YEAR_LIST = [
    ("claim", "One.", ("Müller 2019",), None),
    ("claim", "Two.", ("Smith 2020b",), None),
    ("claim", "Three.", ("Berg 2018",), None),
    ("claim", "Four.", ("Nobody 2001",), None),
    ("claim", "Five.", ("WHO 2015",), None),
    ("reference", "Muller A, Lee K. Sleep in teens. J Teen. 2019.", (), None),
    ("reference", "Smith, J. (2020). Salt I. Heart, 1, 1.", (), None),
    ("reference", "Smith, J. (2020). Salt II. Heart, 1, 2.", (), None),
    ("reference", "van der Berg J. Iron. Lancet. 2018.", (), None),
    ("reference", "World Health Organization. Sugars intake: guideline. Geneva; 2015.", (), None),
]


def test_author_year_keys_and_suffixes():
    refs = references_of(_article(AUTHOR_YEAR_LIST))
    assert [r.key for r in refs] == [
        "Muller 2019",
        "Smith 2020a",
        "Smith 2020b",
        "van der Berg 2018",
        "World Health Organization 2015",
    ]


def test_author_year_linking():
    article = _article(AUTHOR_YEAR_LIST)
    links = {lk.key: lk for lk in link(article, references_of(article))}
    assert links["Müller 2019"].reference.key == "Muller 2019"  # diacritics and case ignored
    assert links["Smith 2020b"].reference.data.title == "Salt II"
    assert links["Berg 2018"].reference.key == "van der Berg 2018"  # particle dropped by marker
    assert links["Nobody 2001"].reference is None
    assert links["WHO 2015"].reference.key == "World Health Organization 2015"
    assert links["Smith 2020a"].cited_by == ()  # uncited entry


def test_numbered_and_dotted_keys_link_exactly():
    article = _article(
        [
            ("claim", "One.", ("1.4.3", "2"), None),
            ("claim", "Two.", ("2", "9"), None),
            ("reference", "1.4.3 Hale J. Salt. Glob Heart. 2019.", (), "1.4.3"),
            ("reference", "2. Roe P. Fibre. BMJ. 2020.", (), "2"),
            ("reference", "3. Ames B. Gout. Rheum. 2016.", (), "3"),
        ]
    )
    links = link(article, references_of(article))
    assert [(lk.key, lk.reference and lk.reference.key, lk.cited_by) for lk in links] == [
        ("1.4.3", "1.4.3", ("s1",)),
        ("2", "2", ("s1", "s2")),
        ("9", None, ("s2",)),
        ("3", "3", ()),
    ]


def test_merge_reads_design_words_of_a_source_that_is_its_own_title():
    structured = ReferenceData(
        container="Standards of care in diabetes. Practice guideline", publication_types=("other",)
    )
    merged = merge(structured, parse_entry("Diabetes Association. Standards of care. 2024."))
    assert merged.publication_types == ("Guideline",)
    journal = ReferenceData(title="Salt and blood pressure", container="Trials")
    assert "Clinical Trial" not in merge(journal, ReferenceData()).publication_types


# Issue 10: real reference lists, each failure a general rule, each entry written here.
REAL_LISTS = [
    # IEEE: initials first, "and" before the last author, the title in quotes
    ('T. K. Mbeki, A. Rossi, and G. Halvorsen, "Fare-free buses and trip chaining," '
     "Transp. Res. Rec., vol. 9, pp. 14–20, 2021.", "title", "Fare-free buses and trip chaining"),
    ('T. K. Mbeki, A. Rossi, and G. Halvorsen, "Fare-free buses and trip chaining," '
     "Transp. Res. Rec., vol. 9, pp. 14–20, 2021.", "year", "2021"),
    ("J. Ode and K. Lee, “Deep nets for proteins,” in Proc. ICML, pp. 2054–2060, 2007.",
     "container", "Proc. ICML"),
    # titles with internal full stops and question marks run to the container
    ("Okafor T, Lindqvist B (2016) Who pays? Who gains? Costs of school meals in two cities. "
     "J Health Econ 12: 340–356.", "title",
     "Who pays? Who gains? Costs of school meals in two cities"),
    ("Who pays? Who gains? Costs of school meals. Health Policy Brief. 2019.", "title",
     "Who pays? Who gains? Costs of school meals"),
    ("Who pays? Who gains? Costs of school meals. Health Policy Brief. 2019.", "authors", ()),
    ("Moreau C (1921) A survey of the river fauna. II. The snails of the delta. "
     "Rev Zool 8: 11–40.", "title", "A survey of the river fauna. II. The snails of the delta"),
    ("Ito K, Sato H. Memory for faces. A cross-sectional study. J. Exp. Psychol. 48: 92–101.",
     "container", "J. Exp. Psychol"),
    ("Ito K, Sato H. Memory for faces. A cross-sectional study. J. Exp. Psychol. 48: 92–101.",
     "title", "Memory for faces. A cross-sectional study"),
    # IEEE and Vancouver author lists, initials dotted or not, suffixes, initials first
    ('Tanaka R. S., Ferreira-Lopes M., Novak T., "Sleep and recall in shift workers," '
     "J. Sleep Res., vol. 4, pp. 10–19, 2011.", "authors",
     ("Tanaka RS", "Ferreira-Lopes M", "Novak T")),
    ('Tanaka R. S., Ferreira-Lopes M., Novak T., "Sleep and recall in shift workers," '
     "J. Sleep Res., vol. 4, pp. 10–19, 2011.", "title", "Sleep and recall in shift workers"),
    ("Udan R. S., Kango-Singh M., Nolo R. Hippo signalling in the eye. Dev. Cell. 5: 1-10, "
     "2003.", "authors", ("Udan RS", "Kango-Singh M", "Nolo R")),
    ("Ferrell JE Jr, Tsai T. Why do circuits oscillate? Cell. 2011;144:874–885.", "authors",
     ("Ferrell JE", "Tsai T")),
    ("Wagner HR 2nd, Morey RA, et al. Scan reliability. Hum Brain Mapp. 2010;31:1751–62.",
     "title", "Scan reliability"),
    ("K. Mensah, L.-T. Duarte, Phys. Lett. B 812, 136 (2021).", "authors",
     ("Mensah K", "Duarte LT")),
    ("K. Mensah, L.-T. Duarte, Phys. Lett. B 812, 136 (2021).", "year", "2021"),
    ("Gronenschild EHBM, Habets P. Volume measurements. PLoS ONE. 2012;7:e38.", "authors",
     ("Gronenschild EHBM", "Habets P")),
    # collective authors, whole
    ("Centers for Disease Control and Prevention. Flu vaccine coverage, 2019–20 season. "
     "Atlanta: CDC; 2020.", "authors", ("Centers for Disease Control and Prevention",)),
    ("EFSA Panel on Contaminants (CONTAM): Scientific opinion on hemp. EFSA J. 2015;13:4141.",
     "authors", ("EFSA Panel on Contaminants (CONTAM)",)),
    ("R Core Team. R: a language for computing. Vienna; 2013.", "authors", ("R Core Team",)),
    # DOIs exactly as printed, lower-cased only
    ("Abara N, Quintero D. Spiking codes. Neural Comput. 2013;25:1-30. "
     "doi:10.1162/NECO_a_00463", "doi", "10.1162/neco_a_00463"),
    ("Ames B. *Chapter* 4. _Methods Mol Biol_. 2010. doi:10.1007/978-1-60761-753-2_27.", "doi",
     "10.1007/978-1-60761-753-2_27"),
    # years never from pages, volumes or titles
    ("Lorenz K, Varga P. Edge detectors revisited. In: Proc. Conf. Vision, pp. 2054–2060, "
     "2007.", "year", "2007"),
    ("Lorenz K, Varga P. Edge detectors revisited. In: Proc. Conf. Vision, pp. 2054–2060, "
     "2007.", "title", "Edge detectors revisited"),
    ("Brennan M. Lessons of 1918 for 2009. Epidemiol Rev. 2010;29:1–9.", "year", "2010"),
    ("Chen L. Forty years of data. Acta Sci. 2014;12: 1999–2005.", "year", "2014"),
    # abbreviated journal names of several words, volumes "117/118", journals named "eLife"
    ("Aviner R. (2020) Puromycin in the lab. Comput. Struct. Biotechnol. J., 18, 1074–1083.",
     "title", "Puromycin in the lab"),
    ("Apps P, Rees R (2015) Tax and the household. Annals of economics. 117/118: 141–155.",
     "container", "Annals of economics"),
    ("Clarke GM, Rockett K (2017) Malaria and anaemia. eLife. 6. doi:10.7554/eLife.00001",
     "title", "Malaria and anaemia"),
    # APA lists the scan cannot finish still end at the date; suffixes after a comma
    ("Masamha, C.P., Xia, Z., Li, M. Shyu, A. Bin and Wagner, E.J. (2014) Polyadenylation "
     "and tumours. Nature, 510, 412–416.", "title", "Polyadenylation and tumours"),
    ("Huang, J., & MacKerell, A. D., Jr. (2013). Force fields checked. J Comput Chem, 34(25), "
     "2135–2145.", "year", "2013"),
    ("T. Hayata, K. Nawa, Phys. Rev. D. 87, 101901(R) (2013).", "authors", ("Hayata T", "Nawa K")),
    # a book's title runs to its publisher
    ("Ekman P (2001) Telling lies. Clues to deceit. New York: Norton.", "title",
     "Telling lies. Clues to deceit"),
    # a year glued to the journal
    ("Haddad S. On the beetles of the lower valley. Proc Acad Nat Sci Phila.1911;63:12–40.",
     "year", "1911"),
    ("Haddad S. On the beetles of the lower valley. Proc Acad Nat Sci Phila.1911;63:12–40.",
     "container", "Proc Acad Nat Sci Phila"),
]  # fmt: skip


@pytest.mark.parametrize(("entry", "field", "expected"), REAL_LISTS)
def test_real_reference_list_styles(entry: str, field: str, expected: object) -> None:
    assert getattr(parse_entry(entry), field) == expected


REFERENCE_PIECES = (
    "Smith J", "Udan R. S.", "H.-T. Ding", ", ", "; ", " and ", " & ", "et al.", "(2019)",
    "(in press)", ". ", "? ", ": ", "2011;144:874–885", "pp. 2054–2060", "22(7), 1193–1202",
    "Phila.1911;63", "doi:10.1162/NECO_a_00463", "PMID: 12", "https://x.org/a", "www.x.com",
    '"', "“", "’", "*", "_", "In: ", "New York: Norton", "Jr", "É.", "1924/2006", "(",
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(REFERENCE_PIECES), st.text(max_size=8)), max_size=25))
def test_any_entry_parses_and_its_year_and_doi_are_printed(pieces: list[str]) -> None:
    text = "".join(pieces)
    data = parse_entry(text)
    folded = text.lower()
    assert data.year is None or data.year in text
    assert data.doi is None or data.doi in folded
    assert all(author.strip() for author in data.authors)
