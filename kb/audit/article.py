"""The fact-checker's audit: an article's RDF graph checked against SHACL shapes, as findings.

The shapes are ``shapes/audit.ttl`` plus any user files given with ``--shapes``. Each SHACL
validation result becomes one :class:`Finding`; its ``rule`` is the source shape's
``dcterms:identifier``, else the identifier of the node shape holding a property shape, else
the local name of the shape's IRI, for built-in and user rules alike.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from rdflib import BNode, Graph, Literal
from rdflib.namespace import DCTERMS, RDF, SH, SKOS
from rdflib.term import Node

from claims.extract import extract_path
from claims.reading import MAX_SIZE
from kb.audit.findings import (
    PLACEHOLDER,
    SEVERITIES,
    Finding,
    make_finding,
    severity_rank,
    sort_key,
)
from kb.errors import ShaclEngineFailed, ShapesInvalid
from kb.ingest.selection import recorded
from kb.rdf.graph import ArticleNodes, build_graph, graph_of
from kb.rdf.parts import PART_TRIPLES, graph_parts, part_garbage_freed
from kb.rdf.prefixes import local_name
from kb.validate.engine import shacl_engine, with_fallback
from kb.validate.inputs import syntax_error
from ontology import CKB, SCHEMA, load_ontology
from shapes import load_shapes
from sources import grade
from sources.model import GradedArticle

_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
#: What reads each part's SHACL report (and the shapes) as the audit checks it.
ReportReader = Callable[[Graph, Graph], None]
#: How messages name a node, by the first of these properties it has.
_LABELS = (("sentenceId", "{}"), ("key", "source {}"), ("markerText", "{}"), ("cueText", "{}"))


__all__ = [
    "SEVERITIES",
    "AuditResult",
    "Finding",
    "ReportReader",
    "ShaclEngineFailed",
    "ShapesInvalid",
    "audit_article",
    "audit_graph",
    "audit_path",
    "known_rules",
    "load_audit_shapes",
    "rule_of",
    "severity_rank",
]


@dataclass(frozen=True)
class AuditResult:
    """An audited article: the graded article and the findings. Its graph is made again when
    asked for: the audit checks the graph in parts and keeps none (its SHACL report is written
    as each part is checked, when asked: ``on_report``)."""

    graded: GradedArticle
    findings: tuple[Finding, ...]
    #: findings a --baseline holds: left out of the counts, shown only (hidden) by the HTML page
    reviewed: tuple[Finding, ...] = ()

    @cached_property
    def graph(self) -> Graph:
        """Return the article's whole graph (ArticleTooLarge past MAX_TRIPLES triples)."""
        return build_graph(self.graded)


def audit_path(
    path: str | Path,
    fmt: str | None = None,
    extra_shapes: Sequence[Path] = (),
    *,
    strict_coverage: bool = False,
    max_size: int | None = MAX_SIZE,
    on_report: ReportReader | None = None,
) -> AuditResult:
    """Return the audit of the article at ``path`` (extraction, grading, graph, SHACL),
    recorded under the name ``claimkb ingest`` stores it under (its messages name ``path``).

    ``strict_coverage``: uncited sentences a paragraph's citation covers are unsupported.
    A file over ``max_size`` bytes is refused (ArticleTooLarge; None: no limit).
    ``on_report``: as :func:`audit_article`'s.
    """
    article = recorded(extract_path(path, fmt, max_size), str(path))
    return audit_article(
        grade(article, strict_coverage=strict_coverage), extra_shapes, on_report=on_report
    )


def audit_article(
    graded: GradedArticle,
    extra_shapes: Sequence[Path] = (),
    part_size: int = PART_TRIPLES,
    on_report: ReportReader | None = None,
) -> AuditResult:
    """Return the audit of a graded article against the audit shapes and ``extra_shapes``.

    The graph is checked in parts of about ``part_size`` triples (:mod:`kb.rdf.parts`), each
    built, checked and freed before the next; the findings are those of the whole graph.
    ``on_report(report, shapes)`` reads each part's SHACL report as the part is checked (the
    SHACL report format writes it then, rather than checking every part again).
    """
    extra = tuple(extra_shapes)
    shapes = load_audit_shapes(extra)
    findings = [
        finding
        for found in _checked_parts(graded, shapes, extra, part_size, on_report)
        for finding in found
    ]
    return AuditResult(graded, tuple(sorted(findings, key=sort_key)))


def _checked_parts(
    graded: GradedArticle,
    shapes: Graph,
    extra_shapes: tuple[Path, ...],
    part_size: int,
    on_report: ReportReader | None,
) -> Iterator[tuple[Finding, ...]]:
    """Yield the findings of each part of the article's graph, each part built, checked, its
    report read (``on_report``) and freed before the next (read here, not by the caller: a
    report the caller still held when the next part is freed would be frozen with what lives)."""
    nodes = ArticleNodes(graded)
    with part_garbage_freed() as free_part:
        for triples in graph_parts(nodes, part_size):
            part = graph_of(triples, nodes.iri)
            del triples
            try:
                found, report = audit_graph(part, shapes)
            except ShapesInvalid:
                _blame(part, extra_shapes)
                raise
            if on_report is not None:
                on_report(report, shapes)
            del part, report
            free_part()
            yield found


def _blame(graph: Graph, extra_shapes: Sequence[Path]) -> None:
    """Raise ShapesInvalid naming the first user file whose shapes pyshacl cannot load.

    When the built-in shapes alone fail too, the data is the problem: ShaclEngineFailed.
    """
    audit_graph(graph, _builtin_shapes())
    for path in extra_shapes:
        try:
            audit_graph(graph, _read_user_shapes(Path(path)))
        except ShapesInvalid as error:
            raise ShapesInvalid(f"{path}: {error}") from error


def load_audit_shapes(extra_shapes: Sequence[Path] = ()) -> Graph:
    """Return one shapes graph: ``shapes/audit.ttl`` merged with each user shapes file."""
    shapes = Graph()
    shapes += _builtin_shapes()
    for path in extra_shapes:
        shapes += _read_user_shapes(Path(path))
    return shapes


@cache
def _builtin_shapes() -> Graph:
    return load_shapes("audit")


def audit_graph(graph: Graph, shapes: Graph) -> tuple[tuple[Finding, ...], Graph]:
    """Return the findings, sorted by severity then line, and the SHACL report graph.

    The ontology's SKOS concepts are in ``graph`` while it is validated, so rules can read
    levels' notations and ranks; they are taken out again afterwards. An engine that fails
    with the built-in shapes alone failed on the data: pySHACL checks it instead, and when that
    fails too ShaclEngineFailed says so. With a user's shapes, pySHACL's failure is theirs.
    """
    # pyshacl logs load errors to stderr itself; ours reach the user as ShapesInvalid instead.
    logging.getLogger("pyshacl-validate").disabled = True
    engine = shacl_engine()  # a wrong CLAIMKB_SHACL_ENGINE is reported even for user shapes
    builtin = _builtin_only(shapes)
    if engine == "turbo" and not builtin:
        engine = "pyshacl"
    added = [triple for triple in _vocabulary() if triple not in graph]
    for triple in added:
        graph.add(triple)
    try:
        if builtin:
            report = with_fallback(
                lambda chosen: _validate(graph, shapes, chosen), engine, "the article's graph"
            )
        else:
            report = _validate_user_shapes(graph, shapes)
    finally:
        for triple in added:
            graph.remove(triple)
    findings = [_finding(graph, shapes, report, result) for result in _results(report)]
    return tuple(sorted(findings, key=sort_key)), report


def _validate_user_shapes(graph: Graph, shapes: Graph) -> Graph:
    """Return pySHACL's report; its failures become ShapesInvalid (audit_article names the file)."""
    from pyshacl.errors import ReportableRuntimeError

    try:
        return _validate(graph, shapes, "pyshacl")
    except ReportableRuntimeError as error:
        raise ShapesInvalid(f"not valid SHACL: {error.message}") from error
    except Exception as error:  # pyshacl fails on odd values in shapes: sh:pattern "([", ...
        raise ShapesInvalid(f"not valid SHACL: {error}; fix the shape and retry") from error


def _validate(graph: Graph, shapes: Graph, engine: str) -> Graph:
    """Return the SHACL report graph, validating in place with the cyclic GC paused.

    Measured (bench/bench_audit.py): copying the data graph (pyshacl's default) and the
    garbage collector rescanning a growing heap made SHACL time grow faster than article size;
    in place and with the collector paused it grows linearly and runs 3-4x faster. ``engine``
    is "pyshacl" or "turbo" (pyshacl-turbo). Turbo reads the graph into its own store either
    way; in place, it then diffs the whole graph for triples SHACL rules added, which the
    built-in shapes (the only ones it runs) have none of: a third of an audit's time.
    """
    if engine == "turbo":
        from pyshacl_turbo import validate
    else:
        from pyshacl import validate

    collecting = gc.isenabled()
    gc.disable()
    try:
        outcome = validate(
            graph,
            shacl_graph=shapes,
            advanced=True,
            inplace=engine != "turbo",
            allow_warnings=True,
        )
        report: Graph = outcome[1]
    finally:
        if collecting:
            gc.enable()
    return report


def _builtin_only(shapes: Graph) -> bool:
    """Return whether ``shapes`` are the built-in audit shapes and nothing else.

    pyshacl-turbo gives pySHACL's findings for these on every fixture
    (tests/test_shacl_engines.py); a user's shapes go to pySHACL, the reference, which also
    words the errors for shapes it cannot load (sh:pattern "([") as the user is told them.
    """
    builtin = _builtin_shapes()
    return len(shapes) == len(builtin) and all(triple in shapes for triple in builtin)


def _finding(graph: Graph, shapes: Graph, report: Graph, result: Node) -> Finding:
    """Return the finding of one validation result, and fill its message in the report too."""
    finding = _read_result(graph, shapes, report, result)
    report.set((result, SH.resultMessage, Literal(finding.message)))
    return finding


def _read_user_shapes(path: Path) -> Graph:
    try:
        text = path.read_text("utf-8")
    except OSError as error:
        raise ShapesInvalid(
            f"{path}: cannot read the shapes file ({error.strerror}); check the path"
        ) from error
    except UnicodeDecodeError as error:
        raise ShapesInvalid(
            f"{path}: not a text file (byte {error.start} is not UTF-8); "
            "give a Turtle file of SHACL shapes"
        ) from error
    shapes = Graph()
    try:
        shapes.parse(data=text, format="turtle")
    except Exception as error:  # rdflib's parser raises unrelated types on a cut text
        line, why = syntax_error(error)
        where = f":{line}" if line is not None else ""
        raise ShapesInvalid(
            f"{path}{where}: not valid Turtle ({why}); fix the file and retry"
        ) from error
    if not any(any(shapes.subjects(target, None)) for target in _TARGETS):
        raise ShapesInvalid(
            f"{path}: no SHACL shape with a target (sh:targetClass, sh:targetNode, ...); "
            "check the sh: prefix is <http://www.w3.org/ns/shacl#>"
        )
    return shapes


@cache
def _vocabulary() -> Graph:
    """Return the ontology's SKOS concepts, so rules can read notations and ranks."""
    ontology = load_ontology()
    part = Graph()
    for concept in set(ontology.subjects(RDF.type, SKOS.Concept)):
        for triple in ontology.triples((concept, None, None)):
            part.add(triple)
    return part


def _results(report: Graph) -> list[Node]:
    return list(report.subjects(RDF.type, SH.ValidationResult))


def _read_result(graph: Graph, shapes: Graph, report: Graph, result: Node) -> Finding:
    focus = report.value(result, SH.focusNode)
    value = report.value(result, SH.value)
    sentence = _sentence_of(graph, focus) or _sentence_of(graph, value)
    source = _source_of(graph, focus) or _source_of(graph, value)
    context = _Context(graph, sentence, source)
    shape = report.value(result, SH.sourceShape)
    if shape is None:
        raise ShaclEngineFailed("the SHACL engine gave a result without its sh:sourceShape")
    messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
    template = _parent_message(shapes, shape) or (messages[0] if messages else "{$this}")
    return make_finding(
        rule_of(shapes, shape),
        local_name(str(report.value(result, SH.resultSeverity))).lower(),
        template,
        this=context.label(focus),
        value=context.label(value),
        sentence=context.sentence_id,
        text=context.text,
        line=context.line,
        key=context.source_key,
        more={**_focus_values(graph, focus, template), "reason": context.reason},
    )


def _focus_values(graph: Graph, focus: Node | None, template: str) -> dict[str, str]:
    """Return the focus node's ckb:NAME value for each ``{?NAME}`` of ``template`` it has
    ("{?citedKeyCount}" of an article)."""
    values = {}
    for name in PLACEHOLDER.findall(template):
        if focus is not None and name in CKB:
            found = graph.value(focus, CKB[name])
            if isinstance(found, Literal):
                values[name] = str(found)
    return values


def _parent_message(shapes: Graph, shape: Node) -> str | None:
    """Return the node shape's message for a property shape of its that has none of its own."""
    parent = shapes.value(None, SH.property, shape)
    if parent is None or shapes.value(shape, SH.message) is not None:
        return None
    message = shapes.value(parent, SH.message)
    return None if message is None else str(message)


def known_rules(shapes: Graph) -> frozenset[str]:
    """Return the rule id of every shape in ``shapes`` (what --select and --ignore may name)."""
    found = set(shapes.subjects(DCTERMS.identifier, None))
    found |= {s for target in _TARGETS for s in shapes.subjects(target, None)}
    found |= set(shapes.objects(None, SH.property))
    return frozenset(rule_of(shapes, shape) for shape in found)


def rule_of(shapes: Graph, shape: Node) -> str:
    """Return a shape's rule id: its identifier, its parent node shape's, else a local name."""
    identifier = shapes.value(shape, DCTERMS.identifier)
    if identifier is not None:
        return str(identifier)
    parent = shapes.value(None, SH.property, shape)
    if parent is not None and (
        shapes.value(parent, DCTERMS.identifier) is not None or isinstance(shape, BNode)
    ):
        return rule_of(shapes, parent)
    return local_name(str(shape))


def _sentence_of(graph: Graph, node: Node | None) -> Node | None:
    """Return the sentence a node is, or belongs to (a marker, a hedge or booster occurrence)."""
    if node is None:
        return None
    if graph.value(node, CKB.sentenceId) is not None:
        return node
    links = ("hasMarker", "hasBooster", "hasHedge", "hasCausalCue", "hasAdviceCue", "hasWeaselCue")
    for link in links:
        owner = graph.value(None, CKB[link], node)
        if owner is not None:
            return owner
    return None


def _source_of(graph: Graph, node: Node | None) -> Node | None:
    if node is not None and graph.value(node, CKB.key) is not None:
        return node
    return None


class _Context:
    """What a finding is about, read from the article graph: what its message may name."""

    def __init__(self, graph: Graph, sentence: Node | None, source: Node | None) -> None:
        self.graph = graph
        self.sentence_id = _str_or_none(graph.value(sentence, CKB.sentenceId))
        self.source_key = _str_or_none(graph.value(source, CKB.key))
        self.text = str(graph.value(sentence, SCHEMA.text) or "")
        self.reason = str(graph.value(sentence, CKB.statusReason) or "")
        line = graph.value(sentence, CKB.line) if sentence is not None else None
        if line is None and source is not None:
            line = graph.value(source, CKB.line)
        self.line = int(line) if isinstance(line, Literal) else None

    def label(self, node: Node | None) -> str:
        """Return how a message names a node: a sentence id, "source 7", a cue's text."""
        if node is None:
            return ""
        for name, template in _LABELS:
            found = self.graph.value(node, CKB[name])
            if found is not None:
                return template.format(found)
        return str(node)


def _str_or_none(node: Node | None) -> str | None:
    return None if node is None else str(node)
