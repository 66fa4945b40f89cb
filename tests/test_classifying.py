"""Sentence kinds from the block kind, the sentence's shape and its wording."""

from __future__ import annotations

import pytest

from claims.classifying import classify, nonclaim_triggers, opens_profile_section


@pytest.mark.parametrize(
    ("block", "text", "kind"),
    [
        ("furniture", "Share this article", "boilerplate"),
        ("byline", "By Ana Ruiz, RD", "byline"),
        ("disclaimer", "This page is not medical advice.", "disclaimer"),
        ("reference", "Ruiz A. Tea and sleep. J Sleep. 2020;1:1-9.", "reference"),
        ("caption", "Figure 2. Sleep time by dose.", "caption"),
        ("code", "x = trials[1]", "other"),
        ("title", "Does Tea Help You Sleep?", "heading"),
        ("heading", "What the trials found", "heading"),
        ("heading", "Is it safe?", "question"),
        ("heading", "Last medically reviewed on May 5, 2023", "boilerplate"),
        ("heading", "How we rate claims", "boilerplate"),
        ("title", "FOR IMMEDIATE RELEASE", "boilerplate"),
        ("heading", "Embargoed until 00:01 GMT, Wednesday 14 May 2025", "boilerplate"),
        ("paragraph", "Media contact: Hannah Leroux, press@example.org", "boilerplate"),
        ("paragraph", "###", "boilerplate"),
        ("paragraph", "* * *", "boilerplate"),
        ("reference", "12", "reference"),
        (
            "byline",
            "LONDON, UK — Adults who ate walnuts every day for six months scored higher on memory "
            "tests than those who avoided nuts, according to a study published today.",
            "claim",
        ),
        ("heading", "How we tested the claims in this study", "heading"),
        ("byline", "Last updated: 12 August 2025", "boilerplate"),
        ("byline", "Medically reviewed by Ana Ruiz, RD — Updated on 3 May 2025", "byline"),
        ("paragraph", "Does tea help you sleep?", "question"),
        (
            "paragraph",
            "The study was approved by the ethics committee of the university (approval 41).",
            "boilerplate",
        ),
    ],
)
def test_block_kinds_and_questions(block: str, text: str, kind: str) -> None:
    assert classify(block, text) == kind


def test_a_cited_figure_is_a_claim_and_a_bare_one_is_not() -> None:
    assert classify("cell", "35–60", cited=True) == "claim"
    assert classify("cell", "35–60") == "boilerplate"


@pytest.mark.parametrize(
    ("block", "text", "kind"),
    [
        # Issue 17: a declarative sentence is never a byline, whatever its first words look like.
        (
            "byline",
            "Thus, GATA-3 may play an important role in the differentiation of T cells.",
            "claim",
        ),
        ("paragraph", "Written by hand, the letters may have been copied in the 1820s.", "claim"),
        ("paragraph", "Edited by monks, the chronicle was probably finished around 1150.", "claim"),
        ("byline", "By 2030, half of the people in the region could live in cities.", "claim"),
        # Round 4: declaratives whose verb is no auxiliary, opening like a byline.
        ("byline", "By 1850, the mill employed over 400 workers.", "claim"),
        ("byline", "By contrast, the mutant strain grew normally at 37 °C.", "claim"),
        ("byline", "From the first page, the heroine makes terrible choices.", "claim"),
        (
            "paragraph",
            "Reviewed by a panel of nurses, the leaflet explains how to use an inhaler.",
            "claim",
        ),
        (
            "paragraph",
            "Published by Penguin in 1990, the novel sold a million copies within a year.",
            "claim",
        ),
        # ... while bylines stay bylines, a hyphen with spaces as their separator, and roles,
        # teams and newspapers after the names.
        ("byline", "By Ana Ruiz, RD - Health reporter", "byline"),
        (
            "byline",
            "By Jane Doe and John Roe, the paper's health and science correspondents.",
            "byline",
        ),
        (
            "paragraph",
            "Written by Sarah Jones, health reporter, and reviewed by our medical team.",
            "byline",
        ),
        ("byline", "By Jane Doe, Health Reporter, The Daily Courier.", "byline"),
        ("byline", "By Ana Ruiz, RD | Updated 3 May 2025", "byline"),
        ("paragraph", "Written by Ana Ruiz", "byline"),
        # Round 5: a clause about the writer after the names keeps a byline a byline.
        ("byline", "By Maria Lopez, who has covered health for the paper since 2010.", "byline"),
        (
            "paragraph",
            "Written by Dr Sam Reed, a GP who has worked in Leeds for 20 years.",
            "byline",
        ),
        (
            "paragraph",
            "By Tom Hale and Ann Bell, whose reporting won two awards last year.",
            "byline",
        ),
        ("byline", "By Easter Sunday, a new bridge will carry traffic over the river.", "claim"),
        # A statement that quotes a question is a statement; a question is a question.
        ("paragraph", 'One mother asked, "Is the vaccine safe for babies?"', "claim"),
        ("paragraph", "Could the drug help older adults too?", "question"),
        # Round 4: a statement naming a question without a comma; a question quoting a word.
        ("paragraph", 'Her talk was titled "Can diet prevent dementia?"', "claim"),
        ("paragraph", 'The headline asked "Is coffee safe?"', "claim"),
        ("paragraph", 'Is the product really "natural?"', "question"),
        ("paragraph", "Why the pipe burst remains a mystery.", "claim"),
    ],
)
def test_bylines_and_questions_never_swallow_statements(block: str, text: str, kind: str) -> None:
    assert classify(block, text) == kind


def test_questions_and_bylines_keep_their_cues() -> None:
    """A question asks with a hedge ("could") and a byline-shaped claim is still read."""
    from claims.extract import extract_text

    article = extract_text(
        "Tea and T cells\n\nCould green tea protect memory?\n\n"
        "Thus, GATA-3 may play a role in the differentiation of T cells.\n",
        "txt",
    )
    cues = {s.kind: [c.cue for c in s.hedges] for s in article.sentences}
    assert cues == {"heading": [], "question": ["could"], "claim": ["may"]}


@pytest.mark.parametrize(
    ("text", "cited", "kind"),
    [
        ("Chamomile contains apigenin, a compound that binds brain receptors.", False, "claim"),
        ("Chamomile shortened sleep onset in one trial [4].", True, "claim"),
        ("Talk to your doctor before taking any supplement.", False, "other"),
        ("Always consult a pharmacist before mixing remedies [2].", True, "other"),
        ("If symptoms persist, see a doctor.", False, "other"),
        ("Don't take it with alcohol.", False, "other"),
        ("Here is what you need to know.", False, "other"),
        ("Let's look at what the studies say.", False, "other"),
        ("People on blood thinners should check with their doctor first.", False, "other"),
        ("Your pharmacist can help you choose a dose.", False, "other"),
        ("The benefits are many:", False, "other"),
        ("Not necessarily.", False, "other"),
        ("This article is for informational purposes only.", False, "disclaimer"),
        ("All rights reserved.", False, "boilerplate"),
        ("Use of sleeping pills rose by a third over the decade.", False, "claim"),
        ("Note that the effect was small in older adults.", False, "claim"),
        ("By measuring cortisol, the authors showed a fall in stress.", False, "claim"),
        ("Medically reviewed by Ana Ruiz, RD", False, "byline"),
        ("14 May 2024, 07:30 GMT", False, "boilerplate"),
        ("It is not.", False, "claim"),
        ("Estimates vary enormously.", False, "claim"),
        ("*A weekly column on food and health, winter edition*", False, "boilerplate"),
        ("Sleep and memory in older adults over a decade of follow-up", False, "other"),
        ("Supplements are another matter.", False, "other"),
        ("There are good reasons to be cautious.", False, "other"),
        ("I read the trials so you don't have to.", False, "other"),
        ("The data can be downloaded at https://example.org/data.", False, "other"),
        ("Published trials suggest a small benefit.", False, "claim"),
        ("Updated: 4 June 2024", False, "boilerplate"),
        ("Reviewed by Ana Ruiz, RD", False, "byline"),
        ("Was this helpful?", False, "boilerplate"),
        ("You can also take a supplement, but ask first.", False, "other"),
        ("Strengths.", False, "other"),
        ("We thank the volunteers for their time.", False, "other"),
        ("We therefore examined whether sleep predicts mood.", False, "other"),
        ("Correction, 2 June 2024: an earlier version misstated a dose.", False, "boilerplate"),
        ("Hit reply and tell me how it goes.", False, "other"),
        ("Send it to our team.", False, "other"),
        ("People with a tree nut allergy should avoid them.", False, "other"),
        ("Independent trials by researchers with no stake are needed.", False, "other"),
        ("In this review we summarise the mechanisms and the trials.", False, "other"),
        ("Their main features are summarised in Table 1.", False, "other"),
        ("There's a catch, though.", False, "other"),
        ("Deaths were higher in winter, as shown in Table 2.", False, "claim"),
        ("If you found this useful, forward it to a friend.", False, "other"),
        ("Next week I test red-light masks, so stay tuned.", False, "other"),
        ("If your goal is muscle, it seems wise to skip the ice bath.", False, "other"),
        ("People with heart disease, asthma or diabetes should speak to a doctor.", False, "other"),
        (
            "It interacts with warfarin, so people taking it should talk to a doctor.",
            False,
            "claim",
        ),
        # a recommendation to an authority is no claim; what it should be or have is one
        ("But the ministry should release the survey before it sets the quota.", False, "other"),
        ("Regulators must act before the next season opens.", False, "other"),
        ("The council should be able to fund two more buses.", False, "claim"),
        # a call to future research, a wish, an open question, a source line (session 12)
        ("Future surveys need to record the width of each gap.", False, "other"),
        ("Pooled analyses of pond surveys need to take the season into account.", False, "other"),
        ("Researchers must appreciate that a dry year is no typical year.", False, "other"),
        ("Such studies should be rare, because ponds differ.", False, "claim"),
        ("Dormice need to hibernate on the ground.", False, "claim"),
        ("It would be very helpful if schemes recorded the width of every gap.", False, "other"),
        ("It would be difficult to close every gap in one winter.", False, "claim"),
        ("A review found that it would be useful to cut salt in bread.", False, "claim"),
        (
            "With more data shared each year it would be helpful if surveyors published code.",
            False,
            "other",
        ),
        ("Whether rope bridges work as well remains to be tested.", False, "other"),
        ("Whether the ponds dry out depends on the spring rain.", False, "claim"),
        # more open questions and future work, and pointers to a supplement (session 13)
        ("Therefore, whether newts breed there remains to be determined.", False, "other"),
        ("Whether the weir matters is currently under investigation.", False, "other"),
        ("Despite two dry years, it remains to be seen whether the ponds recover.", False, "other"),
        ("One important but unanswered question is whether newts return.", False, "other"),
        ("Even so, mapping every pond remains a tough problem.", False, "claim"),
        ("Even so, determining how to map every pond remains a tough problem.", False, "other"),
        ("It is not clear if the benefit lasts.", False, "claim"),
        ("Future research could focus on the smaller ponds.", False, "other"),
        ("Future studies could not find the effect.", False, "claim"),
        ("Two studies could not replicate the effect.", False, "claim"),
        ("It will be essential to repeat the count in a wet year.", False, "other"),
        ("It will be important to note that the count rose.", False, "claim"),
        ("Presumably, this hypothesis can be tested by draining one pond.", False, "other"),
        ("We leave the cost of the survey for future work.", False, "other"),
        ("We are working to develop such a model.", False, "other"),
        ("We are working at the limit of what the trap can detect.", False, "claim"),
        (
            "A complete description of the ponds is given in the Supporting Information.",
            False,
            "other",
        ),
        ("A website is available where anyone may submit a pond record.", False, "other"),
        ("A vaccine is available in most countries.", False, "claim"),
        (
            "Certainly, there is a fruitful research agenda ahead for pond ecologists.",
            False,
            "other",
        ),
        ("There is a research station ahead of the weir.", False, "claim"),
        ("Clearly this has implications for the newts.", False, "other"),
        ("This has implications for newts because ponds dry out.", False, "claim"),
        ("Source: authors' calculations from the survey records.", False, "other"),
        ("Source: the county's pond register lists 412 ponds.", False, "claim"),
        # session 14: signposts, an aim, a recommendation, a formula's lead-in and where-clause
        ("The paper is organised as follows.", False, "other"),
        ("The remainder of this article is structured as follows.", False, "other"),
        ("The paper is organised by the county council.", False, "claim"),
        (
            "To judge the ponds, it is essential to understand how newts find water.",
            False,
            "other",
        ),
        ("It is important to understand that newts need shade.", False, "claim"),
        ("Therefore, the purpose of the study was to count newts at night.", False, "other"),
        ("The purpose of the pond was to water cattle.", False, "claim"),
        ("It may thus be helpful to determine the newt count every spring.", False, "other"),
        ("It may be useful to note that the count rose.", False, "claim"),
        ("The pond density of each parish was defined as", False, "other"),
        ("where N is the number of ponds and A the area of the parish.", False, "other"),
        ("with $k$ being a real constant.", False, "other"),
        ("which holds when $n=0,1,2$.", False, "other"),
        ("under the conditions $a > 0$ and $b > 0$.", False, "other"),
        ("mRNA levels rose in every pond snail.", False, "claim"),
        ("for a pond of 13 m, a depth of 2 m: so far 40 newts [9]", True, "claim"),
        ("Where ponds dry out, newts breed late.", False, "claim"),
        # session 15: future work in other words; predictions and dated work stay claims
        ("Further investigations will be required to map the newt routes.", False, "other"),
        ("Trials in more ponds could give further hints about the frogs.", False, "other"),
        (
            "In the future, mapping the ponds will begin to provide a basis for a plan.",
            False,
            "other",
        ),
        ("These are all interesting lines for future research on newts.", False, "other"),
        ("Pond funding will be required by law from next year.", False, "claim"),
        ("In the future, rising seas will flood the coastal ponds.", False, "claim"),
        ("Further investigations of the pond were carried out in 1990.", False, "claim"),
    ],
)
def test_running_text(text: str, cited: bool, kind: str) -> None:
    assert classify("paragraph", text, cited=cited) == kind


@pytest.mark.parametrize(
    ("block", "text", "kind"),
    [
        ("cell", "Randomised trial", "other"),
        ("cell", "Feature Tea Coffee Cocoa Water", "other"),
        ("cell", "Fewer awakenings than with placebo [3].", "claim"),
        ("cell", "Lowe et al. [12]", "other"),
        ("cell", "Lee & Park, 2021 [4]", "other"),
        ("item", "Seeds: Pumpkin seeds are among the richest sources [2].", "claim"),
        ("item", "Tip: Take it with food.", "other"),
        ("item", "Examine the range of factors that shape a pond survey.", "other"),
        ("item", "Identify the ponds that dry out first.", "other"),
    ],
)
def test_cells_and_items(block: str, text: str, kind: str) -> None:
    label = text.index(":") + 1 if ":" in text else 0
    assert classify(block, text, cited="[" in text, body_start=label) == kind


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("About the University of Northbridge", True),
        ("About the American Heart Association", True),
        ("About us", True),
        ("About the study", False),
        ("About vitamin D", False),
        ("About the author", False),
    ],
)
def test_headings_about_the_publisher(heading: str, expected: bool) -> None:
    assert opens_profile_section(heading) is expected


def _triggered_by_substrings(text: str) -> set[int]:
    """The rules of nonclaims.tsv that one substring test per trigger gates: the reference."""
    from claims.lexicon import rows

    lowered = text.lower()
    return {
        number
        for number, (_, triggers, _) in enumerate(rows("nonclaims.tsv"))
        if any(trigger in lowered for trigger in nonclaim_triggers(triggers))
    }


def _triggered_by_automaton(text: str) -> set[int]:
    from claims.classifying import _nonclaims

    _, automaton, always = _nonclaims()
    found = set(always)
    for _, numbers in automaton.iter(text.lower()):
        found.update(numbers)
    return found


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Click here to subscribe to our newsletter.",
        "We may earn a commission; sign up for updates, it is wise, and we will share this post.",
        "Written by Ana Ruiz. Reviewed by Dr. Lee. Updated Jan 5.",
        "NOTE: THIS IS NOT MEDICAL ADVICE AND NOT A SUBSTITUTE FOR CARE.",
        "Ifyouwillcanmaybeshouldmust",  # triggers inside words, overlapping each other
        "İstanbul's tea, ſo to speak, may help.",  # characters whose lower case grows
    ],
)
def test_nonclaim_triggers_found_in_one_pass_are_those_of_substring_tests(text: str) -> None:
    assert _triggered_by_automaton(text) == _triggered_by_substrings(text)


def test_nonclaim_triggers_agree_on_every_fixture_line() -> None:
    from pathlib import Path

    folder = Path(__file__).parent / "fixtures" / "articles"
    lines = [
        line
        for path in sorted(folder.glob("*.*"))
        if path.suffix in (".txt", ".md", ".html", ".xml")
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    assert len(lines) > 500
    differing = [t for t in lines if _triggered_by_automaton(t) != _triggered_by_substrings(t)]
    assert differing == []


@pytest.mark.parametrize(
    ("block", "text", "kind"),
    [
        # a label pointing to a video beside the text, and the line presenting one (session 14)
        ("item", "Instructional video: Here is an example of a skinfold assessment.", "other"),
        ("paragraph", "Vídeo: así se instalaron las cajas en el túnel.", "other"),
        ("paragraph", "Vidéo : entretien avec l’auteure.", "other"),
        ("paragraph", "This video shows a body scan from start to finish.", "other"),
        ("paragraph", "Video games were sold in most shops by 1985.", "claim"),
        ("paragraph", "Here is a reason tides are higher in spring: the moon is new.", "claim"),
        # a statement of what the text sets out to do, and its guard
        (
            "paragraph",
            "The purpose of this review is to summarise drugs that cause rashes.",
            "other",
        ),
        ("paragraph", "L’objet de cet essai est de mesurer l’écart entre deux listes.", "other"),
        ("paragraph", "The purpose of the dam is to hold back floods.", "claim"),
        # the imperative steps of a procedure, and nouns that open a statement
        ("item", "Remove the header line.", "other"),
        ("item", "Ensure that the file ends with a line break.", "other"),
        ("item", "If present, remove the XML declaration.", "other"),
        ("paragraph", "Change in sea level was slow before 1900.", "claim"),
        ("paragraph", "Change is slow in the estuary.", "claim"),
    ],
)
def test_media_labels_purposes_and_steps_are_no_claims(block: str, text: str, kind: str) -> None:
    assert classify(block, text) == kind


@pytest.mark.parametrize(
    ("block", "text", "kind"),
    [
        # an abstract's aim as a bare infinitive (session 15), and sentences a clause completes
        (
            "paragraph",
            "To determine the effect of the vaccine on deaths among elderly persons by using a "
            "design that reduces bias.",
            "other",
        ),
        ("paragraph", "To assess whether hedgehogs use garden gaps.", "other"),
        ("paragraph", "To test this we ringed 40 swifts.", "claim"),
        ("paragraph", "To survive the winter, dormice lose a third of their weight.", "claim"),
        ("paragraph", "To determine the dose, doctors weigh the child first.", "claim"),
        # a pointer to a website, and availability that is a claim
        (
            "paragraph",
            "A register of licensed weirs is available on the river authority's website.",
            "other",
        ),
        ("paragraph", "The vaccine is available at pharmacies across the country.", "claim"),
        # a rhetorical aside, and someone named wondering (a report)
        ("paragraph", "Da fragt man sich doch, wer die neue Brücke bezahlen soll.", "other"),
        ("paragraph", "One wonders why nobody counted the nests.", "other"),
        ("paragraph", "On se demande pourquoi la digue a tenu.", "other"),
        ("paragraph", "Geologists wonder whether the crater is younger.", "claim"),
        # a live blog's welcome and its promise of updates, and a statement about coverage
        ("paragraph", "Welcome to our live coverage of the floods in the valley.", "boilerplate"),
        (
            "paragraph",
            "We will bring you the latest from the council throughout the day.",
            "boilerplate",
        ),
        ("paragraph", "Live coverage of the trial was banned by the judge.", "claim"),
        # a request in the passive present, and a study's method in the past
        ("item", "Visitors are asked to stay away if they have been ill.", "other"),
        ("paragraph", "Residents in the valley are urged to boil their water.", "other"),
        ("paragraph", "Patients were asked to rate their pain each morning.", "claim"),
        ("paragraph", "The court is asked to decide whether the bylaw stands.", "claim"),
        # an item of a box of key facts states a fact with or without a verb
        ("fact", "Incubation: 12 to 48 hours", "claim"),
        ("item", "Incubation: 12 to 48 hours", "other"),
        # a table cell whose final stop is an abbreviation's: a value, no sentence
        ("cell", "March 3, 1921; in Dayton, Ohio, U.S.", "other"),
        ("cell", "H. Brook & Co.", "other"),
        ("cell", "The lock was rebuilt by Brook & Co.", "claim"),
        ("cell", "Otters breed in every month.", "claim"),
    ],
)
def test_aims_pointers_asides_welcomes_and_cell_values_are_no_claims(
    block: str, text: str, kind: str
) -> None:
    assert classify(block, text) == kind


def test_no_nonclaim_trigger_is_a_lone_letter() -> None:
    """A trigger is a string a sentence must hold for its rule to be tried. The lexicon's
    cells are read stripped, so "i " (for "^i went") was read as "i", which nearly every
    sentence holds many times (nine tenths of all the triggers found on a long page)."""
    from claims.lexicon import rows

    triggers = [t for _, cell, _ in rows("nonclaims.tsv") for t in nonclaim_triggers(cell)]
    assert len(triggers) > 60
    assert [t for t in triggers if len(t) == 1 and t.isalpha()] == []


@pytest.mark.parametrize(
    ("cell", "triggers"),
    [
        ("rights", ("rights",)),
        ("subscribe,sign up", ("subscribe", "sign up")),
        ('"by "', ("by ",)),
        ('"ll ",will', ("ll ", "will")),
        ('"can ", will ', ("can ", "will")),  # unquoted, a space is no part of a trigger
        ('" how we"', (" how we",)),
        ('"', ('"',)),
        ("", ("",)),  # no trigger: the rule is tried on every sentence
    ],
)
def test_a_nonclaim_trigger_keeps_its_edge_spaces_only_in_quotes(
    cell: str, triggers: tuple[str, ...]
) -> None:
    assert nonclaim_triggers(cell) == triggers


def test_every_nonclaim_trigger_with_an_edge_space_is_quoted() -> None:
    """Read raw, not through the lexicon reader (which strips its cells): a trigger written with
    a space at its edge and no quotes would lose the space, and its rule be tried more often."""
    from importlib.resources import files

    text = files("claims").joinpath("lexicons", "nonclaims.tsv").read_text(encoding="utf-8")
    cells = [line.split("\t")[1] for line in text.splitlines() if line and line[0] != "#"]
    spaced = [t for cell in cells for t in cell.split(",") if t != t.strip()]
    assert spaced == []
    assert [t for cell in cells for t in nonclaim_triggers(cell) if t != t.strip()] != []
