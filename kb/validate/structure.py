"""Check an article graph against shapes/structure.ttl: is it the graph claimkb promises?

pyshacl validates the small in-memory graph of one article, which scales linearly with the
number of articles (a big merged graph does not). The structure shapes check levels and
statuses with ``sh:in``, so no vocabulary is merged into the data. The one rule core SHACL
cannot say, "every end offset lies within the article's text", is checked here in Python
and reported like the others (shape ``structure:offset-in-article``).

The SHACL engine is chosen in :mod:`kb.validate.engine`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, SH
from rdflib.term import Node

from kb.errors import ShaclEngineFailed, ShaclEngineUnavailable
from kb.rdf.graph import Triple
from kb.rdf.prefixes import curie, local_name
from kb.validate.engine import shacl_engine, shacl_run, shacl_validate, with_fallback
from ontology import CKB
from shapes import load_shapes

if TYPE_CHECKING:
    from pyshacl_turbo import CompiledShapes

__all__ = [
    "ShaclEngineFailed",
    "ShaclEngineUnavailable",
    "ValidationOutcome",
    "ValidationResult",
    "format_result",
    "validate_structure",
    "violations_problem",
]

_OFFSET_SHAPE = URIRef("https://w3id.org/claimkb/shapes/structure#offset-in-article")


@dataclass(frozen=True)
class ValidationResult:
    """One SHACL validation result: which node broke which rule, along which path."""

    rule: str  # the shape's dcterms:identifier, else the local name of its IRI
    severity: str  # "violation" | "warning" | "info"
    focus: Node | None  # None only in a report that names no focus node
    path: str | None  # the result path in prefixed form ("ckb:status", "^ckb:hasMarker")
    value: Node | None
    message: str


@dataclass(frozen=True)
class ValidationOutcome:
    """What validation gives: whether the graph conforms, its results and the SHACL report."""

    conforms: bool
    results: tuple[ValidationResult, ...]
    report_graph: Graph


def validate_structure(graph: Graph, engine: str | None = None) -> ValidationOutcome:
    """Return the outcome of checking ``graph`` against the structure shapes.

    ``engine`` is one of ENGINES; None reads ``CLAIMKB_SHACL_ENGINE`` (default ``auto``).
    """
    shapes = _structure_shapes()
    conforms, report = shacl_validate(
        graph, shapes, shacl_engine(engine), compiled=_turbo_structure
    )
    offsets = list(_offsets_beyond_article(graph))
    if offsets:
        conforms = False
        _add_offset_results(report, offsets, shapes)
    # Two constraints of one shape (sh:datatype, sh:minInclusive) can say the same thing twice.
    distinct = set(_results(report, shapes))
    results = sorted(
        distinct, key=lambda r: (str(r.focus), r.rule, r.path or "", r.message, str(r.value))
    )
    return ValidationOutcome(bool(conforms), tuple(results), report)


def structure_conforms(
    triples: list[Triple],
    ntriples: str,
    engine: str | None = None,
    focus: Iterable[URIRef] = (),
) -> bool:
    """Return whether one article's triples (and the same as N-Triples) meet the structure shapes.

    The quick check of ingest: no report is built. pyshacl-turbo reads the N-Triples text as
    it is; pySHACL gets an rdflib Graph. Call ``validate_structure`` for the results.
    ``focus`` (not empty) asks only about those nodes: the shapes' other focus nodes are not
    checked (an end offset past the text fails the check wherever it is).
    """
    if any(_offsets_beyond_article(triples)):
        return False
    turbo_input = _turbo_text_input()
    nodes = sorted(map(str, focus)) or None

    def run(chosen: str) -> bool:
        if chosen == "turbo" and turbo_input is not None:
            data = turbo_input(ntriples, "nt", None, {}, {})
            conforms, _, _ = _turbo_structure().validate(data, inference="none", focus_nodes=nodes)
            return bool(conforms)
        from kb.rdf.graph import graph_of

        shapes = _structure_shapes()
        return shacl_run(graph_of(triples), shapes, chosen, _turbo_structure, nodes)[0]

    return with_fallback(run, shacl_engine(engine), "an article's graph")


@cache
def _turbo_text_input() -> Callable[..., object] | None:
    """Return pyshacl-turbo's input record for RDF text, which skips building an rdflib Graph.

    It is not in the package's public names, so a version without it falls back to a Graph.
    """
    try:
        from pyshacl_turbo.rdf import Input
    except ImportError:
        return None
    return Input


def format_result(result: ValidationResult) -> str:
    """Return one readable line: focus node, path, message and rule."""
    where = _short(result.focus)
    if result.path:
        where += f" {result.path}"
    shown = result.value is not None and result.value != result.focus
    value = f" (value: {_short(result.value)})" if shown else ""
    return f"{result.severity}: {where}: {result.message}{value} [{result.rule}]"


def violations_problem(results: Iterable[ValidationResult], shown: int = 10) -> str | None:
    """Return what ingest says of a graph that breaks the structure shapes: the first
    ``shown`` violations among ``results``, one line each; None when there is none."""
    lines: list[str] = []
    for result in results:
        if result.severity == "violation":
            lines.append(format_result(result))
            if len(lines) > shown:
                break
    if not lines:
        return None
    more = ["... and more"] if len(lines) > shown else []
    listed = "\n    ".join(lines[:shown] + more)
    return f"the graph breaks the structure shapes (please report this bug):\n    {listed}"


@cache
def _structure_shapes() -> Graph:
    return load_shapes("structure")


@cache
def _turbo_structure() -> CompiledShapes:
    """Return the structure shapes compiled once by pyshacl-turbo."""
    from pyshacl_turbo import CompiledShapes

    return CompiledShapes(_structure_shapes())


def _offsets_beyond_article(
    triples: Iterable[tuple[Node, Node, Node]],
) -> Iterator[tuple[URIRef, URIRef, Literal]]:
    """Yield (node, ckb:end, value) for each end offset past its article's text.

    ``triples`` is a Graph or any iterable of triples. A node belongs to the article whose IRI
    its own IRI extends (``A/sentence/3`` is in ``A``), so a dump of many articles is checked
    in one pass.
    """
    lengths: dict[str, int] = {}
    ends: list[tuple[URIRef, URIRef, Literal]] = []
    for node, predicate, value in triples:
        if not (isinstance(value, Literal) and isinstance(value.value, int)):
            continue  # the offset-end and selector-end shapes report it
        if predicate == CKB.textLength:
            lengths[str(node)] = value.value
        elif predicate == CKB.end:
            ends.append((node, predicate, value))  # type: ignore[arg-type]
    for node, end_property, end in ends:
        length = _article_length(str(node), lengths)
        if length is not None and end.value > length:
            yield node, end_property, end


def _article_length(iri: str, lengths: dict[str, int]) -> int | None:
    """Return the text length of the article whose IRI is a path prefix of ``iri``."""
    cut = iri.rfind("/")
    while cut > 0:
        if iri[:cut] in lengths:
            return lengths[iri[:cut]]
        cut = iri.rfind("/", 0, cut)
    return None


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
            if o is not None:  # no sh:message on the shape: the result has none either
                report.add((result, p, o))


def _results(report: Graph, shapes: Graph) -> Iterator[ValidationResult]:
    for node in report.subjects(RDF.type, SH.ValidationResult):
        severity = report.value(node, SH.resultSeverity)
        path = report.value(node, SH.resultPath)
        yield ValidationResult(
            rule=_rule(shapes, report.value(node, SH.sourceShape)),
            severity=local_name(str(severity)).lower(),
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
        return local_name(str(shape))
    return "structure"


def _path_text(graph: Graph, path: Node) -> str:
    """Return a SHACL path in SPARQL-like prefixed form: ``ckb:levelCue/ckb:cueLevel``."""
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
    """Return a node as people read it: an IRI with its longest prefix (``ckbid:article/…``)."""
    if node is None:
        return ""
    if isinstance(node, Literal):
        return repr(str(node)) if len(str(node)) <= 60 else repr(str(node)[:57] + "...")
    if isinstance(node, BNode):
        return node.n3()
    return curie(str(node)) or f"<{node}>"
