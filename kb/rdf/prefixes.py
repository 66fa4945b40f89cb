"""claimkb's prefixes as SPARQL declarations, and IRIs written short for people.

The prefixes themselves are :data:`ontology.PREFIXES`; this is the one place that writes them
as a SPARQL prologue or shortens an IRI with them.
"""

from __future__ import annotations

import re
from functools import cache

from ontology import PREFIXES

#: Prefixes for Turtle output: all but ``data``, so article IRIs stay whole and readable.
TURTLE_PREFIXES = {name: iri for name, iri in PREFIXES.items() if name != "data"}

# Longest namespace first, so that a namespace inside another never wins.
_NAMESPACES = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))
_LAST_PART = re.compile(r"[#/:]")


@cache
def sparql_prologue() -> str:
    """Return the PREFIX declarations of claimkb's vocabularies, one per line."""
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())


def curie(iri: str) -> str | None:
    """Return ``prefix:local`` for an IRI in a claimkb namespace (the longest), else None."""
    for name, namespace in _NAMESPACES:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{name}:{iri[len(namespace) :]}"
    return None


def local_name(iri: str) -> str:
    """Return the last part of an IRI, after its last ``#``, ``/`` or ``:`` (``ckb#level-rct``
    gives ``level-rct``); the whole IRI when nothing follows those."""
    return _LAST_PART.split(iri.rstrip("/#"))[-1] or iri
