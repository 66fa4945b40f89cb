"""kb.rdf.parts: an article checked in parts finds what the check of its whole graph finds.

Every fixture article is cut into parts of 20 triples (a sentence or a source each, mostly)
and audited part by part; the findings, and the SHACL results, must be those of the whole.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SH, SKOS

from claims.extract import extract_path
from kb.audit import article as audit_module
from kb.audit.article import audit_article, audit_graph, load_audit_shapes
from kb.rdf.graph import ArticleNodes, article_triples, build_graph
from kb.rdf.parts import graph_parts
from sources import grade
from sources.model import GradedArticle
from tests import graded_samples
from tests.shacl_reports import audited as shacl_audited
from tests.shacl_reports import report_graph

FIXTURES = Path(__file__).parent / "fixtures" / "articles"
ARTICLES = sorted(p for p in FIXTURES.iterdir() if p.with_suffix(".gold.json").is_file())
TINY = 20


@cache
def graded(name: str) -> GradedArticle:
    return grade(extract_path(FIXTURES / name))


def test_every_fixture_article_is_here() -> None:
    assert len(ARTICLES) >= 20


@pytest.mark.parametrize("name", [p.name for p in ARTICLES])
def test_findings_in_tiny_parts_are_the_whole_graphs(name: str) -> None:
    article = graded(name)
    whole, whole_report = audit_graph(build_graph(article), load_audit_shapes())
    (audited,), text = shacl_audited([article], part_size=TINY)
    assert Counter(audited.findings) == Counter(whole)
    assert audited.findings == whole  # and in the same order
    report = Graph().parse(data=text, format="turtle")
    results = report.subjects(RDF.type, SH.ValidationResult)
    assert len(set(results)) == len(set(whole_report.subjects(RDF.type, SH.ValidationResult)))


@pytest.mark.parametrize("name", [p.name for p in ARTICLES])
def test_the_parts_hold_the_whole_graph_and_nothing_else(name: str) -> None:
    article = graded(name)
    parts = list(graph_parts(ArticleNodes(article), TINY))
    whole = set(article_triples(article))
    assert len(parts) > 2
    assert set().union(*parts) == whole
    article_node = parts[0][0][0]
    typed = Counter(
        t
        for part in parts
        for t in part
        if t[1] == RDF.type and t[0] != article_node and t[2] != SKOS.Concept
    )
    assert set(typed.values()) == {1}  # each sentence, marker, cue, source: in one part only


def test_a_part_is_cut_before_the_piece_that_would_take_it_over_the_size() -> None:
    article = graded_samples.graded()
    sizes = [len(part) for part in graph_parts(ArticleNodes(article), 40)]
    assert len(sizes) > 1
    # only a part holding a single piece (a sentence or source) goes over the size
    singles = [size for size in sizes if size > 40]
    assert len(singles) <= len(sizes) and sum(sizes) >= len(article_triples(article))


def test_a_findings_report_of_several_parts_is_one_report() -> None:
    report = report_graph(graded_samples.graded(), part_size=TINY)
    roots = list(report.subjects(RDF.type, SH.ValidationReport))
    assert len(roots) == 1
    conforms = report.value(roots[0], SH.conforms)
    assert conforms is not None and not conforms.toPython()


def test_a_source_rule_on_a_source_cited_from_many_parts_reports_it_once() -> None:
    """Source 2 links to no web address and is cited by s4, in a part of its own."""
    sample = graded_samples.graded()
    two = sample.sources[1]
    assert two.reference is not None
    data = replace(two.reference.data, url="see the printed journal")
    broken = replace(two, reference=replace(two.reference, data=data), conflict=True)
    article = replace(sample, sources=(sample.sources[0], broken, *sample.sources[2:]))
    whole, _ = audit_graph(build_graph(article), load_audit_shapes())
    audited = audit_article(article, part_size=TINY)
    rules = [f.rule for f in audited.findings]
    assert rules.count("unusable-link") == rules.count("evidence-conflict") == 1
    assert audited.findings == whole


def test_each_part_is_freed_before_the_next_and_the_collector_is_left_as_it_was() -> None:
    """A part's graph is held in reference cycles: it is collected after each part, not when
    the collector gets round to it (memory in proportion to the article), and the objects
    frozen meanwhile are unfrozen, whether the audit ends or fails."""
    import gc
    import weakref

    from kb.rdf import parts

    graded = graded_samples.graded()
    seen: list[weakref.ref[object]] = []
    alive_at_each_part: list[int] = []
    real_graph_of = audit_module.graph_of

    def graph_of(*args: object, **kwargs: object) -> object:
        alive_at_each_part.append(sum(ref() is not None for ref in seen))
        graph = real_graph_of(*args, **kwargs)  # type: ignore[arg-type]
        seen.append(weakref.ref(graph))
        return graph

    frozen, enabled = gc.get_freeze_count(), gc.isenabled()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(audit_module, "graph_of", graph_of)
        tiny = audit_article(graded, part_size=20)
    assert len(seen) > 3
    assert alive_at_each_part == [0] * len(seen)
    assert tiny.findings == audit_article(graded).findings
    assert (gc.get_freeze_count(), gc.isenabled()) == (frozen, enabled)
    with pytest.raises(RuntimeError), parts.part_garbage_freed():
        raise RuntimeError
    assert gc.get_freeze_count() == frozen
