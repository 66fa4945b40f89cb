"""One case per audit shape: it fires on a graph broken on purpose and not on a clean one.

The graphs are small Turtle articles written by hand after the contract's vocabulary, so the
shapes are tested apart from extraction, grading and graph building.
"""

from __future__ import annotations

import pytest
from rdflib import Graph

from kb.audit.article import Finding, audit_graph, load_audit_shapes

PREFIXES = """
@prefix ckb: <https://w3id.org/claimkb/ns#> .
@prefix cito: <http://purl.org/spar/cito/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix schema: <https://schema.org/> .
@prefix a: <https://w3id.org/claimkb/id/article/0123456789abcdef/> .
"""

A = "https://w3id.org/claimkb/id/article/0123456789abcdef"

# A clean article: one supported claim citing source 1 (an RCT, in the reference list), with a
# negated booster; a heading; a claim citing source 2 (a cohort study).
CLEAN = """
<{A}> a schema:Article ;
    ckb:hasReferenceList true .
a:sentence\\/0 a ckb:Sentence ; ckb:sentenceId "s1" ; ckb:line 1 ; ckb:kind "heading" ;
    schema:text "Tea and sleep" ; ckb:start 0 ; dcterms:isPartOf <{A}> .
a:sentence\\/1 a ckb:Sentence , ckb:Claim , schema:Claim ; ckb:sentenceId "s2" ; ckb:line 3 ;
    ckb:kind "claim" ; schema:text "Tea is not proven to cure insomnia [1]." ;
    ckb:start 20 ; dcterms:isPartOf <{A}> ;
    ckb:status ckb:supported ; ckb:evidenceLevel ckb:level-rct ;
    cito:citesAsEvidence a:source\\/1 ; ckb:hasMarker a:marker\\/1 ; ckb:hasBooster a:cue\\/1-1 .
a:sentence\\/2 a ckb:Sentence , ckb:Claim , schema:Claim ; ckb:sentenceId "s3" ; ckb:line 4 ;
    ckb:kind "claim" ; schema:text "Drinkers clearly sleep less [2]." ;
    ckb:start 100 ; dcterms:isPartOf <{A}> ;
    ckb:status ckb:supported ; ckb:evidenceLevel ckb:level-cohort ;
    cito:citesAsEvidence a:source\\/2 ; ckb:hasMarker a:marker\\/2 .
a:marker\\/1 a ckb:Marker ; ckb:markerText "[1]" ; ckb:refersTo a:source\\/1 .
a:marker\\/2 a ckb:Marker ; ckb:markerText "[2]" ; ckb:refersTo a:source\\/2 .
a:cue\\/1-1 a ckb:CueOccurrence ; ckb:cueText "proven" ; ckb:start 31 ; ckb:negated true .
a:source\\/1 a ckb:Source ; ckb:key "1" ; ckb:line 8 ; ckb:inReferenceList true ;
    ckb:evidenceLevel ckb:level-rct ; ckb:evidenceConflict false ;
    dcterms:isPartOf <{A}> .
a:source\\/2 a ckb:Source ; ckb:key "2" ; ckb:line 9 ; ckb:inReferenceList true ;
    ckb:evidenceLevel ckb:level-cohort ; ckb:evidenceConflict false ;
    dcterms:isPartOf <{A}> .
""".replace("{A}", A)

# Each case: what is added to the clean graph (and what is taken out), and the one finding.
BROKEN = {
    "unsupported-claim": (
        """a:sentence\\/3 a ckb:Sentence , ckb:Claim ; ckb:sentenceId "s4" ; ckb:line 5 ;
               schema:text "Tea lowers blood pressure." ; ckb:status ckb:unsupported .""",
        "",
        Finding("unsupported-claim", "warning", "s4", None,
                'Unsupported claim s4: "Tea lowers blood pressure." has no cited source behind '
                "it.", 5),
    ),
    "overclaim": (
        """a:sentence\\/2 ckb:hasBooster a:cue\\/2-1 ; ckb:status ckb:weakly-supported .
           a:cue\\/2-1 a ckb:CueOccurrence ; ckb:cueText "clearly" ; ckb:start 109 ;
               ckb:negated false .""",
        "a:sentence\\/2 ckb:status ckb:supported .",
        Finding("overclaim", "violation", "s3", None,
                'Overclaim in s3: "clearly" asserts a certainty that its evidence does not '
                "give.", 4),
    ),
    "unchecked-certainty": (
        """a:sentence\\/2 ckb:hasBooster a:cue\\/2-1 ; ckb:status ckb:cited-unknown-evidence .
           a:cue\\/2-1 a ckb:CueOccurrence ; ckb:cueText "clearly" ; ckb:start 109 ;
               ckb:negated false .""",
        "a:sentence\\/2 ckb:status ckb:supported .",
        Finding("unchecked-certainty", "warning", "s3", None,
                'Certainty in s3: "clearly" asserts a certainty claimkb cannot check: no source '
                "it cites shows what kind of evidence it is; check the sources.", 4),
    ),
    "causal-from-observational": (
        """a:sentence\\/2 ckb:hasCausalCue a:cue\\/2-2 .
           a:cue\\/2-2 a ckb:CueOccurrence ; ckb:cueText "prevents" ; ckb:start 118 ;
               ckb:negated false ; ckb:cueCategory "direct-causal" .""",
        "",
        Finding("causal-from-observational", "warning", "s3", None,
                'Causal claim in s3: "prevents" states an effect, but its strongest evidence is '
                "cohort research, which shows an association, not a cause.", 4),
    ),
    "human-from-animal": (
        """a:sentence\\/2 ckb:hasPopulationCue a:cue\\/2-3 ; ckb:evidenceLevel ckb:level-animal ;
               ckb:status ckb:weakly-supported .
           a:cue\\/2-3 a ckb:CueOccurrence ; ckb:cueText "Drinkers" ; ckb:start 100 ;
               ckb:negated false ; ckb:cueCategory "human" .""",
        """a:sentence\\/2 ckb:evidenceLevel ckb:level-cohort ; ckb:status ckb:supported .""",
        Finding("human-from-animal", "warning", "s3", None,
                'Claim s3 speaks of people ("Drinkers") but its only evidence is animal research: '
                '"Drinkers clearly sleep less [2]."', 4),
    ),
    "advice-from-weak": (
        """a:sentence\\/3 a ckb:Sentence ; ckb:sentenceId "s4" ; ckb:line 5 ; ckb:kind "other" ;
               schema:text "Drink two cups before bed." ; ckb:start 140 ;
               dcterms:isPartOf <https://w3id.org/claimkb/id/article/0123456789abcdef> ;
               ckb:hasAdviceCue a:cue\\/3-0 .
           a:cue\\/3-0 a ckb:CueOccurrence ; ckb:cueText "Drink" ; ckb:start 140 ;
               ckb:negated false ; ckb:cueCategory "imperative" .""",
        "",
        Finding("advice-from-weak", "warning", "s4", None,
                'Advice in s4: "Drink" rests on no cited evidence: "Drink two cups before bed."',
                5),
    ),
    "weasel-attribution": (
        """a:sentence\\/3 a ckb:Sentence , ckb:Claim ; ckb:sentenceId "s4" ; ckb:line 5 ;
               schema:text "Experts agree that tea calms." ; ckb:status ckb:unsupported ;
               dcterms:isPartOf <https://w3id.org/claimkb/id/article/0123456789abcdef> ;
               ckb:hasWeaselCue a:cue\\/3-1 .
           a:cue\\/3-1 a ckb:CueOccurrence ; ckb:cueText "Experts agree" ; ckb:start 140 ;
               ckb:negated false ; ckb:cueCategory "anonymous" .""",
        "",
        Finding("weasel-attribution", "warning", "s4", None,
                'Claim s4 attributes itself vaguely ("Experts agree") and cites no source: '
                '"Experts agree that tea calms."', 5),
    ),
    "dangling-marker": (
        """a:sentence\\/2 ckb:hasMarker a:marker\\/3 .
           a:marker\\/3 a ckb:Marker ; ckb:markerText "[7]" ; ckb:refersTo a:source\\/7 .
           a:source\\/7 a ckb:Source ; ckb:key "7" ; ckb:inReferenceList false ;
               ckb:evidenceConflict false ;
               dcterms:isPartOf <https://w3id.org/claimkb/id/article/0123456789abcdef> .""",
        "",
        Finding("dangling-marker", "violation", "s3", "7",
                "Dangling marker [7] in s3: source 7 is not in the article's reference list.", 4),
    ),
    "uncited-reference": (
        """a:source\\/3 a ckb:Source ; ckb:key "3" ; ckb:line 10 ; ckb:inReferenceList true ;
               ckb:evidenceConflict false ;
               dcterms:isPartOf <https://w3id.org/claimkb/id/article/0123456789abcdef> .""",
        "",
        Finding("uncited-reference", "info", None, "3",
                "Reference 3 is in the reference list but no sentence cites it.", 10),
    ),
    "evidence-conflict": (
        "a:source\\/2 ckb:evidenceConflict true .",
        "a:source\\/2 ckb:evidenceConflict false .",
        Finding("evidence-conflict", "warning", None, "2",
                "Source 2 is described as different kinds of study; check which level applies.",
                9),
    ),
    "covered-by-paragraph-citation": (
        """a:sentence\\/4 a ckb:Sentence , ckb:Claim ; ckb:sentenceId "s5" ; ckb:line 6 ;
               schema:text "Tea is grown in Kenya." ; ckb:status ckb:covered ;
               ckb:statusReason "the final sentence of its paragraph (s3) cites 2" ;
               ckb:coveredBy a:sentence\\/2 .""",
        "",
        Finding("covered-by-paragraph-citation", "info", "s5", None,
                "Claim s5 cites nothing itself, but the final sentence of its paragraph (s3) "
                'cites 2: "Tea is grown in Kenya."', 6),
    ),
    "placeholder-reference-list": (
        f"<{A}> ckb:placeholderReferences 27 .",
        "",
        Finding("placeholder-reference-list", "warning", None, None,
                "The reference list is 27 bare numbers with no entries: claimkb cannot see what "
                "any cited source is.", None),
    ),
    "reference-list-cut-short": (
        f"<{A}> ckb:citedKeyCount 40 ; ckb:missingKeyCount 38 .",
        "",
        Finding("reference-list-cut-short", "warning", None, None,
                "The reference list has no entry for 38 of the 40 sources the article cites: it "
                "looks cut short or not read whole, so claimkb cannot see those sources; their "
                "markers are not reported as dangling one by one.", None),
    ),
    "unusable-link": (
        'a:source\\/2 schema:url "http://host:port/page" .',
        "",
        Finding("unusable-link", "warning", None, "2",
                "Reference 2 links to http://host:port/page, which is not a web address; it is "
                "kept as text: check the link.", 9),
    ),
    "citation-needed": (
        'a:sentence\\/2 ckb:editorFlag "citation-needed" .',
        "",
        Finding("citation-needed", "warning", "s3", None,
                "The page itself flags s3 as needing a citation: "
                '"Drinkers clearly sleep less [2]."', 4),
    ),
}  # fmt: skip


# A weasel-attributed claim is an unsupported claim too: both rules fire on that case.
ALSO = {"weasel-attribution": {"unsupported-claim"}}


def graph_of(*turtle: str, without: str = "") -> Graph:
    graph = Graph().parse(data=PREFIXES + "\n".join(turtle), format="turtle")
    if without:
        graph -= Graph().parse(data=PREFIXES + without, format="turtle")
    return graph


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_audit_shapes()


def test_clean_graph_has_no_findings(shapes: Graph) -> None:
    findings, report = audit_graph(graph_of(CLEAN), shapes)
    assert findings == ()
    assert len(report) > 0  # the report graph still states sh:conforms true


@pytest.mark.parametrize("rule", list(BROKEN))
def test_shape_fires_on_broken_graph(shapes: Graph, rule: str) -> None:
    added, removed, expected = BROKEN[rule]
    findings, _ = audit_graph(graph_of(CLEAN, added, without=removed), shapes)
    also = ALSO.get(rule, set())
    assert tuple(f for f in findings if f.rule not in also) == (expected,)
    assert {f.rule for f in findings} - {rule} == also


def test_every_audit_shape_has_a_case(shapes: Graph) -> None:
    from rdflib.namespace import DCTERMS

    assert {str(i) for i in shapes.objects(None, DCTERMS.identifier)} == set(BROKEN)


@pytest.mark.parametrize(
    ("status", "negated", "scope", "fires"),
    [
        ("unsupported", "false", None, "overclaim"),
        ("weakly-supported", "false", None, "overclaim"),
        ("supported", "false", None, None),
        ("unsupported", "true", None, None),
        ("unsupported", "false", "reported", None),
        ("weakly-supported", "false", "hedged", None),
        ("unsupported", "false", "purpose", None),
        ("unsupported", "false", "question", None),
        # sources claimkb cannot see the kind of: not known to be weak, a warning to check them
        ("cited-unknown-evidence", "false", None, "unchecked-certainty"),
        ("cited-unknown-evidence", "true", None, None),
        ("cited-unknown-evidence", "false", "reported", None),
    ],
)
def test_overclaim_needs_an_asserted_plain_booster_on_weak_support(
    shapes: Graph, status: str, negated: str, scope: str | None, fires: str | None
) -> None:
    scoped = f'; ckb:cueScope "{scope}"' if scope else ""
    graph = graph_of(
        CLEAN,
        f"""a:sentence\\/2 schema:text "Tea clearly helps [2]." ; ckb:hasBooster a:cue\\/2-1 ;
                ckb:status ckb:{status} .
            a:cue\\/2-1 a ckb:CueOccurrence ; ckb:cueText "clearly" ;
                ckb:start 104 ; ckb:negated {negated} {scoped} .""",
        without="""a:sentence\\/2 ckb:status ckb:supported ;
                       schema:text "Drinkers clearly sleep less [2]." .""",
    )
    findings, _ = audit_graph(graph, shapes)
    certainty = {f.rule for f in findings} & {"overclaim", "unchecked-certainty"}
    assert certainty == ({fires} if fires else set())


def test_human_from_animal_needs_only_animal_or_cell_sources(shapes: Graph) -> None:
    added, removed, _ = BROKEN["human-from-animal"]
    # a second source of unknown design beside the animal one may be a study in people
    unknown = """a:sentence\\/2 cito:citesAsEvidence a:source\\/3 .
        a:source\\/3 a ckb:Source ; ckb:key "3" ; ckb:line 10 ; ckb:inReferenceList true ;
            ckb:evidenceLevel ckb:level-unknown ; ckb:evidenceConflict false ;
            dcterms:isPartOf <{A}> .""".replace("{A}", A)
    findings, _ = audit_graph(graph_of(CLEAN, added, unknown, without=removed), shapes)
    assert "human-from-animal" not in {f.rule for f in findings}


def test_dangling_marker_needs_a_reference_list(shapes: Graph) -> None:
    graph = graph_of(
        CLEAN,
        BROKEN["dangling-marker"][0],
        "<https://w3id.org/claimkb/id/article/0123456789abcdef> ckb:hasReferenceList false .",
        without="<https://w3id.org/claimkb/id/article/0123456789abcdef> "
        "ckb:hasReferenceList true .",
    )
    findings, _ = audit_graph(graph, shapes)
    assert findings == ()


def test_a_list_cut_short_is_one_finding_not_a_dangling_marker_each(shapes: Graph) -> None:
    graph = graph_of(CLEAN, BROKEN["dangling-marker"][0], BROKEN["reference-list-cut-short"][0])
    findings, _ = audit_graph(graph, shapes)
    assert findings == (BROKEN["reference-list-cut-short"][2],)


def test_findings_sorted_by_severity_then_line(shapes: Graph) -> None:
    # The overclaim and typed-exaggeration cases change s3's status or level: left out here.
    apart = {
        "overclaim",
        "unchecked-certainty",
        "causal-from-observational",
        "human-from-animal",
        "advice-from-weak",
        "weasel-attribution",  # adds an unsupported claim
        "reference-list-cut-short",  # takes the dangling marker into itself
    }
    added = "\n".join(case[0] for rule, case in BROKEN.items() if rule not in apart)
    findings, _ = audit_graph(graph_of(CLEAN, added), shapes)
    assert [(f.severity, f.line) for f in findings] == [
        ("violation", 4),
        ("warning", 4),
        ("warning", 5),
        ("warning", 9),
        ("warning", 9),
        ("warning", None),  # an article-level finding: the placeholder reference list
        ("info", 6),
        ("info", 10),
    ]


@pytest.mark.parametrize("path", ["shapes/audit.ttl", "examples/my-rules.ttl"])
def test_shapes_are_valid_shacl(path: str) -> None:
    """Check the shapes against SHACL's own shapes for shapes (shacl-shacl, as pyshacl ships it)."""
    from importlib.resources import files
    from pathlib import Path

    from pyshacl import validate

    root = Path(__file__).resolve().parent.parent
    shapes = Graph().parse(root / path, format="turtle")
    shacl_shacl = files("pyshacl").joinpath("assets", "shacl-shacl.ttl").read_text("utf-8")
    conforms, _, text = validate(
        shapes,
        shacl_graph=Graph().parse(data=shacl_shacl, format="turtle"),
        max_validation_depth=60,
    )
    assert conforms, text
