"""Evidence levels: metadata cues, citing-sentence cues, attribution and conflicts."""

from __future__ import annotations

import pytest

from claims.model import Marker, ReferenceData, Sentence
from sources.errors import LexiconError
from sources.evidence import grade_source, metadata_cues, sentence_cues
from sources.lexicon import find_cues, load_rules, parse_rule
from sources.model import LEVELS, LevelCue, Reference
from sources.references import parse_entry

TITLES = [
    ("Omega-3 and depression: a systematic review and meta-analysis", "systematic-review"),
    ("Vitamin C for colds: a meta-analysis of randomised controlled trials", "systematic-review"),
    ("A double-blind, placebo-controlled trial of melatonin in shift workers", "rct"),
    ("Effect of walking on blood pressure: a randomized crossover study", "rct"),
    ("Yoga for back pain: a non-randomised controlled trial", "cohort"),
    ("Coffee and mortality in 400,000 adults: a prospective cohort study", "cohort"),
    ("Mobile phone use and glioma: a case-control study", "case-control"),
    ("Screen time and sleep in teenagers: a cross-sectional survey", "cross-sectional"),
    ("Prevalence of iodine deficiency among pregnant women", "cross-sectional"),
    ("Liver injury after turmeric supplements: a case report", "case-report"),
    (
        "Scurvy in a child on a restrictive diet: case report and review of the literature",
        "case-report",
    ),
    ("Clinical practice guideline for the management of gout", "guideline"),
    ("International consensus statement on sodium intake", "guideline"),
    ("Why we should stop counting calories: a commentary", "expert-opinion"),
    ("Gut bacteria and mood: a narrative review", "expert-opinion"),
    ("Peripheral clocks and metabolic health: a review", "expert-opinion"),
    ("Sleep and cortisol: a systematic review", "systematic-review"),
    ("Caffeine improves memory consolidation in mice", "animal"),
    ("Curcumin protects neurons in a rat model of stroke", "animal"),
    ("A randomized trial of exercise in obese Zucker rats", "animal"),
    ("Resveratrol induces apoptosis in colon cancer cell lines", "in-vitro"),
    ("Green tea catechins inhibit bacterial growth in vitro", "in-vitro"),
    ("Outcomes of in vitro fertilisation in older women: a cohort study", "cohort"),
    ("Protocol for a randomized controlled trial of mindfulness in schools", "unknown"),
    ("Animal products and iron status in vegetarians", "unknown"),
    ("Guideline adherence among general practitioners", "unknown"),
    ("The history of tea in Britain", "unknown"),
    ("Position of the Academy of Nutrition and Dietetics: vegetarian diets", "guideline"),
    ("Protocol for a systematic review of tea and sleep", "unknown"),
    ("A school-based quasi-experimental study of fruit intake", "cohort"),
    ("Blood pressure after salt reduction: a 20-year follow-up", "cohort"),
    ("Scientific opinion on the safety of caffeine", "guideline"),
    ("Mendelian randomization study of coffee and stroke", "unknown"),
    ("Peppermint oil relaxes the isolated guinea-pig colon", "animal"),
    ("Lemon juice and insulin response: a crossover study in young men", "rct"),
    ("Handbook for systematic reviews of interventions", "unknown"),
    ("The PRISMA statement for reporting systematic reviews of trials", "unknown"),
    ("Magnesium status and sleep in older adults: NHANES 2005-2016", "cross-sectional"),
    ("Smoke extract raises cytokine secretion in rat mesangial cells", "in-vitro"),
    ("Smoke extract raises cytokine secretion in rats", "animal"),
]


def _reference(entry: str) -> Reference:
    return Reference("1", entry, "s9", 9, parse_entry(entry))


def _level(cues: tuple[LevelCue, ...]) -> str:
    return grade_source(cues, [])[0]


@pytest.mark.parametrize(("title", "level"), TITLES)
def test_metadata_level_from_title(title, level):
    ref = _reference(f"Hale J. {title}. J Health. 2019;1:1-9.")
    assert _level(metadata_cues(ref)) == level


@pytest.mark.parametrize(
    ("data", "level"),
    [
        (
            ReferenceData(
                title="Sleep and sport", publication_types=("Randomized Controlled Trial",)
            ),
            "rct",
        ),
        (ReferenceData(title="Sleep and sport", publication_types=("Review",)), "expert-opinion"),
        (
            ReferenceData(title="Sleep and sport", container="Cochrane Database Syst Rev"),
            "systematic-review",
        ),
        (ReferenceData(title="Sleep and sport", container="Trials"), "unknown"),
    ],
)
def test_metadata_level_from_types_and_container(data, level):
    assert _level(metadata_cues(Reference("1", "", None, None, data))) == level


SENTENCES = [
    ("A meta-analysis of 12 trials found that zinc shortens colds [1].", "systematic-review"),
    ("Systematic reviews confirm the effect [1].", "systematic-review"),
    ("In a randomized controlled trial, fibre lowered LDL cholesterol [1].", "rct"),
    ("Clinical trials have provided evidence that it eases back pain [1].", "rct"),
    ("Patients given the drug improved more than those given a placebo [1].", "rct"),
    ("A cohort of 5,000 adults followed for ten years showed fewer strokes [1].", "cohort"),
    ("Observational studies link coffee to longer life [1].", "cohort"),
    ("A case-control study linked night shifts to breast cancer [1].", "case-control"),
    ("Statistics indicate that one adult in four sleeps too little [1].", "cross-sectional"),
    ("A national survey found that most teens skip breakfast [1].", "cross-sectional"),
    ("Rare cases of liver damage have been reported [1].", "case-report"),
    ("Current guidelines recommend 150 minutes of exercise a week [1].", "guideline"),
    ("The recommended dietary allowance for adults is 400 mcg [1].", "guideline"),
    ("Experts believe that sleep hygiene matters [1].", "expert-opinion"),
    ("Animal studies show that the extract lowers blood sugar [1].", "animal"),
    ("Animal models show faster nerve regrowth [1].", "animal"),
    ("The compound reduced plaques in mice [1].", "animal"),
    ("In vitro, the extract killed cancer cells [1].", "in-vitro"),
    ("Studies in cell lines suggest an antiviral effect [1].", "in-vitro"),
    ("Studies have shown that tea is healthy [1].", "unknown"),
    ("Research confirms that B vitamins matter [1].", "unknown"),
    ("Vitamin B12 is found almost only in animal products [1].", "unknown"),
    ("No randomized trials have tested this claim [1].", "unknown"),
    ("The cross-sectional area of the nerve was larger [1].", "unknown"),
    ("In a 12-week trial, people who took it lost more weight [1].", "rct"),
    ("In a given trial, the monkey chose the left target [1].", "unknown"),
    ("Half the volunteers got the extract or a placebo [1].", "rct"),
    ("A survey of 2,000 adults found that most skip breakfast [1].", "cross-sectional"),
    ("Researchers tracked 5,000 people over 10 years [1].", "cohort"),
    ("According to the National Institutes of Health, adults need 2.4 mcg a day [1].", "guideline"),
    ("The American Heart Association recommends less salt [1].", "guideline"),
    ("In one case study, a woman developed jaundice [1].", "case-report"),
    ("Doctors recommend rest after a concussion [1].", "unknown"),  # practice, not a source
    ("Test-tube and animal studies suggest it fights inflammation [1].", "animal"),
    ("A review of 15 studies found a small benefit [1].", "systematic-review"),
    ("A randomized trial in rats found smaller infarcts [1].", "animal"),
    ("Worms are a handy model for genetics [1].", "unknown"),
    ("Cohorts of centenarians in three countries carry the variant [1].", "unknown"),
    ("The PREDIMED trial found fewer strokes [1].", "rct"),
    ("A randomised trial is still needed to confirm this [1].", "unknown"),
    ("A 2021 analysis of 40 studies found a small benefit [1].", "systematic-review"),
    ("Pooled results from 9 trials show a small effect [1].", "systematic-review"),
    ("Experiments on human cells show that curcumin blocks inflammation [1].", "in-vitro"),
    ("Population studies show that people who eat nuts live longer [1].", "cohort"),
    ("One study in 60 adults found that ashwagandha lowered cortisol [1].", "unknown"),
    ("The FDA considers 400 mg of caffeine a day safe for most adults [1].", "guideline"),
    # cells of an organism are grown outside it; "in vivo" in people is no animal study
    ("Deleting the gene in mouse embryonic stem (ES) cells silenced it [1].", "in-vitro"),
    ("The channel opens faster in rat cardiomyocytes [1].", "in-vitro"),
    ("The drug shortened sleep in mice [1].", "animal"),
    ("Studies in healthy volunteers show the dose lowers insulin action in vivo [1].", "unknown"),
    ("The peptide blocked pain in vivo [1].", "animal"),
]


def _sentence(text: str, sid: str = "s1", offset: int = 0) -> Sentence:
    """Return a claim whose bracket markers ("[1]", "[2, 3]") are found in ``text``."""
    markers, at = [], 0
    while (start := text.find("[", at)) >= 0:
        end = text.index("]", start) + 1
        keys = tuple(k.strip() for k in text[start + 1 : end - 1].split(","))
        markers.append(Marker(text[start:end], offset + start, offset + end, keys, "bracket"))
        at = end
    return Sentence(
        sid, 0, offset, offset + len(text), 1, text, (), "claim", "paragraph", tuple(markers)
    )


@pytest.mark.parametrize(("text", "level"), SENTENCES)
def test_citing_sentence_level(text, level):
    weighted = sentence_cues(_sentence(text)).get("1", [])
    assert grade_source((), weighted)[0] == level


def test_one_design_goes_to_every_cited_source():
    cues = sentence_cues(_sentence("Animal studies show it [1] and more [2, 3]."))
    assert {key: [c.level for c, _ in found] for key, found in cues.items()} == {
        "1": ["animal"],
        "2": ["animal"],
        "3": ["animal"],
    }


def test_several_designs_go_to_the_nearest_marker_after_them():
    text = "A meta-analysis [1] and studies in mice [2] agree with work in vitro [3]."
    cues = sentence_cues(_sentence(text, offset=100))  # offsets are article offsets
    assert {key: [c.level for c, _ in found] for key, found in cues.items()} == {
        "1": ["systematic-review"],
        "2": ["animal"],
        "3": ["in-vitro"],
    }


def test_one_design_inside_the_sentence_goes_to_its_marker_only():
    text = "The effect matches a case-control study of smokers [1] and later work [2, 3]."
    cues = sentence_cues(_sentence(text))
    assert {key: [c.level for c, _ in found] for key, found in cues.items()} == {
        "1": ["case-control"]
    }


def test_several_designs_after_the_last_marker_go_to_it():
    cues = sentence_cues(_sentence("Smith [1] ran a cohort study and later studies in mice."))
    assert sorted(c.level for c, _ in cues["1"]) == ["animal", "cohort"]


def test_cues_carry_sentence_ids():
    (cue, weight), *_ = sentence_cues(_sentence("Animal studies show it [1].", sid="s7"))["1"]
    assert (cue.basis, cue.sentence_id, cue.text, weight) == (
        "citing-sentence",
        "s7",
        "Animal studies",
        1.0,
    )


def _cited(level: str, sid: str, weight: float = 1.0) -> tuple[LevelCue, float]:
    return LevelCue(level, level, "citing-sentence", sid), weight


@pytest.mark.parametrize(
    ("meta", "weighted", "expected"),
    [
        ((), [], ("unknown", False)),
        (
            (),
            [_cited("animal", "s1"), _cited("animal", "s2"), _cited("rct", "s3")],
            ("animal", True),
        ),
        ((), [_cited("animal", "s1"), _cited("rct", "s2")], ("animal", True)),  # tie: the weaker
        # a cue shared with two other sources weighs 1/3 and cannot make a conflict
        ((), [_cited("animal", "s1"), _cited("systematic-review", "s2", 1 / 3)], ("animal", False)),
        (
            (LevelCue("systematic-review", "meta-analysis", "metadata", None),),
            [_cited("rct", "s1")],
            ("systematic-review", False),  # "trials show" agrees with a review of trials
        ),
        (
            (LevelCue("systematic-review", "meta-analysis", "metadata", None),),
            [_cited("animal", "s1")],
            ("systematic-review", True),
        ),
        (
            (),
            [_cited("rct", "s1"), _cited("rct", "s1")],
            ("rct", False),
        ),  # one sentence counts once
        (
            (LevelCue("cohort", "cohort study", "metadata", None),),
            [_cited("rct", "s1"), _cited("rct", "s2")],
            ("cohort", True),  # metadata wins, the disagreement is a conflict
        ),
        (
            (
                LevelCue("case-report", "case report", "metadata", None),
                LevelCue("expert-opinion", "review of", "metadata", None),
            ),
            [],
            ("case-report", False),  # one title naming two designs is no conflict
        ),
        (
            (
                LevelCue("animal", "mice", "metadata", None),
                LevelCue("expert-opinion", "commentary", "metadata", None),
            ),
            [_cited("animal", "s1")],
            ("expert-opinion", False),  # the sentence names a design the title names too
        ),
    ],
)
def test_conflict_policy(meta, weighted, expected):
    level, cues, conflict = grade_source(meta, weighted)
    assert (level, conflict) == expected
    assert len(cues) == len(set(meta) | {c for c, _ in weighted})


@pytest.mark.parametrize("name", ["metadata.tsv", "sentence.tsv", "container.tsv"])
def test_lexicons_load_with_known_levels(name):
    rules = load_rules(name)
    assert rules and all(rule.level in LEVELS for rule in rules)


@pytest.mark.parametrize(
    "row",
    [
        "meta-analysis\tstrong\tMeta-Analysis\tnote",
        "meta-analysis\tsystematic-review",
        "(unclosed\trct\t\tx",
    ],
)
def test_bad_lexicon_rows_are_reported(row):
    with pytest.raises(LexiconError, match="line 7"):
        parse_rule("metadata.tsv", 7, row)


def test_longest_overlapping_cue_wins():
    matches = find_cues("a non-randomized controlled trial", load_rules("metadata.tsv"))
    assert [(m.text, m.level) for m in matches] == [("non-randomized controlled trial", "cohort")]
