"""`claimkb dump --format nquads --split N`: shards of whole articles that bulk loaders take as
they are, Virtuoso's own (ld_dir + rdf_loader_run) loading them in a test."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner, Result

from kb.cli import main
from kb.ingest.pipeline import ingest
from kb.rdf.vocabulary import VOCABULARY
from kb.store import open_store
from kb.store.base import Store
from tests.kb_articles import write_articles
from tests.virtuoso_server import virtuoso_server


def claimkb(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Yield the location of a knowledge base of seven articles."""
    root = tmp_path_factory.mktemp("shards")
    write_articles(root / "articles", 7)
    with open_store(str(root / "kb")) as store:
        ingest(store, [str(root / "articles")], jobs=1)
    yield str(root / "kb")


def dumped(store: Store) -> set[str]:
    """Return the store's N-Quads dump as a set of lines."""
    out = io.BytesIO()
    store.dump("nquads", out)
    return set(out.getvalue().decode().splitlines())


def test_split_writes_whole_articles_in_n_shards(kb: str, tmp_path: Path) -> None:
    result = claimkb(
        "dump", "--kb", kb, "--format", "nquads", "--split", "3", "-o", str(tmp_path / "kb.nq")
    )
    assert result.exit_code == 0, result.output
    shards = sorted(tmp_path.glob("*.nq"))
    assert [p.name for p in shards] == ["kb-001.nq", "kb-002.nq", "kb-003.nq"]
    graphs = [
        {q.graph_name.value for q in ox.parse(path=str(p), format=ox.RdfFormat.N_QUADS)}
        for p in shards
    ]
    assert [len(g) for g in graphs] == [2, 3, 3]  # the vocabulary and 7 articles dealt out
    assert VOCABULARY in graphs[0]
    assert not (graphs[0] & graphs[1]) and not (graphs[1] & graphs[2])  # each article in one
    lines = set().union(*(p.read_text().splitlines() for p in shards))
    with open_store(kb, read_only=True) as store:
        assert lines == dumped(store)


def test_split_is_for_files_of_nquads(kb: str) -> None:
    assert (
        claimkb("dump", "--kb", kb, "--format", "trig", "--split", "2", "-o", "x.trig").exit_code
        == 2
    )
    assert claimkb("dump", "--kb", kb, "--format", "nquads", "--split", "2").exit_code == 2
    assert (
        claimkb("dump", "--kb", kb, "--format", "nquads", "--split", "0", "-o", "x.nq").exit_code
        == 2
    )


def test_virtuoso_bulk_loader_takes_the_shards_as_they_are(kb: str, tmp_path: Path) -> None:
    shards = tmp_path / "shards"
    shards.mkdir()
    claimkb("dump", "--kb", kb, "--format", "nquads", "--split", "2", "-o", str(shards / "kb.nq"))
    with virtuoso_server(tmp_path / "virtuoso", dirs=[shards]) as virtuoso:
        virtuoso.sql(f"ld_dir('{shards}', '*.nq', 'https://w3id.org/claimkb/graph/none');")
        virtuoso.sql("rdf_loader_run(); checkpoint;")
        assert virtuoso.number("SELECT COUNT(*) FROM DB.DBA.LOAD_LIST;") == 2
        assert virtuoso.shards_not_loaded() == 0  # both loaded, no error
        with (
            open_store(virtuoso.url, read_only=True) as loaded,
            open_store(kb, read_only=True) as store,
        ):
            assert dumped(loaded) == dumped(store)


def test_a_graph_as_nquads_holds_its_quads_whatever_its_text(tmp_path: Path) -> None:
    """The embedded store writes a graph's N-Quads from Oxigraph's N-Triples: literals that
    hold line breaks, " ." and the graph's own name keep their text, and blank nodes stay."""
    iri = "https://w3id.org/claimkb/id/article/odd-text"
    text = (
        f'<{iri}#s> <https://w3id.org/claimkb/ns#note> "ends here .\\nnext line .\\n" .\n'
        f'<{iri}#s> <https://w3id.org/claimkb/ns#note> "<{iri}> ."@en .\n'
        f"<{iri}#s> <https://w3id.org/claimkb/ns#part> _:b .\n"
        f'_:b <https://w3id.org/claimkb/ns#note> "tab\\there\\r" .\n'
    )
    with open_store(str(tmp_path / "kb")) as store:
        store.replace_article(iri, text)
        written = store.graph_nquads(iri)
        quads = set(store.graph_quads(iri))
        generic = Store.graph_nquads(store, iri)
    parsed = set(ox.parse(written, format=ox.RdfFormat.N_QUADS))
    assert parsed == quads and len(parsed) == 4
    assert sorted(written.splitlines()) == sorted(generic.splitlines())
