"""Plain data that extraction produces: documents, blocks, sentences, markers and cues.

Every offset is a character offset into ``Document.text`` / ``Article.text`` (the decoded
text for txt/md, the extracted text for HTML and JATS), so ``text[start:end]`` gives the
span back exactly. Lines are 1-based lines of the file read: for txt and md the text's own
lines, for HTML and JATS the line of the markup the text came from (``Document.lines``).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

#: Sentence kinds, in the order reports list them.
KINDS = (
    "claim",
    "heading",
    "question",
    "boilerplate",
    "disclaimer",
    "reference",
    "caption",
    "byline",
    "other",
)

#: Block kinds produced by reading.
BLOCK_KINDS = (
    "title",  # the document's title line
    "heading",  # a section heading (level 1-6), including FAQ questions used as headings
    "paragraph",
    "item",  # a list item / bullet; ``label_end`` marks a "Label:" prefix
    "fact",  # an item of a box of key facts ("Incubation: 12 to 48 hours"): a claim, verb or not
    "cell",  # one table cell (a flattened row gives one block per cell)
    "reference",  # one entry of the reference list
    "caption",  # figure or table caption
    "furniture",  # page furniture: skip links, share buttons, reading time, dates...
    "byline",
    "disclaimer",
    "code",  # preformatted text; never yields markers or claims
)


@dataclass(frozen=True, slots=True)
class Marker:
    """One citation marker as printed (``[4-6]``, ``<sup>7</sup>``, ``(Smith et al., 2019)``)."""

    text: str
    start: int
    end: int
    keys: tuple[str, ...]  # normalised source keys, ranges expanded: ("4", "5", "6")
    style: str  # "bracket" | "superscript" | "caret" | "author-year" | "footnote" | "xref"


@dataclass(frozen=True, slots=True)
class Cue:
    """A lexicon cue found in a sentence: a hedge, a booster, or a framing cue."""

    cue: str  # the lexicon entry, e.g. "may", "research confirms"
    kind: str  # "hedge" | "booster" | "causal" | "advice" | "population"
    text: str  # the text as found
    start: int
    end: int
    negated: bool = False  # "not proven", "no evidence that": the cue is reversed
    #: why the sentence does not assert the cue although the word is used in its sense:
    #: "hedged", "purpose", "question", "reported" (lexicons/senses.tsv); None when asserted
    scope: str | None = None
    #: the lexicon's category: for causal cues direct-causal, conditional-causal, correlational
    #: or no-relationship; for advice directive or imperative; for population human or model
    category: str | None = None
    #: the lexicon row when it is a template ("{vague} {authority-plural}"); ``cue`` is then the
    #: words it matched ("several critics")
    template: str | None = None

    @property
    def asserted(self) -> bool:
        """True when the sentence asserts the cue: not negated and in no scope (the rule the
        audit reads in the graph: no ``ckb:negated true``, no ``ckb:cueScope``)."""
        return not self.negated and not self.scope


@dataclass(frozen=True)
class ReferenceData:
    """Structured metadata of a reference entry, when the format provides it (JATS)."""

    authors: tuple[str, ...] = ()
    title: str | None = None
    container: str | None = None
    year: str | None = None
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    url: str | None = None
    publication_types: tuple[str, ...] = ()


@dataclass(frozen=True)
class Block:
    """A structural unit of a document: a heading, a paragraph, a list item, a table cell..."""

    kind: str  # one of BLOCK_KINDS
    start: int
    end: int
    level: int = 0  # heading level (1 = top); 0 for non-headings
    label_end: int | None = None  # end offset of a "Label:" prefix of a bullet item
    key: str | None = None  # a reference entry's key ("12", "1.4.3", "Smith 2019") when known
    reference: ReferenceData | None = None  # structured reference metadata (JATS)
    header: bool = False  # a table's header cell (a column title, not a statement)
    #: a table cell's row: the cells of one row share it, no other cell has it (None: unknown)
    row: int | None = None


@dataclass(frozen=True)
class Document:
    """What reading gives: the decoded or extracted text and its blocks, in order."""

    source: str  # path, URL or "-"
    format: str  # "txt" | "md" | "html" | "jats"
    text: str
    blocks: tuple[Block, ...]
    title: str | None = None
    url: str | None = None
    #: markers known from the markup itself (HTML <sup>, JATS <xref>), offsets into ``text``
    explicit_markers: tuple[Marker, ...] = ()
    warnings: tuple[str, ...] = ()
    #: where ``text`` came from in the file, for HTML and JATS: ``(offset, line)`` pairs in
    #: ascending order, each saying that the text from ``offset`` on starts on that 1-based
    #: line of the file. Empty: the text's own lines are the file's (txt, md).
    lines: tuple[tuple[int, int], ...] = ()

    def line_at(self, offset: int) -> int | None:
        """Return the file's line of the text at ``offset`` (None when ``lines`` is empty)."""
        if not self.lines:
            return None
        at = bisect_right(self.lines, (offset, 1 << 62)) - 1
        return self.lines[max(at, 0)][1]

    #: whether the markup links its citations to their entries (links to entries, xrefs); when
    #: it links none, its raised numbers are candidates judged like those of plain text
    links_citations: bool = True
    #: offsets into ``text`` where every open section ends, though no heading follows: a JATS
    #: body after its abstract (text before the body's first section is under no heading)
    section_breaks: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence (or one sentence-like unit: a heading, a cell, a reference entry)."""

    id: str  # stable within the article: "s1", "s2", ... in document order
    index: int  # 0-based position in the article
    start: int
    end: int
    line: int
    text: str
    section: tuple[str, ...]  # the headings above it, outermost first
    kind: str  # one of KINDS
    block: str  # the kind of block it came from
    markers: tuple[Marker, ...] = ()
    hedges: tuple[Cue, ...] = ()
    boosters: tuple[Cue, ...] = ()
    #: how the sentence frames a finding: causal, advice and population cues, in order
    framing: tuple[Cue, ...] = ()
    editor_flags: tuple[str, ...] = ()  # e.g. "citation-needed"
    reference_key: str | None = None  # for kind == "reference": the entry's key
    reference: ReferenceData | None = None  # for kind == "reference": structured metadata
    row: int | None = None  # for a table cell: its row (see Block.row)

    @property
    def keys(self) -> tuple[str, ...]:
        """Return the normalised keys of all markers, in order, without duplicates."""
        return tuple(dict.fromkeys(k for m in self.markers for k in m.keys))


@dataclass(frozen=True)
class Article:
    """An extracted article: its text and every sentence found in it."""

    source: str
    format: str
    text: str
    sentences: tuple[Sentence, ...]
    title: str | None = None
    url: str | None = None
    warnings: tuple[str, ...] = field(default=())
