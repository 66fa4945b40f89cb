"""A SELECT spooled to disk gives its rows whole, read while Oxigraph still writes them.

The rule: whatever the query's values hold (line breaks of every kind inside a value, quotes and
commas, characters of several bytes, a value longer than the csv module's default field limit,
an empty string), and wherever the bytes read so far happen to end, the rows read are the
rows of the query; what the query raises is raised where its rows are read.
"""

from __future__ import annotations

import threading

import pyoxigraph as ox
import pytest

from kb.store import spool as spool_module
from kb.store.spool import CsvSpool, RowSpool, csv_rows

P = ox.NamedNode("https://example.org/says")
TEXTS = [
    "plain",
    "a line\nand the next",
    "windows\r\nline",
    "lone\rreturn",
    'quotes "inside", and, commas',
    "ünïcödé 漢字 🙂 across the cut",
    "x" * 200_000,
    "",
    "\u2028 and \u0085 are no line ends for CSV",
]
QUERY = "SELECT ?s ?o WHERE { ?s <https://example.org/says> ?o } ORDER BY ?s"


@pytest.fixture(scope="module")
def store() -> ox.Store:
    store = ox.Store()
    for i, text in enumerate(TEXTS):
        store.add(ox.Quad(ox.NamedNode(f"https://example.org/s{i:02}"), P, ox.Literal(text)))
    return store


def expected() -> list[dict[str, str]]:
    rows = []
    for i, text in enumerate(TEXTS):
        row = {"s": f"https://example.org/s{i:02}", "o": text}
        rows.append({k: v for k, v in row.items() if v})
    return rows


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64, 1 << 20])
def test_rows_are_whole_wherever_a_read_ends(
    store: ox.Store, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(spool_module, "_CHUNK", chunk)
    assert list(csv_rows(store, QUERY)) == expected()


def test_rows_are_read_in_another_thread_while_the_query_runs(store: ox.Store) -> None:
    spooled = CsvSpool(store, QUERY)
    filling = threading.Thread(target=spooled.fill)
    filling.start()
    rows = list(spooled.rows())  # started before or after the query ends: the same rows
    filling.join()
    assert rows == expected()


def test_a_reader_that_caught_up_waits_for_the_rest(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader reaches the end of what was written before the writer is done."""
    monkeypatch.setattr(spool_module, "_CHUNK", 5)
    spooled = CsvSpool(ox.Store(), "SELECT ?a WHERE { VALUES ?a { 'first' 'second' } }")
    written = threading.Event()
    real_fill = spooled.fill

    def slow_fill() -> None:
        spooled._file.write(b"a\r\nfirst\r\n")  # what Oxigraph would have written so far
        written.set()
        threading.Event().wait(0.2)
        spooled._file.seek(0)  # Oxigraph writes it all again, from the start
        real_fill()

    rows = spooled.rows()
    filling = threading.Thread(target=slow_fill)
    filling.start()
    written.wait()
    assert next(rows) == {"a": "first"}
    assert list(rows) == [{"a": "second"}]
    filling.join()


def test_what_the_query_raises_is_raised_where_rows_are_read(store: ox.Store) -> None:
    broken = CsvSpool(store, "SELECT ?s WHERE { ?s <https://example.org/says> }")
    broken.fill()  # raises nothing in the thread that runs it
    with pytest.raises(SyntaxError):
        list(broken.rows())
    construct = CsvSpool(store, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    construct.fill()
    with pytest.raises(TypeError, match="SELECT"):
        list(construct.rows())


def test_any_store_spools_its_rows_once_the_query_has_run() -> None:
    calls = []

    def select() -> list[dict[str, str]]:
        calls.append(threading.current_thread().name)
        return [{"a": "1"}, {"a": "2"}]

    spooled = RowSpool(select)
    filling = threading.Thread(target=spooled.fill, name="filler")
    filling.start()
    assert list(spooled.rows()) == [{"a": "1"}, {"a": "2"}]
    assert calls == ["filler"]

    def failing() -> list[dict[str, str]]:
        raise OSError("the server went away")

    broken = RowSpool(failing)
    broken.fill()
    with pytest.raises(OSError, match="went away"):
        list(broken.rows())
