"""`claimkb load` killed with SIGKILL while it bulk-loads: the next open leaves nothing behind.

A real `claimkb load` process writes a real store; it is killed the moment Oxigraph's sorted
files (``bulk-*.sst``) appear in the store's directory, before RocksDB has ingested them.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections import Counter
from pathlib import Path

from kb.rdf.vocabulary import VOCABULARY
from kb.store import open_store
from kb.store.embedded import BULK_LEFTOVERS
from tests.hostile import CLI, killed_when
from tests.hostile.test_store_faults import ROOT, claimkb, small_store

#: Copies of the small store's articles in the dump, so the load lasts long enough to kill.
COPIES = 30
_GRAPH = re.compile(r"<([^>]*)> \.$")


def big_dump(tmp_path: Path) -> Path:
    """Return an N-Quads dump of many articles: a small store's, copied under new IRIs."""
    source = small_store(tmp_path, 10)
    done = claimkb("dump", "--kb", str(source), "--format", "nquads")
    assert done.returncode == 0, done.stderr
    base = "https://w3id.org/claimkb/id/article/"
    path = tmp_path / "big.nq"
    with path.open("w", encoding="utf-8") as out:
        for n in range(COPIES):
            out.write(done.stdout.replace(base, f"{base}copy{n}-"))
    return path


def graph_sizes(path: Path) -> Counter[str]:
    """Return the number of quads of each article graph in an N-Quads file (not the vocabulary
    graph's, which a load leaves as the loading claimkb's)."""
    sizes: Counter[str] = Counter()
    for line in path.read_text(encoding="utf-8").splitlines():
        found = _GRAPH.search(line)
        assert found, line
        if found.group(1) != VOCABULARY:
            sizes[found.group(1)] += 1
    return sizes


def killed_mid_bulk_load(dump: Path, location: Path) -> bool:
    """Run `claimkb load`, SIGKILL it as soon as a bulk file appears; return whether it was."""
    return killed_when(
        ["load", "--kb", str(location), str(dump)],
        lambda: location.is_dir() and any(location.glob(BULK_LEFTOVERS)),
    )


def test_a_killed_bulk_load_leaves_nothing_behind(tmp_path: Path) -> None:
    dump = big_dump(tmp_path)
    sizes = graph_sizes(dump)
    for attempt in range(5):  # the kill can land just after RocksDB took the files in
        location = tmp_path / f"kb{attempt}"
        assert killed_mid_bulk_load(dump, location), "the load ended before it could be killed"
        if any(location.glob(BULK_LEFTOVERS)):
            break
    else:
        raise AssertionError("no kill left a bulk file to clean up")
    with open_store(str(location)) as store:  # the next open cleans up
        assert not list(location.glob(BULK_LEFTOVERS))
        counted = store.query(
            "SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
        ).dicts()
        stored = {row["g"]: row["n"] for row in counted}
    assert len(stored) < len(sizes)  # killed part-way
    assert all(stored[iri] == sizes[iri] for iri in stored if iri != VOCABULARY)  # each whole
    done = claimkb("load", "--kb", str(location), str(dump))  # and the load can run again
    assert done.returncode == 0, done.stderr
    assert f"loaded {len(sizes)} article graphs" in done.stderr
    assert not list(location.glob(BULK_LEFTOVERS))


def test_the_load_progress_says_when_it_compacts(tmp_path: Path) -> None:
    """On a terminal (a real pseudo-terminal), the display names the compaction step."""
    dump = big_dump(tmp_path)
    leader, follower = os.openpty()
    loading = subprocess.Popen(
        [*CLI, "load", "--kb", str(tmp_path / "kb"), str(dump)],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=follower,
        env={**os.environ, "COLUMNS": "120", "TERM": "xterm"},
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert loading.wait(timeout=300) == 0
    text = shown.decode("utf-8", "replace")
    assert "loading" in text
    assert "compacting the store" in text
    assert text.index("compacting the store") > text.index("loading")
