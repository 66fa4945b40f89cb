"""kb.report: table, JSON and Markdown from plain findings (no graph), RDF formats from audits."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SH

from kb.audit.article import audit_article
from kb.audit.findings import Finding
from kb.report.model import fails, summarize
from kb.report.render import render
from sources.model import GradedArticle
from tests import graded_samples
from tests.shacl_reports import audited as shacl_audited

FINDINGS = (
    Finding("overclaim", "violation", "s6", None, 'Overclaim in s6: "definitely" | boo.', 9),
    Finding("unsupported-claim", "warning", "s7", None, "Unsupported claim s7.", 10),
    Finding("uncited-reference", "info", None, "2", "Reference 2 is not cited.", 14),
)


@dataclass(frozen=True)
class Plain:
    """An audited article as a knowledge-base audit could hand it in: no rdflib graph."""

    graded: GradedArticle
    findings: tuple[Finding, ...]
    reviewed: tuple[Finding, ...] = ()


@pytest.fixture(scope="module")
def plain() -> Plain:
    return Plain(graded_samples.graded(), FINDINGS)


def test_summary(plain: Plain) -> None:
    summary = summarize(plain)
    assert (summary.claims, summary.supported, summary.weakly_supported) == (5, 2, 1)
    assert (summary.unsupported, summary.overclaims) == (2, 1)
    assert summary.sources_by_level == {"systematic-review": 2, "animal": 1}


def test_table_groups_by_severity_with_headers_line_rule_text_and_summary(plain: Plain) -> None:
    lines = render([plain], "table", width=140).splitlines()
    assert lines[0] == "cocoa.txt: Does Cocoa Help You Sleep?"
    headings = [line for line in lines if line.split(" (")[0] in {"VIOLATION", "WARNING", "INFO"}]
    assert headings == ["VIOLATION (1)", "WARNING (1)", "INFO (1)"]
    assert [line.split() for line in lines if line.startswith("Line")] == [
        ["Line", "Rule", "Claim", "or", "source", "Finding"]
    ] * 3
    row = next(line for line in lines if "overclaim " in line)
    assert re.split(r"\s{2,}", row.strip())[:3] == [
        "9",
        "overclaim",
        "Cocoa definitely cures insomnia.",
    ]
    entry = "[2] Example Author. A second study. Journal of Tests. 2019."
    assert any(line.startswith(f"  14  uncited-reference  {entry}") for line in lines)
    assert lines[-5:] == [
        "Summary: 3 findings (1 violation, 1 warning, 1 info)",
        "By rule: overclaim 1, uncited-reference 1, unsupported-claim 1",
        "Claims: 5 claims: 2 supported, 1 weakly supported, 2 unsupported; 1 overclaim",
        "Wording: 0 claims with weasel words; 0 with peacock terms",
        "Sources by level: systematic-review 2, animal 1",
    ]  # fmt: skip


def test_summary_after_a_baseline_says_new_and_all(plain: Plain) -> None:
    """Issue 11: with a --baseline, overclaims and rules are counted both ways, not only new."""
    second = Finding("overclaim", "violation", "s7", None, 'Overclaim in s7: "proves".', 10)
    reviewed = Plain(plain.graded, FINDINGS[1:], reviewed=(FINDINGS[0], second))
    summary = summarize(reviewed)
    assert (summary.overclaims, summary.overclaims_new) == (2, 0)
    assert summary.overclaims_text == "2 overclaims (0 with a finding not in the baseline)"
    assert summary.rules_text == (
        "uncited-reference 1, unsupported-claim 1, overclaim 0 (+2 in the baseline)"
    )
    table = render([reviewed], "table", width=140)
    assert "2 overclaims (0 with a finding not in the baseline)" in table
    assert "By rule: uncited-reference 1, unsupported-claim 1, overclaim 0 (+2 in the" in table
    markdown = render([reviewed], "md")
    assert "- Overclaims: 2 overclaims (0 with a finding not in the baseline)" in markdown
    assert "- Findings by rule: uncited-reference 1" in markdown
    data = json.loads(render([reviewed], "json"))["articles"][0]["summary"]
    assert (data["overclaims"], data["overclaims_new"]) == (2, 0)
    assert data["reviewed_by_rule"] == {"overclaim": 2}
    assert summarize(plain).overclaims_text == "1 overclaim"  # no baseline: one count


@pytest.mark.parametrize("width", [50, 80, 200])
def test_table_takes_the_width_given_and_never_cuts_a_rule(plain: Plain, width: int) -> None:
    long_rule = Finding("covered-by-paragraph-citation", "info", "s7", None, "x " * 80, 10)
    text = render([Plain(plain.graded, (*FINDINGS, long_rule))], "table", width=width)
    lines = text.splitlines()
    assert max(map(len, lines)) <= width
    assert max(map(len, lines)) >= min(width, 120) - 20  # the width is used, not a fixed one
    for finding in (*FINDINGS, long_rule):
        assert finding.rule in text  # on one line, whole
    assert next(line for line in lines if "covered-by" in line).count(long_rule.rule) == 1


def test_table_width_defaults_to_columns(plain: Plain, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "64")
    assert max(map(len, render([plain], "table").splitlines())) <= 64
    monkeypatch.setenv("COLUMNS", "150")
    assert max(map(len, render([plain], "table").splitlines())) > 100


@pytest.mark.parametrize(("color", "escapes"), [(True, True), (False, False)])
def test_table_colour_only_when_asked(plain: Plain, color: bool, escapes: bool) -> None:
    assert ("\x1b[" in render([plain], "table", color=color)) is escapes


def test_table_without_findings(plain: Plain) -> None:
    text = render([Plain(plain.graded, ())], "table")
    assert "No findings." in text
    assert "VIOLATION" not in text


def test_json_report_is_laid_out_as_the_standard_library_lays_it_out(plain: Plain) -> None:
    """orjson writes the report; its bytes are json.dumps(indent=2, ensure_ascii=False)'s."""
    graded = graded_samples.graded()
    odd = Finding("overclaim", "violation", "s6", None, "Überclaim: “x” \u2028 — é", 9)
    text = render([Plain(graded, (*FINDINGS, odd))], "json")
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n"
    assert "Überclaim: “x”" in text


def test_json_contract(plain: Plain) -> None:
    data = json.loads(render([plain, plain], "json"))
    assert set(data) == {"claimkb", "articles"}
    assert len(data["articles"]) == 2
    article = data["articles"][0]
    assert {"source", "format", "title", "text", "sentences", "sources", "findings"} <= set(article)
    by_id = {s["id"]: s for s in article["sentences"]}
    assert (by_id["s5"]["status"], by_id["s5"]["evidence_level"]) == ("weakly-supported", "animal")
    assert (by_id["s1"]["status"], by_id["s1"]["evidence_level"]) == (None, None)
    sources = {s["key"]: s for s in article["sources"]}
    assert set(sources["1"]) == {
        "key", "in_reference_list", "reference", "evidence_level", "cues", "conflict", "cited_by"
    }  # fmt: skip
    assert sources["1"]["reference"]["publication_types"] == ["Meta-Analysis"]
    assert sources["3"]["reference"] is None
    assert sources["3"]["cues"] == [
        {"level": "animal", "text": "in rats", "basis": "citing-sentence", "sentence": "s5"}
    ]
    finding = dict(article["findings"][2])
    assert re.fullmatch(r"[0-9a-f]{16}", finding.pop("fingerprint"))
    assert finding == {
        "rule": "uncited-reference",
        "severity": "info",
        "sentence": None,
        "source": "2",
        "message": "Reference 2 is not cited.",
        "line": 14,
    }


def test_markdown(plain: Plain) -> None:
    text = render([plain], "md")
    assert text.startswith("# Audit of cocoa.txt: Does Cocoa Help You Sleep?\n")
    assert "## Violation (1)" in text
    row = '| 9 | `overclaim` | Cocoa definitely cures insomnia. | Overclaim in s6: "definitely" \\| boo. |'  # noqa: E501
    assert row in text
    assert "| 3 | animal | s5 | *not in the reference list* |" in text


_WORDING = """Seaweed and sleep

Some experts say seaweed cures insomnia. Studies show it calms the mind.
It is not widely believed that kelp helps.
The world-famous clinic on the island sells it.
"The algae are a miracle," one seller said.
"""


def test_weasel_words_and_peacock_terms_show_in_every_report_format() -> None:
    """Issue 17: each report names the claims' weasel words and peacock terms; a negated
    weasel ("not widely believed") and praise in a quotation are not counted."""
    from claims import extract_text
    from sources import grade

    audited = audit_article(grade(extract_text(_WORDING, source="seaweed.txt")))
    assert {f.rule for f in audited.findings} >= {"weasel-attribution"}
    summary = summarize(audited)
    assert (summary.weasel_claims, summary.peacock_claims) == (2, 1)
    assert summary.weasel_words == {"some experts": 1, "studies show": 1}
    assert summary.peacock_terms == {"world famous": 1}
    line = (
        "2 claims with weasel words (some experts, studies show); "
        "1 with peacock terms (world famous)"
    )
    assert f"Wording: {line}" in render([audited], "table", width=200)
    assert f"- Wording: {line}" in render([audited], "md")
    assert f'<p class="wording">Wording: {line}.</p>' in render([audited], "html")
    data = json.loads(render([audited], "json"))["articles"][0]
    assert data["summary"]["weasel_words"] == {"some experts": 1, "studies show": 1}
    assert data["summary"]["peacock_claims"] == 1
    weasels = {s["text"]: s["weasels"] for s in data["sentences"] if s["weasels"]}
    assert weasels == {
        "Some experts say seaweed cures insomnia.": ["some experts"],
        "Studies show it calms the mind.": ["studies show"],
        "It is not widely believed that kelp helps.": ["it is widely believed"],
    }


@pytest.mark.parametrize(
    ("fail_on", "findings", "expected"),
    [
        ("violation", FINDINGS, True),
        ("violation", FINDINGS[1:], False),
        ("warning", FINDINGS[1:], True),
        ("warning", FINDINGS[2:], False),
        ("info", FINDINGS[2:], True),
        ("info", (), False),
        ("never", FINDINGS, False),
    ],
)
def test_fails(plain: Plain, fail_on: str, findings: tuple[Finding, ...], expected: bool) -> None:
    assert fails([Plain(plain.graded, findings)], fail_on) is expected


@pytest.fixture(scope="module")
def audited():
    return audit_article(graded_samples.graded())


@pytest.mark.parametrize(("fmt", "rdf_format"), [("ttl", "turtle"), ("jsonld", "json-ld")])
def test_rdf_formats_give_the_article_graph(audited, fmt: str, rdf_format: str) -> None:
    parsed = Graph().parse(data=render([audited], fmt), format=rdf_format)
    assert isomorphic(parsed, audited.graph)


def test_shacl_format_gives_the_validation_report() -> None:
    (result,), text = shacl_audited([graded_samples.graded()])
    parsed = Graph().parse(data=text, format="turtle")
    assert len(list(parsed.subjects(RDF.type, SH.ValidationResult))) == len(result.findings)


def test_the_json_report_written_piece_by_piece_is_json_dumps_of_the_whole() -> None:
    """The report is written a sentence, source and finding at a time (a large page's report
    is never held whole), and reads byte for byte as the standard library writes the whole."""
    from io import BytesIO

    from kb.report.to_json import report_dict, write_report_json

    urls = ("https://example.org/cocoa-sleep", None, "https://example.org/b")
    results = [audit_article(graded_samples.graded(url)) for url in urls]
    assert sum(len(r.findings) for r in results) >= 3
    for chosen in ([], results[:1], results):
        out = BytesIO()
        write_report_json(chosen, out)
        whole = json.dumps(report_dict(chosen), ensure_ascii=False, indent=2) + "\n"
        assert out.getvalue().decode("utf-8") == whole


def test_the_json_report_written_piece_by_piece_escapes_controls_as_the_whole_report_did(
    plain: Plain,
) -> None:
    """Written a piece at a time, the report is byte for byte the whole report as it was written
    before it was streamed (orjson's indented bytes, DEL and C1 controls then escaped): in
    a finding's message as in the nested lists, and with an article of no findings."""
    from io import BytesIO

    import orjson

    from kb.report.to_json import report_dict, write_report_json
    from kb.terminal import escaped_json

    hostile = Finding(
        "overclaim", "violation", "s6", None, "A \x9b31m C1, an \x1b]0;title\x07 OSC, a \x7f, é.", 9
    )
    articles = [Plain(plain.graded, (*FINDINGS, hostile)), Plain(plain.graded, ())]
    for chosen in (articles[:1], articles):
        out = BytesIO()
        write_report_json(chosen, out)
        whole = orjson.dumps(
            report_dict(chosen), option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE
        )
        assert b"\xc2\x9b" in whole  # raw C1 as orjson writes it: the escape has work to do
        assert out.getvalue() == escaped_json(whole)
        assert b"\\u009b31m" in out.getvalue()


@pytest.mark.parametrize(
    ("fmt", "color"),
    [
        ("table", False),
        ("table", True),
        ("jsonl", False),
        ("md", False),
        ("html", False),
        ("annotations", False),
    ],
)
def test_a_report_printed_in_chunks_is_the_report_escaped_whole(
    plain: Plain, fmt: str, color: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A report is made and printed a chunk at a time (a large page's is hundreds of MB): its
    chunks, each escaped alone, join into the whole report escaped at once, controls (C1, OSC,
    DEL, a CR LF) in a finding's message included."""
    from kb.report import render as rendering

    hostile = Finding(
        "overclaim", "violation", "s6", None, "A \x9b31m C1, an \x1b]0;t\x07 OSC,\r\n a \x7f, é.", 9
    )
    results = [Plain(plain.graded, (*FINDINGS, hostile)), Plain(plain.graded, ())]
    monkeypatch.setattr(rendering, "CHUNK", 1 << 40)
    whole = list(rendering.render_chunks(results, fmt, color=color, width=80))
    monkeypatch.setattr(rendering, "CHUNK", 3)
    chunks = list(rendering.render_chunks(results, fmt, color=color, width=80))
    assert len(whole) == 1
    assert len(chunks) > 3
    assert "".join(chunks) == whole[0] == rendering.render(results, fmt, color=color, width=80)
    assert "\x9b" not in whole[0]
    assert "\x1b]" not in whole[0]


def test_the_annotations_written_piece_by_piece_are_json_dumps_of_the_whole(
    plain: Plain,
) -> None:
    """The Web Annotations are written an annotation at a time, and read byte for byte as the
    standard library writes the whole collection, then escaped; no claim: no first page."""
    from kb.report.to_annotations import annotation_collection, annotations_pieces
    from kb.terminal import escaped

    hostile = Finding("overclaim", "violation", "s6", None, "A \x9b31m C1, a \x7f, é.", 9)
    results = [Plain(plain.graded, (*FINDINGS, hostile)), Plain(plain.graded, ())]
    no_claims = Plain(replace(graded_samples.graded(), grades=()), ())
    for chosen in (results[:1], results, [no_claims]):
        whole = json.dumps(annotation_collection(chosen), ensure_ascii=False, indent=2) + "\n"
        streamed = b"".join(annotations_pieces(chosen)).decode("utf-8")
        assert streamed == escaped(whole, "json")
    assert '"first"' not in b"".join(annotations_pieces([no_claims])).decode("utf-8")
