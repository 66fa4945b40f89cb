"""Walk a tree of any depth without recursion: a walk is a generator yielding its nested walks.

Pages nest elements thousands deep (libxml2 keeps 2,048 levels), past Python's recursion limit
when each level is a call. A reader's walk is written as generators that ``yield`` each nested
walk instead of calling it; ``run`` keeps them on a list, so depth costs a list entry, not a
frame, and every walk still finishes before the one that yielded it goes on.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from claims.blocktext import Lines, Segment

#: The warning's text for elements the HTML parser left out past its depth limit.
TOO_DEEP = "elements nested more than 2,048 deep; the text inside them is left out"

#: A walk: a generator that yields the nested walks it needs, each run to its end in turn.
Walk = Iterator[Any]


def run(walk: Walk) -> None:
    """Run ``walk`` and the walks it yields, depth first, as the recursive calls would."""
    stack = [walk]
    while stack:
        try:
            nested = next(stack[-1])
        except StopIteration:
            stack.pop()
        else:
            stack.append(nested)


class ElementReader(Protocol):
    """A reader of elements (HTML, JATS): the segments of text it gathers, their lines, and its
    walk of one element."""

    lines: Lines
    buffer: list[Segment]

    def walk(self, element: Any) -> Walk:
        """Walk ``element``: its text into ``buffer``, or a block of its own."""


def walk_children(reader: ElementReader, element: Any) -> Walk:
    """Walk ``element``'s content for ``reader``: its text, then each child's walk and the text
    after that child (its tail), read into the buffer the reader holds at that moment."""
    if element.text:
        reader.buffer.append(reader.lines.text(element, element.text))
    for child in element:
        yield reader.walk(child)
        if child.tail:
            reader.buffer.append(reader.lines.tail(child))
