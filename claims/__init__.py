"""claims: read an article and find its sentences, claims, citation markers, hedges and boosters.

>>> from claims import extract_text
>>> article = extract_text("Green tea may help memory [1]. Talk to your doctor.")
>>> [(s.kind, s.keys) for s in article.sentences]
[('claim', ('1',)), ('other', ())]

Everything returned is a plain frozen dataclass from :mod:`claims.model`.
"""

from .errors import ArticleUnreadable, ClaimkbError
from .extract import (
    VERSION,
    article_to_dict,
    articles_to_json,
    extract_document,
    extract_path,
    extract_text,
)
from .model import KINDS, Article, Block, Cue, Document, Marker, ReferenceData, Sentence
from .reading import read_document, read_path

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
