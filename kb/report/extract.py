"""``claimkb extract`` output: a readable table of sentences (coloured on a terminal) or JSON."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from io import StringIO

from claims.extract import articles_to_json
from claims.model import Article, Sentence

FORMATS = ("table", "json")
_KIND_STYLES = {
    "claim": "bold green",
    "heading": "bold magenta",
    "question": "cyan",
    "reference": "blue",
    "caption": "dim cyan",
    "boilerplate": "dim",
    "byline": "dim",
    "disclaimer": "yellow",
    "other": "dim white",
}
_WIDTH = 120


def render_extract(articles: Sequence[Article], fmt: str = "table", *, color: bool = False) -> str:
    """Return the sentences of ``articles``: a table (``table``) or the JSON contract (``json``)."""
    if fmt == "json":
        return json.dumps(articles_to_json(list(articles)), ensure_ascii=False, indent=2) + "\n"
    return _render_table(articles, color)


def _render_table(articles: Sequence[Article], color: bool) -> str:
    from rich.console import Console

    out = StringIO()
    console = Console(
        file=out, force_terminal=color, no_color=not color, width=_WIDTH, highlight=False
    )
    for number, article in enumerate(articles):
        if number:
            console.print()
        console.print(_title(article), markup=False, style="bold")
        console.print(_sentence_table(article))
        console.print(_summary(article), markup=False)
    return out.getvalue()


def _title(article: Article) -> str:
    return f"{article.title or article.source} ({article.source}, {article.format})"


def _sentence_table(article: Article) -> object:
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, pad_edge=False, show_edge=False, expand=True)
    table.add_column("line", justify="right", style="dim", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("sentence", ratio=1, overflow="fold")
    table.add_column("markers", no_wrap=False, max_width=24)
    table.add_column("cues", max_width=28)
    for sentence in article.sentences:
        style = _KIND_STYLES.get(sentence.kind, "")
        table.add_row(
            str(sentence.line),
            Text(sentence.kind, style=style),
            Text(" ".join(sentence.text.split())),
            Text(", ".join(sentence.keys), style="cyan"),
            _cues(sentence),
        )
    return table


_CERTAINTY_MARKS = {"hedge": ("~", "yellow"), "booster": ("!", "red")}
#: Weasel words (?some experts), peacock terms (+world famous) and approximators (≈often).
_FRAMING_MARKS = {
    "weasel": ("?", "magenta"),
    "peacock": ("+", "magenta"),
    "approximator": ("≈", "yellow"),
}


def _cues(sentence: Sentence) -> object:
    from rich.text import Text

    cues = Text()
    framing = [c for c in sentence.framing if c.kind in _FRAMING_MARKS]
    for cue in (*sentence.hedges, *sentence.boosters, *framing):
        mark, style = _FRAMING_MARKS.get(cue.kind) or _CERTAINTY_MARKS[cue.kind]
        label = f"{mark}{'not ' if cue.negated else ''}{cue.cue}"
        label += f" ({cue.scope})" if cue.scope else ""
        cues.append(f"{label}  ", style=style)
    for flag in sentence.editor_flags:
        cues.append(f"[{flag}]  ", style="bold red")
    return cues


def _summary(article: Article) -> str:
    kinds = Counter(s.kind for s in article.sentences)
    counts = ", ".join(f"{kind} {n}" for kind, n in kinds.most_common())
    cited = sum(1 for s in article.sentences if s.markers)
    return f"{len(article.sentences)} sentences ({counts or 'none'}); {cited} with citation markers"
