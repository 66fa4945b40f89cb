"""sources/coverage.py: own findings of research articles and sentences covered by citations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from claims.extract import extract_text
from kb.cli import main
from sources import grade
from sources.coverage import (
    is_encyclopaedic,
    is_research_article,
    reports_own_work,
    retells_a_work,
    section_role,
)

RESEARCH = """# Sleep and reaction time in shift workers

## Introduction

Night shifts disturb sleep [1]. Reaction time worsens with sleep loss.
Few studies measured it at work [2].

## Methods

Participants were recruited from two hospitals. Reaction time was measured with a handheld device.

## Results

Mean reaction time rose by 40 ms after a night shift. Table 2 shows the results by age.

## Discussion

We found that reaction time worsens after night shifts. Caffeine is widely used by shift workers.

## References

1. Akerstedt T. Shift work and disturbed sleep. Occup Med. 2003.
2. Lee K. Reaction time at work: a cohort study. J Occup Health. 2010.
"""

ENCYCLOPAEDIC = """# Kettle

A kettle is a vessel for boiling water. It is found in most kitchens.

## History

Early kettles were made of iron. Copper kettles became common later. They were often polished [1].

Electric kettles appeared in the 1890s [2]. Automatic switches came later.

| Type | Note |
|---|---|
| Stovetop | It sits on a hob. |
| Electric | It has a heating element [3]. |

## References

1. Smith A. Kitchen history. 2001.
2. Jones B. Electric appliances. 1999.
3. Brown C. Kettle designs. 2010.
"""


def statuses(text: str, **kwargs) -> dict[str, tuple[str, str]]:
    graded = grade(extract_text(text, "md"), **kwargs)
    by_id = {s.id: s.text for s in graded.article.sentences}
    return {by_id[g.sentence_id]: (g.status, g.reason) for g in graded.grades}


@pytest.mark.parametrize(
    ("heading", "role"),
    [
        ("Methods", "methods"),
        ("2. Materials and Methods", "methods"),
        ("Patients, Materials and Methods", "methods"),
        ("Experiment 2", "methods"),
        ("RESULTS", "results"),
        ("Results and Discussion", "results"),
        ("Conclusions", "conclusions"),
        ("Introduction", None),
        ("Discussion", None),
        ("Methods of brewing tea at home", None),
    ],
)
def test_section_roles(heading: str, role: str | None) -> None:
    assert section_role(heading) == role


@pytest.mark.parametrize(
    ("sentence", "own"),
    [
        ("We found that reaction time worsens.", True),
        ("Table 2 shows the results by age.", True),
        ("Participants were randomised to two groups.", True),
        ("In Study 1 the eye movements were coded.", True),
        ("The difference was significant (p < 0.01).", True),
        ("Caffeine is widely used by shift workers.", False),
        ("Night shifts disturb sleep.", False),
    ],
)
def test_own_work_phrases(sentence: str, own: bool) -> None:
    assert reports_own_work(sentence) is own


def test_a_research_article_reports_its_own_methods_and_results() -> None:
    article = extract_text(RESEARCH, "md")
    assert is_research_article(article) and not is_encyclopaedic(article)
    got = statuses(RESEARCH)
    for sentence in (
        "Participants were recruited from two hospitals.",
        "Reaction time was measured with a handheld device.",
        "Mean reaction time rose by 40 ms after a night shift.",
        "Table 2 shows the results by age.",
        "We found that reaction time worsens after night shifts.",
    ):
        assert got[sentence][0] == "own-finding", sentence
    assert "Methods" in got["Participants were recruited from two hospitals."][1]
    # background claims without a citation stay unsupported, in the Introduction and Discussion
    assert got["Reaction time worsens with sleep loss."] == ("unsupported", "it cites no source")
    assert got["Caffeine is widely used by shift workers."][0] == "unsupported"


def test_a_text_without_methods_and_results_has_no_own_findings() -> None:
    text = RESEARCH.replace("## Methods", "## Background").replace("## Results", "## Practice")
    assert "own-finding" not in {status for status, _ in statuses(text).values()}


def test_encyclopaedic_paragraph_lead_and_table_coverage() -> None:
    assert is_encyclopaedic(extract_text(ENCYCLOPAEDIC, "md"))
    got = statuses(ENCYCLOPAEDIC)
    status, reason = got["Early kettles were made of iron."]
    assert status == "covered" and "final sentence of its paragraph" in reason
    assert got["Copper kettles became common later."][0] == "covered"
    assert got["A kettle is a vessel for boiling water."][0] == "covered"  # the lead
    assert got["It sits on a hob."][0] == "covered"  # a table that cites in another cell
    # the paragraph ends without a citation: the citation before does not cover what follows
    assert got["Automatic switches came later."][0] == "unsupported"


def test_strict_coverage_makes_covered_sentences_unsupported() -> None:
    got = statuses(ENCYCLOPAEDIC, strict_coverage=True)
    assert got["Early kettles were made of iron."][0] == "unsupported"
    assert "covered" not in {status for status, _ in got.values()}


def test_personal_text_is_not_encyclopaedic() -> None:
    text = ENCYCLOPAEDIC.replace("Early kettles", "You may know that early kettles")
    text = text.replace("It is found", "We find it").replace("Copper kettles", "Our kettles")
    assert not is_encyclopaedic(extract_text(text, "md"))
    assert statuses(text)["Electric kettles appeared in the 1890s [2]."][0] != "covered"


def test_citation_needed_is_never_covered() -> None:
    text = ENCYCLOPAEDIC.replace(
        "Copper kettles became common later.",
        "Copper kettles became common later.[citation needed]",
    )
    got = statuses(text)
    (status,) = {s for sentence, (s, _) in got.items() if sentence.startswith("Copper")}
    assert status == "unsupported"


def test_audit_reports_covered_sentences_as_info_and_strict_coverage_as_warnings(tmp_path) -> None:
    path = tmp_path / "kettle.md"
    path.write_text(ENCYCLOPAEDIC, encoding="utf-8")
    runner = CliRunner()

    def rules(*options: str) -> list[str]:
        result = runner.invoke(main, ["audit", "--format", "json", *options, str(path)])
        assert result.exit_code in (0, 1), result.output
        (article,) = json.loads(result.output)["articles"]
        return [f["rule"] for f in article["findings"]]

    lenient, strict = rules(), rules("--strict-coverage")
    covered = lenient.count("covered-by-paragraph-citation")
    assert covered == 5
    assert strict.count("covered-by-paragraph-citation") == 0
    assert strict.count("unsupported-claim") == lenient.count("unsupported-claim") + covered


def test_json_gives_each_status_its_reason(tmp_path) -> None:
    path = tmp_path / "kettle.md"
    path.write_text(ENCYCLOPAEDIC, encoding="utf-8")
    result = CliRunner().invoke(main, ["audit", "--format", "json", str(path)])
    (article,) = json.loads(result.output)["articles"]
    claims = [s for s in article["sentences"] if s["kind"] == "claim"]
    assert all(s["status_reason"] for s in claims)
    covered = next(s for s in claims if s["text"] == "Early kettles were made of iron.")
    final = next(s for s in claims if s["text"].startswith("They were often polished"))
    assert covered["covered_by"] == final["id"]
    assert article["summary"]["by_status"]["covered"] == 5


def test_strict_coverage_with_the_knowledge_base_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["audit", "--kb", "somewhere", "--strict-coverage"])
    assert result.exit_code == 2
    assert "--strict-coverage" in result.output


def test_a_wrapped_markdown_paragraph_is_one_paragraph() -> None:
    text = ENCYCLOPAEDIC.replace(
        "Copper kettles became common later. ", "Copper kettles became\ncommon later.\n"
    )
    got = statuses(text)
    assert got["Early kettles were made of iron."][0] == "covered"


def test_an_author_line_at_the_top_makes_a_text_personal() -> None:
    byline = ENCYCLOPAEDIC.replace("# Kettle\n", "# Kettle\n\nBy Ann Smith\n")
    assert not is_encyclopaedic(extract_text(byline, "md"))


@pytest.mark.parametrize(
    ("heading", "retells"),
    [
        ("Plot", True),
        ("2. Synopsis", True),
        ("Episodes", True),
        ("History", False),
        ("Plot summaries in film criticism", False),
    ],
)
def test_sections_that_retell_a_work(heading: str, retells: bool) -> None:
    assert retells_a_work(heading) is retells


def test_a_plot_section_is_covered_by_the_work_it_retells() -> None:
    text = ENCYCLOPAEDIC.replace(
        "## References",
        "## Plot\n\nA kettle falls in love with a teapot. They elope.\n\n## References",
    )
    status, reason = statuses(text)["A kettle falls in love with a teapot."]
    assert status == "covered" and "Plot" in reason


def test_a_paragraph_on_the_studys_limitations_reports_its_own_methods() -> None:
    text = RESEARCH.replace(
        "Caffeine is widely used by shift workers.",
        "Caffeine is widely used by shift workers.\n\nOur study has limitations. "
        "The device was worn for one week only. Shifts differ between hospitals.",
    )
    got = statuses(text)
    assert got["The device was worn for one week only."][0] == "own-finding"
    assert "limitations" in got["Shifts differ between hospitals."][1]
    assert got["Caffeine is widely used by shift workers."][0] == "unsupported"


SEED = Path(__file__).resolve().parents[2] / "shared" / "examples" / "b12-nerve-inflammation.txt"


@pytest.mark.skipif(not SEED.exists(), reason="needs ../shared/examples")
def test_the_seed_like_articles_placeholder_list_is_one_warning_and_no_sources() -> None:
    from kb.audit.article import audit_path

    result = audit_path(SEED)
    graded = result.graded
    cited = {key for s in graded.article.sentences if s.kind != "reference" for key in s.keys}
    assert {source.key for source in graded.sources} == cited  # bare numbers are no sources
    assert graded.placeholder_references > 0
    warnings = [f for f in result.findings if f.rule == "placeholder-reference-list"]
    assert len(warnings) == 1 and warnings[0].severity == "warning"
    assert not [f for f in result.findings if f.rule in ("dangling-marker", "uncited-reference")]
