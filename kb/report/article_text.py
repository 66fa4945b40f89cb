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
    """Return up to ``length`` characters of the article's text before its sentence ``at``."""
    sentence = article.sentences[at]
    if article.text:
        return article.text[max(0, sentence.start - length) : sentence.start]
    parts: list[str] = []
    size = 0
    for index in range(at, 0, -1):
        previous = article.sentences[index - 1]
        parts += [text_between(article, previous.end, previous, article.sentences[index])]
        parts.append(previous.text)
        size += len(parts[-1]) + len(parts[-2])
        if size >= length:
            break
    return "".join(reversed(parts))[-length:]


def text_after(article: Article, at: int, length: int) -> str:
    """Return up to ``length`` characters of the article's text after its sentence ``at``."""
    sentence = article.sentences[at]
    if article.text:
        return article.text[sentence.end : sentence.end + length]
    parts: list[str] = []
    size = 0
    for index in range(at + 1, len(article.sentences)):
        following = article.sentences[index]
        parts += [text_between(article, sentence.end, article.sentences[index - 1], following)]
        parts.append(following.text)
        size += len(parts[-1]) + len(parts[-2])
        if size >= length:
            break
    return "".join(parts)[:length]
