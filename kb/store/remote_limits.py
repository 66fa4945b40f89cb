"""What a SPARQL server behind ``--kb`` may take of a command (:mod:`kb.store.remote`), in a
module of its own so that the command line's options read them without importing the store."""

from __future__ import annotations

#: Seconds each request may take by default (``--remote-timeout``): both its idle-read timeout
#: and the deadline of its whole answer.
REMOTE_TIMEOUT = 20.0
#: Triples a server writes a second, at least, as the time a write may take counts them.
WRITE_RATE = 1_000
#: The largest answer read (bytes): a JSON result of 100 MB takes about 700 MB to decode.
MAX_ANSWER = 100 * 10**6
