"""What an uncited claim's subject points back to: the sources of the sentence before it, or
the paper's own findings earlier in its paragraph.

Policy (session 11):

- **inherited.** An uncited claim whose subject points back ("These studies show that", "Both
  trials found", "Such reports suggest", "Together these surveys indicate", "These lines of
  evidence suggest", "This suggests", "This means that", "They found") right after a sentence of
  the same paragraph that cites, rests on that sentence's sources: it inherits them and is
  graded by them, marked as inherited (it has no marker of its own). In any text: it is the
  article's own citation, not an exemption. So does one that opens on what a pointer names
  ("According to this model, ...") or rests on the sentence before ("On this basis, it was
  suggested that ..."), or whose subject takes up what that sentence names ("... a lattice of
  patches [3]. Its patches are ...", "... a gene signature [21]. Such a signature was ..."). A
  pointer with a noun ("this model", "these trials") reaches up to three sentences back, over
  uncited sentences not in the first person, to a sentence that cites and names that noun ("...
  a two-stage nucleation model [39]. Rafts ... . According to this model, ..."). Otherwise, with
  no citation in the sentence before, it stays unsupported.
- **own evidence.** In a paper, an uncited claim whose subject is evidence and whose verb says
  what that evidence shows ("This provides strong evidence that", "The survival of ... in the
  two western parishes, confirms that", "In vivo studies of ... proved that", "This important
  result is consistent with") carries on the paper's report of its own work when an earlier
  sentence of its paragraph is one of its own findings and no sentence between cites a source.
  Not when the subject names someone else's work or the field's ("earlier surveys", "previous
  studies", "their data", "research", "scientists"), nor with a perfect tense ("have shown":
  what the literature has shown). So does a bare "It" doing something right after an own
  finding that names the paper's own work ("Our study reveals ... It also provides a workflow
  ..."; not "It is known that").
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
_BETWEEN = r"(?:\s+(?!(?:" + alternatives(_WORDS, "not-between") + r")\b)[\w-]+){0,3}?"
#: A subject that points back: "these studies", "both of the trials", "such reports", "this",
#: "they".
_POINTER = (
    r"(?:(?:"
    + alternatives(_WORDS, "pointer")
    + r")"
    + _BETWEEN
    + r"\s+(?P<noun>"
    + _EVIDENCE_NOUNS
    + r")|"
    + alternatives(_WORDS, "bare-pointer")
    + r")"
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
#: "According to this model, ...", "According to these data, ...": an opener that rests the
#: claim on the thing its pointer names (a noun, not a bare "this").
_ACCORDING = re.compile(
    r"^\W*(?:"
    + alternatives(_WORDS, "according")
    + r")\s+(?:these|those|such|this|that|the (?:same|above|former|latter))"
    + _BETWEEN
    + r"\s+(?P<noun>"
    + _EVIDENCE_NOUNS
    + r")\b",
    re.IGNORECASE,
)
#: "On this basis, it has been proposed that ...": an opener that rests the claim on the sentence
#: before (a bare pointer: it reaches no further back).
_RESTING = re.compile(r"^\W*(?:" + alternatives(_WORDS, "resting") + r"),?\s", re.IGNORECASE)
#: "Its patches are ...", "Such a signature was ...", "These trials were ...": a subject that
#: takes up a thing just named (a possessive, "such" or a demonstrative) and its noun.
_POSSESSIVE = re.compile(
    r"^" + _OPENING + r"(?:its|their|such an?|such|this|these|those)\s+(?:[\w-]+\s+){0,2}?"
    r"(?P<noun>[a-z][\w-]{3,})\s+"
    r"(?:is|are|was|were|has|have|had|can|may|might|could|would|will|must|[a-z]+s)\b",
    re.IGNORECASE,
)
#: How many sentences back a pointer with a noun may reach, over uncited impersonal sentences,
#: to the sentence that cites what it names ("... a two-stage model [39]. Rafts grow ... .
#: According to this model, ...").
_REACH = 3
#: The authors in the first person: a sentence with it speaks of their own work.
_FIRST_PERSON = re.compile(r"\b(?:we|our|us)\b", re.IGNORECASE)
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
_CLAUSE = re.compile(r"\b(?:" + alternatives(_WORDS, "clause") + r")\b|[;:]", re.IGNORECASE)
#: Subjects longer than this are no noun phrase but a clause the pattern misread.
_MAX_SUBJECT_WORDS = 30


def points_back(text: str) -> str | None:
    """Return the words by which a sentence points back to the sources just cited: its subject
    and reporting verb ("These studies show", "Both trials found", "This suggests") or its
    opener ("According to this model", "On this basis"), or None."""
    text = text.strip()
    match = _POINTING_BACK.match(text) or _ACCORDING.match(text) or _RESTING.match(text)
    return match.group(0).rstrip(", ") if match else None


def _pointed_noun(text: str) -> str | None:
    """Return the noun a sentence's pointer names ("model" in "According to this model"), or
    None for a bare pointer ("This suggests", "They found") or none at all."""
    match = _POINTING_BACK.match(text.strip()) or _ACCORDING.match(text.strip())
    return match.group("noun") if match and match.group("noun") else None


def _possessive(text: str, previous: str) -> str | None:
    """Return the subject by which a sentence describes what the sentence before it (``previous``)
    names ("Its patches are ..." after "... a lattice of patches [3].", "Such a signature was
    ..." after "... a gene signature [21]."), or None; not when the noun is evidence ("These
    reports were anecdotal": the writer judges the sources)."""
    match = _POSSESSIVE.match(text.strip())
    if match is None or not _names(previous, match.group("noun")):
        return None
    # evidence judged, not described ("These reports were anecdotal"): the writer's own claim
    if re.fullmatch(_EVIDENCE_NOUNS, match.group("noun"), re.IGNORECASE):
        return None
    return match.group(0)


def _names(text: str, noun: str) -> bool:
    """Tell whether ``text`` names ``noun``, in the singular or the plural or as a compound's
    last word ("nucleation model" for "model", "studies" for "study")."""
    stem = re.sub(r"(?:ies|y|es|s)$", "", noun.lower())
    return re.search(r"\b\w*" + re.escape(stem), text.lower()) is not None


def _far_antecedent(
    run: list[Sentence], position: int, inherited: dict[str, tuple[str, ...]]
) -> tuple[Sentence, tuple[str, ...]] | None:
    """Return the citing sentence (and its keys) that the pointer of ``run[position]`` names,
    up to ``_REACH`` sentences back over uncited sentences that do not speak in the first
    person, when that sentence names the pointer's noun; else None."""
    noun = _pointed_noun(run[position].text)
    if noun is None:
        return None
    for candidate in reversed(run[max(0, position - _REACH) : position]):
        keys = candidate.keys or inherited.get(candidate.id, ())
        if keys:
            return (candidate, keys) if _names(candidate.text, noun) else None
        if _FIRST_PERSON.search(candidate.text):
            return None
    return None


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
) -> Iterator[tuple[Sentence, Sentence, tuple[str, ...], str]]:
    """Yield (claim, the sentence it points back to, the keys it inherits, the words that point
    back) for each uncited
    claim (``uncited``: their ids) whose subject points back to the sources the sentence before
    it in its paragraph cites, or inherits ("They also found ..." after "These studies show");
    or, when the sentence before cites nothing, to those of the sentence a few back that names
    what its pointer names ("According to this model" after "... a nucleation model [39].")."""
    for run in runs:
        inherited: dict[str, tuple[str, ...]] = {}
        for position, sentence in enumerate(run[1:], start=1):
            previous = run[position - 1]
            keys = previous.keys or inherited.get(previous.id, ())
            words = points_back(sentence.text)
            if keys and not words:
                words = _possessive(sentence.text, previous.text)
            if sentence.id not in uncited or not words:
                continue
            if not keys and (far := _far_antecedent(run, position, inherited)) is not None:
                previous, keys = far
            if keys:
                inherited[sentence.id] = keys
                yield sentence, previous, keys, words


#: The paper's own work named in a sentence ("our study", "the present method").
_OWN_WORK = re.compile(r"\b(?:" + alternatives(_WORDS, "own-work") + r")\b", re.IGNORECASE)
#: "It also provides ...": a bare "It" as the subject of a verb of its own (not "It is", "It
#: seems": an empty subject).
_IT_DOES = re.compile(
    r"^" + _OPENING + r"it\s+" + _ADVERBS + r"(?!(?:is|was|has|does|seems|appears|remains|"
    r"follows|matters|means)\b)[a-z]+(?:s|ed)\b",
    re.IGNORECASE,
)


def own_evidence(
    runs: list[list[Sentence]], own: set[str], cited: set[str], uncited: set[str]
) -> Iterator[tuple[Sentence, Sentence, str]]:
    """Yield (claim, the own finding it carries on from, its subject) for each uncited claim
    whose subject is the paper's own evidence, after an own finding of its paragraph (``own``)
    with no sentence between that cites or inherits a citation (``cited``); or whose subject
    is a bare "It" right after an own finding that names the paper's own work ("Our study
    reveals ... It also provides a workflow ...")."""
    for run in runs:
        last_own: Sentence | None = None
        previous: Sentence | None = None
        for sentence in run:
            if sentence.keys or sentence.id in cited:
                last_own = None
            elif sentence.id in own:
                last_own = sentence
            elif last_own is not None and sentence.id in uncited:
                subject = own_evidence_subject(sentence.text)
                found = _IT_DOES.match(sentence.text)
                if subject is None and found and previous is last_own:
                    subject = found.group(0) if _OWN_WORK.search(last_own.text) else None
                if subject:
                    yield sentence, last_own, subject
                    last_own = sentence
            previous = sentence


#: "we", then within the clause a verb that makes a thing ("we have developed", "by estimating").
_WE = r"\bwe\b[^.;:]*?\b(?:"
#: A subject that names a thing again: "This model", "Most of these cores", "Importantly, the
#: assays": a pointer, up to two modifiers, then the noun (group "noun").
_THING_SUBJECT = (
    r"^"
    + _OPENING
    + r"(?:(?:the )?(?:"
    + alternatives("own_things.txt", "share")
    + r") of )?(?:"
    + alternatives("own_things.txt", "pointer")
    + r")(?:\s+(?!(?:"
    + alternatives("own_things.txt", "not-modifier")
    + r")\b)[\w-]+){0,2}?\s+(?P<noun>(?:THINGS)(?:s|es)?)\b"
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
