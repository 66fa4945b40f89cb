"""The SHACL report of an audit, for tests: written as the audit checks each part
(:class:`kb.report.to_shacl.ShaclReports`) and read back as one graph, and the parts' own
reports merged into one, to compare it with."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, SH

from kb.audit.article import AuditResult, ReportReader, audit_article
from kb.rdf.parts import PART_TRIPLES
from kb.report.render import render_chunks
from kb.report.to_shacl import ShaclReports
from sources.model import GradedArticle


def audited(
    articles: Sequence[GradedArticle],
    extra_shapes: Sequence[Path] = (),
    part_size: int = PART_TRIPLES,
    kept: list[Graph] | None = None,
) -> tuple[list[AuditResult], str]:
    """Return the audits of ``articles`` and their SHACL report as ``claimkb audit --format
    shacl`` prints it; ``kept``: each part's own report is appended to it."""
    with ShaclReports() as reports:
        results = []
        for graded in articles:
            write = reports.reader()

            def read(report: Graph, shapes: Graph, write: ReportReader = write) -> None:
                write(report, shapes)
                if kept is not None:
                    kept.append(report)

            results.append(audit_article(graded, extra_shapes, part_size, on_report=read))
        return results, "".join(render_chunks(results, "shacl", checked=reports))


def report_graph(
    graded: GradedArticle, extra_shapes: Sequence[Path] = (), part_size: int = PART_TRIPLES
) -> Graph:
    """Return the SHACL report of one article's audit, read back from its Turtle."""
    _, text = audited([graded], extra_shapes, part_size)
    return Graph().parse(data=text, format="turtle")


def merged_report(reports: Sequence[Graph]) -> Graph:
    """Return one SHACL validation report holding the results of ``reports``."""
    merged = Graph()
    root = BNode()
    merged.add((root, RDF.type, SH.ValidationReport))
    conforms = True
    for report in reports:
        roots = set(report.subjects(RDF.type, SH.ValidationReport))
        for s, p, o in report:
            if s not in roots:
                merged.add((s, p, o))
            elif p == SH.result:
                merged.add((root, p, o))
            elif p == SH.conforms:
                conforms = conforms and o == Literal(True)
    merged.add((root, SH.conforms, Literal(conforms)))
    return merged
