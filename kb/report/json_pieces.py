"""JSON written a member at a time: the bytes of ``json.dumps`` of a value whose large lists
are iterators, each item made as it is written (reports of a 19 MB page are hundreds of MB)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any


def json_pieces(value: Any, streamed: int, *, indent: bool = True) -> Iterator[bytes]:
    """Yield ``value`` as the UTF-8 bytes of ``json.dumps(value, ensure_ascii=False,
    indent=2)`` and a newline, its control characters escaped, a member at a time
    ``streamed`` levels deep (an iterator stands for a list, read once). ``indent`` False:
    the bytes of ``orjson.dumps(value)`` (one line, no spaces) and a newline."""
    yield from _pieces(value, 0, streamed, indent)
    yield b"\n"


def _pieces(value: Any, level: int, streamed: int, indent: bool) -> Iterator[bytes]:
    """Yield one JSON value indented as at ``level``, a member at a time ``streamed`` deep."""
    import orjson

    from kb.terminal import escaped_json

    pad = b"\n" + b"  " * level if indent else b""
    items: Iterable[tuple[bytes, Any]] | None = None
    if streamed and isinstance(value, dict) and value:
        items = ((_key(key, indent), item) for key, item in value.items())
        opening, closing = b"{", b"}"
    elif streamed and isinstance(value, (list, Iterator)):
        items = ((b"", item) for item in value)
        opening, closing = b"[", b"]"
    if items is None:
        text = escaped_json(orjson.dumps(value, option=orjson.OPT_INDENT_2 if indent else None))
        yield text.replace(b"\n", pad) if level and indent else text  # no raw newline in strings
        return
    inner = pad + b"  " if indent else b""
    count = 0
    for key, item in items:
        yield (b"," if count else opening) + inner + key
        yield from _pieces(item, level + 1, streamed - 1, indent)
        count += 1
    yield pad + closing if count else opening + closing


def _key(key: str, indent: bool) -> bytes:
    import orjson

    from kb.terminal import escaped_json

    return escaped_json(orjson.dumps(key)) + (b": " if indent else b":")
