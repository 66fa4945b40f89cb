"""claimkb's prefixes as SPARQL declarations, and IRIs written short for people.

The prefixes themselves are :data:`ontology.PREFIXES` (plain strings: no rdflib); this is the
one place that writes them as a SPARQL prologue or shortens an IRI with them.
"""

from __future__ import annotations

import re
from functools import cache

from ontology.prefixes import PREFIXES

_LAST_PART = re.compile(r"[#/:]")


@cache
def sparql_prologue() -> str:
    """Return the PREFIX declarations of claimkb's vocabularies, one per line."""
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())


def turtle_prefixes() -> dict[str, str]:
    """Return the prefixes of Turtle output: all but ``ckbid:``, which would turn every instance
    IRI into escaped slashes."""
    return {name: iri for name, iri in PREFIXES.items() if name != "ckbid"}


def curie(
    iri: str, prefixes: dict[str, str] | None = None, local: re.Pattern[str] | None = None
) -> str | None:
    """Return ``prefix:local`` for an IRI in one of ``prefixes`` (claimkb's when None; the
    longest namespace wins), else None; ``local``, when given, is what the local part must be."""
    for name, namespace in _namespaces(None if prefixes is None else tuple(prefixes.items())):
        if not iri.startswith(namespace):
            continue
        rest = iri[len(namespace) :]
        if rest and (local is None or local.fullmatch(rest)):
            return f"{name}:{rest}"
    return None


def local_name(iri: str) -> str:
    """Return the last part of an IRI, after its last ``#``, ``/`` or ``:`` (``ckb#level-rct``
    gives ``level-rct``); the whole IRI when nothing follows those."""
    return _LAST_PART.split(iri.rstrip("/#"))[-1] or iri


@cache
def _namespaces(prefixes: tuple[tuple[str, str], ...] | None) -> tuple[tuple[str, str], ...]:
    """Return (prefix, namespace) pairs, claimkb's for None, longest namespace first, so that a
    namespace inside another never wins."""
    if prefixes is None:
        prefixes = tuple(PREFIXES.items())
    return tuple(sorted(prefixes, key=lambda item: -len(item[1])))
