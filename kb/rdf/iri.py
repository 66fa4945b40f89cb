"""Web addresses printed in articles, made IRIs that every RDF tool we run accepts, or refused.

An article's URL and its references' links are data from pages nobody here wrote: "www.x.org",
"http://host/a b", "…%zz…", two "#"s. rdflib takes almost anything, but Oxigraph and
pyshacl-turbo parse IRIs strictly (RFC 3987) and reject the whole graph for one bad IRI. So a
link becomes an IRI only when it is clearly a web address (a scheme and a host, or a host that
starts "www.") and, once the characters an IRI cannot hold are percent-encoded, Oxigraph's own
IRI parser accepts it; anything else stays text.
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING
from urllib.parse import quote

from kb.errors import ArticleNotStored

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = ["named_node", "web_iri", "work_hash"]

#: A host written without a scheme that is clearly one: "www." and a dotted name.
_WWW = re.compile(r"www\.[^\W_][\w-]*(?:\.[\w-]+)+\.?(?=$|[/?#:])", re.IGNORECASE)
#: Scheme and authority ("https://host"), the rest of the address after them.
_ADDRESS = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*://)([^/?#\s]+)(.*)", re.DOTALL)
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
#: ASCII characters kept as they are outside the host (RFC 3987 unreserved, reserved and %).
_SAFE = "-._~:/?@!$&'()*+,;=%"


def web_iri(url: str) -> str | None:
    """Return ``url`` as a valid absolute IRI, or None when it is not clearly a web address.

    "www.x.com/a" gains "http://"; spaces, quotes, braces, stray "%" and "#", brackets outside
    the host and non-ASCII characters are percent-encoded (UTF-8).
    """
    url = url.strip()
    if _WWW.match(url):
        url = f"http://{url}"
    address = _ADDRESS.fullmatch(url)
    if not address:
        return None
    scheme, host, rest = address.groups()
    host = _encode(host, safe=_SAFE + "[]")  # "[::1]": brackets belong to the host only
    path, hash_, fragment = rest.partition("#")
    iri = f"{scheme}{host}{_encode(path)}{hash_}{_encode(fragment)}"
    return iri if _oxigraph_accepts(iri) else None


def _encode(part: str, safe: str = _SAFE) -> str:
    return quote(_BAD_PERCENT.sub("%25", part), safe=safe)


def _oxigraph_accepts(iri: str) -> bool:
    """Return whether Oxigraph's IRI parser (the one pyshacl-turbo also uses) takes ``iri``."""
    from pyoxigraph import NamedNode

    try:
        NamedNode(iri)
    except ValueError:
        return False
    return True


def named_node(iri: str) -> ox.NamedNode:
    """Return ``iri`` as a NamedNode; one that is no valid IRI names no article."""
    from pyoxigraph import NamedNode

    try:
        return NamedNode(iri)
    except ValueError as error:
        raise ArticleNotStored(
            f"{iri!r} is neither an article's file nor an absolute IRI ({error}): give an IRI "
            "that `claimkb list` shows, or the article's file"
        ) from None


def work_hash(work: str) -> str:
    """Return the first 15 hexadecimal digits of the MD5 of a work's IRI: a key that orders
    works tied in a count the same way on every engine, short enough that a store keeps it in
    the row (Oxigraph inlines strings of up to 15 bytes) instead of decoding each work's IRI."""
    return hashlib.md5(work.encode(), usedforsecurity=False).hexdigest()[:15]
