"""Sentence boundaries inside one block of text, by rules over a single pass of candidates.

A candidate boundary is a run of ``.``, ``!``, ``?`` or ``…`` (with any closing quotes or
brackets). It becomes a boundary unless it sits inside a citation marker, a short bracketed or
quoted span, or a "Label:" prefix; unless it ends an abbreviation, an initial or a list number;
and only when the next sentence plainly starts (a capital letter, a digit, an opening quote or
bracket). Citation markers printed after the full stop (``damage. [3]``) stay with the sentence
before them. Offsets always point into the original text; surrounding spaces are left out.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from functools import cache

from .lexicon import rows, words

Span = tuple[int, int]

# Closing quotes, brackets and Markdown emphasis ("*Not advice.* *Ask a doctor.*") stay with the
# sentence they close; opening ones may start the next.
_CANDIDATE = re.compile(r"(?:[.!?]+|…)[\"'”’»)\]*_]*")
_ENCLOSED = re.compile(r"\([^()\n]{0,250}\)|\[[^\[\]\n]{0,250}\]|“[^“”]{0,300}”|\"[^\"\n]{0,300}\"")
_WORD_BEFORE = re.compile(r"([^\W\d_][\w.'’-]*|\d+)$")
_WORD_AFTER = re.compile(r"[\"'“‘(\[*_]{0,3}([^\W_][\w'’-]*)")
_SPACE = re.compile(r"\s*")
_BETWEEN_MARKERS = re.compile(r"[\s,;]*")
# The pages a marker points to, printed after it ("[1]: 88", "[2]: 41–43", "[3]: 7, 9"), as
# Wikipedia prints them: part of the citation, so the sentence ends after them.
_LOCATOR = re.compile(r":[ \t\u00a0]?(?:pp?\.\s?)?\d+(?:[–-]\d+)?(?:,\s?\d+(?:[–-]\d+)?)*(?!\w)")
_OPENERS = "\"'“‘([«*_"
_FIGURE_NUMBER = re.compile(r"[A-Z]?\d+[A-Za-z]?")
#: A given name's initial of two letters ("Th.", "Ch.", "Ph."), after another initial.
_DIGRAPH_INITIAL = re.compile(r"[A-Z]h")
_INITIAL_BEFORE = re.compile(r"(?<![\w.])[A-Z]\.\s+$")
#: A paper's numbered statements: "Theorem 1." labels the sentence it opens.
_STATEMENTS = (
    r"Theorem|Lemma|Proposition|Corollary|Definition|Remark|Example|Conjecture|Assumption|"
    r"Hypothesis|Algorithm"
)
# A number whose full stop labels what follows: at the sentence's start, after a colon ("Do
# this: 1. Mix"), or after a document part ("Table 2. Doses").
_LIST_NUMBER_CONTEXT = re.compile(
    r"(?:^|:)\s*(?:(?:Figure|Fig|Table|Box|Step|Chapter|Section)\s+)?$", re.IGNORECASE
)
# A run-in label that opens a sentence and ends in a full stop, emphasised or not: "*Proof.*",
# "Remark.", "**Theorem 2 (uniqueness).**": it labels the sentence that follows.
_RUN_IN_LABEL = re.compile(
    rf"[*_]{{0,2}}(?:Proof|{_STATEMENTS})(?:\s+[A-Z]?\d+(?:\.\d+)*[a-z]?)?(?:\s+\([^()]{{1,60}}\))?"
)


@cache
def _abbreviations() -> dict[str, str]:
    return {row[0]: row[1] for row in rows("abbreviations.tsv")}


@cache
def _openers() -> frozenset[str]:
    return words("openers.txt")


@cache
def _ordinal_months() -> frozenset[str]:
    return words("ordinal_months.txt")


def sentence_spans(
    text: str,
    start: int,
    end: int,
    attached: Sequence[Span] = (),
    *,
    label_end: int | None = None,
) -> Iterator[Span]:
    """Yield the sentence spans of ``text[start:end]``, in order, trimmed of white space.

    ``attached`` are the spans of citation markers and editors' flags, sorted: a boundary never
    falls inside one, and those right after a full stop join the sentence before. The spans come
    as they are found: a line of millions of tiny sentences is never listed whole (4 million
    spans of a 19.9 MB line of "Yes. " held 855 MB), and its reader stops at the article's
    sentence limit.
    """
    enclosed = _Enclosures(text, start, end)
    starts = [a for a, _ in attached]
    floor = label_end if label_end is not None else start
    begin = start
    for match in _CANDIDATE.finditer(text, start, end):
        stop, after = match.start(), match.end()
        if stop < floor or stop < begin or _within(attached, starts, stop, after):
            continue
        if enclosed.hold(stop, after):
            continue
        close = _attach(text, after, end, attached, starts)
        nxt = _past(_SPACE, text, close, end)
        if nxt >= end:
            break
        if nxt == close or not _starts_sentence(text, nxt, end):
            continue
        if match.group() == "." and not _ends_sentence(text, begin, stop, nxt, end):
            continue
        if match.group()[0] == "." and _RUN_IN_LABEL.fullmatch(text, begin, stop):
            continue
        yield from _trimmed(text, begin, close)
        begin = nxt
    yield from _trimmed(text, begin, end)


def _trimmed(text: str, start: int, end: int) -> Iterator[Span]:
    """Yield ``text[start:end]``'s span trimmed of white space, unless nothing is left."""
    span = trim(text, start, end)
    if span[0] < span[1]:
        yield span


class _Enclosures:
    """The short bracketed and quoted spans of a block, read in step with the candidates.

    The candidates come in order, so the spans are matched as they are reached, never listed:
    a line of a million "[a]" holds one span at a time, not a million (35 MB per MB of it).
    """

    def __init__(self, text: str, start: int, end: int) -> None:
        self._matches = _ENCLOSED.finditer(text, start, end)
        self._next = next(self._matches, None)
        self._last: Span | None = None

    def hold(self, stop: int, after: int) -> bool:
        """Tell whether the candidate ``[stop, after)`` lies inside a span, not at its end.

        ``stop`` never goes back between calls.
        """
        while self._next is not None and self._next.start() <= stop:
            self._last = self._next.span()
            self._next = next(self._matches, None)
        return self._last is not None and self._last[0] <= stop and after < self._last[1]


def _past(pattern: re.Pattern[str], text: str, pos: int, end: int) -> int:
    """Return where ``pattern`` (one that may match nothing) stops matching at ``pos``."""
    match = pattern.match(text, pos, end)
    return match.end() if match else pos


def _within(spans: Sequence[Span], starts: list[int], stop: int, after: int) -> bool:
    """Tell whether the candidate ``[stop, after)`` lies inside a span, not at its very end."""
    i = bisect_right(starts, stop) - 1
    return i >= 0 and spans[i][0] <= stop and after < spans[i][1]


def _attach(text: str, pos: int, end: int, attached: Sequence[Span], starts: list[int]) -> int:
    """Return the end of the markers that follow position ``pos`` (``pos`` when none do)."""
    close = pos
    while True:
        nxt = _past(_BETWEEN_MARKERS, text, close, end)
        i = bisect_right(starts, nxt) - 1
        # A narrative citation ("Lee and Park (2021) found") opens the next sentence.
        if i < 0 or attached[i][0] != nxt or nxt >= end or text[nxt].isalpha():
            return close
        close = attached[i][1]
        locator = _LOCATOR.match(text, close, end)
        close = locator.end() if locator else close


def _starts_sentence(text: str, pos: int, end: int) -> bool:
    limit = min(end - 1, pos + 3)
    while pos < limit and text[pos] in _OPENERS:
        pos += 1
    char = text[pos]
    return char.isupper() or char.isdigit()


def _ends_sentence(text: str, begin: int, stop: int, nxt: int, end: int) -> bool:
    """Tell whether the full stop at ``stop`` ends a sentence (not an abbreviation or initial)."""
    before = _WORD_BEFORE.search(text, max(begin, stop - 24), stop)
    if before is None:
        return True
    word = before.group(1)
    next_word = _next_word(text, nxt, end)
    if len(word) <= 2 and word.isdigit() and next_word.lower() in _ordinal_months():
        return False  # a day before its month: "bis 25. November 2019"
    if word.isdigit() or _FIGURE_NUMBER.fullmatch(word):
        return not _LIST_NUMBER_CONTEXT.search(text[begin : before.start()])
    if len(word) == 1 and word.isupper():  # an initial ("L. P. Boitard"), never "p. 12"
        return next_word.lower() in _openers()
    if _DIGRAPH_INITIAL.fullmatch(word) and _INITIAL_BEFORE.search(text, begin, before.start()):
        return next_word.lower() in _openers()  # "Marcel J. L. Th. Niekus": Th(eodorus)
    kind = _abbreviations().get(word.lower().rstrip("."))
    if kind == "always":
        return False
    if kind == "number":
        return not next_word[:1].isdigit()
    if kind == "ambiguous" or _is_dotted(word):
        return next_word.lower() in _openers()
    return True


def _next_word(text: str, pos: int, end: int) -> str:
    match = _WORD_AFTER.match(text, pos, end)
    return match.group(1) if match else ""


def _is_dotted(word: str) -> bool:
    """Tell whether ``word`` is an abbreviation with inner full stops (``U.S``, ``Ph.D``)."""
    return "." in word and len(word) <= 8 and all(len(part) <= 3 for part in word.split("."))


def trim(text: str, start: int, end: int) -> Span:
    """Return ``(start, end)`` moved inwards past white space at either end."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
