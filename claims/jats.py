"""Blocks of a JATS XML article (PubMed Central, PLOS): title, abstract, body, references.

The parser never loads a DTD, resolves entities or touches the network. Citations are explicit
in JATS (``<xref ref-type="bibr">``): each becomes a Marker whose keys are the labels of the
references it points to; a range printed as two xrefs (``[2]–[4]``) is expanded when
extraction joins it, as in every format (``claims.markers.join_ranges``).
"""

from __future__ import annotations

import re
from typing import Any

from claims.blocktext import Builder, Lines, Segment, source_line
from claims.errors import ArticleUnreadable
from claims.limits import DEFAULT_LIMITS, Limits
from claims.model import Document, ReferenceData
from claims.nesting import Walk, run, walk_children

_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_DOI = re.compile(r"10\.\d{4,9}/[^\s\"<>]+[^\s\"<>.,;)]")
_LABEL_EDGES = re.compile(r"^[\[(\s]+|(?<![\]).:\s])[\]).:\s]+$")  # one scan of a trailing run
_DROP = frozenset(
    (
        *("ack", "fn-group", "notes", "glossary", "permissions", "funding-group"),
        *("author-notes", "contrib-group", "aff", "kwd-group", "disp-formula", "tex-math"),
        *("object-id", "graphic", "media", "inline-graphic", "processing-meta"),
        *("custom-meta-group", "counts", "history", "label"),
    )
)
#: Back-matter sections that are statements about the paper, not claims in it.
_STATEMENT_SECTIONS = frozenset(
    ("coi-statement", "funding-information", "author-contributions", "data-availability")
)
#: The same sections known by their title alone (no sec-type), in the back or the body:
#: "Acknowledgements", "Authors' contributions", "Competing interests", "Permits".
_STATEMENT_TITLE = re.compile(
    r"(?:\d+(?:\.\d+)*\.?\s+)?(?:acknowledge?ments?|authors?['’]?s?['’]? contributions?"
    r"|contributions? of (?:the )?authors|competing (?:financial )?interests?"
    r"|conflicts? of interests?|declarations? of (?:competing )?interests?|disclosures?"
    r"|financial disclosures?|funding(?: statement| information| sources?)?"
    r"|sources? of funding|role of the funding source"
    r"|(?:data|code|data and code|software)(?: and materials?)? availability(?: statement)?"
    r"|availability of (?:data|code|data and materials?)|permits?|collecting permits?"
    r"|ethics(?: statement| approval(?: and consent to participate)?)?|ethical approval"
    r"|consent for publication|(?:institutional )?abbreviations)[\s.:]*",
    re.IGNORECASE,
)
_BLOCKS = {"p": "paragraph", "list-item": "item", "td": "cell", "th": "cell", "preformat": "code"}
_CAPTIONED = frozenset(("fig", "table-wrap", "supplementary-material", "boxed-text"))


def _states_about_paper(section: Any) -> bool:
    """Tell whether a section is a statement about the paper (its funding, permits, authors'
    contributions), not part of it: by its sec-type, or by its title alone."""
    if (section.get("sec-type") or "").lower() in _STATEMENT_SECTIONS:
        return True
    return _STATEMENT_TITLE.fullmatch(_text(section.find("title"))) is not None


def read_jats(text: str, source: str, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Return the Document of a JATS article."""
    root, warnings = _parse(text, source)
    keys = _reference_keys(root)
    walker = _Walker(keys)
    walker.builder.source = source
    walker.builder.limits = limits
    walker.called_notes = {
        x.get("rid") for x in root.iterfind("body//xref[@ref-type='fn']") if x.get("rid")
    }
    title_element = root.find("front/article-meta/title-group/article-title")
    title = _text(title_element)
    if title:
        line = source_line(title_element)
        walker.builder.add([Segment(title, line=line)], "title", level=1)
    for abstract in root.iterfind("front/article-meta/abstract"):
        run(walker.abstract(abstract))
    body_start = walker.builder.length  # the abstract's headings end where the body starts
    for part in ("body", "back"):
        element = root.find(part)
        if element is not None:
            run(walker.container(element, level=1))  # untitled: its sections' titles are level 2
    builder = walker.builder
    doi = _text(root.find("front/article-meta/article-id[@pub-id-type='doi']"))
    return Document(
        source,
        "jats",
        builder.text,
        tuple(builder.blocks),
        title=title or None,
        url=f"https://doi.org/{doi}" if doi else None,
        explicit_markers=tuple(builder.markers),
        warnings=warnings,
        lines=tuple(builder.lines),
        section_breaks=(body_start,),
    )


def _parse(text: str, source: str) -> tuple[Any, tuple[str, ...]]:
    """Return the root element and, for malformed XML read by recovery, a warning."""
    from lxml import etree

    parser = etree.XMLParser(
        load_dtd=False,
        no_network=True,
        resolve_entities=False,
        recover=True,
        huge_tree=True,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        # The declaration's line breaks stay, so elements keep the file's lines.
        unprefixed = _XML_DECLARATION.sub(lambda m: "\n" * m[0].count("\n"), text, count=1)
        root = etree.fromstring(unprefixed, parser)
    except etree.XMLSyntaxError as exc:
        raise ArticleUnreadable(f"{source}: not well-formed XML ({exc}); check the file") from None
    if root is None or _local(root) != "article":
        raise ArticleUnreadable(f"{source}: not a JATS article (no <article> root element)")
    for element in root.iter():  # namespaced MathML/XLink tags: match them by local name
        if isinstance(element.tag, str) and element.tag.startswith("{"):
            element.tag = _local(element)
    return root, _recovery_warnings(parser.error_log, source)


def _recovery_warnings(errors: Any, source: str) -> tuple[str, ...]:
    """Return one warning naming the first XML error, when the parser had to recover."""
    if not errors:
        return ()
    first = errors[0]
    return (
        f"{source}:{first.line}: not well-formed XML ({first.message.strip()}, "
        f"{len(errors)} error(s) in all); read what could be recovered: check the file",
    )


def _local(element: Any) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text(element: Any) -> str:
    """Return an element's text with whitespace collapsed ("" for None)."""
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def _reference_keys(root: Any) -> dict[str, str]:
    """Return each reference id's key: its label, else its 1-based position."""
    keys: dict[str, str] = {}
    for position, ref in enumerate(root.iter("ref"), start=1):
        label = _LABEL_EDGES.sub("", _text(ref.find("label")))
        if ref.get("id"):
            keys[ref.get("id")] = label or str(position)
    return keys


class _Walker:
    """Walks abstract, body and back matter, turning JATS elements into blocks."""

    def __init__(self, keys: dict[str, str]) -> None:
        self.builder = Builder()
        self.lines = Lines()  # the file's line of each segment of text
        self.keys = keys
        self.buffer: list[Segment] = []
        self.kinds = ["paragraph"]
        self.called_notes: set[str] = set()  # ids of the <fn> notes the body calls
        self.row = 0  # the number of the table row being read (<tr>), counted through the article
        self.row_element: Any = None

    # -- structure -------------------------------------------------------------------------

    def abstract(self, abstract: Any) -> Walk:
        if abstract.get("abstract-type") in ("toc", "teaser"):
            return
        yield self.container(abstract, level=2)

    def container(self, element: Any, level: int) -> Walk:
        """Walk a sectioning element whose own title is a heading of ``level``."""
        for child in element:
            tag = child.tag
            if tag == "title":
                yield self._inline_block(child, "heading", level=level)
            elif tag in ("sec", "app", "app-group", "abstract"):
                if not _states_about_paper(child):
                    yield self.container(child, min(6, level + 1))
            elif tag == "ref-list":
                yield self.references(child, min(6, level + 1))
            else:
                yield self.walk(child)
        self.flush()

    def references(self, ref_list: Any, level: int) -> Walk:
        """Add the reference list's heading and one reference block per <ref>."""
        self.flush()
        heading = _text(ref_list.find("title")) or "References"
        line = source_line(ref_list)
        self.builder.add([Segment(heading, line=line)], "heading", level=level)
        for position, ref in enumerate(ref_list.iterfind("ref"), start=1):
            key = self.keys.get(ref.get("id", ""), str(position))
            citation = _citation(ref)
            if citation is None:
                continue
            data = _data(citation)
            self.builder.add(
                [Segment(_citation_text(citation, data), line=source_line(ref))],
                "reference",
                key=key,
                reference=data,
            )
        for nested in ref_list.iterfind("ref-list"):
            yield self.references(nested, level + 1)

    # -- blocks and inline text ------------------------------------------------------------

    def notes(self, group: Any) -> Walk:
        """Add the notes of an <fn-group> that the body calls (explanatory footnotes, which
        make claims and cite): a heading, then each note's paragraphs. Notes nobody calls
        (competing interests, funding) stay out, as statements about the paper."""
        called = [fn for fn in group.iterfind("fn") if fn.get("id") in self.called_notes]
        if not called:
            return
        self.flush()
        title = group.find("title")
        line = source_line(group)
        self.builder.add([Segment(_text(title) or "Notes", line=line)], "heading", level=2)
        for fn in called:
            yield walk_children(self, fn)
            self.flush()

    def walk(self, element: Any) -> Walk:
        tag = element.tag
        if tag == "fn-group":
            yield self.notes(element)
            return
        if not isinstance(tag, str) or tag in _DROP:
            return
        if tag in _CAPTIONED:
            yield self._captioned(element)
        elif tag in _BLOCKS:
            yield self._block(element, _BLOCKS[tag])
        elif tag in ("list", "table", "thead", "tbody", "tfoot", "tr", "disp-quote", "def-list"):
            self.flush()
            yield walk_children(self, element)
            self.flush()
        elif tag == "sec":
            self.flush()
            yield self.container(element, level=3)
        elif tag == "xref" and element.get("ref-type") == "bibr":
            self.buffer.append(self._marker([element], element.xpath("string()")))
        elif tag == "inline-formula":
            self.buffer.append(Segment(_formula_text(element), line=source_line(element)))
        else:
            yield walk_children(self, element)

    def _block(self, element: Any, kind: str) -> Walk:
        self.flush()
        if kind == "cell" and (row := element.getparent()) is not self.row_element:
            self.row_element, self.row = row, self.row + 1
        outer = self.kinds[-1]
        self.kinds.append(outer if kind == "paragraph" and outer != "paragraph" else kind)
        yield walk_children(self, element)
        self.flush(header=kind == "cell" and _is_header_cell(element))
        self.kinds.pop()

    def _inline_block(self, element: Any, kind: str, level: int = 0) -> Walk:
        self.flush()
        self.kinds.append(kind)
        yield walk_children(self, element)
        self.flush(level)
        self.kinds.pop()

    def _captioned(self, element: Any) -> Walk:
        """Add a figure's or table's caption (its label left out), then its cells and notes."""
        self.flush()
        caption = element.find("caption")
        self.kinds.append("caption")
        if caption is not None:
            for part in caption:
                if part.tag in ("title", "p"):
                    yield walk_children(self, part)
                    self.buffer.append(Segment(" "))
                    if part.tag == "p":
                        self.flush()
        self.flush()
        self.kinds.pop()
        for child in element:
            if child.tag == "table-wrap-foot":  # the table's notes read like its caption
                self.kinds.append("caption")
                yield self.walk(child)
                self.flush()
                self.kinds.pop()
            elif child.tag not in ("label", "caption"):
                yield self.walk(child)
        self.flush()

    def flush(self, level: int = 0, header: bool = False) -> None:
        if not self.buffer:
            return
        segments, self.buffer = self.buffer, []
        extra: dict[str, Any] = {"header": True} if header else {}
        if self.kinds[-1] == "cell":
            extra["row"] = self.row
        self.builder.add(segments, self.kinds[-1], level=level, **extra)

    # -- citations -------------------------------------------------------------------------

    def _marker(self, xrefs: list[Any], text: str) -> Segment:
        """Return an xref as a marker of the labels of the entries it points to; a range
        printed as two xrefs ("[2]–[4]") is joined later, as in every format."""
        keys = [self.keys.get(rid, rid) for x in xrefs for rid in (x.get("rid") or "").split()]
        return Segment(text, (tuple(dict.fromkeys(keys)), "xref"), source_line(xrefs[0]))


def _is_header_cell(cell: Any) -> bool:
    return any(a.tag == "thead" for a in cell.iterancestors("thead", "table"))


def _formula_text(element: Any) -> str:
    math = element.find(".//math")
    return _text(math if math is not None else element)


_CITATION_TAGS = ("element-citation", "mixed-citation", "nlm-citation", "citation")


def _citation(ref: Any) -> Any:
    """Return the citation of a <ref>: its first child of the most structured kind."""
    found = _first_children(ref)
    return next((found[tag] for tag in _CITATION_TAGS if tag in found), None)


def _first_children(element: Any) -> dict[str, Any]:
    """Return the first child element of each tag, in one pass (a ``find`` per tag walks the
    children again, and is an ElementPath lookup: 100,000 references made it seconds)."""
    first: dict[str, Any] = {}
    for child in element:
        if isinstance(child.tag, str):
            first.setdefault(child.tag, child)
    return first


def _citation_text(citation: Any, data: ReferenceData) -> str:
    """Return a reference as printed (mixed citations) or composed from its parts.

    A mixed citation whose parts touch with nothing between them ("Avery SV" then the title,
    a stylesheet adds the punctuation) is composed as well: its bare text runs words together.
    """
    if _prints_its_punctuation(citation):
        for surname in citation.iter("surname"):  # "<surname>Lee</surname><given-names>"
            if not surname.tail and surname.getnext() is not None:
                surname.tail = " "
        return _text(citation)
    parts = [", ".join(data.authors)]
    if data.year:
        parts.append(f"({data.year})")
    for piece in (data.title, data.container):
        if piece:
            parts.append(piece if piece.endswith((".", "?", "!")) else piece + ".")
    volume, first_page = _text(citation.find("volume")), _text(citation.find("fpage"))
    if volume or first_page:
        pages = "–".join(p for p in (first_page, _text(citation.find("lpage"))) if p)
        parts.append(f"{volume}: {pages}." if volume and pages else f"{volume or pages}.")
    if data.doi:
        parts.append(f"doi:{data.doi}")
    return " ".join(p for p in parts if p)


def _prints_its_punctuation(citation: Any) -> bool:
    """Return whether a citation prints the separators between its parts (and its names)."""
    if citation.tag != "mixed-citation" and not (citation.text and citation.text.strip()):
        return False
    for parent in (citation, *citation.iter("person-group")):
        parts = [child for child in parent if isinstance(child.tag, str)]
        if any(_touching(part.tail or "") for part in parts[:-1]):
            return False
    return True


def _touching(tail: str) -> bool:
    """Return True when nothing is printed after a part: no text, or only a line break of the
    XML's layout (a plain space is printed)."""
    return not tail.strip() and (not tail or "\n" in tail)


#: The elements anywhere in a citation its metadata is read from, gathered in one pass.
_CITATION_PARTS = ("pub-id", "object-id", "ext-link", "uri", "person-group")


def _data(citation: Any) -> ReferenceData:
    """Return the structured metadata of one citation element."""
    child = _first_children(citation)
    parts: dict[str, list[Any]] = {}
    for element in citation.iter(*_CITATION_PARTS):
        tag = "link" if element.tag in ("ext-link", "uri") else element.tag  # in their order
        parts.setdefault(tag, []).append(element)
    ids = [*parts.get("pub-id", ()), *parts.get("object-id", ())]
    doi = _pub_id(ids, "doi")
    urls = [x.get(_XLINK_HREF) or _text(x) for x in parts.get("link", ())]
    if not doi:
        found = _DOI.search(" ".join([*urls, _text(child.get("comment"))]))
        doi = found.group() if found else None
    doi = doi.lower() if doi else None  # DOIs are case-insensitive; claimkb stores lower case
    year = re.search(r"\d{4}", _text(child.get("year")))
    title = _text(child.get("article-title")) or _text(child.get("chapter-title"))
    kind = citation.get("publication-type") or citation.get("citation-type")
    return ReferenceData(
        authors=_authors(citation, parts.get("person-group", [])),
        title=title.rstrip(".") or None,
        container=_text(child.get("source")) or None,
        year=year.group() if year else None,
        doi=doi,
        pmid=_pub_id(ids, "pmid"),
        pmcid=_pub_id(ids, "pmcid"),
        url=next((u for u in urls if u.startswith("http")), None),
        publication_types=(kind,) if kind else (),
    )


def _pub_id(ids: list[Any], kind: str) -> str | None:
    """Return the text of the first of ``ids`` (its pub-ids, then object-ids) of ``kind``."""
    for element in ids:
        if element.get("pub-id-type") == kind and _text(element):
            return _text(element)
    return None


def _authors(citation: Any, groups: list[Any]) -> tuple[str, ...]:
    """Return the authors as "Surname Initials" (editors only when there are no authors), of
    its person ``groups``."""
    authors = [g for g in groups if g.get("person-group-type", "author") == "author"]
    scope = authors or groups or [citation]
    names: list[str] = []
    for group in scope:
        for element in group.iter("name", "string-name", "collab"):
            names.append(_name(element))
    return tuple(n for n in names if n)


def _name(element: Any) -> str:
    if element.tag == "collab":
        return _text(element)
    surname = _text(element.find("surname"))
    given = _text(element.find("given-names"))
    if not surname:
        return _text(element)
    return f"{surname} {_initials(given)}".strip()


def _initials(given: str) -> str:
    """Return initials of given names: "KE" stays "KE", "Estienne C." gives "EC"."""
    compact = given.replace(".", "").replace(" ", "")
    if compact.isupper() and len(compact) <= 4:
        return compact
    return "".join(part[0].upper() for part in re.split(r"[\s.\-]+", given) if part)
