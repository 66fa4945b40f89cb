"""Blocks of an HTML page's main content, through lxml's HTML parser.

Only the main content counts (``<main>``, ``<article>``, Wikipedia's ``.mw-parser-output``...);
scripts, styles, navigation, headers, footers, forms and cookie banners are dropped. The
Document's text is built from the blocks' texts, one block per paragraph, with the offsets
recorded while it is built; ``<sup>`` citation markers become explicit markers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice
from typing import Any

from claims import furniture
from claims.blocktext import Builder, Lines, Segment, follows_a_number_or_unit, source_line
from claims.classifying import has_auxiliary
from claims.errors import ArticleUnreadable
from claims.html_attributes import few_attributes
from claims.limits import DEFAULT_LIMITS, Limits
from claims.markers import cite_keys, label_keys
from claims.model import Document
from claims.nesting import TOO_DEEP, Walk, run, walk_children

# Never content: scripts, styles, navigation, forms, embedded media, page chrome.
_DROP_TAGS = frozenset(
    (
        *("script", "style", "noscript", "template", "head", "link", "meta"),
        *("nav", "footer", "aside", "dialog", "form", "button", "select", "option", "input"),
        *("textarea", "label", "iframe", "svg", "canvas", "audio", "video", "object", "embed"),
        *("map", "area", "annotation"),
    )
)
_NEVER_CONTENT = frozenset(("script", "style", "noscript", "template", "head", "nav", "form"))
#: Page chrome that may hold the article's sources ("Sources:" in a sidebar widget or footer).
_MAY_HOLD_SOURCES = frozenset(("aside", "footer", "div", "section", "li", "ul"))
_DROP_CLASSES = re.compile(
    r"(?:^|\s)(?:mw-editsection|editsection|mw-cite-backlink|mw-jump-link|navbox|vertical-navbox|sidebar|"
    r"metadata|ambox|hatnote|dablink|rellink|toc|catlinks|printfooter|mw-empty-elt|noscript|sr-only|"
    r"screen-reader-text|visually-hidden|skip-link)(?:\s|$)"
)
# Class or id words of page chrome (``cookie-banner``, ``share_buttons``, ``related-posts``,
# ``ce_teaser``: a box that advertises another page, ``article-main__explore``; sharing in
# French, German and Spanish: ``partage``, ``teilen``, ``compartir``).
_CHROME = re.compile(
    r"(?:^|[\s_-])(?:cookies?|consent|gdpr|newsletter|share|sharing|social|related|comments?|"
    r"teasers?|explore|partage|partager|teilen|compartir|"
    r"advert|ads|advertisement|promo|breadcrumbs?|subscribe|subscription|popup|modal|banner|"
    r"masthead|header|footer|navbar|nav|navigation|sidebar|widgets?|toolbar|menu|toc|cta|"
    r"donate|donations?)(?:$|[\s_-])",
    re.IGNORECASE,
)
# A box of key facts beside the story ("factbox", "key-points", "at-a-glance"): an <aside>, yet the
# article's own content.
_FACT_BOX = re.compile(
    r"(?:^|[\s_-])(?:facts?|factbox|factfile|keyfacts|key-?points|glance)(?:$|[\s_-])",
    re.IGNORECASE,
)
# A call to action or a donation appeal ("custom-cta-letter"): chrome however long its letter.
_APPEAL = re.compile(r"(?:^|[\s_-])(?:cta|donate|donations?)(?:$|[\s_-])", re.IGNORECASE)
# Chrome words that name a list of links (a menu, a table of contents). A page names the
# sections its jump list points to after it too (id="TOC_TITLE_3", "toc_section-2"): such an
# element is chrome only when links hold most of its text.
_LINK_CHROME = re.compile(
    r"(?:^|[\s_-])(?:navbar|nav|navigation|menu|toc|breadcrumbs?)(?:$|[\s_-])", re.IGNORECASE
)
# Class names that say what a small element is, whatever its tag.
_CLASS_KINDS = (
    (
        re.compile(
            r"(?:^|\s)(?:[\w-]*caption[\w-]*|gallerytext|credits?|[\w-]+-credits?|cr[eé]ditos?|bildnachweis|"
            r"table-(?:foot|footnotes?|notes?))"
            r"(?:\s|$)"
        ),
        "caption",
    ),
    (
        # an author's name, or the box of the author's affiliation ("author-info", "affiliations"),
        # or a signed line ("signature", Spanish "firma": "par NAME, le DATE", "Por NAME | PLACE")
        re.compile(
            r"(?:^|\s)(?:byline|by-line|authors?|author-name|contributor|author-info|"
            r"author-affiliations?|affiliations?|signature|firma|autor(?:es)?|auteurs?)(?:\s|$)"
        ),
        "byline",
    ),
    (
        re.compile(
            r"(?:^|\s)(?:kicker|eyebrow|category|categories|cat-links|tags|tag-list|tags-links|"
            r"section-label|section-name|rubric|overline|category-label|dateline|posted-on|"
            r"surtitre|antet[ií]tulo|dachzeile|"
            r"entry-date|published|updated|date|timestamp|reading-time|read-time)(?:\s|$)"
        ),
        "furniture",
    ),
)
# schema.org properties that name a person who made the article
_PERSON_PROPS = frozenset(("author", "creator", "contributor", "editor"))
# A line of labelled spans about the article (author, date, reading time).
_META_CLASSES = re.compile(
    r"(?:^|\s)(?:meta|entry-meta|post-meta|article-meta|story-meta|byline-meta|article-info|"
    r"post-info|article-details)(?:\s|$)"
)
_DISPLAYSTYLE = re.compile(r"^\s*\{\\displaystyle\s*+(.*?)\}\s*$", re.DOTALL)
_WORD_CHAR = re.compile(r"[^\W_]")
# A link printing a year alone ("Lee and Park 2001, <a>2003</a>"), and one keyed by a name and year
_BARE_YEAR = re.compile(r"(?:1[6-9]|20)\d{2}[a-z]?")
_NAMED_KEY = re.compile(r".*\D (?:1[6-9]|20)\d{2}[a-z]?")
#: A paragraph above a table holding more text than this is prose, not the table's caption.
_MAX_TABLE_CAPTION = 300
#: A cell holding more text than this, even in <p>s, is a layout table's column.
_MAX_CELL = 400
#: A class-named element holding more text than this is content, not a label.
_MAX_CLASSED = 300
#: ... and more characters than this, whitespace included, are never read to tell.
_MAX_CLASSED_RAW = 4 * _MAX_CLASSED
#: A chrome-named element holding more text than this is content with an unlucky class name.
_MAX_CHROME = 1500
# Reader comments are never the article, however long they run.
_COMMENTS = re.compile(
    r"(?:^|\s)(?:comments|comments-area|comment-list|commentlist|comment-respond|respond|"
    r"disqus_thread|reader-comments)(?:\s|$)",
    re.IGNORECASE,
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
#: Blocks whose parts may be captions of the pictures they hold (a gallery's item, an infobox cell)
_BOXES = frozenset(("item", "cell"))
_BLOCK_KINDS = {
    "p": "paragraph",
    "li": "item",
    "dt": "item",
    "dd": "paragraph",
    "td": "cell",
    "th": "cell",
    "figcaption": "caption",
    "caption": "caption",
    "pre": "code",
}
# Elements that hold blocks: text directly inside them is a paragraph of its own.
_CONTAINERS = frozenset(
    (
        *("div", "section", "article", "main", "body", "header", "blockquote", "figure"),
        *("ul", "ol", "dl", "table", "thead", "tbody", "tfoot", "tr", "center", "details"),
        *("summary", "fieldset", "address", "hgroup"),
    )
)
# Containers that may hold a line of inline text (a list or a table holds its items or rows).
_LINE_CONTAINERS = _CONTAINERS - {"ul", "ol", "dl", "table", "thead", "tbody", "tfoot", "tr"}
_REFERENCE_CLASSES = re.compile(
    r"(?:^|\s)(?:references|reflist|refbegin|footnotes|bibliography|citations|endnotes)(?:\s|$)",
    re.IGNORECASE,
)
_REFERENCE_ROLES = frozenset(("doc-bibliography", "doc-endnotes", "doc-footnotes"))
_NOTE_ID = re.compile(
    r"(?:cite_note|cite-note|ref|note|fn|footnote|bib|endnote)[-_:]?(?:.*?[-_])?(\d+)$"
)
_NOTE_CALL = re.compile(r"(?:^|[\s_-])(?:note|footnote|endnote|appendix)(?:$|[\s_-])", re.I)
# An in-page link to a note or reference entry: "#ref-3", "#cite_note-4", "#fn2", "#bib12".
_NOTE_LINK = re.compile(
    r"#(?:cite[_-]?note|ref|reference|note|fn|footnote|endnote|bib|b|r|cr)[-_:]?+[\w-]*\d",
    re.IGNORECASE,
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_LABEL = re.compile(r"([^:.!?\[\]()]{1,60}?):\s+(?=\S)")
_ENTRIES_LOOKED_AT = 4
#: Elements that may hold a run-in label naming a reference list ("Sources:", "Quellen:").
_LABEL_TAGS = frozenset(("p", "div"))
#: A heading over a list of works to read: entries when they look like references.
_READING_LIST = re.compile(
    r"(?:(?:further|recommended|suggested|additional|selected) reading"
    r"|(?:(?:further|additional|other|online|web|external) )?resources)\s*:?",
    re.IGNORECASE,
)
_LABEL_BLOCKS = ("p", "div", "li", "ul", "ol", "table", *(f"h{n}" for n in range(1, 7)))
_MAX_ENTRY = 300  # the text of an entry looked at
_MAX_LABEL_TEXT = 40
_LABEL_LEVEL = 6  # the deepest: the next heading of any level ends its list
_LIST_HEADINGS = ("reference-heading", "list-heading")
_MAX_LABEL = 60  # a link printing more is prose, not an entry's label
_MAX_LINK_LINE = 200  # characters of a link line looked at (a longer block is prose)
# The label a link line may print after its link: a language, a format or a medium in round
# brackets of up to three words and no digit ("(in German)", "(PDF)", "(video, English)"); a
# count or a share ("(50%)", "(1926-1998)") is data about the thing linked.
_LINK_LABEL = re.compile(r"\(\s*[^\W\d_]+(?:[ ,/]+[^\W\d_]+){0,2}\s*\)(?=[\s.:;]*$)")
_FURNITURE_KINDS = {
    "furniture": "furniture",
    "furniture-heading": "furniture",
    "byline": "byline",
    "caption": "caption",
    "disclaimer": "disclaimer",
}


def read_html(text: str, source: str, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Return the Document of an HTML page: its main content as blocks."""
    import lxml.html

    text = _XML_DECLARATION.sub(_line_breaks, text, count=1)  # lines stay the file's
    text = few_attributes(text)  # libxml2 is quadratic in a tag's attributes
    try:
        # huge_tree lifts libxml2's nesting limit (about 255 levels), past which text vanishes.
        parser = lxml.html.HTMLParser(huge_tree=True)
        tree = lxml.html.document_fromstring(text, parser=parser)
    except Exception as exc:  # lxml raises several types for hopeless input
        raise ArticleUnreadable(f"{source}: not readable as HTML ({exc}); check the file") from None
    title = _title(tree)
    url = _url(tree)
    root = _main_content(tree)
    entries = _entry_keys(root)
    walker = _Walker(_entry_ids(root), entries, _first_entry_below(root, entries))
    walker.builder.source = source
    walker.builder.limits = limits
    walker.links_citations = any(walker._cites(a) for a in root.iter("a"))
    if title and not _contains_title(root, title):
        found = tree.find(".//title")
        line = source_line(found) if found is not None else None
        walker.builder.add([Segment(title, line=line)], "title", level=1)
        walker.has_title = True
    run(walk_children(walker, root))
    walker.flush()
    if not any(block.kind == "reference" for block in walker.builder.blocks):
        # a page whose sources stand beside its main content, in a sidebar of the page
        outside = (h for h in tree.iter(*_HEADINGS) if root not in h.iterancestors())
        run(walker.source_lists(h for h in outside if not _in_dropped(h)))
        walker.flush()
    builder = walker.builder
    return Document(
        source,
        "html",
        builder.text,
        tuple(builder.blocks),
        title=title,
        url=url,
        explicit_markers=tuple(builder.markers),
        warnings=_depth_warnings(parser.error_log, source),
        links_citations=walker.links_citations,
        lines=tuple(builder.lines),
    )


def _line_breaks(match: re.Match[str]) -> str:
    """Return the line breaks of a removed declaration, so elements keep their lines."""
    return "\n" * match[0].count("\n")


def _depth_warnings(errors: Any, source: str) -> tuple[str, ...]:
    """Return a warning when the parser left out elements nested past its depth limit."""
    for error in errors:
        if error.type_name == "ERR_RESOURCE_LIMIT":
            return (f"{source}:{error.line}: {TOO_DEEP}",)
    return ()


def _title(tree: Any) -> str | None:
    for path in ("//h1[@id='firstHeading']", "//main//h1", "//article//h1", "//h1", "//title"):
        found = tree.xpath(path)
        if found:
            title = " ".join(_shown_text(found[0]).split())
            if title:
                return title
    return None


def _shown_text(element: Any) -> str:
    """Return the element's text less that of the elements in it never shown as content (a
    script in an SVG, a hidden span): ``text_content()`` reads them all. One pass, no recursion."""
    from lxml import etree

    parts: list[str] = []
    walk = etree.iterwalk(element, events=("start", "end", "comment", "pi"))
    for event, node in walk:
        if event == "start":
            if node is not element and (node.tag in _DROP_TAGS or _hidden(node)):
                walk.skip_subtree()  # its end event still comes, with its tail
            elif node.text:
                parts.append(node.text)
        elif node is not element and node.tail:
            parts.append(node.tail)
    return "".join(parts)


def _url(tree: Any) -> str | None:
    for path in ("//link[@rel='canonical']/@href", "//meta[@property='og:url']/@content"):
        found = tree.xpath(path)
        if found and found[0].strip():
            return str(found[0]).strip()
    return None


def _main_content(tree: Any) -> Any:
    """Return the element holding the main content, else <body>, else the root."""
    for path in (
        "//*[contains(concat(' ', normalize-space(@class), ' '), ' mw-parser-output ')]",
        "//*[@id='mw-content-text']",
        "//main",
        "//*[@role='main']",
        "//article",
        "//*[@id='content' or @id='main-content' or @id='main']",
    ):
        found = tree.xpath(path)
        if found:
            return max(found, key=lambda e: len(e.text_content())) if len(found) > 1 else found[0]
    body = tree.find("body")
    return body if body is not None else tree


def _contains_title(root: Any, title: str) -> bool:
    return any(" ".join(_shown_text(h).split()) == title for h in root.iter("h1", "title"))


@dataclass
class _List:
    """An open <ol>/<ul>: how its items are numbered, and the number of the current one."""

    numbered: bool
    alphabetic: bool
    number: int

    @classmethod
    def of(cls, element: Any) -> _List:
        # Wikipedia puts the lettering of its notes list on the wrapping <div class="notelist">.
        around = [element, *islice(element.iterancestors(), 2)]
        style = " ".join(f"{e.get('type', '')} {e.get('style', '')}" for e in around)
        alphabetic = bool(re.search(r"\ba\b|lower-(?:alpha|latin)", style))
        start = element.get("start", "1")
        first = int(start) if start.strip().lstrip("-").isdigit() else 1
        return cls(element.tag == "ol", alphabetic, first - 1)

    def advance(self, item: Any) -> None:
        value = item.get("value", "")
        self.number = int(value) if value.isdigit() else self.number + 1

    def label(self) -> str:
        if self.alphabetic and 1 <= self.number <= 26:
            return chr(ord("a") + self.number - 1)
        return str(self.number)


class _Walker:
    """Walks the content tree once, turning block elements into blocks."""

    def __init__(
        self,
        entry_ids: frozenset[str] = frozenset(),
        entries: dict[str, str] | None = None,
        item_entries: dict[Any, str] | None = None,
    ) -> None:
        self.builder = Builder()
        self.lines = Lines()  # the file's line of each segment of text
        self.entry_ids = entry_ids  # ids of list items: the targets of in-page citation links
        self.entries = entries or {}  # reference and note entries' keys, by element id
        self.item_entries = item_entries or {}  # list items holding an entry: its key
        self.links_citations = False  # the page links its markers to their entries
        self.buffer: list[Segment] = []
        self.kinds: list[str] = ["paragraph"]
        self.references = 0  # depth of reference-list containers around the walk
        self.section: str = "normal"  # "references" / "disclaimer" after such a heading
        self.section_level = 0
        self.has_title = False
        self.has_prose = False  # a paragraph has been read
        self.lists: list[_List] = []
        self.item_key: str | None = None
        self.header_cell = False
        self.row = 0  # the number of the table row being read (<tr>), counted through the page
        self.row_element: Any = None
        self.heading: Any = None  # the heading element being read
        # a run-in "Sources:" label's list: the container it stands in, the entries after it
        self.label_run: tuple[Any, frozenset[Any]] | None = None

    # -- walking ---------------------------------------------------------------------------

    def walk(self, element: Any) -> Walk:
        tag = element.tag if isinstance(element.tag, str) else ""
        if self.label_run and tag and self._ends_label_run(element):
            self.flush()
            self.label_run, self.section = None, "normal"
        if not tag:
            return
        if _dropped(element, tag):
            if tag in _MAY_HOLD_SOURCES and not _hidden(element):
                # a fact-check's "Sources:" in its sidebar
                yield self.source_lists(element.iter(*_HEADINGS))
            return
        if tag == "br":
            self.buffer.append(Segment(" "))
        elif tag == "img":
            if "math" in (element.get("class") or ""):  # Wikipedia's formula images
                self.buffer.append(Segment(_DISPLAYSTYLE.sub(r"\1", element.get("alt") or "")))
        elif tag == "sup":
            yield self._sup(element)
        elif tag == "a" and self._cites(element):
            yield self._note_link(element)
        elif tag in _HEADINGS:
            self.heading = element
            yield self._block(element, "heading", _HEADINGS[tag])
        elif tag in ("td", "th") and _holds_blocks(element) and not self._paragraph_cell(element):
            yield self._container(element, tag)  # a layout table: its cell holds whole paragraphs
        elif tag in _LABEL_TAGS and not self._inside_text_block() and _sources_label(element):
            # "<p><em>Quellen:</em></p>" over entries: a heading in all but its tag
            anchor = _anchor(element)
            self.heading, self.label_run = element, (anchor.getparent(), _entries_after(anchor))
            yield self._block(element, "heading", _LABEL_LEVEL)
        elif _is_meta_line(element) and not self._inside_text_block():
            # "By X · 18 March 2025 · 7 min read": one block each
            yield self._container(element, tag)
        elif (kind := _label_kind(element, tag)) and (
            not self._inside_text_block() or (kind == "caption" and self.kinds[-1] in _BOXES)
        ):
            yield self._block(element, kind)  # a gallery's or an infobox's caption too
        elif tag in _BLOCK_KINDS:
            yield self._block(element, _BLOCK_KINDS[tag])
        elif tag in _LINE_CONTAINERS and self._link_div(element):
            # a line that is one link in a <div>, <blockquote>, <center>...
            yield self._block(element, "furniture")
        elif tag in _CONTAINERS:
            yield self._container(element, tag)
        else:
            yield walk_children(self, element)

    def _ends_label_run(self, element: Any) -> bool:
        """Tell whether ``element`` ends the entries under a run-in label: the first element
        after them in the label's container, or anything after that container."""
        assert self.label_run is not None
        container, entries = self.label_run
        if element in entries or element is container:
            return False
        if element.getparent() is container:
            return element.getprevious() is not None and element.getprevious() in entries
        return not any(a is container for a in element.iterancestors())

    def source_lists(self, headings: Iterable[Any]) -> Walk:
        """Read the reference lists held by page chrome (a sidebar widget, a footer): each of
        ``headings`` naming sources over entries, and what follows it up to the next heading."""
        for heading in list(headings):
            if not _names_sources(heading):
                continue
            self.flush()
            yield self.walk(heading)
            for sibling in _anchor(heading).itersiblings():
                if not isinstance(sibling.tag, str):
                    continue
                if sibling.tag in _HEADINGS or next(sibling.iter(*_HEADINGS), None) is not None:
                    break
                yield self.walk(sibling)
            self.flush()
            self.section = "normal"

    def _paragraph_cell(self, cell: Any) -> bool:
        """Tell whether a cell wraps its short text in <p> ("<td><p>Tea [2].</p></td>"): a
        cell of a data table, not a cell of a page laid out by a table."""
        if self.section == "references" or self.references:
            return False  # entries in a table of references stay entries
        if cell.find(".//div") is not None or cell.find(".//table") is not None:
            return False
        row = cell.getparent()
        if row is None or sum(1 for c in row if c.tag in ("td", "th")) < 2:
            return False  # a table of one column lays out the page
        return len(_text_upto(cell, _MAX_CELL)) < _MAX_CELL

    def _link_div(self, element: Any) -> bool:
        """Tell whether a <div> of inline text only is a link line ("Text of the petition.")."""
        return (
            not self._inside_text_block()
            and not self._in_references()
            and next(element.iterdescendants(*_LABEL_BLOCKS), None) is None
            and _link_line(element, labelled=True)
        )

    def _inside_text_block(self) -> bool:
        """Return True inside a paragraph, item, cell or heading (a <time> there is prose)."""
        return len(self.kinds) > 1

    def _container(self, element: Any, tag: str) -> Walk:
        self.flush()
        is_references = _is_reference_list(element)
        self.references += is_references
        if tag in ("ol", "ul"):
            self.lists.append(_List.of(element))
        yield walk_children(self, element)
        self.flush()
        if tag in ("ol", "ul"):
            self.lists.pop()
        self.references -= is_references

    def _block(self, element: Any, kind: str, level: int = 0) -> Walk:
        if kind == "paragraph" and self.kinds[-1] == "item" and self._in_references():
            yield self._entry_part(element)  # an entry's text and links in <p>s: one entry
            return
        self.flush()
        if kind == "item" and self.lists and element.tag == "li":
            self.lists[-1].advance(element)
        outer = self.kinds[-1]
        if kind == "paragraph" and outer in ("item", "cell", "caption", "byline"):
            kind = outer  # <li><p>...</p></li> is still the item
        elif kind == "cell" and _captions_picture(element):
            kind = "caption"  # the cell under a row that holds only a picture
        elif kind == "paragraph" and outer != "item" and _captions_next_table(element):
            kind = "caption"  # "Revenue, profit/loss and assets, 1998-2006" over its table
        elif (
            kind in ("paragraph", "item")
            and not self._in_references()
            and _link_line(element, labelled=kind == "paragraph")
        ):
            kind = "furniture"  # "<p><a href=...>Text of the petition</a>.</p>": a link
        elif kind == "item" and _in_fact_box(element):
            kind = "fact"  # "Incubation: 12 to 48 hours" in a box of key facts
        self.kinds.append(kind)
        key = self._item_key(element) if element.tag == "li" else self.item_key
        outer_key, self.item_key = self.item_key, key
        if element.tag in ("td", "th"):
            self.header_cell = _is_header_cell(element)
            if (row := element.getparent()) is not self.row_element:
                self.row_element, self.row = row, self.row + 1
        if kind == "code":
            self.buffer.append(self.lines.text(element, element.text_content()))
        else:
            yield walk_children(self, element)
        self.flush(level)
        self.item_key = outer_key
        self.kinds.pop()

    def _in_references(self) -> bool:
        return self.references > 0 or self.section == "references"

    def _entry_part(self, element: Any) -> Walk:
        """Read a block inside a reference entry as part of that entry; a bar of links after
        its text ("CAS Article PubMed Google Scholar") is left out."""
        text = _text_upto(element, _MAX_ENTRY)
        if any(s.text.strip() for s in self.buffer) and _mostly_links(element, text):
            return
        self.buffer.append(Segment(" "))
        yield walk_children(self, element)
        self.buffer.append(Segment(" "))

    def _item_key(self, element: Any) -> str | None:
        """Return a list item's key: the label the links to it print, else (a list inside an
        entry) its entry's key, else its printed number or letter, else the number in its id."""
        if (key := self.item_entries.get(element)) is not None:
            return key
        if self.references and self.item_key is not None:
            return self.item_key
        if self.lists and self.lists[-1].numbered:
            return self.lists[-1].label()
        match = _NOTE_ID.search(element.get("id", "") or "")
        return match.group(1) if match else None

    def _entry_linked(self, element: Any) -> str | None:
        """Return the key of the reference or note entry an in-page link points to, else None."""
        href = element.get("href") or ""
        return self.entries.get(href[1:]) if href.startswith("#") else None

    def _cites(self, link: Any) -> bool:
        """Tell whether a link points to a note or reference entry of the page."""
        href = link.get("href") or ""
        if _NOTE_LINK.match(href) or (href[:1] == "#" and href[1:] in self.entry_ids):
            return True
        # a link the page calls a note ("spip_note", rel="footnote") to a place in the page
        called = f"{link.get('class', '')} {link.get('rel', '')}"
        return href[:1] == "#" and bool(_NOTE_CALL.search(called)) and bool(_link_label(link))

    def _sup(self, element: Any) -> Walk:
        """Add a raised marker: linked to an entry, classed as a citation, or (on a page that
        links none of its citations) a bare raised number that is no exponent."""
        text = element.text_content()
        line = source_line(element)
        links = [k for a in element.iter("a") if (k := self._entry_linked(a)) is not None]
        keys = _linked_keys(text, links) or label_keys(text)
        before = "".join(s.text for s in self.buffer[-3:])
        linked = any(self._cites(a) for a in element.iter("a"))
        classed = bool(re.search(r"reference|cite|citation|footnote", element.get("class", "")))
        bare = (
            not self.links_citations
            and all(k.isdigit() for k in keys)
            and not follows_a_number_or_unit(before)
        )
        if keys and (linked or classed or bare):
            self.buffer.append(Segment(text, (keys, _style(keys, "superscript")), line))
        elif next(element.iter("a"), None) is not None:
            yield walk_children(self, element)
        else:
            self.buffer.append(Segment(text))

    def _note_link(self, element: Any) -> Walk:
        """Add a link to a reference entry ("[3]", "Lee et al., 2019") as a marker."""
        text = element.text_content()
        line = source_line(element)
        linked = self._entry_linked(element)
        keys = label_keys(text) if self.references == 0 else ()
        named = cite_keys(text) if self.references == 0 and not keys else ()
        if linked is not None:  # the link says which entry, and so which list, it cites
            keys = _linked_keys(text, [linked])
            self.buffer.append(Segment(text, (keys, _linked_style(text, keys)), line))
        elif keys:
            style = "bracket" if text.strip().startswith("[") else "superscript"
            self.buffer.append(Segment(text, (keys, _style(keys, style)), line))
        elif named:
            self.buffer.append(Segment(text, (named, "author-year"), line))
        else:
            yield walk_children(self, element)

    # -- blocks ----------------------------------------------------------------------------

    def flush(self, level: int = 0) -> None:
        """Turn the buffered inline text into a block of the current kind."""
        if not self.buffer:
            return
        segments, self.buffer = self.buffer, []
        kind = self.kinds[-1]
        plain = " ".join("".join(s.text for s in segments).split())
        if not _WORD_CHAR.search(plain):
            return  # nothing but separators ("·", "|") between labelled spans
        if kind == "heading":
            self._heading(segments, plain, level, self.heading)
            return
        if self.section == "references" and furniture.line_kind(plain) in _LIST_HEADINGS:
            # "<dt>Notes</dt>" over one of the lists of a reference section: a heading
            self.builder.add(segments, "heading", level=self.section_level + 1)
            return
        kind, extra = self._classify(kind, plain)
        self.has_prose = self.has_prose or kind == "paragraph"
        if kind == "cell":
            extra["row"] = self.row
            if self.header_cell:
                extra["header"] = True
        self.builder.add(segments, kind, **extra)

    def _heading(self, segments: list[Segment], plain: str, level: int, element: Any) -> None:
        if level > 1 and self.has_prose and _link_line(element):
            # after the article's first paragraph, a heading that is only a link to another
            # page titles a teaser: what follows it (a byline, the first words of that page)
            # advertises it; inside a box of such teasers ("À lire aussi") it neither ends the
            # box nor opens a section. (Before it, a blog's title links to its own page.)
            if self.section != "furniture" or level <= self.section_level:
                self.section, self.section_level = "furniture", level
            self.builder.add(segments, "furniture")
            return
        line_kind = furniture.line_kind(plain)
        if self.section != "normal" and level <= self.section_level:
            self.section = "normal"
        if line_kind == "list-heading":  # "Notes", "Sources": a list only over entries
            line_kind = "reference-heading" if _opens_entries(element) else None
        elif _READING_LIST.fullmatch(plain) and _opens_entries(element):
            line_kind = "reference-heading"  # "Further reading" over entries: works, not claims
        if line_kind == "reference-heading":
            self.section, self.section_level = "references", level
        elif line_kind == "disclaimer-heading":
            self.section, self.section_level = "disclaimer", level
        elif line_kind == "furniture-heading":
            # "See also", "Related posts": a real section heading over a list of links
            self.section, self.section_level = "furniture", level
        elif line_kind == "furniture":
            self.builder.add(segments, "furniture")
            return
        if level == 1 and not self.has_title:
            self.has_title = True
            self.builder.add(segments, "title", level=1)
        else:
            self.builder.add(segments, "heading", level=level)

    def _classify(self, kind: str, plain: str) -> tuple[str, dict[str, Any]]:
        """Return the block kind and extra fields for a non-heading block."""
        in_references = self._in_references()
        if in_references and kind == "paragraph" and furniture.line_kind(plain) == "furniture":
            return "furniture", {}  # "Share this article" after the last entry is no entry
        if in_references and kind in ("item", "paragraph"):
            key = self.item_key if kind == "item" else None
            return "reference", {"key": key}
        if kind in ("paragraph", "item", "caption"):
            line_kind = furniture.line_kind(plain)
            if line_kind in _FURNITURE_KINDS:
                return _FURNITURE_KINDS[line_kind], {}
        if self.section == "disclaimer" and kind == "paragraph":
            return "disclaimer", {}
        if self.section == "furniture" and kind in ("paragraph", "item"):
            return "furniture", {}
        if kind == "item" and (label := _LABEL.match(plain)) and _is_label(label.group(1)):
            return kind, {"label_end": len(label.group(1)) + 1}
        return kind, {}


def _style(keys: tuple[str, ...], numeric: str) -> str:
    """Return a marker's style: ``numeric`` for numbers, "footnote" for notes ("a", "n 1")."""
    return numeric if all(k[0].isdigit() for k in keys) else "footnote"


def _entry_ids(root: Any) -> frozenset[str]:
    """Return the ids of the page's list items and of the anchors inside them."""
    ids: set[str] = set()
    inner: set[Any] = set()  # items inside an item already read: each element is read once
    for item in root.iter("li"):
        if item not in inner:
            for element in item.iter():
                if identifier := element.get("id"):
                    ids.add(identifier)
                if element.tag == "li":
                    inner.add(element)
    return frozenset(ids)


def _first_entry_below(root: Any, entries: dict[str, str]) -> dict[Any, str]:
    """Return, for each list item holding an entry (by id, itself or an element inside it),
    the key of the first such element in document order.

    One walk up from each entry's element, ending where an earlier walk went: linear in the
    page however deep its lists nest (a search of each item's subtree was quadratic).
    """
    keys: dict[Any, str] = {}
    passed: set[Any] = set()
    for node in root.iter():
        if (key := entries.get(node.get("id") or "")) is None:
            continue
        while node is not None and node not in passed:
            passed.add(node)
            if node.tag == "li":
                keys[node] = key
            node = node.getparent()
    return keys


def _in_dropped(element: Any) -> bool:
    """Return True inside an element never shown or never content (a script, a hidden box)."""
    return any(
        isinstance(e.tag, str) and (e.tag in _NEVER_CONTENT or _hidden(e))
        for e in (element, *element.iterancestors())
    )


def _in_fact_box(element: Any) -> bool:
    """Return True inside an <aside> of key facts (``_FACT_BOX``)."""
    return any(
        e.tag == "aside" and _FACT_BOX.search(e.get("class", "")) for e in element.iterancestors()
    )


def _hidden(element: Any) -> bool:
    """Return True for an element the page never shows."""
    style = element.get("style")
    return (
        element.get("hidden") is not None
        or element.get("aria-hidden") == "true"
        or bool(style and _HIDDEN_STYLE.search(style))
    )


def _dropped(element: Any, tag: str) -> bool:
    """Return True for elements that are never content (scripts, nav, hidden, page chrome)."""
    if tag in _DROP_TAGS:
        return not (tag == "aside" and _FACT_BOX.search(element.get("class", "")))
    if tag == "header" and element.find(".//h1") is None:
        return True
    if _hidden(element):
        return True
    classes = element.get("class", "")
    if classes and _DROP_CLASSES.search(classes):
        return True
    role = element.get("role")
    if role in ("navigation", "banner", "contentinfo", "complementary", "search", "dialog"):
        return True
    chrome = f"{classes} {element.get('id', '')}".strip()
    if not chrome or tag not in _CONTAINERS or not _CHROME.search(chrome):
        return False
    if element.find(".//h1") is not None:
        return False  # an article header ("entry-header") holds the title and byline
    if _COMMENTS.search(chrome) or _APPEAL.search(chrome):
        return True
    text = _text_upto(element, _MAX_CHROME)
    if len(text) >= _MAX_CHROME:
        return False
    if _CHROME.search(_LINK_CHROME.sub(" ", chrome)) is None:
        return _mostly_links(element, text)  # named only as a menu or contents: its links tell
    return True


def _mostly_links(element: Any, text: str) -> bool:
    """Return True when links hold at least half of ``element``'s visible text (a menu, a
    table of contents), not when prose runs between them (a section the contents point to)."""
    words = len(text.split())
    linked = sum(len(a.text_content().split()) for a in element.iter("a"))
    return 2 * linked >= words


def _text_upto(element: Any, limit: int) -> str:
    """Return the element's text, read no further than just past ``limit`` characters.

    Length tests on nested elements read each one's whole text otherwise: quadratic when
    thousands of them nest around a long page.
    """
    parts: list[str] = []
    size = 0
    for piece in element.itertext():
        parts.append(piece)
        size += len(piece)
        if size > limit:
            break
    return "".join(parts)


def _is_meta_line(element: Any) -> bool:
    classes = element.get("class")
    return bool(classes) and bool(_META_CLASSES.search(classes))


def _label_kind(element: Any, tag: str) -> str | None:
    """Return the block kind of a small labelled element (<time>, class byline, kicker...)."""
    if tag == "time":
        return "furniture"
    if element.get("itemprop") in _PERSON_PROPS and _is_small(element):
        return "byline"  # schema.org markup of an author ("Ana Ruiz¹" in an author list)
    classes = element.get("class")
    if not classes:
        return None
    for pattern, kind in _CLASS_KINDS:
        if pattern.search(classes) and _is_small(element):
            return kind
    return None


def _is_small(element: Any) -> bool:
    """Tell whether an element's text, whitespace runs counted as one space, is short enough
    for a label (the indentation of a pretty-printed page is no text: a signature box of 41
    characters may hold 400 of tabs)."""
    raw = _text_upto(element, _MAX_CLASSED_RAW)
    return len(raw) <= _MAX_CLASSED_RAW and len(" ".join(raw.split())) <= _MAX_CLASSED


def _is_header_cell(cell: Any) -> bool:
    """Return True for a column title: a cell of <thead>, or of a row made only of <th>."""
    row = cell.getparent()
    if row is None:
        return False
    if row.getparent() is not None and row.getparent().tag == "thead":
        return True
    return all(c.tag == "th" for c in row.iterchildren("td", "th"))


def _holds_blocks(cell: Any) -> bool:
    return next(cell.iterfind(".//p"), None) is not None or cell.find(".//div") is not None


def _is_label(label: str) -> bool:
    return len(label.split()) <= 8 and "http" not in label and label[:1].isupper()


def _entry_keys(root: Any) -> dict[str, str]:
    """Return the key of every reference and note entry, by the ids of it and its link targets.

    An entry's key is the label its in-page links print ("12", "a", "n 1", "Carboneras 1992"),
    so a marker resolves to the entry its link points to: a page's notes and references, both
    numbered from 1 (the notes as "[n 1]"), stay two lists.
    """
    labels: dict[str, str] = {}
    named: tuple[Any, str] | None = None  # the last link that printed a name and year
    for link in root.iter("a"):
        href = link.get("href") or ""
        if href.startswith("#") and len(href) > 1 and (label := _link_label(link)):
            if _BARE_YEAR.fullmatch(label) and named and _next_of(named[0], link):
                label = f"{named[1].rsplit(' ', 1)[0]} {label}"  # "Lee 2001, <a>2003</a>"
            if _NAMED_KEY.fullmatch(label):
                named = (link, label)
            labels.setdefault(href[1:], label)
    keys: dict[str, str] = {}
    read: set[Any] = set()  # elements of the lists read: a list inside one is read with it
    for container in _reference_lists(root):
        if container not in read:
            _list_entry_keys(container, labels, keys, read)
    return keys


def _list_entry_keys(
    container: Any, labels: dict[str, str], keys: dict[str, str], read: set[Any]
) -> None:
    """Add to ``keys`` the entries of one reference list, in one walk of it.

    An item's key is the label of the first link target at or below it; a link target takes
    its outermost item's key, an item's own id its own key. The items open around the walk
    whose key is not yet known are the innermost ones, so each is given its key once.
    """
    from lxml import etree

    items: list[list[Any]] = []  # the items open around the walk: [own id, key or None]
    keyed = 0  # items[:keyed] have their key
    for event, element in etree.iterwalk(container, events=("start", "end")):
        if event == "end":
            if element.tag == "li":
                own, key = items.pop()
                keyed = min(keyed, len(items))
                if own and key is not None:
                    keys.setdefault(own, key)
            continue
        read.add(element)
        if element.tag == "li":
            items.append([element.get("id"), None])
        if items and (label := labels.get(element.get("id") or "")) is not None:
            for item in items[keyed:]:
                item[1] = label
            keyed = len(items)
            keys.setdefault(element.get("id"), items[0][1])


def _next_of(previous: Any, link: Any) -> bool:
    """Tell whether ``link`` follows ``previous`` in the same citation, after a comma."""
    return previous.getnext() is link and (previous.tail or "").strip() in (",", "")


def _link_label(link: Any) -> str | None:
    """Return what a link to an entry prints, without brackets ("[n 1]" -> "n 1"), or None."""
    label = " ".join(link.text_content().split()).strip("[]").strip()
    if not 0 < len(label) <= _MAX_LABEL or not _WORD_CHAR.search(label):
        return None
    named = cite_keys(label)
    if len(named) == 1:  # "Lee et al., 2019" -> "Lee 2019"
        return named[0]
    keys = label_keys(label)  # "[5–7]" printed in one link to entry 5, "[32: 273]" to 32
    return keys[0] if keys else label


def _linked_keys(text: str, linked: list[str]) -> tuple[str, ...]:
    """Return the keys of a marker whose links point to the entries keyed ``linked``: those,
    or the range it prints when its one link points to the range's first entry ("[5–7]") or
    its links to the range's ends ("<sup><a>8</a>–<a>10</a></sup>")."""
    printed = label_keys(text)
    if len(linked) == 1 and len(printed) > 1 and printed[0] == linked[0]:
        return printed
    if len(linked) > 1 and len(printed) > len(linked) and set(linked) <= set(printed):
        return printed  # "<sup><a>8</a>–<a>10</a></sup>": a range across two links
    return tuple(dict.fromkeys(linked))


def _linked_style(text: str, keys: tuple[str, ...]) -> str:
    """Return the style of a marker linked to its entry ("[3]" bracket, "a" footnote...)."""
    if cite_keys(text):
        return "author-year"
    return _style(keys, "bracket" if text.strip().startswith("[") else "superscript")


def _link_line(element: Any, labelled: bool = False) -> bool:
    """Return True when links to other pages hold all of ``element``'s words: a heading that
    titles a teaser, a paragraph that is a link ("Text of the petition."), not prose.

    ``labelled``: a line standing alone (a paragraph, a <div>) may print a label after its
    link ("(in German)", "(video)"), saying what the link leads to; in a list item the words in
    brackets say something of the thing the item names ("Cisco, Utah (the ending)")."""
    text = _text_upto(element, _MAX_LINK_LINE)
    letters = len(_WORD_CHAR.findall(_LINK_LABEL.sub("", text) if labelled else text))
    if not letters or len(text) >= _MAX_LINK_LINE:
        return False
    linked = sum(
        len(_WORD_CHAR.findall(a.text_content()))
        for a in element.iter("a")
        if (a.get("href") or "#")[:1] != "#"
    )
    return linked >= letters


def _captions_picture(cell: Any) -> bool:
    """Return True for the one cell of a row that follows a row of one cell holding only a
    picture: the picture's caption ("The Flag of California." under the flag)."""
    row = cell.getparent()
    above = row.getprevious() if row is not None else None
    while above is not None and not isinstance(above.tag, str):
        above = above.getprevious()
    if above is None or above.tag != "tr" or next(above.iter("img"), None) is None:
        return False
    if _cells(row) != 1 or _cells(above) != 1:
        return False  # an infobox's "Paradigm | ..." row under its logo is data
    return not _WORD_CHAR.search(_text_upto(above, _MAX_LINK_LINE))


def _captions_next_table(paragraph: Any) -> bool:
    """Return True for a short paragraph right above a table that names two or more of its
    column titles and holds no auxiliary verb: the table's caption written as a paragraph
    ("Revenue, profit/loss and assets before and after the alliance")."""
    table = paragraph.getnext()
    while table is not None and not isinstance(table.tag, str):
        table = table.getnext()
    if table is None or table.tag != "table":
        return False
    text = " ".join(_text_upto(paragraph, _MAX_TABLE_CAPTION).split())
    if len(text) >= _MAX_TABLE_CAPTION or has_auxiliary(text):
        return False
    first_row = next(table.iter("tr"), None)
    titles = {
        " ".join(cell.text_content().split()).lower()
        for cell in (first_row if first_row is not None else ())
        if cell.tag in ("th", "td")
    }
    lowered = text.lower()
    return sum(1 for title in titles if title and title in lowered) >= 2


def _cells(row: Any) -> int:
    return sum(1 for c in row if c.tag in ("td", "th"))


def _names_sources(heading: Any) -> bool:
    """Return True for a heading over a reference list ("Sources:", "References")."""
    kind = furniture.line_kind(" ".join(heading.text_content().split()))
    return kind == "reference-heading" or (kind == "list-heading" and _opens_entries(heading))


def _sources_label(element: Any) -> bool:
    """Return True for a paragraph that only names a reference list ("Sources:", "Quellen:")
    and is followed by entries: it opens the list as a heading would."""
    text = _text_upto(element, _MAX_LABEL_TEXT)
    if (
        len(text) > _MAX_LABEL_TEXT
        or next(element.iterdescendants(*_LABEL_BLOCKS), None) is not None
    ):
        return False
    plain = " ".join(text.split())
    return furniture.line_kind(plain) in _LIST_HEADINGS and _opens_entries(element)


def _entries_after(anchor: Any) -> frozenset[Any]:
    """Return the elements after ``anchor`` that read as reference entries, up to the first
    that does not (a tag link, a share box after the list)."""
    entries: list[Any] = []
    for sibling in anchor.itersiblings():
        if not isinstance(sibling.tag, str) or _dropped(sibling, sibling.tag):
            continue
        text = " ".join(_text_upto(sibling, _MAX_ENTRY).split())
        if text and not furniture.looks_like_reference(text):
            break
        entries.append(sibling)
    return frozenset(entries)


def _anchor(heading: Any) -> Any:
    """Return the element whose following siblings are the heading's section: the heading,
    or the wrapper it ends (Wikipedia's <div class="mw-heading">, a collapsible's toggle)."""
    anchor = heading
    while anchor.getnext() is None and anchor.getparent() is not None:
        anchor = anchor.getparent()
    wrapper = heading.getparent()
    if anchor is heading and wrapper is not None and "mw-heading" in (wrapper.get("class") or ""):
        anchor = wrapper
    return anchor


def _opens_entries(heading: Any) -> bool:
    """Return True when what follows ``heading`` (up to the next heading) is a list of entries.

    Under "Notes", "Sources" or "Literature" a marked reference list, or items or paragraphs
    that look like references, make a reference section; prose makes a body section.
    """
    entries: list[str] = []
    for sibling in _anchor(heading).itersiblings():
        if not isinstance(sibling.tag, str) or _dropped(sibling, sibling.tag):
            continue
        if sibling.tag in _HEADINGS or next(sibling.iter(*_HEADINGS), None) is not None:
            break
        if next(_reference_lists(sibling), None) is not None:
            return True
        found = [" ".join(e.text_content().split()) for e in sibling.iter("li", "p")]
        entries += found or [" ".join(_text_upto(sibling, _MAX_ENTRY).split())]
        if len(entries) >= _ENTRIES_LOOKED_AT:
            break
    return furniture.opens_references("list-heading", [e for e in entries if e])


def _reference_lists(element: Any) -> Any:
    return (e for e in element.iter() if isinstance(e.tag, str) and _is_reference_list(e))


def _is_reference_list(element: Any) -> bool:
    classes = element.get("class", "") or ""
    if _REFERENCE_CLASSES.search(classes) or element.get("role") in _REFERENCE_ROLES:
        return True
    return (element.get("id") or "").lower() in ("references", "footnotes", "bibliography")
