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
    for listed in (
        "weasel “<bdi>Many experts</bdi>”",
        "peacock “<bdi>world-famous</bdi>”",
        "approximator “<bdi>usually</bdi>”",
    ):
        assert listed in page


# -- issue 11: title, summary, sources, filters and reviewed findings -------------------------

LINKS = """# Tea notes

Green tea contains catechins [1]. Black tea is oxidised [2]. Tea was drunk in China [3].
Matcha is ground leaf [4]. Tea cures colds.

## References

1. Chen L. Catechins in tea: a randomised trial. J Food. 2019. doi:10.1000/xyz(2019)
2. Park S. Oxidation of tea. Tea J. 2018. javascript:alert(1)
3. Wu H. Tea history. 2017. https://example.org/tea-history
4. Ito K. Matcha. 2020. PMID: 12345678
5. Nobody. Never cited. 2001.
"""


@pytest.fixture(scope="module")
def links(tmp_path_factory: pytest.TempPathFactory) -> AuditResult:
    path = tmp_path_factory.mktemp("links") / "tea-notes.md"
    path.write_text(LINKS, encoding="utf-8")
    return audit_path(path)


def test_page_title_is_the_articles_title(example: AuditResult, hostile: AuditResult) -> None:
    title = example.graded.article.title
    assert f"<title>{title} · claimkb audit</title>" in audit_page([example])
    assert "<title>claimkb audit of 2 articles</title>" in audit_page([example, hostile])
    assert "<title>Tea &amp; &quot;safety&quot; &lt;script&gt;" in audit_page([hostile])


def test_summary_counts_claims_by_status_and_findings_by_rule(example: AuditResult) -> None:
    from collections import Counter

    page = audit_page([example])
    summary = page.split('id="a0-summary"', 1)[1].split('<div class="text">', 1)[0]
    statuses = Counter(g.status for g in example.graded.grades)
    for status, n in statuses.items():
        assert re.search(rf'class="claim {status}">.*?</td><td class="n">{n}</td>', summary)
    rows = dict(re.findall(r'<tr data-rule="([\w-]+)">.*?<td class="n">(\d+)</td>', summary))
    assert rows == {rule: str(n) for rule, n in Counter(f.rule for f in example.findings).items()}


def test_sources_list_levels_cues_links_and_citing_claims(links: AuditResult) -> None:
    page = audit_page([links])
    sources = page.split('class="sources"', 1)[1]
    items = re.findall(r'<li data-key="(\d)">(.*?)</li>', sources)
    assert [key for key, _ in items] == ["1", "2", "3", "4", "5"]
    body = dict(items)
    assert '<span class="level">rct</span>' in body["1"]
    assert "“<bdi>randomised</bdi>” in the entry → rct" in body["1"]
    assert 'href="https://doi.org/10.1000/xyz(2019)"' in body["1"]
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/12345678/"' in body["4"]
    assert 'href="https://example.org/tea-history"' in body["3"]
    assert (
        "javascript:"
        not in body["2"].split('<span class="entry">')[0] + body["2"].split("</span>", 2)[-1]
    )
    cited = links.graded.sources[0].cited_by[0]
    assert f'href="#a0-{cited}"' in body["1"]
    assert "cited by: no claim" in body["5"]


@pytest.mark.parametrize(
    ("url", "link"),
    [
        ("https://example.org/a b", "https://example.org/a%20b"),
        ("www.example.org/x", "http://www.example.org/x"),
        ("javascript:alert(1)", None),
        ("javascript://example.org/%0aalert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("ftp://example.org/file", None),
    ],
)
def test_only_web_addresses_become_links(url: str, link: str | None) -> None:
    from kb.report.to_html import web_link

    assert web_link(url) == link


def test_page_allows_only_its_own_script(example: AuditResult) -> None:
    import base64
    import hashlib

    page = audit_page([example])
    policy = re.search(r'Content-Security-Policy" content="([^"]+)"', page)[1]
    assert "default-src 'none'" in policy
    scripts = re.findall(r"<script>(.*?)</script>", page, re.DOTALL)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert f"'sha256-{digest}'" in policy


def _write(tmp_path: Path, results: list, name: str = "audit.html") -> Path:
    path = tmp_path / name
    path.write_text(audit_page(results), encoding="utf-8")
    return path


def _visible(page, selector: str) -> list[str]:
    return page.eval_on_selector_all(
        selector, "items => items.filter(i => !i.hidden).map(i => i.dataset.rule)"
    )


def test_filters_hide_findings_by_severity_and_rule(browser, example, tmp_path) -> None:
    page, errors = open_page(browser, _write(tmp_path, [example]))
    every = [f.rule for f in example.findings]
    assert sorted(_visible(page, "li.finding")) == sorted(every)
    assert page.inner_text("#shown") == f"Showing {len(every)} of {len(every)} findings."
    page.uncheck("#filters input[name=severity][value=warning]")
    shown = [f.rule for f in example.findings if f.severity != "warning"]
    assert sorted(_visible(page, "li.finding")) == sorted(shown)
    page.uncheck("#filters input[name=rule][value=overclaim]")
    shown = [f.rule for f in example.findings if f.severity != "warning" and f.rule != "overclaim"]
    assert sorted(_visible(page, "li.finding")) == sorted(shown)
    page.check("#filters input[name=severity][value=warning]")
    page.check("#filters input[name=rule][value=overclaim]")
    assert sorted(_visible(page, "li.finding")) == sorted(every)
    assert errors == []


def test_reviewed_findings_hide_and_are_remembered(browser, example, tmp_path) -> None:
    from collections import Counter

    from kb.audit.triage import fingerprint, keep, read_baseline

    # the first unsupported claim is in the baseline; the page shows it as reviewed
    first = next(f for f in example.findings if f.rule == "unsupported-claim")
    rules = frozenset(f.rule for f in example.findings)
    result = keep([example], rules, Counter([fingerprint(first, example.graded)]))[0]
    assert len(result.reviewed) == 1
    path = _write(tmp_path, [result])
    page, errors = open_page(browser, path)
    total = len(example.findings)
    assert page.inner_text("#shown") == f"Showing {total - 1} of {total} findings."
    baseline = page.locator("li.finding[data-baseline]")
    assert baseline.count() == 1 and not baseline.is_visible()
    cell = page.locator("#a0-summary td.reviewed-count[data-rule='overclaim']")
    assert cell.inner_text() == "0"

    # ticking an overclaim hides it (and any finding of the same fingerprint: the same rule on
    # the same sentence), counts it reviewed, and survives a reload
    overclaim = page.locator("li.finding[data-rule='overclaim']").first
    print_ = overclaim.get_attribute("data-fingerprint")
    same = page.locator(f"li.finding[data-fingerprint='{print_}']").count()
    overclaim.locator("input.review").check()
    assert not overclaim.is_visible()
    assert page.inner_text("#shown") == f"Showing {total - 1 - same} of {total} findings."
    assert cell.inner_text() == str(same)
    page.reload()
    assert page.inner_text("#shown") == f"Showing {total - 1 - same} of {total} findings."
    page.uncheck("#hide-reviewed")
    assert page.inner_text("#shown") == f"Showing {total} of {total} findings."
    marked = page.locator(f"li.finding[data-fingerprint='{print_}']").first
    assert "reviewed" in marked.get_attribute("class")
    assert marked.locator("input.review").is_checked()

    # what the page saves is a baseline the command line reads
    with page.expect_download() as download:
        page.click("#save-baseline")
    saved = tmp_path / "reviewed.json"
    download.value.save_as(saved)
    assert read_baseline(str(saved)) == Counter(
        [fingerprint(first, example.graded)]
        + [print_] * page.locator(f"li.finding[data-fingerprint='{print_}']").count()
    )

    # unticking brings it back
    marked.locator("input.review").uncheck()
    page.check("#hide-reviewed")
    assert page.inner_text("#shown") == f"Showing {total - 1} of {total} findings."
    assert errors == []
    screenshot(page, "audit-report-triage")


def test_audit_command_shows_a_baselines_findings_as_reviewed(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kb.cli import main

    runner = CliRunner()
    baseline = tmp_path / "reviewed.json"
    written = runner.invoke(main, ["audit", "--write-baseline", str(baseline), str(EXAMPLE)])
    assert written.exit_code == 0, written.output
    result = runner.invoke(
        main, ["audit", "--format", "html", "--baseline", str(baseline), str(EXAMPLE)]
    )
    assert result.exit_code == 0  # every finding is in the baseline
    findings = len(audit_path(EXAMPLE).findings)
    assert result.stdout.count(" data-baseline>") == findings
    assert f"{findings} findings, {findings} in the baseline" in result.stdout
