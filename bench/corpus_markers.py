"""Measure citation-marker recall and precision on real pages, the markup being the truth.

    uv run --frozen python bench/corpus_markers.py                 # ../shared/corpus
    uv run --frozen python bench/corpus_markers.py --corpus DIR --json out.json --show 20

Truth comes from the markup, never from claimkb: a JATS ``<xref ref-type="bibr">``, a
Wikipedia ``sup.reference`` or any in-page link whose text is a short label ("3", "[n 1]", "a")
and whose target is an element of the page. Two such links joined by a dash ("[2]–[7]") are one
citation of every entry between them in list order. Each JATS article is also rendered here as a
PLOS-like HTML page (links to ``#ref`` ids), and every HTML page (JATS renderings included) as
plain text and as Markdown, so the text readers are measured on the same citations.

For each format the script reports, over every sentence claimkb finds:
  recall      cited entries found / cited entries in the truth
  precision   cited entries found / entries claimkb cites (a key that resolves to no entry
              counts as a false one)
  exact       the share of cited sentences whose set of cited entries is exactly right
  false-dangling   claimkb keys that resolve to no entry and sit on no true citation, less those
              checked by hand as real citations of works the article does not list
              (``corpus_markers.dangling.tsv``, counted as checked_real)
A reader's key is resolved to an entry with ``sources.linking`` against the true list (for JATS
the entries' own metadata, so author-year keys resolve by surname and year; for HTML the labels
the page prints). Citations inside the reference or notes lists themselves are counted apart
(in_lists), and so are pages whose markup links no citation at all (unlabelled: most of web/,
where the markup cannot say what a citation is; the markers claimkb finds there are counted).
Raised text is rendered as HTML <sup> in Markdown and as Unicode superscripts in plain text.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.shared_corpus import CORPUS, FOLDERS, article_files

_DASHES = "–—-−‒"
_CHECKED = Path(__file__).resolve().parent / "corpus_markers.dangling.tsv"
_SPACE = re.compile(r"\s+")
_LABEL_TEXT = re.compile(r"[\[(]?\s*(?:[a-z]{1,5}\s*)?\d{1,4}[a-z]?\s*[\])]?|[\[(]?[a-z][\])]?")
_HEADING = {f"h{n}": n for n in range(1, 7)}
_SUPERSCRIBABLE = re.compile(r"[\d,\-–\s]+")
_TO_SUPERSCRIPT = str.maketrans("0123456789,-–", "⁰¹²³⁴⁵⁶⁷⁸⁹˒⁻⁻")
_BLOCKS = frozenset(("p", "li", "dd", "dt", "td", "th", "caption", "figcaption", "pre", *_HEADING))


@dataclass
class Cite:
    """One true citation: the entries it cites, and where it was printed."""

    entries: frozenset[str]
    printed: str
    before: str  # the text printed just before it in its block (to find it in a reader's text)
    in_list: bool  # inside a reference or notes list
    start: int = -1  # offset in the reader's text, once located


@dataclass
class Page:
    """A page rendered in one format, with its true citations and how keys resolve."""

    name: str
    format: str
    text: str
    cites: list[Cite]
    resolve: Any  # key -> entry id or None
    located: bool = False  # cites carry exact offsets into ``text``


@dataclass
class Score:
    tp: int = 0
    fn: int = 0
    fp: int = 0
    cited: int = 0
    exact: int = 0
    dangling: int = 0
    false_dangling: int = 0
    checked_real: int = 0  # dangling keys on no true citation, checked as real (see _CHECKED)
    unplaced: int = 0
    list_truth: int = 0
    list_found: int = 0
    pages: int = 0
    unlabelled: int = 0  # pages whose markup links no citation: no truth, not scored
    unlabelled_markers: int = 0  # markers claimkb finds on them, for the record
    errors: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in (
            "tp",
            "fn",
            "fp",
            "cited",
            "exact",
            "dangling",
            "false_dangling",
            "checked_real",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in (
            *("unplaced", "list_truth", "list_found", "pages"),
            *("unlabelled", "unlabelled_markers"),
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors += other.errors
        self.misses += other.misses

    def row(self) -> dict[str, Any]:
        def ratio(a: int, b: int) -> float | None:
            return round(a / b, 4) if b else None

        return {
            "pages": self.pages,
            "recall": ratio(self.tp, self.tp + self.fn),
            "precision": ratio(self.tp, self.tp + self.fp),
            "exact": ratio(self.exact, self.cited),
            "cited_sentences": self.cited,
            "true_entries": self.tp + self.fn,
            "missed": self.fn,
            "false": self.fp,
            "dangling": self.dangling,
            "false_dangling": self.false_dangling,
            "checked_real": self.checked_real,
            "unplaced": self.unplaced,
            "in_lists": f"{self.list_found}/{self.list_truth}",
            "unlabelled": f"{self.unlabelled}p/{self.unlabelled_markers}m",
            "errors": len(self.errors),
        }


# -- truth from HTML ----------------------------------------------------------------------------


def _norm_label(text: str) -> str:
    return re.sub(r"[\s\[\]()^]", "", text).lower()


def _entry_ids(root: Any) -> list[str]:
    """Return the ids of reference and note entries, in document order."""
    ids = []
    for li in root.iter("li"):
        if li.get("id"):
            ids.append(li.get("id"))
    return ids


def _citation_elements(root: Any, ids: set[str]) -> list[tuple[Any, frozenset[str]]]:
    """Return each citation element (a sup.reference or an in-page label link) and its targets."""
    found: list[tuple[Any, frozenset[str]]] = []
    seen: set[Any] = set()
    where = {e: i for i, e in enumerate(root.iter())}
    by_id = {e.get("id"): e for e in root.iter() if e.get("id")}
    for element in root.iter("sup", "a"):
        if element in seen or any(a in seen for a in element.iterancestors()):
            continue
        links = [element] if element.tag == "a" else list(element.iter("a"))
        targets = []
        if element.get("data-rids"):
            targets = element.get("data-rids").split()
        for a in links if not targets else ():
            href = a.get("href") or ""
            target = by_id.get(href[1:]) if href.startswith("#") else None
            if target is not None and href[1:] in ids and where[target] > where[a]:
                targets.append(href[1:])  # a link back up to the text is no citation
            elif target is None and href.startswith("#cite_note"):
                targets.append(href[1:])  # a citation whose list the page left out
        if not targets:
            continue
        text = _SPACE.sub(" ", element.text_content()).strip()
        classes = element.get("class") or ""
        if element.tag == "sup" and "reference" not in classes and not _LABEL_TEXT.fullmatch(text):
            continue
        if element.tag == "a" and "bibr" not in classes and not _LABEL_TEXT.fullmatch(text):
            continue
        found.append((element, frozenset(targets)))
        seen.add(element)
    return found


def html_truth(root: Any) -> tuple[dict[Any, tuple[frozenset[str], Any]], list[str]]:
    """Return {first element of a citation: (entries, last element)} and the entry order."""
    order = _entry_ids(root)
    ids = set(order) | {e.get("id") for e in root.iter() if e.get("id")}
    position = {eid: i for i, eid in enumerate(order)}
    elements = _citation_elements(root, ids)
    cites: dict[Any, tuple[frozenset[str], Any]] = {}
    i = 0
    while i < len(elements):
        element, targets = elements[i]
        if i + 1 < len(elements):
            following, targets2 = elements[i + 1]
            between = (element.tail or "").strip().strip("[]").strip()
            if (
                element.getnext() is following
                and len(between) == 1
                and between in _DASHES
                and len(targets) == 1
                and len(targets2) == 1
            ):
                low, high = position.get(next(iter(targets))), position.get(next(iter(targets2)))
                if low is not None and high is not None and low < high <= low + 200:
                    cites[element] = (frozenset(order[low : high + 1]), following)
                    i += 2
                    continue
        cites[element] = (targets, element)
        i += 1
    return _with_empty_links_joined(cites), order


def _with_empty_links_joined(
    cites: dict[Any, tuple[frozenset[str], Any]],
) -> dict[Any, tuple[frozenset[str], Any]]:
    """Fold a citation printed as nothing ("[11<xref/><xref/>-14]") into the one before it."""
    joined: dict[Any, tuple[frozenset[str], Any]] = {}
    previous = None
    for element, (entries, last) in cites.items():
        if previous is not None and not element.text_content().strip():
            before, before_last = joined[previous]
            if before_last.getnext() is element and not (before_last.tail or "").strip():
                joined[previous] = (before | entries, last)
                continue
        joined[element] = (entries, last)
        previous = element
    return joined


# -- rendering HTML as text and Markdown --------------------------------------------------------


class Renderer:
    """Writes the main content of an HTML tree as text or Markdown, noting each citation."""

    def __init__(
        self, markdown: bool, cites: dict[Any, tuple[frozenset[str], Any]], plain: bool = False
    ) -> None:
        from claims.html import _dropped

        self.dropped = _dropped
        self.markdown = markdown
        self.cites = cites
        self.out: list[str] = []
        self.length = 0
        self.line: list[str] = []
        self.found: list[Cite] = []
        self.pending: list[tuple[Cite, int]] = []  # cites of the current block, offset in line
        self.lists: list[list[Any]] = []  # [ordered, counter]
        self.in_list = 0
        self.skip_until: Any = None
        self.sup = 0  # depth of <sup> around the text being written
        self.plain = plain  # writing the plain-text rendering (superscripts in Unicode)

    # the block being written
    def write(self, text: str) -> None:
        self.line.append(self.raised(text))

    def raised(self, text: str) -> str:
        """Return text inside <sup> as plain text shows it: in Unicode superscripts when it can
        be (as pandoc's plain writer does), else as it is."""
        if self.sup and self.plain and _SUPERSCRIBABLE.fullmatch(text.strip() or "x"):
            return text.translate(_TO_SUPERSCRIPT)
        return text

    def current(self) -> str:
        return "".join(self.line)

    def end_block(self, prefix: str = "") -> None:
        raw = self.current()
        self.line = []
        body = _SPACE.sub(" ", raw)
        lead = len(body) - len(body.lstrip())
        body = body.strip()
        if not body:
            self.pending = []
            return
        if self.out:
            self.out.append("\n\n")
            self.length += 2
        start = self.length + len(prefix)
        # offsets of pending cites: map from raw offsets to collapsed ones
        collapsed = _collapse_map(raw)
        for cite, raw_offset in self.pending:
            cite.start = start + collapsed[raw_offset] - lead
            self.found.append(cite)
        self.pending = []
        self.out.append(prefix + body)
        self.length += len(prefix) + len(body)

    def render(self, element: Any) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if not tag or self.dropped(element, tag):
            return
        if element in self.cites:
            entries, last = self.cites[element]
            printed_parts = [element.text_content()]
            sibling = element
            while sibling is not last and sibling.getnext() is not None:
                printed_parts.append(sibling.tail or "")
                sibling = sibling.getnext()
                printed_parts.append(sibling.text_content())
            self.sup += element.tag == "sup"
            printed = self.raised("".join(printed_parts))
            self.sup -= element.tag == "sup"
            if element.tag == "sup" and self.markdown:
                printed = f"<sup>{printed}</sup>"
            before = _SPACE.sub(" ", self.current())[-40:]
            cite = Cite(entries, _SPACE.sub(" ", printed).strip(), before, self.in_list > 0)
            raw_offset = len(self.current()) + (len(printed) - len(printed.lstrip()))
            self.pending.append((cite, raw_offset))
            self.write(printed)
            if last is not element:
                self.skip_until = last
            return
        if tag == "sup":
            self.sup += 1
            self.write("<sup>" if self.markdown else "")
            self._children(element, inline=True)
            self.write("</sup>" if self.markdown else "")
            self.sup -= 1
            return
        if tag == "br":
            self.write(" ")
            return
        if tag == "img":
            if "math" in (element.get("class") or ""):
                alt = element.get("alt") or ""
                self.write(re.sub(r"^\s*\{\\displaystyle\s*(.*?)\}\s*$", r"\1", alt, flags=re.S))
            return
        if tag in ("ol", "ul"):
            self.end_block()
            is_refs = "references" in (element.get("class") or "")
            self.in_list += is_refs
            from claims.html import _List

            self.lists.append([tag == "ol", 0, _List.of(element).alphabetic])
            self._children(element)
            self.end_block()
            self.lists.pop()
            self.in_list -= is_refs
            return
        if tag == "tr":
            self.end_block()
            cells = [c for c in element if isinstance(c.tag, str) and c.tag in ("td", "th")]
            sep = " | " if self.markdown else "\t"
            for n, cell in enumerate(cells):
                if n:
                    self.write(sep)
                self._children(cell, inline=True)
            prefix = "| " if self.markdown else ""
            if self.markdown:
                self.write(" |")
            self.end_block(prefix)
            if self.markdown and element.getprevious() is None:
                self.out.append("\n" + "|" + "---|" * max(1, len(cells)))
                self.length += 1 + 1 + 4 * max(1, len(cells))
            return
        if tag in _BLOCKS:
            self.end_block()
            self._children(element)
            prefix = ""
            if tag in _HEADING:
                prefix = "#" * _HEADING[tag] + " " if self.markdown else ""
            elif tag == "li" and self.lists:
                self.lists[-1][1] += 1
                ordered, number, alphabetic = self.lists[-1]
                if ordered:
                    label = chr(ord("a") + number - 1) if alphabetic and number <= 26 else number
                    prefix = f"{label}. "
                elif self.markdown:
                    prefix = "- "
            self.end_block(prefix)
            return
        if tag in ("div", "section", "table", "tbody", "thead", "blockquote", "figure", "dl"):
            self.end_block()
            self._children(element)
            self.end_block()
            return
        self._children(element, inline=True)

    def _children(self, element: Any, inline: bool = False) -> None:
        if element.text:
            self.write(element.text)
        for child in element:
            if self.skip_until is not None:
                if child is self.skip_until:
                    self.skip_until = None
                    if child.tail:
                        self.write(child.tail)
                continue
            self.render(child)
            if child.tail and self.skip_until is None:
                self.write(child.tail)

    def text(self) -> str:
        self.end_block()
        return "".join(self.out) + "\n"


def _collapse_map(raw: str) -> list[int]:
    """Return, for each offset of ``raw``, its offset once whitespace runs are collapsed."""
    out = []
    n = 0
    previous_space = False
    for ch in raw:
        out.append(n)
        space = ch.isspace()
        if not (space and previous_space):
            n += 1
        previous_space = space
    out.append(n)
    return out


# -- JATS as a PLOS-like HTML page ---------------------------------------------------------------


def jats_to_html(xml: str) -> tuple[str, dict[str, str]]:
    """Return a PLOS-like HTML rendering of a JATS article and each ref id's printed label."""
    from html import escape

    from claims.jats import _citation, _citation_text, _parse, _reference_keys

    root, _ = _parse(xml, "jats")
    keys = _reference_keys(root)
    numbered = any(ref.find("label") is not None for ref in root.iter("ref"))
    parts: list[str] = ["<html><body><main>"]
    title = root.find("front/article-meta/title-group/article-title")
    if title is not None:
        parts.append(f"<h1>{escape(''.join(title.itertext()))}</h1>")

    def inline(element: Any) -> str:
        out = [escape(element.text or "")]
        for child in element:
            out.append(node(child))
            out.append(escape(child.tail or ""))
        return "".join(out)

    def node(element: Any, level: int = 2) -> str:
        tag = element.tag
        if not isinstance(tag, str):
            return ""
        if tag in ("disp-formula", "fn-group", "ack", "label", "graphic", "tex-math", "ref-list"):
            return ""
        if tag == "xref" and element.get("ref-type") == "bibr":
            rids = (element.get("rid") or "").split() or [""]
            return (
                f'<a class="bibr" href="#{escape(rids[0])}" data-rids="{escape(" ".join(rids))}">'
                f"{inline(element)}</a>"
            )
        if tag == "sec":
            inner = "".join(node(c, min(6, level + 1)) for c in element if c.tag != "title")
            heading = element.find("title")
            head = f"<h{level}>{inline(heading)}</h{level}>" if heading is not None else ""
            return f"<section>{head}{inner}</section>"
        if tag == "p":
            return f"<p>{inline(element)}</p>"
        if tag == "list":
            kind = "ol" if element.get("list-type") in ("order", "number") else "ul"
            return f"<{kind}>{''.join(node(c) for c in element)}</{kind}>"
        if tag == "list-item":
            return f"<li>{''.join(node(c) for c in element) or inline(element)}</li>"
        if tag in ("fig", "table-wrap"):
            caption = element.find("caption")
            cap = "".join(node(c) for c in caption) if caption is not None else ""
            rest = "".join(node(c) for c in element if c.tag not in ("caption", "label"))
            return f"<figure><figcaption>{cap}</figcaption>{rest}</figure>"
        if tag in ("table", "thead", "tbody", "tr"):
            return f"<{tag}>{''.join(node(c) for c in element)}</{tag}>"
        if tag in ("td", "th"):
            return f"<{tag}>{inline(element)}</{tag}>"
        if tag == "title":
            return f"<p><b>{inline(element)}</b></p>"
        if tag in ("sup", "sub", "italic", "bold"):
            html_tag = {"italic": "i", "bold": "b"}.get(tag, tag)
            return f"<{html_tag}>{inline(element)}</{html_tag}>"
        if any(isinstance(c.tag, str) and c.tag in ("p", "sec", "list") for c in element):
            return "".join(node(c, level) for c in element)
        return inline(element)

    for abstract in root.iterfind("front/article-meta/abstract"):
        if abstract.get("abstract-type") in ("toc", "teaser"):
            continue
        parts.append("<h2>Abstract</h2>" + "".join(node(c, 3) for c in abstract))
    for part in ("body", "back"):
        element = root.find(part)
        if element is not None:
            parts.append("".join(node(c) for c in element))
    parts.append("<h2>References</h2>")
    parts.append('<ol class="references">' if numbered else '<ul class="references">')
    for ref in root.iter("ref"):
        citation = _citation(ref)
        text = _citation_text(citation) if citation is not None else ""
        parts.append(f'<li id="{escape(ref.get("id", ""))}">{escape(text)}</li>')
    parts.append("</ol>" if numbered else "</ul>")
    parts.append("</main></body></html>")
    return "".join(parts), keys


def jats_resolver(xml: str) -> Any:
    """Return key -> ref id, through claimkb's own linking over the article's true entries."""
    from claims.jats import read_jats
    from sources.linking import _Index
    from sources.model import Reference

    doc = read_jats(xml, "jats")
    from claims.jats import _parse

    root, _ = _parse(xml, "jats")
    from claims.jats import _citation

    rids = [ref.get("id", "") for ref in root.iter("ref") if _citation(ref) is not None]
    blocks = [b for b in doc.blocks if b.kind == "reference"]
    refs = []
    by_ref: dict[int, str] = {}
    for block, rid in zip(blocks, rids, strict=False):
        ref = Reference(block.key or "", doc.text[block.start : block.end], None, None,
                        block.reference)  # fmt: skip
        refs.append(ref)
        by_ref[id(ref)] = rid
    index = _Index(tuple(refs))

    def resolve(key: str) -> str | None:
        found = index.find(key)
        return by_ref.get(id(found)) if found is not None else None

    return resolve


def label_resolver(root: Any, cites: dict[Any, tuple[frozenset[str], Any]]) -> Any:
    """Return key -> entry id through the labels the page prints on its citations."""
    labels: dict[str, str] = {}
    for element, (entries, last) in cites.items():
        if last is element and len(entries) == 1:
            labels.setdefault(_norm_label(element.text_content()), next(iter(entries)))

    def resolve(key: str) -> str | None:
        return labels.get(_norm_label(key))

    return resolve


# -- pages of the corpus -------------------------------------------------------------------------


def pages_of(path: Path) -> list[Page]:
    """Return every rendering of one corpus file, with its truth."""
    import lxml.html

    raw = path.read_text(encoding="utf-8", errors="replace")
    out: list[Page] = []
    if path.suffix in (".xml", ".nxml"):
        html, _ = jats_to_html(raw)
        resolve = jats_resolver(raw)
        sources = [("jats", raw), ("html", html)]
    else:
        html = raw
        resolve = None
        sources = [("html", raw)]
    tree = lxml.html.document_fromstring(
        re.sub(r"^\s*<\?xml[^>]*\?>", "", html), parser=lxml.html.HTMLParser(huge_tree=True)
    )
    from claims.html import _main_content

    root = _main_content(tree)
    cites, _ = html_truth(root)
    if resolve is None:
        resolve = label_resolver(root, cites)
    for fmt, text in sources:
        renderer = Renderer(False, cites)
        renderer.render(root)
        renderer.text()
        out.append(Page(path.name, fmt, text, renderer.found, resolve))
    for fmt, markdown in (("txt", False), ("md", True)):
        renderer = Renderer(markdown, cites, plain=not markdown)
        renderer.render(root)
        text = renderer.text()
        out.append(Page(path.name, fmt, text, renderer.found, resolve, located=True))
    return out


def _locate(page: Page, text: str) -> int:
    """Place each citation in the reader's text; return how many could not be placed."""
    if page.located:
        return 0
    for cite in page.cites:
        cite.start = -1
    squeezed_chars = []
    index = []
    for i, ch in enumerate(text):
        if not ch.isspace():
            squeezed_chars.append(ch)
            index.append(i)
    squeezed = "".join(squeezed_chars)
    cursor = 0
    unplaced = 0
    for cite in page.cites:
        printed = re.sub(r"\s", "", cite.printed)
        before = re.sub(r"\s", "", cite.before)
        at = -1
        for context, origin in ((before[-24:], cursor), (before[-24:], 0), (before[-8:], cursor)):
            if not printed:
                break
            at = squeezed.find(context + printed, origin)
            if at >= 0:
                at += len(context)
                break
        if at < 0:
            cite.start = -1
            unplaced += 1
            continue
        cite.start = index[at]
        cursor = at + 1
    return unplaced


@cache
def _checked_real() -> frozenset[tuple[str, str]]:
    """Return the (file, key) pairs checked by hand as real citations of unlisted works."""
    rows = (line.split("\t") for line in _CHECKED.read_text("utf-8").splitlines())
    return frozenset(
        (row[0], row[1]) for row in rows if len(row) >= 2 and not row[0].startswith("#")
    )


def score_page(page: Page) -> Score:
    from claims.extract import extract_text

    score = Score(pages=1)
    try:
        article = extract_text(page.text, page.format, f"{page.name}.{page.format}")
    except Exception as exc:
        score.errors.append(f"{page.name} [{page.format}]: {type(exc).__name__}: {exc}")
        return score
    if not page.cites and page.format != "jats":
        score.unlabelled = 1
        score.unlabelled_markers = sum(len(s.markers) for s in article.sentences)
        return score
    score.unplaced = _locate(page, article.text)
    sentences = article.sentences
    starts = [s.start for s in sentences]
    from bisect import bisect_right

    truth: dict[int, set[str]] = {}
    truth_spans: dict[int, list[tuple[int, int]]] = {}
    for cite in page.cites:
        if cite.start < 0:
            score.fn += len(cite.entries) * (not cite.in_list)
            score.list_truth += len(cite.entries) * cite.in_list
            continue
        i = bisect_right(starts, cite.start) - 1
        if i < 0 or cite.start >= sentences[i].end:
            i = -1
        if cite.in_list:
            score.list_truth += len(cite.entries)
            if i >= 0:
                found = {page.resolve(k) for m in sentences[i].markers for k in m.keys}
                score.list_found += len(cite.entries & found)
            continue
        truth.setdefault(i, set()).update(cite.entries)
        truth_spans.setdefault(i, []).append((cite.start, cite.start + len(cite.printed)))
    if -1 in truth:
        score.fn += len(truth.pop(-1))
    for i, sentence in enumerate(sentences):
        wanted = truth.get(i, set())
        if sentence.kind == "reference" and not wanted:
            continue
        got: set[str] = set()
        for marker in sentence.markers:
            on_truth = any(a - 2 <= marker.start < b + 2 for a, b in truth_spans.get(i, []))
            for key in marker.keys:
                entry = page.resolve(key)
                if entry is None:
                    score.dangling += 1
                    real = (page.name, key) in _checked_real()
                    score.false_dangling += not on_truth and not real
                    score.checked_real += not on_truth and real
                    got.add(f"?{key}")
                else:
                    got.add(entry)
        score.tp += len(wanted & got)
        score.fn += len(wanted - got)
        score.fp += len(got - wanted)
        if wanted:
            score.cited += 1
            score.exact += wanted == got
        if wanted != got:
            score.misses.append(
                f"{page.name} [{page.format}] {sentence.id}: want {sorted(wanted)} got "
                f"{sorted(got)} | {' '.join(sentence.text.split())[:160]}"
            )
    return score


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--json", type=Path, help="write the figures as JSON here")
    parser.add_argument("--show", type=int, default=0, help="print this many wrong sentences")
    parser.add_argument("--only", help="only files whose name contains this")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}; give --corpus DIR", file=sys.stderr)
        return 2
    folders = [args.corpus / folder for folder in FOLDERS]
    files = sorted(
        p
        for p in article_files(folders, (".xml", ".nxml", ".html"))
        if not args.only or args.only in p.name
    )
    totals: dict[str, Score] = {}
    for path in files:
        group = "jats" if path.suffix in (".xml", ".nxml") else path.parent.name
        try:
            pages = pages_of(path)
        except Exception as exc:
            print(f"{path.name}: cannot render: {type(exc).__name__}: {exc}", file=sys.stderr)
            continue
        for page in pages:
            label = f"{group}->{page.format}" if group == "jats" else f"{group}:{page.format}"
            totals.setdefault(label, Score()).add(score_page(page))
    overall = Score()
    print(f"{'format':16} " + " ".join(f"{k:>10}" for k in Score().row()))
    for label, score in sorted(totals.items()):
        overall.add(score)
        print(f"{label:16} " + " ".join(f"{v!s:>10}" for v in score.row().values()))
    print(f"{'all':16} " + " ".join(f"{v!s:>10}" for v in overall.row().values()))
    for error in overall.errors:
        print("error:", error)
    for miss in overall.misses[: args.show]:
        print(miss)
    if args.json:
        rows = {label: score.row() for label, score in totals.items()}
        args.json.write_text(json.dumps(rows | {"all": overall.row()}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
