"""What is particular to a remote SPARQL endpoint: batched writes, endpoints, errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kb import KnowledgeBase
from kb.errors import QuerySyntaxError, StoreUnavailable
from kb.store.dialect import Request, update_text
from kb.store.remote import RemoteStore
from tests.kb_articles import write_articles
from tests.oxigraph_server import oxigraph_server

EX = "https://w3id.org/claimkb/id/article/"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """Yield the query URL of a fresh oxigraph serve."""
    with oxigraph_server(tmp_path / "server") as url:
        yield url


def graph(n: int, triples: int) -> tuple[str, str]:
    """Return (IRI, N-Triples) of an article graph with ``triples`` triples."""
    iri = f"{EX}{n}"
    lines = [f'<{iri}/s{i}> <http://e/p> "{i}" .' for i in range(triples)]
    return iri, "\n".join(lines) + "\n"


def test_write_articles_batches_requests(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kb.store.remote.BATCH_TRIPLES", 100)
    store = RemoteStore(server)
    requests: list[Request] = []
    send = store._send
    monkeypatch.setattr(
        store,
        "_send",
        lambda request, **options: (requests.append(request), send(request, **options))[1],
    )
    items = [graph(n, 40) for n in range(7)]
    assert list(store.write_articles(items)) == [iri for iri, _ in items]
    # 3 + 3 + 1 articles of 40 triples, 100 per batch, each batch one Graph Store POST
    loads = [r for r in requests if r.url.endswith("/store")]
    assert [r.body.count(b"\n") for r in loads] == [120, 120, 40]
    assert store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").dicts() == [
        {"n": 280}
    ]


def test_update_text_replaces_each_graph_in_one_request() -> None:
    text = update_text([graph(1, 1), graph(2, 1)], replace=True)
    assert text.count("DROP SILENT GRAPH") == 2
    assert text.count("INSERT DATA") == 1


def test_explicit_update_url_is_used(server: str) -> None:
    wrong = RemoteStore(server, update_url=server.replace("/query", "/nowhere"))
    with pytest.raises(StoreUnavailable, match="/nowhere answered 404"):
        wrong.replace_article(*graph(1, 1))


def test_read_only_remote_refuses_writes(server: str) -> None:
    with pytest.raises(StoreUnavailable, match="read-only"):
        RemoteStore(server, read_only=True).replace_article(*graph(1, 1))


def test_bad_update_is_a_syntax_error(server: str) -> None:
    with pytest.raises(QuerySyntaxError):
        RemoteStore(server).update("INSERT DATA { <a> <b> }")


def test_knowledgebase_on_a_server(server: str, tmp_path: Path) -> None:
    write_articles(tmp_path / "articles", 3)
    kb = KnowledgeBase(server)
    assert kb.ingest(tmp_path / "articles", jobs=2).articles == 3
    assert kb.stats().claims == 15
    assert len(kb.graph(tmp_path / "articles" / "article-002.md")) > 50
