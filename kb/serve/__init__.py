"""Room 9, serve: the store as a read-only SPARQL 1.1 Protocol endpoint over HTTP, each query
in a worker process.

May import: the rooms before it (kb.rdf ... kb.report).
"""
