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
import json
from collections.abc import Iterator, Mapping, Sequence

from claims.model import Article
from kb.rdf.graph import QUOTE_CONTEXT, article_iri, sentence_number
from kb.rdf.iri import web_iri
from kb.report.article_text import text_after, text_before
from kb.report.model import STATUS_NAMES, Audited
from kb.version import __version__
from ontology import CKB, DATA
from sources.model import ClaimGrade

__all__ = ["CONTEXT", "annotation_collection", "render_annotations"]

#: The Web Annotation JSON-LD context every collection names.
CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def render_annotations(results: Sequence[Audited]) -> str:
    """Return the audited claims of ``results`` as one AnnotationCollection, in JSON-LD."""
    return json.dumps(annotation_collection(results), ensure_ascii=False, indent=2) + "\n"


def annotation_collection(results: Sequence[Audited]) -> dict[str, object]:
    """Return the AnnotationCollection of the claims of ``results``, in report order."""
    iris = [_article_iri(result) for result in results]
    items = [
        annotation
        for result, iri in zip(results, iris, strict=True)
        for annotation in _annotations(result, iri)
    ]
    digest = hashlib.sha256("\n".join(iris).encode()).hexdigest()[:16]
    collection: dict[str, object] = {
        "@context": CONTEXT,
        "id": str(DATA[f"annotations/{digest}"]),
        "type": "AnnotationCollection",
        "label": _label(results),
        "total": len(items),
        "generator": _GENERATOR,
    }
    if items:
        collection["first"] = {
            "id": f"{collection['id']}/page/0",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
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


def _annotations(result: Audited, iri: str) -> Iterator[dict[str, object]]:
    """Yield the annotation of each claim of one audited article, in the article's order."""
    article = result.graded.article
    grades = {grade.sentence_id: grade for grade in result.graded.grades}
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
