"""The audit of a whole knowledge base (or one article in it), by SPARQL over the store.

The rules are those of ``shapes/audit.ttl``: each built-in rule has a query in
``kb/query/queries/audit/RULE.rq`` that finds what the shape finds, in every article graph at once,
so nothing is revalidated article by article (pyshacl takes about 0.1 s per article; one query
per rule covers thousands). Each rule's severity and message come from its shape, so the
findings are the same :class:`Finding` objects as ``claimkb audit ARTICLE`` gives, and the same
reports print them. ``tests/test_audit_kb.py`` checks the two audits agree on the fixtures.

User rules (``--shapes``) have no query: they run with pyshacl on each article's graph.

``--strict-coverage`` reads the stored status ``covered`` as ``unsupported``, as grading with
``strict_coverage`` would have stored it: a rule's query lists the statuses it fires on as
``VALUES ?status { ckb:unsupported ... }`` and strict coverage adds ``ckb:covered`` there; the
rule ``covered-by-paragraph-citation`` then finds nothing, and the reports count those claims
unsupported.

The knowledge base keeps no article text, so the graded articles rebuilt for the reports hold
the stored sentences, markers and sources, and the weasel words and peacock terms the sentences
assert (no sections, hedges, boosters, other cues or blocks).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claims.model import Article, Cue, Marker, ReferenceData, Sentence
from kb.audit.findings import Finding, make_finding, sort_key
from kb.errors import ArticleNotStored, RuleShapeMissing
from kb.rdf.prefixes import local_name
from sources.model import ClaimGrade, GradedArticle, LevelCue, Reference, Source

if TYPE_CHECKING:
    from rdflib import Graph

    from kb.store.base import Store

__all__ = ["KbAudited", "audit_articles", "audit_kb", "kb_findings", "rule_queries"]

_SEP = "\x1f"
_SH = "http://www.w3.org/ns/shacl#"
#: How a rule's query lists the statuses it fires on; strict coverage adds ckb:covered to them.
UNSUPPORTED_STATUSES = "VALUES ?status { ckb:unsupported"
_COVERED_RULE = "covered-by-paragraph-citation"


@dataclass(frozen=True)
class KbAudited:
    """One audited article of the knowledge base: what the table, JSON and Markdown reports read."""

    iri: str
    graded: GradedArticle
    findings: tuple[Finding, ...]
    reviewed: tuple[Finding, ...] = ()  # findings a --baseline holds (see kb.audit.AuditResult)
    #: each claim's quote prefix and suffix as stored (its article's text around it), by id
    quotes: Mapping[str, tuple[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class _Rule:
    """A built-in rule: its id, severity and message template, from shapes/audit.ttl."""

    id: str
    severity: str
    message: str


def audit_articles(
    store: Store,
    articles: Sequence[str] = (),
    extra_shapes: Sequence[Path] = (),
    *,
    strict_coverage: bool = False,
) -> list[KbAudited]:
    """Return the audit of the knowledge base: every article, or those ``articles`` name (IRIs
    or files, in the order given). ``strict_coverage``: covered claims are unsupported."""
    from kb.rdf.graph import iri_of

    if not articles:
        return audit_kb(store, extra_shapes=extra_shapes, strict_coverage=strict_coverage)
    return [
        audited
        for article in articles
        for audited in audit_kb(
            store,
            article=iri_of(article),
            extra_shapes=extra_shapes,
            strict_coverage=strict_coverage,
        )
    ]


def audit_kb(
    store: Store,
    *,
    article: str | None = None,
    extra_shapes: Sequence[Path] = (),
    strict_coverage: bool = False,
) -> list[KbAudited]:
    """Return every article of the knowledge base (or only ``article``) with its findings.

    Articles come in source-path order; each one's findings in report order.
    ``strict_coverage``: covered claims are unsupported (see the module's docstring).
    """
    if article is not None and not store.has_article(article):
        raise ArticleNotStored(f"no article {article} in the knowledge base (see `claimkb list`)")
    findings = kb_findings(store, article=article, strict_coverage=strict_coverage)
    if extra_shapes:
        _add_user_findings(store, findings, article, extra_shapes)
    graded, quotes = _graded_articles(store, article)
    if strict_coverage:
        graded = {iri: uncover(g) for iri, g in graded.items()}
    audited = [
        KbAudited(
            iri,
            graded[iri],
            tuple(sorted(findings.get(iri, ()), key=sort_key)),
            quotes=quotes.get(iri, {}),
        )
        for iri in graded
    ]
    return sorted(audited, key=lambda a: (a.graded.article.source, a.iri))


def kb_findings(
    store: Store, *, article: str | None = None, strict_coverage: bool = False
) -> dict[str, list[Finding]]:
    """Return the built-in rules' findings by article IRI (one query per rule, no pyshacl)."""
    found: dict[str, list[Finding]] = defaultdict(list)
    for rule in _rules():
        sparql = rule_queries()[rule.id]
        if strict_coverage:
            if rule.id == _COVERED_RULE:
                continue
            sparql = sparql.replace(UNSUPPORTED_STATUSES, UNSUPPORTED_STATUSES + " ckb:covered")
        for row in _select(store, sparql, article, {"line": int}):
            found[row["article"]].append(_finding(rule, row))
    return dict(found)


def uncover(graded: GradedArticle) -> GradedArticle:
    """Return ``graded`` with its covered claims unsupported, as strict grading gives them."""
    from dataclasses import replace

    from sources.grading import uncited_grade

    grades = tuple(
        uncited_grade(g.sentence_id) if g.status == "covered" else g for g in graded.grades
    )
    return replace(graded, grades=grades)


@cache
def rule_queries() -> dict[str, str]:
    """Return the SPARQL of each built-in rule by rule id (``kb/query/queries/audit/RULE.rq``)."""
    from kb.query.loader import query_texts

    return {name: text for name, text in query_texts("audit").items() if not name.startswith("_")}


@cache
def _rules() -> tuple[_Rule, ...]:
    """Return the built-in rules that have a query, with severity and message from the shapes."""
    from kb.audit.article import load_audit_shapes

    shapes = load_audit_shapes()
    rules = [_rule(shapes, rule_id) for rule_id in sorted(rule_queries())]
    return tuple(rules)


def _rule(shapes: Graph, rule_id: str) -> _Rule:
    from rdflib import Literal, URIRef
    from rdflib.namespace import DCTERMS

    shape = shapes.value(None, DCTERMS.identifier, Literal(rule_id))
    if shape is None:
        raise RuleShapeMissing(
            f"kb/query/queries/audit/{rule_id}.rq has no shape in shapes/audit.ttl"
        )
    severity = shapes.value(shape, URIRef(_SH + "severity"))
    message = shapes.value(shape, URIRef(_SH + "message"))
    for constraint in shapes.objects(shape, URIRef(_SH + "sparql")):
        message = message or shapes.value(constraint, URIRef(_SH + "message"))
    local = local_name(str(severity)).lower() if severity is not None else "violation"
    return _Rule(rule_id, local, str(message) if message is not None else "{$this}")


def _select(
    store: Store, sparql: str, article: str | None, types: Mapping[str, Callable[[str], Any]]
) -> Iterator[dict[str, Any]]:
    """Yield the rows of one audit query, for one article or all, as dicts of strings (an
    unbound variable is left out), the columns ``types`` names converted (int, _boolean).

    The rows come through :meth:`Store.select_rows`: Oxigraph's CSV, read by the csv module,
    costs a third of reading each term of its JSON results (a knowledge base has 100 rows per
    article to read).
    """
    from kb.rdf.prefixes import sparql_prologue
    from kb.rdf.sparql_text import for_articles

    narrowed = for_articles(sparql, [article] if article else None)
    for row in store.select_rows(sparql_prologue() + narrowed):
        for name, convert in types.items():
            if name in row:
                row[name] = convert(row[name])
        yield row


def _boolean(lexical: str) -> bool:
    return lexical in ("true", "1")


def _finding(rule: _Rule, row: dict[str, Any]) -> Finding:
    return make_finding(
        rule.id,
        rule.severity,
        rule.message,
        this=row.get("this") or "",
        value=row.get("value") or "",
        sentence=row.get("sentence"),
        text=row.get("text") or "",
        line=row.get("line"),
        key=row.get("key"),
        more={name: str(value) for name, value in row.items() if value is not None},
    )


def _add_user_findings(
    store: Store,
    findings: dict[str, list[Finding]],
    article: str | None,
    extra_shapes: Sequence[Path],
) -> None:
    """Add the findings of the user's shapes, checked with pyshacl article by article."""
    from rdflib import Graph

    from kb.audit.article import _read_user_shapes, audit_graph

    shapes = Graph()
    for path in extra_shapes:
        shapes += _read_user_shapes(Path(path))
    iris = [article] if article else [info.iri for info in store.articles()]
    for iri in iris:
        found, _ = audit_graph(store.graph(iri), shapes)
        findings.setdefault(iri, []).extend(found)


def _graded_articles(
    store: Store, article: str | None
) -> tuple[dict[str, GradedArticle], dict[str, dict[str, tuple[str, str]]]]:
    """Return each article rebuilt from the store as the reports read it, and its claims'
    stored quote prefixes and suffixes (see :func:`_quotes`)."""
    parts = {name: _grouped(store, name, article) for name in _PARTS}
    graded = {}
    for row in _select(store, _part("articles"), article, _ARTICLE_TYPES):
        iri = row["article"]
        graded[iri] = _graded(row, {name: rows.get(iri, []) for name, rows in parts.items()})
    quotes = {iri: _quotes(rows) for iri, rows in parts["sentences"].items()}
    return graded, quotes


def _quotes(sentences: list[dict[str, Any]]) -> dict[str, tuple[str, str]]:
    """Return each claim's stored quote (prefix, suffix) by sentence id; an empty one is left
    out of a row (Store.select_rows), so a row with either has both. A store ingested before
    they were recorded has none: the report then quotes the sentences around the claim."""
    return {
        s["id"]: (s.get("quotePrefix", ""), s.get("quoteSuffix", ""))
        for s in sentences
        if "quotePrefix" in s or "quoteSuffix" in s
    }


#: The queries an article is rebuilt from (``kb/query/queries/audit/_NAME.rq``), with the types
#: of their columns that are not strings.
_PARTS: dict[str, dict[str, Callable[[str], Any]]] = {
    "sentences": {"index": int, "start": int, "end": int, "line": int},
    "flags": {},
    "markers": {"start": int, "end": int},
    "sources": {"line": int, "conflict": _boolean, "inList": _boolean},
    "cues": {},
    "cites": {},
    "authors": {},
    "wording": {"start": int, "end": int},
}
_ARTICLE_TYPES: dict[str, Callable[[str], Any]] = {
    "placeholders": int,
    "hasReferenceList": _boolean,
}


@cache
def _part(name: str) -> str:
    from kb.query.loader import query_text

    return query_text(f"_{name}", "audit")


def _grouped(store: Store, name: str, article: str | None) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in _select(store, _part(name), article, _PARTS[name]):
        grouped[row["article"]].append(row)
    return grouped


def _graded(row: dict[str, Any], parts: dict[str, list[dict[str, Any]]]) -> GradedArticle:
    markers = _markers(parts["markers"])
    flags: dict[str, list[str]] = defaultdict(list)
    for f in parts["flags"]:
        flags[f["id"]].append(f["flag"])
    wording = _wording(parts["wording"])
    sentences = sorted(parts["sentences"], key=lambda s: s["index"])
    article = Article(
        source=row.get("path") or row["article"],
        format=row.get("format", ""),
        text="",
        sentences=tuple(
            _sentence(s, markers.get(s["id"], []), flags[s["id"]], wording[s["id"]])
            for s in sentences
        ),
        title=row.get("title"),
        url=row.get("url"),
    )
    grades = tuple(
        ClaimGrade(
            s["id"],
            _after(s.get("levelConcept"), "#level-"),
            _after(s.get("statusConcept"), "#"),
            s.get("reason", ""),
            s.get("coveredBy"),
            s.get("inheritsFrom"),
        )
        for s in sentences
        if s.get("statusConcept")
    )
    keys = {r["key"] for r in parts["sources"]}
    cites = _cites(article.sentences, parts["cites"], keys)
    order = _first_citations(article.sentences, cites)
    sources = sorted(parts["sources"], key=lambda r: _source_order(r, order))
    return GradedArticle(
        article=article,
        sources=tuple(
            _sources(sources, parts["cues"], article.sentences, cites, _authors(parts["authors"]))
        ),
        grades=grades,
        has_reference_list=row.get("hasReferenceList", False),
        placeholder_references=row.get("placeholders", 0),
    )


def _cites(
    sentences: Iterable[Sentence], footnotes: Iterable[dict[str, Any]], keys: set[str]
) -> dict[str, list[str]]:
    """Return the keys of the sources each sentence cites (by sentence id): its markers' keys,
    then the sources it cites without a marker (``footnotes``: an entry's shortened footnote)."""
    cites: dict[str, list[str]] = defaultdict(list)
    for sentence in sentences:
        for marker in sentence.markers:
            cites[sentence.id].extend(key for key in marker.keys if key in keys)
    for f in footnotes:
        if f["key"] in keys:
            cites[f["id"]].append(f["key"])
    return cites


def _authors(rows: Iterable[dict[str, Any]]) -> dict[str, tuple[str, ...]]:
    """Return each entry's authors in its list's order, by entry IRI (see _authors.rq)."""
    places: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for row in rows:
        entry, _, place = row["author"].rpartition("/author/")
        if entry and place.isdigit():
            places[entry].append((int(place), row["name"]))
    return {entry: tuple(name for _, name in sorted(named)) for entry, named in places.items()}


def _after(iri: str | None, mark: str) -> Any:
    return iri.split(mark, 1)[1] if iri and mark in iri else None


def _markers(rows: Iterable[dict[str, Any]]) -> dict[str, list[Marker]]:
    """Return each sentence's markers (one row per marker and key) by sentence id, in order."""
    keys: dict[tuple[str, str], list[str]] = defaultdict(list)
    first: dict[tuple[str, str], dict[str, Any]] = {}
    for m in rows:
        ident = (m["id"], m["marker"])
        first.setdefault(ident, m)
        key = m.get("key")
        if key is not None and key not in keys[ident]:
            keys[ident].append(key)
    markers: dict[str, list[Marker]] = defaultdict(list)
    for (sentence, _), m in sorted(first.items(), key=lambda item: item[1]["start"]):
        found = tuple(
            sorted(keys[(sentence, m["marker"])], key=lambda k: _printed_at(m["text"], k))
        )
        markers[sentence].append(Marker(m["text"], m["start"], m["end"], found, m.get("style", "")))
    return markers


def _wording(rows: Iterable[dict[str, Any]]) -> dict[str, list[Cue]]:
    """Return each sentence's weasel words and peacock terms by sentence id, in order. A
    template's or a structure's concept is labelled with its row, so its cue is the words it
    matched."""
    from claims.attribution import named_by_its_words

    cues: dict[str, list[Cue]] = defaultdict(list)
    for r in sorted(rows, key=lambda r: r["start"]):
        entry = r["entry"]
        template = entry if named_by_its_words(entry) else None
        name = " ".join(r["text"].lower().split()) if template else entry
        cue = Cue(
            name, r["kind"], r["text"], r["start"], r["end"], False, None, r["category"], template
        )
        cues[r["id"]].append(cue)
    return cues


def _sentence(
    row: dict[str, Any], markers: list[Marker], flags: list[str], framing: list[Cue]
) -> Sentence:
    return Sentence(
        id=row["id"],
        index=row["index"],
        start=row["start"],
        end=row["end"],
        line=row["line"],
        text=row.get("text", ""),
        section=(),
        kind=row["kind"],
        block="",
        markers=tuple(markers),
        editor_flags=tuple(flags),
        framing=tuple(framing),
    )


def _sources(
    rows: Iterable[dict[str, Any]],
    cues: Iterable[dict[str, Any]],
    sentences: Iterable[Sentence],
    cites: dict[str, list[str]],
    authors: Mapping[str, tuple[str, ...]],
) -> Iterator[Source]:
    cues_of: dict[str, list[LevelCue]] = defaultdict(list)
    for c in cues:
        cues_of[c["source"]].append(
            LevelCue(c["level"], c["text"], c.get("basis", ""), c.get("id"))
        )
    cited_by: dict[str, list[str]] = defaultdict(list)  # key -> citing sentences, in order
    for sentence in sentences:
        for key in cites.get(sentence.id, ()):
            if sentence.id not in cited_by[key]:
                cited_by[key].append(sentence.id)
    for row in rows:
        yield Source(
            key=row["key"],
            reference=_reference(row, authors.get(row["source"], ()))
            if row.get("inList")
            else None,
            level=row["level"],
            cues=tuple(cues_of.get(row["source"], ())),
            conflict=row.get("conflict", False),
            cited_by=tuple(cited_by.get(row["key"], ())),
        )


def _reference(row: dict[str, Any], authors: tuple[str, ...]) -> Reference:
    data = ReferenceData(
        authors=authors,
        title=row.get("title"),
        container=row.get("container"),
        year=row.get("issued"),
        doi=row.get("doi"),
        pmid=row.get("pmid"),
        pmcid=row.get("pmcid"),
        url=row.get("url"),
        publication_types=_split(row.get("types")),
    )
    return Reference(row["key"], row.get("entry", ""), None, row.get("line"), data)


def _split(joined: str | None) -> tuple[str, ...]:
    return tuple(part for part in (joined or "").split(_SEP) if part)


def _key_order(key: str) -> tuple[int, Any]:
    return (0, int(key)) if key.isdigit() else (1, key)


def _first_citations(sentences: Iterable[Sentence], cites: dict[str, list[str]]) -> dict[str, int]:
    """Return each cited key's rank in order of first citation (as sources.linking orders):
    sentence by sentence, its markers' keys, then the sources it cites without a marker (an
    entry's shortened footnote); an entry's markers count only where they cite a source."""
    order: dict[str, int] = {}
    for sentence in sentences:
        cited = cites.get(sentence.id, [])
        for marker in sorted(sentence.markers, key=lambda m: m.start):
            for key in sorted(marker.keys, key=lambda k: _printed_at(marker.text, k)):
                if sentence.kind != "reference" or key in cited:
                    order.setdefault(key, len(order))
        for key in sorted(cited, key=_key_order):
            order.setdefault(key, len(order))
    return order


def _printed_at(text: str, key: str) -> tuple[int, tuple[int, Any]]:
    """Return where a key is printed in a marker (the store keeps a marker's keys as a set).

    Numbers keep their order ("[4-6]" prints no 5); author-year keys their printed place.
    """
    if key.isdigit():
        return (0, _key_order(key))
    word = key.split()[0] if key.split() else key
    found = re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text)
    return (found.start() if found else len(text), _key_order(key))


def _source_order(row: dict[str, Any], cited: dict[str, int]) -> tuple[int, int, Any]:
    """Return where a source comes: cited ones first, then uncited entries in list order."""
    if row["key"] in cited:
        return (0, cited[row["key"]], 0)
    return (1, row.get("line", 1 << 30), _key_order(row["key"]))
