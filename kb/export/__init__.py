"""Room 6, export: the citation network out of an article or the store: colour palette,
networkx graph, file writers (GraphML, GEXF, JSON, DOT, SVG, PNG, HTML viewer), output files.

May import: the rooms before it (kb.rdf ... kb.query).
"""
