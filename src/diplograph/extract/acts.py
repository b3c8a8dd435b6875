"""Speech acts: what a statement does (assertion, rejection, demand, …), read from the tables.

The cue decides first: a verb or noun of the tables that makes an act by itself ("accused",
"warned", "expressed concern"). A neutral cue ("said", "told") leaves it to what was said: the
first phrase of ``content_cues.tsv`` found in the content. An account of events by a monitor,
an agency or its correspondent is a report; anything else is an assertion.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from diplograph.extract.lexicon import Lexicon, load_lexicon

#: Agent kinds whose accounts of events are reports.
REPORTERS = frozenset({"Organization", "NewsAgency"})

# adverbs between a negation and its verb do not change the act: "not currently considering"
_HEDGES = re.compile(r"\b(currently|now|yet|still|really|even|at present|actually)\s+", re.IGNORECASE)


def content_act(content: str, lexicon: Lexicon | None = None) -> str | None:
    """The act a content's own words make, by the first matching row of the content cue table."""
    lex = lexicon or load_lexicon()
    text = _HEDGES.sub("", content)
    for pattern, act in lex.content_cues:
        if pattern.search(text):
            return act
    return None


def is_account_of_events(content: str, lexicon: Lexicon | None = None) -> bool:
    """Whether the content tells of violence or its toll (killed, strikes, shelling …)."""
    lex = lexicon or load_lexicon()
    low = content.lower()
    return any(re.search(rf"\b{re.escape(w)}", low) for w in lex.report_words)


def speech_act(cue_act: str | None, content: str, speaker_kinds: Iterable[str],
               lexicon: Lexicon | None = None) -> str:
    """The speech act of a statement: its cue's act, else its content's, else report or assertion.

    >>> speech_act(None, "the talks must resume", ["State"])
    'demand'
    >>> speech_act("accusation", "them of shelling the town", ["Person"])
    'accusation'
    """
    if cue_act is not None:
        return cue_act
    act = content_act(content, lexicon)
    if act is not None:
        return act
    kinds = list(speaker_kinds)
    if kinds and all(k in REPORTERS for k in kinds) and is_account_of_events(content, lexicon):
        return "report"
    return "assertion"
