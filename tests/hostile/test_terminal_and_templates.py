"""Hostile article text: terminal control sequences never reach a terminal, and placeholders in
an article are never expanded by a template (issue 16, point 4).

The articles are written here: each sentence carries one kind of control sequence a scraped
page could hold (a window title, an OSC 8 hyperlink, an OSC 52 clipboard write, CSI, C1
controls, BEL, backspace, CR) or a template placeholder.
"""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.cli import main
from kb.template import fill
from kb.terminal import escaped, escaped_json, visible
from tests.hostile import CLI, ROOT

TITLE = "\x1b]0;pwned title\x07"
HYPERLINK = "\x1b]8;;http://evil.example/\x1b\\click here\x1b]8;;\x1b\\"
CLIPBOARD = "\x1b]52;c;cm0gLXJmIH4=\x07"
CSI = "\x1b[2J\x1b[31m"
C1 = "\x9b31m \x9d0;x\x9c \x90q\x9c"
SMALL = "a bell\x07, a back\x08space, a delete\x7f and a carriage\rreturn"

SENTENCES = (
    f"Green tea {TITLE} cures every illness in adults.",
    f"The link {HYPERLINK} proves that tea works [1].",
    f"Clipboard {CLIPBOARD} writes are definitely proven.",
    f"A CSI {CSI} clears the screen and {C1} are C1 controls.",
    f"Small controls: {SMALL} are all here.",
    "The text {{FINDINGS}} and {{ARTICLES}} and {{TITLE}} and {{DATA}} stays text.",
)
REFERENCE = f"Smith J. A {TITLE} trial of tea. Journal of Tea. 2020."


def _markdown() -> str:
    body = "\n\n".join(SENTENCES)
    return f"# Hostile {TITLE} page\n\n{body}\n\n## References\n\n1. {REFERENCE}\n"


def _html() -> str:
    paragraphs = "\n".join(f"<p>{s}</p>" for s in SENTENCES)
    return (
        f"<html><head><title>Hostile {TITLE} page</title></head><body><main>"
        f"<h1>Hostile {TITLE} page</h1>\n{paragraphs}\n<h2>References</h2>"
        f"<ol><li>{REFERENCE}</li></ol></main></body></html>\n"
    )


ARTICLES = {"md": _markdown, "html": _html}
#: Our own colours: SGR sequences only.
SGR = re.compile(r"\x1b\[[0-9;]*m")
#: What must never be printed: C0 controls but tab and newline, DEL, C1.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def assert_inert(text: str, *, colours: bool = False) -> None:
    """Fail when ``text`` holds a control character (for coloured output: but our SGR)."""
    if colours:
        text = SGR.sub("", text)
    found = CONTROL.findall(text)
    assert not found, f"control characters reach the terminal: {found[:10]!r}"


@pytest.fixture(scope="module", params=sorted(ARTICLES))
def article(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / f"hostile.{request.param}"
    path.write_text(ARTICLES[request.param](), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def kb_path(hostile_kb: tuple[Path, str]) -> str:
    return hostile_kb[1]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


# -- the helper ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (TITLE, "\\x1b]0;pwned title\\x07"),
        ("\x9b31m", "\\x9b31m"),
        ("a\x08b\rc\x7f", "a\\x08b\\x0dc\\x7f"),
        ("tab\tand\nnewline stay", "tab\tand\nnewline stay"),
        ("é, ü, 中文 and “quotes” stay", "é, ü, 中文 and “quotes” stay"),
    ],
)
def test_visible_writes_each_control_character_as_an_escape(text: str, shown: str) -> None:
    assert visible(text) == shown


@pytest.mark.parametrize("fmt", ["json", "ttl", "nt", "tsv"])
def test_machine_formats_escape_losslessly(fmt: str) -> None:
    text = '"a\x1b]0;t\x07 b\x9b"'
    assert escaped(text, fmt) == '"a\\u001b]0;t\\u0007 b\\u009b"'
    assert json.loads(escaped(json.dumps("x\x9by\x7f", ensure_ascii=False), "json")) == "x\x9by\x7f"


def test_json_bytes_are_escaped_as_json_text_is() -> None:
    """extract writes orjson's bytes: escaped_json gives them what escaped gives json.dumps."""
    data = {"text": "".join(map(chr, range(0xA0))) + " é \u2028 中文 \U0001f600"}
    text = json.dumps(data, ensure_ascii=False, indent=2)
    assert escaped_json(text.encode()) == escaped(text, "json").encode()


# -- every command's output ----------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["table", "md", "json", "html", "ttl", "shacl"])
def test_audit_output_holds_no_control_character(article: Path, fmt: str) -> None:
    code, out, err = run("audit", "--format", fmt, "--fail-on", "never", str(article))
    assert code == 0, err
    assert "pwned" in out  # the window title's text is printed, as text
    assert_inert(out)
    assert_inert(err)


def test_audit_json_keeps_the_text_exactly(article: Path) -> None:
    _, out, _ = run("audit", "--format", "json", str(article))
    texts = [s["text"] for s in json.loads(out)["articles"][0]["sentences"]]
    assert any(TITLE in text for text in texts)  # escaped in the output, exact once parsed


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_extract_output_holds_no_control_character(article: Path, fmt: str) -> None:
    code, out, err = run("extract", "--format", fmt, str(article))
    assert code == 0, err
    assert_inert(out)
    assert_inert(err)


def test_coloured_reports_hold_only_their_own_colours(article: Path) -> None:
    from claims.extract import extract_path
    from kb.audit.article import audit_path
    from kb.report.extract import render_extract
    from kb.report.render import render

    audited = audit_path(article)
    table = render([audited], "table", color=True)
    assert SGR.search(table)  # coloured
    assert_inert(table, colours=True)
    sentences = render_extract([extract_path(article)], "table", color=True)
    assert SGR.search(sentences)
    assert_inert(sentences, colours=True)


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["stats"],
        ["stats", "--json"],
        ["query", "--format", "table", "SELECT ?t { ?s schema:text ?t }"],
        *(
            ["query", "--format", fmt, "SELECT ?t { ?s schema:text ?t }"]
            for fmt in ("csv", "tsv", "json", "xml")
        ),
        ["query", "--format", "ttl", "CONSTRUCT { ?s schema:text ?t } WHERE { ?s schema:text ?t }"],
        ["audit", "--kb"],
        ["audit", "--kb", "--format", "md"],
    ],
    ids=" ".join,
)
def test_knowledge_base_output_holds_no_control_character(kb_path: str, args: list[str]) -> None:
    command, *rest = args
    kb_args = ["--kb", kb_path] if "--kb" not in rest else []
    rest = [kb_path if a == "--kb" else a for a in rest]
    if "--kb" in args:
        rest.insert(rest.index(kb_path), "--kb")
    code, out, err = run(command, *kb_args, *rest)
    assert code in (0, 1), err
    if command != "stats":
        assert "pwned" in out or "cm0gLXJmIH4" in out, out  # the hostile text is printed
    assert_inert(out)
    assert_inert(err)


def test_query_json_keeps_the_text_exactly(kb_path: str) -> None:
    _, out, _ = run("query", "--kb", kb_path, "--format", "json", "SELECT ?t { ?s schema:text ?t }")
    values = [b["t"]["value"] for b in json.loads(out)["results"]["bindings"]]
    assert any(CLIPBOARD in value for value in values)


def test_messages_naming_a_hostile_file_are_escaped(tmp_path: Path) -> None:
    named = tmp_path / f"tea{TITLE}.md"
    named.write_text("# Tea\n\nTea is good for you.\n\n[1]: not a list\n", encoding="utf-8")
    for args in (
        ["audit", str(named)],  # the path in the report's heading
        ["audit", str(tmp_path / f"missing{CLIPBOARD}.md")],  # the error message
        [f"no-such-command{CSI}"],  # click's own usage error
        ["audit", "--select", f"rule{C1}", str(named)],
        ["extract", "--input-format", "html", str(named)],  # a warning names the file
    ):
        _, out, err = run(*args)
        assert_inert(out)
        assert_inert(err)


def test_a_real_terminal_sees_no_control_sequence_from_an_article(tmp_path: Path) -> None:
    article = tmp_path / "hostile.md"
    article.write_text(_markdown(), encoding="utf-8")
    for args in (["audit", str(article)], ["extract", str(article)]):
        shown = _on_a_terminal(*args)
        assert "pwned" in shown
        assert SGR.search(shown)  # a terminal gets colours
        assert_inert(shown.replace("\r\n", "\n"), colours=True)


def _on_a_terminal(*args: str, no_color: bool = False) -> str:
    """Return what the CLI writes to a pseudo-terminal (stdout and stderr), with NO_COLOR set
    when ``no_color``."""
    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": "100", "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    if no_color:
        env["NO_COLOR"] = "1"
    process = subprocess.Popen(
        [*CLI, *args], stdin=subprocess.DEVNULL, stdout=follower, stderr=follower, cwd=ROOT, env=env
    )
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 120)
        if not ready:
            process.kill()
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the follower side closed: the process is done
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


# -- templates -----------------------------------------------------------------------------


def test_fill_never_reads_what_it_inserted() -> None:
    template = "<title>{{TITLE}}</title><main>{{ARTICLES}}</main><nav>{{FINDINGS}}</nav>"
    page = fill(template, {"TITLE": "{{FINDINGS}}", "ARTICLES": "{{TITLE}}", "FINDINGS": "F"})
    assert page == "<title>{{FINDINGS}}</title><main>{{TITLE}}</main><nav>F</nav>"


def test_fill_refuses_a_placeholder_without_a_value() -> None:
    with pytest.raises(KeyError):
        fill("{{MISSING}}", {})


def test_audit_page_keeps_placeholders_of_the_article_as_text(article: Path) -> None:
    code, page, err = run("audit", "--format", "html", "--fail-on", "never", str(article))
    assert code == 0, err
    assert "{{FINDINGS}} and {{ARTICLES}} and {{TITLE}} and {{DATA}} stays text" in page
    assert page.count('<nav aria-label="Findings">') == 1
    assert page.count('<section class="article"') == 1


def test_network_page_keeps_placeholders_of_the_article_as_text(
    article: Path, tmp_path: Path
) -> None:
    target = tmp_path / "network.html"
    code, _, err = run("export", str(article), "-o", str(target))
    assert code == 0, err
    page = target.read_text(encoding="utf-8")
    assert "{{FINDINGS}} and {{ARTICLES}} and {{TITLE}} and {{DATA}}" in page
    assert page.count('id="network-data"') == 1


def test_serve_page_is_filled_once() -> None:
    from kb.serve.server import page

    text = page().decode("utf-8")
    assert "{{NAMED_QUERIES}}" not in text
    data = re.search(r'<script id="named-queries" type="application/json">(.*?)</script>', text)
    assert data and isinstance(json.loads(data[1]), (list, dict))
