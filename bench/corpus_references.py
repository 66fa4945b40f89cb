"""Measure reference parsing and aborted audits on the shared corpus of real pages.

    uv run --frozen python bench/corpus_references.py                # both measurements
    uv run --frozen python bench/corpus_references.py --show 20      # and 20 misses per field
    uv run --frozen python bench/corpus_references.py --no-audits    # references only

References: every ``<ref>`` of the JATS files in ``../shared/corpus/plos`` and ``jats`` carries
structured metadata (``<pub-id pub-id-type="doi">``, ``<year>``, the first ``<surname>`` or
``<collab>``, ``<article-title>``), taken as the truth. ``sources.references.parse_entry`` reads
the plain text of the same entry, the text the JATS reader composes and the text and HTML
readers see printed (a ``mixed-citation`` as printed; an ``element-citation`` composed from its
parts). A field counts where the truth has it and the entry prints it; DOIs compare lower-cased,
first authors and titles compare case-, accent- and punctuation-folded. A title whose
``<article-title>`` holds the journal (it ends with its own ``<source>``, or a journal citation
has no ``<source>``: the publisher put the journal inside it) is not measured, counted apart.

Audits: every corpus file of every format is audited as ``claimkb audit FILE`` would, once per
SHACL engine (``CLAIMKB_SHACL_ENGINE=pyshacl`` and ``turbo``), in this process; an audit that
exits 2 (or raises) is an aborted audit.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.shared_corpus import CORPUS, article_files
from claims.citestyle import fold
from claims.jats import _citation, _citation_text, _parse  # the JATS reader's own text
from sources.references import parse_entry, surname

FIELDS = ("doi", "year", "first author", "title")
ENGINES = ("pyshacl", "turbo")


@dataclass(frozen=True)
class Entry:
    """One reference: where it is, its printed text and the structured truth."""

    where: str
    text: str
    truth: dict[str, str]


def entries(folders: list[Path]) -> Iterator[Entry]:
    """Yield every reference of the JATS files in ``folders`` that has a citation element."""
    for folder in folders:
        for path in sorted(folder.glob("*.*ml")):
            root, _ = _parse(path.read_text("utf-8"), str(path))
            for n, ref in enumerate(root.iter("ref"), start=1):
                citation = _citation(ref)
                if citation is None:
                    continue
                truth = _truth(citation)  # before _citation_text, which touches the tree
                text = " ".join(_citation_text(citation).split())
                yield Entry(f"{folder.name}/{path.name}#{ref.get('id') or n}", text, truth)


def _text(element: object) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _truth(citation: object) -> dict[str, str]:
    truth: dict[str, str] = {}
    for pub_id in citation.iter("pub-id", "object-id"):
        if pub_id.get("pub-id-type") == "doi" and _text(pub_id):
            truth["doi"] = _text(pub_id)
            break
    year = re.search(r"\d{4}", _text(citation.find(".//year")))
    if year:
        truth["year"] = year.group()
    first = _first_author(citation)
    if first:
        truth["first author"] = first
    title = _text(citation.find(".//article-title")) or _text(citation.find(".//chapter-title"))
    source = fold(_text(citation.find(".//source")))
    journal = (citation.get("publication-type") or citation.get("citation-type")) == "journal"
    if title and (fold(title).endswith(source) if source else journal) and fold(title) != source:
        truth["markup error"] = "title"  # the publisher put the journal inside <article-title>
    elif title:
        truth["title"] = title
    return truth


def _first_author(citation: object) -> str | None:
    groups = list(citation.iter("person-group"))
    authors = [g for g in groups if g.get("person-group-type", "author") == "author"]
    for scope in authors or ([] if groups else [citation]):
        for name in scope.iter("name", "string-name", "collab"):
            if name.tag == "collab":
                return _text(name)
            return _text(name.find("surname")) or _text(name)
    return None


def judge(entry: Entry) -> dict[str, bool | None]:
    """Return, per field, True (right), False (wrong) or None (not measured)."""
    data = parse_entry(entry.text)
    printed = entry.text.lower()
    got = {
        "doi": data.doi,
        "year": data.year,
        "first author": data.authors[0] if data.authors else None,
        "title": data.title,
    }
    out: dict[str, bool | None] = {}
    for field in FIELDS:
        want = entry.truth.get(field)
        if want is None or (field in ("doi", "year") and want.lower() not in printed):
            out[field] = None
        elif field == "doi":
            out[field] = got["doi"] == want.lower()
        elif field == "year":
            out[field] = got["year"] == want
        elif field == "first author":
            name = got[field] or ""
            out[field] = fold(want) in (fold(name), fold(surname(name)))
        else:
            out[field] = fold(got[field] or "") == fold(want)
    return out


def measure_references(show: int) -> None:
    folders = [CORPUS / "plos", CORPUS / "jats"]
    right: Counter[str] = Counter()
    counted: Counter[str] = Counter()
    misses: dict[str, list[tuple[Entry, str]]] = {f: [] for f in FIELDS}
    total = 0
    for entry in entries(folders):
        total += 1
        for field, ok in judge(entry).items():
            if ok is None:
                continue
            counted[field] += 1
            right[field] += ok
            if not ok:
                got = parse_entry(entry.text)
                shown = {
                    "doi": got.doi,
                    "year": got.year,
                    "first author": got.authors[:1],
                    "title": got.title,
                }[field]
                misses[field].append((entry, f"want {entry.truth[field]!r}, got {shown!r}"))
    print(f"references: {total} entries in {', '.join(f.name for f in folders)}")
    if marked := sum(1 for e in entries(folders) if "markup error" in e.truth):
        print(f"  ({marked} titles not measured: their <article-title> holds the journal)")
    for field in FIELDS:
        share = right[field] / counted[field] if counted[field] else 0.0
        print(f"  {field:<13} {right[field]:>5}/{counted[field]:<5} {share:7.2%}")
    for field in FIELDS:
        for entry, why in misses[field][:show]:
            print(f"\n[{field}] {entry.where}: {why}\n    {entry.text}")


def measure_audits() -> None:
    from click.testing import CliRunner

    from kb.cli import main

    files = article_files([CORPUS], (".xml", ".nxml", ".html", ".htm", ".xhtml"))
    runner = CliRunner()
    for engine in ENGINES:
        aborted: list[str] = []
        os.environ["CLAIMKB_SHACL_ENGINE"] = engine
        for path in files:
            result = runner.invoke(main, ["audit", "--format", "json", str(path)])
            if result.exit_code not in (0, 1):
                why = (result.stderr or str(result.exception) or "").strip().splitlines()
                aborted.append(f"{path.parent.name}/{path.name}: {why[-1] if why else '?'}")
        print(f"audits with {engine}: {len(aborted)} of {len(files)} aborted")
        for line in aborted:
            print(f"  {line}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", type=int, default=0, help="misses to print per field")
    parser.add_argument("--no-audits", action="store_true", help="skip the audit count")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"no corpus at {CORPUS}", file=sys.stderr)
        return 2
    measure_references(args.show)
    if not args.no_audits:
        measure_audits()
    return 0


if __name__ == "__main__":
    sys.exit(main())
