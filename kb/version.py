"""The installed claimkb's version, as kb names it (read once, in :mod:`claims.version`)."""

from claims.version import VERSION as __version__

__all__ = ["__version__"]
