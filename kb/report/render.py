"""Audit reports: one renderer per format, each taking a list of audited articles.

``table``, ``json``, ``jsonl``, ``md``, ``html`` and ``annotations`` (W3C Web Annotations) read
only the graded article and the findings (the :class:`kb.report.model.Audited` protocol), so a
knowledge-base audit can hand in results that have no rdflib graph. ``ttl``, ``jsonld`` and
``shacl`` print the RDF graphs of :class:`kb.audit.article.AuditResult`; the SHACL report is
the one the audit wrote as it checked each part (:class:`kb.report.to_shacl.ShaclReports`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kb.audit.article import AuditResult
    from kb.report.model import Audited
    from kb.report.to_shacl import ShaclReports

#: Every format ``claimkb audit`` prints; the first six need no RDF graph, the last three
#: print RDF.
FORMATS = ("table", "json", "jsonl", "md", "html", "annotations", "ttl", "jsonld", "shacl")
#: The formats of an audit whose articles have no RDF graph (a knowledge-base audit).
WITHOUT_GRAPHS = FORMATS[:6]


def render(
    results: Sequence[Audited], fmt: str, *, color: bool = False, width: int | None = None
) -> str:
    """Return the report of ``results`` in ``fmt`` (one of FORMATS but shacl, which is
    :func:`render_chunks` given the reports the audit wrote) as text, safe to print:
    no control character of an article reaches a terminal (:mod:`kb.terminal`).

    ``width``: the table's width (default: the terminal's, else $COLUMNS, else 100).
    """
    if fmt == "json":  # escaped as written, without a second scan of the whole text
        from kb.report.to_json import report_json

        return report_json(results).decode("utf-8")
    return "".join(render_chunks(results, fmt, color=color, width=width))


def render_chunks(
    results: Sequence[Audited],
    fmt: str,
    *,
    color: bool = False,
    width: int | None = None,
    checked: ShaclReports | None = None,
) -> Iterator[str]:
    """Yield :func:`render`'s text (not for json: :func:`kb.report.to_json.write_report_json`)
    in chunks of about CHUNK characters, each escaped: the report of a 19 MB page is hundreds
    of MB, never held whole. The SHACL report is ``checked``, the reports written as
    ``results`` were audited (ValueError without it: no part is checked twice); ttl and jsonld
    are made whole (their graph is, up to its limit of triples)."""
    from kb.terminal import escaped

    if fmt == "table" and color:  # escaped piece by piece, before it is coloured
        from kb.report.to_table import table_lines

        yield from _chunked(table_lines(results, color=True, width=width))
        return
    escape_as = _ESCAPED_AS.get(fmt, fmt)
    if fmt == "shacl":
        if checked is None:
            raise ValueError("the shacl report is written as the audit checks: pass `checked`")
        pieces = checked.pieces()
    else:
        pieces = _pieces(results, fmt, width)
    for chunk in _chunked(pieces):
        yield escaped(chunk, escape_as)


#: About how many characters of a report are escaped and printed at a time.
CHUNK = 1 << 20

#: The format whose escapes a report's text takes, when it is not its own name.
_ESCAPED_AS = {"shacl": "ttl", "annotations": "json"}


def _chunked(pieces: Iterable[str]) -> Iterator[str]:
    """Yield ``pieces`` joined into chunks of about CHUNK characters. A chunk never ends with
    a CR, so a CR LF is never split between two (escaping reads a lone CR apart)."""
    held: list[str] = []
    size = 0
    for piece in pieces:
        held.append(piece)
        size += len(piece)
        if size >= CHUNK and not piece.endswith("\r"):
            yield "".join(held)
            held, size = [], 0
    if held:
        yield "".join(held)


def _pieces(results: Sequence[Audited], fmt: str, width: int | None) -> Iterator[str]:
    """Yield the unescaped text of the report in ``fmt`` (not json nor shacl), a piece at a
    time."""
    if fmt == "table":
        from kb.report.to_table import table_lines

        yield from table_lines(results, width=width)
    elif fmt == "jsonl":
        from kb.report.to_json import findings_jsonl_lines

        yield from findings_jsonl_lines(results)
    elif fmt == "md":
        from kb.report.to_markdown import markdown_pieces

        yield from markdown_pieces(results)
    elif fmt == "html":
        from kb.report.to_html import audit_page_pieces

        yield from audit_page_pieces(results)
    elif fmt == "annotations":
        from kb.report.to_annotations import annotations_pieces

        yield from (piece.decode("utf-8") for piece in annotations_pieces(results))
    else:
        yield render_rdf(_with_graphs(results, fmt), fmt)


def _with_graphs(results: Sequence[Audited], fmt: str) -> list[AuditResult]:
    """Return ``results``, which ``fmt`` needs to be audits of article files (with graphs)."""
    from kb.audit.article import AuditResult

    kept = [result for result in results if isinstance(result, AuditResult)]
    if len(kept) < len(results):
        raise ValueError(f"the {fmt} report needs audits of article files, with their graphs")
    return kept


def render_rdf(results: Sequence[AuditResult], fmt: str) -> str:
    """Return the articles' graphs, merged, as ``fmt`` (ttl or jsonld) text."""
    from rdflib import Graph

    from ontology import PREFIXES

    merged = Graph()
    for prefix, namespace in PREFIXES.items():
        merged.bind(prefix, namespace)
    for result in results:
        graph = result.graph
        merged += graph
        for prefix, namespace in graph.namespaces():
            merged.bind(prefix, namespace, override=False)
    if fmt == "jsonld":
        return merged.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True)
    return merged.serialize(format="turtle")
