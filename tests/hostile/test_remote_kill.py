"""An ingest into a SPARQL server (`--kb URL`) killed with SIGKILL while it sends a large article's
pieces: the server keeps the old article whole, no query counts the pieces, and the next writer
drops them and leaves nothing behind (a real ``oxigraph serve``; kb.store.staging).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kb.ingest.large import WHOLE_TRIPLES
from kb.store.remote import BATCH_TRIPLES, RemoteStore
from kb.store.staging import GRAPHS, STAGED, is_staging
from tests.hostile import killed_when
from tests.hostile.test_replace_kill import article, ingest, stored
from tests.hostile.test_spool_kill import entries
from tests.hostile.test_store_faults import claimkb
from tests.oxigraph_server import oxigraph_server

#: Questions whose answers a staging graph must not change: the articles and claims counted
#: in named graphs and in the union default graph, and every graph's name.
COUNTS = {
    "articles": "SELECT (COUNT(?a) AS ?n) WHERE { GRAPH ?a { ?a a schema:Article } }",
    "claims": "SELECT (COUNT(?c) AS ?n) WHERE { GRAPH ?a { ?c a ckb:Claim } }",
    "union claims": "SELECT (COUNT(?c) AS ?n) WHERE { ?c a ckb:Claim }",
}


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Yield the query URL of a fresh ``oxigraph serve``; the commands run use this test's
    temporary directory and per-user cache."""
    (tmp_path / "tmp").mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    with oxigraph_server(tmp_path / "server") as url:
        yield url


def ingest_into(url: str, page: Path) -> None:
    done = claimkb("ingest", "--kb", url, "--jobs", "1", "--no-validate", str(page))
    assert done.returncode == 0, done.stderr


def triples(url: str, iri: str) -> set[str]:
    return set(RemoteStore(url).article_ntriples(iri).splitlines())


def answers(url: str) -> dict[str, int]:
    store = RemoteStore(url)
    found = {name: store.query_with_prefixes(q).dicts()[0]["n"] for name, q in COUNTS.items()}
    found["listed"] = len(store.articles())
    return found


def staged_pieces(url: str) -> int:
    """Return the staged triples on the server (those of every staging graph)."""
    count = (
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o "
        f'FILTER STRSTARTS(STR(?p), "{STAGED}") }} }}'
    )
    return int(RemoteStore(url).query(count).dicts()[0]["n"])


def staging_graphs(url: str) -> list[str]:
    store = RemoteStore(url)
    every = store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").dicts()
    return [str(row["g"]) for row in every if is_staging(str(row["g"]))]


def test_an_ingest_killed_while_it_sends_pieces_leaves_the_old_article_whole(
    server: str, tmp_path: Path
) -> None:
    old_page = article(tmp_path / "old.html", "walking")
    new_page = article(tmp_path / "new.html", "swimming")
    ingest(tmp_path / "new-kb", new_page)  # the new article as the embedded store holds it
    new = stored(tmp_path / "new-kb")
    assert len(new) > max(WHOLE_TRIPLES, 2 * BATCH_TRIPLES)  # spooled, sent in pieces
    ingest_into(server, old_page)
    (iri,) = (info.iri for info in RemoteStore(server).articles())
    old, before = triples(server, iri), answers(server)
    assert old != new

    arguments = ["ingest", "--kb", server, "--jobs", "1", "--no-validate", str(new_page)]
    for _ in range(3):  # killed while some pieces are sent, not all
        mid_way = killed_when(arguments, lambda: 0 < staged_pieces(server) < len(new))
        assert mid_way, "the ingest ended before it could be killed"
        if staging_graphs(server):
            break
        ingest_into(server, old_page)  # the swap was sent before the kill landed: again
    assert staging_graphs(server), "the kill left no piece to test with"
    assert triples(server, iri) == old  # the stored article is whole
    assert answers(server) == before  # and no query counts the pieces

    ingest_into(server, new_page)
    assert staging_graphs(server) == [] and not RemoteStore(server).query(GRAPHS).dicts()
    assert triples(server, iri) == new  # a normal replace lands whole
    assert answers(server) == before  # one article, as many claims
    assert entries(tmp_path / "tmp") == []
    assert entries(tmp_path / "cache" / "claimkb" / "scratch") == []


def test_a_staging_graph_is_stale_once_its_writer_is_gone() -> None:
    import socket
    import time

    from kb.scratch import owner
    from kb.store.staging import PREFIX, STALE_SECONDS, name, stale

    here, now = socket.gethostname(), int(time.time())
    assert not stale(name())  # this process's own
    assert stale(f"{PREFIX}{here}:999999999-1:{now}:a")  # no process has that pid
    assert not stale(f"{PREFIX}elsewhere:{owner()}:{now}:a")  # another host's, young
    assert stale(f"{PREFIX}elsewhere:{owner()}:{now - STALE_SECONDS - 60}:a")  # and old
    assert not stale("https://example.org/article") and not stale(f"{PREFIX}junk")


def small_articles(word: str) -> list[tuple[str, str]]:
    """Return two small article graphs whose triples say ``word``."""
    return [
        (iri, "".join(f'<{iri}/s{n}> <http://example.org/says> "{word} {n}" .\n' for n in range(5)))
        for iri in ("https://example.org/a", "https://example.org/b")
    ]


def replaced_in_batches(store: RemoteStore) -> None:
    """Write two small articles, then a batch replacing one and adding one: each lands whole."""
    first, second = small_articles("first"), small_articles("second")
    assert list(store.write_articles(first[:1])) == [first[0][0]]
    assert list(store.write_articles(second)) == [iri for iri, _ in second]
    for iri, text in second:  # replaced, not added to
        assert triples(store.location, iri) == set(text.splitlines())


def test_a_batch_replacing_stored_articles_is_one_update_on_oxigraph(server: str) -> None:
    """One request, so one transaction: a writer killed mid-batch never leaves them dropped."""
    from kb.store.oxigraph_server import OxigraphServer

    requests = OxigraphServer(server).write(server, small_articles("x"), replace=True)
    assert [r.content_type.split(";")[0] for r in requests] == ["application/sparql-update"]
    replaced_in_batches(RemoteStore(server))


def test_a_large_article_replaces_the_stored_one_whole_on_virtuoso_too(tmp_path: Path) -> None:
    """Virtuoso takes the pieces through its Graph Store endpoint and the swap as one update."""
    from tests.hostile.test_remote_large import IRI, graph_file
    from tests.virtuoso_server import virtuoso_server

    with virtuoso_server(tmp_path / "virtuoso") as virtuoso:
        store = RemoteStore(virtuoso.url)
        replaced_in_batches(store)
        for word, count in (("old", 2 * BATCH_TRIPLES + 1), ("new", BATCH_TRIPLES + 7)):
            graph = graph_file(tmp_path / f"{word}.nt", count, word)
            assert list(store.write_articles([(IRI, graph)])) == [IRI]
            assert triples(virtuoso.url, IRI) == set(graph.path.read_text("utf-8").splitlines())
            assert staging_graphs(virtuoso.url) == []
