"""A response's bytes on their way to a client that reads at its own pace.

A query worker is one of a few (``serve`` has two): it must not wait for a client that reads
its results slowly or not at all, or two such clients hold every worker until the query's
timeout and every other query waits behind them. So what the worker writes goes to the client
as far as the socket takes it at once, and the rest into a *spool*: a file with no name (gone
when closed, or however the server ends) in the store's scratch directory, on disk rather than
in memory, which is sent on as the client reads (``sendfile``, no copy through Python). The
worker is free as soon as it has written the whole result, and the thread that relayed it as
soon as it returns: the server's outbox (:class:`kb.serve.connections.Outbox`) sends the rest.
When the client catches up, the spool is emptied and used again, so a client that keeps up
never causes a write to disk.

A spool holds at most one result (``--max-rows`` rows), and lives no longer than the query's
timeout: the disk all spools take is bounded by what the workers write in that time.
"""

from __future__ import annotations

import contextlib
import os
import socket
from collections.abc import Callable
from typing import IO

from kb.errors import ResultsUnspooled

__all__ = ["Outgoing"]


class Outgoing:
    """The bytes of one response for ``connection`` (non-blocking while this is used): written
    with :meth:`write`, sent as the client reads with :meth:`send_spooled`.

    ``spool`` makes the spool file the first time the client does not take all at once.
    """

    def __init__(
        self, connection: socket.socket, spool: Callable[[], IO[bytes]], deadline: float
    ) -> None:
        self.connection = connection
        #: When (``time.monotonic``) the response must have gone: then it is cut.
        self.deadline = deadline
        self._make_spool = spool
        self._spool: IO[bytes] | None = None
        #: Bytes written to the spool, and how many of them the client has been sent.
        self._spooled = 0
        self._sent = 0

    @property
    def pending(self) -> bool:
        """Whether bytes wait in the spool for the client."""
        return self._sent < self._spooled

    @property
    def spooled(self) -> int:
        """Bytes the spool holds for the client now."""
        return self._spooled - self._sent

    def write(self, data: bytes) -> int:
        """Send ``data`` as far as the client takes it now, spool the rest (in order); return
        its length. Raise OSError when the client has gone, ResultsUnspooled when the spool
        cannot be written."""
        size = len(data)
        if not self.pending:
            with contextlib.suppress(BlockingIOError):
                data = data[self.connection.send(data) :]
            if not data:
                return size
        try:
            if self._spool is None:
                self._spool = self._make_spool()
            os.pwrite(self._spool.fileno(), data, self._spooled)
        except OSError as error:
            raise ResultsUnspooled(
                f"cannot keep the results a client reads slowly on disk: {error.strerror or error}"
                "; free space in the store's directory (its scratch/)"
            ) from None
        self._spooled += len(data)
        return size

    def send_spooled(self) -> None:
        """Send the client as much of the spool as its socket takes now (call when it is
        writable); an emptied spool starts again from its beginning. Raise OSError when the
        client has gone."""
        if self._spool is None or not self.pending:
            return
        try:
            self._sent += os.sendfile(
                self.connection.fileno(), self._spool.fileno(), self._sent, self.spooled
            )
        except BlockingIOError:
            return
        if not self.pending:  # caught up: reuse the file's first bytes, free the rest
            self._spool.truncate(0)
            self._spooled = self._sent = 0

    def close(self) -> None:
        """Drop the spool (its file is gone with it)."""
        if self._spool is not None:
            with contextlib.suppress(OSError):
                self._spool.close()
            self._spool = None
            self._spooled = self._sent = 0
