"""A SELECT's rows run in one thread and read in another, as they come.

:class:`RowSpool` is any store's: :meth:`~RowSpool.fill` runs the query (in a worker thread),
:meth:`~RowSpool.rows` gives its rows once it has run. :class:`CsvSpool` is the embedded
store's: Oxigraph writes the solutions as CSV into an anonymous temporary file (unlinked as it
is made, so nothing is left behind however the process ends), by its own file handle where the
system names one (``/proc/self/fd``), so that it writes without taking Python's lock; Python's
csv module reads the rows back, while Oxigraph is still writing the rest. A reader can then
use a query's first rows while the query runs (at 10,000 articles the export writes the claims'
nodes as Oxigraph evaluates the claims query, instead of after its 30 s).
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from itertools import chain

import pyoxigraph as ox

#: A row of a SELECT as plain strings, by variable name (unbound variables left out).
Row = dict[str, str]

#: The largest field size limit every platform's csv module accepts.
_MAX_FIELD = 2**31 - 1
#: Bytes read from the spool at a time.
_CHUNK = 1 << 20
#: Seconds a reader that has caught up with the writer waits before it looks again.
_POLL = 0.02


class RowSpool:
    """The rows of one SELECT: :meth:`fill` runs it (once, in any thread); :meth:`rows`
    yields its rows (in another thread) once it has run, or raises what the query raised."""

    def __init__(self, select: Callable[[], Iterable[Row]]) -> None:
        self._select = select
        self._rows: Iterator[Row] = iter(())
        self._error: BaseException | None = None
        self._done = threading.Event()

    def fill(self) -> None:
        """Run the query (until its first row, which a server's answer holds with the rest)."""
        try:
            rows = iter(self._select())
            first = next(rows, None)
            self._rows = rows if first is None else chain([first], rows)
        except BaseException as error:  # raised again where the rows are read
            self._error = error
        finally:
            self._done.set()

    def rows(self) -> Iterator[Row]:
        """Yield the rows once :meth:`fill` has run."""
        self._done.wait()
        if self._error is not None:
            raise self._error
        yield from self._rows


class CsvSpool(RowSpool):
    """The rows of one SELECT on a pyoxigraph store, read while Oxigraph writes them."""

    def __init__(self, store: ox.Store, sparql: str) -> None:
        self._store, self._sparql = store, sparql
        self._error = None
        self._done = threading.Event()
        # Unbuffered: what Oxigraph wrote through the file object is in the file at once.
        self._file = tempfile.TemporaryFile(buffering=0)  # noqa: SIM115 - closed by rows()

    def fill(self) -> None:
        """Run the query, its solutions written as CSV into the spool."""
        try:
            solutions = self._store.query(self._sparql)
            if not isinstance(solutions, ox.QuerySolutions):
                raise TypeError(f"a spool needs a SELECT query, not {self._sparql[:80]!r}")
            solutions.serialize(_own_handle(self._file), format=ox.QueryResultsFormat.CSV)
            # Dropped where it was made: the solutions may not leave their thread.
            del solutions
        except BaseException as error:  # raised again where the rows are read
            self._error = error
        finally:
            self._done.set()

    def rows(self) -> Iterator[Row]:
        """Yield the rows as Oxigraph writes them (all of them when :meth:`fill` has run)."""
        # A sentence can outgrow the CSV reader's default field limit (128 KiB).
        csv.field_size_limit(max(csv.field_size_limit(), _MAX_FIELD))
        with self._file:
            reader = csv.reader(chain.from_iterable(_lines(self._chunks())))
            names = next(reader, [])
            for values in reader:
                row = dict(zip(names, values, strict=True))
                yield {name: value for name, value in row.items() if value} if "" in values else row

    def _chunks(self) -> Iterator[bytes]:
        """Yield the spool's bytes as they are written, until the query has run."""
        offset, fd = 0, self._file.fileno()
        while True:
            done = self._done.is_set()  # before reading: all was written once it is set
            chunk = os.pread(fd, _CHUNK, offset)
            if chunk:
                offset += len(chunk)
                yield chunk
            elif self._error is not None:
                raise self._error
            elif done:
                return
            else:
                self._done.wait(_POLL)


def csv_rows(store: ox.Store, sparql: str) -> Iterator[Row]:
    """Yield the solutions of a SELECT on a pyoxigraph store as :data:`Row` dicts.

    Oxigraph's CSV writer and Python's CSV reader beat reading each solution's terms; through a
    file, a big result (a knowledge base's claims) is never one string in memory.
    """
    spool = CsvSpool(store, sparql)
    spool.fill()
    yield from spool.rows()


def _own_handle(file: io.FileIO) -> str | io.FileIO:
    """Return a path that opens ``file`` anew (Oxigraph then writes by its own handle, without
    Python's lock), else ``file`` itself."""
    path = f"/proc/self/fd/{file.fileno()}"
    return path if os.path.exists(path) else file


def _lines(chunks: Iterable[bytes]) -> Iterator[io.StringIO]:
    """Yield UTF-8 ``chunks`` as texts of whole lines (a CSV row may span several: the csv
    reader takes the next line of a quoted field), each to be read line by line."""
    decode = codecs.getincrementaldecoder("utf-8")().decode
    rest = ""
    for chunk in chunks:
        text = rest + decode(chunk)
        cut = text.rfind("\n") + 1
        if cut:
            yield io.StringIO(text[:cut], newline="")
        rest = text[cut:]
    rest += decode(b"", final=True)
    if rest:
        yield io.StringIO(rest, newline="")
