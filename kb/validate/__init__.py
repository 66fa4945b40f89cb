"""Room 2, validate: graphs checked against the structure shapes; the SHACL engine choice.

May import: claims, sources, ontology, shapes, kb.rdf and room 0 (kb.errors...).
"""
