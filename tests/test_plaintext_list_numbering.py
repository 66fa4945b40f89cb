"""A heading-like line inside a numbered reference list: the list goes on when an entry below
takes up the numbering of the last entry read (not of the first)."""

from __future__ import annotations

import pytest

from claims.plaintext import read_plaintext

_LIST = """A Page About Tea

Green tea is drunk widely in many places.

References

1. Harrow P. Tea and memory. J Tea. 2001;3:1-9.
2. Lindqvist A. Steeping times. Tea Rev. 2003;5:2-4.
3. Okafor B. Leaf grades. Tea Sci. 2005;7:10-12.
4. Mbeki C. Caffeine in tea. Tea Chem. 2007;9:3-8.
5. Sato D. Tea rituals. Tea Hist. 2009;11:5-6.

Further Reading On Tea

{number}. Ruiz E. A history of tea. Tea Hist. 2011;13:1-4.
"""


@pytest.mark.parametrize(("number", "kind"), [(6, "reference"), (7, "reference"), (9, "heading")])
def test_a_line_between_entries_belongs_to_the_list_when_the_numbering_goes_on(
    number: int, kind: str
) -> None:
    text = _LIST.format(number=number)
    blocks = {text[b.start : b.end]: b.kind for b in read_plaintext(text)}
    assert blocks["Further Reading On Tea"] == kind
