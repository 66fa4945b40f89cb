"""Staging graphs: a large article sent to a SPARQL server in pieces lands whole or not at all.

A server takes each request on its own, so pieces sent into the article's graph land one at a
time. Instead they go into a staging graph of their own, named after the writer
(``urn:claimkb:staging:HOST:PID-START:TIME:RANDOM``) and holding a marker triple that names the
article; then one SPARQL update (:func:`swap`) drops the stored graph, copies the staged triples
into it and drops the staging graph.

* Oxigraph server runs an update request in one transaction: killed or failing anywhere, the
  server holds the old article or the new one, whole.
* Virtuoso commits each operation of a request on its own: a request whose third operation
  fails keeps what its first two did (tried on Virtuoso 7.2). A killed client cannot split the
  swap, which the server runs to its end once received, but an error or a crash of the server
  between its operations can leave the article dropped, never half of it.

No query sees a staging graph. Its triples' predicates are written under :data:`STAGED` (and
restored by the swap), so no named query matches them, in their graph or in the union default
graph; ``list`` and dumps leave staging graphs out (:mod:`kb.store.remote`). A writer killed
part-way leaves its staging graph; the next writer drops it once its owner is gone
(:func:`kb.scratch.gone`, on the same host) or, for another host's, after :data:`STALE_SECONDS`.
"""

from __future__ import annotations

import re
import socket
import time
import urllib.parse
import uuid

from kb.scratch import gone, owner

__all__ = ["GRAPHS", "STAGED", "is_staging", "marker", "name", "staged", "stale", "swap"]

#: What every staging graph's IRI starts with.
PREFIX = "urn:claimkb:staging:"
#: What a staged triple's predicate IRI starts with, followed by the article's predicate IRI.
STAGED = "urn:claimkb:staged:"
#: The predicate of a staging graph's marker triple: ``<staging graph> STAGING_OF <article>``.
STAGING_OF = "urn:claimkb:stagingOf"
#: The staging graphs on a server (found by their marker, an indexed lookup).
GRAPHS = f"SELECT ?graph WHERE {{ GRAPH ?graph {{ ?graph <{STAGING_OF}> ?article }} }}"
#: Age past which another host's staging graph is taken for a killed writer's.
STALE_SECONDS = 24 * 3600

_PREDICATE = re.compile(r"^(\S+[ \t]+<)", re.MULTILINE)


def name() -> str:
    """Return a new staging graph's IRI, owned by this process (its marker names the article)."""
    host = urllib.parse.quote(socket.gethostname(), safe="")
    return f"{PREFIX}{host}:{owner()}:{int(time.time())}:{uuid.uuid4().hex[:12]}"


def marker(graph: str, iri: str) -> str:
    """Return the update that starts the staging graph ``graph`` of the article ``iri``."""
    return f"INSERT DATA {{ GRAPH <{graph}> {{ <{graph}> <{STAGING_OF}> <{iri}> }} }}"


def staged(ntriples: str) -> str:
    """Return N-Triples lines with each predicate IRI written under :data:`STAGED`."""
    return _PREDICATE.sub(rf"\g<1>{STAGED}", ntriples)


def swap(graph: str, iri: str) -> str:
    """Return the one update that puts the staged triples of ``graph`` in place of the graph
    ``iri``, their predicates restored, and drops ``graph``."""
    return (
        f"DROP SILENT GRAPH <{iri}> ;\n"
        f"INSERT {{ GRAPH <{iri}> {{ ?s ?p ?o }} }} WHERE {{\n"
        f"  GRAPH <{graph}> {{ ?s ?staged ?o }}\n"
        f'  FILTER (STRSTARTS(STR(?staged), "{STAGED}"))\n'
        f'  BIND (IRI(STRAFTER(STR(?staged), "{STAGED}")) AS ?p)\n'
        f"}} ;\n"
        f"DROP SILENT GRAPH <{graph}>"
    )


def is_staging(iri: str) -> bool:
    """Return True for the IRI of a staging graph."""
    return iri.startswith(PREFIX)


def stale(graph: str) -> bool:
    """Return True for a staging graph whose writer is gone: on this host, its process ended;
    on another, it is older than STALE_SECONDS. False for any other graph."""
    host, _, rest = graph.removeprefix(PREFIX).partition(":")
    tag, _, started = rest.partition(":")
    started = started.partition(":")[0]
    if not is_staging(graph) or not started.isdigit():
        return False
    if urllib.parse.unquote(host) == socket.gethostname():
        return gone(tag)
    return time.time() - int(started) > STALE_SECONDS
