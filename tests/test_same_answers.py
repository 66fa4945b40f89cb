"""The same answers everywhere: every query claimkb ships gives the same rows on the embedded
store, on a real Oxigraph server and on a real Virtuoso, each loaded from one dump of the fixture
articles: the named queries (with their parameters, and their ``--count``), the export's network
queries (the per-property subqueries, for the whole knowledge base and for one article), the
knowledge-base audit's queries and the statistics; and ``claimkb export --kb URL`` writes the
same network from each.

Rows are compared as sets with their multiplicities (engines order ties differently), values as
plain Python values with their type (a boolean is not the number 0 or 1); a CONSTRUCT's triples as a
set.
"""

from __future__ import annotations

import io
import json
import shutil
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bench.corpus import generate
from kb.audit.knowledge_base import _select as audit_rows
from kb.cli import main
from kb.export.network import _query_text as network_query
from kb.ingest.pipeline import ingest
from kb.query.loader import query_texts
from kb.query.pages import count_query
from kb.query.run import bind_parameters, named_queries, parse_parameter, run_query
from kb.rdf.prefixes import sparql_prologue
from kb.store import open_store
from kb.store.base import Store
from kb.store.virtuoso import query_form
from tests.oxigraph_server import oxigraph_server
from tests.virtuoso_server import virtuoso_server

FIXTURES = Path(__file__).parent / "fixtures" / "articles"
#: Fixture articles with claims of every status, conflicting sources, weasels, a JATS paper,
#: a wiki page citing by shortened footnotes with an editor's "citation needed".
ARTICLES = [
    "bus-fares-factcheck.html",
    "classroom-noise-jats.xml",
    "coffee-brain-health-news.md",
    "kombucha-wiki.html",
    "skerrymore-lighthouse-wiki.txt",
    "turmeric-hedges-boosters.md",
    "walking-depression-jats.xml",
]
#: The article the one-article queries and exports ask for: it has sections, footnotes, flags.
ONE = "skerrymore-lighthouse-wiki.txt"
#: Articles citing the same works in different words (tests/test_works.py), and one citing by
#: PMID alone a paper another cites by DOI and PMID (a work joined through owl:sameAs).
WORKS = Path(__file__).parent / "fixtures" / "works"
SAME_WORK = Path(__file__).parent / "fixtures" / "same-work"
#: Generated articles (bench/corpus.py): over 100 works, most cited as often as others, so a
#: query's LIMIT falls among ties, where only a total ORDER BY gives the same rows everywhere.
GENERATED = 12
#: A parameter value for each parameter name a named query takes, by name.
PARAMETERS = {"term": "sleep"}
SERVERS = ("oxigraph", "virtuoso")
#: Answers of a query on one store: its rows (or triples), with how many times each comes.
Answers = Counter[Any]


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Store]]:
    """Yield the embedded store and the two servers, each holding the same articles."""
    root = tmp_path_factory.mktemp("same")
    articles = root / "articles"
    articles.mkdir()
    for name in ARTICLES:
        shutil.copy(FIXTURES / name, articles / name)
    for path in [*WORKS.iterdir(), *SAME_WORK.iterdir()]:  # articles citing the same works
        shutil.copy(path, articles / path.name)
    for name, text in generate(GENERATED, seed=3):
        (articles / name).write_text(text, encoding="utf-8")
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
        elif name == "work":
            values[name] = _first(
                store, "?claim cito:citesAsEvidence ?source . ?source biro:references ?work", "work"
            )
        elif name == "doi":
            values[name] = _first(
                store, "?claim cito:citesAsEvidence ?source . ?source ckb:doi ?doi", "doi"
            )
        else:
            assert name in PARAMETERS, f"give tests/test_same_answers.py a value for {name}"
            values[name] = PARAMETERS[name]
    return values


def _first(store: Store, pattern: str, variable: str = "article") -> str:
    sparql = f"SELECT ?{variable} WHERE {{ GRAPH ?article {{ {pattern} }} }} ORDER BY ?{variable}"
    rows = run_query(store, sparql).dicts()
    assert rows, f"no value for ?{variable} in the fixture articles"
    return str(rows[0][variable])


def answers(store: Store, name: str, values: dict[str, Any]) -> Answers:
    """Return the rows (or triples) of the named query ``name`` on ``store``, with counts."""
    result = run_query(store, bound(name, values))
    if result.kind == "graph":
        return Counter(str(triple) for triple in result)
    # A value's Python type travels with it: False and 0 (a boolean a server gives as a number)
    # are equal and hash alike in Python, but a CSV shows "false" on one and "0" on the other.
    return Counter(
        tuple(sorted((key, type(value).__name__, value) for key, value in row.items()))
        for row in result.dicts()
    )


def bound(name: str, values: dict[str, Any]) -> str:
    """Return the named query ``name`` with its parameters bound to ``values``."""
    query = named_queries()[name]
    params = dict(parse_parameter(f"{key}={value}") for key, value in values.items())
    return bind_parameters(query.sparql, params, query.parameters)


def rows(select: Iterator[dict[str, str]]) -> Answers:
    """Return rows of plain strings as a multiset, a GROUP_CONCAT's parts (joined by U+001F) as
    a set: they come in any order on any engine (an author's place travels in its part)."""
    return Counter(
        tuple(
            sorted((name, "\x1f".join(sorted(value.split("\x1f")))) for name, value in row.items())
        )
        for row in select
    )


def assert_same_everywhere(
    stores: dict[str, Store], answer: Callable[[Store], Answers], *, some: bool = True
) -> None:
    """Assert that ``answer`` gives the same multiset on both servers as on the embedded store;
    ``some``: and that the embedded store finds something (else the comparison proves little)."""
    expected = answer(stores["embedded"])
    assert expected or not some, "nothing found in the fixture articles: the comparison is empty"
    for server in SERVERS:
        got = answer(stores[server])
        missing, extra = expected - got, got - expected
        assert not missing and not extra, (
            f"{server}: {sum(missing.values())} rows missing, e.g. {list(missing)[:2]}; "
            f"{sum(extra.values())} rows extra, e.g. {list(extra)[:2]}"
        )


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_named_query_gives_the_same_rows_on_every_store(
    stores: dict[str, Store], name: str
) -> None:
    query = named_queries()[name]
    values = parameters(stores["embedded"], [p.name for p in query.parameters])
    assert_same_everywhere(stores, lambda store: answers(store, name, values))


@pytest.mark.parametrize(
    "name", sorted(n for n, q in named_queries().items() if query_form(q.sparql) == "SELECT")
)
def test_every_named_listing_counts_the_same_rows_on_every_store(
    stores: dict[str, Store], name: str
) -> None:
    """``claimkb query --name NAME --count`` wraps the query in a COUNT: the same everywhere."""
    query = named_queries()[name]
    values = parameters(stores["embedded"], [p.name for p in query.parameters])
    counted = count_query(bound(name, values))
    assert_same_everywhere(
        stores, lambda store: Counter(row["rows"] for row in run_query(store, counted).dicts())
    )


#: Whole knowledge base, or one article (the ``#ARTICLES`` / ``VALUES ?article`` filled).
SCOPES = ("all", "one article")


def scope_article(stores: dict[str, Store], scope: str) -> str | None:
    """Return the IRI of the article a scope names (:data:`ONE`), or None for the whole base."""
    if scope == "all":
        return None
    return next(a.iri for a in stores["embedded"].articles() if (a.source or "").endswith(ONE))


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("name", sorted(query_texts("network")))
def test_every_export_query_gives_the_same_rows_on_every_store(
    stores: dict[str, Store], name: str, scope: str
) -> None:
    """The export's network queries (one subquery per property), as ``claimkb export --kb``
    runs them through ``Store.select_rows``."""
    article = scope_article(stores, scope)
    sparql = network_query(name, (article,) if article else ())
    assert_same_everywhere(
        stores, lambda store: rows(store.select_rows(sparql)), some=scope == "all"
    )


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("name", sorted(query_texts("audit")))
def test_every_audit_query_gives_the_same_rows_on_every_store(
    stores: dict[str, Store], name: str, scope: str
) -> None:
    """The queries of ``claimkb audit --kb``: its rules and the parts it rebuilds articles from
    (a rule that finds nothing in the fixtures must find nothing on the servers too)."""
    article = scope_article(stores, scope)
    text = query_texts("audit")[name]
    assert_same_everywhere(
        stores,
        lambda store: rows(audit_rows(store, text, article, {})),
        some=name.startswith("_") and scope == "all",
    )


@pytest.mark.parametrize("name", sorted(query_texts("stats")))
def test_every_statistics_query_gives_the_same_rows_on_every_store(
    stores: dict[str, Store], name: str
) -> None:
    sparql = sparql_prologue() + query_texts("stats")[name]
    assert_same_everywhere(stores, lambda store: rows(store.select_rows(sparql)))


#: ``claimkb export --kb`` options: the whole network, one article's, a projection, the extras.
EXPORTS = {
    "network": (),
    "one article": ("--article", "FIRST"),
    "sections and levels": ("--sections", "--levels"),
    "co-cited sources": ("--projection", "sources"),
    "articles citing the same works": ("--projection", "articles"),
    "unsupported claims": ("--status", "unsupported"),
}


@pytest.mark.parametrize("export", sorted(EXPORTS))
def test_export_from_every_store_is_the_same_network(stores: dict[str, Store], export: str) -> None:
    """``claimkb export --kb URL`` against each server writes the embedded store's network:
    the same nodes and edges with the same attributes, a projection's edges the same way round
    (node-link JSON, compared as sets)."""
    first = scope_article(stores, "one article") or ""
    options = [first if option == "FIRST" else option for option in EXPORTS[export]]

    def network(store: Store) -> Answers:
        result = CliRunner().invoke(
            main,
            ["export", "--kb", store.location, "--format", "json", "-q", *options],
            catch_exceptions=False,
        )
        assert result.exit_code == 0, result.output
        doc = json.loads(result.stdout)
        items = [*doc["nodes"], *doc["links"]]
        return Counter(json.dumps(item, sort_keys=True) for item in items)

    assert_same_everywhere(stores, network)


@pytest.mark.parametrize("server", SERVERS)
def test_articles_and_dumps_are_the_same_on_every_store(
    stores: dict[str, Store], server: str
) -> None:
    listed = [(a.iri, a.title, a.source) for a in stores["embedded"].articles()]
    shared = len(list(WORKS.iterdir())) + len(list(SAME_WORK.iterdir()))
    assert len(listed) == len(ARTICLES) + shared + GENERATED
    assert [(a.iri, a.title, a.source) for a in stores[server].articles()] == listed
    assert dumped(stores[server]) == dumped(stores["embedded"])


def dumped(store: Store) -> set[str]:
    """Return the store's N-Quads dump as a set of lines."""
    out = io.BytesIO()
    store.dump("nquads", out)
    return set(out.getvalue().decode().splitlines())


#: claimkb's own triples (articles and vocabulary), not a server's system graphs.
OURS = (
    'FILTER (STRSTARTS(STR(?s), "https://w3id.org/claimkb/") '
    # what each article says of a work it cites: once per article, by design (README)
    "&& ?p NOT IN (ckb:citingClaims, ckb:citedAsLevel, ckb:workHash))"
)


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


@pytest.mark.parametrize("name", ["embedded", *SERVERS])
def test_a_work_cited_by_doi_and_by_pmid_alone_is_one_work_on_every_store(
    stores: dict[str, Store], name: str
) -> None:
    """works-cited-by-several-articles follows owl:sameAs on every engine: the article citing
    the paper by PMID alone and the one printing its DOI and PMID share one work, whose claims
    are the same whichever of its IRIs claims-citing-work is given."""
    rows = run_query(stores[name], bound("works-cited-by-several-articles", {})).dicts()
    doi = "https://doi.org/10.5678/occmed.2020.0117"
    (work,) = [row for row in rows if row["work"] == doi]
    assert len(set(work["citing"].split(" "))) == work["articles"] == 2
    claims = [
        {
            row["article"]
            for row in run_query(stores[name], bound("claims-citing-work", {"work": iri})).dicts()
        }
        for iri in (doi, "https://pubmed.ncbi.nlm.nih.gov/31234567")
    ]
    assert claims[0] == claims[1] == set(work["citing"].split(" "))
