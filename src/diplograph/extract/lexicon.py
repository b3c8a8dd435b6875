"""The extractor's rules as data: the tables in ``extract/tables/``, read once and checked.

Every table is a plain TSV (or JSON) file a reader can scan and extend without touching code:

- ``speech_verbs.tsv``   reporting verbs → speech act, required particles, class (speech / belief)
- ``noun_cues.tsv``      nouns that carry a statement ("expressed concern", "the claim that")
- ``stance_verbs.tsv``   verbs that report a stance through their object ("express", "voice")
- ``source_phrases.tsv`` phrases that introduce a source ("according to")
- ``medium_nouns.tsv``   where or how something was said ("on Twitter", "in an interview")
- ``content_cues.tsv``   phrases of what is said → speech act, in order of precedence
- ``report_words.tsv``   words of an account of events (a monitor's statement is then a report)
- ``referring_nouns.tsv`` source head nouns that refer back ("the minister", "a monitoring group")
- ``pronouns.tsv``       source pronouns and what they refer back to
- ``events.json``        truce, meeting, cause, victim and number words

A table naming a speech act outside the model's scheme raises ExtractionError at load time.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from diplograph.errors import ExtractionError
from diplograph.model import SPEECH_ACTS

NO_VALUE = "-"


@dataclass(frozen=True)
class SpeechVerb:
    """A reporting verb: the act it makes (None: the content decides), the particles it needs, its class."""

    lemma: str
    act: str | None
    needs: frozenset[str]
    belief: bool


@dataclass(frozen=True)
class NounCue:
    """A noun that carries a statement: 'stance' objects ("concern") or 'message' nouns ("claim")."""

    noun: str
    act: str | None
    use: str


@dataclass(frozen=True)
class EventWords:
    """The words the event readers look for."""

    ceasefire_words: tuple[str, ...]
    ceasefire_ended: tuple[str, ...]
    ceasefire_not_renewed: tuple[str, ...]
    ceasefire_declaring_verbs: frozenset[str]
    ceasefire_renewed: tuple[str, ...]
    conflict_words: tuple[str, ...]
    meeting_words: frozenset[str]
    meeting_outcome_verbs: frozenset[str]
    causes: tuple[str, ...]
    alleged_acts: frozenset[str]
    actor_nouns: frozenset[str]
    death_words: tuple[str, ...]
    wound_words: tuple[str, ...]
    victims: dict[str, str]
    numbers: dict[str, int]


@dataclass(frozen=True)
class Lexicon:
    """All tables of the extractor."""

    speech_verbs: dict[str, tuple[SpeechVerb, ...]]  # lemma → its senses, in table order
    noun_cues: dict[str, NounCue]
    stance_verbs: frozenset[str]
    not_reporting: frozenset[str]
    source_phrases: tuple[str, ...]
    medium_nouns: frozenset[str]
    content_cues: tuple[tuple[re.Pattern[str], str], ...]  # (phrase, act) in order of precedence
    report_words: tuple[str, ...]
    referring_nouns: dict[str, str]  # noun → person / group / outlet
    pronouns: dict[str, str]  # pronoun → person / group
    events: EventWords


def _rows(name: str, columns: int) -> list[list[str]]:
    """The rows of a TSV table: comments and blank lines skipped, short rows padded with '-'."""
    text = resources.files("diplograph.extract").joinpath("tables", name).read_text(encoding="utf-8")
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) > columns or not cells[0]:
            raise ExtractionError(f"tables/{name}, line {number}: expected {columns} tab-separated columns")
        rows.append(cells + [NO_VALUE] * (columns - len(cells)))
    return rows


def _act(value: str, where: str) -> str | None:
    if value == NO_VALUE:
        return None
    if value not in SPEECH_ACTS:
        raise ExtractionError(f"{where}: unknown speech act {value!r} (known: {', '.join(SPEECH_ACTS)})")
    return value


def _choice(value: str, allowed: tuple[str, ...], where: str) -> str:
    if value not in allowed:
        raise ExtractionError(f"{where}: {value!r} is not one of {', '.join(allowed)}")
    return value


def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """A table phrase as a pattern: whole words, case ignored; a final '*' matches word beginnings."""
    prefix = phrase.endswith("*")
    body = r"\s+".join(re.escape(w) for w in phrase.rstrip("*").split())
    return re.compile(rf"\b{body}" + ("" if prefix else r"\b"), re.IGNORECASE)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The extractor's tables, read and checked once."""
    verbs: dict[str, tuple[SpeechVerb, ...]] = {}
    for lemma, act, needs, klass in _rows("speech_verbs.tsv", 4):
        where = f"tables/speech_verbs.tsv ({lemma})"
        sense = SpeechVerb(lemma, _act(act, where),
                           frozenset() if needs == NO_VALUE else frozenset(needs.split(",")),
                           _choice(klass, ("speech", "belief"), where) == "belief")
        verbs[lemma] = (*verbs.get(lemma, ()), sense)
    nouns = {}
    for noun, act, use in _rows("noun_cues.tsv", 3):
        where = f"tables/noun_cues.tsv ({noun})"
        nouns[noun] = NounCue(noun, _act(act, where), _choice(use, ("stance", "message"), where))
    cues = [(phrase_pattern(phrase), _act(act, f"tables/content_cues.tsv ({phrase})") or "assertion")
            for act, phrase in _rows("content_cues.tsv", 2)]
    refers = {}
    for noun, kind in _rows("referring_nouns.tsv", 2):
        refers[noun] = _choice(kind, ("person", "group", "outlet"), f"tables/referring_nouns.tsv ({noun})")
    pronouns = {}
    for word, kind in _rows("pronouns.tsv", 2):
        pronouns[word] = _choice(kind, ("person", "group"), f"tables/pronouns.tsv ({word})")
    return Lexicon(
        speech_verbs=verbs,
        noun_cues=nouns,
        stance_verbs=frozenset(r[0] for r in _rows("stance_verbs.tsv", 1)),
        not_reporting=frozenset(r[0] for r in _rows("not_reporting.tsv", 1)),
        source_phrases=tuple(r[0].lower() for r in _rows("source_phrases.tsv", 1)),
        medium_nouns=frozenset(r[0].lower() for r in _rows("medium_nouns.tsv", 1)),
        content_cues=tuple(cues),
        report_words=tuple(r[0].lower() for r in _rows("report_words.tsv", 1)),
        referring_nouns=refers,
        pronouns=pronouns,
        events=_event_words(),
    )


def _event_words() -> EventWords:
    text = resources.files("diplograph.extract").joinpath("tables", "events.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    try:
        return EventWords(
            ceasefire_words=tuple(data["ceasefire_words"]),
            ceasefire_ended=tuple(data["ceasefire_ended"]),
            ceasefire_not_renewed=tuple(data["ceasefire_not_renewed"]),
            ceasefire_declaring_verbs=frozenset(data["ceasefire_declaring_verbs"]),
            ceasefire_renewed=tuple(data["ceasefire_renewed"]),
            conflict_words=tuple(data["conflict_words"]),
            meeting_words=frozenset(data["meeting_words"]),
            meeting_outcome_verbs=frozenset(data["meeting_outcome_verbs"]),
            causes=tuple(data["causes"]),
            alleged_acts=frozenset(data["alleged_acts"]),
            actor_nouns=frozenset(data["actor_nouns"]),
            death_words=tuple(data["death_words"]),
            wound_words=tuple(data["wound_words"]),
            victims={str(k): str(v) for k, v in data["victims"].items()},
            numbers={str(k): int(v) for k, v in data["numbers"].items()},
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ExtractionError(f"tables/events.json: missing or malformed entry {exc}") from None
