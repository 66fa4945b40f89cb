"""Hostile query input: parameters that try to rewrite the query, and SERVICE requests (SSRF).

Each case is a value or query an attacker (or an unlucky user) could type; the rule is that a
parameter is one RDF term and nothing else, and that no query makes claimkb send a request to
a URL unless the user allowed federated queries.
"""

from __future__ import annotations

import csv
import http.server
import io
import threading
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from kb.cli import main
from kb.query.federation import uses_service

ALL_ROWS = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def kb_path(query_kb: str) -> str:
    return query_kb


def query(kb_path: str, *args: str):
    return CliRunner().invoke(main, ["query", "--kb", kb_path, "--format", "csv", *args])


def one_line_error(result, *words: str) -> None:
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert "Traceback" not in result.output
    for word in words:
        assert word in lines[0]


@pytest.mark.parametrize(
    "param",
    [
        "article=<http://example.org/a b>",  # an IRI with a space
        "article=<https://w3id.org/claimkb/id/article/aaaa> } } UNION { ?s ?p ?o } #>",
        "article=https://w3id.org/claimkb/id/article/aaaa?x=1 } UNION { ?s ?p ?o",
        "article=ckbid:article/aaaa> } } UNION { GRAPH ?g { ?s ?p ?o } } #",
        "article=ckb:x>} ; DROP ALL ; #",
    ],
)
def test_an_iri_parameter_that_is_not_one_iri_is_refused(kb_path: str, param: str) -> None:
    one_line_error(query(kb_path, "--name", "article-claims", "--param", param), "IRI", "--param")


@pytest.mark.parametrize(
    "value",
    [
        '"caffeine" ) ) } UNION { ?article ?line ?sentence } #"',
        'x")) } UNION { GRAPH ?article { ?claim ?p ?text } } #',
        '"\\" } UNION { ?s ?p ?o } #"',
    ],
)
def test_a_string_parameter_stays_one_string(kb_path: str, value: str) -> None:
    # No claim's text holds these strings: the query finds nothing, whatever they say.
    result = query(kb_path, "--name", "claims-mentioning", "--param", f"term={value}")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert rows == []


def test_an_ordinary_iri_parameter_still_works(kb_path: str) -> None:
    article = "https://w3id.org/claimkb/id/article/aaaa"
    result = query(kb_path, "--name", "article-claims", "--param", f"article=<{article}>")
    assert result.exit_code == 0, result.output
    assert len(list(csv.DictReader(io.StringIO(result.output)))) == 5


class Listener:
    """A local HTTP server that records every request it gets (the SSRF target)."""

    def __init__(self) -> None:
        hits = self.hits = []

        class Record(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hits.append(self.path)
                self.send_response(500)
                self.end_headers()

            do_POST = do_GET

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Record)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/internal"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def listener() -> Iterator[Listener]:
    running = Listener()
    yield running
    running.server.shutdown()
    running.server.server_close()


SERVICE_QUERIES = [
    "SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "select * { service silent <{url}> { ?s ?p ?o } }",
    "SELECT * WHERE {?x ?y ?z .SERVICE<{url}>{?s ?p ?o}}",
    "SELECT * WHERE { \\u0053ERVICE <{url}> { ?s ?p ?o } }",
    "PREFIX t: <{url}#>\nSELECT * WHERE { SERVICE t:x { ?s ?p ?o } }",
]


@pytest.mark.parametrize("template", SERVICE_QUERIES)
def test_service_is_refused_and_sends_nothing(
    kb_path: str, listener: Listener, template: str
) -> None:
    result = query(kb_path, template.replace("{url}", listener.url))
    one_line_error(result, "SERVICE", "--allow-service")
    assert listener.hits == []


def test_allow_service_lets_the_request_go(kb_path: str, listener: Listener) -> None:
    # The guard is what stopped the requests above: allowed, the same query reaches the URL.
    sparql = SERVICE_QUERIES[0].replace("{url}", listener.url)
    query(kb_path, "--allow-service", sparql)
    assert listener.hits == ["/internal"]


@pytest.mark.parametrize(
    "sparql",
    [
        "SELECT ?service WHERE { ?service ?p ?o }",
        'SELECT * WHERE { ?s ?p "SERVICE <http://x/> { }" }',
        "SELECT * WHERE { ?s ?p '''a\nservice <x> {'''}",
        "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o }",
        "PREFIX service: <http://e/>\nSELECT * WHERE { ?s service:p ex:service }",
        "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://x/> { }",
    ],
)
def test_the_word_service_elsewhere_is_not_a_service(sparql: str) -> None:
    assert not uses_service(sparql)


def test_the_check_is_linear_on_hostile_text() -> None:
    # Unclosed strings and IRIs, repeated: one pass, no backtracking.
    for chunk in ('"', "'''", "<a", '"""\\'):
        assert not uses_service(chunk * 200_000)
