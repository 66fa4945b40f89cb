"""Grading: sources linked and levelled, claims given a level and a status (hand-built articles)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from claims.model import Article, Marker, ReferenceData, Sentence
from sources import grade
from sources.grading import WEAK_LEVELS, claim_grade
from sources.model import LEVELS, STATUSES

_BRACKET = re.compile(r"\[([^\]]+)\]")
_AUTHOR_YEAR = re.compile(r"\(([A-Z][^()\d]*?),? (\d{4}[a-z]?)\)")
_LABEL = re.compile(r"^(\d+(?:\.\d+)*)\.?(?:\s+|$)")


def _keys(inside: str) -> tuple[str, ...]:
    keys: list[str] = []
    for part in re.split(r"\s*,\s*", inside):
        low, _, high = part.partition("-")
        keys.extend(str(n) for n in range(int(low), int(high) + 1)) if high else keys.append(part)
    return tuple(keys)


def _markers(line: str, offset: int) -> tuple[tuple[Marker, ...], tuple[str, ...]]:
    markers, flags = [], []
    for m in _BRACKET.finditer(line):
        if m.group(1).lower() == "citation needed":
            flags.append("citation-needed")
        else:
            markers.append(
                Marker(
                    m.group(), offset + m.start(), offset + m.end(), _keys(m.group(1)), "bracket"
                )
            )
    for m in _AUTHOR_YEAR.finditer(line):
        surname = m.group(1).split()[0].rstrip(",")
        keys = (f"{surname} {m.group(2)}",)
        markers.append(Marker(m.group(), offset + m.start(), offset + m.end(), keys, "author-year"))
    return tuple(sorted(markers, key=lambda mk: mk.start)), tuple(flags)


def article(text: str, structured: dict[str, ReferenceData] | None = None) -> Article:
    """Return an Article with one sentence per non-empty line.

    "# " opens a heading, a line ending in "?" is a question, lines after "References" are
    reference entries (keyed by their printed number, as reading does); the rest are claims.
    """
    sentences: list[Sentence] = []
    in_refs, offset = False, 0
    for number, raw in enumerate(text.splitlines(keepends=True), start=1):
        line, start = raw.rstrip("\n"), offset
        offset += len(raw)
        if not line.strip():
            continue
        kind = "claim"
        extra: dict = {}
        if line.startswith("# "):
            kind, in_refs = "heading", line == "# References"
        elif in_refs:
            label = _LABEL.match(line)
            key = label.group(1) if label else None
            kind = "reference"
            extra = {"reference_key": key, "reference": (structured or {}).get(key or "")}
        elif line.endswith("?"):
            kind = "question"
        markers, flags = _markers(line, start) if kind != "reference" else ((), ())
        sentences.append(
            Sentence(
                id=f"s{len(sentences) + 1}",
                index=len(sentences),
                start=start,
                end=start + len(line),
                line=number,
                text=line,
                section=(),
                kind=kind,
                block="reference" if kind == "reference" else "paragraph",
                markers=markers,
                editor_flags=flags,
                **extra,
            )
        )
    return Article("test.txt", "txt", text, tuple(sentences), title=None)


COCOA = """\
# Does Cocoa Help You Sleep?
Cocoa is drunk in the evening in many countries [1].
A meta-analysis of 14 randomised trials found that cocoa flavanols lower blood pressure [2].
Studies in rats suggest that theobromine relaxes smooth muscle [3].
A cohort of 8,000 nurses followed for 10 years linked cocoa to better sleep [4, 5].
Cocoa definitely cures insomnia.
Warm drinks calm everyone before bed [citation needed].
Cocoa butter melts at body temperature [12].
Is cocoa safe for dogs?
Magnesium in cocoa may help muscles relax [6].
# References
1. Moreau A, Lind P. Evening beverage habits in Europe. Food Habits. 2016;3:1-9.
2. Alvarez R. Cocoa and blood pressure: a systematic review. Hypertens Res. 2019. doi:10.1000/HR.1
3. Okafor N, et al. Theobromine and smooth muscle tone in rats. Exp Physiol. 2015;100:5-12.
4. Brandt K. Cocoa and sleep: a prospective cohort study. Sleep Med. 2018;50:20-8. PMID: 30000011
5. Sato Y, Brandt K. Chocolate and sleep: a cohort study. J Sleep Res. 2020. PMCID: PMC7000012
6. Ng L. Magnesium and muscle: an expert opinion. Muscle Nerve. 2014.
7. Pires D. Cocoa farming in West Africa. Agric Hist. 2011.
"""

EXPECTED_SOURCES = {  # key: (level, conflict, in reference list, cited by)
    "1": ("unknown", False, True, ("s2",)),
    "2": ("systematic-review", False, True, ("s3",)),
    "3": ("animal", False, True, ("s4",)),
    "4": ("cohort", False, True, ("s5",)),
    "5": ("cohort", False, True, ("s5",)),
    "12": ("unknown", False, False, ("s8",)),
    "6": ("expert-opinion", False, True, ("s10",)),
    "7": ("unknown", False, True, ()),
}

EXPECTED_CLAIMS = {  # sentence id: (level, status)
    "s2": ("unknown", "cited-unknown-evidence"),
    "s3": ("systematic-review", "supported"),
    "s4": ("animal", "weakly-supported"),
    "s5": ("cohort", "supported"),
    "s6": (None, "unsupported"),
    "s7": (None, "unsupported"),
    "s8": ("unknown", "cited-unknown-evidence"),
    "s10": ("expert-opinion", "weakly-supported"),
}


@pytest.fixture(scope="module")
def cocoa():
    return grade(article(COCOA))


def test_sources_in_order_of_first_citation_then_uncited(cocoa):
    assert [s.key for s in cocoa.sources] == list(EXPECTED_SOURCES)


@pytest.mark.parametrize("key", EXPECTED_SOURCES)
def test_source_level_conflict_and_links(cocoa, key):
    source = {s.key: s for s in cocoa.sources}[key]
    level, conflict, listed, cited_by = EXPECTED_SOURCES[key]
    assert (source.level, source.conflict, source.in_reference_list, source.cited_by) == (
        level,
        conflict,
        listed,
        cited_by,
    )
    assert all(c.level in LEVELS for c in source.cues)


@pytest.mark.parametrize("sentence_id", EXPECTED_CLAIMS)
def test_claim_level_and_status(cocoa, sentence_id):
    grades = {g.sentence_id: g for g in cocoa.grades}
    assert (grades[sentence_id].level, grades[sentence_id].status) == EXPECTED_CLAIMS[sentence_id]


def test_only_claims_are_graded(cocoa):
    claims = {s.id for s in cocoa.article.sentences if s.kind == "claim"}
    assert {g.sentence_id for g in cocoa.grades} == claims
    assert "s9" not in claims  # the question


def test_reference_metadata_reaches_the_source(cocoa):
    two = {s.key: s for s in cocoa.sources}["2"]
    assert two.reference.data.doi == "10.1000/hr.1"
    assert two.reference.line == 13
    assert {c.basis for c in two.cues} == {"metadata", "citing-sentence"}
    assert cocoa.has_reference_list


def test_dangling_key_has_no_reference_and_uncited_entry_no_citations(cocoa):
    sources = {s.key: s for s in cocoa.sources}
    assert sources["12"].reference is None and sources["12"].cited_by
    assert sources["7"].reference is not None and sources["7"].cited_by == ()


def test_no_reference_list():
    graded = grade(article("Tea is popular [1].\nCoffee is bitter [2].\n"))
    assert not graded.has_reference_list
    assert [s.in_reference_list for s in graded.sources] == [False, False]


@pytest.mark.parametrize("marker", ["[1]", "[1.2.1]"])
def test_a_list_of_bare_numbers_is_a_placeholder_whose_entries_are_not_sources(marker):
    graded = grade(article(f"Tea is popular {marker}.\n# References\n1\n2\n3\n"))
    assert not graded.has_reference_list  # so no marker is dangling, no number uncited
    assert graded.placeholder_references == 3
    key = marker.strip("[]")
    assert [(s.key, s.in_reference_list) for s in graded.sources] == [(key, False)]
    (claim,) = graded.grades
    assert (claim.level, claim.status) == ("unknown", "cited-unknown-evidence")


def test_a_list_with_one_real_entry_is_no_placeholder():
    graded = grade(article("Tea is popular [1].\n# References\n1. Tea. A history. 2001.\n2\n"))
    assert graded.has_reference_list and graded.placeholder_references == 0


def test_author_year_markers_link_to_numbered_entries():
    text = (
        "Green tea lowers cholesterol (Kovács et al., 2012).\n"
        "# References\n"
        "1. Kovacs E, Bauer F. Green tea catechins and cholesterol: a randomized controlled trial. "
        "Clin Nutr. 2012;31:1-7.\n"
    )
    graded = grade(article(text))
    source = graded.sources[0]
    assert (source.key, source.reference.key, source.level) == ("Kovács 2012", "1", "rct")
    assert len(graded.sources) == 1  # the entry is cited, so no uncited duplicate


def test_structured_reference_data_is_used():
    data = ReferenceData(
        authors=("Ivanova M",),
        title="Nightly cocoa and sleep latency",
        year="2021",
        publication_types=("Randomized Controlled Trial",),
    )
    graded = grade(
        article("Cocoa shortens sleep latency [1].\n# References\n1. Ivanova M.\n", {"1": data})
    )
    assert graded.sources[0].level == "rct"
    assert graded.sources[0].reference.data.title == "Nightly cocoa and sleep latency"


@pytest.mark.parametrize(
    ("keys", "flags", "levels", "expected"),
    [
        ((), (), {}, (None, "unsupported")),
        (("1",), ("citation-needed",), {"1": "rct"}, ("rct", "unsupported")),
        (("1", "2"), (), {"1": "animal", "2": "guideline"}, ("guideline", "supported")),
        (
            ("1", "2"),
            (),
            {"1": "in-vitro", "2": "expert-opinion"},
            ("expert-opinion", "weakly-supported"),
        ),
        (("1",), (), {"1": "case-report"}, ("case-report", "supported")),
        (("1",), (), {"1": "unknown"}, ("unknown", "cited-unknown-evidence")),
    ],
)
def test_claim_grade_policy(keys, flags, levels, expected):
    markers = (Marker("[x]", 0, 3, keys, "bracket"),) if keys else ()
    sentence = Sentence(
        "s1", 0, 0, 3, 1, "[x]", (), "claim", "paragraph", markers, editor_flags=flags
    )
    grade_ = claim_grade(sentence, levels)
    assert (grade_.level, grade_.status) == expected
    assert grade_.status in STATUSES


def test_weak_levels_are_the_bottom_of_the_scale():
    assert {"expert-opinion", "animal", "in-vitro"} == WEAK_LEVELS
    assert all(LEVELS.index(w) > LEVELS.index("guideline") for w in WEAK_LEVELS)


FIXTURES = Path(__file__).parent / "fixtures" / "articles"
GOLD = sorted(FIXTURES.glob("*.gold.json"))


def _article_path(gold_path: Path) -> Path:
    stem = gold_path.name.removesuffix(".gold.json")
    return next(p for p in FIXTURES.glob(f"{stem}.*") if not p.name.endswith(".gold.json"))


@pytest.mark.parametrize("gold_path", GOLD, ids=lambda p: p.name.removesuffix(".gold.json"))
def test_levels_match_the_labelled_fixtures(gold_path):
    """Every source the annotator gave a level gets it (the aim on unseen articles: 90%)."""
    extract = pytest.importorskip("claims.extract")
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    article_ = extract.extract_path(_article_path(gold_path))
    if not article_.sentences:
        pytest.skip(f"extraction gives no sentences for {gold['format']} yet")
    graded = grade(article_)
    levels = {s.key: s.level for s in graded.sources}
    expected = {key: level for key, level in gold["sources"].items() if level is not None}
    wrong = {k: (v, levels.get(k)) for k, v in expected.items() if levels.get(k) != v}
    assert len(wrong) <= 0.1 * len(expected), f"(expected, got) per key: {wrong}"
    assert {s.key for s in graded.sources if s.conflict} == set(gold["conflicts"])


EXAMPLE = Path(__file__).parents[2] / "shared" / "examples" / "b12-nerve-inflammation.txt"


@pytest.mark.skipif(not EXAMPLE.exists(), reason="the shared example article is not here")
def test_example_article_levels():
    extract = pytest.importorskip("claims.extract")
    graded = grade(extract.extract_path(EXAMPLE))
    sources = {s.key: s for s in graded.sources}
    # bare numbers 1, 2, 3... beside dotted keys: another numbering, so no list in use
    assert not graded.has_reference_list
    assert sources["1.3.1"].level == "cross-sectional"  # "statistics indicate"
    assert sources["1.2.7"].level == "rct"
    assert sources["1.7.1"].level == "systematic-review"
    assert sources["1.2.6"].level == "animal"  # its own sentence beats a shared cue
    assert sources["1.6.4"].level == "unknown"  # "animal products" is food, not a design
    assert all(s.reference is None for s in graded.sources if "." in s.key)


def _graded_source(entry: str, sentence: str = "Walls matter [1].") -> tuple[str, list[str]]:
    graded = grade(article(f"{sentence}\n# References\n1. {entry}\n"))
    (source,) = graded.sources
    return source.level, [c.text for c in source.cues]


@pytest.mark.parametrize(
    ("entry", "level"),
    [
        # subject matter is not a design (issue 11)
        ("Winchester A. Sheep farming in the northern uplands. Edinburgh UP. 2000.", "unknown"),
        ("Lee K. Trends in cattle production, 1950-2000. Farm Econ. 2004.", "unknown"),
        ("Moss K. A review of the film Walls of Stone. The Film Weekly. 2019.", "unknown"),
        ("Day P. Book review: the history of tea. Tea Q. 2011.", "unknown"),
        # designs still count in a design phrase
        ("Hall R. Bone healing in sheep: an experimental model. Vet Surg. 2015.", "animal"),
        ("Ito K. Insulin signalling in mice lacking Irs2. Cell. 2009.", "animal"),
        (
            "Ng T. A review of trials of exercise for low back pain. Spine. 2018.",
            "systematic-review",
        ),
        ("Bell F. Good news for coffee drinkers: a prospective cohort study. BMJ. 2017.", "cohort"),
        ("Roy S. Staining tissue slides in vitro. J Histol. 2012.", "in-vitro"),
    ],
)
def test_levels_come_from_designs_not_topics(entry: str, level: str) -> None:
    assert _graded_source(entry)[0] == level


@pytest.mark.parametrize(
    ("entry", "kind"),
    [
        ("Smith J. Walnuts protect memory, trial finds. The New York Times. 2021.", "news story"),
        ("University of Northbridge. Walnut trial in older adults. Press release. 2024.", "press"),
        ("Ellwood J. Case studies from Cumbria. Symposium slides, DSWA meeting. 2017.", "slides"),
    ],
)
def test_a_secondary_source_is_graded_as_what_it_is_with_the_study_it_reports_as_a_cue(
    entry: str, kind: str
) -> None:
    sentence = "A randomised trial found that walnuts help memory [1]."
    level, cues = _graded_source(entry, sentence)
    assert level == "unknown"
    assert kind in cues[0]  # what the source is comes first
    if "trial" in entry:
        assert any("randomi" in cue or "trial" in cue for cue in cues[1:])
