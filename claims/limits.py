"""How large an article is read: its bytes (``--max-size``), lines, sentences, markers, cues.

Reading costs memory per line and per sentence, whatever their size, and auditing some KB per
sentence: a page of tiny paragraphs ("Yes." and a blank line) holds a sentence every 6 bytes,
and 19.9 MB of them (3.3 million sentences) passed 1.6 GB in the reader alone, so the byte
limit bounds nothing there. 20 MB of ordinary prose is about 180,000 lines and 250,000
sentences. Citation markers and cues cost the same way ("[1]" is 3 bytes). The count
limits grow with ``--max-size`` in proportion (a user who raises it for a book-length page
raises them too), and never fall below those of the default: a smaller byte limit bounds the
memory more already.
"""

from __future__ import annotations

from dataclasses import dataclass

from claims.errors import ArticleTooLarge

#: The largest article read unless told otherwise (bytes, ``--max-size``): reading, grading and
#: auditing cost time and memory in proportion, so a bigger file is refused up front.
MAX_SIZE = 20_000_000
#: The most lines of a text or Markdown article at the default ``--max-size`` (counted before
#: the reader makes any).
MAX_LINES = 1_500_000
#: The most sentences of an article (and blocks: each is a sentence at least) at the default.
MAX_SENTENCES = 300_000
#: The most citation markers of an article at the default (counted as each block's are found;
#: a block holds MARKERS_PER_BLOCK at most). Each costs about 0.9 KB to read: 4 MB of
#: paragraphs of 900 "[1]" each passed 1.1 GB in ``extract`` (5.7 GB at 19.9 MB, by the line).
#: A dense review cites a marker every 100-200 bytes, 100,000-200,000 in 20 MB.
MAX_MARKERS = 500_000
#: The most hedge, booster and framing cues of an article at the default (counted sentence by
#: sentence). A cue costs about 0.4 KB to audit and 0.85 KB to extract as JSON: 4 MB of
#: paragraphs of 200 "may" (987,000 cues) took 851 MB to extract (4.1 GB at 19.9 MB, by the
#: line). The bench's ordinary prose, rich in cues, holds 3 a sentence: 760,000 in 19.9 MB.
MAX_CUES = 1_500_000


@dataclass(frozen=True)
class Limits:
    """The most lines, sentences, citation markers and cues of an article of up to
    ``max_size`` bytes (None: no limit)."""

    max_size: int | None
    lines: int | None
    sentences: int | None
    markers: int | None
    cues: int | None

    def check(self, count: int, limit: int | None, what: str, source: str) -> None:
        """Raise ArticleTooLarge when an article has over ``limit`` (one of this one's limits)
        ``what`` (lines, sentences...)."""
        if limit is not None and count > limit:
            raise ArticleTooLarge(
                f"{source}: more than {limit:,} {what} in one article (the limit with "
                f"--max-size {megabytes(self.max_size or MAX_SIZE)}); split it, or raise "
                "--max-size, which raises this limit in proportion (each of them costs memory "
                "to read and audit, however short)"
            )


def limits_for(max_size: int | None = MAX_SIZE) -> Limits:
    """Return the limits of an article of up to ``max_size`` bytes: the defaults' numbers
    raised in proportion to ``max_size`` over MAX_SIZE, never lowered; none without a size
    limit."""
    if max_size is None:
        return Limits(None, None, None, None, None)
    scale = max(max_size, MAX_SIZE)
    return Limits(
        max_size,
        MAX_LINES * scale // MAX_SIZE,
        MAX_SENTENCES * scale // MAX_SIZE,
        MAX_MARKERS * scale // MAX_SIZE,
        MAX_CUES * scale // MAX_SIZE,
    )


#: The limits of the default ``--max-size``.
DEFAULT_LIMITS = limits_for(MAX_SIZE)


def megabytes(size: int) -> str:
    """Return a size in bytes as people read it: 20 MB, 500 KB."""
    return f"{size / 1e6:g} MB" if size >= 10**6 else f"{size / 1e3:g} KB"
