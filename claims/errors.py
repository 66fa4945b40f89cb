"""The exceptions claimkb raises, named as facts. The CLI turns each into one line and exit 2."""


class ClaimkbError(Exception):
    """Base class: something the user can fix (bad input, a locked store, a bad query)."""


class ArticleUnreadable(ClaimkbError):
    """An article could not be read: missing, empty, binary or undecodable."""
