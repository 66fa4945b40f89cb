"""SPARQL federation (``SERVICE <url> { ... }``) is refused unless the user allows it.

A query or update with SERVICE makes the engine that runs it send an HTTP request to the URL
it names: from a server, a request any client can aim at the server's network (server-side
request forgery). pyoxigraph has no switch to turn SERVICE off, so the text is checked before
it runs. The check reads the text as the SPARQL grammar does: codepoint escapes (``\\u0053``)
are decoded first, then strings, IRIs and comments are skipped, and SERVICE must stand as a
word, not inside a variable (``?service``) or a prefixed name (``ex:service``). One pass,
linear in the text, with possessive quantifiers so that no input makes it backtrack.
"""

from __future__ import annotations

import re

from kb.errors import ServiceRefused

__all__ = ["ServiceRefused", "code_of", "refuse_service", "uses_service"]

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
#: Where the word SERVICE is not the keyword; an unclosed string runs to its end (the parser
#: refuses the text anyway).
_SKIPPED = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*+(?:"""|\Z)'
    r"|'''(?:[^'\\]|\\.|'(?!''))*+(?:'''|\Z)"
    r'|"(?:[^"\\\n\r]|\\.)*+"?'
    r"|'(?:[^'\\\n\r]|\\.)*+'?"
    r'|<[^<>"{}|^`\\\x00-\x20]*+>'
    r"|#[^\n\r]*+",
    re.DOTALL,
)
_KEYWORD = re.compile(r"(?<![\w?$:])SERVICE(?![\w:])", re.IGNORECASE)


def uses_service(sparql: str) -> bool:
    """Return whether ``sparql`` (a query or an update) holds the SERVICE keyword."""
    return _KEYWORD.search(code_of(sparql)) is not None


def code_of(sparql: str) -> str:
    """Return ``sparql`` as the parser reads its code: codepoint escapes decoded, then strings,
    IRIs and comments each blanked to one space."""
    return _SKIPPED.sub(" ", _ESCAPE.sub(_decoded, sparql))


def refuse_service(sparql: str, allow: str = "--allow-service") -> None:
    """Raise ServiceRefused when ``sparql`` uses SERVICE; ``allow`` names how to allow it."""
    if uses_service(sparql):
        raise ServiceRefused(
            "the query uses SERVICE, which would send a request to the URL it names; "
            f"federated queries are off: rerun with {allow} if you trust that service"
        )


def _decoded(match: re.Match[str]) -> str:
    code = int(match.group(1) or match.group(2), 16)
    return chr(code) if code <= 0x10FFFF else match.group(0)
