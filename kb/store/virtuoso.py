"""OpenLink Virtuoso (what DBpedia and many institutional endpoints run): its departures from
SPARQL 1.1 that claimkb meets, undone here and nowhere else.

* One endpoint, ``/sparql``, takes queries and updates: there is no sibling ``/update``.
* An ASK comes back as a SELECT of one variable ``__ASK_RETVAL`` (1 or 0), not as a boolean.
* Booleans come back as ``"1"``/``"0"``, and typed literals as the old ``typed-literal``. A
  comparison's value (``COUNT(?x) = 1``) is an ``xsd:integer``, not a boolean: no adapter can
  tell it from a count, so claimkb's queries cast it (``xsd:boolean(...)``).
* A CONSTRUCT asked for JSON results comes back as rows of s, p, o (numbers unquoted), so a
  graph is asked for as N-Triples.
* A query POSTed as ``application/sparql-query`` is never answered; the form is taken.
* Its default graph is the union of every graph it holds, its own system graphs included
  (``virtrdf:``, the LDP vocabulary, its service description), as claimkb's union default
  graph is elsewhere; ``claimkb list`` and dumps leave those graphs out.
* Article graphs are written through its Graph Store endpoint (``/sparql-graph-crud``): a PUT
  replaces one graph, parsed by its Turtle loader rather than its SPARQL compiler.

One departure no adapter can undo without rewriting the query's algebra: inside ``GRAPH ?g``, a
property path's zero-length step (``p*``, ``p?``) is lost when the subject is bound, and repeated
once per graph when it is not. claimkb's queries use ``p+`` and a UNION with the first step
instead (``audit/_sources.rq``); a user's query on Virtuoso must do the same.

The server must let the endpoint's user write (``GRANT SPARQL_UPDATE TO "SPARQL"``), or be
given a write URL that authenticates; its bulk loader (``ld_dir``, ``rdf_loader_run``) is the
way to load a whole dump (README, "When one machine is not enough").
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Sequence
from typing import Any

from kb.rdf.sparql_text import code_only
from kb.store.dialect import Dialect, Graph, Request

_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
_ASK = "__ASK_RETVAL"
_GRAPHS = "application/n-triples, text/plain;q=0.1"
#: The graphs a new Virtuoso database holds: its RDF views' mappings, the LDP vocabulary.
_SYSTEM_GRAPHS = ("http://www.openlinksw.com/schemas/virtrdf#", "http://www.w3.org/ns/ldp#")
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


class Virtuoso(Dialect):
    """OpenLink Virtuoso, found by its ``Server: Virtuoso/...`` header."""

    name = "Virtuoso"
    product = "virtuoso"

    def default_update_url(self) -> str:
        return self.query_url

    def query(self, sparql: str, *, union: bool) -> Request:
        request = super().query(sparql, union=union)
        if query_form(sparql) not in ("CONSTRUCT", "DESCRIBE"):
            return request
        return Request(request.method, request.url, request.body, request.content_type, _GRAPHS)

    def write(self, update_url: str, graphs: Sequence[Graph], *, replace: bool) -> list[Request]:
        store = urllib.parse.urljoin(self.query_url, "sparql-graph-crud")
        method = "PUT" if replace else "POST"
        return [
            Request(
                method,
                f"{store}?{urllib.parse.urlencode({'graph-uri': iri})}",
                ntriples.encode(),
                "application/n-triples",
            )
            for iri, ntriples in graphs
        ]

    def system_graph(self, iri: str) -> bool:
        # The service description is named after the endpoint: http://HOST/sparql.
        return iri in _SYSTEM_GRAPHS or iri.rstrip("/").endswith("/sparql")

    def results(self, data: dict[str, Any]) -> dict[str, Any]:
        variables = data.get("head", {}).get("vars", [])
        bindings = data.get("results", {}).get("bindings", [])
        if variables == [_ASK] and len(bindings) == 1:
            return {"head": {}, "boolean": bindings[0][_ASK]["value"] in ("1", "true")}
        for binding in bindings:
            for term in binding.values():
                _standard_term(term)
        return data


def query_form(sparql: str) -> str:
    """Return SELECT, ASK, CONSTRUCT or DESCRIBE: the first such keyword outside strings."""
    match = _FORM.search(code_only(sparql))
    return match.group(1).upper() if match else "SELECT"


def _standard_term(term: dict[str, Any]) -> None:
    """Rewrite one JSON term as SPARQL 1.1 writes it: ``literal``, canonical booleans."""
    term["value"] = str(term.get("value", ""))
    if term.get("type") == "typed-literal":
        term["type"] = "literal"
    if term.get("datatype") == _BOOLEAN and term["value"] in ("0", "1"):
        term["value"] = "true" if term["value"] == "1" else "false"
