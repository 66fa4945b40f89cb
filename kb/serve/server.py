"""``claimkb serve``: a SPARQL 1.1 Protocol endpoint over the embedded knowledge base.

Queries: ``GET /query?query=...``, ``POST /query`` with ``application/sparql-query`` or a form
(``query=...``); ``/sparql`` is the same endpoint. Results by content negotiation (``Accept``,
or a ``format``/``output`` parameter as SPARQLWrapper and Fuseki send): SPARQL results in
JSON, XML, CSV or TSV; graphs in Turtle, N-Triples, JSON-LD or RDF/XML. The prefixes of
``claimkb query`` are predeclared, and the default graph is the union of every article graph
(as ``oxigraph serve --union-default-graph``) unless ``default-graph-uri`` names graphs.
``GET /`` is a plain HTML query page. Updates (``POST /update``) are refused with 403 unless
the server runs with ``allow_update``, and then need its token.

No request can knock the server over:

* Each query runs in a worker process (:mod:`kb.query.worker_process`), killed when the query
  outlives ``timeout`` or its client, and replaced; a worker that exceeds its memory cap dies
  alone. pyoxigraph has no way to interrupt a query (Oxigraph's own server cannot stop one
  either, oxigraph/oxigraph#1336), and a COUNT over a cross product runs for minutes inside one
  call: a process is the unit that can be stopped.
* Results are streamed (chunked) as the worker writes them, and stop after ``max_rows`` rows
  (a well-formed document; the ``X-Claimkb-Max-Rows`` header says the limit). What the client
  does not take at once waits in a spool on disk (:mod:`kb.serve.outgoing`), sent by the
  lobby's outbox as the client reads: a client that reads slowly holds no worker and no thread,
  only its connection and spool, until the timeout.
* A worker that dies of anything but its timeout is reported with its cause (a signal, its
  exit code, its memory cap: :meth:`kb.query.worker_pool.Worker.why_ended`).
* SERVICE (federated queries, which would make the server fetch any URL) is refused unless
  ``allow_service``.
* On a loopback address the Host header must name this machine (no DNS rebinding), a request
  from a web page of another origin is refused (``Origin``, ``Sec-Fetch-Site``), and an update
  needs ``Authorization: Bearer TOKEN``, which no cross-site form can send.
* ``cors`` names the origins whose web pages may query (a browser SPARQL client such as YASGUI;
  ``*``: any page): their preflight ``OPTIONS`` is answered and their query results carry
  ``Access-Control-Allow-Origin``. Updates stay same-origin whatever ``cors`` says.

How the store is held: the workers open the store read-only
(:class:`kb.store.embedded.EmbeddedStore`: the newest snapshot a writer published), so the
server never takes the writer's lock and ``claimkb ingest`` can keep writing beside it. A
worker opens the store again when its files have changed (checked at most once a second), so
new articles appear within seconds of being written. With ``allow_update`` the server opens the
store for writing and is its one writer (ingest through it with ``claimkb ingest --kb
http://HOST:PORT/query``); after each update the workers reopen their views before their next
query, so a query sees every update answered before it.

Connections: a fixed pool of threads answers requests, and a connection waits in a selector
holding none until its next request's head has arrived, so hundreds of idle or slow clients cost
no threads; past 512 the one idle longest is closed (:mod:`kb.serve.connections`). The standard
library's HTTP parsing is enough here: the queries run in worker processes; no web framework to
install or keep up to date.
"""

from __future__ import annotations

import errno
import ipaddress
import json
import os
import secrets
import select
import socket
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from http import HTTPStatus
from importlib.resources import files
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from kb.errors import (
    NotAcceptable,
    NotServable,
    PortUnavailable,
    QueryNestedTooDeep,
    ResultsUnspooled,
)
from kb.query.federation import uses_service
from kb.query.nesting import refuse_deep
from kb.query.run import syntax_error
from kb.query.worker_pool import Worker, Workers, ended_message, stopped_message
from kb.query.worker_pool import request as worker_request
from kb.scratch import unnamed_file, user_directory
from kb.serve.connections import PooledHandler, PooledHTTPServer
from kb.serve.outgoing import Outgoing
from ontology import PREFIXES

__all__ = ["Connections", "Endpoint", "Limits", "make_server", "serve"]

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
#: Request headers a page of a --cors origin may send with a query.
_CORS_HEADERS = {"accept", "content-type"}
#: How often (seconds) a read-only server looks for changes to the store.
REFRESH_SECONDS = 1.0
#: The longest body of a query, and of an update sent with the server's token (an article's
#: triples): 32 threads reading the longest queries at once hold 32 MB.
_MAX_QUERY_BODY = 1024 * 1024
_MAX_UPDATE_BODY = 64 * 1024 * 1024
#: Fields a form or query string may have (a SPARQL request needs a handful): parsing is
#: refused past this, not made to build a list of millions.
_MAX_FIELDS = 1000


#: Short names of the formats the worker writes, by media type.
_WORKER_FORMATS = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/turtle": "ttl",
    "application/x-turtle": "ttl",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
}
_LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


@dataclass(frozen=True)
class Limits:
    """What one query may take: seconds (results included), rows, worker memory, workers."""

    timeout: float = 30.0
    max_rows: int = 1_000_000
    memory: int = 1024**3
    workers: int = 2


@dataclass(frozen=True)
class Connections:
    """How many requests are answered at once (threads), connections kept open, for how long
    an idle one is kept, and how long a request may take to arrive
    (:mod:`kb.serve.connections`)."""

    threads: int = 32
    max_open: int = 512
    idle_seconds: float = 120.0
    request_seconds: float = 20.0


@dataclass
class Response:
    """What a handler sends back: a status, a media type and a body."""

    status: int
    content_type: str
    body: bytes
    #: Further headers, (name, value).
    headers: tuple[tuple[str, str], ...] = ()


class Endpoint:
    """The embedded store behind the protocol: query workers over read-only views, or a writer.

    ``request`` (what a worker is asked) and ``update`` are what the HTTP handler calls; both
    are thread-safe.
    """

    def __init__(
        self,
        location: str,
        *,
        allow_update: bool = False,
        allow_service: bool = False,
        limits: Limits | None = None,
        token: str | None = None,
        refresh: float = REFRESH_SECONDS,
    ) -> None:
        from kb.store import is_url
        from kb.store.embedded import EmbeddedStore

        if is_url(location):
            raise NotServable(
                f"{location} is already a SPARQL endpoint: query it directly, "
                "`claimkb serve` serves an embedded knowledge base (a directory)"
            )
        self.location = os.path.expanduser(location)
        self.allow_update = allow_update
        self.allow_service = allow_service
        self.limits = limits or Limits()
        self.token = token or os.environ.get("CLAIMKB_TOKEN") or secrets.token_urlsafe(24)
        # Opened here to check the store (a clear error at start) and, with updates, to write.
        self._holder = EmbeddedStore(self.location, read_only=not allow_update)
        if not allow_update:
            self._holder.close()
        self._generation = 0
        self._write_lock = threading.Lock()
        self.workers = Workers(self.location, self.limits.workers, self.limits.memory, refresh)

    def request(self, sparql: str, params: dict[str, list[str]], accept: str) -> dict[str, Any]:
        """Return the worker's request for a query; raise NotAcceptable, ValueError (bad IRI)."""
        rows, graph = _choice(params, accept, RESULT_TYPES), _choice(params, accept, GRAPH_TYPES)
        if rows is None and graph is None:
            negotiate(accept, (*RESULT_TYPES, *GRAPH_TYPES))  # raises NotAcceptable
        for iri in params.get("default-graph-uri", []) + params.get("named-graph-uri", []):
            ox.NamedNode(iri)
        refused = GRAPH_TYPES if graph is None else RESULT_TYPES
        return worker_request(
            sparql,
            rows_format=rows,
            graph_format=graph,
            not_acceptable=_not_acceptable(accept, refused),
            default_graph=params.get("default-graph-uri", []),
            named_graphs=params.get("named-graph-uri", []),
            max_rows=self.limits.max_rows,
            generation=self._generation,
        )

    def update(self, sparql: str, authorization: str = "") -> Response:
        """Return the response to an update: 204 when applied, 403 when refused.

        ``authorization`` is the request's Authorization header: ``Bearer TOKEN``.
        """
        if not self.allow_update:
            return _text(
                HTTPStatus.FORBIDDEN,
                "this endpoint is read-only: restart it with `claimkb serve --allow-update` "
                "to accept SPARQL updates on /update",
            )
        if not self.authorized(authorization):
            return _text(
                HTTPStatus.FORBIDDEN,
                "updates need the server's token: send 'Authorization: Bearer TOKEN' (claimkb "
                "ingest sends $CLAIMKB_TOKEN); `claimkb serve --allow-update` prints the token",
            )
        if not self.allow_service and uses_service(sparql):
            return _service_refused()
        if (deep := _too_deep(sparql)) is not None:
            return deep
        try:
            with self._write_lock:
                self._holder.oxigraph.update(sparql, prefixes=PREFIXES)
                self._holder.publish()  # the workers read the newest snapshot
                self._generation += 1
        except SyntaxError as error:
            return _text(HTTPStatus.BAD_REQUEST, _syntax_message(sparql, error))
        return Response(HTTPStatus.NO_CONTENT, "text/plain", b"")

    def authorized(self, authorization: str) -> bool:
        """Return whether a request's Authorization header carries this server's token (and
        the server takes updates)."""
        scheme, _, given = authorization.partition(" ")
        return (
            self.allow_update
            and scheme.lower() == "bearer"
            and secrets.compare_digest(given.strip().encode(), self.token.encode())
        )

    def spool(self) -> IO[bytes]:
        """Return a new spool for results a client reads slowly (:mod:`kb.serve.outgoing`): in
        the store's scratch directory, on its disk, else in the user's scratch directory."""
        from kb.store.embedded import SCRATCH

        return unnamed_file(Path(self.location, SCRATCH), user_directory())

    def close(self) -> None:
        """Stop the workers; release the store (and the writer's lock, when held)."""
        self.workers.close()
        self._holder.close()


def _choice(
    params: dict[str, list[str]], accept: str, types: dict[str, Any]
) -> tuple[str, str] | None:
    """Return (content type, worker format) for results of this kind, or None if unacceptable."""
    try:
        media = _chosen_type(types is GRAPH_TYPES, params, accept)
    except NotAcceptable:
        return None
    charset = "" if media.endswith("json") else "; charset=utf-8"
    return media + charset, _WORKER_FORMATS[media]


def _not_acceptable(accept: str, types: dict[str, Any]) -> str:
    """Return why results of this kind cannot be sent (empty when they can)."""
    try:
        negotiate(accept, tuple(types))
    except NotAcceptable as error:
        return str(error)
    return ""


def _chosen_type(graph: bool, params: dict[str, list[str]], accept: str) -> str:
    """Return the media type to answer with, from a format parameter or the Accept header."""
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


def _syntax_message(sparql: str, error: SyntaxError) -> str:
    return str(syntax_error(sparql, error))


def _text(status: int, message: str) -> Response:
    return Response(status, "text/plain; charset=utf-8", (message + "\n").encode())


def _too_deep(sparql: str) -> Response | None:
    """Return 400 for SPARQL nested past what the parser's stack holds, else None."""
    try:
        refuse_deep(sparql)
    except QueryNestedTooDeep as error:
        return _text(HTTPStatus.BAD_REQUEST, str(error))
    return None


def _service_refused() -> Response:
    return _text(
        HTTPStatus.FORBIDDEN,
        "this endpoint refuses SERVICE (federated queries make the server send requests to the "
        "URLs they name); restart it with `claimkb serve --allow-service` to allow them",
    )


class _Handler(PooledHandler):
    """Routes GET and POST requests to the endpoint; streams query results from a worker."""

    server: _Server
    protocol_version = "HTTP/1.1"
    server_version = "claimkb"

    def do_GET(self) -> None:
        if self._refused(write=False):
            return
        path, params = self._target()
        if params is None:
            return
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

    def do_HEAD(self) -> None:
        """Answer as GET would, without the body; but a query is not run for its headers."""
        path, params = self._target()
        if params is None:
            return
        if path in (*_QUERY_PATHS, "/") and "query" in params:
            self._send(
                Response(
                    HTTPStatus.METHOD_NOT_ALLOWED,
                    "text/plain; charset=utf-8",
                    b"HEAD runs no query: send it with GET or POST\n",
                    (("Allow", "GET, POST, OPTIONS"),),
                )
            )
        else:
            self.do_GET()

    def do_POST(self) -> None:
        path, params = self._target()
        if params is None:
            return
        body = self._body()
        if body is None:
            return
        media = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        text = body.decode("utf-8", errors="replace")
        if media == _FORM:
            form = self._fields(text)
            if form is None:
                return
            for key, values in form.items():
                params.setdefault(key, []).extend(values)
        is_update = path == "/update" or "update" in params
        if self._refused(write=True, query=not is_update):
            return
        if is_update:
            update = params["update"][0] if "update" in params else text
            authorization = self.headers.get("Authorization", "")
            self._send(self.server.endpoint.update(update, authorization))
        elif path not in (*_QUERY_PATHS, "/"):
            self._send(_text(HTTPStatus.NOT_FOUND, f"no such endpoint: {path}; use /query"))
        elif media == "application/sparql-query":
            self._query(text, params)
        elif "query" in params:
            self._query(params["query"][0], params)
        else:
            self._send(
                _text(
                    HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                    "POST a query as application/sparql-query, or as a form with query=...",
                )
            )

    def _refused(self, *, write: bool, query: bool = True) -> bool:
        """Answer 403 and return True for a request this server must not serve.

        A loopback server answers only Host names of this machine (else a page could rebind its
        own name to 127.0.0.1), and no server answers a web page of another origin, but a query
        from an origin ``--cors`` allows.
        """
        # A target in absolute form (``POST http://evil.example/update``) names the host the
        # server must take over the Host header (RFC 9112, 3.2.2): a proxied rebinding.
        host = urllib.parse.urlsplit(self.path).netloc or self.headers.get("Host")
        origin = self.headers.get("Origin")
        fetch_site = self.headers.get("Sec-Fetch-Site", "same-origin").lower()
        allowed = query and self._cors_origin() is not None
        message = None
        if host is not None and not self.server.host_allowed(host):
            message = f"the Host {host!r} is not this server's; use http://127.0.0.1:PORT/"
        elif origin is not None and origin.lower() != f"http://{host}".lower() and not allowed:
            message = f"requests from web pages of another origin ({origin}) are refused"
            if query:
                message += "; serve with --cors ORIGIN to let that page query"
        elif write and fetch_site not in ("same-origin", "none") and not allowed:
            message = f"{fetch_site} requests from web pages are refused"
        if message is not None:
            self.close_connection = True
            self._send(_text(HTTPStatus.FORBIDDEN, message))
        return message is not None

    def do_OPTIONS(self) -> None:
        """Answer a browser's CORS preflight for a query from an origin ``--cors`` allows."""
        path, params = self._target()
        if params is None or self._refused(write=False):
            return
        if path not in (*_QUERY_PATHS, "/") or self._cors_origin() is None:
            self._send(_text(HTTPStatus.FORBIDDEN, "no cross-origin requests here; see --cors"))
            return
        self.send_response(HTTPStatus.NO_CONTENT)
        self._cors_headers()
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        asked = self.headers.get("Access-Control-Request-Headers", "")
        headers = [h.strip() for h in asked.split(",") if h.strip().lower() in _CORS_HEADERS]
        self.send_header("Access-Control-Allow-Headers", ", ".join(headers or ["Content-Type"]))
        self.send_header("Access-Control-Max-Age", "600")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _cors_origin(self) -> str | None:
        """Return the request's Origin when ``--cors`` lets its pages query, else None."""
        origin = self.headers.get("Origin")
        return origin if origin is not None and self.server.cors_allows(origin) else None

    def _cors_headers(self) -> None:
        origin = self._cors_origin()
        if origin is not None:
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Access-Control-Expose-Headers", "X-Claimkb-Max-Rows")
        if self.server.cors:
            self.send_header("Vary", "Origin")

    def _target(self) -> tuple[str, dict[str, list[str]] | None]:
        """Return the request's path and query parameters (None: refused, 400 sent)."""
        url = urllib.parse.urlsplit(self.path)
        return url.path, self._fields(url.query)

    def _fields(self, text: str) -> dict[str, list[str]] | None:
        """Return the fields of a query string or form; answer 400 and return None when there
        are too many to be a SPARQL request's."""
        try:
            return urllib.parse.parse_qs(text, max_num_fields=_MAX_FIELDS)
        except ValueError:
            self.close_connection = True
            self._send(
                _text(
                    HTTPStatus.BAD_REQUEST,
                    f"a request may carry {_MAX_FIELDS:,} fields (query, default-graph-uri, "
                    "named-graph-uri, format...); send fewer",
                )
            )
            return None

    def _body(self) -> bytes | None:
        """Return the request's body, or None when it is refused as too long (413) unread: a
        query's may take 1 MB, an update's with the server's token 64 MB (an article)."""
        authorized = self.server.endpoint.authorized(self.headers.get("Authorization", ""))
        largest = _MAX_UPDATE_BODY if authorized else _MAX_QUERY_BODY
        if self.body_length > largest:
            self.close_connection = True
            self._send(
                _text(
                    HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                    f"a request body may take {largest // 2**20} MB"
                    + ("" if authorized else " (more only for an update with the server's token)"),
                )
            )
            return None
        return self.rfile.read(self.body_length)

    def _query(self, sparql: str, params: dict[str, list[str]]) -> None:
        endpoint = self.server.endpoint
        if not endpoint.allow_service and uses_service(sparql):
            self._send(_service_refused())
            return
        if (deep := _too_deep(sparql)) is not None:
            self._send(deep)
            return
        try:
            request = endpoint.request(sparql, params, self.headers.get("Accept", ""))
        except NotAcceptable as error:
            self._send(_text(HTTPStatus.NOT_ACCEPTABLE, str(error)))
            return
        except ValueError as error:
            self._send(_text(HTTPStatus.BAD_REQUEST, f"a graph IRI is not valid: {error}"))
            return
        limits = endpoint.limits
        deadline = time.monotonic() + limits.timeout
        worker = endpoint.workers.acquire(limits.timeout, self.client_address[0])
        if worker is None:
            self._send(
                _text(
                    HTTPStatus.SERVICE_UNAVAILABLE,
                    f"all {limits.workers} query workers stayed busy for {limits.timeout:g} s; "
                    "retry later",
                )
            )
            return
        if self._client_left():  # gave up while the query waited for a worker
            self.close_connection = True
            endpoint.workers.release(worker)
            return
        # What the worker writes goes to the client as far as it reads, the rest to a spool:
        # the worker is free once it has written the whole result, and what the client has not
        # taken then is the lobby's outbox's to send (kb.serve.outgoing): no thread waits.
        outgoing = Outgoing(self.connection, endpoint.spool, deadline)
        wfile, self.wfile = self.wfile, outgoing  # type: ignore[assignment]
        answered = False
        try:
            self.connection.setblocking(False)
            try:
                answered = self._relay(worker, request, sparql, deadline, outgoing)
            finally:
                if answered:
                    endpoint.workers.release(worker)
                else:
                    endpoint.workers.replace(worker)
            if not answered and not self.close_connection:  # a 503 before any result
                outgoing.deadline = time.monotonic() + self.timeout
            if outgoing.pending and (answered or not self.close_connection):
                self.unsent = outgoing
        except ResultsUnspooled as error:  # the response is cut: the client sees it
            self._log(str(error))
            self.close_connection = True
        except OSError:  # the client went away while we wrote
            self.close_connection = True
        finally:
            self.wfile = wfile
            if self.unsent is None:  # else the outbox sends the rest, then closes the spool
                outgoing.close()
                self.connection.settimeout(self.timeout)

    def _relay(
        self,
        worker: Worker,
        request: dict[str, Any],
        sparql: str,
        deadline: float,
        outgoing: Outgoing,
    ) -> bool:
        """Pass the worker's response on until the worker has written it all; return whether it
        did (the worker is free again), the client sent what it reads meanwhile.

        Stops (and the caller kills the worker) at the deadline, when the client leaves, or
        when the worker dies.
        """
        try:
            worker.send(request)
        except OSError:  # the worker died since its last query
            self._stop(False, ended_message(worker))
            return False
        watched: list[Any] = [worker.stdout, self.connection]
        started = False
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self._stop(started, self._stopped())
                return False
            writable = [self.connection] if outgoing.pending else []
            ready, can_write, _ = select.select(watched, writable, [], remaining)
            if can_write:
                outgoing.send_spooled()
            if self.connection in ready:
                if self._client_left():
                    self._log("client left: query stopped")
                    self.close_connection = True
                    return False
                watched.remove(self.connection)  # a pipelined request: watch the worker only
            if worker.stdout not in ready:
                continue
            try:
                kind, payload = worker.frame()
            except EOFError:
                self._stop(started, ended_message(worker))
                return False
            if kind == b"X":
                self._send(self._error(sparql, json.loads(payload)))
                return True
            if kind == b"H":
                self._start(json.loads(payload)["type"])
                started = True
            elif kind == b"D":
                self._chunk(payload)
            elif kind == b"E":
                self._end(json.loads(payload))
                return True

    def _stopped(self) -> str:
        limits = self.server.endpoint.limits
        return stopped_message(timeout=limits.timeout, option="this server's --timeout")

    def _client_left(self) -> bool:
        """Return whether the client closed its end (without waiting: a socket with a timeout
        would wait for data even with MSG_DONTWAIT)."""
        if not select.select([self.connection], [], [], 0)[0]:
            return False
        try:
            peeked: bytes = self.connection.recv(1, socket.MSG_PEEK)
            return peeked == b""
        except OSError:
            return True

    def _error(self, sparql: str, error: dict[str, Any]) -> Response:
        if "syntax" in error:
            return _text(error["status"], _syntax_message(sparql, SyntaxError(error["syntax"])))
        return _text(error["status"], error["message"])

    def _start(self, content_type: str) -> None:
        self.chunked = self.request_version != "HTTP/1.0"
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type)
        self.send_header("X-Claimkb-Max-Rows", str(self.server.endpoint.limits.max_rows))
        self._cors_headers()
        if self.chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()

    def _chunk(self, data: bytes) -> None:
        if self.chunked:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        else:
            self.wfile.write(data)

    def _end(self, summary: dict[str, Any]) -> None:
        if summary["error"]:
            self._log(f"query failed while sending results: {summary['error']}")
            self.close_connection = True  # no last chunk: the client sees the result cut
            return
        if summary["truncated"]:
            self._log(f"query stopped at {summary['rows']} rows (--max-rows)")
        if self.chunked:
            self.wfile.write(b"0\r\n\r\n")

    def _stop(self, started: bool, message: str) -> None:
        """Answer 503 with ``message``, or, once results have started, cut the response."""
        self._log(message)
        if started:
            self.close_connection = True  # no last chunk: the client sees the result cut
        else:
            self._send(_text(HTTPStatus.SERVICE_UNAVAILABLE, message))

    def _send(self, response: Response) -> None:
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        for name, value in response.headers:
            self.send_header(name, value)
        if response.status != HTTPStatus.FORBIDDEN:
            self._cors_headers()
        if response.status == HTTPStatus.FORBIDDEN:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    def _log(self, message: str) -> None:
        if self.server.log is not None:
            self.server.log(f"{self.address_string()} {message}")

    def log_message(self, format: str, *args: Any) -> None:
        self._log(format % args)


class _Server(PooledHTTPServer):
    def __init__(
        self,
        address: tuple[str, int],
        endpoint: Endpoint,
        log: Callable[[str], None] | None,
        cors: tuple[str, ...] = (),
        connections: Connections | None = None,
    ) -> None:
        connections = connections or Connections()
        super().__init__(
            address,
            _Handler,
            threads=connections.threads,
            max_open=connections.max_open,
            idle_seconds=connections.idle_seconds,
            request_seconds=connections.request_seconds,
        )
        self.endpoint = endpoint
        self.log = log
        self.loopback = _is_loopback(address[0])
        self.cors = tuple(origin.rstrip("/").lower() for origin in cors)

    def cors_allows(self, origin: str) -> bool:
        """Return whether web pages of ``origin`` may query (``--cors``)."""
        return "*" in self.cors or origin.rstrip("/").lower() in self.cors

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Log one line for a request that failed in the server (a traceback with CLAIMKB_DEBUG)."""
        error = sys.exc_info()[1]
        if os.environ.get("CLAIMKB_DEBUG"):
            super().handle_error(request, client_address)
        elif self.log is not None:
            self.log(f"{client_address[0]} request failed: {type(error).__name__}: {error}")

    def host_allowed(self, host: str) -> bool:
        """Return whether a Host header may reach this server (any, unless on loopback)."""
        if not self.loopback:
            return True
        name = host.rsplit("]", 1)[0].lstrip("[") if host.startswith("[") else host.split(":")[0]
        return _is_loopback(name)


def _is_loopback(name: str) -> bool:
    if name.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def make_server(
    location: str,
    host: str = "127.0.0.1",
    port: int = 7878,
    *,
    allow_update: bool = False,
    allow_service: bool = False,
    limits: Limits | None = None,
    token: str | None = None,
    refresh: float = REFRESH_SECONDS,
    log: Callable[[str], None] | None = None,
    cors: tuple[str, ...] = (),
    connections: Connections | None = None,
) -> _Server:
    """Return a server bound to (host, port) over the knowledge base at ``location``.

    Call ``serve_forever()`` on it; ``server_address`` gives the port when 0 asked for a free one.
    A read-only server looks for changes to the store at most every ``refresh`` seconds. With
    ``allow_update``, updates need ``token`` (else ``CLAIMKB_TOKEN``, else a random one:
    ``server.endpoint.token``). ``cors``: the origins whose pages may query (``*``: any).
    """
    endpoint = Endpoint(
        location,
        allow_update=allow_update,
        allow_service=allow_service,
        limits=limits,
        token=token,
        refresh=refresh,
    )
    try:
        return _Server((host, port), endpoint, log, cors, connections)
    except OSError as error:
        endpoint.close()
        # a name that resolves to nothing, or an address of another machine
        bad_host = isinstance(error, socket.gaierror) or error.errno == errno.EADDRNOTAVAIL
        remedy = (
            "give --host an address of this machine (127.0.0.1, or 0.0.0.0 for every one)"
            if bad_host
            else "choose another --port or stop what uses it"
        )
        raise PortUnavailable(
            f"cannot listen on {host}:{port}: {error.strerror or error}; {remedy}"
        ) from None


def serve(
    location: str,
    host: str = "127.0.0.1",
    port: int = 7878,
    *,
    allow_update: bool = False,
    allow_service: bool = False,
    limits: Limits | None = None,
    cors: tuple[str, ...] = (),
) -> None:
    """Serve the knowledge base at ``location`` until interrupted (Ctrl-C)."""
    server = make_server(
        location,
        host,
        port,
        allow_update=allow_update,
        allow_service=allow_service,
        limits=limits,
        log=_log,
        cors=cors,
    )
    mode = "read-write (updates on /update)" if allow_update else "read-only"
    actual_host, actual_port = server.socket.getsockname()[:2]  # the port bound for port 0
    limits = server.endpoint.limits
    print(
        f"claimkb: serving {location} {mode} at http://{actual_host}:{actual_port}/ "
        f"(SPARQL endpoint: http://{actual_host}:{actual_port}/query); a query may take "
        f"{limits.timeout:g} s and {limits.max_rows:,} rows; Ctrl-C stops",
        file=sys.stderr,
    )
    if allow_update and not os.environ.get("CLAIMKB_TOKEN"):
        print(
            f"claimkb: updates need the header 'Authorization: Bearer {server.endpoint.token}'; "
            f"for claimkb ingest through this server: export CLAIMKB_TOKEN="
            f"{server.endpoint.token}",
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
    from kb.terminal import visible

    print(visible(line), file=sys.stderr)  # a request line is the client's text


@cache
def page() -> bytes:
    """Return the HTML query page, with the named queries to pick from."""
    from kb.query.run import named_queries

    queries = [
        {"name": q.name, "description": q.description, "sparql": q.sparql}
        for q in named_queries().values()
    ]
    data = json.dumps(queries).replace("</", "<\\/")
    from kb.template import fill

    template = files("kb.serve").joinpath("page.html").read_text("utf-8")
    return fill(template, {"NAMED_QUERIES": data}).encode("utf-8")
