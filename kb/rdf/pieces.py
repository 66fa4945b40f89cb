"""An N-Triples file read a given number of lines at a time, in the memory of one piece."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

__all__ = ["ntriples_pieces"]


def ntriples_pieces(path: Path, lines: int) -> Iterator[bytes]:
    """Yield the bytes of the N-Triples file ``path``, ``lines`` lines at a time. Lines end at
    "\\n" only, as N-Triples says: a literal may hold U+2028, which text mode and ``splitlines``
    take for a line end."""
    with path.open("rb") as ntriples:
        while piece := b"".join(itertools.islice(ntriples, lines)):
            yield piece
