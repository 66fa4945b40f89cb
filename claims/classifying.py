"""Sentence kinds: claim, heading, question, boilerplate, disclaimer, reference, caption, other...

Cheap rules in a fixed order. The block a sentence comes from decides first (a reference entry
is a reference, page furniture is boilerplate; a declarative sentence is never a byline); then a
final "?" makes a question (not a question a statement quotes) and a heading block a heading. In
running text (paragraphs, list items, table cells) a sentence is a claim unless it is plainly
something else: a phrase of ``lexicons/nonclaims.tsv`` (disclaimers, bylines, transitions,
advice), advice in the imperative (``lexicons/imperatives.txt``), a lead-in ending with a colon,
or a short fragment without a citation marker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import ahocorasick

from .blocktext import ABBREVIATIONS
from .furniture import is_furniture
from .lexicon import rows, words

_BY_BLOCK = {
    "furniture": "boilerplate",
    "byline": "byline",
    "disclaimer": "disclaimer",
    "reference": "reference",
    "caption": "caption",
    "code": "other",
}
_HEADINGS = frozenset(("title", "heading"))
_FURNITURE = frozenset(("boilerplate", "byline", "disclaimer"))
_RUNNING = frozenset(("paragraph", "item"))
_QUESTION = re.compile(r"\?[\s\"'”’)\]*_]*$")
_LEAD_IN = re.compile(r":[\s*_]*$")
# A statement that ends on a question it reports or names: 'The patients asked, "Is it safe?"',
# 'Her talk was titled "Can diet prevent dementia?"'; not a question that quotes a word at its
# end ('Is the product really "natural?"'): the words before the quotation open no question.
_REPORTED_QUESTION = re.compile(
    r"^(?!\W*(?:is|are|was|were|do|does|did|can|could|will|would|should|shall|may|might|must|"
    r"has|have|had|isn['’]t|aren['’]t|don['’]t|doesn['’]t|didn['’]t|won['’]t|can['’]t|who|what|"
    r"when|where|why|how|which|whose)\b)"
    r"(?=[^\"“?]*\w)[^\"“?]*+[\"“][^\"”]*\?[\"”][\s)\]*_]*$",  # one pass over the words
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_NOT_IMPERATIVE_NEXT = frozenset(
    ("of", "is", "are", "was", "were", "has", "have", "can", "may", "will", "and", "or", "in")
)
#: The German polite imperative: a verb in "-en" first, then "Sie" ("Füttern Sie keine Milch",
#: "Achten Sie auf ..."); a question of that shape ends with "?" and is told apart before.
_SIE_IMPERATIVE = re.compile(r"[A-ZÄÖÜ][a-zäöüß]+(?:en|ern|eln) Sie\b")
_CONDITION = re.compile(
    r"^(?:if|when|whenever|before|after|while|once|until)\b[^,;]{0,160},\s*", re.I
)
_FRAGMENT_WORDS = 3
_SHORT_LINE_WORDS = 8
_BYLINE_WORDS = 25  # more words than any byline: a sentence the reader took for one
# The lower-case words of bylines ("Written by Sarah Jones, health reporter, and reviewed by our
# medical team."): a sentence with more than a few other lower-case words is a statement.
_BYLINE_VOCABULARY = frozenset((
    "by", "and", "with", "of", "the", "a", "an", "for", "at", "on", "in", "from", "our", "your",
    "reviewed", "medically", "written", "updated", "published", "edited", "fact-checked",
    "last", "posted", "staff", "reporter", "reporters", "correspondent", "correspondents",
    "editor", "editors", "writer", "writers", "journalist", "journalists", "contributor",
    "contributors", "columnist", "team", "health", "science", "senior", "chief", "news", "desk",
    "photos", "photography", "illustrations", "min", "mins", "minutes", "read", "ago", "am",
    "pm", "words", "translated", "additional", "reporting", "medical", "paper's",
))  # fmt: skip
_STATEMENT_WORDS = 4  # lower-case words outside that vocabulary that make a statement
# A byline whose names are followed by a clause about the writer is still a byline ("By Maria
# Lopez, who has covered health since 2010.", "Written by Dr Sam Reed, a GP in Leeds."): a
# full name of two or more capitalised words right after "by", a comma, then "who"/"whose" or
# a role. "By Easter, a bridge will open" and "Published by Penguin in 1990, the novel" are not.
_NAME = (
    r"(?-i:(?:(?:Dr|Prof|Professor|Mr|Mrs|Ms)\.?\s+)?"
    r"[A-Z][\w'’-]+(?:\s+(?:[A-Z]\.\s*)*[A-Z][\w'’-]+)+)"
)
_ROLE = (
    r"reporter|correspondent|editor|writer|journalist|contributor|columnist|author|freelancer|"
    r"gp|doctor|nurse|professor|lecturer|researcher|dietitian|dietician|nutritionist|pharmacist|"
    r"physician|specialist|consultant|surgeon|psychologist|scientist|epidemiologist|physiotherapist"
)
_BYLINE_CLAUSE = re.compile(
    rf"^[*_]*(?:(?:medically\s+)?reviewed\s+|fact[- ]checked\s+|written\s+|edited\s+)?by\s+"
    rf"{_NAME}(?:\s*(?:,\s*)?(?:and|&)\s+{_NAME})?,\s+(?:who|whose|(?:a|an|the|our|his|her|"
    rf"their)\s+(?:[\w'’-]+\s+){{0,3}}?(?:{_ROLE})s?)\b",
    re.IGNORECASE,
)
# Finite verbs that make a short line a statement ("It is not.") rather than a label.
_VERBS = frozenset((
    "is", "are", "was", "were", "be", "been", "has", "have", "had", "can", "could", "may",
    "might", "will", "would", "does", "do", "did", "isn't", "aren't", "wasn't", "doesn't",
))  # fmt: skip
_EMPHASISED = re.compile(r"([*_]{1,2})[^*_\n]+\1")
_FINAL_STOP = re.compile(r"[.!…][\s\"'”’)\]*_]*$")
# A table cell that only names a study ("Lowe et al.", "Lee & Park, 2021") labels its row.
# The lookbehind starts a match only where a run starts: searching "[...]*$" from every
# character of a long run that does not reach the end would be quadratic.
_TRAILING_KEYS = re.compile(r"(?<![\s\[\]()\d,;–-])[\s\[\]()\d,;–-]*$")
_STUDY_LABEL = re.compile(
    r"[A-Z][\w'’-]++(?:\s+et\s+al\.?|\s+(?:and|&)\s+[A-Z][\w'’-]+)?(?:,?\s+(?:19|20)\d\d[a-z]?)?\W*"
)


@dataclass(frozen=True)
class _Rule:
    kind: str
    pattern: re.Pattern[str]


def nonclaim_triggers(cell: str) -> tuple[str, ...]:
    """Return the triggers of a ``nonclaims.tsv`` cell: comma-separated, each stripped, save one
    in double quotes, which keeps the spaces at its edges (``"by "``: "by" before a space)."""
    return tuple(
        trigger[1:-1] if len(trigger) > 1 and trigger[0] == trigger[-1] == '"' else trigger
        for trigger in (part.strip() for part in cell.split(","))
    )


@cache
def _nonclaims() -> tuple[tuple[_Rule, ...], ahocorasick.Automaton, tuple[int, ...]]:
    """Return the rules of ``nonclaims.tsv``, an automaton that finds every trigger of a text
    in one pass (each trigger's value: the rules it gates), and the rules an empty trigger
    gates (tried for every text)."""
    rules: list[_Rule] = []
    gated: dict[str, list[int]] = {}
    for number, (kind, triggers, pattern) in enumerate(rows("nonclaims.tsv")):
        rules.append(_Rule(kind, re.compile(pattern, re.IGNORECASE)))
        for trigger in nonclaim_triggers(triggers):
            gated.setdefault(trigger, []).append(number)
    automaton = ahocorasick.Automaton()
    for trigger, numbers in gated.items():
        if trigger:
            automaton.add_word(trigger, tuple(numbers))
    automaton.make_automaton()
    return tuple(rules), automaton, tuple(gated.get("", ()))


def _nonclaim_kind(text: str) -> str | None:
    """Return the kind a row of ``nonclaims.tsv`` gives ``text``, or None when none applies.

    A rule is tried only when one of its triggers is in the lower-cased text: the triggers are
    found in one pass of an Aho-Corasick automaton rather than a substring test each.
    """
    rules, automaton, always = _nonclaims()
    candidates = set(always)
    for _, numbers in automaton.iter(text.lower()):
        candidates.update(numbers)
    for number in sorted(candidates):
        if rules[number].pattern.search(text):
            return rules[number].kind
    return None


@cache
def _profile_headings() -> re.Pattern[str]:
    patterns = "|".join(f"(?:{row[0]})" for row in rows("profile_headings.txt"))
    return re.compile(rf"[*_#\s]*(?:{patterns})[\s.:*_]*", re.IGNORECASE)


def opens_profile_section(heading: str) -> bool:
    """Tell whether a heading opens a section about the publisher ("About the University of X").

    Its paragraphs and items are boilerplate (``lexicons/profile_headings.txt``).
    """
    return _profile_headings().fullmatch(heading) is not None


@cache
def _imperatives() -> frozenset[str]:
    return words("imperatives.txt")


def classify(block_kind: str, text: str, *, cited: bool = False, body_start: int = 0) -> str:
    """Return the kind of a sentence ``text`` from a block of ``block_kind``.

    ``cited`` says whether the sentence holds citation markers; ``body_start`` is where the
    sentence proper begins after a bullet's "Label:" prefix (0 when there is none).
    """
    if block_kind == "reference":
        return "reference"  # a bare number is an entry too: "1" in a list of references
    if not _WORD.search(text):
        if cited and _DIGIT.search(text):
            return "claim"  # a cited figure: a cell "35–60 (Lee 2012)"
        return "boilerplate"  # a separator or an end mark ("###", "* * *")
    if block_kind == "byline" and _nonclaim_kind(text) == "boilerplate":
        return "boilerplate"  # a date line with no name in it ("Last updated: 2 May 2025")
    if block_kind == "byline" and _is_declarative(text):
        block_kind = "paragraph"  # a dateline opening a story ("LONDON, UK — Adults who ...")
    if block_kind in _BY_BLOCK:
        return _BY_BLOCK[block_kind]
    furniture = _nonclaim_kind(text)  # "Was this helpful?", "FOR IMMEDIATE RELEASE" as a title
    if furniture is None and _BYLINE_CLAUSE.match(text):
        furniture = "byline"  # "By Tom Hale and Ann Bell, whose reporting won two awards."
    if furniture is None and block_kind in _RUNNING and is_furniture(text):
        furniture = "boilerplate"  # a notice run into a paragraph: "This document is subject ..."
    if furniture == "byline" and _is_declarative(text):
        furniture = None  # "Written by hand, the letters may have been copied later."
    if furniture in _FURNITURE:
        return furniture
    if block_kind == "title":
        return "heading"  # a question as the title names the article rather than asks
    if _QUESTION.search(text) and not _REPORTED_QUESTION.search(text):
        return "question"
    if block_kind in _HEADINGS:
        return "heading"
    return _running_text_kind(block_kind, text, cited, body_start, furniture)


def _running_text_kind(
    block_kind: str, text: str, cited: bool, body_start: int, kind: str | None
) -> str:
    if kind is not None:
        return kind
    body = text[body_start:].lstrip(" *_\"'“‘(")
    condition = _CONDITION.match(body)
    if _is_imperative(body) or (condition and _is_imperative(body[condition.end() :], True)):
        return "other"
    if _SIE_IMPERATIVE.match(body):  # "Füttern Sie keine Milch": advice, as in English
        return "other"
    if cited:
        return "other" if block_kind == "cell" and _names_a_study(body) else "claim"
    if _LEAD_IN.search(text):
        return "other"
    if _is_fragment(block_kind, text):
        # An italic line without a full stop under a title is a kicker or standfirst.
        tagline = block_kind == "paragraph" and _EMPHASISED.fullmatch(text) is not None
        return "boilerplate" if tagline else "other"
    return "claim"


def has_auxiliary(text: str) -> bool:
    """Tell whether ``text`` holds a finite auxiliary ("is", "was", "can"...), as statements do."""
    return not _VERBS.isdisjoint(w.lower() for w in _WORD.findall(text))


def _is_declarative(text: str) -> bool:
    """Tell whether a line that opens like a byline is a statement rather than one: prose or a
    declarative sentence, unless it only names its writers and says who they are."""
    return (_is_prose(text) or _is_statement(text)) and _BYLINE_CLAUSE.match(text) is None


def _is_prose(text: str) -> bool:
    """Tell whether ``text`` is a full sentence of prose: many words and a final full stop."""
    return len(_WORD.findall(text)) > _BYLINE_WORDS and _FINAL_STOP.search(text) is not None


def _is_statement(text: str) -> bool:
    """Tell whether ``text`` is a declarative sentence, which no byline is: a full stop at its
    end, and a finite verb after its opening words ("Thus, GATA-3 may play a role.") or more
    lower-case words than a byline's names, roles and dates hold ("By contrast, the mutant
    strain grew normally.", "Reviewed by a panel of nurses, the leaflet explains ...")."""
    if _FINAL_STOP.search(text) is None:
        return False
    found = _WORD.findall(text, 0, 400)
    lowered = [w.lower() for w in found]
    if len(found) >= _SHORT_LINE_WORDS and not _VERBS.isdisjoint(lowered[1:]):
        return True
    prose = [w for w in found if w.islower() and w not in _BYLINE_VOCABULARY]
    return len(prose) >= _STATEMENT_WORDS


def _names_a_study(text: str) -> bool:
    """Tell whether a table cell only names a study (its keys aside): "Lowe et al. [12]"."""
    return _STUDY_LABEL.fullmatch(_TRAILING_KEYS.sub("", text)) is not None


def _is_fragment(block_kind: str, text: str) -> bool:
    """Tell whether uncited ``text`` is a label or a fragment: few words, or no full stop."""
    if block_kind == "fact":
        return False  # a box of key facts states them without verbs: "Vaccine: none yet"
    found = _WORD.findall(text, 0, 120)
    if len(found) < _FRAGMENT_WORDS:
        # "It is not." asserts; "Strengths." and "Not necessarily." do not.
        return not (_FINAL_STOP.search(text) and _VERBS.intersection(w.lower() for w in found))
    stop = _FINAL_STOP.search(text) and not (block_kind == "cell" and _ends_abbreviation(text))
    if stop or _REPORTED_QUESTION.search(text):
        return False  # a sentence, or one that ends on a question it reports
    # A label or a tagline, unless it has a verb ("Crystallised ginger: though it is high...").
    has_verb = bool(_VERBS.intersection(w.lower() for w in found))
    if block_kind in ("cell", "item"):
        return not has_verb
    return len(found) <= _SHORT_LINE_WORDS or not has_verb


def _ends_abbreviation(text: str) -> bool:
    """Tell whether ``text`` ends on an abbreviation's full stop ("... New Mexico, U.S.", "J. A.
    Allen & Co."): an infobox or table cell's value, no sentence's end."""
    last = text.rstrip().rsplit(maxsplit=1)[-1].rstrip(".").lower()
    return last in ABBREVIATIONS


def _is_imperative(text: str, after_condition: bool = False) -> bool:
    """Tell whether ``text`` opens with an imperative verb ("Talk to your doctor")."""
    found = _WORD.findall(text, 0, 40)
    if not found or not (after_condition or found[0][0].isupper()):
        return False
    first = found[0].lower().replace("’", "'")
    if first not in _imperatives():
        return False
    return len(found) < 2 or found[1].lower() not in _NOT_IMPERATIVE_NEXT
