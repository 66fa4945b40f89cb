"""The network viewer in a real headless Chromium: loads clean, shows every node, clicks work."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from kb.export.network import build_network, select_graph
from kb.export.writers import render
from tests.browser import open_page, screenshot
from tests.test_export import ARTICLE_TTL, A


def tap(page, node: str) -> None:
    """Tap a node as a click would (returning nothing: a collection is slow to serialise)."""
    page.evaluate(f"() => {{ window.claimkbNetwork.getElementById('{node}').emit('tap'); }}")


@pytest.fixture
def viewer(tmp_path: Path) -> tuple[Path, int]:
    network = build_network(select_graph(Graph().parse(data=ARTICLE_TTL, format="turtle"), A))
    page = tmp_path / "network.html"
    page.write_bytes(render(network, "html", title="Test network"))
    return page, network.number_of_nodes()


def test_viewer_loads_every_node_without_errors(browser, viewer) -> None:
    path, nodes = viewer
    page, errors = open_page(browser, path)
    page.wait_for_function("window.claimkbNetwork !== undefined")
    assert page.evaluate("window.claimkbNetwork.nodes().length") == nodes
    assert page.inner_text("#counts") == "1 article, 3 claims, 4 sources"
    screenshot(page, "network-viewer")
    assert errors == []


def test_clicking_a_claim_shows_its_text_and_sources(browser, viewer) -> None:
    page, errors = open_page(browser, viewer[0])
    page.wait_for_function("window.claimkbNetwork !== undefined")
    claim = f"{A}/sentence/1"
    tap(page, claim)
    details = page.inner_text("#details")
    assert "Tea improves attention in adults." in details
    assert "cites [1, 2] → source: 1 A trial" in details
    page.click("#details a >> text=source: 2")
    assert page.inner_text("#details h2") == "source: 2"
    assert errors == []


def test_search_highlights_matches(browser, viewer) -> None:
    page, _ = open_page(browser, viewer[0])
    page.wait_for_function("window.claimkbNetwork !== undefined")
    page.fill("#search", "dementia")
    assert page.inner_text("#matches") == "1 match"
    assert page.evaluate("window.claimkbNetwork.nodes('.match').length") == 1


def test_article_text_cannot_run_script(browser, viewer) -> None:
    page, errors = open_page(browser, viewer[0])
    page.wait_for_function("window.claimkbNetwork !== undefined")
    claim = f"{A}/sentence/3"
    tap(page, claim)
    assert "<script>alert(1)</script>" in page.inner_text("#details")
    assert page.evaluate("document.querySelectorAll('#details script').length") == 0
    assert errors == []
