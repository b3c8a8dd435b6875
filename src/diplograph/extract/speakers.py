"""Who is who: the article's entities, and speakers resolved from names, pronouns and titles.

The :class:`Registry` holds the agents and places an article names — gazetteer entries first
(canonical label, kind, QID), then the NER's people, organizations and places; a surname alone
after a full name is that person. The :class:`SpeakerResolver` turns a source mention into the
agents that spoke: names through the registry, a capital or seat of power used as an actor to
the state it stands for ("Moscow said" → Russia), pronouns and titles ("he", "the minister",
"the devastated man") to the latest fitting speaker or person before, an indefinite "a monitoring
group" to the one named next, "AFP's correspondent" to AFP, and "the Kremlin and Lavrov" to both.
A source that is none of these ("experts", "the Trump team") speaks under its own words.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from diplograph.extract.lexicon import Lexicon, load_lexicon
from diplograph.extract.nlp import doc_text
from diplograph.link.gazetteer import Gazetteer, GazetteerEntry, name_key

_SPACY_KIND = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place", "FAC": "Place",
               "NORP": "Group"}
#: Pronouns that name a source once qualified ("someone in attendance", "those close to him",
#: "one of the organizers").
_QUALIFIED = frozenset({"someone", "somebody", "one", "those", "some", "several", "many", "few"})
AGENT_KINDS = {"Person", "Organization", "State", "GovernmentBody", "ArmedGroup", "NewsAgency"}
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "some", "many", "several", "other"}


@dataclass
class Referent:
    """An entity of the article: canonical label, kind, QID, and the forms the text uses."""

    label: str
    kind: str
    wikidata: str | None = None
    mentions: list[str] = field(default_factory=list)
    stands_for: str | None = None
    first: int = 0
    listed: bool = True  # False for a source that speaks under its own words ("experts")

    @property
    def is_agent(self) -> bool:
        return self.kind in AGENT_KINDS


@lru_cache(maxsize=4)
def _entries_by_key(gazetteer: Gazetteer) -> dict[str, GazetteerEntry]:
    return {e.key: e for e in gazetteer.entries}


class Registry:
    """The entities of one article, found by the ruler and the NER, keyed by canonical label."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.by_label: dict[str, Referent] = {}
        self._by_key: dict[str, Referent] = {}
        self._surname: dict[str, str] = {}

    def _remember(self, ref: Referent, mention: str) -> None:
        if mention and mention not in ref.mentions:
            ref.mentions.append(mention)
        for form in (ref.label, mention):
            key = name_key(form)
            if key:
                self._by_key.setdefault(key, ref)

    def add_entry(self, entry: GazetteerEntry, mention: str, at: int) -> Referent:
        """Register a gazetteer entry under the form the text uses."""
        ref = self.by_label.get(entry.label)
        if ref is None:
            ref = Referent(entry.label, entry.kind, entry.qid, [], entry.stands_for, at)
            self.by_label[entry.label] = ref
        elif not ref.listed:
            ref.listed = True
        self._remember(ref, mention)
        if entry.kind == "Person":
            self._surname[name_key(entry.label).split()[-1]] = entry.label
            for alias in entry.aliases:
                self._by_key.setdefault(name_key(alias), ref)
        return ref

    def add_span(self, ent: Span) -> Referent | None:
        """Register an entity span; gazetteer names first, then person names by surname."""
        mention = ent.text.strip()
        if len(mention) < 2 or not any(ch.isalpha() for ch in mention):
            return None
        entry = self._entry(ent)
        if entry is not None:
            return self.add_entry(entry, mention, ent.start_char)
        kind = _SPACY_KIND.get(ent.label_)
        if kind is None or kind == "Group":
            return None
        label = clean_label(mention)
        if not label:
            return None
        if (kind == "Organization" or (kind == "Person" and len(ent) == 1)) and _locative(ent) \
                and label not in self.by_label and name_key(label) not in self._surname:
            kind = "Place"  # "killed in Ghazni": the NER took an unknown town for an organization or a person
        words = name_key(label).split()
        if not words:
            return None
        surname = self._surname.get(name_key(label))
        if surname is not None:  # a surname alone after the full name, whatever the NER thought
            label, kind = surname, "Person"
        elif kind == "Person" and len(words) > 1 and not _title_only(words):
            self._surname.setdefault(words[-1], label)
        ref = self.by_label.get(label)
        if ref is None:
            ref = Referent(label, kind, None, [], None, ent.start_char)
            self.by_label[label] = ref
        self._remember(ref, mention)
        return ref

    def add_name(self, label: str, kind: str, at: int) -> Referent:
        """A name the NER missed or misread, known from its context (a title in apposition)."""
        ref = self.by_label.get(label)
        if ref is None:
            ref = Referent(label, kind, None, [], None, at)
            self.by_label[label] = ref
        if kind == "Person" and len(label.split()) > 1:
            self._surname.setdefault(name_key(label).split()[-1], label)
        self._remember(ref, label)
        return ref

    def add_speaker(self, label: str, kind: str, at: int) -> Referent:
        """A source that is no named entity ("experts", "the Trump team"): it speaks under its own words."""
        ref = self.by_label.get(label)
        if ref is None:
            ref = Referent(label, kind, None, [], None, at, listed=False)
            self.by_label[label] = ref
        self._remember(ref, label)
        return ref

    def _entry(self, ent: Span) -> GazetteerEntry | None:
        """The gazetteer entry an entity names, only where the name names one entry ("Dominican" does not)."""
        hits = self.gazetteer.lookup(ent.text)
        if len(hits) > 1:
            return None  # a wrong QID is worse than none
        if ent.ent_id_:
            hit = _entries_by_key(self.gazetteer).get(ent.ent_id_)
            if hit is not None:
                return hit
        return hits[0] if hits else None

    def find(self, text: str) -> Referent | None:
        """The referent a name denotes: the article's labels and mentions, the gazetteer, then surnames."""
        key = name_key(text)
        if not key:
            return None
        ref = self._by_key.get(key)
        if ref is not None:
            return ref
        hits = self.gazetteer.lookup(text)
        if len(hits) == 1:
            return self.add_entry(hits[0], text.strip(), -1)
        words = key.split()
        if words[-1] in self._surname:
            return self.by_label.get(self._surname[words[-1]])
        if len(words) == 1 and len(key) > 4:  # "the Observatory" for the Syrian Observatory …
            for ref in self.by_label.values():
                if ref.listed and ref.is_agent and ref.kind != "Person" and key in name_key(ref.label).split():
                    return ref
        return None

    def state_of(self, ref: Referent) -> Referent:
        """A capital or seat of power used as an actor stands for its state ('Moscow' → Russia)."""
        if ref.kind == "Place" and ref.stands_for and ref.stands_for != ref.wikidata:
            entry = self.gazetteer.by_qid(ref.stands_for)
            if entry is not None:
                return self.add_entry(entry, entry.label, -1)
        return ref

    def entities(self) -> list[Referent]:
        """The named entities in order of first mention (sources without a name left out)."""
        return sorted((r for r in self.by_label.values() if r.listed), key=lambda r: r.first)


_LOCATIVE = {"in", "at", "near", "outside", "across", "around", "from", "into", "to"}
_ORG_WORDS = {"ministry", "council", "committee", "party", "front", "army", "agency", "office", "department",
              "group", "union", "organization", "organisation", "bank", "court", "commission", "company"}


def _locative(ent: Span) -> bool:
    """An entity right after a preposition of place, with no word of an organization in it."""
    doc = ent.doc
    before = doc[ent.start - 1] if ent.start > 0 else None
    if before is None or before.lower_ not in _LOCATIVE or doc_text(doc)[ent.end_char:ent.end_char + 2] in ("'s", "\u2019s"):
        return False
    return not any(t.lower_ in _ORG_WORDS for t in ent)


def _title_only(words: list[str]) -> bool:
    return words[0] in ("mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen") and len(words) == 2


def clean_label(mention: str) -> str:
    """A name as a label: possessive and leading article dropped, spaces normalized."""
    words = mention.replace("\u2019s", "").replace("'s", "").split()
    while words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words)


#: Entity types a subject has that no pronoun refers back to as a speaker.
_NO_ANTECEDENT = frozenset({"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT"})


class SpeakerResolver:
    """Resolves source mentions to referents, remembering who spoke last."""

    def __init__(self, doc: Doc, registry: Registry, lexicon: Lexicon | None = None) -> None:
        self.doc = doc
        self.registry = registry
        self.lex = lexicon or load_lexicon()
        self.last_person: Referent | None = None
        self.last_group: Referent | None = None
        # every entity mention with its referent, in text order, for "the latest X before"
        self._mentions: list[tuple[int, Referent]] = []
        for ent in doc.ents:
            ref = registry.find(ent.text)
            if ref is not None and ref.is_agent:
                self._mentions.append((ent.start_char, ref))
        self._starts = [at for at, _ in self._mentions]

    def _mentioned_before(self, person: bool, before: int) -> Referent | None:
        """The latest agent of that kind named before an offset."""
        i = bisect_left(self._starts, before) - 1
        while i >= 0:
            ref = self._mentions[i][1]
            if (ref.kind == "Person") == person:
                return ref
            i -= 1
        return None

    def _mentioned_after(self, person: bool, after: int, window: int = 400) -> Referent | None:
        i = bisect_left(self._starts, after)
        while i < len(self._mentions) and self._mentions[i][0] <= after + window:
            ref = self._mentions[i][1]
            if (ref.kind == "Person") == person:
                return ref
            i += 1
        return None

    def resolve(self, source: Span | None, at: int, refers_to: Span | None = None) -> list[Referent]:
        """The speakers a source mention denotes; remembers them for later pronouns."""
        if source is None:
            return []
        speakers = self._resolve(refers_to if refers_to is not None else source, at)
        for ref in speakers:
            if ref.kind == "Person":
                self.last_person = ref
            else:
                self.last_group = ref
        return speakers

    def as_written(self, source: Span | None, at: int) -> list[Referent]:
        """A source that resolves to no entity, as its own words ("a spokeswoman for the campaign"):
        the statement keeps its speaker mention rather than being lost. Pronouns with nothing to
        refer back to stay unresolved."""
        if source is None:
            return []
        if source.root.lower_ in ("i", "we") and len(source) == 1:
            # outside quotation marks, the first person is the writer of the piece (a column, a letter)
            return [self.registry.add_speaker("the writer" if source.root.lower_ == "i" else "the writers", "Person", at)]
        qualified = source.root.lower_ in _QUALIFIED and any(
            c.dep_ in ("prep", "relcl", "acl", "amod") and source.start <= c.i < source.end for c in source.root.children)
        if (source.root.pos_ == "PRON" or source.root.lower_ in self.lex.pronouns) and not qualified:
            return []  # "someone in attendance", "those close to him" say who; "someone" alone does not
        tokens = [t for t in source if not t.is_punct and not t.is_space]
        comma = next((k for k, t in enumerate(tokens) if k and t.i < source.end - 1 and t.nbor(1).text == ","), None)
        if comma is not None and len(" ".join(t.text for t in tokens)) > 80:
            tokens = tokens[:comma + 1]  # a long mention's name is what comes before its first apposition
        if not tokens:
            return []
        ref = self._generic(tokens, source.root, at)
        if ref is None:
            label = clean_label(" ".join(t.text for t in tokens))
            if not label or len(label) > 80 or not any(c.isalpha() for c in label):
                return []
            kind = "Person" if any(t.ent_type_ == "PERSON" for t in tokens) else "Organization"
            ref = self.registry.add_speaker(label, kind, at)
        return [ref]

    def _resolve(self, source: Span, at: int) -> list[Referent]:
        head = source.root
        low = head.lower_
        if head.pos_ == "PRON" or low in self.lex.pronouns:
            refers = self.lex.pronouns.get(low)
            if refers == "person":
                ref = self.last_person or self._mentioned_before(True, at) or self._antecedent(source, True)
                return [ref] if ref else []
            if refers == "group":
                ref = self.last_group or self._mentioned_before(False, at) or self._antecedent(source, False)
                return [ref] if ref else []
            return []
        # co-speakers: "the Kremlin and Foreign Minister Sergei Lavrov"
        parts = [head] + [t for t in head.conjuncts if source.start <= t.i < source.end and t.i > head.i]
        found: list[Referent] = []
        for part in parts:
            ref = self._resolve_phrase(source, part, at)
            if ref is not None and ref not in found:
                found.append(ref)
        return found

    def _resolve_phrase(self, source: Span, head: Token, at: int) -> Referent | None:
        doc = self.doc
        # the tokens of this conjunct, without the other conjuncts and without appositions
        skip = {t.i for c in head.children if c.dep_ in ("conj", "cc", "appos", "relcl", "acl") for t in c.subtree}
        tokens = [t for t in head.subtree if source.start <= t.i < source.end and t.i not in skip]
        ids = {t.i for t in tokens}
        ents = [e for e in doc.ents if e.start >= source.start and e.end <= source.end and any(i in ids for i in range(e.start, e.end))]
        refers = self.lex.referring_nouns.get(head.lemma_.lower()) or self.lex.referring_nouns.get(head.lower_)
        poss = next((c for c in head.children if c.dep_ == "poss"), None)
        if refers == "outlet" and poss is not None:  # "AFP's correspondent": the outlet speaks
            ref = self.registry.find(poss.text)
            if ref is not None and ref.kind != "Person":
                return ref
        people = [e for e in ents if e.label_ == "PERSON" and e.start <= head.i < e.end]
        if people:
            return self.registry.find(people[0].text) or self.registry.add_span(people[0])
        if refers in ("person", "outlet") and not head.ent_type_:
            named = self._named_in_apposition(head, source)
            if named is not None:  # "A Taliban spokesman, Qari Yusuf,": the name in apposition
                return named
        head_ents = [e for e in ents if e.start <= head.i < e.end and e.label_ != "NORP"]
        if head_ents and poss is not None and poss.i < head_ents[0].start and not self.registry.gazetteer.lookup(head_ents[0].text):
            # "Afghanistan's foreign ministry": a body named by its owner, not "foreign ministry" of anyone
            return self._generic(tokens, head, at)
        if head_ents:
            ref = self.registry.find(head_ents[0].text) or self.registry.add_span(head_ents[0])
            if ref is not None:
                return self.registry.state_of(ref) if ref.kind == "Place" else ref
        if head.pos_ == "PROPN":
            names = " ".join(t.text for t in tokens if t.pos_ == "PROPN")
            ref = self.registry.find(names)
            if ref is not None:
                return self.registry.state_of(ref)
        det = next((c.lower_ for c in head.children if c.dep_ == "det"), "")
        if refers in ("person", "outlet") and not (ents and any(e.label_ in ("ORG", "GPE", "NORP") for e in ents)
                                                   and head.tag_ in ("NNS", "NNPS")):
            if head.tag_ in ("NNS", "NNPS"):
                return self._generic(tokens, head, at)  # "officials", "two senior diplomats"
            if det in ("a", "an"):  # "a senior diplomat said …" is named further on
                return self._mentioned_after(True, source.end_char) or self._generic(tokens, head, at)
            return self.last_person or self._mentioned_before(True, at) or self._generic(tokens, head, at)
        if refers == "group":
            if det in ("a", "an"):  # "a monitoring group said" names it later
                return self._mentioned_after(False, source.end_char) or self._generic(tokens, head, at)
            has_name = any(t.pos_ == "PROPN" or bool(t.ent_type_) for t in tokens if t.i != head.i)
            if poss is not None and poss.lower_ in ("his", "her") and not has_name:
                # "his office said": the office of the person last named, not the last group named
                owner = self.last_person or self._mentioned_before(True, at)
                words = " ".join(t.text for t in tokens if t.i > poss.i)
                return self.registry.add_speaker(f"{owner.label}'s {words}", "Organization", at) if owner and words \
                    else self._generic(tokens, head, at)
            if (det in ("the", "this", "that") or poss is not None) and not has_name:
                ref = self.last_group or self._mentioned_before(False, at)
                if ref is not None:
                    return ref
        if people or head_ents:
            return None
        return self._generic(tokens, head, at)

    def _named_in_apposition(self, head: Token, source: Span) -> Referent | None:
        for c in head.children:
            if c.dep_ != "appos" or not (source.start <= c.i < source.end):
                continue
            name = [t for t in c.subtree if t.i <= c.i and t.pos_ == "PROPN"]
            if not name or name[-1].i != c.i:
                continue
            ents = [e for e in self.doc.ents if e.start <= c.i < e.end]
            if ents and ents[0].label_ == "PERSON":
                return self.registry.find(ents[0].text) or self.registry.add_span(ents[0])
            if len(name) >= 2 and not (ents and self.registry.gazetteer.lookup(ents[0].text)):
                # the NER took the name for something else; the title before it says it is a person
                return self.registry.add_name(" ".join(t.text for t in name), "Person", name[0].idx)
        return None

    def _antecedent(self, pronoun: Span, person: bool, sentences: int = 3) -> Referent | None:
        """What a pronoun refers to when no entity was recognized before it: the subject of a clause
        in its sentence or the few before, nearest first — a name the tagger did not know ("Viguerie
        … he"), or for "it"/"they" a noun ("the campaign … it"). Never a pronoun or a quoted word."""
        doc = self.doc
        first = pronoun.sent.start
        for _ in range(sentences):
            if first == 0:
                break
            first = doc[first - 1].sent.start
        for tok in reversed(doc[first:pronoun.start]):
            if tok.dep_ not in ("nsubj", "nsubjpass") or tok.ent_type_ in _NO_ANTECEDENT \
                    or (person and tok.ent_type_ == "GPE"):
                continue
            if person and not (tok.pos_ == "PROPN" or tok.ent_type_ == "PERSON"
                               or self.lex.referring_nouns.get(tok.lemma_.lower()) == "person"):
                continue
            if not person and (tok.pos_ not in ("NOUN", "PROPN") or tok.ent_type_ == "PERSON"
                               or (tok.tag_ in ("NNS", "NNPS")) != (pronoun.root.lower_ in ("they", "them", "their"))):
                continue
            words = [t for t in doc[tok.left_edge.i:tok.i + 1] if t.dep_ in ("compound", "det", "amod", "poss")
                     or t.i == tok.i]
            return self._generic(words, tok, tok.idx)
        return None

    def _generic(self, tokens: list[Token], head: Token, at: int) -> Referent | None:
        """A source that names no entity speaks under its own words: "experts", "the Trump team"."""
        if head.pos_ not in ("NOUN", "PROPN", "NUM") or (not head.is_alpha and head.pos_ != "NUM"):
            return None
        words = [t for t in sorted(tokens, key=lambda t: t.i) if not t.is_punct and not t.is_space]
        while words and words[0].lower_ in _DETERMINERS:
            words = words[1:]
        label = " ".join(t.text for t in words).replace(" 's", "'s").replace(" \u2019s", "\u2019s")
        if not label or len(label) > 80:
            return None
        kind = "Person" if head.ent_type_ == "PERSON" or (
            self.lex.referring_nouns.get(head.lemma_.lower()) == "person" and head.tag_ in ("NN", "NNP")) else "Organization"
        return self.registry.add_speaker(label, kind, at)
