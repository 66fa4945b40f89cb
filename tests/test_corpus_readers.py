"""Every reader and ``claimkb audit`` on every real page of the shared development corpus.

No exception, exact offsets, no aborted audit. The corpus (real PLOS and other JATS papers,
Wikipedia and web pages, with their provenance in NOTICE.md) lives outside the repository, in
``../shared``; without it these tests skip.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.shared_corpus import CORPUS, FOLDERS, SHARED, article_files
from claims.extract import extract_document
from claims.reading import read_path

PAGES = article_files([*(CORPUS / name for name in FOLDERS), SHARED / "examples"])
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
