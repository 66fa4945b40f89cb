"""One palette everywhere: claims by status, sources by evidence level, articles in grey.

DOT pictures, the HTML network viewer and the HTML audit report read the same colours, so a
picture and a page read the same way.
"""

from __future__ import annotations

import math
from typing import Any

#: Fill colours (ColorBrewer RdYlBu / PuOr, colour-blind safe), keyed by claim status.
STATUS_COLOURS = {
    "supported": "#4575b4",
    "weakly-supported": "#fee090",
    "cited-unknown-evidence": "#e0e0e0",
    "unsupported": "#d73027",
    "own-finding": "#91bfdb",
    "covered": "#abd9e9",
    "overclaim": "#762a83",
}
#: Fill colours of sources, from the strongest evidence level to the weakest.
LEVEL_COLOURS = {
    "systematic-review": "#1a9850",
    "rct": "#66bd63",
    "cohort": "#a6d96a",
    "case-control": "#d9ef8b",
    "cross-sectional": "#ffffbf",
    "case-report": "#fee08b",
    "guideline": "#80cdc1",
    "expert-opinion": "#fdae61",
    "animal": "#f46d43",
    "in-vitro": "#d73027",
    "unknown": "#bdbdbd",
}
ARTICLE_COLOUR = "#e0e0e0"


def colour(data: dict[str, Any]) -> str:
    """Return the fill colour of a node from its kind, status or evidence level."""
    if data.get("kind") == "claim":
        return STATUS_COLOURS.get(data.get("status", ""), "#ffffff")
    if data.get("kind") in {"source", "level"}:
        return LEVEL_COLOURS.get(data.get("level", ""), "#ffffff")
    return ARTICLE_COLOUR


def ink(fill: str) -> str:
    """Return black or white, whichever reads better on the ``#rrggbb`` fill colour."""
    r, g, b = (int(fill[i : i + 2], 16) for i in (1, 3, 5))
    return "#000000" if 0.299 * r + 0.587 * g + 0.114 * b > 140 else "#ffffff"


def node_size(data: dict[str, Any]) -> float:
    """Return a node's drawing size: articles large, others growing with their citations.

    The square root keeps a source cited a thousand times from hiding its neighbours.
    """
    if data.get("kind") == "article":
        return 12.0
    return round(3.0 + 2.0 * math.sqrt(data.get("citations", 0) or 0), 2)
