"""Regenerate the README's pictures from the shipped example, in Debian's headless Chromium.

    uv run python scripts/screenshots.py

Writes docs/images/audit-report.png (the HTML audit report, a claim focused),
docs/images/network-viewer.png (the network viewer, a claim clicked) and
docs/images/network.png (the network drawn by Graphviz).
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.audit.article import audit_path  # noqa: E402
from kb.export.network import articles_network  # noqa: E402
from kb.export.writers import render  # noqa: E402
from kb.report.to_html import audit_page  # noqa: E402
from tests.browser import CHROMIUM_FLAGS, chromium_path  # noqa: E402

EXAMPLE = ROOT / "examples" / "green-tea-memory.txt"
IMAGES = ROOT / "docs" / "images"


def main() -> int:
    """Write the three pictures; return 0."""
    from playwright.sync_api import sync_playwright

    IMAGES.mkdir(parents=True, exist_ok=True)
    result = audit_path(EXAMPLE)
    # the page shows the file as the user named it, not where this checkout happens to be
    result = replace(
        result,
        graded=replace(
            result.graded,
            article=replace(result.graded.article, source=str(EXAMPLE.relative_to(ROOT))),
        ),
    )
    network = articles_network([str(EXAMPLE)])
    (IMAGES / "network.png").write_bytes(render(network, "png"))
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        report, viewer = Path(tmp, "audit.html"), Path(tmp, "network.html")
        report.write_text(audit_page([result]), encoding="utf-8")
        viewer.write_bytes(render(network, "html", title="green-tea-memory.txt"))
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(report.as_uri())
        overclaim = page.locator(".claim.overclaim[tabindex='0']").first
        overclaim.scroll_into_view_if_needed()
        overclaim.focus()
        page.screenshot(path=str(IMAGES / "audit-report.png"))
        page.goto(viewer.as_uri())
        page.wait_for_function("window.claimkbNetwork !== undefined")
        claim = next(n for n, d in network.nodes(data=True) if d.get("status") == "overclaim")
        page.evaluate(f"() => {{ window.claimkbNetwork.getElementById('{claim}').emit('tap'); }}")
        page.screenshot(path=str(IMAGES / "network-viewer.png"))
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
