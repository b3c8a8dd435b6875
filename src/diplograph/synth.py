"""A synthetic corpus of wire-style diplomacy reports, with the extraction of each one.

Every benchmark and scale test reads this corpus, so it has to look like wire copy to the
extractor (a dateline, attributed quotes, reported speech, accusations, casualty counts,
truces, meetings) and carry its own exact annotation, so store, SPARQL and REST benchmarks
need no language model. Article ``i`` of seed ``s`` depends only on ``(s, i)``: the corpus
streams from 10 to 1,000,000 articles in constant memory, and any slice can be regenerated
alone (``articles(n, start=k)``).

Names of people, armed groups and news agencies are invented; states and cities are real,
with a Wikidata QID only where it is well known. The statements are made up from the phrase
tables below: they report nothing that anybody said.

Example::

    >>> first = next(articles(1, seed=7))
    >>> first.extraction.text == first.text and len(first.extraction.statements) > 0
    True
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from diplograph.model import (
    Accusation,
    AgentRef,
    ArticleMeta,
    CasualtyReport,
    Ceasefire,
    Entity,
    Extraction,
    Meeting,
    Span,
    Statement,
    dump_extraction,
)

# --- the world the articles are about (data tables) -----------------------------------------

#: label, QID, adjective, capital, capital QID (None: not verified here).
STATES: tuple[tuple[str, str, str, str, str | None], ...] = (
    ("Russia", "Q159", "Russian", "Moscow", "Q649"),
    ("Syria", "Q858", "Syrian", "Damascus", "Q3766"),
    ("United States", "Q30", "US", "Washington", "Q61"),
    ("France", "Q142", "French", "Paris", "Q90"),
    ("United Kingdom", "Q145", "British", "London", "Q84"),
    ("Turkey", "Q43", "Turkish", "Ankara", "Q3640"),
    ("Iran", "Q794", "Iranian", "Tehran", "Q3616"),
    ("China", "Q148", "Chinese", "Beijing", "Q956"),
    ("Germany", "Q183", "German", "Berlin", "Q64"),
    ("Saudi Arabia", "Q851", "Saudi", "Riyadh", None),
    ("Jordan", "Q810", "Jordanian", "Amman", None),
    ("Lebanon", "Q822", "Lebanese", "Beirut", None),
    ("Iraq", "Q796", "Iraqi", "Baghdad", "Q1530"),
    ("Qatar", "Q846", "Qatari", "Doha", None),
)

#: Places where the fighting is: label, QID or None, how the text names it.
CONFLICT_PLACES: tuple[tuple[str, str | None, str], ...] = (
    ("Aleppo", "Q41183", "Aleppo"),
    ("eastern Aleppo", None, "eastern Aleppo"),
    ("Idlib Governorate", "Q233218", "Idlib province"),
    ("Homs", None, "Homs"),
    ("Hama", None, "Hama"),
    ("Deir ez-Zor", None, "Deir ez-Zor"),
    ("Eastern Ghouta", None, "Eastern Ghouta"),
    ("Daraa", None, "Daraa"),
    ("Raqqa", None, "Raqqa"),
    ("Palmyra", None, "Palmyra"),
)

#: Neutral places where diplomats meet.
VENUES: tuple[tuple[str, str | None], ...] = (
    ("Geneva", "Q71"), ("Vienna", "Q1741"), ("Lausanne", "Q807"), ("Astana", None), ("Munich", None),
    ("New York", "Q60"),
)

ROLES: tuple[str, ...] = (
    "Foreign Minister", "Deputy Foreign Minister", "Defence Minister", "ambassador to the United Nations",
    "foreign ministry spokesman", "special envoy", "Prime Minister", "presidential spokesman",
)

FIRST_NAMES: tuple[tuple[str, str], ...] = (
    ("Anatoly", "he"), ("Boris", "he"), ("Dmitri", "he"), ("Elena", "she"), ("Irina", "she"),
    ("Yusuf", "he"), ("Mehmet", "he"), ("Ayla", "she"), ("Omar", "he"), ("Leila", "she"),
    ("Karim", "he"), ("Rania", "she"), ("Hassan", "he"), ("Nadia", "she"), ("Claire", "she"),
    ("Olivier", "he"), ("Margaret", "she"), ("Thomas", "he"), ("Rebecca", "she"), ("Daniel", "he"),
    ("Wei", "he"), ("Lin", "she"), ("Klaus", "he"), ("Sabine", "she"), ("Faisal", "he"),
    ("Samir", "he"), ("Yasmin", "she"), ("Reza", "he"), ("Shirin", "she"), ("Adel", "he"),
    ("Peter", "he"), ("Helen", "she"), ("Jonas", "he"), ("Maria", "she"), ("Viktor", "he"),
    ("Tatiana", "she"), ("Ali", "he"), ("Mona", "she"), ("Henri", "he"), ("Sophie", "she"),
)
LAST_NAMES: tuple[str, ...] = (
    "Arbatov", "Belkin", "Voronin", "Sokolova", "Demir", "Yilmaz", "Kaya", "Haddad", "Nasser", "Khalil",
    "Mansour", "Saleh", "Aziz", "Rahimi", "Karimi", "Moreau", "Laurent", "Girard", "Whitfield", "Harcourt",
    "Ellison", "Brandt", "Vogel", "Keller", "Zhang", "Liu", "Qasim", "Darwish", "Farouk", "Hamdan",
    "Ostrov", "Lebedev", "Marchetti", "Delacroix", "Aldridge", "Pemberton", "Shahin", "Tabrizi", "Obeid",
    "Jaber", "Novak", "Richter", "Fontaine", "Carver", "Mercer", "Aksoy", "Erdem", "Sabbagh", "Halabi",
    "Yousef",
)

#: Invented armed groups: label, how the text names them later.
ARMED_GROUPS: tuple[tuple[str, str], ...] = (
    ("Northern Liberation Front", "the front"), ("Free Valley Brigades", "the brigades"),
    ("Army of the Coast", "the group"), ("Sham Defenders Union", "the union"),
    ("Eastern Shield Battalions", "the battalions"), ("Levant Revolutionary Council", "the council"),
)

MONITORS: tuple[str, ...] = (
    "Syrian Observatory for Human Rights", "Regional Casualty Monitor", "Levant Civil Defence",
)
AGENCIES: tuple[str, ...] = ("Meridian News Agency", "Diplograph Wire", "Levant Press Service")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("Jan", "Feb", "March", "April", "May", "June", "July", "Aug", "Sept", "Oct", "Nov", "Dec")
NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "eleven", "twelve")

#: What speakers say, by speech act: (indirect cue, clauses). ``{place}``, ``{state}``, ``{group}``
#: and ``{venue}`` are filled in; a clause reads as reported speech after the cue ("said that …")
#: and, capitalized, as a direct quote.
CLAIMS: dict[str, tuple[str, tuple[str, ...]]] = {
    "assertion": ("said", (
        "the situation in {place} remained extremely difficult",
        "the talks in {venue} had made some progress on humanitarian access",
        "the government controlled most of {place}",
        "there was still a chance for a political settlement",
    )),
    "rejection": ("said", (
        "a new pause in {place} was not on the agenda at the moment",
        "there was no basis for ministerial talks before the end of the month",
        "the draft resolution was unacceptable in its current form",
        "the proposal from {state} could not be accepted",
    )),
    "demand": ("demanded", (
        "the armed groups leave {place} without delay",
        "{state} stop supplying weapons to the rebels",
        "all sides open the roads into {place} for aid convoys",
    )),
    "criticism": ("said", (
        "the coalition had done nothing to rein in the rebels",
        "the Western position on {place} was one-sided",
        "{state} was blocking every step towards a settlement",
    )),
    "praise": ("said", (
        "the work of the aid agencies in {place} deserved the highest respect",
        "the talks in {venue} had been constructive",
    )),
    "concern": ("expressed concern", (
        "the fighting in {place} could spread to neighbouring areas",
        "civilians in {place} were running out of food and medicine",
    )),
    "report": ("said", (
        "convoys had reached parts of {place} for the first time in weeks",
        "the evacuation of the wounded from {place} had not begun",
    )),
    "denial": ("denied", (
        "its aircraft had struck a hospital in {place}",
        "government forces had used banned weapons in {place}",
    )),
    "proposal": ("proposed", (
        "a new humanitarian pause of three days in {place}",
        "a meeting of foreign ministers in {venue} next week",
    )),
    "agreement": ("said", (
        "both sides had agreed to exchange prisoners",
        "the ministers had agreed to resume talks in {venue}",
    )),
    "threat": ("warned", (
        "any attack on its forces would be met with force",
        "it would respond if the rebels did not leave {place}",
    )),
    "warning": ("warned", (
        "a humanitarian catastrophe was unfolding in {place}",
        "the truce would collapse without outside pressure on the rebels",
    )),
    "appeal": ("urged", (
        "all parties to let aid reach {place}",
        "the Security Council to act before it was too late",
    )),
    "announcement": ("announced", (
        "a three-day truce in {place} starting on Thursday",
        "new sanctions against officials of {state}",
    )),
}
#: How often each speech act is drawn (roughly the mix of wire copy on the Syrian war).
ACT_WEIGHTS: dict[str, int] = {
    "assertion": 18, "rejection": 10, "demand": 7, "criticism": 9, "praise": 2, "concern": 6, "report": 8,
    "denial": 5, "proposal": 4, "agreement": 3, "threat": 3, "warning": 7, "appeal": 6, "announcement": 4,
}
#: The alleged acts of accusations, and the means by which they were done.
ALLEGED_ACTS: tuple[str, ...] = (
    "blocking civilians who wanted to leave {place}", "shelling residential districts of {place}",
    "sabotaging the medical evacuation from {place}", "violating the truce in {place}",
    "shielding the government from accountability", "using aid convoys to move weapons",
)
MEANS: tuple[str, ...] = ("threats and force", "snipers and mortar fire", "car bombs", "air strikes")
CAUSES: tuple[str, ...] = ("air strikes", "shelling", "barrel bomb attacks", "clashes", "a car bomb attack")
#: Paragraphs of background that carry no statement, as wire copy has between the quotes.
BACKGROUND: tuple[str, ...] = (
    "Fighting around {place} has intensified since the {group} and allied factions launched an offensive, "
    "and aid agencies say thousands of families have fled towards the border.",
    "The war, now in its sixth year, has killed hundreds of thousands of people and driven half of the "
    "country's pre-war population from their homes.",
    "Talks in {venue} have stalled repeatedly over the fate of the president and over which armed groups "
    "should be treated as terrorists and excluded from any truce.",
    "Government forces, backed by air power and allied militias, have tightened their siege of {place} "
    "in recent weeks, cutting the last road used to bring in food and fuel.",
    "Diplomats say the main powers remain divided on how a ceasefire should be monitored and who should "
    "deliver aid to districts held by the opposition.",
    "Residents reached by telephone described long queues for bread and said that hospitals were "
    "running short of fuel for their generators.",
)
OUTCOMES: tuple[str, ...] = (
    "ended with no breakthrough", "produced an agreement on aid deliveries",
    "ended without a joint statement", "agreed to meet again within a week",
)


# --- the generated article -------------------------------------------------------------------

@dataclass(frozen=True)
class SyntheticArticle:
    """One generated article: its file name stem, its text, and its exact extraction."""

    index: int
    name: str
    text: str
    extraction: Extraction

    def extraction_json(self) -> str:
        """The extraction in the ``diplograph-gold/1`` JSON shape, with the text included."""
        return dump_extraction(self.extraction, include_text=True)


@dataclass
class _Person:
    first: str
    last: str
    pronoun: str
    role: str
    state: tuple[str, str, str, str, str | None]

    @property
    def label(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def introduction(self) -> str:
        return f"{self.state[2]} {self.role} {self.label}"


@dataclass
class _Writer:
    """Builds the text paragraph by paragraph, remembering where each piece landed."""

    parts: list[str] = field(default_factory=list)
    length: int = 0

    def put(self, piece: str) -> Span:
        span = Span(text=piece, start=self.length, end=self.length + len(piece))
        self.parts.append(piece)
        self.length += len(piece)
        return span

    def paragraph(self) -> None:
        if self.parts:
            self.put("\n\n")

    def text(self) -> str:
        return "".join(self.parts)


_SLOT = re.compile(r"\{(\w+)\}")


class _ArticleBuilder:
    """Draws one article's events from ``rng`` and writes them as text plus extraction."""

    def __init__(self, index: int, seed: int) -> None:
        self.rng = random.Random(f"diplograph-synth:{seed}:{index}")
        self.index, self.seed = index, seed
        rng = self.rng
        self.published = date(2014, 1, 1) + timedelta(days=rng.randrange(7 * 365))
        self.place = rng.choice(CONFLICT_PLACES)
        self.venue = rng.choice(VENUES)
        self.states = rng.sample(STATES, 3)
        self.group = rng.choice(ARMED_GROUPS)
        self.people = [self._person(s) for s in rng.sample(STATES, rng.randint(2, 4))]
        self.introduced: set[str] = set()
        self.writer = _Writer()
        self.entities: dict[str, Entity] = {}
        self.statements: list[Statement] = []
        self.accusations: list[Accusation] = []
        self.ceasefires: list[Ceasefire] = []
        self.casualties: list[CasualtyReport] = []
        self.meetings: list[Meeting] = []

    def _person(self, state: tuple[str, str, str, str, str | None]) -> _Person:
        first, pronoun = self.rng.choice(FIRST_NAMES)
        return _Person(first, self.rng.choice(LAST_NAMES), pronoun, self.rng.choice(ROLES), state)

    # entities ---------------------------------------------------------------------------------
    def entity(self, label: str, kind: str, wikidata: str | None = None, mention: str | None = None) -> str:
        known = self.entities.get(label)
        if known is None:
            known = self.entities[label] = Entity(label=label, kind=kind, wikidata=wikidata)
        surface = mention or label
        if surface not in known.mentions:
            known.mentions.append(surface)
        return label

    def state(self, st: tuple[str, str, str, str, str | None], mention: str | None = None) -> str:
        return self.entity(st[0], "Country", st[1], mention)

    def day(self, back: int) -> tuple[str, str]:
        """The weekday word and ISO date ``back`` days before publication."""
        when = self.published - timedelta(days=back)
        return WEEKDAYS[when.weekday()], when.isoformat()

    def fill(self, clause: str) -> str:
        values = {"place": self.place[2], "state": self.states[1][0], "group": self.group[0],
                  "venue": self.venue[0]}
        return _SLOT.sub(lambda m: values[m.group(1)], clause)

    def about(self, clause: str) -> list[str]:
        out = []
        if "{place}" in clause:
            out.append(self.entity(self.place[0], "Place", self.place[1], self.place[2]))
        if "{state}" in clause:
            out.append(self.state(self.states[1]))
        if "{venue}" in clause:
            out.append(self.entity(self.venue[0], "Place", self.venue[1]))
        return out

    def speaker_mention(self, person: _Person, *, pronoun: bool = True) -> str:
        """How the text names a person: introduced in full once, then by surname or pronoun."""
        if person.label not in self.introduced:
            self.introduced.add(person.label)
            self.entity(person.label, "Person", None, person.label)
            self.state(person.state, person.state[2])
            return person.introduction
        if pronoun and self.rng.random() < 0.3:
            return person.pronoun
        self.entity(person.label, "Person", None, person.last)
        return person.last

    # paragraphs -------------------------------------------------------------------------------
    def dateline(self) -> None:
        speaker_state = self.people[0].state
        city = speaker_state[3]
        self.entity(city, "Place", speaker_state[4], city.upper())
        agency = self.rng.choice(AGENCIES)
        if self.rng.random() < 0.5:
            self.writer.put(f" date {self.published.isoformat()} {city.upper()}: ")
        else:
            self.entity(agency, "NewsAgency", None, agency)
            month = MONTHS[self.published.month - 1]
            self.writer.put(f"{city.upper()}, {month} {self.published.day} ({agency}) - ")
        self.dateline_label = city.upper()

    def lead(self) -> None:
        """The lead: a state's position in reported speech, its speaker named later."""
        st = self.people[0].state
        act = self.rng.choice(("rejection", "assertion", "warning"))
        cue_word, clauses = CLAIMS[act]
        clause = self.rng.choice(clauses)
        source = self.writer.put(st[0])
        self.state(st)
        self.writer.put(" ")
        cue = self.writer.put("said" if cue_word != "warned" else "warned")
        weekday, iso = self.day(0)
        self.writer.put(f" on {weekday} that ")
        content = self.writer.put(self.fill(clause))
        self.writer.put(".")
        self.statements.append(Statement(
            speakers=[AgentRef(st[0], st[1])], content=content, mode="indirect", act=act, source=source,
            cue=cue, about=self.about(clause), date=iso))

    def statement(self, person: _Person) -> None:
        act = self.rng.choices(list(ACT_WEIGHTS), weights=list(ACT_WEIGHTS.values()))[0]
        cue_word, clauses = CLAIMS[act]
        clause = self.rng.choice(clauses)
        filled = self.fill(clause)
        mode = self.rng.choices(("direct", "indirect", "mixed"), weights=(4, 5, 2))[0]
        weekday, iso = self.day(0 if self.rng.random() < 0.8 else 1)
        w = self.writer
        addressee: str | None = None
        if mode == "direct" and act not in ("demand", "appeal", "proposal", "announcement", "concern", "denial"):
            w.put("“")
            content = w.put(filled[0].upper() + filled[1:])
            w.put(",” ")
            source = w.put(self.speaker_mention(person))
            w.put(" ")
            if self.rng.random() < 0.3:
                agency = self.rng.choice(AGENCIES)
                cue = w.put("told")
                w.put(" ")
                w.put(agency)
                addressee = self.entity(agency, "NewsAgency", None, agency)
            else:
                cue = w.put("said")
            w.put(".")
        elif mode == "mixed" and " " in filled:
            # reported speech around a quoted fragment: the fragment is the content
            head, tail = filled.split(" ", 1)
            mention = self.speaker_mention(person)
            source = w.put(mention[0].upper() + mention[1:])
            w.put(" ")
            cue = w.put("said")
            w.put(f" on {weekday} that {head} “")
            content = w.put(tail)
            w.put("”.")
        else:
            mode = "indirect"
            mention = self.speaker_mention(person)
            source = w.put(mention[0].upper() + mention[1:])
            w.put(" ")
            cue = w.put(cue_word)
            w.put(" that " if cue_word in ("said", "warned", "expressed concern", "denied") else " ")
            content = w.put(filled)
            w.put(".")
        self.statements.append(Statement(
            speakers=[AgentRef(person.label)], content=content, mode=mode, act=act, source=source, cue=cue,
            addressee=addressee, about=self.about(clause), date=iso))

    def accusation(self, person: _Person) -> None:
        w = self.writer
        mention = self.speaker_mention(person, pronoun=False)
        if self.rng.random() < 0.5:
            accused_label, accused_text = self.group[0], f"the {self.group[0]}"
            self.entity(accused_label, "ArmedGroup", None, self.group[0])
        else:
            target = self.states[2] if self.states[2] != person.state else self.states[1]
            accused_label, accused_text = target[0], target[0]
            self.state(target)
        weekday, iso = self.day(self.rng.choice((0, 0, 1, 2)))
        source = w.put(mention[0].upper() + mention[1:])
        w.put(f" on {weekday} ")
        cue = w.put("accused")
        w.put(" ")
        start = w.length
        w.put(f"{accused_text} of ")
        template = self.rng.choice(ALLEGED_ACTS)
        act = w.put(self.fill(template))
        means: Span | None = None
        if self.rng.random() < 0.4:
            w.put(", saying they had used ")
            means = w.put(self.rng.choice(MEANS))
        content = Span(text=w.text()[start:w.length], start=start, end=w.length)
        w.put(".")
        self.statements.append(Statement(
            speakers=[AgentRef(person.label)], content=content, mode="indirect", act="accusation",
            source=source, cue=cue, about=[accused_label, *self.about(template)], date=iso))
        self.accusations.append(Accusation(
            accuser=[AgentRef(person.label)], accused=[accused_label], act=act, means=means, date=iso))

    def casualties_report(self) -> None:
        w = self.writer
        killed = self.rng.choice((3, 5, 8, 11, 16, 23, 30, 41, 57))
        children = self.rng.randint(0, min(killed - 1, len(NUMBER_WORDS) - 1))
        who = self.rng.choice(("civilians", "people"))
        cause = self.rng.choice(CAUSES)
        monitor = self.rng.choice(MONITORS)
        self.entity(monitor, "Organization", None, monitor)
        place = self.entity(self.place[0], "Place", self.place[1], self.place[2])
        weekday, iso = self.day(self.rng.choice((0, 1)))
        start = w.length
        count = str(killed) if killed > 12 else NUMBER_WORDS[killed]
        w.put(count[0].upper() + count[1:] + f" {who}")
        including: dict[str, int] = {}
        if children:
            w.put(f", including {NUMBER_WORDS[children]} {'child' if children == 1 else 'children'},")
            including["children"] = children
        w.put(f" were killed in {cause} in {self.place[2]} on {weekday}")
        content = Span(text=w.text()[start:w.length], start=start, end=w.length)
        w.put(", the ")
        source = w.put(monitor)
        w.put(" ")
        cue = w.put("said")
        w.put(".")
        self.casualties.append(CasualtyReport(
            killed=killed, who=who, including=including, place=place, date=iso, cause=cause,
            reported_by=monitor, evidence=content))
        self.statements.append(Statement(
            speakers=[AgentRef(monitor)], content=content, mode="indirect", act="report", source=source, cue=cue,
            about=[place], date=iso))

    def truce(self) -> None:
        w = self.writer
        days = self.rng.choice((1, 2, 3, 3, 7))
        declarer = self.people[0].state
        self.state(declarer)
        place = self.entity(self.place[0], "Place", self.place[1], self.place[2])
        weekday, iso = self.day(self.rng.choice((1, 2)))
        mention = w.put(f"A {NUMBER_WORDS[days]}-day truce")
        w.put(f" in {self.place[2]} declared by {declarer[0]} ended on {weekday}, and fighting resumed.")
        self.ceasefires.append(Ceasefire(
            label=f"{self.place[0]} truce", declared_by=[declarer[0]], location=place, duration_days=days, ended=iso,
            mentions=[mention]))

    def meeting(self) -> None:
        w = self.writer
        a, b = self.people[0], self.people[-1]
        first = self.speaker_mention(a, pronoun=False)
        w.put(first[0].upper() + first[1:] + " met ")
        w.put(self.speaker_mention(b, pronoun=False))
        venue = self.entity(self.venue[0], "Place", self.venue[1])
        topic = self.entity(f"{self.place[0]} crisis", "Topic")
        weekday, iso = self.day(self.rng.choice((1, 2, 3)))
        w.put(f" in {self.venue[0]} on {weekday} to discuss {self.place[2]}; the talks ")
        outcome = w.put(self.rng.choice(OUTCOMES))
        w.put(".")
        self.meetings.append(Meeting(place=venue, date=iso, topic=topic, outcome=outcome,
                                     participants=[a.label, b.label]))

    def background(self, template: str) -> None:
        if "{group}" in template:
            self.entity(self.group[0], "ArmedGroup", None, self.group[0])
        self.about(template)
        self.writer.put(self.fill(template))

    def byline(self) -> None:
        first, last = self.rng.choice(FIRST_NAMES)[0], self.rng.choice(LAST_NAMES)
        # the story number keeps every generated text, and so every article key, distinct
        self.writer.put(f"(Reporting by {first} {last}; story {self.seed}-{self.index})")

    def build(self) -> SyntheticArticle:
        rng = self.rng
        self.dateline()
        self.lead()
        plan: list[str] = ["statement"] * rng.randint(3, 7)
        plan += ["accusation"] * rng.choices((0, 1, 2), weights=(3, 5, 2))[0]
        plan += ["casualties"] * (rng.random() < 0.5)
        plan += ["truce"] * (rng.random() < 0.35)
        plan += ["meeting"] * (rng.random() < 0.35)
        backgrounds = rng.sample(BACKGROUND, rng.randint(1, 3))
        plan += ["background"] * len(backgrounds)
        rng.shuffle(plan)
        for step in plan:
            self.writer.paragraph()
            person = rng.choice(self.people)
            if step == "statement":
                self.statement(person)
                if rng.random() < 0.3:  # wire copy often strings two quotes from one speaker
                    self.writer.put(" ")
                    self.statement(person)
            elif step == "accusation":
                self.accusation(person)
            elif step == "casualties":
                self.casualties_report()
            elif step == "truce":
                self.truce()
            elif step == "meeting":
                self.meeting()
            else:
                self.background(backgrounds.pop())
        self.writer.paragraph()
        self.byline()
        text = self.writer.text()
        name = f"synth-{self.seed}-{self.index:07d}"
        extraction = Extraction(
            article=ArticleMeta(published=self.published.isoformat(), dateline=self.dateline_label,
                                file=f"{name}.txt"),
            entities=list(self.entities.values()), statements=self.statements, accusations=self.accusations,
            ceasefires=self.ceasefires, casualty_reports=self.casualties, meetings=self.meetings, text=text)
        return SyntheticArticle(index=self.index, name=name, text=text, extraction=extraction)


def article(index: int, *, seed: int = 0) -> SyntheticArticle:
    """Article number ``index`` of the corpus of ``seed``."""
    if index < 0:
        raise ValueError("an article index is never negative")
    return _ArticleBuilder(index, seed).build()


def articles(n: int, *, seed: int = 0, start: int = 0) -> Iterator[SyntheticArticle]:
    """Articles ``start`` … ``start + n - 1`` of the corpus of ``seed``, one at a time."""
    for index in range(start, start + n):
        yield article(index, seed=seed)


@dataclass(frozen=True)
class CorpusFiles:
    """Where :func:`write_corpus` put things: article texts and extraction JSON files."""

    texts: list[Path]
    extractions: list[Path]


def write_corpus(folder: str | Path, n: int, *, seed: int = 0, start: int = 0, texts: bool = True,
                 extractions: bool = True) -> CorpusFiles:
    """Write ``n`` articles as ``articles/NAME.txt`` and/or ``extractions/NAME.json`` under ``folder``.

    The extraction files carry their text, so they ingest without the article beside them.
    """
    root = Path(folder)
    out = CorpusFiles(texts=[], extractions=[])
    if texts:
        (root / "articles").mkdir(parents=True, exist_ok=True)
    if extractions:
        (root / "extractions").mkdir(parents=True, exist_ok=True)
    for art in articles(n, seed=seed, start=start):
        if texts:
            path = root / "articles" / f"{art.name}.txt"
            path.write_text(art.text, encoding="utf-8")
            out.texts.append(path)
        if extractions:
            path = root / "extractions" / f"{art.name}.json"
            path.write_text(art.extraction_json(), encoding="utf-8")
            out.extractions.append(path)
    return out


def corpus_stats(items: Sequence[SyntheticArticle]) -> dict[str, float]:
    """Mean words, statements, accusations and events per article: the corpus's density."""
    n = max(1, len(items))
    return {
        "articles": len(items),
        "words": sum(len(a.text.split()) for a in items) / n,
        "statements": sum(len(a.extraction.statements) for a in items) / n,
        "accusations": sum(len(a.extraction.accusations) for a in items) / n,
        "casualty_reports": sum(len(a.extraction.casualty_reports) for a in items) / n,
        "ceasefires": sum(len(a.extraction.ceasefires) for a in items) / n,
        "meetings": sum(len(a.extraction.meetings) for a in items) / n,
        "speakers": sum(len({s.speakers[0].label for s in a.extraction.statements}) for a in items) / n,
    }


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m diplograph.synth N FOLDER [--seed S]``: write a synthetic corpus."""
    parser = argparse.ArgumentParser(prog="python -m diplograph.synth", description=main.__doc__)
    parser.add_argument("n", type=int, help="how many articles")
    parser.add_argument("folder", type=Path, help="where articles/ and extractions/ go")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--start", type=int, default=0, help="index of the first article")
    parser.add_argument("--no-texts", action="store_true", help="write only the extraction JSON")
    parser.add_argument("--no-extractions", action="store_true", help="write only the article texts")
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("n must not be negative")
    files = write_corpus(args.folder, args.n, seed=args.seed, start=args.start, texts=not args.no_texts,
                         extractions=not args.no_extractions)
    json.dump({"texts": len(files.texts), "extractions": len(files.extractions), "folder": str(args.folder)},
              sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
