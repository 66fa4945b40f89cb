"""One rule, an asserted booster (neither negated nor in a scope that reports or questions it),
read alike everywhere claimkb reads it: the audit's shapes (overclaim, unchecked-certainty), the
knowledge-base audit's queries, the ``overclaims`` listing (its SPARQL, and the search index's
rows), and the store's query of boosted claims (``kb/store/network_queries/boosted.rq``: the
index's booster rows and the network's overclaims, from the index and by SPARQL)."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pytest

from kb.audit.article import AuditResult, audit_path
from kb.audit.findings import Finding
from kb.audit.knowledge_base import audit_kb
from kb.export.network import build_network
from kb.query.run import named_queries, run_query
from kb.query.search import indexed_answer
from kb.rdf.graph import article_iri
from kb.store import open_store
from kb.store.asserted_boosters import boosted_rows

FIXTURES = Path(__file__).parent / "fixtures" / "articles"
#: Fixture articles with boosters asserted, negated and reported, under every status.
CHOSEN = ("turmeric-hedges-boosters.md", "cold-plunge-newsletter.md", "coffee-brain-health-news.md")
#: Boosters asserted (two in one sentence), negated, reported and questioned in unsupported
#: claims; one asserted in a
#: claim whose only source names no design (unchecked certainty).
WRITTEN = {
    "cold-showers.md": """# Cold showers

Cold showers definitely cure the common cold.

Cold baths clearly and undoubtedly strengthen the heart.

It is not certain that cold showers prevent flu.

Some bloggers claim that cold water clearly burns fat.

Does cold water really prove anything about fat?
""",
    "seals.txt": """Harbour seals of the skerries

Harbour seals definitely sleep underwater for short spells [1].

References

1. Lund P. Notes on seal rest. Coastal Review. 2011;4:12-19.
""",
}
#: The status under which an asserted booster is each rule's finding (shapes/audit.ttl).
RULES = {
    "unsupported": "overclaim",
    "weakly-supported": "overclaim",
    "cited-unknown-evidence": "unchecked-certainty",
}

Found = Counter[tuple[str, str, str]]  # (article IRI, sentence id, rule): how many boosters


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, AuditResult]]:
    """The articles audited one by one with SHACL, and a store holding their graphs."""
    folder = tmp_path_factory.mktemp("boosters")
    for name in CHOSEN:
        shutil.copy(FIXTURES / name, folder / name)
    for name, text in WRITTEN.items():
        (folder / name).write_text(text, encoding="utf-8")
    results = {
        str(article_iri(r.graded.article)): r for r in map(audit_path, sorted(folder.iterdir()))
    }
    location = str(folder / "kb")
    with open_store(location) as store:
        store.keep_vocabulary()
        for iri, result in results.items():
            store.replace_article(iri, result.graph)
    return location, results


def booster_findings(audits: Iterable[tuple[str, Iterable[Finding]]]) -> Found:
    """Count the findings of the booster rules by (article, sentence, rule)."""
    return Counter(
        (iri, f.sentence_id or "", f.rule)
        for iri, findings in audits
        for f in findings
        if f.rule in RULES.values()
    )


def test_the_audits_the_listing_and_the_store_read_the_same_boosters(audited) -> None:
    location, results = audited
    found = booster_findings((iri, r.findings) for iri, r in results.items())
    statuses = {
        (iri, g.sentence_id): g.status for iri, r in results.items() for g in r.graded.grades
    }
    with open_store(location, read_only=True) as store:
        kb_audit = booster_findings((a.iri, a.findings) for a in audit_kb(store))
        stored = Counter(
            (iri, sentence, RULES[statuses[iri, sentence]])
            for iri, _, sentence, _ in boosted_rows(store.oxigraph, None)
            if statuses.get((iri, sentence)) in RULES
        )
        sparql = run_query(store, named_queries()["overclaims"].sparql)
        listing = [(str(row[0].value), str(row[3].value)) for row in sparql.rows]
        answered = indexed_answer(store, "overclaims", [])
        assert answered is not None
        indexed = [(str(row[0].value), str(row[3].value)) for row in answered.page(None).rows]
        network_rows = store.network_rows()
        assert network_rows is not None
        from_index = build_network(network_rows)
        by_sparql = build_network(store.spool)  # as on a SPARQL server
    assert set(found.values()) > {1} and set(RULES.values()) == {rule for *_, rule in found}
    assert kb_audit == stored == found
    overclaims = Counter({key[:2]: n for key, n in found.items() if key[2] == "overclaim"})
    assert Counter(listing) == Counter(indexed) == overclaims
    for network in (from_index, by_sparql):
        marked = {
            (data["article"], node.rsplit("/", 1)[1])
            for node, data in network.nodes(data=True)
            if data.get("status") == "overclaim"
        }
        assert {(iri, f"s{n}") for iri, n in marked} == set(overclaims)


def test_negated_reported_and_questioned_boosters_are_not_asserted(audited) -> None:
    location, results = audited
    (iri,) = [i for i, r in results.items() if r.graded.article.title == "Cold showers"]
    text = {s.id: s.text for s in results[iri].graded.article.sentences}
    with open_store(location, read_only=True) as store:
        asserted = {(text[s], b) for _, _, s, b in boosted_rows(store.oxigraph, [iri])}
    assert asserted == {
        ("Cold showers definitely cure the common cold.", "definitely"),
        ("Cold baths clearly and undoubtedly strengthen the heart.", "clearly"),
        ("Cold baths clearly and undoubtedly strengthen the heart.", "undoubtedly"),
    }
    boosted = [s for s in results[iri].graded.article.sentences if s.boosters]
    assert len(boosted) == 5  # the other three hold boosters too, not asserted
