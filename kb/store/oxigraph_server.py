"""Oxigraph server (``oxigraph serve``): what it does beyond the SPARQL 1.1 Protocol's minimum.

* The default graph is its own empty graph unless the server runs with
  ``--union-default-graph``; a user's query asks for the union with the ``union-default-graph``
  parameter instead, so it gives the embedded store's answers on any ``oxigraph serve``.
* Article graphs are written through its Graph Store endpoint (``/store``): one POST of the
  batch as N-Quads, which Oxigraph parses as data instead of as a SPARQL update, after one
  update that drops the graphs being replaced.
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
        store = urllib.parse.urljoin(self.query_url, "store")
        body = "".join(as_nquads(iri, ntriples) for iri, ntriples in graphs).encode()
        requests = [Request("POST", store, body, "application/n-quads")]
        if replace:
            drops = " ;\n".join(f"DROP SILENT GRAPH <{iri}>" for iri, _ in graphs)
            requests.insert(0, self.update(update_url, drops))
        return requests


def _with_parameter(url: str, name: str) -> str:
    return f"{url}{'&' if urllib.parse.urlsplit(url).query else '?'}{name}"
