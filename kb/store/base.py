"""What every store is: the abstract :class:`Store`, its :class:`QueryResult`, the RDF and results
format tables, and the plain Python values of terms. The backends (``embedded``, ``remote``)
subclass Store; code above the store room reads only this interface.
"""

from __future__ import annotations

import contextlib
import io
import json
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, ClassVar

import pyoxigraph as ox

from kb.errors import StoreUnavailable
from kb.rdf.formats import DATASET_FORMATS, EXTENSIONS
from kb.rdf.iri import named_node
from kb.rdf.prefixes import sparql_prologue
from kb.scratch import owned_directory, user_directory
from kb.store.results_stream import write_solutions
from kb.store.spool import Row, RowSpool

if TYPE_CHECKING:
    import rdflib

    from kb.store.network_rows import NetworkRows
    from kb.store.search_index import SearchIndex


@dataclass(frozen=True)
class SpooledGraph:
    """An article's graph as an N-Triples file: an article too large to hand over as text
    (kb.ingest.large). The embedded store bulk-loads the file without reading it into memory."""

    path: Path


#: One article's graph as a store writes it: N-Triples text (ingest) or file (a large article),
#: or the quads of that graph as a dump's parser gave them (load), which the embedded store
#: bulk-loads without writing them out as text and parsing them again.
ArticleGraph = str | SpooledGraph | list[ox.Quad]

#: RDF formats of ``dump``/``load`` and of CONSTRUCT results, by the names the CLI uses.
RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}
#: Aliases accepted wherever an RDF format name is.
FORMAT_ALIASES = {"turtle": "ttl", "ntriples": "nt", "n-triples": "nt", "nq": "nquads"}
#: What ``list`` writes: tab-separated lines, a JSON array, or one JSON object per line.
LIST_FORMATS = ("tsv", "json", "jsonl")
#: What ``dump`` writes: trig, nquads and jsonld keep one named graph per article (and load
#: back); ttl merges every article into one graph.
DUMP_FORMATS = ("trig", "nquads", "ttl", "jsonld")
#: W3C SPARQL results formats of SELECT/ASK results.
RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
_LIST_ARTICLES = """
SELECT ?article ?title ?path WHERE {{
  GRAPH ?article {{
    OPTIONAL {{ ?article dcterms:title ?title }}
    OPTIONAL {{ ?article ckb:sourcePath ?path }}
  }}
  FILTER (?article != <{vocabulary}>)
}} ORDER BY ?article
"""


def rdf_format(name: str) -> ox.RdfFormat:
    """Return the pyoxigraph RDF format for a CLI name (``trig``, ``ttl``, ``nquads``...)."""
    key = FORMAT_ALIASES.get(name.lower(), name.lower())
    if key not in RDF_FORMATS:
        known = ", ".join(RDF_FORMATS)
        raise StoreUnavailable(f"unknown RDF format {name!r}: use one of {known}")
    return RDF_FORMATS[key]


@dataclass(frozen=True)
class ArticleInfo:
    """One article of the knowledge base as ``list`` shows it."""

    iri: str
    title: str | None
    source: str | None

    def as_dict(self) -> dict[str, str | None]:
        """Return the article as ``list --format json`` and ``jsonl`` write it."""
        return {"iri": self.iri, "source": self.source, "title": self.title}


@dataclass
class QueryResult:
    """The result of a SPARQL query, the same for the embedded store and a remote endpoint.

    ``kind`` is ``"bindings"`` (SELECT), ``"boolean"`` (ASK) or ``"graph"`` (CONSTRUCT,
    DESCRIBE). Iterating gives the rows (tuples of pyoxigraph terms, ``None`` for unbound) or the
    triples. ``serialize(fmt)`` gives W3C results (json/xml/csv/tsv) or RDF (ttl/nt/jsonld/xml).
    """

    kind: str
    variables: tuple[str, ...] = ()
    boolean: bool | None = None
    # W3C SPARQL JSON results (bindings) or N-Triples (graph): what both modes can hand over.
    payload: bytes = b""
    _rows: list[Any] | None = field(default=None, repr=False)

    @classmethod
    def from_pyoxigraph(cls, result: Any) -> QueryResult:
        """Return the result of a pyoxigraph ``query()`` call, made reusable."""
        if isinstance(result, ox.QueryBoolean):
            payload = result.serialize(format=ox.QueryResultsFormat.JSON) or b""
            return cls("boolean", boolean=bool(result), payload=payload)
        if isinstance(result, ox.QuerySolutions):
            names = tuple(v.value for v in result.variables)
            payload = result.serialize(format=ox.QueryResultsFormat.JSON) or b""
            return cls("bindings", names, payload=payload)
        return cls("graph", ("subject", "predicate", "object"), payload=_triples_bytes(result))

    @classmethod
    def of_rows(cls, variables: tuple[str, ...], rows: list[Any]) -> QueryResult:
        """Return a SELECT result of ``rows`` (tuples of terms or None) held as they are, with
        no payload: :meth:`serialize` writes them (:func:`write_solutions`)."""
        return cls("bindings", variables, _rows=rows)

    @property
    def rows(self) -> list[Any]:
        """Return the rows (bindings: tuples of terms or None) or triples (graph)."""
        if self._rows is None:
            self._rows = list(self._parse())
        return self._rows

    def _parse(self) -> Iterator[Any]:
        if self.kind == "boolean":
            return iter(())
        if self.kind == "graph":
            return ox.parse(self.payload, format=ox.RdfFormat.N_TRIPLES)
        solutions = ox.parse_query_results(self.payload, format=ox.QueryResultsFormat.JSON)
        if isinstance(solutions, ox.QueryBoolean):
            return iter(())
        return (tuple(s[name] for name in self.variables) for s in solutions)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def dicts(self) -> list[dict[str, Any]]:
        """Return the rows as dicts of plain Python values (str, int, float, bool, None)."""
        if self.kind == "boolean":
            return [{"boolean": self.boolean}]
        return [
            {name: to_python(term) for name, term in zip(self.variables, row, strict=True)}
            for row in self.rows
        ]

    def serialize(self, fmt: str) -> bytes:
        """Return W3C SPARQL results (json/xml/csv/tsv) or, for a graph, RDF (ttl/nt/jsonld).
        Rows held as they are (:meth:`of_rows`) are written as pyoxigraph writes a payload's."""
        if self.kind == "graph":
            return _graph_bytes(ox.parse(self.payload, format=ox.RdfFormat.N_TRIPLES), fmt)
        if fmt not in RESULT_FORMATS:
            known = ", ".join(RESULT_FORMATS)
            raise StoreUnavailable(f"unknown results format {fmt!r}: use one of {known}")
        if self.kind == "bindings" and not self.payload:
            return self.written(fmt)
        if fmt == "json":
            return self.payload
        results = ox.parse_query_results(self.payload, format=ox.QueryResultsFormat.JSON)
        return results.serialize(format=RESULT_FORMATS[fmt]) or b""

    def written(self, fmt: str) -> bytes:
        """Return SELECT rows in ``fmt`` (json, xml, csv, tsv, jsonl) by the writer ``claimkb
        serve`` streams them with: the same bytes as pyoxigraph's for json, csv and tsv, XML
        whose every control is inert, each solution's bindings object on a line (jsonl)."""
        out = io.BytesIO()
        write_solutions(fmt, self.variables, self.rows, out)
        return out.getvalue()


class Store(ABC):
    """A knowledge base: named graphs of articles, SPARQL queries and updates over them.

    Use as a context manager or call ``close()``. ``read_only`` stores refuse every write.
    """

    location: str
    read_only: bool
    #: Whether :meth:`query_with_prefixes` stops a query at its ``timeout`` (a server's answer
    #: is waited for that long). The embedded store cannot: its queries run in this process.
    stops_queries: ClassVar[bool] = False

    @abstractmethod
    def query(self, sparql: str) -> QueryResult:
        """Return the result of a SPARQL query; raise QuerySyntaxError with the position."""

    def query_with_prefixes(self, sparql: str, *, timeout: float | None = None) -> QueryResult:
        """Return the result of a user's query with claimkb's prefixes declared before it.

        Its default graph is the union of the article graphs (on a server: as the server is set
        up). Raise QuerySyntaxError; its position may count the declarations. ``timeout``:
        seconds a server may take to answer (QueryStopped past them). The embedded store runs a
        query in this process, where nothing can stop it, and refuses a timeout:
        :func:`kb.query.run.run_query` runs such a query in a worker process instead.
        """
        if timeout is not None:
            raise ValueError(f"{type(self).__name__} cannot stop a query: no timeout")
        return self.query(sparql_prologue() + sparql)

    def select_rows(self, sparql: str) -> Iterator[Row]:
        """Yield the rows of a SELECT as dicts of plain strings, unbound variables and empty
        strings left out (as on the embedded store, whose CSV cannot tell them apart: an empty
        GROUP_CONCAT is then absent on every store)."""
        result = self.query(sparql)
        for row in result.rows:
            yield {
                n: t.value
                for n, t in zip(result.variables, row, strict=True)
                if t is not None and t.value
            }

    def spool(self, sparql: str) -> RowSpool:
        """Return a SELECT to run in one thread (:meth:`RowSpool.fill`) and read in another
        (:meth:`RowSpool.rows`): the rows of :meth:`select_rows`, once it has run."""
        return RowSpool(lambda: self.select_rows(sparql))

    @abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL update as one transaction."""

    @abstractmethod
    def _write(self, iri: str, ntriples: str, *, replace: bool) -> None:
        """Write one article graph (N-Triples) as one transaction, replacing it or adding to it."""

    @abstractmethod
    def dump(self, fmt: str, out: IO[bytes]) -> None:
        """Write every article graph to ``out`` (``ttl``/``nt`` merge them into one graph)."""

    def _dump_jsonld(self, out: IO[bytes]) -> None:
        """Write every graph as one compacted JSON-LD document (kb.rdf.jsonld), graph by graph."""
        from kb.rdf.jsonld import write_compacted
        from kb.rdf.prefixes import turtle_prefixes

        graphs = (
            json.loads(ox.serialize(self.graph_quads(iri), format=ox.RdfFormat.JSON_LD) or b"[]")
            for iri in self.graph_names()
        )
        write_compacted(graphs, turtle_prefixes(), out)

    def replace_article(self, iri: str, graph: str | rdflib.Graph) -> None:
        """Replace the named graph ``iri`` by ``graph`` (N-Triples text or an rdflib Graph)."""
        text = graph if isinstance(graph, str) else graph.serialize(format="nt")
        self._write(str(iri), text, replace=True)

    def write_articles(
        self,
        items: Iterable[tuple[str, ArticleGraph]],
        *,
        on_compact: Callable[[], None] | None = None,
    ) -> Iterator[str]:
        """Replace each (article IRI, graph) pair; yield each IRI once it is committed.

        ``on_compact()`` is called when the store starts compacting itself after the writes
        (the embedded store, after a bulk load of many articles), so a display can say so.
        """
        for iri, graph in items:
            self._write(iri, ntriples_of(graph), replace=True)
            yield iri

    def keep_vocabulary(self) -> bool:
        """Write the vocabulary graph (:mod:`kb.rdf.vocabulary`) unless the store holds it as it
        is now; return True when it was written (new, or replacing an older one)."""
        from kb.rdf.vocabulary import VOCABULARY, vocabulary_hash, vocabulary_ntriples
        from ontology import CKB

        hashed = f'<{VOCABULARY}> <{CKB.contentHash}> "{vocabulary_hash()}"'
        if self.query(f"ASK {{ GRAPH <{VOCABULARY}> {{ {hashed} }} }}").boolean:
            return False
        # As articles are written: into a new store, one bulk load, which a transaction's log
        # (several times the graph's size) would not fit on a nearly full disk.
        for _ in self.write_articles([(VOCABULARY, vocabulary_ntriples())]):
            pass
        return True

    def graph_names(self) -> list[str]:
        """Return the IRIs of the graphs a dump holds: the vocabulary graph (when stored) and
        every article's, by IRI."""
        from kb.rdf.vocabulary import VOCABULARY

        vocabulary = [VOCABULARY] if self.has_article(VOCABULARY) else []
        return vocabulary + [article.iri for article in self.articles()]

    def remove_article(self, iri: str) -> bool:
        """Remove the named graph ``iri``; return False when there was none."""
        named_node(iri)  # never pasted into an update unless it is one IRI
        if not self.has_article(iri):
            return False
        self.update(f"DROP GRAPH <{iri}>")
        return True

    def has_article(self, iri: str) -> bool:
        """Return True when the store holds the named graph ``iri``."""
        named_node(iri)
        return bool(self.query(f"ASK {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}").boolean)

    def articles(self) -> list[ArticleInfo]:
        """Return every article (named graph but the vocabulary graph) with its title and source
        path, by IRI."""
        from kb.rdf.vocabulary import VOCABULARY

        rows = self.query(sparql_prologue() + _LIST_ARTICLES.format(vocabulary=VOCABULARY))
        return [ArticleInfo(iri.value, _value(title), _value(path)) for iri, title, path in rows]

    def article_ntriples(self, iri: str) -> str:
        """Return the named graph ``iri`` as N-Triples text ("" when absent)."""
        named_node(iri)
        result = self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")
        return result.payload.decode()

    def graph_quads(self, iri: str) -> Iterator[ox.Quad]:
        """Yield the quads of the named graph ``iri`` (none when absent)."""
        graph = named_node(iri)
        for triple in self.query(
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}"
        ):
            yield ox.Quad(triple.subject, triple.predicate, triple.object, graph)

    def graph_nquads(self, iri: str) -> bytes:
        """Return the named graph ``iri`` as N-Quads (empty when absent)."""
        return ox.serialize(self.graph_quads(iri), format=ox.RdfFormat.N_QUADS) or b""

    def graph(self, iri: str) -> rdflib.Graph:
        """Return the named graph ``iri`` as an rdflib Graph (empty when absent)."""
        import rdflib

        graph = rdflib.Graph(identifier=rdflib.URIRef(iri))
        return graph.parse(data=self.article_ntriples(iri), format="nt")

    def load(
        self,
        path: str | Path,
        fmt: str | None = None,
        *,
        on_graph: Callable[[str], None] | None = None,
        on_compact: Callable[[], None] | None = None,
    ) -> int:
        """Load a dump (TriG, N-Quads, JSON-LD); each named graph in it replaces the stored one.

        Return the number of article graphs written. Graphs are written as ``ingest`` writes
        articles (:meth:`write_articles`: new ones bulk-loaded in batches); ``on_graph(iri)`` is
        called as each article is committed, ``on_compact()`` as the store starts compacting.
        When the dump is claimkb's (it uses claimkb's terms), the vocabulary graph is left as
        this claimkb's (:meth:`keep_vocabulary`), whatever the dump's; other RDF is loaded as
        it is.
        """
        name = fmt or _format_of(path)
        if name not in DATASET_FORMATS:
            raise StoreUnavailable(
                f"{path}: {name} holds no named graphs, so articles cannot be told apart; "
                "load a dump made with --format trig, nquads or jsonld"
            )
        try:
            quads = ox.parse(path=str(path), format=rdf_format(name))
            count, ours = self._load_quads(quads, str(path), on_graph, on_compact)
            if ours:
                self.keep_vocabulary()
            return count
        except SyntaxError as error:
            raise StoreUnavailable(f"{path}: not valid {name}: {error}") from None
        except OSError as error:
            raise StoreUnavailable(f"{path}: cannot read it: {error.strerror or error}") from None

    def _load_quads(
        self,
        quads: Iterable[ox.Quad],
        source: str,
        on_graph: Callable[[str], None] | None,
        on_compact: Callable[[], None] | None,
    ) -> tuple[int, bool]:
        """Write the graphs of ``quads``; return how many, and whether any is claimkb's (in its
        vocabulary, or its vocabulary graph)."""
        seen: set[str] = set()
        rest: list[tuple[str, list[ox.Quad]]] = []
        from kb.rdf.vocabulary import VOCABULARY
        from ontology import PREFIXES

        ckb = PREFIXES["ckb"]
        ours = False

        def graphs() -> Iterator[tuple[str, ArticleGraph]]:
            nonlocal ours
            for graph_name, run in _graph_runs(quads):
                if graph_name is None:
                    raise StoreUnavailable(f"{source}: holds triples outside any named graph")
                ours = (
                    ours
                    or graph_name == VOCABULARY
                    or any(q.predicate.value.startswith(ckb) for q in run)
                )
                if graph_name == VOCABULARY:  # the dump's own: ours is written after
                    continue
                if graph_name in seen:  # a graph split across the file: added to, at the end
                    rest.append((graph_name, run))
                    continue
                seen.add(graph_name)
                yield graph_name, run

        for iri in self.write_articles(graphs(), on_compact=on_compact):
            if on_graph:
                on_graph(iri)
        for iri, run in rest:
            self._write(iri, ntriples_of(run), replace=False)
        return len(seen), ours

    def scratch(self, prefix: str) -> contextlib.AbstractContextManager[Path]:
        """Return a new directory for this process's temporary files of the store (an ingest's
        spooled graphs), removed afterwards, and after a kill by the next process to ask for one
        (its name carries the owner's pid, :mod:`kb.scratch`).

        Here, for a store with no directory of its own (a server), in the per-user scratch
        directory; the embedded store keeps them in its own.
        """
        return owned_directory(user_directory(), prefix)

    def search_index(self) -> SearchIndex | None:
        """Return the full-text index of claims kept beside the store, or None when the store
        has none (a SPARQL server: its files are not ours to keep an index beside)."""
        return None

    def network_rows(self) -> NetworkRows | None:
        """Return the citation network's rows as an index beside the store keeps them, or None
        when the store has none (a SPARQL server: the network is read by SPARQL there)."""
        return None

    def close(self) -> None:  # noqa: B027 - nothing to release by default
        """Release the store (the embedded store's lock)."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _graph_bytes(triples: Iterable[ox.Triple], fmt: str) -> bytes:
    """Return triples in an RDF format, with claimkb's prefixes (JSON-LD compacted with them)."""
    from kb.rdf.prefixes import turtle_prefixes

    prefixes = turtle_prefixes()
    written = ox.serialize(triples, format=rdf_format(fmt), prefixes=prefixes) or b""
    if rdf_format(fmt) != ox.RdfFormat.JSON_LD:
        return written
    from kb.rdf.jsonld import write_compacted

    out = io.BytesIO()
    write_compacted([json.loads(written or b"[]")], prefixes, out)
    return out.getvalue()


def to_python(term: Any) -> Any:
    """Return a plain Python value for a pyoxigraph term: str, int, float, bool or None."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        return _literal_value(term)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {f"{_XSD}{t}" for t in ("integer", "int", "long", "short", "nonNegativeInteger")}
_FLOATS = {f"{_XSD}{t}" for t in ("decimal", "double", "float")}


def _literal_value(literal: ox.Literal) -> Any:
    datatype = literal.datatype.value
    try:
        if datatype in _INTEGERS:
            return int(literal.value)
        if datatype in _FLOATS:
            return float(literal.value)
    except ValueError:
        return literal.value
    if datatype == f"{_XSD}boolean":
        return literal.value in ("true", "1")
    return literal.value


def _format_of(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in EXTENSIONS:
        raise StoreUnavailable(f"{path}: unknown RDF file extension; use --format to name one")
    return EXTENSIONS[suffix]


def _graph_runs(quads: Iterable[ox.Quad]) -> Iterator[tuple[str | None, list[ox.Quad]]]:
    """Yield (graph IRI, quads) for each run of consecutive quads in the same graph."""
    current: Any = object()
    run: list[ox.Quad] = []
    for quad in quads:
        if quad.graph_name != current:
            if run:
                yield _graph_iri(current), run
            current, run = quad.graph_name, []
        run.append(quad)
    if run:
        yield _graph_iri(current), run


def ntriples_of(graph: ArticleGraph) -> str:
    """Return an article's graph as N-Triples text (its quads' triples, for a dump's graph)."""
    if isinstance(graph, str):
        return graph
    if isinstance(graph, SpooledGraph):
        return graph.path.read_text("utf-8")
    return _triples_bytes(quad.triple for quad in graph).decode()


def _value(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> str | None:
    return None if term is None else term.value


def _graph_iri(name: Any) -> str | None:
    return name.value if isinstance(name, ox.NamedNode) else None


def _triples_bytes(triples: Iterable[Any]) -> bytes:
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


def as_nquads(iri: str, ntriples: str) -> str:
    """Return N-Triples lines (each ending " .") as N-Quads lines in the graph ``iri``.

    Lines are cut at "\n" only: a literal may hold U+2028 or U+0085, which N-Triples leaves
    as they are and ``str.splitlines`` would take for line ends.
    """
    graph = f"<{iri}> .\n"
    return "".join(line.rstrip()[:-1] + graph for line in ntriples.split("\n") if line.strip())
