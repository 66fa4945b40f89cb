"""The claimkb vocabulary: its prefixes (:mod:`ontology.prefixes`, plain strings) and its rdflib
terms and Turtle loader (:mod:`ontology.namespaces`), imported on first use of one of them, so
that a command needing only the prefixes (a query) does not load rdflib.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ontology.prefixes import PREFIXES

if TYPE_CHECKING:
    from ontology.namespaces import BIRO as BIRO
    from ontology.namespaces import CITO as CITO
    from ontology.namespaces import CKB as CKB
    from ontology.namespaces import CUE as CUE
    from ontology.namespaces import DATA as DATA
    from ontology.namespaces import OA as OA
    from ontology.namespaces import PROV as PROV
    from ontology.namespaces import SCHEMA as SCHEMA
    from ontology.namespaces import ckb_terms as ckb_terms
    from ontology.namespaces import cue_concept as cue_concept
    from ontology.namespaces import level_concept as level_concept
    from ontology.namespaces import load_ontology as load_ontology
    from ontology.namespaces import status_concept as status_concept

__all__ = [
    "BIRO",
    "CITO",
    "CKB",
    "CUE",
    "DATA",
    "OA",
    "PREFIXES",
    "PROV",
    "SCHEMA",
    "ckb_terms",
    "cue_concept",
    "level_concept",
    "load_ontology",
    "status_concept",
]


def __getattr__(name: str) -> Any:
    """Return a name of :mod:`ontology.namespaces`, imported on first use (PEP 562)."""
    if name in __all__:
        from ontology import namespaces

        return getattr(namespaces, name)
    raise AttributeError(f"module 'ontology' has no attribute {name!r}")
