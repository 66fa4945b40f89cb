"""What every audit report shows, whatever its format: the :class:`Audited` protocol, the
summary counts, findings by severity, subjects and headings, and ``--fail-on``.

The renderers (``to_table``, ``to_json``, ``to_markdown``, ``to_html``) read only the graded
article and the findings, so a knowledge-base audit can hand in results that have no rdflib
graph; :mod:`kb.report.render` picks the renderer for a format.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from kb.audit.findings import Finding, severity_rank
from sources.model import LEVELS, STATUSES

if TYPE_CHECKING:
    from sources.model import GradedArticle

#: How reports name each claim status.
STATUS_NAMES = {
    "supported": "supported",
    "weakly-supported": "weakly supported",
    "cited-unknown-evidence": "cited (evidence unknown)",
    "unsupported": "unsupported",
    "own-finding": "own findings",
    "covered": "covered by a paragraph's citation",
}
#: How many weasel words and peacock terms a summary line names.
_WORDING_SHOWN = 5
#: What ``--fail-on`` accepts, from strictest to none.
FAIL_ON = ("info", "warning", "violation", "never")


class Audited(Protocol):
    """What the table, JSON and Markdown reports read from one audited article."""

    @property
    def graded(self) -> GradedArticle: ...

    @property
    def findings(self) -> tuple[Finding, ...]: ...

    @property
    def reviewed(self) -> tuple[Finding, ...]: ...


@dataclass(frozen=True)
class Summary:
    """Counts for the end of a report."""

    claims: int
    supported: int
    weakly_supported: int
    unsupported: int
    overclaims: int  # claims with an overclaim finding, a --baseline's included
    sources_by_level: dict[str, int]  # in LEVELS order, levels with no source left out
    by_status: dict[str, int] = field(default_factory=dict)  # every status, in STATUSES order
    findings: int = 0  # the findings reported: a --baseline's are left out
    reviewed: int = 0  # the findings a --baseline holds, not reported
    findings_by_severity: dict[str, int] = field(default_factory=dict)  # most severe first
    findings_by_rule: dict[str, int] = field(default_factory=dict)  # most frequent first
    #: claims with an overclaim finding that is not in the --baseline (all of them without one)
    overclaims_new: int = 0
    reviewed_by_rule: dict[str, int] = field(default_factory=dict)  # a --baseline's, by rule
    #: claims holding a weasel word (vague attribution) or a peacock term (unsupported praise),
    #: not negated nor reported, and those cues by how many claims hold them, most first
    weasel_claims: int = 0
    peacock_claims: int = 0
    weasel_words: dict[str, int] = field(default_factory=dict)
    peacock_terms: dict[str, int] = field(default_factory=dict)

    @property
    def findings_text(self) -> str:
        """Return the findings reported as one line: "3 findings (1 violation, 2 warnings)",
        saying when a baseline's findings are left out of the count."""
        counts = ", ".join(
            f"{n} info" if severity == "info" else plural(n, severity)
            for severity, n in self.findings_by_severity.items()
        )
        text = plural(self.findings, "finding") + (f" ({counts})" if counts else "")
        if self.reviewed:
            text += f" not in the baseline; {self.reviewed} in it not shown"
        return text

    @property
    def overclaims_text(self) -> str:
        """Return the overclaims as one line: "4 overclaims", and with a baseline "4 overclaims
        (1 with a finding not in the baseline)", so neither count passes for the other."""
        text = plural(self.overclaims, "overclaim")
        if self.reviewed and self.overclaims:
            text += f" ({self.overclaims_new} with a finding not in the baseline)"
        return text

    @property
    def rules_text(self) -> str:
        """Return the findings by rule as one line: "overclaim 2, unsupported-claim 1 (+3 in
        the baseline)" (or "none")."""
        rules = list(self.findings_by_rule) + [
            rule for rule in self.reviewed_by_rule if rule not in self.findings_by_rule
        ]
        parts = []
        for rule in rules:
            part = f"{rule} {self.findings_by_rule.get(rule, 0)}"
            if self.reviewed_by_rule.get(rule):
                part += f" (+{self.reviewed_by_rule[rule]} in the baseline)"
            parts.append(part)
        return ", ".join(parts) or "none"

    @property
    def statuses_text(self) -> str:
        """Return the claims by status as one line; the three first statuses are always named."""
        always = {"supported", "weakly-supported", "unsupported"}
        return ", ".join(
            f"{n} {STATUS_NAMES[status]}"
            for status, n in self.by_status.items()
            if n or status in always
        )

    @property
    def wording_text(self) -> str:
        """Return the claims' weasel words and peacock terms as one line: "2 claims with weasel
        words (some experts, studies show); 1 with peacock terms (world famous)"."""

        def named(cues: dict[str, int]) -> str:
            shown = list(cues)[:_WORDING_SHOWN]
            more = ", ..." if len(cues) > len(shown) else ""
            return f" ({', '.join(shown)}{more})" if shown else ""

        return (
            f"{plural(self.weasel_claims, 'claim')} with weasel words{named(self.weasel_words)}; "
            f"{self.peacock_claims} with peacock terms{named(self.peacock_terms)}"
        )

    @property
    def levels_text(self) -> str:
        """Return the sources by level as one line: "rct 2, animal 1" (or "none")."""
        return ", ".join(f"{level} {n}" for level, n in self.sources_by_level.items()) or "none"


def summarize(audited: Audited) -> Summary:
    """Return the claim, status, overclaim and source-level counts of one audited article.

    Claims and sources are counted whatever a --baseline holds; findings are those reported,
    with the baseline's counted apart (``reviewed``, ``reviewed_by_rule``); overclaims are
    counted both ways (``overclaims``, ``overclaims_new``).
    """
    statuses = Counter(grade.status for grade in audited.graded.grades)
    severities = Counter(f.severity for f in audited.findings)
    rules = Counter(f.rule for f in audited.findings)
    levels = Counter(source.level for source in audited.graded.sources)
    wording = _wording(audited.graded)
    new = {f.sentence_id for f in audited.findings if f.rule == "overclaim"}
    reviewed = {f.sentence_id for f in audited.reviewed if f.rule == "overclaim"}
    return Summary(
        claims=len(audited.graded.grades),
        supported=statuses["supported"],
        weakly_supported=statuses["weakly-supported"],
        unsupported=statuses["unsupported"],
        overclaims=len(new | reviewed),
        overclaims_new=len(new),
        reviewed_by_rule=_by_count(Counter(f.rule for f in audited.reviewed)),
        sources_by_level={level: levels[level] for level in LEVELS if levels[level]},
        by_status={status: statuses[status] for status in STATUSES},
        findings=len(audited.findings),
        reviewed=len(audited.reviewed),
        findings_by_severity={
            s: severities[s] for s in sorted(severities, key=severity_rank) if severities[s]
        },
        findings_by_rule=_by_count(rules),
        weasel_claims=wording["weasel"][0],
        peacock_claims=wording["peacock"][0],
        weasel_words=_by_count(wording["weasel"][1]),
        peacock_terms=_by_count(wording["peacock"][1]),
    )


def _wording(graded: GradedArticle) -> dict[str, tuple[int, Counter[str]]]:
    """Return, for weasel and peacock, how many claims hold one such cue the claim asserts (not
    negated, not reported) and how many claims hold each cue."""
    claims = {grade.sentence_id for grade in graded.grades}
    found: dict[str, tuple[int, Counter[str]]] = {}
    for kind in ("weasel", "peacock"):
        per_claim = [
            {c.cue for c in s.framing if c.kind == kind and c.asserted}
            for s in graded.article.sentences
            if s.id in claims
        ]
        found[kind] = (
            sum(1 for cues in per_claim if cues),
            Counter(c for cues in per_claim for c in cues),
        )
    return found


def _by_count(counts: Counter[str]) -> dict[str, int]:
    """Return the counts most frequent first, ties by name."""
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def plural(count: int, word: str) -> str:
    """Return "1 claim", "2 claims"."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def fails(results: Sequence[Audited], fail_on: str) -> bool:
    """Return True when a finding is at least as severe as ``fail_on`` (never: always False)."""
    if fail_on == "never":
        return False
    threshold = severity_rank(fail_on)
    return any(severity_rank(f.severity) <= threshold for r in results for f in r.findings)


def sentence_texts(graded: GradedArticle) -> dict[str, str]:
    """Return each sentence's text by id."""
    return {sentence.id: sentence.text for sentence in graded.article.sentences}


def subjects(graded: GradedArticle) -> Callable[[Finding], str]:
    """Return the function giving what a finding of ``graded`` is about, as one line: the
    claim's text, else the source entry. Its lookups are built once, not per finding.

    A report asks for every finding's subject: rebuilding the lookups for each was quadratic.
    """
    texts = sentence_texts(graded)
    entries: dict[str, str] = {}
    for source in graded.sources:
        entries.setdefault(source.key, source.reference.text if source.reference else "")

    def subject(finding: Finding) -> str:
        if finding.sentence_id is not None:
            return texts.get(finding.sentence_id, finding.sentence_id)
        if finding.source_key is not None:
            return f"[{finding.source_key}] {entries.get(finding.source_key, '')}".rstrip()
        return ""

    return subject


def article_heading(graded: GradedArticle) -> str:
    """Return "path: title" (or the path alone) for a report's section heading."""
    article = graded.article
    return f"{article.source}: {article.title}" if article.title else article.source


def by_severity(findings: Sequence[Finding]) -> dict[str, list[Finding]]:
    """Return the findings grouped by severity, most severe first, keeping their order."""
    groups: dict[str, list[Finding]] = {}
    for finding in sorted(findings, key=lambda f: severity_rank(f.severity)):
        groups.setdefault(finding.severity, []).append(finding)
    return groups
