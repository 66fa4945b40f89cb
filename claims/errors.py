"""The exceptions of reading an article, named as facts, and ClaimkbError, the base of every
exception claimkb raises (kb's own are in kb.errors). The CLI turns each into one line and exit 2.
"""


class ClaimkbError(Exception):
    """Base class: something the user can fix (bad input, a locked store, a bad query)."""


class ArticleUnreadable(ClaimkbError):
    """An article could not be read: missing, empty, binary or undecodable."""


class ArticleTooLarge(ArticleUnreadable):
    """An article is larger than the size limit (``--max-size``), or has more lines or sentences
    than one article is read with (``claims.limits``): refused."""
