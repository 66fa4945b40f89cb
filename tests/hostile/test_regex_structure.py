"""Every regular expression of the readers is linear on any input, by the structure of its
parsed pattern (``bench/regex_patterns.py``): no repeat inside an unbounded repeat that can
split a run between two passes, no two unbounded repeats that can split a run between them.

The patterns are found automatically (a new one cannot escape); each found place is a
quadratic (or worse) time on a long run of one character, so the assertion is on structure,
never on time. ``bench/bench_regex.py`` times them all on such runs.
"""

from __future__ import annotations

import re

import pytest

from bench.regex_patterns import backtracking_risks, compiled_patterns, matched_in_place

#: Left out of the check for split runs: the furniture lexicon's lines (compiled in
#: ``claims.furniture._patterns``), which ``line_kind`` only fullmatches against lines of at most
#: 400 characters or lines opening with "this", "the" or "disclaimer", none of which the split
#: repeats can follow.
SHORT_LINES_ONLY = ("claims.furniture:",)


@pytest.fixture(scope="module")
def patterns() -> dict[tuple[str, int], str]:
    return compiled_patterns()


def test_the_probe_finds_module_patterns_and_lexicon_patterns(
    patterns: dict[tuple[str, int], str],
) -> None:
    from claims import markdown

    origins = set(patterns.values())
    assert (markdown._FRONT_TITLE.pattern, re.MULTILINE) in patterns
    assert any(o.startswith("claims.certainty") for o in origins)  # built from the cue lexicons
    assert any(o.startswith("claims.classifying") for o in origins)  # from nonclaims.tsv
    assert any(o.startswith("sources.") for o in origins)
    assert len(patterns) > 300


def test_no_pattern_splits_a_run_two_ways(patterns: dict[tuple[str, int], str]) -> None:
    risky = {
        f"{origin}: {pattern[:80]!r}: {risks[0]}"
        for (pattern, flags), origin in patterns.items()
        if not origin.startswith(SHORT_LINES_ONLY)
        and (risks := backtracking_risks(pattern, flags, searched=False))
    }
    assert not risky, "\n".join(sorted(risky))


#: Patterns a search could restart inside a run of, which are never searched over a long text:
#: (origin, the pattern's start) and why.
BOUNDED_SEARCH = {
    (
        "claims.classifying:",
        "[*_#\\s]*(?:",
    ): "fullmatched against a heading (opens_profile_section)",
    ("claims.markers._INVERTED_NAME_BEFORE", ""): "searched in the 40 characters before a marker",
    ("claims.certainty._WORD_BEFORE", ""): "searched in the 160 characters before a cue",
    ("claims.certainty:", "(?:^|\\b"): "a sense rule (senses.tsv): searched in 160 characters",
    ("claims.furniture:", ""): "the furniture lexicon's lines: fullmatched (line_kind)",
}


def test_no_searched_pattern_restarts_inside_a_run(patterns: dict[tuple[str, int], str]) -> None:
    """A pattern a search, ``finditer``, ``sub`` or ``split`` runs must not begin with a repeat a
    match can also begin inside of: each start in a long run rescans the rest of it."""
    risky = {
        f"{origin}: {pattern[:80]!r}: {risks[0]}"
        for (pattern, flags), origin in patterns.items()
        if not matched_in_place(origin)
        and not any(origin.startswith(o) and pattern.startswith(p) for o, p in BOUNDED_SEARCH)
        and (risks := backtracking_risks(pattern, flags))
    }
    assert not risky, "\n".join(sorted(risky))


@pytest.mark.parametrize(
    ("pattern", "risky"),
    [
        (r"(a+)+b", True),
        (r"(?:\s*x?)*y", True),
        (r"\bPMID\s*:?\s*(\d+)", True),
        (r"[^\"]*\w[^\"]*x", True),
        (r"\s*[^x]{1,40}?\s*y", True),
        (r"\bPMID\s*+:?\s*(\d+)", False),
        (r"(?=[^\"]*\w)[^\"]*+x", False),
        (r"(?:\s+not)?\s+x", False),
        (r"(\w+\s)+x", False),
        (r"\s*a\s*", False),
    ],
)
def test_the_check_tells_split_runs_from_linear_ones(pattern: str, risky: bool) -> None:
    assert bool(backtracking_risks(pattern, 0, searched=False)) is risky


@pytest.mark.parametrize(
    ("pattern", "risky"),
    [
        (r"\s+x", True),
        (r"\s++x", True),
        (r"\(.*\)", True),
        (r"(?<!\s)\s+x", False),
        (r"^\s+x", False),
    ],
)
def test_the_check_finds_runs_a_search_restarts_inside(pattern: str, risky: bool) -> None:
    assert bool(backtracking_risks(pattern, 0)) is risky


def test_the_fixed_patterns_read_what_they_read_before() -> None:
    """Possessive repeats where a run was split two ways: the same matches on ordinary text."""
    from claims.classifying import _REPORTED_QUESTION
    from claims.markdown import _FRONT_TITLE
    from sources.references import _PMCID, _PMID

    assert _PMID.search("see PMID: 12345 and").group(1) == "12345"  # type: ignore[union-attr]
    assert _PMCID.search("PMCID: PMC1234567").group(1) == "1234567"  # type: ignore[union-attr]
    assert _FRONT_TITLE.search("title:  A Page").group(1) == "A Page"  # type: ignore[union-attr]
    assert _REPORTED_QUESTION.search('Her talk was titled "Can diet prevent dementia?"')
    assert not _REPORTED_QUESTION.search('Is the product really "natural?"')
    # the runs that split: each now fails (or matches) in one pass
    assert _PMID.search("PMID" + " " * 200_000 + "x") is None
    assert _REPORTED_QUESTION.search("a" * 200_000) is None
    assert re.compile(r"\s*+,?\s*x").search(" " * 10) is None


def test_the_patterns_guarded_against_restarts_find_what_they_found() -> None:
    from claims.citestyle import _CO_AUTHORS
    from claims.furniture import _CITATION_TAIL, _has_inner_stop
    from claims.markers import _CO_AUTHOR_SPLIT
    from sources.references import _CONTAINER_END, _ET_AL

    assert _CO_AUTHORS.sub("", "Lee  & Park") == "Lee"
    assert _CO_AUTHORS.sub("", "Lee et al.") == "Lee"
    assert _CO_AUTHOR_SPLIT.split("Lee , Park and  Kim") == ["Lee", "Park", "Kim"]
    assert _ET_AL.sub("", "Lee A, Park B, et al.") == "Lee A, Park B"
    assert _ET_AL.sub("", "Lee A, Park B ...") == "Lee A, Park B"
    assert _CONTAINER_END.search("Nature  2019").start() == 6  # type: ignore[union-attr]
    assert _has_inner_stop("Sliced ginger. Photo by Lee") and not _has_inner_stop("Dr. Lee")
    assert _has_inner_stop("end. Then. Next") and not _has_inner_stop("A" * 200_000)
    assert _CITATION_TAIL.search("Walking helps [a [12]") and not _CITATION_TAIL.search(
        "[" * 200_000
    )
    run = " " * 200_000
    assert _CO_AUTHORS.search(f"Lee{run}x") is None
    assert _CO_AUTHOR_SPLIT.split(f"Lee{run}Park") == [f"Lee{run}Park"]
    assert _ET_AL.search(f"Lee{run}x") is None
