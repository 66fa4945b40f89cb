"""What ingesting into a SPARQL server costs: `claimkb ingest --kb URL` of one page past
50,000 triples (so it is spooled and sent in pieces), or of ``--articles N`` files of a corpus
(batches of small articles), new and then replaced, here and in a baseline tree, each against a
fresh ``oxigraph serve``.

    nice -n 19 uv run --frozen python bench/bench_remote_ingest.py \
        --baseline-tree /work/cache/base --paragraphs 1000 --repeats 3
    nice -n 19 uv run --frozen python bench/bench_remote_ingest.py \
        --baseline-tree /work/cache/base --corpus /work/cache/corpus10k --articles 200 --repeats 3

Prints, per tree and step, the median CPU seconds of the server process (from /proc) and of
the command. Since the pieces go into a staging graph swapped in by one update
(kb.store.staging), the server copies the article once more, in one transaction. Linux only.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.oxigraph_server import oxigraph_server  # noqa: E402

STEPS = ("new", "replace")


def page(path: Path, paragraphs: int) -> Path:
    """Write a web page of ``paragraphs`` cited paragraphs (about 76 triples each)."""
    paragraph = (
        "<p>A randomized trial found that daily walking lowers blood pressure [1]. Some say "
        "walking may help sleep too [2].</p>\n"
    )
    path.write_text(
        "<html><head><title>Walking</title></head><body><h1>Walking</h1>\n"
        + paragraph * paragraphs
        + "<h2>References</h2><ol><li>Walker A. A trial. J Walk. 2019.</li>"
        "<li>Sleeper B. Sleep. 2020.</li></ol></body></html>\n",
        encoding="utf-8",
    )
    return path


def process_cpu(pid: int) -> float:
    """Return the CPU seconds process ``pid`` has used (user and system, /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text("ascii").rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_pid(url: str) -> int:
    """Return the pid of the ``oxigraph serve`` listening at ``url``."""
    port = url.split(":")[2].split("/")[0]
    found = subprocess.run(
        ["pgrep", "-f", f"127.0.0.1:{port}"], capture_output=True, text=True, check=True
    )
    return int(found.stdout.split()[0])


def run(tree: Path, articles: list[str], work: Path) -> dict[str, tuple[float, float]]:
    """Return (server CPU, command CPU) per step of one tree, against a fresh server."""
    figures = {}
    with oxigraph_server(work / "server") as url:
        pid = server_pid(url)
        for step in STEPS:
            server_before = process_cpu(pid)
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            claimkb = str(tree / ".venv" / "bin" / "claimkb")
            done = subprocess.run(
                [claimkb, "ingest", "--kb", url, "--jobs", "1", "--no-validate", *articles],
                capture_output=True,
                text=True,
                cwd=tree,
                check=False,
            )
            if done.returncode != 0:
                raise SystemExit(f"{tree}: ingest failed: {done.stderr.strip()}")
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            command = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
            figures[step] = (process_cpu(pid) - server_before, command)
    shutil.rmtree(work / "server")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline-tree", type=Path, required=True)
    parser.add_argument("--paragraphs", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--corpus", type=Path, help="ingest files of this directory instead")
    parser.add_argument("--articles", type=int, default=200, help="how many (with --corpus)")
    options = parser.parse_args()
    trees = {"baseline": options.baseline_tree, "this tree": ROOT}
    samples: dict[tuple[str, str], list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-remote-") as tmp:
        if options.corpus:
            articles = [str(p) for p in sorted(options.corpus.iterdir())[: options.articles]]
            what = f"{len(articles)} articles of {options.corpus}"
        else:
            articles = [str(page(Path(tmp) / "walking.html", options.paragraphs))]
            what = f"a page of {options.paragraphs} paragraphs"
        for _ in range(options.repeats):
            for name, tree in trees.items():
                for step, figure in run(tree, articles, Path(tmp)).items():
                    samples.setdefault((name, step), []).append(figure)
    print(f"{platform.node()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; ", end="")
    print(f"{what}, median of {options.repeats}\n")
    print("| tree | step | server CPU s | command CPU s |\n|---|---|---|---|")
    for (name, step), values in samples.items():
        server = statistics.median(v[0] for v in values)
        command = statistics.median(v[1] for v in values)
        print(f"| {name} | {step} | {server:.2f} | {command:.2f} |")


if __name__ == "__main__":
    main()
