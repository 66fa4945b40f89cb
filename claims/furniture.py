"""Recognise page furniture, bylines, captions, disclaimers and headings in one line of text.

The patterns are data (``claims/lexicons/furniture.txt``); this module compiles them once and
adds the shape-based heading test that line-based formats (plain text, Markdown) share.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from claims.blocktext import ABBREVIATIONS
from claims.lexicon import words
from claims.literals import Gated, needed
from claims.markers import PARTICLES

#: Kinds a line can be given by the lexicon, checked in this order.
LINE_KINDS = (
    "reference-heading",
    "list-heading",
    "disclaimer-heading",
    "furniture-heading",
    "disclaimer",
    "caption",
    "byline",
    "furniture",
)
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_WEEKDAY = r"((mon|tues|wednes|thurs|fri|satur|sun)day|(mon|tue|wed|thu|fri|sat|sun)\.?),?\s+"
_DATE = (
    rf"({_WEEKDAY})?({_MONTH}\s+\d{{1,2}}(st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}"
    rf"|{_MONTH}\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}})"
)
# A person's name (case matters) and a credential after it (", MD", " PharmD").
_NAME = (
    r"(?-i:(?:Dr\.?\s+)?[A-Z][\w.'’-]*"
    rf"(?:\s+(?:{PARTICLES})?\s*[A-Z][\w.'’-]*){{0,3}})"
)
_CREDENTIAL = r"(?:,?\s+(?-i:[A-Z][A-Za-z]{1,5}(?:-[A-Z])?)\.?)"
_MACROS = {"{DATE}": _DATE, "{NAME}": _NAME, "{CRED}": _CREDENTIAL}
#: Furniture lines are short; a long line is content even when it starts like furniture.
_MAX_FURNITURE = 400
_MAX_HEADING = 200
# A sentence's end, and its raised citation after it ("in the acid.⁶", "cited.¹ Later")
_RAISED = "⁰¹²³⁴⁵⁶⁷⁸⁹˒⁻"
_TERMINAL = re.compile(rf"[.,;:!]['\"”’)\]]*[{_RAISED}]*$")
_WORD = re.compile(r"\S+")
_LETTER = re.compile(r"[^\W\d_]")
_NUMBER_PREFIX = re.compile(r"^\s*(?:\d+(?:\.\d+)*|[IVX]+)\.?\s+")
_NUMBERED_HEADING = re.compile(r"(\d+(?:\.\d+)*)\.?\s+\S")
# Each starts once per run (a word; the last "[" before the end): a search restarting inside a
# long run rescanned the rest of it from each of its characters.
_INNER_STOP = re.compile(rf"(?<!\w)(\w+)\.[{_RAISED}]*\s+(?=[A-Z])")
_CITATION_TAIL = re.compile(r"\[[^\[\]]*\]$")
_ENTRY_LABEL = re.compile(r"(?:\[\d{1,4}\]|\d{1,4}[.)]?(?:\s|$)|[\^↑]|[a-z][.)]\s)")
_FIRST_ENTRY = re.compile(r"(?:\[1\]|1[.)]|\^|↑)\s+\S")
_IDENTIFIER = re.compile(r"\b10\.\d{4,9}/|https?://|\bwww\.|\bISBN\b|\bPMID\b|\bdoi:", re.I)
_YEAR = re.compile(r"(?<!\d)(?:1[5-9]|20)\d{2}(?!\d)")
# "Marsh, T.", "Ueda K,", "Hale P.", "King 2003,", "Lee et al.", "Ford and Hu": a name first.
_AUTHOR_START = re.compile(
    r"([A-Z][\w'’-]+)(?:,\s+[A-Z]|\s+[A-Z]{1,3}[,.]|\s+(?:et al\.|and|&)\s|,?\s+\d{4}[a-z]?[,.:;])"
)
# "American Ornithologists' Union (1998). Checklist": a year in brackets closing a name,
# before the first full stop (not "Darwin (1859) described", a sentence citing a work).
# "Tax Foundation, "Tracking the Impact of Tariffs," May 31, 2019": a source run in as fact-
# checkers list them, its author or publisher, then its quoted title.
_QUOTED_TITLE = re.compile(r"[A-Z][^\"“”\n]{1,120}?,\s+[\"“][^\"“”]{3,300}[\"”]")
_EARLY_YEAR = re.compile(r"[^.]{0,100}\((?:1[5-9]|20)\d{2}[a-z]?\)[.,:]")
# "Generalitat Valenciana. Seguimiento de ...", "Northern Ports Survey. Tidefile ...": an
# organisation of two to six capitalised words (joined by "de", "of", "für"...) as the author,
# then a full stop and the title.
_ORGANISATION = re.compile(
    r"(?<![\w'’-])[A-ZÀ-Þ][\w'’-]+(?: (?:[A-ZÀ-Þ][\w'’-]+|de|del|der|of|for|the|für|des|du|la|"
    r"and|&|y)){1,5}"
    r"\. [A-ZÀ-Þ\"“«¿¡]"
)


@cache
def _patterns() -> Gated[str]:
    """Return the whole-line patterns of the lexicon file, each with its kind, in the order of
    LINE_KINDS; a kind's patterns that need no literal text are joined into one."""
    text = resources.files("claims.lexicons").joinpath("furniture.txt").read_text("utf-8")
    alternatives: dict[str, list[str]] = {kind: [] for kind in LINE_KINDS}
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        kind, sep, pattern = raw.partition("\t")
        if not sep or kind not in alternatives:
            raise ValueError(f"furniture.txt line {number}: expected 'kind<TAB>pattern'")
        for name, value in _MACROS.items():
            pattern = pattern.replace(name, value)
        alternatives[kind].append(pattern)
    ordered: list[tuple[str, str, frozenset[str] | None]] = []
    for kind, patterns in alternatives.items():
        needs = [needed(p, re.IGNORECASE) for p in patterns]
        ordered += [(kind, p, need) for p, need in zip(patterns, needs, strict=True) if need]
        if free := [p for p, need in zip(patterns, needs, strict=True) if need is None]:
            ordered.append((kind, "|".join(f"(?:{p})" for p in free), None))
    return Gated(ordered, re.IGNORECASE)


def line_kind(line: str) -> str | None:
    """Return the lexicon kind of a stripped line (see LINE_KINDS), or None for content.

    A line matches a kind when one of its patterns matches the whole line; a pattern is tried
    only when the literal text it needs is in the line (``claims.literals``).
    """
    if len(line) > _MAX_FURNITURE and not line.lower().startswith(("this", "the", "disclaimer")):
        return None
    for kind, pattern in _patterns().candidates(line):
        if pattern.fullmatch(line):
            return kind
    return None


def is_furniture(line: str) -> bool:
    """Tell whether ``line_kind(line)`` is "furniture", trying a kind before it only when a
    furniture pattern matches the line (few lines are furniture: most are read in one look)."""
    if len(line) > _MAX_FURNITURE and not line.lower().startswith(("this", "the", "disclaimer")):
        return False
    for kind, pattern in _patterns().candidates(line):
        if kind == "furniture" and pattern.fullmatch(line):
            return line_kind(line) == "furniture"
    return False


def opens_references(kind: str | None, entries: list[str]) -> bool:
    """Return True when a heading of lexicon ``kind`` opens a reference list over ``entries``.

    "References" always does; "Notes", "Sources" or "Literature" only when the list under it is
    counted from its first entry, or most of its first entries look like references, since a
    body section may bear those names too.
    """
    if kind == "reference-heading":
        return True
    if kind != "list-heading" or not entries:
        return False
    if _FIRST_ENTRY.match(entries[0]):
        return True  # a list counted from its first entry ("1. ...", "[1] ...", "^ ...")
    sample = entries[:4]
    return 2 * sum(looks_like_reference(entry) for entry in sample) >= len(sample)


def looks_like_reference(entry: str) -> bool:
    """Return True for text shaped like a reference or note entry, not like prose.

    A printed label ("12.", "[12]", "^", "a."), an identifier (DOI, URL, ISBN, PMID), or a
    name opening the entry followed by a year ("Marsh, T. (2004)", "Ueda K, ...", "King 2003",
    "Tax Foundation, "Title," May 31, 2019", "Generalitat Valenciana. Title ..., 2021").
    """
    entry = entry.strip()
    if _ENTRY_LABEL.match(entry) or _IDENTIFIER.search(entry):
        return True
    author = _AUTHOR_START.match(entry)
    if author and author.group(1).lower() in words("openers.txt"):  # "In 2003, the city grew"
        author = None
    named = author or any(p.match(entry) for p in (_EARLY_YEAR, _QUOTED_TITLE, _ORGANISATION))
    return bool(named and _YEAR.search(entry))


def looks_like_heading(line: str, max_words: int = 14, max_length: int = 120) -> bool:
    """Return True when a stripped line standing alone has the shape of a heading.

    Headings are short, start with a capital or a section number, and end without the
    punctuation of a sentence; a short question ("Is it safe?") counts too (FAQ headings).
    """
    if len(line) > _MAX_HEADING:
        return False
    words = _WORD.findall(line)
    if not words or len(words) > max_words or not _LETTER.search(line):
        return False
    first = line[0]
    if not (first.isupper() or first.isdigit() or first in "\"'“‘("):
        return False
    if line.endswith("?"):
        return len(words) <= 25
    if _CITATION_TAIL.search(line) or _TERMINAL.search(line) or _has_inner_stop(line):
        return False
    return len(line) <= max_length


def looks_like_title(line: str) -> bool:
    """Return True for the first line of a document shaped like its title: a heading, or a
    paper's long title ("Hair nitrogen isotopes as a marker of ...: a cohort study in ...")."""
    return looks_like_heading(line, max_words=30, max_length=_MAX_HEADING)


def _has_inner_stop(line: str) -> bool:
    """Return True when a full stop ends a sentence inside the line ("Sliced ginger. Photo")."""
    return any(
        len(m.group(1)) > 1 and m.group(1).lower() not in ABBREVIATIONS
        for m in _INNER_STOP.finditer(line)
    )


def paper_section(heading: str) -> bool:
    """Return True for the heading of a paper's top-level section ("Methods", "3. Results")."""
    name = _NUMBER_PREFIX.sub("", heading).strip(" :.").lower()
    return name in words("paper_sections.txt")


def is_numbered_heading(line: str) -> bool:
    """Return True for a heading-shaped line with a section number ("9 Notes", "2.1 Size")."""
    return bool(_NUMBERED_HEADING.match(line)) and looks_like_heading(line)


def has_final_stop(line: str) -> bool:
    """Return True when a line ends like a sentence (a full stop, a comma, a colon...)."""
    return bool(_TERMINAL.search(line.rstrip()))


def is_all_caps(line: str) -> bool:
    """Return True for a line written in capitals ("KEY FINDINGS")."""
    return line.isupper() and len(_LETTER.findall(line)) >= 3


def heading_level(line: str) -> int:
    """Return the level a numbered heading implies ("2.1 Methods" -> 3), else 2."""
    match = _NUMBERED_HEADING.match(line)
    return min(6, match.group(1).count(".") + 2) if match else 2
