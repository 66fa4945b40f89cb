"""Evidence level of a source, with the cues that justify it.

Policy:

- **Metadata first.** The words of the source's reference entry (title, container and
  publication types, matched with ``cues/metadata.tsv`` and ``cues/container.tsv``) decide the
  level when they name any design: the strongest of them, except that an animal cue beats a
  human design it qualifies ("a randomized trial in rats" is animal research), while a
  systematic review stays one.
- **Else the citing sentences** (``cues/sentence.tsv``): "a meta-analysis of 12 trials
  found [3]" makes 3 a systematic review. A design that opens a sentence (only words of
  ``cues/openers.txt``, numbers and names before it) naming only that design ("Animal studies
  show that ... [1] and ... [2, 3]") goes to every source the sentence cites; any other cue
  goes to the nearest marker after it (or, when none follows, before it), so "as in a
  case-control study [11] and later work [2]" gives 11 alone. A cue shared among k
  sources weighs 1/k, and each citing sentence gives a source one level (read like a title:
  the strongest design it names, animals beating the human design they qualify). The level
  with the largest weight wins; ties go to the *weaker* level, the cautious reading.
- "Statistics indicate" counts as cross-sectional: population statistics come from surveys
  and registries at one point in time. Generic phrases ("studies have shown", "research
  confirms") name no design and leave a source ``unknown``.
- **Secondary sources** (``cues/secondary.tsv``): a reference entry that is a news story, a
  press release, a blog post or slides reports others' work. It is graded as what it is: level
  ``unknown``, its kind kept as its first cue; the designs its title or citing sentences name
  ("a trial found") stay listed as cues of the study it reports but decide nothing, and no
  conflict is raised between them.
- **Conflict**: the metadata's level and the sentences that cite this source *alone* disagree
  (a cue shared with other sources informs the level but is too loose to accuse one of them).
  A systematic review agrees with the human designs it pools; several designs in one title or
  one sentence describe one paper. Every cue is kept, so the user sees all of them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from functools import cache

from claims.model import Marker, Sentence
from sources.cue_files import cue_lines
from sources.lexicon import CueMatch, find_cues, load_rules
from sources.model import LEVELS, LevelCue, Reference

_RANK = {level: rank for rank, level in enumerate(LEVELS)}
_HUMAN_DESIGNS = {"rct", "cohort", "case-control", "cross-sectional", "case-report"}

#: A cue attributed to one source from one citing sentence, with its weight (1/k).
WeightedCue = tuple[LevelCue, float]


def strongest(levels: Iterable[str]) -> str | None:
    """Return the strongest of ``levels`` in the order of LEVELS, or None if there are none."""
    return min(levels, key=_RANK.__getitem__, default=None)


def _real(matches: list[CueMatch]) -> list[CueMatch]:
    """Drop "unknown" rows: they only block wrong readings ("in vitro fertilisation")."""
    return [m for m in matches if m.level != "unknown"]


def metadata_cues(ref: Reference | None) -> tuple[LevelCue, ...]:
    """Return the level cues of a reference entry's title, then of its container and
    publication types when these add a level the title does not show."""
    if ref is None:
        return ()
    data = ref.data
    cues = [_meta_cue(m) for m in _matches(data.title or ref.text, "metadata.tsv")]
    extra = _matches(data.container, "container.tsv")
    extra += [m for t in data.publication_types for m in _matches(t, "metadata.tsv")]
    for match in extra:
        if all(c.level != match.level for c in cues):
            cues.append(_meta_cue(match))
    return tuple(cues)


@cache
def _secondary_rules() -> tuple[tuple[re.Pattern[str], str], ...]:
    rows = [line.split("\t") for line in cue_lines("secondary.tsv")]
    return tuple(
        (re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.IGNORECASE), kind)
        for pattern, kind, _note in rows[1:]
    )


def secondary_cue(ref: Reference | None) -> LevelCue | None:
    """Return the cue saying a reference is a secondary source (a news story...), if it is one."""
    if ref is None:
        return None
    data = ref.data
    entry = " ".join(filter(None, (ref.text, data.title, data.container, data.url)))
    for pattern, kind in _secondary_rules():
        if found := pattern.search(entry):
            return LevelCue("unknown", f"{found.group(0)} ({kind})", "metadata", None)
    return None


def _matches(text: str | None, lexicon: str) -> list[CueMatch]:
    return _real(find_cues(text, load_rules(lexicon))) if text else []


def _meta_cue(match: CueMatch) -> LevelCue:
    return LevelCue(match.level, match.text, "metadata", None)


_WORD = re.compile(r"[\w'-]+")


@cache
def _openers() -> frozenset[str]:
    """Return the words that may precede a design cue opening a sentence (cues/openers.txt)."""
    return frozenset(word.strip() for word in cue_lines("openers.txt"))


def sentence_cues(sentence: Sentence) -> dict[str, list[WeightedCue]]:
    """Return, per source key the sentence cites, the design cues attributed to it."""
    keys = sentence.keys
    if not keys:
        return {}
    matches = _real(find_cues(sentence.text, load_rules("sentence.tsv")))
    out: dict[str, list[WeightedCue]] = defaultdict(list)
    single_design = len({m.level for m in matches}) == 1
    for match in matches:
        opens = single_design and _opens(sentence, match)
        targets = keys if opens else _nearest_keys(sentence, match)
        cue = LevelCue(match.level, match.text, "citing-sentence", sentence.id)
        for key in targets:
            out[key].append((cue, 1 / len(targets)))
    return dict(out)


def _opens(sentence: Sentence, match: CueMatch) -> bool:
    """Return True when the cue opens the sentence: before its first marker, after nothing
    but openers, numbers and names ("In a large 2019 trial", "The American Heart Association").
    """
    first = min(m.start for m in sentence.markers) - sentence.start
    before = _WORD.findall(sentence.text[: match.start])
    return match.end <= first and all(
        w.lower() in _openers() or w[0].isupper() or any(c.isdigit() for c in w) for w in before
    )


def _nearest_keys(sentence: Sentence, match: CueMatch) -> tuple[str, ...]:
    """Return the keys of the first marker after the cue, else of the last marker before it."""
    position = sentence.start + match.end
    after = [m for m in sentence.markers if m.start >= position]
    before = [m for m in sentence.markers if m.start < position]
    marker: Marker = (
        min(after, key=lambda m: m.start) if after else max(before, key=lambda m: m.start)
    )
    return tuple(dict.fromkeys(marker.keys)) or sentence.keys


def _one_study_level(levels: set[str]) -> str | None:
    """Return the level of one study described with several design words (a title, a sentence).

    The strongest design wins ("a meta-analysis of randomised trials" is a meta-analysis),
    except that animals beat the human design they qualify ("a randomised trial in rats").
    """
    if "animal" in levels and levels & _HUMAN_DESIGNS and "systematic-review" not in levels:
        return "animal"
    return strongest(levels)


def _sentence_levels(weighted: list[WeightedCue]) -> dict[str | None, tuple[str, float]]:
    """Return, per citing sentence, the one level it gives the source and its weight."""
    levels: dict[str | None, set[str]] = defaultdict(set)
    weights: dict[str | None, float] = defaultdict(float)
    for cue, weight in weighted:
        levels[cue.sentence_id].add(cue.level)
        weights[cue.sentence_id] = max(weights[cue.sentence_id], weight)
    return {sid: (_one_study_level(lv) or "unknown", weights[sid]) for sid, lv in levels.items()}


def _weighted_level(per_sentence: dict[str | None, tuple[str, float]]) -> str | None:
    """Return the level with most weight; ties go to the weaker level."""
    totals: dict[str, float] = defaultdict(float)
    for level, weight in per_sentence.values():
        totals[level] += weight
    if not totals:
        return None
    return max(totals, key=lambda level: (round(totals[level], 9), _RANK[level]))


def _conflicting(meta_level: str | None, meta_levels: set[str], own_levels: set[str]) -> bool:
    """Return True when the metadata and the sentences citing this source alone disagree.

    A systematic review agrees with the human designs it pools ("trials show [1]" of a
    meta-analysis of trials), and a sentence agrees with any design its source's own title
    names ("Mice are nocturnal [11]" citing "Of mice and men: a commentary").
    """
    own_levels = own_levels - meta_levels
    if meta_level == "systematic-review":
        own_levels = {"systematic-review" if lv in _HUMAN_DESIGNS else lv for lv in own_levels}
    return len(own_levels | ({meta_level} if meta_level else set())) > 1


def grade_source(
    meta: tuple[LevelCue, ...], weighted: list[WeightedCue], secondary: LevelCue | None = None
) -> tuple[str, tuple[LevelCue, ...], bool]:
    """Return a source's level, all its cues (metadata first) and whether they conflict.

    ``secondary``: the cue of a secondary source (``secondary_cue``), graded ``unknown``.
    """
    cues = tuple(dict.fromkeys([*meta, *(cue for cue, _ in weighted)]))
    if secondary is not None:
        return "unknown", (secondary, *cues), False
    meta_level = _one_study_level({c.level for c in meta})
    per_sentence = _sentence_levels(weighted)
    level = meta_level or _weighted_level(per_sentence) or "unknown"
    own = {lv for lv, weight in per_sentence.values() if weight == 1}
    return level, cues, _conflicting(meta_level, {c.level for c in meta}, own)
