"""Benchmark the WebGL viewer of a whole knowledge base in headless Chromium, by size.

    uv run --frozen python bench/bench_viewer.py [--articles 600 1170] [--page FILE ...]
        [--baseline-tree /work/cache/main13]

Each size is a generated knowledge base (tests/network_kb.py, 86 nodes an article: 600 articles
make 51,600 nodes, 1,170 make 100,620) whose page each tree writes with its own code, or a page
given with ``--page`` (``claimkb export --kb KB -o FILE.html``; with a baseline tree, its
graph.js in place of this tree's). Both pages open in one headless Chromium (Debian's, the
tests' flags: no GPU, so WebGL is drawn in software) one after the other, and the bench waits
for: the page open and its first frame drawn, the layout (restarted) moving a claim and ending
by its own timer, a search (Enter) zooming to its claim, and a real mouse click on a source the
claim cites showing that source. Seconds are wall time (the layout runs for a set time); CPU is
the browser's, all its processes, from opening to the click. Console errors and requests that
leave the file are counted (there must be none).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_kb import machine  # noqa: E402

RENDER = """
import sys
sys.path.insert(0, {root!r})
from kb.export.network import build_network, select_oxigraph
from kb.export.writers import render
from tests.network_kb import network_store
network = build_network(select_oxigraph(network_store({articles})))
open({out!r}, "wb").write(render(network, "html", title="Whole knowledge base"))
"""


def write_page(tree: Path, articles: int, out: Path) -> None:
    """Write the viewer page of ``articles`` generated articles with ``tree``'s own code."""
    code = RENDER.format(root=str(tree), articles=articles, out=str(out))
    subprocess.run([str(tree / ".venv" / "bin" / "python"), "-c", code], check=True)


def with_viewer_of(tree: Path, page: Path, out: Path) -> None:
    """Write ``page`` with ``tree``'s viewer script in place of this tree's."""
    ours = (ROOT / "kb/export/static/graph.js").read_text("utf-8")
    theirs = (tree / "kb/export/static/graph.js").read_text("utf-8")
    text = page.read_text("utf-8")
    if text.count(ours) != 1:
        raise SystemExit(f"{page} was not written by this tree's viewer")
    out.write_text(text.replace(ours, theirs), "utf-8")


def browser_cpu() -> float:
    """Return the CPU seconds of this process's descendants (the browser's processes) so far."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
    mine, grew = {os.getpid()}, True
    while grew:
        found = {pid for pid, parent in parents.items() if parent in mine} - mine
        grew = bool(found)
        mine |= found
    return sum(times[pid] for pid in mine if pid != os.getpid())


FRAME = "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def measure(browser: object, page_path: Path) -> dict[str, float | int]:
    """Open the viewer at ``page_path`` and return the seconds of each step, CPU, errors."""
    from tests.browser import WAIT_MS

    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.set_default_timeout(WAIT_MS)
    errors: list[str] = []
    away: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    local = ("file:", "blob:", "data:")
    page.on("request", lambda r: away.append(r.url) if not r.url.startswith(local) else None)
    v = "claimkbViewer"
    cpu, start = browser_cpu(), time.perf_counter()
    page.goto(page_path.resolve().as_uri())
    page.wait_for_function(f"window.{v} !== undefined")
    page.evaluate(FRAME)
    result: dict[str, float | int] = {"open": time.perf_counter() - start}
    result["nodes"] = page.evaluate(f"{v}.graph.order")
    claim = page.evaluate(
        f"{v}.graph.findNode((n, a) => /[/]sentence[/]/.test({v}.ids[n]) && "
        f"{v}.graph.outDegree(n) > 0)"
    )
    # The layout restarted here (a small one may have ended before the page was drawn):
    # seconds from the restart until a claim moves and until the layout's timer ends it.
    x = page.evaluate(f"{v}.stopLayout(); {v}.graph.getNodeAttribute({claim!r}, 'x')")
    began = time.perf_counter()
    page.evaluate(f"{v}.startLayout()")
    page.wait_for_function(f"{v}.graph.getNodeAttribute({claim!r}, 'x') !== {x}")
    result["layout moves"] = time.perf_counter() - began
    page.wait_for_function(f"!{v}.layout.isRunning()")
    result["layout ends"] = time.perf_counter() - began
    label = page.evaluate(f"{v}.graph.getNodeAttribute({claim!r}, 'label')")
    words = " ".join(label.split()[:5]).rstrip("…")
    began = time.perf_counter()
    page.fill("#search", words)
    page.press("#search", "Enter")
    page.wait_for_function(
        f"{v}.renderer.getCamera().ratio < 0.2 && !{v}.renderer.getCamera().isAnimated()"
    )
    page.evaluate(FRAME)
    result["search"] = time.perf_counter() - began
    source = page.evaluate(f"{v}.graph.outNeighbors({v}.selected())[0]")
    at = page.evaluate(
        f"""() => {{
        const at = {v}.renderer.graphToViewport({v}.graph.getNodeAttributes({source!r}));
        const box = document.querySelector('#graph').getBoundingClientRect();
        return {{x: box.left + at.x, y: box.top + at.y}};
    }}"""
    )
    began = time.perf_counter()
    page.mouse.click(at["x"], at["y"])
    page.wait_for_function(f"{v}.selected() === {source!r}")
    result["click"] = time.perf_counter() - began
    result["cpu"] = browser_cpu() - cpu
    result["errors"] = len(errors)
    result["requests"] = len(away)
    page.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="*", default=[600, 1170])
    parser.add_argument("--page", type=Path, nargs="*", default=[])
    parser.add_argument("--baseline-tree", type=Path)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM_FLAGS, chromium_path

    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.1f}")
    steps = ("open", "layout moves", "layout ends", "search", "click")
    print(f"| page | tree | nodes | {' | '.join(steps)} | browser CPU | errors | requests |")
    print("|---|---|---|" + "---|" * (len(steps) + 3))
    with tempfile.TemporaryDirectory(prefix="bench-viewer-") as scratch, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        pages: list[tuple[str, str, Path]] = []
        for articles in args.articles:
            ours = Path(scratch, f"{articles}.html")
            write_page(ROOT, articles, ours)
            pages.append((f"{articles} articles", "this", ours))
            if args.baseline_tree:
                theirs = Path(scratch, f"{articles}-baseline.html")
                write_page(args.baseline_tree, articles, theirs)
                pages.append((f"{articles} articles", "baseline", theirs))
        for given in args.page:
            pages.append((given.name, "this", given))
            if args.baseline_tree:
                theirs = Path(scratch, f"baseline-{given.name}")
                with_viewer_of(args.baseline_tree, given, theirs)
                pages.append((given.name, "baseline", theirs))
        for name, tree, path in pages:
            r = measure(browser, path)
            cells = " | ".join(f"{r[s]:.1f} s" for s in steps)
            print(
                f"| {name} | {tree} | {r['nodes']:,} | {cells} | {r['cpu']:.1f} s | "
                f"{r['errors']} | {r['requests']} |  (load {os.getloadavg()[0]:.1f})",
                flush=True,
            )
        browser.close()


if __name__ == "__main__":
    main()
