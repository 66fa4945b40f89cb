"""JSON-LD written compact: one ``@context`` of claimkb's prefixes, IRIs as ``ckb:status``.

Oxigraph writes JSON-LD expanded (every property a full IRI, every value an object). Compacting
it here needs no JSON-LD processor: with a context that only declares prefixes, compaction
writes each IRI that starts with a prefix's namespace as ``prefix:local`` (property keys,
``@id`` and ``@type`` values) and a plain string value as the string itself; a JSON-LD reader
expands it back to the same triples. One graph object is compacted at a time, so a dump of any
size is written in the memory of its largest article.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import IO, Any

from kb.rdf.prefixes import curie

__all__ = ["compact_iri", "compact_node", "write_compacted"]

#: A local part that reads back as a compact IRI: no "/", "#", "?" or ":" (nor a leading "_").
_LOCAL = re.compile(r"[A-Za-z0-9][\w.-]*")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def compact_iri(iri: str, prefixes: dict[str, str]) -> str:
    """Return ``prefix:local`` for an IRI under one of ``prefixes`` (the longest), else the IRI."""
    return curie(iri, prefixes, _LOCAL) or iri


def compact_node(node: Any, prefixes: dict[str, str]) -> Any:
    """Return an expanded JSON-LD node, value or list of them, compacted against ``prefixes``."""
    if isinstance(node, list):
        return [compact_node(item, prefixes) for item in node]
    if not isinstance(node, dict):
        return node
    if set(node) == {"@value"} and isinstance(node["@value"], str):
        return node["@value"]
    if node.get("@type") == _XSD_STRING and set(node) == {"@value", "@type"}:
        return node["@value"]
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("@id", "@type") and isinstance(value, str):
            out[key] = compact_iri(value, prefixes)
        elif key == "@type" and isinstance(value, list):
            out[key] = [compact_iri(item, prefixes) for item in value]
        elif key.startswith("@"):
            out[key] = compact_node(value, prefixes)
        else:
            out[compact_iri(key, prefixes)] = compact_node(value, prefixes)
    return out


def write_compacted(
    graphs: Iterable[list[dict[str, Any]]], prefixes: dict[str, str], out: IO[bytes]
) -> None:
    """Write one JSON-LD document: the context, then each expanded graph object compacted."""
    out.write(b'{"@context": ' + json.dumps(prefixes).encode() + b', "@graph": [\n')
    first = True
    for expanded in graphs:
        for graph in expanded:
            out.write(b"" if first else b",\n")
            out.write(json.dumps(compact_node(graph, prefixes), ensure_ascii=False).encode())
            first = False
    out.write(b"\n]}\n")
