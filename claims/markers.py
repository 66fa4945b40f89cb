"""The citation-marker grammar: one set of compiled patterns for every style found on the web.

``scan(text, start, end)`` finds, in one pass over a span of text, the citation markers
(bracket keys ``[4-6]``, numbers in round brackets ``(4)``, Unicode superscripts, caret keys
``^12``, author-year citations, footnote letters ``[a]``, Markdown footnotes ``[^3]`` and
numbered sources named in words ``Ref. 2``) and the
editors' flags (``[citation needed]``). Each marker keeps its exact text and offsets and the
normalised source keys it points to, ranges expanded (``[4-6]`` -> 4, 5, 6).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import accumulate, islice

from .lexicon import alternation, rows
from .model import Marker

#: The most citation markers read in one block. A paragraph of prose cites a few dozen; a line
#: of thousands of "[a](" cites nothing, and one marker object each (about 300 bytes) made
#: the reader grow 140 MB per MB of such a line. The rest of the block is read as text.
MARKERS_PER_BLOCK = 1_000

_DASH = "\\-–—‒‐‑−"
_KEY = r"[1-9]\d{0,2}(?:\.\d{1,3}){0,3}"
_ITEM = rf"{_KEY}(?:\s*[{_DASH}]\s*{_KEY})?"
_GROUP = rf"\[\s*{_ITEM}(?:\s*[,;]\s*{_ITEM})*\s*\]"
_SINGLE = rf"\[\s*{_KEY}\s*\]"
# "[e.g., 77]", "[see 4, 5]", and "compare", "see" in German, French and Spanish ("vgl.", "voir")
_SEE = (
    r"(?:e\.g\.|i\.e\.|see(?:\s+also)?|cf\.|vgl\.(?:\s+auch)?|siehe(?:\s+auch)?|voir(?:\s+aussi)?"
    r"|v[ée]ase)"
)
_BRACKET_PREFIX = rf"{_SEE},?\s+"
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_KEY = "[¹²³⁴⁵⁶⁷⁸⁹][⁰¹²³⁴⁵⁶⁷⁸⁹]{0,2}"
_SUP_ITEM = rf"{_SUP_KEY}(?:\s?[⁻{_DASH}]\s?{_SUP_KEY})?"  # "¹⁷⁻¹⁹", "¹⁷⁻ ¹⁹"
_SUP = rf"{_SUP_ITEM}(?:[,˒]\s?{_SUP_ITEM})*"
_CARET = rf"\^[1-9]\d{{0,2}}(?:\s*[,{_DASH}]\s*[1-9]\d{{0,2}})*"
_UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"
PARTICLES = alternation("name_particles.txt")
_PARTICLE = rf"(?:(?:{PARTICLES})\s+){{0,2}}"
# Letters, apostrophes and hyphens only: a word with a digit ("MusD2-neoTNF") names a gene or a
# construct, never an author.
_SURNAME = rf"{_PARTICLE}[{_UPPER}](?:[^\W\d_]|['’\-])*[^\W\d_](?:-[{_UPPER}](?:[^\W\d_]|['’])+)?"
# Inside round brackets a first author may take several capitalised words ("Mohamed Nor et al.,
# 2021", "Public Health England, 2019"), written in lower case after the capital (a specimen
# number "FMNH PR 2003" is no name); a narrative citation keeps to one word, since the words
# before a name are often capitalised too.
# An organisation may open on a one-letter word ("R Core Team 2023") and join its words with
# "of", "for" or "the" ("Soil Survey of England and Wales, 1983").
_ORG_WORD = rf"[{_UPPER}][a-zß-öø-ÿ'’\-]*[a-zß-öø-ÿ]"
_ORG_JOIN = r"(?:of|for|on|the|de|des|du|für)"
_FIRST_AUTHOR = (
    rf"(?:{_SURNAME}|[{_UPPER}](?=\s+{_ORG_WORD}))"
    rf"(?:\s+{_ORG_WORD}|\s+{_ORG_JOIN}(?:\s+{_ORG_JOIN})?(?=\s+[{_UPPER}])){{0,6}}"
)
_AUTHORS = rf"{_FIRST_AUTHOR}(?:\s+et\s+al\.?|(?:\s*,\s*{_SURNAME})*,?\s*(?:&|and)\s+{_SURNAME})?"
_YEAR = r"(?:1[6-9]|20)\d{2}[a-z]?|n\.d\.|in\s+press|forthcoming"
_PAGES = r"(?:(?:,\s*(?:p|pp|S)\.|:)\s*\d+(?:\s*[\-–]\s*\d+)?)"  # ", p. 4", ": 45", ", S. 40"
_POINTER = r"(?:(?:Table|Figure|Fig\.|Box|Chapter|Appendix)\s+\w+\s+in\s+)"
_CITE_PREFIX = rf"(?:(?:{_SEE}|reviewed\s+in),?\s+{_POINTER}?|{_POINTER})?"
# "2012, 2014", and a letter for the next work of the same year ("2019a, b")
_NEXT_LETTER = r"(?:(?<=[a-z],)|(?<=[a-z], ))[a-z](?=\s*[,;)])"
_YEARS = rf"(?:{_YEAR})(?:\s*,\s*(?:{_YEAR}|{_NEXT_LETTER}))*"
_NOT_SURNAME = (
    r"(?!(?:In|On|At|By|The|This|That|These|Since|From|Until|Before|After|During|Table|Figure|"
    r"Fig|Box|Act|January|February|March|April|May|June|July|August|September|October|"
    r"November|December|Spring|Summer|Autumn|Fall|Winter)\b)"
)
_CITE = rf"{_CITE_PREFIX}(?P<authors>{_NOT_SURNAME}{_AUTHORS}),?\s+(?P<years>{_YEARS}){_PAGES}?"
# A narrative citation: "Varga (1986)", "Lee and Park (2021)", "Okafor et al. (2019)"; a lone
# capitalised word must not be a common opener, a month or a document part ("In (2019)", see
# _NOT_SURNAME, which keeps "(July 2024)" from reading as a citation too).
_COLLEAGUES = r"(?:&|and)\s+(?:colleagues|co-?workers|co-?authors|others)"
# Not after a hyphen or apostrophe: "A-B-C-..." would be rescanned from each of its parts.
_NARRATIVE = (
    rf"\b(?<![\-'’]){_NOT_SURNAME}{_SURNAME}"
    rf"(?:\s+et\s+al\.?|\s+{_COLLEAGUES}|\s+(?:&|and)\s+{_SURNAME})?\s+\({_YEARS}\)"
    # "as in Burdin et al., 2014": a name with "et al." and a year needs no brackets
    rf"|\b(?<![\-'’]){_NOT_SURNAME}{_SURNAME}\s+et\s+al\.?,?\s+(?:1[6-9]|20)\d{{2}}[a-z]?(?![\w)])"
)


def _flag_pattern() -> str:
    notes = sorted((re.escape(row[0]) for row in rows("editor_flags.txt")), key=len, reverse=True)
    return rf"\[(?i:{'|'.join(notes)})\]"


# Numbers in round brackets ("coagulation (1).", "bone health (5, 6, 7).") are markers only at
# the end of a clause and after a word that is not a counter ("Table (2)", "stage (3)"). A
# counter labels one thing by its number, so a plural ("for 3,000 years (1).") is no counter, and
# a time or group word counts only after a preposition ("on day (3)", not "per day (3).").
_PAREN_ITEM = rf"[1-9]\d{{0,2}}(?:\s*[{_DASH}]\s*[1-9]\d{{0,2}})?"
# "(5) (6)." is two citations: the first ends its clause as the second does.
_CLAUSE_END_AFTER = re.compile(r"[ \t]*(?:[.,;:!?\]]|\n|$|\([ \t]*[1-9])")
_SENTENCE_END_AFTER = re.compile(r"[ \t]*(?:[.!?](?!\d)|\n|$)")
_COUNTERS = (
    r"eqs?|equations?|fig|figs|figures?|tables?|steps?|stages?|types?|grades?|"
    r"phases?|class|items?|chapters?|sections?|parts?|versions?|models?|"
    r"(?:on|in|at|of|from|to|by|for)\s+(?:group|day|week|month|year|case)|"
    r"no|nos|number|n|p|r"
)
_COUNTER_BEFORE = re.compile(
    rf"(?:^|[\s(])(?:{_COUNTERS}|and|or|to|of|in|at|from)\.?\s*$", re.IGNORECASE
)
_COUNTER_NOUN_BEFORE = re.compile(rf"(?:^|[\s(])(?:{_COUNTERS})\.?\s*$", re.IGNORECASE)
_NUMBER_BEFORE = re.compile(r"(?:^|[\s(=])[-+−±]?\d[\d.,]*%?\s+$")
# "word 10–12," / "word) 17–20.": two numbers and an en dash between a word and a clause's end
_BARE_RANGE = re.compile(
    rf"(?<=[^\W\d_)][ \t]|\)[ \t])([1-9]\d{{0,2}})[{_DASH}]([1-9]\d{{0,2}})(?=[,.;:)]|[ \t]*$)"
)
_ROUND_GROUP = re.compile(rf"\(\s*{_PAREN_ITEM}(?:\s*,\s*{_PAREN_ITEM})*\s*\)")
_PLAIN_CITE = _CITE.replace("(?P<authors>", "(?:").replace("(?P<years>", "(?:")
# A note of a named group, as Wikipedia prints them: "[n 1]", "[note 2]", "[Note 3]".
_GROUP_NOTE = r"\[[A-Za-z]{1,4} [1-9]\d{0,2}\]"
# Where in a source a bracket points after its key: "[23, pl. LII: 9]", "[5, pp. 10–12]".
_PLACE = r"(?i:p|pp|pl|pls|fig|figs|ch|chap|tab|sec|vol|no|para|table|figure|chapter|plate)"
_MASTER = re.compile(
    "|".join(
        (
            rf"(?P<flag>{_flag_pattern()})",
            rf"(?P<xrange>{_SINGLE}\s*[{_DASH}]\s*{_SINGLE})",
            rf"(?P<bracket>{_GROUP}|\[{_BRACKET_PREFIX}{_ITEM}(?:\s*[,;]\s*{_ITEM})*\s*\])",
            rf"(?P<located>\[\s*{_KEY}\s*(?::|,\s*{_PLACE}\.?)\s*[^\[\]\n]{{1,40}}\])",
            r"(?P<mdnote>\[\^[\w-]{1,24}\](?!:))",
            r"(?P<footnote>\[[a-z]\])",
            rf"(?P<groupnote>{_GROUP_NOTE})",
            rf"(?P<superscript>{_SUP})",
            rf"(?P<caret>{_CARET})",
            rf"(?P<paren>\({_PLAIN_CITE}(?:\s*;\s*{_PLAIN_CITE})*\))",
            rf"(?P<numbered>\(\s*{_PAREN_ITEM}(?:\s*,\s*{_PAREN_ITEM})*\s*\))",
        )
    )
)
# The characters every branch of _MASTER starts with: the pattern is tried only where one stands,
# since the engine cannot skip ahead to them itself (its branches start with named groups).
_MASTER_START = re.compile(r"[\[(^¹²³⁴⁵⁶⁷⁸⁹]")
# Narrative citations start at any capitalised word, so they get their own pattern, run only
# over spans that hold a "(year": every other branch above starts with one cheap character.
_NARRATIVE_RE = re.compile(_NARRATIVE)
# A whole link is a citation, so its first author may take several words ("Mohamed Nor and
# colleagues (2021a)"), as inside round brackets.
_LINKED_NARRATIVE = re.compile(
    rf"{_FIRST_AUTHOR}(?:\s+et\s+al\.?|\s+{_COLLEAGUES}|\s+(?:&|and)\s+{_SURNAME})?\s+\({_YEARS}\)"
)
# Where a narrative or inner citation may stand: "(2019", ", 2019", a year and its page
# ("Novak 2016: 45"), a year closing a bracket ("Maloy 1990)"), a year and a comma in a bracket
# ("(Smeets & Duchateau 2003, vgl. auch ...)").
_YEAR_IN_PARENS = re.compile(
    rf"\((?:{_YEAR})|,\s+(?:1[6-9]|20)\d{{2}}|\s(?:1[6-9]|20)\d{{2}}(?::\s?\d|[a-z]?\))"
    rf"|\([^()]{{1,80}}?\s(?:1[6-9]|20)\d{{2}}[a-z]?,"
)
# A name and year inside round brackets among other words: "(see Lee and Park, 2021, for a
# review)", "(a review is in Apps and Rees, 2009)", "( Burdin et al., 2014)".
# A name with "et al." and a year may follow any word there: "(MusD2-neoTNF Ribet et al., 2004)".
_INNER_CITE_RE = re.compile(
    rf"(?:(?:\(\s*|;\s*|\b(?:see|in|by|cf\.|e\.g\.,?|i\.e\.,?)\s+)"
    rf"(?P<cite>{_NOT_SURNAME}{_AUTHORS},?\s+{_YEARS})"
    rf"|\s(?P<etal>{_NOT_SURNAME}{_SURNAME}\s+et\s+al\.?,?\s+{_YEARS})"
    # a name and year closing a bracket whose opening was lost: "... Raj and Maloy 1990)"
    rf"|(?<=\s)(?P<closed>{_NOT_SURNAME}{_AUTHORS},?\s+{_YEARS})(?=\)))(?=\s*[);,:])"
)
_INVERTED_NAME_BEFORE = re.compile(rf"[{_UPPER}][\w'’\-]+,\s*$")
_CITE_RE = re.compile(_CITE)
# A numbered source named in words: "according to Ref. 2", "see refs. 3–5" (kept only where the
# number names an entry, claims.citestyle).
_REF_POINTER = re.compile(
    rf"\b[Rr]efs?\.\s?(?P<keys>{_PAREN_ITEM}(?:\s*,\s*{_PAREN_ITEM})*)(?![\d.]\d)"
)
# Tried only where a run of blanks starts: from inside a long run each try rescans its rest.
_AFTER_FIRST_AUTHOR = re.compile(r"(?<!\s)(?:\s+et\s+al\b|\s*,|\s+(?:&|and)\s+|\s*$)")
_YEAR_ITEM = re.compile(rf"{_YEAR}|(?<![\w.])[a-z](?![\w.])")
_OPENS_LINE = re.compile(r"(?:^|\n)[ \t]*+(?:[-*+•]|\d{1,2}[.)])?[ \t]*$")
_POSSESSIVE = re.compile(r"['’]s$")  # "Hartmann's (2017) survey"
_CO_AUTHOR_SPLIT = re.compile(r"(?<!\s)\s*+(?:,|&|\band\b)\s*")
_ET_AL = re.compile(r"\bet\s+al\b|\b(?:colleagues|co-?workers|co-?authors|others)\b")
_ORG_BEFORE_AND = re.compile(r"\s(?:of|for)\s+\S+$")
_NUMBER_ITEM = re.compile(rf"(\d+(?:\.\d+)*)(?:\s*[{_DASH}⁻]\s*(\d+(?:\.\d+)*))?")
_FROM_SUPERSCRIPT = str.maketrans(_SUPERSCRIPTS + "⁻˒", "0123456789-,")
#: What an exponent follows: a number, a unit, a one-letter symbol ("10²", "m²", "R²", "Å²").
EXPONENT_BEFORE = re.compile(r"(?:\d|\b(?:[cmkµμnd]?m|ft|in|yd|mi|s|[a-zA-ZÅ°]))$")
# A URL never holds a marker; it ends at a space, at a parenthesis it did not open, at a
# bracket group that ends it and at raised digits, so "(www.example.org)[41–43]" and
# "https://doi.org/10.1/XYZ¹³" keep their markers. Nor does code, nor TeX math: "$$...$$",
# and "$...$" as Pandoc reads it (a "$" with no space after it, closed by a "$" with no space
# before it and no digit after it), so "$(c-\nu)^2 - 4$" cites nothing and a price ("from $5
# to $10 [3]") keeps its marker.
_NO_MARKER_ZONE = re.compile(
    r"(?:https?://|www\.)(?:[^\s()\[\]<>⁰¹²³⁴⁵⁶⁷⁸⁹]|\([^\s()]*\)|\[[^\s\[\]]*\](?=[^\s\[\]().,;:!?]))+"
    r"|`[^`\n]*`"
    r"|\$\$[^$]+\$\$"
    r"|\$(?![\s$])[^$\n]+?(?<!\s)\$(?!\d)"
)
# Words that point into a document ("[Fig 3]", "[p 12]", "[Eq 2]"), never a group of notes.
_POINTER_NAME = re.compile(
    r"(?i:eqs?|figs?|tabs?|tbl|p|pp|no|nos|vol|ch|chap|sec|art|para?|pt|item|step|ex|app)"
)
# A key glued to the next word ("[t]he", "cgcg[t]gcag", "[3]x") is part of that word.
_GLUED_AFTER = re.compile(r"[^\W_]")
_MAX_RANGE = 100
_FLAG_WORD = re.compile(r"[a-z0-9()]+")
_PLACE_SEPARATOR = re.compile(r"[:,]")


@dataclass(frozen=True)
class Flag:
    """An editor's flag found in the text: ``citation-needed`` for ``[citation needed]``."""

    name: str
    start: int
    end: int


def scan(
    text: str, start: int = 0, end: int | None = None, limit: int | None = None
) -> tuple[list[Marker], list[Flag]]:
    """Return the citation markers and editors' flags in ``text[start:end]``, in order.

    ``limit``: stop at that many markers (MARKERS_PER_BLOCK for a block): the text after the
    last one kept is not looked at, so a run of markers costs no more than ``limit`` of them.
    """
    end = len(text) if end is None else end
    zones = _no_marker_zones(text, start, end)
    zone_starts = [a for a, _ in zones]
    markers: list[Marker] = []
    flags: list[Flag] = []
    for match in _master_matches(text, start, end):
        style = match.lastgroup or ""
        if style == "flag":
            flags.append(Flag(_flag_name(match.group()), match.start(), match.end()))
        elif not (zones and _inside(zones, zone_starts, match.start())):
            marker = _marker(text, match, style)
            if marker is not None:
                markers.append(marker)
                if limit is not None and len(markers) >= limit:
                    end = marker.end
                    break
    if (
        _YEAR_IN_PARENS.search(text, start, end)
        or _ET_AL.search(text, start, end)
        or _REF_POINTER.search(text, start, end)
    ):
        markers = _with_narrative(text, start, end, markers, zones, limit)
    return markers[:limit], flags


def _master_matches(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """Yield the matches of _MASTER in ``text[start:end]`` as ``finditer`` does, trying the
    pattern only at the characters a marker or a flag starts with."""
    resume = start
    for candidate in _MASTER_START.finditer(text, start, end):
        if candidate.start() >= resume:
            match = _MASTER.match(text, candidate.start(), end)
            if match is not None:
                resume = match.end()
                yield match


def _with_narrative(
    text: str,
    start: int,
    end: int,
    markers: list[Marker],
    zones: list[tuple[int, int]],
    limit: int | None = None,
) -> list[Marker]:
    """Return ``markers`` plus the narrative citations that overlap none of them, in order
    (of each kind, the first ``limit``)."""
    taken = sorted([(m.start, m.end) for m in markers] + zones)
    starts = [x for x, _ in taken]
    reach = list(accumulate((y for _, y in taken), max))  # the furthest end so far
    narrative = islice(_NARRATIVE_RE.finditer(text, start, end), limit)
    found = [_marker(text, match, "") for match in narrative]
    found += [
        Marker(m.group(), m.start(), m.end(), _number_keys(m.group("keys")), "bracket")
        for m in islice(_REF_POINTER.finditer(text, start, end), limit)
    ]
    if text.find("(", start, end) >= 0 or text.find(")", start, end) >= 0:
        inner = islice(_INNER_CITE_RE.finditer(text, start, end), limit)
        found += [_inner_cite(text, match) for match in inner]
    for marker in sorted((m for m in found if m is not None), key=lambda m: m.start):
        i = bisect_left(starts, marker.end) - 1  # the last span starting before this one ends
        if i >= 0 and reach[i] > marker.start:
            continue
        markers.append(marker)
        taken.insert(i + 1, (marker.start, marker.end))
        starts.insert(i + 1, marker.start)
        # The furthest end so far, kept without a rebuild of the list per citation: the spans
        # after this one start at or past its end (none is empty), so they reach past it.
        reach.insert(i + 1, max(reach[i], marker.end) if i >= 0 else marker.end)
    return sorted(markers, key=lambda m: m.start)


def _inner_cite(text: str, match: re.Match[str]) -> Marker | None:
    """Return the citation of "(see Lee and Park, 2021, for a review)": a name and year in
    round brackets beside other words, when the bracket is still open where it stands."""
    group = next(g for g in ("cite", "etal", "closed") if match.group(g))
    a, b = match.span(group)
    opened = text.rfind("(", max(0, a - 200), a)
    is_open = opened >= 0 and ")" not in text[opened:a]
    if is_open == (group == "closed"):
        return None
    keys = _author_year_keys(match.group(group))
    return Marker(match.group(group), a, b, keys, "author-year") if keys else None


def find_markers(text: str, start: int = 0, end: int | None = None) -> list[Marker]:
    """Return the citation markers in ``text[start:end]``, in order."""
    return scan(text, start, end)[0]


def merge_explicit(found: Iterable[Marker], explicit: Iterable[Marker]) -> list[Marker]:
    """Return ``explicit`` markers plus those of ``found`` that overlap none of them, in order."""
    chosen = sorted(explicit, key=lambda m: m.start)
    starts = [m.start for m in chosen]
    kept = [m for m in found if not _overlaps(chosen, starts, m.start, m.end)]
    return sorted((*chosen, *kept), key=lambda m: m.start)


def join_ranges(text: str, markers: list[Marker]) -> list[Marker]:
    """Return ``markers`` (in order) with each range printed as two markers made one.

    "[<a>3</a>–<a>5</a>]" and "<a>[2]</a>–<a>[7]</a>" are links (or xrefs) to 3 and 5 with a
    dash between them: the citation is of 3, 4 and 5, as "[3–5]" in running text is.
    """
    joined: list[Marker] = []
    for marker in markers:
        previous = joined[-1] if joined else None
        if previous is not None and _is_range_gap(text[previous.end : marker.start]):
            low, high = previous.keys[-1:], marker.keys[:1]
            if low and high and low[0].isdigit() and high[0].isdigit():
                keys = (*previous.keys[:-1], *_expand(low[0], high[0]), *marker.keys[1:])
                raw = text[previous.start : marker.end]
                unique = tuple(dict.fromkeys(keys))
                joined[-1] = Marker(raw, previous.start, marker.end, unique, previous.style)
                continue
        joined.append(marker)
    return joined


def _is_range_gap(between: str) -> bool:
    core = between.strip().strip("[]()").strip()
    return len(core) == 1 and core in _DASH.replace("\\", "")


def _overlaps(spans: list[Marker], starts: list[int], start: int, end: int) -> bool:
    i = bisect_right(starts, end - 1) - 1  # the last marker that starts before ``end``
    return i >= 0 and spans[i].end > start


def _no_marker_zones(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return the spans of web addresses and code in ``text[start:end]``, in order; spans that
    touch are one (a line of backticks is one span, not a pair of ints every two characters:
    120 MB for 2 MB)."""
    find = text.find  # what a web address or code holds: a block with none of it has no zone
    if (
        find("://", start, end) < 0
        and find("www.", start, end) < 0
        and find("`", start, end) < 0
        and find("$", start, end) < 0
    ):
        return []
    zones: list[tuple[int, int]] = []
    for match in _NO_MARKER_ZONE.finditer(text, start, end):
        if zones and zones[-1][1] == match.start():
            zones[-1] = (zones[-1][0], match.end())
        else:
            zones.append(match.span())
    return zones


def _inside(zones: list[tuple[int, int]], starts: list[int], pos: int) -> bool:
    i = bisect_right(starts, pos) - 1  # zones are sorted and apart: only this one can hold pos
    return i >= 0 and pos < zones[i][1]


def _flag_name(note: str) -> str:
    words = _FLAG_WORD.findall(note.lower().replace("(s)", "s"))
    return "-".join(words)


def _marker(text: str, match: re.Match[str], style: str) -> Marker | None:
    raw = match.group()
    if style == "caret" and match.start() > 0 and text[match.start() - 1] == "[":
        return None  # "[^1]: ..." defines a Markdown footnote
    if raw.endswith("]") and _GLUED_AFTER.match(text, match.end()):
        return None
    if style == "groupnote":
        name, number = raw[1:-1].split()
        if _POINTER_NAME.fullmatch(name):  # "[Fig 3]", "[p 12]": a pointer, no note
            return None
        keys: tuple[str, ...] = (f"{name} {number}",)
        style = "footnote"
    elif style == "located":  # "[1: 290–293]", "[23, pl. 9]": a source and where in it
        keys = (_PLACE_SEPARATOR.split(raw[1:])[0].strip(),)
        style = "bracket"
    elif style in ("bracket", "xrange", "caret"):
        keys = _number_keys(raw.replace("[", "").replace("]", ""))
        style = "bracket" if style == "xrange" else style
    elif style == "superscript":
        if EXPONENT_BEFORE.search(text, max(0, match.start() - 3), match.start()):
            return None
        keys = _number_keys(raw.translate(_FROM_SUPERSCRIPT))
    elif style == "footnote":
        if _OPENS_LINE.search(text, max(0, match.start() - 12), match.start()):
            return None  # "- [x] done" is a checkbox; a note letter follows its words
        keys = (raw[1],)
    elif style == "mdnote":
        keys = (raw[2:-1],)
        style = "footnote"
    elif style == "numbered":
        if not _ends_clause(text, match.start(), match.end()):
            return None
        keys = _number_keys(raw)
        style = "bracket"
    else:
        if not raw.startswith("(") and _INVERTED_NAME_BEFORE.search(
            text, max(0, match.start() - 40), match.start()
        ):
            return None  # "Summerfield, Mark (2009)": a bibliography line, not a citation
        keys = _author_year_keys(raw)
        style = "author-year"
    if not keys:
        return None
    return Marker(raw, match.start(), match.end(), keys, style)


_LABEL_ITEM = rf"{_ITEM}|[a-zA-Z]{{1,2}}|[A-Za-z]{{1,4}} [1-9]\d{{0,2}}"
_LABEL = re.compile(rf"\[?\s*(?:{_LABEL_ITEM})(?:\s*[,;]\s*(?:{_LABEL_ITEM}))*\s*\]?")
_LABEL_PREFIX = re.compile(r"^\[?\s*(?:e\.g\.|i\.e\.|see(?:\s+also)?|cf\.),?\s+(?=\d)", re.I)
_LOCATED_LABEL = re.compile(rf"\[?\s*({_KEY})\s*:\s*[^\[\]\n]{{1,40}}?\s*+\]?")
_LABEL_PART = re.compile(rf"[A-Za-z]{{1,4}} [1-9]\d{{0,2}}|{_ITEM}|[a-zA-Z]{{1,2}}")


def label_keys(label: str) -> tuple[str, ...]:
    """Return the keys of a marker printed as a link or superscript, else ().

    The text of a linked or raised marker is read with the same grammar as markers in running
    text: "[4–6]" gives 4, 5, 6; "2, 5" gives 2, 5; "a" and "[n 1]" name notes.
    """
    label = _LABEL_PREFIX.sub("", " ".join(label.split()))
    if located := _LOCATED_LABEL.fullmatch(label):
        return (located.group(1),)  # "[1: 290–293]": the source, and where in it
    if not _LABEL.fullmatch(label):
        return ()
    keys: list[str] = []
    for part in _LABEL_PART.findall(label):
        keys.extend(_number_keys(part) if part[0].isdigit() else (part,))
    return tuple(dict.fromkeys(keys))


def round_numbers(text: str, start: int, end: int) -> list[Marker]:
    """Return every number group in round brackets after a word ("reported (5) in", "from
    (40)."), wherever it stands in its clause: the candidates of an article that cites so."""
    found = []
    for match in _ROUND_GROUP.finditer(text, start, end):
        a = match.start()
        if a < 2 or not text[a - 1].isspace() or text[a - 2].isspace() or _after_number(text, a):
            continue
        if after_counter(text, a):
            continue
        found.append(Marker(match.group(), a, match.end(), _number_keys(match.group()), "bracket"))
    return found


def closes_sentence(text: str, end: int) -> bool:
    """Tell whether a sentence ends right at ``end``: a full stop (not a decimal point), a
    question or exclamation mark, or the end of a line."""
    return _SENTENCE_END_AFTER.match(text, end) is not None


def bare_ranges(text: str, start: int, end: int) -> list[Marker]:
    """Return every range of two numbers printed bare at a clause's end after a word ("isoforms
    (Figure 2) 10–12, which", "fixation 17–20."): a citation whose brackets the page lost, in
    an article that numbers its sources as it cites them (``claims.citestyle``)."""
    found = []
    for match in _BARE_RANGE.finditer(text, start, end):
        a = match.start()
        if _COUNTER_BEFORE.search(text, max(0, a - 16), a) or _after_number(text, a):
            continue
        keys = _expand(match.group(1), match.group(2))
        if len(keys) > 2 or int(keys[1]) == int(keys[0]) + 1:
            found.append(Marker(match.group(), a, match.end(), keys, "bracket"))
    return found


def after_counter(text: str, start: int) -> bool:
    """Tell whether a counter noun stands right before ``start`` ("Table (2)", "section [37]")."""
    return _COUNTER_NOUN_BEFORE.search(text, max(0, start - 16), start) is not None


def cite_keys(label: str) -> tuple[str, ...]:
    """Return the author-year keys of a citation printed as a link ("Lee et al., 2019",
    "Seal, Becker, & Rife, 2017", "Stotsky (1996)"), read with the running-text grammar."""
    label = " ".join(label.split())
    if _LINKED_NARRATIVE.fullmatch(label):
        return _author_year_keys(label)
    inner = label.removeprefix("(").removesuffix(")")
    return _author_year_keys(f"({inner})") if _CITE_RE.fullmatch(inner) else ()


def _ends_clause(text: str, start: int, end: int) -> bool:
    """Tell whether a "(1)" follows a word and ends a clause, as citations in round brackets do."""
    if start < 2 or not text[start - 1].isspace() or text[start - 2].isspace():
        return False
    if _after_number(text, start):  # "mean 5.2 (1.3)", "30 (12)": a value and its spread
        return False
    if _COUNTER_BEFORE.search(text, max(0, start - 16), start):
        return False
    return _CLAUSE_END_AFTER.match(text, end) is not None


def _after_number(text: str, start: int) -> bool:
    """Tell whether a number stands right before ``start`` ("5.2 (1.3)"; not "GSE31519 (7)")."""
    return _NUMBER_BEFORE.search(text, max(0, start - 24), start) is not None


def _number_keys(raw: str) -> tuple[str, ...]:
    keys: list[str] = []
    for match in _NUMBER_ITEM.finditer(raw):
        first, last = match.group(1), match.group(2)
        keys.extend(_expand(first, last) if last else (first,))
    return tuple(dict.fromkeys(keys))


def _expand(first: str, last: str) -> tuple[str, ...]:
    head, _, low = first.rpartition(".")
    head_last, _, high = last.rpartition(".")
    if head != head_last or not 0 < int(high) - int(low) <= _MAX_RANGE:
        return (first, last)
    prefix = f"{head}." if head else ""
    return tuple(f"{prefix}{n}" for n in range(int(low), int(high) + 1))


def _cites(raw: str) -> list[tuple[str, str]]:
    """Return the (authors, years) of each citation in an author-year marker's text."""
    if raw.startswith("(") or "(" not in raw:
        return [(m.group("authors"), m.group("years")) for m in _CITE_RE.finditer(raw)]
    authors, _, years = raw.partition("(")
    return [(authors, years)]


def _author_year_keys(raw: str) -> tuple[str, ...]:
    keys: list[str] = []
    for authors, years in _cites(raw):
        surname = _POSSESSIVE.sub("", _first_author(authors))
        if surname:
            keys.extend(f"{surname} {year}" for year in _year_keys(years))
    return tuple(dict.fromkeys(keys))


def named_keys(raw: str) -> dict[str, str]:
    """Return each author-year key of a marker's text with who else the citation names:
    "Grown and Valodia (2010)" gives "Grown 2010" -> "Grown & Valodia 2010", "(Grown et al.,
    2010)" gives "Grown et al. 2010", "Grown (2010)" keeps "Grown 2010" (one author alone)."""
    found: dict[str, str] = {}
    for authors, years in _cites(raw):
        first = _first_author(authors)
        surname = _POSSESSIVE.sub("", first)
        if not surname:
            continue
        rest = authors.strip()[len(first) :]
        names = [n for n in _CO_AUTHOR_SPLIT.split(rest) if n.strip()]
        others = f" & {names[0].strip()}" if len(names) == 1 else " et al." if names else ""
        if _ET_AL.search(rest):
            others = " et al."
        for year in _year_keys(years):
            found.setdefault(f"{surname} {year}", f"{surname}{others} {year}")
    return found


def _year_keys(years: str) -> list[str]:
    """Return the years of a citation, a lone letter completed by the year before it ("2019a,
    b" -> 2019a, 2019b)."""
    found: list[str] = []
    for item in _YEAR_ITEM.finditer(years):
        year = item.group()
        if len(year) == 1 and found and found[-1][-1:].isalpha():
            year = found[-1][:-1] + year
        found.append(year)
    return found


def _first_author(authors: str) -> str:
    """Return the first author's surname: the words before "et al.", a comma, "&" or "and"
    (an organisation's "and" excepted: "Soil Survey of England and Wales")."""
    authors = authors.strip()
    pos = 0
    while (end := _AFTER_FIRST_AUTHOR.search(authors, pos)) is not None:
        if end.group().strip() != "and" or not _ORG_BEFORE_AND.search(authors, 0, end.start()):
            return authors[: end.start()]
        pos = end.end()
    return authors
