"""Sentence boundaries: abbreviations, numbers, initials, quotes, brackets and trailing markers."""

from __future__ import annotations

import pytest

from claims.markers import scan
from claims.segmenting import sentence_spans


def sentences(text: str, label_end: int | None = None) -> list[str]:
    markers, flags = scan(text)
    attached = sorted([(m.start, m.end) for m in markers] + [(f.start, f.end) for f in flags])
    return [text[a:b] for a, b in sentence_spans(text, 0, len(text), attached, label_end=label_end)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Leafy greens help, e.g. kale. They are cheap.",
            ["Leafy greens help, e.g. kale.", "They are cheap."],
        ),
        (
            "It is a mineral, i.e. a salt. It dissolves.",
            ["It is a mineral, i.e. a salt.", "It dissolves."],
        ),
        ("Oats vs. rice is a draw. Both work.", ["Oats vs. rice is a draw.", "Both work."]),
        ("Dr. Alvarez ran it. It worked.", ["Dr. Alvarez ran it.", "It worked."]),
        ("Okafor et al. found it. Others did not.", ["Okafor et al. found it.", "Others did not."]),
        ("See Fig. 2 for this. It is clear.", ["See Fig. 2 for this.", "It is clear."]),
        (
            "Rates in the U.S. Army fell. They rose later.",
            ["Rates in the U.S. Army fell.", "They rose later."],
        ),
        ("It was sold in the U.S. The price fell.", ["It was sold in the U.S.", "The price fell."]),
        ("Trial No. 5 failed. Trial 6 worked.", ["Trial No. 5 failed.", "Trial 6 worked."]),
        (
            "Adults need 2.4 mcg daily. Children need less.",
            ["Adults need 2.4 mcg daily.", "Children need less."],
        ),
        ("It is 1.5 times higher. That matters.", ["It is 1.5 times higher.", "That matters."]),
        (
            "J. R. R. Tolkien wrote it. He was British.",
            ["J. R. R. Tolkien wrote it.", "He was British."],
        ),
        ("It lacks vitamin D. The fix is sun.", ["It lacks vitamin D.", "The fix is sun."]),
        # Ranks, titles and initials before a name, and "c." before a year (issue 10).
        (
            "Brig. Gen. Okoro led the relief column. It arrived.",
            ["Brig. Gen. Okoro led the relief column.", "It arrived."],
        ),
        (
            "Sen. Marta Ruiz voted no. Rep. Ian Holt and Gov. Lea Park did not.",
            ["Sen. Marta Ruiz voted no.", "Rep. Ian Holt and Gov. Lea Park did not."],
        ),
        (
            "The breed was drawn by H. T. Varenne in his atlas. It sold well.",
            ["The breed was drawn by H. T. Varenne in his atlas.", "It sold well."],
        ),
        (
            "The mill was built c. 1350 by monks. It burned c. 1500. Little is left.",
            ["The mill was built c. 1350 by monks.", "It burned c. 1500.", "Little is left."],
        ),
        (
            "The poet (b. 1921, d. 1988) wrote it. Maj. Gen. Adm. Cole read it.",
            ["The poet (b. 1921, d. 1988) wrote it.", "Maj. Gen. Adm. Cole read it."],
        ),
        ("See p. 12 and P. Ostrova. Then stop.", ["See p. 12 and P. Ostrova.", "Then stop."]),
        # An inline list's number stays with its item, never with the sentence before it.
        (
            "Do this: 1. Mix the flour. 2. Stir it well.",
            ["Do this: 1. Mix the flour.", "2. Stir it well."],
        ),
        (
            "Bring fruit, nuts, etc. The rest is optional.",
            ["Bring fruit, nuts, etc.", "The rest is optional."],
        ),
        ("Bring fruit, nuts, etc. for the trip.", ["Bring fruit, nuts, etc. for the trip."]),
        ('He said "Stop now." Then he left.', ['He said "Stop now."', "Then he left."]),
        (
            "It helps (see Sec. 3. above) a lot. Yes.",
            ["It helps (see Sec. 3. above) a lot.", "Yes."],
        ),
        ("Is it safe? Mostly. Really!", ["Is it safe?", "Mostly.", "Really!"]),
        ('"Why?" she asked. Nobody knew.', ['"Why?" she asked.', "Nobody knew."]),
        ("The dose is small... but it works.", ["The dose is small... but it works."]),
        ("1. Take the tablet with food", ["1. Take the tablet with food"]),
        ("Figure 1. Overview of the trial design.", ["Figure 1. Overview of the trial design."]),
        ("Figure S2. Dose by week.", ["Figure S2. Dose by week."]),
        (
            "It lives in Bacillus spp. The rest is soil.",
            ["It lives in Bacillus spp.", "The rest is soil."],
        ),
        ("no full stop at all", ["no full stop at all"]),
        (
            "*I am not a doctor.* *Always ask one first.*",
            ["*I am not a doctor.*", "*Always ask one first.*"],
        ),
        ("A **bold** claim. **Another** one.", ["A **bold** claim.", "**Another** one."]),
        ("  Leading and trailing spaces.  ", ["Leading and trailing spaces."]),
        # a run-in label of a paper's statement or proof labels the sentence it opens
        ("**Theorem 2.** Every front is monotone.", ["**Theorem 2.** Every front is monotone."]),
        (
            "*Proof.* Integrate once. The bound follows.",
            ["*Proof.* Integrate once.", "The bound follows."],
        ),
        (
            "Remark 3 (sharpness). The constant is best.",
            ["Remark 3 (sharpness). The constant is best."],
        ),
        ("Lemma. A shorter label holds too.", ["Lemma. A shorter label holds too."]),
        ("We proved it. Remarkably, it holds.", ["We proved it.", "Remarkably, it holds."]),
        # a day written as an ordinal before its month (German, Austrian, Danish), and a count
        # that ends a sentence before one opening on a month
        (
            "Bis 25. November 2019 könnt ihr unterschreiben. Am 3. Jänner endet die Frist.",
            ["Bis 25. November 2019 könnt ihr unterschreiben.", "Am 3. Jänner endet die Frist."],
        ),
        ("The hives held 120. May was colder.", ["The hives held 120.", "May was colder."]),
    ],
)
def test_boundaries(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It causes damage. [3] Next claim here.", ["It causes damage. [3]", "Next claim here."]),
        ("It causes damage.[3][4] Next one.", ["It causes damage.[3][4]", "Next one."]),
        ("It causes damage. [3], [4] Next one.", ["It causes damage. [3], [4]", "Next one."]),
        ("It causes damage.¹² Next one.", ["It causes damage.¹²", "Next one."]),
        (
            "It causes damage [1.3.1]. Next one [1.2].",
            ["It causes damage [1.3.1].", "Next one [1.2]."],
        ),
        (
            "It works (Reyes et al., 2019). Next one.",
            ["It works (Reyes et al., 2019).", "Next one."],
        ),
        ("It is safe. [citation needed] Next one.", ["It is safe. [citation needed]", "Next one."]),
    ],
)
def test_markers_stay_with_their_sentence(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_label_prefix_stays_in_the_first_sentence() -> None:
    text = "Dr. Who: Vol. 2 helps. It works."
    assert sentences(text, label_end=text.index(":") + 1) == ["Dr. Who: Vol. 2 helps.", "It works."]


def test_offsets_point_into_the_original_text() -> None:
    text = "Intro line.\n\n  First one [1].  Second one.  \n"
    spans = list(sentence_spans(text, 13, len(text)))
    assert [text[a:b] for a, b in spans] == ["First one [1].", "Second one."]
    assert all(spans[i][1] <= spans[i + 1][0] for i in range(len(spans) - 1))


@pytest.mark.parametrize("text", ["", "   ", ".", "?!", "...", "[1]", "a.b.c.", "\n\n"])
def test_odd_input_gives_consistent_spans(text: str) -> None:
    spans = list(sentence_spans(text, 0, len(text)))
    assert all(0 <= a < b <= len(text) and text[a:b].strip() == text[a:b] for a, b in spans)
