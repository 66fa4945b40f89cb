"""Write the claim-citation network for other tools: GraphML, GEXF, Cytoscape.js, D3, DOT, SVG/PNG.

Colours come from :mod:`kb.export.palette`, the same in DOT pictures, the HTML viewer and the HTML
audit report.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING

from claims.errors import ClaimkbError
from kb.errors import GraphvizMissing, UnknownExportFormat
from kb.export.palette import LEVEL_COLOURS, STATUS_COLOURS, colour, ink

if TYPE_CHECKING:
    import networkx as nx

FORMATS = ("graphml", "gexf", "cyjs", "json", "dot", "svg", "png", "html")
EXTENSIONS = {
    ".graphml": "graphml",
    ".gexf": "gexf",
    ".cyjs": "cyjs",
    ".json": "json",
    ".dot": "dot",
    ".gv": "dot",
    ".svg": "svg",
    ".png": "png",
    ".html": "html",
}
BINARY = {"png"}

KIND_SHAPES = {"article": "folder", "claim": "box", "source": "ellipse", "section": "tab"}


def format_for(path: Path | None, requested: str | None) -> str:
    """Return the export format: the one requested, else the one the file extension names."""
    if requested:
        return requested
    if path is not None and path.suffix.lower() in EXTENSIONS:
        return EXTENSIONS[path.suffix.lower()]
    raise UnknownExportFormat(
        f"cannot tell the export format of {path or 'standard output'}: "
        f"give --format ({', '.join(FORMATS)}) or a file ending in one of "
        f"{', '.join(sorted(EXTENSIONS))}"
    )


def render(graph: nx.Graph, fmt: str, *, title: str = "claimkb") -> bytes:
    """Return the network written in ``fmt`` as bytes."""
    buffer = io.BytesIO()
    write_network(graph, fmt, buffer, title=title)
    return buffer.getvalue()


def write_network(graph: nx.Graph, fmt: str, out: IO[bytes], *, title: str = "claimkb") -> int:
    """Write the network in ``fmt`` to ``out``, streaming where the format allows.

    Return how many characters XML cannot hold (control characters from the articles' text)
    were dropped from a GraphML or GEXF file (0 for the other formats, which keep them).
    """
    writers: dict[str, Callable[[nx.Graph, IO[bytes]], object]] = {
        "graphml": _graphml,
        "gexf": _gexf,
        "cyjs": lambda g, o: _json_to(cytoscape_json(g), o),
        "json": lambda g, o: _json_to(node_link_json(g), o),
        "dot": lambda g, o: o.write(to_dot(g).encode("utf-8")),
        "svg": lambda g, o: o.write(draw(g, "svg")),
        "png": lambda g, o: o.write(draw(g, "png")),
    }
    if fmt == "html":
        from kb.export.viewer import network_page

        out.write(network_page(cytoscape_json(graph), title=title).encode("utf-8"))
        return 0
    if fmt not in writers:
        raise UnknownExportFormat(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    if fmt not in ("graphml", "gexf"):
        writers[fmt](graph, out)
        return 0
    with _xml_safe(graph) as dropped:
        writers[fmt](graph, out)
    return dropped[0]


#: Characters XML 1.0 cannot hold, even escaped: C0 controls but tab, newline and carriage
#: return; surrogates; U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@contextmanager
def _xml_safe(graph: nx.Graph) -> Iterator[list[int]]:
    """Drop the characters XML cannot hold from the graph's text attributes while writing.

    Yield a one-item list that holds the number dropped once the block ends. The attributes
    are put back after: a copy of a big graph would double its memory.
    """
    changed: list[tuple[dict, str, str]] = []
    dropped = [0]
    data = [graph.graph, *(d for _, d in graph.nodes(data=True))]
    data += [d for *_, d in graph.edges(data=True)]
    for attributes in data:
        for key, value in attributes.items():
            if isinstance(value, str) and _NOT_XML.search(value):
                clean, count = _NOT_XML.subn("", value)
                changed.append((attributes, key, value))
                attributes[key] = clean
                dropped[0] += count
    try:
        yield dropped
    finally:
        for attributes, key, value in changed:
            attributes[key] = value


def _json_to(data: object, out: IO[bytes]) -> None:
    """Write ``data`` as JSON chunk by chunk, so a big network is never one string in memory."""
    for chunk in json.JSONEncoder(ensure_ascii=False, indent=1).iterencode(data):
        out.write(chunk.encode("utf-8"))


def _graphml(graph: nx.Graph, out: IO[bytes]) -> None:
    import networkx as nx

    nx.write_graphml(graph, out, encoding="utf-8")  # lxml's incremental writer


def _gexf(graph: nx.Graph, out: IO[bytes]) -> None:
    import networkx as nx

    nodes = graph.nodes(data=True)
    try:
        # Colours added in place and taken off after: a copy of a big graph doubles its memory.
        for _, data in nodes:
            data["viz"] = _viz(colour(data))
        nx.write_gexf(graph, out, encoding="utf-8")
    finally:
        for _, data in nodes:
            data.pop("viz", None)


def _viz(fill: str) -> dict:
    """Return GEXF ``viz`` attributes for a ``#rrggbb`` colour, which Gephi shows on import."""
    r, g, b = (int(fill[i : i + 2], 16) for i in (1, 3, 5))
    return {"color": {"r": r, "g": g, "b": b, "a": 1.0}}


def cytoscape_json(graph: nx.Graph) -> dict:
    """Return the network as Cytoscape.js elements JSON (``{"elements": {"nodes", "edges"}}``)."""
    nodes = [{"data": {"id": n, **d, "colour": colour(d)}} for n, d in graph.nodes(data=True)]
    edges = [
        {"data": {"id": f"e{i}", "source": u, "target": v, **d}}
        for i, (u, v, d) in enumerate(graph.edges(data=True))
    ]
    return {
        "format_version": "1.0",
        "generated_by": "claimkb",
        "data": {"name": "claimkb network"},
        "elements": {"nodes": nodes, "edges": edges},
    }


def node_link_json(graph: nx.Graph) -> dict:
    """Return the network as node-link JSON, the shape D3's force layouts read."""
    import networkx as nx

    return nx.node_link_data(graph, edges="links")


def _dot_id(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'


def to_dot(graph: nx.Graph) -> str:
    """Return the network as a Graphviz DOT graph with colours, shapes and a legend."""
    arrow = "->" if graph.is_directed() else "--"
    lines = [
        f"{'digraph' if graph.is_directed() else 'graph'} claimkb {{",
        '  graph [overlap=false, splines=true, rankdir=LR, fontname="Helvetica"];',
        '  node [style=filled, fontname="Helvetica", fontsize=10];',
    ]
    for node, data in graph.nodes(data=True):
        shape = KIND_SHAPES.get(data.get("kind", ""), "ellipse")
        lines.append(
            f"  {_dot_id(node)} [label={_dot_id(data.get('label', node))}, "
            f'shape={shape}, fillcolor="{colour(data)}", fontcolor="{ink(colour(data))}"];'
        )
    for u, v, data in graph.edges(data=True):
        edge = f"{_dot_id(u)} {arrow} {_dot_id(v)}"
        lines.append(f"  {edge} [{_edge_style(graph, v, data)}];")
    lines.extend(_legend())
    lines.append("}")
    return "\n".join(lines) + "\n"


def _edge_style(graph: nx.Graph, target: str, data: dict) -> str:
    """Return DOT edge attributes: citations solid and labelled, containment light and dashed."""
    if data.get("relation") != "contains":
        return f"label={_dot_id(str(data.get('markers', data.get('weight', ''))))}"
    # An article's edges to its sources would pull every source next to the article.
    loose = ", constraint=false" if graph.nodes[target].get("kind") == "source" else ""
    return f'style=dashed, color="#bbbbbb"{loose}'


def _legend() -> list[str]:
    """Return DOT lines of a legend cluster: claim statuses and source evidence levels."""
    rows = [("Claim: " + s, c) for s, c in STATUS_COLOURS.items()]
    rows += [("Source: " + level, c) for level, c in LEVEL_COLOURS.items()]
    cells = "".join(
        f'<TR><TD BGCOLOR="{c}" WIDTH="14"></TD><TD ALIGN="LEFT">{name}</TD></TR>'
        for name, c in rows
    )
    return [
        "  subgraph cluster_legend {",
        '    label="Legend"; style=rounded;',
        f'    legend [shape=plaintext, style="", label=<<TABLE BORDER="0">{cells}</TABLE>>];',
        "  }",
    ]


def draw(graph: nx.Graph, fmt: str) -> bytes:
    """Return an SVG or PNG picture of the network drawn by Graphviz (sfdp for big graphs)."""
    engine = "dot" if graph.number_of_nodes() <= 300 else "sfdp"
    binary = shutil.which(engine)
    if binary is None:
        raise GraphvizMissing(
            f"Graphviz's {engine} is not installed: install it (Debian: apt-get install graphviz) "
            "or export --format dot and draw it elsewhere"
        )
    done = subprocess.run(
        [binary, f"-T{fmt}"], input=to_dot(graph).encode("utf-8"), capture_output=True, check=False
    )
    if done.returncode != 0:
        raise ClaimkbError(f"Graphviz failed: {done.stderr.decode('utf-8', 'replace').strip()}")
    return done.stdout
