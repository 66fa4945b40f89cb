"""The embedded store: Oxigraph (pyoxigraph) on disk, one named graph per article.

Each article lives in its own named graph whose IRI is the article IRI. Writing articles is
atomic: new ones are bulk-loaded in batches that RocksDB ingests in one step, a stored one is
replaced in one transaction; a large article (a file) lands in steps that an intent file makes
all or nothing, and no snapshot is published mid-way (:mod:`kb.store.whole_load`). A process
killed in the middle leaves the previous graph or the new one, never half of either.

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
import itertools
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

import pyoxigraph as ox

from claims.errors import ClaimkbError
from kb.errors import QuerySyntaxError, StoreLocked, StoreUnavailable
from kb.rdf.formats import DATASET_FORMATS
from kb.rdf.iri import named_node
from kb.scratch import owned_directory
from kb.store import snapshots, whole_load
from kb.store.base import (
    FORMAT_ALIASES,
    ArticleGraph,
    QueryResult,
    SpooledGraph,
    Store,
    as_nquads,
    ntriples_of,
    rdf_format,
)
from kb.store.reading import check_location, in_use, open_or_explain, open_to_read, unreadable
from kb.store.spool import CsvSpool, Row, csv_rows

if TYPE_CHECKING:
    from kb.store.network_rows import NetworkRows
    from kb.store.search_index import SearchIndex

#: Triples written between two flushes of the embedded store's write buffers.
FLUSH_TRIPLES = 200_000
#: New articles written together by one bulk load (one atomic ingestion of sorted files).
BULK_ARTICLES = 8
#: Compact the store after bulk loads that added at least this share of its articles.
COMPACT_SHARE = 0.1
#: What Oxigraph names the sorted files a bulk load writes in the store's directory.
BULK_LEFTOVERS = "bulk-*.sst"
#: The directory of the store's temporary files (an ingest's spooled graphs), in the store's
#: directory (RocksDB ignores it): emptied by each writer as it opens the store.
SCRATCH = "scratch"


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
        self._index: SearchIndex | None = None
        self._store: ox.Store | None = self._open(create)

    def _open(self, create: bool) -> ox.Store:
        if self.read_only:
            store, self._view = open_to_read(self.location)
            return store
        check_location(self.location, create=create)
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
            store = open_or_explain(ox.Store, self.location)
            _remove_leftovers(self.location)  # this process holds the store's lock now
            self._store = store
            self._open_index(store)
            self._settle_load(store)
            self.publish()
        except BaseException:
            self._store = None
            if fresh:  # a failed open leaves nothing behind
                shutil.rmtree(self.location, ignore_errors=True)
            raise
        return store

    def _open_index(self, store: ox.Store) -> None:
        """Open the writer's search index; a new store's (no article yet) is complete at once."""
        from kb.store.search_index import SearchIndex  # readers never write it: not imported

        self._index = SearchIndex(self.location)
        if not self._index.complete and next(iter(store.named_graphs()), None) is None:
            self._index.mark_complete()

    def _settle_load(self, store: ox.Store) -> None:
        """Undo or finish the load of a large article that a killed writer left part-way
        (:mod:`kb.store.whole_load`), before any reader can see the store."""
        with _writing(self.location):
            settled = whole_load.settle(store, self.location)
        if settled is not None:
            self._indexed([settled])

    def scratch(self, prefix: str) -> contextlib.AbstractContextManager[Path]:
        """Return a new directory in the store's :data:`SCRATCH` directory (see Store.scratch)."""
        self._check_writable()
        return owned_directory(Path(self.location, SCRATCH), prefix)

    def search_index(self) -> SearchIndex:
        """Return the store's full-text index of claims, rebuilt first when it may miss some."""
        if self._index is None:
            from kb.store.search_index import SearchIndex

            self._index = SearchIndex(self.location)
        if not self._index.complete:
            with _reading(self.location):
                self._index.rebuild(self.oxigraph)
        elif not self._index.listings_complete:  # made before it held what listings read
            with _reading(self.location):
                self._index.rebuild_listings(self.oxigraph)
        return self._index

    def network_rows(self) -> NetworkRows:
        """Return the citation network's rows from the search index, filled first when the
        index was made before it held them."""
        index = self.search_index()
        if not index.network_complete:
            with _reading(self.location):
                index.rebuild_network(self.oxigraph)
        return index.network()

    def _indexed(self, iris: list[str], written: ox.Store | None = None) -> None:
        """Bring the search index up to date with the committed articles ``iris``, read from
        ``written`` (an in-memory store of just those articles, as they were written) when
        given, else from the store."""
        if self._index is not None and iris:
            if written is not None:  # terms read from memory, not decoded from disk
                self._index.index_articles(written, iris)
                return
            with _reading(self.location):
                self._index.index_articles(self.oxigraph, iris)

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

    def query_with_prefixes(self, sparql: str, *, timeout: float | None = None) -> QueryResult:
        from ontology import PREFIXES

        if timeout is not None:  # see Store.query_with_prefixes
            raise ValueError("the embedded store cannot stop a query: run it in a worker")

        # Oxigraph takes the prefixes apart from the text, so error positions are the user's.
        try:
            with _reading(self.location):
                raw = self.oxigraph.query(
                    sparql, prefixes=PREFIXES, use_default_graph_as_union=True
                )
                return QueryResult.from_pyoxigraph(raw)
        except SyntaxError as error:
            raise QuerySyntaxError(f"SPARQL syntax {error.msg}") from None

    def select_rows(self, sparql: str) -> Iterator[Row]:
        return csv_rows(self.oxigraph, sparql)

    def spool(self, sparql: str) -> CsvSpool:
        """Return a SELECT whose rows can be read while Oxigraph still writes them."""
        return CsvSpool(self.oxigraph, sparql)

    def reading(self) -> contextlib.AbstractContextManager[None]:
        """Return a context for reads through :attr:`oxigraph`: the store's read errors become
        one-line StoreUnavailable, and a read that grows without end ends the command."""
        return _reading(self.location)

    def update(self, sparql: str) -> None:
        self._check_writable()
        try:
            with self._committing():
                self.oxigraph.update(sparql)
        except SyntaxError as error:
            raise QuerySyntaxError(f"SPARQL update syntax {error.msg}") from None

    def has_article(self, iri: str) -> bool:
        with _reading(self.location):
            return self.oxigraph.contains_named_graph(named_node(iri))

    def graph_quads(self, iri: str) -> Iterator[ox.Quad]:
        with _reading(self.location):  # one index range, no query to plan
            yield from self.oxigraph.quads_for_pattern(None, None, None, named_node(iri))

    def graph_nquads(self, iri: str) -> bytes:
        # Oxigraph writes the triples itself, with the GIL released (no Python object per quad,
        # so shards are written in parallel); each line then gains the graph's name. A line
        # ends in " .\n" and nothing else holds a line break: N-Triples escapes it in literals.
        graph = named_node(iri)
        with _reading(self.location):
            triples = self.oxigraph.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
        return (triples or b"").replace(b" .\n", f" {graph} .\n".encode())

    def _write(self, iri: str, ntriples: str, *, replace: bool) -> None:
        self._check_writable()
        if replace and self.has_article(iri):
            # DROP and INSERT in one update: one transaction, never a half-replaced article.
            self.update(f"DROP GRAPH <{iri}> ;\nINSERT DATA {{ GRAPH <{iri}> {{\n{ntriples}\n}} }}")
        else:
            # A new graph: one transactional load, faster than parsing an INSERT DATA.
            with self._committing():
                self.oxigraph.load(
                    ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(iri)
                )
        self._indexed([iri])
        self._unflushed += ntriples.count("\n")
        if self._unflushed >= FLUSH_TRIPLES:
            # Left alone, RocksDB's write buffers grew to 2 GB over 1,000 articles; flushing
            # them every ~50 articles holds the writer near 300 MB and was faster too.
            with _writing(self.location):
                self.oxigraph.flush()
            self._unflushed = 0

    def write_articles(
        self,
        items: Iterable[tuple[str, ArticleGraph]],
        *,
        on_compact: Callable[[], None] | None = None,
    ) -> Iterator[str]:
        """Bulk-load new articles in batches; replace stored ones in a transaction each.

        A bulk load writes each index as a sorted file and ingests them all in one atomic
        RocksDB step, 4x cheaper than a transaction, which reads every key before writing it.
        ``on_compact()`` is called as the compaction after a large load starts.
        """
        self._check_writable()
        stored = sum(1 for _ in self.oxigraph.named_graphs())
        batch: dict[str, ArticleGraph] = {}
        loaded: list[str] = []
        for iri, graph in items:
            if isinstance(graph, SpooledGraph):
                yield from self._bulk_write(batch, loaded)
                self._load_file(iri, graph.path)
                loaded.append(iri)
                yield iri
                continue
            if iri in batch or self.has_article(iri):
                yield from self._bulk_write(batch, loaded)
                self._write(iri, ntriples_of(graph), replace=True)
                yield iri
                continue
            batch[iri] = graph
            if len(batch) >= BULK_ARTICLES:
                yield from self._bulk_write(batch, loaded)
        yield from self._bulk_write(batch, loaded)
        if loaded and len(loaded) >= COMPACT_SHARE * stored:
            if on_compact:
                on_compact()
            self._compact()

    def remove_article(self, iri: str) -> bool:
        removed = super().remove_article(iri)
        self._indexed([iri])
        return removed

    def _compact(self) -> None:
        """Merge the small sorted files that bulk loads leave into a few large ones.

        Each bulk load adds its files to RocksDB's first level; left there, every lookup reads
        all of them: queries on a store just built ran 3x slower (1,000 articles: 4.6 s of
        compaction, then unsupported-claims 1.5 s -> 0.45 s). Compaction rewrites the whole
        store, so it runs only when this ingest added a tenth of the articles or more.
        Readers get a snapshot of the compacted files at once: one published just before would
        keep them on the files the compaction replaced (as slow, and on disk beside the new).
        """
        with _writing(self.location):
            self.oxigraph.optimize()
        self.publish()

    def _load_file(self, iri: str, path: Path) -> None:
        """Load an article's N-Triples file as its graph, replacing a stored one, whole or not
        at all and in bounded memory, even when killed part-way (:mod:`kb.store.whole_load`)."""
        with self._committing():
            whole_load.load_whole(self.oxigraph, self.location, iri, path)
        self._indexed([iri])

    def _bulk_write(self, batch: dict[str, ArticleGraph], loaded: list[str]) -> list[str]:
        """Write the batched new articles as one bulk load; move their IRIs to ``loaded``.

        Return the IRIs written (none for an empty batch). Text goes in as N-Quads; a dump's
        quads go in as they were parsed (a load's batches hold only those), never written out
        and parsed again.
        """
        if not batch:
            return []
        texts = [(iri, graph) for iri, graph in batch.items() if isinstance(graph, str)]
        quads = [graph for graph in batch.values() if isinstance(graph, list)]
        nquads = "".join(as_nquads(iri, ntriples) for iri, ntriples in texts)
        with self._committing():
            if texts:
                self.oxigraph.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
            if quads:
                self.oxigraph.bulk_extend(itertools.chain.from_iterable(quads))
        # The index reads the batch from memory: decoding each term from the store on disk
        # cost the ingest about 19 ms an article for the network's rows alone.
        in_memory = ox.Store()
        if texts:
            in_memory.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
        if quads:
            in_memory.bulk_extend(itertools.chain.from_iterable(quads))
        written = list(batch)
        self._indexed(written, in_memory)
        loaded.extend(written)
        batch.clear()
        return written

    @contextlib.contextmanager
    def _committing(self) -> Iterator[None]:
        """Run a write of this store, then :meth:`committed`.

        The store is marked changed before the write: a Ctrl-C landing between its commit and
        the next line would otherwise leave what it committed out of the snapshot ``close``
        publishes (an interrupted ingest said 8 articles had landed, readers saw none).
        """
        self._dirty = True
        with _writing(self.location):
            yield
        self.committed()

    def committed(self) -> None:
        """Note a committed write; publish a snapshot for readers when the last is old enough.

        Called after each write here; a caller writing through :attr:`oxigraph` calls it too.
        """
        self._dirty = True
        if time.monotonic() - self._published >= snapshots.PUBLISH_SECONDS:
            self.publish()

    def publish(self) -> None:
        """Publish a snapshot of what is committed now, for readers (:mod:`kb.store.snapshots`);
        never while a large article is loaded in steps (:mod:`kb.store.whole_load`)."""
        if whole_load.pending(self.location):
            self._dirty = True
            return
        with _writing(self.location):
            snapshots.publish(self.oxigraph, self.location)
        self._published = time.monotonic()
        self._dirty = False

    def dump(self, fmt: str, out: IO[bytes]) -> None:
        from kb.rdf.prefixes import turtle_prefixes

        name = FORMAT_ALIASES.get(fmt, fmt)
        with _reading(self.location):
            if name == "jsonld":
                self._dump_jsonld(out)
            elif name in DATASET_FORMATS:
                self.oxigraph.dump(out, format=rdf_format(name), prefixes=turtle_prefixes())
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
        if self._index is not None:
            self._index.close()
            self._index = None
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


def _remove_leftovers(location: str) -> None:
    """Delete the temporary files of a writer that was killed (SIGKILL, a power cut).

    Those are the :data:`SCRATCH` directory (an ingest's spooled graphs) and the sorted files of
    a bulk load killed before RocksDB ingested them: Oxigraph writes them as ``bulk-*.sst`` in
    the store's directory, and RocksDB moves each one into the store as it ingests it. Only the
    writer calls this, once it holds the store's lock, so no other process is writing them.
    """
    shutil.rmtree(Path(location, SCRATCH), ignore_errors=True)
    for leftover in Path(location).glob(BULK_LEFTOVERS):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()


def _refuse_if_held(location: str) -> None:
    """Raise StoreLocked before opening a store another process writes (a failed open writes)."""
    if snapshots.writer_holds(location):
        raise StoreLocked(in_use(location))


def _probe(location: str) -> None:
    """Open a store read-only and drop it: a damaged one is refused before a writer opens it."""
    with contextlib.suppress(StoreLocked):
        open_or_explain(ox.Store.read_only, location)


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
        raise unreadable(location, error) from None
    except RuntimeError as error:
        raise unreadable(location, error) from None


@contextlib.contextmanager
def _writing(location: str) -> Iterator[None]:
    """Turn the store's write errors (a full disk, damage) into one-line StoreUnavailable."""
    try:
        yield
    except (OSError, RuntimeError) as error:
        if isinstance(error, OSError) and error.errno == errno.EPIPE:
            raise
        raise unreadable(location, error) from None
