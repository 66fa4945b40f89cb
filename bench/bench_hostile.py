"""Time and peak memory of `claimkb audit` on pathological inputs, at growing sizes.

    uv run python bench/bench_hostile.py [--sizes 100 400 1600] [--timeout 120]
        [--family md-brackets --family html-deep ...] [--big] [--command ingest]
        [--claimkb PATH]

Each family is an article built to hurt one kind of reader code: a long line of one character
(brackets, parentheses, spaces, dots, digits, emphasis marks, backticks, ``<``) in each format
that reads it, text nested deep (HTML, JATS, Markdown lists and quotes), and large ordinary
pages. Every file is audited in a subprocess (``claimkb audit``); the script prints the wall time,
the child's CPU time (user and system: wall time is noise on a shared machine) and CPU time per
MB, its peak memory (ru_maxrss) and the ratio of each CPU time to that at the previous size.
Sizes are in KB (or, for the nesting families, thousands of levels... see ``--sizes``); with
sizes 4x apart a linear family shows ratios near 4 (below, while the start-up time dominates),
a quadratic one near 16. ``--big`` adds a 19 MB ordinary article (the largest under the default
--max-size) and a 50 MB one, which must be refused at once.
A run past ``--timeout`` seconds is killed and reported as such. ``--command ingest`` runs
``claimkb ingest --jobs 1`` into a new store instead of ``audit`` (peak: the largest process),
``--command read`` only the reader (``extract_bytes``, in a child process of its own);
``--claimkb`` runs another checkout's claimkb (a baseline measured in the same run).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLAIMKB = str(Path(sys.executable).parent / "claimkb")

# Our own sentences, for the ordinary text around a pathological run.
PARAGRAPH = (
    "A randomized trial of 400 adults found that daily walking lowers blood pressure [1]. "
    "Some experts think it may also improve sleep, although the evidence is weak (Smith 2019). "
    "Cold water swimming definitely sharpens memory in everyone.\n\n"
)
REFERENCES = (
    "References\n\n1. Author A, Author B. Walking and blood pressure: a randomized controlled "
    "trial. J Trials. 2019.\n"
)


def _run_line(unit: str) -> Callable[[int], str]:
    """Return a maker of plain text with one line of ``unit`` repeated to ``size`` bytes."""

    def make(size: int) -> str:
        return "Title Of A Page\n\n" + PARAGRAPH + unit * (size // len(unit)) + "\n\n" + PARAGRAPH

    return make


def _md_line(unit: str) -> Callable[[int], str]:
    def make(size: int) -> str:
        return "# A Page\n\n" + PARAGRAPH + unit * (size // len(unit)) + "\n\n" + PARAGRAPH

    return make


def _html_line(unit: str) -> Callable[[int], str]:
    def make(size: int) -> str:
        body = unit * (size // len(unit))
        return (
            "<!DOCTYPE html><html><head><title>A Page</title></head><body><h1>A Page</h1>"
            f"<p>{PARAGRAPH}</p><p>{body}</p><p>{PARAGRAPH}</p></body></html>"
        )

    return make


def _spaces_in_parentheses(size: int) -> str:
    run = " " * (size // 2)
    return "A Page\n\n" + f"Walking helps ({run}) and ({run}) sleep improves [1].\n\n" + REFERENCES


def _html_deep(tag: str) -> Callable[[int], str]:
    def make(size: int) -> str:
        depth = size // (2 * len(tag) + 5)
        inner = f"<{tag}>" * depth + "Walking lowers blood pressure [1]." + f"</{tag}>" * depth
        return f"<!DOCTYPE html><html><body><h1>A Page</h1>{inner}</body></html>"

    return make


def _html_unclosed(size: int) -> str:
    depth = size // 8
    return "<!DOCTYPE html><html><body>" + "<div><b>" * depth + "Walking helps [1]."


def _jats_deep(size: int) -> str:
    depth = size // 32
    sec = "<sec><title>Part</title><p>Walking lowers blood pressure.</p>"
    return (
        '<?xml version="1.0"?><article dtd-version="1.2"><front><article-meta><title-group>'
        "<article-title>A Page</article-title></title-group></article-meta></front><body>"
        + sec * depth
        + "</sec>" * depth
        + "</body></article>"
    )


def _md_nested_list(size: int) -> str:
    depth = max(1, int((size / 2) ** 0.5))  # indentation grows, so size ~ depth^2
    lines = ["# A Page", ""]
    lines += ["  " * level + "- Walking lowers blood pressure [1]." for level in range(depth)]
    return "\n".join(lines) + "\n"


def _md_quote_line(size: int) -> str:
    return "# A Page\n\n" + "> " * (size // 2) + "Walking helps.\n"


def _md_list_line(size: int) -> str:
    return "# A Page\n\n" + "- " * (size // 2) + "Walking helps.\n"


def _md_nested_quotes(size: int) -> str:
    depth = max(1, int((size / 2) ** 0.5))
    return "# A Page\n\n" + "".join(">" * d + " Walking helps.\n" for d in range(1, depth))


def _repeated(head: str, unit: str, tail: str) -> Callable[[int], str]:
    """Return a maker of ``head``, ``unit`` repeated to about ``size`` bytes, then ``tail``
    (``{n}`` in ``unit`` is its number)."""

    def make(size: int) -> str:
        count = max(1, size // len(unit.format(n=1)))
        return head + "".join(unit.format(n=n) for n in range(1, count + 1)) + tail

    return make


_HTML_HEAD = "<!DOCTYPE html><html><head><title>A Page</title></head><body><h1>A Page</h1>"
_JATS_HEAD = (
    '<?xml version="1.0"?><article dtd-version="1.2"><front><article-meta><title-group>'
    "<article-title>A Page</article-title></title-group></article-meta></front><body>"
)
#: Our own reference entry and table row, numbered.
_ENTRY = (
    "Author A, Author B. Walking and blood pressure, part {n}: a randomized trial. J Trials. 2019."
)
_HEDGED = "Tea may may may may may help [1]."
_CELLS = ("Walking {n}", "12.5 [1]", "lowers blood pressure")
_JATS_REF = '<ref id="r{n}"><label>{n}</label><mixed-citation>' + _ENTRY + "</mixed-citation></ref>"


def _ordinary(size: int) -> str:
    body = PARAGRAPH * (size // len(PARAGRAPH))
    return "A Page\n\n" + body + REFERENCES


FAMILIES: dict[str, tuple[str, Callable[[int], str]]] = {
    "md-brackets": ("md", _md_line("[")),
    "md-brackets-closed": ("md", _md_line("[a](")),
    "md-notes": ("md", _md_line("[a] ")),
    "md-parens": ("md", _md_line("(")),
    "md-stars": ("md", _md_line("*")),
    "md-underscores": ("md", _md_line("_")),
    "md-backticks": ("md", _md_line("`")),
    "md-lt": ("md", _md_line("<")),
    "md-sup": ("md", _md_line("<sup>")),
    "md-caret": ("md", _md_line("[^")),
    "md-spaces": ("md", _md_line(" ")),
    "md-pipes": ("md", _md_line("|")),
    "md-separator": ("md", _md_line("|-")),
    "md-quote-line": ("md", _md_quote_line),
    "md-list-line": ("md", _md_list_line),
    "md-nested-list": ("md", _md_nested_list),
    "md-nested-quotes": ("md", _md_nested_quotes),
    "txt-spaces": ("txt", _run_line(" ")),
    "txt-spaces-word": ("txt", _run_line("a ")),
    "txt-brackets": ("txt", _run_line("[")),
    "txt-markers": ("txt", _run_line("[1]")),
    "txt-parens": ("txt", _run_line("(")),
    "txt-dots": ("txt", _run_line(".")),
    "txt-dot-space": ("txt", _run_line(". ")),
    "txt-digits": ("txt", _run_line("1")),
    "txt-digit-comma": ("txt", _run_line("1,")),
    "txt-stars": ("txt", _run_line("*")),
    "txt-underscores": ("txt", _run_line("_")),
    "txt-backticks": ("txt", _run_line("`")),
    "txt-lt": ("txt", _run_line("<")),
    "txt-caps": ("txt", _run_line("A ")),
    "txt-colon": ("txt", _run_line("a: ")),
    "txt-spaces-in-parentheses": ("txt", _spaces_in_parentheses),
    "html-brackets": ("html", _html_line("[")),
    "html-spaces": ("html", _html_line(" ")),
    "html-lt": ("html", _html_line("&lt;")),
    "html-deep-div": ("html", _html_deep("div")),
    "html-deep-blockquote": ("html", _html_deep("blockquote")),
    "html-deep-li": ("html", _html_deep("ul><li")),
    "html-unclosed": ("html", _html_unclosed),
    "jats-deep": ("xml", _jats_deep),
    "ordinary-txt": ("txt", _ordinary),
    # very many tiny paragraphs, one giant table, a page of only references, in each reader
    "txt-tiny-sentences": ("txt", _run_line("Yes. ")),
    "txt-tiny-paragraphs": ("txt", _repeated("A Page\n\n", "Yes.\n\n", "")),
    "md-tiny-paragraphs": ("md", _repeated("# A Page\n\n", "Yes.\n\n", "")),
    "html-tiny-paragraphs": ("html", _repeated(_HTML_HEAD, "<p>Yes.</p>", "</body></html>")),
    "jats-tiny-paragraphs": (
        "xml",
        _repeated(
            _JATS_HEAD + "<sec><title>Part</title>", "<p>Yes.</p>", "</sec></body></article>"
        ),
    ),
    "md-table": (
        "md",
        _repeated(
            "# A Page\n\n| Activity | Effect | Claim |\n|---|---|---|\n",
            "| " + " | ".join(_CELLS) + " |\n",
            "",
        ),
    ),
    "txt-table": ("txt", _repeated("A Page\n\n", " | ".join(_CELLS) + "\n", "")),
    "html-table": (
        "html",
        _repeated(
            _HTML_HEAD + "<table><tr><th>Activity</th><th>Effect</th><th>Claim</th></tr>",
            "<tr><td>" + "</td><td>".join(_CELLS) + "</td></tr>",
            "</table></body></html>",
        ),
    ),
    "jats-table": (
        "xml",
        _repeated(
            _JATS_HEAD + '<sec><title>Part</title><table-wrap id="t1"><table><tbody>',
            "<tr><td>" + "</td><td>".join(_CELLS) + "</td></tr>",
            "</tbody></table></table-wrap></sec></body></article>",
        ),
    ),
    # as many of what an article's limits count as fit: paragraphs of 200 hedges (1.5 million
    # cues in 6.1 MB), of 900 markers (500,000 in 1.5 MB), and of three hedged, cited sentences
    # (5 cues and 1.67 markers a sentence: every limit at once in 11 MB)
    "txt-dense-cues": ("txt", _repeated("A Page\n\n", "Tea " + "may " * 200 + "help.\n\n", "")),
    "txt-dense-markers": (
        "txt",
        _repeated("A Page\n\n", "Tea helps " + "[1]" * 900 + ".\n\n", REFERENCES),
    ),
    "txt-dense-everything": (
        "txt",
        _repeated("A Page\n\n", "Tea may may may may may help [1][2]. " * 2 + _HEDGED + "\n\n", ""),
    ),
    "txt-references": ("txt", _repeated("A Page\n\nReferences\n\n", "{n}. " + _ENTRY + "\n", "")),
    "md-references": (
        "md",
        _repeated("# A Page\n\n## References\n\n", "{n}. " + _ENTRY + "\n", ""),
    ),
    "html-references": (
        "html",
        _repeated(
            _HTML_HEAD + "<h2>References</h2><ol>", "<li>" + _ENTRY + "</li>", "</ol></body></html>"
        ),
    ),
    "jats-references": (
        "xml",
        _repeated(
            _JATS_HEAD + "</body><back><ref-list><title>References</title>",
            _JATS_REF,
            "</ref-list></back></article>",
        ),
    ),
    # session 15: one tag of distinct attributes (libxml2 compares each with those before it),
    # a Markdown link destination of spaces in <...>, one xref repeated, footnote definitions
    "html-attributes": (
        "html",
        _repeated(_HTML_HEAD + "<p ", 'a{n}="v" ', ">Walking helps [1].</p></body></html>"),
    ),
    "md-angle-destination": (
        "md",
        _repeated("# A Page\n\nWalking helps [a](<http://x.example/", "a ", ">) [1].\n"),
    ),
    "jats-xrefs": (
        "xml",
        _repeated(
            _JATS_HEAD + "<sec><p>Walking helps",
            '<xref ref-type="bibr" rid="r1">1</xref>',
            "</p></sec></body><back><ref-list>"
            + _JATS_REF.format(n=1)
            + "</ref-list></back></article>",
        ),
    ),
    "md-footnotes": (
        "md",
        _repeated("# A Page\n\nWalking helps.[^1]\n\n", "[^{n}]: Note {n}.\n", ""),
    ),
}


#: The command each article is run through: ``claimkb audit PATH`` by default (--command).
COMMAND = [CLAIMKB, "audit"]


def _command(path: Path) -> list[str]:
    if COMMAND[-1] == "read":
        return [sys.executable, __file__, "--read", str(path)]
    if COMMAND[-1] == "ingest":
        return [*COMMAND, "--jobs", "1", "--kb", str(path.with_suffix(".kb")), str(path)]
    return [*COMMAND, str(path)]


def measured(
    command: list[str], out: Path | str, timeout: float
) -> tuple[float, float, float, int | None]:
    """Return (seconds, CPU seconds, peak MB, exit code) of ``command``, its standard output
    written to ``out``; exit None on timeout. CPU is the child's user and system time: on a
    shared machine, wall time is noise."""
    start = time.perf_counter()
    with open(out, "wb") as sink:
        child = subprocess.Popen(command, stdout=sink, stderr=subprocess.DEVNULL)
    code: int | None = None
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            code = os.waitstatus_to_exitcode(status)
            break
        if time.perf_counter() - start > timeout:
            child.kill()
            _, status, usage = os.wait4(child.pid, 0)
            break
        time.sleep(0.02)
    child.returncode = -9  # reaped above; keep Popen from waiting again
    cpu = usage.ru_utime + usage.ru_stime
    return time.perf_counter() - start, cpu, usage.ru_maxrss / 1024, code


def _measure(path: Path, timeout: float) -> tuple[float, float, float, int | None]:
    """Return (seconds, CPU seconds, peak MB, exit code) of `claimkb audit path`; exit None on
    timeout."""
    figures = measured(_command(path), os.devnull, timeout)
    shutil.rmtree(path.with_suffix(".kb"), ignore_errors=True)
    return figures


def run_family(name: str, sizes: list[int], timeout: float, workdir: Path) -> None:
    ext, make = FAMILIES[name]
    previous: float | None = None
    for size_kb in sizes:
        path = workdir / f"{name}-{size_kb}.{ext}"
        path.write_text(make(size_kb * 1024), encoding="utf-8")
        mb = path.stat().st_size / 1e6
        seconds, cpu, peak, code = _measure(path, timeout)
        path.unlink()
        ratio = f"{cpu / previous:6.2f}" if previous else "     -"
        shown = f"{seconds:8.2f}" if code is not None else f">{timeout:7.0f}"
        print(
            f"{name:28} {mb:8.3f} MB {shown} s {cpu:8.2f} s CPU {cpu / mb:9.2f} CPU s/MB "
            f"{peak:8.0f} MB peak  x{ratio} (CPU)  exit {code if code is not None else 'timeout'}",
            flush=True,
        )
        if code is None:
            return  # larger sizes would only time out too
        previous = cpu


def run_big(timeout: float, workdir: Path) -> None:
    for size_mb in (19, 50):
        path = workdir / f"ordinary-{size_mb}mb.txt"
        path.write_text(_ordinary(size_mb * 1_000_000 - 2000), encoding="utf-8")
        seconds, cpu, peak, code = _measure(path, timeout)
        path.unlink()
        shown = f"{seconds:8.2f}" if code is not None else f">{timeout:7.0f}"
        print(
            f"{'ordinary-' + str(size_mb) + 'mb':28} {size_mb:8.3f} MB {shown} s {cpu:8.2f} s CPU "
            f"{peak:8.0f} MB peak  exit {code if code is not None else 'timeout'}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[25, 100, 400], metavar="KB")
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--family", action="append", choices=sorted(FAMILIES))
    parser.add_argument("--big", action="store_true", help="also a 19 MB and a 50 MB article")
    parser.add_argument("--command", choices=["audit", "ingest", "read"], default="audit")
    parser.add_argument("--read", type=Path, help=argparse.SUPPRESS)  # the child of --command read
    parser.add_argument("--claimkb", default=CLAIMKB, help="the claimkb program to run")
    args = parser.parse_args()
    if args.read:
        from claims.extract import extract_bytes

        extract_bytes(args.read.read_bytes(), args.read.name)
        return
    COMMAND[:] = [args.claimkb, args.command]
    print(
        f"# {platform.platform()}, {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"# {' '.join(COMMAND)}; sizes {args.sizes} KB, timeout {args.timeout:.0f} s")
    print("# x = CPU time / the previous size's")
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        baseline, cpu, peak, _ = _measure(_write(workdir / "baseline.txt", _ordinary(1024)), 600)
        print(
            f"{'start-up (1 KB article)':28} {baseline:8.2f} s {cpu:8.2f} s CPU "
            f"{peak:8.0f} MB peak",
            flush=True,
        )
        for name in args.family or FAMILIES:
            run_family(name, args.sizes, args.timeout, workdir)
        if args.big:
            run_big(args.timeout, workdir)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


if __name__ == "__main__":
    main()
