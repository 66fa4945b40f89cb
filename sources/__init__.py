"""sources: reference entries, evidence levels and claim grades for an extracted article."""

from sources.grading import grade
from sources.references import parse_entry

__all__ = ["grade", "parse_entry"]
