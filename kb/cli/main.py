"""The ``claimkb`` command line: parses options, calls one library function, prints.

Heavy libraries (pyshacl, networkx, lxml) are imported inside the commands that need them so
that ``claimkb --help`` starts fast.
"""

from __future__ import annotations

import errno
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from claims.errors import ClaimkbError
from kb.cli.options import (
    coloured,
    input_format_option,
    kb_location,
    kb_option,
    kb_options,
    max_size_option,
    note,
    open_kb,
    output_option,
    quiet,
    quiet_option,
)
from kb.export.network import PROJECTIONS
from kb.export.output import output_file
from kb.export.writers import FORMATS as EXPORT_FORMATS
from kb.query.run import GRAPH_FORMATS, RESULT_FORMATS
from kb.query.stats import FORMATS as STATS_FORMATS
from kb.report.extract import FORMATS as EXTRACT_FORMATS
from kb.report.model import FAIL_ON
from kb.report.render import FORMATS as AUDIT_FORMATS
from kb.store.base import DATASET_FORMATS, DUMP_FORMATS
from kb.terminal import echo, escaped, secho, visible
from sources.model import LEVELS, STATUSES

if TYPE_CHECKING:
    from claims.model import Article


#: ``ctx.meta`` key of the exit code a command has decided on before it prints its output.
EXIT_CODE = "claimkb.exit_code"
#: Errors of a file being written that the user fixes by making room.
_DISK_ERRORS = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


class Group(click.Group):
    """A click group that turns claimkb's own errors into one line on stderr and exit code 2.

    Anything else that escapes a command is a bug: one line asking for a report, exit code 2,
    and the traceback only when ``CLAIMKB_DEBUG`` is set.
    """

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except ClaimkbError as error:
            _red(f"claimkb: error: {_stdin_named(str(error))}")
            sys.exit(2)
        except (KeyboardInterrupt, click.Abort):
            echo("claimkb: interrupted", err=True)
            sys.exit(130)  # as shells report SIGINT: never 1, which means findings
        except BrokenPipeError:
            # Whoever read the output left (`claimkb list | head -1`): stop quietly, with the
            # code the command had decided on (1 for findings), else 0.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(ctx.meta.get(EXIT_CODE, 0))
        except OSError as error:
            if error.errno not in _DISK_ERRORS:
                raise
            where = error.filename or "the output"
            _red(
                f"claimkb: error: cannot write {where}: {error.strerror}; free some space (or "
                "write somewhere else) and run it again",
            )
            sys.exit(2)
        except click.ClickException as error:
            error.message = visible(error.message)  # a file name may hold control characters
            raise  # click prints these itself
        except click.exceptions.Exit:
            raise
        except Exception as error:
            if os.environ.get("CLAIMKB_DEBUG"):
                raise
            what = " ".join(str(error).split())
            _red(
                f"claimkb: internal error: {type(error).__name__}: {what}; this is a bug in "
                "claimkb: please report it with the command and input (CLAIMKB_DEBUG=1 shows "
                "the traceback)",
            )
            sys.exit(2)


def _red(message: str) -> None:
    """Print an error line on stderr, red on a terminal unless NO_COLOR is set."""
    secho(message, fg="red", err=True, color=None if coloured(sys.stderr) else False)


def _stdin_named(message: str) -> str:
    """Return ``message`` with a leading ``-:`` (the article read from stdin) spelled out."""
    return "standard input:" + message[2:] if message.startswith("-:") else message


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="claimkb", prog_name="claimkb")
def main() -> None:
    """claimkb: a citation-graded claims knowledge base.

    Read articles (plain text, Markdown, HTML, JATS XML), find their claims and citation
    markers, grade the evidence behind them, audit them with SHACL, store them in an RDF
    knowledge base and query it with SPARQL. Run `claimkb COMMAND --help` for a command's
    options and examples.

    \b
    Examples:
      claimkb audit examples/green-tea-memory.txt
      claimkb extract --format json article.html
      claimkb ingest --kb ./kb articles/
      claimkb query --kb ./kb --name unsupported-claims

    Tables and errors are coloured on a terminal; set NO_COLOR for none. Shell completion:
    add eval "$(_CLAIMKB_COMPLETE=bash_source claimkb)" to ~/.bashrc (zsh_source in
    ~/.zshrc, fish_source for fish).
    """
    # rdflib logs an ill-typed literal or an odd IRI with a traceback; the shapes report them.
    logging.getLogger("rdflib").setLevel(logging.ERROR)
    from kb.store.memory_guard import enable

    enable()


@main.command(short_help="Print each sentence of articles with its kind, markers and cues.")
@click.argument("articles", nargs=-1, required=True, metavar="ARTICLE...")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXTRACT_FORMATS),
    default="table",
    show_default=True,
    help="table for people (coloured on a terminal), json for programs.",
)
@input_format_option
@max_size_option
def extract(articles: tuple[str, ...], fmt: str, input_format: str | None, max_size: int) -> None:
    """Print the sentences of articles with their kind, citation markers, hedges and boosters.

    ARTICLE is a path (.txt, .md, .html, JATS .xml) or - for standard input. Each sentence
    comes with its line, kind (claim, heading, question, reference...), the source keys of its
    citation markers, its hedges (~may), boosters (!studies prove), weasel words (?some experts),
    peacock terms (+world famous), approximators (≈often) and editors' flags such as
    [citation-needed]. Warnings go to stderr. Exits with 0, or 2 when an article cannot be read.

    \b
    Examples:
      claimkb extract examples/green-tea-memory.txt
      claimkb extract --format json article.html other.xml > sentences.json
      curl -s https://example.org/page | claimkb extract --input-format html -
    """
    import gc

    from claims.extract import extract_path
    from kb.report.extract import render_extract, render_json

    _stdin_once(articles)
    # Sentences and their parts hold no reference cycles: a collector pass while a long page
    # is read and written out only walks them (a sixth of the time on a 2.5 MB page).
    gc.disable()
    try:
        extracted = [extract_path(article, input_format, max_size) for article in articles]
        for article in extracted:
            _print_warnings(article)
        if fmt == "json":
            click.echo(render_json(extracted), nl=False)  # UTF-8 bytes, as JSON must be
            return
        color = fmt == "table" and coloured(sys.stdout)
        click.echo(render_extract(extracted, fmt, color=color), nl=False)  # escaped
    finally:
        gc.enable()


@main.command(short_help="Check articles (or the knowledge base) against the audit rules.")
@click.argument("articles", nargs=-1, required=False, metavar="[ARTICLE...]")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(AUDIT_FORMATS),
    default="table",
    show_default=True,
    help="table and md for people (table is coloured on a terminal), html for a page showing "
    "each article with its claims highlighted by support, json for programs, ttl/jsonld for "
    "the articles' RDF graphs, shacl for the SHACL validation report.",
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
    "paragraph's citation covers become unsupported claims (files only, not --kb).",
)
@input_format_option
@click.option(
    "--kb",
    is_flag=False,
    flag_value="",
    default=None,
    metavar="[PATH|URL]",
    help="Audit the knowledge base instead of files (alone: $CLAIMKB_KB or the default), by "
    "SPARQL over the store; formats table, json, md.",
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
    from kb.report.render import render

    if baseline and write_baseline:
        raise click.UsageError("give --baseline or --write-baseline, not both")
    from kb.audit.triage import UnknownRule, chosen_rules, keep, parse_selectors

    select, ignore = parse_selectors(select), parse_selectors(ignore)
    known = _known_rules(shapes)
    try:
        chosen_rules(known, select, ignore)  # an unknown rule is said before the audit runs
    except UnknownRule as error:
        raise click.UsageError(str(error)) from None
    prints = None
    if baseline:
        from kb.audit.triage import read_baseline

        prints = read_baseline(baseline)

    if (kb is not None or kb_articles) and strict_coverage:
        raise click.UsageError(
            "--strict-coverage re-grades articles as they are read: give ARTICLE files, not --kb"
        )
    if kb is not None or kb_articles:
        results = _audit_kb(kb, kb_articles, articles, shapes, fmt)
    elif not articles:
        raise click.UsageError("give ARTICLE files to audit, or --kb to audit the knowledge base")
    else:
        _stdin_once(articles)
        results = [
            audit_path(
                article, input_format, shapes, strict_coverage=strict_coverage, max_size=max_size
            )
            for article in articles
        ]
    for result in results:
        _print_warnings(result.graded.article)
    found = {finding.rule for result in results for finding in result.findings}
    results = keep(results, chosen_rules(known | found, select, ignore), prints)
    if write_baseline:
        _write_baseline(results, write_baseline)
        return
    color = fmt == "table" and coloured(sys.stdout)
    code = _exit_code(1 if fails(results, fail_on) else 0)
    click.echo(render(results, fmt, color=color), nl=False)  # escaped by the renderer
    sys.exit(code)


@main.command(
    name="validate", short_help="Check article graphs against claimkb's structure shapes."
)
@click.argument("inputs", nargs=-1, required=True, metavar="FILE.ttl|ARTICLE...")
@input_format_option
def validate_command(inputs: tuple[str, ...], input_format: str | None) -> None:
    """Check article graphs against claimkb's structure shapes (shapes/structure.ttl).

    Each input is an RDF file (.ttl, .nt, .jsonld, .rdf; .trig and .nq dumps graph by graph)
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

    failed = False
    _stdin_once(inputs)
    for source in inputs:
        for label, graph in graphs_to_validate(source, input_format, _print_warnings):
            outcome = validate_structure(graph)
            failed = failed or not outcome.conforms
            _exit_code(1 if failed else 0)
            for result in outcome.results:
                echo(f"{label}: {format_result(result)}")
            count = len(outcome.results)
            summary = f"{count} problem{'s' * (count != 1)}" if count else "conforms"
            echo(f"{label}: {summary}")
    sys.exit(1 if failed else 0)


# --- the knowledge base: ingest, list, stats, remove, dump, load (kb.ingest, kb.store) ---


@main.command(short_help="Load articles into the knowledge base.")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@kb_options
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes building graphs (default and most: the number of cores).",
)
@click.option(
    "--validate/--no-validate",
    default=True,
    show_default=True,
    help="Check each article graph against the structure shapes before writing it "
    "(--no-validate for trusted reloads).",
)
@max_size_option
@quiet_option
def ingest(
    paths: tuple[str, ...],
    kb: str,
    update_url: str | None,
    jobs: int | None,
    validate: bool,
    max_size: int,
) -> None:
    """Ingest articles (files, directories, globs, - for stdin) into the knowledge base.

    Each article replaces its previous version in one transaction. Exits with 0 when every
    article landed, 1 when some failed (listed at the end), 2 when none could be ingested.
    """
    from kb.cli.progress import progress_bar
    from kb.ingest.pipeline import IngestStopped, cores
    from kb.ingest.pipeline import ingest as run_ingest

    if jobs is not None and jobs > cores():
        echo(
            f"claimkb: warning: --jobs {jobs} is more than the {cores()} cores here: "
            f"using {cores()} worker processes",
            err=True,
        )
    try:
        bar = progress_bar("ingesting", shown=not quiet())
        with open_kb(kb, update_url) as store, bar as (start, advance):
            report = run_ingest(
                store,
                paths,
                jobs=jobs,
                validate=validate,
                max_size=max_size,
                on_start=start,
                on_done=advance,
            )
    except IngestStopped as stopped:
        if not stopped.interrupted:
            raise
        echo(f"claimkb: {stopped}", err=True)
        sys.exit(130)
    for failure in report.failures:
        if failure.bug:
            _red(f"claimkb: BUG: {failure.source}: {failure.reason}")
    if report.failures or not quiet():
        echo(report.summary(), err=True)
    sys.exit(report.exit_code)


@main.command(name="list", short_help="List the articles of the knowledge base.")
@kb_option
def list_articles(kb: str) -> None:
    """List the articles of the knowledge base: IRI, source path and title, tab-separated."""
    with open_kb(kb, read_only=True) as store:
        for article in store.articles():
            echo(f"{article.iri}\t{article.source or ''}\t{article.title or ''}")


@main.command(short_help="Count claims by status and sources by level in the knowledge base.")
@kb_option
@click.option(
    "--top",
    type=click.IntRange(min=0),
    default=10,
    show_default=True,
    help="How many of the most cited sources to show.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(STATS_FORMATS),
    default="table",
    show_default=True,
    help="table for people, json for programs.",
)
@click.option("--json", "as_json", is_flag=True, hidden=True, help="Deprecated: --format json.")
def stats(kb: str, top: int, fmt: str, as_json: bool) -> None:
    """Count articles, claims by status and sources by level; show the most cited sources."""
    import json

    from kb.query.stats import kb_stats

    if as_json:
        echo("claimkb: warning: --json is deprecated: use --format json", err=True)
        fmt = "json"
    with open_kb(kb, read_only=True) as store:
        figures = kb_stats(store, top=top)
    if fmt == "json":
        click.echo(escaped(json.dumps(figures.as_dict(), indent=2), "json"))
    else:
        echo(figures.as_text(), nl=False)


@main.command(short_help="Remove articles from the knowledge base.")
@click.argument("articles", nargs=-1, required=True, metavar="ARTICLE_IRI|PATH...")
@kb_options
@quiet_option
def remove(articles: tuple[str, ...], kb: str, update_url: str | None) -> None:
    """Remove articles, named by IRI or by their file (re-read to find its IRI)."""
    from kb.errors import ArticleNotStored
    from kb.rdf.graph import iri_of

    with open_kb(kb, update_url, create=False) as store:
        for article in articles:
            iri = iri_of(article)
            if not store.remove_article(iri):
                raise ArticleNotStored(
                    f"no article {iri} in the knowledge base at {kb} (see `claimkb list`)"
                )
            note(f"removed {iri}")


@main.command(short_help="Write the whole knowledge base as RDF.")
@kb_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(DUMP_FORMATS),
    default="trig",
    show_default=True,
    help="trig, nquads and jsonld keep one named graph per article (and load back); "
    "ttl merges all articles into one graph.",
)
@output_option
def dump(kb: str, fmt: str, output: str) -> None:
    """Write the whole knowledge base as RDF."""
    with open_kb(kb, read_only=True) as store, output_file(output) as out:
        store.dump(fmt, out)


@main.command(short_help="Load an RDF dump into the knowledge base.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@kb_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(DATASET_FORMATS),
    default=None,
    help="The file's format (default: from its extension).",
)
@quiet_option
def load(file: str, kb: str, update_url: str | None, fmt: str | None) -> None:
    """Load a dump: each named graph in FILE replaces the article of the same IRI."""
    with open_kb(kb, update_url) as store:
        count = store.load(file, fmt)
    note(f"loaded {count} article graphs from {file}")


@main.command(short_help="Export the claim-citation network: GraphML, GEXF, DOT, SVG, HTML.")
@click.argument("articles", nargs=-1, type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@kb_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    default=None,
    help="graphml/gexf (Gephi, Cytoscape, yEd), cyjs (Cytoscape.js), json (node-link, D3), "
    "dot (Graphviz), svg/png (drawn by Graphviz), html (interactive viewer). "
    "Default: from the --output extension.",
)
@output_option
@click.option(
    "--article",
    "only",
    multiple=True,
    metavar="IRI|PATH",
    help="Only this article of the knowledge base (repeatable).",
)
@click.option(
    "--status",
    multiple=True,
    type=click.Choice(STATUSES),
    help="Only claims with this status (repeatable).",
)
@click.option(
    "--level",
    multiple=True,
    type=click.Choice(LEVELS),
    metavar="LEVEL",
    help=f"Only claims and sources of this evidence level (repeatable): {', '.join(LEVELS)}.",
)
@click.option(
    "--min-citations",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Drop sources cited by fewer claims than this.",
)
@click.option(
    "--projection",
    type=click.Choice(PROJECTIONS),
    default=None,
    help="A one-mode graph: claims sharing sources, co-cited sources (weighted by the claims "
    "citing both), or articles citing the same works (matched by DOI, PMID or title).",
)
@click.option("--sections", is_flag=True, help="Add section nodes between articles and claims.")
@click.option("--levels", "level_nodes", is_flag=True, help="Add evidence-level nodes.")
@click.option(
    "--keep-isolated",
    is_flag=True,
    help="Keep the nodes --status, --level or --min-citations leave with no edge (dropped by "
    "default).",
)
@input_format_option
@quiet_option
def export(
    articles: tuple[str, ...],
    kb: str,
    fmt: str | None,
    output: str,
    only: tuple[str, ...],
    status: tuple[str, ...],
    level: tuple[str, ...],
    min_citations: int,
    projection: str | None,
    sections: bool,
    level_nodes: bool,
    keep_isolated: bool,
    input_format: str | None,
) -> None:
    """Export the claim-citation network of ARTICLES, or of the knowledge base.

    Nodes are articles, claims and sources with attributes to colour and size by (kind,
    label, status, level, citations, article); edges are "contains" and "cites" (with the
    marker text). Examples:

    \b
      claimkb export article.md -o network.html
      claimkb export --kb ./kb --status unsupported -o unsupported.graphml
      claimkb export --kb ./kb --projection sources --min-citations 2 -o cocited.gexf
    """
    import contextlib
    from pathlib import Path

    from kb.export.network import NetworkFilter, network_select
    from kb.export.writers import export_network, format_for

    _exit_on_sigterm()
    target = None if output == "-" else Path(output)
    chosen = format_for(target, fmt)
    if target is None and chosen == "png" and sys.stdout.isatty():
        raise click.UsageError("PNG is binary: give -o FILE.png, or redirect stdout to a file")
    flt = NetworkFilter(
        articles=only,
        statuses=status,
        levels=level,
        min_citations=min_citations,
        sections=sections,
        level_nodes=level_nodes,
        keep_isolated=keep_isolated,
    )
    with contextlib.ExitStack() as stack:
        if articles:
            _stdin_once(articles)
            select, flt = network_select(
                flt, articles=articles, input_format=input_format, on_article=_print_warnings
            )
        else:
            store = stack.enter_context(open_kb(kb, read_only=True))
            select, flt = network_select(flt, store=store)
        with output_file(output) as out:
            nodes, edges, dropped = export_network(
                select, flt, chosen, out, projection=projection, title="claimkb network"
            )
    if dropped:
        echo(
            f"claimkb: warning: dropped {dropped} control character{'s' * (dropped != 1)} "
            f"from the articles' text, which {chosen.upper()} (XML) cannot hold",
            err=True,
        )
    note(f"exported {nodes} nodes and {edges} edges as {chosen}")


def _exit_on_sigterm() -> None:
    """Make SIGTERM (``kill``, a timeout) end the command as Ctrl-C does: cleanups run.

    By default Python dies at once, leaving a half-written output file and Graphviz running.
    """
    import signal
    import threading

    def stop(signum: int, _frame: object) -> None:
        click.echo("claimkb: terminated", err=True)
        sys.exit(128 + signum)

    if threading.current_thread() is threading.main_thread():  # only it may set handlers
        signal.signal(signal.SIGTERM, stop)


@main.command(short_help="Run a SPARQL query (or a named one) on the knowledge base.")
@click.argument("sparql", required=False)
@click.option(
    "--file",
    "-f",
    "query_file",
    type=click.File("r", encoding="utf-8"),
    help="Read the query from this file (- for stdin).",
)
@click.option("--name", "-n", metavar="NAME", help="Run a named query (see --list).")
@click.option("--list", "list_queries", is_flag=True, help="List the named queries and exit.")
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Fill ?NAME with an IRI, a prefixed name (ckb:supported), a number or a string; "
    "article= also takes an article's file (repeatable).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice((*RESULT_FORMATS, *GRAPH_FORMATS)),
    default=None,
    help="SELECT/ASK: table (default on a terminal), csv (default otherwise), tsv, json, xml "
    "(W3C SPARQL results); CONSTRUCT/DESCRIBE: ttl (default), nt, jsonld.",
)
@click.option(
    "--allow-service",
    is_flag=True,
    help="Run SERVICE clauses (federated queries send requests to the URLs they name).",
)
@kb_option
def query(
    sparql: str | None,
    query_file: click.utils.LazyFile | None,
    name: str | None,
    list_queries: bool,
    params: tuple[str, ...],
    fmt: str | None,
    allow_service: bool,
    kb: str,
) -> None:
    """Run a SPARQL query on the knowledge base: from SPARQL, -f FILE, --name or stdin.

    The prefixes ckb, schema, cito, prov, oa, dcterms, skos, rdf, rdfs, xsd, owl (and data,
    sh) are declared. On the embedded store the default graph is the union of all articles.

    \b
      claimkb query 'SELECT (COUNT(*) AS ?claims) { ?c a ckb:Claim }'
      claimkb query --name unsupported-claims --format csv > unsupported.csv
      claimkb query --name article-claims --param article=examples/green-tea-memory.txt
    """
    from kb.query import run as q

    if list_queries:
        for named in q.named_queries().values():
            needs = "".join(f" --param {p.name}=..." for p in named.parameters if p.required)
            echo(f"{named.name}{needs}\t{named.description}")
        return
    text, declared = _query_source(sparql, query_file, name)
    values = dict(q.parse_parameter(p) for p in params)
    if declared is not None or values:
        text = q.bind_parameters(text, values, declared)
    with open_kb(kb, read_only=True) as store:
        result = q.run_query(store, text, allow_service=allow_service)
    chosen = q.output_format(result, fmt, terminal=sys.stdout.isatty())
    if chosen == "table":
        from rich.console import Console

        Console(soft_wrap=not sys.stdout.isatty()).print(q.table(result))
    else:
        click.echo(escaped(q.render(result, chosen).decode("utf-8", "replace"), chosen), nl=False)


def _query_source(
    sparql: str | None, query_file: click.utils.LazyFile | None, name: str | None
) -> tuple[str, tuple | None]:
    """Return the query text and, for a named query, its declared parameters."""
    from kb.query.run import named_query

    given = [s for s in (sparql, query_file, name) if s is not None]
    if len(given) > 1:
        raise click.UsageError("give the query one way: SPARQL, --file or --name")
    if name is not None:
        named = named_query(name)
        return named.sparql, named.parameters
    if query_file is not None:
        try:
            return query_file.read(), None
        except UnicodeDecodeError as error:
            raise ClaimkbError(
                f"{query_file.name}: not a SPARQL query: byte {error.object[error.start]:#04x} "
                f"at offset {error.start} is not UTF-8 text; give a file of SPARQL text"
            ) from None
    if sparql is not None:
        return sparql, None
    if sys.stdin.isatty():
        raise click.UsageError("give a query: SPARQL, --file FILE, --name NAME or on stdin")
    return sys.stdin.read(), None


@main.command(short_help="Serve the knowledge base as a SPARQL endpoint.")
@kb_option
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--allow-update",
    is_flag=True,
    help="Accept SPARQL updates on POST /update with the token printed at start (the server "
    "then holds the store for writing: ingest through it with --kb http://HOST:PORT/query and "
    "CLAIMKB_TOKEN set).",
)
@click.option(
    "--allow-service",
    is_flag=True,
    help="Run SERVICE clauses (federated queries make the server send requests to the URLs "
    "they name).",
)
@click.option(
    "--timeout",
    default=30.0,
    show_default=True,
    type=click.FloatRange(min=0, min_open=True),
    help="Seconds a query may take, sending its results included; then it is stopped.",
)
@click.option(
    "--max-rows",
    default=1_000_000,
    show_default=True,
    type=click.IntRange(min=1),
    help="Rows (or triples) a query may return; a longer result stops there.",
)
def serve(
    kb: str,
    host: str,
    port: int,
    allow_update: bool,
    allow_service: bool,
    timeout: float,
    max_rows: int,
) -> None:
    """Serve the knowledge base as a SPARQL 1.1 Protocol endpoint, with a query page at /.

    Read-only by default: `claimkb ingest` can keep writing to the store beside the server,
    whose view follows the store within a second. Each query runs in a worker process that is
    stopped at --timeout, when its client leaves, or past its memory cap.
    """
    from kb.serve.server import Limits
    from kb.serve.server import serve as run_server

    limits = Limits(timeout=timeout, max_rows=max_rows)
    run_server(
        kb, host, port, allow_update=allow_update, allow_service=allow_service, limits=limits
    )


def _exit_code(code: int) -> int:
    """Note the exit code decided before printing (a closed pipe then exits with it); return it."""
    click.get_current_context().find_root().meta[EXIT_CODE] = code
    return code


def _stdin_once(paths: tuple[str, ...]) -> None:
    """Refuse ``-`` given twice: standard input can be read only once."""
    if paths.count("-") > 1:
        raise click.UsageError("give - (standard input) only once: it can be read only once")


def _print_warnings(article: Article) -> None:
    """Print an article's reading warnings on stderr, each naming the article once."""
    for warning in article.warnings:
        where = "" if warning.startswith(f"{article.source}:") else f"{article.source}: "
        echo(f"claimkb: warning: {_stdin_named(where + warning)}", err=True)


def _known_rules(shapes: tuple[Path, ...]) -> frozenset[str]:
    """Return the rule ids of the built-in audit shapes and of the user's ``shapes`` files."""
    from kb.audit.article import known_rules, load_audit_shapes

    return known_rules(load_audit_shapes(shapes))


def _write_baseline(results: list, path: str) -> None:
    """Record the findings of ``results`` in ``path`` as a JSON report, and say how many."""
    import json

    from kb.report.to_json import report_dict

    text = json.dumps(report_dict(results), ensure_ascii=False, indent=2) + "\n"
    with output_file(path) as out:
        out.write(text.encode("utf-8"))
    count = sum(len(result.findings) for result in results)
    note(
        f"claimkb: recorded {count} finding{'' if count == 1 else 's'} in {path}; "
        f"`claimkb audit --baseline {path} ...` reports only findings not in it"
    )


def _audit_kb(
    kb: str | None,
    kb_articles: tuple[str, ...],
    articles: tuple[str, ...],
    shapes: tuple[Path, ...],
    fmt: str,
) -> list:
    """Return the knowledge-base audit of ``--kb`` (every article, or the --article ones)."""
    from kb.audit.knowledge_base import audit_articles

    if articles:
        raise click.UsageError("give ARTICLE files, or --kb/--article, not both")
    if fmt not in ("table", "json", "md"):
        raise click.UsageError(
            f"--format {fmt} needs the articles' files: a knowledge-base audit prints table, "
            "json or md (`claimkb dump` gives the stored graphs)"
        )
    with open_kb(kb_location(kb), read_only=True) as store:
        return audit_articles(store, kb_articles, shapes)
