"""What an uncited claim's subject points back to: the sources of the sentence before it, or
the paper's own findings earlier in its paragraph.

Policy (session 11):

- **inherited.** An uncited claim whose subject points back ("These studies show that",
  "Both trials found", "Such reports suggest", "Together these surveys indicate", "These
  lines of evidence suggest", "This suggests", "This means that", "They found") right after
  a sentence of the same paragraph that cites, rests on that sentence's sources: it inherits
  them and is graded by them, marked as inherited (it has no marker of its own). In any
  text: it is the article's own citation, not an exemption. With no citation in the sentence
  before, it stays unsupported.
- **own evidence.** In a paper, an uncited claim whose subject is evidence and whose verb says
  what that evidence shows ("This provides strong evidence that", "The survival of ... in the
  two western parishes, confirms that", "In vivo studies of ... proved that", "This important
  result is consistent with") carries on the paper's report of its own work when an earlier
  sentence of its paragraph is one of its own findings and no sentence between cites a source.
  Not when the subject names someone else's work or the field's ("earlier surveys", "previous
  studies", "their data", "research", "scientists"), nor with a perfect tense ("have shown":
  what the literature has shown).
- **own things.** In a paper, right after an uncited sentence in which "we" make a thing
  ("Here we describe a soil-core survey", "We assess ... by estimating a ... model", "we have
  developed ... assays"), an uncited claim whose subject names that thing again with a
  pointer ("This model allows for ...", "Most of these cores were taken ...", "Importantly, the
  assays can be used ...") is the paper's own. The verbs and things are ``cues/own_things.txt``:
  a thing the paper only used ("We used the Ellenberg index. This index is widely used ...") or
  a noun it did not make ("We sampled violets. These violets are declining ...") stays
  background. So, anywhere in a paper, is an uncited claim whose subject opens on a name the
  paper gave what it made ("This method, which we call SIBZ, ..." or "We present the SIBZ
  algorithm", then "SIBZ also identifies ...").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from itertools import pairwise

from claims.model import Sentence
from sources.cue_files import alternatives, named_rows, words

#: The words of the subjects below (``cues/subjects.tsv``).
_WORDS = "subjects.tsv"
#: A connective that may open the sentence: "Together, these ...", "Thus this ...".
_OPENING = r"(?:(?:" + alternatives(_WORDS, "opening") + r"),?\s+)?"
#: What a cited sentence names as evidence: the noun an anaphoric subject repeats.
_EVIDENCE_NOUNS = "(?:" + alternatives(_WORDS, "evidence-noun") + ")"
#: Up to three words between a pointer and its noun ("these two large trials"), none a verb.
_BETWEEN = (
    r"(?:\s+(?!(?:is|are|was|were|be|been|has|have|had|may|might|can|could|would|should|will|"
    r"must|do|does|did|not|that|which|because|and|but|or)\b)[\w-]+){0,3}?"
)
#: A subject that points back: "these studies", "both of the trials", "such reports", "this",
#: "they".
_POINTER = (
    r"(?:(?:these|those|such|both(?: of (?:these|those|the))?|each of (?:these|those|the)|"
    r"all (?:of )?(?:these|those|the)|the (?:two|three|four|five|six|same|above|former|latter)|"
    r"this|that)" + _BETWEEN + r"\s+" + _EVIDENCE_NOUNS + r"|this|they)"
)
#: The verb that reports what evidence shows (present or simple past).
_SHOWS = "(?:" + alternatives(_WORDS, "shows") + ")"
#: Adverbs that may stand between a subject and its verb ("these studies also show").
_ADVERB_WORDS = frozenset(words(_WORDS, "adverb"))
_ADVERBS = r"(?:(?:" + "|".join(sorted(_ADVERB_WORDS)) + r")\s+)*"
#: "These studies show ...", "Both trials have found ...": a pointer, then the reporting verb.
_POINTING_BACK = re.compile(
    r"^"
    + _OPENING
    + _POINTER
    + r",?\s+"
    + _ADVERBS
    + r"(?:(?:have|has|had)\s+"
    + _ADVERBS
    + r")?"
    + _SHOWS
    + r"\b",
    re.IGNORECASE,
)
#: "... confirms that", "... provides strong evidence that", "... point to", "... agree with",
#: "... is consistent with": what own evidence shows.
_EVIDENCE_THAT = re.compile(
    r"\b(?:" + _SHOWS + r"\s+that|points? to|pointed to|agree(?:s|d)? with|match(?:es|ed)?|"
    r"reproduc(?:e|es|ed)|(?:is|are|was|were) (?:also |thus |therefore )?(?:consistent|"
    r"in (?:good |close )?agreement|in line) with)\b",
    re.IGNORECASE,
)

#: A subject that names someone else's work or the field's: never the paper's own evidence.
_OTHERS = re.compile(r"\b(?:" + alternatives(_WORDS, "others") + r")\b", re.IGNORECASE)
#: A subject that is only a generic appeal: "Research confirms that", "Studies show that".
_GENERIC = re.compile("(?:" + alternatives(_WORDS, "generic") + ")", re.IGNORECASE)
#: Words a subject does not hold: a clause boundary or a finite verb of its own.
_CLAUSE = re.compile(
    r"\b(?:that|which|who|whom|whose|whereas|while|although|though|because|since|if|when|but|"
    r"is|are|was|were|has|have|had|may|might|can|could|would|should|will|must)\b|[;:]",
    re.IGNORECASE,
)
#: Subjects longer than this are no noun phrase but a clause the pattern misread.
_MAX_SUBJECT_WORDS = 30


def points_back(text: str) -> str | None:
    """Return the words by which a sentence points back to the sources just cited: its subject
    and reporting verb ("These studies show", "Both trials found", "This suggests"), or None."""
    match = _POINTING_BACK.match(text.strip())
    return match.group(0) if match else None


def own_evidence_subject(text: str) -> str | None:
    """Return the subject of a sentence that says what some evidence shows ("This provides
    strong evidence that", "The survival of ... , confirms that"), when that subject could be
    the paper's own evidence (not someone else's, not the field's, not a perfect tense)."""
    match = _EVIDENCE_THAT.search(text)
    if match is None:
        return None
    words = text[: match.start()].split()
    while words and words[-1].lower() in _ADVERB_WORDS:
        words.pop()
    subject = re.sub(r"^" + _OPENING, "", " ".join(words).rstrip(","), flags=re.IGNORECASE)
    words = subject.split()
    if not words or len(words) > _MAX_SUBJECT_WORDS:
        return None
    if _OTHERS.search(subject) or _CLAUSE.search(subject) or _GENERIC.fullmatch(subject):
        return None
    return subject


def inherited_citations(
    runs: list[list[Sentence]], uncited: set[str]
) -> Iterator[tuple[Sentence, Sentence, tuple[str, ...]]]:
    """Yield (claim, the sentence it points back to, the keys it inherits) for each uncited
    claim (``uncited``: their ids) whose subject points back to the sources the sentence before
    it in its paragraph cites, or inherits ("They also found ..." after "These studies show")."""
    for run in runs:
        inherited: dict[str, tuple[str, ...]] = {}
        for previous, sentence in pairwise(run):
            keys = previous.keys or inherited.get(previous.id, ())
            if keys and sentence.id in uncited and points_back(sentence.text):
                inherited[sentence.id] = keys
                yield sentence, previous, keys


def own_evidence(
    runs: list[list[Sentence]], own: set[str], cited: set[str], uncited: set[str]
) -> Iterator[tuple[Sentence, Sentence, str]]:
    """Yield (claim, the own finding it carries on from, its subject) for each uncited claim
    whose subject is the paper's own evidence, after an own finding of its paragraph (``own``)
    with no sentence between that cites or inherits a citation (``cited``)."""
    for run in runs:
        last_own: Sentence | None = None
        for sentence in run:
            if sentence.keys or sentence.id in cited:
                last_own = None
            elif sentence.id in own:
                last_own = sentence
            elif (
                last_own is not None
                and sentence.id in uncited
                and (subject := own_evidence_subject(sentence.text)) is not None
            ):
                yield sentence, last_own, subject
                last_own = sentence


#: "we", then within the clause a verb that makes a thing ("we have developed", "by estimating").
_WE = r"\bwe\b[^.;:]*?\b(?:"
#: A subject that names a thing again: "This model", "Most of these cores", "Importantly, the
#: assays": a pointer, up to two modifiers, then the noun (group "noun").
_THING_SUBJECT = (
    r"^" + _OPENING + r"(?:(?:the )?(?:majority|most|all|each|some|many|several|half|one|both)"
    r" of )?(?:this|these|the|such)(?:\s+(?!(?:is|are|was|were|can|may|will|could|would|has|"
    r"have|had)\b)[\w-]+){0,2}?\s+(?P<noun>(?:THINGS)(?:s|es)?)\b"
)


#: A subordinator that may open a clause on the name ("Although SIBZ is effective, it ...").
_SUBORDINATOR = r"(?:(?:" + alternatives(_WORDS, "subordinator") + r"),?\s+)?"

#: A name a paper gives what it made: a word of capitals or digits ("SIBZ", "ZOIB", "DeepLoc2").
#: Its second capital or digit is the first after lowercase letters: one way to split a run.
_NAME = r"(?P<name>(?-i:[A-Z][a-z-]*[A-Z0-9][\w-]*))"


@cache
def _naming() -> tuple[re.Pattern[str], ...]:
    """Return the patterns of a sentence naming what the paper made (``cues/own_things.txt``)."""
    return tuple(
        re.compile(regex.replace(" ", r"\s+").replace("NAME", _NAME), re.IGNORECASE)
        for regex in named_rows("own_things.txt")["name"]
    )


def own_names(sentences: Iterable[Sentence]) -> dict[str, Sentence]:
    """Return the names a paper gives what it made ("which we call SIBZ"), each with the first
    uncited sentence that names it."""
    found: dict[str, Sentence] = {}
    for sentence in sentences:
        if not sentence.keys:
            for pattern in _naming():
                for match in pattern.finditer(sentence.text):
                    found.setdefault(match.group("name"), sentence)
    return found


def own_name_subject(text: str, names: dict[str, Sentence]) -> str | None:
    """Return the subject by which a sentence opens on a name the paper gave what it made
    ("SIBZ also identifies ...", "However, the SIBZ algorithm ...", "Although SIBZ is
    effective, it ..."), or None."""
    opening = re.match(_OPENING + _SUBORDINATOR + r"(?:the )?", text.strip(), re.IGNORECASE)
    rest = text.strip()[opening.end() if opening else 0 :]
    word = re.match(r"[\w-]+", rest)
    if word is None or word.group(0) not in names:
        return None
    return text.strip()[: (opening.end() if opening else 0) + word.end()]


@cache
def _own_things() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Return the making sentence's pattern and the subject's pattern (``cues/own_things.txt``)."""
    verbs = alternatives("own_things.txt", "verb")
    things = alternatives("own_things.txt", "thing")
    making = re.compile(_WE + verbs + r")\b", re.IGNORECASE)
    return making, re.compile(_THING_SUBJECT.replace("THINGS", things), re.IGNORECASE)


def own_thing_subject(making: str, text: str) -> str | None:
    """Return the subject by which a sentence names again a thing the sentence before it
    (``making``) says the paper made ("This model" after "we ... by estimating a ... model"),
    or None."""
    verb, subject = _own_things()
    made = verb.search(making)
    found = subject.match(text.strip())
    if made is None or found is None:
        return None
    noun = found.group("noun").lower()
    forms = {noun, noun.removesuffix("s"), noun.removesuffix("es")}
    # the noun stands after the verb, alone or as a word's end ("mycobacteriophage genomes")
    after = making[made.end() :].lower()
    if not any(re.search(r"\w*" + re.escape(form) + r"(?:e?s)?\b", after) for form in forms):
        return None
    return found.group(0)


def own_things(
    runs: list[list[Sentence]], uncited: set[str]
) -> Iterator[tuple[Sentence, Sentence, str]]:
    """Yield (claim, the sentence that makes the thing, its subject) for each uncited claim
    (``uncited``: their ids) that names again, right after it in its paragraph, a thing an
    uncited sentence says the paper made."""
    for run in runs:
        for previous, sentence in pairwise(run):
            if previous.keys or sentence.id not in uncited:
                continue
            if (subject := own_thing_subject(previous.text, sentence.text)) is not None:
                yield sentence, previous, subject
