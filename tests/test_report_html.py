"""The HTML audit report: every claim highlighted by status, escaped, and usable in a browser."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kb.audit.article import AuditResult, audit_path
from kb.report.to_html import HIGHLIGHTS, audit_page, highlight_of
from tests.browser import open_page, screenshot

EXAMPLE = Path(__file__).parents[1] / "examples" / "green-tea-memory.txt"

#: An article whose text tries to run script and break out of attributes.
HOSTILE = """# Tea & "safety" <script>window.pwned = 1</script>

Green tea contains catechins <img src=x onerror="window.pwned=2"> [1].
Studies prove that tea cures every illness.

## References

1. Chen L. Catechins in tea. J Food. 2019.
"""


@pytest.fixture(scope="module")
def example() -> AuditResult:
    return audit_path(EXAMPLE)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> AuditResult:
    path = tmp_path_factory.mktemp("hostile") / "hostile.md"
    path.write_text(HOSTILE, encoding="utf-8")
    return audit_path(path)


def expected_highlights(result: AuditResult) -> dict[str, str]:
    by_sentence: dict[str, list] = {}
    for finding in result.findings:
        by_sentence.setdefault(finding.sentence_id, []).append(finding)
    return {
        g.sentence_id: highlight_of(g.status, by_sentence.get(g.sentence_id, []))
        for g in result.graded.grades
    }


def test_every_claim_is_highlighted_with_its_status(example: AuditResult) -> None:
    page = audit_page([example])
    found = dict(re.findall(r'id="a0-(s\d+)" tabindex="0" data-status="([\w-]+)"', page))
    assert found == expected_highlights(example)
    assert set(found.values()) <= set(HIGHLIGHTS)


def test_status_is_not_shown_by_colour_alone(example: AuditResult) -> None:
    page = audit_page([example])
    for status, (badge, name) in HIGHLIGHTS.items():
        badge_html = f'<span class="badge" aria-hidden="true">{badge}'
        assert f'<span class="claim {status}">{badge_html}' in page
        assert name in page


def test_article_text_is_escaped(hostile: AuditResult) -> None:
    page = audit_page([hostile])
    assert "<script>window.pwned" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;window.pwned = 1&lt;/script&gt;" in page


def test_report_in_browser(browser, example: AuditResult, tmp_path: Path) -> None:
    path = tmp_path / "audit.html"
    path.write_text(audit_page([example]), encoding="utf-8")
    page, errors = open_page(browser, path)
    claims = page.locator("main .claim[tabindex='0']")
    assert claims.count() == len(example.graded.grades)
    first_cited = next(g for g in example.graded.grades if g.level is not None)
    claim = page.locator(f"#a0-{first_cited.sentence_id}")
    tip = page.locator(f"#a0-{first_cited.sentence_id}-tip")
    assert not tip.is_visible()
    claim.focus()
    assert tip.is_visible()
    assert f"evidence: {first_cited.level}" in tip.inner_text()
    assert "[" in tip.inner_text()
    screenshot(page, "audit-report")
    finding = next(f for f in example.findings if f.sentence_id)
    page.locator(f"aside a[href='#a0-{finding.sentence_id}']").first.click()
    focused = page.evaluate("document.activeElement.id")
    assert focused == f"a0-{finding.sentence_id}"
    assert errors == []


def test_hostile_page_runs_no_script(browser, hostile: AuditResult, tmp_path: Path) -> None:
    path = tmp_path / "hostile.html"
    path.write_text(audit_page([hostile]), encoding="utf-8")
    page, errors = open_page(browser, path)
    assert page.evaluate("window.pwned === undefined")
    assert "<script>window.pwned = 1</script>" in page.inner_text("main")
    assert errors == []


def test_audit_command_writes_the_html_page() -> None:
    from click.testing import CliRunner

    from kb.cli import main

    result = CliRunner().invoke(main, ["audit", "--format", "html", str(EXAMPLE)])
    assert result.exit_code == 1  # the example has overclaims (violations)
    assert result.stdout.startswith("<!DOCTYPE html>")
    claims = len(audit_path(EXAMPLE).graded.grades)
    assert result.stdout.count('tabindex="0" data-status=') == claims


def test_tooltips_name_weasels_peacocks_and_approximators(tmp_path: Path) -> None:
    """Issue 17: a claim's tooltip lists its weasel words, peacock terms and approximators
    beside its hedges and boosters."""
    path = tmp_path / "spa.txt"
    path.write_text(
        "The spa\n\nMany experts say the world-famous spa usually cures back pain.\n",
        encoding="utf-8",
    )
    page = audit_page([audit_path(path)])
    for listed in ("weasel “Many experts”", "peacock “world-famous”", "approximator “usually”"):
        assert listed in page
