"""The listings answered from the search index besides the claims' (the works cited across
articles, kb.store.cited_works; the overclaims, kb.store.asserted_boosters) give the rows of
their SPARQL, in its order where it has one, and stay so after articles are removed or
replaced, on an index made before it held them, and on a store ingested before the per-work
statements."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from bench.corpus import generate
from kb.ingest.pipeline import ingest
from kb.query.pages import count_query
from kb.query.run import named_queries, run_query
from kb.query.search import indexed_answer
from kb.store import open_store
from kb.store.search_index import INDEX_FILE

FIXTURES = Path(__file__).parent / "fixtures"
#: The listings, each with whether its SPARQL orders its rows (else they are compared sorted).
LISTINGS = {
    "most-cited-sources": True,
    "works-cited-by-several-articles": True,
    "overclaims": False,
}
#: A third article stating the DOI and PMID of a work the same-work fixtures cite.
STATED_AGAIN = """\
# Stairs and heart rate

Climbing stairs at work went with a lower resting heart rate [1].

## References

1. Okafor C, Lindahl E. Workplace stair climbing and resting heart rate. Occup Med. 2020.
doi:10.5678/occmed.2020.0117. PMID: 31234567
"""


#: Unsupported claims with boosters: asserted, negated, and reported.
OVERCLAIMS = """\
# Cold showers

Cold showers definitely cure the common cold.

It is not certain that cold showers prevent flu.

Some bloggers claim that cold water clearly burns fat.
"""


def fixture_articles(folder: Path) -> Path:
    """Copy into ``folder`` articles citing works in common: by DOI, by PMID alone (a work one
    article states the same as a DOI work), in different words; and one that overclaims."""
    folder.mkdir()
    for path in [*(FIXTURES / "works").iterdir(), *(FIXTURES / "same-work").iterdir()]:
        shutil.copy(path, folder / path.name)
    (folder / "cold-showers.md").write_text(OVERCLAIMS, encoding="utf-8")
    return folder


def ingested(articles: Path, tmp_path: Path) -> str:
    """Return the location of a new store (``tmp_path/kb``) the folder ``articles`` is ingested
    into."""
    location = str(tmp_path / "kb")
    with open_store(location) as store:
        ingest(store, [str(articles)], jobs=1)
    return location


def remove_the_stating_article(location: str) -> None:
    """Remove the article that states a DOI work the same as a PMID one (stairs-at-work)."""
    with open_store(location) as store:
        stated = next(a.iri for a in store.articles() if "stairs-at-work" in (a.source or ""))
        assert store.remove_article(stated)


def state_again_and_replace(
    location: str, articles: Path, again: Path, edit: tuple[str, str]
) -> None:
    """Ingest a new article (in ``again``) stating that work the same again, and
    hill-walking-review.md with its words ``edit[0]`` made ``edit[1]``."""
    again.mkdir()
    (again / "stairs-again.md").write_text(STATED_AGAIN, encoding="utf-8")
    replaced = articles / "hill-walking-review.md"
    replaced.write_text(replaced.read_text(encoding="utf-8").replace(*edit), "utf-8")
    with open_store(location) as store:
        ingest(store, [str(again), str(replaced)], jobs=1)


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    """The fixture articles and many generated articles whose works are cited equally often
    (ties at the page's edge and at the 100th most cited)."""
    folder = fixture_articles(tmp_path / "articles")
    for name, text in generate(12, seed=3):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def assert_index_gives_the_sparql_rows(location: str) -> None:
    """Each listing's rows from the index are its SPARQL's, in the same order, and so is its
    count; each finds something."""
    with open_store(location, read_only=True) as store:
        for name, ordered in LISTINGS.items():
            sparql = named_queries()[name].sparql
            answered = indexed_answer(store, name, [])
            assert answered is not None
            scanned = run_query(store, sparql)
            page = answered.page(None)
            assert page.variables == scanned.variables
            got, expected = list(map(str, page.rows)), list(map(str, scanned.rows))
            assert got == expected if ordered else sorted(got) == sorted(expected), name
            assert len(scanned) > 0, name
            counted = run_query(store, count_query(sparql)).rows[0][0].value
            assert answered.count() == int(counted)
            assert list(map(str, answered.page(2, 1).rows)) == got[1:3]


def test_listings_from_the_index_give_the_rows_of_their_sparql(
    articles: Path, tmp_path: Path
) -> None:
    location = ingested(articles, tmp_path)
    assert_index_gives_the_sparql_rows(location)


def test_works_looked_up_a_few_at_a_time_give_the_same_rows(
    articles: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The citing articles are read for a chunk of works at a time: rows across chunks are
    those of the SPARQL too (an article's IRI read for one chunk serves the next)."""
    from kb.store import cited_works

    monkeypatch.setattr(cited_works, "CHUNK", 2)
    location = ingested(articles, tmp_path)
    assert_index_gives_the_sparql_rows(location)


def test_they_stay_the_same_after_articles_are_removed_replaced_and_added(
    tmp_path: Path,
) -> None:
    """Removing the article that states a DOI the same as a PMID splits that work again;
    another article stating it joins them again; a replaced article's old works are gone.
    (Fixture articles only: every work they cite is among the 100 most cited.)"""
    articles = fixture_articles(tmp_path / "articles")
    location = ingested(articles, tmp_path)
    remove_the_stating_article(location)
    assert_index_gives_the_sparql_rows(location)
    state_again_and_replace(location, articles, tmp_path / "again", ("doi", "ref"))
    assert_index_gives_the_sparql_rows(location)


def test_an_index_made_before_it_held_the_works_is_filled_on_first_use(
    articles: Path, tmp_path: Path
) -> None:
    location = ingested(articles, tmp_path)
    index = Path(location, INDEX_FILE)
    assert index.exists()
    with sqlite3.connect(index) as db:  # as the index was before this change
        db.executescript(
            "DROP TABLE cited; DROP TABLE same_pairs; DROP TABLE same_work; DROP TABLE boosters;"
            "DELETE FROM meta WHERE key = 'listings';"
        )
    assert_index_gives_the_sparql_rows(location)


def test_a_store_ingested_before_the_work_statements_gives_the_same_rows(
    articles: Path, tmp_path: Path
) -> None:
    """An article ingested before ckb:citingClaims is counted from the claims citing its
    entries, by the index as by the SPARQL."""
    location = ingested(articles, tmp_path)
    with open_store(location) as store:
        ns = "https://w3id.org/claimkb/ns#"
        for predicate in ("citingClaims", "citedAsLevel", "workHash"):
            store.update(f"DELETE WHERE {{ GRAPH ?g {{ ?work <{ns}{predicate}> ?o }} }}")
    for path in Path(location).glob(f"{INDEX_FILE}*"):  # rebuilt from the store as it is now
        path.unlink()
    assert_index_gives_the_sparql_rows(location)
