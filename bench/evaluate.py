"""Evaluate claimkb on the labelled fixtures, or smoke-test it on unlabelled folders.

    uv run python bench/evaluate.py                     # every fixture in tests/fixtures/articles
    uv run python bench/evaluate.py --json scores.json  # also write every count as JSON
    uv run python bench/evaluate.py --smoke ../shared/corpus/plos ../shared/examples

Each stage runs when its module exists: extraction (claims.extract), grading (sources.grade:
unsupported claims, statuses, evidence levels) and the audit (kb.audit: overclaims).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
import traceback
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.scoring import (
    ARTICLES,
    KINDS,
    Counts,
    Predicted,
    disagreements,
    fixtures,
    load_gold,
    score_fixture,
)

#: The typed-exaggeration rules (issue 11), scored on fixtures labelled for them.
TYPED = ("causal-from-observational", "human-from-animal", "advice-from-weak")
EXTENSIONS = {".txt", ".md", ".markdown", ".html", ".htm", ".xml", ".nxml"}


def has_module(name: str) -> bool:
    """Return True when ``name`` can be imported (its parent packages included)."""
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


@dataclass(frozen=True)
class Run:
    """What the pipeline produced for one article, reduced to what the scorer needs."""

    predicted: list[Predicted]
    sources: dict[str, tuple[str, bool]] | None
    audited: bool


def run_pipeline(path: Path, grade: bool = True, audit: bool = True) -> Run:
    """Return the pipeline's output on one article: extraction, then grading and audit if any."""
    from claims.extract import extract_path

    article = extract_path(path)
    statuses: dict[str, str] = {}
    sources = None
    overclaims: set[str] = set()
    typed: dict[str, set[str]] = {}
    audited = False
    if grade and has_module("sources"):
        from sources import grade as grade_article

        graded = grade_article(article)
        statuses = {g.sentence_id: g.status for g in graded.grades}
        sources = {s.key: (s.level, s.conflict) for s in graded.sources}
        if audit and has_module("kb.audit.article"):
            from kb.audit.article import audit_article

            result = audit_article(graded)
            overclaims = {f.sentence_id for f in result.findings if f.rule == "overclaim"}
            overclaims.discard(None)
            for f in result.findings:
                if f.rule in TYPED and f.sentence_id:
                    typed.setdefault(f.sentence_id, set()).add(f.rule)
            audited = True
    predicted = [
        Predicted(
            id=s.id,
            text=s.text,
            kind=s.kind,
            keys=s.keys,
            hedges=tuple((c.text, c.cue, c.negated) for c in s.hedges),
            boosters=tuple((c.text, c.cue, c.negated) for c in s.boosters),
            editor_flags=tuple(s.editor_flags),
            status=statuses.get(s.id),
            overclaim=s.id in overclaims,
            exaggerations=frozenset(typed.get(s.id, ())),
        )
        for s in article.sentences
    ]
    return Run(predicted, sources, audited)


def evaluate(folder: Path = ARTICLES, grade: bool = True, audit: bool = True) -> dict[str, Counts]:
    """Return the counts of every fixture in ``folder`` (a crash is recorded, not raised)."""
    results: dict[str, Counts] = {}
    for article, gold_path in fixtures(folder):
        gold = load_gold(gold_path)
        try:
            run = run_pipeline(article, grade, audit)
        except Exception:
            counts = score_fixture(gold, [])
            counts.errors.append(f"{article.name}: {traceback.format_exc(limit=3)}")
        else:
            counts = score_fixture(gold, run.predicted, run.sources, run.audited)
        results[article.name] = counts
    return results


def diff(folder: Path = ARTICLES, grade: bool = True, audit: bool = True) -> str:
    """Return every disagreement between the pipeline and the gold labels, fixture by fixture."""
    parts = []
    for article, gold_path in fixtures(folder):
        try:
            run = run_pipeline(article, grade, audit)
        except Exception as error:
            parts.append(f"\n== {article.name}: crashed: {error!r}")
            continue
        lines = disagreements(load_gold(gold_path), run.predicted)
        parts.append(f"\n== {article.name}: {len(lines)} disagreements")
        parts += lines
    return "\n".join(parts)


def overall(results: dict[str, Counts]) -> Counts:
    """Return the counts of all fixtures added up (micro-averages)."""
    total = Counts()
    for counts in results.values():
        total.add(counts)
    return total


def _fmt(value: float | None) -> str:
    return "   -" if value is None else f"{value:4.2f}"


SUMMARY = (
    ("sents g/p", lambda c: f"{c.sentences_gold}/{c.sentences_predicted}"),
    ("exact", lambda c: str(c.aligned_exact)),
    ("claimP", lambda c: _fmt(c.claim.precision)),
    ("claimR", lambda c: _fmt(c.claim.recall)),
    ("claimF1", lambda c: _fmt(c.claim.f1)),
    ("mrkExact", lambda c: _fmt(c.marker_exact.value)),
    ("spurM", lambda c: str(c.spurious_marker_sentences)),
    ("hedgeF1", lambda c: _fmt(c.hedges.f1)),
    ("boostF1", lambda c: _fmt(c.boosters.f1)),
    ("negAcc", lambda c: _fmt(c.negation.value)),
    ("cnF1", lambda c: _fmt(c.citation_needed.f1)),
    ("unsupP", lambda c: _fmt(c.unsupported.precision) if c.graded else "   ."),
    ("unsupR", lambda c: _fmt(c.unsupported.recall) if c.graded else "   ."),
    ("status", lambda c: _fmt(c.status.value) if c.graded else "   ."),
    ("levelAcc", lambda c: _fmt(c.level.value) if c.graded else "   ."),
    ("conflF1", lambda c: _fmt(c.conflict.f1) if c.graded else "   ."),
    ("overR", lambda c: _fmt(c.overclaim.recall) if c.audited else "   ."),
    ("overP", lambda c: _fmt(c.overclaim.precision) if c.audited else "   ."),
    ("exagR", lambda c: _fmt(c.exaggeration.recall) if c.typed else "   ."),
    ("exagP", lambda c: _fmt(c.exaggeration.precision) if c.typed else "   ."),
)


def table(rows: list[list[str]], header: list[str]) -> str:
    """Return rows as a plain aligned text table."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(str(h).rjust(w) for h, w in zip(header, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(str(c).rjust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(lines)


def kind_table(counts: Counts) -> str:
    """Return P/R/F1 per kind of one fixture (or of the union) as a text table."""
    rows = []
    for kind in KINDS:
        prf = counts.kinds[kind]
        rows.append(
            [kind, prf.tp, prf.fp, prf.fn, _fmt(prf.precision), _fmt(prf.recall), _fmt(prf.f1)]
        )
    return table(rows, ["kind", "tp", "fp", "fn", "P", "R", "F1"])


def report(results: dict[str, Counts], kinds: bool = False) -> str:
    """Return the evaluation as text: a summary per fixture, then per-kind scores."""
    total = overall(results)
    named = [*results.items(), ("OVERALL", total)]
    header = ["fixture", *(name for name, _ in SUMMARY)]
    rows = [[name, *(get(c) for _, get in SUMMARY)] for name, c in named]
    parts = [table(rows, header), ""]
    kind_rows = []
    for kind in KINDS:
        prf = total.kinds[kind]
        per_fixture = [_fmt(c.kinds[kind].f1) for c in results.values()]
        scores = [_fmt(prf.precision), _fmt(prf.recall), _fmt(prf.f1)]
        kind_rows.append([kind, prf.tp, prf.fp, prf.fn, *scores, *per_fixture])
    short = [name.split(".")[0][:12] for name in results]
    parts.append("Per kind (overall P/R/F1, then F1 per fixture):")
    parts.append(table(kind_rows, ["kind", "tp", "fp", "fn", "P", "R", "F1", *short]))
    if kinds:
        for name, c in results.items():
            parts += ["", f"{name}:", kind_table(c)]
    for c in results.values():
        parts += [f"\nERROR {error}" for error in c.errors]
    return "\n".join(parts)


def smoke(paths: list[Path]) -> tuple[str, list[dict[str, Any]]]:
    """Run the pipeline on unlabelled articles; return a table of counts and the raw rows."""
    rows: list[dict[str, Any]] = []
    for path in _articles(paths):
        started = time.perf_counter()
        row: dict[str, Any] = {"article": str(path)}
        try:
            run = run_pipeline(path)
        except Exception as error:
            row["error"] = f"{type(error).__name__}: {error}"
            rows.append(row)
            continue
        kinds = Counter(p.kind for p in run.predicted)
        row.update(
            sentences=len(run.predicted),
            kinds=dict(kinds),
            cited=sum(1 for p in run.predicted if p.keys),
            keys=sum(len(p.keys) for p in run.predicted),
            hedges=sum(len(p.hedges) for p in run.predicted),
            boosters=sum(len(p.boosters) for p in run.predicted),
            unsupported=sum(1 for p in run.predicted if p.status == "unsupported"),
            overclaims=sum(1 for p in run.predicted if p.overclaim),
            sources=len(run.sources or {}),
            levels=dict(Counter(level for level, _ in (run.sources or {}).values())),
            seconds=round(time.perf_counter() - started, 3),
        )
        rows.append(row)
    columns = ["sentences", "cited", "keys", "hedges", "boosters", "unsupported", "overclaims"]
    columns += ["sources", "seconds"]
    text_rows = []
    for row in rows:
        if "error" in row:
            text_rows.append([Path(row["article"]).name, "ERROR " + row["error"][:80]] + [""] * 8)
            continue
        kinds = " ".join(f"{k[:4]}={row['kinds'].get(k, 0)}" for k in KINDS if row["kinds"].get(k))
        text_rows.append([Path(row["article"]).name, kinds, *(row[c] for c in columns)])
    return table(text_rows, ["article", "kinds", *columns]), rows


def _articles(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.suffix.lower() in EXTENSIONS)
        else:
            found.append(path)
    return [p for p in found if not p.name.endswith(".gold.json") and p.name != "NOTICE.md"]


def main(argv: list[str] | None = None) -> int:
    """Print the evaluation (or the smoke test); exit 1 when the pipeline crashed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", type=Path, default=ARTICLES, help="folder of fixtures")
    parser.add_argument("--json", type=Path, help="write every count as JSON to this file")
    parser.add_argument("--smoke", type=Path, nargs="+", help="unlabelled articles or folders")
    parser.add_argument("--diff", action="store_true", help="list every disagreement")
    parser.add_argument("--kinds", action="store_true", help="P/R/F1 per kind per fixture")
    parser.add_argument("--no-grade", action="store_true", help="skip sources.grade")
    parser.add_argument("--no-audit", action="store_true", help="skip kb.audit")
    args = parser.parse_args(argv)
    if not has_module("claims.extract"):
        print("claims.extract does not exist yet: nothing to evaluate", file=sys.stderr)
        return 2
    if args.smoke:
        text, rows = smoke(args.smoke)
        print(text)
        if args.json:
            args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
        return 1 if any("error" in r for r in rows) else 0
    results = evaluate(args.fixtures, not args.no_grade, not args.no_audit)
    print(report(results, args.kinds))
    if args.diff:
        print(diff(args.fixtures, not args.no_grade, not args.no_audit))
    if args.json:
        data = {name: c.as_dict() for name, c in results.items()}
        data["OVERALL"] = overall(results).as_dict()
        args.json.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return 1 if any(c.errors for c in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
