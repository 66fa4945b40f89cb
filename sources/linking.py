"""Link citation-marker keys to reference entries: one link per distinct key of an article.

Numeric and dotted keys ("12", "1.4.3") match an entry's key exactly. Author-year keys
("Smith 2019", "Müller 2019a") match an entry by first author's surname and year, compared
case- and diacritic-insensitively (an organisation also answers to its first word and its
initials: "WHO 2020"); a numbered entry also answers to the author-year key derived from its
own metadata, so either marker style links. When a marker names no suffix and several
entries share surname and year, the first entry in the list is taken; entries that share them
but print no letter answer to a, b, c in list order ("Shen 2019b" is the second).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claims.citestyle import fold
from claims.model import Article
from sources.model import Reference
from sources.references import author_year_key, split_label, surname

# The name ends before a run of blanks and commas, and co-authors start where a run of blanks
# starts: tried from inside a long run, each rescans the rest of it (quadratic).
_AUTHOR_YEAR = re.compile(
    r"^(?P<who>.*?[^\d\s,])[\s,]+(?P<year>(?:1[6-9]|20)\d{2})(?P<suffix>[a-z]?)$"
)
_CO_AUTHORS = re.compile(r"(?<!\s)\s+(?:et al\.?|and\s.*|&.*)$", re.IGNORECASE)
_MAX_SHORT_CITE = 120
# A shortened footnote: "King 2003, p. 41.", "Lee & Park 2019, pp. 3–5", "Ortiz et al. 2009".
_SHORT_CITE = re.compile(
    r"(?P<who>[A-Z][\w'’-]+(?:(?:\s+|\s*,\s*|\s+(?:&|and)\s+)[A-Z][\w'’-]+){0,3}(?:\s+et\s+al\.?)?)"
    r",?\s+\(?(?P<year>(?:1[6-9]|20)\d{2}[a-z]?)\)?(?:\s*[,:]\s*(?:pp?\.\s*)?[\w–-]+)?\.?"
)


@dataclass(frozen=True)
class Link:
    """A distinct source key, the entry it matches (if any) and the sentences that cite it."""

    key: str
    reference: Reference | None
    cited_by: tuple[str, ...]


def _author_year(key: str) -> tuple[str, str, str] | None:
    """Return (folded surname, year, suffix) of an author-year key, or None."""
    match = _AUTHOR_YEAR.match(key.strip())
    if not match:
        return None
    who = _CO_AUTHORS.sub("", match.group("who").strip(" ,"))
    return fold(who), match.group("year"), match.group("suffix")


def _others(key: str) -> str | None:
    """Return who else an author-year key names beside its first author: a folded second
    surname ("Grown & Valodia 2010"), "et al." (three or more), or None for the first alone."""
    match = _AUTHOR_YEAR.match(key.strip())
    co = _CO_AUTHORS.search(match.group("who").strip(" ,")) if match else None
    if co is None:
        return None
    named = co.group().strip()
    if named.lower().startswith("et al"):
        return "et al."
    return fold(re.sub(r"^(?:and|&)\s*", "", named, flags=re.IGNORECASE))


def _fits_others(ref: Reference, others: str | None) -> bool:
    """Tell whether an entry's authors are those a key names beside the first: one author
    alone, a second author of that surname, or three or more."""
    authors = ref.data.authors
    if others is None:
        return len(authors) == 1
    if others == "et al.":
        return len(authors) > 2
    return len(authors) == 2 and fold(surname(authors[1])) == others


def _identities(ref: Reference) -> list[tuple[str, str, str]]:
    """Return the author-year identities an entry answers to: its key's and its metadata's."""
    found = [ident for ident in (_author_year(ref.key),) if ident]
    derived = author_year_key(ref.data)
    if derived and (ident := _author_year(derived)):
        own_suffix = found[0][2] if found else ""
        found.append((fold(surname(ref.data.authors[0])), ident[1], own_suffix))
    return found


def _same_name(entry: str, marker: str) -> bool:
    """Return True when a marker's (folded) name names the entry's first author.

    Besides equality: the same last word ("Berg" for "van der Berg"), the first word of an
    organisation ("World" for "World Health Organization") or its initials ("WHO").
    """
    if not entry or not marker:
        return entry == marker
    words = entry.split()
    initials = "".join(w[0] for w in words if w not in {"of", "and", "for", "the", "on"})
    return marker in {entry, words[-1], words[0] if len(words) > 2 else entry, initials} or (
        marker.split()[-1] == words[-1]
    )


def _lettered(
    identities: list[tuple[tuple[str, str, str], Reference]],
) -> list[tuple[tuple[str, str, str], Reference]]:
    """Return the a, b, c identities of entries that share first author and year but print no
    letter: "Shen 2019a" names the first of two Shen 2019 entries, as the list orders them."""
    groups: dict[tuple[str, str], dict[int, Reference]] = {}
    for (name, year, suffix), ref in identities:
        if not suffix:
            groups.setdefault((name, year), {}).setdefault(id(ref), ref)
    return [
        ((name, year, chr(ord("a") + n)), ref)
        for (name, year), refs in groups.items()
        if 1 < len(refs) <= 26
        for n, ref in enumerate(refs.values())
    ]


class _Index:
    """Lookup of reference entries by exact key and by author-year identity."""

    def __init__(self, refs: tuple[Reference, ...]) -> None:
        self.exact: dict[str, Reference] = {}
        for ref in refs:
            self.exact.setdefault(ref.key, ref)
        self.author_year = [(ident, ref) for ref in refs for ident in _identities(ref)]
        self.author_year += _lettered(self.author_year)

    def find(self, key: str) -> Reference | None:
        """Return the entry a marker key points to, or None."""
        if key in self.exact:
            return self.exact[key]
        wanted = _author_year(key)
        if wanted is None:
            return None
        name, year, suffix = wanted
        hits = [
            (ident, ref)
            for ident, ref in self.author_year
            if ident[1] == year and _same_name(ident[0], name)
        ]
        found = [ref for ident, ref in hits if ident[2] == suffix]
        if not found and (not suffix or len({r.key for _, r in hits}) == 1):
            found = [ref for _, ref in hits]
        if len({id(ref) for ref in found}) > 1:
            # several entries share first author and year: the one whose other authors the
            # key names ("Grown & Valodia 2010"; "Grown 2010" for Grown alone)
            others = _others(key)
            found = [ref for ref in found if _fits_others(ref, others)] or found
        return found[0] if found else None


def link(article: Article, refs: tuple[Reference, ...]) -> tuple[Link, ...]:
    """Return one link per cited key (in order of first citation), then the uncited entries.

    Entries cite too: a note's markers ("... in the Pacific.[8]") and a shortened footnote
    ("King 2003, p. 41.") cite the entries they name, so those are not reported uncited.
    """
    index = _Index(refs)
    entry_of = {ref.sentence_id: ref for ref in refs if ref.sentence_id}
    cited: dict[str, list[str]] = {}
    for sentence in article.sentences:
        own = entry_of.get(sentence.id)
        for key in _cited_keys(sentence.keys, own, index):
            cited.setdefault(key, []).append(sentence.id)
    links = [Link(key, index.find(key), tuple(ids)) for key, ids in cited.items()]
    used = {id(lk.reference) for lk in links if lk.reference is not None}
    taken = set(cited)
    for ref in refs:
        if id(ref) not in used and ref.key not in taken:
            links.append(Link(ref.key, ref, ()))
            taken.add(ref.key)
    return tuple(links)


def _cited_keys(keys: tuple[str, ...], own: Reference | None, index: _Index) -> list[str]:
    """Return the keys a sentence cites; an entry's (``own``) cite only other entries."""
    if own is None:
        return list(keys)
    found = [key for key in keys if index.find(key) not in (None, own)]
    body = split_label(own.text)[1].strip()
    short = _SHORT_CITE.fullmatch(body) if len(body) <= _MAX_SHORT_CITE else None
    if short:
        key = f"{short.group('who')} {short.group('year')}"
        target = index.find(key)
        if target is not None and target is not own and target.key not in found:
            found.append(target.key)
    return found
