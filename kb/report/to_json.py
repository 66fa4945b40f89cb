"""The JSON report: the extraction JSON of each article, graded, with its sources and findings.

``{"claimkb": VERSION, "articles": [ARTICLE]}``. ARTICLE is ``claims.article_to_dict`` (the
extraction contract) with each sentence extended by ``status`` and ``evidence_level`` (null for
non-claims and for claims with no source), plus ``sources``, ``findings`` and ``summary``. Each
finding has a ``fingerprint`` (:func:`kb.audit.triage.fingerprint`), which ``--baseline`` reads.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import asdict, replace
from typing import IO, Any

from claims.model import ReferenceData
from kb.audit.findings import Finding
from kb.audit.triage import fingerprinter
from kb.report.json_pieces import json_pieces
from kb.report.model import Audited, summarize
from kb.version import __version__
from sources.model import ClaimGrade, Source


def report_dict(results: Sequence[Audited]) -> dict[str, Any]:
    """Return the whole report as plain JSON-ready data."""
    return {"claimkb": __version__, "articles": [article_dict(r) for r in results]}


def report_json(results: Sequence[Audited]) -> bytes:
    """Return the whole report as UTF-8 JSON indented by two spaces, its control characters
    escaped (:func:`kb.terminal.escaped_json`): :func:`write_report_json`'s bytes."""
    out = io.BytesIO()
    write_report_json(results, out)
    return out.getvalue()


def write_report_json(results: Sequence[Audited], out: IO[bytes]) -> None:
    """Write the whole report to ``out``, an article's sentences, sources and findings one at a
    time: the bytes of ``json.dumps(report_dict(results), ensure_ascii=False, indent=2)`` plus a
    newline, its control characters escaped.

    Each value is written by orjson (the standard library's C encoder does not indent, and its
    Python one took 12 of the 16 s of CPU a 1,000-article knowledge base's report took); the
    report of a 19 MB page is some 600 MB, which is never held whole, nor as text.
    """
    report = {"claimkb": __version__, "articles": (article_dict(r, streamed=True) for r in results)}
    for piece in json_pieces(report, _STREAMED_LEVELS):
        out.write(piece)


#: How deep the report is written a member at a time: the report, its articles list, an
#: article, an article's lists (its sentences, sources and findings are written one by one).
_STREAMED_LEVELS = 4


def write_baseline(results: Sequence[Audited], path: str) -> int:
    """Write the report of ``results`` to ``path`` as a baseline; return its findings' count."""
    from kb.export.output import output_file

    data = report_json(results)
    with output_file(path) as out:
        out.write(data)
    return sum(len(audited.findings) for audited in results)


def findings_jsonl_lines(results: Sequence[Audited]) -> Iterator[str]:
    """Yield every finding on a line of its own: the article's source, then the finding as
    the JSON report writes it (``--format jsonl``, for tools that read findings one by one)."""
    for audited in results:
        graded = audited.graded
        print_of = fingerprinter(graded)
        for finding in audited.findings:
            data = {"article": graded.article.source}
            data.update(finding_dict(finding, print_of(finding)))
            yield json.dumps(data, ensure_ascii=False) + "\n"


def article_dict(audited: Audited, *, streamed: bool = False) -> dict[str, Any]:
    """Return one audited article as JSON-ready data; ``streamed``: its sentences and findings
    as iterators, each made as it is read (:func:`write_report_json`), not as lists."""
    from claims.extract import article_to_dict, sentence_to_dict

    graded = audited.graded
    data = article_to_dict(replace(graded.article, sentences=()))
    grades = {grade.sentence_id: grade for grade in graded.grades}
    sentences = (_graded(sentence_to_dict(s), grades) for s in graded.article.sentences)
    data["sentences"] = sentences if streamed else list(sentences)
    data["sources"] = [source_dict(source) for source in graded.sources]
    print_of = fingerprinter(graded)
    findings = (finding_dict(finding, print_of(finding)) for finding in audited.findings)
    data["findings"] = findings if streamed else list(findings)
    data["summary"] = asdict(summarize(audited))
    data["has_reference_list"] = graded.has_reference_list
    data["placeholder_references"] = graded.placeholder_references
    data["cited_keys"] = graded.cited_keys
    data["missing_keys"] = graded.missing_keys
    return data


def _graded(sentence: dict[str, Any], grades: dict[str, ClaimGrade]) -> dict[str, Any]:
    """Return a sentence's JSON data with its claim's status, level, reason, coverage and
    inherited sources."""
    grade = grades.get(sentence["id"])
    sentence["status"] = grade.status if grade else None
    sentence["evidence_level"] = grade.level if grade else None
    sentence["status_reason"] = grade.reason if grade else None
    sentence["covered_by"] = grade.covered_by if grade else None
    sentence["inherits_from"] = grade.inherits_from if grade else None
    return sentence


def source_dict(source: Source) -> dict[str, Any]:
    """Return a graded source as JSON-ready data."""
    reference = source.reference
    return {
        "key": source.key,
        "in_reference_list": source.in_reference_list,
        "reference": None
        if reference is None
        else {"text": reference.text, "line": reference.line, **_metadata(reference.data)},
        "evidence_level": source.level,
        "cues": [
            {"level": c.level, "text": c.text, "basis": c.basis, "sentence": c.sentence_id}
            for c in source.cues
        ],
        "conflict": source.conflict,
        "cited_by": list(source.cited_by),
    }


def finding_dict(finding: Finding, print_: str) -> dict[str, Any]:
    """Return a finding and its fingerprint as JSON-ready data (sentence, source may be null)."""
    return {
        "rule": finding.rule,
        "fingerprint": print_,
        "severity": finding.severity,
        "sentence": finding.sentence_id,
        "source": finding.source_key,
        "message": finding.message,
        "line": finding.line,
    }


def _metadata(data: ReferenceData) -> dict[str, Any]:
    fields = asdict(data)
    return {
        key: list(value) if isinstance(value, tuple) else value for key, value in fields.items()
    }
