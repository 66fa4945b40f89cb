"""The installed claimkb's version, from its package metadata (pyproject.toml is its source):
the one place it is read, for claims' JSON output and for kb (kb.version)."""

from importlib.metadata import PackageNotFoundError, version

try:
    VERSION = version("claimkb")
except PackageNotFoundError:  # run from a checkout that was never installed (no `uv sync`)
    VERSION = "0+unknown"
