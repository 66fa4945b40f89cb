"""A self-contained HTML page showing the claim-citation network, whatever its size.

Up to ``LARGE_NETWORK`` nodes the page is Cytoscape.js (labels, shapes, a force layout in the
page); beyond, it is sigma.js drawing with WebGL over graphology, laid out by ForceAtlas2 in a
web worker, with filters, which stays fluid at 100,000 nodes. The libraries (MIT licences,
shipped in ``kb/export/static``, see VENDORED.md) and the data are inlined, so the page opens
with no network. Data goes into a JSON script block with ``<`` escaped, so text from articles
can never close the block or run as script.
"""

from __future__ import annotations

import html
import json
from importlib import resources
from typing import TYPE_CHECKING, Any

from kb.export.palette import ARTICLE_COLOUR, LEVEL_COLOURS, STATUS_COLOURS
from kb.template import fill

if TYPE_CHECKING:
    import networkx as nx

#: Networks with more nodes than this open in the WebGL viewer. Cytoscape.js lays a network
#: out (cose) before the page answers, in time that grows with the square of its nodes: 1.3 s
#: at 129 nodes, 3.6 s at 297, 9 s at 512 and 33 s at 1,010 (one article of 1,010 nodes; in
#: headless Chromium, load 6-9), where the WebGL page opens in about 2 s and lays out in a
#: worker while it answers.
LARGE_NETWORK = 300
#: The columns of a node in the WebGL viewer's data (kb/export/static/graph.js reads them).
KINDS = ("article", "claim", "source", "section", "level")


def static_text(name: str) -> str:
    """Return a file shipped in ``kb/export/static`` as text."""
    return resources.files("kb.export").joinpath("static", name).read_text("utf-8")


def safe_json(data: object) -> str:
    """Return JSON that is safe inside a ``<script>`` element (no ``<``, ``>`` or ``&``)."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _legend_items() -> str:
    items = [("claim", status, c) for status, c in STATUS_COLOURS.items()]
    items += [("source", level, c) for level, c in LEVEL_COLOURS.items()]
    return "".join(
        f'<li><span class="swatch {kind}" style="background:{c}"></span>'
        f"{html.escape(kind)}: {html.escape(name)}</li>"
        for kind, name, c in items
    )


def _inline(name: str) -> str:
    """Return a shipped script with anything that could end its ``<script>`` element escaped."""
    return static_text(name).replace("</script", "<\\/script")


def large_network_page(graph: nx.Graph[str], *, title: str = "claimkb network") -> str:
    """Return the sigma.js (WebGL) page of ``graph``, with filters, search and details."""
    return fill(
        static_text("graph.html"),
        {
            "TITLE": html.escape(title),
            "GRAPHOLOGY": _inline("graphology.umd.min.js"),
            "SIGMA": _inline("sigma.min.js"),
            "FORCEATLAS": _inline("graphology-layout-forceatlas2.min.js"),
            "VIEWER": static_text("graph.js"),
            "DATA": safe_json(compact_network(graph)),
        },
    )


def compact_network(graph: nx.Graph[str]) -> dict[str, Any]:
    """Return the network as columns indexed by position: a third of keyed JSON's size.

    Each node is ``[iri, kind, label, status, level, article, citations, text, section
    title]`` where kind, status, level and article are indexes into the lists beside (-1:
    none); each edge is ``[source, target, relation]`` by node and relation index.
    """
    statuses, levels = list(STATUS_COLOURS), list(LEVEL_COLOURS)
    status_at = {s: i for i, s in enumerate(statuses)}
    level_at = {v: i for i, v in enumerate(levels)}
    kind_at = {k: i for i, k in enumerate(KINDS)}
    articles = [
        (n, d.get("title", "")) for n, d in graph.nodes(data=True) if d["kind"] == "article"
    ]
    article_at = {iri: i for i, (iri, _) in enumerate(articles)}
    index = {node: i for i, node in enumerate(graph.nodes)}
    nodes = [
        [
            node,
            kind_at.get(d["kind"], -1),
            d.get("label", node),
            status_at.get(d.get("status", ""), -1),
            level_at.get(d.get("level", ""), -1),
            article_at.get(d.get("article", ""), -1),
            d.get("citations", 0),
            d.get("text") or d.get("title", ""),
            d.get("section_title", ""),
        ]
        for node, d in graph.nodes(data=True)
    ]
    relations: dict[str, int] = {"cites": 0, "contains": 1}
    edges = [
        [index[u], index[v], relations.setdefault(rel, len(relations))]
        for u, v, rel in graph.edges(data="relation", default="")
    ]
    return {
        "kinds": list(KINDS),
        "statuses": statuses,
        "status_colours": list(STATUS_COLOURS.values()),
        "levels": levels,
        "level_colours": list(LEVEL_COLOURS.values()),
        "article_colour": ARTICLE_COLOUR,
        "articles": [list(a) for a in articles],
        "relations": list(relations),
        "nodes": nodes,
        "edges": edges,
    }


def cytoscape_page(elements: dict[str, Any], *, title: str = "claimkb network") -> str:
    """Return the Cytoscape.js page for ``elements`` JSON (as from ``cytoscape_json``)."""
    template = static_text("network.html")
    return fill(
        template,
        {
            "TITLE": html.escape(title),
            "LEGEND": _legend_items(),
            "CYTOSCAPE": _inline("cytoscape.min.js"),
            "VIEWER": static_text("network.js"),
            "DATA": safe_json(elements),
        },
    )
