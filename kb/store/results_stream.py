"""SPARQL SELECT results written row by row, so that a result is never held whole in memory.

pyoxigraph's ``QuerySolutions.serialize`` streams too, but it consumes every solution: a row
limit (``claimkb serve --max-rows``) needs to stop after N rows and still close the document.
The four W3C formats are small enough to write here, one solution at a time:
JSON (https://www.w3.org/TR/sparql11-results-json/), XML
(https://www.w3.org/TR/rdf-sparql-XMLres/), CSV and TSV
(https://www.w3.org/TR/sparql11-results-csv-tsv/).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol

import pyoxigraph as ox

from kb.text import xml_inert

__all__ = ["SOLUTION_WRITERS", "write_solutions"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class BytesSink(Protocol):
    """Where results are written: a binary file, or the query worker's frames."""

    def write(self, data: bytes, /) -> int:
        """Write ``data``; return how many bytes."""
        ...


def write_solutions(
    fmt: str, variables: Sequence[str], solutions: Iterable[Iterable[Any]], out: BytesSink
) -> int:
    """Write ``solutions`` to ``out`` in ``fmt`` (json, xml, csv, tsv); return the rows written.

    A solution's terms come in the order of ``variables`` (``QuerySolutions.variables``); each
    distinct term is written once and its text reused (IRIs repeat from row to row), and rows
    go out a batch at a time: three times faster than writing each term and row anew.
    """
    head, row, tail = SOLUTION_WRITERS[fmt]
    out.write(head(variables))
    keys = [_KEYS[fmt](name) for name in variables]
    written: dict[Any, str] = {}
    text = _cached(written, _TERM_WRITERS[fmt])
    count, batch = 0, []
    for solution in solutions:
        batch.append(row(keys, [None if t is None else text(t) for t in solution], count))
        count += 1
        if len(batch) == _BATCH:
            out.write("".join(batch).encode())
            batch.clear()
            if len(written) > _CACHED_TERMS:
                written.clear()
    out.write("".join(batch).encode())
    out.write(tail())
    return count


_BATCH = 1000
_CACHED_TERMS = 100_000


def _cached(written: dict[Any, str], write: Callable[[Any], str]) -> Callable[[Any], str]:
    def text(term: Any) -> str:
        known = written.get(term)
        if known is None:
            known = written[term] = write(term)
        return known

    return text


def _json_term(term: Any) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        entry: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            entry["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            entry["datatype"] = term.datatype.value
        return entry
    return {
        "type": "triple",
        "value": {
            "subject": _json_term(term.subject),
            "predicate": _json_term(term.predicate),
            "object": _json_term(term.object),
        },
    }


def _json_head(variables: Sequence[str]) -> bytes:
    names = json.dumps(list(variables), separators=(",", ":"))
    return b'{"head":{"vars":%s},"results":{"bindings":[' % names.encode()


def _json_text(term: Any) -> str:
    return json.dumps(_json_term(term), ensure_ascii=False, separators=(",", ":"))


def _json_row(keys: list[str], terms: list[str | None], index: int) -> str:
    pairs = ",".join(key + term for key, term in zip(keys, terms, strict=True) if term is not None)
    return f"{',' if index else ''}{{{pairs}}}"


def _jsonl_row(keys: list[str], terms: list[str | None], index: int) -> str:
    """Return one solution as a line: the object the W3C JSON format puts in ``bindings``."""
    return _json_row(keys, terms, 0) + "\n"


def escape(text: str) -> str:
    """Return ``text`` as XML character data: markup characters as entities, control characters
    (a carriage return included) inert as the CLI prints them (:func:`kb.text.xml_inert`), so a
    hostile literal is never invalid XML.
    Written here: ``xml.sax.saxutils`` would import urllib.request into every query worker."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if text.isprintable():  # a cheap test first: nearly every term passes it
        return text
    return xml_inert(text)


def quoteattr(text: str) -> str:
    """Return ``text`` as a double-quoted XML attribute value."""
    escaped = escape(text).replace('"', "&quot;").replace("\n", "&#10;")
    return '"' + escaped.replace("\t", "&#9;") + '"'


def _xml_term(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value not in (_XSD_STRING, _RDF_LANG_STRING):
            datatype = quoteattr(term.datatype.value)
            return f"<literal datatype={datatype}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    parts = (("subject", term.subject), ("predicate", term.predicate), ("object", term.object))
    inner = "".join(f"<{name}>{_xml_term(part)}</{name}>" for name, part in parts)
    return f"<triple>{inner}</triple>"


def _xml_head(variables: Sequence[str]) -> bytes:
    names = "".join(f"<variable name={quoteattr(name)}/>" for name in variables)
    return (
        '<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
        f"<head>{names}</head><results>"
    ).encode()


def _xml_row(keys: list[str], terms: list[str | None], index: int) -> str:
    bindings = "".join(
        f"{key}{term}</binding>" for key, term in zip(keys, terms, strict=True) if term is not None
    )
    return f"<result>{bindings}</result>"


def _csv_text(term: Any) -> str:
    if isinstance(term, ox.BlankNode):
        value = f"_:{term.value}"
    elif isinstance(term, ox.NamedNode | ox.Literal):
        value = term.value
    else:
        value = str(term)
    if _CSV_QUOTED.search(value):  # RFC 4180: a field with a line break is quoted too
        return '"' + value.replace('"', '""') + '"'
    return value


_CSV_QUOTED = re.compile('[,"\r\n]')


def _csv_head(variables: Sequence[str]) -> bytes:
    return (",".join(_csv_text(ox.Literal(name)) for name in variables) + "\r\n").encode()


def _csv_row(keys: list[str], terms: list[str | None], index: int) -> str:
    return ",".join("" if term is None else term for term in terms) + "\r\n"


def _tsv_text(term: Any) -> str:
    """Return a term as pyoxigraph's TSV writer does: an IRI in ``<>``, a number or boolean
    in its short Turtle form, else a quoted literal with tab, line breaks, quote and backslash
    escaped (the same bytes from a store's result and from rows given here)."""
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if not isinstance(term, ox.Literal):
        return str(term)
    value = term.value
    if term.language:
        return f"{_tsv_quoted(value)}@{term.language}"
    datatype = term.datatype.value
    short = _TSV_SHORT.get(datatype)
    if short is not None and short.fullmatch(value):
        return value
    if datatype == _XSD_STRING:
        return _tsv_quoted(value)
    return f"{_tsv_quoted(value)}^^<{datatype}>"


def _tsv_quoted(value: str) -> str:
    return '"' + value.translate(_TSV_ESCAPES) + '"'


_TSV_ESCAPES = str.maketrans({"\t": "\\t", "\n": "\\n", "\r": "\\r", '"': '\\"', "\\": "\\\\"})
_XSD = "http://www.w3.org/2001/XMLSchema#"
#: Literals TSV writes bare when their text is the Turtle form of their datatype.
_TSV_SHORT = {
    _XSD + "boolean": re.compile(r"true|false"),
    _XSD + "integer": re.compile(r"[+-]?[0-9]+"),
    _XSD + "decimal": re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    _XSD + "double": re.compile(r"[+-]?(?:[0-9]+\.[0-9]*|\.?[0-9]+)[eE][+-]?[0-9]+"),
}


def _tsv_head(variables: Sequence[str]) -> bytes:
    return ("\t".join(f"?{name}" for name in variables) + "\n").encode()


def _tsv_row(keys: list[str], terms: list[str | None], index: int) -> str:
    return "\t".join("" if term is None else term for term in terms) + "\n"


def _closing(text: bytes) -> Callable[[], bytes]:
    return lambda: text


#: Per format: the head (from the variables), one row (from the variables' keys and the terms'
#: texts), and the tail.
SOLUTION_WRITERS: dict[str, tuple[Callable[..., bytes], Callable[..., str], Callable[[], bytes]]]
SOLUTION_WRITERS = {
    "json": (_json_head, _json_row, _closing(b"]}}")),
    "xml": (_xml_head, _xml_row, _closing(b"</results></sparql>")),
    "csv": (_csv_head, _csv_row, _closing(b"")),
    "tsv": (_tsv_head, _tsv_row, _closing(b"")),
    "jsonl": (lambda variables: b"", _jsonl_row, _closing(b"")),
}
#: Per format, what goes before a variable's term in a row.
_KEYS: dict[str, Callable[[str], str]] = {
    "json": lambda name: json.dumps(name) + ":",
    "jsonl": lambda name: json.dumps(name) + ":",
    "xml": lambda name: f"<binding name={quoteattr(name)}>",
    "csv": lambda name: "",
    "tsv": lambda name: "",
}
#: Per format, a term's text.
_TERM_WRITERS: dict[str, Callable[[Any], str]] = {
    "json": _json_text,
    "jsonl": _json_text,
    "xml": _xml_term,
    "csv": _csv_text,
    "tsv": _tsv_text,
}
