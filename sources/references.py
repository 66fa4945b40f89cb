"""Reference entries: parse the printed styles (Vancouver, APA, Harvard, Wikipedia, web pages).

Each field is found on its own, so an entry in a style we do not know still yields what it can:
identifiers (DOI, PMID, PMCID, URL) by pattern anywhere, the year from "(2019)" or the date
after the container, then authors, title and container from the entry's layout.
"""

from __future__ import annotations

import re
from dataclasses import replace

from claims.markers import PARTICLES
from claims.model import Article, ReferenceData, Sentence
from sources.lexicon import find_cues, load_rules
from sources.model import Reference

#: A printed label: "12.", "[12]", "12)", "1.4.3", "[^3]:", a footnote letter "a." ; Wikipedia's
#: "^ a b" back-links before an entry are dropped.
_LABEL = re.compile(
    r"^\s*(?:[\^↑](?:\s+[a-z](?=\s))*\s*)?"
    r"(?:\[\^?(\w+(?:\.\d+)*)\]:?|(\d+(?:\.\d+)*|[a-z](?=[.)]))[.):]?)(?=\s|$)\s*"
)
# back-links ("^ a b") or a bullet ("• King, Anna (2003) ...") before an unnumbered entry
_BACKLINKS = re.compile(r"^\s*(?:[\^↑](?:\s+[a-z](?=\s))*|[•·▪‣◦])\s*")
_DOI = re.compile(r"\b10\.\d{4,9}/[^\s\"<>]+", re.IGNORECASE)
_DOI_PREFIX = re.compile(r"^\s*(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_PMID = re.compile(r"\bPMID\s*+:?\s*(\d{1,9})\b", re.IGNORECASE)
_PMCID = re.compile(r"\bPMC(?:ID)?\s*+:?\s*+(?:PMC)?\s*(\d{4,9})\b", re.IGNORECASE)
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)
_TAIL = re.compile(
    r"(?:\bdoi\s*+:?\s*10\.|https?://|www\.|\bPMID\b|\bPMC\s*\d|\bPMCID\b|\bRetrieved\b"
    r"|\bAccessed\b|\bArchived\b|\bAvailable (?:at|from|online)\b|\bISBN\b|\bISSN\b"
    r"|\bOCLC\b|\bS2CID\b|\bBibcode\b|\barXiv\b)",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<![\d/])(?<!\d\.)(1[6-9]\d{2}|20\d{2})([a-z])?(?![\d/])")
#: Where a year is a page, a volume or a number: "pp. 2054–2060", "2060", "1924/2006".
_NOT_A_YEAR = re.compile(r"(?:\bpp?\.\s*|[-–]\s*|\d\s*:\s*)$")
_PAREN_DATE = re.compile(
    r"\(\s*(?:[^()]*?[\s,])?(1[6-9]\d{2}|20\d{2})([a-z])?(?:[\s,][^()]*)?\s*\)"
)
#: A quoted title: '"Title". Site', and IEEE's '"Title," Journal' (the comma inside).
_QUOTED = re.compile(r"^[\"“”‘'](.+?)(?:[\"“”’'](?=[.,:;]|$)|(?<=[,.])[\"”’'](?=\s))")
#: A segment ends at ". " before anything but a lower-case word ("in C. elegans" goes on).
_SEGMENT_END = re.compile(r"(?<=[^\s.][.?!])\.*\s+(?=[^\sa-z]|[a-z]+[A-Z])")
_INITIALS = re.compile(r"^(?:[A-Z]\.?[\s-]?){1,4}$")
_PARTICLES = rf"(?:(?:{PARTICLES})\s+)*"  # one list with the marker grammar
_VANCOUVER_NAME = re.compile(rf"^{_PARTICLES}[A-Z][\w'’ -]*? [A-Z]{{1,4}}$")
_GIVEN = re.compile(r"^[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*$")
_ET_AL = re.compile(r"(?:,|(?<![\s,]))\s*+(?:et\s+al\.?|and\s+others|\.{3}|…)\s*$", re.I)
_ORG = re.compile(
    r"\b(?:office|organi[sz]ation|institutes?|association|society|agency|department|ministry|"
    r"council|foundation|cent(?:er|re)s?|college|board|committee|service|university|"
    r"administration|authority|commission|network|clinic|hospital|federation|academy|"
    r"group|project|consortium|collaboration|initiative|trust|programm?e|team|panel|"
    r"parliament|union)\b"
    r"|(?-i:\b(?:NIH|WHO|CDC|FDA|NHS|EFSA|USDA|NICE)\b)",
    re.IGNORECASE,
)
_CONTAINER_END = re.compile(r"(?<!\s)\s*(?:[,;:(]|\.\s|\.$|\s(?:1[6-9]|20)\d{2}\b|\s\d)")
#: Markdown emphasis around words ("*Nature*", "_Cell_"); an underscore inside a word (a DOI's
#: "NECO_a_00463") is not markup.
_MARKUP = re.compile(r"(?<!\w)[*_]+|[*_]+(?!\w)")
#: Where the container's volume, issue, pages or year begin: "29: 473", "22(7):1193",
#: "2011;144", "246, 271–306.", "982, 715 (2019)", "pp. 1-8", "vol. 3".
_LOCATOR = re.compile(
    r"\b\d+(?:[/-]\d+)?\s*(?:\([^()]{1,15}\)\s*)?:\s*[A-Za-z]?\d"
    r"|(?<!\d)(?<!\d\.)(?:1[6-9]|20)\d{2}\s*(?:[A-Z][a-z]{2}\s*)?;\s*(?:[A-Za-z]?\d|\()"
    r"|\b\d+\s*(?:\([^()]{1,15}\)\s*)?,\s*[A-Za-z]?\d+(?:\s*[-–]\s*[A-Za-z]?\d+)?\s*(?:[.(]|$)"
    r"|\bpp?\.\s*\d|\bvol\.\s*\d",
)
#: One word of an abbreviated journal title, a segment of its own: "J.", "Natl.", "U.S.A.".
_ABBREVIATION = re.compile(r"[A-Z][\w&'’-]*\.(?:[A-Z]\.)*")
_CONNECTORS = frozenset({"-", "–", "&", "of", "and", "de", "der", "für", "la", "et"})
#: A publisher after the title: ". New York: Norton", ". Palo Alto, CA: Science Books".
_PUBLISHER = re.compile(
    r"(?<=[.?!])\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,3}(?:,\s*[A-Z]{2})?:\s+[A-Z]"
)
_IN_BOOK = re.compile(r"(?<=[.?!])\s+In:?\s+(?=[A-Z])")
_ROMAN = re.compile(r"[IVXLC]+\.")
#: JATS publication-type values that name the kind of publication, not the study design.
_CITATION_TYPES = frozenset(
    {"journal", "book", "book-chapter", "web", "webpage", "website", "other", "confproc"}
    | {"conference", "thesis", "patent", "data", "dataset", "software", "preprint"}
    | {"newspaper", "magazine", "report", "standard"}
)


def parse_entry(text: str) -> ReferenceData:
    """Return the metadata found in one printed reference entry."""
    printed = " ".join(text.split())  # identifiers as printed: "NECO_a_00463_" keeps its "_"
    text = " ".join(_MARKUP.sub("", text).split())
    body = _body(text)
    listed = scan_authors(body)
    paren = _PAREN_DATE.search(body)
    if paren and re.search(r"[\d;:]\s*$", body[: paren.start()]):
        paren = None  # "(2019)" after pages: physics, not "Authors (2019)"
    if listed is not None and not _more_names_before(paren, body, listed[1]):
        authors, title, container, year = _after_author_list(*listed)
    elif paren:
        authors, title, container = _after_paren_date(body, paren)
        year = paren.group(1)
    else:
        authors, title, container, year = _by_segments(body)
    return ReferenceData(
        authors=authors,
        title=title,
        container=container,
        year=year,
        doi=_doi(printed),
        pmid=_first(_PMID, text),
        pmcid=f"PMC{pmc}" if (pmc := _first(_PMCID, text)) else None,
        url=_url(text),
        publication_types=publication_types(title, container, _tail(text, title, container)),
    )


def publication_types(title: str | None, container: str | None, tail: str = "") -> tuple[str, ...]:
    """Return the publication-type words ("Meta-Analysis"...) of an entry's title, its
    container (journal names that say it, "Cochrane Database Syst Rev") and the words printed
    after them ("... 2017. Review.")."""
    fields = [(title, "metadata.tsv"), (container, "container.tsv")]
    fields += [(part, "metadata.tsv") for part in re.split(r"[.;\[\]()]\s*", tail)]
    found = [
        m.rule.type
        for text, lexicon in fields
        if text and text.strip()
        for m in find_cues(text.strip(), load_rules(lexicon))
        if m.level != "unknown"
    ]
    return tuple(dict.fromkeys(t for t in found if t))


def _tail(text: str, title: str | None, container: str | None) -> str:
    """Return what the entry prints after its title, without container and identifiers."""
    at = text.find(title) if title else -1
    if title is None or at < 0:
        return ""
    tail = text[at + len(title) :]
    if container:
        tail = tail.replace(container, " ", 1)
    return _URL.sub(" ", _DOI.sub(" ", tail))


def _first(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    return match.group(1) if match else None


def _strip_trailing(value: str) -> str:
    value = value.rstrip(".,;:'\"”’]")
    while value.endswith(")") and value.count(")") > value.count("("):
        value = value[:-1].rstrip(".,;:")
    return value


def _doi(text: str) -> str | None:
    match = _DOI.search(text)
    return _strip_trailing(match.group(0).rstrip("*")).lower() if match else None


def _url(text: str) -> str | None:
    for match in _URL.finditer(text):
        url = _strip_trailing(match.group(0))
        if not re.match(r"(?:https?://)?(?:dx\.)?doi\.org/", url, re.IGNORECASE):
            return url
    return None


def _body(text: str) -> str:
    """Return the entry without its trailing identifiers, links and access dates."""
    tail = _TAIL.search(text)
    body = text[: tail.start()] if tail and tail.start() > 0 else text
    return body.strip(" .,;")


#: Authors, title and container as laid out in an entry.
_Layout = tuple[tuple[str, ...], str | None, str | None]
_Fields = tuple[tuple[str, ...], str | None, str | None, str | None]
# "Lemaire, Paul, 2015, La Presse ..., Paris" and "Brun, Alice et Paul Morel, 2021, « Titre »,
# Revue": names, the year and the title joined by commas (French and humanities author-date)
_NAMES_COMMA_YEAR = re.compile(
    r"(?P<surname>[A-ZÀ-Þ][\w'’-]+(?: [A-ZÀ-Þ][\w'’-]+)?), (?P<given>[A-ZÀ-Þ][\w'’.-]*)"
    r"(?: [A-ZÀ-Þ][\w'’.-]*)*(?: (?:et|and|&|und|y) [^,]{1,60})?, "
    r"(?P<year>(?:1[6-9]|20)\d{2}[a-z]?), (?P<rest>.+)"
)
_GUILLEMETS = re.compile(r"« ?(?P<title>[^»]{1,300}?) ?»[,.]? ?(?P<rest>.*)")

_UPPER = "".join(c for c in map(chr, range(0x41, 0x530)) if c.isupper())
_U = f"[{_UPPER}]"
_SURNAME = rf"{_PARTICLES}{_U}[^\W\d_]*(?:['’][^\W\d_]+)?(?:[-‐‑][^\W\d_]+)*"
_SUFFIX = r"(?:\s*+,?\s*(?:Jr|Sr|II|III|IV|[2-9](?:nd|rd|th))(?!\w))?"
_DOTTED = rf"{_U}\.(?:\s?[-‐]?\s?{_U}\.)*"
#: One author of a list, in the styles lists print: "Kango-Singh M", "Ferrell JE Jr" (NLM),
#: "Udan R. S." and "Basbaum, A. I." (IEEE, APA), "H.-T. Ding" (initials first), "Julius, D".
_NAME = re.compile(
    rf"(?P<ds>{_SURNAME}),?\s+(?P<di>{_DOTTED}){_SUFFIX}"
    rf"|(?P<vs>{_SURNAME})\s+(?P<vi>{_U}{{1,4}}(?:-{_U})?){_SUFFIX}(?!\w)"
    rf"|(?P<gi>{_DOTTED})\s+(?P<gs>{_SURNAME}){_SUFFIX}(?![\w.])"
    rf"|(?P<cs>{_SURNAME}),\s+(?P<ci>{_U}{{1,3}})(?![\w.])"
)
_NAME_SEPARATOR = re.compile(r"\s*[,;]\s*(?:(?:and|&)\s+)?|\s+(?:and|&)\s+|\s*&\s*")
_LIST_ET_AL = re.compile(r",?\s*(?:et\.?\s*al\b\.?|and\s+others\b|\.{3}|…)", re.IGNORECASE)
#: What may follow an author list: the date, the title after ". " or ": ", the end.
_LIST_END = re.compile(r"\s*(?:[.:;]|\(|$)|,\s*[\"“‘]|,\s*(?:1[6-9]\d{2}|20\d{2})[a-z]?\.\s")
#: A year standing bare after the author list: "Ueda K, Marsh T. 2004. Title", "Baal T, 1994."
_BARE_DATE = re.compile(r"(1[6-9]\d{2}|20\d{2})[a-z]?\.\s+")


def scan_authors(body: str) -> tuple[tuple[str, ...], str, bool] | None:
    """Return the author list that opens an entry, what follows it, and whether a comma ended
    it (physics style: "H.-T. Ding, O. Kaczmarek, Nucl. Phys. A 982, 715 (2019)").

    None when the entry does not open with names of a known shape followed by the end of the
    list, so a title is never taken for an author ("Mapping Z-DNA in...").
    """
    names: list[re.Match[str]] = []
    match = _NAME.match(body)
    while match:
        names.append(match)
        separator = _NAME_SEPARATOR.match(body, match.end())
        match = _NAME.match(body, separator.end()) if separator else None
    while names:  # the list ends at the last name that the entry's next part follows
        end = names[-1].end()
        if et_al := _LIST_ET_AL.match(body, end):
            end = et_al.end()
        rest = body[end:]
        by_comma = rest.lstrip().startswith(",") and any(n.group("gi") for n in names)
        dotted_end = body[end - 1] == "." and rest[:1].isspace()
        if by_comma or dotted_end or _LIST_END.match(rest):
            return tuple(_person(n) for n in names), rest, by_comma
        names.pop()
    return None


def _more_names_before(paren: re.Match[str] | None, body: str, rest: str) -> bool:
    """Return True when names the scan could not read go on up to an "(date)" (APA lists with
    a missing comma, given names "A. Bin"): then everything before the date is the list."""
    if paren is None:
        return False
    gap = body[len(body) - len(rest) : paren.start()]
    return bool(gap.strip(" .,;&")) and not re.search(r"\d|\b(?!and\b)[a-z]{5,}", gap)


def _person(name: re.Match[str]) -> str:
    """Return one scanned author as "Surname Initials"."""
    for surname_group, initials_group in (("ds", "di"), ("vs", "vi"), ("gs", "gi"), ("cs", "ci")):
        if name.group(surname_group):
            initials = re.sub(r"[\s.‐-]", "", name.group(initials_group))
            return f"{name.group(surname_group)} {initials}"
    return name.group(0)


def _after_author_list(authors: tuple[str, ...], rest: str, by_comma: bool) -> _Fields:
    """Return the fields of an entry after its author list: an optional "(date)", then the
    title and the container, or (physics style) the container alone."""
    rest = rest.strip(" .,")
    year = None
    date = re.match(r"\(([^()]*)\)", rest)
    if date and (_YEAR.search(date.group(1)) or re.search(r"press|n\.\s?d", date.group(1))):
        found = _YEAR.search(date.group(1))
        year = found.group(1) if found else None
        rest = rest[date.end() :]
    elif bare := _BARE_DATE.match(rest):
        year, rest, by_comma = bare.group(1), rest[bare.end() :], False
    rest = rest.lstrip(" .,:;")
    quoted = _QUOTED.match(rest)
    if quoted:  # IEEE: 'R. S. Udan, ..., and G. Halder, "Title," Nat. Cell Biol., vol. 5'
        after = rest[quoted.end() :].lstrip(" .,:;")
        container = _container_before_locator(re.sub(r"^in\s+", "", after))
        return authors, quoted.group(1).strip(" .,"), container, year or _year(after)
    if by_comma:
        title = rest.split(", in ", 1)[0].strip() if ", in " in rest else None
        after = rest[len(title) :] if title else rest
        return authors, title, _container_before_locator(after), year or _year(after)
    title, container, after = _split_title(rest)
    return authors, title, container, year or _year(after)


def _after_paren_date(body: str, paren: re.Match[str]) -> _Layout:
    """Return the layout of "Authors (date). Title. Container, ..." (APA, Harvard, Wikipedia)."""
    authors = parse_authors(body[: paren.start()])
    rest = body[paren.end() :].lstrip(" .,:")
    title, container, _ = _split_title(rest)
    return authors, title, container


def _by_segments(body: str) -> _Fields:
    """Return authors, title, container and year of "Authors. Title. Container. Year;..."
    (Vancouver), of '"Title". Site.', of "Organisation. Title. Year. URL" and of "Surname,
    Given, Year, Title, Place" (French author-date)."""
    named = _NAMES_COMMA_YEAR.fullmatch(body)
    if named:
        author = f"{named['surname']} {named['given'][0]}"
        rest = named["rest"]
        if quoted := _GUILLEMETS.match(rest):
            return (author,), quoted["title"], _take_container(quoted["rest"]), named["year"]
        return (author,), rest.split(", ")[0].strip(" ."), None, named["year"]
    quoted = _QUOTED.match(body)
    if quoted:
        rest = body[quoted.end() :].lstrip(" .,:")
        return (), quoted.group(1).strip(" .,"), _take_container(rest), _year(rest)
    ends = [m for m in (_SEGMENT_END.search(body), re.search(r":\s+", body)) if m]
    first = min(ends, key=lambda m: m.start()) if ends else None
    authors: tuple[str, ...] = ()
    if first:
        lead = body[: first.start()].rstrip(".")
        if _looks_like_people(lead):
            authors = parse_authors(lead)
        elif _ORG.search(lead):
            authors = (lead,)  # "Centers for Disease Control and Prevention" is one author
        if authors:
            body = body[first.end() :]
    if _YEAR.fullmatch(body.split(". ")[0].strip(" .")):
        return authors, None, _take_container(body), _year(body)
    title, container, after = _split_title(body)
    return authors, title, container, _year(after) or _year(body.replace(title or "", " ", 1))


def _split_title(rest: str) -> tuple[str | None, str | None, str]:
    """Return the title, the container and the text from the container on.

    The container is the segment where the volume, pages or year begin ("Nature. 2011;144:
    1-5", "J Zool 265: 1–8"), with the abbreviated words of its name before it ("J. Antibiot.
    48: 924"); the title is everything before it, internal full stops and question marks
    included. An entry with no such locator has its first segment for a title.
    """
    quoted = _QUOTED.match(rest)
    if quoted:
        after = rest[quoted.end() :].lstrip(" .,:")
        return quoted.group(1).strip(" .,"), _container_before_locator(after), after
    edited = _IN_BOOK.search(rest)
    if edited:  # "Title. In: Editors, Book. pp. 1-5": the book is no journal
        return _clean_title(rest[: edited.start()]), None, rest[edited.start() :]
    locator = _LOCATOR.search(rest)
    if locator:
        starts = [0] + [m.end() for m in _SEGMENT_END.finditer(rest, 0, locator.start())]
        if not rest[starts[-1] : locator.start()].strip(" .,;:"):
            starts.pop()  # the locator opens its segment: the container is the one before
        while len(starts) > 2 and _is_abbreviation(rest[starts[-2] : starts[-1]]):
            starts.pop()
        if len(starts) >= 2:
            cut = starts[-1]
            title = _clean_title(rest[:cut])
            return title, _container_before_locator(rest[cut:]), rest[cut:]
    publisher = _PUBLISHER.search(rest)
    if publisher:  # a book: its title runs to the publisher's city
        return _clean_title(rest[: publisher.start()]), None, rest[publisher.start() :]
    parts = _SEGMENT_END.split(rest)
    taken = 1
    while taken < len(parts) - 1 and parts[taken - 1].rstrip().endswith(("?", "!")):
        taken += 1  # "Who shares? Who doesn't? Factors..." goes on past its questions
    title = _clean_title(" ".join(parts[:taken]))
    after = " ".join(parts[taken:])
    return title, _take_container(after), after


def _clean_title(text: str) -> str | None:
    return text.strip().rstrip(".,;:").strip() or None


def _is_abbreviation(segment: str) -> bool:
    """Return True for a segment of an abbreviated journal name: "Natl.", "Cancer Res.",
    "Acta - Mol." (capitalised words, the last one short), never a numeral ("II.")."""
    words = segment.split()
    if not words or len(words) > 4 or _ROMAN.fullmatch(words[-1]):
        return False
    named = [w for w in words if w not in _CONNECTORS]
    return (
        bool(named)
        and all(w[0].isupper() for w in named)
        and bool(_ABBREVIATION.fullmatch(words[-1]))
        and len(words[-1]) <= 12
    )


def _container_before_locator(text: str) -> str | None:
    """Return the container's name: the text before its volume, pages or year."""
    locator = _LOCATOR.search(text)
    name = text[: locator.start()] if locator else text
    name = re.sub(r"[\s,;:]+\d[\w()]*[\s,;:]*$", "", name.strip()).strip(" .,;:")
    if not name or name[0].isdigit() or re.match(r"(?:In:|In\s+[A-Z]|pp?\.)", name):
        return None
    return name if locator else _take_container(name)


def _take_container(rest: str) -> str | None:
    rest = rest.strip(" .,:")
    if not rest or rest[0].isdigit() or re.match(r"(?:In:|In\s+[A-Z]|pp?\.)", rest):
        return None
    end = _CONTAINER_END.search(rest)
    container = (rest[: end.start()] if end else rest).strip(" .,")
    return container or None


def _year(text: str) -> str | None:
    """Return the publication year in ``text``: never a page ("pp. 2054–2060", ": 1999-2005")
    or a number ("1924/2006"); a year in parentheses first."""
    found = [m for m in _YEAR.finditer(text) if not _NOT_A_YEAR.search(text[: m.start()])]
    for match in found:
        if text[match.start() - 1 : match.start()] == "(":
            return match.group(1)
    return found[0].group(1) if found else None


def _looks_like_people(segment: str) -> bool:
    names = [n.strip() for n in re.split(r",\s*|;\s*|\s+&\s+|\s+and\s+", _ET_AL.sub("", segment))]
    names = [n for n in names if n]
    return (
        bool(names)
        and all(_VANCOUVER_NAME.match(n) or _INITIALS.match(n) or _GIVEN.match(n) for n in names)
        and any(_VANCOUVER_NAME.match(n) or _INITIALS.match(n) for n in names)
    )


def parse_authors(text: str) -> tuple[str, ...]:
    """Return authors as "Surname I" from an author list in any common style."""
    text = _ET_AL.sub("", text.strip(" .,;")).strip(" .,;")
    if not text:
        return ()
    if ";" in text:
        return tuple(a for a in (_surname_given(p) for p in text.split(";")) if a)
    tokens = [t.strip() for t in re.split(r",\s*|\s+&\s+|\s+and\s+|&", text) if t.strip()]
    if _full_name_pairs(tokens):
        pairs = zip(tokens[::2], tokens[1::2], strict=True)
        return tuple(_surname_given(f"{a}, {b}") or a for a, b in pairs)
    authors: list[str] = []
    for token in tokens:
        if _INITIALS.match(token) and authors and " " not in authors[-1]:
            authors[-1] = f"{authors[-1]} {_compact_initials(token)}"
        elif token.lower() not in {"&", "and"}:
            authors.append(token.rstrip("."))
    return tuple(authors)


def _full_name_pairs(tokens: list[str]) -> bool:
    """Return True for "Surname, Given, Surname, Given" (full given names, no initials)."""
    return (
        len(tokens) % 2 == 0
        and not any(_VANCOUVER_NAME.match(t) or _INITIALS.match(t) for t in tokens)
        and all(_GIVEN.match(t) for t in tokens[1::2])
    )


def _surname_given(person: str) -> str | None:
    person = person.strip(" .,")
    if "," not in person:
        return person or None
    surname, given = (p.strip() for p in person.split(",", 1))
    initials = "".join(w[0] for w in re.split(r"[\s.-]+", given) if w and w[0].isupper())
    return f"{surname} {initials}".strip()


def _compact_initials(token: str) -> str:
    return re.sub(r"[\s.]", "", token)


def surname(author: str) -> str:
    """Return the surname of an author written "Surname I" (or the whole name)."""
    parts = author.split()
    if len(parts) > 1 and re.fullmatch(rf"{_U}{{1,4}}(?:-{_U})?", parts[-1]):
        return " ".join(parts[:-1])
    return author


def author_year_key(data: ReferenceData) -> str | None:
    """Return "Surname Year" for an entry with a first author and a year."""
    if not data.authors or not data.year:
        return None
    return f"{surname(data.authors[0])} {data.year}"


def merge(structured: ReferenceData | None, parsed: ReferenceData) -> ReferenceData:
    """Return structured metadata (JATS) completed with what parsing the printed text found."""
    if structured is None:
        return parsed
    filled = {
        name: getattr(structured, name) or getattr(parsed, name)
        for name in ("authors", "title", "container", "year", "doi", "pmid", "pmcid", "url")
    }
    if filled["doi"]:
        filled["doi"] = _DOI_PREFIX.sub("", filled["doi"]).lower()
    derived = publication_types(filled["title"], filled["container"])
    if not structured.title and structured.container:
        # A report, book or guideline has no article title: its source is its own title.
        derived += publication_types(structured.container, None)
    given = (t for t in structured.publication_types if t.lower() not in _CITATION_TYPES)
    types = (*given, *derived)
    return ReferenceData(**filled, publication_types=tuple(dict.fromkeys(types)))


def split_label(text: str) -> tuple[str | None, str]:
    """Return the entry's printed number label ("12", "1.4.3") and the text after it."""
    match = _LABEL.match(text)
    if not match:
        return None, _BACKLINKS.sub("", text).strip()
    return match.group(1) or match.group(2), text[match.end() :].strip()


def references_of(article: Article) -> tuple[Reference, ...]:
    """Return the article's reference entries, keyed and parsed, in list order."""
    entries = [s for s in article.sentences if s.kind == "reference"]
    refs = [_reference(s, position) for position, s in enumerate(entries, start=1)]
    return _with_suffixes(refs)


def _reference(sentence: Sentence, position: int) -> Reference:
    label, text = split_label(sentence.text)
    key = sentence.reference_key or label
    if label is None and key and sentence.text.strip() == key:
        text = ""
    data = merge(sentence.reference, parse_entry(text)) if text else _bare(sentence)
    derived = author_year_key(data)
    if derived and (suffix := _year_suffix(text, data.year)):
        derived += suffix
    key = key or derived or f"entry {position}"
    return Reference(key, text, sentence.id, sentence.line, data)


def _year_suffix(text: str, year: str | None) -> str:
    """Return the letter after the year ("2019a" gives "a"), or ""."""
    match = re.search(rf"\b{year}([a-z])\b", text) if year else None
    return match.group(1) if match else ""


def _bare(sentence: Sentence) -> ReferenceData:
    return sentence.reference or ReferenceData()


def _with_suffixes(refs: list[Reference]) -> tuple[Reference, ...]:
    """Return refs whose derived author-year keys are made distinct with a/b/c suffixes."""
    derived = [r.key for r in refs if r.key == author_year_key(r.data)]
    clashes = {k for k in derived if derived.count(k) > 1}
    seen: dict[str, int] = {}
    out = []
    for ref in refs:
        if ref.key in clashes and ref.key == author_year_key(ref.data):
            n = seen[ref.key] = seen.get(ref.key, 0) + 1
            ref = replace(ref, key=f"{ref.key}{chr(ord('a') + n - 1)}")
        out.append(ref)
    return tuple(out)
