"""The named queries (kb/query/queries/*.rq): headers, results on a hand-written KB, and agreement
with the Python model and the SHACL audit on the fixture articles."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from kb.query.run import bind_parameters, named_queries, parse_parameter, run_query
from kb.store import open_store
from ontology import PREFIXES
from sources.model import LEVELS

FIXTURE = Path(__file__).parent / "fixtures" / "query" / "kb.trig"
ARTICLES = Path(__file__).parent / "fixtures" / "articles"
EXAMPLE = Path(__file__).parent.parent / "examples" / "green-tea-memory.txt"
A = "https://w3id.org/claimkb/id/article/aaaa"
B = "https://w3id.org/claimkb/id/article/bbbb"
REQUIRED = {
    "unsupported-claims",
    "claims-by-level",
    "most-cited-sources",
    "overclaims",
    "articles-by-unsupported-share",
    "conflicting-sources",
    "weak-evidence-claims",
    "article-claims",
}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    path = str(tmp_path_factory.mktemp("named") / "kb")
    with open_store(path) as writable:
        writable.load(FIXTURE)
    with open_store(path, read_only=True) as opened:
        yield opened


def rows(store, name: str, columns: tuple[str, ...], **params: str) -> list[tuple]:
    query = named_queries()[name]
    terms = dict(parse_parameter(f"{name}={value}") for name, value in params.items())
    sparql = bind_parameters(query.sparql, terms, query.parameters)
    return [tuple(row[c] for c in columns) for row in run_query(store, sparql).dicts()]


def test_the_required_queries_are_shipped() -> None:
    assert set(named_queries()) >= REQUIRED


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_header_and_syntax(name: str) -> None:
    query = named_queries()[name]
    assert query.sparql.startswith("# description: ")
    assert 20 < len(query.description) < 160
    sparql = query.sparql
    for parameter in query.parameters:
        assert parameter.description
        assert re.search(rf"VALUES \?{parameter.name} \{{ UNDEF \}}", sparql)
        sparql = bind_parameters(sparql, {parameter.name: ox.Literal("x")})
    ox.Store().query(sparql, prefixes=PREFIXES)  # parses; raises SyntaxError otherwise


@pytest.mark.parametrize("name", ["claims-by-level", "sources-by-level"])
def test_levels_come_with_the_vocabulary_s_names_in_the_scale_s_order(store, name: str) -> None:
    """Ranks and names come from the vocabulary graph that loading the dump wrote."""
    from rdflib.namespace import SKOS

    from ontology import level_concept, load_ontology

    names = {
        level: str(load_ontology().value(level_concept(level), SKOS.prefLabel)) for level in LEVELS
    }
    got = [
        (level, label) for level, label in rows(store, name, ("level", "label")) if level != "none"
    ]
    assert len(got) >= 4
    assert got == sorted(
        ((level, names[level]) for level, _ in got), key=lambda p: LEVELS.index(p[0])
    )


CASES = [
    (
        "unsupported-claims",
        {},
        ("path", "line", "sentence"),
        [("coffee.md", 3, "s2"), ("tea.txt", 3, "s1"), ("tea.txt", 7, "s5")],
    ),
    (
        "claims-by-level",
        {},
        ("level", "claims", "articles"),
        [
            ("systematic-review", 1, 1),
            ("rct", 1, 1),
            ("animal", 1, 1),
            ("unknown", 1, 1),
            ("none", 3, 2),
        ],
    ),
    (
        "most-cited-sources",
        {},
        ("work", "articles", "citations"),
        [
            ("https://doi.org/10.1000/tea1", 2, 2),
            ("https://w3id.org/claimkb/id/work/0123456789abcdef", 1, 2),
        ],  # sources naming no work (3, 9) are no work
    ),
    (
        "overclaims",
        {},
        ("sentence", "status", "booster"),
        [("s1", "unsupported", "definitely"), ("s3", "weakly-supported", "prove")],
    ),
    (
        "articles-by-unsupported-share",
        {},
        ("article", "claims", "unsupported", "share"),
        [(B, 2, 1, 0.5), (A, 5, 2, 0.4)],
    ),
    (
        "conflicting-sources",
        {},
        ("key", "level", "cues"),
        [("2", "animal", "animal: in mice (s3) | cohort: Cohort (metadata)")],
    ),
    (
        "weak-evidence-claims",
        {},
        ("sentence", "level"),
        [("s3", "animal"), ("s4", "unknown")],
    ),
    (
        "article-claims",
        {"article": f"<{A}>"},
        ("sentence", "status", "level", "sources"),
        [
            ("s1", "unsupported", None, ""),
            ("s2", "supported", "rct", "1 2"),
            ("s3", "weakly-supported", "animal", "2"),
            ("s4", "weakly-supported", "unknown", "3 9"),
            ("s5", "unsupported", None, ""),
        ],
    ),
    (
        "article-sources",
        {"article": f"<{A}>"},
        ("key", "level", "conflict", "inList", "citations"),
        [
            ("1", "rct", False, True, 1),
            ("2", "animal", True, True, 2),
            ("3", "unknown", False, True, 1),
            ("4", "unknown", False, True, 0),
            ("9", "unknown", False, False, 1),
        ],
    ),
    (
        "claims-mentioning",
        {"term": '"RECALL"'},
        ("article", "sentence"),
        [(A, "s2"), (B, "s1")],
    ),
    (
        "claims-citing-work",
        {"doi": '"10.1000/Tea1"'},
        ("article", "sentence", "key"),
        [(A, "s2", "1"), (B, "s1", "1")],
    ),
    (
        "claims-citing-work",
        {"work": "https://w3id.org/claimkb/id/work/0123456789abcdef"},
        ("article", "sentence", "key"),
        [(A, "s2", "2"), (A, "s3", "2")],
    ),
    (
        "sources-by-level",
        {},
        ("level", "sources", "inList", "conflicting"),
        [
            ("systematic-review", 1, 0, 0),
            ("rct", 1, 1, 0),
            ("animal", 1, 1, 1),
            ("unknown", 3, 2, 0),
        ],
    ),
    ("citation-needed", {}, ("path", "line", "sentence"), [("tea.txt", 7, "s5")]),
    (
        "works-cited-by-several-articles",
        {},
        ("work", "title", "articles", "citing", "claims", "sameKind"),
        [
            (
                "https://doi.org/10.1000/tea1",
                "Tea and recall: a randomized trial",
                2,
                f"{A} {B}",
                2,
                False,
            )
        ],
    ),
    (
        "weasel-claims",
        {},
        ("path", "sentence", "weasel", "category", "status"),
        [("tea.txt", "s3", "Studies", "vague-quantity", "weakly-supported")],
    ),
]


@pytest.mark.parametrize(
    ("name", "params", "columns", "expected"), CASES, ids=[case[0] for case in CASES]
)
def test_results_on_the_hand_written_kb(store, name, params, columns, expected) -> None:
    got = rows(store, name, columns, **params)
    if "ORDER BY" not in named_queries()[name].sparql:  # big listings come in store order
        got, expected = sorted(got, key=repr), sorted(expected, key=repr)
    assert got == expected


#: CONSTRUCT queries, tested below on the fixture articles rather than as rows.
GRAPH_QUERIES = {"web-annotations"}


def test_every_named_query_has_a_case() -> None:
    assert {case[0] for case in CASES} | GRAPH_QUERIES == set(named_queries())


# On the fixture articles, through the real pipeline: the queries agree with the Python model
# (statuses) and with the SHACL audit (overclaims).


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory):
    from kb.audit.article import audit_path
    from kb.rdf.graph import article_iri

    paths = [p for p in sorted(ARTICLES.iterdir()) if p.suffix in (".txt", ".md", ".html")]
    results = {str(article_iri(r.graded.article)): r for r in map(audit_path, [*paths, EXAMPLE])}
    path = str(tmp_path_factory.mktemp("fixtures") / "kb")
    with open_store(path) as writable:
        for iri, result in results.items():
            writable.replace_article(iri, result.graph)
    with open_store(path, read_only=True) as opened:
        yield opened, results


def test_unsupported_claims_match_the_grades(audited) -> None:
    store, results = audited
    expected = {
        (iri, grade.sentence_id)
        for iri, result in results.items()
        for grade in result.graded.grades
        if grade.status == "unsupported"
    }
    assert expected
    assert set(rows(store, "unsupported-claims", ("article", "sentence"))) == expected


def test_overclaims_match_the_audit(audited) -> None:
    store, results = audited
    expected = {
        (iri, finding.sentence_id)
        for iri, result in results.items()
        for finding in result.findings
        if finding.rule == "overclaim"
    }
    assert expected
    assert set(rows(store, "overclaims", ("article", "sentence"))) == expected


def test_article_claims_match_the_grades(audited) -> None:
    store, results = audited
    for iri, result in results.items():
        expected = [(g.sentence_id, g.status, g.level) for g in result.graded.grades]
        got = rows(store, "article-claims", ("sentence", "status", "level"), article=f"<{iri}>")
        assert sorted(got) == sorted(expected), result.graded.article.source


def test_web_annotations_place_every_claim_in_its_article(audited) -> None:
    from rdflib import Graph, Namespace
    from rdflib.namespace import RDF

    oa = Namespace("http://www.w3.org/ns/oa#")
    store, results = audited
    query = named_queries()["web-annotations"]
    for iri, result in list(results.items())[:6]:
        sparql = bind_parameters(query.sparql, {"article": ox.NamedNode(iri)}, query.parameters)
        graph = Graph().parse(data=run_query(store, sparql).serialize("nt"), format="nt")
        text = result.graded.article.text
        page = result.graded.article.url or iri
        placed = set()
        for annotation in graph.subjects(RDF.type, oa.Annotation):
            target = graph.value(annotation, oa.hasTarget)
            assert str(graph.value(target, oa.hasSource)) == page
            selectors = list(graph.objects(target, oa.hasSelector))
            position = next(s for s in selectors if (s, RDF.type, oa.TextPositionSelector) in graph)
            quote = next(s for s in selectors if (s, RDF.type, oa.TextQuoteSelector) in graph)
            start, end = (graph.value(position, p).toPython() for p in (oa.start, oa.end))
            assert str(graph.value(quote, oa.exact)) == text[start:end]
            placed.add(str(graph.value(annotation, oa.hasBody)))
        claims = {
            f"{iri}/sentence/{s.id.removeprefix('s')}"
            for s in result.graded.article.sentences
            if s.kind == "claim"
        }
        assert placed == claims, result.graded.article.source


def test_conflicting_sources_read_from_the_stored_summary_as_from_the_cues(
    tmp_path: Path,
) -> None:
    """A conflicting source's cues are stored as one line at ingest (ckb:levelCueSummary); a
    store made before lists them from the cues themselves: the same rows either way."""
    from kb.audit.article import audit_path
    from kb.rdf.graph import article_iri

    paths = [p for p in sorted(ARTICLES.iterdir()) if p.suffix in (".txt", ".md", ".html")]
    with open_store(str(tmp_path / "kb")) as store:
        for result in map(audit_path, paths):
            store.replace_article(str(article_iri(result.graded.article)), result.graph)
        query = named_queries()["conflicting-sources"].sparql
        summarised = run_query(store, query).dicts()
        stored = run_query(store, "SELECT ?s WHERE { GRAPH ?g { ?s ckb:levelCueSummary ?l } }")
        store.update(
            "DELETE WHERE { GRAPH ?g { ?s <https://w3id.org/claimkb/ns#levelCueSummary> ?l } }"
        )
        from_cues = run_query(store, query).dicts()
    assert len(stored.dicts()) == len(summarised) >= 2
    assert summarised == from_cues
