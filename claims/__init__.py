"""claims: read an article and find its sentences, claims, citation markers, hedges and boosters.

>>> from claims import extract_text
>>> article = extract_text("Green tea may help memory [1]. Talk to your doctor.")
>>> [(s.kind, s.keys) for s in article.sentences]
[('claim', ('1',)), ('other', ())]

Everything returned is a plain frozen dataclass from :mod:`claims.model`. The functions are
imported on first use, and so are the model's classes, so that ``import claims.errors`` (as the
CLI and the query worker do) stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .errors import ArticleUnreadable, ClaimkbError

if TYPE_CHECKING:
    from .extract import (
        article_to_dict,
        articles_to_json,
        extract_document,
        extract_path,
        extract_text,
    )
    from .model import KINDS, Article, Block, Cue, Document, Marker, ReferenceData, Sentence
    from .reading import read_document, read_path
    from .version import VERSION

_LAZY = {
    **dict.fromkeys(
        ("KINDS", "Article", "Block", "Cue", "Document", "Marker", "ReferenceData", "Sentence"),
        ".model",
    ),
    "VERSION": ".version",
    "article_to_dict": ".extract",
    "articles_to_json": ".extract",
    "extract_document": ".extract",
    "extract_path": ".extract",
    "extract_text": ".extract",
    "read_document": ".reading",
    "read_path": ".reading",
}

__all__ = [
    "KINDS",
    "VERSION",
    "Article",
    "ArticleUnreadable",
    "Block",
    "ClaimkbError",
    "Cue",
    "Document",
    "Marker",
    "ReferenceData",
    "Sentence",
    "article_to_dict",
    "articles_to_json",
    "extract_document",
    "extract_path",
    "extract_text",
    "read_document",
    "read_path",
]


def __getattr__(name: str) -> Any:
    """Import the public functions and model classes on first use."""
    if name in _LAZY:
        return getattr(import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module 'claims' has no attribute {name!r}")
