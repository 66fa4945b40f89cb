"""Fixtures shared by several test modules."""

from tests.browser import browser

__all__ = ["browser"]
