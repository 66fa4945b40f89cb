"""JATS XML: sections, captions, cells, reference metadata and xref markers with ranges."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest

from claims.errors import ArticleUnreadable
from claims.jats import read_jats
from claims.model import Document, ReferenceData
from claims.reading import read_document, read_path

FIXTURE = Path(__file__).parent / "fixtures" / "reading" / "jats-moss.xml"
SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = sorted((SHARED / "corpus" / "plos").glob("*.xml")) if SHARED.is_dir() else []


@pytest.fixture(scope="module")
def moss() -> Document:
    return read_path(FIXTURE)


def test_front_matter(moss: Document) -> None:
    assert moss.format == "jats"
    assert moss.title == "Drought Tolerance in Bryum Mosses"
    assert moss.url == "https://doi.org/10.5555/moss.0001"
    for dropped in ("Tarn", "Department of Botany", "Example Trust", "herbarium"):
        assert dropped not in moss.text


def test_blocks(moss: Document) -> None:
    blocks = [(b.kind, b.level, moss.text[b.start : b.end]) for b in moss.blocks]
    assert blocks[:9] == [
        ("title", 1, "Drought Tolerance in Bryum Mosses"),
        ("paragraph", 0, "Mosses of the genus Bryum survive months without water."),
        ("heading", 2, "Introduction"),
        (
            "paragraph",
            0,
            "Desiccation tolerance is common in mosses [1], [2] and rare in seed plants [2]–[4].",
        ),
        ("heading", 3, "Earlier work"),
        ("paragraph", 0, "Field surveys counted n=40 species 3,4."),
        ("item", 0, "Leaves curl when dry."),
        ("item", 0, "Cells refill within an hour [1]."),
        ("heading", 2, "Results"),
    ]
    assert ("caption", 0, "Recovery after rewetting. Bars show means.") in blocks
    assert ("caption", 0, "Dry days are a median.") in blocks
    cells = [text for kind, _, text in blocks if kind == "cell"]
    assert cells == ["Species", "Days dry", "B. argenteum", "120"]


def test_xref_markers_expand_printed_ranges(moss: Document) -> None:
    from claims.extract import extract_document

    article = extract_document(moss)
    markers = [(m.text, m.keys, m.style) for s in article.sentences for m in s.markers]
    assert markers == [
        ("[1]", ("1",), "xref"),
        ("[2]", ("2",), "xref"),
        ("[2]–[4]", ("2", "3", "4"), "xref"),
        ("3,4", ("3", "4"), "xref"),
        ("[1]", ("1",), "xref"),
    ]
    assert all(moss.text[m.start : m.end] == m.text for m in moss.explicit_markers)


def test_reference_entries_and_metadata(moss: Document) -> None:
    refs = [b for b in moss.blocks if b.kind == "reference"]
    assert [b.key for b in refs] == ["1", "2", "3", "4"]  # the last has no label: its position
    assert (
        moss.text[refs[1].start : refs[1].end]
        == "Penn Q (2015) Seeds and drought. Plant J 4: 10–20."
    )
    assert refs[0].reference == ReferenceData(
        authors=("Oakes RM", "Vell T"),
        title="Water loss in mosses",
        container="Bryol Rev",
        year="2011",
        doi="10.5555/br.9.1",
        pmid="111111",
        publication_types=("journal",),
    )
    assert refs[2].reference is not None and refs[2].reference.authors == ("Moss Survey Group",)
    assert refs[3].reference is not None and refs[3].reference.url == "https://example.org/moss"


def test_reference_dois_are_stored_in_lower_case() -> None:
    text = FIXTURE.read_text("utf-8").replace("10.5555/br.9.1", "10.5555/BR.9.1")
    assert "10.5555/BR.9.1" in text
    refs = [b for b in read_jats(text, "upper.xml").blocks if b.kind == "reference"]
    assert refs[0].reference is not None and refs[0].reference.doi == "10.5555/br.9.1"


def test_xml_that_is_not_jats_is_refused() -> None:
    with pytest.raises(ArticleUnreadable, match="not a JATS article"):
        read_document(b"<?xml version='1.0'?><root><article/></root>", "x.xml", "jats")


@pytest.mark.skipif(not CORPUS, reason="../shared/corpus/plos is not available")
@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_plos_corpus(path: Path) -> None:
    document = read_path(path)
    source = path.read_text("utf-8")
    assert document.format == "jats" and document.title and document.url
    blocks = document.blocks
    assert all(0 <= a.end <= b.start for a, b in pairwise(blocks))
    references = [b for b in blocks if b.kind == "reference"]
    assert len(references) == len(re.findall(r"<ref\b[^-]", source))
    keys = {b.key for b in references}
    markers = document.explicit_markers
    assert markers and all(document.text[m.start : m.end] == m.text for m in markers)
    assert all(key in keys for m in markers for key in m.keys)
    printed = len(re.findall(r"<xref[^>]*ref-type=\"bibr\"", source))
    assert printed >= len(markers) >= printed // 2
    assert "<" not in document.text[: blocks[0].end]


def test_thead_cells_are_headers(moss: Document) -> None:
    cells = [(moss.text[b.start : b.end], b.header) for b in moss.blocks if b.kind == "cell"]
    assert cells == [("Species", True), ("Days dry", True), ("B. argenteum", False), ("120", False)]


def test_malformed_xml_is_read_by_recovery_with_a_warning() -> None:
    text = (
        '<article dtd-version="1.1"><front><article-meta><title-group><article-title>Tea'
        "</article-title></title-group></article-meta></front><body><sec><title>Intro</title>"
        "<p>Tea is widely drunk.<p>Unclosed</sec></body></article>"
    )
    document = read_jats(text, "bad.xml")
    assert "Tea is widely drunk." in document.text
    assert len(document.warnings) == 1
    assert document.warnings[0].startswith("bad.xml:1: not well-formed XML (")
    assert "read what could be recovered" in document.warnings[0]


def test_well_formed_xml_has_no_warning() -> None:
    text = "<article><body><p>Tea is widely drunk.</p></body></article>"
    assert read_jats(text, "good.xml").warnings == ()


@pytest.mark.parametrize(
    ("citation", "printed"),
    [
        # parts that touch (the publisher's stylesheet adds the punctuation): composed
        (
            "<mixed-citation><name><surname>Abara</surname><given-names>N</given-names></name>"
            "<name><surname>Okafor</surname><given-names>T</given-names></name>"
            "<article-title>Moss on old walls</article-title><source>Bryol J</source>"
            "<year>2006</year><volume>4</volume><fpage>5</fpage></mixed-citation>",
            "Abara N, Okafor T (2006) Moss on old walls. Bryol J. 4: 5.",
        ),
        # printed punctuation: kept as printed; given names first need no space after a surname
        (
            "<mixed-citation><string-name><given-names>N.</given-names> <surname>Abara"
            "</surname></string-name>, <source>Bryol. J.</source> <volume>4</volume>, "
            "<fpage>5</fpage> (<year>2006</year>).</mixed-citation>",
            "N. Abara, Bryol. J. 4, 5 (2006).",
        ),
        # a book known by its editors alone: they stand as its authors
        (
            '<element-citation publication-type="book"><person-group person-group-type="editor">'
            "<name><surname>Abara</surname><given-names>N</given-names></name>"
            "<name><surname>Okafor</surname><given-names>T</given-names></name></person-group>"
            "<year>2006</year><source>Mosses of old walls</source></element-citation>",
            "Abara N, Okafor T (2006) Mosses of old walls.",
        ),
    ],
)
def test_reference_text_reads_as_printed(citation: str, printed: str) -> None:
    text = (
        "<article><front><article-meta><title-group><article-title>Moss</article-title>"
        '</title-group></article-meta></front><body><p>Moss grows [<xref ref-type="bibr" '
        'rid="r1">1</xref>].</p></body><back><ref-list><ref id="r1"><label>1</label>'
        f"{citation}</ref></ref-list></back></article>"
    )
    document = read_jats(text, "moss.xml")
    [entry] = [b for b in document.blocks if b.kind == "reference"]
    assert document.text[entry.start : entry.end] == printed


def test_notes_the_body_calls_are_read_and_others_left_out() -> None:
    xml = (
        "<article><front><article-meta><title-group><article-title>Taxes</article-title>"
        "</title-group></article-meta></front><body><sec><title>Data</title>"
        '<p>Evasion was assumed absent.<sup>[<xref ref-type="fn" rid="fn1">1</xref>]</sup></p>'
        '</sec></body><back><ref-list><ref id="b1"><mixed-citation>Lee K (2014) Tax '
        "evasion. J Tax 3: 1-9.</mixed-citation></ref></ref-list><fn-group>"
        '<fn id="fn1"><label>1.</label><p>Only 6% of earners declared partial evasion '
        '(<xref ref-type="bibr" rid="b1">Lee, 2014</xref>).</p></fn>'
        '<fn fn-type="conflict" id="fn2"><p>The authors declare no competing interests.</p>'
        "</fn></fn-group></back></article>"
    )
    doc = read_jats(xml, "notes.xml")
    texts = [doc.text[b.start : b.end] for b in doc.blocks]
    assert "Notes" in texts
    assert any(t.startswith("Only 6% of earners") for t in texts)
    assert not any("competing interests" in t for t in texts)
    note = next(b for b in doc.blocks if doc.text[b.start : b.end].startswith("Only 6%"))
    assert [m.text for m in doc.explicit_markers if note.start <= m.start < note.end] == [
        "Lee, 2014"
    ]


def test_titled_statements_about_the_paper_are_left_out() -> None:
    """Sections that are statements about the paper (its permits, acknowledgements, authors'
    contributions, funding) are left out by their title too, where no sec-type names them."""
    xml = (
        "<article><front><article-meta><title-group><article-title>Ponds</article-title>"
        "</title-group></article-meta></front><body><sec><title>Introduction</title>"
        "<p>Ponds dry out in hot summers.</p><sec><title>Permits</title><p>Licences were "
        "issued by the county.</p></sec></sec><sec><title>Funding of pond restoration</title>"
        "<p>Grants pay for half of the digging.</p></sec></body><back><sec><title>"
        "Acknowledgements</title><p>We thank the farmers.</p></sec><sec><title>2. Authors' "
        "contributions</title><p>AB counted the newts.</p></sec><sec><title>Competing "
        "interests</title><p>None declared.</p></sec></back></article>"
    )
    doc = read_jats(xml, "ponds.xml")
    text = doc.text
    assert "Ponds dry out" in text and "Grants pay for half" in text  # a topic, not a statement
    for gone in ("Licences", "We thank", "AB counted", "None declared", "Permits", "Acknowl"):
        assert gone not in text, gone


def test_body_text_before_the_first_section_is_under_no_heading_of_the_abstract() -> None:
    from claims.extract import extract_text

    xml = """<article><front><article-meta>
<title-group><article-title>Verges and bees</article-title></title-group>
<abstract><sec><title>Background</title><p>Verges hold flowers.</p></sec>
<sec><title>Conclusions</title><p>Cut verges once.</p></sec></abstract>
</article-meta></front>
<body><p>Most verges are cut twice a year.</p>
<sec><title>Introduction</title><p>Bees need flowers.</p></sec></body></article>"""
    sections = {s.text: s.section for s in extract_text(xml, "jats").sentences}
    assert sections["Cut verges once."] == ("Verges and bees", "Conclusions")
    assert sections["Most verges are cut twice a year."] == ("Verges and bees",)
    assert sections["Bees need flowers."] == ("Verges and bees", "Introduction")
