"""`claimkb serve`: the SPARQL 1.1 Protocol endpoint, started for real and queried over HTTP."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from kb.serve.server import make_server, negotiate
from kb.store import open_store

FIXTURE = Path(__file__).parent / "fixtures" / "query" / "kb.trig"
A = "https://w3id.org/claimkb/id/article/aaaa"
COUNT = "SELECT (COUNT(?c) AS ?n) WHERE { ?c a ckb:Claim }"
CONSTRUCT = "CONSTRUCT { ?c ckb:status ?s } WHERE { ?c ckb:status ?s }"


def load_fixture(path: Path) -> str:
    with open_store(str(path)) as store:
        store.load(FIXTURE)
    return str(path)


class Running:
    """A server on a free port in a thread; ``url`` is its base URL."""

    def __init__(self, location: str, **options: object) -> None:
        self.server = make_server(location, "127.0.0.1", 0, **options)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.server.endpoint.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    running = Running(load_fixture(tmp_path_factory.mktemp("serve") / "kb"))
    yield running
    running.stop()


def request(
    url: str,
    *,
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, str, bytes]:
    """Return (status, content type, body) of a request, errors included."""
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


def get(server: Running, query: str, accept: str | None = None, **params: str):
    fields = urllib.parse.urlencode({"query": query, **params})
    return request(f"{server.url}/query?{fields}", headers={"Accept": accept} if accept else {})


def count_of(body: bytes) -> int:
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_get_query_default_json_over_the_union_of_articles(server: Running) -> None:
    status, media, body = get(server, COUNT)
    assert status == 200
    assert media.startswith("application/sparql-results+json")
    assert count_of(body) == 7


def test_post_sparql_query(server: Running) -> None:
    status, _, body = request(
        f"{server.url}/query",
        data=COUNT.encode(),
        headers={"Content-Type": "application/sparql-query"},
    )
    assert (status, count_of(body)) == (200, 7)


def test_post_form(server: Running) -> None:
    form = urllib.parse.urlencode({"query": COUNT}).encode()
    status, _, body = request(
        f"{server.url}/sparql",
        data=form,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert (status, count_of(body)) == (200, 7)


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/html, */*;q=0.8", "application/sparql-results+json"),
        ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
    ],
)
def test_select_content_negotiation(server: Running, accept: str, media: str) -> None:
    status, got, body = get(server, "SELECT ?c WHERE { ?c ckb:status ckb:unsupported }", accept)
    assert status == 200
    assert got.split(";")[0] == media
    if media == "text/csv":  # lossy: pyoxigraph does not read it back
        lines = body.decode().splitlines()
        assert lines[0] == "c"
        assert len(lines) == 4
        return
    results = ox.parse_query_results(body, format=ox.QueryResultsFormat.from_media_type(media))
    assert len(list(results)) == 3


@pytest.mark.parametrize(
    "accept",
    ["text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"],
)
def test_construct_content_negotiation(server: Running, accept: str) -> None:
    status, media, body = get(server, CONSTRUCT, accept)
    assert (status, media.split(";")[0]) == (200, accept)
    triples = list(ox.parse(body, format=ox.RdfFormat.from_media_type(accept)))
    assert len(triples) == 7


def test_construct_defaults_to_turtle(server: Running) -> None:
    status, media, _ = get(server, CONSTRUCT)
    assert (status, media.split(";")[0]) == (200, "text/turtle")


def test_sparqlwrapper_style_request(server: Running) -> None:
    # What SPARQLWrapper sends for setReturnFormat(JSON): format/output/results parameters and
    # an Accept header naming several JSON types.
    accept = (
        "application/sparql-results+json,application/json,text/javascript,application/javascript"
    )
    status, media, body = get(server, COUNT, accept, format="json", output="json", results="json")
    assert (status, media.split(";")[0], count_of(body)) == (
        200,
        "application/sparql-results+json",
        7,
    )


def test_format_parameter_overrides_accept(server: Running) -> None:
    status, media, _ = get(server, COUNT, "application/sparql-results+json", format="csv")
    assert (status, media.split(";")[0]) == (200, "text/csv")


def test_rdflib_sparqlstore_client(server: Running) -> None:
    from rdflib import Graph
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = Graph(store=SPARQLStore(f"{server.url}/query", returnFormat="json"))
    rows = list(graph.query("SELECT ?c WHERE { ?c ckb:status ckb:unsupported }"))
    assert len(rows) == 3


def test_default_graph_uri_picks_graphs(server: Running) -> None:
    status, _, body = get(server, COUNT, **{"default-graph-uri": A})
    assert (status, count_of(body)) == (200, 5)


def test_syntax_error_is_400_with_position(server: Running) -> None:
    status, media, body = get(server, "SELECT * WHERE {\n ?s ?p }")
    assert (status, media.split(";")[0]) == (400, "text/plain")
    assert "line 2, column 9" in body.decode()


def test_not_acceptable(server: Running) -> None:
    status, _, body = get(server, COUNT, "image/png")
    assert status == 406
    assert "application/sparql-results+json" in body.decode()


@pytest.mark.parametrize(
    ("path", "data", "content_type"),
    [
        ("/update", b"DROP ALL", "application/sparql-update"),
        ("/update", b"update=DROP+ALL", "application/x-www-form-urlencoded"),
        ("/query", b"update=DROP+ALL", "application/x-www-form-urlencoded"),
    ],
)
def test_updates_are_refused(server: Running, path: str, data: bytes, content_type: str) -> None:
    status, _, body = request(
        f"{server.url}{path}", data=data, headers={"Content-Type": content_type}
    )
    assert status == 403
    assert "--allow-update" in body.decode()
    assert count_of(get(server, COUNT)[2]) == 7


@pytest.mark.parametrize(("path", "status"), [("/nowhere", 404), ("/query", 400), ("/update", 405)])
def test_other_requests(server: Running, path: str, status: int) -> None:
    assert request(f"{server.url}{path}")[0] == status


def test_html_page(server: Running) -> None:
    status, media, body = request(f"{server.url}/")
    page = body.decode()
    assert (status, media.split(";")[0]) == (200, "text/html")
    assert '<textarea id="query"' in page
    named = re.search(r'<script id="named-queries" type="application/json">(.*?)</script>', page)
    assert named is not None
    assert "unsupported-claims" in {q["name"] for q in json.loads(named.group(1))}
    assert "<script src=" not in page  # self-contained


def test_updates_with_allow_update(tmp_path: Path) -> None:
    running = Running(load_fixture(tmp_path / "kb"), allow_update=True, token="secret")
    try:
        update = f"DROP GRAPH <{A}>".encode()
        status, _, _ = request(
            f"{running.url}/update",
            data=update,
            headers={
                "Content-Type": "application/sparql-update",
                "Authorization": "Bearer secret",
            },
        )
        assert status == 204
        assert count_of(get(running, COUNT)[2]) == 2
    finally:
        running.stop()


def test_read_only_server_follows_the_store(tmp_path: Path) -> None:
    location = load_fixture(tmp_path / "kb")
    running = Running(location, refresh=0)
    try:
        assert count_of(get(running, COUNT)[2]) == 7
        # The server holds no lock: a writer opens the store beside it.
        with open_store(location) as writer:
            writer.remove_article(A)
        assert count_of(get(running, COUNT)[2]) == 2
    finally:
        running.stop()


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("", "a/json"),
        ("*/*", "a/json"),
        ("b/*", "b/csv"),
        ("b/csv;q=0.4, a/json;q=0.3", "b/csv"),
        ("a/xml, b/csv", "a/xml"),
        ("a/json;q=0, b/csv", "b/csv"),
    ],
)
def test_negotiate(accept: str, expected: str) -> None:
    assert negotiate(accept, ("a/json", "a/xml", "b/csv")) == expected


def test_cli_serve_subprocess(tmp_path: Path) -> None:
    location = load_fixture(tmp_path / "kb")
    command = [sys.executable, "-c", "from kb.cli import main; main()", "serve", "--kb", location]
    process = subprocess.Popen(
        [*command, "--port", "0"], stderr=subprocess.PIPE, text=True, cwd=Path(__file__).parent
    )
    try:
        assert process.stderr is not None
        line = process.stderr.readline()
        match = re.search(r"at (http://127\.0\.0\.1:\d+)/", line)
        assert match, line
        fields = urllib.parse.urlencode({"query": COUNT})
        status, _, body = request(f"{match.group(1)}/query?{fields}")
        assert (status, count_of(body)) == (200, 7)
    finally:
        process.terminate()
        process.communicate(timeout=30)


ELSEWHERE = "http://localhost:3000"


def exchange(url: str, method: str, headers: dict[str, str], data: bytes | None = None):
    """Return (status, headers, body) of a request, errors included."""
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_cors_lets_a_named_origin_query_from_its_pages(tmp_path: Path) -> None:
    running = Running(load_fixture(tmp_path / "kb"), cors=(ELSEWHERE,))
    try:
        preflight = {
            "Origin": ELSEWHERE,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, accept",
        }
        status, headers, _ = exchange(f"{running.url}/query", "OPTIONS", preflight)
        assert status == 204
        assert headers["Access-Control-Allow-Origin"] == ELSEWHERE
        assert "POST" in headers["Access-Control-Allow-Methods"]
        assert headers["Access-Control-Allow-Headers"] == "content-type, accept"
        # The query itself, as a browser sends it from a page of that origin.
        page = {"Origin": ELSEWHERE, "Sec-Fetch-Site": "cross-site"}
        query = {**page, "Content-Type": "application/sparql-query"}
        status, headers, body = exchange(f"{running.url}/query", "POST", query, COUNT.encode())
        assert status == 200, body
        assert headers["Access-Control-Allow-Origin"] == ELSEWHERE
        assert count_of(body) == 7
        fields = urllib.parse.urlencode({"query": COUNT})
        status, headers, body = exchange(f"{running.url}/query?{fields}", "GET", page)
        assert (status, headers["Access-Control-Allow-Origin"]) == (200, ELSEWHERE)
        # Another origin, and an update from the allowed one, are still refused.
        other = {"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"}
        assert exchange(f"{running.url}/query?{fields}", "GET", other)[0] == 403
        assert exchange(f"{running.url}/query", "OPTIONS", {**preflight, **other})[0] == 403
        update = {**page, "Content-Type": "application/sparql-update"}
        drop = b"DROP ALL"
        assert exchange(f"{running.url}/update", "POST", update, drop)[0] == 403
    finally:
        running.stop()


def test_cors_is_off_by_default(server: Running) -> None:
    preflight = {"Origin": ELSEWHERE, "Access-Control-Request-Method": "POST"}
    status, headers, _ = exchange(f"{server.url}/query", "OPTIONS", preflight)
    assert status == 403
    assert "Access-Control-Allow-Origin" not in headers
    fields = urllib.parse.urlencode({"query": COUNT})
    status, headers, body = exchange(f"{server.url}/query?{fields}", "GET", {"Origin": ELSEWHERE})
    assert status == 403 and b"--cors" in body
