"""The knowledge base under faults: readers beside a writer, damaged stores, wrong --kb paths.

Every case runs the real store on disk; the readers beside a writer are real `claimkb`
processes under a memory cap (``resource.setrlimit``) beside a real `claimkb ingest`.
"""

from __future__ import annotations

import contextlib
import gc
import os
import re
import resource
import subprocess
import sys
import warnings
from pathlib import Path

import pyoxigraph as ox
import pytest

from kb.errors import ArticleNotStored, StoreLocked, StoreUnavailable
from kb.store import open_store, snapshots
from tests.hostile import CLI, ROOT
from tests.kb_articles import write_articles

#: The address-space cap of each reader: the issue's bound of 2 GB per process (a reader
#: beside a writer grew to 24 GB before). The cap counts reserved address space, so capped
#: runs keep glibc to two malloc arenas (each reserves 64 MB; with one per thread, RocksDB's
#: threads alone reached 1 GB and a thread could not start).
READER_CAP = 2 * 1024**3


def claimkb(*args: str, cap: int | None = None, **env: str) -> subprocess.CompletedProcess:
    """Run claimkb in a process of its own (under an address-space cap when given)."""

    def limit() -> None:
        if cap:
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    return subprocess.run(
        CLI + list(args),
        capture_output=True,
        text=True,
        cwd=ROOT,
        preexec_fn=limit,
        env={**os.environ, **({"MALLOC_ARENA_MAX": "2"} if cap else {}), **env},
        timeout=300,
        check=False,
    )


def one_line_error(done: subprocess.CompletedProcess, *words: str) -> str:
    """Assert a clean usage error: exit 2, one line on stderr, no traceback; return the line."""
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2, done.stderr
    assert len(lines) == 1, done.stderr
    assert "internal error" not in lines[0] and "Traceback" not in done.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def files_of(directory: Path) -> dict[str, tuple[int, int]]:
    """Return every file under ``directory`` with its size and modification time."""
    return {
        str(p.relative_to(directory)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def small_store(tmp_path: Path, articles: int = 12) -> Path:
    """Return a store of ``articles`` articles made by `claimkb ingest`."""
    location = tmp_path / "kb"
    done = claimkb(
        "ingest",
        "--kb",
        str(location),
        "--jobs",
        "1",
        "--no-validate",
        *map(str, write_articles(tmp_path / "articles", articles)),
    )
    assert done.returncode == 0, done.stderr
    return location


def damage_blocks(location: Path) -> None:
    """Flip bytes in every data block of the store's table files, leaving their index intact.

    The store opens, as a disk's bad sector leaves it, and fails only when a query reads data.
    Each table's data blocks are all of it before its index block, which the footer names
    (RocksDB's block-based table, format version 5: a checksum type byte, then the metaindex
    and index blocks' handles as varints). Every table is damaged, however small: which tables
    are large enough for a fixed share of each to hold data once depended on the run.
    """
    damaged = 0
    for table in location.glob("*.sst"):
        raw = bytearray(table.read_bytes())
        footer = raw[-53:]
        if int.from_bytes(footer[-12:-8], "little") != 5:
            continue  # another footer layout: its index block is not named here
        _, at = _varint(footer, 1)  # metaindex offset
        _, at = _varint(footer, at)  # metaindex size
        index_start, _ = _varint(footer, at)
        for offset in range(0, max(index_start - 32, 1), 2048):
            raw[offset : offset + 32] = bytes(b ^ 0x5A for b in raw[offset : offset + 32])
        table.write_bytes(bytes(raw))
        damaged += 1
    assert damaged, f"no table file of format version 5 in {location} to damage"


def _varint(data: bytes | bytearray, at: int) -> tuple[int, int]:
    """Return the unsigned LEB128 varint at ``at`` and where the next field starts."""
    value = shift = 0
    while True:
        byte = data[at]
        value |= (byte & 0x7F) << shift
        at, shift = at + 1, shift + 7
        if byte < 0x80:
            return value, at


# --- readers beside a writer ---


def test_capped_readers_beside_a_real_writer_see_whole_commits(tmp_path: Path) -> None:
    articles = write_articles(tmp_path / "articles", 240)
    location = str(tmp_path / "kb")
    writer = subprocess.Popen(
        [
            *CLI,
            "ingest",
            "--kb",
            location,
            "--jobs",
            "1",
            "--no-validate",
            str(tmp_path / "articles"),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    counts: list[int] = []
    try:
        while writer.poll() is None or not counts:
            listed = claimkb("list", "--kb", location, cap=READER_CAP)
            if listed.returncode == 2 and "no knowledge base" in listed.stderr:
                continue  # the writer has not created it yet
            assert listed.returncode == 0, listed.stderr
            counts.append(len(listed.stdout.splitlines()))
            counted = claimkb(
                "query",
                "--kb",
                location,
                "--format",
                "csv",
                "SELECT ?a (COUNT(?c) AS ?n) { GRAPH ?a { ?c a ckb:Claim } } "
                "GROUP BY ?a ORDER BY ?a",
                cap=READER_CAP,
            )
            assert counted.returncode == 0, counted.stderr
            # Each article has five claims: a reader never sees half an article.
            assert all(row.endswith(",5") for row in counted.stdout.splitlines()[1:])
    finally:
        _, errors = writer.communicate(timeout=300)
    assert writer.returncode == 0, errors
    # Articles land eight at a time: every snapshot holds whole batches, and never goes back.
    assert all(n % 8 == 0 or n == len(articles) for n in counts), counts
    assert counts == sorted(counts)
    assert claimkb("list", "--kb", location).stdout.count("\n") == len(articles)


def test_a_reader_sees_the_last_commit_not_the_writes_under_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(snapshots, "PUBLISH_SECONDS", 3600.0)
    location = str(tmp_path / "kb")
    graph = '<https://example.org/s> <https://example.org/p> "o" .\n'
    writer = open_store(location)
    writer.replace_article("https://example.org/a", graph)
    with open_store(location, read_only=True) as reader:
        assert reader.articles() == []  # the snapshot published as the writer opened
    writer.close()  # closing publishes what was committed
    with open_store(location, read_only=True) as reader:
        assert [a.iri for a in reader.articles()] == ["https://example.org/a"]


def test_a_snapshot_in_use_outlives_newer_ones_then_goes(tmp_path: Path) -> None:
    location = tmp_path / "kb"
    graph = '<https://example.org/s> <https://example.org/p> "o" .\n'
    with open_store(str(location)) as writer:
        writer.replace_article("https://example.org/a", graph)
    reader = open_store(str(location), read_only=True)
    held = snapshots.newest(location)
    for n in range(2):
        with open_store(str(location)) as writer:
            writer.replace_article(f"https://example.org/b{n}", graph)
    assert (location / "snapshots" / held).is_dir()  # a reader holds it
    assert len(reader.articles()) == 1
    reader.close()
    with open_store(str(location)) as writer:
        writer.replace_article("https://example.org/c", graph)
    assert [p.name for p in (location / "snapshots").iterdir()] == [snapshots.newest(location)]


def test_a_refreshed_reader_follows_the_writer(tmp_path: Path) -> None:
    location = str(tmp_path / "kb")
    graph = '<https://example.org/s> <https://example.org/p> "o" .\n'
    with open_store(location) as writer:
        writer.replace_article("https://example.org/a", graph)
    with open_store(location, read_only=True) as reader:
        assert reader.refresh() is False
        with open_store(location) as writer:
            writer.replace_article("https://example.org/b", graph)
        assert len(reader.articles()) == 1
        assert reader.refresh() is True
        assert len(reader.articles()) == 2


# --- damaged stores ---


@pytest.mark.parametrize(
    "command",
    [
        ["list"],
        ["stats"],
        ["dump", "--format", "nquads"],
        ["query", "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }"],
        ["query", "SELECT ?s { ?s ?p ?o } ORDER BY ?s"],
        ["query", "SELECT ?s ?p ?o { ?s ?p ?o }"],
        ["audit", "--kb"],
    ],
    ids=lambda c: c[0] + ("-" + c[1][:12] if c[0] == "query" else ""),
)
def test_a_damaged_block_is_one_line_naming_the_store_never_an_abort(
    tmp_path: Path, command: list[str]
) -> None:
    location = small_store(tmp_path)
    damage_blocks(location)
    done = claimkb(
        *command,
        str(location) if command == ["audit", "--kb"] else "--kb",
        *([] if command == ["audit", "--kb"] else [str(location)]),
        cap=2 * 1024**3,
        CLAIMKB_MAX_MEMORY="400M",
    )
    line = one_line_error(done, str(location))
    assert "in use" not in line
    assert re.search(r"damaged|memory", line), line


def test_a_damaged_store_is_not_called_in_use_and_its_writer_writes_nothing(
    tmp_path: Path,
) -> None:
    location = small_store(tmp_path)
    manifest = next(location.glob("MANIFEST-*"))
    manifest.write_bytes(manifest.read_bytes()[:20] + b"\x00" * 40 + manifest.read_bytes()[60:])
    before = files_of(location)
    for command in (
        ["ingest", str(ROOT / "examples/green-tea-memory.txt")],
        ["remove", "https://example.org/a"],
    ):
        line = one_line_error(claimkb(command[0], "--kb", str(location), *command[1:]))
        assert "damaged" in line and str(location) in line and "in use" not in line
    assert files_of(location) == before
    # Readers read the last snapshot, which has a manifest of its own.
    assert claimkb("list", "--kb", str(location)).stdout.count("\n") == 12


def test_a_second_writer_is_refused_without_writing(tmp_path: Path) -> None:
    location = small_store(tmp_path)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from kb.store import open_store; s = open_store(sys.argv[1]); "
            "print('holding', flush=True); sys.stdin.read()",
            str(location),
        ],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout.readline().strip() == b"holding"
        before = files_of(location)
        with pytest.raises(StoreLocked, match="in use by another process"):
            open_store(str(location))
        assert files_of(location) == before  # RocksDB's failed open renames its LOG
        assert len(open_store(str(location), read_only=True).articles()) == 12
    finally:
        holder.communicate(timeout=30)  # closes its pipes and waits


# --- --kb naming something that is no store ---


def test_kb_naming_a_file_or_a_device_is_refused(tmp_path: Path) -> None:
    article = str(ROOT / "examples/green-tea-memory.txt")
    afile = tmp_path / "notes.txt"
    afile.write_text("mine\n")
    for kb in (str(afile), "/dev/null"):
        for command in (["ingest", article], ["list"], ["remove", "https://example.org/a"]):
            done = claimkb(command[0], "--kb", kb, *command[1:])
            one_line_error(done, kb)
    assert afile.read_text() == "mine\n"


def test_kb_where_nothing_can_be_written_is_refused(tmp_path: Path) -> None:
    article = str(ROOT / "examples/green-tea-memory.txt")
    for kb in ("/proc/claimkb-kb", "/dev/null/kb"):
        one_line_error(claimkb("ingest", "--kb", kb, article), kb)


def test_a_directory_of_other_files_never_becomes_a_store(tmp_path: Path) -> None:
    article = str(ROOT / "examples/green-tea-memory.txt")
    other = tmp_path / "photos"
    other.mkdir()
    (other / "cat.jpg").write_bytes(b"\xff\xd8")
    for kb in (str(other), "/"):
        for command in (["ingest", article], ["load", str(article)], ["remove", "x"]):
            done = claimkb(command[0], "--kb", kb, *command[1:])
            assert done.returncode == 2, done.stderr
            assert "internal error" not in done.stderr
    assert [p.name for p in other.iterdir()] == ["cat.jpg"]
    assert not Path("/CURRENT").exists()


def test_an_empty_directory_becomes_a_store(tmp_path: Path) -> None:
    empty = tmp_path / "kb"
    empty.mkdir()
    done = claimkb("ingest", "--kb", str(empty), str(ROOT / "examples/green-tea-memory.txt"))
    assert done.returncode == 0, done.stderr
    assert (empty / "CURRENT").exists()


@pytest.mark.parametrize(
    "command",
    [
        ["list"],
        ["stats"],
        ["dump"],
        ["query", "ASK {}"],
        ["export", "--format", "json"],
        ["remove", "https://example.org/a"],
        ["serve", "--port", "0"],
    ],
    ids=lambda c: c[0],
)
def test_commands_that_do_not_ingest_never_create_a_store(
    tmp_path: Path, command: list[str]
) -> None:
    missing = tmp_path / "mistyped-kb"
    done = claimkb(command[0], "--kb", str(missing), *command[1:])
    one_line_error(done, str(missing))
    assert not missing.exists()


def test_audit_kb_of_a_missing_store_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "mistyped-kb"
    one_line_error(claimkb("audit", "--kb", str(missing)), str(missing))
    assert not missing.exists()


def test_remove_of_something_that_is_no_iri_is_a_plain_error(tmp_path: Path) -> None:
    location = small_store(tmp_path, articles=1)
    for given in ("not an iri", "x", "https://example.org/a> } ; DROP ALL ; #"):
        one_line_error(claimkb("remove", "--kb", str(location), given), "claimkb list")
    with open_store(str(location)) as store:
        assert len(store.articles()) == 1
        with pytest.raises(ArticleNotStored):
            store.remove_article("https://example.org/a> } ; DROP ALL ; #")


def test_read_only_opening_of_a_bare_oxigraph_store_still_works(tmp_path: Path) -> None:
    """A store no claimkb wrote (no snapshots) is read directly when nobody writes it."""
    location = tmp_path / "plain"
    plain = ox.Store(str(location))
    plain.add(
        ox.Quad(
            ox.NamedNode("https://e.org/s"),
            ox.NamedNode("https://e.org/p"),
            ox.Literal("o"),
            ox.NamedNode("https://e.org/g"),
        )
    )
    plain.flush()
    del plain
    with open_store(str(location), read_only=True) as reader:
        assert [a.iri for a in reader.articles()] == ["https://e.org/g"]
    with pytest.raises(StoreUnavailable, match="no knowledge base"):
        open_store(str(tmp_path / "absent"), read_only=True)


class _Interrupted(Exception):
    """An error that stops a prune part-way (a ^C, a bug in a removal)."""


def test_a_prune_stopped_part_way_leaves_no_listing_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("1", "2", ".new-3"):
        (tmp_path / "snapshots" / name).mkdir(parents=True)

    def interrupted(path: str, *, ignore_errors: bool = True) -> None:
        raise _Interrupted(path)

    monkeypatch.setattr(snapshots, "_remove", interrupted)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with contextlib.suppress(_Interrupted):
            snapshots.prune(tmp_path, keep="2")
        gc.collect()
    assert [str(w.message) for w in caught if w.category is ResourceWarning] == []
