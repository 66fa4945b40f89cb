"""Fill an HTML template in one pass: inserted text is never read again.

Replacing placeholders one after another (``template.replace(...).replace(...)``) re-reads what
was inserted: an article holding the text ``{{FINDINGS}}`` got the report's findings panel.
:func:`fill` makes one scan of the template alone, so a placeholder inside a value stays text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

#: A placeholder: ``{{NAME}}``, upper-case letters and underscores.
PLACEHOLDER = re.compile(r"\{\{([A-Z_]+)\}\}")


def fill(template: str, values: Mapping[str, str]) -> str:
    """Return ``template`` with each ``{{NAME}}`` replaced by ``values[NAME]``, in one pass.

    Raises KeyError for a placeholder with no value: a template and its code disagree.
    """
    return PLACEHOLDER.sub(lambda match: values[match[1]], template)
