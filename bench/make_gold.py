"""Build the labelled fixtures from their annotated sources.

Each ``tests/fixtures/articles/annotated/NAME.EXT.ann`` is an article written by hand with every
sentence wrapped as ``⟦sentence text⟧{labels}``, followed by a line ``%%% gold`` and a JSON
object (``sources``: expected evidence level per key, ``conflicts``: keys cited with cues of
different levels). This script writes the bare article ``NAME.EXT`` (annotations removed) and
``NAME.gold.json`` next to it. The labels are the annotator's; nothing here runs the pipeline.

Labels, separated by ``;``: the kind first (``claim``, ``head``, ``q``, ``boil``, ``disc``,
``ref``, ``cap``, ``by``, ``other``), then any of ``k=KEY,KEY`` (marker keys in order),
``h=CUE|CUE`` (hedges), ``b=CUE|CUE`` (boosters), ``neg=CUE|CUE`` (cues under negation),
``f=FLAG`` (editor flags), ``st=STATUS`` and ``oc=0|1`` (overrides of the derived status and
overclaim), ``opt`` (a furniture sentence a reader may drop without penalty), ``ex=RULE|RULE``
(typed exaggerations: causal-from-observational, human-from-animal, advice-from-weak). Only
fixtures whose gold JSON says ``"exaggerations": true`` are labelled for exaggerations; their
sentences carry an ``exaggerations`` list (empty when none).

    uv run python bench/make_gold.py            # rebuild every fixture
    uv run python bench/make_gold.py --check    # fail when a built file is out of date
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from pathlib import Path

ARTICLES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "articles"
SPAN = re.compile(r"⟦(.*?)⟧\{(.*?)\}", re.DOTALL)
KINDS = {
    "claim": "claim",
    "head": "heading",
    "q": "question",
    "boil": "boilerplate",
    "disc": "disclaimer",
    "ref": "reference",
    "cap": "caption",
    "by": "byline",
    "other": "other",
}
RANKS = {
    "systematic-review": 1,
    "rct": 2,
    "cohort": 3,
    "case-control": 4,
    "cross-sectional": 5,
    "case-report": 6,
    "guideline": 7,
    "expert-opinion": 8,
    "animal": 9,
    "in-vitro": 10,
    "unknown": 11,
}
WEAK = {"expert-opinion", "animal", "in-vitro"}
MARKUP_FORMATS = {"html", "xml", "jats"}


def gold_text(inner: str, fmt: str) -> str:
    """Return the sentence as a reader sees it: tags stripped for markup, whitespace collapsed."""
    if fmt in MARKUP_FORMATS:
        inner = html.unescape(re.sub(r"<[^>]+>", "", inner))
        return " ".join(inner.split())
    return inner


def parse_labels(raw: str) -> dict:
    """Return the label fields of one ``{...}`` annotation."""
    parts = [p.strip() for p in raw.split(";") if p.strip()]
    kind = KINDS[parts[0]]
    fields: dict = {"kind": kind, "k": [], "h": [], "b": [], "neg": [], "f": [], "ex": []}
    for part in parts[1:]:
        name, _, value = part.partition("=")
        if name == "k":
            fields["k"] = [v.strip() for v in value.split(",") if v.strip()]
        elif name in ("h", "b", "neg"):
            fields[name] = [v.strip().lower() for v in value.split("|") if v.strip()]
        elif name == "f":
            fields["f"] = [v.strip() for v in value.split("|")]
        elif name == "ex":
            fields["ex"] = [v.strip() for v in value.split("|") if v.strip()]
        elif name in ("st", "oc"):
            fields[name] = value.strip()
        elif name == "opt":
            fields["opt"] = True
        else:
            raise ValueError(f"unknown label {part!r} in {{{raw}}}")
    return fields


def status_of(fields: dict, sources: dict) -> str | None:
    """Return a claim's status by the contract's policy (weak levels give weakly-supported)."""
    if fields["kind"] != "claim":
        return None
    if "st" in fields:
        return fields["st"]
    if "citation-needed" in fields["f"] or not fields["k"]:
        return "unsupported"
    levels = [sources.get(key) or "unknown" for key in fields["k"]]
    best = min(levels, key=RANKS.__getitem__)
    if best == "unknown":
        return "cited-unknown-evidence"
    return "weakly-supported" if best in WEAK else "supported"


def overclaim_of(fields: dict, status: str | None) -> bool:
    """Return True for a claim with an unnegated booster that is not fully supported."""
    if "oc" in fields:
        return fields["oc"] == "1"
    live = [b for b in fields["b"] if b not in fields["neg"]]
    return bool(live) and status in ("unsupported", "weakly-supported", "cited-unknown-evidence")


def build(path: Path) -> tuple[str, dict]:
    """Return the bare article text and its gold labels from one annotated source."""
    source, _, tail = path.read_text(encoding="utf-8").partition("\n%%% gold\n")
    meta = json.loads(tail) if tail.strip() else {}
    fmt = path.name.removesuffix(".ann").rsplit(".", 1)[1]
    sources = meta.get("sources", {})
    sentences = []
    for match in SPAN.finditer(source):
        fields = parse_labels(match.group(2))
        status = status_of(fields, sources)
        if fields["ex"] and not meta.get("exaggerations"):
            raise ValueError(f'{path}: ex= labels need "exaggerations": true in the gold JSON')
        typed = {"exaggerations": fields["ex"]} if meta.get("exaggerations") else {}
        sentences.append(
            {
                "index": len(sentences),
                "text": gold_text(match.group(1), fmt),
                "kind": fields["kind"],
                "markers": fields["k"],
                "hedges": fields["h"],
                "boosters": fields["b"],
                "negated": fields["neg"],
                "editor_flags": fields["f"],
                "status": status,
                "overclaim": overclaim_of(fields, status),
                "optional": fields.get("opt", False),
                **typed,
            }
        )
    text = SPAN.sub(lambda m: m.group(1), source)
    if "⟦" in text or "⟧" in text:
        raise ValueError(f"{path}: unbalanced ⟦ ⟧ annotation")
    gold = {
        "article": path.name.removesuffix(".ann"),
        "format": fmt,
        "sources": sources,
        "conflicts": meta.get("conflicts", []),
        "notes": meta.get("notes", ""),
        **({"exaggerations": True} if meta.get("exaggerations") else {}),
        "sentences": sentences,
    }
    return text, gold


def main(argv: list[str] | None = None) -> int:
    """Rebuild (or with --check, verify) every fixture from its annotated source."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when a fixture is stale")
    args = parser.parse_args(argv)
    stale = []
    for ann in sorted((ARTICLES / "annotated").glob("*.ann")):
        text, gold = build(ann)
        name = ann.name.removesuffix(".ann")
        outputs = {
            ARTICLES / name: text,
            ARTICLES / f"{name.rsplit('.', 1)[0]}.gold.json": json.dumps(
                gold, indent=1, ensure_ascii=False
            )
            + "\n",
        }
        for out, content in outputs.items():
            current = out.read_text(encoding="utf-8") if out.exists() else None
            if current != content:
                stale.append(out.name)
                if not args.check:
                    out.write_text(content, encoding="utf-8")
        counts = {}
        for s in gold["sentences"]:
            counts[s["kind"]] = counts.get(s["kind"], 0) + 1
        print(f"{name}: {len(gold['sentences'])} sentences {counts}", file=sys.stderr)
    if args.check and stale:
        print("stale: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
