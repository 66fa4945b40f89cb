"""Grade an article: its sources with their evidence levels, and its claims with a status.

Policy:

- A claim's level is the strongest level among the sources it cites (order of
  ``sources.model.LEVELS``, after the Oxford CEBM 2011 levels and the evidence pyramid).
- ``unsupported``: the claim carries no citation marker, or an editor's flag
  ("citation-needed") says the page itself admits it lacks one.
- ``weakly-supported``: its strongest level is expert-opinion, animal, in-vitro or unknown
  (no human study can be seen behind it, or none at all).
- ``supported``: otherwise (systematic-review to case-report, and guideline, a body's
  consensus judgement over evidence claimkb cannot see).
- Only sentences of kind "claim" are graded.
"""

from __future__ import annotations

from collections import defaultdict

from claims.model import Article, Sentence
from sources.evidence import WeightedCue, grade_source, metadata_cues, sentence_cues, strongest
from sources.linking import Link, link
from sources.model import ClaimGrade, GradedArticle, Reference, Source
from sources.references import references_of

#: Levels that leave a claim only weakly supported.
WEAK_LEVELS = frozenset({"expert-opinion", "animal", "in-vitro", "unknown"})


def grade(article: Article) -> GradedArticle:
    """Return the article with its sources graded and a grade for every claim."""
    refs = references_of(article)
    cited = _citing_cues(article)
    links = link(article, refs)
    sources = tuple(_source(lk, cited[lk.key]) for lk in links)
    levels = {s.key: s.level for s in sources}
    grades = tuple(claim_grade(s, levels) for s in article.sentences if s.kind == "claim")
    return GradedArticle(article, sources, grades, has_reference_list=_list_in_use(refs, links))


def _list_in_use(refs: tuple[Reference, ...], links: tuple[Link, ...]) -> bool:
    """Return True when the reference list can be checked against the markers.

    A list of bare numbers that no marker matches (markers keyed ``[1.4.3]`` beside a list
    numbered 1, 2, 3...) uses another numbering: calling every marker dangling and every number
    uncited would bury the real findings, so such a list counts as no list.
    """
    if any(ref.text for ref in refs):
        return True
    return any(lk.reference is not None and lk.cited_by for lk in links)


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
    level, cues, conflict = grade_source(metadata_cues(lk.reference), weighted)
    return Source(lk.key, lk.reference, level, cues, conflict, lk.cited_by)


def claim_grade(sentence: Sentence, levels: dict[str, str]) -> ClaimGrade:
    """Return a claim's strongest source level and its support status."""
    level = strongest(levels[k] for k in sentence.keys if k in levels)
    if not sentence.keys or "citation-needed" in sentence.editor_flags:
        status = "unsupported"
    elif level is None or level in WEAK_LEVELS:
        status = "weakly-supported"
    else:
        status = "supported"
    return ClaimGrade(sentence.id, level, status)
