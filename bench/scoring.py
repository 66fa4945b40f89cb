"""Score claimkb's output against the hand-labelled fixtures (``*.gold.json``).

Predicted sentences are aligned to gold sentences by text (whitespace collapsed), in document
order, with a fallback on word overlap for sentences whose boundaries or rendering differ. Every
score is built from counts (:class:`Counts`) so that fixtures add up to an overall micro-average.
Used by ``bench/evaluate.py`` and ``tests/test_fixtures_eval.py``.
"""

from __future__ import annotations

import difflib
import itertools
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claims.model import KINDS

ARTICLES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "articles"
_WORD = re.compile(r"\w+")
_EDGE = re.compile(r"^[\s*_>#|•·-]+|[\s*_|]+$")
MIN_COVER = 0.5  # share of each side's words an overlap match must cover...
CONTAINED = (0.9, 0.3)  # ...or: nearly all gold words, in a longer rendering (JATS references)


@dataclass
class PRF:
    """True positives, false positives and false negatives, with the usual ratios."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: PRF) -> None:
        """Add another count into this one."""
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float | None:
        """Return tp / (tp + fp), None when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        """Return tp / (tp + fn), None when nothing was expected."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        """Return the harmonic mean of precision and recall (None when both are undefined)."""
        if not self.tp + self.fp + self.fn:
            return None
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn)

    def as_dict(self) -> dict[str, Any]:
        """Return the counts and ratios as plain data."""
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass
class Ratio:
    """A share: ``hits`` out of ``total``."""

    hits: int = 0
    total: int = 0

    def add(self, other: Ratio) -> None:
        """Add another ratio's counts into this one."""
        self.hits += other.hits
        self.total += other.total

    @property
    def value(self) -> float | None:
        """Return hits / total, None when there is nothing to count."""
        return self.hits / self.total if self.total else None

    def as_dict(self) -> dict[str, Any]:
        """Return the counts and the share as plain data."""
        return {"hits": self.hits, "total": self.total, "value": self.value}


@dataclass
class Counts:
    """Everything the evaluation counts on one fixture (or on several, added up)."""

    sentences_gold: int = 0
    sentences_predicted: int = 0
    aligned_exact: int = 0
    aligned_overlap: int = 0
    kinds: dict[str, PRF] = field(default_factory=lambda: {k: PRF() for k in KINDS})
    claim: PRF = field(default_factory=PRF)
    marker_exact: Ratio = field(default_factory=Ratio)
    marker_keys: PRF = field(default_factory=PRF)
    spurious_marker_sentences: int = 0
    citation_needed: PRF = field(default_factory=PRF)
    hedges: PRF = field(default_factory=PRF)
    boosters: PRF = field(default_factory=PRF)
    negation: Ratio = field(default_factory=Ratio)
    graded: bool = False
    unsupported: PRF = field(default_factory=PRF)
    status: Ratio = field(default_factory=Ratio)
    level: Ratio = field(default_factory=Ratio)
    conflict: PRF = field(default_factory=PRF)
    audited: bool = False
    overclaim: PRF = field(default_factory=PRF)
    typed: bool = False  # the fixture is labelled for typed exaggerations
    exaggeration: PRF = field(default_factory=PRF)  # one per (sentence, rule)
    errors: list[str] = field(default_factory=list)

    def add(self, other: Counts) -> None:
        """Add another fixture's counts into this one."""
        for name in ("sentences_gold", "sentences_predicted", "aligned_exact", "aligned_overlap"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.spurious_marker_sentences += other.spurious_marker_sentences
        for kind, prf in other.kinds.items():
            self.kinds.setdefault(kind, PRF()).add(prf)
        for name in _ADDABLE:
            getattr(self, name).add(getattr(other, name))
        self.graded = self.graded or other.graded
        self.audited = self.audited or other.audited
        self.typed = self.typed or other.typed
        self.errors.extend(other.errors)

    def as_dict(self) -> dict[str, Any]:
        """Return every count and ratio as plain data (for ``--json``)."""
        data: dict[str, Any] = {
            "sentences_gold": self.sentences_gold,
            "sentences_predicted": self.sentences_predicted,
            "aligned_exact": self.aligned_exact,
            "aligned_overlap": self.aligned_overlap,
            "spurious_marker_sentences": self.spurious_marker_sentences,
            "kinds": {k: v.as_dict() for k, v in self.kinds.items()},
            "graded": self.graded,
            "audited": self.audited,
            "typed": self.typed,
            "errors": self.errors,
        }
        for name in _ADDABLE:
            data[name] = getattr(self, name).as_dict()
        return data


_ADDABLE = (
    "claim",
    "marker_exact",
    "marker_keys",
    "citation_needed",
    "hedges",
    "boosters",
    "negation",
    "unsupported",
    "status",
    "level",
    "conflict",
    "overclaim",
    "exaggeration",
)


@dataclass(frozen=True)
class Predicted:
    """What the pipeline said about one sentence, in the shape the scorer needs."""

    id: str
    text: str
    kind: str
    keys: tuple[str, ...]
    hedges: tuple[tuple[str, str, bool], ...]  # (text as found, lexicon entry, negated)
    boosters: tuple[tuple[str, str, bool], ...]
    editor_flags: tuple[str, ...]
    status: str | None = None
    overclaim: bool = False
    exaggerations: frozenset[str] = frozenset()  # typed-exaggeration rules that fired on it


def fixtures(folder: Path = ARTICLES) -> list[tuple[Path, Path]]:
    """Return (article path, gold path) for every labelled fixture, sorted by name."""
    pairs = []
    for gold in sorted(folder.glob("*.gold.json")):
        stem = gold.name.removesuffix(".gold.json")
        articles = [p for p in folder.glob(stem + ".*") if not p.name.endswith(".gold.json")]
        if len(articles) == 1:
            pairs.append((articles[0], gold))
    return pairs


def load_gold(path: Path) -> dict[str, Any]:
    """Return a gold label file as plain data."""
    return json.loads(path.read_text(encoding="utf-8"))


def normalise(text: str) -> str:
    """Return text with whitespace collapsed and Markdown/bullet edges trimmed, for alignment."""
    return _EDGE.sub("", " ".join(text.split()))


def _words(text: str) -> Counter[str]:
    return Counter(w.lower() for w in _WORD.findall(text))


def overlap(gold: str, predicted: str) -> float:
    """Return a word-overlap score in [0, 1] (Dice); 0 when the two do not cover each other."""
    g, p = _words(gold), _words(predicted)
    if not g or not p:
        return 0.0
    common = sum((g & p).values())
    cover_g, cover_p = common / sum(g.values()), common / sum(p.values())
    covered = cover_g >= MIN_COVER and cover_p >= MIN_COVER
    if not covered and not (cover_g >= CONTAINED[0] and cover_p >= CONTAINED[1]):
        return 0.0
    return 2 * common / (sum(g.values()) + sum(p.values()))


def align(gold: Sequence[str], predicted: Sequence[str]) -> dict[int, tuple[int, bool]]:
    """Return {gold index: (predicted index, exact)}: exact text matches in order, then overlap."""
    g_norm = [normalise(t) for t in gold]
    p_norm = [normalise(t) for t in predicted]
    matcher = difflib.SequenceMatcher(None, g_norm, p_norm, autojunk=False)
    pairs: dict[int, tuple[int, bool]] = {}
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            pairs[block.a + k] = (block.b + k, True)
    anchors = sorted((g, p) for g, (p, _) in pairs.items())
    bounds = [(-1, -1), *anchors, (len(gold), len(predicted))]
    for (g0, p0), (g1, p1) in itertools.pairwise(bounds):
        _fill_gap(g_norm, p_norm, range(g0 + 1, g1), range(p0 + 1, p1), pairs)
    return pairs


def _fill_gap(
    gold: Sequence[str],
    predicted: Sequence[str],
    g_range: range,
    p_range: range,
    pairs: dict[int, tuple[int, bool]],
) -> None:
    """Pair the unaligned sentences between two anchors, best overlap first, keeping order."""
    scored = [(overlap(gold[g], predicted[p]), g, p) for g in g_range for p in p_range if gold[g]]
    taken_p: set[int] = set()
    for score, g, p in sorted(scored, key=lambda item: (-item[0], item[1], item[2])):
        if score <= 0 or g in pairs or p in taken_p:
            continue
        if _crosses(pairs, g, p):
            continue
        pairs[g] = (p, False)
        taken_p.add(p)


def _crosses(pairs: dict[int, tuple[int, bool]], g: int, p: int) -> bool:
    """Return True when pairing g with p would break document order."""
    return any((g2 < g) != (p2 < p) for g2, (p2, _) in pairs.items())


def _cue_match(gold: str, found: tuple[str, str, bool]) -> bool:
    """Return True when a predicted cue matches a gold cue string (equal or contained)."""
    for candidate in (found[0].lower(), found[1].lower()):
        if candidate == gold or _contains(candidate, gold) or _contains(gold, candidate):
            return True
    return False


def _contains(outer: str, inner: str) -> bool:
    return bool(inner) and re.search(rf"(?<!\w){re.escape(inner)}(?!\w)", outer) is not None


def score_cues(
    gold: Sequence[str], negated: Iterable[str], found: Sequence[tuple[str, str, bool]]
) -> tuple[PRF, Ratio]:
    """Return cue P/R counts and the negation agreement over matched cues of one sentence.

    Gold cues are matched one to one (equal, or one containing the other); a predicted span
    that contains two gold cues ("clearly proven" for "clearly" and "proven") finds both.
    """
    left = list(found)
    used: list[tuple[str, str, bool]] = []
    prf, negation = PRF(), Ratio()
    negated_set = set(negated)
    for cue in gold:
        hit = next((f for f in left if _cue_match(cue, f)), None)
        if hit is not None:
            left.remove(hit)
            used.append(hit)
        else:  # one predicted span may hold two gold cues: "clearly proven"
            hit = next((f for f in used if _contains(f[0].lower(), cue)), None)
        if hit is None:
            prf.fn += 1
            continue
        prf.tp += 1
        negation.total += 1
        negation.hits += int((cue in negated_set) == hit[2])
    prf.fp += len(left)
    return prf, negation


def score_fixture(
    gold: dict[str, Any],
    predicted: Sequence[Predicted],
    sources: dict[str, tuple[str, bool]] | None = None,
    audited: bool = False,
) -> Counts:
    """Return the counts of one fixture.

    ``sources`` maps key -> (level, conflict) when the article was graded; ``audited`` says the
    predicted ``overclaim`` flags come from an audit.
    """
    counts = Counts(graded=sources is not None, audited=audited)
    counts.typed = audited and bool(gold.get("exaggerations"))
    gold_sents = gold["sentences"]
    pairs = align([g["text"] for g in gold_sents], [p.text for p in predicted])
    counts.sentences_predicted = len(predicted)
    used = {p for p, _ in pairs.values()}
    for index, g in enumerate(gold_sents):
        pair = pairs.get(index)
        if pair is None and g.get("optional"):
            continue
        counts.sentences_gold += 1
        p = predicted[pair[0]] if pair else None
        if pair:
            counts.aligned_exact += pair[1]
            counts.aligned_overlap += not pair[1]
        _score_sentence(counts, g, p)
    for j, p in enumerate(predicted):
        if j not in used:
            _score_sentence(counts, None, p)
    if sources is not None:
        _score_sources(counts, gold, sources)
    return counts


def _score_sentence(counts: Counts, g: dict[str, Any] | None, p: Predicted | None) -> None:
    """Count an aligned pair, a missed gold sentence (p None) or an extra prediction (g None)."""
    _score_kind(counts, g, p)
    _score_markers(counts, g, p)
    g_flag = bool(g) and "citation-needed" in g["editor_flags"]
    p_flag = bool(p) and "citation-needed" in p.editor_flags
    counts.citation_needed.add(_binary(g_flag, p_flag))
    for name in ("hedges", "boosters"):
        found = getattr(p, name) if p else ()
        prf, negation = score_cues(g[name] if g else (), g["negated"] if g else (), found)
        getattr(counts, name).add(prf)
        counts.negation.add(negation)
    if counts.graded:
        _score_status(counts, g, p)


def _binary(expected: bool, found: bool) -> PRF:
    """Return the counts of one yes/no decision."""
    return PRF(int(expected and found), int(found and not expected), int(expected and not found))


def _score_kind(counts: Counts, g: dict[str, Any] | None, p: Predicted | None) -> None:
    if g and p and g["kind"] == p.kind:
        counts.kinds[g["kind"]].tp += 1
    else:
        if g:
            counts.kinds[g["kind"]].fn += 1
        if p:
            counts.kinds.setdefault(p.kind, PRF()).fp += 1
    g_claim, p_claim = bool(g) and g["kind"] == "claim", bool(p) and p.kind == "claim"
    counts.claim.add(_binary(g_claim, p_claim))


def _score_markers(counts: Counts, g: dict[str, Any] | None, p: Predicted | None) -> None:
    g_keys = list(g["markers"]) if g else []
    p_keys = list(p.keys) if p else []
    if g_keys:
        counts.marker_exact.total += 1
        counts.marker_exact.hits += int(bool(p) and g_keys == p_keys)
    elif p_keys:
        counts.spurious_marker_sentences += 1
    common = sum((Counter(g_keys) & Counter(p_keys)).values())
    counts.marker_keys.add(PRF(common, len(p_keys) - common, len(g_keys) - common))


def _score_status(counts: Counts, g: dict[str, Any] | None, p: Predicted | None) -> None:
    g_status = g["status"] if g else None
    p_status = p.status if p else None
    g_unsup, p_unsup = g_status == "unsupported", p_status == "unsupported"
    counts.unsupported.add(_binary(g_unsup, p_unsup))
    if g_status:
        counts.status.total += 1
        counts.status.hits += int(g_status == p_status)
    if counts.audited:
        g_over, p_over = bool(g) and g["overclaim"], bool(p) and p.overclaim
        counts.overclaim.add(_binary(g_over, p_over))
    if counts.typed:
        g_ex = set(g.get("exaggerations", ())) if g else set()
        p_ex = set(p.exaggerations) if p else set()
        counts.exaggeration.add(PRF(len(g_ex & p_ex), len(p_ex - g_ex), len(g_ex - p_ex)))


def _score_sources(
    counts: Counts, gold: dict[str, Any], sources: dict[str, tuple[str, bool]]
) -> None:
    for key, level in gold["sources"].items():
        if level is None:
            continue
        counts.level.total += 1
        counts.level.hits += int(key in sources and sources[key][0] == level)
    expected = set(gold.get("conflicts", ()))
    found = {key for key, (_, conflict) in sources.items() if conflict}
    counts.conflict.add(PRF(len(expected & found), len(found - expected), len(expected - found)))


def disagreements(gold: dict[str, Any], predicted: Sequence[Predicted]) -> list[str]:
    """Return one line per disagreement (kind, keys, cues, status, overclaim), for reading."""
    gold_sents = gold["sentences"]
    pairs = align([g["text"] for g in gold_sents], [p.text for p in predicted])
    lines = []
    for index, g in enumerate(gold_sents):
        pair = pairs.get(index)
        if pair is None:
            if not g.get("optional"):
                lines.append(f"MISSED  [{g['kind']}] {g['text'][:90]!r}")
            continue
        p = predicted[pair[0]]
        lines += [f"{p.id:>5} {d}: {g['text'][:70]!r}" for d in _differences(g, p)]
    used = {p for p, _ in pairs.values()}
    lines += [
        f"EXTRA   {p.id} [{p.kind}] {p.text[:90]!r}"
        for j, p in enumerate(predicted)
        if j not in used
    ]
    return lines


def _differences(g: dict[str, Any], p: Predicted) -> list[str]:
    """Return what a predicted sentence gets wrong about its gold sentence."""
    out = []
    if g["kind"] != p.kind:
        out.append(f"kind {g['kind']} != {p.kind}")
    if list(g["markers"]) != list(p.keys):
        out.append(f"keys {g['markers']} != {list(p.keys)}")
    for name in ("hedges", "boosters"):
        prf, _ = score_cues(g[name], g["negated"], getattr(p, name))
        if prf.fp or prf.fn:
            found = [f"{c[0]}{'(neg)' if c[2] else ''}" for c in getattr(p, name)]
            out.append(f"{name} {g[name]} != {found}")
    if p.status is not None and g["status"] != p.status:
        out.append(f"status {g['status']} != {p.status}")
    if g["overclaim"] != p.overclaim and (p.status is not None or p.overclaim):
        out.append(f"overclaim {g['overclaim']} != {p.overclaim}")
    if "exaggerations" in g and set(g["exaggerations"]) != set(p.exaggerations):
        out.append(f"exaggerations {sorted(g['exaggerations'])} != {sorted(p.exaggerations)}")
    return out
