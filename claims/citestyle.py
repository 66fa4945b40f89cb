"""Judge candidate citation markers against the article's own citation style.

The grammar (``claims.markers``) proposes every span shaped like a marker; this module keeps
those that fit the article. It first learns the article's reference keys (numbers, dotted
numbers, note letters, note groups; the entries' texts for author-year citations) and which
marker forms the article really uses; then a candidate is kept when it resolves to an entry,
or when it has a form the article uses and is no quantity. So "(Maury, 1917)" in a paper that
cites by number, "[30, 60] mm", "2.5 [1.6–3.9]", "E[x]" or an unlinked raised "H" are not
markers, while "[37]" beside a list of 30 stays one (a real dangling marker). Markers the
markup states (links, ``<xref>``) are kept as they are.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise

from .lexicon import words
from .markers import after_counter, bare_ranges, closes_sentence, round_numbers
from .model import Marker
from .raised import raised, symbolic, table_notes

#: A printed label at the start of an entry: "12.", "[12]", "1.4.3", "a)", "[^3]:", "n 1".
_ENTRY_LABEL = re.compile(
    r"\s*(?:\[\^?)?([1-9]\d{0,3}(?:\.\d{1,3})*|[a-zA-Z](?=[.)\]])|[A-Za-z]{1,4} [1-9]\d{0,2})"
    r"(?:\]:?|[.):])?\s"
)
_YEAR = re.compile(r"(1[6-9]\d{2}|20\d{2})[a-z]?$")
_AUTHORS_END = re.compile(r"[\"“«„]|(?<!\d)(?:1[6-9]\d{2}|20\d{2})(?!\d)|(?<=[^\W\d_]{2})\.\s")
# Where the first author ends: "Smith, J.", "Smith J, Lee K", "Smith & Lee", "Smith and Lee"
_NEXT_AUTHOR = re.compile(r"[,;&]|\s(?:and|et|und|y)\s")
# Who else a key names after its first author: "Grown & Valodia 2010", "Grown et al. 2010"
_CO_AUTHORS = re.compile(r"(?<!\s)\s+(?:&\s.*+|et al\.?)\s*$")  # one start a run
_NUMERIC_KEY = re.compile(r"\d+(?:\.\d+)*")
# "+" is an operator only apart from the word before it: "CD5+ [10]" names cells
_BEFORE_QUANTITY = re.compile(r"(?:\d|[∈=≤≥±×∼~≈÷*/^_]|(?<!\S)\+|\s[<>])[ \t]*$")
_UNIT_AFTER = re.compile(r"[ \t\u00a0\u202f]?([^\s,.;:)\]]+)")
# "F[1,12] = 8.42": a term of a formula
_RELATION_AFTER = re.compile(r"[ \t]*(?:[=≤≥≈]|[<>][ \t\d])")
_PERCENT_AFTER = re.compile(r"[ \t]?[%‰°]")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_NOT_WORD = re.compile(r"[^\w\s]|_")
_ENTRY_YEAR = re.compile(r"(?<!\d)(1[6-9]\d{2}|20\d{2})(?!\d)")
_LISTED = re.compile(r"\d\s*[,;]\s*\d")
_ITEM_SEPARATOR = re.compile(r"[,;]")
#: An article numbers its sources in citing order when this share of the numbers it cites for
#: the first time (of at least _IN_ORDER_MIN) is the next after the highest yet; a bare range
#: then cites when it starts at most _GAP past that highest number.
_IN_ORDER_SHARE = 0.8
_IN_ORDER_MIN = 10
_GAP = 2
#: Round citations a page with no numbered list prints before a preposition's "(3)." cites.
_ROUND_UNLISTED = 3
#: A numeric form used this many times less than the article's main one is not its style.
_MINOR = 4
#: Brackets with one key this many times as often as lists of keys: the article's only form.
_SINGLE_STYLE = 50
#: An article that cites several sources as a chain of brackets ("[2][3]") at least this many
#: times, and this many times as often as in one bracket ("[2, 3]"), lists no keys in a
#: bracket: "[16, 19] nautical miles" there is a range.
_CHAINS = 5
_FIRST_NOTES = re.compile(r"[aA]|[A-Za-z]{1,4} 1")
_MARKUP = re.compile(r"<[^<>]*>|[*_]")
# A genus and a species epithet, with a Latin ending: "Aporrectodea caliginosa", "Mus musculus"
_SPECIES_BEFORE = re.compile(
    r"\b([A-Z][a-z]+)\s+[a-z]+(?:us|um|a|ae|is|es|i|ix|ex|ops|oides|ensis)\s*$"
)


def fold(text: str) -> str:
    """Return ``text`` case- and diacritic-insensitive, letters and digits only."""
    decomposed = unicodedata.normalize("NFKD", text)
    if not decomposed.isascii():  # ASCII has no combining marks to drop
        decomposed = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = decomposed.casefold()
    return " ".join(_NOT_WORD.sub("", plain).split())


@dataclass(frozen=True)
class Entries:
    """What the article's reference and note lists offer a marker to resolve to."""

    keys: frozenset[str]
    by_year: dict[str, tuple[str, ...]]  # year -> folded first authors of its entries
    #: what ``_names`` and ``shared`` said of each author-year key asked before (a page cites
    #: a work often)
    _named: dict[str, bool] = field(default_factory=dict, init=False, compare=False, repr=False)
    _shared: dict[str, bool] = field(default_factory=dict, init=False, compare=False, repr=False)

    @classmethod
    def of(cls, text: str, entries: Iterable[tuple[str | None, int, int]]) -> Entries:
        """Return the entries of (key, start, end) reference blocks of ``text``."""
        keys: set[str] = set()
        by_year: dict[str, list[str]] = {}
        for key, start, end in entries:
            label = _ENTRY_LABEL.match(text, start, end)
            if key or label:
                keys.add(key or label.group(1))  # type: ignore[union-attr]
            authors = _authors(text, label.end() if label else start, end)
            authors = f" {fold(_first_author(authors))} "
            for year in set(_ENTRY_YEAR.findall(text[start:end])):
                by_year.setdefault(year, []).append(authors)
        return cls(frozenset(keys), {y: tuple(t) for y, t in by_year.items()})

    @cached_property
    def numeric(self) -> bool:
        return any(_NUMERIC_KEY.fullmatch(k) for k in self.keys)

    @cached_property
    def dotted(self) -> bool:
        return any("." in k for k in self.keys)

    def __bool__(self) -> bool:
        return bool(self.keys or self.by_year)

    def resolves(self, marker: Marker) -> bool:
        """Tell whether every key of ``marker`` names an entry."""
        if marker.style == "author-year":
            return all(self._names(key) for key in marker.keys)
        return all(key in self.keys for key in marker.keys)

    def shared(self, key: str) -> bool:
        """Tell whether two or more entries share an author-year key's first author and year
        (and no letter tells them apart): "Grown 2010" for "Grown C (2010)" and "Grown C,
        Valodia I (2010)"."""
        found = self._shared.get(key)
        if found is None:
            found = self._shared[key] = self._reads_shared(key)
        return found

    def _reads_shared(self, key: str) -> bool:
        year = _YEAR.search(key)
        if not year or year.group() != year.group(1):
            return False
        name = fold(key[: year.start()]).split()
        texts = self.by_year.get(year.group(1), ())
        return bool(name) and sum(f" {name[-1]} " in t for t in texts) > 1

    def _names(self, key: str) -> bool:
        named = self._named.get(key)
        if named is None:
            named = self._named[key] = self._reads_names(key)
        return named

    def _reads_names(self, key: str) -> bool:
        year = _YEAR.search(key)
        if not year:
            return False
        name = fold(_CO_AUTHORS.sub("", key[: year.start()])).split()
        texts = self.by_year.get(year.group(1), ())
        return bool(name) and any(f" {name[-1]} " in t for t in texts)


def _authors(text: str, start: int, end: int) -> str:
    """Return the part of an entry that names its authors: up to its year, its quoted title or
    the first full stop after a word ("World Health Organization. Report ...", "Halvorsen
    Consulting, "Lindmoor Fare Study," 2022"), so a word of a title names no author."""
    stop = _AUTHORS_END.search(text, start, end)
    return text[start : stop.start() if stop else end]


def _first_author(authors: str) -> str:
    """Return the first name of an entry's authors ("Ford ME, Sarkis GJ" -> "Ford ME")."""
    return _NEXT_AUTHOR.split(authors, maxsplit=1)[0]


def form(marker: Marker) -> str:
    """Return the form of a marker: round, square, superscript, author-year, pointer ("Ref.
    2": a citation only where its number names an entry) or note."""
    if marker.style == "author-year":
        return "author-year"
    if marker.text[:1].isalpha():
        return "pointer"  # "Ref. 2"
    if marker.style == "footnote" or not marker.keys[0][0].isdigit():
        return "note"
    if marker.style == "bracket" and marker.text.startswith("("):
        return "round"
    # a raised bracket ("<sup>[3]</sup>") is a bracket, as Wikipedia prints its markers
    return "superscript" if marker.style == "superscript" and "[" not in marker.text else "square"


def judge(
    text: str,
    entries: Entries,
    found: Sequence[list[Marker]],
    explicit: Sequence[list[Marker]],
    spans: Sequence[tuple[int, int] | None],
    linked: bool = False,
) -> list[list[Marker]]:
    """Return, block by block, the markers of ``found`` that fit the article's style.

    ``explicit`` holds the markers the markup states, block by block; ``spans`` the blocks'
    (start, end), or None for blocks that carry no markers; ``linked`` says the markup links
    its citations to their entries.
    """
    notes = table_notes(text, found, spans)
    found = [
        [m for m in ms if not (raised(m) and (m.start in notes or symbolic(text, m)))] if ms else []
        for ms in found
    ]
    candidates = [m for ms in found for m in ms]
    stated = [m for ms in explicit for m in ms]
    style = _Style(entries, candidates, stated, linked)
    judged = []
    for block_found, span in zip(found, spans, strict=True):
        kept = [m for m in block_found if style.fits(text, m)] if block_found else []
        if (style.cites_round or style.round_unlisted) and span is not None:
            taken = {(m.start, m.end) for m in kept}
            loose = [
                m
                for m in round_numbers(text, *span)
                if (m.start, m.end) not in taken and style.loose_round(text, m)
            ]
            kept = sorted((*kept, *loose), key=lambda m: m.start)
        judged.append(kept)
    if not linked and entries.numeric and _in_citing_order(judged, explicit):
        judged = _with_bare_ranges(text, entries, judged, explicit, spans)
    return judged


def _numbers(marker: Marker) -> list[int]:
    return [int(k) for k in marker.keys if k.isdigit()]


def _in_citing_order(judged: Sequence[list[Marker]], stated: Sequence[list[Marker]]) -> bool:
    """Tell whether an article numbers its sources as it first cites them (1, 2, 3 ... in
    order of first citation): most numbers cited for the first time follow the highest yet."""
    highest, new, next_in_line = 0, 0, 0
    for ms, given in zip(judged, stated, strict=True):
        if not ms and not given:
            continue  # most blocks cite nothing
        for m in sorted((*ms, *given), key=lambda m: m.start):
            for n in sorted(_numbers(m)):
                if n > highest:
                    new += 1
                    next_in_line += n == highest + 1
                    highest = n
    return new >= _IN_ORDER_MIN and next_in_line >= _IN_ORDER_SHARE * new


def _with_bare_ranges(
    text: str,
    entries: Entries,
    judged: list[list[Marker]],
    stated: Sequence[list[Marker]],
    spans: Sequence[tuple[int, int] | None],
) -> list[list[Marker]]:
    """Return ``judged`` with the bare ranges ("(Figure 2) 10–12, which") that take up the
    article's numbering where it stands: entries just past the highest number cited so far,
    so a citation whose brackets the page lost, not a quantity."""
    highest = 0
    out: list[list[Marker]] = []
    for ms, given, span in zip(judged, stated, spans, strict=True):
        loose = bare_ranges(text, *span) if span is not None else []
        if not loose and not ms and not given:
            out.append([])  # most blocks cite nothing
            continue
        taken = [(m.start, m.end) for m in (*ms, *given)]
        loose = [m for m in loose if not any(a < m.end and m.start < b for a, b in taken)]
        kept = list(ms)
        for m in sorted((*ms, *given, *loose), key=lambda m: m.start):
            numbers = _numbers(m)
            if m in loose:
                if not highest < numbers[0] <= highest + _GAP or not entries.resolves(m):
                    continue
                kept.append(m)
            highest = max(highest, *numbers) if numbers else highest
        out.append(sorted(kept, key=lambda m: m.start))
    return out


class _Style:
    """The marker forms an article uses, learnt from its entries and its candidates."""

    def __init__(
        self, entries: Entries, candidates: list[Marker], stated: list[Marker], linked: bool
    ) -> None:
        # Markup that links its citations (JATS xrefs, HTML links) links every number: an
        # unlinked "[1, 2, 3]" is a list in code. A name and year that resolve still cite.
        self.linked = linked and bool(stated)
        if entries.keys and not any(entries.resolves(m) for m in (*candidates, *stated)):
            entries = Entries(frozenset(), entries.by_year)  # a list numbered some other way
        self.entries = entries
        self.minor: set[str] = set()
        if not entries:
            self.linked = False  # nothing to resolve to: judge by form alone
        shapes = [form(m) for m in candidates]
        forms = Counter(shapes)
        # An article that prints every bracket with one key ("[12]") cites no list of numbers:
        # "[1, 2, 3]" or "[119, 105, 107]" there is a value of code or data.
        groups = sum(
            1
            for m, shape in zip(candidates, shapes, strict=True)
            if shape == "square" and _listed(m) and not _repeats(m)
        )
        squares = sorted((m for m in candidates if m.text.startswith("[")), key=lambda m: m.start)
        chains = sum(1 for a, b in pairwise(squares) if a.end == b.start and not _listed(a))
        self.single_keys = (
            forms["square"] >= _SINGLE_STYLE and groups * _SINGLE_STYLE < forms["square"]
        ) or (chains >= _CHAINS and groups * _CHAINS <= chains)
        resolving = Counter(
            shape for m, shape in zip(candidates, shapes, strict=True) if entries.resolves(m)
        )
        stated_numeric = sum(1 for m in stated if m.keys and m.keys[0][0].isdigit())
        others = forms["square"] + forms["superscript"] + stated_numeric
        self.round_allowed = forms["round"] > others  # else "(4)" counts and numbers lists
        self.cites_round = self.round_allowed and bool(entries)
        # A page that cites in round brackets and lists its sources unnumbered (or not at all)
        # has no entry to name: a number closing a sentence after a preposition ("compared to
        # (3).") cites there when it falls within the numbers the page cites so, and its other
        # round citations are many. "equal to (1, 2, 3)." on a page citing otherwise is a value.
        rounds = [
            int(k)
            for m, shape in zip(candidates, shapes, strict=True)
            if shape == "round"
            for k in m.keys
        ]
        self.round_unlisted = (
            self.round_allowed and not entries.numeric and forms["round"] >= _ROUND_UNLISTED
        )
        self.round_reach = max(rounds, default=0) + _GAP
        if not entries:
            self.used = set(forms)
        else:
            # A number that resolves shows the article numbers its citations; a name and year
            # show it cites by name only when most of them resolve (else they are mentions:
            # taxonomic authorities, films, dated events).
            self.used = {f for f in forms if resolving[f] and f != "author-year"}
            if resolving["author-year"] * 2 >= forms["author-year"] > 0:
                self.used.add("author-year")
            if not entries.numeric:
                # An unnumbered list: author-year citations fit it once one of them names an
                # entry ("the Fare Study (2022)" beside a list that has no such author is a
                # title), and numbers do when the article cites by number more often than by a
                # name its list holds.
                if resolving["author-year"]:
                    self.used.add("author-year")
                numeric = ("round", "square", "superscript")
                if sum(forms[f] for f in numeric) > resolving["author-year"]:
                    self.used |= {f for f in numeric if forms[f]}
            # An article numbers its citations one way: raised numbers in a paper that cites
            # in brackets ("dP⁴", a tooth) are no citations, nor brackets in one citing raised.
            # Such a minor form is no citation even where its number names an entry.
            top = max(forms["square"], forms["superscript"])
            self.minor = {f for f in ("square", "superscript") if forms[f] * _MINOR < top}
            self.used -= self.minor
        notes = {
            k
            for m, shape in zip(candidates, shapes, strict=True)
            if shape == "note"
            for k in m.keys
        }
        notes |= {k for m in stated if form(m) == "note" for k in m.keys}
        notes |= {k for k in entries.keys if not k[0].isdigit()}
        # An apparatus of notes starts at "a" or "n 1". Beside a list without letters, only
        # bracketed letters are notes of the article ("[a]"); raised ones are a table's.
        self.lettered = any(k.isalpha() for k in entries.keys) or not entries
        if any(_FIRST_NOTES.fullmatch(k) for k in notes):
            self.used.add("note")
        else:
            self.used.discard("note")
        self.group_notes = any(_FIRST_NOTES.fullmatch(k) and " " in k for k in notes)

    def fits(self, text: str, marker: Marker) -> bool:
        kind = form(marker)
        if marker.text.startswith("[^"):
            return True  # a Markdown footnote reference says what it is
        if kind == "author-year" and _authority(text, marker):
            # an authority that names an entry still cites in an article citing by name
            by_name = "author-year" in self.used and not self.entries.numeric
            return by_name and self.entries.resolves(marker)
        if self.linked:  # only a name and year still name their entry without the link
            return kind == "author-year" and self.entries.resolves(marker)
        if kind == "note" and " " in marker.keys[0] and self.group_notes:
            return True  # "[note 2]" in an article whose notes start at "[note 1]"
        if kind == "note" and (
            "note" not in self.used or not (self.lettered or "[" in marker.text)
        ):
            return False
        if kind in ("round", "square", "superscript"):
            if kind in self.minor or (kind == "round" and not self.round_allowed):
                return False
            if self._quantity(text, marker):
                return False
            if _listed(marker) and (self.single_keys or _repeats(marker)):
                return False
            if self.entries and not self.entries.dotted and any("." in k for k in marker.keys):
                return False
            counted = text[marker.start - 1 : marker.start].isspace() and after_counter(
                text, marker.start
            )
            if self.entries.numeric and counted:
                # "la section [37]", "step [4]": a number the text counts with, unless it
                # names an entry ("see the Methods section [12]")
                return self.entries.resolves(marker)
        if kind == "pointer":
            return self.entries.resolves(marker)
        if kind == "author-year" and not self.entries.resolves(marker):
            return kind in self.used and not _named_thing(text, marker)
        return self.entries.resolves(marker) or kind in self.used

    def loose_round(self, text: str, marker: Marker) -> bool:
        """Tell whether a number group in round brackets the grammar left out (one after a
        preposition, "compared to (3).") cites: it names an entry of a numbered list, or, on a
        page citing in round brackets with no numbered list, it closes its sentence, repeats no
        number and stays within the numbers cited so."""
        if self.cites_round and self.entries.numeric:
            return self.entries.resolves(marker)
        return (
            self.round_unlisted
            and closes_sentence(text, marker.end)
            and not _repeats(marker)
            and all(int(k) <= self.round_reach for k in marker.keys)
        )

    def _quantity(self, text: str, marker: Marker) -> bool:
        """Tell whether numbers in brackets are a quantity: an interval, a coordinate.

        "∈ [5, 120]", "= (3, 4)", "2.5 [1.6–3.9]" (decimals after a number), "[30, 60] mm"
        (a pair of numbers before a unit), "[5, 10]%", "F[1,12] = 8.42"."""
        if marker.text[:1] not in "[(":
            return False
        before = _BEFORE_QUANTITY.search(text, max(0, marker.start - 3), marker.start)
        if before and (not before.group().strip()[:1].isdigit() or _has_decimals(marker)):
            return True
        if _PERCENT_AFTER.match(text, marker.end) or _RELATION_AFTER.match(text, marker.end):
            return True
        unit = _UNIT_AFTER.match(text, marker.end)
        pair = len(_NUMBER.findall(marker.text)) >= 2
        return pair and unit is not None and unit.group(1) in words("units.txt")


def _authority(text: str, marker: Marker) -> bool:
    """Tell whether a name and year in round brackets follow the name of a species: a
    taxonomic authority ("*Aporrectodea caliginosa* (Savigny, 1826)"), no citation."""
    if not marker.text.startswith("("):
        return False
    before = _MARKUP.sub("", text[max(0, marker.start - 80) : marker.start])
    species = _SPECIES_BEFORE.search(before)
    return species is not None and species.group(1).lower() not in words("openers.txt")


def _named_thing(text: str, marker: Marker) -> bool:
    """Tell whether a narrative name and year that name no entry are part of a longer name or
    follow "the": a thing and its year ("the Marcher Soil Survey (2022) maps"), no author."""
    if marker.text.startswith("("):
        return False
    before = _MARKUP.sub("", text[max(0, marker.start - 80) : marker.start])
    tokens = before.split()
    if not tokens or not before[-1:].isspace():
        return False
    last = tokens[-1]
    if last.lower() == "the":
        return True
    # a capitalised word right before the name, not the one that opens the sentence
    opens = len(tokens) == 1 or tokens[-2].endswith((".", "!", "?", ":"))
    return last[:1].isupper() and last[-1:].isalpha() and not opens


def _listed(marker: Marker) -> bool:
    """Tell whether a bracket lists several numbers ("[2, 5]", "[119, 105, 107, 105]")."""
    keys = marker.text.split(":")[0]  # "[22: 50, 62–65]" cites one entry, at its pages
    return keys.startswith("[") and _LISTED.search(keys) is not None


def _repeats(marker: Marker) -> bool:
    """Tell whether a bracket prints a number twice ("[7, 5, 7, 5]"): citations never do."""
    items = [i.strip() for i in _ITEM_SEPARATOR.split(marker.text.split(":")[0].strip("[]() "))]
    return len(set(items)) < len(items)


def _has_decimals(marker: Marker) -> bool:
    return any("." in key for key in marker.keys)
