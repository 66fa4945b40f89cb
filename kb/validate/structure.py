"""Check an article graph against shapes/structure.ttl: is it the graph claimkb promises?

pyshacl validates the small in-memory graph of one article, which scales linearly with the
number of articles (a big merged graph does not). The structure shapes check levels and
statuses with ``sh:in``, so no vocabulary is merged into the data. The one rule core SHACL
cannot say, "every end offset lies within the article's text", is checked here in Python
and reported like the others (shape ``structure:offset-in-article``).

Two SHACL engines give the same results (tests/test_shacl_engines.py checks every fixture):
pySHACL, the reference, and pyshacl-turbo (a Rust engine, about 40x faster; the ``turbo``
extra). ``CLAIMKB_SHACL_ENGINE`` (``auto``, ``pyshacl`` or ``turbo``) chooses between them for
every command; ``auto``, the default, takes pyshacl-turbo when it is installed.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from rdflib import RDF, BNode, Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import DCTERMS, SH
from rdflib.term import Node

from claims.errors import ClaimkbError
from kb.errors import GraphUnreadable, ShaclEngineFailed, ShaclEngineUnavailable
from kb.rdf.prefixes import curie
from ontology import CKB, SCHEMA
from shapes import load_shapes

if TYPE_CHECKING:
    from claims.model import Article

__all__ = [
    "ENGINES",
    "ENGINE_VARIABLE",
    "RDF_FORMATS",
    "GraphUnreadable",
    "ShaclEngineFailed",
    "ShaclEngineUnavailable",
    "ValidationOutcome",
    "ValidationResult",
    "format_result",
    "graphs_to_validate",
    "rdf_syntax",
    "read_graph",
    "shacl_engine",
    "shacl_validate",
    "validate_structure",
    "with_fallback",
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
#: File suffixes read as RDF datasets: each named graph is validated on its own.
DATASET_FORMATS = {".trig": "trig", ".nq": "nquads"}
#: How Turtle, TriG and N-Triples start (after comments): a directive, or a subject IRI or node.
_TURTLE_START = re.compile(
    r"(?:\s|#[^\n]*\n)*(?:@prefix\s|@base\s|(?i:prefix)\s+[\w.-]*:\s*<|(?i:base)\s*<"
    r"|<[A-Za-z][\w+.-]*:[^\s<>\"]*>|_:)"
)
#: The SHACL engines ``validate_structure`` runs; ``auto`` is turbo when installed, else pyshacl.
ENGINES = ("auto", "pyshacl", "turbo")
#: The environment variable that chooses the engine when the caller does not.
ENGINE_VARIABLE = "CLAIMKB_SHACL_ENGINE"
_T = TypeVar("_T")
_OFFSET_SHAPE = URIRef("https://w3id.org/claimkb/shapes/structure#offset-in-article")


def with_fallback(run: Callable[[str], _T], engine: str, what: str = "the graph") -> _T:
    """Return ``run(engine)``; when pyshacl-turbo fails on the data, ``run("pyshacl")``.

    pySHACL, the reference, reads what rdflib reads, which is more than Oxigraph's strict
    parser takes: one odd IRI in a file the user gave must not cost them the whole check.
    When the reference fails too, raise ShaclEngineFailed saying which engine and why.
    """
    try:
        return run(engine)
    except ClaimkbError:
        raise
    except Exception as error:
        if engine == "turbo":
            try:
                return run("pyshacl")
            except Exception:
                pass
        reason = " ".join(str(error).split()) or type(error).__name__
        raise ShaclEngineFailed(
            f"the SHACL engine {engine} could not check {what}: {reason}; this is a bug in "
            "claimkb: please report it with the input"
            + (f" (set {ENGINE_VARIABLE}=pyshacl to get round it)" if engine == "turbo" else "")
        ) from error


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
    triples: list[tuple[Node, Node, Node]], ntriples: str, engine: str | None = None
) -> bool:
    """Return whether one article's triples (and the same as N-Triples) meet the structure shapes.

    The quick check of ingest: no report is built. pyshacl-turbo reads the N-Triples text as
    it is; pySHACL gets an rdflib Graph. Call ``validate_structure`` for the results.
    """
    if any(_offsets_beyond_article(triples)):
        return False
    turbo_input = _turbo_text_input()

    def run(chosen: str) -> bool:
        if chosen == "turbo" and turbo_input is not None:
            data = turbo_input(ntriples, "nt", None, {}, {})
            conforms, _, _ = _turbo_structure().validate(data, inference="none")
            return bool(conforms)
        from kb.rdf.graph import graph_of

        shapes = _structure_shapes()
        return _shacl_run(graph_of(triples), shapes, chosen, _turbo_structure)[0]

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


def graphs_to_validate(
    source: str,
    input_format: str | None = None,
    on_article: Callable[[Article], None] | None = None,
) -> list[tuple[str, Graph]]:
    """Return (label, graph) pairs for ``claimkb validate``.

    An RDF file gives its graph, a TriG or N-Quads dump each of its named graphs, and any other
    file is an article: extracted, graded and built into its graph as ``claimkb audit`` would
    (``on_article`` sees the extracted article: the CLI prints its reading warnings).
    """
    path = Path(source)
    suffix = path.suffix.lower()
    if source == "-":
        data = sys.stdin.buffer.read()
        syntax = None if input_format else rdf_syntax(data)
        if syntax is None:
            return [(source, _article_graph(data, input_format, on_article))]
        graphs = _piped_graphs(data, syntax)
    elif suffix in DATASET_FORMATS:
        graphs = _dataset_graphs(source, _read_bytes(path), DATASET_FORMATS[suffix])
    elif suffix in RDF_FORMATS:
        graphs = [(source, read_graph(path))]
    else:
        return [(source, _article_graph(path, input_format, on_article))]
    if not any((None, RDF.type, SCHEMA.Article) in graph for _, graph in graphs):
        raise GraphUnreadable(
            f"{source}: holds no schema:Article, so it is not an article graph claimkb made; "
            "give a file written by `claimkb audit --format ttl` or `claimkb dump`, or an article"
        )
    return graphs


def read_graph(path: Path) -> Graph:
    """Return the graph in an RDF file (by suffix: .ttl, .nt, .n3, .jsonld, .rdf, .owl)."""
    graph = Graph()
    _parse(graph, path, RDF_FORMATS.get(path.suffix.lower(), "turtle"))
    return graph


def format_result(result: ValidationResult) -> str:
    """Return one readable line: focus node, path, message and rule."""
    where = _short(result.focus)
    if result.path:
        where += f" {result.path}"
    shown = result.value is not None and result.value != result.focus
    value = f" (value: {_short(result.value)})" if shown else ""
    return f"{result.severity}: {where}: {result.message}{value} [{result.rule}]"


def shacl_engine(engine: str | None = None) -> str:
    """Return the engine to run, "pyshacl" or "turbo", for a choice among ENGINES.

    None takes the choice from ``CLAIMKB_SHACL_ENGINE``, else ``auto``.
    """
    choice = (engine or os.environ.get(ENGINE_VARIABLE) or "auto").strip().lower()
    if choice not in ENGINES:
        raise ShaclEngineUnavailable(
            f"unknown SHACL engine {choice!r}; set {ENGINE_VARIABLE} to one of {', '.join(ENGINES)}"
        )
    installed = _turbo_installed()
    if choice == "turbo" and not installed:
        raise ShaclEngineUnavailable(
            "the SHACL engine 'turbo' needs pyshacl-turbo, which is not installed; "
            f"install claimkb[turbo], or set {ENGINE_VARIABLE}=pyshacl"
        )
    if choice == "auto":
        return "turbo" if installed else "pyshacl"
    return choice


def shacl_validate(
    graph: Graph, shapes: Graph, engine: str, compiled: Callable[[], object] | None = None
) -> tuple[bool, Graph]:
    """Return (conforms, report graph) from ``engine`` ("pyshacl" or "turbo"), no inference.

    ``compiled`` gives the shapes already compiled for turbo, when the caller keeps them.
    When turbo fails on the data, pySHACL checks it (``with_fallback``).
    """
    return with_fallback(lambda chosen: _shacl_run(graph, shapes, chosen, compiled), engine)


def _shacl_run(
    graph: Graph, shapes: Graph, engine: str, compiled: Callable[[], object] | None
) -> tuple[bool, Graph]:
    if engine == "turbo":
        from pyshacl_turbo import compile_shapes

        program = compiled() if compiled is not None else compile_shapes(shapes)
        conforms, report, _ = program.validate(graph, inference="none")
    else:
        from pyshacl import validate

        conforms, report, _ = validate(graph, shacl_graph=shapes, inference="none")
    return bool(conforms), report


@cache
def _turbo_installed() -> bool:
    return importlib.util.find_spec("pyshacl_turbo") is not None


@cache
def _structure_shapes() -> Graph:
    return load_shapes("structure")


@cache
def _turbo_structure() -> object:
    """Return the structure shapes compiled once by pyshacl-turbo."""
    from pyshacl_turbo import compile_shapes

    return compile_shapes(_structure_shapes())


def rdf_syntax(data: bytes) -> str | None:
    """Return the rdflib format of RDF piped in (trig, which reads Turtle, or json-ld), else None.

    Used on standard input, which has no suffix: an article there is read as an article.
    """
    head = data[:4096].decode("utf-8", errors="replace").lstrip("\ufeff")
    if _TURTLE_START.match(head):
        return "trig"
    if head.lstrip()[:1] in ("{", "["):
        try:
            json.loads(data)
        except ValueError:
            return None
        return "json-ld"
    return None


def _piped_graphs(data: bytes, syntax: str) -> list[tuple[str, Graph]]:
    """Return the graphs of RDF read from standard input; N-Quads when it is not TriG."""
    try:
        return _dataset_graphs("-", data, syntax)
    except GraphUnreadable as error:
        if syntax != "trig":
            raise
        try:
            return _dataset_graphs("-", data, "nquads")
        except GraphUnreadable:
            raise error from None


def _dataset_graphs(label: str, data: bytes, fmt: str) -> list[tuple[str, Graph]]:
    """Return the non-empty graphs of a dataset: each named graph, and the default graph."""
    dataset = Dataset()
    _parse_data(dataset, label, data, fmt)
    graphs = [
        (label if g.identifier == DATASET_DEFAULT_GRAPH_ID else f"{label} <{g.identifier}>", g)
        for g in dataset.graphs()
        if len(g)
    ]
    return sorted(graphs, key=lambda pair: pair[0])


def _article_graph(
    source: Path | bytes, input_format: str | None, on_article: Callable[[Article], None] | None
) -> Graph:
    """Return the graph of the article in a file, or in the bytes read from standard input."""
    from claims.extract import extract_bytes, extract_path
    from kb.rdf.graph import build_graph
    from sources import grade

    if isinstance(source, bytes):
        article = extract_bytes(source, "-", input_format)
    else:
        article = extract_path(source, input_format)
    if on_article is not None:
        on_article(article)
    return build_graph(grade(article))


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise GraphUnreadable(f"{path}: cannot read the file: {error.strerror}") from error


def _parse(graph: Graph, path: Path, fmt: str) -> None:
    _parse_data(graph, str(path), _read_bytes(path), fmt)


def _parse_data(graph: Graph, label: str, data: bytes, fmt: str) -> None:
    try:
        graph.parse(data=data, format=fmt)
    except Exception as error:  # rdflib's parsers raise many unrelated types
        raise GraphUnreadable(f"{label}: {_parse_error(error)}") from error


def _parse_error(error: Exception) -> str:
    """Return a one-line reason for a parse error, with its line when the parser gives it."""
    why = getattr(error, "_why", None) or str(error).strip().splitlines()[0]
    line = _error_line(error)
    where = f"line {line}: " if line is not None else ""
    return f"{where}not valid RDF: {why}; fix the file, or give the article itself"


def _error_line(error: Exception) -> int | None:
    """Return the 1-based line of a parse error: Turtle/N3, JSON and XML parsers say it apart."""
    if isinstance(getattr(error, "lines", None), int):
        return error.lines + 1  # notation3.BadSyntax counts from 0
    if isinstance(getattr(error, "lineno", None), int):
        return error.lineno
    if hasattr(error, "getLineNumber"):
        return error.getLineNumber()
    return None


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
    """Return a node as people read it: an IRI with its longest prefix (``data:article/…``)."""
    if node is None:
        return ""
    if isinstance(node, Literal):
        return repr(str(node)) if len(str(node)) <= 60 else repr(str(node)[:57] + "...")
    if isinstance(node, BNode):
        return node.n3()
    return curie(str(node)) or f"<{node}>"
