"""Every reader and ``claimkb audit`` on every real page of the shared development corpus.

No exception, exact offsets, no aborted audit. The corpus (real PLOS and other JATS papers,
Wikipedia and web pages, with their provenance in NOTICE.md) lives outside the repository, in
``../shared``; without it these tests skip.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.extract import extract_document
from claims.reading import read_path

SHARED = Path(__file__).resolve().parents[2] / "shared"
_EXTENSIONS = {".txt", ".md", ".html", ".htm", ".xml", ".nxml"}


def _pages() -> list[Path]:
    folders = [SHARED / "corpus" / name for name in ("plos", "jats", "wikipedia", "web")]
    folders.append(SHARED / "examples")
    return [
        path
        for folder in folders
        if folder.is_dir()
        for path in sorted(folder.iterdir())
        if path.suffix in _EXTENSIONS and path.name != "NOTICE.md"
    ]


PAGES = _pages()
needs_corpus = pytest.mark.skipif(not PAGES, reason="the shared corpus (../shared) is absent")


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


@needs_corpus
@pytest.mark.parametrize("path", PAGES, ids=_id)
def test_every_span_is_the_text_it_names(path: Path) -> None:
    document = read_path(path)
    text = document.text
    for block in document.blocks:
        assert 0 <= block.start < block.end <= len(text), block
    for marker in document.explicit_markers:
        assert text[marker.start : marker.end] == marker.text, marker
    article = extract_document(document)
    assert article.sentences, "no sentence read"
    previous_end = 0
    for sentence in article.sentences:
        assert text[sentence.start : sentence.end] == sentence.text, sentence.id
        assert sentence.text == sentence.text.strip(), sentence.id
        assert sentence.start >= previous_end, f"{sentence.id} overlaps the sentence before"
        previous_end = sentence.end
        for marker in sentence.markers:
            assert sentence.start <= marker.start < marker.end <= sentence.end, marker
            assert text[marker.start : marker.end] == marker.text, marker


@needs_corpus
@pytest.mark.parametrize("path", PAGES, ids=_id)
def test_every_page_audits(path: Path) -> None:
    """``claimkb audit`` in-process: findings or none (exit 1 or 0), never an abort (2)."""
    from click.testing import CliRunner

    from kb.cli import main

    result = CliRunner().invoke(main, ["audit", "--format", "json", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 1), result.output[-2000:]
