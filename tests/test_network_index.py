"""The citation network written from the rows the search index keeps (kb.store.network_rows) is
the network its SPARQL reads, for every filter, after articles are ingested, loaded, removed and
replaced, and on an index made before it held them; and it is what ``claimkb export --kb``
reads on the embedded store."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.corpus import generate
from kb.export.network import (
    PROJECTIONS,
    NetworkFilter,
    Select,
    build_network,
    graph_records,
    network_records,
    project,
    select_store,
)
from kb.ingest.pipeline import ingest
from kb.store import Store, open_store
from kb.store.network_rows import NetworkRows
from kb.store.search_index import INDEX_FILE
from tests.network_kb import write_nquads
from tests.test_indexed_listings import (
    fixture_articles,
    ingested,
    remove_the_stating_article,
    state_again_and_replace,
)

#: Every way the network is narrowed or added to (kb/cli/commands/export.py's options).
FILTERS = {
    "everything": NetworkFilter(),
    "statuses": NetworkFilter(statuses=("supported", "unsupported")),
    "levels and sections": NetworkFilter(levels=("rct", "cohort", "unknown"), sections=True),
    "citation floor and level nodes": NetworkFilter(min_citations=2, level_nodes=True),
    "kept isolated": NetworkFilter(statuses=("unsupported",), keep_isolated=True),
    "sections": NetworkFilter(sections=True),
}


def records(select: Select | NetworkRows, flt: NetworkFilter) -> list[str]:
    """Return the network's records, sorted (the index gives them in an order of its own)."""
    return sorted(map(repr, network_records(select, flt)))


def assert_same_network(location: str) -> None:
    """The network from the index is the network from SPARQL, under every filter, and for one
    article alone; it holds claims, sources, citations, boosted claims and stated works."""
    with open_store(location, read_only=True) as store:
        indexed = select_store(store)
        assert isinstance(indexed, NetworkRows)
        one = store.articles()[0].iri
        for name, flt in [*FILTERS.items(), ("one article", NetworkFilter(articles=(one,)))]:
            expected = records(store.spool, flt)
            assert records(indexed, flt) == expected, name
            assert expected, name
        every = " ".join(records(indexed, NetworkFilter()))
        for found in ("'relation': 'cites'", "'status': 'overclaim'", "'identity': 'doi:"):
            assert found in every
        two = ("'[1, 2, 3, 4, 5, 6, 7] [1]'", "'[1] [1, 2, 3, 4, 5, 6, 7]'")
        assert any(f"'markers': {markers}" in every for markers in two)  # in SPARQL's order


#: Claims citing a source by two marker texts, one of them longer than Oxigraph keeps inline.
MARKER_FORMS = """# Rowing and Sleep

Rowing before dusk lengthens deep sleep in adults [1]. The same trial found that deep sleep
lengthened most in older rowers [1, 2, 3, 4, 5, 6, 7], and a cohort confirmed it later [1][2].
Evening rowing also lowered resting heart rate in both studies [2, 3, 4, 5, 6, 7].

## References

1. Hale J, Okafor N. Evening rowing and deep sleep: a randomized trial. Sleep Res. 2021.
2. Lind M. Rowing clubs and sleep in older adults: a cohort study. Aging J. 2019.
3. Reed P. Heart rate at rest in rowers: a cohort study. Sport Med. 2018.
4. Moss A. Rowing volume and sleep: a cross-sectional survey. Sleep Med. 2017.
5. Grant T. Dusk exercise and sleep stages: a randomized trial. Sleep. 2016.
6. Park S. Sleep in masters athletes: a cohort study. J Sport. 2015.
7. Diaz R. Rowing and recovery: a review. Sports. 2014.
"""


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    """Fixture articles (works cited across articles, a PMID stated the same as a DOI, an
    overclaim, a source cited by two marker texts) and generated ones with sections, every
    status and level."""
    folder = fixture_articles(tmp_path / "articles")
    (folder / "marker-forms.md").write_text(MARKER_FORMS, encoding="utf-8")
    for name, text in generate(6, seed=5):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_the_network_from_the_index_is_the_network_from_sparql(
    articles: Path, tmp_path: Path
) -> None:
    location = ingested(articles, tmp_path)
    assert_same_network(location)
    with open_store(location, read_only=True) as store:
        flt = NetworkFilter(min_citations=2)
        indexed, queried = (build_network(s, flt) for s in (select_store(store), store.spool))
        for projection in PROJECTIONS:
            expected = sorted(map(repr, graph_records(project(queried, projection, flt))))
            assert sorted(map(repr, graph_records(project(indexed, projection, flt)))) == expected


def test_it_stays_the_same_after_articles_are_removed_replaced_added_and_loaded(
    articles: Path, tmp_path: Path
) -> None:
    location = ingested(articles, tmp_path)
    remove_the_stating_article(location)
    assert_same_network(location)
    state_again_and_replace(location, articles, tmp_path / "again", ("[1]", "[2]"))
    with open_store(location) as store:
        store.load(write_nquads(tmp_path / "generated.nq", 3, claims=14, sources=6))
    assert_same_network(location)


def test_an_index_made_before_it_held_the_network_is_filled_on_first_use(
    articles: Path, tmp_path: Path
) -> None:
    location = ingested(articles, tmp_path)
    with sqlite3.connect(Path(location, INDEX_FILE)) as db:  # as the index was before
        db.executescript(
            "DROP TABLE net_claims; DROP TABLE net_sources; DROP TABLE net_cites;"
            "DROP TABLE net_sections; DROP TABLE net_articles;"
            "DELETE FROM meta WHERE key = 'network';"
        )
    db.close()
    assert_same_network(location)


def test_the_order_is_the_same_whatever_order_articles_were_ingested_in(
    articles: Path, tmp_path: Path
) -> None:
    """Articles in IRI order, each article's rows in the order of their values: the same file
    from two stores of the same articles ingested in opposite orders."""
    paths = sorted(str(path) for path in articles.iterdir())
    written = []
    for name, order in (("forward", paths), ("backward", paths[::-1])):
        location = str(tmp_path / name)
        with open_store(location) as store:
            for path in order:
                ingest(store, [path], jobs=1)
        with open_store(location, read_only=True) as store:
            written.append(list(map(repr, network_records(select_store(store)))))
    assert written[0] == written[1]


def test_the_embedded_store_runs_no_network_query(
    articles: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The export reads the embedded store's index, not the store (a SPARQL server has no index
    of ours, and keeps the network's SPARQL)."""
    location = ingested(articles, tmp_path)

    def refused(self: Store, sparql: str) -> Iterator[object]:
        raise AssertionError("a network query ran on the embedded store")

    monkeypatch.setattr(Store, "spool", refused)
    with open_store(location, read_only=True) as store:
        monkeypatch.setattr(type(store), "spool", refused)
        assert any(r[0] == "node" for r in network_records(select_store(store)))
