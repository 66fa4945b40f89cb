"""The terminal report: per article, a table of findings for each severity, then a summary.

The tables have column headers and take the terminal's width: a claim's text and the message
wrap, the line and the rule id never do. Every piece of article text is escaped
(:func:`kb.terminal.visible`) before rich styles it, so colour codes are the only escapes.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import StringIO
from typing import TYPE_CHECKING

from kb.report.model import Audited, article_heading, by_severity, plural, subjects, summarize
from kb.terminal import output_width, visible
from kb.text import one_line

if TYPE_CHECKING:
    from rich.console import Console

    from kb.audit.findings import Finding

_STYLES = {"violation": "bold red", "warning": "yellow", "info": "cyan"}
_SUBJECT_WIDTH = 160  # a long claim is cut here (with an ellipsis), then wrapped
_DEFAULT_WIDTH = 100  # when the output is no terminal and $COLUMNS is unset


def render_table(
    results: Sequence[Audited], *, color: bool = False, width: int | None = None
) -> str:
    """Return the table report of every article, coloured with ANSI codes when ``color``.

    ``width``: the output's width in columns (default: the terminal's, else $COLUMNS, else 100).
    """
    from rich.console import Console

    out = StringIO()
    width = width or output_width(_DEFAULT_WIDTH)
    console = Console(
        file=out, force_terminal=color, no_color=not color, width=width, highlight=False
    )
    for number, audited in enumerate(results):
        if number:
            console.print()
        _print_article(console, audited)
    return "".join(line.rstrip() + "\n" for line in out.getvalue().splitlines())


def _print_article(console: Console, audited: Audited) -> None:
    from rich.text import Text

    console.print(Text(visible(article_heading(audited.graded)), style="bold"))
    console.print()
    groups = by_severity(audited.findings)
    if not groups:
        console.print("No findings.")
        console.print()
    for severity, findings in groups.items():
        style = _STYLES.get(severity, "bold")
        console.print(Text(f"{severity.upper()} ({len(findings)})", style=style))
        console.print(_findings_table(audited, findings, style))
        console.print()
    _print_summary(console, audited)


def _findings_table(audited: Audited, findings: Sequence[Finding], style: str) -> object:
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, pad_edge=False, show_edge=False, expand=True, header_style="bold")
    table.add_column("Line", justify="right", no_wrap=True)
    rule_width = max(len(f.rule) for f in findings)
    table.add_column("Rule", no_wrap=True, min_width=rule_width, overflow="fold")
    table.add_column("Claim or source", ratio=3, overflow="fold")
    table.add_column("Finding", ratio=2, overflow="fold", style="dim")
    subject_of = subjects(audited.graded)
    for finding in findings:
        table.add_row(
            "" if finding.line is None else str(finding.line),
            Text(visible(finding.rule), style=style),
            Text(visible(one_line(subject_of(finding), _SUBJECT_WIDTH))),
            Text(visible(finding.message)),
        )
    return table


def _print_summary(console: Console, audited: Audited) -> None:
    from rich.text import Text

    summary = summarize(audited)
    lines = [
        ("Summary: ", summary.findings_text),
        ("By rule: ", summary.rules_text),
        (
            "Claims: ",
            f"{plural(summary.claims, 'claim')}: {summary.statuses_text}; "
            f"{summary.overclaims_text}",
        ),
        ("Wording: ", summary.wording_text),
        ("Sources by level: ", summary.levels_text),
    ]
    for label, value in lines:
        console.print(Text.assemble((label, "bold"), value))
