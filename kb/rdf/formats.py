"""RDF files by format: the names claimkb's commands use, the file extensions that name them,
the formats that hold named graphs, and rdflib's name for each. ``load`` and ``dump`` (the
store) and ``validate`` read these, so a file one command reads the others read alike."""

from __future__ import annotations

#: RDF file extensions, by the name of the format each one names.
EXTENSIONS = {
    ".trig": "trig",
    ".nq": "nquads",
    ".nquads": "nquads",
    ".jsonld": "jsonld",
    ".json": "jsonld",
    ".ttl": "ttl",
    ".nt": "nt",
    ".n3": "n3",
    ".rdf": "xml",
    ".owl": "xml",
}
#: Formats that hold named graphs, so that a dump in them loads back (and is validated)
#: article by article.
DATASET_FORMATS = ("trig", "nquads", "jsonld")
#: rdflib's parser name of each format.
RDFLIB_NAMES = {
    "trig": "trig",
    "nquads": "nquads",
    "jsonld": "json-ld",
    "ttl": "turtle",
    "nt": "nt",
    "n3": "n3",
    "xml": "xml",
}
