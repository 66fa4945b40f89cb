"""The knowledge-base commands end to end, on the embedded store and on a real Oxigraph server.

The same test (ingest, list, stats, query, remove, dump, load) runs in both modes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SKOS

from kb.cli import main
from tests.kb_articles import write_articles
from tests.oxigraph_server import oxigraph_server

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(params=["embedded", "remote"])
def kb(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Yield a --kb value: a fresh directory, or the query URL of a fresh oxigraph serve."""
    if request.param == "embedded":
        yield str(tmp_path / "kb")
        return
    with oxigraph_server(tmp_path / "server") as url:
        yield url


def run(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
    """Return the result of running claimkb with ``args``."""
    return CliRunner().invoke(main, list(args), input=input, env=env, catch_exceptions=False)


def listed(kb: str) -> list[list[str]]:
    """Return `claimkb list` as rows of (IRI, source, title)."""
    result = run("list", "--kb", kb)
    assert result.exit_code == 0, result.output
    return [line.split("\t") for line in result.stdout.splitlines()]


def test_end_to_end(kb: str, tmp_path: Path) -> None:
    paths = write_articles(tmp_path / "articles", 5)
    result = run("ingest", "--kb", kb, "--jobs", "2", str(tmp_path / "articles"))
    assert result.exit_code == 0, result.output
    assert "ingested 5 articles (25 claims, 15 sources" in result.stderr

    rows = listed(kb)
    assert sorted(row[1] for row in rows) == [p.name for p in paths]  # relative to the folder
    assert all(row[0].startswith("https://w3id.org/claimkb/id/article/") for row in rows)

    figures = json.loads(run("stats", "--kb", kb, "--format", "json").stdout)
    deprecated = run("stats", "--kb", kb, "--json")
    assert json.loads(deprecated.stdout) == figures
    assert "--json is deprecated: use --format json" in deprecated.stderr
    assert figures["articles"] == 5
    assert figures["claims"] == 25
    assert figures["claims_by_status"]["unsupported"] == 5
    assert "10.1234/diet.2020.1" in figures["top_sources"][0]["source"]
    assert figures["top_sources"][0]["articles"] == 5

    if "query" in main.commands:  # the query command is H-query's; run it when it is there
        query = "SELECT (COUNT(?c) AS ?n) WHERE { GRAPH ?a { ?c a ckb:Claim } }"
        answer = run("query", "--kb", kb, "--format", "csv", query)
        assert answer.stdout.splitlines() == ["n", "25"]

    removed = run("remove", "--kb", kb, str(paths[0]), rows[-1][0])
    assert removed.exit_code == 0, removed.output
    left = sorted(row[1] for row in listed(kb))
    assert len(left) == 3
    assert str(paths[0]) not in left

    again = run("remove", "--kb", kb, str(paths[0]))
    assert again.exit_code == 2
    assert "no article https://w3id.org/claimkb/id/article/" in again.stderr

    dump = tmp_path / "kb.trig"
    assert run("dump", "--kb", kb, "--format", "trig", "-o", str(dump)).exit_code == 0
    for row in listed(kb):
        run("remove", "--kb", kb, row[0])
    assert listed(kb) == []
    loaded = run("load", "--kb", kb, str(dump))
    assert loaded.exit_code == 0, loaded.output
    assert "loaded 3 article graphs" in loaded.stderr
    assert sorted(row[1] for row in listed(kb)) == left


@pytest.mark.parametrize("fmt", ["trig", "nquads", "jsonld"])
def test_dump_and_load_round_trip(tmp_path: Path, fmt: str) -> None:
    write_articles(tmp_path / "articles", 3)
    first, second = str(tmp_path / "kb1"), str(tmp_path / "kb2")
    assert run("ingest", "--kb", first, str(tmp_path / "articles")).exit_code == 0
    dumped = run("dump", "--kb", first, "--format", fmt).stdout_bytes
    path = tmp_path / f"kb.{fmt}"
    path.write_bytes(dumped)
    assert run("load", "--kb", second, str(path)).exit_code == 0
    nquads = [run("dump", "--kb", kb, "--format", "nquads").stdout for kb in (first, second)]
    assert sorted(nquads[0].splitlines()) == sorted(nquads[1].splitlines())
    assert len(nquads[0].splitlines()) > 100


def test_dump_ttl_merges_all_articles(tmp_path: Path) -> None:
    write_articles(tmp_path / "articles", 2)
    run("ingest", "--kb", str(tmp_path / "kb"), str(tmp_path / "articles"))
    turtle = run("dump", "--kb", str(tmp_path / "kb"), "--format", "ttl").stdout
    merged = Graph().parse(data=turtle, format="turtle")
    assert len(set(merged.subjects(RDF.type, URIRef("https://schema.org/Article")))) == 2
    assert (URIRef("https://w3id.org/claimkb/ns#level-rct"), SKOS.prefLabel, None) in merged


def test_kb_comes_from_the_environment(tmp_path: Path) -> None:
    write_articles(tmp_path / "articles", 1)
    env = {"CLAIMKB_KB": str(tmp_path / "from-env")}
    assert run("ingest", str(tmp_path / "articles"), env=env).exit_code == 0
    assert (tmp_path / "from-env" / "CURRENT").exists()
    assert len(run("list", env=env).stdout.splitlines()) == 1


def test_ingest_exit_codes(tmp_path: Path) -> None:
    (good,) = write_articles(tmp_path, 1)
    (tmp_path / "empty.md").write_text("")
    kb = str(tmp_path / "kb")
    some = run("ingest", "--kb", kb, str(good), str(tmp_path / "empty.md"))
    assert some.exit_code == 1
    assert "1 failed:" in some.stderr
    assert "empty.md" in some.stderr
    none = run("ingest", "--kb", kb, str(tmp_path / "empty.md"))
    assert none.exit_code == 2
    nothing = run("ingest", "--kb", kb, str(tmp_path / "no-such-dir" / "*.md"))
    assert nothing.exit_code == 2


def test_list_of_a_missing_kb_says_what_to_do(tmp_path: Path) -> None:
    result = run("list", "--kb", str(tmp_path / "none"))
    assert result.exit_code == 2
    assert "there is no knowledge base at" in result.stderr


HOLD = """
import sys
from kb.store import open_store
with open_store(sys.argv[1]):
    print("holding", flush=True)
    sys.stdin.read()
"""


def test_second_writer_gets_a_clear_error_and_readers_still_work(tmp_path: Path) -> None:
    write_articles(tmp_path / "articles", 2)
    kb = str(tmp_path / "kb")
    run("ingest", "--kb", kb, str(tmp_path / "articles"))
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, kb], stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=REPO
    )
    try:
        assert holder.stdout.readline().strip() == b"holding"
        refused = run("ingest", "--kb", kb, str(tmp_path / "articles"))
        assert refused.exit_code == 2
        assert f"the knowledge base at {kb} is in use by another process" in refused.stderr
        assert len(listed(kb)) == 2
    finally:
        holder.communicate(timeout=30)  # closes its pipes and waits


def test_quiet_silences_progress_and_notes_but_not_failures(kb: str, tmp_path: Path) -> None:
    paths = write_articles(tmp_path / "articles", 2)
    quiet = run("ingest", "--kb", kb, "--quiet", str(tmp_path / "articles"))
    assert (quiet.exit_code, quiet.stderr) == (0, "")
    assert run("ingest", "--kb", kb, str(paths[0])).stderr.startswith("ingested 1 article")
    (tmp_path / "empty.md").write_text("")
    failed = run("ingest", "--kb", kb, "-q", str(paths[0]), str(tmp_path / "empty.md"))
    assert failed.exit_code == 1 and "empty.md" in failed.stderr
    missing = run("ingest", "--kb", kb, "-q", str(paths[0]), str(tmp_path / "missing.md"))
    assert missing.exit_code == 2 and "missing.md: no such file" in missing.stderr
    exported = run("export", "--kb", kb, "-q", "-o", str(tmp_path / "net.json"))
    assert (exported.exit_code, exported.stderr) == (0, "")
    assert "exported" in run("export", "--kb", kb, "-o", str(tmp_path / "net.json")).stderr
    removed = run("remove", "--kb", kb, "--quiet", str(paths[1]))
    assert (removed.exit_code, removed.stderr) == (0, "")


def test_dumps_carry_prefixes_and_json_ld_is_compacted(tmp_path: Path) -> None:
    import pyoxigraph as ox
    from rdflib import Dataset

    write_articles(tmp_path / "articles", 2)
    kb = str(tmp_path / "kb")
    run("ingest", "--kb", kb, str(tmp_path / "articles"))
    trig = run("dump", "--kb", kb, "--format", "trig").stdout
    assert "@prefix ckb: <https://w3id.org/claimkb/ns#> ." in trig
    assert "ckb:status ckb:" in trig
    document = json.loads(run("dump", "--kb", kb, "--format", "jsonld").stdout)
    assert document["@context"]["ckb"] == "https://w3id.org/claimkb/ns#"
    nodes = [node for graph in document["@graph"] for node in graph["@graph"]]
    assert any("ckb:status" in node and "schema:text" in node for node in nodes)
    assert not any(key.startswith("http") for node in nodes for key in node)
    quads = run("dump", "--kb", kb, "--format", "nquads").stdout.encode()
    expected = set(ox.parse(quads, format=ox.RdfFormat.N_QUADS))
    compacted = json.dumps(document).encode()
    assert set(ox.parse(compacted, format=ox.RdfFormat.JSON_LD)) == expected
    read = Dataset().parse(data=compacted, format="json-ld")  # another JSON-LD reader
    # as quads: a Dataset's len counts a triple said in several graphs (a work's) once
    as_nquads = Dataset().parse(data=quads, format="nquads")
    assert set(read.quads()) == set(as_nquads.quads())
    assert len(set(read.quads())) == len(expected)
