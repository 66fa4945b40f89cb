"""Start tags of an HTML page cut to their first attributes before lxml reads it.

libxml2's HTML parser compares each attribute of a tag with every one before it (a duplicate
is dropped), so one tag of n attributes costs n² / 2 comparisons: 100,000 attributes on a
``<p>`` (1.1 MB) took 15 s, and the 20 MB a page may be, hours. No page needs more than a few
dozen, and none that claimkb reads comes after the 256th: a tag long enough to hold more has
the rest removed (its line breaks kept, so every element keeps its line). One pass over the
tags, each pattern possessive: linear in the page.
"""

from __future__ import annotations

import re
from itertools import islice

#: A start tag, a quoted value whole (a ``<`` or ``>`` in it is text).
_START_TAG = re.compile(r"""<([A-Za-z][^\s/<>]*+)(?:[^<>"']++|"[^"]*+"|'[^']*+')*+>""")
#: An attribute of a start tag: a name, then perhaps ``=`` and a value.
_ATTRIBUTE = re.compile(r"""[^\s"'<>/=]++(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s"'<>]*+))?+""")
MOST_ATTRIBUTES = 256
#: Characters a tag needs to hold more than ``MOST_ATTRIBUTES`` (two each: a name, a space).
_LONG_TAG = 2 * MOST_ATTRIBUTES


def few_attributes(page: str) -> str:
    """Return ``page`` with every start tag past ``MOST_ATTRIBUTES`` attributes cut to them."""
    pieces: list[str] = []
    done = 0
    for tag in _START_TAG.finditer(page):
        if tag.end() - tag.start() <= _LONG_TAG:
            continue
        attributes = _ATTRIBUTE.finditer(page, tag.end(1), tag.end() - 1)
        after = next(islice(attributes, MOST_ATTRIBUTES, None), None)
        if after is None:
            continue
        cut = after.start()
        pieces += [page[done:cut], "\n" * page.count("\n", cut, tag.end()), ">"]
        done = tag.end()
    return "".join([*pieces, page[done:]]) if pieces else page
