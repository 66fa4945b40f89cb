"""Fill an HTML template in one pass: inserted text is never read again.

Replacing placeholders one after another (``template.replace(...).replace(...)``) re-reads what
was inserted: an article holding the text ``{{FINDINGS}}`` got the report's findings panel.
:func:`fill` makes one scan of the template alone, so a placeholder inside a value stays text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping

#: A placeholder: ``{{NAME}}``, upper-case letters and underscores.
PLACEHOLDER = re.compile(r"\{\{([A-Z_]+)\}\}")


def fill(template: str, values: Mapping[str, str]) -> str:
    """Return ``template`` with each ``{{NAME}}`` replaced by ``values[NAME]``, in one pass.

    Raises KeyError for a placeholder with no value: a template and its code disagree.
    """
    return "".join(fill_pieces(template, values))


def fill_pieces(template: str, values: Mapping[str, str | Iterable[str]]) -> Iterator[str]:
    """Yield :func:`fill`'s text a piece at a time: the template's text between placeholders,
    and each value, given as a string or as pieces (a long page's sections, never joined).
    A value given as pieces is read once: its placeholder must be in the template once."""
    at = 0
    for match in PLACEHOLDER.finditer(template):
        value = values[match[1]]
        yield template[at : match.start()]
        if isinstance(value, str):
            yield value
        else:
            yield from value
        at = match.end()
    yield template[at:]
