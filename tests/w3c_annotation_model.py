"""A checker of the W3C Web Annotation Data Model's MUST rules (Recommendation of 23 February
2017, https://www.w3.org/TR/annotation-model/) for the JSON serialisation, in the context's
own terms. It returns what breaks a rule, one line each, naming the section of the model.

Checked: Annotations (3.1: @context, id, type, target; 3.2.5: body and bodyValue), bodies and
targets (3.2.1 and 3.2.3: an external resource's id; 3.2.4: a TextualBody's value; 4: a
SpecificResource's source), the Text Quote and Text Position Selectors (4.2.4, 4.2.5),
lifecycle times (3.3.1: created, modified, generated as xsd:dateTime in UTC), and Annotation
Collections and Pages (5.1, 5.2).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*")
_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z")
_TIMES = ("created", "modified", "generated")


def violations(document: Any) -> list[str]:
    """Return the MUST rules ``document`` (a collection, a page or an annotation) breaks."""
    if not isinstance(document, dict):
        return ["the document must be a JSON object"]
    types = _values(document.get("type"))
    if "AnnotationCollection" in types:
        return list(_collection(document))
    if "AnnotationPage" in types:
        return list(_page(document, embedded=False))
    return list(_annotation(document, "annotation", embedded=False))


def _values(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _is_iri(value: Any) -> bool:
    return isinstance(value, str) and _IRI.fullmatch(value) is not None


def _non_negative(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _context(document: dict[str, Any], where: str) -> Iterator[str]:
    """3.1, 5.1: 1 or more @context values, the model's among them; one value as a string."""
    values = _values(document.get("@context"))
    if CONTEXT not in values:
        yield f"{where}: 3.1/5.1 @context must include {CONTEXT}"
    if isinstance(document.get("@context"), list) and len(values) == 1:
        yield f"{where}: 3.1 a single @context value must be given as a string"


def _identity(document: dict[str, Any], where: str, section: str) -> Iterator[str]:
    """Exactly 1 IRI as id."""
    if not _is_iri(document.get("id")):
        yield f"{where}: {section} must have exactly 1 IRI as id, not {document.get('id')!r}"


def _typed(document: dict[str, Any], where: str, kind: str, section: str) -> Iterator[str]:
    """1 or more types, ``kind`` among them."""
    if kind not in _values(document.get("type")):
        yield f"{where}: {section} type must include {kind}"


def _times(document: dict[str, Any], where: str) -> Iterator[str]:
    """3.3.1: created (at most 1), modified and generated are xsd:dateTime in UTC ("Z")."""
    for key in _TIMES:
        values = _values(document.get(key))
        if key == "created" and len(values) > 1:
            yield f"{where}: 3.3.1 must not have more than 1 created"
        for value in values:
            if not (isinstance(value, str) and _UTC.fullmatch(value)):
                yield f"{where}: 3.3.1 {key} must be an xsd:dateTime in UTC, not {value!r}"


def _annotation(document: Any, where: str, *, embedded: bool) -> Iterator[str]:
    if not isinstance(document, dict):
        yield f"{where}: an Annotation must be an object"
        return
    if not embedded or "@context" in document:
        yield from _context(document, where)
    yield from _identity(document, where, "3.1 an Annotation")
    yield from _typed(document, where, "Annotation", "3.1 an Annotation's")
    targets = _values(document.get("target"))
    if not targets:
        yield f"{where}: 3.1 an Annotation must have 1 or more targets"
    if "bodyValue" in document:
        if "body" in document:
            yield f"{where}: 3.2.5 bodyValue and body must not both be present"
        if not isinstance(document["bodyValue"], str):
            yield f"{where}: 3.2.5 bodyValue must be a single string"
    yield from _times(document, where)
    for n, body in enumerate(_values(document.get("body"))):
        yield from _resource(body, f"{where} body {n}")
    for n, target in enumerate(targets):
        yield from _resource(target, f"{where} target {n}")


def _resource(resource: Any, where: str) -> Iterator[str]:
    """A body or target: an IRI, a TextualBody, a SpecificResource or an external resource."""
    if isinstance(resource, str):
        if not _is_iri(resource):
            yield f"{where}: 3.2.1 a resource given as a string must be an IRI"
        return
    if not isinstance(resource, dict):
        yield f"{where}: 3.2.1 a resource must be an IRI or an object"
        return
    types = _values(resource.get("type"))
    if "TextualBody" in types:
        if not isinstance(resource.get("value"), str):
            yield f"{where}: 3.2.4 a TextualBody must have exactly 1 value"
    elif "SpecificResource" in types or {"source", "selector"} & resource.keys():
        source = resource.get("source")
        if isinstance(source, dict):
            yield from _identity(source, f"{where} source", "4 a source")
        elif not _is_iri(source):
            yield f"{where}: 4 a SpecificResource must have exactly 1 source"
        for n, selector in enumerate(_values(resource.get("selector"))):
            yield from _selector(selector, f"{where} selector {n}")
    else:
        yield from _identity(resource, where, "3.2.1 an external resource")
    yield from _times(resource, where)


def _selector(selector: Any, where: str) -> Iterator[str]:
    if isinstance(selector, str):
        if not _is_iri(selector):
            yield f"{where}: 4.2 a selector given as a string must be an IRI"
        return
    if not isinstance(selector, dict):
        yield f"{where}: 4.2 a selector must be an object"
        return
    types = _values(selector.get("type"))
    if "TextQuoteSelector" in types:
        if types != ["TextQuoteSelector"]:
            yield f"{where}: 4.2.4 must have exactly 1 type, TextQuoteSelector"
        if not isinstance(selector.get("exact"), str):
            yield f"{where}: 4.2.4 must have exactly 1 exact"
        for key in ("prefix", "suffix"):
            if key in selector and not isinstance(selector[key], str):
                yield f"{where}: 4.2.4 must not have more than 1 {key}"
    if "TextPositionSelector" in types:
        if types != ["TextPositionSelector"]:
            yield f"{where}: 4.2.5 must have exactly 1 type, TextPositionSelector"
        for key in ("start", "end"):
            if not _non_negative(selector.get(key)):
                yield f"{where}: 4.2.5 must have exactly 1 {key}, a non-negative integer"
    for n, refined in enumerate(_values(selector.get("refinedBy"))):
        yield from _selector(refined, f"{where} refinedBy {n}")


def _collection(document: dict[str, Any]) -> Iterator[str]:
    where = "collection"
    yield from _context(document, where)
    yield from _identity(document, where, "5.1 a Collection")
    yield from _typed(document, where, "AnnotationCollection", "5.1 a Collection's")
    for label in _values(document.get("label")):
        if not isinstance(label, str):
            yield f"{where}: 5.1 a label must be a string"
    total = document.get("total")
    if total is not None and not _non_negative(total):
        yield f"{where}: 5.1 total must be a non-negative integer"
    first = _values(document.get("first"))
    if isinstance(total, int) and total > 0 and len(first) != 1:
        yield f"{where}: 5.1 a Collection of {total} Annotations must have exactly 1 first page"
    for page in first:
        if isinstance(page, dict):
            yield from _page(page, embedded=True)
        elif not _is_iri(page):
            yield f"{where}: 5.1 first must be a page or its IRI"


def _page(page: dict[str, Any], *, embedded: bool) -> Iterator[str]:
    where = f"page {page.get('id')}"
    if not embedded:
        yield from _context(page, where)
    yield from _identity(page, where, "5.2 a Page")
    yield from _typed(page, where, "AnnotationPage", "5.2 a Page's")
    items = page.get("items")
    if not isinstance(items, list) or not items:
        yield f"{where}: 5.2 items must be an array of 1 or more Annotations"
        items = []
    if "startIndex" in page and not _non_negative(page["startIndex"]):
        yield f"{where}: 5.2 startIndex must be a non-negative integer"
    for n, annotation in enumerate(items):
        yield from _annotation(annotation, f"{where} item {n}", embedded=True)
