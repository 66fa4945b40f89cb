"""SPARQL text without its strings, IRIs and comments, where a keyword or a colon means nothing."""

from __future__ import annotations

import re

_NOT_CODE = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r"|<[^<>\"{}|^`\\\s]*>|#[^\n]*"
)


def code_only(sparql: str) -> str:
    """Return ``sparql`` with strings, IRIs and comments blanked: same length, same positions."""
    return _NOT_CODE.sub(lambda match: " " * len(match.group(0)), sparql)
