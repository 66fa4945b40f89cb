"""Raised numbers that cite nothing: labels, symbols and a table's own notes.

A raised number cites when it is attached to what it supports ("... short.¹²", "studies⁴⁻⁶").
It is something else when it is part of a symbol or a formula ("δ¹³C", "²H", "Δ⁹-THC", "mc²155",
"dP⁴", "πr²", "weight/height²", a charge "Ca²⁺", an exponent "min⁻¹"), when it opens its block
or stands apart after a separator as a label ("¹ Mean of duplicate runs.", "...; ² Department of
..."), or when it repeats such a label in the table or list the labelled notes close (a cell
"200 - ²" above "² Not analysed.").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .model import Marker

#: A raised number glued to the next word or number is part of it ("²H", "⁹-THC", "mc²155").
_GLUED_AFTER = re.compile(r"[^\W_]|[-‐‑][^\W\d_]")
#: A raised sign beside a raised number makes it a charge or an exponent ("Ca²⁺", "min⁻¹").
_RAISED_SIGNS = "⁺⁻"
#: Operators in the token carrying the number, or a relation just before it: a formula.
_OPERATORS = frozenset("=/×·^+−")
_RELATIONS = frozenset(("=", "≈", "≤", "≥", "<", ">", "+", "×", "−"))
#: A number set apart after a separator ("Harlsberg; ² Department"): a label, not a citation.
_LABEL_BEFORE = re.compile(r"(?:^|[;:|–—-])[ \t\u00a0]+$")
_URL = re.compile(r"\S*(?:://|www\.)")  # a link's slashes are no division
_TAG = re.compile(r"<[^<>]*>")  # the tags of a marker just before ("<sup>[3]</sup><sup>[4]")
_LETTERS = re.compile(r"[^\W\d_]{1,2}")
#: How far back (in blocks) a table's notes reach; a paragraph of prose (a caption too) has this
#: many words, most of them lower-case words, where table rows hold numbers, codes and names.
_TABLE_REACH = 400
_PROSE_WORDS = 12
_PROSE_SHARE = 0.6
_LOWER_WORD = re.compile(r"[a-zß-ÿ][a-zß-ÿ'’-]*[,;:.]?")


def raised(marker: Marker) -> bool:
    """Tell whether ``marker`` is a bare raised number (Unicode superscript or markup <sup>);
    a raised bracket ("<sup>[3]</sup>") is a note call by its form."""
    return marker.style == "superscript" and marker.keys[0][0].isdigit() and "[" not in marker.text


def symbolic(text: str, marker: Marker) -> bool:
    """Tell whether a raised number belongs to a symbol or a formula, not to a citation."""
    if _GLUED_AFTER.match(text, marker.end):
        return True
    beside = (text[marker.start - 1 : marker.start], text[marker.end : marker.end + 1])
    if any(char and char in _RAISED_SIGNS for char in beside):
        return True
    before = _TAG.sub("", text[max(0, marker.start - 48) : marker.start])
    if _LABEL_BEFORE.search(before):
        return True
    tokens = before.split()
    token = tokens[-1] if tokens and not before[-1:].isspace() else ""
    word = token.lstrip("([{\"'“‘")
    if any(op in token for op in _OPERATORS) and not _URL.match(token):
        return True
    if len(tokens) >= 2 and token and tokens[-2] in _RELATIONS:
        return True
    # a one-letter symbol ("δ¹³", "M¹") or a two-letter one ending in a capital ("dP⁴", "(dP⁴)");
    # an acronym ("US¹²") is a word a citation may follow
    return bool(_LETTERS.fullmatch(word)) and (
        len(word) == 1 or (len(word) == 2 and word[-1].isupper() and not word.isupper())
    )


def table_notes(
    text: str, found: Sequence[list[Marker]], spans: Sequence[tuple[int, int] | None]
) -> set[int]:
    """Return the starts of raised numbers that label notes or repeat a label above them.

    A block that opens with a raised number is a note ("¹ Mean of duplicate runs."); the same
    number in the blocks above it, back to the last paragraph of prose, marks the note's place
    in a table or list (its labelled notes are transparent on the way back).
    """
    opens = [_opening(text, ms, span) for ms, span in zip(found, spans, strict=True)]
    notes: set[int] = set()
    for j, label in enumerate(opens):
        if label is None:
            continue
        notes.add(label.start)
        keys = set(label.keys)
        for i in range(j - 1, max(-1, j - _TABLE_REACH), -1):
            if opens[i] is None and (span := spans[i]) is not None and _prose(text, span):
                break
            notes.update(m.start for m in found[i] if raised(m) and set(m.keys) <= keys)
    return notes


def _opening(text: str, markers: list[Marker], span: tuple[int, int] | None) -> Marker | None:
    if span is None or not markers or not raised(markers[0]):
        return None
    return markers[0] if not text[span[0] : markers[0].start].strip() else None


def _prose(text: str, span: tuple[int, int]) -> bool:
    words = text[span[0] : span[1]].split()
    lower = sum(1 for w in words if _LOWER_WORD.fullmatch(w))
    return len(words) >= _PROSE_WORDS and lower >= _PROSE_SHARE * len(words)
