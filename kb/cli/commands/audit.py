"""The ``audit`` command: findings of the audit rules on article files or on the knowledge base."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kb.cli.group import exit_code
from kb.cli.messages import print_warnings, rdflib_log_to_errors
from kb.cli.options import (
    coloured,
    format_option,
    input_format_option,
    kb_location,
    max_size_option,
    note,
    open_kb,
    quiet_option,
    remote_timeout_option,
    stdin_once,
)
from kb.report.model import FAIL_ON
from kb.report.render import FORMATS as AUDIT_FORMATS
from kb.report.render import WITHOUT_GRAPHS

if TYPE_CHECKING:
    from kb.audit.knowledge_base import KbAudited
    from kb.report.model import Audited
    from kb.report.to_shacl import ShaclReports


@click.command(short_help="Check articles (or the knowledge base) against the audit rules.")
@click.argument("articles", nargs=-1, required=False, metavar="[ARTICLE...]")
@format_option(
    AUDIT_FORMATS,
    default="table",
    help="table and md for people (table is coloured on a terminal), html for a page showing "
    "each article with its claims highlighted by support, json for programs, jsonl for one "
    "finding per line, annotations for W3C Web Annotations of the claims (JSON-LD, an "
    "AnnotationCollection, for annotation tools), ttl/jsonld for the articles' RDF graphs, "
    "shacl for the SHACL validation report.",
)
@click.option(
    "--shapes",
    "shapes",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FILE",
    help="A Turtle file of your own SHACL rules, checked along with the built-in ones "
    "(repeatable).",
)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default="violation",
    show_default=True,
    help="Exit with 1 when a finding is at least this severe.",
)
@click.option(
    "--strict-coverage",
    is_flag=True,
    help="Ask every sentence of encyclopaedic text for its own citation: uncited sentences a "
    "paragraph's citation covers become unsupported claims (with --kb too).",
)
@input_format_option
@click.option(
    "--kb",
    is_flag=False,
    flag_value="",
    default=None,
    metavar="[PATH|URL]",
    help="Audit the knowledge base instead of files (alone: $CLAIMKB_KB or the default), by "
    "SPARQL over the store; formats table, json, jsonl, md, html.",
)
@click.option(
    "--article",
    "kb_articles",
    multiple=True,
    metavar="IRI|PATH",
    help="Audit only this article of the knowledge base (repeatable; implies --kb).",
)
@click.option(
    "--select",
    multiple=True,
    metavar="RULE,...",
    help="Report only these rules (comma-separated, repeatable; a prefix selects every rule "
    "it starts; ALL: every rule).",
)
@click.option(
    "--ignore",
    multiple=True,
    metavar="RULE,...",
    help="Do not report these rules (comma-separated, repeatable; prefixes allowed).",
)
@click.option(
    "--baseline",
    metavar="FILE",
    help="Report only findings that are not in FILE, an earlier --format json report (or "
    "--write-baseline file): what is new since it.",
)
@click.option(
    "--write-baseline",
    metavar="FILE",
    help="Record the findings in FILE (a JSON report) for a later --baseline, print how many, "
    "and exit with 0.",
)
@max_size_option
@remote_timeout_option
@quiet_option
def audit(
    articles: tuple[str, ...],
    fmt: str,
    shapes: tuple[Path, ...],
    fail_on: str,
    strict_coverage: bool,
    input_format: str | None,
    kb: str | None,
    kb_articles: tuple[str, ...],
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    baseline: str | None,
    write_baseline: str | None,
    max_size: int,
) -> None:
    """Audit articles: find their claims, grade their sources, check them with SHACL.

    ARTICLE is a path (.txt, .md, .html, JATS .xml) or - for standard input. The report lists
    the findings (unsupported claims, overclaims, dangling markers, uncited references...) by
    severity, then counts claims by status and sources by evidence level. Exits with 0 when no
    finding reaches --fail-on, 1 when one does, 2 on bad input or usage.

    \b
    Examples:
      claimkb audit examples/green-tea-memory.txt
      claimkb audit --format html article.md > audit.html
      claimkb audit --format json --fail-on warning *.md > audit.json
      claimkb audit --shapes examples/my-rules.ttl examples/green-tea-memory.txt
      claimkb audit --kb ./kb --format md > kb-audit.md
      claimkb audit --select unsupported,overclaim --ignore unsupported-claim article.md
      claimkb audit --write-baseline reviewed.json article.md
      claimkb audit --baseline reviewed.json article.md
    """
    from kb.audit.article import audit_path
    from kb.report.model import fails
    from kb.report.render import render_chunks

    rdflib_log_to_errors()
    if baseline and write_baseline:
        raise click.UsageError("give --baseline or --write-baseline, not both")
    from kb.audit.article import known_rules, load_audit_shapes
    from kb.audit.triage import UnknownRule, triage

    try:
        chosen = triage(known_rules(load_audit_shapes(shapes)), select, ignore, baseline)
    except UnknownRule as error:
        raise click.UsageError(str(error)) from None

    with ExitStack() as stack:
        checked: ShaclReports | None = None
        results: Sequence[Audited]
        if kb is not None or kb_articles:
            results = _audit_kb(kb, kb_articles, articles, shapes, fmt, strict_coverage)
        elif not articles:
            raise click.UsageError(
                "give ARTICLE files to audit, or --kb to audit the knowledge base"
            )
        else:
            stdin_once(articles)
            if fmt == "shacl" and not write_baseline:  # each part's report written as checked
                from kb.report.to_shacl import ShaclReports

                checked = stack.enter_context(ShaclReports())
            results = [
                audit_path(
                    article,
                    input_format,
                    shapes,
                    strict_coverage=strict_coverage,
                    max_size=max_size,
                    on_report=None if checked is None else checked.reader(),
                )
                for article in articles
            ]
        for result in results:
            print_warnings(result.graded.article)
        results = chosen.apply(results)
        if write_baseline:
            from kb.report.to_json import write_baseline as write

            count = write(results, write_baseline)
            note(
                f"claimkb: recorded {count} finding{'' if count == 1 else 's'} in "
                f"{write_baseline}; `claimkb audit --baseline {write_baseline} ...` reports only "
                "findings not in it"
            )
            return
        color = fmt == "table" and coloured(sys.stdout)
        code = exit_code(1 if fails(results, fail_on) else 0)
        if fmt == "json":  # written as it is made: a 19 MB page's report is some 600 MB
            from kb.report.to_json import write_report_json

            sys.stdout.flush()
            write_report_json(results, sys.stdout.buffer)
        else:
            for chunk in render_chunks(results, fmt, color=color, checked=checked):  # escaped
                click.echo(chunk, nl=False)
    sys.exit(code)


def _audit_kb(
    kb: str | None,
    kb_articles: tuple[str, ...],
    articles: tuple[str, ...],
    shapes: tuple[Path, ...],
    fmt: str,
    strict_coverage: bool = False,
) -> list[KbAudited]:
    """Return the knowledge-base audit of ``--kb`` (every article, or the --article ones)."""
    from kb.audit.knowledge_base import audit_articles

    if articles:
        raise click.UsageError("give ARTICLE files, or --kb/--article, not both")
    if fmt not in WITHOUT_GRAPHS:
        raise click.UsageError(
            f"--format {fmt} needs the articles' files: a knowledge-base audit prints "
            f"{', '.join(WITHOUT_GRAPHS)} (`claimkb dump` gives the stored graphs)"
        )
    with open_kb(kb_location(kb), read_only=True) as store:
        return audit_articles(store, kb_articles, shapes, strict_coverage=strict_coverage)
