"""Write the claim-citation network for other tools: GraphML, GEXF, Cytoscape.js, D3, DOT, SVG/PNG.

Colours come from :mod:`kb.export.palette`, the same in DOT pictures, the HTML viewer and the HTML
audit report.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from claims.parent_death import die_with_parent
from kb.errors import GraphvizFailed, GraphvizMissing, PictureTooLarge, UnknownExportFormat
from kb.export.palette import LEVEL_COLOURS, STATUS_COLOURS, colour, ink
from kb.terminal import escaping, visible

if TYPE_CHECKING:
    import networkx as nx

    from kb.export.network import NetworkFilter, Select
    from kb.store.network_rows import NetworkRows

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


def render(graph: nx.Graph[str], fmt: str, *, title: str = "claimkb") -> bytes:
    """Return the network written in ``fmt`` as bytes."""
    buffer = io.BytesIO()
    write_network(graph, fmt, buffer, title=title)
    return buffer.getvalue()


def export_network(
    select: Select | NetworkRows,
    flt: NetworkFilter,
    fmt: str,
    out: IO[bytes],
    *,
    projection: str | None = None,
    title: str = "claimkb",
) -> tuple[int, int, int]:
    """Write the network that ``select`` reads, filtered and projected, as ``fmt`` to ``out``.

    GraphML, GEXF and node-link JSON of the whole network are written as the query rows come,
    with no networkx graph (one of a knowledge base takes gigabytes); projections and the
    other formats build one. Return the nodes and edges written and the characters XML
    cannot hold that were dropped.
    """
    from kb.export.network import build_network, network_records, project
    from kb.export.stream import STREAMED, write_streamed

    if projection is None and fmt in STREAMED:
        with _escaping(out, fmt) as escaped:
            return write_streamed(network_records(select, flt), fmt, escaped)
    network = build_network(select, flt)
    graph: nx.Graph[str] = project(network, projection, flt) if projection else network
    dropped = write_network(graph, fmt, out, title=title)
    return graph.number_of_nodes(), graph.number_of_edges(), dropped


def write_network(graph: nx.Graph[str], fmt: str, out: IO[bytes], *, title: str = "claimkb") -> int:
    """Write the network in ``fmt`` to ``out``, streaming where the format allows.

    Control characters of the articles' text are escaped as the format escapes them (JSON and
    the HTML page's data ``\\u001b``, XML a character reference; DOT, and the pictures drawn
    from it, show them as ``\\x1b``), but that XML cannot hold C0 ones: they are dropped from a
    GraphML or GEXF file, and how many is returned (0 for the other formats).
    """
    with _escaping(out, fmt) as escaped:
        return _write_network(graph, fmt, escaped, title=title)


def _escaping(out: IO[bytes], fmt: str) -> contextlib.AbstractContextManager[IO[bytes]]:
    """Return ``out`` escaping what the writer of ``fmt`` leaves raw (DEL, C1), if anything."""
    escaped_as = {"graphml": "xml", "gexf": "xml", "json": "json", "cyjs": "json", "html": "json"}
    if fmt not in escaped_as:  # DOT escapes its labels itself; PNG is binary
        return contextlib.nullcontext(out)
    return escaping(out, escaped_as[fmt])


def _write_network(graph: nx.Graph[str], fmt: str, out: IO[bytes], *, title: str) -> int:
    from kb.export.network import graph_records
    from kb.export.stream import STREAMED, write_streamed

    writers: dict[str, Callable[[nx.Graph[str], IO[bytes]], object]] = {
        "cyjs": lambda g, o: _json_to(cytoscape_json(g), o),
        "dot": lambda g, o: o.write(to_dot(g).encode("utf-8")),
        "svg": lambda g, o: o.write(draw(g, "svg")),
        "png": lambda g, o: o.write(draw(g, "png")),
    }
    if fmt in STREAMED:
        return write_streamed(graph_records(graph), fmt, out, directed=graph.is_directed())[2]
    if fmt == "html":
        from kb.export.viewer import LARGE_NETWORK, cytoscape_page, large_network_page

        if graph.number_of_nodes() > LARGE_NETWORK:
            page = large_network_page(graph, title=title)
        else:
            page = cytoscape_page(cytoscape_json(graph), title=title)
        out.write(page.encode("utf-8"))
        return 0
    if fmt not in writers:
        raise UnknownExportFormat(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    writers[fmt](graph, out)
    return 0


def _json_to(data: object, out: IO[bytes]) -> None:
    """Write ``data`` as JSON chunk by chunk, so a big network is never one string in memory."""
    for chunk in json.JSONEncoder(ensure_ascii=False, indent=1).iterencode(data):
        out.write(chunk.encode("utf-8"))


def cytoscape_json(graph: nx.Graph[str]) -> dict[str, Any]:
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


def _dot_id(value: str) -> str:
    """Return ``value`` as a DOT string; its control characters shown as ``\\x1b`` (DOT has
    no escape for them, and Graphviz would copy them into an SVG)."""
    escaped = visible(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'


#: Graphviz's ``dot`` (layered, curved edges) draws up to this many nodes in about a second;
#: bigger networks go to ``sfdp`` (bench/bench_pictures.py has the figures).
DOT_MAX_NODES = 300
#: ``sfdp`` with straight edges drew 29,000 nodes in 33 s and 58,000 in over 200 s (2 cores):
#: beyond this a picture takes minutes and shows a blur, so it is refused with a suggestion.
PICTURE_MAX_NODES = 30_000
#: Longest side of a PNG, in inches at Graphviz's 96 dpi (5,760 pixels): a 7,000-node network
#: otherwise rasterises to 24,000 pixels square, 2.4 GB of memory and 40 s.
PNG_MAX_INCHES = 60
#: What a picture waits for Graphviz at most: well over the time the size cap allows.
GRAPHVIZ_TIMEOUT = 600


def engine_for(graph: nx.Graph[str]) -> str:
    """Return the Graphviz engine that draws ``graph`` in reasonable time: dot or sfdp."""
    return "dot" if graph.number_of_nodes() <= DOT_MAX_NODES else "sfdp"


def _graph_settings(engine: str, fmt: str) -> str:
    """Return DOT graph attributes for ``engine``: layered curves, or straight force layout.

    ``layout`` names the engine in the file, so ``dot -Tsvg`` on an exported DOT file draws
    it as claimkb would. sfdp's curved edges (``splines=true``) take minutes past a thousand
    nodes; straight ones seconds, and ``prism`` removes node overlaps in about the same time.
    """
    if engine == "dot":
        return 'layout=dot, overlap=false, splines=true, rankdir=LR, fontname="Helvetica"'
    size = f', size="{PNG_MAX_INCHES},{PNG_MAX_INCHES}"' if fmt == "png" else ""
    return (
        "layout=sfdp, overlap=prism, splines=false, outputorder=edgesfirst, "
        f'fontname="Helvetica"{size}'
    )


def to_dot(graph: nx.Graph[str], fmt: str = "dot") -> str:
    """Return the network as a Graphviz DOT graph with colours, shapes and a legend.

    The graph's settings suit the engine its size calls for (``fmt`` png also caps the size).
    """
    arrow = "->" if graph.is_directed() else "--"
    lines = [
        f"{'digraph' if graph.is_directed() else 'graph'} claimkb {{",
        f"  graph [{_graph_settings(engine_for(graph), fmt)}];",
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


def _edge_style(graph: nx.Graph[str], target: str, data: dict[str, Any]) -> str:
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


def draw(graph: nx.Graph[str], fmt: str) -> bytes:
    """Return an SVG or PNG picture of the network drawn by Graphviz (sfdp for big graphs).

    Refuse a network too big to draw in about a minute. Graphviz reads the DOT from a pipe
    and writes the picture to one, so it leaves no file behind, and it dies with claimkb
    (Ctrl-C, kill, even SIGKILL on Linux) instead of drawing on for nobody.
    """
    nodes = graph.number_of_nodes()
    if nodes > PICTURE_MAX_NODES:
        raise PictureTooLarge(
            f"the network has {nodes:,} nodes: Graphviz needs minutes for a picture of more "
            f"than {PICTURE_MAX_NODES:,} nodes and it would show a blur; narrow it (--article, "
            "--status, --level, --min-citations 2, or --projection) or export --format html "
            "for the interactive viewer (graphml or gexf for Gephi)"
        )
    engine = engine_for(graph)
    binary = shutil.which(engine)
    if binary is None:
        raise GraphvizMissing(
            f"Graphviz's {engine} is not installed: install it (Debian: apt-get install graphviz) "
            "or export --format dot and draw it elsewhere"
        )
    try:
        done = subprocess.run(
            [binary, f"-T{fmt}"],
            input=to_dot(graph, fmt).encode("utf-8"),
            capture_output=True,
            check=False,
            timeout=GRAPHVIZ_TIMEOUT,
            preexec_fn=die_with_parent,  # only prctl: safe between fork and exec
        )
    except subprocess.TimeoutExpired:
        raise PictureTooLarge(
            f"Graphviz's {engine} had not drawn the {nodes:,}-node network after "
            f"{GRAPHVIZ_TIMEOUT} s: narrow it (--article, --status, --min-citations) or export "
            "--format html for the interactive viewer"
        ) from None
    if done.returncode != 0:
        raise GraphvizFailed(f"Graphviz failed: {done.stderr.decode('utf-8', 'replace').strip()}")
    return done.stdout
