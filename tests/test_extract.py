"""From a Document to an Article: offsets, lines, sections, kinds, markers and the JSON contract."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from claims import article_to_dict, extract_document, extract_path, extract_text
from claims.extract import articles_to_json
from claims.model import Block, Document, Marker

ARTICLE = """Skip to content

Does Ginger Settle the Stomach?

3 min read

Ginger has been used for nausea for centuries [1]. Research confirms that it eases morning
sickness [2].

How It Works

Ginger may speed stomach emptying, e.g. after meals [3]. It is not proven to prevent ulcers.

Talk to your doctor before taking ginger with blood thinners.

Who should avoid it?

People with gallstones are often told to avoid large doses [citation needed].

References

  1. Hale P. Ginger in history. Food Hist. 2011;4:1-9.
  2. Moreno L. Ginger and pregnancy nausea. Obstet Rev. 2019;12:33-40.
"""

JSON_KEYS = {
    "id", "index", "start", "end", "line", "text", "section", "kind",
    "markers", "marker_spans", "hedges", "boosters", "editor_flags",
    "weasels", "peacocks", "approximators", "framing_spans",
}  # fmt: skip


@pytest.fixture(scope="module")
def article():
    return extract_text(ARTICLE, "txt", "ginger.txt")


def by_text(article, start: str):
    return next(s for s in article.sentences if s.text.startswith(start))


def test_offsets_lines_and_order(article) -> None:
    previous_end = 0
    for index, sentence in enumerate(article.sentences):
        assert article.text[sentence.start : sentence.end] == sentence.text
        assert sentence.start >= previous_end
        assert (sentence.index, sentence.id) == (index, f"s{index + 1}")
        assert sentence.line == article.text.count("\n", 0, sentence.start) + 1
        previous_end = sentence.end


@pytest.mark.parametrize(
    ("start", "kind", "keys", "section"),
    [
        ("Skip to content", "boilerplate", (), ()),
        ("Does Ginger", "heading", (), ()),
        ("Ginger has been used", "claim", ("1",), ("Does Ginger Settle the Stomach?",)),
        ("Ginger may speed", "claim", ("3",), ("Does Ginger Settle the Stomach?", "How It Works")),
        ("Talk to your doctor", "other", (), ("Does Ginger Settle the Stomach?", "How It Works")),
        (
            "People with gallstones",
            "claim",
            (),
            ("Does Ginger Settle the Stomach?", "Who should avoid it?"),
        ),
        ("Hale P.", "reference", (), ("Does Ginger Settle the Stomach?", "References")),
    ],
)
def test_kinds_keys_and_sections(article, start, kind, keys, section) -> None:
    sentence = by_text(article, start)
    assert (sentence.kind, sentence.keys, sentence.section) == (kind, keys, section)


def test_cues_flags_and_reference_keys(article) -> None:
    assert [c.cue for c in by_text(article, "Research confirms").boosters] == ["research confirms"]
    assert [c.cue for c in by_text(article, "Ginger may").hedges] == ["may"]
    (proven,) = by_text(article, "It is not proven").boosters
    assert (proven.cue, proven.negated) == ("proven", True)
    assert by_text(article, "People with").editor_flags == ("citation-needed",)
    assert by_text(article, "Moreno L.").reference_key == "2"


def test_json_contract(article) -> None:
    data = json.loads(json.dumps(articles_to_json([article])))
    assert set(data) == {"claimkb", "articles"}
    (out,) = data["articles"]
    assert {"source", "format", "title", "text", "sentences"} <= set(out)
    assert out["text"] == ARTICLE
    for sentence in out["sentences"]:
        assert set(sentence) >= JSON_KEYS
        assert out["text"][sentence["start"] : sentence["end"]] == sentence["text"]
    negated = next(s for s in out["sentences"] if s["text"].startswith("It is not proven"))
    assert (negated["boosters"], negated["negated"]) == (["proven"], ["proven"])
    cited = next(s for s in out["sentences"] if s["text"].startswith("Ginger may"))
    assert cited["markers"] == ["3"]
    assert cited["marker_spans"][0]["text"] == "[3]"


def test_json_cue_classes() -> None:
    """Issue 17: weasels, peacocks and approximators as keys of their own, with spans and kinds
    in framing_spans; a templated weasel is given as the words it matched."""
    text = "Spas\n\nSeveral critics say the world-famous spa usually helps, but not always.\n"
    (out,) = articles_to_json([extract_text(text)])["articles"]
    sentence = out["sentences"][-1]
    assert sentence["weasels"] == ["several critics"]
    assert sentence["peacocks"] == ["world famous"]
    assert sentence["approximators"] == ["usually"]
    kinds = {(s["kind"], s["text"], s["category"]) for s in sentence["framing_spans"]}
    assert ("approximator", "usually", "frequency") in kinds
    assert ("weasel", "Several critics", "anonymous") in kinds


def test_explicit_markers_win_over_the_grammar() -> None:
    text = "Tea helps sleep [7]. Coffee does not [8]."
    doc = Document(
        "x.html",
        "html",
        text,
        (Block("paragraph", 0, len(text)),),
        explicit_markers=(Marker("[7]", 16, 19, ("ref-7",), "superscript"),),
    )
    first, second = extract_document(doc).sentences
    assert [(m.keys, m.style) for m in first.markers] == [(("ref-7",), "superscript")]
    assert second.keys == ("8",)


def test_overlapping_blocks_never_give_overlapping_sentences() -> None:
    text = "One claim here is made. Two claims here are made."
    blocks = (Block("paragraph", 0, len(text)), Block("paragraph", 10, len(text)))
    sentences = extract_document(Document("-", "txt", text, blocks)).sentences
    assert all(a.end <= b.start for a, b in itertools.pairwise(sentences))


def test_markdown_sections_follow_heading_levels() -> None:
    text = (
        "# Tea\n\n## Green\n\n### Caffeine\n\nIt has caffeine [1].\n\n"
        "## Black\n\nIt is strong [2].\n"
    )
    article = extract_text(text, "md")
    assert by_text(article, "It has").section == ("Tea", "Green", "Caffeine")
    assert by_text(article, "It is strong").section == ("Tea", "Black")


@pytest.mark.parametrize("text", ["", "   \n", "\x00\x01", "?", "[1]", "\ufeff", "0\t\x1f"])
def test_extract_text_never_raises(text: str) -> None:
    article = extract_text(text)
    assert all(article.text[s.start : s.end] == s.text for s in article.sentences)


def test_extract_path_and_dict(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text("# Note\n\nSalt raises blood pressure [1].\n", encoding="utf-8")
    data = article_to_dict(extract_path(path))
    assert (data["format"], data["title"]) == ("md", "Note")
    assert [s["kind"] for s in data["sentences"]] == ["heading", "claim"]


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("Kale is rich in vitamin K (1). It helps clotting (2, 3).", [("1",), ("2", "3")]),
        ("Kale is rich in vitamin K [1]. Lemurs (4) and lorises (3) differ.", [("1",), ()]),
    ],
)
def test_round_bracket_numbers_cite_only_where_nothing_else_does(text, keys) -> None:
    assert [s.keys for s in extract_text(text).sentences] == keys


def test_header_cells_are_headings() -> None:
    text = "Group Finding Vegetarians"
    blocks = (
        Block("cell", 0, 5, header=True),
        Block("cell", 6, 13, header=True),
        Block("cell", 14, 25),
    )
    kinds = [s.kind for s in extract_document(Document("-", "md", text, blocks)).sentences]
    assert kinds == ["heading", "heading", "other"]


def test_blank_blocks_give_no_sentences() -> None:
    doc = Document("-", "txt", " \x1f \n\t", (Block("heading", 0, 3), Block("paragraph", 3, 5)))
    assert extract_document(doc).sentences == ()


def test_list_items_under_a_furniture_heading_are_furniture() -> None:
    html = (
        "<main><h1>Lemons and blood</h1><p>Lemon juice is acidic.</p>"
        "<h2>How we rate claims</h2><ul><li>True: the claim is accurate.</li>"
        "<li>False: the claim is inaccurate.</li></ul>"
        "<h2>What about cancer?</h2><ul><li>Tumours are acidic.</li></ul></main>"
    )
    kinds = [(s.text, s.kind) for s in extract_text(html, "html").sentences]
    assert ("True: the claim is accurate.", "boilerplate") in kinds
    assert ("False: the claim is inaccurate.", "boilerplate") in kinds
    assert ("Tumours are acidic.", "claim") in kinds


@pytest.mark.parametrize(
    "heading", ["Journal reference", "Background references", "Notes to editors"]
)
def test_qualified_reference_headings_open_a_reference_list(heading: str) -> None:
    text = (
        f"Walnuts and memory\n\nWalnuts helped memory in a trial (1).\n\n{heading}\n\n"
        "1. Wierzbicki T. Walnuts and memory: a randomised trial. J Nutr Ageing. 2025;12:201-212.\n"
    )
    kinds = [s.kind for s in extract_text(text, "txt").sentences]
    assert kinds[-2:] == ["heading", "reference"]


def test_paragraphs_under_a_heading_about_the_publisher_are_furniture() -> None:
    text = (
        "# Walnuts and memory\n\nWalnuts helped memory in a trial.\n\n"
        "## About the University of Northbridge\n\nIt has 28,000 students.\n\n"
        "## About the study\n\nThe trial lasted six months.\n"
    )
    kinds = {s.text: s.kind for s in extract_text(text, "md").sentences}
    assert kinds["It has 28,000 students."] == "boilerplate"
    assert kinds["The trial lasted six months."] == "claim"
