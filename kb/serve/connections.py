"""Open HTTP connections, answered by a fixed number of threads: none waits holding one.

The standard library's ThreadingHTTPServer gives each connection a thread for as long as the
connection is open, so a few hundred idle keep-alive connections (a browser's, a client's pool,
or an attacker's) meant a few hundred threads. Here a connection sits in the *lobby*, a
selector that holds no thread, until the head of its next request (request line and headers)
has arrived whole; then one of a fixed pool of handler threads answers that one request and
puts the connection back. The lobby gathers the request's body too, up to a megabyte (every
query a person writes): a client that sends its head or its body a byte at a time (slowloris,
R-U-Dead-Yet) therefore holds no thread, and its request must be whole within ``timeout``
seconds of its first byte, or the connection is closed. A longer body is handed on with the
head alone: the thread that answers refuses it unread (413), or, for an update that carries the
server's token (an ingest's), reads it within ``timeout`` seconds of its head. A head that has
not ended within 128 kB is refused (414, 431) without reading on, and a body whose length is
not plain (a Transfer-Encoding, two Content-Lengths) is refused and its connection closed
(:meth:`PooledHandler.parse_request`): no byte of it is read as a request of its own.

A response whose client reads it slowly holds no thread either: what the client has not taken
when the handler returns waits in a spool (:mod:`kb.serve.outgoing`) that one thread, the
:class:`Outbox`, sends as each client's socket takes more, until the response's deadline.

Past ``max_open`` open connections the one idle longest is closed to make room (a client
reconnects; HTTP allows a server to close an idle connection), and when none is idle the new
one gets 503. A connection idle for ``idle_seconds`` is closed.
"""

from __future__ import annotations

import collections
import contextlib
import io
import queue
import re
import resource
import selectors
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

from kb.serve.outgoing import Outgoing

__all__ = ["Lobby", "Outbox", "PooledHTTPServer", "PooledHandler"]

#: Sent to a connection refused because every open one is busy.
_BUSY = (
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
    b"Content-Length: 57\r\nRetry-After: 1\r\nConnection: close\r\n\r\n"
    b"too many open connections, all of them busy; retry later\n"
)
#: The blank line that ends a request's head.
_HEAD_END = re.compile(rb"\r?\n\r?\n")
#: A head this long is handed on unfinished: the handler refuses it (431, 414).
_LONGEST_HEAD = 128 * 1024
#: Bytes of a request's body the lobby gathers before it hands the request on: 512 open
#: connections hold at most 512 MB; a longer body is read on by the answering thread.
_LOBBY_BODY = 1024 * 1024
_CONTENT_LENGTH = re.compile(rb"^content-length:[ \t]*(\d{1,15})[ \t]*\r?$", re.I | re.M)
_EXPECT_CONTINUE = re.compile(rb"^expect[ \t]*:[ \t]*100-continue[ \t]*\r?$", re.I | re.M)
_CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\n"
#: Files the server keeps open besides its connections (workers' pipes, the store, logs).
_SPARE_FILES = 128


class _Prefilled(io.RawIOBase):
    """A connection's bytes: first those the lobby read (``pending``), then the socket's,
    each read waiting no longer than the request's ``deadline``."""

    def __init__(self, connection: socket.socket, timeout: float) -> None:
        self.connection, self.timeout = connection, timeout
        self.pending = bytearray()
        self.deadline = 0.0
        #: Set while the lobby takes back what was read ahead: never wait on the socket then.
        self.no_wait = False
        #: Once the head is whole: the bytes of ``pending`` the lobby waits for (head and body).
        self.wanted: int | None = None
        #: How far ``pending`` was searched for the head's end (each search goes on from there).
        self.searched = 0
        #: Whether the lobby answered the head's ``Expect: 100-continue``.
        self.continued = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int | None:
        if self.pending:
            size = min(len(buffer), len(self.pending))
            buffer[:size] = self.pending[:size]
            del self.pending[:size]
            return size
        if self.no_wait:
            return None
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("the request did not arrive in time")
        self.connection.settimeout(remaining)
        try:
            return self.connection.recv_into(buffer)
        finally:
            self.connection.settimeout(self.timeout)  # for what is written back

    def request_ready(self) -> bool:
        """Return whether the request in ``pending`` can be handed on: its head whole and its
        body too, or as much of it as the lobby gathers (or a head too long to wait for)."""
        if self.wanted is None:
            end = _HEAD_END.search(self.pending, max(0, self.searched - 3))
            self.searched = len(self.pending)
            if end is None:
                return len(self.pending) >= _LONGEST_HEAD
            # A body longer than the lobby gathers is the handler's to refuse unread or read.
            length = _CONTENT_LENGTH.search(self.pending, 0, end.start())
            body = int(length[1]) if length else 0
            self.wanted = end.end() + (body if body <= _LOBBY_BODY else 0)
        return len(self.pending) >= self.wanted

    def head_too_long(self) -> bool:
        """Return whether the lobby handed on a head it never saw the end of (too long)."""
        return self.wanted is None and len(self.pending) >= _LONGEST_HEAD

    def should_continue(self) -> bool:
        """Return whether a body is awaited whose client waits for ``100 Continue`` first (sent
        once: the handler then does not send it again)."""
        if self.continued or self.wanted is None or len(self.pending) >= self.wanted:
            return False
        self.continued = bool(_EXPECT_CONTINUE.search(self.pending, 0, self.wanted))
        return self.continued

    def next_request(self) -> None:
        """Forget what was learnt of the request answered: ``pending`` holds the next one."""
        self.wanted, self.searched, self.continued = None, 0, False


def _framing_refusal(transfer_encodings: list[str], lengths: list[str]) -> int | tuple[int, str]:
    """Return a request body's length from its headers, or (status, why) to refuse it."""
    if transfer_encodings:
        both = " and a Content-Length" if lengths else ""
        return (
            400 if lengths else 411,
            f"a request body with a Transfer-Encoding{both} is refused: send it with its "
            "Content-Length alone",
        )
    values = {value.strip() for value in lengths}
    if not values:
        return 0
    if len(values) > 1:
        return 400, "the request gives two different Content-Lengths"
    (value,) = values
    if not (value.isascii() and value.isdigit()) or len(value) > 15:
        return 400, "the request's Content-Length is not a number of bytes"
    return int(value)


class PooledHandler(BaseHTTPRequestHandler):
    """A request handler that lives as long as its connection and answers one request a call.

    Made when the connection is accepted (no request is read then); :meth:`serve_one` answers
    the next request, whose head the lobby has read, :meth:`close` ends the connection.
    """

    #: Seconds a write to a client that reads nothing may block.
    timeout = 20
    #: Headers and body leave in separate writes: with Nagle's algorithm the body waited for
    #: the client's delayed ACK, 40 ms a request on a kept-alive connection.
    disable_nagle_algorithm = True
    #: A request line the standard library cannot parse is answered with a status line (its
    #: default, HTTP/0.9, would send the error page bare: no status for the client or a proxy).
    default_request_version = "HTTP/1.0"
    #: The methods whose handlers read a body (of ``body_length`` bytes); others' is dropped.
    methods_with_a_body: tuple[str, ...] = ("POST",)
    #: The length of the request's body, from its Content-Length (checked by parse_request).
    body_length = 0
    #: The rest of a response that the client has not taken yet, sent by the lobby's outbox
    #: once the request's handler has returned (None: the response has gone whole).
    unsent: Outgoing | None = None

    def __init__(self, request: socket.socket, client_address: Any, server: Any) -> None:
        self.request, self.client_address, self.server = request, client_address, server
        #: Seconds a request's head may take to arrive once its first byte has, and its body
        #: once its head has (the server's).
        self.request_seconds: float = server.request_seconds
        self.setup()
        self.rfile.close()  # read through the lobby's bytes instead
        self.raw = _Prefilled(self.connection, self.timeout)
        self.rfile = io.BufferedReader(self.raw)
        #: When the first byte of a request still in the lobby arrived (None: none yet).
        self.head_since: float | None = None

    def serve_one(self) -> bool:
        """Answer one request; return whether the connection stays open for another."""
        self.close_connection = True
        self.raw.deadline = time.monotonic() + self.request_seconds
        try:
            self.connection.settimeout(self.timeout)
            if self.raw.head_too_long():  # never read on: its sender may trickle the rest
                self.requestline, self.request_version, self.command = "", "HTTP/1.1", ""
                line_ended = b"\n" in self.raw.pending
                self.send_error(
                    431 if line_ended else 414,
                    f"a request's {'head' if line_ended else 'line'} may take "
                    f"{_LONGEST_HEAD // 1024} kB",
                )
            else:
                self.handle_one_request()
            self.wfile.flush()
        except OSError:  # the client went away, or stalled past the timeout
            return False
        finally:
            self.raw.next_request()
        return not self.close_connection

    def parse_request(self) -> bool:
        """Parse the request line and head (the standard library's), then refuse a body whose
        length is not plain: a Transfer-Encoding (411: a body is sent with its Content-Length),
        a Content-Length that is no number or given twice over, both at once (a request that
        front and back servers could split differently: request smuggling), or a head with a
        line that is no header or is folded onto the one before. Each such refusal
        closes the connection, so no byte of that body is read as a request. A body sent with a
        method that takes none is read and dropped, up to what the lobby gathers (else 413)."""
        if not super().parse_request():
            return False
        if self.headers.defects or any("\n" in v or "\r" in v for v in self.headers.values()):
            # A line that is no "name: value" ends the parse (the rest unread, a Content-Length
            # among it), and a line folded onto the one before hides its name: refused, as
            # RFC 9112 asks, so that no reader of this head sees other headers than ours.
            self.close_connection = True
            self.send_error(400, "a line of the request's head is not a header (name: value)")
            return False
        if len(self.headers.get_all("Host") or []) > 1:  # which one would the Host check read?
            self.close_connection = True
            self.send_error(400, "the request names more than one Host")
            return False
        refusal = _framing_refusal(
            self.headers.get_all("Transfer-Encoding") or [],
            self.headers.get_all("Content-Length") or [],
        )
        if isinstance(refusal, tuple):
            self.close_connection = True
            self.send_error(*refusal)
            return False
        self.body_length = refusal
        if self.body_length and self.command not in self.methods_with_a_body:
            if self.body_length > _LOBBY_BODY:
                self.close_connection = True
                self.send_error(413, f"a {self.command} request's body may take 1 MB")
                return False
            self.rfile.read(self.body_length)
            self.body_length = 0
        return True

    def discard_unsent(self) -> None:
        """Drop what remains unsent of the response (its spool goes with it)."""
        if self.unsent is not None:
            self.unsent.close()
            self.unsent = None

    def handle_expect_100(self) -> bool:
        """Send ``100 Continue`` unless the lobby did, while it gathered the body."""
        return True if self.raw.continued else super().handle_expect_100()

    def take_back_read_ahead(self) -> None:
        """Move bytes read past this request (a pipelined one) back to the lobby's."""
        ahead = []
        self.raw.no_wait = True
        try:
            while chunk := self.rfile.read1(65536):
                ahead.append(chunk)
        finally:
            self.raw.no_wait = False
        self.raw.pending[:0] = b"".join(ahead)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.finish()
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_WR)
        self.connection.close()


class Lobby:
    """The open connections of a server: parked in a selector, answered by ``threads`` threads.

    ``add`` takes a new connection; everything else runs on the lobby's own threads.
    """

    def __init__(
        self,
        handle_error: Any,
        *,
        threads: int = 32,
        max_open: int = 512,
        idle_seconds: float = 120.0,
    ) -> None:
        self.handle_error = handle_error
        self.max_open, self.idle_seconds = max_open, idle_seconds
        self.selector = selectors.DefaultSelector()
        self.ready: queue.Queue[PooledHandler | None] = queue.Queue()
        #: Connections in the selector, the one idle longest first, with when each was parked.
        #: Whoever takes one out of it (under the lock) owns it: to answer, evict or close.
        self.idle: collections.OrderedDict[PooledHandler, float] = collections.OrderedDict()
        #: Connections to put in the selector, and evicted ones to take out of it and close.
        self.parking: collections.deque[PooledHandler] = collections.deque()
        self.evicted: collections.deque[PooledHandler] = collections.deque()
        self.open = 0
        self.lock = threading.Lock()
        self.closed = False
        self.wake_reader, self.wake_writer = socket.socketpair()
        self.wake_reader.setblocking(False)
        self.selector.register(self.wake_reader, selectors.EVENT_READ)
        self.outbox = Outbox(self._answered)
        self.threads = [threading.Thread(target=self._watch, daemon=True, name="lobby")]
        self.threads += [
            threading.Thread(target=self._answer, daemon=True, name=f"handler-{n}")
            for n in range(threads)
        ]
        for thread in self.threads:
            thread.start()

    def add(self, handler: PooledHandler) -> None:
        """Take a newly accepted connection: make room if the lobby is full, then park it."""
        with self.lock:
            evicted = None
            if self.open >= self.max_open and self.idle:
                evicted = next(iter(self.idle))  # idle longest
                del self.idle[evicted]
                self.evicted.append(evicted)  # unregistered and closed by the lobby's thread
                self.open -= 1
            refused = self.open >= self.max_open
            if not refused:
                self.open += 1
        if evicted is not None:
            self._wake()
        if refused:
            with contextlib.suppress(OSError):
                handler.connection.setblocking(False)
                handler.connection.send(_BUSY)
            handler.close()
            return
        self._park(handler)

    def close(self) -> None:
        """Close every connection and stop the threads (their requests under way finish)."""
        with self.lock:
            self.closed = True
            idle = list(self.idle)
            self.idle.clear()
        for handler in idle:
            handler.close()
        for _ in self.threads[1:]:
            self.ready.put(None)
        self._wake()
        self.outbox.close()

    def _park(self, handler: PooledHandler) -> None:
        with self.lock:
            if self.closed:
                handler.close()
                return
            self.parking.append(handler)
        self._wake()

    def _wake(self) -> None:
        with contextlib.suppress(OSError):
            self.wake_writer.send(b"\0")

    def _watch(self) -> None:
        """The lobby's thread: reads the heads of requests, hands on the whole ones."""
        while not self.closed:
            for key, _ in self.selector.select(timeout=1.0):
                if key.fileobj is self.wake_reader:
                    with contextlib.suppress(OSError):
                        self.wake_reader.recv(4096)
                else:
                    self._read(key.data)
            self._close_evicted()
            self._register_parked()
            self._close_stale()
        for handler in [*self.parking, *self.evicted]:
            handler.close()
        self.selector.close()
        self.wake_reader.close()
        self.wake_writer.close()

    def _read(self, handler: PooledHandler) -> None:
        """Read what arrived on a parked connection; hand it on once its request is ready."""
        try:
            chunk = handler.connection.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            chunk = b""
        with self.lock:
            if handler not in self.idle:
                return  # evicted meanwhile
            if chunk and not handler.raw.pending:
                handler.head_since = time.monotonic()
            handler.raw.pending += chunk
            if chunk and not handler.raw.request_ready():
                if handler.raw.should_continue():
                    with contextlib.suppress(OSError):
                        handler.connection.send(_CONTINUE)
                return
            del self.idle[handler]
        self.selector.unregister(handler.connection)
        if chunk:
            self.ready.put(handler)
        else:  # the client closed its end
            self._done(handler)

    def _close_evicted(self) -> None:
        while self.evicted:
            handler = self.evicted.popleft()
            with contextlib.suppress(KeyError, ValueError):
                self.selector.unregister(handler.connection)
            handler.close()

    def _register_parked(self) -> None:
        while self.parking:
            handler = self.parking.popleft()
            if handler.raw.request_ready():  # a pipelined request, read ahead whole
                self.ready.put(handler)
                continue
            handler.head_since = time.monotonic() if handler.raw.pending else None
            try:
                handler.connection.setblocking(False)  # the lobby's thread never waits on one
                self.selector.register(handler.connection, selectors.EVENT_READ, handler)
            except (ValueError, OSError):  # closed meanwhile
                self._done(handler)
                continue
            with self.lock:
                self.idle[handler] = time.monotonic()

    def _close_stale(self) -> None:
        """Close connections idle past ``idle_seconds``, and requests unfinished past their time."""
        now = time.monotonic()
        with self.lock:
            stale = [
                handler
                for handler, since in self.idle.items()
                if since < now - self.idle_seconds
                or (
                    handler.head_since is not None
                    and handler.head_since < now - handler.request_seconds
                )
            ]
            for handler in stale:
                del self.idle[handler]
        for handler in stale:
            self.selector.unregister(handler.connection)
            self._done(handler)

    def _done(self, handler: PooledHandler) -> None:
        handler.close()
        with self.lock:
            self.open -= 1

    def _answer(self) -> None:
        """A handler thread: answers one request at a time, from any connection."""
        while (handler := self.ready.get()) is not None:
            try:
                keep = handler.serve_one()
            except Exception:
                self.handle_error(handler.request, handler.client_address)
                handler.discard_unsent()
                keep = False
            if handler.unsent is not None:  # the rest waits for a slow client: the outbox's
                self.outbox.add(handler, keep)
            else:
                self._answered(handler, keep)

    def _answered(self, handler: PooledHandler, keep: bool) -> None:
        """Park a connection whose response has gone whole (``keep``), else close it."""
        if keep:
            try:
                handler.take_back_read_ahead()
            except Exception:
                self.handle_error(handler.request, handler.client_address)
                keep = False
        if keep:
            self._park(handler)
        else:
            self._done(handler)


class Outbox:
    """Responses whose rest waits in a spool for a client that reads slowly
    (:mod:`kb.serve.outgoing`), sent by one thread as each client's socket takes more: a slow
    reader holds neither a query worker nor a handler thread, only its connection and its
    spool, until its response's deadline. ``answered(handler, keep)`` takes each connection
    back once its response has gone whole (or was cut: ``keep`` False)."""

    def __init__(self, answered: Any) -> None:
        self.answered = answered
        self.selector = selectors.DefaultSelector()
        self.adding: collections.deque[tuple[PooledHandler, bool]] = collections.deque()
        self.closed = False
        self.wake_reader, self.wake_writer = socket.socketpair()
        self.wake_reader.setblocking(False)
        self.selector.register(self.wake_reader, selectors.EVENT_READ)
        self.thread = threading.Thread(target=self._run, daemon=True, name="outbox")
        self.thread.start()

    def add(self, handler: PooledHandler, keep: bool) -> None:
        """Send the rest of ``handler``'s response; then keep its connection if ``keep``."""
        self.adding.append((handler, keep))
        with contextlib.suppress(OSError):
            self.wake_writer.send(b"\0")

    def close(self) -> None:
        """Cut every response still being sent and close their connections."""
        self.closed = True
        with contextlib.suppress(OSError):
            self.wake_writer.send(b"\0")

    def _run(self) -> None:
        while not self.closed:
            for key, _ in self.selector.select(timeout=self._wait()):
                if key.fileobj is self.wake_reader:
                    with contextlib.suppress(OSError):
                        self.wake_reader.recv(4096)
                else:
                    self._send(*key.data)
            while self.adding:
                handler, keep = self.adding.popleft()
                assert handler.unsent is not None
                try:
                    handler.connection.setblocking(False)
                    self.selector.register(
                        handler.connection, selectors.EVENT_WRITE, (handler, handler.unsent, keep)
                    )
                except (ValueError, OSError):  # closed meanwhile
                    self._finish(handler, False)
            self._expire()
        for key in list(self.selector.get_map().values()):
            if key.fileobj is not self.wake_reader:
                self._finish(key.data[0], keep=False)
        self.selector.close()
        self.wake_reader.close()
        self.wake_writer.close()

    def _sending(self) -> list[tuple[PooledHandler, Outgoing, bool]]:
        """Return the responses being sent: (handler, what it has unsent, keep)."""
        return [
            key.data
            for key in self.selector.get_map().values()
            if key.fileobj is not self.wake_reader
        ]

    def _wait(self) -> float:
        """Return the seconds until the nearest deadline (at most one)."""
        now = time.monotonic()
        return max(0.0, min([1.0, *(unsent.deadline - now for _, unsent, _ in self._sending())]))

    def _send(self, handler: PooledHandler, unsent: Outgoing, keep: bool) -> None:
        try:
            unsent.send_spooled()
        except OSError:  # the client went away
            self._finish(handler, keep=False)
            return
        if not unsent.pending:
            self._finish(handler, keep)

    def _expire(self) -> None:
        now = time.monotonic()
        for handler, unsent, _ in self._sending():
            if unsent.deadline <= now:
                handler.log_message(
                    "client read too slowly: %s bytes of its results unsent when the query's "
                    "time ran out; response cut",
                    f"{unsent.spooled:,}",
                )
                self._finish(handler, keep=False)  # no last chunk: the client sees it cut

    def _finish(self, handler: PooledHandler, keep: bool) -> None:
        with contextlib.suppress(KeyError, ValueError):
            self.selector.unregister(handler.connection)
        handler.discard_unsent()
        self.answered(handler, keep)


def room_for(connections: int) -> int:
    """Return how many connections the process's limit of open files leaves room for, having
    raised that limit toward ``connections`` (each with room for the spool of a slow reader,
    :mod:`kb.serve.outgoing`, and spare files) where the hard limit allows."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 2 * connections + _SPARE_FILES
    if soft != resource.RLIM_INFINITY and soft < wanted:
        raised = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (raised, hard))
            soft = raised
    if soft == resource.RLIM_INFINITY:
        return connections
    return max(1, min(connections, (soft - _SPARE_FILES) // 2))


class PooledHTTPServer(HTTPServer):
    """An HTTP server whose connections live in a :class:`Lobby` (see the module's docstring).

    The thread calling ``serve_forever`` only accepts connections; ``threads`` answer requests,
    ``max_open`` connections may be open (fewer if the limit of open files allows fewer), an
    idle one is kept ``idle_seconds``, a request must arrive within ``request_seconds``.
    """

    request_queue_size = 128  # connections the kernel holds before they are accepted

    def __init__(
        self,
        address: tuple[str, int],
        handler: type[PooledHandler],
        *,
        threads: int = 32,
        max_open: int = 512,
        idle_seconds: float = 120.0,
        request_seconds: float = 20.0,
    ) -> None:
        self.handler_class = handler
        self.request_seconds = request_seconds
        # before binding: a bind that fails (a bad --host, a port in use) calls server_close
        self.lobby = Lobby(
            self.handle_error,
            threads=threads,
            max_open=room_for(max_open),
            idle_seconds=idle_seconds,
        )
        super().__init__(address, handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        self.lobby.add(self.handler_class(request, client_address, self))

    def server_close(self) -> None:
        super().server_close()
        self.lobby.close()
