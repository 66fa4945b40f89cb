"""Room 1, rdf: a graded article as RDF triples: article and source IRIs, web IRIs, N-Triples.

May import: claims, sources, ontology and room 0 (kb.errors, kb.version...); nothing else in kb.
"""
