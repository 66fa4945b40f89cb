"""An article's text around its sentences, for reports that show or quote it.

An article read from its file has its text; one rebuilt from the knowledge base keeps its
sentences only, so the text between two sentences is a line break where the line changes,
else a space.
"""

from __future__ import annotations

from claims.model import Article, Sentence

__all__ = ["text_after", "text_before", "text_between"]


def text_between(
    article: Article, cursor: int, previous: Sentence | None, sentence: Sentence
) -> str:
    """Return the article's text from ``cursor`` (the end of ``previous``) to ``sentence``."""
    if article.text:
        return article.text[cursor : sentence.start]
    if previous is None:
        return ""
    return "\n" if sentence.line != previous.line else " "


def text_before(article: Article, at: int, length: int) -> str:
    """Return up to ``length`` characters of the article's text before its sentence ``at``:
    from the text when the article has it, else from the sentence before and what is between."""
    sentence = article.sentences[at]
    if article.text:
        return article.text[max(0, sentence.start - length) : sentence.start]
    if at == 0:
        return ""
    previous = article.sentences[at - 1]
    return (previous.text + text_between(article, previous.end, previous, sentence))[-length:]


def text_after(article: Article, at: int, length: int) -> str:
    """Return up to ``length`` characters of the article's text after its sentence ``at``:
    from the text when the article has it, else from what is between and the sentence after."""
    sentence = article.sentences[at]
    if article.text:
        return article.text[sentence.end : sentence.end + length]
    if at + 1 == len(article.sentences):
        return ""
    following = article.sentences[at + 1]
    return (text_between(article, sentence.end, sentence, following) + following.text)[:length]
