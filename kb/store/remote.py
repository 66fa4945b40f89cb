"""A knowledge base behind a SPARQL 1.1 Protocol server (Oxigraph server, Fuseki, GraphDB...).

Queries go to the query endpoint, writes to the update endpoint (the sibling ``update`` unless
given). Article graphs are written in batches: one update request replaces several articles,
which the server applies as one transaction, so loading pays one round trip per batch instead
of one per article. The Graph Store Protocol is not used for writes: a PUT per article replaces
one graph per round trip and was no faster than the batched updates against Oxigraph server
(measured on 40 generated articles of about 4,000 triples), and SPARQL Update is what every
server (Oxigraph, Fuseki, GraphDB, Virtuoso) accepts alike.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from typing import IO

import pyoxigraph as ox

from kb.errors import QuerySyntaxError, StoreUnavailable
from kb.store.base import DATASET_FORMATS, FORMAT_ALIASES, QueryResult, Store, rdf_format

#: What a query asks for: W3C JSON results for SELECT/ASK, N-Triples for CONSTRUCT/DESCRIBE.
_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/plain;q=0.1"
#: Triples per update request when writing many articles (about 20 generated articles).
BATCH_TRIPLES = 20_000
_TIMEOUT = 300


class RemoteStore(Store):
    """A SPARQL 1.1 Protocol endpoint used as the knowledge base."""

    def __init__(self, query_url: str, *, update_url: str | None = None, read_only: bool = False):
        self.location = query_url
        self.update_url = update_url or urllib.parse.urljoin(query_url, "update")
        self.read_only = read_only

    def query(self, sparql: str) -> QueryResult:
        body, content_type = self._post(self.location, sparql, "application/sparql-query", _ACCEPT)
        media = content_type.split(";")[0].strip().lower()
        try:
            if "json" in media:
                result = _json_result(body)
                len(result)  # read every row now: a broken answer fails here, naming the URL
                return result
            plain = media in ("", "text/plain")
            rdf = ox.RdfFormat.N_TRIPLES if plain else ox.RdfFormat.from_media_type(media)
            if rdf is None or rdf.supports_datasets:  # an HTML page, say
                raise _not_results(self.location, f"a document of type {media}")
            triples = ox.parse(body, format=rdf)
            payload = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        except (ValueError, SyntaxError, KeyError, TypeError, AttributeError) as error:
            json_error = isinstance(error, json.JSONDecodeError)
            bad = "invalid JSON" if json_error else f"unreadable {media}"
            raise _not_results(self.location, f"{bad} ({error})") from None
        return QueryResult("graph", ("subject", "predicate", "object"), payload=payload)

    def update(self, sparql: str) -> None:
        if self.read_only:
            raise StoreUnavailable(f"the knowledge base at {self.location} is open read-only")
        self._post(self.update_url, sparql, "application/sparql-update", "*/*")

    def _write(self, iri: str, ntriples: str, *, replace: bool) -> None:
        self.update(_update_text([(iri, ntriples)], replace=replace))

    def write_articles(
        self, items: Iterable[tuple[str, str]], *, on_compact: Callable[[], None] | None = None
    ) -> Iterator[str]:
        batch: list[tuple[str, str]] = []
        size = 0
        for iri, ntriples in items:
            if any(iri == queued for queued, _ in batch):  # a repeat replaces what is queued
                yield from self._flush(batch)
                batch, size = [], 0
            batch.append((iri, ntriples))
            size += ntriples.count("\n")
            if size >= BATCH_TRIPLES:
                yield from self._flush(batch)
                batch, size = [], 0
        yield from self._flush(batch)

    def _flush(self, batch: list[tuple[str, str]]) -> Iterator[str]:
        if batch:
            self.update(_update_text(batch, replace=True))
            yield from (iri for iri, _ in batch)

    def dump(self, fmt: str, out: IO[bytes]) -> None:
        name = FORMAT_ALIASES.get(fmt, fmt)
        if name in DATASET_FORMATS:
            ox.serialize(self._quads(), out, format=rdf_format(name))
        else:
            union = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
            out.write(self.query(union).serialize(name))

    def _quads(self) -> Iterator[ox.Quad]:
        # One CONSTRUCT per article: portable across servers and never one huge response.
        for article in self.articles():
            graph = ox.NamedNode(article.iri)
            for triple in self.query(_construct(article.iri)):
                yield ox.Quad(triple.subject, triple.predicate, triple.object, graph)

    def _post(self, url: str, body: str, content_type: str, accept: str) -> tuple[bytes, str]:
        headers = {"Content-Type": f"{content_type}; charset=utf-8", "Accept": accept}
        token = os.environ.get("CLAIMKB_TOKEN")
        if token:  # what `claimkb serve --allow-update` asks of writers
            headers["Authorization"] = f"Bearer {token}"
        request = urllib.request.Request(url, data=body.encode(), method="POST", headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=_TIMEOUT) as response:
                return response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as error:
            raise _http_error(url, error) from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise StoreUnavailable(
                f"cannot reach the SPARQL endpoint {url}: {reason}; is the server running?"
            ) from None


def _construct(iri: str) -> str:
    return f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}"


def _update_text(batch: list[tuple[str, str]], *, replace: bool) -> str:
    """Return one SPARQL update that (re)writes every graph of the batch."""
    drops = [f"DROP SILENT GRAPH <{iri}> ;" for iri, _ in batch] if replace else []
    graphs = [f"GRAPH <{iri}> {{\n{ntriples}\n}}" for iri, ntriples in batch]
    return "\n".join([*drops, "INSERT DATA {", *graphs, "}"])


def _json_result(body: bytes) -> QueryResult:
    data = json.loads(body)
    if "boolean" in data:
        return QueryResult("boolean", boolean=bool(data["boolean"]), payload=body)
    return QueryResult("bindings", tuple(data["head"].get("vars", ())), payload=body)


def _not_results(url: str, what: str) -> StoreUnavailable:
    return StoreUnavailable(
        f"the endpoint {url} answered {what}, not SPARQL results; check that --kb gives the "
        "server's SPARQL query URL (often ending in /query or /sparql) and that it works"
    )


def _http_error(url: str, error: urllib.error.HTTPError) -> Exception:
    message = error.read().decode(errors="replace").strip() or error.reason
    if error.code == 400:
        return QuerySyntaxError(f"the endpoint {url} refused the request: {message}")
    return StoreUnavailable(f"the endpoint {url} answered {error.code}: {message}")
