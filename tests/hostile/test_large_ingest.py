"""An article whose graph passes WHOLE_TRIPLES (or MAX_TRIPLES) is ingested, checked and written
in parts, in memory that follows the part, not the article's graph.

The limit is lowered here so that a small article is "too large"; what lands must be the graph
the whole-graph path lands, and the structure check in parts must find what the whole check
finds, no more (every fixture conforms in parts of 20 triples) and no less (a broken graph).
"""

from __future__ import annotations

import tracemalloc
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF
from rdflib.namespace import DCTERMS

import kb.ingest.large
import kb.rdf.graph
from claims.extract import extract_path
from kb.cli import main
from kb.ingest.pipeline import Built, build_article
from kb.rdf.graph import (
    ArticleNodes,
    article_triples,
    build_graph,
    graph_pieces,
    sentence_stub,
    sentence_triples,
)
from kb.store.embedded import EmbeddedStore
from kb.validate.structure import validate_structure
from kb.validate.structure_parts import structure_violations_in_parts
from sources import grade
from sources.model import GradedArticle

FIXTURES = Path(__file__).parent.parent / "fixtures" / "articles"
ARTICLES = sorted(p for p in FIXTURES.iterdir() if p.with_suffix(".gold.json").is_file())
PARAGRAPH = (
    "A randomized trial found that daily walking lowers blood pressure [1]. Some say it may "
    "help sleep too [2].\n\n"
)
REFERENCES = "References\n\n1. Walker A. Walking trial. J Walk. 2019.\n2. Sleeper B. Sleep. 2020.\n"


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "walking.txt"
    path.write_text("Walking\n\n" + PARAGRAPH * 30 + REFERENCES, encoding="utf-8")
    return path


def ingest(article: Path, kb: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["ingest", "--jobs", "1", "--kb", str(kb), str(article)])
    return result.exit_code, result.output


def stored(kb: Path) -> set[str]:
    store = EmbeddedStore(str(kb), read_only=True)
    try:
        (info,) = store.articles()
        return set(store.article_ntriples(info.iri).splitlines())
    finally:
        store.close()


def test_an_article_past_the_triple_limit_lands_whole(
    article: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole_code, whole_output = ingest(article, tmp_path / "whole")
    total = len(article_triples(grade(extract_path(article))))
    monkeypatch.setattr(kb.rdf.graph, "MAX_TRIPLES", total // 4)
    code, output = ingest(article, tmp_path / "parts")
    assert code == whole_code == 0, output
    assert f"{total} triples" in output and f"{total} triples" in whole_output
    assert stored(tmp_path / "parts") == stored(tmp_path / "whole")
    # ingested again: the stored graph is replaced, not doubled
    assert ingest(article, tmp_path / "parts")[0] == 0
    assert stored(tmp_path / "parts") == stored(tmp_path / "whole")


def test_the_spooled_graph_is_removed_after_it_landed(
    article: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spool = tmp_path / "tmp"
    spool.mkdir()
    monkeypatch.setenv("TMPDIR", str(spool))
    monkeypatch.setattr("tempfile.tempdir", None)
    monkeypatch.setattr(kb.rdf.graph, "MAX_TRIPLES", 100)
    assert ingest(article, tmp_path / "kb")[0] == 0
    assert list(spool.iterdir()) == []


def traced_build(article: Path, spool: Path) -> tuple[Built, float]:
    """Return the article built (not checked) and the peak of memory it took (tracemalloc)."""
    tracemalloc.start()
    try:
        built = build_article(str(article), validate=False, spool=str(spool))
        return built, tracemalloc.get_traced_memory()[1]  # type: ignore[return-value]
    finally:
        tracemalloc.stop()


def test_a_large_article_is_built_in_the_memory_of_a_piece_not_of_its_graph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = tmp_path / "long.txt"
    article.write_text("Walking\n\n" + PARAGRAPH * 1500 + REFERENCES, encoding="utf-8")
    monkeypatch.setattr(kb.ingest.large, "WHOLE_TRIPLES", 10**9)
    build_article(str(article), validate=False)  # caches and compiled patterns, out of the peaks
    whole, whole_peak = traced_build(article, tmp_path)
    assert not whole.spooled and whole.triples > 100_000
    monkeypatch.setattr(kb.ingest.large, "WHOLE_TRIPLES", 1_000)
    parts, parts_peak = traced_build(article, tmp_path)
    assert parts.spooled and parts.triples == whole.triples
    # the graph is never gathered: what stays is the extracted article and one piece
    assert parts_peak < whole_peak / 2, (parts_peak, whole_peak)


@pytest.mark.parametrize("name", [p.name for p in ARTICLES])
def test_every_fixture_meets_the_structure_shapes_in_tiny_parts(name: str) -> None:
    graded = grade(extract_path(FIXTURES / name))
    nodes = ArticleNodes(graded)
    assert list(structure_violations_in_parts(nodes, 20)) == []
    # the pieces written to the file are the graph, each triple once
    pieces = [t for piece in graph_pieces(nodes) for t in piece]
    assert len(pieces) == len(set(pieces)) == len(article_triples(graded))


@pytest.mark.parametrize("name", [p.name for p in ARTICLES])
def test_a_sentence_stub_is_its_type_and_membership_triples(name: str) -> None:
    nodes = ArticleNodes(grade(extract_path(FIXTURES / name)))
    kinds = set()
    for sentence in nodes.graded.article.sentences:
        iri = nodes.sentence_iris[sentence.id]
        whole = sentence_triples(nodes, sentence)
        stub = [t for t in whole if t[0] == iri and t[1] in (RDF.type, DCTERMS.isPartOf)]
        assert sentence_stub(nodes, sentence) == stub
        kinds.add(sentence.kind)
    assert "claim" in kinds and len(kinds) > 1


def broken(graded: GradedArticle) -> GradedArticle:
    """Return the article with its last sentence ending past the text and one sentence empty."""
    sentences = list(graded.article.sentences)
    length = len(graded.article.text)
    sentences[-1] = replace(sentences[-1], end=length + 5)
    sentences[0] = replace(sentences[0], text="")
    return replace(graded, article=replace(graded.article, sentences=tuple(sentences)))


@pytest.mark.parametrize("name", [p.name for p in ARTICLES[:6]])
def test_a_broken_graph_breaks_the_same_rules_in_parts(name: str) -> None:
    graded = broken(grade(extract_path(FIXTURES / name)))
    whole = validate_structure(build_graph(graded)).results
    parts = structure_violations_in_parts(ArticleNodes(graded), 20)
    expected = {(r.rule, r.focus) for r in whole if r.severity == "violation"}
    assert len(expected) >= 2
    assert {(r.rule, r.focus) for r in parts} == expected
