"""The claim-citation network: building, filters, projections, and every export format."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from rdflib import Graph

from kb.export.network import PROJECTIONS, NetworkFilter, build_network, project, select_graph
from kb.export.writers import cytoscape_json, format_for, render, to_dot

A = "https://w3id.org/claimkb/id/article/t1"

#: A hand-written article graph in the contract's vocabulary: three claims, three sources.
ARTICLE_TTL = f"""
@prefix ckb: <https://w3id.org/claimkb/ns#> .
@prefix schema: <https://schema.org/> .
@prefix cito: <http://purl.org/spar/cito/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix biro: <http://purl.org/spar/biro/> .
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
    ckb:hasBooster <{A}/cue/2-0> ; ckb:hasMarker <{A}/marker/1> ; ckb:sentenceId "s2" .
<{A}/cue/2-0> a ckb:CueOccurrence ; ckb:cueText "prove" ; ckb:negated false .
<{A}/marker/1> a ckb:Marker ; ckb:markerText "[3]" ; ckb:refersTo <{A}/source/3> .
<{A}/sentence/3> a ckb:Claim, ckb:Sentence ; dcterms:isPartOf <{A}> ; ckb:line 5 ;
    schema:text "Tea <script>alert(1)</script> is calming." ; ckb:status ckb:unsupported .
<{A}/source/1> a ckb:Source ; dcterms:isPartOf <{A}> ; ckb:key "1" ;
    ckb:evidenceLevel ckb:level-rct ; dcterms:title "A trial" ; ckb:doi "10.1/AB" ;
    biro:references <https://doi.org/10.1/ab> .
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


def test_a_booster_on_sources_of_unknown_kind_is_no_overclaim() -> None:
    """As in the audit (rule unchecked-certainty): claimkb cannot tell those sources are weak."""
    unknown = ARTICLE_TTL.replace(
        "ckb:status ckb:weakly-supported", "ckb:status ckb:cited-unknown-evidence"
    )
    network = build_network(select_graph(Graph().parse(data=unknown, format="turtle"), A))
    assert network.nodes[f"{A}/sentence/2"]["status"] == "cited-unknown-evidence"


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
    assert format_for(Path(name), None) == fmt


def test_nodes_carry_titles_and_headings_beside_their_iris() -> None:
    graph = Graph().parse(data=ARTICLE_TTL, format="turtle")
    net = build_network(select_graph(graph, A), NetworkFilter(sections=True))
    claim = net.nodes[f"{A}/sentence/1"]
    assert (claim["article"], claim["article_title"]) == (A, "Tea & <memory>")
    assert (claim["section"], claim["section_title"]) == (f"{A}/section/0", "Findings")
    assert net.nodes[f"{A}/sentence/3"]["section_title"] == ""
    assert net.nodes[f"{A}/source/1"]["article_title"] == "Tea & <memory>"
    assert net.nodes[f"{A}/section/0"]["title"] == "Findings"


def test_gexf_gives_gephi_a_size_and_a_colour_per_node(network: nx.DiGraph) -> None:
    root = ET.fromstring(render(network, "gexf"))
    nodes = {n.get("id"): n for n in root.iter() if n.tag.endswith("}node")}
    assert set(nodes) == set(network.nodes)
    sizes = {}
    for node, element in nodes.items():
        size = [c for c in element if c.tag.endswith("}size")]
        colour = [c for c in element if c.tag.endswith("}color")]
        assert len(size) == 1 and len(colour) == 1, node
        sizes[node] = float(size[0].get("value"))
    # source 1 is cited once, source 4 never; the article is the biggest
    assert sizes[A] > sizes[f"{A}/source/1"] > sizes[f"{A}/source/4"]
    assert sizes[f"{A}/sentence/1"] > sizes[f"{A}/sentence/3"]  # 2 citations against none


def test_projection_edges_are_named_for_what_links_their_nodes() -> None:
    from kb.export.network import select_oxigraph
    from tests.network_kb import network_store

    net = build_network(select_oxigraph(network_store(3)))
    names = {p: {r for *_, r in project(net, p).edges(data="relation")} for p in PROJECTIONS}
    assert names == {
        "claims": {"share-sources"},
        "sources": {"co-cited"},
        "articles": {"cite-same-works"},
    }


def test_narrowing_filters_leave_no_unlinked_node_unless_asked() -> None:
    graph = Graph().parse(data=ARTICLE_TTL, format="turtle")
    select = select_graph(graph, A)
    assert build_network(select, NetworkFilter(statuses=("own-finding",))).number_of_nodes() == 0
    kept = build_network(select, NetworkFilter(statuses=("own-finding",), keep_isolated=True))
    assert list(kept.nodes) == [A]
    flt = NetworkFilter(min_citations=1)
    cocited = project(build_network(select, flt), "sources", flt)
    assert sorted(cocited.nodes) == [f"{A}/source/1", f"{A}/source/2"]
    everything = project(build_network(select), "sources")
    assert nx.number_of_isolates(everything) == 2  # no filter: every source stays


def test_an_unfiltered_network_keeps_an_article_without_claims() -> None:
    empty = f"{A}-empty"
    ttl = f'<{empty}> a <https://schema.org/Article> ; <http://purl.org/dc/terms/title> "Empty" .'
    net = build_network(select_graph(Graph().parse(data=ttl, format="turtle"), empty))
    assert list(net.nodes) == [empty]


def test_large_viewer_is_self_contained_and_escapes_text(network: nx.DiGraph) -> None:
    from kb.export.viewer import compact_network, large_network_page

    page = large_network_page(network)
    assert "<script>alert(1)</script>" not in page
    assert 'src="http' not in page and "<link" not in page
    assert "Sigma" in page and "graphologyFA2" in page
    data = compact_network(network)
    assert len(data["nodes"]) == network.number_of_nodes()
    assert len(data["edges"]) == network.number_of_edges()
    claim = next(n for n in data["nodes"] if n[0] == f"{A}/sentence/1")
    assert data["kinds"][claim[1]] == "claim" and data["statuses"][claim[3]] == "supported"
    assert data["articles"][claim[5]] == [A, "Tea & <memory>"] and claim[6] == 2


SAME_WORK = Path(__file__).parent / "fixtures" / "export-same-work"


def test_a_work_cited_by_its_pmid_alone_is_the_doi_work_an_entry_elsewhere_states(
    tmp_path: Path,
) -> None:
    """One article prints a paper's DOI and PMID (the store states them the same work), one its
    PMID alone, one its DOI alone in other case: the export gives the three entries one
    identity, as most-cited-sources counts them, so the articles projection links all three;
    an export of the PMID-only article alone still names the DOI's work."""
    from click.testing import CliRunner

    from kb.cli import main
    from kb.ingest.pipeline import ingest
    from kb.store import open_store

    kb = str(tmp_path / "kb")
    with open_store(kb) as store:
        assert ingest(store, [str(SAME_WORK)], jobs=1).articles == 3

    def exported(*options: str) -> dict[str, Any]:
        args = ["export", "--kb", kb, "--format", "json", "-q", *options]
        result = CliRunner().invoke(main, args, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    def identities(doc: dict[str, Any]) -> list[str]:
        return sorted(n["identity"] for n in doc["nodes"] if n["kind"] == "source")

    work = "doi:10.7777/sleeph.2021.0150"
    assert identities(exported())[:3] == [work] * 3
    assert len(exported("--projection", "articles")["links"]) == 3
    alone = exported("--article", str(SAME_WORK / "night-shift-notes.txt"))
    assert identities(alone) == [work]


TITLE_WORK = Path(__file__).parent / "fixtures" / "export-title-work"


def test_a_work_cited_without_doi_or_pmid_is_the_store_work_of_its_title_and_year(
    tmp_path: Path,
) -> None:
    """Two articles cite one paper by title and year alone, printed in different case: their
    sources have one identity, the work IRI the store minted from the title and year (as
    most-cited-sources counts them), so the articles projection links the two; the same title
    of another year is another work."""
    from click.testing import CliRunner

    from kb.cli import main
    from kb.ingest.pipeline import ingest
    from kb.store import open_store

    kb = str(tmp_path / "kb")
    with open_store(kb) as store:
        assert ingest(store, [str(TITLE_WORK)], jobs=1).articles == 2
        cited = "SELECT ?w WHERE { GRAPH ?g { ?s <http://purl.org/spar/biro/references> ?w } }"
        works = {row["w"] for row in store.select_rows(cited)}

    def exported(*options: str) -> dict[str, Any]:
        args = ["export", "--kb", kb, "--format", "json", "-q", *options]
        result = CliRunner().invoke(main, args, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    by_key = {
        (n["article_title"], n["source_key"]): n["identity"]
        for n in exported()["nodes"]
        if n["kind"] == "source"
    }
    harbour = by_key["Swimming in the harbour", "1"]
    assert harbour == by_key["Notes from the lido", "1"]
    assert by_key["Notes from the lido", "2"] != harbour
    assert set(by_key.values()) == works and len(works) == 2
    assert len(exported("--projection", "articles")["links"]) == 1


def read_back(fmt: str, data: bytes) -> nx.Graph:
    """Return the network ``render`` wrote as ``fmt``, read by networkx as Gephi or D3 would."""
    if fmt == "json":
        return nx.node_link_graph(json.loads(data), edges="links")
    return (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(io.BytesIO(data))


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_a_projection_is_written_undirected_the_network_directed(fmt: str) -> None:
    """A projection's links are symmetric (co-cited, share-sources, cite-same-works): a file
    that said "directed" made Gephi draw arrows from the lesser IRI and split each node's
    degree into in and out."""
    from kb.export.network import select_oxigraph
    from tests.network_kb import network_store

    net = build_network(select_oxigraph(network_store(3)))
    assert read_back(fmt, render(net, fmt)).is_directed()
    for projection in PROJECTIONS:
        linked = project(net, projection)
        back = read_back(fmt, render(linked, fmt))
        assert not back.is_directed(), projection
        assert {frozenset(e) for e in back.edges} == {frozenset(e) for e in linked.edges}
        assert back.number_of_edges() == linked.number_of_edges() > 0


def test_a_network_past_the_cytoscape_size_opens_in_the_webgl_viewer() -> None:
    """Cytoscape.js lays its network out before the page answers, in time growing with the
    square of the nodes (33 s for an article of 1,010): past LARGE_NETWORK, the WebGL page."""
    from kb.export.network import select_oxigraph
    from kb.export.viewer import LARGE_NETWORK
    from tests.network_kb import network_store

    small = build_network(select_oxigraph(network_store(3)))
    big = build_network(select_oxigraph(network_store(4)))
    assert small.number_of_nodes() <= LARGE_NETWORK < big.number_of_nodes() < 1500
    assert b"window.claimkbNetwork" in render(small, "html")
    page = render(big, "html")
    assert b"window.claimkbViewer" in page and b"cytoscape" not in page
