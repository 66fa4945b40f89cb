"""The terminal report: findings grouped by severity, then a summary, coloured with rich."""

from __future__ import annotations

from collections.abc import Sequence
from io import StringIO

from kb.audit.findings import trim
from kb.report.model import Audited, article_heading, by_severity, subjects, summarize

_STYLES = {"violation": "bold red", "warning": "yellow", "info": "cyan"}
_TEXT_WIDTH = 72


def render_table(results: Sequence[Audited], *, color: bool = False) -> str:
    """Return the table report of every article, coloured with ANSI codes when ``color``."""
    from rich.console import Console

    out = StringIO()
    console = Console(
        file=out, force_terminal=color, no_color=not color, soft_wrap=True, highlight=False
    )
    for number, audited in enumerate(results):
        if number:
            console.print()
        for line in _article_lines(audited):
            console.print(line)
    return out.getvalue()


def _article_lines(audited: Audited) -> list[str]:
    from rich.markup import escape

    lines = [f"[bold]{escape(article_heading(audited.graded))}[/bold]", ""]
    groups = by_severity(audited.findings)
    rule_width = max((len(f.rule) for f in audited.findings), default=0)
    if not groups:
        lines += ["No findings.", ""]
    subject_of = subjects(audited.graded)
    for severity, findings in groups.items():
        style = _STYLES.get(severity, "bold")
        heading = escape(f"{severity.upper()} ({len(findings)})")
        lines.append(f"[{style}]{heading}[/{style}]")
        for finding in findings:
            line = "" if finding.line is None else str(finding.line)
            subject = trim(subject_of(finding), _TEXT_WIDTH)
            rule = escape(finding.rule.ljust(rule_width))
            lines.append(f"  {line:>5}  [{style}]{rule}[/{style}]  {escape(subject)}")
            lines.append(f"         [dim]{escape(finding.message)}[/dim]")
        lines.append("")
    return lines + _summary_lines(audited)


def _summary_lines(audited: Audited) -> list[str]:
    summary = summarize(audited)
    return [
        f"[bold]Summary:[/bold] {_plural(summary.claims, 'claim')}: {summary.statuses_text}; "
        f"{_plural(summary.overclaims, 'overclaim')}",
        f"[bold]Sources by level:[/bold] {summary.levels_text}",
    ]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
