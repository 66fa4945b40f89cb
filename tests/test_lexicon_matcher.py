"""The lexicon matcher's parts: whole-word finding and trigger-word pre-filters."""

from __future__ import annotations

import re

import pytest

from claims.certainty import (
    APPROXIMATION,
    ATTRIBUTION,
    CERTAINTY,
    FRAMING,
    _lexicon,
    _matches,
    _word_lists,
    _Words,
)
from claims.lexicon import Triggers, next_word, occurrences


def test_occurrences_are_whole_words_only_in_order() -> None:
    lowered = "this is, isn't dismay; may-be may2 _may may"
    found = occurrences(lowered, frozenset({"is", "may"}))
    assert found == [(5, "is"), (23, "may"), (30, "may"), (36, "may"), (40, "may")]


def test_next_word_skips_what_is_not_a_letter() -> None:
    assert next_word("is -- 5 not", 2) == "not"
    assert next_word("is.", 2) is None


def test_triggers_skip_a_start_word_whose_cues_need_absent_words() -> None:
    triggers = Triggers({"is": frozenset({"thought", "regarded"}), "may": None})
    heads = frozenset({"is", "may"})
    assert triggers.possible(heads, frozenset({"is", "may", "it"})) == {"may"}
    assert triggers.possible(heads, frozenset({"is", "regarded"})) == {"is", "may"}


@pytest.mark.parametrize("kinds", [CERTAINTY, FRAMING, ATTRIBUTION, APPROXIMATION])
def test_every_plain_cue_alone_in_a_sentence_is_matched_past_the_trigger_filter(
    kinds: tuple[str, ...],
) -> None:
    lexicon = _lexicon(kinds)
    for entry in lexicon.entries:
        if "{" in entry.cue:
            continue
        for text in (f"Then {entry.cue} here.", f"{entry.cue.capitalize()}, said Lee of it."):
            words = _Words(text, 0, len(text))
            every = [
                (m.span(), lexicon.entries[(m.lastindex or 1) - 1])
                for m in lexicon.pattern.finditer(text)
            ]
            tried = [(m.span(), e) for m, e in _matches(lexicon, text, 0, len(text), words)]
            assert tried == every, entry


@pytest.mark.parametrize("kinds", [CERTAINTY, ATTRIBUTION, APPROXIMATION])
def test_every_template_is_matched_as_the_whole_pattern_matches_it(
    kinds: tuple[str, ...],
) -> None:
    """Templates are tried in parts by their opening word or {list}: where parts of several
    openings match at one word ("{be} ..." and "is ..."), the match is the one of the template
    the whole pattern tries first."""
    lexicon = _lexicon(kinds)
    lists = _word_lists()
    for entry in lexicon.groups[0]:
        for pick in (0, -1):  # each {list} filled with its first entry, then with its last

            def filled(name: re.Match[str], pick: int = pick) -> str:
                return lists[name.group(1)][pick].replace("\\", "")

            phrase = re.sub(r"\{([\w-]+)\}", filled, entry.cue)
            for text in (f"Then {phrase} here.", f"{phrase.capitalize()}, it said."):
                words = _Words(text, 0, len(text))
                every = [
                    (m.span(), lexicon.entries[(m.lastindex or 1) - 1])
                    for m in lexicon.pattern.finditer(text)
                ]
                tried = [(m.span(), e) for m, e in _matches(lexicon, text, 0, len(text), words)]
                assert tried == every, (entry, text)


@pytest.mark.parametrize(
    "text",
    [
        "Other studies have found a link with sleep.",  # "{prior} ..." or "{vague} ..."
        "Countless people say the bridge is haunted.",  # "{vague} ..." or "countless ..."
        "Various accounts place the mill upstream.",  # "{vague} ..." or "various ..."
        "Some believe the well was older.",  # "{vague} ..." or "{vague-pronoun} ..."
    ],
)
def test_where_templates_of_two_openings_match_the_first_in_order_is_found(text: str) -> None:
    lexicon = _lexicon(ATTRIBUTION)
    words = _Words(text, 0, len(text))
    every = [
        (m.span(), lexicon.entries[(m.lastindex or 1) - 1]) for m in lexicon.pattern.finditer(text)
    ]
    assert every
    assert [(m.span(), e) for m, e in _matches(lexicon, text, 0, len(text), words)] == every


def _fillings(cue: str) -> list[str]:
    """Return phrases of a template: each fragment of its first word or {list} with the first
    fragment of the rest, then each fragment of its second with the first of the rest."""
    lists = _word_lists()
    elements = [
        [f.replace("\\", "") for f in lists[w[1:-1]]] if w.startswith("{") else [w]
        for w in cue.split()
    ]
    phrases = []
    for place in range(min(2, len(elements))):
        for fragment in elements[place]:
            chosen = [options[0] for options in elements]
            chosen[place] = fragment
            phrases.append(" ".join(chosen))
    return phrases


@pytest.mark.parametrize("kinds", [CERTAINTY, ATTRIBUTION, APPROXIMATION])
def test_a_template_is_tried_past_the_second_word_filter_whatever_its_first_words(
    kinds: tuple[str, ...],
) -> None:
    """A start word is tried only when the word after it can be a cue's next word: for a
    template, the next word of its first fragment or the first word of its second part
    (``_follows``); every fragment of both parts is matched as the whole pattern matches it."""
    lexicon = _lexicon(kinds)
    for entry in lexicon.groups[0]:
        for phrase in _fillings(entry.cue):
            text = f"Then {phrase} here."
            words = _Words(text, 0, len(text))
            every = [
                (m.span(), lexicon.entries[(m.lastindex or 1) - 1])
                for m in lexicon.pattern.finditer(text)
            ]
            tried = [(m.span(), e) for m, e in _matches(lexicon, text, 0, len(text), words)]
            assert tried == every, (entry, text)


def test_a_templates_start_word_is_tried_only_before_a_word_it_can_take() -> None:
    starts = _lexicon(ATTRIBUTION).starts
    assert starts is not None
    assert {"number", "few", "lot"} <= (starts["a"] or set())  # "a number of", "a few" ...
    assert "day" not in (starts["a"] or {"day"})  # "a day" opens no cue
