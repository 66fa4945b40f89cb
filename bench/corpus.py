"""Generate realistic synthetic health articles for benchmarks, deterministically from a seed.

Each article (Markdown or plain text) has a title, reading time, headings, paragraphs with
hedges and boosters, "Label: text" bullets, a table, FAQ questions, a disclaimer and a full
reference list of 25 sources cited in varied marker styles (``[4]``, ``[4-6]``, ``[4–6]``,
``[2, 7]``, ``[4][5]``, ``[5], [6]``, ``^12``, Unicode superscripts, author-year); about 100
sentences in all, with abbreviations and decimals that trip naive segmenters.

    from bench.corpus import generate
    for name, text in generate(1000, seed=7): ...

    uv run python bench/corpus.py OUT_DIR --articles 1000 --seed 7
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

SOURCES = 25

INTERVENTIONS = (
    "vitamin D", "green tea extract", "omega-3 fatty acids", "probiotics", "intermittent fasting",
    "creatine", "zinc", "melatonin", "resistance training", "mindfulness training", "magnesium",
    "curcumin", "iron supplements", "cold-water immersion", "a Mediterranean diet", "yoga",
    "caffeine", "folic acid", "ashwagandha", "vitamin C", "beetroot juice", "tai chi",
    "collagen peptides", "fibre supplements", "brisk walking",
)  # fmt: skip
OUTCOMES = (
    "blood pressure", "sleep quality", "muscle soreness", "memory", "fatigue",
    "depressive symptoms", "inflammation", "fasting glucose", "bone density", "immune function",
    "migraine frequency", "joint pain", "LDL cholesterol", "anxiety", "exercise endurance",
    "recovery after surgery", "skin elasticity", "gut symptoms",
)  # fmt: skip
POPULATIONS = (
    "older adults", "postmenopausal women", "people with type 2 diabetes", "healthy young adults",
    "athletes", "children aged 6 to 12", "office workers", "people with obesity",
    "pregnant women", "night-shift workers",
)  # fmt: skip
#: (phrase in a sentence, phrase in a title, publication type)
DESIGNS = (
    ("a meta-analysis of 14 trials", "a systematic review and meta-analysis", "Meta-Analysis"),
    ("a randomised controlled trial", "a randomized controlled trial",
     "Randomized Controlled Trial"),
    ("a prospective cohort study", "a prospective cohort study", "Observational Study"),
    ("a case-control study", "a case-control study", "Comparative Study"),
    ("a national survey", "a cross-sectional survey", "Observational Study"),
    ("a study in mice", "an experimental study in mice", "Animal study"),
    ("experiments on cultured cells", "an in vitro study", "In Vitro"),
    ("a clinical practice guideline", "a clinical practice guideline", "Practice Guideline"),
    ("a case report", "a case report", "Case Reports"),
    ("an expert review", "a narrative review", "Review"),
)  # fmt: skip
SURNAMES = (
    "Okafor", "Lindqvist", "Moreau", "Tanaka", "Ferreira", "Nguyen", "Haddad", "Kowalski",
    "Mensah", "Petrov", "Sato", "Brennan", "Duarte", "Ahmed", "Olsen", "Ramirez", "Castillo",
    "Becker", "Novak", "Singh", "Whitfield", "Abara", "Quintero", "Lorenz", "Varga", "Chen",
)  # fmt: skip
JOURNALS = (
    "J Nutr Health", "Clin Trials Rep", "Eur J Prev Med", "Sleep Res Lett", "Am J Lifestyle Med",
    "Int J Epidemiol Rep", "Nutrients Rev", "Exp Biol Lett", "BMC Health Res", "Lancet Reg Health",
)  # fmt: skip
HEDGES = ("may", "might", "could", "appears to", "seems to", "is thought to", "is likely to")
BOOSTERS = (
    "Research confirms that", "Studies prove that", "The evidence is clear:",
    "It is well established that", "Scientists have definitely shown that",
)  # fmt: skip
#: (present, past) forms of what an intervention does to an outcome
EFFECTS = (
    ("reduce", "reduced"), ("improve", "improved"), ("lower", "lowered"), ("raise", "raised"),
    ("protect against worsening", "protected against worsening"), ("ease", "eased"),
)  # fmt: skip
SUPERSCRIPT = str.maketrans("0123456789,", "⁰¹²³⁴⁵⁶⁷⁸⁹˒")


class _Article:
    """One article being written: its random stream, marker style and sources."""

    def __init__(self, rng: random.Random, fmt: str) -> None:
        self.rng = rng
        self.fmt = fmt
        self.style = rng.choice(
            (
                "bracket",
                "bracket",
                "bracket",
                "author-year",
                "superscript" if fmt == "txt" else "bracket",
            )
        )
        self.topic = rng.choice(INTERVENTIONS)
        self.outcome = rng.choice(OUTCOMES)
        self.sources = [self._source(k) for k in range(1, SOURCES + 1)]
        self.next_key = 0

    def _source(self, key: int) -> dict[str, object]:
        rng = self.rng
        authors = rng.sample(SURNAMES, rng.randint(1, 4))
        design = rng.choice(DESIGNS)
        year = rng.randint(1995, 2024)
        return {
            "key": key,
            "authors": authors,
            "year": year,
            "design": design,
            "title": f"{self.topic.capitalize()} and {rng.choice(OUTCOMES)} in "
            f"{rng.choice(POPULATIONS)}: {design[1]}",
            "journal": rng.choice(JOURNALS),
            "volume": rng.randint(1, 120),
            "pages": f"{(p := rng.randint(1, 900))}-{p + rng.randint(4, 15)}",
            "doi": f"10.5555/bench.{year}.{rng.randint(1000, 9999)}",
            "pmid": str(rng.randint(30000000, 39999999)),
        }

    def keys(self) -> list[int]:
        """Return the keys of the next citation, walking through all 25 sources in turn."""
        count = self.rng.choice((1, 1, 1, 2, 2, 3))
        start = self.next_key % SOURCES
        self.next_key += count
        return [(start + i) % SOURCES + 1 for i in range(count)]

    def marker(self) -> str:
        """Return a citation marker for the next keys, in this article's style."""
        keys = self.keys()
        if self.style == "author-year":
            return "(" + "; ".join(self._author_year(k) for k in keys) + ")"
        if self.style == "superscript":
            joined = ",".join(map(str, keys))
            return "^" + joined if self.rng.random() < 0.5 else joined.translate(SUPERSCRIPT)
        return self._bracket(keys)

    def _bracket(self, keys: list[int]) -> str:
        if len(keys) == 1:
            return f"[{keys[0]}]"
        consecutive = keys == list(range(keys[0], keys[0] + len(keys)))
        if len(keys) == 3 and consecutive:
            return f"[{keys[0]}{self.rng.choice('-–')}{keys[-1]}]"
        form = self.rng.choice(("list", "adjacent", "comma"))
        if form == "adjacent":
            return "".join(f"[{k}]" for k in keys)
        if form == "comma":
            return ", ".join(f"[{k}]" for k in keys)
        return "[" + ", ".join(map(str, keys)) + "]"

    def _author_year(self, key: int) -> str:
        source = self.sources[key - 1]
        authors: list[str] = source["authors"]  # type: ignore[assignment]
        if len(authors) == 1:
            return f"{authors[0]}, {source['year']}"
        if len(authors) == 2:
            return f"{authors[0]} & {authors[1]} {source['year']}"
        return f"{authors[0]} et al., {source['year']}"

    def cited(self, sentence: str) -> str:
        """Return a sentence ending in a marker (before or, rarely, after the full stop)."""
        marker = self.marker()
        if self.style == "superscript":
            return f"{sentence}.{marker}" if marker.startswith("^") else f"{sentence}{marker}."
        if self.rng.random() < 0.08:
            return f"{sentence}. {marker}"
        return f"{sentence} {marker}."

    def claim(self) -> str:
        """Return one claim sentence, usually cited, sometimes hedged or boosted."""
        rng = self.rng
        pop, outcome = rng.choice(POPULATIONS), rng.choice(OUTCOMES)
        design = rng.choice(DESIGNS)[0]
        pct = f"{rng.randint(5, 60)}.{rng.randint(0, 9)}"
        templates = (
            f"In {design}, {self.topic} {rng.choice(EFFECTS)[1]} {outcome} by {pct}% in {pop}",
            f"{self.topic.capitalize()} {rng.choice(HEDGES)} {rng.choice(EFFECTS)[0]} {outcome} "
            f"in {pop}",
            f"{rng.choice(BOOSTERS)} {self.topic} can {rng.choice(EFFECTS)[0]} {outcome}",
            f"Participants took {rng.randint(1, 9)}.{rng.randint(0, 9)} mg per day for "
            f"{rng.randint(4, 26)} weeks, i.e. roughly the dose found in supplements",
            f"Dr. {rng.choice(SURNAMES)} and colleagues found a smaller effect in {pop} "
            f"vs. {rng.choice(POPULATIONS)}",
            f"The effect on {outcome} was about {rng.randint(2, 4)}.{rng.randint(0, 9)} times "
            f"larger in {pop} than in the U.S. average",
            f"Low intake has been linked to worse {outcome}, e.g. in {pop}",
            f"These results suggest that {self.topic} is not a cure for {outcome}",
        )
        sentence = rng.choice(templates)
        return self.cited(sentence) if rng.random() < 0.8 else sentence + "."

    def other(self) -> str:
        """Return one non-claim sentence: advice or a transition."""
        return self.rng.choice(
            (
                f"Talk to your doctor before starting {self.topic}.",
                "Let's look at what the research actually says.",
                "Here is what you need to know.",
                f"Keep a diary of your {self.outcome} for a few weeks.",
                "Read the label carefully and avoid products with long lists of additives.",
            )
        )

    def paragraph(self) -> str:
        """Return a paragraph of three to six sentences."""
        count = self.rng.randint(3, 6)
        return " ".join(
            self.claim() if self.rng.random() < 0.85 else self.other() for _ in range(count)
        )

    def reference(self, source: dict[str, object]) -> str:
        """Return a full reference entry (Vancouver for numbers, APA for author-year)."""
        authors: list[str] = source["authors"]  # type: ignore[assignment]
        initials = [f"{a} {chr(65 + (len(a) * 7) % 26)}" for a in authors]
        design = source["design"]
        if self.style == "author-year":
            names = ", ".join(f"{a}, {chr(65 + (len(a) * 7) % 26)}." for a in authors)
            return (
                f"{names} ({source['year']}). {source['title']}. {source['journal']}, "
                f"{source['volume']}, {source['pages']}. https://doi.org/{source['doi']}"
            )
        return (
            f"{', '.join(initials)}. {source['title']}. {source['journal']}. {source['year']};"
            f"{source['volume']}:{source['pages']}. doi:{source['doi']}. PMID: {source['pmid']}. "
            f"{design[2]}."  # type: ignore[index]
        )


def _heading(text: str, level: int, fmt: str) -> str:
    return f"{'#' * level} {text}" if fmt == "md" else text


def _bullets(article: _Article) -> list[str]:
    labels = ("Key Benefit", "Main Risk", "Typical Dose", "Who Benefits", "Evidence Quality")
    prefix = "- " if article.fmt == "md" else "  • "
    return [f"{prefix}{label}: {article.claim()}" for label in labels]


def _table(article: _Article) -> list[str]:
    rows = [
        ("Form", "Capsule", "Powder"),
        ("Absorption", article.claim(), article.claim()),
        ("Cost", "Usually more expensive per dose.", "Cheaper per gram."),
    ]
    if article.fmt == "md":
        lines = ["| " + " | ".join(rows[0]) + " |", "|---|---|---|"]
        return lines + ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return [" ".join(r) for r in rows]


def article_text(rng: random.Random, fmt: str) -> str:
    """Return the text of one generated article."""
    article = _Article(rng, fmt)
    topic = article.topic.capitalize()
    blocks = ["Skip to content"] if fmt == "txt" else []
    blocks += [
        _heading(f"{topic} and {article.outcome.capitalize()}: What the Evidence Shows", 1, fmt)
    ]
    blocks += [f"{rng.randint(4, 12)} min read", article.paragraph()]
    blocks += [_heading("Key Points", 2, fmt), "\n".join(_bullets(article))]
    for title in (
        "How It Works",
        "What the Studies Found",
        "Who Might Benefit",
        "Risks and Side Effects",
    ):
        blocks += [_heading(title, 2, fmt), article.paragraph(), article.paragraph()]
    blocks += [_heading("Forms Compared", 2, fmt), "\n".join(_table(article))]
    blocks += [_heading("Frequently Asked Questions", 2, fmt)]
    for question in (f"Is {article.topic} safe?", f"How long does {article.topic} take to work?"):
        blocks += [_heading(question, 3, fmt), article.paragraph()]
    blocks += [_heading("The Bottom Line", 2, fmt), article.paragraph()]
    blocks += ["Disclaimer: This article is for information only and is not medical advice."]
    blocks += [_heading("References", 2, fmt)]
    entries = [article.reference(s) for s in article.sources]
    if article.style == "author-year":
        blocks += sorted(entries)
    else:
        blocks += ["\n".join(f"{n}. {e}" for n, e in enumerate(entries, start=1))]
    return "\n\n".join(blocks) + "\n"


def generate(n: int, seed: int = 0) -> list[tuple[str, str]]:
    """Return ``n`` (file name, text) articles; the i-th depends only on (seed, i)."""
    out = []
    for index in range(n):
        rng = random.Random(f"{seed}:{index}")
        fmt = "md" if rng.random() < 0.5 else "txt"
        out.append((f"article-{index:05d}.{fmt}", article_text(rng, fmt)))
    return out


def main(argv: list[str] | None = None) -> int:
    """Write generated articles into a folder."""
    parser = argparse.ArgumentParser(description="Write synthetic articles for benchmarks.")
    parser.add_argument("out", type=Path, help="folder to write the articles into")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in generate(args.articles, args.seed):
        (args.out / name).write_text(text, encoding="utf-8")
    print(f"wrote {args.articles} articles to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
