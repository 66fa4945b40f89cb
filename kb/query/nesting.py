"""SPARQL nested deeper than the parser's stack holds is refused before it runs.

Oxigraph parses by recursive descent: about 3,000 nested groups overflow the stack of the
process that parses them, a segmentation fault with no message (``claimkb query --timeout 0``
died silently; in a worker the CLI blamed memory, the server's token holder could end the
server with an update). Depth is counted on the code as the parser reads it
(:func:`kb.query.federation.code_of`), in one pass, and only when the text holds enough
brackets to reach the limit.
"""

from __future__ import annotations

import re

from kb.errors import QueryNestedTooDeep
from kb.query.federation import code_of

__all__ = ["MAX_DEPTH", "refuse_deep"]

#: Brackets a query may nest: people write a dozen; the parser's stack holds about 1,000.
MAX_DEPTH = 256
_BRACKET = re.compile(r"[{}()\[\]]")


def refuse_deep(sparql: str) -> None:
    """Raise QueryNestedTooDeep when ``sparql`` nests braces, parentheses or brackets deeper
    than ``MAX_DEPTH``."""
    openers = sparql.count("{") + sparql.count("(") + sparql.count("[") + sparql.count("\\u")
    if openers + sparql.count("\\U") <= MAX_DEPTH:  # it cannot nest deeper (escapes: any)
        return
    depth = deepest = 0
    for match in _BRACKET.finditer(code_of(sparql)):
        if match[0] in "{([":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    if deepest > MAX_DEPTH:
        raise QueryNestedTooDeep(
            f"the query nests {deepest:,} levels of braces or parentheses; claimkb reads at most "
            f"{MAX_DEPTH}: flatten it (a VALUES block, or UNION of fewer groups)"
        )
