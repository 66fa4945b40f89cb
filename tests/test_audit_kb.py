"""kb/audit/knowledge_base.py and `claimkb audit --kb`: the SPARQL audit agrees with SHACL."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.audit.article import audit_path
from kb.audit.knowledge_base import audit_kb, rule_queries
from kb.audit.triage import fingerprint
from kb.cli import main
from kb.errors import ArticleNotStored
from kb.rdf.graph import article_iri
from kb.report.render import render
from kb.store import open_store

HERE = Path(__file__).parent
ARTICLES = HERE / "fixtures" / "articles"
EXAMPLE = HERE.parent / "examples" / "green-tea-memory.txt"
MY_RULES = HERE.parent / "examples" / "my-rules.ttl"
A = "https://w3id.org/claimkb/id/article/aaaa"
B = "https://w3id.org/claimkb/id/article/bbbb"
RULES = {
    "unsupported-claim",
    "overclaim",
    "dangling-marker",
    "uncited-reference",
    "evidence-conflict",
    "citation-needed",
    "covered-by-paragraph-citation",
    "placeholder-reference-list",
    "reference-list-cut-short",
    "unchecked-certainty",
    "causal-from-observational",
    "human-from-animal",
    "advice-from-weak",
    "weasel-attribution",
}


def article_paths() -> list[Path]:
    suffixes = (".txt", ".md", ".html", ".xml")
    return [p for p in sorted(ARTICLES.iterdir()) if p.suffix in suffixes] + [EXAMPLE]


@pytest.fixture(scope="module")
def shacl(tmp_path_factory: pytest.TempPathFactory):
    """The fixture articles audited one by one with pyshacl, and a KB holding their graphs."""
    results = {str(article_iri(r.graded.article)): r for r in map(audit_path, article_paths())}
    path = str(tmp_path_factory.mktemp("audit_kb") / "kb")
    with open_store(path) as store:
        store.keep_vocabulary()  # as ingest does: the lexicons' concepts are stored once, there
        for iri, result in results.items():
            store.replace_article(iri, result.graph)
    return path, results


@pytest.fixture(scope="module")
def hand_written(query_kb: str) -> str:
    return query_kb


def findings_of(audited) -> set[tuple]:
    return {
        (f.rule, a.iri, f.sentence_id, f.source_key, f.severity, f.message, f.line)
        for a in audited
        for f in a.findings
    }


def test_every_built_in_rule_has_a_query() -> None:
    assert set(rule_queries()) == RULES


def test_same_findings_as_the_shacl_audit(shacl) -> None:
    """Every article's findings, in report order, with the same messages and fingerprints."""
    path, results = shacl
    with open_store(path, read_only=True) as store:
        audited = {a.iri: a for a in audit_kb(store)}
    assert set(audited) == set(results)
    rules = {f.rule for result in results.values() for f in result.findings}
    assert rules >= {"unsupported-claim", "overclaim", "citation-needed", "dangling-marker"}
    for iri, result in results.items():
        assert audited[iri].findings == result.findings, iri
        assert [fingerprint(f, audited[iri].graded) for f in audited[iri].findings] == [
            fingerprint(f, result.graded) for f in result.findings
        ], iri


def test_a_list_cut_short_gives_the_findings_of_the_shacl_audit(tmp_path: Path) -> None:
    """One warning for the list, no dangling marker, and the same figures in its message."""
    from tests.test_audit import lighthouse_page

    page = tmp_path / "skerry.txt"
    page.write_text(lighthouse_page(2, 8), encoding="utf-8")
    result = audit_path(page)
    with open_store(str(tmp_path / "kb")) as store:
        store.replace_article(str(article_iri(result.graded.article)), result.graph)
        (audited,) = audit_kb(store)
    assert "reference-list-cut-short" in {f.rule for f in result.findings}
    assert audited.findings == result.findings


def test_unchecked_certainty_gives_the_findings_of_the_shacl_audit(tmp_path: Path) -> None:
    """A booster on a source naming no design: the same warning by SPARQL, no overclaim."""
    page = tmp_path / "seals.txt"
    page.write_text(
        "Harbour seals of the skerries\n\n"
        "Harbour seals definitely sleep underwater for short spells [1].\n\n"
        "References\n\n1. Lund P. Notes on seal rest. Coastal Review. 2011;4:12-19.\n",
        encoding="utf-8",
    )
    result = audit_path(page)
    with open_store(str(tmp_path / "kb")) as store:
        store.replace_article(str(article_iri(result.graded.article)), result.graph)
        (audited,) = audit_kb(store)
    assert [f.rule for f in result.findings] == ["unchecked-certainty"]
    assert audited.findings == result.findings


def test_same_findings_for_one_article(shacl) -> None:
    path, results = shacl
    iri, result = next(iter(results.items()))
    with open_store(path, read_only=True) as store:
        (audited,) = audit_kb(store, article=iri)
    assert audited.iri == iri
    assert audited.findings == result.findings


def test_rebuilt_articles_summarize_like_the_originals(shacl) -> None:
    from kb.report.model import summarize

    path, results = shacl
    with open_store(path, read_only=True) as store:
        audited = audit_kb(store)
    assert {a.iri for a in audited} == set(results)
    # the weasel words and peacock terms of the summary are rebuilt from the store too
    assert any(summarize(r).weasel_claims for r in results.values())
    assert any(summarize(r).peacock_claims for r in results.values())
    for item in audited:
        original = results[item.iri]
        assert summarize(item) == summarize(original)
        assert item.graded.grades == original.graded.grades
        assert [s.key for s in item.graded.sources] == [s.key for s in original.graded.sources]
        assert [s.cited_by for s in item.graded.sources] == [
            s.cited_by for s in original.graded.sources
        ]


def test_user_shapes_run_per_article(shacl) -> None:
    path, _ = shacl
    expected = {
        (f.rule, str(article_iri(r.graded.article)), f.sentence_id, f.source_key)
        for r in (audit_path(p, None, [MY_RULES]) for p in article_paths())
        for f in r.findings
    }
    with open_store(path, read_only=True) as store:
        got = {t[:4] for t in findings_of(audit_kb(store, extra_shapes=[MY_RULES]))}
    assert got == expected


EXPECTED = {
    ("unsupported-claim", A, "s1", None),
    ("unsupported-claim", A, "s5", None),
    ("unsupported-claim", B, "s2", None),
    ("overclaim", A, "s1", None),
    ("overclaim", A, "s3", None),
    ("citation-needed", A, "s5", None),
    ("dangling-marker", A, "s4", "9"),
    ("uncited-reference", A, None, "4"),
    ("evidence-conflict", A, None, "2"),
}


def test_findings_on_the_hand_written_kb(hand_written: str) -> None:
    with open_store(hand_written, read_only=True) as store:
        got = {t[:4] for t in findings_of(audit_kb(store))}
    assert got == EXPECTED


def test_unknown_article(hand_written: str) -> None:
    with open_store(hand_written, read_only=True) as store, pytest.raises(ArticleNotStored):
        audit_kb(store, article="https://w3id.org/claimkb/id/article/none")


def test_html_page_of_the_kb_audit_shows_what_the_file_audit_does(shacl) -> None:
    """The page of `audit --kb --format html` has every claim, with its highlight, and every
    finding, with its fingerprint, as the page of the files does; sentences stay apart."""
    path, results = shacl
    with open_store(path, read_only=True) as store:
        audited = sorted(audit_kb(store), key=lambda a: a.iri)
    files = [results[a.iri] for a in audited]

    def marks(page: str) -> tuple[list[str], list[str]]:
        claims = re.findall(r'<span class="claim (\S+)" id="(a\d+-s\d+)"', page)
        return sorted(map(str, claims)), sorted(re.findall(r'data-fingerprint="(\w+)"', page))

    page = render(audited, "html")
    assert marks(page) == marks(render(files, "html"))
    assert len(marks(page)[1]) == sum(len(r.findings) for r in files) > 0
    for number, item in enumerate(audited):
        body = page.split(f'<section class="article" id="a{number}"', 1)[1].split("</section>")[0]
        gaps = re.findall(r"</(?:span|strong)>([ \n])<(?:span|strong)", body)
        assert len(gaps) >= len(item.graded.article.sentences) - 1 > 0


@pytest.mark.parametrize("fmt", ["table", "md", "json", "jsonl", "html"])
def test_reports_print_a_kb_audit(hand_written: str, fmt: str) -> None:
    with open_store(hand_written, read_only=True) as store:
        text = render(audit_kb(store), fmt)
    assert "Tea and memory" in text or fmt == "jsonl"
    if fmt == "jsonl":
        assert len(text.splitlines()) == len(EXPECTED)
    if fmt == "json":
        articles = json.loads(text)["articles"]
        assert sum(len(a["findings"]) for a in articles) == len(EXPECTED)


def cli(*args: str):
    return CliRunner().invoke(main, ["audit", *args])


def test_cli_kb_audit(hand_written: str) -> None:
    result = cli("--kb", hand_written, "--format", "json")
    assert result.exit_code == 1  # overclaims and a dangling marker are violations
    findings = [f for a in json.loads(result.output)["articles"] for f in a["findings"]]
    assert len(findings) == len(EXPECTED)


def test_cli_kb_audit_as_a_page(hand_written: str) -> None:
    result = cli("--kb", hand_written, "--format", "html")
    assert result.exit_code == 1, result.output
    assert result.output.startswith("<!DOCTYPE html>")
    assert result.output.count('data-fingerprint="') == len(EXPECTED)


def test_cli_kb_from_the_environment_and_one_article(hand_written: str) -> None:
    result = CliRunner(env={"CLAIMKB_KB": hand_written}).invoke(
        main, ["audit", "--article", B, "--format", "json", "--fail-on", "never"]
    )
    assert result.exit_code == 0, result.output
    (article,) = json.loads(result.output)["articles"]
    assert {f["sentence"] for f in article["findings"]} == {"s2"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "shacl"], "table, json, jsonl, md"),
        ([str(EXAMPLE)], "not both"),
        (["--article", "https://w3id.org/claimkb/id/article/none"], "no article"),
    ],
)
def test_cli_kb_errors(hand_written: str, args: list[str], message: str) -> None:
    result = cli("--kb", hand_written, *args)
    assert result.exit_code == 2
    assert message in result.output


def test_cli_needs_articles_or_kb() -> None:
    result = cli()
    assert result.exit_code == 2
    assert "--kb" in result.output


# An encyclopaedic page whose covered claims hold a booster, a weasel and advice (issue 11).
BRIDGES = """# Dry-stone bridges

Dry-stone bridges are built without mortar. They are definitely the oldest bridges in the
region. Experts agree that the arches carry heavy carts. Most were built by farmers [1].

## History

The first bridges date from the twelfth century. Many were rebuilt after floods. Avoid the
parapets in winter. The village paid for the repairs [2].

| Bridge | Note |
|---|---|
| Low Force | It proves that arches outlast beams. |
| High Gill | It was widened in 1820 [2]. |

## References

1. Hill R. Stone bridges of the dales. 1998.
2. Moor T. Parish accounts. 2004.
"""


def test_strict_coverage_gives_the_findings_and_statuses_of_strict_grading(tmp_path) -> None:
    """`audit --kb --strict-coverage` reads covered claims as unsupported: the same findings and
    statuses as auditing the files with --strict-coverage, from a KB ingested without it."""
    bridges = tmp_path / "bridges.md"
    bridges.write_text(BRIDGES, encoding="utf-8")
    paths = [bridges, ARTICLES / "kombucha-wiki.html", ARTICLES / "drystone-wall-encyclopedia.html"]
    location = str(tmp_path / "kb")
    with open_store(location) as store:
        for path in paths:
            result = audit_path(path)
            store.replace_article(str(article_iri(result.graded.article)), result.graph)
    strict = {
        str(article_iri(r.graded.article)): r
        for r in (audit_path(p, strict_coverage=True) for p in paths)
    }
    expected = {
        (f.rule, iri, f.sentence_id, f.source_key, f.severity, f.message, f.line)
        for iri, result in strict.items()
        for f in result.findings
    }
    with open_store(location, read_only=True) as store:
        audited = audit_kb(store, strict_coverage=True)
        lenient = audit_kb(store)
    assert findings_of(audited) == expected
    rules = [f[0] for f in expected]
    assert "covered-by-paragraph-citation" not in rules
    assert {"overclaim", "weasel-attribution"} <= {f.rule for a in audited for f in a.findings} - {
        f.rule for a in lenient for f in a.findings if f.sentence_id in {"s3", "s4"}
    }
    for item in audited:
        assert item.graded.grades == strict[item.iri].graded.grades
    assert any(g.status == "covered" for a in lenient for g in a.graded.grades)


def test_cli_strict_coverage_with_the_knowledge_base(tmp_path) -> None:
    bridges = tmp_path / "bridges.md"
    bridges.write_text(BRIDGES, encoding="utf-8")
    location = str(tmp_path / "kb")
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", "--kb", location, str(bridges)]).exit_code == 0

    def rules(*options: str) -> list[str]:
        done = runner.invoke(main, ["audit", "--kb", location, "--format", "json", *options])
        assert done.exit_code == 1, done.output
        return [f["rule"] for a in json.loads(done.stdout)["articles"] for f in a["findings"]]

    lenient, strict = rules(), rules("--strict-coverage")
    covered = lenient.count("covered-by-paragraph-citation")
    assert covered == 5 and "covered-by-paragraph-citation" not in strict
    assert strict.count("unsupported-claim") == lenient.count("unsupported-claim") + covered


def test_every_rule_reading_a_status_lists_it_where_strict_coverage_can_add_covered() -> None:
    from kb.audit.knowledge_base import UNSUPPORTED_STATUSES

    for rule, sparql in rule_queries().items():
        if "ckb:unsupported" in sparql and rule != "covered-by-paragraph-citation":
            assert UNSUPPORTED_STATUSES in sparql, rule
