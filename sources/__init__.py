"""sources: reference entries, evidence levels and claim grades for an extracted article.

The functions are imported on first use, so that ``import sources.model`` (as the command line
does for its option lists) does not compile the reference and evidence grammars.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sources.grading import grade
    from sources.references import parse_entry

_LAZY = {"grade": ".grading", "parse_entry": ".references"}

__all__ = ["grade", "parse_entry"]


def __getattr__(name: str) -> Any:
    """Import the public functions on first use."""
    if name in _LAZY:
        return getattr(import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module 'sources' has no attribute {name!r}")
