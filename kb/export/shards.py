"""A dump in shards: N N-Quads files of whole articles, for the bulk loaders of big servers.

Each shard is plain N-Quads (absolute IRIs, one quad a line, UTF-8), which QLever, Virtuoso's bulk
loader (``ld_dir`` + ``rdf_loader_run``) and Jena's ``tdb2.xloader`` take as it is. An article's
graph lies whole in one shard, so shards load in any order and in parallel. Articles are dealt out
in IRI order; their IRIs are hashes, so the shards come out about the same size.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from pathlib import Path

from kb.errors import ShardStopped
from kb.export.output import output_file
from kb.store.base import Store


def shard_paths(output: str | Path, count: int) -> list[Path]:
    """Return the paths of ``count`` shards named after ``output``: kb.nq -> kb-001.nq..."""
    path = Path(output)
    suffix = path.suffix or ".nq"
    width = max(3, len(str(count)))
    return [path.with_name(f"{path.stem}-{n:0{width}d}{suffix}") for n in range(1, count + 1)]


def write_shards(store: Store, output: str | Path, count: int) -> list[Path]:
    """Write every graph of ``store`` into ``count`` N-Quads shards; return their paths.

    The vocabulary graph, when stored, goes in the first shard. Shards are written one per
    core at a time (the store serialises a graph with the GIL released). Each shard replaces
    its file only once written whole; an error or Ctrl-C stops the others at their next graph.
    """
    graphs = store.graph_names()
    paths = shard_paths(output, count)
    stop = threading.Event()

    def write(n: int) -> None:
        with output_file(paths[n]) as out:
            for iri in graphs[n * len(graphs) // count : (n + 1) * len(graphs) // count]:
                if stop.is_set():
                    raise ShardStopped
                out.write(store.graph_nquads(iri))

    with ThreadPoolExecutor(min(count, os.cpu_count() or 1)) as pool:
        futures = [pool.submit(write, n) for n in range(count)]
        try:
            done, _ = wait(futures, return_when=FIRST_EXCEPTION)
        finally:  # an error, or Ctrl-C here: the other shards stop at their next graph
            stop.set()
            pool.shutdown(cancel_futures=True)
    for future in done:
        future.result()  # raises the error that stopped the dump, if one did
    return paths
