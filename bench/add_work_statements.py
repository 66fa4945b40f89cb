"""Add to a store ingested before them what ingest now writes for the cross-article listings.

    nice -n 19 uv run --frozen python bench/add_work_statements.py --kb COPY_OF_A_STORE

Writes, with one SPARQL update through the store (so that its readers see it), in each
article's graph: of each work its entries reference, ``ckb:citingClaims`` (the claims citing
it, summed over the entries), ``ckb:citedAsLevel`` (the entries' levels) and ``ckb:workHash``;
on each source whose cues conflict, ``ckb:levelCueSummary``. The same triples as an ingest by
this tree (checked with ``--check KB``: the statements of a store this tree ingested are
deleted, added back by the update, and compared). For measuring the listings on a 10,000-article
store without ingesting it again (35 minutes of CPU); not a migration users need: their older
stores are answered from the entries and cues (more slowly).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.query.run import run_query  # noqa: E402
from kb.rdf.prefixes import sparql_prologue  # noqa: E402
from kb.store import Store, open_store  # noqa: E402
from kb.store.embedded import EmbeddedStore  # noqa: E402

PREDICATES = ("citingClaims", "citedAsLevel", "workHash", "levelCueSummary")
NS = "https://w3id.org/claimkb/ns#"
UPDATE = """
INSERT { GRAPH ?a { ?w ckb:citingClaims ?n } } WHERE {
  SELECT ?a ?w (COUNT(?claim) AS ?n) WHERE {
    GRAPH ?a { ?e biro:references ?w OPTIONAL { ?claim cito:citesAsEvidence ?e } }
  }
  GROUP BY ?a ?w
} ;
INSERT { GRAPH ?a { ?w ckb:citedAsLevel ?l } } WHERE {
  GRAPH ?a { ?e biro:references ?w ; ckb:evidenceLevel ?l }
} ;
INSERT { GRAPH ?a { ?w ckb:workHash ?h } } WHERE {
  GRAPH ?a { ?e biro:references ?w }
  BIND (SUBSTR(MD5(STR(?w)), 1, 15) AS ?h)
} ;
INSERT { GRAPH ?a { ?s ckb:levelCueSummary ?cues } } WHERE {
  SELECT ?a ?s (GROUP_CONCAT(?cue; separator=" | ") AS ?cues) WHERE {
    {
      SELECT DISTINCT ?a ?s ?cue WHERE {
        GRAPH ?a {
          ?s ckb:evidenceConflict true ; ckb:levelCue ?levelCue .
          ?levelCue ckb:cueLevel ?cueLevel ; ckb:cueText ?cueText .
          OPTIONAL { ?levelCue prov:wasDerivedFrom/ckb:sentenceId ?sentence }
        }
        BIND (CONCAT(STRAFTER(STR(?cueLevel), "#level-"), ": ", ?cueText,
                     IF(BOUND(?sentence), CONCAT(" (", ?sentence, ")"), " (metadata)")) AS ?cue)
      }
      ORDER BY ?cue
    }
  }
  GROUP BY ?a ?s
}
"""


def statements(store: Store) -> set[tuple[str, ...]]:
    """Return the quads of the four predicates, as strings."""
    values = ", ".join(f"<{NS}{p}>" for p in PREDICATES)
    quads = f"SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o FILTER (?p IN ({values})) }} }}"
    return {tuple(str(term) for term in row) for row in run_query(store, quads).rows}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kb", required=True, help="the store to add the statements to")
    parser.add_argument("--check", action="store_true", help="delete them first and compare")
    args = parser.parse_args()
    with open_store(args.kb) as store:
        before = statements(store) if args.check else set()
        if args.check:
            for p in PREDICATES:
                store.update(f"DELETE WHERE {{ GRAPH ?g {{ ?s <{NS}{p}> ?o }} }}")
        started = time.process_time()
        store.update(sparql_prologue() + UPDATE)
        print(f"added in {time.process_time() - started:.1f} s CPU", file=sys.stderr)
        if isinstance(store, EmbeddedStore):
            store._compact()  # as an ingest leaves the store, then a snapshot for readers
        if args.check:
            after = statements(store)
            print(f"ingested {len(before)}, added {len(after)}, same: {before == after}")
            return 0 if before == after else 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
