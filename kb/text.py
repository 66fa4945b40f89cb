"""Article text cut down for a place with little room: a report's column, a graph node's label."""

from __future__ import annotations


def one_line(text: str, width: int) -> str:
    """Return ``text`` on one line, cut to ``width`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"
