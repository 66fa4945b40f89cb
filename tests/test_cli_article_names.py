"""Every command that takes an article (file or IRI) or a DOI refuses one that names nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kb.cli.main import main
from tests.kb_articles import write_articles

UNKNOWN = "https://w3id.org/claimkb/id/article/0000000000000000"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("names")
    write_articles(root / "articles", 1)
    location = str(root / "kb")
    result = run("ingest", "--kb", location, "-q", "--jobs", "1", str(root / "articles"))
    assert result.exit_code == 0, result.output
    return location


COMMANDS = [
    ("remove", "--kb", "{kb}", "{article}"),
    ("query", "--kb", "{kb}", "--name", "article-claims", "--param", "article={article}"),
    ("audit", "--kb", "{kb}", "--article", "{article}"),
    ("export", "--kb", "{kb}", "--article", "{article}", "--format", "graphml", "-o", "{out}"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=[c[0] for c in COMMANDS])
@pytest.mark.parametrize(
    ("article", "said"),
    [("moved-away.md", "no such file, nor an article IRI"), (UNKNOWN, "no article")],
)
def test_an_article_that_names_nothing_stored_exits_2_in_one_line(
    kb: str, tmp_path: Path, command: tuple[str, ...], article: str, said: str
) -> None:
    args = [a.format(kb=kb, article=article, out=tmp_path / "x.graphml") for a in command]
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert said in result.stderr
    assert article in result.stderr
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "x.graphml").exists()


@pytest.mark.parametrize(
    ("given", "hint"),
    [
        ("https://doi.org/10.1234/Diet.2020.1", "doi=10.1234/Diet.2020.1"),
        ("http://dx.doi.org/10.1234/diet.2020.1", "doi=10.1234/diet.2020.1"),
        ("doi:10.1234/diet.2020.1", "doi=10.1234/diet.2020.1"),
        ("diet 2020", "doi=10.1000/xyz123"),
    ],
)
def test_a_doi_given_as_a_url_is_refused_with_the_doi_to_give(
    kb: str, given: str, hint: str
) -> None:
    result = run("query", "--kb", kb, "--name", "claims-citing-work", "--param", f"doi={given}")
    assert result.exit_code == 2, result.output
    assert hint in result.stderr
    assert result.stderr.count("\n") == 1


def test_the_doi_alone_finds_its_claims(kb: str) -> None:
    result = run(
        "query", "--kb", kb, "--name", "claims-citing-work", "--param", "doi=10.1234/DIET.2020.1"
    )
    assert result.exit_code == 0, result.output
    assert "Guidelines advise adults" in result.stdout
