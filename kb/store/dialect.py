"""How claimkb speaks to a SPARQL server: the SPARQL 1.1 Protocol as written, one request at a
time. A server that answers otherwise has an adapter named after it that overrides only what
differs (:mod:`kb.store.oxigraph_server`, :mod:`kb.store.virtuoso`);
:func:`kb.store.remote.dialect_for` picks it from the ``Server`` header of its first answer.

The default graph of a user's query is the union of the store's graphs on every backend (the
embedded store, Oxigraph server, Virtuoso), so ``SELECT * { ?c a ckb:Claim }`` finds the claims
of every article everywhere; named queries never rely on it and say ``GRAPH ?article``.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

#: SPARQL results and graphs a query may come back as: W3C JSON results, N-Triples.
ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/plain;q=0.1"
_FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class Request:
    """One HTTP request to a SPARQL server."""

    method: str
    url: str
    body: bytes
    content_type: str
    accept: str = "*/*"


#: An article graph to write: (graph IRI, N-Triples text).
Graph = tuple[str, str]


class Dialect:
    """A SPARQL 1.1 server as the standard describes it (Fuseki, GraphDB and the like).

    Queries are sent as an URL-encoded form (the one way of the Protocol that every server
    takes), updates as ``application/sparql-update`` to the update endpoint, and article graphs
    are written as one update per batch: DROP each graph, then one INSERT DATA.
    """

    name = "SPARQL 1.1 server"
    #: The product name an adapter's server gives in its ``Server`` header, lower-cased.
    product = ""

    def __init__(self, query_url: str) -> None:
        self.query_url = query_url

    def default_update_url(self) -> str:
        """Return the update URL when none is given: the query endpoint's sibling ``update``."""
        return urllib.parse.urljoin(self.query_url, "update")

    def query(self, sparql: str, *, union: bool) -> Request:
        """Return the request of a query; ``union``: its default graph is every graph's union."""
        body = urllib.parse.urlencode({"query": sparql}).encode()
        return Request("POST", self.query_url, body, _FORM, ACCEPT)

    def update(self, update_url: str, sparql: str) -> Request:
        """Return the request of a SPARQL update."""
        return Request(
            "POST", update_url, sparql.encode(), "application/sparql-update; charset=utf-8"
        )

    def write(self, update_url: str, graphs: Sequence[Graph], *, replace: bool) -> list[Request]:
        """Return the requests that write ``graphs``; ``replace``: each replaces the stored one."""
        return [self.update(update_url, update_text(graphs, replace=replace))]

    def system_graph(self, iri: str) -> bool:
        """Return True for a graph the server keeps for itself, which is no article."""
        return False

    def results(self, data: dict[str, Any]) -> dict[str, Any]:
        """Return W3C SPARQL JSON results as the standard writes them (the server's, by default)."""
        return data


def update_text(graphs: Sequence[Graph], *, replace: bool) -> str:
    """Return one SPARQL update that (re)writes every graph: one transaction on the server."""
    drops = [f"DROP SILENT GRAPH <{iri}> ;" for iri, _ in graphs] if replace else []
    bodies = [f"GRAPH <{iri}> {{\n{ntriples}\n}}" for iri, ntriples in graphs]
    return "\n".join([*drops, "INSERT DATA {", *bodies, "}"])
