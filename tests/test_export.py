"""The claim-citation network: building, filters, projections, and every export format."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from rdflib import Graph

from kb.export.network import NetworkFilter, build_network, project, select_graph
from kb.export.writers import cytoscape_json, format_for, render, to_dot

A = "https://w3id.org/claimkb/id/article/t1"

#: A hand-written article graph in the contract's vocabulary: three claims, three sources.
ARTICLE_TTL = f"""
@prefix ckb: <https://w3id.org/claimkb/ns#> .
@prefix schema: <https://schema.org/> .
@prefix cito: <http://purl.org/spar/cito/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<{A}> a schema:Article ; dcterms:title "Tea & <memory>" ; ckb:sourcePath "t1.md" .
<{A}/section/0> a ckb:Section ; dcterms:title "Findings" ; dcterms:isPartOf <{A}> .
<{A}/sentence/1> a ckb:Claim, ckb:Sentence ; dcterms:isPartOf <{A}> ; ckb:line 3 ;
    schema:text "Tea improves attention in adults." ; ckb:status ckb:supported ;
    ckb:evidenceLevel ckb:level-rct ; ckb:inSection <{A}/section/0> ;
    cito:citesAsEvidence <{A}/source/1>, <{A}/source/2> ; ckb:hasMarker <{A}/marker/0> .
<{A}/marker/0> a ckb:Marker ; ckb:markerText "[1, 2]" ;
    ckb:refersTo <{A}/source/1>, <{A}/source/2> .
<{A}/sentence/2> a ckb:Claim, ckb:Sentence ; dcterms:isPartOf <{A}> ; ckb:line 4 ;
    schema:text "Studies prove that tea prevents dementia." ; ckb:status ckb:weakly-supported ;
    ckb:evidenceLevel ckb:level-animal ; cito:citesAsEvidence <{A}/source/3> ;
    ckb:hasBooster <{A}/cue/2-0> ; ckb:hasMarker <{A}/marker/1> .
<{A}/cue/2-0> a ckb:CueOccurrence ; ckb:negated false .
<{A}/marker/1> a ckb:Marker ; ckb:markerText "[3]" ; ckb:refersTo <{A}/source/3> .
<{A}/sentence/3> a ckb:Claim, ckb:Sentence ; dcterms:isPartOf <{A}> ; ckb:line 5 ;
    schema:text "Tea <script>alert(1)</script> is calming." ; ckb:status ckb:unsupported .
<{A}/source/1> a ckb:Source ; dcterms:isPartOf <{A}> ; ckb:key "1" ;
    ckb:evidenceLevel ckb:level-rct ; dcterms:title "A trial" ; ckb:doi "10.1/AB" .
<{A}/source/2> a ckb:Source ; dcterms:isPartOf <{A}> ; ckb:key "2" ;
    ckb:evidenceLevel ckb:level-cohort .
<{A}/source/3> a ckb:Source ; dcterms:isPartOf <{A}> ; ckb:key "3" ;
    ckb:evidenceLevel ckb:level-animal ; ckb:evidenceConflict true .
<{A}/source/4> a ckb:Source ; dcterms:isPartOf <{A}> ; ckb:key "4" ;
    ckb:evidenceLevel ckb:level-unknown .
"""


@pytest.fixture(scope="module")
def network() -> nx.DiGraph:
    return build_network(select_graph(Graph().parse(data=ARTICLE_TTL, format="turtle"), A))


def kinds(graph: nx.Graph) -> dict[str, int]:
    counts: dict[str, int] = {}
    for _, data in graph.nodes(data=True):
        counts[data["kind"]] = counts.get(data["kind"], 0) + 1
    return counts


def test_nodes_and_edges(network: nx.DiGraph) -> None:
    assert kinds(network) == {"article": 1, "claim": 3, "source": 4}
    cites = [(u, v) for u, v, d in network.edges(data=True) if d["relation"] == "cites"]
    assert sorted(cites) == [
        (f"{A}/sentence/1", f"{A}/source/1"),
        (f"{A}/sentence/1", f"{A}/source/2"),
        (f"{A}/sentence/2", f"{A}/source/3"),
    ]
    assert network.edges[f"{A}/sentence/1", f"{A}/source/1"]["markers"] == "[1, 2]"


def test_node_attributes(network: nx.DiGraph) -> None:
    claim = network.nodes[f"{A}/sentence/1"]
    assert (claim["status"], claim["level"], claim["line"], claim["citations"]) == (
        "supported",
        "rct",
        3,
        2,
    )
    assert network.nodes[f"{A}/sentence/2"]["status"] == "overclaim"
    assert network.nodes[f"{A}/sentence/2"]["support"] == "weakly-supported"
    source = network.nodes[f"{A}/source/1"]
    assert (source["source_key"], source["level"], source["identity"]) == (
        "1",
        "rct",
        "doi:10.1/ab",
    )
    assert network.nodes[f"{A}/source/3"]["conflict"] is True


@pytest.mark.parametrize(
    ("flt", "claims", "sources"),
    [
        (NetworkFilter(statuses=("unsupported",)), 1, 0),
        (NetworkFilter(levels=("rct",)), 1, 1),
        (NetworkFilter(min_citations=1), 3, 3),
        (NetworkFilter(articles=("https://w3id.org/claimkb/id/article/none",)), 0, 0),
    ],
)
def test_filters(flt: NetworkFilter, claims: int, sources: int) -> None:
    graph = Graph().parse(data=ARTICLE_TTL, format="turtle")
    counts = kinds(build_network(select_graph(graph, A), flt))
    assert (counts.get("claim", 0), counts.get("source", 0)) == (claims, sources)


def test_sections_and_levels() -> None:
    graph = Graph().parse(data=ARTICLE_TTL, format="turtle")
    net = build_network(select_graph(graph, A), NetworkFilter(sections=True, level_nodes=True))
    assert kinds(net)["section"] == 1 and kinds(net)["level"] == 4
    assert net.has_edge(f"{A}/section/0", f"{A}/sentence/1")


def test_source_cocitation_projection(network: nx.DiGraph) -> None:
    cocited = project(network, "sources")
    edges = [(*sorted((u, v)), w) for u, v, w in cocited.edges(data="weight")]
    assert edges == [(f"{A}/source/1", f"{A}/source/2", 1)]
    assert kinds(cocited) == {"source": 4}


def test_claims_projection_links_claims_sharing_a_source(network: nx.DiGraph) -> None:
    assert project(network, "claims").number_of_edges() == 0


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graphml_and_gexf_round_trip_every_attribute(network: nx.DiGraph, fmt: str) -> None:
    data = render(network, fmt)
    reader = nx.read_graphml if fmt == "graphml" else nx.read_gexf
    back = reader(io.BytesIO(data))
    assert set(back.nodes) == set(network.nodes)
    for node, attrs in network.nodes(data=True):
        kept = {k: v for k, v in back.nodes[node].items() if k not in {"label", "viz"}}
        expected = {k: v for k, v in attrs.items() if k != "label"}
        assert kept == expected, node
        assert back.nodes[node]["label"] == attrs["label"]
    assert back.number_of_edges() == network.number_of_edges()


def test_cytoscape_json_has_the_shape_cytoscape_expects(network: nx.DiGraph) -> None:
    doc = json.loads(render(network, "cyjs"))
    nodes, edges = doc["elements"]["nodes"], doc["elements"]["edges"]
    ids = {n["data"]["id"] for n in nodes}
    assert len(ids) == len(nodes) == network.number_of_nodes()
    assert all(isinstance(n["data"]["id"], str) for n in nodes)
    assert all({"id", "source", "target"} <= e["data"].keys() for e in edges)
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in edges)
    assert len({e["data"]["id"] for e in edges}) == len(edges)
    assert cytoscape_json(network)["elements"]["nodes"][0]["data"]["colour"].startswith("#")


def test_node_link_json_for_d3(network: nx.DiGraph) -> None:
    doc = json.loads(render(network, "json"))
    assert {"nodes", "links"} <= doc.keys()
    assert len(doc["links"]) == network.number_of_edges()


def test_dot_escapes_quotes_and_has_a_legend(network: nx.DiGraph) -> None:
    dot = to_dot(network)
    assert dot.startswith("digraph claimkb {") and "cluster_legend" in dot
    assert 'label="Tea & <memory>"' in dot


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_dot_renders_with_graphviz(network: nx.DiGraph) -> None:
    done = subprocess.run(["dot", "-Tsvg"], input=render(network, "dot"), capture_output=True)
    assert done.returncode == 0, done.stderr
    svg = ET.fromstring(render(network, "svg"))
    assert svg.tag.endswith("svg")
    assert render(network, "png").startswith(b"\x89PNG")


def test_html_viewer_is_self_contained_and_escapes_text(network: nx.DiGraph) -> None:
    page = render(network, "html").decode("utf-8")
    assert "<script>alert(1)</script>" not in page
    assert "http://" not in page.split("<script>", 1)[0].replace("http://www.w3.org", "")
    assert 'src="http' not in page and "<link" not in page
    assert "cytoscape" in page


@pytest.mark.parametrize(
    ("name", "fmt"), [("g.graphml", "graphml"), ("g.GEXF", "gexf"), ("g.gv", "dot")]
)
def test_format_from_extension(name: str, fmt: str) -> None:
    from pathlib import Path

    assert format_for(Path(name), None) == fmt
