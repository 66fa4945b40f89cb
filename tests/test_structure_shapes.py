"""Every structure shape fires on a graph broken on purpose, and claimkb's own graphs pass."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS

from claims.model import KINDS
from claims.reading import FORMATS
from kb.rdf.graph import article_iri, build_graph
from kb.validate.structure import format_result, validate_structure
from ontology import CITO, CKB, CUE, PROV, SCHEMA, level_concept
from shapes import load_shapes
from sources.model import LEVELS, STATUSES
from tests import graded_samples

A = article_iri(graded_samples.article())
CLAIM = URIRef(f"{A}/sentence/2")  # "Cocoa is a common evening drink ... [1]." (supported)
HEADING = URIRef(f"{A}/sentence/1")
UNCITED = URIRef(f"{A}/sentence/6")  # "Cocoa definitely cures insomnia." (unsupported)
HEDGED = URIRef(f"{A}/sentence/5")
SECTION = URIRef(f"{A}/section/0")
MARKER = URIRef(f"{A}/marker/0")
HEDGE, BOOSTER = URIRef(f"{A}/cue/5-0"), URIRef(f"{A}/cue/6-0")
SOURCE = URIRef(f"{A}/source/1")
LEVEL_CUE = URIRef(f"{SOURCE}/cue/0")
RUN = URIRef(f"{A}/run")
OTHER = URIRef("https://w3id.org/claimkb/id/article/0000000000000000")
OTHER_SOURCE = URIRef(f"{OTHER}/source/1")

Break = Callable[[Graph], None]


def drop(node: URIRef, predicate: URIRef) -> Break:
    return lambda g: g.remove((node, predicate, None))


def put(node: URIRef, predicate: URIRef, value: object) -> Break:
    return lambda g: g.set((node, predicate, value))


def add(node: URIRef, predicate: URIRef, value: object) -> Break:
    return lambda g: g.add((node, predicate, value))


def other_article_source(link: tuple[URIRef, URIRef]) -> Break:
    """Link a node of this article to a well-formed source of another article."""

    def apply(g: Graph) -> None:
        g.add((OTHER, RDF.type, SCHEMA.Article))
        for p, o in (
            (RDF.type, CKB.Source),
            (DCTERMS.isPartOf, OTHER),
            (CKB.key, Literal("1")),
            (CKB.inReferenceList, Literal(True)),
            (CKB.evidenceConflict, Literal(False)),
            (CKB.evidenceLevel, CKB["level-rct"]),
        ):
            g.add((OTHER_SOURCE, p, o))
        g.add((*link, OTHER_SOURCE))

    return apply


BREAKS: list[tuple[str, Break]] = [
    ("article-text-length", drop(A, CKB.textLength)),
    ("article-content-hash", put(A, CKB.contentHash, Literal("abc"))),
    ("article-format", put(A, CKB.format, Literal("pdf"))),
    ("article-source-path", drop(A, CKB.sourcePath)),
    ("article-has-reference-list", put(A, CKB.hasReferenceList, Literal("yes"))),
    ("article-title", add(A, DCTERMS.title, Literal("A second title"))),
    ("article-run", drop(A, PROV.wasGeneratedBy)),
    ("article-url", add(A, SCHEMA.url, URIRef("https://example.org/another-address"))),
    ("run-ended-at", put(RUN, PROV.endedAtTime, Literal("yesterday"))),
    ("run-agent", drop(RUN, PROV.wasAssociatedWith)),
    ("section-title", drop(SECTION, DCTERMS.title)),
    ("section-level", put(SECTION, CKB.level, Literal(0))),
    ("section-article", drop(SECTION, DCTERMS.isPartOf)),
    ("section-parent", put(SECTION, CKB.parentSection, CLAIM)),
    ("sentence-text", drop(HEADING, SCHEMA.text)),
    ("sentence-article", put(HEADING, DCTERMS.isPartOf, SECTION)),
    ("sentence-index", put(HEADING, CKB.index, Literal("0"))),
    ("sentence-id", put(HEADING, CKB.sentenceId, Literal("x1"))),
    ("sentence-line", put(HEADING, CKB.line, Literal(0))),
    ("sentence-kind", put(HEADING, CKB.kind, Literal("opinion"))),
    ("sentence-section", add(HEDGED, CKB.inSection, URIRef(f"{A}/section/1"))),
    ("sentence-markers", add(HEADING, CKB.hasMarker, SECTION)),
    ("sentence-hedges", add(HEDGED, CKB.hasHedge, BOOSTER)),
    ("sentence-boosters", add(UNCITED, CKB.hasBooster, HEDGE)),
    ("claim-kind-typed", put(HEADING, CKB.kind, Literal("claim"))),
    ("status-only-on-claims", add(HEADING, CKB.status, CKB.supported)),
    ("claim-schema-type", lambda g: g.remove((CLAIM, RDF.type, SCHEMA.Claim))),
    ("claim-kind", put(CLAIM, CKB.kind, Literal("other"))),
    ("claim-status", put(CLAIM, CKB.status, CKB["level-rct"])),
    ("claim-status", drop(CLAIM, CKB.status)),
    ("claim-level", put(CLAIM, CKB.evidenceLevel, CKB.supported)),
    ("claim-sources", add(CLAIM, CITO.citesAsEvidence, URIRef(f"{A}/source/99"))),
    ("claim-evidence", put(UNCITED, CKB.status, CKB.supported)),
    ("claim-level-cited", add(UNCITED, CKB.evidenceLevel, CKB["level-rct"])),
    ("offset-start", put(MARKER, CKB.start, Literal(-1))),
    ("offset-end", drop(HEDGE, CKB.end)),
    ("offset-order", put(MARKER, CKB.start, Literal(200))),
    ("offset-in-article", put(URIRef(f"{A}/sentence/10"), CKB.end, Literal(10_000))),
    ("marker-text", drop(MARKER, CKB.markerText)),
    ("marker-style", put(MARKER, CKB.markerStyle, Literal("italic"))),
    ("marker-sources", drop(MARKER, CKB.refersTo)),
    ("marker-sources", add(MARKER, CKB.refersTo, URIRef(f"{A}/source/99"))),
    ("marker-sentence", lambda g: g.remove((CLAIM, CKB.hasMarker, MARKER))),
    ("cue-concept", drop(HEDGE, CKB.cue)),
    ("cue-concept", put(HEDGE, CKB.cue, Literal("suggest"))),
    ("cue-scheme", put(HEDGE, CKB.cue, CUE["mood/suggest"])),
    ("cue-scheme", put(HEDGE, CKB.cue, CKB.HedgeScheme)),
    ("cue-text", drop(BOOSTER, CKB.cueText)),
    ("cue-negated", put(BOOSTER, CKB.negated, Literal("no"))),
    ("cue-sentence", lambda g: g.remove((HEDGED, CKB.hasHedge, HEDGE))),
    ("source-key", drop(SOURCE, CKB.key)),
    ("source-level", put(SOURCE, CKB.evidenceLevel, CKB.supported)),
    ("source-level", drop(SOURCE, CKB.evidenceLevel)),
    ("source-in-reference-list", drop(SOURCE, CKB.inReferenceList)),
    ("source-conflict", put(SOURCE, CKB.evidenceConflict, Literal(1))),
    ("source-article", drop(SOURCE, DCTERMS.isPartOf)),
    ("source-level-cues", add(SOURCE, CKB.levelCue, CLAIM)),
    ("source-line", put(SOURCE, CKB.line, Literal(0))),
    ("source-year", add(SOURCE, DCTERMS.issued, Literal("2018"))),
    ("source-first-author", add(SOURCE, CKB.firstAuthor, Literal("Someone E"))),
    ("source-doi", put(SOURCE, CKB.doi, Literal("https://doi.org/10.5555/x"))),
    ("source-pmid", put(SOURCE, CKB.pmid, Literal("PMID 123"))),
    ("source-pmcid", put(SOURCE, CKB.pmcid, Literal("12345"))),
    ("cited-source-same-article", other_article_source((CLAIM, CITO.citesAsEvidence))),
    ("marked-source-same-article", other_article_source((MARKER, CKB.refersTo))),
    ("level-cue-text", drop(LEVEL_CUE, CKB.cueText)),
    ("level-cue-level", put(LEVEL_CUE, CKB.cueLevel, CKB.supported)),
    ("level-cue-basis", put(LEVEL_CUE, CKB.basis, Literal("guess"))),
    ("level-cue-sentence", put(LEVEL_CUE, PROV.wasDerivedFrom, SOURCE)),
]


def _graph() -> Graph:
    return build_graph(graded_samples.graded())


@pytest.mark.parametrize("url", ["https://example.org/cocoa-sleep", None])
def test_claimkb_graphs_conform(url: str | None) -> None:
    outcome = validate_structure(build_graph(graded_samples.graded(url)))
    assert outcome.results == ()
    assert outcome.conforms


@pytest.mark.parametrize(("rule", "breaking"), BREAKS, ids=[rule for rule, _ in BREAKS])
def test_each_shape_fires_on_a_broken_graph(rule: str, breaking: Break) -> None:
    graph = _graph()
    breaking(graph)
    outcome = validate_structure(graph)
    assert not outcome.conforms
    assert rule in {result.rule for result in outcome.results}, outcome.results


def test_every_shape_with_an_identifier_has_a_breaking_case() -> None:
    shapes = load_shapes("structure")
    identifiers = {str(i) for i in shapes.objects(None, DCTERMS.identifier)}
    assert identifiers == {rule for rule, _ in BREAKS}


def test_every_shape_speaks_to_the_user() -> None:
    shapes = load_shapes("structure")
    for shape in shapes.subjects(DCTERMS.identifier, None):
        assert shapes.value(shape, URIRef("http://www.w3.org/ns/shacl#message")), shape
        assert shapes.value(shape, URIRef("http://www.w3.org/2000/01/rdf-schema#label")), shape


def test_the_offset_check_is_added_to_the_report_graph() -> None:
    graph = _graph()
    graph.set((MARKER, CKB.end, Literal(10_000)))
    report = validate_structure(graph).report_graph
    sh = "http://www.w3.org/ns/shacl#"
    assert (None, URIRef(sh + "focusNode"), MARKER) in report
    assert (None, URIRef(sh + "conforms"), Literal(False)) in report


def test_validation_leaves_the_graph_as_it_was() -> None:
    graph = _graph()
    before = set(graph)
    validate_structure(graph)
    assert set(graph) == before


def test_offsets_are_checked_against_their_own_article_in_a_merged_graph() -> None:
    short = graded_samples.graded("https://example.org/other")
    text = short.article.text[:300]  # same sentences, but the article's text is cut short
    merged = _graph() + build_graph(
        dataclasses.replace(short, article=dataclasses.replace(short.article, text=text))
    )
    focus = {r.focus for r in validate_structure(merged).results if r.rule == "offset-in-article"}
    other = str(article_iri(short.article))
    assert focus
    assert all(str(node).startswith(f"{other}/") for node in focus)


def _in_list(shape: str) -> list[object]:
    shapes = load_shapes("structure")
    node = URIRef(f"https://w3id.org/claimkb/shapes/structure#{shape}")
    values = shapes.value(node, URIRef("http://www.w3.org/ns/shacl#in"))
    return list(Collection(shapes, values))


@pytest.mark.parametrize(
    ("shape", "expected"),
    [
        ("source-level", [level_concept(n) for n in LEVELS]),
        ("claim-level", [level_concept(n) for n in LEVELS]),
        ("level-cue-level", [level_concept(n) for n in LEVELS]),
        ("claim-status", [CKB[s] for s in STATUSES]),
        ("sentence-kind", [Literal(k) for k in KINDS]),
        ("article-format", [Literal(f) for f in FORMATS]),
    ],
)
def test_shape_value_lists_follow_the_model(shape: str, expected: list[object]) -> None:
    assert _in_list(shape) == expected


FRAGMENTS = (
    "Cocoa lowers blood pressure [1].",
    "A randomized controlled trial found that tea may improve sleep [2, 3].",
    "Studies in mice clearly prove that cocoa cures everything [4-6].",
    "Warm milk calms children [citation needed].",
    "Experts suggest that walking might help (Smith et al., 2019).",
    "Is coffee bad for you?",
    "## What the research says",
    "Subscribe to our newsletter.",
    "- Rich in fibre: oats contain beta-glucan [7].",
    "References",
    "1. Doe J. Cocoa and blood pressure. J Tests. 2018. Meta-Analysis.",
    "2) Roe A, Poe B. Tea and sleep: a randomised trial. Sleep Res. 2020;12:1-9. doi:10.5555/sr.12",
    "[3] Smith K. Animal study of tea. Lab Anim. 2017.",
    "",
)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=12),
    st.sampled_from(["\n", "\n\n", " "]),
    st.sampled_from(["txt", "md"]),
)
def test_graphs_of_any_extracted_text_conform(fragments: list[str], joiner: str, fmt: str) -> None:
    from claims import extract_text
    from sources import grade

    text = joiner.join(fragments)
    if not text.strip():
        return
    graph = build_graph(grade(extract_text(text, fmt=fmt)))
    outcome = validate_structure(graph)
    assert outcome.conforms, [format_result(r) for r in outcome.results]
