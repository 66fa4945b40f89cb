"""pyshacl-turbo gives pySHACL's findings on every fixture, so either engine can validate."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from claims.extract import extract_path
from kb.audit.article import audit_graph, load_audit_shapes
from kb.errors import ShaclEngineUnavailable
from kb.rdf.graph import article_triples, build_graph
from kb.rdf.ntriples import ntriples
from kb.validate.engine import ENGINE_VARIABLE, shacl_engine
from kb.validate.structure import ValidationOutcome, structure_conforms, validate_structure
from sources import grade
from tests.test_structure_shapes import BREAKS, _graph

pytest.importorskip("pyshacl_turbo")

ROOT = Path(__file__).resolve().parent.parent
ARTICLE_SUFFIXES = {".txt", ".md", ".html", ".xml"}
ARTICLES = sorted(
    path
    for folder in (ROOT / "tests" / "fixtures" / "articles", ROOT / "examples")
    for path in folder.iterdir()
    if path.suffix in ARTICLE_SUFFIXES
)


def _findings(outcome: ValidationOutcome) -> set[tuple[object, ...]]:
    """Return (focus node, path, source shape, severity, value, message) of each result."""
    return {(r.focus, r.path, r.rule, r.severity, r.value, r.message) for r in outcome.results}


def _assert_same(graph: Graph) -> ValidationOutcome:
    reference = validate_structure(graph, engine="pyshacl")
    turbo = validate_structure(graph, engine="turbo")
    assert turbo.conforms == reference.conforms
    assert _findings(turbo) == _findings(reference)
    return reference


def test_there_are_fixtures_to_compare() -> None:
    assert len(ARTICLES) >= 15


@pytest.mark.parametrize("path", ARTICLES, ids=[p.name for p in ARTICLES])
def test_engines_agree_on_every_fixture(path: Path) -> None:
    assert _assert_same(build_graph(grade(extract_path(path)))).conforms


@pytest.mark.parametrize("path", ARTICLES, ids=[p.name for p in ARTICLES])
def test_engines_agree_on_the_audit_of_every_fixture(
    monkeypatch: pytest.MonkeyPatch, path: Path
) -> None:
    graph = build_graph(grade(extract_path(path)))
    findings = {}
    for engine in ("pyshacl", "turbo"):
        monkeypatch.setenv(ENGINE_VARIABLE, engine)
        findings[engine], _ = audit_graph(graph, load_audit_shapes())
    assert findings["turbo"] == findings["pyshacl"]


def test_the_built_in_audit_shapes_have_no_rules() -> None:
    """Turbo checks the audit's graph not in place (kb.audit.article._validate): nothing may
    need adding to it."""
    shapes = load_audit_shapes()
    assert len(shapes) > 100
    assert not any(shapes.triples((None, SH.rule, None)))


def test_the_audit_fixtures_hold_every_built_in_rule() -> None:
    rules = {
        finding.rule
        for path in ARTICLES
        for finding in audit_graph(build_graph(grade(extract_path(path))), load_audit_shapes())[0]
    }
    assert {"unsupported-claim", "overclaim", "dangling-marker", "citation-needed"} <= rules


@pytest.mark.parametrize(("rule", "breaking"), BREAKS, ids=[rule for rule, _ in BREAKS])
def test_engines_agree_on_every_broken_graph(rule: str, breaking: object) -> None:
    graph = _graph()
    breaking(graph)
    outcome = _assert_same(graph)
    assert rule in {r.rule for r in outcome.results}


ENGINES = ("pyshacl", "turbo")


def _quick_check(graph: Graph, engine: str) -> bool:
    triples = list(graph)
    return structure_conforms(triples, ntriples(triples), engine=engine)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("path", ARTICLES[::4], ids=[p.name for p in ARTICLES[::4]])
def test_the_quick_check_of_ingest_passes_every_fixture(path: Path, engine: str) -> None:
    triples = article_triples(grade(extract_path(path)))
    assert structure_conforms(triples, ntriples(triples), engine=engine)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("rule", "breaking"), BREAKS, ids=[rule for rule, _ in BREAKS])
def test_the_quick_check_of_ingest_fails_every_broken_graph(
    rule: str, breaking: object, engine: str
) -> None:
    graph = _graph()
    assert _quick_check(graph, engine)
    breaking(graph)
    assert not _quick_check(graph, engine), rule


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("rule", "breaking"), BREAKS, ids=[rule for rule, _ in BREAKS])
def test_the_quick_check_asks_only_about_its_focus_nodes(
    rule: str, breaking: object, engine: str
) -> None:
    """A part of a large article is checked about the nodes it describes (focus): the nodes
    it only names fail the shapes there, and must not make the check fail."""
    graph = _graph()
    breaking(graph)
    results = validate_structure(graph, engine="pyshacl").results
    broken = {r.focus for r in results if r.severity == "violation"}
    assert broken
    broken &= {n for n in broken if isinstance(n, URIRef)}  # a literal is never a focus asked
    named = {n for t in graph for n in (t[0], t[2]) if isinstance(n, URIRef)}
    triples = list(graph)
    if broken:
        assert not structure_conforms(triples, ntriples(triples), engine, focus=broken)
    offsets = rule == "offset-in-article"  # checked in Python, wherever the node is
    assert structure_conforms(triples, ntriples(triples), engine, focus=named - broken) != offsets


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        (None, "turbo"),
        ("auto", "turbo"),
        ("pyshacl", "pyshacl"),
        ("turbo", "turbo"),
        (" Turbo ", "turbo"),
        ("", "turbo"),
    ],
)
def test_the_environment_chooses_the_engine(
    monkeypatch: pytest.MonkeyPatch, choice: str | None, expected: str
) -> None:
    if choice is None:
        monkeypatch.delenv(ENGINE_VARIABLE, raising=False)
    else:
        monkeypatch.setenv(ENGINE_VARIABLE, choice)
    assert shacl_engine() == expected


def test_an_explicit_engine_wins_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENGINE_VARIABLE, "turbo")
    assert shacl_engine("pyshacl") == "pyshacl"


def test_an_unknown_engine_is_named_in_the_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENGINE_VARIABLE, "jena")
    with pytest.raises(ShaclEngineUnavailable, match=r"'jena'.*CLAIMKB_SHACL_ENGINE.*pyshacl"):
        validate_structure(_graph())


def test_an_unknown_engine_stops_the_audit_as_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENGINE_VARIABLE, "jena")
    with pytest.raises(ShaclEngineUnavailable, match="'jena'"):
        audit_graph(_graph(), load_audit_shapes())
