"""Web and encyclopedia pages as the reader must see them: sections a jump list points to, reference
lists under headings in German and French or under a run-in "Sources:" label, "Further reading"
bibliographies, entries spread over several blocks, and furniture in other languages.

Every page here is our own writing, in the shapes of real pages (session 12).
"""

from __future__ import annotations

import pytest

from claims.extract import extract_text
from claims.furniture import line_kind
from claims.model import Article
from sources import grade
from sources.references import author_year_key, parse_entry


def _page(body: str) -> Article:
    return extract_text(f"<!DOCTYPE html><html><body><main>{body}</main></body></html>", "html")


def _kinds(article: Article) -> list[tuple[str, str]]:
    return [(s.kind, s.text) for s in article.sentences]


PROSE = (
    "<p>Moss grows faster on the north side of old walls in wet summers, a survey found (1). "
    "The walls dry more slowly there after rain, so the moss stays moist for longer.</p>"
)


def test_sections_named_after_the_jump_list_are_read() -> None:
    """A section wrapper whose id names the contents it is listed in is article text; the
    contents list itself, all links, is not."""
    article = _page(
        '<div id="toc" class="contents"><ul><li><a href="#toc_walls">Walls</a></li>'
        '<li><a href="#toc_roofs">Roofs</a></li></ul></div>'
        f'<div id="toc_walls"><h2>Walls</h2>{PROSE}</div>'
        '<div class="toc-section" id="TOC_TITLE_2"><h2>Roofs</h2><p>Roof moss holds water '
        "that freezes in winter and lifts the slates.</p></div>"
    )
    texts = [s.text for s in article.sentences]
    assert "Roof moss holds water that freezes in winter and lifts the slates." in texts
    assert any(t.startswith("Moss grows faster") for t in texts)
    assert [s.text for s in article.sentences if s.text in ("Walls", "Roofs")] == [
        "Walls",
        "Roofs",
    ]  # the headings once each: the contents list's links are gone


def test_a_menu_of_links_is_still_dropped() -> None:
    article = _page(
        '<ul class="main-menu"><li><a href="/a">Garden</a></li><li><a href="/b">Animals</a></li>'
        f"</ul><h1>Moss on walls</h1>{PROSE}"
    )
    assert "Garden" not in [s.text for s in article.sentences]


@pytest.mark.parametrize("heading", ["Literatur", "Literaturverzeichnis", "Références"])
def test_reference_headings_in_german_and_french(heading: str) -> None:
    article = _page(
        "<h1>Moos an Mauern</h1><p>Moos wächst an der Nordseite schneller (Ambrose et al. 2011). "
        "Das liegt an der Feuchtigkeit (Holt &amp; Pirie, 2019).</p>"
        f"<h2>{heading}</h2><ul>"
        "<li>Ambrose K, Lind T, Okafor P, 2011. Moss growth on old walls. Bryology Notes 4: 1–9."
        "</li>"
        "<li>Holt R, Pirie S, 2019. Drying of stone after rain. Wall Science 12: 33–40.</li>"
        "</ul>"
    )
    entries = [s for s in article.sentences if s.kind == "reference"]
    assert len(entries) == 2  # one entry each, never cut at their full stops
    graded = grade(article)
    assert {s.key: s.reference is not None for s in graded.sources} == {
        "Ambrose 2011": True,
        "Holt 2019": True,
    }


def test_a_body_section_called_literatur_stays_prose() -> None:
    article = _page(
        "<h1>Moos</h1><h2>Literatur</h2><p>Moos kommt in vielen Gedichten vor, meist als Bild "
        "für Alter und Ruhe.</p>"
    )
    assert [k for k, _ in _kinds(article)] == ["heading", "heading", "claim"]


@pytest.mark.parametrize(
    "label", ["<p><em>Quellen:</em></p>", "<div><strong>Sources:</strong></div>"]
)
def test_a_run_in_sources_label_opens_the_list_under_it(label: str) -> None:
    """A paragraph that only names a reference list and is followed by entries is its heading;
    the list ends at the first block that is no entry."""
    article = _page(
        f"<h1>Moss</h1>{PROSE}{label}"
        "<p>1 https://www.example.org/moss-survey</p>"
        "<p>2 Ambrose K, Lind T, 2011. Moss growth on old walls. Bryology Notes 4: 1–9.</p>"
        "<p>Thanks for reading! Our next issue is about lichens.</p>"
    )
    kinds = _kinds(article)
    assert [k for k, t in kinds if t.startswith(("1 https", "2 Ambrose"))] == ["reference"] * 2
    assert all(k != "reference" for k, t in kinds if t.startswith(("Thanks", "Our next")))
    sources = {s.key: s.reference is not None for s in grade(article).sources}
    assert sources["1"] is True


def test_a_sources_label_over_prose_is_no_reference_list() -> None:
    article = _page(
        "<h1>Moss</h1><p><b>Sources:</b></p><p>We asked three gardeners and a stonemason what "
        "they had seen on their walls over the last ten years.</p>"
    )
    assert "reference" not in [k for k, _ in _kinds(article)]


def test_further_reading_entries_are_works_not_claims() -> None:
    article = _page(
        f"<h1>Moss</h1>{PROSE}<h2>References</h2><ol><li>A survey of moss. Garden Notes. "
        "2020.</li></ol><h2>Further reading</h2><ul>"
        "<li>Ambrose, Kate (2011). <i>Moss and Stone</i>. York: Minster Books. "
        "ISBN 978-1-90-481233-5.</li>"
        "<li>Holt, Rory; Pirie, Sam (1999). <i>Walls of the North</i>. Oakwood Press.</li></ul>"
        "<h2>External links</h2><ul><li><a href='https://example.org'>The Moss Society</a>"
        "</li></ul>"
    )
    kinds = _kinds(article)
    further = [k for k, t in kinds if t.startswith(("Ambrose, Kate", "Holt, Rory"))]
    assert further == ["reference", "reference"]
    assert not any(k == "claim" and "Press" in t for k, t in kinds)


def test_further_reading_over_plain_links_stays_links() -> None:
    article = _page(
        f"<h1>Moss</h1>{PROSE}<h2>Further reading</h2><ul><li><a href='/a'>Why moss loves "
        "shade</a></li><li><a href='/b'>Ten walls to visit</a></li></ul>"
    )
    assert "reference" not in [k for k, _ in _kinds(article)]


def test_an_entry_in_several_blocks_is_one_entry_without_its_link_bar() -> None:
    article = _page(
        f"<h1>Moss</h1>{PROSE}<h2>References</h2><ol class='references'>"
        "<li><span class='counter'>1.</span><p>Ambrose K, Lind T. Moss growth on old walls. "
        "Bryology Notes. 2011;4:1–9.</p><p class='links'><a href='/cas'>CAS</a> "
        "<a href='/pubmed'>PubMed</a> <a href='/scholar'>Google Scholar</a></p></li>"
        "<li><span class='counter'>2.</span><p>Holt R. Drying of stone. Wall Science. "
        "2019;12:33–40.</p></li></ol>"
    )
    entries = [s.text for s in article.sentences if s.kind == "reference"]
    assert len(entries) == 2
    assert entries[0].startswith("1. Ambrose K") and "Scholar" not in entries[0]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Diese Seite drucken Diese Seite per Email verschicken.", "furniture"),
        ("Empfiehl dies deinen Freunden.", "furniture"),
        ("Möchten Sie den Artikel teilen?", "furniture"),
        ("War der Artikel nützlich? (12 Stimmen: 4,5 von 5)", "furniture"),
        ("Partager cet article", "furniture"),
        ("This document is subject to copyright.", "furniture"),
        (
            "Apart from any fair dealing for the purpose of private study or research, no part "
            "may be reproduced without the written permission.",
            "furniture",
        ),
        ("This is a preview of subscription content, log in to check access.", "furniture"),
        ("By Ada Brennan on Tuesday, March 4th, 2025 at 9:15 a.m.", "byline"),
        ("Editors' Picks", "furniture-heading"),
        ("Explore further", "furniture-heading"),
        ("Cite this article", "furniture-heading"),
        ("Pour citer cet article :", "furniture-heading"),
        ("Das könnte Sie auch interessieren", "furniture-heading"),
        ("Einzelnachweise", "reference-heading"),
        ("Quellen:", "list-heading"),
        # session 13: a publisher's back matter, outside links, notices and invitations
        ("Ethics declarations", "furniture-heading"),
        ("Corresponding author", "furniture-heading"),
        ("Conflict of interest", "furniture-heading"),
        ("Online resources", "furniture-heading"),
        ("More information: Visser A et al. Moss on walls. Wall Notes (2019).", "furniture"),
        ("Photos from the press conference are available from the press office.", "furniture"),
        (
            "Bilder von der Pressekonferenz sind über das Fotoservice kostenfrei abrufbar.",
            "furniture",
        ),
        (
            "Si vous souhaitez critiquer cet article, vous êtes invité à proposer un texte.",
            "furniture",
        ),
        ("Nous vous répondrons dans les meilleurs délais.", "furniture"),
        ("You are welcome to submit a reply to this article.", "furniture"),
        ("Si vous souhaitez réagir, vous êtes invités à écrire à la rédaction.", "furniture"),
        ("You are invited to write to the editors about this piece.", "furniture"),
        # not furniture: sentences about sharing, copying and reading
        ("Most gardeners share cuttings with their neighbours.", None),
        ("The survey was subject to review by the council.", None),
        ("Readers of the journal rated the article highly.", None),
        ("Natural resources are scarce in the north.", None),
        ("Photos from the survey show moss on every wall.", None),
        ("More information is needed before the walls are repaired.", None),
        ("Residents were invited to write to the council about the walls.", None),
    ],
)
def test_furniture_lines_in_other_languages_and_notices(line: str, kind: str | None) -> None:
    assert line_kind(line) == kind


@pytest.mark.parametrize(
    ("entry", "key"),
    [
        (
            "Ambrose K, Lind T, Okafor P, 2011. Moss growth on old walls. Notes 4: 1–9.",
            "Ambrose 2011",
        ),
        ("Holt R, Pirie S. 2019. Drying of stone after rain. Wall Science 12: 33–40.", "Holt 2019"),
        ("Holt R, Pirie S (2019) Drying of stone after rain. Wall Science 12: 33–40.", "Holt 2019"),
    ],
)
def test_author_lists_followed_by_a_bare_year(entry: str, key: str) -> None:
    data = parse_entry(entry)
    assert author_year_key(data) == key
    assert data.title and data.title.startswith(("Moss growth", "Drying of stone"))


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Füttern Sie keine Milch, denn Igel vertragen keinen Milchzucker.", "other"),
        ("Achten Sie auf den Zustand des Tieres.", "other"),
        ("Wer einen kranken Vogel findet, sollte zuerst eine Auffangstation anrufen.", "other"),
        ("Sie sollten das Tier nicht ins Haus holen.", "other"),
        # not advice: a statement with the same words
        ("Die Zahl der Igel in Städten sollte nach der Zählung weiter sinken.", "claim"),
        ("Forscher fragen seit Jahren, warum Igel im Winter aufwachen.", "claim"),
    ],
)
def test_advice_in_german_is_no_claim(sentence: str, kind: str) -> None:
    from claims.classifying import classify

    assert classify("paragraph", sentence) == kind


def test_a_donation_letter_and_an_old_hatnote_are_no_article_text() -> None:
    letter = " ".join(
        ["We do this work every day at no cost to you, but it is far from free."] * 30
    )
    article = _page(
        '<div class="dablink">For the bridge in Wales, see Other Bridge.</div>'
        f"<h1>Moss</h1>{PROSE}"
        f'<div class="zone-widget custom-cta-letter"><h5>A word to our readers</h5><p>{letter}</p>'
        "<p>Support The Moss Review and make a difference.</p></div>"
    )
    texts = " ".join(s.text for s in article.sentences)
    assert "no cost to you" not in texts and "Support The Moss Review" not in texts
    assert "Other Bridge" not in texts
    assert "Moss grows faster" in texts


def test_german_share_links_run_together_are_furniture() -> None:
    line = "Diese Seite drucken Diese Seite per Email verschicken. Empfiehl dies deinen Freunden."
    assert line_kind(line) == "furniture"


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "The study is Anna J. L. Th. Visser et al., Moss on walls. Notes (2019).",
            ["The study is Anna J. L. Th. Visser et al., Moss on walls.", "Notes (2019)."],
        ),
        (
            "The ore held uranium and Th. The rest was lead.",
            ["The ore held uranium and Th.", "The rest was lead."],
        ),
    ],
)
def test_a_two_letter_initial_does_not_end_a_sentence(text: str, sentences: list[str]) -> None:
    assert [s.text for s in extract_text(text).sentences] == sentences


def test_a_code_sample_holds_no_cue() -> None:
    """A program's strings ("You must enter ...") are no advice, hedge or booster of the page."""
    article = _page(
        "<h1>Loops</h1><p>A loop repeats its body.</p><pre>if n &lt; 0:\n"
        "    raise ValueError('You must enter a number; studies show it should work')</pre>"
    )
    code = [s for s in article.sentences if s.block == "code"]
    assert code and not any(s.hedges or s.boosters or s.framing for s in code)


def test_a_notice_run_into_a_paragraph_is_no_claim() -> None:
    article = _page(
        f"<h1>Moss</h1>{PROSE}<p>This document is subject to copyright. Apart from any fair "
        "dealing for the purpose of private study or research, no part may be reproduced "
        "without the written permission.</p>"
    )
    notice = [s.kind for s in article.sentences if s.text.startswith(("This document", "Apart"))]
    assert notice == ["boilerplate", "boilerplate"]


def _claims(article: Article) -> list[str]:
    return [s.text for s in article.sentences if s.kind == "claim"]


def test_teasers_after_the_article_are_no_claims() -> None:
    """Teasers advertise other pages: a box named a teaser, and titles that are only links
    with a cut first paragraph below them, with no heading over the box (session 13)."""
    article = _page(
        f"<h1>Moss on walls</h1>{PROSE}"
        '<div class="ce_teaser block"><h2>Lichens</h2><p>Lichens grow on every roof in the '
        'town.</p><a class="more" href="/lichens">more</a></div>'
        '<h3><a href="/news/ferns">Ferns in old mortar</a></h3><p>By Ana Ruiz, 2 May 2024</p>'
        "<p>Ferns root in lime mortar more often than in cement…</p>"
    )
    claims = _claims(article)
    assert any(c.startswith("Moss grows faster") for c in claims)
    assert not any(c.startswith(("Lichens", "Ferns")) for c in claims)


def test_a_blog_title_linking_to_its_own_page_is_still_a_heading() -> None:
    article = _page(
        '<h2 class="entry-title"><a href="/2024/moss-on-walls">Moss on walls</a></h2>'
        f"{PROSE}<h2>Why it matters</h2><p>Moss holds water against the stone all winter.</p>"
    )
    assert ("heading", "Moss on walls") in _kinds(article)
    assert "Moss holds water against the stone all winter." in _claims(article)


def test_an_affiliation_box_and_a_marked_author_are_bylines() -> None:
    article = _page(
        '<h1>Moss on walls</h1><span itemprop="author">Ana Ruiz<sup>1</sup></span>'
        '<div class="author-info"><p>Department of Botany, University of Wexmoor, Wexmoor, '
        "United Kingdom (A.R.)</p></div>"
        f"{PROSE}"
    )
    kinds = dict((text, kind) for kind, text in _kinds(article))
    assert kinds["Ana Ruiz1"] == "byline"
    assert kinds["Department of Botany, University of Wexmoor, Wexmoor, United Kingdom (A.R.)"] == (
        "byline"
    )


def test_the_cell_under_a_picture_is_its_caption() -> None:
    article = _page(
        '<h1>Moss on walls</h1><table><tr><td><img src="wall.jpg" alt=""></td></tr>'
        "<tr><td>The north wall of the old mill.</td></tr></table>"
        '<table class="infobox"><tr><td colspan="2"><img src="logo.png" alt=""></td></tr>'
        "<tr><th>Founded</th><td>1851, by the mill owners</td></tr></table>"
        f"{PROSE}"
    )
    kinds = dict((text, kind) for kind, text in _kinds(article))
    assert kinds["The north wall of the old mill."] == "caption"
    assert kinds["1851, by the mill owners"] != "caption"  # a data row under a logo


def test_a_line_that_is_one_link_is_no_claim() -> None:
    article = _page(
        f"<h1>Moss on walls</h1>{PROSE}"
        '<p><a href="https://example.org/survey.pdf">Text of the wall survey</a>.</p>'
        '<div><span><a href="https://example.org/council">The council on old walls</a>.</span>'
        "</div>"
        '<p>The <a href="https://example.org/survey">survey</a> counted moss on 40 walls.</p>'
        '<h2>References</h2><ol class="references"><li id="ref-1">'
        '<a href="https://example.org/ambrose">Ambrose K. Moss growth on old walls. 2011.</a>'
        "</li></ol>"
    )
    claims = _claims(article)
    assert "The survey counted moss on 40 walls." in claims
    assert not any(c.startswith(("Text of the wall survey", "The council on")) for c in claims)
    assert [s.kind for s in article.sentences if s.text.startswith("Ambrose")] == ["reference"]


@pytest.mark.parametrize("tag", ("div", "blockquote", "center", "p"))
@pytest.mark.parametrize("label", ("(in Welsh).", "(video)", "(PDF, Welsh)", "."))
@pytest.mark.parametrize("quote", ('"', ""))
def test_a_link_with_its_label_alone_in_a_block_is_furniture(
    tag: str, label: str, quote: str
) -> None:
    link = '<a href="https://example.org/film">Moss grows back on old walls within ten years</a>'
    line = f"<{tag}>{quote}{link}{quote} {label}</{tag}>"
    article = _page(f"<h1>Moss on walls</h1>{PROSE}{line}<p>Moss dries out in a hot summer.</p>")
    assert "Moss dries out in a hot summer." in _claims(article)
    assert [s.kind for s in article.sentences if "grows back" in s.text] == ["boilerplate"]


@pytest.mark.parametrize(
    "line",
    (
        # words outside the link that are no label: prose around a link, a count, a clause
        '<div>Surveys show that <a href="https://example.org/film">moss grows back on old'
        " walls within ten years</a> (video).</div>",
        '<div><a href="https://example.org/walls">Moss grows back on old walls within ten'
        " years</a> (40 walls).</div>",
        '<div><a href="https://example.org/walls">Moss grows back on old walls within ten'
        " years</a> (in the west of the county, where rain falls on most days).</div>",
    ),
)
def test_a_link_beside_words_that_are_no_label_stays_a_claim(line: str) -> None:
    article = _page(f"<h1>Moss on walls</h1>{PROSE}{line}")
    assert any("grows back" in c for c in _claims(article))


def test_a_list_item_naming_a_thing_and_a_note_on_it_stays_an_item() -> None:
    article = _page(
        f"<h1>Moss on walls</h1>{PROSE}<h2>Walls visited</h2><ul>"
        '<li><a href="https://example.org/keld">Keld, Yorkshire</a> (the oldest wall)</li>'
        '<li><a href="https://example.org/hawes">Hawes</a>.</li></ul>'
    )
    kinds = {s.text: s.kind for s in article.sentences}
    assert kinds["Keld, Yorkshire (the oldest wall)"] != "boilerplate"
    assert kinds["Hawes."] == "boilerplate"  # a link alone is still a link line


def test_a_publishers_back_matter_is_no_claim() -> None:
    article = _page(
        f"<h1>Moss on walls</h1>{PROSE}<h2>Ethics declarations</h2><h3>Conflict of interest</h3>"
        "<p>The author declares no conflict of interest.</p><h3>Corresponding author</h3>"
        "<p>Correspondence to Ana Ruiz.</p><h2>Resources</h2><ul><li>The Moss Society, "
        '<a href="https://example.org">an archive of wall surveys</a>, with maps.</li></ul>'
    )
    claims = _claims(article)
    assert any(c.startswith("Moss grows faster") for c in claims)
    assert not any(
        c.startswith(("The author declares", "Correspondence", "The Moss")) for c in claims
    )


@pytest.mark.parametrize(
    "text",
    [
        "Die Erweiterung durch sog. Trachtpflanzen hilft den Hummeln. Sie blühen früher.",
        "Mikrotransaktionen bzw. Hochfrequenzhandel werden teurer. Das ist gewollt.",
    ],
)
def test_german_abbreviations_end_no_sentence(text: str) -> None:
    assert len(extract_text(text).sentences) == 2


@pytest.mark.parametrize(
    ("sentence", "weasel"),
    [
        # a charge the sentence says nothing supports is the writer's doubt (session 13)
        ("No one has offered any evidence of how she built her alleged fortune.", False),
        ("There is no evidence of the purported letter in the archive.", False),
        ("The alleged plot was hatched in the spring.", True),  # MOS:ALLEGED: nobody named
    ],
)
def test_a_denied_charge_is_no_vague_attribution(sentence: str, weasel: bool) -> None:
    cues = extract_text(sentence).sentences[0].framing
    assert any(c.kind == "weasel" for c in cues) is weasel


@pytest.mark.parametrize(
    ("sentence", "advice"),
    [
        ("My colleague wrote about this, but it's worth emphasizing: most towns agree.", False),
        ("It is worth noting that the survey ended in May.", False),
        ("It's worth taking the stairs instead of the lift.", True),
    ],
)
def test_a_remark_to_the_reader_is_no_advice(sentence: str, advice: bool) -> None:
    cues = extract_text(sentence).sentences[0].framing
    assert any(c.kind == "advice" for c in cues) is advice


def test_a_structured_abstract_reports_its_own_design_and_setting() -> None:
    """A publisher's page of a paper's structured abstract: run-in labels Design:, Setting:,
    Intervention: are its methods (session 13); its Background stays background."""
    article = _page(
        "<h1>Rinsing and colds</h1><h3>Background:</h3><p>Colds cost many working days.</p>"
        "<h3>Design:</h3><p>A randomised trial compared two rinses over one winter.</p>"
        "<h3>Setting:</h3><p>Three clinics in Wexmoor.</p><h3>Intervention:</h3>"
        "<p>Saline nasal rinse twice a day.</p><h3>Participants:</h3><p>Adults aged 18 to 65 "
        "years.</p><h3>Results:</h3><p>Colds were shorter by one day with the rinse.</p>"
    )
    graded = grade(article)
    status = {
        s.text: g.status for s in article.sentences for g in graded.grades if g.sentence_id == s.id
    }
    assert status["Colds cost many working days."] == "unsupported"
    own = [t for t in status if t.startswith(("A randomised", "Three clinics", "Saline nasal"))]
    assert len(own) == 3 and all(status[t] != "unsupported" for t in own)


def test_share_boxes_named_in_french_and_german_are_chrome() -> None:
    for name in ("partage", "artikel-teilen"):
        article = _page(
            f'<h1>Moss on walls</h1>{PROSE}<div class="{name}"><a href="#">Partager</a> '
            '<a href="#">Imprimer</a></div>'
        )
        assert not any(s.text.startswith("Partager") for s in article.sentences)


@pytest.mark.parametrize(
    ("lead", "kind"),
    [
        ("Timeline of moss surveys presents surveys of old walls organized by year.", "other"),
        ("Timeline of moss surveys is a list of surveys of old walls.", "other"),
        # the title as the subject of a claim about the world stays a claim
        ("Timeline of moss surveys was first compiled by the Moss Society in 1990.", "claim"),
        ("The surveys presented here list 40 walls.", "claim"),
    ],
)
def test_a_page_describing_itself_is_no_claim(lead: str, kind: str) -> None:
    article = _page(f"<h1>Timeline of moss surveys</h1><p>{lead}</p>")
    assert [s.kind for s in article.sentences if s.text == lead] == [kind]


def test_page_parts_that_assert_nothing_leave_the_claims_beside_them_flagged() -> None:
    article = _page(
        "<h1>Floods: live updates</h1>"
        "<p>Welcome to our live coverage of the floods in the valley.</p>"
        "<p>The river rose two metres overnight. One wonders why nobody cleared the culvert.</p>"
        '<aside class="key-facts"><ul><li>The weir was raised in 1962 after a flood.</li></ul>'
        "</aside>"
        "<p>Flood maps are available on the river authority's website.</p>"
        "<table><tr><th>Built</th><td>1962; by H. Brook &amp; Co.</td></tr></table>"
        '<ul class="gallery"><li><div class="gallerytext">The weir in flood.</div></li></ul>'
    )
    graded = grade(article)
    flagged = {
        s.text
        for s in article.sentences
        for g in graded.grades
        if g.sentence_id == s.id and g.status == "unsupported"
    }
    assert flagged == {
        "The river rose two metres overnight.",
        "The weir was raised in 1962 after a flood.",
    }


@pytest.mark.parametrize(
    "heading", ["About the author", "Über die Autorin", "À propos de l’auteur"]
)
def test_an_author_box_after_the_sources_is_no_entry_of_them(heading: str) -> None:
    article = _page(
        "<p>Otters returned to the river in 1998 (1).</p><h2>Sources</h2>"
        "<ol><li>Hale M. Otters of the Fens. Mammal Review. 2020;50:101-112.</li></ol>"
        f"<div class='box'><h4>{heading}</h4><p>Ines Walcott has written on rivers since 2016.</p>"
        "</div>"
    )
    kinds = dict((text, kind) for kind, text in _kinds(article))
    assert kinds["Hale M. Otters of the Fens. Mammal Review. 2020;50:101-112."] == "reference"
    assert kinds["Ines Walcott has written on rivers since 2016."] == "boilerplate"
