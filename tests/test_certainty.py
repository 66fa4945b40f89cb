"""Hedges and boosters: lexicon cues with spans, negation, and the usual false friends."""

from __future__ import annotations

import pytest

from claims.certainty import find_cues


def cues(text: str) -> tuple[list[str], list[str], list[str]]:
    hedges, boosters = find_cues(text, 0, len(text))
    negated = [c.cue for c in (*hedges, *boosters) if c.negated]
    return [c.cue for c in hedges], [c.cue for c in boosters], negated


@pytest.mark.parametrize(
    ("text", "hedges", "boosters", "negated"),
    [
        ("Zinc may shorten colds.", ["may"], [], []),
        ("May cause nausea in some people.", ["may"], [], []),
        ("The trial ended in May 2019.", [], [], []),
        ("It started on 3 May and ended later.", [], [], []),
        ("Sales rose in May, then fell.", [], [], []),
        ("Five Foods That May Disturb Your Sleep", ["may"], [], []),
        ("It might help and could even work.", ["might", "could"], [], []),
        ("The results suggest a benefit.", ["suggest"], [], []),
        ("Fibre is thought to feed gut bacteria.", ["is thought to"], [], []),
        ("It appears to lower blood pressure.", ["appears to"], [], []),
        ("These are preliminary findings.", ["preliminary"], [], []),
        ("It potentially lowers risk.", ["potentially"], [], []),
        ("There is no evidence that it works.", ["no evidence that"], [], []),
        ("Smokers were less likely to finish.", [], [], []),
        ("Finish the course as soon as possible.", [], [], []),
        ("You can buy a can of beans and it will keep.", [], [], []),
        ("Research confirms that it works.", [], ["research confirms"], []),
        ("Studies prove that it works.", [], ["studies prove"], []),
        ("The evidence is clear: it works.", [], ["the evidence is clear"], []),
        ("It definitely works.", [], ["definitely"], []),
        (
            "It is well established that salt raises blood pressure.",
            [],
            ["it is well established"],
            [],
        ),
        ("It is a well-established remedy.", [], ["well established"], []),
        ("Magnesium is not proven to help.", [], ["proven"], ["proven"]),
        ("It cannot be certain to help.", [], ["be certain"], ["be certain"]),
        ("The effect was never confirmed by trials.", [], ["confirmed by"], ["confirmed by"]),
        ("Use proven medicines first.", [], [], []),
        ('Treat the phrase "clinically proven" with care.', [], [], []),
        ("The origin is not known and results are mixed.", ["not known", "are mixed"], [], []),
        ("Symptoms appear after two weeks.", [], [], []),
        ("The benefit appears modest.", ["appears"], [], []),
        ("Animal studies show that it works.", [], ["studies show"], []),
        ("It hasn't been proven safe.", [], ["proven"], ["proven"]),
        ("There is no clear evidence of harm.", [], ["clear evidence"], ["clear evidence"]),
        ("It is certainly not a steroid.", [], ["certainly"], []),
        ("It is therefore possible that doses were too high.", ["it is possible"], [], []),
        ("the compounds thought to be responsible", ["thought to be"], [], []),
        ("We update articles when new research appears.", [], [], []),
        ("Smokers were four times as likely to die.", [], [], []),
        ("The study could not account for diet.", [], [], []),
        ("Effects on lipids have been mixed.", ["have been mixed"], [], []),
        ("Nobody knows what it does over years.", ["nobody knows"], [], []),
        ("It wears enamel, so dentists suggest using a straw.", [], [], []),
        ("Data suggest increasing risk with age.", ["suggest"], [], []),
        ("What it means for health is far less clear.", ["less clear"], [], []),
    ],
)
def test_cues(text: str, hedges: list[str], boosters: list[str], negated: list[str]) -> None:
    assert cues(text) == (hedges, boosters, negated)


def test_cue_keeps_its_text_and_span() -> None:
    text = "Prior work.  Zinc IS NOT  CERTAIN to help."
    start = text.index("Zinc")
    _, (booster,) = find_cues(text, start, len(text))
    assert text[booster.start : booster.end] == booster.text == "IS NOT  CERTAIN"
    assert (booster.cue, booster.kind, booster.negated) == ("is certain", "booster", True)


def test_negation_does_not_leak_across_the_sentence_start() -> None:
    text = "It is not. Research confirms it."
    start = text.index("Research")
    _, (booster,) = find_cues(text, start, len(text))
    assert not booster.negated
