"""Room 3, store: where the triples live, one named graph per article, on disk or on a server.

``open_store(location)`` gives a :class:`Store`; code above this room never asks which backend
it holds. May import: claims, sources, ontology, kb.rdf, kb.validate.
"""

from kb.store.embedded import Store, open_store

__all__ = ["Store", "open_store"]
