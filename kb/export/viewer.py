"""A self-contained HTML page showing the claim-citation network with Cytoscape.js.

The page inlines Cytoscape.js (MIT licence, shipped in ``kb/export/static``) and the network
data, so it opens with no network. Data goes into a JSON script block with ``<`` escaped, so
text from articles can never close the block or run as script.
"""

from __future__ import annotations

import html
import json
from importlib import resources

from kb.export.palette import LEVEL_COLOURS, STATUS_COLOURS
from kb.template import fill


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


def network_page(elements: dict, *, title: str = "claimkb network") -> str:
    """Return the HTML page for Cytoscape.js ``elements`` JSON (as from ``cytoscape_json``)."""
    template = static_text("network.html")
    return fill(
        template,
        {
            "TITLE": html.escape(title),
            "LEGEND": _legend_items(),
            "CYTOSCAPE": static_text("cytoscape.min.js").replace("</script", "<\\/script"),
            "VIEWER": static_text("network.js"),
            "DATA": safe_json(elements),
        },
    )
