"""From a Document (text and blocks) to an Article of sentences, and the JSON contract.

One pass over the blocks: markers and editors' flags are found once per block, the block is cut
into sentences, and each sentence gets its markers, kind, hedges and boosters, line and section.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from .certainty import find_all
from .citestyle import Entries, judge
from .classifying import classify, opens_profile_section
from .errors import ArticleUnreadable
from .limits import DEFAULT_LIMITS, Limits, limits_for
from .markers import MARKERS_PER_BLOCK, Flag, join_ranges, merge_explicit, named_keys, scan
from .model import Article, Block, Cue, Document, Marker, Sentence
from .nesting import TOO_DEEP
from .raised import raised
from .reading import MAX_SIZE
from .segmenting import sentence_spans, trim
from .sharing import shared_map
from .version import VERSION

#: Blocks that open a section.
_HEADINGS = frozenset(("title", "heading"))
#: Blocks of list items.
_ITEMS = frozenset(("item",))
#: Blocks that are one sentence-like unit each, never cut.
_WHOLE = frozenset(("title", "heading", "reference", "cell", "code", "furniture", "byline"))
#: Blocks whose bracketed numbers are code, never citation markers.
_NO_MARKERS = frozenset(("code",))
#: Kinds whose text is not the article's own statement: no hedges or boosters are looked for.
# Reference entries hold no cues of the article's own; bylines and questions do ("Could it
# help?" asks with a hedge).
_NO_CUES = frozenset(("reference",))
_NEWLINE = re.compile("\n")
# What a page says of itself after its own title or "This" as subject ("Timeline of computing
# presents events ...", "List of lighthouses is a list of ...", "This is the list of ..."): a
# description of the page, no claim.
_ITSELF = re.compile(
    r"\s+(?:presents|lists|collects|gathers|summari[sz]es|outlines|gives an overview of|"
    r"(?:is|are) (?:a|an|the) (?:list|timeline|index|glossary|outline|overview|chronology) of)\b",
    re.IGNORECASE,
)
_THIS_PAGE = re.compile(
    r"this(?: page| article| list| table)? is (?:a|an|the) (?:list|timeline|index|glossary|"
    r"outline|overview|chronology) of\b",
    re.IGNORECASE,
)
_LEADING_LABEL = re.compile(r"\s*(?:\[\s*)?(\d{1,3}(?:\.\d{1,3})*)\s*[\].)]\s")
_T = TypeVar("_T")
_R = TypeVar("_R")


def extract_document(doc: Document, limits: Limits = DEFAULT_LIMITS, processes: int = 1) -> Article:
    """Return the Article of every sentence in ``doc``, in document order (ArticleTooLarge
    past ``limits.sentences``).

    ``processes``: how many processes may read the sentences' kinds and cues of a long page
    (``claims.sharing``; the Article is the same whatever the number).
    """
    text = doc.text
    newlines = [m.start() for m in _NEWLINE.finditer(text)]
    explicit = _bracketed(
        text, join_ranges(text, sorted(doc.explicit_markers, key=lambda m: m.start))
    )
    sections = _Sections()
    drafts: list[_Draft] = []
    last_end = 0
    blocks = sorted(doc.blocks, key=lambda b: b.start)
    # Raised numbers on a page that links none of its citations are candidates like others.
    linked = doc.format == "jats" or (
        doc.format == "html" and doc.links_citations and bool(explicit)
    )
    crowded: list[Block] = []
    found_markers = _judged_markers(
        text, blocks, explicit, linked, crowded, limits, doc.source, processes
    )
    furniture = _FurnitureSections()
    breaks = sorted(doc.section_breaks, reverse=True)
    lined, most_sentences = bool(doc.lines), limits.sentences
    for block, (markers, flags) in zip(blocks, found_markers, strict=True):
        while breaks and block.start >= breaks[-1]:
            breaks.pop()
            sections.close()
        section = sections.enter(text, block)
        role = furniture.role(block)
        if block.kind == "furniture":
            markers = []  # page furniture ("See also" links, "Read next") cites nothing
        marker_starts = [m.start for m in markers] if markers else []
        flag_starts = [f.start for f in flags] if flags else []
        for start, end in _block_spans(text, block, markers, flags):
            if start < last_end:
                continue  # blocks that overlap never yield overlapping sentences
            line = (doc.line_at(start) if lined else None) or bisect_right(newlines, start - 1) + 1
            # most blocks hold no marker and no flag: nothing to look up
            inside = (
                markers[bisect_left(marker_starts, start) : bisect_left(marker_starts, end)]
                if markers
                else []
            )
            found = (
                flags[bisect_left(flag_starts, start) : bisect_left(flag_starts, end)]
                if flags
                else []
            )
            if most_sentences is not None and len(drafts) >= most_sentences:
                limits.check(len(drafts) + 1, most_sentences, "sentences", doc.source)
            drafts.append(_draft(text, role, start, end, inside, found, section, line))
            last_end = end
        if block.kind == "heading" and drafts and drafts[-1].start >= block.start:
            heading = drafts[-1] = drafts[-1]._replace(kind=_kind(text, drafts[-1]))
            furniture.open(block, heading.kind or "", text[heading.start : heading.end])
    readings = _readings(text, drafts, limits, doc.source, processes)
    sentences = tuple(
        _sentence(text, draft, index, *reading)
        for index, (draft, reading) in enumerate(zip(drafts, readings, strict=True))
    )
    warnings = doc.warnings + tuple(
        f"{doc.source}:{doc.line_at(block.start) or bisect_right(newlines, block.start - 1) + 1}: "
        f"more than {MARKERS_PER_BLOCK:,} citation markers in one block; the text after the "
        f"first {MARKERS_PER_BLOCK:,} is read without markers"
        for block in crowded
    )
    return Article(doc.source, doc.format, text, sentences, doc.title, doc.url, warnings)


def extract_path(
    path: str | Path, fmt: str | None = None, max_size: int | None = MAX_SIZE, processes: int = 1
) -> Article:
    """Return the Article read from a file (``-`` for standard input); ``fmt`` overrides.

    A file over ``max_size`` bytes is refused (ArticleTooLarge; None: no limit), as is one of
    more lines or sentences than ``max_size`` allows (:mod:`claims.limits`). ``processes``: as
    ``extract_document`` takes it.

    Raises ArticleUnreadable when the file gives no sentence at all: an audit of nothing would
    look clean.
    """
    from .reading import read_path

    document = read_path(path, fmt, max_size)
    return _with_text(extract_document(document, limits_for(max_size), processes))


def extract_bytes(
    data: bytes, source: str = "-", fmt: str | None = None, max_size: int | None = MAX_SIZE
) -> Article:
    """Return the Article in a file's bytes, read as ``extract_path`` reads a file of
    ``max_size`` bytes at most (its size is the caller's to check)."""
    from .reading import read_document

    return _with_text(
        extract_document(read_document(data, source, fmt, max_size), limits_for(max_size))
    )


#: The likeliest reason, by format, for a file that gives no sentence.
_NO_TEXT_WHY = {"html": "a page built by JavaScript?", "jats": "a broken or truncated file?"}


def _with_text(article: Article) -> Article:
    """Return ``article``; raise ArticleUnreadable when it has no sentence at all."""
    if not article.sentences:
        too_deep = any(w.endswith(TOO_DEEP) for w in article.warnings)
        why = (
            TOO_DEEP
            if too_deep
            else _NO_TEXT_WHY.get(article.format, "only markup or blank lines?")
        )
        raise ArticleUnreadable(
            f"{article.source}: no text found in it as {article.format} ({why}); "
            "check the file, or give the right --input-format"
        )
    return article


def extract_text(text: str, fmt: str | None = "txt", source: str = "-") -> Article:
    """Return the Article of a string of text (``fmt`` None detects the format).

    The string is read as it is (no byte decoding), so offsets point into ``text`` itself.
    """
    from . import reading

    fmt = reading.format_named(fmt, source) if fmt else reading.detect_format(text)
    if not text.strip():
        return Article(source, fmt, text, ())
    return extract_document(reading.read_text(text, source, fmt))


def article_to_dict(article: Article) -> dict[str, Any]:
    """Return the JSON contract of one article (issue 3: source, format, title, text, sentences)."""
    return {
        "source": article.source,
        "format": article.format,
        "title": article.title,
        "url": article.url,
        "text": article.text,
        "warnings": list(article.warnings),
        "sentences": [sentence_to_dict(s) for s in article.sentences],
    }


def articles_to_json(articles: list[Article]) -> dict[str, Any]:
    """Return the top-level JSON object: ``{"claimkb": VERSION, "articles": [...]}``."""
    return {"claimkb": VERSION, "articles": [article_to_dict(a) for a in articles]}


def sentence_to_dict(s: Sentence) -> dict[str, Any]:
    """Return the JSON contract of one sentence (an item of ``article_to_dict``'s sentences)."""
    # Most sentences have no marker or cue: their empty lists are built without a call (a
    # comprehension is a function call in Python 3.11).
    hedges, boosters, framing = s.hedges, s.boosters, s.framing
    cues = hedges + boosters
    return {
        "id": s.id,
        "index": s.index,
        "start": s.start,
        "end": s.end,
        "line": s.line,
        "text": s.text,
        "section": list(s.section),
        "kind": s.kind,
        "block": s.block,
        "markers": list(s.keys) if s.markers else [],
        "marker_spans": [
            {"text": m.text, "start": m.start, "end": m.end, "style": m.style, "keys": list(m.keys)}
            for m in s.markers
        ]
        if s.markers
        else [],
        "hedges": _cue_strings(hedges) if hedges else [],
        "boosters": _cue_strings(boosters) if boosters else [],
        "negated": _cue_strings(c for c in cues if c.negated) if cues else [],
        "hedge_spans": [_cue_to_dict(c) for c in hedges] if hedges else [],
        "booster_spans": [_cue_to_dict(c) for c in boosters] if boosters else [],
        "weasels": _framing_strings(framing, "weasel") if framing else [],
        "peacocks": _framing_strings(framing, "peacock") if framing else [],
        "approximators": _framing_strings(framing, "approximator") if framing else [],
        "framing_spans": [{"kind": c.kind, **_cue_to_dict(c)} for c in framing] if framing else [],
        "editor_flags": list(s.editor_flags),
        "reference_key": s.reference_key,
    }


def _framing_strings(framing: tuple[Cue, ...], kind: str) -> list[str]:
    return _cue_strings(c for c in framing if c.kind == kind)


def _cue_strings(cues: Iterable[Cue]) -> list[str]:
    return list(dict.fromkeys(c.cue for c in cues))


def _cue_to_dict(cue: Cue) -> dict[str, Any]:
    return {
        "cue": cue.cue,
        "text": cue.text,
        "start": cue.start,
        "end": cue.end,
        "negated": cue.negated,
        "scope": cue.scope,
        "category": cue.category,
    }


class _Sections:
    """The headings above the current block: the title as root, then headings by level."""

    def __init__(self) -> None:
        self.title: tuple[str, ...] = ()
        self.stack: list[tuple[int, str]] = []
        self.path: tuple[str, ...] = ()  # the title and the stack's headings, outermost first

    def close(self) -> None:
        """End every open section: a break of the document with no heading after it."""
        self.stack = []
        self.path = self.title

    def enter(self, text: str, block: Block) -> tuple[str, ...]:
        """Return the section path of ``block`` and update it when the block is a heading."""
        if block.kind not in _HEADINGS:
            return self.path  # the path is built at headings only, not at each block
        heading = " ".join(text[block.start : block.end].split())
        if not heading:
            return self.path
        if block.kind == "title":
            self.title, self.stack = (heading,), []
            self.path = self.title
            return ()
        level = block.level or 1
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        path = (*self.title, *(h for _, h in self.stack))
        self.stack.append((level, heading))
        self.path = (*path, heading)
        return path


class _FurnitureSections:
    """Sections whose content is furniture, until the next heading of their level: list items
    under a furniture heading ("How we rate claims", "Related"), paragraphs and items under a
    heading about the publisher ("About the University of Northbridge")."""

    def __init__(self) -> None:
        self.level = 0
        self.kinds: frozenset[str] = frozenset()

    def role(self, block: Block) -> Block:
        """Return ``block`` read as furniture when it sits in such a section, else as it is."""
        if block.kind in _HEADINGS and (block.level or 1) <= self.level:
            self.level = 0
        if self.level and block.kind in self.kinds:
            return replace(block, kind="furniture")
        return block

    def open(self, block: Block, kind: str, heading: str) -> None:
        """Start a furniture section when the heading block's sentence (its kind and text)
        calls for one."""
        if kind == "boilerplate":
            self.level, self.kinds = block.level or 1, _ITEMS
        elif opens_profile_section(heading):
            self.level, self.kinds = block.level or 1, _ITEMS | {"paragraph"}


def _block_spans(
    text: str, block: Block, markers: list[Marker], flags: list[Flag]
) -> Iterable[tuple[int, int]]:
    """Return the sentence spans of ``block``, found as they are read (the article's sentence
    limit stops a block of millions before they are all listed)."""
    if block.kind in _WHOLE:
        start, end = trim(text, block.start, block.end)
        return [(start, end)] if start < end else []
    attached = sorted([(m.start, m.end) for m in markers] + [(f.start, f.end) for f in flags])
    return sentence_spans(text, block.start, block.end, attached, label_end=block.label_end)


def _judged_markers(
    text: str,
    blocks: list[Block],
    explicit: list[Marker],
    linked: bool,
    crowded: list[Block],
    limits: Limits,
    source: str,
    processes: int = 1,
) -> list[tuple[list[Marker], list[Flag]]]:
    """Return each block's markers and editors' flags: the markers its markup states, and
    those the grammar finds that fit the article's citation style (``claims.citestyle``).

    A block in which the grammar finds MARKERS_PER_BLOCK markers is read no further for
    markers; it is added to ``crowded``. Past ``limits.markers`` in the article, raise
    ArticleTooLarge (counted a run of blocks at a time, before the rest are made). The grammar
    reads a long page's blocks on ``processes`` processes (each block's on its own; the style is
    judged here)."""
    starts = [m.start for m in explicit]
    found: list[list[Marker]] = []
    stated: list[list[Marker]] = []
    flags: list[list[Flag]] = []
    spans: list[tuple[int, int] | None] = []
    scanned = _scans(text, blocks, limits, source, processes)
    for block, (markers, block_flags) in zip(blocks, scanned, strict=True):
        given = explicit[bisect_left(starts, block.start) : bisect_left(starts, block.end)]
        if block.kind in _NO_MARKERS:
            found.append([])
            stated.append([])
            flags.append([])
            spans.append(None)
            continue
        if not markers and not given:  # most blocks: nothing to sort out
            found.append([])
            stated.append([])
            flags.append(block_flags)
            spans.append((block.start, block.end))
            continue
        if len(markers) >= MARKERS_PER_BLOCK:
            crowded.append(block)
        if block.kind == "byline":  # raised numbers after authors' names are affiliations
            markers = [m for m in markers if not raised(m)]
            given = [m for m in given if not raised(m)]
        if block.kind == "reference" and not _bundle(text, block, markers):
            markers = [m for m in markers if _cites_from_entry(text, block, m)]
        if not linked:  # raised text in Markdown or text links nothing: a candidate like others
            markers = sorted((*_not_stated(markers, given), *given), key=lambda m: m.start)
            given = []
        found.append(_not_stated(markers, given))
        stated.append(list(given))
        flags.append(block_flags)
        spans.append((block.start, block.end))
    entries = Entries.of(text, ((b.key, b.start, b.end) for b in blocks if b.kind == "reference"))
    kept = judge(text, entries, found, stated, spans, linked)
    return [
        (
            _named_apart(merge_explicit(ms, given) if given else ms, entries)
            if ms or given
            else ms,
            fs,
        )
        for ms, given, fs in zip(kept, stated, flags, strict=True)
    ]


#: Characters of blocks from which the marker grammar's reading is shared out to other
#: processes (about 70 ms of reading: below, the fork and the pickles cost more than it saves).
_SCANS_SHARED_FROM = 500_000

#: The most characters of blocks read for markers before they are counted against the limit.
_SCAN_RUN = 2 * _SCANS_SHARED_FROM


def _scans(
    text: str, blocks: list[Block], limits: Limits, source: str, processes: int
) -> Iterator[tuple[list[Marker], list[Flag]]]:
    """Yield each block's markers and flags (``_scan``), read a run of blocks at a time (on
    ``processes`` processes, ``_in_runs``) and counted against ``limits.markers``."""
    return _in_runs(
        blocks,
        [b.end - b.start for b in blocks],
        lambda block: _scan(text, block),
        lambda scanned: len(scanned[0]),
        _Counted(limits.markers, "citation markers", source, limits),
        processes,
        _SCAN_RUN,
        _SCANS_SHARED_FROM,
        weighted=True,
    )


class _Counted(NamedTuple):
    """What ``_in_runs`` counts its results against: at most ``limit`` ``what`` in ``source``
    (None: no limit)."""

    limit: int | None
    what: str
    source: str
    limits: Limits


def _in_runs(
    items: Sequence[_T],
    sizes: Sequence[int],
    read: Callable[[_T], _R],
    counted: Callable[[_R], int],
    bound: _Counted,
    processes: int,
    run_most: int,
    shared_from: int,
    weighted: bool = False,
) -> Iterator[_R]:
    """Yield ``read(item)`` for each of ``items``, read a run at a time (on ``processes``
    processes, ``claims.sharing``: by their ``sizes`` when ``weighted``, else one each, from
    ``shared_from``); raise ArticleTooLarge at the first item whose results' ``counted``
    bring the article past ``bound``, before a later item is read.

    An item gives no more counted things than its size (characters), so a run of fewer
    characters than the count still allowed (and ``run_most`` at most) passes the bound at its
    last item only: the results held at once stay within it, and the item refused is the one
    a loop item by item would refuse."""
    count = start = 0
    while start < len(items):
        left = run_most if bound.limit is None else min(run_most, bound.limit - count)
        end = _run_end(sizes, start, left)
        run = items[start:end]
        done = shared_map(
            lambda i: read(run[i]),  # noqa: B023 - called before the next run is made
            len(run),
            processes,
            shared_from,
            sizes[start:end] if weighted else None,
        )
        for result in done:
            if found := counted(result):  # the count passes the bound only where it grows
                count += found
                bound.limits.check(count, bound.limit, bound.what, bound.source)
            yield result
        start = end


def _run_end(sizes: Sequence[int], start: int, most: int) -> int:
    """Return where the run of items of ``sizes`` (characters) from ``start`` ends: after the
    first item that brings it to ``most`` (one item at least)."""
    end, size = start + 1, sizes[start]
    while end < len(sizes) and size < most:
        size += sizes[end]
        end += 1
    return end


def _scan(text: str, block: Block) -> tuple[list[Marker], list[Flag]]:
    """Return the markers and flags the grammar finds in a block (none in code)."""
    if block.kind in _NO_MARKERS:
        return [], []
    return scan(text, block.start, block.end, MARKERS_PER_BLOCK)


def _named_apart(markers: list[Marker], entries: Entries) -> list[Marker]:
    """Return ``markers`` with each author-year key that several entries share (first author
    and year) made to say who else the citation names ("Grown & Valodia 2010", "Grown et al.
    2010"; "Grown 2010" then means Grown alone), so it links to the entry it means."""
    if not any(m.style == "author-year" and any(map(entries.shared, m.keys)) for m in markers):
        return markers
    named = []
    for m in markers:
        if m.style == "author-year" and any(map(entries.shared, m.keys)):
            apart = named_keys(m.text)
            keys = tuple(apart.get(k, k) if entries.shared(k) else k for k in m.keys)
            m = replace(m, keys=tuple(dict.fromkeys(keys)))
        named.append(m)
    return named


def _bracketed(text: str, markers: list[Marker]) -> list[Marker]:
    """Return ``markers`` each widened to the brackets printed around it outside its link
    ("[<a>1</a>]", "[<xref>3</xref>–<xref>5</xref>]"), so that a marker after a full stop
    stays with the sentence before it, as "... decisions. [1]" in running text does."""
    widened = []
    for m in markers:
        if m.start > 0 and m.end < len(text) and text[m.start - 1] + text[m.end] in ("[]", "()"):
            m = Marker(text[m.start - 1 : m.end + 1], m.start - 1, m.end + 1, m.keys, m.style)
        widened.append(m)
    return widened


def _not_stated(found: list[Marker], given: Sequence[Marker]) -> list[Marker]:
    """Return the markers of ``found`` that overlap none the markup states."""
    if not given:
        return list(found)
    return [m for m in found if not any(g.start < m.end and m.start < g.end for g in given)]


def _bundle(text: str, block: Block, markers: list[Marker]) -> bool:
    """Tell whether an entry is nothing but markers after its label ("1. [248][249][250]"): a
    note bundling citations, each of which cites. One bracket alone ("21. [1]") is rather a
    link's number, as web pages print a bare external link."""
    label = _LEADING_LABEL.match(text, block.start, block.end)
    rest = text[label.end() if label else block.start : block.end]
    for m in markers:
        rest = rest.replace(m.text, " ")
    return len(markers) > 1 and not rest.strip(" ,;\t\n")


def _cites_from_entry(text: str, block: Block, marker: Marker) -> bool:
    """Tell whether a marker found in a reference or note entry cites another entry.

    A note cites as the body does ("... in the Pacific.[8]"): a square-bracket number or a
    superscript glued to the word before it. An entry's label ("[12] Lee J.") opens it, and
    its issue number "(3)", authors and year are parts of the entry, not citations.
    """
    if marker.style not in ("bracket", "superscript") or marker.text.startswith("("):
        return False
    return marker.start > block.start and not text[marker.start - 1].isspace()


def _describes_itself(text: str, title: str) -> bool:
    """Return True for a sentence of the lead whose subject is the page's own title or "This"
    and whose verb presents the page ("Timeline of computing presents events in the history of
    ...", "This is a list of ...")."""
    head = text.lstrip()
    if title and head[: len(title)].casefold() == title.casefold():
        return _ITSELF.match(head, len(title)) is not None
    return _THIS_PAGE.match(head) is not None


class _Draft(NamedTuple):
    """A sentence found, before its kind (unless it is a heading's) and cues are read."""

    block: Block  # the block it is read as (``_FurnitureSections.role``)
    start: int
    end: int
    markers: list[Marker]
    flags: list[Flag]
    section: tuple[str, ...]
    line: int
    core_end: int  # where the text ends without the markers and flags printed after its stop
    label: int  # where the body starts after a "Label:" prefix (0: none)
    kind: str | None  # None until read


#: Sentences from which a page's kinds and cues are shared out to other processes: below, a
#: fork and the pickles cost more than the half of the reading they save.
_SHARED_FROM = 2000

#: The most characters of sentences read for kinds and cues before their cues are counted.
_READING_RUN = 1_000_000

#: A sentence's kind, hedges, boosters and framing cues.
_Reading = tuple[str, tuple[Cue, ...], tuple[Cue, ...], tuple[Cue, ...]]


def _draft(
    text: str,
    block: Block,
    start: int,
    end: int,
    markers: list[Marker],
    flags: list[Flag],
    section: tuple[str, ...],
    line: int,
) -> _Draft:
    label = block.label_end - start if block.label_end and start < block.label_end < end else 0
    core_end = _core_end(text, start, end, markers, flags)
    return _Draft(block, start, end, markers, flags, section, line, core_end, label, None)


def _kind(text: str, draft: _Draft) -> str:
    block = draft.block
    role = "heading" if block.kind == "cell" and block.header else block.kind  # column titles
    cited = bool(draft.markers or draft.flags)
    core = text[draft.start : draft.core_end]
    kind = classify(role, core, cited=cited, body_start=draft.label)
    if kind == "claim" and len(draft.section) == 1 and _describes_itself(core, draft.section[0]):
        return "other"
    return kind


def _readings(
    text: str, drafts: list[_Draft], limits: Limits, source: str, processes: int
) -> Iterator[_Reading]:
    """Yield each sentence's reading (``_reading``), read a run of sentences at a time (on
    ``processes`` processes, ``_in_runs``); raise ArticleTooLarge at the sentence whose cues
    pass ``limits.cues`` in the article, before it is made (the readings held at once stay
    within the limit however many cues a page packs)."""
    return _in_runs(
        drafts,
        [d.end - d.start for d in drafts],
        lambda draft: _reading(text, draft),
        lambda reading: len(reading[1]) + len(reading[2]) + len(reading[3]),
        _Counted(limits.cues, "hedge, booster and framing cues", source, limits),
        processes,
        _READING_RUN,
        _SHARED_FROM,
    )


def _reading(text: str, draft: _Draft) -> _Reading:
    """Return the kind and the cues of a sentence: what depends on it alone."""
    kind = draft.kind or _kind(text, draft)
    if kind in _NO_CUES or draft.block.kind in _NO_MARKERS:  # code holds no cue either
        return kind, (), (), ()
    hedges, boosters, framing = find_all(text, draft.start, draft.end)
    return kind, tuple(hedges), tuple(boosters), tuple(framing)


def _sentence(
    text: str,
    draft: _Draft,
    index: int,
    kind: str,
    hedges: tuple[Cue, ...],
    boosters: tuple[Cue, ...],
    framing: tuple[Cue, ...],
) -> Sentence:
    block, flags = draft.block, draft.flags
    body = text[draft.start : draft.end]
    return Sentence(
        id=f"s{index + 1}",
        index=index,
        start=draft.start,
        end=draft.end,
        line=draft.line,
        text=body,
        section=draft.section,
        kind=kind,
        block=block.kind,
        markers=tuple(draft.markers),
        hedges=hedges,
        boosters=boosters,
        framing=framing,
        editor_flags=tuple(dict.fromkeys(f.name for f in flags)) if flags else (),
        reference_key=_reference_key(block, body) if block.kind == "reference" else None,
        reference=block.reference if block.kind == "reference" else None,
        row=block.row,
    )


def _core_end(text: str, start: int, end: int, markers: list[Marker], flags: list[Flag]) -> int:
    """Return where the sentence ends without the markers and flags printed after its stop."""
    if not markers and not flags:
        return end
    spans = sorted([(m.start, m.end) for m in markers] + [(f.start, f.end) for f in flags])
    while spans and spans[-1][1] == end:
        end = trim(text, start, spans.pop()[0])[1]
        while end > start and text[end - 1] in ",;":
            end -= 1
    return end


def _reference_key(block: Block, body: str) -> str | None:
    if block.key:
        return block.key
    label = _LEADING_LABEL.match(body)
    return label.group(1) if label else None
