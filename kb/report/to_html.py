"""The audited article as a self-contained HTML page: claims highlighted by support.

Every claim is a focusable span whose class and visible badge say its status (supported,
weakly supported, unsupported, overclaim), so colour is never the only cue. Hovering or focusing
a claim shows its sources, evidence level, cues and findings; a side panel lists the findings
and links to them. All article text goes through ``html.escape``.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from importlib import resources
from typing import TYPE_CHECKING

from kb.export.palette import STATUS_COLOURS
from kb.template import fill

if TYPE_CHECKING:
    from claims.model import Sentence
    from kb.audit.article import AuditResult
    from kb.audit.findings import Finding
    from sources.model import ClaimGrade, Source

#: Badge and human name of each highlight, in legend order.
HIGHLIGHTS = {
    "supported": ("✓", "supported"),
    "weakly-supported": ("≈", "weakly supported"),
    "cited-unknown-evidence": ("?", "cited, evidence unknown"),
    "unsupported": ("✗", "unsupported"),
    "own-finding": ("◆", "own finding"),
    "covered": ("¶", "covered by its paragraph's citation"),
    "overclaim": ("‼", "overclaim"),
}
TEMPLATE = "audit.html"


def audit_page(results: Sequence[AuditResult], *, title: str = "claimkb audit") -> str:
    """Return one HTML page showing every audited article with its claims highlighted."""
    template = resources.files("kb.report").joinpath("static", TEMPLATE).read_text("utf-8")
    articles = "\n".join(_article_section(n, r) for n, r in enumerate(results))
    findings = "\n".join(_findings_list(n, r) for n, r in enumerate(results))
    return fill(
        template,
        {
            "TITLE": html.escape(title),
            "COLOURS": _colour_rules(),
            "LEGEND": _legend(),
            "ARTICLES": articles,
            "FINDINGS": findings,
        },
    )


def _legend() -> str:
    return "".join(
        f'<li><span class="claim {status}"><span class="badge" aria-hidden="true">{badge}</span>'
        f"{name}</span></li>"
        for status, (badge, name) in HIGHLIGHTS.items()
    )


def highlight_of(status: str, findings: Sequence[Finding]) -> str:
    """Return how a claim is highlighted: its status, or ``overclaim`` when a finding says so."""
    return "overclaim" if any(f.rule == "overclaim" for f in findings) else status


def _article_section(number: int, result: AuditResult) -> str:
    article = result.graded.article
    status = {g.sentence_id: g for g in result.graded.grades}
    by_sentence: dict[str, list[Finding]] = {}
    for finding in result.findings:
        if finding.sentence_id:
            by_sentence.setdefault(finding.sentence_id, []).append(finding)
    # Each source's row once: a source cited by every claim has cues from all of them.
    sources = {s.key: _source_row(s) for s in result.graded.sources}
    parts, cursor = [], 0
    for sentence in article.sentences:
        parts.append(html.escape(article.text[cursor : sentence.start]))
        grade = status.get(sentence.id)
        found = by_sentence.get(sentence.id, [])
        if grade is None:
            parts.append(_plain(number, sentence))
        else:
            parts.append(_claim(number, sentence, grade, found, sources))
        cursor = sentence.end
    parts.append(html.escape(article.text[cursor:]))
    heading = html.escape(article.title or article.source)
    return (
        f'<section class="article" id="a{number}" aria-labelledby="a{number}-title">'
        f'<h2 id="a{number}-title">{heading}</h2>'
        f'<p class="source">{html.escape(article.source)}</p>'
        f'<div class="text">{"".join(parts)}</div></section>'
    )


def _plain(number: int, sentence: Sentence) -> str:
    text = html.escape(sentence.text)
    if sentence.kind == "heading" or sentence.block in {"heading", "title"}:
        return f'<strong class="heading">{text}</strong>'
    return f'<span class="{sentence.kind}" id="a{number}-{sentence.id}">{text}</span>'


def _claim(
    number: int,
    sentence: Sentence,
    grade: ClaimGrade,
    findings: Sequence[Finding],
    sources: dict[str, str],
) -> str:
    shown = highlight_of(grade.status, findings)
    level = grade.level
    reason = f" · {html.escape(grade.reason)}" if grade.reason else ""
    badge, name = HIGHLIGHTS[shown]
    anchor = f"a{number}-{sentence.id}"
    return (
        f'<span class="claim {shown}" id="{anchor}" tabindex="0" data-status="{shown}" '
        f'aria-describedby="{anchor}-tip">'
        f'<span class="badge" aria-hidden="true">{badge}</span>{html.escape(sentence.text)}'
        f'<span class="tip" role="tooltip" id="{anchor}-tip">'
        f"<b>{name}</b> · line {sentence.line} · evidence: {html.escape(level or 'none')}{reason}"
        f"{_tip_sources(sentence, sources)}{_tip_cues(sentence)}{_tip_findings(findings)}"
        "</span></span>"
    )


def _tip_sources(sentence: Sentence, sources: dict[str, str]) -> str:
    rows = [sources[key] for key in sentence.keys if key in sources]
    return "".join(rows) or '<span class="row">no source cited</span>'


def _source_row(source: Source) -> str:
    """Return a source's row in the tooltip of the claims that cite it."""
    title = source.reference.data.title if source.reference else None
    cues = ", ".join(sorted({c.text for c in source.cues}))
    return (
        f'<span class="row">[{html.escape(source.key)}] {html.escape(source.level)}'
        + (f" · {html.escape(title)}" if title else "")
        + (f" · cues: {html.escape(cues)}" if cues else "")
        + ("" if source.in_reference_list else " · not in the reference list")
        + "</span>"
    )


def _tip_cues(sentence: Sentence) -> str:
    words = [("hedge", c) for c in sentence.hedges] + [("booster", c) for c in sentence.boosters]
    words += [
        (c.kind, c) for c in sentence.framing if c.kind in ("weasel", "peacock", "approximator")
    ]
    if not words:
        return ""
    listed = ", ".join(
        f"{kind} “{html.escape(c.text)}”" + (" (negated)" if c.negated else "") for kind, c in words
    )
    return f'<span class="row">{listed}</span>'


def _tip_findings(findings: Sequence[Finding]) -> str:
    return "".join(
        f'<span class="row finding {f.severity}">{html.escape(f.severity)}: '
        f"{html.escape(f.rule)}: {html.escape(f.message)}</span>"
        for f in findings
    )


def _findings_list(number: int, result: AuditResult) -> str:
    article = result.graded.article
    items = []
    for finding in result.findings:
        target = f"#a{number}-{finding.sentence_id}" if finding.sentence_id else f"#a{number}"
        where = f"line {finding.line}" if finding.line else "article"
        items.append(
            f'<li class="finding {finding.severity}"><a href="{target}">'
            f"<b>{html.escape(finding.severity)}</b> {html.escape(finding.rule)} ({where})</a>"
            f"<br>{html.escape(finding.message)}</li>"
        )
    body = "".join(items) or "<li>No findings.</li>"
    name = html.escape(article.title or article.source)
    return f"<h3>{name}</h3><p>{len(result.findings)} findings</p><ol>{body}</ol>"


def _colour_rules() -> str:
    """Return CSS giving each highlight the palette the network pictures use."""
    return "".join(
        f".claim.{status} {{ background: {c}40; border-bottom: 3px solid {c}; }}"
        for status, c in STATUS_COLOURS.items()
    )
