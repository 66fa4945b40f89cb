"""`claimkb serve --cors` from a real page of another origin, in a real headless Chromium.

The page is served by a second HTTP server on another port (another origin); its script
queries claimkb's endpoint with fetch(), as YASGUI does, so the browser itself sends the
preflight and enforces the answer.
"""

from __future__ import annotations

import threading
import urllib.request
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.browser import WAIT_MS
from tests.test_serve import COUNT, Running, load_fixture

FETCH = """async ([url, body, type, token]) => {
  const headers = {"Content-Type": type, "Accept": "application/sparql-results+json"};
  if (token) headers["Authorization"] = "Bearer " + token;
  try {
    const response = await fetch(url, {method: "POST", headers, body});
    return {status: response.status, text: await response.text()};
  } catch (error) {
    return {status: 0, text: String(error)};
  }
}"""


@pytest.fixture(scope="module")
def page_origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve a page from another origin (127.0.0.1 on a port of its own); yield its origin."""
    folder = tmp_path_factory.mktemp("page")
    (folder / "index.html").write_text("<!doctype html><title>SPARQL client</title><p>client")
    handler = partial(SimpleHTTPRequestHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def client_page(browser: object, origin: str) -> object:
    """Open the client page at ``origin``, over HTTP."""
    page = browser.new_page()
    page.set_default_timeout(WAIT_MS)
    page.goto(f"{origin}/index.html")
    return page


def fetch(page: object, url: str, body: str, kind: str, token: str = "") -> dict[str, object]:
    result: dict[str, object] = page.evaluate(FETCH, [url, body, kind, token])
    return result


def test_a_page_of_the_named_origin_queries_and_cannot_update(
    browser: object, page_origin: str, tmp_path: Path
) -> None:
    running = Running(load_fixture(tmp_path / "kb"), cors=(page_origin,), allow_update=True)
    token = running.server.endpoint.token
    try:
        page = client_page(browser, page_origin)
        answer = fetch(page, f"{running.url}/query", COUNT, "application/sparql-query")
        assert answer["status"] == 200, answer
        assert '"n"' in str(answer["text"])
        # The update, with the right token, is refused before it is sent (preflight 403)...
        drop = "DROP ALL"
        refused = fetch(page, f"{running.url}/update", drop, "application/sparql-update", token)
        assert refused["status"] == 0, refused
        # ...and the store kept everything: the same query still counts the claims.
        again = fetch(page, f"{running.url}/query", COUNT, "application/sparql-query")
        assert again["text"] == answer["text"]
        # The same update from a program (no Origin) with the token is allowed: the refusal
        # was the cross-origin rule, not the update itself.
        request = urllib.request.Request(
            f"{running.url}/update",
            data=b"INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> <urn:c> } }",
            headers={
                "Content-Type": "application/sparql-update",
                "Authorization": f"Bearer {token}",
            },
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            assert response.status in (200, 204)
    finally:
        running.stop()


def test_without_cors_a_page_of_another_origin_cannot_read_results(
    browser: object, page_origin: str, tmp_path: Path
) -> None:
    running = Running(load_fixture(tmp_path / "kb"))
    try:
        page = client_page(browser, page_origin)
        answer = fetch(page, f"{running.url}/query", COUNT, "application/sparql-query")
        assert answer["status"] == 0, answer  # the browser refuses: no CORS answer
    finally:
        running.stop()
