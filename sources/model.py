"""Plain data for sources: reference entries, evidence levels, graded sources and claims."""

from __future__ import annotations

from dataclasses import dataclass

from claims.model import Article, ReferenceData

#: Evidence levels, strongest first (the notations of the SKOS scheme in ontology/claimkb.ttl).
LEVELS = (
    "systematic-review",
    "rct",
    "cohort",
    "case-control",
    "cross-sectional",
    "case-report",
    "guideline",
    "expert-opinion",
    "animal",
    "in-vitro",
    "unknown",
)

#: Claim statuses. Non-claims have none. ``cited-unknown-evidence``: cited, but what the source
#: is cannot be seen (no design named, a placeholder list); ``own-finding``: a research
#: article's own methods and results; ``covered``: uncited, in encyclopaedic text whose
#: paragraph (lead, table) cites. See sources/grading.py and sources/coverage.py.
STATUSES = (
    "supported",
    "weakly-supported",
    "cited-unknown-evidence",
    "unsupported",
    "own-finding",
    "covered",
)


#: The fewest missing keys that make a reference list look cut short: one or two keys with no
#: entry are markers to check (a typo, an entry lost), each a dangling marker.
CUT_SHORT_MISSING = 3


@dataclass(frozen=True)
class Reference:
    """One entry of an article's reference list."""

    key: str  # "12", "1.4.3", "Smith 2019"
    text: str  # the entry as printed ("" for a bare number)
    sentence_id: str | None  # the sentence of kind "reference" it came from
    line: int | None
    data: ReferenceData  # parsed or structured metadata (all empty for a bare number)


@dataclass(frozen=True)
class LevelCue:
    """Why a source got a level: a metadata word or a study-design cue in a citing sentence."""

    level: str
    text: str  # the words that matched: "Meta-Analysis", "in mice"
    basis: str  # "metadata" | "citing-sentence"
    sentence_id: str | None  # the citing sentence (None for metadata)


@dataclass(frozen=True)
class Source:
    """A distinct source key of one article, with its reference entry and graded level."""

    key: str
    reference: Reference | None  # None when no entry matches the key
    level: str  # one of LEVELS
    cues: tuple[LevelCue, ...]
    conflict: bool  # cues of different levels were found
    cited_by: tuple[str, ...]  # sentence ids, in document order

    @property
    def in_reference_list(self) -> bool:
        """Return True when a reference entry matches this key."""
        return self.reference is not None


@dataclass(frozen=True)
class ClaimGrade:
    """A claim's evidence: the strongest level among its sources and its status."""

    sentence_id: str
    level: str | None  # None for a claim with no source
    status: str  # one of STATUSES
    reason: str = ""  # why it has that status, in words for the user
    covered_by: str | None = None  # for "covered": the sentence whose citation covers it
    #: the sentence whose sources it inherits: its subject points back to them ("These
    #: studies show that" after a sentence that cites); graded by them, with no marker of its own
    inherits_from: str | None = None


@dataclass(frozen=True)
class GradedArticle:
    """An article with its sources and graded claims; what the RDF graph is built from."""

    article: Article
    sources: tuple[Source, ...]
    grades: tuple[ClaimGrade, ...]
    has_reference_list: bool  # the article has a reference list with entries
    #: entries of a placeholder reference list (bare numbers "1. 1 ... 27. 27"), not sources
    placeholder_references: int = 0

    @property
    def cited_keys(self) -> int:
        """Return how many distinct source keys the article cites."""
        return sum(1 for source in self.sources if source.cited_by)

    @property
    def missing_keys(self) -> int:
        """Return how many distinct cited keys no entry of the reference list matches."""
        return sum(1 for s in self.sources if s.cited_by and not s.in_reference_list)

    @property
    def reference_list_cut_short(self) -> bool:
        """Tell whether the reference list looks cut short or not read whole: it has entries,
        yet most keys the article cites (at least CUT_SHORT_MISSING of them) match none. Its
        missing keys are one article-level finding, not a dangling marker each."""
        missing = self.missing_keys
        return (
            self.has_reference_list
            and missing >= CUT_SHORT_MISSING
            and 2 * missing > self.cited_keys
        )
