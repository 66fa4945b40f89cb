"""Lexicon cues found in a sentence, each with its span, negation, sense and scope.

Two groups of cues. Certainty: hedges and boosters (``lexicons/hedges.tsv``, ``boosters.tsv``).
Framing, how a claim presents a finding: causal language (``causal.tsv``, with the categories
of causal-language classification), direct advice (``advice.tsv``) and who the claim is about
(``population.tsv``). Each group is compiled into one case-insensitive pattern (longest cue
first, grouped by first letter) that runs once over a sentence. A cue with a negation at most
two words before it in the same sentence (``lexicons/negations.txt``) is kept with
``negated=True``: "not proven" is not a booster.
An auxiliary inside a cue may be followed by one adverb or "not" ("it is therefore possible").

Each match is then read against the sense and scope rules of ``lexicons/senses.tsv`` (see
docs/cue-senses.md): a word not used in its certainty sense is dropped ("positive definite",
"proved controversial", "clearly visible"); a cue the sentence does not assert ("difficult to
be certain", "to confirm that", a quotation) is kept with its ``scope``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache

from .attribution import STRUCTURE, Found, revise_attribution
from .lexicon import Triggers, next_word, occurrences, rows
from .literals import FOLDS, Finder, needed
from .model import Cue

_AUXILIARIES = frozenset(
    ("is", "are", "was", "were", "has", "have", "had", "be", "been", "do", "does", "did")
)
_SLOT = (
    r"(?:\s+(?:not|never|also|still|therefore|thus|hence|often|sometimes|now|even|\w+ly)|n['’]t)?"
)
# "appear" hedges only with a complement ("appears to", "appears safe"); at the end of a clause
# it means "occur" ("when new research appears.").
_APPEAR = frozenset(("appear", "appears", "appeared"))
_CLAUSE_END = re.compile(r"\s*(?:[.,;:!?)\]]|and\b|or\b|$)")
# "suggest" recommends rather than hedges when an adviser suggests a deed or a person ("dentists
# suggest using a straw", "experts suggest you rinse"); "data suggest increasing risk" hedges.
_SUGGEST = frozenset(("suggest", "suggests", "suggested"))
_ADVISER_BEFORE = re.compile(
    r"\b(?:doctors?|dentists?|physicians?|experts?|nurses?|pharmacists?|dietitians?|"
    r"nutritionists?|clinicians?|guidelines?|we|they|i)\s+(?:often\s+|usually\s+|also\s+)?$",
    re.IGNORECASE,
)
# An adviser suggesting a thing to do proposes it ("the doctor suggested a short walk"); a
# judgement of evidence ("experts suggest a link between ...") keeps the hedge.
_ADVICE_AFTER = re.compile(
    r"\s+(?:that\s+)?(?:you\b|people\b|patients\b|\w+ing\b)|\s+(?:an?|some|more|less|regular|"
    r"daily)\s+(?!(?:\w+\s+)?(?:link|role|connection|association|cause|mechanism|possibility|"
    r"relationship|benefit|risk|effect)s?\b)",
    re.I,
)
_MONTHS = (
    "january|february|march|april|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_MONTH_AFTER = re.compile(
    rf"\s+\d|,?\s+(?:19|20)\d\d|\s*(?:and|or|to|through|until|[-–/])\s*(?:{_MONTHS})\b", re.I
)
_MONTH_BEFORE = re.compile(
    r"(?:\d|\b(?:in|of|since|until|till|from|by|last|next|early|late|mid|this|during|between)|"
    rf"\b(?:{_MONTHS})\s*(?:and|or|to|through|[-–/]))[\s-]*$",
    re.IGNORECASE,
)
#: Kinds whose one-word cues may be part of a name ("the Unknown Soldier", "Famous Five").
_NAMEABLE = frozenset(("hedge", "peacock", "approximator"))
_WORD_BEFORE = re.compile(r"[A-Za-z][^.!?]*\s$")
_TITLE_WORDS = re.compile(r"[A-Za-z][\w'’-]*")
_CAPITALISED_NEXT = re.compile(r"[\s-]+(?-i:[A-Z])[a-z]")
_CAPITALISED_LAST = re.compile(r"(?-i:[A-Z])[a-z]+[\s-]+$")
_OPENING_QUOTES = frozenset("\"'“‘«")
_CLOSING_QUOTES = frozenset("\"'”’»")
_WORD = re.compile(r"[a-z]+")
# The only characters outside ASCII that a case-insensitive pattern matches to an ASCII letter
# (İ ı ſ K, tests/test_certainty.py checks the list): a sentence without them can be matched
# word by word.
_FOLDS_TO_ASCII = FOLDS
_PLAIN_FRAGMENT = re.compile(r"[a-z' ]+")
#: Words too common to pick as a cue's anchor when it has another ("if that is true": "true").
_COMMON = frozenset(("that", "this", "the", "is", "are", "was", "were", "be", "been", "with", "it"))
_NEGATION_REACH = 40  # characters before a cue where its negation is looked for
_CONTEXT = 160  # characters of the sentence the sense rules read on each side of a cue
_SLOT_NEGATION = re.compile(r"\bnot\b|\bnever\b|n['’]t\b", re.IGNORECASE)


@dataclass(frozen=True, eq=False)  # one object per cue: hashed by identity, in C
class _Entry:
    cue: str
    kind: str
    category: str


@dataclass(frozen=True)
class SenseRule:
    """One row of ``lexicons/senses.tsv``: when a cue is not used, or not asserted, in its sense."""

    name: str
    kinds: frozenset[str]
    effect: str  # "sense": not the cue here (dropped); "scope": not asserted; "category": recast
    value: str | None  # the scope or the category the rule gives
    cues: frozenset[str] | None  # None: every cue of those kinds
    before: _Condition | None  # on the text before the cue
    after: _Condition | None  # on the text after it


class _Pattern:
    """A sense rule's pattern, compiled when a cue first needs it: most rules never run on a
    page (20 of 146 conditions on a long paper), and compiling all took a command 40 ms."""

    __slots__ = ("_compiled", "pattern")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._compiled: re.Pattern[str] | None = None

    def search(self, text: str) -> re.Match[str] | None:
        """Return the first match in ``text`` (case-insensitive), as ``re.Pattern.search``."""
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, re.IGNORECASE)
        return self._compiled.search(text)


#: A sense rule's condition on one side of a cue: its pattern, whether it must match (False:
#: must not), and the literal text a match needs (``claims.literals``; None: not known).
_Condition = tuple[_Pattern, bool, frozenset[str] | None]


@dataclass(frozen=True)
class Reading:
    """A lexicon match and the sense rule that read it (None: the cue as it stands)."""

    cue: Cue
    rule: str | None
    kept: bool  # False when the rule says the word is not the cue here


#: A reading as ``_read`` gives it (the fields of a ``Reading``, without the object).
_Read = tuple[Cue, str | None, bool]


#: Some cues of a lexicon as one pattern: cues[i] is the cue of capture group i + 1.
_Part = tuple[re.Pattern[str], tuple[_Entry, ...]]
#: The cues that can match at a word: parts of templates, then a part of plain cues (if any).
_Choices = tuple[tuple[_Part, ...], _Part | None]


@dataclass(frozen=True)
class _Lexicon:
    groups: tuple[tuple[_Entry, ...], ...]  # templates first, then the cues by first letter
    anchors: frozenset[str] | None  # a word every cue holds: none in a sentence, no cue there
    #: the words (lower-case letters) a match starts with, each with the words that can come
    #: next (None: any); None when a cue may start otherwise
    starts: dict[str, frozenset[str] | None] | None
    #: what each start word's cues need in a sentence (None when ``starts`` is None)
    triggers: Triggers | None
    _at_word: dict[str, _Choices] = field(default_factory=dict, compare=False, repr=False)
    _parts: dict[tuple[_Entry, ...], _Part] = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def heads(self) -> frozenset[str]:
        """Return the words a match can start with (empty when ``starts`` is None)."""
        return frozenset(self.starts or ())

    @cached_property
    def entries(self) -> tuple[_Entry, ...]:
        """Return the cues in the order ``pattern`` tries them: entries[i] is capture group i+1."""
        return tuple(e for group in self.groups for e in group)

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """Return every cue as one pattern (compiled on first use: most sentences are read with
        ``at_word`` alone)."""
        templates, *by_letter = self.groups
        # Grouping by first letter lets the engine skip most cues at each position.
        groups = "|".join(
            [f"(?:{'|'.join(f'({_cue_pattern(e.cue)})' for e in templates)})"] * bool(templates)
            + [
                f"(?={re.escape(group[0].cue[0])})"
                f"(?:{'|'.join(f'({_cue_pattern(e.cue)})' for e in group)})"
                for group in by_letter
            ]
        )
        return re.compile(rf"\b(?:{groups})\b", re.IGNORECASE)

    def at_word(self, word: str) -> _Choices:
        """Return the cues a match can be where ``word`` starts: the parts of templates that
        can open there, then the part of its plain cues, each part a pattern and its cues.

        A template is tried only in a part of the templates that open with the same word or
        {list} ("{vague} {authority-plural}", "{vague} of {owner} {public-plural}"), compiled
        once whatever word of the list a sentence holds (a part per start word compiled the
        {vague} templates again for "some", "many", "most", ...); a template that cannot start
        at ``word`` fails there at its first word. Of the parts' matches the one of the
        template ``pattern`` tries first is the match (``_first_template``). The plain cues
        starting at ``word`` are one part. Parts are compiled when a sentence first needs them.
        """
        found = self._at_word.get(word)
        if found is None:
            cues = [e for e in self.entries if word in (_start_words(e.cue) or ())]
            openings = dict.fromkeys(e.cue.split()[0] for e in cues if "{" in e.cue)
            templates = tuple(self._templates_opening(opening) for opening in openings)
            templates = tuple(sorted(templates, key=lambda part: self.rank[part[1][0]]))
            plain = tuple(e for e in cues if "{" not in e.cue)
            found = self._at_word[word] = (templates, self._part(plain) if plain else None)
        return found

    def _templates_opening(self, opening: str) -> _Part:
        """Return the part of every template whose first word (or {list}) is ``opening``."""
        return self._part(tuple(e for e in self.groups[0] if e.cue.split()[0] == opening))

    @cached_property
    def rank(self) -> dict[_Entry, int]:
        """Return each template's place in the order ``pattern`` tries them."""
        return {entry: rank for rank, entry in enumerate(self.groups[0])}

    def _part(self, cues: tuple[_Entry, ...]) -> _Part:
        part = self._parts.get(cues)
        if part is None:
            alternatives = "|".join(f"({_cue_pattern(e.cue)})" for e in cues)
            part = self._parts[cues] = (re.compile(rf"\b(?:{alternatives})\b", re.I), cues)
        return part


#: The lexicon file of each cue kind, and the two groups matched in one pass each.
LEXICONS = {
    "hedge": "hedges.tsv",
    "booster": "boosters.tsv",
    "causal": "causal.tsv",
    "advice": "advice.tsv",
    "population": "population.tsv",
    "weasel": "weasel.tsv",
    "peacock": "peacock.tsv",
    "approximator": "approximators.tsv",
}
CERTAINTY = ("hedge", "booster")
FRAMING = ("causal", "advice", "population")
#: Weasel words and peacock terms: a group of their own, since "some people" (weasel) and
#: "people" (population) must both be found.
ATTRIBUTION = ("weasel", "peacock")
#: Frequency and degree hedges ("often", "generally", "widely"): matched on their own so that
#: "widely" is found inside "is widely regarded" (a weasel), and kept out of the hedges, whose
#: annotation guidelines (BioScope, tests/fixtures/articles/GUIDELINES.md) exclude them.
APPROXIMATION = ("approximator",)


def find_cues(text: str, start: int, end: int) -> tuple[list[Cue], list[Cue]]:
    """Return the hedges and the boosters of the sentence ``text[start:end]``, in order."""
    return _certainty(_read(_lexicon(CERTAINTY), text, start, end, _Words(text, start, end)))


def find_framing(text: str, start: int, end: int) -> list[Cue]:
    """Return the framing cues of ``text[start:end]``: causal, advice, population, weasel,
    peacock and approximator, in order."""
    return _framing(text, start, end, _Words(text, start, end))


def find_all(text: str, start: int, end: int) -> tuple[list[Cue], list[Cue], list[Cue]]:
    """Return the hedges, the boosters and the framing cues of ``text[start:end]``: what
    ``find_cues`` and ``find_framing`` give, the sentence's words read once for both."""
    words = _Words(text, start, end)
    hedges, boosters = _certainty(_read(_lexicon(CERTAINTY), text, start, end, words))
    return hedges, boosters, _framing(text, start, end, words)


def _certainty(readings: list[_Read]) -> tuple[list[Cue], list[Cue]]:
    hedges: list[Cue] = []
    boosters: list[Cue] = []
    for cue, _, kept in readings:
        if kept:
            (hedges if cue.kind == "hedge" else boosters).append(cue)
    return hedges, boosters


@cache
def _framing_lexicons() -> tuple[_Lexicon, ...]:
    return tuple(_lexicon(kinds) for kinds in (FRAMING, ATTRIBUTION, APPROXIMATION))


def _framing(text: str, start: int, end: int, words: _Words) -> list[Cue]:
    found = [
        cue
        for lexicon in _framing_lexicons()
        for cue, _, kept in _read(lexicon, text, start, end, words)
        if kept
    ]
    found = revise_attribution(text, start, end, found, words.vocabulary, _structure_cue)
    return sorted(found, key=lambda c: c.start)


def _structure_cue(text: str, start: int, end: int, found: Found) -> Cue:
    """Return a structural weasel or peacock as a cue, negated as a lexicon cue would be."""
    window = text[max(start, found.start - _NEGATION_REACH) : found.start]
    negated = found.negated or _negation_pattern().search(window) is not None
    return Cue(
        " ".join(text[found.start : found.end].lower().split()),
        found.kind,
        text[found.start : found.end],
        found.start,
        found.end,
        negated,
        found.scope,
        found.category,
        found.rule,
    )


def read_cues(text: str, start: int, end: int, kinds: tuple[str, ...] = CERTAINTY) -> list[Reading]:
    """Return every lexicon match of ``kinds`` in ``text[start:end]`` with the rule that read it."""
    readings = _read(_lexicon(kinds), text, start, end, _Words(text, start, end))
    return [Reading(*reading) for reading in readings]


class _Words:
    """A sentence's words in lower case, found once for every lexicon read over it."""

    __slots__ = ("_needs", "_needs_found", "_negatable", "lowered", "plain", "vocabulary")

    def __init__(self, text: str, start: int, end: int) -> None:
        sentence = text[start:end]
        self.lowered = sentence.lower()
        #: the distinct words, for the set tests of every lexicon read over the sentence
        self.vocabulary = frozenset(_WORD.findall(self.lowered))
        #: no character that matches an ASCII letter but is none: offsets in ``lowered`` are
        #: those of the sentence, and its words those a case-insensitive pattern sees (an ASCII
        #: sentence, known without a scan, holds none)
        self.plain = sentence.isascii() or _FOLDS_TO_ASCII.search(sentence) is None
        self._needs: set[str] | None = None
        self._needs_found = False
        self._negatable: bool | None = None

    @property
    def needs(self) -> set[str] | None:
        """Return the strings sense rules need that the sentence holds (None: any may match),
        found once for every cue of the sentence: the text on either side of a cue holds no
        string the sentence does not."""
        if not self._needs_found:
            self._needs = _sense_finder().holds(self.lowered) if self.plain else None
            self._needs_found = True
        return self._needs

    @property
    def negatable(self) -> bool:
        """Tell whether a negation may stand in the sentence as a whole word: one of the words
        negations open with (``_negation_openers``), or "n't" (False only when neither is there
        and the words are those a case-insensitive pattern sees)."""
        if self._negatable is None:
            openers = _negation_openers()
            self._negatable = (
                not self.plain
                or openers is None
                or not openers.isdisjoint(self.vocabulary)
                or "n't" in self.lowered
                or "n’t" in self.lowered
            )
        return self._negatable


def _read(lexicon: _Lexicon, text: str, start: int, end: int, words: _Words) -> list[_Read]:
    # Most sentences hold no cue: a set test on their words saves running the big pattern.
    anchors = lexicon.anchors
    if anchors is not None and anchors.isdisjoint(words.vocabulary):
        return []
    readings = []
    for match, entry in _matches(lexicon, text, start, end, words):
        if entry.category == "not-a-cue" or _false_friend(text, match, entry, start, end):
            continue
        found = match.group()
        # A templated entry ("{vague} {authority}") is reported as the words it matched.
        name = " ".join(found.lower().split()) if "{" in entry.cue else entry.cue
        negated = _SLOT_NEGATION.search(found) is not None and " not" not in f" {entry.cue}"
        negated = negated or _negated_before(text, start, match.start(), words)
        rule = _sense_rule(entry, text, start, end, match, words) if _rules_for(entry) else None
        effect = rule.effect if rule else None
        scope = rule.value if rule and effect == "scope" else None
        category = None if entry.kind == "booster" else entry.category
        category = rule.value if rule and effect == "category" else category
        if negated and entry.kind == "causal" and effect != "sense":
            category = "no-relationship"  # "does not prevent", "was not linked to"
        template = entry.cue if "{" in entry.cue else None
        cue = Cue(
            name, entry.kind, found, match.start(), match.end(), negated, scope, category, template
        )
        readings.append((cue, rule.name if rule else None, effect != "sense"))
    return readings


def _negated_before(text: str, start: int, at: int, words: _Words) -> bool:
    """Tell whether a negation stands at most two words before offset ``at``: in the
    ``_NEGATION_REACH`` characters before it, within the sentence.

    A sentence that holds no negation as a word (``_Words.negatable``, most of them) is known
    without a search: a negation can then stand in the window only where the window's start
    cuts a word ("knot" read from its "not"), so it can match only at the window's start.
    """
    window_from = max(start, at - _NEGATION_REACH)
    window = text[window_from:at]
    if words.negatable:
        return _negation_pattern().search(window) is not None
    return window_from > start and _negation_pattern().match(window) is not None


def _matches(
    lexicon: _Lexicon, text: str, start: int, end: int, words: _Words
) -> Iterator[tuple[re.Match[str], _Entry]]:
    """Yield the matches of the lexicon's pattern in ``text[start:end]`` as ``finditer`` does,
    each with its cue.

    The cues are tried only at the words a match can start with: running the whole pattern at
    every position of every sentence cost more than the rest of the cue reading.
    """
    starts = lexicon.starts
    if starts is None or not words.plain:
        for match in lexicon.pattern.finditer(text, start, end):
            yield match, lexicon.entries[(match.lastindex or 1) - 1]
        return
    heads = lexicon.heads.intersection(words.vocabulary)
    if heads and lexicon.triggers is not None:
        heads = lexicon.triggers.possible(heads, words.vocabulary)
    if not heads:
        return
    lowered = words.lowered
    resume = start
    for offset, word in occurrences(lowered, heads):
        at, after = start + offset, starts[word]
        if at < resume or (
            after is not None and next_word(lowered, offset + len(word)) not in after
        ):
            continue
        templates, plain = lexicon.at_word(word)
        found = _first_template(lexicon, templates, text, at, end) if templates else None
        if found is None and plain is not None:
            pattern, cues = plain
            hit = pattern.match(text, at, end)
            found = None if hit is None else (hit, cues[(hit.lastindex or 1) - 1])
        if found is not None:
            resume = found[0].end()
            yield found


def _first_template(
    lexicon: _Lexicon, templates: tuple[_Part, ...], text: str, at: int, end: int
) -> tuple[re.Match[str], _Entry] | None:
    """Return the match at ``at`` of the template that the lexicon's order tries first, with
    it: each part gives its own first (the parts hold no template in common)."""
    found = None
    rank = lexicon.rank
    for pattern, cues in templates:  # by the place of their first template
        if found is not None and rank[found[1]] < rank[cues[0]]:
            break  # no template of this part or of those after comes first
        hit = pattern.match(text, at, end)
        if hit is not None:
            entry = cues[(hit.lastindex or 1) - 1]
            if found is None or rank[entry] < rank[found[1]]:
                found = hit, entry
    return found


def _context(text: str, start: int, end: int, match: re.Match[str]) -> tuple[str, str]:
    """Return the sentence before and after a match, each cut to ``_CONTEXT`` characters.

    The cut keeps the sense rules linear in the sentence's length (a 200,000-character sentence
    holding 20,000 cues must not cost 20,000 whole-sentence scans); a cut side starts (or ends)
    with a NUL so that ``^`` and ``$`` still mean the sentence's edges.
    """
    before_from = max(start, match.start() - _CONTEXT)
    after_to = min(end, match.end() + _CONTEXT)
    before = ("\0" if before_from > start else "") + text[before_from : match.start()]
    after = text[match.end() : after_to] + ("\0" if after_to < end else "")
    return before, after


def _sense_rule(
    entry: _Entry, text: str, start: int, end: int, match: re.Match[str], words: _Words
) -> SenseRule | None:
    """Return the first of a cue's rules (``_rules_for``) that reads this match, if any: a
    condition whose need the sentence lacks is known without its pattern (``_checks``), and
    the context is cut only when a pattern is run."""
    needs = words.needs
    present = None if needs is None else _rule_needs(entry).intersection(needs)
    sides = None
    for rule, checks in _checks(entry, present):
        if not checks:
            return rule
        if sides is None:
            sides = _context(text, start, end, match)
        for side, pattern, wanted in checks:
            if (pattern.search(sides[side]) is not None) is not wanted:
                break
        else:
            return rule
    return None


@cache
def _rule_needs(entry: _Entry) -> frozenset[str]:
    """Return every string a condition of the cue's rules needs."""
    return frozenset(
        s
        for rule in _rules_for(entry)
        for condition in (rule.before, rule.after)
        if condition is not None
        for s in condition[2] or ()
    )


#: A rule that may read a match, with the patterns still to run: (side, pattern, wanted), the
#: side 0 before the cue, 1 after it.
_Checks = tuple[tuple[SenseRule, tuple[tuple[int, _Pattern, bool], ...]], ...]


@lru_cache(maxsize=4096)  # bounded: a page may hold as many sets of strings as sentences
def _checks(entry: _Entry, present: frozenset[str] | None) -> _Checks:
    """Return the cue's rules, in order, that may read a match in a sentence holding
    ``present`` of their needed strings (None: any), each with the patterns still to run: a
    condition whose need is absent does not match there, so a rule that wants it is left out
    and one that wants it not to match has that condition met."""
    found = []
    for rule in _rules_for(entry):
        checks = []
        for side, condition in enumerate((rule.before, rule.after)):
            if condition is None:
                continue
            pattern, wanted, need = condition
            if need is not None and present is not None and need.isdisjoint(present):
                if wanted:
                    break
                continue
            checks.append((side, pattern, wanted))
        else:
            found.append((rule, tuple(checks)))
    return tuple(found)


@cache
def _sense_finder() -> Finder:
    """Return the finder of every string a sense rule's condition needs."""
    conditions = [c for r in sense_rules() for c in (r.before, r.after) if c is not None]
    return Finder({s for _, _, need in conditions for s in need or ()})


@cache
def _rules_for(entry: _Entry) -> tuple[SenseRule, ...]:
    """Return the sense rules that name this cue or its kind, in file order: most rules are
    about other cues, and a match need not read its context for them."""
    return tuple(
        r
        for r in sense_rules()
        if entry.kind in r.kinds and (r.cues is None or entry.cue in r.cues)
    )


@cache
def _word_lists() -> dict[str, tuple[str, ...]]:
    """Return the lists of ``lexicons/sense_words.tsv``: name -> regular-expression fragments."""
    lists: dict[str, list[str]] = defaultdict(list)
    for name, fragment in rows("sense_words.tsv"):
        lists[name].append(fragment)
    return {name: tuple(fragments) for name, fragments in lists.items()}


def _fill(pattern: str) -> str:
    """Replace each ``{list}`` of ``pattern`` by the alternation of that word list."""
    lists = _word_lists()
    return re.sub(
        r"\{([\w-]+)\}",
        lambda m: "(?:" + "|".join(f.replace(" ", r"[\s\-]+") for f in lists[m.group(1)]) + ")",
        pattern,
    )


@cache
def sense_rules() -> tuple[SenseRule, ...]:
    """Return the rules of ``lexicons/senses.tsv`` in file order, their {lists} filled in."""

    def condition(field: str) -> _Condition | None:
        if field == "-":
            return None
        pattern = _fill(field.lstrip("!"))
        wanted = not field.startswith("!")
        return _Pattern(pattern), wanted, needed(pattern, re.IGNORECASE)

    return tuple(
        SenseRule(
            name=name,
            kinds=frozenset(kinds.split(",")),
            effect=effect.partition(":")[0],
            value=effect.partition(":")[2] or None,
            cues=None if cues == "*" else frozenset(cues.split("|")),
            before=condition(before),
            after=condition(after),
        )
        for name, kinds, effect, cues, before, after in rows("senses.tsv")
    )


def _false_friend(text: str, match: re.Match[str], entry: _Entry, start: int, end: int) -> bool:
    """Tell whether a match is no cue: quoted as a phrase, the month May, "appear" as "occur"."""
    if _is_quoted(text, match.start(), match.end()):
        return True
    if entry.kind in _NAMEABLE and _in_proper_name(text, match, start, end):
        return True
    if entry.cue == "may":
        return _is_month(text, match, start, end)
    if entry.cue in _APPEAR:
        return _CLAUSE_END.match(text, match.end(), end) is not None
    if entry.cue in _SUGGEST:
        before = _ADVISER_BEFORE.search(text, max(start, match.start() - 30), match.start())
        return before is not None and _ADVICE_AFTER.match(text, match.end(), end) is not None
    return False


def _in_proper_name(text: str, match: re.Match[str], start: int, end: int) -> bool:
    """Tell whether a one-word cue is part of a name: capitalised inside a sentence that is not
    in title case, next to another capitalised word ("the Tomb of the Unknown Soldier", "the
    Great Western Railway", "Coomassie Brilliant Blue"). Reads ``_CONTEXT`` characters on each
    side, so that a long sentence of many cues costs linear time."""
    found = match.group()
    if " " in found or not found[:1].isupper():
        return False
    before = text[max(start, match.start() - _CONTEXT) : match.start()]
    if _WORD_BEFORE.search(before) is None:
        return False  # the sentence's first word
    words = _TITLE_WORDS.findall(
        text, max(start, match.start() - _CONTEXT), min(end, match.end() + _CONTEXT)
    )
    if sum(w[:1].isupper() for w in words) * 2 > len(words):
        return False  # a headline in title case: every word is capitalised
    after = _CAPITALISED_NEXT.match(text, match.end(), end)
    return after is not None or _CAPITALISED_LAST.search(before[-40:]) is not None


def _is_quoted(text: str, start: int, end: int) -> bool:
    """Tell whether the cue is mentioned in quotes ('the phrase "clinically proven"')."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    return before in _OPENING_QUOTES and after in _CLOSING_QUOTES


def _is_month(text: str, match: re.Match[str], start: int, end: int) -> bool:
    """Tell whether a "May" is the month: next to a day or a year, or after "in", "since"..."""
    if match.group() != "May":
        return False
    if _MONTH_AFTER.match(text, match.end(), end):
        return True
    before = text[max(start, match.start() - 12) : match.start()]
    return _MONTH_BEFORE.search(before) is not None


@cache
def _lexicon(kinds: tuple[str, ...]) -> _Lexicon:
    entries = [
        _Entry(r[0].lower(), kind, r[1])
        for kind in kinds
        for r in rows(LEXICONS[kind])
        if not r[0].startswith(STRUCTURE)  # a rule of claims/attribution.py, not a phrase
    ]
    entries.sort(key=lambda e: len(e.cue), reverse=True)
    by_letter: dict[str, list[_Entry]] = defaultdict(list)
    for entry in entries:
        # Templates ("{vague} {authority}") come first: they read longer than the plain cues
        # inside them ("some experts").
        by_letter["{" if "{" in entry.cue else entry.cue[0]].append(entry)
    # Of two templates, the one of more words is tried first ("{vague} of {owner} {public-plural}"
    # before "{vague} {authority-plural}").
    templates = sorted(by_letter.pop("{", []), key=lambda e: len(e.cue.split()), reverse=True)
    anchors: set[str] | None = set()
    for entry in entries:
        if entry.category != "not-a-cue" and anchors is not None:
            words = _anchor_words(entry.cue)
            anchors = None if words is None else anchors | words
    starts = _starts(entries)
    return _Lexicon(
        (tuple(templates), *map(tuple, by_letter.values())),
        None if anchors is None else frozenset(anchors),
        starts,
        None if starts is None else _triggers(entries, starts),
    )


@cache
def _start_words(cue: str) -> frozenset[str] | None:
    """Return the words (lower-case letters) a match of ``cue`` can start with, or None when
    it may start otherwise: its first word, each word of a {list} it opens with, and after an
    auxiliary that word glued to the "n" of "n't" ("isn't thought to")."""
    first = cue.split()[0]
    if "{" not in first:
        head = _WORD.match(cue)
        heads = {head.group()} if head and not _FOLDS_TO_ASCII.search(cue) else None
    elif (name := re.fullmatch(r"\{([\w-]+)\}", first)) is not None:
        fragments = _word_lists()[name.group(1)]
        plain = all(_PLAIN_FRAGMENT.fullmatch(f) and _WORD.match(f) for f in fragments)
        heads = {_WORD.findall(f)[0] for f in fragments} if plain else None
    else:
        heads = None
    if heads is None:
        return None
    if len(cue.split()) > 1 and (first in _AUXILIARIES or first == "{be}"):
        heads |= {head + "n" for head in heads}
    return frozenset(heads)


def _starts(entries: list[_Entry]) -> dict[str, frozenset[str] | None] | None:
    """Return the words a match can start with, each with the words that can follow it (None:
    any), or None when a cue may start otherwise (the pattern then runs at every position)."""
    follow: dict[str, set[str] | None] = {}
    for entry in entries:
        found = _follows(entry.cue)
        if found is None:
            return None
        for head, after in found.items():
            if after is None:
                follow[head] = None
            elif (known := follow.setdefault(head, set())) is not None:
                known |= after
    return {word: None if after is None else frozenset(after) for word, after in follow.items()}


def _follows(cue: str) -> dict[str, set[str] | None] | None:
    """Return the words a match of ``cue`` can start with (``_start_words``), each with the
    words (runs of letters a-z) that can come next in the match (None: any), or None when it
    may start otherwise: the next word of its first word (or of the fragment of its first
    {list} that matched), else the first word of what comes after it."""
    heads = _start_words(cue)
    if heads is None:
        return None
    first, *rest = cue.split()
    if first in _AUXILIARIES or first == "{be}":
        return dict.fromkeys(heads)  # a slot for any adverb after an auxiliary
    then = _first_words(rest[0]) if rest else None
    follows: dict[str, set[str] | None] = {}
    for fragment in _fragments(first) if first.startswith("{") else (first,):
        head, *others = _WORD.findall(fragment)
        after = _first_words(others[0]) if others else then
        if after is None:
            follows[head] = None
        elif (known := follows.setdefault(head, set())) is not None:
            known |= after
    return follows


def _fragments(element: str) -> tuple[str, ...]:
    """Return the fragments of the word list a template's ``{list}`` names."""
    return _word_lists()[element.strip("{}")]


def _first_words(element: str) -> set[str] | None:
    """Return the words (runs of letters a-z) a cue's word or {list} can open with, or None
    when that is not known (a word with no letter, a {list} of fragments that are no plain
    words); an auxiliary also glued to the "n" of "n't", which the slot after it lets in
    ("it isn't thought")."""
    if element.startswith("{"):
        fragments = _fragments(element)
        if not all(_PLAIN_FRAGMENT.fullmatch(f) and _WORD.match(f) for f in fragments):
            return None
        words = {_WORD.findall(f)[0] for f in fragments}
    else:
        runs = _WORD.findall(element)
        if not runs:
            return None
        words = {runs[0]}
    if element in _AUXILIARIES or element == "{be}":
        words |= {word + "n" for word in words}
    return words


def _triggers(entries: list[_Entry], starts: dict[str, frozenset[str] | None]) -> Triggers:
    """Return, for each word a match can start with, the anchor words (``_anchor_words``) of
    every cue that can start there."""
    needs: dict[str, set[str] | None] = {head: set() for head in starts}
    for entry in entries:
        anchors = _anchor_words(entry.cue)
        for head in _start_words(entry.cue) or ():
            need = needs[head]
            if need is not None:
                needs[head] = None if anchors is None else need | anchors
    return Triggers({h: None if n is None else frozenset(n) for h, n in needs.items()})


def _anchor_words(cue: str) -> set[str] | None:
    """Return words one of which any match of ``cue`` holds (None: no such set is known).

    Of the cue's literal words and the lists of plain words it names, the choice whose
    shortest word is longest: rare words let more sentences skip the pattern ("said" and
    "claimed" rather than "it" for "it {be} {opinion-past}").
    """
    literal = _WORD.findall(re.sub(r"\{[\w-]+\}", " ", cue))
    # the literal word that is least common: not a function word, the longest, the latest
    choices = (
        [{max(reversed(literal), key=lambda w: (w not in _COMMON, len(w)))}] if literal else []
    )
    for name in re.findall(r"\{([\w-]+)\}", cue):
        fragments = _word_lists()[name]
        if all(_PLAIN_FRAGMENT.fullmatch(f) for f in fragments):
            choices.append({max(_WORD.findall(f), key=len) for f in fragments})
    return max(choices, key=lambda words: min(map(len, words))) if choices else None


def _cue_pattern(cue: str) -> str:
    words = cue.split()
    parts = [_fill(w) if "{" in w else re.escape(w).replace("'", "['’]") for w in words]
    for i, word in enumerate(words[:-1]):  # "it is therefore possible", "is not thought to"
        if word in _AUXILIARIES or word == "{be}":
            parts[i] += _SLOT
    return r"[\s\-]+".join(parts)


@cache
def _negation_pattern() -> re.Pattern[str]:
    """Return the pattern of a negation at most two words before the end of a text."""
    cues = [r[0] for r in rows("negations.txt") if r[0] != "n't"]
    alternatives = "|".join(r"[\s\-]+".join(map(re.escape, c.split())) for c in cues)
    return re.compile(rf"(?:\b(?:{alternatives})|n['’]t)(?:\s+[\w\-]+){{0,2}}\s+$", re.IGNORECASE)


@cache
def _negation_openers() -> frozenset[str] | None:
    """Return the words (lower-case letters) the negations other than "n't" open with, or
    None when one opens otherwise. The pattern reads each after a word boundary and before a
    space or a hyphen, so where it matches, that word is a whole word of the sentence."""
    openers = {r[0].split()[0].lower() for r in rows("negations.txt") if r[0] != "n't"}
    return frozenset(openers) if all(_WORD.fullmatch(w) for w in openers) else None
