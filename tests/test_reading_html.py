"""HTML: main content only, <sup> markers, reference lists with keys, cells, captions, furniture."""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.errors import ArticleUnreadable
from claims.model import Document
from claims.reading import read_document, read_path

FIXTURES = Path(__file__).parent / "fixtures" / "reading"


def _blocks(document: Document) -> list[tuple[str, str]]:
    return [(b.kind, document.text[b.start : b.end]) for b in document.blocks]


@pytest.fixture(scope="module")
def wiki() -> Document:
    return read_path(FIXTURES / "wiki-heron.html")


@pytest.fixture(scope="module")
def blog() -> Document:
    return read_path(FIXTURES / "blog-sleep.html")


@pytest.mark.parametrize(
    "chrome",
    [
        "Jump to content",
        "Main page",
        "Search",
        "[edit]",
        "edit",
        "Contents",
        "For the pub",
        "Birds of Europe",
        "Categories",
        "last edited",
        "wgPageName",
        "margin",
        "^",
    ],
)
def test_wikipedia_chrome_never_reaches_the_text(wiki: Document, chrome: str) -> None:
    assert chrome not in wiki.text


def test_wikipedia_blocks(wiki: Document) -> None:
    assert wiki.title == "Grey heron"
    assert wiki.url == "https://en.wikipedia.org/wiki/Grey_heron_(example)"
    blocks = _blocks(wiki)
    assert blocks[0] == ("title", "Grey heron")
    assert ("heading", "Diet") in blocks
    assert ("item", "Eels are caught in winter.[5–7]") in blocks
    assert ("caption", "A grey heron standing in a river") in blocks
    assert ("cell", "Pelecaniformes") in blocks
    paragraph = next(text for kind, text in blocks if text.startswith("Fish make up"))
    assert paragraph.endswith("an area of 2 m2 can hold several prey items.[citation needed]")


def test_wikipedia_reference_list_keys_from_cite_note_ids(wiki: Document) -> None:
    references = [(b.key, wiki.text[b.start : b.end]) for b in wiki.blocks if b.kind == "reference"]
    assert [key for key, _ in references] == ["1", "2", "3", "4", "5"]
    assert references[1][1].startswith("Reed, A.; Pike, B. (2015).")


def test_wikipedia_sup_markers(wiki: Document) -> None:
    markers = [(m.text, m.keys, m.style) for m in wiki.explicit_markers]
    assert markers == [
        ("[1]", ("1",), "superscript"),
        ("[2]", ("2",), "superscript"),
        ("[3]", ("3",), "superscript"),
        ("[4]", ("4",), "superscript"),
        ("[5–7]", ("5", "6", "7"), "superscript"),
    ]
    assert all(wiki.text[m.start : m.end] == m.text for m in wiki.explicit_markers)


@pytest.mark.parametrize(
    "chrome",
    [
        "cookies",
        "Accept all",
        "Calm Pantry",
        "Shop",
        "Skip to content",
        "Share",
        "Ten bedtime",
        "newsletter",
        "Subscribe",
        "All rights reserved",
        "dataLayer",
        "font-family",
        "headline",
    ],
)
def test_blog_chrome_never_reaches_the_text(blog: Document, chrome: str) -> None:
    assert chrome not in blog.text


def test_blog_blocks(blog: Document) -> None:
    assert blog.title == "Does Magnesium Improve Sleep?"
    assert blog.url == "https://calmpantry.example/blog/magnesium-sleep"
    blocks = _blocks(blog)
    assert blocks[:3] == [
        ("title", "Does Magnesium Improve Sleep?"),
        ("byline", "By Mara Quill, RD | Updated June 4, 2025"),
        ("furniture", "6 min read"),
    ]
    assert ("heading", "Is magnesium safe every night?") in blocks
    assert ("caption", "Photo: a bowl of pumpkin seeds") in blocks
    assert ("cell", "Well absorbed in most people.6") in blocks
    assert blocks[-1][0] == "disclaimer"
    references = [b for b in blog.blocks if b.kind == "reference"]
    assert [b.key for b in references] == [str(n) for n in range(1, 8)]
    items = [blog.text[b.start : b.label_end] for b in blog.blocks if b.label_end]
    assert items == ["Sleep onset:", "Sleep quality:"]


def test_blog_bare_sup_markers_but_not_exponents(blog: Document) -> None:
    markers = [(m.text, m.keys) for m in blog.explicit_markers]
    assert markers == [
        ("1", ("1",)),
        ("2,3", ("2", "3")),
        ("2–4", ("2", "3", "4")),
        ("5", ("5",)),
        ("6", ("6",)),
        ("7", ("7",)),
    ]
    assert "10³" not in blog.text and "103 particles" in blog.text


def test_heading_levels_and_headings_sections(blog: Document) -> None:
    levels = [(blog.text[b.start : b.end], b.level) for b in blog.blocks if b.kind == "heading"]
    assert levels[:3] == [
        ("What the Studies Found", 2),
        ("Frequently Asked Questions", 2),
        ("Is magnesium safe every night?", 3),
    ]


def test_body_fallback_and_xml_declaration() -> None:
    data = b'<?xml version="1.0"?><html><body><p>One <b>bold</b>  claim.</p></body></html>'
    document = read_document(data, "x.xhtml", None)
    assert document.format == "html"
    assert _blocks(document) == [("paragraph", "One bold claim.")]


def test_page_without_content_is_empty_with_a_warning_not_an_error() -> None:
    document = read_document(b"<html><body><script>x()</script></body></html>", "x.html", "html")
    assert document.blocks == ()
    assert len(document.warnings) == 1 and "no text found" in document.warnings[0]


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ArticleUnreadable, match="unknown format 'pdf'"):
        read_document(b"text", "x.pdf", "pdf")


def _html(body: str) -> Document:
    return read_document(f"<html><body><main>{body}</main></body></html>".encode(), "x.html")


def test_lettered_notes_and_numbered_references_take_their_printed_labels() -> None:
    document = _html(
        '<p>Herons wade.<sup class="reference"><a href="#cite_note-2">[a]</a></sup></p>'
        "<h2>Notes</h2>"
        '<div class="notelist reflist" style="list-style-type: lower-alpha;">'
        '<div class="mw-references-wrap"><ol class="references">'
        '<li id="cite_note-2">A note.</li><li id="cite_note-5">Another.</li></ol></div></div>'
        '<h2>References</h2><ol class="references" start="3">'
        '<li id="cite_note-1"><p>Third entry.</p></li><li value="7">Seventh entry.</li></ol>'
    )
    references = [
        (b.key, document.text[b.start : b.end]) for b in document.blocks if b.kind == "reference"
    ]
    assert references == [
        ("a", "A note."),
        ("b", "Another."),
        ("3", "Third entry."),
        ("7", "Seventh entry."),
    ]
    assert [(m.text, m.keys, m.style) for m in document.explicit_markers] == [
        ("[a]", ("a",), "footnote")
    ]


def test_list_paragraphs_captions_and_furniture_sections() -> None:
    document = _html(
        "<ul><li><p>An item in a paragraph.</p></li></ul>"
        '<div class="thumb"><div class="thumbcaption">A heron in flight.</div></div>'
        "<h2>See also</h2><ul><li>Egrets</li><li>Storks</li></ul>"
        "<h2>Habitat</h2><p>Wetlands.</p>"
    )
    assert _blocks(document) == [
        ("item", "An item in a paragraph."),
        ("caption", "A heron in flight."),
        ("heading", "See also"),
        ("furniture", "Egrets"),
        ("furniture", "Storks"),
        ("heading", "Habitat"),
        ("paragraph", "Wetlands."),
    ]


def test_gallery_captions_and_a_fact_box_are_read_as_what_they_are() -> None:
    document = _html(
        '<ul class="gallery"><li class="gallerybox"><div class="thumb"><img src="a.jpg"></div>'
        '<div class="gallerytext">The weir drowns in the spring floods.</div></li></ul>'
        '<aside class="factbox"><h4>Otters at a glance</h4><ul><li>Litter: two or three cubs'
        "</li></ul></aside>"
        '<aside class="related-stories"><p>Five more otter stories</p></aside>'
        "<p>Otters returned to the river in 1998.</p>"
    )
    assert _blocks(document) == [
        ("caption", "The weir drowns in the spring floods."),
        ("heading", "Otters at a glance"),
        ("fact", "Litter: two or three cubs"),
        ("paragraph", "Otters returned to the river in 1998."),
    ]


_TABLE = (
    "<table><tr><th>Year</th><th>Catch</th><th>Boats</th></tr>"
    "<tr><td>1901</td><td>40 t</td><td>12</td></tr></table>"
)


@pytest.mark.parametrize(
    ("paragraph", "kind"),
    [
        # a caption written as a paragraph: it names the columns and has no auxiliary verb
        ("The catch and the boats of the harbour in each year before the war.", "caption"),
        # statements over the same table stay prose
        ("The catch and the boats were fewest in 1901.", "paragraph"),
        ("The harbour's fleet landed herring until the war.", "paragraph"),
    ],
)
def test_a_paragraph_naming_the_columns_of_the_table_below_it_is_its_caption(
    paragraph: str, kind: str
) -> None:
    assert _blocks(_html(f"<p>{paragraph}</p>{_TABLE}"))[0] == (kind, paragraph)


def test_an_old_wikipedia_edit_link_before_the_headline_is_no_part_of_the_heading() -> None:
    document = _html(
        '<h2><span class="editsection">[<a href="/w/index.php?action=edit">edit</a>]</span> '
        '<span class="mw-headline" id="Nesting">Nesting</span></h2><p>Herons nest in trees.</p>'
    )
    assert _blocks(document) == [("heading", "Nesting"), ("paragraph", "Herons nest in trees.")]


def test_content_with_a_chrome_like_class_name_is_kept() -> None:
    long_text = "Herons hunt fish in shallow water at dawn. " * 40
    document = _html(
        f'<div class="has-related-image"><p>{long_text}</p></div>'
        '<div class="related-posts"><p>Five more heron facts</p></div>'
    )
    assert "Herons hunt fish" in document.text
    assert "Five more" not in document.text


def test_cells_hold_one_sentence_each_and_layout_cells_hold_paragraphs() -> None:
    document = _html(
        "<table><tr><th>Dose</th><td>Safe for adults [2]. Not tested in children.</td></tr></table>"
        "<table><tr><td><p>A whole paragraph laid out in a table.</p><p>Another one.</p></td></tr>"
        "</table>"
    )
    assert _blocks(document) == [
        ("cell", "Dose"),
        ("cell", "Safe for adults [2]."),
        ("cell", "Not tested in children."),
        ("paragraph", "A whole paragraph laid out in a table."),
        ("paragraph", "Another one."),
    ]


def test_class_named_kickers_bylines_dates_and_captions() -> None:
    document = _html(
        '<p class="kicker">Science</p><h1>Cold showers and mood</h1>'
        '<div class="entry-meta"><span class="byline">by <a href="/a/">Ines Varga</a></span> '
        '<time datetime="2025-03-12">12 March 2025</time></div>'
        '<div class="infobox-image"><img src="x.jpg"><div class="infobox-caption">A cold tap</div>'
        "</div><p>Cold water raises noradrenaline.</p>"
    )
    assert _blocks(document) == [
        ("furniture", "Science"),
        ("title", "Cold showers and mood"),
        ("byline", "by Ines Varga"),
        ("furniture", "12 March 2025"),
        ("caption", "A cold tap"),
        ("paragraph", "Cold water raises noradrenaline."),
    ]


def test_header_cells_are_marked() -> None:
    document = _html(
        "<table><thead><tr><td>Dose</td><td>Effect</td></tr></thead>"
        "<tr><th>Low</th><td>None seen.</td></tr></table>"
        "<table><tr><th>Form</th><th>Cost</th></tr><tr><td>Tea</td><td>Cheap</td></tr></table>"
    )
    cells = [(document.text[b.start : b.end], b.header) for b in document.blocks]
    assert cells == [
        ("Dose", True),
        ("Effect", True),
        ("Low", False),
        ("None seen.", False),
        ("Form", True),
        ("Cost", True),
        ("Tea", False),
        ("Cheap", False),
    ]


def test_time_and_labelled_spans_inside_prose_stay_prose() -> None:
    document = _html(
        '<p>A trial published on <time datetime="2021-03-01">1 March 2021</time> found '
        'that <span class="author">its authors</span> were right.</p>'
    )
    assert _blocks(document) == [
        ("paragraph", "A trial published on 1 March 2021 found that its authors were right.")
    ]


def test_long_comment_sections_are_dropped() -> None:
    comment = (
        "<li class='comment'><p>It worked wonders for me, honestly the best thing ever.</p></li>"
    )
    document = _html(
        "<p>Vinegar slows stomach emptying.</p>"
        f'<div id="comments" class="comments-area"><ol>{comment * 60}</ol></div>'
    )
    assert _blocks(document) == [("paragraph", "Vinegar slows stomach emptying.")]


def test_classed_headers_footers_and_sidebars_without_semantic_tags() -> None:
    document = read_document(
        b'<html><body><div id="header"><a href="/">Site name</a></div>'
        b'<div class="entry-header"><h1>Cold showers</h1><p class="byline">By Ines Varga</p></div>'
        b'<div class="entry-content"><p>Cold water raises noradrenaline.</p></div>'
        b'<div id="sidebar"><p>Popular posts</p></div><div class="footer">Imprint</div>'
        b"</body></html>",
        "x.html",
    )
    assert _blocks(document) == [
        ("title", "Cold showers"),
        ("byline", "By Ines Varga"),
        ("paragraph", "Cold water raises noradrenaline."),
    ]


def test_links_to_reference_entries_are_markers_but_other_links_are_not() -> None:
    document = _html(
        '<p>Vinegar slows digestion <a href="#ref-3">[3]</a><a href="#ref-4">[4]</a> and '
        'lowers glucose<a href="#B5">5</a>; see <a href="#fig1">1</a> and '
        '<a href="https://example.org/#ref-2">[2]</a>.</p>'
    )
    assert [(m.text, m.keys, m.style) for m in document.explicit_markers] == [
        ("[3]", ("3",), "bracket"),
        ("[4]", ("4",), "bracket"),
        ("5", ("5",), "superscript"),
    ]


def test_meta_line_gives_byline_date_and_reading_time_apart() -> None:
    document = _html(
        '<a class="section-label" href="/env">Environment</a><h1>Plastic in organs</h1>'
        '<p class="meta"><span class="author">By Ines Varga</span> · '
        '<time datetime="2025-03-18">18 March 2025</time> · '
        '<span class="read-time">7 minute read</span></p><p>Particles were found in blood.</p>'
    )
    assert _blocks(document) == [
        ("furniture", "Environment"),
        ("title", "Plastic in organs"),
        ("byline", "By Ines Varga"),
        ("furniture", "18 March 2025"),
        ("furniture", "7 minute read"),
        ("paragraph", "Particles were found in blood."),
    ]


def test_linked_author_year_citations_are_markers() -> None:
    document = _html(
        '<p>Found in blood (<a href="#ref-lee2022">Lee et al., 2022</a>; '
        '<a href="#ref-osei2021">Osei &amp; Brandt, 2021</a>). '
        '<a href="#ref-mohamed2021">Mohamed Nor and colleagues (2021a)</a> disagreed, as did '
        '<a href="#ref-hollis2024">Hollis (2024)</a> and <a href="#ref-x1">the review</a>.</p>'
    )
    assert [(m.text, m.keys, m.style) for m in document.explicit_markers] == [
        ("Lee et al., 2022", ("Lee 2022",), "author-year"),
        ("Osei & Brandt, 2021", ("Osei 2021",), "author-year"),
        ("Mohamed Nor and colleagues (2021a)", ("Mohamed Nor 2021a",), "author-year"),
        ("Hollis (2024)", ("Hollis 2024",), "author-year"),
    ]


def test_wikipedia_formula_images_keep_their_formula() -> None:
    document = _html(
        '<p>The rate is <span class="mwe-math-element"><span style="display: none;"><math>'
        "<semantics><mi>k</mi><annotation>{\\displaystyle k}</annotation></semantics></math>"
        '</span><img class="mwe-math-fallback-image-inline" alt="{\\displaystyle k}"></span> '
        "per hour.</p>"
    )
    assert _blocks(document) == [("paragraph", "The rate is k per hour.")]


def test_cells_that_wrap_their_text_in_paragraphs_stay_cells() -> None:
    from claims.extract import extract_text

    page = (
        "<html><body><main><h1>Tea</h1><p>Intro text here [1].</p><table>"
        "<tr><th><p>Study</p></th><th><p>Finding</p></th></tr>"
        "<tr><td><p>Lee et al. [1]</p></td><td><p>Tea helped sleep [2].</p></td></tr></table>"
        "<h2>References</h2><table><tr><td><p>1. Lee K. Tea and sleep. J Sleep. 2001;3:1-9.</p>"
        "</td></tr><tr><td><p>2. Ode J. Tea trial. J Sleep. 2003;4:2-8.</p></td></tr></table>"
        "</main></body></html>"
    )
    article = extract_text(page, "html")
    kinds = {s.text: (s.kind, s.keys) for s in article.sentences}
    assert kinds["Study"] == ("heading", ())
    assert kinds["Lee et al. [1]"] == ("other", ("1",))
    assert kinds["Tea helped sleep [2]."] == ("claim", ("2",))
    assert [s.kind for s in article.sentences if s.text.startswith("2. Ode")] == ["reference"]


SIGNED_PAGE = """<html><head><title>T</title></head><body><article>
<p class="surtitre"><a href="/e">Essai</a> <a href="/s">Sciences</a></p>
<h1>Les tunnels et les chauves-souris</h1>
<div class="signature"><span class="par">par <span class="vcard author"><a href="/a">Ana Ruiz</a>
</span></span><span class="date">, le 12 mars 2024</span></div>
<div class="firma">Por <span class="autor"><a href="/l">Lucía Ferrer</a></span> | Valencia,
<span class="fecha">4 de marzo de 2025</span></div>
<p class="antetitulo">Biodiversidad</p>
<figure><img src="/i.jpg" alt=""><p class="credito">Foto: Marta Gil / EFE</p></figure>
<p>Les chauves-souris hibernent dans les tunnels.<sup><a href="#f-1">1</a></sup></p>
<div class="compartir"><a href="#">Compartir en Facebook</a></div>
<h2>Fuentes</h2>
<ol><li id="f-1">Generalitat Valenciana. Seguimiento de las colonias de quirópteros, 1985–2020.
Informe técnico 12, 2021.</li>
<li>Diputación de Valencia. Recuento invernal de quirópteros, febrero de 2025.</li></ol>
</article></body></html>"""


def test_signed_lines_kickers_credits_and_spanish_share_links() -> None:
    """A signature box ("par NAME, le DATE"; Spanish "firma") is one byline, French and Spanish
    kickers and photo credits are furniture and captions, "Compartir" links are chrome, and
    entries an organisation opens are a reference list (session 14)."""
    from claims.extract import extract_text

    kinds = {" ".join(s.text.split()): s.kind for s in extract_text(SIGNED_PAGE, "html").sentences}
    assert kinds["par Ana Ruiz , le 12 mars 2024"] == "byline"  # the line break becomes a space
    assert kinds["Por Lucía Ferrer | Valencia, 4 de marzo de 2025"] == "byline"
    assert kinds["Essai Sciences"] == "boilerplate"
    assert kinds["Biodiversidad"] == "boilerplate"
    assert kinds["Foto: Marta Gil / EFE"] == "caption"
    assert not any("Compartir" in text for text in kinds)
    references = [text for text, kind in kinds.items() if kind == "reference"]
    assert len(references) == 2 and references[0].startswith("Generalitat Valenciana.")


def test_a_lead_presenting_the_page_itself_is_no_claim() -> None:
    from claims.extract import extract_text

    page = (
        "<html><head><title>List of tide mills</title></head><body><h1>List of tide mills</h1>"
        "<p>This is a list of tide mills in Norfolk. This presents a problem for millers.</p>"
        "</body></html>"
    )
    kinds = {s.text: s.kind for s in extract_text(page, "html").sentences}
    assert kinds["This is a list of tide mills in Norfolk."] == "other"
    assert kinds["This presents a problem for millers."] == "claim"


def test_the_indentation_of_a_pretty_printed_page_does_not_make_a_label_long() -> None:
    """A signature box of 40 characters indented by 400 tabs is still one byline; a box of 400
    characters of text is content."""
    from claims.extract import extract_text

    pad = "\n" + "\t" * 100
    short = (
        f'<div class="signature">{pad}<span>par Ana Ruiz,</span>{pad}<span> le 3 mai</span>{pad}'
        "</div>"
    )
    long = f'<div class="signature"><p>{"Les tunnels abritent des chauves-souris. " * 10}</p></div>'
    page = f"<html><body><article><h1>T</h1>{short}{long}</article></body></html>"
    kinds = [(" ".join(s.text.split()), s.kind) for s in extract_text(page, "html").sentences]
    assert ("par Ana Ruiz, le 3 mai", "byline") in kinds
    assert sum(kind == "claim" for _, kind in kinds) == 10
