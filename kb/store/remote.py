"""A knowledge base behind a SPARQL 1.1 Protocol server (Oxigraph server, Virtuoso, Fuseki...).

Queries go to the query endpoint, writes to the update endpoint (the sibling ``update``, or the
server's own when its adapter knows it, unless given). The server is recognised by the
``Server`` header of its answer to a first ``ASK {}``, and what it does differently from the
standard lives in its adapter (:mod:`kb.store.dialect`). Article graphs are written in batches
of about 20,000 triples, each batch in the server's fastest standard way: a Graph Store
Protocol request where the server has one, else one SPARQL update. A large article's graph (a
file, kb.ingest.large) is read and sent a batch at a time into a staging graph, then swapped in
by one update (:mod:`kb.store.staging`), so memory holds one batch whatever the article's size
and the server holds the old article or the new one whole, even when the writer is killed.

No server can hold a command or its memory: every request has ``timeout`` seconds (the
command line's ``--remote-timeout``) both as an idle-read timeout (silence while connecting or
between two reads) and as a deadline for the whole answer, headers included (a watchdog shuts
the socket at the deadline: a server trickling a byte a second is stopped too), and a write
a second more per WRITE_RATE triples it makes the server write or copy; an answer is
read as it comes and refused past MAX_ANSWER bytes, or at once when its Content-Length says
more, before it is held whole (the limits: :mod:`kb.store.remote_limits`).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from claims.errors import ClaimkbError
from kb.errors import QueryStopped, QuerySyntaxError, StoreUnavailable
from kb.rdf.formats import DATASET_FORMATS
from kb.rdf.pieces import ntriples_pieces
from kb.store import remote_limits, staging
from kb.store.base import (
    FORMAT_ALIASES,
    ArticleGraph,
    ArticleInfo,
    QueryResult,
    SpooledGraph,
    Store,
    ntriples_of,
    rdf_format,
)
from kb.store.dialect import Dialect, Graph, Request
from kb.store.oxigraph_server import OxigraphServer
from kb.store.remote_limits import REMOTE_TIMEOUT, WRITE_RATE
from kb.store.virtuoso import Virtuoso

#: Triples per write request when writing many articles (about 20 generated articles).
BATCH_TRIPLES = 20_000


class RemoteStore(Store):
    """A SPARQL 1.1 Protocol endpoint used as the knowledge base."""

    stops_queries = True

    def __init__(
        self,
        query_url: str,
        *,
        update_url: str | None = None,
        read_only: bool = False,
        timeout: float | None = REMOTE_TIMEOUT,
    ):
        """``timeout``: seconds each request may take (None: no limit)."""
        self.location = query_url
        self.timeout = timeout
        self._under_way: set[_Watchdog] = set()  # requests in any thread, ended by close()
        self._closed = False
        self._lock = threading.Lock()
        self.given_update_url = update_url
        self.update_url = update_url or urllib.parse.urljoin(query_url, "update")
        self.read_only = read_only
        self._dialect: Dialect | None = None
        self._staging_checked = False

    @property
    def dialect(self) -> Dialect:
        """Return the adapter of the server, asking it who it is on first use."""
        if self._dialect is None:
            self._dialect = dialect_for(self._server(), self.location)
            if self.given_update_url is None:
                self.update_url = self._dialect.default_update_url()
        return self._dialect

    def query(self, sparql: str) -> QueryResult:
        return self._query(sparql, union=False)

    def query_with_prefixes(self, sparql: str, *, timeout: float | None = None) -> QueryResult:
        from kb.rdf.prefixes import sparql_prologue

        return self._query(sparql_prologue() + sparql, union=True, timeout=timeout)

    def _query(self, sparql: str, *, union: bool, timeout: float | None = None) -> QueryResult:
        request = self.dialect.query(sparql, union=union)
        body, content_type, _ = self._send(request, timeout=timeout)
        media = content_type.split(";")[0].strip().lower()
        try:
            if "json" in media:
                result = self._json_result(body)
                len(result)  # read every row now: a broken answer fails here, naming the URL
                return result
            plain = media in ("", "text/plain")
            rdf = ox.RdfFormat.N_TRIPLES if plain else ox.RdfFormat.from_media_type(media)
            if rdf is None or rdf.supports_datasets:  # an HTML page, say
                raise _not_results(self.location, f"a document of type {media}")
            triples = ox.parse(body, format=rdf)
            payload = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        except (
            ValueError,
            SyntaxError,
            KeyError,
            TypeError,
            AttributeError,
            RecursionError,
        ) as error:
            json_error = isinstance(error, json.JSONDecodeError)
            bad = "invalid JSON" if json_error else f"unreadable {media}"
            raise _not_results(self.location, f"{bad} ({error})") from None
        return QueryResult("graph", ("subject", "predicate", "object"), payload=payload)

    def _json_result(self, body: bytes) -> QueryResult:
        data = self.dialect.results(json.loads(body))
        if "boolean" in data:
            return QueryResult(
                "boolean", boolean=bool(data["boolean"]), payload=json.dumps(data).encode()
            )
        payload = json.dumps(data).encode()
        return QueryResult("bindings", tuple(data["head"].get("vars", ())), payload=payload)

    def update(self, sparql: str) -> None:
        self._check_writable()
        self._send(self.dialect.update(self.update_url, sparql))

    def _write(self, iri: str, ntriples: str, *, replace: bool) -> None:
        self._check_writable()
        moved = ntriples.count("\n")
        for request in self.dialect.write(self.update_url, [(iri, ntriples)], replace=replace):
            self._send(request, moved=moved)

    def write_articles(
        self,
        items: Iterable[tuple[str, ArticleGraph]],
        *,
        on_compact: Callable[[], None] | None = None,
    ) -> Iterator[str]:
        self._check_writable()
        self._drop_stale_staging()
        batch: list[Graph] = []
        size = 0
        for iri, graph in items:
            if isinstance(graph, SpooledGraph):
                yield from self._flush(batch)
                batch, size = [], 0
                self._write_file(iri, graph.path)
                yield iri
                continue
            ntriples = ntriples_of(graph)
            if any(iri == queued for queued, _ in batch):  # a repeat replaces what is queued
                yield from self._flush(batch)
                batch, size = [], 0
            batch.append((iri, ntriples))
            size += ntriples.count("\n")
            if size >= BATCH_TRIPLES:
                yield from self._flush(batch)
                batch, size = [], 0
        yield from self._flush(batch)

    def _write_file(self, iri: str, path: Path) -> None:
        """Write the N-Triples file ``path`` as the graph ``iri``, whole or not at all.

        The file goes BATCH_TRIPLES lines a request into a staging graph of its own (no query
        sees it, :mod:`kb.store.staging`), which one update then puts in the place of the stored
        graph. Killed or failing before that update, the stored graph is as it was; the staging
        graph is dropped here on an error, and by the next writer after a kill.
        """
        graph = staging.name()
        self._send(self.dialect.update(self.update_url, staging.marker(graph, iri)))
        moved = 0
        try:
            for piece in ntriples_pieces(path, BATCH_TRIPLES):
                batch = [(graph, staging.staged(piece.decode()))]
                lines = piece.count(b"\n")
                moved += lines
                for request in self.dialect.write(self.update_url, batch, replace=False):
                    self._send(request, moved=lines)
            swap = staging.swap(graph, iri)
            self._send(self.dialect.update(self.update_url, swap), moved=moved)
        except BaseException:
            # The stored graph is untouched; the pieces go, when the server still answers.
            with contextlib.suppress(ClaimkbError, OSError):
                self._send(self.dialect.update(self.update_url, f"DROP SILENT GRAPH <{graph}>"))
            raise

    def _drop_stale_staging(self) -> None:
        """Drop the staging graphs that writers killed part-way left (:mod:`kb.store.staging`);
        once per store, before its first write."""
        if self._staging_checked:
            return
        self._staging_checked = True
        rows = self.query(staging.GRAPHS).dicts()
        for graph in (str(row["graph"]) for row in rows if staging.stale(str(row["graph"]))):
            self._send(self.dialect.update(self.update_url, f"DROP SILENT GRAPH <{graph}>"))

    def _flush(self, batch: list[Graph]) -> Iterator[str]:
        """Write a batch of articles: added, when none is stored yet; else replacing the stored
        ones (on Oxigraph server in one update, so one transaction: never dropped and not
        written again)."""
        if batch:
            replace = self._any_stored([iri for iri, _ in batch])
            moved = sum(ntriples.count("\n") for _, ntriples in batch)
            for request in self.dialect.write(self.update_url, batch, replace=replace):
                self._send(request, moved=moved)
            yield from (iri for iri, _ in batch)

    def _any_stored(self, iris: list[str]) -> bool:
        """Return True when the server holds any of the graphs ``iris``."""
        values = " ".join(f"<{iri}>" for iri in iris)
        found = self.query(
            f"SELECT ?g WHERE {{ VALUES ?g {{ {values} }} "
            "FILTER EXISTS { GRAPH ?g { ?s ?p ?o } } } LIMIT 1"
        )
        return bool(found.dicts())

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreUnavailable(f"the knowledge base at {self.location} is open read-only")

    def dump(self, fmt: str, out: IO[bytes]) -> None:
        from kb.rdf.prefixes import turtle_prefixes

        name = FORMAT_ALIASES.get(fmt, fmt)
        if name == "jsonld":
            self._dump_jsonld(out)
        elif name in DATASET_FORMATS:
            ox.serialize(self._quads(), out, format=rdf_format(name), prefixes=turtle_prefixes())
        else:
            union = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
            out.write(self.query(union).serialize(name))

    def articles(self) -> list[ArticleInfo]:
        """Return every article (named graph) but the graphs the server keeps for itself and
        the staging graphs of writes under way."""
        return [
            info
            for info in super().articles()
            if not self.dialect.system_graph(info.iri) and not staging.is_staging(info.iri)
        ]

    def _quads(self) -> Iterator[ox.Quad]:
        # One CONSTRUCT per graph: portable across servers and never one huge response.
        for iri in self.graph_names():
            yield from self.graph_quads(iri)

    def close(self) -> None:
        """End the requests still under way in other threads (an export's queries run ahead:
        one left waiting for a slow server would hold the process at exit)."""
        with self._lock:
            self._closed = True
            for watch in self._under_way:
                watch.fire()

    def _server(self) -> str:
        """Return the ``Server`` header of the endpoint's answer to ``ASK {}`` (even a refusal)."""
        ask = f"{self.location}?{urllib.parse.urlencode({'query': 'ASK {}'})}"
        request = Request("GET", ask, b"", "")
        return self._send(request, headers_only=True)[2]

    def _send(
        self,
        request: Request,
        *,
        timeout: float | None = None,
        moved: int = 0,
        headers_only: bool = False,
    ) -> tuple[bytes, str, str]:
        """Return the body, content type and ``Server`` header of the answer to ``request``
        (an error status's too, with ``headers_only``, which reads no body).

        ``timeout``: the query's ``--timeout`` (seconds); the request's time is the smaller of
        it and the store's own (QueryStopped past it), a second more for each WRITE_RATE
        triples it ``moved`` (writes them, or copies them in a swap).
        """
        headers = {"Accept": request.accept}
        if request.content_type:
            headers["Content-Type"] = request.content_type
        token = os.environ.get("CLAIMKB_TOKEN")
        if token:  # what `claimkb serve --allow-update` asks of writers
            headers["Authorization"] = f"Bearer {token}"
        body = request.body if request.method != "GET" else None
        sent = urllib.request.Request(
            request.url, data=body, method=request.method, headers=headers
        )
        limits = [t for t in (timeout, self.timeout) if t]
        seconds = min(limits) + moved / WRITE_RATE if limits else None
        option = "--timeout" if timeout and seconds == timeout else "--remote-timeout"
        with _Watchdog(seconds) as watch:
            with self._lock:
                self._under_way.add(watch)
                if self._closed:
                    watch.fire()
            try:
                return _answer(watch, sent, request.url, seconds, headers_only=headers_only)
            except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
                failure = error
            finally:
                with self._lock:
                    self._under_way.discard(watch)
            stopped = watch.fired or _timed_out(failure)
        if stopped and seconds is None:  # the store closed under it
            raise QueryStopped(
                f"the SPARQL endpoint {request.url.split('?')[0]}: request stopped, the store "
                "was closed"
            ) from None
        if stopped:
            raise QueryStopped(
                f"the SPARQL endpoint {request.url.split('?')[0]} gave no whole answer within "
                f"{seconds:g} s ({option}); narrow the query (LIMIT, a more specific pattern), "
                f"give it more time ({option} SECONDS), or check the server"
            ) from None
        if isinstance(failure, http.client.HTTPException):  # a body cut short, garbage
            raise _broken(request.url, failure) from None
        raise _unreachable(request.url, failure) from None


def _answer(
    watch: _Watchdog,
    sent: urllib.request.Request,
    url: str,
    seconds: float | None,
    *,
    headers_only: bool,
) -> tuple[bytes, str, str]:
    """Send ``sent``; return the answer's body, content type and ``Server`` header."""
    try:
        with watch.opener().open(sent, timeout=seconds) as response:
            answer = b"" if headers_only else _read(response, url)
            if watch.fired:  # the socket shut mid-answer: what came is no whole answer
                raise TimeoutError
            return (
                answer,
                response.headers.get("Content-Type", ""),
                response.headers.get("Server", ""),
            )
    except urllib.error.HTTPError as error:
        with error:  # its socket
            if headers_only:  # a server without GET queries: the standard
                return b"", "", str(error.headers.get("Server", ""))
            raise _http_error(url, error) from None


class _Watchdog:
    """A deadline for one request, headers included: at it, the request's sockets are shut
    (a blocked read then ends), and :attr:`fired` says so. None: no deadline."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self.fired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None

    def __enter__(self) -> _Watchdog:
        if self.seconds is not None:
            self._timer = threading.Timer(self.seconds, self.fire)
            self._timer.daemon = True
            self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer.join()
        self._sockets.clear()

    def watch(self, sock: socket.socket) -> None:
        """Shut ``sock`` at the deadline (at once, when it has passed)."""
        with self._lock:
            self._sockets.append(sock)
            if self.fired:
                _shut(sock)

    def connected(
        self,
        address: tuple[str, int],
        timeout: float | None,
        source: tuple[str, int] | None = None,
    ) -> socket.socket:
        """Return a connection to ``address``, watched (a TLS handshake is under way on it)."""
        sock = socket.create_connection(address, timeout, source)
        self.watch(sock)
        return sock

    def fire(self) -> None:
        """Shut the request's sockets now (its deadline, or its store closed)."""
        with self._lock:
            self.fired = True
            for sock in self._sockets:
                _shut(sock)

    def opener(self) -> urllib.request.OpenerDirector:
        """Return an opener whose connections this watchdog watches."""
        watchdog = self

        class Connection(http.client.HTTPConnection):
            def connect(self) -> None:
                super().connect()
                watchdog.watch(self.sock)

        class SecureConnection(http.client.HTTPSConnection):
            def connect(self) -> None:
                self._create_connection = watchdog.connected  # watched during the handshake
                super().connect()
                watchdog.watch(self.sock)  # the TLS socket, which took the raw one's place

        class Handler(urllib.request.HTTPHandler):
            def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
                return self.do_open(Connection, req)

        class SecureHandler(urllib.request.HTTPSHandler):
            def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
                return self.do_open(SecureConnection, req)

        return urllib.request.build_opener(Handler, SecureHandler)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def _broken(url: str, error: http.client.HTTPException) -> StoreUnavailable:
    """Return the error for an answer that broke the HTTP protocol (IncompleteRead: the server
    closed the connection before the body's Content-Length; BadStatusLine...)."""
    what = (
        f"closed the connection after {len(error.partial):,} bytes of "
        f"{len(error.partial) + (error.expected or 0):,}"
        if isinstance(error, http.client.IncompleteRead)
        else f"broke the HTTP protocol ({type(error).__name__})"
    )
    return StoreUnavailable(
        f"the SPARQL endpoint {url.split('?')[0]} {what}; retry, or check the server's log"
    )


def _read(response: http.client.HTTPResponse, url: str) -> bytes:
    """Return the body of ``response`` as it comes; refuse one past MAX_ANSWER bytes before it
    is held (at once when its Content-Length says so)."""
    length = response.headers.get("Content-Length", "")
    if length.strip().isdigit() and int(length) > remote_limits.MAX_ANSWER:
        raise _too_large(url, f"announced an answer of {int(length):,} bytes")
    chunks = []
    size = 0
    # read1: what has come, at once (read(n) waits for n bytes)
    while chunk := response.read1(64 * 1024):
        size += len(chunk)
        if size > remote_limits.MAX_ANSWER:
            raise _too_large(url, f"sent an answer of over {remote_limits.MAX_ANSWER:,} bytes")
        chunks.append(chunk)
    if response.length:  # the connection closed before the Content-Length
        raise http.client.IncompleteRead(b"".join(chunks), response.length)
    return b"".join(chunks)


def _too_large(url: str, what: str) -> StoreUnavailable:
    return StoreUnavailable(
        f"the SPARQL endpoint {url.split('?')[0]} {what}, more than the "
        f"{remote_limits.MAX_ANSWER // 10**6} MB claimkb reads of one answer; narrow the query "
        "(LIMIT, a more specific pattern)"
    )


def _timed_out(error: Exception) -> bool:
    return isinstance(error, TimeoutError) or isinstance(
        getattr(error, "reason", None), TimeoutError
    )


def dialect_for(server: str, query_url: str) -> Dialect:
    """Return the adapter for the server whose ``Server`` header is ``server``."""
    product = server.strip().split("/")[0].lower()
    for adapter in (OxigraphServer, Virtuoso):
        if product == adapter.product:
            return adapter(query_url)
    return Dialect(query_url)


def _not_results(url: str, what: str) -> StoreUnavailable:
    return StoreUnavailable(
        f"the endpoint {url} answered {what}, not SPARQL results; check that --kb gives the "
        "server's SPARQL query URL (often ending in /query or /sparql) and that it works"
    )


def _unreachable(url: str, error: OSError) -> StoreUnavailable:
    reason = getattr(error, "reason", error)
    return StoreUnavailable(
        f"cannot reach the SPARQL endpoint {url.split('?')[0]}: {reason}; is the server running?"
    )


def _http_error(url: str, error: urllib.error.HTTPError) -> Exception:
    # The server's message on one line (an HTML error page spans many), cut to a readable length.
    try:
        body = error.read(64 * 1024)
    except (OSError, http.client.HTTPException):  # an error page cut short
        body = b""
    # the reason too spans lines: urllib's for a redirect loop
    text = body.decode(errors="replace") or str(error.reason)
    message = " ".join(text.split())[:500]
    url = url.split("?")[0]
    if error.code == 400:
        return QuerySyntaxError(f"the SPARQL endpoint {url} refused the request: {message}")
    return StoreUnavailable(f"the SPARQL endpoint {url} answered {error.code}: {message}")
