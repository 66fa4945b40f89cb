"""Unsupported-claim findings in context, on real documents and on the labelled fixtures.

For each article: its claims by status; its unsupported-claim findings (claims whose status is
``unsupported``: the rule ``unsupported-claim`` fires on exactly those) and how many of them sit
in a Methods or Results section; and its *paragraph-covered* sentences (uncited claims in a
paragraph whose final sentence cites a source) and how many of those are flagged unsupported.

The section names and paragraphs are read here, independently of the grader's own rules, so
the figures measure the grader rather than repeat it: a Methods/Results section is one whose
heading (or an ancestor's) starts with one of ``_OWN_SECTIONS``; a paragraph is a run of
sentences from paragraph blocks with no line break between them.

Targets (issue 11): on real papers fewer than 5% of unsupported-claim findings in Methods and
Results; on encyclopaedic pages fewer than 10% of paragraph-covered sentences flagged.

    uv run python bench/corpus_findings.py                   # ../shared/corpus and the fixtures
    uv run python bench/corpus_findings.py --per-article     # one row per article too
    uv run python bench/corpus_findings.py --json out.json   # every count as JSON
    uv run python bench/corpus_findings.py FILE_OR_DIR ...   # other articles
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.shared_corpus import CORPUS, article_files  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "articles"
GROUPS = ("plos", "jats", "wikipedia")
_OWN_SECTIONS = re.compile(
    r"^\s*(?:\d+(?:\.\d+)*\.?\s+)?(?:materials? and methods|methods?|methodology|results?|"
    r"findings|experimental procedures|study design|participants|statistical analys[ie]s)\b",
    re.IGNORECASE,
)
_SUFFIXES = {".xml", ".nxml", ".html", ".htm", ".txt", ".md"}


@dataclass
class Tally:
    """Counts for one article or a group of them."""

    articles: int = 0
    claims: int = 0
    statuses: Counter = field(default_factory=Counter)
    unsupported: int = 0
    unsupported_in_methods_results: int = 0
    covered_candidates: int = 0
    covered_flagged: int = 0
    #: with a gold file: gold own findings / covered sentences, and those flagged unsupported
    gold_context: int = 0
    gold_context_flagged: int = 0

    def add(self, other: Tally) -> None:
        self.articles += other.articles
        self.claims += other.claims
        self.statuses.update(other.statuses)
        self.unsupported += other.unsupported
        self.unsupported_in_methods_results += other.unsupported_in_methods_results
        self.covered_candidates += other.covered_candidates
        self.covered_flagged += other.covered_flagged
        self.gold_context += other.gold_context
        self.gold_context_flagged += other.gold_context_flagged

    def row(self, name: str) -> str:
        share = _pct(self.unsupported_in_methods_results, self.unsupported)
        flagged = _pct(self.covered_flagged, self.covered_candidates)
        statuses = " ".join(f"{k}={v}" for k, v in sorted(self.statuses.items()))
        if self.gold_context:
            right = self.gold_context - self.gold_context_flagged
            statuses += f"  | gold own/covered not flagged {right}/{self.gold_context}"
        return (
            f"{name[:44]:44} {self.articles:3} {self.claims:6} {self.unsupported:6} "
            f"{self.unsupported_in_methods_results:5} {share:>6} "
            f"{self.covered_flagged:4}/{self.covered_candidates:<4} {flagged:>6}  {statuses}"
        )


HEADER = (
    f"{'articles':44} {'n':>3} {'claims':>6} {'unsup':>6} {'in M/R':>5} {'share':>6} "
    f"{'covered flagged':>15}  statuses"
)


def _plain(tally: Tally) -> dict:
    """Return a tally as JSON-ready data (asdict would rebuild the Counter from its pairs)."""
    return asdict(replace(tally, statuses=dict(tally.statuses)))


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def _paragraphs(article) -> list[list]:
    """Return runs of sentences from paragraph blocks with no line break between them."""
    runs: list[list] = []
    previous = None
    for sentence in article.sentences:
        joined = (
            previous is not None
            and sentence.block == previous.block == "paragraph"
            and "\n" not in article.text[previous.end : sentence.start]
        )
        if joined:
            runs[-1].append(sentence)
        else:
            runs.append([sentence])
        previous = sentence
    return runs


def measure(path: Path) -> Tally:
    """Return the counts of one article."""
    from claims.extract import extract_path
    from sources import grade

    graded = grade(extract_path(path))
    article = graded.article
    status = {g.sentence_id: g.status for g in graded.grades}
    tally = Tally(articles=1, claims=len(graded.grades), statuses=Counter(status.values()))
    for sentence in article.sentences:
        if status.get(sentence.id) == "unsupported":
            tally.unsupported += 1
            if any(_OWN_SECTIONS.match(h) for h in sentence.section[1:]):
                tally.unsupported_in_methods_results += 1
    for run in _paragraphs(article):
        if len(run) > 1 and run[-1].keys:
            for sentence in run[:-1]:
                if sentence.kind == "claim" and not sentence.keys:
                    tally.covered_candidates += 1
                    tally.covered_flagged += status.get(sentence.id) == "unsupported"
    gold_path = path.with_name(path.stem + ".gold.json")
    if gold_path.exists():
        _score_gold(tally, json.loads(gold_path.read_text("utf-8")), article.sentences, status)
    return tally


def _score_gold(tally: Tally, gold: dict, sentences, status: dict[str, str]) -> None:
    """Count the gold own findings and covered sentences, and those flagged unsupported."""
    from bench.scoring import align

    pairs = align([g["text"] for g in gold["sentences"]], [s.text for s in sentences])
    for g_index, g in enumerate(gold["sentences"]):
        if g["status"] in ("own-finding", "covered"):
            tally.gold_context += 1
            found = pairs.get(g_index)
            flagged = found is not None and status.get(sentences[found[0]].id) == "unsupported"
            tally.gold_context_flagged += flagged


def _articles(target: Path) -> list[Path]:
    """Return the articles at ``target``; in a folder of labelled fixtures, those with gold."""
    if target.is_file():
        return [target]
    found = [p for p in article_files([target], _SUFFIXES) if "annotated" not in p.parts]
    labelled = [p for p in found if p.with_name(p.stem + ".gold.json").exists()]
    return labelled or found


def main(argv: list[str] | None = None) -> int:
    """Print one row per group of articles (and per article with --per-article)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--per-article", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    groups: dict[str, list[Path]] = {}
    if args.paths:
        for target in args.paths:
            groups[str(target)] = _articles(target)
    else:
        for name in GROUPS:
            if (CORPUS / name).is_dir():
                groups[name] = _articles(CORPUS / name)
        groups["fixtures"] = _articles(FIXTURES)
    print(HEADER)
    out: dict[str, dict] = {}
    for name, paths in groups.items():
        total = Tally()
        for path in paths:
            try:
                tally = measure(path)
            except Exception as error:  # a crash is a result to report, not the end of the run
                print(f"  {path.name}: failed: {error}", file=sys.stderr)
                continue
            total.add(tally)
            out[str(path)] = _plain(tally)
            if args.per_article:
                print("  " + tally.row(path.name))
        print(total.row(name))
        out[name] = _plain(total)
    if args.json:
        args.json.write_text(json.dumps(out, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
