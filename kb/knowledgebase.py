"""The Python face of the knowledge base, for notebooks and scripts.

>>> kb = KnowledgeBase("my-kb")  # doctest: +SKIP
>>> kb.ingest("articles/")  # doctest: +SKIP
>>> kb.query("SELECT ?c WHERE { GRAPH ?a { ?c a ckb:Claim } }").to_dataframe()  # doctest: +SKIP

The method names are the CLI's commands: ``ingest``, ``articles`` (``list``), ``stats``,
``remove``, ``dump``, ``load``, ``query``, ``search``, ``audit``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kb.store import default_location, open_store
from kb.store.base import ArticleInfo, Store

if TYPE_CHECKING:
    import pandas
    import rdflib

    from kb.audit.knowledge_base import KbAudited
    from kb.ingest.pipeline import IngestReport
    from kb.query.stats import Stats


class Rows(list[dict[str, Any]]):
    """SELECT results: a list of dicts of plain Python values, keyed by variable name."""

    def __init__(self, rows: Iterable[dict[str, Any]], variables: tuple[str, ...]) -> None:
        super().__init__(rows)
        self.variables = variables

    def to_dataframe(self) -> pandas.DataFrame:
        """Return the rows as a pandas DataFrame (needs ``pip install claimkb[pandas]``)."""
        try:
            import pandas
        except ImportError:
            raise ImportError(
                "to_dataframe() needs pandas: pip install 'claimkb[pandas]'"
            ) from None
        return pandas.DataFrame(list(self), columns=list(self.variables))


class KnowledgeBase:
    """A claimkb knowledge base: a directory (embedded store) or a SPARQL endpoint URL.

    ``location`` defaults to ``$CLAIMKB_KB``, else ``$XDG_DATA_HOME/claimkb/kb``. The store
    opens on first use; ``close()`` (or a ``with`` block) releases it for other writers.
    """

    def __init__(
        self,
        location: str | Path | None = None,
        *,
        update_url: str | None = None,
        read_only: bool = False,
    ) -> None:
        self.location = str(location or os.environ.get("CLAIMKB_KB") or default_location())
        self.update_url = update_url
        self.read_only = read_only
        self._store: Store | None = None

    @property
    def store(self) -> Store:
        """Return the open store (opening it on first use)."""
        if self._store is None:
            self._store = open_store(
                self.location, read_only=self.read_only, update_url=self.update_url
            )
        return self._store

    def ingest(
        self,
        paths: str | Path | Iterable[str | Path],
        *,
        jobs: int | None = None,
        validate: bool = True,
        keep_paths: bool = False,
    ) -> IngestReport:
        """Ingest articles (files, directories, globs); return the summary with failures.

        Each is stored under its path relative to the directory it was given in (``keep_paths``:
        its ``file:`` IRI); ``report.landed`` lists (IRI, stored path) of those that landed.
        """
        from kb.ingest.pipeline import ingest

        given = [paths] if isinstance(paths, str | Path) else list(paths)
        return ingest(
            self.store,
            [str(p) for p in given],
            jobs=jobs,
            validate=validate,
            keep_paths=keep_paths,
        )

    def query(
        self, sparql: str, *, timeout: float | None = None, allow_service: bool = False
    ) -> Rows | bool | rdflib.Graph:
        """Return SELECT rows (dicts), an ASK answer (bool) or a CONSTRUCT graph (rdflib).

        The query runs as `claimkb query` runs it (:func:`kb.query.run.run_query`): claimkb's
        prefixes are predeclared, and the default graph is the union of the article graphs, so
        ``{ ?c a ckb:Claim }`` finds the claims of every article (``GRAPH ?article { ... }``
        says which article each comes from). ``timeout`` (seconds, None for none) and
        ``allow_service`` are the command's ``--timeout`` and ``--allow-service``.
        """
        from kb.query.run import run_query

        result = run_query(self.store, sparql, timeout=timeout, allow_service=allow_service)
        if result.kind == "boolean":
            return bool(result.boolean)
        if result.kind == "graph":
            import rdflib

            return rdflib.Graph().parse(data=result.payload.decode(), format="nt")
        return Rows(result.dicts(), result.variables)

    def search(self, terms: str, *, limit: int | None = 20, offset: int = 0) -> Rows:
        """Return the claims matching ``terms``, best first: ``limit`` of them (None: all)
        after the first ``offset``, as `claimkb search` finds them.

        Each row has score, article, line, sentence, status, level, snippet (matched words
        between ``**``), title and text. Raise SearchTermsMissing when ``terms`` has no word.
        """
        from kb.query.search import COLUMNS, search

        result = search(self.store, terms, limit=limit, offset=offset)
        return Rows(result.dicts(), COLUMNS)

    def articles(self) -> list[ArticleInfo]:
        """Return every article: IRI, title and source path."""
        return self.store.articles()

    def graph(self, article: str | Path) -> rdflib.Graph:
        """Return one article's graph, named by its IRI or by its file."""
        from kb.rdf.graph import iri_of

        return self.store.graph(iri_of(str(article)))

    def stats(self, *, top: int = 10) -> Stats:
        """Return articles, claims by status, sources by level and the most cited sources."""
        from kb.query.stats import kb_stats

        return kb_stats(self.store, top=top)

    def remove(self, article: str | Path) -> bool:
        """Remove one article, named by IRI or file; return False when it was not there."""
        from kb.rdf.graph import iri_of

        return self.store.remove_article(iri_of(str(article)))

    def dump(self, path: str | Path, fmt: str = "trig") -> None:
        """Write the whole knowledge base to a file (trig, nquads, jsonld, ttl)."""
        from kb.export.output import output_file

        with output_file(path) as out:  # the old file stays until the new one is whole
            self.store.dump(fmt, out)

    def load(self, path: str | Path, fmt: str | None = None) -> int:
        """Load a dump; each named graph replaces its article. Return the graphs loaded."""
        return self.store.load(path, fmt)

    def audit(
        self, article: str | Path | None = None, *, extra_shapes: Iterable[str | Path] = ()
    ) -> list[KbAudited]:
        """Return each article (or only ``article``, by IRI or file) with its audit findings."""
        from kb.audit.knowledge_base import audit_kb
        from kb.rdf.graph import iri_of

        iri = iri_of(str(article)) if article is not None else None
        shapes = [Path(p) for p in extra_shapes]
        return audit_kb(self.store, article=iri, extra_shapes=shapes)

    def close(self) -> None:
        """Release the store."""
        if self._store is not None:
            self._store.close()
            self._store = None

    def __enter__(self) -> KnowledgeBase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"KnowledgeBase({self.location!r})"
