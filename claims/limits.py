"""How many lines and sentences one article is read with, past its size in bytes.

Reading costs memory per line and per sentence, whatever their size, and auditing some KB per
sentence: a page of tiny paragraphs ("Yes." and a blank line) holds a sentence every 6 bytes,
and 19.9 MB of them (3.3 million sentences) passed 1.6 GB in the reader alone, so the byte
limit (``claims.reading.MAX_SIZE``) bounds nothing there. 20 MB of ordinary prose is about
180,000 lines and 250,000 sentences.
"""

from __future__ import annotations

from claims.errors import ArticleTooLarge

#: The most lines of a text or Markdown article (counted before the reader makes any).
MAX_LINES = 1_500_000
#: The most sentences of an article (and blocks: each is a sentence at least).
MAX_SENTENCES = 300_000


def check_count(count: int, limit: int, what: str, source: str) -> None:
    """Raise ArticleTooLarge when an article has over ``limit`` ``what`` (lines, sentences)."""
    if count > limit:
        raise ArticleTooLarge(
            f"{source}: more than {limit:,} {what} in one article; split it (each of them costs "
            "memory to read and audit, however short)"
        )
