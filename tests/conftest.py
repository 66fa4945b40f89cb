"""Fixtures shared by several test modules."""

from pathlib import Path

import pytest

from kb.store import open_store
from tests.browser import browser

__all__ = ["browser", "query_kb"]

#: Two hand-written articles' graphs (tests/fixtures/query/kb.trig).
QUERY_FIXTURE = Path(__file__).parent / "fixtures" / "query" / "kb.trig"


@pytest.fixture(scope="module")
def query_kb(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Return a store on disk holding the two hand-written articles of QUERY_FIXTURE."""
    path = str(tmp_path_factory.mktemp("query-kb") / "kb")
    with open_store(path) as store:
        store.load(QUERY_FIXTURE)
    return path
