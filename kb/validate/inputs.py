"""What ``claimkb validate`` checks: article files turned into graphs, RDF files (Turtle,
N-Triples, N3, RDF/XML; TriG, N-Quads and JSON-LD graph by graph, by kb.rdf.formats) and RDF
piped on stdin, each with a label for its report and a one-line error when it cannot be read.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import RDF, Dataset, Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from claims.reading import MAX_SIZE
from kb.errors import GraphUnreadable
from kb.rdf.formats import DATASET_FORMATS, EXTENSIONS, RDFLIB_NAMES
from ontology import SCHEMA

if TYPE_CHECKING:
    from claims.model import Article

#: How Turtle, TriG and N-Triples start (after comments): a directive, or a subject IRI or node.
_TURTLE_START = re.compile(
    r"(?:\s|#[^\n]*\n)*(?:@prefix\s|@base\s|(?i:prefix)\s+[\w.-]*:\s*<|(?i:base)\s*<"
    r"|<[A-Za-z][\w+.-]*:[^\s<>\"]*>|_:)"
)


def graphs_to_validate(
    source: str,
    input_format: str | None = None,
    on_article: Callable[[Article], None] | None = None,
    max_size: int | None = MAX_SIZE,
) -> list[tuple[str, Graph]]:
    """Return (label, graph) pairs for ``claimkb validate``.

    An RDF file gives its graph, a TriG or N-Quads dump each of its named graphs, and any other
    file is an article: extracted, graded and built into its graph as ``claimkb audit`` would
    (``on_article`` sees the extracted article: the CLI prints its reading warnings); an article
    over ``max_size`` bytes is refused (ArticleTooLarge), as by every command that reads one.
    """
    path = Path(source)
    rdf = EXTENSIONS.get(path.suffix.lower())  # anything else is an article to extract
    if source == "-":
        data = sys.stdin.buffer.read()
        syntax = None if input_format else rdf_syntax(data)
        if syntax is None:
            return [(source, _article_graph(data, input_format, on_article, max_size))]
        graphs = _piped_graphs(data, syntax)
    elif rdf in DATASET_FORMATS:  # each named graph is validated on its own
        graphs = _dataset_graphs(source, _read_bytes(path), RDFLIB_NAMES[rdf])
    elif rdf is not None:
        graphs = [(source, read_graph(path))]
    else:
        return [(source, _article_graph(path, input_format, on_article, max_size))]
    if not any((None, RDF.type, SCHEMA.Article) in graph for _, graph in graphs):
        raise GraphUnreadable(
            f"{source}: holds no schema:Article, so it is not an article graph claimkb made; "
            "give a file written by `claimkb audit --format ttl` or `claimkb dump`, or an article"
        )
    return graphs


def read_graph(path: Path) -> Graph:
    """Return the graph in an RDF file, in the format its suffix names (else Turtle)."""
    graph = Graph()
    _parse(graph, path, RDFLIB_NAMES[EXTENSIONS.get(path.suffix.lower(), "ttl")])
    return graph


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
    """Return the non-empty graphs of a dataset: each named graph, and the default graph, but
    the vocabulary graph (kb.rdf.vocabulary), which describes no article."""
    from kb.rdf.vocabulary import VOCABULARY

    dataset = Dataset()
    _parse_data(dataset, label, data, fmt)
    graphs = [
        (label if g.identifier == DATASET_DEFAULT_GRAPH_ID else f"{label} <{g.identifier}>", g)
        for g in dataset.graphs()
        if len(g) and str(g.identifier) != VOCABULARY
    ]
    return sorted(graphs, key=lambda pair: pair[0])


def _article_graph(
    source: Path | bytes,
    input_format: str | None,
    on_article: Callable[[Article], None] | None,
    max_size: int | None,
) -> Graph:
    """Return the graph of the article in a file, or in the bytes read from standard input."""
    from claims.extract import extract_bytes, extract_path
    from claims.reading import check_size
    from kb.rdf.graph import build_graph
    from sources import grade

    if isinstance(source, bytes):
        check_size(len(source), "-", max_size)
        article = extract_bytes(source, "-", input_format, max_size)
    else:
        article = extract_path(source, input_format, max_size)
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
    line, why = syntax_error(error)
    where = f"line {line}: " if line is not None else ""
    return f"{where}not valid RDF: {why}; fix the file, or give the article itself"


def syntax_error(error: Exception) -> tuple[int | None, str]:
    """Return the 1-based line (None: unknown) and the reason of an error an rdflib parser
    raised: its own syntax errors, or an unrelated type on a text cut short (Turtle's
    parser indexes past the end: IndexError)."""
    if isinstance(error, IndexError):
        return _error_line(error), "it ends in the middle of a statement"
    lines = str(error).strip().splitlines()
    why = getattr(error, "_why", None) or (lines[0] if lines else type(error).__name__)
    return _error_line(error), why


def _error_line(error: Exception) -> int | None:
    """Return the 1-based line of a parse error: Turtle/N3, JSON and XML parsers say it apart."""
    lines, lineno = getattr(error, "lines", None), getattr(error, "lineno", None)
    if isinstance(lines, int):
        return lines + 1  # notation3.BadSyntax counts from 0
    if isinstance(lineno, int):
        return lineno
    line = getattr(error, "getLineNumber", lambda: None)()  # the SAX parser's
    return line if isinstance(line, int) else None
