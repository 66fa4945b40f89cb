"""The installed claimkb's version, from its package metadata (pyproject.toml is its source)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("claimkb")
except PackageNotFoundError:  # run from a checkout that was never installed (no `uv sync`)
    __version__ = "0+unknown"
