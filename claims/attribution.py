"""Weasel words and peacock terms as structures, not phrases (docs/cue-structures.md).

The lexicons ``weasel.tsv`` and ``peacock.tsv`` list phrases; this module reads the structures
behind them, one pass over a sentence's tokens with set look-ups (no pattern per lexicon row):

- a vague source joined to a predicate of attribution: a vague quantity of any plural, a bare
  plural of people or documents, an indefinite pronoun, an anonymous singular role or a vague
  collective (``attribution.tsv``), then up to eight words, then a verb of saying, believing,
  judging or finding (``attribution_verbs.tsv``): "officials at the ministry privately concede",
  "people who've tried it swear by". A name, a number, a bracket or a definite reference back
  ("patients in the trial", "our group") in between makes it a specified source;
- an agentless passive of attribution: "is said to", "has at times been attributed to", "is
  accused of", unless a specified agent follows ("by the Green Party"), and not after a modal
  ("can be attributed to" is a possibility);
- a view with no holder: "concerns ... were raised", "allegations have dogged", "there is
  growing speculation", "the word among regulars is that", "drew praise from analysts";
- puffery (``evaluation.tsv``): a superlative of an evaluative word ("the most gorgeous", "the
  loveliest", "among the most skilled"; not "the greatest growth rate"), an eminence noun in its
  frame ("a giant of jazz", "a true paradise for divers"), an adjective of praise ("matchless").

Each rule is a row of ``weasel.tsv`` or ``peacock.tsv`` named ``structure:...``: the concept its
cues carry in the RDF, with the row's category.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache, cached_property

from .lexicon import rows
from .model import Cue

_TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?|\d+|[^\sA-Za-z\d\-]")
_CLAUSE_END = frozenset(".;:!?")
_OPENERS = frozenset(',;:(—–"“‘')
_FIRST_PERSON = frozenset(("we", "our", "us", "i", "my", "me"))
_BE = frozenset(("is", "are", "was", "were", "be", "been", "being"))
_HAVE = frozenset(("has", "have", "had"))
_NEGATION = frozenset(("not", "never", "no"))
_SINGULAR_OPENERS = frozenset(("a", "an", "one", "another"))
# gap words that open a new clause: the verb after them is not the source's
_NEW_CLAUSE = frozenset(("as", "than", "which", "when", "if", "because", "after", "before", "so"))
# the words after a participle that make it a reduced relative ("groups reported by",
# "specimens described herein"), not the source's verb
_AFTER_PARTICIPLE = frozenset(("by", "herein", "here", "above", "below", "previously", "earlier"))
# the words after "as" that refer to a method, not a view ("as described previously")
_AS_METHOD = frozenset(
    ("previously", "above", "below", "before", "earlier", "elsewhere", "follows")
)
#: a participle that attributes whatever follows it ("the decision was criticised")
_ANY = "*"
#: how many words before its verb a vague source may start ("a number of other sleep
#: researchers at ... have")
_REACH = 18
#: the rules that read at a verb of attribution and nowhere else
_SOURCE_ONLY = frozenset(("source",))
#: the prefix of a lexicon row that names a rule of this module
STRUCTURE = "structure:"


def named_by_its_words(entry: str) -> bool:
    """Tell whether the cues of a lexicon row are named by the words they matched: a template
    ("{vague} {authority-plural}": "several critics") or a structure of this module."""
    return "{" in entry or entry.startswith(STRUCTURE)


@dataclass(frozen=True)
class Found:
    """A structural cue: its rule (a ``structure:`` row), kind, category and span."""

    rule: str
    kind: str  # "weasel" | "peacock"
    category: str
    start: int
    end: int
    negated: bool = False
    scope: str | None = None


@dataclass(frozen=True)
class _Verb:
    lemma: str
    cls: str
    passive: frozenset[str]  # words one of which follows an attributing participle; {"*"}: any
    participle: bool  # this form can be a past participle


@dataclass(frozen=True)
class _Data:
    classes: dict[str, frozenset[str]]  # class -> members (a phrase's words joined by spaces)
    phrases: dict[str, dict[str, tuple[tuple[str, ...], ...]]]  # class -> first word -> phrases
    verbs: dict[str, tuple[_Verb, ...]]  # word form -> its readings
    superlatives: frozenset[str]
    triggers: frozenset[str]  # a sentence holding none of these words has no structure
    # ... unless it holds both words of a pair: a noun of standing and a word that may praise it,
    # a word of rank and a noun it ranks ("history", "leading" alone are too common a word to
    # read every sentence holding it)
    pairs: tuple[tuple[frozenset[str], frozenset[str]], ...]
    anchors: dict[str, frozenset[str]]  # word -> the rules that may read at (or before) it
    categories: dict[str, tuple[str, str]]  # rule -> (kind, category)
    #: the words a vague source may open with when it does not open with its head (``_source_head``)
    source_openers: frozenset[str]
    #: the words a source's head may be (its agentive plurals aside: ``_agentive``)
    source_heads: frozenset[str]
    #: the words a phrase of anonymity may start with ("close to"): a plural before one is a source
    anonymity: frozenset[str]
    #: the forms of a verb that may be an attributing passive participle ("said", "regarded")
    participles: frozenset[str]


def _forms(lemma: str) -> tuple[str, str, str]:
    """Return the -s, past and -ing forms English spelling rules make of a verb."""
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        return lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"
    third = lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x", "z", "o")) else "s")
    if lemma.endswith("e"):
        ing = lemma + "ing" if lemma.endswith(("ee", "ye", "oe")) else lemma[:-1] + "ing"
        return third, lemma + "d", ing
    return third, lemma + "ed", lemma + "ing"


def _superlative(adjective: str) -> str:
    if adjective.endswith("y"):
        return adjective[:-1] + "iest"
    return adjective + ("st" if adjective.endswith("e") else "est")


@cache
def _data() -> _Data:
    members: dict[str, set[str]] = defaultdict(set)
    phrases: dict[str, dict[str, list[tuple[str, ...]]]] = defaultdict(lambda: defaultdict(list))
    for name in ("attribution.tsv", "evaluation.tsv"):
        for word, cls, *_ in rows(name):
            parts = tuple(word.lower().split())
            members[cls].add(" ".join(parts))  # a phrase too, for the tests of word pairs
            if len(parts) > 1:
                phrases[cls][parts[0]].append(parts)
    # verbs whose agentless passive the weasel lexicon reads bare ("{be} {judged} as")
    members["judged"] = {w for name, w, *_ in rows("sense_words.tsv") if name == "judged"}
    verbs: dict[str, list[_Verb]] = defaultdict(list)
    for lemma, cls, passive, _source, irregular in rows("attribution_verbs.tsv"):
        if irregular != "-":
            third, past, ing, *participles = irregular.split(",")
        else:
            third, past, ing = _forms(lemma)
            participles = [past]
        allowed = frozenset() if passive == "-" else frozenset(passive.split("|"))
        for form in {lemma, third, past, ing, *participles}:
            verbs[form].append(_Verb(lemma, cls, allowed, form in participles))
    superlatives = frozenset(
        {_superlative(a) for a in members["quality"] if " " not in a} | members["superlative-form"]
    )
    categories = {
        r[0]: (kind, r[1])
        for kind, name in (("weasel", "weasel.tsv"), ("peacock", "peacock.tsv"))
        for r in rows(name)
        if r[0].startswith("structure:")
    }
    triggers = (
        set(verbs)
        | members["concern"]
        | members["idiom"]
        | members["receive"]
        | members["praise"]
        | members["eminence"]
        | members["metaphor"]
        | members["degree"]
        | members["praise-manner"]
        | superlatives
        | {p.split()[-1] for p in members["opinion-state"]}
        | {"most", "there", "amid", "according", "ever"}
        | {p[0] for cls in ("praise", "eminence", "idiom") for p in _flat(phrases[cls])}
        | {p.split()[-1] for p in members["reaction"]}  # "received": "well" is too common
    )
    anchors: dict[str, set[str]] = defaultdict(set)
    # a state of opinion anchors the source rule as a verb does ("historians remain divided"),
    # at its last word ("at odds": "at" would anchor half the sentences of the corpus)
    states = {p.split()[-1] for p in members["opinion-state"]}
    for word in set(verbs) | states:
        anchors[word].add("source")
    for word in _BE | {"it's", "it’s", "that's", "that’s"}:
        anchors[word].add("passive")
    attributing = {
        f for f, readings in verbs.items() if any(v.participle and v.passive for v in readings)
    }
    for form in attributing:
        anchors[form].add("reduced")  # "Considered one of the finest ...": no be
    nominal = members["concern"] | members["receive"] | {"there", "amid", "according"}
    for word in nominal | {p.split()[0] for p in members["idiom"] | members["reaction"]}:
        anchors[word].add("nominal")
    praise = superlatives | {"most"} | members["eminence"] | members["praise"] | members["degree"]
    praise |= members["metaphor"] | members["esteem"] | members["rank"] | members["praise-manner"]
    praise |= members["esteem-figure"]
    for word in praise:
        anchors[word.split()[0]].add("peacock")
    return _Data(
        {cls: frozenset(words) for cls, words in members.items()},
        {
            cls: {w: tuple(sorted(ps, key=len, reverse=True)) for w, ps in by.items()}
            for cls, by in phrases.items()
        },
        {form: tuple(readings) for form, readings in verbs.items()},
        superlatives,
        frozenset(triggers),
        (
            (
                _last_words(members["esteem"]),
                _last_words(members["esteem-modifier"] | members["quality"] | members["praise"]),
            ),
            (_last_words(members["esteem-figure"]), _last_words(members["esteem-modifier"])),
            (_last_words(members["rank"]), _last_words(members["ranked"])),
        ),
        {word: frozenset(rules) for word, rules in anchors.items()},
        categories,
        frozenset(
            _first_words(members, phrases, ("collective", "pronoun", "quantifier"))
            | _SINGULAR_OPENERS
            | {"those", "his", "her", "its", "their", "every", "any"}
        ),
        frozenset(
            _first_words(
                members, phrases, ("collective", "institutional", "research", "document", "human")
            )
        ),
        frozenset(_first_words(members, phrases, ("anonymity",))),
        frozenset(attributing),
    )


def _first_words(
    members: dict[str, set[str]],
    phrases: dict[str, dict[str, list[tuple[str, ...]]]],
    classes: tuple[str, ...],
) -> set[str]:
    """Return the words a phrase or word of these classes can start with."""
    return {
        word
        for cls in classes
        for word in {m for m in members[cls] if " " not in m} | set(phrases[cls])
    }


def _last_words(phrases: set[str]) -> frozenset[str]:
    return frozenset(p.split()[-1] for p in phrases)


def _flat(by_first: dict[str, list[tuple[str, ...]]]) -> list[tuple[str, ...]]:
    return [p for ps in by_first.values() for p in ps]


class _Sentence:
    """A sentence's tokens and the look-ups every rule makes on them."""

    def __init__(self, text: str, start: int, end: int) -> None:
        tokens = _TOKEN.findall(text, start, end)
        self._tokens = tokens
        # lower-cased in one call: no token holds a space, and none is made by lower-casing
        self.words = " ".join(tokens).lower().split(" ") if tokens else []
        self.size = len(tokens)
        self.data = _data()
        self._where = (text, start, end)
        self._spans: list[tuple[int, int]] | None = None

    @cached_property
    def capital(self) -> list[bool]:
        """Return whether each token opens with a capital (read by few rules, so found only
        when one asks)."""
        return [t[0].isupper() for t in self._tokens]

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Return where tokens ``first`` to ``last`` stand in the text (the tokens' offsets are
        found only when a rule makes a cue: most sentences make none)."""
        if self._spans is None:
            text, start, end = self._where
            self._spans = [m.span() for m in _TOKEN.finditer(text, start, end)]
        return self._spans[first][0], self._spans[last][1]

    def word(self, i: int) -> str:
        return self.words[i] if 0 <= i < self.size else ""

    def is_(self, i: int, cls: str) -> bool:
        return self.word(i) in self.data.classes.get(cls, ())

    def phrase(self, i: int, cls: str) -> int:
        """Return how many tokens from ``i`` a phrase (or word) of ``cls`` covers (0: none)."""
        for parts in self.data.phrases.get(cls, {}).get(self.word(i), ()):
            if tuple(self.words[i : i + len(parts)]) == parts:  # i >= 0: its word is a phrase's
                return len(parts)
        return 1 if self.is_(i, cls) else 0

    def named(self, i: int) -> bool:
        """Tell whether token ``i`` names or counts something: a capital inside the sentence, a
        number, or a bracket that may open a citation."""
        if not 0 <= i < self.size:
            return False
        word = self.words[i]
        return (self.capital[i] and i > 0 and word != "i") or word.isdigit() or word in "(["

    def opens_subject(self, i: int) -> bool:
        """Tell whether a subject may start at token ``i``: the sentence's start, after a
        punctuation mark or a conjunction."""
        if i == 0 or self.word(i - 1) in _OPENERS or self.is_(i - 1, "boundary"):
            return True
        # after a sentence adverb: "Apparently everybody at the gym thinks"
        return self.word(i - 1).endswith("ly") and (i == 1 or self.word(i - 2) in _OPENERS)

    def verbs(self, i: int) -> tuple[_Verb, ...]:
        return self.data.verbs.get(self.word(i), ())

    def skip_adverbs(self, i: int, limit: int = 3) -> tuple[int, bool]:
        """Return the first token from ``i`` that is no adverb (at most ``limit`` skipped) and
        whether a negation was among them."""
        negated = False
        for _ in range(limit):
            w = self.word(i)
            if w in _NEGATION:
                negated = True
                i += 1
            elif (w.endswith("ly") and len(w) > 3) or self.is_(i, "adverb"):
                i += 1
            elif (n := self.phrase(i, "adverb")) > 1:
                i += n
            else:
                break
        return i, negated

    def specified_agent(self, i: int, limit: int = 10) -> bool:
        """Tell whether a "by" or "from" in the clause from ``i`` names a specified agent ("by the
        Green Party", "from the Royal College", "by two unions"; not "by archaeologists", "by its
        fans")."""
        for k in range(i, min(i + limit, self.size)):
            w = self.word(k)
            if w in _CLAUSE_END or w == "that":
                return False
            if w == "in" and self._named_venue(k + 1):
                return True  # "criticised in a 2018 Ofsted report"
            if w in ("by", "from"):
                nxt = self.word(k + 1)
                if self.named(k + 1) or self.is_(k + 1, "number"):
                    return True  # "by the Green Party", "by two unions": named or counted
                if nxt in ("its", "their", "his", "her") and (
                    self.is_(k + 2, "human") or self.is_(k + 3, "human")
                ):
                    return False
                return self.is_(k + 1, "definite") or nxt in _SINGULAR_OPENERS
        return False

    def _named_venue(self, j: int) -> bool:
        """Tell whether a determiner at ``j`` opens a venue of a view that a name or a year
        specifies ("a 2018 Ofsted report", "the Guardian's review"; not "the press")."""
        if not self.is_(j, "definite") and self.word(j) not in _SINGULAR_OPENERS:
            return False
        named = False
        for k in range(j + 1, min(j + 5, self.size)):
            if self.is_(k, "venue"):
                return named
            named = named or self.named(k)
        return False


def find_structures(text: str, start: int, end: int, vocabulary: frozenset[str]) -> list[Found]:
    """Return the structural weasels and peacocks of ``text[start:end]`` (``vocabulary``: its
    lower-case words, for the set test that lets most sentences skip the rules)."""
    data = _data()
    if data.triggers.isdisjoint(vocabulary) and not any(
        not a.isdisjoint(vocabulary) and not b.isdisjoint(vocabulary) for a, b in data.pairs
    ):
        return []
    s = _Sentence(text, start, end)
    # the rules run only where their anchor word is: a source within _REACH words before a verb
    # of attribution, a passive at a be, a view with no holder at its noun, praise at its word
    anchors = data.anchors
    sources: set[int] = set()  # where a source may start
    starts: dict[int, frozenset[str]] = {}  # where the other rules may read
    experience = "ever" in vocabulary  # any superlative a reviewer's use caps may praise
    # a passive at a be needs an attributing participle in the sentence
    passive = not data.participles.isdisjoint(vocabulary)
    for k, word in enumerate(s.words):
        rules = anchors.get(word)
        if experience and word.endswith("est") and len(word) > 5:
            rules = (rules or frozenset()) | {"peacock"}  # "the softest towels I have ever used"
        if rules is None:
            continue
        if "source" in rules:
            sources.update(range(max(0, k - _REACH), k))
        if rules != _SOURCE_ONLY:
            starts[k] = rules
    if sources:
        sources &= _source_starts(s)
    found: list[Found] = []
    for i in sorted(sources.union(starts)):
        rules = starts.get(i, frozenset())
        weasel = (
            (i in sources and _source(s, i))
            or (passive and "passive" in rules and _passive(s, i))
            or ("reduced" in rules and _reduced_passive(s, i))
            or ("nominal" in rules and _nominal(s, i))
            or None
        )
        peacock = "peacock" in rules and (
            _superlative_praise(s, i)
            or _eminence(s, i)
            or _praise(s, i)
            or _raised(s, i)
            or _esteem(s, i)
            or _rank(s, i)
            or _manner(s, i)
        )
        found += [hit for hit in (weasel, peacock) if hit]
    return _first_of_overlaps(found)


def _source_starts(s: _Sentence) -> set[int]:
    """Return the tokens where ``_source_head`` may find a source: an opener of one (a
    quantifier, a pronoun, "those", "every" ...), a word before a phrase of anonymity, or one
    of the two tokens before a head (or the head itself), which modifiers may precede."""
    data = _data()
    openers, heads, anonymity = data.source_openers, data.source_heads, data.anonymity
    suffixes = tuple(data.classes["suffix"])
    not_human = data.classes["not-human"]
    found: set[int] = set()
    for k, w in enumerate(s.words):
        if w in openers:
            found.add(k)
        if w in anonymity:
            found.add(k - 1)
        if w in heads or (len(w) > 5 and w.endswith(suffixes) and w not in not_human):
            found.update((k - 2, k - 1, k))
    return found


def _first_of_overlaps(found: list[Found]) -> list[Found]:
    kept: list[Found] = []
    for f in sorted(found, key=lambda f: (f.start, -f.end)):
        if not kept or f.start >= kept[-1].end or f.kind != kept[-1].kind:
            kept.append(f)
    return kept


def _make(s: _Sentence, rule: str, first: int, last: int, negated: bool = False) -> Found:
    kind, category = s.data.categories[rule]
    return Found(rule, kind, category, *s.span(first, last), negated)


# --- weasels -------------------------------------------------------------------------------


def _source(s: _Sentence, i: int) -> Found | None:
    """A vague source at ``i`` joined to a verb of attribution after it."""
    if not s.opens_subject(i):
        return _relative_view(s, i)
    if s.word(i - 1) == "that" and any(v.cls == "find" for v in s.verbs(i - 2)):
        return None  # "surveys show that people believe": the belief is what was found
    head, kinds = _source_head(s, i)
    if head is None:
        return None
    return _predicate(s, i, head, kinds)


def _source_head(s: _Sentence, i: int) -> tuple[int | None, frozenset[str]]:
    """Return the head of a vague source starting at ``i`` and the verb classes it takes."""
    views = frozenset(("say", "believe", "voice"))
    people = views | {"judge"}
    research = people | {"find"}
    if n := s.phrase(i, "collective"):
        last = i + n - 1
        return last, research if s.word(last) in ("research", "work") else people
    if (s.word(i) == "those" or _plural_noun(s, i)) and s.phrase(i + 1, "anonymity"):
        return i, people  # "those close to", "figures close to the talks"
    quantified = False
    j = i
    human = s.data.classes["human"]
    if s.word(i) in ("his", "her", "its", "their") and s.is_(i + 1, "following"):
        return i + 1, people  # "her admirers point to", "its detractors argue"
    if s.word(i) == "those" and s.word(i + 1) == "who":
        return i, people  # "those who knew her describe"
    if s.is_(i, "pronoun") and s.is_(i + 1, "preposition"):
        return i, people  # "some within the club", "others argue", "everyone online"
    if (n := s.phrase(i, "quantifier")) and not s.is_(i + n, "auxiliary"):
        quantified, j = True, i + n
        if s.word(j) == "of" and s.word(j + 1) in ("the", "its", "his", "her", "their"):
            j += 2
    elif s.word(i) in _SINGULAR_OPENERS:
        for k in range(i + 1, i + 4):
            if s.is_(k, "singular"):
                return k, people
            if not _modifier(s, k):
                break
        return None, frozenset()
    elif s.is_(i, "pronoun") and not _plural_noun(s, i + 1):
        return i, people
    for k in range(j, min(j + 3, s.size)):
        w = s.word(k)
        if s.is_(k, "number"):
            break  # "two laboratories": counted, so specified
        if s.is_(k, "institutional"):
            return (k, research) if quantified or _secret(s, k) else (None, frozenset())
        if (
            s.capital[k]
            and k > 0
            and not quantified
            and (
                s.is_(k, "research") or s.is_(k, "document") or s.is_(k, "human") or _agentive(s, k)
            )
        ):
            break  # a name: "Reuters reported", "Palestinians" is counted only with a quantity
        if s.is_(k, "research") or s.is_(k, "document"):
            return k, research
        if s.is_(k, "human") or _agentive(s, k):
            return k, people
        if s.phrase(k, "collective") and k > j:
            return k, people  # "local tradition"
        if s.word(i) in ("every", "any") and (
            s.is_(k, "singular") or _agentive(s, k, singular=True) or s.word(k) + "s" in human
        ):
            return k, people  # "every resident", "any fan will tell you", "every foodie"
        if quantified and not _modifier(s, k + 1) and _plural_noun(s, k):
            return k, views  # "several species called ducks" is no judgement
        if not _modifier(s, k) or w.endswith("ly"):
            break
    return None, frozenset()


def _relative_view(s: _Sentence, i: int) -> Found | None:
    """A vague group after a preposition whose view a non-restrictive "who" clause gives:
    "popular with cyclists, who praise its wide lanes", "sold to collectors, who prize it"."""
    if s.word(i - 1) not in ("with", "among", "by", "from", "to", "for"):
        return None
    head, kinds = _source_head(s, i)
    if head is None or s.word(head + 1) != "," or s.word(head + 2) != "who":
        return None
    k, negated = s.skip_adverbs(head + 3)
    needs_that = s.data.classes["needs-that"]
    that = any(s.word(j) in ("that", "to") for j in range(k + 1, k + 4))
    for v in s.verbs(k):
        if v.cls not in kinds or v.cls == "find" or v.lemma == "report":
            continue
        if v.lemma in needs_that and not that:
            continue  # "web developers, who already know the code": no view
        return _make(s, "structure:vague-source", i, k, negated)
    return None


def _secret(s: _Sentence, k: int) -> bool:
    """Tell whether an institution's staff speak without a name within six words ("officials
    privately concede"): bare, they speak for the institution ("officials said")."""
    return any(s.phrase(j, "secret") for j in range(k + 1, k + 7))


def _modifier(s: _Sentence, k: int) -> bool:
    """Tell whether token ``k`` may be a lower-case modifier inside a source ("local traders")."""
    return (
        0 <= k < s.size
        and s.words[k].isalpha()
        and not (s.capital[k] and k > 0)
        and not s.is_(k, "function")
        and not s.is_(k, "definite")
        and not (s.words[k].endswith("s") and not s.words[k].endswith(("ous", "ss")))
        and not s.words[k].endswith("thing")
        and not s.verbs(k)
        and not s.is_(k, "auxiliary")
    )


def _plural_noun(s: _Sentence, k: int) -> bool:
    w = s.word(k)
    return len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")) and not s.verbs(k)


def _agentive(s: _Sentence, k: int, singular: bool = False) -> bool:
    """A bare plural with an agentive ending that names people ("modellers", "hikers"), or with
    ``singular`` its singular ("every angler")."""
    w = s.word(k) + "s" if singular else s.word(k)
    return (
        len(w) > 5
        and any(w.endswith(x) for x in s.data.classes["suffix"])
        and w not in s.data.classes["not-human"]
    )


def _predicate(s: _Sentence, first: int, head: int, kinds: frozenset[str]) -> Found | None:
    """The verb of attribution within eight words after a source's head, if nothing between
    specifies the source or opens another clause."""
    k = head + 1
    participles = 0
    relative = False  # inside a clause restricting the source ("everyone who has tried it")
    led_to = -1  # a verb a frame leads to: "everyone I know says", "gone so far as to call"
    for _ in range(9):
        if k >= s.size:
            return None
        w = s.word(k)
        if k == head + 1 and (contact := _contact_clause(s, k) or _own_crowd(s, k, head)):
            k, relative = contact, True  # "everyone I know says": a crowd the speaker knows
            led_to = k
            continue
        if n := _how_far(s, k):
            k += n  # "some have gone so far as to call him": how far the view goes
            led_to = k
            continue
        if w in _CLAUSE_END or w in _NEW_CLAUSE or w in _FIRST_PERSON:
            return None
        if w in ("who", "that") and k <= head + 1 + relative * 3:
            relative = True
        if s.named(k) and not _platform(s, k):
            return None
        state = _opinion_state(s, k) if "believe" in kinds else None
        if state is not None:
            return _make(s, "structure:divided-opinion", first, state)
        if s.is_(k, "definite") and s.is_(k + 1, "specifier"):
            return None  # "patients in the trial": a source the article has specified
        # a verb form after a determiner is a noun ("this claim"); right after a relative
        # pronoun it restricts the source ("patients who reported"); before "by" it is a
        # passive participle ("groups reported by residents")
        noun = (
            s.is_(k - 1, "definite")
            or s.word(k - 1) in _SINGULAR_OPENERS
            or s.is_(k - 1, "takes-noun")
        ) and k != led_to  # "everybody I work with says"
        before = k - 1
        while before > head and (s.word(before).endswith("ly") or s.is_(before, "adverb")):
            before -= 1
        restricted = s.word(before) in ("who", "that", "which") or (
            s.word(k + 1) in _AFTER_PARTICIPLE and any(v.participle for v in s.verbs(k))
        )
        # "planners should consider": advice to the source, not a view it holds
        advised = s.word(before) in ("should", "must", "ought", "shall")
        for verb in () if noun or restricted or advised else s.verbs(k):
            if verb.cls not in kinds or _passive_after(s, head, k):
                continue
            if w.endswith("ing") and s.word(k - 1) not in _BE and k != led_to:
                continue
            if (
                s.word(k - 1) == "to"
                and k != led_to
                and not s.phrase(k - 2, "auxiliary")
                and s.phrase(k - 3, "auxiliary") != 2
            ):
                continue  # "are trying to establish": an attempt, not a view
            if (
                verb.cls == "judge"
                and verb.passive
                and _ANY not in verb.passive
                and not any(s.word(j) in verb.passive for j in range(k + 1, k + 7))
            ):
                continue  # "fans could see the stage" is no "see ... as"
            if "+thing" in verb.passive and _person_object(s, k):
                continue  # "volunteers welcomed the guests": greeted, not approved of
            # "people who live near parks report less stress": a finding, not a view; reports
            # as events ("players are reporting crashes", "users have reported") are hearsay
            needs_that = verb.lemma in s.data.classes["needs-that"] or (
                verb.lemma == "report" and "find" not in kinds and not _reports_as_events(s, k)
            )
            if needs_that and not any(s.word(j) in ("that", "to") for j in range(k + 1, k + 4)):
                continue  # "drivers held a protest" holds no view
            if verb.cls == "voice":
                end = _concern_object(s, k)
                if end is None:
                    continue
                return _make(s, "structure:vague-source", first, end)
            return _make(s, "structure:vague-source", first, k)
        if s.verbs(k) and not noun and s.word(before) not in ("who", "that", "which"):
            return None  # the source's verb, of another sense ("drivers held a protest")
        if w.endswith("ed") and not s.verbs(k) and not relative:
            participles += 1
            if participles > 1 or s.word(k - 1) in _BE | _HAVE:
                return None  # "most patients were treated with ... as described"
        k += 1
    return None


_I = frozenset(("i", "i've", "i’ve", "i'd", "i’d"))


def _contact_clause(s: _Sentence, k: int) -> int | None:
    """Return the token after a clause of the speaker's acquaintance right after a source
    ("everyone I know", "people I've talked to"), or None. A first person plural is a study's
    sample ("the farmers we interviewed"), which specifies its source."""
    if s.word(k) not in _I:
        return None
    j = k + 1
    while s.word(j) in _HAVE or s.word(j) in ("do", "did", "ever"):
        j += 1
    if not s.word(j).isalpha() or s.is_(j, "function"):
        return None
    j += 1
    return j + (s.word(j) in ("to", "with"))


def _own_crowd(s: _Sentence, k: int, head: int) -> int | None:
    """Return the verb after a universal crowd of the writer's own circle ("everyone in our book
    club swears", "everybody on my ward says"), or None. A study of ours specifies its source
    ("everyone in our trial received"), as a first person plural does elsewhere."""
    if s.word(head) not in ("everyone", "everybody") or s.word(k) not in ("in", "on", "at"):
        return None
    if s.word(k + 1) not in ("our", "my"):
        return None
    for j in range(k + 2, k + 5):
        if s.is_(j, "specifier") or s.named(j):
            return None
        if j > k + 2 and s.verbs(j):
            return j
    return None


_GO = frozenset(("go", "goes", "went", "gone", "going"))


def _how_far(s: _Sentence, k: int) -> int:
    """Return how many tokens from ``k`` say how far a source's view goes ("gone so far as to",
    "went as far as"), which the verb of attribution follows; 0 if none."""
    if s.word(k) not in _GO or s.word(k + 1) not in ("so", "as") or s.word(k + 2) != "far":
        return 0
    if s.word(k + 3) != "as":
        return 0
    return 5 if s.word(k + 4) == "to" else 4


def _reports_as_events(s: _Sentence, k: int) -> bool:
    """Tell whether the verb at ``k`` is progressive or perfect ("are reporting", "have
    reported", "have been reporting"): reports arriving, not a finding stated."""
    j = k - 1
    while j > 0 and (s.word(j).endswith("ly") or s.is_(j, "adverb")):
        j -= 1
    if s.word(k).endswith("ing"):
        return s.word(j) in _BE
    return s.word(j) in _HAVE


def _platform(s: _Sentence, k: int) -> bool:
    """Tell whether the name at ``k`` is a website whose users are a crowd ("people on
    Twitter", "folks over on the Discord"), not a named source ("engineers at Facebook")."""
    before = k - 2 if s.word(k - 1) == "the" else k - 1
    return s.is_(k, "platform") and s.word(before) in ("on", "across")


def _opinion_state(s: _Sentence, k: int) -> int | None:
    """Return the end of a state of opinion after the be or copula at ``k`` ("remain divided",
    "are still split", "is deeply sceptical"), or None."""
    if s.word(k) not in _BE and not s.is_(k, "copula"):
        return None
    j, negated = s.skip_adverbs(k + 1)
    if s.is_(j, "copula") or s.word(j) in ("been", "be"):
        j, more = s.skip_adverbs(j + 1)
        negated = negated or more
    n = s.phrase(j, "opinion-state")
    if not n or negated or s.word(j + n) in ("into", "up", "to"):
        return None  # "were divided into three groups": a partition; "are sure to": likely
    return j + n - 1


def _passive_after(s: _Sentence, head: int, k: int) -> bool:
    """Tell whether the verb at ``k`` is passive, its source the patient ("residents were
    told")."""
    if s.word(k).endswith("ing"):
        return False
    j = k - 1
    while j > head and (s.word(j).endswith("ly") or s.is_(j, "adverb") or s.word(j) in _NEGATION):
        j -= 1
    return s.word(j) in _BE


def _concern_object(s: _Sentence, k: int) -> int | None:
    """Return the noun of concern a verb of voicing takes within three words ("raised
    concerns", "expressed alarm"), or None."""
    for j in range(k + 1, k + 4):
        if s.is_(j, "concern"):
            return j
    return None


def _passive(s: _Sentence, i: int) -> Found | None:
    """An agentless passive of attribution with its be at ``i``: "is said to", "has been
    criticised as", "is traditionally ascribed to", not "can be attributed to"."""
    w = s.word(i)
    if w not in _BE and not (w.endswith(("'s", "’s")) and w[:-2] in ("it", "that", "which")):
        return None
    if w == "be" and s.is_(i - 1, "modal"):
        return None
    k, negated = s.skip_adverbs(i + 1)
    if s.word(k) == "been":
        k, more = s.skip_adverbs(k + 1)
        negated = negated or more
    if s.word(k) not in s.data.participles:
        return None
    # the adverbs around the auxiliaries ("has at times been attributed", "is traditionally")
    window = range(max(0, i - 3), k)
    return _attributing_participle(s, i, k, _spread(s, window), negated)


def _complement(s: _Sentence, j: int, verb: _Verb) -> bool:
    """Tell whether token ``j`` opens the complement an attributing participle needs after an
    adverb: "as", or "to be"/"to have" ("said locally to have"; not "reported previously to
    identify", a purpose)."""
    w = s.word(j)
    return w in verb.passive and (w != "to" or s.word(j + 1) in ("be", "have"))


def _spread(s: _Sentence, window: range) -> bool:
    """Tell whether an adverb of spread or credit stands in ``window`` ("widely", "long")."""
    adverbs = {s.word(j) for j in window} | {s.word(j) + " " + s.word(j + 1) for j in window}
    return not adverbs.isdisjoint(s.data.classes["spread"] | s.data.classes["credit-adverb"])


def _reduced_passive(s: _Sentence, i: int) -> Found | None:
    """A passive of attribution without its be: a participle opening the sentence ("Considered
    one of the finest drivers of his day, he ...", "Widely regarded as"), or after "and" or a
    comma with the word its class needs ("..., and considered to be the greatest"); not an
    active verb ("he read it and considered the offer")."""
    j = i - 1
    while j >= 0 and (s.word(j).endswith("ly") or s.is_(j, "adverb")):
        j -= 1
    opening = j < 0
    if not opening and not (s.word(j) in ("and", ",") and s.word(i + 1) in ("to", "as")):
        return None
    # what the weasel lexicon reads bare after a be is a weasel here too: "{be} {judged} as",
    # "{be} {judged} among", "{be} considered to be / one of" (weasel.tsv); "Thought to be the
    # oldest" stays the writer's own hedge (tests/fixtures/cues/GUIDELINES.md, convention 8)
    bare = s.is_(i, "judged") and (s.word(i + 1) in ("as", "among") or s.word(i) == "considered")
    spread = bare or _spread(s, range(j + 1, i))
    return _attributing_participle(s, i, i, spread, False)


def _attributing_participle(
    s: _Sentence, i: int, k: int, spread: bool, negated: bool
) -> Found | None:
    """The passive participle of attribution at ``k`` (its be, if any, at ``i``) with the word its
    class needs and no specified agent: a cue from ``i`` to ``k``."""
    for verb in s.verbs(k):
        if not verb.participle or not verb.passive:
            continue
        after = k + 1
        while s.word(after).endswith("ly") and _complement(s, after + 1, verb):
            after += 1  # "is said locally to be", "was described variously as"
        nxt = s.word(after)
        by_vague = nxt == "by" and _vague_agent(s, after + 1)
        if not (_ANY in verb.passive or nxt in verb.passive or by_vague):
            continue
        to_vague = nxt == "to" and s.phrase(after + 1, "quantifier") > 0
        # a judgement "to" (attributed, compared to), a "+spread" verb, a belief: a crowd's view
        # only with an adverb of spread or a vague agent; bare, the writer's own
        needs_spread = (
            "+spread" in verb.passive
            or verb.cls == "believe"
            or (nxt == "to" and verb.cls == "judge")
        )
        if needs_spread and not (spread or by_vague or to_vague):
            continue
        if nxt == "to" and verb.cls in ("say", "believe"):
            if s.is_(after + 1, "definite") or s.word(after + 1) in _SINGULAR_OPENERS:
                continue  # "was reported to the police": the hearer, not a view
            if s.named(after + 1):
                continue
        if nxt == "as" and s.word(after + 1) in _AS_METHOD:
            continue
        if "+thing" in verb.passive and _person(s, _patient(s, i)):
            continue  # "the Pope was welcomed by crowds": greeted, not approved of
        if s.specified_agent(after):
            continue
        return _make(s, "structure:agentless-passive", i, k, negated)
    return None


#: the people a verb of reception greets: personal pronouns, and plurals of people without -s
_PERSONS = frozenset(("he", "she", "they", "him", "her", "them", "us", "me", "you")) | frozenset(
    ("everyone", "children", "kids", "men", "women", "babies")
)


def _person(s: _Sentence, j: int) -> bool:
    """Tell whether token ``j`` names people: a personal pronoun, a plural of people or a name
    ("the guests", "them", "the Pope")."""
    return (
        s.word(j) in _PERSONS
        or s.is_(j, "human")
        or _agentive(s, j)
        or (s.named(j) and not s.word(j).isdigit())
    )


def _patient(s: _Sentence, i: int) -> int:
    """Return the last word of the subject before the be (or its auxiliaries) at ``i``."""
    j = i - 1
    while j > 0 and (s.word(j) in _HAVE or s.is_(j, "modal") or s.word(j).endswith("ly")):
        j -= 1
    return j


def _person_object(s: _Sentence, k: int) -> bool:
    """Tell whether the object after the verb at ``k`` is people ("welcomed the new guests",
    "love the children"), within its determiner and two modifiers."""
    for j in range(k + 1, k + 5):
        if _person(s, j):
            return True
        if s.word(j) in _CLAUSE_END or (s.is_(j, "function") and not s.is_(j, "definite")):
            return False
    return False


def _vague_agent(s: _Sentence, j: int) -> bool:
    """Tell whether the agent after "by" at ``j`` is vague: a quantity, an indefinite pronoun, a
    bare plural of people or documents ("by archaeologists"), or a possessive and people ("by
    its fans")."""
    if s.phrase(j, "quantifier") or s.is_(j, "pronoun"):
        return True
    if s.word(j) in ("its", "their", "his", "her"):
        j += 1
    for k in (j, j + 1):
        if (
            k < s.size
            and not s.named(k)
            and (s.is_(k, "human") or s.is_(k, "document") or _agentive(s, k))
        ):
            return True
    return False


def _nominal(s: _Sentence, i: int) -> Found | None:
    """A view with no holder: "concerns ... were raised", "there is growing speculation",
    "the word among regulars is that", "drew praise from military analysts"."""
    w = s.word(i)
    if w == "according" and s.word(i + 1) == "to":
        head, _ = _source_head(s, i + 2)
        if head is None or any(s.named(k) for k in range(head + 1, head + 5)):
            return None  # "according to researchers at Oxford": specified
        return _make(s, "structure:vague-source", i, head)
    if w == "there" and s.word(i + 1) in _BE | _HAVE:
        k = i + 2 + (s.word(i + 2) == "been")
        if s.word(k) == "those" and s.word(k + 1) == "who":
            for v in s.verbs(k + 2):  # "there are those who believe"
                if v.cls in ("say", "believe", "judge"):
                    return _make(s, "structure:nominal-attribution", i, k + 2)
        for j in range(k, k + 3):
            if s.is_(j, "concern") or s.is_(j, "idiom"):
                return _make(s, "structure:nominal-attribution", i, j)
        return None
    if w == "amid":
        for j in range(i + 1, i + 4):
            if s.is_(j, "concern"):
                return _make(s, "structure:nominal-attribution", i, j)
        return None
    if n := s.phrase(i, "reaction"):  # "unpopular with locals", "controversial among historians"
        j = i + n
        if s.word(j) in ("with", "among", "by") and _vague_agent(s, j + 1):
            if s.specified_agent(j, limit=4) or s.named(j + 2) or s.named(j + 3):
                return None  # "unpopular with the unions", "with voters in Leeds"
            return _make(s, "structure:vague-judgement", i, j + 1)
        if s.phrase(i, "idiom") == 0 and not s.is_(i, "concern"):
            return None
    if s.is_(i, "receive") and not s.is_(i - 1, "modal"):
        for j in range(i + 1, i + 4):
            if n := s.phrase(j, "judgement"):
                if s.specified_agent(j + n, limit=4):
                    return None
                return _make(s, "structure:vague-judgement", i, j + n - 1)
        return None
    idiom = s.phrase(i, "idiom")
    first = i
    while first > i - 2 and _modifier(s, first - 1):
        first -= 1  # "the general consensus", "the prevailing mood"
    first -= s.word(first - 1) == "the"
    if idiom and (s.opens_subject(first) or (first == i and s.opens_subject(i))):
        for k in range(i + idiom, i + idiom + 6):
            if s.word(k) in _CLAUSE_END:
                break
            if s.word(k) in ("is", "was") and s.word(k + 1) == "that":
                return _make(s, "structure:nominal-attribution", first, k + 1)
            if s.word(k) in ("has", "had") and s.word(k + 1) == "it":
                return _make(s, "structure:nominal-attribution", first, k + 1)
            if s.is_(k, "copula") and [s.word(k + 1), s.word(k + 2), s.word(k + 3)] == [
                "to",
                "be",
                "that",
            ]:  # "the consensus seems to be that"
                return _make(s, "structure:nominal-attribution", first, k + 3)
    if not s.is_(i, "concern") or not (s.opens_subject(i) or _opens_after_modifiers(s, i)):
        return None
    for k in range(i + 1, i + 10):
        if k >= s.size or s.word(k) in _CLAUSE_END or s.word(k) == ",":
            return None  # "after speculation on the deal, Donald Trump stated": a holder
        if s.named(k) and s.word(k - 1) in ("by", "from"):
            return None  # a holder named: "complaints from Unison"
        if s.is_(k - 1, "definite") or s.word(k - 1) in _SINGULAR_OPENERS:
            continue  # a verb form after a determiner is a noun: "belief in this claim"
        for verb in s.verbs(k):
            if verb.cls in ("nominal", "voice", "say", "believe"):
                if s.word(k).endswith("ing") and s.word(k - 1) not in _BE:
                    continue
                if s.specified_agent(k + 1, limit=5):
                    return None
                return _make(s, "structure:nominal-attribution", i, k)
    return None


def _opens_after_modifiers(s: _Sentence, i: int) -> bool:
    """Tell whether a noun of concern at ``i`` opens a subject after one or two modifiers
    ("growing fears", "serious allegations of")."""
    for first in (i - 1, i - 2):
        if first >= 0 and all(_modifier(s, k) for k in range(first, i)) and s.opens_subject(first):
            return True
    return False


# --- peacocks ------------------------------------------------------------------------------


def _possessive(word: str) -> bool:
    """Tell whether a word is a possessive that determines a noun phrase ("the city's"; not
    "it's", "that's")."""
    return word.endswith(("'s", "’s")) and word[:-2] not in ("it", "that", "what")


def _superlative_praise(s: _Sentence, i: int) -> Found | None:
    """A superlative of an evaluative word after a determiner: "the most gorgeous beach", "the
    loveliest", "among the most skilled"; not a measure ("the greatest growth rate", "the best
    time to visit", "the most patients")."""
    w = s.word(i)
    before = s.word(i - 1)
    if (before not in s.data.classes["determiner"] and not _possessive(before)) or (
        s.capital[i] and i > 1
    ):
        return None  # "the Supreme Court": a name
    if w == "best" and not any(
        s.is_(k, "span") and (s.word(k) == "ever" or s.word(k - 1) in ("of", "in", "on", "the"))
        for k in range(i + 1, i + 6)
    ):
        return None  # "the best fit", "the best we can do": a measure or a choice
    if w == "most":
        if s.is_(i + 1, "quality"):
            last = i + 1
        elif _experienced(s, i + 2) and s.word(i + 1).isalpha() and not s.is_(i + 1, "no-praise"):
            last = i + 1  # "the most comfortable mattress we have ever slept on"
        else:
            return None
    elif w in s.data.superlatives:
        last = i
    elif (
        len(w) > 5
        and w.endswith("est")
        and _experienced(s, i + 1)
        and w not in _no_praise_superlatives()
    ):
        last = i  # "the softest towels I have ever used"
    else:
        return None
    nxt, then = s.word(last + 1), s.word(last + 2)
    if (
        nxt in ("to", "known")
        or s.is_(last + 1, "measure")
        or (s.is_(last + 2, "measure") and (then not in ("of", "in")))
    ):
        return None
    return _make(s, "structure:evaluative-superlative", i - 1, last)


def _experienced(s: _Sentence, j: int) -> bool:
    """Tell whether a speaker's experience caps a superlative within six words from ``j``: a
    first person, then "ever" ("... we have ever slept on", "... I've ever tasted")."""
    for k in range(j, min(j + 6, s.size)):
        if s.word(k) in _CLAUSE_END or s.word(k) == ",":
            return False
        if s.word(k) == "ever":
            return (
                s.is_(k + 1, "experience")
                and any(s.word(m) in _FIRST_PERSON | _I for m in range(j, k))
                and not any(s.word(m) in _BOOSTED for m in range(j - 6, j - 2))
            )
    return False


#: words of a booster before a review superlative, which then carries certainty, not praise
#: (tests/fixtures/cues/GUIDELINES.md: "hands down the comfiest sofa I have ever owned")
_BOOSTED = frozenset(("definitely", "undoubtedly", "easily", "down", "question", "doubt"))


@cache
def _no_praise_superlatives() -> frozenset[str]:
    """The superlatives of blame or measure ("worst", "dullest", "noisiest"): no praise."""
    words = _data().classes["no-praise"]
    return frozenset(words | {_superlative(w) for w in words})


def _esteem(s: _Sentence, i: int) -> Found | None:
    """A noun of standing right after an evaluative modifier: "a distinguished career", "an
    enviable reputation", "a devoted following", "a proven track record"; not "a long career",
    "in good standing", "a rich fossil record". A noun of power or presence only after a
    modifier of standing: "a formidable force in", "a towering presence"; not "an attractive
    force", "with great force"."""
    standing = s.phrase(i - 1, "esteem-modifier") > 0
    n = s.phrase(i, "esteem")
    if n and (standing or _praising(s, i - 1)):
        return _make(s, "structure:eminence", i - 1, i + n - 1)
    n = s.phrase(i, "esteem-figure")
    return _make(s, "structure:eminence", i - 1, i + n - 1) if n and standing else None


#: words in -ed or -en that are no participle ("worked flawlessly when", "sang beautifully even")
_NOT_PARTICIPLES = frozenset(
    ("often", "between", "seven", "eleven", "garden", "kitchen", "children", "heaven", "sudden")
)


def _manner(s: _Sentence, i: int) -> Found | None:
    """An adverb of praise for how a thing is made before a participle or a quality
    ("beautifully written", "exquisitely presented", "superbly acted"); not before a measure
    ("exquisitely sensitive to", "beautifully illustrates")."""
    if not s.is_(i, "praise-manner"):
        return None
    nxt = s.word(i + 1)
    participle = (
        nxt.endswith(("ed", "en")) and len(nxt) > 4 and nxt not in _NOT_PARTICIPLES
    ) or nxt in s.data.classes["irregular-participle"]
    if not (participle or s.is_(i + 1, "quality")) or s.is_(i + 1, "measure-quality"):
        return None
    return _make(s, "structure:praise-word", i, i + 1)


def _rank(s: _Sentence, i: int) -> Found | None:
    """A word of rank before a noun it ranks, two modifiers at most between, after a determiner
    or a possessive: "a leading authority on", "the city's premier dining destinations", "a top
    destination"; not "the leading cause of", "the top floor", "leading to"."""
    n = s.phrase(i, "rank")
    if not n:
        return None
    before = s.word(i - 1)
    if not (before in ("a", "an") or s.is_(i - 1, "determiner") or _possessive(before)):
        return None
    for k in range(i + n, i + n + 3):
        if s.phrase(k, "ranked"):
            return _make(s, "structure:eminence", i, k)
        if not _modifier(s, k):
            return None
    return None


#: qualities too weak to praise a standing ("a good reputation", "in good standing")
_PLAIN = frozenset(("good", "fine", "nice", "healthy", "original", "cool", "creative", "promising"))


def _praising(s: _Sentence, k: int) -> bool:
    return (s.is_(k, "quality") or s.is_(k, "praise")) and s.word(k) not in _PLAIN


def _eminence(s: _Sentence, i: int) -> Found | None:
    """An eminence noun in its frame: after "a"/"an" (two modifiers at most) and before "of",
    "for", "in" or the clause's end ("a giant of jazz", "an enduring classic of the genre"), or
    after an intensifier ("a true paradise", "an absolute must"); a figure ends a clause after
    modifiers too ("a shopping mecca.")."""
    n = s.phrase(i, "eminence")
    if not n:
        return _possessed_figure(s, i)
    opener = next(
        (k for k in (i - 1, i - 2, i - 3) if s.word(k) in ("a", "an")),
        None,
    )
    if opener is None or not all(
        _modifier(s, k) or s.is_(k, "intensifier") for k in range(opener + 1, i)
    ):
        return None
    after = s.word(i + n)
    intensified = any(s.is_(k, "intensifier") for k in range(opener + 1, i))
    ends = after in _CLAUSE_END or after in (",", "")
    figure = s.phrase(i, "metaphor") == n  # "a shopping mecca"
    if not (s.is_(i + n, "follow") or intensified or (ends and (opener == i - 1 or figure))):
        return None  # "a gas giant.": a modifier makes it a kind, not eminence
    return _make(s, "structure:eminence", opener, i + n - 1)


def _possessed_figure(s: _Sentence, i: int) -> Found | None:
    """A figure of praise after "a" and a possessive ("a snorkeller's dream", "a collector's
    paradise"): a metaphor no kind reading has ("a dream of flying" is none)."""
    n = s.phrase(i, "metaphor")
    if not n or not _possessive(s.word(i - 1)) or s.word(i - 2) not in ("a", "an"):
        return None
    return _make(s, "structure:eminence", i - 2, i + n - 1)


def _praise(s: _Sentence, i: int) -> Found | None:
    """An adjective of praise wherever it stands ("a matchless collection", "simply
    jaw-dropping")."""
    n = s.phrase(i, "praise")
    if not n:
        return None
    return _make(s, "structure:praise-word", i, i + n - 1)


# --- with the lexicon's cues ---------------------------------------------------------------

#: a source named right after a vague one: "critics, notably Lindzen (2001),", "several
#: scholars, including Benjamin Madley,", "critics at the Guardian", or listed by "include"
#: ("critics of the plan include the union and three mayors"; not "include many economists")
_NAMED_AFTER = re.compile(
    r"[^.;]{0,40}?\b(?:notably|including|such as|e\.g\.|among them|led by)\s+[A-Z(\[]"
    r"|\s+(?:at|from|in)\s+(?:the\s+)?[A-Z]"
    r"|[^.;]{0,40}?\binclude[sd]?\s+(?!(?:some|many|several|various|numerous|other|a\s+number)\b)"
)
_QUOTE_OPEN = re.compile(r"[\"“][^\"”]*$")


def revise_attribution(
    text: str,
    start: int,
    end: int,
    cues: list[Cue],
    vocabulary: frozenset[str],
    to_cue: Callable[[str, int, int, Found], Cue],
) -> list[Cue]:
    """Return the framing cues of a sentence with its structural weasels and peacocks added
    (``to_cue`` makes a cue of each), and the rules read over both:

    - a weasel whose source is named right after it ("critics, notably Ortega (1998), argue")
      is none;
    - an attribution with no agent (category ``passive``: "was said to", "is widely believed",
      lexicon row or structure alike) is none when its clause names the agent: "according to"
      a name ("according to Montalvo, it was said to"), or "by" or "from" a specified agent
      right after it ("it is often said by Montalvo that");
    - a superlative row of the peacock lexicon that is literal is dropped ("among the oldest
      buildings", "the greatest growth rate");
    - a structure overlapping a lexicon cue of its kind is that cue, not a second one;
    - praise after a vague attribution in its clause, or after a name's verb of judging
      ("Rolling Stone named it"), is the view attributed ("fans have been calling it the best
      album"): scope ``reported``, as a quotation's praise is; after
      "might", "may", "could" in its clause it is not asserted (scope ``hedged``).

    A citation does not cancel a weasel: the cue stays, and the ``weasel-attribution`` audit
    rule flags only claims that cite nothing. A name, a number or a bracket between a source and
    its verb specifies the source ("critics, notably Ortega (1998), argue").
    """
    cues = [
        c
        for c in cues
        if not _literal_superlative(text, end, c)
        and not (c.kind == "weasel" and _NAMED_AFTER.match(text, c.end, end))
    ]
    spans = [(c.kind, c.start, c.end) for c in cues if c.kind in ("weasel", "peacock")]
    for found in find_structures(text, start, end, vocabulary):
        if any(k == found.kind and a < found.end and found.start < b for k, a, b in spans):
            continue
        if found.kind == "peacock" and _QUOTE_OPEN.search(text, start, found.start):
            found = replace(found, scope="reported")
        cues.append(to_cue(text, start, end, found))
    cues = _drop_agents_named(text, start, end, cues)
    weasels = [c for c in cues if c.kind == "weasel" and c.asserted]
    revised = []
    for cue in cues:
        if cue.kind == "peacock" and not cue.scope:
            opens = _clause_start(text, start, cue.start)
            closes = _clause_end(text, cue.end, end)
            if (
                any(opens <= w.start and w.end <= cue.start for w in weasels)
                or any(
                    w.start <= cue.start and cue.end <= w.end
                    for w in weasels  # "widely acclaimed"
                )
                or any(
                    cue.end <= w.start <= closes and _BY_BEFORE.search(text, start, w.start)
                    for w in weasels
                )
                or _NAMED_JUDGE.search(text, opens, cue.start)  # "Rolling Stone named it"
            ):  # "has been called a masterpiece by some critics": the agent holds the praise
                cue = replace(cue, scope="reported")
            elif _POSSIBLE.search(text, opens, cue.start):
                cue = replace(cue, scope="hedged")  # "this might be the best tent"
        revised.append(cue)
    return revised


def _drop_agents_named(text: str, start: int, end: int, cues: list[Cue]) -> list[Cue]:
    """Return ``cues`` less the attributions with no agent (weasels of category ``passive``)
    whose clause names the agent: "according to" a name anywhere in it, or "by" or "from" a
    specified agent right after the cue (not a later verb's agent: "is said to have been
    invented by a baker")."""
    if not any(c.kind == "weasel" and c.category == "passive" for c in cues):
        return cues
    s = _Sentence(text, start, end)
    named = [s.span(i, i)[0] for i in range(s.size) if _according_to_a_name(s, i)]
    kept = []
    for cue in cues:
        if cue.kind == "weasel" and cue.category == "passive":
            opens = _clause_start(text, start, cue.start)
            semicolon = text.find(";", cue.end, end)
            closes = end if semicolon < 0 else semicolon
            if any(opens <= at < closes for at in named):
                continue
            after = next((i for i in range(s.size) if s.span(i, i)[0] >= cue.end), s.size)
            if s.specified_agent(after, limit=1):
                continue
        kept.append(cue)
    return kept


def _according_to_a_name(s: _Sentence, i: int) -> bool:
    """Tell whether "according to" at ``i`` names its source: a name, a number or a bracket
    right after it or after "the" ("according to Montalvo", "according to the Royal Society";
    not "according to some", "according to plan")."""
    if s.word(i) != "according" or s.word(i + 1) != "to":
        return False
    k = i + 3 if s.word(i + 2) in ("the", "a", "an") else i + 2
    return s.named(k)


def _literal_superlative(text: str, end: int, cue: Cue) -> bool:
    """Tell whether a superlative of the peacock lexicon ("among the {superlative}", "the
    greatest") is literal: a superlative of no evaluative quality ("among the oldest buildings")
    or followed by a measure ("the greatest growth rate")."""
    if cue.kind != "peacock" or cue.category != "superlative":
        return False
    last = cue.text.lower().split()[-1]
    data = _data()
    if last == "most":
        return _measured_after_most(_TOKEN.findall(text, cue.end, min(end, cue.end + 80)))
    if last not in data.superlatives:
        return last.endswith("est") and last != "best"
    after = _TOKEN.findall(text, cue.end, min(end, cue.end + 60))[:2]
    return any(w.lower() in data.classes["measure"] for w in after)


def _measured_after_most(after: list[str]) -> bool:
    """Tell whether "most" grades a quality that adverbs of domain make a measure ("one of the
    most culturally and linguistically diverse areas", "the most economically depressed"); an
    evaluative quality stays praise ("the most critically acclaimed", "the most beautifully
    written"), and so does "most" with no adverb ("one of the most important")."""
    words = [w.lower() for w in after]
    k = 0
    while k < len(words) and (words[k].endswith("ly") or words[k] in ("and", ",")):
        k += 1
    if k == 0 or k == len(words) or words[k - 1] in ("and", ","):
        return False
    classes = _data().classes
    adjective = words[k]
    adverbs = [w for w in words[:k] if w.endswith("ly")]
    evaluative = adjective in classes["quality"] or adjective in classes["praise"]
    praising = any(w in classes["praise-manner"] or w in classes["degree"] for w in adverbs)
    return not (evaluative or praising)


_POSSIBLE = re.compile(r"\b(?:might|may|could)\b", re.IGNORECASE)

#: a holder a name gives (two capitalised words at least: "Steven Spielberg", "Rolling Stone",
#: "The Guardian") with a verb of judging: what it judges is its view, not the article's praise
_NAMED_JUDGE = re.compile(
    r"\b[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)+\s+(?:\w+ly\s+)?(?:named|called|ranked|rated|"
    r"listed|described|dubbed|hailed|voted|declared|proclaimed|deemed|considered)\b"
)


_BY_BEFORE = re.compile(r"\bby\s+$")


def _clause_end(text: str, at: int, end: int) -> int:
    """Return where the clause holding offset ``at`` ends (at a ; or a sentence stop)."""
    cuts = [i for i in (text.find(mark, at, end) for mark in ".;!?") if i >= 0]
    return min(cuts, default=end)


def _clause_start(text: str, start: int, at: int) -> int:
    """Return where the clause holding offset ``at`` starts (after a ; or a sentence stop)."""
    cut = max(text.rfind(mark, start, at) for mark in ".;!?")
    return start if cut < 0 else cut + 1


def _raised(s: _Sentence, i: int) -> Found | None:
    """An evaluative quality raised by a maximiser ("utterly magical", "truly gorgeous")."""
    n = s.phrase(i, "degree")
    if not n or not s.is_(i + n, "quality"):
        return None
    return _make(s, "structure:intensified-praise", i, i + n)
