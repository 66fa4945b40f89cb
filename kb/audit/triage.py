"""Triage like a linter: choose rules (``--select``/``--ignore``), fingerprint findings, baselines.

Rule selectors follow ruff's convention: a selector names a rule or any prefix of rule ids
(``unsupported`` selects ``unsupported-claim``), ``ALL`` names every rule, ``--select`` keeps
only the rules it names, then ``--ignore`` drops rules. A selector that names no known rule
is the user's mistake, said with the list of rules.

A finding's fingerprint is a hash of what stays the same while an article is edited around
it: the rule, the article's file name, the finding's sentence text (case and whitespace
normalised) and its source key. Line numbers and messages are left out, so a finding keeps its
fingerprint when text above it moves. A baseline is an earlier ``--format json`` report;
``--baseline`` reports only findings whose fingerprints it does not hold (counted, so a second
identical finding in the same sentence is still new).
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, TypeVar

from kb.errors import BaselineInvalid, UnknownRule

if TYPE_CHECKING:
    from kb.audit.findings import Finding
    from sources.model import GradedArticle

__all__ = [
    "BaselineInvalid",
    "Triage",
    "UnknownRule",
    "chosen_rules",
    "fingerprint",
    "fingerprinter",
    "fingerprints_of",
    "keep",
    "read_baseline",
]

A = TypeVar("A")
#: The selector that names every rule.
ALL = "ALL"


@dataclass(frozen=True)
class Triage:
    """Which findings an audit reports: those of the rules ``select`` and ``ignore`` choose
    among the ``known`` ones (and any rule a finding names), less those ``baseline`` holds."""

    known: frozenset[str]
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    baseline: Counter[str] | None = None

    def __post_init__(self) -> None:
        chosen_rules(self.known, self.select, self.ignore)  # an unknown rule, before any audit

    def apply(self, results: Sequence[A]) -> list[A]:
        """Return ``results`` with only the findings this triage reports."""
        found = {f.rule for audited in results for f in audited.findings}  # type: ignore[attr-defined]
        rules = chosen_rules(self.known | found, self.select, self.ignore)
        return keep(results, rules, self.baseline)


def triage(
    known: frozenset[str], select: Iterable[str], ignore: Iterable[str], baseline: str | None
) -> Triage:
    """Return the triage of ``--select``, ``--ignore`` and ``--baseline`` option values.

    Raises UnknownRule for a selector that names no rule, BaselineInvalid for a bad baseline.
    """
    chosen = Triage(known, parse_selectors(select), parse_selectors(ignore))
    return replace(chosen, baseline=read_baseline(baseline)) if baseline else chosen


def parse_selectors(values: Iterable[str]) -> tuple[str, ...]:
    """Return the selectors of repeatable, comma-separated option values, blanks dropped."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def chosen_rules(
    known: Iterable[str], select: Sequence[str] = (), ignore: Sequence[str] = ()
) -> frozenset[str]:
    """Return the rules ``select`` (default: all) keeps and ``ignore`` does not drop.

    Raises UnknownRule when a selector matches no rule of ``known``.
    """
    rules = sorted(set(known))
    selected = _matching(rules, select) if select else set(rules)
    return frozenset(selected - _matching(rules, ignore))


def _matching(rules: Sequence[str], selectors: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for selector in selectors:
        if selector.upper() == ALL:
            found.update(rules)
            continue
        matched = {rule for rule in rules if rule.startswith(selector)}
        if not matched:
            raise UnknownRule(
                f"{selector!r} names no audit rule; the rules are: {', '.join(rules)} "
                "(a prefix selects every rule it starts, ALL selects all)"
            )
        found |= matched
    return found


def fingerprint(finding: Finding, graded: GradedArticle) -> str:
    """Return the finding's stable fingerprint: 16 hex digits of a SHA-256."""
    return fingerprinter(graded)(finding)


def fingerprinter(graded: GradedArticle) -> Callable[[Finding], str]:
    """Return :func:`fingerprint` for the findings of ``graded``, its sentences looked up by id
    (finding each finding's sentence by a scan made a report quadratic in the article)."""
    article = graded.article
    texts = {s.id: s.text for s in reversed(article.sentences)}  # the first of an id
    name = _article_name(article.source)

    def print_of(finding: Finding) -> str:
        text = texts.get(finding.sentence_id, "") if finding.sentence_id is not None else ""
        parts = (finding.rule, name, _normalise(text), finding.source_key)
        digest = hashlib.sha256("\x1f".join(p or "" for p in parts).encode("utf-8"))
        return digest.hexdigest()[:16]

    return print_of


def fingerprints_of(audited: Any) -> list[str]:
    """Return the fingerprints of an audited article's findings, in their order."""
    return list(map(fingerprinter(audited.graded), audited.findings))


def _article_name(source: str) -> str:
    """Return the article's file name: the same wherever the file or the command is run."""
    return PurePath(source).name or source


def _normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def keep(results: Sequence[A], rules: frozenset[str], baseline: Counter[str] | None) -> list[A]:
    """Return ``results`` with only findings of ``rules`` not already in ``baseline``.

    ``baseline`` counts fingerprints; each one it holds excuses one finding with that print,
    which moves to the article's ``reviewed`` findings (the HTML page can show them).
    """
    left = Counter(baseline or ())
    kept = []
    for audited in results:
        findings, reviewed = [], []
        print_of = fingerprinter(audited.graded)  # type: ignore[attr-defined]
        for finding in audited.findings:  # type: ignore[attr-defined]
            if finding.rule not in rules:
                continue
            print_ = print_of(finding)
            if left[print_] > 0:
                left[print_] -= 1
                reviewed.append(finding)
                continue
            findings.append(finding)
        kept.append(replace(audited, findings=tuple(findings), reviewed=tuple(reviewed)))  # type: ignore[type-var]
    return kept


def read_baseline(path: str) -> Counter[str]:
    """Return the fingerprints (counted) of the findings of a ``--format json`` report file."""
    try:
        with open(path, encoding="utf-8") as file:
            report = json.load(file)
    except OSError as error:
        raise BaselineInvalid(
            f"{path}: cannot read the baseline ({error.strerror or error}); give a file written "
            "by `claimkb audit --write-baseline FILE` or `--format json`"
        ) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BaselineInvalid(
            f"{path}: not a JSON report ({error}); give a file written by "
            "`claimkb audit --write-baseline FILE` or `--format json`"
        ) from None
    prints: Counter[str] = Counter()
    try:
        for article in report["articles"]:
            for finding in article["findings"]:
                prints[str(finding["fingerprint"])] += 1
    except (KeyError, TypeError):
        raise BaselineInvalid(
            f"{path}: not a claimkb audit report with fingerprints (each finding needs one); "
            "write it again with `claimkb audit --write-baseline FILE`"
        ) from None
    return prints
