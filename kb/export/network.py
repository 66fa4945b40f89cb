"""The claim-citation network as a networkx graph, built by SPARQL from a store or one article.

Nodes are articles, claims and sources (optionally sections and evidence levels); edges are
``contains`` (article to claim or source, section to claim) and ``cites`` (claim to source).
Every attribute is a plain str, int or bool so GraphML and GEXF writers keep it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import combinations
from typing import TYPE_CHECKING

from kb.rdf.prefixes import local_name

if TYPE_CHECKING:
    import networkx as nx
    import pyoxigraph
    import rdflib

    from claims.model import Article
    from kb.store.base import Store

Row = Mapping[str, str]
Select = Callable[[str], Iterable[Row]]

PROJECTIONS = ("claims", "sources", "articles")
LABEL_WIDTH = 60
#: Statuses under which a booster is an overclaim (shapes/audit.ttl, rule overclaim).
_OVERCLAIMABLE = frozenset({"unsupported", "weakly-supported", "cited-unknown-evidence"})


@dataclass(frozen=True)
class NetworkFilter:
    """What to keep: articles, claim statuses, evidence levels, a citation floor."""

    articles: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    min_citations: int = 0
    sections: bool = False
    level_nodes: bool = False


def notation(iri: str) -> str:
    """Return the notation of a ckb level or status concept (``ckb:level-rct`` gives ``rct``)."""
    return local_name(iri).removeprefix("level-") if iri else ""


def short(text: str, width: int = LABEL_WIDTH) -> str:
    """Return ``text`` on one line, cut to ``width`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def _query_text(name: str, articles: tuple[str, ...]) -> str:
    from kb.query.loader import query_text
    from kb.rdf.prefixes import sparql_prologue

    body = query_text(name, "network")
    values = " ".join(f"<{iri}>" for iri in articles)
    body = body.replace("#ARTICLES", f"VALUES ?article {{ {values} }}" if articles else "")
    return sparql_prologue() + body


def select_oxigraph(store: pyoxigraph.Store) -> Select:
    """Return a SELECT runner over a pyoxigraph store whose rows are plain strings."""
    from kb.store.base import csv_rows

    return lambda query: csv_rows(store, query)


def select_graphs(graphs: Iterable[tuple[str, rdflib.Graph]]) -> Select:
    """Return a SELECT runner over article graphs, each loaded as its own named graph."""
    import pyoxigraph

    store = pyoxigraph.Store()
    for article, graph in graphs:
        data = graph.serialize(format="nt").encode("utf-8")
        target = pyoxigraph.NamedNode(article)
        store.load(data, format=pyoxigraph.RdfFormat.N_TRIPLES, to_graph=target)
    return select_oxigraph(store)


def select_graph(graph: rdflib.Graph, article: str) -> Select:
    """Return a SELECT runner over one article's rdflib graph, loaded as its named graph."""
    return select_graphs([(article, graph)])


def select_store(store: Store) -> Select:
    """Return a SELECT runner over a knowledge base, whichever its backend."""
    return store.select_rows


def build_network(select: Select, flt: NetworkFilter | None = None) -> nx.DiGraph:
    """Return the article-claim-source network, filtered as ``flt`` says."""
    import networkx as nx

    flt = flt or NetworkFilter()
    graph = nx.DiGraph()
    run = lambda name: select(_query_text(name, flt.articles))  # noqa: E731
    _add_articles(graph, run("articles"))
    boosted = {row["claim"] for row in run("boosted")}
    _add_claims(graph, run("claims"), boosted, flt)
    _add_sources(graph, run("sources"), flt)
    _add_citations(graph, run("citations"))
    if flt.sections:
        _add_sections(graph, run("sections"))
    _apply_citation_floor(graph, flt)
    if flt.level_nodes:
        _add_level_nodes(graph)
    return graph


def _add_articles(graph: nx.DiGraph, rows: Iterable[Row]) -> None:
    for row in rows:
        iri = row["article"]
        title = row.get("title") or row.get("path") or local_name(iri)
        graph.add_node(iri, kind="article", label=short(title), article=iri, title=title)


def _add_claims(
    graph: nx.DiGraph, rows: Iterable[Row], boosted: set[str], flt: NetworkFilter
) -> None:
    for row in rows:
        status, level = notation(row["status"]), notation(row.get("level", ""))
        if not _kept(status, flt.statuses) or not _kept(level, flt.levels):
            continue
        overclaim = row["claim"] in boosted and status in _OVERCLAIMABLE
        graph.add_node(
            row["claim"],
            kind="claim",
            label=short(row["text"]),
            text=row["text"],
            status="overclaim" if overclaim else status,
            support=status,
            level=level,
            line=int(row["line"]),
            article=row["article"],
            section=row.get("section", ""),
            citations=0,
        )
        graph.add_edge(row["article"], row["claim"], relation="contains", markers="")


def _kept(value: str, wanted: tuple[str, ...]) -> bool:
    """Return True when no values are wanted or ``value`` is one of them."""
    return not wanted or value in wanted


def _add_sources(graph: nx.DiGraph, rows: Iterable[Row], flt: NetworkFilter) -> None:
    for row in rows:
        level = notation(row["level"])
        if not _kept(level, flt.levels):
            continue
        title = row.get("title", "")
        graph.add_node(
            row["source"],
            kind="source",
            label=row["key"] + (f" {short(title, 40)}" if title else ""),
            source_key=row["key"],
            title=title,
            level=level,
            identity=_identity(row),
            conflict=row.get("conflict") == "true",
            listed=row.get("listed", "true") == "true",
            article=row["article"],
            citations=0,
        )
        graph.add_edge(row["article"], row["source"], relation="contains", markers="")


def _identity(row: Row) -> str:
    """Return what identifies a cited work across articles: DOI, PMID, else title and year."""
    if row.get("doi"):
        return "doi:" + row["doi"].lower()
    if row.get("pmid"):
        return "pmid:" + row["pmid"]
    if row.get("title"):
        return "title:" + " ".join(row["title"].lower().split()) + ":" + row.get("year", "")
    return ""


def _add_citations(graph: nx.DiGraph, rows: Iterable[Row]) -> None:
    for row in rows:
        claim, source = row["claim"], row["source"]
        if claim in graph and source in graph:
            graph.add_edge(claim, source, relation="cites", markers=row.get("markers", ""))
            graph.nodes[claim]["citations"] += 1
            graph.nodes[source]["citations"] += 1


def _add_sections(graph: nx.DiGraph, rows: Iterable[Row]) -> None:
    for row in rows:
        section = row["section"]
        if section not in graph:
            graph.add_node(
                section, kind="section", label=short(row["title"]), article=row["article"]
            )
            graph.add_edge(row["article"], section, relation="contains", markers="")
        claim = row.get("claim")
        if claim and claim in graph:
            graph.add_edge(section, claim, relation="contains", markers="")


def _apply_citation_floor(graph: nx.DiGraph, flt: NetworkFilter) -> None:
    """Drop sources cited fewer than ``min_citations`` times (all uncited ones when filtering)."""
    filtering = flt.min_citations > 0 or flt.statuses or flt.levels
    floor = max(flt.min_citations, 1 if filtering else 0)
    nodes = graph.nodes(data=True)
    weak = [n for n, d in nodes if d["kind"] == "source" and d["citations"] < floor]
    graph.remove_nodes_from(weak)


def _add_level_nodes(graph: nx.DiGraph) -> None:
    sources = [(n, d["level"]) for n, d in graph.nodes(data=True) if d["kind"] == "source"]
    for source, level in sources:
        node = f"level:{level}"
        if node not in graph:
            graph.add_node(node, kind="level", label=level, level=level, article="")
        graph.add_edge(source, node, relation="graded-as", markers="")


def project(graph: nx.DiGraph, projection: str) -> nx.Graph:
    """Return a one-mode projection: claims sharing a source, co-cited sources, linked articles.

    Edge ``weight`` counts what links the two nodes: shared sources (claims), citing claims
    (sources), or cited works both articles cite, matched by DOI, PMID or title (articles).
    """
    import networkx as nx

    groups = {
        "claims": _cited_by_groups(graph, inverse=True),
        "sources": _cited_by_groups(graph, inverse=False),
        "articles": _shared_work_groups(graph),
    }[projection]
    kind = projection.removesuffix("s")
    result = nx.Graph()
    result.add_nodes_from((n, d) for n, d in graph.nodes(data=True) if d["kind"] == kind)
    weights: Counter[tuple[str, str]] = Counter()
    for members in groups:
        weights.update(combinations(sorted(set(members)), 2))
    for (a, b), weight in weights.items():
        result.add_edge(a, b, relation=f"shared-{projection}", weight=weight)
    return result


def _cited_by_groups(graph: nx.DiGraph, *, inverse: bool) -> list[list[str]]:
    """Return, per claim, the sources it cites; or per source (``inverse``), its citing claims."""
    cites = [(u, v) for u, v, d in graph.edges(data=True) if d["relation"] == "cites"]
    groups: dict[str, list[str]] = {}
    for claim, source in cites:
        key, member = (source, claim) if inverse else (claim, source)
        groups.setdefault(key, []).append(member)
    return list(groups.values())


def _shared_work_groups(graph: nx.DiGraph) -> list[list[str]]:
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
) -> nx.DiGraph:
    """Return the network of article files, each extracted, graded and built on the fly.

    ``on_article`` sees each extracted article (the CLI prints its reading warnings).
    """
    from claims import extract_path
    from kb.rdf.graph import article_iri, build_graph
    from sources import grade

    graphs = []
    for path in paths:
        article = extract_path(path, input_format)
        if on_article is not None:
            on_article(article)
        graphs.append((str(article_iri(article)), build_graph(grade(article))))
    return build_network(select_graphs(graphs), flt)


def kb_network(store: Store, flt: NetworkFilter | None = None) -> nx.DiGraph:
    """Return the network of a knowledge base (or of the articles ``flt`` names)."""
    return build_network(select_store(store), flt)


def network(
    flt: NetworkFilter,
    *,
    articles: Sequence[str] = (),
    store: Store | None = None,
    projection: str | None = None,
    input_format: str | None = None,
    on_article: Callable[[Article], None] | None = None,
) -> nx.Graph:
    """Return the network ``claimkb export`` writes: of the article files ``articles``, else of
    ``store``; filtered by ``flt`` (whose articles may be IRIs or files), projected when asked."""
    from kb.rdf.graph import iri_of

    flt = replace(flt, articles=tuple(iri_of(article) for article in flt.articles))
    if articles:
        graph = articles_network(articles, input_format, flt, on_article)
    elif store is not None:
        graph = kb_network(store, flt)
    else:
        raise ValueError("give article files or a store")
    return project(graph, projection) if projection else graph
