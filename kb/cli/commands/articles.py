"""The ``list`` and ``remove`` commands: the articles of the knowledge base (kb.store)."""

from __future__ import annotations

import click

from kb.cli.options import format_option, kb_option, kb_options, note, open_kb, quiet_option
from kb.store.base import LIST_FORMATS
from kb.terminal import echo, escaped


@click.command(name="list", short_help="List the articles of the knowledge base.")
@kb_option
@format_option(
    LIST_FORMATS,
    default="tsv",
    help="tsv: IRI, source path and title; json: an array of objects; jsonl: an object per line.",
)
def list_articles(kb: str, fmt: str) -> None:
    """List the articles of the knowledge base: IRI, source path and title, tab-separated."""
    import json

    with open_kb(kb, read_only=True) as store:
        articles = store.articles()
    if fmt == "json":
        text = json.dumps([a.as_dict() for a in articles], ensure_ascii=False, indent=2)
        click.echo(escaped(text, "json"))
        return
    for article in articles:
        if fmt == "jsonl":
            click.echo(escaped(json.dumps(article.as_dict(), ensure_ascii=False), "jsonl"))
        else:
            echo(f"{article.iri}\t{article.source or ''}\t{article.title or ''}")


@click.command(short_help="Remove articles from the knowledge base.")
@click.argument("articles", nargs=-1, required=True, metavar="ARTICLE_IRI|PATH...")
@kb_options
@quiet_option
def remove(articles: tuple[str, ...], kb: str, update_url: str | None) -> None:
    """Remove articles, named by IRI or by their file (re-read to find its IRI)."""
    from kb.errors import ArticleNotStored
    from kb.rdf.graph import iri_of

    with open_kb(kb, update_url, create=False) as store:
        for article in articles:
            iri = iri_of(article)
            if not store.remove_article(iri):
                raise ArticleNotStored(
                    f"no article {iri} in the knowledge base at {kb} (see `claimkb list`)"
                )
            note(f"removed {iri}")
