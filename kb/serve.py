"""``claimkb serve``: a SPARQL 1.1 Protocol endpoint over the embedded knowledge base.

Queries: ``GET /query?query=...``, ``POST /query`` with ``application/sparql-query`` or a form
(``query=...``); ``/sparql`` is the same endpoint. Results by content negotiation (``Accept``,
or a ``format``/``output`` parameter as SPARQLWrapper and Fuseki send): SPARQL results in
JSON, XML, CSV or TSV; graphs in Turtle, N-Triples, JSON-LD or RDF/XML. The prefixes of
``claimkb query`` are predeclared, and the default graph is the union of every article graph
(as ``oxigraph serve --union-default-graph``) unless ``default-graph-uri`` names graphs.
``GET /`` is a plain HTML query page. Updates (``POST /update``) are refused with 403 unless
the server runs with ``allow_update``.

How the store is held, and why:

* Read-only (the default): the server opens a read-only view (``Store.read_only``), so it
  never takes the writer's lock and ``claimkb ingest`` can keep writing beside it. A view is a
  snapshot as of opening; the server opens a fresh one when the store's files have changed
  (checked at most once a second, about 20 ms to reopen), so new articles appear within a
  second of being written. Oxigraph does not promise that a reader beside a writer sees a
  consistent store while files are being compacted, so a query that fails with an I/O error is
  retried once on a fresh view.
* ``allow_update``: the server opens the store for writing and is its one writer: run ingest
  through it (``claimkb ingest --kb http://HOST:PORT/query``, whose updates go to ``/update``),
  while other processes can still read the store read-only.

The standard library's ThreadingHTTPServer is enough here: one local user, queries that run
inside pyoxigraph, no streaming; no web framework to install or keep up to date.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from typing import Any

import pyoxigraph as ox

from claims.errors import ClaimkbError
from ontology import PREFIXES

from .query import TURTLE_PREFIXES, syntax_error

__all__ = ["Endpoint", "make_server", "serve"]

#: Media types of SELECT/ASK results, first is the default.
RESULT_TYPES: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
#: Media types of CONSTRUCT/DESCRIBE results, first is the default.
GRAPH_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
#: Short names of the ``format``/``output`` parameter.
FORMAT_NAMES = {
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv", None),
    "tsv": ("text/tab-separated-values", None),
    "turtle": (None, "text/turtle"),
    "ttl": (None, "text/turtle"),
    "nt": (None, "application/n-triples"),
    "ntriples": (None, "application/n-triples"),
    "jsonld": (None, "application/ld+json"),
    "rdfxml": (None, "application/rdf+xml"),
}
_QUERY_PATHS = ("/query", "/sparql")
_FORM = "application/x-www-form-urlencoded"
#: How often (seconds) a read-only server looks for changes to the store.
REFRESH_SECONDS = 1.0
_MAX_BODY = 64 * 1024 * 1024


class NotAcceptable(ClaimkbError):
    """No media type the client accepts fits the query's results."""


@dataclass
class Response:
    """What a handler sends back: a status, a media type and a body."""

    status: int
    content_type: str
    body: bytes


class Endpoint:
    """The embedded store behind the protocol: read-only views that follow the store, or a writer.

    ``execute`` and ``update`` are what the HTTP handler calls; both are thread-safe.
    """

    def __init__(
        self, location: str, *, allow_update: bool = False, refresh: float = REFRESH_SECONDS
    ) -> None:
        from .store import EmbeddedStore, is_url

        if is_url(location):
            raise ClaimkbError(
                f"{location} is already a SPARQL endpoint: query it directly, "
                "`claimkb serve` serves an embedded knowledge base (a directory)"
            )
        self.location = os.path.expanduser(location)
        self.allow_update = allow_update
        self.refresh = refresh
        self._holder = EmbeddedStore(self.location, read_only=not allow_update)
        self._store = self._holder.oxigraph
        self._signature = self._files()
        self._checked = time.monotonic()
        self._lock = threading.Lock()

    @property
    def store(self) -> ox.Store:
        """Return the current view (read-only: reopened when the store's files changed)."""
        if self.allow_update or time.monotonic() - self._checked < self.refresh:
            return self._store
        with self._lock:
            self._checked = time.monotonic()
            signature = self._files()
            if signature != self._signature:
                # A writer may move files while we open: then keep this view, retry later.
                with contextlib.suppress(OSError):
                    self._reopen(signature)
        return self._store

    def _files(self) -> tuple[tuple[str, int, int], ...]:
        try:
            entries = list(os.scandir(self.location))
        except OSError:
            return ()
        return tuple(sorted((e.name, *_size_and_time(e)) for e in entries))

    def _reopen(self, signature: tuple[tuple[str, int, int], ...] | None = None) -> None:
        self._store = ox.Store.read_only(self.location)
        self._signature = signature if signature is not None else self._files()

    def execute(self, sparql: str, params: dict[str, list[str]], accept: str) -> Response:
        """Return the response to a query: results in the negotiated format, or an error."""
        try:
            result = self._query(sparql, params)
        except SyntaxError as error:
            return _text(HTTPStatus.BAD_REQUEST, _syntax_message(sparql, error))
        return _serialize(result, _chosen_type(result, params, accept))

    def _query(self, sparql: str, params: dict[str, list[str]]) -> Any:
        options = _dataset(params)
        try:
            return _materialize(self.store.query(sparql, prefixes=PREFIXES, **options))
        except OSError:
            if self.allow_update:
                raise
            # A view beside a writer can lose files to compaction: retry on a fresh one.
            with self._lock:
                self._reopen()
            return _materialize(self.store.query(sparql, prefixes=PREFIXES, **options))

    def update(self, sparql: str) -> Response:
        """Return the response to an update: 204 when applied, 403 when updates are refused."""
        if not self.allow_update:
            return _text(
                HTTPStatus.FORBIDDEN,
                "this endpoint is read-only: restart it with `claimkb serve --allow-update` "
                "to accept SPARQL updates on /update",
            )
        try:
            self._store.update(sparql, prefixes=PREFIXES)
        except SyntaxError as error:
            return _text(HTTPStatus.BAD_REQUEST, _syntax_message(sparql, error))
        return Response(HTTPStatus.NO_CONTENT, "text/plain", b"")

    def close(self) -> None:
        """Release the store (and the writer's lock, when held)."""
        self._holder.close()


def _size_and_time(entry: os.DirEntry[str]) -> tuple[int, int]:
    try:
        stat = entry.stat()
    except OSError:  # removed by compaction while we looked
        return (-1, -1)
    return (stat.st_size, stat.st_mtime_ns)


def _dataset(params: dict[str, list[str]]) -> dict[str, Any]:
    """Return pyoxigraph's dataset options for default-graph-uri / named-graph-uri."""
    default = params.get("default-graph-uri", [])
    named = params.get("named-graph-uri", [])
    options: dict[str, Any] = {}
    if default:
        options["default_graph"] = [ox.NamedNode(iri) for iri in default]
    else:
        options["use_default_graph_as_union"] = True
    if named:
        options["named_graphs"] = [ox.NamedNode(iri) for iri in named]
    return options


def _materialize(result: Any) -> Any:
    """Return a result that can be serialized after the view it came from is replaced."""
    if isinstance(result, ox.QueryTriples):
        return list(result)
    return result


def _chosen_type(result: Any, params: dict[str, list[str]], accept: str) -> str:
    """Return the media type to answer with, from a format parameter or the Accept header."""
    graph = isinstance(result, list)
    types = GRAPH_TYPES if graph else RESULT_TYPES
    for name in params.get("format", []) + params.get("output", []):
        choice = FORMAT_NAMES.get(name.lower(), (None, None))[1 if graph else 0]
        if choice is None and "/" in name and name in types:
            choice = name
        if choice is not None:
            return choice
    return negotiate(accept, tuple(types))


def negotiate(accept: str, offered: tuple[str, ...]) -> str:
    """Return the offered media type the Accept header prefers (the first offered on a tie)."""
    if not accept.strip():
        return offered[0]
    best, best_q = None, 0.0
    for position, (media, q) in enumerate(_accepted(accept)):
        for rank, candidate in enumerate(offered):
            if _matches(media, candidate):
                score = q - position * 1e-6 - rank * 1e-9
                if score > best_q:
                    best, best_q = candidate, score
    if best is None:
        raise NotAcceptable(
            f"none of the requested media types ({accept}) fits these results; "
            f"ask for one of: {', '.join(offered)}"
        )
    return best


def _accepted(accept: str) -> list[tuple[str, float]]:
    ranges = []
    for part in accept.split(","):
        media, *options = (item.strip() for item in part.split(";"))
        q = 1.0
        for option in options:
            key, _, value = option.partition("=")
            if key.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media and q > 0:
            ranges.append((media.lower(), q))
    return ranges


def _matches(media: str, candidate: str) -> bool:
    if media in ("*/*", "*"):
        return True
    if media.endswith("/*"):
        return candidate.startswith(media[:-1])
    return media == candidate


def _serialize(result: Any, media: str) -> Response:
    charset = "" if media.endswith("json") else "; charset=utf-8"
    if isinstance(result, list):
        body = ox.serialize(result, format=GRAPH_TYPES[media], prefixes=TURTLE_PREFIXES) or b""
        return Response(HTTPStatus.OK, media + charset, body)
    body = result.serialize(format=RESULT_TYPES[media]) or b""
    return Response(HTTPStatus.OK, media + charset, body)


def _syntax_message(sparql: str, error: SyntaxError) -> str:
    return str(syntax_error(sparql, error))


def _text(status: int, message: str) -> Response:
    return Response(status, "text/plain; charset=utf-8", (message + "\n").encode())


class _Handler(BaseHTTPRequestHandler):
    """Routes GET and POST requests to the endpoint."""

    server: _Server
    protocol_version = "HTTP/1.1"
    server_version = "claimkb"

    def do_GET(self) -> None:
        path, params = self._target()
        if path in ("/", "/index.html") and "query" not in params:
            self._send(Response(HTTPStatus.OK, "text/html; charset=utf-8", page()))
        elif path in (*_QUERY_PATHS, "/") and "query" in params:
            self._query(params["query"][0], params)
        elif path in _QUERY_PATHS:
            self._send(_text(HTTPStatus.BAD_REQUEST, "missing the query parameter: ?query=..."))
        elif path == "/update":
            self._send(_text(HTTPStatus.METHOD_NOT_ALLOWED, "send updates with POST"))
        else:
            self._send(_text(HTTPStatus.NOT_FOUND, f"no such page: {path}; the endpoint is /query"))

    def do_POST(self) -> None:
        path, params = self._target()
        body = self._body()
        if body is None:
            return
        media = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if media == _FORM:
            for key, values in urllib.parse.parse_qs(body.decode("utf-8")).items():
                params.setdefault(key, []).extend(values)
        if path == "/update" or "update" in params:
            text = params["update"][0] if "update" in params else body.decode("utf-8")
            self._send(self.server.endpoint.update(text))
        elif path not in (*_QUERY_PATHS, "/"):
            self._send(_text(HTTPStatus.NOT_FOUND, f"no such endpoint: {path}; use /query"))
        elif media == "application/sparql-query":
            self._query(body.decode("utf-8"), params)
        elif "query" in params:
            self._query(params["query"][0], params)
        else:
            self._send(
                _text(
                    HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                    "POST a query as application/sparql-query, or as a form with query=...",
                )
            )

    def _target(self) -> tuple[str, dict[str, list[str]]]:
        url = urllib.parse.urlsplit(self.path)
        return url.path, urllib.parse.parse_qs(url.query, keep_blank_values=False)

    def _body(self) -> bytes | None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > _MAX_BODY:
            self._send(_text(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "request body too large"))
            return None
        return self.rfile.read(length)

    def _query(self, sparql: str, params: dict[str, list[str]]) -> None:
        accept = self.headers.get("Accept", "")
        try:
            response = self.server.endpoint.execute(sparql, params, accept)
        except NotAcceptable as error:
            response = _text(HTTPStatus.NOT_ACCEPTABLE, str(error))
        except OSError as error:
            response = _text(HTTPStatus.INTERNAL_SERVER_ERROR, f"the store failed: {error}")
        self._send(response)

    def _send(self, response: Response) -> None:
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        if response.status == HTTPStatus.FORBIDDEN:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.log is not None:
            self.server.log(f"{self.address_string()} {format % args}")


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self, address: tuple[str, int], endpoint: Endpoint, log: Callable[[str], None] | None
    ) -> None:
        super().__init__(address, _Handler)
        self.endpoint = endpoint
        self.log = log


def make_server(
    location: str,
    host: str = "127.0.0.1",
    port: int = 7878,
    *,
    allow_update: bool = False,
    refresh: float = REFRESH_SECONDS,
    log: Callable[[str], None] | None = None,
) -> _Server:
    """Return a server bound to (host, port) over the knowledge base at ``location``.

    Call ``serve_forever()`` on it; ``server_address`` gives the port when 0 asked for a free one.
    A read-only server looks for changes to the store at most every ``refresh`` seconds.
    """
    endpoint = Endpoint(location, allow_update=allow_update, refresh=refresh)
    try:
        return _Server((host, port), endpoint, log)
    except OSError as error:
        endpoint.close()
        raise ClaimkbError(
            f"cannot listen on {host}:{port}: {error.strerror or error}; "
            "choose another --port or stop what uses it"
        ) from None


def serve(
    location: str, host: str = "127.0.0.1", port: int = 7878, *, allow_update: bool = False
) -> None:
    """Serve the knowledge base at ``location`` until interrupted (Ctrl-C)."""
    server = make_server(location, host, port, allow_update=allow_update, log=_log)
    mode = "read-write (updates on /update)" if allow_update else "read-only"
    actual_host, actual_port = server.server_address[:2]
    print(
        f"claimkb: serving {location} {mode} at http://{actual_host}:{actual_port}/ "
        f"(SPARQL endpoint: http://{actual_host}:{actual_port}/query); Ctrl-C stops",
        file=sys.stderr,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        server.endpoint.close()


def _log(line: str) -> None:
    print(line, file=sys.stderr)


@cache
def page() -> bytes:
    """Return the HTML query page, with the named queries to pick from."""
    from .query import named_queries

    queries = [
        {"name": q.name, "description": q.description, "sparql": q.sparql}
        for q in named_queries().values()
    ]
    data = json.dumps(queries).replace("</", "<\\/")
    template = files("kb").joinpath("serve_page.html").read_text("utf-8")
    return template.replace("/*NAMED_QUERIES*/[]", data).encode("utf-8")
