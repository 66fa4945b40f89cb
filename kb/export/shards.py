"""A dump in shards: N N-Quads files of whole articles, for the bulk loaders of big servers.

Each shard is plain N-Quads (absolute IRIs, one quad a line, UTF-8), which QLever, Virtuoso's bulk
loader (``ld_dir`` + ``rdf_loader_run``) and Jena's ``tdb2.xloader`` take as it is. An article's
graph lies whole in one shard, so shards load in any order and in parallel. Articles are dealt out
in IRI order; their IRIs are hashes, so the shards come out about the same size.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

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

    The vocabulary graph, when stored, goes in the first shard. Each shard replaces its file
    only once written whole.
    """
    graphs = store.graph_names()
    paths = shard_paths(output, count)
    for n, path in enumerate(paths):
        part = graphs[n * len(graphs) // count : (n + 1) * len(graphs) // count]
        with output_file(path) as out:
            for iri in part:
                ox.serialize(store.graph_quads(iri), out, format=ox.RdfFormat.N_QUADS)
    return paths
