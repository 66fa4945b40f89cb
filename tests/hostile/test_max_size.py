"""Articles over the size limit (``--max-size``, 20 MB by default) are refused up front.

Reading, grading and auditing cost time and memory in proportion to an article's size, so a
page too large is one line saying so, with exit code 2, before any of it is read.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from claims.errors import ArticleTooLarge
from claims.extract import extract_path
from claims.limits import MAX_LINES, MAX_SENTENCES, limits_for
from claims.reading import MAX_SIZE, read_path
from kb.cli import main
from kb.cli.options import ByteSize
from kb.rdf.graph import article_triples
from sources import grade
from tests.hostile import CLI

PARAGRAPH = "A randomized trial found that daily walking lowers blood pressure [1].\n\n"


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "walking.txt"
    path.write_text("Walking\n\n" + PARAGRAPH * 40, encoding="utf-8")  # about 3 KB
    return path


@pytest.mark.parametrize("command", ["extract", "audit"])
def test_a_file_over_the_limit_is_one_line_and_exit_2(command: str, article: Path) -> None:
    result = CliRunner().invoke(main, [command, "--max-size", "1KB", str(article)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(article) in lines[0] and "1 KB limit" in lines[0]
    assert "--max-size" in lines[0] and "Traceback" not in result.output


def test_standard_input_over_the_limit_is_refused(article: Path) -> None:
    result = CliRunner().invoke(
        main, ["audit", "--max-size", "2KB", "-"], input=article.read_bytes()
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("claimkb: error: standard input: larger than the 2 KB limit")


def test_a_file_under_the_limit_is_read(article: Path) -> None:
    result = CliRunner().invoke(main, ["extract", "--max-size", "10KB", str(article)])
    assert result.exit_code == 0 and "walking lowers blood pressure" in result.output


def test_ingest_lists_the_article_over_the_limit_as_failed(article: Path, tmp_path: Path) -> None:
    small = tmp_path / "small.txt"
    small.write_text("Small\n\n" + PARAGRAPH, encoding="utf-8")
    result = CliRunner().invoke(
        main,
        ["ingest", "--kb", str(tmp_path / "kb"), "--max-size", "1KB", str(article), str(small)],
    )
    assert result.exit_code == 1  # some landed, some failed
    assert f"{article}: larger than the 1 KB limit" in result.stderr
    assert "ingested 1 article" in result.stderr


def test_the_library_reads_no_more_than_the_limit_and_one_byte(article: Path) -> None:
    with pytest.raises(ArticleTooLarge):
        read_path(article, max_size=100)
    assert extract_path(article, max_size=None).sentences  # None: no limit
    assert MAX_SIZE == 20_000_000


@pytest.mark.parametrize(
    ("written", "size"),
    [("20MB", 20_000_000), ("500kb", 500_000), ("1.5 GB", 1_500_000_000), ("4096", 4096)],
)
def test_sizes_are_read_with_their_unit(written: str, size: int) -> None:
    assert ByteSize().convert(written, None, None) == size


def test_a_size_that_is_no_size_is_a_usage_error(article: Path) -> None:
    result = CliRunner().invoke(main, ["audit", "--max-size", "lots", str(article)])
    assert result.exit_code == 2 and "'lots' is not a size" in result.output


def few_triples(monkeypatch: pytest.MonkeyPatch, limit: int) -> None:
    """Lower the triple limit of one sentence's or source's graph (and of a whole graph)."""
    import kb.rdf.graph
    import kb.rdf.parts

    monkeypatch.setattr(kb.rdf.graph, "MAX_TRIPLES", limit)
    monkeypatch.setattr(kb.rdf.parts, "MAX_TRIPLES", limit)


def test_an_article_over_the_triple_limit_is_audited_in_parts(
    article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = CliRunner().invoke(main, ["audit", "--format", "json", str(article)])
    assert len(article_triples(grade(extract_path(article)))) > 3 * 300
    few_triples(monkeypatch, 300)  # source 1, cited by every sentence, has about 200
    parts = CliRunner().invoke(main, ["audit", "--format", "json", str(article)])
    assert parts.exit_code == whole.exit_code == 0
    assert parts.output == whole.output and "walking lowers blood pressure" in parts.output


def test_audit_refuses_a_sentence_whose_graph_would_be_too_large(
    article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    few_triples(monkeypatch, 5)
    result = CliRunner().invoke(main, ["audit", str(article)])
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert "\n" not in line and "sentence s1 (line 1) is too large" in line
    assert "more than 5 triples" in line
    # extract builds no graph: the same article is read
    assert CliRunner().invoke(main, ["extract", str(article)]).exit_code == 0


def test_ingest_lists_an_article_with_too_large_a_graph_as_failed_not_as_a_bug(
    article: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    few_triples(monkeypatch, 5)  # a graph past the limit is ingested in parts, but no sentence
    result = CliRunner().invoke(
        main, ["ingest", "--jobs", "1", "--kb", str(tmp_path / "kb"), str(article)]
    )
    assert result.exit_code == 2  # nothing ingested
    assert "sentence s1 (line 1) is too large" in result.stderr
    assert "more than 5 triples" in result.stderr and "BUG" not in result.stderr


def test_an_endless_standard_input_is_refused_after_the_limit(tmp_path: Path) -> None:
    """`yes | claimkb ingest -` reads the limit and one byte, says so, and creates no store."""
    endless = subprocess.Popen(["yes"], stdout=subprocess.PIPE)
    try:
        done = subprocess.run(
            [*CLI, "ingest", "--kb", str(tmp_path / "kb"), "--max-size", "1MB", "-"],
            stdin=endless.stdout,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    finally:
        endless.kill()
        endless.wait()
        endless.stdout.close()
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "standard input: larger than the 1 MB limit" in lines[0], lines
    assert not (tmp_path / "kb").exists()


@pytest.mark.parametrize("suffix", ["md", "txt"])
def test_a_page_of_more_lines_than_one_article_is_read_with_is_refused_before_reading(
    suffix: str, tmp_path: Path
) -> None:
    """Tiny paragraphs cost memory per line whatever their bytes: 4.5 MB of "Yes." and a blank
    line is 1.5 million lines, refused on the count alone (the lines are never built)."""
    page = tmp_path / f"tiny.{suffix}"
    page.write_text("Tiny\n\n" + "Yes.\n\n" * (MAX_LINES // 2), encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(page)])
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert "\n" not in line and f"{page}: more than 1,500,000 lines in one article" in line
    assert "--max-size 20 MB" in line and "raise --max-size" in line  # the knob that moves it
    assert "Traceback" not in result.output


def test_an_article_of_more_sentences_than_it_is_read_with_is_refused(
    article: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cap stops the reading at its sentence, for every command (one line, exit 2), and an
    ingest lists the article as failed while the others land."""
    import claims.limits

    sentences = len(extract_path(article).sentences)  # the title and 40 claims
    monkeypatch.setattr(claims.limits, "MAX_SENTENCES", sentences)
    assert CliRunner().invoke(main, ["audit", str(article)]).exit_code == 0  # at the cap: read
    monkeypatch.setattr(claims.limits, "MAX_SENTENCES", sentences - 1)
    for command in (["audit"], ["extract", "--format", "json"]):
        result = CliRunner().invoke(main, [*command, str(article)])
        assert result.exit_code == 2
        line = result.stderr.strip()
        assert "\n" not in line and f"more than {sentences - 1:,} sentences" in line
    small = tmp_path / "small.txt"
    small.write_text("Small\n\n" + PARAGRAPH, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["ingest", "--jobs", "1", "--kb", str(tmp_path / "kb"), str(article), str(small)]
    )
    assert result.exit_code == 1 and "ingested 1 article" in result.stderr
    assert f"more than {sentences - 1:,} sentences in one article" in result.stderr


def test_a_line_of_more_sentences_than_it_is_read_with_is_refused_before_it_is_all_cut(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One line of tiny sentences is one block: its sentences are cut as they are read, and
    the reading stops at the one past the cap (a 19.9 MB line of "Yes. " listed 4 million
    spans, 855 MB, before the cap refused it)."""
    import claims.extract
    import claims.limits

    path = tmp_path / "line.txt"
    path.write_text("Tiny\n\n" + "Yes. " * 200 + "\n", encoding="utf-8")
    cut: list[tuple[int, int]] = []
    spans = claims.extract.sentence_spans

    def counted(*args: Any, **kwargs: Any) -> Any:
        for span in spans(*args, **kwargs):
            cut.append(span)
            yield span

    monkeypatch.setattr(claims.extract, "sentence_spans", counted)
    monkeypatch.setattr(claims.limits, "MAX_SENTENCES", 20)
    refused = CliRunner().invoke(main, ["extract", str(path)])
    assert refused.exit_code == 2
    assert f"{path}: more than 20 sentences" in refused.stderr
    assert len(cut) <= 20  # 19 of the line after the title, then the one past the cap
    cut.clear()
    read = CliRunner().invoke(main, ["extract", "--max-size", "400MB", str(path)])
    assert read.exit_code == 0, read.stderr
    assert len(cut) == 200


@pytest.mark.parametrize(
    ("suffix", "page"),
    [
        ("html", "<html><body><h1>Tiny</h1>" + "<p>Yes.</p>" * 30 + "</body></html>"),
        (
            "xml",
            '<?xml version="1.0"?><article><body><sec><title>Tiny</title>'
            + "<p>Yes.</p>" * 30
            + "</sec></body></article>",
        ),
    ],
)
def test_a_tree_of_more_blocks_than_sentences_read_is_refused_as_it_is_walked(
    suffix: str, page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """HTML and JATS have no lines to count first: the walk stops at the block past the cap
    (19.9 MB of <p>Yes.</p> held 1.9 GB of blocks before a sentence was made)."""
    import claims.limits

    path = tmp_path / f"tiny.{suffix}"
    path.write_text(page, encoding="utf-8")
    assert CliRunner().invoke(main, ["extract", str(path)]).exit_code == 0
    monkeypatch.setattr(claims.limits, "MAX_SENTENCES", 20)
    result = CliRunner().invoke(main, ["extract", str(path)])
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert "\n" not in line and f"{path}: more than 20 paragraphs, items and cells" in line


def test_the_line_and_sentence_limits_grow_with_max_size_and_never_fall_below_the_default() -> None:
    """The default --max-size gives the fixed numbers; a larger one raises them in proportion
    (a book-length page); a smaller one keeps them (its bytes bound the memory more already);
    no size limit, no count limit."""
    default = limits_for(MAX_SIZE)
    assert (default.lines, default.sentences) == (MAX_LINES, MAX_SENTENCES) == (1_500_000, 300_000)
    book = limits_for(5 * MAX_SIZE)
    assert (book.lines, book.sentences) == (5 * MAX_LINES, 5 * MAX_SENTENCES)
    small = limits_for(MAX_SIZE // 40)
    assert (small.lines, small.sentences) == (MAX_LINES, MAX_SENTENCES)
    unlimited = limits_for(None)
    assert (unlimited.lines, unlimited.sentences) == (None, None)


@pytest.mark.parametrize(
    ("suffix", "paragraph"),
    [("txt", "Yes.\n\n"), ("md", "Yes.\n\n"), ("html", "<p>Yes.</p>"), ("xml", "<p>Yes.</p>")],
)
def test_a_page_past_the_sentence_limit_is_read_once_max_size_is_raised(
    suffix: str, paragraph: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The message names --max-size, and raising it is what reads the page: the limits scale
    with it (here 30 sentences at the default, so 60 at twice the default)."""
    import claims.limits

    monkeypatch.setattr(claims.limits, "MAX_SENTENCES", 30)
    body = paragraph * 40  # and a title: 41 blocks and sentences
    page = {
        "txt": "Tiny\n\n" + body,
        "md": "# Tiny\n\n" + body,
        "html": f"<html><body><h1>Tiny</h1>{body}</body></html>",
        "xml": f'<?xml version="1.0"?><article><body><sec><title>Tiny</title>{body}</sec>'
        "</body></article>",
    }[suffix]
    path = tmp_path / f"tiny.{suffix}"
    path.write_text(page, encoding="utf-8")
    for size in ([], ["--max-size", "1MB"]):  # the default, and a smaller limit: not lowered
        refused = CliRunner().invoke(main, ["extract", *size, str(path)])
        assert refused.exit_code == 2
        line = refused.stderr.strip()
        assert "\n" not in line and f"{path}: more than 30 " in line
        assert "(the limit with --max-size 20 MB)" in line or "--max-size 1 MB" in line
        assert "raise --max-size" in line
    read = CliRunner().invoke(main, ["extract", "--max-size", f"{2 * MAX_SIZE}", str(path)])
    assert read.exit_code == 0, read.stderr
    assert read.output.count("Yes.") == 40


def test_ingest_reads_a_page_past_the_default_sentence_limit_with_max_size_raised(
    article: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worker that reads the article takes the raised limits too, not only the bytes."""
    import claims.limits

    sentences = len(extract_path(article).sentences)
    monkeypatch.setattr(claims.limits, "MAX_SENTENCES", sentences // 2)  # 3x: read
    kb = str(tmp_path / "kb")
    refused = CliRunner().invoke(main, ["ingest", "--jobs", "1", "--kb", kb, str(article)])
    assert refused.exit_code != 0 and "raise --max-size" in refused.stderr
    read = CliRunner().invoke(
        main, ["ingest", "--jobs", "1", "--kb", kb, "--max-size", "60MB", str(article)]
    )
    assert read.exit_code == 0, read.stderr
    assert "ingested 1 article" in read.stderr


@pytest.mark.parametrize("suffix", ["txt", "xml"])
def test_a_page_of_more_citation_markers_than_it_is_read_with_is_refused_as_they_are_found(
    suffix: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each marker costs about 0.9 KB to read, whatever its 3 bytes: paragraphs of 900 "[1]"
    passed 1.1 GB at 4 MB. The article's markers are counted block by block (text: as the
    grammar finds them; JATS: as the walk states them), and reading stops at the block past
    the limit (here 50 at the default --max-size, so 1,000 at 20 times it)."""
    import claims.extract
    import claims.limits

    monkeypatch.setattr(claims.limits, "MAX_MARKERS", 50)
    if suffix == "txt":
        body = "".join(f"Tea helps memory {'[1]' * 30}.\n\n" for _ in range(20))
        page = f"Dense\n\n{body}References\n\n1. Reed P. Tea and memory: a trial. J Tea. 2020.\n"
    else:
        xref = '<xref ref-type="bibr" rid="r1">1</xref>'
        body = "".join(f"<p>Tea helps memory{xref * 30}.</p>" for _ in range(20))
        page = (
            '<?xml version="1.0"?><article dtd-version="1.3"><body><sec><title>Dense</title>'
            f'{body}</sec></body><back><ref-list><ref id="r1"><mixed-citation>Reed P. Tea '
            "and memory: a trial. J Tea. 2020.</mixed-citation></ref></ref-list></back></article>"
        )
    path = tmp_path / f"dense.{suffix}"
    path.write_text(page, encoding="utf-8")
    scanned: list[int] = []
    scan = claims.extract.scan

    def counted(text: str, start: int, end: int, most: int) -> object:
        scanned.append(start)
        return scan(text, start, end, most)

    monkeypatch.setattr(claims.extract, "scan", counted)
    refused = CliRunner().invoke(main, ["extract", str(path)])
    assert refused.exit_code == 2
    line = refused.stderr.strip()
    assert "\n" not in line and f"{path}: more than 50 citation markers" in line
    assert "raise --max-size" in line
    assert len(scanned) <= 3  # the title and two paragraphs: the other 18 never scanned
    scanned.clear()
    read = CliRunner().invoke(main, ["extract", "--max-size", "400MB", str(path)])
    assert read.exit_code == 0, read.stderr
    assert len(scanned) >= 20


def test_a_page_of_more_cues_than_it_is_read_with_is_refused_sentence_by_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cue ("may", 4 bytes) costs about 0.4 KB to audit: paragraphs of 200 "may" took
    851 MB to extract at 4 MB. The cues are counted as each sentence is made, and reading
    stops at the sentence past the limit (here 50, so 1,000 at 20 times the default)."""
    import claims.extract
    import claims.limits

    monkeypatch.setattr(claims.limits, "MAX_CUES", 50)
    path = tmp_path / "hedged.txt"
    path.write_text("Hedged\n\n" + f"Tea {'may ' * 30}help.\n\n" * 20, encoding="utf-8")
    made: list[int] = []
    sentence = claims.extract._sentence

    def counted(*args: Any) -> Any:
        made.append(1)
        return sentence(*args)

    monkeypatch.setattr(claims.extract, "_sentence", counted)
    refused = CliRunner().invoke(main, ["extract", str(path)])
    assert refused.exit_code == 2
    line = refused.stderr.strip()
    assert "\n" not in line and f"{path}: more than 50 hedge, booster and framing cues" in line
    assert "raise --max-size" in line
    assert len(made) <= 3  # the title and two paragraphs: the other 18 never made
    made.clear()
    read = CliRunner().invoke(main, ["extract", "--max-size", "400MB", str(path)])
    assert read.exit_code == 0, read.stderr
    assert len(made) == 21
