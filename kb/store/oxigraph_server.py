"""Oxigraph server (``oxigraph serve``): what it does beyond the SPARQL 1.1 Protocol's minimum.

* The default graph is its own empty graph unless the server runs with
  ``--union-default-graph``; a user's query asks for the union with the ``union-default-graph``
  parameter instead, so it gives the embedded store's answers on any ``oxigraph serve``.
* New article graphs are written through its Graph Store endpoint (``/store``): one POST of
  the batch as N-Quads, which Oxigraph parses as data instead of as a SPARQL update. A batch
  that replaces stored graphs is one SPARQL update (DROP, then INSERT DATA), which Oxigraph
  runs in one transaction: a drop request and then a POST left the graphs dropped when the
  writer was killed between the two (it costs the server about 1.5x the CPU of the POST).
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Sequence

from kb.store.base import as_nquads
from kb.store.dialect import Dialect, Graph, Request


class OxigraphServer(Dialect):
    """Oxigraph server (``oxigraph serve``), found by its ``Server: Oxigraph/...`` header."""

    name = "Oxigraph server"
    product = "oxigraph"

    def query(self, sparql: str, *, union: bool) -> Request:
        request = super().query(sparql, union=union)
        if not union:
            return request
        return Request(
            request.method,
            _with_parameter(request.url, "union-default-graph"),
            request.body,
            request.content_type,
            request.accept,
        )

    def write(self, update_url: str, graphs: Sequence[Graph], *, replace: bool) -> list[Request]:
        if replace:  # one update, one transaction: a stored graph is never left dropped
            return super().write(update_url, graphs, replace=True)
        store = urllib.parse.urljoin(self.query_url, "store")
        body = "".join(as_nquads(iri, ntriples) for iri, ntriples in graphs).encode()
        return [Request("POST", store, body, "application/n-quads")]


def _with_parameter(url: str, name: str) -> str:
    return f"{url}{'&' if urllib.parse.urlsplit(url).query else '?'}{name}"
