"""The lexicon matcher's parts: whole-word finding and trigger-word pre-filters."""

from __future__ import annotations

from claims.lexicon import Triggers, next_word, word_finder


def test_word_finder_finds_whole_words_only_in_order() -> None:
    lowered = "this is, isn't dismay; may-be may2 _may may"
    found = [
        (m.start(), m.group()) for m in word_finder(frozenset({"is", "may"})).finditer(lowered)
    ]
    assert found == [(5, "is"), (23, "may"), (30, "may"), (36, "may"), (40, "may")]


def test_next_word_skips_what_is_not_a_letter() -> None:
    assert next_word("is -- 5 not", 2) == "not"
    assert next_word("is.", 2) is None


def test_triggers_skip_a_start_word_whose_cues_need_absent_words() -> None:
    triggers = Triggers({"is": frozenset({"thought", "regarded"}), "may": None})
    heads = frozenset({"is", "may"})
    assert triggers.possible(heads, frozenset({"is", "may", "it"})) == {"may"}
    assert triggers.possible(heads, frozenset({"is", "regarded"})) == {"is", "may"}
