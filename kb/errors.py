"""Every exception kb raises, named as a fact. Each is a ClaimkbError: the CLI prints its message
as one line and exits 2. (What goes wrong reading an article is in claims.errors.)
"""

from __future__ import annotations

import errno

from claims.errors import ClaimkbError

#: OSError numbers of a file being written that the user fixes by making room.
DISK_ERRORS = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


class StoreLocked(ClaimkbError):
    """The knowledge base is held for writing by another process."""


class StoreUnavailable(ClaimkbError):
    """The knowledge base cannot be opened or reached: missing, damaged, or a server that fails."""


class ArticleNotStored(ClaimkbError):
    """The knowledge base holds no article with that IRI or path."""


class QuerySyntaxError(ClaimkbError):
    """A SPARQL query or update does not parse; the message gives the position."""


class QueryUnreadable(ClaimkbError):
    """A query file is not UTF-8 text."""


class QueryStopped(ClaimkbError):
    """A query was stopped: it ran past its time limit, or past the memory its process has."""


class MemoryLimitInvalid(ClaimkbError):
    """``CLAIMKB_MAX_MEMORY`` is not a size."""


class OutputUnwritable(ClaimkbError):
    """An output file cannot be written: its directory is missing or not writable."""


class ShardStopped(ClaimkbError):
    """A dump's shard was left unfinished because another shard failed (never shown: the
    other shard's error is)."""


class IngestStopped(ClaimkbError):
    """An ingest stopped part-way (Ctrl-C, a full disk, a server gone); ``report`` says what had
    landed and the message what to do."""

    def __init__(self, message: str, report: object, *, interrupted: bool) -> None:
        super().__init__(message)
        self.report = report
        self.interrupted = interrupted


class NotAcceptable(ClaimkbError):
    """No media type the client accepts fits the query's results."""


class NotServable(ClaimkbError):
    """``claimkb serve`` was given a SPARQL endpoint's URL: it serves an embedded store only."""


class PortUnavailable(ClaimkbError):
    """The server cannot listen on the address and port asked for."""


class GraphvizMissing(ClaimkbError):
    """Graphviz's ``dot``/``sfdp`` is not installed, so no picture can be drawn."""


class GraphvizFailed(ClaimkbError):
    """Graphviz ran and failed to draw the network."""


class PictureTooLarge(ClaimkbError):
    """The network has too many nodes for Graphviz to draw in about a minute."""


class UnknownExportFormat(ClaimkbError):
    """The export format could not be told from the option or the file extension."""


class ShapesInvalid(ClaimkbError):
    """A user's SHACL shapes file is missing, not Turtle, or not valid SHACL."""


class UnknownRule(ClaimkbError):
    """A --select/--ignore selector that names no known rule."""


class RuleShapeMissing(ClaimkbError):
    """A shipped knowledge-base audit query has no shape in shapes/audit.ttl (a broken install)."""


class BaselineInvalid(ClaimkbError):
    """A --baseline file that is missing or is not a claimkb JSON report."""


class QueryNestedTooDeep(ClaimkbError):
    """A SPARQL query or update nests groups or expressions deeper than the parser can read."""


class ServiceRefused(ClaimkbError):
    """A query names a SERVICE and the user did not allow federated queries."""


class UnknownQuery(ClaimkbError):
    """No named query has this name."""


class QueryParameterInvalid(ClaimkbError):
    """A ``--param`` is malformed, unknown to the query, or a required one is missing."""


class QueryFormatInvalid(ClaimkbError):
    """The output format does not fit the query's kind (csv for a CONSTRUCT, ttl for a SELECT)."""


class NoArticles(ClaimkbError):
    """Nothing to ingest: the paths given name no article file."""


class GraphUnreadable(ClaimkbError):
    """An RDF file could not be read or parsed."""


class ShaclEngineUnavailable(ClaimkbError):
    """The SHACL engine asked for is unknown or not installed."""


class ShaclEngineFailed(ClaimkbError):
    """Both SHACL engines failed on a data graph checked with claimkb's own shapes."""


class SearchTermsMissing(ClaimkbError):
    """A search was given no word to look for."""


class ArticlePathMissing(ClaimkbError):
    """A path given as an article does not exist (or a glob matches nothing)."""


class ArticleNotAFile(ClaimkbError):
    """A path given to ingest is a pipe, a device or a socket: no file ingest can name."""


class NotAnArticleFormat(ClaimkbError):
    """A file given to ingest is in none of the formats ``extract`` reads."""


class ResultsUnspooled(ClaimkbError):
    """``serve`` cannot keep a slow client's results on disk (the disk is full, or no
    directory takes the file)."""
