"""Room 2, validate: graphs checked against the structure shapes; the SHACL engine choice.

May import: claims, sources, ontology, shapes, kb.rdf.
"""
