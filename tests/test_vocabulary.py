"""The vocabulary graph: written once by ingest and load, replaced when it changes, never an
article, and what makes the union default graph free of repeated triples."""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path

from kb.ingest.pipeline import ingest
from kb.rdf.vocabulary import VOCABULARY, vocabulary_hash, vocabulary_ntriples
from kb.store import Store, open_store
from tests.kb_articles import write_articles

HASH = "https://w3id.org/claimkb/ns#contentHash"
#: What each article says of a work it cites, in its own graph: the same triple in two articles
#: citing a work alike, by design (README, "A work"), as an entry's owl:sameAs.
OF_A_WORK = "ckb:citingClaims, ckb:citedAsLevel, ckb:workHash, owl:sameAs"


def vocabulary_lines(store: Store) -> set[str]:
    """Return the stored vocabulary graph's N-Triples lines."""
    return set(store.article_ntriples(VOCABULARY).splitlines()) - {""}


def test_ingest_writes_the_vocabulary_once_beside_the_articles(tmp_path: Path) -> None:
    write_articles(tmp_path / "articles", 3)
    with open_store(str(tmp_path / "kb")) as store:
        ingest(store, [str(tmp_path / "articles")], jobs=1)
        assert vocabulary_lines(store) == set(vocabulary_ntriples().splitlines())
        assert len(store.articles()) == 3
        assert VOCABULARY not in {a.iri for a in store.articles()}
        assert store.graph_names()[0] == VOCABULARY
        assert store.keep_vocabulary() is False  # as it is now: not written again


def test_the_union_default_graph_repeats_no_triple(tmp_path: Path) -> None:
    """Articles that use the same cue words, built by the same claimkb: each triple once."""
    write_articles(tmp_path / "articles", 4)
    with open_store(str(tmp_path / "kb")) as store:
        ingest(store, [str(tmp_path / "articles")], jobs=1)
        shared = store.query_with_prefixes(
            "SELECT ?cue WHERE { GRAPH ?g { ?o ckb:cue ?cue } } GROUP BY ?cue "
            "HAVING (COUNT(DISTINCT ?g) > 1)"
        )
        assert len(shared) > 0  # the same concept in several articles: once in the union
        rows = store.query_with_prefixes(
            f"SELECT ?s ?p ?o WHERE {{ ?s ?p ?o FILTER (?p NOT IN ({OF_A_WORK})) }}"
        ).dicts()
        repeated = {row for row, n in Counter(tuple(r.values()) for r in rows).items() if n > 1}
        assert not repeated, sorted(repeated)[:5]
        labels = store.query_with_prefixes(
            "SELECT ?label WHERE { ckb:level-rct skos:prefLabel ?label ; ckb:rank 2 }"
        ).dicts()
        assert labels == [{"label": "randomised controlled trial"}]


def test_an_older_vocabulary_is_replaced_on_the_next_ingest(tmp_path: Path) -> None:
    write_articles(tmp_path / "articles", 1)
    with open_store(str(tmp_path / "kb")) as store:
        store.replace_article(
            VOCABULARY,
            f'<{VOCABULARY}> <{HASH}> "an older one" .\n'
            "<https://w3id.org/claimkb/ns#gone> <http://www.w3.org/2000/01/rdf-schema#label> "
            '"a term since removed" .\n',
        )
        ingest(store, [str(tmp_path / "articles")], jobs=1)
        assert vocabulary_lines(store) == set(vocabulary_ntriples().splitlines())


def test_load_keeps_this_claimkb_s_vocabulary_whatever_the_dump_holds(tmp_path: Path) -> None:
    write_articles(tmp_path / "articles", 2)
    with open_store(str(tmp_path / "kb")) as store:
        ingest(store, [str(tmp_path / "articles")], jobs=1)
        out = io.BytesIO()
        store.dump("nquads", out)
    stale = out.getvalue().decode().replace(vocabulary_hash(), "stale")
    assert stale.count(f"<{VOCABULARY}> .\n") > 1000
    dump = tmp_path / "kb.nq"
    dump.write_text(stale + f'<{VOCABULARY}> <{HASH}> "stale" <{VOCABULARY}> .\n')
    with open_store(str(tmp_path / "loaded")) as store:
        assert store.load(dump) == 2  # article graphs
        assert vocabulary_lines(store) == set(vocabulary_ntriples().splitlines())
        assert len(store.articles()) == 2


def test_load_of_rdf_that_is_not_claimkb_s_adds_no_vocabulary(tmp_path: Path) -> None:
    dump = tmp_path / "other.nq"
    dump.write_text('<http://example.org/a> <http://example.org/p> "v" <http://example.org/g> .\n')
    with open_store(str(tmp_path / "kb")) as store:
        assert store.load(dump) == 1
        assert store.graph_names() == ["http://example.org/g"]


def test_the_vocabulary_graph_is_named_in_one_place() -> None:
    """Only kb/rdf/vocabulary.py writes the graph's IRI; every shipped query that reads the
    vocabulary graph gets it from the loader, filled in its ``?vocabulary`` block."""
    from kb.query.loader import query_texts

    kb = Path(__file__).resolve().parents[1] / "kb"
    written = re.compile(re.escape(VOCABULARY) + r"[>\"']")
    files = [*kb.rglob("*.py"), *kb.rglob("*.rq")]
    assert [p.name for p in files if written.search(p.read_text("utf-8"))] == ["vocabulary.py"]
    shipped = [
        text
        for folder in (None, "audit", "stats", "network")
        for text in query_texts(folder).values()
    ]
    reading = [text for text in shipped if "GRAPH ?vocabulary" in text]
    assert len(reading) >= 3
    assert all(f"VALUES ?vocabulary {{ <{VOCABULARY}> }}" in text for text in reading)
    assert not any("VALUES ?vocabulary { UNDEF }" in text for text in shipped)
