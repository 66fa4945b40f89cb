"""Weasels and peacocks as structures (claims/attribution.py): one table of our own sentences
per rule, each with the hard negatives that rule must leave alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.attribution import (
    _TOKEN,
    STRUCTURE,
    _data,
    _Sentence,
    _source_head,
    _source_starts,
    find_structures,
)
from claims.certainty import _WORD, _lexicon, find_framing
from claims.lexicon import rows


def rules(text: str) -> list[str]:
    """Return the structural rules that read ``text``, in order."""
    vocabulary = frozenset(_WORD.findall(text.lower()))
    return [f.rule.removeprefix(STRUCTURE) for f in find_structures(text, 0, len(text), vocabulary)]


def kinds(text: str) -> set[str]:
    """Return the kinds of framing cue the sentence asserts (not negated, no scope)."""
    return {c.kind for c in find_framing(text, 0, len(text)) if not c.negated and not c.scope}


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "Shipping analysts in Rotterdam say freight rates will keep falling.",
            [],
        ),  # a place named
        ("Several shipping analysts say freight rates will keep falling.", ["vague-source"]),
        ("Beekeepers across the valley have long complained about the spraying.", ["vague-source"]),
        ("Growers interviewed at the fair described the harvest as thin.", ["vague-source"]),
        ("Some inside the federation fear a split.", ["vague-source"]),
        (
            "A junior member of the cabinet, speaking privately, called the budget reckless.",
            ["vague-source"],
        ),
        ("Various commentators have praised the new bridge as elegant.", ["vague-source"]),
        ("Two teams, in Lyon and in Porto, have observed the effect.", []),  # counted and named
        ("Our collaborators observed the same effect.", []),
        ("Participants in the trial reported mild headaches.", []),  # a definite reference back
        ("Surfers could see the reef from the pier.", []),  # "see" without "as" is perception
        ("Officials said the road would reopen on Monday.", []),  # the institution speaks
        ("Officials privately admit the road will not reopen this year.", ["vague-source"]),
        ("Volunteers are trying to establish how many birds nest there.", []),  # an attempt
        ("Residents were told to boil their water.", []),  # residents hear, they do not say
        ("People close to the coach expect him to resign.", ["vague-source"]),
        ("Every angler on the river complains about the weed.", ["vague-source"]),
        ("Every one of the sites predicted by the model was confirmed.", []),
        ("A number of other species called ducks are not true ducks.", []),  # naming
        ("Patients who reported that they smoked were counted as smokers.", []),
        ("Little previous work has examined the validity of this claim.", []),
        ("In 2015, Reuters reported that the firm had moved its profits.", []),  # a name
        ("Most of the specimens described herein come from one quarry.", []),
        ("Cookie banners are not labelled as adverts.", []),  # a passive, negated
        ("Boosters inside claims are hard to spot.", []),  # "claims", a noun
        ("Our editors check every claim against sources.", []),  # first person
        ("People who live near parks report less stress.", []),  # a finding
        ("Planners should also consider access to parks.", []),  # advice
        ("Residents who already complain say the road is worse.", ["vague-source"]),
        ("The question is whether that changes anything people can feel.", []),
        ("Clearly some on the board disagree.", ["vague-source"]),
        ("According to many economists, prices will fall.", ["vague-source"]),
        ("According to economists at the Bank of England, prices will fall.", []),
    ],
)
def test_a_vague_source_joined_to_a_verb_of_attribution(text: str, found: list[str]) -> None:
    assert rules(text) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("The bell is sometimes said to ring by itself at midnight.", ["agentless-passive"]),
        ("The mayor has been widely criticised for the delay.", ["agentless-passive"]),
        ("The hymn is traditionally ascribed to a blind shepherd.", ["agentless-passive"]),
        ("The tax cut has been touted as a boost for small firms.", ["agentless-passive"]),
        ("The minister is accused of misleading parliament.", ["agentless-passive"]),
        ("The mural is admired by visitors for its colours.", ["agentless-passive"]),
        ("The mural was criticised by the Arts Council as garish.", []),  # a named agent
        ("The loss can be attributed to a fall in demand.", []),  # a possibility, not a report
        ("The decline was attributed to a fall in demand.", []),  # an explanation, no crowd
        ("The theft was reported to the police on Sunday.", []),  # the hearer, not a view
        ("Samples were prepared as described previously.", []),
        ("The enzyme is thought to act in the nucleus.", []),  # the writer's hedge
        ("The enzyme is widely thought to act in the nucleus.", ["agentless-passive"]),
        ("The virus is also thought to spread by midges.", []),  # "also" spreads nothing
        ("The gene is expressed in the root.", []),
        ("The sculpture has often been likened to a breaking wave.", ["agentless-passive"]),
        ("The fossil is interpreted as a tree-dwelling primate.", []),  # the authors' reading
        ("Values are compared with the control group.", []),  # a method
        ("The shortest forms are labelled as short isoforms.", []),  # naming
        ("The pattern has been maintained by limited migration.", []),  # no view, no one
        ("The moss is sometimes classified as a liverwort.", ["agentless-passive"]),
        ("The compound is classified as a carcinogen.", []),  # a classification, no crowd
        ("The bridge is widely acclaimed as a feat of design.", ["agentless-passive"]),
        ("The plan was criticised in a 2019 Treasury report.", []),  # a named venue
        ("The plan was criticised in the press.", ["agentless-passive"]),
        ("The canal is often listed as a hazard.", ["agentless-passive"]),
        ("Ingredients are listed on the label.", []),
        ("The inn is often named among the best in Wales.", ["agentless-passive"]),
        ("The street was named after a local doctor.", []),
        ("He was named as chairman in 2010.", []),
    ],
)
def test_an_agentless_passive_of_attribution(text: str, found: list[str]) -> None:
    assert rules(text) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Doubts about the figures were aired at the hearing.", ["nominal-attribution"]),
        ("Rumours of a merger have swirled for weeks.", ["nominal-attribution"]),
        ("There are mounting fears that the dam will fail.", ["nominal-attribution"]),
        ("The talk in the village is that the mill will close.", ["nominal-attribution"]),
        ("The album earned glowing praise from reviewers.", ["vague-judgement"]),
        ("The album earned praise from the Guardian.", []),  # a named source
        ("The council raised concerns about the plan.", []),  # the council holds them
        ("Claims are paid within ten days.", []),
        ("After speculation about the deal, the chairman said it was off.", []),  # a holder
        ("Murmurs around Whitehall suggest a delay.", ["nominal-attribution"]),
        ("Complaints from Unison were heard at the hearing.", []),
    ],
)
def test_a_view_with_no_holder(text: str, found: list[str]) -> None:
    assert rules(text) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Archaeologists remain deeply divided over the age of the wall.", ["divided-opinion"]),
        ("Some economists are still sceptical that the cut will help.", ["divided-opinion"]),
        ("Opinion remains split on the new kit.", ["divided-opinion"]),
        ("Birdwatchers seem torn between the two sites.", ["divided-opinion"]),
        ("Supporters of the plan appear unanimous.", ["divided-opinion"]),
        ("Fishermen remain at odds over the quota.", ["divided-opinion"]),
        ("Commuters are up in arms over the fares.", ["divided-opinion"]),
        ("Anglers are convinced the pike are back.", ["divided-opinion"]),
        ("Anglers are sure to catch pike this week.", []),  # likely, no view
        ("Volunteers were divided into four teams.", []),  # a partition, not a view
        ("The cells were split into two groups.", []),
        ("The committee is divided on the question.", []),  # a body the article names
        ("Sailors are not divided on this point.", []),  # negated
        ("The votes were split between the two candidates.", []),  # no crowd of people
    ],
)
def test_a_state_of_divided_opinion_is_a_crowds_view(text: str, found: list[str]) -> None:
    assert rules(text) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Any angler will tell you that the pike are back.", ["vague-source"]),
        ("Every gardener on the allotment swears by seaweed.", ["vague-source"]),
        ("Any player may leave the pitch with the referee's permission.", []),  # a rule
        ("Every visitor receives a map at the gate.", []),  # a deed, no view
        ("Surveys show that anglers believe the pike are back.", ["vague-source"]),  # "surveys"
        ("The 2022 survey showed that anglers believe the pike are back.", []),  # the topic
        ("Her admirers point to the bridges she designed.", ["vague-source"]),
        ("Its detractors argue that the route is too steep.", ["vague-source"]),
        ("Her parents said she was a quiet child.", []),  # not a following
        ("Those who knew the keeper say he never left the island.", ["vague-source"]),
        ("Travel writers have dubbed the coast the Riviera of the North.", ["vague-source"]),
        ("Pundits have tipped the horse to win the Derby.", ["vague-source"]),
        ("Dockers tipped the cargo into the harbour.", []),  # "tip" of a deed
        ("A number of poets have cited the valley as their muse.", ["vague-source"]),
        ("Everyone on the island knows that the ferry is late.", ["vague-source"]),
        ("Researchers know little about the eel.", []),  # "know" claims nothing without "that"
        ("Audiences have embraced the opera as a comedy.", ["vague-source"]),
        ("Some botanists classify the moss as a liverwort.", ["vague-source"]),
    ],
)
def test_universal_and_possessive_crowds(text: str, found: list[str]) -> None:
    assert rules(text) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("People on TikTok are claiming the lake is bottomless.", ["vague-source"]),
        ("Folks over on the Mumsnet boards swear the cream works.", ["vague-source"]),
        ("Several users across Reddit say the ferry is always late.", ["vague-source"]),
        ("Developers on GitHub have complained that the build fails.", ["vague-source"]),
        ("Engineers at YouTube said the outage was fixed.", []),  # staff of a named company
        ("Researchers on the Orkney survey said the seals were healthy.", []),  # a name
    ],
)
def test_a_crowd_on_a_named_website_is_still_a_crowd(text: str, found: list[str]) -> None:
    assert rules(text) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("The feeling among growers is that the frost did the damage.", ["nominal-attribution"]),
        (
            "The consensus in the village seems to be that the mill will close.",
            ["nominal-attribution"],
        ),
        ("Legend had it that the well cured fevers.", ["nominal-attribution"]),
        ("The general consensus seems to be that the mill will close.", ["nominal-attribution"]),
        ("The closure has sparked anger among parents.", ["vague-judgement"]),
        ("There are those who believe the well is cursed.", ["nominal-attribution"]),
        ("There are those who swim in the lake every day.", []),
        (
            "There is a growing belief among anglers that the pike are back.",
            ["nominal-attribution"],
        ),
        ("Despite belief in this claim, the pier was sold.", []),  # "claim" is a noun here
        ("The idea has gained wide acceptance among geologists.", ["vague-judgement"]),
        ("The cells gained weight.", []),
        ("The proposal has drawn a mixed reception.", ["vague-judgement"]),
        ("The plan was met with scepticism.", ["vague-judgement"]),
        ("The plan was met with scepticism by the Treasury.", []),  # a named holder
        ("The minister met with union leaders on Tuesday.", []),
        ("The feeling in my legs came back after an hour.", []),  # no "is that"
    ],
)
def test_shared_feeling_and_reception_with_no_holder(text: str, found: list[str]) -> None:
    assert rules(text) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("It is the prettiest harbour on the coast.", ["evaluative-superlative"]),
        ("She was among the most talented painters of her day.", ["evaluative-superlative"]),
        ("This is the best pizza of the year.", ["evaluative-superlative"]),
        ("The pass is the most dangerous road in the region.", []),  # not evaluative
        ("Route B gave the best fit to the data.", []),  # a measure
        ("Spring is the best time to prune roses.", []),
        ("The best characterised transition is strand separation.", []),
        ("To the best of our knowledge, this is new.", []),
        ("He sits on the Supreme Court of the state.", []),  # a name
        ("Matchless reads were discarded.", []),  # a technical term, not praise
        ("The firm had the greatest share of the market.", []),
        ("He was a titan of Victorian engineering.", ["eminence"]),
        ("The garden is a veritable paradise.", ["eminence"]),
        ("Jupiter is a gas giant.", []),  # a kind of planet, not eminence
        ("The covered market is a shopping mecca.", ["eminence"]),  # a figure, not a kind
        ("The ruling was a watershed moment for the union.", ["eminence"]),
        ("The singer became a household name across Europe.", ["eminence"]),
        ("The island is a tax haven.", []),
        ("The pit was a gold mine until 1920.", []),
        ("The cove is a diver's dream.", ["eminence"]),  # a figure after a possessive
        ("He had a dream of flying.", []),
        ("Her debut is a revelation.", ["eminence"]),
        ("The abbey is a masterwork of Gothic building.", ["eminence"]),
        ("The bridge is an engineering marvel.", ["eminence"]),  # a figure after a modifier
        ("His virtuosic playing filled the hall.", ["praise-word"]),
        ("The menu is a triumph from start to finish.", ["eminence"]),
        ("It is a classic example of a glacial valley.", []),
        ("The hotel offers a peerless view of the bay.", ["praise-word"]),
        ("The old harbour is truly enchanting at dusk.", ["intensified-praise"]),
        ("The soup was simply too salty.", []),
    ],
)
def test_puffery_as_classes(text: str, found: list[str]) -> None:
    assert rules(text) == found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Several groups have proposed that the channel opens in pairs.", {"weasel"}),
        # a citation does not cancel the cue: the audit rule reads the citations
        ("Several groups have proposed that the channel opens in pairs [4, 7].", {"weasel"}),
        ("Critics, notably Ortega (1998), argue that the channel opens in pairs.", set()),
        ("Critics at the Herald gave the play four stars.", set()),  # a paper named
        ("Critics of the plan include the ferry union and two mayors.", set()),  # listed
        ("Critics of the plan include many economists.", {"weasel"}),
        ("Fans have been calling it the prettiest stadium in Europe.", {"weasel"}),
        ("This might be the prettiest stadium in Europe.", set()),  # praise not asserted
        ('"It is the prettiest stadium in Europe," the coach said.', set()),  # quoted
        # a reputation nobody is named for carries the praise it gives
        ("The final has gone down as one of the finest in the cup's history.", {"weasel"}),
        ("The scanner has revolutionised the diagnosis of strokes.", {"peacock"}),
        # a vague agent after the praise holds it
        ("The harbour is widely acclaimed as a jewel.", {"weasel"}),  # its own praise too
        ("The port has a vibrant and thriving fish market.", {"peacock"}),
        ("Mussels were thriving on the pier.", set()),  # a verb, not praise
        ("The plan has divided opinion since May.", {"weasel"}),
        ("The valley is blessed with fine beaches.", {"peacock"}),
        ("The firm became a global leader in ferries.", {"peacock"}),
        ("The opera has been called a masterpiece by some critics.", {"weasel"}),
    ],
)
def test_citations_attributions_and_quotes_scope_the_structures(
    text: str, expected: set[str]
) -> None:
    assert kinds(text) & {"weasel", "peacock"} == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a lexicon row ("was said to") and a structure ("been attributed") alike
        ("The fortress, according to Varga, was said to hold the crown jewels.", set()),
        ("According to the Harbour Trust, the wreck is widely believed to be Dutch.", set()),
        ("The wreck is widely believed to be Dutch, according to Okafor.", set()),
        ("According to Varga, the song has at times been attributed to a monk.", set()),
        ("It is often said by Okafor that the wreck is Dutch.", set()),
        ("The fortress was said to hold the crown jewels.", {"weasel"}),
        ("The song has at times been attributed to a monk.", {"weasel"}),
        # a vague "according to", or one that is no source, names no agent
        ("According to some, the wreck is widely believed to be Dutch.", {"weasel"}),
        ("The crates were said to be stacked according to size.", {"weasel"}),
        # the name is in another clause, or the "by" is a later verb's agent
        ("Varga dated the fortress; it was said to hold the crown jewels.", {"weasel"}),
        ("According to Varga, the fort is old; it was said to hold the jewels.", {"weasel"}),
        ("The recipe is said to have been invented by a baker in Ghent.", {"weasel"}),
        # a source the name does not replace: the critics are still anonymous
        ("According to Varga, critics argue that the fortress fell by treachery.", {"weasel"}),
    ],
)
def test_a_named_agent_in_the_clause_cancels_an_agentless_attribution(
    text: str, expected: set[str]
) -> None:
    assert kinds(text) & {"weasel"} == expected


def test_every_structure_row_is_a_rule_and_no_phrase_of_the_lexicon() -> None:
    made = {
        "vague-source",
        "agentless-passive",
        "nominal-attribution",
        "vague-judgement",
        "divided-opinion",
        "evaluative-superlative",
        "eminence",
        "praise-word",
        "intensified-praise",
    }
    listed = {
        r[0].removeprefix(STRUCTURE)
        for name in ("weasel.tsv", "peacock.tsv")
        for r in rows(name)
        if r[0].startswith(STRUCTURE)
    }
    assert listed == made
    entries = _lexicon(("weasel", "peacock")).entries
    assert not any(e.cue.startswith(STRUCTURE) for e in entries)


def test_a_structural_cue_carries_its_rule_as_template_and_category() -> None:
    text = "Several beekeepers say the spraying killed their hives."
    (cue,) = [c for c in find_framing(text, 0, len(text)) if c.kind == "weasel"]
    assert (cue.template, cue.category, cue.text) == (
        "structure:vague-source",
        "anonymous",
        "Several beekeepers say",
    )
    negated = "Not all beekeepers say the spraying killed their hives."
    assert all(c.negated for c in find_framing(negated, 0, len(negated)) if c.kind == "weasel")


def test_a_structural_weasel_feeds_the_weasel_attribution_audit(tmp_path: Path) -> None:
    """The structure reaches the RDF as a weasel cue of its rule's concept, and the audit rule
    flags the uncited claim, quoting the words the structure matched; a cited one is not."""
    from kb.audit.article import audit_path

    article = tmp_path / "ferry.txt"
    article.write_text(
        "The ferry timetable\n\n"
        "Officials at the harbour board privately concede that the new ferry is too slow.\n\n"
        "Several engineers have argued that the hull is too heavy [1].\n\n"
        "References\n\n1. Ortega P. Hull weights of coastal ferries. Mar Eng. 2019;4:1-9.\n",
        encoding="utf-8",
    )
    findings = [f for f in audit_path(article).findings if f.rule == "weasel-attribution"]
    assert [f.message.split('"')[1] for f in findings] == [
        "Officials at the harbour board privately concede"
    ]


_CUE_WORDS = (
    "some many experts say said is was been widely believed to by the a of critics the best most "
    "gorgeous a giant of according there are concerns that officials privately , . ; ( [ 1 "
    "Reuters reported every resident who truly magical drew praise from"
)
_WORDS = st.sampled_from(_CUE_WORDS.split(" "))


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, max_size=14))
def test_any_sequence_of_cue_words_reads_without_error(words: list[str]) -> None:
    """Sentences that stop anywhere inside a structure (at its source, its gap, its "by")."""
    text = " ".join(words)
    for found in find_structures(text, 0, len(text), frozenset(_WORD.findall(text.lower()))):
        assert 0 <= found.start < found.end <= len(text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # a verb of reception is a view of a thing, never of the people it greets
        ("The new bypass has been welcomed by drivers.", {"weasel"}),
        ("Shopkeepers have welcomed the later closing time.", {"weasel"}),
        ("The merger was widely welcomed.", {"weasel"}),
        ("The plan is opposed by many farmers.", {"weasel"}),
        ("Delegates were welcomed with tea and biscuits.", set()),
        ("The Queen was welcomed by crowds in Perth.", set()),
        ("Stewards welcomed the children at the gate.", set()),
        ("The change was welcomed by the Ramblers' Association.", set()),
        # an adjective of a group's reaction, before a vague group
        ("The curfew was unpopular with shopkeepers.", {"weasel"}),
        ("The dating of the hoard remains controversial among archaeologists.", {"weasel"}),
        ("The tax was unpopular with the unions.", set()),
        ("The book was controversial.", set()),
        # reports as events (progressive, perfect) are hearsay; a report of a finding is not
        ("Gamers are reporting freezes on the loading screen.", {"weasel"}),
        ("Owners have reported rust on the hinges.", {"weasel"}),
        ("Patients reported less pain after the injection.", set()),
        ("People who garden report lower stress.", set()),
        # a crowd the speaker knows stays a crowd; a study's sample is specified
        ("Everybody I work with says the new rota is worse.", {"weasel"}),
        ("People I've spoken to swear by the night bus.", {"weasel"}),
        ("The growers we surveyed said the frost came early.", set()),
        ("Everyone I know has a bicycle.", set()),
        # loving a thing is a reaction; loving people is none
        ("Most regulars seem to adore the new menu.", {"weasel"}),
        ("Carers love the children they look after.", set()),
        ("I love the new menu.", set()),
    ],
)
def test_a_reaction_held_by_a_vague_group(text: str, kind: set[str]) -> None:
    """Convention 5 of tests/fixtures/cues/GUIDELINES.md (round 14w's misses)."""
    assert kinds(text) & {"weasel"} == kind, text


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # a noun of standing after an evaluative modifier
        ("She built a distinguished career in banking.", {"peacock"}),
        ("The chapel has a proud history of choral music.", {"peacock"}),
        ("The club has a fervent following in the north.", {"peacock"}),
        ("He had a long career in banking.", set()),
        ("The quarry has a rich fossil record.", set()),
        ("The firm remains in good standing with the regulator.", set()),
        # a quality raised by an amplifier
        ("The orchestra was consistently superb.", {"peacock"}),
        ("The lamb was thoroughly delicious.", {"peacock"}),
        ("The two samples were consistently similar.", set()),
        # a superlative of praise after a possessive
        ("The valley's loveliest walk starts at the mill.", {"peacock"}),
        ("Norway's longest tunnel opened in 2000.", set()),
        # a review superlative capped by the reviewer's own use
        ("These are the cosiest slippers I have ever worn.", {"peacock"}),
        ("It is the most relaxing spa we have ever visited.", {"peacock"}),
        ("It was the dullest film I have ever watched.", set()),
        ("It was the most expensive taxi I have ever taken.", set()),
        ("This is the most unusual case we have ever seen.", set()),
        ("This is definitely the cosiest chair I have ever owned.", set()),
        # figures of praise for places and feats
        ("The square is an idyllic spot for lunch.", {"peacock"}),
        ("The rescue became the stuff of legend.", {"peacock"}),
    ],
)
def test_praise_of_standing_degree_and_experience(text: str, kind: set[str]) -> None:
    """Round 14w's peacock misses by cause (docs/cue-structures.md)."""
    assert kinds(text) & {"peacock"} == kind, text


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Some have gone so far as to call the pier an eyesore.", ["vague-source"]),
        ("A few locals went as far as describing the mural as vandalism.", ["vague-source"]),
        ("Some walkers went as far as the lighthouse.", []),
        ("Several fans have gone so far as to queue overnight.", []),
    ],
)
def test_how_far_a_view_goes_leads_to_its_verb(text: str, found: list[str]) -> None:
    """A frame of how far a view goes ("gone so far as to") leads to its verb (round 12w)."""
    assert rules(text) == found


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The inn is one of the county's premier wedding venues.", {"peacock"}),
        ("She became a leading exponent of the Celtic revival.", {"peacock"}),
        ("Smoking is the leading cause of lung cancer.", set()),
        ("The floods were leading to closures of schools.", set()),
        ("The club plays in the Premier League.", set()),
    ],
)
def test_a_word_of_rank_before_what_it_ranks(text: str, kind: set[str]) -> None:
    """A word of rank ("premier", "leading") praises a venue or an authority (round 14w)."""
    assert kinds(text) & {"peacock"} == kind, text


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # an adverb of praise before a participle or a quality
        ("The memoir is elegantly written.", {"peacock"}),
        ("The chapel was lovingly restored in the 1990s.", {"peacock"}),
        ("The enzyme is exquisitely sensitive to pH.", set()),
        ("The graph beautifully illustrates the trend.", set()),
        # an amplifier before a quality of reaction; review praise words
        ("The final scene is profoundly touching.", {"peacock"}),
        ("The bathroom was immaculate.", {"peacock"}),
        ("The wound was deeply infected.", set()),
        # a vague group after a preposition whose view a "who" clause gives
        ("The path is popular with walkers, who praise its views.", {"weasel"}),
        ("The barn was rented to students, who moved in on Monday.", set()),
        # a feeling a vague group is left in
        ("Commuters were left furious by the cancellations.", {"weasel"}),
        ("Some tenants were left without heating.", set()),
        # informal quantifiers
        ("Loads of fans say the sequel is better.", {"weasel"}),
    ],
)
def test_round_15w_causes(text: str, kind: set[str]) -> None:
    """Round 15w's misses by cause (docs/cue-structures.md)."""
    assert kinds(text) & {"peacock", "weasel"} == kind, text


@pytest.mark.parametrize(
    "text",
    [
        "The tool is used by engineers, who already know the code base.",
        "The old pump worked flawlessly when it was tested.",
    ],
)
def test_round_15w_rules_found_wrong_on_the_shared_corpus(text: str) -> None:
    """Two hits of the first version on the shared corpus, read by hand: no view, no praise."""
    assert kinds(text) & {"peacock", "weasel"} == set(), text


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # a noun of power or presence after a modifier of standing; an achievement praised
        ("By 1900 the yard was a formidable force in European shipbuilding.", {"peacock"}),
        ("The choir became a commanding presence on the festival circuit.", {"peacock"}),
        ("Her first symphony remains a towering achievement of the form.", {"peacock"}),
        ("The bridge was a remarkable feat of engineering.", {"peacock"}),
        ("Two opposite charges exert an attractive force on each other.", set()),
        ("The wave hit the harbour wall with great force.", set()),
        ("The party kept a strong presence in the north.", set()),
        # praise of incomparability in other words than "unrivalled"
        ("As a draughtsman he was without peer in his generation.", {"peacock"}),
        ("The abbey library has no equal anywhere in the region.", {"peacock"}),
        ("The view from the summit is beyond compare.", {"peacock"}),
        ("For decades the workers were without equal pay.", set()),
        ("The two tracks run without parallel sidings.", set()),
        # a universal crowd of the writer's own circle; a study of ours specifies its source
        ("Everyone in our choir swears by this throat spray.", {"weasel"}),
        ("Everybody at my office recommends the new canteen.", {"weasel"}),
        ("Everyone in our trial received the same dose.", set()),
        ("Everyone in our village was evacuated in 1944.", set()),
    ],
)
def test_round_16w_causes(text: str, kind: set[str]) -> None:
    """Round 16w's misses by cause (docs/cue-structures.md), with the hard negatives of each."""
    assert kinds(text) & {"peacock", "weasel"} == kind, text


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # adverbs of domain make the quality "most" grades a measure
        ("It was one of the most ethnically and linguistically diverse regions.", set()),
        ("The valley is one of the most economically deprived in the country.", set()),
        ("It was one of the most critically acclaimed films of the year.", {"peacock"}),
        ("It is one of the most beautifully written memoirs.", {"peacock"}),
        ("It is one of the most important harbours on the coast.", {"peacock"}),
        # "outstanding" of business still open, known by what is done to it
        ("Outstanding RFCs are reviewed by the working group.", set()),
        ("Outstanding tickets were closed before the release.", set()),
        ("Outstanding examples fetch high prices at auction.", {"peacock"}),
        # a vague crowd's practice or knowledge is no view it holds
        ("The rules are not widely understood by most web authors.", set()),
        ("The method is used by many researchers.", set()),
        ("Some authors conflate the two names as one.", set()),
        ("Many writers spell it with a hyphen.", set()),
        ("Some authors argue that the two names are one.", {"weasel"}),
        ("The rule is understood by most to mean any vessel.", {"weasel"}),
    ],
)
def test_wikipedia_audit_findings_read_wrong(text: str, kind: set[str]) -> None:
    """Weasels and peacocks the audit gave on the shared Wikipedia pages, judged wrong by reading
    (bench/RESULTS-cues.md, session 11), each as a rule with its hard negatives."""
    assert kinds(text) & {"peacock", "weasel"} == kind, text


@pytest.mark.parametrize(
    ("text", "weasel", "praise"),
    [
        # a passive of attribution without its be: the praise after it is the view attributed
        ("Considered one of the finest tenors of his day, he sang at La Scala.", True, "reported"),
        ("He won four titles, and considered to be the best jockey of all time.", True, "reported"),
        ("Regarded as a pioneer of the form, she wrote nine novels.", True, "reported"),
        ("Thought to be the oldest yew in Wales, the tree stands by the church.", False, None),
        ("He read the letter and considered the offer.", False, None),
        ("Considered by Okafor (1990) to be a hybrid, the plant is rare.", False, None),
        # praise a name judges is that name's view
        (
            "In 2003 Rolling Stone ranked it among the greatest albums of all time.",
            False,
            "reported",
        ),
        ("It is one of the greatest albums of all time.", False, "asserted"),
    ],
)
def test_attribution_without_be_and_praise_a_name_judges(
    text: str, weasel: bool, praise: str | None
) -> None:
    """Findings the audit gave on the shared Wikipedia pages: "Considered one of Hollywood's
    greatest ..." asserted the praise and missed the weasel; a named critic's ranking read as
    the article's own praise."""
    cues = [c for c in find_framing(text, 0, len(text)) if not c.negated]
    assert any(c.kind == "weasel" for c in cues) == weasel, text
    scopes = {c.scope or "asserted" for c in cues if c.kind == "peacock"}
    assert scopes == (set() if praise is None else {praise}), text


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # eminence nouns and praise words of MOS:PUFFERY no class held
        ("The nave is a masterclass in Gothic proportion.", {"peacock"}),
        ("She was a pioneer of keyhole surgery.", {"peacock"}),
        ("Lichens are a pioneer species on bare rock.", set()),
        ("The side played a thrilling brand of football.", {"peacock"}),
        ("The square is lined with handsome Georgian houses.", {"peacock"}),
        ("He made a handsome profit on the sale.", set()),
        ("The library holds a superlative collection of maps.", {"peacock"}),
        ("The superlative form of good is best.", set()),
        ("The club has produced a stream of gifted young players.", {"peacock"}),
        ("The painting was gifted to the museum in 1950.", set()),
        ("Schools offer tracks for gifted, college-bound and vocational students.", set()),
        # incomparability said as few matching it
        ("Her recordings set a benchmark that few have matched.", {"peacock"}),
        ("The two sets of figures have matched since 1990.", set()),
        # a passive of attribution with an adverb before its complement; spread assumption
        ("The saint is said locally to have crossed the river on a millstone.", {"weasel"}),
        ("A similar method has been reported previously to identify the genes.", set()),
        ("The poet is generally assumed to have been born in Kent.", {"weasel"}),
        ("Participants were assumed to be healthy.", set()),
        # a vague group's objection is a reaction it holds
        ("Purists have long objected to the restoration of the frescoes.", {"weasel"}),
        ("The council objected to the plan in a letter of 4 May.", set()),
        # a counted agent is specified, as a named one is
        ("The plan was criticised by two unions.", set()),
        ("The plan was criticised by unions.", {"weasel"}),
    ],
)
def test_round_17w_causes(text: str, kind: set[str]) -> None:
    """Round 17w's misses by cause (docs/cue-structures.md), with the hard negatives of each."""
    assert kinds(text) & {"peacock", "weasel"} == kind, text


def _source_word_pool() -> list[str]:
    """Words of every class a vague source is read from, and words of no class."""
    data = _data()
    classes = (
        "collective", "pronoun", "quantifier", "human", "research", "document", "institutional",
        "singular", "following", "anonymity", "number", "secret", "preposition", "auxiliary",
    )  # fmt: skip
    pool = {w for cls in classes for m in data.classes[cls] for w in m.split()}
    pool |= {"those", "who", "every", "any", "his", "their", "the", "local", "quietly", "hikers"}
    pool |= {"modellers", "anchors", "Reuters", "2019", "(", ",", "say", "believe", "found"}
    return sorted(pool)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_source_word_pool()), min_size=1, max_size=10))
def test_a_source_is_read_only_where_its_prefilter_lets_it_start(words: list[str]) -> None:
    """``_source_starts`` is a necessary condition of ``_source_head``: the rule skips no token
    where a vague source could start, whatever words surround it."""
    text = " ".join(words)
    s = _Sentence(text, 0, len(text))
    heads = {i for i in range(s.size) if _source_head(s, i)[0] is not None}
    assert heads <= _source_starts(s)


_ODD_PIECES = ["Ab", "cD", "İ", "ǅ", "É", "\0", " ", "\t", "\xa0", "'", "’", "-", "7", "\u212a"]


@given(st.lists(st.sampled_from(_ODD_PIECES), max_size=40).map("".join))
@settings(max_examples=300, deadline=None)
def test_a_sentences_words_are_its_tokens_lower_cased(text: str) -> None:
    sentence = _Sentence(text, 0, len(text))
    tokens = _TOKEN.findall(text)
    assert sentence.words == [t.lower() for t in tokens]
    assert sentence.capital == [t[0].isupper() for t in tokens]
    assert sentence.size == len(tokens)
