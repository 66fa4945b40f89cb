"""SPARQL nested deeper than the parser's stack holds is refused before it runs.

Two shapes make a deep tree: brackets nested in brackets, and chains. Oxigraph builds a chain
of operators (``a || b || ...``, ``!!!x``, ``1 + 1 + ...``, a path ``p/p/...``) or of a
group's elements (BIND, FILTER, UNION, OPTIONAL, MINUS, GRAPH, a SELECT's ``(... AS ?v)``) as
a tree as deep as the chain is long, and walks it recursively: about 2,600 BINDs or 9,000
``||`` overflow the stack (the worker died of SIGSEGV and the CLI blamed a damaged store; an
update in the server, its own process). Operators and those keywords are counted over the
whole query (a bound on every chain in it), the rows of a VALUES block left out.

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

__all__ = ["MAX_CHAINED", "MAX_DEPTH", "refuse_deep"]

#: Brackets a query may nest: people write a dozen; the parser's stack holds about 1,000.
MAX_DEPTH = 256
_BRACKET = re.compile(r"[{}()\[\]]")
#: Operators and chaining keywords a query may hold: the shipped queries hold at most 39; the
#: engine's stack holds about 2,600 in one chain.
MAX_CHAINED = 1000
#: A query's tokens as the grammar splits them: variables, names (keywords and prefixed names,
#: whose ``-`` and ``.`` are theirs), numbers, then each operator and brace alone.
_TOKEN = re.compile(
    r"[?$][\w\-.]*+|[^\W\d][\w\-.]*+(?::[\w\-.%]*+)?|:[\w\-.%]*+|\d[\w.]*+"
    r"|\|\||&&|[!<>]=|[!=<>+\-*/|^{}]"
)
_CHAINING = frozenset(
    ("union", "optional", "minus", "bind", "filter", "graph", "service", "as", "exists")
)
_OPERATORS = frozenset(
    ("||", "&&", "!=", "<=", ">=", "!", "=", "<", ">", "+", "-", "*", "/", "|", "^")
)


def refuse_deep(sparql: str) -> None:
    """Raise QueryNestedTooDeep when ``sparql`` nests braces, parentheses or brackets deeper
    than ``MAX_DEPTH``, or holds more than ``MAX_CHAINED`` operators and chaining keywords."""
    openers = sparql.count("{") + sparql.count("(") + sparql.count("[") + sparql.count("\\u")
    if len(sparql) > MAX_CHAINED:  # shorter, it cannot hold more
        _refuse_chains(code_of(sparql))
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


def _refuse_chains(code: str) -> None:
    """Raise QueryNestedTooDeep when ``code`` holds more than ``MAX_CHAINED`` operators and
    chaining keywords outside VALUES rows."""
    chained = 0
    in_values = False  # from VALUES to the end of its rows
    for match in _TOKEN.finditer(code):
        token = match[0]
        if in_values:
            in_values = token != "}"
        elif token in _OPERATORS or token.lower() in _CHAINING:
            chained += 1
        elif token.lower() == "values":
            in_values = True
    if chained > MAX_CHAINED:
        raise QueryNestedTooDeep(
            f"the query chains {chained:,} operators and group elements (||, +, !, /, BIND, "
            f"FILTER, UNION, OPTIONAL...); claimkb reads at most {MAX_CHAINED:,}: use a VALUES "
            "block or IN (...) for long lists of alternatives, or split the query"
        )
