"""The WebGL viewer of a whole knowledge base (51,600 nodes) in a real headless Chromium.

It opens, lays out (ForceAtlas2 in a web worker moves the nodes, until its time is up), answers
a search by zooming to the node and a real mouse click by showing the node's details, filters,
and logs no console error. Each step waits for what it needs (a node moved, the layout ended, the
camera still and a frame drawn), never for a time. Screenshots land in tests/artifacts/
(graph-viewer-*.png): look at them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.export.network import build_network, select_oxigraph
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
