"""Small original articles written on the fly for the knowledge-base tests."""

from __future__ import annotations

from pathlib import Path

TOPICS = ["walnuts", "rooibos", "sauna", "oat bran", "cold showers", "beetroot", "napping"]
DESIGNS = [
    ("A randomised controlled trial in 120 adults", "rct"),
    ("A meta-analysis of nine trials", "systematic-review"),
    ("A study in mice", "animal"),
]


def article_text(n: int) -> str:
    """Return a Markdown article with claims, markers and a reference list, unique to ``n``."""
    topic = TOPICS[n % len(TOPICS)]
    lead, _ = DESIGNS[n % len(DESIGNS)]
    return f"""# Does {topic} help? Report number {n}

## What the studies say

{lead} found that {topic} lowered blood pressure by {n % 9 + 2} mmHg [1].
People who used {topic} daily slept {n % 5 + 10} minutes longer on average [2].

Some say {topic} may cure fatigue in almost everyone who tries it.

A cohort of {1000 + n} nurses linked {topic} with fewer colds [1, 2].
Guidelines advise adults to eat a varied diet rather than rely on one food [3].

## References

1. Author A, Writer B. Effects of {topic} on blood pressure: trial {n}. J Health. 2019;{n}:1-9.
2. Scholar C. {topic.capitalize()} and sleep in a cohort of nurses, part {n}. Sleep Med. 2021.
3. Panel D. Dietary guidelines for adults. Public Health Rev. 2020. doi:10.1234/diet.2020.1
"""


def write_articles(directory: Path, count: int, start: int = 0) -> list[Path]:
    """Write ``count`` articles as ``directory/article-NNN.md``; return their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(start, start + count):
        path = directory / f"article-{n:03d}.md"
        path.write_text(article_text(n), encoding="utf-8")
        paths.append(path)
    return paths
