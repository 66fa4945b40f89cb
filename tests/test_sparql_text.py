"""kb/rdf/sparql_text.py: the one way values, and articles above all, are put into a query."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kb.audit.knowledge_base import audit_kb
from kb.errors import ArticleNotStored
from kb.export.network import NetworkFilter, build_network, select_store
from kb.rdf.sparql_text import fill_values, for_articles
from kb.store import open_store
from kb.store.search_index import claim_rows

ROOT = Path(__file__).resolve().parents[1]
A = "https://w3id.org/claimkb/id/article/aaaa"
B = "https://w3id.org/claimkb/id/article/bbbb"
QUERY = "SELECT * WHERE { GRAPH ?article { VALUES ?article { UNDEF } ?s ?p ?o } }"


def test_every_block_is_filled_with_every_article() -> None:
    query = f"{QUERY} # and\nOPTIONAL {{ VALUES  $article {{\n UNDEF }} ?x ?y ?z }}"
    filled = for_articles(query, [A, B])
    assert filled.count(f"VALUES ?article {{ <{A}> <{B}> }}") == 2
    assert "UNDEF" not in filled


def test_no_articles_given_takes_the_blocks_out_and_an_empty_list_keeps_none() -> None:
    assert for_articles(QUERY, None) == "SELECT * WHERE { GRAPH ?article {  ?s ?p ?o } }"
    assert "VALUES ?article {  }" in for_articles(QUERY, [])


def test_blocks_in_strings_and_comments_and_of_other_variables_stay() -> None:
    query = (
        'SELECT * WHERE { BIND ("VALUES ?article { UNDEF }" AS ?s)\n'
        "# VALUES ?article { UNDEF }\n VALUES ?articles { UNDEF } }"
    )
    assert for_articles(query, [A]) == query


def test_a_value_is_one_term_and_no_more() -> None:
    with pytest.raises(ArticleNotStored, match="absolute IRI"):
        for_articles(QUERY, [f"{A}> }} ?s ?p ?o . {{ <x:y"])
    with pytest.raises(ArticleNotStored, match="absolute IRI"):
        for_articles(QUERY, ["not an iri"])


def test_fill_values_writes_terms_as_they_are() -> None:
    query = "SELECT * WHERE { VALUES ?n { UNDEF } }"
    assert fill_values(query, "n", ['"a\\\\b"']) == 'SELECT * WHERE { VALUES ?n { "a\\\\b" } }'


def test_the_network_the_audit_and_the_search_index_narrow_alike(query_kb: str) -> None:
    """Each of the three callers, narrowed to one article, reads that article alone."""
    with open_store(query_kb, read_only=True) as store:

        def network(articles: tuple[str, ...]) -> set[str]:
            graph = build_network(select_store(store), NetworkFilter(articles=articles))
            return {a["article"] for _, a in graph.nodes(data=True) if a["kind"] == "article"}

        def audit(article: str | None) -> set[str]:
            return {audited.iri for audited in audit_kb(store, article=article)}

        def search(articles: list[str] | None) -> set[str]:
            return {row.article for row in claim_rows(store.oxigraph, articles)}

        assert network(()) == audit(None) == search(None) == {A, B}
        assert network((A,)) == audit(A) == search([A]) == {A}
        assert network((B,)) == audit(B) == search([B]) == {B}
        assert search([]) == set()


def test_no_module_writes_its_own_article_block() -> None:
    """Article IRIs reach a query only through for_articles: no other code builds the block."""
    built = re.compile(r"VALUES \?article \{+ (?!UNDEF \})|#ARTICLES|replace\(\s*\"VALUES")
    sources = [*ROOT.joinpath("kb").rglob("*.py"), *ROOT.joinpath("kb").rglob("*.rq")]
    offenders = [
        str(path.relative_to(ROOT))
        for path in sources
        if path.name != "sparql_text.py" and built.search(path.read_text("utf-8"))
    ]
    assert offenders == []


def test_no_shipped_query_declares_a_prefix() -> None:
    """claimkb's prefixes are declared once, by the prologue every shipped query runs with."""
    queries = ROOT.joinpath("kb").rglob("*.rq")
    declaring = [p.name for p in queries if re.search(r"(?im)^\s*PREFIX\s", p.read_text("utf-8"))]
    assert declaring == []
