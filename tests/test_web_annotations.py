"""`claimkb audit --format annotations`: W3C Web Annotations of the claims, checked against the
model's MUST rules (tests/w3c_annotation_model.py) and against the articles' own text."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rdflib import RDF, URIRef

from claims.extract import extract_path
from kb.cli.main import main
from kb.rdf.graph import article_iri
from tests.w3c_annotation_model import CONTEXT, violations

ARTICLES = Path(__file__).parent / "fixtures" / "articles"
#: An article of each format.
FIXTURES = (
    "blue-light-news.html",
    "kombucha-wiki.html",
    "ginger-nausea-scrape.txt",
    "cold-plunge-newsletter.md",
    "classroom-noise-jats.xml",
)


def annotations(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(main, ["audit", "--format", "annotations", *args])
    assert result.exit_code in (0, 1), result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def items(collection: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = collection["first"]["items"]
    return found


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("annotations")
    location = str(root / "kb")
    paths = [str(ARTICLES / name) for name in FIXTURES]
    result = CliRunner().invoke(main, ["ingest", "--kb", location, "-q", "--jobs", "1", *paths])
    assert result.exit_code == 0, result.output
    return location


@pytest.mark.parametrize("name", FIXTURES)
def test_an_article_file_gives_annotations_of_the_model_quoting_its_text(name: str) -> None:
    path = ARTICLES / name
    article = extract_path(path)
    collection = annotations(str(path))
    assert violations(collection) == []
    assert collection["@context"] == CONTEXT
    claims = [s for s in article.sentences if s.kind == "claim"]
    assert collection["total"] == len(items(collection)) == len(claims) > 0
    page = article.url or str(article_iri(article))
    for annotation in items(collection):
        target = annotation["target"]
        assert target["source"] == page
        quote, position = target["selector"]
        start, end = position["start"], position["end"]
        assert quote["exact"] == article.text[start:end]
        assert article.text[:start].endswith(quote["prefix"]) and quote["prefix"]
        assert article.text[end:].startswith(quote["suffix"])
        assert annotation["id"].startswith(str(article_iri(article)) + "/sentence/")


def test_a_body_says_the_status_level_and_findings_of_its_claim() -> None:
    from kb.audit.article import audit_path

    path = ARTICLES / "blue-light-news.html"
    audited = audit_path(str(path))
    grades = {grade.sentence_id: grade for grade in audited.graded.grades}
    found = {f.sentence_id for f in audited.findings}
    for annotation in items(annotations(str(path))):
        number = annotation["id"].split("/sentence/")[1].removesuffix("/annotation")
        grade = grades[f"s{number}"]
        text, tag, concept = annotation["body"]
        assert tag == {"type": "TextualBody", "purpose": "tagging", "value": grade.status}
        assert concept["source"] == f"https://w3id.org/claimkb/ns#{grade.status}"
        assert text["purpose"] == "assessing" and grade.reason in text["value"]
        assert (f"Evidence level: {grade.level}." in text["value"]) == (grade.level is not None)
        assert ("Findings: " in text["value"]) == (f"s{number}" in found)


def test_a_stored_article_gives_the_same_annotations_quoted_from_its_sentences(kb: str) -> None:
    """The real ingested fixtures: every annotation keeps the model, its place in the page and
    a quote whose prefix and suffix are the page's text around the claim, as from the file."""
    collection = annotations("--kb", kb)
    assert violations(collection) == []
    by_page = {}
    for name in FIXTURES:
        article = extract_path(ARTICLES / name)
        by_page[article.url or str(article_iri(article))] = article
    stored = items(collection)
    assert len(stored) == sum(1 for a in by_page.values() for s in a.sentences if s.kind == "claim")
    for annotation in stored:
        target = annotation["target"]
        article = by_page[target["source"]]
        quote, position = target["selector"]
        start, end = position["start"], position["end"]
        assert quote["exact"] == article.text[start:end]
        assert quote["prefix"] == article.text[max(0, start - 32) : start]
        assert quote["suffix"] == article.text[end : end + 32]
    files = annotations(*(str(ARTICLES / name) for name in FIXTURES))
    assert {a["id"] for a in items(files)} == {a["id"] for a in stored}


def test_the_named_query_places_and_quotes_each_claim_as_the_audit_does(kb: str) -> None:
    """`claimkb query --name web-annotations` (RDF) and `audit --kb --format annotations`."""
    from rdflib import Graph, Namespace
    from rdflib.namespace import RDF

    oa = Namespace("http://www.w3.org/ns/oa#")
    expected = {}
    for annotation in items(annotations("--kb", kb)):
        quote, position = annotation["target"]["selector"]
        expected[annotation["id"]] = (
            annotation["target"]["source"],
            quote["exact"],
            quote["prefix"],
            quote["suffix"],
            position["start"],
            position["end"],
            annotation["body"][1]["value"],
        )
    got = {}
    for name in FIXTURES:
        named = ["--name", "web-annotations", "--param", f"article={ARTICLES / name}"]
        result = CliRunner().invoke(main, ["query", "--kb", kb, *named, "--format", "nt"])
        assert result.exit_code == 0, result.output
        graph = Graph().parse(data=result.stdout, format="nt")
        for annotation in graph.subjects(RDF.type, oa.Annotation):
            target = graph.value(annotation, oa.hasTarget)
            claim = graph.value(annotation, oa.hasBody)
            selectors = list(graph.objects(target, oa.hasSelector))
            quote = next(s for s in selectors if (s, RDF.type, oa.TextQuoteSelector) in graph)
            position = next(s for s in selectors if s != quote)
            status = str(graph.value(claim, URIRef("https://w3id.org/claimkb/ns#status")))
            got[str(annotation)] = (
                str(graph.value(target, oa.hasSource)),
                *(str(graph.value(quote, p)) for p in (oa.exact, oa.prefix, oa.suffix)),
                *(graph.value(position, p).toPython() for p in (oa.start, oa.end)),
                status.rsplit("#", 1)[-1],
            )
            assert (annotation, oa.motivatedBy, oa.assessing) in graph
    assert got == expected


def test_a_page_without_a_url_is_targeted_by_its_article_iri(kb: str) -> None:
    article = extract_path(ARTICLES / "ginger-nausea-scrape.txt")
    assert article.url is None
    collection = annotations("--kb", kb, "--article", str(ARTICLES / "ginger-nausea-scrape.txt"))
    assert {a["target"]["source"] for a in items(collection)} == {str(article_iri(article))}


VALID: dict[str, Any] = {
    "@context": CONTEXT,
    "id": "https://example.org/collection",
    "type": "AnnotationCollection",
    "total": 1,
    "first": {
        "id": "https://example.org/collection/page/0",
        "type": "AnnotationPage",
        "items": [
            {
                "id": "https://example.org/anno",
                "type": "Annotation",
                "body": {"type": "TextualBody", "value": "unsupported"},
                "target": {
                    "source": "https://example.org/page",
                    "selector": [
                        {"type": "TextQuoteSelector", "exact": "Tea", "prefix": "", "suffix": "."},
                        {"type": "TextPositionSelector", "start": 0, "end": 3},
                    ],
                },
            }
        ],
    },
}


def broken(path: str, value: Any) -> dict[str, Any]:
    """Return VALID with the key at ``path`` (dot-separated, numbers index) set or removed."""
    document = copy.deepcopy(VALID)
    *parents, last = path.split(".")
    node: Any = document
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    if value is _REMOVE:
        del node[int(last) if last.isdigit() else last]
    else:
        node[int(last) if last.isdigit() else last] = value
    return document


_REMOVE = object()
ANNOTATION = "first.items.0"
SELECTORS = f"{ANNOTATION}.target.selector"


@pytest.mark.parametrize(
    ("path", "value", "rule"),
    [
        ("@context", "http://www.w3.org/ns/oa#", "@context must include"),
        ("@context", [CONTEXT], "single @context value"),
        ("id", _REMOVE, "5.1 a Collection must have exactly 1 IRI"),
        ("type", "Collection", "an Annotation's type must include Annotation"),  # not one
        ("first", _REMOVE, "must have exactly 1 first page"),
        ("total", -1, "total must be a non-negative integer"),
        ("first.items", [], "items must be an array of 1 or more"),
        (f"{ANNOTATION}.id", "anno 1", "3.1 an Annotation must have exactly 1 IRI"),
        (f"{ANNOTATION}.type", "Note", "type must include Annotation"),
        (f"{ANNOTATION}.target", _REMOVE, "1 or more targets"),
        (f"{ANNOTATION}.bodyValue", "also", "must not both be present"),
        (f"{ANNOTATION}.created", "2024-05-01 12:00", "xsd:dateTime in UTC"),
        (f"{ANNOTATION}.body.value", _REMOVE, "TextualBody must have exactly 1 value"),
        (f"{ANNOTATION}.target.source", _REMOVE, "exactly 1 source"),
        (f"{SELECTORS}.0.exact", _REMOVE, "exactly 1 exact"),
        (f"{SELECTORS}.0.prefix", ["a", "b"], "more than 1 prefix"),
        (f"{SELECTORS}.1.start", -4, "exactly 1 start, a non-negative integer"),
        (f"{SELECTORS}.1.end", "3", "exactly 1 end, a non-negative integer"),
        (f"{SELECTORS}.1.type", ["TextPositionSelector", "X"], "exactly 1 type"),
    ],
)
def test_the_checker_finds_each_broken_rule(path: str, value: Any, rule: str) -> None:
    assert violations(VALID) == []
    found = violations(broken(path, value))
    assert any(rule in line for line in found), found


MARKED = Path(__file__).parent / "fixtures" / "quote-context" / "marked-claims.md"


def test_a_stored_claim_after_a_bullet_or_a_heading_is_quoted_with_its_marks(
    tmp_path: Path,
) -> None:
    """The store keeps sentences, not the bullets, heading marks and indents between them: the
    quote's prefix and suffix served from it (the named query and `audit --kb`) are the
    article's own text around each claim, as annotation tools match it."""
    from rdflib import Graph, Namespace

    location = str(tmp_path / "kb")
    ingested = CliRunner().invoke(main, ["ingest", "--kb", location, "-q", str(MARKED)])
    assert ingested.exit_code == 0, ingested.output
    article = extract_path(MARKED)
    expected = {
        f"{article_iri(article)}/sentence/{s.id[1:]}/annotation": (
            article.text[max(0, s.start - 32) : s.start],
            article.text[s.end : s.end + 32],
        )
        for s in article.sentences
        if s.kind == "claim"
    }
    marks = [prefix for prefix, _ in expected.values()]
    assert any(p.endswith("\n- ") for p in marks) and any(
        p.endswith("## What the trials found\n") for p in marks
    )
    audited = {
        a["id"]: (a["target"]["selector"][0]["prefix"], a["target"]["selector"][0]["suffix"])
        for a in items(annotations("--kb", location))
    }
    assert audited == expected
    oa = Namespace("http://www.w3.org/ns/oa#")
    named = ["--name", "web-annotations", "--param", f"article={MARKED}", "--format", "nt"]
    result = CliRunner().invoke(main, ["query", "--kb", location, *named])
    assert result.exit_code == 0, result.output
    graph = Graph().parse(data=result.stdout, format="nt")
    served = {}
    for annotation in graph.subjects(RDF.type, oa.Annotation):
        target = graph.value(annotation, oa.hasTarget)
        quote = next(
            s
            for s in graph.objects(target, oa.hasSelector)
            if (s, RDF.type, oa.TextQuoteSelector) in graph
        )
        served[str(annotation)] = (
            str(graph.value(quote, oa.prefix)),
            str(graph.value(quote, oa.suffix)),
        )
    assert served == expected
