"""``claimkb extract``'s table is rendered a batch of sentences at a time, with the bytes of
the whole table rendered at once (rich's widths depend on every row)."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from rich.console import Console
from rich.text import Text

from claims.extract import extract_path
from claims.model import Article
from kb.report.extract import _row, _sentence_table, _summary, _title, table_pieces
from kb.terminal import visible

ARTICLES = Path(__file__).parent / "fixtures" / "articles"
#: Three pages of three formats, their keys and cues wide enough to set columns.
PAGES = ("ginger-nausea-scrape.txt", "classroom-noise-jats.xml", "cold-plunge-newsletter.md")


def _read(name: str) -> Article:
    return extract_path(str(ARTICLES / name), None, 20_000_000, 1)


def _whole(articles: list[Article], color: bool, width: int) -> str:
    """The table as it was rendered before batches: one rich Table per article."""
    out = StringIO()
    console = Console(
        file=out, force_terminal=color, no_color=not color, width=width, highlight=False
    )
    for number, article in enumerate(articles):
        if number:
            console.print()
        console.print(Text(visible(_title(article)), style="bold"))
        console.print(_sentence_table(map(_row, article.sentences), header=True))
        console.print(Text(_summary(article)))
    return "".join(line.rstrip() + "\n" for line in out.getvalue().splitlines())


@pytest.mark.parametrize("color", [False, True])
@pytest.mark.parametrize("width", [36, 120])
def test_the_batches_give_the_whole_tables_bytes(color: bool, width: int) -> None:
    articles = [_read(name) for name in PAGES]
    pieces = "".join(table_pieces(articles, color=color, width=width, batch=3))
    assert pieces == _whole(articles, color, width)


def test_an_article_without_sentences_has_its_header() -> None:
    empty = Article(source="empty.txt", format="txt", text="", sentences=(), title="Empty")
    assert "".join(table_pieces([empty], width=80)) == _whole([empty], False, 80)


def test_no_piece_holds_more_than_a_batch_of_rows() -> None:
    article = _read(PAGES[0])
    rows = len(article.sentences)
    assert rows > 20
    pieces = list(table_pieces([article], width=100, batch=4))
    # The title, a piece per batch of 4 sentences, the summary.
    assert len(pieces) == 2 + -(-rows // 4)
    whole = "".join(pieces)
    tables = pieces[1:-1]
    assert max(map(len, tables)) < len(whole) / 4
