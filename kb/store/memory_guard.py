"""A ceiling on the memory of a command while it reads the knowledge base.

Oxigraph's sorting and counting (ORDER BY, GROUP BY, COUNT) do not stop on a storage read
error: on a store with a damaged block they loop, growing about 400 MB/s until the process
aborts with "memory allocation failed" (streaming queries raise the checksum error cleanly). No
exception reaches Python, so a thread watches the memory while a read runs and ends the
command with one line past the ceiling: `CLAIMKB_MAX_MEMORY` of resident memory (bytes, or
with K, M, G), default 1.5 GB. Under an address-space cap (``ulimit -v``) the loop's vector,
which doubles, would hit the cap before that: then the read also stops when it has taken half
the address space left as it started, which leaves room for the vector's last doubling. Only
the command line turns it on (:func:`enable`); a library caller's process is never ended.
"""

from __future__ import annotations

import os
import re
import resource
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from kb.errors import MemoryLimitInvalid

#: The default ceiling: below 2 GB, above what the named queries take at 10,000 articles.
DEFAULT_LIMIT = 1536 * 1024**2
#: Seconds between two looks at the resident memory (at 400 MB/s: 20 MB past the ceiling).
POLL_SECONDS = 0.05

_limit: int | None = None
_cap: int | None = None


def enable(setting: str | None = None) -> None:
    """Turn the ceiling on for this process: ``setting`` like "2G", else CLAIMKB_MAX_MEMORY."""
    global _limit, _cap
    _limit = parse_size(setting or os.environ.get("CLAIMKB_MAX_MEMORY") or str(DEFAULT_LIMIT))
    cap = resource.getrlimit(resource.RLIMIT_AS)[0]
    _cap = None if cap == resource.RLIM_INFINITY else cap


def ceiling() -> int:
    """Return the ceiling in bytes (as enabled, else what CLAIMKB_MAX_MEMORY or the default
    says): also the memory cap of a query run in a worker process."""
    return _limit or parse_size(os.environ.get("CLAIMKB_MAX_MEMORY") or str(DEFAULT_LIMIT))


def parse_size(text: str) -> int:
    """Return the bytes of "1536M", "2G", "800000000"; raise MemoryLimitInvalid otherwise."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMG]?)B?\s*", text, re.IGNORECASE)
    if not match:
        raise MemoryLimitInvalid(
            f"CLAIMKB_MAX_MEMORY={text!r} is no size: give bytes or a number with K, M or G"
        )
    scale = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}[match.group(2).upper()]
    return int(float(match.group(1)) * scale)


@contextmanager
def guarded(what: str) -> Iterator[None]:
    """Run the block under the ceiling (when enabled): past it, say ``what`` grew, exit 2."""
    sizes = _sizes()
    if _limit is None or sizes is None:
        yield
        return
    virtual_limit = None if _cap is None else sizes[0] + (_cap - sizes[0]) // 2
    done = threading.Event()
    watcher = threading.Thread(target=_watch, args=(what, _limit, virtual_limit, done), daemon=True)
    watcher.start()
    try:
        yield
    finally:
        done.set()


def _watch(what: str, limit: int, virtual_limit: int | None, done: threading.Event) -> None:
    while not done.wait(POLL_SECONDS):
        virtual, resident = _sizes() or (0, 0)
        if resident > limit:
            took = f"more than {limit / 1024**3:.1f} GB of memory"
        elif virtual_limit is not None and virtual > virtual_limit:
            took = "half the address space its cap (ulimit -v) left"
        else:
            continue
        sys.stderr.write(f"claimkb: error: {too_big(what, took)}\n")
        sys.stderr.flush()
        os._exit(2)


def too_big(what: str, took: str) -> str:
    """Return why a read of the store that ``took`` too much memory was stopped."""
    return (
        f"{what} took {took}, so it was stopped: a damaged store makes Oxigraph's sorting and "
        "counting loop on the read error (`claimkb dump -o /dev/null` names a damaged file), "
        "and a query that big needs CLAIMKB_MAX_MEMORY or the cap raised"
    )


def _sizes() -> tuple[int, int] | None:
    """Return this process's (virtual, resident) memory in bytes (Linux), None where unknown."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = statm.read().split()
        return int(pages[0]) * _PAGE, int(pages[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
