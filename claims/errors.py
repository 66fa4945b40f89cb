"""The exceptions claimkb raises, named as facts. The CLI turns each into one line and exit 2."""


class ClaimkbError(Exception):
    """Base class: something the user can fix (bad input, a locked store, a bad query)."""


class ArticleUnreadable(ClaimkbError):
    """An article could not be read: missing, empty, binary or undecodable."""


class ArticleTooLarge(ArticleUnreadable):
    """An article is larger than the size limit (``--max-size``): refused before it is read."""


class StoreLocked(ClaimkbError):
    """The knowledge base is held for writing by another process."""


class StoreUnavailable(ClaimkbError):
    """The knowledge base cannot be opened or reached: missing, damaged, or a server that fails."""


class QuerySyntaxError(ClaimkbError):
    """A SPARQL query or update does not parse; the message gives the position."""


class ArticleNotStored(ClaimkbError):
    """The knowledge base holds no article with that IRI or path."""


class OutputUnwritable(ClaimkbError):
    """An output file cannot be written: its directory is missing or not writable."""
