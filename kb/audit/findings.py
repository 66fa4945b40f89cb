"""What an audit finds, as plain data: no rdflib needed to read, sort or report findings."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from kb.text import one_line

#: How much of a claim's text a finding's message quotes (reports show more of it).
TEXT_WIDTH = 60
#: a placeholder of a message template: {$this}, {?value}, {?NAME}
PLACEHOLDER = re.compile(r"\{[?$](\w+)\}")

#: Severities, most severe first (the local names of sh:Violation, sh:Warning, sh:Info).
SEVERITIES = ("violation", "warning", "info")


@dataclass(frozen=True)
class Finding:
    """One thing the audit found: a SHACL validation result, made readable."""

    rule: str  # the shape's dcterms:identifier, else its IRI's local name
    severity: str  # one of SEVERITIES (a user shape may use another severity IRI)
    sentence_id: str | None  # "s12" when the finding is about a sentence (or its marker, cue)
    source_key: str | None  # "7" when the finding is about a source
    message: str
    line: int | None  # the sentence's line, else the reference entry's line


def severity_rank(severity: str) -> int:
    """Return 0 for the most severe; severities outside SHACL's three rank after info."""
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


def sort_key(finding: Finding) -> tuple[int, int, int, str, str]:
    """Return the order of findings in reports: severity, line (none last), sentence, rule."""
    last = 1 << 30
    line = finding.line if finding.line is not None else last
    digits = (finding.sentence_id or "").lstrip("s")
    sentence = int(digits) if digits.isdigit() else last
    return (severity_rank(finding.severity), line, sentence, finding.rule, finding.message)


def make_finding(
    rule: str,
    severity: str,
    template: str,
    *,
    this: str,
    value: str,
    sentence: str | None,
    text: str,
    line: int | None,
    key: str | None,
    more: Mapping[str, str] | None = None,
) -> Finding:
    """Return the finding of one rule's result, its message ``template`` filled the same way
    whichever audit found it: one article's graph (SHACL) or the knowledge base (SPARQL).

    ``this``, ``value``: how the message names the focus node and the value; ``sentence``,
    ``key``: the sentence id and the source key the finding is about; ``text``: the sentence's
    text (quoted trimmed); ``more``: any other name the message may use (a query's columns).
    """
    values = {
        "this": this,
        "value": value,
        "sentence": sentence or "",
        "text": one_line(text, TEXT_WIDTH),
        "line": "" if line is None else str(line),
        "key": key or "",
    }
    return Finding(
        rule=rule,
        severity=severity,
        sentence_id=sentence,
        source_key=key,
        message=fill(template, {**(more or {}), **values}),
        line=line,
    )


def fill(template: str, values: Mapping[str, str]) -> str:
    """Return a rule's message with its ``{$name}`` and ``{?name}`` placeholders filled from
    ``values``; a name not in them stays as written."""
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), template)
