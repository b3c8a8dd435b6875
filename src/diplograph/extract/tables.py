"""Rules as data: the tables the extractor applies. Read them; the code only looks things up.

Every entry is a general pattern of English news reporting, not a feature of one article.
"""

from __future__ import annotations

#: Reporting verbs (lemmas) → the speech act they make by themselves, or None when the act
#: depends on what is said (then the content cues below decide).
SPEECH_VERBS: dict[str, str | None] = {
    # neutral
    "say": None, "tell": None, "add": None, "state": None, "note": None, "explain": None, "write": None,
    "comment": None, "remark": None, "reply": None, "respond": None, "answer": None, "declare": None,
    "insist": None, "argue": None, "stress": None, "emphasize": None, "emphasise": None, "underline": None,
    "suggest": None, "acknowledge": None, "admit": None, "concede": None, "contend": None, "maintain": None,
    "believe": None, "think": None, "recall": None, "observe": None, "claim": None, "assert": None,
    "point": None, "tweet": None, "predict": None, "estimate": None, "confirm": None, "reiterate": None,
    "repeat": None, "describe": None, "quote": None, "testify": None, "brief": None,
    # acts of their own
    "report": "report", "announce": "announcement", "unveil": "announcement", "disclose": "report",
    "reveal": "report",
    "accuse": "accusation", "blame": "accusation", "allege": "accusation",
    "criticize": "criticism", "criticise": "criticism", "chastise": "criticism", "condemn": "criticism",
    "denounce": "criticism", "slam": "criticism", "blast": "criticism", "rebuke": "criticism",
    "lambaste": "criticism", "decry": "criticism", "deplore": "criticism", "attack": "criticism",
    "castigate": "criticism", "scold": "criticism", "fault": "criticism",
    "praise": "praise", "hail": "praise", "welcome": "praise", "commend": "praise", "applaud": "praise",
    "laud": "praise", "congratulate": "praise", "thank": "praise",
    "warn": "warning", "caution": "warning",
    "threaten": "threat", "vow": "threat",
    "deny": "denial", "dismiss": "rejection", "reject": "rejection", "refuse": "rejection",
    "rule": "rejection", "rebuff": "rejection", "dispute": "denial", "refute": "denial",
    "demand": "demand", "order": "demand",
    "urge": "appeal", "appeal": "appeal", "ask": "appeal", "call": "appeal", "plead": "appeal",
    "implore": "appeal", "request": "appeal", "press": "appeal",
    "propose": "proposal", "offer": "proposal", "recommend": "proposal",
    "agree": "agreement", "accept": "agreement", "endorse": "praise",
    "promise": "announcement", "pledge": "announcement",
    "fear": "concern", "worry": "concern", "lament": "concern",
}

#: Verbs that report speech only with a particle or object ("ruled out", "called for", "pointed out").
PARTICLE_CUES: dict[str, set[str]] = {"rule": {"out"}, "point": {"out"}, "call": {"for", "on", "upon"}}

#: "express concern" and the like: verb + noun → speech act.
NOUN_CUES: dict[str, str] = {
    "concern": "concern", "worry": "concern", "alarm": "concern", "fear": "concern", "regret": "concern",
    "hope": "assertion", "confidence": "assertion", "doubt": "concern", "dismay": "criticism",
    "outrage": "criticism", "anger": "criticism", "support": "praise", "gratitude": "praise",
    "condolences": "concern", "solidarity": "praise", "opposition": "rejection", "readiness": "proposal",
}
NOUN_CUE_VERBS = {"express", "voice", "raise", "register", "convey", "reiterate", "signal"}

#: Prepositional cues that introduce a source: "according to X", "in the words of X".
SOURCE_PREPOSITIONS = ("according to", "in the words of", "as quoted by", "quoting")

#: Content cues: (lower-case phrases, speech act), tried in order on a statement whose verb
#: leaves the act open. The first match wins; else the act is an assertion (or a report).
CONTENT_CUES: list[tuple[tuple[str, ...], str]] = [
    (("not relevant", "not considering", "no plans to", "not on the agenda", "rules out", "ruled out",
      "will not accept", "won't accept", "refuse to", "refused to", "will not allow", "no question of",
      "out of the question", "unacceptable", "reject"), "rejection"),
    (("there was no ", "there were no ", "there is no ", "there are no ", "not true", "baseless", "groundless",
      "unfounded", "false claims", "fabricated", "never carried out", "had nothing to do", "has nothing to do",
      "did not carry out", "denied"), "denial"),
    (("must ", "have to ", "has to ", "need to ", "needs to ", "should ", "ought to ", "demand"), "demand"),
    (("will retaliate", "will respond", "will pay", "will face consequences", "would respond"), "threat"),
    (("risk of", "could lead to", "may lead to", "dangerous", "catastroph", "warn"), "warning"),
    (("concerned", "worried", "alarmed", "deeply troubled"), "concern"),
    (("accus", "responsible for", "to blame", "sabotag", "obstruct", "war crime", "violat"), "accusation"),
    (("welcome", "grateful", "goodwill", "positive step", "praise", "commend"), "praise"),
    (("we propose", "proposed", "propose", "offer to", "ready to", "willing to", "plan to"), "proposal"),
    (("agreed", "agreement on", "we agree", "deal on"), "agreement"),
    (("will begin", "will start", "would begin", "will take effect", "decided to", "has decided",
      "announced"), "announcement"),
]

#: Words of a content that make a monitor's or correspondent's statement a report of events.
REPORT_WORDS = (
    "killed", "dead", "died", "wounded", "injured", "casualties", "raids", "strikes", "struck", "hit",
    "shelling", "bombard", "carried out", "attack", "clashes", "fighting", "destroyed", "fled", "captured",
    "seized", "arrested", "detained",
)

#: Head nouns of a subject that refer back to a person ("the minister", "the devastated man").
PERSON_NOUNS = {
    "man", "woman", "minister", "official", "spokesman", "spokeswoman", "spokesperson", "diplomat",
    "president", "leader", "envoy", "ambassador", "general", "commander", "resident", "father", "mother",
    "doctor", "chief", "secretary", "senator", "prime", "premier", "negotiator", "adviser", "advisor",
    "source", "witness", "activist", "head", "director", "representative", "deputy", "mayor", "governor",
    "lawmaker", "officer", "survivor", "teacher", "journalist", "correspondent", "reporter", "king",
}
#: Head nouns that refer back to an organization ("a monitoring group", "the ministry").
ORG_NOUNS = {
    "group", "monitor", "organisation", "organization", "ministry", "government", "agency", "observatory",
    "office", "committee", "council", "coalition", "alliance", "army", "military", "opposition", "body",
    "administration", "embassy", "mission", "movement", "faction", "regime", "authorities", "service",
}
#: People who speak for their outlet: "AFP's correspondent" is AFP speaking.
OUTLET_PEOPLE = {"correspondent", "reporter", "journalist", "photographer", "spokesman", "spokeswoman",
                 "spokesperson"}

PRONOUNS_PERSON = {"he", "she", "him", "her"}
PRONOUNS_GROUP = {"they", "it", "we"}

#: Nouns that name a ceasefire.
CEASEFIRE_WORDS = ("cease-fire", "ceasefire", "truce", "humanitarian pause", "cessation of hostilities",
                   "armistice", "humanitarian window")
#: Nouns that name a meeting.
MEETING_WORDS = {"meeting", "talks", "summit", "conference", "negotiations", "session"}
#: Causes of death and injury.
CAUSE_WORDS = ("air strikes", "airstrikes", "air strike", "airstrike", "raids", "raid", "bombardment",
               "bombing", "shelling", "rocket fire", "rockets", "barrel bombs", "clashes", "fighting",
               "explosion", "car bomb", "suicide attack", "gunfire", "sniper fire", "mortar fire", "attack")
#: Groups named in a casualty breakdown ("including three children").
CASUALTY_NOUNS = ("civilians", "people", "children", "women", "men", "fighters", "soldiers", "rebels",
                  "combatants", "rescue workers", "policemen", "members", "persons", "residents",
                  "militants", "troops", "doctors", "journalists", "aid workers", "family members")

NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "another": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "dozen": 12,
}
