"""claimkb's prefixes and their namespaces as plain strings: what a query's prologue and a short
IRI need, without rdflib."""

from __future__ import annotations

#: Prefixes for Turtle and SPARQL output (``ckbid``, of instances, too, though users rarely
#: need it; not ``data:``, which reads as a data: URL).
PREFIXES: dict[str, str] = {
    "ckb": "https://w3id.org/claimkb/ns#",
    "ckbid": "https://w3id.org/claimkb/id/",
    "schema": "https://schema.org/",
    "cito": "http://purl.org/spar/cito/",
    "biro": "http://purl.org/spar/biro/",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "sh": "http://www.w3.org/ns/shacl#",
}
