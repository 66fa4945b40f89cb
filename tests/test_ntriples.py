"""kb.rdf.ntriples writes what N-Triples parsers (rdflib's and Oxigraph's) read back unchanged."""

from __future__ import annotations

import pyoxigraph as ox
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kb.rdf.graph import article_triples, graph_of
from kb.rdf.ntriples import ntriples
from tests import graded_samples

S, P = URIRef("https://example.org/s"), URIRef("https://example.org/p")


def test_an_article_reads_back_as_the_graph_it_came_from() -> None:
    triples = article_triples(graded_samples.graded("https://example.org/cocoa-sleep"))
    written = ntriples(triples)
    assert written.count("\n") == len(triples)
    reread = Graph().parse(data=written, format="nt")
    assert isomorphic(reread, graph_of(triples, URIRef("https://example.org/g")))


def test_typed_and_tagged_literals_keep_their_datatype_and_language() -> None:
    from rdflib import XSD  # imported here: pytest trips over XSD's names at module level

    written = ntriples(
        [
            (S, P, Literal(3)),
            (S, P, Literal(True)),
            (S, P, Literal("2019", datatype=XSD.gYear)),
            (S, P, Literal("thé", lang="fr")),
            (S, P, Literal("plain")),
        ]
    )
    assert written.splitlines() == [
        f'<{S}> <{P}> "3"^^<{XSD.integer}> .',
        f'<{S}> <{P}> "true"^^<{XSD.boolean}> .',
        f'<{S}> <{P}> "2019"^^<{XSD.gYear}> .',
        f'<{S}> <{P}> "thé"@fr .',
        f'<{S}> <{P}> "plain" .',
    ]


@given(st.text())
def test_any_string_literal_round_trips_through_both_parsers(text: str) -> None:
    written = ntriples([(S, P, Literal(text))])
    (quad,) = ox.parse(written, format=ox.RdfFormat.N_TRIPLES)
    assert quad.object.value == text
    (triple,) = Graph().parse(data=written, format="nt")
    assert str(triple[2]) == text
