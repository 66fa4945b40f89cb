"""`claimkb export`: from article files and from a knowledge base, embedded or remote."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner, Result

from kb.cli import main
from tests.kb_articles import write_articles
from tests.oxigraph_server import oxigraph_server

EXAMPLE = str(Path(__file__).parents[1] / "examples" / "green-tea-memory.txt")


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module", params=["embedded", "remote"])
def kb(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Yield a knowledge base holding four small articles."""
    root = tmp_path_factory.mktemp("export-kb")
    write_articles(root / "articles", 4)
    if request.param == "embedded":
        location = str(root / "kb")
        assert run("ingest", "--kb", location, str(root / "articles")).exit_code == 0
        yield location
        return
    with oxigraph_server(root / "server") as url:
        assert run("ingest", "--kb", url, str(root / "articles")).exit_code == 0
        yield url


def test_export_an_article_to_graphml(tmp_path: Path) -> None:
    out = tmp_path / "tea.graphml"
    result = run("export", EXAMPLE, "-o", str(out))
    assert result.exit_code == 0, result.output
    graph = nx.read_graphml(out)
    kinds = {d["kind"] for _, d in graph.nodes(data=True)}
    assert kinds == {"article", "claim", "source"}
    assert f"exported {graph.number_of_nodes()} nodes" in result.stderr


def test_export_from_the_knowledge_base(kb: str) -> None:
    result = run("export", "--kb", kb, "--format", "cyjs")
    assert result.exit_code == 0, result.output
    nodes = json.loads(result.stdout)["elements"]["nodes"]
    counts: dict[str, int] = {}
    for node in nodes:
        counts[node["data"]["kind"]] = counts.get(node["data"]["kind"], 0) + 1
    assert counts == {"article": 4, "claim": 20, "source": 12}


def test_filters_by_status(kb: str) -> None:
    result = run("export", "--kb", kb, "--format", "json", "--status", "unsupported")
    doc = json.loads(result.stdout)
    claims = [n for n in doc["nodes"] if n["kind"] == "claim"]
    assert len(claims) == 4 and {c["status"] for c in claims} <= {"unsupported", "overclaim"}
    assert not [n for n in doc["nodes"] if n["kind"] == "source"]


def test_source_cocitation_projection_in_gexf(kb: str) -> None:
    result = run("export", "--kb", kb, "--format", "gexf", "--projection", "sources")
    graph = nx.read_gexf(io.BytesIO(result.stdout_bytes))
    assert {d["kind"] for _, d in graph.nodes(data=True)} == {"source"}
    # each article's cohort claim cites [1, 2] together: one weighted co-citation per article
    assert sorted(w for _, _, w in graph.edges(data="weight")) == [1, 1, 1, 1]


def test_one_article_of_the_knowledge_base(kb: str) -> None:
    iri = run("list", "--kb", kb).stdout.splitlines()[0].split("\t")[0]
    result = run("export", "--kb", kb, "--format", "json", "--article", iri)
    nodes = json.loads(result.stdout)["nodes"]
    assert {n["article"] for n in nodes} == {iri}


def test_unknown_extension_is_a_usage_error(tmp_path: Path) -> None:
    result = run("export", EXAMPLE, "-o", str(tmp_path / "graph.xyz"))
    assert result.exit_code == 2
    assert "cannot tell the export format" in result.stderr


def test_a_filtered_projection_has_no_unlinked_node_unless_kept(kb: str) -> None:
    args = ["export", "--kb", kb, "--format", "json", "--projection", "sources"]
    narrowed = json.loads(run(*args, "--min-citations", "1").stdout)
    linked = {end for link in narrowed["links"] for end in (link["source"], link["target"])}
    assert linked and {n["id"] for n in narrowed["nodes"]} == linked
    kept = json.loads(run(*args, "--min-citations", "1", "--keep-isolated").stdout)
    assert len(kept["nodes"]) > len(narrowed["nodes"])


def test_an_article_exports_the_same_bytes_on_every_run(tmp_path: Path) -> None:
    """Runs hash strings differently (PYTHONHASHSEED): an rdflib Graph's triples, in that order,
    gave the network's nodes in another order on each run."""
    import os
    import subprocess
    import sys

    written = []
    for seed in ("1", "2", "3"):
        out = tmp_path / f"seed-{seed}.graphml"
        command = ["export", "-o", str(out), EXAMPLE]
        subprocess.run(
            [sys.executable, "-c", "from kb.cli import main; main()", *command],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            check=True,
            timeout=300,
        )
        written.append(out.read_bytes())
    assert b"<node " in written[0]
    assert written[0] == written[1] == written[2]
