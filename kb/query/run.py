"""SPARQL for researchers: predeclared prefixes, named queries, parameters, results as text.

A query runs against any :class:`kb.store.base.Store`. On the embedded store its default
graph is the union of every article graph (as ``oxigraph serve --union-default-graph``), so
``SELECT * { ?claim a ckb:Claim }`` finds the claims of every article. The named queries in
``kb/query/queries/*.rq`` say ``GRAPH ?article { ... }`` instead, so that they give the same rows on
any SPARQL server, whatever its default graph.

Parameters (``--param article=IRI``) are RDF terms, validated as such (an IRI with a space is
refused), that fill a ``VALUES ?article { UNDEF }`` block of the query in their N-Triples form,
so that no value can change the query around it. Named queries put that block inside ``GRAPH
?article``, where Oxigraph uses it to pick the graph first (1 ms at 10,000 articles; the same
VALUES block outside the GRAPH took 10 s). A query without such a block gets ``VALUES`` at the
start of its outer ``WHERE`` group. (pyoxigraph's ``substitutions`` would bind terms without
any text, but only variables the SELECT projects, which the named queries' ``?article`` is not.)
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kb.errors import (
    ArticlePathMissing,
    QueryFormatInvalid,
    QueryParameterInvalid,
    QuerySyntaxError,
    UnknownQuery,
)
from kb.rdf.prefixes import curie, turtle_prefixes
from kb.rdf.sparql_text import code_only, fill_values

if TYPE_CHECKING:
    from rich.table import Table

    from kb.store.base import QueryResult, Store

__all__ = [
    "GRAPH_FORMATS",
    "RESULT_FORMATS",
    "NamedQuery",
    "Parameter",
    "QueryFormatInvalid",
    "QueryParameterInvalid",
    "UnknownQuery",
    "bind_parameters",
    "iri_parameter",
    "named_queries",
    "named_query",
    "parse_parameter",
    "render",
    "run_query",
    "syntax_error",
    "table",
]

#: Output formats of SELECT and ASK results (``table`` for people, the W3C formats for programs,
#: ``jsonl``: each solution's W3C JSON bindings object on a line of its own).
RESULT_FORMATS = ("table", "csv", "tsv", "json", "xml", "jsonl")
#: Output formats of CONSTRUCT and DESCRIBE results.
GRAPH_FORMATS = ("ttl", "nt", "jsonld")

_HEADER = re.compile(r"#\s*(description|param)\s*:\s*(.*)")
_PARAM = re.compile(r"(\w+)\s*(\(required(?: unless (\w+))?\))?\s*(.*)")
_POSITION = re.compile(r"error at (\d+):(\d+): ?(.*)", re.DOTALL)
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_NAME = re.compile(r"[A-Za-z_]\w*")
_DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)
_PREFIXED = re.compile(r"(?<![\w?$:.-])([A-Za-z][\w.-]*|):(?=[\w%-])")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_NOT_IN_IRI = ' <>"{}|^`\\'
_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")

#: What a parameter binds a variable to.
Term = ox.NamedNode | ox.Literal


@dataclass(frozen=True)
class Parameter:
    """A variable of a named query that ``--param NAME=VALUE`` fills."""

    name: str
    required: bool
    description: str
    #: Another parameter that may be given instead ("(required unless doi)").
    unless: str | None = None


@dataclass(frozen=True)
class NamedQuery:
    """A query shipped in ``kb/query/queries/NAME.rq``: its first line is ``# description: ...``."""

    name: str
    description: str
    sparql: str
    parameters: tuple[Parameter, ...] = ()

    def usage(self) -> str:
        """Return the line ``claimkb query --list`` prints: name, required parameters, what."""
        needs, named = "", set()
        for p in self.parameters:
            if p.required and p.name not in named:
                either = f"|{p.unless}=..." if p.unless else ""
                needs += f" --param {p.name}=...{either}"
                named |= {p.name, p.unless}
        return f"{self.name}{needs}\t{self.description}"


@cache
def named_queries() -> dict[str, NamedQuery]:
    """Return the shipped named queries by name, in name order."""
    from kb.query.loader import query_texts

    return {name: _named_query(name, text) for name, text in query_texts().items()}


def _named_query(name: str, text: str) -> NamedQuery:
    description, parameters = "", []
    for line in text.splitlines():
        match = _HEADER.match(line.strip())
        if match and match.group(1) == "description":
            description = match.group(2).strip()
        elif match:
            parameters.append(_parameter(match.group(2)))
    return NamedQuery(name, description, text, tuple(parameters))


def _parameter(text: str) -> Parameter:
    match = _PARAM.match(text.strip())
    if match is None:
        raise ValueError(f"malformed '# param:' line: {text!r}")
    return Parameter(
        match.group(1), match.group(2) is not None, match.group(4).strip(), match.group(3)
    )


def named_query(name: str) -> NamedQuery:
    """Return the named query ``name``; raise UnknownQuery naming the known ones."""
    queries = named_queries()
    if name not in queries:
        raise UnknownQuery(
            f"no named query {name!r}; `claimkb query --list` shows them: {', '.join(queries)}"
        )
    return queries[name]


def parse_parameter(text: str) -> tuple[str, Term]:
    """Return (name, RDF term) for ``NAME=VALUE``.

    VALUE is an IRI (``<...>``, ``https://...``, ``ckb:supported``), an integer, or else a plain
    string literal; a quoted ``"..."`` value is always a string; ``article=FILE`` names the
    article of that file. Raise QueryParameterInvalid for a malformed parameter or an IRI that
    is not one (a space in it, say).
    """
    name, sep, value = text.partition("=")
    name = name.strip().lstrip("?$")
    if not sep or not _NAME.fullmatch(name):
        raise QueryParameterInvalid(f"--param {text!r}: write NAME=VALUE, e.g. article=<IRI>")
    if name == "doi":
        return name, _doi(value.strip())
    if name == "article" and Path(value.strip()).is_file():
        from kb.rdf.graph import iri_of

        return name, iri_parameter(name, iri_of(value.strip()))
    term = _term(name, value.strip())
    if name == "article" and isinstance(term, ox.Literal):
        raise ArticlePathMissing(
            f"--param article: {value.strip()}: no such file, nor an article IRI; give the "
            "article's file or an IRI that `claimkb list` shows"
        )
    return name, term


def _doi(value: str) -> ox.Literal:
    """Return a ``doi`` parameter as the DOI alone; raise QueryParameterInvalid for a DOI URL,
    ``doi:`` name or anything else, which would match no work."""
    from kb.rdf.works import DOI_FORM

    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    if DOI_FORM.fullmatch(value):
        return ox.Literal(value)
    bare = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", "", value, flags=re.IGNORECASE)
    hint = f"doi={bare}" if DOI_FORM.fullmatch(bare) else "doi=10.1000/xyz123"
    raise QueryParameterInvalid(
        f"--param doi: {value!r} is not a DOI; give the DOI alone, as references print it: {hint}"
    )


def output_format(result: QueryResult, fmt: str | None, *, terminal: bool) -> str:
    """Return the format to print ``result`` in: ``fmt``, else table on a terminal and csv
    elsewhere for rows, ttl for a graph."""
    if fmt is not None:
        return fmt
    if result.kind == "graph":
        return "ttl"
    return "table" if terminal else "csv"


def _term(name: str, value: str) -> Term:
    from ontology import PREFIXES

    if value.startswith("<") and value.endswith(">"):
        return iri_parameter(name, value[1:-1])
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return ox.Literal(value[1:-1])
    if re.fullmatch(r"[+-]?\d+", value):
        return ox.Literal(value, datatype=_INTEGER)
    prefix, colon, local = value.partition(":")
    if colon and prefix in PREFIXES:
        return iri_parameter(name, PREFIXES[prefix] + local)
    if _SCHEME.match(value) and ("://" in value or not any(c in value for c in _NOT_IN_IRI)):
        return iri_parameter(name, value)
    return ox.Literal(value)


def iri_parameter(name: str, iri: str) -> ox.NamedNode:
    """Return the IRI of parameter ``name``; raise QueryParameterInvalid when it is not one."""
    try:
        return ox.NamedNode(iri)
    except ValueError as error:
        raise QueryParameterInvalid(
            f"--param {name}: {iri!r} is not a valid IRI ({error}); give an absolute IRI "
            'without spaces or <>"{}|^`\\ (escape them as %20 and so on)'
        ) from None


def with_parameters(
    sparql: str, params: Iterable[str], declared: tuple[Parameter, ...] | None = None
) -> str:
    """Return ``sparql`` with the ``NAME=VALUE`` texts of ``--param`` bound (see
    :func:`bind_parameters`); unchanged when there are none and nothing is ``declared``."""
    values = dict(parse_parameter(text) for text in params)
    if declared is None and not values:
        return sparql
    return bind_parameters(sparql, values, declared)


def bind_parameters(
    sparql: str, params: Mapping[str, Term], declared: tuple[Parameter, ...] | None = None
) -> str:
    """Return ``sparql`` with each parameter's term in place of its ``VALUES ?name { UNDEF }``.

    The terms are written in their N-Triples form, which pyoxigraph escapes, never as the user
    typed them. ``declared`` (a named query's parameters) makes unknown names and missing
    required ones errors. A query with no such block for a parameter gets one at the start of
    its WHERE group.
    """
    if declared is not None:
        _check_declared(params, declared)
    for name, term in params.items():
        if not _NAME.fullmatch(name):
            raise QueryParameterInvalid(f"{name!r} is not a variable name")
        filled = fill_values(sparql, name, [str(term)])
        sparql = filled if filled != sparql else _inject(sparql, f"VALUES ?{name} {{ {term} }}")
    return sparql


def _check_declared(params: Mapping[str, Term], declared: tuple[Parameter, ...]) -> None:
    names = {p.name for p in declared}
    unknown = sorted(set(params) - names)
    if unknown:
        known = ", ".join(sorted(names)) or "none"
        raise QueryParameterInvalid(f"unknown parameter {unknown[0]!r}; this query takes: {known}")
    missing = [
        p for p in declared if p.required and p.name not in params and p.unless not in params
    ]
    if missing:
        p = missing[0]
        instead = f" or --param {p.unless}=VALUE" if p.unless else ""
        raise QueryParameterInvalid(
            f"this query needs --param {p.name}=VALUE{instead} ({p.description or 'required'})"
        )


def _inject(sparql: str, values: str) -> str:
    match = _WHERE.search(sparql)
    if match is None:
        raise QueryParameterInvalid(
            "cannot place a parameter: write the query's pattern after 'WHERE {', or put "
            "'VALUES ?name { UNDEF }' where the value belongs"
        )
    return f"{sparql[: match.end()]} {values}{sparql[match.end() :]}"


def run_query(
    store: Store, sparql: str, *, allow_service: bool = False, timeout: float | None = None
) -> QueryResult:
    """Return the result of a SPARQL query (claimkb's prefixes predeclared) on ``store``.

    Raise QuerySyntaxError with the line and column in ``sparql`` itself, and ServiceRefused
    when the query uses SERVICE unless ``allow_service``. With ``timeout`` (seconds), a query
    still running then is stopped (QueryStopped): on the embedded store it runs in a worker
    process (:mod:`kb.query.worker_pool`), killed then, since nothing stops it inside this one;
    a server's answer is waited for that long.
    """
    from kb.query.federation import refuse_service
    from kb.query.nesting import refuse_deep

    if not allow_service:
        refuse_service(sparql)
    refuse_deep(sparql)
    try:
        if timeout is not None and not store.stops_queries:
            from kb.query.worker_pool import run_in_worker
            from kb.store.memory_guard import ceiling

            return run_in_worker(store.location, sparql, timeout=timeout, memory=ceiling())
        return store.query_with_prefixes(sparql, timeout=timeout)
    except QuerySyntaxError:
        check_syntax(sparql)  # the user's line and column, whichever store answered
        raise


def check_syntax(sparql: str) -> None:
    """Raise QuerySyntaxError, with line and column, when ``sparql`` does not parse."""
    try:
        # A query on an empty store parses it and costs microseconds.
        from ontology import PREFIXES

        ox.Store().query(sparql, prefixes=PREFIXES)
    except SyntaxError as error:
        raise syntax_error(sparql, error) from None


def syntax_error(sparql: str, error: SyntaxError) -> QuerySyntaxError:
    """Return the user's error for a pyoxigraph SyntaxError: line, column, the line's text; an
    undeclared prefix is named, with the prefixes claimkb declares."""
    unknown = unknown_prefix(sparql)
    if unknown is not None:
        return unknown
    message = str(error.msg if error.msg else error)
    match = _POSITION.match(message)
    if match is None:
        return QuerySyntaxError(f"SPARQL syntax error: {message}")
    line, column, detail = int(match.group(1)), int(match.group(2)), match.group(3)
    detail = detail.split(" ['")[0]  # drop the parser's Unicode character classes
    lines = sparql.splitlines() or [""]
    near = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    return QuerySyntaxError(
        f"SPARQL syntax error at line {line}, column {column} (in {near!r}): {detail}; "
        "fix the query and retry"
    )


def unknown_prefix(sparql: str) -> QuerySyntaxError | None:
    """Return the error for the first prefixed name whose prefix neither claimkb nor the query
    declares (``foo:bar``), or None."""
    from ontology import PREFIXES

    code = code_only(sparql)  # a colon in a string, an IRI or a comment is no prefix
    declared = set(PREFIXES) | set(_DECLARED.findall(code))
    for match in _PREFIXED.finditer(code):
        if match.group(1) not in declared:
            line = code.count("\n", 0, match.start()) + 1
            column = match.start() - (code.rfind("\n", 0, match.start()) + 1) + 1
            known = ", ".join(sorted(PREFIXES))
            return QuerySyntaxError(
                f"unknown prefix '{match.group(1)}:' at line {line}, column {column}: declare it "
                f"(PREFIX {match.group(1)}: <IRI>) or use one claimkb declares: {known}"
            )
    return None


def render(result: QueryResult, fmt: str) -> bytes:
    """Return the result in ``fmt``: W3C SPARQL results (csv/tsv/json/xml) or RDF (ttl/nt/jsonld).

    ``table`` is for terminals: use :func:`table`.
    """
    if result.kind == "graph":
        if fmt not in GRAPH_FORMATS:
            raise QueryFormatInvalid(
                f"--format {fmt} is for SELECT/ASK results; a CONSTRUCT or DESCRIBE gives RDF: "
                f"use {', '.join(GRAPH_FORMATS)}"
            )
        if fmt != "ttl":
            return result.serialize(fmt)
        triples = ox.parse(result.payload, format=ox.RdfFormat.N_TRIPLES)
        return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=turtle_prefixes()) or b""
    if fmt not in RESULT_FORMATS or fmt == "table":
        raise QueryFormatInvalid(
            f"--format {fmt} is for CONSTRUCT/DESCRIBE results; a SELECT or ASK gives rows: "
            f"use {', '.join(RESULT_FORMATS)}"
        )
    if fmt == "jsonl":
        if result.kind == "boolean":
            return json.dumps({"boolean": result.boolean}).encode() + b"\n"
        return result.written(fmt)
    if result.kind == "bindings" and fmt == "xml":
        # pyoxigraph's XML writer leaves a CR and an ESC raw
        return result.written(fmt)
    return result.serialize(fmt)


def table(result: QueryResult) -> Table:
    """Return SELECT rows (or an ASK answer) as a rich table, IRIs shortened by prefix."""
    from rich.table import Table

    if result.kind == "boolean":
        answer = Table("answer")
        answer.add_row("yes" if result.boolean else "no")
        return answer
    if result.kind == "graph":
        raise QueryFormatInvalid("a CONSTRUCT/DESCRIBE gives RDF: use --format ttl, nt or jsonld")
    from rich.text import Text

    from kb.terminal import visible

    rows = Table(*result.variables, caption=f"{len(result)} rows", caption_justify="left")
    for row in result.rows:  # Text, not markup: a value "[bold]" or "[/x]" is printed as is
        rows.add_row(*(Text(visible(show(term))) for term in row))
    return rows


def show(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str:
    """Return a term as a person reads it: ``ckb:supported``, ``ckbid:article/...``, a value."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return curie(term.value) or term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)
