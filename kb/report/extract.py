"""``claimkb extract`` output: a readable table of sentences (coloured on a terminal) or JSON."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from io import StringIO
from typing import TYPE_CHECKING, Any

from kb.terminal import output_width, visible

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from claims.model import Article, Sentence

FORMATS = ("table", "json", "jsonl")
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
_DEFAULT_WIDTH = 120  # when the output is no terminal and $COLUMNS is unset


def render_extract(
    articles: Sequence[Article],
    fmt: str = "table",
    *,
    color: bool = False,
    width: int | None = None,
) -> str:
    """Return the sentences of ``articles``: a table (``table``) or the JSON contract (``json``).

    Either is safe to print: control characters of the articles are escaped (kb.terminal).
    ``width``: the table's width (default: the terminal's, else $COLUMNS, else 120).
    """
    if fmt == "json":
        return render_json(articles).decode("utf-8")
    return _render_table(articles, color, width)


def render_jsonl(article: Article) -> bytes:
    """Return one article's JSON contract (an element of ``render_json``'s ``articles``) on
    one line, as UTF-8 with its control characters escaped: what ``--format jsonl`` prints
    for each article as soon as it is read."""
    return b"".join(extract_jsonl_pieces(article))


def extract_jsonl_pieces(article: Article) -> Iterator[bytes]:
    """Yield :func:`render_jsonl`'s bytes a batch of sentences at a time, their data made as
    it is written: a 19 MB page's line is some 300 MB, never held whole."""
    from kb.report.json_pieces import json_pieces

    yield from json_pieces(_article_data(article), 2, indent=False)


def render_json(articles: Sequence[Article]) -> bytes:
    """Return the JSON contract of ``articles`` as UTF-8, indented by two spaces, its control
    characters escaped (kb.terminal): :func:`extract_json_pieces`'s bytes."""
    return b"".join(extract_json_pieces(articles))


def extract_json_pieces(articles: Iterable[Article]) -> Iterator[bytes]:
    """Yield the JSON contract of ``articles`` a batch of sentences at a time, their data made
    as it is written: the bytes of ``json.dumps(..., ensure_ascii=False, indent=2)`` plus a
    newline, its control characters escaped (kb.terminal). Each value is written by orjson,
    whose indented output the standard library's C encoder cannot give. A 19 MB page's JSON
    is some 450 MB: held whole, with its data, it tripled the extraction's memory."""
    from claims.version import VERSION
    from kb.report.json_pieces import json_pieces

    data = {"claimkb": VERSION, "articles": (_article_data(a) for a in articles)}
    yield from json_pieces(data, 4)


def _article_data(article: Article) -> dict[str, Any]:
    """Return ``article_to_dict(article)`` with its sentences an iterator of their data."""
    from claims.extract import article_to_dict, sentence_to_dict

    data = article_to_dict(replace(article, sentences=()))
    data["sentences"] = (sentence_to_dict(s) for s in article.sentences)
    return data


def _render_table(articles: Sequence[Article], color: bool, width: int | None) -> str:
    return "".join(table_pieces(articles, color=color, width=width))


#: Rows of a sentence table rendered at once: a 19 MB page's table is hundreds of MB of
#: text, never held whole.
TABLE_BATCH = 1000


def table_pieces(
    articles: Iterable[Article],
    *,
    color: bool = False,
    width: int | None = None,
    batch: int = TABLE_BATCH,
) -> Iterator[str]:
    """Yield the table of ``articles`` (``render_extract``'s) in pieces of up to ``batch``
    sentences, each piece's lines ending in a newline, the bytes of the whole table's.

    rich's column widths depend on every row, but only on the widest cell of each column
    (every other measure is below it): they are worked out once, from a table of those widest
    cells, and each batch is a table of columns fixed at them, which rich renders without
    measuring every cell again (two thirds of the work when it did).
    """
    from rich.console import Console
    from rich.text import Text

    width = width or output_width(_DEFAULT_WIDTH)
    out = StringIO()
    console = Console(
        file=out, force_terminal=color, no_color=not color, width=width, highlight=False
    )

    def printed(*renderables: object) -> str:
        for renderable in renderables:
            console.print(renderable)
        text = out.getvalue()
        out.seek(0)
        out.truncate()
        return text

    for number, article in enumerate(articles):
        if number:
            console.print()
        console.print(Text(visible(_title(article)), style="bold"))
        yield _stripped(printed())
        widths = _column_widths(_widest_row(article.sentences), console)
        sentences = article.sentences
        for start in range(0, max(1, len(sentences)), batch):
            rows = map(_row, sentences[start : start + batch])
            yield _stripped(printed(_sentence_table(rows, header=not start, widths=widths)))
        yield _stripped(printed(Text(_summary(article))))


def _stripped(text: str) -> str:
    """Return ``text``'s lines with their trailing spaces removed, each ending in a newline."""
    return "".join(line.rstrip() + "\n" for line in text.splitlines())


def _title(article: Article) -> str:
    return f"{article.title or article.source} ({article.source}, {article.format})"


_HEADERS = ("Line", "Kind", "Sentence", "Markers", "Cues")
_Row = tuple["str | Text", "Text", "Text", "Text", "Text"]


def _sentence_table(
    rows: Iterable[_Row], *, header: bool, widths: Sequence[int] | None = None
) -> Table:
    """Return the sentence table of ``rows``; ``widths``: its columns' widths, fixed (else
    rich works them out from every cell, the Sentence column taking what is left)."""
    from rich.table import Table

    fixed = widths is not None
    table = Table(box=None, pad_edge=False, show_edge=False, expand=not fixed, show_header=header)
    width = iter(widths or ())
    table.add_column(
        _HEADERS[0], justify="right", style="dim", no_wrap=True, width=next(width, None)
    )
    table.add_column(_HEADERS[1], no_wrap=True, width=next(width, None))
    table.add_column(
        _HEADERS[2], ratio=None if fixed else 1, overflow="fold", width=next(width, None)
    )
    table.add_column(
        _HEADERS[3], no_wrap=False, max_width=24, overflow="fold", width=next(width, None)
    )
    table.add_column(_HEADERS[4], max_width=28, overflow="fold", width=next(width, None))
    for row in rows:
        table.add_row(*row)
    return table


def _column_widths(widest: _Row, console: Console) -> list[int]:
    """Return the widths rich gives the columns of a table whose widest cells are ``widest``
    (without their padding): those of the whole table."""
    table = _sentence_table([widest], header=True)
    # rich's own sums (private, and pinned by uv.lock): the same widths it would draw at
    widths = table._calculate_column_widths(console, console.options)
    return [width - table._get_padding_width(n) for n, width in enumerate(widths)]


def _row(sentence: Sentence) -> _Row:
    from rich.text import Text

    return (
        str(sentence.line),
        Text(sentence.kind, style=_KIND_STYLES.get(sentence.kind, "")),
        Text(visible(" ".join(sentence.text.split()))),
        Text(visible(", ".join(sentence.keys)), style="cyan"),
        _cues(sentence),
    )


def _widest_row(sentences: Iterable[Sentence]) -> _Row:
    """Return a row of the widest cell of each column (its header among them), as rich
    measures a text's width: its longest line, in cells."""
    from rich.cells import cell_len
    from rich.text import Text

    widest = list(_HEADERS)
    widths = [cell_len(header) for header in _HEADERS]
    for sentence in sentences:
        for column, cell in enumerate(_row(sentence)):
            text = cell if isinstance(cell, str) else cell.plain
            size = max(map(cell_len, text.splitlines()), default=0)
            if size > widths[column]:
                widest[column], widths[column] = text, size
    line, kind, words, keys, cues = widest
    return (line, Text(kind), Text(words), Text(keys), Text(cues))


_CERTAINTY_MARKS = {"hedge": ("~", "yellow"), "booster": ("!", "red")}
#: Weasel words (?some experts), peacock terms (+world famous) and approximators (≈often).
_FRAMING_MARKS = {
    "weasel": ("?", "magenta"),
    "peacock": ("+", "magenta"),
    "approximator": ("≈", "yellow"),
}


def _cues(sentence: Sentence) -> Text:
    from rich.text import Text

    cues = Text()
    framing = [c for c in sentence.framing if c.kind in _FRAMING_MARKS]
    for cue in (*sentence.hedges, *sentence.boosters, *framing):
        mark, style = _FRAMING_MARKS.get(cue.kind) or _CERTAINTY_MARKS[cue.kind]
        label = visible(f"{mark}{'not ' if cue.negated else ''}{cue.cue}")
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
