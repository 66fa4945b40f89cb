"""The Python API: KnowledgeBase(path).ingest(...), .query(...), .graph(...), DataFrames."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb import KnowledgeBase
from kb.cli import main
from tests.kb_articles import write_articles

CLAIMS_BY_STATUS = """
SELECT ?status (COUNT(?claim) AS ?claims) WHERE {
  GRAPH ?article { ?claim ckb:status ?s }
  BIND(STRAFTER(STR(?s), "#") AS ?status)
} GROUP BY ?status ORDER BY ?status
"""


@pytest.fixture
def knowledge_base(tmp_path: Path) -> KnowledgeBase:
    """Return a knowledge base holding four generated articles."""
    write_articles(tmp_path / "articles", 4)
    kb = KnowledgeBase(tmp_path / "kb")
    report = kb.ingest(tmp_path / "articles", jobs=1)
    assert report.articles == 4
    return kb


def test_query_gives_rows_of_plain_values(knowledge_base: KnowledgeBase) -> None:
    rows = knowledge_base.query(CLAIMS_BY_STATUS)
    assert rows == [{"status": "supported", "claims": 16}, {"status": "unsupported", "claims": 4}]
    assert rows.variables == ("status", "claims")


UNION_QUERIES = [
    'SELECT ?status (COUNT(?c) AS ?claims) WHERE { ?c ckb:status ?s BIND(STRAFTER(STR(?s), "#") '
    "AS ?status) } GROUP BY ?status ORDER BY ?status",
    "SELECT ?name (COUNT(?c) AS ?claims) WHERE { ?c ckb:status ?s . ?s skos:prefLabel ?name } "
    "GROUP BY ?name ORDER BY ?name",
]


@pytest.mark.parametrize("sparql", UNION_QUERIES)
def test_query_gives_the_rows_claimkb_query_gives(
    knowledge_base: KnowledgeBase, sparql: str
) -> None:
    """Over the union default graph, article triples joined to the vocabulary graph's."""
    knowledge_base.close()  # the command opens the store as it would beside a notebook's
    result = CliRunner().invoke(
        main, ["query", "--kb", knowledge_base.location, "--format", "csv", sparql]
    )
    assert result.exit_code == 0, result.output
    command_rows = list(csv.DictReader(io.StringIO(result.stdout)))
    rows = knowledge_base.query(sparql)
    assert command_rows
    assert [{name: str(value) for name, value in row.items()} for row in rows] == command_rows


def test_query_to_dataframe(knowledge_base: KnowledgeBase) -> None:
    pytest.importorskip("pandas")
    frame = knowledge_base.query(CLAIMS_BY_STATUS).to_dataframe()
    assert list(frame.columns) == ["status", "claims"]
    assert frame["claims"].sum() == 20


@pytest.mark.parametrize(
    ("sparql", "expected"),
    [
        ("ASK { GRAPH ?a { ?c a ckb:Claim } }", True),
        ("ASK { GRAPH ?a { ?c ckb:status ckb:weakly-supported } }", False),
    ],
)
def test_ask_gives_a_bool(knowledge_base: KnowledgeBase, sparql: str, expected: bool) -> None:
    assert knowledge_base.query(sparql) is expected


def test_construct_gives_an_rdflib_graph(knowledge_base: KnowledgeBase) -> None:
    graph = knowledge_base.query(
        "CONSTRUCT { ?c a ckb:Claim } WHERE { GRAPH ?a { ?c a ckb:Claim } }"
    )
    assert len(graph) == 20


def test_graph_of_one_article_by_path_or_iri(knowledge_base: KnowledgeBase, tmp_path: Path) -> None:
    path = tmp_path / "articles" / "article-000.md"
    by_path = knowledge_base.graph(path)
    (info,) = [a for a in knowledge_base.articles() if a.source == path.name]  # as ingested
    by_iri = knowledge_base.graph(info.iri)
    assert len(by_path) == len(by_iri) > 50
    assert set(by_path) == set(by_iri)


def test_stats_remove_dump_and_load(knowledge_base: KnowledgeBase, tmp_path: Path) -> None:
    assert knowledge_base.stats().articles == 4
    knowledge_base.dump(tmp_path / "all.nq", "nquads")
    assert knowledge_base.remove(tmp_path / "articles" / "article-001.md") is True
    assert knowledge_base.stats().articles == 3
    assert knowledge_base.load(tmp_path / "all.nq") == 4
    assert knowledge_base.stats().articles == 4


def test_location_defaults_to_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLAIMKB_KB", str(tmp_path / "env-kb"))
    assert KnowledgeBase().location == str(tmp_path / "env-kb")
    monkeypatch.delenv("CLAIMKB_KB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert KnowledgeBase().location == str(tmp_path / "xdg" / "claimkb" / "kb")


def test_close_releases_the_store_for_another_writer(tmp_path: Path) -> None:
    write_articles(tmp_path / "articles", 1)
    with KnowledgeBase(tmp_path / "kb") as first:
        first.ingest(tmp_path / "articles")
    with KnowledgeBase(tmp_path / "kb") as second:
        assert len(second.articles()) == 1


def test_audit_finds_the_uncited_claim_of_each_article(knowledge_base: KnowledgeBase) -> None:
    audited = knowledge_base.audit()
    assert len(audited) == 4
    for article in audited:
        unsupported = [f for f in article.findings if f.rule == "unsupported-claim"]
        assert [f.line for f in unsupported] == [8]


def test_audit_of_one_article_by_path(knowledge_base: KnowledgeBase, tmp_path: Path) -> None:
    (only,) = knowledge_base.audit(tmp_path / "articles" / "article-002.md")
    assert only.graded.article.source.endswith("article-002.md")
