"""The audited article as a self-contained HTML page: claims highlighted by support.

Every claim is a focusable span whose class and visible badge say its status (supported,
weakly supported, unsupported, overclaim), so colour is never the only cue. Hovering or focusing
a claim shows its sources, evidence level, cues and findings. Above the text, a summary (claims
by status, findings by rule); below it, the article's sources (level, cues, links, the claims
citing them). A side panel lists the findings, filtered by rule and severity, with reviewed
findings hidden (``kb/report/static/audit.js``): reviewed are those a ``--baseline`` holds and
those marked in the page, which the browser remembers by fingerprint.

All article text goes through ``html.escape`` inside ``<bdi>`` (``_isolated``: its bidi
controls reorder nothing around it); links are made only of http(s) addresses, DOIs and PubMed
ids; the page's one script is its own, and its Content-Security-Policy allows no
other (no inline handler, no network), so nothing in an article can run.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from importlib import resources
from typing import TYPE_CHECKING
from urllib.parse import quote

from kb.audit.findings import SEVERITIES, severity_rank
from kb.audit.triage import fingerprinter
from kb.export.palette import STATUS_COLOURS
from kb.report.article_text import text_between
from kb.report.model import STATUS_NAMES, Audited, plural, summarize
from kb.template import fill_pieces

if TYPE_CHECKING:
    from claims.model import ReferenceData, Sentence
    from kb.audit.findings import Finding
    from sources.model import ClaimGrade, Source

#: Badge and human name of each highlight, in legend order.
HIGHLIGHTS = {
    "supported": ("✓", "supported"),
    "weakly-supported": ("≈", "weakly supported"),
    "cited-unknown-evidence": ("?", "cited, evidence unknown"),
    "unsupported": ("✗", "unsupported"),
    "own-finding": ("◆", "own finding"),
    "covered": ("¶", "covered by its paragraph's citation"),
    "overclaim": ("‼", "overclaim"),
}
TEMPLATE = "audit.html"
SCRIPT = "audit.js"
#: The bidi embeddings, overrides and isolates: each reorders what follows it.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_PMCID = re.compile(r"PMC\d+")


def audit_page(results: Sequence[Audited], *, title: str | None = None) -> str:
    """Return one HTML page showing every audited article with its claims highlighted.

    ``title``: the page's title; by default the article's title (its file name when it has
    none), or "claimkb audit of N articles".
    """
    return "".join(audit_page_pieces(results, title=title))


def audit_page_pieces(results: Sequence[Audited], *, title: str | None = None) -> Iterator[str]:
    """Yield :func:`audit_page`'s text a piece at a time (a claim, a finding): the page of a
    19 MB article is some 300 MB, never held whole."""
    static = resources.files("kb.report").joinpath("static")
    script = static.joinpath(SCRIPT).read_text("utf-8")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return fill_pieces(
        static.joinpath(TEMPLATE).read_text("utf-8"),
        {
            "TITLE": html.escape(_isolated_plain(title) if title else page_title(results)),
            "HEADING": _isolated(title or _heading(results)),
            "SCRIPT_HASH": f"sha256-{digest}",
            "COLOURS": _colour_rules(),
            "LEGEND": _legend(),
            "FILTERS": _filters(results),
            "ARTICLES": _joined(_article_section(n, r) for n, r in enumerate(results)),
            "FINDINGS": _joined(_findings_list(n, r) for n, r in enumerate(results)),
            "SCRIPT": script,
        },
    )


def page_title(results: Sequence[Audited]) -> str:
    """Return the page's title: the one article's title (or file name), else a count."""
    if len(results) == 1:
        article = results[0].graded.article
        return f"{_isolated_plain(article.title or article.source)} · claimkb audit"
    return f"claimkb audit of {plural(len(results), 'article')}"


def _heading(results: Sequence[Audited]) -> str:
    """Return the page's heading; one article's title is its section's own heading."""
    return "claimkb audit" if len(results) == 1 else page_title(results)


def _legend() -> str:
    return "".join(
        f'<li><span class="claim {status}"><span class="badge" aria-hidden="true">{badge}</span>'
        f"{name}</span></li>"
        for status, (badge, name) in HIGHLIGHTS.items()
    )


def highlight_of(status: str, findings: Sequence[Finding]) -> str:
    """Return how a claim is highlighted: its status, or ``overclaim`` when a finding says so."""
    return "overclaim" if any(f.rule == "overclaim" for f in findings) else status


def _joined(sections: Iterable[Iterator[str]]) -> Iterator[str]:
    """Yield the pieces of each section, a newline between two sections."""
    for number, pieces in enumerate(sections):
        if number:
            yield "\n"
        yield from pieces


def _article_section(number: int, result: Audited) -> Iterator[str]:
    """Yield an article's section: its heading, summary, text (a sentence at a time) and
    sources."""
    article = result.graded.article
    status = {g.sentence_id: g for g in result.graded.grades}
    by_sentence: dict[str, list[Finding]] = {}
    for finding in (*result.findings, *result.reviewed):
        if finding.sentence_id:
            by_sentence.setdefault(finding.sentence_id, []).append(finding)
    # Each source's row once: a source cited by every claim has cues from all of them.
    sources = {s.key: _source_row(s) for s in result.graded.sources}
    heading = _isolated(article.title or article.source)
    yield (
        f'<section class="article" id="a{number}" aria-labelledby="a{number}-title">'
        f'<h2 id="a{number}-title">{heading}</h2>'
        f'<p class="source">{_isolated(article.source)}</p>'
        f"{_summary(number, result)}"
        '<div class="text">'
    )
    cursor, previous = 0, None
    for sentence in article.sentences:
        yield _isolated(text_between(article, cursor, previous, sentence))
        grade = status.get(sentence.id)
        found = by_sentence.get(sentence.id, [])
        if grade is None:
            yield _plain(number, sentence)
        else:
            yield _claim(number, sentence, grade, found, sources)
        cursor, previous = sentence.end, sentence
    yield _isolated(article.text[cursor:])
    yield f"</div>{_sources_list(number, result)}</section>"


def _summary(number: int, result: Audited) -> str:
    """Return the article's summary: counts, claims by status, findings by rule."""
    summary = summarize(result)
    statuses = "".join(
        f'<tr><td><span class="claim {status}"><span class="badge" aria-hidden="true">'
        f"{HIGHLIGHTS[status][0]}</span>{STATUS_NAMES[status]}</span></td>"
        f'<td class="n">{n}</td></tr>'
        for status, n in summary.by_status.items()
        if n
    )
    severities = {f.rule: f.severity for f in (*result.reviewed, *result.findings)}
    rows = []
    for rule in sorted(severities, key=lambda r: (severity_rank(severities[r]), r)):
        reported = summary.findings_by_rule.get(rule, 0)
        reviewed = summary.reviewed_by_rule.get(rule, 0)
        rule_html, severity = html.escape(rule), html.escape(severities[rule])
        rows.append(
            f'<tr data-rule="{rule_html}"><td><code>{rule_html}</code></td>'
            f'<td class="{severity}">{severity}</td><td class="n">{reported + reviewed}</td>'
            f'<td class="n reviewed-count" data-article="{number}" data-rule="{rule_html}">'
            f"{reviewed}</td></tr>"
        )
    rules = (
        '<table class="rules"><caption>Findings by rule</caption><thead><tr><th>Rule</th>'
        "<th>Severity</th><th>Findings</th><th>Reviewed</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        if rows
        else "<p>No findings.</p>"
    )
    return (
        f'<div class="summary" id="a{number}-summary">'
        f"<p>{html.escape(plural(summary.claims, 'claim'))}; "
        f"{html.escape(summary.findings_text)}; {html.escape(summary.overclaims_text)}; "
        f"sources by level: {html.escape(summary.levels_text)}.</p>"
        f'<p class="wording">Wording: {html.escape(summary.wording_text)}.</p>'
        f'<table class="statuses"><caption>Claims by status</caption>{statuses}</table>'
        f"{rules}</div>"
    )


def _plain(number: int, sentence: Sentence) -> str:
    text = _isolated(sentence.text)
    if sentence.kind == "heading" or sentence.block in {"heading", "title"}:
        return f'<strong class="heading">{text}</strong>'
    return f'<span class="{sentence.kind}" id="a{number}-{sentence.id}">{text}</span>'


def _claim(
    number: int,
    sentence: Sentence,
    grade: ClaimGrade,
    findings: Sequence[Finding],
    sources: dict[str, str],
) -> str:
    shown = highlight_of(grade.status, findings)
    level = grade.level
    reason = f" · {_isolated(grade.reason)}" if grade.reason else ""
    badge, name = HIGHLIGHTS[shown]
    anchor = f"a{number}-{sentence.id}"
    return (
        f'<span class="claim {shown}" id="{anchor}" tabindex="0" data-status="{shown}" '
        f'aria-describedby="{anchor}-tip">'
        f'<span class="badge" aria-hidden="true">{badge}</span>{_isolated(sentence.text)}'
        f'<span class="tip" role="tooltip" id="{anchor}-tip">'
        f"<b>{name}</b> · line {sentence.line} · evidence: {html.escape(level or 'none')}{reason}"
        f"{_tip_sources(sentence, sources)}{_tip_cues(sentence)}{_tip_findings(findings)}"
        "</span></span>"
    )


def _tip_sources(sentence: Sentence, sources: dict[str, str]) -> str:
    rows = [sources[key] for key in sentence.keys if key in sources]
    return "".join(rows) or '<span class="row">no source cited</span>'


def _source_row(source: Source) -> str:
    """Return a source's row in the tooltip of the claims that cite it."""
    title = source.reference.data.title if source.reference else None
    cues = ", ".join(sorted({c.text for c in source.cues}))
    return (
        f'<span class="row">[{_isolated(source.key)}] {html.escape(source.level)}'
        + (f" · {_isolated(title)}" if title else "")
        + (f" · cues: {_isolated(cues)}" if cues else "")
        + ("" if source.in_reference_list else " · not in the reference list")
        + "</span>"
    )


def _tip_cues(sentence: Sentence) -> str:
    words = [("hedge", c) for c in sentence.hedges] + [("booster", c) for c in sentence.boosters]
    words += [
        (c.kind, c) for c in sentence.framing if c.kind in ("weasel", "peacock", "approximator")
    ]
    if not words:
        return ""
    listed = ", ".join(
        f"{kind} “{_isolated(c.text)}”" + (" (negated)" if c.negated else "") for kind, c in words
    )
    return f'<span class="row">{listed}</span>'


def _tip_findings(findings: Sequence[Finding]) -> str:
    return "".join(
        f'<span class="row finding {f.severity}">{html.escape(f.severity)}: '
        f"{html.escape(f.rule)}: {_isolated(f.message)}</span>"
        for f in findings
    )


def _sources_list(number: int, result: Audited) -> str:
    """Return the article's sources: key, level, entry, links, cues and the claims citing it."""
    graded = result.graded
    if not graded.sources:
        return ""
    lines = {s.id: s.line for s in graded.article.sentences}
    items = []
    for source in graded.sources:
        key = html.escape(source.key)
        level = html.escape(source.level) + (" (conflicting cues)" if source.conflict else "")
        entry = (
            _isolated(source.reference.text) or "(a bare number: no entry)"
            if source.reference
            else "not in the reference list"
        )
        links = _links(source.reference.data) if source.reference else ""
        cited = ", ".join(
            f'<a href="#a{number}-{sid}">line {lines.get(sid, "?")}</a>' for sid in source.cited_by
        )
        items.append(
            f'<li data-key="{key}"><b>[{_isolated(source.key)}]</b> '
            f'<span class="level">{level}</span>'
            f' · <span class="entry">{entry}</span>{links}'
            f"{_source_cues(number, source, lines)}"
            f'<br><span class="cited">cited by: {cited or "no claim"}</span></li>'
        )
    return (
        f'<section class="sources" aria-labelledby="a{number}-sources">'
        f'<h3 id="a{number}-sources">Sources ({len(graded.sources)})</h3>'
        f"<ol>{''.join(items)}</ol></section>"
    )


def _source_cues(number: int, source: Source, lines: dict[str, int]) -> str:
    """Return why a source has its level: each cue, where it was found, and the level it says."""
    if not source.cues:
        return ""
    cues = []
    for cue in source.cues:
        where = "in the entry"
        if (sid := cue.sentence_id) is not None:
            where = f'in <a href="#a{number}-{sid}">line {lines.get(sid, "?")}</a>'
        cues.append(f"“{_isolated(cue.text)}” {where} → {html.escape(cue.level)}")
    return f'<br><span class="cues">cues: {"; ".join(cues)}</span>'


def _links(data: ReferenceData) -> str:
    """Return the entry's DOI, PubMed, PMC and web links; only http(s) addresses are links."""
    found: list[tuple[str, str]] = []
    if data.doi:
        found.append((f"https://doi.org/{quote(data.doi.strip(), safe='/:;()')}", "DOI"))
    if data.pmid and data.pmid.strip().isdigit():
        found.append((f"https://pubmed.ncbi.nlm.nih.gov/{data.pmid.strip()}/", "PubMed"))
    if data.pmcid and _PMCID.fullmatch(data.pmcid.strip()):
        found.append((f"https://www.ncbi.nlm.nih.gov/pmc/articles/{data.pmcid.strip()}/", "PMC"))
    if data.url and (url := web_link(data.url)) and url not in {u for u, _ in found}:
        found.append((url, "link"))
    return "".join(
        f' · <a href="{html.escape(url)}" rel="noreferrer" title="{html.escape(url)}">{label}</a>'
        for url, label in found
    )


def web_link(url: str) -> str | None:
    """Return ``url`` as an http(s) address fit for a link, or None (javascript:, data:...)."""
    from kb.rdf.iri import web_iri

    iri = web_iri(url)
    return iri if iri is not None and iri.lower().startswith(("http://", "https://")) else None


def _findings_list(number: int, result: Audited) -> Iterator[str]:
    """Yield an article's list of findings, an item at a time."""
    article = result.graded.article
    print_of = fingerprinter(result.graded)
    name = _isolated(article.title or article.source)
    count = len(result.findings) + len(result.reviewed)
    yield (
        f"<h3>{name}</h3><p>{plural(count, 'finding')}"
        f"{f', {len(result.reviewed)} in the baseline' if result.reviewed else ''}</p>"
        f'<ol class="findings" data-article="{number}">'
    )
    for reviewed, findings in ((False, result.findings), (True, result.reviewed)):
        for finding in findings:
            yield _finding_item(number, finding, print_of(finding), reviewed=reviewed)
    yield "</ol>" if count else "<li>No findings.</li></ol>"


def _finding_item(number: int, finding: Finding, print_: str, *, reviewed: bool) -> str:
    """Return a finding's list item (``print_``, its fingerprint): its link, message and the
    box marking it reviewed."""
    target = f"#a{number}-{finding.sentence_id}" if finding.sentence_id else f"#a{number}"
    where = f"line {finding.line}" if finding.line else "article"
    severity, rule = html.escape(finding.severity), html.escape(finding.rule)
    box = (
        '<input type="checkbox" class="review" checked disabled> reviewed (in the baseline)'
        if reviewed
        else '<input type="checkbox" class="review"> reviewed'
    )
    return (
        f'<li class="finding {severity}" data-article="{number}" data-rule="{rule}" '
        f'data-severity="{severity}" data-fingerprint="{print_}"'
        f'{" data-baseline" if reviewed else ""}><a href="{target}">'
        f"<b>{severity}</b> {rule} ({where})</a>"
        f"<br>{_isolated(finding.message)}<br><label>{box}</label></li>"
    )


def _filters(results: Sequence[Audited]) -> str:
    """Return the filter boxes: one per severity and per rule found, all ticked."""
    found = [f for r in results for f in (*r.findings, *r.reviewed)]
    severities = Counter(f.severity for f in found)
    rules = Counter(f.rule for f in found)
    ordered = [s for s in SEVERITIES if s in severities] + sorted(set(severities) - set(SEVERITIES))

    def box(name: str, value: str, count: int) -> str:
        value = html.escape(value)
        return (
            f'<label><input type="checkbox" name="{name}" value="{value}" checked> '
            f"{value} ({count})</label>"
        )

    return (
        "<fieldset><legend>Severity</legend>"
        + "".join(box("severity", s, severities[s]) for s in ordered)
        + "</fieldset><fieldset><legend>Rule</legend>"
        + "".join(box("rule", r, rules[r]) for r in sorted(rules))
        + "</fieldset>"
    )


def _colour_rules() -> str:
    """Return CSS giving each highlight the palette the network pictures use."""
    return "".join(
        f".claim.{status} {{ background: {c}40; border-bottom: 3px solid {c}; }}"
        for status, c in STATUS_COLOURS.items()
    )


def _isolated(text: str) -> str:
    """Return ``text`` (from an article) escaped inside ``<bdi>``: the bidi controls it holds
    (U+202E RIGHT-TO-LEFT OVERRIDE left open, say) reorder nothing outside it."""
    if not text or text.isspace():  # nothing to reorder: the gap between two sentences
        return text
    return f"<bdi>{html.escape(text)}</bdi>"


def _isolated_plain(text: str) -> str:
    """Return ``text`` for an element that holds no markup (``<title>``): between the isolate
    controls FSI and PDI, which end whatever embedding or override it left open, when it
    holds a bidi control."""
    return f"\u2068{text}\u2069" if _BIDI.search(text) else text
