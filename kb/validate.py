"""Check an article graph against shapes/structure.ttl: is it the graph claimkb promises?

pyshacl validates the small in-memory graph of one article, which scales linearly with the
number of articles (a big merged graph does not). The structure shapes check levels and
statuses with ``sh:in``, so no vocabulary is merged into the data. The one rule core SHACL
cannot say, "every end offset lies within the article's text", is checked here in Python
and reported like the others (shape ``structure:offset-in-article``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, SH
from rdflib.term import Node

from claims.errors import ClaimkbError
from ontology import CKB, OA, PREFIXES
from shapes import load_shapes

__all__ = [
    "GraphUnreadable",
    "ValidationOutcome",
    "ValidationResult",
    "format_result",
    "read_graph",
    "validate_structure",
]

#: File suffixes read as RDF (anything else is an article to extract).
RDF_FORMATS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".n3": "n3",
    ".jsonld": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
}
_OFFSET_SHAPE = URIRef("https://w3id.org/claimkb/shapes/structure#offset-in-article")
_ENDS = (CKB.end, OA.end)


class GraphUnreadable(ClaimkbError):
    """An RDF file could not be read or parsed."""


@dataclass(frozen=True)
class ValidationResult:
    """One SHACL validation result: which node broke which rule, along which path."""

    rule: str  # the shape's dcterms:identifier, else the local name of its IRI
    severity: str  # "violation" | "warning" | "info"
    focus: Node
    path: str | None  # the result path in prefixed form ("ckb:status", "^ckb:hasMarker")
    value: Node | None
    message: str


@dataclass(frozen=True)
class ValidationOutcome:
    """What validation gives: whether the graph conforms, its results and the SHACL report."""

    conforms: bool
    results: tuple[ValidationResult, ...]
    report_graph: Graph


def validate_structure(graph: Graph) -> ValidationOutcome:
    """Return the outcome of checking ``graph`` against the structure shapes."""
    from pyshacl import validate

    shapes = _structure_shapes()
    conforms, report, _ = validate(graph, shacl_graph=shapes, inference="none")
    offsets = list(_offsets_beyond_article(graph))
    if offsets:
        conforms = False
        _add_offset_results(report, offsets, shapes)
    results = sorted(_results(report, shapes), key=lambda r: (str(r.focus), r.rule, r.path or ""))
    return ValidationOutcome(bool(conforms), tuple(results), report)


def read_graph(path: Path) -> Graph:
    """Return the graph in an RDF file (by suffix: .ttl, .nt, .n3, .jsonld, .rdf, .owl)."""
    fmt = RDF_FORMATS.get(path.suffix.lower(), "turtle")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise GraphUnreadable(f"{path}: cannot read the file: {error.strerror}") from error
    graph = Graph()
    try:
        graph.parse(data=data, format=fmt)
    except Exception as error:  # rdflib's parsers raise many unrelated types
        raise GraphUnreadable(f"{path}: {_parse_error(error)}") from error
    return graph


def format_result(result: ValidationResult) -> str:
    """Return one readable line: focus node, path, message and rule."""
    where = _short(result.focus)
    if result.path:
        where += f" {result.path}"
    shown = result.value is not None and result.value != result.focus
    value = f" (value: {_short(result.value)})" if shown else ""
    return f"{result.severity}: {where}: {result.message}{value} [{result.rule}]"


@cache
def _structure_shapes() -> Graph:
    return load_shapes("structure")


def _parse_error(error: Exception) -> str:
    """Return a one-line reason for a parse error, with its line when the parser gives it."""
    line = getattr(error, "lines", None)
    why = getattr(error, "_why", None) or str(error).strip().splitlines()[-1]
    if line is not None:
        return f"line {line + 1}: not valid RDF: {why}; fix the file or give an article instead"
    return f"not valid RDF: {why}; fix the file or give an article instead"


def _offsets_beyond_article(graph: Graph) -> Iterator[tuple[URIRef, URIRef, Literal]]:
    """Yield (node, end property, value) for each end offset past its article's text."""
    for article, length in graph.subject_objects(CKB.textLength):
        if not (isinstance(length, Literal) and isinstance(length.value, int)):
            continue  # structure:article-text-length reports it
        prefix = f"{article}/"
        for end_property in _ENDS:
            for node, end in graph.subject_objects(end_property):
                if (
                    str(node).startswith(prefix)
                    and isinstance(end, Literal)
                    and isinstance(end.value, int)
                    and end.value > length.value
                ):
                    yield node, end_property, end


def _add_offset_results(
    report: Graph, offsets: list[tuple[URIRef, URIRef, Literal]], shapes: Graph
) -> None:
    root = next(report.subjects(RDF.type, SH.ValidationReport))
    report.set((root, SH.conforms, Literal(False)))
    message = shapes.value(_OFFSET_SHAPE, SH.message)
    for node, end_property, end in offsets:
        result = BNode()
        report.add((root, SH.result, result))
        for p, o in (
            (RDF.type, SH.ValidationResult),
            (SH.focusNode, node),
            (SH.resultPath, end_property),
            (SH.value, end),
            (SH.resultSeverity, SH.Violation),
            (SH.sourceShape, _OFFSET_SHAPE),
            (SH.resultMessage, message),
        ):
            report.add((result, p, o))


def _results(report: Graph, shapes: Graph) -> Iterator[ValidationResult]:
    for node in report.subjects(RDF.type, SH.ValidationResult):
        severity = report.value(node, SH.resultSeverity)
        path = report.value(node, SH.resultPath)
        yield ValidationResult(
            rule=_rule(shapes, report.value(node, SH.sourceShape)),
            severity=str(severity).rsplit("#", 1)[-1].lower(),
            focus=report.value(node, SH.focusNode),
            path=_path_text(report, path) if path is not None else None,
            value=report.value(node, SH.value),
            message=str(report.value(node, SH.resultMessage) or "does not conform"),
        )


def _rule(shapes: Graph, shape: Node | None) -> str:
    identifier = shapes.value(shape, DCTERMS.identifier) if shape is not None else None
    if identifier is not None:
        return str(identifier)
    if isinstance(shape, URIRef):
        return str(shape).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return "structure"


def _path_text(graph: Graph, path: Node) -> str:
    """Return a SHACL path in SPARQL-like prefixed form: ``ckb:anchor/oa:hasSelector``."""
    if isinstance(path, URIRef):
        return _short(path)
    if (path, RDF.first, None) in graph:
        return "/".join(_path_text(graph, step) for step in Collection(graph, path))
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return f"^{_path_text(graph, inverse)}"
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_path_text(graph, p) for p in Collection(graph, alternatives)) + ")"
    return str(path)


def _short(node: Node | None) -> str:
    """Return an IRI with the longest matching prefix (``data:article/…/sentence/3``)."""
    if node is None:
        return ""
    if isinstance(node, Literal):
        return repr(str(node)) if len(str(node)) <= 60 else repr(str(node)[:57] + "...")
    text = str(node)
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda p: -len(p[1])):
        if text.startswith(namespace):
            return f"{prefix}:{text[len(namespace) :]}"
    return f"<{text}>"
