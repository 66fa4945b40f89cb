"""Room 4, ingest: articles into the store: read, grade, build and check triples, write in batches.

May import: claims, sources, ontology, shapes, kb.rdf, kb.validate, kb.store and room 0.
"""
