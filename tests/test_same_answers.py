"""The same answers everywhere: every named query gives the same rows on the embedded store, on
a real Oxigraph server and on a real Virtuoso, each loaded from one dump of the fixture articles.

Rows are compared as sets with their multiplicities (engines order ties differently), values as
plain Python values; a CONSTRUCT's triples as a set.
"""

from __future__ import annotations

import io
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kb.ingest.pipeline import ingest
from kb.query.run import bind_parameters, named_queries, parse_parameter, run_query
from kb.store import open_store
from kb.store.base import Store
from tests.oxigraph_server import oxigraph_server
from tests.virtuoso_server import virtuoso_server

FIXTURES = Path(__file__).parent / "fixtures" / "articles"
#: Fixture articles with claims of every status, conflicting sources, weasels, a JATS paper.
ARTICLES = [
    "bus-fares-factcheck.html",
    "classroom-noise-jats.xml",
    "coffee-brain-health-news.md",
    "kombucha-wiki.html",
    "turmeric-hedges-boosters.md",
    "walking-depression-jats.xml",
]
#: Articles citing the same works in different words (tests/test_works.py).
WORKS = Path(__file__).parent / "fixtures" / "works"
#: A parameter value for each parameter name a named query takes, by name.
PARAMETERS = {"term": "sleep"}


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Store]]:
    """Yield the embedded store and the two servers, each holding the same articles."""
    root = tmp_path_factory.mktemp("same")
    articles = root / "articles"
    articles.mkdir()
    for name in ARTICLES:
        shutil.copy(FIXTURES / name, articles / name)
    for path in WORKS.iterdir():  # two articles citing the same works
        shutil.copy(path, articles / path.name)
    dump = root / "kb.nq"
    with open_store(str(root / "kb")) as embedded:
        ingest(embedded, [str(articles)], jobs=1)
        with dump.open("wb") as out:
            embedded.dump("nquads", out)
    with (
        open_store(str(root / "kb"), read_only=True) as embedded,
        oxigraph_server(root / "oxigraph") as oxigraph_url,
        virtuoso_server(root / "virtuoso") as virtuoso,
    ):
        servers = {"oxigraph": open_store(oxigraph_url), "virtuoso": open_store(virtuoso.url)}
        for server in servers.values():
            server.load(dump)
        yield {"embedded": embedded, **servers}


def parameters(store: Store, names: list[str]) -> dict[str, Any]:
    """Return a value for each named parameter, taken from what the store holds."""
    values: dict[str, Any] = {}
    for name in names:
        if name == "article":
            values[name] = _first(store, "?claim a ckb:Claim ; dcterms:isPartOf+ ?article")
        elif name == "doi":
            values[name] = _first(store, "?source ckb:doi ?doi", "doi")
        else:
            assert name in PARAMETERS, f"give tests/test_same_answers.py a value for {name}"
            values[name] = PARAMETERS[name]
    return values


def _first(store: Store, pattern: str, variable: str = "article") -> str:
    sparql = f"SELECT ?{variable} WHERE {{ GRAPH ?article {{ {pattern} }} }} ORDER BY ?{variable}"
    rows = run_query(store, sparql).dicts()
    assert rows, f"no value for ?{variable} in the fixture articles"
    return str(rows[0][variable])


def answers(store: Store, name: str, values: dict[str, Any]) -> Counter[Any]:
    """Return the rows (or triples) of the named query ``name`` on ``store``, with counts."""
    query = named_queries()[name]
    params = dict(parse_parameter(f"{key}={value}") for key, value in values.items())
    result = run_query(store, bind_parameters(query.sparql, params, query.parameters))
    if result.kind == "graph":
        return Counter(str(triple) for triple in result)
    return Counter(tuple(sorted(row.items())) for row in result.dicts())


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_named_query_gives_the_same_rows_on_every_store(
    stores: dict[str, Store], name: str
) -> None:
    query = named_queries()[name]
    values = parameters(stores["embedded"], [p.name for p in query.parameters])
    expected = answers(stores["embedded"], name, values)
    assert expected, f"{name} finds nothing in the fixture articles: the comparison proves little"
    for server in ("oxigraph", "virtuoso"):
        got = answers(stores[server], name, values)
        missing, extra = expected - got, got - expected
        assert not missing and not extra, (
            f"{server}: {sum(missing.values())} rows missing, e.g. {list(missing)[:2]}; "
            f"{sum(extra.values())} rows extra, e.g. {list(extra)[:2]}"
        )


@pytest.mark.parametrize("server", ["oxigraph", "virtuoso"])
def test_articles_and_dumps_are_the_same_on_every_store(
    stores: dict[str, Store], server: str
) -> None:
    listed = [(a.iri, a.title, a.source) for a in stores["embedded"].articles()]
    assert len(listed) == len(ARTICLES) + len(list(WORKS.iterdir()))
    assert [(a.iri, a.title, a.source) for a in stores[server].articles()] == listed
    assert dumped(stores[server]) == dumped(stores["embedded"])


def dumped(store: Store) -> set[str]:
    """Return the store's N-Quads dump as a set of lines."""
    out = io.BytesIO()
    store.dump("nquads", out)
    return set(out.getvalue().decode().splitlines())


#: claimkb's own triples (articles and vocabulary), not a server's system graphs.
OURS = 'FILTER (STRSTARTS(STR(?s), "https://w3id.org/claimkb/"))'


@pytest.mark.parametrize("name", ["embedded", "oxigraph", "virtuoso"])
def test_the_union_default_graph_holds_each_triple_once(
    stores: dict[str, Store], name: str
) -> None:
    """What every article shares (cue concepts, the software agent, the evidence scale) is
    stored once, in the vocabulary graph, so a query over the union repeats no row."""
    store = stores[name]
    rows = store.query_with_prefixes(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o {OURS} }}")
    distinct = store.query_with_prefixes(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ ?s ?p ?o {OURS} }} }}"
    )
    assert rows.dicts() == distinct.dicts()
    assert rows.dicts()[0]["n"] > 1000
    everywhere = stores["embedded"].query_with_prefixes(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o {OURS} }}"
    )
    assert rows.dicts() == everywhere.dicts()
    ranked = store.query_with_prefixes(
        "SELECT ?label WHERE { ?level skos:inScheme ckb:EvidenceScale ; ckb:rank 1 ; "
        "skos:prefLabel ?label }"
    )
    assert [row["label"] for row in ranked.dicts()] == ["systematic review or meta-analysis"]
