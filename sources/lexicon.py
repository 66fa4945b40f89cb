"""Study-design cue lexicons (sources/cues/*.tsv), compiled once, and the matching of them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from sources.errors import LexiconError
from sources.model import LEVELS

#: Dashes and spaces folded to ASCII before matching; one character for one keeps offsets valid.
_FOLD = str.maketrans(
    {c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2212"}
    | {c: " " for c in "\u00a0\u2009\u202f\u2007"}
    | {"\u2019": "'"}
)
#: Where a cue may start: not inside a word or a hyphenated compound.
_WORD_START = r"(?<![\w-])"
_NEGATION = re.compile(
    r"\b(?:no|not|nor|without|never|lack of|absence of|instead of|rather than|unlike)"
    r"\s+(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CueRule:
    """One row of a cue lexicon."""

    pattern: re.Pattern[str]
    level: str
    type: str
    note: str


@dataclass(frozen=True)
class CueMatch:
    """Where a cue rule matched a text."""

    start: int
    end: int
    text: str
    rule: CueRule

    @property
    def level(self) -> str:
        """Return the level of the matched rule."""
        return self.rule.level


def parse_rule(name: str, number: int, line: str) -> CueRule:
    """Return the rule of one lexicon row; LexiconError names the file and line when bad."""
    cells = line.split("\t")
    if len(cells) != 4 or cells[1] not in LEVELS:
        raise LexiconError(
            f"sources/cues/{name}, line {number}: expected 'pattern<TAB>level<TAB>type<TAB>note' "
            f"with a level among {', '.join(LEVELS)}; got {line!r}"
        )
    try:
        pattern = re.compile(rf"{_WORD_START}(?:{cells[0]})(?![\w-])", re.IGNORECASE)
    except re.error as exc:
        raise LexiconError(f"sources/cues/{name}, line {number}: bad pattern: {exc}") from exc
    return CueRule(pattern, cells[1], cells[2], cells[3])


@cache
def load_rules(name: str) -> tuple[CueRule, ...]:
    """Return the compiled rules of ``sources/cues/{name}`` (comments and header skipped)."""
    text = resources.files("sources").joinpath("cues", name).read_text(encoding="utf-8")
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() and not line.startswith("#") and not line.startswith("pattern\t"):
            rows.append(parse_rule(name, number, line))
    return tuple(rows)


def _negated(text: str, start: int) -> bool:
    return bool(_NEGATION.search(text[max(0, start - 40) : start]))


def _any_rule(rules: tuple[CueRule, ...]) -> re.Pattern[str]:
    """Return one pattern that matches wherever any of ``rules`` does (compiled once per tuple).

    Most texts match no rule: one search of the alternation tells so, instead of one search
    per rule. The rules' own patterns keep their boundaries, so the alternation finds a match
    exactly when one of them does.
    """
    entry = _ALTERNATIONS.get(id(rules))
    if entry is None or entry[0] is not rules:
        entry = (rules, re.compile(_alternation(rules), re.IGNORECASE))
        _ALTERNATIONS[id(rules)] = entry
    return entry[1]


def _alternation(rules: tuple[CueRule, ...]) -> str:
    """Return the rules' patterns as one alternation, the shared word-start test taken out.

    Tested once per position instead of once per rule, it fails fast where no word starts.
    """
    bodies = [rule.pattern.pattern for rule in rules]
    if bodies and all(body.startswith(_WORD_START) for body in bodies):
        return _WORD_START + "(?:" + "|".join(body[len(_WORD_START) :] for body in bodies) + ")"
    return "|".join(f"(?:{body})" for body in bodies) or r"(?!)"


#: id(rules) -> (rules, their alternation); the tuple is kept so that an id is never reused.
_ALTERNATIONS: dict[int, tuple[tuple[CueRule, ...], re.Pattern[str]]] = {}


def find_cues(text: str, rules: tuple[CueRule, ...]) -> list[CueMatch]:
    """Return the non-overlapping, non-negated cue matches in ``text``, longest first kept."""
    _any_rule(rules)  # keeps ``rules`` alive under its id, the cache's key
    return list(_cached_cues(text, id(rules)))


@lru_cache(maxsize=4096)
def _cached_cues(text: str, rules_id: int) -> tuple[CueMatch, ...]:
    """Return find_cues' matches, remembered: an entry's title is read for its level and its
    publication type, and journal names and trailing words ("Review") recur across entries."""
    rules, alternation = _ALTERNATIONS[rules_id]
    folded = text.translate(_FOLD)
    first = alternation.search(folded)
    if first is None:
        return ()
    # No rule matches before the alternation's first match: each rule's scan starts there.
    found = [
        CueMatch(m.start(), m.end(), text[m.start() : m.end()], rule)
        for rule in rules
        for m in rule.pattern.finditer(folded, first.start())
        if m.end() > m.start()
    ]
    kept: list[CueMatch] = []
    for match in sorted(found, key=lambda m: (m.start - m.end, m.start)):
        if all(match.end <= k.start or match.start >= k.end for k in kept):
            kept.append(match)
    return tuple(sorted((m for m in kept if not _negated(folded, m.start)), key=lambda m: m.start))
