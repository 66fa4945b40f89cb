"""Full-text search over claims: the index beside the embedded store, kept up to date by ingest,
remove and load; ranked hits; the claims-mentioning query answered from it with the rows of its
SPARQL; the same search by a scan where there is no index."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb import KnowledgeBase
from kb.cli.main import main
from kb.errors import SearchTermsMissing
from kb.query.run import bind_parameters, named_query, parse_parameter
from kb.query.search import hits_table, indexed_answer, search
from kb.store import open_store
from kb.store.search_index import INDEX_FILE, fts_query
from tests.oxigraph_server import oxigraph_server

#: Short articles of our own: claims that share words in different forms.
ARTICLES = {
    "nerves.md": """# Vitamin B12 and the nerves

## Findings

Vitamin B12 deficiency causes peripheral neuropathies in older adults [1].
Low B12 intake was linked with slower nerve conduction in a cohort of 800 vegans [2].
Some say vitamin supplements cure every neuropathy.

## References

1. Hale R. B12 status and peripheral nerve damage: a cohort. Neurol J. 2018;4:1-8.
2. Moss T. Diet and nerve conduction in vegans. Nutr Rev. 2020;9:22-30.
""",
    "tea.md": """# Green tea and attention

## Findings

A randomised trial found that green tea improved attention in 90 students [1].
Caffeine in tea may sharpen short-term memory in adults.
Café owners say matcha is the best tea for focus.
Black tea and green tea both hold caffeine [1].
In rats, catechin extract lowered anxiety [2].

## References

1. Ito K. Green tea and attention: a randomised trial. J Cogn. 2019;2:10-19.
2. Lee M. Catechins and anxiety in rats. Behav Res. 2017;3:4-9.
""",
}


def _write(directory: Path, texts: dict[str, str]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


@pytest.fixture
def kb(tmp_path: Path) -> KnowledgeBase:
    """Return a knowledge base holding the two articles."""
    knowledge_base = KnowledgeBase(tmp_path / "kb")
    report = knowledge_base.ingest(_write(tmp_path / "articles", ARTICLES), jobs=1)
    assert report.articles == 2
    return knowledge_base


@pytest.mark.parametrize(
    ("typed", "query"),
    [
        ("vitamin b12 neuropathy", '"vitamin" AND "b12" AND "neuropathy"'),
        ('"nerve conduction" vegan*', '"nerve conduction" AND "vegan"*'),
        ("covid-19, NOT (x)", '"covid 19" AND "NOT" AND "x"'),
        ('an "unclosed phrase', '"an" AND "unclosed phrase"'),
        ("AND OR * ^", '"AND" AND "OR"'),
    ],
)
def test_what_a_user_types_becomes_a_query_of_words(typed: str, query: str) -> None:
    assert fts_query(typed) == query


@pytest.mark.parametrize("typed", ["", "  ", "*", '""', "-- !?"])
def test_no_word_is_an_error(typed: str) -> None:
    with pytest.raises(SearchTermsMissing, match="no word"):
        fts_query(typed)


def test_search_finds_every_form_of_the_words(kb: KnowledgeBase) -> None:
    rows = kb.search("vitamin neuropathy")
    texts = [row["text"] for row in rows]
    assert len(texts) == 2
    assert any("neuropathies" in text for text in texts)  # the stem of "neuropathy"
    assert all(row["article"].startswith("https://") for row in rows)
    best = rows[0]
    assert best["status"] in ("supported", "unsupported", "weakly-supported")
    assert "**" in best["snippet"]
    assert rows.variables[:3] == ("score", "article", "line")


def test_search_ranks_the_closer_match_first(kb: KnowledgeBase) -> None:
    assert [row["text"][:7] for row in kb.search("b12 nerve")] == ["Low B12"]
    rows = kb.search("green tea")
    assert rows[0]["text"].startswith("Black tea and green tea")  # "tea" twice
    assert [row["score"] for row in rows] == sorted((row["score"] for row in rows), reverse=True)


def test_accents_and_case_are_folded(kb: KnowledgeBase) -> None:
    assert [row["text"][:4] for row in kb.search("CAFE")] == ["Café"]


def test_pages_and_count(kb: KnowledgeBase) -> None:
    kb.close()
    with open_store(kb.location, read_only=True) as store:
        whole = search(store, "tea", count=True)
        page = search(store, "tea", limit=1, offset=1, count=True)
    assert whole.total == page.total == len(whole.hits) == 4
    assert page.hits == whole.hits[1:2]


def test_the_index_follows_remove_and_a_changed_article(kb: KnowledgeBase, tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    assert kb.remove(articles / "tea.md")
    assert kb.search("tea") == []
    iri = kb.search("vegans")[0]["article"]
    changed = kb.store.article_ntriples(iri).replace("800 vegans", "800 cyclists")
    kb.store.replace_article(iri, changed)
    assert kb.search("vegans") == []
    assert len(kb.search("cyclists")) == 1


def test_a_store_without_index_gets_one_on_its_first_search(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    before = kb.search("green tea")
    kb.close()
    Path(kb.location, INDEX_FILE).unlink()
    for leftover in Path(kb.location).glob(INDEX_FILE + "-*"):
        leftover.unlink()
    with KnowledgeBase(kb.location, read_only=True) as reader:
        assert reader.search("green tea") == before


def test_a_loaded_dump_is_searchable(kb: KnowledgeBase, tmp_path: Path) -> None:
    dump = tmp_path / "kb.trig"
    kb.dump(dump)
    kb.close()
    with KnowledgeBase(tmp_path / "copy") as copy:
        copy.load(dump)
        assert copy.search("neuropathy") == kb.search("neuropathy")


def test_a_store_of_an_older_claimkb_is_indexed_when_a_writer_opens_it(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    kb.close()
    Path(kb.location, INDEX_FILE).unlink()
    more = _write(
        tmp_path / "more", {"walk.md": "# Walking\n\nDaily walks lower blood pressure.\n"}
    )
    with KnowledgeBase(kb.location) as writer:
        writer.ingest(more, jobs=1)
        assert len(writer.search("neuropathy")) == 2  # the older articles too
        assert len(writer.search("walks")) == 1


@pytest.mark.parametrize(
    ("name", "given"),
    [
        *(
            ("claims-mentioning", [f'term="{term}"'])
            for term in ["B12", "tea", "TEA ", "é", "neuropath", "in", "zzz", "50%"]
        ),
        ("unsupported-claims", []),
        ("weak-evidence-claims", []),
    ],
)
def test_named_queries_from_the_index_give_the_rows_of_their_sparql(
    kb: KnowledgeBase, name: str, given: list[str]
) -> None:
    query = named_query(name)
    sparql = bind_parameters(query.sparql, dict(map(parse_parameter, given)), query.parameters)
    kb.close()  # its last commits reach readers
    with open_store(kb.location, read_only=True) as store:
        indexed = indexed_answer(store, name, given)
        scanned = store.query_with_prefixes(sparql)
        assert indexed is not None
        page, count = indexed.page(None), indexed.count()
    assert page.variables == scanned.variables
    assert sorted(map(str, page.rows)) == sorted(map(str, scanned.rows))
    assert count == len(scanned)
    if name != "claims-mentioning":
        assert len(scanned) > 0


def test_search_command_formats(kb: KnowledgeBase) -> None:
    kb.close()
    runner = CliRunner()
    args = ["search", "--kb", kb.location, "green", "tea"]
    csv = runner.invoke(main, [*args, "--format", "csv"])
    assert csv.exit_code == 0, csv.output
    header, *lines = csv.output.strip().splitlines()
    assert header == "score,article,line,sentence,status,level,snippet,title,text"
    assert len(lines) == 2 and "**green** **tea**" in lines[1].lower()
    parsed = json.loads(runner.invoke(main, [*args, "--format", "json"]).output)
    assert parsed["results"]["bindings"][1]["line"]["value"] == "5"
    assert runner.invoke(main, [*args[:-2], "tea", "--count"]).output == "4\n"
    refused = runner.invoke(main, [*args[:-2], "--", "--"])
    assert refused.exit_code == 2 and "no word" in refused.output


def test_search_on_a_sparql_server_scans_and_finds_the_same_claims(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    with oxigraph_server(tmp_path / "server") as url:
        remote = KnowledgeBase(url)
        remote.ingest(tmp_path / "articles", jobs=1)
        with open_store(url, read_only=True) as store:
            scanned = search(store, "b12", count=True)
    indexed = kb.search("b12")
    assert not scanned.indexed
    assert scanned.total == len(indexed) == 2
    assert {h.claim.text for h in scanned.hits} == {row["text"] for row in indexed}
    assert all("\x02B12\x03" in h.snippet for h in scanned.hits)


def test_search_index_file_is_no_store_file(kb: KnowledgeBase) -> None:
    kb.close()
    copy = Path(kb.location).with_name("moved")
    shutil.copytree(kb.location, copy)
    with KnowledgeBase(copy, read_only=True) as moved:
        assert len(moved.search("tea")) == 4


def test_the_table_highlights_the_words_and_says_how_many(kb: KnowledgeBase) -> None:
    from rich.console import Console

    kb.close()
    with open_store(kb.location, read_only=True) as store:
        result = search(store, "tea", limit=2, count=True)
    console = Console(record=True, width=200, color_system="truecolor")
    console.print(hits_table(result))
    text = console.export_text(clear=False)
    assert "4 claims match 'tea', best first: 1-2 shown (--offset 2 for the next)" in text
    assert "\x02" not in text and "\x03" not in text
    styled = console.export_text(styles=True)
    assert "\x1b[1;33mtea\x1b[0m" in styled or "\x1b[1;33mTea\x1b[0m" in styled
