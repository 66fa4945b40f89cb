"""What a demanding user meets at the command line when something is wrong or odd.

Never a traceback: bad input and usage end with one line on stderr and exit code 2; results
go to stdout and stay readable by other tools.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kb.cli import main
from kb.cli.group import Group

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = str(ROOT / "examples" / "green-tea-memory.txt")


def run(*args: str, stdin: str | bytes | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=stdin)


def assert_clean_error(result: Result, *words: str) -> None:
    """Exit code 2, one ``claimkb: error:`` line on stderr naming ``words``, no traceback."""
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("claimkb: error: "), result.stderr
    for word in words:
        assert word in lines[0]


def test_user_rule_ids_and_severities_are_not_read_as_terminal_markup(tmp_path: Path) -> None:
    shapes = tmp_path / "odd.ttl"
    shapes.write_text(
        "@prefix ckb: <https://w3id.org/claimkb/ns#> .\n"
        "@prefix dcterms: <http://purl.org/dc/terms/> .\n"
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix ex: <https://example.org/#> .\n"
        'ex:S a sh:NodeShape ; dcterms:identifier "[/]odd[bold]" ; sh:severity ex:Critical ;\n'
        '  sh:message "Has [/] in it" ; sh:targetClass ckb:Claim ;\n'
        "  sh:property [ sh:path ckb:status ; sh:minCount 2 ] .\n",
        encoding="utf-8",
    )
    result = run("audit", "--shapes", str(shapes), "--fail-on", "never", EXAMPLE)
    assert result.exit_code == 0, result.output
    assert "[/]odd[bold]" in result.stdout and "Has [/] in it" in result.stdout


def test_export_to_a_missing_directory_is_an_input_error(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "dir" / "network.graphml"
    result = run("export", "-o", str(target), EXAMPLE)
    assert_clean_error(result, str(target), "No such file or directory")
    assert not target.parent.exists()


def test_dump_to_a_missing_directory_is_an_input_error(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    assert run("ingest", "--kb", str(kb), EXAMPLE).exit_code == 0
    target = tmp_path / "missing" / "kb.trig"
    assert_clean_error(run("dump", "--kb", str(kb), "-o", str(target)), str(target))


def test_export_writes_its_file_whole_or_not_at_all(tmp_path: Path) -> None:
    target = tmp_path / "network.graphml"
    assert run("export", "-o", str(target), EXAMPLE).exit_code == 0
    assert target.read_text(encoding="utf-8").rstrip().endswith("</graphml>")
    assert [p.name for p in tmp_path.iterdir()] == ["network.graphml"]  # no temporary left


LATIN1 = "Caf\xe9 drinkers may live longer [1].\n".encode("latin-1")


@pytest.mark.parametrize(
    "command",
    [("extract",), ("audit",), ("validate",), ("export", "--format", "json")],
)
def test_reading_warnings_name_the_article_once_in_every_command(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    article = tmp_path / "cafe.txt"
    article.write_bytes(LATIN1)
    result = run(*command, str(article))
    assert result.exit_code in (0, 1), result.output
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "Latin-1" in warnings[0], result.stderr
    assert warnings[0].startswith(f"claimkb: warning: {article}: ")
    assert warnings[0].count(str(article)) == 1


NO_TEXT = [
    (
        "broken.xml",
        b'<?xml version="1.0"?>\n<article dtd-version="1.3"><front><p>unclosed',
        "broken",
    ),
    ("script.html", b"<html><body><script>render()</script></body></html>", "JavaScript"),
    ("comment.md", b"<!-- nothing but a comment -->\n", "only markup"),
]


@pytest.mark.parametrize(("name", "data", "why"), NO_TEXT)
@pytest.mark.parametrize(
    "command", [("extract",), ("audit",), ("validate",), ("export", "--format", "json")]
)
def test_an_article_with_no_text_is_an_input_error_not_a_clean_result(
    tmp_path: Path, name: str, data: bytes, why: str, command: tuple[str, ...]
) -> None:
    article = tmp_path / name
    article.write_bytes(data)
    result = run(*command, str(article))
    assert_clean_error(result, str(article), "no text found", why)
    assert result.stdout == ""


@pytest.fixture(scope="module")
def example_ttl() -> str:
    return run("audit", "--format", "ttl", "--fail-on", "never", EXAMPLE).stdout


def test_validate_reads_turtle_piped_on_stdin_as_rdf(example_ttl: str) -> None:
    stray = "\n<https://w3id.org/claimkb/id/article/x/sentence/9> a ckb:Claim .\n"
    result = run("validate", "-", stdin=example_ttl + stray)
    assert result.exit_code == 1, result.output
    assert "claim-status" in result.stdout and result.stdout.endswith("problems\n")


@pytest.mark.parametrize(
    ("fmt", "label"),
    [("ttl", "-: conforms"), ("jsonld", "-: conforms"), ("trig", "- <https://w3id.org/")],
)
def test_validate_reads_rdf_formats_piped_on_stdin(tmp_path: Path, fmt: str, label: str) -> None:
    if fmt == "trig":
        kb = str(tmp_path / "kb")
        assert run("ingest", "--kb", kb, EXAMPLE).exit_code == 0
        rdf = run("dump", "--kb", kb, "--format", "trig").stdout
    else:
        rdf = run("audit", "--format", fmt, "--fail-on", "never", EXAMPLE).stdout
    result = run("validate", "-", stdin=rdf)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(label) and result.stdout.endswith("conforms\n")


def test_validate_still_reads_an_article_piped_on_stdin(example_ttl: str) -> None:
    article = Path(EXAMPLE).read_text(encoding="utf-8")
    assert run("validate", "-", stdin=article).stdout == "-: conforms\n"
    forced = run("validate", "--input-format", "txt", "-", stdin=example_ttl)
    assert forced.exit_code == 0 and forced.stdout == "-: conforms\n"


SHACL_HEAD = (
    "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
    "@prefix ckb: <https://w3id.org/claimkb/ns#> .\n"
    "@prefix schema: <https://schema.org/> .\n"
)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x01\xff", ("not a text file",)),
        (b"this is not turtle {{{\n", ("not valid Turtle",)),
        (  # pyshacl compiles the pattern only when it validates
            (
                SHACL_HEAD + "<https://example.org/s> a sh:NodeShape ; sh:targetClass ckb:Claim ;"
                ' sh:property [ sh:path schema:text ; sh:pattern "([" ] .\n'
            ).encode(),
            ("not valid SHACL", "unterminated character set"),
        ),
    ],
)
def test_a_broken_user_shapes_file_is_named_in_one_line(
    tmp_path: Path, content: bytes, words: tuple[str, ...]
) -> None:
    shapes = tmp_path / "rules.ttl"
    shapes.write_bytes(content)
    assert_clean_error(run("audit", "--shapes", str(shapes), EXAMPLE), str(shapes), *words)


def test_a_missing_user_shapes_file_says_so_plainly(tmp_path: Path) -> None:
    shapes = tmp_path / "rules.ttl"
    result = run("audit", "--shapes", str(shapes), EXAMPLE)
    assert_clean_error(result, str(shapes), "(No such file or directory)")
    assert "Errno" not in result.stderr


def test_an_ill_typed_literal_is_reported_once_and_without_a_traceback(example_ttl: str) -> None:
    broken = example_ttl.replace("ckb:index 0 ;", 'ckb:index "zero"^^xsd:integer ;', 1)
    assert broken != example_ttl
    result = run("validate", "-", stdin=broken)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.stderr and result.stderr == ""
    assert result.stdout.count("[sentence-index]") == 1
    assert result.stdout.endswith("-: 1 problem\n")


@pytest.mark.parametrize("command", ["validate", "audit"])
def test_an_ill_typed_literal_logs_no_traceback_from_a_fresh_claimkb(
    tmp_path: Path, example_ttl: str, command: str
) -> None:
    """In a fresh process, not under pytest (whose handlers take rdflib's log from stderr): the
    commands that read RDF keep rdflib's log to errors, though ``claimkb`` imports no logging
    at its start. ``validate`` reads the ill-typed graph; ``audit`` a user's shapes file."""
    import subprocess
    import sys

    broken = example_ttl.replace("ckb:index 0 ;", 'ckb:index "zero"^^xsd:integer ;', 1)
    args = ["validate", "-"]
    if command == "audit":
        shapes = tmp_path / "rules.ttl"
        rules = (ROOT / "examples" / "my-rules.ttl").read_text(encoding="utf-8")
        shapes.write_text(f'{rules}\n<http://e/x> <http://e/y> "zero"^^xsd:integer .\n', "utf-8")
        args = ["audit", "--fail-on", "never", "--shapes", str(shapes), EXAMPLE]
    done = subprocess.run(
        [sys.executable, "-c", "from kb.cli import main; main()", *args],
        input=broken if command == "validate" else "",
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert done.returncode == (1 if command == "validate" else 0), done.stderr
    assert done.stderr == ""


def test_the_command_list_shows_every_summary_whole() -> None:
    listing = run("--help").stdout.split("Commands:", 1)[1]
    assert "..." not in listing
    assert "Examples:" in run("--help").stdout


@pytest.mark.parametrize("command", ["extract", "audit", "validate", "export", "query"])
def test_each_main_command_shows_examples(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert f"claimkb {command} " in result.stdout.split("Options:", 1)[0]


@pytest.mark.parametrize(
    "args",
    [("--level", "rtc"), ("--min-citations", "-1"), ("--status", "maybe"), ("--format", "pdf")],
)
def test_export_refuses_a_mistyped_filter_instead_of_exporting_nothing(
    args: tuple[str, ...],
) -> None:
    result = run("export", *args, "-o", "out.graphml", EXAMPLE)
    assert result.exit_code == 2 and "Invalid value" in result.stderr


def _crashing_group() -> Group:
    group = Group()

    @group.command()
    def crash() -> None:
        raise ValueError("an unexpected\nstate")

    return group


def test_a_bug_is_one_line_asking_for_a_report_not_a_traceback() -> None:
    result = CliRunner().invoke(_crashing_group(), ["crash"])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    assert result.stderr.startswith("claimkb: internal error: ValueError: an unexpected state;")
    assert len(result.stderr.splitlines()) == 1


def test_claimkb_debug_shows_the_traceback_of_a_bug() -> None:
    result = CliRunner(env={"CLAIMKB_DEBUG": "1"}).invoke(_crashing_group(), ["crash"])
    assert isinstance(result.exception, ValueError)


MARKUP_ARTICLE = """\
# Tea <b>facts</b>

Another <img src=x onerror=alert(1)> claim says tea definitely cures *all* colds.

The snake_case_name and `code` and [1](https://evil.example) stay as printed.
"""


def test_the_markdown_report_shows_article_text_literally(tmp_path: Path) -> None:
    from markdown_it import MarkdownIt

    article = tmp_path / "tea.md"
    article.write_text(MARKUP_ARTICLE, encoding="utf-8")
    result = run("audit", "--format", "md", "--fail-on", "never", str(article))
    assert result.exit_code == 0, result.output
    page = MarkdownIt("commonmark").enable("table").render(result.stdout)
    page = re.sub(r"<td><code>[\w-]+</code></td>", "", page)  # the rule column
    for tag in ("<img", "<b>", "<em>all", "<a href", "<code>"):
        assert tag not in page
    assert (
        "Another &lt;img src=x onerror=alert(1)&gt; claim says tea definitely cures *all*" in page
    )


def test_export_keeps_a_sentence_longer_than_the_csv_field_limit(tmp_path: Path) -> None:
    article = tmp_path / "long.txt"
    article.write_text("Tea cures " * 20_000 + "colds [1].\n", encoding="utf-8")
    result = run("export", "--format", "json", str(article))
    assert result.exit_code == 0, result.output
    claims = [n for n in json.loads(result.stdout)["nodes"] if n["kind"] == "claim"]
    assert [len(n["text"]) for n in claims] == [200_010]


def _drain(fd: int) -> None:
    try:
        while os.read(fd, 1 << 16):
            pass
    except OSError:  # the terminal closed
        pass


def test_export_never_writes_a_png_to_a_terminal() -> None:
    import pty
    import subprocess
    import sys
    import threading

    leader, follower = pty.openpty()
    reader = threading.Thread(target=_drain, args=(leader,), daemon=True)
    reader.start()
    command = [sys.executable, "-c", "from kb.cli import main; main()"]
    with subprocess.Popen(
        [*command, "export", "--format", "png", EXAMPLE],
        stdout=follower,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    ) as process:
        os.close(follower)
        _, stderr = process.communicate(timeout=120)
    reader.join(timeout=10)
    os.close(leader)
    assert process.returncode == 2
    assert b"PNG is binary" in stderr and b"Traceback" not in stderr


@pytest.mark.parametrize(
    "command", [("extract",), ("audit",), ("validate",), ("export", "--format", "json")]
)
def test_standard_input_is_asked_for_once(command: tuple[str, ...]) -> None:
    result = run(*command, "-", "-", stdin="Tea cures colds [1].\n")
    assert result.exit_code == 2 and "only once" in result.stderr


def test_deeply_nested_html_keeps_its_text(tmp_path: Path) -> None:
    page = tmp_path / "nested.html"
    page.write_text(
        "<html><body>"
        + "<div>" * 300
        + "<p>Tea cures colds [1].</p>"
        + "</div>" * 300
        + "</body></html>"
    )
    result = CliRunner().invoke(main, ["extract", "--format", "json", str(page)])
    assert result.exit_code == 0, result.output
    assert (
        json.loads(result.stdout)["articles"][0]["sentences"][0]["text"] == "Tea cures colds [1]."
    )


def test_xml_that_is_not_jats_is_refused_with_a_way_out(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text('<?xml version="1.0"?><rss><channel><item>Tea [1].</item></channel></rss>')
    result = CliRunner().invoke(main, ["extract", str(feed)])
    assert result.exit_code == 2
    assert "XML with a <rss> root element, not a JATS article" in result.stderr
    assert "--input-format txt" in result.stderr
    plain = CliRunner().invoke(main, ["extract", "--input-format", "txt", str(feed)])
    assert plain.exit_code == 0


def test_standard_input_is_named_in_errors() -> None:
    result = CliRunner().invoke(main, ["extract", "-"], input="")
    assert result.exit_code == 2
    assert result.stderr.startswith("claimkb: error: standard input: ")
