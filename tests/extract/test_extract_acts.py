"""Speech acts from the cue and content tables, and the tables themselves."""

from __future__ import annotations

import pytest

from diplograph.errors import ExtractionError
from diplograph.extract import lexicon
from diplograph.extract.acts import content_act, speech_act
from diplograph.extract.lexicon import load_lexicon, phrase_pattern
from diplograph.model import SPEECH_ACTS


def test_the_cue_decides_first() -> None:
    assert speech_act("accusation", "the rebels of shelling the town", ["State"]) == "accusation"
    assert speech_act("praise", "the truce as a step forward", ["Person"]) == "praise"


@pytest.mark.parametrize(("content", "act"), [
    ("a renewal of the pause is not currently relevant", "rejection"),
    ("Moscow is not considering a new truce", "rejection"),
    ("there was no chemical attack in the town", "denial"),
    ("the claims were baseless", "denial"),
    ("the opposition must leave the city", "demand"),
    ("Washington should stop arming the rebels", "demand"),
    ("any strike will face consequences", "threat"),
    ("the escalation could lead to a wider war", "warning"),
    ("it was deeply concerned by the reports", "concern"),
    ("the move was a positive step", "praise"),
    ("we are ready to host the talks", "proposal"),
    ("the ceasefire will take effect at midnight", "announcement"),
    ("the two sides have agreed on a timetable", "announcement"),
    ("the talks went well", "assertion"),
])
def test_a_neutral_cue_leaves_the_act_to_the_content(content: str, act: str) -> None:
    assert speech_act(None, content, ["Person"]) == act


def test_a_monitors_account_of_violence_is_a_report() -> None:
    content = "twelve people were killed in shelling on the town"
    assert speech_act(None, content, ["Organization"]) == "report"
    assert speech_act(None, content, ["Person"]) == "assertion"


def test_words_match_whole_or_by_their_beginning() -> None:
    assert content_act("they must go") == "demand"
    assert content_act("the mustard fields") is None  # "must" is a word, not a prefix
    assert phrase_pattern("accus*").search("an accusation")
    assert not phrase_pattern("warn").search("warning")


def test_every_table_act_is_one_of_the_scheme() -> None:
    lex = load_lexicon()
    acts = {s.act for senses in lex.speech_verbs.values() for s in senses}
    acts |= {n.act for n in lex.noun_cues.values()} | {act for _, act in lex.content_cues}
    assert acts - {None} <= set(SPEECH_ACTS)
    assert {"say", "tell", "accuse", "deny", "warn", "urge"} <= set(lex.speech_verbs)


def test_a_table_naming_an_unknown_act_is_refused() -> None:
    with pytest.raises(ExtractionError, match="unknown speech act 'gossip'"):
        lexicon._act("gossip", "tables/speech_verbs.tsv (chat)")
