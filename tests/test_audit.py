"""kb.audit.article: a graded article's graph checked against the audit shapes and user shapes."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import SH

from kb.audit.article import ShapesInvalid, audit_article, load_audit_shapes, rule_of
from tests import graded_samples
from tests.shacl_reports import report_graph

PREFIXES = """\
@prefix my: <https://example.org/rules#> .
@prefix ckb: <https://w3id.org/claimkb/ns#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
"""

# Each user rule fires on the cocoa sample's claim s5, which cites only an animal study.
USER_RULES = {
    "identifier on the shape": (
        """my:AnimalShape a sh:PropertyShape ; dcterms:identifier "animal-evidence" ;
               sh:severity sh:Warning ; sh:message "Claim {$this} rests on animals." ;
               sh:targetClass ckb:Claim ; sh:path ckb:evidenceLevel ;
               sh:not [ sh:hasValue ckb:level-animal ] .""",
        "animal-evidence",
        "Claim s5 rests on animals.",
    ),
    "local name of the shape IRI": (
        """my:animal-only a sh:NodeShape ; sh:severity sh:Info ; sh:targetClass ckb:Claim ;
               sh:not [ sh:path ckb:evidenceLevel ; sh:hasValue ckb:level-animal ] ;
               sh:message "Line {?line}: {?text}" .""",
        "animal-only",
        "Line 8: Studies in rats suggest that theobromine may relax smooth m…",
    ),
    "identifier of the node shape above a blank property shape": (
        """my:Rules a sh:NodeShape ; dcterms:identifier "animal-rule" ;
               sh:message "{$this} cites {?value} only" ; sh:targetClass ckb:Claim ;
               sh:property [ sh:path ckb:evidenceLevel ; sh:severity sh:Info ;
                             sh:not [ sh:hasValue ckb:level-animal ] ] .""",
        "animal-rule",
        "s5 cites https://w3id.org/claimkb/ns#level-animal only",
    ),
    "SHACL-SPARQL once per article": (
        """my:animal-sources a sh:NodeShape ; sh:severity sh:Info ;
               sh:targetClass <https://schema.org/Article> ;
               sh:sparql [ sh:message "Source {?key}: {?n} citing sentences" ; sh:select '''
                   PREFIX ckb: <https://w3id.org/claimkb/ns#>
                   SELECT $this ?value (COUNT(?s) AS ?n) WHERE {
                       ?value ckb:evidenceLevel ckb:level-animal ;
                              ^ckb:refersTo/^ckb:hasMarker ?s .
                   } GROUP BY $this ?value''' ] .""",
        "animal-sources",
        "Source 3: 1 citing sentences",
    ),
}


@pytest.fixture(scope="module")
def sample_result():
    return audit_article(graded_samples.graded())


def write(tmp_path: Path, text: str, name: str = "rules.ttl") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_sample_findings(sample_result) -> None:
    assert [(f.rule, f.severity, f.sentence_id, f.source_key, f.line) for f in
            sample_result.findings] == [
        ("dangling-marker", "violation", "s5", "3", 8),
        ("overclaim", "violation", "s6", None, 9),
        ("unsupported-claim", "warning", "s6", None, 9),
        ("citation-needed", "warning", "s7", None, 10),
        ("unsupported-claim", "warning", "s7", None, 10),
    ]  # fmt: skip


def test_report_graph_carries_filled_messages(sample_result) -> None:
    report = report_graph(sample_result.graded)
    messages = {str(m) for m in report.objects(None, SH.resultMessage)}
    assert messages == {f.message for f in sample_result.findings}
    assert not any("{$this}" in m or "{?" in m for m in messages)


@pytest.mark.parametrize("case", list(USER_RULES))
def test_user_rule_id_and_message(tmp_path: Path, case: str) -> None:
    rules, rule, message = USER_RULES[case]
    result = audit_article(graded_samples.graded(), [write(tmp_path, PREFIXES + rules)])
    mine = [f for f in result.findings if f.rule == rule]
    assert [f.message for f in mine] == [message]
    assert "dangling-marker" in {f.rule for f in result.findings}  # built-in rules still run


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (PREFIXES + "my:x a sh:NodeShape ;\n  sh:targetClass ckb:Claim ckb:Claim .", "rules.ttl:6"),
        (PREFIXES + 'my:x sh:message "unterminated\n.', "rules.ttl:5"),
        ("@prefix sh: <http://www.w3.org/ns/shacl/> .\n<x> sh:targetClass <y> .", "no SHACL shape"),
    ],
)
def test_unreadable_user_shapes(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(ShapesInvalid, match=expected):
        load_audit_shapes([write(tmp_path, text)])


def test_missing_user_shapes_file(tmp_path: Path) -> None:
    with pytest.raises(ShapesInvalid, match=r"missing\.ttl: cannot read"):
        load_audit_shapes([tmp_path / "missing.ttl"])


def test_invalid_shacl_names_the_problem(tmp_path: Path) -> None:
    rules = PREFIXES + 'my:x sh:targetClass ckb:Claim ; sh:path ckb:status ; sh:minCount "x" .'
    with pytest.raises(ShapesInvalid, match=r"rules.ttl: not valid SHACL: .*sh:minCount"):
        audit_article(graded_samples.graded(), [write(tmp_path, rules)])


@pytest.mark.parametrize(
    ("shape", "expected"),
    [
        ("my:a", "a-id"),  # its own identifier
        ("my:b", "b"),  # no identifier, no parent: the IRI's local name
        ("my:c", "a-id"),  # a named property shape without identifier: its node shape's
        ("my:d", "d"),  # a named property shape under a node shape with no identifier
    ],
)
def test_rule_of(shape: str, expected: str) -> None:
    shapes = Graph().parse(
        data=PREFIXES
        + """my:a dcterms:identifier "a-id" ; sh:property my:c .
             my:b sh:targetClass ckb:Claim . my:e sh:property my:d .""",
        format="turtle",
    )
    assert rule_of(shapes, shapes.namespace_manager.expand_curie(shape)) == expected


def test_a_bibliography_entry_cited_by_a_shortened_footnote_is_not_uncited(tmp_path: Path) -> None:
    from kb.audit.article import audit_path

    page = tmp_path / "fort.txt"
    page.write_text(
        "The Old Fort\n\nThe fort fell in a day.[1] Its walls were rebuilt.[2]\n\n"
        "References\n\n1. ^ King 2003, p. 41.\n2. ^ King 2003, p. 57.\n\n"
        "Sources\n\n• King, Anna (2003). Forts of the North. Leeds: Moor Press.\n"
        "• Lowe, Tom (1999). Walls and Gates. York: Minster Books.\n",
        encoding="utf-8",
    )
    uncited = {f.source_key for f in audit_path(page).findings if f.rule == "uncited-reference"}
    assert uncited == {"Lowe 1999"}


def lighthouse_page(listed: int, cited: int) -> str:
    """Return a page of our own citing keys 1..``cited`` whose reference list has ``listed``
    entries: a list cut short when most cited keys have none."""
    sentences = [
        "The lighthouse was lit in 1871.",
        "Its lamp burned colza oil until 1902.",
        "A fog signal was added in 1890.",
        "The keepers left in 1988.",
        "The tower is 31 metres tall.",
        "Its lens came from a Paris workshop.",
        "The island has no other building.",
        "Seals breed on its northern shore.",
    ]
    body = " ".join(f"{text[:-1]}.[{n}]" for n, text in enumerate(sentences[:cited], 1))
    entries = "\n".join(
        f"{n}. ^ Moray, Ellen ({1990 + n}). Northern Lights, vol. {n}. Wick: Caithness Press."
        for n in range(1, listed + 1)
    )
    return f"Skerry Light\n\n{body}\n\nReferences\n\n{entries}\n"


@pytest.mark.parametrize(
    ("listed", "cited", "cut_short", "dangling"),
    [
        (2, 8, True, set()),  # 6 of 8 keys missing: the list is cut short, one finding
        (2, 5, True, set()),  # 3 of 5
        (5, 7, False, {"6", "7"}),  # two keys missing: each a dangling marker
        (1, 3, False, {"2", "3"}),  # most missing, but only two: markers to check
        (4, 4, False, set()),
    ],
)
def test_a_reference_list_cut_short_is_one_warning_not_a_violation_per_marker(
    tmp_path: Path, listed: int, cited: int, cut_short: bool, dangling: set[str]
) -> None:
    from kb.audit.article import audit_path

    page = write(tmp_path, lighthouse_page(listed, cited), "skerry.txt")
    findings = audit_path(page).findings
    assert {f.source_key for f in findings if f.rule == "dangling-marker"} == dangling
    [*short] = (f for f in findings if f.rule == "reference-list-cut-short")
    if cut_short:
        assert [(f.severity, f.message) for f in short] == [
            (
                "warning",
                f"The reference list has no entry for {cited - listed} of the {cited} sources "
                "the article cites: it looks cut short or not read whole, so claimkb cannot "
                "see those sources; their markers are not reported as dangling one by one.",
            )
        ]
    else:
        assert short == []


def test_a_list_cut_short_is_found_once_in_a_graph_checked_in_parts(tmp_path: Path) -> None:
    from kb.audit.article import audit_path

    page = write(tmp_path, lighthouse_page(2, 8), "skerry.txt")
    whole = audit_path(page)
    parts = audit_article(whole.graded, part_size=20)
    assert parts.findings == whole.findings
    assert [f.rule for f in parts.findings].count("reference-list-cut-short") == 1


def test_json_counts_the_cited_and_missing_keys(tmp_path: Path) -> None:
    from kb.audit.article import audit_path
    from kb.report.to_json import article_dict

    data = article_dict(audit_path(write(tmp_path, lighthouse_page(5, 7), "skerry.txt")))
    assert (data["cited_keys"], data["missing_keys"]) == (7, 2)
