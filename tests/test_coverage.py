"""sources/coverage.py: own findings of research articles and sentences covered by citations."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from claims.extract import extract_text
from kb.cli import main
from sources import grade
from sources.coverage import (
    _FINDING,
    _PERSONAL,
    _THIRD_PERSON,
    _own_discussion,
    is_encyclopaedic,
    is_research_article,
    reports_own_work,
    retells_a_work,
    section_role,
)
from sources.cue_files import named_rows, words

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
        ("By Eq. (4), the phase grows linearly.", True),
        ("Theorem 2 follows from Lemma 1.", True),
        ("By Remark 3, the front cannot move upstream.", True),
        ("We model the density by a diffusion equation.", True),
        ("We assume that the weir holds the density at zero.", True),
        ("The fit had a mean absolute error of 7.4 m per week.", True),
        ("A mean error is hard to read without its units.", False),
        ("Assumption 2 holds on every canal.", True),
        ("The spectrum is discrete by equation 3b.", True),
        ("Caffeine is widely used by shift workers.", False),
        ("Night shifts disturb sleep.", False),
        # "we" with any past tense, "our" with up to two modifiers
        ("Using a knockout line, we selectively silenced both genes.", True),
        ("Our field-grown seedling data show the same trend.", True),
        ("Comparing our exact solutions with the series confirms the bound.", True),
        ("Their recent field findings show the same trend.", False),
        ("Wedged between two plates, the crystal cracked.", False),
        ("In clinics we usually need a second scan to date a lesion.", False),
        ("Growth charts, we agreed, exceed what a nurse can read.", True),
        # an experiment or method of its own as the evidence, not others' nor across a clause
        ("Confocal microscopy further confirmed that the dye sits in the vesicles.", True),
        ("Further knockdown experiments in oocytes showed that the spindle fails.", True),
        ("Previous experiments showed that the spindle fails.", False),
        ("Their knockout mice showed that the spindle fails.", False),
        ("Experiments are costly, and reviews show that funding fell.", False),
        # the authors' reasoning and auxiliaries (session 12), not the general "we"
        ("We explain the spring peak by the thaw of the upper pond.", True),
        ("We have demonstrated that the weir, not the slope, sets the speed.", True),
        ("Thus we attribute the slower fronts to colder water.", True),
        ("We do not see any change between the two winters.", True),
        ("In wetter years we would expect fewer crossings.", True),
        ("We therefore filmed each gap for ten nights.", True),
        ("As we know, otters avoid polluted rivers.", False),
        ("We need better maps of every pond in the county.", False),
        ("When we breathe cold air, the airways narrow.", False),
        ("Our current knowledge of pond snails rests on two surveys.", False),
        # "our" with a noun of method or reasoning; the present studies; reading a figure
        ("Second, our use of one camera per gap missed the ends.", True),
        ("Taken together, the present surveys show that width matters.", True),
        ("The current trials do not show a benefit over calorie counting.", False),
        ("As one can see, the counts double in July.", True),
        ("To the best of our knowledge, this is the first count of its kind.", True),
        ("This is the first study to count newts at night.", True),
        ("The knockout lines produced here will be useful reagents.", True),
        ("This is the first pond to dry out since 1976.", False),
        ("This review shows that rinses ease symptoms a little.", True),
        ("Our meta-analysis has two limitations.", True),
        # the present tense of what a paper does (session 13)
        ("First, we develop an index of flower supply.", True),
        ("Second, we relate the visits to the cutting dates.", True),
        ("When we develop a habit, it sticks.", False),
        ("Across nine trials, rinsing eased symptoms a little.", True),
        ("Across the county, ponds dried out early.", False),
        # session 14: "our" with a tool or a reading of its own; a result with the verb first
        ("This supported our impression that the questions were clear.", True),
        ("Implementation of our TRIPS assay allowed the detection of the peaks.", True),
        ("Our planet is warming faster than expected.", False),
        ("Using a simple model, we systematically explore these issues.", True),
        ("The two scanners differed significantly in their noise.", True),
        ("The two scanners differ in their noise.", False),
        ("Infection lowered many genes (Tables S1A & S1C).", True),
        ("Several panels of the mural have faded.", False),
        ("Rather, a separable form reflects our intuition that the scale is uniform.", True),
        ("Its timing led us to speculate that the protein binds red cells.", True),
        ("The storm led the council to close the road.", False),
    ],
)
def test_own_work_phrases(sentence: str, own: bool) -> None:
    assert (reports_own_work(sentence) is not None) is own


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


#: A theoretical paper in JATS: no Methods or Results section, its own work said in its words.
THEORY_JATS = """<article><front><article-meta><title-group><article-title>Phases of a driven
oscillator</article-title></title-group></article-meta></front><body>
<sec><title>Introduction</title>
<p>Oscillators with a mass that changes in time describe many physical systems.
Invariant operators have proven effective for such systems
<xref ref-type="bibr" rid="r1">[1]</xref>.
In this paper, we demonstrate that the wave functions take a closed form.</p></sec>
<sec><title>Solving the invariant equation</title>
<p>The invariant is quadratic in the momentum.
It is, of course, well suited to the boundary condition of Eq. (4).
Theorem 2 follows from Lemma 1 without further assumptions.</p></sec>
<sec><title>Conclusion</title><p>The phase clearly grows without bound.</p></sec>
</body><back><ref-list><ref id="r1"><mixed-citation>Doe A. Invariants of motion. J Phys. 1999.
</mixed-citation></ref></ref-list></back></article>"""

#: A review with an Abstract heading, in Markdown: its own words are its own findings.
REVIEW_MD = """# Reading glasses and eye strain: a review

## Abstract

We found no trial that measured strain after a full working day.

## Background

Reading glasses are sold without prescription in many countries [1].
Eye strain certainly worsens with screen use.

## References

1. Roe B. Over-the-counter optics. 2015.
"""


def test_a_paper_without_methods_and_results_reports_its_own_work_in_its_words(tmp_path) -> None:
    """A theoretical paper or a review has no Methods or Results, but says what it showed."""
    article = extract_text(THEORY_JATS, "jats")
    assert not is_research_article(article)
    graded = grade(article)
    by_id = {s.id: s.text for s in article.sentences}
    got = {by_id[g.sentence_id]: g.status for g in graded.grades}
    for own in (
        "In this paper, we demonstrate that the wave functions take a closed form.",
        "It is, of course, well suited to the boundary condition of Eq. (4).",
        "Theorem 2 follows from Lemma 1 without further assumptions.",
    ):
        assert got[own] == "own-finding", own
    # background without a citation, and an uncited boast in its conclusion, stay unsupported
    assert got["Oscillators with a mass that changes in time describe many physical systems."] == (
        "unsupported"
    )
    assert got["The phase clearly grows without bound."] == "unsupported"
    review = statuses(REVIEW_MD)
    assert review["We found no trial that measured strain after a full working day."][0] == (
        "own-finding"
    )
    assert review["Eye strain certainly worsens with screen use."][0] == "unsupported"
    # the same words in a blog post (no Abstract, not JATS) are not a paper's own work
    blog = statuses(REVIEW_MD.replace("## Abstract\n", ""))
    assert blog["We found no trial that measured strain after a full working day."][0] == (
        "unsupported"
    )
    # so the audit flags the uncited boost, not the paper's own demonstration
    path = tmp_path / "theory.xml"
    path.write_text(THEORY_JATS, encoding="utf-8")
    result = CliRunner().invoke(main, ["audit", "--format", "json", str(path)])
    (report,) = json.loads(result.output)["articles"]
    overclaims = [f["message"] for f in report["findings"] if f["rule"] == "overclaim"]
    assert overclaims and all('"clearly"' in m or '"proven"' in m for m in overclaims), overclaims


#: An opinion column: "we" and "our" of the writer and the readers, no paper's own work.
COLUMN_MD = """# Why the ferry timetable must change

By Ines Marlow

We wanted answers from the council, so we agreed to wait one more winter.
Our long-suffering island results show that the ferry is late every other day.
The harbour board blamed the tides [1].

## Sources

1. Harbour board minutes, March 2024.
"""


def test_we_and_our_outside_a_paper_are_no_own_findings() -> None:
    """Own-work phrases ("we agreed", "our ... results") apply in papers only."""
    column = statuses(COLUMN_MD)
    for sentence in (
        "We wanted answers from the council, so we agreed to wait one more winter.",
        "Our long-suffering island results show that the ferry is late every other day.",
    ):
        assert reports_own_work(sentence)
        assert column[sentence][0] == "unsupported", sentence
    # under an Abstract heading the same words are a paper's own work
    paper = statuses(COLUMN_MD.replace("By Ines Marlow\n", "## Abstract\n"))
    wanted = "We wanted answers from the council, so we agreed to wait one more winter."
    assert paper[wanted][0] == "own-finding"


def test_encyclopaedic_paragraph_lead_and_table_coverage() -> None:
    assert is_encyclopaedic(extract_text(ENCYCLOPAEDIC, "md"))
    got = statuses(ENCYCLOPAEDIC)
    status, reason = got["Early kettles were made of iron."]
    assert status == "covered" and "final sentence of its paragraph" in reason
    assert got["Copper kettles became common later."][0] == "covered"
    assert got["A kettle is a vessel for boiling water."][0] == "covered"  # the lead
    # a table whose rows cite covers a cell by its own row's citation only
    assert got["It sits on a hob."][0] == "unsupported"
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
    assert covered == 4  # the lead's two sentences, two of a paragraph (not the hob: its row)
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
    assert article["summary"]["by_status"]["covered"] == 4


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


# A table of films whose rows cite their own reviews; the second row cites nothing.
_FILM_ROWS = [
    ("Red Pier", "A fisherman loses his boat in a storm.", "He rebuilds it with his son. [2]"),
    ("Low Tide", "Two sisters inherit a failing hotel.", "The hotel burns down in the last act."),
]
_FILM_LEAD = "Ann Doe is a director of short films [1]. She lives near the coast [1]."
_FILM_REFS = ["Smith J. Directors of the coast. 2001.", "Lee K. Red Pier reviewed. Film J. 2000."]


def _films(fmt: str) -> str:
    """Return the films article in ``fmt``: the same table in each format's own markup."""
    if fmt == "md":
        rows = "\n".join(f"| {t} | {a} {b} |" for t, a, b in _FILM_ROWS)
        refs = "\n".join(f"{n}. {r}" for n, r in enumerate(_FILM_REFS, 1))
        return (
            f"# Films of Ann Doe\n\n{_FILM_LEAD}\n\n## Films\n\n| Title | Synopsis |\n"
            f"|---|---|\n{rows}\n\n## References\n\n{refs}\n"
        )
    if fmt == "txt":
        rows = "\n".join(f"{t}\t{a} {b}" for t, a, b in _FILM_ROWS)
        refs = "\n".join(f"{n}. {r}" for n, r in enumerate(_FILM_REFS, 1))
        return (
            f"Films of Ann Doe\n\n{_FILM_LEAD}\n\nFilms\n\nTitle\tSynopsis\n{rows}\n\n"
            f"References\n\n{refs}\n"
        )
    cite = {
        "html": '<sup><a href="#r{0}">[{0}]</a></sup>',
        "jats": '<xref ref-type="bibr" rid="r{0}">[{0}]</xref>',
    }[fmt]

    def cited(text: str) -> str:
        return text.replace(" [1]", cite.format(1)).replace(" [2]", cite.format(2))

    rows = "".join(f"<tr><td>{t}</td><td>{cited(a + ' ' + b)}</td></tr>" for t, a, b in _FILM_ROWS)
    table = f"<table><tr><th>Title</th><th>Synopsis</th></tr>{rows}</table>"
    if fmt == "html":
        refs = "".join(f'<li id="r{n}">{r}</li>' for n, r in enumerate(_FILM_REFS, 1))
        return (
            "<html><head><title>Films of Ann Doe</title></head><body><h1>Films of Ann Doe</h1>"
            f"<p>{cited(_FILM_LEAD)}</p><h2>Films</h2>{table}"
            f"<h2>References</h2><ol>{refs}</ol></body></html>"
        )
    refs = "".join(
        f'<ref id="r{n}"><mixed-citation>{r}</mixed-citation></ref>'
        for n, r in enumerate(_FILM_REFS, 1)
    )
    return (
        "<article><front><article-meta><title-group><article-title>Films of Ann Doe"
        "</article-title></title-group></article-meta></front><body>"
        f"<p>{cited(_FILM_LEAD)}</p><sec><title>Films</title>"
        f"<table-wrap><table>{table[7:-8]}</table></table-wrap></sec></body>"
        f"<back><ref-list>{refs}</ref-list></back></article>"
    )


@pytest.mark.parametrize("fmt", ["md", "txt", "html", "jats"])
def test_a_table_whose_rows_cite_covers_each_row_by_its_own_citation(fmt: str) -> None:
    """Issue 11: coverage by row, not by table: a synopsis in a row that cites nothing is an
    unsupported claim, even when the row above cites its source."""
    graded = grade(extract_text(_films(fmt), fmt))
    texts = {s.id: s.text for s in graded.article.sentences}
    got = {texts[g.sentence_id]: (g.status, g.reason) for g in graded.grades}
    status, reason = got["A fisherman loses his boat in a storm."]
    assert status == "covered" and "its row cites" in reason, (fmt, got)
    assert got["Two sisters inherit a failing hotel."][0] == "unsupported", (fmt, got)
    assert got["The hotel burns down in the last act."][0] == "unsupported", (fmt, got)


def test_a_citation_in_a_header_cell_covers_the_whole_table() -> None:
    text = _films("md").replace("| Title | Synopsis |", "| Title | Synopsis [2] |")
    got = statuses(text)
    status, reason = got["Two sisters inherit a failing hotel."]
    assert status == "covered" and "the table cites" in reason


OPINION_MD = """# Why our village needs its hedges back

By Corin Hale

We have demonstrated, year after year, that the parish council ignores the hedges. As one can
see from any footpath, the gaps grow wider every spring. We attribute the silence of the lanes
to the loss of the dormice. Taken together, the present surveys show that the hedges are dying.
Our use of the lanes has never been safer, the council says.
"""

ENCYCLOPAEDIC_WE = """# Hedgerow

A hedgerow is a line of closely spaced shrubs. We attribute the oldest hedges to the Bronze Age.
Many hedges were removed after 1950. As one can see in old maps, field sizes grew [1].

## References

1. Pollard E. Hedges. 1974.
"""


def test_own_work_words_give_no_exemption_outside_a_paper() -> None:
    """The authors' first person, "our use of", "the present surveys" and "As one can see" are
    a paper's own work; in an opinion column or an encyclopaedia they stay unsupported."""
    column = statuses(OPINION_MD)
    for sentence, (status, _) in column.items():
        assert status == "unsupported", sentence
    assert len(column) == 5
    page = statuses(ENCYCLOPAEDIC_WE, strict_coverage=True)
    assert page["We attribute the oldest hedges to the Bronze Age."][0] == "unsupported"


DIGEST_MD = """# Newts and fish in farm ponds

## Abstract

We counted great crested newts in 40 farm ponds.

## Editors' summary

Researchers have long argued that fish eat newt eggs. Ponds are home to many amphibians.

Here, the researchers counted newts in 40 ponds with and without fish.
They found half as many newts where fish lived.

## Introduction

Newts breed in small ponds [1].

## References

1. Oldham R. Newt ponds. 2000.
"""


def test_a_lay_summary_reports_the_papers_authors_in_the_third_person() -> None:
    """An editors' summary or eLife digest speaks of the paper's authors as "the researchers",
    "they", "Name et al.": those reports are its own findings; researchers in general are not."""
    graded = statuses(DIGEST_MD)
    assert graded["Here, the researchers counted newts in 40 ponds with and without fish."][0] == (
        "own-finding"
    )
    assert graded["They found half as many newts where fish lived."][0] == "own-finding"
    assert graded["Researchers have long argued that fish eat newt eggs."][0] == "unsupported"
    assert graded["Ponds are home to many amphibians."][0] == "unsupported"


RINSE_REVIEW_MD = """# Rinses

## Abstract

We pooled nine trials.

## Introduction

A Cochrane review pooled three trials of rinses [1]. This review found no clear benefit.
A large cohort followed rinse users for a year [2]. These results show fewer infections.

## Discussion

This review shows a small benefit.

## References

1. Kemp A. Saline irrigation: a Cochrane systematic review. 2015.
2. Jarvis L. Rinse users: a prospective cohort study. 2012.
"""


def test_this_study_after_a_citing_sentence_is_the_cited_one() -> None:
    """ "This review found" right after a sentence citing a review points back to it; "This
    review shows" with no citation before it, and "These results", are the paper's own."""
    graded = statuses(RINSE_REVIEW_MD)
    assert graded["This review found no clear benefit."][0] == "supported"
    assert graded["These results show fewer infections."][0] == "own-finding"
    assert graded["This review shows a small benefit."][0] == "own-finding"


DISCUSSION = """# Verge cutting and bumblebees

## Methods

Each verge was walked once a fortnight.

## Results

Visits were highest on verges cut once.

## Discussion

We found that visits doubled where verges were cut once a year. Visits were also higher on
verges that faced south. This confirms that late cutting leaves more forage.

Late cutting raises the seed set of knapweed [1]. Furthermore, carder bees were common on
every transect. Bumblebees forage up to 1.5 km from their nests.

Verge cutting was first done by machine in the 1950s. Clover was thought to be the key plant.
If verges were cut in May, bees would starve.
Previously, verges were cut four times a year. It was shown that verges hold many flowers.

## Introduction to verges

Verges were cut four times a year in most counties.

## References

1. Sowerby L. Cutting date and seed set of knapweed. 2021.
"""


def test_a_research_articles_discussion_restates_its_own_results_in_the_past_tense() -> None:
    got = statuses(DISCUSSION)
    for sentence in (
        "Visits were also higher on\nverges that faced south.",
        "Furthermore, carder bees were common on\nevery transect.",
        "This confirms that late cutting leaves more forage.",
    ):
        assert got[sentence][0] == "own-finding", sentence
    assert "past-tense report" in got["Visits were also higher on\nverges that faced south."][1]
    # background in the present tense, a dated or attributed past, outside the Discussion
    for sentence in (
        "Bumblebees forage up to 1.5 km from their nests.",
        "Verge cutting was first done by machine in the 1950s.",
        "Clover was thought to be the key plant.",
        "Previously, verges were cut four times a year.",
        "It was shown that verges hold many flowers.",
        "Verges were cut four times a year in most counties.",
    ):
        assert got[sentence][0] == "unsupported", sentence


def test_past_tense_outside_a_research_article_is_no_own_finding() -> None:
    text = DISCUSSION.replace("## Methods", "## Verges").replace("## Results", "## Counts")
    got = statuses(text)
    assert got["Furthermore, carder bees were common on\nevery transect."][0] == "unsupported"


def test_results_summarised_between_own_findings_are_own_and_background_stays() -> None:
    text = """# Seals and boats

## Introduction

Seals rest on tidal rocks [1]. Tour boats now visit most lochs in summer.

We find that counts fall once ten boats pass in a day. Following Garvie [1], we read this as
disturbance. The fall is largest near the boat channel. Seals are known to moult in late
summer. Seal numbers have declined since 2000. It is not clear how boats affect pups. From
anecdotal reports, jet skis flush seals. Finally, we do not find any effect of kayaks.

We sampled seals on twelve rocks. Pups are born in June. We also used a tide table.

We find that counts rise in June. Boats disturb seals [1]. Grey seals haul out on sand. We
also found more seals on rising tides.

## Methods

Seals were counted hourly.

## Results

The mean count was 41.

## References

1. Garvie L. Boat disturbance of resting seals. Coast Ecol. 2012.
"""
    got = {" ".join(k.split()): v for k, v in statuses(text).items()}
    status, reason = got["The fall is largest near the boat channel."]
    assert status == "own-finding" and "between the paper's own findings" in reason
    for background in (
        "Tour boats now visit most lochs in summer.",  # before the summary
        "Seals are known to moult in late summer.",  # common knowledge
        "Seal numbers have declined since 2000.",  # a dated, perfect past
        "It is not clear how boats affect pups.",  # a gap in what is known
        "From anecdotal reports, jet skis flush seals.",  # hearsay
        "Pups are born in June.",  # between methods, not findings
        "Grey seals haul out on sand.",  # a citing sentence of others' work between
    ):
        assert got[background][0] == "unsupported", background
    # outside a research article (no Methods and Results) the rule does not apply
    bare = statuses(text.split("## Methods")[0])
    bare = {" ".join(k.split()): v for k, v in bare.items()}
    assert bare["The fall is largest near the boat channel."][0] == "unsupported"


DISCUSSION_PAST_VERBS = """# Peptides and pain

## Methods

Rats were tested on a hotplate.

## Results

The peptide lowered pain scores.

## Discussion

We found that the peptide was effective. Intrathecal peptide blocked pain for several hours.
The mutant accumulated mutations in all three segments. The two scanners differed significantly.
No rats had to be excluded, and all were tested twice.

Reduced sleep is linked to pain. Rats with reduced sleep gain weight. Darwin showed that finches
vary. Pain scores dropped across Europe in 1990. Earlier surveys recorded similar falls.

In conclusion, the peptide relieves pain in rats. In conclusion, it is not clear whether the
peptide reaches the brain.

## References

1. Harkness P. Pain in rats. 2004.
"""


def test_a_discussion_restates_its_results_with_a_past_verb_and_concludes() -> None:
    got = {" ".join(k.split()): v for k, v in statuses(DISCUSSION_PAST_VERBS).items()}
    for own in (
        "Intrathecal peptide blocked pain for several hours.",
        "The mutant accumulated mutations in all three segments.",
        "The two scanners differed significantly.",
        "No rats had to be excluded, and all were tested twice.",  # "had to": no perfect
        "In conclusion, the peptide relieves pain in rats.",
    ):
        assert got[own][0] == "own-finding", own
    assert "past-tense report" in got["The mutant accumulated mutations in all three segments."][1]
    assert "conclusion" in got["In conclusion, the peptide relieves pain in rats."][1]
    for background in (
        "Reduced sleep is linked to pain.",  # an adjective, a present tense
        "Rats with reduced sleep gain weight.",  # an adjective after a preposition
        "Darwin showed that finches vary.",  # someone else's work
        "Pain scores dropped across Europe in 1990.",  # a dated past
        "Earlier surveys recorded similar falls.",  # an attributed past
        "In conclusion, it is not clear whether the peptide reaches the brain.",  # a gap
    ):
        assert got[background][0] == "unsupported", background
    # outside a research article's Discussion the verbs are no report of its own
    text = DISCUSSION_PAST_VERBS.replace(
        "## Discussion", "## Introduction\n\nThe mutant accumulated mutations.\n\n## Discussion"
    )
    assert statuses(text)["The mutant accumulated mutations."][0] == "unsupported"


DISCUSSION_RESULT_VERBS = """# Peptide binding

## Methods

Peptides were screened on cells.

## Results

Two peptides lowered pain scores.

## Discussion

The screen identified two new binding sites. The peptide bound the channel in every cell line.
The mutant replicated as fast as the wild type. Insulin stimulated glucose uptake in all groups.
Each clone contained a single insert. The method proved robust across batches.
The screen identified new and confirmed previously described binding sites.

Genes bound by the factor are silenced. Earlier screens identified one binding site. Hartley
detected the channel in 1998. Toxins bound to membranes have long half-lives. Hartley
previously identified the channel. The site was previously identified by Hartley.

## References

1. Hartley P. The sodium channel. 1999.
"""


def test_a_discussion_restates_results_with_the_past_verbs_of_results() -> None:
    # the simple past of results that own-results sentences use ("identified", "bound",
    # "replicated", "stimulated", "contained", "proved"): a Discussion's restatement of its own
    got = {" ".join(k.split()): v for k, v in statuses(DISCUSSION_RESULT_VERBS).items()}
    for own in (
        "The screen identified two new binding sites.",
        "The peptide bound the channel in every cell line.",
        "The mutant replicated as fast as the wild type.",
        "Insulin stimulated glucose uptake in all groups.",
        "Each clone contained a single insert.",
        "The method proved robust across batches.",
        # "previously" dates the sites named, not the report
        "The screen identified new and confirmed previously described binding sites.",
    ):
        status, reason = got[own]
        assert status == "own-finding" and "past-tense report" in reason, own
    for background in (
        "Genes bound by the factor are silenced.",  # a participle, a present tense
        "Earlier screens identified one binding site.",  # an attributed past
        "Hartley detected the channel in 1998.",  # a dated past
        "Toxins bound to membranes have long half-lives.",  # a perfect, a present
        "Hartley previously identified the channel.",  # a dated past
        "The site was previously identified by Hartley.",  # a dated, attributed past
    ):
        assert got[background][0] == "unsupported", background


def test_an_enumeration_of_own_findings_is_own_and_one_of_cited_points_stays() -> None:
    text = """# Moths and lamps

## Methods

Traps were run on 20 nights.

## Results

Amber traps caught fewer moths.

## Discussion

First, we find no effect of garden size. Second, lamp colour matters more than lamp height.
Third, amber traps catch fewer wasps. Finally, moths are known to avoid wind.

First, hedges shelter moths from wind [1]. Second, gardens with ponds hold more moths.

## References

1. Pascoe A. Hedgerow shelter. 2018.
"""
    got = {" ".join(k.split()): v for k, v in statuses(text).items()}
    for own in (
        "Second, lamp colour matters more than lamp height.",
        "Third, amber traps catch fewer wasps.",
    ):
        status, reason = got[own]
        assert status == "own-finding" and "enumeration" in reason, own
    assert got["Finally, moths are known to avoid wind."][0] == "unsupported"  # common knowledge
    assert got["Second, gardens with ponds hold more moths."][0] == "unsupported"


ESSAY = """# Les magazines citent-ils leurs sources ?

Les lecteurs font davantage confiance à un article qui nomme ses sources.
Les magazines touchent un million de lecteurs [1].

## {method}

Nous avons dépouillé 318 articles parus entre 2015 et 2020. Les brèves ont été écartées.

## Un problème de format

Nous montrons que la maquette pèse plus que les journalistes. Les pages imprimées laissent peu
de place aux notes. Notre recherche gagnerait à nommer ses sources.

## Références

1. Lemaire P. La presse scientifique en France. 2015.
"""


@pytest.mark.parametrize(
    ("heading", "role"),
    [
        ("Méthodologie de notre enquête", "study"),
        ("Résultats de notre étude", "study"),
        ("Methodik unserer Untersuchung", "study"),
        ("Our methodology", "study"),
        ("How we did this", "study"),
        ("Méthodologie", None),
        ("Présentation globale des résultats", None),
    ],
)
def test_a_heading_naming_the_writers_own_study(heading: str, role: str | None) -> None:
    assert section_role(heading) == role


def test_an_essay_with_a_section_on_its_own_study_reports_its_own_work() -> None:
    """Policy (README, "Claim statuses"): a text with a section on its own study is read as a
    paper, in any language; without one, its "nous avons dépouillé" stays unsupported."""
    found = statuses(ESSAY.format(method="Méthodologie de notre enquête"))
    assert found["Nous avons dépouillé 318 articles parus entre 2015 et 2020."][0] == "own-finding"
    assert found["Les brèves ont été écartées."][0] == "own-finding"  # under the section
    assert found["Nous montrons que la maquette pèse plus que les journalistes."][0] == (
        "own-finding"
    )
    # background, and "notre recherche" (the writer's field), stay unsupported
    assert found["Les lecteurs font davantage confiance à un article qui nomme ses sources."][
        0
    ] == ("unsupported")
    assert found["Notre recherche gagnerait à nommer ses sources."][0] == "unsupported"
    without = statuses(ESSAY.format(method="Un dépouillement"))
    assert without["Nous avons dépouillé 318 articles parus entre 2015 et 2020."][0] == (
        "unsupported"
    )
    assert without["Nous montrons que la maquette pèse plus que les journalistes."][0] == (
        "unsupported"
    )


@pytest.mark.parametrize("word", words("own_findings.tsv", "before-adjective"))
def test_an_ed_word_after_each_word_of_the_cue_file_is_no_finite_verb(word: str) -> None:
    past = _own_discussion()[0]
    assert re.fullmatch(r"[a-z]+", word), "a look-behind per plain word"
    assert past.search("Rats reduced sleep.") is not None
    assert past.search(f"Rats {word} reduced sleep.") is None
    assert past.search(f"Rats {word}x reduced sleep.") is not None  # a word, not a prefix


MODEL_PAPER = """# Fronts of a vole plague

## Abstract

Vole plagues strip grassland every few years. We build a diffusion model of vole spread and fit
it to six years of trapping. Fronts travel fastest along field margins.

## Introduction

Voles breed from March to October.

## Analysis of the model

The method presented in this subsection applies to any grid of fields.
Theory does not prevent us from adding a second species.
The fitted speeds are tabulated by valley, with their errors.

## Discussion

Vole numbers are tabulated every year by the county council [1]. Fields near rivers flood in
winter.

## References

1. Orchard P. Vole counts. 2010.
"""


def test_a_modelling_papers_own_words_make_its_own_findings_and_background_stays() -> None:
    got = {" ".join(k.split()): v for k, v in statuses(MODEL_PAPER).items()}
    for own in (
        "We build a diffusion model of vole spread and fit it to six years of trapping.",
        "Fronts travel fastest along field margins.",  # the abstract's result after "We build"
        "The method presented in this subsection applies to any grid of fields.",
        "Theory does not prevent us from adding a second species.",
        "The fitted speeds are tabulated by valley, with their errors.",
    ):
        assert got[own][0] == "own-finding", own
    for background in (
        "Vole plagues strip grassland every few years.",
        "Voles breed from March to October.",
        "Fields near rivers flood in winter.",
    ):
        assert got[background][0] == "unsupported", background


def test_a_past_verb_is_own_though_another_clause_after_it_is_modal() -> None:
    text = DISCUSSION_PAST_VERBS.replace(
        "No rats had to be excluded",
        "Two of the litters failed to thrive, which could mean a toxic dose. Pain rates may have "
        "dropped since then. No rats had to be excluded",
    )
    got = {" ".join(k.split()): v for k, v in statuses(text).items()}
    own = got["Two of the litters failed to thrive, which could mean a toxic dose."]
    assert own[0] == "own-finding" and '"failed"' in own[1]
    # a modal before the verb, in its own clause, is no simple past of results
    assert got["Pain rates may have dropped since then."][0] == "unsupported"


THEORY_PAPER = """# A model of beaver dams on a river network

## Abstract

Beavers dam small streams.

## Introduction

Beaver dams hold back water in dry summers.

## The model

Each reach of river holds at most one dam.

## Behaviour of the model

Dams spread upstream at a constant speed. The speed doubles when reaches are short.

## Discussion

Beavers were hunted out of Britain by the 1600s. In summary, short reaches speed the spread of
dams.

## References

1. Orme P. Beavers. 2015.
"""


def test_a_theoretical_paper_reports_its_results_after_its_model() -> None:
    got = {" ".join(k.split()): v for k, v in statuses(THEORY_PAPER).items()}
    for own in (
        "Each reach of river holds at most one dam.",  # the model itself
        "Dams spread upstream at a constant speed.",  # after the model: its results
        "The speed doubles when reaches are short.",
        "In summary, short reaches speed the spread of dams.",  # any paper's conclusion
    ):
        assert got[own][0] == "own-finding", own
    spread = got["Dams spread upstream at a constant speed."]
    assert "after the section on its own model" in spread[1]
    for background in (
        "Beaver dams hold back water in dry summers.",  # before the model
        "Beavers were hunted out of Britain by the 1600s.",  # its Discussion
    ):
        assert got[background][0] == "unsupported", background
    # without a section on its own model, a section's claims stay unsupported
    bare = statuses(THEORY_PAPER.replace("## The model\n", "## Rivers\n"))
    assert bare["Dams spread upstream at a constant speed."][0] == "unsupported"
    # a conclusion's opener outside a paper (an opinion column) gives no exemption
    column = statuses(THEORY_PAPER.replace("## Abstract\n", "By Ana Reyes\n"))
    assert column["Dams spread upstream at a constant speed."][0] == "unsupported"


ADDED_TO_OWN = """# Bats under the bridges

## Methods

We counted bats under 30 bridges.

## Results

Counts were highest under stone arches.

## Discussion

Pipistrelles were seen under 21 of the 30 bridges. In addition, soprano pipistrelles favour the
wider arches. There are also fewer bats under bridges with lights.

Pipistrelles were seen in every arch. Moreover, bats are known to avoid lit roads.

Pipistrelles were seen in every arch. In addition, the county lit its bridges in 2015.

Bridges are cold in winter. In addition, stone holds the warmth of the day.

## References

1. Orme P. Bats. 2015.
"""


def test_a_claim_adding_to_an_own_finding_is_own_and_background_stays() -> None:
    got = {" ".join(k.split()): v for k, v in statuses(ADDED_TO_OWN).items()}
    for own in (
        "In addition, soprano pipistrelles favour the wider arches.",
        "There are also fewer bats under bridges with lights.",  # a chain of additions
    ):
        assert got[own][0] == "own-finding" and "adds to the paper's own finding" in got[own][1]
    for background in (
        "Moreover, bats are known to avoid lit roads.",  # common knowledge
        "In addition, the county lit its bridges in 2015.",  # a dated past
        "Bridges are cold in winter.",
        "In addition, stone holds the warmth of the day.",  # after background, not an own finding
    ):
        assert got[background][0] == "unsupported", background


DATED_DATA = """# Bats and street lights

## Methods

We counted bats at 30 bridges from 2001 to 2012.

## Results

Counts were highest under stone arches.

## Discussion

Pipistrelles were seen under 21 of the 30 bridges.
Moreover, the count falls after a peak in 2009.
In addition, lit bridges hold fewer bats than in the minimum of 2004.

Pipistrelles were seen in every arch. Moreover, the county has lit its bridges since 2009.
Counts were lower in 2010 after the county lit its bridges.

## References

1. Orme P. Bats. 2015.
"""


def test_a_year_of_a_measurement_does_not_date_an_own_finding() -> None:
    # a year that is a point of the paper's data ("a peak in 2009") is no date of the past; a
    # year that dates an event still is
    got = {" ".join(k.split()): v for k, v in statuses(DATED_DATA).items()}
    for own in (
        "Moreover, the count falls after a peak in 2009.",
        "In addition, lit bridges hold fewer bats than in the minimum of 2004.",
    ):
        assert got[own][0] == "own-finding", own
    for background in (
        "Moreover, the county has lit its bridges since 2009.",  # a perfect, a date
        "Counts were lower in 2010 after the county lit its bridges.",  # a dated past
    ):
        assert got[background][0] == "unsupported", background


#: A word of each row of ``own_findings.tsv``'s "personal" rows, in a case it is written in.
_PERSONAL_WORDS = ("We", "our", "us", "I", "Nous", "vos", "Wir", "unsere", "Nuestra", "vosotras")


@pytest.mark.parametrize("row", named_rows("own_findings.tsv")["personal"])
def test_a_word_of_each_personal_row_of_the_cue_file_is_personal(row: str) -> None:
    found = [w for w in _PERSONAL_WORDS if re.fullmatch(f"(?:{row})", w)]
    assert found, "an example per row"
    for word in found:
        assert _PERSONAL.search(f"Then {word} left.") is not None
    assert _PERSONAL.search("Then US troops left.") is None  # as written, not in any case


@pytest.mark.parametrize("opener", words("own_findings.tsv", "authors-opener"))
def test_the_authors_after_each_opener_of_the_cue_file_are_the_papers(opener: str) -> None:
    assert _THIRD_PERSON.search("Mice soon the researchers obtained.") is None
    found = _THIRD_PERSON.search(f"Mice {opener} the researchers obtained.")
    assert found is not None and found.group(0) == f"{opener} the researchers obtained"


@pytest.mark.parametrize("word", words("own_findings.tsv", "colleagues"))
def test_a_name_and_each_word_for_colleagues_of_the_cue_file_are_the_authors(word: str) -> None:
    assert _THIRD_PERSON.search("Alegado and friends obtained mice.") is None
    assert _THIRD_PERSON.search(f"Alegado and {word} obtained mice.") is not None


@pytest.mark.parametrize("adverb", words("own_findings.tsv", "authors-adverb"))
def test_each_adverb_of_the_cue_file_stands_before_the_authors_verb(adverb: str) -> None:
    found = _THIRD_PERSON.search(f"The researchers {adverb} obtained mice.")
    assert found is not None and found.group(0) == f"The researchers {adverb} obtained"


@pytest.mark.parametrize("word", words("own_findings.tsv", "authors-not-verb"))
def test_each_word_of_the_cue_file_is_not_the_authors_verb(word: str) -> None:
    assert _THIRD_PERSON.search("The researchers obtained mice.") is not None
    assert _THIRD_PERSON.search(f"The researchers {word} mice.") is None


@pytest.mark.parametrize("adverb", words("own_findings.tsv", "finding-adverb"))
def test_each_adverb_of_the_cue_file_stands_between_we_and_the_finding(adverb: str) -> None:
    assert _FINDING.search("Here we soon found mice.") is None
    found = _FINDING.search(f"Here we {adverb} found mice.")
    assert found is not None and found.group(0) == f"we {adverb} found"
