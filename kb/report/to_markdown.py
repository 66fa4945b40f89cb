"""The Markdown report: per article, a summary, the findings by severity and the sources."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from kb.report.model import Audited, article_heading, by_severity, subjects, summarize
from kb.text import one_line

_TEXT_WIDTH = 100
#: Characters Markdown reads as markup inside a table cell (the cell's own "|" included).
_MARKUP = re.compile(r"[\\|*_`\[\]]")


def markdown_pieces(results: Sequence[Audited]) -> Iterator[str]:
    """Yield the Markdown report of every article a line at a time (each but the first after
    a newline), never held whole."""
    lines = (line for audited in results for line in _article(audited))
    yield next(lines, "")
    for line in lines:
        yield "\n" + line


def _article(audited: Audited) -> Iterator[str]:
    yield f"# Audit of {_escape(article_heading(audited.graded))}"
    yield ""
    yield from _summary(audited)
    groups = by_severity(audited.findings)
    if not groups:
        yield from ("No findings.", "")
    subject_of = subjects(audited.graded)
    for severity, findings in groups.items():
        yield from (f"## {severity.capitalize()} ({len(findings)})", "")
        yield from ("| Line | Rule | Claim or source | Finding |", "|---:|---|---|---|")
        for f in findings:
            subject = one_line(subject_of(f), _TEXT_WIDTH)
            line = "" if f.line is None else str(f.line)
            yield f"| {line} | `{f.rule}` | {_escape(subject)} | {_escape(f.message)} |"
        yield ""
    yield from _sources(audited)


def _summary(audited: Audited) -> list[str]:
    summary = summarize(audited)
    return [
        f"- Findings: {summary.findings_text}",
        f"- Findings by rule: {summary.rules_text}",
        f"- Claims: {summary.claims} ({summary.statuses_text})",
        f"- Overclaims: {summary.overclaims_text}",
        f"- Wording: {_escape(summary.wording_text)}",
        f"- Sources by level: {summary.levels_text}",
        "",
    ]


def _sources(audited: Audited) -> Iterator[str]:
    sources = audited.graded.sources
    if not sources:
        return
    yield from ("## Sources", "", "| Key | Level | Cited by | Reference |", "|---|---|---|---|")
    for source in sources:
        level = source.level + (" (conflicting cues)" if source.conflict else "")
        entry = "*not in the reference list*"
        if source.reference:
            entry = _escape(one_line(source.reference.text, _TEXT_WIDTH))
        cited = ", ".join(source.cited_by) or "none"
        yield f"| {_escape(source.key)} | {level} | {cited} | {entry} |"
    yield ""


def _escape(text: str) -> str:
    """Return text shown literally inside a Markdown table cell: no markup, links or HTML."""
    return _MARKUP.sub(r"\\\g<0>", text).replace("<", "&lt;").replace("\n", " ")
