"""HTML lists nested deep, with entry ids at every level: each item keeps the key of its own
entry, the deep text is read, and no item's subtree is searched once per item around it (that
search made 2,048 nested items cost 11 s, whatever the page's size past that depth)."""

from __future__ import annotations

from claims.html import _entry_ids, _entry_keys, _first_entry_below
from claims.reading import read_document

DEPTH = 1_000  # levels of <ol><li>: 2,000, under libxml2's 2,048
CLAIM = "Daily walking lowers blood pressure in older adults."


def _page(items: str, prose: str = "") -> bytes:
    return f"<html><body><h1>A Page</h1>{prose}{items}</body></html>".encode()


def _root(page: bytes):  # type: ignore[no-untyped-def]
    import lxml.html

    return lxml.html.document_fromstring(page, parser=lxml.html.HTMLParser(huge_tree=True))


def test_nested_list_items_read_to_the_deepest_one() -> None:
    page = _page("<ul><li>" * DEPTH + CLAIM + "</li></ul>" * DEPTH)
    document = read_document(page, "lists.html")
    assert document.text[document.blocks[-1].start : document.blocks[-1].end] == CLAIM


def test_entry_ids_of_nested_items_are_each_listed_once() -> None:
    items = "".join(f'<ul><li id="n{i}"><a id="a{i}"></a>' for i in range(DEPTH))
    ids = _entry_ids(_root(_page(items)))
    assert ids == {f"n{i}" for i in range(DEPTH)} | {f"a{i}" for i in range(DEPTH)}


def test_an_item_takes_the_first_entry_at_or_below_it() -> None:
    items = "".join(f'<ol><li id="x{i}"><span id="e{i}"></span>' for i in range(DEPTH))
    root = _root(_page(items))
    entries = {f"e{i}": str(i) for i in range(0, DEPTH, 2)}  # every second level is an entry
    below = _first_entry_below(root, entries)
    keys = {item.get("id"): key for item, key in below.items()}
    assert keys == {f"x{i}": str(i + i % 2) for i in range(DEPTH - 1)}  # the last: none below


def test_reference_list_nested_deep_keys_each_link_target_by_its_outermost_entry() -> None:
    """An entry's key is the label of the first link target in it; the targets inside it take
    the outermost entry's key, an item's own id its own."""
    links = "".join(f'<a href="#cite_note-{i}">[{i}]</a>' for i in range(DEPTH))
    items = "".join(f'<li id="cite_note-{i}">Entry {i}.<ol>' for i in range(DEPTH))
    prose = f"<p>Walking helps.<sup>{links}</sup></p>"
    page = _page(f'<h2>References</h2><ol class="references">{items}</ol>', prose)
    keys = _entry_keys(_root(page))
    assert keys == {f"cite_note-{i}": "0" for i in range(DEPTH)}


def test_reference_lists_nested_in_reference_lists_are_read_once() -> None:
    opening = '<div class="references">' * DEPTH
    page = _page(
        f'<h2>References</h2>{opening}<ol><li id="cite_note-1">Entry.</li></ol>' + "</div>" * DEPTH,
        '<p>Walking helps.<sup><a href="#cite_note-1">[1]</a></sup></p>',
    )
    assert _entry_keys(_root(page)) == {"cite_note-1": "1"}
