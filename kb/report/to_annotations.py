"""Audited claims as W3C Web Annotations (https://www.w3.org/TR/annotation-model/), ready for
annotation tools: one ``AnnotationCollection`` whose first page holds an ``Annotation`` per claim.

Each annotation's target is the claim's place in the page: a ``SpecificResource`` whose
``source`` is the page's URL when the article gives one (else the article's IRI), selected by a
``TextQuoteSelector`` (the claim's text with up to 32 characters before and after it) and a
``TextPositionSelector`` (its start and end, in characters of the text claimkb read). Its body
is what claimkb found: a ``TextualBody`` saying the claim's status, evidence level and findings
(purpose ``assessing``), a ``tagging`` body with the status, and the status concept of the
claimkb vocabulary (``classifying``). The annotation's IRI is the claim's with ``/annotation``.
The JSON is written in the terms of the model's context (``http://www.w3.org/ns/anno.jsonld``,
named, never fetched), so tools read it as it is.

An article rebuilt from the knowledge base keeps its sentences, not its whole text: its quote's
prefix and suffix are those ingest stored (``KbAudited.quotes``: the text around the claim,
bullets and heading marks included), else, in a store ingested before they were, the sentences
around the claim, with a line break where the line changes and a space otherwise
(:mod:`kb.report.article_text`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from claims.model import Article
from kb.rdf.graph import QUOTE_CONTEXT, article_iri, sentence_number
from kb.rdf.iri import web_iri
from kb.report.article_text import text_after, text_before
from kb.report.model import STATUS_NAMES, Audited
from kb.version import __version__
from ontology import CKB, DATA
from sources.model import ClaimGrade

__all__ = ["CONTEXT", "annotation_collection", "annotations_pieces"]

#: The Web Annotation JSON-LD context every collection names.
CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def annotations_pieces(results: Sequence[Audited]) -> Iterator[bytes]:
    """Yield the audited claims of ``results`` as one AnnotationCollection in JSON-LD: the
    UTF-8 bytes of ``json.dumps(annotation_collection(results), ensure_ascii=False, indent=2)``
    and a newline, its control characters escaped (kb.terminal.escaped_json), an annotation
    at a time: the annotations of a 19 MB page are some 400 MB of JSON, never held whole."""
    from kb.report.json_pieces import json_pieces

    # the collection, its first page and the page's items are written a member at a time
    yield from json_pieces(_collection(results, lambda items: items), 3)


def annotation_collection(results: Sequence[Audited]) -> dict[str, object]:
    """Return the AnnotationCollection of the claims of ``results``, in report order."""
    return _collection(results, list)


def _collection(
    results: Sequence[Audited],
    items_as: Callable[[Iterator[dict[str, object]]], Iterable[dict[str, object]]],
) -> dict[str, object]:
    """Return the AnnotationCollection, its items given to ``items_as`` as an iterator."""
    iris = [_article_iri(result) for result in results]
    total = sum(_annotated(result) for result in results)
    items = (
        annotation
        for result, iri in zip(results, iris, strict=True)
        for annotation in _annotations(result, iri)
    )
    digest = hashlib.sha256("\n".join(iris).encode()).hexdigest()[:16]
    collection: dict[str, object] = {
        "@context": CONTEXT,
        "id": str(DATA[f"annotations/{digest}"]),
        "type": "AnnotationCollection",
        "label": _label(results),
        "total": total,
        "generator": _GENERATOR,
    }
    if total:
        collection["first"] = {
            "id": f"{collection['id']}/page/0",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items_as(items),
        }
    return collection


_GENERATOR = {
    "id": str(CKB.claimkb),
    "type": "Software",
    "name": f"claimkb {__version__}",
}


def _label(results: Sequence[Audited]) -> str:
    articles = [r.graded.article.title or r.graded.article.source for r in results]
    if len(articles) == 1:
        return f"claimkb: the claims of {articles[0]}"
    return f"claimkb: the claims of {len(articles)} articles"


def _article_iri(result: Audited) -> str:
    """Return the article's IRI: as stored (knowledge-base audit), else as ingest makes it."""
    iri = getattr(result, "iri", None)
    return iri if isinstance(iri, str) else str(article_iri(result.graded.article))


def _claims(result: Audited) -> dict[str, ClaimGrade]:
    """Return the grade of each claim of one audited article by its sentence id."""
    return {grade.sentence_id: grade for grade in result.graded.grades}


def _annotated(result: Audited) -> int:
    """Return how many annotations an audited article has: its sentences with a grade."""
    grades = _claims(result)
    return sum(1 for sentence in result.graded.article.sentences if sentence.id in grades)


def _annotations(result: Audited, iri: str) -> Iterator[dict[str, object]]:
    """Yield the annotation of each claim of one audited article, in the article's order."""
    article = result.graded.article
    grades = _claims(result)
    findings: dict[str, list[str]] = {}
    for finding in result.findings:
        if finding.sentence_id:
            findings.setdefault(finding.sentence_id, []).append(
                f"{finding.rule} ({finding.severity}): {finding.message}"
            )
    page = _page(article, iri)
    stored: Mapping[str, tuple[str, str]] = getattr(result, "quotes", None) or {}
    for at, sentence in enumerate(article.sentences):
        grade = grades.get(sentence.id)
        if grade is None:
            continue
        prefix, suffix = stored.get(sentence.id) or (
            text_before(article, at, QUOTE_CONTEXT),
            text_after(article, at, QUOTE_CONTEXT),
        )
        claim = f"{iri}/sentence/{sentence_number(sentence)}"
        yield {
            "id": f"{claim}/annotation",
            "type": "Annotation",
            "motivation": "assessing",
            "body": _bodies(grade, findings.get(sentence.id, [])),
            "target": {
                "type": "SpecificResource",
                "source": page,
                "selector": [
                    {
                        "type": "TextQuoteSelector",
                        "exact": sentence.text,
                        "prefix": prefix,
                        "suffix": suffix,
                    },
                    {"type": "TextPositionSelector", "start": sentence.start, "end": sentence.end},
                ],
            },
        }


def _page(article: Article, iri: str) -> str:
    """Return what the annotations target: the page's web address when known, else the IRI."""
    return (web_iri(article.url) if article.url else None) or iri


def _bodies(grade: ClaimGrade, findings: list[str]) -> list[dict[str, object]]:
    """Return the bodies of a claim's annotation: what claimkb found, a tag, the status."""
    words = [f"{STATUS_NAMES[grade.status].capitalize()}"]
    if grade.reason:
        words[0] += f": {grade.reason}"
    if grade.level is not None:
        words.append(f"Evidence level: {grade.level}.")
    if findings:
        words.append("Findings: " + "; ".join(findings))
    return [
        {
            "type": "TextualBody",
            "purpose": "assessing",
            "value": " ".join(word if word.endswith(".") else word + "." for word in words),
            "format": "text/plain",
            "language": "en",
        },
        {"type": "TextualBody", "purpose": "tagging", "value": grade.status},
        {"type": "SpecificResource", "purpose": "classifying", "source": str(CKB[grade.status])},
    ]
