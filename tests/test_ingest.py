"""Batch ingest: paths, parallel workers, failures reported and skipped, SIGKILL safety."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kb.errors import NoArticles, StoreUnavailable
from kb.ingest.pipeline import build_article, ingest
from kb.ingest.selection import ArticleFile
from kb.rdf.graph import iri_of
from kb.rdf.vocabulary import vocabulary_ntriples
from kb.store import Store, open_store
from tests.kb_articles import article_text, write_articles

REPO = Path(__file__).resolve().parent.parent


def expected_ntriples(path: Path | str) -> set[str]:
    """Return the N-Triples lines of the graph claimkb builds for ``path`` (stored by name)."""
    built = build_article(ArticleFile(str(path), Path(path).name), validate=False)
    return set(built.ntriples.splitlines()) - {""}


def stored_ntriples(store: Store, iri: str) -> set[str]:
    """Return the N-Triples lines of one stored article graph."""
    return set(store.article_ntriples(iri).splitlines()) - {""}


def dump_lines(store: Store) -> list[str]:
    """Return the store's N-Quads, sorted, duplicates kept."""
    out = io.BytesIO()
    store.dump("nquads", out)
    return sorted(out.getvalue().decode().splitlines())


def test_ingest_of_a_directory_stores_an_xhtml_and_an_mdown_article(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "page.xhtml").write_text(
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><h1>Green tea</h1>'
        "<p>Green tea improves memory in older adults [1].</p></body></html>"
    )
    (folder / "notes.mdown").write_text("# Coffee\n\nCoffee raises alertness in adults.\n")
    with open_store(str(tmp_path / "kb")) as store:
        report = ingest(store, [str(folder)], jobs=1)
        assert report.failures == []
        sources = sorted(Path(info.source or "").suffix for info in store.articles())
    assert sources == [".mdown", ".xhtml"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_ingest_lands_every_article_with_its_graph(tmp_path: Path, jobs: int) -> None:
    paths = write_articles(tmp_path / "articles", 6)
    with open_store(str(tmp_path / "kb")) as store:
        report = ingest(store, [str(tmp_path / "articles")], jobs=jobs)
        assert (report.articles, len(report.failures), report.exit_code) == (6, 0, 0)
        assert report.claims == 6 * 5
        assert report.sources == 6 * 3
        assert {a.source for a in store.articles()} == {p.name for p in paths}  # relative
        for path in paths:
            assert stored_ntriples(store, iri_of(str(path))) == expected_ntriples(path)
        assert report.triples == sum(len(expected_ntriples(p)) for p in paths)


def test_reingesting_replaces_and_never_duplicates(tmp_path: Path) -> None:
    write_articles(tmp_path / "articles", 3)
    with open_store(str(tmp_path / "kb")) as store:
        ingest(store, [str(tmp_path / "articles")], jobs=1)
        first = dump_lines(store)
        ingest(store, [str(tmp_path / "articles")], jobs=1)
        assert dump_lines(store) == first
        assert len(first) == len(set(first))


def test_unreadable_articles_are_reported_and_the_others_land(tmp_path: Path) -> None:
    write_articles(tmp_path, 2)
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(os.urandom(200) + b"\x00")
    with open_store(str(tmp_path / "kb")) as store:
        report = ingest(store, [str(tmp_path)], jobs=2)
        assert report.articles == 2
        assert len(store.articles()) == 2
    why = {Path(f.source).name: f.reason for f in report.failures}
    assert set(why) == {"empty.txt", "binary.txt"}
    assert "empty" in why["empty.txt"]
    assert "binary" in why["binary.txt"]
    assert not any(f.bug for f in report.failures)
    assert report.exit_code == 1
    assert "2 failed:" in report.summary()


def test_nothing_ingested_exits_2(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    with open_store(str(tmp_path / "kb")) as store:
        report = ingest(store, [str(tmp_path / "empty.txt")])
    assert (report.articles, report.exit_code) == (0, 2)


def test_paths_naming_no_article_file_raise(tmp_path: Path) -> None:
    (tmp_path / "notes.csv").write_text("a,b\n")
    with open_store(str(tmp_path / "kb")) as store, pytest.raises(NoArticles):
        ingest(store, [str(tmp_path)])


def test_stdin_is_an_article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(article_text(3).encode()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)  # read as bytes, through .buffer
    with open_store(str(tmp_path / "kb")) as store:
        report = ingest(store, ["-"])
        assert report.articles == 1
        assert [a.source for a in store.articles()] == ["-"]


def test_a_graph_breaking_the_structure_shapes_is_a_loud_failure() -> None:
    from rdflib import Graph

    from kb.ingest.pipeline import _structure_problem

    broken = Graph().parse(
        data="""
        @prefix ckb: <https://w3id.org/claimkb/ns#> .
        @prefix schema: <https://schema.org/> .
        <https://w3id.org/claimkb/id/article/x/sentence/0> a ckb:Claim, ckb:Sentence, schema:Claim .
        """,
        format="turtle",
    )
    problem = _structure_problem(broken)
    assert problem is not None
    assert "please report this bug" in problem
    assert "violation" in problem


def test_a_valid_article_has_no_structure_problem(tmp_path: Path) -> None:
    (path,) = write_articles(tmp_path, 1)
    from rdflib import Graph

    from kb.ingest.pipeline import _structure_problem

    graph = Graph().parse(data=build_article(str(path), validate=False).ntriples, format="nt")
    assert _structure_problem(graph) is None


INGEST = "import sys; from kb.cli import main; sys.argv[0] = 'claimkb'; main()"


def count_landed(location: str) -> int:
    """Return how many articles a read-only look at a store being written finds (0 if none)."""
    try:
        with open_store(location, read_only=True) as reader:
            return len(reader.articles())
    except StoreUnavailable:
        return 0


def test_sigkill_mid_ingest_leaves_exactly_the_finished_articles(tmp_path: Path) -> None:
    paths = write_articles(tmp_path / "articles", 160)
    location = str(tmp_path / "kb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            INGEST,
            "ingest",
            "--kb",
            location,
            "--jobs",
            "1",
            str(tmp_path / "articles"),
        ],
        cwd=REPO,
        stderr=subprocess.DEVNULL,
    )
    # Readers see the snapshots the writer publishes every two seconds: 160 articles outlast one.
    while process.poll() is None and count_landed(location) < 3:
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL, "ingest finished before it could be killed"

    with open_store(location) as store:
        landed = {a.source for a in store.articles()}
        # One worker ingests in path order: what landed is a prefix of it, each article whole.
        assert 3 <= len(landed) < len(paths)
        assert landed == {p.name for p in paths[: len(landed)]}
        for path in paths[: len(landed)]:
            assert stored_ntriples(store, iri_of(str(path))) == expected_ntriples(path)
        report = ingest(store, [str(tmp_path / "articles")], jobs=2)
        assert report.exit_code == 0
        assert {a.source for a in store.articles()} == {p.name for p in paths}  # relative
        lines = dump_lines(store)
        vocabulary = len(vocabulary_ntriples().splitlines())
        assert len(lines) == len(set(lines))
        assert len(lines) == sum(len(expected_ntriples(p)) for p in paths) + vocabulary


def test_an_unknown_shacl_engine_is_one_usage_error(tmp_path, monkeypatch) -> None:
    from click.testing import CliRunner

    from kb.cli import main

    article = tmp_path / "tea.md"
    article.write_text("# Tea\n\nTea is drunk widely [1].\n\n## References\n\n1. Lee A. 2020.\n")
    monkeypatch.setenv("CLAIMKB_SHACL_ENGINE", "fastest")
    result = CliRunner().invoke(main, ["ingest", "--kb", str(tmp_path / "kb"), str(article)])
    assert result.exit_code == 2
    assert "unknown SHACL engine 'fastest'" in result.stderr
    assert "please report this bug" not in result.stderr
