"""The store: named graphs per article, replace, remove, list, dump/load, results, locking.

Every behaviour is checked on the embedded store and on a real ``oxigraph serve`` process.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from kb.errors import QuerySyntaxError, StoreLocked, StoreUnavailable
from kb.rdf.vocabulary import VOCABULARY, vocabulary_ntriples
from kb.store import open_store
from kb.store.base import Store, to_python
from tests.oxigraph_server import oxigraph_server

EX = "https://w3id.org/claimkb/id/article/"
TITLE = "<http://purl.org/dc/terms/title>"
PATH = "<https://w3id.org/claimkb/ns#sourcePath>"
LENGTH = "<https://w3id.org/claimkb/ns#textLength>"
INT = "<http://www.w3.org/2001/XMLSchema#integer>"


def article(name: str, title: str, length: int = 10) -> tuple[str, str]:
    """Return (IRI, N-Triples) of a small hand-written article graph."""
    iri = EX + name
    text = (
        f"<{iri}> {TITLE} {ox.Literal(title)} .\n"
        f'<{iri}> {PATH} "articles/{name}.txt" .\n'
        f'<{iri}> {LENGTH} "{length}"^^{INT} .\n'
    )
    return iri, text


@pytest.fixture(params=["embedded", "remote"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """Yield an empty store of each kind."""
    if request.param == "embedded":
        with open_store(str(tmp_path / "kb")) as opened:
            yield opened
        return
    with oxigraph_server(tmp_path / "server") as url, open_store(url) as opened:
        yield opened


def stored_quads(store: Store) -> set[str]:
    """Return the store's content as a set of N-Quads lines."""
    out = io.BytesIO()
    store.dump("nquads", out)
    return set(out.getvalue().decode().splitlines())


def test_replace_keeps_only_the_new_graph(store: Store) -> None:
    iri, first = article("a", "First title", 10)
    store.replace_article(iri, first)
    _, second = article("a", "Second title", 12)
    store.replace_article(iri, second)
    rows = store.query(f"SELECT ?p ?o WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}").dicts()
    assert sorted(str(row["o"]) for row in rows) == ["12", "Second title", "articles/a.txt"]


def test_articles_lists_iri_title_and_source(store: Store) -> None:
    for name, title in [("b", "Bee"), ("a", "Ant")]:
        store.replace_article(*article(name, title))
    listed = [(a.iri, a.title, a.source) for a in store.articles()]
    assert listed == [(EX + "a", "Ant", "articles/a.txt"), (EX + "b", "Bee", "articles/b.txt")]


def test_remove_article(store: Store) -> None:
    store.replace_article(*article("a", "Ant"))
    store.replace_article(*article("b", "Bee"))
    assert store.remove_article(EX + "a") is True
    assert store.remove_article(EX + "a") is False
    assert [a.iri for a in store.articles()] == [EX + "b"]


def test_write_articles_yields_each_committed_iri(store: Store) -> None:
    items = [article(f"n{i}", f"Title {i}") for i in range(30)]
    assert list(store.write_articles(items)) == [iri for iri, _ in items]
    assert len(store.articles()) == 30


def test_graph_gives_one_article_as_rdflib(store: Store) -> None:
    store.replace_article(*article("a", "Ant"))
    store.replace_article(*article("b", "Bee"))
    graph = store.graph(EX + "a")
    assert len(graph) == 3
    assert {str(o) for o in graph.objects()} >= {"Ant", "articles/a.txt"}


@pytest.mark.parametrize("fmt", ["trig", "nquads", "jsonld"])
def test_dump_then_load_round_trips(store: Store, tmp_path: Path, fmt: str) -> None:
    for name, title in [("a", 'Ant "quoted"'), ("b", "Bee\nline two"), ("c", "Café")]:
        store.replace_article(*article(name, title))
    before = stored_quads(store)
    path = tmp_path / f"dump.{fmt}"
    with path.open("wb") as out:
        store.dump(fmt, out)
    for info in store.articles():
        store.remove_article(info.iri)
    assert stored_quads(store) == set()
    assert store.load(path) == 3
    loaded = stored_quads(store)
    assert articles_only(loaded) == before
    assert len(loaded - before) == len(vocabulary_ntriples().splitlines())  # load writes it
    store.load(path)  # loading again replaces, never duplicates
    assert stored_quads(store) == loaded


def articles_only(quads: set[str]) -> set[str]:
    """Return the N-Quads lines of ``quads`` outside the vocabulary graph."""
    return {line for line in quads if not line.endswith(f"<{VOCABULARY}> .")}


def test_load_adds_the_parts_of_a_graph_split_across_the_file(store: Store, tmp_path: Path) -> None:
    (a, a_text), (b, b_text) = article("a", "Ant"), article("b", "Bee")
    first, second = a_text.splitlines(keepends=True)[:1], a_text.splitlines(keepends=True)[1:]
    path = tmp_path / "split.nq"
    path.write_text(
        "".join(line.replace(" .\n", f" <{a}> .\n") for line in first)
        + "".join(line.replace(" .\n", f" <{b}> .\n") for line in b_text.splitlines(True))
        + "".join(line.replace(" .\n", f" <{a}> .\n") for line in second)
    )
    assert store.load(path) == 2
    assert {info.iri: info.title for info in store.articles()} == {a: "Ant", b: "Bee"}
    counted = store.query(f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{a}> {{ ?s ?p ?o }} }}")
    assert to_python(counted.rows[0][0]) == 3


def test_load_writes_new_graphs_in_bulk_and_says_when_it_compacts(tmp_path: Path) -> None:
    path = tmp_path / "dump.nq"
    path.write_text(
        "".join(
            line.replace(" .\n", f" <{iri}> .\n")
            for iri, text in (article(f"n{i}", f"T{i}") for i in range(20))
            for line in text.splitlines(keepends=True)
        )
    )
    graphs: list[str] = []
    compactions: list[int] = []
    with open_store(str(tmp_path / "kb")) as store:
        count = store.load(
            path, on_graph=graphs.append, on_compact=lambda: compactions.append(len(graphs))
        )
        assert count == 20 and len(store.articles()) == 20
    assert graphs == [EX + f"n{i}" for i in range(20)]
    assert compactions == [20]  # once, after the last graph landed


def test_load_refuses_a_format_without_named_graphs(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "one.ttl"
    path.write_text("<http://e/s> <http://e/p> <http://e/o> .\n")
    with pytest.raises(StoreUnavailable, match="no named graphs"):
        store.load(path)


def test_load_reports_a_malformed_file(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "bad.nq"
    path.write_text("<http://e/s> <http://e/p> .\n")
    with pytest.raises(StoreUnavailable, match=r"bad\.nq: not valid nquads"):
        store.load(path)


def test_query_syntax_error_gives_the_position(store: Store) -> None:
    with pytest.raises(QuerySyntaxError, match="1:26"):
        store.query("SELECT ?x WHERE { ?x ?y }")


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("csv", "title\r\nAnt\r\n"),
        ("tsv", '?title\n"Ant"\n'),
    ],
)
def test_select_results_serialize_to_w3c_formats(store: Store, fmt: str, expected: str) -> None:
    store.replace_article(*article("a", "Ant"))
    result = store.query(f"SELECT ?title WHERE {{ GRAPH ?g {{ ?g {TITLE} ?title }} }}")
    assert result.kind == "bindings"
    assert result.variables == ("title",)
    assert result.serialize(fmt).decode() == expected


def test_select_results_json_and_xml(store: Store) -> None:
    store.replace_article(*article("a", "Ant"))
    result = store.query(f"SELECT ?title WHERE {{ GRAPH ?g {{ ?g {TITLE} ?title }} }}")
    data = json.loads(result.serialize("json"))
    assert data["head"]["vars"] == ["title"]
    assert data["results"]["bindings"][0]["title"]["value"] == "Ant"
    assert b"<literal>Ant</literal>" in result.serialize("xml")


@pytest.mark.parametrize(("query", "expected"), [("ASK { GRAPH ?g { ?s ?p ?o } }", True)])
def test_ask_results(store: Store, query: str, expected: bool) -> None:
    store.replace_article(*article("a", "Ant"))
    result = store.query(query)
    assert (result.kind, result.boolean) == ("boolean", expected)
    assert json.loads(result.serialize("json"))["boolean"] is expected


def test_construct_results_serialize_to_rdf(store: Store) -> None:
    store.replace_article(*article("a", "Ant"))
    result = store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert result.kind == "graph"
    assert len(result) == 3
    assert b"Ant" in result.serialize("ttl")


def test_read_only_store_refuses_writes(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "kb")) as store:
        store.replace_article(*article("a", "Ant"))
    with open_store(str(tmp_path / "kb"), read_only=True) as store:
        assert [a.title for a in store.articles()] == ["Ant"]
        with pytest.raises(StoreUnavailable, match="read-only"):
            store.replace_article(*article("b", "Bee"))


def test_read_only_opening_of_a_missing_store_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(StoreUnavailable, match=r"no knowledge base at .*claimkb ingest"):
        open_store(str(tmp_path / "nothing"), read_only=True)


def test_unreachable_endpoint_is_reported() -> None:
    from tests.oxigraph_server import free_port

    store = open_store(f"http://127.0.0.1:{free_port()}/query")
    with pytest.raises(StoreUnavailable, match="cannot reach the SPARQL endpoint"):
        store.articles()


def test_update_url_defaults_to_the_sibling_update() -> None:
    from kb.store.remote import RemoteStore

    assert RemoteStore("http://h:7878/query").update_url == "http://h:7878/update"
    assert RemoteStore("http://h/ds/sparql").update_url == "http://h/ds/update"
    assert RemoteStore("http://h/q", update_url="http://h/u").update_url == "http://h/u"


HOLDER = """
import sys
from kb.store import open_store
store = open_store(sys.argv[1])
print("holding", flush=True)
sys.stdin.read()
"""


def test_second_writer_is_refused_and_a_reader_works_beside_the_first(tmp_path: Path) -> None:
    location = str(tmp_path / "kb")
    with open_store(location) as store:
        store.replace_article(*article("a", "Ant"))
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, location],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=Path(__file__).parent.parent,
    )
    try:
        assert holder.stdout.readline().strip() == b"holding"
        with pytest.raises(StoreLocked, match=re.escape(f"knowledge base at {location} is in use")):
            open_store(location)
        with open_store(location, read_only=True) as reader:
            assert [a.title for a in reader.articles()] == ["Ant"]
    finally:
        holder.communicate(timeout=30)  # closes its pipes and waits
    with open_store(location) as store:  # the lock goes with the process
        assert len(store.articles()) == 1


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ('"12"^^<http://www.w3.org/2001/XMLSchema#integer>', 12),
        ('"0.5"^^<http://www.w3.org/2001/XMLSchema#decimal>', 0.5),
        ('"true"^^<http://www.w3.org/2001/XMLSchema#boolean>', True),
        ('"2019"^^<http://www.w3.org/2001/XMLSchema#gYear>', "2019"),
        ('"text"', "text"),
        ("<http://e/x>", "http://e/x"),
    ],
)
def test_to_python(term: str, expected: object) -> None:
    (triple,) = ox.parse(f"<http://e/s> <http://e/p> {term} .", format=ox.RdfFormat.N_TRIPLES)
    assert to_python(triple.object) == expected


def test_batched_new_articles_and_repeats_in_one_batch(store: Store) -> None:
    first, second = article("n1", "First"), article("n2", "Second")
    again = article("n1", "First, again")
    assert list(store.write_articles([first, second, again])) == [first[0], second[0], first[0]]
    assert [a.title for a in store.articles()] == ["First, again", "Second"]
    titles = store.query(f"SELECT ?t WHERE {{ GRAPH <{first[0]}> {{ ?a {TITLE} ?t }} }}")
    assert [to_python(row[0]) for row in titles.rows] == ["First, again"]


def test_literals_with_unicode_line_separators_survive_a_batch(store: Store) -> None:
    iri = "https://example.org/a/sep"
    ntriples = f'<{iri}> {TITLE} "one\u2028two\u0085three" .\n'
    assert list(store.write_articles([(iri, ntriples)])) == [iri]
    assert store.articles()[0].title == "one\u2028two\u0085three"


def test_a_big_bulk_load_compacts_the_store_and_a_small_one_does_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kb.store.embedded import EmbeddedStore

    compactions: list[int] = []
    real = EmbeddedStore._compact

    def counted(self: EmbeddedStore) -> None:
        compactions.append(len(self.articles()))
        real(self)

    monkeypatch.setattr(EmbeddedStore, "_compact", counted)
    with open_store(str(tmp_path / "kb")) as store:
        list(store.write_articles([article(f"n{i}", f"T{i}") for i in range(30)]))
        assert compactions == [30]  # everything was new
        list(store.write_articles([article("late", "Late")]))
        assert compactions == [30]  # 1 new article of 31: under a tenth, no compaction
        assert len(store.articles()) == 31
