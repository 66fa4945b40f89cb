"""The knowledge base store: one named graph per article, on disk or behind a SPARQL endpoint.

``open_store(location)`` gives a :class:`Store`. A path opens the embedded Oxigraph store
(pyoxigraph, persisted on disk); an ``http(s)://`` URL names the query endpoint of a SPARQL 1.1
Protocol server (Oxigraph server, Fuseki, GraphDB...), whose update endpoint defaults to the
sibling ``/update``. Both give the same methods and the same :class:`QueryResult`, so the code
above them never asks which one it has.

Each article lives in its own named graph whose IRI is the article IRI. Writing articles is
atomic: new ones are bulk-loaded in batches that RocksDB ingests in one step, a stored one is
replaced in one transaction. A process killed in the middle leaves the previous graph or the new
one, never half of either.

Readers beside a writer: one process writes a directory (RocksDB's lock); it publishes a
snapshot of what it has committed when it opens the store, every two seconds while it writes
and when it closes (:mod:`kb.store.snapshots`). A read-only store opens the newest snapshot, never
the files the writer is changing, so it sees whole commits and its memory does not depend on the
writer (beside an ingest, `claimkb list` peaked at 1.4 GB and aborted before; 62 MB now). A
read error (a damaged block) is one line naming the store; a read that grows without end
(Oxigraph's sorting loops on a read error) ends the command at a memory ceiling
(:mod:`kb.store.memory_guard`). Opening a writer checks first, without writing: another process's
lock, and that the store opens read-only (a damaged one is refused untouched).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import time
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import pyoxigraph as ox

from claims.errors import (
    ArticleNotStored,
    ClaimkbError,
    QuerySyntaxError,
    StoreLocked,
    StoreUnavailable,
)
from kb.store import snapshots

if TYPE_CHECKING:
    import rdflib

#: RDF formats of ``dump``/``load`` and of CONSTRUCT results, by the names the CLI uses.
RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}
#: Aliases accepted wherever an RDF format name is.
FORMAT_ALIASES = {"turtle": "ttl", "ntriples": "nt", "n-triples": "nt", "nq": "nquads"}
#: Formats that hold named graphs, so that a dump in them loads back article by article.
DATASET_FORMATS = ("trig", "nquads", "jsonld")
#: W3C SPARQL results formats of SELECT/ASK results.
RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
#: Triples written between two flushes of the embedded store's write buffers.
FLUSH_TRIPLES = 200_000
#: New articles written together by one bulk load (one atomic ingestion of sorted files).
BULK_ARTICLES = 8
#: Compact the store after bulk loads that added at least this share of its articles.
COMPACT_SHARE = 0.1
#: Seconds a reader waits for the first snapshot of a store a writer has just opened.
FIRST_SNAPSHOT_SECONDS = 30.0
#: File extensions ``load`` recognises.
EXTENSIONS = {
    ".trig": "trig",
    ".nq": "nquads",
    ".nquads": "nquads",
    ".jsonld": "jsonld",
    ".json": "jsonld",
    ".ttl": "ttl",
    ".nt": "nt",
}

_LIST_ARTICLES = """
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX ckb: <https://w3id.org/claimkb/ns#>
SELECT ?article ?title ?path WHERE {
  GRAPH ?article {
    OPTIONAL { ?article dcterms:title ?title }
    OPTIONAL { ?article ckb:sourcePath ?path }
  }
} ORDER BY ?article
"""


def default_location() -> str:
    """Return the default knowledge base: ``$XDG_DATA_HOME/claimkb/kb`` (``~/.local/share/...``)."""
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local/share")
    return os.path.join(base, "claimkb", "kb")


def is_url(location: str) -> bool:
    """Return True when ``location`` names a SPARQL endpoint rather than a directory."""
    return location.startswith(("http://", "https://"))


def rdf_format(name: str) -> ox.RdfFormat:
    """Return the pyoxigraph RDF format for a CLI name (``trig``, ``ttl``, ``nquads``...)."""
    key = FORMAT_ALIASES.get(name.lower(), name.lower())
    if key not in RDF_FORMATS:
        known = ", ".join(RDF_FORMATS)
        raise StoreUnavailable(f"unknown RDF format {name!r}: use one of {known}")
    return RDF_FORMATS[key]


@dataclass(frozen=True)
class ArticleInfo:
    """One article of the knowledge base as ``list`` shows it."""

    iri: str
    title: str | None
    source: str | None


@dataclass
class QueryResult:
    """The result of a SPARQL query, the same for the embedded store and a remote endpoint.

    ``kind`` is ``"bindings"`` (SELECT), ``"boolean"`` (ASK) or ``"graph"`` (CONSTRUCT,
    DESCRIBE). Iterating gives the rows (tuples of pyoxigraph terms, ``None`` for unbound) or the
    triples. ``serialize(fmt)`` gives W3C results (json/xml/csv/tsv) or RDF (ttl/nt/jsonld/xml).
    """

    kind: str
    variables: tuple[str, ...] = ()
    boolean: bool | None = None
    # W3C SPARQL JSON results (bindings) or N-Triples (graph): what both modes can hand over.
    payload: bytes = b""
    _rows: list[Any] | None = field(default=None, repr=False)

    @classmethod
    def from_pyoxigraph(cls, result: Any) -> QueryResult:
        """Return the result of a pyoxigraph ``query()`` call, made reusable."""
        if isinstance(result, ox.QueryBoolean):
            payload = result.serialize(format=ox.QueryResultsFormat.JSON)
            return cls("boolean", boolean=bool(result), payload=payload)
        if isinstance(result, ox.QuerySolutions):
            names = tuple(v.value for v in result.variables)
            payload = result.serialize(format=ox.QueryResultsFormat.JSON)
            return cls("bindings", names, payload=payload)
        return cls("graph", ("subject", "predicate", "object"), payload=_triples_bytes(result))

    @property
    def rows(self) -> list[Any]:
        """Return the rows (bindings: tuples of terms or None) or triples (graph)."""
        if self._rows is None:
            self._rows = list(self._parse())
        return self._rows

    def _parse(self) -> Iterator[Any]:
        if self.kind == "boolean":
            return iter(())
        if self.kind == "graph":
            return ox.parse(self.payload, format=ox.RdfFormat.N_TRIPLES)
        solutions = ox.parse_query_results(self.payload, format=ox.QueryResultsFormat.JSON)
        return (tuple(s[name] for name in self.variables) for s in solutions)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def dicts(self) -> list[dict[str, Any]]:
        """Return the rows as dicts of plain Python values (str, int, float, bool, None)."""
        if self.kind == "boolean":
            return [{"boolean": self.boolean}]
        return [
            {name: to_python(term) for name, term in zip(self.variables, row, strict=True)}
            for row in self.rows
        ]

    def serialize(self, fmt: str) -> bytes:
        """Return W3C SPARQL results (json/xml/csv/tsv) or, for a graph, RDF (ttl/nt/jsonld)."""
        if self.kind == "graph":
            triples = ox.parse(self.payload, format=ox.RdfFormat.N_TRIPLES)
            return ox.serialize(triples, format=rdf_format(fmt))
        if fmt not in RESULT_FORMATS:
            known = ", ".join(RESULT_FORMATS)
            raise StoreUnavailable(f"unknown results format {fmt!r}: use one of {known}")
        if fmt == "json":
            return self.payload
        results = ox.parse_query_results(self.payload, format=ox.QueryResultsFormat.JSON)
        return results.serialize(format=RESULT_FORMATS[fmt])


class Store(ABC):
    """A knowledge base: named graphs of articles, SPARQL queries and updates over them.

    Use as a context manager or call ``close()``. ``read_only`` stores refuse every write.
    """

    location: str
    read_only: bool

    @abstractmethod
    def query(self, sparql: str) -> QueryResult:
        """Return the result of a SPARQL query; raise QuerySyntaxError with the position."""

    @abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL update as one transaction."""

    @abstractmethod
    def _write(self, iri: str, ntriples: str, *, replace: bool) -> None:
        """Write one article graph (N-Triples) as one transaction, replacing it or adding to it."""

    @abstractmethod
    def dump(self, fmt: str, out: IO[bytes]) -> None:
        """Write every article graph to ``out`` (``ttl``/``nt`` merge them into one graph)."""

    def replace_article(self, iri: str, graph: str | rdflib.Graph) -> None:
        """Replace the named graph ``iri`` by ``graph`` (N-Triples text or an rdflib Graph)."""
        text = graph if isinstance(graph, str) else graph.serialize(format="nt")
        self._write(str(iri), text, replace=True)

    def write_articles(self, items: Iterable[tuple[str, str]]) -> Iterator[str]:
        """Replace each (article IRI, N-Triples) graph; yield each IRI once it is committed."""
        for iri, ntriples in items:
            self._write(iri, ntriples, replace=True)
            yield iri

    def remove_article(self, iri: str) -> bool:
        """Remove the named graph ``iri``; return False when there was none."""
        _named_node(iri)  # never pasted into an update unless it is one IRI
        if not self.has_article(iri):
            return False
        self.update(f"DROP GRAPH <{iri}>")
        return True

    def has_article(self, iri: str) -> bool:
        """Return True when the store holds the named graph ``iri``."""
        _named_node(iri)
        return bool(self.query(f"ASK {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}").boolean)

    def articles(self) -> list[ArticleInfo]:
        """Return every article (named graph) with its title and source path, by IRI."""
        rows = self.query(_LIST_ARTICLES)
        return [ArticleInfo(*(t.value if t is not None else None for t in row)) for row in rows]

    def article_ntriples(self, iri: str) -> str:
        """Return the named graph ``iri`` as N-Triples text ("" when absent)."""
        _named_node(iri)
        result = self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")
        return result.payload.decode()

    def graph(self, iri: str) -> rdflib.Graph:
        """Return the named graph ``iri`` as an rdflib Graph (empty when absent)."""
        import rdflib

        graph = rdflib.Graph(identifier=rdflib.URIRef(iri))
        return graph.parse(data=self.article_ntriples(iri), format="nt")

    def load(self, path: str | Path, fmt: str | None = None) -> int:
        """Load a dump (TriG, N-Quads, JSON-LD); each named graph in it replaces the stored one.

        Return the number of graphs written. Each graph is written in its own transaction.
        """
        name = fmt or _format_of(path)
        if name not in DATASET_FORMATS:
            raise StoreUnavailable(
                f"{path}: {name} holds no named graphs, so articles cannot be told apart; "
                "load a dump made with --format trig, nquads or jsonld"
            )
        try:
            quads = ox.parse(path=str(path), format=rdf_format(name))
            return self._load_quads(quads, str(path))
        except SyntaxError as error:
            raise StoreUnavailable(f"{path}: not valid {name}: {error}") from None
        except OSError as error:
            raise StoreUnavailable(f"{path}: cannot read it: {error.strerror or error}") from None

    def _load_quads(self, quads: Iterable[ox.Quad], source: str) -> int:
        seen: set[str] = set()
        for graph_name, triples in _graph_runs(quads):
            if graph_name is None:
                raise StoreUnavailable(f"{source}: holds triples outside any named graph")
            text = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode()
            # A graph split across the file is replaced once, then added to.
            self._write(graph_name, text, replace=graph_name not in seen)
            seen.add(graph_name)
        return len(seen)

    def close(self) -> None:  # noqa: B027 - nothing to release by default
        """Release the store (the embedded store's lock)."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class EmbeddedStore(Store):
    """The Oxigraph store on disk (pyoxigraph). One writer per directory; readers beside it.

    The writer publishes committed snapshots (:mod:`kb.store.snapshots`); a read-only store opens
    the newest one, so it reads files no process writes: the store as of a commit, however long it
    reads. ``create=False`` opens only a store that exists (``remove`` on a mistyped path).
    """

    def __init__(self, path: str, *, read_only: bool = False, create: bool = True) -> None:
        self.location = str(path)
        self.read_only = read_only
        self._unflushed = 0
        self._view: snapshots.View | None = None
        self._published = 0.0
        self._dirty = False
        self._store: ox.Store | None = self._open(create)

    def _open(self, create: bool) -> ox.Store:
        _check_location(self.location, create=create and not self.read_only)
        if self.read_only:
            return self._open_view()
        fresh = not Path(self.location).exists()
        if Path(self.location, "CURRENT").exists():
            _refuse_if_held(self.location)
            _probe(self.location)  # a damaged store fails here, before a writer touches it
        try:
            Path(self.location).mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreUnavailable(
                f"cannot create the knowledge base at {self.location}: {_reason(error)}; "
                "give --kb a directory you can write to"
            ) from None
        try:
            store = _open_or_explain(ox.Store, self.location)
            self._store = store
            self.publish()
        except BaseException:
            self._store = None
            if fresh:  # a failed open leaves nothing behind
                shutil.rmtree(self.location, ignore_errors=True)
            raise
        return store

    def _open_view(self) -> ox.Store:
        # A claimkb writer publishes its first snapshot just after it opens the store.
        deadline = time.monotonic() + FIRST_SNAPSHOT_SECONDS
        while True:
            try:
                self._view = snapshots.open_newest(self.location)
            except (OSError, RuntimeError) as error:
                raise _unreadable(self.location, error) from None
            if self._view is not None:
                return self._view.store
            if not snapshots.writer_holds(self.location):
                break
            if time.monotonic() > deadline:
                raise StoreLocked(
                    f"the knowledge base at {self.location} is being written by a program that "
                    "publishes no snapshots for readers (an older claimkb, an Oxigraph server): "
                    "wait for it to finish, or query that server"
                )
            time.sleep(0.05)
        # A store no claimkb writer has published (older claimkb): read it directly.
        return _open_read_only(self.location)

    def refresh(self) -> bool:
        """Move a read-only store to the newest snapshot when a writer published one since.

        Return True when it moved. Queries already running on the old one finish on it.
        """
        if self._view is None or snapshots.newest(self.location) in (None, self._view.name):
            return False
        old = self._view
        self._view = snapshots.open_newest(self.location)
        if self._view is None:
            self._view = old
            return False
        self._store = self._view.store
        old.close()
        return True

    @property
    def oxigraph(self) -> ox.Store:
        """Return the underlying pyoxigraph Store (for bulk work and benchmarks)."""
        if self._store is None:
            raise StoreUnavailable(f"the knowledge base at {self.location} is closed")
        return self._store

    def query(self, sparql: str) -> QueryResult:
        try:
            with _reading(self.location):
                return QueryResult.from_pyoxigraph(self.oxigraph.query(sparql))
        except SyntaxError as error:
            raise QuerySyntaxError(f"SPARQL syntax {error.msg}") from None

    def reading(self) -> contextlib.AbstractContextManager[None]:
        """Return a context for reads through :attr:`oxigraph`: the store's read errors become
        one-line StoreUnavailable, and a read that grows without end ends the command."""
        return _reading(self.location)

    def update(self, sparql: str) -> None:
        self._check_writable()
        try:
            with _writing(self.location):
                self.oxigraph.update(sparql)
        except SyntaxError as error:
            raise QuerySyntaxError(f"SPARQL update syntax {error.msg}") from None
        self.committed()

    def has_article(self, iri: str) -> bool:
        with _reading(self.location):
            return self.oxigraph.contains_named_graph(_named_node(iri))

    def _write(self, iri: str, ntriples: str, *, replace: bool) -> None:
        self._check_writable()
        if replace and self.has_article(iri):
            # DROP and INSERT in one update: one transaction, never a half-replaced article.
            self.update(f"DROP GRAPH <{iri}> ;\nINSERT DATA {{ GRAPH <{iri}> {{\n{ntriples}\n}} }}")
        else:
            # A new graph: one transactional load, faster than parsing an INSERT DATA.
            with _writing(self.location):
                self.oxigraph.load(
                    ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(iri)
                )
            self.committed()
        self._unflushed += ntriples.count("\n")
        if self._unflushed >= FLUSH_TRIPLES:
            # Left alone, RocksDB's write buffers grew to 2 GB over 1,000 articles; flushing
            # them every ~50 articles holds the writer near 300 MB and was faster too.
            with _writing(self.location):
                self.oxigraph.flush()
            self._unflushed = 0

    def write_articles(self, items: Iterable[tuple[str, str]]) -> Iterator[str]:
        """Bulk-load new articles in batches; replace stored ones in a transaction each.

        A bulk load writes each index as a sorted file and ingests them all in one atomic
        RocksDB step, 4x cheaper than a transaction, which reads every key before writing it.
        """
        self._check_writable()
        stored = sum(1 for _ in self.oxigraph.named_graphs())
        batch: dict[str, str] = {}
        loaded: list[str] = []
        for iri, ntriples in items:
            if iri in batch or self.has_article(iri):
                yield from self._bulk_write(batch, loaded)
                self._write(iri, ntriples, replace=True)
                yield iri
                continue
            batch[iri] = ntriples
            if len(batch) >= BULK_ARTICLES:
                yield from self._bulk_write(batch, loaded)
        yield from self._bulk_write(batch, loaded)
        if loaded and len(loaded) >= COMPACT_SHARE * stored:
            self._compact()

    def _compact(self) -> None:
        """Merge the small sorted files that bulk loads leave into a few large ones.

        Each bulk load adds its files to RocksDB's first level; left there, every lookup reads
        all of them: queries on a store just built ran 3x slower (1,000 articles: 4.6 s of
        compaction, then unsupported-claims 1.5 s -> 0.45 s). Compaction rewrites the whole
        store, so it runs only when this ingest added a tenth of the articles or more.
        """
        with _writing(self.location):
            self.oxigraph.optimize()

    def _bulk_write(self, batch: dict[str, str], loaded: list[str]) -> list[str]:
        """Write the batched new articles as one N-Quads bulk load; move their IRIs to ``loaded``.

        Return the IRIs written (none for an empty batch).
        """
        if not batch:
            return []
        nquads = "".join(_as_nquads(iri, ntriples) for iri, ntriples in batch.items())
        with _writing(self.location):
            self.oxigraph.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
        self.committed()
        written = list(batch)
        loaded.extend(written)
        batch.clear()
        return written

    def committed(self) -> None:
        """Note a committed write; publish a snapshot for readers when the last is old enough.

        Called after each write here; a caller writing through :attr:`oxigraph` calls it too.
        """
        self._dirty = True
        if time.monotonic() - self._published >= snapshots.PUBLISH_SECONDS:
            self.publish()

    def publish(self) -> None:
        """Publish a snapshot of what is committed now, for readers (:mod:`kb.store.snapshots`)."""
        with _writing(self.location):
            snapshots.publish(self.oxigraph, self.location)
        self._published = time.monotonic()
        self._dirty = False

    def dump(self, fmt: str, out: IO[bytes]) -> None:
        name = FORMAT_ALIASES.get(fmt, fmt)
        with _reading(self.location):
            if name in DATASET_FORMATS:
                self.oxigraph.dump(out, format=rdf_format(name))
            else:
                union = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
                out.write(self.query(union).serialize(name))

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreUnavailable(f"the knowledge base at {self.location} is open read-only")

    def close(self) -> None:
        if self._store is not None and not self.read_only:
            try:
                with _writing(self.location):
                    self._store.flush()
            finally:  # what was committed reaches readers, even when the flush fails
                if self._dirty:
                    self.publish()
        # Dropping the last reference closes RocksDB and releases its lock.
        self._store = None
        if self._view is not None:
            self._view.close()
            self._view = None

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.close()
            return
        with contextlib.suppress(ClaimkbError):  # the error under way says more
            self.close()
        self._store = None


def open_store(
    location: str,
    *,
    read_only: bool = False,
    update_url: str | None = None,
    create: bool = True,
) -> Store:
    """Return the knowledge base at ``location``: a directory, or a SPARQL query endpoint URL.

    ``read_only`` opens the embedded store beside a writer (its last published snapshot) and
    refuses writes; it never creates a store, nor does ``create=False``. For a URL,
    ``update_url`` defaults to the sibling ``update`` of the query endpoint. Raise StoreLocked
    when another process writes to the directory, StoreUnavailable when it is no store.
    """
    if is_url(location):
        from kb.store.remote import RemoteStore

        return RemoteStore(location, update_url=update_url, read_only=read_only)
    return EmbeddedStore(os.path.expanduser(location), read_only=read_only, create=create)


def to_python(term: Any) -> Any:
    """Return a plain Python value for a pyoxigraph term: str, int, float, bool or None."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        return _literal_value(term)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {f"{_XSD}{t}" for t in ("integer", "int", "long", "short", "nonNegativeInteger")}
_FLOATS = {f"{_XSD}{t}" for t in ("decimal", "double", "float")}


def _literal_value(literal: ox.Literal) -> Any:
    datatype = literal.datatype.value
    try:
        if datatype in _INTEGERS:
            return int(literal.value)
        if datatype in _FLOATS:
            return float(literal.value)
    except ValueError:
        return literal.value
    if datatype == f"{_XSD}boolean":
        return literal.value in ("true", "1")
    return literal.value


def _check_location(location: str, *, create: bool) -> None:
    """Refuse a ``--kb`` that is no store: a file, a device, a directory of other files, nothing.

    ``create``: a missing directory (or an empty one) is fine, it becomes a new store.
    """
    path = Path(location)
    if path.is_dir():
        if (path / "CURRENT").exists():
            return
        if create and not any(path.iterdir()):
            return
        if create:
            raise StoreUnavailable(
                f"{location} is a directory of other files, not a knowledge base: give --kb a "
                "new or empty directory, or the directory of an existing knowledge base"
            )
    elif path.exists():
        raise StoreUnavailable(
            f"{location} is a file, not a knowledge base: give --kb a directory "
            "(a new one is created by `claimkb ingest`)"
        )
    elif create:
        return
    raise StoreUnavailable(
        f"there is no knowledge base at {location}: run `claimkb ingest --kb {location} ...` "
        "first, or give the --kb of an existing one"
    )


def _refuse_if_held(location: str) -> None:
    """Raise StoreLocked before opening a store another process writes (a failed open writes)."""
    if snapshots.writer_holds(location):
        raise StoreLocked(_in_use(location))


def _in_use(location: str) -> str:
    return (
        f"the knowledge base at {location} is in use by another process; "
        "wait for it to finish, or only read it (list, query, stats, dump, export)"
    )


def _probe(location: str) -> None:
    """Open a store read-only and drop it: a damaged one is refused before a writer opens it."""
    with contextlib.suppress(StoreLocked):
        _open_or_explain(ox.Store.read_only, location)


def _open_read_only(path: str, attempts: int = 10) -> ox.Store:
    """Return a read-only view; retry when a writer beside it renames a file as it opens."""
    for _ in range(attempts - 1):
        try:
            return ox.Store.read_only(path)
        except (OSError, RuntimeError):
            time.sleep(0.05)
    return _open_or_explain(ox.Store.read_only, path)


def _open_or_explain(opener: Any, path: str) -> ox.Store:
    try:
        return opener(path)
    except (OSError, RuntimeError) as error:  # RuntimeError: read-only beside a store being made
        if _LOCKED.search(str(error)):
            raise StoreLocked(_in_use(path)) from None
        raise _unreadable(path, error) from None


#: RocksDB's words for a store another process holds ("While lock file: ...", "lock hold by
#: current process"); not "block", which its checksum errors say.
_LOCKED = re.compile(r"\block (file|hold)", re.IGNORECASE)


def _unreadable(location: str, error: BaseException) -> StoreUnavailable:
    """Return the one-line error for a store that fails as it is opened or read."""
    what = " ".join(str(error).split())
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
        return StoreUnavailable(f"the disk holding {location} is full: free some space and retry")
    if "corruption" in what.lower() or "checksum" in what.lower():
        return StoreUnavailable(
            f"the knowledge base at {location} is damaged ({what}): restore it from a dump "
            "(`claimkb load`) or a copy, or ingest the articles again into a new --kb"
        )
    if "No space left" in what:
        return StoreUnavailable(f"the disk holding {location} is full: free some space and retry")
    if "Permission denied" in what or "Read-only file system" in what:
        return StoreUnavailable(
            f"cannot use the knowledge base at {location}: {what}; "
            "give --kb a directory you can read and write"
        )
    return StoreUnavailable(f"cannot read the knowledge base at {location}: {what}")


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


@contextlib.contextmanager
def _reading(location: str) -> Iterator[None]:
    """Turn the store's read errors (damage, a vanished file) into one-line StoreUnavailable.

    OSErrors with an errno come from the file being written (a closed pipe, a full disk) and
    pass through for the caller to name.
    """
    from kb.store.memory_guard import guarded

    try:
        with guarded(f"reading the knowledge base at {location}"):
            yield
    except OSError as error:
        if error.errno is not None:
            raise
        raise _unreadable(location, error) from None
    except RuntimeError as error:
        raise _unreadable(location, error) from None


@contextlib.contextmanager
def _writing(location: str) -> Iterator[None]:
    """Turn the store's write errors (a full disk, damage) into one-line StoreUnavailable."""
    try:
        yield
    except (OSError, RuntimeError) as error:
        if isinstance(error, OSError) and error.errno == errno.EPIPE:
            raise
        raise _unreadable(location, error) from None


def _named_node(iri: str) -> ox.NamedNode:
    """Return ``iri`` as a NamedNode; one that is no valid IRI names no article."""
    try:
        return ox.NamedNode(iri)
    except ValueError as error:
        raise ArticleNotStored(
            f"{iri!r} is neither an article's file nor an absolute IRI ({error}): give an IRI "
            "that `claimkb list` shows, or the article's file"
        ) from None


def _format_of(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in EXTENSIONS:
        raise StoreUnavailable(f"{path}: unknown RDF file extension; use --format to name one")
    return EXTENSIONS[suffix]


def _graph_runs(quads: Iterable[ox.Quad]) -> Iterator[tuple[str | None, list[ox.Triple]]]:
    """Yield (graph IRI, triples) for each run of consecutive quads in the same graph."""
    current: Any = object()
    run: list[ox.Triple] = []
    for quad in quads:
        if quad.graph_name != current:
            if run:
                yield _graph_iri(current), run
            current, run = quad.graph_name, []
        run.append(quad.triple)
    if run:
        yield _graph_iri(current), run


def _as_nquads(iri: str, ntriples: str) -> str:
    """Return N-Triples lines (each ending " .") as N-Quads lines in the graph ``iri``.

    Lines are cut at "\n" only: a literal may hold U+2028 or U+0085, which N-Triples leaves
    as they are and ``str.splitlines`` would take for line ends.
    """
    graph = f"<{iri}> .\n"
    return "".join(line.rstrip()[:-1] + graph for line in ntriples.split("\n") if line.strip())


def _graph_iri(name: Any) -> str | None:
    return name.value if isinstance(name, ox.NamedNode) else None


def _triples_bytes(triples: Iterable[Any]) -> bytes:
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
