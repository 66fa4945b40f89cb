"""Reference lists kept apart: notes, references and bibliography; where a reference section starts.

The fixtures are an encyclopedia-like page about seals, as scraped text and as HTML, with a
contents list, a body section headed "Literature", a notes list whose entries cite references,
a reference list with a shortened footnote ("King 2003, p. 41.") and a bibliography.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claims import extract_path, extract_text
from claims.model import Article
from sources.linking import link
from sources.references import references_of

FIXTURES = Path(__file__).parent / "fixtures" / "reading"


def _links(article: Article) -> dict[str, tuple[str | None, tuple[str, ...]]]:
    """Return, per cited or listed key, the key of the entry it reaches and who cites it."""
    return {
        lk.key: (lk.reference.key if lk.reference else None, lk.cited_by)
        for lk in link(article, references_of(article))
    }


def _sentence(article: Article, start: str):
    return next(s for s in article.sentences if s.text.startswith(start))


@pytest.fixture(scope="module", params=["txt", "html"])
def seal(request) -> Article:
    return extract_path(FIXTURES / f"encyclopedia-seal.{request.param}")


def test_every_entry_is_cited_and_every_marker_reaches_an_entry(seal: Article) -> None:
    links = _links(seal)
    assert [key for key, (entry, _) in links.items() if entry is None] == []  # nothing dangles
    assert [key for key, (_, cited_by) in links.items() if not cited_by] == []  # none uncited


def test_a_note_marker_reaches_the_note_and_a_number_the_reference(seal: Article) -> None:
    note, citing = ("n 1", "It is the most widespread") if seal.format == "html" else ("a", "Five")
    assert note in _sentence(seal, citing).keys
    note_entry = next(s for s in seal.sentences if s.reference_key == note)
    assert note_entry.text.startswith(("Only the grey seal", "a. Some authors"))
    body_one = _sentence(seal, "The harbour seal").keys
    assert body_one == ("1",)
    reference_one = next(s for s in seal.sentences if s.reference_key == "1")
    assert reference_one.text.lstrip("1. ").startswith("Marsh")


def test_markers_inside_notes_cite_references(seal: Article) -> None:
    cited = "6" if seal.format == "html" else "8"
    _, cited_by = _links(seal)[cited]
    assert [s.kind for s in seal.sentences if s.id in cited_by] == ["reference"]


def test_a_shortened_footnote_cites_its_bibliography_entry(seal: Article) -> None:
    bibliography = [s for s in seal.sentences if s.section[-1:] in (("Sources",), ("Literature",))]
    king = next(s for s in bibliography if s.text.startswith("King, M."))
    entry, cited_by = _links(seal)[references_of(seal)[-1].key]
    assert references_of(seal)[-1].sentence_id == king.id
    footnote = next(s for s in seal.sentences if "King 2003, p. 41" in s.text)
    assert cited_by == (footnote.id,) and entry is not None


def test_a_contents_list_opens_no_reference_section(seal: Article) -> None:
    claims = [s for s in seal.sentences if s.kind == "claim"]
    assert len(claims) >= 6
    taxonomy = _sentence(seal, "Five subspecies are recognised today.")
    assert taxonomy.kind == "claim" and taxonomy.section[-1] == "Taxonomy"
    assert not [
        s for s in seal.sentences if s.kind == "reference" and s.section[-1:] == ("Taxonomy",)
    ]


def test_a_body_section_headed_literature_keeps_its_claims() -> None:
    article = extract_path(FIXTURES / "encyclopedia-seal.html")
    folk = _sentence(article, "Seals appear in the folk tales")
    assert folk.kind == "claim" and folk.keys == ("5",)


WEAK_HEADINGS = [
    ("txt", "Seals\n\nSeals rest on rocks [1].\n\n{h}\n\n{body}\n"),
    ("md", "# Seals\n\nSeals rest on rocks [1].\n\n## {h}\n\n{body}\n"),
    ("html", "<html><body><h1>Seals</h1><p>Seals rest on rocks [1].</p><h2>{h}</h2><p>{body}</p>"),
]
PROSE = "Seals appear in many folk tales of the north [2]. Novels retell them."
ENTRY = "Marsh, T. (2004). Seals of the North Atlantic. Oxford: Coastal Press."


@pytest.mark.parametrize(("fmt", "template"), WEAK_HEADINGS, ids=[f for f, _ in WEAK_HEADINGS])
@pytest.mark.parametrize("heading", ["Literature", "Sources", "Notes"])
def test_notes_sources_literature_are_reference_lists_only_over_entries(
    fmt: str, template: str, heading: str
) -> None:
    prose = extract_text(template.format(h=heading, body=PROSE), fmt)
    assert [s.kind for s in prose.sentences if s.text.startswith(("Seals appear", "Novels"))] == [
        "claim",
        "claim",
    ]
    entries = extract_text(template.format(h=heading, body=ENTRY), fmt)
    assert [s.kind for s in entries.sentences if s.text.startswith("Marsh")] == ["reference"]


GROUP_NOTES = (
    "{h1}Grey heron\n\n"
    "The grey heron wades in the shallows.[1] It nests in colonies.[n 1]\n\n"
    "{h2}Breeding\n\n"
    "Pairs return to the same nest.[2][n 2] Clutches hold three eggs.[3]\n\n"
    "{h2}Notes\n\n"
    "1. Some colonies hold a hundred nests.[2]\n"
    "2. A few pairs change nests after a failed season.\n\n"
    "{h2}References\n\n"
    "1. Marsh, T. (2004). Herons of Europe. Oxford: Coastal Press.\n"
    "2. Ueda K, Brandt S. Nest fidelity in herons. Ibis. 2011;12:40-49.\n"
    "3. Hale P. Clutch size in Ardea. J Avian Biol. 2001;5:1-9.\n"
)


@pytest.mark.parametrize(("fmt", "h1", "h2"), [("txt", "", ""), ("md", "# ", "## ")])
def test_text_notes_numbered_from_one_take_the_group_their_markers_print(
    fmt: str, h1: str, h2: str
) -> None:
    article = extract_text(GROUP_NOTES.format(h1=h1, h2=h2), fmt)
    entries = [s.reference_key for s in article.sentences if s.kind == "reference"]
    assert entries == ["n 1", "n 2", "1", "2", "3"]
    links = _links(article)
    marsh = next(s for s in article.sentences if "Marsh" in s.text)
    assert links["1"] == ("1", (_sentence(article, "The grey heron").id,))
    assert marsh.reference_key == "1"
    assert all(entry is not None and cited_by for entry, cited_by in links.values())


_SOURCES = (
    '<p>Harbour Authority, "<a href="https://example.org/r">Annual Traffic Report 2023</a>," '
    "Feb. 3, 2024</p>"
    '<p>Coastal Institute, "Ferry Use Before and After the Bridge," Nov. 20, 2023</p>'
    "<p>Interview, Dana Holt, harbour master, March 10, 2024</p>"
)


@pytest.mark.parametrize(
    "page",
    [
        # a sidebar widget inside the article (dropped as page chrome)
        "<main><article><h1>Did ferry use fall?</h1><p>Ferry trips fell by a third.</p>"
        '<aside class="sidebar"><div class="widget"><h3>About</h3><p>Researcher: Lee</p></div>'
        f'<div class="widget"><h3>Sources:</h3><div>{_SOURCES}</div></div></aside>'
        "</article></main>",
        # a sidebar beside the main content
        "<body><main><h1>Did ferry use fall?</h1><p>Ferry trips fell by a third.</p></main>"
        f'<aside class="aside"><h3 class="widget__header">Sources:</h3><div>{_SOURCES}</div>'
        "<h3>Related</h3><p>Are tolls up?</p></aside></body>",
        # a collapsible list in the article's footer
        "<main><article><h1>Did ferry use fall?</h1><p>Ferry trips fell by a third.</p>"
        '<footer><ul><li><a class="collapsed"><h5><span>Sources</span></h5></a>'
        f'<div class="collapse"><div class="citations">{_SOURCES}</div></div></li></ul>'
        "</footer></article><h4>Editors' Picks</h4><p>More checks.</p></main>",
    ],
)
def test_a_fact_checks_sources_in_page_chrome_are_its_reference_list(page: str) -> None:
    article = extract_text(f"<html>{page}</html>", "html")
    entries = [s.text for s in article.sentences if s.kind == "reference"]
    assert [e.split(",")[0] for e in entries] == [
        "Harbour Authority",
        "Coastal Institute",
        "Interview",
    ]
    assert _sentence(article, "Ferry trips").kind == "claim"
