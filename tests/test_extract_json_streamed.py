"""``claimkb extract --format json|jsonl`` is written a batch of sentences at a time: the same
bytes as the whole document dumped at once, with no more than a batch of sentences' data alive
at a time (the whole document's data and bytes tripled the extraction's memory on a 19 MB
page)."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator

import orjson

from claims import Article, article_to_dict, extract_text
from claims.extract import articles_to_json
from kb.report.extract import (
    extract_json_pieces,
    extract_jsonl_pieces,
    render_json,
    render_jsonl,
)
from kb.report.json_pieces import BATCH, json_pieces
from kb.terminal import escaped_json

PARAGRAPH = (
    "Walking may lower blood pressure [1]. Studies prove that tea cures fatigue (Lee 2019). "
    "Some experts say swimming often helps.\n\n"
)
# a C1 control, an OSC, a DEL and a non-ASCII letter, which the JSON must escape (or keep)
HOSTILE = "Hostile \x9b31m text \x1b]0;title\x07 and \x7f, é, may help [2].\n\n"


def _article(paragraphs: int, source: str = "page.txt") -> Article:
    text = "A Page\n\n" + PARAGRAPH * paragraphs + HOSTILE + "References\n\n1. Lee A. Tea. 2019.\n"
    return extract_text(text, "txt", source)


def test_the_json_written_a_sentence_at_a_time_is_the_whole_document_dumped() -> None:
    """No article, one, two: the bytes of orjson's indented dump of the whole document with
    its controls escaped, which read as ``json.dumps(..., ensure_ascii=False, indent=2)``."""
    articles = [_article(3), _article(1, "other.txt")]
    for chosen in ([], articles[:1], articles):
        whole = orjson.dumps(
            articles_to_json(chosen), option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE
        )
        written = b"".join(extract_json_pieces(chosen))
        assert written == escaped_json(whole) == render_json(chosen)
        assert json.loads(written) == json.loads(whole)
    assert b"\\u009b31m" in written and b"\xc2\x9b" not in written


def test_the_jsonl_line_written_a_sentence_at_a_time_is_the_whole_article_dumped() -> None:
    article = _article(3)
    whole = orjson.dumps(article_to_dict(article), option=orjson.OPT_APPEND_NEWLINE)
    written = b"".join(extract_jsonl_pieces(article))
    assert written == escaped_json(whole) == render_jsonl(article)
    assert written.count(b"\n") == 1 and written.endswith(b"\n")


def _sentences_data_alive() -> int:
    """Return how many sentences' JSON data (dicts with a "marker_spans" key) are alive."""
    return sum(1 for o in gc.get_objects() if type(o) is dict and "marker_spans" in o)


def _alive_while_written(pieces: Iterator[bytes]) -> tuple[int, int]:
    """Return (the most sentences' data alive at any piece, the pieces)."""
    most = count = 0
    for _ in pieces:
        most = max(most, _sentences_data_alive())
        count += 1
    return most, count


def test_one_batch_of_sentences_data_at_most_is_alive_while_the_json_is_written() -> None:
    """A page of some 1,200 sentences: while its JSON and its JSONL line are written, at most
    a batch of sentences' data exists at a time (a batch's data is made as it is written), and
    the document comes in a piece per batch, not in one."""
    article = _article(400)
    sentences = len(article.sentences)
    assert sentences > 1_200 and _sentences_data_alive() == 0
    for pieces in (extract_json_pieces([article]), extract_jsonl_pieces(article)):
        most, count = _alive_while_written(pieces)
        assert 0 < most <= BATCH and count > sentences // BATCH
    # held whole, as before, every sentence's data is alive at once
    whole = articles_to_json([article])
    assert _sentences_data_alive() == sentences
    del whole


def test_a_list_written_in_batches_is_the_list_dumped_whole() -> None:
    """Lists of every length around the batch, nested at each level and with both layouts,
    give the bytes of orjson's dump of the whole value."""
    for length in (0, 1, 2, BATCH - 1, BATCH, BATCH + 1, 2 * BATCH, 2 * BATCH + 3):
        items = [
            {"n": i, "text": f"line {i}\nnext \x9b", "list": [i, [i + 1]], "empty": {}}
            for i in range(length)
        ]
        for depth in (1, 2, 3):
            value: object = items
            for _ in range(depth - 1):
                value = {"outer": [value, "after"], "end": 0}
            for indent in (True, False):
                option = orjson.OPT_INDENT_2 if indent else None
                whole = escaped_json(orjson.dumps(value, option=option)) + b"\n"
                for streamed in range(1, 2 * depth + 1):
                    written = b"".join(json_pieces(value, streamed, indent=indent))
                    assert written == whole, (length, depth, indent, streamed)
        for indent in (True, False):
            option = orjson.OPT_INDENT_2 if indent else None
            whole = escaped_json(orjson.dumps(items, option=option)) + b"\n"
            assert b"".join(json_pieces(iter(items), 1, indent=indent)) == whole
