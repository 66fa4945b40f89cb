"""Write triples of rdflib terms as N-Triples, for the triples claimkb builds itself.

rdflib's serializer walks a Graph; ingest has the triples in a list already, and writing them
here takes a third of the time of building a Graph and serialising it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

__all__ = ["STRING_ESCAPES", "ntriples", "tagged"]

#: What N-Triples and Turtle require escaped in a quoted string literal (ECHAR), and how
#: (``str.translate``); Turtle's long strings (triple quotes) keep their line feeds.
STRING_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def ntriples(triples: Iterable[tuple[Node, Node, Node]]) -> str:
    """Return ``triples`` as N-Triples text, one line per triple, in the order given."""
    return "".join(f"{_term(s)} {_term(p)} {_term(o)} .\n" for s, p, o in triples)


@lru_cache(maxsize=1 << 16)
def _term(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        return _literal(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    raise TypeError(f"not an RDF term: {term!r}")


def _literal(literal: Literal) -> str:
    return tagged(f'"{str(literal).translate(STRING_ESCAPES)}"', literal, _bracketed)


def _bracketed(iri: str) -> str:
    return f"<{iri}>"


def tagged(quoted: str, literal: Literal, iri: Callable[[str], str]) -> str:
    """Return a literal's ``quoted`` text with its language tag, or its datatype written by
    ``iri`` (none for xsd:string): as N-Triples and Turtle both write it."""
    if literal.language:
        return f"{quoted}@{literal.language}"
    if literal.datatype is not None and str(literal.datatype) != _XSD_STRING:
        return f"{quoted}^^{iri(str(literal.datatype))}"
    return quoted
