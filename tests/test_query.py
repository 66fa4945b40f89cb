"""kb/query/run.py and `claimkb query`: prefixes, parameters, formats, syntax errors."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kb.cli import main
from kb.errors import QuerySyntaxError
from kb.query.run import (
    QueryFormatInvalid,
    QueryParameterInvalid,
    UnknownQuery,
    bind_parameters,
    check_syntax,
    named_query,
    parse_parameter,
    render,
    run_query,
    show,
    table,
    unknown_prefix,
)
from kb.store import open_store

CKB = "https://w3id.org/claimkb/ns#"
A = "https://w3id.org/claimkb/id/article/aaaa"


@pytest.fixture(scope="module")
def kb_path(query_kb: str) -> str:
    return query_kb


@pytest.fixture
def store(kb_path: str):
    with open_store(kb_path, read_only=True) as opened:
        yield opened


def invoke(kb_path: str, *args: str, stdin: str | None = None):
    return CliRunner().invoke(main, ["query", "--kb", kb_path, *args], input=stdin)


INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"article=<{A}>", ("article", ox.NamedNode(A))),
        (f"article={A}", ("article", ox.NamedNode(A))),
        ("status=ckb:supported", ("status", ox.NamedNode(f"{CKB}supported"))),
        ("?n=5", ("n", ox.Literal("5", datatype=INTEGER))),
        ("term=caffeine", ("term", ox.Literal("caffeine"))),
        ('term="ckb:supported"', ("term", ox.Literal("ckb:supported"))),
        ('term=say "hi" \\ now', ("term", ox.Literal('say "hi" \\ now'))),
        ("term=two words", ("term", ox.Literal("two words"))),
    ],
)
def test_parse_parameter(text: str, expected: tuple[str, object]) -> None:
    assert parse_parameter(text) == expected


@pytest.mark.parametrize("text", ["article", "=x", "1a=2", "a b=3"])
def test_parse_parameter_refuses_malformed(text: str) -> None:
    with pytest.raises(QueryParameterInvalid, match="NAME=VALUE"):
        parse_parameter(text)


@pytest.mark.parametrize(
    ("sparql", "expected"),
    [
        (
            "SELECT * WHERE { GRAPH ?a { VALUES ?a { UNDEF } ?s ?p ?o } }",
            "SELECT * WHERE { GRAPH ?a { VALUES ?a { <x:1> } ?s ?p ?o } }",
        ),
        ("SELECT * WHERE { ?a ?p ?o }", "SELECT * WHERE { VALUES ?a { <x:1> } ?a ?p ?o }"),
        ("select * where{ ?a ?p ?o }", "select * where{ VALUES ?a { <x:1> } ?a ?p ?o }"),
    ],
)
def test_bind_parameters(sparql: str, expected: str) -> None:
    assert bind_parameters(sparql, {"a": ox.NamedNode("x:1")}) == expected


def test_bind_parameters_needs_a_place() -> None:
    with pytest.raises(QueryParameterInvalid, match="WHERE"):
        bind_parameters("SELECT * { ?a ?p ?o }", {"a": ox.NamedNode("x:1")})


def test_bind_parameters_checks_declared() -> None:
    query = named_query("article-claims")
    with pytest.raises(QueryParameterInvalid, match="needs --param article"):
        bind_parameters(query.sparql, {}, query.parameters)
    with pytest.raises(QueryParameterInvalid, match="unknown parameter 'term'"):
        terms = {"article": ox.NamedNode(A), "term": ox.Literal("x")}
        bind_parameters(query.sparql, terms, query.parameters)


def test_unknown_named_query() -> None:
    with pytest.raises(UnknownQuery, match="claimkb query --list"):
        named_query("no-such-query")


def test_default_graph_is_the_union_of_articles(store) -> None:
    result = run_query(store, "SELECT (COUNT(*) AS ?n) WHERE { ?c a ckb:Claim }")
    assert result.dicts() == [{"n": 7}]


def test_own_prefix_declarations_win(store) -> None:
    sparql = "PREFIX ckb: <http://example.org/>\nASK { ?c a ckb:Claim }"
    assert run_query(store, sparql).boolean is False


@pytest.mark.parametrize(
    ("sparql", "position"),
    [
        ("SELECT * WHERE { ?s ?p }", "line 1, column 25"),
        ("SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER(?o = ) }", "line 3, column "),
        ("SELECT * WHERE { ?s nope:p ?o }", "line 1"),
    ],
)
def test_syntax_error_names_the_position(store, sparql: str, position: str) -> None:
    with pytest.raises(QuerySyntaxError, match=position):
        run_query(store, sparql)


@pytest.mark.parametrize(
    ("term", "shown"),
    [
        (ox.NamedNode(f"{CKB}supported"), "ckb:supported"),
        (ox.NamedNode(f"{A}/sentence/1"), "ckbid:article/aaaa/sentence/1"),
        (ox.NamedNode("http://example.org/x"), "http://example.org/x"),
        (ox.Literal("7", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")), "7"),
        (ox.BlankNode("b1"), "_:b1"),
        (None, ""),
    ],
)
def test_show(term, shown: str) -> None:
    assert show(term) == shown


def test_table_has_a_row_per_solution(store) -> None:
    result = run_query(store, "SELECT ?c WHERE { ?c ckb:status ckb:unsupported }")
    assert table(result).row_count == 3
    assert [c.header for c in table(result).columns] == ["c"]


def test_render_refuses_formats_of_the_other_kind(store) -> None:
    rows = run_query(store, "SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    graph = run_query(store, "CONSTRUCT WHERE { ?s ckb:key ?o }")
    with pytest.raises(QueryFormatInvalid, match="ttl"):
        render(rows, "ttl")
    with pytest.raises(QueryFormatInvalid, match="csv"):
        render(graph, "csv")


UNSUPPORTED = "SELECT ?sentence WHERE { ?c ckb:status ckb:unsupported ; ckb:sentenceId ?sentence }"


def parse_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def parse_json(text: str) -> list[str]:
    return [b["sentence"]["value"] for b in json.loads(text)["results"]["bindings"]]


def parse_xml(text: str) -> list[str]:
    ns = "{http://www.w3.org/2005/sparql-results#}"
    return [e.text or "" for e in ET.fromstring(text).iter(f"{ns}literal")]


def parse_tsv(text: str) -> list[str]:
    return [line.strip('"') for line in text.splitlines()[1:]]


@pytest.mark.parametrize(
    ("fmt", "read"),
    [
        ("csv", lambda text: [row["sentence"] for row in parse_csv(text)]),
        ("tsv", parse_tsv),
        ("json", parse_json),
        ("xml", parse_xml),
    ],
)
def test_cli_select_formats(kb_path: str, fmt: str, read) -> None:
    result = invoke(kb_path, UNSUPPORTED, "--format", fmt)
    assert result.exit_code == 0, result.output
    assert sorted(read(result.output)) == ["s1", "s2", "s5"]


def test_cli_csv_is_the_default_off_a_terminal(kb_path: str) -> None:
    result = invoke(kb_path, UNSUPPORTED)
    assert result.output.splitlines()[0] == "sentence"


@pytest.mark.parametrize(
    ("fmt", "rdf_format"),
    [
        (None, ox.RdfFormat.TURTLE),
        ("ttl", ox.RdfFormat.TURTLE),
        ("nt", ox.RdfFormat.N_TRIPLES),
        ("jsonld", ox.RdfFormat.JSON_LD),
    ],
)
def test_cli_construct_formats(kb_path: str, fmt: str | None, rdf_format) -> None:
    sparql = "CONSTRUCT { ?c ckb:status ?s } WHERE { ?c ckb:status ?s }"
    result = invoke(kb_path, sparql, *(["--format", fmt] if fmt else []))
    assert result.exit_code == 0, result.output
    triples = list(ox.parse(result.stdout_bytes, format=rdf_format))
    assert len(triples) == 7
    assert all(t.predicate == ox.NamedNode(f"{CKB}status") for t in triples)


def test_cli_ask(kb_path: str) -> None:
    result = invoke(kb_path, "ASK { ?c ckb:status ckb:unsupported }", "--format", "json")
    assert json.loads(result.output)["boolean"] is True


def test_cli_reads_a_file_and_stdin(kb_path: str, tmp_path: Path) -> None:
    query_file = tmp_path / "q.rq"
    query_file.write_text(UNSUPPORTED)
    from_file = invoke(kb_path, "-f", str(query_file))
    from_stdin = invoke(kb_path, stdin=UNSUPPORTED)
    assert from_file.exit_code == from_stdin.exit_code == 0
    assert from_file.output == from_stdin.output
    assert len(parse_csv(from_file.output)) == 3


def test_cli_named_query_with_a_parameter(kb_path: str) -> None:
    result = invoke(kb_path, "--name", "article-claims", "--param", f"article={A}")
    assert result.exit_code == 0, result.output
    assert [row["sentence"] for row in parse_csv(result.output)] == ["s1", "s2", "s3", "s4", "s5"]


def test_cli_list(kb_path: str) -> None:
    result = invoke(kb_path, "--list")
    names = [line.split("\t")[0].split()[0] for line in result.output.splitlines()]
    assert "unsupported-claims" in names
    assert "article-claims --param article=..." in result.output
    assert all("\t" in line and line.split("\t")[1] for line in result.output.splitlines())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["SELECT * WHERE {\n ?s ?p }"], "line 2, column 9"),
        (["--name", "nope"], "no named query 'nope'"),
        (["--name", "article-claims"], "needs --param article"),
        (["SELECT * { ?s ?p ?o }", "--format", "ttl"], "for CONSTRUCT/DESCRIBE"),
        (["SELECT * { ?s ?p ?o }", "--name", "overclaims"], "one way"),
        (["--param", "oops", "SELECT * WHERE { ?s ?p ?o }"], "NAME=VALUE"),
    ],
)
def test_cli_errors_exit_2(kb_path: str, args: list[str], message: str) -> None:
    result = invoke(kb_path, *args)
    assert result.exit_code == 2
    assert message in result.output


@pytest.mark.parametrize(
    ("sparql", "message"),
    [
        ("SELECT * {\n  ?s foo:bar ?o }", "unknown prefix 'foo:' at line 2, column 6"),
        ("SELECT * { ?s ckb:status ?o . ?s ex:q ?z }", "unknown prefix 'ex:' at line 1, column 34"),
        ("SELECT * { ?s :p ?o }", "unknown prefix ':' at line 1, column 15"),
    ],
)
def test_an_unknown_prefix_is_named_with_its_place(sparql: str, message: str) -> None:
    with pytest.raises(QuerySyntaxError, match=re.escape(message)) as raised:
        check_syntax(sparql)
    assert "PREFIX" in str(raised.value) and "ckb" in str(raised.value)


def test_colons_in_strings_iris_comments_and_declared_prefixes_are_no_unknown_prefix() -> None:
    sparql = (
        "PREFIX ex: <http://example.org/>\n"
        'SELECT * { ?s ex:q "a:b" . <http://host:8080/x> ckb:text ?t } # c: d\n'
    )
    check_syntax(sparql)
    assert unknown_prefix(sparql) is None
    assert unknown_prefix(sparql + "LIMIT x") is None  # an error, but not a prefix's
