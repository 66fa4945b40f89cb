"""The ``list`` and ``remove`` commands: the articles of the knowledge base (kb.store)."""

from __future__ import annotations

import click

from kb.cli.options import kb_option, kb_options, note, open_kb, quiet_option
from kb.terminal import echo


@click.command(name="list", short_help="List the articles of the knowledge base.")
@kb_option
def list_articles(kb: str) -> None:
    """List the articles of the knowledge base: IRI, source path and title, tab-separated."""
    with open_kb(kb, read_only=True) as store:
        for article in store.articles():
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
