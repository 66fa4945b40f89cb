"""Grade an article: its sources with their evidence levels, and its claims with a status.

Policy:

- A claim's level is the strongest level among the sources it cites (order of
  ``sources.model.LEVELS``, after the Oxford CEBM 2011 levels and the evidence pyramid).
- ``unsupported``: the claim carries no citation marker, or an editor's flag
  ("citation-needed") says the page itself admits it lacks one; unless its context covers it
  (``sources.coverage``): ``own-finding`` (a research article's own methods and results) or
  ``covered`` (encyclopaedic text citing by paragraph; ``strict_coverage`` turns it off).
- **Inherited.** An uncited claim whose subject points back to the sources of the sentence
  before it ("These studies show that", ``sources.anaphora``) is graded by those sources, as
  if it cited them, and says so: ``ClaimGrade.inherits_from`` names that sentence.
- ``cited-unknown-evidence``: it cites, but no source it cites shows a design: claimkb cannot
  see what the evidence is (an entry naming no design, a placeholder list, no entry at all).
- ``weakly-supported``: its strongest level is a known weak design: expert-opinion, animal or
  in-vitro (no human study behind it).
- ``supported``: otherwise (systematic-review to case-report, and guideline, a body's
  consensus judgement over evidence claimkb cannot see).
- Only sentences of kind "claim" are graded.
- **Placeholder reference list.** A list whose entries are all bare numbers ("1. 1 ... 27. 27")
  says nothing about any source: its entries are not sources, the article counts as having no
  reference list (no dangling markers), and ``GradedArticle.placeholder_references`` says how
  many entries it had, for one article-level warning.
"""

from __future__ import annotations

from collections import defaultdict

from claims.model import Article, Sentence
from sources.coverage import Coverage, coverage
from sources.evidence import (
    WeightedCue,
    grade_source,
    metadata_cues,
    secondary_cue,
    sentence_cues,
    strongest,
)
from sources.linking import Link, link
from sources.model import ClaimGrade, GradedArticle, Source
from sources.references import references_of

#: Known weak designs: they leave a claim only weakly supported.
WEAK_LEVELS = frozenset({"expert-opinion", "animal", "in-vitro"})


def grade(article: Article, *, strict_coverage: bool = False) -> GradedArticle:
    """Return the article with its sources graded and a grade for every claim.

    ``strict_coverage``: an uncited claim of encyclopaedic text is unsupported even when its
    paragraph's citation covers it (own findings of a research article stay own findings).
    """
    refs = references_of(article)
    placeholder = len(refs) if refs and not any(ref.text for ref in refs) else 0
    if placeholder:
        refs = ()  # bare numbers say nothing about any source: they are not sources
    cited = _citing_cues(article)
    links = link(article, refs)
    sources = tuple(_source(lk, cited[lk.key]) for lk in links)
    levels = {s.key: s.level for s in sources}
    covered = coverage(article)
    if strict_coverage:
        covered = {k: c for k, c in covered.items() if c.status != "covered"}
    grades = tuple(
        claim_grade(s, levels, covered.get(s.id)) for s in article.sentences if s.kind == "claim"
    )
    return GradedArticle(
        article,
        sources,
        grades,
        has_reference_list=bool(refs),
        placeholder_references=placeholder,
    )


def _citing_cues(article: Article) -> defaultdict[str, list[WeightedCue]]:
    """Return the study-design cues of the citing sentences, per source key."""
    cues_by_key: defaultdict[str, list[WeightedCue]] = defaultdict(list)
    for sentence in article.sentences:
        if sentence.kind != "reference":
            for key, cues in sentence_cues(sentence).items():
                cues_by_key[key].extend(cues)
    return cues_by_key


def _source(lk: Link, weighted: list[WeightedCue]) -> Source:
    """Return the graded source of one link."""
    meta, secondary = metadata_cues(lk.reference), secondary_cue(lk.reference)
    level, cues, conflict = grade_source(meta, weighted, secondary)
    return Source(lk.key, lk.reference, level, cues, conflict, lk.cited_by)


def uncited_grade(sentence_id: str) -> ClaimGrade:
    """Return the grade of a claim that cites nothing and nothing covers: unsupported."""
    return ClaimGrade(sentence_id, None, "unsupported", "it cites no source")


def claim_grade(
    sentence: Sentence, levels: dict[str, str], context: Coverage | None = None
) -> ClaimGrade:
    """Return a claim's strongest source level, its status and the reason for it.

    ``context`` is the coverage of an uncited claim (``sources.coverage``), if any.
    """
    if "citation-needed" in sentence.editor_flags:
        level = strongest(levels[k] for k in sentence.keys if k in levels)
        return ClaimGrade(sentence.id, level, "unsupported", "the page flags it [citation needed]")
    cited, inherits_from, why = sentence.keys, None, ""
    if not cited:
        if context is None:
            return uncited_grade(sentence.id)
        if context.status != "inherited":
            return ClaimGrade(sentence.id, None, context.status, context.reason, context.by)
        cited, inherits_from, why = context.keys, context.by, f"{context.reason}: "
    keys = [k for k in cited if k in levels]
    level = strongest(levels[k] for k in keys)
    named = ", ".join(cited)
    if level is None or level == "unknown":
        reason = f"{why}cites {named}, but no source it cites shows what kind of evidence it is"
        status = "cited-unknown-evidence"
        return ClaimGrade(sentence.id, level, status, reason, inherits_from=inherits_from)
    best = next(k for k in keys if levels[k] == level)
    status = "weakly-supported" if level in WEAK_LEVELS else "supported"
    reason = f"{why}its strongest source, {best}, is {level}"
    return ClaimGrade(sentence.id, level, status, reason, inherits_from=inherits_from)
