"""Batch ingest: articles -> claims -> graded sources -> validated graphs -> the knowledge base.

Extraction, grading, graph building and SHACL validation run in worker processes; each worker
hands back N-Triples text and the parent alone writes to the store, one transaction per
article, so a killed ingest leaves every finished article whole and no other.
"""

from __future__ import annotations

import os
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from claims.errors import ArticleTooLarge, ClaimkbError
from claims.parent_death import die_with_parent
from claims.reading import MAX_SIZE, read_stdin
from kb.errors import IngestStopped
from kb.ingest.selection import ArticleFile, Selection, select_articles
from kb.store.base import ArticleGraph, SpooledGraph, Store

if TYPE_CHECKING:
    from rdflib import Graph

    from kb.rdf.graph import ArticleNodes

#: Articles each worker has in flight; enough to keep it busy while the parent writes.
_IN_FLIGHT_PER_JOB = 4


@dataclass(frozen=True)
class Built:
    """What a worker gives back for one article: its graph as N-Triples and its counts.

    The graph of an article past WHOLE_TRIPLES triples (kb.ingest.large) is in the file
    ``spooled`` instead, and ``ntriples`` is empty.
    """

    source: str
    #: The name it is stored under (``ckb:sourcePath``, kb.ingest.selection).
    name: str
    iri: str
    ntriples: str
    claims: int
    sources: int
    triples: int
    spooled: str | None = None

    def graph(self) -> ArticleGraph:
        """Return the graph as the store takes it: the text, or the file holding it."""
        return SpooledGraph(Path(self.spooled)) if self.spooled else self.ntriples


@dataclass(frozen=True)
class Failure:
    """An article that did not land, and why. ``bug`` marks a graph that broke the shapes."""

    source: str
    reason: str
    bug: bool = False


@dataclass
class IngestReport:
    """The summary of one ingest run."""

    articles: int = 0
    #: The article files the run was given (what ``articles`` is counted against).
    total: int = 0
    claims: int = 0
    sources: int = 0
    triples: int = 0
    seconds: float = 0.0
    failures: list[Failure] = field(default_factory=list)
    iris: list[str] = field(default_factory=list)
    sources_landed: list[str] = field(default_factory=list)
    #: (IRI, stored name) of each article that landed, in the order it landed.
    landed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """Return 0 when all landed, 1 when some failed, 2 when none could be ingested."""
        if not self.failures:
            return 0
        return 1 if self.articles else 2

    def add(self, built: Built) -> None:
        """Count one article that landed."""
        self.sources_landed.append(built.source)
        self.articles += 1
        self.claims += built.claims
        self.sources += built.sources
        self.triples += built.triples
        self.iris.append(built.iri)
        self.landed.append((built.iri, built.name))

    def summary(self) -> str:
        """Return the closing lines: counts, time, and each failure with why."""
        rate = self.articles / self.seconds if self.seconds else 0.0
        lines = [
            f"ingested {self.articles} articles ({self.claims} claims, {self.sources} sources, "
            f"{self.triples} triples) in {self.seconds:.1f} s ({rate:.1f} articles/s)"
        ]
        if self.failures:
            lines.append(f"{len(self.failures)} failed:")
            lines += [f"  {f.source}: {'BUG: ' if f.bug else ''}{f.reason}" for f in self.failures]
        return "\n".join(lines)


def build_article(
    source: str | ArticleFile,
    validate: bool = True,
    data: bytes | None = None,
    max_size: int | None = MAX_SIZE,
    spool: str | None = None,
) -> Built | Failure:
    """Return one article's graph as N-Triples, or why it could not be built (in a worker).

    ``source``: the file, with the name it is stored under (a bare path is stored as given).
    ``data``: the article's bytes, when they were read already (standard input). ``spool``:
    the directory where the graph of an article past WHOLE_TRIPLES triples is written (default:
    the system's temporary directory); the caller removes the file.
    """
    article_file = source if isinstance(source, ArticleFile) else ArticleFile(source, source)
    source = article_file.path
    try:
        return _build(article_file, validate, data, max_size, spool)
    except Exception as error:  # a bug in one article must not stop a batch of thousands
        return Failure(
            source, f"{type(error).__name__}: {error} (please report this bug)", bug=True
        )


def _build(
    article_file: ArticleFile,
    validate: bool,
    data: bytes | None,
    max_size: int | None,
    spool: str | None,
) -> Built | Failure:
    from dataclasses import replace

    from claims.extract import extract_bytes, extract_path
    from kb.ingest.large import whole_triples
    from kb.rdf.graph import ArticleNodes, graph_of
    from kb.rdf.ntriples import ntriples
    from kb.validate.structure import structure_conforms
    from sources import grade

    source = article_file.path
    try:
        if data is not None:
            article = extract_bytes(data, source, max_size=max_size)
        else:
            article = extract_path(source, max_size=max_size)
    except ClaimkbError as error:
        return Failure(source, str(error).removeprefix(f"{source}: "))
    except (OSError, ValueError) as error:
        return Failure(source, f"cannot read it: {error}")
    graded = grade(replace(article, source=article_file.name))
    nodes = ArticleNodes(graded)
    triples = whole_triples(nodes)
    if triples is None:
        return _build_large(article_file, nodes, validate, spool)
    written = ntriples(triples)
    if validate and not structure_conforms(triples, written):
        problem = _structure_problem(graph_of(triples, nodes.iri))
        return Failure(source, problem or _DISAGREEMENT, bug=True)
    return Built(
        source=source,
        name=article_file.name,
        iri=str(nodes.iri),
        ntriples=written,
        claims=len(graded.grades),
        sources=len(graded.sources),
        triples=len(triples),
    )


def _build_large(
    article_file: ArticleFile, nodes: ArticleNodes, validate: bool, spool: str | None
) -> Built | Failure:
    """Return an article past WHOLE_TRIPLES triples checked in parts and written to a file."""
    from kb.ingest.large import spool_article

    source = article_file.path
    try:
        spooled = spool_article(nodes, Path(spool or tempfile.gettempdir()), validate)
    except ArticleTooLarge as error:
        return Failure(source, str(error).removeprefix(f"{article_file.name}: "))
    if isinstance(spooled, str):
        return Failure(source, spooled, bug=True)
    return Built(
        source=source,
        name=article_file.name,
        iri=str(nodes.iri),
        ntriples="",
        claims=len(nodes.graded.grades),
        sources=len(nodes.graded.sources),
        triples=spooled.triples,
        spooled=str(spooled.path),
    )


_DISAGREEMENT = (
    "the quick structure check failed but the full SHACL report finds no violation "
    "(please report this bug)"
)


def _structure_problem(graph: Graph) -> str | None:
    """Return the structure violations of a graph (one line each), or None when it conforms."""
    from kb.validate.structure import validate_structure, violations_problem

    return violations_problem(validate_structure(graph).results)


def ingest(
    store: Store,
    paths: Selection | Iterable[str],
    *,
    keep_paths: bool = False,
    jobs: int | None = None,
    validate: bool = True,
    max_size: int | None = MAX_SIZE,
    stdin: bytes | None = None,
    on_start: Callable[[int], None] | None = None,
    on_done: Callable[[str], None] | None = None,
    on_compact: Callable[[], None] | None = None,
) -> IngestReport:
    """Ingest every article named by ``paths`` into ``store``; return the summary.

    ``paths`` are files, directories, globs and ``-``, chosen and named by
    :func:`kb.ingest.selection.select_articles` (``keep_paths``: stored by ``file:`` IRI), or
    what it returned already.
    ``jobs`` worker processes (default and most: the number of cores; 1 runs in this process)
    build the graphs. ``stdin``: the bytes of ``-`` when the caller read them already (else read
    here, refused past ``max_size``). ``on_start(total)``, ``on_done(source)`` and
    ``on_compact()`` (the store compacts itself after a large load) drive a progress display.
    The store's vocabulary graph is written first when it lacks this claimkb's
    (:meth:`Store.keep_vocabulary`). Raise select_articles's errors for the paths, and
    IngestStopped, which says what had landed, when it stops part-way (Ctrl-C, a full disk, a
    server gone).
    """
    if not isinstance(paths, Selection):
        paths = select_articles(list(paths), keep_paths=keep_paths)
    sources = paths.files
    if validate:
        from kb.validate.engine import shacl_engine

        shacl_engine()  # a wrong CLAIMKB_SHACL_ENGINE is one usage error, not a failure per article
    # Read here (workers have no stdin), and refused here when too large: one line, exit 2.
    if stdin is None and any(article.path == "-" for article in sources):
        stdin = read_stdin(max_size)
    store.keep_vocabulary()
    report = IngestReport(total=len(sources))
    started = time.perf_counter()
    if on_start:
        on_start(len(sources))
    # The graphs of articles too large to pass as text (kb.ingest.large), removed once loaded;
    # after a kill, by the next writer of the store (the store's own directory, Store.scratch).
    with store.scratch("ingest.") as spool:
        results = _build_all(sources, worker_count(jobs), validate, stdin, max_size, str(spool))
        pending: dict[str, list[Built]] = {}
        try:
            landing = _landing(results, report, pending, on_done)
            for iri in store.write_articles(landing, on_compact=on_compact):
                built = pending[iri].pop(0)
                if built.spooled:
                    os.unlink(built.spooled)
                report.add(built)
                if on_done:
                    on_done(built.source)
        except (KeyboardInterrupt, ClaimkbError, OSError) as error:
            results.close()  # cancels the articles not yet built
            _count_committed(store, pending, report)
            report.seconds = time.perf_counter() - started
            raise _stopped(report, error) from None
    report.seconds = time.perf_counter() - started
    return report


def _count_committed(store: Store, pending: dict[str, list[Built]], report: IngestReport) -> None:
    """Count the articles handed to the store that it committed before the stop reached us.

    A Ctrl-C can land between a batch's commit and its report; the store knows. (Nothing is
    counted when the store cannot be asked any more, a server gone, say.)
    """
    for iri, built in pending.items():
        try:
            if built and store.has_article(iri):
                report.add(built.pop(0))
        except (ClaimkbError, OSError):
            return


def _stopped(report: IngestReport, cause: BaseException) -> IngestStopped:
    """Return the error of an ingest stopped part-way, saying what had landed."""
    interrupted = isinstance(cause, KeyboardInterrupt)
    why = "interrupted" if interrupted else str(cause)
    # One form whatever the numbers ("0 of 1", "1 of 300"), so a script can read it.
    landed = f"{report.articles} of {report.total} articles had landed whole"
    if report.articles:
        landed += f" (the last: {report.sources_landed[-1]})"
    landed += (
        ": run the same ingest again to add the others (landed ones are replaced, never doubled)"
    )
    return IngestStopped(f"{why}; {landed}", report, interrupted=interrupted)


def cores() -> int:
    """Return the number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worker_count(jobs: int | None) -> int:
    """Return the worker processes to start: ``jobs``, at most one per core (default: that)."""
    return max(1, min(jobs or cores(), cores()))


def _landing(
    results: Iterator[Built | Failure],
    report: IngestReport,
    pending: dict[str, list[Built]],
    on_done: Callable[[str], None] | None,
) -> Iterator[tuple[str, ArticleGraph]]:
    """Yield (IRI, N-Triples) of built articles for the store; record failures on the way."""
    for result in results:
        if isinstance(result, Failure):
            report.failures.append(result)
            if on_done:
                on_done(result.source)
            continue
        pending.setdefault(result.iri, []).append(result)
        yield result.iri, result.graph()


def _build_all(
    sources: list[ArticleFile],
    jobs: int,
    validate: bool,
    stdin_data: bytes | None,
    max_size: int | None,
    spool: str,
) -> Generator[Built | Failure]:
    """Yield each article's build result, from worker processes when ``jobs`` > 1."""
    texts = {source.path: stdin_data if source.path == "-" else None for source in sources}
    if jobs <= 1 or len(sources) == 1:
        for source in sources:
            yield build_article(source, validate, texts[source.path], max_size, spool)
        return
    with ProcessPoolExecutor(
        max_workers=jobs, initializer=_worker_setup, initargs=(os.getpid(),)
    ) as pool:
        try:
            window: list[Future[Built | Failure]] = []
            for source in sources:
                window.append(
                    pool.submit(
                        build_article, source, validate, texts[source.path], max_size, spool
                    )
                )
                if len(window) >= jobs * _IN_FLIGHT_PER_JOB:
                    yield window.pop(0).result()
            for future in window:
                yield future.result()
        finally:  # stopped early: build nothing more; each worker ends its one article
            pool.shutdown(wait=False, cancel_futures=True)


def _worker_setup(parent: int) -> None:
    """Run in each worker as it starts: leave Ctrl-C to the parent, and die with the parent.

    On Linux the kernel kills the worker when its parent dies, even by SIGKILL
    (``PR_SET_PDEATHSIG``); elsewhere a thread watches the parent.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if not die_with_parent(parent):
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)
