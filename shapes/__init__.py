"""The SHACL shapes claimkb ships: ``structure`` (integrity) and ``audit`` (editorial rules)."""

from __future__ import annotations

from importlib.resources import files

from rdflib import Graph

__all__ = ["SHAPES", "load_shapes"]

#: The names of the shapes files in this package (``shapes/{name}.ttl``).
SHAPES = ("structure", "audit")


def load_shapes(name: str) -> Graph:
    """Return a new graph holding the shapes file ``shapes/{name}.ttl`` ("structure" or "audit")."""
    if name not in SHAPES:
        raise ValueError(f"no shapes named {name!r}; choose one of {', '.join(SHAPES)}")
    graph = Graph()
    graph.parse(data=files(__name__).joinpath(f"{name}.ttl").read_text("utf-8"), format="turtle")
    return graph
