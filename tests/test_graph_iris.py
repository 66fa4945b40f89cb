"""IRIs minted from article data: valid for both SHACL engines and Oxigraph, or kept as text.

One bad link in a reference list once made pyshacl-turbo reject the whole graph and the audit
stop. Whatever an article prints (links, DOIs, PMIDs, titles, source keys), its graph loads in
Oxigraph, conforms to the structure shapes and is audited by both engines.
"""

from __future__ import annotations

from dataclasses import replace

import pyoxigraph
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef

from claims.extract import extract_text
from claims.model import ReferenceData
from kb.audit.article import audit_article, audit_graph, load_audit_shapes
from kb.errors import ShaclEngineFailed
from kb.rdf.graph import build_graph
from kb.rdf.iri import web_iri
from kb.rdf.ntriples import ntriples
from kb.validate.engine import with_fallback
from kb.validate.structure import validate_structure
from ontology import SCHEMA
from shapes import load_shapes
from sources import grade
from tests import graded_samples

ENGINES = ("pyshacl", "turbo")
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize(
    ("printed", "iri"),
    [
        ("www.statsoft.com", "http://www.statsoft.com"),
        ("WWW.Example.org/a/b?c=1", "http://WWW.Example.org/a/b?c=1"),
        ("https://example.org/a b", "https://example.org/a%20b"),
        ("https://example.org/100%pure", "https://example.org/100%25pure"),
        ("https://example.org/a%20b", "https://example.org/a%20b"),
        ("https://example.org/p#one#two", "https://example.org/p#one%23two"),
        ("https://example.org/x?a[]=1|2", "https://example.org/x?a%5B%5D=1%7C2"),
        ("https://example.org/{id}", "https://example.org/%7Bid%7D"),
        ("http://[2001:db8::1]/x", "http://[2001:db8::1]/x"),
        ("https://example.org/Köln", "https://example.org/K%C3%B6ln"),
    ],
)
def test_a_web_address_becomes_a_valid_iri(printed: str, iri: str) -> None:
    assert web_iri(printed) == iri
    pyoxigraph.NamedNode(iri)  # raises on an invalid IRI


@pytest.mark.parametrize(
    "printed",
    ["statsoft.com", "www.x", "http://", "http:// example.org", "http://host:port/page", "mailto"],
)
def test_what_is_not_clearly_a_web_address_is_refused(printed: str) -> None:
    assert web_iri(printed) is None


def test_a_reference_link_without_a_scheme_no_longer_stops_the_audit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = (
        "Regression trees separate the groups well [1].\n\n"
        "References\n"
        "1. Hill T, Lewicki P. Statistics: methods and applications. 2007. "
        "Available: www.statsoft.com.\n"
    )
    for engine in ENGINES:
        monkeypatch.setenv("CLAIMKB_SHACL_ENGINE", engine)
        result = audit_article(grade(extract_text(text)))
        assert URIRef("http://www.statsoft.com") in set(result.graph.objects(None, SCHEMA.url))
        assert "unusable-link" not in {f.rule for f in result.findings}


def test_a_link_that_cannot_be_an_iri_is_text_and_a_warning_on_its_reference(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = (
        "Regression trees separate the groups well [1].\n\n"
        "References\n"
        "1. Hill T. Statistics. 2007. Available: http://host:port/page.\n"
    )
    for engine in ENGINES:
        monkeypatch.setenv("CLAIMKB_SHACL_ENGINE", engine)
        result = audit_article(grade(extract_text(text)))
        assert Literal("http://host:port/page") in set(result.graph.objects(None, SCHEMA.url))
        [finding] = [f for f in result.findings if f.rule == "unusable-link"]
        assert (finding.severity, finding.source_key, finding.line) == ("warning", "1", 4)
        assert validate_structure(result.graph, engine).conforms


# -- property: arbitrary printed data never breaks the graph -------------------------------

#: Pieces of links, identifiers and titles, including what IRIs cannot hold.
PIECES = (
    "http://", "https://", "www.", "ftp://", "doi.org/", "example.org", ".com", "/", "?", "#",
    "%", "%2", "%zz", "[", "]", "{", "}", "|", "\\", "^", "`", "<", ">", '"', "'", " ", ":",
    "@", "&", "=", "+", ";", ",", ".", "-", "_", "~", "é", "中", "\u00a0", "\u200b", "\x7f",
    "10.1162/NECO_a_00463", "10.1000/a<b>", "PMID: 123", "PMC99", "Who shares? Who doesn't?",
)  # fmt: skip
printed = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=40),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=5)), max_size=12).map("".join),
)


@SETTINGS
@given(url=printed, doi=printed, pmid=printed, title=printed, key=printed, article_url=printed)
def test_any_printed_reference_data_gives_a_graph_every_tool_reads(
    url: str, doi: str, pmid: str, title: str, key: str, article_url: str
) -> None:
    graded = graded_samples.graded(url=article_url or None)
    data = ReferenceData(
        authors=(title,), title=title, container=title, doi=doi, pmid=pmid, pmcid=pmid, url=url
    )
    first = graded.sources[0]
    key = key.strip() or "k"  # references_of never keys an entry with blank text
    key = key if key not in {s.key for s in graded.sources} else f"{key}+"
    reference = replace(first.reference, key=key, text=title, data=data)
    printed_source = replace(first, key=key, reference=reference, cited_by=())
    graph = build_graph(replace(graded, sources=(*graded.sources, printed_source)))
    _check_every_tool(graph)


@SETTINGS
@given(entries=st.lists(printed, min_size=1, max_size=4))
@example(entries=["", ":²:³"])  # raised numbers in an entry that cite no entry
def test_any_printed_reference_entry_is_audited_by_both_engines(entries: list[str]) -> None:
    lines = [" ".join(e.split()) for e in entries]
    text = "A claim cites the first entry [1].\n\nReferences\n" + "".join(
        f"{n}. {line} Available: {line}\n" for n, line in enumerate(lines, start=1)
    )
    _check_every_tool(build_graph(grade(extract_text(text))))


def _check_every_tool(graph: Graph) -> None:
    """Assert Oxigraph loads the graph, and each engine itself (no fallback) reads it: the
    structure shapes hold and the audit shapes run."""
    import pyshacl
    import pyshacl_turbo

    store = pyoxigraph.Store()
    store.load(ntriples(list(graph)).encode("utf-8"), pyoxigraph.RdfFormat.N_TRIPLES)
    for engine in (pyshacl, pyshacl_turbo):
        conforms, _, text = engine.validate(graph, shacl_graph=load_shapes("structure"))
        assert conforms, text
        engine.validate(graph, shacl_graph=load_audit_shapes(), advanced=True)


# -- an engine that fails is reported as itself --------------------------------------------


def test_a_graph_turbo_cannot_read_is_checked_by_pyshacl(monkeypatch: pytest.MonkeyPatch) -> None:
    graph = build_graph(graded_samples.graded())
    graph.add((URIRef("www.example.org"), SCHEMA.name, Literal("made by hand, not by claimkb")))
    monkeypatch.setenv("CLAIMKB_SHACL_ENGINE", "turbo")
    findings, _ = audit_graph(graph, load_audit_shapes())
    assert "overclaim" in {f.rule for f in findings}  # the sample's "definitely cures"
    assert validate_structure(graph).conforms


def test_an_engine_failure_names_the_engine_not_a_shapes_file() -> None:
    def failing(engine: str) -> None:
        raise ValueError(f"{engine} broke on line 1\nsecond line")

    with pytest.raises(ShaclEngineFailed) as caught:
        with_fallback(failing, "turbo", "the article's graph")
    message = str(caught.value)
    assert message.startswith("the SHACL engine turbo could not check the article's graph: ")
    assert "turbo broke on line 1 second line" in message
    assert "CLAIMKB_SHACL_ENGINE=pyshacl" in message
    assert "shape" not in message
