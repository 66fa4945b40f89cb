"""Room 3, store: where the triples live, one named graph per article, on disk or on a server.

``open_store(location)`` gives a :class:`Store`. A path opens the embedded Oxigraph store
(pyoxigraph, persisted on disk; :mod:`kb.store.embedded`); an ``http(s)://`` URL names the query
endpoint of a SPARQL 1.1 Protocol server (Oxigraph server, Fuseki, GraphDB...;
:mod:`kb.store.remote`), whose update endpoint defaults to the sibling ``/update``. Both give the
same methods and the same :class:`QueryResult` (:mod:`kb.store.base`), so the code above this
room never asks which one it has.

May import: claims, sources, ontology, kb.rdf, kb.validate and room 0 (kb.errors...).
"""

from __future__ import annotations

import os
import re
import urllib.parse
from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kb.store.base import QueryResult, Store

__all__ = ["QueryResult", "Store", "default_location", "is_url", "open_store"]


def __getattr__(name: str) -> Any:
    """Import Store and QueryResult on first use: every command imports this room (its memory
    guard), and pyoxigraph and rdflib cost 60 ms of a start that needs no store."""
    if name in ("QueryResult", "Store"):
        return getattr(import_module("kb.store.base"), name)
    raise AttributeError(f"module 'kb.store' has no attribute {name!r}")


def default_location() -> str:
    """Return the default knowledge base: ``$XDG_DATA_HOME/claimkb/kb`` (``~/.local/share/...``)."""
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local/share")
    return os.path.join(base, "claimkb", "kb")


def is_url(location: str) -> bool:
    """Return True when ``location`` names a SPARQL endpoint rather than a directory."""
    return location[:8].lower().startswith(("http://", "https://"))


#: A URL's scheme: ``ftp://`` or ``sparql://`` names no directory either.
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://")


def _checked_url(url: str, option: str) -> None:
    """Raise StoreUnavailable when ``url`` (given as ``option``) is no URL a request can go
    to: no host, a bad port or IPv6 address, a space or a control character."""
    from kb.errors import StoreUnavailable

    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError on a port that is no number or out of range)
    except ValueError as error:
        raise StoreUnavailable(f"{option} {url}: not a valid URL ({error}); check it") from error
    if not parts.hostname or any(c.isspace() or not c.isprintable() for c in url):
        raise StoreUnavailable(
            f"{option} {url}: not a valid URL (no host, or a space or control character in "
            "it); give one such as http://localhost:7878/query"
        )


def open_store(
    location: str,
    *,
    read_only: bool = False,
    update_url: str | None = None,
    create: bool = True,
    remote_timeout: float | None = None,
) -> Store:
    """Return the knowledge base at ``location``: a directory, or a SPARQL query endpoint URL.

    ``read_only`` opens the embedded store beside a writer (its last published snapshot) and
    refuses writes; it never creates a store, nor does ``create=False``. For a URL,
    ``update_url`` defaults to the sibling ``update`` of the query endpoint and
    ``remote_timeout`` (seconds each request may take; 0: no limit) to REMOTE_TIMEOUT.
    Raise StoreLocked when another process writes to the directory, StoreUnavailable when it
    is no store.
    """
    if is_url(location):
        from kb.store.remote import RemoteStore

        _checked_url(location, "--kb")
        if update_url is not None:
            _checked_url(update_url, "--update-url")

        from kb.store.remote_limits import REMOTE_TIMEOUT

        seconds = REMOTE_TIMEOUT if remote_timeout is None else remote_timeout or None
        return RemoteStore(location, update_url=update_url, read_only=read_only, timeout=seconds)
    if _SCHEME.match(location):
        from kb.errors import StoreUnavailable

        raise StoreUnavailable(
            f"--kb {location}: neither a directory nor an http:// or https:// SPARQL endpoint; "
            "give a directory, or the URL of a query endpoint"
        )
    from kb.store.embedded import EmbeddedStore

    path = os.path.expanduser(location)
    if os.path.islink(path):  # one store throughout, even when the link moves meanwhile
        path = os.path.realpath(path)
    return EmbeddedStore(path, read_only=read_only, create=create)
