"""Room 8, report: what an audit or an extraction found, for people and programs: the summary
model and one renderer per format (table, JSON, Markdown, HTML, RDF).

May import: the rooms before it (kb.rdf ... kb.audit).
"""
