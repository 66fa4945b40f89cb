"""Streamed GraphML, GEXF and node-link JSON read back as the network networkx builds."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

import networkx as nx
import pytest
from rdflib import Graph, Literal, URIRef

from kb.export.network import (
    NetworkFilter,
    build_network,
    network_records,
    select_graph,
    select_oxigraph,
)
from kb.export.stream import write_streamed
from kb.query.loader import query_texts
from kb.store.spool import Row, RowSpool
from tests.network_kb import network_store
from tests.test_export import ARTICLE_TTL, A

FILTERS = {
    "everything": NetworkFilter(),
    "status": NetworkFilter(statuses=("supported", "unsupported")),
    "level and sections": NetworkFilter(levels=("rct", "cohort"), sections=True),
    "floor and levels": NetworkFilter(min_citations=2, level_nodes=True),
}


def read(fmt: str, data: bytes) -> nx.DiGraph:
    if fmt == "json":
        return nx.node_link_graph(json.loads(data), edges="links")
    return (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(io.BytesIO(data))


def plain(graph: nx.DiGraph) -> tuple[dict, dict]:
    """Return nodes and edges with their attributes, leaving out what GEXF adds (viz)."""
    nodes = {n: {k: v for k, v in d.items() if k != "viz"} for n, d in graph.nodes(data=True)}
    edges = {
        (u, v): {k: x for k, x in d.items() if k != "id"} for u, v, d in graph.edges(data=True)
    }
    return nodes, edges


@pytest.fixture(scope="module")
def store() -> object:
    return network_store(6)


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
@pytest.mark.parametrize("name", list(FILTERS))
def test_streamed_file_is_the_network(store: object, fmt: str, name: str) -> None:
    flt = FILTERS[name]
    expected = build_network(select_oxigraph(store), flt)
    out = io.BytesIO()
    nodes, edges, dropped = write_streamed(network_records(select_oxigraph(store), flt), fmt, out)
    assert (nodes, edges, dropped) == (expected.number_of_nodes(), expected.number_of_edges(), 0)
    assert plain(read(fmt, out.getvalue())) == plain(expected)


@pytest.mark.parametrize("name", list(FILTERS))
def test_queries_run_in_the_order_their_rows_are_read(store: object, name: str) -> None:
    """The queries run one after another in one thread: a query queued before another but read
    after it leaves the reader idle until both have run (at 10,000 articles the writing waited
    for the three large queries). Whatever a filter adds, each runs in the order it is read."""
    ran: list[str] = []
    read: list[str] = []
    # Each network query opens with a comment line of its own.
    names = {text.splitlines()[0]: key for key, text in query_texts("network").items()}

    class Spool(RowSpool):
        """The store's spool, noting when its query runs and when its rows are asked for."""

        def __init__(self, name: str, spool: RowSpool) -> None:
            self.name, self.spool = name, spool

        def fill(self) -> None:
            ran.append(self.name)
            self.spool.fill()

        def rows(self) -> Iterator[Row]:
            read.append(self.name)
            return self.spool.rows()

    inner = select_oxigraph(store)

    def recorded(sparql: str) -> RowSpool:
        name = next(key for first, key in names.items() if first in sparql)
        return Spool(name, inner(sparql))

    records = sum(1 for _ in network_records(recorded, FILTERS[name]))
    assert records > 0
    assert read == ran
    assert {"articles", "citations", "claims", "sources"} <= set(ran)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_characters_xml_cannot_hold_are_dropped_and_counted(fmt: str) -> None:
    graph = Graph().parse(data=ARTICLE_TTL, format="turtle")
    claim = URIRef(f"{A}/sentence/3")
    graph.remove((claim, URIRef("https://schema.org/text"), None))
    graph.add((claim, URIRef("https://schema.org/text"), Literal("Bell\x07 and\x0b tab\tkept.")))
    out = io.BytesIO()
    _, _, dropped = write_streamed(network_records(select_graph(graph, A)), fmt, out)
    assert dropped == 3  # both in the text; the bell also in the label (which folds \x0b)
    assert read(fmt, out.getvalue()).nodes[str(claim)]["text"] == "Bell and tab\tkept."


@pytest.mark.parametrize("markers", ["[1, 2]", "[1]\t[2]", "[1]\r\n[2]", "[1]\u2028\u00a0", ""])
def test_markers_of_any_characters_come_through_as_written(markers: str) -> None:
    """Citations wait on disk one per line while the sources are read: markers holding tabs or
    line breaks of any kind must come back whole."""
    graph = Graph().parse(data=ARTICLE_TTL, format="turtle")
    marker = URIRef(f"{A}/marker/0")
    graph.set((marker, URIRef("https://w3id.org/claimkb/ns#markerText"), Literal(markers)))
    cites = [
        record[3]["markers"]
        for record in network_records(select_graph(graph, A))
        if record[0] == "edge" and record[1] == f"{A}/sentence/1"
    ]
    assert cites == [markers, markers]


def test_node_link_json_is_json_dumps_text_byte_for_byte() -> None:
    """The JSON writer fills templates instead of calling json.dumps per object: its text must
    be json.dumps's (ensure_ascii=False) for strings of any characters, ints and booleans."""
    odd = 'q"\\ \n\t\x01 é \u2028 {0} {} \ud7ff'
    nodes = [
        ("a", {"kind": "claim", "text": odd, "line": 3, "conflict": True, "listed": False}),
        (odd, {"kind": "claim", "text": "", "line": -1, "conflict": False, "listed": True}),
        ("b", {"kind": "source", "label": "{x}"}),
    ]
    edges = [
        ("a", odd, {"relation": "cites", "markers": odd}),
        ("a", "b", {"relation": "contains", "markers": ""}),
        ("b", "a", {"relation": "contains", "markers": ""}),
    ]
    records = [("node", n, d) for n, d in nodes] + [("edge", u, v, d) for u, v, d in edges]
    out = io.BytesIO()
    write_streamed(iter(records), "json", out)

    def dumps(data: dict) -> str:
        return json.dumps(data, ensure_ascii=False)

    expected = (
        '{"directed": true, "multigraph": false, "graph": {}, "nodes": [\n'
        + ",\n".join(dumps({**d, "id": n}) for n, d in nodes)
        + '\n], "links": [\n'
        + ",\n".join(dumps({**d, "source": u, "target": v}) for u, v, d in edges)
        + "\n]}\n"
    )
    assert out.getvalue().decode("utf-8") == expected
