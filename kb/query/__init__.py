"""Room 5, query: SPARQL over the store: the shipped .rq files, prefixes, named queries and their
parameters, result formats, the read-only query worker, federation refusal, statistics.

May import: claims, sources, ontology, kb.rdf, kb.store and room 0 (kb.errors...).
"""
