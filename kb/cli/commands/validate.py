"""The ``validate`` command: article graphs against the structure shapes (kb.validate)."""

from __future__ import annotations

import sys

import click

from kb.cli.group import exit_code
from kb.cli.messages import print_warnings, rdflib_log_to_errors
from kb.cli.options import input_format_option, max_size_option, stdin_once
from kb.terminal import echo


@click.command(
    name="validate", short_help="Check article graphs against claimkb's structure shapes."
)
@click.argument("inputs", nargs=-1, required=True, metavar="FILE.ttl|ARTICLE...")
@input_format_option
@max_size_option
def validate_command(inputs: tuple[str, ...], input_format: str | None, max_size: int) -> None:
    """Check article graphs against claimkb's structure shapes (shapes/structure.ttl).

    Each input is an RDF file (.ttl, .nt, .rdf; .trig, .nq and .jsonld dumps graph by graph)
    or an article, whose graph is built as `claimkb audit` builds it. Prints one line per
    problem: focus node, path, message and rule. Exits with 0 when every graph conforms, 1 when
    one does not, 2 on bad input. Give - to read standard input: RDF (Turtle, TriG, N-Quads,
    JSON-LD) or an article.

    \b
    Examples:
      claimkb validate examples/green-tea-memory.txt
      claimkb audit --format ttl article.md > article.ttl && claimkb validate article.ttl
      claimkb dump --kb ./kb | claimkb validate -
    """
    from kb.validate.inputs import graphs_to_validate
    from kb.validate.structure import format_result, validate_structure

    rdflib_log_to_errors()
    failed = False
    stdin_once(inputs)
    for source in inputs:
        for label, graph in graphs_to_validate(source, input_format, print_warnings, max_size):
            outcome = validate_structure(graph)
            failed = failed or not outcome.conforms
            exit_code(1 if failed else 0)
            for result in outcome.results:
                echo(f"{label}: {format_result(result)}")
            count = len(outcome.results)
            summary = f"{count} problem{'s' * (count != 1)}" if count else "conforms"
            echo(f"{label}: {summary}")
    sys.exit(1 if failed else 0)
