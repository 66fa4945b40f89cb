"""The claim-citation network, built by SPARQL from a store or one article, or from the rows the
embedded store's search index keeps of it (kb.store.network_rows).

Nodes are articles, claims and sources (optionally sections and evidence levels); edges are
``contains`` (article to claim or source, section to claim) and ``cites`` (claim to source).
Every node has a ``label`` a person reads and plain values beside the IRIs (``article_title``
beside ``article``, ``section_title`` beside ``section``), so Gephi's data laboratory reads
without the store. Every attribute is a plain str, int or bool so GraphML and GEXF keep it.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import combinations
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from claims.reading import MAX_SIZE
from kb.rdf.prefixes import local_name
from kb.text import one_line

if TYPE_CHECKING:
    import networkx as nx
    import pyoxigraph
    import rdflib

    from claims.model import Article
    from kb.store.base import Store
    from kb.store.network_rows import NetworkRows
    from kb.store.spool import RowSpool

Row = Mapping[str, str]

PROJECTIONS = ("claims", "sources", "articles")
LABEL_WIDTH = 60
#: The attributes of every containment edge: one dict, never changed, for the million edges.
_CONTAINS: Mapping[str, str] = {"relation": "contains", "markers": ""}
#: Statuses under which a booster is an overclaim (shapes/audit.ttl, rule overclaim).
_OVERCLAIMABLE = frozenset({"unsupported", "weakly-supported"})
#: Work IRIs (kb/rdf/works.py) written as the identifiers they are made from.
_WORK_PREFIXES = (("https://doi.org/", "doi:"), ("https://pubmed.ncbi.nlm.nih.gov/", "pmid:"))


@dataclass(frozen=True)
class NetworkFilter:
    """What to keep: articles, claim statuses, evidence levels, a citation floor."""

    articles: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    min_citations: int = 0
    sections: bool = False
    level_nodes: bool = False
    keep_isolated: bool = False

    @property
    def narrows(self) -> bool:
        """True when the filter drops claims or sources (so it could leave nodes unlinked)."""
        return bool(self.statuses or self.levels or self.min_citations > 0)


@lru_cache(maxsize=256)
def notation(iri: str) -> str:
    """Return the notation of a ckb level or status concept (``ckb:level-rct`` gives ``rct``)."""
    return local_name(iri).removeprefix("level-") if iri else ""


def _query_text(name: str, articles: tuple[str, ...]) -> str:
    from kb.query.loader import query_text
    from kb.rdf.prefixes import sparql_prologue
    from kb.rdf.sparql_text import for_articles

    return sparql_prologue() + for_articles(query_text(name, "network"), articles or None)


#: How the network's queries run: a SELECT's text gives a spool of its rows as plain strings,
#: run in a thread while another reads them (kb.store.spool).
Select = Callable[[str], "RowSpool"]


def select_oxigraph(store: pyoxigraph.Store) -> Select:
    """Return a SELECT runner over a pyoxigraph store whose rows are plain strings."""
    from kb.store.spool import CsvSpool

    return lambda query: CsvSpool(store, query)


def select_ntriples(articles: Iterable[tuple[str, str]]) -> Select:
    """Return a SELECT runner over articles given as (IRI, N-Triples), each its named graph.

    The rows come in an order of the triples': triples in the order claimkb builds them give
    the same file on every run (an rdflib Graph's order is its terms' hashes', new each run).
    """
    import pyoxigraph

    store = pyoxigraph.Store()
    for article, triples in articles:
        target = pyoxigraph.NamedNode(article)
        data = triples.encode("utf-8")
        store.load(data, format=pyoxigraph.RdfFormat.N_TRIPLES, to_graph=target)
    return select_oxigraph(store)


def select_graph(graph: rdflib.Graph, article: str) -> Select:
    """Return a SELECT runner over one article's rdflib graph, loaded as its named graph."""
    return select_ntriples([(article, graph.serialize(format="nt"))])


def select_store(store: Store) -> Select | NetworkRows:
    """Return what the network of a knowledge base is read from: the rows the embedded store's
    index keeps (kb.store.network_rows), else SELECTs run on the store (a SPARQL server)."""
    rows = store.network_rows()
    return store.spool if rows is None else rows


#: ("node", iri, attributes) or ("edge", source, target, attributes).
Record = tuple[Any, ...]


def graph_records(graph: nx.Graph[str]) -> Iterator[Record]:
    """Yield the nodes and edges of a networkx graph as records (all nodes first). An edge of
    an undirected graph (a projection) goes from the lesser IRI to the greater, as
    :func:`project` made it: networkx would give its ends in the order the rows came from the
    store, which differs between SPARQL servers."""
    for node, attributes in graph.nodes(data=True):
        yield "node", node, attributes
    directed = graph.is_directed()
    for source, target, attributes in graph.edges(data=True):
        ends = (source, target) if directed or source < target else (target, source)
        yield "edge", *ends, attributes


def build_network(
    select: Select | NetworkRows, flt: NetworkFilter | None = None
) -> nx.DiGraph[str]:
    """Return the article-claim-source network, filtered as ``flt`` says."""
    import networkx as nx

    graph: nx.DiGraph[str] = nx.DiGraph()
    for record in network_records(select, flt):
        if record[0] == "node":
            graph.add_node(record[1], **record[2])
        else:
            graph.add_edge(record[1], record[2], **record[3])
    return graph


def network_records(
    select: Select | NetworkRows, flt: NetworkFilter | None = None
) -> Iterator[Record]:
    """Yield the network's nodes and edges, each node before the edges that leave it, from
    the rows of the network queries or those an index keeps of them (``select``).

    Nothing is held per claim or source but a citation count (and, when a filter narrows,
    whether it is kept): a writer can stream a knowledge base of millions of nodes. The
    claims and sources queries run twice when a filter narrows; the citations wait in an
    anonymous temporary file. An article's node comes last, once it is known whether a
    narrowing filter left it anything.
    """
    from kb.store.network_rows import NetworkRows

    flt = flt or NetworkFilter()
    if isinstance(select, NetworkRows):
        with select.reading(flt.articles) as rows:
            yield from _records(rows, flt)
        return
    queries = [(name, _query_text(name, flt.articles)) for name in read_order(flt)]
    with _Ahead(select, queries) as ahead:
        yield from _records(ahead, flt)


def read_order(flt: NetworkFilter) -> list[str]:
    """Return the network queries in the order :func:`network_records` reads their rows.

    They run one after another in one thread in this order, so that each query's rows are
    read while it runs and no read waits behind a query queued before it but read later (at
    10,000 articles the main thread sat idle until the three large queries had all run).
    Two large queries at once passed 2 GB at 10,000 articles, and the small ones beside the
    large ones added 0.47 GB (bench/RESULTS-export.md, session 11): one thread.
    """
    names = ["articles"]
    names += ["claims"] * bool(flt.statuses or flt.levels) + ["sources"] * bool(flt.levels)
    names += ["citations", "boosted", "headings", "claims", "same-works", "sources"]
    return names + ["sections"] * flt.sections


def _records(ahead: Callable[[str], Iterable[Row]], flt: NetworkFilter) -> Iterator[Record]:
    """Yield the network's records from the rows of the network queries (see network_records)."""
    titles: dict[str, str] = {}
    for row in ahead("articles"):
        titles[row["article"]] = row.get("title") or row.get("path") or local_name(row["article"])
    claim_kept = _claim_filter(ahead, flt)
    source_kept = _source_filter(ahead, flt)
    counts: Counter[str] = Counter()
    # The citations are read once (their query is the slowest) and kept on disk until the
    # sources they cite are known to stay.
    with tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n") as cites:
        for row in ahead("citations"):
            if claim_kept(row["claim"]) and source_kept(row["source"]):
                counts[row["claim"]] += 1
                counts[row["source"]] += 1
                cites.write(_cite_line(row["claim"], row["source"], row.get("markers", "")))
        floor = max(flt.min_citations, 1 if flt.narrows else 0)
        shown: set[str] | None = set() if flt.narrows and not flt.keep_isolated else None
        graded: list[tuple[str, str]] = []
        boosted = {row["claim"] for row in ahead("boosted")}
        headings = {row["section"]: row["title"] for row in ahead("headings")}
        for row in ahead("claims"):
            if claim_kept(row["claim"]):
                yield "node", row["claim"], _claim(row, boosted, titles, headings, counts)
                yield "edge", row["article"], row["claim"], _CONTAINS
                if shown is not None:
                    shown.add(row["article"])
        same = _same_works(ahead("same-works"))
        for row in ahead("sources"):
            level = notation(row["level"])
            if _kept(level, flt.levels) and counts[row["source"]] >= floor:
                yield "node", row["source"], _source(row, titles, counts, same)
                yield "edge", row["article"], row["source"], _CONTAINS
                if shown is not None:
                    shown.add(row["article"])
                if flt.level_nodes:
                    graded.append((row["source"], level))
        cites.seek(0)
        for line in cites:
            claim, source, markers = _cite_fields(line)
            if counts[source] >= floor:
                yield "edge", claim, source, {"relation": "cites", "markers": markers}
        if flt.sections:
            yield from _section_records(ahead("sections"), titles, claim_kept, shown)
        if flt.level_nodes:
            yield from _level_records(graded, counts)
        for article, title in titles.items():
            if shown is None or article in shown:
                attributes = {
                    "kind": "article",
                    "label": one_line(title, LABEL_WIDTH),
                    "article": article,
                }
                yield "node", article, {**attributes, "title": title}


def _cite_line(claim: str, source: str, markers: str) -> str:
    """Return a citation as a line: IRIs and markers by tabs, markers as JSON only when they
    hold a tab, a line break or another character ``isprintable`` refuses (json.dumps of every
    line was a tenth of the export's Python time)."""
    if markers.isprintable():
        return f"{claim}\t{source}\t{markers}\n"
    return f"{claim}\t{source}\t\t{json.dumps(markers)}\n"


def _cite_fields(line: str) -> tuple[str, str, str]:
    """Return the claim, source and markers of a line of :func:`_cite_line`."""
    fields = line[:-1].split("\t")
    markers = fields[2] if len(fields) == 3 else json.loads(fields[3])
    return fields[0], fields[1], markers


class _Ahead:
    """Queries run ahead, one after another in a thread of their own, while the rows of those
    already running are used.

    Oxigraph evaluates a query and writes its rows without holding Python's lock, so the
    thread and the caller's writing share the machine's cores, and the caller reads a query's
    rows while Oxigraph still writes them (kb.store.spool). Calling the object with a query's
    name gives the rows of its first run not yet taken.
    """

    def __init__(self, select: Select, queries: Sequence[tuple[str, str]]) -> None:
        from concurrent.futures import ThreadPoolExecutor  # and logging: not for `claimkb --help`

        self.thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="claimkb-network")
        self.spools: dict[str, list[RowSpool]] = {}
        for name, sparql in queries:
            spool = select(sparql)
            self.spools.setdefault(name, []).append(spool)
            self.thread.submit(spool.fill)

    def __call__(self, name: str) -> Iterator[Row]:
        return self.spools[name].pop(0).rows()

    def __enter__(self) -> _Ahead:
        return self

    def __exit__(self, *exc: object) -> None:
        self.thread.shutdown(wait=False, cancel_futures=True)


def _claim_filter(
    ahead: Callable[[str], Iterable[Row]], flt: NetworkFilter
) -> Callable[[str], bool]:
    """Return whether a claim passes the status and level filters (a set of them when any)."""
    if not flt.statuses and not flt.levels:
        return lambda claim: True
    kept = {
        row["claim"]
        for row in ahead("claims")
        if _kept(notation(row["status"]), flt.statuses)
        and _kept(notation(row.get("level", "")), flt.levels)
    }
    return kept.__contains__


def _source_filter(
    ahead: Callable[[str], Iterable[Row]], flt: NetworkFilter
) -> Callable[[str], bool]:
    """Return whether a source passes the level filter (a set of them when one is given)."""
    if not flt.levels:
        return lambda source: True
    kept = {row["source"] for row in ahead("sources") if _kept(notation(row["level"]), flt.levels)}
    return kept.__contains__


def _kept(value: str, wanted: tuple[str, ...]) -> bool:
    """Return True when no values are wanted or ``value`` is one of them."""
    return not wanted or value in wanted


def _claim(
    row: Row,
    boosted: set[str],
    titles: Mapping[str, str],
    headings: Mapping[str, str],
    counts: Mapping[str, int],
) -> dict[str, Any]:
    status, level = notation(row["status"]), notation(row.get("level", ""))
    overclaim = row["claim"] in boosted and status in _OVERCLAIMABLE
    return {
        "kind": "claim",
        "label": one_line(row["text"], LABEL_WIDTH),
        "text": row["text"],
        "status": "overclaim" if overclaim else status,
        "support": status,
        "level": level,
        "line": int(row["line"]),
        "article": row["article"],
        "article_title": titles.get(row["article"], ""),
        "section": row.get("section", ""),
        "section_title": headings.get(row.get("section", ""), ""),
        "citations": counts.get(row["claim"], 0),
    }


def _source(
    row: Row, titles: Mapping[str, str], counts: Mapping[str, int], same: Mapping[str, str]
) -> dict[str, Any]:
    title = row.get("title", "")
    return {
        "kind": "source",
        "label": row["key"] + (f" {one_line(title, 40)}" if title else ""),
        "source_key": row["key"],
        "title": title,
        "level": notation(row["level"]),
        "identity": _identity(row, same),
        "conflict": row.get("conflict") == "true",
        "listed": row.get("listed", "true") == "true",
        "article": row["article"],
        "article_title": titles.get(row["article"], ""),
        "citations": counts.get(row["source"], 0),
    }


def _same_works(rows: Iterable[Row]) -> dict[str, str]:
    """Return, by PubMed work IRI, the DOI work an entry states it the same as (the least DOI
    IRI, should entries state two)."""
    same: dict[str, str] = {}
    for row in rows:
        pubmed, work = row["pubmed"], row["work"]
        same[pubmed] = min(work, same.get(pubmed, work))
    return same


def _identity(row: Row, same: Mapping[str, str]) -> str:
    """Return what identifies a cited work across articles: the store's work IRI
    (kb/rdf/works.py), written ``doi:`` and the DOI, ``pmid:`` and the PMID, else the IRI
    minted from the title and year; "" for a source that names no work.

    A PubMed work that an entry elsewhere states the same as a DOI's (``same``) is that DOI's
    work, as most-cited-sources counts it: an article citing a paper by its PMID alone shares
    it with those citing it by DOI.
    """
    work = row.get("work", "")
    work = same.get(work, work)
    for prefix, name in _WORK_PREFIXES:
        if work.startswith(prefix):
            return name + unquote(work[len(prefix) :])
    return work


def _section_records(
    rows: Iterable[Row],
    titles: Mapping[str, str],
    claim_kept: Callable[[str], bool],
    shown: set[str] | None,
) -> Iterator[Record]:
    """Yield section nodes with their article's edge, and their edges to the kept claims."""
    seen: set[str] = set()
    for row in rows:
        section, article = row["section"], row["article"]
        if section not in seen:
            seen.add(section)
            yield (
                "node",
                section,
                {
                    "kind": "section",
                    "label": one_line(row["title"], LABEL_WIDTH),
                    "title": row["title"],
                    "article": article,
                    "article_title": titles.get(article, ""),
                },
            )
            yield "edge", article, section, _CONTAINS
            if shown is not None:
                shown.add(article)
        claim = row.get("claim")
        if claim and claim_kept(claim):
            yield "edge", section, claim, _CONTAINS


def _level_records(graded: list[tuple[str, str]], counts: Mapping[str, int]) -> Iterator[Record]:
    """Yield one node per evidence level (its sources' citations summed), and their edges."""
    cited: Counter[str] = Counter()
    for source, level in graded:
        cited[level] += counts.get(source, 0)
    for level, total in cited.items():
        attributes = {"kind": "level", "label": level, "level": level, "article": ""}
        yield "node", f"level:{level}", {**attributes, "citations": total}
    for source, level in graded:
        yield "edge", source, f"level:{level}", {"relation": "graded-as", "markers": ""}


def _drop_isolated(graph: nx.Graph[str], flt: NetworkFilter) -> None:
    """Drop the nodes a narrowing filter left without any edge, unless ``keep_isolated``."""
    import networkx as nx

    if flt.narrows and not flt.keep_isolated:
        graph.remove_nodes_from(list(nx.isolates(graph)))


#: The relation of a projection's edges, named for what links its two nodes.
PROJECTION_RELATIONS = {
    "claims": "share-sources",
    "sources": "co-cited",
    "articles": "cite-same-works",
}


def project(
    graph: nx.DiGraph[str], projection: str, flt: NetworkFilter | None = None
) -> nx.Graph[str]:
    """Return a one-mode projection: claims sharing a source, co-cited sources, linked articles.

    Edge ``weight`` counts what links the two nodes: shared sources (claims), citing claims
    (sources), or cited works both articles cite, by their work IRI (articles).
    A narrowing filter drops the nodes left unlinked, unless it keeps them.
    """
    import networkx as nx

    groups = {
        "claims": _cited_by_groups(graph, inverse=True),
        "sources": _cited_by_groups(graph, inverse=False),
        "articles": _shared_work_groups(graph),
    }[projection]
    kind = projection.removesuffix("s")
    result: nx.Graph[str] = nx.Graph()
    result.add_nodes_from((n, d) for n, d in graph.nodes(data=True) if d["kind"] == kind)
    weights: Counter[tuple[str, str]] = Counter()
    for members in groups:
        weights.update(combinations(sorted(set(members)), 2))
    for (a, b), weight in weights.items():
        result.add_edge(a, b, relation=PROJECTION_RELATIONS[projection], weight=weight)
    _drop_isolated(result, flt or NetworkFilter())
    return result


def _cited_by_groups(graph: nx.DiGraph[str], *, inverse: bool) -> list[list[str]]:
    """Return, per claim, the sources it cites; or per source (``inverse``), its citing claims."""
    cites = [(u, v) for u, v, d in graph.edges(data=True) if d["relation"] == "cites"]
    groups: dict[str, list[str]] = {}
    for claim, source in cites:
        key, member = (source, claim) if inverse else (claim, source)
        groups.setdefault(key, []).append(member)
    return list(groups.values())


def _shared_work_groups(graph: nx.DiGraph[str]) -> list[list[str]]:
    """Return, per cited work identity, the articles that cite it."""
    groups: dict[str, list[str]] = {}
    for _, data in graph.nodes(data=True):
        if data["kind"] == "source" and data["identity"] and data["citations"]:
            groups.setdefault(data["identity"], []).append(data["article"])
    return list(groups.values())


def articles_network(
    paths: Iterable[str],
    input_format: str | None = None,
    flt: NetworkFilter | None = None,
    on_article: Callable[[Article], None] | None = None,
) -> nx.DiGraph[str]:
    """Return the network of article files, each extracted, graded and built on the fly.

    ``on_article`` sees each extracted article (the CLI prints its reading warnings).
    """
    return build_network(articles_select(paths, input_format, on_article), flt)


def articles_select(
    paths: Iterable[str],
    input_format: str | None = None,
    on_article: Callable[[Article], None] | None = None,
    max_size: int | None = MAX_SIZE,
) -> Select:
    """Return a SELECT runner over article files, each extracted, graded and built on the fly
    (a file over ``max_size`` bytes is refused: ArticleTooLarge)."""
    from claims import extract_path
    from kb.rdf.graph import article_iri, article_triples
    from kb.rdf.ntriples import ntriples
    from sources import grade

    articles = []
    for path in paths:
        article = extract_path(path, input_format, max_size)
        if on_article is not None:
            on_article(article)
        articles.append((str(article_iri(article)), ntriples(article_triples(grade(article)))))
    return select_ntriples(articles)


def network_select(
    flt: NetworkFilter,
    *,
    articles: Sequence[str] = (),
    store: Store | None = None,
    input_format: str | None = None,
    on_article: Callable[[Article], None] | None = None,
    max_size: int | None = MAX_SIZE,
) -> tuple[Select | NetworkRows, NetworkFilter]:
    """Return what ``claimkb export`` reads: a SELECT runner over the article files
    ``articles``, else over ``store``; and ``flt`` with its articles (IRIs or files) as IRIs."""
    from kb.rdf.graph import iri_of

    flt = replace(flt, articles=tuple(iri_of(article) for article in flt.articles))
    if articles:
        return articles_select(articles, input_format, on_article, max_size), flt
    if store is not None:
        return select_store(store), flt
    raise ValueError("give article files or a store")
