"""A real headless Chromium (Debian's) driven by Playwright, for tests of the HTML views.

Screenshots land in ``tests/artifacts/`` (git-ignored) so a person can look at them after a run.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


WAIT_MS = 600_000


def chromium_path() -> str | None:
    """Return the system Chromium's path, or None when it is not installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Yield a headless Chromium browser; skip when Chromium or Playwright is missing."""
    executable = chromium_path()
    if executable is None:
        pytest.skip("Chromium is not installed (scripts/test installs Debian's chromium)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


def open_page(browser: object, path: Path) -> tuple[object, list[str]]:
    """Open ``path`` in a new page and return it with the list of console errors it logs."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    # A whole knowledge base's page is megabytes of inline data and script: on a loaded machine
    # its load event, its layout and each wait come long after Playwright's default 30 s. The
    # tests assert that it opens and answers, not how fast (benchmarks measure that).
    page.set_default_timeout(WAIT_MS)
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(path.resolve().as_uri())
    return page, errors


def screenshot(page: object, name: str) -> Path:
    """Save a screenshot of ``page`` as ``tests/artifacts/NAME.png`` and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(target), full_page=False)
    return target


def drawn(page: object) -> None:
    """Wait until the WebGL viewer's camera is still and it has drawn a frame where it stopped."""
    page.wait_for_function("!claimkbViewer.renderer.getCamera().isAnimated()")
    page.evaluate(
        "new Promise(done => { claimkbViewer.renderer.once('afterRender', done); "
        "claimkbViewer.renderer.refresh(); })"
    )
