"""``claimkb audit --format shacl`` of a page in many parts: one report, written a part at a time.

The report of a 19 MB page is hundreds of MB; it used to be merged whole in memory. Now each
part's report is written as Turtle statements about one ``sh:ValidationReport`` as the audit
checks the part (into a spool file, each part checked once), and freed before the next part is
checked; ``sh:conforms`` comes last.
"""

from __future__ import annotations

import weakref
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SH, XSD

from claims.extract import extract_path
from kb.audit import article as audit_module
from kb.audit.article import audit_article
from kb.report.render import render_chunks
from ontology import PREFIXES
from sources import grade
from sources.model import GradedArticle
from tests.shacl_reports import audited, merged_report

#: Triples per part: a sentence or a source each, so the page below is dozens of parts.
TINY = 20

#: Our own sentences: cited claims, unsupported ones, an overclaim, a weasel, an uncited
#: reference and a dangling marker, so that many parts have results of several rules.
PARAGRAPHS = [
    "A trial of {n}00 cyclists found that a rest day lowers knee pain [1].",
    "Rowing at dawn clearly proves that the mind sharpens in everyone.",
    "Some experts say that cold showers speed recovery after a race.",
    "A cohort of {n}0 swimmers showed fewer shoulder injuries with a warm-up [2][7].",
    "Stretching before a run definitely prevents every injury.",
]
REFERENCES = (
    "References\n\n"
    "1. Reed P, Hale J. Rest days and knee pain in cyclists: a randomized trial. Sports Med J. "
    "2021.\n"
    "2. Okafor N. Warm-ups and shoulder injuries in swimmers: a cohort study. Aquat Res. 2019.\n"
    "3. Lind M. A note on rowing clubs. Club News. 2020.\n"
)


@pytest.fixture(scope="module")
def training(tmp_path_factory: pytest.TempPathFactory) -> GradedArticle:
    lines = [PARAGRAPHS[i % len(PARAGRAPHS)].format(n=i % 9 + 1) for i in range(40)]
    path = tmp_path_factory.mktemp("parts") / "training.txt"
    path.write_text("Training Notes\n\n" + "\n\n".join(lines) + "\n\n" + REFERENCES, "utf-8")
    return grade(extract_path(path))


def test_the_report_of_many_parts_parses_as_one_report_with_every_parts_results(
    training: GradedArticle,
) -> None:
    parts: list[Graph] = []
    (result,), text = audited([training], part_size=TINY, kept=parts)
    assert len(parts) > 20
    parsed = Graph().parse(data=text, format="turtle")
    roots = list(parsed.subjects(RDF.type, SH.ValidationReport))
    assert len(roots) == 1
    assert parsed.value(roots[0], SH.conforms) == Literal(False)
    results = set(parsed.objects(roots[0], SH.result))
    assert len(results) == len(result.findings) > len(parts)  # a result per finding, one report
    assert set(parsed.subjects(RDF.type, SH.ValidationResult)) == results
    messages = {str(parsed.value(r, SH.resultMessage)) for r in results}
    assert messages == {finding.message for finding in result.findings}
    assert isomorphic(parsed, merged_report(parts))  # the parts' reports merged whole


def test_two_articles_give_two_reports_whose_results_stay_apart(training: GradedArticle) -> None:
    (first, _), text = audited([training, training], part_size=TINY)
    parsed = Graph().parse(data=text, format="ttl")
    roots = list(parsed.subjects(RDF.type, SH.ValidationReport))
    assert len(roots) == 2
    for root in roots:
        assert len(set(parsed.objects(root, SH.result))) == len(first.findings)
    assert text.rstrip().endswith("_:report2 sh:conforms false .")


def test_a_shapes_node_named_by_many_parts_is_one_node_written_once(
    training: GradedArticle,
) -> None:
    """The overclaim rule is a SPARQL constraint, a blank node of the shapes graph."""
    _, text = audited([training], part_size=TINY)
    parsed = Graph().parse(data=text, format="turtle")
    constraints = set(parsed.objects(None, SH.sourceConstraint))
    citing = [r for r in parsed.subjects(SH.sourceConstraint, None)]
    assert len(citing) > len(constraints) >= 1
    assert text.count("a sh:SPARQLConstraint") == len(constraints)


def test_conforms_comes_last_and_each_part_is_freed_before_the_next(
    training: GradedArticle, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Written while the parts are checked: no part's report outlives the writing of its
    statements, and ``sh:conforms`` is written once, last (a report cut short has none)."""
    checked = audit_module.audit_graph
    reports: list[weakref.ref[Graph]] = []

    def traced(graph: Graph, shapes: Graph) -> tuple[object, Graph]:
        assert all(ref() is None for ref in reports), "a part's report is still alive"
        found, report = checked(graph, shapes)
        reports.append(weakref.ref(report))
        return found, report

    monkeypatch.setattr(audit_module, "audit_graph", traced)
    _, text = audited([training], part_size=TINY)
    assert len(reports) > 20
    assert text.count("sh:conforms") == 1 and text.rstrip().endswith("sh:conforms false .")
    cut = Graph().parse(data=text[: text.rindex("_:report1 sh:conforms")], format="turtle")
    assert list(cut.subjects(RDF.type, SH.ValidationReport))
    assert not list(cut.objects(None, SH.conforms))  # known only at the end


def test_a_shacl_report_without_the_audits_reports_is_refused(training: GradedArticle) -> None:
    """No part is checked a second time to write the report: it is the audit's, or none."""
    result = audit_article(training, part_size=TINY)
    with pytest.raises(ValueError, match="as the audit checks"):
        "".join(render_chunks([result], "shacl"))


def test_literals_and_iris_are_written_as_turtle_reads_them(tmp_path: Path) -> None:
    """A result's message holds quotes, backslashes and line breaks of the page's text."""
    path = tmp_path / "odd.md"
    path.write_text(
        '# Odd "Quotes"\n\nRowing \\ clearly "proves" that\nthe mind sharpens in everyone.\n',
        "utf-8",
    )
    parts: list[Graph] = []
    (result,), text = audited([grade(extract_path(path))], part_size=TINY, kept=parts)
    assert result.findings
    assert isomorphic(Graph().parse(data=text, format="turtle"), merged_report(parts))


def test_a_result_named_twice_in_a_part_is_one_node_labelled_not_two() -> None:
    """A result in another's sh:detail (SHACL's nested results) is named twice: labelled."""
    from rdflib import BNode

    from kb.report.to_shacl import _Writer

    report, root, outer, inner = Graph(), BNode(), BNode(), BNode()
    report.add((root, RDF.type, SH.ValidationReport))
    report.add((root, SH.conforms, Literal(False)))
    for result in (outer, inner):
        report.add((root, SH.result, result))
        report.add((result, RDF.type, SH.ValidationResult))
    report.add((outer, SH.detail, inner))
    report.add((inner, SH.resultMessage, Literal('a "quoted"\nmessage')))
    text, conforms = _Writer().part(report, Graph(), "_:report1")
    head = "@prefix sh: <http://www.w3.org/ns/shacl#> .\n_:report1 a sh:ValidationReport .\n"
    parsed = Graph().parse(data=head + text + "_:report1 sh:conforms false .\n", format="ttl")
    assert not conforms and isomorphic(parsed, report)


def test_the_reports_written_as_the_audit_checks_are_the_same_graph_each_part_checked_once(
    training: GradedArticle, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``audit --format shacl`` checked every part twice (the audit, then the report): now
    each part's report is written to a spool as the audit checks it, and the document is the
    graph of the reports the parts were given, for one article and two."""
    checked = audit_module.audit_graph
    calls: list[int] = []

    def counted(graph: Graph, shapes: Graph) -> tuple[object, Graph]:
        calls.append(len(graph))
        return checked(graph, shapes)

    monkeypatch.setattr(audit_module, "audit_graph", counted)
    first: list[Graph] = []
    audited([training], part_size=TINY, kept=first)
    parts = len(calls)
    second: list[Graph] = []
    _, text = audited([training, training], part_size=TINY, kept=second)
    assert parts > 20 and len(calls) == 3 * parts  # each part checked once, no more
    expected = merged_report(second[:parts]) + merged_report(second[parts:])
    assert isomorphic(Graph().parse(data=text, format="turtle"), expected)
    assert text.rstrip().endswith("_:report2 sh:conforms false .")


def test_the_cli_checks_a_page_once_for_its_shacl_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from kb.cli import main

    checked = audit_module.audit_graph
    calls: list[int] = []

    def counted(graph: Graph, shapes: Graph) -> tuple[object, Graph]:
        calls.append(len(graph))
        return checked(graph, shapes)

    path = tmp_path / "training.txt"
    path.write_text("Training Notes\n\n" + "\n\n".join(PARAGRAPHS) + "\n\n" + REFERENCES, "utf-8")
    monkeypatch.setattr(audit_module, "audit_graph", counted)
    result = CliRunner().invoke(main, ["audit", "--format", "shacl", str(path)])
    assert result.exit_code == 1  # findings
    assert len(calls) == 1  # one part, checked once (twice before)
    parsed = Graph().parse(data=result.stdout, format="turtle")
    roots = list(parsed.subjects(RDF.type, SH.ValidationReport))
    assert len(roots) == 1 and parsed.value(roots[0], SH.conforms) == Literal(False)
    assert len(set(parsed.objects(roots[0], SH.result))) >= 3


@pytest.mark.parametrize(
    "literal",
    [
        Literal('a "quoted" \\ backslash\r\nand a CR LF'),
        Literal('a """ long\nstring"'),
        Literal("thé", lang="fr"),
        Literal("7", datatype=XSD.integer),
        Literal("007", datatype=XSD.integer),
        Literal("true", datatype=XSD.boolean),
        Literal("7.50", datatype=XSD.decimal),
        Literal("x\ny", datatype=XSD.string),
    ],
)
def test_a_literal_reads_back_as_itself_from_turtle_and_n_triples(literal: Literal) -> None:
    """The report's Turtle and ingest's N-Triples share one escape table and one way of
    writing a language or datatype (kb.rdf.ntriples)."""
    from kb.rdf.ntriples import ntriples
    from kb.report.to_shacl import _literal

    subject, predicate = URIRef("http://example.org/s"), URIRef("http://example.org/p")
    prefixes = "".join(f"@prefix {prefix}: <{iri}> .\n" for prefix, iri in PREFIXES.items())
    text = f"{prefixes}<{subject}> <{predicate}> {_literal(literal)} ."
    turtle = Graph().parse(data=text, format="ttl")
    lines = Graph().parse(data=ntriples([(subject, predicate, literal)]), format="nt")
    # RDF 1.1: a plain literal is an xsd:string, which both write plain
    expected = Literal(str(literal)) if literal.datatype == XSD.string else literal
    assert list(turtle.objects()) == list(lines.objects()) == [expected]


def test_a_full_disk_under_the_spool_is_one_line_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report is spooled to disk as the audit checks: a full disk there (``/dev/full``)
    is the user's one-line error, exit 2, not an internal error."""
    from click.testing import CliRunner

    from kb.cli import main
    from kb.report import to_shacl

    path = tmp_path / "training.txt"
    path.write_text("Training Notes\n\n" + "\n\n".join(PARAGRAPHS) + "\n\n" + REFERENCES, "utf-8")
    monkeypatch.setattr(to_shacl, "unnamed_file", lambda *_: open("/dev/full", "w+b", 0))  # noqa: SIM115
    result = CliRunner().invoke(main, ["audit", "--format", "shacl", str(path)])
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert "\n" not in line and "cannot write the SHACL report's temporary file" in line
    assert "No space left on device" in line and "internal error" not in line
