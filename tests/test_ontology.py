"""The Turtle vocabulary and the Python namespace agree, and the SKOS schemes are complete."""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.namespace import OWL, SKOS

from ontology import CKB, ckb_terms, cue_concept, level_concept, load_ontology, status_concept
from sources.model import LEVELS, STATUSES

ONTOLOGY = load_ontology()


def _defined_in_turtle() -> set[URIRef]:
    return {s for s in ONTOLOGY.subjects(RDF.type, None) if isinstance(s, URIRef) and s in CKB}


def test_every_python_term_is_defined_in_the_turtle() -> None:
    assert ckb_terms() - _defined_in_turtle() == set()


def test_every_turtle_term_is_listed_in_python() -> None:
    assert _defined_in_turtle() - ckb_terms() == set()


@pytest.mark.parametrize("term", sorted(ckb_terms()), ids=lambda t: t.split("#")[-1])
def test_every_term_has_a_label_and_a_comment(term: URIRef) -> None:
    assert (term, RDFS.label, None) in ONTOLOGY
    assert (term, RDFS.comment, None) in ONTOLOGY


def test_the_ontology_has_a_title_version_and_description() -> None:
    ontology = next(ONTOLOGY.subjects(RDF.type, OWL.Ontology))
    for predicate in ("title", "description"):
        assert ONTOLOGY.value(ontology, URIRef(f"http://purl.org/dc/terms/{predicate}"))
    assert ONTOLOGY.value(ontology, OWL.versionInfo)


def test_cites_as_evidence_is_a_kind_of_cites() -> None:
    cito = "http://purl.org/spar/cito/"
    assert (URIRef(cito + "citesAsEvidence"), RDFS.subPropertyOf, URIRef(cito + "cites")) in (
        ONTOLOGY
    )


def test_a_claim_is_a_schema_claim_and_a_sentence() -> None:
    supers = set(ONTOLOGY.objects(CKB.Claim, RDFS.subClassOf))
    assert supers == {URIRef("https://schema.org/Claim"), CKB.Sentence}


@pytest.mark.parametrize(("rank", "notation"), list(enumerate(LEVELS, start=1)))
def test_evidence_levels_follow_the_model_order(rank: int, notation: str) -> None:
    concept = level_concept(notation)
    assert (concept, SKOS.inScheme, CKB.EvidenceScale) in ONTOLOGY
    assert ONTOLOGY.value(concept, SKOS.notation) == Literal(notation)
    assert ONTOLOGY.value(concept, CKB.rank).toPython() == rank
    assert ONTOLOGY.value(concept, SKOS.prefLabel) is not None
    assert ONTOLOGY.value(concept, SKOS.definition) is not None


def test_the_evidence_scale_has_exactly_the_model_levels() -> None:
    members = set(ONTOLOGY.subjects(SKOS.inScheme, CKB.EvidenceScale))
    assert members == {level_concept(n) for n in LEVELS}


@pytest.mark.parametrize("status", STATUSES)
def test_statuses_are_concepts_with_their_string_as_notation(status: str) -> None:
    concept = status_concept(status)
    assert (concept, SKOS.inScheme, CKB.SupportStatusScheme) in ONTOLOGY
    assert ONTOLOGY.value(concept, SKOS.notation) == Literal(status)


@pytest.mark.parametrize(
    ("kind", "entry", "iri"),
    [
        ("hedge", "may", "https://w3id.org/claimkb/ns/cue/hedge/may"),
        ("hedge", "is thought to", "https://w3id.org/claimkb/ns/cue/hedge/is-thought-to"),
        (
            "booster",
            "The evidence is clear",
            "https://w3id.org/claimkb/ns/cue/booster/the-evidence-is-clear",
        ),
        ("booster", "well-established", "https://w3id.org/claimkb/ns/cue/booster/well-established"),
    ],
)
def test_cue_concepts_are_slugs_of_the_lexicon_entry(kind: str, entry: str, iri: str) -> None:
    assert cue_concept(kind, entry) == URIRef(iri)


def test_an_unknown_term_fails_loudly() -> None:
    with pytest.raises(AttributeError):
        _ = CKB.evidenceLvl


def test_the_ontology_version_is_the_package_version() -> None:
    from kb.version import __version__

    ontology = next(ONTOLOGY.subjects(RDF.type, OWL.Ontology))
    assert str(ONTOLOGY.value(ontology, OWL.versionInfo)) == __version__
