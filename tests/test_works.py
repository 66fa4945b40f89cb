"""One IRI per cited work across articles, authors as an ordered list, and the named query that
joins articles on the works they share."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection

from claims.model import ReferenceData
from kb.ingest.pipeline import ingest
from kb.query.run import named_queries, run_query, with_parameters
from kb.rdf.works import author_triples, person_name, work_iri, work_triples
from kb.store import open_store
from ontology import BIRO, SCHEMA

WORKS = Path(__file__).parent / "fixtures" / "works"
TITLE_HASH = "https://w3id.org/claimkb/id/work/"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (ReferenceData(doi="10.1000/ABC.Def", pmid="123"), "https://doi.org/10.1000/abc.def"),
        (
            ReferenceData(doi="10.1002/(SICI)1097<x>", title="T"),
            "https://doi.org/10.1002/(sici)1097%3Cx%3E",
        ),
        (ReferenceData(doi="not a doi", pmid="0042"), "https://pubmed.ncbi.nlm.nih.gov/42"),
        (ReferenceData(pmid="0"), None),
        (ReferenceData(title="Tea"), None),  # too short to tell works apart
        (ReferenceData(), None),
    ],
)
def test_a_work_is_its_doi_else_its_pmid(data: ReferenceData, expected: str | None) -> None:
    assert work_iri(data) == (URIRef(expected) if expected else None)


def test_else_its_title_and_year_whatever_their_case_accents_and_punctuation() -> None:
    one = work_iri(ReferenceData(title="Café use and sleep: a cohort", year="2019a"))
    other = work_iri(ReferenceData(title="CAFE USE AND SLEEP -- A COHORT.", year="2019"))
    later = work_iri(ReferenceData(title="Café use and sleep: a cohort", year="2021"))
    assert one is not None and str(one).startswith(TITLE_HASH)
    assert one == other != later


@pytest.mark.parametrize(
    ("printed", "family", "given"),
    [
        ("Moreau A", "Moreau", "A"),
        ("van der Berg JA", "van der Berg", "JA"),
        ("World Health Organization", "World Health Organization", None),
        ("Smith", "Smith", None),
    ],
)
def test_a_surname_and_initials_give_family_and_given_names(
    printed: str, family: str, given: str | None
) -> None:
    assert person_name(printed) == (family, given)


def test_authors_are_an_ordered_list_without_blank_nodes() -> None:
    entry = URIRef("https://w3id.org/claimkb/id/article/x/source/1")
    graph = Graph()
    for triple in author_triples(entry, ("Okafor C", "Food Standards Office", "Li W")):
        graph.add(triple)
    people = list(Collection(graph, graph.value(entry, SCHEMA.author)))
    assert [str(graph.value(p, SCHEMA.name)) for p in people] == [
        "Okafor C",
        "Food Standards Office",
        "Li W",
    ]
    assert graph.value(people[0], SCHEMA.familyName) == Literal("Okafor")
    assert graph.value(people[2], SCHEMA.givenName) == Literal("W")
    assert (people[1], RDF.type, SCHEMA.Person) not in graph  # no initials: only its name
    assert not any(isinstance(node, BNode) for triple in graph for node in triple)


def test_articles_citing_one_work_in_different_words_join_on_it(tmp_path: Path) -> None:
    """One article cites by a DOI in upper case, a PMID and a title; the other by a doi.org
    address, the same PMID and the same title in other case and punctuation: a row a work,
    with its title, its citing articles and claims; the claims are one query away."""
    with open_store(str(tmp_path / "kb")) as store:
        ingest(store, [str(WORKS)], jobs=1)
        rows = run_query(store, named_queries()["works-cited-by-several-articles"].sparql).dicts()
        articles = {Path(a.source or "").name: a.iri for a in store.articles()}
        claims = run_query(store, citing_work(f"work=<{DOI_0042}>")).dicts()
    works = {row["work"]: (row["articles"], row["claims"], row["sameKind"]) for row in rows}
    assert works.pop(DOI_0042) == (2, 3, False)  # rct / unknown; [1, 4] cites it once
    assert works.pop("https://pubmed.ncbi.nlm.nih.gov/25512345") == (2, 2, False)
    ((title_work, (count, cited, same_kind)),) = works.items()
    assert title_work.startswith(TITLE_HASH) and (count, cited, same_kind) == (2, 2, True)
    both = set(articles.values())
    assert all(set(row["citing"].split(" ")) == both for row in rows)
    first = next(row for row in rows if row["work"] == DOI_0042)
    # the least of the two titles printed (the article printing "a randomised ..." and the
    # other, which prints the title alone)
    assert first["title"] == "Uphill training and quadriceps strength in older adults"
    assert {row["text"] for row in claims} == {
        "Regular uphill walking strengthens the quadriceps in adults over sixty [1].",
        "Shorter strides on steep ground lower the force on the kneecap [1, 4].",
        "Uphill walking builds thigh strength in people over sixty [3].",
    }


DOI_0042 = "https://doi.org/10.4321/japa.2017.0042"


def citing_work(param: str) -> str:
    """Return claims-citing-work with its parameter ``NAME=VALUE`` bound."""
    query = named_queries()["claims-citing-work"]
    return with_parameters(query.sparql, [param], query.parameters)


SAME_WORK = Path(__file__).parent / "fixtures" / "same-work"
DOI_WORK = "https://doi.org/10.5678/occmed.2020.0117"
PMID_WORK = "https://pubmed.ncbi.nlm.nih.gov/31234567"


@pytest.mark.parametrize(
    ("data", "same"),
    [
        (ReferenceData(doi="10.5678/OccMed.2020.0117", pmid="31234567"), (DOI_WORK, PMID_WORK)),
        (ReferenceData(doi="10.5678/occmed.2020.0117"), None),  # no PMID printed: none invented
        (ReferenceData(pmid="31234567"), None),
        (ReferenceData(doi="not a doi", pmid="31234567"), None),  # the PMID is the work itself
    ],
)
def test_an_entry_giving_a_doi_and_a_pmid_records_the_pmid_on_the_doi_work(
    data: ReferenceData, same: tuple[str, str] | None
) -> None:
    from rdflib import OWL

    entry = URIRef("https://w3id.org/claimkb/id/article/x/source/1")
    triples = list(work_triples(entry, data))
    assert (entry, BIRO.references, work_iri(data)) in triples
    stated = [(str(s), str(o)) for s, p, o in triples if p == OWL.sameAs]
    assert stated == ([same] if same else [])


def test_most_cited_sources_counts_a_work_cited_by_doi_and_by_pmid_alone_once(
    tmp_path: Path,
) -> None:
    """One article prints the DOI and the PMID, the other the PMID alone."""
    with open_store(str(tmp_path / "kb")) as store:
        ingest(store, [str(SAME_WORK)], jobs=1)
        rows = run_query(store, named_queries()["most-cited-sources"].sparql).dicts()
    works = {row["work"]: (row["articles"], row["citations"], row["level"]) for row in rows}
    assert PMID_WORK not in works
    assert works[DOI_WORK] == (2, 2, "rct")
    assert len(works) == 2  # and the other article's uncited-elsewhere work, by title and year


def test_works_cited_by_several_articles_joins_a_work_cited_by_doi_and_by_pmid_alone(
    tmp_path: Path,
) -> None:
    """One article prints the DOI and the PMID, the other the PMID alone: one work, two
    articles; its claims are the same whichever of its IRIs or its DOI is asked for."""
    with open_store(str(tmp_path / "kb")) as store:
        ingest(store, [str(SAME_WORK)], jobs=1)
        rows = run_query(store, named_queries()["works-cited-by-several-articles"].sparql).dicts()
        asked = {
            param: sorted(
                (row["article"], row["sentence"])
                for row in run_query(store, citing_work(param)).dicts()
            )
            for param in (f"work={DOI_WORK}", f"work={PMID_WORK}", "doi=10.5678/OCCMED.2020.0117")
        }
    assert [(row["work"], row["articles"], row["claims"]) for row in rows] == [(DOI_WORK, 2, 2)]
    assert len(set(rows[0]["citing"].split(" "))) == 2
    by_doi = asked.pop(f"work={DOI_WORK}")
    assert [sentence for _, sentence in by_doi] == ["s2", "s2"]
    assert len({article for article, _ in by_doi}) == 2
    assert all(found == by_doi for found in asked.values())


#: A third article printing the same paper's DOI and PMID, as the first does.
STATED_AGAIN = """\
# Stairs and heart rate

Climbing stairs at work went with a lower resting heart rate [1].

## References

1. Okafor C, Lindahl E. Workplace stair climbing and resting heart rate. Occup Med. 2020.
doi:10.5678/occmed.2020.0117. PMID: 31234567
"""


@pytest.mark.parametrize("name", ["works-cited-by-several-articles", "most-cited-sources"])
def test_a_pmid_stated_the_same_as_a_doi_by_two_articles_counts_each_citation_once(
    tmp_path: Path, name: str
) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    for path in SAME_WORK.iterdir():
        (articles / path.name).write_bytes(path.read_bytes())
    (articles / "stairs-again.md").write_text(STATED_AGAIN, encoding="utf-8")
    with open_store(str(tmp_path / "kb")) as store:
        ingest(store, [str(articles)], jobs=1)
        rows = run_query(store, named_queries()[name].sparql).dicts()
    cited = [row for row in rows if row["work"] == DOI_WORK]
    if name == "most-cited-sources":
        assert [(row["articles"], row["citations"]) for row in cited] == [(3, 3)]
    else:
        assert [(row["articles"], row["claims"]) for row in cited] == [(3, 3)]


@pytest.mark.parametrize("name", ["works-cited-by-several-articles", "most-cited-sources"])
def test_a_store_ingested_before_the_work_statements_gives_the_same_rows(
    tmp_path: Path, name: str
) -> None:
    """Each article's graph says of the works it cites how many claims cite them, their levels
    and hash (ckb:citingClaims, ckb:citedAsLevel, ckb:workHash); an article ingested before has
    none, and the listings read its entries instead: the same rows."""
    articles = tmp_path / "articles"
    articles.mkdir()
    for path in [*WORKS.iterdir(), *SAME_WORK.iterdir()]:
        (articles / path.name).write_bytes(path.read_bytes())
    query = named_queries()[name].sparql
    with open_store(str(tmp_path / "kb")) as store:
        ingest(store, [str(articles)], jobs=1)
        stated = run_query(store, query).dicts()
        ns = "https://w3id.org/claimkb/ns#"
        for predicate in ("citingClaims", "citedAsLevel", "workHash"):
            store.update(f"DELETE WHERE {{ GRAPH ?g {{ ?work <{ns}{predicate}> ?o }} }}")
        assert not run_query(store, f"ASK {{ GRAPH ?g {{ ?w <{ns}workHash> ?h }} }}").boolean
        from_entries = run_query(store, query).dicts()
    assert len(stated) >= 3
    assert from_entries == stated
