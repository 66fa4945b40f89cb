"""Triage like a linter: --select/--ignore, fingerprints, --baseline and --write-baseline."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.audit.article import audit_path
from kb.audit.triage import UnknownRule, chosen_rules, fingerprints_of
from kb.cli import main

RULES = ("unsupported-claim", "uncited-reference", "overclaim", "dangling-marker")

# Three uncited claims (one with two overclaims), two references nobody cites.
ARTICLE = """\
Walking and Sleep

Walking after dinner shortens the time it takes to fall asleep.
The evidence is clear that evening walks definitely improve sleep.
Daylight in the morning sets the body clock.

References

1. Okafor B. Evening walks and sleep onset: a randomized controlled trial. Sleep J. 2019.
2. Lund T. Daylight and circadian rhythm: a cohort study. Chrono Rev. 2018.
"""


def audit(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["audit", *args])
    return result.exit_code, result.stdout, result.stderr


def rules_of(stdout: str) -> list[str]:
    return [f["rule"] for a in json.loads(stdout)["articles"] for f in a["findings"]]


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "walking.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_select_takes_rules_and_prefixes_and_ignore_drops() -> None:
    assert chosen_rules(RULES) == frozenset(RULES)
    assert chosen_rules(RULES, ["unsupported"]) == {"unsupported-claim"}
    assert chosen_rules(RULES, ["un"]) == {"unsupported-claim", "uncited-reference"}
    assert chosen_rules(RULES, ["ALL"], ["un"]) == {"overclaim", "dangling-marker"}
    assert chosen_rules(RULES, [], ["overclaim"]) == set(RULES) - {"overclaim"}


def test_an_unknown_rule_lists_the_known_ones() -> None:
    with pytest.raises(UnknownRule, match="overclaim, uncited-reference, unsupported-claim"):
        chosen_rules(RULES, ["unsupported-claims"])


def test_cli_select_and_ignore(article: Path) -> None:
    code, out, _ = audit("--format", "json", str(article))
    assert {"unsupported-claim", "overclaim", "uncited-reference"} <= set(rules_of(out))
    code, out, _ = audit("--format", "json", "--select", "unsupported,uncited", str(article))
    assert set(rules_of(out)) == {"unsupported-claim", "uncited-reference"}
    assert code == 0  # the overclaim (a violation) is not selected
    code, out, _ = audit("--format=json", "--ignore=overclaim", "--ignore=un", str(article))
    assert rules_of(out) == []


def test_cli_unknown_rule_is_a_usage_error(article: Path) -> None:
    code, _, err = audit("--select", "overclaims", str(article))
    assert code == 2
    assert "'overclaims' names no audit rule" in err and "unsupported-claim" in err


def test_fingerprints_survive_moved_lines_and_differ_by_sentence(
    article: Path, tmp_path: Path
) -> None:
    before = fingerprints_of(audit_path(article))
    moved = tmp_path / "moved" / "walking.txt"
    moved.parent.mkdir()
    moved.write_text(ARTICLE.replace("\n\n", "\n\n\n\n", 1), encoding="utf-8")
    result = audit_path(moved)
    assert fingerprints_of(result) == before
    assert [f.line for f in result.findings] != [f.line for f in audit_path(article).findings]
    pairs = list(zip(before, result.findings, strict=True))
    unsupported = [p for p, f in pairs if f.rule == "unsupported-claim"]
    assert len(set(unsupported)) == len(unsupported) == 3
    overclaims = [p for p, f in pairs if f.rule == "overclaim"]
    assert len(overclaims) == 2 and len(set(overclaims)) == 1  # one sentence: counted


def test_a_fingerprint_hashes_rule_file_name_sentence_and_source(article: Path) -> None:
    """Each finding's print is read from its own sentence (looked up by id, once per article)."""
    result = audit_path(article)
    texts = {s.id: s.text for s in result.graded.article.sentences}
    expected = []
    for finding in result.findings:
        sentence = texts[finding.sentence_id] if finding.sentence_id else ""
        text = " ".join(sentence.casefold().split())
        fields = (finding.rule, "walking.txt", text, finding.source_key or "")
        expected.append(hashlib.sha256("\x1f".join(fields).encode()).hexdigest()[:16])
    assert fingerprints_of(result) == expected
    assert len(set(expected)) >= 4  # different sentences, different prints


def test_baseline_reports_only_new_findings(article: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "reviewed.json"
    code, out, err = audit("--write-baseline", str(baseline), str(article))
    assert code == 0 and out == ""
    assert "recorded" in err and str(baseline) in err
    recorded = json.loads(baseline.read_text("utf-8"))
    assert all(f["fingerprint"] for f in recorded["articles"][0]["findings"])

    code, out, _ = audit("--baseline", str(baseline), "--format", "json", str(article))
    assert code == 0 and rules_of(out) == []

    new_claim = "Napping late in the day delays sleep by an hour.\n"
    article.write_text(ARTICLE.replace("\nReferences", new_claim + "\nReferences"), "utf-8")
    code, out, _ = audit("--baseline", str(baseline), "--format", "json", str(article))
    assert rules_of(out) == ["unsupported-claim"]
    code, out, _ = audit("--baseline", str(baseline), str(article))
    assert "Napping late" in out and "evidence is clear" not in out


def test_a_bad_baseline_is_said(article: Path, tmp_path: Path) -> None:
    missing = tmp_path / "none.json"
    code, _, err = audit("--baseline", str(missing), str(article))
    assert code == 2 and "cannot read the baseline" in err
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"articles": [{"findings": [{"rule": "x"}]}]}', "utf-8")
    code, _, err = audit("--baseline", str(wrong), str(article))
    assert code == 2 and "fingerprints" in err


def test_kb_audit_shares_fingerprints_and_takes_a_baseline(article: Path, tmp_path: Path) -> None:
    from kb.rdf.graph import article_iri
    from kb.store import open_store

    result = audit_path(article)
    kb = str(tmp_path / "kb")
    with open_store(kb) as store:
        store.replace_article(str(article_iri(result.graded.article)), result.graph)
    baseline = tmp_path / "file-run.json"
    audit("--write-baseline", str(baseline), str(article))
    code, out, _ = audit("--kb", kb, "--format", "json", "--select", "unsupported")
    assert rules_of(out) == ["unsupported-claim"] * 3
    code, out, _ = audit("--kb", kb, "--format", "json", "--baseline", str(baseline))
    assert code == 0 and rules_of(out) == []


def test_the_readme_triage_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """README, "Triage": the three commands as written, with the outcomes it states."""
    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text("utf-8")
    section = readme.split("### Triage")[1].split("```sh")[1].split("```")[0]
    commands = [line.split("#")[0].split() for line in section.strip().splitlines()]
    monkeypatch.chdir(root)
    baseline = tmp_path / "reviewed.json"
    runs = []
    for command in commands:
        if command[:3] == ["uv", "run", "--frozen"]:
            command = command[3:]
        assert command[:2] == ["claimkb", "audit"]
        args = [str(baseline) if a == "reviewed.json" else a for a in command[2:]]
        runs.append(audit(*args))
    (code, out, _), (wcode, _, werr), (bcode, bout, _) = runs
    assert code == 1 and out.count("overclaim  ") == 4
    recorded = json.loads(baseline.read_text("utf-8"))["articles"][0]["findings"]
    assert wcode == 0 and f"recorded {len(recorded)} findings" in werr
    assert bcode == 0 and "No findings." in bout
