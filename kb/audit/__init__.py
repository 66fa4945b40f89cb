"""Room 7, audit: findings from the audit shapes, for one article (SHACL) or for the whole
knowledge base (SPARQL), and their triage (rule selection, baselines, fingerprints).

May import: the rooms before it (kb.rdf ... kb.export).
"""
