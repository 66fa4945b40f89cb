"""The WebGL viewer of a whole knowledge base (51,600 nodes) in a real headless Chromium.

It opens, lays out (ForceAtlas2 in a web worker moves the nodes, until its time is up), answers
a search by zooming to the node and a real mouse click by showing the node's details, filters,
and logs no console error. Each step waits for what it needs (a node moved, the layout ended, the
camera still and a frame drawn), never for a time. Screenshots land in tests/artifacts/
(graph-viewer-*.png): look at them.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from kb.export.network import build_network, project, select_oxigraph
from kb.export.viewer import LARGE_NETWORK
from kb.export.writers import render
from tests.browser import drawn, open_page, screenshot
from tests.network_kb import BASE, network_store

ARTICLES = 600  # 86 nodes each


@pytest.fixture(scope="module")
def whole_kb(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, str]:
    """Return the viewer page, its node count and a claim of the last article that cites."""
    network = build_network(select_oxigraph(network_store(ARTICLES)))
    assert network.number_of_nodes() >= 50_000
    page = tmp_path_factory.mktemp("viewer") / "kb.html"
    page.write_bytes(render(network, "html", title="Whole knowledge base"))
    last = f"{BASE}{ARTICLES - 1:08d}/sentence/"
    claim = next(u for u, _, r in network.edges(data="relation") if r == "cites" and last in u)
    return page, network.number_of_nodes(), claim


def test_whole_kb_viewer_lays_out_searches_and_clicks(browser, whole_kb) -> None:
    path, nodes, claim = whole_kb
    page, errors = open_page(browser, path)
    page.wait_for_function("window.claimkbViewer !== undefined")
    assert page.evaluate("claimkbViewer.graph.order") == nodes
    assert page.inner_text("#counts") == f"{nodes:,} of {nodes:,} nodes shown"
    # Laid out: the layout (restarted here, so it cannot have ended before x is read) moves a
    # claim from where it was.
    start = page.evaluate(
        "claimkbViewer.stopLayout(); claimkbViewer.graph.getNodeAttribute('0', 'x')"
    )
    page.evaluate("claimkbViewer.startLayout()")
    page.wait_for_function(f"claimkbViewer.graph.getNodeAttribute('0', 'x') !== {start}")
    page.wait_for_function("!claimkbViewer.layout.isRunning()")  # it stops itself
    drawn(page)
    screenshot(page, "graph-viewer-whole")
    # One draw call for all the nodes and one for all the edges: a renderer with no GPU (this
    # one) spent tens of seconds a frame on the default programs' one instance per node.
    assert page.evaluate(
        "[claimkbViewer.renderer.nodePrograms.circle, claimkbViewer.renderer.edgePrograms.line]"
        ".map(p => p.isInstanced)"
    ) == [False, False]

    # Search: Enter zooms to the first match and shows it.
    number = claim.rsplit("/", 1)[1]
    text = f"Claim {number} of review {ARTICLES - 1}:"
    page.fill("#search", text)
    page.press("#search", "Enter")
    page.wait_for_function("claimkbViewer.renderer.getCamera().ratio < 0.2")
    found = page.evaluate("claimkbViewer.ids[Number(claimkbViewer.selected())]")
    assert found == claim
    assert text in page.inner_text("#details")
    drawn(page)
    screenshot(page, "graph-viewer-search")

    # A real click on one of the claim's sources, where the renderer draws it (the camera
    # first centred on it: the layout may have drawn it out of the view).
    page.evaluate(
        """() => {
        const v = claimkbViewer, target = v.graph.outNeighbors(v.selected())[0];
        const at = v.renderer.getNodeDisplayData(target);
        v.renderer.getCamera().setState({x: at.x, y: at.y, ratio: 0.08});
    }"""
    )
    drawn(page)
    source = page.evaluate(
        """() => {
        const v = claimkbViewer, key = v.selected();
        const target = v.graph.outNeighbors(key)[0];
        const at = v.renderer.graphToViewport(v.graph.getNodeAttributes(target));
        const box = document.querySelector('#graph').getBoundingClientRect();
        return {key: target, x: box.left + at.x, y: box.top + at.y};
    }"""
    )
    page.mouse.click(source["x"], source["y"])
    page.wait_for_function(f"claimkbViewer.selected() === '{source['key']}'")
    assert page.inner_text("#details h2").startswith("source: ")
    assert "cited by → Claim" in page.inner_text("#details")
    assert errors == []


def test_filters_hide_what_they_leave_out(browser, whole_kb) -> None:
    path, nodes, _ = whole_kb
    page, errors = open_page(browser, path)
    page.wait_for_function("window.claimkbViewer !== undefined")
    page.evaluate("claimkbViewer.stopLayout()")
    page.uncheck("#status-filter input[value='0']")  # supported
    shown = int(page.inner_text("#counts").split(" of ")[0].replace(",", ""))
    hidden = page.evaluate(
        "claimkbViewer.graph.filterNodes(n => claimkbViewer.renderer.getNodeDisplayData(n).hidden)"
        ".length"
    )
    assert 0 < shown < nodes and hidden == nodes - shown
    page.fill("#min-citations", "1000")
    sources = page.evaluate(
        "claimkbViewer.graph.filterNodes(n => /source/.test(claimkbViewer.ids[n]) &&"
        " !claimkbViewer.renderer.getNodeDisplayData(n).hidden).length"
    )
    assert sources == 0
    page.fill("#min-citations", "0")
    page.check("#status-filter input[value='0']")
    page.select_option("#article-filter", value="0")  # the first article: 86 nodes
    assert page.inner_text("#counts") == f"86 of {nodes:,} nodes shown"
    assert errors == []


def one_long_article(claims: int = 320, sources: int = 64) -> nx.DiGraph:
    """Return the network of one article too big for the Cytoscape.js page: each claim cites
    one or two of its sources (claim c cites c mod 64 and, every other claim, 7c mod 64)."""
    graph: nx.DiGraph = nx.DiGraph()
    article = f"{BASE}one-long"
    graph.add_node(article, kind="article", label="One long review", title="One long review")
    graph.nodes[article]["article"] = article
    for s in range(sources):
        source = f"{article}/source/{s}"
        graph.add_node(
            source,
            kind="source",
            label=f"{s} A trial of tea number {s}",
            level="rct",
            article=article,
            citations=0,
        )
        graph.add_edge(article, source, relation="contains", markers="")
    for c in range(claims):
        claim = f"{article}/sentence/{c}"
        cited = {c % sources, (7 * c) % sources} if c % 2 else {c % sources}
        text = f"Long claim {c}: tea helps."
        graph.add_node(
            claim,
            kind="claim",
            label=text,
            text=text,
            status="supported",
            level="rct",
            article=article,
            citations=len(cited),
        )
        graph.add_edge(article, claim, relation="contains", markers="")
        for s in cited:
            graph.add_edge(claim, f"{article}/source/{s}", relation="cites", markers=f"[{s}]")
            graph.nodes[f"{article}/source/{s}"]["citations"] += 1
    return graph


def test_one_long_article_opens_in_the_webgl_viewer_laid_out_by_what_it_cites(
    browser, tmp_path: Path
) -> None:
    """Past LARGE_NETWORK nodes one article opens in the WebGL page (Cytoscape.js would lay it
    out for tens of seconds before answering). Its containment edges would pull every node to
    the article: they are left out, so the claims gather around the sources they cite."""
    network = one_long_article()
    assert network.number_of_nodes() > LARGE_NETWORK
    path = tmp_path / "article.html"
    path.write_bytes(render(network, "html", title="One long review"))
    page, errors = open_page(browser, path)
    page.wait_for_function("window.claimkbViewer !== undefined")
    cites = sum(1 for *_, r in network.edges(data="relation") if r == "cites")
    assert page.evaluate("claimkbViewer.graph.size") == cites
    page.wait_for_function("!claimkbViewer.layout.isRunning()")
    drawn(page)
    screenshot(page, "graph-viewer-one-article")
    v = "claimkbViewer"
    page.fill("#search", "Long claim 5:")
    page.press("#search", "Enter")
    page.wait_for_function(f"{v}.selected() !== null")
    assert "Long claim 5: tea helps." in page.inner_text("#details")
    assert "cites → 5 A trial of tea number 5" in page.inner_text("#details")
    assert errors == []


def test_a_projection_opens_with_its_links_drawn_and_listed(browser, tmp_path: Path) -> None:
    """A projection has no article, so no containment edge: every one of its links is drawn,
    and a node's details list the nodes it is linked to (here, co-cited sources)."""
    cocited = project(build_network(select_oxigraph(network_store(14))), "sources")
    assert cocited.number_of_nodes() > LARGE_NETWORK
    path = tmp_path / "cocited.html"
    path.write_bytes(render(cocited, "html", title="Co-cited sources"))
    page, errors = open_page(browser, path)
    page.wait_for_function("window.claimkbViewer !== undefined")
    assert page.evaluate("claimkbViewer.graph.size") == cocited.number_of_edges()
    source, other = next(iter(cocited.edges))
    page.evaluate(f"claimkbViewer.select(claimkbViewer.ids.indexOf({source!r}))")
    assert page.inner_text("#details h3") == "Links"
    label = cocited.nodes[other]["label"]
    assert f"co-cited → {label}" in page.inner_text("#details")
    assert errors == []
