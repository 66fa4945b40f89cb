"""Knowledge bases of any size for the network views, written as N-Quads on the fly.

Each article has sections, claims (every status; no cues) and sources (every evidence
level, some sharing a DOI with other articles' sources, as real bibliographies overlap); claims
cite one to three of their article's sources, a few sources many times. Deterministic for a
seed. Loaded into an in-memory Oxigraph store, it gives ``kb.export.network.build_network`` the same
rows a real knowledge base gives, at the size a test or benchmark needs, in seconds.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

from claims.model import ReferenceData
from kb.rdf.works import work_iri
from sources.model import LEVELS

CKB = "https://w3id.org/claimkb/ns#"
BASE = "https://w3id.org/claimkb/id/article/"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
TITLE = "<http://purl.org/dc/terms/title>"
TEXT = "<https://schema.org/text>"
CITES = "<http://purl.org/spar/cito/citesAsEvidence>"
REFERENCES = "<http://purl.org/spar/biro/references>"
STATUSES = ("supported", "weakly-supported", "cited-unknown-evidence", "unsupported")
WORDS = [
    "tea",
    "coffee",
    "sleep",
    "memory",
    "blood",
    "pressure",
    "cocoa",
    "walnuts",
    "exercise",
    "mice",
    "trial",
    "adults",
    "children",
    "cohort",
    "risk",
    "heart",
    "brain",
    "mood",
    "fibre",
    "vitamin",
    "sauna",
    "napping",
    "cold",
    "fatigue",
    "attention",
]


def _literal(value: str | int | bool) -> str:
    if isinstance(value, bool):
        return f'"{str(value).lower()}"^^<http://www.w3.org/2001/XMLSchema#boolean>'
    if isinstance(value, int):
        return f'"{value}"^^<http://www.w3.org/2001/XMLSchema#integer>'
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def article_quads(n: int, rng: random.Random, claims: int, sources: int) -> Iterator[str]:
    """Yield the N-Quads lines of article ``n``."""
    a = f"{BASE}{n:08d}"
    g = f"<{a}>"

    def quad(s: str, p: str, o: str) -> str:
        return f"{s} {p} {o} {g} .\n"

    topic = " ".join(rng.sample(WORDS, 2))
    yield quad(g, TYPE, "<https://schema.org/Article>")
    yield quad(g, TITLE, _literal(f"What {topic} does: review {n}"))
    yield quad(g, f"<{CKB}sourcePath>", _literal(f"articles/review-{n}.md"))
    for s in range(sources):
        src = f"<{a}/source/{s + 1}>"
        yield quad(src, TYPE, f"<{CKB}Source>")
        yield quad(src, f"<{CKB}key>", _literal(str(s + 1)))
        level = LEVELS[(n + s) % len(LEVELS)]
        yield quad(src, f"<{CKB}evidenceLevel>", f"<{CKB}level-{level}>")
        title = f"A study of {rng.choice(WORDS)} number {s}"
        yield quad(src, TITLE, _literal(title))
        doi = None
        if s % 3 == 0:  # a shared work: articles cite the same DOI
            doi = f"10.5555/shared.{rng.randrange(200)}"
            yield quad(src, f"<{CKB}doi>", _literal(doi))
        work = work_iri(ReferenceData(title=title, doi=doi))  # the work IRI, as ingest mints it
        if work is not None:
            yield quad(src, REFERENCES, f"<{work}>")
    sections = max(1, claims // 12)
    for k in range(sections):
        sec = f"<{a}/section/{k}>"
        yield quad(sec, TYPE, f"<{CKB}Section>")
        yield quad(sec, TITLE, _literal(f"Part {k + 1}: {rng.choice(WORDS)}"))
    popular = rng.sample(range(1, sources + 1), min(3, sources))
    for c in range(claims):
        claim = f"<{a}/sentence/{c + 1}>"
        status = STATUSES[rng.randrange(len(STATUSES))]
        yield quad(claim, TYPE, f"<{CKB}Claim>")
        yield quad(claim, TEXT, _literal(f"Claim {c + 1} of review {n}: {topic} helps."))
        yield quad(claim, f"<{CKB}status>", f"<{CKB}{status}>")
        yield quad(claim, f"<{CKB}line>", _literal(c + 3))
        yield quad(claim, f"<{CKB}inSection>", f"<{a}/section/{c * sections // claims}>")
        if status == "unsupported" or not sources:
            continue
        cited = {rng.choice(popular) if rng.random() < 0.4 else rng.randint(1, sources)}
        cited |= {rng.randint(1, sources) for _ in range(rng.randrange(3))}
        level = LEVELS[(n + min(cited) - 1) % len(LEVELS)]
        yield quad(claim, f"<{CKB}evidenceLevel>", f"<{CKB}level-{level}>")
        for s in sorted(cited):
            yield quad(claim, CITES, f"<{a}/source/{s}>")
        marker = f"<{a}/marker/{c}>"
        yield quad(claim, f"<{CKB}hasMarker>", marker)
        yield quad(marker, f"<{CKB}markerText>", _literal("[" + ", ".join(map(str, cited)) + "]"))
        for s in sorted(cited):
            yield quad(marker, f"<{CKB}refersTo>", f"<{a}/source/{s}>")


def network_store(articles: int, claims: int = 60, sources: int = 25, seed: int = 1) -> object:
    """Return an in-memory pyoxigraph store holding ``articles`` generated articles."""
    import pyoxigraph

    rng = random.Random(seed)
    store = pyoxigraph.Store()
    batch: list[str] = []
    for n in range(articles):
        batch.extend(article_quads(n, rng, claims, sources))
        if len(batch) > 200_000 or n == articles - 1:
            data = "".join(batch).encode("utf-8")
            store.bulk_load(data, format=pyoxigraph.RdfFormat.N_QUADS)
            batch = []
    return store


def write_nquads(
    path: Path, articles: int, claims: int = 60, sources: int = 25, seed: int = 1
) -> Path:
    """Write ``articles`` generated articles to ``path`` as N-Quads (``claimkb load`` reads it)."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for n in range(articles):
            out.writelines(article_quads(n, rng, claims, sources))
    return path


def write_store(location: Path, articles: int, seed: int = 1) -> Path:
    """Bulk-load ``articles`` generated articles into an Oxigraph store on disk at ``location``."""
    import pyoxigraph

    rng = random.Random(seed)
    store = pyoxigraph.Store(str(location))
    batch: list[str] = []
    for n in range(articles):
        batch.extend(article_quads(n, rng, 60, 25))
        if len(batch) > 500_000 or n == articles - 1:
            store.bulk_load("".join(batch).encode("utf-8"), format=pyoxigraph.RdfFormat.N_QUADS)
            batch = []
    store.flush()
    store.optimize()
    return location
