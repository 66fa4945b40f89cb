"""Citation coverage in context: the uncited claims that are not unsupported claims.

Policy (issue 11):

- **own-finding.** A research article (one with a Methods and a Results section, by the headings
  of ``cues/own_sections.tsv``; a JATS article with either) reports its own work: its uncited
  claims under a Methods or Results heading, and its uncited claims anywhere that report that
  work ("we found", "Table 2 shows", "by Eq. (4)", "participants were randomised":
  ``cues/own_work.txt``), are the article's own findings, supported by its own data; so is the
  rest of a paragraph that opens on the study's limitations or strengths
  (``cues/limitations.txt``: "Our study has limitations. The passages were short...").
  Background claims of its Introduction or Discussion without a citation stay unsupported. Any
  other paper (a JATS article, or a text with an Abstract heading: a theoretical paper, a
  review) reports its own work too, but has no Methods or Results to read it from: there only
  the sentences that say so, the paragraph on its limitations and its Discussion's conclusion
  ("In summary, ...") are its own findings (before any coverage below); when it sets out its own
  model in a section ("The model"), the sections after it up to its Discussion are its results,
  as a theoretical paper reads ("Properties of the front"). In any paper, a section whose
  heading names its own material ("Material", "Specimens", "Geological context and fossil
  materials"; role ``material``), wherever it stands (under the Introduction too), describes
  that material: its uncited claims are own findings. So is a claim whose subject is the paper's
  own evidence after one of its own findings in the paragraph ("This provides strong evidence
  that": ``sources.anaphora``). A research article's Discussion restates its own results in the
  past tense ("Visits were also higher on south-facing verges", "there was a large variation in
  ..."): an uncited claim there whose verb is "was" or "were" is its own finding, unless the
  past is dated or attributed (a year, "previously", "first", "et al", a perfect tense, "was
  thought", "it was shown that"); so is one whose finite verb is a simple past of results
  ("Intrathecal peptide blocked pain", "SBVp32 accumulated mutations":
  ``cues/own_discussion.txt``) in a clause with no present or modal auxiliary (", which could
  indicate ..." is another clause), and one that opens on its conclusion ("In conclusion, ...");
  background in the present tense stays unsupported. So is an uncited claim between two own
  findings of a paragraph, the first reporting findings ("We find that ... The fall is largest
  near ... Finally, we do not find ..."), unless it marks common knowledge, a gap or hearsay
  ("are known to", "it is not clear how", "anecdotal") or a dated or attributed past; and a
  later item ("Second, ...", "Finally, ...") of an enumeration in a paragraph whose first item
  is an own finding ("First, we find ..."), with the same guards; and one that opens on an
  additive connective right after an own finding of its paragraph ("... roosted under
  21 bridges. There are also fewer bats under lit bridges.", "In addition, ..."), with
  the same guards. In any paper, a claim that names again a thing the paper made ("This model",
  "SIBZ also identifies ...") is its own (``sources.anaphora``).
- **inherited.** In any text, an uncited claim whose subject points back to the sources the
  sentence before it cites ("These studies show that", "Both trials found") inherits them
  (``sources.anaphora``); it is graded by them, not covered.
- **covered.** Encyclopaedic text cites by paragraph: one citation at the paragraph's end
  covers the paragraph. An article reads as encyclopaedic when it is impersonal (no author
  line before its first heading, no questions to the reader, first and second person in at
  most 5% of its claims), cites, and has a reference list. There, an uncited claim is covered by
  - the final sentence of its paragraph, when that sentence cites a source;
  - the article's cited body, when it stands in the lead (the paragraphs before the first
    section heading), which summarises the body;
  - the row of the table it stands in, when another cell of that row cites a source; a
    citation in a header cell covers the whole table (``_TableCitations``);
  - the work it retells, in a section that retells a work ("Plot", "Synopsis", "Episodes":
    ``cues/synopsis_sections.txt``): the work is the source of its own synopsis.
  ``grade(..., strict_coverage=True)`` gives up coverage: covered claims are unsupported.
- An editor's ``[citation needed]`` always leaves a claim unsupported: the page itself says so.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

from claims.model import Article, Sentence
from sources.anaphora import (
    inherited_citations,
    own_evidence,
    own_name_subject,
    own_names,
    own_things,
)
from sources.cue_files import alternatives, cue_lines, words

#: The part of a heading that numbers it ("2.", "3.1", "IV.", "A.").
_NUMBER = re.compile(r"^\s*(?:\d+(?:\.\d+)*|[IVX]+|[A-Z])\.?\s+")
#: The words of the rules below (``cues/own_findings.tsv``).
_WORDS = "own_findings.tsv"
#: First- and second-person words: an encyclopaedia uses neither (in English, French, German
#: and Spanish: "nous", "unser", "vosotros"), matched case-sensitively ("us", not "US").
_PERSONAL = re.compile(r"\b(?:" + alternatives(_WORDS, "personal") + r")\b")
_PERSONAL_SHARE = 0.05
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
_LINE_BREAK = re.compile(r"\n")
_QUESTION_SHARE = 0.01
#: Headings of a paper's abstract ("Abstract", "Summary", "Author summary").
_ABSTRACT = re.compile(alternatives(_WORDS, "abstract-heading"), re.IGNORECASE)
#: Headings of a summary an editor writes for lay readers about the paper (in the third person).
_LAY_SUMMARY = re.compile(alternatives(_WORDS, "lay-summary-heading"), re.IGNORECASE)
#: In a summary written for lay readers (an eLife digest, an editors' summary), the paper's
#: authors in the third person: "The researchers obtained ...", "Alegado et al. show that",
#: "Here, the authors investigate"; not researchers in general ("researchers have argued").
_THIRD_PERSON = re.compile(
    r"(?:^|[,;]\s*|\b(?:"
    + alternatives(_WORDS, "authors-opener")
    + r"),?\s+)"
    + r"(?:the (?:"
    + alternatives(_WORDS, "authors")
    + r")|(?-i:[A-Z][\w'’-]+) et al\.?"
    + r"|(?-i:[A-Z][\w'’-]+) and (?:"
    + alternatives(_WORDS, "colleagues")
    + r")|they)"
    + r"(?:\s+(?:"
    + alternatives(_WORDS, "authors-adverb")
    + r")){0,2}"
    + r"\s+(?!(?:"
    + alternatives(_WORDS, "authors-not-verb")
    + r")\b)[a-z]+\b"
    + r"|\bthe work of (?-i:[A-Z][\w'’-]+) et al",
    re.IGNORECASE,
)
#: A subject pointing to one work (not to results): "This study", "This review", "That trial".
_WORK_POINTER = re.compile(
    r"\W*(?:[a-z]+,?\s+)?(?:this|that) (?:" + alternatives(_WORDS, "work") + r")\b",
    re.IGNORECASE,
)
#: A heading's word that names a model: a section on the paper's own material that sets out its
#: model ("The model", "Model formulation").
_MODEL = re.compile(alternatives(_WORDS, "model-heading"), re.IGNORECASE)
#: Headings of a research article's discussion, where it restates its own results.
_DISCUSSION = re.compile(alternatives(_WORDS, "discussion-heading"), re.IGNORECASE)
#: A report in the past tense ("Visits were also higher on ...", "there was a large variation"),
#: not a passive of attribution or history ("was thought", "were first described").
_PAST_REPORT = re.compile(
    r"\b(?:was|were)\b(?! (?:[a-z]+ly |also |first |once |long )?(?:"
    + alternatives(_WORDS, "attributed-passive")
    + r")\b)",
    re.IGNORECASE,
)
#: A present or modal auxiliary: a sentence with one does not report in a simple past
#: ("Reduced sleep is linked to ...").
_PRESENT_OR_MODAL = re.compile(
    r"\b(?:" + alternatives(_WORDS, "present-or-modal") + r")\b", re.IGNORECASE
)
#: Not after a word that makes the next "-ed" word an adjective or a participle, not the finite
#: verb: one look-behind per word (a look-behind has a fixed width).
_BEFORE_ADJECTIVE = "".join(r"(?<!\b" + word + " )" for word in words(_WORDS, "before-adjective"))
#: Where the clause of a past verb ends: a comma, a colon or a relative or coordinating word.
_CLAUSE_END = re.compile(r"[,;:]|\b(?:which|that|and|but|while|whereas|because|since|although)\b")
#: What dates or attributes a past (history, someone else's work) or makes it a supposition ("If
#: X were ..."): not the paper's own results.
_NOT_OWN_PAST = re.compile(
    r"^\W*if\b|\b(?:1[5-9]\d\d|20\d\d)s?\b|\b(?:" + alternatives(_WORDS, "not-own-past") + r")\b",
    re.IGNORECASE,
)
#: What holds a word of ``_NOT_OWN_PAST`` but does not date the sentence's past: the year of a
#: measurement ("after a peak in 2009"), a point of the paper's data; "previously" or "earlier"
#: in a participle before a noun, after a determiner, a preposition or a verb in "-ed" ("confirmed
#: previously reported substitutions", "the earlier described mutant"), which dates the thing
#: named, not the report ("Studies previously identified ..." and "was previously reported by"
#: still date it).
_NOT_A_DATING = re.compile(
    r"\b(?:"
    + alternatives(_WORDS, "measured")
    + r")s? (?:in|of|at|around|during) (?:1[5-9]\d\d|20\d\d)\b"
    + r"|\b(?:"
    + "|".join(words(_WORDS, "before-adjective"))
    + r"|[a-z]+ed) (?:previously|earlier) [a-z]+ed (?!(?:"
    + "|".join(words(_WORDS, "before-adjective"))
    + r"|by|into|that|than|when|where|which|who)\b)(?=[a-z])",
    re.IGNORECASE,
)
#: What marks common knowledge, a gap in it or hearsay ("Seals are known to moult", "is widely
#: used", "it is not clear how", "From anecdotal observations"): background even between two of
#: the paper's own findings.
_COMMON_KNOWLEDGE = re.compile(
    r"\b(?:" + alternatives(_WORDS, "common-knowledge") + r")\b",
    re.IGNORECASE,
)
#: A report of findings (not of methods: "we sampled"): "We find that", "we showed", "our results".
_FINDING = re.compile(
    r"\bwe (?:"
    + " |".join(words(_WORDS, "finding-adverb"))
    + r" )*(?:"
    + alternatives(_WORDS, "finding-verb")
    + r")\b|\bour (?:[a-z]+ )?(?:results|findings)\b",
    re.IGNORECASE,
)
#: An additive connective that opens a sentence ("In addition,", "Moreover,", "There are also").
_ADDS = re.compile(r"^\W*(?:" + alternatives(_WORDS, "adds") + r")", re.IGNORECASE)
#: The first item of an enumeration ("First, we find ...", "Firstly,", "To begin with,").
_FIRST_ITEM = re.compile(r"^\W*(?:" + alternatives(_WORDS, "first-item") + r"),", re.IGNORECASE)
#: A later item of an enumeration ("Second, ...", "Thirdly,", "Lastly,", "Finally,").
_NEXT_ITEM = re.compile(r"^\W*(?:" + alternatives(_WORDS, "next-item") + r"),", re.IGNORECASE)
#: The authors in the first person: a citing sentence with it is their own reading.
_FIRST_PERSON = re.compile(r"\b(?:we|our|us)\b", re.IGNORECASE)
#: A paragraph that opens on a proof, as a run-in label: "*Proof.*", "Proof of Theorem 2."
#: Section roles whose uncited claims are own in any paper, not only in a research article: its
#: own material or model, and a section on its own study (``cues/own_sections.tsv``).
_ANY_PAPER_ROLES = frozenset(("material", "study"))
_PROOF = re.compile(r"[*_]{0,2}proof\b(?: of [^.]{1,40})?\.", re.IGNORECASE)


@dataclass(frozen=True)
class Coverage:
    """Why an uncited claim is not unsupported: its status, the reason, the covering sentence."""

    status: str  # "own-finding" | "covered" | "inherited"
    reason: str
    by: str | None = None  # the id of the sentence whose citation covers it, or it inherits
    keys: tuple[str, ...] = ()  # "inherited": the keys of the sources it inherits


@cache
def _section_rules() -> tuple[tuple[re.Pattern[str], str], ...]:
    rules = []
    for line in cue_lines("own_sections.tsv"):
        if not line.startswith("pattern\t"):
            pattern, role, _note = line.split("\t")
            rules.append((re.compile(pattern, re.IGNORECASE), role))
    return tuple(rules)


@cache
def _own_work() -> re.Pattern[str]:
    return re.compile(
        r"(?<![\w-])(?:" + "|".join(cue_lines("own_work.txt")) + r")(?![\w-])", re.IGNORECASE
    )


@cache
def _limitations() -> re.Pattern[str]:
    return re.compile("|".join(cue_lines("limitations.txt")), re.IGNORECASE)


@cache
def _synopsis() -> re.Pattern[str]:
    return re.compile("|".join(cue_lines("synopsis_sections.txt")), re.IGNORECASE)


def retells_a_work(heading: str) -> bool:
    """Return True for a section heading under which an encyclopaedia retells a work ("Plot")."""
    return _synopsis().fullmatch(_NUMBER.sub("", heading).strip().rstrip(".:")) is not None


def section_role(heading: str) -> str | None:
    """Return "methods", "results" or "conclusions" for a heading under which a research article
    reports its own work, "material" for one under which any paper describes its own material,
    "study" for one naming the writer's own study (``cues/own_sections.tsv``), else None."""
    bare = _NUMBER.sub("", heading).strip().rstrip(".:")
    for pattern, role in _section_rules():
        if pattern.fullmatch(bare):
            return role
    return None


def reports_own_work(text: str) -> str | None:
    """Return the words by which a sentence reports the article's own work ("we found", "Table 2
    shows"), or None."""
    match = _own_work().search(text)
    return match.group(0) if match else None


def is_research_article(article: Article) -> bool:
    """Return True for an article with a Methods and a Results section (JATS: either)."""
    headings = {h for s in article.sentences for h in s.section[1:]}
    roles = {section_role(h) for h in headings} - {None}
    return {"methods", "results"} <= roles or bool(
        roles - {"conclusions", "material", "study"} and article.format == "jats"
    )


def is_paper(article: Article) -> bool:
    """Return True for a scholarly paper: a JATS article, a text with an Abstract heading, or
    one with a section on its own study ("Méthodologie de notre enquête": role "study")."""
    if article.format == "jats":
        return True
    headings = {h for s in article.sentences for h in s.section[1:]}
    return any(
        _NUMBER.sub("", h).strip().rstrip(".:").lower() == "abstract" or section_role(h) == "study"
        for h in headings
    )


def is_encyclopaedic(article: Article) -> bool:
    """Return True for impersonal text that cites and has a reference list (see the policy)."""
    kinds = Counter(s.kind for s in article.sentences)
    claims = [s for s in article.sentences if s.kind == "claim"]
    if not claims or not kinds["reference"] or not any(s.keys for s in claims):
        return False
    personal = sum(1 for s in claims if _PERSONAL.search(s.text))
    # an author line stands before the first section heading ("By ...", "Reviewed by ...")
    bylines = sum(1 for s in article.sentences if s.kind == "byline" and len(s.section) <= 1)
    return (
        bylines == 0
        and kinds["question"] <= _QUESTION_SHARE * len(claims)
        and personal <= _PERSONAL_SHARE * len(claims)
    )


def coverage(article: Article) -> dict[str, Coverage]:
    """Return, by sentence id, the coverage of every uncited claim that is not unsupported:
    own findings first, then citations inherited, then the paper's own evidence, then (in
    encyclopaedic text that is no research article) the paragraph's citation."""
    research = is_research_article(article)
    paper = research or is_paper(article)
    found = dict(_own_findings(article, by_section=research)) if paper else {}
    runs = paragraphs(article)
    # "This study found" or "This review found" right after a sentence that cites another
    # study points back to it, though its words could name the paper's own work
    works = {s.id for s in article.sentences if _WORK_POINTER.match(s.text)}
    uncited = {s.id for s in article.sentences if _uncited(s)} - (found.keys() - works)
    inherited: set[str] = set()
    for sentence, previous, keys, pointer in inherited_citations(runs, uncited):
        reason = f'"{pointer}" points back to the sources of {previous.id}'
        found[sentence.id] = Coverage("inherited", reason, previous.id, keys)
        inherited.add(sentence.id)
    if paper:
        own = set(found) - inherited
        rest = uncited - found.keys()
        for sentence, finding, subject in own_evidence(runs, own, inherited, rest):
            reason = (
                f'its subject ("{subject}") is the paper\'s own evidence, after its own '
                f"finding {finding.id} in the paragraph"
            )
            found[sentence.id] = Coverage("own-finding", reason)
        for sentence, making, subject in own_things(runs, uncited - found.keys()):
            reason = f'its subject ("{subject}") names again what the paper made in {making.id}'
            found[sentence.id] = Coverage("own-finding", reason)
        names = own_names(article.sentences)
        left = uncited - found.keys()
        for sentence in article.sentences:
            if sentence.id in left and (name := own_name_subject(sentence.text, names)):
                named = names[name.split()[-1]].id
                reason = f'its subject ("{name}") is what the paper made and named in {named}'
                found[sentence.id] = Coverage("own-finding", reason)
        if research:
            own = {i for i, c in found.items() if c.status == "own-finding"}
            for sentence, first in _enumerated_own(runs, own, uncited - found.keys()):
                reason = (
                    f"a later item of the enumeration of the paper's own findings from {first.id}"
                )
                found[sentence.id] = Coverage("own-finding", reason)
                own.add(sentence.id)
            for sentence, before, after in _between_own(runs, own, uncited - found.keys()):
                reason = (
                    f"between the paper's own findings {before.id} and {after.id} of its paragraph"
                )
                found[sentence.id] = Coverage("own-finding", reason)
            for sentence, finding in _added_to_own(runs, own, uncited - found.keys()):
                reason = f"adds to the paper's own finding {finding.id} right before it"
                found[sentence.id] = Coverage("own-finding", reason)
    if not research and is_encyclopaedic(article):
        return dict(_covered(article)) | found
    return found


def _enumerated_own(
    runs: list[list[Sentence]], own: set[str], uncited: set[str]
) -> Iterator[tuple[Sentence, Sentence]]:
    """Yield (claim, the enumeration's first item) for each uncited claim (``uncited``) that is a
    later item ("Second, ...", "Finally, ...") of an enumeration in one paragraph whose first
    item ("First, we find ...") is one of the paper's own findings (``own``), with no sentence
    between citing a source but in the first person: the paper lists its own findings. Not what
    marks common knowledge, a gap or hearsay or a dated or attributed past; not after a first
    item that cites ("First, hedges shelter moths [4]. Second, ...": background)."""
    for run in runs:
        first: Sentence | None = None
        for sentence in run:
            text = sentence.text
            if _FIRST_ITEM.match(text):
                first = sentence if sentence.id in own else None
            elif sentence.keys and not _FIRST_PERSON.search(text):
                first = None
            elif (
                first is not None
                and sentence.id in uncited
                and _NEXT_ITEM.match(text)
                and not (_COMMON_KNOWLEDGE.search(text) or _dated_or_attributed(text))
            ):
                yield sentence, first


def _between_own(
    runs: list[list[Sentence]], own: set[str], uncited: set[str]
) -> Iterator[tuple[Sentence, Sentence, Sentence]]:
    """Yield (claim, the own finding before it, the one after it) for each uncited claim
    (``uncited``) that stands between two of the paper's own findings (``own``) of one
    paragraph, the first reporting findings ("We find that", not "We sampled"), where no
    sentence between cites a source but in the first person (the authors'
    own reading: "Following Elson (2006), we consider ..."): a summary of the paper's results
    ("We find that ... The fall is largest at ... Finally, we do not find ..."). Not what
    marks common knowledge or a dated or attributed past ("are known to", "since 2000",
    "previously", "have declined")."""
    for run in runs:
        marks = [i for i, sentence in enumerate(run) if sentence.id in own]
        for start, end in pairwise(marks):
            between = run[start + 1 : end]
            if not _FINDING.search(run[start].text):
                continue
            if any(s.keys and not _FIRST_PERSON.search(s.text) for s in between):
                continue
            for sentence in between:
                text = sentence.text
                if sentence.id in uncited and not (
                    _COMMON_KNOWLEDGE.search(text) or _dated_or_attributed(text)
                ):
                    yield sentence, run[start], run[end]


def _added_to_own(
    runs: list[list[Sentence]], own: set[str], uncited: set[str]
) -> Iterator[tuple[Sentence, Sentence]]:
    """Yield (claim, the own finding it adds to) for each uncited claim (``uncited``) that opens
    on an additive connective ("In addition, ...", "Moreover, ...", "There are also ...") right
    after one of the paper's own findings (``own``) in its paragraph: it adds to that report.
    Not what marks common knowledge, a gap or hearsay or a dated or attributed past."""
    for run in runs:
        last: Sentence | None = None
        for sentence in run:
            text = sentence.text
            if (
                last is not None
                and sentence.id in uncited
                and _ADDS.match(text)
                and not (_COMMON_KNOWLEDGE.search(text) or _dated_or_attributed(text))
            ):
                yield sentence, last
            else:
                last = sentence if sentence.id in own else None


def _dated_or_attributed(text: str) -> bool:
    """Tell whether a sentence dates or attributes its past (``_NOT_OWN_PAST``), leaving out the
    year of a measurement and a dated participle before a noun (``_NOT_A_DATING``)."""
    return _NOT_OWN_PAST.search(_NOT_A_DATING.sub(" ", text)) is not None


def _uncited(sentence: Sentence) -> bool:
    return (
        sentence.kind == "claim"
        and not sentence.keys
        and "citation-needed" not in sentence.editor_flags
    )


def _own_findings(article: Article, by_section: bool = True) -> Iterator[tuple[str, Coverage]]:
    """Yield the article's own findings: by their section (``by_section``; a section on its own
    material always; in a paper without Methods and Results, the sections after its model),
    by their words, in the paragraph on its limitations or a proof, or in its abstract after
    the abstract's first own finding."""
    in_limitations = _limitation_paragraphs(article)
    after_model = {} if by_section else _after_model(article)
    in_abstract = False  # past the first own finding of the abstract (or summary) it stands in
    section: tuple[str, ...] = ()
    for sentence in article.sentences:
        abstract = _in_abstract(article, sentence)
        in_abstract = in_abstract and abstract and sentence.section == section
        section = sentence.section
        if not _uncited(sentence):
            continue
        reason = _own_reason(sentence, by_section, in_limitations) or after_model.get(sentence.id)
        if reason is None and in_abstract:
            reason = "in the abstract, after its own work: an abstract reports it from there on"
        if reason is not None:
            yield sentence.id, Coverage("own-finding", reason)
            in_abstract = abstract


def _own_reason(sentence: Sentence, by_section: bool, in_limitations: set[str]) -> str | None:
    """Return why an uncited claim is the article's own by its section, its words or its
    paragraph, or None."""
    roles = (
        h
        for h in sentence.section[1:]
        if (role := section_role(h)) and (by_section or role in _ANY_PAPER_ROLES)
    )
    if (heading := next(roles, None)) is not None:
        return f'the article\'s own {section_role(heading)}, in its section "{heading}"'
    if words := reports_own_work(sentence.text):
        return f'reports the article\'s own work ("{words}")'
    if sentence.id in in_limitations:
        return "in the paragraph on the article's own limitations, strengths or proof"
    if report := _discussion_report(sentence, by_section):
        return report
    if _in_summary(sentence, _LAY_SUMMARY) and (match := _THIRD_PERSON.search(sentence.text)):
        return f"a summary's report of the paper's own authors (\"{match.group(0).strip(' ,;')}\")"
    return None


def _after_model(article: Article) -> dict[str, str]:
    """Return, by sentence id, why the claims of a paper's sections after the section on its
    own model ("The model", "Model formulation"), up to its Discussion or Conclusions, are its
    own: a paper without Methods and Results headings (a theoretical paper) sets its model out
    as its methods, then analyses and fits it, as its results ("Properties of the front")."""
    found: dict[str, str] = {}
    model: str | None = None  # the top-level heading of the section on its model
    for sentence in article.sentences:
        headings = sentence.section[1:]
        bare = [_NUMBER.sub("", h).strip().rstrip(".:") for h in headings]
        if any(_DISCUSSION.fullmatch(h) or section_role(h) == "conclusions" for h in bare):
            break
        if not headings:
            continue
        if model is None and any(section_role(h) == "material" and _MODEL.search(h) for h in bare):
            model = headings[0]
        elif model is not None and headings[0] != model:
            found[sentence.id] = (
                f'in its section "{headings[-1]}", after the section on its own model '
                f'("{model}"): a paper without Methods or Results reports its results there'
            )
    return found


def _in_discussion(sentence: Sentence) -> bool:
    """Tell whether a sentence stands under a Discussion heading."""
    return any(
        _DISCUSSION.fullmatch(_NUMBER.sub("", h).strip().rstrip(".:")) for h in sentence.section[1:]
    )


def _discussion_report(sentence: Sentence, research: bool) -> str | None:
    """Return why an uncited claim of a paper's Discussion restates its own results: a
    concluding opener ("In conclusion, ..."), or in a research article (``research``) a past
    tense ("Visits were also higher ...", "SBVp32 accumulated mutations",
    ``cues/own_discussion.txt``); None for another section, another tense, a dated or
    attributed past ("was first described in 1950", "it was shown that", "previously"), or
    common knowledge, a gap or hearsay."""
    text = sentence.text
    if not _in_discussion(sentence) or _dated_or_attributed(text):
        return None
    past, conclusion = _own_discussion()
    if (match := conclusion.match(text)) and not _COMMON_KNOWLEDGE.search(text):
        return f'its conclusion ("{match.group(0).rstrip(",")}") in its Discussion: its own'
    if not research:
        return None
    if (match := _PAST_REPORT.search(text)) or (
        (match := past.search(text)) and not _PRESENT_OR_MODAL.search(_verb_clause(text, match))
    ):
        return (
            f'a past-tense report ("{match.group(0)}") in its Discussion: its own results restated'
        )
    return None


def _verb_clause(text: str, verb: re.Match[str]) -> str:
    """Return the sentence up to the end of the clause of its past verb (``verb``): what comes
    after a comma or a relative ("..., which could indicate") is another clause, whose auxiliary
    does not make the verb a present."""
    rest = text[verb.end() :]
    end = _CLAUSE_END.search(rest)
    return text[: verb.end()] + rest[: end.start() if end else len(rest)]


@cache
def _own_discussion() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Return the patterns of a simple past of results (as a finite verb, not first) and of a
    concluding opener (``cues/own_discussion.txt``)."""
    rows = [line.split("\t", 1) for line in cue_lines("own_discussion.txt")]
    verbs = "|".join(regex for kind, regex in rows if kind == "past")
    openers = "|".join(regex for kind, regex in rows if kind == "conclusion")
    past = re.compile(r"(?<=\w )" + _BEFORE_ADJECTIVE + r"\b(?:" + verbs + r")\b", re.IGNORECASE)
    return past, re.compile(r"^\W*(?:" + openers + r")", re.IGNORECASE)


def _in_summary(sentence: Sentence, headings: re.Pattern[str] = _ABSTRACT) -> bool:
    """Tell whether a sentence stands under an Abstract or Summary heading (``headings``): its
    own, or one above it ("Editors' Summary > What Did the Researchers Do and Find?")."""
    return any(
        headings.fullmatch(_NUMBER.sub("", h).strip().rstrip(".:")) for h in sentence.section[1:]
    )


def _in_abstract(article: Article, sentence: Sentence) -> bool:
    """Tell whether a sentence stands in the article's abstract: under an Abstract or Summary
    heading, or (JATS) before the body's first section."""
    if article.format == "jats" and len(sentence.section) <= 1:
        return True
    return _in_summary(sentence)


def _limitation_paragraphs(article: Article) -> set[str]:
    """Return the ids of sentences in a paragraph that opens on the study's limitations or
    strengths, or on a proof ("Proof." : the paper's own derivation)."""
    return {
        s.id
        for run in paragraphs(article)
        if _limitations().search(run[0].text) or _PROOF.match(run[0].text)
        for s in run
    }


def paragraphs(article: Article) -> list[list[Sentence]]:
    """Return the article's runs of sentences that share a block with no line break between them.

    Table cells are grouped by table (consecutive cells); every other block is its own run.
    """
    runs: list[list[Sentence]] = []
    previous: Sentence | None = None
    # Markdown, HTML and JATS text separates blocks by a blank line, so a single line break is
    # a wrapped line; plain text may start a block on the next line.
    break_ = _BLANK_LINE if article.format in ("md", "html", "jats") else _LINE_BREAK
    for sentence in article.sentences:
        gap = article.text[previous.end : sentence.start] if previous is not None else "\n\n"
        same_paragraph = sentence.block == "paragraph" and not break_.search(gap)
        same_table = sentence.block == "cell" and "\n\n\n" not in gap
        if (
            previous is not None
            and previous.block == sentence.block
            and (same_paragraph or same_table)
        ):
            runs[-1].append(sentence)
        else:
            runs.append([sentence])
        previous = sentence
    return runs


def _covered(article: Article) -> Iterator[tuple[str, Coverage]]:
    body_cites = any(s.keys for s in article.sentences if len(s.section) > 1)
    for run in paragraphs(article):
        final, cells = run[-1], run[0].block == "cell"
        table = _TableCitations(run) if cells else None
        for sentence in run:
            if not _uncited(sentence):
                continue
            if not cells and len(run) > 1 and final.keys:
                keys = ", ".join(final.keys)
                reason = f"the final sentence of its paragraph ({final.id}) cites {keys}"
                yield sentence.id, Coverage("covered", reason, final.id)
            elif table is not None and (cover := table.covering(sentence)) is not None:
                yield sentence.id, cover
            elif synopsis := next((h for h in sentence.section[1:] if retells_a_work(h)), None):
                reason = f'retells the work in its section "{synopsis}": the work is its source'
                yield sentence.id, Coverage("covered", reason)
            elif sentence.block == "paragraph" and len(sentence.section) <= 1 and body_cites:
                reason = "in the lead, which summarises the article's cited body"
                yield sentence.id, Coverage("covered", reason)


class _TableCitations:
    """Which citation of a table covers an uncited cell: its row's, where the rows cite.

    A table whose rows cite their own sources (a list of films, each row citing its review)
    cites by row: a row that cites nothing is not covered by its neighbours' sources. A
    citation in a header cell speaks for the whole table; so does any citation of a table whose
    rows are unknown (a reader that cannot tell them apart).
    """

    def __init__(self, cells: list[Sentence]) -> None:
        citing = [s for s in cells if s.keys]
        self.rows: dict[int, Sentence] = {}
        for cell in citing:
            if cell.row is not None and cell.kind != "heading":
                self.rows.setdefault(cell.row, cell)
        self.whole = next((s for s in citing if s.row is None or s.kind == "heading"), None)

    def covering(self, cell: Sentence) -> Coverage | None:
        """Return the coverage of an uncited cell, or None when nothing in its table covers it."""
        row = self.rows.get(cell.row) if cell.row is not None else None
        if row is not None:
            return Coverage("covered", f"a table cell; its row cites its source ({row.id})", row.id)
        if self.whole is not None:
            reason = f"a table cell; the table cites its sources ({self.whole.id})"
            return Coverage("covered", reason, self.whole.id)
        return None
