"""kb.audit.article: a graded article's graph checked against the audit shapes and user shapes."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import SH

from kb.audit.article import ShapesInvalid, audit_article, load_audit_shapes, rule_of
from tests import graded_samples

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
    messages = {str(m) for m in sample_result.report_graph.objects(None, SH.resultMessage)}
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
