"""What `claimkb ingest` takes, the name each article is stored under, and its listing."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from claims.reading import EXTENSIONS
from kb.cli.main import main
from kb.errors import ArticlePathMissing, NoArticles, NotAnArticleFormat
from kb.ingest.selection import ArticleFile, select_articles
from kb.store import open_store
from tests.kb_articles import write_articles


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def corpus(root: Path) -> Path:
    """Write a folder as a corpus comes: articles, a sub-folder, its notes and index."""
    folder = root / "corpus"
    write_articles(folder, 2)
    write_articles(folder / "deeper", 1, start=5)
    (folder / "NOTICE.md").write_text("# Notice\n\nThese pages are under their own licences.\n")
    (folder / "README.txt").write_text("What this folder holds.\n")
    (folder / "INDEX.tsv").write_text("file\turl\n")
    (folder / "picture.png").write_bytes(b"\x89PNG")
    (folder / ".cache").mkdir()
    (folder / ".cache" / "old.md").write_text("# Old\n\nA stale copy.\n")
    return folder


def test_a_directory_gives_its_articles_named_relative_to_it(tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    selection = select_articles([str(folder)])
    assert [a.name for a in selection.files] == [
        "article-000.md",
        "article-001.md",
        "deeper/article-005.md",
    ]
    assert [Path(a.path) for a in selection.files] == [
        folder / "article-000.md",
        folder / "article-001.md",
        folder / "deeper" / "article-005.md",
    ]
    skipped = {Path(path).name: why for path, why in selection.skipped}
    assert set(skipped) == {"NOTICE.md", "README.txt", "INDEX.tsv", "picture.png"}
    assert "capitals" in skipped["NOTICE.md"]
    assert "format" in skipped["INDEX.tsv"]


def test_a_directory_gives_exactly_the_formats_extract_reads(tmp_path: Path) -> None:
    """The extensions come from claims.reading alone: .xhtml and .mdown were once skipped."""
    for suffix in EXTENSIONS:
        (tmp_path / f"article{suffix}").write_text("Tea helps memory [1].\n")
    (tmp_path / "notes.rtf").write_text("not an article")
    found = {Path(a.path).suffix for a in select_articles([str(tmp_path)]).files}
    assert found == set(EXTENSIONS)


def test_a_glob_is_named_relative_to_its_directory_part(tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    selection = select_articles([f"{folder}/**/*.md"])
    assert [a.name for a in selection.files] == [
        "article-000.md",
        "article-001.md",
        "deeper/article-005.md",
    ]
    assert [Path(p).name for p, _ in selection.skipped] == ["NOTICE.md"]


def test_a_file_is_named_by_itself_and_duplicates_are_taken_once(tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    one = folder / "deeper" / "article-005.md"
    selection = select_articles([str(one), str(folder), str(one)])
    assert selection.files[0] == ArticleFile(str(one), "article-005.md")
    assert [a.path for a in selection.files].count(str(one)) == 1
    assert len(selection.files) == 3


def test_a_file_named_in_capitals_is_taken_when_named_on_its_own(tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    assert select_articles([str(folder / "NOTICE.md")]).files[0].name == "NOTICE.md"


def test_keep_paths_stores_the_file_iri(tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    names = [a.name for a in select_articles([str(folder)], keep_paths=True).files]
    assert names[0] == (folder / "article-000.md").resolve().as_uri()
    assert all(name.startswith("file:///") for name in names)


@pytest.mark.parametrize(
    ("given", "error", "said"),
    [
        ("missing.md", ArticlePathMissing, "no such file"),
        ("nowhere/*.md", ArticlePathMissing, "matches no file"),
        ("corpus/INDEX.tsv", NotAnArticleFormat, "not in a format"),
        ("figures", NoArticles, "holds no article"),
    ],
)
def test_a_path_that_names_no_article_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, given: str, error: type, said: str
) -> None:
    corpus(tmp_path)
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "one.png").write_bytes(b"\x89PNG")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(error, match=said):
        select_articles(["corpus/article-000.md", given])


def test_dry_run_lists_and_creates_no_store(tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    kb = tmp_path / "kb"
    result = run("ingest", "--kb", str(kb), "--dry-run", str(folder))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line.split("\t")[1] for line in lines] == [
        "article-000.md",
        "article-001.md",
        "deeper/article-005.md",
    ]
    assert "skipped" in result.stderr and "NOTICE.md" in result.stderr
    assert "would ingest 3 articles" in result.stderr
    assert not kb.exists()


@pytest.mark.parametrize("given", ["missing.md", "corpus/INDEX.tsv", "nowhere/*.md"])
def test_ingest_of_a_bad_path_exits_2_in_one_line_and_creates_no_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, given: str
) -> None:
    corpus(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = run("ingest", "--kb", "kb", "corpus", given)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and given in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "kb").exists()


def test_ingest_lists_each_article_it_took_and_dumps_no_local_path(tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    kb = str(tmp_path / "kb")
    result = run("ingest", "--kb", kb, "--jobs", "1", str(folder))
    assert result.exit_code == 0, result.output
    listed = dict(line.split("\t") for line in result.stdout.splitlines())
    assert sorted(listed.values()) == [
        "article-000.md",
        "article-001.md",
        "deeper/article-005.md",
    ]
    with open_store(kb, read_only=True) as store:
        assert {a.iri: a.source for a in store.articles()} == listed
        out = io.BytesIO()
        store.dump("nquads", out)
    dump = out.getvalue().decode()
    assert str(tmp_path) not in dump
    assert "file:" not in dump
    assert '"deeper/article-005.md"' in dump


def test_keep_paths_puts_the_file_iri_in_the_dump(tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    kb = str(tmp_path / "kb")
    result = run("ingest", "--kb", kb, "--keep-paths", "-q", str(folder / "article-000.md"))
    assert result.exit_code == 0, result.output
    with open_store(kb, read_only=True) as store:
        out = io.BytesIO()
        store.dump("nquads", out)
    assert f'"{(folder / "article-000.md").resolve().as_uri()}"' in out.getvalue().decode()


@pytest.mark.parametrize("typed", ["notes/tea.md", "./notes/../notes/tea.md", "ABSOLUTE"])
def test_extract_audit_and_ingest_record_a_file_under_one_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, typed: str
) -> None:
    """However the path is typed, the three commands record the article as ingest stores it:
    relative to the directory it was given in, its own for a file named on its own."""
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "tea.md").write_text("# Tea\n\nTea may help sleep [1].\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    path = str(tmp_path / "notes" / "tea.md") if typed == "ABSOLUTE" else typed
    extracted = run("extract", "--format", "json", path)
    assert extracted.exit_code == 0, extracted.output
    audited = run("audit", "--format", "ttl", "--fail-on", "never", path)
    assert audited.exit_code == 0, audited.output
    assert run("ingest", "--kb", "kb", "-q", "--no-validate", path).exit_code == 0
    with open_store("kb", read_only=True) as store:
        (stored,) = [a.source for a in store.articles()]
    assert stored == "tea.md"
    assert [a["source"] for a in json.loads(extracted.stdout)["articles"]] == [stored]
    assert f'ckb:sourcePath "{stored}"' in audited.stdout
