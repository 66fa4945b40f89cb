"""Listings in pages: --limit, --offset and --count on named and written queries."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kb import KnowledgeBase
from kb.cli.main import main
from kb.errors import QueryParameterInvalid
from kb.query.pages import TERMINAL_LIMIT, count_query, listing_query, page_query, run_page
from kb.store import open_store
from tests.kb_articles import write_articles

SELECT = "SELECT ?c WHERE { ?c a ckb:Claim } ORDER BY ?c"


@pytest.mark.parametrize(
    ("limit", "offset", "tail"),
    [(10, 0, "LIMIT 10"), (None, 5, "OFFSET 5"), (3, 6, "LIMIT 3 OFFSET 6")],
)
def test_a_page_is_the_query_with_limit_and_offset(
    limit: int | None, offset: int, tail: str
) -> None:
    assert page_query(SELECT, limit, offset) == f"{SELECT}\n{tail}\n"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("ASK { ?s ?p ?o }", "only for SELECT"),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "only for SELECT"),
        ("SELECT * { ?s ?p ?o } LIMIT 5", "its own LIMIT"),
        ("SELECT * { ?s ?p ?o } OFFSET 5 # the rest", "its own LIMIT"),
    ],
)
def test_what_cannot_be_paged_is_refused(query: str, message: str) -> None:
    with pytest.raises(QueryParameterInvalid, match=message):
        page_query(query, 10, 0)


@pytest.mark.parametrize(
    ("terminal", "limit", "shown", "asked"),
    [
        (True, None, TERMINAL_LIMIT, f"LIMIT {TERMINAL_LIMIT + 1}"),
        (False, None, None, None),
        (True, 0, None, None),
        (False, 5, 5, "LIMIT 6"),
    ],
)
def test_the_default_page_is_for_a_terminal(
    terminal: bool, limit: int | None, shown: int | None, asked: str | None
) -> None:
    text, rows = listing_query(SELECT, limit, 0, terminal=terminal)
    assert rows == shown
    assert (text.split("\n")[-2] if asked else text) == (asked or SELECT)


def test_a_query_with_its_own_limit_is_left_alone_on_a_terminal() -> None:
    own = "SELECT * { ?s ?p ?o } LIMIT 5"
    assert listing_query(own, None, 0, terminal=True) == (own, None)
    ask = "ASK { ?s ?p ?o }"
    assert listing_query(ask, None, 0, terminal=True) == (ask, None)


def test_the_count_drops_the_order_and_keeps_the_prologue() -> None:
    query = "PREFIX ex: <http://example.org/#> # ORDER BY in a comment\n" + SELECT
    counted = count_query(query)
    assert counted.startswith("PREFIX ex: <http://example.org/#> # ORDER BY in a comment\n")
    assert "SELECT (COUNT(*) AS ?rows)" in counted
    assert "ORDER BY ?c" not in counted


#: A query cut for its page inside: the outer query looks a value up for each row kept.
CUT = """SELECT ?c ?text WHERE {
  { SELECT ?c WHERE { ?c a ckb:Claim } ORDER BY ?c
    # page is cut here
  }
  ?c schema:text ?text
}
ORDER BY ?c"""


def test_a_query_cut_inside_has_its_page_and_its_count_there() -> None:
    paged = page_query(CUT, 3, 6)
    assert "ORDER BY ?c\nLIMIT 3 OFFSET 6\n  }" in paged
    assert paged.endswith("\nORDER BY ?c")
    counted = count_query(CUT)
    assert "schema:text" not in counted and "ORDER BY" not in counted
    assert "SELECT (COUNT(*) AS ?rows) WHERE {\n{  SELECT ?c WHERE { ?c a ckb:Claim }" in counted


def test_the_works_listing_pages_follow_each_other(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """works-cited-by-several-articles is cut inside (its titles and citing articles are looked
    up for the page's works only): its pages are the slices of the whole listing, which is read
    CUT_PAGE rows at a time, with the rows of the query run whole."""
    from kb.query import pages as paging
    from kb.query.run import named_queries, run_query

    (tmp_path / "articles").mkdir()
    for article in range(3):
        works = range(article, 12)  # works cited by one, two or three articles
        claims = [f"Walking {n} times a week helped {article} groups [{n}]." for n in works]
        entries = [
            f"{n}. Ross A. Walking study number {n}. J Test. 2020. doi:10.1000/w{n}" for n in works
        ]
        text = "\n\n".join(["# Walking", *claims, "## References", "\n".join(entries)])
        (tmp_path / "articles" / f"walking-{article}.md").write_text(text, encoding="utf-8")
    query = named_queries()["works-cited-by-several-articles"].sparql
    with KnowledgeBase(tmp_path / "kb") as kb:
        kb.ingest(tmp_path / "articles", jobs=1)
    with open_store(str(tmp_path / "kb"), read_only=True) as store:
        whole = run_query(store, query)
        monkeypatch.setattr(paging, "CUT_PAGE", 4)
        in_pages = run_page(store, query).result
        pages = [run_page(store, query, limit=3, offset=n) for n in range(0, 9, 3)]
        total = run_page(store, query, count=True).total
    assert in_pages is not None and in_pages.rows == whole.rows
    assert whole is not None and total == len(whole) > 9
    assert all(page.more and page.result for page in pages)
    assert [row for page in pages for row in page.result.rows] == whole.rows[:9]  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def kb_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Return the location of a knowledge base of six generated articles (30 claims)."""
    root = tmp_path_factory.mktemp("pages")
    write_articles(root / "articles", 6)
    with KnowledgeBase(root / "kb") as kb:
        kb.ingest(root / "articles", jobs=1)
    return str(root / "kb")


def test_pages_follow_each_other(kb_path: str) -> None:
    with open_store(kb_path, read_only=True) as store:
        whole = run_page(store, SELECT).result
        first = run_page(store, SELECT, limit=4)
        second = run_page(store, SELECT, limit=4, offset=4)
        last = run_page(store, SELECT, limit=4, offset=28)
        total = run_page(store, SELECT, count=True).total
    assert whole is not None and first.result and second.result and last.result
    assert total == len(whole) == 30
    assert first.more and second.more and not last.more
    assert first.result.rows + second.result.rows == whole.rows[:8]
    assert last.result.rows == whole.rows[28:]


@pytest.mark.parametrize(
    ("args", "lines"),
    [
        (["--limit", "2"], 3),
        (["--limit", "2", "--offset", "29"], 2),
        (["--limit", "0"], 31),
        ([], 31),  # into a pipe: every row
    ],
)
def test_query_command_pages(kb_path: str, args: list[str], lines: int) -> None:
    written = ["query", "--kb", kb_path, SELECT, "--format", "csv"]
    result = CliRunner().invoke(main, [*written, *args])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == lines


def test_query_command_counts_and_says_more_follow(kb_path: str) -> None:
    runner = CliRunner()
    named = ["query", "--kb", kb_path, "--name", "unsupported-claims"]
    assert runner.invoke(main, [*named, "--count"]).stdout == "6\n"
    paged = runner.invoke(main, [*named, "--limit", "4", "--format", "csv"])
    assert len(paged.stdout.splitlines()) == 5
    assert "rows 1 to 4 shown; more follow: --offset 4" in paged.stderr
    mentioning = [*named[:-1], "claims-mentioning", "--param", "term=walnuts"]
    assert runner.invoke(main, [*mentioning, "--count"]).stdout == "4\n"
    page = runner.invoke(main, [*mentioning, "--limit", "2", "--offset", "3"])
    assert len(page.stdout.splitlines()) == 2  # the header and the fourth row


def test_limit_on_a_construct_is_a_usage_error(kb_path: str) -> None:
    result = CliRunner().invoke(
        main,
        ["query", "--kb", kb_path, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "--limit", "1"],
    )
    assert result.exit_code == 2
    assert "only for SELECT" in result.output
