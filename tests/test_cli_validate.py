"""`claimkb validate`: passes on what claimkb makes, reports broken graphs, refuses bad input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, URIRef

from kb.cli import main
from kb.rdf.graph import article_iri, build_graph
from ontology import CITO, CKB, SCHEMA
from tests import graded_samples

ROOT = Path(__file__).parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "articles"
ARTICLES = sorted(
    [p for p in FIXTURES.glob("*.*") if p.suffix in {".txt", ".md", ".html", ".xml"}]
    + [ROOT / "examples" / "green-tea-memory.txt"]
)
A = article_iri(graded_samples.article())


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["validate", *args])
    return result.exit_code, result.stdout, result.stderr


def _write(tmp_path: Path, graph: Graph, name: str = "article.ttl", fmt: str = "turtle") -> str:
    path = tmp_path / name
    path.write_text(graph.serialize(format=fmt), "utf-8")
    return str(path)


@pytest.mark.parametrize("article", ARTICLES, ids=lambda p: p.name)
def test_every_fixture_article_conforms(article: Path) -> None:
    code, out, _ = _run(str(article))
    assert (code, out) == (0, f"{article}: conforms\n")


@pytest.mark.parametrize(
    ("name", "fmt"), [("a.ttl", "turtle"), ("a.nt", "nt"), ("a.jsonld", "json-ld")]
)
def test_a_graph_file_claimkb_wrote_conforms(tmp_path: Path, name: str, fmt: str) -> None:
    path = _write(tmp_path, build_graph(graded_samples.graded()), name, fmt)
    assert _run(path)[:2] == (0, f"{path}: conforms\n")


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("dump.trig", "trig"),
        ("dump.nq", "nquads"),
        ("dump.nquads", "nquads"),
        ("dump.jsonld", "json-ld"),
        ("dump.json", "json-ld"),
    ],
)
def test_a_dump_is_checked_graph_by_graph(tmp_path: Path, name: str, fmt: str) -> None:
    """Every extension of a format with named graphs (kb.rdf.formats, as `load` reads them)."""
    dataset = Dataset()
    for url in ("https://example.org/one", "https://example.org/two"):
        graph = build_graph(graded_samples.graded(url))
        named = dataset.graph(graph.identifier)
        for triple in graph:
            named.add(triple)
    path = tmp_path / name
    path.write_text(dataset.serialize(format=fmt), "utf-8")
    code, out, _ = _run(str(path))
    assert code == 0
    assert out.count("conforms") == 2
    assert "<https://w3id.org/claimkb/id/article/" in out


BROKEN = [
    (
        "a claim without text",
        (URIRef(f"{A}/sentence/2"), SCHEMA.text, None),
        None,
        "sentence-text",
        "schema:text",
    ),
    (
        "a source with a status as level",
        (URIRef(f"{A}/source/1"), CKB.evidenceLevel, None),
        CKB.supported,
        "source-level",
        "ckb:evidenceLevel",
    ),
    (
        "a dangling citesAsEvidence",
        (URIRef(f"{A}/sentence/2"), CITO.citesAsEvidence, None),
        URIRef(f"{A}/source/404"),
        "claim-sources",
        "cito:citesAsEvidence",
    ),
    (
        "an offset past the end",
        (URIRef(f"{A}/sentence/10"), CKB.end, None),
        Literal(99_999),
        "offset-in-article",
        "ckb:end",
    ),
]


@pytest.mark.parametrize(
    ("case", "triple", "value", "rule", "path"), BROKEN, ids=[b[0] for b in BROKEN]
)
def test_a_broken_graph_fails_with_one_line_per_problem(
    tmp_path: Path, case: str, triple: tuple, value: object, rule: str, path: str
) -> None:
    graph = build_graph(graded_samples.graded())
    graph.remove(triple)
    if value is not None:
        graph.add((triple[0], triple[1], value))
    file = _write(tmp_path, graph)
    code, out, _ = _run(file)
    assert code == 1
    lines = out.splitlines()
    focus = "ckbid:" + str(triple[0]).removeprefix("https://w3id.org/claimkb/id/")
    problem = next(line for line in lines if f"[{rule}]" in line)
    assert problem.startswith(f"{file}: violation: {focus} {path}: ")
    assert lines[-1].endswith("problem") or lines[-1].endswith("problems")


def test_a_turtle_syntax_error_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.ttl"
    path.write_text('@prefix ckb: <https://w3id.org/claimkb/ns#> .\n\n<a> ckb:key "open .\n')
    code, out, err = _run(str(path))
    assert (code, out) == (2, "")
    assert f"{path}: line 3: not valid RDF" in err


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.ttl", "", "holds no schema:Article"),
        ("other.ttl", "<http://x/a> <http://x/b> <http://x/c> .\n", "holds no schema:Article"),
        ("missing.ttl", None, "cannot read the file"),
        ("missing.txt", None, "missing.txt"),
    ],
)
def test_bad_input_exits_with_2(
    tmp_path: Path, name: str, content: str | None, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content)
    code, _, err = _run(str(path))
    assert code == 2
    assert message in err


def test_importing_the_cli_does_not_import_pyshacl() -> None:
    code = "import sys, kb.cli; sys.exit('pyshacl' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0
