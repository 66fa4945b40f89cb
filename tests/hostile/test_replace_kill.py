"""Re-ingest of a large article killed with SIGKILL part-way: the old article or the new, whole.

An article past WHOLE_TRIPLES is loaded from a file in steps (kb.store.whole_load). A real
`claimkb ingest` replacing one is killed the moment its intent file names a step; a reader then
sees the old article whole (no snapshot is published mid-way), and once the next writer has
opened the store (which settles the load), the old article whole when the new one was still
being staged, the new one whole when the swap had begun.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb.ingest.large import WHOLE_TRIPLES
from kb.store.embedded import EmbeddedStore
from kb.store.whole_load import INTENT, STAGING
from tests.hostile import killed_when
from tests.hostile.test_store_faults import claimkb

#: Paragraphs of the article: each makes about 76 triples, so the article is loaded in steps.
PARAGRAPHS = 1000


def article(path: Path, activity: str) -> Path:
    """Write a web page whose canonical address (so its IRI) is the same whatever ``activity``."""
    paragraph = (
        f"<p>A randomized trial found that daily {activity} lowers blood pressure [1]. Some say "
        f"{activity} may help sleep too [2].</p>\n"
    )
    path.write_text(
        '<html><head><title>Exercise</title><link rel="canonical" '
        'href="https://example.org/exercise"></head><body><h1>Exercise</h1>\n'
        + paragraph
        * PARAGRAPHS
        + "<h2>References</h2><ol><li>Walker A. A trial. J Walk. 2019.</li>"
        "<li>Sleeper B. Sleep. 2020.</li></ol></body></html>\n",
        encoding="utf-8",
    )
    return path


def ingest(location: Path, page: Path) -> None:
    done = claimkb("ingest", "--kb", str(location), "--jobs", "1", "--no-validate", str(page))
    assert done.returncode == 0, done.stderr


def stored(location: Path) -> set[str]:
    """Return the one article's triples as a reader sees them (the newest snapshot)."""
    store = EmbeddedStore(str(location), read_only=True)
    try:
        (info,) = store.articles()
        assert not store.has_article(STAGING)
        return set(store.article_ntriples(info.iri).splitlines())
    finally:
        store.close()


def killed_at(location: Path, page: Path, step: str) -> str | None:
    """Run `claimkb ingest` of ``page``; SIGKILL it when its intent file names ``step``.

    Return the step the intent file names after the kill (None: the ingest ended first).
    """
    intent = location / INTENT

    def named() -> str | None:
        try:
            return str(json.loads(intent.read_text("utf-8"))["step"])
        except (OSError, ValueError):
            return None

    arguments = ["ingest", "--kb", str(location), "--jobs", "1", "--no-validate", str(page)]
    return named() if killed_when(arguments, lambda: named() == step) else None


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, set[str]]:
    """Return the old and the new page and the new article's triples, stored alone."""
    folder = tmp_path_factory.mktemp("pages")
    old_page = article(folder / "old.html", "walking")
    new_page = article(folder / "new.html", "swimming")
    ingest(folder / "new-kb", new_page)
    new = stored(folder / "new-kb")
    assert len(new) > WHOLE_TRIPLES  # loaded from a file, in steps
    return old_page, new_page, new


@pytest.mark.parametrize(("step", "lands"), [("staging", "old"), ("swapping", "new")])
def test_a_replacement_killed_part_way_leaves_the_old_article_or_the_new_whole(
    tmp_path: Path, pages: tuple[Path, Path, set[str]], step: str, lands: str
) -> None:
    old_page, new_page, new = pages
    location = tmp_path / "kb"
    ingest(location, old_page)
    old = stored(location)
    assert old != new
    for _ in range(3):  # the kill can land just as the step ends
        left = killed_at(location, new_page, step)
        assert left is not None, "the ingest ended before it could be killed"
        if left == step:
            break
        EmbeddedStore(str(location)).close()  # settle it, and try again
        ingest(location, old_page)
    assert left == step
    assert stored(location) == old  # a reader, before any writer settles the load
    EmbeddedStore(str(location)).close()  # the next writer settles it
    assert not (location / INTENT).exists()
    assert stored(location) == (old if lands == "old" else new)
    # and the store goes on: the same ingest run again lands the new article
    ingest(location, new_page)
    assert stored(location) == new


def test_a_file_loads_and_replaces_in_pieces_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loaded, copied and dropped a few quads at a time, the graph is still the file's."""
    import pyoxigraph as ox

    from kb.store import whole_load

    monkeypatch.setattr(whole_load, "LOAD_TRIPLES", 70)
    monkeypatch.setattr(whole_load, "DROP_QUADS", 50)
    iri = "https://example.org/article"

    def graph_file(name: str, triples: int) -> tuple[Path, set[str]]:
        lines = [f'<{iri}/s{n}> <http://e/says> "{name} {n}" .' for n in range(triples)]
        path = tmp_path / f"{name}.nt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path, set(lines)

    def graph(store: ox.Store) -> set[str]:
        quads = store.quads_for_pattern(None, None, None, ox.NamedNode(iri))
        return {f"{q.subject} {q.predicate} {q.object} ." for q in quads}

    store = ox.Store(str(tmp_path / "kb"))
    old, old_lines = graph_file("old", 333)
    whole_load.load_whole(store, str(tmp_path / "kb"), iri, old)
    assert graph(store) == old_lines
    new, new_lines = graph_file("new", 201)
    whole_load.load_whole(store, str(tmp_path / "kb"), iri, new)
    assert graph(store) == new_lines
    assert not store.contains_named_graph(ox.NamedNode(STAGING))
    assert not (tmp_path / "kb" / INTENT).exists()
