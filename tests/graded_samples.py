"""Hand-built graded articles for the graph, shape and validate tests (no extraction needed).

The text is our own. Offsets, lines and markers are computed from the text so the sample
stays consistent when a sentence is edited.
"""

from __future__ import annotations

from claims.model import Article, Cue, Marker, ReferenceData, Sentence
from sources.model import ClaimGrade, GradedArticle, LevelCue, Reference, Source

REF1 = "Moreau A, Lind P. Cocoa flavanols and blood pressure. J Diet Trials. 2017. Meta-Analysis."
REF2 = "Example Author. A second study. Journal of Tests. 2019."

TEXT = f"""\
Does Cocoa Help You Sleep?

Cocoa is a common evening drink in many countries [1].

What the Studies Found

A meta-analysis of 14 trials found that cocoa flavanols lower blood pressure [1, 2].
Studies in rats suggest that theobromine may relax smooth muscle [3].
Cocoa definitely cures insomnia.
Warm drinks calm everyone before bed [citation needed].

References

1. {REF1}
2. {REF2}
"""

TITLE = "Does Cocoa Help You Sleep?"
SECTION = "What the Studies Found"


def _span(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    start = text.index(needle, after)
    return start, start + len(needle)


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _marker(text: str, sentence_start: int, printed: str, keys: tuple[str, ...]) -> Marker:
    start, end = _span(text, printed, sentence_start)
    return Marker(text=printed, start=start, end=end, keys=keys, style="bracket")


def _cue(text: str, sentence_start: int, words: str, kind: str) -> Cue:
    start, end = _span(text, words, sentence_start)
    return Cue(cue=words.lower(), kind=kind, text=words, start=start, end=end)


def _sentence(index: int, words: str, kind: str, section: tuple[str, ...], **extra) -> Sentence:
    start, end = _span(TEXT, words)
    markers = tuple(_marker(TEXT, start, p, k) for p, k in extra.pop("markers", ()))
    hedges = tuple(_cue(TEXT, start, w, "hedge") for w in extra.pop("hedges", ()))
    boosters = tuple(_cue(TEXT, start, w, "booster") for w in extra.pop("boosters", ()))
    return Sentence(
        id=f"s{index + 1}",
        index=index,
        start=start,
        end=end,
        line=_line(TEXT, start),
        text=words,
        section=section,
        kind=kind,
        block=extra.pop("block", "paragraph"),
        markers=markers,
        hedges=hedges,
        boosters=boosters,
        **extra,
    )


def sentences() -> tuple[Sentence, ...]:
    """Return the sample's sentences, in document order."""
    top, sub, refs = (), (SECTION,), ("References",)
    return (
        _sentence(0, TITLE, "heading", top, block="title"),
        _sentence(
            1,
            "Cocoa is a common evening drink in many countries [1].",
            "claim",
            top,
            markers=[("[1]", ("1",))],
        ),
        _sentence(2, SECTION, "heading", top, block="heading"),
        _sentence(
            3,
            "A meta-analysis of 14 trials found that cocoa flavanols lower blood pressure [1, 2].",
            "claim",
            sub,
            markers=[("[1, 2]", ("1", "2"))],
        ),
        _sentence(
            4,
            "Studies in rats suggest that theobromine may relax smooth muscle [3].",
            "claim",
            sub,
            markers=[("[3]", ("3",))],
            hedges=["suggest", "may"],
        ),
        _sentence(5, "Cocoa definitely cures insomnia.", "claim", sub, boosters=["definitely"]),
        _sentence(
            6,
            "Warm drinks calm everyone before bed [citation needed].",
            "claim",
            sub,
            editor_flags=("citation-needed",),
        ),
        _sentence(7, "References", "heading", top, block="heading"),
        _sentence(8, REF1, "reference", refs, block="reference", reference_key="1"),
        _sentence(9, REF2, "reference", refs, block="reference", reference_key="2"),
    )


def article(url: str | None = "https://example.org/cocoa-sleep") -> Article:
    """Return the sample article (with a URL unless ``url`` is None)."""
    return Article(
        source="cocoa.txt", format="txt", text=TEXT, sentences=sentences(), title=TITLE, url=url
    )


def graded(url: str | None = "https://example.org/cocoa-sleep") -> GradedArticle:
    """Return the sample article graded by hand: 3 sources, 5 claims."""
    ref1_data = ReferenceData(
        authors=("Moreau A", "Lind P"),
        title="Cocoa flavanols and blood pressure",
        container="J Diet Trials",
        year="2017",
        doi="10.5555/jdt.2017.014",
        publication_types=("Meta-Analysis",),
    )
    ref1 = Reference(
        key="1", text=REF1, sentence_id="s9", line=_line(TEXT, TEXT.index(REF1)), data=ref1_data
    )
    ref2 = Reference(
        key="2",
        text=REF2,
        sentence_id="s10",
        line=_line(TEXT, TEXT.index(REF2)),
        data=ReferenceData(authors=("Example Author",), year="2019"),
    )
    sources = (
        Source(
            "1",
            ref1,
            "systematic-review",
            (LevelCue("systematic-review", "Meta-Analysis", "metadata", None),),
            False,
            ("s2", "s4"),
        ),
        Source(
            "2",
            ref2,
            "systematic-review",
            (LevelCue("systematic-review", "meta-analysis", "citing-sentence", "s4"),),
            False,
            ("s4",),
        ),
        Source(
            "3",
            None,
            "animal",
            (LevelCue("animal", "in rats", "citing-sentence", "s5"),),
            False,
            ("s5",),
        ),
    )
    grades = (
        ClaimGrade("s2", "systematic-review", "supported"),
        ClaimGrade("s4", "systematic-review", "supported"),
        ClaimGrade("s5", "animal", "weakly-supported"),
        ClaimGrade("s6", None, "unsupported"),
        ClaimGrade("s7", None, "unsupported"),
    )
    return GradedArticle(article(url), sources, grades, has_reference_list=True)
