"""A --kb that is a symlink names one store for the whole command, even when the link is
re-pointed meanwhile (the store opened its files by the link's path: writes after the move went
to the other directory, "IO error: No such file")."""

from __future__ import annotations

import os
from pathlib import Path

from kb import KnowledgeBase

ARTICLE = (
    "# Walking {n}\n\nDaily walking lowers blood pressure in adults [1].\n\n"
    "## References\n\n1. Walker A. Walking trial {n}. J Walk. 2019.\n"
)


def test_a_writer_keeps_to_the_store_its_symlink_named_at_open(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    second.mkdir()
    link = tmp_path / "kb"
    link.symlink_to(first)
    articles = [tmp_path / f"walking-{n}.md" for n in (1, 2)]
    for n, path in enumerate(articles, 1):
        path.write_text(ARTICLE.format(n=n), encoding="utf-8")
    with KnowledgeBase(str(link)) as kb:
        kb.ingest(articles[0])
        moved = tmp_path / "kb.new"
        moved.symlink_to(second)
        os.replace(moved, link)  # the link now names the other directory
        kb.ingest(articles[1])
        assert len(kb.articles()) == 2
    assert list(second.iterdir()) == []
    with KnowledgeBase(str(first)) as kb:
        assert len(kb.articles()) == 2
