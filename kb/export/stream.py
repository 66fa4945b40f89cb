"""GraphML, GEXF and node-link JSON written straight from the network's records, no networkx.

A knowledge base of 10,000 articles is about 860,000 nodes: held in networkx, with every
attribute in a dict per node, it cost 6 GB before a writer started, and networkx's GEXF writer
builds the whole XML tree on top. Here each node is written as its record arrives
(:func:`kb.export.network.network_records`); edges wait in an anonymous temporary file (unlinked as
it is made, so nothing is left behind however the process ends) and follow the nodes, since
all three formats list nodes first. The files read back in networkx as its own writers' do.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping
from json.encoder import encode_basestring
from typing import IO, Any, Protocol

from kb.export.network import Record
from kb.export.palette import colour, node_size
from kb.text import NOT_XML_CHARS

STREAMED = ("graphml", "gexf", "json")
#: Every attribute a node or an edge can carry, with its type (kb/export/network.py makes them).
NODE_ATTRIBUTES = {
    "kind": str,
    "label": str,
    "text": str,
    "title": str,
    "status": str,
    "support": str,
    "level": str,
    "line": int,
    "article": str,
    "article_title": str,
    "section": str,
    "section_title": str,
    "source_key": str,
    "identity": str,
    "conflict": bool,
    "listed": bool,
    "citations": int,
}
EDGE_ATTRIBUTES = {"relation": str, "markers": str, "weight": int}
_GRAPHML_TYPES = {str: "string", int: "long", bool: "boolean"}
_GEXF_TYPES = {str: "string", int: "long", bool: "boolean"}
_CHUNK = 1 << 20
#: json.dumps(..., ensure_ascii=False) without making an encoder per call.
_JSON = json.JSONEncoder(ensure_ascii=False).encode
#: A str as JSON, as json.dumps(..., ensure_ascii=False) writes it (json's C function).
_string: Callable[[str], str] = encode_basestring
#: Characters XML 1.0 cannot hold, even escaped (kb.text.NOT_XML_CHARS): dropped, and counted.
NOT_XML = re.compile(f"[{NOT_XML_CHARS}]")


class _Counts:
    """What was written: nodes, edges, and characters XML cannot hold that were dropped."""

    def __init__(self) -> None:
        self.nodes = self.edges = self.dropped = 0

    def text(self, value: object) -> str:
        """Return ``value`` escaped as XML text (booleans ``true``/``false``), unsafe ones out."""
        text = str(value).lower() if isinstance(value, bool) else str(value)
        if not text.isprintable():  # a cheap test first: nearly every value passes it
            text, count = NOT_XML.subn("", text)
            self.dropped += count
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    def attribute(self, value: object) -> str:
        """Return ``value`` as a double-quoted XML attribute value."""
        text = self.text(value).replace('"', "&quot;")
        return '"' + text.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;") + '"'

    def texts(self, values: Iterable[object], *, quoted: bool = False) -> list[str]:
        """Return ``values`` as XML text (``quoted``: as attribute values, quotes included).

        One test of all the values joined comes first: nearly every node's values need no
        escaping, and a call per value was a third of the writing time.
        """
        plain = [v if v.__class__ is str else _scalar(v) for v in values]
        joined = "".join(plain)
        if joined.isprintable() and not ("&" in joined or "<" in joined or ">" in joined):
            if not quoted:
                return plain
            if '"' not in joined:
                return ['"' + v + '"' for v in plain]
        return [self.attribute(v) if quoted else self.text(v) for v in plain]


def _scalar(value: object) -> str:
    """Return an int or a bool as XML Schema writes it (``true``, ``false``)."""
    return str(value).lower() if isinstance(value, bool) else str(value)


def write_streamed(
    records: Iterable[Record], fmt: str, out: IO[bytes], *, directed: bool = True
) -> tuple[int, int, int]:
    """Write ``records`` as ``fmt`` (one of STREAMED) to ``out``, a directed network or, for a
    projection (whose links are symmetric: co-cited, share-sources), an undirected one.

    Return the number of nodes and edges written and of characters XML cannot hold that were
    dropped from the articles' text (always 0 for JSON).
    """
    writers: dict[str, type[_Writer]] = {"graphml": _GraphML, "gexf": _Gexf, "json": _NodeLink}
    writer = writers[fmt](directed)
    counts = _Counts()
    with tempfile.TemporaryFile() as edges:
        out.write(writer.head().encode("utf-8"))
        for record in records:
            if record[0] == "node":
                counts.nodes += 1
                out.write(writer.node(record[1], record[2], counts).encode("utf-8"))
            else:
                counts.edges += 1
                line = writer.edge(record[1], record[2], record[3], counts)
                edges.write(line.encode("utf-8"))
        out.write(writer.between().encode("utf-8"))
        edges.seek(0)
        shutil.copyfileobj(edges, out, _CHUNK)
        out.write(writer.tail().encode("utf-8"))
    return counts.nodes, counts.edges, counts.dropped


#: Distinct edge attributes whose XML is kept (edges repeat a few: "contains", the same markers).
_EDGE_CACHE = 1 << 16


def _edge_data(
    cache: dict[tuple[tuple[str, Any], ...], str],
    attributes: Mapping[str, Any],
    counts: _Counts,
    written: Callable[[dict[str, Any], _Counts], str],
) -> str:
    """Return ``written(attributes)``, kept in ``cache`` when nothing was dropped from them."""
    key = tuple(attributes.items())
    text = cache.get(key)
    if text is None:
        dropped = counts.dropped
        text = written(dict(attributes), counts)
        if counts.dropped == dropped:
            if len(cache) >= _EDGE_CACHE:
                cache.clear()
            cache[key] = text
    return text


class _Writer(Protocol):
    """A streamed format: its head, a node, an edge, what goes between nodes and edges, a tail."""

    def __init__(self, directed: bool) -> None:
        """Make a writer of a directed network, or of an undirected one (a projection)."""
        ...

    def head(self) -> str:
        """Return the text before the first node."""
        ...

    def node(self, iri: str, attributes: dict[str, Any], counts: _Counts) -> str:
        """Return one node's text."""
        ...

    def edge(self, source: str, target: str, attributes: dict[str, Any], counts: _Counts) -> str:
        """Return one edge's text."""
        ...

    def between(self) -> str:
        """Return the text between the last node and the first edge."""
        ...

    def tail(self) -> str:
        """Return the text after the last edge."""
        ...


class _GraphML:
    def __init__(self, directed: bool) -> None:
        self.directed = directed
        self.keys = {name: f"d{i}" for i, name in enumerate([*NODE_ATTRIBUTES, *EDGE_ATTRIBUTES])}
        self.opening = {name: f'  <data key="{key}">' for name, key in self.keys.items()}
        self.templates: dict[tuple[str, ...], str] = {}
        self.edges: dict[tuple[tuple[str, Any], ...], str] = {}

    def head(self) -> str:
        keys = [
            f'<key id="{self.keys[name]}" for="{where}" attr.name="{name}" '
            f'attr.type="{_GRAPHML_TYPES[kind]}"/>\n'
            for where, attributes in (("node", NODE_ATTRIBUTES), ("edge", EDGE_ATTRIBUTES))
            for name, kind in attributes.items()
        ]
        return (
            "<?xml version='1.0' encoding='utf-8'?>\n"
            '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
            'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
            + "".join(keys)
            + f'<graph edgedefault="{_direction(self.directed)}">\n'
        )

    def _data(self, attributes: dict[str, Any], counts: _Counts) -> str:
        names = tuple(attributes)
        template = self.templates.get(names)
        if template is None:  # one per set of attributes: claims', sources', edges'...
            template = "".join(self.opening[k] + "{}</data>\n" for k in names)
            self.templates[names] = template
        return template.format(*counts.texts(attributes.values()))

    def node(self, iri: str, attributes: dict[str, Any], counts: _Counts) -> str:
        return f"<node id={counts.attribute(iri)}>\n{self._data(attributes, counts)}</node>\n"

    def edge(self, source: str, target: str, attributes: dict[str, Any], counts: _Counts) -> str:
        ends = counts.texts((source, target), quoted=True)
        data = _edge_data(self.edges, attributes, counts, self._data)
        return f"<edge source={ends[0]} target={ends[1]}>\n{data}</edge>\n"

    def between(self) -> str:
        return ""

    def tail(self) -> str:
        return "</graph></graphml>\n"


class _Gexf:
    def __init__(self, directed: bool) -> None:
        self.directed = directed
        self.ids = {name: str(i) for i, name in enumerate([*NODE_ATTRIBUTES, *EDGE_ATTRIBUTES])}
        self.opening = {
            name: f'          <attvalue for="{i}" value=' for name, i in self.ids.items()
        }
        self.edge_id = 0
        self.templates: dict[tuple[str, ...], str] = {}
        self.edges: dict[tuple[tuple[str, Any], ...], str] = {}

    def head(self) -> str:
        def declared(where: str, attributes: dict[str, Any]) -> str:
            rows = "".join(
                f'      <attribute id="{self.ids[name]}" title="{name}" '
                f'type="{_GEXF_TYPES[kind]}" />\n'
                for name, kind in attributes.items()
                if name != "label"
            )
            return f'    <attributes mode="static" class="{where}">\n{rows}    </attributes>\n'

        return (
            "<?xml version='1.0' encoding='utf-8'?>\n"
            '<gexf xmlns:viz="http://www.gexf.net/1.2draft/viz" '
            'xmlns="http://www.gexf.net/1.2draft" version="1.2">\n'
            "  <meta>\n    <creator>claimkb</creator>\n  </meta>\n"
            f'  <graph defaultedgetype="{_direction(self.directed)}" mode="static" name="">\n'
            + declared("edge", EDGE_ATTRIBUTES)
            + declared("node", NODE_ATTRIBUTES)
            + "    <nodes>\n"
        )

    def _values(self, attributes: dict[str, Any], counts: _Counts) -> str:
        names = tuple(attributes)
        template = self.templates.get(names)
        if template is None:  # one per set of attributes: claims', sources', edges'...
            rows = "".join(self.opening[k] + "{} />\n" for k in names if k != "label")
            template = f"        <attvalues>\n{rows}        </attvalues>\n"
            self.templates[names] = template
        values = [v for k, v in attributes.items() if k != "label"]
        return template.format(*counts.texts(values, quoted=True))

    def node(self, iri: str, attributes: dict[str, Any], counts: _Counts) -> str:
        fill = colour(attributes)
        r, g, b = (int(fill[i : i + 2], 16) for i in (1, 3, 5))
        label = counts.attribute(attributes.get("label", iri))
        return (
            f"      <node id={counts.attribute(iri)} label={label}>\n"
            f'        <viz:color r="{r}" g="{g}" b="{b}" a="1.0" />\n'
            f'        <viz:size value="{node_size(attributes)}" />\n'
            f"{self._values(attributes, counts)}      </node>\n"
        )

    def edge(self, source: str, target: str, attributes: dict[str, Any], counts: _Counts) -> str:
        quoted = counts.texts((source, target), quoted=True)
        ends = f"source={quoted[0]} target={quoted[1]}"
        self.edge_id += 1
        values = _edge_data(self.edges, attributes, counts, self._values)
        return f'      <edge {ends} id="{self.edge_id - 1}">\n{values}      </edge>\n'

    def between(self) -> str:
        return "    </nodes>\n    <edges>\n"

    def tail(self) -> str:
        return "    </edges>\n  </graph>\n</gexf>\n"


class _NodeLink:
    """node-link JSON as networkx's ``node_link_data(graph, edges="links")`` writes it.

    Each object is written from one format template per set of attribute names, its strings
    escaped by json's own C function, the same text as ``json.dumps(..., ensure_ascii=False)``;
    an edge's attributes (a few distinct: "contains", the same markers) are written once.
    """

    def __init__(self, directed: bool) -> None:
        self.directed = directed
        self.first = {"node": True, "edge": True}
        self.templates: dict[tuple[str, ...], str] = {}
        self.edges: dict[tuple[tuple[str, Any], ...], str] = {}

    def _item(self, which: str, text: str) -> str:
        if self.first[which]:
            self.first[which] = False
            return text
        return ",\n" + text

    def _members(self, attributes: dict[str, Any]) -> str:
        """Return ``attributes`` as JSON object members, each followed by ", "."""
        names = tuple(attributes)
        template = self.templates.get(names)
        if template is None:  # one per set of attributes: claims', sources', edges'...
            keys = [_JSON(name).replace("{", "{{").replace("}", "}}") for name in names]
            template = "".join(key + ": {}, " for key in keys)
            self.templates[names] = template
        return template.format(*map(_json_value, attributes.values()))

    def head(self) -> str:
        directed = "true" if self.directed else "false"
        return f'{{"directed": {directed}, "multigraph": false, "graph": {{}}, "nodes": [\n'

    def node(self, iri: str, attributes: dict[str, Any], counts: _Counts) -> str:
        return self._item("node", f'{{{self._members(attributes)}"id": {_string(iri)}}}')

    def edge(self, source: str, target: str, attributes: dict[str, Any], counts: _Counts) -> str:
        key = tuple(attributes.items())
        members = self.edges.get(key)
        if members is None:
            if len(self.edges) >= _EDGE_CACHE:
                self.edges.clear()
            members = self.edges[key] = self._members(attributes)
        ends = f'"source": {_string(source)}, "target": {_string(target)}'
        return self._item("edge", f"{{{members}{ends}}}")

    def between(self) -> str:
        return '\n], "links": [\n'

    def tail(self) -> str:
        return "\n]}\n"


def _direction(directed: bool) -> str:
    """Return GraphML's and GEXF's name of a network's edge direction."""
    return "directed" if directed else "undirected"


def _json_value(value: object) -> str:
    """Return a str, bool or int as ``json.dumps`` writes it (anything else through it)."""
    kind = value.__class__
    if kind is str:
        return _string(value)  # type: ignore[arg-type]
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return int.__repr__(value)
    return _JSON(value)
