"""One graded article -> one rdflib graph, with deterministic IRIs (see ontology/claimkb.ttl).

Every node is an IRI under the article IRI ``A`` (``A/sentence/3``,
``A/marker/0``, ``A/source/12``, ``A/cue/3-0``...), never a blank node, so that the same article
built twice gives the same triples and a store can replace an article's graph wholesale. What is
the same for every article (the cue concepts, claimkb as the software agent) is not in its graph
but in the vocabulary graph (:mod:`kb.rdf.vocabulary`), which the graph points at.
Triples are generated and handed straight to the store: rdflib's ``Graph.add``/``addN`` re-check
every term, which costs more than making it.
"""

from __future__ import annotations

import gc
import hashlib
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from claims.errors import ArticleTooLarge
from claims.model import Article, Cue, Marker, ReferenceData, Sentence
from kb.errors import ArticlePathMissing
from kb.rdf.iri import web_iri
from kb.rdf.works import (
    DOI_FORM,
    PMID_FORM,
    author_triples,
    work_hash,
    work_iri,
    work_triples,
)
from ontology import CITO, CKB, DATA, PREFIXES, PROV, SCHEMA, cue_concept, level_concept
from sources.model import ClaimGrade, GradedArticle, LevelCue, Source

__all__ = [
    "MAX_TRIPLES",
    "QUOTE_CONTEXT",
    "article_iri",
    "article_triples",
    "build_graph",
    "graph_of",
    "graph_pieces",
]

Triple = tuple[URIRef, URIRef, URIRef | Literal]

_TYPE = RDF.type
_PART_OF = DCTERMS.isPartOf
_START, _END = CKB.start, CKB.end
_TRUE, _FALSE = Literal(True), Literal(False)
#: Characters of an article's text kept before and after a claim (its quote's prefix and suffix).
QUOTE_CONTEXT = 32
_LINK = {
    "hedge": CKB.hasHedge,
    "booster": CKB.hasBooster,
    "causal": CKB.hasCausalCue,
    "advice": CKB.hasAdviceCue,
    "population": CKB.hasPopulationCue,
    "weasel": CKB.hasWeaselCue,
    "peacock": CKB.hasPeacockCue,
    "approximator": CKB.hasApproximatorCue,
}
#: The most triples an article's graph is built with. Building and validating it takes about
#: 2.4 KB of memory per triple (measured: 534,600 triples of 20,800 sentences of prose peaked at
#: 1.3 GB, 287,000 triples of a line of 40,000 "[a](" at 0.68 GB), so this keeps one audit or
#: ingest worker under 2 GB; a larger article is refused, not audited.
MAX_TRIPLES = 600_000
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_IDENTIFIER_FORMS = {CKB.doi: DOI_FORM, CKB.pmid: PMID_FORM, CKB.pmcid: re.compile(r"PMC[0-9]+")}


def article_iri(article: Article) -> URIRef:
    """Return the article's IRI: ckbid:article/ + 16 hex of the SHA-256 of its URL, else text."""
    basis = article.url or article.text
    return DATA[f"article/{hashlib.sha256(basis.encode('utf-8')).hexdigest()[:16]}"]


def sentence_number(sentence: Sentence) -> int:
    """Return the number in a sentence's IRI: the one its id prints ("s14" is ``A/sentence/14``)."""
    return sentence.index + 1


def build_graph(graded: GradedArticle, *, generated_at: str | None = None) -> Graph:
    """Return the RDF graph of one graded article; its identifier is the article IRI.

    ``generated_at`` (an xsd:dateTime such as ``2024-05-01T12:00:00Z``) is recorded as the
    run's ``prov:endedAtTime``; leave it out to get byte-for-byte reproducible graphs.
    """
    return graph_of(article_triples(graded, generated_at=generated_at), article_iri(graded.article))


def article_triples(graded: GradedArticle, *, generated_at: str | None = None) -> list[Triple]:
    """Return the distinct triples of one graded article's graph, in the order they are made.

    The list serves where an rdflib Graph is not needed: ``ntriples`` writes it out in a
    third of the time that building and serialising a Graph takes. Raise ArticleTooLarge, as
    soon as they are counted, for more than MAX_TRIPLES.
    """
    triples = _triples(graded, generated_at)
    with _gc_paused():
        return list(dict.fromkeys(_at_most(triples, MAX_TRIPLES, graded.article)))


def _at_most(triples: Iterator[Triple], limit: int, article: Article) -> Iterator[Triple]:
    """Yield ``triples``; raise ArticleTooLarge at the first one past ``limit``."""
    for count, triple in enumerate(triples, start=1):
        if count > limit:
            raise ArticleTooLarge(
                f"{article.source}: too large to build as one graph: it would have more "
                f"than {limit:,} triples ({len(article.sentences):,} sentences), which takes "
                "over 1.5 GB of memory; split the article to ingest it or print its RDF "
                "(`claimkb audit` checks it in parts, `claimkb extract` reads it whole)"
            )
        yield triple


def graph_of(triples: list[Triple], identifier: URIRef | None = None) -> Graph:
    """Return an rdflib Graph (named ``identifier`` if given) holding ``triples``."""
    graph = Graph(identifier=identifier, bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    add = graph.store.add  # Graph.add/addN re-check every term; ours are built right here
    with _gc_paused():
        for triple in triples:
            add(triple, graph)
    return graph


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a graph is built.

    Building allocates tens of thousands of long-lived objects, each allocation burst setting
    off a collection that finds nothing: 40% of the time for a 1,000-sentence article.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


class ArticleNodes:
    """What each piece of an article's graph needs to know of the rest, worked out once.

    The article IRI, every sentence's IRI, the claims' grades, the keys of the graded sources,
    the number of each sentence's first marker and the section each sentence sits in: with
    these, one sentence's or one source's triples are made without making the others'.
    """

    def __init__(self, graded: GradedArticle) -> None:
        article = graded.article
        self.graded = graded
        self.iri = article_iri(article)
        self.sentence_iris = {
            s.id: URIRef(f"{self.iri}/sentence/{sentence_number(s)}") for s in article.sentences
        }
        self.grades = {g.sentence_id: g for g in graded.grades}
        # A marker inside a reference entry cites only keys the article links (linking.link
        # drops the rest); the graph keeps a marker only with the sources it refers to.
        self.source_keys = frozenset(source.key for source in graded.sources)
        self.sections = _section_iris(article.sentences, self.iri)
        self.first_marker: dict[int, int] = {}
        count = 0
        for sentence in article.sentences:
            self.first_marker[sentence.index] = count
            count += len(sentence.markers)
        self.marked = {(s.id, key) for s in article.sentences for key in s.keys}
        # a claim whose subject points back inherits the keys of the sentence it names, or
        # of the one that sentence inherits from (grades come in document order)
        keys = {s.id: s.keys for s in article.sentences}
        self.inherited: dict[str, tuple[str, ...]] = {}
        for grade in graded.grades:
            if grade.inherits_from is not None:
                previous = grade.inherits_from
                self.inherited[grade.sentence_id] = keys.get(previous) or self.inherited.get(
                    previous, ()
                )
        self.citing = Counter(
            key for s in article.sentences if s.kind == "claim" for key in set(s.keys)
        )

    def source_iri(self, source: Source) -> URIRef:
        """Return the IRI of one of the article's sources."""
        return _source_iri(self.iri, source.key)


def head_triples(nodes: ArticleNodes, generated_at: str | None = None) -> Iterator[Triple]:
    """Yield the triples of the article node, its run and its sections."""
    yield from _article(nodes.graded, nodes.iri)
    yield from _run(nodes.iri, generated_at)
    yield from nodes.sections.triples
    yield from _cited_works(nodes)


def _cited_works(nodes: ArticleNodes) -> Iterator[Triple]:
    """Yield what the article says of each work its entries reference (biro:references), in
    its own graph: how many of its claims cite the work (summed over those entries), the
    levels those entries have, and the work's hash (kb.rdf.works.work_hash). The listings that
    group works across articles (most-cited-sources, works-cited-by-several-articles) read
    these, one triple a work and article, instead of joining each entry's properties."""
    works: dict[URIRef, tuple[int, set[str]]] = {}
    for source in nodes.graded.sources:
        work = None if source.reference is None else work_iri(source.reference.data)
        if work is not None:
            count, levels = works.get(work, (0, set()))
            works[work] = (count + nodes.citing[source.key], levels | {source.level})
    for work, (count, levels) in works.items():
        yield work, CKB.citingClaims, _int(count)
        for level in sorted(levels):
            yield work, CKB.citedAsLevel, level_concept(level)
        yield work, CKB.workHash, Literal(work_hash(work))


def sentence_triples(nodes: ArticleNodes, sentence: Sentence) -> Iterator[Triple]:
    """Yield one sentence's triples: its claim, its markers and its cues."""
    a, iri = nodes.iri, nodes.sentence_iris[sentence.id]
    yield from _sentence(sentence, iri, a, nodes.sections.innermost.get(sentence.index))
    if sentence.kind == "claim":
        grade = nodes.grades.get(sentence.id)
        inherited = nodes.inherited.get(sentence.id, ())
        yield from _claim(sentence, iri, a, grade, nodes.sentence_iris, inherited)
        yield from _quote_context(nodes.graded.article.text, sentence, iri)
    for n, marker in enumerate(sentence.markers, start=nodes.first_marker[sentence.index]):
        if any(key in nodes.source_keys for key in marker.keys):
            yield from _marker(marker, URIRef(f"{a}/marker/{n}"), iri, a, nodes.source_keys)
    cues = (*sentence.hedges, *sentence.boosters, *sentence.framing)
    for n, cue in enumerate(cues):
        yield from _cue(cue, URIRef(f"{a}/cue/{sentence_number(sentence)}-{n}"), iri)


def sentence_stub(nodes: ArticleNodes, sentence: Sentence) -> list[Triple]:
    """Return a sentence's ``rdf:type`` and ``dcterms:isPartOf`` triples, as
    :func:`sentence_triples` makes them, without making the rest (a part of a large article
    that names the sentence needs only these: kb.validate.structure_parts)."""
    iri = nodes.sentence_iris[sentence.id]
    stub: list[Triple] = [(iri, _TYPE, CKB.Sentence), (iri, _PART_OF, nodes.iri)]
    if sentence.kind == "claim":
        stub += [(iri, _TYPE, CKB.Claim), (iri, _TYPE, SCHEMA.Claim)]
    return stub


def source_triples(nodes: ArticleNodes, source: Source, *, cues: bool = True) -> Iterator[Triple]:
    """Yield one source's triples, and those of sentences citing it with no marker.

    ``cues=False`` leaves out its level cues (``level_cue_triples`` gives them one by one).
    """
    yield from _source(source, nodes, cues)
    # an entry citing by a shortened footnote ("Morrison 2004, p. 88.") has no marker
    for sentence_id in source.cited_by:
        if (sentence_id, source.key) not in nodes.marked and sentence_id in nodes.sentence_iris:
            yield nodes.sentence_iris[sentence_id], CITO.cites, nodes.source_iri(source)


def source_node_triples(nodes: ArticleNodes, source: Source) -> Iterator[Triple]:
    """Yield the triples of the source node itself (no level cue, no citing sentence)."""
    iri = nodes.source_iri(source)
    for triple in _source(source, nodes, cues=False):
        if triple[0] == iri:
            yield triple


def level_cue_triples(nodes: ArticleNodes, source: Source) -> Iterator[list[Triple]]:
    """Yield the triples of each of a source's level cues, one list a cue."""
    iri = nodes.source_iri(source)
    for n, cue in enumerate(source.cues):
        yield list(_level_cue(cue, URIRef(f"{iri}/cue/{n}"), iri, nodes.sentence_iris))


def _triples(graded: GradedArticle, generated_at: str | None) -> Iterator[Triple]:
    for piece in graph_pieces(ArticleNodes(graded), generated_at):
        yield from piece


def graph_pieces(nodes: ArticleNodes, generated_at: str | None = None) -> Iterator[list[Triple]]:
    """Yield the article's graph piece by piece: the head, each sentence, each source.

    A triple is never in two pieces, so the pieces' distinct triples add up to the graph's.
    """
    yield list(dict.fromkeys(head_triples(nodes, generated_at)))
    for sentence in nodes.graded.article.sentences:
        yield list(dict.fromkeys(sentence_triples(nodes, sentence)))
    for source in nodes.graded.sources:
        yield list(dict.fromkeys(source_triples(nodes, source)))


@lru_cache(maxsize=1 << 16)
def _int(value: int) -> Literal:
    return Literal(value)


def _link(url: str) -> URIRef | Literal:
    """Return a printed web address as an IRI when it can be one (kb.rdf.iri), else as text."""
    iri = web_iri(url)
    return URIRef(iri) if iri is not None else Literal(url)


def _source_iri(a: URIRef, key: str) -> URIRef:
    return URIRef(f"{a}/source/{quote(key, safe='')}")


def _article(graded: GradedArticle, a: URIRef) -> Iterator[Triple]:
    article = graded.article
    yield a, _TYPE, SCHEMA.Article
    yield a, _TYPE, PROV.Entity
    if article.title:
        yield a, DCTERMS.title, Literal(article.title)
    if article.url:
        yield a, SCHEMA.url, _link(article.url)
    yield a, CKB.sourcePath, Literal(article.source)
    yield a, CKB.format, Literal(article.format)
    digest = hashlib.sha256(article.text.encode("utf-8")).hexdigest()
    yield a, CKB.contentHash, Literal(digest)
    yield a, CKB.textLength, _int(len(article.text))
    yield a, CKB.hasReferenceList, _TRUE if graded.has_reference_list else _FALSE
    if graded.placeholder_references:
        yield a, CKB.placeholderReferences, _int(graded.placeholder_references)
    if graded.reference_list_cut_short:
        yield a, CKB.citedKeyCount, _int(graded.cited_keys)
        yield a, CKB.missingKeyCount, _int(graded.missing_keys)
    yield a, PROV.wasGeneratedBy, URIRef(f"{a}/run")


def _run(a: URIRef, generated_at: str | None) -> Iterator[Triple]:
    run = URIRef(f"{a}/run")
    yield run, _TYPE, PROV.Activity
    yield run, PROV.wasAssociatedWith, CKB.claimkb
    yield run, PROV.used, a
    if generated_at is not None:
        yield run, PROV.endedAtTime, Literal(generated_at, datatype=XSD.dateTime)


class _Sections:
    """Section triples, plus the innermost section of each sentence (by sentence index)."""

    def __init__(self) -> None:
        self.triples: list[Triple] = []
        self.innermost: dict[int, URIRef] = {}
        self.count = 0


def _section_iris(sentences: tuple[Sentence, ...], a: URIRef) -> _Sections:
    """Open a section where a heading path starts and close it where the path leaves it.

    A heading sentence's own path is that of its parent, so a second heading with the same
    text closes the first section and the sentences after it open a new one.
    """
    out = _Sections()
    stack: list[tuple[str, URIRef]] = []  # (heading text, section IRI), outermost first
    for sentence in sentences:
        path = sentence.section
        keep = _common_depth(stack, path)
        del stack[keep:]  # a heading sits in its parent: the sections it follows are closed
        for depth in range(keep, len(path)):
            iri = URIRef(f"{a}/section/{out.count}")
            out.count += 1
            out.triples.extend(_section(iri, path[depth], depth + 1, a, stack))
            stack.append((path[depth], iri))
        if stack:
            out.innermost[sentence.index] = stack[-1][1]
    return out


def _common_depth(stack: list[tuple[str, URIRef]], path: tuple[str, ...]) -> int:
    depth = 0
    while depth < min(len(stack), len(path)) and stack[depth][0] == path[depth]:
        depth += 1
    return depth


def _section(
    iri: URIRef, title: str, level: int, a: URIRef, stack: list[tuple[str, URIRef]]
) -> Iterator[Triple]:
    yield iri, _TYPE, CKB.Section
    yield iri, DCTERMS.title, Literal(title)
    yield iri, CKB.level, _int(level)
    yield iri, _PART_OF, a
    if stack:
        yield iri, CKB.parentSection, stack[-1][1]


def _sentence(
    sentence: Sentence, iri: URIRef, a: URIRef, section: URIRef | None
) -> Iterator[Triple]:
    yield iri, _TYPE, CKB.Sentence
    yield iri, _PART_OF, a
    yield iri, SCHEMA.text, Literal(sentence.text)
    yield iri, CKB.index, _int(sentence.index)
    yield iri, CKB.sentenceId, Literal(sentence.id)
    yield iri, CKB.line, _int(sentence.line)
    yield iri, CKB.kind, Literal(sentence.kind)
    yield iri, _START, _int(sentence.start)
    yield iri, _END, _int(sentence.end)
    if section is not None:
        yield iri, CKB.inSection, section
    for flag in sentence.editor_flags:
        yield iri, CKB.editorFlag, Literal(flag)


def _claim(
    sentence: Sentence,
    iri: URIRef,
    a: URIRef,
    grade: ClaimGrade | None,
    sentences: dict[str, URIRef],
    inherited: tuple[str, ...] = (),
) -> Iterator[Triple]:
    """Yield a claim's triples; ``inherited``: the keys of the sources it inherits (it cites
    them as evidence, and ckb:inheritsSourcesFrom names the sentence it has them from)."""
    yield iri, _TYPE, CKB.Claim
    yield iri, _TYPE, SCHEMA.Claim
    if grade is not None:
        yield iri, CKB.status, CKB[grade.status]
        if grade.reason:
            yield iri, CKB.statusReason, Literal(grade.reason)
        if grade.covered_by in sentences:
            yield iri, CKB.coveredBy, sentences[grade.covered_by]
        if grade.inherits_from in sentences:
            yield iri, CKB.inheritsSourcesFrom, sentences[grade.inherits_from]
        if grade.level is not None:
            yield iri, CKB.evidenceLevel, level_concept(grade.level)
    for key in sentence.keys or inherited:
        yield iri, CITO.citesAsEvidence, _source_iri(a, key)


def _quote_context(text: str, sentence: Sentence, iri: URIRef) -> Iterator[Triple]:
    """Yield the text just before and after a claim, as its quote selector gives them: the store
    keeps sentences, not the bullets, heading marks and spaces between them."""
    if text:
        yield (
            iri,
            CKB.quotePrefix,
            Literal(text[max(0, sentence.start - QUOTE_CONTEXT) : sentence.start]),
        )
        yield iri, CKB.quoteSuffix, Literal(text[sentence.end : sentence.end + QUOTE_CONTEXT])


def _marker(
    marker: Marker, iri: URIRef, sentence: URIRef, a: URIRef, source_keys: frozenset[str]
) -> Iterator[Triple]:
    yield sentence, CKB.hasMarker, iri
    yield iri, _TYPE, CKB.Marker
    yield iri, CKB.markerText, Literal(marker.text)
    yield iri, CKB.markerStyle, Literal(marker.style)
    yield iri, _START, _int(marker.start)
    yield iri, _END, _int(marker.end)
    for key in dict.fromkeys(marker.keys):
        if key in source_keys:
            yield iri, CKB.refersTo, _source_iri(a, key)


def _cue(cue: Cue, iri: URIRef, sentence: URIRef) -> Iterator[Triple]:
    entry = cue.template or cue.cue  # a template's wordings share its concept
    concept = cue_concept(cue.kind, entry)
    yield sentence, _LINK[cue.kind], iri
    yield iri, _TYPE, CKB.CueOccurrence
    yield iri, CKB.cue, concept
    yield iri, CKB.cueText, Literal(cue.text)
    yield iri, _START, _int(cue.start)
    yield iri, _END, _int(cue.end)
    yield iri, CKB.negated, _TRUE if cue.negated else _FALSE
    if cue.scope:
        yield iri, CKB.cueScope, Literal(cue.scope)
    if cue.category:
        yield iri, CKB.cueCategory, Literal(cue.category)


def _source(source: Source, nodes: ArticleNodes, cues: bool = True) -> Iterator[Triple]:
    a, sentences = nodes.iri, nodes.sentence_iris
    iri = _source_iri(a, source.key)
    yield iri, _TYPE, CKB.Source
    yield iri, _PART_OF, a
    yield iri, CKB.key, Literal(source.key)
    yield iri, CKB.inReferenceList, _TRUE if source.in_reference_list else _FALSE
    yield iri, CKB.evidenceLevel, level_concept(source.level)
    yield iri, CKB.evidenceConflict, _TRUE if source.conflict else _FALSE
    if source.conflict:
        yield iri, CKB.levelCueSummary, Literal(level_cue_summary(source.cues, sentences))
    if cues:
        for n, cue in enumerate(source.cues):
            yield from _level_cue(cue, URIRef(f"{iri}/cue/{n}"), iri, sentences)
    if source.reference is not None:
        reference = source.reference
        if reference.text:
            yield iri, DCTERMS.bibliographicCitation, Literal(reference.text)
        if reference.line is not None:
            yield iri, CKB.line, _int(reference.line)
        yield from _reference_data(reference.data, iri)


def level_cue_summary(cues: tuple[LevelCue, ...], sentences: dict[str, URIRef]) -> str:
    """Return a source's level cues in one line, as ``conflicting-sources`` lists them: each
    "level: words (sentence id)" or "level: words (metadata)" once, in code-point order,
    joined by " | " (the order SPARQL's ORDER BY gives these strings on every engine)."""
    shown = {
        f"{cue.level}: {cue.text} "
        + (f"({cue.sentence_id})" if cue.sentence_id in sentences else "(metadata)")
        for cue in cues
    }
    return " | ".join(sorted(shown))


def _level_cue(
    cue: LevelCue, iri: URIRef, source: URIRef, sentences: dict[str, URIRef]
) -> Iterator[Triple]:
    yield source, CKB.levelCue, iri
    yield iri, _TYPE, CKB.LevelCue
    yield iri, CKB.cueText, Literal(cue.text)
    yield iri, CKB.cueLevel, level_concept(cue.level)
    yield iri, CKB.basis, Literal(cue.basis)
    if cue.sentence_id in sentences:
        yield iri, PROV.wasDerivedFrom, sentences[cue.sentence_id]


def _reference_data(data: ReferenceData, iri: URIRef) -> Iterator[Triple]:
    yield from work_triples(iri, data)
    for author in data.authors:
        yield iri, DCTERMS.creator, Literal(author)
    if data.authors:
        yield iri, CKB.firstAuthor, Literal(data.authors[0])
    yield from author_triples(iri, data.authors)

    if data.title:
        yield iri, DCTERMS.title, Literal(data.title)
    if data.container:
        yield iri, CKB.container, Literal(data.container)
    if data.year:
        yield iri, DCTERMS.issued, _year(data.year)
    for predicate, value in _identifiers(data):
        yield iri, predicate, Literal(value)
    if data.url:
        yield iri, SCHEMA.url, _link(data.url)
    for kind in data.publication_types:
        yield iri, CKB.publicationType, Literal(kind)


def _identifiers(data: ReferenceData) -> Iterator[tuple[URIRef, str]]:
    """Yield the DOI, PMID and PMCID that have their identifier's form (shapes/structure.ttl).

    Structured metadata (JATS ``pub-id``) can hold anything; a value of the wrong form is
    left out of the graph, and stays in the entry's printed text.
    """
    pmcid = (data.pmcid or "").strip()
    pmcid = f"PMC{pmcid}" if pmcid.isdecimal() else pmcid.upper()
    for predicate, value in ((CKB.doi, data.doi), (CKB.pmid, data.pmid), (CKB.pmcid, pmcid)):
        value = (value or "").strip()
        if value and _IDENTIFIER_FORMS[predicate].fullmatch(value):
            yield predicate, value


def _year(year: str) -> Literal:
    """Return a 4-digit year as xsd:gYear; anything else ("2019a", "n.d.") as a plain string."""
    if len(year) == 4 and year.isdigit():
        return Literal(year, datatype=XSD.gYear)
    return Literal(year)


def iri_of(article: str) -> str:
    """Return the article IRI named by ``article``: an IRI as given, or a file re-read for it.

    Raise ArticlePathMissing for a value that is neither a file nor an absolute IRI (a path
    mistyped, a file moved), rather than look for an IRI no article can have.
    """
    if not Path(article).is_file():
        if not _SCHEME.match(article):
            raise ArticlePathMissing(
                f"{article}: no such file, nor an article IRI; give the article's file or an IRI "
                "that `claimkb list` shows"
            )
        return article
    from claims.extract import extract_path

    return str(article_iri(extract_path(article)))
