"""sources/anaphora.py: a claim whose subject points back, to the sources just cited (inherited)
or to the paper's own findings before it in its paragraph (own evidence)."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef

from claims.extract import extract_text
from kb.audit.article import audit_article, audit_path
from kb.audit.knowledge_base import audit_kb
from kb.cli import main
from kb.rdf.graph import article_iri, build_graph
from kb.store import open_store
from ontology import CKB
from sources import grade
from sources.anaphora import (
    own_evidence_subject,
    own_name_subject,
    own_thing_subject,
    points_back,
)
from sources.coverage import is_research_article, section_role
from sources.cue_files import named_rows, words
from sources.model import ClaimGrade

CITES = URIRef("http://purl.org/spar/cito/citesAsEvidence")

BLOG = """# Do hedgerows bring back the birds?

Farm hedgerows were grubbed out across the county in the 1970s.

Two counts compared hedged and open fields on the same farms [1, 2]. Both counts found more
nesting pairs beside the hedges. These counts clearly show that hedges are worth replanting.

Some farmers doubt the counts. These studies clearly prove that the counts were rigged.

These surveys show that yellowhammers came back first.

## References

1. Orme P, Baptiste L. Nesting pairs beside farm hedges: a cross-sectional survey. Bird Study. 2011.
2. Orme P. Hedge counts on six farms. County Bird Report. 2015.
"""


def by_text(text: str, fmt: str = "md") -> dict[str, ClaimGrade]:
    """Return each claim's grade by its text (whitespace runs as one space)."""
    graded = grade(extract_text(text, fmt))
    sentences = {s.id: " ".join(s.text.split()) for s in graded.article.sentences}
    return {sentences[g.sentence_id]: g for g in graded.grades}


@pytest.mark.parametrize(
    ("sentence", "subject"),
    [
        ("These studies show that the gap persists.", "These studies show"),
        ("Both trials found fewer falls.", "Both trials found"),
        ("Such reports suggest a wider problem.", "Such reports suggest"),
        (
            "Together, these surveys clearly indicate a decline.",
            "Together, these surveys clearly indicate",
        ),
        (
            "The two large cohorts have also reported it.",
            "The two large cohorts have also reported",
        ),
        ("This suggests that the pump fails early.", "This suggests"),
        ("They found no difference.", "They found"),
        (
            "Overall, these lines of evidence indicate a decline.",
            "Overall, these lines of evidence indicate",
        ),
        ("This means that every gap is a risk.", "This means"),
        # no pointer, or a verb of its own between the pointer and the noun
        ("Studies show that the gap persists.", None),
        ("This is because the data show a drift.", None),
        ("These patients reported less pain.", None),
        ("This is consistent with the data.", None),
    ],
)
def test_a_subject_that_points_back(sentence: str, subject: str | None) -> None:
    assert points_back(sentence) == subject


@pytest.mark.parametrize(
    ("sentence", "subject"),
    [
        ("This provides strong evidence that the dam caused it.", "This"),
        ("Together, these counts also confirm that the dam caused it.", "these counts"),
        (
            "The absence of spawning gravel in every reach sampled below the weir after 1990, "
            "confirms that the dam caused it.",
            "The absence of spawning gravel in every reach sampled below the weir after 1990",
        ),
        (
            "Tank trials with marked smolts proved that the screens work.",
            "Tank trials with marked smolts",
        ),
        (
            "Deeper scour pools below the weir point to a faster flow.",
            "Deeper scour pools below the weir",
        ),
        ("Counts from 14 reaches agree with this speed.", "Counts from 14 reaches"),
        (
            "This important result is consistent with a faster flow.",
            "This important result",
        ),
        ("The low counts are in line with a cold spring.", "The low counts"),
        # someone else's work, the field's, a perfect tense, or a clause before the verb
        ("Earlier surveys have clearly shown that the dam caused it.", None),
        ("Previous studies showed that the dam caused it.", None),
        ("Their data confirm that the dam caused it.", None),
        ("Research confirms that the dam caused it.", None),
        ("Studies show that the dam caused it.", None),
        ("It has been shown that the dam caused it.", None),
        ("The river was low, which shows that the dam caused it.", None),
    ],
)
def test_a_subject_that_could_be_the_papers_own_evidence(
    sentence: str, subject: str | None
) -> None:
    assert own_evidence_subject(sentence) == subject


def test_a_claim_pointing_back_inherits_the_sources_of_the_sentence_before_it() -> None:
    got = by_text(BLOG)
    found = got["Both counts found more nesting pairs beside the hedges."]
    cited = next(t for t in got if t.startswith("Two counts compared"))
    assert found.status == "supported" and found.level == "cross-sectional"
    assert found.inherits_from is not None and "points back to the sources of" in found.reason
    # a chain: it inherits what the sentence before it inherited
    show = got["These counts clearly show that hedges are worth replanting."]
    assert show.status == "supported" and show.inherits_from == found.sentence_id
    assert got[cited].inherits_from is None
    # with no citation in the sentence before, or none in its paragraph, it stays unsupported
    assert got["These studies clearly prove that the counts were rigged."].status == "unsupported"
    assert got["These surveys show that yellowhammers came back first."].status == "unsupported"


def test_an_inherited_citation_is_linked_and_marked_in_the_graph() -> None:
    graded = grade(extract_text(BLOG, "md"))
    graph = build_graph(graded)
    (found,) = [s for s in graded.article.sentences if s.text.startswith("Both counts")]
    claim = graph.value(predicate=CKB.sentenceId, object=Literal(found.id))
    cited = {str(graph.value(o, CKB.key)) for o in graph.objects(claim, CITES)}
    assert cited == {"1", "2"}
    previous = graph.value(claim, CKB.inheritsSourcesFrom)
    assert previous is not None and graph.value(previous, CKB.sentenceId) is not None
    assert not list(graph.objects(claim, CKB.hasMarker))  # no marker of its own


def test_a_booster_on_inherited_sources_is_judged_by_them(tmp_path) -> None:
    path = tmp_path / "hedgerows.md"
    path.write_text(BLOG.replace("a cross-sectional survey", "notes"), encoding="utf-8")
    result = CliRunner().invoke(main, ["audit", "--format", "json", str(path)])
    (article,) = json.loads(result.output)["articles"]
    texts = {s["id"]: s["text"] for s in article["sentences"]}
    rules = {
        (f["rule"], texts[f["sentence"]][:20]) for f in article["findings"] if f.get("sentence")
    }
    # sources of no known kind: a certainty to check, no overclaim
    assert ("unchecked-certainty", "These counts clearly") in rules
    assert ("overclaim", "These counts clearly") not in rules
    # the same words after an uncited sentence: an overclaim
    assert ("overclaim", "These studies clearl") in rules
    inherited = [s for s in article["sentences"] if s.get("inherits_from")]
    assert [s["text"][:12] for s in inherited] == ["Both counts ", "These counts"]


PAPER = """# Salmon smolts below the Ardlin weir

## Abstract

We counted smolts below the Ardlin weir from 1980 to 2020.

## Introduction

Weirs block the migration of salmon [1].

### Catchment history and fish-trap records

The weir was built in 1961 [2]. The trap records kept at the weir are the material of this
study. Several ledgers had obviously been copied out again in a later hand.

## Methods

Smolts were counted in the trap each spring.

## Results

Counts fell by half after 1990.

## Discussion

We found that smolt counts fell sharply after 1990. The fall was steepest in dry springs.
This provides strong evidence that low flows over the weir drove the decline.

Earlier surveys have clearly shown that weirs matter less than warm water.

## References

1. Ferris A. Weirs and salmon migration. Fish Manag. 1999.
2. Ardlin Estate. Estate papers, 1960-1965. 1970.
"""


def test_the_papers_own_evidence_after_its_own_finding_is_its_own_finding() -> None:
    got = by_text(PAPER)
    evidence = got["This provides strong evidence that low flows over the weir drove the decline."]
    assert evidence.status == "own-finding" and "own evidence" in evidence.reason
    # someone else's work after the paper's own finding stays unsupported
    assert got[
        "Earlier surveys have clearly shown that weirs matter less than warm water."
    ].status == ("unsupported")
    graded = grade(extract_text(PAPER, "md"))
    texts = {x.id: x.text for x in graded.article.sentences}
    overclaims = {
        texts[f.sentence_id or ""][:20]
        for f in audit_article(graded).findings
        if f.rule == "overclaim"
    }
    assert "Earlier surveys have" in overclaims  # someone else's, in the paper's Discussion
    assert "This provides strong" not in overclaims


def as_column(text: str) -> str:
    """Return the paper as an angling column: a byline for its Abstract heading, and no Methods
    or Results heading."""
    text = text.replace("## Abstract\n", "By Ana Reyes\n")
    return text.replace("## Methods\n", "## How we count\n").replace(
        "## Results\n", "## What we saw\n"
    )


def test_outside_a_paper_we_found_and_this_provides_evidence_stay_unsupported() -> None:
    got = by_text(as_column(PAPER))
    evidence = got["This provides strong evidence that low flows over the weir drove the decline."]
    assert evidence.status == "unsupported"


@pytest.mark.parametrize(
    ("heading", "role"),
    [
        ("Material", "material"),
        ("Referred specimens and localities", "material"),
        ("Geological context and fossil materials", "material"),
        ("Catchment history and fish-trap records", None),
        ("Field setting and samples", "material"),
        ("Materials and methods", "methods"),
        ("Supplementary material", None),
        ("Data and materials availability", None),
    ],
)
def test_headings_that_name_the_papers_own_material(heading: str, role: str | None) -> None:
    assert section_role(heading) == role


def test_a_section_on_the_papers_own_material_under_its_introduction() -> None:
    text = PAPER.replace("Catchment history and fish-trap records", "Catchment history and samples")
    got = by_text(text)
    ledgers = got["Several ledgers had obviously been copied out again in a later hand."]
    assert ledgers.status == "own-finding" and "material" in ledgers.reason
    # it makes no article a research article, and outside a paper it is no own finding
    column = as_column(text)
    assert not is_research_article(extract_text(column, "md"))
    column = by_text(column)
    assert column[
        "Several ledgers had obviously been copied out again in a later hand."
    ].status == ("unsupported")


def test_the_knowledge_base_audit_reads_the_inherited_link_back(tmp_path) -> None:
    path = tmp_path / "hedgerows.md"
    path.write_text(BLOG, encoding="utf-8")
    result = audit_path(path)
    with open_store(str(tmp_path / "kb")) as store:
        store.replace_article(str(article_iri(result.graded.article)), result.graph)
        (audited,) = audit_kb(store)
    inherits = {g.sentence_id: g.inherits_from for g in result.graded.grades if g.inherits_from}
    assert len(inherits) == 2
    assert {g.sentence_id: g.inherits_from for g in audited.graded.grades if g.inherits_from} == (
        inherits
    )
    assert audited.findings == result.findings


PREPRINT = """# Smolt fronts below a weir

## Abstract

Weirs slow the spread of salmon upstream [1]. We counted smolts below four weirs. Counts rose
fastest below the lowest weir. Weir height therefore sets the pace of recolonisation.

## Model

The weir holds the density at zero. Drift carries smolts downstream at the flow speed.

## Fronts

*Proof.* Substituting the front into the equation gives a second-order equation. Its roots are
real exactly when the speed exceeds two.

## Discussion

Weirs are common on salmon rivers. The fronts we find are slower than in open rivers.

## References

1. Ferris A. Weirs and salmon. Fish Manag. 1999.
"""


def test_a_papers_abstract_model_and_proofs_are_its_own() -> None:
    got = by_text(PREPRINT)
    # the abstract: background before its own work, its own results after it
    assert got["Weirs slow the spread of salmon upstream [1]."].status == "cited-unknown-evidence"
    for own in (
        "Counts rose fastest below the lowest weir.",
        "Weir height therefore sets the pace of recolonisation.",
    ):
        assert got[own].status == "own-finding" and "abstract" in got[own].reason, own
    # a model section and a paragraph opening on a proof are the paper's own
    assert got["The weir holds the density at zero."].status == "own-finding"
    assert got["Its roots are real exactly when the speed exceeds two."].status == "own-finding"
    # its discussion's background stays unsupported; outside a paper nothing of it is own
    assert got["Weirs are common on salmon rivers."].status == "unsupported"
    column = by_text(PREPRINT.replace("## Abstract\n", "By Ana Reyes\n"))
    assert column["Counts rose fastest below the lowest weir."].status == "unsupported"
    assert column["The weir holds the density at zero."].status == "unsupported"


@pytest.mark.parametrize(
    ("making", "sentence", "subject"),
    [
        (
            "We assess the effect of the tax by estimating a zero-inflated beta model.",
            "This model handles the many zeros of the rate.",
            "This model",
        ),
        (
            "Here we describe twelve new mycobacteriophage genomes from three states.",
            "The majority of these phages were isolated by students.",
            "The majority of these phages",
        ),
        (
            "Here, we have developed single-cell assays of translation.",
            "Importantly, the assays can be used with drugs.",
            "Importantly, the assays",
        ),
        # a thing the paper only used, a noun it did not make, a thing made by others
        ("We also used the Ellenberg light index.", "This index is widely used.", None),
        ("We sampled violets on twelve commons.", "These violets are declining.", None),
        ("Smith developed a growth model.", "This model is widely used.", None),
        # no pointer, or a thing not named in the making sentence
        ("We develop a flower index.", "Flower indices vary by region.", None),
        ("We develop a flower index.", "This survey covered two counties.", None),
    ],
)
def test_a_thing_the_paper_made_named_again(
    making: str, sentence: str, subject: str | None
) -> None:
    assert own_thing_subject(making, sentence) == subject


def test_the_papers_own_things_named_again_are_its_own_and_background_stays() -> None:
    text = """# A seed-bank model

## Abstract

We estimate seed banks on commons.

## Introduction

Heath violet seed lives for decades [1]. We estimate the seed bank by fitting a Poisson model to
the counts. This model allows for cores without seed. We sampled violets on twelve commons.
These violets are declining across Europe.

We fit a growth model [1]. This model is the standard one.

## References

1. Haldane R. Violet seed. Seed Notes. 2011.
"""
    got = by_text(text)
    assert got["This model allows for cores without seed."].status == "own-finding"
    assert "names again" in got["This model allows for cores without seed."].reason
    assert got["These violets are declining across Europe."].status == "unsupported"
    # the model of a cited sentence is someone else's: nothing is carried on
    assert got["This model is the standard one."].status != "own-finding"
    # outside a paper nothing is own
    column = by_text(text.replace("## Abstract\n", "By Ana Reyes\n"))
    assert column["This model allows for cores without seed."].status == "unsupported"


def test_what_a_paper_named_is_its_own_anywhere_and_others_names_stay() -> None:
    text = """# Z-DNA under stress

## Abstract

This method, which we call SIBZ, finds Z-forming sites. We use the SIDD algorithm as well.

## Introduction

Z-DNA forms under negative supercoiling [1].

## Discussion

However, SIBZ also identifies sites that the other methods miss. SIDD is widely used in
genomics. The SIBZ program is fast. Zebrafish carry many such sites.

Although SIBZ is effective, it covers only one kind of transition.

Although SIDD is fast, it misses short sites.

## References

1. Rich A. Z-DNA. Annu Rev. 1984.
"""
    got = by_text(text)
    own = got["However, SIBZ also identifies sites that the other methods miss."]
    assert own.status == "own-finding" and "named" in own.reason
    assert got["The SIBZ program is fast."].status == "own-finding"
    # after a subordinator too (session 14: "Although SIBZ is effective, it ...")
    assert (
        got["Although SIBZ is effective, it covers only one kind of transition."].status
        == "own-finding"
    )
    assert got["Although SIDD is fast, it misses short sites."].status == "unsupported"
    # a name the paper only used, and an ordinary capitalised word, stay background
    assert got["SIDD is widely used in genomics."].status == "unsupported"
    assert got["Zebrafish carry many such sites."].status == "unsupported"


def test_a_name_the_paper_only_mentions_is_not_its_own() -> None:
    text = """# Tax and gender

## Abstract

In this study we refer to the PIT, including on pensions. This method, which we refer to as
GTX, splits households.

## Discussion

The PIT was the result of a campaign pledge. GTX also splits pensioners.
"""
    got = by_text(text)
    assert got["The PIT was the result of a campaign pledge."].status == "unsupported"
    assert got["GTX also splits pensioners."].status == "own-finding"


def test_a_thing_the_paper_made_and_named_in_brackets_is_its_own() -> None:
    text = """# Viruses in mice

## Abstract

We unexpectedly obtained an SBV mutant (SBVp32) by passage. We used the Ellenberg index (EIV).

## Discussion

SBVp32 spreads faster than the parent virus in the brain. EIV is widely used in ecology.
"""
    got = by_text(text)
    assert got["SBVp32 spreads faster than the parent virus in the brain."].status == "own-finding"
    assert got["EIV is widely used in ecology."].status == "unsupported"


def test_a_name_followed_by_other_words_is_no_name_the_paper_gave() -> None:
    text = """# Tax and gender

## Abstract

In Figure 4 we present the PIT incidence by household type. We present the GTX model.

## Discussion

The PIT was the result of a campaign pledge. The GTX model splits pensioners.
"""
    got = by_text(text)
    assert got["The PIT was the result of a campaign pledge."].status == "unsupported"
    assert got["The GTX model splits pensioners."].status == "own-finding"


@pytest.mark.parametrize("subordinator", words("subjects.tsv", "subordinator"))
def test_a_name_after_each_subordinator_of_the_cue_file_is_the_subject(subordinator: str) -> None:
    named = extract_text("This method, which we call SIBZ, finds sites.", "md").sentences[0]
    opener = subordinator.capitalize()
    subject = own_name_subject(f"{opener} SIBZ is effective, it misses some.", {"SIBZ": named})
    assert subject == f"{opener} SIBZ"
    assert own_name_subject(f"{opener} SIDD is fast, it misses some.", {"SIBZ": named}) is None


FAR_BACK = """# Hedge gaps and dormice

## Introduction

A two-stage model of gap crossing was proposed for dormice [1]. Dormice climb along the hedge
tops. Gaps open when hedges are cut. According to this model, a gap of 6 m stops most crossings.

A survey counted dormice in 40 hedges [2]. Dormice climb along the hedge tops. According to this
model, a gap of 9 m stops most crossings.

A two-stage model of gap crossing was proposed for dormice [1]. We adapted it to bank voles.
According to this model, a gap of 3 m stops most crossings.

## References

1. Fenner J. Gap crossing by dormice. 2012.
2. Orme P. Dormice in hedges. 2015.
"""


def test_according_to_this_model_reaches_back_to_the_sentence_that_cites_the_model() -> None:
    got = by_text(FAR_BACK)
    far = got["According to this model, a gap of 6 m stops most crossings."]
    assert far.inherits_from is not None and far.status == "cited-unknown-evidence"
    assert '"According to this model" points back' in far.reason
    # the sentence that cites names no model, or the authors speak between: it stays unsupported
    assert got["According to this model, a gap of 9 m stops most crossings."].status == (
        "unsupported"
    )
    assert got["According to this model, a gap of 3 m stops most crossings."].status == (
        "unsupported"
    )
    # the uncited sentences it reaches over stay what they were
    assert got["Gaps open when hedges are cut."].status == "unsupported"


def test_a_claim_resting_on_the_sentence_before_inherits_its_sources() -> None:
    text = FAR_BACK.replace(
        "## References",
        "Dormice sleep in tree holes in winter [2]. On this basis, it has been proposed that nest "
        "boxes help them.\n\nDormice avoid roads. On this basis, it has been proposed that bridges "
        "help them.\n\n## References",
    )
    got = by_text(text)
    rests = got["On this basis, it has been proposed that nest boxes help them."]
    assert rests.inherits_from is not None and rests.status == "cited-unknown-evidence"
    # with nothing cited in the sentence before it stays unsupported
    assert (
        got["On this basis, it has been proposed that bridges help them."].status == "unsupported"
    )


IT_PROVIDES = """# Moth traps in gardens

## Abstract

We trapped moths in 24 gardens.

## Methods

Traps ran from May to September.

## Results

Amber traps caught fewer moths.

## Discussion

In conclusion, our study shows that amber lamps catch fewer moths. It also provides a cheap
protocol for garden surveys.

In conclusion, our study shows that amber lamps catch fewer moths. It is known that moths
avoid red light.

Moths avoid wind. It also explains why hedges hold more moths.

## References

1. Orme P. Moths. 2015.
"""


def test_it_after_the_papers_own_study_is_its_own_and_an_empty_it_stays_background() -> None:
    got = by_text(IT_PROVIDES)
    assert got["It also provides a cheap protocol for garden surveys."].status == "own-finding"
    assert got["It is known that moths avoid red light."].status == "unsupported"
    assert got["It also explains why hedges hold more moths."].status == "unsupported"


def test_a_subject_taking_up_what_the_cited_sentence_names_inherits_it() -> None:
    text = FAR_BACK.replace(
        "## References",
        "Dormice nest in a lattice of hazel stems [2]. Its stems are cut every ten years.\n\n"
        "Dormice nest in hazel [2]. Their numbers fell by half.\n\n"
        "A survey found a winter nest signature in old hedges [2]. Such a signature was rare in "
        "young hedges.\n\n## References",
    )
    got = by_text(text)
    stems = got["Its stems are cut every ten years."]
    assert stems.inherits_from is not None and '"Its stems are" points back' in stems.reason
    such = got["Such a signature was rare in young hedges."]
    assert such.inherits_from is not None and "Such a signature was" in such.reason
    # the writer judging the sources just cited makes a claim of their own
    judged = by_text(text.replace("Such a signature was rare", "These surveys were small"))
    assert judged["These surveys were small in young hedges."].status == "unsupported"
    # a noun the cited sentence does not name: a new claim, unsupported
    assert got["Their numbers fell by half."].status == "unsupported"


#: A pointer of each row of ``subjects.tsv``'s "pointer" rows, as a subject opens on it.
_POINTERS = ("These", "Both of these", "Each of the", "All of those", "The latter", "This", "That")


@pytest.mark.parametrize("row", named_rows("subjects.tsv")["pointer"])
def test_a_pointer_of_each_row_of_the_cue_file_points_back(row: str) -> None:
    pointers = [p for p in _POINTERS if re.fullmatch(f"(?:{row})", p, re.IGNORECASE)]
    assert pointers, "an example per row"
    for pointer in pointers:
        assert points_back(f"{pointer} two trials show that sleep helps.") == (
            f"{pointer} two trials show"
        )


@pytest.mark.parametrize("pointer", words("subjects.tsv", "bare-pointer"))
def test_each_bare_pointer_of_the_cue_file_points_back(pointer: str) -> None:
    assert points_back(f"{pointer.capitalize()} showed that sleep helps.") == (
        f"{pointer.capitalize()} showed"
    )
    assert points_back(f"{pointer.capitalize()}x showed that sleep helps.") is None


@pytest.mark.parametrize("word", words("subjects.tsv", "not-between"))
def test_each_word_not_between_a_pointer_and_its_noun_of_the_cue_file(word: str) -> None:
    assert points_back("These two large trials show that sleep helps.") is not None
    assert points_back(f"These two {word} trials show that sleep helps.") is None


@pytest.mark.parametrize("word", words("subjects.tsv", "clause"))
def test_each_clause_word_of_the_cue_file_ends_an_evidence_subject(word: str) -> None:
    assert own_evidence_subject("The survival of rats confirms that sleep helps.") == (
        "The survival of rats"
    )
    assert own_evidence_subject(f"The survival {word} rats confirms that sleep helps.") is None


_MAKING = "Here we describe a soil-core survey of the two parishes."


@pytest.mark.parametrize("share", words("own_things.txt", "share"))
def test_a_share_of_each_word_of_the_cue_file_names_a_thing_again(share: str) -> None:
    sentence = f"{share.capitalize()} of these surveys were taken at dawn."
    assert own_thing_subject(_MAKING, sentence) == f"{share.capitalize()} of these surveys"


@pytest.mark.parametrize("pointer", words("own_things.txt", "pointer"))
def test_each_pointer_of_the_cue_file_names_a_thing_again(pointer: str) -> None:
    sentence = f"{pointer.capitalize()} new survey covers both parishes."
    assert own_thing_subject(_MAKING, sentence) == f"{pointer.capitalize()} new survey"


@pytest.mark.parametrize("word", words("own_things.txt", "not-modifier"))
def test_each_word_the_cue_file_keeps_from_a_things_modifiers(word: str) -> None:
    assert own_thing_subject(_MAKING, f"This {word} survey covers both parishes.") is None
