"""build_graph: deterministic IRIs, the contract's triples, and a golden graph."""

from __future__ import annotations

import dataclasses
import hashlib
import os
from pathlib import Path

import pytest
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import DCTERMS, SKOS

from kb.rdf.graph import article_iri, build_graph
from kb.rdf.vocabulary import cue_scheme_graph
from ontology import BIRO, CITO, CKB, CUE, OA, PROV, SCHEMA, cue_concept
from sources.model import Source
from tests import graded_samples

XSD_ = "http://www.w3.org/2001/XMLSchema#"
GOLDEN = Path(__file__).parent / "golden" / "cocoa.ttl"
A = article_iri(graded_samples.article())


@pytest.fixture(scope="module")
def graph() -> Graph:
    return build_graph(graded_samples.graded())


def test_article_iri_hashes_the_url_when_known() -> None:
    digest = hashlib.sha256(b"https://example.org/cocoa-sleep").hexdigest()[:16]
    assert article_iri(graded_samples.article()) == URIRef(
        f"https://w3id.org/claimkb/id/article/{digest}"
    )


def test_article_iri_hashes_the_text_without_a_url() -> None:
    article = graded_samples.article(url=None)
    digest = hashlib.sha256(article.text.encode()).hexdigest()[:16]
    assert article_iri(article) == URIRef(f"https://w3id.org/claimkb/id/article/{digest}")


def test_the_same_article_twice_gives_the_same_triples() -> None:
    first, second = build_graph(graded_samples.graded()), build_graph(graded_samples.graded())
    assert set(first) == set(second)


def test_the_graph_is_named_after_the_article(graph: Graph) -> None:
    assert graph.identifier == A


def test_a_sentence_iri_ends_in_the_number_of_its_printed_id(graph: Graph) -> None:
    """ "s14" in every report is A/sentence/14, found by its ckb:sentenceId."""
    ids = {str(o): s for s, o in graph.subject_objects(CKB.sentenceId)}
    assert len(ids) == len(graded_samples.sentences())
    for sentence_id, iri in ids.items():
        assert iri == URIRef(f"{A}/sentence/{sentence_id.removeprefix('s')}")


def test_no_blank_nodes(graph: Graph) -> None:
    assert not [t for t in graph if any(isinstance(n, BNode) for n in t)]


@pytest.mark.parametrize(
    ("subject", "predicate", "value"),
    [
        (A, RDF.type, SCHEMA.Article),
        (A, RDF.type, PROV.Entity),
        (A, DCTERMS.title, Literal("Does Cocoa Help You Sleep?")),
        (A, SCHEMA.url, URIRef("https://example.org/cocoa-sleep")),
        (A, CKB.format, Literal("txt")),
        (A, CKB.textLength, Literal(len(graded_samples.TEXT))),
        (A, CKB.hasReferenceList, Literal(True)),
        (A, PROV.wasGeneratedBy, URIRef(f"{A}/run")),
        (URIRef(f"{A}/run"), PROV.wasAssociatedWith, CKB.claimkb),
        (URIRef(f"{A}/run"), PROV.used, A),
        (URIRef(f"{A}/sentence/2"), RDF.type, SCHEMA.Claim),
        (URIRef(f"{A}/sentence/2"), RDF.type, CKB.Claim),
        (URIRef(f"{A}/sentence/2"), CKB.status, CKB.supported),
        (URIRef(f"{A}/sentence/2"), CITO.citesAsEvidence, URIRef(f"{A}/source/1")),
        (URIRef(f"{A}/sentence/2"), CKB.evidenceLevel, CKB["level-systematic-review"]),
        (URIRef(f"{A}/sentence/5"), CKB.status, CKB["weakly-supported"]),
        (URIRef(f"{A}/sentence/7"), CKB.editorFlag, Literal("citation-needed")),
        (URIRef(f"{A}/sentence/1"), CKB.kind, Literal("heading")),
        (URIRef(f"{A}/sentence/4"), CKB.inSection, URIRef(f"{A}/section/0")),
        (URIRef(f"{A}/sentence/9"), CKB.inSection, URIRef(f"{A}/section/1")),
        (URIRef(f"{A}/sentence/4"), CKB.hasMarker, URIRef(f"{A}/marker/1")),
        (URIRef(f"{A}/marker/1"), CKB.refersTo, URIRef(f"{A}/source/2")),
        (URIRef(f"{A}/marker/1"), CKB.markerText, Literal("[1, 2]")),
        (URIRef(f"{A}/sentence/2"), CKB.start, Literal(graded_samples.sentences()[1].start)),
        (URIRef(f"{A}/sentence/2"), SCHEMA.text, Literal(graded_samples.sentences()[1].text)),
        (URIRef(f"{A}/sentence/5"), CKB.hasHedge, URIRef(f"{A}/cue/5-1")),
        (URIRef(f"{A}/cue/5-1"), CKB.cue, CUE["hedge/may"]),
        (URIRef(f"{A}/sentence/6"), CKB.hasBooster, URIRef(f"{A}/cue/6-0")),
        (URIRef(f"{A}/source/1"), CKB.key, Literal("1")),
        (URIRef(f"{A}/source/1"), BIRO.references, URIRef("https://doi.org/10.5555/jdt.2017.014")),
        (URIRef(f"{A}/source/1"), DCTERMS.issued, Literal("2017", datatype=URIRef(XSD_ + "gYear"))),
        (URIRef(f"{A}/source/1"), CKB.firstAuthor, Literal("Moreau A")),
        (URIRef(f"{A}/source/1"), CKB.publicationType, Literal("Meta-Analysis")),
        (URIRef(f"{A}/source/3"), CKB.inReferenceList, Literal(False)),
        (URIRef(f"{A}/source/3"), CKB.evidenceLevel, CKB["level-animal"]),
        (URIRef(f"{A}/source/3/cue/0"), PROV.wasDerivedFrom, URIRef(f"{A}/sentence/5")),
        (URIRef(f"{A}/source/3/cue/0"), CKB.basis, Literal("citing-sentence")),
    ],
)
def test_contract_triples(graph: Graph, subject: URIRef, predicate: URIRef, value: object) -> None:
    assert (subject, predicate, value) in graph


@pytest.mark.parametrize(
    ("subject", "predicate"),
    [
        (URIRef(f"{A}/sentence/1"), CKB.status),  # non-claims have no status
        (URIRef(f"{A}/sentence/2"), OA.hasSelector),  # anchors come from web-annotations.rq
        (URIRef(f"{A}/sentence/6"), CKB.evidenceLevel),  # no source, no level
        (URIRef(f"{A}/run"), PROV.endedAtTime),  # only when generated_at is given
        (URIRef(f"{A}/source/3"), DCTERMS.bibliographicCitation),  # no reference entry
    ],
)
def test_absent_triples(graph: Graph, subject: URIRef, predicate: URIRef) -> None:
    assert (subject, predicate, None) not in graph


def test_generated_at_is_the_run_end_time() -> None:
    graph = build_graph(graded_samples.graded(), generated_at="2024-05-01T12:00:00Z")
    value = graph.value(URIRef(f"{A}/run"), PROV.endedAtTime)
    assert value == Literal("2024-05-01T12:00:00Z", datatype=URIRef(XSD_ + "dateTime"))


def test_source_keys_are_quoted_in_iris() -> None:
    graded = graded_samples.graded()
    extra = Source("Smith 2019/a", None, "unknown", (), False, ())
    graph = build_graph(dataclasses.replace(graded, sources=(*graded.sources, extra)))
    assert (URIRef(f"{A}/source/Smith%202019%2Fa"), CKB.key, Literal("Smith 2019/a")) in graph


def test_sections_nest_and_reopen() -> None:
    graded = graded_samples.graded()
    paths = [("A",), ("A", "B"), ("A",), ("C",), ("A",)]
    sentences = tuple(
        dataclasses.replace(s, section=path)
        for s, path in zip(graded.article.sentences, paths, strict=False)
    )
    article = dataclasses.replace(graded.article, sentences=sentences)
    graph = build_graph(dataclasses.replace(graded, article=article, grades=(), sources=()))
    section = [graph.value(URIRef(f"{A}/sentence/{i}"), CKB.inSection) for i in range(1, 6)]
    assert section[0] == section[2] != section[4]  # "A" again after "C" is a new section
    assert graph.value(section[1], CKB.parentSection) == section[0]
    assert graph.value(section[3], DCTERMS.title) == Literal("C")
    assert graph.value(section[1], CKB.level) == Literal(2)
    assert len(set(graph.subjects(RDF.type, CKB.Section))) == 4


def test_a_repeated_heading_opens_a_new_section() -> None:
    graded = graded_samples.graded()
    paths = [(), ("X",), (), ("X",)]  # heading X, its text, heading X again, its text
    sentences = tuple(
        dataclasses.replace(s, section=path)
        for s, path in zip(graded.article.sentences, paths, strict=False)
    )
    article = dataclasses.replace(graded.article, sentences=sentences)
    graph = build_graph(dataclasses.replace(graded, article=article, grades=(), sources=()))
    first = graph.value(URIRef(f"{A}/sentence/2"), CKB.inSection)
    second = graph.value(URIRef(f"{A}/sentence/4"), CKB.inSection)
    assert first is not None
    assert second is not None
    assert first != second
    assert graph.value(URIRef(f"{A}/sentence/3"), CKB.inSection) is None


def test_golden_graph(graph: Graph) -> None:
    if os.environ.get("CLAIMKB_UPDATE_GOLDEN"):
        GOLDEN.write_text(graph.serialize(format="turtle"), "utf-8")
    expected = Graph().parse(GOLDEN, format="turtle")
    if not isomorphic(graph, expected):
        _, only_built, only_golden = graph_diff(to_isomorphic(graph), to_isomorphic(expected))
        pytest.fail(
            "the graph differs from tests/golden/cocoa.ttl "
            "(rerun with CLAIMKB_UPDATE_GOLDEN=1 if the change is intended)\n"
            f"only in the built graph:\n{only_built.serialize(format='nt')}\n"
            f"only in the golden file:\n{only_golden.serialize(format='nt')}"
        )


def test_the_lexicon_scheme_has_one_concept_per_entry() -> None:
    from claims.certainty import LEXICONS
    from claims.lexicon import rows

    schemes = cue_scheme_graph()
    for kind, lexicon in LEXICONS.items():  # weasel and peacock templates included
        entries = {row[0] for row in rows(lexicon)}
        concepts = set(schemes.subjects(SKOS.inScheme, CKB[f"{kind.title()}Scheme"]))
        assert len(concepts) == len(entries)  # no two entries share a slug
        for concept in concepts:
            assert len(list(schemes.objects(concept, SKOS.prefLabel))) == 1


def test_cues_in_an_article_graph_are_lexicon_concepts() -> None:
    from claims import extract_path
    from sources import grade

    example = Path(__file__).parent.parent / "examples" / "green-tea-memory.txt"
    graph = build_graph(grade(extract_path(example)))
    used = set(graph.objects(None, CKB.cue))
    assert used
    assert used <= set(cue_scheme_graph().subjects(SKOS.prefLabel, None))


def test_what_is_the_same_for_every_article_is_left_to_the_vocabulary_graph(graph: Graph) -> None:
    """Cue concepts and the software agent are described once, in the vocabulary graph; an
    article graph only points at them, so the union of many articles holds them once."""
    assert set(graph.objects(None, CKB.cue))
    assert not set(graph.subjects(RDF.type, SKOS.Concept))
    assert not set(graph.triples((CKB.claimkb, None, None)))
    assert (URIRef(f"{A}/run"), PROV.wasAssociatedWith, CKB.claimkb) in graph


def test_templated_cues_are_their_template_concept() -> None:
    """ "Several critics" and "many scholars" are wordings of one weasel template: each
    occurrence keeps its words as ckb:cueText, and its ckb:cue is the template's concept."""
    from claims import extract_text
    from sources import grade

    text = "Critics\n\nSeveral critics praised it. Many scholars disagree with them.\n"
    graph = build_graph(grade(extract_text(text)))
    template = cue_concept("weasel", "{vague} {authority-plural}")
    words = {str(graph.value(o, CKB.cueText)) for o in graph.subjects(CKB.cue, template)}
    assert words == {"Several critics", "Many scholars"}
    assert template in set(cue_scheme_graph().subjects(SKOS.inScheme, CKB.WeaselScheme))
