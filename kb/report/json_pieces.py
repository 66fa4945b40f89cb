"""JSON written a batch of members at a time: the bytes of ``json.dumps`` of a value whose large
lists are iterators, each item made as it is written (reports of a 19 MB page are hundreds of
MB)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

#: The most items of a list written whole that are made and dumped at once: one orjson call
#: for a batch costs less than one an item (about 2 µs an item with the generators around it),
#: and a batch's data stays a small part of what the page itself holds.
BATCH = 64


def json_pieces(value: Any, streamed: int, *, indent: bool = True) -> Iterator[bytes]:
    """Yield ``value`` as the UTF-8 bytes of ``json.dumps(value, ensure_ascii=False,
    indent=2)`` and a newline, its control characters escaped, a member at a time
    ``streamed`` levels deep (an iterator stands for a list, read once; the items of a list
    at the last streamed level are made and written ``BATCH`` at a time). ``indent`` False:
    the bytes of ``orjson.dumps(value)`` (one line, no spaces) and a newline."""
    yield from _pieces(value, 0, streamed, indent)
    yield b"\n"


def _pieces(value: Any, level: int, streamed: int, indent: bool) -> Iterator[bytes]:
    """Yield one JSON value indented as at ``level``, a member at a time ``streamed`` deep."""
    pad = b"\n" + b"  " * level if indent else b""
    items: Iterable[tuple[bytes, Any]] | None = None
    if streamed and isinstance(value, dict) and value:
        items = ((_key(key, indent), item) for key, item in value.items())
        opening, closing = b"{", b"}"
    elif streamed == 1 and isinstance(value, (list, Iterator)):
        yield from _batched(iter(value), pad, indent)
        return
    elif streamed and isinstance(value, (list, Iterator)):
        items = ((b"", item) for item in value)
        opening, closing = b"[", b"]"
    if items is None:
        yield _dumped(value, pad, indent)
        return
    inner = pad + b"  " if indent else b""
    count = 0
    for key, item in items:
        yield (b"," if count else opening) + inner + key
        yield from _pieces(item, level + 1, streamed - 1, indent)
        count += 1
    yield pad + closing if count else opening + closing


def _batched(items: Iterator[Any], pad: bytes, indent: bool) -> Iterator[bytes]:
    """Yield a list of ``items`` indented as at the level of ``pad``, dumped ``BATCH`` items at
    a time: a batch's dump is the list's text between its brackets, as the items dumped one
    by one would be written (orjson writes an item inside a list as it writes it alone, one
    level deeper, and its newlines are all between values)."""
    closing = pad + b"]"
    opening = b"["
    while batch := list(islice(items, BATCH)):
        dumped = _dumped(batch, pad, indent)
        yield opening + dumped[1 : -len(closing)]
        opening = b","
    yield closing if opening == b"," else b"[]"


def _dumped(value: Any, pad: bytes, indent: bool) -> bytes:
    """Return ``value`` dumped whole, its lines indented by ``pad``, its controls escaped."""
    import orjson

    from kb.terminal import escaped_json

    text = escaped_json(orjson.dumps(value, option=orjson.OPT_INDENT_2 if indent else None))
    return text.replace(b"\n", pad) if len(pad) > 1 else text  # no raw newline in strings


def _key(key: str, indent: bool) -> bytes:
    import orjson

    from kb.terminal import escaped_json

    return escaped_json(orjson.dumps(key)) + (b": " if indent else b":")
