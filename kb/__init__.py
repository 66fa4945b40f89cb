"""kb: RDF graphs, the store, SPARQL, audit, export and the command line."""

__version__ = "0.1.0"
