"""One article's graph loaded from a file whole or not at all, in bounded memory.

A bulk load (pyoxigraph's ``bulk_load``) commits its quads a batch at a time, and a transaction
would hold the whole article in memory, so a large article lands in steps, with an intent file
(:data:`INTENT`, in the store's directory) naming the step under way:

1. ``adding`` (a new article): the file is bulk-loaded as its graph; or ``staging`` (it
   replaces a stored one): the file is bulk-loaded into :data:`STAGING`, a graph of its own,
   while the stored article stays as it was.
2. ``swapping``: the stored article is dropped and STAGING's quads are copied into its graph;
   then ``cleaning``: STAGING is dropped.
3. The intent file is removed.

Readers never see a step: they read snapshots, and none is published while an intent file
exists (:mod:`kb.store.embedded`). A writer killed part-way leaves the intent file, and the next
writer to open the store settles it before anything else (:func:`settle`): a load killed while
adding or staging is undone (the stored article as it was), a swap is done again from STAGING
(the new article whole). Files are loaded and graphs copied :data:`LOAD_TRIPLES` at a time
(one bulk load of a whole file holds a million quads: 800 MB for 854,000 triples, 306 MB in
loads of 100,000), and graphs dropped :data:`DROP_QUADS` quads per transaction, so memory
stays bounded whatever the article's size.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
from pathlib import Path

import pyoxigraph as ox

from kb.rdf.pieces import ntriples_pieces

__all__ = [
    "DROP_QUADS",
    "INTENT",
    "LOAD_TRIPLES",
    "STAGING",
    "drop_graph",
    "load_whole",
    "pending",
    "settle",
]

#: The intent file of a load under way, in the store's directory (RocksDB ignores it).
INTENT = "loading.json"
#: The graph a replacing article is loaded into before it takes the stored one's place.
STAGING = "urn:claimkb:loading"
#: Quads deleted per transaction when a graph is dropped (a transaction holds what it deletes).
DROP_QUADS = 100_000
#: Triples per bulk load of a file or of a graph's copy (a bulk load holds what it sorts).
LOAD_TRIPLES = 100_000


def load_whole(store: ox.Store, location: str, iri: str, path: Path) -> None:
    """Load the N-Triples file ``path`` as the graph ``iri`` of ``store``, replacing a stored one,
    so that the store holds the old graph or the new one whole, even after a kill.

    On an error part-way the load is undone (or, past the swap, finished) before raising.
    """
    try:
        if not store.contains_named_graph(ox.NamedNode(iri)):
            _intend(location, iri, "adding")
            _load_file(store, path, iri)
        else:
            _intend(location, iri, "staging")
            drop_graph(store, STAGING)
            _load_file(store, path, STAGING)
            _intend(location, iri, "swapping")
            _swap(store, location, iri)
        _settled(location)
    except BaseException:
        # The first error says more; when settling fails too, the next writer settles it.
        with contextlib.suppress(Exception):
            settle(store, location)
        raise


def settle(store: ox.Store, location: str) -> str | None:
    """Undo or finish the load an interrupted writer left (see the module); return the IRI of
    the article it was loading, or None when no load was under way."""
    try:
        intent = json.loads(Path(location, INTENT).read_text("utf-8"))
    except FileNotFoundError:
        return None
    iri, step = intent["article"], intent["step"]
    if step == "adding":
        drop_graph(store, iri)
    elif step == "staging":
        drop_graph(store, STAGING)
    elif step == "swapping":
        _swap(store, location, iri)
    elif step == "cleaning":
        drop_graph(store, STAGING)
    _settled(location)
    return str(iri)


def pending(location: str) -> bool:
    """Return True while a load is under way (or was left by a killed writer)."""
    return Path(location, INTENT).exists()


def drop_graph(store: ox.Store, iri: str) -> None:
    """Delete the graph ``iri`` of ``store``, :data:`DROP_QUADS` quads per transaction."""
    graph = ox.NamedNode(iri)
    chunk = (
        f"DELETE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }} WHERE {{ "
        f"{{ SELECT ?s ?p ?o WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }} LIMIT {DROP_QUADS} }} }}"
    )
    while next(store.quads_for_pattern(None, None, None, graph), None) is not None:
        store.update(chunk)
        store.flush()  # else the deletions pile up in RocksDB's write buffers (1 GB and more)
    if store.contains_named_graph(graph):
        store.remove_graph(graph)


def _swap(store: ox.Store, location: str, iri: str) -> None:
    """Put STAGING's quads in the graph ``iri`` in place of its own, then drop STAGING."""
    drop_graph(store, iri)
    target, staging = ox.NamedNode(iri), ox.NamedNode(STAGING)
    quads = store.quads_for_pattern(None, None, None, staging)
    while chunk := list(itertools.islice(quads, LOAD_TRIPLES)):
        store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, target) for q in chunk)
    _intend(location, iri, "cleaning")
    drop_graph(store, STAGING)


def _load_file(store: ox.Store, path: Path, iri: str) -> None:
    """Bulk-load the N-Triples file ``path`` into the graph ``iri``, LOAD_TRIPLES lines a load."""
    graph = ox.NamedNode(iri)
    for piece in ntriples_pieces(path, LOAD_TRIPLES):
        store.bulk_load(piece, format=ox.RdfFormat.N_TRIPLES, to_graph=graph)


def _intend(location: str, iri: str, step: str) -> None:
    """Write the intent file atomically and durably: a new one is whole or absent."""
    path = Path(location, INTENT)
    new = path.with_suffix(".new")
    with open(new, "w", encoding="utf-8") as out:
        json.dump({"article": iri, "step": step}, out)
        out.flush()
        os.fsync(out.fileno())
    os.replace(new, path)
    _sync_directory(location)


def _settled(location: str) -> None:
    Path(location, INTENT).unlink(missing_ok=True)
    Path(location, INTENT).with_suffix(".new").unlink(missing_ok=True)
    _sync_directory(location)


def _sync_directory(location: str) -> None:
    fd = os.open(location, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
