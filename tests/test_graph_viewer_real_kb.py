"""Viewers of a knowledge base ingested from real articles, in a real headless Chromium.

The repo's own fixture articles (tests/fixtures/articles, every reader's format) are ingested
into a store on disk, and ``claimkb export --kb`` writes its page as a user's command does: at
this size (more than 300 nodes) the WebGL page. For the whole-knowledge-base viewer of at least
50,000 nodes, the quads of the ingested articles that the export reads (those of the predicates
its network queries name, about a third) are copied under fresh article IRIs (each copy's titles
numbered) as many times as it takes, Oxigraph's bulk loader takes the copies into a second store
on disk, and the same command writes the page (every quad copied and taken by ``claimkb load``
made the fixture 71 s of CPU and 2.4 GB; now about 21 s and 1 GB). Each page opens, lays out,
answers a search and a real mouse click, and logs no console error. Screenshots land in
tests/artifacts/."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner

from kb.cli import main
from kb.export.viewer import LARGE_NETWORK
from kb.ingest.pipeline import ingest
from kb.store import open_store
from tests.browser import drawn, open_page, screenshot

FIXTURES = Path(__file__).parent / "fixtures" / "articles"
ARTICLE_BASE = "https://w3id.org/claimkb/id/article/"
TITLE = "<http://purl.org/dc/terms/title>"
WHOLE_KB_NODES = 50_000


def claimkb(*args: str) -> None:
    """Run a claimkb command as a user would, and fail the test on a non-zero exit."""
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output


def fixture_articles(folder: Path) -> Path:
    """Copy the fixture articles (not their labels or the notes beside them) into ``folder``."""
    folder.mkdir()
    for path in FIXTURES.iterdir():
        if path.suffix in {".txt", ".md", ".html", ".xml"} and path.stem.upper() != path.stem:
            (folder / path.name).write_bytes(path.read_bytes())
    return folder


@pytest.fixture(scope="module")
def real_kb(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """Return a store of the ingested fixture articles and its N-Quads dump."""
    root = tmp_path_factory.mktemp("real-kb")
    articles = fixture_articles(root / "articles")
    with open_store(str(root / "kb")) as store:
        report = ingest(store, [str(articles)], jobs=1)
        assert not report.failures and report.articles > 20
        dump = io.BytesIO()
        store.dump("nquads", dump)
    return root / "kb", dump.getvalue().decode("utf-8")


def exported(kb: Path, page: Path) -> Path:
    """Write the knowledge base's viewer with ``claimkb export --kb`` and return its path."""
    claimkb("export", "--kb", str(kb), "-o", str(page), "--quiet")
    return page


def test_real_kb_page_opens_lays_out_searches_and_clicks(browser, real_kb, tmp_path) -> None:
    kb, _ = real_kb
    path = exported(kb, tmp_path / "kb.html")
    nodes = exported(kb, tmp_path / "kb.json").read_text(encoding="utf-8").count('"kind": ')
    assert nodes > LARGE_NETWORK  # the WebGL page: Cytoscape.js's layout would take a minute
    lays_out_searches_and_clicks(browser, path, nodes, "real-kb-viewer")


def network_quads(dump: str) -> str:
    """Return the lines of ``dump`` in article graphs whose predicate the export's network
    queries name (``a`` for rdf:type): what ``claimkb export`` reads of the articles."""
    from kb.query.loader import query_texts
    from kb.rdf.sparql_text import code_only
    from ontology import PREFIXES

    names = "|".join(PREFIXES)
    read = {"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"}
    for text in query_texts("network").values():
        for prefix, local in re.findall(rf"\b({names}):([A-Za-z]\w*)", code_only(text)):
            read.add(f"<{PREFIXES[prefix]}{local}>")
    graph = f"<{ARTICLE_BASE}"

    def read_by_export(line: str) -> bool:
        parts = line.split(" ", 2)
        return len(parts) == 3 and parts[1] in read and line.rsplit(" ", 2)[-2].startswith(graph)

    kept = [line for line in dump.splitlines() if read_by_export(line)]
    return "\n".join(kept) + "\n"


def copies(dump: str, nodes_per_copy: int, wanted: int) -> str:
    """Return ``dump`` copied under fresh article IRIs until the copies make ``wanted`` nodes."""
    count = -(-wanted // nodes_per_copy)
    title = re.compile(rf"^(<{re.escape(ARTICLE_BASE)}[^/>]*>) {re.escape(TITLE)} \"(.*)\" \1 \.$")
    lines = dump.splitlines()
    out = []
    for n in range(count):
        base = f"{ARTICLE_BASE}copy{n}-"
        for line in lines:
            line = line.replace(ARTICLE_BASE, base)
            out.append(title.sub(rf'\1 {TITLE} "\2 (copy {n + 1})" \1 .', line))
    return "\n".join(out) + "\n"


@pytest.fixture(scope="module")
def whole_kb(real_kb, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """Return the WebGL viewer page of >= 50,000 nodes of copied real articles, and its nodes."""
    kb, dump = real_kb
    root = tmp_path_factory.mktemp("whole-kb")
    small = exported(kb, root / "small.json")
    nodes_per_copy = small.read_text(encoding="utf-8").count('"kind": ')
    quads = network_quads(dump)
    (root / "copies.nq").write_text(copies(quads, nodes_per_copy, WHOLE_KB_NODES), "utf-8")
    store = pyoxigraph.Store(str(root / "kb"))
    store.bulk_load(path=str(root / "copies.nq"), format=pyoxigraph.RdfFormat.N_QUADS)
    del store  # closed, for claimkb to open
    page = exported(root / "kb", root / "whole.html")
    return page, nodes_per_copy * -(-WHOLE_KB_NODES // nodes_per_copy)


def test_whole_real_kb_viewer_lays_out_searches_and_clicks(browser, whole_kb) -> None:
    path, nodes = whole_kb
    assert nodes >= WHOLE_KB_NODES
    lays_out_searches_and_clicks(browser, path, nodes, "real-whole-kb-viewer")


def lays_out_searches_and_clicks(browser, path: Path, nodes: int, name: str) -> None:
    """Open the WebGL viewer at ``path``; check it holds ``nodes``, lays out, answers a search
    and a real mouse click, and logs no console error; save a screenshot as NAME.png."""
    page, errors = open_page(browser, path)
    page.wait_for_function("window.claimkbViewer !== undefined")
    v = "claimkbViewer"
    assert page.evaluate(f"{v}.graph.order") == nodes
    # Laid out: ForceAtlas2 (in its web worker) moves a claim from where it was seeded.
    claim = page.evaluate(
        f"{v}.graph.findNode((n, a) => /[/]sentence[/]/.test({v}.ids[n]) && "
        f"{v}.graph.outDegree(n) > 0)"
    )
    # The layout restarted here cannot have ended before x is read.
    start = page.evaluate(f"{v}.stopLayout(); {v}.graph.getNodeAttribute({claim!r}, 'x')")
    page.evaluate(f"{v}.startLayout()")
    page.wait_for_function(f"{v}.graph.getNodeAttribute({claim!r}, 'x') !== {start}")
    page.wait_for_function(f"!{v}.layout.isRunning()")  # it stops itself
    drawn(page)
    screenshot(page, name)

    # Search: Enter zooms to the first match, a claim with the searched words, and shows it.
    words = " ".join(page.evaluate(f"{v}.graph.getNodeAttribute({claim!r}, 'label')").split()[:5])
    words = words.rstrip("…")
    page.fill("#search", words)
    page.press("#search", "Enter")
    page.wait_for_function(f"{v}.renderer.getCamera().ratio < 0.2")
    found = page.evaluate(f"{v}.selected()")
    assert words in page.evaluate(f"{v}.graph.getNodeAttribute({found!r}, 'label')")
    assert words in " ".join(page.inner_text("#details").split())

    # A real click on a source the laid-out claim cites, where the renderer draws it.
    source = page.evaluate(f"{v}.graph.outNeighbors({claim!r})[0]")
    page.evaluate(
        f"""() => {{
        const at = {v}.renderer.getNodeDisplayData({source!r});
        {v}.renderer.getCamera().setState({{x: at.x, y: at.y, ratio: 0.05}});
    }}"""
    )
    drawn(page)
    at = page.evaluate(
        f"""() => {{
        const at = {v}.renderer.graphToViewport({v}.graph.getNodeAttributes({source!r}));
        const box = document.querySelector('#graph').getBoundingClientRect();
        return {{x: box.left + at.x, y: box.top + at.y}};
    }}"""
    )
    page.mouse.click(at["x"], at["y"])
    page.wait_for_function(f"{v}.selected() === {source!r}")
    assert page.inner_text("#details h2").startswith("source: ")
    assert "cited by → " in page.inner_text("#details")
    assert errors == []
