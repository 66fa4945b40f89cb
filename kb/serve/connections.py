"""Open HTTP connections, answered by a fixed number of threads: none waits holding one.

The standard library's ThreadingHTTPServer gives each connection a thread for as long as the
connection is open, so a few hundred idle keep-alive connections (a browser's, a client's pool,
or an attacker's) meant a few hundred threads. Here a connection waiting for its next request
sits in the *lobby*, a selector that holds no thread; when bytes arrive, one of a fixed pool of
handler threads answers that one request and puts the connection back. Past ``max_open`` open
connections, the one idle longest is closed to make room (a client reconnects; HTTP allows a
server to close an idle connection), and when none is idle the new one gets 503. A connection
idle for ``idle_seconds`` is closed; a request that stalls half-sent holds its thread for at
most the handler's ``timeout``.
"""

from __future__ import annotations

import collections
import contextlib
import io
import queue
import selectors
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any, cast

__all__ = ["Lobby", "PooledHTTPServer", "PooledHandler"]

#: Sent to a connection refused because every open one is busy.
_BUSY = (
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
    b"Content-Length: 57\r\nRetry-After: 1\r\nConnection: close\r\n\r\n"
    b"too many open connections, all of them busy; retry later\n"
)


class PooledHandler(BaseHTTPRequestHandler):
    """A request handler that lives as long as its connection and answers one request a call.

    Made when the connection is accepted (no request is read then); :meth:`serve_one` answers
    the next request, :meth:`close` ends the connection.
    """

    #: Seconds a request may take to arrive, once its first bytes have.
    timeout = 20
    #: Headers and body leave in separate writes: with Nagle's algorithm the body waited for
    #: the client's delayed ACK, 40 ms a request on a kept-alive connection.
    disable_nagle_algorithm = True

    def __init__(self, request: socket.socket, client_address: Any, server: Any) -> None:
        self.request, self.client_address, self.server = request, client_address, server
        self.setup()

    def serve_one(self) -> bool:
        """Answer one request; return whether the connection stays open for another."""
        self.close_connection = True
        try:
            self.connection.settimeout(self.timeout)
            self.handle_one_request()
            self.wfile.flush()
        except OSError:  # the client went away, or stalled past the timeout
            return False
        return not self.close_connection

    def buffered(self) -> bool:
        """Return whether the next request's bytes are already read (a pipelined request), so
        the lobby's selector would not see them."""
        self.connection.setblocking(False)
        try:
            return bool(cast("io.BufferedReader", self.rfile).peek(1))
        except OSError:
            return False
        finally:
            self.connection.settimeout(self.timeout)

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
        """The lobby's thread: registers parked connections and hands on those with a request."""
        while not self.closed:
            for key, _ in self.selector.select(timeout=1.0):
                if key.fileobj is self.wake_reader:
                    with contextlib.suppress(OSError):
                        self.wake_reader.recv(4096)
                    continue
                handler: PooledHandler = key.data
                with self.lock:
                    if self.idle.pop(handler, None) is None:
                        continue  # evicted or closed meanwhile
                self.selector.unregister(handler.connection)
                self.ready.put(handler)
            self._close_evicted()
            self._register_parked()
            self._close_idle()
        self.selector.close()

    def _close_evicted(self) -> None:
        while self.evicted:
            handler = self.evicted.popleft()
            with contextlib.suppress(KeyError, ValueError):
                self.selector.unregister(handler.connection)
            handler.close()

    def _register_parked(self) -> None:
        while self.parking:
            handler = self.parking.popleft()
            try:
                self.selector.register(handler.connection, selectors.EVENT_READ, handler)
            except (ValueError, OSError):  # closed meanwhile
                self._done(handler)
                continue
            with self.lock:
                self.idle[handler] = time.monotonic()

    def _close_idle(self) -> None:
        limit = time.monotonic() - self.idle_seconds
        with self.lock:
            stale = [h for h, since in self.idle.items() if since < limit]
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
                keep = False
            if not keep:
                self._done(handler)
            elif handler.buffered():
                self.ready.put(handler)
            else:
                self._park(handler)


class PooledHTTPServer(HTTPServer):
    """An HTTP server whose connections live in a :class:`Lobby` (see the module's docstring).

    The thread calling ``serve_forever`` only accepts connections; ``threads`` answer requests,
    ``max_open`` connections may be open, an idle one is kept ``idle_seconds``.
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
    ) -> None:
        super().__init__(address, handler)
        self.handler_class = handler
        self.lobby = Lobby(
            self.handle_error, threads=threads, max_open=max_open, idle_seconds=idle_seconds
        )

    def process_request(self, request: Any, client_address: Any) -> None:
        self.lobby.add(self.handler_class(request, client_address, self))

    def server_close(self) -> None:
        super().server_close()
        self.lobby.close()
