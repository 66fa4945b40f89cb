"""A large article ingested into a SPARQL server (`--kb URL`): its graph file is sent a batch at
a time, in the memory of a batch, and replaces the stored graph (a real ``oxigraph serve``)."""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import kb.ingest.large
from kb.cli import main
from kb.errors import QuerySyntaxError
from kb.store.base import SpooledGraph
from kb.store.embedded import EmbeddedStore
from kb.store.remote import BATCH_TRIPLES, RemoteStore
from kb.store.staging import GRAPHS
from tests.oxigraph_server import oxigraph_server

IRI = "https://w3id.org/claimkb/id/article/large"
PARAGRAPH = (
    "A randomized trial found that daily walking lowers blood pressure [1]. Some say it may "
    "help sleep too [2].\n\n"
)
REFERENCES = "References\n\n1. Walker A. Walking trial. J Walk. 2019.\n2. Sleeper B. Sleep. 2020.\n"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with oxigraph_server(tmp_path_factory.mktemp("server")) as url:
        yield url


def graph_file(path: Path, triples: int, word: str) -> SpooledGraph:
    """Write an article graph of ``triples`` triples of about 100 bytes each to ``path``."""
    with path.open("w", encoding="utf-8") as out:
        for n in range(triples):
            out.write(f'<{IRI}/s{n}> <http://example.org/says> "{word} {n:060d}" .\n')
    return SpooledGraph(path)


def stored(store: RemoteStore, iri: str) -> set[str]:
    return set(store.article_ntriples(iri).splitlines())


def written(store: RemoteStore, graph: SpooledGraph) -> float:
    """Write ``graph`` as the article IRI; return the peak of memory it took (tracemalloc)."""
    tracemalloc.start()
    try:
        assert list(store.write_articles([(IRI, graph)])) == [IRI]
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_graph_file_goes_to_a_server_in_the_memory_of_a_batch(
    server: str, tmp_path: Path
) -> None:
    store = RemoteStore(server)
    small = graph_file(tmp_path / "small.nt", 2 * BATCH_TRIPLES, "small")
    small_peak = written(store, small)
    triples = 6 * BATCH_TRIPLES  # an 18 MB file
    large = graph_file(tmp_path / "large.nt", triples, "large")
    large_peak = written(store, large)
    # memory holds one batch: three times the file takes no more
    assert large_peak < 1.5 * small_peak, (small_peak, large_peak)
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{IRI}> {{ ?s ?p ?o }} }}"
    assert store.query(count).dicts() == [{"n": triples}]  # the small graph was replaced
    # written again, smaller: the stored graph is replaced, not added to
    again = graph_file(tmp_path / "again.nt", BATCH_TRIPLES + 5, "again")
    written(store, again)
    assert stored(store, IRI) == set(again.path.read_text("utf-8").splitlines())


def test_an_ingest_of_a_large_article_lands_on_the_server_as_in_the_embedded_store(
    server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = tmp_path / "walking.txt"
    article.write_text("Walking\n\n" + PARAGRAPH * 30 + REFERENCES, encoding="utf-8")
    monkeypatch.setattr(kb.ingest.large, "WHOLE_TRIPLES", 100)  # so it is written to a file
    monkeypatch.setattr("kb.store.remote.BATCH_TRIPLES", 300)  # and sent in several pieces
    for kb_location in (server, str(tmp_path / "kb")):
        for _ in range(2):  # the second ingest replaces the first
            done = CliRunner().invoke(
                main, ["ingest", "--jobs", "1", "--kb", kb_location, str(article)]
            )
            assert done.exit_code == 0, done.output
    embedded = EmbeddedStore(str(tmp_path / "kb"), read_only=True)
    try:
        (info,) = embedded.articles()
        expected = set(embedded.article_ntriples(info.iri).splitlines())
    finally:
        embedded.close()
    assert len(expected) > 3 * 300
    assert stored(RemoteStore(server), info.iri) == expected


@pytest.mark.parametrize("stored_before", [False, True])
def test_a_graph_file_refused_part_way_leaves_the_stored_article_whole(
    server: str, tmp_path: Path, stored_before: bool
) -> None:
    store = RemoteStore(server)
    store.remove_article(IRI)
    before = graph_file(tmp_path / "before.nt", 10, "before")
    if stored_before:
        written(store, before)
    graph = graph_file(tmp_path / "broken.nt", 3 * BATCH_TRIPLES, "broken")
    with graph.path.open("a", encoding="utf-8") as out:  # the last piece is refused
        out.write("<not an IRI\n")
    with pytest.raises(QuerySyntaxError):
        list(store.write_articles([(IRI, graph)]))
    # the stored article as it was (or none), and the pieces that had landed dropped
    expected = set(before.path.read_text("utf-8").splitlines()) if stored_before else set()
    assert stored(store, IRI) == expected
    assert store.query(GRAPHS).dicts() == []
